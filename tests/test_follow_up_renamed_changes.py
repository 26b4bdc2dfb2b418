"""The case changes of a comparison agree with its findings about renamed elements: an
element whose id changed and that the findings follow (see
:func:`~activity_systems.follow_up.changes.renamed_elements`) is one change, shown as
renamed (its earlier id to its later one, and its earlier label when that changed
too), not one element removed and another added, in every output."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from arrows_read import ARROW_READ
from line_counting import lines_executed
from renamed_versions import case_text

from activity_systems import Case, load, loads
from activity_systems.follow_up import Comparison, compare
from activity_systems.follow_up.changes import element_changes, renamed_elements
from activity_systems.handouts import render_handout
from activity_systems.handouts.progress import progress_section
from activity_systems.model import ActivitySystem

COURT = Path(__file__).parent.parent / "examples" / "court-reports.yaml"


def version(
    tool: str = "report",
    task: str = "Full assessment and report",
    tool_label: str = "Psychiatric report",
    mhs: str = "mhs",
) -> Case:
    return loads(case_text(tool, task, tool_label, mhs))


def court_renamed() -> tuple[Case, Case]:
    """The court example, and the same six weeks later with the rule ``treatment-first``
    given the id ``treatment-priority``."""
    text = COURT.read_text(encoding="utf-8")
    return loads(text), loads(text.replace("treatment-first", "treatment-priority"))


def followed(comparison: Comparison) -> dict[str, str]:
    """The renames the case changes show, ``system.old-id`` to ``system.new-id``."""
    return {
        f"{c.system}.{c.previous_id}": c.reference
        for c in comparison.elements
        if c.previous_id is not None
    }


def test_a_renamed_rule_is_one_change() -> None:
    before, after = court_renamed()
    comparison = compare(before, after)
    (change,) = comparison.elements
    assert (change.system, change.node, change.id, change.change) == (
        "mhs",
        "rules",
        "treatment-priority",
        "changed",
    )
    assert change.previous_id == "treatment-first"
    assert change.previous_label is None
    assert change.fields == ("id",)
    assert [d.to_dict() for d in change.differences] == [
        {"field": "id", "before": "treatment-first", "after": "treatment-priority"}
    ]
    # the findings follow the same element
    assert followed(comparison) == renamed_elements(before, after)


def test_a_renamed_rule_shows_as_renamed_in_text_and_markdown() -> None:
    comparison = compare(*court_renamed())
    text = comparison.to_text()
    changes = text[text.index("\nChanges\n") :]
    assert "removed treatment-first" not in changes
    assert "added treatment-priority" not in changes
    assert (
        "Rules changed treatment-first → treatment-priority “First responsibility is the "
        "defendant's treatment”: renamed" in " ".join(changes.split())
    )
    markdown = comparison.to_markdown()
    assert (
        "| Rules | `treatment-first` → `treatment-priority` | First responsibility is the "
        "defendant's treatment | renamed |" in markdown
    )
    assert "| added |" not in markdown
    assert "| removed |" not in markdown
    html = comparison._repr_html_()
    assert "<code>treatment-first</code> → <code>treatment-priority</code>" in html
    assert ">renamed<" in html


def test_the_json_keeps_change_changed_and_adds_previous_id() -> None:
    comparison = compare(*court_renamed())
    data = json.loads(comparison.to_json())
    assert (data["format"], data["version"]) == ("activity-systems/comparison", 1)
    (element,) = data["changes"]["elements"]
    assert element == {
        "system": "mhs",
        "node": "rules",
        "id": "treatment-priority",
        "change": "changed",
        "label": "First responsibility is the defendant's treatment",
        "fields": ["id"],
        "differences": [
            {"field": "id", "before": "treatment-first", "after": "treatment-priority"}
        ],
        "previous_label": None,
        "previous_id": "treatment-first",
    }


def test_an_element_not_renamed_has_no_previous_id() -> None:
    before, _after = court_renamed()
    edited = loads(
        COURT.read_text(encoding="utf-8").replace("turnaround: 4-8 weeks", "turnaround: 2 weeks")
    )
    (element,) = json.loads(compare(before, edited).to_json())["changes"]["elements"]
    assert element["previous_id"] is None
    assert element["fields"] == ["turnaround"]


def test_the_handout_shows_a_renamed_rule_as_one_row() -> None:
    before, after = court_renamed()
    section = progress_section(compare(before, after), case=after)
    (row,) = section.changes
    assert (row.id, row.previous_id, row.change, row.kind) == (
        "treatment-priority",
        "treatment-first",
        "renamed",
        "changed",
    )
    markdown = render_handout(after, previous=before, format="markdown").text
    changed = markdown[markdown.index("### What changed in the case") :]
    changed = changed[: changed.index("\n\n", changed.index("| Where"))]
    assert changed.count("treatment-") == 2, changed
    assert "`treatment-first` → `treatment-priority` | renamed |" in changed
    html = render_handout(after, previous=before, format="html").text
    changed = html[html.index("What changed in the case</h3>") :]
    changed = changed[: changed.index("</table>")]
    assert (
        f'<span class="key">treatment-first</span> {ARROW_READ} <span class="key">'
        "treatment-priority</span></th><td>renamed</td>" in changed
    )
    assert "added" not in changed
    assert "removed" not in changed


def test_a_reworded_task_without_an_id_is_renamed_with_its_label() -> None:
    before, after = version(), version(task="Full assessment and court report")
    comparison = compare(before, after)
    (change,) = comparison.elements
    assert (change.previous_id, change.id) == (
        "full-assessment-and-report",
        "full-assessment-and-court-report",
    )
    assert change.previous_label == "Full assessment and report"
    assert change.fields == ("id", "task")
    assert followed(comparison) == renamed_elements(before, after)
    text = " ".join(comparison.to_text().split())
    assert (
        "changed full-assessment-and-report → full-assessment-and-court-report “Full assessment "
        "and court report” (was “Full assessment and report”): renamed" in text
    )
    assert "task:" not in text  # the label is shown as "was …", not listed again
    (row,) = progress_section(comparison, case=after).changes
    assert (row.previous_id, row.previous_label, row.change, row.differences) == (
        "full-assessment-and-report",
        "Full assessment and report",
        "renamed",
        (),
    )


def test_exchanges_follow_the_renamed_element_they_take() -> None:
    """An exchange that takes a renamed tool is one exchange whose ``takes`` changed, as
    its finding persists: not removed and added."""
    before, after = version(), version(tool="full-report")
    comparison = compare(before, after)
    assert followed(comparison) == {"mhs.report": "mhs.full-report"}
    (exchange,) = comparison.exchanges
    assert (exchange.id, exchange.change, exchange.fields) == (
        "court-report",
        "changed",
        ("takes",),
    )
    assert [(d.before, d.after) for d in exchange.differences] == [
        ("mhs.report", "mhs.full-report")
    ]


def test_changes_agree_with_the_findings_where_nothing_is_renamed() -> None:
    """What the findings do not follow, the changes do not show as renamed: an element
    whose written id and label both changed (a tool replaced by another), and a system
    whose id changed (another system: removed and added whole, its findings resolved
    and new)."""
    replaced = version(tool="video", tool_label="Video link hearing")
    comparison = compare(version(), replaced)
    assert renamed_elements(version(), replaced) == {} == followed(comparison)
    assert sorted((c.id, c.change) for c in comparison.elements) == [
        ("report", "removed"),
        ("video", "added"),
    ]
    moved = version(mhs="mental-health")
    comparison = compare(version(), moved)
    assert renamed_elements(version(), moved) == {} == followed(comparison)
    assert comparison.elements == ()
    assert sorted((c.id, c.change) for c in comparison.systems) == [
        ("mental-health", "added"),
        ("mhs", "removed"),
    ]
    # its elements' findings are resolved and new, none carried to the new system's
    assert not [p.carried for p in comparison.persisting if p.carried]
    assert sorted(e for f in comparison.resolved for e in f.elements if "." in e) == [
        "court.targets",
        "mhs.full-assessment-and-report",
        "mhs.report",
    ]


def test_element_changes_given_the_renames_agree_with_those_it_finds() -> None:
    before, after = court_renamed()
    renamed = renamed_elements(before, after)
    assert element_changes(before, after, renamed) == element_changes(before, after)


def many_tools(prefix: str, n: int) -> Case:
    tools = [
        {"id": f"{prefix}{i}", "label": f"Report {i}", "turnaround": "2 weeks"} for i in range(n)
    ]
    system = ActivitySystem(id="mhs", subject="Psychiatrist", object="Patient", tools=tools)
    return Case(title="Reports", systems=[system])


def test_listing_every_element_renamed_grows_linearly() -> None:
    """A version whose every id changed lists each element once, renamed, in time linear
    in the elements: 4x the elements, at most about 4x the work (counted)."""
    work = []
    for n in (50, 200):
        before, after = many_tools("old", n), many_tools("new", n)
        changes = element_changes(before, after)
        assert len(changes) == n
        assert all(c.previous_id == c.id.replace("new", "old") for c in changes)
        work.append(lines_executed(functools.partial(element_changes, before, after)))
    assert work[1] / work[0] <= 4.4, f"{work[1] / work[0]:.1f}x the work for 4x the elements"


def test_compare_finds_the_renamed_elements_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings and the case changes share one reading of what was renamed."""
    from activity_systems.follow_up import changes, matching

    calls = []

    def counted(before: Case, after: Case) -> dict[str, str]:
        calls.append(1)
        return renamed_elements(before, after)

    monkeypatch.setattr(matching, "renamed_elements", counted)
    monkeypatch.setattr(changes, "renamed_elements", counted)
    comparison = compare(*court_renamed())
    assert len(calls) == 1
    assert followed(comparison) == {"mhs.treatment-first": "mhs.treatment-priority"}


def test_the_example_comparison_has_no_rename() -> None:
    earlier = load("examples/liaison-and-diversion.yaml")
    later = load("examples/liaison-and-diversion-2027.yaml")
    assert followed(compare(earlier, later)) == {} == renamed_elements(earlier, later)


def test_the_handout_puts_the_ids_right_under_an_earlier_label() -> None:
    """The earlier label is a paragraph of its own in the HTML handout, so the ids follow
    it on the next line: no line break after it leaves a blank line before them."""
    before, after = version(), version(task="Full assessment and court report")
    html = render_handout(after, previous=before, format="html").text
    changed = html[html.index("What changed in the case</h3>") :]
    changed = changed[: changed.index("</table>")]
    assert (
        '<p class="details">was: Full assessment and report</p>'
        f'<span class="key">full-assessment-and-report</span> {ARROW_READ} ' in changed
    ), changed
    assert "</p><br>" not in changed
    # a row without an earlier label keeps its line break before the ids
    before, after = court_renamed()
    html = render_handout(after, previous=before, format="html").text
    assert f'<br><span class="key">treatment-first</span> {ARROW_READ} ' in html
