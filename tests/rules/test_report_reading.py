"""A report's JSON reads back into the report it was written from, and anything else is
refused in the report's own terms."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems import Case, Finding, Report, RuleFailedWarning, check, load
from activity_systems.cli import main
from activity_systems.rules import new_finding
from activity_systems.rules.engine import BUILTIN_RULES, unregister
from activity_systems.rules.finding import RuleFailure
from activity_systems.rules.registry import registered_rules

EXAMPLES = Path(__file__).parents[2] / "examples"
COURT = EXAMPLES / "court-reports.yaml"


@pytest.fixture
def failed_report() -> Iterator[Report]:
    """A report of the court case in which a rule of the user's failed."""

    @a.rule("ORG950", name="broken", category="completeness")
    def broken(case: Case) -> Iterator[Finding]:
        """Always fails halfway."""
        yield new_finding(elements=["court"], severity="low", message="half")
        raise ValueError("the rule is broken")

    try:
        with pytest.warns(RuleFailedWarning):
            yield check(COURT, rules=[*BUILTIN_RULES, broken])
    finally:
        if "ORG950" in {spec.id for spec in registered_rules()}:
            unregister("ORG950")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_s_report_reads_back_equal(path: Path) -> None:
    report = check(path)
    assert Report.from_json(report.to_json()) == report
    assert Report.from_json(report.to_json(indent=None)) == report
    assert Report.from_json(report.to_json().encode("utf-8")) == report
    assert Report.from_data(report.to_data()) == report
    assert Report.from_data(json.loads(report.to_json())) == report


def test_a_report_with_a_failed_rule_reads_back_equal(failed_report: Report) -> None:
    assert failed_report.rules_failed == (
        RuleFailure(rule="ORG950", error="ValueError: the rule is broken"),
    )
    again = Report.from_json(failed_report.to_json())
    assert again == failed_report
    assert again.rules_failed[0] == failed_report.rules_failed[0]
    assert again.to_json() == failed_report.to_json()


def test_the_file_check_writes_reads_back_with_its_numbers_and_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(COURT), "--format", "json", "-o", "report.json"]) == 1
    report = Report.from_json(Path("report.json").read_text(encoding="utf-8"))
    case = load(COURT)
    assert report == check(case)
    third = report.findings[2]
    assert report.number(third) == 3
    assert report.involving(case, "court", "mhs") == check(case).involving(case, "court", "mhs")
    assert a.render(case, format="dot", report=report) == a.render(case, format="dot")


def test_keys_this_version_does_not_know_are_passed_over() -> None:
    report = check(COURT)
    data = report.to_data()
    data["added_later"] = {"by": "a later version"}
    data["findings"][0]["added_later"] = True
    data["rules_failed"] = [{"rule": "ORG1", "error": "E: e", "added_later": 1}]
    again = Report.from_data(data)
    assert again.findings == report.findings
    assert again.rules_failed == (RuleFailure(rule="ORG1", error="E: e"),)


def test_counts_are_derived_from_the_findings_not_read() -> None:
    report = check(COURT)
    data = report.to_data()
    data["findings"] = [row for row in data["findings"] if row["severity"] == "medium"]
    assert data["counts"]["by_severity"]["high"] == 8  # as written, before the filter
    again = Report.from_data(data)
    assert again.counts()["by_severity"] == {"high": 0, "medium": 4, "low": 0}
    del data["counts"]
    assert Report.from_data(data) == again


def _report_data(**changes: Any) -> dict[str, Any]:
    return check(COURT).to_data() | changes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _report_data(format="activity-systems/comparison"),
            "not a report of activity-systems: its format is 'activity-systems/comparison', "
            "not 'activity-systems/report'",
        ),
        (
            {"title": "Reports", "systems": []},  # a case file's data
            "not a report of activity-systems: it has no 'format' "
            "(a report has 'format': 'activity-systems/report')",
        ),
        (
            _report_data(version=2),
            "a report of version 2, written by a later version of activity-systems: this "
            "version of activity-systems reads 'activity-systems/report' version 1",
        ),
        (
            _report_data(version="1"),
            "a report of version '1': this version of activity-systems reads "
            "'activity-systems/report' version 1",
        ),
        (
            {"format": "activity-systems/report", "case": "Reports"},
            "a report without a 'version': this version of activity-systems reads "
            "'activity-systems/report' version 1",
        ),
    ],
)
def test_another_format_or_version_is_named_with_the_one_expected(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Report.from_data(data)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Report.from_json(json.dumps(data))


def _finding_changed(**changes: Any) -> dict[str, Any]:
    data = check(COURT).to_data()
    data["findings"][1] |= changes
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _finding_changed(severity="urgent"),
            "findings[1].severity: input should be 'high', 'medium' or 'low', not 'urgent'",
        ),
        (_report_data(case=None), "case: should be text, not None"),
        (_report_data(findings={}), "findings: should be a list, not {}"),
        (_report_data(findings=["AS101"]), "findings[0]: should be a JSON object, not 'AS101'"),
        (_report_data(rules_failed=[{"rule": "ORG1"}]), "rules_failed[0] has no 'error'"),
        (
            {k: v for k, v in _report_data().items() if k != "case"},
            "the report has no 'case'",
        ),
        (
            _report_data(findings=[{"rule": "AS101"}]),
            "findings[0] has no 'key' (and 8 more problems)",
        ),
    ],
)
def test_a_damaged_report_is_refused_in_the_report_s_terms(
    data: dict[str, Any], message: str
) -> None:
    whole = f"not a valid report of activity-systems: {message}"
    with pytest.raises(ValueError, match=f"^{re.escape(whole)}$") as raised:
        Report.from_data(data)
    assert "Finding" not in str(raised.value)
    assert "pydantic" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "the text is not JSON (line 1, column 2: Expecting property name"),
        ("[1, 2]", "the JSON is an array, where a report is an object with its 'format'"),
        ("null", "the JSON is null, where a report is an object with its 'format'"),
        (
            "report.json",
            "'report.json' looks like the name of a file; read it first: "
            "Report.from_json(Path('report.json').read_text(encoding='utf-8'))",
        ),
        (COURT.read_text(encoding="utf-8"), "the text is not JSON (line 1, column 1"),
        ('{"case": ' + "1" * 5001 + "}", "the text is not JSON (it holds a number too long"),
        (b'{"case": "\xff"}', "the text is not JSON (its bytes are not UTF-8)"),
        ("[" * 100_000 + "]" * 100_000, "the text is not JSON (it is nested too deeply"),
        (
            '{"findings": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001,
            "the text is not JSON (it is nested too deeply",
        ),
    ],
)
def test_text_that_is_no_report_is_refused(text: str | bytes, message: str) -> None:
    whole = f"not a report of activity-systems: {message}"
    with pytest.raises(ValueError, match=f"^{re.escape(whole)}"):
        Report.from_json(text)


def test_a_path_or_data_given_for_text_is_told_what_to_call() -> None:
    report = check(COURT)
    with pytest.raises(TypeError, match=r"not a path: Report\.from_json\(Path\('r\.json'\)"):
        Report.from_json(Path("r.json"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not dict; for data, use Report\.from_data\(\)"):
        Report.from_json(report.to_data())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not text: for the JSON text, use Report\.from_json"):
        Report.from_data(report.to_json())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not list$"):
        Report.from_data([])  # type: ignore[arg-type]


def test_a_report_with_failed_rules_is_built_with_the_type_the_package_exports() -> None:
    import activity_systems.rules

    assert "RuleFailure" in a.__all__
    assert a.RuleFailure is RuleFailure is activity_systems.rules.RuleFailure
    failure = a.RuleFailure(rule="ORG1", error="ValueError: broken")
    report = Report.build("Court", [], rules_run=["ORG1"], rules_failed=[failure])
    assert Report.from_json(report.to_json()).rules_failed == (failure,)
