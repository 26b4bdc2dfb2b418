"""What is already drawn on a figure, indexed by place, for placing what comes next.

Node boxes and tags, lines already routed and the figure's own lines are kept in buckets
of a coarse grid, so that asking what lies near a point or under a tag looks only at what
is drawn there: placing one more mark costs the same in a small figure and a crowded one.
The answers are exactly those of testing everything drawn, in the same order.

>>> obstacles = Obstacles([Rect(Point(0, 0), 40, 20)], [(Point(-50, 30), Point(50, 30))])
>>> [obstacles.cost([p], None, clearance=2.0) for p in (Point(0, 0), Point(0, 31))]
[10.0, 0.7]
>>> obstacles.cost([], Rect(Point(0, 30), 10, 10), clearance=0.0)
20.0
>>> obstacles.blocks(Rect(Point(0, 11), 4, 4)), obstacles.blocks(Rect(Point(0, 40), 4, 4))
(True, False)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterable, Sequence

from activity_systems.render.geometry import Point, Rect, samples, segment_crosses

#: Side of a bucket, in points: about the size of a badge or of a short line's stretch.
BUCKET = 48.0
# Bucket ranges are widened by this much, so that rounding never hides a candidate; the
# exact tests decide.
_SLACK = 1e-6
# A cost this close to a limit may still come out below it, after the rounding of the
# sums it is compared in.
_ROUNDING = 1e-9

Bucket = tuple[int, int]
# A segment near a line being costed: see _near.
_Near = tuple[float, float, float, float, float, float, float, float, float, int]


def _span(low: float, high: float) -> range:
    return range(math.floor((low - _SLACK) / BUCKET), math.floor((high + _SLACK) / BUCKET) + 1)


class _Index:
    """Numbered items by the buckets their bounding boxes touch."""

    def __init__(self) -> None:
        self.buckets: dict[Bucket, list[int]] = {}

    def add(self, number: int, left: float, bottom: float, right: float, top: float) -> None:
        buckets = self.buckets
        # every bucket the box touches, column by column, without a product of ranges
        rows = _span(bottom, top)
        for column in _span(left, right):
            for row in rows:
                key = (column, row)
                found = buckets.get(key)
                if found is None:
                    buckets[key] = [number]
                else:
                    found.append(number)

    def near(self, left: float, bottom: float, right: float, top: float) -> Iterable[int]:
        """Items whose boxes may reach into the box, each once, in no particular order."""
        # the bounds of _span, computed inline: this is asked for every candidate place
        x0 = math.floor((left - _SLACK) / BUCKET)
        x1 = math.floor((right + _SLACK) / BUCKET)
        y0 = math.floor((bottom - _SLACK) / BUCKET)
        y1 = math.floor((top + _SLACK) / BUCKET)
        if x0 == x1 and y0 == y1:
            return self.buckets.get((x0, y0), ())
        found: set[int] = set()
        for key in itertools.product(range(x0, x1 + 1), range(y0, y1 + 1)):
            found.update(self.buckets.get(key, ()))
        return found


def _near(segment: tuple[float, float, float, float, int], distance: float) -> _Near:
    """A segment ready for :meth:`Obstacles._sampled`: the box within ``distance`` of it (a
    little larger, for rounding), and its start, direction, squared length and line."""
    ax, ay, bx, by, number = segment
    reach = distance + _SLACK
    abx, aby = bx - ax, by - ay
    return (
        min(ax, bx) - reach,
        max(ax, bx) + reach,
        min(ay, by) - reach,
        max(ay, by) + reach,
        ax,
        ay,
        abx,
        aby,
        abx * abx + aby * aby,
        number,
    )


class _Lines:
    """Polylines, segment by segment, by bucket."""

    def __init__(self) -> None:
        self.lines: list[tuple[Point, ...]] = []
        # each segment's ends and the number of its line
        self.segments: list[tuple[float, float, float, float, int]] = []
        self.index = _Index()

    def add(self, line: tuple[Point, ...]) -> None:
        number = len(self.lines)
        self.lines.append(line)
        for p, q in itertools.pairwise(line):
            self.index.add(
                len(self.segments), min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y)
            )
            self.segments.append((p.x, p.y, q.x, q.y, number))

    def crossings(self, left: float, bottom: float, right: float, top: float) -> dict[int, int]:
        """Line number -> how many of its segments pass through the rectangle from
        (``left``, ``bottom``) to (``right``, ``top``)."""
        counts: dict[int, int] = {}
        segments = self.segments
        for index in self.index.near(left, bottom, right, top):
            ax, ay, bx, by, number = segments[index]
            if segment_crosses(ax, ay, bx, by, left, bottom, right, top):
                counts[number] = counts.get(number, 0) + 1
        return counts

    def cut(self, px: float, py: float, qx: float, qy: float, ignore: Collection[int] = ()) -> int:
        """How many segments of the lines (but the line numbers ``ignore``) cross the
        segment from (px, py) to (qx, qy) (touching at an end does not count)."""
        count = 0
        segments = self.segments
        near = self.index.near(min(px, qx), min(py, qy), max(px, qx), max(py, qy))
        for index in near:
            ax, ay, bx, by, number = segments[index]
            if number not in ignore and _cross(px, py, qx, qy, ax, ay, bx, by):
                count += 1
        return count


def _gap(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    """How far the point (px, py) is from the segment a–b."""
    dx, dy = bx - ax, by - ay
    size = dx * dx + dy * dy
    t = 0.0 if size == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / size))
    return math.hypot(px - (ax + dx * t), py - (ay + dy * t))


def _cross(
    px: float, py: float, qx: float, qy: float, ax: float, ay: float, bx: float, by: float
) -> bool:
    """True when the segments p–q and a–b cross at a point inside both."""
    d1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    d2 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax)
    if not (d1 > 0 > d2 or d1 < 0 < d2):
        return False
    d3 = (qx - px) * (ay - py) - (qy - py) * (ax - px)
    d4 = (qx - px) * (by - py) - (qy - py) * (bx - px)
    return (d3 > 0 > d4) or (d3 < 0 < d4)


def _segment_gap(
    px: float, py: float, qx: float, qy: float, ax: float, ay: float, bx: float, by: float
) -> float:
    """How far the segments p–q and a–b are apart (0 where they cross)."""
    if _cross(px, py, qx, qy, ax, ay, bx, by):
        return 0.0
    return min(
        _gap(px, py, ax, ay, bx, by),
        _gap(qx, qy, ax, ay, bx, by),
        _gap(ax, ay, px, py, qx, qy),
        _gap(bx, by, px, py, qx, qy),
    )


class Obstacles:
    """What a new line or tag should keep clear of: node boxes and tags (``rects``), lines
    already routed (``lines``), and the figure's own straight lines (``guides``), which
    may be crossed and run beside more freely. Add to them with :meth:`add_rect`,
    :meth:`add_line` and :meth:`add_guide`."""

    def __init__(
        self,
        rects: Iterable[Rect] = (),
        lines: Iterable[Sequence[Point]] = (),
        guides: Iterable[Sequence[Point]] = (),
    ) -> None:
        self._rects: list[Rect] = []
        self._boxes: list[tuple[float, float, float, float]] = []  # centre, width, height
        # left, right, bottom and top, as Rect's properties give them
        self._sides: list[tuple[float, float, float, float]] = []
        self._rect_index = _Index()
        self._rooms: set[int] = set()
        self._lines = _Lines()
        self._guides = _Lines()
        for rect in rects:
            self.add_rect(rect)
        for line in lines:
            self.add_line(line)
        for line in guides:
            self.add_guide(line)

    @property
    def rects(self) -> Sequence[Rect]:
        return self._rects

    @property
    def lines(self) -> Sequence[tuple[Point, ...]]:
        return self._lines.lines

    @property
    def guides(self) -> Sequence[tuple[Point, ...]]:
        return self._guides.lines

    def add_rect(self, rect: Rect) -> None:
        """A node box or tag."""
        self._rect_index.add(len(self._rects), rect.left, rect.bottom, rect.right, rect.top)
        self._rects.append(rect)
        self._boxes.append((rect.center.x, rect.center.y, rect.width, rect.height))
        self._sides.append((rect.left, rect.right, rect.bottom, rect.top))

    def add_room(self, rect: Rect) -> None:
        """Room kept round a mark (a bolt's kink, a badge) for its own sake: a box like
        the others, which a line may yet cross where nothing else leaves it a way."""
        self._rooms.add(len(self._rects))
        self.add_rect(rect)

    def is_room(self, index: int) -> bool:
        """Whether ``rects[index]`` was added by :meth:`add_room`."""
        return index in self._rooms

    def add_line(self, line: Sequence[Point]) -> int:
        """A line routed on the figure; its number, by which a test may leave it out."""
        self._lines.add(tuple(line))
        return len(self._lines.lines) - 1

    def add_guide(self, line: Sequence[Point]) -> None:
        """One of the figure's own lines."""
        self._guides.add(tuple(line))

    def blocks(self, box: Rect) -> bool:
        """True when a node box or tag overlaps ``box``."""
        return self._overlapping(box.left, box.bottom, box.right, box.top) > 0

    def under(self, box: Rect, *, ignore: Rect | None = None, rooms: bool = True) -> list[Rect]:
        """The node boxes and tags (other than ``ignore``; with ``rooms=False``, other than
        room kept round marks) that overlap ``box``, in the order they were added."""
        found = []
        for i in sorted(self._rect_index.near(box.left, box.bottom, box.right, box.top)):
            rect = self._rects[i]
            if rect != ignore and (rooms or i not in self._rooms) and rect.overlaps(box):
                found.append(rect)
        return found

    def near_line(
        self,
        points: Sequence[Point],
        margin: float,
        *,
        ignore: Rect | None = None,
        rooms: bool = True,
    ) -> list[Rect]:
        """The node boxes and tags (other than ``ignore``; with ``rooms=False``, other than
        room kept round marks) that hold a sample of the line once grown by ``margin``, in
        the order they were added.

        >>> Obstacles([Rect(Point(0, 0), 40, 20)]).near_line([Point(-50, 12), Point(50, 12)], 3)
        [Rect(center=Point(x=0, y=0), width=40, height=20)]
        """
        xs, ys = [p.x for p in points], [p.y for p in points]
        near = self._rect_index.near(
            min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin
        )
        coordinates = samples(points)
        found = []
        for i in sorted(near):
            rect = self._rects[i]
            if rect == ignore or (not rooms and i in self._rooms):
                continue
            left, right, bottom, top = self._sides[i]
            left, right, bottom, top = left - margin, right + margin, bottom - margin, top + margin
            if any(left <= x <= right and bottom <= y <= top for x, y in coordinates):
                found.append(rect)
        return found

    def across(self, points: Sequence[Point], margin: float = 0.0) -> list[Rect]:
        """The node boxes and tags (the room kept round marks left out), each grown by
        ``margin``, that a segment of the polyline passes through, in the order they
        were added.

        >>> Obstacles([Rect(Point(0, 0), 40, 20)]).across([Point(-50, 8), Point(50, 8)], -1)
        [Rect(center=Point(x=0, y=0), width=40, height=20)]

        A box shrunk by ``margin`` is still found by a segment that runs along a line of
        the index's buckets:

        >>> Obstacles([Rect(Point(50, 0), 12, 12)]).across([Point(5, 0), Point(95, 0)], -1)
        [Rect(center=Point(x=50, y=0), width=12, height=12)]
        """
        found: set[int] = set()
        sides = self._sides
        # the boxes near a segment's own box: growing it by a negative margin could turn
        # it inside out, and one inside out across a bucket's side finds nothing
        reach = margin if margin > 0 else 0.0
        for p, q in itertools.pairwise(points):
            x0, x1 = (p.x, q.x) if p.x <= q.x else (q.x, p.x)
            y0, y1 = (p.y, q.y) if p.y <= q.y else (q.y, p.y)
            near = self._rect_index.near(x0 - reach, y0 - reach, x1 + reach, y1 + reach)
            for i in near:
                if i in found or i in self._rooms:
                    continue
                left, right, bottom, top = sides[i]
                grown = (left - margin, bottom - margin, right + margin, top + margin)
                if segment_crosses(p.x, p.y, q.x, q.y, *grown):
                    found.add(i)
        return [self._rects[i] for i in sorted(found)]

    def lines_cut(self, p: Point, q: Point, *, ignore: Collection[int] = ()) -> int:
        """How many segments of the lines drawn before (but the line numbers ``ignore``,
        see :meth:`add_line`) cross the segment ``p``–``q``."""
        return self._lines.cut(p.x, p.y, q.x, q.y, ignore)

    def along_guide(self, points: Sequence[Point], distance: float) -> bool:
        """Whether the line ``points`` has both its ends within ``distance`` of one
        segment of the figure's own lines, so that it runs along that line: a mark drawn
        along one reads as that line's."""
        px, py, qx, qy = points[0].x, points[0].y, points[-1].x, points[-1].y
        left, right = min(px, qx) - distance, max(px, qx) + distance
        bottom, top = min(py, qy) - distance, max(py, qy) + distance
        segments = self._guides.segments
        for index in self._guides.index.near(left, bottom, right, top):
            ax, ay, bx, by, _ = segments[index]
            if (
                _gap(px, py, ax, ay, bx, by) <= distance
                and _gap(qx, qy, ax, ay, bx, by) <= distance
            ):
                return True
        return False

    def cuts(self, points: Sequence[Point]) -> int:
        """How many times the lines drawn before cross the polyline ``points`` (touching
        at an end does not count).

        >>> obstacles = Obstacles([], [[Point(0, 10), Point(100, 10)]])
        >>> [obstacles.cuts([Point(50, 0), Point(50, y), Point(60, 0)]) for y in (5, 20)]
        [0, 2]
        """
        return sum(self._lines.cut(p.x, p.y, q.x, q.y) for p, q in itertools.pairwise(points))

    def near_lines(self, points: Sequence[Point], distance: float) -> bool:
        """Whether a line drawn before or one of the figure's own lines comes within
        ``distance`` of the polyline ``points`` (crossing it, or passing by).

        >>> obstacles = Obstacles([], [], [(Point(0, 10), Point(100, 10))])
        >>> [obstacles.near_lines([Point(50, y), Point(60, y)], 6.0) for y in (0, 5, 20)]
        [False, True, False]
        """
        xs, ys = [p.x for p in points], [p.y for p in points]
        left, right = min(xs) - distance, max(xs) + distance
        bottom, top = min(ys) - distance, max(ys) + distance
        for kind in (self._lines, self._guides):
            segments = kind.segments
            for index in kind.index.near(left, bottom, right, top):
                ax, ay, bx, by, _ = segments[index]
                for p, q in itertools.pairwise(points):
                    if _segment_gap(p.x, p.y, q.x, q.y, ax, ay, bx, by) < distance:
                        return True
        return False

    def line_gap(
        self, points: Sequence[Point], reach: float, *, ignore: Collection[int] = ()
    ) -> float:
        """How near the lines drawn before (but the line numbers ``ignore``) come to the
        polyline ``points``: ``reach`` when none comes nearer than that, 0 where one
        crosses it.

        >>> obstacles = Obstacles([], [[Point(0, 10), Point(100, 10)]])
        >>> [obstacles.line_gap([Point(50, y), Point(60, y)], 6.0) for y in (0, 7, 20)]
        [6.0, 3.0, 6.0]
        >>> obstacles.line_gap([Point(50, 7), Point(60, 7)], 6.0, ignore=[0])
        6.0
        """
        xs, ys = [p.x for p in points], [p.y for p in points]
        left, right = min(xs) - reach, max(xs) + reach
        bottom, top = min(ys) - reach, max(ys) + reach
        segments = self._lines.segments
        gap = reach
        for index in self._lines.index.near(left, bottom, right, top):
            ax, ay, bx, by, number = segments[index]
            if number in ignore:
                continue
            for p, q in itertools.pairwise(points):
                gap = min(gap, _segment_gap(p.x, p.y, q.x, q.y, ax, ay, bx, by))
        return gap

    def crossed(self, box: Rect, *, ignore: Collection[int] = ()) -> bool:
        """True when a line drawn before (but the line numbers ``ignore``) passes through
        ``box``."""
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        segments = self._lines.segments
        for index in self._lines.index.near(left, bottom, right, top):
            ax, ay, bx, by, number = segments[index]
            if number not in ignore and segment_crosses(ax, ay, bx, by, left, bottom, right, top):
                return True
        return False

    def _overlapping(
        self, left: float, bottom: float, right: float, top: float, ignore: Rect | None = None
    ) -> int:
        """How many node boxes and tags (other than ``ignore``) overlap the rectangle from
        (``left``, ``bottom``) to (``right``, ``top``): the test of :meth:`Rect.overlaps` on
        their sides."""
        sides = self._sides
        count = 0
        for i in self._rect_index.near(left, bottom, right, top):
            if ignore is not None and self._rects[i] == ignore:
                continue
            r_left, r_right, r_bottom, r_top = sides[i]
            if r_left < right and left < r_right and r_bottom < top and bottom < r_top:
                count += 1
        return count

    def _sampled(
        self, points: Sequence[Point], clearance: float, limit: float, ignore: Rect | None
    ) -> float:
        """The cost of the line's samples: 10 for each box (grown by ``clearance``, other
        than ``ignore``) that holds a sample, 0.7 for each line that passes closer than
        ``clearance`` to one; summed sample by sample, until it exceeds ``limit``."""
        xs, ys = [p.x for p in points], [p.y for p in points]
        left, bottom = min(xs) - clearance, min(ys) - clearance
        right, top = max(xs) + clearance, max(ys) + clearance
        margin = 2 * clearance
        boxes = []
        for index in self._rect_index.near(left, bottom, right, top):
            if ignore is not None and self._rects[index] == ignore:
                continue
            # the arithmetic of Rect.inflate and Rect.contains
            cx, cy, width, height = self._boxes[index]
            width, height = width + margin, height + margin
            boxes.append((cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2))
        segments = [
            _near(self._lines.segments[i], clearance)
            for i in self._lines.index.near(left, bottom, right, top)
        ]
        if not boxes and not segments:
            return 0.0  # nothing near the line: every sample costs nothing
        # What each sample holds, box by box and segment by segment; most samples hold
        # nothing, and a sample that holds nothing adds nothing to the sum.
        points_xy = samples(points)
        held: dict[int, int] = {}  # sample -> how many boxes hold it
        for lo, hi, low, high in boxes:
            for i, (x, y) in enumerate(points_xy):
                if lo <= x <= hi and low <= y <= high:
                    held[i] = held.get(i, 0) + 1
        near: dict[int, set[int]] = {}  # sample -> the lines closer than clearance to it
        for s_left, s_right, s_bottom, s_top, ax, ay, abx, aby, size, number in segments:
            for i, (x, y) in enumerate(points_xy):
                if not (s_left <= x <= s_right and s_bottom <= y <= s_top):
                    continue
                if number in near.get(i, ()):
                    continue
                # the arithmetic of geometry.distance_to_segment, step for step
                t = (
                    0.0
                    if size == 0
                    else max(0.0, min(1.0, ((x - ax) * abx + (y - ay) * aby) / size))
                )
                if math.hypot(x - (ax + abx * t), y - (ay + aby * t)) < clearance:
                    near.setdefault(i, set()).add(number)
        # summed sample by sample, in order, as the samples were always summed
        cost = 0.0
        for i in sorted(held.keys() | near.keys()):
            cost += 10 * held.get(i, 0)
            cost += 0.7 * len(near.get(i, ()))
            if cost > limit:
                break
        return cost

    def cost(
        self,
        points: Sequence[Point],
        tag: Rect | None,
        *,
        clearance: float,
        limit: float = math.inf,
        ignore: Rect | None = None,
        lines: bool = True,
    ) -> float:
        """Higher the more the line or its tag runs into what is already there (node boxes
        and tags other than ``ignore``, lines (unless ``lines`` is false: for a tag that
        is to stand by its line whatever others pass there) and guides).

        Once the cost is sure to come out above ``limit`` the rest is not looked at, and
        what was summed so far (more than ``limit``) comes back: enough to tell that a
        candidate is no better than one that cost ``limit``.
        """
        limit += _ROUNDING
        if limit < 0.0:
            return 0.0
        terms: list[int] = []  # what the tag adds, term by term
        if tag is not None:
            grown = tag.inflate(4.5)
            sides = grown.left, grown.bottom, grown.right, grown.top
            terms.append(400 * self._overlapping(*sides, ignore))
            # line by line, lines before guides, as the sum has always been taken
            for kind in (self._lines, self._guides) if lines else (self._guides,):
                counts = kind.crossings(*sides)
                terms += [20 * counts[number] for number in sorted(counts)]
            # The tag's part alone is a lower bound of the whole (every term is positive
            # and rounding never makes a sum smaller): often enough to turn a spot down.
            cost = 0.0
            for term in terms:
                cost += term
            if cost > limit:
                return cost
        cost = self._sampled(points, clearance, limit, ignore) if points else 0.0
        if cost > limit:
            return cost
        for term in terms:
            cost += term
        return cost
