"""Outputs: nothing lost when a render or a handout fails, is interrupted or times out,
and never written over an input, into a missing folder or onto a folder.

Graphviz is replaced by fake ``dot`` scripts first on ``PATH`` (the renderer runs
``dot -Knop``, so ``dot`` is the only program it starts).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems import GraphvizError, OutputError, cli, dump, load
from activity_systems.cli import main
from activity_systems.handouts import handout
from activity_systems.io.atomic import InputFiles, same_file
from activity_systems.render import backend, deadline, render
from activity_systems.render.backend import MAX_TIMEOUT, run_dot

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
PREVIOUS = b"the previous output, which must survive byte for byte\n"
posix = pytest.mark.skipif(os.name != "posix", reason="the fake 'dot' is a shell script")
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)
proc = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc to see processes")


def fake_dot(folder: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put a ``dot`` shell script running ``body`` first on ``PATH``."""
    folder.mkdir(exist_ok=True)
    script = folder / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    # The script stands for the program: SVG must not be drawn by Graphviz's library.
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")


def slow_dot(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    start: float = 0,
    started_within: float = 60,
) -> tuple[Path, Path]:
    """A ``dot`` that starts a child and waits on it for a minute; the files where the
    script and its child write their process ids.

    The time limit is counted from when the script has written both (after ``start``
    seconds): on a busy machine a shell may take longer than a short limit to get there,
    and, stopped before, would leave no process ids to check that it and its child were
    stopped. Graphviz's wait itself, and its stopping, are real. A script that has not
    written them within ``started_within`` seconds, or has ended without, fails the test
    there, saying so (the renderer then stops it), rather than the test going on to
    read process ids that are not there."""
    parent, child = tmp_path / "dot.pid", tmp_path / "child.pid"
    folder = tmp_path / "bin"
    fake_dot(
        folder,
        f"sleep {start:g}\necho $$ > {parent}\nsleep 60 &\necho $! > {child}\nwait",
        monkeypatch,
    )
    script = str(folder / "dot")
    communicate = subprocess.Popen.communicate

    def once_started(self: subprocess.Popen[bytes], *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self.args, list) or self.args[:1] != [script]:
            return communicate(self, *args, **kwargs)  # another program than the stand-in
        waited = time.monotonic() + started_within
        while not (child.exists() and child.read_text().endswith("\n")):
            if self.poll() is not None:
                pytest.fail(
                    f"the stand-in for Graphviz ended (exit status {self.returncode}) "
                    "before writing its process ids"
                )
            if time.monotonic() >= waited:
                pytest.fail(
                    f"the stand-in for Graphviz did not write its process ids within "
                    f"{started_within:g} s"
                )
            time.sleep(0.01)
        return communicate(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "communicate", once_started)
    return parent, child


def running(pid: int) -> bool:
    """Whether process ``pid`` is alive (a zombie, killed and awaiting its parent, is not)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return status.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def assert_stopped(*pid_files: Path) -> None:
    """The processes named in ``pid_files`` are gone (within two seconds)."""
    pids = [int(path.read_text()) for path in pid_files]
    deadline = time.monotonic() + 2
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids if running(pid)], "Graphviz was left running"


def one_line(err: str) -> str:
    """The only line of ``err``: an error as the command line prints it."""
    (line,) = err.splitlines()
    assert line.startswith("activity-systems: ")
    assert "Traceback" not in err
    return line


# -- interrupted Graphviz ---------------------------------------------------------------


@posix
@proc
def test_an_interrupted_render_stops_graphviz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, child = slow_dot(tmp_path, monkeypatch)
    communicate = subprocess.Popen.communicate

    def interrupted(self: subprocess.Popen[bytes], *args: Any, **kwargs: Any) -> Any:
        """Ctrl-C half a second into the wait for Graphviz."""
        try:
            return communicate(self, *args, **{**kwargs, "timeout": 0.5})
        except subprocess.TimeoutExpired:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    target = tmp_path / "figure.svg"
    target.write_bytes(PREVIOUS)
    with pytest.raises(KeyboardInterrupt):
        render(a.load(COURT), target)
    assert_stopped(parent, child)
    assert target.read_bytes() == PREVIOUS
    assert sorted(tmp_path.glob(".figure.svg.*")) == []


# -- the Graphviz time limit ------------------------------------------------------------
# A limit given covers the layout too (see test_figure_time_limit.py). Here the figure's
# clock, on which the layout is timed, stands still, so the layout never runs out however
# busy the machine, and Graphviz is given the whole limit: a short one, which only the
# stand-in for Graphviz, sleeping for a minute, exceeds. Graphviz's own wait is real: the
# program is stopped after LIMIT seconds on the system's clock, counted from when the
# stand-in has started (see slow_dot), however long a busy machine takes to start it.

#: The time limit given, in seconds, as the command line takes it and as it is printed.
LIMIT = "0.5"


@pytest.fixture
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure clock that stands still: no time passes while the figure is laid out."""
    monkeypatch.setattr(deadline, "clock", lambda: 0.0)


@posix
@proc
@pytest.mark.parametrize(
    ("command", "name"),
    [("render", "figure.svg"), ("handout", "handout.html"), ("handout", "handout.md")],
)
def test_a_slow_graphviz_is_stopped_at_the_time_limit(
    command: str,
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    still_clock: None,
) -> None:
    parent, child = slow_dot(tmp_path, monkeypatch)
    target = tmp_path / "out" / name
    target.parent.mkdir()
    target.write_bytes(PREVIOUS)
    start = time.monotonic()
    status = main([command, str(COURT), "-o", str(target), "--timeout", LIMIT])
    elapsed = time.monotonic() - start
    assert status == 2
    line = one_line(capsys.readouterr().err)
    assert f"Graphviz did not finish within {LIMIT} s and was stopped" in line
    assert "--timeout" in line
    assert elapsed < float(LIMIT) + 5
    assert_stopped(parent, child)
    assert target.read_bytes() == PREVIOUS
    assert list(target.parent.iterdir()) == [target]


@posix
@proc
def test_a_graphviz_slow_to_start_is_stopped_at_the_time_limit_once_started(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    still_clock: None,
) -> None:
    """As on a machine so busy that the stand-in for Graphviz takes longer than the
    limit to start its child: the test still finds both stopped."""
    parent, child = slow_dot(tmp_path, monkeypatch, start=2 * float(LIMIT))
    target = tmp_path / "figure.svg"
    assert main(["render", str(COURT), "-o", str(target), "--timeout", LIMIT]) == 2
    assert f"within {LIMIT} s and was stopped" in one_line(capsys.readouterr().err)
    assert_stopped(parent, child)
    assert not target.exists()


@posix
@proc
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("sleep 60", "did not write its process ids within 0.5 s"),
        ("exit 3", r"ended \(exit status 3\) before writing its process ids"),
    ],
    ids=["never-started", "ended"],
)
def test_a_stand_in_that_never_writes_its_process_ids_fails_the_test_at_once(
    body: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, still_clock: None
) -> None:
    """The wait for the stand-in to start is bounded and says what went wrong: a shell
    that never gets to write its process ids is no reason to wait a minute and then fail
    reading a file that is not there. The stand-in is stopped all the same."""
    slow_dot(tmp_path, monkeypatch, started_within=0.5)
    (tmp_path / "bin" / "dot").write_text(
        f"#!/bin/sh\necho $$ > {tmp_path / 'shell.pid'}\n{body}\n", encoding="utf-8"
    )
    with pytest.raises(pytest.fail.Exception, match=said):
        main(["render", str(COURT), "-o", str(tmp_path / "figure.svg"), "--timeout", LIMIT])
    assert_stopped(tmp_path / "shell.pid")
    assert not (tmp_path / "figure.svg").exists()


@posix
def test_handout_takes_a_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, still_clock: None
) -> None:
    slow_dot(tmp_path, monkeypatch)
    start = time.monotonic()
    with pytest.raises(GraphvizError, match=rf"within {LIMIT} s"):
        handout(COURT, tmp_path / "handout.html", timeout=float(LIMIT))
    assert time.monotonic() - start < float(LIMIT) + 5
    assert not (tmp_path / "handout.html").exists()


@posix
@pytest.mark.parametrize(
    ("dpi", "named"), [("3000", True), ("192", True), ("96", False), ("72", False)]
)
def test_a_png_that_runs_out_of_time_at_a_high_resolution_names_the_resolution(
    dpi: str,
    named: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    still_clock: None,
) -> None:
    slow_dot(tmp_path, monkeypatch)
    target = tmp_path / "figure.png"
    argv = ["render", str(COURT), "-o", str(target), "--timeout", LIMIT, "--dpi", dpi]
    assert main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert f"Graphviz did not finish within {LIMIT} s and was stopped" in line
    assert "--timeout" in line
    if named:
        times = {"3000": "977", "192": "4"}[dpi]
        assert f"a PNG at {dpi} dots per inch has {times} times the pixels of one at 96" in line
        assert "--dpi" in line
    else:
        assert "dots per inch" not in line
    assert not target.exists()


@posix
def test_a_png_too_large_for_graphviz_that_runs_out_of_time_says_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview of a regional map of 300 systems is 402 by 252 inches: its PNG at
    the default resolution, 38,588 by 24,206 pixels, kept Graphviz busy past the time
    limit, and the error said only to raise it."""
    slow_dot(tmp_path, monkeypatch)
    svg = b'<svg width="28941pt" height="18154pt" viewBox="0.00 0.00 28940.84 18154.20">'
    monkeypatch.setattr(backend, "draw_svg", lambda source, dot, wait=None: svg)
    with pytest.raises(GraphvizError) as raised:
        run_dot("digraph {}", "png", timeout=float(LIMIT))
    said = str(raised.value)
    assert f"Graphviz did not finish within {LIMIT} s and was stopped" in said
    assert (
        "a PNG of this figure at 96 dots per inch is 38,588 by 24,206 pixels, more than "
        "Graphviz draws (32,767 a side): draw it as SVG or PDF, lower the resolution "
        "(--dpi, or dpi=... in Python), draw a part of the case (--system, --pair, or "
        "case.subcase(...) in Python), or raise the time limit (--timeout" in said
    )


def test_a_png_too_large_for_graphviz_whose_measuring_takes_the_time_says_its_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drawing the SVG that gives the PNG its size may itself use up the time limit of a
    map that large: the PNG is then as much too large, and told so."""
    svg = b'<svg width="28941pt" height="18154pt" viewBox="0.00 0.00 28940.84 18154.20">'

    def slow_svg(source: str, dot: str, wait: float | None = None) -> bytes:
        time.sleep(float(LIMIT) * 1.2)
        return svg

    monkeypatch.setattr(backend, "draw_svg", slow_svg)
    with pytest.raises(GraphvizError) as raised:
        run_dot("digraph {}", "png", timeout=float(LIMIT))
    assert "a PNG of this figure at 96 dots per inch is 38,588 by 24,206 pixels" in str(
        raised.value
    )


@posix
def test_a_handout_s_png_figures_that_run_out_of_time_are_not_told_of_dpi(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    still_clock: None,
) -> None:
    """A Markdown handout draws PNG figures at twice Graphviz's default resolution,
    which nobody chose and ``handout`` has no option for."""
    slow_dot(tmp_path, monkeypatch)
    target = tmp_path / "handout.md"
    argv = ["handout", str(COURT), "-o", str(target), "--figures", "png", "--timeout", LIMIT]
    assert main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert f"Graphviz did not finish within {LIMIT} s and was stopped" in line
    assert "--timeout" in line
    assert "dots per inch" not in line
    assert "--dpi" not in line
    assert not target.exists()


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
@pytest.mark.parametrize("command", ["render", "handout"])
def test_the_time_limit_is_a_positive_number(
    command: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, str(COURT), "-o", str(tmp_path / "out.svg"), "--timeout", value]
    assert main(argv) == 2
    assert f"{value!r} is not a positive number of seconds" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@needs_dot
@pytest.mark.parametrize("seconds", ["2147484", "9999999", "1e10", "1e308"])
@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_a_very_large_timeout_means_no_practical_limit(
    seconds: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """How one writes "no limit"; past what the system can wait for, it is 24 days."""
    out = tmp_path / f"figure{suffix}"
    assert main(["render", str(COURT), "--timeout", seconds, "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert out.stat().st_size > 0


@needs_dot
def test_a_very_large_timeout_through_the_program_and_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")
    out = tmp_path / "handout.html"
    assert main(["handout", str(COURT), "--timeout", "9999999", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    case = load(COURT)
    drawn = render(case, format="png", timeout=9_999_999)
    assert isinstance(drawn, bytes)
    assert drawn.startswith(b"\x89PNG")
    dot = 'digraph { a [pos="0,0"] }'
    assert run_dot(dot, "svg", timeout=1e308, in_process=False).startswith(b"<?xml")
    assert MAX_TIMEOUT == 24 * 24 * 60 * 60


# -- a failing Graphviz -----------------------------------------------------------------

FAILING = 'echo "Error: syntax error in line 1 near x" >&2\necho "more" >&2\nexit 1'


@posix
@pytest.mark.parametrize("name", ["figure.svg", "figure.png", "handout.html", "handout.md"])
def test_a_failing_graphviz_leaves_the_previous_output(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_dot(tmp_path / "bin", FAILING, monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(PREVIOUS)
    figure = out / "handout-figure1-court.svg"  # a Markdown handout's figure, from before
    figure.write_bytes(PREVIOUS)
    command = "render" if name.startswith("figure") else "handout"
    assert main([command, str(COURT), "-o", str(target)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.endswith("Graphviz failed (exit status 1): Error: syntax error in line 1 near x")
    assert target.read_bytes() == PREVIOUS
    assert figure.read_bytes() == PREVIOUS
    assert sorted(out.iterdir()) == sorted([target, figure])


@posix
@pytest.mark.parametrize("name", ["figure.png", "handout.html"])
def test_a_graphviz_that_says_nothing_leaves_the_previous_output(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Graphviz can succeed and draw nothing (``--dpi 1e-300``): no empty file for that."""
    fake_dot(tmp_path / "bin", "cat > /dev/null\nexit 0", monkeypatch)
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    command = "render" if name.startswith("figure") else "handout"
    assert main([command, str(COURT), "-o", str(target)]) == 2
    assert one_line(capsys.readouterr().err).endswith(
        "Graphviz finished without error but drew nothing"
    )
    assert target.read_bytes() == PREVIOUS
    assert sorted(tmp_path.iterdir()) == sorted([tmp_path / "bin", target])


@posix
def test_a_failing_graphviz_leaves_the_previous_output_from_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path / "bin", FAILING, monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    targets = [out / "figure.svg", out / "handout.html", out / "handout.md"]
    for target in targets:
        target.write_bytes(PREVIOUS)
    with pytest.raises(GraphvizError):
        render(a.load(COURT), targets[0])
    for target in targets[1:]:
        with pytest.raises(GraphvizError):
            handout(COURT, target)
    assert [t.read_bytes() for t in targets] == [PREVIOUS] * 3
    assert sorted(out.iterdir()) == sorted(targets)


# -- interrupted writes -----------------------------------------------------------------


class HalfWritten:
    """A file that takes half of what it is given, then Ctrl-C."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise KeyboardInterrupt


def interrupt(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Ctrl-C while the output is being written, or just before it is renamed into place."""
    if when == "writing":
        fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *args, **kw: HalfWritten(fdopen(*args, **kw)))
    else:

        def replace(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", replace)


def stub_svg(*args: object, **kwargs: object) -> str:
    return '<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"></g></svg>\n'


@pytest.mark.parametrize("when", ["writing", "renaming"])
@pytest.mark.parametrize("name", ["figure.dot", "handout.html", "handout.md"])
def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary_one(
    name: str,
    when: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    command = "render" if name.startswith("figure") else "handout"
    interrupt(monkeypatch, when)
    assert main([command, str(COURT), "-o", str(target)]) == 130
    monkeypatch.undo()
    assert capsys.readouterr().err == (
        "activity-systems: interrupted; no output file was left half-written\n"
    )
    assert target.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir()] == [name]


def ctrl_c(*args: object) -> int:
    raise KeyboardInterrupt


#: What each command says when Ctrl-C stops it: a file is written whole or not at all,
#: what is printed is not.
INTERRUPTED = [
    (["render", "c.yaml", "-o", "f.svg"], "no output file was left half-written"),
    (["handout", "c.yaml", "-o", "h.md"], "no output file was left half-written"),
    (["new", "c.yaml"], "no output file was left half-written"),
    (["new", "-o", "c.yaml"], "no output file was left half-written"),
    (["schema", "-o", "s.json"], "no output file was left half-written"),
    (
        ["schema"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (["check", "c.yaml", "-o", "r.txt"], "no output file was left half-written"),
    (["compare", "a.yaml", "b.yaml", "-o", "r.md"], "no output file was left half-written"),
    (
        ["check", "c.yaml"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (
        ["compare", "a.yaml", "b.yaml"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (
        ["rules"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (["rules", "-o", "r.md"], "no output file was left half-written"),
    # -o - is standard output, not a file
    (["render", "c.yaml", "-o", "-"], "standard output may be incomplete"),
    (["handout", "c.yaml", "-o", "-"], "standard output may be incomplete"),
    (
        ["check", "c.yaml", "-o", "-"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (
        ["compare", "a.yaml", "b.yaml", "-o", "-"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
    (
        ["schema", "-o", "-"],
        "standard output may be incomplete (-o FILE writes a file whole or not at all)",
    ),
]


@pytest.mark.parametrize(("argv", "said"), INTERRUPTED)
def test_ctrl_c_is_one_line_and_exit_status_130(
    argv: list[str], said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.COMMANDS, argv[0], ctrl_c)
    assert main(argv) == 130
    captured = capsys.readouterr()
    assert captured.err == f"activity-systems: interrupted; {said}\n"
    assert captured.out == ""


def sigterm(*args: object) -> int:
    raise cli.Terminated


@pytest.mark.parametrize(("argv", "said"), INTERRUPTED)
def test_a_sigterm_is_one_line_and_exit_status_143(
    argv: list[str], said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.COMMANDS, argv[0], sigterm)
    assert main(argv) == 143
    captured = capsys.readouterr()
    assert captured.err == f"activity-systems: terminated; {said}\n"
    assert captured.out == ""


def test_main_called_from_python_leaves_the_signal_handlers_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A notebook's or a script's own handling of SIGTERM is not the library's to change;
    the command (``cli.run``) handles it."""
    before = signal.getsignal(signal.SIGTERM)
    assert main(["rules"]) == 0
    assert signal.getsignal(signal.SIGTERM) == before


#: The command, as ``python -m activity_systems`` runs it, with what is below done first:
#: ``READY`` is printed on standard output once it is at the point to stop it.
COMMAND = """\
import runpy, sys, time
{setup}
sys.argv = ["activity-systems", *sys.argv[1:]]
runpy.run_module("activity_systems", run_name="__main__")
"""


def terminated(
    setup: str, argv: list[str], folder: Path, signum: int = signal.SIGTERM
) -> subprocess.CompletedProcess[str]:
    """Run the command with ``setup`` done first, and send it a SIGTERM (or ``signum``)
    once it prints ``READY``."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", COMMAND.format(setup=setup), *argv],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "READY\n"
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@posix
def test_a_sigterm_while_writing_leaves_the_previous_file_and_no_temporary_one(
    tmp_path: Path,
) -> None:
    """``timeout``, ``docker stop`` and a cancelled CI job send a SIGTERM: it is handled
    as Ctrl-C is, and left no hidden ``.figure.svg.*.tmp`` behind."""
    (tmp_path / "figure.dot").write_bytes(PREVIOUS)
    setup = """\
import os
def replace(*args, **kwargs):  # the temporary file is written: wait to be stopped
    print("READY", flush=True)
    time.sleep(60)
os.replace = replace
"""
    done = terminated(setup, ["render", str(COURT), "-o", "figure.dot"], tmp_path)
    assert done.returncode == 143
    assert one_line(done.stderr) == (
        "activity-systems: terminated; no output file was left half-written"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["figure.dot"]
    assert (tmp_path / "figure.dot").read_bytes() == PREVIOUS


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on Windows")
def test_a_hangup_while_writing_leaves_the_previous_file_and_no_temporary_one(
    tmp_path: Path,
) -> None:
    """A session closed under a running command (an ssh connection dropped, the terminal
    window closed) sends a SIGHUP: it killed the command where it stood, leaving the
    hidden temporary file of the output being written; it is now handled as a SIGTERM is,
    with the status a shell reports for it, 129."""
    (tmp_path / "figure.dot").write_bytes(PREVIOUS)
    setup = """\
import os
def replace(*args, **kwargs):  # the temporary file is written: wait to be stopped
    print("READY", flush=True)
    time.sleep(60)
os.replace = replace
"""
    argv = ["render", str(COURT), "-o", "figure.dot"]
    done = terminated(setup, argv, tmp_path, signal.SIGHUP)  # type: ignore[attr-defined,unused-ignore]
    assert done.returncode == 129
    assert one_line(done.stderr) == (
        "activity-systems: hung up; no output file was left half-written"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["figure.dot"]
    assert (tmp_path / "figure.dot").read_bytes() == PREVIOUS


def test_a_sigterm_where_there_is_no_sighup_stops_the_command_as_ever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows has no SIGHUP: a SIGTERM there (sent by ``signal.raise_signal`` or a
    runtime that stops the program) is the command's :class:`~activity_systems.cli.Terminated`,
    exit status 143, not an ``AttributeError`` for the signal that does not exist."""
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    ignored: list[int] = []
    monkeypatch.setattr(signal, "signal", lambda signum, handler: ignored.append(signum))
    with pytest.raises(cli.Terminated) as stopped:
        cli._terminate(signal.SIGTERM, None)
    assert not isinstance(stopped.value, cli.HungUp)
    assert ignored == [signal.SIGTERM]


@posix
def test_a_sigterm_while_drawing_a_slow_overview_stops_it(tmp_path: Path) -> None:
    """The detailed overview of a generated regional case takes seconds to minutes in
    Python, where no Graphviz time limit applies."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_yaml

    (tmp_path / "region.yaml").write_text(case_yaml(20, seed=1), encoding="utf-8")
    setup = """\
from activity_systems.render import api, figures
drawn = figures.overview_figure
def overview_figure(*args, **kwargs):
    print("READY", flush=True)
    return drawn(*args, **kwargs)
api.overview_figure = overview_figure
"""
    argv = ["render", "region.yaml", "--overview", "detailed", "-o", "region.svg"]
    done = terminated(setup, argv, tmp_path)
    assert done.returncode == 143
    assert done.stderr.splitlines()[-1] == (
        "activity-systems: terminated; no output file was left half-written"
    )
    assert "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["region.yaml"]


class BrokenStderr(io.StringIO):
    """A standard error that cannot be written: the reader went away, or the device failed."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize(
    "stderr",
    [
        None,  # started with standard error closed: 'activity-systems render ... 2>&-'
        BrokenStderr(BrokenPipeError(32, "Broken pipe")),
        BrokenStderr(OSError(5, "Input/output error")),
    ],
)
def test_ctrl_c_with_standard_error_closed_or_broken_still_exits_130(
    stderr: io.StringIO | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "rules", ctrl_c)
    monkeypatch.setattr("sys.stderr", stderr)
    assert main(["rules"]) == 130


@pytest.mark.parametrize(
    "error",
    [OSError(28, "No space left on device"), OSError(5, "Input/output error")],
)
def test_an_error_with_standard_error_unwritable_still_exits_2(
    error: OSError, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job whose log is on a full disk loses the line, not its status: 2 for an error,
    never 1, which a CI job reads as findings."""
    monkeypatch.setattr("sys.stderr", BrokenStderr(error))
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    assert main(["check", str(COURT), "--rules", "AS999"]) == 2


def test_an_error_with_debug_and_standard_error_unwritable_still_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--debug's traceback is lost as the error's lines are, not raised in their place."""
    monkeypatch.setattr("sys.stderr", BrokenStderr(OSError(28, "No space left on device")))
    assert main(["check", "--debug", str(tmp_path / "missing.yaml")]) == 2
    assert (
        main(["render", "--debug", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.svg")])
        == 2
    )


def test_new_with_standard_error_unwritable_writes_the_file_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stderr", BrokenStderr(OSError(28, "No space left on device")))
    assert main(["new", str(tmp_path / "starter.yaml")]) == 0
    assert (tmp_path / "starter.yaml").is_file()


def test_ctrl_c_twice_still_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second Ctrl-C while the line is written loses the line, with no traceback."""
    monkeypatch.setitem(cli.COMMANDS, "rules", ctrl_c)
    monkeypatch.setattr("sys.stderr", BrokenStderr(OSError()))
    monkeypatch.setattr(BrokenStderr, "write", ctrl_c)
    assert main(["rules"]) == 130


@pytest.mark.parametrize("when", ["writing", "renaming"])
def test_an_interrupted_write_from_python_leaves_the_previous_file(
    when: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "figure.dot"
    target.write_bytes(PREVIOUS)
    case = a.load(COURT)
    interrupt(monkeypatch, when)
    with pytest.raises(KeyboardInterrupt):
        render(case, target)
    monkeypatch.undo()
    assert target.read_bytes() == PREVIOUS
    assert list(tmp_path.iterdir()) == [target]


# -- where outputs may go ---------------------------------------------------------------


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_bytes(COURT.read_bytes())
    return path


def spellings(case_file: Path) -> list[Path]:
    """The case file under other names: a detour, a symbolic link, a hard link."""
    folder = case_file.parent
    (folder / "sub").mkdir()
    names = [case_file, folder / "sub" / ".." / case_file.name]
    if hasattr(os, "symlink"):
        (folder / "link.yaml").symlink_to(case_file)
        names.append(folder / "link.yaml")
    os.link(case_file, folder / "hard.yaml")
    return [*names, folder / "hard.yaml"]


@pytest.mark.parametrize(("command", "fmt"), [("render", "dot"), ("handout", "html")])
def test_the_input_is_never_an_output_whatever_its_name(
    command: str, fmt: str, case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = case_file.read_bytes()
    for target in spellings(case_file):
        assert main([command, str(case_file), "-o", str(target), "--format", fmt]) == 2
        assert one_line(capsys.readouterr().err).endswith(
            f"{target}: refusing to overwrite the input file"
        )
    assert case_file.read_bytes() == before


def test_input_files_tell_an_input_as_same_file_does_by_every_name(
    case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looked up at once, an output is an input exactly when it is compared with each:
    through ``..``, links, relative and absolute names, a name that is missing, a
    link that leads nowhere or to itself, and standard input's ``-``."""
    monkeypatch.chdir(tmp_path)
    names: list[str | Path] = [*spellings(case_file), "case.yaml", "./sub/../case.yaml", "-"]
    names += [tmp_path / "missing.yaml", "missing.yaml", tmp_path / "other.yaml"]
    (tmp_path / "other.yaml").write_bytes(b"title: other\n")
    if hasattr(os, "symlink"):
        (tmp_path / "nowhere.yaml").symlink_to(tmp_path / "missing.yaml")
        (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
        names += [tmp_path / "nowhere.yaml", "loop.yaml", tmp_path / "loop.yaml"]
    for inputs in ([case_file], ["-"], ["missing.yaml"], ["loop.yaml"], names[:3]):
        known = InputFiles(inputs)
        for name in names:
            assert known.holds(name) == any(same_file(name, one) for one in inputs), name
        assert list(known) == list(inputs)


def test_the_input_is_never_an_output_from_python(case_file: Path) -> None:
    before = case_file.read_bytes()
    for target in spellings(case_file):
        with pytest.raises(OutputError, match="refusing to overwrite the input file"):
            render(case_file, target, format="dot")
        with pytest.raises(OutputError, match="refusing to overwrite the input file"):
            handout(case_file, target)
    assert case_file.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize(("command", "fmt"), [("render", "dot"), ("handout", "html")])
def test_a_symbolic_link_loop_is_a_clear_error_as_input_or_output(
    command: str,
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    loop, other = tmp_path / "loop.yaml", tmp_path / "other.yaml"
    loop.symlink_to(other)
    other.symlink_to(loop)
    output = tmp_path / f"out.{fmt}"
    assert main([command, str(loop), "-o", str(output)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"activity-systems: {loop}: cannot read the file: Too many levels of symbolic links"
    )
    assert not output.exists()
    target = tmp_path / f"loop.{fmt}"
    target.symlink_to(tmp_path / f"other.{fmt}")
    (tmp_path / f"other.{fmt}").symlink_to(target)
    assert main([command, str(COURT), "-o", str(target)]) == 0, capsys.readouterr().err
    assert target.is_file()
    assert not target.is_symlink()


@pytest.mark.parametrize("command", ["render", "handout", "schema", "new"])
def test_a_folder_that_cannot_be_written_is_named_by_the_output(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A read-only folder refuses the temporary file, whose random name means nothing to
    the user: the error names the output instead (the folder is faked read-only, since
    permissions do not stop root)."""

    def refuse(*args: object, dir: str = "", **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", os.path.join(dir, ".x.1a2b3c.tmp"))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    target = tmp_path / {"render": "f.dot", "handout": "h.html", "schema": "s.json"}.get(
        command, "n.yaml"
    )
    argv = {"schema": ["schema", "-o"], "new": ["new"]}.get(command, [command, str(COURT), "-o"])
    assert main([*argv, str(target)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"activity-systems: {target}: cannot write: Permission denied"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["render", "handout", "schema", "new"])
def test_a_pipe_or_a_device_is_not_replaced_by_a_file(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A pipe in the output's place (or a device: ``-o /dev/null``) would be replaced by
    a regular file, and a device by the figure, for whoever may write to its folder."""
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    pipe = tmp_path / {"render": "f.dot", "handout": "h.html", "schema": "s.json"}.get(
        command, "n.yaml"
    )
    os.mkfifo(pipe)
    link = tmp_path / f"link{pipe.suffix}"
    link.symlink_to(pipe)
    for target in (pipe, link):
        argv = {"schema": ["schema", "--force", "-o"], "new": ["new", "--force"]}.get(
            command, [command, str(COURT), "-o"]
        )
        assert main([*argv, str(target)]) == 2
        assert one_line(capsys.readouterr().err) == (
            f"activity-systems: {target}: is not a regular file (a device, a pipe or a "
            "socket); give the name of a file"
        )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([pipe.name, link.name])
    with pytest.raises(OutputError, match="is not a regular file"):
        render(COURT, pipe, format="dot")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("command", ["render", "handout", "schema", "new"])
def test_an_output_through_a_symbolic_link_updates_the_file_it_leads_to(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    name = {"render": "f.dot", "handout": "h.html", "schema": "s.json"}.get(command, "n.yaml")
    shared, here = tmp_path / "shared", tmp_path / "here"
    shared.mkdir()
    here.mkdir()
    # schema --force replaces only JSON this tool wrote: an earlier schema
    earlier = b'{"$schema": "x", "$id": "https://activity-systems.invalid/0"}'
    previous = earlier if command == "schema" else PREVIOUS
    (shared / name).write_bytes(previous)
    link = here / name
    link.symlink_to(Path("..") / "shared" / name)
    argv = {"schema": ["schema", "--force", "-o"], "new": ["new", "--force"]}.get(
        command, [command, str(COURT), "-o"]
    )
    assert main([*argv, str(link)]) == 0
    assert link.is_symlink()
    assert (shared / name).read_bytes() != previous
    assert [p.name for p in shared.iterdir()] == [name]
    assert [p.name for p in here.iterdir()] == [name]


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_an_output_with_other_names_is_replaced_under_the_name_given(tmp_path: Path) -> None:
    # As documented: written in place, the other names would see a half-written file.
    target, other = tmp_path / "f.dot", tmp_path / "other.dot"
    target.write_bytes(PREVIOUS)
    os.link(target, other)
    assert main(["render", str(COURT), "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"digraph")
    assert other.read_bytes() == PREVIOUS
    assert target.stat().st_nlink == other.stat().st_nlink == 1


def test_a_name_too_long_for_the_system_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".dot")
    with pytest.raises(OutputError, match=r"\.dot: cannot write: "):
        render(COURT, target)
    with pytest.raises(OutputError, match=r"\.html: cannot write: "):
        handout(COURT, target.with_suffix(".html"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["figure.svg", "figure.dot", "handout.html", "handout.md"])
def test_a_missing_folder_is_a_clear_error_and_is_not_created(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "missing"
    target = folder / name
    command = "render" if name.startswith("figure") else "handout"
    assert main([command, str(COURT), "-o", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"activity-systems: {target}: the folder {str(folder)!r} does not exist; create it first"
    )
    assert not folder.exists()
    write: Any = render if command == "render" else handout
    with pytest.raises(OutputError, match="does not exist; create it first"):
        write(COURT, target)
    assert not folder.exists()


def test_an_output_inside_a_file_says_that_it_is_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_bytes(PREVIOUS)
    with pytest.raises(OutputError) as raised:
        render(COURT, existing / "figure.dot")
    assert (
        str(raised.value) == f"{existing / 'figure.dot'}: {str(existing)!r} is a file, not a folder"
    )
    assert existing.read_bytes() == PREVIOUS


def test_a_folder_as_output_takes_the_file_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the command line a folder receives ``<case name>.<format>``; in Python the
    target is a file, and a folder is refused."""
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", stub_svg)
    folder = tmp_path / "figures.svg"  # a folder, whatever its name says
    folder.mkdir()
    assert main(["render", str(COURT), "-o", str(folder), "--format", "dot"]) == 0
    assert main(["handout", str(COURT), "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "court-reports.dot",
        "court-reports.html",
    ]
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        render(COURT, folder, format="dot")
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        handout(COURT, folder)
    plain = tmp_path / "figures"  # no extension: the folder, not the format, is the problem
    plain.mkdir()
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        render(COURT, plain)


def test_handout_of_what_is_not_a_case_says_what_it_takes(tmp_path: Path) -> None:
    court = load(COURT)
    with pytest.raises(
        TypeError, match=r"takes a Case .* not ActivitySystem; .* systems=\[system\]"
    ):
        handout(court.system("court"), tmp_path / "handout.html")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"handout\(previous=\.\.\.\) takes a Case .* not int"):
        handout(court, tmp_path / "handout.html", previous=3)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_python_refuses_a_folder_name_and_a_contradicting_format(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"names a folder \(it ends with a slash\)"):
        render(COURT, f"{tmp_path / 'figures'}/", format="dot")
    with pytest.raises(OutputError, match=r"names a folder \(it ends with a slash\)"):
        handout(COURT, f"{tmp_path / 'handouts'}/")
    with pytest.raises(ValueError, match="the extension says svg but format='dot'"):
        render(COURT, tmp_path / "figure.svg", format="dot")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["case.yaml", "case.YML", "case.json"])
def test_no_figure_is_written_over_a_case_file_name(tmp_path: Path, name: str) -> None:
    """A case loaded in Python remembers no file, so ``render(case, "case.yaml",
    format="svg")`` could draw over the case it came from: any name a case file has is
    refused for a figure, in Python and on the command line."""
    case_file = tmp_path / name
    dump(load(COURT), case_file)
    before = case_file.read_bytes()
    with pytest.raises(OutputError, match=r"refusing to write a figure to a case file's name"):
        render(load(case_file), case_file, format="svg")
    with pytest.raises(OutputError, match=r"refusing to write a figure to a case file's name"):
        render(load(case_file), case_file)  # not 'pass format=...', which it refuses too
    other = tmp_path / f"other{case_file.suffix}"
    assert main(["render", str(case_file), "-o", str(other), "--format", "dot"]) == 2
    assert main(["render", str(case_file), "-o", str(other)]) == 2
    assert case_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_no_figure_is_written_over_a_python_file_name(tmp_path: Path) -> None:
    code = tmp_path / "rules.PY"
    code.write_bytes(b"x = 1\n")
    for fmt in ("svg", None):
        with pytest.raises(OutputError, match=r"to a Python file's name \(\.py\); .* rules\.svg"):
            render(COURT, code, format=fmt)
    assert code.read_bytes() == b"x = 1\n"


def test_an_output_with_the_longest_name_a_file_may_have_is_written(tmp_path: Path) -> None:
    # its temporary file's name, the output's with a dot, a random part and '.tmp',
    # was longer than a file system allows: 'cannot write: File name too long'
    target = tmp_path / ("n" * 251 + ".dot")
    assert render(COURT, target, format="dot") == target
    assert target.read_text(encoding="utf-8").startswith("digraph")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_no_figure_or_handout_is_written_through_a_link_to_a_case_file(tmp_path: Path) -> None:
    """An output that is a symbolic link is written through; one that leads to a case
    file would replace the case, whatever the link's own name says."""
    case_file = tmp_path / "other.yaml"
    dump(load(COURT), case_file)
    before = case_file.read_bytes()
    for name in ("figure.svg", "handout.html"):
        (tmp_path / name).symlink_to(case_file)
    with pytest.raises(OutputError, match=r"refusing to write through a link to a case file"):
        render(COURT, tmp_path / "figure.svg")
    with pytest.raises(OutputError, match=r"refusing to write through a link to a case file"):
        handout(COURT, tmp_path / "handout.html")
    assert main(["render", str(COURT), "-o", str(tmp_path / "figure.svg")]) == 2
    # a Markdown handout's figure files too
    (tmp_path / "h-figure1-court.svg").symlink_to(case_file)
    with pytest.raises(OutputError, match=r"refusing to write through a link to a case file"):
        handout(COURT, tmp_path / "h.md")
    assert case_file.read_bytes() == before
