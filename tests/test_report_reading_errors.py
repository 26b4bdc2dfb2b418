"""A report's JSON that cannot be read back is an error of the library's own: a service
that reads reports another job saved catches every error of the library with
``except activity_systems.ActivitySystemsError``, as it does a broken case file."""

from __future__ import annotations

import json
import pickle
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
