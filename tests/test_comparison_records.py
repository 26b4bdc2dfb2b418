"""``Comparison.to_records()``: a comparison's findings as rows of a table, with their
fate, without writing a file; the rows from which ``Comparison.to_csv()`` writes its
table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.follow_up.comparison_csv import COLUMNS
from activity_systems.rules.report_csv import cell

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "examples" / "liaison-and-diversion.yaml"
AFTER = ROOT / "examples" / "liaison-and-diversion-2027.yaml"


def test_a_row_per_finding_with_its_fate_and_the_keys_of_the_json() -> None:
    """A study comparing each site's two times built the rows of the findings that
    persist by hand, from each finding's ``to_dict()``, and the new and resolved ones
    from other lists; the rows are now one call, in the JSON's order."""
    comparison = a.compare(BEFORE, AFTER)
    records = comparison.to_records()
    groups = json.loads(comparison.to_json())["findings"]
    expected = [(fate, found) for fate, found_in in groups.items() for found in found_in]
    assert [(row["fate"], row["key"]) for row in records] == [
        (fate, found["key"]) for fate, found in expected
    ]
    for row, (_, found) in zip(records, expected, strict=True):
        assert list(row) == list(COLUMNS)
        assert {key: row[key] for key in found} == found
    persisting = [row for row in records if row["fate"] == "persisting"]
    assert persisting == [{"fate": "persisting", **p.to_dict()} for p in comparison.persisting]
    assert all(row["previous_key"] is None for row in records if row["fate"] != "persisting")


def test_the_rows_are_what_the_csv_table_says() -> None:
    comparison = a.compare(BEFORE, AFTER)
    table = list(csv.DictReader(io.StringIO(comparison.to_csv(), newline="")))
    assert table == [
        {column: cell(row[column]) for column in COLUMNS} for row in comparison.to_records()
    ]


def test_columns_given_lead_each_row_so_that_many_comparisons_make_one_table() -> None:
    comparison = a.compare(BEFORE, AFTER)
    records = comparison.to_records(columns={"site": "east", "times": "1-2"})
    assert list(records[0])[:3] == ["site", "times", "fate"]
    assert {(row["site"], row["times"]) for row in records} == {("east", "1-2")}


@pytest.mark.parametrize("column", ["fate", "key", "previous_key"])
def test_a_column_given_that_a_row_already_has_is_refused(column: str) -> None:
    comparison = a.compare(BEFORE, AFTER)
    with pytest.raises(ValueError, match=f"'{column}' is already a column of each row"):
        comparison.to_records(columns={column: "x"})


def test_columns_must_be_a_mapping_of_names() -> None:
    comparison = a.compare(BEFORE, AFTER)
    with pytest.raises(TypeError, match="takes columns as a mapping"):
        comparison.to_records(columns=["east"])  # type: ignore[arg-type]


def test_every_group_of_the_json_gives_its_rows_in_its_order() -> None:
    """The example's later version no longer assessing the court and the liaison team
    leaves a finding unassessed: each of the JSON's four groups has its rows, in its
    order, as the JSON holds them."""
    data = a.load(AFTER).model_dump(mode="json", by_alias=True, exclude_none=True)
    data["integration"] = []
    comparison = a.compare(a.load(BEFORE), a.Case.model_validate(data))
    groups = json.loads(comparison.to_json())["findings"]
    assert all(groups[fate] for fate in ("resolved", "persisting", "new", "unassessed"))
    records = comparison.to_records()
    expected = [(fate, found) for fate, found_in in groups.items() for found in found_in]
    assert [row["fate"] for row in records] == [fate for fate, _ in expected]
    for row, (_, found) in zip(records, expected, strict=True):
        assert {key: row[key] for key in found} == found
