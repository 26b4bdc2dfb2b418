"""Durations and duration ranges on a quarter grid of hours, days and weeks."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from activity_systems.model import Duration, DurationRange
from activity_systems.model.durations import Unit
from activity_systems.strategies._arguments import _check_duration, _check_units

_HOURS: dict[Unit, Decimal] = {"hours": Decimal(1), "days": Decimal(24), "weeks": Decimal(168)}
#: Fractional amounts are multiples of a quarter: "1.5 days", "0.25 weeks".
_STEPS_PER_UNIT = 4
_DEFAULT_MAX = Duration(Decimal(52), "weeks")


def _per(steps: int, unit: Unit) -> Callable[[int], Duration]:
    return lambda n: Duration(Decimal(n) / steps, unit)


def _amounts(unit: Unit, low: Decimal, high: Decimal) -> list[st.SearchStrategy[Duration]]:
    """Durations in ``unit`` between ``low`` and ``high`` hours: whole amounts, then
    quarters (so that shrinking prefers whole amounts)."""
    per = _HOURS[unit]
    found: list[st.SearchStrategy[Duration]] = []
    for steps in (1, _STEPS_PER_UNIT):
        first = max(math.ceil(low * steps / per), 1)
        last = math.floor(high * steps / per)
        if first <= last:
            found.append(st.integers(first, last).map(_per(steps, unit)))
    return found


def _default_max(low: Duration | None) -> Duration:
    """The longest duration drawn when no ``max_value`` is given: 52 weeks, or twice
    ``min_value`` when that is longer, so that a long minimum still leaves room above it.

    >>> str(_default_max(None)), str(_default_max(Duration.parse("60 weeks")))
    ('52 weeks', '120 weeks')
    """
    if low is None:
        return _DEFAULT_MAX
    return max(_DEFAULT_MAX, Duration(low.amount * 2, low.unit))


def _duration_options(
    min_value: object, max_value: object, units: object
) -> st.SearchStrategy[Duration]:
    low = _check_duration("min_value", min_value)
    high = _check_duration("max_value", max_value)
    chosen = _check_units(units)
    if low is not None and high is not None and low > high:
        raise InvalidArgument(f"min_value={low} is longer than max_value={high}")
    top = high if high is not None else _default_max(low)
    low_hours = low.hours if low is not None else Decimal(0)
    whole: list[st.SearchStrategy[Duration]] = []
    quarters: list[st.SearchStrategy[Duration]] = []
    for unit in chosen:
        found = _amounts(unit, low_hours, top.hours)
        whole.extend(found[:1] if len(found) == 2 else [])
        quarters.extend(found[-1:])
    options = whole + quarters
    if not options:
        # Bounds off the quarter grid (say 1.1 to 1.2 hours): only the bounds themselves.
        bounds = [d for d in (low, high) if d is not None and d.unit in chosen]
        options = [st.sampled_from(bounds)] if bounds else []
    if not options:
        raise InvalidArgument(
            f"no duration in {', '.join(chosen)} lies between min_value={low} and max_value={high}"
        )
    return st.one_of(options)


def durations(
    *,
    min_value: Duration | str | None = None,
    max_value: Duration | str | None = None,
    units: Sequence[Unit] | None = None,
) -> st.SearchStrategy[Duration]:
    """Positive durations: whole or quarter amounts (``"1.5 days"``) of hours, days or weeks.

    Args:
        min_value: the shortest duration (inclusive); ``"3 weeks"`` is accepted.
        max_value: the longest duration (inclusive); when omitted, 52 weeks, or twice
            ``min_value`` when that is longer.
        units: the units to use, a subset of ``("hours", "days", "weeks")``.

    Shrinks toward the smallest whole amount of the first unit, ``1 hour`` by default.
    """
    return _duration_options(min_value, max_value, units)


def duration_ranges(
    *,
    min_value: Duration | str | None = None,
    max_value: Duration | str | None = None,
    units: Sequence[Unit] | None = None,
) -> st.SearchStrategy[DurationRange]:
    """Duration ranges (``"3-6 weeks"``, ``"36 hours-2 days"``) and single durations.

    Both ends lie between ``min_value`` and ``max_value``; options as for :func:`durations`.

    Shrinks toward a single duration (``min == max``) of ``1 hour``.
    """
    ends = _duration_options(min_value, max_value, units)

    @st.composite
    def ranges(draw: st.DrawFn) -> DurationRange:
        first = draw(ends)
        if not draw(st.booleans()):
            return DurationRange(first, first)
        second = draw(ends)
        return DurationRange(min(first, second), max(first, second))

    return ranges()


_RANGES = duration_ranges()
_MAYBE_RANGE = st.none() | _RANGES
