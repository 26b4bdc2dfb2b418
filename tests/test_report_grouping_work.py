"""A report is grouped by level in one pass over its findings: the text, Markdown and
notebook reports of a regional map's 40,000 findings went over them seven times (once
for each level and each category of the findings without one), twice for the note on
their numbering."""

from __future__ import annotations

import sys
from pathlib import Path

from line_counting import lines_executed

import activity_systems as a
from activity_systems import Case
from activity_systems.rules.report_text import _groups

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import case_data


def test_grouping_looks_at_each_finding_about_once() -> None:
    report = a.check(Case.model_validate(case_data(30, seed=0)))
    findings = len(report.findings)
    assert findings > 300
    groups: list[object] = []
    lines = lines_executed(lambda: groups.extend(_groups(report)))
    assert lines < 5 * findings  # four lines each (a pass for each group took seven)
    # the same groups, in the same order, as before
    levels = ("primary", "secondary", "tertiary", "quaternary")
    expected = [
        (level, [(n, f) for n, f in enumerate(report.findings, 1) if f.level == level])
        for level in levels
    ] + [
        (
            category,
            [
                (n, f)
                for n, f in enumerate(report.findings, 1)
                if f.level is None and f.category == category
            ],
        )
        for category in ("integration", "completeness", "contradiction")
    ]
    assert groups == [(name, members) for name, members in expected if members]
