"""Contradictions drawn as Engeström's lightning bolts, numbered as in the report.

A finding's element references are mapped to the nodes that hold them (an exchange id to
the two nodes its edge joins, a system id to that system's subject). One bolt joins two
of those nodes, across systems when the finding spans systems; other nodes the finding
names get a numbered badge. A primary contradiction, or one inside a single node, is a
small bolt standing on that node. A contradiction with a system the figure does not show
is a short bolt pointing out of the node, away from the figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from activity_systems.model import Case
from activity_systems.render.canvas import Canvas
from activity_systems.render.geometry import Point, Rect, Shape, bounds
from activity_systems.render.labels import escape
from activity_systems.render.lookups import NodeKey, contradictions
from activity_systems.render.lookups import finding_nodes as finding_nodes
from activity_systems.render.routing import route
from activity_systems.render.strokes import (
    TIGHT,
    beside,
    glyph_spots,
    lightning,
    next_to_line,
    on_bolt,
    with_kink,
    zigzag,
)
from activity_systems.rules.finding import Report

# A node of a figure is a NodeKey, (system id, node name); another system, drawn as one
# marker, is (system id, EXTERNAL).
#: The figure's key for a node of the case, or ``None`` when the figure does not show it.
Resolver = Callable[[NodeKey], NodeKey | None]
EXTERNAL = "*"

BOLT_WIDTH = 2.0
_BADGE = 17.0
_BADGE_ROOM = 6.0  # kept free around a badge beside its bolt, beyond its disc
_GLYPH = 40.0
_OUTSIDE = 0.3  # cost of a glyph per point it reaches out of the figure's nodes
# Cost of an outward glyph that points back into the figure (its direction more than
# about 15 degrees past square to the way out): more than crossing a few lines, less than
# running into another node (400), which would read as a contradiction with that node.
_INWARD = 300.0
_INWARD_COSINE = -0.25


@dataclass(frozen=True, slots=True)
class Mark:
    """How one finding is drawn: a bolt between two nodes, a glyph standing on one node
    (``outward`` when it points away, toward a system not in the figure)."""

    number: int
    ends: tuple[NodeKey, ...]  # one (glyph) or two (bolt)
    badges: tuple[NodeKey, ...] = ()  # other nodes the finding names
    outward: bool = False


def plan_marks(
    case: Case, report: Report, resolve: Resolver, *, systems: Iterable[str] | None = None
) -> list[Mark]:
    """The marks for every contradiction in the report that the figure can show.

    With ``systems``, the ids of the systems the figure shows, only the contradictions
    that touch them are looked at (the others have nothing to draw on it).
    """
    marks: list[Mark] = []
    index = contradictions(case, report)
    for entry in index.all if systems is None else index.touching(systems):
        finding, named, joined = entry.finding, entry.named, entry.joined
        found: dict[NodeKey, bool] = {}  # figure key -> named directly by the finding
        for key, is_named in [(k, True) for k in named] + [(k, False) for k in joined]:
            hit = resolve(key)
            if hit is not None:
                found[hit] = found.get(hit, False) or is_named
        keys = list(found)
        inside = [k for k in keys if k[1] != EXTERNAL]
        if not inside:
            continue
        number = entry.number
        if finding.level == "primary":
            # drawn on the node it names; a figure without that node leaves it out
            named_inside = [k for k in inside if found[k]]
            if named_inside:
                marks.append(Mark(number, (named_inside[0],)))
            continue
        if len(keys) == 1:
            marks.append(Mark(number, (inside[0],)))
            continue
        first = inside[0]
        rest = [k for k in keys if k != first]
        other = next((k for k in rest if k[0] != first[0]), rest[0])
        extra = tuple(k for k in inside if found[k] and k not in (first, other))
        if other[1] == EXTERNAL:
            marks.append(Mark(number, (first,), extra, outward=True))
        else:
            marks.append(Mark(number, (first, other), extra))
    return marks


def badge_size(number: int) -> float:
    """The width of the disc that shows ``number``: wider for more digits."""
    return _BADGE + 5 * (len(str(number)) - 1)


def badge(canvas: Canvas, center: Point, number: int, *, room: float = 0.0) -> None:
    """A numbered disc, in the bolt colour; lines drawn later keep ``room`` further off."""
    theme = canvas.theme
    size = badge_size(number)
    canvas.node(
        Shape(center, size, size),
        f"<<B>{escape(str(number))}</B>>",
        shape="circle",
        style="filled",
        fillcolor=theme.badge_fill,
        color=theme.bolt,
        fontcolor=theme.bolt,
        fontsize="10",
        penwidth="1.4",
    )
    if room:
        canvas.obstacles.add_rect(Rect(center, size + 2 * room, size + 2 * room))


def draw_bolt(canvas: Canvas, a: Shape, b: Shape, number: int) -> None:
    """A double-headed arrow between two nodes with a lightning-bolt kink in its middle,
    its number on it beside the kink (beside the bolt when no place on it is free);
    routed clear of everything drawn before it."""
    path = canvas.attach(route(a, b, canvas.obstacles), a, b)
    corners, centre, normal = lightning(path, canvas.obstacles)
    points = with_kink(path, corners)
    theme = canvas.theme
    canvas.polyline(
        points,
        colour=theme.bolt,
        penwidth=BOLT_WIDTH,
        style=theme.bolt_style,
        heads=(True, True),
        solid=corners,
    )
    width = badge_size(number)
    size = (width, width)
    tag = on_bolt(path, centre, size, canvas.obstacles)
    canvas.obstacles.add_line(points)
    # Lines drawn later go round the kink: one crossing it would make it read as theirs.
    canvas.obstacles.add_rect(bounds([Rect(c, 1, 1) for c in corners]).inflate(2))
    if tag is not None:
        badge(canvas, tag.center, number)
        return
    # No room on the bolt (a short one): right beside it, where nothing else passes
    # under it, with room kept around the badge so that no bolt drawn later comes nearer
    # to it than its own.
    tag = next_to_line(points, size, 5.0, canvas.obstacles, margin=TIGHT)
    if tag is None:
        tag = beside(centre, normal, size, 16.0, canvas.obstacles)
    badge(canvas, tag.center, number, room=_BADGE_ROOM)


# A place for a glyph: its points (tip last), its badge's centre, and the extent of both.
GlyphSpot = tuple[list[Point], Point, Rect]


def glyph_places(shape: Shape, *, outward: bool = False) -> list[GlyphSpot]:
    """Where a glyph can stand on ``shape``, best first (see :func:`glyph_spots`)."""
    places = []
    for direction in glyph_spots(shape):
        tip = shape.boundary(shape.center + direction * 1000, 3.0)
        start = tip + direction * _GLYPH
        points = zigzag([start, tip], 10.0)
        centre = start + direction * (_BADGE / 2 + (10 if outward else 8))
        area = bounds([Rect(p, 1, 1) for p in points] + [Rect(centre, _BADGE, _BADGE)])
        places.append((points, centre, area))
    return places


def draw_glyph(
    canvas: Canvas,
    shape: Shape,
    number: int,
    *,
    outward: bool = False,
    places: list[GlyphSpot] | None = None,
    frame: Rect | None = None,
) -> None:
    """A short bolt standing on a node's outline, its number at the outer end; pointing
    at the node, or away from it when ``outward``. ``places`` are the shape's
    :func:`glyph_places`, when known. A place that reaches out of ``frame`` (the nodes'
    extent) costs more, so that glyphs keep the figure compact; an outward glyph that
    would point back into the figure (from the node toward the frame's middle) costs much
    more, since it reads as a contradiction inside the figure."""
    way_out = (shape.center - frame.center).unit() if outward and frame is not None else None
    best: tuple[float, list[Point], Point] | None = None
    for points, centre, area in places or glyph_places(shape, outward=outward):
        overhang = _overhang(area, frame) * _OUTSIDE if frame is not None else 0.0
        if way_out is not None and _inward(points, way_out):
            overhang += _INWARD
        limit = best[0] - overhang if best is not None else math.inf
        cost = _cost_beside(canvas, shape, points, area, 3.0, limit) + overhang
        if best is None or cost < best[0]:
            best = (cost, points, centre)
        if cost == 0:
            break
    assert best is not None
    _, points, centre = best
    theme = canvas.theme
    # the last vertex is replaced by the node itself: Graphviz ends the arrow on its outline
    canvas.polyline(
        points[:-1],
        colour=theme.bolt,
        penwidth=BOLT_WIDTH,
        style=theme.bolt_style,
        heads=(False, True) if not outward else (True, False),
        ends=(None, shape),
        solid=points[1:5],
    )
    canvas.obstacles.add_line(points)
    badge(canvas, centre, number)


def _cost_beside(
    canvas: Canvas, shape: Shape, points: list[Point], area: Rect, clearance: float, limit: float
) -> float:
    """What a mark standing on ``shape`` runs into, ``shape`` itself left out: a mark
    touches its node, and an oval's box (which is what obstacles hold) reaches well past
    the oval at its corners, so counting it would make every place look blocked.

    """
    return canvas.obstacles.cost(points, area, clearance=clearance, limit=limit, ignore=shape.rect)


def _inward(points: list[Point], way_out: Point) -> bool:
    """Whether a glyph (from its outer end to its tip on the node) points back into the
    figure rather than out of it."""
    direction = points[0] - points[-1]
    length = direction.length()
    if length == 0:
        return False
    cosine = (direction.x * way_out.x + direction.y * way_out.y) / length
    return cosine < _INWARD_COSINE


def _overhang(area: Rect, frame: Rect) -> float:
    """How far ``area`` reaches out of ``frame``, summed over its four sides."""
    return (
        max(frame.left - area.left, 0.0)
        + max(area.right - frame.right, 0.0)
        + max(frame.bottom - area.bottom, 0.0)
        + max(area.top - frame.top, 0.0)
    )


def draw_badge_on(canvas: Canvas, shape: Shape, number: int) -> None:
    """A numbered disc touching a node: the node also takes part in contradiction
    ``number``."""
    best: tuple[float, Point] | None = None
    for direction in glyph_spots(shape):
        centre = shape.boundary(shape.center + direction * 1000, _BADGE / 2 + 5)
        limit = best[0] if best is not None else math.inf
        cost = _cost_beside(canvas, shape, [centre], Rect(centre, _BADGE, _BADGE), 2.0, limit)
        if best is None or cost < best[0]:
            best = (cost, centre)
        if cost == 0:
            break
    assert best is not None
    badge(canvas, best[1], number)


def draw_marks(canvas: Canvas, marks: Iterable[Mark], shapes: Mapping[NodeKey, Shape]) -> None:
    """Draw the planned marks, in report order, each kept clear of those before it (so
    bolts that join the same two nodes run side by side)."""
    # a node may carry several glyphs: where they can stand is worked out once
    places: dict[tuple[Shape, bool], list[GlyphSpot]] = {}
    frame = bounds([shape.rect for shape in shapes.values()]) if shapes else None
    for mark in marks:
        if len(mark.ends) == 1:
            shape = shapes[mark.ends[0]]
            spot = (shape, mark.outward)
            if spot not in places:
                places[spot] = glyph_places(shape, outward=mark.outward)
            draw_glyph(
                canvas,
                shape,
                mark.number,
                outward=mark.outward,
                places=places[spot],
                frame=frame,
            )
        else:
            draw_bolt(canvas, shapes[mark.ends[0]], shapes[mark.ends[1]], mark.number)
        for key in mark.badges:
            draw_badge_on(canvas, shapes[key], mark.number)


def legend(bolt_style: str, *, outward: bool = False) -> str:
    """The caption line that says how contradictions are drawn."""
    look = "Zig-zag arrows" if bolt_style == "solid" else "Dashed zig-zag arrows"
    text = f"{look}: contradictions, numbered as in the report"
    if outward:
        text += "; an arrow pointing out of a node: a contradiction with another system"
    return text
