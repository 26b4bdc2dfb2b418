"""A report in a notebook: its findings' numbers shown whole, in JupyterLab, the classic
Notebook and a plain browser, under their own stylesheets (see ``notebook_frontends.py``).

The browser tests run in headless Chromium, skipped where Chromium or Playwright is
missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from notebook_frontends import chromium, page_of

from activity_systems import Finding, Report
from activity_systems.render.theme import contrast
from activity_systems.rules.finding import Severity
from activity_systems.rules.report_text import report_html

#: Numbers of four digits, and one of five: the figures' bolts carry the same numbers.
NUMBERS = (1, 9, 10, 99, 100, 999, 1000, 9999, 10_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


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
    items = re.findall(r'<li value="(\d+)" class="[^"]*"><b>(\d+)\. AS101 ', page)
    assert [int(value) for value, _ in items] == list(range(1, 121))
    assert all(value == number for value, number in items)
    assert '<ol class="findings" role="list" style="list-style: none; padding-left: 0">' in page


# The text each item starts with, and how far that text starts left of the output's own
# left edge, where the output cuts off what sticks out (in pixels; not above zero).
NUMBERS_SHOWN = """numbers => numbers.map(number => {
    const item = document.querySelector(`li[value="${number}"]`);
    const out = item.closest('.jp-OutputArea-output, .output_subarea, #plain');
    const marker = getComputedStyle(item, '::marker').content;
    const range = document.createRange();
    range.selectNodeContents(item.querySelector('b'));
    const left = Math.min(range.getBoundingClientRect().left, item.getBoundingClientRect().left);
    const listed = getComputedStyle(item).listStyleType !== 'none' && marker !== 'none';
    return [item.innerText.split(' ')[0], listed, out.getBoundingClientRect().left - left];
})"""


@pytest.mark.parametrize("frontend", ["jupyterlab", "classic", "plain"])
def test_numbers_up_to_10000_show_whole(browser: Any, long_report: Report, frontend: str) -> None:
    """In JupyterLab, a number of three digits or more as a list's marker stood in the
    list's 2em of padding, and the output area cut off its first digits: 100 showed as
    "00.". Written in the item's text, every number shows whole, with no marker beside
    it. (Only the items of those numbers are kept of the report's list, each a line.)"""
    kept = re.compile(rf'<li value="({"|".join(map(str, NUMBERS))})"')
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


@pytest.mark.parametrize("severity", ["high", "medium", "low"])
def test_each_severity_reads_on_a_notebooks_white(severity: Severity) -> None:
    """WCAG AA asks 4.5:1 of text this size: a medium finding's amber word read at
    4.18:1 in JupyterLab's and the classic Notebook's white output area."""
    finding = Finding.create(
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
    page = report_html(Report.build("Court", [finding], rules_run=["AS101"]))
    word = rf'<span class="severity" style="color:(#[0-9a-f]{{6}})">{severity}<'
    (colour,) = re.findall(word, page)
    assert contrast(colour, "white") >= 4.5, colour
