"""The order of the systems on an overview's ring, connected ones close together, and
where on the ring they stand (:func:`ring_places`).

The overview stands its systems on a ring. In the case's order, a line between two
systems on opposite sides of it runs across the whole figure and crosses every line on
its way. :func:`ring_order` instead keeps systems with many lines between them close:

1. a greedy order adds, one by one, the system most tied to those placed (the one tied
   most to all the others first), at the end of the sequence where its lines are
   shortest;
2. passes over the ring swap two neighbours wherever that makes fewer crossings between
   lines, each crossing weighted by how many lines both stand for, or as many crossings
   and shorter lines (a swap changes only the crossings of the lines of those two
   systems, so each costs the product of their numbers of neighbours);
3. of the greedy order and the case's own, each improved so, the one with fewer
   crossings, then shorter lines, is kept; the case's order, untouched, when neither
   is strictly better.

Lines are chords of the ring here: two cross when their ends alternate round it. Ties
go to the case's order, so the same case always stands in the same order.

>>> ring_order(4, {(0, 2): 3, (1, 3): 3, (0, 1): 1})  # 2 beside 0, 3 beside 1
[0, 1, 3, 2]
>>> ring_order(3, {(0, 2): 5})  # three on a ring are all neighbours: the case's order
[0, 1, 2]
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Mapping, Sequence

#: The most passes of swaps over the ring (each pass swaps every pair of neighbours that
#: it improves; the passes stop sooner when one swaps none).
PASSES = 12

Weights = Mapping[tuple[int, int], int]


def ring_order(count: int, lines: Weights, strength: Weights | None = None) -> list[int]:
    """The order round the ring of ``count`` systems (numbered in the case's order), given
    how many lines join each pair (``lines``, keyed by the two numbers, smaller first;
    pairs without lines left out) and how strongly (``strength``: how many exchanges and
    contradictions, when a line stands for several; as ``lines`` when not given). Lines
    weigh their crossings; strength, their length and who is placed next. The first
    system stays first (at the top of the figure), and of the two ways round, the one
    where the lower numbered of its neighbours follows it."""
    identity = list(range(count))
    if count <= 3:
        return identity
    strength = lines if strength is None else strength
    crossing, pulling = _neighbours(count, lines), _neighbours(count, strength)
    best = (_score(identity, lines, strength), identity)
    for start in (identity, _greedy(count, pulling)):
        order = _swapped(start, crossing, pulling)
        score = _score(order, lines, strength)
        if score < best[0]:
            best = (score, order)
    return _upright(best[1])


def _neighbours(count: int, weights: Weights) -> list[dict[int, int]]:
    ties: list[dict[int, int]] = [{} for _ in range(count)]
    for (a, b), weight in sorted(weights.items()):
        if a != b and weight > 0:
            ties[a][b] = ties[b][a] = weight
    return ties


def _greedy(count: int, ties: Sequence[Mapping[int, int]]) -> list[int]:
    """Systems added one by one: the one most tied to those placed (to all, at first),
    at the end of the sequence where the sum of its ties times their lengths is least."""
    totals = [sum(tie.values()) for tie in ties]
    first = max(range(count), key=lambda s: (totals[s], -s))
    pull = [0] * count  # ties to the systems placed
    placed = {first: 0}  # system -> place, growing both ways from 0
    front, back = 0, 0
    # the systems not placed, most pulled first (then in the case's order); an entry
    # whose pull has grown since is passed over
    waiting = [(0, system) for system in range(count) if system != first]
    for other, weight in ties[first].items():
        pull[other] += weight
        waiting.append((-pull[other], other))
    heapq.heapify(waiting)
    while waiting:
        minus, system = heapq.heappop(waiting)
        if system in placed or -minus != pull[system]:
            continue
        tied = [(placed[x], w) for x, w in ties[system].items() if x in placed]
        at_front = sum(w * (place - front + 1) for place, w in tied)
        at_back = sum(w * (back + 1 - place) for place, w in tied)
        if at_front < at_back:
            front -= 1
            placed[system] = front
        else:
            back += 1
            placed[system] = back
        for other, weight in ties[system].items():
            if other not in placed:
                pull[other] += weight
                heapq.heappush(waiting, (-pull[other], other))
    return sorted(placed, key=placed.__getitem__)


def _swapped(
    start: Sequence[int],
    crossing: Sequence[Mapping[int, int]],
    pulling: Sequence[Mapping[int, int]],
) -> list[int]:
    """``start`` with neighbours on the ring swapped, pass after pass, wherever that
    makes fewer crossings, or as many and shorter lines."""
    order = list(start)
    count = len(order)
    where = [0] * count
    for place, system in enumerate(order):
        where[system] = place
    for _ in range(PASSES):
        swapped = False
        for place in range(count):
            after = (place + 1) % count
            u, v = order[place], order[after]
            if (_crossed(u, v, where, crossing), _longer(u, v, where, pulling)) < (0, 0):
                order[place], order[after] = v, u
                where[u], where[v] = after, place
                swapped = True
        if not swapped:
            break
    return order


def _crossed(u: int, v: int, where: Sequence[int], ties: Sequence[Mapping[int, int]]) -> int:
    """How many more crossings when ``u`` and the next system round the ring, ``v``,
    change places.

    Going round from ``v``, a line of ``u`` to ``x`` and one of ``v`` to ``y`` cross
    when ``y`` comes after ``x``; swapped, when it comes before: the swap turns every
    such crossing into none and back (lines to one system, x = y, never cross)."""
    count = len(where)
    origin = where[v]
    theirs = [((where[y] - origin) % count, w) for y, w in ties[v].items() if y != u]
    more = 0
    for x, wx in ties[u].items():
        if x == v:
            continue
        step = (where[x] - origin) % count
        for y, wy in theirs:
            if step > y:
                more += wx * wy
            elif step < y:
                more -= wx * wy
    return more


def _longer(u: int, v: int, where: Sequence[int], ties: Sequence[Mapping[int, int]]) -> int:
    """How much longer (in places round the ring, times strength) the lines of ``u`` and
    the next system round the ring, ``v``, when they change places: counted round from
    ``v``, ``u`` moves on from ``count - 1`` (just before ``v``) to 0, ``v`` back to -1."""
    count = len(where)
    origin = where[v]
    longer = 0
    for x, w in ties[u].items():
        if x != v:
            step = where[x] - origin
            longer += w * (_span(step, count) - _span(step + 1, count))
    for y, w in ties[v].items():
        if y != u:
            step = where[y] - origin
            longer += w * (_span(step + 1, count) - _span(step, count))
    return longer


def _span(steps: int, count: int) -> int:
    """How many places apart two systems ``steps`` apart round the ring stand, the
    shorter way round."""
    steps %= count
    return min(steps, count - steps)


def _score(order: Sequence[int], lines: Weights, strength: Weights) -> tuple[int, int]:
    """The crossings of the lines round the ring in ``order``, weighted by how many lines
    each stands for, and their length in places round the ring, times their strength."""
    count = len(order)
    where = [0] * count
    for place, system in enumerate(order):
        where[system] = place
    length = 0
    for (a, b), weight in strength.items():
        if a != b and weight > 0:
            length += weight * _span(where[a] - where[b], count)
    ending: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    starting = [0] * count
    for (a, b), weight in lines.items():
        if a == b or weight <= 0:
            continue
        low, high = sorted((where[a], where[b]))
        ending[high].append((low, weight))
        starting[low] += weight
    # a sweep round the ring: at each place, the lines open there (started before it,
    # ending after it) that started between the two ends of a line ending there cross it
    tree = [0] * (count + 1)  # a Fenwick tree of the open lines' weights by their start

    def add(place: int, weight: int) -> None:
        place += 1
        while place <= count:
            tree[place] += weight
            place += place & -place

    def upto(place: int) -> int:  # the weights of the open lines that start at place or before
        total, place = 0, place + 1
        while place > 0:
            total += tree[place]
            place -= place & -place
        return total

    crossings = 0
    for place in range(count):
        for low, weight in ending[place]:
            add(low, -weight)
        for low, weight in ending[place]:
            crossings += weight * (upto(place - 1) - upto(low))
        if starting[place]:
            add(place, starting[place])
    return crossings, length


def _upright(order: Sequence[int]) -> list[int]:
    """``order`` turned round the ring so that the first system comes first, and of the
    two ways round, the one where the lower numbered of its neighbours follows it."""
    first = order.index(0)
    turned = [*order[first:], *order[:first]]
    if len(turned) > 2 and turned[1] > turned[-1]:
        turned = [turned[0], *reversed(turned[1:])]
    return turned


#: The room a handout's landscape A4 page leaves the overview, in points: 277 mm across
#: and about 153 mm down, under section 2's heading and the shared object.
PAGE = (785.0, 433.0)

#: How much wider than tall a packed overview is drawn, its boxes and what goes round
#: them: a little rounder than the page, since the lines round the outside of the ring
#: make the figure taller than that, and a rounder ring leaves the lines inside it more
#: room to cross at wide angles and to keep off its boxes.
RING_PROPORTIONS = 1.6

#: The fewest boxes a ring is packed for. Fewer stand round an ellipse of their own
#: proportions, which prints them larger: the lines round the outside of a packed ring
#: make it taller than its boxes, as much for a few boxes as for many (generated
#: summaries of 5 to 10 systems printed 2 to 9% smaller packed, and had more crossings;
#: of 11, 12 and 13, 7, 12 and 7% larger).
LEAST_PACKED = 11

#: The least room between two neighbouring boxes on a packed ring, across and down, in
#: points: for the lines between them and their counts.
RING_GAP = (110.0, 80.0)

# The least radii of the ring, across and down (points): room for the lines inside.
_LEAST = (200.0, 150.0)
# About what an overview adds to its ring of boxes, across and down, in points: the
# lines round the outside of the ring and the contradictions within a system, whose
# arrows point into its box from outside; and, down, the caption above.
_AROUND = (80.0, 160.0)
# How finely the boxes are placed round a packed ring (radians) and it is sized (points).
_STEP = 0.01
_PRECISION = 1.0

Size = tuple[float, float]


def ring_places(sizes: Sequence[Size], *, packed: bool = False) -> list[tuple[float, float]]:
    """The centres of boxes of ``sizes`` (width and height, in points) round an ellipse
    centred on the origin, clockwise from its top (y upwards, as Graphviz has it).

    The boxes stand at equal angles, each as far round from the one before as the largest
    box needs, on an ellipse of the boxes' proportions: for more than a few systems a
    ring three times as wide as tall, which printed on a page has its text tiny and half
    the page empty. ``packed``, a figure of at least :data:`LEAST_PACKED` boxes that
    would be flatter than :data:`RING_PROPORTIONS` gets a rounder ring instead, of those
    proportions, when that prints it larger on a handout's landscape page (:data:`PAGE`,
    judged by where the boxes stand): as small a ring as
    lets each box clear the one before by :data:`RING_GAP`, across or down, so that boxes
    stand closer where the ring runs down its sides, one above another, than along its
    top and bottom, one beside another. (The detailed overview is not packed: its labels
    and numbered arrows need the room between the boxes.)

    >>> ring_places([(150.0, 60.0)] * 3, packed=True)  # few boxes: a round ring already
    [(0.0, 150.0), (173.2, -75.0), (-173.2, -75.0)]
    >>> def extent(places):  # the ring's width and height, centre to centre
    ...     xs, ys = [x for x, _ in places], [y for _, y in places]
    ...     return round(max(xs) - min(xs)), round(max(ys) - min(ys))
    >>> extent(ring_places([(200.0, 60.0)] * 15))
    (1790, 675)
    >>> extent(ring_places([(200.0, 60.0)] * 15, packed=True))
    (1419, 836)
    """
    count = len(sizes)
    widest = max(width for width, _ in sizes)
    tallest = max(height for _, height in sizes)
    radius_x = max(_LEAST[0], (widest + 90) * count / (2 * math.pi) * 1.3)
    radius_y = max(_LEAST[1], (tallest + 70) * count / (2 * math.pi) * 1.1)
    angles = [math.pi / 2 - 2 * math.pi * index / count for index in range(count)]

    def across(radius_x: float) -> float:  # about how wide the figure is
        return 2 * radius_x + widest + _AROUND[0]

    def down(radius_y: float) -> float:  # and how tall
        return 2 * radius_y + tallest + _AROUND[1]

    def printed(radius_x: float, radius_y: float, angles: Sequence[float]) -> float:
        # the scale it prints at, from where the boxes stand: a few boxes at equal
        # angles reach neither end of their ellipse
        xs = [radius_x * math.cos(angle) for angle in angles]
        ys = [radius_y * math.sin(angle) for angle in angles]
        wide = max(xs) - min(xs) + widest + _AROUND[0]
        tall = max(ys) - min(ys) + tallest + _AROUND[1]
        return min(PAGE[0] / wide, PAGE[1] / tall)

    def rounder(radius_x: float) -> float:  # the radius down that gives the proportions
        return max(_LEAST[1], (across(radius_x) / RING_PROPORTIONS - tallest - _AROUND[1]) / 2)

    if packed and count >= LEAST_PACKED and across(radius_x) > RING_PROPORTIONS * down(radius_y):
        found = _packed_ring(sizes, radius_x, rounder)
        if found is not None and printed(found[0], rounder(found[0]), found[1]) > printed(
            radius_x, radius_y, angles
        ):
            radius_x, angles = found
            radius_y = rounder(radius_x)
    return [
        (round(radius_x * math.cos(angle), 1), round(radius_y * math.sin(angle), 1))
        for angle in angles
    ]


def _packed_ring(
    sizes: Sequence[Size], largest: float, rounder: Callable[[float], float]
) -> tuple[float, list[float]] | None:
    """The least radius across, from :data:`_LEAST` to ``largest``, of an ellipse
    ``rounder(radius)`` down round which :func:`_packed_angles` fits the boxes, and their
    angles on it, as even as they can be there (no two neighbours closer than the largest
    angle that still fits); ``None`` if they do not fit even at ``largest``."""
    if _packed_angles(sizes, largest, rounder(largest)) is None:
        return None
    low, high = _LEAST[0], largest
    if _packed_angles(sizes, low, rounder(low)) is not None:
        high = low
    while high - low > _PRECISION:
        middle = (low + high) / 2
        if _packed_angles(sizes, middle, rounder(middle)) is None:
            low = middle
        else:
            high = middle
    radius_y = rounder(high)
    fits, wider = 0.0, 2 * math.pi / len(sizes)  # the least angle between neighbours
    found = _packed_angles(sizes, high, radius_y)
    while wider - fits > _STEP / 10:
        middle = (fits + wider) / 2
        angles = _packed_angles(sizes, high, radius_y, middle)
        if angles is None:
            wider = middle
        else:
            fits, found = middle, angles
    assert found is not None
    return high, found


def _packed_angles(
    sizes: Sequence[Size], radius_x: float, radius_y: float, least: float = 0.0
) -> list[float] | None:
    """The angles of the boxes round the ellipse of radii ``radius_x`` and ``radius_y``,
    from the top clockwise, each box just clear of the one before and at least ``least``
    round from it; what is left over once round is shared equally between every two
    neighbours. ``None`` when the last box does not clear the first."""
    count = len(sizes)
    gap_x, gap_y = RING_GAP
    start = math.pi / 2
    angles = [start]
    for index in range(1, count + 1):
        before, this, at = index - 1, index % count, angles[-1]
        # what each test of a place for this box against the one before shares, worked
        # out once: the one before's place, and how far apart the two must be
        (width, height), (other_width, other_height) = sizes[before], sizes[this]
        cos_at, sin_at = math.cos(at), math.sin(at)
        need_x = (width + other_width) / 2 + gap_x
        need_y = (height + other_height) / 2 + gap_y

        # whether this box at an angle clears the one before
        apart = functools.partial(_apart, cos_at, sin_at, radius_x, radius_y, need_x, need_y)
        near, far = at - least, at - max(least, _STEP)
        if least and apart(near):
            angles.append(near)
            continue
        while not apart(far):
            near, far = far, far - _STEP
            if start - far > 2 * math.pi:
                return None
        for _ in range(10):  # the last step, narrowed down
            middle = (near + far) / 2
            near, far = (near, middle) if apart(middle) else (middle, far)
        angles.append(far)
    spare = angles[-1] - (start - 2 * math.pi)
    if spare < 0:
        return None
    # Shared out, the spare can bring a box back toward another one round the ring (a box
    # is not always further from another the further round it goes): else kept at the end.
    for shared in (spare, 0.0):
        spread = [angle - index * shared / count for index, angle in enumerate(angles[:-1])]
        places = [(radius_x * math.cos(a), radius_y * math.sin(a)) for a in spread]
        if _clear(sizes, places):
            return spread
    return None


def _apart(
    cos_at: float,
    sin_at: float,
    radius_x: float,
    radius_y: float,
    need_x: float,
    need_y: float,
    angle: float,
) -> bool:
    """Whether a box at ``angle`` round the ellipse of radii ``radius_x`` and ``radius_y``
    is ``need_x`` across or ``need_y`` down from the box at the angle of cosine ``cos_at``
    and sine ``sin_at``."""
    return (
        radius_x * abs(cos_at - math.cos(angle)) >= need_x
        or radius_y * abs(sin_at - math.sin(angle)) >= need_y
    )


def _clear(sizes: Sequence[Size], places: Sequence[tuple[float, float]]) -> bool:
    """Whether every box clears every other by :data:`RING_GAP`, across or down.

    >>> _clear([(100.0, 40.0)] * 2, [(0.0, 0.0), (210.0, 0.0)])  # 110 points apart
    True
    >>> _clear([(100.0, 40.0)] * 2, [(0.0, 0.0), (200.0, 70.0)])
    False
    """
    gap_x, gap_y = RING_GAP
    lefts = sorted(range(len(sizes)), key=lambda k: places[k][0] - sizes[k][0] / 2)
    for index, one in enumerate(lefts):
        right = places[one][0] + sizes[one][0] / 2 + gap_x
        for other in lefts[index + 1 :]:
            if places[other][0] - sizes[other][0] / 2 >= right:
                break  # this one and those after it are far enough across
            down = abs(places[other][1] - places[one][1])
            if down < (sizes[one][1] + sizes[other][1]) / 2 + gap_y:
                return False
    return True
