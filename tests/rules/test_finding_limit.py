"""A rule gives at most so many findings for a case of a given size.

A case file written to pair every element with every other (hundreds of norms that each
withhold what hundreds of exchanges expect, hundreds of elements valuing punishment
facing hundreds valuing treatment) made a file of kilobytes give millions of findings
and take gigabytes: a case file from elsewhere could stop the computer it is checked
on. Such a rule fails instead, as a rule that raises does, and the others still run.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from activity_systems import Case, RuleError, RuleFailedWarning, check
from activity_systems.rules import values
from activity_systems.rules.registry import FINDINGS_FLOOR, case_parts, most_findings
from activity_systems.rules.values import value_tension


def _facing(n: int) -> Case:
    """Two agencies whose ``n`` rules each carry a value in tension with every one of
    the other's, linked by ``n`` exchanges that each expect what every rule of the
    producer withholds: AS301 and AS202 each find ``n * n`` contradictions."""
    data: dict[str, Any] = {
        "title": "Everything against everything",
        "systems": [
            {
                "id": "court",
                "subject": "Magistrate",
                "object": "Defendant",
                "rules": [
                    {"id": f"r{i}", "label": f"Rule {i}", "values": ["punishment"]}
                    for i in range(n)
                ],
            },
            {
                "id": "mhs",
                "subject": "Psychiatrist",
                "object": "Patient",
                "rules": [
                    {
                        "id": f"q{i}",
                        "label": f"Norm {i}",
                        "values": ["treatment"],
                        "withholds": ["diagnosis"],
                    }
                    for i in range(n)
                ],
            },
        ],
        "exchanges": [
            {
                "id": f"e{i}",
                "label": f"Report {i}",
                "from": "mhs",
                "to": "court",
                "expects": ["diagnosis"],
            }
            for i in range(n)
        ],
    }
    return Case.model_validate(data)


def test_a_case_that_pairs_everything_with_everything_fails_those_rules_alone() -> None:
    case = _facing(110)  # 12,100 tensions and withheld items from 330 elements and exchanges
    limit = most_findings(case)
    assert limit == FINDINGS_FLOOR < 110 * 110
    with pytest.warns(RuleFailedWarning) as caught:
        report = check(case)
    failed = {failure.rule: failure.error for failure in report.rules_failed}
    assert sorted(failed) == ["AS202", "AS301"]
    for rule in failed:
        assert failed[rule] == (
            f"RuleError: rule {rule} found more than {limit:,} findings in a case of "
            f"{case_parts(case):,} elements, exchanges and systems: far more than a "
            "workshop can discuss, as when every element is paired with every other; "
            "split the case, or give fewer of the elements that pair"
        )
    assert len(caught) == 2
    assert report.findings  # the other rules' findings are kept
    assert len(report.findings) < 1000


def test_a_case_under_the_limit_gives_every_finding() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuleFailedWarning)
        report = check(_facing(90))
    assert not report.rules_failed
    assert sum(f.rule == "AS301" for f in report.findings) == 90 * 90
    assert sum(f.rule == "AS202" for f in report.findings) == 90 * 90


def test_a_case_at_the_limit_gives_every_finding() -> None:
    """At most so many findings: exactly as many is still reported in full."""
    case = _facing(100)
    assert most_findings(case) == FINDINGS_FLOOR == 100 * 100
    report = check(case, rules=["AS301"])
    assert not report.rules_failed
    assert len(report.findings) == FINDINGS_FLOOR


def test_value_tension_stops_before_it_gives_any_finding_of_too_many() -> None:
    """AS301 counts the clashes as it finds them and stops at the limit, rather than
    holding every pair of a case that pairs everything with everything (the memory that
    would take is what the limit is for): its first finding is already the failure. (The
    engine's own count, which stops any rule, comes only after a rule has built them.)"""
    with pytest.raises(RuleError, match=r"^rule AS301 found more than 10,000 findings"):
        next(iter(value_tension.function(_facing(110))))


def test_value_tension_holds_no_more_clashes_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Of a case of 110 x 110 clashes, AS301 keeps one past the limit, then stops: not
    all 12,100, which a check after collecting every pair would hold before refusing."""
    held = 0

    class Counted(values._Clash):
        __slots__ = ()

        def __init__(self, *args: Any) -> None:
            nonlocal held
            held += 1
            super().__init__(*args)

    monkeypatch.setattr(values, "_Clash", Counted)
    with pytest.raises(RuleError):
        list(value_tension.function(_facing(110)))
    assert held == FINDINGS_FLOOR + 1


def test_the_limit_grows_with_the_case() -> None:
    small = _facing(10)
    assert most_findings(small) == FINDINGS_FLOOR
    assert case_parts(small) == 2 * (2 + 10) + 10 + 2  # subjects, objects, rules; exchanges
    large = _facing(5000)
    assert most_findings(large) == 2 * case_parts(large) == 2 * (2 * (2 + 5000) + 5000 + 2)
