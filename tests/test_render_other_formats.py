"""A figure asked for in a format a journal or a word processor wants but Graphviz is
not asked to draw (EPS, TIFF, JPEG, EMF) is refused, as any unknown extension is, with
the way to get it: the PDF or the PNG, and the command that converts it."""

from __future__ import annotations

from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("figure3.eps", "for EPS, draw figure3.pdf and convert it: pdftops -eps figure3.pdf"),
        ("figure3.PS", "for PostScript, draw figure3.pdf and convert it: pdftops figure3.pdf"),
        ("figure3.tif", "for TIFF, draw figure3.pdf and convert it: pdftocairo -tiff"),
        ("figure3.tiff", "for TIFF, draw figure3.pdf and convert it: pdftocairo -tiff"),
        ("figure3.jpg", "for JPEG, draw figure3.png"),
        ("figure3.emf", "for Word or PowerPoint, draw figure3.svg or figure3.png"),
    ],
)
def test_the_command_line_says_how_to_get_the_format(
    name: str,
    hint: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / name
    assert main(["render", str(COURT), "-o", name]) == 2
    error = capsys.readouterr().err
    assert f"unknown extension {target.suffix.lower()}" in error
    assert hint in error
    assert "Traceback" not in error
    assert not target.exists()


def test_python_says_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"pdftops -eps figure3\.pdf figure3\.eps") as raised:
        a.render(COURT, "figure3.eps")
    assert "or pass format=..." in str(raised.value)
    assert not (tmp_path / "figure3.eps").exists()


def test_an_extension_of_no_such_format_gets_no_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(COURT), "-o", str(tmp_path / "f.gif")]) == 2
    assert (
        capsys.readouterr()
        .err.rstrip()
        .endswith(
            "f.gif: unknown extension .gif; use one of .dot, .gv, .pdf, .png, .svg, or --format"
        )
    )


def test_the_commands_name_the_folder_and_quote_a_name_with_spaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pasted where render was run, the command converts the figure drawn where it was
    asked for: not a PDF of the same name in the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figures").mkdir()
    assert main(["render", str(COURT), "-o", "figures/figure3.eps"]) == 2
    assert (
        "for EPS, draw figures/figure3.pdf and convert it: "
        "pdftops -eps figures/figure3.pdf figures/figure3.eps"
    ) in capsys.readouterr().err
    assert main(["render", str(COURT), "-o", "my figure.tif"]) == 2
    assert "-singlefile 'my figure.pdf' 'my figure'" in capsys.readouterr().err
    assert not list((tmp_path / "figures").iterdir())


def test_a_name_starting_with_a_dash_is_no_option_of_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pasted, the command converts the file: ``-o-rf.eps`` is not read by pdftops as
    its options ``-rf``."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"pdftops -eps \./-rf\.pdf \./-rf\.eps$"):
        a.render(COURT, "-rf.eps")


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("figure3.pdf", "figure3.pdf"),
        (r"C:\figures\figure3.pdf", r"C:\figures\figure3.pdf"),
        ("R&D.pdf", '"R&D.pdf"'),
        ("a|b^c<d>.pdf", '"a|b^c<d>.pdf"'),
        ("fig;calc.pdf", '"fig;calc.pdf"'),
        ("my figure.pdf", '"my figure.pdf"'),
        ("-rf.pdf", r".\-rf.pdf"),
    ],
)
def test_a_name_on_windows_is_quoted_as_cmd_and_powershell_read_it(name: str, quoted: str) -> None:
    """A name with &, |, <, >, ^ or ; is one argument in cmd.exe and PowerShell, where it
    was written bare and ran what follows the & as a command of its own."""
    from activity_systems.render.api import shell_quoted

    assert shell_quoted(name, windows=True) == quoted
