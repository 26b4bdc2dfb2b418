"""``check --format csv`` and ``Report.to_csv()``: the findings as a table for a
spreadsheet, R or pandas, or an article's supplementary file, saying what the JSON
report says, the same bytes on every run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.rules.report_csv import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_table_says_what_the_json_report_says() -> None:
    report = a.check(a.load(COURT))
    table = rows(report.to_csv())
    findings = json.loads(report.to_json())["findings"]
    assert len(table) == len(findings) == 12
    for number, (row, finding) in enumerate(zip(table, findings, strict=True), 1):
        assert list(row) == list(COLUMNS)
        assert row["number"] == str(number)
        assert row["elements"].split(" ") == finding["elements"]
        assert row["competencies"].split(" ") == finding["competencies"]
        assert row["level"] == (finding["level"] or "")
        assert row["declared"] == str(finding["declared"]).lower()
        for column in ("key", "rule", "name", "severity", "message", "prompt", "explanation"):
            assert row[column] == finding[column]


def test_text_with_commas_quotes_and_line_breaks_reads_back_as_written() -> None:
    data = json.loads(a.check(a.load(COURT)).to_json())
    note = 'Agreed, "in principle";\nto revisit =SUM(A1)'
    data["findings"][0]["note"] = note
    (row, *_) = rows(a.Report.from_json(json.dumps(data)).to_csv())
    assert row["note"] == note  # not changed to keep a spreadsheet from a formula


def test_check_writes_the_same_bytes_every_time_with_lf_and_no_byte_order_mark(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    written = []
    for name in ("one.csv", "two.csv"):
        assert main(["check", str(COURT), "--format", "csv", "-o", str(tmp_path / name)]) == 1
        written.append((tmp_path / name).read_bytes())
    assert main(["check", str(COURT), "--format", "csv"]) == 1
    printed = capsysbinary.readouterr().out
    assert written[0] == written[1] == printed
    assert written[0].startswith(b"number,key,rule,")
    assert b"\r" not in written[0]
    assert written[0].decode("utf-8") == a.check(a.load(COURT)).to_csv()


def test_several_cases_take_a_table_each_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [str(COURT), str(ROOT / "examples" / "segregation-unit.yaml")]
    assert main(["check", *cases, "--format", "csv"]) == 2
    assert "a csv report holds one case" in capsys.readouterr().err
    assert (
        main(["check", *cases, "--format", "csv", "--fail-on", "never", "-o", str(tmp_path)]) == 0
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "court-reports.csv",
        "segregation-unit.csv",
    ]


def test_a_comparison_has_a_table_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    """compare --format csv writes a comparison's findings (see test_comparison_csv)."""
    assert main(["compare", str(COURT), str(COURT), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("fate,key,rule,")


def test_the_columns_are_the_number_and_every_key_of_a_finding_in_the_json() -> None:
    (finding, *_) = a.check(a.load(COURT)).findings
    assert ("number", *finding.to_dict()) == COLUMNS


def test_the_command_line_page_says_each_column_and_how_to_open_the_table_in_excel() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = page.split("\n### The CSV table\n", 1)[1].split("\n### ", 1)[0]
    table = section.split("\n\n")[1]
    named = [name for row in table.splitlines()[2:] for name in row.split("|")[1].split("`")[1::2]]
    assert tuple(named) == COLUMNS
    text = " ".join(section.split())
    # a double-click reads it in the Windows code page, and evaluates a note's "=..."
    assert "From Text/CSV" in text
    assert "65001: Unicode (UTF-8)" in text
    assert "Evaluate formulas" in text
    assert "=`, `+`, `-` or `@`" in text
