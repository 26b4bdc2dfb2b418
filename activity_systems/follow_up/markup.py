"""Comparisons as Markdown and HTML. User text is escaped for each format; the
Markdown's as the handouts' (see :mod:`activity_systems.markdown_escaping`)."""

from __future__ import annotations

import html
from collections.abc import Iterator

from activity_systems.follow_up.comparison import (
    ActionProgress,
    Comparison,
    ElementChange,
    IntegrationMove,
    ItemChange,
    PersistingFinding,
)
from activity_systems.follow_up.text import (
    UNASSESSED_HEADING,
    action_summary,
    and_more,
    comparison_left_out_line,
    describe_change,
    describe_difference,
    describe_edits,
    describe_fate,
    describe_status,
    element_groups,
    in_place_note,
    move_cells,
    previous_id,
    shown_differences,
    summary,
)
from activity_systems.markdown_escaping import escape_line
from activity_systems.model.system import NODE_TITLES
from activity_systems.right_to_left import isolate_markdown, texts_of, with_names
from activity_systems.right_to_left_html import isolate_right_to_left
from activity_systems.rules.finding import Finding
from activity_systems.rules.made_from import cases_of

# -- Markdown ---------------------------------------------------------------------------


def _md_code(text: str) -> str:
    if "`" in text or text != " ".join(text.split()) or not text:
        return escape_line(text)
    return f"`{text}`"


def _md_finding(finding: Finding, previous: PersistingFinding | None = None) -> str:
    e = escape_line
    level = f" · {finding.level}" if finding.level else ""
    if previous is not None and previous.level_was is not None:
        level += f" (was {previous.level_was})"
    severity: str = finding.severity
    if previous is not None and previous.previous.severity != finding.severity:
        severity += f" (was {previous.previous.severity})"
    carried = f"; {e(previous.carried)}" if previous is not None and previous.carried else ""
    return (
        f"- **{e(finding.rule)} {e(finding.name)}**{level} · {severity}: "
        f"{e(finding.message)} ({_md_code(finding.key)}{carried})"
    )


def _md_cell(text: str) -> str:
    return escape_line(text) or " "


def _summaries(comparison: Comparison, *, grouped: bool = False) -> str:
    """The counts of findings, and of actions by status when there are any, on one line
    as the handout's progress section gives them (the text gives them on two);
    ``grouped`` with a comma between thousands, as a notebook's view writes them."""
    said = summary(comparison, grouped=grouped)
    if not comparison.actions:
        return said
    return f"{said} {action_summary(comparison, grouped=grouped)}"


def comparison_markdown(comparison: Comparison, *, heading_level: int = 1) -> str:
    """The comparison as Markdown; ``heading_level`` is the level of its title. The
    right-to-left texts of the two versions it was made from, if any, are isolated (see
    :mod:`activity_systems.right_to_left`)."""
    h = "#" * heading_level
    sub = "#" * (heading_level + 1)
    e = escape_line
    out = [
        f"{h} Progress since {e(comparison.before)}",
        "",
        f"Now: {e(comparison.after)}. {_summaries(comparison)}",
        "",
    ]
    groups: list[tuple[str, list[str]]] = [
        ("Resolved", [_md_finding(f) for f in comparison.resolved]),
        ("Persisting", [_md_finding(p.finding, p) for p in comparison.persisting]),
        ("New", [_md_finding(f) for f in comparison.new]),
        (UNASSESSED_HEADING, [_md_finding(f) for f in comparison.unassessed]),
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
            cells = [_md_cell(" and ".join(move.between)), *move_cells(move)]
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
            strategy = _md_cell(action.strategy)
            if action.differences:
                strategy += f"<br>was: {escape_line(describe_edits(action))}"
            if action.note:
                strategy += f"<br>Note: {escape_line(action.note)}"
            out.append(
                f"| {strategy} | {_md_cell(action.owner or '')} | {review} | "
                f"{describe_status(action)} | {_md_code(action.finding_key)} "
                f"{_md_cell(describe_fate(action, comparison))} |"
            )
        out.append("")
    if comparison.rules_failed:
        out += [f"{sub} Rules that failed ({len(comparison.rules_failed)})", ""]
        out += [f"- **{e(f.rule)}** ({f.version}): {e(f.error)}" for f in comparison.rules_failed]
        out.append("")
    if left := comparison_left_out_line(comparison):
        out += [e(left), ""]
    markdown = "\n".join(out).rstrip("\n")
    texts = texts_of(*cases_of(comparison), shown_in=markdown)
    names = with_names(texts, comparison.before, comparison.after)
    return isolate_markdown(markdown, names) + "\n"


def _md_change_tables(comparison: Comparison) -> Iterator[tuple[str, list[str]]]:
    def rows(changes: list[ItemChange] | list[ElementChange], node: bool) -> list[str]:
        header = "| Node | Id | Label | Change |" if node else "| Id | Label | Change |"
        lines = [header, "|---|---|---|---|" if node else "|---|---|---|"]
        for change in changes:
            what = "<br>".join(
                [describe_change(change)]
                + [escape_line(describe_difference(d)) for d in shown_differences(change)]
                + [escape_line(note) for note in [in_place_note(change)] if note is not None]
            )
            label = _md_cell(change.label)
            if isinstance(change, ElementChange) and change.previous_label is not None:
                label += f" (was {_md_cell(change.previous_label)})"
            earlier = previous_id(change)
            shown_id = _md_code(change.id)
            if earlier is not None:
                shown_id = f"{_md_code(earlier)} → {shown_id}"
            cells = [shown_id, label, what]
            if isinstance(change, ElementChange) and node:
                cells.insert(0, NODE_TITLES[change.node])
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    if comparison.systems:
        yield "Systems", rows(list(comparison.systems), node=False)
    for system_id, changes in element_groups(comparison):
        title = f"{system_id}: {comparison.system_title(system_id)}"
        yield escape_line(title), rows(changes, node=True)
    if comparison.exchanges:
        yield "Exchanges", rows(list(comparison.exchanges), node=False)


# -- HTML -------------------------------------------------------------------------------


def _html_finding(finding: Finding, previous: PersistingFinding | None = None) -> str:
    e = html.escape
    level = f" · {e(finding.level)}" if finding.level else ""
    if previous is not None and previous.level_was is not None:
        level += f" (was {e(previous.level_was)})"
    severity = e(finding.severity)
    if previous is not None and previous.previous.severity != finding.severity:
        severity += f" (was {e(previous.previous.severity)})"
    carried = f" ({e(previous.carried)})" if previous is not None and previous.carried else ""
    return (
        f"<li><b>{e(finding.rule)} {e(finding.name)}</b>{level} · {severity}: "
        f"{e(finding.message)} {_key(finding.key)}{carried}</li>"
    )


def _key(key: str) -> str:
    """A finding's key as code kept on one line: a narrow column broke it at its hyphen,
    ``AS301-`` above ``dd790274b9``, a key to copy or search for read as two words.
    Inline, as a notebook JupyterLab does not trust drops a stylesheet."""
    return f'<code style="white-space: nowrap">{html.escape(key)}</code>'


# JupyterLab's and the classic Notebook's stylesheets (and nbconvert's HTML, which ships
# them) align every table cell right and to the middle of its row, for columns of
# numbers; a comparison's cells are text (strategies, labels, what changed), which reads
# from the left, and a long one runs over lines beside short ones. Inline, as a
# notebook it does not trust drops a stylesheet; where styles are dropped altogether
# (GitHub), the viewer's own alignment, left, stands.
_CELL = ' style="text-align: left; vertical-align: top"'


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th{_CELL}>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td{_CELL}>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _more(count: int, what: str, held: str) -> str:
    """What a notebook's view of a long comparison says under a list it cut: ``… and 3
    more changes`` (``what`` is in the singular for one: ``… and 1 more change``), the
    attributes that hold them all (``held``: they and their verb), and where they are
    all listed. The count has a comma between thousands, as the view's others."""
    return (
        f"<p><i>{and_more(count, what, grouped=True)}: the comparison's {held} them all, and "
        "<code>to_text()</code> lists them.</i></p>"
    )


def comparison_html(
    comparison: Comparison, *, heading_level: int = 3, limit: int | None = None
) -> str:
    """The comparison as an HTML fragment (notebooks, handouts); all text escaped, and
    the right-to-left texts of the versions it was made from in ``<bdi>``. With
    ``limit``, each group of findings, the table of integration (the pairs whose level
    moved first) and the table of changes show at most that many, and say how many
    more they hold (a notebook's view of two versions of a large map). As a decision,
    ``limit=0`` shows none of them: each group's heading with its count and the
    "… and N more" line, no list or table (the counts alone); a negative ``limit`` is
    refused. Its counts have a comma between thousands ("Persisting (2,358)"), as a
    report's notebook view has; the text and Markdown keep their digits ungrouped.

    Raises:
        ValueError: for a ``limit`` below 0.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    e = html.escape
    h, sub = f"h{heading_level}", f"h{min(heading_level + 1, 6)}"
    out = [
        '<div class="activity-systems-comparison">',
        f"<{h}>Progress since {e(comparison.before)}</{h}>",
        f"<p>Now: {e(comparison.after)}. {e(_summaries(comparison, grouped=True))}</p>",
    ]
    groups: list[tuple[str, str, list[str]]] = [
        ("Resolved", "resolved", [_html_finding(f) for f in comparison.resolved]),
        (
            "Persisting",
            "persisting",
            [_html_finding(p.finding, p) for p in comparison.persisting],
        ),
        ("New", "new", [_html_finding(f) for f in comparison.new]),
        (UNASSESSED_HEADING, "unassessed", [_html_finding(f) for f in comparison.unassessed]),
    ]
    for title, attribute, items in groups:
        if items:
            shown = items if limit is None else items[:limit]
            out.append(f"<{sub}>{title} ({len(items):,})</{sub}>")
            if shown:
                out += ["<ul>", *shown, "</ul>"]
            if len(shown) < len(items):
                out.append(_more(len(items) - len(shown), "", f"<code>{attribute}</code> holds"))
    if comparison.integration:
        moves = list(comparison.integration)
        if limit is not None and len(moves) > limit:
            # As a decision, the pairs whose level moved (or that were assessed, or no
            # longer are) come first, in the table's order, then those that did not: a
            # regional map's table holds a pair for each neighbour, nearly all unchanged.
            moves.sort(key=lambda move: move.direction == "unchanged")
            moves = moves[:limit]
        out.append(f"<{sub}>Integration</{sub}>")
        if moves:
            out.append(
                _html_table(
                    ["Systems", "Before", "Now", "Desired", "Move"],
                    [_html_move(move) for move in moves],
                )
            )
        if len(moves) < len(comparison.integration):
            more = len(comparison.integration) - len(moves)
            # the pairs that moved come first: when the last one shown did not move, none
            # of those left out did; with none shown, it is whether none of them moved
            unmoved = (
                moves[-1].direction == "unchanged"
                if moves
                else all(move.direction == "unchanged" for move in comparison.integration)
            )
            still = ""
            if unmoved:
                still = ", whose level did not move" if more == 1 else ", none of whose level moved"
            pairs = " pair" if more == 1 else " pairs"
            out.append(_more(more, f"{pairs}{still}", "<code>integration</code> holds"))
    if comparison.systems or comparison.elements or comparison.exchanges:
        out.append(f"<{sub}>Changes</{sub}>")
        rows = [_html_change("system", c) for c in comparison.systems]
        rows += [_html_change(e(comparison.system_title(c.system)), c) for c in comparison.elements]
        rows += [_html_change("exchange", c) for c in comparison.exchanges]
        shown_rows = rows if limit is None else rows[:limit]
        if shown_rows:
            out.append(_html_table(["Where", "Id", "Label", "Change"], shown_rows))
        if len(shown_rows) < len(rows):
            held = "<code>systems</code>, <code>elements</code> and <code>exchanges</code> hold"
            cut = len(rows) - len(shown_rows)
            out.append(_more(cut, " change" if cut == 1 else " changes", held))
    if comparison.actions:
        out.append(f"<{sub}>Actions ({len(comparison.actions):,})</{sub}>")
        out.append(
            _html_table(
                ["Strategy", "Owner", "Review", "Status", "Finding"],
                [_html_action(action, comparison) for action in comparison.actions],
            )
        )
    if comparison.rules_failed:
        out.append(f"<{sub}>Rules that failed ({len(comparison.rules_failed):,})</{sub}><ul>")
        out += [
            f"<li><b>{e(f.rule)}</b> ({e(f.version)}): {e(f.error)}</li>"
            for f in comparison.rules_failed
        ]
        out.append("</ul>")
    if left := comparison_left_out_line(comparison):
        out.append(f"<p>{e(left)}</p>")
    out.append("</div>")
    return _isolated_html("\n".join(out), comparison) + "\n"


def _isolated_html(page: str, comparison: Comparison) -> str:
    """``page`` with the right-to-left texts of the versions ``comparison`` was made
    from, if any, each in a ``<bdi>``, as the HTML handout has them."""
    cases = cases_of(comparison)
    language = cases[-1].language if cases else None  # the later version's
    texts = with_names(texts_of(*cases, shown_in=page), comparison.before, comparison.after)
    return isolate_right_to_left(page, texts, language)


def _html_move(move: IntegrationMove) -> list[str]:
    return [html.escape(" and ".join(move.between)), *map(html.escape, move_cells(move))]


def _html_change(where: str, change: ItemChange) -> list[str]:
    e = html.escape
    if isinstance(change, ElementChange):
        where = f"{where} · {e(NODE_TITLES[change.node])}"
    label = e(change.label)
    if isinstance(change, ElementChange) and change.previous_label is not None:
        label += f" (was {e(change.previous_label)})"
    what = "<br>".join(
        [e(describe_change(change))]
        + [e(describe_difference(d)) for d in shown_differences(change)]
        + [e(note) for note in [in_place_note(change)] if note is not None]
    )
    shown_id = f"<code>{e(change.id)}</code>"
    earlier = previous_id(change)
    if earlier is not None:
        shown_id = f"<code>{e(earlier)}</code> → {shown_id}"
    return [where, shown_id, label, what]


def _html_action(action: ActionProgress, comparison: Comparison) -> list[str]:
    e = html.escape
    was = f"<br><small>was: {e(describe_edits(action))}</small>" if action.differences else ""
    note = f"<br><small>Note: {e(action.note)}</small>" if action.note else ""
    return [
        e(action.strategy) + was + note,
        e(action.owner or ""),
        # a date broke at its hyphens beside a long strategy ("2026-12-" over "01")
        f'<span style="white-space: nowrap">{action.review.isoformat()}</span>'
        if action.review
        else "",
        e(describe_status(action)),
        f"{_key(action.finding_key)} {e(describe_fate(action, comparison))}",
    ]
