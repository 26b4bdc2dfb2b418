"""A case built and changed in Python: what its errors show, and renaming a system."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from activity_systems import ActivitySystem, Case, UnknownIdError, check, load, loads
from activity_systems.rules.action_review import review_actions
from activity_systems.strategies import cases


def two_systems(**extra: object) -> Case:
    court = ActivitySystem(
        id="court",
        subject="Magistrate",
        object="Defendant",
        rules=[{"id": "targets", "label": "Remand", "time_limit": "3 weeks"}],
    )
    mhs = ActivitySystem(
        id="mhs",
        subject="Psychiatrist",
        object="Service user",
        tools=[{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
    )
    return Case.model_validate({"title": "T", "systems": [court, mhs], **extra})


EXCHANGE = {
    "id": "court-report",
    "label": "Report",
    "from": "mhs",
    "to": "court",
    "takes": "mhs.report",
    "needed_within": "court.targets",
}


@pytest.mark.parametrize(
    "make",
    [
        lambda: two_systems(exchanges=[EXCHANGE | {"to": "crt"}]),  # a model's own check
        lambda: two_systems(exchanges=[EXCHANGE | {"to": 5}]),  # a type, reworded
        lambda: two_systems(exchanges=[EXCHANGE | {"takes": "soon"}]),  # a duration
        lambda: two_systems(declared=[{"between": ["court.targets", "mhs.report"]}]),  # left out
        lambda: setattr(two_systems(), "title", "New"),  # a frozen model
    ],
)
def test_an_error_of_a_case_built_in_python_links_to_no_page_of_pydantic(make: object) -> None:
    with pytest.raises(ValidationError) as caught:
        make()  # type: ignore[operator]
    shown = str(caught.value)
    assert "errors.pydantic.dev" not in shown
    assert "For further information" not in shown
    assert "input_value" not in shown


def test_a_reference_error_keeps_its_type_place_and_words_without_the_link() -> None:
    with pytest.raises(ValidationError) as caught:
        two_systems(exchanges=[EXCHANGE | {"to": "crt"}])
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert error["loc"] == ("exchanges", 0, "to")
    assert error["msg"] == "Value error, no system has the id 'crt' (did you mean 'court'?)"
    assert str(error["ctx"]["error"]) == "no system has the id 'crt' (did you mean 'court'?)"


def rich_case() -> Case:
    return Case.model_validate(
        {
            "title": "T",
            "systems": [
                {
                    "id": "court",
                    "subject": "Magistrate",
                    "object": "Defendant",
                    "rules": [{"id": "targets", "label": "Remand", "time_limit": "3 weeks"}],
                    "tools": [{"id": "request", "label": "Request"}],
                },
                {
                    "id": "mhs",
                    "subject": "Psychiatrist",
                    "object": "Service user",
                    "advances": "court",
                    "tools": [{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
                },
                {"id": "courtyard", "subject": "Gardener", "object": "Lawn"},
            ],
            "exchanges": [EXCHANGE | {"requested_with": "court.request"}],
            "integration": [
                {"between": ["court", "mhs"], "current": "linkage", "desired": "coordination"}
            ],
            "declared": [
                {
                    "between": ["court.targets", "mhs.report"],
                    "level": "secondary",
                    "note": "Too slow",
                },
                {
                    "between": ["court-report", "courtyard.subject"],
                    "level": "secondary",
                    "note": "Other",
                },
            ],
            "actions": [
                {
                    "finding": {
                        "rule": "AS101",
                        "elements": ["court.targets", "mhs.report", "court-report"],
                    },
                    "strategy": "Ask for an interim report",
                },
                {
                    "finding": {"rule": "AS501", "elements": ["court", "mhs"]},
                    "strategy": "Meet monthly",
                },
            ],
        }
    )


def test_renaming_a_system_renames_every_reference_to_it() -> None:
    case = rich_case()
    renamed = case.rename_system("court", "crown-court")
    assert [s.id for s in renamed.systems] == ["crown-court", "mhs", "courtyard"]
    assert renamed.system("mhs").advances == "crown-court"
    (exchange,) = renamed.exchanges
    assert (exchange.from_, exchange.to) == ("mhs", "crown-court")
    assert exchange.needed_within == "crown-court.targets"
    assert exchange.requested_with == "crown-court.request"
    assert exchange.takes == "mhs.report"
    assert renamed.integration[0].between == ("crown-court", "mhs")
    assert set(renamed.declared[0].between) == {"crown-court.targets", "mhs.report"}
    # an exchange id and another system whose id begins the same are left alone
    assert set(renamed.declared[1].between) == {"court-report", "courtyard.subject"}
    finding = renamed.actions[0].finding
    assert not isinstance(finding, str)
    assert set(finding.elements) == {"crown-court.targets", "mhs.report", "court-report"}
    assert set(renamed.actions[1].finding.elements) == {"crown-court", "mhs"}  # type: ignore[union-attr]
    # the same findings, under the new id
    before = [(f.rule, f.severity) for f in check(case).findings]
    assert [(f.rule, f.severity) for f in check(renamed).findings] == before
    assert loads(renamed.to_yaml()) == renamed
    # renamed back, it is the case it was
    assert renamed.rename_system("crown-court", "court") == case


def test_renaming_a_system_that_is_not_there_or_to_a_taken_or_bad_id_is_refused() -> None:
    case = rich_case()
    with pytest.raises(UnknownIdError, match=r"no system 'curt' \(did you mean 'court'\?\)"):
        case.rename_system("curt", "crown")
    with pytest.raises(ValidationError, match="duplicate system id 'mhs'"):
        case.rename_system("court", "mhs")
    with pytest.raises(ValidationError, match="'Crown Court' is not a valid id"):
        case.rename_system("court", "Crown Court")


def test_a_rename_to_its_own_id_is_the_case_itself() -> None:
    case = rich_case()
    assert case.rename_system("court", "court") is case


def test_an_action_named_by_its_key_is_not_renamed_and_reads_as_resolved() -> None:
    case = rich_case()
    (finding,) = [f for f in check(case).findings if f.rule == "AS101"]
    by_key = case.model_copy(update={"actions": [{"finding": finding.key, "strategy": "S"}]})
    renamed = by_key.rename_system("court", "crown-court")
    assert renamed.actions == by_key.actions
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing tells of it
        report = check(renamed)
    assert [r.fate for r in review_actions(renamed, report)] == ["resolved"]


def test_an_action_given_its_rule_and_elements_before_a_rename_stays_open() -> None:
    case = rich_case()
    (finding,) = [f for f in check(case).findings if f.rule == "AS101"]
    planned = case.model_copy(update={"actions": [{"finding": finding.key, "strategy": "S"}]})
    found = {f.key: f for f in check(planned).findings}
    named = planned.model_copy(
        update={
            "actions": [
                action.model_copy(
                    update={
                        "finding": {
                            "rule": found[action.finding].rule,
                            "elements": found[action.finding].elements,
                        }
                    }
                )
                if isinstance(action.finding, str) and action.finding in found
                else action
                for action in planned.actions
            ]
        }
    )
    renamed = named.rename_system("court", "crown-court")
    assert [r.fate for r in review_actions(renamed, check(renamed))] == ["open"]


def renamed_elements(elements: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(
        sorted(new + e[len(old) :] if e == old or e.startswith(old + ".") else e for e in elements)
    )


def assert_renames_cleanly(case: Case, old: str, new: str) -> None:
    planned = [
        {"finding": {"rule": f.rule, "elements": f.elements}, "strategy": "S"}
        for f in check(case).findings[:20]
    ]
    case = case.model_copy(update={"actions": planned})
    renamed = case.rename_system(old, new)
    fates = [r.fate for r in review_actions(case, check(case))]
    assert [r.fate for r in review_actions(renamed, check(renamed))] == fates
    assert [s.id for s in renamed.systems] == [new if s.id == old else s.id for s in case.systems]
    before = sorted(
        (f.rule, renamed_elements(f.elements, old, new), f.level, f.severity)
        for f in check(case).findings
    )
    after = sorted(
        (f.rule, tuple(sorted(f.elements)), f.level, f.severity) for f in check(renamed).findings
    )
    assert after == before
    assert loads(renamed.to_yaml()) == renamed
    assert renamed.rename_system(new, old) == case


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_renaming_any_system_of_an_example_gives_the_same_findings_renamed(path: Path) -> None:
    case = load(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for system in case.systems:
            assert_renames_cleanly(case, system.id, f"{system.id}-renamed")


@given(case=cases(), data=st.data())
def test_renaming_a_system_of_any_case_gives_the_same_findings_renamed(
    case: Case, data: st.DataObject
) -> None:
    old = data.draw(st.sampled_from([s.id for s in case.systems]))
    new = f"{old}-annex"
    assume(not case.has_system(new) and new not in {x.id for x in case.exchanges})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_renames_cleanly(case, old, new)


def test_a_system_given_where_its_id_goes_is_told_which_id_to_give() -> None:
    case = rich_case()
    court = case.system("court")
    with pytest.raises(UnknownIdError, match=r"give the system's id, 'court', not the system"):
        case.rename_system(court, "crown-court")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"give the system's id, 'court', not the system"):
        case.subcase([court])  # type: ignore[list-item]
    with pytest.raises(UnknownIdError, match=r"a system's id is text such as 'court', not None"):
        case.system(None)  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"an exchange's id is text such as 'court-report'"):
        case.exchange(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"title": "T", "systems": []}', "a case needs at least one system"),
        (
            '{"title": "T", "systems": [{"id": "c", "subject": "S", "object": "O"}],'
            ' "exchanges": [{"id": "x", "label": "X", "from": "c", "to": "crt"}]}',
            "no system has the id 'crt'",
        ),
        (
            '{"title": "T", "systems": [{"id": "c", "subject": "S", "object": "O", "tool": []}]}',
            "unknown field 'tool' (did you mean 'tools'?)",
        ),
        ('{"title": ', "Invalid JSON"),
    ],
)
def test_a_case_validated_from_json_text_is_told_as_one_built_in_python(
    text: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Case.model_validate_json(text)
    shown = str(caught.value)
    assert words in shown
    assert "errors.pydantic.dev" not in shown
    assert caught.value.__traceback__ is not None


def test_a_reference_that_is_no_text_is_told_what_a_reference_is() -> None:
    """``case.locate(None)`` was Python's ``AttributeError: 'NoneType' object has no
    attribute 'partition'``, where ``case.system(None)`` said what an id is."""
    case = rich_case()
    system = case.systems[0]
    _, element = next(system.elements())
    reference = f"{system.id}.{element.id}"
    assert case.locate(reference).element is element
    for no_text in (None, 5):
        with pytest.raises(UnknownIdError) as info:
            case.locate(no_text)  # type: ignore[arg-type]
        assert info.value.args[0] == (
            f"an element's reference is text, <system>.<element-id>, such as "
            f"{reference!r}, not {'None' if no_text is None else 'int'}"
        )
    with pytest.raises(UnknownIdError) as info:
        case.locate(element)  # type: ignore[arg-type]
    assert info.value.args[0] == (
        f"give the element's reference, {reference!r}, not the element itself"
    )
