"""A Graphviz graph whose every node is pinned: the figures draw on it.

Node ids are synthetic (``n1``, ``n2``, …) and given in drawing order; user text only
ever appears inside escaped HTML-like labels and in quoted tooltips (see :func:`tooltip`),
which SVG viewers show on hover and screen readers read out. Positions are in points
(``inputscale=72``) and pinned (``!``); ``layout=nop`` (Graphviz draws the nodes where
they are, running no layout) and ``splines=line`` are set in the graph itself, so
``dot -Tsvg figure.dot`` draws the same picture as this library does.

>>> from activity_systems.render.theme import THEMES
>>> canvas = Canvas(THEMES["default"])
>>> canvas.node(Shape(Point(0, 0), 72, 36), "<x>")
'n1'
>>> print(canvas.graph.source.splitlines()[-2].strip())
n1 [label=<x> height=0.5 pos="0,0!" width=1]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection, Mapping, Sequence

from activity_systems.render.geometry import Point, Rect, Shape, samples
from activity_systems.render.labels import FONT, TEXT_SIZE, clean
from activity_systems.render.obstacles import Obstacles
from activity_systems.render.shown import FigureGraph
from activity_systems.render.strokes import spread
from activity_systems.render.theme import Theme
from activity_systems.render.words import ENGLISH, FigureWords

#: Graphviz's arrowhead of an exchange: open, a triangle's outline, where a bolt's (and
#: the object's arrow to its outcome) is filled, so that where lines meet a node the
#: exchanges among them are told from the contradictions by their heads as well as by
#: their colour, on a greyscale copy (where the default theme's blue and red are the same
#: grey) and for a reader who does not tell red from blue or green.
EXCHANGE_HEAD = "onormal"

#: How far a line whose end is moved along its node keeps from that node elsewhere.
_HUG = 2.0


def number(value: float) -> str:
    """A coordinate or size as DOT text: at most two decimals, no ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# How python-graphviz decides that a string needs no quotes (graphviz/quoting.py): an
# HTML-like label, or an id or number that is not a keyword.
_HTML_LIKE = re.compile(r"<.*>$", re.DOTALL)
_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
_QUOTE = re.compile(r'((?:\\{2})*)\\?"')


@functools.lru_cache(maxsize=1024)  # names, colours and styles recur in every figure
def quote(text: str) -> str:
    """``text`` as a DOT id, quoted as python-graphviz quotes it.

    >>> quote("filled"), quote("0.5"), quote("#d7191c"), quote('say "hi"'), quote("<<B>1</B>>")
    ('filled', '0.5', '"#d7191c"', '"say \\\\"hi\\\\""', '<<B>1</B>>')
    """
    if _HTML_LIKE.match(text) or (_PLAIN_ID.match(text) and text.lower() not in _KEYWORDS):
        return text
    return '"' + _QUOTE.sub(r'\1\\"', text) + '"'


#: The most characters of a tooltip's line between two line continuations (a backslash
#: before a line break, which Graphviz reads as nothing): at most 5,000 bytes of DOT.
#: Graphviz (2.43) refuses a quoted string holding a run of more than about 16,000 bytes
#: without a backslash or a quote ("longer than 16384?"), which one long label of
#: ampersands or emoji would make.
_PIECE = 1000


def _dot_text(line: str) -> str:
    """A cleaned line of a tooltip as the text of a DOT string (see :func:`tooltip`)."""
    return line.replace("&", "&amp;").replace("\\", "\\" * 4).replace('"', '\\"')


@functools.lru_cache(maxsize=1024)  # a line's tooltip is written on each of its segments
def tooltip(text: str) -> str:
    r"""``text`` as the quoted DOT value of a ``tooltip`` attribute, which Graphviz shows
    as it is: every line cleaned (see :func:`~activity_systems.render.labels.clean`), lines
    joined by ``\n``.

    Graphviz reads a tooltip in three steps, each undone here: it decodes HTML entities
    (so ``&`` is written ``&amp;``); it reads ``\n``, ``\l`` and ``\r`` as line breaks and
    drops any other backslash, keeping the character after it; then it expands the
    escapes of an escString (``\N``, ``\G``, ``\\``...). A backslash is therefore written
    four times. The value is always quoted: a tooltip that starts with ``<`` and ends
    with ``>`` must not read as an HTML-like string. A line longer than 1,000 characters is
    continued on the next line of the DOT text (a backslash ends each but the last),
    which Graphviz joins back into one.

    >>> print(tooltip('Say "hi" & \\N\nbye'))
    "Say \"hi\" &amp; \\\\N\nbye"
    >>> tooltip("x" * 2500).split("\\\n") == ['"' + "x" * 1000, "x" * 1000, "x" * 500 + '"']
    True
    """
    lines = []
    for line in text.split("\n"):
        cleaned = clean(line)
        pieces = range(0, len(cleaned), _PIECE)
        lines.append("\\\n".join(_dot_text(cleaned[i : i + _PIECE]) for i in pieces))
    return '"' + "\\n".join(lines) + '"'


def statement(
    subject: str, label: str | None, attrs: Mapping[str, str], tip: str | None = None
) -> str:
    """A node or edge statement as python-graphviz writes it into a graph's body: the
    label first, then the other attributes sorted by name; ``tip`` is the text of its
    tooltip (see :func:`tooltip`), left out when empty.

    >>> statement("n1 -> n2", None, {"dir": "both", "color": "#000000"})
    '\\tn1 -> n2 [color="#000000" dir=both]\\n'
    >>> statement("n1", None, {"shape": "box"}, "<a> & <b>")
    '\\tn1 [shape=box tooltip="<a> &amp; <b>"]\\n'
    """
    pairs = [(key, quote(value)) for key, value in attrs.items()]
    if tip:
        pairs.append(("tooltip", tooltip(tip)))
    parts = [] if label is None else [f"label={quote(label)}"]
    parts += [f"{quote(key)}={value}" for key, value in sorted(pairs)]
    return f"\t{subject} [{' '.join(parts)}]\n" if parts else f"\t{subject}\n"


#: Graphviz's ``dir`` of a segment, by whether it has a head at its start and at its end.
_DIRECTIONS = {
    (True, True): "both",
    (True, False): "back",
    (False, True): "forward",
    (False, False): "none",
}

# the module's function, where polyline's argument of that name hides it
_tooltip = tooltip


def _graph_tooltip(title: str) -> str:
    """The statement that gives the graph its ``tooltip``, written into its body rather
    than into python-graphviz's ``graph_attr``: python-graphviz would quote the value
    again, in time that grows with the square of a run of backslashes."""
    return f"\tgraph [tooltip={tooltip(title)}]\n"


class Canvas:
    """Pinned nodes and straight edges, plus what new lines should keep clear of."""

    def __init__(
        self,
        theme: Theme,
        *,
        caption: str | None = None,
        title: str | None = None,
        words: FigureWords = ENGLISH,
    ) -> None:
        self.theme = theme
        #: The fixed words of the figure: the bolts' tooltips are said in them.
        self.words = words
        self.obstacles: Obstacles = Obstacles()
        self.ids: dict[Shape, str] = {}
        self.ends: dict[Shape, list[Point]] = {}
        #: The oval nodes by their boxes (which is what obstacles hold), for a mark that
        #: may stand inside an oval's box but not on the oval.
        self.ovals: dict[Rect, Shape] = {}
        self._count = 0
        graph_attr = {
            # No layout: neato with pinned nodes gives the same picture, but first
            # solves a stress model over every pair of nodes, which takes seconds for
            # a figure of a few thousand nodes (each bend of a line is one).
            "layout": "nop",
            "inputscale": "72",
            "splines": "line",
            "outputorder": "edgesfirst",
            "overlap": "true",
            "pad": "0.1",
            # PDF, like SVG and PNG, is the drawing and its pad: Graphviz would leave
            # half an inch of white round a PDF's, which shrinks the figure's text when
            # the page is scaled to a journal's column.
            "margin": "0",
            "bgcolor": theme.background,
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": theme.ink,
        }
        if caption is not None:
            graph_attr.update(label=caption, labelloc="t", labeljust="l")
        # A graph that shows in a notebook as a case's figure does (see
        # activity_systems.render.shown); its DOT is graphviz's own.
        self.graph: FigureGraph = FigureGraph(
            "figure",
            graph_attr=graph_attr,
            node_attr={
                "fontname": FONT,
                "fontsize": f"{TEXT_SIZE:g}",
                "fontcolor": theme.ink,
                "color": theme.ink,
                "fixedsize": "true",
                "margin": "0",
                "penwidth": "1",
                "shape": "box",
                "style": "rounded,filled",
                "fillcolor": theme.fill,
            },
            edge_attr={"color": theme.line, "penwidth": "1.2", "arrowsize": "0.7"},
        )
        if title:
            self.graph.body.append(_graph_tooltip(title))
            self.graph.title = title

    def caption(self, label: str, *, title: str | None = None) -> None:
        """Set the caption above the figure (an HTML-like label), for a figure whose
        caption says how its marks were drawn, and its ``title``: plain text that says
        what the figure shows, for a screen reader and as the figure's tooltip (a graph
        ``tooltip``, which the SVG carries as its ``<title>``, see
        :mod:`activity_systems.render.titles`)."""
        self.graph.graph_attr.update(label=label, labelloc="t", labeljust="l")
        if title:
            self.graph.body.append(_graph_tooltip(title))
            self.graph.title = title

    def _next_id(self) -> str:
        self._count += 1
        return f"n{self._count}"

    def node(
        self,
        outline: Shape,
        label: str,
        *,
        obstacle: bool = True,
        tooltip: str | None = None,
        **attrs: str,
    ) -> str:
        """Pin a node of ``outline``'s size at its centre; return its id. ``tooltip`` is
        the node's text in full, or what the mark means (see :func:`tooltip`); a node
        without one is decoration, and its SVG carries no title."""
        node_id = self._next_id()
        if outline.kind == "ellipse":
            attrs.setdefault("shape", "ellipse")
            attrs.setdefault("style", "filled")
        attrs["pos"] = f"{number(outline.center.x)},{number(outline.center.y)}!"
        attrs["width"] = number(outline.width / 72)
        attrs["height"] = number(outline.height / 72)
        # written straight into the body, as graph.node() would write it, without its
        # argument checks (a figure has hundreds of nodes)
        self.graph.body.append(statement(node_id, label, attrs, tooltip))
        if obstacle:
            self.obstacles.add_rect(outline.rect)
            if outline.kind == "ellipse":
                self.ovals.setdefault(outline.rect, outline)
        self.ids.setdefault(outline, node_id)
        return node_id

    def edge(self, tail: str, head: str, *, tooltip: str | None = None, **attrs: str) -> None:
        """A straight edge between two nodes (clipped at their outlines); with a
        ``tooltip`` when it means something of its own."""
        self.graph.body.append(statement(f"{tail} -> {head}", None, attrs, tooltip))

    def point(self, at: Point, colour: str, size: float) -> str:
        """A dot of diameter ``size``: a vertex of a drawn polyline (no tooltip: it is
        no wider than the line's segments, which carry it)."""
        # the statement node() would write, its attributes in its sorted order, written
        # out: a summary overview draws tens of thousands of these
        node_id = self._next_id()
        fill = quote(colour)
        side = quote(number(size / 72))
        self.graph.body.append(
            f'\t{node_id} [label="" color={fill} fillcolor={fill} height={side} penwidth=0 '
            f'pos="{number(at.x)},{number(at.y)}!" shape=point style=filled width={side}]\n'
        )
        self.ids.setdefault(Shape(at, size, size), node_id)
        return node_id

    def polyline(
        self,
        points: Sequence[Point],
        *,
        colour: str,
        penwidth: float,
        style: str = "solid",
        heads: tuple[bool, bool] = (False, True),
        arrowhead: str = "normal",
        ends: tuple[Shape | None, Shape | None] = (None, None),
        solid: Collection[Point] = (),
        tooltip: str | None = None,
    ) -> None:
        """Draw a line through pinned vertices, with arrowheads at the chosen ends; every
        segment carries ``tooltip``, so that it shows wherever the line is pointed at (a
        line without one is decoration: a leader, say).

        Solid lines have dots as wide as the line at the vertices, so joints look
        continuous. With ``ends``, the line starts at (or ends on) those nodes, clipped
        at their outline. Segments between two ``solid`` vertices are drawn solid whatever
        the ``style`` (a bolt's kink stays a crisp zig-zag when the rest is dashed).
        ``arrowhead`` is Graphviz's name of the arrowheads' shape: an exchange's are open
        (:data:`EXCHANGE_HEAD`), a bolt's filled.
        """
        keep = set(solid)
        ids: list[tuple[str, Point | None]] = [
            (self.point(p, colour, penwidth if style == "solid" or p in keep else 0.01), p)
            for p in points
        ]
        if ends[0] is not None:
            ids.insert(0, (self.ids[ends[0]], None))
        if ends[1] is not None:
            ids.append((self.ids[ends[1]], None))
        last = len(ids) - 2
        # Each segment's statement as edge() would write it: the attributes sorted by
        # name (arrowhead, arrowsize, arrowtail, color, dir, headclip, penwidth, style,
        # tailclip, tooltip), the parts that every segment shares quoted once.
        dot_colour = f"color={quote(colour)}"
        dot_width = f"penwidth={quote(number(penwidth))}"
        dot_style, dot_solid = f"style={quote(style)}", f"style={quote('solid')}"
        dot_head = None if arrowhead == "normal" else quote(arrowhead)
        dot_tip = f" tooltip={_tooltip(tooltip)}" if tooltip else ""
        body = self.graph.body
        for index, ((tail, p), (head, q)) in enumerate(itertools.pairwise(ids)):
            start_head = heads[0] and index == 0
            end_head = heads[1] and index == last
            direction = _DIRECTIONS[(start_head, end_head)]
            parts = []
            if dot_head is not None and end_head:
                parts.append(f"arrowhead={dot_head}")
            parts.append("arrowsize=0.8")
            if dot_head is not None and start_head:
                parts.append(f"arrowtail={dot_head}")
            parts += [dot_colour, f"dir={direction}"]
            # Between two vertices the segment runs from centre to centre, so that it
            # overlaps the next one and the dot there rounds the joint: clipped at the
            # dots, a bend would show a notch at each vertex.
            between = p is not None and q is not None
            if between:
                parts.append("headclip=false")
            parts += [dot_width, dot_solid if p in keep and q in keep else dot_style]
            if between:
                parts.append("tailclip=false")
            body.append(f"\t{tail} -> {head} [{' '.join(parts)}{dot_tip}]\n")

    def attach(self, path: list[Point], a: Shape, b: Shape, *, clear: bool = False) -> list[Point]:
        """``path`` from ``a`` to ``b`` with its ends moved apart from the ends of lines
        already attached to those nodes; with ``clear``, only as long as the line to a
        moved end crosses no other node (moved round a corner, it could cut across a
        neighbour), does not run along its own, and crosses no more of the lines drawn
        before than it did from where it was (moved to the side where another line leaves
        the node, it would cross that line at a shallow angle)."""
        if len(path) < 2:
            return path

        def clear_of(end: Point, toward: Point, was: Point) -> bool:
            crossed = self.obstacles.near_line([end, toward], 0.0)
            if any(rect not in (a.rect, b.rect) for rect in crossed):
                return False
            return self.obstacles.lines_cut(end, toward) <= self.obstacles.lines_cut(was, toward)

        def hugs(own: Shape, end: Point, toward: Point) -> bool:
            # an oval's box holds the end: test the oval itself; and a line that leaves
            # its node at a glancing angle would run along it, too close for a bolt's kink
            return any(own.contains(Point(x, y), _HUG) for x, y in samples([end, toward])[1:])

        def fits_start(p: Point) -> bool:
            return clear_of(p, path[1], path[0]) and not hugs(a, p, path[1])

        start = spread(a, path[0], self.ends.setdefault(a, []), fits=fits_start if clear else None)
        # A straight line runs from the moved start: its end is tested against that, not
        # against where the start was (with both ends moved, the line between them could
        # cut across a third node that neither test saw), and for running along the
        # start's node as well as its own.
        straight = len(path) == 2
        toward = start if straight else path[-2]

        def fits_end(p: Point) -> bool:
            return (
                clear_of(p, toward, path[-1])
                and not hugs(b, p, toward)
                and not (straight and hugs(a, start, p))
            )

        end = spread(b, path[-1], self.ends.setdefault(b, []), fits=fits_end if clear else None)
        self.ends[a].append(start)
        self.ends[b].append(end)
        return [start, *path[1:-1], end]
