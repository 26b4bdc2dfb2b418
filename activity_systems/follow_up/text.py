"""Comparisons as plain text, Markdown and HTML. User text is escaped for each format.

>>> from activity_systems.model.relations import IntegrationAssessment as SOI
>>> move = IntegrationMove(between=("court", "local"), direction="towards", steps=1,
...     before=SOI(between=("court", "local"), current="linkage", desired="cooperation"),
...     after=SOI(between=("court", "local"), current="coordination", desired="cooperation"))
>>> describe_move(move)
'moved towards the desired level, 1 level to go'
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator

from activity_systems.follow_up.comparison import (
    FINDING_FATES,
    ActionProgress,
    Comparison,
    ElementChange,
    FindingFate,
    IntegrationMove,
    ItemChange,
)
from activity_systems.model.actions import ACTION_STATUSES
from activity_systems.model.system import NODE_TITLES
from activity_systems.rules.finding import Finding
from activity_systems.rules.report_text import escape_markdown

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WIDTH = 88

#: Headings of the action groups, by the fate of the finding.
FATE_HEADINGS: dict[FindingFate, str] = {
    "resolved": "Finding resolved",
    "obsolete": "Finding obsolete (its elements are gone)",
    "persisting": "Finding persists",
    "new": "Finding new since the earlier version",
    "unchecked": "Not checked (the rule failed)",
}
_CHANGE_MARKS = {"added": "+", "removed": "-", "changed": "~"}


def _plain(text: str) -> str:
    return _CONTROL.sub("", " ".join(text.split()))


def _levels(n: int) -> str:
    return f"{n} level{'s' if n != 1 else ''}"


def describe_move(move: IntegrationMove) -> str:
    """A phrase for how a pair's integration moved, e.g. ``moved towards the desired level,
    1 level to go``."""
    if move.direction == "new":
        return "assessed for the first time"
    if move.direction == "removed":
        return "no longer assessed"
    remaining = move.remaining or 0
    to_go = "desired level reached" if remaining == 0 else f"{_levels(remaining)} to go"
    phrase = {
        "towards": f"moved towards the desired level, {to_go}",
        "away": f"moved away from the desired level, {to_go}",
        "across": f"moved past the desired level, {to_go}",
        "unchanged": f"no move, {to_go}",
    }[move.direction]
    if move.before and move.after and move.before.desired != move.after.desired:
        phrase += f" (desired level was {move.before.desired.value})"
    return phrase


def summary(comparison: Comparison) -> str:
    """``6 findings resolved, 4 persisting, 1 new.``"""
    counts = comparison.counts()
    resolved = counts["resolved"]
    return (
        f"{resolved} finding{'s' if resolved != 1 else ''} resolved, "
        f"{counts['persisting']} persisting, {counts['new']} new."
    )


def action_summary(comparison: Comparison) -> str:
    """``7 actions: 5 done, 1 in-progress, 1 planned.`` (statuses in the later version)."""
    counts: dict[str, int] = {}
    for action in comparison.actions:
        status = action.status or "no longer in the plan"
        counts[status] = counts.get(status, 0) + 1
    order = [*ACTION_STATUSES, "no longer in the plan"]
    parts = [f"{counts[status]} {status}" for status in order if status in counts]
    total = len(comparison.actions)
    return f"{total} action{'s' if total != 1 else ''}: {', '.join(parts)}."


def describe_status(action: ActionProgress) -> str:
    """``done (was planned)``, ``planned (new action)``, ``no longer in the plan``."""
    if action.status is None:
        return f"no longer in the plan (was {action.previous_status})"
    if action.previous_status is None:
        return f"{action.status} (new action)"
    if action.previous_status == action.status:
        return action.status
    return f"{action.status} (was {action.previous_status})"


def describe_fate(action: ActionProgress) -> str:
    """``resolved``, ``obsolete: local.x is no longer in the case``, ``persists``..."""
    if action.fate == "obsolete" and action.missing:
        gone = ", ".join(action.missing)
        verb = "is" if len(action.missing) == 1 else "are"
        return f"obsolete: {gone} {verb} no longer in the case"
    return {
        "resolved": "resolved",
        "obsolete": "obsolete",
        "persisting": "persists",
        "new": "new since the earlier version",
        "unchecked": "not checked: its rule failed",
    }[action.fate]


def _grouped_actions(comparison: Comparison) -> Iterator[tuple[FindingFate, list[ActionProgress]]]:
    for fate in FINDING_FATES:
        members = [a for a in comparison.actions if a.fate == fate]
        if members:
            yield fate, members


def _element_groups(comparison: Comparison) -> Iterator[tuple[str, list[ElementChange]]]:
    systems: dict[str, list[ElementChange]] = {}
    for change in comparison.elements:
        systems.setdefault(change.system, []).append(change)
    yield from systems.items()


# -- plain text -------------------------------------------------------------------------


def _wrapped(text: str, indent: str, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(
        _plain(text),
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _text_finding(finding: Finding, previous: Finding | None = None) -> list[str]:
    level = f", {finding.level}" if finding.level else ""
    was = ""
    if previous is not None and previous.severity != finding.severity:
        was = f", was {previous.severity.upper()}"
    head = (
        f"  {finding.severity.upper()} {_plain(finding.rule)} {_plain(finding.name)}{level} "
        f"({_plain(finding.key)}{was})"
    )
    return [head, *_wrapped(finding.message, "     ")]


def _text_change(change: ItemChange, indent: str) -> list[str]:
    line = f"{_CHANGE_MARKS[change.change]} {change.id} “{change.label}”"
    if isinstance(change, ElementChange) and change.previous_label is not None:
        line += f" (was “{change.previous_label}”)"
    if change.fields:
        line += f": {', '.join(change.fields)}"
    return _wrapped(line, indent, indent + "  ")


def comparison_text(comparison: Comparison) -> str:
    """The comparison as plain text for a terminal."""
    out = [
        *_wrapped(f"Progress since {comparison.before}", "", "  "),
        *_wrapped(f"Now: {comparison.after}", "", "  "),
        summary(comparison),
    ]
    if comparison.actions:
        out.append(action_summary(comparison))
    groups: list[tuple[str, list[list[str]]]] = [
        ("Resolved", [_text_finding(f) for f in comparison.resolved]),
        ("Persisting", [_text_finding(p.finding, p.previous) for p in comparison.persisting]),
        ("New", [_text_finding(f) for f in comparison.new]),
    ]
    for title, blocks in groups:
        if blocks:
            out += ["", f"{title} ({len(blocks)})"]
            out += [line for block in blocks for line in block]
    if comparison.integration:
        out += ["", "Integration (Scale of Organisational Integration)"]
        for move in comparison.integration:
            out += _wrapped(f"{' and '.join(move.between)}: {_levels_text(move)}", "  ", "    ")
    if comparison.systems or comparison.elements or comparison.exchanges:
        out += ["", "Changes"]
        if comparison.systems:
            out.append("  Systems")
            out += [line for c in comparison.systems for line in _text_change(c, "    ")]
        for system_id, changes in _element_groups(comparison):
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
        for fate, actions in _grouped_actions(comparison):
            out.append(f"  {FATE_HEADINGS[fate]}")
            for action in actions:
                out += _wrapped(f"* {action.strategy}", "    ", "      ")
                details = [describe_status(action), action.finding_key]
                if action.fate == "obsolete" and action.missing:
                    details.append(describe_fate(action).removeprefix("obsolete: "))
                if action.owner:
                    details.append(action.owner)
                if action.review:
                    details.append(f"review {action.review.isoformat()}")
                out += _wrapped(" · ".join(details), "      ")
    if comparison.rules_failed:
        count = len(comparison.rules_failed)
        out += ["", f"Rules that failed, left out of the comparison ({count})"]
        for failure in comparison.rules_failed:
            out += _wrapped(f"{failure.rule} ({failure.version}): {failure.error}", "  ")
    return "\n".join(out) + "\n"


def _levels_text(move: IntegrationMove) -> str:
    if move.before is None or move.after is None:
        present = move.after or move.before
        assert present is not None
        return f"{describe_move(move)}: {present.current.value} (desired: {present.desired.value})"
    return (
        f"{move.before.current.value} → {move.after.current.value} "
        f"(desired: {move.after.desired.value}): {describe_move(move)}"
    )


def _move_cells(move: IntegrationMove) -> list[str]:
    """Before, now, desired and the move, for a table row (levels are fixed words)."""
    present = move.after or move.before
    assert present is not None
    return [
        move.before.current.value if move.before else "not assessed",
        move.after.current.value if move.after else "not assessed",
        present.desired.value,
        describe_move(move),
    ]


# -- Markdown ---------------------------------------------------------------------------


def _md_code(text: str) -> str:
    if "`" in text or text != " ".join(text.split()) or not text:
        return escape_markdown(text)
    return f"`{text}`"


def _md_finding(finding: Finding, previous: Finding | None = None) -> str:
    e = escape_markdown
    level = f" · {finding.level}" if finding.level else ""
    severity: str = finding.severity
    if previous is not None and previous.severity != finding.severity:
        severity += f" (was {previous.severity})"
    return (
        f"- **{e(finding.rule)} {e(finding.name)}**{level} · {severity}: "
        f"{e(finding.message)} ({_md_code(finding.key)})"
    )


def _md_cell(text: str) -> str:
    return escape_markdown(text) or " "


def comparison_markdown(comparison: Comparison, *, heading_level: int = 1) -> str:
    """The comparison as Markdown; ``heading_level`` is the level of its title."""
    h = "#" * heading_level
    sub = "#" * (heading_level + 1)
    e = escape_markdown
    out = [
        f"{h} Progress since {e(comparison.before)}",
        "",
        f"Now: {e(comparison.after)}. {summary(comparison)}",
        "",
    ]
    groups: list[tuple[str, list[str]]] = [
        ("Resolved", [_md_finding(f) for f in comparison.resolved]),
        ("Persisting", [_md_finding(p.finding, p.previous) for p in comparison.persisting]),
        ("New", [_md_finding(f) for f in comparison.new]),
    ]
    for title, lines in groups:
        if lines:
            out += [f"{sub} {title} ({len(lines)})", "", *lines, ""]
    if comparison.integration:
        out += [
            f"{sub} Integration",
            "",
            "| Systems | Before | Now | Desired | Move |",
            "|---|---|---|---|---|",
        ]
        for move in comparison.integration:
            cells = [_md_cell(" and ".join(move.between)), *_move_cells(move)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if comparison.systems or comparison.elements or comparison.exchanges:
        out += [f"{sub} Changes", ""]
        for title, rows in _md_change_tables(comparison):
            out += [f"**{title}**", "", *rows, ""]
    if comparison.actions:
        out += [
            f"{sub} Actions ({len(comparison.actions)})",
            "",
            "| Strategy | Owner | Review | Status | Finding |",
            "|---|---|---|---|---|",
        ]
        for action in comparison.actions:
            review = action.review.isoformat() if action.review else " "
            out.append(
                f"| {_md_cell(action.strategy)} | {_md_cell(action.owner or '')} | {review} | "
                f"{describe_status(action)} | {_md_code(action.finding_key)} "
                f"{_md_cell(describe_fate(action))} |"
            )
        out.append("")
    if comparison.rules_failed:
        out += [f"{sub} Rules that failed ({len(comparison.rules_failed)})", ""]
        out += [f"- **{e(f.rule)}** ({f.version}): {e(f.error)}" for f in comparison.rules_failed]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_change_tables(comparison: Comparison) -> Iterator[tuple[str, list[str]]]:
    def rows(changes: list[ItemChange] | list[ElementChange], node: bool) -> list[str]:
        header = "| Node | Id | Label | Change |" if node else "| Id | Label | Change |"
        lines = [header, "|---|---|---|---|" if node else "|---|---|---|"]
        for change in changes:
            what: str = change.change
            if change.fields:
                what += f": {', '.join(change.fields)}"
            label = _md_cell(change.label)
            if isinstance(change, ElementChange) and change.previous_label is not None:
                label += f" (was {_md_cell(change.previous_label)})"
            cells = [_md_code(change.id), label, what]
            if isinstance(change, ElementChange) and node:
                cells.insert(0, NODE_TITLES[change.node])
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    if comparison.systems:
        yield "Systems", rows(list(comparison.systems), node=False)
    for system_id, changes in _element_groups(comparison):
        title = f"{system_id}: {comparison.system_title(system_id)}"
        yield escape_markdown(title), rows(changes, node=True)
    if comparison.exchanges:
        yield "Exchanges", rows(list(comparison.exchanges), node=False)


# -- HTML -------------------------------------------------------------------------------


def _html_finding(finding: Finding, previous: Finding | None = None) -> str:
    e = html.escape
    level = f" · {e(finding.level)}" if finding.level else ""
    severity = e(finding.severity)
    if previous is not None and previous.severity != finding.severity:
        severity += f" (was {e(previous.severity)})"
    return (
        f"<li><b>{e(finding.rule)} {e(finding.name)}</b>{level} · {severity}: "
        f"{e(finding.message)} <code>{e(finding.key)}</code></li>"
    )


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def comparison_html(comparison: Comparison, *, heading_level: int = 3) -> str:
    """The comparison as an HTML fragment (notebooks, handouts); all text escaped."""
    e = html.escape
    h, sub = f"h{heading_level}", f"h{min(heading_level + 1, 6)}"
    out = [
        '<div class="activity-systems-comparison">',
        f"<{h}>Progress since {e(comparison.before)}</{h}>",
        f"<p>Now: {e(comparison.after)}. {e(summary(comparison))}</p>",
    ]
    groups: list[tuple[str, list[str]]] = [
        ("Resolved", [_html_finding(f) for f in comparison.resolved]),
        ("Persisting", [_html_finding(p.finding, p.previous) for p in comparison.persisting]),
        ("New", [_html_finding(f) for f in comparison.new]),
    ]
    for title, items in groups:
        if items:
            out += [f"<{sub}>{title} ({len(items)})</{sub}>", "<ul>", *items, "</ul>"]
    if comparison.integration:
        out.append(f"<{sub}>Integration</{sub}>")
        out.append(
            _html_table(
                ["Systems", "Before", "Now", "Desired", "Move"],
                [_html_move(move) for move in comparison.integration],
            )
        )
    if comparison.systems or comparison.elements or comparison.exchanges:
        out.append(f"<{sub}>Changes</{sub}>")
        rows = [_html_change("system", c) for c in comparison.systems]
        rows += [_html_change(e(comparison.system_title(c.system)), c) for c in comparison.elements]
        rows += [_html_change("exchange", c) for c in comparison.exchanges]
        out.append(_html_table(["Where", "Id", "Label", "Change"], rows))
    if comparison.actions:
        out.append(f"<{sub}>Actions ({len(comparison.actions)})</{sub}>")
        out.append(
            _html_table(
                ["Strategy", "Owner", "Review", "Status", "Finding"],
                [_html_action(action) for action in comparison.actions],
            )
        )
    if comparison.rules_failed:
        out.append(f"<{sub}>Rules that failed ({len(comparison.rules_failed)})</{sub}><ul>")
        out += [
            f"<li><b>{e(f.rule)}</b> ({e(f.version)}): {e(f.error)}</li>"
            for f in comparison.rules_failed
        ]
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def _html_move(move: IntegrationMove) -> list[str]:
    return [html.escape(" and ".join(move.between)), *map(html.escape, _move_cells(move))]


def _html_change(where: str, change: ItemChange) -> list[str]:
    e = html.escape
    if isinstance(change, ElementChange):
        where = f"{where} · {e(NODE_TITLES[change.node])}"
    label = e(change.label)
    if isinstance(change, ElementChange) and change.previous_label is not None:
        label += f" (was {e(change.previous_label)})"
    what = e(change.change)
    if change.fields:
        what += ": " + e(", ".join(change.fields))
    return [where, f"<code>{e(change.id)}</code>", label, what]


def _html_action(action: ActionProgress) -> list[str]:
    e = html.escape
    return [
        e(action.strategy),
        e(action.owner or ""),
        e(action.review.isoformat()) if action.review else "",
        e(describe_status(action)),
        f"<code>{e(action.finding_key)}</code> {e(describe_fate(action))}",
    ]
