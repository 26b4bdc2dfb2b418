"""Drawing only some findings of a report: ``render(..., findings=...)`` keeps the
numbers the report gives them, which a report built of the chosen findings would not."""

from __future__ import annotations

import re
import warnings

import pytest

import activity_systems as a

COURT = "examples/court-reports.yaml"
SHOWN = re.compile(r"Contradiction (\d+) \(")


def numbers_drawn(dot: str) -> list[int]:
    return sorted({int(n) for n in SHOWN.findall(dot)})


@pytest.fixture(scope="module")
def case() -> a.Case:
    return a.load(COURT)


@pytest.fixture(scope="module")
def report(case: a.Case) -> a.Report:
    return a.check(case)


def test_chosen_findings_keep_their_numbers(case: a.Case, report: a.Report) -> None:
    tensions = [f for f in report.findings if f.rule == "AS301"]
    wanted = [report.number(f) for f in tensions]
    assert wanted[0] > 1  # a selection that does not start the report
    dot = a.render(case, format="dot", report=report, findings=tensions)
    assert numbers_drawn(dot) == wanted


def test_a_report_of_the_chosen_findings_numbers_them_afresh(
    case: a.Case, report: a.Report
) -> None:
    # what findings= is for: a report of its own counts its findings from 1
    tensions = [f for f in report.findings if f.rule == "AS301"]
    own = a.Report.build(report.case, tensions, rules_run=report.rules_run)
    assert numbers_drawn(a.render(case, format="dot", report=own)) == [1, 2, 3, 4, 5, 6]


def test_findings_of_the_default_report(case: a.Case, report: a.Report) -> None:
    # without report=, the numbers are those of check(case), which an equal report's are
    chosen = report.at_or_above("medium")[8:]
    expected = [report.number(f) for f in chosen if f.category == "contradiction"]
    assert numbers_drawn(a.render(case, format="dot", findings=chosen)) == expected


def test_a_system_and_a_pair_draw_the_chosen_ones(case: a.Case, report: a.Report) -> None:
    chosen = [report.findings[9]]  # the participants' one, on the court alone
    assert numbers_drawn(a.render(case, format="dot", system="court", findings=chosen)) == [10]
    assert numbers_drawn(a.render(case, format="dot", pair=("mhs", "court"), findings=chosen)) == [
        10
    ]
    assert numbers_drawn(a.render(case, format="dot", findings=[])) == []


def test_no_stale_report_warning_for_a_selection(case: a.Case, report: a.Report) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a.render(case, format="dot", report=report, findings=report.involving(case, "court"))
        edited = case.model_copy(update={"title": case.title})
        a.render(edited, format="dot", report=report, findings=report.findings[:3])


def test_a_finding_of_another_report_is_refused(case: a.Case, report: a.Report) -> None:
    other = a.check("examples/segregation-unit.yaml").findings[0]
    with pytest.raises(ValueError, match="is not in this report"):
        a.render(case, format="dot", report=report, findings=[other])


@pytest.mark.parametrize(
    ("findings", "says"),
    [
        ("AS101-3705b555c6", "findings= takes findings of the report"),
        (["AS101-3705b555c6"], "look the finding up in report.findings"),
        (None, None),
    ],
)
def test_what_findings_takes(
    case: a.Case, report: a.Report, findings: object, says: str | None
) -> None:
    if says is None:
        assert a.render(case, format="dot", findings=findings)  # type: ignore[call-overload]
        return
    with pytest.raises(TypeError, match=re.escape(says)):
        a.render(case, format="dot", report=report, findings=findings)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("given", "after"),
    [("AS101-3705b555c6", ": for a key, look the finding up in report.findings first"), (3, "")],
)
def test_render_and_number_refuse_what_is_not_a_finding_alike(
    case: a.Case, report: a.Report, given: object, after: str
) -> None:
    """A key, or anything else, where a finding is wanted: render's findings= and
    Report.number() say what they take and what they were given, and a key is told how
    to find its finding."""
    kind = type(given).__name__
    with pytest.raises(TypeError) as raised:
        a.render(case, format="dot", report=report, findings=[given])  # type: ignore[list-item]
    assert str(raised.value) == f"findings= takes findings of the report, not {kind}{after}"
    with pytest.raises(TypeError) as raised:
        report.number(given)  # type: ignore[arg-type]
    assert str(raised.value) == f"number() takes a Finding of the report, not {kind}{after}"


def test_a_report_as_findings_says_to_give_it_as_report(case: a.Case, report: a.Report) -> None:
    with pytest.raises(TypeError, match=re.escape("report=report")):
        a.render(case, format="dot", findings=report)  # type: ignore[arg-type]


def test_findings_without_contradictions_is_refused(case: a.Case, report: a.Report) -> None:
    with pytest.raises(ValueError, match="contradictions=False"):
        a.render(case, format="dot", contradictions=False, findings=report.findings[:1])


def test_the_whole_case_report_on_a_part_says_it_is_a_part() -> None:
    # a long title: both were cut to the same first words, and read as the same case
    case = a.load(COURT)
    case = case.model_copy(update={"title": "Regional mapping of services " * 4 + "in the north"})
    report = a.check(case)
    part = case.subcase(["court"])
    with pytest.raises(ValueError, match="of which this case is a part") as raised:
        a.render(part, format="dot", report=report)
    message = str(raised.value)
    assert "check(part)" in message
    assert "system=" in message
    assert "findings=" in message


def test_the_title_says_the_contradictions_drawn_are_chosen(case: a.Case, report: a.Report) -> None:
    # the title (the SVG's <title>, read out by screen readers and shown on hover) said
    # 'no contradictions' of an empty selection from a report that has eleven
    def title(dot: str) -> str:
        found: list[str] = re.findall(r'graph \[tooltip="([^"]*)"', dot)
        return found[0]

    whole = a.render(case, format="dot", report=report)
    assert title(whole).endswith(", 11 contradictions")
    none = a.render(case, format="dot", report=report, findings=[])
    assert title(none).endswith(", no chosen contradictions")
    two = a.render(case, format="dot", report=report, findings=report.findings[3:5])
    assert title(two).endswith(", 2 chosen contradictions")
    one = a.render(case, format="dot", system="court", findings=[report.findings[9]])
    assert title(one).endswith(", 1 chosen contradiction")


def test_two_chosen_findings_of_one_key_are_both_drawn(case: a.Case, report: a.Report) -> None:
    # a rule of one's own may find two things on the same elements: one key, two findings,
    # which the report numbers apart; the selection kept one number per key, and drew one
    first = report.findings[3]
    again = first.model_copy(update={"message": first.message + " (again)"})
    assert again.key == first.key
    both = a.Report.build(report.case, [*report.findings, again], rules_run=report.rules_run)
    wanted = [both.number(first), both.number(again)]
    assert wanted == [4, 5]
    dot = a.render(case, format="dot", report=both, findings=[again, first])
    assert numbers_drawn(dot) == wanted
