"""The Markdown handout converted to Word as docs/handouts.md says, with pandoc: the
recipe is taken from the page and run, and the document it makes is read back. The
tests that need pandoc (and Graphviz, for the figures) skip where either is missing;
the column widths are checked on the Markdown itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from activity_systems import load
from activity_systems.handouts import handout, render_handout

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
WELSH = ROOT / "examples" / "handout-cy"
PAGE = ROOT / "docs" / "handouts.md"

needs_pandoc = pytest.mark.skipif(
    shutil.which("pandoc") is None or shutil.which("dot") is None,
    reason="pandoc or Graphviz is not installed",
)


def section(name: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"\n## {name}\n")
    return text[start : text.index("\n## ", start + 1)]


def recipe() -> tuple[list[str], str]:
    """The pandoc command of "Word through pandoc", as words, and its filter."""
    text = section("Word through pandoc")
    blocks = re.findall(r"```text\n(.*?)```", text, re.S)
    (command,) = [
        line for block in blocks for line in block.splitlines() if line.startswith("pandoc ")
    ]
    (lua,) = [block for block in blocks if "function RawInline" in block]
    return command.split(), lua


def column_shares(text: str, header: str) -> dict[str, float]:
    """The share of the table's width that pandoc gives each column of the table headed
    ``header``: as the dashes of the line under it share out."""
    lines = text.splitlines()
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    dashes = [len(cell) for cell in lines[lines.index(header) + 1].strip("|").split("|")]
    return {cell: count / sum(dashes) for cell, count in zip(cells, dashes, strict=True)}


@pytest.mark.usefixtures("stubbed")
def test_narrow_columns_hold_the_handouts_own_words_whole_in_word() -> None:
    """pandoc gives a column the share of the table's width that its dashes have. The
    node column (1/7 of it) broke "Outcome" and "Community" in two in the .docx
    ("Outcom|e"), the competencies' "Contradictions" heading too ("Contradicti|ons", at
    1/6), and the source column "accompanying". Measured with pandoc 2.17, the .docx laid
    out by LibreOffice 7.4 in Noto Serif, wider than Word's Cambria, on a Letter page (A4
    is narrower by about 3%): at the shares below, none is broken."""
    text = render_handout(load(COURT), format="markdown").text
    nodes = column_shares(text, "| Node | Element | Description | Source |")
    assert nodes["Node"] >= 0.18
    assert nodes["Source"] >= 0.22
    assert nodes["Description"] == max(nodes.values())
    competencies = column_shares(text, "| Competency | What it means | Contradictions |")
    # 0.23 holds "Contradictions"; the Welsh of examples/handout-cy, "Gwrthddywediadau",
    # needs 0.27
    assert competencies["Contradictions"] >= 0.27
    assert competencies["What it means"] == max(competencies.values())


@pytest.mark.usefixtures("stubbed")
def test_the_welsh_handout_s_headings_of_levels_and_owner_stay_whole_in_word() -> None:
    """The Welsh handout of examples/handout-cy heads the worksheet's columns
    "Presennol" and "Dymunol" and the action plan's "Perchennog", which LibreOffice 7.4
    broke in two ("Presenn|ol", "Dymun|ol", "Perchenn|og") at 1/8 and 0.145 of the
    table's width, converted with pandoc 2.17 as docs/handouts.md says: at the shares
    below, none is broken."""
    text = render_handout(load(COURT), format="markdown", template_dir=WELSH).text
    levels = column_shares(text, "| Lefel | Beth mae’n ei olygu | Presennol | Dymunol |")
    assert levels["Presennol"] == levels["Dymunol"] >= 0.15
    assert levels["Beth mae’n ei olygu"] == max(levels.values())
    plan = column_shares(
        text, "| # | Gwrthddywediad | Strategaeth | Perchennog | Dyddiad adolygu |"
    )
    assert plan["Perchennog"] >= 0.17
    assert plan["Gwrthddywediad"] == max(plan.values())


def docx_text(path: Path) -> tuple[str, str]:
    """The document's XML and its text, a paragraph a line and a line break a ``|``."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(<w:br ?/>)", paragraph)
        paragraphs.append("".join(text or "|" for text, _ in pieces))
    return xml, "\n".join(paragraphs)


@needs_pandoc
def test_the_recipe_for_word_makes_headings_tables_figures_and_line_breaks(
    tmp_path: Path,
) -> None:
    """The recipe of docs/handouts.md, run as written: each caption once (pandoc made
    the image's alt text a caption of its own, above the handout's, so that each figure
    was captioned twice), every figure, real headings and tables, and the lines of a
    cell kept apart."""
    command, lua = recipe()
    assert command[1] == "court.md"
    assert command[-2:] == ["-o", "court.docx"]
    (tmp_path / "br.lua").write_text(lua, encoding="utf-8")
    handout(COURT, tmp_path / "court.md", figures="png")
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    xml, text = docx_text(tmp_path / "court.docx")

    for number, title in (
        (1, "Magistrates’ court"),
        (2, "Community mental health services"),
        (3, "Magistrates’ court and Community mental health services"),
    ):
        assert text.count(f"Figure {number}. {title}\n") == 1, number
    assert xml.count("<w:drawing>") == 3
    # every figure keeps its alt text, which Word reads out
    assert xml.count('descr="Figure ') == 3
    headings = re.findall(r'<w:pStyle w:val="(Heading\d)"', xml)
    assert headings.count("Heading1") == 1
    assert headings.count("Heading2") == 7
    assert headings.count("Heading4") == 12
    assert xml.count("<w:tbl>") == 7
    assert "mental health of the defendant.|Purpose: Informed, appropriate sentencing" in text
    assert "defendant.Purpose" not in text
    language = next(word for word in command if word.startswith("lang="))
    with zipfile.ZipFile(tmp_path / "court.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert f'w:val="{language.removeprefix("lang=")}"' in styles
