"""SVG drawn by Graphviz's library in this process: the same bytes as the program, and
the program wherever the library cannot stand in for it."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.errors import GraphvizError
from activity_systems.render import figure, library, render
from activity_systems.render.backend import find_dot, run_dot

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
COURT = ROOT / "examples" / "court-reports.yaml"


def sources(path: Path) -> list[str]:
    """The DOT of a case's default figure, of each system and of each ordered pair."""
    case = a.load(path)
    ids = [system.id for system in case.systems]
    report = a.check(case)
    graphs = [figure(case, report=report)]
    graphs += [figure(case, system=id_, report=report) for id_ in ids]
    graphs += [figure(case, pair=pair, report=report) for pair in itertools.permutations(ids, 2)]
    return [graph.source for graph in graphs]


@pytest.fixture
def usable() -> library._Graphviz:
    found = library.load(find_dot())
    if found is None:
        pytest.skip("Graphviz's library is not the version of its program here")
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_library_draws_the_bytes_the_program_draws(
    path: Path, usable: library._Graphviz
) -> None:
    for source in sources(path):
        drawn = library.draw_svg(source, find_dot())
        assert drawn is not None
        assert drawn == run_dot(source, "svg", in_process=False)


def test_render_draws_svg_in_this_process(usable: library._Graphviz) -> None:
    before = usable.drawn
    svg = render(a.load(COURT), format="svg")
    assert isinstance(svg, str)
    assert svg.startswith("<?xml")
    assert usable.drawn > before


def test_the_environment_can_ask_for_the_program(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    monkeypatch.setenv(library.ENVIRONMENT, "program")
    assert library.draw_svg(source, find_dot()) is None
    before = usable.drawn
    assert render(a.load(COURT), format="svg") == render(a.load(COURT), format="svg")
    assert usable.drawn == before


@pytest.mark.parametrize("setting", ["programme", "dot"])
def test_a_setting_that_means_nothing_is_warned_of(
    setting: str, usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    monkeypatch.setenv(library.ENVIRONMENT, setting)
    monkeypatch.setattr(library, "_WARNED", set())
    with pytest.warns(
        library.GraphvizSettingWarning, match=f"={setting!r} is neither 'program'"
    ) as caught:
        assert library.draw_svg(source, find_dot()) is not None  # drawn as by default
    assert caught[0].filename == __file__
    with warnings.catch_warnings():  # once per process, not for every figure
        warnings.simplefilter("error")
        assert library.draw_svg(source, find_dot()) is not None


def test_the_command_line_says_a_setting_that_means_nothing_once(
    usable: library._Graphviz,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(library.ENVIRONMENT, "programme")
    monkeypatch.setattr(library, "_WARNED", set())
    # every handout of the examples, each drawing several figures
    assert main(["handout", str(ROOT / "examples"), "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "activity-systems: warning: ACTIVITY_SYSTEMS_GRAPHVIZ='programme' is neither "
        "'program' (Graphviz's program draws every figure) nor 'library' (the default: "
        "SVG is drawn by Graphviz's library in this process where it can), so SVG is "
        "drawn as by default"
    ]


@pytest.mark.parametrize("setting", ["library", " Library ", ""])
def test_the_default_may_be_named(
    setting: str, usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    monkeypatch.setenv(library.ENVIRONMENT, setting)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert library.draw_svg(source, find_dot()) is not None


def test_a_large_figure_goes_to_the_program(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    monkeypatch.setattr(library, "MOST", len(source.encode()) - 1)
    assert library.draw_svg(source, find_dot()) is None
    monkeypatch.setattr(library, "MOST", len(source.encode()))
    assert library.draw_svg(source, find_dot()) is not None


def test_past_its_budget_the_process_runs_the_program(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    monkeypatch.setattr(library, "BUDGET", usable.drawn + len(source.encode()))
    assert library.draw_svg(source, find_dot()) is not None
    assert library.draw_svg(source, find_dot()) is None  # the budget is spent
    assert render(a.load(COURT), format="svg")  # and the program draws it


def test_another_version_than_the_program_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "_program_version", lambda dot: "0.0.0")
    library.load.cache_clear()
    try:
        assert library.load(find_dot()) is None
    finally:
        library.load.cache_clear()


def test_without_the_library_the_program_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    # As where Graphviz's shared libraries are not where they are looked for.
    monkeypatch.setattr(library, "_open", lambda dot, name: None)
    library.load.cache_clear()
    try:
        source = figure(a.load(COURT)).source
        assert library.draw_svg(source, find_dot()) is None
        assert run_dot(source, "svg") == run_dot(source, "svg", in_process=False)
    finally:
        library.load.cache_clear()


# Run in a process of its own: it crashed the process that ran it.
REFUSED_THEN_FAILING = """
import gc, sys
from activity_systems.render import library
dot, same_program = sys.argv[1:]
assert library.load(dot) is not None
library._program_version = lambda path: "0.0.0"
assert library.load(same_program) is None
gc.collect()
assert library.draw_svg("digraph g { a -> }", dot) is None
print("still drawing")
"""


def test_a_library_refused_leaves_graphviz_no_error_hook_that_is_gone(
    usable: library._Graphviz,
) -> None:
    """Graphviz keeps the error hook it was given: a library that load() made and refused
    (here another version than its program) must not take that hook with it, or the next
    error Graphviz reports calls freed memory."""
    dot = find_dot()
    same_program = os.path.join(os.path.dirname(dot), ".", os.path.basename(dot))
    done = subprocess.run(
        [sys.executable, "-c", REFUSED_THEN_FAILING, dot, same_program],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (done.returncode, done.stdout) == (0, "still drawing\n"), done.stderr


def test_dot_graphviz_refuses_is_reported_by_the_program(
    usable: library._Graphviz, capfd: pytest.CaptureFixture[str]
) -> None:
    broken = "digraph { a -> }"
    assert library.draw_svg(broken, find_dot()) is None
    assert capfd.readouterr().err == ""  # the library said nothing
    with pytest.raises(GraphvizError, match="syntax error"):
        run_dot(broken, "svg")
    source = figure(a.load(COURT)).source  # and the next figure is drawn as ever
    assert library.draw_svg(source, find_dot()) == run_dot(source, "svg", in_process=False)


def test_an_error_graphviz_reports_while_drawing_is_left_to_the_program(
    usable: library._Graphviz,
) -> None:
    # The program draws a node without a position too, then exits with an error.
    unplaced = 'digraph g { a [pos="0,0"]; b }'
    assert library.draw_svg(unplaced, find_dot()) is None
    with pytest.raises(GraphvizError, match="node b in graph g has no position"):
        run_dot(unplaced, "svg")
    # A warning is no error: the program exits with 0.
    warned = 'digraph g { a [pos="0,0", shape=nosuchshape] }'
    drawn = library.draw_svg(warned, find_dot())
    assert drawn is not None
    assert drawn == run_dot(warned, "svg", in_process=False)
    source = figure(a.load(COURT)).source  # and the error is not the next figure's
    assert library.draw_svg(source, find_dot()) is not None


@pytest.mark.parametrize(
    "source",
    [
        'digraph { a [pos="0,0"] }',
        '  // note\nstrict graph { a [pos="0,0"] }',
        "/* x */ DiGraph {}",
        "digraph{}",
        'digraph /* no name */ { a [pos="0,0"] }',
        'strict\n# 1 "figure.gv"\ndigraph { a [pos="0,0"] }',
    ],
)
def test_an_unnamed_graph_goes_to_the_program(source: str, usable: library._Graphviz) -> None:
    # Graphviz would name it from a count kept for the life of the process.
    assert library.draw_svg(source, find_dot()) is None
    named = source.replace("{", " g {", 1)
    assert library.draw_svg(named, find_dot()) == run_dot(named, "svg", in_process=False)


def test_a_name_graphviz_takes_for_one_it_made_goes_to_the_program(
    usable: library._Graphviz,
) -> None:
    # Graphviz names it from its count too.
    source = 'digraph "%3" { a [pos="0,0"] }'
    assert library.draw_svg(source, find_dot()) is None
    assert run_dot(source, "svg") == run_dot(source, "svg", in_process=False)


def test_threads_draw_one_at_a_time(usable: library._Graphviz) -> None:
    source = figure(a.load(COURT)).source
    expected = run_dot(source, "svg", in_process=False)
    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(lambda _: library.draw_svg(source, find_dot()), range(8)))
    assert drawn == [expected] * 8


def test_the_library_never_draws_two_figures_at_once(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Graphviz's library is not thread-safe: count the figures inside it at once, each
    # staying a moment so that threads not kept out would overlap.
    inside: list[int] = [0]
    most: list[int] = [0]
    draw = usable.svg

    def counted(source: bytes) -> bytes | None:
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.005)
        try:
            return draw(source)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(usable, "svg", counted)
    source = figure(a.load(COURT)).source
    with ThreadPoolExecutor(8) as pool:
        drawn = list(pool.map(lambda _: library.draw_svg(source, find_dot()), range(32)))
    assert most == [1]
    assert drawn == [run_dot(source, "svg", in_process=False)] * 32


class _BusyLibrary:
    """Graphviz's library kept busy by other threads' figures for as long as one waits
    (and said so at once: the test does not wait)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not blocking or timeout < 0:
            raise AssertionError("waited for Graphviz's library without a time limit")
        self.waits.append(timeout)
        return False

    def release(self) -> None:
        raise AssertionError("released a lock never held")

    def __enter__(self) -> bool:
        raise AssertionError("waited for Graphviz's library without a time limit")

    def __exit__(self, *exc: object) -> None:
        raise AssertionError("released a lock never held")


def test_a_figure_waiting_for_the_busy_library_is_stopped_at_its_time_limit(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a service, threads draw at once: a figure with a limit of 5 s must not wait for
    # the library (one figure at a time) past it and then be drawn all the same.
    busy = _BusyLibrary()
    monkeypatch.setattr(library, "_LOCK", busy)
    case = a.load(COURT)
    # It says why: a figure of a few nodes was told to be "very large".
    busy_for = r"did not finish within {} s: Graphviz's library drew other threads' figures"
    with pytest.raises(a.TimeLimitError, match=busy_for.format(5)) as raised:
        render(case, format="svg", timeout=5)
    assert "very large" not in str(raised.value)
    assert str(raised.value).endswith("or draw fewer figures at once")
    assert len(busy.waits) == 1
    assert 0 < busy.waits[0] <= 5  # what the layout left of the limit
    # Without a limit of one's own, the program's (30 s) is the longest it waits.
    with pytest.raises(a.TimeLimitError, match=busy_for.format(30)):
        render(case, format="svg")
    assert busy.waits[1:] == [30.0]
    # A PNG's size is read from its SVG, drawn first: not told to lower its resolution.
    with pytest.raises(a.TimeLimitError, match=busy_for.format(5)):
        render(case, format="png", timeout=5, dpi=300)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_process_forked_while_a_thread_draws_can_draw(usable: library._Graphviz) -> None:
    # A process pool started (by fork, Linux's way before Python 3.14) by a service whose
    # threads draw figures: the lock was held in the new process by a thread it does not
    # have, and each of its figures waited for it until its time ran out.
    source = figure(a.load(COURT)).source
    held, done = threading.Event(), threading.Event()

    def drawing() -> None:  # another thread, in the midst of a figure
        with library._LOCK:
            held.set()
            done.wait(1.0)

    other = threading.Thread(target=drawing)
    other.start()
    held.wait()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child says how it went by its exit status
        try:
            drawn = library.draw_svg(source, find_dot(), wait=5.0)
            os._exit(0 if drawn is not None else 3)
        except library.Busy:
            os._exit(4)
        except BaseException:
            os._exit(5)
    done.set()
    other.join()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer here")
def test_a_fork_interrupted_while_it_waits_for_a_figure_leaves_that_figure_the_library() -> None:
    # Ctrl-C, or a service's handler of a signal, while a fork waits for the figure another
    # thread draws: Python forks all the same and then runs what follows a fork. The
    # library was set free while the figure was still being drawn (a second thread could
    # enter it) and the figure failed with "release unlocked lock" when it was done.
    held, done = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    def drawing() -> None:  # another thread, in the midst of a figure
        try:
            with library._LOCK:
                held.set()
                done.wait(5.0)
        except BaseException as error:  # pragma: no cover - what the test looks for
            failed.append(error)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    other = threading.Thread(target=drawing)
    other.start()
    held.wait()
    before = signal.signal(signal.SIGALRM, interrupted)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with pytest.raises(KeyboardInterrupt):
            library._before_fork()  # Python reports the interruption, then forks
        library._after_fork()  # and runs this in the parent after the fork
        assert library._LOCK.locked()  # still the drawing thread's
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
        done.set()
        other.join()
    assert failed == []
    assert not library._LOCK.locked()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_process_forks_after_the_module_drawing_in_it_is_reloaded() -> None:
    # A notebook's autoreload, or importlib.reload(), ran the module again: a second pair
    # of handlers was registered for every fork, both taking the one lock, and the next
    # fork of the process (a process pool, a worker) waited for ever.
    script = (
        "import importlib, os\n"
        "from activity_systems.render import library\n"
        "importlib.reload(library)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os._exit(0)\n"
        "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (done.returncode, done.stdout) == (0, "0\n"), done.stderr


def test_threads_drawing_their_first_figures_at_once_load_the_library_once(
    usable: library._Graphviz, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = figure(a.load(COURT)).source
    asked: list[str] = []
    version = library._program_version

    def slowly(dot: str) -> str | None:
        asked.append(dot)
        time.sleep(0.2)  # as a program that is slow to start
        return version(dot)

    monkeypatch.setattr(library, "_program_version", slowly)
    library.load.cache_clear()
    try:
        with ThreadPoolExecutor(4) as pool:
            drawn = list(pool.map(lambda _: library.draw_svg(source, find_dot()), range(4)))
        assert asked == [find_dot()]
        assert drawn == [run_dot(source, "svg", in_process=False)] * 4
    finally:
        library.load.cache_clear()
