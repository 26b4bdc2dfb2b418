"""The progress section of an English handout says each move, status and fate in the
words the comparison's other outputs use (follow_up.text), for every case, so that the
handout's words and the library's English cannot drift apart."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from activity_systems import compare, load
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
    progress_section,
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


def test_a_name_holding_braces_is_shown_as_written_in_the_progress_section(
    tmp_path: Path,
) -> None:
    # The words are filled once: a system's name that holds what looks like another
    # placeholder of the phrase ("{second}", "{node}") is the name, not a place to fill.
    examples = Path(__file__).resolve().parent.parent / "examples"
    versions = []
    for name in ("liaison-and-diversion.yaml", "liaison-and-diversion-2027.yaml"):
        text = (examples / name).read_text(encoding="utf-8")
        text = text.replace("name: Magistrates' court\n", "name: Magistrates' court {second}\n")
        text = text.replace(
            "name: Local court liaison practice\n", "name: Local court liaison practice {node}\n"
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
        versions.append(load(tmp_path / name))
    section = progress_section(compare(*versions), case=versions[1])
    pairs = {move.systems for move in section.integration}
    assert "Magistrates' court {second} and Local court liaison practice {node}" in pairs, pairs
    places = {change.where for change in section.changes}
    assert any(where.startswith("Local court liaison practice {node} · ") for where in places), (
        places
    )
