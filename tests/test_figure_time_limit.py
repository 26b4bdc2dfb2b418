"""A figure's time limit covers the whole drawing of it: the layout done in Python (the
routing of its lines, the placing of its glyphs) as well as Graphviz's program.

Nothing here waits: the figure's clock is replaced by a fake one that has already
passed the limit, or that moves on a second each time it is read, and Graphviz's wait
by one that runs out at once.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems import GraphvizError, TimeLimitError
from activity_systems.cli import main
from activity_systems.handouts import handout
from activity_systems.render import api, deadline, render, routing
from activity_systems.render.notebook import NOTEBOOK_TIMEOUT, mimebundle

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
PREVIOUS = b"the previous output, which must survive byte for byte\n"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
OUT_OF_TIME = (
    "laying out the figure (placing its nodes and routing its lines, in Python) did not "
    "finish within {} s and was stopped; raise the time limit (--timeout, or timeout=... "
    "in Python) for very large figures"
)


def ticking(monkeypatch: pytest.MonkeyPatch, step: float = 1.0) -> list[float]:
    """A figure clock that moves on ``step`` seconds each time it is read, from 0; the
    readings so far."""
    readings: list[float] = []

    def clock() -> float:
        readings.append(step * len(readings))
        return readings[-1]

    monkeypatch.setattr(deadline, "clock", clock)
    return readings


def past(monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure clock on which any limit has passed as soon as the figure is begun."""
    ticking(monkeypatch, step=1e9)


def one_line(err: str) -> str:
    (line,) = err.splitlines()
    assert line.startswith("activity-systems: ")
    assert "Traceback" not in err
    return line


def checks_only_in(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """The figure's time limit is checked only by the modules ``names`` of
    activity_systems.render (and when the layout ends), not by the others that check it."""
    import importlib

    for name in ("api", "routing", "glyphs", "lookups", "bolts", "summary"):
        if name not in names:
            module = importlib.import_module(f"activity_systems.render.{name}")
            monkeypatch.setattr(module, "check", lambda: None)


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many searches for a line's way have run (one count per search)."""
    counted: list[int] = []
    search = routing._Grid.search

    def counting(self: routing._Grid, start: Any, goal: Any) -> Any:
        counted.append(1)
        return search(self, start, goal)

    monkeypatch.setattr(routing._Grid, "search", counting)
    return counted


# -- the layout, in Python -------------------------------------------------------------


def test_the_routing_stops_when_the_limit_has_passed(
    monkeypatch: pytest.MonkeyPatch, searches: list[int]
) -> None:
    """The detailed overview of liaison and diversion routes many lines: with a clock
    that moves a second per reading and a limit of 5.5 s, the figure is begun at 0 and
    the sixth check finds the limit passed, so at most five searches run."""
    case = a.load(LIAISON)
    checks_only_in(monkeypatch, "routing")
    readings = ticking(monkeypatch)
    with pytest.raises(TimeLimitError) as raised:
        render(case, format="dot", overview="detailed", timeout=5.5)
    assert str(raised.value) == OUT_OF_TIME.format("5.5")
    assert isinstance(raised.value, GraphvizError)  # caught where a time-out always was
    assert readings == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert 0 < len(searches) <= 5
    # the same figure, with time enough, is drawn whole: many more searches
    searches.clear()
    render(case, format="dot", overview="detailed", timeout=9_999_999)
    assert len(searches) > 5


def test_without_a_limit_the_layout_is_never_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default: the clock is not even read, and the figure is the same as one drawn
    with time to spare."""

    def no_clock() -> float:
        raise AssertionError("the figure's clock was read without a time limit")

    case = a.load(LIAISON)
    monkeypatch.setattr(deadline, "clock", no_clock)
    drawn = render(case, format="dot", overview="detailed")
    monkeypatch.undo()
    assert render(case, format="dot", overview="detailed", timeout=9_999_999) == drawn


@needs_dot
@pytest.mark.parametrize("overview", ["auto", "detailed"])
def test_a_figure_drawn_within_its_limit_is_byte_identical(overview: str) -> None:
    case = a.load(LIAISON)
    assert render(case, format="svg", overview=overview, timeout=600) == render(
        case, format="svg", overview=overview
    )


def test_the_limit_stops_a_figure_s_glyphs_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crowded figure's glyph tries ring after ring of places, each as dear as a
    route: the limit is checked before each of them too."""
    from activity_systems.render import glyphs

    checked: list[str] = []
    check = deadline.check

    def counting() -> None:
        checked.append("glyph")
        check()

    monkeypatch.setattr(glyphs, "check", counting)
    with deadline.figure_time(60.0):
        glyphs.draw_gathered(*_a_gathered_glyph())
    # once per ring of places: a glyph on a node alone looks at the usual lengths only
    assert checked == ["glyph"] * len(glyphs._SHAFTS)
    past(monkeypatch)
    with deadline.figure_time(60.0), pytest.raises(TimeLimitError, match="within 60 s"):
        glyphs.draw_gathered(*_a_gathered_glyph())


def _a_gathered_glyph() -> tuple[Any, ...]:
    from activity_systems.render.canvas import Canvas
    from activity_systems.render.geometry import Point, Shape
    from activity_systems.render.theme import THEMES

    canvas, shape = Canvas(THEMES["default"]), Shape(Point(0, 0), 80, 40)
    canvas.node(shape, "node")
    return canvas, shape, [1, 2]


def test_the_limit_is_kept_per_figure_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = ticking(monkeypatch)
    with deadline.figure_time(10.0) as outer:
        assert outer is not None
        assert outer.start == 0.0
        with deadline.figure_time(None):
            deadline.check()  # no limit inside: the clock is not read
        assert readings == [0.0]
        for _ in range(9):
            deadline.check()  # read at 1 s to 9 s
        with pytest.raises(TimeLimitError, match="within 10 s"):
            deadline.check()  # read at 10 s
    deadline.check()  # after the figure, no limit


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), True])
def test_the_limit_is_a_positive_finite_number_for_dot_too(timeout: float) -> None:
    with pytest.raises(ValueError, match="time limit must be a positive, finite number"):
        render(a.load(COURT), format="dot", timeout=timeout)


# -- Graphviz, after the layout ---------------------------------------------------------


@needs_dot
def test_graphviz_gets_what_the_layout_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program is given the limit less what the layout took, and running out of it
    says the figure's limit and how much of it went on the layout."""
    readings = ticking(monkeypatch, step=0.5)
    given: list[float] = []

    def out_of_time(self: subprocess.Popen[bytes], *args: Any, **kwargs: Any) -> Any:
        given.append(kwargs["timeout"])
        raise subprocess.TimeoutExpired(self.args, kwargs["timeout"])

    monkeypatch.setattr(subprocess.Popen, "communicate", out_of_time)
    with pytest.raises(TimeLimitError) as raised:
        render(a.load(COURT), format="png", timeout=100)
    spent = readings[-1]  # read last for what is left
    # A PNG is drawn after its SVG, which gives its size in points: by Graphviz's library
    # in this process (which takes the real time it takes from what is left), or else by
    # the program, which then runs out of it (after a version check of the library).
    assert 100 - spent - 5 < given[-1] <= 100 - spent
    assert len(given) <= 2
    assert str(raised.value) == (
        "Graphviz did not finish within 100 s and was stopped (the time limit of the whole "
        f"figure, of which laying it out, in Python, took {spent:.1f} s); raise the time "
        "limit (--timeout, or timeout=... in Python) for very large figures"
    )


def test_graphviz_is_not_started_when_the_layout_took_all_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    started: list[object] = []
    monkeypatch.setattr(subprocess, "Popen", lambda *args, **kwargs: started.append(args))
    # the layout is not stopped on the way ...
    readings: list[float] = []

    def clock() -> float:
        readings.append(1e9 if readings else 0.0)
        return readings[-1]

    monkeypatch.setattr(deadline, "clock", clock)
    checks_only_in(monkeypatch)
    # ... but when it ends the limit has passed
    with pytest.raises(TimeLimitError, match=r"^laying out the figure .* within 30 s"):
        render(a.load(COURT), format="png", timeout=30)
    assert started == []
    # DOT is the layout itself: done, it is given back however long it took
    readings.clear()
    assert render(a.load(COURT), format="dot", timeout=30).startswith("digraph")


# -- the command line --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["figure.svg", "figure.png", "figure.pdf", "figure.dot"])
def test_render_out_of_time_says_so_on_one_line_and_writes_nothing(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    past(monkeypatch)
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    argv = ["render", str(LIAISON), "--overview", "detailed", "-o", str(target)]
    assert main([*argv, "--timeout", "60"]) == 2  # as when Graphviz runs out of time
    line = one_line(capsys.readouterr().err)
    assert line == f"activity-systems: {LIAISON}: {OUT_OF_TIME.format('60')}"
    assert target.read_bytes() == PREVIOUS
    assert list(tmp_path.iterdir()) == [target]


def test_a_handout_out_of_time_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    past(monkeypatch)
    for name in ("handout.html", "handout.md"):
        target = tmp_path / name
        assert main(["handout", str(COURT), "-o", str(target), "--timeout", "60"]) == 2
        assert one_line(capsys.readouterr().err) == (
            f"activity-systems: {COURT}: {OUT_OF_TIME.format('60')}"
        )
        assert not target.exists()
    target = tmp_path / "handout.md"
    argv = ["handout", str(COURT), "-o", str(target), "--figures", "png", "--timeout", "60"]
    assert main(argv) == 2
    assert OUT_OF_TIME.format("60") in one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TimeLimitError, match="within 60 s"):
        handout(COURT, tmp_path / "handout.html", timeout=60)
    assert list(tmp_path.iterdir()) == []


def slow_case(monkeypatch: pytest.MonkeyPatch, title: str) -> None:
    """The figures of the case titled ``title`` run out of time, and only those."""
    drawing: list[str] = []
    figure: Callable[..., Any] = api.figure

    def watched(obj: Any, **kwargs: Any) -> Any:
        case = kwargs.get("case") or obj
        drawing.append(case.title)
        try:
            return figure(obj, **kwargs)
        finally:
            drawing.pop()

    def clock() -> float:
        return 1e9 if title in drawing else 0.0

    monkeypatch.setattr(api, "figure", watched)
    monkeypatch.setattr(deadline, "clock", clock)


def test_in_a_batch_a_figure_out_of_time_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    slow_case(monkeypatch, a.load(LIAISON).title)
    out = tmp_path / "out"
    out.mkdir()
    argv = ["render", str(LIAISON), str(COURT), "-o", str(out), "--format", "dot"]
    assert main([*argv, "--timeout", "60"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {LIAISON}: {OUT_OF_TIME.format('60')}",
        "activity-systems: 1 of 2 figures written; 1 failed",
    ]
    assert [p.name for p in out.iterdir()] == ["court-reports.dot"]


def test_the_help_says_what_the_limit_covers(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("render", "handout"):
        assert main([command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "its layout in Python (the routing of its lines) included" in text
        assert "only Graphviz's program is stopped, after 30 s" in text


# -- notebooks ---------------------------------------------------------------------------


def test_a_notebook_shows_what_ran_out_instead_of_the_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    past(monkeypatch)
    bundle = mimebundle(a.load(LIAISON))
    assert "image/svg+xml" not in bundle
    assert "The figure could not be drawn: laying out the figure" in bundle["text/html"]
    assert f"within {NOTEBOOK_TIMEOUT:g} s" in bundle["text/html"]


# -- where a large figure spends its time -----------------------------------------------
# The summary overview routes no line and places no crowded glyph, and a regional report
# of thousands of findings is indexed and planned before any line is: each of these
# looks at the clock too, so that a limit stops them (the summary overview of 2,000
# systems took half a minute past a limit of 1 s when only the routing looked).


@pytest.fixture(scope="module")
def region() -> a.Case:
    """A generated region large enough to be summarised (past DETAIL_LIMIT)."""
    from benchmarks.generate import case_data

    return a.Case.model_validate(case_data(40, seed=1))


def passes_after(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """The figure clock stands still until ``module.name`` has first been called, then
    the limit has passed; the calls made to it."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    monkeypatch.setattr(deadline, "clock", lambda: 1e9 if calls else 0.0)
    return calls


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("summary", "_bolt"),  # the bolts between two systems, with their numbers
        ("summary", "_count"),  # the numbers on the arrows of several exchanges
        ("summary", "spread_ends"),  # the ends of the lines round each box
        ("lookups", "finding_nodes"),  # the report's findings, indexed
        ("bolts", "Mark"),  # the contradictions the figure draws, planned
    ],
)
def test_the_summary_overview_stops_within_one_step_of_its_limit(
    monkeypatch: pytest.MonkeyPatch, region: a.Case, module: str, name: str
) -> None:
    from activity_systems.render import bolts, lookups, summary

    modules = {"summary": summary, "lookups": lookups, "bolts": bolts}
    report = a.check(region)
    calls = passes_after(monkeypatch, modules[module], name)
    with pytest.raises(TimeLimitError, match="within 60 s"):
        render(region, format="dot", overview="summary", report=report, timeout=60)
    assert len(calls) == 1  # the step under way finishes; the next is not begun


def test_the_figure_is_not_begun_when_its_rules_took_all_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rules run to the end (they know nothing of figures), then the figure, which
    counts their time, stops before its first step."""
    from activity_systems.render import figures

    passes_after(monkeypatch, api, "default_report")
    monkeypatch.setattr(figures, "_overview_marks", lambda *args: pytest.fail("begun"))
    with pytest.raises(TimeLimitError, match="within 60 s"):
        render(a.load(LIAISON), format="dot", overview="summary", timeout=60)
