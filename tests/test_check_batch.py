"""``check`` over many case files: a study's folder of cases, each reported on its own,
one that does not load failing alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COURT = EXAMPLES / "court-reports.yaml"
SEGREGATION = EXAMPLES / "segregation-unit.yaml"


def study(tmp_path: Path) -> Path:
    """A folder of three cases, one of which does not load."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "site-01.yaml")
    (cases / "site-02.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    shutil.copy(SEGREGATION, cases / "site-03.yaml")
    return cases


def test_a_folder_gives_one_json_report_per_case_file_and_a_bad_one_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = study(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    status = main(["check", str(cases), "--format", "json", "-o", str(reports)])
    assert status == 2  # a case did not load: that is said before findings are
    assert sorted(p.name for p in reports.iterdir()) == ["site-01.json", "site-03.json"]
    written = json.loads((reports / "site-01.json").read_text(encoding="utf-8"))
    assert written == json.loads(a.check(COURT).to_json())
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"activity-systems: {cases / 'site-02.yaml'}:1:")
    assert err[-1] == "activity-systems: 2 of 3 reports written; 1 failed"


def test_several_files_exit_with_the_worst_status_of_the_batch(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    argv = ["check", str(COURT), str(SEGREGATION), "-o", str(reports), "--format", "json"]
    assert main([*argv, "--fail-on", "high"]) == 1  # the court case has high findings
    assert main([*argv, "--fail-on", "never"]) == 0
    assert sorted(p.name for p in reports.iterdir()) == [
        "court-reports.json",
        "segregation-unit.json",
    ]


def test_text_of_several_cases_names_each_case_file_before_its_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(SEGREGATION), str(COURT), "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    court, segregation = out.index(f"==> {COURT} <=="), out.index(f"==> {SEGREGATION} <==")
    assert segregation < court  # in the order given
    assert a.check(COURT).to_text() in out[court:]


def test_json_of_several_cases_on_standard_output_asks_for_a_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(COURT), str(SEGREGATION), "--format", "json"]) == 2
    assert "-o FOLDER" in capsys.readouterr().err


def test_a_report_named_after_a_case_file_never_replaces_a_json_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    as_json = json.dumps(a.load(COURT).model_dump(mode="json", by_alias=True))
    (cases / "unit.json").write_text(as_json, encoding="utf-8")
    shutil.copy(SEGREGATION, cases / "unit.yaml")
    status = main(["check", str(cases), "--format", "json", "-o", str(cases)])
    assert status == 2
    assert (cases / "unit.json").read_text(encoding="utf-8") == as_json
    assert json.loads((cases / "court.json").read_text(encoding="utf-8"))["findings"]
