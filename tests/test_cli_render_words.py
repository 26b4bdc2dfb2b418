"""``render --templates FOLDER``: a figure drawn on the command line in the words of a
template folder's ``_words.j2`` (its ``node_*`` and ``figure_*`` keys), as a handout
written with the same folder draws its figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.render import render

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
SEGREGATION = ROOT / "examples" / "segregation-unit.yaml"
WELSH = ROOT / "examples" / "handout-cy"

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


def _misspelt(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the Welsh folder whose _words.j2 misspells a figure's key, and its line."""
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = source.replace('"node_subject":', '"node_subjet":', 1)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    line = 1 + next(n for n, text in enumerate(source.splitlines()) if "node_subjet" in text)
    return folder, line


def test_a_figure_drawn_with_the_welsh_folder_names_its_nodes_in_welsh(tmp_path: Path) -> None:
    out = tmp_path / "court.dot"
    assert main(["render", str(COURT), "--templates", str(WELSH), "-o", str(out)]) == 0
    dot = out.read_text(encoding="utf-8")
    assert "Goddrych" in dot
    assert "Rhaniad llafur" in dot
    assert "Division of labour" not in dot


@needs_graphviz
def test_an_svg_drawn_with_the_welsh_folder_is_welsh(tmp_path: Path) -> None:
    out = tmp_path / "court.svg"
    argv = ["render", str(COURT), "--system", "court", "--templates", str(WELSH)]
    assert main([*argv, "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert ">Goddrych<" in svg
    assert ">Subject<" not in svg


def test_the_welsh_figure_is_the_one_python_draws_with_the_folder_s_words(
    tmp_path: Path,
) -> None:
    from activity_systems.handouts.environment import environment, figure_words

    out = tmp_path / "court.dot"
    assert main(["render", str(COURT), "--templates", str(WELSH), "-o", str(out)]) == 0
    words = figure_words(environment("html", WELSH))
    assert out.read_text(encoding="utf-8") == render(a.load(COURT), format="dot", words=words)


def test_without_templates_the_figure_is_byte_for_byte_the_english_one(tmp_path: Path) -> None:
    out = tmp_path / "court.dot"
    assert main(["render", str(COURT), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render(a.load(COURT), format="dot")


def test_a_folder_without_words_draws_the_english_words(tmp_path: Path) -> None:
    # as a handout's folder without a _words.j2 keeps the shipped English
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_sections.j2").write_text("", encoding="utf-8")
    out = tmp_path / "court.dot"
    assert main(["render", str(COURT), "--templates", str(folder), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render(a.load(COURT), format="dot")


@needs_graphviz
def test_every_case_of_a_batch_is_welsh(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    out.mkdir()
    argv = ["render", str(COURT), str(SEGREGATION), "--templates", str(WELSH), "-o", str(out)]
    assert main(argv) == 0
    svgs = sorted(out.glob("*.svg"))
    assert [p.name for p in svgs] == ["court-reports.svg", "segregation-unit.svg"]
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert ">Goddrych<" in text
        assert ">Subject<" not in text


@needs_graphviz
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_a_png_and_a_pdf_take_the_words_too(tmp_path: Path, fmt: str) -> None:
    english, welsh = tmp_path / f"en.{fmt}", tmp_path / f"cy.{fmt}"
    assert main(["render", str(COURT), "-o", str(english)]) == 0
    assert main(["render", str(COURT), "--templates", str(WELSH), "-o", str(welsh)]) == 0
    assert welsh.read_bytes() != english.read_bytes()


def test_format_names_the_format_of_a_welsh_figure_on_standard_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["render", str(COURT), "--templates", str(WELSH), "--format", "dot", "-o", "-"]
    assert main(argv) == 0
    assert "Goddrych" in capsys.readouterr().out


def test_a_misspelt_key_is_told_at_its_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, line = _misspelt(tmp_path)
    out = tmp_path / "figures"
    out.mkdir()
    argv = ["render", str(COURT), str(SEGREGATION), "--templates", str(folder), "-o", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    # said once, before any case: the words are the same for every case of the batch
    assert err == (
        f"activity-systems: {folder / '_words.j2'}:{line}: template error: words has the "
        "key 'node_subjet', which is not one of the handout's words; did you mean "
        "'node_subject'?\n"
    )
    assert list(out.iterdir()) == []


def test_templates_naming_no_folder_is_refused_as_for_a_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    argv = ["render", str(COURT), "--templates", str(missing), "-o", str(tmp_path / "x.svg")]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {missing}: --templates names no folder\n"
    )
    assert not (tmp_path / "x.svg").exists()


def test_an_empty_templates_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(COURT), "--templates", "", "-o", "x.svg"]) == 2
    assert "--templates needs a name" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["rules"], ["check", str(COURT)]])
def test_a_command_that_draws_no_figure_refuses_templates_naming_whose_it_is(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--templates", str(WELSH)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {command[0]} takes no --templates, an option of render and handout\n"
    )


def test_a_words_file_that_fails_as_it_loads_is_told_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = source.replace("{% set words = {", "{% set z = case.title %}\n{% set words = {", 1)
    line = 1 + source.splitlines().index("{% set z = case.title %}")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    out = tmp_path / "court.svg"
    assert main(["render", str(COURT), "--templates", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"activity-systems: {folder / '_words.j2'}:{line}: template error: 'case' is undefined"
    )
    assert not out.exists()
