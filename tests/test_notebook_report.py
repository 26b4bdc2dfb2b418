"""A report in a notebook: its findings' numbers shown whole, in JupyterLab, the classic
Notebook and a plain browser, under their own stylesheets (see ``notebook_frontends.py``).

The browser tests run in headless Chromium, skipped where Chromium or Playwright is
missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from notebook_frontends import chromium, page_of

from activity_systems import Comparison, Finding, Report, compare
from activity_systems.render.theme import contrast
from activity_systems.rules.finding import Severity
from activity_systems.rules.report_text import report_html

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Numbers of four digits, and one of five: the figures' bolts carry the same numbers.
NUMBERS = (1, 9, 10, 99, 100, 999, 1000, 9999, 10_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    """The bundled example's two versions compared."""
    return compare(
        EXAMPLES / "liaison-and-diversion.yaml", EXAMPLES / "liaison-and-diversion-2027.yaml"
    )


@pytest.fixture(scope="module")
def long_report() -> Report:
    """A report of 10,000 findings, all in one group."""
    findings = [
        Finding.create(
            rule="AS101",
            name="deadline-vs-turnaround",
            category="contradiction",
            level="quaternary",
            severity="high",
            elements=[f"s{n}.targets", f"s{n}.report"],
            message=f"Report {n} is late.",
            explanation="Too slow.",
            prompt="What now?",
        )
        for n in range(max(NUMBERS))
    ]
    return Report.build("Region", findings, rules_run=["AS101"])


def test_each_finding_carries_its_number_in_its_text(long_report: Report) -> None:
    """As the text report and the Markdown write it, not as the list's marker only."""
    page = report_html(long_report, limit=120)
    numbers = re.findall(r'<li class="[^"]*"(?: style="[^"]*")?><b>(\d+)\. AS101 ', page)
    assert [int(number) for number in numbers] == list(range(1, 121))
    assert '<ul class="findings" role="list" style="list-style: none; padding-left: 0">' in page


# The text each item starts with, and how far that text starts left of the output's own
# left edge, where the output cuts off what sticks out (in pixels; not above zero).
NUMBERS_SHOWN = """numbers => numbers.map(number => {
    const item = [...document.querySelectorAll('li.finding')].find(
        item => item.querySelector('b').innerText.startsWith(`${number}. `));
    const out = item.closest('.jp-OutputArea-output, .output_subarea, #plain');
    const marker = getComputedStyle(item, '::marker').content;
    const range = document.createRange();
    range.selectNodeContents(item.querySelector('b'));
    const left = Math.min(range.getBoundingClientRect().left, item.getBoundingClientRect().left);
    const style = getComputedStyle(item);
    const listed = style.display === 'list-item' && style.listStyleType !== 'none'
        && marker !== 'none';
    return [item.innerText.split(' ')[0], listed, out.getBoundingClientRect().left - left];
})"""


@pytest.mark.parametrize("frontend", ["jupyterlab", "classic", "plain"])
def test_numbers_up_to_10000_show_whole(browser: Any, long_report: Report, frontend: str) -> None:
    """In JupyterLab, a number of three digits or more as a list's marker stood in the
    list's 2em of padding, and the output area cut off its first digits: 100 showed as
    "00.". Written in the item's text, every number shows whole, with no marker beside
    it. (Only the items of those numbers are kept of the report's list, each a line.)"""
    numbers = "|".join(map(str, NUMBERS))
    kept = re.compile(rf'<li class="[^"]*"(?: style="[^"]*")?><b>({numbers})\. ')
    shown = "\n".join(
        line
        for line in report_html(long_report).splitlines()
        if not line.startswith("<li ") or kept.match(line)
    )
    if frontend == "plain":
        page = browser.new_page(viewport={"width": 900, "height": 700})
        page.set_content(f"<div id=plain style='overflow: auto'>{shown}</div>")
    else:
        page = page_of(browser, frontend, {"text/html": shown})  # type: ignore[arg-type]
    measured = page.evaluate(NUMBERS_SHOWN, list(NUMBERS))
    page.close()
    assert [first for first, _, _ in measured] == [f"{number}." for number in NUMBERS]
    assert not any(listed for _, listed, _ in measured)  # no marker as well
    assert all(cut <= 0 for _, _, cut in measured), measured


# What a notebook's output stands on, and its text's own colour, in the frontends'
# light and dark themes: JupyterLab's (its --jp-layout-color0 and --jp-content-font-color1),
# VS Code's default dark editor and Colab's dark output.
THEMES = {
    "white": ("#ffffff", "rgba(0, 0, 0, 0.87)"),
    "jupyterlab-dark": ("#111111", "rgba(255, 255, 255, 0.87)"),
    "vscode-dark": ("#1e1e1e", "#cccccc"),
    "colab-dark": ("#383838", "#d5d5d5"),
}

# The least contrast of each piece of text of the page with what it stands on: the first
# background behind it that is not transparent, the page's at the last; a colour with
# some transparency is laid on that first.
LEAST_CONTRAST = """() => {
    const rgba = colour => {
        const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
        return {r, g, b, a};
    };
    const behind = element => {
        for (; element; element = element.parentElement) {
            const colour = rgba(getComputedStyle(element).backgroundColor);
            if (colour.a > 0) return colour;
        }
        return rgba(getComputedStyle(document.documentElement).backgroundColor);
    };
    const luminance = ({r, g, b}) => [r, g, b]
        .map(c => c / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
        .reduce((sum, c, k) => sum + c * [0.2126, 0.7152, 0.0722][k], 0);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = [];
    for (let node; (node = walker.nextNode());) {
        if (!node.textContent.trim()) continue;
        const under = behind(node.parentElement);
        const text = rgba(getComputedStyle(node.parentElement).color);
        const laid = ['r', 'g', 'b'].reduce(
            (mixed, c) => ({...mixed, [c]: text[c] * text.a + under[c] * (1 - text.a)}), {});
        const [high, low] = [luminance(laid), luminance(under)].sort((x, y) => y - x);
        seen.push([(high + 0.05) / (low + 0.05), node.textContent.trim()]);
    }
    return seen.sort((x, y) => x[0] - y[0])[0];
}"""


def late_report(severity: Severity) -> Finding:
    """A finding of the court's late report, of the given severity."""
    return Finding.create(
        rule="AS101",
        name="deadline-vs-turnaround",
        category="contradiction",
        level="quaternary",
        severity=severity,
        elements=["court.targets"],
        message="The report is late.",
        explanation="Too slow.",
        prompt="What now?",
    )


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_word_of_a_report_reads_in_light_and_dark_themes(
    browser: Any, comparison: Comparison, theme: str
) -> None:
    """The severity's red, amber and grey word was written in its colour on what the
    output stands on: on a dark theme's near-black, 'high' read at 2.6:1 in JupyterLab,
    2.3:1 in VS Code and 1.6:1 in Colab. Each word now stands on its own colour, white on
    it, and every piece of text of the report, of its findings and of a comparison reads
    at 4.5:1 or more on any page."""
    background, text = THEMES[theme]
    findings = [late_report(severity) for severity in ("high", "medium", "low")]
    shown = [
        report_html(Report.build("Court", findings, rules_run=["AS101"])),
        *(finding._repr_html_() for finding in findings),
        comparison._repr_html_(),
    ]
    page = browser.new_page()
    try:
        page.set_content(
            f"<style>html {{ background: {background}; color: {text} }}</style>{''.join(shown)}"
        )
        ratio, words = page.evaluate(LEAST_CONTRAST)
    finally:
        page.close()
    assert ratio >= 4.5, (round(ratio, 2), words)


@pytest.mark.parametrize("severity", ["high", "medium", "low"])
def test_each_severity_sets_its_own_colours(severity: Severity) -> None:
    """Both the word's colour and what it stands on, as hexadecimal colours, which
    JupyterLab's filter for untrusted HTML keeps (it drops a var() or a light-dark()),
    at WCAG AA's 4.5:1 for text this size (a medium finding's amber once read at 4.18:1
    on the white of JupyterLab's and the classic Notebook's output)."""
    finding = late_report(severity)
    for page in (
        report_html(Report.build("Court", [finding], rules_run=["AS101"])),
        finding._repr_html_(),
    ):
        (style,) = re.findall(rf'<span class="severity" style="([^"]*)">{severity}<', page)
        colours = dict(re.findall(r"(color|background-color): ?(#[0-9a-f]{6})", style))
        assert contrast(colours["color"], colours["background-color"]) >= 4.5, style


def test_numbers_show_once_where_styles_are_stripped(browser: Any) -> None:
    """GitHub's notebook viewer drops inline styles: a report's list, its markers hidden
    by a style only, showed each number twice ("9. 9. AS403 extra-contractual-work"),
    and under a group's list the marker's count from 1 beside the report's own number.
    Each finding shows its number once, in its text, however the page is styled."""
    from notebook_frontends import sanitised

    from activity_systems import check, load

    report = check(load(EXAMPLES / "court-reports.yaml"))
    page = browser.new_page(viewport={"width": 900, "height": 700})
    page.set_content(f"<div id=plain>{sanitised(report_html(report))}</div>")
    # the text a reader sees of each finding's title: its marker's, if any, then its own
    titles = page.evaluate(
        """() => [...document.querySelectorAll('#plain b')].map(title => {
            const item = title.parentElement;
            const style = getComputedStyle(item);
            const marked = style.display === 'list-item' && style.listStyleType !== 'none';
            const marker = !marked ? '' : style.listStyleType === 'disc' ? '• '
                : `${item.value || '?'}. `;
            return marker + title.innerText;
        })"""
    )
    page.close()
    assert len(titles) == len(report.findings)
    assert all(re.fullmatch(r"(?:• )?\d+\. AS\d+ \S+", title) for title in titles), titles
    numbers = sorted(int(title.removeprefix("• ").split(".")[0]) for title in titles)
    assert numbers == list(range(1, len(report.findings) + 1)), titles


@pytest.mark.parametrize("frontend", ["jupyterlab", "classic"])
def test_a_comparisons_tables_read_from_the_left(
    browser: Any, comparison: Comparison, frontend: str
) -> None:
    """JupyterLab's and the classic Notebook's stylesheets (and so nbconvert's HTML)
    align every table cell right, for columns of numbers: a comparison's tables, of
    strategies, labels and what changed, read as ragged-left paragraphs, each line
    starting somewhere else. Their cells are aligned left, and to the top of their row,
    where a long one runs over several lines."""
    page = page_of(browser, frontend, {"text/html": comparison._repr_html_()})  # type: ignore[arg-type]
    aligned = page.evaluate(
        """() => [...document.querySelectorAll('th, td')].map(cell => {
            const style = getComputedStyle(cell);
            return `${style.textAlign} ${style.verticalAlign}`;
        })"""
    )
    page.close()
    assert len(aligned) > 20
    assert set(aligned) == {"left top"}


def test_an_actions_review_date_stays_on_one_line(browser: Any, comparison: Comparison) -> None:
    """The actions table's review dates broke at their hyphens, "2026-12-" over "01",
    in JupyterLab's column of 832 pixels beside a long strategy and finding."""
    page = page_of(browser, "jupyterlab", {"text/html": comparison._repr_html_()})
    lines = page.evaluate(
        """() => [...document.querySelectorAll('td')]
            .filter(cell => /^\\d{4}-\\d\\d-\\d\\d$/.test(cell.innerText.trim()))
            .map(cell => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                return new Set([...range.getClientRects()].map(rect => rect.top)).size;
            })"""
    )
    page.close()
    assert len(lines) == len(comparison.actions)
    assert set(lines) == {1}, lines


@pytest.mark.parametrize(
    ("frontend", "column"), [("jupyterlab", 832), ("jupyterlab", 500), ("classic", 500)]
)
def test_a_findings_key_stays_on_one_line(
    browser: Any, comparison: Comparison, frontend: str, column: int
) -> None:
    """A finding's key, under its finding and beside an action's fate, broke at its
    hyphen, ``AS301-`` at the end of one line and ``dd790274b9`` at the start of the
    next, in JupyterLab's column of 832 pixels and in narrower ones: a key to copy or
    search for, which read as two words. Each key stays whole, in the lists of findings
    and in the actions table alike, and the output still fits JupyterLab's column."""
    page = page_of(browser, frontend, {"text/html": comparison._repr_html_()}, column=column)  # type: ignore[arg-type]
    keys, fits = page.evaluate(
        """() => {
            const keys = [...document.querySelectorAll('code')]
                .filter(code => /^AS\\d{3}-[0-9a-f]{10}$/.test(code.textContent))
                .map(code => [code.textContent, code.closest('td') ? 'table' : 'list',
                    new Set([...code.getClientRects()].map(rect => rect.top)).size]);
            const out = document.querySelector('#column > div');
            return [keys, out.scrollWidth <= out.clientWidth];
        }"""
    )
    page.close()
    keyed = len(comparison.resolved) + len(comparison.persisting) + len(comparison.new)
    keyed += len(comparison.unassessed) + len(comparison.actions)
    assert len(keys) == keyed
    assert {where for _, where, _ in keys} == {"table", "list"}
    assert [key for key in keys if key[2] != 1] == []
    if column == 832:
        assert fits  # nothing to scroll sideways to


@pytest.mark.parametrize("frontend", ["jupyterlab", "classic"])
def test_a_findings_question_reads_and_copies_as_its_other_text(
    browser: Any, frontend: str
) -> None:
    """The classic Notebook (and nbconvert's ``classic`` template) styles its own class
    ``prompt``, the cells' ``In [1]:``: the question a finding asks to discuss, of that
    class, showed in a typewriter face, padded, and could not be selected to be copied.
    It reads as the finding's message does, and selects."""
    from activity_systems import check, load

    report = check(load(EXAMPLES / "court-reports.yaml"))
    page = page_of(browser, frontend, {"text/html": report_html(report)})  # type: ignore[arg-type]
    styles = page.evaluate(
        """() => [...document.querySelectorAll('i')]
            .filter(label => label.innerText === 'Discuss:')
            .map(label => {
                const question = getComputedStyle(label.parentElement);
                const message = getComputedStyle(
                    label.closest('li.finding').querySelector('p'));
                return [question.fontFamily === message.fontFamily,
                        question.paddingLeft === message.paddingLeft,
                        question.userSelect];
            })"""
    )
    page.close()
    assert len(styles) == len(report.findings)
    assert all(same_font and same_padding for same_font, same_padding, _ in styles), styles
    assert "none" not in {selects for _, _, selects in styles}


@pytest.mark.parametrize("frontend", ["jupyterlab", "classic"])
def test_a_findings_title_stands_with_its_own_text(browser: Any, frontend: str) -> None:
    """In the classic Notebook, whose paragraphs have space above but little below, a
    finding's title stood a line's gap under the finding before it and a paragraph's
    gap above its own message, reading as the end of the one before. It stands at least
    as far from the finding before as from its own text."""
    from activity_systems import check, load

    report = check(load(EXAMPLES / "court-reports.yaml"))
    page = page_of(browser, frontend, {"text/html": report_html(report)})  # type: ignore[arg-type]
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('li.finding + li.finding')]
            .map(item => {
                const title = item.querySelector('b').getBoundingClientRect();
                const before = item.previousElementSibling.lastElementChild
                    .getBoundingClientRect();
                const message = item.querySelector('p').getBoundingClientRect();
                return [title.top - before.bottom, message.top - title.bottom];
            })"""
    )
    page.close()
    assert len(gaps) >= 8
    assert all(above >= below for above, below in gaps), gaps


@pytest.mark.parametrize("shown_as", ["trusted", "untrusted", "github"])
def test_a_screen_reader_hears_each_group_as_a_list(browser: Any, shown_as: str) -> None:
    """A screen reader tells how many findings a group holds and moves from one to the
    next as the items of a list. JupyterLab, in a notebook it does not trust (one shared
    by someone else), and GitHub drop an element's role: the findings' list, divs that
    only their role made a list, read as loose paragraphs there."""
    from notebook_frontends import sanitised, untrusted

    from activity_systems import check, load

    report = check(load(EXAMPLES / "court-reports.yaml"))
    shown = report_html(report)
    shown = {"trusted": shown, "untrusted": untrusted(shown), "github": sanitised(shown)}[shown_as]
    page = page_of(browser, "jupyterlab", {"text/html": shown})
    tree = page.locator("#column").aria_snapshot()
    page.close()
    lists = re.findall(r"^ *- list:?$", tree, re.M)
    items = re.findall(r"^ *- listitem:?.*$", tree, re.M)
    assert len(lists) == 4, tree  # primary, secondary, quaternary, without a level
    assert len(items) == len(report.findings), tree
    titles = re.findall(r"^ *- text: (\d+)\. AS\d+ ", tree, re.M)
    assert sorted(map(int, titles)) == list(range(1, len(report.findings) + 1)), tree
