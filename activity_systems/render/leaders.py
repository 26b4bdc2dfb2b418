"""Tags tied to their line by a thin dotted line (a leader), where no place beside the
line is clear of the nodes and the other tags: a bolt's numbers, an exchange's label.

A leader runs from the line's point nearest the tag to the tag's centre (the tag, drawn
over it, hides the rest); where that crosses a node or another tag, from another point
of the line; where no straight leader is clear, round them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from activity_systems.render import glyphs
from activity_systems.render.canvas import Canvas
from activity_systems.render.geometry import (
    Point,
    Rect,
    Shape,
    along,
    bounds,
    distance_along,
    extent,
    gap_to_line,
    path_length,
    samples,
)
from activity_systems.render.routing import route

_START = 24.0  # the nearest a tag off its line stands to the line's middle
#: A tag further than this from its line is tied to it by a leader, unless told otherwise.
GAP = 16.0
_WIDTH = 0.8
# A leader that cannot run clear from the line's point nearest its tag may start at one
# of the _FEET points nearest it, every _FOOT_STEP points along the line.
_FOOT_STEP = 8.0
_FEET = 24


def draw_leader(canvas: Canvas, leader: Sequence[Point], colour: str) -> None:
    """Draw ``leader`` (nothing when it is empty), thin and dotted, in ``colour``; what is
    placed later keeps off it, as off any line."""
    if leader:
        canvas.polyline(
            leader, colour=colour, penwidth=_WIDTH, style="dotted", heads=(False, False)
        )
        canvas.obstacles.add_line(leader)


def _leader(line: Sequence[Point], tag: Rect, within: float) -> list[Point]:
    """The leader from ``line``'s point nearest ``tag`` to its centre; none when the tag
    stands ``within`` that of the line.

    How far a tag reaches toward that point (:func:`extent`) is exact for a tag beside
    the line, but too much for one off an end of it, askew: that one is also measured
    from its edge to the line, lest it stand further off, untied.

    >>> line = [Point(0, 0), Point(100, 0)]
    >>> _leader(line, Rect(Point(50, 20), 40, 20), 10.0)
    []
    >>> _leader(line, Rect(Point(127, 27), 60, 20), 10.0)  # 17 points off the end
    [Point(x=100.0, y=0.0), Point(x=127, y=27)]
    """
    foot, _ = along(line, distance_along(line, tag.center))
    offset = tag.center - foot
    if offset.length() - extent(tag.width, tag.height, offset) <= within and (
        gap_to_line(tag, line) <= within
    ):
        return []
    return [foot, tag.center]


def tie(
    canvas: Canvas, line: Sequence[Point], tag: Rect, *, within: float = GAP
) -> list[Point] | None:
    """The leader that ties ``tag`` to ``line`` (none when it stands ``within`` that of
    the line), from
    the line's point nearest it when that runs clear of the nodes and tags, else from the
    nearest of every :data:`_FOOT_STEP` points along the line that does; ``None`` when
    none does."""
    leader = _leader(line, tag, within)
    if _leader_clear(canvas, leader):
        return leader
    length = path_length(line)
    feet = [along(line, k * _FOOT_STEP)[0] for k in range(int(length / _FOOT_STEP) + 1)]
    feet.sort(key=lambda foot: ((foot - tag.center).length(), foot.x, foot.y))
    for foot in feet[:_FEET]:
        if _leader_clear(canvas, [foot, tag.center]):
            return [foot, tag.center]
    return None


def _leader_clear(canvas: Canvas, leader: Sequence[Point]) -> bool:
    """Whether a leader runs clear of the nodes and tags (its end on its line, which may
    lie in an oval's box beside the oval, left out; an oval is tested as drawn; the room
    kept round marks may be crossed)."""
    if not leader:
        return True
    for rect in canvas.obstacles.near_line(leader, 0.0, rooms=False):
        oval = canvas.ovals.get(rect)
        if oval is not None:
            if any(oval.contains(Point(x, y)) for x, y in samples(leader)):
                return False
        elif not rect.contains(leader[0]):
            return False
    return True


def off_the_line(
    canvas: Canvas,
    line: Sequence[Point],
    middle: Point,
    size: tuple[float, float],
    *,
    within: float = GAP,
) -> tuple[Rect, list[Point]]:
    """Where a tag of ``size`` goes when no place beside its ``line`` is clear of the
    nodes and the other tags, and its leader (see :func:`tie`): in one of 24 directions
    from ``middle`` (a bolt's kink), as near as is clear (far enough out every place is),
    where it runs into least. A place whose leader cannot run straight and clear comes
    only when no other is clear; its leader goes round what is in the way."""
    width, height = size
    reach = bounds([Rect(middle, 1, 1), *canvas.obstacles.rects])
    far = math.hypot(reach.width, reach.height) + width + height
    # the cheapest place whose leader runs clear, and the cheapest other one
    best: list[tuple[float, Rect, list[Point]] | None] = [None, None]
    for distance in _rings(_START, far):
        for step in range(24):
            direction = Point(math.cos(step * math.pi / 12), math.sin(step * math.pi / 12))
            at = middle + direction * (distance + extent(width, height, direction))
            tag = Rect(at, width, height)
            if not glyphs.tag_clear(canvas, tag):
                continue
            leader = tie(canvas, line, tag, within=within)
            tier = 0 if leader is not None else 1
            kept = best[tier]
            limit = kept[0] if kept is not None else math.inf
            cost = canvas.obstacles.cost([], tag, clearance=0.0, limit=limit)
            if kept is None or cost < kept[0]:
                fallback = _leader(line, tag, within)
                best[tier] = (cost, tag, leader if leader is not None else fallback)
        if best[0] is not None:
            break
    if best[0] is not None:
        return best[0][1], best[0][2]
    assert best[1] is not None  # beyond everything drawn, every place is clear
    # No straight leader reaches a clear place without crossing a node or a tag (a short
    # bolt in the gap between two nodes, numbers all round): it goes round them.
    _, tag, (foot, _) = best[1]
    around = route(Shape(foot, 1, 1), Shape(tag.center, tag.width, tag.height), canvas.obstacles)
    return tag, [foot, *around[1:]]


def _rings(first: float, last: float) -> Iterator[float]:
    """Distances from ``first`` to ``last``, each 30% further than the one before."""
    distance = first
    while distance < last:
        yield distance
        distance *= 1.3
    yield last
