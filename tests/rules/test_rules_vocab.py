"""The shipped value vocabulary and competency mapping, and case-level additions."""

from __future__ import annotations

import pytest

from activity_systems import Case
from activity_systems.vocab import (
    Tension,
    Vocabulary,
    competencies,
    competency_label,
    rule_competencies,
    shipped_vocabulary,
)

# DESIGN §4: the tensions the vocabulary must ship, at least.
REQUIRED_TENSIONS = [
    ("treatment", "punishment"),
    ("treatment", "control"),
    ("confidentiality", "information-sharing"),
    ("confidentiality", "disclosure"),
    ("timely-justice", "thoroughness"),
    ("rehabilitation", "punishment"),
    ("standardisation", "individualised-care"),
    ("short-term-efficiency", "continuity-of-care"),
    ("openness", "closed-culture"),
    ("public-protection", "patient-autonomy"),
]


@pytest.mark.parametrize(("a", "b"), REQUIRED_TENSIONS)
def test_required_tensions_are_shipped_with_rationale_and_source(a: str, b: str) -> None:
    vocabulary = shipped_vocabulary()
    tension = vocabulary.tension(a, b)
    assert tension is not None
    assert tension == vocabulary.tension(b, a)
    assert tension.rationale
    assert tension.source


def test_shipped_data_is_consistent() -> None:
    vocabulary = shipped_vocabulary()
    for a, b in vocabulary.tensions:
        assert a in vocabulary.tags
        assert b in vocabulary.tags
    for alias, tag in vocabulary.aliases.items():
        assert alias not in vocabulary.tags
        assert tag in vocabulary.tags
    assert vocabulary.canonical("care") == "treatment"
    assert vocabulary.canonical("discipline") == "control"
    assert vocabulary.canonical("unlisted") == "unlisted"
    assert vocabulary.partners("punishment") == ("rehabilitation", "treatment")
    assert vocabulary.partners("unlisted") == ()
    for slug, competency in competencies().items():
        assert competency.slug == slug
        assert competency.label
        assert competency.frameworks
        assert competency.source
    assert competency_label("conflict-resolution") == "Conflict resolution"
    assert competency_label("my-own") == "my-own"
    assert rule_competencies("AS301") == ("conflict-resolution", "values-ethics")
    assert rule_competencies("ORG101") == ()


def test_case_tensions_and_aliases_are_merged() -> None:
    case = Case.model_validate(
        {
            "title": "T",
            "systems": [{"id": "a", "subject": "S", "object": "O"}],
            "value_aliases": {"haste": "speed", "tlc": "care", "care": "compassion"},
            "value_tensions": [
                ["haste", "accuracy", "Fast is not thorough"],
                ["punishment", "treatment", "Our own wording"],
                ["speed", "speed", "ignored"],
            ],
        }
    )
    vocabulary = shipped_vocabulary().with_case(case)
    assert vocabulary.canonical("haste") == "speed"
    assert vocabulary.canonical("tlc") == "compassion"  # a case alias overrides, chains followed
    assert vocabulary.tension("accuracy", "speed") == Tension(
        ("accuracy", "speed"), "Fast is not thorough", "case file"
    )
    punishment = vocabulary.tension("treatment", "punishment")
    assert punishment is not None
    assert punishment.rationale == "Our own wording"
    assert vocabulary.partners("speed") == ("accuracy",)
    assert shipped_vocabulary().tension("accuracy", "speed") is None


def test_alias_cycles_end() -> None:
    vocabulary = Vocabulary.build(tags={}, aliases={"a": "b", "b": "a"}, tensions=[])
    assert (vocabulary.canonical("a"), vocabulary.canonical("b")) == ("a", "b")
