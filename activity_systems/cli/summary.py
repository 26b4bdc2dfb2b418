"""``check --summary FILE.csv``: a table with a row for each case file of a batch, for a
marking sheet or a study's log of its sites.

Decisions, none of them asked for elsewhere:

- A row for every case file checked, in the batch's order (a folder's files sorted by
  name), the files that did not load among them: a report names no file, and a case
  that does not load writes none, so a folder of reports alone cannot tell a broken
  file from one that was never handed in.
- ``file`` is the case file as the text reports head it (as given, or a whole path by
  as few of its last parts as tell it apart); ``valid`` is ``true`` when it loaded and
  was checked, ``false`` when not; the counts are those of the report as kept
  (``--severity``, ``--level``, ``--system``), so each row's ``findings`` is the sum of
  its severities and the sum of its levels; a file that did not load has its counts
  empty, not 0, so that a sum or a mean of a column leaves it out.
- ``error`` is what standard error said of the file, without the program's name (the
  file, line and column first); its lines, when there are several, joined by a line
  break, which RFC 4180 quoting keeps in the cell. A case that loaded and whose rule
  raised is ``valid`` with its counts, and its error says which rule failed.
- Quoted and written as the CSV report is (see :mod:`activity_systems.rules.report_csv`):
  UTF-8 without a byte-order mark, lines ending in ``\\n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from activity_systems.errors import visible
from activity_systems.model.relations import LEVELS
from activity_systems.rules.finding import SEVERITIES
from activity_systems.rules.report_csv import csv_text

if TYPE_CHECKING:
    from activity_systems.rules.finding import Report

#: The columns of the summary, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "file",
    "valid",
    "findings",
    *SEVERITIES,
    *LEVELS,
    "none",
    "error",
)


@dataclass(frozen=True)
class SummaryRow:
    """One case file of a batch: its report, or ``None`` when it did not load, and the
    lines said of it on standard error (none when all went well)."""

    file: str
    report: Report | None
    errors: tuple[str, ...] = ()


def shown(name: str) -> str:
    r"""A case file's name as the report's heading and standard error write it: a control
    character, or a byte of a name that is not UTF-8, as its escape (``\x1b``,
    ``\udcff``), so that no cell holds what a terminal would act on.

    >>> print(shown("chen\x1b[31m.yaml"), shown("b\udcffker.yaml"))
    chen\x1b[31m.yaml b\udcffker.yaml
    """
    return visible(name, names_as_bytes=True)


def summary_csv(rows: Sequence[SummaryRow]) -> str:
    """The summary table of ``rows``, header first.

    >>> print(summary_csv([SummaryRow("a.yaml", None, ("a.yaml:1:1: the file is empty",))]), end="")
    file,valid,findings,high,medium,low,primary,secondary,tertiary,quaternary,none,error
    a.yaml,false,,,,,,,,,,a.yaml:1:1: the file is empty
    """
    table: list[list[object]] = []
    for row in rows:
        counts: list[object]
        if row.report is None:
            counts = [""] * (1 + len(SEVERITIES) + len(LEVELS) + 1)
        else:
            kept = row.report.counts()
            by_severity, by_level = kept["by_severity"], kept["by_level"]
            counts = [
                len(row.report.findings),
                *(by_severity[severity] for severity in SEVERITIES),
                *(by_level[level] for level in (*LEVELS, "none")),
            ]
        valid = "false" if row.report is None else "true"
        table.append([row.file, valid, *counts, "\n".join(row.errors)])
    text = csv_text(SUMMARY_COLUMNS, table)
    # a name the locale could not read, kept as the bytes the system holds (UTF-8), is
    # written as the text those bytes are: the table is UTF-8 whatever the locale
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
