"""Durations and ranges (DESIGN §2.1): what is accepted, what is refused and why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic_core import PydanticCustomError

from activity_systems import DurationRange

GOOD = [
    ("6 weeks", "P6W", 1008, 1008),
    ("42 days", "P42D", 1008, 1008),
    ("36 hours", "PT36H", 36, 36),
    ("P6W", "P6W", 1008, 1008),
    ("P42D", "P42D", 1008, 1008),
    ("PT36H", "PT36H", 36, 36),
    ("1 week", "P1W", 168, 168),
    ("1.5 days", "P1.5D", 36, 36),
    ("3-6 weeks", {"min": "P3W", "max": "P6W"}, 504, 1008),
    ("3 to 6 weeks", {"min": "P3W", "max": "P6W"}, 504, 1008),
    ("3 weeks - 6 weeks", {"min": "P3W", "max": "P6W"}, 504, 1008),
    ("36 hours-2 days", {"min": "PT36H", "max": "P2D"}, 36, 48),
    ("4–8 weeks", {"min": "P4W", "max": "P8W"}, 672, 1344),
    ("6 WEEKS", "P6W", 1008, 1008),
    ("2 wks", "P2W", 336, 336),
]


@pytest.mark.parametrize(("text", "iso", "low", "high"), GOOD)
def test_good_durations(text: str, iso: object, low: int, high: int) -> None:
    duration = DurationRange.parse(text)
    assert duration.to_iso() == iso
    assert duration.min.hours == Decimal(low)
    assert duration.max.hours == Decimal(high)
    assert DurationRange.of(duration.to_iso()) == duration


BAD = [
    ("6 months", "months or years"),
    ("1 year", "months or years"),
    ("P1M", "months or years"),
    ("P1Y", "months or years"),
    ("-3 weeks", "negative"),
    ("0 days", "zero"),
    ("P0D", "zero"),
    ("6", "no unit"),
    ("3 fortnights", "unknown unit 'fortnights'"),
    ("6-3 weeks", "runs backwards"),
    ("2 days-36 hours", "runs backwards"),
    ("soon", "not a duration"),
    ("PT30M", "minutes or seconds"),
    ("", "not a duration"),
    ("\u0663 weeks", "not a duration"),  # an Arabic-Indic 3: digits are 0-9
    ("P\u0663W", "not a duration"),
]


@pytest.mark.parametrize(("text", "why"), BAD)
def test_bad_durations_say_why(text: str, why: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        DurationRange.parse(text)
    assert why in str(raised.value)


def test_mapping_form() -> None:
    assert DurationRange.of({"min": "3 weeks", "max": "6 weeks"}) == DurationRange.parse(
        "3-6 weeks"
    )
    with pytest.raises(PydanticCustomError, match="exactly the keys 'min' and 'max'"):
        DurationRange.of({"min": "3 weeks"})
    with pytest.raises(PydanticCustomError, match="must be a duration"):
        DurationRange.of({"min": 3, "max": "6 weeks"})


def test_comparison_is_by_length() -> None:
    assert DurationRange.parse("42 days").min.hours == DurationRange.parse("6 weeks").min.hours
    assert DurationRange.parse("42 days").min <= DurationRange.parse("6 weeks").min
    assert DurationRange.parse("3 weeks").min < DurationRange.parse("22 days").min
    assert str(DurationRange.parse("4-8 weeks")) == "4-8 weeks"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2 months\x1b]0;title\x07", "'2 months\\x1b]0;title\\x07' is not a duration"),
        ("3\u202e weeks", "'3\\u202e weeks' is not a duration"),
        ("3\nfortnights", "'3\\nfortnights' has an unknown unit"),
    ],
)
def test_bad_durations_are_quoted_with_escapes(text: str, shown: str) -> None:
    """The message quotes the text, often onto a terminal: nothing in it may act there."""
    with pytest.raises(PydanticCustomError) as raised:
        DurationRange.parse(text)
    assert str(raised.value).startswith(shown)
    assert str(raised.value).isprintable()
