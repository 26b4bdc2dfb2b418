"""Marks on one node: short bolts standing on its outline, numbered discs beside it, and
the numbers of a crowded node gathered on one short bolt.

A glyph is a short zig-zag arrow on a node's outline: a contradiction inside the node
(pointing at it) or with a system the figure does not show (pointing away). Its number
stands at its outer end. It goes where it runs into least among twelve places round the
node, its zig-zag off other lines where another place or a longer shaft lets it (a glyph
whose zig-zag a line passes reads as a branch of that line). Where none of them keeps its
number and its shaft off the other nodes and numbers (a Figure 3's object, hemmed in by
its triangle and the shared object, may have none), it stands in one of 24 directions,
its tip away from the other lines on the node, with a longer shaft if need be. A node
with more glyphs of one kind than :data:`CROWD`, or than it has room for
(:func:`room_for_glyphs`), gets one glyph that carries all their numbers (``3, 5,
8–12``): a hub stays one readable mark however many contradictions meet there, and the
report lists each under its number. Numbers never cover a node or another number.

>>> number_list([1, 2, 3, 5, 7, 8, 12])
'1–3, 5, 7, 8, 12'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence

from activity_systems.render.canvas import Canvas
from activity_systems.render.deadline import check
from activity_systems.render.geometry import Point, Rect, Shape, bounds, extent, samples
from activity_systems.render.labels import escape, text_width
from activity_systems.render.strokes import glyph_spots, zigzag

BOLT_WIDTH = 2.0
#: The most glyphs of one kind (pointing at a node, or away from it) a node carries one
#: by one, and the most bolts drawn one by one between two nodes; more are drawn as one,
#: with all their numbers.
CROWD = 6

_BADGE = 17.0
_GLYPH = 40.0
_OUTSIDE = 0.3  # cost of a glyph per point it reaches out of the figure's nodes
# Cost of an outward glyph that points back into the figure (its direction more than
# about 15 degrees past square to the way out): more than crossing a few lines, less than
# running into another node (400), which would read as a contradiction with that node.
_INWARD = 300.0
_INWARD_COSINE = -0.25
_KEEP = 1.5  # how far a number and a shaft keep off other nodes, tags and numbers
#: A shaft with both its ends this near one of the figure's own lines runs along it.
_ALONG = 6.0
# Where a glyph may stand when none of glyph_spots' places is clear: 24 directions (in
# degrees; those of glyph_spots first), with shafts this long, and longer (see _shafts).
_DIRECTIONS = (
    *(60, 120, 35, 145, 10, 170, -20, -160, -60, -120, 90, -90),
    *(75, 105, 45, 135, 20, 160, 0, 180, -35, -145, -75, -105),
)
_SHAFTS = (40.0, 64.0, 92.0, 124.0)
_LONGER = 0.1  # cost per point of shaft beyond the usual length
# How near another line a shaft placed further out counts as running along it: wider than
# the usual 3 points, so that shafts side by side on one node keep their zig-zags apart.
_APART = 7.0
# A glyph placed further out keeps its tip this far from the ends of other lines on its
# node where it can, so that glyphs fan out rather than tangle.
_TIP_ROOM = 18.0
# How far other lines keep from a glyph's zig-zag where the node leaves it a place: a line
# across or beside the zig-zag makes the glyph read as a branch of that line.
_ZIGZAG_ROOM = 8.0
# Cost of a place whose zig-zag another line comes that near: more than a line or two
# across the glyph (20 each), less than running into another node (400).
_TOUCHED = 60.0


def badge_size(number: int) -> float:
    """The width of the disc that shows ``number``: wider for more digits."""
    return _BADGE + 5 * (len(str(number)) - 1)


def badge(
    canvas: Canvas, center: Point, number: int, *, room: float = 0.0, tooltip: str | None = None
) -> None:
    """A numbered disc, in the bolt colour, with ``tooltip`` (what the contradiction is);
    lines drawn later keep ``room`` further off."""
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
        tooltip=tooltip,
    )
    if room:
        canvas.obstacles.add_room(Rect(center, size + 2 * room, size + 2 * room))


def number_list(numbers: Sequence[int], comma: str = ", ") -> str:
    """The numbers, in order, with runs of three or more written as ``first–last``,
    parted by ``comma``."""
    parts: list[str] = []
    for _, run in itertools.groupby(enumerate(sorted(numbers)), lambda k: k[1] - k[0]):
        found = [n for _, n in run]
        if len(found) >= 3:
            parts.append(f"{found[0]}–{found[-1]}")
        else:
            parts += [str(n) for n in found]
    return comma.join(parts)


def _list_lines(numbers: Sequence[int]) -> list[str]:
    """:func:`number_list` in lines of as many entries as there are lines (give or take
    one), broken after commas: a box about as tall as it is wide, which finds room on a
    bolt more easily than one long line."""
    parts = number_list(numbers).split(", ")
    per_line = math.ceil(math.sqrt(len(parts)))
    rows = [parts[k : k + per_line] for k in range(0, len(parts), per_line)]
    return [", ".join(row) + ("," if k < len(rows) - 1 else "") for k, row in enumerate(rows)]


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


# The cheapest place found for a glyph: its cost, points, badge centre, and whether
# another line comes near its zig-zag (see _touched).
_Best = tuple[float, list[Point], Point, bool]


def _cheapest(
    canvas: Canvas,
    shape: Shape,
    places: Iterable[tuple[list[Point], Point, Rect, float]],
    best: _Best | None,
    frame: Rect | None,
    way_out: Point | None,
    *,
    badge: float | None = None,
) -> _Best:
    """The cheapest of ``places`` (each its points, badge centre, extent and a cost of its
    own), or ``best`` when none costs less, as :func:`draw_glyph` costs them; with
    ``badge``, only places that keep a badge that wide and their shaft clear
    (:func:`_clear`)."""
    for points, centre, area, penalty in places:
        if frame is not None:
            penalty += _overhang(area, frame) * _OUTSIDE
        if way_out is not None and _inward(points, way_out):
            penalty += _INWARD
        limit = best[0] - penalty if best is not None else math.inf
        cost = _cost_beside(canvas, shape, points, area, 3.0, limit) + penalty
        if best is not None and cost >= best[0]:
            continue
        touched = _touched(canvas, points)
        if touched:
            cost += _TOUCHED
        if best is not None and cost >= best[0]:
            continue
        if badge is not None and not _clear(canvas, shape, points, Rect(centre, badge, badge)):
            continue
        best = (cost, points, centre, touched)
        if cost == 0:
            break
    assert best is not None
    return best


def _further_places(
    shape: Shape, length: float, outward: bool
) -> Iterator[tuple[list[Point], Point, Rect, float]]:
    """Places for a glyph with a shaft ``length`` long, in each of 24 directions (but
    those of :func:`glyph_places` at the usual length), as (points, badge centre, extent,
    the cost of a longer shaft)."""
    for degrees in _DIRECTIONS[12:] if length == _GLYPH else _DIRECTIONS:
        radians = math.radians(degrees)
        direction = Point(math.cos(radians), math.sin(radians))
        tip = shape.boundary(shape.center + direction * 1000, 3.0)
        start = tip + direction * length
        points = zigzag([start, tip], 10.0)
        centre = start + direction * (_BADGE / 2 + (10 if outward else 8))
        area = bounds([Rect(p, 1, 1) for p in points] + [Rect(centre, _BADGE, _BADGE)])
        yield points, centre, area, (length - _GLYPH) * _LONGER


def _touched(canvas: Canvas, points: Sequence[Point]) -> bool:
    """Whether a line drawn before, or one of the figure's own, comes within
    :data:`_ZIGZAG_ROOM` of the zig-zag of a glyph's shaft ``points``."""
    return canvas.obstacles.near_lines(points[1:5], _ZIGZAG_ROOM)


def room_for_glyphs(canvas: Canvas, shape: Shape, *, way_out: Point | None = None) -> int:
    """How many glyphs ``shape`` can carry side by side, each in one of 24 directions with
    a shaft of one of the two shorter lengths, keeping its number and its shaft off the
    nodes, tags and numbers drawn so far, and its number and its tip off those of the
    glyphs counted before it; with ``way_out``, for glyphs that point out of the figure,
    none that points back into it."""
    tips = []
    for degrees in _DIRECTIONS:
        radians = math.radians(degrees)
        direction = Point(math.cos(radians), math.sin(radians))
        tips.append((direction, shape.boundary(shape.center + direction * 1000, 3.0)))
    # the room of the glyphs counted, as (left, right, bottom, top): Rect.overlaps
    # written out, since this is tried hundreds of times a figure
    taken: list[tuple[float, float, float, float]] = []
    for length, (direction, tip) in itertools.product(_SHAFTS[:2], tips):
        start = tip + direction * length
        tag = Rect(start + direction * (_BADGE / 2 + 8), _BADGE, _BADGE)
        room = [_edges(tag.inflate(_KEEP)), _edges(Rect(tip, _TIP_ROOM, _TIP_ROOM))]
        if any(
            left < other_right and other_left < right and bottom < other_top and other_bottom < top
            for left, right, bottom, top in room
            for other_left, other_right, other_bottom, other_top in taken
        ):
            continue
        points = zigzag([start, tip], 10.0)
        if way_out is not None and _inward(points, way_out):
            continue
        if _clear(canvas, shape, points, tag):
            taken += room
    return len(taken) // 2


def _edges(rect: Rect) -> tuple[float, float, float, float]:
    """``rect``'s left, right, bottom and top."""
    return rect.left, rect.right, rect.bottom, rect.top


def draw_glyph(
    canvas: Canvas,
    shape: Shape,
    number: int,
    *,
    outward: bool = False,
    places: list[GlyphSpot] | None = None,
    frame: Rect | None = None,
    tooltip: str | None = None,
    line_tooltip: str | None = None,
) -> None:
    """A short bolt standing on a node's outline, its number at the outer end, with
    ``tooltip`` (the shaft with ``line_tooltip``, by default the same); pointing at the
    node, or away from it when ``outward``. ``places`` are the shape's
    :func:`glyph_places`, when known. A place that reaches out of ``frame`` (the nodes'
    extent) costs more, so that glyphs keep the figure compact; an outward glyph that
    would point back into the figure (from the node toward the frame's middle) costs much
    more, since it reads as a contradiction inside the figure; so does one whose zig-zag
    another line passes near (:func:`_touched`), since the glyph would read as a branch
    of that line: where the cheapest place has one, the glyph goes in another direction,
    or with a longer shaft, where one is clear and costs less. When the cheapest place
    would put the number or the shaft on another node or number, the glyph stands further
    out (:func:`draw_gathered`)."""
    way_out = _way_out(shape, outward, frame)
    size = badge_size(number)
    usual = ((*place, 0.0) for place in places or glyph_places(shape, outward=outward))
    best = _cheapest(canvas, shape, usual, None, frame, way_out)
    clear = _clear(canvas, shape, best[1], Rect(best[2], size, size))
    # another line by its zig-zag: the other directions, then a longer shaft, where clear
    for length in _SHAFTS[:2]:
        if not (clear and best[3]):
            break
        further = _further_places(shape, length, outward)
        best = _cheapest(canvas, shape, further, best, frame, way_out, badge=size)
    _, points, centre, _ = best
    if not clear:
        draw_gathered(
            canvas,
            shape,
            [number],
            outward=outward,
            frame=frame,
            tooltip=tooltip,
            line_tooltip=line_tooltip,
        )
        return
    _shaft(canvas, shape, points, outward, tooltip if line_tooltip is None else line_tooltip)
    badge(canvas, centre, number, tooltip=tooltip)


def draw_gathered(
    canvas: Canvas,
    shape: Shape,
    numbers: Sequence[int],
    *,
    outward: bool = False,
    frame: Rect | None = None,
    tooltip: str | None = None,
    line_tooltip: str | None = None,
) -> None:
    """A glyph on ``shape`` with ``numbers`` at its outer end (a disc for one, a list for
    several), with ``tooltip`` (the shaft with ``line_tooltip``, by default the same),
    where its number and its shaft keep off every other node and number: in one of 24
    directions, with a shaft of one of the usual lengths, its tip away from the ends of
    other lines on the node where it can be; costed as
    :func:`draw_glyph` costs its places, a longer shaft costing a little more. Only where
    no usual length leaves a place clear is the shaft longer; far enough out every number
    is clear of the nodes, so there always is a place."""
    _, width, height = number_tag(numbers)
    way_out = _way_out(shape, outward, frame)
    gap = 10.0 if outward else 8.0
    obstacles = canvas.obstacles
    directions = []
    for degrees in _DIRECTIONS:
        radians = math.radians(degrees)
        direction = Point(math.cos(radians), math.sin(radians))
        tip = shape.boundary(shape.center + direction * 1000, 3.0)
        # the ends of other lines on the node, or a neighbour, next to the tip
        crowded = obstacles.cost([tip], None, clearance=_TIP_ROOM, ignore=shape.rect) > 0
        directions.append((direction, tip, crowded))
    # The cheapest place of each tier: 0 clear, its tip away from other lines; 1 clear;
    # 2 its number clear, its shaft across another node or along a triangle's line.
    best: list[tuple[float, list[Point], Point] | None] = [None, None, None]
    reach = bounds([shape.rect, *obstacles.rects])
    for ring, length in enumerate(_shafts(reach, max(width, height))):
        if ring >= len(_SHAFTS) and (best[0] or best[1]):
            break
        # a crowded figure's glyph tries ring after ring, each costing as much as a
        # route: the figure's time limit is checked before each, as before each search
        check()
        for direction, tip, crowded in directions:
            tier = 1 if crowded else 0
            if tier and best[0]:
                continue  # tier 1 or 2, and a place of tier 0 is already found
            start = tip + direction * length
            tag = Rect(start + direction * (extent(width, height, direction) + gap), width, height)
            if not tag_clear(canvas, tag, ignore=shape.rect):
                continue
            points = zigzag([start, tip], 10.0)
            if not _shaft_clear(canvas, shape, points):
                tier = 2
            if any(best[:tier]):
                continue
            penalty = (length - _GLYPH) * _LONGER
            if frame is not None:
                area = bounds([Rect(p, 1, 1) for p in points] + [tag])
                penalty += _overhang(area, frame) * _OUTSIDE
            if way_out is not None and _inward(points, way_out):
                penalty += _INWARD
            kept = best[tier]
            limit = kept[0] - penalty if kept is not None else math.inf
            cost = _cost_beside(canvas, shape, points, tag, _APART, limit) + penalty
            if kept is not None and cost >= kept[0]:
                continue
            if _touched(canvas, points):
                cost += _TOUCHED
            if kept is None or cost < kept[0]:
                best[tier] = (cost, points, tag.center)
    chosen = next(found for found in best if found is not None)
    _, points, centre = chosen
    _shaft(canvas, shape, points, outward, tooltip if line_tooltip is None else line_tooltip)
    draw_numbers(canvas, centre, numbers, tooltip=tooltip)


def number_tag(numbers: Sequence[int]) -> tuple[list[str], float, float]:
    """What shows ``numbers``, in lines, and its width and height: a disc for one number
    (:func:`badge`), a box of lines (:func:`number_list`) for several."""
    if len(numbers) == 1:
        size = badge_size(numbers[0])
        return [str(numbers[0])], size, size
    lines = _list_lines(numbers)
    return lines, max(text_width(line, bold=True) for line in lines) + 10, 12.0 * len(lines) + 6


def draw_numbers(
    canvas: Canvas,
    center: Point,
    numbers: Sequence[int],
    *,
    room: float = 0.0,
    tooltip: str | None = None,
) -> None:
    """``numbers`` at ``center``: a disc for one, a box of lines for several, with
    ``tooltip``; lines drawn later keep ``room`` further off."""
    if len(numbers) == 1:
        badge(canvas, center, numbers[0], room=room, tooltip=tooltip)
        return
    lines, width, height = number_tag(numbers)
    theme = canvas.theme
    canvas.node(
        Shape(center, width, height),
        f"<<B>{'<BR/>'.join(escape(line) for line in lines)}</B>>",
        shape="box",
        style="rounded,filled",
        fillcolor=theme.badge_fill,
        color=theme.bolt,
        fontcolor=theme.bolt,
        fontsize="10",
        penwidth="1.4",
        tooltip=tooltip,
    )
    if room:
        canvas.obstacles.add_room(Rect(center, width + 2 * room, height + 2 * room))


def _shafts(reach: Rect, size: float) -> Iterator[float]:
    """Shaft lengths for :func:`draw_gathered`, shortest first: the usual ones, then a
    quarter longer each time, up to a length at which the tag lies beyond ``reach`` (the
    extent of everything drawn) in every direction."""
    far = math.hypot(reach.width, reach.height) + size + 10
    yield from _SHAFTS
    length = _SHAFTS[-1]
    while length < far:
        length = min(far, length * 1.25)
        yield length


def _shaft(
    canvas: Canvas, shape: Shape, points: list[Point], outward: bool, tooltip: str | None
) -> None:
    """Draw a glyph's zig-zag shaft (``points``, tip last), with ``tooltip``."""
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
        tooltip=tooltip,
    )
    canvas.obstacles.add_line(points)


def _clear(canvas: Canvas, shape: Shape, points: Sequence[Point], tag: Rect) -> bool:
    """Whether a mark on ``shape`` keeps its number ``tag`` and its line ``points`` off
    every other node, tag and number."""
    return tag_clear(canvas, tag, ignore=shape.rect) and _shaft_clear(canvas, shape, points)


def tag_clear(canvas: Canvas, tag: Rect, *, ignore: Rect | None = None) -> bool:
    """Whether ``tag`` keeps :data:`_KEEP` off every node, tag and number other than
    ``ignore`` (off an oval itself, not only its box)."""
    grown = tag.inflate(_KEEP)
    for rect in canvas.obstacles.under(grown, ignore=ignore):
        oval = canvas.ovals.get(rect)
        if oval is None or _meets(oval, grown):
            return False
    return True


def _shaft_clear(canvas: Canvas, shape: Shape, points: Sequence[Point]) -> bool:
    """Whether the line ``points``, from ``shape``, keeps :data:`_KEEP` off every other
    node, tag and number (off an oval itself, not only its box), and does not run along
    one of the figure's own lines (it would read as a contradiction between the two
    nodes that line joins)."""
    if not points:
        return True
    if canvas.obstacles.along_guide(points, _ALONG):
        return False
    for rect in canvas.obstacles.near_line(points, _KEEP, ignore=shape.rect):
        oval = canvas.ovals.get(rect)
        if oval is None or any(oval.contains(Point(x, y), _KEEP) for x, y in samples(points)):
            return False
    return True


def _meets(oval: Shape, box: Rect) -> bool:
    """Whether ``box`` reaches into the oval: whether its point nearest the oval's centre
    does, in coordinates where the oval is a circle."""
    nearest = Point(
        min(max(oval.center.x, box.left), box.right),
        min(max(oval.center.y, box.bottom), box.top),
    )
    d = nearest - oval.center
    return (d.x / (oval.width / 2)) ** 2 + (d.y / (oval.height / 2)) ** 2 < 1


def way_out(shape: Shape, frame: Rect | None) -> Point | None:
    """The direction from the middle of ``frame`` (the figure's nodes) to ``shape``: the
    way a glyph points out of the figure."""
    return (shape.center - frame.center).unit() if frame is not None else None


def _way_out(shape: Shape, outward: bool, frame: Rect | None) -> Point | None:
    return way_out(shape, frame) if outward else None


def _cost_beside(
    canvas: Canvas, shape: Shape, points: list[Point], area: Rect, clearance: float, limit: float
) -> float:
    """What a mark standing on ``shape`` runs into, ``shape`` itself left out: a mark
    touches its node, and an oval's box (which is what obstacles hold) reaches well past
    the oval at its corners, so counting it would make every place look blocked."""
    return canvas.obstacles.cost(points, area, clearance=clearance, limit=limit, ignore=shape.rect)


def _inward(points: list[Point], out: Point) -> bool:
    """Whether a glyph (from its outer end to its tip on the node) points back into the
    figure rather than out of it (``out``, see :func:`way_out`)."""
    direction = points[0] - points[-1]
    length = direction.length()
    if length == 0:
        return False
    cosine = (direction.x * out.x + direction.y * out.y) / length
    return cosine < _INWARD_COSINE


def _overhang(area: Rect, frame: Rect) -> float:
    """How far ``area`` reaches out of ``frame``, summed over its four sides."""
    return (
        max(frame.left - area.left, 0.0)
        + max(area.right - frame.right, 0.0)
        + max(frame.bottom - area.bottom, 0.0)
        + max(area.top - frame.top, 0.0)
    )


def draw_badge_on(
    canvas: Canvas,
    shape: Shape,
    number: int,
    *,
    frame: Rect | None = None,
    tooltip: str | None = None,
) -> None:
    """A numbered disc touching a node, with ``tooltip``: the node also takes part in
    contradiction ``number``. Where no place beside the node keeps it off the other nodes
    and numbers, a glyph pointing at the node carries the number instead
    (:func:`draw_gathered`)."""
    size = badge_size(number)
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
    if not _clear(canvas, shape, [], Rect(best[1], size, size)):
        for degrees in _DIRECTIONS:
            radians = math.radians(degrees)
            toward = shape.center + Point(math.cos(radians), math.sin(radians)) * 1000
            centre = shape.boundary(toward, size / 2 + 5)
            if _clear(canvas, shape, [], Rect(centre, size, size)):
                best = (0.0, centre)
                break
        else:
            draw_gathered(canvas, shape, [number], frame=frame, tooltip=tooltip)
            return
    badge(canvas, best[1], number, tooltip=tooltip)
