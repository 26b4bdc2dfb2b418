"""Routing lines between nodes around everything already drawn.

A cheapest path on a grid (A*) from one node's centre to the other's: other nodes, badges
and labels are walls; running along a line already drawn is dear (crossing it is cheap);
running along the triangle's own lines costs a little. The path is then pulled straight
wherever that is no dearer (line of sight) and clipped at the two outlines, so a line is
straight when nothing is in the way and otherwise bends only where it must. Ties are
broken in a fixed order: the same figure always gets the same lines.

>>> from activity_systems.render.geometry import Point, Shape
>>> from activity_systems.render.obstacles import Obstacles
>>> a, b = Shape(Point(0, 0), 60, 30), Shape(Point(300, 0), 60, 30)
>>> [(round(p.x), round(p.y)) for p in route(a, b, Obstacles([a.rect, b.rect], []))]
[(33, 0), (267, 0)]
>>> wall = Shape(Point(150, 0), 40, 100)
>>> path = route(a, b, Obstacles([a.rect, b.rect, wall.rect], []))
>>> len(path) > 2, any(wall.rect.inflate(4).contains(p) for p in path)
(True, False)
"""

from __future__ import annotations

import heapq
import itertools
import math
from array import array
from collections.abc import Sequence

from activity_systems.render.geometry import Point, Rect, Shape, bounds, path_length
from activity_systems.render.obstacles import Obstacles

CELL = 8.0
_REACH = 90.0  # how far outside everything a line may go
_WALL_MARGIN = 8.0
_NEAR = 7.0  # a cell this close to a line is "on" it
_LINE_COST = 1.5  # extra cost, per unit length, of lying on a routed line
_GUIDE_COST = 0.1  # ... on one of the triangle's own lines
_LENIENCY = 1.2  # a straight segment may cost this much more than the path it replaces
_DIAGONAL = math.sqrt(2)
_STEPS = tuple(
    (dc, dr, _DIAGONAL if dc and dr else 1.0)
    for dc, dr in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
)

Cell = tuple[int, int]


class _Grid:
    """Walls and costs on a grid of ``CELL``-point squares over the figure."""

    def __init__(self, a: Shape, b: Shape, obstacles: Obstacles) -> None:
        area = bounds([a.rect, b.rect, *obstacles.rects]).inflate(_REACH)
        self.left, self.bottom = area.left, area.bottom
        self.cols = int(area.width / CELL) + 1
        self.rows = int(area.height / CELL) + 1
        self.wall = bytearray(self.cols * self.rows)
        self.cost = array("d", bytes(8 * self.cols * self.rows))
        for rect in obstacles.rects:
            if rect not in (a.rect, b.rect):
                self._mark_rect(rect.inflate(_WALL_MARGIN), 1)
        for shape in (a, b):  # the two ends are open, with the margin around them
            self._mark_rect(shape.rect.inflate(_WALL_MARGIN + CELL), 0)
        for line in obstacles.lines:
            self._mark_line(line, _LINE_COST)
        for line in obstacles.guides:
            self._mark_line(line, _GUIDE_COST)

    def cell(self, point: Point) -> Cell:
        col = min(self.cols - 1, max(0, int((point.x - self.left) / CELL)))
        row = min(self.rows - 1, max(0, int((point.y - self.bottom) / CELL)))
        return col, row

    def centre(self, cell: Cell) -> Point:
        return Point(self.left + (cell[0] + 0.5) * CELL, self.bottom + (cell[1] + 0.5) * CELL)

    def _span(self, low: float, high: float, origin: float, count: int) -> range:
        start = max(0, int((low - origin) / CELL))
        stop = min(count, int((high - origin) / CELL) + 1)
        return range(start, stop)

    def _mark_rect(self, rect: Rect, value: int) -> None:
        for row in self._span(rect.bottom, rect.top, self.bottom, self.rows):
            y = self.bottom + (row + 0.5) * CELL
            if not rect.bottom <= y <= rect.top:
                continue
            for col in self._span(rect.left, rect.right, self.left, self.cols):
                if rect.left <= self.left + (col + 0.5) * CELL <= rect.right:
                    self.wall[row * self.cols + col] = value

    def _mark_line(self, line: Sequence[Point], weight: float) -> None:
        near = _NEAR * _NEAR
        for p, q in itertools.pairwise(line):
            dx, dy = q.x - p.x, q.y - p.y
            size = dx * dx + dy * dy or 1.0
            rows = self._span(min(p.y, q.y) - _NEAR, max(p.y, q.y) + _NEAR, self.bottom, self.rows)
            cols = self._span(min(p.x, q.x) - _NEAR, max(p.x, q.x) + _NEAR, self.left, self.cols)
            for row in rows:
                y = self.bottom + (row + 0.5) * CELL - p.y
                for col in cols:
                    x = self.left + (col + 0.5) * CELL - p.x
                    t = max(0.0, min(1.0, (x * dx + y * dy) / size))
                    ex, ey = x - t * dx, y - t * dy
                    index = row * self.cols + col
                    if ex * ex + ey * ey < near and self.cost[index] < weight:
                        self.cost[index] = weight

    def search(self, start: Cell, goal: Cell) -> list[Cell]:
        """Cheapest 8-connected path of cells, or ``[]`` when walls cut the ends apart."""
        cols, rows, wall, cost = self.cols, self.rows, self.wall, self.cost
        best = array("d", [math.inf]) * (cols * rows)
        came = array("l", [-1]) * (cols * rows)
        begin, end = start[1] * cols + start[0], goal[1] * cols + goal[0]
        goal_col, goal_row = goal
        best[begin] = 0.0
        queue: list[tuple[float, int, int]] = [(0.0, 0, begin)]
        counter = 0
        while queue:
            estimate, _, here = heapq.heappop(queue)
            if here == end:
                path = [here]
                while came[path[-1]] != -1:
                    path.append(came[path[-1]])
                return [(index % cols, index // cols) for index in reversed(path)]
            so_far = best[here]
            col0, row0 = here % cols, here // cols
            if estimate > so_far + math.hypot(col0 - goal_col, row0 - goal_row) + 1e-9:
                continue  # a stale entry: this cell was reached more cheaply since
            for dc, dr, length in _STEPS:
                col, row = col0 + dc, row0 + dr
                if not (0 <= col < cols and 0 <= row < rows):
                    continue
                index = row * cols + col
                if wall[index]:
                    continue
                new = so_far + length * (1.0 + cost[index])
                if new < best[index]:
                    best[index] = new
                    came[index] = here
                    counter += 1
                    heuristic = math.hypot(col - goal_col, row - goal_row)
                    heapq.heappush(queue, (new + heuristic, counter, index))
        return []

    def walk(self, p: Point, q: Point) -> float | None:
        """What going straight from ``p`` to ``q`` costs (in cells), ``None`` through a wall."""
        length = (q - p).length() / CELL
        steps = max(1, math.ceil(length * 2))
        extra = 0.0
        for i in range(steps + 1):
            col, row = self.cell(p + (q - p) * (i / steps))
            index = row * self.cols + col
            if self.wall[index]:
                return None
            extra += self.cost[index]
        return length * (1.0 + extra / (steps + 1))


def _corners(cells: list[Cell]) -> list[Cell]:
    """The cells where the path turns, and its ends."""
    out = [cells[0]]
    for before, here, after in zip(cells, cells[1:], cells[2:], strict=False):
        if (here[0] - before[0], here[1] - before[1]) != (after[0] - here[0], after[1] - here[1]):
            out.append(here)
    if len(cells) > 1:
        out.append(cells[-1])
    return out


def _straighten(grid: _Grid, points: list[Point]) -> list[Point]:
    """Replace runs of the path by straight segments where that is no dearer."""
    walked = [0.0]
    for p, q in itertools.pairwise(points):
        walked.append(walked[-1] + (grid.walk(p, q) or 0.0))
    out = [points[0]]
    i = 0
    while i < len(points) - 1:
        j = i + 1
        for k in range(len(points) - 1, i + 1, -1):
            direct = grid.walk(points[i], points[k])
            if direct is not None and direct <= (walked[k] - walked[i]) * _LENIENCY + 3:
                j = k
                break
        out.append(points[j])
        i = j
    return out


def _clip(points: list[Point], a: Shape, b: Shape, margin: float) -> list[Point]:
    """The part of the path between the two outlines."""
    first = next((k for k, p in enumerate(points) if not a.contains(p, margin)), None)
    last = next(
        (k for k in range(len(points) - 1, -1, -1) if not b.contains(points[k], margin)), None
    )
    if first is None or last is None or first > last:
        return []
    start = a.exit(points[first - 1] if first else a.center, points[first], margin)
    end = b.exit(points[last + 1] if last + 1 < len(points) else b.center, points[last], margin)
    return [start, *points[first : last + 1], end]


def _merge_close(points: list[Point]) -> list[Point]:
    """Drop inner vertices closer than two cells to the previous one (left by clipping)."""
    out = [points[0]]
    for point in points[1:-1]:
        if (point - out[-1]).length() >= 2 * CELL:
            out.append(point)
    if len(out) > 1 and (points[-1] - out[-1]).length() < 2 * CELL:
        out.pop()
    out.append(points[-1])
    return out


def route(a: Shape, b: Shape, obstacles: Obstacles, *, margin: float = 3.0) -> list[Point]:
    """A polyline from the outline of ``a`` to the outline of ``b`` that keeps clear of
    ``obstacles``; straight when nothing is in the way. When walls cut the two apart,
    the straight line is used."""
    straight = [a.exit(a.center, b.center, margin), b.exit(b.center, a.center, margin)]
    grid = _Grid(a, b, obstacles)
    cells = grid.search(grid.cell(a.center), grid.cell(b.center))
    if not cells:
        return straight
    corners = _corners(cells)
    points = [a.center, *(grid.centre(c) for c in corners[1:-1]), b.center]
    clipped = _clip(_straighten(grid, points), a, b, margin)
    if len(clipped) < 2 or path_length(clipped) < 2 * CELL:
        return straight
    return _merge_close(clipped)
