"""The shipped value vocabulary and competency mapping, and case-level additions."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from activity_systems import Case
from activity_systems.vocab import (
    Tension,
    Vocabulary,
    competencies,
    competency_label,
    rule_competencies,
    shipped_vocabulary,
)

# The tensions the vocabulary must ship, at least.
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


def _refusal(**vocabulary: object) -> str:
    """The message a case with this vocabulary is refused with, after its place (the
    error's ``loc``): ``value_aliases.a: ...``."""
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(
            {"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}], **vocabulary}
        )
    (error,) = raised.value.errors()
    place = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
    return f"{place.lstrip('.')}: {str(error['msg']).removeprefix('Value error, ')}"


@pytest.mark.parametrize(
    ("vocabulary", "message"),
    [
        pytest.param(
            {"value_tensions": [["care", "care", "Why"]]},
            "value_tensions[0].between[1]: a tension of 'care' with itself: a tension is "
            "between two different tags, and one tag could never tell two elements apart",
            id="a tag with itself",
        ),
        pytest.param(
            {"value_tensions": [["care", "treatment", "Why"]]},
            "value_tensions[0].between[1]: 'care' stands for 'treatment' in the shipped "
            "vocabulary, so this is a tension of 'treatment' with itself, which could never "
            "tell two elements apart: name two tags that stand for different values",
            id="a tag with its shipped alias",
        ),
        pytest.param(
            {"value_tensions": [["haste", "speed", "Why"]], "value_aliases": {"haste": "speed"}},
            "value_tensions[0].between[1]: 'haste' stands for 'speed' in value_aliases, so "
            "this is a tension of 'speed' with itself",
            id="a tag with the case's alias of it",
        ),
        pytest.param(
            {"value_tensions": [["care", "tlc", "Why"]], "value_aliases": {"tlc": "treatment"}},
            "value_tensions[0].between[1]: 'tlc' stands for 'treatment' in value_aliases and "
            "'care' stands for 'treatment' in the shipped vocabulary, so",
            id="two aliases of one tag",
        ),
        pytest.param(
            {"value_aliases": {"treatment": "punishment"}},
            "value_aliases.treatment: 'treatment' stands for 'punishment' in value_aliases, "
            "but the shipped vocabulary holds 'punishment' and 'treatment' in tension: as one "
            "tag, their tension would be lost without a word (rule AS301 would no longer find "
            "it); an alias gives a tag another name, as in {my-word: punishment}, and cannot "
            "join two tags in tension",
            id="a shipped tag made an alias of the tag it is in tension with",
        ),
        pytest.param(
            {"value_aliases": {"punishment": "sanction", "treatment": "sanction"}},
            "value_aliases.punishment: 'punishment' and 'treatment' both stand for 'sanction' "
            "in value_aliases, but the shipped vocabulary holds",
            id="two tags in tension made aliases of a third",
        ),
        pytest.param(
            {"value_aliases": {"a": "b", "b": "a"}},
            "value_aliases.a: 'a' is an alias of 'b', which is an alias of 'a': a loop, so "
            "neither stands for a tag; make one of them the tag by taking it out of "
            "value_aliases",
            id="a loop",
        ),
        pytest.param(
            {"value_aliases": {"b": "c", "c": "d", "d": "b", "a": "b"}},
            "value_aliases.b: 'b' is an alias of 'c', which is an alias of 'd', which is an "
            "alias of 'b': a loop, so none of them stands for a tag",
            id="a longer loop, not the alias that leads into it",
        ),
        pytest.param(
            {"value_aliases": {"treatment": "care"}},
            "value_aliases.treatment: 'treatment' is an alias of 'care', which is an alias of "
            "'treatment' in the shipped vocabulary: a loop, so neither stands for a tag; take "
            "'treatment' out of value_aliases",
            id="a loop through a shipped alias",
        ),
    ],
)
def test_a_vocabulary_entry_that_could_never_be_found_is_refused(
    vocabulary: dict[str, object], message: str
) -> None:
    # accepted, each was ignored, or took a shipped tension away, without a word
    assert _refusal(**vocabulary).startswith(message)


def test_every_vocabulary_problem_is_told_and_a_loop_once() -> None:
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(
            {
                "title": "T",
                "systems": [{"id": "a", "subject": "S", "object": "O"}],
                "value_tensions": [
                    ["care", "care", "Why"],
                    ["ok", "fine", "Why"],
                    ["care", "treatment", "Why"],
                ],
                "value_aliases": {"treatment": "punishment"},
            }
        )
    told = [(e["loc"], e["msg"].removeprefix("Value error, ")) for e in raised.value.errors()]
    assert [loc for loc, _ in told] == [
        ("value_tensions", 0, "between", 1),
        ("value_tensions", 2, "between", 1),
        ("value_aliases", "treatment"),
    ]
    assert told[0][1].startswith("a tension of 'care' with itself")
    assert told[1][1].startswith("'treatment' stands for 'punishment' in value_aliases and")
    assert told[2][1].startswith("'treatment' stands for 'punishment' in value_aliases, but")
    # a loop of two aliases is one problem, and what its aliases stand for is not asked
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(
            {
                "title": "T",
                "systems": [{"id": "a", "subject": "S", "object": "O"}],
                "value_tensions": [["a", "b", "Why"]],
                "value_aliases": {"a": "b", "b": "a", "x": "y", "y": "x"},
            }
        )
    assert [(e["loc"], e["msg"].removeprefix("Value error, ")) for e in raised.value.errors()] == [
        (
            ("value_aliases", "a"),
            "'a' is an alias of 'b', which is an alias of 'a': a loop, so neither stands for "
            "a tag; make one of them the tag by taking it out of value_aliases",
        ),
        (
            ("value_aliases", "x"),
            "'x' is an alias of 'y', which is an alias of 'x': a loop, so neither stands for "
            "a tag; make one of them the tag by taking it out of value_aliases",
        ),
    ]


@pytest.mark.parametrize(
    "aliases",
    [
        pytest.param({"continuity-of-carer": "continuity-of-carer"}, id="a tag of its own"),
        pytest.param({"treatment": "treatment"}, id="a shipped tag as itself"),
        pytest.param({"care": "compassion"}, id="a shipped alias given another tag"),
        pytest.param({"care": "punishment"}, id="a shipped alias given a tag in tension"),
        pytest.param({"rehabilitation": "treatment"}, id="two shipped tags not in tension"),
        pytest.param({"haste": "speed", "speed": "speed"}, id="a chain to a tag of its own"),
    ],
)
def test_an_alias_that_changes_what_a_tag_stands_for_is_kept(aliases: dict[str, str]) -> None:
    case = Case.model_validate(
        {"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}]}
        | {"value_aliases": aliases}
    )
    vocabulary = shipped_vocabulary().with_case(case)
    for alias, tag in aliases.items():
        assert vocabulary.canonical(alias) == vocabulary.canonical(tag)
    assert vocabulary.tension("punishment", "treatment") is not None


def test_rationales_stand_on_their_own() -> None:
    """A rationale is read in the handouts of any case, by people who may not know the
    source: it names no "chapter", which the source gives."""
    for pair, tension in shipped_vocabulary().tensions.items():
        assert "chapter" not in tension.rationale.lower(), pair
        assert tension.source, pair


# Words of the setting the vocabulary was first written for. A rationale shows in the
# findings of any case that uses the tags (a school's confidentiality against children's
# social care's information sharing, say), so it may name them only in its example.
SETTING_WORDS = (
    "court",
    "magistrate",
    "psychiatri",
    "defendant",
    "offender",
    "criminal justice",
    "mental health",
    "prison",
    "sentenc",
)


def _outside_parentheses(text: str) -> str:
    depth, kept = 0, []
    for ch in text:
        depth += ch == "("
        if depth == 0:
            kept.append(ch)
        depth -= ch == ")" and depth > 0
    return "".join(kept)


def test_rationales_say_why_in_any_setting_and_keep_the_setting_for_the_example() -> None:
    """The reason two values pull apart is said in general terms; a court, a
    psychiatrist or an offender appears only in the example, in parentheses."""
    for pair, tension in shipped_vocabulary().tensions.items():
        general = _outside_parentheses(tension.rationale).lower()
        assert not [word for word in SETTING_WORDS if word in general], (pair, general)
