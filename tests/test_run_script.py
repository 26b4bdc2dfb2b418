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


def _machine(
    tmp_path: Path,
    *,
    dot: bool,
    root: bool = False,
    apt_get: bool = False,
    ensurepip: bool = True,
    system_pip: bool = False,
) -> tuple[Path, dict[str, str]]:
    """A folder holding a copy of run.sh, and the environment of a user without root
    (or of root); with ``apt_get``, an apt-get that writes what it was asked into
    ``apt-get.log`` and, asked for graphviz, puts a ``dot`` on the PATH. Without
    ``ensurepip``, Python is as on Debian without python3-venv (``venv`` is there, its
    ``ensurepip`` is not); with ``system_pip``, the system's pip (python3-pip) is."""
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
    uid = 0 if root else 1000
    _program(bin_, "id", f'[ "$1" = -u ] && {{ echo {uid}; exit 0; }}; exit 1')
    if apt_get:
        chmod = shutil.which("chmod")
        assert chmod is not None
        log = tmp_path / "apt-get.log"
        _program(
            bin_,
            "apt-get",
            f'echo "$*" >> "{log}"\n'
            f'case "$*" in *" graphviz"*) echo "#!/bin/sh" > "{bin_}/dot"; '
            f'"{chmod}" +x "{bin_}/dot" ;; esac',
        )
    # venv and ensurepip are there; the Python is too old, so that the script stops
    # before it creates .venv or installs anything, once past the system packages.
    pip_help = 'echo "  --python <python>  Run pip with the specified Python"; exit 0'
    _program(
        bin_,
        "python3",
        'case "$*" in '
        f"*ensurepip*) exit {0 if ensurepip else 1} ;; "
        '*"import venv"*) exit 0 ;; '
        f'"-m pip --help") {pip_help if system_pip else "exit 1"} ;; '
        '--version) echo "Python 3.9.0" ;; esac; exit 1',
    )
    if dot:
        _program(bin_, "dot", 'echo "dot - graphviz version 2.43.0 (0)" >&2')
    return clone, {"PATH": str(bin_), "HOME": str(tmp_path)}


def _run(clone: Path, env: dict[str, str], job: str = "demo") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(clone / "run.sh"), job],
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
    # what to ask for, on a machine whose user cannot install anything for all users
    assert "or ask whoever administers this machine to install them" in last
    assert "Without administrator rights" in last
    assert "'conda install -c conda-forge graphviz'" in last
    # what works meanwhile, how to install the package for it, and where it is said
    assert "check" in last
    assert "--format markdown" in last
    assert "-o figure3.dot" in last
    assert "python3 -m venv .venv && .venv/bin/pip install ." in last
    assert "'Without Graphviz' in docs/getting-started.md" in last
    assert not (clone / ".venv").exists()


def test_without_graphviz_nor_python3_venv_the_package_alone_is_installed_by_the_systems_pip(
    tmp_path: Path,
) -> None:
    """Without Graphviz and python3-venv, with the system's pip: the commands given for
    what works meanwhile make .venv as the script would, since 'python3 -m venv .venv'
    fails there for want of ensurepip, and each of them can be typed as written."""
    clone, env = _machine(tmp_path, dot=False, ensurepip=False, system_pip=True)
    done = _run(clone, env)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "python3 -m venv .venv &&" not in last, last
    assert (
        "'python3 -m venv --without-pip .venv"
        " && python3 -m pip --python .venv/bin/python install pip"
        " && .venv/bin/pip install .'"
    ) in last, last
    assert "'.venv/bin/activity-systems render examples/court-reports.yaml" in last, last
    assert not (clone / ".venv").exists()


def test_without_python3_venv_and_root_it_says_what_to_install_and_the_conda_way(
    tmp_path: Path,
) -> None:
    """Debian's Python without python3-venv, nor a pip of the system's to stand in for
    it, and no administrator: the script stops at once, naming the package to ask for
    and a conda environment, installed without administrator rights, whose Python has
    venv (and which brings Graphviz)."""
    clone, env = _machine(tmp_path, dot=True, ensurepip=False)
    done = _run(clone, env)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "'sudo apt-get install python3-venv" in last, done.stderr
    assert "conda create" in last, done.stderr
    assert "Python 3.11" not in done.stderr
    assert not (clone / ".venv").exists()


def test_without_python3_venv_the_systems_pip_sets_up_the_venv(tmp_path: Path) -> None:
    """Debian's Python without python3-venv but with python3-pip (a shared server):
    ``.venv`` can be made without ensurepip and given pip by the system's, so the script
    says so and goes on, here to its check of Python's version."""
    clone, env = _machine(tmp_path, dot=True, ensurepip=False, system_pip=True)
    done = _run(clone, env)
    assert done.returncode == 1
    assert "python3-venv" in done.stderr
    assert "missing system packages" not in done.stderr
    said = [line for line in done.stderr.splitlines() if "python3-venv" in line]
    assert said[0].startswith("==> "), done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("run.sh: Python 3.11 or newer")


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


def test_without_graphviz_and_root_it_says_nothing_of_figures_being_drawn(
    tmp_path: Path,
) -> None:
    """Without Graphviz and without the fonts, one message: what to install (the fonts
    too, for whoever has administrator rights), and no word that figures are drawn."""
    clone, env = _machine(tmp_path, dot=False)
    done = _run(clone, env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "'sudo apt-get install graphviz fonts-liberation2 fonts-dejavu-core" in lines[0]
    assert "drawn" not in done.stderr


def test_without_chromium_and_root_it_names_the_tests_skipped(tmp_path: Path) -> None:
    """Without root, Chromium is not installed: the tests of the handout and of the
    notebooks in a browser are skipped, and the script says which before going on."""
    clone, env = _machine(tmp_path, dot=True)
    done = _run(clone, env, "test")
    said = [line for line in done.stderr.splitlines() if "chromium" in line]
    assert len(said) == 1, done.stderr
    assert said[0].startswith("==> "), done.stderr
    assert "handout" in said[0], said[0]
    assert "notebook" in said[0], said[0]
    assert "sudo apt-get install chromium" in said[0], said[0]


def test_without_root_missing_fonts_stop_the_tests(tmp_path: Path) -> None:
    """The tests measure the figures drawn with Liberation Sans and DejaVu: without them
    './run.sh test' stops, saying how to install them with and without administrator
    rights, rather than run tests that fail."""
    clone, env = _machine(tmp_path, dot=True)
    done = _run(clone, env, "test")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("run.sh: "), done.stderr
    assert "fonts-liberation2 fonts-dejavu-core" in last
    assert "sudo apt-get install" in last
    assert "~/.local/share/fonts" in last
    assert "Python 3.11" not in done.stderr
    assert not (clone / ".venv").exists()


@pytest.mark.parametrize("job", ["demo", "test"])
def test_as_root_it_installs_graphviz_and_the_fonts_with_apt_get(tmp_path: Path, job: str) -> None:
    clone, env = _machine(tmp_path, dot=False, root=True, apt_get=True)
    done = _run(clone, env, job)
    asked = (tmp_path / "apt-get.log").read_text(encoding="utf-8").splitlines()
    assert asked[0] == "update -qq", asked
    installed = asked[1].split()
    assert installed[0] == "install", asked
    for package in ("graphviz", "fonts-liberation2", "fonts-dejavu-core", "fontconfig"):
        assert package in installed
    assert ("chromium" in installed) == (job == "test")
    assert "fonts not found" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("run.sh: Python 3.11"), done.stderr


def test_fonts_listed_before_many_others_are_found(tmp_path: Path) -> None:
    """fc-list goes on writing after the fonts sought are found (a machine with many
    fonts): they are found all the same, and nothing is said of them or installed."""
    clone, env = _machine(tmp_path, dot=True, root=True, apt_get=True)
    _program(
        Path(env["PATH"]),
        "fc-list",
        'echo "Liberation Sans"; echo "DejaVu Sans"\n'
        'i=0; while [ $i -lt 20000 ]; do echo "Another Font $i"; i=$((i+1)); done',
    )
    for job in ("demo", "test"):
        done = _run(clone, env, job)
        assert "fonts" not in done.stderr, done.stderr
        assert done.stderr.strip().splitlines()[-1].startswith("run.sh: Python 3.11")
    asked = tmp_path / "apt-get.log"
    assert "fonts" not in (asked.read_text(encoding="utf-8") if asked.exists() else "")


def test_the_rules_job_is_known_and_needs_the_fonts_as_the_tests_do(tmp_path: Path) -> None:
    """'./run.sh rules' runs the tests of a built-in rule, which measure figures too:
    without the fonts it stops as './run.sh test' does, rather than say it is unknown."""
    clone, env = _machine(tmp_path, dot=True)
    done = _run(clone, env, "rules")
    assert done.returncode == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("run.sh: missing fonts: fonts-liberation2 fonts-dejavu-core"), last
    assert not (clone / ".venv").exists()


def test_an_unknown_job_lists_every_job(tmp_path: Path) -> None:
    clone, env = _machine(tmp_path, dot=True)
    done = _run(clone, env, "lint")
    assert done.returncode == 2
    assert done.stderr == "usage: ./run.sh demo|test|rules\n"


@pytest.mark.parametrize("system_pip", [False, True], ids=["venv", "system-pip"])
def test_a_venv_whose_python_is_gone_is_made_again(tmp_path: Path, system_pip: bool) -> None:
    """A .venv made by a Python since removed (an upgrade from 3.10, a deleted pyenv
    version), or by one older than 3.11: 'python3 -m venv' leaves its link to that Python
    in place, so the script made it again in name only and then stopped with '.venv/bin/
    python: No such file or directory'. It is now made again from scratch."""
    clone, env = _machine(tmp_path, dot=True, ensurepip=not system_pip, system_pip=system_pip)
    bin_ = Path(env["PATH"])
    for name in ("cat", "chmod", "cut", "mkdir", "rm", "sha256sum"):
        found = shutil.which(name)
        assert found is not None, name
        (bin_ / name).symlink_to(found)
    log = tmp_path / "python3.log"
    pip_help = 'echo "  --python <python>  Run pip with the specified Python"; exit 0'
    _program(
        bin_,
        "python3",
        f'echo "$*" >> "{log}"\n'
        'case "$*" in '
        f"*ensurepip*) exit {1 if system_pip else 0} ;; "
        '*"import venv"*|*version_info*) exit 0 ;; '
        f'"-m pip --help") {pip_help} ;; '
        '"-m venv"*) [ -L .venv/bin/python ] && echo "stale link kept" >> '
        f'"{log}"; mkdir -p .venv/bin; printf "#!/bin/sh\\nexit 1\\n" > .venv/bin/python; '
        "chmod +x .venv/bin/python; exit 0 ;; "
        "esac; exit 1",
    )
    (clone / ".venv" / "bin").mkdir(parents=True)
    (clone / ".venv" / "bin" / "python").symlink_to(tmp_path / "python3.10-removed")
    done = _run(clone, env)
    said = log.read_text(encoding="utf-8")
    assert "-m venv" in said, done.stderr
    assert "stale link kept" not in said, done.stderr
    assert ".venv" in done.stderr
    assert "No such file or directory" not in done.stderr, done.stderr


def test_a_venv_left_without_pip_by_an_interrupted_run_is_finished(tmp_path: Path) -> None:
    """Ctrl-C while 'python3 -m venv .venv' gave it pip leaves a .venv whose Python runs
    but has no pip: the next run stopped with 'No module named pip', every time, until
    .venv was deleted by hand. It now makes .venv again over it, which gives it pip."""
    clone, env = _machine(tmp_path, dot=True)
    bin_ = Path(env["PATH"])
    for name in ("cat", "cut", "rm", "sha256sum"):
        found = shutil.which(name)
        assert found is not None, name
        (bin_ / name).symlink_to(found)
    log = tmp_path / "python3.log"
    _program(
        bin_,
        "python3",
        f'echo "$*" >> "{log}"\n'
        'case "$*" in *ensurepip*|*"import venv"*|*version_info*) exit 0 ;; esac; exit 1',
    )
    (clone / ".venv" / "bin").mkdir(parents=True)
    # a Python 3.12 without pip
    _program(
        clone / ".venv" / "bin",
        "python",
        'case "$*" in *version_info*) exit 0 ;; esac; echo "No module named pip" >&2; exit 1',
    )
    done = _run(clone, env)
    assert "-m venv .venv" in log.read_text(encoding="utf-8"), done.stderr
