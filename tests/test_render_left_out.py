"""A figure of a case that leaves rules out (its ``leave_out``) says so in its caption,
in the words of the reports, so that a reader who knows the rules does not take a
missing contradiction for one the case does not have. A figure of a case that leaves
nothing out is drawn as it was (its golden files are unchanged)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.render import figure
from activity_systems.rules.report_text import report_text

COURT = Path("examples/court-reports.yaml").read_text(encoding="utf-8")
LIAISON = Path("examples/liaison-and-diversion.yaml").read_text(encoding="utf-8")
REASON = "The group sees the values as agreed for this workshop"
BY = "Workshop group, 4 November 2026"
LEAVE_OUT = f"""
leave_out:
  - rule: AS301
    reason: {REASON}
    by: {BY}
"""
SAID = f"Left out for this case: AS301 value-tension ({REASON}; {BY})."
GOLDEN = Path(__file__).resolve().parent / "golden"
# a caption's line of text, as the DOT writes it
LINE = re.compile(r'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="[^"]*">([^<]*)</FONT>')


def _case(tmp_path: Path, text: str = COURT, extra: str = LEAVE_OUT) -> a.Case:
    path = tmp_path / "case.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return a.load(path)


def _caption(dot: str) -> str:
    """The caption's lines of text after its title, as read: unescaped, one space apart."""
    label = dot.split(" label=<<TABLE", 1)[1].split("</TABLE>>", 1)[0]
    return " ".join(html.unescape(line) for line in LINE.findall(label))


@pytest.mark.parametrize(
    "options",
    [{}, {"system": "court"}, {"system": "mhs"}, {"theme": "print"}],
    ids=["figure3", "figure1", "figure2", "print"],
)
def test_each_figure_of_the_case_says_which_rules_it_leaves_out(
    tmp_path: Path, options: dict[str, Any]
) -> None:
    dot = figure(_case(tmp_path), **options).source
    assert _caption(dot).endswith(SAID)


@pytest.mark.parametrize("overview", ["detailed", "summary"])
def test_the_overview_says_it_too(tmp_path: Path, overview: str) -> None:
    case = _case(tmp_path, LIAISON)
    left = a.check(case).left_out[0]
    assert _caption(figure(case, overview=overview).source).endswith(
        f"Left out for this case: AS301 value-tension ({REASON}; {BY})."
    )
    assert left.rule == "AS301"


def test_figure3_of_a_case_that_leaves_a_rule_out_matches_its_golden_file(
    tmp_path: Path,
) -> None:
    actual = figure(_case(tmp_path)).source
    path = GOLDEN / "court-left-out-figure3.dot"
    if os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1":
        path.write_text(actual, encoding="utf-8")
    how = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_render_left_out.py"
    assert path.exists(), f"missing golden file {path}; create it with: {how}"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended: {how}"


def test_the_line_is_all_that_the_caption_adds(tmp_path: Path) -> None:
    # the same report without the rules left out: the same figure, but for the line
    case = _case(tmp_path)
    report = a.check(case)
    assert report.left_out
    silent = report.model_copy(update={"left_out": ()})
    told, untold = figure(case, report=report).source, figure(case, report=silent).source
    rows = re.findall(
        r"<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\"[^>]*>Left out[^<]*</FONT>"
        r"</TD></TR>(?:<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\"[^>]*>[^<]*"
        r"</FONT></TD></TR>)*",
        told,
    )
    assert len(rows) == 1
    assert told.replace(rows[0], "") == untold


def test_a_figure_of_a_case_that_leaves_nothing_out_is_as_it_was() -> None:
    case = a.load("examples/court-reports.yaml")
    dot = figure(case).source
    assert "Left out" not in dot
    assert dot == (GOLDEN / "court-figure3.dot").read_text(encoding="utf-8")


def test_the_caption_says_what_the_text_report_says(tmp_path: Path) -> None:
    case = _case(tmp_path)
    text = " ".join(report_text(a.check(case)).split("\n\n")[-1].split())
    assert text == SAID
    assert _caption(figure(case).source).endswith(text)


def test_a_figure_without_contradictions_says_nothing_of_rules(tmp_path: Path) -> None:
    # it draws no contradiction at all, so none is missing from it
    assert "Left out" not in figure(_case(tmp_path), contradictions=False).source


def test_chosen_findings_keep_the_rules_left_out(tmp_path: Path) -> None:
    case = _case(tmp_path)
    report = a.check(case)
    chosen = report.at_or_above("high")
    assert _caption(a.render(case, format="dot", report=report, findings=chosen)).endswith(SAID)
    assert _caption(a.render(case, format="dot", findings=chosen)).endswith(SAID)


def test_a_report_given_says_what_it_leaves_out(tmp_path: Path) -> None:
    case = _case(tmp_path)
    report = a.check(case)
    back = a.Report.model_validate(json.loads(report.model_dump_json()))
    for given in (report, back):
        for system in (None, "court"):
            dot = a.render(case, format="dot", report=given, system=system)
            assert _caption(dot).endswith(SAID)
    # the figure of a report, on its case
    assert _caption(a.render(report, case=case, format="dot")).endswith(SAID)


def test_what_the_case_file_says_is_escaped(tmp_path: Path) -> None:
    extra = "\nleave_out:\n  - {rule: AS301, reason: '<b>\"x\"] \\N</b>', by: A & B}\n"
    dot = figure(_case(tmp_path, extra=extra)).source
    assert "&lt;b&gt;&quot;x&quot;&#93; \\\\N&lt;/b&gt;; A &amp; B)." in dot
    assert "<b>" not in dot


def test_a_long_decision_is_wrapped_to_the_caption_s_width(tmp_path: Path) -> None:
    reason = " ".join(["The group sees the values as agreed for this workshop"] * 3)
    dot = figure(_case(tmp_path, extra=f"\nleave_out:\n  - {{rule: AS301, reason: {reason}}}\n"))
    lines = [html.unescape(line) for line in LINE.findall(dot.source)]
    start = next(i for i, line in enumerate(lines) if line.startswith("Left out"))
    assert len(lines[start:]) > 1
    assert " ".join(lines[start:]) == f"Left out for this case: AS301 value-tension ({reason})."


def test_many_long_decisions_keep_every_rule_s_id(tmp_path: Path) -> None:
    # past a few lines, the ids and names alone, which say which bolts are missing
    reason = "A reason much longer than the line, given for the sake of the test " * 3
    rules = ["AS301", "AS602", "AS101", "AS202"]
    extra = "\nleave_out:\n" + "".join(f"  - {{rule: {r}, reason: '{reason}'}}\n" for r in rules)
    from activity_systems.render.figures import caption_left_out

    said = caption_left_out(a.check(_case(tmp_path, extra=extra)).left_out)
    assert 1 <= len(said) <= 3
    joined = " ".join(said)
    assert all(rule in joined for rule in rules)
    assert "…" not in joined
    assert reason.strip() not in joined
    assert joined.endswith("(reasons in the report).")


@pytest.mark.parametrize(
    "why", [", reason: Agreed by the whole group", ""], ids=["reasons", "none"]
)
def test_every_rule_left_out_keeps_its_id_on_the_figure(tmp_path: Path, why: str) -> None:
    # too many for their names: their ids alone, so that none is cut off with "…"
    from activity_systems.render.figures import caption_left_out

    numbers = (0, 101, 102, 201, 202, 301, 401, 402, 403, 404, 501, 502, *range(601, 606))
    rules = [f"AS{n:03d}" for n in numbers]  # every built-in rule
    extra = "\nleave_out:\n" + "".join(f"  - {{rule: {r}{why}}}\n" for r in rules)
    said = caption_left_out(a.check(_case(tmp_path, extra=extra)).left_out)
    assert 1 <= len(said) <= 3
    joined = " ".join(said)
    assert "…" not in joined
    assert all(re.search(rf"\b{rule}\b", joined) for rule in rules)
    assert joined.endswith(
        "(names and reasons in the report)." if why else "(names in the report)."
    )


def test_none_left_out_adds_no_line() -> None:
    from activity_systems.render.figures import caption_left_out

    assert caption_left_out(()) == []


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_a_right_to_left_decision_is_laid_out_as_caption_lines_are(tmp_path: Path) -> None:
    hebrew = "הקבוצה החליטה " * 12
    extra = f"\nleave_out:\n  - {{rule: AS301, reason: '{hebrew}'}}\n"
    svg = a.render(_case(tmp_path, extra=extra), format="svg")
    assert isinstance(svg, str)
    texts = re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)
    said = [(attrs, html.unescape(text)) for attrs, text in texts if "החליטה" in text]
    assert said[0][1].startswith("Left out for this case: AS301 value-tension (הקבוצה")
    assert len(said) > 1  # wrapped, as the caption's other lines are
    # each line in the direction of its first letter: the first left to right, as the
    # line begins in English, the others right to left
    assert all('style="unicode-bidi:plaintext"' in attrs for attrs, _ in said)


def test_a_blank_reason_is_no_reason(tmp_path: Path) -> None:
    # a reason of spaces says nothing: no empty place before who decided
    extra = "\nleave_out:\n  - {rule: AS301, reason: '  ', by: The group}\n"
    case = _case(tmp_path, extra=extra)
    said = "Left out for this case: AS301 value-tension (The group)."
    assert report_text(a.check(case)).rstrip("\n").endswith(said)
    assert _caption(figure(case).source).endswith(said)
