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
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from activity_systems.errors import ModelError
from activity_systems.model.elements import Frozen
from activity_systems.model.types import ORDERED, ItemsFirst, Label, Text, value_kind

ActionStatus = Literal["planned", "in-progress", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("planned", "in-progress", "done", "dropped")

RULE_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
FINDING_KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*-[0-9a-f]{10}$"
_KEY = re.compile(FINDING_KEY_PATTERN)
#: A key whose digits were not all copied: a rule's id, a dash and fewer than ten.
_CUT_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*-([0-9a-f]{1,9})")
#: A key whose '-' a word processor or a phone made another dash: the rule, the dash
#: and the digits.
_DASHED_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(.)([0-9a-f]{10})")
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
#: What parts a date written otherwise: '-', '/' or '.', or a dash that a word processor
#: or a phone put for '-' (en dash, Unicode hyphen, minus sign, ...).
_SEPARATOR = "[-/.\u2010-\u2015\u2212]"
_YEAR_FIRST = re.compile(rf"([0-9]{{4}}){_SEPARATOR}([0-9]{{1,2}}){_SEPARATOR}([0-9]{{1,2}})")
_YEAR_LAST = re.compile(
    rf"([0-9]{{1,2}}){_SEPARATOR}([0-9]{{1,2}}){_SEPARATOR}([0-9]{{4}}|[0-9]{{2}})"
)
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


#: Rules that report at most one finding per case, a want of the case as a whole (AS603:
#: the case names no shared object). Such a finding is keyed by its rule alone: its
#: elements (the systems that have a neighbour) grow and shrink with the case while the
#: want stays the same, and an action on it names it by any of them.
WHOLE_CASE_RULES = frozenset({"AS603"})


def finding_key(rule: str, elements: Iterable[str], extra: str = "") -> str:
    """The stable key of a finding: ``<rule>-<10 hex digits>`` of the rule and the sorted,
    de-duplicated elements (so element order never changes it); of the rule alone for a
    rule of :data:`WHOLE_CASE_RULES`, whatever the elements.

    >>> finding_key("AS603", ["court", "mhs"]) == finding_key("AS603", ["probation"])
    True
    """
    return elements_key(rule, () if rule in WHOLE_CASE_RULES else elements, extra)


def elements_key(rule: str, elements: Iterable[str], extra: str = "") -> str:
    """The key of ``rule`` and ``elements`` for every rule: a finding's key, but for a
    rule of :data:`WHOLE_CASE_RULES`, whose findings were keyed so before, and which an
    action written then may still name.

    >>> elements_key("AS101", ["mhs.report", "court.targets"]) == finding_key(
    ...     "AS101", ["court.targets", "mhs.report"])
    True
    """
    text = "|".join([rule, *sorted(set(elements)), extra])
    return f"{rule}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


class FindingReference(Frozen):
    """A finding named by its rule and the elements it involves."""

    rule: str = Field(pattern=RULE_ID_PATTERN, description="Rule id, e.g. AS101.")
    elements: Annotated[tuple[Text, ...], ItemsFirst, ORDERED] = Field(
        min_length=1, description="References and exchange ids, in any order."
    )


#: A finding's key, as an action's ``finding`` gives it (its form is checked by
#: :meth:`Action._key_form`, in the case file's words).
FindingKey = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": FINDING_KEY_PATTERN,
            "description": "The finding's key from the report, e.g. AS101-3705b555c6.",
        }
    ),
]

#: The two ways to name a finding, for the messages.
_FORMS = "a key like AS101-3705b555c6, or {rule: AS101, elements: [court.targets, ...]}"


def finding_reference(data: dict[object, object]) -> FindingReference:
    """The ``{rule, elements}`` form of an action's ``finding``; its first problem as one
    :class:`~activity_systems.errors.ModelError` placed where it is, in the case file's
    terms (a key that is not ``rule`` or ``elements``, one that is missing, an empty
    ``elements`` or one written as text). An element holding a character that no text of
    a case file may hold (a control character, a bidirectional override) is refused as
    in a label, with Pydantic's :class:`~pydantic.ValidationError` placed at the element.

    >>> finding_reference({"rule": "AS101", "elements": ["court.targets"]}).rule
    'AS101'
    >>> for data in ({"rules": "AS101", "elements": ["court.targets"]}, {"rule": "AS101"},
    ...              {"rule": "AS101", "elements": []},
    ...              {"rule": "AS101", "elements": "court.targets, mhs.report"}):
    ...     try:
    ...         finding_reference(data)
    ...     except ModelError as error:
    ...         print(error.message)
    unknown key 'rules' in the action's finding (did you mean 'rule'?); write {rule: AS101, elements: [court.targets, ...]}
    the action's finding needs 'elements', a list of one or more of the finding's elements and exchanges: {rule: AS101, elements: [court.targets, ...]}
    the action's finding has no 'elements': give one or more of the finding's elements and exchanges: {rule: AS101, elements: [court.targets, ...]}
    the action's finding has 'elements' as text: write a list, even of one, elements: [court.targets, mhs.report]
    """  # noqa: E501
    from pydantic import ValidationError

    from activity_systems.model.slugs import did_you_mean

    example = "{rule: AS101, elements: [court.targets, ...]}"
    keys = ("rule", "elements")
    for key in data:
        if key not in keys:
            hint = did_you_mean(str(key), keys)
            raise ModelError(
                f"unknown key {str(key)!r} in the action's finding{hint}; write {example}",
                (str(key),),
            ).at_key()
    for key in keys:
        if key not in data:
            what = (
                "the id of the rule that reports it"
                if key == "rule"
                else "a list of one or more of the finding's elements and exchanges"
            )
            raise ModelError(f"the action's finding needs {key!r}, {what}: {example}")
    elements = data["elements"]
    if isinstance(elements, list | tuple) and not elements:
        raise ModelError(
            "the action's finding has no 'elements': give one or more of the finding's "
            f"elements and exchanges: {example}",
            ("elements",),
        )
    if isinstance(elements, str):
        items = [item.strip() for item in elements.split(",") if item.strip()]
        raise ModelError(
            f"the action's finding has 'elements' as text: write a list, even of one, "
            f"elements: [{', '.join(items)}]",
            ("elements",),
        )
    try:
        return FindingReference.model_validate(data)
    except ValidationError as invalid:
        error = invalid.errors(include_url=False)[0]
        if error["type"] == "text":
            # A character refused in every text of a case file, refused in the same words
            # and placed at the element (actions[0].finding.elements[1]).
            raise
        loc = tuple(error["loc"])
        value = error.get("input")
        if loc == ("rule",) and isinstance(value, str):
            message = f"{value!r} is not a rule id such as AS101: {example}"
        elif error["type"] in ("string_type", "str_type"):
            what = "each of its 'elements'" if len(loc) > 1 else repr(loc[0])
            message = f"in the action's finding, {what} is text, got {value_kind(value)}"
        elif error["type"] in ("list_type", "tuple_type"):
            message = f"the action's finding has 'elements' as {value_kind(value)}: write {example}"
        else:
            message = f"the action's finding: {str(error['msg']).lower()}: write {example}"
        raise ModelError(message, loc) from None


class LeftOut(Frozen):
    """A rule that a case leaves out of every check of it: the group judged it irrelevant
    to this case, and the case file keeps who decided and why, so that the decision is
    made once, not remembered as an option on each run.

    >>> LeftOut(rule="AS602", reason="Unknowns are mapped on purpose").rule
    'AS602'
    """

    rule: str = Field(pattern=RULE_ID_PATTERN, description="Rule id, e.g. AS602.")
    reason: Text | None = Field(default=None, description="Why the group left it out.")
    by: Text | None = Field(default=None, description="Who decided, and when.")

    @field_validator("rule", mode="before")
    @classmethod
    def _rule_id(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(RULE_ID_PATTERN, value):
            raise ModelError(
                f"{value!r} is not a rule id such as AS101: write the id the report "
                "shows beside the finding, {rule: AS602, reason: ...}"
            )
        return value


class Action(Frozen):
    """A strategy agreed for one finding, with its owner, review date and status."""

    finding: FindingKey | FindingReference = Field(
        description="The finding's key (e.g. AS101-9bf0b7d8b0) or {rule, elements}."
    )
    strategy: Label = Field(description="What the team will do.")
    owner: Text | None = Field(default=None, description="Who is responsible.")
    review: ReviewDate | None = Field(
        default=None,
        description="When the action learning set reviews it, written YYYY-MM-DD: "
        "2027-03-01 is 1 March 2027.",
    )
    status: ActionStatus = Field(
        default="planned", description="planned, in-progress, done, dropped."
    )
    note: Text | None = Field(
        default=None,
        description="Free text, such as how the action went; shown with the strategy "
        "wherever the action is listed.",
    )

    @field_validator("finding", mode="before")
    @classmethod
    def _reference_form(cls, value: object) -> object:
        """A mapping as a :class:`FindingReference`, each problem told in the case file's
        terms (Pydantic would try the text form too, and tell of both)."""
        if isinstance(value, str | FindingReference):
            return value
        if not isinstance(value, dict):
            raise ModelError(f"an action's finding is {_FORMS}; got {value_kind(value)}")
        return finding_reference(value)

    @field_validator("finding")
    @classmethod
    def _key_form(cls, value: str | FindingReference) -> str | FindingReference:
        if isinstance(value, str) and not _KEY.fullmatch(value):
            if value != value.strip() and _KEY.fullmatch(value.strip()):
                # copied from a report with the space after it (or before): told, not
                # mended, since the file is the group's and is written back as it is
                extra = value.replace(value.strip(), "")
                what = "a space"
                if "\n" in extra or "\r" in extra:
                    what = "a line break"
                elif "\t" in extra:
                    what = "a tab"
                where = "at its end" if value[-1:].isspace() else "at its start"
                if value[:1].isspace() and value[-1:].isspace():
                    where = "around it"
                raise ValueError(
                    f"{value!r} has {what} {where}: write the key without it, {value.strip()!r}"
                )
            dashed = _DASHED_KEY.fullmatch(value.strip())
            if dashed and (unicodedata.category(dashed[2]) == "Pd" or dashed[2] == "\u2212"):
                name = unicodedata.name(dashed[2], "dash").lower()
                article = "an" if name[:1] in "aeiou" else "a"
                raise ValueError(
                    f"{value!r} has {article} {name} (U+{ord(dashed[2]):04X}) after the rule's "
                    f"id, where a finding key has a plain '-': write "
                    f"'{dashed[1]}-{dashed[3]}'"
                )
            cut = _CUT_KEY.fullmatch(value.strip())
            if cut:
                raise ValueError(
                    f"{value!r} is cut short: a finding key has ten digits and letters "
                    f"after the rule's id and the dash, this one has {len(cut[1])}; copy it "
                    "whole from the report"
                )
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
