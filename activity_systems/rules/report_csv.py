"""The report as a table of findings in CSV, for a spreadsheet, R or pandas, or an
article's supplementary file.

One row per finding, in report order, under a header row: ``number`` (the finding's
number on the figures and in the text report) and then the keys of a finding in the
report's JSON, in its order. Decisions, for a file that the same case makes byte for
byte the same on every run and machine:

- RFC 4180 quoting (a field with a comma, a quote or a line break is in double quotes, a
  quote doubled), but lines end in ``\\n``, as every file the library writes: R,
  pandas and spreadsheets read them.
- UTF-8 without a byte-order mark, as the JSON report: a mark would become part of the
  first column's name in R's ``read.csv``.
- A list (``elements``, ``competencies``) is its items joined by a space, which no id or
  slug holds; ``level`` and ``note`` are empty where the JSON has ``null``; ``declared``
  and ``detected`` are ``true`` or ``false``, as in the JSON.
- Text is written as the report holds it: a note that starts with ``=`` is not changed
  to keep a spreadsheet from reading it as a formula, so that the table says what the
  case says to R and pandas too; a spreadsheet's import of text (Excel's From Text/CSV,
  LibreOffice's with its formulas not evaluated) reads it as text, and the command line
  page tells users to open the table that way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from activity_systems.rules.finding import Report

#: The table's columns, in order.
COLUMNS = (
    "number", "key", "rule", "name", "category", "level", "severity", "elements",
    "message", "explanation", "prompt", "competencies", "declared", "detected", "note",
)  # fmt: skip


def cell(value: object) -> str:
    """A value of a finding's JSON as a cell.

    >>> [cell(v) for v in (None, True, False, ["court.targets", "mhs.report"], "a, b")]
    ['', 'true', 'false', 'court.targets mhs.report', 'a, b']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def leading_columns(columns: Mapping[str, Any] | None, own: Sequence[str]) -> dict[str, Any]:
    """The ``columns`` given to a ``to_records()`` (of a report or of a comparison) as
    the first keys of each row, checked against ``own``, the row's own keys.

    Raises:
        TypeError: when ``columns`` is not a mapping (or a row with keys, as a pandas
            ``Series`` or a ``sqlite3.Row``) or names a column by what is not text.
        ValueError: when a name of ``columns`` is one of ``own``, which it would hide.
    """
    # as dict() reads a mapping: by its keys (a pandas Series, a sqlite3.Row too)
    if columns is not None and not hasattr(columns, "keys"):
        raise TypeError(
            "to_records() takes columns as a mapping of each column's name to its "
            f"value, columns={{'site': 'north'}}, not {type(columns).__name__}"
        )
    leading = dict(columns) if columns is not None else {}
    unnamed = [name for name in leading if not isinstance(name, str)]
    if unnamed:
        raise TypeError(
            f"column {unnamed[0]!r} of to_records() has no name: each column of "
            "columns is named by a text (a row's keys are its columns' names)"
        )
    taken = [name for name in leading if name in own]
    if taken:
        raise ValueError(
            f"{taken[0]!r} is already a column of each row (the rows have "
            f"{', '.join(own)}): give the column another name"
        )
    return leading


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` and ``rows`` as the library writes every CSV table: RFC 4180 quoting,
    lines ending in ``\\n`` (see the module's decisions).

    >>> print(csv_text(["file", "error"], [["a.yaml", "a, b"]]), end="")
    file,error
    a.yaml,"a, b"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def report_csv(report: Report) -> str:
    """The findings of ``report`` as CSV: a header row, then a row per finding."""
    # the rows that Python is given, as cells
    records = report.to_records()
    return csv_text(COLUMNS, ([cell(record[column]) for column in COLUMNS] for record in records))
