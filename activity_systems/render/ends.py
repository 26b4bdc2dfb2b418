"""Where the lines that meet one box end on its outline: spread round it, each toward
where it comes from.

Lines from systems that lie in much the same direction would leave a box at much the
same place, their arrowheads piled on one another. :func:`spread_ends` moves the ends
along the outline until they are at least a gap apart, keeping their order round it and
moving them, all told, as little as it can (the least sum of squared moves, before each
is kept on its sides); an end stays on the sides of the box that face where its line
goes, so that no line runs back across its own box. Where those sides have no room for
the gap, the ends stand as far apart as they allow.

>>> box = Shape(Point(0, 0), 100, 40)
>>> ends = [(Point(50, 1), Point(300, 0)), (Point(50, -1), Point(300, 0))]
>>> [(round(p.x), round(p.y)) for p in spread_ends(box, ends, 12.0)]
[(50, 6), (50, -6)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from activity_systems.render.geometry import Point, Rect, Shape


@dataclass(frozen=True, slots=True)
class Outline:
    """A box's outline measured round it, anticlockwise from its bottom right corner:
    up the right side, along the top, down the left side and along the bottom."""

    rect: Rect

    @property
    def length(self) -> float:
        return 2 * (self.rect.width + self.rect.height)

    def at(self, s: float) -> Point:
        """The point ``s`` round the outline (any ``s``: it goes round and round)."""
        r, w, h = self.rect, self.rect.width, self.rect.height
        s %= self.length
        if s < h:
            return Point(r.right, r.bottom + s)
        if s < h + w:
            return Point(r.right - (s - h), r.top)
        if s < 2 * h + w:
            return Point(r.left, r.top - (s - h - w))
        return Point(r.left + (s - 2 * h - w), r.bottom)

    def place(self, point: Point) -> float:
        """How far round the outline the point of it nearest ``point`` lies."""
        r = self.rect
        left, right, bottom, top = r.left, r.right, r.bottom, r.top
        x = min(max(point.x, left), right)
        y = min(max(point.y, bottom), top)
        # on the side it is nearest
        to_right, to_top = abs(right - point.x), abs(top - point.y)
        to_left, to_bottom = abs(point.x - left), abs(point.y - bottom)
        nearest = min(to_right, to_top, to_left, to_bottom)
        if nearest == to_right:
            s = y - bottom
        elif nearest == to_top:
            s = r.height + (right - x)
        elif nearest == to_left:
            s = r.height + r.width + (top - y)
        else:
            s = 2 * r.height + r.width + (x - left)
        return s % self.length

    def facing(self, toward: Point) -> tuple[float, float]:
        """The stretch of the outline, as where it starts and how long it is, from which
        a straight line to ``toward`` leaves the box: the sides that face it (the whole
        outline when ``toward`` is inside)."""
        r, w, h = self.rect, self.rect.width, self.rect.height
        # the sides in order round the outline: where each starts, how long, whether it faces
        sides = [
            (0.0, h, toward.x > r.right),
            (h, w, toward.y > r.top),
            (h + w, h, toward.x < r.left),
            (2 * h + w, w, toward.y < r.bottom),
        ]
        if not any(faces for _, _, faces in sides):
            return 0.0, self.length
        # the first side that faces, after one that does not; the facing sides run on from it
        first = next(k for k in range(4) if sides[k][2] and not sides[k - 1][2])
        length = 0.0
        for k in range(first, first + 4):
            _, size, faces = sides[k % 4]
            if not faces:
                break
            length += size
        return sides[first][0], length


def spread_ends(
    shape: Shape, ends: Sequence[tuple[Point, Point]], gap: float, margin: float = 0.0
) -> list[Point]:
    """The ends of lines on ``shape``'s outline grown by ``margin``, each given with the
    point its line runs to next, moved round it to be at least ``gap`` apart (measured
    round the outline; less when there are too many for the outline to hold), keeping
    their order and each on the sides that face the point its line runs to."""
    outline = Outline(shape.rect.inflate(margin))
    size = outline.length
    if len(ends) < 2 or size <= 0:  # nothing to spread, or no outline to spread them on
        return [end for end, _ in ends]
    gap = min(gap, size / len(ends))
    places = [outline.place(end) for end, _ in ends]
    order = sorted(range(len(ends)), key=lambda k: (places[k], k))
    # cut the outline where the ends leave the widest gap, and unroll it from there
    gaps = [
        (places[order[(i + 1) % len(order)]] - places[order[i]]) % size for i in range(len(order))
    ]
    if min(gaps) >= gap:
        return [end for end, _ in ends]  # far enough apart already
    widest = max(range(len(order)), key=lambda i: (gaps[i], -i))
    order = order[widest + 1 :] + order[: widest + 1]
    wanted = [places[order[0]]]
    for k in order[1:]:
        wanted.append(wanted[-1] + (places[k] - wanted[-1]) % size)
    bounds = []
    for k, want in zip(order, wanted, strict=True):
        start, length = outline.facing(ends[k][1])
        low = want - (want - start) % size
        if want - low > length:
            # the line leaves from a side that does not face (just round a corner from one
            # that does): the stretch reaches on to it
            ahead, behind = (start - want) % size, want - low - length
            low, length = (want, ahead + length) if ahead <= behind else (low, want - low)
        bounds.append((low, low + length))
    moved = _apart(wanted, gap, bounds)
    result = [end for end, _ in ends]
    for k, want, place in zip(order, wanted, moved, strict=True):
        if abs(place - want) > 1e-9:
            result[k] = outline.at(place)
    return result


def _apart(
    wanted: Sequence[float], gap: float, bounds: Sequence[tuple[float, float]]
) -> list[float]:
    """Increasing places within ``bounds``, as near ``wanted`` (increasing) as can be, at
    least ``gap`` apart, or as far apart as the bounds allow when that is less."""
    if not _fits(gap, bounds):
        low, high = 0.0, gap  # halving to a hundredth of a point: 0 always fits
        while high - low > 0.01:
            middle = (low + high) / 2
            low, high = (middle, high) if _fits(middle, bounds) else (low, middle)
        gap = low
    # the earliest and the latest each can be, the others fitting before and after it
    earliest = [bounds[0][0]]
    for low, _ in bounds[1:]:
        earliest.append(max(low, earliest[-1] + gap))
    latest = [bounds[-1][1]]
    for _, high in reversed(bounds[:-1]):
        latest.append(min(high, latest[-1] - gap))
    latest.reverse()
    places = [
        min(max(place, first), last)
        for place, first, last in zip(_pooled(wanted, gap), earliest, latest, strict=True)
    ]
    for i in range(1, len(places)):
        # still at most the latest: the one before is at most its latest, a gap before this
        places[i] = max(places[i], places[i - 1] + gap)
    return places


def _fits(gap: float, bounds: Sequence[tuple[float, float]]) -> bool:
    """Whether places ``gap`` apart, in order, fit in ``bounds``."""
    place = -math.inf
    for low, high in bounds:
        place = max(low, place + gap)
        if place > high:
            return False
    return True


def _pooled(wanted: Sequence[float], gap: float) -> list[float]:
    """Increasing places at least ``gap`` apart with the least sum of squared moves from
    ``wanted`` (increasing): pooled adjacent violators on ``wanted`` less the gaps."""
    pools: list[tuple[float, int]] = []  # (sum of shifted places, how many), in order
    for i, want in enumerate(wanted):
        total, count = want - i * gap, 1
        while pools and pools[-1][0] / pools[-1][1] >= total / count:
            before, many = pools.pop()
            total, count = total + before, count + many
        pools.append((total, count))
    places: list[float] = []
    for total, count in pools:
        places.extend([total / count] * count)
    return [place + i * gap for i, place in enumerate(places)]
