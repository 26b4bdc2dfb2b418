"""Reports as Markdown, plain text and HTML: findings grouped by level, with counts,
discussion prompts and competencies. User text is escaped for each format; the
Markdown's as the handouts' (see :mod:`activity_systems.markdown_escaping`).

>>> print(escape_markdown("*Court* [1] <b>|# (x) & co &amp; ~3 {pilot}"))
\\*Court\\* \\[1\\] &lt;b&gt;\\|\\# (x) & co &amp;amp; &#126;3 \\{pilot}
>>> print(escape_markdown("1. Reports"))
1\\. Reports
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from contextvars import ContextVar

from activity_systems.columns import wrap
from activity_systems.markdown_escaping import escape_line
from activity_systems.model.relations import LEVELS
from activity_systems.right_to_left import isolate_markdown, isolate_text, texts_of
from activity_systems.right_to_left_html import isolate_right_to_left
from activity_systems.rules.finding import SEVERITIES, Finding, Report
from activity_systems.rules.left_out import left_out_line, rules_said
from activity_systems.rules.made_from import made_from

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: The width the text report is wrapped at unless told another (``to_text(width=...)``).
TEXT_WIDTH = 88
#: The narrowest it is wrapped at: below that, an indented line would hold a word or two.
NARROWEST = 30
_width: ContextVar[int] = ContextVar("_width", default=TEXT_WIDTH)

_GROUP_TITLES = {
    "primary": "Primary contradictions",
    "secondary": "Secondary contradictions",
    "tertiary": "Tertiary contradictions",
    "quaternary": "Quaternary contradictions",
    "integration": "Integration",
    "completeness": "Completeness",
    "contradiction": "Contradictions without a level",
}


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written, on one line: see
    :func:`~activity_systems.markdown_escaping.escape_line`, which the handouts use too."""
    return escape_line(text)


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)


def _groups(report: Report) -> Iterator[tuple[str, list[tuple[int, Finding]]]]:
    """``(group, [(number, finding), ...])`` by level, then levelless by category."""
    # One pass over the findings, each put in its group (a finding without a level in
    # that of its category), then the groups in order: a pass for each group took seven
    # over a regional map's 40,000 findings.
    groups: dict[str, list[tuple[int, Finding]]] = {
        name: [] for name in (*LEVELS, "integration", "completeness", "contradiction")
    }
    for number, finding in enumerate(report.findings, start=1):
        group = groups.get(finding.level or finding.category)
        if group is not None:
            group.append((number, finding))
    for name, members in groups.items():
        if members:
            yield name, members


def _summary(report: Report, *, markdown: bool = False, grouped: bool = False) -> str:
    """The counts, and what a filtered report kept; in ``markdown``, the rules' and
    systems' names it keeps escaped, as a finding's text is (a report read back from
    JSON names them as it likes). ``grouped`` writes the numbers with a comma between
    thousands ("39,378 findings"), as the notebook's display does, in English like the
    library's other notes to a reader. As a decision, the text and Markdown reports keep
    their digits ungrouped ("39378 findings"), as they always wrote them: scripts and
    CI logs read them, and their golden files and readers' searches match them."""
    counts = report.counts()
    total = len(report.findings)
    note = report._selection_note(grouped=grouped)
    if markdown and note:
        note = escape_markdown(note)
    if not total:
        return " ".join(filter(None, ("No findings.", note)))
    n = grouped_count if grouped else str
    severity = ", ".join(f"{n(counts['by_severity'][s])} {s}" for s in SEVERITIES)
    levels = ", ".join(f"{n(counts['by_level'][level])} {level}" for level in LEVELS)
    none = n(counts["by_level"]["none"])
    return (
        f"{n(total)} finding{'s' if total != 1 else ''}: {severity}. "
        f"By level: {levels}; {none} without a level.{' ' + note if note else ''}"
    )


def grouped_count(number: int) -> str:
    """``number`` with a comma between thousands, as English writes it: the counts of a
    notebook's views (a report's, a comparison's).

    >>> grouped_count(39378), grouped_count(200)
    ('39,378', '200')
    """
    return f"{number:,}"


def _numbering_note(report: Report) -> str:
    """Why 9 may come before 5: numbers follow the report's order (severity first,
    then level, rule and key) and match the figures, while the listing groups by level.
    Empty when the listing runs in number order anyway."""
    listed = [number for _, members in _groups(report) for number, _ in members]
    if listed == sorted(listed):
        return ""
    return "Numbered by severity, most severe first, as on the figures; listed by level."


def _declared(finding: Finding) -> str:
    if not finding.declared:
        return ""
    return "declared and detected" if finding.detected else "declared by the participants"


def _competencies(finding: Finding) -> str:
    return ", ".join(finding.competency_labels)


# -- Markdown ---------------------------------------------------------------------------


def _code(text: str) -> str:
    if "`" in text or not text.strip() or text != " ".join(text.split()):
        return escape_markdown(text)
    return f"`{text}`"


def report_markdown(report: Report) -> str:
    """The report as Markdown: the right-to-left texts of the case it was made from, if
    any, isolated (see :mod:`activity_systems.right_to_left`)."""
    out = [
        f"# Contradictions: {escape_markdown(report.case)}",
        "",
        _summary(report, markdown=True),
        "",
    ]
    if note := _numbering_note(report):
        out += [note, ""]
    for group, members in _groups(report):
        out += [f"## {_GROUP_TITLES[group]} ({len(members)})", ""]
        for number, finding in members:
            out += _markdown_finding(number, finding)
    if report.rules_failed:
        out += [f"## Rules that failed ({len(report.rules_failed)})", ""]
        out += [
            f"- **{escape_markdown(f.rule)}**: {escape_markdown(f.error)}"
            for f in report.rules_failed
        ]
        out.append("")
    out += [f"Rules run: {', '.join(escape_markdown(r) for r in report.rules_run) or 'none'}."]
    if left := rules_said(report.left_out):
        out += ["", left_out_line(escape_markdown(left))]
    markdown = "\n".join(out)
    return isolate_markdown(markdown, texts_of(made_from(report), shown_in=markdown)) + "\n"


def _markdown_finding(number: int, finding: Finding) -> list[str]:
    title = f"### {number}. {escape_markdown(finding.rule)} {escape_markdown(finding.name)}"
    lines = [f"{title} · {finding.severity}", "", escape_markdown(finding.message), ""]
    if finding.explanation:
        lines += [escape_markdown(finding.explanation), ""]
    lines.append(f"- **Discuss:** {escape_markdown(finding.prompt)}")
    if finding.competencies:
        lines.append(f"- **Competencies:** {escape_markdown(_competencies(finding))}")
    if finding.declared:
        # a declared-only finding already explains itself with the participants' note
        note = finding.note if finding.note and finding.detected else None
        note_text = f": {escape_markdown(note)}" if note else ""
        lines.append(f"- **{_declared(finding).capitalize()}**{note_text}")
    lines.append(f"- **Elements:** {', '.join(_code(e) for e in finding.elements)}")
    lines.append(f"- **Key:** {_code(finding.key)}")
    return [*lines, ""]


# -- plain text -------------------------------------------------------------------------


def wrapped_lines(text: str, indent: str, hanging: str | None = None) -> list[str]:
    """``text`` on one line, without control characters, wrapped at the width of the
    text being made (see :func:`wrapping_at`): its first line after ``indent``, the
    others after ``hanging`` (``indent`` too, unless said).

    >>> with wrapping_at(30):
    ...     wrapped_lines("Progress since the first workshop of the court", "", "  ")
    ['Progress since the first', '  workshop of the court']
    """
    return wrap(_plain(" ".join(text.split())), _width.get(), indent, hanging)


def text_width(width: int) -> int:
    """``width`` as the text reports are wrapped at: at most :data:`TEXT_WIDTH` (a
    line longer than that is hard to follow), at least :data:`NARROWEST`.

    >>> text_width(40), text_width(200), text_width(5)
    (40, 88, 30)
    """
    return max(NARROWEST, min(TEXT_WIDTH, width))


@contextlib.contextmanager
def wrapping_at(width: int) -> Iterator[None]:
    """Wrap the text made inside the block (a report's, a comparison's) at ``width``
    columns, as :func:`text_width` takes it (see :func:`wrapped_lines`)."""
    token = _width.set(text_width(width))
    try:
        yield
    finally:
        _width.reset(token)


def report_text(report: Report, *, width: int = TEXT_WIDTH) -> str:
    """The report as plain text for a terminal, wrapped at ``width`` columns (see
    :func:`text_width`): the right-to-left texts of the case it was made from, if any,
    isolated (see :mod:`activity_systems.right_to_left`)."""
    with wrapping_at(width):
        return _report_text(report)


def _report_text(report: Report) -> str:
    out = [*wrapped_lines(report.case, ""), *wrapped_lines(_summary(report), "")]
    if note := _numbering_note(report):
        out += wrapped_lines(note, "")
    for group, members in _groups(report):
        out += ["", f"{_GROUP_TITLES[group]} ({len(members)})"]
        for number, finding in members:
            out += _text_finding(finding, f"{number:>3}. ", "     ")
    if report.rules_failed:
        out += ["", f"Rules that failed ({len(report.rules_failed)})"]
        for failure in report.rules_failed:
            out += wrapped_lines(f"{failure.rule}: {failure.error}", "  ")
    if left := rules_said(report.left_out):
        out += ["", *wrapped_lines(left_out_line(left), "")]
    text = "\n".join(out)
    return isolate_text(text, texts_of(made_from(report), shown_in=text)) + "\n"


def _text_finding(finding: Finding, lead: str, indent: str) -> list[str]:
    """A finding's lines: its title after ``lead``, and what it says, each indented."""
    marks = f" [{_declared(finding)}]" if finding.declared else ""
    head = f"{finding.severity.upper()} {_plain(finding.rule)} {_plain(finding.name)}{marks}"
    lines = wrapped_lines(head, lead, indent)
    lines += wrapped_lines(finding.message, indent)
    if finding.declared and finding.note:  # the participants' own words
        lines += wrapped_lines(f"Participants: {finding.note}", indent)
    lines += wrapped_lines(f"Discuss: {finding.prompt}", indent)
    if finding.competencies:
        lines += wrapped_lines(f"Competencies: {_competencies(finding)}", indent)
    return lines


def finding_text(finding: Finding) -> str:
    """One finding as the text report shows it, without its number (the report's, which
    a finding does not know), what it says indented below its title.

    >>> from activity_systems import Finding
    >>> print(finding_text(Finding.create(rule="AS101", name="deadline-vs-turnaround",
    ...     category="contradiction", level="quaternary", severity="high",
    ...     elements=["court.targets", "mhs.report"], message="The report is late.",
    ...     explanation="Too slow.", prompt="What now?")))
    HIGH AS101 deadline-vs-turnaround
      The report is late.
      Discuss: What now?
    """
    return "\n".join(_text_finding(finding, "", "  "))


# -- HTML -------------------------------------------------------------------------------

_SEVERITY_COLOURS = {"high": "#b00020", "medium": "#975a00", "low": "#5f6368"}

# A severity's word is white on its colour (7.3:1, 5.6:1 and 6.1:1), not its colour on
# the output's background: a notebook's output may be dark (JupyterLab's, VS Code's and
# Colab's dark themes), where the red read at 1.6:1 to 2.6:1. A word that sets both its
# colours reads on any page. Hexadecimal colours only: JupyterLab's filter for untrusted
# HTML drops a var() (its theme's --jp-* variables) or a light-dark().
_SEVERITY_STYLE = "color:#ffffff; background-color:{}; padding:0 0.3em; border-radius:3px"


#: The most findings a notebook shows of a report; the rest are counted.
NOTEBOOK_FINDINGS = 200

# The findings' numbers are in their text, as the text report and the Markdown write
# them, not a list's markers: a marker stands in the list's left padding, and
# JupyterLab's (2em) holds two digits, its output area cutting off the rest (100 showed as
# "00."). The list is not an <ol> with its markers styled away: a viewer that drops
# inline styles (GitHub's) showed each number twice, "9. 9. AS403", the marker beside the
# text. It is a <ul>, whose marker where the style is dropped is a bullet beside the
# number, and a list to screen readers wherever it is shown: JupyterLab, in a notebook it
# does not trust, and GitHub keep a <ul> but drop a role, and divs that only their role
# made a list read there as loose paragraphs. role="list" keeps it a list to screen
# readers that drop one without markers (Safari's) where the role is kept.
_FINDINGS_LIST = '<ul class="findings" role="list" style="list-style: none; padding-left: 0">'


def report_html(report: Report, *, limit: int | None = None) -> str:
    """The report as an HTML fragment (for notebooks); every piece of text is escaped,
    and each right-to-left text of the case it was made from is in a ``<bdi>``, as in the
    HTML handout.

    With ``limit``, only the findings numbered up to it (the most severe) are shown, as a
    notebook shows a long table: each group says how many it holds, and a last line how
    many were left out and where to find them all.
    """
    e = html.escape
    summary = _summary(report, grouped=True)  # "39,378 findings", as the page's other counts
    out = [
        '<div class="activity-systems-report">',
        f"<h3>Contradictions: {e(report.case)}</h3>",
        f"<p>{e(' '.join(filter(None, (summary, _numbering_note(report)))))}</p>",
    ]
    for group, members in _groups(report):
        shown = [m for m in members if limit is None or m[0] <= limit]
        out.append(f"<h4>{e(_GROUP_TITLES[group])} ({len(members):,})</h4>")
        if not shown:
            out.append(f"<p>{len(members):,} not shown (numbers above {limit:,}).</p>")
            continue
        out.append(_FINDINGS_LIST)
        out += [
            _html_finding(number, finding, first=index == 0)
            for index, (number, finding) in enumerate(shown)
        ]
        out.append("</ul>")
        if len(shown) < len(members):
            more = len(members) - len(shown)
            out.append(f"<p>… and {more:,} more (numbers above {limit:,}).</p>")
    left_out = len(report.findings) - limit if limit is not None else 0
    if left_out > 0:
        out.append(
            f"<p><i>Showing findings 1–{limit:,} of {len(report.findings):,}, the most severe; "
            "<code>report.findings</code> holds them all, and <code>print(report)</code> or "
            "<code>report.to_markdown()</code> lists them.</i></p>"
        )
    if report.rules_failed:
        out.append(f"<h4>Rules that failed ({len(report.rules_failed):,})</h4><ul>")
        out += [f"<li><b>{e(f.rule)}</b>: {e(f.error)}</li>" for f in report.rules_failed]
        out.append("</ul>")
    if left := rules_said(report.left_out):  # as the text and Markdown end; none, nothing
        out.append(f"<p>{e(left_out_line(left))}</p>")
    out.append("</div>")
    page = "\n".join(out)
    case = made_from(report)
    language = case.language if case is not None else None
    return isolate_right_to_left(page, texts_of(case, shown_in=page), language) + "\n"


# Space above each finding but a group's first, more than a paragraph's: the classic
# Notebook gives paragraphs space above and none below, and a finding's title stood
# right under the finding before it, a paragraph's space above its own message, reading
# as that finding's last line. In JupyterLab the last paragraph's 1em below gives way to
# it. The first finding stands under its group's heading, as the heading's own margin
# says.
_APART = ' style="margin-top: 1.5em"'


def _html_finding(number: int, finding: Finding, *, first: bool = False) -> str:
    """A finding as an item of the report's list, its number in its title; set apart
    from the item above it unless it is its list's ``first``."""
    classes = f"finding severity-{html.escape(finding.severity)}"
    apart = "" if first else _APART
    body = _html_body(finding, f"{number}. ")
    return f'<li class="{classes}"{apart}>{body}</li>'


def finding_html(finding: Finding) -> str:
    """One finding as an item of the report's HTML shows it (for notebooks), without its
    number (the report's, which a finding does not know)."""
    classes = f"finding severity-{html.escape(finding.severity)}"
    return (
        f'<div class="activity-systems-report"><div class="{classes}">'
        f"{_html_body(finding, '')}</div></div>\n"
    )


def _html_body(finding: Finding, lead: str) -> str:
    """What an item of the report's HTML holds: the finding's title after ``lead``, its
    severity, and what it says."""
    e = html.escape
    colour = _SEVERITY_COLOURS.get(finding.severity, "#5f6368")
    style = _SEVERITY_STYLE.format(colour)
    parts = [
        f"<b>{lead}{e(finding.rule)} {e(finding.name)}</b> ",
        f'<span class="severity" style="{style}">{e(finding.severity)}</span>',
    ]
    if finding.declared:
        parts.append(f' <span class="declared">({e(_declared(finding))})</span>')
    parts.append(f'<p class="message">{e(finding.message)}</p>')
    if finding.explanation:
        parts.append(f'<p class="explanation">{e(finding.explanation)}</p>')
    # Not class="prompt", as the handout has it: the classic Notebook styles its own
    # prompt (a cell's "In [1]:"), and showed the question in a typewriter face, padded,
    # and not to be selected and copied.
    parts.append(f'<p class="discuss"><i>Discuss:</i> {e(finding.prompt)}</p>')
    if finding.declared and finding.detected and finding.note:
        parts.append(f'<p class="note"><i>Participants:</i> {e(finding.note)}</p>')
    if finding.competencies:
        competencies = e(_competencies(finding))
        parts.append(f'<p class="competencies"><i>Competencies:</i> {competencies}</p>')
    elements = ", ".join(f"<code>{e(element)}</code>" for element in finding.elements)
    parts.append(f'<p class="elements"><i>Elements:</i> {elements}</p>')
    return "".join(parts)
