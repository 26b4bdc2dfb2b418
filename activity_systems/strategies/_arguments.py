"""Checks of strategy options: a bad option raises ``InvalidArgument`` saying why."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis.errors import InvalidArgument

from activity_systems.model import Duration
from activity_systems.model.actions import RULE_ID_PATTERN
from activity_systems.model.durations import Unit
from activity_systems.model.slugs import is_slug

UNITS: tuple[Unit, ...] = ("hours", "days", "weeks")
_RULE_ID = re.compile(RULE_ID_PATTERN)


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")


def _check_size(name: str, value: object, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an integer")
    if value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be at least {minimum}")
    return value


def _check_bounds(
    low_name: str, low: int, high_name: str, high: int | None, default: int
) -> tuple[int, int]:
    top = max(low, default) if high is None else _check_size(high_name, high)
    if top < low:
        raise InvalidArgument(f"{low_name}={low} is greater than {high_name}={high}")
    return low, top


def _check_limit(name: str, value: object, default: int) -> int:
    return default if value is None else _check_size(name, value)


def _check_slug(name: str, value: object) -> str:
    if not isinstance(value, str) or not is_slug(value):
        raise InvalidArgument(
            f"{name}={value!r} must be an id: lowercase letters, digits, '-' and '_'"
        )
    return value


def _check_slugs(name: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"{name}={values!r} must be a sequence of ids")
    checked = tuple(_check_slug(f"an item of {name}", v) for v in values)
    return tuple(dict.fromkeys(checked))


def _check_rule_ids(values: object) -> tuple[str, ...]:
    """One or more rule ids, as an action names them (``AS101``, ``ORG101``), without
    repeats, in their order."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"rule_ids={values!r} must be a sequence such as ['ORG101']")
    checked = list(values)
    for value in checked:
        if not isinstance(value, str) or not _RULE_ID.fullmatch(value):
            raise InvalidArgument(
                f"an item of rule_ids, {value!r}, is not a rule id such as 'AS101'"
            )
    if not checked:
        raise InvalidArgument(
            "rule_ids names no rule: give one or more, or leave it out for the registered rules"
        )
    return tuple(dict.fromkeys(checked))


def _check_duration(name: str, value: object) -> Duration | None:
    if value is None or isinstance(value, Duration):
        return value
    if isinstance(value, str):
        try:
            return Duration.parse(value)
        except ValueError as error:
            raise InvalidArgument(f"{name}: {error}") from None
    raise InvalidArgument(f"{name}={value!r} must be a Duration, a text such as '6 weeks' or None")


def _check_units(units: object) -> tuple[Unit, ...]:
    if units is None:
        return UNITS
    if isinstance(units, str) or not isinstance(units, Iterable):
        raise InvalidArgument(f"units={units!r} must be a sequence such as ['days', 'weeks']")
    chosen = tuple(dict.fromkeys(units))
    unknown = [u for u in chosen if u not in UNITS]
    if unknown or not chosen:
        raise InvalidArgument(f"units={units!r} must name at least one of 'hours', 'days', 'weeks'")
    return chosen
