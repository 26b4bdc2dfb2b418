"""The report's indented JSON is the text ``json.dumps`` writes, for any data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activity_systems import check, load
from activity_systems.rules.report_json import indented_json

EXAMPLES = Path(__file__).parents[2] / "examples"

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats()
keys = st.text() | st.integers() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values, st.sampled_from([2, 0, 4, -1, "\t"]))
def test_the_same_text_as_json_dumps(value: Any, indent: int | str) -> None:
    expected = json.dumps(value, indent=indent, ensure_ascii=False)
    assert indented_json(value, indent) == expected


@pytest.mark.parametrize("name", ["court-reports.yaml", "segregation-unit.yaml"])
def test_report_json_is_the_text_json_dumps_writes(name: str) -> None:
    report = check(load(EXAMPLES / name))
    data = report.to_data()
    assert report.to_json() == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert report.to_json(indent=None) == json.dumps(data, ensure_ascii=False) + "\n"


DECLARED_AND_DETECTED = """
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{id: targets, label: Time targets, time_limit: 3 weeks}]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools: [{id: report, label: Psychiatric report, turnaround: 4-8 weeks}]
exchanges:
  - {id: court-report, label: Report, from: mhs, to: court, takes: mhs.report,
     needed_within: court.targets}
declared:
  - {between: [court.targets, mhs.report, court-report], level: quaternary,
     note: The report comes after the hearing}
"""


def test_the_json_keeps_the_participants_note_of_a_finding_declared_and_detected() -> None:
    from activity_systems import loads

    findings = check(loads(DECLARED_AND_DETECTED)).to_data()["findings"]
    (found,) = [f for f in findings if f["declared"]]
    assert (found["rule"], found["detected"]) == ("AS101", True)
    assert found["note"] == "The report comes after the hearing"
    assert all(f["note"] is None for f in findings if not f["declared"])
