"""Every example on the "Following up" page runs, and prints what the page says."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "follow-up.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    """``(language, text)`` of every fenced block, in page order."""
    return [(m[1], m[2]) for m in FENCE.finditer(PAGE.read_text(encoding="utf-8"))]


def run_console(text: str) -> str:
    out = io.StringIO()
    for line in text.splitlines():
        assert line.startswith("activity-systems "), line
        with contextlib.redirect_stdout(out):
            assert main(shlex.split(line)[1:]) == 0, line
    return out.getvalue()


def run_python(text: str, namespace: dict[str, object]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(text, str(PAGE), "exec"), namespace)
    return out.getvalue()


def test_the_page_has_examples_to_run() -> None:
    languages = [language for language, _ in blocks()]
    assert languages.count("python") == 7
    assert languages.count("console") == 4


def test_every_example_runs_and_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("dot") is None:
        pytest.skip("the handout example draws figures with Graphviz 'dot'")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "follow_up_page"}
    found = blocks()
    checked = 0
    for index, (language, text) in enumerate(found):
        if language == "python":
            printed = run_python(text, namespace)
        elif language == "console":
            printed = run_console(text)
        else:
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        if following is not None and following[0] == "text":
            assert printed == following[1], f"block {index} of {PAGE.name} prints otherwise"
            checked += 1
    assert checked == 8
    assert (tmp_path / "review.html").exists()
