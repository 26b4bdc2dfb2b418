"""The overview of a large case: one line per pair of systems, with how many.

Drawn one by one, the contradictions of a regional map (hundreds of systems, thousands of
findings) would be a tangle of numbered bolts that nobody can read, and routing each of
them round all the others would take minutes. Past :data:`DETAIL_LIMIT` contradictions, the
overview therefore draws, between two systems, one arrow for their exchanges and one bolt
for their contradictions, each with how many when there are several; contradictions within
one system stand on its box as one short bolt. Lines are straight, or bent once where a
straight one would run under another system's box, and side by side (the exchanges on one
side of the line between the two boxes, the bolt on the other); where several lines meet
one box, their ends are spread round it (:mod:`~activity_systems.render.ends`). Nothing
is routed, so the cost of the figure grows with the number of pairs. Each pair's own
Figure 3 shows its contradictions one by one, numbered as in the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activity_systems.model import Case
from activity_systems.render.bolts import Mark
from activity_systems.render.canvas import Canvas
from activity_systems.render.ends import spread_ends
from activity_systems.render.geometry import Point, Shape, bounds, crosses
from activity_systems.render.glyphs import BOLT_WIDTH
from activity_systems.render.labels import escape, text_width
from activity_systems.render.lookups import NodeKey
from activity_systems.render.strokes import beside, lightning, with_kink, zigzag

#: The most contradictions an overview draws one by one.
DETAIL_LIMIT = 60
_SIDE = 7.0  # how far the exchange arrow and the bolt of a pair run from the centre line
_STAND = 40.0  # the length of the bolt standing on a box
_CLEAR = 6.0  # how far a line between two systems keeps off the boxes of others
_BENDS = (30.0, 60.0, 100.0, 150.0, 220.0, 300.0)  # how far its middle may be pushed
_BUCKET = 300.0
_END_MARGIN = 3.0  # how far off its box a line ends
#: How far apart, round a box, the ends of the lines that meet it stay (points): an
#: arrowhead is about 6 points wide.
_APART = 12.0


def legend(bolt_style: str) -> str:
    """The caption line that says how the summary draws exchanges and contradictions."""
    look = "zig-zag arrows" if bolt_style == "solid" else "dashed zig-zag arrows"
    return (
        f"Arrows: exchanges; {look}: contradictions, between two systems or within one; "
        "×N: how many (each pair's Figure 3 numbers them as in the report)"
    )


def draw_summary(
    canvas: Canvas,
    case: Case,
    drawn: Mapping[NodeKey, Shape],
    marks: Sequence[Mark],
) -> None:
    """Draw the exchanges and contradictions of ``case`` between the systems ``drawn``
    (keyed ``(system id, "system")``), one line per pair of systems."""
    shapes = {key[0]: shape for key, shape in drawn.items()}
    centre = bounds([shape.rect for shape in shapes.values()]).center
    flows: dict[tuple[str, str], list[int]] = {}  # sorted pair -> [count a→b, count b→a]
    for exchange in case.exchanges:
        a, b = sorted((exchange.from_, exchange.to))
        counts = flows.setdefault((a, b), [0, 0])
        counts[0 if exchange.from_ == a else 1] += 1
    groups: dict[tuple[str, ...], int] = {}  # in report order of their first finding
    for mark in marks:
        ends = tuple(sorted({key[0] for key in mark.ends}))
        groups[ends] = groups.get(ends, 0) + 1
    ways = _Ways(shapes, centre)
    arrows = [
        _Line(_side_by_side(shapes[a], shapes[b], -_SIDE, ways.via(a, b)), a, b) for a, b in flows
    ]
    bolts = [
        _Line(_side_by_side(shapes[ends[0]], shapes[ends[1]], _SIDE, ways.via(*ends)), *ends)
        if len(ends) == 2
        else _standing(shapes[ends[0]], ends[0], centre)
        for ends in groups
    ]
    _spread(shapes, [*arrows, *bolts])
    for line, ((a, b), (forward, backward)) in zip(arrows, flows.items(), strict=True):
        path = line.path
        about = _exchanges_tooltip(case, a, b, forward, backward)
        canvas.polyline(
            path,
            colour=canvas.theme.exchange,
            penwidth=1.6,
            heads=(backward > 0, forward > 0),
            tooltip=about,
        )
        if forward + backward > 1:
            # on the side away from the bolt, off the boxes a long line may run under
            normal = (path[-1] - path[0]).unit().normal() * -1
            _count(canvas, _middle(path), normal, forward + backward, canvas.theme.exchange, about)
    for line, (ends, count) in zip(bolts, groups.items(), strict=True):
        many = _many(count, "contradiction")
        if line.start is None:
            _stand(canvas, line.path, count, f"{many} within {case.system(ends[0]).title}")
        else:
            a, b = ends
            # short: it is written on each of the bolt's segments (the caption says
            # where the numbers are)
            about = f"{many} between {case.system(a).title} and {case.system(b).title}"
            _bolt(canvas, line.path, count, about)


def _many(count: int, thing: str) -> str:
    """``1 exchange``, ``3 exchanges``."""
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _exchanges_tooltip(case: Case, a: str, b: str, forward: int, backward: int) -> str:
    """What the arrow of the exchanges between systems ``a`` and ``b`` shows on hover:
    how many go each way."""
    first, second = case.system(a).title, case.system(b).title
    ways = [f"{first} → {second}: {forward}"] if forward else []
    ways += [f"{second} → {first}: {backward}"] if backward else []
    return "\n".join([f"{_many(forward + backward, 'exchange')}", *ways])


@dataclass(slots=True)
class _Line:
    """A line of the summary, from the system ``start`` to the system ``end`` (``start``
    is ``None`` for a bolt standing on ``end``, which starts off any box)."""

    path: list[Point]
    start: str | None
    end: str


def _spread(shapes: Mapping[str, Shape], lines: Sequence[_Line]) -> None:
    """Move the ends of ``lines`` round the boxes they meet until they are
    :data:`_APART` apart, each toward where its line goes (see
    :func:`~activity_systems.render.ends.spread_ends`). A standing bolt moves whole."""
    meeting: dict[str, list[tuple[_Line, int]]] = {}  # system -> (line, index of its end)
    for line in lines:
        if line.start is not None:
            meeting.setdefault(line.start, []).append((line, 0))
        meeting.setdefault(line.end, []).append((line, -1))
    for system, found in meeting.items():
        ends = [(line.path[k], line.path[1 if k == 0 else -2]) for line, k in found]
        moved = spread_ends(shapes[system], ends, _APART, _END_MARGIN)
        for (line, k), point in zip(found, moved, strict=True):
            if line.start is None:  # a standing bolt: its outer end moves with it
                line.path[0] = line.path[0] + (point - line.path[-1])
            line.path[k] = point


class _Ways:
    """Where the line between two systems bends, if it must, to keep off the boxes of
    the others: a line that ran under a box would read as two lines to that system. One
    bend, at the middle, pushed out from the figure's centre (or, failing that, in) by
    the least of a few distances that clears every box; straight when that is clear, or
    when no bend is. Boxes are found through buckets of :data:`_BUCKET` points."""

    def __init__(self, shapes: Mapping[str, Shape], centre: Point) -> None:
        self.shapes = shapes
        self.centre = centre
        self.buckets: dict[tuple[int, int], list[str]] = {}
        for system_id, shape in shapes.items():
            rect = shape.rect.inflate(_CLEAR)
            for cell in _cells(rect.left, rect.bottom, rect.right, rect.top):
                self.buckets.setdefault(cell, []).append(system_id)
        self.known: dict[tuple[str, str], Point | None] = {}

    def via(self, a: str, b: str) -> Point | None:
        if (a, b) not in self.known:
            self.known[(a, b)] = self._bend(a, b)
        return self.known[(a, b)]

    def _bend(self, a: str, b: str) -> Point | None:
        start, end = self.shapes[a].center, self.shapes[b].center
        if self._clear(start, end, (a, b)):
            return None
        middle = start + (end - start) * 0.5
        normal = (end - start).unit().normal()
        out = (
            1.0
            if (middle - self.centre).x * normal.x + (middle - self.centre).y * normal.y >= 0
            else -1.0
        )
        for distance in _BENDS:
            for side in (out, -out):
                via = middle + normal * (side * distance)
                if self._clear(start, via, (a, b)) and self._clear(via, end, (a, b)):
                    return via
        return None

    def _clear(self, p: Point, q: Point, ends: tuple[str, str]) -> bool:
        seen: set[str] = set(ends)
        for cell in _cells(min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y)):
            for system_id in self.buckets.get(cell, ()):
                if system_id in seen:
                    continue
                seen.add(system_id)
                if crosses(p, q, self.shapes[system_id].rect.inflate(_CLEAR)):
                    return False
        return True


def _cells(left: float, bottom: float, right: float, top: float) -> list[tuple[int, int]]:
    columns = range(math.floor(left / _BUCKET), math.floor(right / _BUCKET) + 1)
    rows = range(math.floor(bottom / _BUCKET), math.floor(top / _BUCKET) + 1)
    return [(column, row) for column in columns for row in rows]


def _side_by_side(a: Shape, b: Shape, offset: float, via: Point | None = None) -> list[Point]:
    """The line between two boxes, through ``via`` if given, moved ``offset`` to its left
    (seen from ``a``), from outline to outline."""
    normal = (b.center - a.center).unit().normal() * offset
    start, end = a.center + normal, b.center + normal
    if via is None:
        return [a.exit(start, end, _END_MARGIN), b.exit(end, start, _END_MARGIN)]
    bend = via + normal
    return [a.exit(start, bend, _END_MARGIN), bend, b.exit(end, bend, _END_MARGIN)]


def _middle(path: Sequence[Point]) -> Point:
    return path[0] + (path[-1] - path[0]) * 0.5


def _bolt(canvas: Canvas, path: list[Point], count: int, tooltip: str) -> None:
    # the kink, and the count beside it, clear of the boxes a long line runs under
    corners, kink, normal = lightning(path, canvas.obstacles)
    theme = canvas.theme
    canvas.polyline(
        with_kink(path, corners),
        colour=theme.bolt,
        penwidth=BOLT_WIDTH,
        style=theme.bolt_style,
        heads=(True, True),
        solid=corners,
        tooltip=tooltip,
    )
    if count > 1:
        _count(canvas, kink, normal, count, theme.bolt, tooltip, gap=10.0)


def _standing(shape: Shape, system: str, centre: Point) -> _Line:
    """A short bolt standing on ``shape``, on the side away from the figure's centre."""
    away = shape.center - centre
    direction = away.unit() if away.length() > 1 else Point(0, 1)
    tip = shape.boundary(shape.center + direction * 10_000, _END_MARGIN)
    return _Line([tip + direction * _STAND, tip], None, system)


def _stand(canvas: Canvas, path: list[Point], count: int, tooltip: str) -> None:
    """Draw the standing bolt ``path`` (from its outer end to the box), with how many."""
    start, tip = path
    theme = canvas.theme
    canvas.polyline(
        zigzag([start, tip], 10.0),
        colour=theme.bolt,
        penwidth=BOLT_WIDTH,
        style=theme.bolt_style,
        tooltip=tooltip,
    )
    if count > 1:
        _count(canvas, start + (start - tip).unit() * 10, None, count, theme.bolt, tooltip)


def _count(
    canvas: Canvas,
    at: Point,
    normal: Point | None,
    count: int,
    colour: str,
    tooltip: str,
    *,
    gap: float = 2.0,
) -> None:
    """``×N`` in a small white box, with the ``tooltip`` of its line: at ``at``, or with
    a ``normal``, beside the line through ``at`` on that side, or where it is clearest of
    what is already drawn."""
    text = f"×{count}"
    size = (text_width(text) + 8, 15.0)
    if normal is not None:
        at = beside(at, normal, size, gap, canvas.obstacles).center
    canvas.node(
        Shape(at, *size),
        f'<<FONT COLOR="{colour}"><B>{escape(text)}</B></FONT>>',
        shape="box",
        style="rounded,filled",
        fillcolor="white",
        color=colour,
        penwidth="1",
        fontsize="10",
        tooltip=tooltip,
    )
