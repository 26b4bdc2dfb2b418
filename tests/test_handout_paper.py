"""A handout printed on US Letter: ``--paper letter`` sets its pages to Letter, upright
and for the wide figures on their side, where the A4 pages a Letter printer shrank to
94 % brought its 9-point small print down to 8.5 points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from activity_systems import load
from activity_systems.cli import main
from activity_systems.handouts.handout import handout, render_handout

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def page_sizes(html: str) -> list[str]:
    return re.findall(r"(?<![-\w])size: ([^;]+);", html)


def test_a_handout_is_set_on_a4_by_default() -> None:
    html = render_handout(load(COURT)).text
    assert page_sizes(html) == ["A4", "A4 landscape"]


def test_a_handout_on_letter_sets_its_pages_to_letter() -> None:
    html = render_handout(load(COURT), paper="letter").text
    assert page_sizes(html) == ["letter", "letter landscape"]
    # the rest of the page is as on A4
    a4 = render_handout(load(COURT)).text
    assert html.replace("size: letter", "size: A4") == a4


@pytest.mark.parametrize("paper", ["A4", "Letter", "legal", "", None])
def test_another_paper_is_refused(paper: object) -> None:
    with pytest.raises(ValueError, match="paper"):
        render_handout(load(COURT), paper=paper)  # type: ignore[arg-type]


def test_a_markdown_handout_has_no_paper(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="paper applies to an HTML handout"):
        handout(COURT, tmp_path / "h.md", paper="letter")
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_writes_a_handout_on_letter(tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    assert main(["handout", str(COURT), "-o", str(out), "--paper", "letter"]) == 0
    assert page_sizes(out.read_text(encoding="utf-8")) == ["letter", "letter landscape"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "h.html", "--paper", "legal"], "invalid choice"),
        (["-o", "h.md", "--paper", "letter"], "--paper letter applies to an HTML handout"),
    ],
)
def test_the_command_line_refuses_a_paper_it_cannot_set(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [argv[0], str(tmp_path / argv[1]), *argv[2:]]
    assert main(["handout", str(COURT), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def a4_stylesheet(folder: Path) -> Path:
    """A template folder whose own handout.css.j2 was written before ``paper``: a copy of
    the shipped one that sets its pages to A4 whatever paper is asked for."""
    shipped = ROOT / "activity_systems" / "handouts" / "templates" / "handout.css.j2"
    text = shipped.read_text(encoding="utf-8")
    text = text.replace("size: {{ page_size }}", "size: A4")
    assert "size: A4 landscape" in text
    folder.mkdir()
    (folder / "handout.css.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_folder_s_stylesheet_that_keeps_a4_is_warned_of_on_letter(tmp_path: Path) -> None:
    from activity_systems import UnusedTemplateWarning

    folder = a4_stylesheet(tmp_path / "mine")
    with pytest.warns(UnusedTemplateWarning, match=r"handout\.css\.j2 sets .*A4.*paper"):
        html = render_handout(load(COURT), paper="letter", template_dir=folder).text
    assert page_sizes(html) == ["A4", "A4 landscape"]


def test_the_command_line_warns_of_a_folder_s_stylesheet_that_keeps_a4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = a4_stylesheet(tmp_path / "mine")
    out = tmp_path / "handout.html"
    argv = ["handout", str(COURT), "--templates", str(folder), "--paper", "letter"]
    assert main([*argv, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err
    assert "handout.css.j2 sets the pages to A4" in err


def test_a_folder_s_stylesheet_on_a4_is_not_warned_of(tmp_path: Path) -> None:
    import warnings

    folder = a4_stylesheet(tmp_path / "mine")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_handout(load(COURT), template_dir=folder)
