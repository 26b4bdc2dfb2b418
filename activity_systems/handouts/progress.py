"""The handout's "Progress since <earlier version>" section, as plain values for templates.

A handout given an earlier version of its case shows what the action learning sets have
to review: the findings resolved, persisting and new (and those no longer assessed, that
only a dropped integration assessment took away), how integration moved, what changed
in the systems, and each action with its status and the fate of its finding. Templates
receive a :class:`ProgressSection` as ``progress`` (``None`` without an earlier version).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from activity_systems.follow_up.comparison import (
    ActionProgress,
    Comparison,
    ElementChange,
    IntegrationMove,
    ItemChange,
)
from activity_systems.follow_up.text import (
    NOT_SET,
    action_summary,
    left_out_in,
    previous_id,
    show_values,
    shown_differences,
    status_counts,
    summary,
)
from activity_systems.handouts.context import english_rules
from activity_systems.model import Case
from activity_systems.model.relations import IntegrationLevel
from activity_systems.rules.finding import Finding, Report
from activity_systems.rules.misnamed import named

if TYPE_CHECKING:
    from activity_systems.render.words import Word


@dataclass(frozen=True, slots=True)
class ProgressFinding:
    """A finding in one of the groups; ``was`` is the earlier severity when it changed,
    ``level_was`` the earlier level when that changed,
    ``carried`` how a declared contradiction reported under another key before got here
    (:attr:`~activity_systems.follow_up.comparison.PersistingFinding.carried`), and
    ``number`` its number in the handout's report, as in its contradictions and figures
    (``None`` for a resolved or unassessed finding, which the report no longer has), and
    ``english`` whether its message is the library's English (a built-in rule's or a
    declared contradiction's), which a page in another language marks as English."""

    finding: Finding
    was: str | None = None
    carried: str | None = None
    number: int | None = None
    level_was: str | None = None
    english: bool = False


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
    outputs show them (long ones shortened, ``(none)`` when not set, in the handout's
    words, a duration as the findings write it: ``2–10 days``)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ProgressChange:
    """A system, element or exchange added, removed or changed. ``change`` names the
    fields that differ (``changed: time limit``), or says ``renamed`` for an element
    whose id changed that the findings follow; ``kind`` is the change alone (added,
    removed or changed, which a renamed one is too, as the comparison's JSON has it), in
    the handout's words as ``change`` is, ``kind_group`` the same untranslated
    (``added``, ``removed`` or ``changed`` in any language, for a template to test, as
    an action's ``fate_group`` is its ``fate``), and ``differences`` lists each field's
    values (but an element's label, which is ``previous_label``, and a renamed element's
    id, which is ``previous_id``)."""

    where: str
    id: str
    label: str
    previous_label: str | None
    change: str
    kind: str
    kind_group: str
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
    statuses: tuple[tuple[str, int], ...] = ()


class _Words:
    """The handout's words (``_words.j2``) that the progress section's phrases are made
    of, plain text with each ``{name}`` filled; the words' `code` and *emphasis* are
    not read here, as in the figures' words."""

    def __init__(self, words: Mapping[str, Word]) -> None:
        from activity_systems.render.words import filled  # the renderer loads lazily

        self.words = words
        self._filled = filled

    def __call__(self, word: str, /, **values: object) -> str:
        return self._filled(self.words[word], values)

    def level(self, level: IntegrationLevel) -> str:
        return self(f"soi_{level.value.replace('-', '_')}")

    def status(self, status: str | None) -> str:
        return self(f"status_{(status or 'gone').replace('-', '_')}")

    def shown(self, value: str) -> str:
        """A value as :func:`show_values` shows it, "(none)" in the words' own."""
        return self("not_set") if value == NOT_SET else value


def progress_section(
    comparison: Comparison,
    report: Report | None = None,
    case: Case | None = None,
    words: Mapping[str, Word] | None = None,
) -> ProgressSection:
    """The progress section of a comparison; its persisting and new findings carry their
    numbers in ``report`` (the handout's), when given. With ``case`` (the handout's),
    each pair of systems of the integration table, and the pairs, go in the order it
    lists its systems, as the handout's figures and worksheets name them; otherwise, and
    for a system it no longer has, by id. The section's phrases (the moves, the changes,
    the actions' statuses and fates) are made of ``words``, the handout's ``_words.j2``
    (the shipped English without it); ``summary`` and ``action_summary`` stay English,
    as the comparison's other outputs write them, for a template of one's own that
    shows them: the shipped templates say them with the words' macros, from
    ``comparison`` and ``statuses`` (each status of the later version, in their order,
    in the words, "no longer in the plan" last, and how many actions have it)."""
    if words is None:
        from activity_systems.handouts.environment import shipped_words

        words = shipped_words()
    say = _Words(words)
    english = english_rules()
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
        resolved=tuple(ProgressFinding(f, english=f.rule in english) for f in comparison.resolved),
        persisting=tuple(
            ProgressFinding(
                p.finding,
                p.previous.severity if p.previous.severity != p.finding.severity else None,
                p.carried,
                numbers.get(p.finding.key),
                p.level_was,
                p.finding.rule in english,
            )
            for p in comparison.persisting
        ),
        new=tuple(
            ProgressFinding(f, number=numbers.get(f.key), english=f.rule in english)
            for f in comparison.new
        ),
        integration=tuple(_move(comparison, move, between, say) for between, move in moves),
        changes=_changes(comparison, say),
        actions=tuple(_action(action, comparison, say) for action in comparison.actions),
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
        unassessed=tuple(
            ProgressFinding(f, english=f.rule in english) for f in comparison.unassessed
        ),
        statuses=tuple((say.status(status), count) for status, count in status_counts(comparison)),
    )


def _move(
    comparison: Comparison, move: IntegrationMove, between: list[str], say: _Words
) -> ProgressMove:
    present = move.after or move.before
    assert present is not None
    first, second = (comparison.system_title(s) for s in between)
    return ProgressMove(
        systems=say("pair", first=first, second=second),
        before=say.level(move.before.current) if move.before else say("not_assessed_level"),
        now=say.level(move.after.current) if move.after else say("not_assessed_level"),
        desired=say.level(present.desired),
        move=_describe_move(move, say),
        direction=move.direction,
        position=move.position or "",
    )


def _describe_move(move: IntegrationMove, say: _Words) -> str:
    """How a pair's integration moved and where it now stands, as
    :func:`~activity_systems.follow_up.text.describe_move` says it, in the words."""
    if move.direction in ("new", "removed"):
        return say(f"move_{move.direction}")
    remaining = move.remaining or 0
    if move.position == "below":
        where = say("move_to_go_one") if remaining == 1 else say("move_to_go", count=remaining)
    elif move.position == "above":
        where = say("move_above_one") if remaining == 1 else say("move_above", count=remaining)
    elif move.position == "at":
        where = say("move_at" if move.direction == "unchanged" else "move_reached")
    else:
        where = ""
    phrase = say(f"move_{move.direction}", where=where)
    if move.before and move.after and move.before.desired != move.after.desired:
        before = move.before.desired
        # {level} is the level's word as the words file writes it, its case unchanged:
        # lower-casing it would be wrong in a language that capitalises nouns, so a
        # phrase that needs it in lower case puts it where the word's case reads right
        phrase = say("move_desired_was", move=phrase, level=say.level(before), value=before.value)
    return phrase


def _change(where: str, change: ItemChange, say: _Words) -> ProgressChange:
    earlier = previous_id(change)
    kind = what = say(f"change_{change.change}")
    if earlier is not None:
        what = say("change_renamed")
    elif change.fields:
        # the fields are named as the case file names them (``time_limit``, "time limit")
        what = say(
            "change_fields",
            change=what,
            fields=", ".join(field.replace("_", " ") for field in change.fields),
        )
    previous = change.previous_label if isinstance(change, ElementChange) else None
    differences = tuple(
        ProgressDifference(
            difference.field.replace("_", " "), *(say.shown(v) for v in show_values(difference))
        )
        for difference in shown_differences(change)
    )
    return ProgressChange(
        where=where,
        id=change.id,
        label=change.label,
        previous_label=previous,
        change=what,
        kind=kind,
        kind_group=change.change,
        differences=differences,
        previous_id=earlier,
    )


def _changes(comparison: Comparison, say: _Words) -> tuple[ProgressChange, ...]:
    rows = [_change(say("change_system"), c, say) for c in comparison.systems]
    rows += [
        _change(
            say(
                "change_where", system=comparison.system_title(c.system), node=say(f"node_{c.node}")
            ),
            c,
            say,
        )
        for c in comparison.elements
    ]
    rows += [_change(say("change_exchange"), c, say) for c in comparison.exchanges]
    return tuple(rows)


def _action(action: ActionProgress, comparison: Comparison, say: _Words) -> ProgressAction:
    """An action's row; one whose rule only one version leaves out says which, the
    later being "this version" as elsewhere in the handout: section 3's note names only
    what this version leaves out, so "the case file" alone would read as this one's."""
    return ProgressAction(
        strategy=action.strategy,
        owner=action.owner or "",
        review=action.review.isoformat() if action.review else "",
        status=_describe_status(action, say),
        key=action.finding_key,
        fate=_describe_fate(action, comparison, say),
        fate_group=action.fate,
        note=action.note or "",
        was=_describe_edits(action, say),
    )


def _describe_edits(action: ActionProgress, say: _Words) -> str:
    """As :func:`~activity_systems.follow_up.text.describe_edits`, in the words."""
    return "; ".join(
        say(f"edit_{d.field}", was=say.shown(show_values(d)[0])) for d in action.differences
    )


def _describe_status(action: ActionProgress, say: _Words) -> str:
    """As :func:`~activity_systems.follow_up.text.describe_status`, in the words."""
    status = say.status(action.status)
    if action.previous_status is None and action.status is not None:
        return say("status_new", status=status)
    was = say.status(action.previous_status)
    key = action.previous_finding_key
    if action.status is None or action.previous_status != action.status:
        if key and action.status is not None:
            return say("status_was_on", status=status, was=was, key=key)
        return say("status_was", status=status, was=was)
    return say("status_on", status=status, key=key) if key else status


def _describe_fate(action: ActionProgress, comparison: Comparison | None, say: _Words) -> str:
    """As :func:`~activity_systems.follow_up.text.describe_fate`, in the words; why an
    action was not checked stays English, as the action plan says it."""
    if action.probably_means is not None:
        meant = action.probably_means
        fate = say("did_you_mean", finding=named(meant.rule, meant.elements), key=meant.key)
        if action.probably_means_resolved:
            fate += " " + say("resolved_since")
        return fate
    version = left_out_in(action, comparison)
    if version is not None:
        return say("fate_left_out_earlier" if version == "before" else "fate_left_out_this")
    if action.fate == "unchecked" and action.why_unchecked is not None:
        return say("not_checked", why=action.why_unchecked)
    if action.fate in ("obsolete", "unreported") and action.missing:
        many = "_many" if len(action.missing) > 1 else ""
        return say(f"fate_{action.fate}_missing{many}", missing=", ".join(action.missing))
    return say(_FATES[action.fate])


#: The word of each fate shown alone.
_FATES = {
    "resolved": "fate_resolved",
    "obsolete": "fate_obsolete",
    "still-resolved": "still_resolved",
    "persisting": "fate_persisting",
    "new": "fate_new",
    "misnamed": "fate_misnamed",
    "unreported": "unreported",
    "unchecked": "fate_unchecked",
}
