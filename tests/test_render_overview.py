"""The overview of a case, automatic, detailed or summarised: ``overview=`` and
``render --overview``."""

from __future__ import annotations

import itertools
import re
import sys
import warnings
from pathlib import Path

import pytest
from figure_parts import NODE, _rect, cut_kinks, numbers
from hypothesis import given, settings
from hypothesis import strategies as st

import activity_systems as a
from activity_systems import Case
from activity_systems.cli import OVERVIEWS as CLI_OVERVIEWS
from activity_systems.cli import main
from activity_systems.render import OVERVIEWS, figure, figures, render, summary
from activity_systems.render.geometry import Point, Rect
from activity_systems.render.ring import ring_places
from activity_systems.render.summary import DETAIL_LIMIT

ROOT = Path(__file__).resolve().parent.parent
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
COURT = ROOT / "examples" / "court-reports.yaml"


@pytest.fixture(scope="module")
def regional() -> tuple[Case, a.Report]:
    """Five generated systems: a few more contradictions than the overview draws one by
    one by default."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(5))
    return case, a.check(case)


def counts(source: str) -> list[str]:
    return re.findall(r"×\d+", source)


def test_by_default_a_large_case_is_summarised_and_a_small_one_detailed(
    regional: tuple[Case, a.Report],
) -> None:
    case, report = regional
    source = figure(case, report=report).source
    assert counts(source)
    assert "shape=circle" not in source
    assert figure(case, report=report, overview="auto").source == source
    small = a.load(LIAISON)
    assert not counts(figure(small).source)
    assert "shape=circle" in figure(small).source


def test_the_detailed_overview_numbers_every_contradiction_however_many(
    regional: tuple[Case, a.Report],
) -> None:
    case, report = regional
    drawn = sorted(report.number(f) for f in report.findings if f.category == "contradiction")
    assert len(drawn) > DETAIL_LIMIT
    source = figure(case, report=report, overview="detailed").source
    assert not counts(source)
    assert numbers(source) == drawn
    assert "5 activity systems" in source


def test_the_summary_overview_counts_however_few() -> None:
    case = a.load(LIAISON)
    source = figure(case, overview="summary").source
    assert counts(source)
    assert "shape=circle" not in source
    assert "how many" in source
    # a case of two systems gives its overview when one is asked for, not Figure 3
    pair = figure(a.load(COURT), overview="summary").source
    assert "2 activity systems" in pair
    assert "Shared object" not in pair


def test_an_overview_is_refused_with_a_system_a_pair_or_an_unknown_name() -> None:
    case = a.load(LIAISON)
    with pytest.raises(ValueError, match=r"unknown overview 'full'.*auto, detailed, summary"):
        figure(case, overview="full")
    with pytest.raises(ValueError, match="without system"):
        figure(case, system="court", overview="detailed")
    with pytest.raises(ValueError, match="without system"):
        figure(case, pair=("court", "local"), overview="summary")
    with pytest.raises(ValueError, match="a case rather than a system"):
        figure(case.system("court"), overview="summary")
    with pytest.raises(ValueError, match="unknown overview"):
        render(case, format="dot", overview="Detailed")


def test_render_writes_the_overview_asked_for(tmp_path: Path) -> None:
    target = render(LIAISON, tmp_path / "overview.dot", overview="summary")
    assert isinstance(target, Path)
    assert counts(target.read_text(encoding="utf-8"))


def test_the_command_line_asks_for_an_overview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert CLI_OVERVIEWS == OVERVIEWS
    summary, detailed = tmp_path / "summary.dot", tmp_path / "detailed.dot"
    assert main(["render", str(LIAISON), "--overview", "summary", "-o", str(summary)]) == 0
    assert counts(summary.read_text(encoding="utf-8"))
    assert main(["render", str(LIAISON), "--overview", "detailed", "-o", str(detailed)]) == 0
    assert detailed.read_text(encoding="utf-8") == figure(a.load(LIAISON)).source
    capsys.readouterr()
    pair = ["--pair", "court", "local"]
    assert main(["render", str(LIAISON), *pair, "--overview", "summary", "-o", str(summary)]) == 2
    assert "--overview draws the overview of a case's systems, not with --pair" in (
        capsys.readouterr().err
    )


def test_a_long_system_name_keeps_its_overview_box_narrow() -> None:
    # The overview drew a system's name on one line however long: a name of a few hundred
    # characters made its box, and the whole ring, as wide as the name.
    from activity_systems.render.panels import text_panel

    name = "Community mental health team for the northern district " * 6
    short, long = text_panel("Court (CJS)", "S → O"), text_panel(name, "S → O")
    assert long.width <= 380
    assert long.height == short.height
    assert name.strip() in long.text
    assert "…" in long.label


def test_a_summary_puts_its_kinks_where_other_lines_do_not_cut_them() -> None:
    # Every line of a summary is known before its kinks are placed, and each kink keeps
    # off the others where it can: in this 12-system map 10 kinks had another line across
    # them when the kinks saw only the boxes.
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(12))
    assert len(cut_kinks(figure(case, overview="summary").source)) <= 3


def ring(source: str) -> list[Rect]:
    """The systems' boxes of an overview, round the ring from its top."""
    return [_rect(m[2]) for m in NODE.finditer(source) if "<TABLE" in m[2]]


def proportions(boxes: list[Rect]) -> float:
    """How many times as wide as tall the boxes stand, outside edge to outside edge."""
    width = max(box.right for box in boxes) - min(box.left for box in boxes)
    height = max(box.top for box in boxes) - min(box.bottom for box in boxes)
    return width / height


def generated(count: int) -> Case:
    """A generated regional map of ``count`` systems (seed 0)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    return Case.model_validate(case_data(count, seed=0))


@pytest.mark.parametrize("count", [11, 12, 20, 30])
def test_a_summary_stands_its_systems_about_as_a_landscape_page_is_shaped(count: int) -> None:
    """A ring of as many boxes as the widest needs round its top stood 2.5 to 2.75 times
    as wide as tall (the summary of 15 services 3.3), and printed on its landscape page
    with its text 2.4 points high and more than half the page empty. The summary's ring
    is about the page's shape instead (1.8 across the room under the handout's heading),
    its boxes closer where they stand one above another, down its sides, than along its
    top and bottom, and no box on another; the first system still at the top centre."""
    boxes = ring(figure(generated(count), overview="summary").source)
    assert len(boxes) == count
    assert 1.5 <= proportions(boxes) <= 1.9
    assert boxes[0].center.x == 0
    assert boxes[0].center.y == max(box.center.y for box in boxes)
    apart = [box.inflate(20) for box in boxes]  # at least 20 points between boxes
    touching = [
        (i, j) for i, j in itertools.combinations(range(count), 2) if apart[i].overlaps(boxes[j])
    ]
    assert touching == []


@pytest.mark.parametrize("count", [5, 7, 10])
def test_a_summary_of_a_few_systems_keeps_its_ring(count: int) -> None:
    """Packed, the summaries of 5 to 10 generated systems printed 2 to 9% smaller, the
    lines round the outside of the ring making it taller: they keep the ring of their
    boxes' proportions."""
    sizes = [(200.0, 60.0)] * count
    assert ring_places(sizes, packed=True) == ring_places(sizes)
    assert proportions(ring(figure(generated(count), overview="summary").source)) > 1.9


def test_a_detailed_overview_keeps_its_wide_ring() -> None:
    """Its labels and numbers need the room between the boxes: packed, a detailed
    overview of 8 systems crossed a third as many lines again (1,734 pairs, not 1,320)."""
    case = generated(11)
    assert proportions(ring(figure(case, overview="detailed").source)) > 2.4
    assert proportions(ring(figure(case, overview="summary").source)) < 1.9


def test_a_detailed_overview_of_many_contradictions_is_warned_of_before_it_is_drawn(
    regional: tuple[Case, a.Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Routing the bolts of a regional map one by one takes minutes, in Python, where
    no Graphviz time limit applies."""
    case, report = regional
    monkeypatch.setattr(summary, "SLOW_OVERVIEW", len(report.findings) // 2)
    with pytest.warns(figures.SlowOverviewWarning) as caught:
        figure(case, report=report, overview="detailed")
    (warning,) = caught
    assert re.fullmatch(
        r"the detailed overview of its 5 systems routes \d+ contradictions one by one, "
        r"which may take minutes; draw the summary overview \(overview='summary'\) or a "
        r"pair's figure \(pair=\(a, b\)\) instead",
        str(warning.message),
    )
    assert warning.filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure(case, report=report)  # summarised: quick
        figure(case, report=report, overview="summary")
        monkeypatch.setattr(summary, "SLOW_OVERVIEW", 10_000)
        figure(case, report=report, overview="detailed")


def test_render_says_a_detailed_overview_is_slow_before_drawing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(summary, "SLOW_OVERVIEW", 2)
    (tmp_path / "out").mkdir()
    drawn: list[str] = []

    def overview_figure(case: Case, **kwargs: object) -> object:
        drawn.append(capsys.readouterr().err)  # what was said before drawing
        return figures.overview_figure(case, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("activity_systems.render.api.overview_figure", overview_figure)
    argv = ["render", str(LIAISON), str(COURT), "--overview", "detailed", "--format", "dot"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said as a line, not as a Python warning
        assert main([*argv, "-o", str(tmp_path / "out")]) == 0
    count = len(figures._overview_marks(a.load(LIAISON), a.check(a.load(LIAISON))))
    said = (
        f"activity-systems: warning: {LIAISON}: the detailed overview of its 3 systems "
        f"routes {count} contradictions one by one, which may take minutes; draw the "
        "summary with --overview summary, or a pair's figure with --pair A B\n"
    )
    assert drawn[0] == said
    assert drawn[1].startswith(f"activity-systems: warning: {COURT}: ")
    assert capsys.readouterr().err == ""
    assert (
        main(["render", str(LIAISON), "--overview", "summary", "--format", "dot", "-o", "-"]) == 0
    )
    assert capsys.readouterr().err == ""


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(60, 380), st.floats(30, 110)), min_size=1, max_size=40),
    st.booleans(),
)
def test_no_box_on_the_ring_stands_on_another(
    sizes: list[tuple[float, float]], packed: bool
) -> None:
    """Packed or not, however many boxes of whatever sizes, each clears every other."""
    places = ring_places(sizes, packed=packed)
    assert len(places) == len(sizes)
    assert places[0][0] == 0
    assert places[0][1] == max(y for _, y in places)
    boxes = [Rect(Point(x, y), w, h) for (x, y), (w, h) in zip(places, sizes, strict=True)]
    assert not [
        (i, j)
        for i, j in itertools.combinations(range(len(boxes)), 2)
        if boxes[i].inflate(10).overlaps(boxes[j])
    ]
