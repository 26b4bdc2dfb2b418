"""Broken and hostile case files through the command line, as a user meets them.

Every bad file (``tests/data/bad/`` and the generated ones, see ``input_corpus``) makes
``check``, ``render`` and ``handout`` exit 2 with one line naming ``file:line:column``
(and one more line for each further problem of a file with several), no traceback, no
output file (and an earlier one left byte for byte), the input unchanged. Every hostile
file works, and its injection attempts come out as text in DOT, SVG, HTML and Markdown.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from inert_html import Page, assert_inert
from input_corpus import (
    DATA,
    EXPECTATIONS,
    GENERATED,
    HOSTILE,
    INJECTION_LABELS,
    INJECTION_TEXTS,
    digest,
    generate,
)

from activity_systems.cli import main

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SVG = "{http://www.w3.org/2000/svg}"
#: What each command is given besides the case file; ``{out}`` is the output folder.
COMMANDS = {
    "check": [],
    "render": ["-o", "{out}/figure.svg"],
    "handout": ["-o", "{out}/handout.html"],
}
PREVIOUS = b"an earlier output, which must survive byte for byte\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated bad files, written once for the module."""
    folder = tmp_path_factory.mktemp("generated")
    for name in GENERATED:
        generate(name, folder)
    return folder


def expected_line(path: Path, expected: dict[str, object]) -> str:
    where = f"{path}:{expected['line']}:{expected['column']}" if expected["line"] else str(path)
    return f"activity-systems: {where}: {expected['error']}"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", list(EXPECTATIONS))
def test_bad_input_is_one_located_line_and_writes_nothing(
    name: str,
    command: str,
    generated: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = generated / name if name in GENERATED else DATA / "bad" / name
    expected = EXPECTATIONS[name]
    before = digest(path)
    out = tmp_path / "out"
    out.mkdir()
    argv = [command, str(path), *(arg.format(out=out) for arg in COMMANDS[command])]

    status, stdout, stderr = run(argv, capsys)
    assert status == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines[0].startswith(expected_line(path, expected)), lines[0]
    assert len(lines) == expected.get("problems", 1), stderr
    assert all(line.startswith(f"activity-systems: {path}:") for line in lines[1:]), stderr
    assert list(out.iterdir()) == []

    if command != "check":
        target = Path(argv[-1])
        target.write_bytes(PREVIOUS)
        status, _, stderr = run(argv, capsys)
        assert status == 2
        assert len(stderr.splitlines()) == len(lines)
        assert target.read_bytes() == PREVIOUS
        assert list(out.iterdir()) == [target]
    assert digest(path) == before


def test_error_lines_hold_no_control_characters(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file full of escape sequences cannot drive the terminal through an error."""
    for name in EXPECTATIONS:
        path = generated / name if name in GENERATED else DATA / "bad" / name
        _, _, stderr = run(["check", str(path)], capsys)
        for line in stderr.splitlines():
            assert line.isprintable(), f"{name}: {line!r}"


def test_a_file_name_with_an_escape_sequence_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case\x1b[2J.yaml"
    status, _, stderr = run(["check", str(path)], capsys)
    assert status == 2
    assert stderr.rstrip("\n").isprintable()
    assert stderr.rstrip("\n").endswith("case\\x1b[2J.yaml: no such file")


# -- hostile but valid files ------------------------------------------------------------


def normalised(text: str) -> str:
    return " ".join(text.split())


def svg_text(svg: str) -> str:
    """The text a diagram shows; parsing fails on SVG that is not well-formed XML."""
    root = ET.fromstring(svg.encode("utf-8"))
    for element in root.iter():
        assert element.tag.startswith(SVG), f"{element.tag} is not SVG"
        assert element.tag != f"{SVG}script"
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    return normalised(" ".join(t.text or "" for t in root.iter(f"{SVG}text")))


def canonical_dot(path: Path) -> str:
    """Graphviz's own reading of a DOT file: fails on a syntax error."""
    done = subprocess.run(["dot", "-Tcanon", str(path)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_file_checks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(path)
    status, stdout, stderr = run(["check", str(path)], capsys)
    assert status in (0, 1)
    assert stdout
    assert stderr == ""
    assert digest(path) == before


@needs_dot
@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_file_renders_and_makes_handouts(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(path)
    for name in ("figure.svg", "figure.dot", "handout.html", "handout.md"):
        command = "render" if name.startswith("figure") else "handout"
        status, _, stderr = run([command, str(path), "-o", str(tmp_path / name)], capsys)
        assert (status, stderr) == (0, ""), name
    svg_text((tmp_path / "figure.svg").read_text(encoding="utf-8"))
    canonical_dot(tmp_path / "figure.dot")
    assert_inert(Page((tmp_path / "handout.html").read_text(encoding="utf-8")))
    for figure in tmp_path.glob("handout-figure*.svg"):
        svg_text(figure.read_text(encoding="utf-8"))
    assert digest(path) == before


@needs_dot
def test_injection_labels_are_literal_in_dot_and_svg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = DATA / "hostile" / "injection.yaml"
    for system in ("court", "mhs"):
        for fmt in ("dot", "svg"):
            target = tmp_path / f"{system}.{fmt}"
            argv = ["render", str(case), "-o", str(target), "--system", system]
            assert run(argv, capsys)[0] == 0
        canon = canonical_dot(tmp_path / f"{system}.dot")
        # Graphviz read only our nodes: n1, n2, ...; "evil", "injected", "a", "b" are text.
        names = set(re.findall(r"^\s*(\w+)\s*\[", canon, re.MULTILINE)) - {"graph", "node", "edge"}
        assert names
        assert all(re.fullmatch(r"n\d+", name) for name in names), names
        # Long words may be broken across lines: compare without whitespace.
        shown = "".join(svg_text((tmp_path / f"{system}.svg").read_text("utf-8")).split())
        for reference, label in INJECTION_LABELS.items():
            if reference.startswith(f"{system}."):
                assert "".join(label.split()) in shown, f"{label!r} is not shown literally"


@needs_dot
def test_injection_text_is_literal_in_the_html_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "handout.html"
    status, _, _ = run(
        ["handout", str(DATA / "hostile" / "injection.yaml"), "-o", str(target)], capsys
    )
    assert status in (0, 1)
    html = target.read_text(encoding="utf-8")
    page = Page(html)
    assert_inert(page)
    assert not [tag for tag, _ in page.elements if tag == "script"]
    for text in (*INJECTION_LABELS.values(), *INJECTION_TEXTS):
        assert normalised(text) in page.text, f"{text!r} is not shown literally"
        if "<" in text:
            assert text not in html, f"{text!r} is in the page as markup"


@needs_dot
def test_injection_text_is_inert_in_the_markdown_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = pytest.importorskip("markdown", reason="Python-Markdown is not installed")
    target = tmp_path / "handout.md"
    status, _, _ = run(
        ["handout", str(DATA / "hostile" / "injection.yaml"), "-o", str(target)], capsys
    )
    assert status in (0, 1)
    text = target.read_text(encoding="utf-8")
    for label in (*INJECTION_LABELS.values(), *INJECTION_TEXTS):
        if "<" in label:
            assert label not in text, f"{label!r} is in the Markdown as raw HTML"
    page = Page(markdown.markdown(text, extensions=["tables"]))
    # The handout's own figures are images; nothing else is.
    images = [attrs for tag, attrs in page.elements if tag == "img"]
    assert images
    assert all(re.fullmatch(r"handout-figure\d+-[\w-]+\.svg", a["src"] or "") for a in images)
    assert_inert(page, allowed=frozenset({"img"}))
    for figure in tmp_path.glob("handout-figure*.svg"):
        svg_text(figure.read_text(encoding="utf-8"))
