"""A report's JSON that cannot be read back is an error of the library's own: a service
that reads reports another job saved catches every error of the library with
``except activity_systems.ActivitySystemsError``, as it does a broken case file."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

import activity_systems as a

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"

_GOOD = json.loads(a.check(COURT).to_json())

BROKEN_TEXTS = {
    "not JSON": '{"format": ',
    "not an object": "[1, 2]",
    "a file's name": "report.json",
    "no format": "{}",
    "another format": '{"format": "activity-systems/comparison", "version": 1}',
    "another version": '{"format": "activity-systems/report", "version": 2}',
    "too deep": "[" * 100_000,
    "not a report's fields": json.dumps(_GOOD | {"findings": [{"rule": "AS101"}]}),
    "a bad selection": json.dumps(_GOOD | {"selection": {"total": 0}}),
}


@pytest.mark.parametrize("text", BROKEN_TEXTS.values(), ids=BROKEN_TEXTS.keys())
def test_a_report_that_cannot_be_read_is_a_report_file_error(text: str) -> None:
    with pytest.raises(a.ReportFileError) as raised:
        a.Report.from_json(text)
    error = raised.value
    # Still the ValueError the docs promise, and an error of the library's own.
    assert isinstance(error, ValueError)
    assert isinstance(error, a.ActivitySystemsError)
    assert "report" in str(error)


def test_data_that_is_no_report_is_a_report_file_error_too() -> None:
    with pytest.raises(a.ReportFileError, match="its format is 'activity-systems/comparison'"):
        a.Report.from_data({"format": "activity-systems/comparison", "version": 1})


def test_a_report_file_error_crosses_processes_as_it_was_raised() -> None:
    with pytest.raises(a.ReportFileError) as raised:
        a.Report.from_json("{}")
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is a.ReportFileError
    assert again.args == raised.value.args


def test_a_path_or_a_mapping_given_as_the_text_is_still_a_type_error() -> None:
    # A mistake of the calling code, not of the report: Python's own TypeError.
    with pytest.raises(TypeError):
        a.Report.from_json(Path("report.json"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        a.Report.from_data("{}")  # type: ignore[arg-type]


def _with_message(message: str) -> str:
    findings = [dict(_GOOD["findings"][0], message=message), *_GOOD["findings"][1:]]
    return json.dumps(_GOOD | {"findings": findings})


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (_with_message("Late \x1b]0;owned\x07 reports"), "control character U+001B"),
        (_with_message("Late \ud800 reports"), "lone surrogate (U+D800)"),
        (json.dumps(_GOOD | {"case": "Court \u202e stroper"}), "bidirectional control"),
    ],
)
def test_a_report_holding_what_no_case_text_may_is_refused(text: str, said: str) -> None:
    """A saved report received from elsewhere holds only what a case's text may: a
    terminal's control sequence would act on the terminal its text is printed in, a
    bidirectional override show the text as other than it is, and a lone surrogate stop
    every file it is written to; each is refused, as a case file holding it is."""
    with pytest.raises(a.ReportFileError, match=re.escape(said)) as raised:
        a.Report.from_json(text)
    assert str(raised.value).startswith("not a valid report of activity-systems: ")
    where = "case" if "U+202E" in str(raised.value) else "findings[0].message"
    assert f": {where}: " in str(raised.value)


def test_a_report_with_tabs_and_line_breaks_in_its_texts_is_read() -> None:
    assert a.Report.from_json(_with_message("a\tb\nc\r\nd")).findings[0].message == "a\tb\nc\r\nd"


@pytest.mark.parametrize("unsafe", ["", "\x1b[2J"], ids=["safe texts", "a control"])
def test_data_that_holds_itself_is_refused_not_read_for_ever(unsafe: str) -> None:
    """Data built in Python may hold itself (a note that is its own value): it is told
    as a report file error at its place, never read round and round."""
    data = json.loads(json.dumps(_GOOD))
    note: dict[str, object] = {"said": f"Late {unsafe}reports"}
    note["again"] = note
    data["findings"][0]["note"] = note
    with pytest.raises(a.ReportFileError, match=r": findings\[0\]\.note(\.said)?: "):
        a.Report.from_data(data)
