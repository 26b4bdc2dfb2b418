"""A case of a regional mapping (hundreds of systems) shown in a notebook cell: not its
overview, which would put tens of megabytes into the cell and the notebook's file, but a
few lines that say what the case holds and how to draw it to a file or one pair of it."""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems import Case
from activity_systems.render import api, notebook

# The case generator lives beside the package, in benchmarks/ (not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import case_data


@pytest.fixture(scope="module")
def region() -> Case:
    """One system more than a notebook draws."""
    return Case.model_validate(case_data(notebook.NOTEBOOK_SYSTEMS + 1, seed=0))


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The figures drawn for a display, counted."""
    calls: list[object] = []
    render = api.render

    def counting(obj: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(obj)
        return render(obj, *args, **kwargs)

    monkeypatch.setattr(api, "render", counting)
    return calls


def test_a_case_of_more_systems_than_a_notebook_draws_is_shown_without_its_figure(
    region: Case, drawn: list[object]
) -> None:
    bundle = region._repr_mimebundle_()
    assert drawn == []  # not drawn, not even to be thrown away
    assert list(bundle) == ["text/plain", "text/html"]
    assert sum(map(len, bundle.values())) < 4_000  # some 55 kB a system when drawn
    page = bundle["text/html"]
    count = notebook.NOTEBOOK_SYSTEMS + 1
    assert f"{count} activity systems" in page
    assert f"more than {notebook.NOTEBOOK_SYSTEMS}" in page
    assert "<img" not in page


def test_its_lines_run_as_they_say(
    region: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = region._repr_mimebundle_(include=["text/html"])["text/html"]
    code = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", page)]
    assert code == [
        'a.render(case, "overview.svg")',
        'a.render(case, "pair.svg", pair=("segregation-0000", "cmht-0001"))',
        "case.subcase([s.id for s in case.systems[:10]])",
    ]
    part = eval(code[2], {"case": region})
    assert [s.id for s in part.systems] == [s.id for s in region.systems[:10]]
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    monkeypatch.chdir(tmp_path)
    exec(code[1], {"a": a, "case": region})  # the pair: the overview takes seconds
    assert "Community mental health team 1" in (tmp_path / "pair.svg").read_text("utf-8")


def test_a_case_at_the_limit_is_still_drawn(
    monkeypatch: pytest.MonkeyPatch, drawn: list[object]
) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    case = Case.model_validate(case_data(3, seed=0))
    monkeypatch.setattr(notebook, "NOTEBOOK_SYSTEMS", 3)
    assert list(case._repr_mimebundle_()) == ["text/plain", "image/svg+xml", "text/html"]
    assert drawn == [case]
    monkeypatch.setattr(notebook, "NOTEBOOK_SYSTEMS", 2)
    assert list(case._repr_mimebundle_()) == ["text/plain", "text/html"]
    assert drawn == [case]


def test_a_system_of_it_is_still_drawn(region: Case, drawn: list[object]) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    system = region.systems[0]
    assert "image/svg+xml" in system._repr_mimebundle_()
    assert drawn == [system]


def test_a_right_to_left_title_is_set_apart_from_the_counts_after_it() -> None:
    # Unisolated, the colon and the count after an Arabic title join it and read first.
    data = case_data(3, seed=0)
    data["title"] = "خريطة الخدمات الإقليمية"
    page = notebook.not_drawn(Case.model_validate(data))
    assert page.startswith("<p><strong><bdi>خريطة الخدمات الإقليمية</bdi></strong>: 3 activity")
    data["title"] = "Region"
    assert "<bdi>" not in notebook.not_drawn(Case.model_validate(data))


def test_its_overview_from_figure_is_not_drawn_in_a_notebook_either(
    region: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    # figure(case) of a regional mapping is the overview the case itself does not draw:
    # some 55 kB a system in the cell and the notebook's file (28 MB for 500 systems).
    ran: list[str] = []
    monkeypatch.setattr(
        "activity_systems.render.backend.run_dot", lambda *args, **kwargs: ran.append("dot")
    )
    graph = api.figure(region)
    bundle = graph._repr_mimebundle_()
    assert ran == []
    assert list(bundle) == ["text/plain", "text/html"]
    assert sum(map(len, bundle.values())) < 4_000
    page = bundle["text/html"]
    assert f"{notebook.NOTEBOOK_SYSTEMS + 1} activity systems" in page
    assert f"more than {notebook.NOTEBOOK_SYSTEMS}" in page
    assert "<img" not in page
    assert graph.source.startswith("digraph figure {")  # the graph itself is whole


def test_a_pair_or_a_system_of_it_from_figure_is_drawn(region: Case) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    first, second = (s.id for s in region.systems[:2])
    assert "image/svg+xml" in api.figure(region, pair=(first, second))._repr_mimebundle_()
    assert "image/svg+xml" in api.figure(region, system=first)._repr_mimebundle_()
