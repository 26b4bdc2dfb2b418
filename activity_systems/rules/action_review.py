"""Where each action of a case stands against a report (the action learning sets' review).

An action names the finding it addresses by key, or by rule and elements. When the
report no longer has that finding, the action is not an error: its finding is
**resolved**, or **obsolete** when elements the finding involved are no longer in the
case (the team changed the activity so much that the finding cannot come back as it was).

An action whose finding is not reported may also name it wrongly: an AS101 action that
leaves out the exchange, an element or a key with a typo. When the report has exactly
one finding that the action's name is close to, the review keeps the fate and says which
finding the action **probably means** (see :mod:`activity_systems.rules.misnamed`).

A review against one report cannot tell a finding that an earlier version reported
and the team resolved from one that was never reported: both are ``resolved`` (not
reported). Given the earlier version's findings (``earlier``), it can: an action whose
finding neither version reports is **unreported**, and nothing was resolved between
them. One that was already ``done`` in the earlier version, whose elements are all in
the case, is **still-resolved**: it was resolved before the earlier version (or no rule
ever reported it: two versions cannot tell, a comparison with the one in which the
action was planned can). Given the earlier version itself too (``earlier_case``), one
whose elements were in the earlier version and are not in the case is **obsolete**:
they were removed between the two versions (it is ``unreported`` when they were in
neither, removed before the earlier version or misspelt).

An action whose rule was not run (a report of some rules only, or a rule the case file
leaves out), failed, or is no rule at all (``AS1O1`` for ``AS101``) is **unchecked**:
nothing was looked for, so nothing can be said of its finding. So is an action on an
integration finding (AS501, AS502) of two systems that the case does not assess, or,
given their keys, on a finding of an earlier version that only a dropped assessment took
away: an assessment dropped is not a gap closed.

>>> from activity_systems import loads
>>> from activity_systems.rules.finding import Report
>>> case = loads('''
... title: Reports
... systems: [{id: court, subject: Magistrate, object: Defendant, tools: [Request]}]
... actions:
...   - {finding: {rule: AS602, elements: [court.request]}, strategy: Name the tool}
...   - {finding: {rule: AS602, elements: [court.form]}, strategy: Drop the form}
... ''')
>>> report = Report.build("R", [], rules_run=["AS602"])  # AS602 ran, and found nothing
>>> [(r.action.strategy, r.fate, r.missing) for r in review_actions(case, report)]
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
>>> [review] = review_actions(case, run_rules(case, ["AS101"]))
>>> review.fate, review.unchecked_because, review.why_unchecked
('unchecked', 'not-run', 'its rule was left out of this run')
>>> [review] = review_actions(case, Report.build("R", [], rules_run=["AS602"]), earlier=[])
>>> review.fate, review.missing  # reported neither now nor in the earlier version
('unreported', ('court.unknown-tool',))
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from activity_systems.model.actions import Action, FindingReference
from activity_systems.model.case import Case
from activity_systems.model.slugs import Budget
from activity_systems.rules.finding import Finding, Report
from activity_systems.rules.integration import unassessed_pair
from activity_systems.rules.misnamed import (
    MISSPELLING_SEARCHES,
    ReportedFindings,
    element_exists,
    misnamed_message,
    probable_finding,
    rule_meant,
    suggestion,
)

__all__ = [
    "ACTION_FATES",
    "UNCHECKED_BECAUSE",
    "ActionFate",
    "ActionReview",
    "Unchecked",
    "action_elements",
    "action_rule",
    "by_key",
    "element_exists",
    "misnamed_message",
    "missing_elements",
    "probable_finding",
    "removed_since",
    "review_action",
    "review_actions",
    "rule_meant",
    "suggestion",
    "why_unchecked",
]

ActionFate = Literal["open", "resolved", "obsolete", "still-resolved", "unreported", "unchecked"]
#: Fates in the order reviews list them.
ACTION_FATES: tuple[ActionFate, ...] = get_args(ActionFate)
#: Why an action's finding was not checked: its rule ``failed``, it was left out of the
#: rules run (``not-run``: the rules asked for, as ``--rules``, do not include it), the
#: case file leaves it out (``left-out``, an entry of its ``leave_out``), no rule has the
#: id the action names (``unknown-rule``), or it rests on the integration assessment of
#: two systems that the case does not assess (``unassessed``).
Unchecked = Literal["failed", "not-run", "unknown-rule", "unassessed", "left-out"]
#: What the outputs say of an unchecked action's rule, after "not checked: " (for an
#: ``unknown-rule`` one, :func:`why_unchecked` names the id, and the rule it probably
#: means).
UNCHECKED_BECAUSE: dict[Unchecked, str] = {
    "failed": "its rule failed",
    "not-run": "its rule was left out of this run",
    "unknown-rule": "no rule has its id",
    "unassessed": "its pair of systems is not assessed",
    "left-out": "its rule is left out by the case file",
}


@dataclass(frozen=True, slots=True)
class ActionReview:
    """One action and the fate of its finding in a report.

    Attributes:
        action: The action, as the case file gives it.
        fate: ``open`` (the finding is reported), ``resolved`` (it is not: where an
            earlier version reported it, the team resolved it), ``obsolete`` (it is not,
            and some of its elements are gone from the case), ``unreported`` (it is not,
            and neither was it in the earlier version the review was given: nothing was
            resolved between them), ``still-resolved`` (an ``unreported`` one whose
            action was already ``done`` in the earlier version and whose elements are
            all in the case: resolved before the earlier version) or ``unchecked`` (its
            rule failed, was not run or does not exist, or it is an integration
            finding of a pair of systems the case does not assess, so nothing was
            looked for).
        finding: The reported finding when ``open``, else ``None``.
        missing: The finding's elements that are no longer in the case, sorted.
        probably_means: When the action's finding is not reported, the reported finding
            that the action most likely means to name (see
            :func:`~activity_systems.rules.misnamed.probable_finding`), or failing one,
            given an earlier version, the finding only that version reported:
            its ``fate`` is then ``resolved`` or ``obsolete`` only because it names its
            finding wrongly, not because the team resolved anything. ``None`` otherwise.
        unchecked_because: For an ``unchecked`` one, why: ``failed``, ``not-run``,
            ``left-out``, ``unknown-rule`` or ``unassessed`` (see
            :data:`UNCHECKED_BECAUSE`); ``None`` otherwise.
        rule_meant: For an ``unknown-rule`` one, the id of the rule the action
            probably means (``AS101`` for ``AS1O1``), when exactly one is that close
            (see :func:`~activity_systems.rules.misnamed.rule_meant`); ``None``
            otherwise.
    """

    action: Action
    fate: ActionFate
    finding: Finding | None = None
    missing: tuple[str, ...] = ()
    probably_means: Finding | None = None
    unchecked_because: Unchecked | None = None
    rule_meant: str | None = None

    @property
    def why_unchecked(self) -> str | None:
        """Why an ``unchecked`` action's finding was not looked for, as the outputs say
        it after "not checked: " (see :func:`why_unchecked`); ``None`` for another."""
        if self.unchecked_because is None:
            return None
        return why_unchecked(action_rule(self.action), self.unchecked_because, self.rule_meant)


def why_unchecked(rule: str, because: Unchecked, meant: str | None = None) -> str:
    """Why an action's finding was not looked for: ``its rule failed``, ``its rule was
    left out of this run``, ``its rule is left out by the case file``, or for a rule id
    that no rule has, that id and the rule it probably means.

    >>> why_unchecked("AS1O1", "unknown-rule", "AS101")
    'no rule has the id AS1O1; did you mean AS101?'
    """
    if because != "unknown-rule":
        return UNCHECKED_BECAUSE[because]
    hint = f"; did you mean {meant}?" if meant is not None else ""
    return f"no rule has the id {rule}{hint}"


def missing_elements(case: Case, elements: Iterable[str]) -> tuple[str, ...]:
    """The elements that name nothing in the case, sorted and without repeats."""
    return tuple(sorted({e for e in elements if not element_exists(case, e)}))


def removed_since(earlier: Case, missing: Iterable[str]) -> bool:
    """Whether any of the ``missing`` elements (those a later version lacks) names
    something in the ``earlier`` version: they were removed between the two, rather
    than misspelt or removed before the earlier version.

    >>> from activity_systems import loads
    >>> earlier = loads("{title: T, systems: [{id: court, subject: S, object: O, tools: [Form]}]}")
    >>> removed_since(earlier, ["court.form"]), removed_since(earlier, ["court.from"])
    (True, False)
    """
    return any(element_exists(earlier, element) for element in missing)


def action_elements(
    action: Action, known: Iterable[Finding] | Mapping[str, Finding] = ()
) -> tuple[str, ...]:
    """The elements of the finding an action addresses: from the action itself when it
    names them, else from a finding with its key among ``known`` (e.g. an earlier report's
    findings, or those by key); empty when neither says."""
    if isinstance(action.finding, FindingReference):
        return action.finding.elements
    finding = by_key(known).get(action.finding)
    return finding.elements if finding is not None else ()


def by_key(findings: Iterable[Finding] | Mapping[str, Finding]) -> Mapping[str, Finding]:
    """Findings by key, the first of any that share one; a mapping is taken to be
    findings by key already. Reviewing many actions, look ``known`` findings up in one
    such mapping rather than going through them all for each action.

    >>> from activity_systems import load
    >>> from activity_systems.rules.engine import run_rules
    >>> findings = run_rules(load("examples/court-reports.yaml")).findings
    >>> by_key(findings)["AS101-3705b555c6"].elements
    ('court.targets', 'mhs.report', 'court-report')
    """
    if isinstance(findings, Mapping):
        return findings
    keyed: dict[str, Finding] = {}
    for finding in findings:
        keyed.setdefault(finding.key, finding)
    return keyed


def action_rule(action: Action) -> str:
    """The rule id of the finding an action addresses, as the action writes it."""
    if isinstance(action.finding, FindingReference):
        return action.finding.rule
    return action.finding.rpartition("-")[0]


def _among(rule: str, rules: Collection[str]) -> bool:
    """Whether ``rule`` is one of ``rules``, case aside (as ``--rules`` takes them)."""
    return rule.casefold() in {other.casefold() for other in rules}


def review_action(
    case: Case,
    action: Action,
    reported: ReportedFindings | Mapping[str, Finding],
    known: Iterable[Finding] | Mapping[str, Finding] = (),
    *,
    rules_run: Collection[str] | None = None,
    rules_failed: Collection[str] = (),
    earlier: ReportedFindings | Iterable[Finding] | None = None,
    carried: Mapping[str, Finding] | None = None,
    done_before: bool = False,
    earlier_case: Case | None = None,
    unassessed: Collection[str] = (),
    left_out: Collection[str] = (),
) -> ActionReview:
    """The fate of one action, given the report's findings by key (or as
    :class:`~activity_systems.rules.misnamed.ReportedFindings`, to review many actions
    against one report).

    An action whose finding is among ``known`` (an earlier version reported it) is
    never said to misname it: its finding existed, and went away. (To review many
    actions, give ``known`` once as findings by key: see :func:`by_key`.) An action
    whose rule is among ``rules_failed`` is ``unchecked``, and so is one whose rule is
    not among ``rules_run`` (when given) unless it probably names a reported finding
    wrongly (a key whose rule has a typo). So is one whose rule no rule has the id of
    (not registered, not run, and no reported finding's), with the rule it probably
    means as ``rule_meant``. So is an action on an integration finding of two systems
    that the case does not assess, or on one of the keys ``unassessed`` (findings of
    the earlier version that only a dropped assessment took away): no rule looked at
    the pair (``unassessed``). An action not run whose rule is among ``left_out`` (the
    rules the case file leaves out: a comparison's, those either version leaves out) is
    ``left-out`` rather than ``not-run``: the case file decided, not the run. Given
    the ``earlier`` version's findings, an action whose finding
    neither report has is ``unreported``, not resolved (``still-resolved`` when the
    action was ``done_before``, done in the earlier version already, and its elements
    are all in the case); and one close to a finding that
    only the earlier version reports (resolved since) probably means that one. Given the
    ``earlier_case`` too, the earlier version itself, such an action whose elements that
    are not in the case were (some of them) in the earlier version is ``obsolete``: they
    were removed between the two versions, not misspelt.

    ``carried`` maps a key of the earlier version to the finding of this report that
    reports the same declared contradiction under another key (a rule stopped or started
    finding it: see :attr:`~activity_systems.follow_up.PersistingFinding.carried`): an
    action naming the earlier key is ``open`` on that finding, as the contradiction
    persists. So is one naming the key that the earlier version's AS603 finding would
    have had when AS603's keys followed the systems it lists (see
    :attr:`~activity_systems.rules.misnamed.ReportedFindings.former_keys`): the finding
    is keyed by its rule alone, and persists while systems gain or lose neighbours.
    """
    rule = action_rule(action)
    if _among(rule, rules_failed):
        return ActionReview(action, "unchecked", unchecked_because="failed")
    if not isinstance(reported, ReportedFindings):
        reported = ReportedFindings(reported.values())
    if earlier is not None and not isinstance(earlier, ReportedFindings):
        earlier = ReportedFindings(earlier)
    finding = reported.get(action.finding_key)
    if finding is None and carried is not None and action.finding_key in carried:
        finding = reported.get(carried[action.finding_key].key)
    if finding is None and earlier is not None and action.finding_key in earlier.former_keys:
        # the key the earlier version's finding had before: that finding, as it is now
        finding = reported.get(earlier.former_keys[action.finding_key].key)
    if finding is not None:
        return ActionReview(action, "open", finding)
    known = by_key(known)
    elements = action_elements(action, known)
    missing = missing_elements(case, elements)
    rules = _rule_ids(reported, rules_run)
    meant = None
    earlier_has = earlier is not None and earlier.get(action.finding_key) is not None
    if action.finding_key not in known and not earlier_has:
        meant = probable_finding(case, action, reported, rules=rules)
        if meant is None and earlier is not None:
            # one close to it that the earlier version reported, and the team resolved
            meant = probable_finding(case, action, earlier, rules=rules)
            if meant is not None and carried is not None and meant.key in carried:
                meant = reported.get(carried[meant.key].key)  # reported under another key
            elif meant is not None and meant.key in reported.by_key:
                meant = None  # reported now too, and not the only one close to it
    if meant is None and not _among(rule, rules):
        return ActionReview(
            action,
            "unchecked",
            None,
            missing,
            unchecked_because="unknown-rule",
            rule_meant=rule_meant(rule, rules),
        )
    if meant is None and rules_run is not None and not _among(rule, rules_run):
        # the case file's leave_out is the reason even where --rules would have left it out
        why: Unchecked = "left-out" if _among(rule, left_out) else "not-run"
        return ActionReview(action, "unchecked", None, missing, unchecked_because=why)
    if meant is None and (
        action.finding_key in unassessed or unassessed_pair(case, rule, elements)
    ):
        return ActionReview(action, "unchecked", unchecked_because="unassessed")
    if meant is None and earlier is not None and not earlier_has:
        if earlier_case is not None and removed_since(earlier_case, missing):
            return ActionReview(action, "obsolete", None, missing)  # its elements left since
        done = done_before and not missing
        return ActionReview(action, "still-resolved" if done else "unreported", None, missing)
    return ActionReview(action, "obsolete" if missing else "resolved", None, missing, meant)


def _rule_ids(reported: ReportedFindings, rules_run: Collection[str] | None = None) -> set[str]:
    """The ids of the rules there are for an action to name: those registered, those
    run (a rule of the user's passed to ``check`` need not be registered) and those of
    the reported findings."""
    from activity_systems.rules.registry import registered_rules

    return {
        *(spec.id for spec in registered_rules()),
        *(rules_run or ()),
        *reported.rules(),
    }


def review_actions(
    case: Case,
    report: Report,
    *,
    known: Iterable[Finding] = (),
    earlier: Iterable[Finding] | None = None,
    carried: Mapping[str, Finding] | None = None,
    done_before: Collection[tuple[str, str]] = (),
    earlier_case: Case | None = None,
    unassessed: Collection[str] = (),
    left_out: Collection[str] | None = None,
) -> tuple[ActionReview, ...]:
    """The fate of each of the case's actions in ``report``, in the case's order.

    An action whose rule the report did not run (one of some rules only), whose rule
    failed, or whose rule id no rule has, is ``unchecked``, and so is one on an
    integration finding of two systems that the case does not assess. A report that records no
    rules run but has findings (one built by hand) is taken to have run them all; one
    with neither (``check(case, rules=[])``) looked for nothing, so every action is
    ``unchecked``.

    Args:
        case: The case whose ``actions`` are reviewed; the report should be of this case.
        report: The findings to look the actions up in (by stable key).
        known: Findings from elsewhere, such as an earlier version's report, from which an
            action that names its finding only by key learns the finding's elements, so
            that it can be found obsolete.
        earlier: The findings of an earlier version of the case, when there is one (all
            of them, not only those this report no longer has). An action whose finding
            neither report has is then ``unreported``: the earlier version did not
            report it either, so nobody resolved it. Without it a finding that is not
            reported is ``resolved``, as the review cannot tell. These findings serve
            as ``known`` too.
        carried: Keys of the earlier version whose declared contradiction this report
            has under another key, each to that finding (as :func:`review_action`
            takes them): an action naming one is ``open`` on it.
        done_before: The finding key and strategy of each action that was ``done`` in
            the earlier version already: one whose finding neither version reports is
            ``still-resolved``.
        earlier_case: The earlier version itself, with ``earlier``: an action whose
            finding neither report has, and whose elements that are not in the case
            were in the earlier version, is then ``obsolete`` (they were removed between
            the two versions), not ``unreported`` (removed before, or misspelt).
        unassessed: Keys of the earlier version's findings that only a dropped
            integration assessment took away (a comparison's ``unassessed``): an action
            on one is ``unchecked``, as one on an integration finding of a pair the case
            does not assess is.
        left_out: The ids of the rules the case file leaves out (default: those of the
            report's :attr:`~activity_systems.Report.left_out`): an action on one that
            was not run is ``left-out``, not ``not-run``.
    """
    budget = Budget(MISSPELLING_SEARCHES)  # shared by both reports, in the actions' order
    reported = ReportedFindings(report.findings, budget=budget)
    earlier_reported = None if earlier is None else ReportedFindings(earlier, budget=budget)
    known_by_key = by_key((*known, *(earlier_reported.by_key.values() if earlier_reported else ())))
    rules_run = report.rules_run or (None if report.findings else ())
    failed = {failure.rule for failure in report.rules_failed}
    if left_out is None:
        left_out = [left.rule for left in report.left_out]
    return tuple(
        review_action(
            case,
            action,
            reported,
            known_by_key,
            rules_run=rules_run,
            rules_failed=failed,
            earlier=earlier_reported,
            carried=carried,
            done_before=(action.finding_key, action.strategy) in done_before,
            earlier_case=earlier_case,
            unassessed=unassessed,
            left_out=left_out,
        )
        for action in case.actions
    )
