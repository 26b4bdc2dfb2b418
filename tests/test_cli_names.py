"""The names the command line is given: entries of a folder that are not files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("activity-systems: ")
    assert "Traceback" not in err
    return lines[0]


# -- a folder's entries that are no files -----------------------------------------------


def test_a_folder_reports_a_link_that_leads_nowhere_and_a_folder_named_as_a_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case file linked from a share that is not mounted does not go missing without
    a word: it is reported as a case file named alone would be, and the status is 2."""
    cases, out = tmp_path / "cases", tmp_path / "out"
    cases.mkdir()
    out.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    missing = tmp_path / "share" / "segregation-unit.yaml"
    (cases / "segregation-unit.yaml").symlink_to(missing)
    (cases / "old.yaml").mkdir()
    assert main(["render", str(cases), "--format", "dot", "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {cases / 'old.yaml'}: is a folder, not a case file "
        "(.yaml, .yml or .json)",
        f"activity-systems: {cases / 'segregation-unit.yaml'}: no such file (it is a link "
        f"to {missing}, which is not there)",
        "activity-systems: 1 of 3 figures written; 2 failed",
    ]
    assert [p.name for p in out.iterdir()] == ["court.dot"]


def test_a_folder_of_one_link_that_leads_nowhere_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "case.json").symlink_to(tmp_path / "gone.json")
    assert main(["render", str(tmp_path), "--format", "dot", "-o", str(tmp_path)]) == 2
    assert "case.json: no such file (it is a link to" in one_error_line(capsys.readouterr().err)
