"""An editor that checks a case file against the schema says what is expected where a
value does not match a pattern, not the pattern: VS Code's editors show a pattern's
``patternErrorMessage`` in its place. Before, a duration written in months (``3
months``), which loading refuses, was marked in the editor with some 1,500 characters of
the duration's pattern, and an id with a capital (``Court``) with the id's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from jsonschema import Draft7Validator, ValidationError

import activity_systems as a
from activity_systems.io.schema import case_schema


def patterned(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema in ``node`` that has a ``pattern``."""
    if isinstance(node, list):
        for item in node:
            yield from patterned(item)
    elif isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node
        for value in node.values():
            yield from patterned(value)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_pattern_of_the_case_schema_has_a_message(fmt: Literal["yaml", "json"]) -> None:
    schema = case_schema(fmt)
    nodes = list(patterned(schema))
    assert len(nodes) > 50
    without = sorted({node["pattern"][:60] for node in nodes if "patternErrorMessage" not in node})
    assert without == []
    for node in nodes:
        message = node["patternErrorMessage"]
        assert "\\" not in message, message
        assert len(message) < 300, message


def _deepest(error: ValidationError) -> list[ValidationError]:
    """The errors of the choices an error is made of, deepest first, as editors pick one."""
    found = [error]
    for sub in error.context or []:
        found = _deepest(sub) + found
    return found


_CASE: dict[str, Any] = {
    "title": "Psychiatric reports",
    "systems": [
        {
            "id": "court",
            "subject": "Magistrate",
            "object": "Defendant",
            "tools": [{"id": "request", "label": "Written request"}],
            "rules": [{"id": "targets", "label": "Remand limit", "time_limit": "3 weeks"}],
        },
        {
            "id": "mhs",
            "subject": "Psychiatrist",
            "object": {"label": "Service user", "values": ["treatment"]},
            "tools": [{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
        },
    ],
    "exchanges": [
        {
            "id": "court-report",
            "label": "Court report",
            "from": "mhs",
            "to": "court",
            "takes": "mhs.report",
            "needed_within": "court.targets",
        },
    ],
    "actions": [{"finding": "AS101-3705b555c6", "strategy": "Agree a short-form report"}],
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_case_the_mistakes_are_made_in_loads_and_passes(fmt: Literal["yaml", "json"]) -> None:
    # Else a mistake below would be refused for what the case lacks, not for itself.
    a.loads(json.dumps(_CASE), format="json")
    assert list(Draft7Validator(case_schema(fmt)).iter_errors(_CASE)) == []


def _with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(_CASE))
    parent: Any = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "loader_says", "editor_says"),
    [
        (
            ("systems", 0, "rules", 0, "time_limit"),
            "3 months",
            "months or years",
            "months and years",
        ),
        (("systems", 0, "rules", 0, "time_limit"), "P1M", "months or years", "months and years"),
        (("systems", 0, "rules", 0, "time_limit"), "0 days", "is zero", "above zero"),
        (("systems", 1, "tools", 0, "turnaround"), "4-8 months", "months or years", "a range of"),
        (("systems", 0, "id"), "Court", "is not a valid id", "lowercase letters"),
        (("systems", 1, "object", "values", 0), "Treatment", "is not a valid id", "lowercase"),
        (("exchanges", 0, "takes"), "mhs.Report", "neither a duration", "<system>.<element-id>"),
        (("exchanges", 0, "takes"), "3 months", "months or years", "<system>.<element-id>"),
        (
            ("exchanges", 0, "needed_within"),
            "court.Targets",
            "neither a duration",
            "<system>.<element-id>",
        ),
        (("systems", 0, "tools", 0, "label"), "   ", "may not be empty", "only spaces"),
        (
            ("actions", 0, "finding"),
            "AS101-3705B555C6",
            "is not a finding key",
            "10 hexadecimal digits in lowercase",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_mistake_the_loader_refuses_is_told_in_words_by_an_editor(
    path: tuple[str | int, ...],
    value: str,
    loader_says: str,
    editor_says: str,
    fmt: Literal["yaml", "json"],
) -> None:
    data = _with(path, value)
    with pytest.raises(a.CaseFileError, match=loader_says):
        a.loads(json.dumps(data), format="json")
    errors = list(Draft7Validator(case_schema(fmt)).iter_errors(data))
    assert errors
    patterns = [
        e
        for error in errors
        for e in _deepest(error)
        if e.validator == "pattern" and tuple(e.absolute_path) == path
    ]
    assert patterns, [error.message for error in errors]
    messages = [
        str(e.schema.get("patternErrorMessage", "")) for e in patterns if isinstance(e.schema, dict)
    ]
    # An editor shows the message of one of the choices the value fails alike (VS Code's
    # the first of them): each says what the key takes.
    assert messages
    assert all(editor_says in message for message in messages), messages


def _choices(node: Any) -> Iterator[list[dict[str, Any]]]:
    """The choices (``anyOf``, ``oneOf``) of every schema in ``node``."""
    if isinstance(node, list):
        for item in node:
            yield from _choices(item)
    elif isinstance(node, dict):
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                yield node[key]
        for value in node.values():
            yield from _choices(value)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_patterns_a_value_may_take_in_turn_say_the_same(fmt: Literal["yaml", "json"]) -> None:
    """A text that matches none of a key's patterns fails each choice alike, and an editor
    shows one choice's message, the first's: ``takes: mhs.Report``, meant as a reference,
    was told only what a duration is. Each then says all that the key takes."""
    said: set[str] = set()
    for choices in _choices(case_schema(fmt)):
        messages = {
            choice["patternErrorMessage"]
            for choice in choices
            if isinstance(choice.get("pattern"), str)
        }
        assert len(messages) <= 1, messages
        said |= messages
    time = [message for message in said if "<system>.<element-id>" in message]
    assert len(time) == 1, time
    assert "'4-8 weeks'" in time[0]
    assert "months and years are refused" in time[0]
