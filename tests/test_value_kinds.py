"""The words for what a value of a case file is ("got a list", "got nothing (null)"): one
list of them, in the model, that the loader's messages and the models' own use alike."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

from activity_systems import DurationRange
from activity_systems.errors import CaseFileError, ModelError
from activity_systems.io.loading import loads
from activity_systems.model.actions import finding_reference
from activity_systems.model.types import value_kind

PACKAGE = Path(__file__).resolve().parent.parent / "activity_systems"

KINDS = [
    (True, "true/false"),
    (3, "a number"),
    (2.5, "a number"),
    (None, "nothing (null)"),
    ({"a": 1}, "a mapping"),
    ([1], "a list"),
]


@pytest.mark.parametrize(("value", "words"), KINDS)
def test_a_value_is_told_in_the_same_words_by_the_loader_an_action_and_a_duration(
    value: object, words: str
) -> None:
    assert value_kind(value) == words
    with pytest.raises(CaseFileError) as loaded:
        loads(json.dumps({"title": value, "systems": []}), format="json")
    assert f"title: expected text, got {words} " in str(loaded.value)
    with pytest.raises(ModelError) as action:
        finding_reference({"rule": value, "elements": ["court.targets"]})
    assert str(action.value).endswith(f"'rule' is text, got {words}")
    with pytest.raises(PydanticCustomError) as duration:
        DurationRange.of({"min": value, "max": "3 weeks"})
    assert str(duration.value).endswith(f"got {words}")


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.mark.parametrize("words", ["nothing (null)", "true/false"])
def test_the_words_for_a_kind_of_value_are_written_once(words: str) -> None:
    """A module that words a value's kind of its own would drift from the others."""
    holding = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if words in _string_constants(path)
    )
    assert holding == ["model/types.py"]
