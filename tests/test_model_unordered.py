"""A set given for a list whose order the case keeps: refused, as its order changes from
one run of Python to the next (string hashing is randomised), and the same case must
give the same figures and files. The lists kept sorted (value tags, ``provides``,
``applies_to``...) take a set as they take a list."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import activity_systems.model as model
from activity_systems import (
    ActivitySystem,
    Case,
    DeclaredContradiction,
    FindingReference,
    IntegrationAssessment,
    Tool,
    ValueTension,
    loads,
)
from activity_systems.model.types import ORDERED, SlugSet

ROOT = Path(__file__).resolve().parent.parent


def _system(**extra: object) -> dict[str, Any]:
    return {"id": "court", "subject": "Magistrate", "object": "Defendant", **extra}


@pytest.mark.parametrize("node", ["tools", "rules", "community", "division_of_labour"])
@pytest.mark.parametrize("kind", [set, frozenset])
def test_a_set_for_a_system_s_list_is_refused_at_its_place(node: str, kind: type) -> None:
    items = kind({"Alpha", "Beta"})
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(**_system(**{node: items}))
    [error] = raised.value.errors()
    assert error["loc"] == (node,)
    assert error["type"] == "list_type"
    named = "frozenset" if kind is frozenset else "set"
    assert error["msg"] == (
        f"in system 'court': got a {named} for {node}: a set's order changes from one run "
        "of Python to the next, and the order of figures and written files with it; give a "
        "list, in the order wanted"
    )


def test_a_set_is_refused_in_a_case_built_from_mappings_and_in_a_changed_copy() -> None:
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=[_system(), _system(id="mhs", community={"GP", "Nurse"})])
    [error] = raised.value.errors()
    assert error["loc"] == ("systems", 1, "community")
    assert "a set's order changes from one run of Python to the next" in error["msg"]
    case = Case(title="T", systems=[_system()])
    with pytest.raises(ValidationError) as raised:
        case.model_copy(update={"systems": {case.systems[0]}})
    assert raised.value.errors()[0]["loc"] == ("systems",)
    assert raised.value.errors()[0]["msg"].startswith("got a set for systems: ")


def test_a_set_is_refused_for_every_list_of_a_case_whose_order_is_kept() -> None:
    with pytest.raises(ValidationError, match="got a set for between"):
        IntegrationAssessment(between={"court", "mhs"}, current="linkage", desired="linkage")
    with pytest.raises(ValidationError, match="got a set for between"):
        DeclaredContradiction(between={"court.subject", "mhs.subject"}, level="secondary")
    with pytest.raises(ValidationError, match="got a set for between"):
        ValueTension(between={"care", "control"}, rationale="why")
    with pytest.raises(ValidationError, match="got a frozenset for exchanges"):
        Case(title="T", systems=[_system()], exchanges=frozenset())


def test_every_list_field_of_the_models_keeps_an_order_or_refuses_a_set() -> None:
    """A list field added later is either kept sorted (a SlugSet) or refuses a set."""
    sorted_metadata = typing.get_args(SlugSet)[1:]
    unchecked = []
    for name in model.__all__:
        kind = getattr(model, name)
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            continue
        for field_name, info in kind.model_fields.items():
            annotation = info.annotation
            if typing.get_origin(annotation) is typing.Union:  # SlugSet | None
                annotation = typing.get_args(annotation)[0]
            if typing.get_origin(annotation) is not tuple:
                continue
            if ORDERED in info.metadata or all(m in info.metadata for m in sorted_metadata):
                continue
            if typing.get_origin(info.annotation) is typing.Union:
                continue  # Optional[SlugSet]: its metadata is in the union's member
            unchecked.append(f"{name}.{field_name}")
    assert unchecked == []


def test_the_lists_kept_sorted_take_a_set() -> None:
    tool = Tool(label="Report", provides={"summary", "diagnosis", "risk"})
    assert tool.provides == ("diagnosis", "risk", "summary")


def test_a_mapping_s_keys_keep_the_mapping_s_order_and_are_taken() -> None:
    members = {"Nurse": 1, "GP": 2}
    court = ActivitySystem(**_system(community=members.keys()))
    assert [member.label for member in court.community] == ["Nurse", "GP"]


def test_a_finding_reference_s_elements_refuse_a_set() -> None:
    with pytest.raises(ValidationError) as raised:
        FindingReference(rule="AS101", elements={"court.targets", "mhs.report"})
    [error] = raised.value.errors()
    assert error["loc"] == ("elements",)
    assert error["msg"].startswith("got a set for elements: ")


_DUMP = """
import sys
from activity_systems import ActivitySystem, Case
from activity_systems.io.dumping import case_to_yaml
court = ActivitySystem(
    id="court",
    subject={"label": "Magistrate", "values": {"justice", "punishment", "public-safety"}},
    object="Defendant",
    tools=[{"label": "Request", "provides": {"risk", "summary", "diagnosis", "history"}}],
)
sys.stdout.write(case_to_yaml(Case(title="T", systems=[court])))
"""


def test_a_set_where_one_is_taken_gives_the_same_file_in_every_run() -> None:
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _DUMP], capture_output=True, cwd=ROOT, env=env, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"- diagnosis\n" in outputs[0]


def test_a_case_file_gives_no_set() -> None:
    """YAML's ``!!set`` is refused as every tag is; JSON has none."""
    from activity_systems.errors import CaseFileError

    text = (
        "title: T\nsystems:\n  - id: court\n    subject: M\n    object: D\n"
        "    community: !!set {Alpha, Beta}\n"
    )
    with pytest.raises(CaseFileError, match="the YAML tag '!!set' is not allowed"):
        loads(text)


@pytest.mark.parametrize("kind", [set, frozenset])
def test_a_value_tension_given_as_a_set_says_how_it_is_written(kind: type) -> None:
    """``[tag, tag, "why"]`` as a set has no first, second and third: Pydantic's words
    ('a valid dictionary or instance of ValueTension') did not say so."""
    with pytest.raises(ValidationError) as raised:
        Case(
            title="T",
            systems=[_system()],
            value_tensions=[kind({"care", "control", "why they pull apart"})],
        )
    [error] = raised.value.errors()
    assert error["loc"] == ("value_tensions", 0)
    assert error["type"] == "tension"
    named = "frozenset" if kind is frozenset else "set"
    assert error["msg"] == (
        f'a value tension is written [tag, tag, "why they pull apart"]; got a {named}, '
        "whose order changes from one run of Python to the next: give a list, in that order"
    )
