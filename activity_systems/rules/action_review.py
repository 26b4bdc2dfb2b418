"""Where each action of a case stands against a report (the action learning sets' review).

An action names the finding it addresses by key, or by rule and elements. When the
report no longer has that finding, the action is not an error: its finding is
**resolved**, or **obsolete** when elements the finding involved are no longer in the
case (the team changed the activity so much that the finding cannot come back as it was).

An action whose finding is not reported may also name it wrongly: an AS101 action that
leaves out the exchange, an element or a key with a typo. When the report has exactly
one finding that the action's name is close to, the review keeps the fate and says which
finding the action **probably means** (see :mod:`activity_systems.rules.misnamed`).

>>> from activity_systems import loads
>>> from activity_systems.rules.finding import Report
>>> case = loads('''
... title: Reports
... systems: [{id: court, subject: Magistrate, object: Defendant, tools: [Request]}]
... actions:
...   - {finding: {rule: AS602, elements: [court.request]}, strategy: Name the tool}
...   - {finding: {rule: AS602, elements: [court.form]}, strategy: Drop the form}
... ''')
>>> [(r.action.strategy, r.fate, r.missing) for r in review_actions(case, Report(case="R"))]
[('Name the tool', 'resolved', ()), ('Drop the form', 'obsolete', ('court.form',))]
>>> from activity_systems.rules.engine import run_rules
>>> case = loads('''
... title: Reports
... systems: [{id: court, subject: Magistrate, object: Defendant, tools: ["?"]}]
... actions: [{finding: {rule: AS602, elements: [court.unknown-tool]}, strategy: Name it}]
... ''')
>>> [review] = review_actions(case, run_rules(case))
>>> review.fate, suggestion(review.probably_means)
('obsolete', '{rule: AS602, elements: [court.unknown-tools]} / key AS602-cc29d0c684')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from activity_systems.model.actions import Action, FindingReference
from activity_systems.model.case import Case
from activity_systems.rules.finding import Finding, Report
from activity_systems.rules.misnamed import (
    ReportedFindings,
    element_exists,
    misnamed_message,
    probable_finding,
    suggestion,
)

__all__ = [
    "ACTION_FATES",
    "ActionFate",
    "ActionReview",
    "action_elements",
    "element_exists",
    "misnamed_message",
    "missing_elements",
    "probable_finding",
    "review_action",
    "review_actions",
    "suggestion",
]

ActionFate = Literal["open", "resolved", "obsolete"]
#: Fates in the order reviews list them.
ACTION_FATES: tuple[ActionFate, ...] = ("open", "resolved", "obsolete")


@dataclass(frozen=True, slots=True)
class ActionReview:
    """One action and the fate of its finding in a report.

    Attributes:
        action: The action, as the case file gives it.
        fate: ``open`` (the finding is reported), ``resolved`` (it is not) or
            ``obsolete`` (it is not, and some of its elements are gone from the case).
        finding: The reported finding when ``open``, else ``None``.
        missing: The finding's elements that are no longer in the case, sorted.
        probably_means: When the action's finding is not reported, the reported finding
            that the action most likely means to name (see
            :func:`~activity_systems.rules.misnamed.probable_finding`):
            its ``fate`` is then ``resolved`` or ``obsolete`` only because it names its
            finding wrongly, not because the team resolved anything. ``None`` otherwise.
    """

    action: Action
    fate: ActionFate
    finding: Finding | None = None
    missing: tuple[str, ...] = ()
    probably_means: Finding | None = None


def missing_elements(case: Case, elements: Iterable[str]) -> tuple[str, ...]:
    """The elements that name nothing in the case, sorted and without repeats."""
    return tuple(sorted({e for e in elements if not element_exists(case, e)}))


def action_elements(action: Action, known: Iterable[Finding] = ()) -> tuple[str, ...]:
    """The elements of the finding an action addresses: from the action itself when it
    names them, else from a finding with its key among ``known`` (e.g. an earlier report's
    findings); empty when neither says."""
    if isinstance(action.finding, FindingReference):
        return action.finding.elements
    for finding in known:
        if finding.key == action.finding:
            return finding.elements
    return ()


def review_action(
    case: Case,
    action: Action,
    reported: ReportedFindings | Mapping[str, Finding],
    known: Iterable[Finding] = (),
) -> ActionReview:
    """The fate of one action, given the report's findings by key (or as
    :class:`~activity_systems.rules.misnamed.ReportedFindings`, to review many actions
    against one report).

    An action whose finding is among ``known`` (an earlier version reported it) is
    never said to misname it: its finding existed, and went away.
    """
    by_key = reported.by_key if isinstance(reported, ReportedFindings) else reported
    finding = by_key.get(action.finding_key)
    if finding is not None:
        return ActionReview(action, "open", finding)
    known = tuple(known)
    missing = missing_elements(case, action_elements(action, known))
    meant = None
    if all(f.key != action.finding_key for f in known):
        if not isinstance(reported, ReportedFindings):
            reported = ReportedFindings(reported.values())
        meant = probable_finding(case, action, reported)
    return ActionReview(action, "obsolete" if missing else "resolved", None, missing, meant)


def review_actions(
    case: Case, report: Report, *, known: Iterable[Finding] = ()
) -> tuple[ActionReview, ...]:
    """The fate of each of the case's actions in ``report``, in the case's order.

    Args:
        case: The case whose ``actions`` are reviewed; the report should be of this case.
        report: The findings to look the actions up in (by stable key).
        known: Findings from elsewhere, such as an earlier version's report, from which an
            action that names its finding only by key learns the finding's elements, so
            that it can be found obsolete.
    """
    reported = ReportedFindings(report.findings)
    known = tuple(known)
    return tuple(review_action(case, action, reported, known) for action in case.actions)
