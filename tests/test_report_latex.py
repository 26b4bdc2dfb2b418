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
from latex_runs import typeset

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
    done = typeset(tmp_path, "article.tex", timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert not (tmp_path / "y").exists()


# --- --table longtable: a table that breaks across the pages of a one-column document


def _rows(table: str) -> list[str]:
    return [line for line in table.splitlines() if re.match(r"^\d+ & ", line)]


def test_the_default_table_is_the_tabularx_as_before() -> None:
    report = a.check(a.load(COURT))
    assert report.to_latex() == report.to_latex(table="tabularx")
    assert "longtable" not in report.to_latex()


def test_a_longtable_has_the_same_rows_under_a_header_repeated_on_every_page() -> None:
    report = a.check(a.load(COURT))
    table = report.to_latex(table="longtable")
    lines = table.splitlines()
    assert lines[0] == "% Findings of Psychiatric reports for the magistrates' court"
    assert "% Needs \\usepackage{array,booktabs,longtable}; \\input this file where the" in lines
    # the rows as the tabularx has them, after the header, which \endhead repeats
    body = _rows(report.to_latex())
    start = lines.index("\\endfoot") + 1
    assert lines[start : start + len(body)] == body
    preamble = [line for line in lines if line.startswith("\\begin{longtable}")]
    assert preamble == [
        "\\begin{longtable}{@{}rlll>{\\raggedright\\arraybackslash}p{\\FindingsMessageWidth}@{}}"
    ]
    assert lines[lines.index(preamble[0]) + 1 : start] == [
        "\\toprule",
        "No. & Rule & Level & Severity & Finding \\\\",
        "\\midrule",
        "\\endhead",
        "\\bottomrule",
        "\\endfoot",
    ]
    assert lines[-2:] == ["\\end{longtable}", "\\endgroup"]  # the width outlives nothing
    assert lines.count("\\begingroup") == 1
    assert table.endswith("\n")


def test_the_longtable_s_message_takes_what_its_four_measured_columns_leave() -> None:
    """A ``longtable`` takes no ``X`` column: LaTeX measures a ``tabular`` of the four
    short columns' cells, each rule, level and severity once and every number, and gives
    the message column the rest of the line."""
    report = a.check(a.load(COURT))
    lines = report.to_latex(table="longtable").splitlines()
    start = lines.index("\\setbox0=\\hbox{\\begin{tabular}{@{}rlll@{}}")
    end = lines.index("\\end{tabular}}%")
    measured = [line.removesuffix(" \\\\").split(" & ") for line in lines[start + 1 : end]]
    assert measured[0] == ["No.", "Rule", "Level", "Severity"]
    cells = [row.split(" & ")[:4] for row in _rows(report.to_latex())]
    for column in range(4):
        kept = [row[column] for row in measured[1:] if row[column]]
        assert kept == list(dict.fromkeys(row[column] for row in cells))
    assert lines[end + 1] == (
        "\\edef\\FindingsMessageWidth{\\the\\dimexpr\\linewidth-\\wd0-2\\tabcolsep\\relax}%"
    )


def test_a_table_other_than_tabularx_or_longtable_is_refused() -> None:
    """As a figure's or a handout's unknown format: an ``ArgumentError``, which a
    notebook shows as its message alone, and a ``ValueError`` too."""
    with pytest.raises(
        a.ArgumentError, match=r"tabularx .*, a longtable .* or a column"
    ) as refused:
        a.check(a.load(COURT)).to_latex(table="xltabular")
    assert isinstance(refused.value, ValueError)


def test_the_command_line_offers_the_tables_there_are() -> None:
    from activity_systems.cli.parser import LATEX_TABLES as CLI_TABLES
    from activity_systems.rules.report_latex import LATEX_TABLES

    assert CLI_TABLES == LATEX_TABLES


def test_check_table_longtable_writes_the_longtable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.tex"
    arguments = ["check", str(COURT), "--format", "latex", "--table", "LongTable"]
    assert main([*arguments, "-o", str(target)]) == 1
    expected = a.check(a.load(COURT)).to_latex(table="longtable")
    assert target.read_text(encoding="utf-8") == expected
    out = tmp_path / "reports"
    out.mkdir()
    assert main([*arguments, "-o", f"{out}/"]) == 1
    assert (out / "court-reports.tex").read_text(encoding="utf-8") == expected


def test_check_table_without_format_latex_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.csv"
    assert main(["check", str(COURT), "--table", "longtable", "--format", "csv"]) == 2
    assert main(["check", str(COURT), "--table", "longtable", "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert "--table longtable chooses the LaTeX table; add --format latex" in error
    assert not target.exists()


def _nasty_report() -> a.Report:
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = (
        "# $ % & ~ _ ^ \\ { } < > | \" ` ' - -- --- '' ,, ^^M \\input{x} \\write18{touch y}"
        " \\end{longtable} \\endgroup \\endhead \\\\ } “curly” 4–8 Gŵyl ŷd a\u00a0b"
        " soft\u00adhyphen"
    )
    data["findings"][1]["rule"] = "MY_RULE%&{"
    data["findings"][2]["message"] = "line\nbreak " * 40
    return a.Report.from_json(json.dumps(data))


_THESIS = r"""\documentclass[12pt,a4paper]{report}
\usepackage{array,booktabs,longtable}
\begin{document}
\chapter{Findings}
%s
\end{document}
"""


def _latex(engine: str, folder: Path, document: str, runs: int = 2) -> str:
    """Typeset ``document`` ``runs`` times (a longtable aligns its pages on the second),
    asserting that LaTeX finished; the last log."""
    (folder / "thesis.tex").write_text(document, encoding="utf-8")
    for _ in range(runs):
        done = typeset(folder, "thesis.tex", engine=engine, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:]
    return (folder / "thesis.log").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("engine", ["pdflatex", "lualatex"])
def test_a_thesis_inputting_longtables_of_every_case_and_300_findings_compiles(
    engine: str, tmp_path: Path
) -> None:
    """In a one-column report (12pt, A4) a tabularx of the twelve findings of the court
    case runs past the foot of the page, and one of 300 stops pdfLaTeX with 'Dimension
    too large'; the longtables of every example case, of a generated case of 300
    findings and of text that would break LaTeX break across pages instead, with
    nothing wider than the line but the words too long for any line."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    from benchmarks.generate import case_data

    reports = [a.check(a.load(path)) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    generated = a.check(a.Case.model_validate(case_data(16, seed=1)))
    assert len(generated.findings) >= 300
    inputs = []
    for number, report in enumerate([*reports, generated, _nasty_report()]):
        (tmp_path / f"f{number}.tex").write_text(
            report.to_latex(table="longtable"), encoding="utf-8"
        )
        inputs.append(f"\\input{{f{number}.tex}}")
    log = _latex(engine, tmp_path, _THESIS % "\n".join(inputs))
    assert "Overfull" not in log
    assert "Rerun LaTeX" not in log  # the second run aligned every longtable
    pages = int(re.findall(r"Output written on thesis.pdf \((\d+) pages", log)[0])
    assert pages > 40, pages
    assert not (tmp_path / "y").exists()
    if shutil.which("pdftotext") is not None:  # the header on every page of the tables
        subprocess.run(["pdftotext", "thesis.pdf"], cwd=tmp_path, check=True, timeout=60)
        text = (tmp_path / "thesis.txt").read_text(encoding="utf-8")
        assert text.count("Severity") >= pages - 1


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_the_tabularx_still_goes_into_a_two_column_article_s_table(tmp_path: Path) -> None:
    (tmp_path / "findings.tex").write_text(a.check(a.load(COURT)).to_latex(), encoding="utf-8")
    article = (
        "\\documentclass[twocolumn]{article}\n\\usepackage{booktabs,tabularx}\n"
        "\\begin{document}\n\\begin{table*}\n\\input{findings.tex}\n\\caption{Findings}\n"
        "\\end{table*}\nText.\n\\end{document}\n"
    )
    (tmp_path / "thesis.tex").write_text(article, encoding="utf-8")
    log = _latex("pdflatex", tmp_path, article, runs=1)
    assert "too large" not in log


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_a_rule_id_too_long_for_the_line_leaves_the_message_a_third_of_it(
    tmp_path: Path,
) -> None:
    """Measured, the four short columns would leave the message less than nothing (a
    line of each word, LaTeX warning of every one): it keeps a third of the line, and
    the table runs past the margin by the rule id alone."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][1]["rule"] = "R" * 90
    table = a.Report.from_json(json.dumps(data)).to_latex(table="longtable")
    assert "\\ifdim\\FindingsMessageWidth<.33\\linewidth" in table.splitlines()
    (tmp_path / "findings.tex").write_text(table, encoding="utf-8")
    log = _latex("pdflatex", tmp_path, _THESIS % "\\input{findings.tex}", runs=1)
    assert log.count("Overfull") <= 2  # the rows of the rule id; no message is overfull


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_a_longtable_inside_a_table_float_stops_latex_as_the_docs_say(tmp_path: Path) -> None:
    """Inside a ``table`` float with its caption in a one-column article, as the
    default table goes, the longtable stops LaTeX with 'Dimension too large', which the
    command line page names so that a search for it finds the cause."""
    table = a.check(a.load(COURT)).to_latex(table="longtable")
    (tmp_path / "findings.tex").write_text(table, encoding="utf-8")
    document = (
        "\\documentclass{article}\n\\usepackage{array,booktabs,longtable}\n"
        "\\begin{document}\n\\begin{table}\n\\input{findings.tex}\n"
        "\\caption{Findings}\n\\end{table}\n\\end{document}\n"
    )
    (tmp_path / "thesis.tex").write_text(document, encoding="utf-8")
    done = typeset(tmp_path, "thesis.tex", timeout=300)
    assert done.returncode != 0
    assert "! Dimension too large." in done.stdout
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    said = " ".join(page.split())
    assert "or stops with `Dimension too large` (in a one-column `article`" in said


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
@pytest.mark.parametrize("table", ["tabularx", "column"])
def test_a_table_in_one_column_of_a_two_column_article(table: str, tmp_path: Path) -> None:
    """In a column of a two-column article (10pt) the default table's four short
    columns leave its messages some 20 mm, and its words and ids (``(court.targets)``)
    ran past the column's edge ('Overfull \\hbox'); ``table="column"`` puts the rule,
    level and severity in the message's cell, and lets an id break after its dots."""
    inputs = []
    for number, path in enumerate(sorted((ROOT / "examples").glob("*.yaml"))):
        latex = a.check(a.load(path)).to_latex(table=table)
        (tmp_path / f"f{number}.tex").write_text(latex, encoding="utf-8")
        for size in ("", "\\small"):
            inputs.append(f"\\begin{{table}}{size}\\input{{f{number}.tex}}\\end{{table}}")
            inputs.append("\\clearpage")
    article = (
        "\\documentclass[twocolumn]{article}\n\\usepackage{booktabs,tabularx}\n"
        "\\begin{document}\n" + "\n".join(inputs) + "\n\\end{document}\n"
    )
    log = _latex("pdflatex", tmp_path, article, runs=1)
    assert ("Overfull" in log) == (table == "tabularx")


def test_the_column_table_has_a_row_per_finding_with_its_rule_level_and_severity() -> None:
    report = a.check(a.load(COURT))
    column = report.to_latex(table="column")
    assert report.to_latex() == report.to_latex(table="tabularx")  # the default as before
    rows = _rows(column)
    assert len(rows) == len(report.findings) == 12
    assert rows[0].startswith("1 & \\textbf{AS101} (quaternary, high): “Psychiatric report")
    assert "(court.\\hspace{0pt}targets)" in rows[0]
    assert rows[11].startswith("12 & \\textbf{AS501} (medium): ")  # no level
    assert "{@{}r>{\\raggedright\\arraybackslash}X@{}}" in column


# --- letters and signs that pdfLaTeX's default font encoding (OT1) lacks

_TWO_COLUMN = r"""\documentclass[twocolumn]{article}
\usepackage{booktabs,tabularx}
\begin{document}
\begin{table*}
\caption{Findings}
\input{findings.tex}
\end{table*}
\end{document}
"""


def _case_named(tmp_path: Path, name: str, rule: str) -> Path:
    """The court example with the court's name and its time target's label changed."""
    text = COURT.read_text(encoding="utf-8")
    assert "name: Magistrates' court" in text
    text = text.replace("name: Magistrates' court", f"name: {name}")
    text = text.replace("label: Remand for a medical report is limited in time", f"label: {rule}")
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return case


@pytest.mark.parametrize("engine", ["pdflatex", "lualatex"])
def test_polish_french_and_german_names_compile_in_latex_s_default_encoding(
    engine: str, tmp_path: Path
) -> None:
    """``ą``, ``«``, ``„`` and the others that only LaTeX's T1 encoding has stopped
    pdfLaTeX with 'Command \\k unavailable in encoding OT1' in an article that loads
    only the packages the table's comment names, as did an accent written apart and
    ``≥``; the table now takes the letters from T1 where the document's encoding has
    none."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    name = "Sąd Rejonowy — «tribunal» „Gericht“ ‹x› ‚y‘ Đakovo Þórður Ŋ Llŷn"
    case = _case_named(tmp_path, name, "Remand ≥ 3 weeks is limited (Ustawa, § 6), Cafe\u0301")
    output = str(tmp_path / "findings.tex")
    assert main(["check", str(case), "--format", "latex", "--fail-on", "never", "-o", output]) == 0
    assert name in (tmp_path / "findings.tex").read_text(encoding="utf-8")
    _latex(engine, tmp_path, _TWO_COLUMN, runs=1)


@pytest.mark.parametrize("table", ["tabularx", "longtable", "column"])
def test_a_table_of_plain_text_declares_nothing(table: str) -> None:
    """Only a table whose text needs a letter of T1 says where to take it from: the
    example cases' tables are the bytes they were."""
    text = a.check(a.load(COURT)).to_latex(table=table)
    assert "ProvideTextCommandDefault" not in text


@pytest.mark.parametrize("table", ["tabularx", "longtable", "column"])
def test_each_table_says_once_where_to_take_the_letters_it_needs(table: str) -> None:
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "Sąd, «Gericht» ąę"
    data["findings"][1]["message"] = "Ęą"
    text = a.Report.from_json(json.dumps(data)).to_latex(table=table)
    declared = [line for line in text.splitlines() if "ProvideTextCommandDefault" in line]
    assert declared == [
        "\\ProvideTextCommandDefault{\\guillemetleft}{\\UseTextSymbol{T1}{\\guillemetleft}}",
        "\\ProvideTextCommandDefault{\\guillemetright}{\\UseTextSymbol{T1}{\\guillemetright}}",
        "\\ProvideTextCommandDefault{\\k}{\\UseTextAccent{T1}{\\k}}",
    ]
    opening = "\\begin{longtable}" if table == "longtable" else "\\begin{tabularx}"
    assert text.index(declared[-1]) < text.index(opening)
    if table == "longtable":  # inside its group, as the measure is
        assert text.index("\\begingroup") < text.index(declared[0])


def test_decomposed_accents_are_composed_for_pdflatex() -> None:
    """Text pasted from some PDFs and file names writes ``é`` as ``e`` and a combining
    accent, which pdfLaTeX stops at ('Unicode character ́ (U+0301) not set up')."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "Cafe\u0301 Lly\u0302n"
    text = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in text.splitlines() if line.startswith("1 & ")]
    assert "Café Llŷn" in row


def test_comparison_signs_and_a_zero_width_space_print_in_pdflatex() -> None:
    """``≤ ≥ ≠ ≈ −`` are no text characters to pdfLaTeX ('not set up for use with
    LaTeX'): they are written as the math signs, in every engine; a zero-width space,
    invisible in the case file, is the place to break a line that it marks."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    data["findings"][0]["message"] = "age ≥ 18, ≤ 3, ≠ 2, ≈ 4, −1, a\u200bb"
    text = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in text.splitlines() if line.startswith("1 & ")]
    assert (
        "age \\ensuremath{\\geq} 18, \\ensuremath{\\leq} 3, \\ensuremath{\\neq} 2,"
        " \\ensuremath{\\approx} 4, \\ensuremath{-}1, a\\hspace{0pt}b"
    ) in row


def test_only_accents_written_apart_are_composed_other_characters_stay_as_written() -> None:
    """Composing is for a letter and the accent written after it: the ohm sign, which
    pdfLaTeX prints (``\\textohm``), is not made the Greek Omega, which stops it ('not
    set up for use with LaTeX'); a CJK compatibility ideograph, which a name may be
    written in, is not made its unified form, another glyph in LuaLaTeX's fonts; nor
    conjoining Hangul letters a syllable."""
    data = json.loads(a.check(a.load(COURT)).to_json())
    kept = "5\u2126, \u2329x\u232a, \uf900, \u1100\u1161, \u212b"
    data["findings"][0]["message"] = f"{kept}; Cafe\u0301, Sa\u0328d"
    text = a.Report.from_json(json.dumps(data)).to_latex()
    (row,) = [line for line in text.splitlines() if line.startswith("1 & ")]
    assert f"{kept}; Café, Sąd" in row
    assert "\\ProvideTextCommandDefault{\\k}{\\UseTextAccent{T1}{\\k}}" in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_an_ohm_sign_and_accents_written_apart_compile_in_pdflatex(tmp_path: Path) -> None:
    case = _case_named(tmp_path, "Sa\u0328d Rejonowy", "Remand (5 k\u2126) for Cafe\u0301")
    output = str(tmp_path / "findings.tex")
    assert main(["check", str(case), "--format", "latex", "--fail-on", "never", "-o", output]) == 0
    _latex("pdflatex", tmp_path, _TWO_COLUMN, runs=1)
