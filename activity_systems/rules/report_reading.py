"""Reading a report back from its JSON (``activity-systems/report``, version 1).

What :meth:`Report.to_data <activity_systems.rules.finding.Report.to_data>` writes,
:func:`report_fields` reads: the fields of the report, after checking that the data
names this format and a version this library reads. Everything else is refused in the
report's own terms (``findings[2].severity``), never with the names of the models
behind it.

>>> from activity_systems import check
>>> report = check("examples/court-reports.yaml")
>>> report_fields(report.to_data())["case"]
"Psychiatric reports for the magistrates' court"
>>> report_fields({"format": "activity-systems/comparison", "version": 1})
... # doctest: +ELLIPSIS
Traceback (most recent call last):
activity_systems.errors.ReportFileError: not a report of activity-systems: its format is ...
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from pydantic_core import ErrorDetails

from activity_systems.errors import ReportFileError, counted_more, dotted_place, visible
from activity_systems.rules.finding import (
    REPORT_FORMAT,
    REPORT_VERSION,
    Finding,
    LeftOutRule,
    RuleFailure,
    Selection,
)

#: The keys of the report's JSON that are the report's fields; ``format`` and
#: ``version`` are checked, ``counts`` is derived from the findings and not read.
#: ``left_out`` came after the first reports: one without it has left nothing out.
FIELDS = ("case", "findings", "rules_run", "rules_failed", "left_out")
#: The keys of a finding, of a failed rule and of a rule left out, as the report's JSON
#: writes them.
FINDING_KEYS = frozenset(Finding.model_fields)
FAILURE_KEYS = frozenset(RuleFailure.model_fields)
LEFT_OUT_KEYS = frozenset(LeftOutRule.model_fields)
_NOT_A_REPORT = "not a report of activity-systems"


def report_data(text: str | bytes | bytearray) -> dict[str, Any]:
    """The data of a report's JSON text, before :func:`report_fields` looks at it.

    >>> report_data("[1, 2]")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    activity_systems.errors.ReportFileError: not a report of activity-systems: the JSON is ...

    Raises:
        TypeError: for a path (read the file first) or anything else that is not text.
        ReportFileError: for text that is not JSON, the message saying where it stops being
            JSON, or that it looks like a file's name rather than what the file holds;
            for JSON nested too deeply for Python to read.
    """
    if isinstance(text, os.PathLike):
        raise TypeError(
            "Report.from_json() takes the report's JSON text, not a path: "
            f"Report.from_json(Path({os.fspath(text)!r}).read_text(encoding='utf-8'))"
        )
    if not isinstance(text, str | bytes | bytearray):
        hint = "; for data, use Report.from_data()" if isinstance(text, Mapping) else ""
        raise TypeError(
            f"Report.from_json() takes the report's JSON text, not {type(text).__name__}{hint}"
        )
    try:
        data = json.loads(text)
    except RecursionError:  # arrays or objects inside one another thousands deep
        raise ReportFileError(
            f"{_NOT_A_REPORT}: the text is not JSON (it is nested too deeply to read, where "
            "a report is a few levels deep)"
        ) from None
    except ValueError as error:  # json.JSONDecodeError, or bytes that are not UTF-8
        if isinstance(text, str) and _looks_like_a_file_name(text):
            raise ReportFileError(
                f"{_NOT_A_REPORT}: {text!r} looks like the name of a file; read it first: "
                f"Report.from_json(Path({text!r}).read_text(encoding='utf-8'))"
            ) from None
        if isinstance(error, json.JSONDecodeError):
            where = f" (line {error.lineno}, column {error.colno}: {error.msg})"
        elif isinstance(error, UnicodeDecodeError):
            where = " (its bytes are not UTF-8)"
        else:
            # Python refuses to read an integer of more than 4,300 digits (its message
            # advises sys.set_int_max_str_digits(), a setting of the whole process).
            where = " (it holds a number too long to read)"
        raise ReportFileError(f"{_NOT_A_REPORT}: the text is not JSON{where}") from None
    if not isinstance(data, dict):
        raise ReportFileError(
            f"{_NOT_A_REPORT}: the JSON is {_JSON_KINDS.get(type(data), 'no object')}, "
            "where a report is an object with its 'format'"
        )
    return data


#: What JSON calls what :func:`json.loads` gives, for a text that holds no object.
_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def _looks_like_a_file_name(text: str) -> bool:
    """Whether ``text`` is one line ending in ``.json``: the name of a report, not it."""
    stripped = text.strip()
    return "\n" not in stripped and stripped.lower().endswith(".json")


def report_fields(data: Any) -> dict[str, Any]:
    """The fields of a :class:`~activity_systems.Report` held by ``data``, the report's
    JSON as plain data; keys this version does not know are passed over, in the report
    and in each finding, as a reader of a versioned format should.

    Raises:
        TypeError: when ``data`` is not a mapping (for text, use ``Report.from_json``).
        ReportFileError: when ``data`` names no format, or another format or version.
    """
    if isinstance(data, str | bytes | bytearray):
        raise TypeError(
            "Report.from_data() takes the report as data (a dict, as json.load gives it), "
            "not text: for the JSON text, use Report.from_json()"
        )
    if not isinstance(data, Mapping):
        raise TypeError(
            "Report.from_data() takes the report as data (a dict, as json.load gives it), "
            f"not {type(data).__name__}"
        )
    found_format = data.get("format")
    if found_format is None:
        raise ReportFileError(
            f"{_NOT_A_REPORT}: it has no 'format' (a report has 'format': {REPORT_FORMAT!r})"
        )
    if found_format != REPORT_FORMAT:
        raise ReportFileError(
            f"{_NOT_A_REPORT}: its format is {_quoted(found_format)}, not {REPORT_FORMAT!r}"
        )
    version = data.get("version")
    if type(version) is not int or version != REPORT_VERSION:
        newer = (
            ", written by a later version of activity-systems"
            if type(version) is int and version > REPORT_VERSION
            else ""
        )
        found = "without a 'version'" if version is None else f"of version {_quoted(version)}"
        raise ReportFileError(
            f"a report {found}{newer}: this version of activity-systems reads "
            f"{REPORT_FORMAT!r} version {REPORT_VERSION}"
        )
    fields = {name: data[name] for name in FIELDS if name in data}
    if not _all_texts_safe(fields):
        _refuse_unsafe_text(fields, ())
    for name, known in (
        ("findings", FINDING_KEYS),
        ("rules_failed", FAILURE_KEYS),
        ("left_out", LEFT_OUT_KEYS),
    ):
        if name in fields:
            fields[name] = _known_keys(fields[name], known)
    return fields


#: The types of JSON's values that hold no text.
_NO_TEXT = frozenset({int, float, bool, type(None)})


def _all_texts_safe(value: Any) -> bool:
    """Whether every text of ``value`` (those :func:`_refuse_unsafe_text` checks) is
    safe: gathered in one loop, without the place of each, which only a refused text
    needs, and looked at in one search. A report of 40,000 findings holds some 760,000
    values, and placing and checking each made reading it back take twice as long as
    before its texts were checked."""
    from activity_systems.model.types import all_safe

    texts: list[str] = []
    waiting = [value]
    seen: set[int] = set()  # the lists and mappings read: data built in Python may hold itself
    while waiting:
        item = waiting.pop()
        kind = type(item)  # JSON's own types first: telling a Mapping is slower
        if kind is str:
            texts.append(item)
            continue
        if kind in _NO_TEXT:
            continue
        if id(item) in seen:
            continue
        if kind is dict:
            waiting.extend(item.values())
        elif kind is list:
            waiting.extend(item)
        elif isinstance(item, str):
            texts.append(item)
        elif isinstance(item, Mapping):
            waiting.extend(item.values())
        elif isinstance(item, list | tuple):
            waiting.extend(item)
        else:
            continue
        seen.add(id(item))
    return all_safe(texts)


def _refuse_unsafe_text(
    value: Any, loc: tuple[str | int, ...], within: frozenset[int] = frozenset()
) -> None:
    """Refuse, at its place, a text of the report that no case's text may hold (see
    :func:`~activity_systems.model.types.check_text`): a terminal's control sequence in a
    report received from elsewhere would act on the terminal it is printed in, a
    bidirectional override show it as other than it is, and a lone surrogate stop every
    file it is written to."""
    from pydantic_core import PydanticCustomError

    from activity_systems.model.types import check_text

    if isinstance(value, str):
        try:
            check_text(value)
        except PydanticCustomError as error:
            raise ReportFileError(
                f"not a valid report of activity-systems: {dotted_place(loc)}: {error}"
            ) from None
    elif id(value) in within:  # not again inside itself: data built in Python may hold itself
        return
    elif isinstance(value, Mapping):
        inside = within | {id(value)}
        for key, item in value.items():
            _refuse_unsafe_text(item, (*loc, str(key)), inside)
    elif isinstance(value, list | tuple):
        inside = within | {id(value)}
        for index, item in enumerate(value):
            _refuse_unsafe_text(item, (*loc, index), inside)


def selection_of(data: Mapping[str, Any], listed: int) -> Selection | None:
    """What the report's ``selection`` says was kept, of a report listing ``listed``
    findings; ``None`` when it has none (or ``null``: every finding is listed).

    Raises:
        ReportFileError: for a selection that is not one, placed in the report's terms
            (``selection.levels[0]``), or whose ``total`` is fewer than the findings.
    """
    from pydantic import ValidationError

    given = data.get("selection")
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise malformed([{"type": "model_type", "loc": ("selection",), "msg": "", "input": given}])
    try:
        selection = Selection.model_validate(given)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        for problem in errors:
            problem["loc"] = ("selection", *problem["loc"])
        raise malformed(errors) from None
    if selection.total < listed:
        raise ReportFileError(
            "not a valid report of activity-systems: selection.total: should be at least "
            f"the number of findings ({listed}), not {selection.total}"
        )
    return selection


def _known_keys(items: Any, known: frozenset[str]) -> Any:
    """``items`` with each mapping among them cut to the ``known`` keys; anything else
    as it is, for validation to refuse."""
    if not isinstance(items, list | tuple):
        return items
    return [
        {key: value for key, value in item.items() if key in known}
        if isinstance(item, Mapping) and not known.issuperset(item)
        else item
        for item in items
    ]


#: The longest a value found in the data is quoted in a message, and what is kept of it.
_QUOTED_LONGEST = 80
_QUOTED_KEPT = 60


def _quoted(value: Any) -> str:
    """A value found in the data, as Python writes it, cut short when it is long.

    >>> _quoted("urgent"), len(_quoted(list(range(100))))
    ("'urgent'", 61)
    """
    text = visible(repr(value))
    return text if len(text) <= _QUOTED_LONGEST else text[:_QUOTED_KEPT] + "…"


def malformed(errors: list[ErrorDetails]) -> ReportFileError:
    """The error for a report whose data has the right format and version but not the
    fields of a report: the first problem, placed in the report's terms, and how many
    more there are.

    >>> error = {"type": "missing", "loc": ("findings", 2, "severity"), "msg": "", "input": {}}
    >>> print(malformed([error, error]))
    not a valid report of activity-systems: findings[2] has no 'severity' (and 1 more problem)
    """
    others = len(errors) - 1
    said = f" (and {counted_more(others, 'problem')})" if others else ""
    return ReportFileError(f"not a valid report of activity-systems: {_problem(errors[0])}{said}")


#: Pydantic's error types whose words name a model or Python type: how to say them.
_EXPECTED = {
    "model_type": "a JSON object",
    "model_attributes_type": "a JSON object",
    "dict_type": "a JSON object",
    "tuple_type": "a list",
    "list_type": "a list",
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
}


def _problem(error: ErrorDetails) -> str:
    """One problem: where it is, and what is wrong there."""
    loc = tuple(error["loc"])
    if error["type"] == "missing":
        return f"{dotted_place(loc[:-1]) or 'the report'} has no {loc[-1]!r}"
    expected = _EXPECTED.get(error["type"])
    message = (
        f"should be {expected}"
        if expected is not None
        else error["msg"][:1].lower() + error["msg"][1:]
    )
    given = _quoted(error["input"])
    return f"{dotted_place(loc) or 'the report'}: {message}, not {given}"
