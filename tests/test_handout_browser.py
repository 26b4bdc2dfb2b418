"""The handout in a real browser: headless Chromium opens it from a file:// URL.

Skipped, with the reason, where Chromium, Playwright or Graphviz is missing.
"""

from __future__ import annotations

import base64
import itertools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from regional_services import region

import activity_systems as a
from activity_systems import Case
from activity_systems.handouts import handout
from activity_systems.render import summary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (Debian package 'chromium')", allow_module_level=True)
if shutil.which("dot") is None:
    pytest.skip("Graphviz 'dot' is not installed", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright Python package is not installed"
)

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
LIAISON_2027 = ROOT / "examples" / "liaison-and-diversion-2027.yaml"
ONE_SYSTEM = ROOT / "tests" / "data" / "one-system.yaml"
SEGREGATION = ROOT / "examples" / "segregation-unit.yaml"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '" onmouseover="alert(1)',
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def handout_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """The handout of an example case file, written once per file and theme for the
    module's tests: they only read it, and drawing its figures takes most of a second."""
    folder = tmp_path_factory.mktemp("handouts")
    written: dict[tuple[Path, str, str], Path] = {}

    def of(example: Path, theme: str = "default", paper: str = "a4") -> Path:
        if (example, theme, paper) not in written:
            target = folder / f"{example.stem}-{theme}-{paper}.html"
            written[example, theme, paper] = handout(
                a.load(example), target, theme=theme, paper=paper
            )
        return written[example, theme, paper]

    return of


@pytest.fixture(scope="module")
def court_html(handout_of: Callable[..., Path]) -> Path:
    return handout_of(COURT)


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """The page, its console errors (and page errors), and any dialogs it opened."""
    page = browser.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, errors, dialogs


def hostile_case() -> Case:
    script, img, attribute = PAYLOADS
    return Case.model_validate(
        {
            "title": f"Hostile {script}",
            "description": f"{img} {attribute}",
            "systems": [
                {
                    "id": "court",
                    "name": script,
                    "subject": img,
                    "object": {"label": attribute, "values": ["punishment"]},
                    "rules": [{"id": "targets", "label": script, "time_limit": "3 weeks"}],
                    "community": [img],
                    "division_of_labour": [{"task": attribute}],
                },
                {
                    "id": "mhs",
                    "name": img,
                    "subject": attribute,
                    "object": {"label": script, "values": ["treatment"]},
                    "tools": [{"id": "report", "label": attribute, "turnaround": "4-8 weeks"}],
                },
            ],
            "exchanges": [
                {
                    "id": "court-report",
                    "label": img,
                    "from": "mhs",
                    "to": "court",
                    "takes": "mhs.report",
                    "needed_within": "court.targets",
                }
            ],
        }
    )


def test_court_handout_draws_every_diagram(browser: Any, court_html: Path) -> None:
    page, errors, dialogs = open_page(browser, court_html)
    boxes = page.eval_on_selector_all(
        "svg",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert len(boxes) == 3
    assert all(width > 0 and height > 0 for width, height in boxes), boxes
    # Every diagram fits the page: no SVG wider than its figure.
    overflow = page.eval_on_selector_all(
        ".diagram svg",
        "els => els.filter(e => e.getBoundingClientRect().width >"
        " e.parentElement.getBoundingClientRect().width + 1).length",
    )
    assert overflow == 0
    text = page.inner_text("body")
    assert "Scale of Organisational Integration" in text
    assert "Quaternary contradictions" in text
    assert errors == []
    assert dialogs == []
    page.close()


def test_hostile_labels_open_no_dialog_and_read_literally(browser: Any, tmp_path: Path) -> None:
    path = handout(hostile_case(), tmp_path / "hostile.html")
    page, errors, dialogs = open_page(browser, path)
    # An injected onmouseover would fire here.
    page.eval_on_selector_all(
        "*",
        "els => els.forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))",
    )
    text = page.inner_text("body")
    for payload in PAYLOADS:
        assert payload in text
    assert page.eval_on_selector_all("img", "els => els.length") == 0
    assert page.eval_on_selector_all("script", "els => els.length") == 0
    assert page.eval_on_selector_all("[onmouseover], [onerror]", "els => els.length") == 0
    assert dialogs == []
    assert errors == []
    page.close()


def test_handout_prints_to_a4(browser: Any, court_html: Path) -> None:
    page, _, _ = open_page(browser, court_html)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    page.close()


# Gives an id to each element that a selector finds (mark-<name>-<i>), and links to each
# id, so that Chromium writes a named destination, with its page, into the PDF for each.
# Returns how many elements each selector found.
MARK_FOR_PRINT = """(marks) => {
  const links = document.createElement('p');
  const counts = {};
  for (const [name, selector] of Object.entries(marks)) {
    const found = document.querySelectorAll(selector);
    found.forEach((element, i) => {
      element.id = 'mark-' + name + '-' + i;
      const link = document.createElement('a');
      link.href = '#' + element.id;
      link.textContent = element.id;
      links.append(link, ' ');
    });
    counts[name] = found.length;
  }
  document.body.append(links);
  return counts;
}"""


class Printed:
    """A PDF that Chromium printed: its pages in order and its named destinations."""

    def __init__(self, pdf: bytes) -> None:
        objects = {
            int(number): body
            for number, body in re.findall(
                rb"(\d+) 0 obj\s*<<(.*?)>>\s*(?:stream|endobj)", pdf, re.S
            )
        }

        def pages(number: int) -> list[int]:
            body = objects[number]
            if b"/Type /Pages" not in body:
                return [number]
            kids = re.search(rb"/Kids \[([^\]]*)\]", body)
            assert kids is not None
            return [page for kid in re.findall(rb"(\d+) 0 R", kids[1]) for page in pages(int(kid))]

        (root,) = (
            number
            for number, body in objects.items()
            if b"/Type /Pages" in body and b"/Parent" not in body
        )
        order = pages(root)
        index = {page: i for i, page in enumerate(order, start=1)}
        #: The page, from 1, of each named destination.
        self.on = {
            name.decode(): index[int(page)]
            for name, page in re.findall(rb"/([\w.-]+) \[(\d+) 0 R /XYZ", pdf)
        }
        boxes = [re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", objects[n]) for n in order]
        assert all(boxes)
        #: The pages, from 1, printed in landscape.
        self.landscape = {
            i for i, box in enumerate(boxes, start=1) if box and float(box[1]) > float(box[2])
        }
        self.count = len(order)

    def pages(self, name: str, count: int) -> set[int]:
        """The pages of the ``count`` elements marked ``name``."""
        return {self.on[f"mark-{name}-{i}"] for i in range(count)}


def printed(browser: Any, path: Path, marks: dict[str, str]) -> tuple[Printed, dict[str, int]]:
    """``path`` printed as the docs say (the page sizes the handout sets), with the
    elements that ``marks`` selects findable in it; and how many each selector found."""
    page, _, _ = open_page(browser, path)
    counts = page.evaluate(MARK_FOR_PRINT, marks)
    pdf = page.pdf(prefer_css_page_size=True)
    page.close()
    return Printed(pdf), counts


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(
    "example", [COURT, LIAISON, SEGREGATION], ids=["court", "liaison", "segregation"]
)
def test_print_keeps_headings_with_figures_and_captions_with_tables(
    browser: Any, handout_of: Callable[..., Path], example: Path, paper: str
) -> None:
    """Printed as the docs say, on either paper, section 2 starts with its heading and
    first figure on one page, and no table caption, nor its heading row, is left at the
    foot of a page apart from the table's first row of content. (On Letter, the element
    tables of the court's and the segregation unit's first systems were.)"""
    path = handout_of(example, paper=paper)
    pdf, found = printed(
        browser,
        path,
        {
            "heading": "#interaction h2",
            "figure": "#interaction figure .diagram",
            "figure-caption": "#interaction figure figcaption",
            "caption": "table > caption",
            # the first row that is not a node's heading (SUBJECT), whose text the
            # caption and the table's heading row are for
            "row": "table:has(> caption) > tbody:first-of-type"
            " > tr:nth-child(1 of :not(.nodehead))",
        },
    )
    on = pdf.on
    assert on["mark-heading-0"] == on["mark-figure-0"] == on["mark-figure-caption-0"], on
    captions = found["caption"]
    assert captions >= 3  # an element table per system, and the exchanges
    assert found["row"] == captions
    for i in range(captions):
        assert on[f"mark-caption-{i}"] == on[f"mark-row-{i}"], (i, on)


@pytest.mark.parametrize("example", [COURT, LIAISON], ids=["court", "liaison"])
def test_print_turns_only_the_wide_figures_to_landscape(
    browser: Any, handout_of: Callable[..., Path], example: Path
) -> None:
    """Figure 3 and the overview get landscape pages; the table of exchanges after them is
    upright, and section 3 follows it on its page instead of leaving it a page of its own."""
    path = handout_of(example)
    pdf, found = printed(
        browser,
        path,
        {
            "wide": ".figure-pair .diagram, .figure-overview .diagram",
            "exchanges": "#interaction table caption",
            "contradictions": "#contradictions h2",
        },
    )
    assert found["wide"] >= 1
    assert found["exchanges"] == 1
    assert pdf.landscape == pdf.pages("wide", found["wide"]), pdf.on
    exchanges = pdf.on["mark-exchanges-0"]
    assert exchanges not in pdf.landscape
    assert pdf.on["mark-contradictions-0"] == exchanges, pdf.on


def test_print_of_a_case_with_one_system_is_upright(
    browser: Any, handout_of: Callable[..., Path]
) -> None:
    """Without a Figure 3 no page is landscape, and section 2, a sentence long, shares its
    page with section 3."""
    path = handout_of(ONE_SYSTEM)
    pdf, _ = printed(
        browser, path, {"meet": "#interaction h2", "contradictions": "#contradictions h2"}
    )
    assert pdf.landscape == set()
    assert pdf.on["mark-meet-0"] == pdf.on["mark-contradictions-0"], pdf.on
    assert pdf.on["mark-meet-0"] > 1  # section 2 starts a page, after section 1


def test_print_ends_with_the_closing_line_beside_the_last_table_row(
    browser: Any, handout_of: Callable[..., Path]
) -> None:
    """The closing line is not left alone on a last page: the last row of the last table
    goes over with it. (The 2027 liaison case fills its second last page exactly.)"""
    path = handout_of(LIAISON_2027)
    pdf, found = printed(
        browser,
        path,
        {"footer": "body > footer", "row": "main > section:last-of-type tr:last-child"},
    )
    assert found["footer"] == 1
    assert found["row"] >= 1
    last_row = f"mark-row-{found['row'] - 1}"
    assert pdf.on["mark-footer-0"] == pdf.on[last_row] == pdf.count, pdf.on


@pytest.mark.parametrize(
    "example", [LIAISON_2027, SEGREGATION], ids=["liaison-2027", "segregation"]
)
def test_print_leaves_no_last_row_and_no_blank_rows_alone_on_a_page(
    browser: Any, handout_of: Callable[..., Path], example: Path
) -> None:
    """A table's last row goes over to a new page with the row before it, and the action
    plan's blank rows with the last action. (Each of these two cases had one alone.)"""
    path = handout_of(example)
    pdf, found = printed(
        browser,
        path,
        {
            # (an element takes one mark: the blank rows are marked as such only)
            "last": "table.grid > tbody:last-of-type > tr:last-child:not(:first-child, .blank)",
            "before-last": "table.grid > tbody:last-of-type > tr:nth-last-child(2):not(.blank)",
            "blank": "tr.blank:nth-last-child(2)",
            "before-blank": "tr:has(+ tr.blank:nth-last-child(2))",
        },
    )
    assert found["last"] == found["before-last"] >= 5
    assert found["blank"] == found["before-blank"] == 1
    for i in range(found["last"]):
        assert pdf.on[f"mark-last-{i}"] == pdf.on[f"mark-before-last-{i}"], (i, pdf.on)
    assert pdf.on["mark-blank-0"] == pdf.on["mark-before-blank-0"], pdf.on


def test_print_theme_draws_table_lines_a_photocopier_keeps(
    browser: Any, handout_of: Callable[..., Path]
) -> None:
    """The lines of every table, the worksheet's and the action plan's that participants
    write between above all, print at least mid grey in the print theme; the default
    theme's light grey fades on a photocopy."""
    path = handout_of(COURT, "print")
    page, _, _ = open_page(browser, path)
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => [...document.querySelectorAll('table.grid td')].map(
             (cell) => getComputedStyle(cell).borderTopColor)"""
    )
    page.close()
    assert len(colours) > 100
    darkest = {colour: max(int(part) for part in re.findall(r"\d+", colour)) for colour in colours}
    assert all(level <= 0x80 for level in darkest.values()), sorted(set(colours))


PAGE_FOOTER = """() => {
  const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
  const page = rules.find((rule) => rule instanceof CSSPageRule && rule.selectorText === '');
  return Object.fromEntries([...page.cssRules].map((box) => [box.name, box.style.content]));
}"""


def test_printed_pages_carry_the_handouts_title_and_their_number(
    browser: Any, court_html: Path
) -> None:
    """Each printed page says which handout it is from and "Page 3 of 17", so that a
    photocopied set can be put in order; pages had no number unless the browser's own
    footer, with the file's address, was printed."""
    page, _, _ = open_page(browser, court_html)
    footer = page.evaluate(PAGE_FOOTER)
    page.close()
    assert footer == {
        "bottom-left": '"Psychiatric reports for the magistrates\' court"',
        "bottom-right": '"Page " counter(page) " of " counter(pages)',
    }


def test_a_printed_pages_foot_keeps_clear_of_the_papers_edge(
    browser: Any, court_html: Path
) -> None:
    """The foot's line of 9 points ends at least 5 mm above the paper's edge, which a
    printer may leave unprinted, on the upright pages and on the landscape ones, whose
    margin is 10 mm: placed as on the upright pages, it ended 2.6 mm from the edge."""
    page, _, _ = open_page(browser, court_html)
    places = page.evaluate(
        """() => [...document.styleSheets[0].cssRules]
             .filter((rule) => rule instanceof CSSPageRule)
             .map((rule) => ({page: rule.selectorText, margin: rule.style.marginBottom,
                              pads: [...rule.cssRules].map((box) => box.style.paddingTop)}))"""
    )
    page.close()
    default = next(place for place in places if place["page"] == "")
    line = 9 * 1.2 * 25.4 / 72
    for place in places:
        margin = float((place["margin"] or default["margin"]).removesuffix("mm"))
        pads = place["pads"] or default["pads"]
        assert pads, place
        for pad in pads:
            assert margin - float(pad.removesuffix("mm")) - line >= 5, place


def test_a_printed_pages_title_is_the_cases_text_cut_short(browser: Any, tmp_path: Path) -> None:
    """A title with quotes, a backslash or markup is the footer's text as it is, and a
    long one is cut short, so that it fits beside the page number."""
    title = 'Who "sees" them \\ </style><script>alert(1)</script> first? ' + "word " * 30
    case = a.load(ONE_SYSTEM).model_copy(update={"title": title})
    page, errors, dialogs = open_page(browser, handout(case, tmp_path / "handout.html"))
    footer = page.evaluate(PAGE_FOOTER)
    sheets = page.evaluate("() => document.styleSheets.length")
    page.close()
    assert (errors, dialogs, sheets) == ([], [], 1)
    shown = footer["bottom-left"]
    assert shown.startswith('"Who \\"sees\\" them \\\\ </style><script>alert(1)</script> first? ')
    assert shown.endswith('…"')
    text = shown[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    assert title.startswith(text[:-1])
    assert len(text) <= 90


def relative_luminance(colour: str) -> float:
    """The WCAG relative luminance of a computed CSS colour, ``rgb(r, g, b)``."""
    channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("theme", ["default", "print"])
def test_printed_numbers_read_without_background_graphics(
    browser: Any, handout_of: Callable[..., Path], theme: str
) -> None:
    """A browser leaves out backgrounds when printing unless told to: each contradiction's
    number is dark on the paper and circled by a border, rather than white on a red disc
    that printed as a faint grey digit (contrast 2.2:1) with no circle."""
    path = handout_of(COURT, theme)
    page, _, _ = open_page(browser, path)
    page.emulate_media(media="print")
    numbers = page.evaluate(
        """() => [...document.querySelectorAll('.finding .number')].map((number) => {
             const style = getComputedStyle(number);
             return {colour: style.color, border: style.borderTopStyle,
                     width: parseFloat(style.borderTopWidth), line: style.borderTopColor};
           })"""
    )
    page.close()
    assert len(numbers) == 12
    for number in numbers:
        contrast = 1.05 / (relative_luminance(number["colour"]) + 0.05)
        assert contrast >= 4.5, number
        assert number["border"] != "none", number
        assert number["width"] >= 1, number
        assert 1.05 / (relative_luminance(number["line"]) + 0.05) >= 4.5, number


def test_each_worksheet_leaves_room_to_write_three_lines(
    browser: Any, handout_of: Callable[..., Path]
) -> None:
    """Printed, each SOI worksheet has at least 20 mm of ruled lines under its question,
    whether the case assessed the pair (liaison's first) or not (its second)."""
    path = handout_of(LIAISON)
    page, _, _ = open_page(browser, path)
    page.emulate_media(media="print")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.worksheet .lines')].map((lines) => ({
             count: lines.children.length,
             mm: lines.getBoundingClientRect().height * 25.4 / 96}))"""
    )
    page.close()
    assert len(lines) == 2
    assert all(sheet["count"] >= 3 and sheet["mm"] >= 20 for sheet in lines), lines


def test_a_case_file_with_script_labels_makes_an_inert_handout(
    browser: Any, tmp_path: Path
) -> None:
    """As a new user meets it: markup pasted into a case file, the handout written by the
    command line, the page opened in a browser."""
    from activity_systems.cli import main

    case = Path(__file__).resolve().parent / "data" / "hostile" / "injection.yaml"
    target = tmp_path / "injection.html"
    assert main(["handout", str(case), "-o", str(target)]) == 0
    page, errors, dialogs = open_page(browser, target)
    page.eval_on_selector_all(
        "*",
        "els => els.forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))",
    )
    text = " ".join(page.inner_text("body").split())
    for label in (
        '<script>alert(1)</script> & "quotes"',
        '"><img src=x onerror=alert(1)>',
        '" onmouseover="alert(1)',
        "</td></tr></table><script>alert(2)</script>",
        "Report </text><script>alert(3)</script>",
        "<svg onload=alert(1)>",
    ):
        assert label in text
    assert page.eval_on_selector_all("script, img, iframe, object, embed", "els => els.length") == 0
    assert page.eval_on_selector_all("[onmouseover], [onerror], [onload]", "els => els.length") == 0
    assert dialogs == []
    assert errors == []
    page.close()


@pytest.mark.parametrize("width", [420, 640, 700])
@pytest.mark.parametrize("example", ["court-reports", "segregation-unit"])
def test_a_narrow_screen_does_not_scroll_sideways(
    browser: Any, handout_of: Callable[..., Path], example: str, width: int
) -> None:
    # The exchange table's long words ('offence-illness-link') made the page 572 pixels
    # wide on a 420-pixel screen. Between 600 and 740 pixels (a phone held sideways, a
    # laptop at 200 %) the worksheet's levels read 'Full segregati/on' and the action
    # plan's review date ran out of its cell.
    path = handout_of(COURT.parent / f"{example}.yaml")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.resolve().as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    # nor does a table break a word into pieces ('Ne/ed/ed wi/thi/n'), nor a word run out
    # of its cell: a table too wide for the screen scrolls sideways in its own box
    broken = page.evaluate(BROKEN_WORDS, "table.grid th, table.grid td")
    spilt = page.eval_on_selector_all(
        "table.grid th, table.grid td",
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)",
    )
    # the box that scrolls is a region round the table, which stays a table, and which a
    # keyboard can reach
    boxes = page.eval_on_selector_all(
        "table.grid",
        "tables => tables.map(t => [getComputedStyle(t).display, t.parentElement.role,"
        " t.parentElement.tabIndex, !!t.parentElement.ariaLabel,"
        " getComputedStyle(t.parentElement).overflowX])",
    )
    page.close()
    assert widths[1] <= widths[0]
    assert broken == []
    assert spilt == []
    assert boxes
    assert {tuple(box) for box in boxes} == {("table", "region", 0, True, "auto")}


# The words (runs of letters) of the elements matching a selector that the browser broke
# across lines: a word on one line has one box.
BROKEN_WORDS = """selector => [...document.querySelectorAll(selector)].flatMap(cell => {
  const broken = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[A-Za-z']+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
})"""


def test_a_wide_figures_caption_stays_in_the_text_column_on_screen(
    browser: Any, court_html: Path
) -> None:
    # Figure 3 breaks out of the text column; its caption began off the page, on the
    # grey around it.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(court_html.resolve().as_uri())
    caption = page.locator("figure.figure-pair figcaption").first.bounding_box()
    text = page.evaluate(
        "(() => { const r = document.body.getBoundingClientRect();"
        " const s = getComputedStyle(document.body);"
        " return [r.left + parseFloat(s.paddingLeft), r.right - parseFloat(s.paddingRight)]; })()"
    )
    page.close()
    assert text[0] - 1 <= caption["x"]
    assert caption["x"] + caption["width"] <= text[1] + 1


def test_a_screen_reader_gets_each_figure_by_its_caption_and_its_own_title(
    browser: Any, court_html: Path
) -> None:
    """Named by the caption, described by the figure's own title (the SVG's first
    ``<title>``, which the name no longer takes), as the handouts page says: one image,
    not its 250 marks one by one."""
    page = browser.new_page()
    page.goto(court_html.resolve().as_uri())
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    page.close()
    images = sorted(
        (node["name"]["value"], node.get("description", {}).get("value"))
        for node in nodes
        if node.get("role", {}).get("value") == "image"
    )
    assert images == [
        (
            "Figure 1. Magistrates' court",
            "Magistrates' court (CJS): activity system, 10 contradictions",
        ),
        (
            "Figure 2. Community mental health services",
            "Community mental health services (MHS): activity system, 10 contradictions",
        ),
        (
            "Figure 3. Magistrates' court and Community mental health services",
            "Magistrates' court and Community mental health services around their shared "
            "object, 11 contradictions",
        ),
    ]


# Whether each figure is drawn and the language Chromium takes its text to be in
# (CSS's :lang() follows xml:lang and lang as a screen reader's language does).
FIGURE_LANGUAGE = """() => [...document.querySelectorAll('svg')].map(svg => ({
  width: svg.getBoundingClientRect().width,
  texts: svg.querySelectorAll('text').length,
  welsh: svg.querySelectorAll('text:lang(cy)').length}))"""


def test_a_welsh_figure_is_drawn_and_read_as_welsh_on_its_own_and_in_an_english_page(
    browser: Any, tmp_path: Path
) -> None:
    """The root's xml:lang, in an SVG file, and its lang, in an HTML page that inlines
    the figure, are what Chromium takes the figure's language from: every line of text
    is Welsh, in an English page too, and the figure is still drawn."""
    from activity_systems.handouts.svg import inline_svg

    case = a.loads(
        "language: cy\ntitle: Llys\n"
        "systems: [{id: llys, name: Llys yr Ynadon, subject: Ynad, object: Diffynnydd}]\n"
    )
    svg = a.render(case, format="svg")
    alone = tmp_path / "figure.svg"
    alone.write_text(svg, encoding="utf-8")
    inlined = tmp_path / "page.html"
    inlined.write_text(
        f'<!DOCTYPE html><html lang="en"><body>{inline_svg(svg, "fig1")}</body></html>',
        encoding="utf-8",
    )
    for path in (alone, inlined):
        page, errors, _ = open_page(browser, path)
        [drawn] = page.evaluate(FIGURE_LANGUAGE)
        page.close()
        assert not errors
        assert drawn["width"] > 100
        assert drawn["texts"] > 5
        assert drawn["welsh"] == drawn["texts"]


# The smallest text of each figure in CSS pixels (Graphviz gives each text its font size
# in the units of the viewBox), the figure's box (its width and the width it scrolls),
# and what the box is to a keyboard and a screen reader.
FIGURE_TEXT = """() => [...document.querySelectorAll('.diagram svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(
    t => parseFloat(t.getAttribute('font-size')) * scale);
  const box = svg.parentElement;
  return {text: Math.min(...sizes), width: box.clientWidth, scrolls: box.scrollWidth,
          overflow: getComputedStyle(box).overflowX, role: box.role,
          label: box.ariaLabel, tabIndex: box.tabIndex};
})"""


@pytest.mark.parametrize("width", [390, 700])
def test_a_narrow_screen_shows_figures_large_enough_to_read_in_a_box_that_scrolls(
    browser: Any, handout_of: Callable[..., Path], width: int
) -> None:
    """On a phone the figures shrank to the column, their text 4 to 6 pixels high; they
    keep their text at 9 pixels or more and scroll sideways in their box, which a keyboard
    can reach, while the page itself does not scroll sideways."""
    path = handout_of(LIAISON)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.resolve().as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    boxes = page.evaluate(FIGURE_TEXT)
    page.close()
    assert widths[1] <= widths[0]
    assert len(boxes) == 6
    assert all(box["text"] >= 8.95 for box in boxes), boxes  # 9 pixels, give or take rounding
    assert all(box["overflow"] == "auto" for box in boxes), boxes
    assert any(box["scrolls"] > box["width"] + 1 for box in boxes), boxes
    names = [(box["role"], box["label"], box["tabIndex"]) for box in boxes]
    assert names == [("region", f"Figure {n}", 0) for n in range(1, 7)]


def test_a_wide_screen_fits_each_figure_to_its_box(browser: Any, court_html: Path) -> None:
    """From the width of an A4 page up, a figure fits its box as before, and prints so."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(court_html.resolve().as_uri())
    boxes = page.evaluate(FIGURE_TEXT)
    page.close()
    assert len(boxes) == 3
    assert all(box["scrolls"] <= box["width"] for box in boxes), boxes


@pytest.fixture(scope="module")
def region_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handout of :func:`region`: Figure 13 is the overview."""
    return handout(region(), tmp_path_factory.mktemp("handout") / "region.html")


@pytest.mark.parametrize("width", [800, 1400, 1920])
def test_an_overview_too_wide_to_read_shrunk_keeps_its_text_readable_on_any_screen(
    browser: Any, region_html: Path, width: int
) -> None:
    """From the width of an A4 page up, the overview of many systems was shrunk to the
    column, its text 2 to 3 pixels high (a 15-system map's: 2.3 pixels at 800, 3.3 at
    1,400 and 1,920), while a phone showed it at 9 pixels and more. It keeps that size,
    scrolling sideways in its box, which a keyboard reaches and scrolls with the arrow
    keys; the triangles still fit theirs, and the page does not scroll sideways."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(region_html.resolve().as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    boxes = page.evaluate(FIGURE_TEXT)
    assert widths[1] <= widths[0]
    assert len(boxes) == 13
    *triangles, wide = boxes
    assert wide["text"] >= 8.95, wide  # 9 pixels, give or take rounding
    assert wide["scrolls"] > wide["width"] + 1, wide
    assert (wide["role"], wide["label"], wide["tabIndex"]) == (
        "region",
        "Figure 13, scrolls sideways",
        0,
    )
    assert all(box["scrolls"] <= box["width"] for box in triangles), triangles
    assert all(box["text"] >= 8.95 for box in triangles), triangles
    page.locator("#figure-13 .diagram").focus()
    assert page.evaluate("document.activeElement.ariaLabel") == "Figure 13, scrolls sideways"
    page.keyboard.press("ArrowRight")
    assert page.wait_for_function(
        "document.querySelector('#figure-13 .diagram').scrollLeft > 0", timeout=2000
    )
    page.close()


def test_an_overview_too_wide_to_read_shrunk_prints_shrunk_to_its_page(
    browser: Any, region_html: Path
) -> None:
    """Only the screen shows it in a box that scrolls: printed, the overview fits its
    landscape page, and the line that says it scrolls is left out."""
    page = browser.new_page(viewport={"width": 1047, "height": 718})  # 277 × 190 mm
    page.goto(region_html.resolve().as_uri())
    page.emulate_media(media="print")
    boxes = page.evaluate(FIGURE_TEXT)
    note = page.locator(".scroll-note").is_visible()
    page.close()
    wide = boxes[-1]
    assert wide["scrolls"] <= wide["width"], wide
    assert note is False


# Each figure's drawing as printed: its width and height in millimetres (the SVG's box
# with the drawing fitted in it, as its preserveAspectRatio does), and the size in points
# of its 10-point text.
PRINTED_DRAWING = """() => [...document.querySelectorAll('.diagram svg')].map(svg => {
  const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  const scale = Math.min(box.width / view.width, box.height / view.height);
  return [view.width * scale * 25.4 / 96, view.height * scale * 25.4 / 96, 7.5 * scale];
})"""


def test_a_summarised_overview_fills_its_landscape_page(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary of a regional map stood its systems on a ring three times as wide as
    tall, printed across its landscape page and little more than a third of its height
    (a map of 15 services: 277 × 85 mm, its text 2.4 points, more than half the page
    empty). Its ring is about the page's shape now, and the overview takes the height
    that section 2's heading and the shared object leave it, as a pair's figure does,
    on the page of the heading: the 15 services print 251 × 153 mm, their text 3.9
    points."""
    monkeypatch.setattr(summary, "DETAIL_LIMIT", -1)  # summarise however few contradictions
    path = handout(region(), tmp_path / "region.html")
    pdf, _ = printed(
        browser, path, {"heading": "#interaction h2", "caption": "#figure-13 figcaption"}
    )
    page = browser.new_page(viewport={"width": 1047, "height": 718})  # 277 × 190 mm
    page.goto(path.resolve().as_uri())
    page.emulate_media(media="print")
    width, height, text = page.evaluate(PRINTED_DRAWING)[12]
    page.close()
    assert pdf.on["mark-heading-0"] == pdf.on["mark-caption-0"]
    assert pdf.on["mark-heading-0"] in pdf.landscape
    assert height >= 140, (width, height)
    assert text >= 5.5, (width, height, text)


def test_landmarks_hold_the_title_the_cover_the_contents_and_the_sections(
    browser: Any, court_html: Path
) -> None:
    """The banner holds the title alone, not the whole cover; the sections are the main
    content, as a screen reader's list of landmarks shows them."""
    page = browser.new_page()
    page.goto(court_html.resolve().as_uri())
    landmarks = page.evaluate(
        """() => [...document.body.children].map(e => [e.tagName.toLowerCase(),
             e.getAttribute('aria-label')])"""
    )
    banner = page.eval_on_selector_all("header > *", "els => els.map(e => e.tagName)")
    sections = page.eval_on_selector_all("main h2", "els => els.map(e => e.textContent)")
    cover = page.eval_on_selector_all("h2:not(main h2)", "els => els.map(e => e.textContent)")
    outside = page.eval_on_selector_all(
        "h2, h3, h4, figure, table",
        "els => els.filter(e => !e.closest('main, header, nav, footer, [aria-label]')).length",
    )
    tree = page.locator("body").aria_snapshot()
    page.close()
    assert landmarks == [
        ["header", None],
        ["section", "About this handout"],
        ["nav", "Contents"],
        ["main", None],
        ["footer", None],
    ]
    assert banner == ["P", "H1"]
    assert [heading.split(".")[0] for heading in sections] == ["1", "2", "3", "4", "5", "6"]
    assert cover == ["Using this handout"]
    assert outside == 0
    assert tree.startswith("- banner:\n")
    assert '- region "About this handout":' in tree
    assert '- navigation "Contents":' in tree
    assert "- main:" in tree


def test_the_contents_links_are_far_enough_apart_to_tap(browser: Any, court_html: Path) -> None:
    """WCAG 2.2's target size (2.5.8, AA): a link smaller than 24 × 24 pixels needs 24
    pixels from its centre to the next one's. The contents' links are 16 pixels high,
    and stood 20 pixels apart, so that a finger (or a hand that shakes, at 200 % zoom)
    met the section above or below."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(court_html.resolve().as_uri())
    centres = page.eval_on_selector_all(
        "nav.contents a",
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return r.top + r.height / 2; })",
    )
    page.close()
    assert len(centres) == 6
    gaps = [below - above for above, below in itertools.pairwise(centres)]
    assert min(gaps) >= 24, gaps


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_numbers_keep_their_circle_in_forced_colours(
    browser: Any, court_html: Path, scheme: str
) -> None:
    """Windows' high contrast (forced colours) draws no backgrounds: a contradiction's
    number lost its red disc and ran into its heading ("9 “Full assessment…”). It keeps
    a circle, drawn in the text's own colour; the figures' numbers keep theirs."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.emulate_media(forced_colors="active", color_scheme=scheme)
    page.goto(court_html.resolve().as_uri())
    numbers = page.eval_on_selector_all(
        ".number",
        "els => els.map(e => { const s = getComputedStyle(e);"
        " return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor, s.color]; })",
    )
    page.close()
    assert len(numbers) == 12
    assert all(style == "solid" and width >= 1 for style, width, _, _ in numbers), numbers
    assert all(border == text for _, _, border, text in numbers), numbers


@pytest.mark.parametrize("theme", ["default", "print"])
def test_a_figure_keeps_its_white_ground_in_a_dark_high_contrast_theme(
    browser: Any, handout_of: Callable[..., Path], theme: str
) -> None:
    """In a dark high contrast theme the figures' box was painted black, under a figure
    whose own ground is transparent on screen: its title, legend and the systems' names
    (#222222 and #666666) were dark on black. The box stays white, with the figure's
    colours on it, and its focus outline is the theme's Highlight."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.emulate_media(forced_colors="active", color_scheme="dark")
    page.goto(handout_of(COURT, theme).resolve().as_uri())
    grounds = page.eval_on_selector_all(
        ".diagram", "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    legend = page.eval_on_selector("#figure-3 svg g.graph > text", "e => getComputedStyle(e).fill")
    page.focus("#figure-3 .diagram")
    outline = page.eval_on_selector(
        "#figure-3 .diagram",
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineColor]; }",
    )
    body = page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor")
    page.close()
    assert body == "rgb(0, 0, 0)"  # the theme's own Canvas
    assert grounds == ["rgb(255, 255, 255)"] * 3, grounds
    assert legend == {"default": "rgb(34, 34, 34)", "print": "rgb(0, 0, 0)"}[theme]
    assert outline[0] == "solid", outline
    assert outline[1] != "rgb(0, 0, 0)", outline


def test_a_screen_reader_hears_the_worksheets_marks_not_its_circles(
    browser: Any, court_html: Path
) -> None:
    """The worksheet's circles to tick are drawn for the pen: a screen reader read each
    one out, "white circle" eight times a sheet, and "black circle current" for a mark.
    It hears an empty cell for each level not marked, and the mark's word alone."""
    page = browser.new_page()
    page.goto(court_html.resolve().as_uri())
    tree = page.locator(".worksheet table").aria_snapshot()
    shown = page.locator(".worksheet table").inner_text()
    page.close()
    assert "○" not in tree, tree
    assert "●" not in tree, tree
    assert '- cell "current"' in tree, tree
    assert '- cell "desired"' in tree, tree
    assert (shown.count("○"), shown.count("●")) == (8, 2), shown


def test_a_markdown_handout_shows_an_exchange_of_two_hebrew_services_from_left_to_right(
    browser: Any, tmp_path: Path
) -> None:
    """Rendered as MkDocs renders it (Python-Markdown) and as GitHub does (its blocks
    marked dir="auto"), the "From → to" cell names the giving service first, left of the
    arrow, and the finding's heading reads left to right. Unisolated, the two names and
    the arrow made one right-to-left run that showed the receiving service first."""
    markdown = pytest.importorskip("markdown", reason="Python-Markdown is not installed")
    from test_international import HEBREW_CASE

    source = handout(a.loads(HEBREW_CASE), tmp_path / "he.md").read_text(encoding="utf-8")
    body = markdown.markdown(source, extensions=["tables"])
    github = re.sub(r"<(p|li|h[1-6]|td|th)>", r'<\1 dir="auto">', body)
    giver, taker = "שירותי בריאות הנפש", "בית משפט השלום"
    for name, html in (("mkdocs", body), ("github", github)):
        path = tmp_path / f"{name}.html"
        path.write_text(f'<!doctype html><html lang="en"><meta charset="utf-8">{html}')
        page = browser.new_page()
        page.goto(path.as_uri())
        left = page.evaluate(
            """([giver, taker]) => {
              const cell = [...document.querySelectorAll('td')]
                .find(td => td.textContent.includes('→'));
              const text = cell.firstChild.textContent;
              const left = (word) => {
                const range = document.createRange();
                range.setStart(cell.firstChild, text.indexOf(word));
                range.setEnd(cell.firstChild, text.indexOf(word) + word.length);
                return range.getBoundingClientRect().left;
              };
              return [left(giver), left('→'), left(taker)];
            }""",
            [giver, taker],
        )
        heading = page.locator("h4", has_text="is needed by").first
        direction = heading.evaluate("h => getComputedStyle(h).direction")
        page.close()
        assert left == sorted(left), (name, left)
        assert direction == "ltr", name


# The median grey (0 to 255) of a strip 6 pixels wide, 4 to 10 pixels in from the right
# edge of an element's screenshot, over its middle half in height: the lines of a
# table's cells are one pixel wide and leave the median the box's ground.
RIGHT_EDGE_GREY = """async (png) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const top = Math.round(image.height / 4);
  const data = context.getImageData(image.width - 10, top, 6, image.height / 2).data;
  const greys = [];
  for (let i = 0; i < data.length; i += 4) greys.push((data[i] + data[i + 1] + data[i + 2]) / 3);
  greys.sort((a, b) => a - b);
  return greys[Math.floor(greys.length / 2)];
}"""


def test_a_phone_shades_the_edge_of_a_box_that_scrolls_where_more_lies(
    browser: Any, court_html: Path
) -> None:
    """On a phone a box that scrolls shows no scroll bar until it is touched: the action
    plan, cut at the screen's edge after its Owner column, looked whole, its review dates
    out of sight. The box is shaded at the edge where more of it lies, until it is
    scrolled to that end."""
    context = browser.new_context(
        viewport={"width": 375, "height": 667},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(court_html.resolve().as_uri())
    box = page.locator("#action-plan .table-scroll")
    box.scroll_into_view_if_needed()
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    grey_before = page.evaluate(RIGHT_EDGE_GREY, base64.b64encode(box.screenshot()).decode())
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    grey_after = page.evaluate(RIGHT_EDGE_GREY, base64.b64encode(box.screenshot()).decode())
    context.close()
    assert grey_after > 250, grey_after  # scrolled to its end: the paper, unshaded
    assert grey_before < 240, grey_before


# The text outside the figures set smaller than a given size, in CSS pixels: each
# element's own text (not its children's), as "tag.class size", with how many there are.
SMALL_TEXT = """least => {
  const small = {};
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('svg')) continue;
    const own = [...element.childNodes].some(n => n.nodeType === 3 && n.data.trim());
    if (!own) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < least) {
      const key = `${element.tagName.toLowerCase()}.${element.className} ${size.toFixed(1)}`;
      small[key] = (small[key] || 0) + 1;
    }
  }
  return small;
}"""


@pytest.mark.parametrize("width", [360, 768, 1024])
def test_no_text_on_a_screen_is_smaller_than_12_pixels(
    browser: Any, handout_of: Callable[..., Path], width: int
) -> None:
    """Set in points for the printed page, a system's purpose and values, the finding's
    rule and key, the worksheet's scale and its marks, and the closing line read 10 to 11
    pixels high on a phone and a tablet, under the 12 the rest of a phone's text keeps.
    On a screen they are 12 pixels high or more; printed, they keep their size, and the
    handout its pages."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=width < 768, has_touch=True
    )
    page = context.new_page()
    page.goto(handout_of(COURT).resolve().as_uri())
    on_screen = page.evaluate(SMALL_TEXT, 12)
    page.emulate_media(media="print")
    printed = page.eval_on_selector(".details", "e => parseFloat(getComputedStyle(e).fontSize)")
    context.close()
    assert on_screen == {}, on_screen
    assert printed == pytest.approx(9 * 4 / 3, abs=0.01)  # 9 points


PAGE_FOOT_SIZES = """() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules])
  .filter((rule) => rule instanceof CSSPageRule)
  .flatMap((rule) => [...rule.cssRules].map((box) => box.style.font || box.style.fontSize))
  .filter(Boolean)"""


@pytest.mark.parametrize("theme", ["default", "print"])
@pytest.mark.parametrize("example", [COURT, LIAISON], ids=["court", "liaison"])
def test_no_printed_text_is_smaller_than_9_points(
    browser: Any, handout_of: Callable[..., Path], example: Path, theme: str
) -> None:
    """Printed, a system's purpose and values, a finding's severity, rule and key, the
    worksheet's scale and its marks, the closing line and each page's foot were 7.5 to
    8.5 points high, too small to read on paper in a room where not everyone has their
    reading glasses: no printed text outside the figures is under 9 points."""
    page, _, _ = open_page(browser, handout_of(example, theme))
    page.emulate_media(media="print")
    printed = page.evaluate(SMALL_TEXT, 12)  # 9 points are 12 CSS pixels
    feet = page.evaluate(PAGE_FOOT_SIZES)
    page.close()
    assert printed == {}, printed
    assert feet, "the page's foot sets no size"
    for foot in feet:
        size = re.match(r"([\d.]+)pt", foot)
        assert size is not None, foot
        assert float(size[1]) >= 9, foot


LONG_ADDRESS = (
    "https://www.judiciary.uk/guidance-and-resources/"
    "mental-health-and-the-criminal-justice-system-psychiatric-reports-protocol-2026"
)


@pytest.mark.parametrize("width", [360, 390])
def test_a_long_address_in_the_title_does_not_make_a_phone_scroll_sideways(
    browser: Any, tmp_path: Path, width: int
) -> None:
    """A case whose title and sources cite a web address: in the title, set large, the
    address's first part ("//www.judiciary.uk/guidance-") is wider than a phone's screen,
    ran off its right edge, and the whole page scrolled sideways (539 pixels wide on a
    360-pixel screen). Outside the tables and the figures, which scroll in their own
    boxes, a word wider than its line breaks at the line's end."""
    text = COURT.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f'title: "Court reports: {LONG_ADDRESS}"', text)
    text = re.sub(r"(?m)^(\s*)source: .*$", rf'\1source: "{LONG_ADDRESS}"', text)
    path = handout(a.loads(text), tmp_path / "handout.html")
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(path.as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    past_the_edge = page.evaluate(
        """() => {
          const past = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.data.trim() || node.parentElement.closest('svg, .table-scroll, .diagram'))
              continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const right = Math.max(...[...range.getClientRects()].map(r => r.right));
            if (right > innerWidth) past.push(node.parentElement.tagName.toLowerCase());
          }
          return past;
        }"""
    )
    context.close()
    assert LONG_ADDRESS in path.read_text(encoding="utf-8")
    assert past_the_edge == [], past_the_edge
    assert widths[1] <= widths[0], widths


@pytest.mark.parametrize(("width", "height"), [(844, 390), (800, 1280), (960, 600)])
def test_a_phone_held_sideways_shows_the_pairs_figures_large_enough_to_read(
    browser: Any, handout_of: Callable[..., Path], width: int, height: int
) -> None:
    """Just wider than an A4 page (a phone held sideways, 844 pixels; a small tablet),
    the figures of pairs were shrunk to their box, their text 7.2 to 8 pixels high,
    smaller than on the same phone held upright (9). Like every figure on a narrow
    screen, they keep three quarters of their size and scroll sideways in their box,
    and the page does not scroll sideways."""
    path = handout_of(LIAISON)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(path.resolve().as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    boxes = page.evaluate(FIGURE_TEXT)
    page.close()
    assert widths[1] <= widths[0]
    assert len(boxes) == 6
    assert all(box["text"] >= 8.95 for box in boxes), boxes  # 9 pixels, give or take rounding
    assert [box["overflow"] for box in boxes[3:]] == ["auto"] * 3, boxes  # overview, pairs


# Draws the figure of the first pair taller, as a pair with more elements can be, and
# gives the height of its drawing on screen, in CSS pixels.
TALLER_PAIR = """height => {
  const svg = document.querySelector('.figure-pair svg');
  const box = svg.viewBox.baseVal;
  svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${height}`);
  svg.setAttribute('height', `${height}pt`);
  return svg.getBoundingClientRect().height;
}"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_a_tall_pair_figure_is_no_taller_on_a_wide_screen(
    browser: Any, handout_of: Callable[..., Path], width: int
) -> None:
    """On a desktop a figure as tall as it is wide is at most 200 millimetres high, as
    before, rather than grown to fill the width of its box and taller than the screen."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(handout_of(LIAISON).resolve().as_uri())
    height = page.evaluate(TALLER_PAIR, 1000)
    page.close()
    assert height == pytest.approx(200 * 96 / 25.4, abs=1)


def right_to_left_handout(folder: Path, example: Path, theme: str = "default") -> Path:
    """The handout of ``example`` in a page whose language is Arabic, its words and
    figures as shipped: only the page's direction differs from the English handout."""
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "_sections.j2").write_text(
        '{% import "shipped/_sections.j2" as shipped %}\n'
        '{% set lang = "ar" %}{% set kicker = shipped.kicker %}\n'
        "{% set using = shipped.using %}{% set order = shipped.order %}\n"
        "{% set headings = shipped.headings %}\n",
        encoding="utf-8",
    )
    return handout(
        a.load(example),
        folder / f"{example.stem}-{theme}-ar.html",
        theme=theme,
        template_dir=templates,
    )


# Where each text of each figure lies, in CSS pixels from its figure's top left corner.
FIGURE_TEXT_PLACES = """() => [...document.querySelectorAll('.diagram svg')].map(svg => {
  const frame = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map(text => {
    const box = text.getBoundingClientRect();
    return [Math.round(box.left - frame.left), Math.round(box.top - frame.top)];
  });
})"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_right_to_left_pages_figures_are_drawn_as_in_a_left_to_right_page(
    browser: Any, handout_of: Callable[..., Path], tmp_path: Path, media: str
) -> None:
    """The figures are laid out alike in every language: in an Arabic page, their texts
    took the page's direction, each line of a node's list anchored at its other end, so
    that it ran out of its box and the figure's title out of the figure."""
    places = []
    for path in (handout_of(LIAISON), right_to_left_handout(tmp_path, LIAISON)):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.emulate_media(media=media)
        page.goto(path.resolve().as_uri())
        places.append(page.evaluate(FIGURE_TEXT_PLACES))
        page.close()
    assert len(places[0]) == 6
    assert places[1] == places[0]


@pytest.mark.parametrize("width", [1100, 1280, 1920])
def test_a_right_to_left_pages_wide_figures_are_centred_on_the_screen(
    browser: Any, tmp_path: Path, width: int
) -> None:
    """The figures of pairs and the overview break out of the text column to the middle
    of the screen, as in a left-to-right page: in an Arabic page they were pushed off
    its left edge, and the page scrolled sideways, its text column cut at the screen's
    right edge."""
    path = right_to_left_handout(tmp_path, LIAISON)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.resolve().as_uri())
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    figures = page.eval_on_selector_all(
        ".figure-pair, .figure-overview",
        "figures => figures.map(f => { const r = f.getBoundingClientRect();"
        " return [r.left, document.documentElement.clientWidth - r.right]; })",
    )
    page.close()
    assert widths[1] <= widths[0]
    assert len(figures) == 3
    for left, right in figures:
        assert left >= 0
        assert left == pytest.approx(right, abs=1)


# Where each of two texts of the list of what changed lies: the left of each.
LEFTS_OF = """([first, second]) => {
  const item = [...document.querySelectorAll('#progress ul.differences li')]
    .find(li => li.textContent.includes(first) && li.textContent.includes(second));
  const left = text => {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(text);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const boxes = [...range.getClientRects()];
        return [boxes.length, Math.min(...boxes.map(b => b.left))];
      }
    }
    return null;
  };
  return [left(first), left(second), left('←')];
}"""


def test_what_changed_reads_from_before_to_after_in_a_right_to_left_page(
    browser: Any, tmp_path: Path
) -> None:
    """In an Arabic page, what changed is read from the right: the earlier value, an
    arrow pointing left, then the later one. Between two English values the arrow took
    their direction: "2–10 days ← 4–24 hours" showed the earlier value on the left, the
    arrow pointing at it, and its "2–10" split from its "days"."""
    templates = tmp_path / "templates"
    right_to_left_handout(tmp_path, LIAISON)  # writes the Arabic templates
    path = handout(
        a.load(LIAISON_2027),
        tmp_path / "progress-ar.html",
        previous=a.load(LIAISON),
        template_dir=templates,
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.resolve().as_uri())
    before, after, arrow = page.evaluate(LEFTS_OF, ["2–10 days", "4–24 hours"])
    page.close()
    assert before[0] == after[0] == 1, (before, after)  # each shown in one piece
    assert before[1] > arrow[1] > after[1], (before, arrow, after)


@pytest.mark.parametrize("width", [800, 1400])
def test_a_wide_overviews_box_shows_where_more_of_it_lies_on_screen(
    browser: Any, region_html: Path, width: int
) -> None:
    """Where scroll bars show only while scrolling (a phone, macOS with a trackpad,
    Chromium's overlay scroll bars, as in this headless Chromium), the box in which an
    overview too wide to read shrunk scrolls sideways draws no scroll bar: what marks
    the edge where the box cuts the figure is the shade at that edge, on a figure whose
    own white ground is transparent on screen. It goes when the box is scrolled to that
    end."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(region_html.resolve().as_uri())
    box = page.locator("#figure-13 .diagram")
    box.scroll_into_view_if_needed()
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    grey_before = page.evaluate(RIGHT_EDGE_GREY, base64.b64encode(box.screenshot()).decode())
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    grey_after = page.evaluate(RIGHT_EDGE_GREY, base64.b64encode(box.screenshot()).decode())
    page.close()
    assert grey_after > 250, grey_after  # scrolled to its end: the paper, unshaded
    assert grey_before < 240, grey_before


@pytest.fixture(scope="module")
def progress_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2027 handout with its progress since the 2026 version."""
    folder = tmp_path_factory.mktemp("progress")
    return handout(a.load(LIAISON_2027), folder / "progress.html", previous=a.load(LIAISON))


# Each finding's key (AS301-dd790274b9) on the page: its section, the lines it takes, and
# how far it reaches past the right of the cell, item or paragraph that holds it.
KEYS = """() => [...document.querySelectorAll('.key, code')]
  .filter(key => /^AS\\d{3}-[0-9a-f]{10}$/.test(key.textContent.trim()))
  .map(key => {
    const holder = key.closest('td, th, li, p').getBoundingClientRect();
    return [key.textContent, key.closest('section').id,
            new Set([...key.getClientRects()].map(rect => Math.round(rect.top))).size,
            key.getBoundingClientRect().right - holder.right];
  })"""


@pytest.mark.parametrize(("width", "media"), [(390, "screen"), (794, "print")])
def test_a_findings_key_stays_on_one_line(
    browser: Any, progress_html: Path, width: int, media: str
) -> None:
    """A finding's key broke at its hyphen, ``AS301-`` at the end of one line and
    ``dd790274b9`` at the start of the next: on a phone, in the findings, the action plan
    and the progress section, and printed, in the progress section. A key to copy, or
    to find in the report, read as two words. Each key stays whole, within its cell,
    and the page does not scroll sideways."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(progress_html.resolve().as_uri())
    page.emulate_media(media=media)
    keys = page.evaluate(KEYS)
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    page.close()
    assert {section for _, section, _, _ in keys} >= {"action-plan", "progress"}
    assert [key for key in keys if key[2] != 1] == []
    assert [key for key in keys if key[3] > 0.5] == []
    assert widths[1] <= widths[0]
