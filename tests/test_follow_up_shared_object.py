"""AS603's want of a shared object is the case's: its key is that of the rule alone, so
the finding persists while systems gain or lose neighbours, and an action on it follows
it whichever systems it lists now."""

from __future__ import annotations

import warnings

import pytest

from activity_systems import Case, MisnamedFindingWarning, Report, check, loads
from activity_systems.follow_up import compare
from activity_systems.model.actions import elements_key, finding_key
from activity_systems.rules.action_review import review_actions
from activity_systems.rules.engine import run_rules
from activity_systems.rules.finding import Finding

CASE = """
title: Reports
systems:
  - {id: court, name: Magistrates' court, subject: Magistrate, object: Defendant}
  - {id: mhs, name: Community mental health services, subject: Psychiatrist, object: Service user}
exchanges:
  - {id: report, label: Report, from: mhs, to: court}
"""
PROBATION = """  - {id: probation, name: Probation, subject: Officer, object: Offender}
exchanges:
  - {id: psr, label: Pre-sentence report, from: probation, to: court}
"""
SHARED = "shared_object: {label: Wellbeing}\nsystems:"
#: The key AS603's finding had when its keys followed the systems it lists.
FORMER = elements_key("AS603", ["court", "mhs"])
STRATEGY = "Ask what both work towards for the person"


def version(*, finding: object = None, probation: bool = False, shared: bool = False) -> Case:
    text = CASE
    if probation:
        text = text.replace("exchanges:\n", PROBATION)
    if shared:
        text = text.replace("systems:", SHARED, 1)
    if finding is not None:
        text += f"actions:\n  - {{finding: {finding}, strategy: {STRATEGY}}}\n"
    return loads(text)


def shared_object_finding(case: Case) -> Finding:
    [finding] = [f for f in run_rules(case).findings if f.rule == "AS603"]
    return finding


def test_the_key_is_the_rules_alone() -> None:
    key = finding_key("AS603", ["court", "mhs"])
    assert key == finding_key("AS603", ["court", "mhs", "probation"])
    assert key == Finding.make_key("AS603", ("court", "mhs")) == Finding.make_key("AS603", ["x"])
    assert shared_object_finding(version()).key == key
    assert shared_object_finding(version(probation=True)).key == key
    # the other rules' keys still follow their elements
    assert finding_key("AS601", ["court"]) != finding_key("AS601", ["mhs"])
    assert key != FORMER


def test_a_system_added_leaves_the_want_of_a_shared_object_persisting() -> None:
    comparison = compare(version(), version(probation=True))
    assert "AS603" not in {f.rule for f in (*comparison.resolved, *comparison.new)}
    [persisting] = [p for p in comparison.persisting if p.finding.rule == "AS603"]
    assert persisting.previous.elements == ("court", "mhs")
    assert persisting.finding.elements == ("court", "mhs", "probation")
    text = comparison.to_text()
    assert "0 findings resolved" in text
    assert "Resolved" not in text


def test_a_system_losing_its_neighbour_leaves_it_persisting() -> None:
    comparison = compare(version(probation=True), version())
    assert [p.finding.rule for p in comparison.persisting if p.finding.rule == "AS603"]
    assert "AS603" not in {f.rule for f in (*comparison.resolved, *comparison.new)}


def test_a_dropped_assessment_leaves_it_persisting_while_other_systems_are_neighbours() -> None:
    """Probation was the court's neighbour only through their assessment; the court and
    the mental health services are still neighbours, so the want is still there."""
    probation = "  - {id: probation, name: Probation, subject: Officer, object: Offender}\n"
    text = CASE.replace("exchanges:\n", probation + "exchanges:\n")
    assessed = "integration: [{between: [probation, court], current: linkage, desired: linkage}]"
    before, after = loads(text + assessed + "\n"), loads(text)
    comparison = compare(before, after)
    [persisting] = [p for p in comparison.persisting if p.finding.rule == "AS603"]
    assert persisting.previous.elements == ("court", "mhs", "probation")
    assert persisting.finding.elements == ("court", "mhs")
    assert "AS603" not in {f.rule for f in (*comparison.unassessed, *comparison.resolved)}


def test_naming_a_shared_object_resolves_it() -> None:
    comparison = compare(version(), version(probation=True, shared=True))
    assert [f.rule for f in comparison.resolved] == ["AS603"]
    assert "AS603" not in {f.rule for f in comparison.new}


def test_an_action_written_against_the_old_systems_follows_the_finding() -> None:
    finding = "{rule: AS603, elements: [court, mhs]}"
    before, after = version(finding=finding), version(finding=finding, probation=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MisnamedFindingWarning)
        check(after)  # no warning: the action names the finding
    comparison = compare(before, after)
    [action] = comparison.actions
    assert (action.fate, action.probably_means) == ("persisting", None)
    assert action.finding == shared_object_finding(after)
    # once the case names a shared object, the want is resolved
    resolved = compare(before, version(finding=finding, probation=True, shared=True))
    assert [(a.fate, a.probably_means) for a in resolved.actions] == [("resolved", None)]


def test_the_key_the_finding_had_before_still_finds_it() -> None:
    """A key copied from a report of the time when AS603's keys followed the systems:
    the finding with those systems, and in a comparison the later finding of an earlier
    version that listed them."""
    before, after = version(finding=FORMER), version(finding=FORMER, probation=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MisnamedFindingWarning)
        [review] = review_actions(before, check(before))
    assert review.finding == shared_object_finding(before)
    [review] = review_actions(after, run_rules(after), earlier=run_rules(before).findings)
    assert (review.fate, review.finding) == ("open", shared_object_finding(after))
    [action] = compare(before, after).actions
    assert (action.fate, action.probably_means) == ("persisting", None)
    resolved = compare(before, version(finding=FORMER, probation=True, shared=True))
    assert [(a.fate, a.probably_means) for a in resolved.actions] == [("resolved", None)]


def test_an_action_by_the_old_systems_alone_finds_it() -> None:
    """Without an earlier version: the action names the systems the finding listed
    then, and the finding lists three now."""
    case = version(finding="{rule: AS603, elements: [court, mhs]}", probation=True)
    [review] = review_actions(case, check(case))
    assert review.fate == "open"
    assert review.finding == shared_object_finding(case)


def test_another_key_of_the_rule_probably_means_its_finding() -> None:
    case = version(finding="AS603-0123456789", probation=True)
    with pytest.warns(MisnamedFindingWarning, match="key " + finding_key("AS603", [])):
        check(case)
    [action] = compare(version(), case).actions
    assert action.fate == "misnamed"
    assert action.probably_means == shared_object_finding(case)


def test_an_action_finds_the_finding_of_a_report_saved_when_keys_followed_the_systems() -> None:
    # A report saved before AS603 was keyed by its rule alone holds the former key: an
    # action written now, by rule and systems or by the key of the rule alone, finds it.
    for finding in ("{rule: AS603, elements: [court, mhs]}", finding_key("AS603", ())):
        case = version(finding=finding)
        report = run_rules(case)
        saved = report.to_json().replace(finding_key("AS603", ()), FORMER)
        old = Report.from_json(saved)
        assert shared_object_finding_of(old).key == FORMER
        with warnings.catch_warnings():
            warnings.simplefilter("error", MisnamedFindingWarning)
            [review] = review_actions(case, old)
        assert review.fate == "open"
        assert review.finding is not None
        assert review.finding.key == FORMER


def shared_object_finding_of(report: Report) -> Finding:
    [finding] = [f for f in report.findings if f.rule == "AS603"]
    return finding
