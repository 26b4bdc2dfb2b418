"""What a comparison and a handout say of an action whose finding was not matched: one
that probably names its finding wrongly is never a resolved one, nor is one whose finding
neither version reports, and one whose rule was left out of the run (or failed, or does
not exist) was not checked, in every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from activity_systems import Case, MisnamedFindingWarning, RuleFailedWarning, check, load, loads
from activity_systems.cli import main
from activity_systems.follow_up import COMPARISON_VERSION, Comparison, compare
from activity_systems.follow_up.text import describe_status
from activity_systems.handouts import render_handout
from activity_systems.handouts.handout import HandoutFormat
from activity_systems.io.dumping import case_to_data
from activity_systems.model import finding_key
from activity_systems.rules.action_review import review_actions
from activity_systems.rules.engine import BUILTIN_RULES, run_rules
from activity_systems.rules.finding import Report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"

#: The later version's persisting AS201 finding: the court expects the offence-illness
#: link in the liaison advice.
ADVICE = "AS201-e87b9c1537"
ADVICE_ELEMENTS = ["court.liaison", "local.assessment", "liaison-advice"]
#: A new action that names it without its exchange.
MISNAMED = "Put the offence-illness link into the liaison advice"
SUGGESTION = (
    "not found — did you mean {rule: AS201, elements: [court.liaison, local.assessment, "
    f"liaison-advice]}} / key {ADVICE}?"
)
NOT_RUN = "not checked: its rule was left out of this run"
#: The example's only AS101 action: the one action checked when only AS101 is run.
TIMING_ACTION = "Offer same-day screening at court with the national screening tool"


def later_with(finding: str | dict[str, Any], strategy: str = MISNAMED) -> Case:
    data = case_to_data(load(AFTER))
    data["actions"].append({"finding": finding, "strategy": strategy})
    return Case.model_validate(data)


@pytest.fixture(scope="module")
def misnamed() -> Comparison:
    """The example with an AS201 action that leaves out the exchange."""
    later = later_with({"rule": "AS201", "elements": ADVICE_ELEMENTS[:2]})
    return compare(load(BEFORE), later)


@pytest.fixture(scope="module")
def partial() -> Comparison:
    """The example checked with AS101 alone."""
    return compare(BEFORE, AFTER, rules=["AS101"])


def text_groups(text: str) -> dict[str, list[str]]:
    """The plain text's action groups: each heading with the strategies under it."""
    groups: dict[str, list[str]] = {}
    lines = text.split("\nActions (", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    heading = ""
    for line in lines:
        if line.startswith("  ") and not line.startswith("   "):
            heading = line.strip()
            groups[heading] = []
        elif line.startswith("    * "):
            groups[heading].append(line.removeprefix("    * "))
    return groups


def by_strategy(comparison: Comparison) -> dict[str, dict[str, Any]]:
    return {a["strategy"]: a for a in json.loads(comparison.to_json())["actions"]}


# -- an action that names its finding slightly wrongly ------------------------------------


@pytest.mark.parametrize(
    "finding",
    [
        # the exchange left out
        {"rule": "AS201", "elements": ADVICE_ELEMENTS[:2]},
        # an element misspelt: it names nothing in the case, so it looked obsolete
        {"rule": "AS201", "elements": ["court.liason", *ADVICE_ELEMENTS[1:]]},
        # a digit of the key mistyped
        ADVICE[:-1] + "8",
    ],
    ids=["exchange-left-out", "element-misspelt", "key-mistyped"],
)
def test_a_misnamed_action_is_listed_as_not_found_never_as_resolved(
    finding: str | dict[str, Any],
) -> None:
    comparison = compare(load(BEFORE), later_with(finding))
    [action] = [a for a in comparison.actions if a.strategy == MISNAMED]
    assert action.fate == "misnamed"
    assert action.probably_means is not None
    assert action.probably_means.key == ADVICE
    groups = text_groups(comparison.to_text())
    assert groups["Finding not found (the action probably names it wrongly)"] == [MISNAMED]
    assert MISNAMED not in groups["Finding resolved"]
    assert MISNAMED not in groups["Finding obsolete (its elements are gone)"]


def test_the_text_says_what_a_misnamed_action_probably_means(misnamed: Comparison) -> None:
    text = misnamed.to_text()
    block = text.split("  Finding not found (the action probably names it wrongly)\n", 1)[1]
    assert " ".join(block.split()).startswith(
        f"* {MISNAMED} planned (new action) · {finding_key('AS201', ADVICE_ELEMENTS[:2])} · "
        + SUGGESTION
    )


def test_the_json_gives_a_misnamed_action_its_own_fate(misnamed: Comparison) -> None:
    data = json.loads(misnamed.to_json())
    assert data["version"] == COMPARISON_VERSION == 1
    assert data["counts"]["actions"] == {
        "resolved": 3,
        "obsolete": 1,
        "still-resolved": 0,
        "persisting": 2,
        "new": 1,
        "misnamed": 1,
        "unreported": 0,
        "unchecked": 0,
    }
    action = by_strategy(misnamed)[MISNAMED]
    assert (action["fate"], action["probably_means"], action["unchecked_because"]) == (
        "misnamed",
        ADVICE,
        None,
    )


def test_markdown_and_the_notebook_say_not_found(misnamed: Comparison) -> None:
    [row] = [line for line in misnamed.to_markdown().splitlines() if MISNAMED in line]
    assert "did you mean" in row
    assert "resolved" not in row
    html = misnamed._repr_html_()
    [row] = [line for line in html.split("<tr>") if MISNAMED in line]
    assert "not found — did you mean" in row
    assert "resolved" not in row


@pytest.mark.usefixtures("stubbed")
def test_the_handout_progress_section_marks_a_misnamed_action() -> None:
    later = later_with({"rule": "AS201", "elements": ADVICE_ELEMENTS[:2]})
    html = render_handout(later, format="html", previous=load(BEFORE)).text
    progress = html.split('<section id="progress"', 1)[1]
    [row] = [line for line in progress.splitlines() if MISNAMED in line]
    assert row.startswith('<tr class="fate-misnamed">')
    assert "not found — did you mean" in row
    markdown = render_handout(later, format="markdown", previous=load(BEFORE)).text
    progress_md = markdown.split("## 7. Progress since", 1)[1]
    [row] = [line for line in progress_md.splitlines() if MISNAMED in line]
    assert "not found — did you mean" in row
    assert "resolved" not in row


# -- an action whose rule was left out of the run ---------------------------------------


def test_actions_on_rules_left_out_are_not_checked(partial: Comparison) -> None:
    fates = {a.strategy: (a.fate, a.unchecked_because) for a in partial.actions}
    assert fates.pop(TIMING_ACTION) == ("resolved", None)
    assert set(fates.values()) == {("unchecked", "not-run")}
    assert len(fates) == 6


def test_the_text_lists_them_as_not_checked(partial: Comparison) -> None:
    groups = text_groups(partial.to_text())
    assert groups["Finding resolved"] == [TIMING_ACTION]
    assert len(groups["Not checked (the rule was left out of this run)"]) == 6
    assert list(groups) == ["Finding resolved", "Not checked (the rule was left out of this run)"]


def test_markdown_and_the_notebook_say_not_checked(partial: Comparison) -> None:
    rows = [line for line in partial.to_markdown().splitlines() if line.startswith("| ")]
    actions = rows[rows.index("| Strategy | Owner | Review | Status | Finding |") + 1 :]
    assert sum(NOT_RUN in row for row in actions) == 6
    assert [row for row in actions if "resolved" in row] == [
        row for row in actions if TIMING_ACTION in row
    ]
    html = partial._repr_html_()
    assert html.count(NOT_RUN) == 6


def test_the_json_says_why_an_action_was_not_checked(partial: Comparison) -> None:
    data = json.loads(partial.to_json())
    assert data["version"] == COMPARISON_VERSION == 1
    assert data["counts"]["actions"]["unchecked"] == 6
    assert data["counts"]["actions"]["resolved"] == 1
    pilot = by_strategy(partial)[
        "Pilot offering screening to every defendant on the list, beside staff referrals"
    ]
    assert (pilot["fate"], pilot["unchecked_because"]) == ("unchecked", "not-run")


def test_rules_are_matched_case_aside() -> None:
    comparison = compare(BEFORE, AFTER, rules=["as101", "AS301"])
    fates = {a.finding_key: a.fate for a in comparison.actions}
    assert fates["AS101-52b33e6a98"] == "resolved"
    assert fates["AS301-801df11020"] == "persisting"
    assert fates["AS401-dfc1c05076"] == "unchecked"


def test_a_key_with_a_mistyped_rule_is_misnamed_not_unchecked() -> None:
    # AS20 is no rule, so it was not run; the key is still one digit from a reported one
    later = later_with("AS20-" + ADVICE.rpartition("-")[2])
    [action] = [a for a in compare(load(BEFORE), later).actions if a.strategy == MISNAMED]
    assert (action.fate, action.unchecked_because) == ("misnamed", None)


def test_a_failed_rule_and_a_rule_left_out_are_told_apart(broken_rule: Any) -> None:
    later = later_with({"rule": "XX901", "elements": ["court.liaison"]}, "Mend the rule")
    with pytest.warns(RuleFailedWarning):
        comparison = compare(load(BEFORE), later, rules=["AS101", broken_rule])
    reasons = {a.strategy: a.unchecked_because for a in comparison.actions}
    assert reasons["Mend the rule"] == "failed"
    assert reasons[TIMING_ACTION] is None
    groups = text_groups(comparison.to_text())
    assert groups["Not checked (the rule failed)"] == ["Mend the rule"]
    assert len(groups["Not checked (the rule was left out of this run)"]) == 6
    assert "not checked: its rule failed" in comparison.to_markdown()


def test_the_compare_command_takes_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(BEFORE), str(AFTER), "--rules", "AS101"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "  Not checked (the rule was left out of this run)\n" in out
    assert main(["compare", str(BEFORE), str(AFTER), "--rules", "AS101", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["actions"]["unchecked"] == 6
    assert main(["compare", str(BEFORE), str(AFTER), "--rules", ","]) == 2
    assert "--rules names no rule" in capsys.readouterr().err


# -- the handout's action plan ----------------------------------------------------------


def test_the_review_says_why_an_action_was_not_checked() -> None:
    later = load(AFTER)
    reviews = {r.action.strategy: r for r in review_actions(later, run_rules(later, ["AS101"]))}
    assert reviews[TIMING_ACTION].fate == "resolved"
    rota = reviews["Agree a liaison rota that covers every court sitting"]
    assert (rota.fate, rota.unchecked_because) == ("unchecked", "not-run")
    # the review against every rule is unchanged
    assert {r.fate for r in review_actions(later, run_rules(later))} == {
        "open",
        "resolved",
        "obsolete",
    }


def test_a_report_of_no_rules_checks_no_action() -> None:
    # A check with no rules listed none run, and was read as a report of every rule: each
    # action whose finding it did not have was called resolved.
    later = load(AFTER)
    reviews = review_actions(later, run_rules(later, []))
    assert reviews
    assert {(r.fate, r.unchecked_because) for r in reviews} == {("unchecked", "not-run")}
    # a report built by hand, which records no rules but has findings, ran them all
    everything = run_rules(later)
    by_hand = Report.build(everything.case, everything.findings, rules_run=[])
    assert [r.fate for r in review_actions(later, by_hand)] == [
        r.fate for r in review_actions(later, everything)
    ]


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_action_plan_says_not_checked(fmt: HandoutFormat) -> None:
    later = load(AFTER)
    text = render_handout(later, format=fmt, report=run_rules(later, ["AS101"])).text
    plan = text.split("Actions on findings not reported", 1)[1]
    rows = [line for line in plan.splitlines() if "Liaison team manager" in line]
    assert len(rows) == 2
    timing, protocol = sorted(rows, key=lambda row: TIMING_ACTION not in row)
    assert NOT_RUN not in timing
    assert "not reported" in timing  # no earlier version says it was resolved
    assert NOT_RUN in protocol
    assert "not reported" not in protocol
    assert "was not looked for: the table says why." in plan


@pytest.mark.usefixtures("stubbed")
def test_the_handout_action_plan_says_a_failed_rule_was_not_checked(broken_rule: Any) -> None:
    later = later_with({"rule": "XX901", "elements": ["court.liaison"]}, "Mend the rule")
    with pytest.warns(RuleFailedWarning):
        report = run_rules(later, [*BUILTIN_RULES, broken_rule])
    markdown = render_handout(later, format="markdown", report=report).text
    [row] = [line for line in markdown.splitlines() if "Mend the rule" in line]
    assert row.endswith("| not checked: its rule failed |")


@pytest.mark.usefixtures("stubbed")
def test_the_handout_of_every_rule_says_nothing_of_checks() -> None:
    for fmt in ("markdown", "html"):
        text = render_handout(load(AFTER), format=fmt).text
        assert "not checked" not in text


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_progress_uses_the_rules_of_the_report_given(fmt: HandoutFormat) -> None:
    # Checked with AS101 alone, the action plan says the other actions were not checked;
    # the progress section said their findings persisted, checked with every rule.
    later = load(AFTER)
    report = run_rules(later, ["AS101"])
    text = render_handout(later, format=fmt, report=report, previous=load(BEFORE)).text
    progress = text.split("Progress since", 1)[1]
    assert "1 finding resolved, 0 persisting, 0 new." in progress
    assert "AS301 value-tension" not in progress
    assert "not checked: its rule was left out of this run" in progress
    everything = render_handout(later, format=fmt, previous=load(BEFORE)).text
    assert "6 findings resolved, 4 persisting, 1 new." in everything


# -- an action on a finding that neither version reports ---------------------------------

#: An AS301 action on two objects whose tags are in no tension: nothing reports it.
UNREPORTED = "Hold a joint values workshop"


def values_version(title: str, status: str, tools: tuple[str, ...] = ("forms",)) -> Case:
    def system(system_id: str, value: str) -> dict[str, Any]:
        return {
            "id": system_id,
            "subject": "Staff",
            "object": {"label": "Person", "values": [value]},
            "tools": [{"id": tool, "label": tool.title()} for tool in tools],
        }

    return Case.model_validate(
        {
            "title": title,
            "systems": [system("court", "rehabilitation"), system("mhs", "treatment")],
            "actions": [
                {
                    "finding": {"rule": "AS301", "elements": ["court.object", "mhs.object"]},
                    "strategy": UNREPORTED,
                    "status": status,
                },
                {
                    "finding": {"rule": "AS602", "elements": ["court.forms"]},
                    "strategy": "Name the forms",
                    "status": status,
                },
            ],
        }
    )


@pytest.fixture(scope="module")
def unreported() -> Comparison:
    """Two versions, neither of which reports the AS301 finding an action names."""
    before = values_version("Workshop", "planned", tools=("papers",))
    after = values_version("Review", "done", tools=("papers",))
    assert not [f for f in run_rules(before).findings if f.rule in ("AS301", "AS602")]
    return compare(before, after)


def test_an_action_on_a_finding_neither_version_reports_is_not_resolved(
    unreported: Comparison,
) -> None:
    fates = {a.strategy: (a.fate, a.missing) for a in unreported.actions}
    assert fates == {
        UNREPORTED: ("unreported", ()),
        # its element is in neither version: still nothing was resolved, and it says
        # which element is not in the case
        "Name the forms": ("unreported", ("court.forms",)),
    }
    assert unreported.counts()["resolved"] == 0
    counts = json.loads(unreported.to_json())["counts"]["actions"]
    assert (counts["resolved"], counts["obsolete"], counts["unreported"]) == (0, 0, 2)
    assert by_strategy(unreported)[UNREPORTED]["fate"] == "unreported"


def test_the_outputs_say_it_was_not_reported_in_either_version(unreported: Comparison) -> None:
    text = unreported.to_text()
    groups = text_groups(text)
    assert list(groups) == ["Finding not reported in either version"]
    assert "court.forms is not in the case" in " ".join(text.split())
    markdown, html = unreported.to_markdown().splitlines(), unreported._repr_html_().split("<tr>")
    for rows in (markdown, html):
        [row] = [line for line in rows if UNREPORTED in line]
        assert "not reported in either version" in row
        assert "resolved" not in row


def test_the_review_tells_unreported_from_resolved_given_the_earlier_findings() -> None:
    before = values_version("Workshop", "planned")
    after = values_version("Review", "done")
    report = run_rules(after)
    # on its own the review cannot tell; given the earlier version's findings, it can
    assert [r.fate for r in review_actions(after, report)] == ["resolved", "resolved"]
    assert [r.fate for r in review_actions(after, report, earlier=[])] == [
        "unreported",
        "unreported",
    ]
    assert [r.fate for r in review_actions(after, report, earlier=run_rules(before).findings)] == [
        "unreported",
        "unreported",
    ]
    # the finding an earlier version reported is resolved
    later = load(AFTER)
    reviews = review_actions(later, run_rules(later), earlier=run_rules(load(BEFORE)).findings)
    assert [r.fate for r in reviews] == [r.fate for r in review_actions(later, run_rules(later))]


def test_an_action_on_an_element_removed_since_the_earlier_version_is_obsolete() -> None:
    """Its element was in the earlier version: it was removed between the two, not
    misspelt, and the review says so once it is given that version."""
    before = values_version("Workshop", "planned")  # has court.forms
    after = values_version("Review", "done", tools=("papers",))
    report, earlier = run_rules(after), run_rules(before).findings
    fates = [(r.fate, r.missing) for r in review_actions(after, report, earlier=earlier)]
    assert fates[1] == ("unreported", ("court.forms",))  # the review cannot tell
    reviews = review_actions(after, report, earlier=earlier, earlier_case=before)
    assert [(r.fate, r.missing) for r in reviews] == [
        ("unreported", ()),
        ("obsolete", ("court.forms",)),
    ]
    assert {a.strategy: a.fate for a in compare(before, after).actions} == {
        UNREPORTED: "unreported",
        "Name the forms": "obsolete",
    }


#: The later version's action on the tension the information-sharing protocol resolved.
PROTOCOL = "Agree a consent-based information-sharing protocol with the court"


def without_national() -> Case:
    """The later version with the national model, and the returns exchanged with it,
    removed: the version after it, as a team that left the national model would write it."""
    data = case_to_data(load(AFTER))
    data["title"] = "Court liaison and diversion: second set (2028)"
    data["systems"] = [s for s in data["systems"] if s["id"] != "national"]
    for system in data["systems"]:
        for task in system.get("division_of_labour", []):
            task.pop("produces", None)
    data["exchanges"] = [e for e in data["exchanges"] if e["id"] != "screening-returns"]
    return Case.model_validate(data)


@pytest.fixture(scope="module")
def removed_since() -> Comparison:
    """The later version compared with one that no longer has the national model."""
    return compare(load(AFTER), without_national())


def test_an_action_whose_elements_left_since_the_earlier_version_is_obsolete(
    removed_since: Comparison,
) -> None:
    """Neither version reports the protocol's finding (the earlier one had resolved
    it), and its element national.shared-summary was in the earlier version: the
    finding is obsolete, not "not reported in either version" with a misspelling to
    look for."""
    actions = {a.strategy: a for a in removed_since.actions}
    assert (actions[PROTOCOL].fate, actions[PROTOCOL].missing) == (
        "obsolete",
        ("national.shared-summary",),
    )
    # one element removed before the earlier version, one since: the second makes it obsolete
    rota = actions["Agree a liaison rota that covers every court sitting"]
    assert (rota.fate, rota.missing) == (
        "obsolete",
        ("local.when-available", "national.before-first-hearing"),
    )
    assert all(a.fate != "unreported" for a in removed_since.actions)
    text = removed_since.to_text()
    assert PROTOCOL in text_groups(text)["Finding obsolete (its elements are gone)"]
    assert "national.shared-summary is no longer in the case" in " ".join(text.split())
    assert "not in the case" not in text.replace("no longer in the case", "")
    rows = removed_since.to_markdown().splitlines(), removed_since._repr_html_().split("<tr>")
    for lines in rows:
        [row] = [line for line in lines if PROTOCOL in line]
        assert "obsolete: national.shared-summary is no longer in the case" in row
    data = by_strategy(removed_since)[PROTOCOL]
    assert (data["fate"], data["missing"]) == ("obsolete", ["national.shared-summary"])
    counts = json.loads(removed_since.to_json())["counts"]["actions"]
    assert (counts["obsolete"], counts["unreported"]) == (4, 0)


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_calls_it_obsolete_not_misspelt(fmt: HandoutFormat) -> None:
    text = render_handout(without_national(), format=fmt, previous=load(AFTER)).text
    assert "misspelt" not in text
    assert "check that the action names the finding it means" not in text
    assert "not in the case" not in text
    plan, progress = text.split("Actions on findings not reported", 1)[1].split("7. Progress")
    [row] = [line for line in plan.splitlines() if PROTOCOL in line]
    assert "obsolete (national.shared-summary gone)" in row
    [row] = [line for line in progress.splitlines() if PROTOCOL in line]
    assert "obsolete: national.shared-summary is no longer in the case" in row


@pytest.mark.usefixtures("stubbed")
def test_the_handout_does_not_call_a_finding_it_never_saw_resolved() -> None:
    before = values_version("Workshop", "planned")
    after = values_version("Review", "done")
    alone = render_handout(before, format="markdown").text
    table = alone.split("### Actions on findings not reported", 1)[1]
    [row] = [line for line in table.splitlines() if UNREPORTED in line]
    assert row.endswith("| planned | not reported |")
    assert "Whether an earlier version reported them, so that they were resolved" in table
    assert "no longer" not in table
    since = render_handout(after, format="markdown", previous=before).text
    table = since.split("### Actions on findings not reported", 1)[1].split("## 7.", 1)[0]
    [row] = [line for line in table.splitlines() if UNREPORTED in line]
    assert row.endswith("| done | not reported in either version |")
    assert "*not reported in either version* was not reported in the earlier version" in table
    # its elements are in the case and its rule exists: nothing says it is misnamed
    assert "check that the action names the finding it means" not in table
    html = render_handout(after, previous=before).text
    table = html.split("<h3>Actions on findings not reported</h3>", 1)[1].split("</table>")[0]
    [row] = [line for line in table.splitlines() if UNREPORTED in line]
    assert row.endswith("<td>done</td><td>not reported in either version</td></tr>")


@pytest.mark.usefixtures("stubbed")
def test_the_handout_since_the_earlier_version_still_says_resolved() -> None:
    markdown = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    table = markdown.split("### Actions on findings not reported", 1)[1].split("## 7.", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "AS" in line]
    assert [row.rsplit("|", 2)[1].strip() for row in rows] == [
        "resolved",
        "resolved",
        "obsolete (local.when-available gone)",
        "resolved",
    ]
    assert "The case no longer shows these findings" in table


# -- an action whose rule id no rule has --------------------------------------------------

COURT = EXAMPLES / "court-reports.yaml"
TIMING = "AS101-3705b555c6"
TIMING_ELEMENTS = ["court.targets", "mhs.report", "court-report"]


def court_with(*findings: str | dict[str, Any]) -> Case:
    data = case_to_data(load(COURT))
    data["actions"] = [
        {"finding": finding, "strategy": f"Strategy {n}"} for n, finding in enumerate(findings)
    ]
    return Case.model_validate(data)


@pytest.mark.parametrize("rule", ["AS1O1", "AS110", "as1o1"])
def test_a_misspelt_rule_with_the_elements_of_a_finding_names_that_finding(rule: str) -> None:
    case = court_with({"rule": rule, "elements": TIMING_ELEMENTS})
    with pytest.warns(MisnamedFindingWarning) as warned:
        report = check(case)
    [warning] = warned
    assert str(warning.message) == (
        f"actions[0]: the action “Strategy 0” names {{rule: {rule}, elements: "
        "[court.targets, mhs.report, court-report]}, which the report does not have; did you "
        f"mean {{rule: AS101, elements: [court.targets, mhs.report, court-report]}} / key {TIMING}?"
    )
    [review] = review_actions(case, report)
    assert (review.fate, review.unchecked_because) == ("resolved", None)
    assert review.probably_means is not None
    assert review.probably_means.key == TIMING


@pytest.mark.parametrize(
    ("finding", "hint"),
    [
        ({"rule": "AS1O1", "elements": ["court.targets", "mhs.gone"]}, "; did you mean AS101?"),
        ({"rule": "AS110", "elements": ["court.targets"]}, "; did you mean AS101?"),
        ("AS1O1-0123456789", "; did you mean AS101?"),
        # as near AS101 as AS102: no guess
        ({"rule": "AS10", "elements": ["court.targets"]}, ""),
        ({"rule": "XX999", "elements": ["court.targets"]}, ""),
    ],
    ids=["letter-o", "digits-swapped", "key", "digit-left-out", "far"],
)
def test_an_action_on_a_rule_id_no_rule_has_is_warned_of_and_not_checked(
    finding: str | dict[str, Any], hint: str
) -> None:
    case = court_with(finding)
    rule = finding["rule"] if isinstance(finding, dict) else finding.rpartition("-")[0]
    with pytest.warns(MisnamedFindingWarning) as warned:
        report = check(case)
    [warning] = warned
    assert str(warning.message).endswith(
        f", but no rule has the id {rule}, so nothing was looked for{hint}"
    )
    [review] = review_actions(case, report)
    assert (review.fate, review.unchecked_because) == ("unchecked", "unknown-rule")
    assert review.why_unchecked == f"no rule has the id {rule}{hint}"
    # a run of some rules does not make it a rule left out of the run
    [partial] = review_actions(case, run_rules(case, ["AS201"]))
    assert (partial.fate, partial.unchecked_because) == ("unchecked", "unknown-rule")


def test_the_check_command_names_where_the_action_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "court.yaml"
    path.write_text(
        COURT.read_text(encoding="utf-8")
        + "\nactions:\n  - finding: {rule: AS1O1, elements: [court.targets]}\n"
        "    strategy: Agree a short-form report\n",
        encoding="utf-8",
    )
    assert main(["check", str(path), "--fail-on", "never"]) == 0
    lines = COURT.read_text(encoding="utf-8").count("\n") + 3
    assert capsys.readouterr().err == (
        f"activity-systems: warning: {path}:{lines}:14: the action “Agree a short-form "
        "report” names {rule: AS1O1, elements: [court.targets]}, but no rule has the id "
        "AS1O1, so nothing was looked for; did you mean AS101?\n"
    )


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_says_no_rule_has_the_id_not_that_it_was_left_out(
    fmt: HandoutFormat,
) -> None:
    case = court_with({"rule": "AS1O1", "elements": ["court.targets"]})
    text = render_handout(case, format=fmt, report=run_rules(case)).text
    assert "not checked: no rule has the id AS1O1; did you mean AS101?" in text
    assert "left out of this run" not in text


def test_the_comparison_says_no_rule_has_the_id() -> None:
    later = court_with({"rule": "AS1O1", "elements": ["court.targets"]})
    comparison = compare(load(COURT), later)
    [action] = comparison.actions
    assert (action.fate, action.unchecked_because, action.rule_meant) == (
        "unchecked",
        "unknown-rule",
        "AS101",
    )
    groups = text_groups(comparison.to_text())
    assert groups == {"Not checked (no rule has the id the action names)": ["Strategy 0"]}
    reason = "not checked: no rule has the id AS1O1; did you mean AS101?"
    assert reason in comparison.to_markdown()
    assert reason in comparison._repr_html_()
    assert "left out of this run" not in comparison.to_text() + comparison.to_markdown()
    [data] = json.loads(comparison.to_json())["actions"]
    assert (data["fate"], data["unchecked_because"], data["rule_meant"]) == (
        "unchecked",
        "unknown-rule",
        "AS101",
    )
    # compared with some rules, it is still no rule, not one left out
    [some] = compare(load(COURT), later, rules=["AS201"]).actions
    assert some.unchecked_because == "unknown-rule"


THREE = """
title: TITLE
systems:
  - id: court
    subject: Magistrate
    object: OBJECT
    rules: [{id: targets, label: Remand limit, time_limit: LIMIT}]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools: [{id: report, label: Report, turnaround: 4-8 weeks}]
exchanges:
  - {id: court-report, label: Report for court, from: mhs, to: court, takes: mhs.report,
     needed_within: court.targets}
actions:
  - {finding: {rule: AS101, elements: [court.targets, mhs.report, court-report]},
     strategy: Agree a short-form report, status: STATUS}
  - {finding: {rule: AS101, elements: [court.targets, mhs.report, court-report]},
     strategy: Review the remand limit}
  - {finding: {rule: AS101, elements: [court.targets, mhs.reprot, court-report]},
     strategy: Misspelt from the start}
"""


def three_versions() -> list[Case]:
    """The timing contradiction found, resolved at the first set (the short-form report
    done), then an unrelated edit at the second."""
    return [
        loads(
            THREE.replace("TITLE", title)
            .replace("LIMIT", limit)
            .replace("STATUS", status)
            .replace("OBJECT", obj)
        )
        for title, limit, status, obj in (
            ("Workshop", "3 weeks", "planned", "Defendant"),
            ("Set 1", "8 weeks", "done", "Defendant"),
            ("Set 2", "8 weeks", "done", "Defendant at court"),
        )
    ]


@pytest.mark.usefixtures("stubbed")
def test_an_action_done_by_the_earlier_version_is_still_resolved() -> None:
    """Compared with the version where it was resolved, the finding of an action done
    then is still resolved: not "nothing to resolve", and nothing tells the team to
    check its name. One left planned is not reported in either version, without that
    advice either; one whose element never was in the case gets it."""
    first, second, third = three_versions()
    fates = {a.strategy: a.fate for a in compare(first, second, rules=["AS101"]).actions}
    assert fates["Agree a short-form report"] == "resolved"
    comparison = compare(second, third, rules=["AS101"])
    moved = {a.strategy: (a.fate, a.missing) for a in comparison.actions}
    assert moved == {
        "Agree a short-form report": ("still-resolved", ()),
        "Review the remand limit": ("unreported", ()),
        "Misspelt from the start": ("unreported", ("mhs.reprot",)),
    }
    assert json.loads(comparison.to_json())["counts"]["actions"]["still-resolved"] == 1
    groups = text_groups(comparison.to_text())
    assert list(groups) == [
        "Finding still resolved (done by the earlier version; neither reports it)",
        "Finding not reported in either version",
    ]
    said = "still resolved (not reported in either version)"
    for rows in (comparison.to_markdown().splitlines(), comparison._repr_html_().split("<tr>")):
        [row] = [line for line in rows if "Agree a short-form report" in line]
        assert said in row
    handout = render_handout(third, format="markdown", previous=second).text
    plan, progress = handout.split("### Actions on findings not reported", 1)[1].split("## 7.")
    [row] = [line for line in plan.splitlines() if "Agree a short-form report" in line]
    assert row.endswith(f"| done | {said} |")
    [row] = [line for line in progress.splitlines() if "Agree a short-form report" in line]
    assert f"| done | {said}<br>" in row
    assert "*still resolved* is reported in neither version" in plan
    assert "it was resolved before that version, or no rule finds it" in plan
    # the advice to check the name goes with the element that is not in the case
    assert "One whose elements are *not in the case*" in plan
    html = render_handout(third, previous=second).text
    assert f"<td>done</td><td>{said}</td></tr>" in html


@pytest.mark.usefixtures("stubbed")
def test_the_handout_keeps_the_misnaming_advice_for_elements_not_in_the_case() -> None:
    _, second, third = three_versions()
    data = case_to_data(third)
    data["actions"] = [a for a in data["actions"] if "reprot" not in str(a["finding"])]
    handout = render_handout(Case.model_validate(data), format="markdown", previous=second).text
    assert "check that the action names the finding it means" not in handout


CORRECTED = """
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{id: targets, label: Remand limit, time_limit: 3 weeks}]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools: [{id: REPORT, label: Report, turnaround: 4-8 weeks}]
exchanges:
  - {id: court-report, label: Report for court, from: mhs, to: court, takes: mhs.REPORT,
     needed_within: court.targets}
actions:
ACTIONS
"""


def corrected(actions: str, report: str = "report") -> Case:
    return loads(CORRECTED.replace("ACTIONS", actions).replace("REPORT", report))


def plan(finding: str, status: str = "planned", strategy: str = "Agree a short-form report") -> str:
    return f"  - {{finding: {finding}, strategy: {strategy}, status: {status}}}"


TIMING_NAMED = "{rule: AS101, elements: [court.targets, mhs.report, court-report]}"


@pytest.mark.parametrize(
    "was",
    [
        "{rule: AS1O1, elements: [court.targets, mhs.report, court-report]}",  # rule id
        "AS101-3705b555c7",  # a digit of the key
        "{rule: AS101, elements: [court.targets, mhs.reprot, court-report]}",  # element
        "{rule: AS101, elements: [court.targets, mhs.report]}",  # the exchange left out
    ],
)
def test_an_action_whose_finding_the_team_corrected_is_one_action(was: str) -> None:
    """Correcting a misnamed finding, as check's warning says to, keeps the action: it
    is not dropped from the plan and started anew, and keeps its earlier status."""
    comparison = compare(
        corrected(plan(was)), corrected(plan(TIMING_NAMED, "in-progress")), rules=["AS101"]
    )
    (action,) = comparison.actions
    key = corrected(plan(was)).actions[0].finding_key
    assert (action.fate, action.previous_status, action.previous_finding_key) == (
        "persisting",
        "planned",
        key,
    )
    said = f"in-progress (was planned, on {key})"
    assert said in " ".join(comparison.to_text().split())
    assert "1 action: 1 in-progress." in comparison.to_text()
    assert said in comparison.to_markdown()
    assert said in comparison._repr_html_()
    (data,) = json.loads(comparison.to_json())["actions"]
    assert (data["previous_status"], data["previous_finding"]) == ("planned", key)


def test_an_action_that_follows_a_renamed_element_is_one_action() -> None:
    before = corrected(plan(TIMING_NAMED))
    after = corrected(
        plan("{rule: AS101, elements: [court.targets, mhs.full-report, court-report]}"),
        report="full-report",
    )
    comparison = compare(before, after, rules=["AS101"])
    (action,) = comparison.actions
    # the tool was renamed, not replaced: its finding persists under its new key
    assert (action.fate, action.previous_status) == ("persisting", "planned")
    assert action.previous_finding_key == "AS101-3705b555c6"
    assert "planned (was on AS101-3705b555c6)" in comparison.to_text()


def test_a_strategy_moved_to_another_finding_is_not_a_correction() -> None:
    """The earlier reference was right (a finding that version reports, its elements
    still there): the team ended that action and planned one on another finding."""
    other = "{rule: AS401, elements: [court-report]}"
    comparison = compare(corrected(plan(TIMING_NAMED)), corrected(plan(other)))
    assert sorted(describe_status(a) for a in comparison.actions) == [
        "no longer in the plan (was planned)",
        "planned (new action)",
    ]
    assert all(a.previous_finding_key is None for a in comparison.actions)


def test_a_correction_pairs_only_when_one_action_has_the_strategy_on_each_side() -> None:
    was = "{rule: AS1O1, elements: [court.targets, mhs.report, court-report]}"
    two = "\n".join([plan(TIMING_NAMED), plan("{rule: AS401, elements: [court-report]}")])
    comparison = compare(corrected(plan(was)), corrected(two))
    assert len(comparison.actions) == 3
    assert all(a.previous_finding_key is None for a in comparison.actions)


# -- an integration assessment that the later version drops -------------------------------

#: The example's integration gap between the court and the liaison team, and its action.
GAP = "AS501-b89d2d3819"
MEETING = "Hold a monthly joint meeting of the court's legal advisers and the liaison team"
#: Its words as far as the apostrophe, which HTML escapes.
MEETING_START = "Hold a monthly joint meeting"
NOT_ASSESSED = "not checked: its pair of systems is not assessed"


def later_assessing(*assessments: dict[str, Any]) -> Case:
    """The later version with these integration assessments in place of its own."""
    data = case_to_data(load(AFTER))
    data["integration"] = list(assessments)
    return Case.model_validate(data)


@pytest.fixture(scope="module")
def unassessed() -> Comparison:
    """The example, with the later version no longer assessing the court and the team."""
    return compare(load(BEFORE), later_assessing())


def test_a_pair_no_longer_assessed_has_not_closed_its_gap(unassessed: Comparison) -> None:
    assert [f.key for f in unassessed.unassessed] == [GAP]
    assert GAP not in {f.key for f in unassessed.resolved}
    assert unassessed.counts() == {"resolved": 6, "persisting": 3, "new": 1, "unassessed": 1}
    [move] = unassessed.integration
    assert move.direction == "removed"
    actions = {a.strategy: a for a in unassessed.actions}
    assert (actions[MEETING].fate, actions[MEETING].unchecked_because) == (
        "unchecked",
        "unassessed",
    )
    assert actions[MEETING].why_unchecked == "its pair of systems is not assessed"


def test_every_output_says_it_is_no_longer_assessed(unassessed: Comparison) -> None:
    text = unassessed.to_text()
    assert "6 findings resolved, 3 persisting, 1 new, 1 no longer assessed." in text
    resolved = text.split("Resolved (6)\n", 1)[1].split("\n\n", 1)[0]
    assert GAP not in resolved
    gone = text.split("No longer assessed (1)\n", 1)[1].split("\n\n", 1)[0]
    assert gone.startswith(f"  HIGH AS501 integration-gap ({GAP})")
    assert "court and local: no longer assessed" in text
    assert text_groups(text)["Not checked (the pair of systems is not assessed)"] == [MEETING]
    markdown = unassessed.to_markdown()
    assert "## No longer assessed (1)\n\n- **AS501 integration-gap**" in markdown
    html = unassessed._repr_html_()
    assert "<h4>No longer assessed (1)</h4>" in html
    for rows in (markdown.splitlines(), html.split("<tr>")):
        [row] = [line for line in rows if MEETING_START in line]
        assert NOT_ASSESSED in row
        assert "resolved" not in row
    data = json.loads(unassessed.to_json())
    assert data["counts"]["findings"]["unassessed"] == 1
    assert [f["key"] for f in data["findings"]["unassessed"]] == [GAP]
    assert GAP not in {f["key"] for f in data["findings"]["resolved"]}
    assert (data["counts"]["actions"]["resolved"], data["counts"]["actions"]["unchecked"]) == (3, 1)
    meeting = by_strategy(unassessed)[MEETING]
    assert (meeting["fate"], meeting["unchecked_because"]) == ("unchecked", "unassessed")


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_since_says_the_pair_is_no_longer_assessed(fmt: HandoutFormat) -> None:
    text = render_handout(later_assessing(), format=fmt, previous=load(BEFORE)).text
    plan, progress = text.split("Actions on findings not reported", 1)[1].split("7. Progress")
    [row] = [line for line in plan.splitlines() if MEETING_START in line]
    assert NOT_ASSESSED in row
    assert "6 findings resolved, 3 persisting, 1 new, 1 no longer assessed." in progress
    heading = (
        "### No longer assessed (1)" if fmt == "markdown" else "<h3>No longer assessed (1)</h3>"
    )
    unassessed = progress.split(heading, 1)[1].split("##" if fmt == "markdown" else "<h3>")[0]
    assert GAP in unassessed
    assert GAP not in progress.split("Resolved (6)", 1)[1].split("Persisting", 1)[0]
    [row] = [line for line in progress.splitlines() if MEETING_START in line]
    assert NOT_ASSESSED in row


def test_a_gap_closed_by_an_assessment_is_still_resolved() -> None:
    """The pair assessed again, at the level it wants: the gap is resolved."""
    reached = {"between": ["court", "local"], "current": "cooperation", "desired": "cooperation"}
    comparison = compare(load(BEFORE), later_assessing(reached))
    assert GAP in {f.key for f in comparison.resolved}
    assert comparison.unassessed == ()
    assert {a.strategy: a.fate for a in comparison.actions}[MEETING] == "resolved"
    assert "no longer assessed" not in comparison.to_text()


PAIRS = """
title: TITLE
systems:
  - {id: court, subject: Magistrate, object: {label: Defendant, values: [VALUE]}}
  - {id: mhs, subject: Psychiatrist, object: {label: Service user, values: [treatment]}}
  - {id: police, subject: Officer, object: Detainee}
ADD
actions:
  - {finding: {rule: AS501, elements: [court, mhs]}, strategy: Meet monthly}
  - {finding: {rule: AS502, elements: [court, police]}, strategy: Keep apart}
  - {finding: {rule: AS301, elements: [court.object, mhs.object]}, strategy: Talk values}
"""
ASSESSED = """integration:
  - {between: [court, mhs], current: linkage, desired: cooperation}
  - {between: [police, court], current: full-integration, desired: coordination}
"""


def pairs(title: str, add: str = ASSESSED, value: str = "punishment") -> Case:
    return loads(PAIRS.replace("TITLE", title).replace("ADD", add).replace("VALUE", value))


def test_what_only_the_dropped_assessments_took_away_is_no_longer_assessed() -> None:
    """Both integration rules need their pair assessed; and the court and the mental
    health service were neighbours only through their assessment, so the tension
    between their objects, and the want of a shared object, went with it too."""
    before = pairs("Workshop")
    rules = {"AS501", "AS502", "AS301", "AS603"}
    assert {f.rule for f in run_rules(before).findings} >= rules  # and empty nodes
    comparison = compare(before, pairs("Review", add=""))
    assert {f.rule for f in comparison.unassessed} == rules
    assert comparison.resolved == comparison.new == ()
    fates = {a.strategy: (a.fate, a.unchecked_because) for a in comparison.actions}
    assert set(fates.values()) == {("unchecked", "unassessed")}
    assert (
        "Talk values"
        in text_groups(comparison.to_text())["Not checked (the pair of systems is not assessed)"]
    )
    # the backwards comparison: the pairs were assessed for the first time
    assert {f.rule for f in compare(pairs("Review", add=""), before).new} == rules


def test_a_tension_resolved_beside_a_dropped_assessment_is_resolved() -> None:
    """The court no longer punishes, and its assessment with the mental health service
    was dropped: given the assessment back, the later version still has no tension, so
    the tension was resolved, not merely left unassessed."""
    comparison = compare(pairs("Workshop"), pairs("Review", add="", value="public-protection"))
    assert "AS301" in {f.rule for f in comparison.resolved}
    assert {f.rule for f in comparison.unassessed} == {"AS501", "AS502", "AS603"}
    assert {a.strategy: a.fate for a in comparison.actions}["Talk values"] == "resolved"


def test_the_review_of_one_version_does_not_call_an_unassessed_gap_resolved() -> None:
    case = pairs("Workshop", add="")
    reviews = review_actions(case, run_rules(case))
    assert [(r.fate, r.unchecked_because, r.why_unchecked) for r in reviews[:2]] == [
        ("unchecked", "unassessed", "its pair of systems is not assessed"),
        ("unchecked", "unassessed", "its pair of systems is not assessed"),
    ]
    # given only by key, it learns its pair from the earlier version's finding
    data = case_to_data(case)
    earlier = run_rules(pairs("Workshop")).findings
    [gap] = [f.key for f in earlier if f.rule == "AS501"]
    data["actions"] = [{"finding": gap, "strategy": "By key"}]
    keyed = Case.model_validate(data)
    [review] = review_actions(keyed, run_rules(keyed), earlier=earlier)
    assert (review.fate, review.unchecked_because) == ("unchecked", "unassessed")


def test_a_pair_with_a_system_removed_is_resolved_with_its_action_obsolete() -> None:
    before = pairs("Workshop")
    data = case_to_data(pairs("Review"))
    data["systems"] = [s for s in data["systems"] if s["id"] != "mhs"]
    data["integration"] = [a for a in data["integration"] if "mhs" not in a["between"]]
    data["actions"] = [a for a in data["actions"] if a["strategy"] == "Meet monthly"]
    comparison = compare(before, Case.model_validate(data))
    assert "AS501" in {f.rule for f in comparison.resolved}
    assert comparison.unassessed == ()
    [action] = [a for a in comparison.actions if a.strategy == "Meet monthly"]
    assert (action.fate, action.missing) == ("obsolete", ("mhs",))


def test_findings_on_other_data_removed_stay_resolved() -> None:
    """A value tag taken off an element, or a declared contradiction deleted, is how a
    team records what it changed: the comparison cannot tell a fix from an omission, and
    leaves those findings resolved (only a dropped assessment is told apart)."""
    declared = (
        ASSESSED + "declared:\n  - {between: [court.object, police.object], level: quaternary}\n"
    )
    before = pairs("Workshop", add=declared)
    after = pairs("Review", value="")  # the court's object carries no value now
    comparison = compare(before, after)
    assert {f.rule for f in comparison.resolved} >= {"AS301", "AS000"}
    assert comparison.unassessed == ()
    fates = {a.strategy: a.fate for a in comparison.actions}
    assert fates["Talk values"] == "resolved"


def test_an_action_close_to_an_unassessed_finding_does_not_call_it_resolved() -> None:
    wrong = GAP[:-1] + ("8" if GAP[-1] != "8" else "7")
    data = case_to_data(load(AFTER))
    data["integration"] = []
    data["actions"].append({"finding": wrong, "strategy": "Meet every month"})
    comparison = compare(load(BEFORE), Case.model_validate(data))
    [action] = [a for a in comparison.actions if a.strategy == "Meet every month"]
    assert action.fate == "misnamed"
    assert action.probably_means is not None
    assert action.probably_means.key == GAP
    assert action.probably_means_resolved is False
    assert "resolved since" not in comparison.to_text()
