"""``check --format latex`` and ``Report.to_latex()``: the findings as a table to put
into an article with ``\\input``, numbered as on the figures, the case's text escaped so
that LaTeX prints it as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def test_the_table_has_a_row_per_finding_numbered_as_on_the_figures() -> None:
    report = a.check(a.load(COURT))
    table = report.to_latex()
    assert table.startswith("% Findings of ")  # says what it needs, as a comment
    assert "\\begin{tabularx}{\\linewidth}" in table
    assert table.rstrip().endswith("\\end{tabularx}")
    rows = [line for line in table.splitlines() if re.match(r"^\d+ & ", line)]
    assert len(rows) == len(report.findings) == 12
    for number, (row, finding) in enumerate(zip(rows, report.findings, strict=True), 1):
        assert row.startswith(f"{number} & {finding.rule} & ")
        assert row.endswith(" \\\\")
    for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
        assert rule in table


def test_the_case_s_text_is_escaped_so_that_latex_prints_it_as_written() -> None:
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "50% of R&D_1 costs $5 #2 {a} ~x^2 \\n <b> |c|"
    table = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("1 & ")]
    assert (
        "50\\% of R\\&D\\_1 costs \\$5 \\#2 \\{a\\} \\textasciitilde{}x\\textasciicircum{}2"
        " \\textbackslash{}n \\textless{}b\\textgreater{} \\textbar{}c\\textbar{}"
    ) in row


def test_a_line_break_in_the_text_does_not_end_the_row_or_the_paragraph() -> None:
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "first\n\nsecond\r\nthird"
    table = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("1 & ")]
    assert "first second third" in row


def test_check_writes_the_table_to_a_tex_file_the_same_bytes_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("one.tex", "two.tex"):
        assert main(["check", str(COURT), "--format", "latex", "-o", str(tmp_path / name)]) == 1
    assert (tmp_path / "one.tex").read_bytes() == (tmp_path / "two.tex").read_bytes()
    assert main(["check", str(COURT), "--format", "LaTeX"]) == 1
    assert capsys.readouterr().out.encode() == (tmp_path / "one.tex").read_bytes()
    assert (tmp_path / "one.tex").read_text(encoding="utf-8") == a.check(a.load(COURT)).to_latex()


def test_a_folder_of_case_files_gives_a_tex_table_for_each(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    main(["check", str(COURT), "--format", "latex", "--fail-on", "never", "-o", f"{out}/"])
    assert [path.name for path in out.iterdir()] == ["court-reports.tex"]


def test_a_tex_name_takes_only_the_latex_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.tex"
    assert main(["check", str(COURT), "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert "a text report is not LaTeX; add --format latex, or name the file findings.txt" in error
    assert not target.exists()


def test_several_case_files_need_a_folder_for_their_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    segregation = ROOT / "examples" / "segregation-unit.yaml"
    assert main(["check", str(COURT), str(segregation), "--format", "latex"]) == 2
    assert "a latex report holds one case; for several, give -o FOLDER" in (capsys.readouterr().err)


def test_latex_given_where_a_case_file_goes_names_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(COURT), "latex"]) == 2
    assert "latex: no such case file; did you mean the option --format latex?" in (
        capsys.readouterr().err
    )


def test_dashes_and_quotes_of_the_case_are_not_joined_into_other_characters() -> None:
    """LaTeX would print ``--`` as an en dash, ``---`` as an em dash and ``''`` or
    ````` as curly quotes: the table keeps each character as the case wrote it."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "A--B---C ``x'' ?`"
    table = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("1 & ")]
    assert (
        "A-\\kern0pt-B-\\kern0pt-\\kern0pt-C \\textasciigrave{}\\textasciigrave{}x'\\kern0pt' "
        "?\\textasciigrave{}"
    ) in row


def test_a_finding_without_a_level_has_an_en_dash_there() -> None:
    table = a.check(a.load(COURT)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("12 & ")]
    assert row.startswith("12 & AS501 & -- & medium & ")


def test_dashes_quotes_and_commas_stay_apart_in_lualatex_and_t1_too() -> None:
    """LuaLaTeX joins ``-{}-`` into an en dash all the same (an empty group is no
    character to it), and the T1 font encoding joins ``,,`` into a low quote: a zero
    kern keeps them apart in pdfLaTeX, XeLaTeX and LuaLaTeX, in OT1 and T1."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "A--B---C x'' y,,z -'"
    table = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("1 & ")]
    assert ("A-\\kern0pt-B-\\kern0pt-\\kern0pt-C x'\\kern0pt' y,\\kern0pt,z -'") in row


def test_a_straight_double_quote_prints_straight_and_is_no_babel_shorthand() -> None:
    """In LaTeX's default OT1 encoding a ``"`` prints as a closing curly quote, and
    babel's German or Dutch make it a command (``"a`` prints ä)."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = 'the "a" label'
    table = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in table.splitlines() if line.startswith("1 & ")]
    quote = "\\UseTextSymbol{T1}{\\textquotedbl}"
    assert f"the {quote}a{quote} label" in row
    assert '"' not in row


_ARTICLE = r"""\documentclass{article}
\usepackage{booktabs,tabularx}
\begin{document}
\begin{table}
\input{findings.tex}
\caption{Findings}
\end{table}
\end{document}
"""


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_an_article_inputting_a_table_of_every_special_character_compiles(
    tmp_path: Path,
) -> None:
    """The text that would break an article or run a command in it (``\\input``,
    ``\\write18``, an unbalanced brace, a ``%`` or ``&``) prints as written instead."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"] = data["findings"][:2]
    data["findings"][0]["message"] = (
        "# $ % & ~ _ ^ \\ { } < > | \" ` ' - -- --- '' ,, ^^M \\input{x} \\write18{touch y}"
        " \\end{tabularx} } “curly” 4–8 Gŵyl ŷd a\u00a0b soft\u00adhyphen"
    )
    (tmp_path / "findings.tex").write_text(
        a.Report.from_json(json.dumps(data)).to_latex(), encoding="utf-8"
    )
    (tmp_path / "article.tex").write_text(_ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [
            "pdflatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "article.tex",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert not (tmp_path / "y").exists()
