"""``check --summary FILE.csv``: one row for each case file of a batch, the ones that did
not load among them, with their errors as data: what a marker pastes into a sheet."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COURT = EXAMPLES / "court-reports.yaml"
SEGREGATION = EXAMPLES / "segregation-unit.yaml"

HEADER = [
    "file",
    "valid",
    "findings",
    "high",
    "medium",
    "low",
    "primary",
    "secondary",
    "tertiary",
    "quaternary",
    "none",
    "error",
]


def submissions(tmp_path: Path) -> Path:
    """A folder of handed-in case files: two good ones (one with an upper-case
    extension), an empty one, one with a misspelt key, and one that is no case file."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(COURT, folder / "adams.yaml")
    (folder / "baker.yaml").write_bytes(b"")
    text = SEGREGATION.read_text(encoding="utf-8").replace(
        "division_of_labour:", "divison_of_labour:", 1
    )
    (folder / "chen.yaml").write_text(text, encoding="utf-8")
    shutil.copy(SEGREGATION, folder / "davies.YML")
    (folder / "evans.docx").write_bytes(b"PK\x03\x04")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == HEADER
        return list(reader)


def test_a_summary_has_a_row_for_every_case_file_the_broken_ones_with_their_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch wrote a report for each case that loaded, and the others were only lines
    on standard error: ``--format json -o marks/`` left no trace of a student whose file
    did not load. The summary names every case file, in the batch's order."""
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "marks").mkdir()
    argv = ["check", "submissions", "--format", "json", "-o", "marks", "--no-progress"]
    assert main([*argv, "--summary", "summary.csv"]) == 2
    err = capsys.readouterr().err
    table = rows(tmp_path / "summary.csv")
    assert [row["file"] for row in table] == [
        "submissions/adams.yaml",
        "submissions/baker.yaml",
        "submissions/chen.yaml",
        "submissions/davies.YML",
        "submissions/evans.docx",
    ]
    assert [row["valid"] for row in table] == ["true", "false", "false", "true", "false"]
    court = a.check(COURT)
    counts = court.counts()
    adams = table[0]
    assert adams["findings"] == str(len(court.findings))
    for key, value in {**counts["by_severity"], **counts["by_level"]}.items():
        assert adams[key] == str(value)
    assert adams["error"] == ""
    baker, chen = table[1], table[2]
    assert baker["findings"] == baker["high"] == baker["none"] == ""  # not 0: not checked
    # the errors as standard error says them, file, line and column first
    assert baker["error"].startswith("submissions/baker.yaml:1:1: the file is empty")
    assert chen["error"].startswith("submissions/chen.yaml:")
    assert "did you mean 'division_of_labour'?" in chen["error"]
    for row in table[:4]:  # the case files' errors, as standard error said them
        if row["error"]:
            assert f"activity-systems: {row['error']}" in err


def test_the_counts_of_each_row_add_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    main(["check", "submissions", "--summary", "summary.csv", "--no-progress"])
    for row in rows(tmp_path / "summary.csv"):
        if row["valid"] == "true":
            total = int(row["findings"])
            assert total == sum(int(row[s]) for s in ("high", "medium", "low"))
            levels = ("primary", "secondary", "tertiary", "quaternary", "none")
            assert total == sum(int(row[level]) for level in levels)


def test_a_summary_is_the_same_bytes_on_every_run_and_follows_a_resubmission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["check", "submissions", "--summary", "summary.csv", "--no-progress"]
    main(argv)
    first = (tmp_path / "summary.csv").read_bytes()
    main(argv)
    assert (tmp_path / "summary.csv").read_bytes() == first
    shutil.copy(SEGREGATION, folder / "baker.yaml")  # the student hands in again
    main(argv)
    baker = rows(tmp_path / "summary.csv")[1]
    assert (baker["file"], baker["valid"], baker["error"]) == ("submissions/baker.yaml", "true", "")


def test_a_summary_follows_the_kept_findings_as_the_reports_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["check", str(COURT), "--summary", "summary.csv", "--severity", "high"]
    main([*argv, "--fail-on", "never", "--no-progress"])
    (row,) = rows(tmp_path / "summary.csv")
    assert row["file"] == "court-reports.yaml"  # a whole path: its last part, as a heading
    assert row["findings"] == row["high"] == str(len(a.check(COURT).at_or_above("high")))
    assert row["medium"] == row["low"] == "0"


def test_a_summary_on_standard_output_needs_the_reports_in_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "marks").mkdir()
    assert main(["check", "submissions", "--summary", "-", "--no-progress"]) == 2
    assert "--summary - needs -o FOLDER" in capsys.readouterr().err
    argv = ["check", "submissions", "-o", "marks", "--summary", "-", "--no-progress"]
    assert main(argv) == 2
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(HEADER)
    assert len(list(csv.reader(io.StringIO(out)))) == 6


@pytest.mark.parametrize("name", ["summary.txt", "summary.json", "summary.yaml"])
def test_a_summary_is_written_only_to_a_csv_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "submissions", "--summary", name, "--no-progress"]) == 2
    assert "the summary is a CSV table: name it summary.csv" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_a_summary_never_replaces_a_case_file_nor_one_of_the_batch_s_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "marks").mkdir()
    argv = ["check", "submissions", "--format", "csv", "-o", "marks", "--no-progress"]
    assert main([*argv, "--summary", "marks/adams.csv"]) == 2
    assert "marks/adams.csv: is the report of submissions/adams.yaml" in capsys.readouterr().err
    assert list((tmp_path / "marks").iterdir()) == []  # refused before any case is checked


def test_a_summary_never_replaces_a_csv_file_that_is_no_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A student's own table handed in beside the case files, named for the summary,
    was replaced by it: a summary replaces only an earlier summary (or an empty file)."""
    folder = submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    notes = folder / "notes.csv"
    notes.write_text("name,mark\nadams,12\n", encoding="utf-8")
    argv = ["check", "submissions", "--no-progress", "--summary", "submissions/notes.csv"]
    assert main(argv) == 2
    assert "submissions/notes.csv: holds a table that is no summary" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "name,mark\nadams,12\n"
    summary = tmp_path / "summary.csv"
    summary.write_bytes(b"")
    assert main([*argv[:-1], "summary.csv"]) == 2  # two files did not load
    assert main([*argv[:-1], "summary.csv"]) == 2  # over the earlier summary
    assert len(rows(summary)) == 6


def test_a_file_of_the_folder_that_is_no_case_file_has_its_row_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A student who handed in ``evans.docx`` or ``owen.txt`` was left out of the batch
    without a word: 40 files handed in, 38 reports counted. Such a file is not checked
    (and the run's status and lines are as before), but the summary has its row, among
    the others by name; hidden files and the reports this tool wrote have none."""
    folder = submissions(tmp_path)
    (folder / "owen.txt").write_text("title: my case\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "drafts").mkdir()
    (tmp_path / "marks").mkdir()
    monkeypatch.chdir(tmp_path)
    main(["check", "submissions", "--format", "json", "-o", "marks", "--no-progress"])
    shutil.copy(tmp_path / "marks" / "adams.json", folder / "adams-report.json")
    capsys.readouterr()
    argv = ["check", "submissions", "--summary", "summary.csv", "--no-progress"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "evans" not in err
    assert "owen" not in err
    table = rows(tmp_path / "summary.csv")
    assert [row["file"] for row in table] == [
        "submissions/adams.yaml",
        "submissions/baker.yaml",
        "submissions/chen.yaml",
        "submissions/davies.YML",
        "submissions/evans.docx",
        "submissions/owen.txt",
    ]
    owen = table[-1]
    assert owen["valid"] == "false"
    assert owen["findings"] == ""
    assert owen["error"] == (
        "submissions/owen.txt: not checked: a case file's name ends in .yaml, .yml or .json"
    )


def test_the_left_out_files_of_two_folders_stand_among_their_own_case_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for group in ("group-a", "group-b"):
        (tmp_path / group).mkdir()
        shutil.copy(SEGREGATION, tmp_path / group / "b.yaml")
        (tmp_path / group / "a.txt").write_text("", encoding="utf-8")
        (tmp_path / group / "c.pdf").write_text("", encoding="utf-8")
    main(["check", "group-a", "group-b", "--summary", "s.csv", "--fail-on", "never"])
    assert [row["file"] for row in rows(tmp_path / "s.csv")] == [
        f"{group}/{name}"
        for group in ("group-a", "group-b")
        for name in ("a.txt", "b.yaml", "c.pdf")
    ]


def test_a_summary_written_into_the_folder_it_summarises_has_no_row_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["check", "submissions", "--summary", "submissions/summary.csv", "--no-progress"]
    main(argv)
    first = (tmp_path / "submissions" / "summary.csv").read_bytes()
    main(argv)  # run again, after a resubmission: the summary is not a file handed in
    assert (tmp_path / "submissions" / "summary.csv").read_bytes() == first
    assert b"summary.csv" not in first


def test_a_file_name_with_a_control_character_or_bytes_not_in_utf_8_is_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder unpacked from an archive made on another system can hold a name that is
    not UTF-8, or one with a terminal's escape: the summary is still written, each name
    escaped as the report's heading and standard error write it."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(COURT, folder / "adams.yaml")
    shutil.copy(COURT, folder / os.fsdecode(b"b\xffker.yaml"))
    shutil.copy(COURT, folder / "chen\x1b[31m.yaml")
    (folder / os.fsdecode(b"d\xfevies.txt")).write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    argv = ["check", "submissions", "--summary", "summary.csv", "--no-progress"]
    assert main([*argv, "--fail-on", "never"]) == 0
    assert "unexpected error" not in capsys.readouterr().err
    table = rows(tmp_path / "summary.csv")
    assert [row["file"] for row in table] == [
        "submissions/adams.yaml",
        "submissions/b\\udcffker.yaml",
        "submissions/chen\\x1b[31m.yaml",
        "submissions/d\\udcfevies.txt",
    ]
    assert [row["valid"] for row in table] == ["true", "true", "true", "false"]
    assert "\x1b" not in (tmp_path / "summary.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv", "latex"])
def test_one_case_file_s_report_is_the_same_with_a_summary(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    """``check court.yaml --summary s.csv`` prints the report that ``check court.yaml``
    prints, with no heading naming the file, and in any format, as one case's report."""
    shutil.copy(COURT, tmp_path / "court.yaml")
    monkeypatch.chdir(tmp_path)
    argv = ["check", "court.yaml", "--format", fmt, "--fail-on", "never"]
    assert main(argv) == 0
    alone = capsys.readouterr()
    assert main([*argv, "--summary", "s.csv"]) == 0
    assert capsys.readouterr() == alone
    assert [row["file"] for row in rows(tmp_path / "s.csv")] == ["court.yaml"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "latex"])
def test_the_reports_written_into_the_folder_checked_have_no_row_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Reports written beside the case files (``-o submissions``) are this run's own
    outputs, not files handed in: run again, they are not listed as not checked."""
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["check", "submissions", "--format", fmt, "-o", "submissions", "--no-progress"]
    main([*argv, "--summary", "summary.csv"])
    first = (tmp_path / "summary.csv").read_bytes()
    main([*argv, "--summary", "summary.csv"])
    assert (tmp_path / "summary.csv").read_bytes() == first


def test_a_folder_without_case_files_has_its_row_as_it_is_counted_as_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A student's folder handed in empty is one of the batch's failures on standard
    error (``1 of 2 reports printed; 1 failed``): the summary has its row too, with the
    error that standard error said of it, where it was given."""
    monkeypatch.chdir(tmp_path)
    for group in ("group-a", "group-b"):
        (tmp_path / group).mkdir()
    shutil.copy(COURT, tmp_path / "group-b" / "b.yaml")
    argv = ["check", "group-a", "group-b", "--summary", "s.csv", "--no-progress"]
    assert main([*argv, "--fail-on", "never"]) == 2
    assert "1 of 2 reports printed; 1 failed" in capsys.readouterr().err
    table = rows(tmp_path / "s.csv")
    assert [(row["file"], row["valid"]) for row in table] == [
        ("group-a", "false"),
        ("group-b/b.yaml", "true"),
    ]
    assert table[0]["error"] == "group-a: the folder holds no case files (.yaml, .yml, .json)"


def test_a_summary_named_as_a_report_but_for_its_case_is_refused_on_every_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Windows and macOS ``marks/ADAMS.csv`` is ``marks/adams.csv``: written after the
    reports, the summary would replace the report of ``adams.yaml`` there."""
    submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "marks").mkdir()
    argv = ["check", "submissions", "--format", "csv", "-o", "marks", "--no-progress"]
    assert main([*argv, "--summary", "marks/ADAMS.csv"]) == 2
    assert "marks/ADAMS.csv: is the report of submissions/adams.yaml" in capsys.readouterr().err
    assert list((tmp_path / "marks").iterdir()) == []
