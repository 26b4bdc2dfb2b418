"""What the HTML handout offers a screen reader, read from its markup: every table has a
name, and the words a finding's line abbreviates (its severity, its rule's code, its key)
are explained before the first of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import pytest

from activity_systems import load
from activity_systems.handouts import render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COURT = EXAMPLES / "court-reports.yaml"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"

pytestmark = pytest.mark.usefixtures("stubbed")


class Tables(HTMLParser):
    """Each table's accessible name: its aria-label, or the text of its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self._caption: list[str] | None = None
        self._table_index: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.names.append(dict(attrs).get("aria-label") or "")
            self._table_index = len(self.names) - 1
        elif tag == "caption":
            self._caption = []

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None and self._table_index is not None:
            if not self.names[self._table_index]:
                self.names[self._table_index] = "".join(self._caption).strip()
            self._caption = None


def table_names(text: str) -> list[str]:
    parser = Tables()
    parser.feed(text)
    return parser.names


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(lambda: render_handout(load(COURT)).text, id="court"),
        pytest.param(
            lambda: render_handout(load(AFTER), previous=load(BEFORE)).text, id="progress"
        ),
    ],
)
def test_every_table_has_a_name_a_screen_reader_announces(html: Callable[[], str]) -> None:
    # A screen reader lists a page's tables by name and says it on entering one; the
    # scrolling box around a table is a region with a name, but the table itself had
    # none, so the action plan, the competencies, the worksheets and the cover's table
    # were each "table" with no name.
    names = table_names(html())
    assert len(names) >= 6
    assert all(names), names


def test_the_cover_table_and_the_worksheets_are_named_after_what_they_hold() -> None:
    names = table_names(render_handout(load(COURT)).text)
    assert "The team that uses this handout" in names
    assert "Action plan" in names
    assert "Competencies to develop" in names
    assert (
        "Scale of Organisational Integration: Magistrates' court and "
        "Community mental health services"
    ) in names


@pytest.mark.parametrize(
    ("format", "heading"),
    [("html", "<h2>3. Contradictions to discuss</h2>"), ("markdown", "## 3. Contradictions")],
)
def test_section_3_says_what_the_line_under_each_contradiction_holds(
    format: Literal["html", "markdown"], heading: str
) -> None:
    # Under each contradiction's heading a line reads "high · AS101
    # deadline-vs-turnaround · AS101-3705b555c6": to someone hearing it, three unexplained
    # codes. The section's opening paragraph now says what each is, before the first.
    text = render_handout(load(COURT), format=format).text
    start = text.index(heading)
    intro = text[start : text.index("AS101", start)]
    assert re.search(r"severity \(high, medium or low\)", intro)
    assert "the code and name of the rule that found it" in intro
    assert "key" in intro
    assert "action plan" in intro


def test_the_court_example_spells_out_the_sectors_it_abbreviates() -> None:
    # The court example's systems are headed "Magistrates' court (CJS)" and "Community
    # mental health services (MHS)": the case's description, the first thing the handout
    # says about it, spells both out.
    case = load(COURT)
    assert {system.sector for system in case.systems} == {"CJS", "MHS"}
    assert "criminal justice system (CJS" in (case.description or "")
    assert "mental health services (MHS" in (case.description or "")


def forced_colours_rules(html: str) -> dict[str, str]:
    """The declarations of each selector in the stylesheet's forced-colours blocks."""
    style = html[html.index("<style>") : html.index("</style>")]
    rules: dict[str, str] = {}
    blocks = re.finditer(r"@media \(forced-colors: active\) \{((?:[^{}]*\{[^{}]*\})*)\s*\}", style)
    for block in blocks:
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block.group(1)):
            for selector in selectors.split(","):
                rules[selector.strip()] = rules.get(selector.strip(), "") + body
    return rules


@pytest.mark.parametrize("theme", ["default", "print"])
def test_a_figure_keeps_its_white_ground_in_forced_colours(theme: str) -> None:
    # On screen the figure's own white ground is made transparent (so that the shades of
    # a box that scrolls show through) and the box behind it is white. A dark high
    # contrast theme (forced colours) paints every box's background black: the figure's
    # title, legend, the systems' names, its grey lines and the exchanges' arrows were
    # dark on black. The box keeps its colours, as the figure inside it does.
    html = render_handout(load(COURT), format="html", theme=theme).text
    rules = forced_colours_rules(html)
    assert "forced-color-adjust: none" in rules.get(".diagram", ""), rules
    assert "background-color: #ffffff" in rules[".diagram"], rules
    # its focus outline is the system's, which the theme makes visible on its Canvas
    assert "outline-color: Highlight" in rules.get(".diagram:focus-visible", ""), rules
