"""Comparing two versions of a case: matching findings, assessments and actions (systems,
elements and exchanges are matched in :mod:`activity_systems.follow_up.changes`).

>>> from activity_systems import load
>>> comparison = compare(load("examples/liaison-and-diversion.yaml"),
...                      load("examples/liaison-and-diversion-2027.yaml"))
>>> comparison.counts()
{'resolved': 6, 'persisting': 4, 'new': 1, 'unassessed': 0}
>>> [(m.between, m.before.current.value, m.after.current.value, m.direction)
...  for m in comparison.integration if m.before and m.after]
[(('court', 'local'), 'linkage', 'coordination', 'towards')]
>>> print(comparison.to_text().splitlines()[2])
6 findings resolved, 4 persisting, 1 new.
"""

from __future__ import annotations

import os
import warnings
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from activity_systems.errors import user_stacklevel
from activity_systems.follow_up.changes import (
    element_changes,
    exchange_changes,
    renamed_elements,
    system_changes,
)
from activity_systems.follow_up.comparison import (
    ACTION_FIELDS,
    FINDING_FATES,
    ActionProgress,
    Comparison,
    Direction,
    FailedRule,
    FieldDifference,
    FindingFate,
    IntegrationMove,
    LeftOutOfComparison,
    PersistingFinding,
    UnrelatedVersionsWarning,
)
from activity_systems.follow_up.names import version_names
from activity_systems.model.actions import Action
from activity_systems.model.case import Case, first_ids
from activity_systems.model.relations import IntegrationAssessment
from activity_systems.model.slugs import Budget
from activity_systems.rules.action_review import (
    action_elements,
    by_key,
    missing_elements,
    review_action,
)
from activity_systems.rules.declared import DECLARED_RULE as DECLARED
from activity_systems.rules.engine import RuleChoice, run_rules
from activity_systems.rules.finding import Finding, LeftOutRule, Report
from activity_systems.rules.integration import assessed_pairs
from activity_systems.rules.made_from import remember
from activity_systems.rules.misnamed import MISSPELLING_SEARCHES, ReportedFindings


def compare(
    before: Case | str | os.PathLike[str],
    after: Case | str | os.PathLike[str],
    *,
    rules: Iterable[RuleChoice] | RuleChoice | None = None,
    before_label: str | None = None,
    after_label: str | None = None,
) -> Comparison:
    """Compare two versions of a case: what was resolved, what persists, what is new.

    >>> comparison = compare("examples/liaison-and-diversion.yaml",
    ...                      "examples/liaison-and-diversion-2027.yaml")
    >>> len(comparison.resolved), len(comparison.persisting), len(comparison.new)
    (6, 4, 1)

    A contradiction the participants declare is matched by its elements and level, not
    its key: of the same elements declared at several levels, the key depends on their
    order.

    Both versions are checked with the same rules; findings are matched by their stable
    key, or, for an element whose id changed (renamed, or reworded without an ``id``)
    and nothing else, through the new id: such a finding persists under its new key. A
    reference to another renamed element (a task's ``by``, a rule's ``applies_to``)
    changed with it is read as the same reference.
    Integration assessments are matched by pair, systems and exchanges by id,
    elements by id within their system, and actions by finding key and strategy (or by
    finding key alone when each version has one action for it).

    Args:
        before: The earlier version, or the path of its case file.
        after: The later version, or the path of its case file.
        rules: The rules to run on both (default: the built-in rules).
        before_label: A name for the earlier version (default: its title; when both
            versions are paths and have the same title, as on the command line, the file
            name, or as much of the path as tells the two files apart when their names
            are the same too: ``2026/case.yaml`` and ``2027/case.yaml``).
        after_label: A name for the later version (default as for ``before_label``).

    Findings of a rule that failed on either version are left out of every group and
    the rule is listed in ``rules_failed``. An action whose rule failed, was left out
    of ``rules`` or does not exist is ``unchecked``; one that probably names a reported
    finding wrongly is ``misnamed``, and one whose finding neither version reports is
    ``unreported`` (never ``resolved``: nothing was). A finding that only a dropped
    integration assessment took away (the gap of a pair of systems that the later
    version still has but no longer assesses) is ``unassessed``, not resolved, and an
    action on it ``unchecked``: a pair that was not assessed again has not closed its
    gap. Two versions that share no system
    id are still compared, with an :class:`UnrelatedVersionsWarning` (they look like two
    different cases); the comparison's ``shared_systems`` is then empty.

    Raises:
        CaseFileError: when a path does not load.
        ValueError: when a version is the text of a case file rather than its path.
        TypeError: when a version is neither a :class:`~activity_systems.Case` nor a path.
    """
    paths = (
        (before, after)
        if isinstance(before, str | os.PathLike) and isinstance(after, str | os.PathLike)
        else None
    )
    before, after = _loaded(before, "before"), _loaded(after, "after")
    labels = version_names(before, after, paths)  # the files tell two of one title apart
    before_label = labels[0] if before_label is None else before_label
    after_label = labels[1] if after_label is None else after_label
    # A rule either version leaves out is left out of both: run on one alone, its
    # findings would seem resolved, or new, when only the decision changed.
    left_out = before.left_out() | after.left_out()
    earlier = run_rules(before, rules, left_out=left_out)
    later = run_rules(after, rules, left_out=left_out)
    names = {s.id: s.title for s in before.systems} | {s.id: s.title for s in after.systems}
    failed = [
        FailedRule(rule=f.rule, version=version, error=f.error)
        for version, report in (("before", earlier), ("after", later))
        for f in report.rules_failed
    ]
    unchecked = {f.rule for f in failed}
    # A declared contradiction (AS000) is matched by its elements and level, not its key:
    # of the same elements declared at several levels, the key depends on the order.
    was = {f.key: f for f in earlier.findings if f.rule not in unchecked and f.rule != DECLARED}
    now = {f.key: f for f in later.findings if f.rule not in unchecked and f.rule != DECLARED}
    gone = [f for f in earlier.findings if f.rule not in unchecked and f.key not in now]
    came = [f for f in later.findings if f.rule not in unchecked and f.key not in was]
    carried = _declared_carried(gone, came)  # a new key of a declared contradiction: its old one
    carried_from = {f.key for f in carried.values()}
    gone = [f for f in gone if f.key not in carried_from]
    # a finding whose elements were only renamed (an id changed) persists under its new key
    renamed = renamed_elements(before, after)  # the changes list these elements as renamed
    carried |= _renamed_carried(renamed, gone, came, carried)
    carried_from = {f.key for f in carried.values()}
    gone = [f for f in gone if f.key not in carried_from]
    # what only a dropped assessment took away: dropping an assessment closes no gap
    unassessed = _unassessed(before, after, gone, rules)
    comparison = Comparison(
        before=before_label if before_label is not None else before.title,
        after=after_label if after_label is not None else after.title,
        resolved=tuple(f for f in gone if f.key not in unassessed),
        persisting=tuple(
            PersistingFinding(finding=f, previous=was[f.key] if f.key in was else carried[f.key])
            for f in later.findings
            if f.key in was or f.key in carried
        ),
        new=tuple(f for f in came if f.key not in carried),
        unassessed=tuple(f for f in gone if f.key in unassessed),
        integration=_integration(before, after),
        systems=system_changes(before, after),
        elements=element_changes(before, after, renamed),
        exchanges=exchange_changes(before, after),
        actions=_actions(before, after, earlier, later, unchecked, carried, unassessed, left_out),
        rules_failed=tuple(sorted(failed, key=lambda f: (f.rule, f.version))),
        left_out=_left_out(earlier, later),
        system_names=dict(sorted(names.items())),
        before_case=earlier.case,
        after_case=later.case,
    )
    remember(comparison, before, after)  # its text isolates their right-to-left names
    if not comparison.shared_systems:
        warnings.warn(
            f"{comparison.before} and {comparison.after} share no system id "
            f"({_ids(before)}; {_ids(after)}): they look like two different cases, not two "
            "versions of one, so every finding counts as resolved or new",
            UnrelatedVersionsWarning,
            stacklevel=user_stacklevel(),
        )
    return comparison


def _left_out(earlier: Report, later: Report) -> tuple[LeftOutOfComparison, ...]:
    """The rules the case file of either version leaves out, sorted by id (the two case
    files may list them in different orders), each with the versions that leave it out,
    and the later version's reason and who decided where it leaves the rule out (the
    decision as it stands), else the earlier one's."""
    reports = {"before": earlier, "after": later}
    found: dict[str, dict[str, LeftOutRule]] = {}
    for version, report in reports.items():
        for left in report.left_out:
            found.setdefault(left.rule, {})[version] = left
    rules = []
    for rule, by_version in sorted(found.items()):
        latest = by_version.get("after") or by_version["before"]
        rules.append(
            LeftOutOfComparison(
                rule=rule,
                name=latest.name,
                versions=tuple(v for v in ("before", "after") if v in by_version),
                reason=latest.reason,
                by=latest.by,
            )
        )
    return tuple(rules)


def _declared_carried(gone: Sequence[Finding], came: Sequence[Finding]) -> dict[str, Finding]:
    """Each finding of ``came`` that reports a contradiction the participants declared in
    both versions to the finding of ``gone`` that reported it, keyed by the later key.

    First the same elements at the same level: reported within a detected finding in one
    version and as the declared finding (AS000) in the other, as when a rule stops or
    starts finding it, or as the declared finding in both, whatever its key (of the same
    elements declared at several levels, the entry listed first has the plain key, so
    adding, removing or reordering another level moves keys, not contradictions). Then
    the declared findings left, by their elements: the participants placed the
    contradiction at another level (the same key first, then in report order). Where
    several findings of a version share the elements and level, they are paired in
    report order.

    >>> from activity_systems.rules.finding import Finding
    >>> def declared(level: str, first: bool) -> Finding:
    ...     return Finding.create(rule="AS000", name="declared-contradiction",
    ...         category="contradiction", level=level, severity="medium",
    ...         elements=("court.object", "court.targets"), message="", explanation="",
    ...         prompt="", key_extra="" if first else level, declared=True, detected=False)
    >>> before = [declared("primary", False), declared("secondary", True)]
    >>> after = [declared("primary", True)]  # the secondary entry, listed first, deleted
    >>> {f.level: earlier.level for f in after
    ...  for earlier in [_declared_carried(before, after)[f.key]]}
    {'primary': 'primary'}
    """

    def identity(finding: Finding) -> tuple[frozenset[str], str | None]:
        return frozenset(finding.elements), finding.level

    before: dict[tuple[frozenset[str], str | None], list[Finding]] = {}
    for finding in gone:
        if finding.declared:
            before.setdefault(identity(finding), []).append(finding)
    carried: dict[str, Finding] = {}
    for finding in came:
        earlier = before.get(identity(finding)) if finding.declared else None
        if earlier:
            carried[finding.key] = earlier.pop(0)
    # at another level: declared findings of their own (AS000) left on both sides
    paired = {id(finding) for finding in carried.values()}
    left = [f for f in gone if f.rule == DECLARED and id(f) not in paired]
    for same_key in (True, False):
        for finding in came:
            if finding.rule != DECLARED or finding.key in carried:
                continue
            elements = frozenset(finding.elements)
            match = next(
                (
                    f
                    for f in left
                    if frozenset(f.elements) == elements and (f.key == finding.key or not same_key)
                ),
                None,
            )
            if match is not None:
                left.remove(match)
                carried[finding.key] = match
    return carried


def _renamed_carried(
    renamed: Mapping[str, str],
    gone: Sequence[Finding],
    came: Sequence[Finding],
    carried: Mapping[str, Finding],
) -> dict[str, Finding]:
    """Each finding of ``came`` (not already ``carried``) to the finding of ``gone`` of
    the same rule whose elements, read through ``renamed`` (an element's earlier
    reference to its later one), are its elements: the same contradiction, its key moved
    only because an element's id changed. Paired in report order."""
    if not renamed:
        return {}
    # the findings of ``gone`` that name a renamed element, by rule and their elements
    # read through ``renamed``, each list in report order: one look-up per finding of
    # ``came``, so a case whose every id changed is paired in linear time
    waiting: dict[tuple[str, frozenset[str]], deque[Finding]] = {}
    for f in gone:
        if any(e in renamed for e in f.elements):
            moved = frozenset(renamed.get(e, e) for e in f.elements)
            waiting.setdefault((f.rule, moved), deque()).append(f)
    found: dict[str, Finding] = {}
    for finding in came:
        if finding.key in carried:
            continue
        candidates = waiting.get((finding.rule, frozenset(finding.elements)))
        if candidates:
            found[finding.key] = candidates.popleft()
    return found


def _unassessed(
    before: Case,
    after: Case,
    gone: Sequence[Finding],
    rules: Iterable[RuleChoice] | RuleChoice | None,
) -> set[str]:
    """The keys of the findings of ``gone`` (the earlier version's, that the later one
    no longer reports) that only a dropped integration assessment took away: the later
    version reports them again once it is given back the earlier assessments of the
    pairs of systems it still has but no longer assesses. Such are the integration gap
    of such a pair (AS501) and its over-integration (AS502), and a contradiction between
    two systems that were neighbours only through the assessment."""
    assessed = assessed_pairs(after)
    dropped = tuple(
        assessment
        for assessment in before.integration
        if frozenset(assessment.between) not in assessed
        and all(after.has_system(system_id) for system_id in assessment.between)
    )
    if not dropped or not gone:
        return set()
    restored = after.model_copy(update={"integration": (*after.integration, *dropped)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a rule that fails here failed on the later version
        again = {finding.key for finding in run_rules(restored, rules).findings}
    return {finding.key for finding in gone if finding.key in again}


def _ids(case: Case) -> str:
    """The case's first system ids, sorted, and how many more (see
    :func:`~activity_systems.model.case.first_ids`): two regional mappings of 2,000
    services each gave a warning of some 60,000 characters, on stderr and in a
    notebook's cell."""
    return first_ids(sorted(system.id for system in case.systems))


def _loaded(version: Case | str | os.PathLike[str], name: str) -> Case:
    """The case, loaded when ``version`` is the path of a case file."""
    if isinstance(version, str | os.PathLike):
        from activity_systems.io.loading import load

        return load(Path(version))
    if not isinstance(version, Case):
        from activity_systems.rules.finding import Report

        hint = (
            # two reports of one case (other rules, say) are compared by their findings
            ": compare(old_case, new_case) checks both versions of a case itself; the "
            "findings of two reports differ by key: {f.key for f in before.findings} - "
            "{f.key for f in after.findings}"
            if isinstance(version, Report)
            else ""
        )
        raise TypeError(
            f"compare() takes two Cases or case file paths; {name} is a "
            f"{type(version).__name__}{hint}"
        )
    return version


# -- integration ------------------------------------------------------------------------


def _by_pair(case: Case) -> dict[tuple[str, str], IntegrationAssessment]:
    return {(min(a.between), max(a.between)): a for a in case.integration}


def _integration(before: Case, after: Case) -> tuple[IntegrationMove, ...]:
    was, now = _by_pair(before), _by_pair(after)
    moves = []
    for pair in sorted(set(was) | set(now)):
        old, new = was.get(pair), now.get(pair)
        if old is None or new is None:
            moves.append(
                IntegrationMove(
                    between=pair,
                    before=old,
                    after=new,
                    direction="new" if old is None else "removed",
                )
            )
        else:
            moves.append(integration_move(old, new))
    return tuple(moves)


def integration_move(old: IntegrationAssessment, new: IntegrationAssessment) -> IntegrationMove:
    """How a pair's assessment moved between two versions, measured against the later
    desired level: ``across`` it when the pair went from below it to above it (or back),
    else ``towards`` it (reaching it included) or ``away`` from it.

    >>> from activity_systems.model.relations import IntegrationAssessment as SOI
    >>> move = integration_move(
    ...     SOI(between=("court", "mhs"), current="linkage", desired="cooperation"),
    ...     SOI(between=("mhs", "court"), current="full-integration", desired="cooperation"))
    >>> move.between, move.direction, move.steps, move.remaining, move.position
    (('court', 'mhs'), 'across', 1, 1, 'above')
    """
    target = new.desired.rank
    was, now = old.current.rank - target, new.current.rank - target
    steps = abs(was) - abs(now)
    direction: Direction
    if old.current == new.current:
        direction = "unchanged"
    elif was * now < 0:  # from below the desired level to above it, or back
        direction = "across"
    else:
        direction = "towards" if steps > 0 else "away"
    pair = (min(new.between), max(new.between))
    return IntegrationMove(between=pair, before=old, after=new, direction=direction, steps=steps)


# -- actions ----------------------------------------------------------------------------


def _pair_actions(
    before: Sequence[Action],
    after: Sequence[Action],
    outdated: Callable[[Action], bool] = lambda action: False,
) -> list[tuple[Action | None, Action | None]]:
    """Actions of the two versions paired: the same finding and strategy, else the only
    remaining action for a finding on each side (a reworded strategy), else, for an
    earlier action whose finding reference was ``outdated`` (misnamed, or naming an
    element renamed or removed since), the only remaining action with its strategy on
    each side (the team corrected the reference)."""
    left = list(before)
    pairs: list[tuple[Action | None, Action | None]] = []
    unpaired: list[Action] = []
    for action in after:
        match = next(
            (
                a
                for a in left
                if a.finding_key == action.finding_key and a.strategy == action.strategy
            ),
            None,
        )
        if match is None:
            unpaired.append(action)
        else:
            left.remove(match)
            pairs.append((match, action))
    still: list[Action] = []
    for action in unpaired:
        same_key = [a for a in left if a.finding_key == action.finding_key]
        others = [a for a in unpaired if a.finding_key == action.finding_key]
        if len(same_key) == 1 and len(others) == 1:
            left.remove(same_key[0])
            pairs.append((same_key[0], action))
        else:
            still.append(action)
    for action in still:
        same = [a for a in left if a.strategy == action.strategy]
        others = [a for a in still if a.strategy == action.strategy]
        if len(same) == 1 and len(others) == 1 and outdated(same[0]):
            left.remove(same[0])
            pairs.append((same[0], action))
        else:
            pairs.append((None, action))
    pairs.extend((action, None) for action in left)
    return pairs


def _outdated(
    before: Case,
    after: Case,
    earlier: Report,
    known: Mapping[str, Finding],
    unchecked: set[str],
) -> Callable[[Action], bool]:
    """Whether an earlier action's finding reference was one to correct: in the earlier
    version it names a rule id no rule has, a finding close to a reported one, or an
    element not in the case; or it names an element the later version no longer has
    (renamed or removed)."""
    # a review of the earlier version's actions, with its own budget of searches
    reported = ReportedFindings(earlier.findings, budget=Budget(MISSPELLING_SEARCHES))

    def outdated(action: Action) -> bool:
        if missing_elements(after, action_elements(action, known)):
            return True
        review = review_action(
            before, action, reported, known, rules_run=earlier.rules_run, rules_failed=unchecked
        )
        return (
            review.probably_means is not None
            or review.unchecked_because == "unknown-rule"
            or bool(review.missing)
        )

    return outdated


def _actions(
    before: Case,
    after: Case,
    earlier: Report,
    later: Report,
    unchecked: set[str],
    carried: dict[str, Finding],
    unassessed: Collection[str] = (),
    left_out: Collection[str] = (),
) -> tuple[ActionProgress, ...]:
    """Each action's progress. ``carried`` maps the later key of a declared
    contradiction reported under another key before to the earlier finding: an action
    naming either key follows the contradiction, which persists. ``unassessed`` are the
    keys of the earlier findings that only a dropped assessment took away: an action on
    one is ``unchecked``, and one that probably means one does not mean a finding
    resolved. ``left_out`` are the rules either version's case file leaves out: an action
    on one is ``unchecked`` because ``left-out``."""
    budget = Budget(MISSPELLING_SEARCHES)  # shared by both reports, in the actions' order
    reported = ReportedFindings(later.findings, budget=budget)
    later_keys = {finding.key: finding for finding in later.findings}
    ahead = {old.key: later_keys[key] for key, old in carried.items()}
    was = ReportedFindings(earlier.findings, budget=budget)
    known = by_key((*later.findings, *earlier.findings))
    rules_run = later.rules_run  # both versions were checked with the same rules
    progress = []
    outdated = _outdated(before, after, earlier, known, unchecked)
    for old, new in _pair_actions(before.actions, after.actions, outdated):
        action = new if new is not None else old
        assert action is not None
        key = action.finding_key
        review = review_action(
            after,
            action,
            reported,
            known,
            rules_run=rules_run,
            rules_failed=unchecked,
            earlier=was,
            carried=ahead,
            done_before=old is not None and old.status == "done",
            earlier_case=before,
            unassessed=unassessed,
            left_out=left_out,
        )
        fate: FindingFate
        if review.fate == "unchecked":
            fate = "unchecked"
        elif review.probably_means is not None:
            fate = "misnamed"
        elif review.fate == "open":
            assert review.finding is not None
            earlier_too = was.get(key) is not None or review.finding.key in carried
            fate = "persisting" if earlier_too else "new"
        else:
            fate = review.fate
        progress.append(
            ActionProgress(
                finding_key=key,
                strategy=action.strategy,
                owner=action.owner,
                review=action.review,
                note=action.note,
                status=new.status if new is not None else None,
                previous_status=old.status if old is not None else None,
                previous_finding_key=(
                    old.finding_key
                    if old is not None and new is not None and old.finding_key != key
                    else None
                ),
                differences=action_differences(old, new),
                fate=fate,
                finding=review.finding or reported.get(key) or was.get(key),
                missing=review.missing,
                probably_means=review.probably_means,
                probably_means_resolved=(
                    None
                    if review.probably_means is None
                    else review.probably_means.key not in reported.by_key
                    and review.probably_means.key not in unassessed
                ),
                unchecked_because=review.unchecked_because,
                rule_meant=review.rule_meant,
            )
        )
    return tuple(sorted(progress, key=_action_order))


def action_differences(old: Action | None, new: Action | None) -> tuple[FieldDifference, ...]:
    """The strategy, owner and review date of an action of both versions where they
    differ, each with its earlier and later value (a date as YYYY-MM-DD); none for an
    action of one version.

    >>> from activity_systems.model.actions import Action
    >>> old = Action(finding="AS301-801df11020", strategy="Pilot universal screening",
    ...              owner="Court liaison workers", review="2027-03-01")
    >>> new = old.model_copy(update={"owner": None, "review": old.review.replace(month=9)})
    >>> [(d.field, d.before, d.after) for d in action_differences(old, new)]
    [('owner', 'Court liaison workers', None), ('review', '2027-03-01', '2027-09-01')]
    """
    if old is None or new is None:
        return ()

    def value(action: Action, field: str) -> str | None:
        written = getattr(action, field)
        return written.isoformat() if isinstance(written, date) else written

    return tuple(
        FieldDifference(field=field, before=value(old, field), after=value(new, field))
        for field in ACTION_FIELDS
        if value(old, field) != value(new, field)
    )


def _action_order(action: ActionProgress) -> tuple[int, str, str, str, str, str, str, str]:
    return (
        FINDING_FATES.index(action.fate),
        action.unchecked_because or "",
        action.finding_key,
        action.strategy,
        action.status or "",
        action.previous_status or "",
        action.owner or "",
        action.review.isoformat() if action.review else "",
    )
