"""How lines are drawn: rounded bends, the lightning-bolt kink, tags beside a line, ends
spread along an outline, and where a small mark can stand on a node.

>>> corners, centre, normal = lightning([Point(0, 0), Point(200, 0)])
>>> len(corners), centre
(4, Point(x=100.0, y=0.0))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Iterator, Sequence

from activity_systems.render.geometry import (
    Point,
    Rect,
    Shape,
    along,
    distance_along,
    distance_to_segment,
    extent,
    gap_to_line,
    path_length,
)
from activity_systems.render.obstacles import Obstacles

# The lightning kink on a bolt: its corners lie this far along the line from its centre.
_KINK_REACH = 16.0
_KINK_OVERLAP = 6.0
# How far other lines keep from a kink's corners where they can (a line nearer reads as
# passing through it).
_KINK_ROOM = 6.0
# Kinks tried, in turn, on a line that has no room for the usual one: how far each
# reaches to either side of the line, and which way round it is.
_KINKS = ((10.0, 1.0), (10.0, -1.0), (6.0, 1.0), (6.0, -1.0), (4.0, 1.0), (4.0, -1.0))


def zigzag(points: Sequence[Point], amplitude: float = 8.0) -> list[Point]:
    """The polyline with a lightning-bolt kink in its middle, the shape of the symbol ↯.

    The line runs to just before its middle, jumps forward and to one side, cuts back
    across to the other side, and runs on to the end. The kink has the same size on every
    line (smaller only on very short ones), so that long bolts look like short ones.
    """
    if len(points) == 2:
        return _zigzag_straight(points[0], points[1], amplitude)
    return _zigzag_polyline(points, amplitude)


def _zigzag_polyline(points: Sequence[Point], amplitude: float) -> list[Point]:
    """:func:`zigzag` of any polyline."""
    total = path_length(points)
    if total == 0:
        return list(points)
    middle, approach, amplitude, corners = _zigzag_kink(total, amplitude)
    head = [p for p, s in _with_distance(points) if s < middle - approach]
    tail = [p for p, s in _with_distance(points) if s > middle + approach]
    kink = []
    for distance, side in corners:
        point, direction = along(points, middle + distance)
        kink.append(point + direction.normal() * (side * amplitude))
    return [*head, *kink, *tail]


def _zigzag_kink(
    total: float, amplitude: float
) -> tuple[float, float, float, tuple[tuple[float, int], ...]]:
    """The kink of a zig-zag on a line ``total`` long: the line's middle, how far before
    and after it the kink begins and ends, how far its corners stand to the side, and
    its four corners as (distance from the middle, side). Smaller only on lines shorter
    than 60 points."""
    scale = min(1.0, total / 60)
    approach, overlap = 12 * scale, 5 * scale
    corners = ((-approach, 0), (overlap, 1), (-overlap, -1), (approach, 0))
    return total / 2, approach, amplitude * scale, corners


def _zigzag_straight(a: Point, b: Point, amplitude: float) -> list[Point]:
    """:func:`zigzag` of the line from ``a`` to ``b`` (a glyph's shaft; figures try many
    places for each), with the same arithmetic, so the same points to the last bit.

    >>> line = [Point(3, 4), Point(90, -20)]
    >>> _zigzag_straight(*line, 10.0) == _zigzag_polyline(line, 10.0)
    True
    """
    step = b - a
    total = step.length()
    if total == 0:
        return [a, b]
    middle, approach, amplitude, corners = _zigzag_kink(total, amplitude)
    side_of = step.unit().normal()
    points = [a] if middle - approach > 0.0 else []
    for distance, side in corners:
        points.append(a + step * ((middle + distance) / total) + side_of * (side * amplitude))
    if total > middle + approach:
        points.append(b)
    return points


def _with_distance(points: Sequence[Point]) -> Iterator[tuple[Point, float]]:
    walked = 0.0
    previous = points[0]
    for point in points:
        walked += (point - previous).length()
        previous = point
        yield point, walked


def rounded(
    points: Sequence[Point], radius: float = 18.0, *, pieces: int | None = None
) -> list[Point]:
    """The polyline with each bend replaced by a circular arc (a fillet) of at most
    ``radius``, drawn as short straight pieces: lines read as curves, not as zig-zags.
    With ``pieces``, every bend, however slight, is cut by that many pieces (few
    vertices, for a figure of hundreds of long curved lines); else by about one piece
    per 0.3 radians of turn, and a bend of less than 0.05 radians is left as it is.

    >>> curve = rounded([Point(0, 0), Point(100, 0), Point(100, 100)])
    >>> len(curve), curve[0], curve[-1]
    (9, Point(x=0, y=0), Point(x=100, y=100))
    """
    if len(points) < 3:
        return list(points)
    out = [points[0]]
    for before, here, after in zip(points, points[1:], points[2:], strict=False):
        into, out_of = (here - before), (after - here)
        turn = math.atan2(
            into.x * out_of.y - into.y * out_of.x, into.x * out_of.x + into.y * out_of.y
        )
        if pieces is None and abs(turn) < 0.05:
            out.append(here)
            continue
        # the arc starts and ends this far from the corner, at most 40% of either side
        reach = min(radius * math.tan(abs(turn) / 2), into.length() * 0.4, out_of.length() * 0.4)
        start = here - into.unit() * reach
        end = here + out_of.unit() * reach
        steps = pieces or max(2, math.ceil(abs(turn) / 0.3))
        for k in range(steps + 1):
            t = k / steps
            # quadratic Bézier through the corner: close to a circular arc for these turns
            out.append(start * ((1 - t) ** 2) + here * (2 * (1 - t) * t) + end * (t * t))
    out.append(points[-1])
    return out


def lightning(
    points: Sequence[Point],
    obstacles: Obstacles | None = None,
    amplitude: float = 10.0,
    *,
    own: Collection[int] = (),
) -> tuple[list[Point], Point, Point]:
    """The four corners of a lightning-bolt kink on the polyline, the kink's centre, and
    the unit normal there (to put a number beside it).

    The kink goes in the middle of the longest segment, or as near it as keeps it clear
    of the node boxes and tags among ``obstacles`` and of the lines drawn before (a kink
    where another line crosses could belong to either); when no place is clear of the
    lines, one clear of boxes and tags, or else near a box or tag but not on it, whose
    zig-zag (either way round) no line cuts, for a line that only passes near it reads
    as passing: the first that every line passes at least :data:`_KINK_ROOM` from, else
    the one they pass furthest from; else the first one clear of boxes and tags; when
    none is, the first one whose zig-zag at least does not reach into one, mirrored or
    smaller if need be. ``own`` are the numbers of lines among the obstacles' that do
    not count: the line itself, when it is there already, and any that run beside it on
    purpose.
    """
    fallback: tuple[list[Point], Point, Point] | None = None
    clear_of_boxes: tuple[list[Point], Point, Point] | None = None
    # places clear of boxes, crossed by a line: lines pass near; does one cut the kink?
    crossed: list[tuple[list[Point], Point, Point]] = []
    off_boxes: tuple[list[Point], Point, Point] | None = None  # near a box, not on it
    beside: list[tuple[list[Point], Point, Point]] = []  # every such place
    for centre, direction in _kink_places(points):
        corners = _kink(centre, direction, amplitude)
        found = (corners, centre, direction.normal())
        fallback = fallback or found
        if obstacles is None:
            return found
        # bounds() of 1-point squares round the corners, its arithmetic written out
        left, right = min(c.x for c in corners) - 0.5, max(c.x for c in corners) + 0.5
        bottom, top = min(c.y for c in corners) - 0.5, max(c.y for c in corners) + 0.5
        kink = Rect(Point((left + right) / 2, (bottom + top) / 2), right - left, top - bottom)
        box = kink.inflate(_KINK_ROOM)
        if not obstacles.blocks(box):
            if not obstacles.crossed(box, ignore=own):
                return found
            clear_of_boxes = clear_of_boxes or found
            crossed.append((corners, centre, direction))
        elif not obstacles.blocks(kink):
            off_boxes = off_boxes or found
            beside.append((corners, centre, direction))
    assert fallback is not None
    assert obstacles is not None  # without obstacles the first place was taken
    # looked at only now that no place is clear: most kinks have one
    # of those whose zig-zag no line cuts, the first that every line passes at least
    # _KINK_ROOM from, else the one they pass furthest from
    uncut: tuple[list[Point], Point, Point] | None = None
    widest = -1.0
    for corners, centre, direction in (*crossed, *beside):
        for turned in (corners, _kink(centre, direction, -amplitude)):
            if _cut(turned, obstacles, own):
                continue
            gap = obstacles.line_gap(turned, _KINK_ROOM, ignore=own)
            if gap > widest:
                uncut, widest = (turned, centre, direction.normal()), gap
            if widest >= _KINK_ROOM:
                break
        if widest >= _KINK_ROOM:
            break
    for chosen in (uncut, clear_of_boxes, off_boxes):
        if chosen is not None:
            return chosen
    # A line that runs close by nodes all along (where they left it no wider way): the
    # first kink whose zig-zag keeps out of them, mirrored or smaller if need be.
    for reach, side in _KINKS:
        for centre, direction in _kink_places(points):
            corners = _kink(centre, direction, min(reach, amplitude) * side)
            if not obstacles.across(corners):
                return corners, centre, direction.normal()
    return fallback


#: How near a line may pass to the tip of a kink's zig-zag without cutting it.
_TIP_ROOM = 3.0


def _cut(corners: Sequence[Point], obstacles: Obstacles, own: Collection[int] = ()) -> bool:
    """Whether a line drawn before (but the line numbers ``own``) cuts the zig-zag through
    ``corners``, or passes within :data:`_TIP_ROOM` of one of its two tips."""
    for p, q in itertools.pairwise(corners):
        if obstacles.lines_cut(p, q, ignore=own):
            return True
    return any(
        obstacles.crossed(Rect(tip, 2 * _TIP_ROOM, 2 * _TIP_ROOM), ignore=own)
        for tip in corners[1:3]
    )


def _kink_places(points: Sequence[Point]) -> Iterator[tuple[Point, Point]]:
    """Where a kink may go on the polyline, best first, and the direction there: along
    the longest segments first, nearest their middles first; past the first, only where
    the kink has room on its segment."""
    segments = sorted(
        range(len(points) - 1), key=lambda k: (-(points[k + 1] - points[k]).length(), k)
    )
    first = True
    for k in segments:
        a, b = points[k], points[k + 1]
        direction = (b - a).unit()
        length = (b - a).length()
        for fraction in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74):
            if min(fraction, 1 - fraction) * length < _KINK_REACH + 4 and not first:
                continue
            first = False
            yield a + (b - a) * fraction, direction


def _kink(centre: Point, direction: Point, amplitude: float) -> list[Point]:
    """The corners of a kink at ``centre`` on a line running along ``direction``,
    reaching ``amplitude`` to either side (the other way round when it is negative)."""
    # Point arithmetic written out coordinate by coordinate, in the same order: the
    # summary overview asks for tens of thousands of kinks
    x, y, dx, dy = centre.x, centre.y, direction.x, direction.y
    nx, ny = -dy, dx  # direction.normal()
    return [
        Point(x - dx * _KINK_REACH, y - dy * _KINK_REACH),
        Point(x + dx * _KINK_OVERLAP + nx * amplitude, y + dy * _KINK_OVERLAP + ny * amplitude),
        Point(x - dx * _KINK_OVERLAP - nx * amplitude, y - dy * _KINK_OVERLAP - ny * amplitude),
        Point(x + dx * _KINK_REACH, y + dy * _KINK_REACH),
    ]


def spread(
    shape: Shape,
    point: Point,
    taken: Sequence[Point],
    gap: float = 12.0,
    *,
    fits: Callable[[Point], bool] | None = None,
) -> Point:
    """``point`` on ``shape``'s outline, moved along it until it is at least ``gap`` from
    the ends already ``taken`` there, so that arrowheads do not pile up; only to a place
    that ``fits`` accepts, when given (``point`` itself when none is)."""
    offset = point - shape.center
    radius = offset.length() or 1.0
    # measured square to the outline: near a box's corner, the distance along the ray
    # from the centre is several times larger, and a point moved round the corner would
    # end that far from the box
    margin = shape.margin_of(point)
    start = math.atan2(offset.y, offset.x)
    for k in (0, 1, -1, 2, -2, 3, -3, 4, -4):
        angle = start + k * gap / radius
        candidate = shape.boundary(shape.center + Point(math.cos(angle), math.sin(angle)), margin)
        if all((candidate - other).length() >= gap for other in taken) and (
            fits is None or k == 0 or fits(candidate)
        ):
            return candidate
    return point


def with_kink(
    path: Sequence[Point], corners: Sequence[Point], *, round_bends: bool = True
) -> list[Point]:
    """The path, its bends rounded (unless ``round_bends`` is false: a path whose bends
    are cut already), with the kink (from :func:`lightning`) set into the segment that
    holds it."""
    shaped = rounded if round_bends else list
    first, last = corners[0], corners[-1]
    for k, (a, b) in enumerate(itertools.pairwise(path)):
        if distance_to_segment(first, a, b) < 0.5 and distance_to_segment(last, a, b) < 0.5:
            before = shaped([*path[: k + 1], first])
            after = shaped([last, *path[k + 1 :]])
            return [*before, *corners[1:-1], *after]
    return shaped(path)


# How far out from the line, and how far along it, a tag may go: nearest first. The
# furthest are tried only when every nearer place is taken, as in a crowded Figure 3.
_LINE_END = 16.0  # room kept between a tag on a line and the line's ends
_CLEAR = 10.0  # a place on a line that costs this much is not clear

_EXTRAS = (0.0, 6.0, 14.0, 24.0, 40.0, 60.0, 84.0, 110.0)
# Shifts along the line, each no smaller than the one before it: beside() stops
# trying a ring of places once its shifts cost more than the best place found.
_SHIFTS = (0.0, 10.0, -10.0, 20.0, -20.0, 34.0, -34.0, 50.0, -50.0, 70.0, -70.0, 95.0, -95.0)


def beside(
    centre: Point,
    normal: Point,
    size: tuple[float, float],
    gap: float,
    obstacles: Obstacles,
    *,
    lines: bool = True,
) -> Rect:
    """Where a tag of ``size`` goes beside a line: next to ``centre`` on the side of
    ``normal`` if that is clear, else on the other side, else a little along the line or
    further out, whichever is clearest (of the lines drawn too, unless ``lines`` is
    false)."""
    along_line = normal.normal() * -1
    width, height = size
    # each side's direction and how far a tag reaches along it, worked out once (the same
    # arithmetic, in the same order, as for each place on its own)
    sides = [(outward, extent(width, height, outward) + gap) for outward in (normal, normal * -1.0)]
    best: tuple[float, int, Rect] | None = None
    order = 0
    for extra in _EXTRAS:
        extra_cost = extra / 6
        for shift, (outward, reach) in itertools.product(_SHIFTS, sides):
            shift_cost = abs(shift) / 10
            # Along the ring the shifts only grow, and no place costs less than its shift
            # and extra: once the best so far costs no more than that (a tie goes to the
            # place tried first), no place left in the ring can be taken.
            if best is not None and best[0] <= shift_cost + extra_cost:
                break
            tag = Rect(centre + outward * (reach + extra) + along_line * shift, width, height)
            # a candidate is taken only when it costs less than the best so far
            limit = best[0] - shift_cost - extra_cost if best is not None else math.inf
            cost = obstacles.cost([], tag, clearance=0.0, limit=limit, lines=lines)
            cost = cost + shift_cost + extra_cost
            order += 1
            if best is None or (cost, order) < (best[0], best[1]):
                best = (cost, order, tag)
        if best is not None and best[0] < 10:
            break
    assert best is not None
    return best[2]


#: A probe this much smaller than a tag tests only what lies under the tag (the cost of a
#: place counts what comes within 4.5 points of the box it is given).
TIGHT = 9.0

# Where along a line (as a fraction of its length) a tag may interrupt it, middle first.
_ON_LINE = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88)


def on_line(
    points: Sequence[Point], size: tuple[float, float], obstacles: Obstacles
) -> Rect | None:
    """Where a tag of ``size`` goes on a line, interrupting it (as a label on a map's road
    does): near its middle, clear of everything in ``obstacles`` and of the line's ends.
    ``None`` when the line is too short or no place near its middle is clear."""
    length = path_length(points)
    best: tuple[float, Rect] | None = None
    for fraction in _ON_LINE:
        centre, direction = along(points, length * fraction)
        reach = extent(size[0], size[1], direction)
        if min(fraction, 1 - fraction) * length < reach + _LINE_END:
            continue
        # off the line's middle a little, as long as the tag still covers the line
        cover = extent(size[0], size[1], direction.normal()) - 2
        for nudge in (0.0, 6.0, -6.0, 12.0, -12.0):
            if abs(nudge) > cover:
                continue
            tag = Rect(centre + direction.normal() * nudge, size[0], size[1])
            penalty = abs(fraction - 0.5) * 10 + abs(nudge) / 6
            limit = min(best[0], _CLEAR) - penalty if best is not None else _CLEAR
            cost = obstacles.cost([], tag, clearance=0.0, limit=limit) + penalty
            if cost < _CLEAR and (best is None or cost < best[0]):
                best = (cost, tag)
    return best[1] if best is not None else None


def next_to_line(
    points: Sequence[Point],
    size: tuple[float, float],
    gap: float,
    obstacles: Obstacles,
    *,
    margin: float = 0.0,
) -> Rect | None:
    """Where a tag of ``size`` goes right beside a line, ``gap`` from it, anywhere along
    it (nearest its middle first, either side): for a label that finds no room on its
    line. A place is clear when nothing comes near it; with ``margin`` (:data:`TIGHT`), when
    nothing comes under it. ``None`` when no place is clear."""
    length = path_length(points)
    best: tuple[float, Rect] | None = None
    for fraction in _ON_LINE:
        penalty = abs(fraction - 0.5) * 10
        if best is not None and best[0] <= penalty:
            break  # nothing further from the middle can cost less
        centre, direction = along(points, length * fraction)
        for side in (1.0, -1.0):
            outward = direction.normal() * side
            reach = extent(size[0], size[1], outward) + gap
            best = _cheaper(best, centre + outward * reach, size, margin, penalty, obstacles)
    return best[1] if best is not None else None


#: The furthest :func:`by_line` puts a tag from its line (from the tag's edge), and the
#: gaps it tries; a tag that far off its line is still read as the line's.
BY_LINE_REACH = 7.0
_BY_LINE_GAPS = (5.0, BY_LINE_REACH)
_BY_LINE_STEP = 6.0  # between the places along the line that it tries


def by_line(
    points: Sequence[Point], size: tuple[float, float], obstacles: Obstacles
) -> Rect | None:
    """Where a tag of ``size`` goes on a line or right beside it (at most
    :data:`BY_LINE_REACH` off it), anywhere along it, when no place is clear
    (:func:`on_line`, :func:`next_to_line`): the place that runs into least (other lines
    under it, tags near it), nearest the line's middle among equals, covering no node box
    or tag. ``None`` when every such place covers one.

    A node covers the middle of a line, another line runs along it: the tag goes beside
    the line, just past the node.

    >>> obstacles = Obstacles([Rect(Point(0, 0), 60, 40)], [[Point(-90, 0), Point(90, 0)]])
    >>> by_line([Point(-100, 0), Point(100, 0)], (30, 12), obstacles).center
    Point(x=54.0, y=11.0)
    """
    length = path_length(points)
    reach = BY_LINE_REACH + 0.5  # allowing for rounding
    count = max(1, int(length / 2 / _BY_LINE_STEP))
    best: tuple[float, Rect] | None = None
    for k in range(count + 1):
        for sign in (1.0, -1.0) if k else (1.0,):
            offset = sign * k * _BY_LINE_STEP
            penalty = abs(offset) / max(length, 1.0) * 10
            if best is not None and best[0] <= penalty:
                return best[1]  # nothing further from the middle can cost less
            centre, direction = along(points, length / 2 + offset)
            normal = direction.normal()
            # on the line, keeping clear of its ends; else on either side of it
            places = []
            if length / 2 - abs(offset) >= extent(size[0], size[1], direction) + _LINE_END:
                places.append(centre)
            for gap in _BY_LINE_GAPS:
                for side in (1.0, -1.0):
                    out = extent(size[0], size[1], normal) + gap
                    places.append(centre + normal * (side * out))
            for at in places:
                tag = Rect(at, size[0], size[1])
                if obstacles.blocks(tag):
                    continue
                limit = best[0] - penalty if best is not None else math.inf
                cost = obstacles.cost([], tag, clearance=0.0, limit=limit) + penalty
                # beside a bend, a corner of the tag can stand further off the line
                if (best is None or cost < best[0]) and gap_to_line(tag, points) <= reach:
                    best = (cost, tag)
    return best[1] if best is not None else None


_ARROWHEAD = 11.0  # room kept for an arrowhead at each end of a bolt
# How far along a bolt, beyond its kink, a badge may stand: nearest first (points).
_ALONG_BOLT = (0.0, 8.0, 16.0, 24.0, 34.0, 46.0, 60.0, 76.0, 96.0, 120.0, 150.0, 185.0, 225.0)


def on_bolt(
    path: Sequence[Point], kink: Point, size: tuple[float, float], obstacles: Obstacles
) -> Rect | None:
    """Where a badge of ``size`` goes on a bolt, covering the line (edges are drawn
    first) but not its kink: just beyond the kink on either side, or further along when
    that is taken. ``path`` is the bolt without its kink and ``kink`` the kink's centre on
    it. A place is clear when nothing else comes near the badge; where no place is (bolts
    side by side), one where nothing else passes under the badge will do. ``None`` when
    there is neither."""
    length = path_length(path)
    at = distance_along(path, kink)
    radius = max(size) / 2  # a badge is a disc
    clear_of_kink = _KINK_REACH + radius + 1
    for margin in (0.0, TIGHT):
        best: tuple[float, Rect] | None = None
        for extra in _ALONG_BOLT:
            penalty = extra / 8
            if best is not None and best[0] <= penalty:
                break  # nothing further along can cost less
            for sign in (1.0, -1.0):
                distance = at + sign * (clear_of_kink + extra)
                if not radius + _ARROWHEAD <= distance <= length - radius - _ARROWHEAD:
                    continue
                centre, _ = along(path, distance)
                best = _cheaper(best, centre, size, margin, penalty, obstacles)
        if best is not None:
            return best[1]
    return None


def _cheaper(
    best: tuple[float, Rect] | None,
    at: Point,
    size: tuple[float, float],
    margin: float,
    penalty: float,
    obstacles: Obstacles,
) -> tuple[float, Rect] | None:
    """``best`` (its cost and place), or the place of ``size`` at ``at`` when that is clear
    and, with ``penalty`` added, cheaper. The cost counts what comes within 4.5 points of
    the box it is given: a probe ``margin`` smaller than the tag tests what lies under it."""
    probe = Rect(at, size[0] - margin, size[1] - margin)
    limit = _CLEAR if best is None else min(_CLEAR, best[0] - penalty)
    cost = obstacles.cost([], probe, clearance=0.0, limit=limit)
    return (cost + penalty, Rect(at, size[0], size[1])) if cost < limit else best


def glyph_spots(shape: Shape) -> Iterator[Point]:
    """Directions, best first, in which a small mark can stand on a node's outline:
    top corners, then the sides, then the bottom corners."""
    for degrees in (60, 120, 35, 145, 10, 170, -20, -160, -60, -120, 90, -90):
        radians = math.radians(degrees)
        yield Point(math.cos(radians), math.sin(radians))
