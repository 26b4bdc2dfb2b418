"""An action's status in the action plan is said in the handout's words (``status_*``
of ``_words.j2``), as the progress section says it, not as the case file writes it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.handouts import render_handout

ROOT = Path(__file__).resolve().parent.parent
POLISH = ROOT / "examples" / "handout-pl"


def handout(flavour: str) -> str:
    previous = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    case = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return render_handout(
            case,
            format=flavour,  # type: ignore[arg-type]
            template_dir=POLISH,
            previous=previous,
        ).text


def test_the_statuses_of_the_html_action_plan_are_the_pages_words() -> None:
    page = handout("html")
    plan = page[page.index('<section id="action-plan"') : page.index('<section id="progress"')]
    assert "<td>done</td>" not in plan
    assert "(in-progress)" not in plan
    assert "<td>wykonane</td>" in plan


def test_the_statuses_of_the_markdown_action_plan_are_the_pages_words() -> None:
    page = handout("markdown")
    plan = page[page.index("## 6. ") : page.index("## 7. ")]
    assert "(in-progress)" not in plan
    assert "(done)" not in plan
    assert "(w toku)" in plan or "(wykonane)" in plan


@pytest.mark.parametrize("status", ["planned", "in-progress", "done", "dropped"])
def test_each_status_has_its_word(status: str) -> None:
    from activity_systems.handouts.environment import shipped_words

    assert shipped_words()["status_" + status.replace("-", "_")] == status
