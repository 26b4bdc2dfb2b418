"""Durations and duration ranges, as case files write them (``3 weeks``, ``4-8 weeks``).

Units are hours, days and weeks. Months and years are refused because their length in
days is ambiguous; zero, negative and unit-less numbers are refused too.

>>> DurationRange.parse("3-6 weeks")
DurationRange.parse('3-6 weeks')
>>> DurationRange.parse("P42D").max.hours
Decimal('1008')
>>> str(DurationRange.parse("36 hours-2 days"))
'36 hours-2 days'
>>> DurationRange.parse("4 to 8 weeks").to_iso()
{'min': 'P4W', 'max': 'P8W'}
"""

from __future__ import annotations

import contextlib
import math
import re
import reprlib
import unicodedata
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from activity_systems.errors import visible
from activity_systems.model.slugs import closest
from activity_systems.model.types import SPACE_CHARACTERS, is_reference, value_kind

Unit = Literal["hours", "days", "weeks"]

_HOURS_PER: dict[Unit, Decimal] = {"hours": Decimal(1), "days": Decimal(24), "weeks": Decimal(168)}

_UNIT_WORDS: dict[str, Unit] = {
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
}
_AMBIGUOUS = {
    "month",
    "months",
    "mo",
    "mos",
    "mth",
    "mths",
    "year",
    "years",
    "yr",
    "yrs",
    "y",
    "m",
}

# Digits are 0-9: \d would take any script's digits too (an Arabic-Indic 3), which the
# JSON Schema's patterns, read by editors as ECMA-262 regular expressions, cannot.
_NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?"
# Each run of spaces is taken whole (possessive quantifiers): a text of many spaces that is
# no duration is then refused at once rather than after trying every way of sharing them.
_SIMPLE = re.compile(rf"^\s*+({_NUMBER})\s*+([A-Za-z]*)\s*+$")
_N = r"[0-9]+(?:[.,][0-9]+)?"
_ISO = re.compile(
    rf"^P(?:(?P<w>{_N})W|(?:(?P<y>{_N})Y)?(?:(?P<mo>{_N})M)?(?:(?P<d>{_N})D)?"
    rf"(?:T(?:(?P<h>{_N})H)?(?:(?P<mi>{_N})M)?(?:(?P<s>{_N})S)?)?)$"
)
_RANGE = re.compile(
    rf"^\s*+(?P<a>{_NUMBER}\s*+[A-Za-z]*)\s*+(?:-|–|—|\bto\b)\s*+"
    rf"(?P<b>{_NUMBER}\s*+[A-Za-z]*)\s*+$"
)
_DIGITS = frozenset("0123456789")

# -- the same grammar as JSON Schema patterns ------------------------------------------
# A JSON Schema pattern is an ECMA-262 regular expression, without flags; validators in
# Python (jsonschema) run it with re. So: letters spelt in both cases, as the parser
# ignores case; Python's whitespace (what str.strip and \s take) spelt out, as ECMA-262's
# \s is not quite the same set; ASCII digits; no amount that is zero, and no minus sign,
# since the parser refuses zero and negative amounts. What no pattern can say is that a
# range must not run backwards ('6-3 weeks'): the loader alone refuses that.
_SPACES = f"[{SPACE_CHARACTERS}]*"


def _positive(point: str) -> str:
    """A number above zero, with ``point`` before its decimals. Its first digit that is not
    zero is found in one way only, so a long run of digits cannot make it backtrack."""
    return f"(?:0*[1-9][0-9]*(?:{point}[0-9]+)?|0+{point}0*[1-9][0-9]*)"


def _any_case(word: str) -> str:
    return "".join(f"[{ch.upper()}{ch.lower()}]" for ch in word)


_UNIT = "(?:" + "|".join(_any_case(word) for word in sorted(_UNIT_WORDS)) + ")"
_AMOUNT = "\\+?" + _positive("\\.")
_ISO_AMOUNT = _positive("[.,]")
_WITH_UNIT = f"{_AMOUNT}{_SPACES}{_UNIT}"
_ONE = f"(?:{_WITH_UNIT}|[Pp](?:{_ISO_AMOUNT}(?:[Ww]|[Dd][Tt]?)|[Tt]{_ISO_AMOUNT}[Hh]))"
#: What :meth:`Duration.parse` accepts, as a JSON Schema pattern.
DURATION_PATTERN = f"^{_SPACES}{_ONE}{_SPACES}$"
#: What :meth:`DurationRange.parse` accepts, as a JSON Schema pattern, but for a range
#: that runs backwards: one duration, or two amounts, the first with or without a unit,
#: joined by '-', an en or em dash, or 'to'.
RANGE_PATTERN = (
    f"^{_SPACES}(?:{_ONE}|{_AMOUNT}{_SPACES}(?:{_UNIT}{_SPACES})?(?:-|\u2013|\u2014|\\bto\\b)"
    f"{_SPACES}{_WITH_UNIT}){_SPACES}$"
)


# A comma between digits: a decimal comma ('2,5') or a thousands separator ('1,000').
_DIGIT_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def _comma_hint(raw: str) -> str:
    """`` (did you mean '2.5 weeks'?)`` for a number written with a comma, when the text
    with a point (or, for '1,000', with no separator) is a duration or a range."""
    if not _DIGIT_COMMA.search(raw):
        return ""
    if _THOUSANDS.search(raw):
        meant = _THOUSANDS.sub(lambda m: m[0].replace(",", ""), raw)
    else:
        meant = _DIGIT_COMMA.sub(".", raw)
    try:
        DurationRange.of(meant)
    except (PydanticCustomError, ValueError):
        return ""
    return f" (did you mean {meant!r}?)"


_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_FORTNIGHTS = re.compile(r"\b([0-9]+)\s*fortnights?\b", re.IGNORECASE)
# Words around a length that say how it is meant, which a duration has no room for.
_QUALIFIED = re.compile(
    r"^(?:up\s+to|within|about|around|approx\.?|approximately|roughly|usually|typically|"
    r"at\s+most|at\s+least|no\s+more\s+than|max(?:imum)?\.?|min(?:imum)?\.?|under|over|"
    r"less\s+than|more\s+than|ca?\.|~|<=?|>=?)\s*(.+?)$|^(.+?)\s*(?:\+|or\s+more|or\s+less|max)$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_HALF = re.compile(r"\bhalf\s+an?\b", re.IGNORECASE)
_BARE_POINT = re.compile(r"(?<![0-9])\.(?=[0-9])")
# '3 working days', '1-3 working days': calendar time is what a duration counts
_WORKING = re.compile(
    r"^(?:([0-9]+)\s*(?:-|–|—|\bto\b)\s*)?([0-9]+)\s*(?:working|business|work)\s+days?$",
    re.IGNORECASE,
)
# '15 minutes': hours are the smallest unit a duration has
_MINUTES = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:min|mins|minute|minutes)$", re.IGNORECASE)
# one length of several units: '2 weeks 3 days', '1 day and 6 hours', '1 week, 2 days'
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)")
_PARTS = re.compile(
    r"^[0-9]+(?:\.[0-9]+)?\s*[A-Za-z]+(?:\s*(?:,|\+|\band\b)?\s*[0-9]+(?:\.[0-9]+)?\s*[A-Za-z]+)+$",
    re.IGNORECASE,
)
#: A date (``2026-01-01``, ``01/02/2026``, ``1.2.2026``): the day a thing is due, where
#: a duration says how long it takes. YAML 1.1 would read the first as a date.
_DATE = re.compile(r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4})$")
_DATE_HINT = (
    " (a date: a duration is how long, not when; write the time from the start of the "
    "activity to that day)"
)
#: Hours and minutes as a clock writes them (``1:30``, ``1:30 hours``), with seconds too
#: (``1:30:00``), which YAML 1.1 would read as the number 90 (base 60); told the hours
#: they make when exact. A range of them (``1:30-2:00``) is told the range in hours.
_CLOCK_TIME = r"[0-9]{1,3}:[0-9]{2}(?::[0-9]{2})?"
_CLOCK_HOURS = r"(?:\s*(?:h|hr|hrs|hour|hours))?"
_CLOCK = re.compile(rf"^({_CLOCK_TIME}){_CLOCK_HOURS}$", re.IGNORECASE)
_CLOCK_RANGE = re.compile(
    rf"^({_CLOCK_TIME}){_CLOCK_HOURS}\s*(?:-|–|—|\bto\b)\s*({_CLOCK_TIME}){_CLOCK_HOURS}$",
    re.IGNORECASE,
)
_CLOCK_HINT = " hours and minutes are written in hours)"
_SHORT = 60  # characters of the longest text read for a length written in words
#: A number with an exponent ('1e-5 weeks', '1.5E+2 hours'), as a program may write one;
#: read as a range, '1e-5 weeks' would run from '1e' to '5 weeks'.
_EXPONENT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")
# 'next day', 'by the next working day': one day on, counted in whole days as working days
# are ('1 working day' spans 1-3 calendar days), so the next working day is 1 working day
# and the next day is 1 day. 'overnight' and 'tomorrow' are left alone: whether they mean
# by the morning or by the end of the day is not ours to guess.
_NEXT_DAY = re.compile(
    r"^(?:by\s+)?(?:the\s+)?next[\s-]+(?:(working|business|work)[\s-]+)?day$", re.IGNORECASE
)
_LONE_FORTNIGHT = re.compile(r"^fortnight$", re.IGNORECASE)
# Words that say how soon, not how long. A same-day limit is the day it arrives, 0 days on
# in the whole days 'next day' counts: it leaves what is left of that day, from a whole day
# down to none, and no one length says that. '1 day', the most it leaves, would be counted
# in full where a time limit is checked against a turnaround (a range counts by its
# minimum), and would tell that a turnaround of a day meets a same-day limit.
_HOW_SOON = re.compile(
    r"^(?:(?:on\s+|within\s+|by\s+)?(?:the\s+)?same[\s-]+(?:working\s+|business\s+)?day|"
    r"immediate(?:ly)?|asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|urgent(?:ly)?|"
    r"without\s+delay|straight\s+away|at\s+once)$",
    re.IGNORECASE,
)
# '3/7', '2/52', '1/24', '6/12': clinical notes' shorthand for 3 days, 2 weeks, 1 hour
# and 6 months, the number over the days of a week, the weeks of a year, the hours of a
# day or the months of a year
_CLINICAL = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*/\s*(7|52|24|12)$")
_CLINICAL_UNITS = {"7": "days", "52": "weeks", "24": "hours", "12": "months"}
# A remark in brackets or a full stop after a length: '14 days (2 weeks)', '48 hours.'
_REMARK = re.compile(r"\s*(?:\([^()]*\)|[.;,])\s*$")
# How Duration.parse begins refusing a length in months or years.
_MONTHS_REFUSED = "'{text}' uses months or years"
_HOW_SOON_HINT = " (it says how soon, not how long: write the time agreed, e.g. '4 hours')"
_MONTHS_HINT = (
    " (it uses months or years, whose length in days is ambiguous: "
    "give it in weeks or days instead)"
)


def _wording_hint(raw: str) -> str:
    """`` (did you mean '3 weeks'?)`` for a length written in words ('three weeks', 'a
    fortnight', 'half a day'), with words around it ('up to 8 weeks', '6 weeks+'), as
    'between 4 and 8 weeks', with a bare point ('.5 days'), in several units ('2 weeks 3
    days': their sum) or in working days (the calendar days they span), when what it
    means is a duration or a range."""
    if len(raw) > _SHORT:
        return ""  # a long text is no length written in words, and the patterns backtrack
    # Working days and minutes are told their calendar length with the words around them
    # too: a time limit is often written 'within 5 working days'.
    if _HOW_SOON.match(raw):
        return _HOW_SOON_HINT
    if _DATE.match(raw):
        return _DATE_HINT
    exponent = _EXPONENT.match(raw)
    if exponent:
        return _written_out_hint(raw, exponent)
    clock = _CLOCK.match(raw)
    if clock:
        hours = _clock_hours(clock[1])
        return "" if hours is None else f" (did you mean '{Duration(hours, 'hours')}'?{_CLOCK_HINT}"
    clocks = _CLOCK_RANGE.match(raw)
    if clocks:
        first, last = _clock_hours(clocks[1]), _clock_hours(clocks[2])
        if first is None or last is None:
            return ""
        try:
            meant = str(DurationRange.parse(f"{_fmt(first)}-{_fmt(last)} hours"))
        except PydanticCustomError:
            return ""  # '2:00-1:30' runs backwards: which end was meant is not ours to guess
        return f" (did you mean {meant!r}?{_CLOCK_HINT}"
    invisible = _invisible_hint(raw)
    if invisible:
        return invisible
    clinical = _CLINICAL.match(raw)
    if clinical:
        unit = _CLINICAL_UNITS[clinical[2]]
        if unit == "months":
            return _MONTHS_HINT
        try:
            length = Duration.parse(f"{clinical[1]} {unit}")
        except (PydanticCustomError, ValueError):
            return ""  # 0/7: no length, which the message on the text as written says
        return f" (did you mean '{length}'? in clinical notes, /{clinical[2]} counts {unit})"
    remark = _REMARK.search(raw)
    if remark and remark.start() > 0:
        # the length before the remark is meant; what it says belongs in a description
        meant = raw[: remark.start()]
        try:
            DurationRange.of(meant)
        except (PydanticCustomError, ValueError):
            return _wording_hint(meant)
        return f" (did you mean {meant!r}?)"
    around = _QUALIFIED.match(raw)
    core = (around[1] or around[2]) if around else raw
    # 'within five working days', 'by the next working day': the count in figures
    core = _NEXT_DAY.sub(lambda m: "1 working day" if m[1] else m[0], core)
    core = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m[0].lower()]), core)
    working = _WORKING.match(core)
    if working:
        # n working days span n calendar days, and two more for each weekend between; a
        # range spans from the fewest days of its shortest to the most of its longest
        days = int(working[2])
        fewest = int(working[1]) if working[1] else days
        if fewest > days:
            # '5-3 working days' runs backwards: which end was meant is not ours to guess,
            # and '5-5 days' (the fewest of 5, the most of 3) would mean neither
            return ""
        longest = days + 2 * ((days + 4) // 5)
        meant = f"{fewest}-{longest} days"
        try:
            DurationRange.of(meant)  # none for '0 working days', which is no length
        except (PydanticCustomError, ValueError):
            return ""
        return f" (did you mean {meant!r}? a duration counts calendar days)"
    minutes = _MINUTES.match(core)
    if minutes:
        return _minutes_hint(Decimal(minutes[1]))
    if _PARTS.match(raw):
        return _sum_hint(raw)
    between = _BETWEEN.match(raw)
    meant = f"{between[1]}-{between[2]}" if between else raw
    qualified = _QUALIFIED.match(meant)
    if qualified:
        meant = qualified[1] or qualified[2]
    meant = _NEXT_DAY.sub("1 day", meant)
    meant = _LONE_FORTNIGHT.sub("1 fortnight", meant)
    meant = _HALF.sub("0.5", meant)
    meant = _BARE_POINT.sub("0.", meant)
    meant = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m[0].lower()]), meant)
    meant = _FORTNIGHTS.sub(lambda m: f"{2 * int(m[1])} weeks", meant)
    if meant == raw:
        return ""
    try:
        DurationRange.of(meant)
    except PydanticCustomError as refused:
        # 'a month': refused on purpose, and told why, as '1 month' is. The template, not
        # the message, is read: the message quotes the text, which may say 'months or
        # years' without using either ('2 weeks (not months or years)').
        return _MONTHS_HINT if refused.message_template.startswith(_MONTHS_REFUSED) else ""
    except ValueError:
        return ""
    with contextlib.suppress(PydanticCustomError):
        meant = str(Duration.parse(meant))  # '0.5 days' for 'half a day'
    return f" (did you mean {meant!r}?)"


def _written_out_hint(raw: str, exponent: re.Match[str]) -> str:
    """`` (did you mean '0.00001 weeks'?)`` for a length whose number has an exponent,
    when the number written out is short enough to read and the length then parses."""
    try:
        number = Decimal(exponent[0])
    except InvalidOperation:  # an exponent past what a decimal holds
        return ""
    if not -_SHORT < number.adjusted() < _SHORT:
        return ""  # '1e400 days': hundreds of digits are no help
    meant = _fmt(number) + raw[exponent.end() :]
    try:
        DurationRange.of(meant)
    except (PydanticCustomError, ValueError):
        return ""  # '1e-5', which has no unit, is offered none
    return f" (did you mean {meant!r}?)"


def _clock_hours(clock: str) -> Decimal | None:
    """The hours that ``1:30`` or ``1:30:00`` (hours, minutes and seconds, as a clock
    writes them) make, when they are a length and exact to four decimals; ``None`` for
    minutes or seconds past 59, no time at all, or a length such as ``1:20``, a third of
    an hour, which any decimal would change.

    >>> _clock_hours("1:30:00"), _clock_hours("0:00:36"), _clock_hours("1:20")
    (Decimal('1.5'), Decimal('0.01'), None)
    """
    hours, minutes, *seconds = (int(part) for part in clock.split(":"))
    if minutes >= 60 or any(second >= 60 for second in seconds):
        return None
    total = Decimal(hours * 3600 + minutes * 60 + sum(seconds))
    # enough digits for any time the short text read here holds; exact precision would
    # not end a third of an hour
    length = Context(prec=2 * _SHORT).divide(total, Decimal(3600))
    if not total or _EXACT.multiply(length, Decimal(3600)) != total:
        return None
    if length != length.quantize(Decimal("0.0001"), context=_EXACT):
        return None
    return length.normalize(_EXACT)


def _invisible_hint(raw: str) -> str:
    """`` (did you mean '3 days'? it holds an invisible U+200B ZERO WIDTH SPACE)`` for a
    duration with a character that shows as nothing (a zero-width space, a soft hyphen, a
    direction mark, as word processors and web pages leave in copied text), when it is a
    duration without it. Such a character is no space, to the loader as to the JSON
    Schema's patterns, and the text as quoted shows only its escape.

    >>> _invisible_hint("3\u200bdays")
    " (did you mean '3 days'? it holds an invisible U+200B ZERO WIDTH SPACE)"
    """
    found = sorted({ch for ch in raw if unicodedata.category(ch) == "Cf"})
    if not found:
        return ""
    for stand_in in ("", " "):  # 'da\u00adys' is 'days', '3\u200bto\u200b6 weeks' has spaces
        try:
            meant = str(DurationRange.parse("".join(stand_in if ch in found else ch for ch in raw)))
        except PydanticCustomError:
            continue
        named = " and ".join(
            f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}" for ch in found
        )
        return f" (did you mean {meant!r}? it holds an invisible {named})"
    return ""


def _minutes_hint(minutes: Decimal) -> str:
    """`` (did you mean '0.25 hours'?)`` for minutes that make an exact number of hours
    of at most four decimals; nothing for a length such as 20 minutes, a third of an
    hour, which any decimal would change."""
    # Enough digits for any number of the short text read here; exact precision would
    # not end a third of an hour.
    hours = Context(prec=2 * _SHORT).divide(minutes, Decimal(60))
    if minutes <= 0 or _EXACT.multiply(hours, Decimal(60)) != minutes:
        return ""
    if hours != hours.quantize(Decimal("0.0001"), context=_EXACT):
        return ""
    return f" (did you mean '{Duration(hours, 'hours')}'?)"


def _sum_hint(raw: str) -> str:
    """`` (did you mean '17 days'?)`` for one length written in several units ('2 weeks
    3 days'): their sum in the smallest of them."""
    try:
        parts = [Duration.parse(f"{amount} {word}") for amount, word in _PART.findall(raw)]
    except PydanticCustomError:
        return ""
    smallest = min(parts, key=lambda part: _HOURS_PER[part.unit]).unit
    total = sum((part.hours for part in parts), Decimal(0)) / _HOURS_PER[smallest]
    return f" (did you mean '{Duration(total, smallest)}'?)"


def _fail(message: str, **ctx: Any) -> PydanticCustomError:
    # The text is quoted back to the user, often on a terminal: escape what it would act on.
    shown = {key: visible(value) if isinstance(value, str) else value for key, value in ctx.items()}
    # Pydantic fills the message's {fields} one after the other: the user's text goes in last,
    # so that a '{hint}' written in it stays as written.
    if "text" in shown:
        shown["text"] = shown.pop("text")
    return PydanticCustomError("duration", message, shown)


#: Exact arithmetic, whatever the caller's decimal context: an amount keeps every digit it
#: was written with, where the default context would round it to 28.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _number_text(number: float) -> str:
    """A number as written, without an exponent: ``21``, ``2.5``, ``100000000000000000000``."""
    if not math.isfinite(number):
        return str(number)
    return _fmt(Decimal(str(number)))


def _fmt(amount: Decimal) -> str:
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class Duration:
    """A positive length of time in hours, days or weeks; compares by its length."""

    amount: Decimal
    unit: Unit

    @property
    def hours(self) -> Decimal:
        """The length in hours."""
        return _EXACT.multiply(self.amount, _HOURS_PER[self.unit])

    def to_iso(self) -> str:
        """ISO 8601 form: ``P6W``, ``P42D``, ``PT36H``."""
        amount = _fmt(self.amount)
        if self.unit == "weeks":
            return f"P{amount}W"
        if self.unit == "days":
            return f"P{amount}D"
        return f"PT{amount}H"

    def __str__(self) -> str:
        amount = _fmt(self.amount)
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{amount} {unit}"

    def __repr__(self) -> str:
        """The call that gives the duration back, as Python code: what a falsifying
        example prints can be pasted into a test.

        >>> Duration.parse("1.5 days")
        Duration.parse('1.5 days')
        """
        return f"Duration.parse({str(self)!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Pretty-printed (by IPython, and by Hypothesis in a falsifying example) as its
        repr: Hypothesis would otherwise print how a strategy built it, or its fields."""
        printer.text(repr(self))

    def __lt__(self, other: Duration) -> bool:
        return self.hours < _hours_of(other)

    def __le__(self, other: Duration) -> bool:
        return self.hours <= _hours_of(other)

    def __gt__(self, other: Duration) -> bool:
        return self.hours > _hours_of(other)

    def __ge__(self, other: Duration) -> bool:
        return self.hours >= _hours_of(other)

    @classmethod
    def parse(cls, text: str, *, default_unit: Unit | None = None) -> Duration:
        """Parse ``"6 weeks"``, ``"1.5 days"``, ``"P6W"`` or ``"PT36H"``.

        Raises:
            pydantic_core.PydanticCustomError: with a message saying why the text is refused.
        """
        raw = text.strip()
        if (raw[:1] in ("P", "p") and raw[1:2] in _DIGITS) or raw.upper().startswith("PT"):
            return cls._parse_iso(raw)
        match = _SIMPLE.match(raw)
        if not match:
            raise _fail(
                "'{text}' is not a duration{hint}: write a number and a unit, e.g. '6 weeks', "
                "'42 days', '36 hours' or 'P6W'",
                text=text,
                hint=_comma_hint(raw) or _wording_hint(raw),
            )
        number, word = match.group(1), match.group(2).lower()
        if not word:
            if default_unit is None:
                amount = Decimal(number.replace(",", "."))
                # no unit makes it a length: not offered as '0 weeks' or '-3 weeks',
                # which are refused in turn
                if amount == 0:
                    raise _fail("'{text}' is zero: a duration must be positive", text=raw)
                if amount < 0:
                    raise _fail("'{text}' is negative: a duration must be positive", text=raw)
                raise _fail(
                    "'{text}' has no unit: say hours, days or weeks, e.g. '{text} weeks'",
                    text=raw,
                )
            unit = default_unit
        elif word in _UNIT_WORDS:
            unit = _UNIT_WORDS[word]
        elif word in _AMBIGUOUS:
            raise _fail(
                _MONTHS_REFUSED + ", whose length in days is ambiguous: "
                "give it in weeks or days instead",
                text=raw,
            )
        else:
            best = closest(word, _HOURS_PER)
            hint = f" (did you mean '{best}'?)" if best is not None else _wording_hint(raw)
            raise _fail(
                "'{text}' has an unknown unit '{word}'{hint}: use hours, days or weeks",
                text=raw,
                word=word,
                hint=hint,
            )
        return cls._checked(number, unit, raw)

    @classmethod
    def _checked(cls, number: str, unit: Unit, raw: str) -> Duration:
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the regexes only pass numbers
            raise _fail("'{text}' is not a number", text=raw) from None
        if amount < 0:
            raise _fail("'{text}' is negative: a duration must be positive", text=raw)
        if amount == 0:
            raise _fail("'{text}' is zero: a duration must be positive", text=raw)
        return cls(amount, unit)

    @classmethod
    def _parse_iso(cls, raw: str) -> Duration:
        """``raw`` read in any case (``p6w``); quoted as written when refused."""
        iso = raw.upper()
        match = _ISO.match(iso)
        if not match or iso in ("P", "PT"):
            raise _fail(
                "'{text}' is not an ISO 8601 duration such as 'P6W', 'P42D' or 'PT36H'",
                text=raw,
            )
        parts = {k: v for k, v in match.groupdict().items() if v is not None}
        if "y" in parts or "mo" in parts:
            raise _fail(
                "'{text}' uses months or years, whose length in days is ambiguous: "
                "give it in weeks (P6W) or days (P42D) instead",
                text=raw,
            )
        if "mi" in parts or "s" in parts:
            raise _fail(
                "'{text}' uses minutes or seconds: durations are counted in hours, days or weeks",
                text=raw,
            )
        if len(parts) != 1:
            raise _fail(
                "'{text}' mixes units: give one unit, e.g. 'P9D' rather than 'P1W2D'",
                text=raw,
            )
        ((key, number),) = parts.items()
        unit: Unit = {"w": "weeks", "d": "days", "h": "hours"}[key]  # type: ignore[assignment]
        return cls._checked(number, unit, raw)


def _range_compared(*compared: object) -> str:
    """What a rule that compares a range as if it had one length is told, ``compared``
    being the two sides: a range of one length (``3 weeks``) is not told that it has
    none, though it too compares by its ``.min`` or its ``.max``."""
    ranges = [side for side in compared if isinstance(side, DurationRange)]
    test = "(needed_within.min < takes.max is AS101's test)"
    if ranges and all(side.is_single for side in ranges):
        return (
            "a duration range compares by its .min or its .max, even one of one length "
            f"such as {str(ranges[0])!r} {test}"
        )
    return f"a duration range has no one length: compare its .min or its .max {test}"


def _hours_of(other: object) -> Decimal:
    """The length of ``other``, a :class:`Duration` another is compared with.

    Raises:
        TypeError: for a range, which has no one length (``limit.min < turnaround``), or
            text or a number (``limit.min < "4 weeks"``), saying what to write; Python's
            own errors named an attribute (``'DurationRange' object has no attribute
            'hours'``).
    """
    if isinstance(other, Duration):
        return other.hours
    if isinstance(other, DurationRange):
        raise TypeError(_range_compared(other))
    compared = "a Duration is compared with another Duration, not"
    if other is None:
        raise TypeError(
            f"{compared} None, which is a time not given (case.takes(exchange) and "
            "case.needed_within(exchange) give None for it): test for None first"
        )
    if isinstance(other, str):
        raise TypeError(f"{compared} str ({reprlib.repr(other)}){_text_compared(other)}")
    raise TypeError(
        f"{compared} {type(other).__name__} ({reprlib.repr(other)}): write the length with "
        "its unit, as Duration.parse('4 weeks')"
    )


def _text_compared(text: str) -> str:
    """What to write for ``text`` that a :class:`Duration` is compared with: its
    duration when it is one, and where it is a reference (``exchange.takes`` as
    written), the call that gives the duration it refers to."""
    try:
        parsed = DurationRange.parse(text)
    except ValueError:
        if is_reference(text.strip()):  # mhs.report-writing; not 2.5 months, no duration
            return (
                ", which is a reference, as exchange.takes and exchange.needed_within may "
                "be, not a length: case.takes(exchange) and case.needed_within(exchange) "
                "give the duration"
            )
        return ": write the length with its unit, as Duration.parse('4 weeks')"
    if not parsed.is_single:
        return (
            f", which is a range: write DurationRange.parse({text!r}) and compare its .min "
            "or its .max"
        )
    return f": write Duration.parse({text!r})"


@dataclass(frozen=True, slots=True)
class DurationRange:
    """A range of durations; a single duration is a range with ``min == max``.

    A range has no one length, so it does not compare with ``<`` or ``>``: compare its
    ``min`` or its ``max``.

    >>> limit, turnaround = DurationRange.parse("3 weeks"), DurationRange.parse("4-8 weeks")
    >>> limit.min < turnaround.max
    True
    """

    min: Duration
    max: Duration

    def __lt__(self, other: object) -> bool:
        raise TypeError(_range_compared(self, other))

    __le__ = __gt__ = __ge__ = __lt__

    def __post_init__(self) -> None:
        if self.min > self.max:
            raise _fail(
                "the range '{text}' runs backwards: its minimum is greater than its maximum",
                text=f"{self.min}-{self.max}",
            )

    @property
    def is_single(self) -> bool:
        """True when the range is one duration."""
        return self.min == self.max

    def __str__(self) -> str:
        if self.is_single:
            return str(self.min)
        if self.min.unit == self.max.unit:
            return f"{_fmt(self.min.amount)}-{self.max}"
        return f"{self.min}-{self.max}"

    def __repr__(self) -> str:
        """The call that gives the range back, as Python code, as for a :class:`Duration`;
        a case's repr shows its durations so, and a falsifying example that holds one
        can be pasted into a test.

        >>> DurationRange.parse("36 hours to 2 days")
        DurationRange.parse('36 hours-2 days')
        """
        return f"DurationRange.parse({str(self)!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Pretty-printed as its repr, ``DurationRange.parse('3-6 weeks')``, as a
        :class:`Duration` is, rather than field by field."""
        printer.text(repr(self))

    def to_iso(self) -> str | dict[str, str]:
        """ISO 8601: a string for a single duration, ``{"min": .., "max": ..}`` for a range."""
        if self.is_single:
            return self.min.to_iso()
        return {"min": self.min.to_iso(), "max": self.max.to_iso()}

    @classmethod
    def of(cls, value: DurationRange | Duration | str | dict[str, Any]) -> DurationRange:
        """Coerce a duration, a text or a ``{min, max}`` mapping to a range."""
        if isinstance(value, DurationRange):
            return value
        if isinstance(value, Duration):
            return cls(value, value)
        if isinstance(value, dict):
            return cls._from_mapping(value)
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return cls.parse(_number_text(value))  # a JSON number: say that it needs a unit
        raise _fail(
            "expected a duration such as '6 weeks' or a range such as '3-6 weeks', got {kind}",
            kind=value_kind(value),
        )

    @classmethod
    def parse(cls, text: str) -> DurationRange:
        """Parse ``"6 weeks"``, ``"3-6 weeks"``, ``"3 to 6 weeks"`` or ``"36 hours-2 days"``."""
        raw = text.strip()
        match = _RANGE.match(raw)
        if match and not raw.startswith("-") and not _EXPONENT.match(raw):
            if not re.search("[A-Za-z]", match.group("b")):
                # '3-6' is one length without a unit, not a '6' of its own. Its ends are
                # read as the unit offered would have them, so that what that is refused
                # in turn ('0-6', '6-3', '3 dyas-6') is told why, in the words written.
                last = Duration.parse(match.group("b"), default_unit="weeks")
                if Duration.parse(match.group("a"), default_unit=last.unit) > last:
                    raise _fail(
                        "the range '{text}' runs backwards: its minimum is greater than its "
                        "maximum",
                        text=raw,
                    )
                raise _fail(
                    "'{text}' has no unit: say hours, days or weeks, e.g. '{text} weeks'",
                    text=raw,
                )
            second = Duration.parse(match.group("b"))
            first = Duration.parse(match.group("a"), default_unit=second.unit)
            return cls(first, second)
        one = Duration.parse(raw)
        return cls(one, one)

    @classmethod
    def _from_mapping(cls, value: dict[str, Any]) -> DurationRange:
        unknown = sorted(set(value) - {"min", "max"})
        if unknown or "min" not in value or "max" not in value:
            raise _fail(
                "a duration range mapping needs exactly the keys 'min' and 'max', "
                "e.g. min: 3 weeks, max: 6 weeks"
            )
        ends = []
        for key in ("min", "max"):
            end = value[key]
            if not isinstance(end, str):
                raise _fail(
                    "'{key}' must be a duration such as '3 weeks', got {kind}",
                    key=key,
                    kind=value_kind(end),
                )
            ends.append(Duration.parse(end))
        return cls(ends[0], ends[1])

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.of,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.to_iso(), when_used="unless-none"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = {
            "type": "string",
            "description": "A duration in hours, days or weeks ('6 weeks', '42 days', "
            "'PT36H') or a range ('3-6 weeks', '3 to 6 weeks', '36 hours-2 days').",
            "pattern": RANGE_PATTERN,
            # offered by editors as values to pick (VS Code's YAML extension does)
            "examples": ["2 weeks", "4-8 weeks", "48 hours", "5 days"],
        }
        end = {
            "type": "string",
            "description": "A duration in hours, days or weeks ('6 weeks', 'P42D').",
            "pattern": DURATION_PATTERN,
            "examples": ["4 weeks", "48 hours", "5 days"],
        }
        return {
            "anyOf": [
                text,
                {
                    "type": "object",
                    "properties": {"min": end, "max": end},
                    "required": ["min", "max"],
                    "additionalProperties": False,
                },
            ]
        }
