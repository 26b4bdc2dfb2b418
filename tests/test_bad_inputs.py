"""Broken and hostile case files: each gives its documented error at its place.

The expected errors live in ``tests/data/bad-inputs.yaml``; ``tests/data/hostile/`` holds
valid files full of odd characters and injection attempts, which must load. The corpus
is described in ``input_corpus``; the command-line checks are in ``test_bad_inputs_cli``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from input_corpus import (
    BAD,
    DATA,
    EXPECTATIONS,
    EXPECTED,
    GENERATED,
    HOSTILE,
    INJECTION_LABELS,
    INJECTION_TEXTS,
    digest,
    generate,
)

import activity_systems as a


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD) == sorted(EXPECTED)
    assert len(BAD) >= 40
    assert sorted(set(EXPECTATIONS) - set(EXPECTED)) == sorted(GENERATED)
    for name, expected in EXPECTATIONS.items():
        assert {"kind", "what", "error", "line", "column"} <= set(expected), name


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_file_gives_its_error(path: Path) -> None:
    expected = EXPECTED[path.name]
    before = digest(path)
    with pytest.raises(a.CaseFileError) as raised:
        a.load(path)
    error = raised.value
    assert error.message.startswith(expected["error"])
    assert (error.line, error.column) == (expected["line"], expected["column"])
    assert str(error).startswith(f"{path}:{expected['line']}:{expected['column']}: ")
    assert "\n" not in str(error)
    assert len(error.problems) == expected.get("problems", 1)
    assert digest(path) == before


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_but_valid_files_load(path: Path) -> None:
    case = a.load(path)
    assert case.title


def test_injection_labels_are_kept_verbatim() -> None:
    case = a.load(DATA / "hostile" / "injection.yaml")
    title, name, description = INJECTION_TEXTS
    assert (case.title, case.system("court").name) == (title, name)
    assert case.system("court").object.description == description
    for reference, label in INJECTION_LABELS.items():
        system, element = reference.split(".")
        assert case.system(system).element(element).label == label
    assert case.system("court").element("t3").label.startswith("\u200f")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_file_gives_its_error(name: str, tmp_path: Path) -> None:
    expected = EXPECTATIONS[name]
    with pytest.raises(a.CaseFileError) as raised:
        a.load(generate(name, tmp_path))
    assert raised.value.message.startswith(expected["error"])
    assert (raised.value.line, raised.value.column) == (expected["line"], expected["column"])


def test_hundred_thousand_character_description_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        f"title: x\nsystems:\n  - id: s\n    subject: S\n    object: O\n"
        f"    description: {'word ' * 20_000}\n"
    )
    assert len(a.load(path).systems[0].description or "") > 99_000
