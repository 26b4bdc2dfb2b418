"""The handout's "Progress since <earlier version>" section, as plain values for templates.

A handout given an earlier version of its case shows what the action learning sets have
to review: the findings resolved, persisting and new (and those no longer assessed, that
only a dropped integration assessment took away), how integration moved, what changed
in the systems, and each action with its status and the fate of its finding. Templates
receive a :class:`ProgressSection` as ``progress`` (``None`` without an earlier version).
"""

from __future__ import annotations

from dataclasses import dataclass

from activity_systems.follow_up.comparison import (
    ActionProgress,
    Comparison,
    ElementChange,
    IntegrationMove,
    ItemChange,
)
from activity_systems.follow_up.text import (
    action_summary,
    describe_change,
    describe_edits,
    describe_fate,
    describe_move,
    describe_status,
    previous_id,
    show_values,
    shown_differences,
    summary,
)
from activity_systems.model import Case
from activity_systems.model.system import NODE_TITLES
from activity_systems.rules.finding import Finding, Report


@dataclass(frozen=True, slots=True)
class ProgressFinding:
    """A finding in one of the groups; ``was`` is the earlier severity when it changed,
    ``level_was`` the earlier level when that changed,
    ``carried`` how a declared contradiction reported under another key before got here
    (:attr:`~activity_systems.follow_up.comparison.PersistingFinding.carried`), and
    ``number`` its number in the handout's report, as in its contradictions and figures
    (``None`` for a resolved or unassessed finding, which the report no longer has)."""

    finding: Finding
    was: str | None = None
    carried: str | None = None
    number: int | None = None
    level_was: str | None = None


@dataclass(frozen=True, slots=True)
class ProgressMove:
    """One pair's SOI levels in the two versions and how they moved; ``position`` is
    where the pair now stands against its desired level (``below``, ``at`` or
    ``above``; empty when the later version no longer assesses it)."""

    systems: str
    before: str
    now: str
    desired: str
    move: str
    direction: str
    position: str = ""


@dataclass(frozen=True, slots=True)
class ProgressDifference:
    """A field of a changed item with its earlier and later value, as the comparison's
    outputs show them (long ones shortened, ``(none)`` when not set, a duration as the
    findings write it: ``2–10 days``)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ProgressChange:
    """A system, element or exchange added, removed or changed. ``change`` names the
    fields that differ (``changed: time limit``), or says ``renamed`` for an element
    whose id changed that the findings follow; ``kind`` is the bare word (``changed`` for
    a renamed one too, as the comparison's JSON has it) and ``differences`` lists each
    field's values (but an element's label, which is ``previous_label``, and a renamed
    element's id, which is ``previous_id``)."""

    where: str
    id: str
    label: str
    previous_label: str | None
    change: str
    kind: str
    differences: tuple[ProgressDifference, ...]
    previous_id: str | None = None


@dataclass(frozen=True, slots=True)
class ProgressAction:
    """An action with its status in both versions and the fate of its finding; ``note``
    is the action's note (empty without one), shown under its strategy as in the action
    plan, and ``was`` what its strategy, owner and review date were in the earlier
    version where they changed (``review 2027-03-01``; empty when none did)."""

    strategy: str
    owner: str
    review: str
    status: str
    key: str
    fate: str
    fate_group: str
    note: str = ""
    was: str = ""


@dataclass(frozen=True, slots=True)
class ProgressFailure:
    """A rule that failed on one of the versions: its findings are left out of the
    section, and the actions on them are not checked. ``version`` is the version's name,
    ``earlier`` whether it is the earlier one, ``error`` what the rule raised."""

    rule: str
    version: str
    earlier: bool
    error: str


@dataclass(frozen=True, slots=True)
class ProgressSection:
    """Everything the progress section shows, in order; ``unassessed`` are the findings
    that only a dropped integration assessment took away (neither resolved nor
    persisting: see :attr:`~activity_systems.follow_up.Comparison.unassessed`), shown
    after the new ones."""

    since: str
    now: str
    summary: str
    action_summary: str
    resolved: tuple[ProgressFinding, ...]
    persisting: tuple[ProgressFinding, ...]
    new: tuple[ProgressFinding, ...]
    integration: tuple[ProgressMove, ...]
    changes: tuple[ProgressChange, ...]
    actions: tuple[ProgressAction, ...]
    comparison: Comparison
    rules_failed: tuple[ProgressFailure, ...] = ()
    unassessed: tuple[ProgressFinding, ...] = ()


def progress_section(
    comparison: Comparison, report: Report | None = None, case: Case | None = None
) -> ProgressSection:
    """The progress section of a comparison; its persisting and new findings carry their
    numbers in ``report`` (the handout's), when given. With ``case`` (the handout's),
    each pair of systems of the integration table, and the pairs, go in the order it
    lists its systems, as the handout's figures and worksheets name them; otherwise, and
    for a system it no longer has, by id."""
    numbers = {f.key: number for number, f in enumerate(report.findings, 1)} if report else {}
    place = {system.id: k for k, system in enumerate(case.systems)} if case else {}

    def order(system_id: str) -> tuple[int, str]:
        return place.get(system_id, len(place)), system_id

    moves = [(sorted(move.between, key=order), move) for move in comparison.integration]
    moves.sort(key=lambda item: [order(system_id) for system_id in item[0]])
    return ProgressSection(
        since=comparison.before,
        now=comparison.after,
        summary=summary(comparison),
        action_summary=action_summary(comparison) if comparison.actions else "",
        resolved=tuple(ProgressFinding(f) for f in comparison.resolved),
        persisting=tuple(
            ProgressFinding(
                p.finding,
                p.previous.severity if p.previous.severity != p.finding.severity else None,
                p.carried,
                numbers.get(p.finding.key),
                p.level_was,
            )
            for p in comparison.persisting
        ),
        new=tuple(ProgressFinding(f, number=numbers.get(f.key)) for f in comparison.new),
        integration=tuple(_move(comparison, move, between) for between, move in moves),
        changes=_changes(comparison),
        actions=tuple(_action(action, comparison) for action in comparison.actions),
        comparison=comparison,
        rules_failed=tuple(
            ProgressFailure(
                failure.rule,
                comparison.before if failure.version == "before" else comparison.after,
                failure.version == "before",
                failure.error,
            )
            for failure in comparison.rules_failed
        ),
        unassessed=tuple(ProgressFinding(f) for f in comparison.unassessed),
    )


def _move(comparison: Comparison, move: IntegrationMove, between: list[str]) -> ProgressMove:
    present = move.after or move.before
    assert present is not None
    return ProgressMove(
        systems=" and ".join(comparison.system_title(s) for s in between),
        before=move.before.current.label if move.before else "not assessed",
        now=move.after.current.label if move.after else "not assessed",
        desired=present.desired.label,
        move=describe_move(move),
        direction=move.direction,
        position=move.position or "",
    )


def _change(where: str, change: ItemChange) -> ProgressChange:
    earlier = previous_id(change)
    what: str = change.change
    if earlier is not None:
        what = describe_change(change)
    elif change.fields:
        what += f": {', '.join(field.replace('_', ' ') for field in change.fields)}"
    previous = change.previous_label if isinstance(change, ElementChange) else None
    differences = tuple(
        ProgressDifference(difference.field.replace("_", " "), *show_values(difference))
        for difference in shown_differences(change)
    )
    return ProgressChange(
        where, change.id, change.label, previous, what, change.change, differences, earlier
    )


def _changes(comparison: Comparison) -> tuple[ProgressChange, ...]:
    rows = [_change("System", c) for c in comparison.systems]
    rows += [
        _change(f"{comparison.system_title(c.system)} · {NODE_TITLES[c.node]}", c)
        for c in comparison.elements
    ]
    rows += [_change("Exchange", c) for c in comparison.exchanges]
    return tuple(rows)


def _action(action: ActionProgress, comparison: Comparison) -> ProgressAction:
    """An action's row; one whose rule only one version leaves out says which, the
    later being "this version" as elsewhere in the handout: section 3's note names only
    what this version leaves out, so "the case file" alone would read as this one's."""
    return ProgressAction(
        strategy=action.strategy,
        owner=action.owner or "",
        review=action.review.isoformat() if action.review else "",
        status=describe_status(action),
        key=action.finding_key,
        fate=describe_fate(action, comparison, later="this version"),
        fate_group=action.fate,
        note=action.note or "",
        was=describe_edits(action),
    )
