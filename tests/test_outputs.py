"""Outputs: nothing lost when a render or a handout fails, is interrupted or times out,
and never written over an input, into a missing folder or onto a folder.

Graphviz is replaced by fake ``dot`` scripts first on ``PATH`` (the renderer runs
``dot -Kneato``, so ``dot`` is the only program it starts).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems import GraphvizError
from activity_systems.cli import main
from activity_systems.handouts import handout
from activity_systems.render import render

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
PREVIOUS = b"the previous output, which must survive byte for byte\n"
posix = pytest.mark.skipif(os.name != "posix", reason="the fake 'dot' is a shell script")
proc = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc to see processes")


def fake_dot(folder: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put a ``dot`` shell script running ``body`` first on ``PATH``."""
    folder.mkdir(exist_ok=True)
    script = folder / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


def slow_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A ``dot`` that starts a child and waits on it for a minute; the files where the
    script and its child write their process ids."""
    parent, child = tmp_path / "dot.pid", tmp_path / "child.pid"
    fake_dot(
        tmp_path / "bin",
        f"echo $$ > {parent}\nsleep 60 &\necho $! > {child}\nwait",
        monkeypatch,
    )
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
) -> None:
    parent, child = slow_dot(tmp_path, monkeypatch)
    target = tmp_path / "out" / name
    target.parent.mkdir()
    target.write_bytes(PREVIOUS)
    start = time.monotonic()
    status = main([command, str(COURT), "-o", str(target), "--timeout", "1"])
    elapsed = time.monotonic() - start
    assert status == 2
    line = one_line(capsys.readouterr().err)
    assert "Graphviz did not finish within 1 s and was stopped" in line
    assert "--timeout" in line
    assert elapsed < 1 + 5
    assert_stopped(parent, child)
    assert target.read_bytes() == PREVIOUS
    assert list(target.parent.iterdir()) == [target]


@posix
def test_handout_takes_a_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow_dot(tmp_path, monkeypatch)
    start = time.monotonic()
    with pytest.raises(GraphvizError, match=r"within 0\.5 s"):
        handout(COURT, tmp_path / "handout.html", timeout=0.5)
    assert time.monotonic() - start < 0.5 + 5
    assert not (tmp_path / "handout.html").exists()


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
@pytest.mark.parametrize("command", ["render", "handout"])
def test_the_time_limit_is_a_positive_number(
    command: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, str(COURT), "-o", str(tmp_path / "out.svg"), "--timeout", value]
    assert main(argv) == 2
    assert f"{value!r} is not a positive number of seconds" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
