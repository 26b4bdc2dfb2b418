"""The overview of a large case: one line per pair of systems, with how many.

Drawn one by one, the contradictions of a regional map (hundreds of systems, thousands of
findings) would be a tangle of numbered bolts that nobody can read, and routing each of
them round all the others would take minutes. Past :data:`DETAIL_LIMIT` contradictions, the
overview therefore draws, between two systems, one arrow for their exchanges and one bolt
for their contradictions, each with how many when there are several; contradictions within
one system stand on its box as one short bolt. Lines are straight, side by side (the
exchanges on one side of the line between the two boxes, the bolt on the other), so the
cost of the figure grows with the number of pairs. Each pair's own Figure 3 shows its
contradictions one by one, numbered as in the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from activity_systems.model import Case
from activity_systems.render.bolts import BOLT_WIDTH, Mark
from activity_systems.render.canvas import Canvas
from activity_systems.render.geometry import Point, Shape, bounds
from activity_systems.render.labels import escape, text_width
from activity_systems.render.lookups import NodeKey
from activity_systems.render.strokes import beside, lightning, with_kink, zigzag

#: The most contradictions an overview draws one by one.
DETAIL_LIMIT = 60
_SIDE = 7.0  # how far the exchange arrow and the bolt of a pair run from the centre line
_STAND = 40.0  # the length of the bolt standing on a box


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
    for (a, b), (forward, backward) in flows.items():
        path = _side_by_side(shapes[a], shapes[b], -_SIDE)
        canvas.polyline(
            path,
            colour=canvas.theme.exchange,
            penwidth=1.6,
            heads=(backward > 0, forward > 0),
        )
        if forward + backward > 1:
            # on the side away from the bolt, off the boxes a long line may run under
            normal = (path[-1] - path[0]).unit().normal() * -1
            _count(canvas, _middle(path), normal, forward + backward, canvas.theme.exchange)
    groups: dict[tuple[str, ...], int] = {}  # in report order of their first finding
    for mark in marks:
        ends = tuple(sorted({key[0] for key in mark.ends}))
        groups[ends] = groups.get(ends, 0) + 1
    for ends, count in groups.items():
        if len(ends) == 1:
            _stand(canvas, shapes[ends[0]], centre, count)
        else:
            _bolt(canvas, shapes[ends[0]], shapes[ends[1]], count)


def _side_by_side(a: Shape, b: Shape, offset: float) -> list[Point]:
    """The straight line between two boxes, moved ``offset`` to its left (seen from
    ``a``), from outline to outline."""
    normal = (b.center - a.center).unit().normal() * offset
    start, end = a.center + normal, b.center + normal
    return [a.exit(start, end, 3.0), b.exit(end, start, 3.0)]


def _middle(path: Sequence[Point]) -> Point:
    return path[0] + (path[-1] - path[0]) * 0.5


def _bolt(canvas: Canvas, a: Shape, b: Shape, count: int) -> None:
    path = _side_by_side(a, b, _SIDE)
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
    )
    if count > 1:
        _count(canvas, kink, normal, count, theme.bolt, gap=10.0)


def _stand(canvas: Canvas, shape: Shape, centre: Point, count: int) -> None:
    """A short bolt standing on ``shape``, on the side away from the figure's centre."""
    away = shape.center - centre
    direction = away.unit() if away.length() > 1 else Point(0, 1)
    tip = shape.boundary(shape.center + direction * 10_000, 3.0)
    start = tip + direction * _STAND
    theme = canvas.theme
    canvas.polyline(
        zigzag([start, tip], 10.0),
        colour=theme.bolt,
        penwidth=BOLT_WIDTH,
        style=theme.bolt_style,
    )
    if count > 1:
        _count(canvas, start + direction * 10, None, count, theme.bolt)


def _count(
    canvas: Canvas,
    at: Point,
    normal: Point | None,
    count: int,
    colour: str,
    *,
    gap: float = 2.0,
) -> None:
    """``×N`` in a small white box: at ``at``, or with a ``normal``, beside the line
    through ``at`` on that side, or where it is clearest of what is already drawn."""
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
    )
