"""An element that names a renamed element (a task done ``by`` a member, a rule that
``applies_to`` a tool) and is renamed in the same edit: its reference changed only
because of the other rename, so it is the same element, renamed, its findings
persisting, not one removed and another added (see
:func:`~activity_systems.follow_up.changes.renamed_elements`)."""

from __future__ import annotations

import functools
import json

from line_counting import lines_executed

from activity_systems import Case, loads
from activity_systems.follow_up import compare
from activity_systems.follow_up.changes import renamed_elements
from activity_systems.model import ActivitySystem

CASE = """
title: Listing hearings
systems:
  - id: court
    name: Magistrates' court
    subject: Magistrate
    object: Defendant
    tools:
      - {{id: {tool}, label: Written assessment request}}
      - {{id: liaison, label: Negotiation with liaison workers}}
    rules:
      - {{label: {rule}, kind: informal, applies_to: [{applies_to}]}}
    community:
      - {{label: {member}, description: Court staff who list hearings.}}
      - {{id: ushers, label: Court ushers}}
    division_of_labour:
      - {{task: {task}, by: {by}, basis: {basis}, produces: [assessment-request]}}
      - {{task: {other_task}, by: {other_by}}}
  - id: mhs
    subject: Psychiatrist
    object: Service user
exchanges:
  - {{id: assessment-request, label: Assessment request, from: court, to: mhs,
     produced_with: court.{tool}}}
"""

BEFORE = {
    "tool": "request",
    "rule": "Requests go out the same day",
    "applies_to": "request, liaison",
    "member": "Clerks",
    "task": "Clerks send the assessment request",
    "by": "clerks",
    "basis": "over-workload",
    "other_task": "Clerks list the hearing",
    "other_by": "ushers",
}

# the member renamed (its label, whence its id), and the task it does reworded with it
CLERKS = {
    "member": "Court clerks",
    "task": "Court clerks send the assessment request",
    "by": "court-clerks",
}


def version(**changes: str) -> Case:
    return loads(CASE.format(**(BEFORE | changes)))


def test_a_task_by_a_renamed_member_reworded_with_it_is_renamed() -> None:
    before, after = version(), version(**CLERKS)
    assert renamed_elements(before, after) == {
        "court.clerks": "court.court-clerks",
        "court.clerks-send-the-assessment-request": (
            "court.court-clerks-send-the-assessment-request"
        ),
    }
    comparison = compare(before, after)
    # the task's finding (work over and above the workload) persists, under its new key
    assert comparison.counts()["resolved"] == comparison.counts()["new"] == 0
    (item,) = [p for p in comparison.persisting if p.finding.rule == "AS403"]
    assert item.carried == (
        f"was {item.previous.key}; court.clerks-send-the-assessment-request is now "
        "court.court-clerks-send-the-assessment-request"
    )
    task = next(c for c in comparison.elements if c.node == "division_of_labour")
    assert (task.id, task.change, task.previous_id, task.fields) == (
        "court-clerks-send-the-assessment-request",
        "changed",
        "clerks-send-the-assessment-request",
        ("id", "task", "by"),
    )
    assert [c.change for c in comparison.elements] == ["changed", "changed"]
    text = " ".join(comparison.to_text().split())
    assert (
        "changed clerks-send-the-assessment-request → court-clerks-send-the-assessment-request "
        "“Court clerks send the assessment request” (was “Clerks send the assessment "
        "request”): renamed by: clerks → court-clerks" in text
    )
    report = json.loads(comparison.to_json())
    assert [(c["previous_id"], c["id"]) for c in report["changes"]["elements"]] == [
        ("clerks", "court-clerks"),
        ("clerks-send-the-assessment-request", "court-clerks-send-the-assessment-request"),
    ]


def test_a_task_and_its_member_both_given_new_ids_are_both_renamed() -> None:
    text = CASE.replace("{{label: {member},", "{{id: {by}, label: {member},").replace(
        "{{task: {task}, by", "{{id: {task}, task: Send the request, by"
    )
    before = loads(text.format(**BEFORE | {"task": "send-request"}))
    after = loads(text.format(**BEFORE | {"task": "send-assessment-request", "by": "court-clerks"}))
    assert renamed_elements(before, after) == {
        "court.clerks": "court.court-clerks",
        "court.send-request": "court.send-assessment-request",
    }


def test_a_rule_applying_to_a_renamed_tool_reworded_with_it_is_renamed() -> None:
    before = version()
    after = version(
        tool="assessment-request",
        rule="Requests go out on the day of the hearing",
        applies_to="assessment-request, liaison",
    )
    assert renamed_elements(before, after) == {
        "court.request": "court.assessment-request",
        "court.requests-go-out-the-same-day": "court.requests-go-out-on-the-day-of-the-hearing",
    }
    assert {c.change for c in compare(before, after).elements} == {"changed"}


def test_a_reference_changed_otherwise_is_no_rename() -> None:
    """A rename along with another change is not a rename: the task reworded and given
    to another member (not the renamed one), or on another basis too."""
    before = version()
    for other in ({"by": "ushers", "member": "Court clerks"}, {"basis": "voluntary"}):
        after = version(**CLERKS | other)
        renamed = renamed_elements(before, after)
        assert "court.clerks-send-the-assessment-request" not in renamed, other
        comparison = compare(before, after)
        assert sorted(c.change for c in comparison.elements if c.node == "division_of_labour") == [
            "added",
            "removed",
        ]
        assert comparison.counts()["resolved"] == comparison.counts()["new"] == 1


def test_two_tasks_of_the_renamed_member_reworded_at_once_stay_removed_and_added() -> None:
    """Two tasks of one role, both reworded, cannot be told apart: neither is taken as
    renamed, as without the member's rename."""
    text = CASE.replace(", produces: [assessment-request]", "")  # the two tasks alike

    def version(**changes: str) -> Case:
        return loads(text.format(**BEFORE | {"basis": "core"} | changes))

    before = version(other_by="clerks")
    after = version(**CLERKS, other_by="court-clerks", other_task="Court clerks list the hearing")
    assert renamed_elements(before, after) == {"court.clerks": "court.court-clerks"}
    changes = compare(before, after).elements
    assert sorted(c.change for c in changes if c.node == "division_of_labour") == [
        "added",
        "added",
        "removed",
        "removed",
    ]


def members_and_tasks(prefix: str, n: int) -> Case:
    """``n`` members, each with a task of its own, their ids made from ``prefix``."""
    system = ActivitySystem(
        id="court",
        subject="Magistrate",
        object="Defendant",
        community=[{"id": f"{prefix}{i}", "label": f"Member {i}"} for i in range(n)],
        division_of_labour=[
            {"id": f"{prefix}-task{i}", "task": f"Task {i}", "by": f"{prefix}{i}"} for i in range(n)
        ],
    )
    return Case(title="Listing", systems=[system])


def test_renames_found_through_renames_grow_linearly() -> None:
    """A version whose every member and every task was given a new id: the tasks are
    found renamed in a second round, through their members' renames, each task read
    again once. 4x the elements, at most about 4x the work (counted)."""
    work = []
    for n in (50, 200):
        before, after = members_and_tasks("old", n), members_and_tasks("new", n)
        renamed = renamed_elements(before, after)
        assert len(renamed) == 2 * n
        assert renamed["court.old-task7"] == "court.new-task7"
        work.append(lines_executed(functools.partial(renamed_elements, before, after)))
    assert work[1] / work[0] <= 4.4, f"{work[1] / work[0]:.1f}x the work for 4x the elements"
