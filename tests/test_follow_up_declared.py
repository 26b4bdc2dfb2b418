"""A contradiction the participants declare in two versions of a case, which a rule
finds in one of them only: reported within the detected finding there and as the
declared finding (AS000) in the other, it persists under its new key, and an action
naming it by its declared key still finds it."""

from __future__ import annotations

import json

import pytest

from activity_systems import Case, loads
from activity_systems.follow_up import Comparison, compare
from activity_systems.follow_up.markup import comparison_html, comparison_markdown
from activity_systems.handouts.progress import progress_section
from activity_systems.rules.action_review import review_actions
from activity_systems.rules.engine import run_rules

CASE = """
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{{id: targets, label: Time targets, time_limit: {limit}}}]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools: [{{id: report, label: Psychiatric report, turnaround: 4-8 weeks}}]
exchanges:
  - {{id: court-report, label: Report, from: mhs, to: court, takes: mhs.report,
     needed_within: court.targets}}
declared:
  - {{between: [court.targets, mhs.report, court-report], level: quaternary,
     note: The report comes after the hearing}}
actions:
  - {{finding: {{rule: {rule}, elements: [court.targets, mhs.report, court-report]}},
     strategy: Agree a brief report}}
"""
ELEMENTS = ("court-report", "court.targets", "mhs.report")


def version(limit: str, rule: str) -> Case:
    return loads(CASE.format(limit=limit, rule=rule))


DETECTED, NOT_DETECTED = "3 weeks", "10 weeks"


def test_an_action_names_a_declared_contradiction_a_rule_now_finds_too() -> None:
    case = version(DETECTED, "AS000")
    report = run_rules(case)
    (finding,) = [f for f in report.findings if f.declared]
    assert (finding.rule, finding.detected) == ("AS101", True)
    (review,) = review_actions(case, report)
    assert review.fate == "open"
    assert review.finding == finding


@pytest.mark.parametrize(
    ("before", "after", "rules", "carried"),
    [
        # detected and declared, then declared only
        (DETECTED, NOT_DETECTED, ("AS101", "AS000"), "no rule finds it now"),
        # declared only, then detected too
        (NOT_DETECTED, DETECTED, ("AS000", "AS101"), "a rule finds it now too"),
    ],
)
def test_it_persists_under_its_new_key(
    before: str, after: str, rules: tuple[str, str], carried: str
) -> None:
    comparison = compare(version(before, "AS000"), version(after, "AS000"))
    declared = [p for p in comparison.persisting if p.finding.declared]
    assert len(declared) == 1
    (persisting,) = declared
    assert (persisting.previous.rule, persisting.finding.rule) == rules
    assert set(persisting.finding.elements) == set(ELEMENTS)
    assert persisting.carried == f"was {persisting.previous.key}; {carried}" + (
        ", the participants still name it" if rules[1] == "AS000" else ""
    )
    assert not any(f.declared for f in (*comparison.resolved, *comparison.new))
    (data,) = [
        f for f in json.loads(comparison.to_json())["findings"]["persisting"] if f["declared"]
    ]
    assert (data["key"], data["previous_key"]) == (persisting.finding.key, persisting.previous.key)
    text = comparison.to_text()
    assert f"Was {persisting.previous.key}; {carried}" in text
    assert f"{persisting.previous.key}; {carried}" in comparison_markdown(comparison)
    assert f"{persisting.previous.key}; {carried}" in comparison_html(comparison)
    (item,) = [i for i in progress_section(comparison).persisting if i.finding.declared]
    assert item.carried == persisting.carried


def test_its_action_persists_when_a_rule_finds_it_too() -> None:
    comparison = compare(version(NOT_DETECTED, "AS000"), version(DETECTED, "AS000"))
    (action,) = comparison.actions
    assert action.fate == "persisting"
    assert action.finding is not None
    assert action.finding.rule == "AS101"


def test_its_action_persists_when_a_rule_found_it_in_both_versions() -> None:
    """Named by its own key (AS000), it is reported within the detected finding in both
    versions: it persists, and is not new since the earlier version."""
    comparison = compare(version(DETECTED, "AS000"), version(DETECTED, "AS000"))
    (action,) = comparison.actions
    assert action.fate == "persisting"


@pytest.mark.parametrize(("before", "after"), [(DETECTED, NOT_DETECTED), (NOT_DETECTED, DETECTED)])
def test_an_action_on_the_detection_follows_the_contradiction(before: str, after: str) -> None:
    """Named by the detected finding's key (as the handout's action plan gives it), it
    persists with the contradiction when a rule stops (or starts) finding it, as the
    findings list says: it is neither resolved nor new."""
    detected = run_rules(version(DETECTED, "AS101")).findings
    (key,) = [f.key for f in detected if f.declared]
    earlier, later = (
        loads(
            CASE.format(limit=limit, rule="AS101").replace(
                "{rule: AS101, elements: [court.targets, mhs.report, court-report]}", key
            )
        )
        for limit in (before, after)
    )
    comparison = compare(earlier, later)
    assert comparison.counts()["resolved"] == comparison.counts()["new"] == 0
    (action,) = comparison.actions
    assert action.fate == "persisting"
    (carried,) = [p for p in comparison.persisting if p.carried is not None]
    assert action.finding == carried.finding
    (data,) = json.loads(comparison.to_json())["actions"]
    assert data["fate"] == "persisting"
    assert "Finding persists" in comparison.to_text()


def test_the_handouts_action_plan_keeps_the_action_on_the_contradiction() -> None:
    """The action plan puts it on the row of the declared finding the later version
    reports, as the progress section says it persists; not among those not reported."""
    from activity_systems.handouts import render_handout

    earlier, later = version(DETECTED, "AS101"), version(NOT_DETECTED, "AS101")
    handout = render_handout(later, format="markdown", previous=earlier).text
    plan = handout.partition("## 6. Action plan")[2].partition("## 7.")[0]
    assert "Actions on findings not reported" not in plan
    (row,) = [line for line in plan.splitlines() if "Agree a brief report" in line]
    assert "AS000 declared-contradiction" in row


def test_a_declared_contradiction_placed_at_another_level_persists_and_says_so() -> None:
    from pathlib import Path

    from activity_systems.handouts import render_handout

    text = (Path(__file__).parent.parent / "examples" / "court-reports.yaml").read_text()
    assert text.count("level: secondary") == 1
    before = loads(text)
    after = loads(text.replace("level: secondary", "level: tertiary"))
    comparison = compare(before, after)
    (moved,) = [p for p in comparison.persisting if p.finding.rule == "AS000"]
    assert (moved.previous.level, moved.finding.level, moved.level_was) == (
        "secondary",
        "tertiary",
        "secondary",
    )
    assert comparison.counts() == {"resolved": 0, "persisting": 12, "new": 0, "unassessed": 0}
    assert "declared-contradiction, tertiary (was secondary) (AS000-" in comparison.to_text()
    assert "** · tertiary (was secondary) · medium:" in comparison_markdown(comparison)
    assert " · tertiary (was secondary) · medium:" in comparison_html(comparison)
    (data,) = [
        f
        for f in json.loads(comparison.to_json())["findings"]["persisting"]
        if f["rule"] == "AS000"
    ]
    assert (data["level"], data["previous_level"]) == ("tertiary", "secondary")
    others = [p for p in comparison.persisting if p is not moved]
    assert all(p.level_was is None for p in others)
    section = progress_section(comparison)
    assert [item.level_was for item in section.persisting].count("secondary") == 1
    handout = render_handout(after, format="markdown", previous=before).text
    assert "· tertiary (was secondary) · medium:" in handout
    html = render_handout(after, previous=before).text
    assert 'tertiary <span class="muted">(was secondary)</span> ·' in html


DECLARED_AT = """
title: The magistrate's dilemma
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{id: targets, label: Time targets, time_limit: 3 weeks}]
declared:
LEVELS
actions:
  - {finding: {rule: AS000, elements: [court.object, court.targets]},
     strategy: Screening report, status: in-progress}
"""


def declared_at(*levels: str) -> Case:
    entries = "\n".join(
        f"  - {{between: [court.object, court.targets], level: {level}}}" for level in levels
    )
    return loads(DECLARED_AT.replace("LEVELS", entries))


@pytest.mark.parametrize("added", ["primary", "tertiary"])
def test_declaring_the_same_elements_at_another_level_keeps_the_first_ones_key(
    added: str,
) -> None:
    """The level added below the first, lower or higher, is the new finding; the one
    declared before keeps its key, and the action that names it by its elements."""
    before, after = declared_at("secondary"), declared_at("secondary", added)
    comparison = compare(before, after)
    (persisting,) = [p for p in comparison.persisting if p.finding.rule == "AS000"]
    assert (persisting.previous.level, persisting.finding.level) == ("secondary", "secondary")
    assert persisting.level_was is None
    assert persisting.finding.key == persisting.previous.key
    assert [(f.rule, f.level) for f in comparison.new] == [("AS000", added)]
    (action,) = comparison.actions
    assert action.fate == "persisting"
    assert action.finding is not None
    assert action.finding.level == "secondary"
    assert "(was secondary)" not in comparison.to_text()


def test_a_misnamed_action_on_it_means_its_new_key_not_a_resolved_finding() -> None:
    """An action with a misspelt rule on the detected contradiction: once no rule finds
    it, the action probably means the declared finding that persists, which was not
    resolved."""
    comparison = compare(version(DETECTED, "AS1O1"), version(NOT_DETECTED, "AS1O1"))
    (action,) = comparison.actions
    (carried,) = [p for p in comparison.persisting if p.carried is not None]
    assert action.fate == "misnamed"
    assert action.probably_means == carried.finding
    assert action.probably_means_resolved is False
    assert "resolved since" not in comparison.to_text()


def _declared(comparison: Comparison) -> dict[str, list[tuple[str | None, ...]]]:
    """The declared contradictions (AS000) of each group, by level."""
    return {
        "resolved": [(f.level,) for f in comparison.resolved if f.rule == "AS000"],
        "persisting": [
            (p.previous.level, p.finding.level)
            for p in comparison.persisting
            if p.finding.rule == "AS000"
        ],
        "new": [(f.level,) for f in comparison.new if f.rule == "AS000"],
    }


@pytest.mark.parametrize(
    ("before", "after", "resolved", "persisting", "new"),
    [
        # the entry listed first removed: it is resolved, the other persists unchanged
        (("secondary", "primary"), ("primary",), ["secondary"], ["primary"], []),
        # the other removed
        (("secondary", "primary"), ("secondary",), ["primary"], ["secondary"], []),
        # reordered: nothing changed
        (
            ("secondary", "primary", "tertiary"),
            ("tertiary", "primary", "secondary"),
            [],
            ["primary", "secondary", "tertiary"],
            [],
        ),
        # added above the entry there: that one persists, the added one is new
        (("secondary",), ("primary", "secondary"), [], ["secondary"], ["primary"]),
        # added between two entries
        (
            ("secondary", "primary"),
            ("secondary", "tertiary", "primary"),
            [],
            ["primary", "secondary"],
            ["tertiary"],
        ),
    ],
)
def test_declared_levels_are_matched_by_level_whatever_their_order(
    before: tuple[str, ...],
    after: tuple[str, ...],
    resolved: list[str],
    persisting: list[str],
    new: list[str],
) -> None:
    """Of the same elements declared at several levels, the entry listed first has the key
    of the elements alone, so adding, removing or reordering an entry moves keys; the
    comparison matches each level with itself all the same."""
    assert _declared(compare(declared_at(*before), declared_at(*after))) == {
        "resolved": [(level,) for level in resolved],
        "persisting": [(level, level) for level in persisting],
        "new": [(level,) for level in new],
    }


def test_a_declared_level_that_took_the_first_key_says_so() -> None:
    comparison = compare(declared_at("secondary", "primary"), declared_at("primary"))
    (persisting,) = [p for p in comparison.persisting if p.finding.rule == "AS000"]
    (resolved,) = comparison.resolved
    assert persisting.finding.key == resolved.key  # the key moved to the primary level
    assert persisting.carried == (
        f"was {persisting.previous.key}; listed first now, it has the key its elements name"
    )
    text = comparison.to_text()
    assert "1 finding resolved," in text
    assert f"Was {persisting.previous.key}; listed first now" in text
    assert f"{persisting.previous.key}; listed first now" in comparison_markdown(comparison)
    assert f"{persisting.previous.key}; listed first now" in comparison_html(comparison)
    data = json.loads(comparison.to_json())["findings"]
    assert [f["level"] for f in data["resolved"]] == ["secondary"]
    back = compare(declared_at("primary"), declared_at("secondary", "primary"))
    (persisting,) = [p for p in back.persisting if p.finding.rule == "AS000"]
    assert persisting.finding.level == "primary"
    assert persisting.carried == (
        f"was {persisting.previous.key}; no longer listed first, its key has its level in it"
    )


@pytest.mark.parametrize(
    ("before", "after", "persisting"),
    [
        # two levels moved: by their keys (the first with the first)
        (
            ("secondary", "primary"),
            ("tertiary", "quaternary"),
            [("secondary", "tertiary"), ("primary", "quaternary")],
        ),
        (
            ("secondary", "primary"),
            ("quaternary", "tertiary"),
            [("secondary", "quaternary"), ("primary", "tertiary")],
        ),
        # one kept, the one left on each side moved
        (
            ("secondary", "primary"),
            ("primary", "tertiary"),
            [("primary", "primary"), ("secondary", "tertiary")],
        ),
    ],
)
def test_a_declared_level_left_on_each_side_moved(
    before: tuple[str, ...], after: tuple[str, ...], persisting: list[tuple[str, str]]
) -> None:
    groups = _declared(compare(declared_at(*before), declared_at(*after)))
    assert (groups["resolved"], groups["new"]) == ([], [])
    assert sorted(groups["persisting"]) == sorted(persisting)
