"""A comparison's findings as a CSV table (``compare --format csv``), for a dashboard of
how each team's case changes between workshops, in a spreadsheet, R or pandas.

One row per finding of the comparison, under a header row: ``fate`` (the group of the
comparison's JSON ``findings`` the finding is in: ``resolved``, ``persisting``, ``new``
or ``unassessed``), then the keys of a finding in that JSON, in its order, then the
three keys a persisting finding adds there (``previous_severity``, ``previous_level``,
``previous_key``). The rows come in the JSON's order: the resolved findings, the
persisting, the new, the unassessed, each group in the comparison's order.

Written as ``check --format csv`` writes a report's table
(:mod:`activity_systems.rules.report_csv`), so that the two are read by the same code:
RFC 4180 quoting, lines ending in ``\\n``, UTF-8 without a byte-order mark, lists joined
by a space, ``null`` an empty cell, ``true``/``false``, and text as the case holds it
(no ``'`` put before a leading ``=``). Decisions of its own:

- A resolved or unassessed finding is the earlier version's, a new or persisting one
  the later version's, as in the JSON. The ``previous_*`` cells are empty but for a
  persisting finding; there an empty ``previous_level`` is a finding that had no level,
  as its JSON ``null``.
- A changed severity or level is no fate of its own: the comparison counts such a
  finding as persisting, and its row says both (``severity`` and
  ``previous_severity``), so that filtering on ``fate`` gives the comparison's counts.
- The table holds the findings alone, as a report's does: the element, system and
  exchange changes, the integration moves and the action reviews are nested (each
  change's ``differences``, each action's ``previous``), and are left to the JSON,
  whose lists of objects ``pandas.json_normalize`` makes tables of; what the JSON says
  of the run (``rules_failed``, ``left_out``) has no row either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from activity_systems.rules.report_csv import COLUMNS as REPORT_COLUMNS
from activity_systems.rules.report_csv import cell, csv_text, leading_columns

if TYPE_CHECKING:
    from activity_systems.follow_up.comparison import Comparison

#: The keys a persisting finding adds to a finding's in the comparison's JSON.
PREVIOUS = ("previous_severity", "previous_level", "previous_key")
#: The table's columns, in order: the finding's group, its keys, the earlier values.
COLUMNS = ("fate", *REPORT_COLUMNS[1:], *PREVIOUS)


def comparison_records(
    comparison: Comparison, columns: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of :meth:`~activity_systems.follow_up.comparison.Comparison.to_records`:
    ``columns``, then a value for each of :data:`COLUMNS` (``None`` for a
    ``previous_*`` of a finding that is not persisting), as the JSON holds it."""
    leading = leading_columns(columns, COLUMNS)
    return [
        # a key of a persisting finding's alone: None for the others
        {**leading, "fate": fate, **{column: data.get(column) for column in COLUMNS[1:]}}
        for fate, findings in comparison._findings_data().items()  # the JSON's groups
        for data in findings
    ]


def comparison_csv(comparison: Comparison) -> str:
    """The findings of ``comparison`` as CSV: a header row, then a row per finding,
    written from the rows that Python is given."""
    records = comparison_records(comparison)
    return csv_text(COLUMNS, ([cell(record[column]) for column in COLUMNS] for record in records))
