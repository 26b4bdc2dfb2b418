"""``Report.to_records()``: the findings of a report as rows for a table (pandas),
made in Python without writing a file, each row able to carry the case it comes from."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.rules.report_csv import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"


def test_a_row_per_finding_with_its_number_and_the_keys_of_the_json_report() -> None:
    case = a.load(COURT)
    report = a.check(case)
    records = report.to_records()
    assert len(records) == len(report.findings) == 12
    for number, (record, finding) in enumerate(zip(records, report.findings, strict=True), 1):
        assert record == {"number": number, **finding.to_dict()}
        assert report.number(finding) == number


def test_the_rows_say_what_the_csv_table_says() -> None:
    report = a.check(a.load(LIAISON))
    table = list(csv.DictReader(io.StringIO(report.to_csv(), newline="")))
    records = report.to_records()
    assert [list(record) for record in records] == [list(COLUMNS)] * len(table)
    for row, record in zip(table, records, strict=True):
        assert row["number"] == str(record["number"])
        assert row["key"] == record["key"]
        assert row["elements"].split(" ") == record["elements"]


def test_given_the_case_each_row_names_the_systems_its_finding_involves() -> None:
    case = a.load(COURT)
    report = a.check(case)
    records = report.to_records(case)
    assert records[0]["systems"] == ("court", "mhs")
    assert list(records[0])[-1] == "systems"
    for record, finding in zip(records, report.findings, strict=True):
        assert record["systems"] == finding.systems(case)


def test_columns_given_lead_each_row_so_that_a_batch_keeps_each_case() -> None:
    case = a.load(COURT)
    report = a.check(case)
    records = report.to_records(case, columns={"case": "court", "site": "north", "time": 1})
    assert all(list(record)[:4] == ["case", "site", "time", "number"] for record in records)
    assert {(r["case"], r["site"], r["time"]) for r in records} == {("court", "north", 1)}


def test_a_column_given_that_a_finding_already_has_is_refused() -> None:
    report = a.check(a.load(COURT))
    with pytest.raises(ValueError, match=r"'key'.*already a column"):
        report.to_records(columns={"key": "court"})


def test_a_report_read_back_from_json_gives_the_same_rows() -> None:
    case = a.load(COURT)
    report = a.check(case)
    again = a.Report.from_json(report.to_json())
    assert again.to_records(case) == report.to_records(case)


def test_the_case_must_be_a_case() -> None:
    report = a.check(a.load(COURT))
    with pytest.raises(TypeError, match="load"):
        report.to_records(str(COURT))  # type: ignore[arg-type]


def test_a_report_of_some_findings_numbers_its_rows_as_its_text_does() -> None:
    report = a.check(a.load(COURT)).only(severity="high")
    assert [r["number"] for r in report.to_records()] == list(range(1, len(report.findings) + 1))


def test_the_case_of_another_report_is_refused_rather_than_giving_wrong_systems() -> None:
    # In a loop over many cases, a report paired with the wrong case file would give
    # each row the systems of names that are no systems of that case.
    report = a.check(a.load(LIAISON))
    other = a.load(COURT)
    with pytest.raises(ValueError, match=r"finding 1 \(AS\d{3}-[0-9a-f]{10}\) names"):
        report.to_records(other)


def test_a_later_version_of_the_case_gives_the_systems_it_still_has() -> None:
    # An element gone from the later version still names its system; only what names
    # no system of the case is refused.
    report = a.check(a.load(LIAISON))
    later = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    records = report.to_records(later)
    assert all(set(record["systems"]) <= {s.id for s in later.systems} for record in records)


def test_systems_is_refused_as_a_column_with_the_case_or_without() -> None:
    # Rows of a batch made with the case and without it must not hold two different
    # things under one name.
    case = a.load(COURT)
    report = a.check(case)
    for given in (case, None):
        with pytest.raises(ValueError, match=r"'systems'.*already a column"):
            report.to_records(given, columns={"systems": "court, mhs"})


@pytest.mark.parametrize(
    ("columns", "said"),
    [
        ("north", r"columns=\{'site': 'north'\}.*not str"),
        ([("site", "north")], r"not list"),
        ({1: "north"}, r"1 .*name"),
    ],
)
def test_columns_must_be_a_mapping_of_names(columns: object, said: str) -> None:
    report = a.check(a.load(COURT))
    with pytest.raises(TypeError, match=said):
        report.to_records(columns=columns)  # type: ignore[arg-type]


def test_the_case_of_another_report_is_told_by_the_reference_it_lacks() -> None:
    # The finding names the element or exchange, not the system the row would have.
    report = a.check(a.load(LIAISON))
    reference = report.findings[0].elements[0]
    assert "." in reference
    with pytest.raises(ValueError, match=rf"finding 1 \(\S+\) names {re.escape(repr(reference))}"):
        report.to_records(a.load(COURT))


@pytest.mark.parametrize("column", [*COLUMNS, "systems"])
def test_every_column_of_the_csv_table_is_refused_as_a_column_given(column: str) -> None:
    report = a.check(a.load(COURT))
    with pytest.raises(ValueError, match="already a column"):
        report.to_records(columns={column: "court"})


def test_a_later_version_without_an_exchange_a_finding_names_is_refused(
    tmp_path: Path,
) -> None:
    # The exchange renamed, the systems of a finding naming the earlier id cannot be told.
    report = a.check(a.load(COURT))
    text = COURT.read_text(encoding="utf-8")
    later = tmp_path / "court-reports-2027.yaml"
    later.write_text(
        text.replace("produces: [court-report]", "produces: [report-to-court]").replace(
            "  - id: court-report\n", "  - id: report-to-court\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="names 'court-report'"):
        report.to_records(a.load(later))


class _SeriesLike:
    """A row as pandas gives it (``design.loc["north-t1"]``): keys and values, not a
    Mapping, and no truth value (``bool(series)`` raises)."""

    def __init__(self, **values: object) -> None:
        self._values = values

    def keys(self) -> list[str]:
        return list(self._values)

    def __getitem__(self, key: str) -> object:
        return self._values[key]

    def __bool__(self) -> bool:
        raise ValueError("The truth value of a Series is ambiguous.")


def test_columns_may_be_a_row_of_the_study_s_own_table() -> None:
    # A row of a table of the study's design (a pandas Series, a sqlite3.Row) has keys
    # and values without being a Mapping: dict() reads it, and so does to_records().
    import sqlite3
    from contextlib import closing

    # closed, not only committed (a connection's own "with" does no more): Python 3.13
    # warns of a connection left open (ResourceWarning) when it is collected, which may
    # be during another test, that counts the warnings it is given
    with closing(sqlite3.connect(":memory:")) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT 'north' AS site, 1 AS time").fetchone()
    report = a.check(a.load(COURT))
    rows: list[Any] = [row, _SeriesLike(site="north", time=1)]  # typed as a Mapping
    for given in rows:
        records = report.to_records(columns=given)
        assert list(records[0])[:3] == ["site", "time", "number"]
        assert (records[0]["site"], records[0]["time"]) == ("north", 1)


def test_a_subcase_is_told_to_lack_the_systems_the_findings_name() -> None:
    # The rows of some systems of a regional map, asked with case.subcase([...]), were
    # refused as "the case of another report", which it is not.
    case = a.load(COURT)
    report = a.check(case)
    with pytest.raises(ValueError, match="is a subcase of the report's case") as refused:
        report.to_records(case.subcase(["court"]))
    said = str(refused.value)
    assert "lacks the systems" in said
    assert "to_records(case)" in said  # the whole case, its rows chosen by their systems
