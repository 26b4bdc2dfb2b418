"""A report remembers the case it was made from: one given with an edited version of
the case, whose references all still resolve, is drawn and handed out with a
StaleReportWarning (pyproject makes the warning an error in every other test)."""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems import Case, Report, check, load
from activity_systems.handouts import handout, render_handout
from activity_systems.render import figure, render
from activity_systems.render.lookups import report_checked, same_case
from activity_systems.rules.engine import run_rules
from activity_systems.rules.made_from import _MADE_FROM, made_from

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
TITLE = "Psychiatric reports for the magistrates' court"
ANOTHER_VERSION = (
    f"the report was made from another version of “{TITLE}”, whose content differs from "
    "this case's: its numbers and findings are that version's; give the case's own "
    "report, check(case)"
)


def longer_time_limit(case: Case) -> Case:
    """``case`` with the court's 3-week time limit raised to 10 weeks, past the
    psychiatric report's turnaround: AS101 no longer fires, and every id stays."""
    court = case.system("court")
    rules = tuple(
        rule.model_copy(update={"time_limit": "10 weeks"}) if rule.id == "targets" else rule
        for rule in court.rules
    )
    edited = court.model_copy(update={"rules": rules})
    return case.model_copy(
        update={"systems": tuple(edited if s.id == "court" else s for s in case.systems)}
    )


def rules_of(report: Report) -> list[str]:
    return [finding.rule for finding in report.findings]


def test_the_edited_case_no_longer_has_the_contradiction_the_report_has() -> None:
    case = load(COURT)
    edited = longer_time_limit(case)
    assert "AS101" in rules_of(check(case))
    assert "AS101" not in rules_of(check(edited))
    assert edited.title == case.title  # the report's title is the edited case's too


DRAWINGS: dict[str, Callable[[Case, Report, Path], object]] = {
    "render": lambda case, report, _: render(case, format="dot", report=report),
    "figure": lambda case, report, _: figure(case, pair=("court", "mhs"), report=report),
    # what a notebook displays: SVG(a.render(report, case=case, format="svg"))
    "notebook": lambda case, report, _: render(report, case=case, format="svg"),
    "render_handout": lambda case, report, _: render_handout(case, report=report),
    "handout": lambda case, report, folder: handout(case, folder / "h.md", report=report),
}


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("draw", DRAWINGS.values(), ids=DRAWINGS.keys())
def test_the_report_of_the_case_before_it_was_edited_warns_once(
    draw: Callable[[Case, Report, Path], object], tmp_path: Path
) -> None:
    # In a notebook: r = check(case), then the case is edited so that a contradiction
    # is resolved, and drawn with r. Every reference of r still resolves.
    case = load(COURT)
    report = check(case)
    edited = longer_time_limit(case)
    with pytest.warns(a.StaleReportWarning) as warned:
        draw(edited, report, tmp_path)
    assert [str(w.message) for w in warned] == [ANOTHER_VERSION]
    assert warned[0].filename == __file__  # where the user drew it
    draw(edited, check(edited), tmp_path)  # its own report: no warning
    draw(case, report, tmp_path)  # the report's own case, still there: none either


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("draw", DRAWINGS.values(), ids=DRAWINGS.keys())
def test_the_report_of_the_file_before_it_was_edited_and_loaded_again_warns(
    draw: Callable[[Case, Report, Path], object], tmp_path: Path
) -> None:
    # check("case.yaml") loads the case itself, and nothing else holds it; the file is
    # then edited and loaded again.
    file = tmp_path / "court.yaml"
    file.write_text(COURT.read_text(encoding="utf-8"), encoding="utf-8")
    report = check(file)
    text = file.read_text(encoding="utf-8")
    assert text.count("time_limit: 3 weeks") == 1
    file.write_text(text.replace("time_limit: 3 weeks", "time_limit: 10 weeks"), "utf-8")
    gc.collect()
    with pytest.warns(a.StaleReportWarning, match="made from another version"):
        draw(load(file), report, tmp_path)


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("draw", DRAWINGS.values(), ids=DRAWINGS.keys())
def test_the_report_of_an_equal_case_loaded_again_gives_no_warning(
    draw: Callable[[Case, Report, Path], object], tmp_path: Path
) -> None:
    case = load(COURT)
    report = check(case)
    again = load(COURT)
    assert again is not case
    assert again == case
    draw(again, report, tmp_path)
    draw(load(COURT), check(COURT), tmp_path)
    draw(case.model_copy(), report, tmp_path)  # a copy is equal too


def test_a_report_of_another_version_that_names_what_the_case_lacks_warns_once() -> None:
    # The references that no longer resolve are what the warning names; it is not
    # given a second time for the other content.
    case = load(LIAISON)
    report = check(case)
    later = case.subcase(["court", "local"], title=case.title)
    with pytest.warns(a.StaleReportWarning) as warned:
        render(later, format="dot", report=report)
    assert len(warned) == 1
    assert "does not have (finding" in str(warned[0].message)


@pytest.mark.usefixtures("stubbed")
def test_a_report_read_back_from_json_or_built_by_hand_is_taken_as_before() -> None:
    # Such a report knows no case: only its title and references are checked.
    case = load(COURT)
    report = check(case)
    edited = longer_time_limit(case)
    read = Report.from_json(report.to_json())
    assert made_from(read) is None
    built = Report.build(report.case, report.findings, report.rules_run)
    assert made_from(built) is None
    for given in (read, built, report.model_copy()):
        render(edited, format="dot", report=given)
        figure(edited, pair=("court", "mhs"), report=given)
        render(given, case=edited, format="svg")
        render_handout(edited, report=given)


def test_what_a_report_remembers_is_none_of_its_data() -> None:
    case = load(COURT)
    report = check(case)
    assert made_from(report) is case
    read = Report.from_json(report.to_json())
    assert read == report
    assert hash(read) == hash(report)
    assert repr(read) == repr(report)
    assert read.to_json() == report.to_json()
    assert read.model_dump() == report.model_dump()
    assert made_from(run_rules(case)) is case


def test_a_report_lets_its_case_go_when_it_goes() -> None:
    gc.collect()
    kept = len(_MADE_FROM)
    reports = [check(load(COURT)) for _ in range(3)]
    assert len(_MADE_FROM) == kept + 3
    del reports
    gc.collect()
    assert len(_MADE_FROM) == kept


@pytest.mark.usefixtures("stubbed")
def test_the_handout_of_chosen_systems_takes_the_whole_cases_report_and_its_subcases() -> None:
    # A handout of chosen systems draws case.subcase(systems) (retitled past three
    # systems), with the report of the whole case or of that subcase.
    case = Case.model_validate(
        {
            "title": "Region",
            "systems": [{"id": f"s{i}", "subject": "S", "object": "O"} for i in range(6)],
            "exchanges": [
                {"id": f"x{i}", "label": "Report", "from": f"s{i}", "to": f"s{i + 1}"}
                for i in range(5)
            ],
        }
    )
    for ids in (["s0", "s1"], ["s3", "s1", "s2", "s0"], [f"s{i}" for i in range(6)]):
        whole = check(case, ["AS101"])  # finds nothing: it lies among any systems
        render_handout(case, format="markdown", systems=ids, report=whole)
        render_handout(load_again(case), format="markdown", systems=ids, report=whole)
        part = check(case.subcase(ids))
        render_handout(case, format="markdown", systems=ids, report=part)
        render_handout(case, format="markdown", systems=list(reversed(ids)), report=part)
    # an edited version of the whole case, drawn with the report of the case before
    part = check(case.subcase(["s0", "s1"]))
    first = case.exchanges[0].model_copy(update={"label": "Referral"})
    edited = case.model_copy(update={"exchanges": (first, *case.exchanges[1:])})
    named = "made from another version of “Region” or its chosen systems, whose content"
    with pytest.warns(a.StaleReportWarning, match=named):
        render_handout(edited, format="markdown", systems=["s0", "s1"], report=whole)
    with pytest.warns(a.StaleReportWarning, match=named):
        render_handout(edited, format="markdown", systems=["s0", "s1"], report=part)


def load_again(case: Case) -> Case:
    """An equal case, another object: as a case file loaded again gives."""
    again = Case.model_validate_json(case.model_dump_json(by_alias=True))
    assert again is not case
    assert again == case
    return again


def test_a_system_drawn_alone_takes_the_report_of_a_case_it_is_in() -> None:
    # Drawn alone, a system is a case of its own, titled as the system: the report of a
    # case of that title is taken as long as the case has the system as it is.
    case = Case.model_validate(
        {
            "title": "Court",
            "systems": [{"id": "court", "name": "Court", "subject": "S", "object": "O"}],
        }
    )
    report = check(case)
    render(case.system("court"), format="dot", report=report)
    render(load_again(case).system("court"), format="dot", report=report)
    edited = case.system("court").model_copy(update={"subject": "Magistrate"})
    with pytest.warns(a.StaleReportWarning, match="made from another version of “Court”"):
        render(edited, format="dot", report=report)


def test_within_a_checked_handout_nothing_is_checked_again() -> None:
    case = load(COURT)
    report = check(case)
    edited = longer_time_limit(case)
    with report_checked(edited, report):
        figure(edited, pair=("court", "mhs"), report=report)
    with pytest.warns(a.StaleReportWarning):
        figure(edited, pair=("court", "mhs"), report=report)


EDITS: dict[str, Callable[[Case], Case]] = {
    "title": lambda case: case.model_copy(update={"title": "Another"}),
    "a rule's time limit": longer_time_limit,
    "one system fewer": lambda case: case.subcase(["court"], title=case.title),
    "the systems' order": lambda case: case.model_copy(update={"systems": case.systems[::-1]}),
}

#: Edits of what no rule reads: the report checked before them is still the case's.
UNCHECKED_EDITS: dict[str, Callable[[Case], Case]] = {
    "description": lambda case: case.model_copy(update={"description": "Edited"}),
    "source": lambda case: case.model_copy(update={"source": "Minutes of the workshop"}),
    "an action": lambda case: case.model_copy(
        update={"actions": [{"finding": "AS101-0123456789", "strategy": "Agree a date"}]}
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_same_case_is_equality(edit: Callable[[Case], Case]) -> None:
    case = load(COURT)
    other = edit(case)
    assert other != case
    assert not same_case(case, other)
    assert not same_case(other, case)
    assert same_case(case, load(COURT))
    assert same_case(other, load_again(other))


@pytest.mark.parametrize("edit", UNCHECKED_EDITS.values(), ids=UNCHECKED_EDITS.keys())
def test_a_report_stays_the_cases_through_edits_no_rule_reads(
    edit: Callable[[Case], Case],
) -> None:
    case = load(COURT)
    report = check(case)
    edited = edit(case)
    assert edited != case
    assert same_case(case, edited)
    with warnings.catch_warnings():
        warnings.simplefilter("error", a.StaleReportWarning)
        figure(edited, pair=("court", "mhs"), report=report)
        render_handout(edited, format="markdown", report=report)


def test_a_report_with_a_rule_of_ones_own_is_of_another_version_after_any_edit() -> None:
    # A rule of the user's may read what no built-in rule reads: the case's actions.
    @a.rule("ORG201", name="no-action-plan-yet", category="completeness")
    def no_action_plan_yet(case: Case) -> list[a.Finding]:
        """The case has no action plan yet."""
        if case.actions:
            return []
        return [a.new_finding(elements=[case.systems[0].id], message="No action plan yet.")]

    try:
        case = load(COURT)
        report = check(case, rules=[*a.BUILTIN_RULES, no_action_plan_yet])
        planned = UNCHECKED_EDITS["an action"](case)
        with pytest.warns(a.StaleReportWarning, match="another version"):
            figure(planned, pair=("court", "mhs"), report=report)
        with pytest.warns(a.StaleReportWarning, match="another version"):
            render_handout(planned, format="markdown", systems=["court", "mhs"], report=report)
        with pytest.warns(a.StaleReportWarning, match="another version"):
            render_handout(planned, format="markdown", report=report)
    finally:
        a.rules.unregister("ORG201")


def test_warnings_are_not_given_for_a_report_drawn_without_contradictions() -> None:
    case = load(COURT)
    report = check(case)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render(longer_time_limit(case), format="dot", report=report, contradictions=False)
