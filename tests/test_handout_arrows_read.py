"""What the HTML handout's arrows are to a screen reader and to the eye: "→" between two
systems, and between before and after, was read "right arrow"; it is shown as before,
and read as the page's word for it ("to")."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from activity_systems import load
from activity_systems.handouts import render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COURT = EXAMPLES / "court-reports.yaml"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"

pytestmark = pytest.mark.usefixtures("stubbed")

_VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col"})


class Texts(HTMLParser):
    """The text of each cell (``td`` and ``th``) of the body, as a screen reader reads it
    (without what is ``aria-hidden``, with the word the stylesheet gives an
    ``arrow-to`` box, ``said``) and as the eye sees it, which is also what selecting
    the cell and copying it takes (every text of the page, and nothing the stylesheet
    adds)."""

    def __init__(self, said: str) -> None:
        super().__init__()
        self.said = said
        self.read: list[str] = []
        self.shown: list[str] = []
        self._open: list[tuple[str, bool]] = []  # tag, hidden from a screen reader
        self._cell: tuple[list[str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        unread = attributes.get("aria-hidden") == "true"
        self._open.append((tag, unread))
        if tag in ("td", "th"):
            self._cell = ([], [])
        if self._cell is not None and "arrow-to" in (attributes.get("class") or "").split():
            self._cell[0].append(self.said)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self._open and self._open.pop()[0] != tag:
            pass
        if tag in ("td", "th") and self._cell is not None:
            self.read.append(" ".join("".join(self._cell[0]).split()))
            self.shown.append(" ".join("".join(self._cell[1]).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is None:
            return
        if not any(unread for _, unread in self._open):
            self._cell[0].append(data)
        self._cell[1].append(data)


def cells(page: str) -> Texts:
    # the word of the page's stylesheet: .arrow-to::after { content: "" / "to"; }
    said = re.search(r'\.arrow-to::after \{ content: "" / "([^"]*)"; \}', page)
    assert said is not None, "the stylesheet gives the arrows no word"
    texts = Texts(said.group(1))
    texts.feed(page[page.index("<body") :])
    return texts


def test_the_exchange_table_reads_to_where_it_shows_an_arrow() -> None:
    texts = cells(render_handout(load(COURT)).text)
    journey = "Community mental health services {} Magistrates' court"
    assert journey.format("→") in texts.shown
    assert journey.format("to") in texts.read
    # and copying the row (or triple-clicking the cell) takes what is shown: a word
    # clipped out of sight was copied with it, "services →to Magistrates' court"
    assert not [cell for cell in texts.shown if re.search(r"[→←]\S", cell)]
    # the column's heading shows its arrow, and reads "From to" rather than "From right
    # arrow to"
    assert "From → to" in texts.shown
    assert "From to" in texts.read


def test_no_arrow_is_read_in_a_table_of_the_handout_or_its_progress_section() -> None:
    page = render_handout(load(AFTER), previous=load(BEFORE)).text
    texts = cells(page)
    assert any("→" in cell for cell in texts.shown)  # what changed: before → after
    assert not [cell for cell in texts.read if re.search("[→←]", cell)]
    changed = [cell for cell in texts.read if re.search(r"\d (hours|days|weeks) to \d", cell)]
    assert changed, "no change from one duration to another read with 'to'"


def test_a_page_in_welsh_reads_its_own_word_for_the_arrow() -> None:
    page = render_handout(load(COURT), template_dir=EXAMPLES / "handout-cy").text
    texts = cells(page)
    assert "Community mental health services i Magistrates' court" in texts.read
    assert "O i" in texts.read


def test_the_worksheets_arrows_are_shown_not_read() -> None:
    page = render_handout(load(COURT)).text
    line = re.search(r'<p class="continuum-arrow">.*?</p>', page)
    assert line is not None
    assert re.findall(r'<span aria-hidden="true">[←→]</span>', line.group()) != []
    assert not re.search(r"[←→](?!</span>)", line.group())


def own_stylesheet(folder: Path, text: str) -> Path:
    """A template folder whose own handout.css.j2 is ``text``."""
    folder.mkdir()
    (folder / "handout.css.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_folder_s_stylesheet_without_the_arrows_word_is_warned_of(tmp_path: Path) -> None:
    """A handout.css.j2 of the folder's own, written before the arrows took a word,
    hides the arrow from a screen reader and gives it no word: it is read as nothing,
    where it was read "right arrow", which is told rather than left unnoticed."""
    from activity_systems import UnusedTemplateWarning

    folder = own_stylesheet(tmp_path / "mine", "body { font-family: serif; }\n")
    with pytest.warns(UnusedTemplateWarning, match=r"handout\.css\.j2 .*\.arrow-to.*arrow_to"):
        page = render_handout(load(COURT), template_dir=folder).text
    assert 'class="arrow-to"' in page


def test_the_command_line_warns_of_a_folder_s_stylesheet_without_the_arrows_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activity_systems.cli import main

    folder = own_stylesheet(tmp_path / "mine", "body { font-family: serif; }\n")
    out = tmp_path / "handout.html"
    assert main(["handout", str(COURT), "--templates", str(folder), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err
    assert "read as nothing" in err


@pytest.mark.parametrize(
    "stylesheet",
    [
        '{% include "shipped/handout.css.j2" %}\nbody { font-family: serif; }\n',
        '.arrow-to::after { content: "" / "to"; }\n',
    ],
)
def test_a_folder_s_stylesheet_with_the_arrows_word_is_not_warned_of(
    tmp_path: Path, stylesheet: str
) -> None:
    import warnings

    folder = own_stylesheet(tmp_path / "mine", stylesheet)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_handout(load(COURT), template_dir=folder)


def test_a_handout_without_an_arrow_to_read_is_not_warned_of(tmp_path: Path) -> None:
    """The Markdown handout, which has no stylesheet, shows its arrows and reads them."""
    import warnings

    folder = own_stylesheet(tmp_path / "mine", "body { font-family: serif; }\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_handout(load(COURT), format="markdown", template_dir=folder)
