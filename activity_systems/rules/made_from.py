"""The case object each report was made from, kept beside the report rather than in it.

A figure or a handout given a report compares the case it is given with the one the
report was made from (see :func:`activity_systems.render.lookups.check_report_of`): a
report of an earlier version of the case, checked before the case was edited, would
otherwise number and draw that version's contradictions on this one. The report's own
data stays what it was: its fields, equality, hash, ``repr`` and JSON know nothing of
its case, and a report read back with :meth:`Report.from_json
<activity_systems.Report.from_json>` or built by hand has none.

The case is kept for as long as the report lives, and let go with it: a report made by
``check("case.yaml")``, whose case nothing else holds, still knows it, as does one whose
case was left behind when its name was bound to the edited file loaded again.

>>> from activity_systems import check, load
>>> case = load("examples/court-reports.yaml")
>>> report = check(case)
>>> made_from(report) is case
True
>>> from activity_systems import Report
>>> made_from(Report.from_json(report.to_json())) is None
True
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from activity_systems.follow_up.comparison import Comparison
    from activity_systems.model.case import Case
    from activity_systems.rules.finding import Report

# id() of each report -> a weak reference to it, and its case. An entry goes when its
# report does, so that a report that takes the id of a dead one is not taken for it. A
# comparison is kept here too, with its two versions.
_MADE_FROM: dict[int, tuple[weakref.ref[object], tuple[Case, ...]]] = {}


def remember(report: Report | Comparison, *cases: Case) -> None:
    """Note that ``report`` (or a comparison) was made from ``cases``, until it goes."""
    key = id(report)

    def forget(gone: weakref.ref[object]) -> None:
        entry = _MADE_FROM.get(key)
        if entry is not None and entry[0] is gone:
            del _MADE_FROM[key]

    _MADE_FROM[key] = (weakref.ref(report, forget), cases)


def made_from(report: Report) -> Case | None:
    """The case object ``report`` was made from (by :func:`~activity_systems.check` or
    :func:`~activity_systems.rules.engine.run_rules`), or ``None`` for a report made
    otherwise: read back from JSON, built by hand, or copied."""
    cases = cases_of(report)
    return cases[0] if cases else None


def cases_of(made: Report | Comparison) -> tuple[Case, ...]:
    """The case objects a report or a comparison was made from: none for one read back
    from JSON, built by hand or copied, both versions for a comparison that
    :func:`~activity_systems.compare` made."""
    entry = _MADE_FROM.get(id(made))
    if entry is None or entry[0]() is not made:
        return ()
    return entry[1]
