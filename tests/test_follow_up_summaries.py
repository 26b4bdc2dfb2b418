"""Every form of a comparison opens with the same counts: of findings, and of actions by
their status in the later version, as the handout's progress section gives them."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from activity_systems import load
from activity_systems.follow_up import compare
from activity_systems.follow_up.markup import comparison_html, comparison_markdown
from activity_systems.handouts import render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
FINDINGS = "6 findings resolved, 4 persisting, 1 new."
ACTIONS = "7 actions: 1 planned, 1 in-progress, 5 done."


@pytest.mark.usefixtures("stubbed")
def test_every_form_counts_the_actions_by_status() -> None:
    comparison = compare(BEFORE, AFTER)
    assert comparison.to_text().splitlines()[2:4] == [FINDINGS, ACTIONS]
    both = f"{FINDINGS} {ACTIONS}"
    assert f". {both}\n" in comparison_markdown(comparison)
    assert f". {both}</p>" in comparison_html(comparison)
    assert f". {both}</p>" in comparison._repr_html_()
    handout = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    assert f"\n{both}\n" in handout
    page = render_handout(load(AFTER), previous=load(BEFORE)).text
    assert html.escape(both) in page


def test_without_actions_only_the_findings_are_counted() -> None:
    earlier, later = load(BEFORE), load(AFTER)
    comparison = compare(
        earlier.model_copy(update={"actions": ()}), later.model_copy(update={"actions": ()})
    )
    assert f". {FINDINGS}\n" in comparison_markdown(comparison)
    assert f". {FINDINGS}</p>" in comparison_html(comparison)
    assert "action" not in comparison.to_text().splitlines()[3]


def test_a_notebook_writes_a_long_comparison_s_counts_with_commas() -> None:
    """Two versions of a map of 120 services: the notebook's view counts "2,358
    persisting", as the notebook's view of either version's report counts "2,358
    findings"; the text and Markdown keep their numbers as they were."""
    import re
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from activity_systems import Case, check
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(120))
    comparison = compare(case, case)
    shown = comparison._repr_html_()
    assert "0 findings resolved, 2,358 persisting, 0 new." in shown
    assert "<h4>Persisting (2,358)</h4>" in shown
    assert "<p><i>… and 2,158 more: the comparison's <code>persisting</code>" in shown
    assert "2,358 findings:" in check(case)._repr_html_()
    assert not re.search(r"\d{4}", re.sub(r"<li.*?</li>|<tr>.*?</tr>", "", shown, flags=re.S))
    assert "2358 persisting" in comparison.to_text()
    assert "2358 persisting" in comparison.to_markdown()
    assert "### Persisting (2358)" in comparison_markdown(comparison, heading_level=2)
