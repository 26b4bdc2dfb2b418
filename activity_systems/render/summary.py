"""The overview of a large case: one line per pair of systems, with how many.

Drawn one by one, the contradictions of a regional map (hundreds of systems, thousands of
findings) would be a tangle of numbered bolts that nobody can read, and routing each of
them round all the others would take minutes. Past :data:`DETAIL_LIMIT` contradictions, the
overview therefore draws, between two systems, one arrow for their exchanges and one bolt
for their contradictions, each with how many when there are several; contradictions within
one system stand on its box as one short bolt. Lines are straight, or bent once where a
straight one would run under another system's box, and side by side (the exchanges on one
side of the line between the two boxes, the bolt on the other); where several lines meet
one box, their ends are spread round it (:mod:`~activity_systems.render.ends`). The lines
between two systems two places apart round the ring may instead go round the outside of
the one between them, where they cross none of the lines inside (see :func:`outside`).
Nothing is routed, so the cost of the figure grows with the number of pairs. Each pair's
own Figure 3 shows its contradictions one by one, numbered as in the report.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activity_systems.model import Case
from activity_systems.render.bolts import Mark
from activity_systems.render.canvas import EXCHANGE_HEAD, Canvas
from activity_systems.render.deadline import check
from activity_systems.render.ends import spread_ends
from activity_systems.render.geometry import (
    Point,
    Rect,
    Shape,
    along,
    bounds,
    crosses,
    path_length,
)
from activity_systems.render.glyphs import BOLT_WIDTH
from activity_systems.render.labels import escape, text_width
from activity_systems.render.lookups import NodeKey
from activity_systems.render.strokes import beside, lightning, rounded, with_kink, zigzag

#: The most contradictions an overview draws one by one.
DETAIL_LIMIT = 60
#: The most contradictions a detailed overview (``overview="detailed"``) draws without a
#: :class:`~activity_systems.render.SlowOverviewWarning`: routing each bolt round those
#: before it takes about 4 s for 400, 12 s for 600 and more than a minute for 1,200.
SLOW_OVERVIEW = 400
_SIDE = 7.0  # how far the exchange arrow and the bolt of a pair run from the centre line
_STAND = 40.0  # the length of the bolt standing on a box
_CLEAR = 6.0  # how far a line between two systems keeps off the boxes of others
_BENDS = (30.0, 60.0, 100.0, 150.0, 220.0, 300.0)  # how far its middle may be pushed
_BUCKET = 300.0
_END_MARGIN = 3.0  # how far off its box a line ends
_SHOULDER = 0.2  # how far along the line between them a line round a system turns
_STEPS_OUT = (8.0, 20.0, 40.0, 70.0, 110.0)  # how much further out than it must it may go
_ROUND = 200.0  # the radius of the curves that cut its bends
_PASSES = 12  # the most passes over the lines that may go round the outside
#: How far apart, round a box, the ends of the lines that meet it stay (points): an
#: arrowhead is about 6 points wide.
_APART = 12.0


def legend(bolt_style: str, *, exchanges: bool = True, contradictions: bool = True) -> list[str]:
    """The caption lines that say how the summary draws exchanges and contradictions:
    told apart by their heads and zig-zags, not only by their colours. Each is named
    only when the summary draws some (``exchanges``, ``contradictions``): a legend does
    not send a reader looking for what is not there."""
    look = "zig-zag arrows" if bolt_style == "solid" else "dashed zig-zag arrows"
    parts = []
    if exchanges:
        parts.append("arrows with an open head: exchanges")
    if contradictions:
        parts.append(f"{look}: contradictions, between two systems or within one")
    if not parts:
        return []
    first = "; ".join(parts)
    lines = [first[0].upper() + first[1:]]
    if contradictions:
        lines.append("×N: how many (each pair's Figure 3 numbers them as in the report)")
    return lines


def draw_summary(
    canvas: Canvas,
    case: Case,
    drawn: Mapping[NodeKey, Shape],
    marks: Sequence[Mark],
) -> None:
    """Draw the exchanges and contradictions of ``case`` between the systems ``drawn``
    (keyed ``(system id, "system")``, in their order round the ring), one line per pair
    of systems."""
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
    standing = {
        ends[0]: _standing(shapes[ends[0]], ends[0], centre) for ends in groups if len(ends) == 1
    }
    lines = dict.fromkeys(flows, 1)  # how many lines each pair has: arrow, bolt or both
    for ends in groups:
        if len(ends) == 2:
            lines[(ends[0], ends[1])] = lines.get((ends[0], ends[1]), 0) + 1
    around = outside(list(shapes), lines)
    ways = _Ways(shapes, centre, {s: _standing_room(line) for s, line in standing.items()})
    # The figure's time limit (see activity_systems.render.deadline) is checked before
    # each line's way, end, arrow and bolt: a summary of thousands of systems takes
    # seconds to a minute, and draws no route whose searches would check it.
    paths: dict[tuple[str, str], list[Point]] = {}
    for pair in lines:
        check()
        paths[pair] = ways.path(*pair, around.get(pair))
    # _side_by_side checks the time limit too, once a line
    arrows = [
        _Line(_side_by_side(shapes[a], shapes[b], -_SIDE, paths[(a, b)]), a, b) for a, b in flows
    ]
    bolts = [
        _Line(
            _side_by_side(shapes[ends[0]], shapes[ends[1]], _SIDE, paths[(ends[0], ends[1])]), *ends
        )
        if len(ends) == 2
        else standing[ends[0]]
        for ends in groups
    ]
    _spread(shapes, [*arrows, *bolts], ways)
    # Every line is known before any is drawn: each kink keeps off all the others (a kink
    # that another line crosses could be read as that line's).
    # The arrow of the same two systems runs beside the bolt on purpose: it does not count.
    arrow_of = {
        pair: canvas.obstacles.add_line(line.path) for pair, line in zip(flows, arrows, strict=True)
    }
    # each bolt's own line and the arrow beside it, in the order of the bolts
    ignored: list[tuple[int, ...]] = []
    for line, ends in zip(bolts, groups, strict=True):
        number = canvas.obstacles.add_line(line.path)
        sibling = arrow_of.get((ends[0], ends[-1]))
        ignored.append((number,) if sibling is None else (number, sibling))
    for line, ((a, b), (forward, backward)) in zip(arrows, flows.items(), strict=True):
        check()
        path = line.path
        about = _exchanges_tooltip(case, a, b, forward, backward)
        canvas.polyline(
            path,
            colour=canvas.theme.exchange,
            penwidth=1.6,
            heads=(backward > 0, forward > 0),
            arrowhead=EXCHANGE_HEAD,
            tooltip=about,
        )
        if forward + backward > 1:
            # half way along, on the side away from the bolt, off the boxes a long line
            # may run under
            middle, direction = along(path, path_length(path) / 2)
            normal = direction.normal() * -1
            _count(canvas, middle, normal, forward + backward, canvas.theme.exchange, about)
    for line, (ends, count), own in zip(bolts, groups.items(), ignored, strict=True):
        check()
        many = _many(count, "contradiction")
        if line.start is None:
            _stand(canvas, line.path, count, f"{many} within {case.system(ends[0]).title}")
        else:
            a, b = ends
            # short: it is written on each of the bolt's segments (the caption says
            # where the numbers are)
            about = f"{many} between {case.system(a).title} and {case.system(b).title}"
            _bolt(canvas, line.path, count, about, own)


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


def _spread(shapes: Mapping[str, Shape], lines: Sequence[_Line], ways: _Ways) -> None:
    """Move the ends of ``lines`` round the boxes they meet until they are
    :data:`_APART` apart, each toward where its line goes (see
    :func:`~activity_systems.render.ends.spread_ends`). A standing bolt moves whole. A
    line between two systems that its moved ends would run under another box (past
    which it ran close) keeps the ends it had."""
    before = [list(line.path) for line in lines]
    meeting: dict[str, list[tuple[_Line, int]]] = {}  # system -> (line, index of its end)
    for line in lines:
        if line.start is not None:
            meeting.setdefault(line.start, []).append((line, 0))
        meeting.setdefault(line.end, []).append((line, -1))
    for system, found in meeting.items():
        check()
        ends = [(line.path[k], line.path[1 if k == 0 else -2]) for line, k in found]
        moved = spread_ends(shapes[system], ends, _APART, _END_MARGIN)
        for (line, k), point in zip(found, moved, strict=True):
            if line.start is None:  # a standing bolt: its outer end moves with it
                line.path[0] = line.path[0] + (point - line.path[-1])
            line.path[k] = point
    for line, path in zip(lines, before, strict=True):
        check()
        if line.start is not None and not ways.keeps_off(line.path, line.start, line.end):
            line.path[:] = path


class _Ways:
    """Which way the line between two systems runs, as the vertices of its middle line
    from centre to centre.

    Between systems that go round the outside of the ring (see :func:`outside`), it
    leaves each box outward and runs round the system between them, clear of its box and
    of the bolt standing on it, in the fewest of a few steps out. Otherwise it bends, if
    it must, to keep off the boxes of the others and the bolts standing on them: a line
    that ran under a box would read as two lines to that system. One bend, at the
    middle, pushed out from the figure's centre (or, failing that, in) by the least of a
    few distances that clears them all; straight when that is clear, or when no bend is.
    Either way, it keeps clear by :data:`_SIDE` more, for the two lines that run beside
    it. Boxes, and the bolts standing on them, are found through buckets of
    :data:`_BUCKET` points."""

    def __init__(
        self, shapes: Mapping[str, Shape], centre: Point, standing: Mapping[str, Rect]
    ) -> None:
        self.shapes = shapes
        self.centre = centre
        self.standing = standing
        # what a line keeps off: each system's box, and the bolt standing on it
        self.rects: dict[tuple[str, bool], Rect] = {
            (system_id, False): shape.rect.inflate(_CLEAR) for system_id, shape in shapes.items()
        }
        self.rects.update({(system_id, True): rect for system_id, rect in standing.items()})
        self.buckets: dict[tuple[int, int], list[tuple[str, bool]]] = {}
        for key, rect in self.rects.items():
            for cell in _cells(rect.left, rect.bottom, rect.right, rect.top):
                self.buckets.setdefault(cell, []).append(key)

    def path(self, a: str, b: str, middle: str | None = None) -> list[Point]:
        """The middle line from ``a`` to ``b``: round ``middle`` when given (and when
        some step out clears what it must), else straight or bent once."""
        start, end = self.shapes[a].center, self.shapes[b].center
        if middle is not None:
            arc = self._around(a, b, middle)
            if arc is not None:
                return arc
        via = self._bend(a, b)
        return [start, end] if via is None else [start, via, end]

    def _around(self, a: str, b: str, middle: str) -> list[Point] | None:
        """The line from ``a`` to ``b`` round the outside of ``middle``: out of ``a``,
        along the line between them pushed out past ``middle``'s box and standing bolt,
        and into ``b``."""
        start, end = self.shapes[a].center, self.shapes[b].center
        chord = end - start
        run = chord.unit()
        out = run.normal()
        if _dot(self.shapes[middle].center - start, out) < 0:
            out = out * -1
        rects = [self.rects[(middle, False)]]
        rects += [self.standing[middle]] if middle in self.standing else []
        reach = max(
            _dot(Point(x, y) - start, out)
            for rect in rects
            for x in (rect.left, rect.right)
            for y in (rect.bottom, rect.top)
        )
        shoulder = run * (chord.length() * _SHOULDER)
        for step in _STEPS_OUT:
            lift = out * (reach + _SIDE + step)
            path = [start, start + shoulder + lift, end - shoulder + lift, end]
            if all(self._clear(p, q, (a, b), _SIDE) for p, q in itertools.pairwise(path)):
                return path
        return None

    def _bend(self, a: str, b: str) -> Point | None:
        start, end = self.shapes[a].center, self.shapes[b].center
        if self._clear(start, end, (a, b), _SIDE):
            return None
        middle = start + (end - start) * 0.5
        normal = (end - start).unit().normal()
        out = 1.0 if _dot(middle - self.centre, normal) >= 0 else -1.0
        for distance in _BENDS:
            for side in (out, -out):
                via = middle + normal * (side * distance)
                if self._clear(start, via, (a, b), _SIDE) and self._clear(via, end, (a, b), _SIDE):
                    return via
        return None

    def keeps_off(self, path: Sequence[Point], a: str, b: str) -> bool:
        """Whether the line ``path`` between ``a`` and ``b`` runs under no other box."""
        return all(
            self._clear(p, q, (a, b), -_CLEAR, standing=False) for p, q in itertools.pairwise(path)
        )

    def _clear(
        self,
        p: Point,
        q: Point,
        ends: tuple[str, str],
        margin: float = 0.0,
        *,
        standing: bool = True,
    ) -> bool:
        """Whether the segment ``p``–``q`` keeps ``margin`` more than :data:`_CLEAR` off
        the boxes of all but the systems at its ``ends``, and (unless not ``standing``)
        off the bolts standing on them."""
        first, last = ends
        seen = {(first, False), (last, False), (first, True), (last, True)}
        reach = max(margin, 0.0)
        low_x, low_y = min(p.x, q.x) - reach, min(p.y, q.y) - reach
        high_x, high_y = max(p.x, q.x) + reach, max(p.y, q.y) + reach
        for cell in _cells(low_x, low_y, high_x, high_y):
            for key in self.buckets.get(cell, ()):
                if key in seen or (key[1] and not standing):
                    continue
                seen.add(key)
                if crosses(p, q, self.rects[key].inflate(margin)):
                    return False
        return True


def outside(
    ring: Sequence[str], lines: Mapping[tuple[str, str], int]
) -> dict[tuple[str, str], str]:
    """The pairs of systems whose lines go round the outside of the ring, each with the
    system they go round, given the systems in order round the ring and how many lines
    join each pair.

    Lines between systems two places apart may go round the one between them, outside
    the ring: there they cross no line inside it, only those that go round its neighbours.
    Drawn inside, such a line crosses every line inside from the system between (but for
    those to its own two ends); outside, every line outside from it. A pair goes outside
    when fewer lines cross it there, weighted by how many lines each pair stands for,
    pass after pass until none changes; inside on a tie. Lines between neighbours cross
    nothing either way, and stay inside; longer lines too, which would run round several.

    >>> outside(["a", "b", "c", "d", "e"], {("a", "c"): 1, ("b", "d"): 1, ("b", "e"): 2})
    {('a', 'c'): 'b'}
    """
    count = len(ring)
    place = {system: k for k, system in enumerate(ring)}
    middles: dict[tuple[str, str], str] = {}
    at: dict[str, list[tuple[str, str]]] = {}
    for a, b in lines:
        at.setdefault(a, []).append((a, b))
        at.setdefault(b, []).append((a, b))
        if count < 4 or a == b:
            continue
        if (place[b] - place[a]) % count == 2:
            middles[(a, b)] = ring[(place[a] + 1) % count]
        elif (place[a] - place[b]) % count == 2:
            middles[(a, b)] = ring[(place[b] + 1) % count]
    out: set[tuple[str, str]] = set()
    for _ in range(_PASSES):
        changed = False
        for pair, middle in middles.items():
            crossed = [0, 0]  # by lines inside, by lines outside
            # a system with no line of its own is crossed by nothing either way
            for other in at.get(middle, ()):
                if other[0] not in pair and other[1] not in pair:
                    crossed[other in out] += lines[other]
            if (crossed[1] < crossed[0]) != (pair in out):
                out ^= {pair}
                changed = True
        if not changed:
            break
    return {pair: middle for pair, middle in middles.items() if pair in out}


def _dot(p: Point, q: Point) -> float:
    return p.x * q.x + p.y * q.y


def _cells(left: float, bottom: float, right: float, top: float) -> list[tuple[int, int]]:
    columns = range(math.floor(left / _BUCKET), math.floor(right / _BUCKET) + 1)
    rows = range(math.floor(bottom / _BUCKET), math.floor(top / _BUCKET) + 1)
    return [(column, row) for column in columns for row in rows]


def _side_by_side(a: Shape, b: Shape, offset: float, middle: Sequence[Point]) -> list[Point]:
    """The line between two boxes along ``middle`` (their centres, with any vertices
    between), moved ``offset`` to its left (seen from ``a``), from outline to outline.
    A straight or once-bent line moves as a whole, square to the line between the
    centres; a line round the outside keeps ``offset`` off its middle line all along,
    its bends rounded. (The figure's time limit is checked first: see
    :func:`draw_summary`.)"""
    check()
    if len(middle) > 3:
        moved = _parallel(middle, offset)
        moved[0] = a.exit(moved[0], moved[1], _END_MARGIN)
        moved[-1] = b.exit(moved[-1], moved[-2], _END_MARGIN)
        # each bend cut by two pieces only: a figure of hundreds of such lines stays
        # quick to draw
        return rounded(moved, _ROUND, pieces=2)
    normal = (b.center - a.center).unit().normal() * offset
    start, end = a.center + normal, b.center + normal
    if len(middle) == 2:
        return [a.exit(start, end, _END_MARGIN), b.exit(end, start, _END_MARGIN)]
    bend = middle[1] + normal
    return [a.exit(start, bend, _END_MARGIN), bend, b.exit(end, bend, _END_MARGIN)]


def _parallel(points: Sequence[Point], offset: float) -> list[Point]:
    """The polyline moved ``offset`` to its left, each vertex where the moved segments
    on either side of it meet."""
    normals = [(q - p).unit().normal() for p, q in itertools.pairwise(points)]
    moved = [points[0] + normals[0] * offset]
    for k in range(1, len(points) - 1):
        before, after = normals[k - 1], normals[k]
        mitre = (before + after).unit()
        moved.append(points[k] + mitre * (offset / max(_dot(mitre, before), 0.3)))
    moved.append(points[-1] + normals[-1] * offset)
    return moved


def _bolt(
    canvas: Canvas, path: list[Point], count: int, tooltip: str, own: tuple[int, ...]
) -> None:
    # the kink, and the count beside it, clear of the boxes a long line runs under; the
    # kink clear of the other lines too (``own``: this one's number among them, and that
    # of the arrow beside it)
    corners, kink, normal = lightning(path, canvas.obstacles, own=own)
    theme = canvas.theme
    canvas.polyline(
        # a line round the outside has its bends cut already (see _side_by_side)
        with_kink(path, corners, round_bends=len(path) <= 3),
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


def _standing_room(line: _Line) -> Rect:
    """What a line keeps off near a standing bolt: the bolt, its zig-zag and a count
    beyond its outer end."""
    start, tip = line.path
    label = start + (start - tip).unit() * 24
    return bounds([Rect(point, 1, 1) for point in (start, tip, label)]).inflate(14)


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
        # by its own line, where it is told apart by the line's colour and its tooltip:
        # kept off every other line, it would drift off its own
        at = beside(at, normal, size, gap, canvas.obstacles, lines=False).center
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
