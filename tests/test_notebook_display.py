"""What IPython's display formatter gives a notebook for each object that shows itself:
the types of each bundle, the figure once in what a frontend shows, and HTML that needs
no script, no outside stylesheet and no ``id`` (Colab, VS Code and a notebook JupyterLab
does not trust run no script; two outputs of one page must not share an ``id``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIGURE = ["text/plain", "image/svg+xml", "text/html"]
TEXT = ["text/plain", "text/html"]


def formatted(obj: object) -> dict[str, Any]:
    """The bundle a notebook's kernel sends for ``obj``, as IPython's formatter makes it."""
    formatters: Any = pytest.importorskip("IPython.core.formatters")
    data, _ = formatters.DisplayFormatter().format(obj)
    return dict(data)


@pytest.fixture(scope="module")
def shown() -> dict[str, object]:
    case = a.load(EXAMPLES / "court-reports.yaml")
    report = a.check(case)
    before, after = (EXAMPLES / f"liaison-and-diversion{v}.yaml" for v in ("", "-2027"))
    return {
        "case": case,
        "system": case.system("court"),
        "report": report,
        "finding": report.findings[0],
        "comparison": a.compare(before, after),
    }


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize(
    ("name", "types"),
    [
        ("case", FIGURE),
        ("system", FIGURE),
        ("report", TEXT),
        ("finding", TEXT),
        ("comparison", TEXT),
    ],
)
def test_each_object_gives_its_types_and_html_that_stands_alone(
    shown: dict[str, object], name: str, types: list[str]
) -> None:
    bundle = formatted(shown[name])
    assert sorted(bundle) == sorted(types)
    page = bundle["text/html"]
    assert not re.search(r"<script|<link|<iframe|\son\w+=|\sid=|https?://", page, re.I)
    if "image/svg+xml" in bundle:
        # the figure once in the HTML, as an image: Graphviz's own ids stay inside it
        assert page.count("<img ") == 1
        assert "<svg" not in page


def test_a_rule_shows_as_one_short_line_the_same_in_every_session() -> None:
    """A rule displayed in a cell (``my_rule``, ``a.BUILTIN_RULES``) shows its id, name,
    category and function by module and name: not its docstring
    (some 2,000 characters for a built-in rule, 30,000 for the tuple of them) nor the
    address of its function in memory, which differed each time the notebook ran."""
    deadline = a.BUILTIN_RULES[1]
    assert formatted(deadline) == {
        "text/plain": "RuleSpec(id='AS101', name='deadline-vs-turnaround', "
        "category='contradiction', "
        "function=activity_systems.rules.timing.deadline_vs_turnaround)"
    }
    assert len(formatted(a.BUILTIN_RULES)["text/plain"]) < 200 * len(a.BUILTIN_RULES)
    assert " at 0x" not in repr(a.BUILTIN_RULES)
