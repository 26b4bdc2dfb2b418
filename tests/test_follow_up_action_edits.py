"""A paired action's strategy, owner and review date where they changed: every output
says what they were, as it does for a changed element's label and an action's status."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from activity_systems import Case, load, loads
from activity_systems.follow_up import ActionProgress, Comparison, compare
from activity_systems.follow_up.markup import comparison_html
from activity_systems.handouts import render_handout

#: A table cell of a comparison's HTML: aligned left and to the top of its row.
_TD = '<td style="text-align: left; vertical-align: top">'

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
PILOT = "Pilot offering screening to every defendant on the list, beside staff referrals"
RETURNS = "Make the screening returns somebody's job"
#: The returns action of the later version, reworded and handed to someone else (the
#: owner's markup and Markdown must reach every output as text).
REWORDED = "Name who sends the screening returns"
OWNER = "<b>Data</b> manager | *weekly*"


@pytest.fixture(scope="module")
def example() -> Comparison:
    return compare(load(BEFORE), load(AFTER))


def edited() -> Case:
    """The later version with the returns action reworded and its owner changed."""
    text = AFTER.read_text(encoding="utf-8")
    old = f"    strategy: {RETURNS}\n    owner: Service manager\n"
    assert old in text
    return loads(text.replace(old, f'    strategy: {REWORDED}\n    owner: "{OWNER}"\n'))


@pytest.fixture(scope="module")
def reworded() -> Comparison:
    return compare(load(BEFORE), edited())


def by_strategy(comparison: Comparison, strategy: str) -> ActionProgress:
    return next(a for a in comparison.actions if a.strategy == strategy)


def test_a_moved_review_date_is_a_difference_of_the_action(example: Comparison) -> None:
    pilot = by_strategy(example, PILOT)
    assert pilot.review == date(2027, 9, 1)
    assert [(d.field, d.before, d.after) for d in pilot.differences] == [
        ("review", "2027-03-01", "2027-09-01")
    ]
    unchanged = by_strategy(example, RETURNS)
    assert unchanged.differences == ()
    new = next(a for a in example.actions if a.previous_status is None)
    assert new.differences == ()


def test_the_text_says_what_the_review_date_was(example: Comparison) -> None:
    lines = example.to_text().splitlines()
    start = lines.index(f"    * {PILOT}")
    assert lines[start + 1 : start + 5] == [
        "      in-progress (was planned) · AS301-801df11020 · Court liaison workers · review",
        "      2027-09-01",
        "      was: review 2027-03-01",
        "      Note: The pilot runs on two of the five court days.",
    ]
    assert sum(line.strip().startswith("was: ") for line in lines) == 2  # the pilot, AS501


def test_the_text_names_only_the_fields_that_changed(reworded: Comparison) -> None:
    lines = reworded.to_text().splitlines()
    start = lines.index(f"    * {REWORDED}")
    assert lines[start + 1].startswith("      done (was planned) · AS401-dfc1c05076 · <b>Data")
    was = next(line for line in lines[start + 1 :] if line.strip().startswith("was: "))
    assert was == f"      was: strategy “{RETURNS}”; owner Service manager"


def test_an_owner_no_longer_set_was_one() -> None:
    text = AFTER.read_text(encoding="utf-8")
    after = loads(
        text.replace(
            f"    strategy: {RETURNS}\n    owner: Service manager\n", f"    strategy: {RETURNS}\n"
        )
    )
    returns = by_strategy(compare(load(BEFORE), after), RETURNS)
    assert [(d.field, d.before, d.after) for d in returns.differences] == [
        ("owner", "Service manager", None)
    ]
    comparison = compare(after, load(BEFORE))  # and the other way: an owner named since
    assert "      was: owner (none)" in comparison.to_text().splitlines()


def test_markdown_says_what_they_were_escaped(example: Comparison, reworded: Comparison) -> None:
    lines = example.to_markdown().splitlines()
    assert (
        f"| {PILOT}<br>was: review 2027-03-01<br>Note: The pilot runs on two of the five "
        "court days. | Court liaison workers | 2027-09-01 | in-progress (was planned) | "
        "`AS301-801df11020` persists |"
    ) in lines
    markdown = reworded.to_markdown()
    assert (
        f"| {REWORDED}<br>was: strategy “{RETURNS}”; owner Service manager | "
        "&lt;b&gt;Data&lt;/b&gt; manager \\| \\*weekly\\* |"
    ) in markdown


def test_html_says_what_they_were_escaped(example: Comparison, reworded: Comparison) -> None:
    assert (
        f"{_TD}{PILOT}<br><small>was: review 2027-03-01</small><br><small>Note: "
    ) in comparison_html(example)
    html = comparison_html(reworded)
    assert (
        f"{_TD}{REWORDED}<br><small>was: strategy “Make the screening returns somebody&#x27;s "
        f"job”; owner Service manager</small></td>{_TD}&lt;b&gt;Data&lt;/b&gt; manager"
    ) in html
    assert "<b>Data" not in html


def test_json_holds_the_earlier_values_that_differ(
    example: Comparison, reworded: Comparison
) -> None:
    data = json.loads(example.to_json())
    assert data["version"] == 1
    previous = {a["strategy"]: a["previous"] for a in data["actions"]}
    assert previous[PILOT] == {"review": "2027-03-01"}
    assert previous[RETURNS] == {}
    assert previous["Write the screening returns into the liaison workers' job plans"] == {}
    returns = next(a for a in json.loads(reworded.to_json())["actions"] if "Data" in a["owner"])
    assert returns["previous"] == {"strategy": RETURNS, "owner": "Service manager"}
    assert (returns["strategy"], returns["owner"]) == (REWORDED, OWNER)


@pytest.mark.usefixtures("stubbed")
def test_the_handouts_progress_table_says_what_they_were() -> None:
    html = render_handout(load(AFTER), previous=load(BEFORE)).text
    progress = html[html.index('<section id="progress"') :]
    assert (
        f'<th scope="row">{PILOT}<p class="details">was: review 2027-03-01</p>'
        '<p class="details">The pilot runs on two of the five court days.</p></th>'
    ) in progress
    markdown = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    assert (
        f"| {PILOT}<br>was: review 2027-03-01<br>The pilot runs on two of the five court days. |"
    ) in markdown


@pytest.mark.usefixtures("stubbed")
def test_the_handouts_progress_table_escapes_what_they_were() -> None:
    html = render_handout(edited(), previous=load(BEFORE)).text
    progress = html[html.index('<section id="progress"') :]
    assert (
        f'<th scope="row">{REWORDED}<p class="details">was: strategy “Make the screening '
        "returns somebody&#39;s job”; owner Service manager</p></th>"
        "<td>&lt;b&gt;Data&lt;/b&gt; manager | *weekly*</td>"
    ) in progress
    markdown = render_handout(edited(), format="markdown", previous=load(BEFORE)).text
    assert (
        f"| {REWORDED}<br>was: strategy “{RETURNS}”; owner Service manager | "
        "&lt;b&gt;Data&lt;/b&gt; manager \\| \\*weekly\\* |"
    ) in markdown
