"""What an output holds: the case, and nothing of the machine or the person that made it.

Every command is run on the court example in two folders, by two users with their own
home folders, time zones and locales; the outputs must be the same bytes, and none may
name the folder, the user, their home, the host, or the software's versions. (See "What
an output holds" in docs/reliability.md.)
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

#: Each command, writing to ``out/`` (a file; a Markdown handout's figure files beside it).
COMMANDS = [
    "check court-reports.yaml --fail-on never -o out/check.txt",
    "check court-reports.yaml --fail-on never --format md -o out/check.md",
    "check court-reports.yaml --fail-on never --format json -o out/check.json",
    "check court-reports.yaml --fail-on never --format csv -o out/check.csv",
    "render court-reports.yaml -o out/figure.dot",
    "render court-reports.yaml -o out/figure.svg",
    "render court-reports.yaml -o out/figure.png",
    "render court-reports.yaml -o out/figure.pdf",
    "handout court-reports.yaml -o out/handout.html",
    "handout court-reports.yaml -o out/handout.md",
    "handout court-reports.yaml --figures png -o out/handout-png.md",
    "compare old/court-reports.yaml court-reports.yaml --format json -o out/compare.json",
    "compare old/court-reports.yaml court-reports.yaml --format md -o out/compare.md",
    "handout court-reports.yaml --since old/court-reports.yaml -o out/since.html",
    "rules --format json -o out/rules.json",
    "schema -o out/schema.json",
    "new out/new.yaml",
]


def _outputs(
    base: Path, user: str, folder: str, zone: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    """Every command's outputs, run by ``user`` in ``folder`` of their home."""
    home = base / user
    work = home / folder
    (work / "old").mkdir(parents=True)
    (work / "out").mkdir()
    for place in (work, work / "old"):
        shutil.copy(EXAMPLES / "court-reports.yaml", place)
    for name, value in {
        "HOME": str(home),
        "USER": user,
        "LOGNAME": user,
        "TZ": zone,
        "LANG": language,
        "LC_ALL": language,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(work)
    for command in COMMANDS:
        assert main(command.split()) == 0, command
    return {
        path.relative_to(work / "out").as_posix(): path.read_bytes()
        for path in sorted((work / "out").rglob("*"))
    }


@needs_graphviz
def test_two_users_in_two_folders_get_the_same_bytes_and_nothing_of_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = _outputs(tmp_path / "a", "alice", "project", "UTC0", "C.UTF-8", monkeypatch)
    bob = _outputs(tmp_path / "b", "bob", "x", "IST-5:30", "POSIX", monkeypatch)
    assert sorted(alice) == sorted(bob)
    assert "handout-figure1-court.svg" in alice  # a Markdown handout's figure files
    for name in alice:
        assert alice[name] == bob[name], name
    machine = [str(tmp_path).encode(), b"alice", b"project", b"graphviz version", b"cairo"]
    if len(socket.gethostname()) >= 4:  # a short host name would be found in any text
        machine.append(socket.gethostname().encode())
    for name, content in alice.items():
        for leak in machine:
            assert leak not in content, (name, leak)
