"""Reports as Markdown, text and HTML: golden files for the bundled example, and user
text that can never break out of its place.

Regenerate the golden files after an intended change with
``ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/rules/test_rules_report_text.py``.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from activity_systems import Case, Report, check, load
from activity_systems.rules.finding import RuleFailure
from activity_systems.rules.report_text import (
    escape_markdown,
    report_html,
    report_markdown,
    report_text,
)

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1"

FORMATS: dict[str, Callable[[Report], str]] = {
    "md": report_markdown,
    "txt": report_text,
    "html": report_html,
}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_court_example_matches_the_golden_file(suffix: str) -> None:
    report = check(load(ROOT / "examples" / "court-reports.yaml"))
    text = FORMATS[suffix](report)
    golden = GOLDEN / f"court-reports.{suffix}"
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, "utf-8")
    how = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/rules/test_rules_report_text.py"
    assert golden.exists(), f"no {golden.name}: create it with: {how}"
    assert text == golden.read_text("utf-8"), (
        f"{golden.name} differs; if the change is intended, regenerate with {how}"
    )


def test_report_methods_use_these_formats() -> None:
    report = check(load(ROOT / "examples" / "court-reports.yaml"))
    assert report.to_markdown() == report_markdown(report)
    assert report.to_text() == report_text(report)
    assert report._repr_html_() == report_html(report)


HOSTILE = (
    "<script>alert(1)</script> **bold** _it_ [link](http://x) | pipe # hash `code` "
    "&lt; <img src=x onerror=alert(1)>\n- item\n# heading"
)


def _hostile_report() -> Report:
    case = Case.model_validate(
        {
            "title": HOSTILE,
            "systems": [
                {"id": "court", "name": HOSTILE, "subject": "M", "object": "D"},
                {"id": "mhs", "subject": "P", "object": "S"},
            ],
            "exchanges": [{"id": "report", "label": HOSTILE, "from": "mhs", "to": "court"}],
        }
    )
    report = check(case, rules=["AS401", "AS601"])
    return report.model_copy(
        update={"rules_failed": (RuleFailure(rule="ORG1", error=f"ValueError: {HOSTILE}"),)}
    )


def _visible_text(rendered_html: str) -> str:
    """The text of ``rendered_html``, a space for each tag but a link's, which is inline."""
    inline = re.sub(r"</?a\b[^>]*>", "", rendered_html)
    return html.unescape(re.sub(r"<[^>]+>", " ", inline))


def test_markdown_shows_user_text_as_written() -> None:
    markdown = pytest.importorskip("markdown")  # Python-Markdown, which the docs build uses
    source = report_markdown(_hostile_report())
    rendered = markdown.markdown(source, extensions=["tables"])
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "a"}
    assert "<script" not in rendered
    assert "<img" not in rendered
    # the one web address in the text is linked as written, and nothing else is
    assert set(re.findall(r"<a [^>]*>", rendered)) == {'<a href="http://x">'}
    flat_hostile = " ".join(HOSTILE.split())
    assert flat_hostile in " ".join(_visible_text(rendered).split())


PILOT = "https://example.org/court_reports/pilot_1"


def test_markdown_escapes_as_the_handouts_do() -> None:
    """``~`` was ``\\~``, which MkDocs shows as written; a web address was escaped, and
    GitHub linked it with its backslashes; pandoc and MkDocs's attr_list took ``{pilot}``
    at the end of a heading for its attributes."""
    case = Case.model_validate(
        {
            "title": f"Reports take ~3 weeks, see {PILOT} {{pilot}}",
            "systems": [
                {"id": "court", "subject": "M", "object": "D"},
                {"id": "mhs", "subject": "P", "object": "S"},
            ],
            "exchanges": [{"id": "report", "label": "Report", "from": "mhs", "to": "court"}],
        }
    )
    source = report_markdown(check(case, rules=["AS401"]))
    assert source.startswith(
        f"# Contradictions: Reports take &#126;3 weeks, see <{PILOT}> \\{{pilot}}\n"
    )
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(source, extensions=["tables", "attr_list"])
    assert f'<a href="{PILOT}">{PILOT}</a> {{pilot}}</h1>' in rendered
    assert "Reports take ~3 weeks" in _visible_text(rendered)
    assert "\\" not in rendered


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Reports", "1\\. Reports"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("a\nb\r\nc", "a b c"),
        ("a_b*c`d", "a\\_b\\*c\\`d"),
        ("x < y & z > w", "x &lt; y & z &gt; w"),
        ("L&D &amp; &#60; &#x3C; AT&T;", "L&D &amp;amp; &amp;\\#60; &amp;\\#x3C; AT&amp;T;"),
        ("#1 | 2", "\\#1 \\| 2"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_html_escapes_everything() -> None:
    report = _hostile_report()
    rendered = report_html(report)
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&amp;lt;" in rendered
    # the report's alone: none of the text's own
    assert rendered.count("<div") == rendered.count("</div>") == 1
    assert rendered.count("<li") == rendered.count("</li>")
    assert rendered.count('<li class="finding ') == len(report.findings)


def test_text_drops_control_characters_and_groups_by_level() -> None:
    report = check(load(ROOT / "examples" / "segregation-unit.yaml"))
    text = report_text(report)
    assert text.splitlines()[:3] == [
        "Caring for segregated prisoners",
        "8 findings: 5 high, 3 medium, 0 low. By level: 0 primary, 2 secondary, 0 tertiary, 5",
        "quaternary; 1 without a level.",
    ]
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings[3:] == [
        "Secondary contradictions (2)",
        "Quaternary contradictions (5)",
        "Integration (1)",
    ]
    assert "[declared and detected]" in text
    assert all(len(line) <= 88 for line in text.splitlines())  # the summary too


def test_an_empty_report() -> None:
    report = Report.build("Quiet", [], rules_run=["AS101"])
    assert report_text(report) == "Quiet\nNo findings.\n"
    assert "No findings." in report_markdown(report)
    assert "No findings." in report_html(report)


def test_a_notebook_writes_a_long_report_s_counts_with_commas() -> None:
    """A count of "2,358 findings", as English writes it and the library's other notes do, not
    "2358 findings"; the text and Markdown reports keep theirs as they were."""
    import sys

    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    report = check(Case.model_validate(case_data(120)))
    # the counts follow from the catalogue (a new built-in rule changes them); what is
    # tested is how they are written, so the report need only be long enough for commas
    total = len(report.findings)
    high, medium, low = (
        sum(f.severity == severity for f in report.findings)
        for severity in ("high", "medium", "low")
    )
    quaternary = len(report.by_level()["quaternary"])
    assert min(total, high, quaternary) >= 1000, (
        "the generated case of 120 services gives too few findings to test the commas: "
        f"{total} in all, {high} high, {quaternary} quaternary"
    )
    shown = report._repr_html_()
    assert f"<p>{total:,} findings: {high:,} high, {medium:,} medium, {low:,} low." in shown
    assert f"<h4>Quaternary contradictions ({quaternary:,})</h4>" in shown
    assert f"Showing findings 1–200 of {total:,}, the most severe" in shown
    assert re.search(r"… and \d,\d{3} more \(numbers above 200\)", shown)
    assert not re.search(r"\d{4}", re.sub(r'src="[^"]*"|<li.*?</li>', "", shown, flags=re.S))
    kept = report.only(level="quaternary")._repr_html_()
    assert f"are listed: {quaternary:,} of {total:,}." in kept
    assert f"{total} findings:" in report_text(report)
    assert f"{total} findings:" in report_markdown(report)


def test_a_notebook_shows_the_most_severe_findings_of_a_long_report() -> None:
    import sys

    from activity_systems.rules.report_text import NOTEBOOK_FINDINGS

    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    report = check(Case.model_validate(case_data(60)))
    assert len(report.findings) > NOTEBOOK_FINDINGS
    shown = report._repr_html_()
    numbers = [
        int(n) for n in re.findall(r'<li class="[^"]*"(?: style="[^"]*")?><b>(\d+)\. ', shown)
    ]
    assert sorted(numbers) == list(range(1, NOTEBOOK_FINDINGS + 1))
    assert f"Showing findings 1–{NOTEBOOK_FINDINGS} of {len(report.findings):,}" in shown
    # every group still says how many it holds
    for group, count in re.findall(r"<h4>([^<]*) \((\d+)\)</h4>", shown):
        assert int(count) > 0, group
    counts = re.findall(r"<h4>[^<]* \((\d+)\)</h4>", shown)
    assert sum(int(count) for count in counts) == len(report.findings)
    # a short report is shown whole, without the line
    short = check(load(ROOT / "examples" / "court-reports.yaml"))._repr_html_()
    assert "Showing findings" not in short


NUMBERING_NOTE = "Numbered by severity, most severe first, as on the figures; listed by level."


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_listing_out_of_number_order_says_why(suffix: str) -> None:
    report = check(load(ROOT / "examples" / "liaison-and-diversion.yaml"))
    text = FORMATS[suffix](report)
    # the tertiary group lists 1, 2, 3, 4 and 9 before the quaternary group's 5
    assert suffix == "html" or re.search(r"\b9\..*\b5\.", text, re.DOTALL)
    assert NUMBERING_NOTE in text


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_listing_in_number_order_needs_no_note(suffix: str) -> None:
    report = check(load(ROOT / "examples" / "court-reports.yaml"), rules=["AS101", "AS201"])
    assert len(report.findings) > 1
    assert NUMBERING_NOTE not in FORMATS[suffix](report)


def test_text_gives_the_participants_note_of_a_declared_finding() -> None:
    # The note is what the group said; the text report showed only the generated sentence
    # and prompt, so the participants' words were in the Markdown and the handout only.
    case = Case.model_validate(
        {
            "title": "Declared",
            "systems": [
                {
                    "id": "court",
                    "subject": "Magistrate",
                    "object": "Defendant",
                    "tools": [{"id": "report", "label": "Report", "turnaround": "4 weeks"}],
                    "rules": [
                        {
                            "id": "targets",
                            "label": "Targets",
                            "time_limit": "3 weeks",
                            "applies_to": ["report"],
                        }
                    ],
                }
            ],
            "declared": [
                {
                    "between": ["court.object", "court.targets"],
                    "level": "secondary",
                    "note": "A report is not worth requesting",
                },
                {
                    "between": ["court.targets", "court.report"],
                    "level": "secondary",
                    "note": "Targets come first",
                },
                {"between": ["court.object", "court.report"], "level": "secondary"},
            ],
        }
    )
    lines = report_text(check(case, rules=["AS000", "AS102"])).splitlines()
    assert "     Participants: A report is not worth requesting" in lines  # declared only
    assert "     Participants: Targets come first" in lines  # declared and detected
    assert sum(line.startswith("     Participants:") for line in lines) == 2


def test_a_finding_prints_and_displays_as_the_report_shows_it() -> None:
    """print(finding) and a notebook's display of one: the finding as the text report
    and the report's HTML show it, without its number (a finding does not know it);
    repr() stays Pydantic's, every field."""
    report = check(load(ROOT / "examples" / "court-reports.yaml"))
    text, page = report_text(report), report_html(report)
    declared = next(f for f in report.findings if f.declared and f.note)
    for finding in (report.findings[0], declared):
        number = report.number(finding)
        block = re.search(rf"^ *{number}\. (.*?)(?=^ *\d+\. |^\n|\Z)", text, re.M | re.S)
        assert block is not None
        shown = str(finding)
        assert shown.splitlines()[0] == block[1].splitlines()[0]  # the title, unnumbered
        assert shown.split() == block[1].split()  # the same words, wrapped for its indent
        assert all(line.startswith("  ") for line in shown.splitlines()[1:])
        assert all(len(line) <= 88 for line in shown.splitlines())
        item = re.search(
            rf'<li class="([^"]*)"(?: style="[^"]*")?><b>{number}\. (.*?)</li>$',
            page,
            re.M,
        )
        assert item is not None
        assert finding._repr_html_() == (
            f'<div class="activity-systems-report"><div class="{item[1]}"><b>{item[2]}'
            "</div></div>\n"
        )
        assert repr(finding).startswith(f"Finding(key='{finding.key}', rule=")
    assert str(declared).splitlines()[0].endswith("[declared by the participants]")
