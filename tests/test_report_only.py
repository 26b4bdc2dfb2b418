"""``Report.only``: the report of some of the findings (at least so severe, of some
levels or rules, involving some systems), a report still, to print, write as CSV or
JSON, or draw; what ``check --severity``, ``--level`` and ``--system`` write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.errors import UnknownIdError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def case() -> a.Case:
    return a.load(ROOT / "examples" / "liaison-and-diversion.yaml")


@pytest.fixture(scope="module")
def report(case: a.Case) -> a.Report:
    return a.check(case)


def test_each_selection_is_that_of_the_method_that_lists_it(case: a.Case, report: a.Report) -> None:
    assert report.only(severity="medium").findings == tuple(report.at_or_above("medium"))
    assert report.only(level="tertiary").findings == tuple(report.by_level()["tertiary"])
    both = report.only(level=["tertiary", "none"]).findings
    assert both == tuple(f for f in report.findings if f.level in ("tertiary", None))
    between = report.only(case=case, systems=["local", "national"]).findings
    assert between == tuple(report.involving(case, "local", "national"))
    assert report.only(rule="AS301").findings == tuple(
        f for f in report.findings if f.rule == "AS301"
    )
    assert report.only() == report


def test_they_combine_and_the_part_is_a_report_of_its_own(case: a.Case, report: a.Report) -> None:
    part = report.only(case=case, systems=["national"], severity="high", rule=["AS301", "AS401"])
    assert part.findings
    assert all(f.rule in ("AS301", "AS401") and f.severity == "high" for f in part.findings)
    assert part.counts()["by_severity"]["high"] == len(part.findings)
    assert [part.number(f) for f in part.findings] == list(range(1, len(part.findings) + 1))
    assert part.rules_run == report.rules_run
    assert part.case == report.case
    assert a.Report.from_json(part.to_json()) == part


def test_a_misspelt_choice_is_an_error_naming_the_one_meant(case: a.Case, report: a.Report) -> None:
    # An error of the library's own, as for a level or a rule: a service that passes a
    # request's choices through catches ActivitySystemsError for each of them alike.
    with pytest.raises(UnknownIdError, match=r"severity must be one of .*not 'urgent'$"):
        report.only(severity="urgent")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"not 'hihg' \(did you mean 'high'\?\)"):
        report.only(severity="hihg")  # type: ignore[arg-type]
    with pytest.raises(a.ActivitySystemsError):
        report.at_or_above("Medium")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"'primery' .*did you mean 'primary'"):
        report.only(level="primery")
    with pytest.raises(UnknownIdError, match=r"'AS310' .*did you mean 'AS301'"):
        report.only(rule="AS310")
    with pytest.raises(UnknownIdError, match="did you mean 'local'"):
        report.only(case=case, systems=["locl"])
    with pytest.raises(TypeError, match="case="):
        report.only(systems=["local"])


def test_the_part_says_what_was_kept_and_compares_as_the_findings_it_holds(
    case: a.Case, report: a.Report
) -> None:
    part = report.only(level=["tertiary", "none"]).only(rule="AS301")
    assert "Only the findings of level tertiary or without a level, of rule AS301 are listed: " in (
        " ".join(part.to_text().split())
    )
    assert f": {len(part.findings)} of {len(report.findings)}." in " ".join(part.to_text().split())
    assert "Only the findings" in part._repr_html_()
    # the selection is what was shown, not a field: JSON reads back equal
    assert a.Report.from_json(part.to_json()) == part
    assert "Only the findings" not in report.to_text()


def test_a_rule_is_named_in_any_case_as_check_rules_takes_it(report: a.Report) -> None:
    assert report.only(rule="as301") == report.only(rule="AS301")
    assert (
        report.only(rule=["as301", "As401"]).findings
        == report.only(rule=["AS301", "AS401"]).findings
    )


def test_the_json_says_what_was_kept_and_reads_back_saying_it(
    case: a.Case, report: a.Report
) -> None:
    part = report.only(level=["tertiary", "none"]).only(rule="as301", severity="low")
    data = part.to_data()
    assert data["selection"] == {
        "total": len(report.findings),
        "severity": "low",
        "levels": ["tertiary", "none"],
        "rules": ["AS301"],
        "systems": [],
    }
    again = a.Report.from_json(part.to_json())
    assert again.to_text() == part.to_text()
    assert again.to_markdown() == part.to_markdown()
    assert again.to_json() == part.to_json()
    assert a.Report.from_data(data).to_data() == data
    # narrowed again after reading, it keeps the first selection's total
    narrower = again.only(case=case, systems=["court"])
    assert narrower.to_data()["selection"]["total"] == len(report.findings)
    assert narrower.to_text().count("Only the findings") == 1
    assert "selection" not in report.to_data()


def test_chained_selections_are_written_as_the_one_they_make(
    case: a.Case, report: a.Report
) -> None:
    chained = report.only(severity="low", level=["tertiary", "none"]).only(
        severity="medium", level="tertiary", case=case, systems=["court"]
    )
    chained = chained.only(case=case, systems=["local", "court"])
    once = report.only(severity="medium", level="tertiary", case=case, systems=["court", "local"])
    assert chained.findings == once.findings
    assert chained.to_data()["selection"] == once.to_data()["selection"]
    assert chained.to_text() == once.to_text()


def test_a_selection_that_cannot_be_one_is_refused_in_the_report_s_terms(
    report: a.Report,
) -> None:
    data = report.only(level="tertiary").to_data()
    for selection, message in (
        ({**data["selection"], "total": -1}, r"selection\.total"),
        ({**data["selection"], "total": 1}, r"selection\.total: .*at least"),
        ({**data["selection"], "levels": ["primery"]}, r"selection\.levels\[0\]"),
        ({**data["selection"], "severity": "urgent"}, r"selection\.severity"),
        ([], r"selection: should be a JSON object"),
    ):
        with pytest.raises(ValueError, match=message):
            a.Report.from_data({**data, "selection": selection})
    # null, as absent: every finding is listed
    read = a.Report.from_data({**data, "selection": None})
    assert "Only the findings" not in read.to_text()


def test_a_misspelt_level_in_a_selection_is_refused_naming_every_level(
    report: a.Report,
) -> None:
    data = report.only(level="tertiary").to_data()
    message = (
        "not a valid report of activity-systems: selection.levels[0]: input should be "
        "'primary', 'secondary', 'tertiary', 'quaternary' or 'none', not 'primery'"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        a.Report.from_data({**data, "selection": {**data["selection"], "levels": ["primery"]}})


@pytest.mark.parametrize("total", ["10", 10.0, True, None])
def test_a_selection_s_total_is_a_whole_number_as_the_schema_says(
    report: a.Report, total: object
) -> None:
    # what schema --report refuses, Report.from_json refuses too, rather than read
    # true as 1 finding or "10" as ten
    data = report.only(level="tertiary").to_data()
    with pytest.raises(
        ValueError,
        match=r"^not a valid report of activity-systems: "
        r"selection\.total: should be a whole number, not ",
    ):
        a.Report.from_data({**data, "selection": {**data["selection"], "total": total}})


def test_a_report_says_what_was_kept_as_its_selection(case: a.Case, report: a.Report) -> None:
    # read back from a nightly job's JSON, a report tells "none kept" from "none found"
    part = a.Report.from_json(report.only(level="primary").to_json())
    assert part.findings == ()
    assert part.selection is not None
    assert (part.selection.total, part.selection.levels) == (len(report.findings), ("primary",))
    assert part.selection.severity is None
    assert part.selection.rules is None
    assert part.selection.systems == ()
    assert report.selection is None
    assert a.Report.from_json(report.to_json()).selection is None
    chained = report.only(severity="low").only(case=case, systems=["court"])
    assert chained.selection == report.only(case=case, systems=["court"]).selection
    with pytest.raises(ValueError, match="frozen"):
        part.selection = None  # type: ignore[misc]


def test_reports_that_say_different_selections_are_not_equal(report: a.Report) -> None:
    # equal reports write the same JSON: a report that kept none of ten findings is not
    # the report of a case without findings
    part = report.only(level="primary")
    found_none = a.Report.build(
        report.case, [], report.rules_run, report.rules_failed, report.left_out
    )
    assert part.findings == found_none.findings
    assert part.to_json() != found_none.to_json()
    assert part != found_none
    assert a.Report.from_json(part.to_json()) == part
    assert report.only(level="primary") == part
    assert report.only(level=["primary", "secondary"]).findings == part.findings
    assert report.only(level=["primary", "secondary"]) != part
    assert hash(part) == hash(found_none)  # equal reports still hash alike


def test_a_selection_read_back_is_read_as_only_writes_it(case: a.Case, report: a.Report) -> None:
    # a rule's id in any case, as check --rules takes it; each name once, in report order
    data = report.only(rule="AS301").to_data()
    data["selection"] |= {"rules": ["as301"], "levels": ["tertiary", "none", "tertiary"]}
    data["selection"]["systems"] = ["court", "court"]
    read = a.Report.from_data(data)
    assert read.selection is not None
    assert read.selection.rules == ("AS301",)
    assert read.selection.levels == ("tertiary", "none")
    assert read.selection.systems == ("court",)
    again = read.only(rule="as301")
    assert "of rule AS301" in again.to_text()
    assert "of no rule" not in again.to_text()


def test_a_filtered_report_s_repr_says_it_was_filtered(report: a.Report) -> None:
    # in a notebook or the REPL, a report that kept none does not look like a clean case
    part = a.Report.from_json(report.only(level="primary").to_json())
    assert repr(part).endswith(", selection=0 of 10)")
    assert "selection" not in repr(report)


@pytest.mark.parametrize(
    "given", ["examples/liaison-and-diversion.yaml", Path("examples/liaison-and-diversion.yaml"), 3]
)
def test_a_case_that_is_not_a_case_is_refused_naming_only(report: a.Report, given: object) -> None:
    with pytest.raises(TypeError) as refused:
        report.only(systems=["court"], case=given)  # type: ignore[arg-type]
    message = str(refused.value)
    assert message.startswith("only() takes the Case the report was checked from")
    assert f"not {type(given).__name__}" in message
    assert "only(case=case, systems=['court'])" in message
    assert "involving()" not in message


@pytest.mark.parametrize(
    "given", ["examples/liaison-and-diversion.yaml", Path("examples/liaison-and-diversion.yaml"), 3]
)
def test_a_case_that_is_not_a_case_is_refused_without_systems_too(
    report: a.Report, given: object
) -> None:
    # the case serves only systems=; a wrong one is refused all the same, not ignored
    with pytest.raises(TypeError) as refused:
        report.only(severity="high", case=given)  # type: ignore[arg-type]
    message = str(refused.value)
    assert message.startswith("only() takes the Case the report was checked from")
    assert f"not {type(given).__name__}" in message
    assert "only with systems=" in message
    assert "only(case=case, systems=[...])" in message


def test_a_case_without_systems_is_taken_and_changes_nothing(
    case: a.Case, report: a.Report
) -> None:
    assert report.only(severity="high", case=case) == report.only(severity="high")


def test_a_selection_read_back_is_escaped_in_markdown_as_the_rest_of_the_report(
    report: a.Report,
) -> None:
    # A report's JSON from elsewhere names its rules and systems as it likes: in the
    # Markdown they are text, as a finding's message is, not HTML for the page
    data = report.only(level="tertiary").to_data()
    selection = {
        **data["selection"],
        "rules": None,
        "systems": ["<img src=x onerror=alert(1)>", "court_liaison"],
    }
    markdown = a.Report.from_data({**data, "selection": selection}).to_markdown()
    assert "<img" not in markdown
    assert "involving &lt;img src=x onerror=alert(1)&gt; and court\\_liaison" in markdown
    # a report of every finding is written as before
    assert report.to_markdown().splitlines()[2].startswith(f"{len(report.findings)} findings: ")
