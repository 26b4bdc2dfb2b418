"""``compare --fail-on LEVEL``: a merge request fails for a contradiction that the later
version brings, at or above a severity, and not for those that were already there and
persist; without the option ``compare`` exits 0 whatever it finds, as it always did."""

from __future__ import annotations

from pathlib import Path

import pytest

import activity_systems as a

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = str(EXAMPLES / "liaison-and-diversion.yaml")
AFTER = str(EXAMPLES / "liaison-and-diversion-2027.yaml")


def test_the_example_pair_brings_one_new_medium_finding_and_keeps_high_ones() -> None:
    """What the cases below rest on: the 2027 version brings AS403 (medium) alone, and
    keeps high findings of 2026."""
    comparison = a.compare(BEFORE, AFTER)
    assert [(f.rule, f.severity) for f in comparison.new] == [("AS403", "medium")]
    assert "high" in {p.finding.severity for p in comparison.persisting}


def test_the_comparison_gives_its_new_findings_at_or_above_a_severity() -> None:
    comparison = a.compare(BEFORE, AFTER)
    assert comparison.new_at_or_above("high") == []
    assert [f.rule for f in comparison.new_at_or_above("medium")] == ["AS403"]
    assert comparison.new_at_or_above("low") == list(comparison.new)
    backwards = a.compare(AFTER, BEFORE)
    assert {f.severity for f in backwards.new_at_or_above("high")} == {"high"}
    with pytest.raises(ValueError, match="severity must be one of high, medium, low"):
        comparison.new_at_or_above("Medium")  # type: ignore[arg-type]
