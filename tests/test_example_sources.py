"""The bundled court example keeps to the chapter's Figures 1 and 2 (Hean, Walsh &
Hammick, ch. 14): what the chapter does not say is marked as illustrative."""

from __future__ import annotations

import activity_systems as a


def test_every_task_the_court_example_gives_to_a_community_member_is_marked() -> None:
    # The chapter names the subjects' tasks (the magistrate requests the report, the
    # psychiatrist writes it) but leaves the other members' roles open: abbreviated and
    # screening reports are done "by other health professionals in some areas", without
    # saying which. A task given to a community member is the example's reading.
    case = a.load("examples/court-reports.yaml")
    unmarked = [
        f"{system.id}: {task.label}"
        for system in case.systems
        for task in system.division_of_labour
        if task.by not in (None, "subject") and "illustrative" not in (task.description or "")
    ]
    assert unmarked == []
