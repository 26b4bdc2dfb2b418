"""Comparisons as plain text, and the phrases every output shares (handouts included).

>>> from activity_systems.model.relations import IntegrationAssessment as SOI
>>> move = IntegrationMove(between=("court", "local"), direction="towards", steps=1,
...     before=SOI(between=("court", "local"), current="linkage", desired="cooperation"),
...     after=SOI(between=("court", "local"), current="coordination", desired="cooperation"))
>>> describe_move(move)
'moved towards the desired level, 1 level to go'
>>> describe_difference(FieldDifference(field="turnaround", before="6 weeks", after="3 weeks"))
'turnaround: 6 weeks → 3 weeks'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from typing import Literal

from activity_systems.errors import ArgumentError
from activity_systems.follow_up.comparison import (
    FINDING_FATES,
    ActionProgress,
    Comparison,
    ElementChange,
    FieldDifference,
    FieldValue,
    FindingFate,
    IntegrationMove,
    ItemChange,
    PersistingFinding,
)
from activity_systems.model.actions import ACTION_STATUSES
from activity_systems.model.durations import DurationRange
from activity_systems.model.system import NODE_TITLES
from activity_systems.right_to_left import isolate_text, texts_of, with_names
from activity_systems.rules.action_review import Unchecked, suggestion
from activity_systems.rules.finding import Finding
from activity_systems.rules.left_out import left_out_line
from activity_systems.rules.made_from import cases_of
from activity_systems.rules.report_text import TEXT_WIDTH, grouped_count, wrapping_at
from activity_systems.rules.report_text import wrapped_lines as _wrapped
from activity_systems.rules.wording import listing, quoted, span

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Headings of the action groups, by the fate of the finding (an unchecked one's by why,
#: in :data:`UNCHECKED_HEADINGS`).
FATE_HEADINGS: dict[FindingFate, str] = {
    "resolved": "Finding resolved",
    "obsolete": "Finding obsolete (its elements are gone)",
    "persisting": "Finding persists",
    "new": "Finding new since the earlier version",
    "misnamed": "Finding not found (the action probably names it wrongly)",
    "still-resolved": "Finding still resolved (done by the earlier version; neither reports it)",
    "unreported": "Finding not reported in either version",
    "unchecked": "Not checked",
}
#: Headings of the groups of unchecked actions, by why they were not checked.
UNCHECKED_HEADINGS: dict[Unchecked, str] = {
    "failed": "Not checked (the rule failed)",
    "not-run": "Not checked (the rule was left out of this run)",
    "unknown-rule": "Not checked (no rule has the id the action names)",
    "unassessed": "Not checked (the pair of systems is not assessed)",
    "left-out": "Not checked (the case file leaves the rule out)",
}
#: The heading of the group of findings that only a dropped integration assessment took
#: away (a comparison's ``unassessed``).
UNASSESSED_HEADING = "No longer assessed"
#: How the text says that an item was added, removed or changed: in a word, not as a
#: diff's "+", "-" and "~", which a screen reader at its usual punctuation level does not
#: say (a removed element and a changed one would read the same).
_CHANGE_MARKS = {"added": "added", "removed": "removed", "changed": "changed"}
#: Longest value a report shows for a field of a changed item, in characters (quotes
#: aside): a text this long and its successor still fit a line or two of a terminal and
#: a table cell. Longer text is cut at a word and ends in "…". A list may take twice as
#: many, as its items are short and each one counts; a longer one names as many items as
#: fit, those the other version lacks first, and how many more. The JSON carries every
#: value in full.
VALUE_WIDTH = 50
#: What a report shows for a field that is not set (or an empty list) in one version.
NOT_SET = "(none)"
#: The most persisting findings ``compare`` lists in its text (the terminal's format);
#: the rest, past the most severe, are counted by rule on one line that says which
#: formats list them all (:func:`persisting_left_out`). Two versions of a regional map
#: share thousands of findings, and listed in full they pushed what the comparison is run
#: for (the new findings, the moves of integration, the changes and the actions) some
#: 24,000 lines down a terminal. Fifty is a screenful or two: enough to
#: see what still stands out, few enough to scroll past. Resolved and new findings are
#: listed in full, as they are what changed; so is every finding in ``--format csv``,
#: ``--format json`` and ``--format markdown``, in :meth:`Comparison.to_text
#: <activity_systems.follow_up.Comparison.to_text>` and in ``print(comparison)``, whose
#: readers have the other formats' words at hand, not the command line's.
PERSISTING_SHOWN = 50
#: The formats of ``compare`` that list every finding, as the text's cut names them.
_EVERY_FINDING = "--format csv, --format json or --format markdown"


def plain(text: str) -> str:
    """One line of text with control characters removed."""
    return _CONTROL.sub("", " ".join(text.split()))


def and_more(count: int, what: str = "", *, grouped: bool = False) -> str:
    """What a view that cut a list says of the rest: ``… and 3 more``, with ``what``
    (``" changes"``, in the singular for one: ``… and 1 more change``); ``grouped``
    writes the count with a comma between thousands, as a notebook's view does.

    >>> and_more(22, " persisting findings")
    '… and 22 more persisting findings'
    >>> and_more(2158, grouped=True)
    '… and 2,158 more'
    """
    return f"… and {count:,} more{what}" if grouped else f"… and {count} more{what}"


def persisting_left_out(persisting: Sequence[PersistingFinding], shown: int) -> str:
    """The line ``compare``'s text ends its persisting findings with when it lists only
    the first ``shown``: how many more, by rule in the order the first of each comes
    (most severe first), and which formats list them all; empty when none is left out.

    >>> from activity_systems import compare
    >>> later = "examples/liaison-and-diversion-2027.yaml"
    >>> for part in persisting_left_out(compare(later, later).persisting, 2).split("; "):
    ...     print(part)
    … and 3 more persisting findings: 2 AS201 unmet-expectation and 1 AS501 integration-gap
    --format csv, --format json or --format markdown lists them all.
    """
    rest = persisting[shown:]
    if not rest:
        return ""
    counts: dict[tuple[str, str], int] = {}
    for item in rest:
        rule = (plain(item.finding.rule), plain(item.finding.name))
        counts[rule] = counts.get(rule, 0) + 1
    by_rule = listing([f"{count} {rule} {name}" for (rule, name), count in counts.items()])
    what = " persisting finding" if len(rest) == 1 else " persisting findings"
    return f"{and_more(len(rest), what)}: {by_rule}; {_EVERY_FINDING} lists them all."


def _levels(n: int) -> str:
    return f"{n} level{'s' if n != 1 else ''}"


def describe_move(move: IntegrationMove) -> str:
    """A phrase for how a pair's integration moved and where it now stands against the
    desired level: ``moved towards the desired level, 1 level to go`` (below it),
    ``desired level reached``, ``1 level above the desired level`` (a pair more
    integrated than it wants; no level is best in itself).

    >>> from activity_systems.follow_up.matching import integration_move
    >>> from activity_systems.model.relations import IntegrationAssessment as SOI
    >>> def move(before, after, desired="cooperation"):
    ...     return describe_move(integration_move(
    ...         SOI(between=("court", "mhs"), current=before, desired=desired),
    ...         SOI(between=("court", "mhs"), current=after, desired=desired)))
    >>> move("linkage", "full-integration")
    'moved across the desired level, 1 level above the desired level'
    >>> move("full-integration", "full-integration", "coordination")
    'no move, 2 levels above the desired level'
    >>> move("cooperation", "coordination", "linkage")
    'moved towards the desired level, 1 level above the desired level'
    """
    if move.direction == "new":
        return "assessed for the first time"
    if move.direction == "removed":
        return "no longer assessed"
    where = _standing(move)
    phrase = {
        "towards": f"moved towards the desired level, {where}",
        "away": f"moved away from the desired level, {where}",
        "across": f"moved across the desired level, {where}",
        "unchanged": f"no move, {'at the desired level' if move.position == 'at' else where}",
    }[move.direction]
    if move.before and move.after and move.before.desired != move.after.desired:
        phrase += f" (desired level was {move.before.desired.value})"
    return phrase


def _standing(move: IntegrationMove) -> str:
    """Where the pair now stands against its desired level: ``2 levels to go`` below it,
    ``desired level reached``, ``1 level above the desired level`` above it; empty when
    the later version does not assess the pair."""
    remaining = move.remaining or 0
    if move.position == "below":
        return f"{_levels(remaining)} to go"
    if move.position == "above":
        return f"{_levels(remaining)} above the desired level"
    return "desired level reached" if move.position == "at" else ""


def shorten(text: str, width: int = VALUE_WIDTH) -> str:
    """``text`` on one line, at most ``width`` characters: cut at a word, ending in "…".

    >>> shorten("Liaison workers screen on the day with the national screening tool", 40)
    'Liaison workers screen on the day with…'
    """
    text = plain(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    # cut at the last space unless that would throw away more than half of it
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _items(items: tuple[str, ...], width: int, prefer: Collection[str] = ()) -> str:
    """``a, b and c``; past ``width`` characters, as many items as fit, those in
    ``prefer`` first (but in their order), and how many more: ``a, c and 3 more``."""
    items = tuple(plain(item) for item in items)
    text = listing(items)
    if len(text) <= width:
        return text
    ranked = sorted(range(len(items)), key=lambda i: (items[i] not in prefer, i))
    for shown in range(len(items) - 1, 0, -1):
        chosen = sorted(ranked[:shown])
        text = f"{', '.join(items[i] for i in chosen)} and {len(items) - shown} more"
        if len(text) <= width:
            return text
    return f"{shorten(items[ranked[0]], width // 2)} and {len(items) - 1} more"


def show_value(
    value: FieldValue,
    *,
    text: bool = False,
    width: int = VALUE_WIDTH,
    prefer: Collection[str] = (),
) -> str:
    """A field's value as a report shows it: as the case file writes it, free text
    (``text``) in quotes, at most ``width`` characters; a list joined, at most twice
    that, naming the items in ``prefer`` first when it is cut; ``(none)`` if unset.

    >>> show_value(("diagnosis", "treatment-recommendation"))
    'diagnosis and treatment-recommendation'
    >>> show_value("Liaison workers screen on the day with the national screening tool",
    ...            text=True)
    '“Liaison workers screen on the day with the…”'
    >>> show_value(("a-long-item", "another-long-item", "the-new-item", "the-last-item"),
    ...            width=20, prefer=["the-new-item"])
    'a-long-item, the-new-item and 2 more'
    """
    if value is None or value == ():
        return NOT_SET
    if isinstance(value, tuple):
        return _items(value, 2 * width, prefer)
    return quoted(shorten(value, width)) if text else shorten(value, width)


def show_values(difference: FieldDifference, *, width: int = VALUE_WIDTH) -> tuple[str, str]:
    """The earlier and later value as :func:`show_value` shows them. Two long texts that
    read the same up to the width are shown from a few words before they part, after
    "…", so that the change itself is in view.

    A duration is written as the findings write it, with an en dash:

    >>> show_values(FieldDifference(field="turnaround", before="2-10 days", after="P3W"))
    ('2–10 days', '3 weeks')
    >>> show_values(FieldDifference(field="description",
    ...     before="Screening on the day with the national tool, by a liaison worker",
    ...     after="Screening on the day with the national tool, by a nurse"), width=30)
    ('“…tool, by a liaison worker”', '“…tool, by a nurse”')
    """
    before, after = difference.before, difference.after
    if (
        isinstance(before, str)
        and isinstance(after, str)
        and shorten(before, width) == shorten(after, width)
    ):
        before, after = _from_parting(before, after)
    # a list that is cut names first what the other version lacks: what was removed or added
    old = set(before) if isinstance(before, tuple) else set()
    new = set(after) if isinstance(after, tuple) else set()
    shown = (
        show_value(before, text=difference.is_text, width=width, prefer=old - new),
        show_value(after, text=difference.is_text, width=width, prefer=new - old),
    )
    if difference.field not in _DURATION_FIELDS:
        return shown
    return _duration(shown[0]), _duration(shown[1])


#: Case-file keys whose value may be a duration; ``takes`` and ``needed_within`` may name
#: a tool or a rule instead.
_DURATION_FIELDS = frozenset({"turnaround", "time_limit", "takes", "needed_within"})


def _duration(shown: str) -> str:
    """A duration as the findings write it, ``2–10 days`` for ``2-10 days``; a reference
    (``mhs.report``) or ``(none)`` as shown.

    >>> _duration("2-10 days"), _duration("mhs.report-2"), _duration("(none)")
    ('2–10 days', 'mhs.report-2', '(none)')
    """
    try:
        return span(DurationRange.parse(shown))
    except ValueError:
        return shown


def _from_parting(before: str, after: str, context: int = 3) -> tuple[str, str]:
    """Both texts from ``context`` words before their first different word, after "…"."""
    old, new = plain(before).split(" "), plain(after).split(" ")
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    start = max(same - context, 0)
    if start == 0:
        return before, after
    return "…" + " ".join(old[start:]), "…" + " ".join(new[start:])


def describe_difference(difference: FieldDifference, *, width: int = VALUE_WIDTH) -> str:
    """``turnaround: 6 weeks → 3 weeks``: a field with its earlier and later value."""
    before, after = show_values(difference, width=width)
    return f"{difference.field}: {before} → {after}"


def shown_differences(change: ItemChange) -> tuple[FieldDifference, ...]:
    """The differences a report lists under a change: all but an element's label, which
    it shows beside the later label as "was …", and a renamed element's id, which it
    shows as ``earlier-id → later-id``."""
    if not isinstance(change, ElementChange):
        return change.differences
    hidden = set()
    if change.previous_label is not None:
        hidden |= {"label", "task"}  # ``task`` is a task's label, as case files write it
    if change.previous_id is not None:
        hidden.add("id")
    return tuple(d for d in change.differences if d.field not in hidden)


def previous_id(change: ItemChange) -> str | None:
    """The earlier id of a renamed element, which the outputs show as ``earlier-id →
    later-id``; ``None`` for another change."""
    return change.previous_id if isinstance(change, ElementChange) else None


def in_place_note(change: ItemChange) -> str | None:
    """What the outputs say under an element added in place of one removed (its
    ``in_place_of``): that it may be that element renamed and changed, and how to keep
    its findings and actions if so; ``None`` for another change.

    >>> from activity_systems.follow_up.comparison import ElementChange
    >>> note = in_place_note(ElementChange(system="mhs", node="tools", id="court-report",
    ...     change="added", label="Court report", in_place_of="report"))
    >>> for part in note.split(": "):
    ...     print(part)
    added where report was removed
    if it is that element renamed and changed, write id
    report on it to keep its findings and actions
    """
    if not isinstance(change, ElementChange) or change.in_place_of is None:
        return None
    earlier = change.in_place_of
    return (
        f"added where {earlier} was removed: if it is that element renamed and changed, "
        f"write id: {earlier} on it to keep its findings and actions"
    )


def added_in_place(missing: Sequence[str], comparison: Comparison | None) -> list[tuple[str, str]]:
    """Each of ``missing`` (``system.id`` references) that an element added took the
    place of (see :func:`in_place_note`), with that element's reference."""
    if comparison is None:
        return []
    later = {
        f"{c.system}.{c.in_place_of}": c.reference
        for c in comparison.elements
        if c.in_place_of is not None
    }
    return [(earlier, later[earlier]) for earlier in missing if earlier in later]


def describe_change(change: ItemChange) -> str:
    """``added``, ``removed``, ``changed``; ``changed: label`` for an element whose label
    alone changed (its differences are shown as "was …", not listed); ``renamed`` for an
    element whose id changed that the findings follow (its ``change`` is ``changed``)."""
    if previous_id(change) is not None:
        return "renamed"
    if change.change == "changed" and not shown_differences(change):
        return f"changed: {', '.join(change.fields)}"
    return change.change


def summary(comparison: Comparison, *, grouped: bool = False) -> str:
    """``6 findings resolved, 4 persisting, 1 new.``; ``…, 1 new, 1 no longer assessed.``
    when some findings are no longer assessed (only a dropped assessment took them away).
    ``grouped`` writes the counts with a comma between thousands ("2,358 persisting"),
    as a notebook's view does; the text and Markdown keep their digits ungrouped."""
    counts = comparison.counts()
    n = grouped_count if grouped else str
    resolved = counts["resolved"]
    unassessed = f", {n(counts['unassessed'])} no longer assessed" if counts["unassessed"] else ""
    return (
        f"{n(resolved)} finding{'s' if resolved != 1 else ''} resolved, "
        f"{n(counts['persisting'])} persisting, {n(counts['new'])} new{unassessed}."
    )


def status_counts(comparison: Comparison) -> tuple[tuple[str | None, int], ...]:
    """Each status the actions have in the later version, in the statuses' order, and
    ``None`` (no longer in the plan) last, with how many actions have it."""
    counts: dict[str | None, int] = {}
    for action in comparison.actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    return tuple(
        (status, counts[status]) for status in (*ACTION_STATUSES, None) if status in counts
    )


def action_summary(comparison: Comparison, *, grouped: bool = False) -> str:
    """``7 actions: 5 done, 1 in-progress, 1 planned.`` (statuses in the later version);
    ``grouped`` writes the counts with a comma between thousands, as :func:`summary`."""
    n = grouped_count if grouped else str
    parts = [
        f"{n(count)} {status or 'no longer in the plan'}"
        for status, count in status_counts(comparison)
    ]
    total = len(comparison.actions)
    return f"{n(total)} action{'s' if total != 1 else ''}: {', '.join(parts)}."


def describe_status(action: ActionProgress) -> str:
    """``done (was planned)``, ``planned (new action)``, ``no longer in the plan``;
    ``in-progress (was planned, on AS1O1-…)`` or ``planned (was on AS1O1-…)`` for an
    action whose finding reference the team corrected."""
    if action.status is None:
        return f"no longer in the plan (was {action.previous_status})"
    if action.previous_status is None:
        return f"{action.status} (new action)"
    on = f"on {action.previous_finding_key}" if action.previous_finding_key else ""
    if action.previous_status == action.status:
        return f"{action.status} (was {on})" if on else action.status
    return f"{action.status} (was {action.previous_status}{', ' if on else ''}{on})"


def describe_edits(action: ActionProgress, *, width: int = VALUE_WIDTH) -> str:
    """What an action of both versions had before where its strategy, owner or review
    date changed, as the outputs show it after "was: ": ``strategy “…”; owner Service
    manager; review 2027-03-01``; empty when none changed (its status is in
    :func:`describe_status`). A reworded strategy is shown from a few words before the
    wording parts, as other long texts.

    >>> from activity_systems.follow_up.comparison import ActionProgress
    >>> describe_edits(ActionProgress(finding_key="AS301-801df11020", strategy="Pilot",
    ...     status="in-progress", previous_status="planned", fate="persisting",
    ...     differences=[FieldDifference(field="owner", before=None, after="Court staff"),
    ...                  FieldDifference(field="review", before="2027-03-01",
    ...                                  after="2027-09-01")]))
    'owner (none); review 2027-03-01'
    """
    return "; ".join(
        f"{difference.field} {show_values(difference, width=width)[0]}"
        for difference in action.differences
    )


def left_out_by(action: ActionProgress, comparison: Comparison | None) -> str | None:
    """Whose case file leaves out the rule of an action ``unchecked`` because
    ``left-out``, where the two versions of ``comparison`` differ: ``the earlier
    version's case file`` or ``the later version's case file`` (a handout's words call
    the later version "this version"); ``None`` where both leave it out (then "the case
    file" is either's, and the handout's note in section 3 names it), for another
    action, or without the comparison."""
    version = left_out_in(action, comparison)
    if version == "before":
        return "the earlier version's case file"
    if version == "after":
        return "the later version's case file"
    return None


def left_out_in(
    action: ActionProgress, comparison: Comparison | None
) -> Literal["before", "after"] | None:
    """The one version (``before`` or ``after``) whose case file leaves out the rule of
    an action ``unchecked`` because ``left-out``, as :func:`left_out_by` names it;
    ``None`` where both leave it out, for another action, or without the comparison."""
    if comparison is None or action.unchecked_because != "left-out":
        return None
    versions = next((x.versions for x in comparison.left_out if x.rule == action.rule.upper()), ())
    if versions == ("before",):
        return "before"
    if versions == ("after",):
        return "after"
    return None


def describe_fate(action: ActionProgress, comparison: Comparison | None = None) -> str:
    """``resolved``, ``obsolete: local.x is no longer in the case``, ``persists``...;
    ``not found — did you mean {rule: …, elements: […]} / key …?`` for an action that
    probably names its finding wrongly (``… (resolved since the earlier version)`` when
    only the earlier version reports it); ``not reported in either version`` for one whose
    finding neither version reports (``still resolved (not reported in either version)``
    for one done by the earlier version); ``not checked: its rule was left out of this run``
    for one whose rule was not run (or failed, or is no rule: ``no rule has the id
    AS1O1; did you mean AS101?``). Given the ``comparison``, one whose rule only one
    version leaves out says which (:func:`left_out_by`): ``not checked: its rule is left
    out by the earlier version's case file``."""
    if action.probably_means is not None:
        resolved = " (resolved since the earlier version)" if action.probably_means_resolved else ""
        return f"not found — did you mean {suggestion(action.probably_means)}?{resolved}"
    if (whose := left_out_by(action, comparison)) is not None:
        return f"not checked: its rule is left out by {whose}"
    if action.fate == "unchecked" and action.why_unchecked is not None:
        return f"not checked: {action.why_unchecked}"
    verb = "is" if len(action.missing) == 1 else "are"
    if action.fate == "obsolete" and action.missing:
        return f"obsolete: {', '.join(action.missing)} {verb} no longer in the case" + "".join(
            f"; {later} was added in its place (if it is the same element, renamed "
            f"and changed, write id: {earlier.partition('.')[2]} on it)"
            for earlier, later in added_in_place(action.missing, comparison)
        )
    if action.fate == "unreported" and action.missing:
        return f"not reported in either version; {', '.join(action.missing)} {verb} not in the case"
    return {
        "resolved": "resolved",
        "obsolete": "obsolete",
        "still-resolved": "still resolved (not reported in either version)",
        "persisting": "persists",
        "new": "new since the earlier version",
        "misnamed": "not found",
        "unreported": "not reported in either version",
        "unchecked": "not checked",
    }[action.fate]


def action_heading(action: ActionProgress, comparison: Comparison | None = None) -> str:
    """The heading of the group an action is listed under, by the fate of its finding;
    given the ``comparison``, one whose rule only one version leaves out is under
    ``Not checked (the earlier version's case file leaves the rule out)`` or the later
    version's."""
    if (whose := left_out_by(action, comparison)) is not None:
        return f"Not checked ({whose} leaves the rule out)"
    if action.fate == "unchecked" and action.unchecked_because is not None:
        return UNCHECKED_HEADINGS[action.unchecked_because]
    return FATE_HEADINGS[action.fate]


def grouped_actions(comparison: Comparison) -> Iterator[tuple[str, list[ActionProgress]]]:
    """Actions under their heading (:func:`action_heading`), in the order of
    :data:`FINDING_FATES`."""
    groups: dict[str, list[ActionProgress]] = {}
    for fate in FINDING_FATES:
        for action in comparison.actions:
            if action.fate == fate:
                groups.setdefault(action_heading(action, comparison), []).append(action)
    yield from groups.items()


def element_groups(comparison: Comparison) -> Iterator[tuple[str, list[ElementChange]]]:
    """Element changes by system id, in order."""
    systems: dict[str, list[ElementChange]] = {}
    for change in comparison.elements:
        systems.setdefault(change.system, []).append(change)
    yield from systems.items()


# -- plain text -------------------------------------------------------------------------


def _text_finding(finding: Finding, previous: PersistingFinding | None = None) -> list[str]:
    level = f", {finding.level}" if finding.level else ""
    if previous is not None and previous.level_was is not None:
        level += f" (was {previous.level_was})"
    was = ""
    if previous is not None and previous.previous.severity != finding.severity:
        was = f", was {previous.previous.severity.upper()}"

    head = (
        f"{finding.severity.upper()} {plain(finding.rule)} {plain(finding.name)}{level} "
        f"({plain(finding.key)}{was})"
    )
    lines = [*_wrapped(head, "  ", "     "), *_wrapped(finding.message, "     ")]
    if previous is not None and previous.carried is not None:
        carried = previous.carried
        lines += _wrapped(f"{carried[:1].upper()}{carried[1:]}.", "     ")
    return lines


def _text_change(change: ItemChange, indent: str) -> list[str]:
    earlier = previous_id(change)
    shown_id = change.id if earlier is None else f"{earlier} → {change.id}"
    line = f"{_CHANGE_MARKS[change.change]} {shown_id} “{change.label}”"
    if isinstance(change, ElementChange) and change.previous_label is not None:
        line += f" (was “{change.previous_label}”)"
    differences = shown_differences(change)
    if earlier is not None:
        line += f": {describe_change(change)}"
    elif change.fields and not differences:
        line += f": {', '.join(change.fields)}"
    lines = _wrapped(line, indent, indent + "  ")
    for difference in differences:
        lines += _wrapped(describe_difference(difference), indent + "    ", indent + "      ")
    note = in_place_note(change)
    if note is not None:
        lines += _wrapped(note, indent + "    ", indent + "      ")
    return lines


def comparison_text(
    comparison: Comparison, *, width: int = TEXT_WIDTH, persisting: int | None = None
) -> str:
    """The comparison as plain text for a terminal, wrapped at ``width`` columns (see
    :func:`~activity_systems.rules.report_text.text_width`). The right-to-left texts of
    the two versions it was made from, if any, are isolated (see
    :mod:`activity_systems.right_to_left`). With ``persisting`` (``compare`` gives
    :data:`PERSISTING_SHOWN`), at most that many persisting findings are listed, and the
    rest counted (:func:`persisting_left_out`); a comparison with no more than that many
    reads as without it, byte for byte.

    Raises:
        ArgumentError: (a ``ValueError``) for a ``persisting`` that is not a whole
            number, 0 or more.
    """
    if persisting is not None and (
        isinstance(persisting, bool) or not isinstance(persisting, int) or persisting < 0
    ):
        raise ArgumentError(
            f"persisting must be a whole number of findings, 0 or more, not {persisting!r}"
        )
    with wrapping_at(width):
        return _comparison_text(comparison, persisting)


def _comparison_text(comparison: Comparison, limit: int | None = None) -> str:
    out = [
        *_wrapped(f"Progress since {comparison.before}", "", "  "),
        *_wrapped(f"Now: {comparison.after}", "", "  "),
        *_wrapped(summary(comparison), ""),
    ]
    if comparison.actions:
        out += _wrapped(action_summary(comparison), "")
    # past ``limit``, the persisting findings are counted, not written out at all
    listed = comparison.persisting if limit is None else comparison.persisting[:limit]
    groups: list[tuple[str, int, list[list[str]], str]] = [
        ("Resolved", len(comparison.resolved), [_text_finding(f) for f in comparison.resolved], ""),
        (
            "Persisting",
            len(comparison.persisting),
            [_text_finding(p.finding, p) for p in listed],
            persisting_left_out(comparison.persisting, len(listed)),
        ),
        ("New", len(comparison.new), [_text_finding(f) for f in comparison.new], ""),
        (
            UNASSESSED_HEADING,
            len(comparison.unassessed),
            [_text_finding(f) for f in comparison.unassessed],
            "",
        ),
    ]
    for title, count, blocks, cut in groups:
        if count:
            out += ["", *_wrapped(f"{title} ({count})", "")]
            out += [line for block in blocks for line in block]
            if cut:
                out += _wrapped(cut, "  ", "    ")
    if comparison.integration:
        out += ["", *_wrapped("Integration (Scale of Organisational Integration)", "")]
        for move in comparison.integration:
            out += _wrapped(f"{' and '.join(move.between)}: {_levels_text(move)}", "  ", "    ")
    if comparison.systems or comparison.elements or comparison.exchanges:
        out += ["", "Changes"]
        if comparison.systems:
            out.append("  Systems")
            out += [line for c in comparison.systems for line in _text_change(c, "    ")]
        for system_id, changes in element_groups(comparison):
            out += _wrapped(f"{system_id}: {comparison.system_title(system_id)}", "  ", "    ")
            node = None
            for change in changes:
                if change.node != node:
                    node = change.node
                    out.append(f"    {NODE_TITLES[node]}")
                out += _text_change(change, "      ")
        if comparison.exchanges:
            out.append("  Exchanges")
            out += [line for c in comparison.exchanges for line in _text_change(c, "    ")]
    if comparison.actions:
        out += ["", f"Actions ({len(comparison.actions)})"]
        for heading, actions in grouped_actions(comparison):
            out += _wrapped(heading, "  ", "    ")
            for action in actions:
                out += _wrapped(f"* {action.strategy}", "    ", "      ")
                details = [describe_status(action), action.finding_key]
                if action.probably_means is not None:
                    details.append(describe_fate(action))
                elif action.fate == "obsolete" and action.missing:
                    details.append(describe_fate(action, comparison).removeprefix("obsolete: "))
                elif action.fate == "unreported" and action.missing:
                    details.append(describe_fate(action).partition("; ")[2])
                elif action.fate == "unchecked" and action.unchecked_because == "unknown-rule":
                    details.append(describe_fate(action).removeprefix("not checked: "))
                if action.owner:
                    details.append(action.owner)
                if action.review:
                    details.append(f"review {action.review.isoformat()}")
                out += _wrapped(" · ".join(details), "      ")
                if action.differences:
                    out += _wrapped(f"was: {describe_edits(action)}", "      ", "        ")
                if action.note:
                    out += _wrapped(f"Note: {action.note}", "      ")
    if comparison.rules_failed:
        count = len(comparison.rules_failed)
        out += ["", f"Rules that failed, left out of the comparison ({count})"]
        for failure in comparison.rules_failed:
            out += _wrapped(f"{failure.rule} ({failure.version}): {failure.error}", "  ")
    if left := comparison_left_out_line(comparison):
        out += ["", *_wrapped(left, "")]
    text = "\n".join(out)
    texts = texts_of(*cases_of(comparison), shown_in=text)
    return isolate_text(text, with_names(texts, comparison.before, comparison.after)) + "\n"


def comparison_left_out_line(comparison: Comparison) -> str:
    """The one line naming the rules the case file of either version leaves out (left
    out of both), as a report's text names its case's: ``Left out for this case: AS301
    value-tension (by the later version: …; …).``; empty when neither leaves one out."""
    if not comparison.left_out:
        return ""
    return left_out_line(", ".join(left.said for left in comparison.left_out))


def _levels_text(move: IntegrationMove) -> str:
    if move.before is None or move.after is None:
        present = move.after or move.before
        assert present is not None
        return f"{describe_move(move)}: {present.current.value} (desired: {present.desired.value})"
    return (
        f"{move.before.current.value} → {move.after.current.value} "
        f"(desired: {move.after.desired.value}): {describe_move(move)}"
    )


def move_cells(move: IntegrationMove) -> list[str]:
    """Before, now, desired and the move, for a table row (levels are fixed words)."""
    present = move.after or move.before
    assert present is not None
    return [
        move.before.current.value if move.before else "not assessed",
        move.after.current.value if move.after else "not assessed",
        present.desired.value,
        describe_move(move),
    ]
