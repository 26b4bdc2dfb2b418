"""Properties of comparisons, on cases from the library's own strategies."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import example, given

from activity_systems import Case
from activity_systems.follow_up import Comparison, compare
from activity_systems.follow_up.comparison import ItemChange
from activity_systems.rules.engine import check
from activity_systems.rules.finding import Finding
from activity_systems.strategies import cases

# Drawn actions name findings at random, so now and then one names a reported finding
# almost but not quite, and check() warns about it (as documented for property tests).
pytestmark = pytest.mark.filterwarnings("ignore::activity_systems.MisnamedFindingWarning")

# Two cases drawn independently seldom share a system: compare() warns, as it should.
UNRELATED_IS_FINE = pytest.mark.filterwarnings(
    "ignore::activity_systems.follow_up.UnrelatedVersionsWarning"
)


def keys(findings: Iterable[Finding]) -> set[str]:
    return {f.key for f in findings}


@given(cases(max_systems=3))
def test_a_case_compared_with_itself_has_no_change(case: Case) -> None:
    comparison = compare(case, case)
    assert comparison.resolved == ()
    assert comparison.new == ()
    assert all(p.finding == p.previous for p in comparison.persisting)
    assert (comparison.systems, comparison.elements, comparison.exchanges) == ((), (), ())
    assert {m.direction for m in comparison.integration} <= {"unchanged"}


def _declared_twice(*levels: str) -> Case:
    """One system whose subject and object are declared in contradiction at ``levels``."""
    return Case.model_validate(
        {
            "title": "0",
            "systems": [{"id": "a", "subject": "0", "object": "0"}],
            "declared": [{"between": ["a.subject", "a.object"], "level": lvl} for lvl in levels],
        }
    )


def _one_task(task: str) -> Case:
    """One system whose one task has the id ``task``."""
    return Case.model_validate(
        {
            "title": "0",
            "systems": [
                {
                    "id": "a",
                    "subject": "0",
                    "object": "0",
                    "division_of_labour": [{"id": task, "label": "0"}],
                }
            ],
        }
    )


@UNRELATED_IS_FINE
@given(cases(max_systems=3), cases(max_systems=3))
# a level declared before the one kept: the kept one's key changes, the contradiction persists
@example(_declared_twice("primary"), _declared_twice("secondary", "primary"))
# a task renamed: one change under its later id, the other way round under its earlier one
@example(_one_task("a"), _one_task("b"))
def test_comparing_backwards_swaps_resolved_and_new(before: Case, after: Case) -> None:
    forwards, backwards = compare(before, after), compare(after, before)
    # a finding of a pair assessed for the first time is new; the other way round, only
    # the dropped assessment took it away, and it is no longer assessed, not resolved
    assert keys(forwards.resolved) | keys(forwards.unassessed) == keys(backwards.new)
    assert keys(forwards.new) == keys(backwards.resolved) | keys(backwards.unassessed)
    # what persists is the same pairs of findings, each the other way round (not the same
    # keys: of the same elements declared at several levels, the entry listed first has
    # the plain key, so a declared contradiction may persist under another key)
    assert {(p.previous.key, p.finding.key) for p in forwards.persisting} == {
        (p.finding.key, p.previous.key) for p in backwards.persisting
    }
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    # a renamed element is one change under its later id, so the other way round under
    # its earlier one: each is told by the two ids it had
    assert {(c.system, _ids(c), swap[c.change]) for c in forwards.elements} == {
        (c.system, _ids(c), c.change) for c in backwards.elements
    }
    assert {(c.id, swap[c.change]) for c in forwards.systems} == {
        (c.id, c.change) for c in backwards.systems
    }
    # each changed field's values, the other way round
    for forth, back in (
        (forwards.elements, backwards.elements),
        (forwards.exchanges, backwards.exchanges),
    ):
        assert {
            (getattr(c, "system", ""), _ids(c), d.field, d.after, d.before)
            for c in forth
            for d in c.differences
        } == {
            (getattr(c, "system", ""), _ids(c), d.field, d.before, d.after)
            for c in back
            for d in c.differences
        }
    for change in (*forwards.systems, *forwards.elements, *forwards.exchanges):
        assert change.fields == tuple(d.field for d in change.differences)
        assert all(d.before != d.after for d in change.differences)


def _ids(change: ItemChange) -> frozenset[str]:
    """The ids a change's item had in the two versions: one, or a renamed element's two."""
    ids = {change.id, getattr(change, "previous_id", None)}
    return frozenset(i for i in ids if i is not None)


@UNRELATED_IS_FINE
@given(cases(max_systems=3), cases(max_systems=3))
# a task renamed: its finding persists under another key, the key its later id gives
@example(_one_task("a"), _one_task("b"))
def test_every_finding_is_in_exactly_one_group(before: Case, after: Case) -> None:
    comparison: Comparison = compare(before, after)
    resolved, new = keys(comparison.resolved), keys(comparison.new)
    # a persisting finding is counted in each version under the key it has there
    was = keys(p.previous for p in comparison.persisting)
    persisting = keys(p.finding for p in comparison.persisting)
    unassessed = keys(comparison.unassessed)
    assert resolved & new == set()
    assert resolved & was == set()
    assert new & persisting == set()
    assert unassessed & (resolved | was | new) == set()
    assert resolved | unassessed | was == keys(check(before).findings)
    assert new | persisting == keys(check(after).findings)
    assert comparison.to_json() == compare(before, after).to_json()
