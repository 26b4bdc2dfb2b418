"""Reading a report back checks its texts (no terminal control, bidirectional override
or lone surrogate) in one search over them all, and works out where a text stands only
for a report that holds a refused one: a report of 40,000 findings holds some 760,000
values, and placing and checking each made reading it back twice as slow. The work is
counted, not timed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activity_systems import Report, ReportFileError, check, load
from activity_systems.rules import report_reading

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def placed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    refuse = report_reading._refuse_unsafe_text

    def counting(value: object, loc: tuple[str | int, ...], *within: frozenset[int]) -> None:
        seen.append(loc)
        refuse(value, loc, *within)

    monkeypatch.setattr(report_reading, "_refuse_unsafe_text", counting)
    return seen


def test_a_safe_report_is_read_without_placing_its_texts(placed: list[object]) -> None:
    report = check(load(EXAMPLES / "court-reports.yaml"))
    assert Report.from_json(report.to_json()) == report
    assert placed == []


def test_a_refused_text_is_still_named_at_its_place(placed: list[object]) -> None:
    data = json.loads(check(load(EXAMPLES / "court-reports.yaml")).to_json())
    data["findings"][1]["message"] = "Court \u202eevil"
    with pytest.raises(ReportFileError, match=r"findings\[1\]\.message: contains the bidi"):
        Report.from_json(json.dumps(data))
    assert placed


def test_the_collector_is_paused_while_a_report_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its passes over the findings being read made reading a large report grow faster
    than the report (7.9 times as long for four times the findings)."""
    import gc

    enabled: list[bool] = []
    validate = Report.model_validate

    def watched(*args: object, **kwargs: object) -> Report:
        enabled.append(gc.isenabled())
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    text = check(load(EXAMPLES / "court-reports.yaml")).to_json()
    monkeypatch.setattr(Report, "model_validate", watched)
    assert gc.isenabled()
    Report.from_json(text)
    Report.from_data(json.loads(text))
    assert enabled == [False, False]
    assert gc.isenabled()
