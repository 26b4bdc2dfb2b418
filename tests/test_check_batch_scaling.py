"""``check`` of a folder: the work grows linearly with the number of case files.

Counted, not timed: the file system is asked about names (``os.stat``, ``os.lstat``)
a number of times that does not depend on the machine. A folder of twice as many case
files asks about twice as many names (less a fixed cost); comparing each report's name
with every case file of the batch asked four times as many, and 400 small cases took
several times longer than their checks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from activity_systems.cli import main

#: A small case: the cost looked at is the batch's, not the checks'.
CASE = """\
title: A site
systems:
  - id: court
    subject: Magistrates
    object: Defendant
"""

#: A user's own rules, for ``--rules-from``.
RULES = Path(__file__).resolve().parent.parent / "examples" / "custom_rule.py"

#: Lookups for the larger folder / lookups for the smaller. Linear: 2; over all pairs: 4.
LIMIT = 2.2


def _lookups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int, argv: list[str]) -> int:
    """How many times ``check`` of a folder of ``n`` case files asks about a name."""
    cases, reports = tmp_path / f"cases-{n}", tmp_path / f"reports-{n}"
    cases.mkdir()
    reports.mkdir()
    for i in range(n):
        (cases / f"site-{i:03d}.yaml").write_text(CASE, encoding="utf-8")
    calls = 0
    stat, lstat = os.stat, os.lstat

    def counted(real: Any) -> Any:
        def look(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return real(*args, **kwargs)

        return look

    with monkeypatch.context() as patch:
        patch.setattr(os, "stat", counted(stat))
        patch.setattr(os, "lstat", counted(lstat))
        status = main(
            ["check", str(cases), "-o", str(reports), "--no-progress", "--fail-on", "never", *argv]
        )
    assert status == 0
    assert len(list(reports.iterdir())) == n
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "json"],
        ["--format", "csv", "--summary", "summary.csv"],
    ],
)
def test_checking_twice_as_many_case_files_looks_at_twice_as_many_names(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    small = _lookups(tmp_path, monkeypatch, 30, argv)
    large = _lookups(tmp_path, monkeypatch, 60, argv)
    capsys.readouterr()
    assert large / small <= LIMIT, (small, large)


def test_a_report_never_replaces_another_case_file_of_the_batch_by_any_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Looked up among the case files at once, a report's name is still told to be one of
    them through a hard link and a symbolic link, each to the other case file."""
    cases, reports = tmp_path / "cases", tmp_path / "reports"
    cases.mkdir()
    reports.mkdir()
    first, second = cases / "site-01.yaml", cases / "site-02.yaml"
    first.write_text(CASE, encoding="utf-8")
    second.write_text(CASE.replace("A site", "Another site"), encoding="utf-8")
    os.link(second, reports / "site-01.csv")
    if hasattr(os, "symlink"):
        (reports / "site-02.csv").symlink_to(first)
    argv = ["check", str(cases), "--format", "csv", "-o", str(reports), "--fail-on", "never"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{reports / 'site-01.csv'}: refusing to overwrite the input file" in err
    assert first.read_text(encoding="utf-8") == CASE
    assert second.read_text(encoding="utf-8") == CASE.replace("A site", "Another site")


@pytest.mark.parametrize("spelt", ["relative", "absolute", "detour"])
def test_a_batch_refuses_its_inputs_by_every_name_and_writes_the_others(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    spelt: str,
) -> None:
    """The case files given relative, absolute or through ``..``; a report that is a
    link to the rules of ``--rules-from``, and a summary that is a hard link to a case
    file: each refused, by its name, and nothing of the inputs changed."""
    monkeypatch.chdir(tmp_path)
    cases, reports = Path("cases"), Path("reports")
    cases.mkdir()
    reports.mkdir()
    for i in range(3):
        (cases / f"site-{i}.yaml").write_text(CASE, encoding="utf-8")
    rules = Path("rules.py")
    rules.write_bytes(RULES.read_bytes())
    given = {"relative": "cases", "absolute": str(tmp_path / "cases"), "detour": "cases/../cases"}
    os.link(cases / "site-0.yaml", reports / "site-2.csv")
    if hasattr(os, "symlink"):
        (reports / "site-1.csv").symlink_to(tmp_path / "rules.py")
    before = {path: path.read_bytes() for path in [*cases.iterdir(), rules]}
    argv = ["check", given[spelt], "--format", "csv", "-o", "reports", "--no-progress"]
    assert main([*argv, "--rules-from", "rules.py"]) == 2
    err = capsys.readouterr().err
    assert f"{Path('reports/site-2.csv')}: refusing to overwrite the input file" in err
    if hasattr(os, "symlink"):
        assert f"{Path('reports/site-1.csv')}: refusing to overwrite the input file" in err
    assert (reports / "site-0.csv").read_text(encoding="utf-8").startswith("number,key,rule,")
    os.link(cases / "site-1.yaml", "summary.csv")
    assert main([*argv, "--summary", "summary.csv"]) == 2
    assert "summary.csv: refusing to overwrite the input file" in capsys.readouterr().err
    assert {path: path.read_bytes() for path in before} == before
