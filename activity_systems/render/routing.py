"""Routing lines between nodes around everything already drawn.

A cheapest path on a grid (A*) from one node's centre to the other's: other nodes,
badges and labels are walls; running along a line already drawn is dear (crossing it is
cheap), and running close beside one, within the extent of what is drawn, less so;
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
import weakref
from collections.abc import Callable, Iterator, Sequence

from activity_systems.render.deadline import check
from activity_systems.render.geometry import Point, Rect, Shape, bounds, path_length
from activity_systems.render.obstacles import Obstacles

CELL = 8.0
_REACH = 60.0  # how far outside everything a line may go
_WALL_MARGIN = 8.0
_TIGHT_MARGIN = 6.0  # walls round nodes and tags when those of _WALL_MARGIN leave no way
_ROOM_COST = 20.0  # extra cost, per unit length, of crossing room kept round a mark there
_WALL_COST = 200.0  # ... and of crossing a node or tag, where even those leave no way
_NEAR = 7.0  # a cell this close to a line is "on" it
_LINE_COST = 1.5  # extra cost, per unit length, of lying on a routed line
# ... and of running beside one, this close but not on it, within the extent of what is
# drawn (outside it, lines that ran further apart would make the figure larger): two
# cells apart, lines leave room between them for a bolt's zig-zag
_BESIDE = 12.0
_BESIDE_COST = 0.8
_GUIDE_COST = 0.1  # ... on one of the triangle's own lines
_LENIENCY = 1.2  # a straight segment may cost this much more than the path it replaces
_DIAGONAL = math.sqrt(2)

Cell = tuple[int, int]


class _Base:
    """Walls and costs of everything drawn so far, on a grid of ``CELL``-point squares over
    an area, with a border of walls one cell wide around it (so that a step never needs
    a bounds check). Kept with the figure's obstacles and brought up to date as they grow:
    each route then marks only what was drawn since the one before.

    ``step[i]`` is what entering cell ``i`` costs per unit of length: infinite on a wall,
    else one plus the cost of the lines there (``open[i]``, walls or not). ``frame`` is
    the extent of what was drawn when the grid was made: only within it does running
    beside a line cost more."""

    def __init__(self, left: float, bottom: float, cols: int, rows: int, frame: Rect) -> None:
        self.left, self.bottom, self.cols, self.rows = left, bottom, cols, rows
        self.frame = frame.left, frame.right, frame.bottom, frame.top
        self.stride = cols + 2
        size = self.stride * (rows + 2)
        # Plain lists rather than arrays: reading a list hands back the float it holds,
        # where reading an array builds a new one, and the search reads these most.
        self.cost = [0.0] * size
        self.open = [math.inf] * size
        ones = [1.0] * cols
        for row in range(rows):
            start = self.index(0, row)
            self.open[start : start + cols] = ones
        self.step = self.open[:]
        # the centres of the columns and rows, as the marking computes them
        self.xs = [left + (col + 0.5) * CELL for col in range(cols)]
        self.ys = [bottom + (row + 0.5) * CELL for row in range(rows)]
        self.marked = (0, 0, 0)  # rects, lines and guides of the obstacles marked so far

    def key(self) -> tuple[float, float, int, int]:
        return self.left, self.bottom, self.cols, self.rows

    def update(self, obstacles: Obstacles) -> None:
        rects, lines, guides = self.marked
        for rect in obstacles.rects[rects:]:
            for start, stop in self.rows_in(rect.inflate(_WALL_MARGIN)):
                self.step[start:stop] = [math.inf] * (stop - start)
        for line in obstacles.lines[lines:]:
            self._mark_line(line, _LINE_COST, _BESIDE_COST)
        for line in obstacles.guides[guides:]:
            self._mark_line(line, _GUIDE_COST)
        self.marked = (len(obstacles.rects), len(obstacles.lines), len(obstacles.guides))

    def index(self, col: int, row: int) -> int:
        return (row + 1) * self.stride + col + 1

    def _span(self, low: float, high: float, origin: float, count: int) -> range:
        start = max(0, int((low - origin) / CELL))
        stop = min(count, int((high - origin) / CELL) + 1)
        return range(start, stop)

    def rows_in(self, rect: Rect) -> Iterator[tuple[int, int]]:
        """The cells whose centres lie in ``rect``, row by row, as slices of the grid."""
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        xs, ys, stride = self.xs, self.ys, self.stride
        # The centres grow with the column, so those in the rect are a run of columns:
        # its first and last are found stepping in from the two ends of the span (the
        # same two that a list of the span's columns in the rect began and ended with).
        span = self._span(left, right, self.left, self.cols)
        first, last = span.start, span.stop - 1
        while first <= last and not left <= xs[first] <= right:
            first += 1
        while last > first and not left <= xs[last] <= right:
            last -= 1
        if first > last:
            return
        for row in self._span(bottom, top, self.bottom, self.rows):
            if bottom <= ys[row] <= top:
                start = (row + 1) * stride + 1  # self.index(0, row), written out
                yield start + first, start + last + 1

    def _mark_line(self, line: Sequence[Point], weight: float, beside: float = 0.0) -> None:
        """Mark the cells within :data:`_NEAR` of ``line`` as costing ``weight`` more, and
        with ``beside``, those further out but within :data:`_BESIDE` and the frame as
        costing that more; a cell keeps the dearest cost marked on it."""
        # The arithmetic is that of the plain form (a cell's centre minus the segment's
        # start, clamped projections, _span's bounds), with min() and max() written out as
        # comparisons that pick the same value, and the centres of the cells from a table.
        near = _NEAR * _NEAR
        reach = _BESIDE if beside else _NEAR
        far = reach * reach
        inf = math.inf
        cost, step, open_, stride = self.cost, self.step, self.open, self.stride
        left, bottom, cols, rows = self.left, self.bottom, self.cols, self.rows
        xs, ys = self.xs, self.ys
        dear = 1.0 + weight
        less_dear = 1.0 + beside
        frame_left, frame_right, frame_bottom, frame_top = self.frame
        for p, q in itertools.pairwise(line):
            px, py, qx, qy = p.x, p.y, q.x, q.y
            dx, dy = qx - px, qy - py
            size = dx * dx + dy * dy or 1.0
            # min(px, qx) and max(px, qx), and the same of the y's
            x_low = qx if qx < px else px
            x_high = qx if qx > px else px
            y_low = qy if qy < py else py
            y_high = qy if qy > py else py
            first = int((y_low - reach - bottom) / CELL)
            last = int((y_high + reach - bottom) / CELL) + 1
            for row in range(first if first > 0 else 0, last if last < rows else rows):
                # running beside a line costs more only within the frame
                framed = beside > 0.0 and frame_bottom <= ys[row] <= frame_top
                span = reach if framed else _NEAR
                y = ys[row] - py
                ydy = y * dy
                # only cells beside the stretch of the segment within reach of this row
                low, high = x_low, x_high
                if dy:
                    f0 = (y - span) / dy
                    f0 = f0 if f0 > 0.0 else 0.0
                    f1 = (y + span) / dy
                    f1 = f1 if f1 > 0.0 else 0.0
                    x0 = px + dx * (f0 if f0 < 1.0 else 1.0)
                    x1 = px + dx * (f1 if f1 < 1.0 else 1.0)
                    low = x1 if x1 < x0 else x0
                    high = x1 if x1 > x0 else x0
                start = (row + 1) * stride + 1
                c0 = int((low - span - 1 - left) / CELL)
                c1 = int((high + span + 1 - left) / CELL) + 1
                for col in range(c0 if c0 > 0 else 0, c1 if c1 < cols else cols):
                    index = start + col
                    held = cost[index]
                    if held >= weight:
                        continue  # as dear already (often from the segment before)
                    x = xs[col] - px
                    t = (x * dx + ydy) / size
                    t = t if t < 1.0 else 1.0
                    t = t if t > 0.0 else 0.0
                    ex, ey = x - t * dx, y - t * dy
                    gap = ex * ex + ey * ey
                    if gap < near:
                        cost[index] = weight
                        open_[index] = dear
                        if step[index] != inf:
                            step[index] = dear
                    elif (
                        framed
                        and gap < far
                        and held < beside
                        and frame_left <= xs[col] <= frame_right
                    ):
                        cost[index] = beside
                        open_[index] = less_dear
                        if step[index] != inf:
                            step[index] = less_dear


#: The grid of each figure's obstacles, while the figure is being drawn.
_BASES: weakref.WeakKeyDictionary[Obstacles, _Base] = weakref.WeakKeyDictionary()


class _Grid:
    """The figure's walls and costs for one route.

    The usual grid (``kind="wide"``) has walls :data:`_WALL_MARGIN` round every node and
    tag, the two ends open with that margin round them (what else lies there stays
    closed). Where those walls cut the ends apart, a ``"tight"`` grid has its walls only
    :data:`_TIGHT_MARGIN` round the other nodes and tags, and the room kept round marks
    (see :meth:`Obstacles.add_room`) dear to cross rather than closed; where even those
    do, a ``"soft"`` grid has no walls, only nodes and tags far dearer to cross than
    anything else, the smaller ones (numbers, labels) the cheaper, so that a line
    hemmed in all round passes under as little as it can."""

    def __init__(self, a: Shape, b: Shape, obstacles: Obstacles, *, kind: str = "wide") -> None:
        area = bounds([a.rect, b.rect, *obstacles.rects]).inflate(_REACH)
        cols, rows = int(area.width / CELL) + 1, int(area.height / CELL) + 1
        base = _BASES.get(obstacles)
        if base is None or base.key() != (area.left, area.bottom, cols, rows):
            frame = area.inflate(-_REACH)
            base = _BASES[obstacles] = _Base(area.left, area.bottom, cols, rows, frame)
        base.update(obstacles)
        self.base = base
        self.left, self.bottom, self.cols, self.rows = area.left, area.bottom, cols, rows
        self.cost = base.cost
        if kind == "wide":
            self.step = step = base.step[:]
            for shape in (a, b):
                opened = shape.rect.inflate(_WALL_MARGIN + CELL)
                for start, stop in base.rows_in(opened):
                    step[start:stop] = base.open[start:stop]
                for rect in obstacles.under(opened, rooms=False):
                    if not _is_end(rect, a, b):
                        for start, stop in base.rows_in(rect):
                            step[start:stop] = [math.inf] * (stop - start)
            return
        self.step = step = base.open[:]
        for index, rect in enumerate(obstacles.rects):
            if _is_end(rect, a, b):
                continue
            room = obstacles.is_room(index)
            if kind == "tight" and not room:
                for start, stop in base.rows_in(rect.inflate(_TIGHT_MARGIN)):
                    step[start:stop] = [math.inf] * (stop - start)
                continue
            # dearer to cross per point the larger it is: a line hemmed in passes under
            # a number rather than across a node
            extra = _ROOM_COST if room else _WALL_COST * _weight(rect)
            for start, stop in base.rows_in(rect if room else rect.inflate(_TIGHT_MARGIN)):
                for cell in range(start, stop):
                    step[cell] += extra
        # what a straight walk costs counts the same (a step costs one plus the cost)
        self.cost = [value - 1.0 for value in step]

    def cell(self, point: Point) -> Cell:
        col = min(self.cols - 1, max(0, int((point.x - self.left) / CELL)))
        row = min(self.rows - 1, max(0, int((point.y - self.bottom) / CELL)))
        return col, row

    def centre(self, cell: Cell) -> Point:
        return Point(self.left + (cell[0] + 0.5) * CELL, self.bottom + (cell[1] + 0.5) * CELL)

    def search(self, start: Cell, goal: Cell) -> list[Cell]:
        """Cheapest 8-connected path of cells, or ``[]`` when walls cut the ends apart."""
        stride, step = self.base.stride, self.step
        size = len(step)
        best = [math.inf] * size
        came = [-1] * size
        # the estimate of the rest of the way from each cell (its straight distance to
        # the goal, in cells), as last pushed: the same float each time for a cell, so
        # the test for a stale entry reads it back instead of working it out again
        rest = [0.0] * size
        begin, end = self.base.index(*start), self.base.index(*goal)
        goal_col, goal_row = goal[0] + 1, goal[1] + 1
        hypot, push, pop = math.hypot, heapq.heappush, heapq.heappop
        diagonal = _DIAGONAL
        best[begin] = 0.0
        rest[begin] = hypot(begin % stride - goal_col, begin // stride - goal_row)
        queue: list[tuple[float, int, int]] = [(0.0, 0, begin)]
        counter = 0
        while queue:
            estimate, _, here = pop(queue)
            if here == end:
                path = [here]
                while came[path[-1]] != -1:
                    path.append(came[path[-1]])
                return [(index % stride - 1, index // stride - 1) for index in reversed(path)]
            so_far = best[here]
            if estimate > so_far + rest[here] + 1e-9:
                continue  # a stale entry: this cell was reached more cheaply since
            row0 = here // stride  # divmod() written out
            x0, y0 = here - row0 * stride - goal_col, row0 - goal_row
            # The eight moves, written out in the order the search has always tried them
            # (ties go to the first), as (column, row) steps: (1, 0), (-1, 0), (0, 1),
            # (0, -1), then the diagonals (1, 1), (1, -1), (-1, 1), (-1, -1). This loop
            # is most of the time of a figure. A straight move costs step[index] (1.0
            # times it, which is the same float), a diagonal one _DIAGONAL times it. A
            # wall (or the border) costs infinitely much, so is never entered.
            index = here + 1
            new = so_far + step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 + 1, y0)
                push(queue, (new + h, counter, index))
            index = here - 1
            new = so_far + step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 - 1, y0)
                push(queue, (new + h, counter, index))
            index = here + stride
            new = so_far + step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0, y0 + 1)
                push(queue, (new + h, counter, index))
            index = here - stride
            new = so_far + step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0, y0 - 1)
                push(queue, (new + h, counter, index))
            index = here + stride + 1
            new = so_far + diagonal * step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 + 1, y0 + 1)
                push(queue, (new + h, counter, index))
            index = here - stride + 1
            new = so_far + diagonal * step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 + 1, y0 - 1)
                push(queue, (new + h, counter, index))
            index = here + stride - 1
            new = so_far + diagonal * step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 - 1, y0 + 1)
                push(queue, (new + h, counter, index))
            index = here - stride - 1
            new = so_far + diagonal * step[index]
            if new < best[index]:
                best[index] = new
                came[index] = here
                counter += 1
                rest[index] = h = hypot(x0 - 1, y0 - 1)
                push(queue, (new + h, counter, index))
        return []

    @staticmethod
    def length(p: Point, q: Point) -> float:
        """The length of a straight walk from ``p`` to ``q``, in cells."""
        return math.hypot(q.x - p.x, q.y - p.y) / CELL

    def walk(self, p: Point, q: Point, limit: float = math.inf) -> float | None:
        """What going straight from ``p`` to ``q`` costs (in cells), ``None`` through a wall
        or, with a ``limit``, as soon as it is sure to cost more than that."""
        dx, dy = q.x - p.x, q.y - p.y
        length = math.hypot(dx, dy) / CELL
        steps = max(1, math.ceil(length * 2))
        # the walk costs length * (1 + extra / (steps + 1)): more than the limit once extra
        # passes this (allowing for rounding)
        most = (limit / length - 1.0) * (steps + 1) * (1 + 1e-9) + 1e-9 if length else math.inf
        left, bottom, last_col, last_row = self.left, self.bottom, self.cols - 1, self.rows - 1
        stride, step, cost, px, py = self.base.stride, self.step, self.cost, p.x, p.y

        inf = math.inf
        # Walls are several samples wide: a look at every fourth sample finds most of them
        # at a quarter of the cost, and a walk through a wall is all the same where. The
        # cell of each sample is that of p + (q - p) * (i / steps), computed as Point's
        # arithmetic does and kept on the grid (min() written out as a comparison).
        extra = 0.0
        for look in (4, 1):
            for i in range(0, steps + 1, look):
                fraction = i / steps
                col = int((px + dx * fraction - left) / CELL)
                row = int((py + dy * fraction - bottom) / CELL)
                col = (col if col < last_col else last_col) if col > 0 else 0
                row = (row if row < last_row else last_row) if row > 0 else 0
                index = (row + 1) * stride + col + 1
                if step[index] == inf:
                    return None
                if look == 1:
                    extra += cost[index]
                    if extra > most:
                        return None
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
            allowed = (walked[k] - walked[i]) * _LENIENCY + 3
            if grid.length(points[i], points[k]) > allowed:
                continue  # a straight walk costs at least its length
            direct = grid.walk(points[i], points[k], allowed)
            if direct is not None and direct <= allowed:
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
        return _clip_outside(points, a, b, margin)
    start = a.exit(points[first - 1] if first else a.center, points[first], margin)
    end = b.exit(points[last + 1] if last + 1 < len(points) else b.center, points[last], margin)
    clipped = [start, *points[first : last + 1], end]
    if _enters(clipped, a, b):
        return _clip_outside(points, a, b, margin)
    return clipped


def _enters(points: Sequence[Point], *shapes: Shape) -> bool:
    """Whether the polyline runs inside any of the ``shapes``' outlines anywhere."""
    return any(
        shape.chord(p, q) is not None for p, q in itertools.pairwise(points) for shape in shapes
    )


def _clip_outside(points: list[Point], a: Shape, b: Shape, margin: float) -> list[Point]:
    """The part of the path from where it last leaves ``a`` (grown by ``margin``) to where
    it first reaches ``b`` after that: for a path that runs back across an end's own
    outline, which the grid leaves open around it."""
    exits = [
        (k, chord[1])
        for k, (p, q) in enumerate(itertools.pairwise(points))
        if (chord := a.chord(p, q, margin)) is not None
    ]
    if not exits:
        return []
    first, fraction = exits[-1]
    start = points[first] + (points[first + 1] - points[first]) * fraction
    tail = start
    for k in range(first, len(points) - 1):
        chord = b.chord(tail, points[k + 1], margin)
        if chord is not None:
            end = tail + (points[k + 1] - tail) * chord[0]
            return [start, *points[first + 1 : k + 1], end]
        tail = points[k + 1]
    return []


def _merge_close(points: list[Point], crosses: Callable[[Point, Point], bool]) -> list[Point]:
    """Drop inner vertices closer than two cells to the previous one (left by clipping),
    where the shortcut that makes ``crosses`` nothing."""
    out = [points[0]]
    for k in range(1, len(points) - 1):
        if (points[k] - out[-1]).length() >= 2 * CELL or crosses(out[-1], points[k + 1]):
            out.append(points[k])
    if (
        len(out) > 1
        and (points[-1] - out[-1]).length() < 2 * CELL
        and not crosses(out[-2], points[-1])
    ):
        out.pop()
    out.append(points[-1])
    return out


def route(a: Shape, b: Shape, obstacles: Obstacles, *, margin: float = 3.0) -> list[Point]:
    """A polyline from the outline of ``a`` to the outline of ``b`` that keeps clear of
    ``obstacles``; straight when nothing is in the way. Where their walls leave no way
    round, or the way found cuts across a node's corner, it keeps closer to them (see
    :class:`_Grid`). When every way found still runs through a node or tag, each is
    first moved sideways, piece by piece, where that runs through less (see
    :func:`_nudge`), and it is the one of them or the straight line that runs least far
    under nodes and tags, the larger the dearer (see :func:`_under`); of equals, the
    first found.

    Raises:
        TimeLimitError: before a search, when the figure's time limit has passed (see
            :mod:`activity_systems.render.deadline`).
    """
    straight = [a.exit(a.center, b.center, margin), b.exit(b.center, a.center, margin)]

    def crosses(p: Point, q: Point) -> bool:
        """Whether the segment runs through a node or tag, or an end's outline."""
        return _through(obstacles, [p, q], a, b, 0.0) or _enters([p, q], a, b)

    found: list[list[Point]] = []
    for kind in ("wide", "tight", "soft"):
        # The figure's time limit, if it has one, is checked here, before each search
        # (which, with its grid, is most of the time of a figure), never inside one.
        check()
        grid = _Grid(a, b, obstacles, kind=kind)
        cells = grid.search(grid.cell(a.center), grid.cell(b.center))
        if not cells:
            continue
        corners = _corners(cells)
        points = [a.center, *(grid.centre(c) for c in corners[1:-1]), b.center]
        clipped = _clip(_straighten(grid, points), a, b, margin)
        if len(clipped) < 2 or path_length(clipped) < 2 * CELL:
            return straight
        path = _merge_close(clipped, crosses)
        if not _through(obstacles, path, a, b, -1.0):
            return path
        found.append(_nudge(path, obstacles, a, b))
    return min([*found, straight], key=lambda path: _under(obstacles, path, a, b))


#: How far :func:`_nudge` moves a piece of a path sideways at most, and in what steps.
_NUDGE = CELL
_NUDGE_STEP = 0.5


def _nudge(path: list[Point], obstacles: Obstacles, a: Shape, b: Shape) -> list[Point]:
    """``path`` with each piece that runs through a node or tag moved sideways, by up
    to a cell, where it runs through less (see :func:`_under`). The grid's cells are as
    wide as the gap between two nodes or tags is at times, and a way through such a gap,
    through cell centres, ran a few points under the one beside it (an exchange's label)
    where the gap left room to pass between them. Of the moves that run through least,
    the one in the middle of those next to the smallest: the piece keeps as far from
    both sides as that gap lets it. An end of the path stays on its outline (a piece
    from it turns about it), no move enters an end's outline, and none crosses lines
    drawn before more often than the pieces it moves did.

    >>> from activity_systems.render.geometry import Point, Rect, Shape
    >>> a, b = Shape(Point(0, 0), 20, 20), Shape(Point(0, 100), 20, 20)
    >>> label, node = Rect(Point(-12, 50), 20, 10), Rect(Point(12, 50), 20, 10)
    >>> path = [Point(0, 10), Point(-4, 30), Point(-4, 70), Point(0, 90)]
    >>> moved = _nudge(path, Obstacles([a.rect, b.rect, label, node]), a, b)
    >>> [(p.x, p.y) for p in moved]
    [(0, 10), (0.0, 30.0), (0.0, 70.0), (0, 90)]
    """
    last = len(path) - 1
    steps = round(_NUDGE / _NUDGE_STEP)
    # the offsets tried, from furthest one way to furthest the other
    offsets = [k * _NUDGE_STEP for k in range(-steps, steps + 1)]
    for k in range(last):
        check()
        p, q = path[k], path[k + 1]
        if not _through(obstacles, [p, q], a, b, -1.0) or (k == 0 and k + 1 == last):
            continue
        side = (q - p).unit().normal()
        cut = obstacles.cuts(path[max(0, k - 1) : k + 3])
        scored: list[tuple[float, float, list[Point]]] = []
        for offset in offsets:
            shift = side * offset
            moved = path[:]
            if k > 0:
                moved[k] = p + shift
            if k + 1 < last:
                moved[k + 1] = q + shift
            near = moved[max(0, k - 1) : k + 3]
            if _enters(near, a, b) or obstacles.cuts(near) > cut:
                continue
            scored.append((_under(obstacles, moved, a, b), offset, moved))
        if not scored:
            continue
        least = min(score for score, _, _ in scored)
        if least >= _under(obstacles, path, a, b):
            continue
        # the run of consecutive offsets that run through least, next to the smallest move
        best = [i for i, (score, _, _) in enumerate(scored) if score == least]
        nearest = min(best, key=lambda i: (abs(scored[i][1]), scored[i][1]))
        low = high = nearest
        while low - 1 in best and scored[low - 1][1] == scored[low][1] - _NUDGE_STEP:
            low -= 1
        while high + 1 in best and scored[high + 1][1] == scored[high][1] + _NUDGE_STEP:
            high += 1
        path = scored[(low + high) // 2][2]
    return path


def _weight(rect: Rect) -> float:
    """How dear a node or tag is to cross, per unit of length, beside others: the
    larger the dearer, so that a line hemmed in passes under a number rather than across
    a node."""
    return 1 + max(rect.width, rect.height) / 20


def _under(obstacles: Obstacles, path: Sequence[Point], a: Shape, b: Shape) -> float:
    """How far ``path`` runs through nodes and tags other than its ends (each shrunk by
    a point, as :func:`_through` tests them), each stretch weighted by :func:`_weight`.

    >>> from activity_systems.render.geometry import Point, Rect, Shape
    >>> a, b = Shape(Point(0, 0), 10, 10), Shape(Point(100, 0), 10, 10)
    >>> tag, node = Rect(Point(50, 0), 12, 12), Rect(Point(50, 0), 60, 30)
    >>> line = [Point(5, 0), Point(95, 0)]
    >>> [round(_under(Obstacles([box]), line, a, b)) for box in (tag, node)]
    [16, 232]
    """
    total = 0.0
    for rect in obstacles.across(path, -1.0):
        if rect in (a.rect, b.rect):
            continue
        box = Shape(rect.center, rect.width, rect.height)
        inside = 0.0
        for p, q in itertools.pairwise(path):
            chord = box.chord(p, q, -1.0)
            if chord is not None:
                inside += (q - p).length() * (chord[1] - chord[0])
        total += inside * _weight(rect)
    return total


def _is_end(rect: Rect, a: Shape, b: Shape) -> bool:
    """Whether ``rect`` is one of the route's ends, or holds the centre of one."""
    return rect in (a.rect, b.rect) or rect.contains(a.center) or rect.contains(b.center)


def _through(
    obstacles: Obstacles, path: Sequence[Point], a: Shape, b: Shape, margin: float
) -> bool:
    """Whether ``path`` runs through a node or tag other than its ends (grown by
    ``margin``), the room kept round marks left out."""
    return any(rect not in (a.rect, b.rect) for rect in obstacles.across(path, margin))
