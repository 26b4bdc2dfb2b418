"""The docs' tables of a row per case and rule, made beside the table of findings so
that a count of zero tells "found nothing" from "did not run": a rule that failed
found nothing that anyone knows of, and its row says so rather than counting zero."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from doc_blocks import ROOT, blocks, run_python

import activity_systems as a


def test_the_command_line_table_of_rules_tells_a_failed_rule_from_one_that_found_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rule that raised was counted as run with 0 findings, the very confusion the
    # table is there to avoid.
    (tmp_path / "reports").mkdir()
    failure = a.RuleFailure(rule="ORG901", error="RuntimeError: no column 'court'")
    report = a.Report.build("Court", [], rules_run=["AS101", "ORG901"], rules_failed=[failure])
    (tmp_path / "reports" / "site-01.json").write_text(report.to_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (table,) = [b for b in blocks(ROOT / "docs" / "cli.md") if 'report["rules_run"]' in b.text]
    run_python(table, {})
    with open("rules.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["rule"], row["status"], row["findings"]) for row in rows] == [
        ("AS101", "run", "0"),
        ("ORG901", "failed", ""),
    ]
