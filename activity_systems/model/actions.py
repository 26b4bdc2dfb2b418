"""Action plans for the action learning sets (the chapter's graduated phase).

An action names the finding it addresses either by the finding's stable key or by its
rule and elements, so that it still means the same finding when the case is edited:

>>> action = Action.model_validate({"finding": {"rule": "AS101",
...     "elements": ["mhs.report", "court.targets", "court-report"]},
...     "strategy": "Agree a 3-week short report", "review": "2027-03-01"})
>>> action.finding_key
'AS101-3705b555c6'
>>> action.finding_key == finding_key("AS101", ["court.targets", "mhs.report", "court-report"])
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from activity_systems.model.elements import Frozen
from activity_systems.model.types import ItemsFirst, Label, Text

ActionStatus = Literal["planned", "in-progress", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("planned", "in-progress", "done", "dropped")

RULE_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
FINDING_KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*-[0-9a-f]{10}$"
_KEY = re.compile(FINDING_KEY_PATTERN)
#: A date written as a case file gives it (whether or not that day exists).
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: The months' names, in English whatever the locale (``calendar.month_name`` follows it).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_FIRST = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_YEAR_LAST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})")
_DAY_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+([0-9]{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})")


def _day(year: str, month: str | int, day: str) -> date | None:
    """The day of the calendar written so, if there is one; a two-digit year is this
    century's."""
    if isinstance(month, str) and not month.isdigit():
        names = [name for name in MONTHS if name.lower().startswith(month.lower())]
        month = MONTHS.index(names[0]) + 1 if len(names) == 1 else 0
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None


def date_hint(text: str) -> str:
    """What to write for a date written otherwise than YYYY-MM-DD: both readings of one
    with day and month as numbers, day first and month first, when both are days.

    >>> date_hint("01/03/2027")
    ': write 2027-03-01 for 1 March 2027, or 2027-01-03 for 3 January 2027'
    >>> date_hint("March 1st, 2027"), date_hint("next week")
    (': write 2027-03-01 for 1 March 2027', '')
    """
    text = text.strip()
    readings: list[date | None] = []
    if found := _YEAR_FIRST.fullmatch(text):
        readings = [_day(found[1], found[2], found[3])]
    elif found := _YEAR_LAST.fullmatch(text):
        readings = [_day(found[3], found[2], found[1]), _day(found[3], found[1], found[2])]
    elif found := _DAY_MONTH.fullmatch(text):
        readings = [_day(found[3], found[2], found[1])]
    elif found := _MONTH_DAY.fullmatch(text):
        readings = [_day(found[3], found[1], found[2])]
    days = list(dict.fromkeys(day for day in readings if day is not None))
    said = [f"{day.isoformat()} for {day.day} {MONTHS[day.month - 1]} {day.year}" for day in days]
    return f": write {', or '.join(said)}" if said else ""


def _date_as_written(value: object) -> object:
    """A review date is a :class:`~datetime.date` or text written YYYY-MM-DD; anything
    else (``"1/3/2027"``, or a number, which Pydantic would read as seconds since 1970)
    is refused here, in those words."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str) and DATE_PATTERN.fullmatch(value):
        return value  # Pydantic checks that the day is on the calendar
    given = f"not {value!r}" if isinstance(value, str) else f"got {type(value).__name__}"
    if isinstance(value, str):
        given += date_hint(value)
    raise PydanticCustomError(
        "date_format",
        "expected a date written YYYY-MM-DD, like 2030-01-31, {given}",
        {"given": given},
    )


ReviewDate = Annotated[date, BeforeValidator(_date_as_written)]


def finding_key(rule: str, elements: Iterable[str], extra: str = "") -> str:
    """The stable key of a finding: ``<rule>-<10 hex digits>`` of the rule and the sorted,
    de-duplicated elements (so element order never changes it)."""
    text = "|".join([rule, *sorted(set(elements)), extra])
    return f"{rule}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


class FindingReference(Frozen):
    """A finding named by its rule and the elements it involves."""

    rule: str = Field(pattern=RULE_ID_PATTERN, description="Rule id, e.g. AS101.")
    elements: Annotated[tuple[str, ...], ItemsFirst] = Field(
        min_length=1, description="References and exchange ids, in any order."
    )


class Action(Frozen):
    """A strategy agreed for one finding, with its owner, review date and status."""

    finding: str | FindingReference = Field(
        description="The finding's key (e.g. AS101-9bf0b7d8b0) or {rule, elements}."
    )
    strategy: Label = Field(description="What the team will do.")
    owner: Text | None = Field(default=None, description="Who is responsible.")
    review: ReviewDate | None = Field(
        default=None, description="When the action learning set reviews it."
    )
    status: ActionStatus = Field(
        default="planned", description="planned, in-progress, done, dropped."
    )
    note: Text | None = None

    @field_validator("finding")
    @classmethod
    def _key_form(cls, value: str | FindingReference) -> str | FindingReference:
        if isinstance(value, str) and not _KEY.fullmatch(value):
            raise ValueError(
                f"{value!r} is not a finding key such as 'AS101-3705b555c6'; give the key "
                "from the report, or {rule: AS101, elements: [...]}"
            )
        return value

    @property
    def finding_key(self) -> str:
        """The key of the finding this action addresses."""
        if isinstance(self.finding, str):
            return self.finding
        return finding_key(self.finding.rule, self.finding.elements)
