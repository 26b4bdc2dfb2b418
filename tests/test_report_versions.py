"""A report remembers the case it was made from, outside its data."""

from __future__ import annotations

import gc
from pathlib import Path

from activity_systems import Report, check, load
from activity_systems.rules.engine import run_rules
from activity_systems.rules.made_from import _MADE_FROM, made_from

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def test_what_a_report_remembers_is_none_of_its_data() -> None:
    case = load(COURT)
    report = check(case)
    assert made_from(report) is case
    read = Report.from_json(report.to_json())
    assert read == report
    assert hash(read) == hash(report)
    assert repr(read) == repr(report)
    assert read.to_json() == report.to_json()
    assert read.model_dump() == report.model_dump()
    assert made_from(run_rules(case)) is case


def test_a_report_lets_its_case_go_when_it_goes() -> None:
    gc.collect()
    kept = len(_MADE_FROM)
    reports = [check(load(COURT)) for _ in range(3)]
    assert len(_MADE_FROM) == kept + 3
    del reports
    gc.collect()
    assert len(_MADE_FROM) == kept
