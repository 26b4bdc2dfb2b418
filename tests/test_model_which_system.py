"""An error inside a system built in Python says which system, as a case file's error
says which line: systems made in a loop over a table's rows all have a ``tools.0``."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from activity_systems import ActivitySystem, Case, Tool, loads


def _row(system_id: str, turnaround: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": system_id,
        "subject": "Officer",
        "object": "Client",
        "tools": [{"label": "Report", "turnaround": turnaround}],
        **extra,
    }


def test_an_error_in_a_system_built_in_a_loop_names_the_system() -> None:
    rows = [_row("court", "3 weeks"), _row("mhs", "soon-ish")]
    built: list[ActivitySystem] = []
    errors: list[ValidationError] = []
    for row in rows:
        try:
            built.append(ActivitySystem(**row))
        except ValidationError as caught:
            errors.append(caught)
    assert [system.id for system in built] == ["court"]
    [raised] = errors
    [error] = raised.errors()
    assert error["loc"] == ("tools", 0, "turnaround")
    assert error["type"] == "duration"
    assert error["msg"].startswith("in system 'mhs': 'soon-ish' is not a duration: ")


def test_an_error_in_a_case_s_system_names_the_system_at_the_same_place() -> None:
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=[_row("court", "3 weeks"), _row("mhs", "soon")])
    [error] = raised.value.errors()
    assert error["loc"] == ("systems", 1, "tools", 0, "turnaround")
    assert error["msg"].startswith("in system 'mhs': 'soon' is not a duration")
    with pytest.raises(ValidationError) as raised:
        Case.model_validate({"title": "T", "systems": [_row("mhs", "soon")]})
    assert raised.value.errors()[0]["msg"].startswith("in system 'mhs': ")


def test_reworded_and_pydantic_s_own_errors_name_the_system_and_keep_type_and_place() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(id="mhs", subject="Officer", object="Client", tool=["Forms"], rules="Law")  # type: ignore[call-arg]
    said = {tuple(e["loc"]): (e["type"], e["msg"]) for e in raised.value.errors()}
    assert said == {
        ("tool",): (
            "extra_forbidden",
            "in system 'mhs': unknown field 'tool' (did you mean 'tools'?)",
        ),
        ("rules",): (
            "tuple_type",
            "in system 'mhs': expected a list, got text: write rules=['Law']",
        ),
    }
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=[{"id": "mhs", "subject": "Officer"}])
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("systems", 0, "object"), "missing")
    assert error["msg"] == "in system 'mhs': Field required"


def test_a_system_s_own_checks_name_it_once() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(
            id="mhs",
            subject="Officer",
            object="Client",
            tools=["Report", "Report"],
            community=[Tool(label="GP")],
        )
    messages = [e["msg"] for e in raised.value.errors()]
    assert messages == [
        "Value error, in system 'mhs': community[0] is a Tool, but a system's community "
        "takes Element: write Element(label='GP', ...)",
        # it said which system already
        "Value error, duplicate id 'report' in system 'mhs': it is also used at tools[0]; "
        "give one of them an explicit 'id'",
    ]


def test_a_system_without_a_usable_id_is_named_by_its_name() -> None:
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(id="Mental Health", name="Mental health service", subject="S", object="O")
    [error] = raised.value.errors()
    assert error["loc"] == ("id",)
    assert error["msg"].startswith("in the system named 'Mental health service': 'Mental Health'")
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(subject="S", object="O", tools=[{"label": "R", "turnaround": "x1"}])  # type: ignore[call-arg]
    assert {e["msg"][:3] for e in raised.value.errors()} == {"Fie", "'x1"}  # nothing to name


def test_an_element_built_on_its_own_has_no_system_to_name() -> None:
    with pytest.raises(ValidationError) as raised:
        Tool(label="Report", turnaround="soon")
    assert raised.value.errors()[0]["msg"].startswith("'soon' is not a duration")


def test_a_case_file_s_errors_are_told_as_before() -> None:
    """The file's line says where; its messages are not changed."""
    from activity_systems.errors import CaseFileError

    text = (
        "title: T\nsystems:\n  - id: mhs\n    subject: S\n    object: O\n"
        "    tools: [{label: Report, turnaround: soon}]\n"
    )
    with pytest.raises(CaseFileError) as raised:
        loads(text)
    assert "in system" not in str(raised.value)
    assert "'soon' is not a duration" in str(raised.value)


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(lambda rows: (row for row in rows), id="generator"),
        pytest.param(lambda rows: map(dict, rows), id="map"),
        pytest.param(lambda rows: iter(rows), id="iterator"),
        pytest.param(lambda rows: dict(enumerate(rows)).values(), id="dict-values"),
    ],
)
def test_systems_given_as_a_generator_or_a_mapping_s_values_are_named_too(given: Any) -> None:
    """Systems made in a loop are as often given as a generator as a list; the
    generator, consumed by validation, is kept to say which system is wrong."""
    rows = [_row("court", "3 weeks"), _row("mhs", "soon")]
    with pytest.raises(ValidationError) as raised:
        Case(title="T", systems=given(rows))
    [error] = raised.value.errors()
    assert error["loc"] == ("systems", 1, "tools", 0, "turnaround")
    assert error["msg"].startswith("in system 'mhs': 'soon' is not a duration")
    with pytest.raises(ValidationError) as raised:
        Case.model_validate({"title": "T", "systems": given(rows)})
    assert raised.value.errors()[0]["msg"].startswith("in system 'mhs': ")
    case = Case(title="T", systems=[_row("court", "3 weeks")])
    with pytest.raises(ValidationError) as raised:
        case.model_copy(update={"systems": given(rows)})
    assert raised.value.errors()[0]["msg"].startswith("in system 'mhs': ")
    assert [s.id for s in Case(title="T", systems=given(rows[:1])).systems] == ["court"]


def test_a_value_that_happens_to_be_the_system_s_id_does_not_hide_the_system() -> None:
    """Only a message that names the system (``... of system 'court'``) is left as it
    is; one that quotes a value equal to the system's id still says which system."""
    with pytest.raises(ValidationError) as raised:
        ActivitySystem(
            id="statutory",
            subject="Officer",
            object="Client",
            rules=[{"label": "Law", "kind": "statutory"}],
        )
    [error] = raised.value.errors()
    assert error["loc"] == ("rules", 0, "kind")
    assert error["msg"].startswith("in system 'statutory': 'statutory' is not allowed")


def test_a_deep_copy_updated_with_a_generator_takes_its_items() -> None:
    """``model_copy(update=..., deep=True)`` copies the update before validating it, and
    a generator cannot be copied ('cannot pickle generator'): it is read first."""
    system = ActivitySystem(id="court", subject="S", object="O", tools=[Tool(label="x")])
    copied = system.model_copy(update={"tools": (Tool(label=t) for t in "pq")}, deep=True)
    assert [tool.id for tool in copied.tools] == ["p", "q"]
    shallow = system.model_copy(update={"tools": (Tool(label=t) for t in "pq")})
    assert copied == shallow
