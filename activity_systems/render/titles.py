"""Titles in a figure's SVG: what a screen reader reads out and a browser shows on hover.

Graphviz gives every node and edge of its SVG a ``<title>`` holding its name: ``n12``
for a node, ``n12->n13`` for an edge, ``figure`` for the graph. The figures' names are
synthetic (see :mod:`activity_systems.render.canvas`), so these titles are noise, read
out by screen readers and shown as tooltips. What a mark means is in its ``tooltip``
attribute, which Graphviz writes as an ``<a xlink:title="…">`` around the mark.
:func:`retitle` rewrites the SVG so that

- the figure's title (the graph's tooltip) is the ``<title>`` of the ``<svg>`` element,
  its accessible name;
- a node or an edge with a tooltip has it as its ``<title>``, and no ``<a>`` around it;
  one whose tooltip repeats an earlier mark's (the dozens of pieces of one bolt, an
  exchange's label after its arrow) keeps it for the hover but is ``aria-hidden``, so
  that a screen reader reading the figure mark by mark says each title once; a node
  whose tooltip only an earlier node has (the same element of two systems of one name)
  is read, as the node of its own that it is;
- a node or an edge without one (a triangle's side, a leader, the dots that join a
  line's segments) has no ``<title>``, nor the comment naming it.

Nothing else changes: the same DOT still gives the same SVG, byte for byte.

>>> svg = '''<svg width="9pt"
...  viewBox="0 0 9 9">
... <g id="graph0" class="graph" transform="scale(1 1)">
... <title>figure</title>
... <g id="a_graph0"><a xlink:title="Figure &amp; more">
... <polygon fill="white"/>
... </a>
... </g>
... <!-- n1 -->
... <g id="node1" class="node">
... <title>n1</title>
... <g id="a_node1"><a xlink:title="Tools&#10;&#8226; Court">
... <polygon fill="none"/>
... </a>
... </g>
... </g>
... <!-- n1&#45;&gt;n2 -->
... <g id="edge1" class="edge">
... <title>n1&#45;&gt;n2</title>
... <path fill="none"/>
... </g>
... </g>
... </svg>
... '''
>>> print(retitle(svg), end="")
<svg width="9pt"
 viewBox="0 0 9 9">
<title>Figure &amp; more</title>
<g id="graph0" class="graph" transform="scale(1 1)">
<polygon fill="white"/>
<g id="node1" class="node">
<title>Tools&#10;&#8226; Court</title>
<polygon fill="none"/>
</g>
<g id="edge1" class="edge">
<path fill="none"/>
</g>
</g>
</svg>
"""

from __future__ import annotations

import html
import re

from activity_systems.right_to_left import is_right_to_left

# Graphviz's layout of a node's or an edge's group, its title, and the anchor a tooltip
# puts round what is drawn (a figure's labels hold no links, so the anchor's end is the
# first "</a>" after it). The pattern starts with "<" (the group's tag or the comment
# before it), which lets the search skip ahead to the next tag: twice as fast. What the
# anchor holds, up to the first "</a>\n</g>\n", is the runs of characters other than
# "<" and the "<"s that do not start it: the same text that the shortest match of
# ".*?" finds, a third faster than trying the end at every character (0.72 s against
# 0.45 s for the 30 MB of SVG of a 1,000-system overview).
_ELEMENT = re.compile(
    r"<(?:!-- [^\n]* -->\n<)?"
    r'(g id="[^"]*" class="(?:node|edge)\b[^"]*">\n)'
    r"<title>[^<]*</title>\n"
    r'(?:<g id="a_[^"]*"><a xlink:title="([^"]*)"\s*>\n'
    r"([^<]*(?:<(?!/a>\n</g>\n)[^<]*)*)</a>\n</g>\n)?",
)
_GRAPH = re.compile(
    r'(<g id="[^"]*" class="graph\b[^"]*"[^>]*>\n)'
    r"<title>[^<]*</title>\n"
    r'(?:<g id="a_[^"]*"><a xlink:title="([^"]*)"\s*>\n(.*?)</a>\n</g>\n)?',
    re.DOTALL,
)
_SVG = re.compile(r"<svg\b[^>]*>\n")


def _element(match: re.Match[str], said: dict[str, bool]) -> str:
    group, tip, drawn = match[1], match[2], match[3]
    if not tip:
        return f"<{group}{drawn or ''}"
    line = 'class="edge' in group
    if tip in said and (line or said[tip]):
        # A repeated title (a bolt's next piece, an exchange's label after its arrow)
        # stays a tooltip but is not read again: aria-hidden hides the group from a
        # screen reader, and a browser still shows its title on hover. A node whose
        # title an earlier node has (two systems of one name and the same elements) is
        # a mark of its own, drawn and read.
        group = group.replace('">\n', '" aria-hidden="true">\n', 1)
    said.setdefault(tip, line)
    return f"<{group}<title>{tip}</title>\n{drawn}"


def retitle(svg: str) -> str:
    """Graphviz's SVG of a figure with its titles rewritten (see the module's
    documentation). The text of a tooltip is copied as Graphviz escaped it: what is
    escaped for an attribute is escaped for an element's text too."""
    tip = ""

    def graph(match: re.Match[str]) -> str:
        nonlocal tip
        tip = match[2] or ""
        return match[1] + (match[3] or "")

    svg = _GRAPH.sub(graph, svg, count=1)
    if tip:
        svg = _SVG.sub(lambda m: f"{m[0]}<title>{tip}</title>\n", svg, count=1)
    said: dict[str, bool] = {}  # each title said, and whether a line said it first
    return _ELEMENT.sub(lambda match: _element(match, said), svg)


# A line of a figure's text, as Graphviz writes it: one <text> element, attributes
# quoted, its characters escaped, so that its text holds no "<".
_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")


def _in_its_direction(match: re.Match[str]) -> str:
    attributes, text = match[1], match[2]
    if not is_right_to_left(text):
        return match[0]
    return f'<text {attributes} style="unicode-bidi:plaintext">{text}</text>'


def lines_in_their_direction(svg: str) -> str:
    """The SVG with each line of text that holds right-to-left letters (Arabic, Hebrew)
    laid out in the direction of its first letter, as the PNG and PDF are: a browser
    lays out SVG text left to right unless told otherwise, which put an Arabic element's
    bullet before it and its bracketed Latin code after it, where Graphviz's PNG puts
    them the other way round. Other lines, and a figure without such a line, stay as
    they are.

    >>> lines_in_their_direction('<text x="1">• طلب (R-12)</text><text x="2">• Court</text>')
    '<text x="1" style="unicode-bidi:plaintext">• طلب (R-12)</text><text x="2">• Court</text>'
    """
    if not is_right_to_left(svg):
        return svg
    return _TEXT.sub(_in_its_direction, svg)


# The root's start tag, as Graphviz writes it: its attributes, quoted, over two lines.
_ROOT = re.compile(r"(<svg\b[^>]*?)(/?>)")


def in_language(svg: str, language: str | None) -> str:
    """The SVG with its root saying that it is written in ``language`` (the case's
    ``language``, a language tag), both as XML says it (``xml:lang``, which SVG files
    and SVG 1.1 readers take) and as HTML does (``lang``, which SVG 2 and a page that
    inlines the figure take): a screen reader then reads the figure's titles and text in
    that language's voice, not in that of the page around it or of its own settings.
    Without a language, the SVG is left as it is, as the HTML handout leaves a page's
    texts unmarked for a case without one: the figure then takes the language of where
    it is read, as it did.

    >>> in_language('<svg width="9pt"\\n viewBox="0 0 9 9">\\n<title>Llys</title>', "cy")
    '<svg width="9pt"\\n viewBox="0 0 9 9" xml:lang="cy" lang="cy">\\n<title>Llys</title>'
    >>> in_language('<svg width="9pt">', None)
    '<svg width="9pt">'
    """
    if language is None:
        return svg
    said = html.escape(language)  # a language tag needs none; a tag built by hand might
    return _ROOT.sub(lambda m: f'{m[1]} xml:lang="{said}" lang="{said}"{m[2]}', svg, count=1)
