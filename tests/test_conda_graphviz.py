"""Graphviz installed with conda into the environment whose Python runs the library,
when that environment is not activated: a notebook's kernel started by Jupyter from
another environment, ``~/miniforge3/envs/workshop/bin/activity-systems`` typed in full,
or a virtual environment made with that Python. Conda puts ``dot`` in the environment's
``bin`` folder (``Library\\bin`` on Windows), which only activating puts on ``PATH``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from activity_systems.errors import GraphvizNotFound
from activity_systems.render import backend

pytestmark = pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for dot")


def _environment(folder: Path, *, conda: bool) -> Path:
    """A folder laid out as a conda environment (or not) holding a ``dot``; its path."""
    bin_ = folder / "bin"
    bin_.mkdir(parents=True)
    dot = bin_ / "dot"
    dot.write_text("#!/bin/sh\necho 'dot - graphviz version 12.2.1 (0)' >&2\n", encoding="utf-8")
    dot.chmod(0o755)
    if conda:
        (folder / "conda-meta").mkdir()
    return dot


def test_dot_of_the_pythons_conda_environment_is_found_without_activating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dot = _environment(tmp_path / "workshop", conda=True)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "workshop"))
    assert backend.find_dot() == str(dot)


def test_dot_of_the_conda_environment_under_a_virtual_environment_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A virtual environment made with a conda environment's Python: its base."""
    dot = _environment(tmp_path / "workshop", conda=True)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(sys, "base_prefix", str(tmp_path / "workshop"))
    assert backend.find_dot() == str(dot)


def test_dot_beside_a_python_that_is_not_conda_stays_unfound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a conda environment is looked in: a PATH without Graphviz means none, on a
    system whose Python and Graphviz share /usr/bin as on another."""
    _environment(tmp_path / "usr", conda=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "usr"))
    monkeypatch.setattr(sys, "base_prefix", str(tmp_path / "usr"))
    with pytest.raises(GraphvizNotFound, match="not found on PATH"):
        backend.find_dot()


def test_a_dot_on_path_comes_before_the_conda_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _environment(tmp_path / "workshop", conda=True)
    chosen = _environment(tmp_path / "own", conda=False)
    monkeypatch.setenv("PATH", str(chosen.parent))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "workshop"))
    assert backend.find_dot() == str(chosen)


def test_dot_of_a_conda_environment_on_windows_is_found_in_library_bin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows, conda-forge's Graphviz puts dot.exe in the environment's Library\\bin,
    not beside python.exe: that folder is looked in too."""
    workshop = tmp_path / "workshop"
    dot = _environment(workshop / "Library", conda=False)
    (workshop / "conda-meta").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "prefix", str(workshop))
    monkeypatch.setattr(sys, "base_prefix", str(workshop))
    assert backend.find_dot() == str(dot)
