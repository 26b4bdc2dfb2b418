"""A figure drawn for the width it is printed at (``render --print-width 88mm``): an SVG
that says that size, so that Word and LibreOffice insert it so, a PDF whose page is that
wide, fonts embedded as before, and a warning when its smallest text prints under the
7 points journals ask for."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from latex_runs import typeset

import activity_systems as a
from activity_systems.cli import main
from activity_systems.render import SmallTextWarning
from activity_systems.render.printed import print_points

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def _svg_size(svg: str) -> tuple[str, str, str]:
    found = re.search(r'<svg width="([^"]+)" height="([^"]+)"\s+viewBox="([^"]+)"', svg)
    assert found is not None
    return found[1], found[2], found[3]


def _page(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox \[ 0 0 (\S+) (\S+) \]", pdf)
    assert found is not None
    return float(found[1]), float(found[2])


def test_an_svg_says_the_width_it_is_printed_at_and_keeps_its_drawing() -> None:
    case = a.load(COURT)
    own = a.render(case, format="svg", system="court")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmallTextWarning)  # 8 points at 180 mm
        printed = a.render(case, format="svg", system="court", print_width="180mm")
    width, height, box = _svg_size(printed)
    assert width == "510.24pt"  # 180 mm
    assert box == _svg_size(own)[2]
    wide, high = (float(v) for v in box.split()[2:])
    assert float(height[:-2]) == pytest.approx(510.24 * high / wide, abs=0.01)
    # nothing but the size changes
    assert re.sub(r'<svg width="[^"]+" height="[^"]+"', "", printed) == re.sub(
        r'<svg width="[^"]+" height="[^"]+"', "", own
    )


def test_a_pdf_is_drawn_the_width_it_is_printed_at_with_its_fonts_embedded() -> None:
    case = a.load(COURT)
    with pytest.warns(SmallTextWarning):
        pdf = a.render(case, format="pdf", print_width="3.5in")
    width, height = _page(pdf)
    assert width == pytest.approx(252, abs=1)  # 3.5 inches, to the point
    own_width, own_height = _page(a.render(case, format="pdf"))
    assert height == pytest.approx(252 * own_height / own_width, abs=1)
    assert pdf.count(b"/FontFile") == pdf.count(b"/Type /FontDescriptor") > 0
    # larger than its own size, for a poster: scaled up, not left as it is
    assert _page(a.render(case, format="pdf", print_width="800mm"))[0] == pytest.approx(
        800 / 25.4 * 72, abs=1
    )


def test_text_printed_under_7_points_is_warned_of_with_the_width_it_needs() -> None:
    case = a.load(COURT)
    with pytest.warns(SmallTextWarning) as caught:
        a.render(case, format="svg", print_width="180mm")
    message = str(caught[0].message)
    # Figure 3 is 888 points (313 mm) wide, its legend 9 points: 5.2 at 180 mm
    assert "printed 180 mm wide" in message
    assert "prints at 5.2 points" in message
    assert "it needs 244 mm for 7-point text" in message
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmallTextWarning)
        a.render(case, format="svg", print_width="250mm")  # 7.2 points


def test_without_a_print_width_nothing_changes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmallTextWarning)
        svg = a.render(a.load(COURT), format="svg")
    assert _svg_size(svg)[:2] == ("888pt", "583pt")


@pytest.mark.parametrize("width", ["88", "88 px", "mm", "-3in", "0mm", "5001mm", "1e3mm"])
def test_a_width_without_its_unit_or_not_positive_is_refused(width: str) -> None:
    with pytest.raises(ValueError, match="is no print width"):
        print_points(width)


@pytest.mark.parametrize(
    ("width", "points"),
    [("88mm", 249.45), ("8.8cm", 249.45), ("3.5in", 252.0), ("250pt", 250.0), ("3.5 IN", 252.0)],
)
def test_a_width_in_each_unit(width: str, points: float) -> None:
    assert print_points(width) == pytest.approx(points, abs=0.01)


def test_python_refuses_a_print_width_for_a_png_before_drawing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="print_width applies to SVG and PDF, not PNG"):
        a.render(COURT, tmp_path / "figure.png", print_width="88mm")
    assert not (tmp_path / "figure.png").exists()


def test_the_command_line_draws_at_a_print_width_and_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "figure3.pdf"
    assert main(["render", str(COURT), "--print-width", "180mm", "-o", str(target)]) == 0
    assert _page(target.read_bytes())[0] == pytest.approx(510, abs=1)
    error = capsys.readouterr().err
    assert f"warning: {COURT}: printed 180 mm wide" in error
    assert "Traceback" not in error


def test_a_folder_of_figures_names_the_case_file_whose_text_prints_too_small(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("court-reports.yaml", "liaison-and-diversion.yaml"):
        (cases / name).write_bytes((ROOT / "examples" / name).read_bytes())
    out = tmp_path / "figures"
    out.mkdir()
    args = ["render", str(cases), "--print-width", "180mm", "--format", "pdf", "-o", str(out)]
    assert main([*args, "--no-progress"]) == 0
    error = capsys.readouterr().err
    # Figure 3 of the court (313 mm) is warned of; the liaison overview (223 mm) is not
    assert error.count("warning:") == 1
    assert f"warning: {cases / 'court-reports.yaml'}: printed 180 mm wide" in error
    assert sorted(p.name for p in out.iterdir()) == [
        "court-reports.pdf",
        "liaison-and-diversion.pdf",
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--print-width", "88"], "--print-width: '88' is no print width: give a number and"),
        (["--print-width", "88mm", "--format", "png"], "applies to SVG and PDF only, not PNG"),
        (["--print-width", "88mm", "--format", "dot"], "applies to SVG and PDF only, not DOT"),
    ],
)
def test_the_command_line_refuses_a_width_it_cannot_draw(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "figure"
    assert main(["render", str(COURT), *args, "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert said in error
    assert "Traceback" not in error
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("width", ["0.0001mm", "0.5pt", "0.01in"])
def test_a_width_under_a_point_is_refused_not_drawn_at_the_figure_s_own_size(
    width: str,
) -> None:
    """Under a point, the SVG said 0.00pt wide and Graphviz drew the PDF at its own size
    (a size of 0.0000 inches is none): neither the width asked for."""
    with pytest.raises(ValueError, match="at least 1pt"):
        print_points(width)
    assert print_points("1pt") == 1.0


@pytest.mark.parametrize(("width", "meant"), [("3,5in", "3.5in"), ("88,5 mm", "88.5 mm")])
def test_a_decimal_comma_is_answered_with_the_width_written_with_a_point(
    width: str, meant: str
) -> None:
    with pytest.raises(ValueError, match=f"decimal point.*{meant!r}"):
        print_points(width)


def test_a_comma_before_three_digits_may_separate_thousands() -> None:
    """``1,000mm`` is a thousand millimetres in English and one in French: the error
    gives both readings, not the decimal one alone."""
    with pytest.raises(
        ValueError, match=r"without a comma, '1000mm', or with a decimal point, '1\.000mm'"
    ):
        print_points("1,000mm")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--width", "88mm", "-o", "figure.pdf"], "'88mm' is not a positive whole number of"),
        (["--width", "1000", "-o", "figure.svg"], "applies to PNG only, not SVG"),
    ],
)
def test_a_width_for_a_vector_figure_points_to_print_width(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--width is a PNG's pixels: given a printed length, or with SVG or PDF, the error
    names the option that draws a figure the width it is printed at."""
    target = [str(tmp_path / arg) if arg.startswith("figure") else arg for arg in args]
    assert main(["render", str(COURT), *target]) == 2
    error = capsys.readouterr().err
    assert said in error
    assert "--print-width" in error.split("\n")[-2]  # the error's own line, not the usage
    assert list(tmp_path.iterdir()) == []


def test_python_s_width_for_a_vector_figure_points_to_print_width() -> None:
    with pytest.raises(ValueError, match="print_width"):
        a.render(COURT, format="pdf", width=1000)


def _docs_block(heading: str, fence: str) -> str:
    """The first ``fence`` block after ``heading`` on the figures page."""
    page = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    after = page.split(f"\n{heading}\n", 1)[1]
    return after.split(f"```{fence}\n", 1)[1].split("\n```", 1)[0]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_the_latex_article_of_the_figures_page_places_both_figures_in_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's commands and article, run as a reader would, with the article's text
    after the figures: both figures are placed with no line too wide, their fonts
    embedded in the article, and the figure turned on its side has its page to itself
    (a ``sidewaysfigure`` of one column in a two-column article spread across the text
    of the other)."""
    heading = "#### In a LaTeX article"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    shutil.copy(COURT, tmp_path / "examples" / COURT.name)
    commands = _docs_block(heading, "console").splitlines()
    assert len(commands) == 2
    for command in commands:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallTextWarning)  # Figure 3 at 210 mm, as said
            assert main(shlex.split(command)[1:]) == 0
    article = _docs_block(heading, "text")
    text = "\n\n".join(["zqxj " * 300] * 30)
    article = article.replace("\\end{document}", text + "\n\\end{document}")
    (tmp_path / "article.tex").write_text(article + "\n", encoding="utf-8")
    done = typeset(tmp_path, "article.tex", timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "article.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull" not in log
    if shutil.which("pdffonts") is not None:  # the figures' fonts, embedded
        fonts = subprocess.run(
            ["pdffonts", "article.pdf"], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert any("LiberationSans" in line for line in fonts)
        assert all(line.split()[-5] == "yes" for line in fonts)  # emb
    if shutil.which("pdftotext") is not None:  # the page turned on its side, its own
        pages = subprocess.run(
            ["pdftotext", "article.pdf", "-"], cwd=tmp_path, capture_output=True, text=True
        ).stdout.split("\f")
        (sideways,) = [page for page in pages if "facing each other" in page]
        assert "zqxj" not in sideways


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="LaTeX is not installed")
def test_a_width_in_latex_s_points_is_wider_than_latex_s_line_as_the_page_says(
    tmp_path: Path,
) -> None:
    """``--print-width 452pt`` takes the point of PDF (1/72 inch), not LaTeX's (1/72.27
    inch) that ``\\the\\textwidth`` prints: placed without ``width=``, LaTeX reports the
    1.7 points the page warns of; in millimetres, with ``width=\\linewidth``, none."""
    case = a.load(COURT)
    (tmp_path / "figure.pdf").write_bytes(
        a.render(case, format="pdf", system="court", print_width="452pt")
    )
    document = (
        "\\documentclass[twocolumn,a4paper]{article}\n\\usepackage{graphicx}\n"
        "\\begin{document}\n\\begin{figure*}\n\\includegraphics{figure.pdf}\n"
        "\\typeout{LINE=\\the\\linewidth}\n\\end{figure*}\n\\end{document}\n"
    )
    (tmp_path / "pt.tex").write_text(document, encoding="utf-8")
    done = typeset(tmp_path, "pt.tex", timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    said = done.stdout.replace("\n", "")  # TeX wraps its lines at 79 characters
    assert "LINE=452.0pt" in said
    assert "Overfull \\hbox (1.6939pt too wide)" in said
    page = _docs_block("#### In a LaTeX article", "text")
    assert page.count("\\includegraphics[width=\\linewidth]") == 2
