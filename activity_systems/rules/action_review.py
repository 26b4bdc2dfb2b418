"""Where each action of a case stands against a report (the action learning sets' review).

An action names the finding it addresses by key, or by rule and elements. When the
report no longer has that finding, the action is not an error: its finding is
**resolved**, or **obsolete** when elements the finding involved are no longer in the
case (the team changed the activity so much that the finding cannot come back as it was).

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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from activity_systems.model.actions import Action, FindingReference
from activity_systems.model.case import Case
from activity_systems.model.types import is_reference
from activity_systems.rules.finding import Finding, Report

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
    """

    action: Action
    fate: ActionFate
    finding: Finding | None = None
    missing: tuple[str, ...] = ()


def element_exists(case: Case, element: str) -> bool:
    """True when a finding element (``<system>.<element-id>``, an exchange id or a system
    id) names something in the case."""
    if is_reference(element):
        system_id, _, element_id = element.partition(".")
        return case.has_system(system_id) and case.system(system_id).has_element(element_id)
    return case.has_exchange(element) or case.has_system(element)


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
    case: Case, action: Action, reported: dict[str, Finding], known: Iterable[Finding] = ()
) -> ActionReview:
    """The fate of one action, given the report's findings by key."""
    finding = reported.get(action.finding_key)
    if finding is not None:
        return ActionReview(action, "open", finding)
    missing = missing_elements(case, action_elements(action, known))
    return ActionReview(action, "obsolete" if missing else "resolved", None, missing)


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
    reported = {finding.key: finding for finding in report.findings}
    known = tuple(known)
    return tuple(review_action(case, action, reported, known) for action in case.actions)
