"""The text inside a diagram's nodes, as HTML-like labels whose size is known in advance.

A panel is a node's label together with the width and height the node needs; the figures
pin nodes of exactly that size, so the geometry is known before Graphviz runs.

>>> from activity_systems.model import ActivitySystem
>>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant",
...                        community=["Lawyers", "Ushers", "Probation", "Clerks"])
>>> panel = node_panel(court, "community", max_items=3)
>>> "+1 more" in panel.label, panel.kind
(True, 'box')
>>> print(panel.text)
court: Community
• Lawyers
• Ushers
• Probation
• Clerks
>>> node_panel(court, "outcome") is None
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from activity_systems.model import NODE_TITLES, ActivitySystem, NodeName
from activity_systems.render.geometry import ShapeKind
from activity_systems.render.labels import (
    ELLIPSIS,
    HEADING_SIZE,
    LINE_HEIGHT,
    escape,
    lines_html,
    text_width,
    wrap,
)
from activity_systems.render.words import ENGLISH, FigureWords

#: Width of the text column in a node, in points.
TEXT_WIDTH = 126.0
#: Elements shown in one node before "+N more".
MAX_ITEMS = 6
#: Lines shown for one element before it is cut short with "…".
MAX_LINES = 4
_PAD = 7.0  # between the text and the node's outline
_HEADING_HEIGHT = 14.0
#: The widest a heading is drawn, in points (on one line, ending with "…" beyond): a
#: system's name heads its box in the overview, and a long one made the box, and the
#: whole ring, as wide as the name. The node's tooltip holds the name in full.
_HEADING_MOST = 360.0
_HEADING_LINES = 3  # the most lines of a node's name, "…" ending the last beyond
_BOLD = 1.1  # bold text is about this much wider than wrap() measures
_CELL = 2.0  # cell padding (top plus bottom) of each table row
_BULLET = "• "
_ELLIPSE_X = 1.3  # an ellipse this much wider than the text block ...
_ELLIPSE_Y = 1 / math.sqrt(1 - 1 / _ELLIPSE_X**2)  # ... and this much taller holds it


@dataclass(frozen=True, slots=True)
class Panel:
    """A node's HTML-like label and the size of node that holds it; ``text`` is what the
    label shows, in full and as plain text (nothing cut short, no "+N more"): the node's
    tooltip."""

    label: str
    width: float
    height: float
    kind: ShapeKind = "box"
    text: str = ""


def _max_lines(width: float) -> int:
    """Lines shown for one element in a column ``width`` wide: a narrower column shows as
    much of the text as one of :data:`TEXT_WIDTH`, on more lines."""
    return max(MAX_LINES, math.ceil(MAX_LINES * TEXT_WIDTH / width))


def _table(rows: Sequence[str]) -> str:
    body = "".join(f"<TR>{row}</TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>>'


def _heading(text: str, colour: str) -> str:
    return (
        f'<TD><FONT POINT-SIZE="{HEADING_SIZE:g}" COLOR="{colour}"><B>{escape(text)}</B>'
        "</FONT></TD>"
    )


def _size(
    lines: int, items: int, headings: int, widest: float, kind: ShapeKind
) -> tuple[float, float]:
    text_height = lines * LINE_HEIGHT + (items + headings) * _CELL + headings * _HEADING_HEIGHT
    width = max(widest, TEXT_WIDTH * 0.5)  # a node no narrower than this
    if kind == "ellipse":
        return round(width * _ELLIPSE_X + _PAD), round(text_height * _ELLIPSE_Y + _PAD)
    return round(width + 2 * _PAD), round(text_height + 2 * _PAD)


def text_panel(
    heading: str | None,
    text: str,
    *,
    kind: ShapeKind = "box",
    muted: str = "#666666",
    width: float = TEXT_WIDTH,
    wrap_heading: bool = False,
) -> Panel:
    """A node with an optional heading over one piece of text, centred; a heading wider
    than ``width`` wraps within it when ``wrap_heading`` (a node's name), else stays on
    one line, cut short only past :data:`_HEADING_MOST` (a system's name)."""
    lines = wrap(text, width, max_lines=_max_lines(width))
    body = lines_html(lines)
    if not heading:
        shown: list[str] = []
    elif wrap_heading:
        shown = _heading_lines(heading, width)
    else:
        shown = [_heading_line(heading)]
    rows = [_heading(line, muted) for line in shown]
    rows.append(f"<TD>{body}</TD>")
    widest = max([text_width(line) for line in lines] + [_heading_width(s) for s in shown])
    w, h = _size(len(lines), 1, len(shown), widest, kind)
    return Panel(_table(rows), w, h, kind, f"{heading}\n{text}" if heading else text)


def _heading_line(heading: str) -> str:
    """``heading`` as drawn: on one line no wider than :data:`_HEADING_MOST` points, cut
    short with "…" beyond.

    >>> _heading_line("Magistrates' court (CJS)")
    "Magistrates' court (CJS)"
    >>> line = _heading_line("Community mental health team " * 10)
    >>> line.endswith("…"), _heading_width(line) <= _HEADING_MOST
    (True, True)
    """
    if _heading_width(heading) <= _HEADING_MOST:
        return heading
    line = wrap(heading, _HEADING_MOST, size=HEADING_SIZE, max_lines=1)[0]
    while _heading_width(line) > _HEADING_MOST and len(line) > 1:
        line = line[:-2] + ELLIPSIS  # bold text is wider than wrap() measures
    return line


def _heading_lines(heading: str, width: float) -> list[str]:
    """A node's name as drawn: on one line when it fits ``width`` points (every English
    name does), else wrapped within it, as bold text measures, a word too long for a line
    broken as :func:`~activity_systems.render.labels.wrap` breaks one.

    >>> _heading_lines("Division of labour", 126.0)
    ['Division of labour']
    >>> lines = _heading_lines("Rhaniad llafur rhwng yr asiantaethau", 90.0)
    >>> len(lines) > 1 and all(_heading_width(line) <= 90.0 for line in lines)
    True
    """
    if _heading_width(heading) <= width:
        return [heading]
    measure = width / _BOLD
    while True:
        lines = wrap(heading, measure, size=HEADING_SIZE, max_lines=_HEADING_LINES)
        if all(_heading_width(line) <= width for line in lines) or measure < 10:
            return lines
        measure -= 2.0  # bold letters wider than wrap() took them


def _heading_width(heading: str | None) -> float:
    return text_width(heading, HEADING_SIZE, bold=True) if heading else 0.0


def node_panel(
    system: ActivitySystem,
    node: NodeName,
    *,
    max_items: int = MAX_ITEMS,
    muted: str = "#666666",
    width: float = TEXT_WIDTH,
    heading: str | None = None,
    words: FigureWords = ENGLISH,
) -> Panel | None:
    """The panel of one node of a system; ``None`` for an absent outcome.

    Single nodes show their label centred; list nodes show one bullet per element, at most
    ``max_items`` of them and then "+N more"; an empty list shows a dash. Text wraps at
    ``width`` points. The panel's ``text`` names the system and the node, then holds
    every element's label in full. ``heading`` is the node's name, English's
    (:data:`~activity_systems.model.NODE_TITLES`) unless given; one wider than ``width``
    wraps within it, on up to three lines, the last ending in "…" beyond, rather than
    widen the node. The "+N more" is said in ``words`` (its ``more``).
    """
    elements = system.node(node)
    heading = NODE_TITLES[node] if heading is None else heading
    whose = f"{system.title}: {heading}"
    if node in ("subject", "object", "outcome"):
        if not elements:
            return None
        kind: ShapeKind = "ellipse" if node == "object" else "box"
        panel = text_panel(
            heading, elements[0].label, kind=kind, muted=muted, width=width, wrap_heading=True
        )
        return replace(panel, text=f"{whose}\n{elements[0].label}")
    headings = _heading_lines(heading, width)
    rows = [_heading(line, muted) for line in headings]
    widest = max(_heading_width(line) for line in headings)
    count = 0
    bullet = text_width(_BULLET)
    for element in elements[:max_items]:
        lines = wrap(element.label, width - bullet, max_lines=_max_lines(width))
        widest = max(widest, bullet + max(text_width(line) for line in lines))
        count += len(lines)
        rows.append(
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{_BULLET}{lines_html(lines, indent="  ")}</TD>'
        )
    hidden = len(elements) - max_items
    extra = 0
    if hidden > 0:
        more = wrap(f"+{words.say('more', count=hidden)}", max(widest, TEXT_WIDTH * 0.5))
        lined = ' BALIGN="LEFT"' if len(more) > 1 else ""
        rows.append(
            f'<TD ALIGN="LEFT"{lined}><FONT COLOR="{muted}"><I>{lines_html(more)}</I></FONT></TD>'
        )
        count += len(more) - 1  # the lines past its first
        extra = 1
    if not elements:
        rows.append(f'<TD><FONT COLOR="{muted}">—</FONT></TD>')
        extra = 1
    shown = min(len(elements), max_items) + extra
    w, h = _size(count + extra, shown, len(headings), widest, "box")
    items = [f"{_BULLET}{element.label}" for element in elements] or ["—"]
    return Panel(_table(rows), w, h, text="\n".join([whose, *items]))
