"""A case file's ``leave_out``: rules a group judged irrelevant to its case, left out of
every run on it without a command-line option, with who decided and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.errors import CaseFileError

COURT = Path("examples/court-reports.yaml").read_text(encoding="utf-8")
LEAVE_OUT = """
leave_out:
  - rule: AS301
    reason: The group sees the values as agreed for this workshop
    by: Workshop group, 4 November 2026
"""


def _case(tmp_path: Path, extra: str = LEAVE_OUT, name: str = "court.yaml") -> Path:
    path = tmp_path / name
    path.write_text(COURT + extra, encoding="utf-8")
    return path


def test_a_rule_left_out_by_the_case_is_not_run(tmp_path: Path) -> None:
    report = a.check(_case(tmp_path))
    assert "AS301" not in report.rules_run
    assert not [finding for finding in report.findings if finding.rule == "AS301"]
    assert [f.rule for f in report.findings if f.rule == "AS101"] == ["AS101"]


def test_the_case_keeps_who_left_a_rule_out_and_why(tmp_path: Path) -> None:
    case = a.load(_case(tmp_path))
    (left,) = case.leave_out
    assert (left.rule, left.by) == ("AS301", "Workshop group, 4 November 2026")
    assert left.reason == "The group sees the values as agreed for this workshop"
    assert a.loads(case.to_yaml()) == case


def test_a_rule_named_explicitly_is_still_left_out(tmp_path: Path) -> None:
    report = a.check(_case(tmp_path), rules=["AS101", "AS301"])
    assert report.rules_run == ("AS101",)


def test_a_rule_id_given_twice_is_refused_at_its_place(tmp_path: Path) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: AS301}\n  - {rule: as301}\n")
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    lines = COURT.count("\n") + 3
    assert str(raised.value).startswith(f"{path}:{lines + 1}:")
    assert "AS301 is left out twice" in str(raised.value)


def test_a_leave_out_that_is_not_a_rule_id_is_refused(tmp_path: Path) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: value tension}\n")
    with pytest.raises(CaseFileError, match="not a rule id such as AS101"):
        a.load(path)


def test_the_text_report_says_which_rules_the_case_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(_case(tmp_path)), "--fail-on", "never"])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        "Left out for this case: AS301 value-tension (The group sees the values as agreed "
        "for this workshop; Workshop group, 4 November 2026)"
    ) in " ".join(out.split())
    assert "HIGH AS301" not in out


def test_the_json_report_lists_only_the_rules_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(_case(tmp_path)), "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    assert "AS301" not in data["rules_run"]


def test_fail_on_counts_no_finding_of_a_left_out_rule(tmp_path: Path) -> None:
    only_values = "\nleave_out:\n" + "".join(
        f"  - {{rule: {rule}}}\n" for rule in ("AS101", "AS202", "AS301")
    )
    path = _case(tmp_path, only_values)
    assert main(["check", str(path), "--fail-on", "high", "-o", str(tmp_path / "r.txt")]) == 0


def test_compare_leaves_out_what_either_version_leaves_out(tmp_path: Path) -> None:
    before = _case(tmp_path, "", "before.yaml")
    after = _case(tmp_path, LEAVE_OUT, "after.yaml")
    for comparison in (a.compare(before, after), a.compare(after, before)):
        assert not [f for f in comparison.resolved if f.rule == "AS301"]
        assert not [f for f in comparison.new if f.rule == "AS301"]
        assert not [p for p in comparison.persisting if p.finding.rule == "AS301"]
        assert [p.finding.rule for p in comparison.persisting if p.finding.rule == "AS101"] == [
            "AS101"
        ]
