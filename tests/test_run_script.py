"""``./run.sh`` on a machine where its user has no administrator rights (a workshop
facilitator's work laptop): what it says and where it stops, before it installs anything.

The script runs in a copy of the repository's ``run.sh``, with a ``PATH`` of the few
programs it calls before setting up ``.venv``, an ``id`` that answers as a user other than
root, and no Graphviz or fontconfig unless a test puts a stand-in there.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from doc_blocks import ROOT

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="run.sh is a bash script")


def _program(folder: Path, name: str, text: str) -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\n{text}\n", encoding="utf-8")
    script.chmod(0o755)


def _machine(tmp_path: Path, *, dot: bool) -> tuple[Path, dict[str, str]]:
    """A folder holding a copy of run.sh, and the environment of a user without root."""
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy(ROOT / "run.sh", clone / "run.sh")
    (clone / "pyproject.toml").write_text("", encoding="utf-8")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name in ("bash", "dirname", "grep"):
        found = shutil.which(name)
        assert found is not None, name
        (bin_ / name).symlink_to(found)
    _program(bin_, "id", '[ "$1" = -u ] && { echo 1000; exit 0; }; exit 1')
    # venv and ensurepip are there; the Python is too old, so that the script stops
    # before it creates .venv or installs anything, once past the system packages.
    _program(
        bin_,
        "python3",
        'case "$*" in *"import venv"*) exit 0 ;; --version) echo "Python 3.9.0" ;; esac; exit 1',
    )
    if dot:
        _program(bin_, "dot", 'echo "dot - graphviz version 2.43.0 (0)" >&2')
    return clone, {"PATH": str(bin_), "HOME": str(tmp_path)}


def _run(clone: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(clone / "run.sh"), "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_graphviz_and_root_it_stops_saying_how_to_get_graphviz_without_root(
    tmp_path: Path,
) -> None:
    clone, env = _machine(tmp_path, dot=False)
    done = _run(clone, env)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("run.sh: ")
    assert "graphviz" in last
    assert "sudo apt-get install graphviz" in last
    assert "Without administrator rights" in last
    assert "'conda install -c conda-forge graphviz'" in last
    # what works meanwhile, and where it is said
    assert "check" in last
    assert "docs/getting-started.md" in last
    assert not (clone / ".venv").exists()


def test_without_root_missing_fonts_are_said_and_do_not_stop_it(tmp_path: Path) -> None:
    """Graphviz from conda, on a machine without Liberation Sans or DejaVu that its user
    cannot install: the figures are drawn (their text may run over its boxes), so the
    fonts are named and the script goes on, here to its check of Python's version."""
    clone, env = _machine(tmp_path, dot=True)
    done = _run(clone, env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    warned = [line for line in lines if line.startswith("==> ") and "fonts-liberation2" in line]
    assert len(warned) == 1, done.stderr
    assert "docs/getting-started.md" in warned[0]
    assert lines[-1].startswith("run.sh: Python 3.11 or newer is needed"), done.stderr
