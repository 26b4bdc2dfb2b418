"""The earlier and later value of each changed field, in every output of a comparison."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from arrows_read import ARROW_READ
from hypothesis import given
from hypothesis import strategies as st

from activity_systems import Case, load
from activity_systems.follow_up import Comparison, FieldDifference, compare
from activity_systems.follow_up.text import (
    VALUE_WIDTH,
    describe_difference,
    plain,
    shorten,
    show_value,
    show_values,
)
from activity_systems.handouts import render_handout

#: A table cell of a comparison's HTML: aligned left and to the top of its row.
_TD = '<td style="text-align: left; vertical-align: top">'

EXAMPLES = Path(__file__).parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"


def two_systems() -> dict[str, Any]:
    """A court and a mental health service, as case-file data."""
    return {
        "title": "Reports",
        "systems": [
            {
                "id": "court",
                "name": "Magistrates' court",
                "subject": "Magistrate",
                "object": "Defendant",
                "tools": [{"id": "request", "label": "Request"}],
                "rules": [{"id": "targets", "label": "Targets", "time_limit": "3 weeks"}],
                "community": ["Ushers"],
            },
            {
                "id": "mhs",
                "subject": "Psychiatrist",
                "object": "Service user",
                "tools": [
                    {
                        "id": "report",
                        "label": "Report",
                        "turnaround": "4-8 weeks",
                        "provides": ["diagnosis"],
                    }
                ],
                "division_of_labour": [
                    {"task": "Write report", "by": "subject", "produces": ["court-report"]}
                ],
            },
        ],
        "exchanges": [
            {
                "id": "court-report",
                "label": "Report for the court",
                "from": "mhs",
                "to": "court",
                "takes": "mhs.report",
                "needed_within": "court.targets",
                "expects": ["diagnosis"],
            }
        ],
    }


def versions(edit: Any) -> tuple[Case, Case]:
    """The two-system case before and after ``edit`` changes its data."""
    before = two_systems()
    after = json.loads(json.dumps(before))
    edit(after)
    return Case.model_validate(before), Case.model_validate(after)


def faster_report(data: dict[str, Any]) -> None:
    data["systems"][1]["tools"][0]["turnaround"] = "P3W"


@pytest.fixture(scope="module")
def faster() -> Comparison:
    return compare(*versions(faster_report))


# -- the values ---------------------------------------------------------------------------


def test_the_example_names_each_changed_value() -> None:
    comparison = compare(load(BEFORE), load(AFTER))
    assessment = comparison.elements[0]
    assert assessment.reference == "local.assessment"
    assert [d.to_dict() for d in assessment.differences] == [
        {
            "field": "description",
            "before": None,
            "after": "Since the team's first strategy, liaison workers screen on the day "
            "with the national screening tool.",
        },
        {"field": "turnaround", "before": "2-10 days", "after": "4-24 hours"},
        {
            "field": "provides",
            "before": ["mental-health-needs"],
            "after": ["diversion-options", "mental-health-needs"],
        },
    ]
    for change in (*comparison.systems, *comparison.elements, *comparison.exchanges):
        assert tuple(d.field for d in change.differences) == change.fields


def test_a_duration_is_shown_as_a_case_file_writes_it(faster: Comparison) -> None:
    [change] = faster.elements
    # P3W is three weeks; the JSON of a dump would say P3W, a person says 3 weeks
    assert change.differences == (
        FieldDifference(field="turnaround", before="4-8 weeks", after="3 weeks"),
    )


def test_each_output_shows_the_earlier_and_later_value(faster: Comparison) -> None:
    line = "turnaround: 4–8 weeks → 3 weeks"  # the JSON as the case file writes it
    assert f"      changed report “Report”\n          {line}\n" in faster.to_text()
    assert f"| Tools | `report` | Report | changed<br>{line} |" in faster.to_markdown()
    assert f"{_TD}Report</td>{_TD}changed<br>{line}</td>" in faster._repr_html_()
    [element] = json.loads(faster.to_json())["changes"]["elements"]
    assert element["fields"] == ["turnaround"]
    assert element["differences"] == [
        {"field": "turnaround", "before": "4-8 weeks", "after": "3 weeks"}
    ]


@pytest.mark.usefixtures("stubbed")
def test_the_handout_progress_section_shows_the_values() -> None:
    # as the handout writes durations elsewhere, with an en dash (the comparison's own
    # outputs write them as the case file does)
    before, after = versions(faster_report)
    markdown = render_handout(after, format="markdown", previous=before).text
    assert (
        "| mhs · Tools | Report<br>`report` | changed<br>turnaround: 4–8 weeks → 3 weeks |"
    ) in markdown
    html = render_handout(after, previous=before).text
    assert (
        '<td>changed<ul class="differences"><li>turnaround: 4–8 weeks '
        f"{ARROW_READ} 3 weeks</li></ul></td>" in html
    )


def test_the_json_only_adds_differences(faster: Comparison) -> None:
    data = json.loads(faster.to_json())
    assert (data["format"], data["version"]) == ("activity-systems/comparison", 1)
    [element] = data["changes"]["elements"]
    assert list(element) == [
        "system",
        "node",
        "id",
        "change",
        "label",
        "fields",
        "differences",
        "previous_label",
        "previous_id",
    ]


def test_fields_not_set_show_as_none() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["systems"][0]["rules"][0]["description"] = "Targets set by the ministry."
        data["exchanges"][0]["expects"] = []

    comparison = compare(*versions(edit))
    text = comparison.to_text()
    assert "description: (none) → “Targets set by the ministry.”" in text
    assert "expects: diagnosis → (none)" in text
    [exchange] = json.loads(comparison.to_json())["changes"]["exchanges"]
    assert exchange["differences"] == [{"field": "expects", "before": ["diagnosis"], "after": []}]


def test_systems_and_exchanges_show_their_values() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["systems"][0]["name"] = "Crown court"
        data["systems"][0]["sector"] = "CJS"
        data["exchanges"][0]["takes"] = "2 to 3 weeks"
        data["exchanges"][0]["label"] = "Report"

    comparison = compare(*versions(edit))
    [system] = comparison.systems
    assert [describe_difference(d) for d in system.differences] == [
        "name: “Magistrates' court” → “Crown court”",
        "sector: (none) → “CJS”",
    ]
    [exchange] = comparison.exchanges
    assert [describe_difference(d) for d in exchange.differences] == [
        "label: “Report for the court” → “Report”",
        "takes: mhs.report → 2–3 weeks",
    ]


def test_an_element_label_is_shown_once_as_was() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["systems"][0]["tools"][0]["label"] = "Written request"

    comparison = compare(*versions(edit))
    [change] = comparison.elements
    assert change.fields == ("label",)
    assert change.differences[0].to_dict() == {
        "field": "label",
        "before": "Request",
        "after": "Written request",
    }
    assert "changed request “Written request” (was “Request”): label\n" in comparison.to_text()
    assert "label: “" not in comparison.to_text()
    assert "(was Request) | changed: label |" in comparison.to_markdown()


def test_an_element_that_moves_node_shows_both_nodes() -> None:
    def edit(data: dict[str, Any]) -> None:
        court = data["systems"][0]
        court["rules"].append({**court["tools"].pop(), "kind": "formal"})

    [change] = compare(*versions(edit)).elements
    assert [describe_difference(d) for d in change.differences] == [
        "node: tools → rules",
        "kind: (none) → formal",
    ]


# -- long values ----------------------------------------------------------------------------

LONG = (
    "The psychiatrist writes the report after a full assessment of the defendant's mental "
    "health, their history and their current circumstances, as the court requested."
)


def test_a_long_text_is_cut_at_a_word_and_kept_whole_in_the_json() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["systems"][1]["tools"][0]["description"] = LONG

    comparison = compare(*versions(edit))
    line = "description: (none) → “The psychiatrist writes the report after a full…”"
    assert line in comparison.to_text()
    assert all(len(line) <= 88 for line in comparison.to_text().splitlines())
    [element] = json.loads(comparison.to_json())["changes"]["elements"]
    assert element["differences"][0]["after"] == LONG


def test_texts_that_part_late_are_shown_from_where_they_part() -> None:
    later = LONG.replace("as the court requested", "as the magistrate asked")
    shown = show_values(FieldDifference(field="description", before=LONG, after=later))
    assert shown == (
        "“…circumstances, as the court requested.”",
        "“…circumstances, as the magistrate asked.”",
    )


def test_a_long_list_names_what_was_added_first() -> None:
    items = ("capacity", "diagnosis", "offence-illness-link", "risk-assessment")
    more = (*items, "sentencing-options", "treatment-recommendation", "victim-impact")
    before, after = show_values(FieldDifference(field="provides", before=items, after=more))
    assert before == "capacity, diagnosis, offence-illness-link and risk-assessment"
    # the three added items, then as many of the others as fit, in the list's order
    assert after == (
        "capacity, diagnosis, sentencing-options, treatment-recommendation, victim-impact "
        "and 2 more"
    )
    assert len(after) <= 2 * VALUE_WIDTH


def test_a_list_item_too_long_for_the_width_is_shortened() -> None:
    assert show_value(("a" * 120, "b"), width=20) == "aaaaaaaaaaaaaaaaaaa… and 1 more"


@given(st.text(), st.integers(min_value=2, max_value=120))
def test_a_shortened_text_fits_its_width(text: str, width: int) -> None:
    shown = shorten(text, width)
    assert len(shown) <= width
    assert "\n" not in shown
    if len(plain(text)) <= width:
        assert shown == plain(text)
    else:
        assert shown.endswith("…")


@given(st.lists(st.from_regex(r"[a-z]{1,30}", fullmatch=True), min_size=1, max_size=20))
def test_a_shown_list_fits_twice_the_width(items: list[str]) -> None:
    shown = show_value(tuple(sorted(set(items))))
    assert len(shown) <= 2 * VALUE_WIDTH


# -- escaping -------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> *bold* | pipe [link](x)"


def hostile() -> Comparison:
    def edit(data: dict[str, Any]) -> None:
        data["systems"][0]["tools"][0]["description"] = HOSTILE
        data["systems"][0]["sector"] = HOSTILE

    return compare(*versions(edit))


def test_markdown_values_are_escaped() -> None:
    markdown = hostile().to_markdown()
    assert "<script>" not in markdown
    assert "*bold*" not in markdown
    for line in markdown.splitlines():
        if line.startswith("|"):
            # every unescaped pipe is a cell separator of ours: 3 or 4 columns
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 5), line


@pytest.mark.usefixtures("stubbed")
def test_html_values_are_escaped() -> None:
    assert "<script>" not in hostile()._repr_html_()
    before, after = versions(
        lambda data: data["systems"][0]["tools"][0].update(description=HOSTILE)
    )
    html = render_handout(after, previous=before).text
    progress = html[html.index('<section id="progress"') :]
    assert "<script>" not in progress
    assert (
        f"<li>description: (none) {ARROW_READ} “&lt;script&gt;alert(1)&lt;/script&gt; *bold* "
        "| pipe [link](x)”</li>"
    ) in progress


def test_a_task_names_its_label_field_as_a_case_file_does() -> None:
    def reword(data: dict[str, Any]) -> None:
        data["systems"][1]["division_of_labour"][0]["task"] = "Write the report"

    def with_id(data: dict[str, Any]) -> None:
        data["systems"][1]["division_of_labour"][0]["id"] = "write"

    def both(data: dict[str, Any]) -> None:
        with_id(data)
        reword(data)

    _, before = versions(with_id)
    _, after = versions(both)
    [change] = compare(before, after).elements
    assert change.fields == ("task",)
    assert [d.to_dict() for d in change.differences] == [
        {"field": "task", "before": "Write report", "after": "Write the report"}
    ]
    text = compare(before, after).to_text()
    assert "changed write “Write the report” (was “Write report”): task" in text
    assert "task: “Write report” →" not in text
