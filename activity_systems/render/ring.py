"""The order of the systems on an overview's ring: connected ones close together.

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

import heapq
from collections.abc import Mapping, Sequence

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
