"""Broken and hostile case files: each gives its documented error at its place.

The expected errors live in ``tests/data/bad-inputs.yaml``; ``tests/data/hostile/`` holds
valid files full of odd characters and injection attempts, which must load.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml

import activity_systems as a

DATA = Path(__file__).parent / "data"
BAD = sorted((DATA / "bad").iterdir())
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (DATA / "bad-inputs.yaml").read_text(encoding="utf-8")
)
HOSTILE = sorted((DATA / "hostile").iterdir())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD) == sorted(EXPECTED)
    assert len(BAD) >= 40


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
    assert digest(path) == before


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_but_valid_files_load(path: Path) -> None:
    case = a.load(path)
    assert case.title


def test_injection_labels_are_kept_verbatim() -> None:
    case = a.load(DATA / "hostile" / "injection.yaml")
    assert case.title == '<script>alert(1)</script> & "quotes"'
    court = case.system("court")
    assert court.element("t1").label == "<b>bold</b> &amp; {braces} \\N \\G \\L \\\\ back\\slash"
    assert court.element("t3").label.startswith("\u200f")


def test_twenty_mebibyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"title: x\nsystems:\n")
        line = b"  - {id: s, subject: S, object: O}\n"
        handle.write(line * (20 * 1024 * 1024 // len(line) + 1))
    with pytest.raises(a.CaseFileError, match=r"20\.0 MiB; case files may be at most 10 MiB"):
        a.load(path)


def test_hundred_thousand_character_label_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(f"title: x\nsystems:\n  - id: s\n    subject: {'x' * 100_000}\n    object: O\n")
    with pytest.raises(a.CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (4, 14)
    assert "at most 5000 characters" in raised.value.message


def test_hundred_thousand_character_description_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        f"title: x\nsystems:\n  - id: s\n    subject: S\n    object: O\n"
        f"    description: {'word ' * 20_000}\n"
    )
    assert len(a.load(path).systems[0].description or "") > 99_000
