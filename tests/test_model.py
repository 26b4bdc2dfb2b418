"""The Pydantic models: frozen, strict about keys, friendly about strings and ids."""

from __future__ import annotations

import copy
import inspect
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from activity_systems import (
    Action,
    ActivitySystem,
    Case,
    DeclaredContradiction,
    Element,
    Exchange,
    IntegrationAssessment,
    IntegrationLevel,
    ObjectElement,
    Rule,
    Task,
    Tool,
    UnknownIdError,
)
from activity_systems.follow_up.comparison import Comparison
from activity_systems.model import finding_key, slugify
from activity_systems.model.slugs import FUZZY_HINTS
from activity_systems.rules.finding import Finding, Report, RuleFailure


def system(**extra: object) -> ActivitySystem:
    return ActivitySystem.model_validate(
        {"id": "court", "subject": "Magistrate", "object": "Defendant", **extra}
    )


def test_strings_become_elements_with_derived_ids() -> None:
    court = system(tools=["Written request"], community=["Defence lawyers"])
    assert court.tools[0] == Tool(id="written-request", label="Written request")
    assert court.subject.id == "subject"
    assert court.object.label == "Defendant"
    assert court.element("defence-lawyers").label == "Defence lawyers"


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Consultant's report", "consultants-report"),
        ("Défense — lawyers", "defense-lawyers"),
        ("  Screening reports  ", "screening-reports"),
        ("Time targets (3 weeks)", "time-targets-3-weeks"),
        ("Court’s rules", "courts-rules"),
        # letters with no accent to strip are spelt out, not dropped or split on
        ("Straßenverkehrsamt", "strassenverkehrsamt"),
        ("Sąd Rejonowy w Łodzi", "sad-rejonowy-w-lodzi"),
        ("Kırıkkale Ağır Ceza", "kirikkale-agir-ceza"),
        ("İstanbul Adliyesi", "istanbul-adliyesi"),
        ("Søren's Œuvre, Æsir", "sorens-oeuvre-aesir"),
        ("Þórður Đorđević", "thordur-dordevic"),
        # such a letter with an accent on it too: the accent stripped, the letter spelt
        ("Ǿrsted, Ǽrø", "orsted-aero"),
        ("Ǣlfrǣd", "aelfraed"),
        # characters that do not show, as a word processor leaves them, join the word
        ("Gerichts\u00adgutachter", "gerichtsgutachter"),
        ("Liaison\u200bworker", "liaisonworker"),
        ("Cafe\u0301\u00a0cre\u0300me", "cafe-creme"),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


def test_a_label_s_id_looks_at_each_of_its_characters_in_python_once() -> None:
    """An id of a label in another language than English takes about as long as one in
    ASCII: the characters met before are looked up in C (a long label of the same
    characters costs no more lines of Python than a short one)."""
    from line_counting import lines_executed

    short = "Große Prüfung für Ärzte, Søren & Łódź"
    long = " ".join([short] * 20)
    assert slugify(long) == "-".join([slugify(short)] * 20)
    assert lines_executed(lambda: slugify(long)) == lines_executed(lambda: slugify(short))


def test_unknown_elements_are_kept_with_numbered_ids() -> None:
    court = system(community=["?", "Ushers", "?"], division_of_labour=["?"])
    assert [e.id for e in court.community] == ["unknown-community", "ushers", "unknown-community-2"]
    assert court.division_of_labour[0].id == "unknown-division-of-labour"
    assert all(e.is_unknown for e in (court.community[0], court.division_of_labour[0]))


@pytest.mark.parametrize(
    ("model", "args", "keywords", "message"),
    [
        (
            Tool,
            ("Report",),
            {},
            "Tool() takes keyword arguments only: write Tool(label='Report') (its fields: id, "
            "label, description, values, source, turnaround, provides)",
        ),
        (
            Case,
            ("Reports",),
            {},
            "Case() takes keyword arguments only: write Case(title='Reports') (its fields: "
            "title, description, source, language, systems, exchanges, shared_object, "
            "integration, declared, value_tensions, value_aliases, actions, leave_out)",
        ),
        (
            Exchange,
            ("Report", "mhs", "court", "6 weeks"),
            {},
            "Exchange() takes keyword arguments only: write Exchange(label='Report', "
            "from_='mhs', to='court', ...) (its fields: id, label, from_, to, takes,",
        ),
        (
            ActivitySystem,
            ("Court",),
            {"id": "court"},
            "ActivitySystem() takes keyword arguments only: write ActivitySystem(id='court', "
            "subject='Court')",
        ),
        (
            Task,
            ("Screening",),
            {"by": "subject"},
            "Task() takes keyword arguments only: write Task(label='Screening', by='subject')",
        ),
        (
            # the keywords given were left out, 'from' too: the call as written lost them
            Exchange,
            ("mhs",),
            {"label": "R", "from": "mhs", "to_": 1},
            "Exchange() takes keyword arguments only: write Exchange(label='R', from_='mhs', "
            "to='mhs', to_=1) (its fields: id, label, from_, to, takes,",
        ),
        (
            Task,
            ("Screening",),
            {"basis": "core", "task": "Screening"},
            "Task() takes keyword arguments only: write Task(task='Screening', basis='core', "
            "...) (its fields",
        ),
        (
            # said "BaseModel.__init__() takes 1 positional argument but 2 were given"
            Report,
            ("Reports",),
            {},
            "Report() takes keyword arguments only: write Report(case='Reports') (its fields: "
            "case, findings, rules_run, rules_failed, left_out)",
        ),
        (
            Finding,
            ("AS101-0123456789",),
            {"rule": "AS101"},
            "Finding() takes keyword arguments only: write Finding(key='AS101-0123456789', "
            "rule='AS101') (its fields: key, rule, name,",
        ),
        (
            RuleFailure,
            ("AS101", "ValueError: x"),
            {},
            "RuleFailure() takes keyword arguments only: write RuleFailure(rule='AS101', "
            "error='ValueError: x') (its fields: rule, error)",
        ),
        (
            # said "BaseModel.__init__() takes 1 positional argument but 2 were given"
            Comparison,
            ("Reports 2026",),
            {},
            "Comparison() takes keyword arguments only: write Comparison(before='Reports 2026')"
            " (its fields: before, after, resolved,",
        ),
    ],
    ids=[
        "Tool",
        "Case",
        "Exchange",
        "ActivitySystem",
        "Task",
        "with the keywords given, in the order of the fields",
        "with a field given by its case file's key",
        "Report",
        "Finding",
        "RuleFailure",
        "Comparison",
    ],
)
def test_values_given_by_position_are_told_to_go_by_keyword(
    model: Any, args: tuple[object, ...], keywords: dict[str, object], message: str
) -> None:
    # Python named the base class: "Frozen.__init__() takes 1 positional argument but 2
    # were given".
    with pytest.raises(TypeError) as raised:
        model(*args, **keywords)
    assert str(raised.value).startswith(message)
    assert "Frozen" not in str(raised.value)
    assert "BaseModel" not in str(raised.value)


def test_a_model_s_signature_is_its_fields_by_keyword() -> None:
    """The ``*args`` that catch values given by position are no parameter to show."""
    for model in (Tool, Report, Finding):
        parameters = inspect.signature(model).parameters.values()
        assert [p.name for p in parameters] == list(model.model_fields)
        assert {p.kind for p in parameters} == {inspect.Parameter.KEYWORD_ONLY}


def test_ids_are_unique_across_nodes() -> None:
    with pytest.raises(ValidationError, match="duplicate id 'ushers'"):
        system(community=["Ushers"], tools=["Ushers"])


def test_reserved_ids() -> None:
    with pytest.raises(ValidationError, match="reserved for the system's subject node"):
        system(tools=[{"id": "subject", "label": "x"}])
    with pytest.raises(ValidationError, match="always has the id 'object'"):
        system(object={"id": "thing", "label": "x"})


def test_subject_object_and_outcome_built_as_models_take_their_node_ids() -> None:
    # An element built on its own has the id its label makes: it does not know yet that
    # it will be the subject, as a type checker without Pydantic's plugin asks it to be.
    court = ActivitySystem(
        id="court",
        subject=Element(label="Magistrate"),
        object=ObjectElement(label="Defendant", purpose="Sentencing"),
        outcome=Element(label="Sentence"),
    )
    assert [court.subject.id, court.object.id, court.outcome and court.outcome.id] == [
        "subject",
        "object",
        "outcome",
    ]
    assert court == system(
        outcome="Sentence", object={"label": "Defendant", "purpose": "Sentencing"}
    )
    # an id written otherwise is still refused
    with pytest.raises(ValidationError, match="always has the id 'subject'; remove id 'mag'"):
        ActivitySystem(id="court", subject=Element(id="mag", label="Magistrate"), object="D")


def test_unknown_elements_built_as_models_get_the_ids_a_case_file_gives_them() -> None:
    court = ActivitySystem(
        id="court",
        subject=Element(label="?"),
        object="Defendant",
        tools=[Tool(label="?", turnaround="3 weeks")],
        community=[Element(label="?"), Element(label="Ushers"), Element(label="?")],
    )
    assert court == system(
        subject="?",
        tools=[{"label": "?", "turnaround": "3 weeks"}],
        community=["?", "Ushers", "?"],
    )
    assert [e.id for _, e in court.elements()] == [
        "subject",
        "object",
        "unknown-tools",
        "unknown-community",
        "ushers",
        "unknown-community-2",
    ]
    # an id given is kept, and the ones made go round it
    again = system(community=[Element(label="?"), Element(id="unknown-community", label="?")])
    assert [e.id for e in again.community] == ["unknown-community-2", "unknown-community"]


def test_an_element_of_another_nodes_kind_is_refused_at_its_place() -> None:
    # A Tool is a kind of Element, so the field's type lets it by; its turnaround would
    # mean nothing in the community, and be lost when the case is written.
    with pytest.raises(ValidationError) as caught:
        ActivitySystem(
            id="court",
            subject=Rule(label="Magistrate"),
            object="Defendant",
            community=[Element(label="Ushers"), Tool(label="Report", turnaround="3 weeks")],
        )
    assert [(e["loc"], e["msg"]) for e in caught.value.errors()] == [
        (
            ("subject",),
            "Value error, in system 'court': subject is a Rule, but a system's subject takes "
            "Element: write Element(label='Magistrate', ...)",
        ),
        (
            ("community", 1),
            "Value error, in system 'court': community[1] is a Tool, but a system's "
            "community takes Element: write Element(label='Report', ...)",
        ),
    ]


def test_the_mappings_of_frozen_models_are_read_only_and_hash_as_they_compare() -> None:
    case = Case(
        title="T",
        systems=[{"id": "a", "subject": "S", "object": "O"}],
        value_aliases={"tlc": "treatment"},
    )
    cache = {case: "checked"}
    with pytest.raises(TypeError, match="cannot be changed in place: make a changed copy"):
        case.value_aliases["Not an id!"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError, match="cannot be changed in place"):
        case.value_aliases.clear()  # type: ignore[attr-defined]
    assert case.value_aliases == {"tlc": "treatment"}
    assert cache[case] == "checked"
    for again in (pickle.loads(pickle.dumps(case)), copy.deepcopy(case)):
        assert again == case
        with pytest.raises(TypeError, match="cannot be changed in place"):
            again.value_aliases.update(haste="speed")  # type: ignore[union-attr]
    # a plain dict to change, and a dump that validates again
    assert type(dict(case.value_aliases)) is dict
    assert type(case.model_dump()["value_aliases"]) is dict
    changed = case.model_copy(update={"value_aliases": {**case.value_aliases, "haste": "speed"}})
    assert changed.value_aliases == {"haste": "speed", "tlc": "treatment"}
    comparison = Comparison(before="2026", after="2027", system_names={"a": "A"})
    assert hash(comparison) == hash(pickle.loads(pickle.dumps(comparison)))
    with pytest.raises(TypeError, match="cannot be changed in place"):
        comparison.system_names.pop("a")  # type: ignore[attr-defined]


def test_models_are_frozen_and_reject_unknown_keys() -> None:
    court = system()
    with pytest.raises(ValidationError):
        court.id = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="unknown field 'colour'"):
        system(colour="red")


def test_model_copy_with_an_update_validates_and_resolves_again() -> None:
    case = two_systems()
    court = case.system("court").model_copy(update={"name": "Crown court"})
    renamed = case.model_copy(update={"systems": (court, case.system("mhs"))})
    assert renamed.system("court").name == "Crown court"
    fewer = court.model_copy(update={"tools": ()})
    assert not fewer.has_element("request")
    assert [e.id for _, e in fewer.elements()] == ["subject", "object", "targets"]
    with pytest.raises(ValidationError, match="no system has the id 'court'"):
        case.model_copy(update={"systems": (case.system("mhs"),)})
    with pytest.raises(ValidationError, match=r"expected an element: its label as text.*got int"):
        court.model_copy(update={"tools": ["not", 3]})
    unchanged = case.model_copy()
    assert unchanged == case
    assert unchanged.system("mhs") is case.system("mhs")
    assert repr(case.exchanges[0].model_copy(update={"to": "court"})) == repr(case.exchanges[0])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Case(title="T", systems=system()), "systems takes a list, not a single"),
        (
            lambda: system(tools=Tool(id="t", label="T")),
            r"tools takes a list, not a single Tool: write tools=\[\.\.\.\]",
        ),
    ],
    ids=["systems", "tools"],
)
def test_one_model_where_a_list_is_expected_is_one_clear_error(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        build()
    assert raised.value.error_count() == 1


def test_task_fields_and_references() -> None:
    court = system(
        community=["Probation officers"],
        division_of_labour=[
            {"task": "Pre-sentence report", "by": "probation-officers", "basis": "statutory"},
            "Nobody's job",
        ],
    )
    first, second = court.division_of_labour
    assert first.by == "probation-officers"
    assert not first.is_extra_contractual
    assert second.by is None
    assert second.basis == "core"
    assert Task.model_validate({"task": "x", "basis": "over-workload"}).is_extra_contractual
    with pytest.raises(ValidationError, match="did you mean 'probation-officers'"):
        system(
            community=["Probation officers"], division_of_labour=[{"task": "x", "by": "probation"}]
        )
    with pytest.raises(ValidationError, match=r"names the subject by its label; .* 'by: subject'"):
        system(division_of_labour=[{"task": "x", "by": "magistrate"}])


def test_a_task_built_in_python_done_by_a_name_is_told_the_id_to_write() -> None:
    # The field's slug check ran before the system could compare the text with the
    # subject's and community's labels: Python users read only "not a valid id".
    with pytest.raises(ValidationError) as raised:
        Case(
            title="Reports",
            systems=[
                {
                    "id": "court",
                    "subject": "Magistrate",
                    "object": "Defendant",
                    "community": ["Probation officers"],
                    "division_of_labour": [
                        {"task": "Remand", "by": "Magistrate"},
                        {"task": "Report", "by": "Probation Officers"},
                        {"task": "Usher", "by": "Court Usher"},
                    ],
                }
            ],
        )
    errors = raised.value.errors()
    assert [e["loc"] for e in errors] == [
        ("systems", 0, "division_of_labour", i, "by") for i in range(3)
    ]
    assert [e["msg"] for e in errors] == [
        "in system 'court': 'Magistrate' names the subject by its label; 'by' takes an id: "
        "write 'by: subject'",
        "in system 'court': 'Probation Officers' names community member "
        "'probation-officers' by its label; 'by' takes an id: write 'by: probation-officers'",
        "in system 'court': 'Court Usher' is not an id, nor the label of the subject or of "
        "a community member: 'by' takes 'subject' or a community member's id (known: "
        "'probation-officers', 'subject')",
    ]
    with pytest.raises(ValidationError) as raised:
        Task(label="Remand", by="Magistrate")
    assert raised.value.errors()[0]["msg"] == (
        "'Magistrate' is not an id: 'by' takes 'subject' for the system's subject, or a "
        "community member's id (one labelled 'Magistrate' has the id 'magistrate' unless "
        "given another)"
    )


def test_rule_applies_to_tools_of_its_system() -> None:
    with pytest.raises(ValidationError, match="not a tool of system 'court'"):
        system(tools=["Request"], rules=[{"label": "Limit", "applies_to": ["reqest"]}])


def test_value_tags_and_items_are_sorted_sets() -> None:
    court = system(tools=[{"label": "R", "provides": ["b", "a", "b"], "values": ["z", "y"]}])
    assert court.tools[0].provides == ("a", "b")
    assert court.tools[0].values == ("y", "z")
    with pytest.raises(ValidationError, match="not a valid id"):
        system(tools=[{"label": "R", "provides": ["Medical history"]}])


def test_integration_levels_are_ordered() -> None:
    levels = list(IntegrationLevel)
    assert [level.value for level in levels] == [
        "full-segregation",
        "linkage",
        "coordination",
        "cooperation",
        "full-integration",
    ]
    assert sorted(levels, reverse=True)[0] is IntegrationLevel.FULL_INTEGRATION
    assert IntegrationLevel.LINKAGE.label == "Linkage"


def two_systems(**extra: object) -> Case:
    return Case.model_validate(
        {
            "title": "T",
            "systems": [
                {
                    "id": "court",
                    "subject": "M",
                    "object": "D",
                    "tools": [{"id": "request", "label": "Request"}],
                    "rules": [{"id": "targets", "label": "Targets", "time_limit": "3 weeks"}],
                },
                {
                    "id": "mhs",
                    "subject": "P",
                    "object": "S",
                    "tools": [
                        {
                            "id": "report",
                            "label": "Report",
                            "turnaround": "4-8 weeks",
                            "provides": ["diagnosis"],
                        }
                    ],
                    "division_of_labour": [{"task": "Write", "by": "subject", "produces": ["r"]}],
                },
            ],
            "exchanges": [
                {
                    "id": "r",
                    "label": "Report",
                    "from": "mhs",
                    "to": "court",
                    "produced_with": "mhs.report",
                    "requested_with": "court.request",
                    "needed_within": "court.targets",
                }
            ],
            **extra,
        }
    )


def test_exchange_resolution() -> None:
    case = two_systems()
    exchange = case.exchange("r")
    assert str(case.takes(exchange)) == "4-8 weeks"  # from the producing tool
    assert str(case.needed_within(exchange)) == "3 weeks"
    assert case.provides(exchange) == ("diagnosis",)
    assert case.neighbours() == [("court", "mhs")]
    assert case.locate("mhs.report").node == "tools"


def takes_only(**change: object) -> Case:
    """:func:`two_systems` with an exchange that names the producer's tool by ``takes``
    alone, changed by ``change``; the producer has a second tool, a letter."""
    data = two_systems().model_dump(by_alias=True, exclude_none=True)
    mhs = data["systems"][1]
    mhs["tools"] = [*mhs["tools"], {"id": "letter", "label": "Letter", "provides": ["risk"]}]
    exchange = data["exchanges"][0]
    del exchange["produced_with"]
    exchange |= {"takes": "mhs.report", **change}
    return Case.model_validate(data)


def test_the_tool_an_exchange_takes_its_time_from_is_the_tool_it_is_produced_with() -> None:
    case = takes_only()
    exchange = case.exchange("r")
    assert exchange.produced_with is None
    assert exchange.producing_tool == "mhs.report"
    assert case.provides(exchange) == ("diagnosis",)
    assert str(case.takes(exchange)) == "4-8 weeks"
    assert "produced_with" not in case.to_yaml()  # nothing written that was not


def test_an_explicit_provides_or_produced_with_wins_over_the_tool_it_takes() -> None:
    own = takes_only(provides=["treatment"])
    assert own.provides(own.exchange("r")) == ("treatment",)
    letter = takes_only(produced_with="mhs.letter")
    exchange = letter.exchange("r")
    assert exchange.producing_tool == "mhs.letter"
    assert letter.provides(exchange) == ("risk",)
    assert str(letter.takes(exchange)) == "4-8 weeks"  # the time is still the report's
    timed = takes_only(takes="2 weeks")
    assert timed.exchange("r").producing_tool is None
    assert timed.provides(timed.exchange("r")) == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"requested_with": "mhs.report"}, "must be a tool of the consumer 'court'"),
        ({"produced_with": "court.request"}, "must be a tool of the producer 'mhs'"),
        ({"to": "mhs"}, "'from' and 'to' are both 'mhs'"),
        ({"needed_within": "court.request"}, "has no rule 'request' (it is in tools)"),
        ({"takes": "cort.request"}, "did you mean 'court.request'"),
        ({"takes": "6 months"}, "months or years"),
    ],
)
def test_exchange_errors(change: dict[str, str], message: str) -> None:
    data = two_systems().model_dump(by_alias=True, exclude_none=True)
    data["exchanges"][0].update(change)
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    assert message in str(raised.value)


def test_an_exchange_s_times_come_from_its_own_sides() -> None:
    # ``takes`` and ``needed_within`` could name any system's tool or rule: a time that
    # is neither the producer's nor the consumer's was compared without a word.
    data = two_systems().model_dump(by_alias=True, exclude_none=True)
    data["systems"][1]["rules"] = [{"id": "remit", "label": "Remit", "time_limit": "6 weeks"}]
    data["exchanges"][0]["takes"] = "court.request"
    with pytest.raises(ValidationError, match="must be a tool of the producer") as raised:
        Case.model_validate(data)
    (error,) = raised.value.errors()
    assert error["loc"] == ("exchanges", 0, "takes")
    assert error["msg"].startswith(
        "Value error, takes 'court.request' must be a tool of the producer 'mhs', "
        "not of 'court': 'takes' is how long the producer needs to make the exchange"
    )
    data["exchanges"][0]["takes"] = "mhs.report"
    data["exchanges"][0]["needed_within"] = "mhs.remit"
    with pytest.raises(ValidationError, match="must be a rule of the consumer") as raised:
        Case.model_validate(data)
    (error,) = raised.value.errors()
    assert error["loc"] == ("exchanges", 0, "needed_within")
    assert error["msg"].startswith(
        "Value error, needed_within 'mhs.remit' must be a rule of the consumer "
        "'court', not of 'mhs': 'needed_within' is when the consumer needs the exchange"
    )


def test_case_level_checks() -> None:
    with pytest.raises(ValidationError, match="assessed twice"):
        two_systems(
            integration=[
                {"between": ["court", "mhs"], "current": "linkage", "desired": "coordination"},
                {"between": ["mhs", "court"], "current": "linkage", "desired": "linkage"},
            ]
        )
    with pytest.raises(ValidationError, match="not 'mhs' and itself"):
        two_systems(
            integration=[{"between": ["mhs", "mhs"], "current": "linkage", "desired": "linkage"}]
        )
    with pytest.raises(ValidationError, match="neither an exchange id nor an element reference"):
        two_systems(declared=[{"between": ["court.object", "nothing"], "level": "quaternary"}])
    with pytest.raises(ValidationError, match=r"'court\.object' is named more than once"):
        two_systems(declared=[{"between": ["court.object", "court.object"], "level": "primary"}])
    case = two_systems(declared=[{"between": ["court.object", "r"], "level": "quaternary"}])
    assert case.declared[0].between == ("court.object", "r")


def test_a_reference_error_in_python_names_its_place() -> None:
    with pytest.raises(ValidationError, match=r"integration\.0\.between\.1\n.* no system has"):
        two_systems(
            integration=[
                {"between": ["court", "prison"], "current": "linkage", "desired": "linkage"}
            ]
        )
    with pytest.raises(ValidationError, match=r"rules\.0\.applies_to\.0\n.* rule 'targets' ap"):
        Case.model_validate(
            {
                "title": "T",
                "systems": [
                    {"id": "court", "subject": "M", "object": "D"}
                    | {"rules": [{"id": "targets", "label": "T", "applies_to": ["report"]}]}
                ],
            }
        )


def test_every_broken_reference_of_a_system_is_told_at_its_place() -> None:
    # Only the first was told: the user fixed it, ran again, and met the next.
    with pytest.raises(ValidationError) as raised:
        system(
            tools=["Request"],
            community=["Ushers"],
            rules=[{"label": "Limit", "applies_to": ["form", "reqest"]}],
            division_of_labour=[
                {"task": "Usher", "by": "usher"},
                {"task": "x", "by": "subject"},
                {"task": "Decide", "by": "magistrate"},
            ],
        )
    assert [(e["loc"], e["msg"].removeprefix("Value error, ")) for e in raised.value.errors()] == [
        (
            ("rules", 0, "applies_to", 0),
            "rule 'limit' applies_to 'form', which is not a tool of system 'court' (known: "
            "'request')",
        ),
        (
            ("rules", 0, "applies_to", 1),
            "rule 'limit' applies_to 'reqest', which is not a tool of system 'court' (did you "
            "mean 'request'?)",
        ),
        (
            ("division_of_labour", 0, "by"),
            "task 'usher' is done by 'usher', which is neither 'subject' nor a community "
            "member of system 'court' (did you mean 'ushers'?)",
        ),
        (
            ("division_of_labour", 2, "by"),
            "in system 'court': task 'decide': 'magistrate' names the subject by its label; "
            "'by' takes an id: write 'by: subject'",
        ),
    ]


def test_each_broken_item_of_a_sorted_list_is_told_at_its_written_index() -> None:
    # applies_to and produces are kept sorted: their items were told at the list, with
    # no index, alphabetically rather than as written.
    with pytest.raises(ValidationError) as raised:
        system(tools=["Report"], rules=[{"label": "R", "applies_to": ["reprt", "report", "forms"]}])
    assert [(e["loc"], e["input"]) for e in raised.value.errors()] == [
        (("rules", 0, "applies_to", 0), "reprt"),
        (("rules", 0, "applies_to", 2), "forms"),
    ]
    data = two_systems_data()
    data["systems"][1]["division_of_labour"][0]["produces"] = ["zeta", "r", "alpha"]
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    place = ("systems", 1, "division_of_labour", 0, "produces")
    assert [(e["loc"], e["input"]) for e in raised.value.errors()] == [
        ((*place, 0), "zeta"),
        ((*place, 2), "alpha"),
    ]


def test_a_broken_item_of_a_rule_given_as_a_model_is_at_its_index_in_the_rule() -> None:
    rule = Rule(label="R", applies_to=["zeta", "alpha"])  # kept as ('alpha', 'zeta')
    with pytest.raises(ValidationError) as raised:
        system(rules=[rule])
    assert [(e["loc"], e["input"]) for e in raised.value.errors()] == [
        (("rules", 0, "applies_to", 0), "alpha"),
        (("rules", 0, "applies_to", 1), "zeta"),
    ]
    assert rule.applies_to[1] == "zeta"


def test_the_ids_of_a_system_are_all_told_and_alone() -> None:
    """With an id given twice, an ``applies_to`` or a ``by`` that names it would name
    either: the ids are told, every one of them, and the references are not looked up."""
    with pytest.raises(ValidationError) as raised:
        system(
            tools=["Ushers", "Forms", {"id": "object", "label": "O"}],
            community=["Ushers", "Forms"],
            division_of_labour=[{"task": "x", "by": "clerk"}],
        )
    told = [(e["loc"], e["msg"].removeprefix("Value error, ")) for e in raised.value.errors()]
    assert [loc for loc, _ in told] == [("tools", 2, "id"), ("community", 0), ("community", 1)]
    assert told[0][1].startswith(
        "in system 'court': 'object' is reserved for the system's object node"
    )
    assert told[1][1].startswith("duplicate id 'ushers' in system 'court'")
    assert told[2][1].startswith("duplicate id 'forms' in system 'court'")


def refusal_of(data: dict[str, object]) -> list[tuple[tuple[object, ...], str]]:
    """Each error a case's data is refused with: its place and its message."""
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    return [
        (tuple(e["loc"]), str(e["msg"]).removeprefix("Value error, "))
        for e in raised.value.errors()
    ]


def two_systems_data() -> dict[str, Any]:
    return two_systems().model_dump(mode="json", by_alias=True, exclude_none=True)


def test_every_broken_reference_of_a_case_is_told_at_its_place() -> None:
    # Only the first was told: the user fixed it, ran again, and met the next.
    data = two_systems_data()
    data["exchanges"][0] |= {
        "takes": "mhs.reprot",
        "needed_within": "court.tagrets",
        "requested_with": "court.requets",
    }
    assert refusal_of(data) == [
        (
            ("exchanges", 0, "takes"),
            "'mhs.reprot': system 'mhs' has no tool 'reprot' (did you mean 'report'?)",
        ),
        (
            ("exchanges", 0, "needed_within"),
            "'court.tagrets': system 'court' has no rule 'tagrets' (did you mean 'targets'?)",
        ),
        (
            ("exchanges", 0, "requested_with"),
            "'court.requets': system 'court' has no tool 'requets' (did you mean 'request'?)",
        ),
    ]


def test_only_the_first_broken_references_are_searched_for_a_close_id() -> None:
    # Each search compares a reference with every id: thousands of misspelt references
    # among thousands of systems took minutes. Past FUZZY_HINTS, an id that differs only
    # in case and punctuation is still offered; a merely similar one is not.
    n = FUZZY_HINTS + 2
    systems = [{"id": f"service-{i}", "subject": "S", "object": "O"} for i in range(n)]
    exchanges = [
        {"id": f"x{i}", "label": "R", "from": f"servce-{i}", "to": f"service-{(i + 1) % n}"}
        for i in range(n)
    ]
    exchanges[-1]["from"] = f"service_{n - 1}"
    told = [
        message
        for _, message in refusal_of({"title": "T", "systems": systems, "exchanges": exchanges})
    ]
    assert told[0] == "no system has the id 'servce-0' (did you mean 'service-0'?)"
    assert told[FUZZY_HINTS - 1].endswith(f"(did you mean 'service-{FUZZY_HINTS - 1}'?)")
    assert told[FUZZY_HINTS] == f"no system has the id 'servce-{FUZZY_HINTS}'"
    assert told[-1] == f"no system has the id 'service_{n - 1}' (did you mean 'service-{n - 1}'?)"


def test_the_broken_references_of_every_part_are_told_in_the_order_of_the_fields() -> None:
    data = two_systems_data()
    data["systems"][1]["advances"] = "cort"
    data["systems"][1]["division_of_labour"][0]["produces"] = ["r", "s"]
    data["integration"] = [
        {"between": ["court", "prison"], "current": "linkage", "desired": "linkage"},
        {"between": ["coutr", "mhs"], "current": "linkage", "desired": "linkage"},
    ]
    data["declared"] = [{"between": ["court.object", "mhs.nothing"], "level": "secondary"}]
    data["exchanges"][0]["takes"] = "mhs.reprot"
    assert refusal_of(data) == [
        (
            ("systems", 1, "advances"),
            "in system 'mhs': no system has the id 'cort' (did you mean 'court'?)",
        ),
        (
            ("systems", 1, "division_of_labour", 0, "produces", 1),
            "in system 'mhs': task 'write' produces 's', which is not an exchange (known: 'r')",
        ),
        (
            ("exchanges", 0, "takes"),
            "'mhs.reprot': system 'mhs' has no tool 'reprot' (did you mean 'report'?)",
        ),
        (
            ("integration", 0, "between", 1),
            "no system has the id 'prison' (known: 'court', 'mhs')",
        ),
        (("integration", 1, "between", 0), "no system has the id 'coutr' (did you mean 'court'?)"),
        (
            ("declared", 0, "between", 1),
            "'mhs.nothing': system 'mhs' has no element 'nothing' (known: 'object', 'report', "
            "'subject', 'write')",
        ),
    ]


def test_a_misspelt_end_of_an_exchange_is_told_once_where_it_is() -> None:
    """Its references and the task that produces it rest on its ``from`` and ``to``: they
    are looked at once both name systems, so that one mistake is one error."""
    data = two_systems_data()
    data["exchanges"][0] |= {"from": "mhz", "to": "cout"}
    assert refusal_of(data) == [
        (("exchanges", 0, "from"), "no system has the id 'mhz' (did you mean 'mhs'?)"),
        (("exchanges", 0, "to"), "no system has the id 'cout' (did you mean 'court'?)"),
    ]


def test_duplicate_ids_are_all_told_and_stop_the_other_checks() -> None:
    """With an id given twice, a reference to it would name either: the ids are told,
    every one of them, and the references are not looked up."""
    data = two_systems_data()
    systems: list[dict[str, object]] = data["systems"]
    data["systems"] = [*systems, {**systems[0]}, {"id": "r", "subject": "S", "object": "O"}]
    exchange: dict[str, object] = data["exchanges"][0]
    data["exchanges"] = [exchange | {"takes": "mhs.reprot"}, exchange]
    assert refusal_of(data) == [
        (("systems", 2, "id"), "duplicate system id 'court' (also systems[0])"),
        (("exchanges", 0, "id"), refusal_of(data)[1][1]),
        (("exchanges", 1, "id"), "duplicate exchange id 'r' (also exchanges[0])"),
    ]
    assert refusal_of(data)[1][1].startswith("exchange id 'r' is also a system's id")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("mhs.report\x1bc\x1b#8\r\x1b7Everything fine", "control character U+001B at character 11"),
        ("\u202e\u2066mhs.report\u2069 court.targets", "bidirectional control character U+202E"),
    ],
)
def test_the_elements_an_action_or_a_declared_contradiction_names_are_checked_text(
    text: str, fragment: str
) -> None:
    """They are printed by the handouts and by compare, as a label is."""
    finding = {"rule": "AS101", "elements": ["court.targets", text]}
    with pytest.raises(ValidationError) as raised:
        Action.model_validate({"finding": finding, "strategy": "Agree a short report"})
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("finding", "elements", 1), "text")
    assert fragment in error["msg"]
    with pytest.raises(ValidationError) as raised:
        DeclaredContradiction(between=("court.object", text), level="secondary")
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("between", 1), "text")
    assert fragment in error["msg"]


def advancing(*pairs: tuple[str, str | None]) -> Case:
    """A case whose systems advance as given: ``("b", "a")`` is b advances a."""
    return Case.model_validate(
        {
            "title": "T",
            "systems": [
                {"id": name, "subject": "S", "object": "O", "advances": advances}
                for name, advances in pairs
            ],
        }
    )


def test_advances_may_chain_but_not_loop() -> None:
    chain = advancing(("a", "b"), ("b", "c"), ("c", None), ("d", "b"))
    assert chain.advances_pairs() == [("a", "b"), ("b", "c"), ("d", "b")]
    with pytest.raises(ValidationError, match="cannot advance itself"):
        advancing(("a", "a"))
    with pytest.raises(
        ValidationError, match=r"system 'national' advances 'local', which advances 'national': "
    ):
        advancing(("local", "national"), ("national", "local"))
    with pytest.raises(
        ValidationError,
        match=r"system 'c' advances 'a', which advances 'b', which advances 'c': a loop",
    ):
        advancing(("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"))
    # a system that leads into a loop is not part of it; the loop is named where it closes
    with pytest.raises(ValidationError, match=r"system 'c' advances 'b', which advances 'c'"):
        advancing(("a", "b"), ("b", "c"), ("c", "b"))


def test_each_loop_of_advances_is_told_once_after_every_advances_names_a_system() -> None:
    with pytest.raises(ValidationError) as raised:
        advancing(("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"))
    assert [(e["loc"], e["msg"][13:]) for e in raised.value.errors()] == [
        (
            ("systems", 1, "advances"),
            "system 'b' advances 'a', which advances 'b': a loop, but a system can only "
            "advance an earlier form of its activity; remove 'advances' from one of them",
        ),
        (
            ("systems", 3, "advances"),
            "system 'd' advances 'c', which advances 'd': a loop, but a system can only "
            "advance an earlier form of its activity; remove 'advances' from one of them",
        ),
    ]
    # a loop is only followed once each advances names another system
    with pytest.raises(ValidationError) as raised:
        advancing(("a", "b"), ("b", "a"), ("c", "c"), ("d", "e"))
    assert [(e["loc"], e["msg"][13:]) for e in raised.value.errors()] == [
        (("systems", 2, "advances"), "system 'c' cannot advance itself"),
        (
            ("systems", 3, "advances"),
            "in system 'd': no system has the id 'e' (known: 'a', 'b', 'c', 'd')",
        ),
    ]


def test_integration_makes_neighbours_even_when_equal() -> None:
    data = two_systems().model_dump(by_alias=True, exclude_none=True)
    data["exchanges"] = []
    data["systems"][1]["division_of_labour"] = []
    data["integration"] = [
        {"between": ["mhs", "court"], "current": "linkage", "desired": "linkage"}
    ]
    assert Case.model_validate(data).neighbours() == [("court", "mhs")]


def test_model_import_is_pure() -> None:
    code = (
        "import sys, activity_systems.model; "
        "bad = [m for m in ('graphviz', 'jinja2', 'hypothesis') if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_import_does_not_import_jinja2_or_hypothesis() -> None:
    # Nor Pydantic, Graphviz or the models: they load on first use, which keeps
    # ``import activity_systems`` quicker than importing its foundations (#8).
    code = (
        "import sys, activity_systems; "
        "print([m for m in ('jinja2', 'hypothesis', 'pydantic', 'graphviz', "
        "'activity_systems.model') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_actions_name_findings_by_key_or_rule_and_elements() -> None:
    case = two_systems(
        actions=[
            {"finding": "AS101-3705b555c6", "strategy": "Short report", "review": "2027-03-01"},
            {
                "finding": {"rule": "AS101", "elements": ["mhs.report", "court.targets", "r"]},
                "strategy": "Agree turnaround",
                "status": "in-progress",
            },
        ]
    )
    first, second = case.actions
    assert first.finding_key == "AS101-3705b555c6"
    assert str(first.review) == "2027-03-01"
    assert first.status == "planned"
    assert second.finding_key == finding_key("AS101", ["r", "court.targets", "mhs.report"])
    with pytest.raises(ValidationError, match="not a finding key"):
        two_systems(actions=[{"finding": "AS101", "strategy": "x"}])
    with pytest.raises(ValidationError, match="written YYYY-MM-DD, like 2030-01-31, not 'soon'"):
        two_systems(actions=[{"finding": "AS101-3705b555c6", "strategy": "x", "review": "soon"}])
    with pytest.raises(ValidationError):
        two_systems(actions=[{"finding": "AS101-3705b555c6", "strategy": "x", "status": "won"}])


def test_duplicate_ids_of_elements_built_in_python_get_the_right_advice() -> None:
    from activity_systems.model.elements import Tool

    made = [Tool.model_validate({"label": "Report"}) for _ in range(2)]  # ids from the labels
    with pytest.raises(ValueError, match="give one of them an explicit 'id'"):
        ActivitySystem(id="c", subject="S", object="O", tools=made)
    given = [Tool(id="r", label="Report"), Tool(id="r", label="Letter")]
    with pytest.raises(ValueError, match="change one of them"):
        ActivitySystem(id="c", subject="S", object="O", tools=given)


def test_a_long_loop_of_advances_is_named_by_its_ends_and_length() -> None:
    systems = [
        {"id": f"s{i}", "subject": "S", "object": "O", "advances": f"s{(i - 1) % 9}"}
        for i in range(9)
    ]
    with pytest.raises(ValueError, match=r"… and so back to 's8' \(9 systems\): a loop"):
        Case.model_validate({"title": "t", "systems": systems})
    del systems[0]["advances"]  # a chain of nine is fine
    assert Case.model_validate({"title": "t", "systems": systems}).systems[8].advances == "s7"


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (
            "1/3/2027",
            "expected a date written YYYY-MM-DD, like 2030-01-31, not '1/3/2027': write "
            "2027-03-01 for 1 March 2027, or 2027-01-03 for 3 January 2027",
        ),
        # Pydantic alone would read a number as seconds since 1970
        (20270301, "expected a date written YYYY-MM-DD, like 2030-01-31, got int"),
        ("2027-02-30", "day value is outside expected range"),
    ],
)
def test_a_review_date_built_in_python_is_written_yyyy_mm_dd(review: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        two_systems(actions=[{"finding": "AS101-3705b555c6", "strategy": "x", "review": review}])
    assert raised.value.error_count() == 1


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({}, ("systems", 0, "division_of_labour", 0, "by")),
        ({"declared": [{"between": [1, 2], "level": "primary"}]}, ("declared", 0, "between", 0)),
    ],
)
def test_a_list_whose_items_fail_is_not_also_too_short(
    extra: dict[str, object], where: tuple[object, ...]
) -> None:
    task = {"label": "Decide", "by": "Magistrate" if not extra else "subject"}
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(
            {
                "title": "T",
                "systems": [
                    {"id": "a", "subject": "S", "object": "O", "division_of_labour": [task]}
                ],
                **extra,
            }
        )
    errors = raised.value.errors()
    assert [e["type"] for e in errors if e["type"] == "too_short"] == []
    assert errors[0]["loc"] == where
    with pytest.raises(ValidationError, match="a case needs at least one system"):
        Case.model_validate({"title": "T", "systems": []})


def test_an_error_in_a_case_s_only_system_quotes_the_text_as_written() -> None:
    """The error raised again without "too short" keeps its message: text that looks like
    one of the message's placeholders is not filled in a second time."""
    tool = {"id": "t", "label": "T", "turnaround": "{text} 2,5 weeks"}
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=[{"id": "x", "subject": "s", "object": "o", "tools": [tool]}])
    (error,) = raised.value.errors()
    assert error["loc"] == ("systems", 0, "tools", 0, "turnaround")
    assert error["msg"].startswith("in system 'x': '{text} 2,5 weeks' is not a duration: write")


def test_an_element_of_the_wrong_type_says_what_an_element_is() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(id="x", subject=3, object="o")
    (error,) = raised.value.errors()
    assert error["loc"] == ("subject",)
    assert error["msg"] == (
        "in system 'x': expected an element: its label as text, or a mapping with its "
        "label (and id, values, ...); got int"
    )
    # in a case's only system, the same error alone (none about a list too short)
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=[{"id": "x", "subject": "s", "object": "o", "tools": [["a"]]}])
    (error,) = raised.value.errors()
    assert error["loc"] == ("systems", 0, "tools", 0)
    assert error["msg"].endswith("; got list")


def test_an_exchange_may_not_have_a_system_s_id() -> None:
    """Findings and action plans name systems and exchanges by id alike."""
    with pytest.raises(
        ValidationError, match="exchange id 'court' is also a system's id"
    ) as raised:
        Case.model_validate(
            {
                "title": "T",
                "systems": [
                    {"id": "court", "subject": "M", "object": "D"},
                    {"id": "mhs", "subject": "P", "object": "S"},
                ],
                "exchanges": [{"label": "Court", "from": "mhs", "to": "court"}],
            }
        )
    assert "(id: mhs-to-court)" in str(raised.value)


def test_a_subcase_keeps_what_lies_among_its_systems() -> None:
    case = Case.model_validate(
        {
            "title": "Region",
            "systems": [
                {"id": "a", "subject": "S", "object": "O", "advances": "c",
                 "division_of_labour": [{"task": "Write", "produces": ["ab", "ac"]}]},
                {"id": "b", "subject": "S", "object": "O"},
                {"id": "c", "subject": "S", "object": "O"},
            ],
            "exchanges": [
                {"id": "ab", "label": "X", "from": "a", "to": "b"},
                {"id": "ac", "label": "Y", "from": "a", "to": "c"},
            ],
            "integration": [
                {"between": ["a", "b"], "current": "linkage", "desired": "coordination"},
                {"between": ["a", "c"], "current": "linkage", "desired": "coordination"},
            ],
            "declared": [
                {"between": ["a.object", "b.object"], "level": "secondary"},
                {"between": ["a.object", "c.object"], "level": "secondary"},
            ],
            "actions": [
                {"finding": {"rule": "AS101", "elements": ["ab", "a.object"]}, "strategy": "X"},
                {"finding": {"rule": "AS101", "elements": ["ac"]}, "strategy": "Y"},
                {"finding": "AS101-0123456789", "strategy": "Z"},
            ],
        }
    )  # fmt: skip
    part = case.subcase(["b", "a"])
    assert [s.id for s in part.systems] == ["a", "b"]  # the case's order
    assert part.title == "Region: a and b"
    assert part.system("a").advances is None
    assert part.system("a").division_of_labour[0].produces == ("ab",)
    assert [x.id for x in part.exchanges] == ["ab"]
    assert [i.between for i in part.integration] == [("a", "b")]
    assert [d.between for d in part.declared] == [("a.object", "b.object")]
    assert [x.strategy for x in part.actions] == ["X", "Z"]
    assert case.subcase(["a"], title="Just a").title == "Just a"
    with pytest.raises(KeyError, match="no system 'd'"):
        case.subcase(["a", "d"])


def test_lookups_by_id_name_the_closest_one_when_there_is_none() -> None:
    case = Case.model_validate(
        {
            "title": "Reports",
            "systems": [
                {"id": "court", "subject": "Magistrate", "object": "Defendant"},
                {"id": "mhs", "subject": "Psychiatrist", "object": "Service user"},
            ],
            "exchanges": [{"id": "court-report", "label": "R", "from": "mhs", "to": "court"}],
        }
    )
    with pytest.raises(KeyError, match=r"no system 'cort' \(did you mean 'court'\?\)"):
        case.system("cort")
    with pytest.raises(KeyError, match=r"no exchange 'court-reprt' \(did you mean 'court-report'"):
        case.exchange("court-reprt")
    with pytest.raises(KeyError, match=r"system 'court' has no element 'subjet'"):
        case.locate("court.subjet")


@pytest.mark.parametrize(
    ("lookup", "told"),
    [
        (  # was "'court': system 'court' has no element ''"
            lambda case: case.locate("court"),
            "'court' is no element's reference: it is a system, which case.system('court') gives",
        ),
        (  # was "'court-report' names no system 'court-report' (did you mean ...?)"
            lambda case: case.locate("court-report"),
            "'court-report' is no element's reference: it is an exchange, which "
            "case.exchange('court-report') gives",
        ),
        (  # was "no system 'court.targets' (known: 'court', 'mhs')"
            lambda case: case.system("court.targets"),
            "no system 'court.targets': it is the reference of an element, which "
            "case.locate('court.targets') gives",
        ),
        (
            lambda case: case.exchange("court"),
            "no exchange 'court': it is a system, which case.system('court') gives",
        ),
        (
            lambda case: case.exchange("court.targets"),
            "no exchange 'court.targets': it is the reference of an element, which "
            "case.locate('court.targets') gives",
        ),
        (
            lambda case: case.system("court-report"),
            "no system 'court-report': it is an exchange, which "
            "case.exchange('court-report') gives",
        ),
    ],
)
def test_a_lookup_given_another_kind_of_name_says_which_lookup_takes_it(
    lookup: Callable[[Case], object], told: str
) -> None:
    """A rule that looks up what a finding or an exchange names calls the lookup of
    another kind now and then, and was told of a near id of the wrong kind, or of an
    element with no id."""
    case = Case.model_validate(
        {
            "title": "Reports",
            "systems": [
                {
                    "id": "court",
                    "subject": "Magistrate",
                    "object": "Defendant",
                    "rules": [{"id": "targets", "label": "Time targets"}],
                },
                {"id": "mhs", "subject": "Psychiatrist", "object": "Service user"},
            ],
            "exchanges": [{"id": "court-report", "label": "R", "from": "mhs", "to": "court"}],
        }
    )
    with pytest.raises(UnknownIdError) as raised:
        lookup(case)
    assert str(raised.value) == told


def test_a_system_looked_up_by_a_wrong_id_raises_one_error_everywhere(tmp_path: Path) -> None:
    """A KeyError, as a lookup by id raises, that shows its message without the quotes
    of a KeyError's; report.involving() raised ValueError, which it still is."""
    from activity_systems import UnknownIdError, check, load, render
    from activity_systems.handouts import handout

    case = load(Path(__file__).parent.parent / "examples" / "court-reports.yaml")
    report = check(case)
    lookups: list[Callable[[], object]] = [
        lambda: case.system("curt"),
        lambda: case.subcase(["court", "curt"]),
        lambda: report.involving(case, "curt"),
        lambda: report.involving(case, ["mhs", "curt"]),
        lambda: render(case, format="dot", system="curt"),
        lambda: render(case, format="dot", pair=("curt", "mhs")),
        lambda: handout(case, tmp_path / "handout.html", systems=["court", "curt"]),
    ]
    for lookup in lookups:
        with pytest.raises(UnknownIdError) as raised:
            lookup()
        assert isinstance(raised.value, KeyError)
        assert isinstance(raised.value, ValueError)
        assert str(raised.value) == "no system 'curt' (did you mean 'court'?)"
        shown = traceback.format_exception_only(raised.value)[-1]
        assert shown.endswith("UnknownIdError: no system 'curt' (did you mean 'court'?)\n")
    for other in (
        lambda: case.exchange("court-reprt"),
        lambda: case.locate("court.subjet"),
        lambda: case.system("court").element("subjet"),
        lambda: case.system("court").node_of("subjet"),
    ):
        with pytest.raises(UnknownIdError, match=r"no exchange 'court-|'court' has no element"):
            other()
    assert not (tmp_path / "handout.html").exists()


def test_an_id_that_ends_in_a_newline_is_refused() -> None:
    # ``$`` in the pattern matched before a last newline: an id "court\n" was taken, and
    # named figure files with a newline in their names.
    from activity_systems.model.slugs import is_slug

    assert not is_slug("court\n")
    with pytest.raises(ValidationError, match="is not a valid id"):
        system(id="court\n")


def test_a_finding_key_that_ends_in_a_newline_is_refused() -> None:
    from activity_systems.model import Action

    with pytest.raises(ValidationError, match="has a line break at its end: write the key"):
        Action(finding="AS101-52b33e6a98\n", strategy="Meet monthly")


def test_an_unknown_keyword_names_the_field_it_probably_means() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(id="court", subject="Magistrate", object="Defendant", tool=["Forms"])  # type: ignore[call-arg]
    (error,) = raised.value.errors()
    assert error["type"] == "extra_forbidden"  # Pydantic's type and place, plainer words
    assert error["loc"] == ("tool",)
    assert error["msg"] == "in system 'court': unknown field 'tool' (did you mean 'tools'?)"
    with pytest.raises(ValidationError) as raised:
        Case(title="x", systems=[{"id": "a", "subject": "S", "object": "O", "rulez": []}])
    assert raised.value.errors()[0]["loc"] == ("systems", 0, "rulez")
    assert raised.value.errors()[0]["msg"] == (
        "in system 'a': unknown field 'rulez' (did you mean 'rules'?)"
    )


def raised_at(error: BaseException) -> list[tuple[str, str]]:
    """The frames of ``error``'s traceback below the test: file name and function."""
    frames = traceback.extract_tb(error.__traceback__)[1:]
    return [(Path(frame.filename).name, frame.name) for frame in frames]


def test_an_error_in_pydantic_s_words_has_a_traceback_as_short_as_a_reworded_one() -> None:
    """An error the models do not reword was raised again with Pydantic's frames below
    the constructor's (pydantic/main.py, some 40 lines in a notebook); now it shows, as a
    reworded one, only where the constructor raised it, with all it says."""
    court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    mhs = ActivitySystem(id="mhs", subject="Psychiatrist", object="Patient", tools=["Report"])
    with pytest.raises(ValidationError) as reworded:
        ActivitySystem(id="court", subject="Magistrate", object="Defendant", tool=["Forms"])  # type: ignore[call-arg]
    exchange = Exchange(id="r", label="Report", from_="mhs", to="court", takes="mhs.reprt")
    with pytest.raises(ValidationError) as kept:
        Case(title="x", systems=[court, mhs], exchanges=[exchange])
    data = {"title": "x", "systems": [court, mhs], "exchanges": [exchange]}
    with pytest.raises(ValidationError) as validated:
        Case.model_validate(data)
    assert raised_at(reworded.value) == [("elements.py", "__init__")]
    assert raised_at(kept.value) == [("elements.py", "__init__")]
    assert raised_at(validated.value) == [("elements.py", "model_validate")]
    for error in (kept.value, validated.value):
        (said,) = error.errors()
        assert said["loc"] == ("exchanges", 0, "takes")
        assert said["msg"].endswith("system 'mhs' has no tool 'reprt' (did you mean 'report'?)")


def test_text_where_a_list_goes_says_how_to_write_the_list() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(id="court", subject="Magistrate", object="Defendant", tools="Forms")
    assert raised.value.errors()[0]["type"] == "tuple_type"
    assert raised.value.errors()[0]["msg"] == (
        "in system 'court': expected a list, got text: write tools=['Forms']"
    )
    with pytest.raises(ValidationError) as raised:
        Case(title="x", systems=[{"id": "a", "subject": "S", "object": "O", "community": "GP"}])
    assert raised.value.errors()[0]["msg"] == (
        "in system 'a': expected a list, got text: write ['GP']"
    )
    assert "input_value" not in str(raised.value)  # hidden, as the models hide it


def test_other_errors_keep_their_words_beside_the_plain_ones() -> None:
    """A validator's own words under one of Pydantic's types (``list_type``) survive the
    rewording of another error."""
    court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    with pytest.raises(ValidationError) as raised:
        Case(
            title="x",
            systems=[
                {"id": "a", "subject": "S", "object": "O", "tool": []},
                {"id": "b", "subject": "S", "object": "O", "community": court},
            ],
        )
    words = {tuple(error["loc"]): error["msg"] for error in raised.value.errors()}
    assert words == {
        ("systems", 0, "tool"): "in system 'a': unknown field 'tool' (did you mean 'tools'?)",
        ("systems", 1): "in system 'b': community takes a list, not a single ActivitySystem: write "
        "community=[...]",
    }


def test_model_copy_of_a_finding_or_a_report_validates_the_update() -> None:
    report = Report.build("Court", [], rules_run=["AS101"])
    finding = Finding(
        key="AS101-0000000000",
        rule="AS101",
        name="deadline-vs-turnaround",
        category="contradiction",
        level="quaternary",
        severity="high",
        elements=("court.targets",),
        message="m",
        explanation="e",
        prompt="p",
    )
    assert finding.model_copy(update={"severity": "low"}).severity == "low"
    with pytest.raises(ValidationError, match="Input should be 'high', 'medium' or 'low'"):
        finding.model_copy(update={"severity": "catastrophic"})
    with pytest.raises(ValidationError, match="findings"):
        report.model_copy(update={"findings": "AS101"})
    assert report.model_copy(update={"findings": [finding]}).findings == (finding,)


def test_a_missing_from_says_which_keyword_gives_it() -> None:
    with pytest.raises(ValidationError) as caught:
        Exchange(label="Report", to="court")  # type: ignore[call-arg]
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("missing", ("from",))
    assert (
        error["msg"] == "Field required: give it as from_=... ('from' in a mapping or a case file)"
    )


def test_model_copy_takes_a_field_by_its_case_file_key() -> None:
    exchange = two_systems().exchanges[0]
    assert exchange.model_copy(update={"from": "mhs"}).from_ == "mhs"
    assert exchange.model_copy(update={"from_": "mhs"}).from_ == "mhs"
    with pytest.raises(ValidationError) as raised:
        exchange.model_copy(update={"expects": "diagnosis"})
    assert raised.value.errors()[0]["msg"] == (
        "expected a list, got text: write expects=['diagnosis']"
    )


def test_a_subcase_of_many_systems_is_titled_by_a_few() -> None:
    region = Case(
        title="Region",
        systems=[{"id": f"s{n}", "subject": "S", "object": "O"} for n in range(10)],
    )
    assert region.subcase(["s0", "s1", "s2", "s3"]).title == "Region: s0, s1, s2 and s3"
    assert region.subcase([f"s{n}" for n in range(9)]).title == "Region: s0, s1, s2 and 6 more"


def test_an_unknown_keyword_may_mean_an_alias_but_not_a_python_keyword() -> None:
    with pytest.raises(ValidationError) as raised:
        Task(tsk="Screening")  # type: ignore[call-arg]
    assert "unknown field 'tsk' (did you mean 'task'?)" in [e["msg"] for e in raised.value.errors()]
    with pytest.raises(ValidationError) as raised:
        Exchange(id="x", label="X", frm="a", to="b")  # type: ignore[call-arg]
    assert "unknown field 'frm' (did you mean 'from_'?)" in [
        e["msg"] for e in raised.value.errors()
    ]


def test_a_field_given_under_both_its_names_is_told_to_be_given_once() -> None:
    # Pydantic keeps the value given under the alias and refuses the other as an unknown
    # field, which said "did you mean 'label'?" of 'label'
    with pytest.raises(ValidationError) as raised:
        Task(task="Write the report", label="Report writing")  # type: ignore[call-arg]
    assert [(e["loc"], e["msg"]) for e in raised.value.errors()] == [
        (
            ("label",),
            "'task' and 'label' both give the task's text: give it once, as 'task' "
            "(or 'label'), not both",
        )
    ]
    with pytest.raises(ValidationError) as raised:
        Exchange(label="R", from_="a", to="b", **{"from": "a"})
    assert [e["msg"] for e in raised.value.errors()] == [
        "'from_' and 'from' both give the producing system: give it once, as 'from_' "
        "(or 'from'), not both"
    ]
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(
            id="court",
            subject="Magistrate",
            object="Defendant",
            division_of_labour=[{"task": "Sentencing", "label": "Sentencing", "by": "subject"}],
        )
    assert raised.value.errors()[0]["msg"].startswith(
        "in system 'court': 'task' and 'label' both give"
    )
    assert Task(label="Report writing") == Task.model_validate({"task": "Report writing"})


# Mistakes of a case built in Python, in a loop over a table of services: each is told
# where it is and what to write, as the case file's loader tells it.


def test_an_element_of_another_kind_in_a_list_node_says_what_to_write() -> None:
    # Pydantic said "Input should be a valid dictionary or instance of Rule", as it does
    # not for a Tool in the community (a kind of Element, refused by the system's check).
    with pytest.raises(ValidationError) as caught:
        ActivitySystem(
            id="gp",
            subject="GP",
            object="Patient",
            tools=[Element(label="Referral letter")],
            rules=[Tool(label="Ten-minute appointments")],
        )
    assert [(e["type"], e["loc"], e["msg"]) for e in caught.value.errors()] == [
        (
            "model_type",
            ("tools", 0),
            "in system 'gp': tools[0] is an Element, but a system's tools takes Tool: "
            "write Tool(label='Referral letter', ...)",
        ),
        (
            "model_type",
            ("rules", 0),
            "in system 'gp': rules[0] is a Tool, but a system's rules takes Rule: "
            "write Rule(label='Ten-minute appointments', ...)",
        ),
    ]
    with pytest.raises(ValidationError) as caught:
        Case(
            title="T",
            systems=[
                {
                    "id": "gp",
                    "subject": "GP",
                    "object": "P",
                    "division_of_labour": [Rule(label="Refer")],
                }
            ],
        )
    [error] = caught.value.errors()
    assert error["loc"] == ("systems", 0, "division_of_labour", 0)
    assert error["msg"] == (
        "in system 'gp': division_of_labour[0] is a Rule, but a system's division_of_labour "
        "takes Task: "
        "write Task(task='Refer', ...)"
    )


def test_a_model_of_another_kind_in_a_case_says_which_kind_goes_there() -> None:
    gp = ActivitySystem(id="gp", subject="GP", object="Patient")
    memory = ActivitySystem(id="memory", subject="Psychiatrist", object="Person referred")
    assessment = IntegrationAssessment(
        between=("gp", "memory"), current="linkage", desired="coordination"
    )
    with pytest.raises(ValidationError) as caught:
        Case(title="T", systems=[gp, memory], exchanges=[assessment])
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("model_type", ("exchanges", 0))
    assert error["msg"] == "exchanges[0] is an IntegrationAssessment, but exchanges takes Exchange"


def test_changing_a_built_model_in_place_says_how_to_change_a_copy() -> None:
    gp = ActivitySystem(id="gp", subject="GP", object="Patient")
    with pytest.raises(ValidationError) as caught:
        gp.name = "General practice"  # type: ignore[misc]
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("frozen_instance", ("name",))
    assert error["msg"] == (
        "an ActivitySystem cannot be changed in place: make a changed copy with "
        "model_copy(update={'name': ...})"
    )
    assert "input_value" not in str(caught.value)  # hidden, as the models hide it
    assert raised_at(caught.value) == [("elements.py", "__setattr__")]
    case = Case(title="T", systems=[gp])
    with pytest.raises(ValidationError, match=r"a Case cannot be changed in place: .*'title'"):
        case.title = "Dementia pathway"  # type: ignore[misc]
    assert gp.name is None
    assert case.title == "T"


def test_setting_a_name_that_is_no_field_says_so_rather_than_how_to_copy() -> None:
    # a copy with that key is refused too ('unknown field'): the advice would lead there
    case = Case(title="T", systems=[ActivitySystem(id="gp", subject="GP", object="Patient")])
    with pytest.raises(ValidationError) as caught:
        case.titel = "Dementia pathway"  # type: ignore[attr-defined]
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("frozen_instance", ("titel",))
    assert error["msg"] == (
        "a Case has no field 'titel' (did you mean 'title'?), and a built model is not "
        "changed in place: make a changed copy with model_copy(update={...})"
    )
    with pytest.raises(ValidationError, match="unknown field 'titel'"):
        case.model_copy(update={"titel": "Dementia pathway"})


def test_a_key_of_another_kind_of_element_says_whose_key_it_is() -> None:
    # the loader's words for the same mistake in a file: 'time_limit' is a key of a rule
    with pytest.raises(ValidationError) as caught:
        Tool(label="Referral letter", time_limit="2 weeks")  # type: ignore[call-arg]
    assert caught.value.errors()[0]["msg"].startswith(
        "unknown field 'time_limit': 'time_limit' is a key of a Rule; a Tool takes 'turnaround' "
        "(known: 'description', "
    )
    with pytest.raises(ValidationError) as caught:
        ActivitySystem(
            id="gp",
            subject="GP",
            object="Patient",
            community=[{"label": "Practice nurses", "by": "subject"}],
        )
    [error] = caught.value.errors()
    assert error["loc"] == ("community", 0, "by")
    assert error["msg"].startswith(
        "in system 'gp': unknown field 'by': 'by' is a key of a Task, not of an Element (known: "
    )
    with pytest.raises(ValidationError) as caught:  # a close field is still named first
        Tool(label="Referral letter", turnarround="2 weeks")  # type: ignore[call-arg]
    assert (
        caught.value.errors()[0]["msg"]
        == "unknown field 'turnarround' (did you mean 'turnaround'?)"
    )


def test_a_case_without_systems_says_it_needs_one() -> None:
    with pytest.raises(ValidationError) as caught:
        Case(title="T", systems=[])
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("too_short", ("systems",))
    assert error["msg"] == "a case needs at least one system"


def test_a_number_or_nothing_where_text_goes_says_what_to_write() -> None:
    with pytest.raises(ValidationError) as caught:
        ActivitySystem(id=101, subject="GP", object="Patient")
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("string_type", ("id",))
    assert error["msg"] == "expected text, got int: write id='101'"
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(
            {
                "title": "T",
                "systems": [
                    {"id": "gp", "subject": "GP", "object": "P", "tools": [{"label": 2020}]}
                ],
            }
        )
    assert caught.value.errors()[0]["msg"] == (
        "in system 'gp': expected text, got int: write '2020'"
    )
    with pytest.raises(ValidationError) as caught:
        Tool(label=None)
    assert caught.value.errors()[0]["msg"] == "expected text, got None"
    with pytest.raises(ValidationError) as caught:  # an empty cell of a table, as pandas reads it
        Tool(label=float("nan"))
    assert caught.value.errors()[0]["msg"] == "expected text, got float nan"
