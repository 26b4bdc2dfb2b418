"""The progress section of an English handout says each move, status and fate in the
words the comparison's other outputs use (follow_up.text), for every case, so that the
handout's words and the library's English cannot drift apart."""

from __future__ import annotations

import itertools

import pytest

from activity_systems.follow_up.comparison import FINDING_FATES, ActionProgress, FieldDifference
from activity_systems.follow_up.matching import integration_move
from activity_systems.follow_up.text import (
    describe_edits,
    describe_fate,
    describe_move,
    describe_status,
)
from activity_systems.handouts.environment import shipped_words
from activity_systems.handouts.progress import (
    _describe_edits,
    _describe_fate,
    _describe_move,
    _describe_status,
    _Words,
)
from activity_systems.model.actions import ACTION_STATUSES
from activity_systems.model.relations import IntegrationAssessment, IntegrationLevel

LEVELS = [level.value for level in IntegrationLevel]


def _soi(current: str, desired: str) -> IntegrationAssessment:
    return IntegrationAssessment(between=("court", "mhs"), current=current, desired=desired)


@pytest.mark.parametrize("desired_before", LEVELS)
def test_every_move_is_said_as_the_comparison_says_it(desired_before: str) -> None:
    say = _Words(shipped_words())
    for before, after, desired in itertools.product(LEVELS, LEVELS, LEVELS):
        move = integration_move(_soi(before, desired_before), _soi(after, desired))
        assert _describe_move(move, say) == describe_move(move)


def test_a_desired_level_that_changed_is_named_as_the_case_file_names_it() -> None:
    move = integration_move(
        _soi("linkage", "full-integration"), _soi("coordination", "cooperation")
    )
    assert _describe_move(move, _Words(shipped_words())).endswith(
        "(desired level was full-integration)"
    )


def _action(**values: object) -> ActionProgress:
    fields: dict[str, object] = {
        "finding_key": "AS101-52b33e6a98",
        "strategy": "Pilot",
        "fate": "persisting",
        "status": "planned",
        "previous_status": "planned",
    }
    fields.update(values)
    return ActionProgress.model_validate(fields)


@pytest.mark.parametrize("was_on", [None, "AS1O1-52b33e6a98"])
def test_every_status_is_said_as_the_comparison_says_it(was_on: str | None) -> None:
    say = _Words(shipped_words())
    for status, previous in itertools.product((*ACTION_STATUSES, None), (*ACTION_STATUSES, None)):
        if status is None and previous is None:
            continue
        action = _action(status=status, previous_status=previous, previous_finding_key=was_on)
        assert _describe_status(action, say) == describe_status(action)


def test_every_fate_is_said_as_the_comparison_says_it() -> None:
    say = _Words(shipped_words())
    for fate in FINDING_FATES:  # a fate added later is said in both too
        action = _action(fate=fate)
        assert _describe_fate(action, None, say) == describe_fate(action), fate
    for gone, missing in itertools.product(("obsolete", "unreported"), (("a.x",), ("a.x", "b.y"))):
        action = _action(fate=gone, missing=missing)
        assert _describe_fate(action, None, say) == describe_fate(action)


def test_an_actions_edits_are_said_as_the_comparison_says_them() -> None:
    action = _action(
        differences=[
            FieldDifference(field="strategy", before="Pilot a rota", after="Pilot"),
            FieldDifference(field="owner", before=None, after="Court staff"),
            FieldDifference(field="review", before="2027-03-01", after="2027-09-01"),
        ]
    )
    assert _describe_edits(action, _Words(shipped_words())) == describe_edits(action)
