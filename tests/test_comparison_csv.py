"""``compare --format csv`` and ``Comparison.to_csv()``: the comparison's findings as a
table for a dashboard of how a case changes between workshops, saying what the
comparison's JSON says, written as ``check --format csv`` writes a report's."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.follow_up.comparison_csv import COLUMNS, PREVIOUS
from activity_systems.rules.report_csv import COLUMNS as REPORT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "examples" / "liaison-and-diversion.yaml"
AFTER = ROOT / "examples" / "liaison-and-diversion-2027.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_row_per_finding_saying_what_the_json_says_in_its_order() -> None:
    comparison = a.compare(BEFORE, AFTER)
    table = rows(comparison.to_csv())
    groups = json.loads(comparison.to_json())["findings"]
    expected = [(fate, f) for fate, findings in groups.items() for f in findings]
    assert [row["fate"] for row in table] == [fate for fate, _ in expected]
    assert len(table) == sum(comparison.counts().values()) == 11
    for row, (fate, finding) in zip(table, expected, strict=True):
        assert list(row) == list(COLUMNS)
        assert row["elements"].split(" ") == finding["elements"]
        assert row["level"] == (finding["level"] or "")
        assert row["declared"] == str(finding["declared"]).lower()
        for column in ("key", "rule", "name", "severity", "message", "prompt", "explanation"):
            assert row[column] == finding[column]
        for key in PREVIOUS:  # a persisting finding's alone
            assert row[key] == ((finding[key] or "") if fate == "persisting" else "")


def test_a_persisting_finding_whose_severity_changed_says_both() -> None:
    table = rows(a.compare(BEFORE, AFTER).to_csv())
    (row,) = [
        r for r in table if r["severity"] != r["previous_severity"] and r["fate"] == "persisting"
    ]
    assert (row["rule"], row["previous_severity"], row["severity"]) == ("AS501", "high", "medium")
    assert row["previous_key"] == row["key"]  # the key to join the months by
    assert [r["rule"] for r in table if r["fate"] == "new"] == ["AS403"]


def test_the_columns_are_the_fate_the_finding_s_keys_and_the_earlier_values() -> None:
    (persisting, *_) = a.compare(BEFORE, AFTER).persisting
    assert ("fate", *persisting.to_dict()) == COLUMNS
    assert COLUMNS[1:-3] == REPORT_COLUMNS[1:]  # as check's table, without its number


def test_compare_writes_the_same_bytes_every_time_with_lf_and_no_byte_order_mark(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    written = []
    for name in ("one.csv", "two.csv"):
        argv = ["compare", str(BEFORE), str(AFTER), "--format", "CSV", "-o", str(tmp_path / name)]
        assert main(argv) == 0
        written.append((tmp_path / name).read_bytes())
    assert main(["compare", str(BEFORE), str(AFTER), "--format", "csv", "--fail-on", "medium"]) == 1
    printed = capsysbinary.readouterr().out
    assert written[0] == written[1] == printed
    assert written[0].startswith(b"fate,key,rule,")
    assert b"\r" not in written[0]
    assert written[0].decode("utf-8") == a.compare(BEFORE, AFTER).to_csv()


def test_a_csv_name_takes_the_table_and_advises_it_for_another_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "changes.csv"
    assert main(["compare", str(BEFORE), str(AFTER), "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: a text comparison is not CSV; add --format csv, or "
        "name the file changes.txt\n"
    )
    assert not target.exists()
    assert main(["compare", str(BEFORE), str(AFTER), "--format", "csv", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("fate,key,")


def test_text_with_commas_quotes_and_line_breaks_reads_back_as_written() -> None:
    note = 'Agreed, "in principle";\nto revisit =SUM(A1)'
    (finding, *_) = a.check(a.load(AFTER)).findings
    comparison = a.Comparison(
        before="2026", after="2027", new=(finding.model_copy(update={"note": note}),)
    )
    (row,) = rows(comparison.to_csv())
    assert (row["fate"], row["note"]) == ("new", note)  # not changed to keep off a formula


def test_a_comparison_of_no_findings_is_the_header_alone() -> None:
    assert a.Comparison(before="2026", after="2027").to_csv() == ",".join(COLUMNS) + "\n"


def test_the_follow_up_page_names_each_column_in_order() -> None:
    page = (ROOT / "docs" / "follow-up.md").read_text(encoding="utf-8")
    section = page.split("\n### The CSV table of a comparison\n", 1)[1].split("\n## ", 1)[0]
    table = section.split("\n\n")[1]
    named = [name for row in table.splitlines()[2:] for name in row.split("|")[1].split("`")[1::2]]
    assert tuple(named) == COLUMNS


def test_csv_given_without_format_is_named_as_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compare", str(BEFORE), str(AFTER), "csv"]) == 2
    assert capsys.readouterr().err.endswith("did you mean the option --format csv?\n")


@pytest.mark.parametrize(("option", "value"), [("--severity", "high"), ("--level", "primary")])
def test_a_filter_of_check_s_says_to_filter_the_table_instead(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """compare takes no --severity or --level, by decision: a finding whose severity or
    level changed has two."""
    assert main(["compare", str(BEFORE), str(AFTER), option, value]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: compare takes no {option}, an option of check: a finding "
        "whose severity or level changed has both versions' in the rows of --format csv, "
        "to filter there, or check each version with it\n"
    )
