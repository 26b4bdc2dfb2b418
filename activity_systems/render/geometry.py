"""Plane geometry for pinned diagrams: shapes, outlines, curves, zig-zags and routing.

Coordinates are points (1/72 inch) with y pointing up, as in Graphviz. Everything here is
pure and deterministic: the same inputs give the same coordinates, so the same case gives
the same picture.

>>> box = Shape(Point(0, 0), 100, 40)
>>> box.boundary(Point(200, 0))
Point(x=50.0, y=0.0)
>>> path_length([Point(0, 0), Point(30, 40), Point(30, 50)])
60.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

ShapeKind = Literal["box", "ellipse"]


# Points and rectangles are frozen, but set their fields through the slots themselves
# rather than through the object.__setattr__ calls of a frozen dataclass's own
# __init__: a summary overview of 2,000 systems makes about a million points, each
# about one and a half times as costly that way. Equality, hashing, repr, replace() and pickling are
# the dataclass's, and assigning to a field still raises FrozenInstanceError.


@dataclass(frozen=True, slots=True, init=False)
class Point:
    """A point, or a vector."""

    x: float
    y: float

    def __init__(self, x: float, y: float) -> None:
        _set_x(self, x)
        _set_y(self, y)

    def __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    def __sub__(self, other: Point) -> Point:
        return Point(self.x - other.x, self.y - other.y)

    def __mul__(self, factor: float) -> Point:
        return Point(self.x * factor, self.y * factor)

    def length(self) -> float:
        """Distance from the origin."""
        return math.hypot(self.x, self.y)

    def unit(self) -> Point:
        """The same direction, length 1 (the zero vector stays zero)."""
        size = self.length()
        return Point(self.x / size, self.y / size) if size else Point(0.0, 0.0)

    def normal(self) -> Point:
        """This vector turned a quarter turn anticlockwise."""
        return Point(-self.y, self.x)


@dataclass(frozen=True, slots=True, init=False)
class Rect:
    """An axis-aligned rectangle given by its centre and full width and height."""

    center: Point
    width: float
    height: float

    def __init__(self, center: Point, width: float, height: float) -> None:
        _set_center(self, center)
        _set_width(self, width)
        _set_height(self, height)

    @property
    def left(self) -> float:
        return self.center.x - self.width / 2

    @property
    def right(self) -> float:
        return self.center.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.center.y - self.height / 2

    @property
    def top(self) -> float:
        return self.center.y + self.height / 2

    def inflate(self, margin: float) -> Rect:
        """The rectangle grown by ``margin`` on every side."""
        return Rect(self.center, self.width + 2 * margin, self.height + 2 * margin)

    def contains(self, point: Point) -> bool:
        """True when ``point`` is inside or on the edge."""
        return self.left <= point.x <= self.right and self.bottom <= point.y <= self.top

    def overlaps(self, other: Rect) -> bool:
        """True when the two rectangles share more than an edge."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )


# the slots' own setters (see Point)
_set_x: Callable[[Point, float], None] = Point.__dict__["x"].__set__
_set_y: Callable[[Point, float], None] = Point.__dict__["y"].__set__
_set_center: Callable[[Rect, Point], None] = Rect.__dict__["center"].__set__
_set_width: Callable[[Rect, float], None] = Rect.__dict__["width"].__set__
_set_height: Callable[[Rect, float], None] = Rect.__dict__["height"].__set__


def bounds(rects: Sequence[Rect]) -> Rect:
    """The smallest rectangle holding all of ``rects``."""
    left = min(r.left for r in rects)
    right = max(r.right for r in rects)
    bottom = min(r.bottom for r in rects)
    top = max(r.top for r in rects)
    return Rect(Point((left + right) / 2, (bottom + top) / 2), right - left, top - bottom)


@dataclass(frozen=True, slots=True, init=False)
class Shape:
    """A node's outline: a box or an ellipse of the given size around ``center``."""

    center: Point
    width: float
    height: float
    kind: ShapeKind = "box"

    def __init__(self, center: Point, width: float, height: float, kind: ShapeKind = "box") -> None:
        # as Point's (see there): a summary overview pins tens of thousands of dots
        _set_shape_center(self, center)
        _set_shape_width(self, width)
        _set_shape_height(self, height)
        _set_kind(self, kind)

    @property
    def rect(self) -> Rect:
        """The bounding box."""
        return Rect(self.center, self.width, self.height)

    def boundary(self, toward: Point, margin: float = 0.0) -> Point:
        """Where the ray from the centre toward ``toward`` leaves the outline grown by
        ``margin``."""
        direction = (toward - self.center).unit()
        if direction.length() == 0:
            direction = Point(1.0, 0.0)
        a = self.width / 2 + margin
        b = self.height / 2 + margin
        if self.kind == "ellipse":
            reach = 1 / math.hypot(direction.x / a, direction.y / b)
        else:
            reach = min(
                a / abs(direction.x) if direction.x else math.inf,
                b / abs(direction.y) if direction.y else math.inf,
            )
        return self.center + direction * reach

    def contains(self, point: Point, margin: float = 0.0) -> bool:
        """True when ``point`` is inside the outline grown by ``margin``."""
        a = self.width / 2 + margin
        b = self.height / 2 + margin
        d = point - self.center
        if self.kind == "ellipse":
            return (d.x / a) ** 2 + (d.y / b) ** 2 <= 1
        return abs(d.x) <= a and abs(d.y) <= b

    def margin_of(self, point: Point) -> float:
        """How far the outline must grow to pass through ``point`` (0 inside): the
        ``margin`` at which :meth:`boundary` gives back a point outside the shape.

        >>> box = Shape(Point(0, 0), 100, 20)
        >>> box.margin_of(Point(40, 13)), box.margin_of(Point(53, 0)), box.margin_of(Point(0, 0))
        (3.0, 3.0, 0.0)
        """
        d = point - self.center
        if self.kind != "ellipse":
            return max(0.0, abs(d.x) - self.width / 2, abs(d.y) - self.height / 2)
        if self.contains(point):
            return 0.0
        low, high = 0.0, d.length()  # grown by its distance, the ellipse holds the point
        for _ in range(40):  # halving to well under a hundredth of a point
            middle = (low + high) / 2
            if self.contains(point, middle):
                high = middle
            else:
                low = middle
        return high

    def exit(self, origin: Point, toward: Point, margin: float = 0.0) -> Point:
        """Where the ray from ``origin`` (inside the shape) toward ``toward`` leaves the
        outline grown by ``margin``."""
        d = (toward - origin).unit()
        if d.length() == 0:
            d = Point(1.0, 0.0)
        a = self.width / 2 + margin
        b = self.height / 2 + margin
        o = origin - self.center
        if self.kind == "ellipse":
            qa = (d.x / a) ** 2 + (d.y / b) ** 2
            qb = 2 * (o.x * d.x / a**2 + o.y * d.y / b**2)
            qc = (o.x / a) ** 2 + (o.y / b) ** 2 - 1
            t = (-qb + math.sqrt(max(0.0, qb * qb - 4 * qa * qc))) / (2 * qa)
        else:
            tx = ((a if d.x > 0 else -a) - o.x) / d.x if d.x else math.inf
            ty = ((b if d.y > 0 else -b) - o.y) / d.y if d.y else math.inf
            t = min(tx, ty)
        return origin + d * max(0.0, t)

    def chord(self, p: Point, q: Point, margin: float = 0.0) -> tuple[float, float] | None:
        """Where the segment ``p``–``q`` runs inside the outline grown by ``margin``: the
        fractions of the way from ``p`` to ``q`` at which it enters and leaves, or
        ``None`` when it stays outside (or only touches).

        >>> Shape(Point(0, 0), 20, 10).chord(Point(-20, 0), Point(20, 0))
        (0.25, 0.75)
        >>> Shape(Point(0, 0), 20, 10, "ellipse").chord(Point(-20, 8), Point(20, 8)) is None
        True
        """
        a = self.width / 2 + margin
        b = self.height / 2 + margin
        ox, oy = p.x - self.center.x, p.y - self.center.y
        dx, dy = q.x - p.x, q.y - p.y
        if self.kind == "ellipse":
            qa = (dx / a) ** 2 + (dy / b) ** 2
            qb = 2 * (ox * dx / a**2 + oy * dy / b**2)
            qc = (ox / a) ** 2 + (oy / b) ** 2 - 1
            disc = qb * qb - 4 * qa * qc
            if qa == 0 or disc <= 0:
                return None
            root = math.sqrt(disc)
            low, high = (-qb - root) / (2 * qa), (-qb + root) / (2 * qa)
        else:
            low, high = -math.inf, math.inf
            for step, start, reach in ((dx, ox, a), (dy, oy, b)):
                if step == 0:
                    if not -reach < start < reach:
                        return None
                    continue
                t0, t1 = (-reach - start) / step, (reach - start) / step
                low, high = max(low, min(t0, t1)), min(high, max(t0, t1))
        low, high = max(low, 0.0), min(high, 1.0)
        return (low, high) if low < high else None


_set_shape_center: Callable[[Shape, Point], None] = Shape.__dict__["center"].__set__
_set_shape_width: Callable[[Shape, float], None] = Shape.__dict__["width"].__set__
_set_shape_height: Callable[[Shape, float], None] = Shape.__dict__["height"].__set__
_set_kind: Callable[[Shape, ShapeKind], None] = Shape.__dict__["kind"].__set__


def path_length(points: Sequence[Point]) -> float:
    """Length of the polyline."""
    return sum((b - a).length() for a, b in itertools.pairwise(points))


def along(points: Sequence[Point], distance: float) -> tuple[Point, Point]:
    """The point ``distance`` along the polyline, and the unit direction there."""
    walked = 0.0
    for a, b in itertools.pairwise(points):
        step = (b - a).length()
        if step and walked + step >= distance:
            t = (distance - walked) / step
            return a + (b - a) * t, (b - a).unit()
        walked += step
    last = points[-1]
    return last, (last - points[-2]).unit() if len(points) > 1 else Point(1.0, 0.0)


def distance_along(points: Sequence[Point], target: Point) -> float:
    """How far along the polyline its point nearest ``target`` lies (the inverse of
    :func:`along` for a point on the line)."""
    walked = 0.0
    best = (math.inf, 0.0)
    for a, b in itertools.pairwise(points):
        segment = b - a
        step = segment.length()
        offset = target - a
        dot = offset.x * segment.x + offset.y * segment.y
        t = 0.0 if not step else max(0.0, min(1.0, dot / step**2))
        gap = (a + segment * t - target).length()
        if gap < best[0]:
            best = (gap, walked + step * t)
        walked += step
    return best[1]


def samples(points: Sequence[Point], step: float = 3.0) -> list[tuple[float, float]]:
    """The coordinates of points every ``step`` along the polyline, for collision tests.

    >>> samples([Point(0, 0), Point(6, 0)])
    [(0, 0), (3.0, 0.0), (6.0, 0.0)]
    """
    out: list[tuple[float, float]] = [(points[0].x, points[0].y)]
    for a, b in itertools.pairwise(points):
        # a + (b - a) * (i / count), as Point's arithmetic computes it
        dx, dy = b.x - a.x, b.y - a.y
        count = max(1, math.ceil(math.hypot(dx, dy) / step))
        out.extend((a.x + dx * (i / count), a.y + dy * (i / count)) for i in range(1, count + 1))
    return out


def distance_to_segment(point: Point, a: Point, b: Point) -> float:
    """Distance from ``point`` to the segment ``a``–``b``."""
    ab = b - a
    size = ab.x * ab.x + ab.y * ab.y
    t = (
        0.0
        if size == 0
        else max(0.0, min(1.0, ((point.x - a.x) * ab.x + (point.y - a.y) * ab.y) / size))
    )
    return (point - (a + ab * t)).length()


def gap_to_line(rect: Rect, points: Sequence[Point]) -> float:
    """How far ``rect`` stands from the polyline (0 where the line runs through it).

    >>> gap_to_line(Rect(Point(0, 10), 20, 10), [Point(-50, 0), Point(50, 0)])
    5.0
    """
    nearest = math.inf
    corners = [Point(x, y) for x in (rect.left, rect.right) for y in (rect.bottom, rect.top)]
    for p, q in itertools.pairwise(points):
        if crosses(p, q, rect):
            return 0.0
        nearest = min(nearest, *(distance_to_segment(c, p, q) for c in corners))
        for end in (p, q):
            dx = max(rect.left - end.x, 0.0, end.x - rect.right)
            dy = max(rect.bottom - end.y, 0.0, end.y - rect.top)
            nearest = min(nearest, math.hypot(dx, dy))
    return nearest


def extent(width: float, height: float, direction: Point) -> float:
    """How far a ``width`` × ``height`` box reaches from its centre along ``direction``."""
    unit = direction.unit()
    return width / 2 * abs(unit.x) + height / 2 * abs(unit.y)


def crosses(p: Point, q: Point, rect: Rect) -> bool:
    """True when the segment ``p``–``q`` passes through ``rect`` (Liang–Barsky clipping)."""
    return segment_crosses(p.x, p.y, q.x, q.y, rect.left, rect.bottom, rect.right, rect.top)


def segment_crosses(
    px: float, py: float, qx: float, qy: float, left: float, bottom: float, right: float, top: float
) -> bool:
    """:func:`crosses` on coordinates: the segment from (px, py) to (qx, qy) and the
    rectangle from (left, bottom) to (right, top)."""
    # max(), min() and sorted() written out as the comparisons that pick the same values
    if (qx if qx > px else px) < left or (qx if qx < px else px) > right:
        return False
    if (qy if qy > py else py) < bottom or (qy if qy < py else py) > top:
        return False
    low, high = 0.0, 1.0
    for step, start, lo, hi in ((qx - px, px, left, right), (qy - py, py, bottom, top)):
        if step == 0:
            if not lo < start < hi:
                return False
            continue
        t0, t1 = (lo - start) / step, (hi - start) / step
        if t1 < t0:
            t0, t1 = t1, t0
        if t0 > low:
            low = t0
        if t1 < high:
            high = t1
        if low >= high:
            return False
    return True
