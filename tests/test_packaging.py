"""The source distribution: its licence, and everything the tests read, so that the tests
run from an unpacked sdist as they do from a clone (the wheel holds only the package)."""

from __future__ import annotations

import re
import tomllib

from doc_blocks import ROOT

#: What an sdist holds without MANIFEST.in naming it (the licence as the metadata names it).
ALWAYS = {"README.md", "pyproject.toml", "MANIFEST.in", "LICENSE", "activity_systems"}


def manifest_holds() -> set[str]:
    """The top-level files and folders MANIFEST.in adds to the sdist."""
    held: set[str] = set()
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        match line.split("#")[0].split():
            case ["graft" | "recursive-include", folder, *_]:
                held.add(folder)
            case ["include", *names]:
                held.update(names)
    return held


def read_by_tests() -> set[str]:
    """The top-level files and folders the tests name or import."""
    named = re.compile(r'(?:\bROOT|\.parent\.parent) / "([^"/]+)"')
    imported = re.compile(r"^\s*(?:from|import) (benchmarks|examples)\b", re.MULTILINE)
    found = {"tests"}
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(named.findall(text), imported.findall(text))
    return found


def test_the_sdist_holds_every_file_and_folder_the_tests_read() -> None:
    read = read_by_tests()
    assert {"examples", "docs", "benchmarks"} <= read  # the search finds them
    assert read - ALWAYS - manifest_holds() == set()


def test_the_sdist_holds_the_whole_of_each_folder() -> None:
    # data, golden files and helpers beside the tests, not only tests/test_*.py
    assert {"tests", "examples", "docs", "benchmarks"} <= manifest_holds()


def test_the_licence_is_a_file_the_metadata_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    (name,) = project["license-files"]
    text = (ROOT / name).read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 activity-systems developers\n")
