"""Which pairs of systems a case assesses on the Scale of Organisational Integration.

The action review asks of every action on AS501 or AS502 whether the case assesses the
pair it names; the answer is kept for the case's assessments, and must follow the case
asked about: checking one case, then another (a batch, a notebook, or a comparison of
two versions of a case in which an assessment was added), answers for each.
"""

from __future__ import annotations

from activity_systems import loads
from activity_systems.rules.integration import assessed_pairs, unassessed_pair

_SYSTEMS = "systems: [{id: a, subject: S, object: O}, {id: b, subject: S, object: O}]\n"


def test_each_case_is_answered_for_its_own_assessments() -> None:
    before = loads("title: T\n" + _SYSTEMS)
    after = loads(
        "title: T\n"
        + _SYSTEMS
        + "integration: [{between: [a, b], current: linkage, desired: coordination}]\n"
    )
    assert unassessed_pair(before, "AS501", ["a", "b"])
    assert not unassessed_pair(after, "AS501", ["b", "a"])
    assert unassessed_pair(before, "AS502", ["a", "b"])
    assert assessed_pairs(after) == {frozenset({"a", "b"})}
    assert assessed_pairs(before) == frozenset()
