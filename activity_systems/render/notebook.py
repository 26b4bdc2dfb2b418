"""Jupyter display of systems and cases: their figure as SVG, and as HTML, an image
fitted to the notebook's column, which frontends show in preference; never an exception.

JupyterLab shows SVG output as an image that it does not fit to its column (its
stylesheet caps images in HTML output, and SVG put into the page, but not the image it
makes of SVG output), and does not show SVG output at all in a notebook it does not
trust. The HTML is an image of the figure, named by the figure's title, that fits the
column in every frontend, and which JupyterLab's filter for untrusted HTML keeps; the SVG
stays in the output for tools that take it.

A figure much wider than the column (the overview of a region's services, thousands of
points wide) would show with its text too small to read. Past :data:`READABLE_WIDTH` the
HTML is instead the same figure at its full size in a box that scrolls, opening on the
top of the figure's middle (where an overview's ring starts), below a line that says so
and how to save the figure or draw one pair of its systems.

The models call :func:`mimebundle` from their ``_repr_mimebundle_``, importing this
module only then, so that ``import activity_systems.model`` needs neither Graphviz nor
the ``graphviz`` package. Without the ``dot`` program the display shows how to install
Graphviz, from a terminal and from a notebook's cell, and the DOT text folded below it;
any other failure shows what went wrong.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Container
from dataclasses import replace
from typing import TYPE_CHECKING

from activity_systems.errors import GraphvizNotFound
from activity_systems.model import ActivitySystem, Case
from activity_systems.render.shown import Shown

if TYPE_CHECKING:
    from activity_systems.render.shown import FigureGraph

#: Seconds a notebook gives a figure, its layout in Python included (see
#: :mod:`activity_systems.render.deadline`); past them it shows what ran out instead of
#: the figure, so that showing a case never holds the kernel for minutes.
NOTEBOOK_TIMEOUT = 20.0

#: The widest figure, in points, that a notebook shows fitted to its column.
#: A column is about 1,000 pixels wide (JupyterLab, the classic Notebook and VS Code
#: beside a side bar), and a point is 4/3 of a pixel: fitted to it, a figure this wide
#: keeps its 10-point labels at about 8 pixels, the least that reads. Figure 3 is about
#: 900 points wide, an overview of six systems about 1,050; one of twelve about 1,650,
#: and of fifty 5,200, would show them at 6 pixels and at 2. Wider figures come at their
#: full size in a box that scrolls, as they do on screen in an HTML handout
#: (:func:`too_wide_to_fit`).
READABLE_WIDTH = 1_200

#: The most systems of a case whose overview a notebook draws. Drawn, an overview
#: weighs some 55 kB a system in the cell (its SVG, and the same again as the HTML
#: image): 5.5 MB for 100 systems, 16 MB for 300, 115 MB and 20 seconds for 2,000, which
#: a notebook's file keeps and a browser struggles to show, with labels to find by
#: scrolling across a figure metres wide. A larger case (a regional mapping) shows
#: instead what it holds and the Python that saves its overview or draws one pair of its
#: systems (:func:`not_drawn`); it is not drawn at all, so the cell takes no time. The
#: decision is by count, not by the figure's size, which is known only once drawn.
NOTEBOOK_SYSTEMS = 100

#: The longest DOT text that a notebook shows, folded below the install hint, when
#: Graphviz is missing. Figure 3's is some 87,000 characters, the overview of twelve
#: systems' some 200,000; that of 100 systems, 1.9 million, would weigh as much in the
#: cell and the notebook's file, though folded. Longer DOT text is not shown: the cell
#: says how to write it to a file instead.
DOT_SHOWN = 250_000

# Graphviz gives the size of the figure in points on the <svg> element, the figure's
# description in the first <title> (see activity_systems.render.titles).
_SVG_SIZE = re.compile(r'<svg width="(\d+(?:\.\d+)?)pt" height="(\d+(?:\.\d+)?)pt"')
_SVG_TITLE = re.compile(r"<svg [^>]*>\s*<title>([^<]*)</title>")


# JupyterLab and nbconvert's HTML give every pre of an output `word-break: break-all`,
# which wrapped the install hint inside its words ("Debian or U / buntu"): wrap between
# words, and break only a word longer than the line (a long DOT line, a path).
_PRE_STYLE = "white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere"


def _pre(text: str) -> str:
    return f'<pre style="{_PRE_STYLE}">{html.escape(text)}</pre>'


def _missing_graphviz(dot_of: Callable[[], str], missing: GraphvizNotFound, saves: str) -> str:
    """The install hint, from a terminal and from a cell, and the figure's DOT text folded
    below it; past :data:`DOT_SHOWN` characters, ``saves`` (Python that writes the DOT
    text to a file) in its place."""
    try:
        dot = dot_of()
    except Exception as error:  # the hint matters more than the DOT text
        dot = f"(the DOT text could not be built either: {error})"
    if len(dot) > DOT_SHOWN:
        shown = (
            f"<p>The figure as DOT text, for Graphviz elsewhere, is {len(dot):,} characters "
            f"long, too long for the cell: <code>{html.escape(saves, quote=False)}</code> "
            "writes it to a file, which needs no Graphviz.</p>"
        )
    else:  # folded away: Figure 3's DOT runs to 87,000 characters, pages of a notebook
        shown = (
            f"<details><summary>The figure as DOT text ({len(dot):,} characters), "
            f"for Graphviz elsewhere</summary>{_pre(dot)}</details>"
        )
    return _pre(str(missing)) + _FROM_A_CELL + shown


# A notebook in Colab, or on a server, has no terminal to type the install hint's
# commands into: what to run in a cell instead. No restart is needed, as `dot` is looked
# for at each figure (Graphviz's library, once per program found).
_FROM_A_CELL = (
    "<p>In a notebook, install it from a cell: <code>!apt-get install -y graphviz</code> "
    "in Colab (or with <code>sudo</code> on a Debian or Ubuntu machine of yours), "
    "<code>%conda install -c conda-forge graphviz</code> in a conda environment. Then "
    "display this again, without restarting the kernel.</p>"
)


def _title(shown: Shown, svg: str) -> str:
    """What the figure shows, in plain text: the title of its SVG, which a screen reader
    reads out (Figure 3's "Magistrates' court and Community mental health services
    around their shared object, 11 contradictions"), else the system's or the case's.

    >>> court = Shown("court")
    >>> _title(court, '<svg width="9pt" height="9pt"><title>The court &amp; its object</title>')
    'The court & its object'
    >>> _title(court, '<svg width="9pt" height="9pt"></svg>')
    'court'
    """
    titled = _SVG_TITLE.search(svg)
    return html.unescape(titled[1]) if titled else shown.title


def _image(svg: str, alt: str, style: str = "", language: str | None = None) -> str:
    """The figure as an HTML image, with ``alt`` (plain text), an inline ``style`` and,
    given the case's ``language``, ``lang``: the ``alt`` is the figure's title, which a
    screen reader reads in the language of the image, not in that of the notebook."""
    # An image, not inline SVG: Graphviz's ids (clip1, node1) would clash between the
    # figures of one notebook page.
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    styled = f' style="{style}"' if style else ""
    said = "" if language is None else f' lang="{html.escape(language)}"'
    return f'<img{said} alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}"{styled}>'


def shown_as(obj: ActivitySystem | Case) -> Shown:
    """How a notebook describes the figure of ``obj``: by its title, in the language of
    its case (none for a system, which is drawn as a case of its own), and when too wide
    to fit, with the Python that saves it and where its ring starts."""
    return Shown(
        title=obj.title,
        language=obj.language if isinstance(obj, Case) else None,
        ways_out=_ways_out(obj),
        starts=_where_it_starts(obj),
    )


def alone_note(system: ActivitySystem) -> str:
    """What a notebook says below the figure of ``system`` shown without its case (as
    HTML): that it is checked on its own, since a system does not know its case, and
    the Python that draws it with its contradictions with the other systems of its case.
    Its title says "checked on its own" too, but a title's "no contradictions" is still
    easily read as the system's last word.

    >>> from activity_systems import ActivitySystem
    >>> print(alone_note(ActivitySystem(id="court", subject="Magistrate", object="Defendant")))
    <p>Checked on its own: a system does not know its case, so its contradictions with \
the other systems of its case are neither counted nor drawn here; \
<code>a.figure(case, system="court")</code> draws them.</p>
    """
    code = html.escape(f'a.figure(case, system="{system.id}")', quote=False)
    return (
        "<p>Checked on its own: a system does not know its case, so its contradictions "
        "with the other systems of its case are neither counted nor drawn here; "
        f"<code>{code}</code> draws them.</p>"
    )


def _fitted(shown: Shown, svg: str) -> str:
    """The figure as an HTML image that a notebook's column holds: shrunk to its width
    when wider, at its own size when not (``max-width``, unlike ``width``, never
    enlarges it). The frontends' own style does the same for images in HTML output, but
    not JupyterLab's for the image it makes of SVG output."""
    return _image(svg, _title(shown, svg), "max-width: 100%; height: auto", shown.language)


def drawn_size(svg: str) -> tuple[float, float] | None:
    """The figure's width and height in points, or ``None`` if the SVG does not say."""
    found = _SVG_SIZE.search(svg)
    return None if found is None else (float(found[1]), float(found[2]))


def too_wide_to_fit(svg: str) -> bool:
    """Whether the figure Graphviz drew as ``svg`` is wider than :data:`READABLE_WIDTH`
    points: too wide to read shrunk to a column, so that a notebook, and an HTML handout
    on screen, show it at a size that reads in a box that scrolls sideways.

    >>> too_wide_to_fit('<svg width="3290pt" height="1010pt" viewBox="0 0 3290 1010">')
    True
    >>> too_wide_to_fit('<svg width="907pt" height="592pt" viewBox="0 0 907 592">')
    False
    """
    size = drawn_size(svg)
    return size is not None and size[0] > READABLE_WIDTH


def _ways_out(obj: ActivitySystem | Case) -> str:
    """How to save the figure, and for a case of more than two systems how to draw one
    pair of them, as Python a notebook cell can run (``import activity_systems as a``)."""
    if isinstance(obj, ActivitySystem):
        return '<code>a.render(system, "system.svg")</code> saves it.'
    if len(obj.systems) <= 2:
        return '<code>a.render(case, "figure3.svg")</code> saves it.'
    first, second = (system.id for system in obj.systems[:2])  # ids are slugs: no quotes
    pair = html.escape(f'a.render(case, "pair.svg", pair=("{first}", "{second}"))', quote=False)
    return (
        '<code>a.render(case, "overview.svg")</code> saves it; '
        f"<code>{pair}</code> draws one pair of its systems (Figure 3)."
    )


def _where_it_starts(obj: ActivitySystem | Case) -> str:
    """For an overview, where its ring starts: at the top centre, with the case's first
    system (as HTML, after a clause); nothing for another figure.

    >>> from activity_systems import ActivitySystem, Case
    >>> case = Case(title="Region", systems=[
    ...     ActivitySystem(id=f"s{n}", name=f"Service <{n}>", subject="Staff", object="User")
    ...     for n in range(3)])
    >>> _where_it_starts(case)
    '; its ring starts at the top centre, with Service &lt;0&gt;'
    >>> _where_it_starts(case.system("s0"))
    ''
    """
    if isinstance(obj, ActivitySystem) or len(obj.systems) <= 2:
        return ""
    return f"; its ring starts at the top centre, with {html.escape(obj.systems[0].title)}"


# The class of the box that scrolls, and of the line above it.
_WIDE = "activity-systems-wide"

# The colour of the box's edge: the figures' own grey for lines (see render.theme).
_EDGE = "#8c8c8c"

# Paper does not scroll: a notebook printed, or exported by nbconvert's webpdf (Chromium
# printing its HTML), showed only the part of the figure the box opened on. In print the
# box shows the whole figure, fitted to the page's width and height (an image's auto
# size keeps its proportions within the two maxima), and the line that says it scrolls
# and the box's mark are left out. A stylesheet, as no inline style can say "in print";
# a filter that drops it (JupyterLab's, in a notebook it does not trust, with its
# content) leaves the box as on screen. Its rules name only the box's classes.
_PRINTED_WHOLE = (
    f"<style>@media print {{ .{_WIDE} {{ overflow: visible !important; "
    "max-height: none !important; border: none !important } "
    f".{_WIDE} > img {{ width: auto !important; height: auto !important; "
    "max-width: 100% !important; max-height: 95vh !important } "
    f".{_WIDE} > div, .{_WIDE}-line {{ display: none !important }} }}</style>"
)


def _scroll_box(shown: Shown, svg: str, width: float, height: float) -> str:
    """The figure at its full size in a box that scrolls, below a line saying so."""
    title = _title(shown, svg)
    size = f"{width:,.0f} × {height:,.0f} points"
    # max-width: none and the width in points undo a frontend's img { max-width: 100% }.
    # The second max-height wins in a browser; a sanitizer that knows no vh (JupyterLab's,
    # in a notebook it does not trust) keeps the first.
    image = _image(
        svg,
        title,
        f"display: block; max-width: none; width: {width:g}pt; height: {height:g}pt",
        shown.language,
    )
    # The box opens on the top of the figure's middle, not on its top left corner: an
    # overview's ring is the width of the figure, its first system at the top centre and
    # nothing but the title at the top left. No script (a notebook it does not trust
    # runs none): an empty mark there is the box's initial scroll target, centred as its
    # scroll-snap-align says. Nothing snaps: the box has no scroll-snap-type, so it
    # scrolls freely from there. Browsers without scroll-initial-target (Chromium has it
    # since version 133) open the box at its top left, as does a sanitizer that drops it.
    start = (
        '<div aria-hidden="true" style="position: absolute; top: 0; '
        f"left: {width / 2:g}pt; width: 1px; height: 1px; "
        'scroll-initial-target: nearest; scroll-snap-align: start center"></div>'
    )
    label = html.escape(f"{title} ({size}, scrolls)")
    # The box cuts the figure at its right and bottom edges, where scroll bars that show
    # only while scrolling (macOS with a trackpad, Chromium's overlay ones) draw nothing:
    # on a light theme the figure's white ran into the page's, and the figure looked cut
    # off. A grey edge reads at 3:1 or more on white (3.4:1), on JupyterLab's dark #111111
    # (5.6:1) and on VS Code's #1e1e1e (5.0:1) alike; it is no colour of text, so it sets
    # no background. Paper has no box to show (see _PRINTED_WHOLE). The box is as wide as
    # the figure where the column is wider (JupyterLab in a wide window), its edge
    # framing the figure rather than an empty strip of the page beside it.
    return (
        _PRINTED_WHOLE
        + f'<p class="{_WIDE}-line" style="margin: 0 0 0.5em 0">Shown at full size ({size}) '
        f"in a box that scrolls, not shrunk to the column{shown.starts}. "
        f"{shown.ways_out}</p>"
        f'<div class="{_WIDE}" role="region" aria-label="{label}" tabindex="0" '
        'style="position: relative; overflow: auto; max-height: 640px; max-height: 80vh; '
        "width: fit-content; max-width: 100%; box-sizing: border-box; "
        f'border: 1px solid {_EDGE}">'
        f"{image}{start}</div>"
    )


def not_drawn(case: Case) -> str:
    """For a case of more than :data:`NOTEBOOK_SYSTEMS` systems, what a notebook shows in
    place of its overview: what it holds, and how to draw it to a file or in parts.

    >>> from activity_systems import ActivitySystem, Case
    >>> case = Case(title="Region <North>", systems=[
    ...     ActivitySystem(id=f"s{n}", subject="Staff", object="User") for n in range(3)])
    >>> print(not_drawn(case)[:63])
    <p><strong>Region &lt;North&gt;</strong>: 3 activity systems, 0
    """
    from activity_systems.right_to_left import is_right_to_left

    counts = f"{len(case.systems):,} activity systems, {len(case.exchanges):,} exchanges"
    title = html.escape(case.title)
    if is_right_to_left(case.title):  # set apart from the English and the counts after it
        title = f"<bdi>{title}</bdi>"
    return (
        f"<p><strong>{title}</strong>: {counts}. Its overview is not drawn "
        f"in a notebook, for a case of more than {NOTEBOOK_SYSTEMS:,} systems (it would "
        "weigh some 55 kB a system in the cell and the notebook's file). "
        f"{_ways_out(case)} <code>case.subcase([s.id for s in case.systems[:10]])</code> "
        "is a case of some of its systems, which displays as their overview.</p>"
    )


def _figure(
    draw: Callable[[], str],
    dot_of: Callable[[], str],
    shown: Shown,
    *,
    as_svg: bool,
    as_html: bool,
    saves: str,
) -> dict[str, str]:
    """The figure drawn once (``draw`` gives its SVG): as SVG when ``as_svg``, and as
    HTML when ``as_html``, an image fitted to the column or, for a figure wider than
    :data:`READABLE_WIDTH`, a box that scrolls; the install hint and the DOT text
    (``dot_of``), or ``saves`` for a long one, as HTML when Graphviz is missing and
    ``as_html``."""
    try:
        drawn = draw()
    except GraphvizNotFound as missing:
        return {"text/html": _missing_graphviz(dot_of, missing, saves)} if as_html else {}
    bundle = {"image/svg+xml": drawn} if as_svg else {}
    size = drawn_size(drawn)
    if as_html and size is not None and too_wide_to_fit(drawn):
        bundle["text/html"] = _scroll_box(shown, drawn, *size) + shown.note
    elif as_html:
        bundle["text/html"] = _fitted(shown, drawn) + shown.note
    return bundle


def _bundle(
    text: str,
    figure: Callable[[bool, bool], dict[str, str]],
    include: Container[str] | None,
    exclude: Container[str] | None,
    *,
    summary: str | None = None,
) -> dict[str, str]:
    """The types of the bundle asked for (all when ``include`` is ``None``, none of
    ``exclude``): ``text``, and ``figure(as_svg, as_html)``, or in its place the
    ``summary`` as HTML when there is one; never an exception."""

    def wanted(kind: str) -> bool:
        return (include is None or kind in include) and (exclude is None or kind not in exclude)

    bundle = {"text/plain": text} if wanted("text/plain") else {}
    as_svg, as_html = wanted("image/svg+xml"), wanted("text/html")
    if summary is not None:
        if as_html:
            bundle["text/html"] = summary
    elif as_svg or as_html:
        try:
            bundle |= figure(as_svg, as_html)
        except Exception as error:  # display must never raise in a notebook
            if as_html:
                bundle["text/html"] = _pre(f"The figure could not be drawn: {error}")
    return bundle


def mimebundle(
    obj: ActivitySystem | Case,
    include: Container[str] | None = None,
    exclude: Container[str] | None = None,
) -> dict[str, str]:
    """The MIME bundle Jupyter shows for a system or a case, as IPython's display
    protocol asks: only the types in ``include`` (all when it is ``None``) and none of
    those in ``exclude``.

    The types are ``text/plain`` and the figure, as ``image/svg+xml`` and as
    ``text/html``, which frontends show in preference to the SVG: an image fitted to the
    column, or for a figure wider than :data:`READABLE_WIDTH` points the figure at its
    full size in a box that scrolls. When Graphviz is missing, ``text/html`` holds the
    install hint and the DOT text; when drawing fails, what went wrong. A figure left out
    is not drawn; one wanted is drawn once.

    >>> from activity_systems import ActivitySystem
    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    >>> sorted(mimebundle(court, include=["text/plain"]))
    ['text/plain']
    >>> mimebundle(court, include=["image/png"])
    {}
    """
    from activity_systems.render.api import figure, render

    def draw() -> str:
        drawn = render(obj, format="svg", timeout=NOTEBOOK_TIMEOUT)
        assert isinstance(drawn, str)
        return drawn

    def dot_of() -> str:
        source: str = figure(obj).source
        return source

    named = "system" if isinstance(obj, ActivitySystem) else "case"
    saves = f'a.render({named}, "figure.dot")'

    shown = shown_as(obj)
    if isinstance(obj, ActivitySystem):  # drawn, and checked, as a case of its own
        shown = replace(shown, note=alone_note(obj))

    def drawn(as_svg: bool, as_html: bool) -> dict[str, str]:
        return _figure(draw, dot_of, shown, as_svg=as_svg, as_html=as_html, saves=saves)

    large = isinstance(obj, Case) and len(obj.systems) > NOTEBOOK_SYSTEMS
    summary = not_drawn(obj) if isinstance(obj, Case) and large else None
    return _bundle(repr(obj), drawn, include, exclude, summary=summary)


def graph_mimebundle(
    graph: FigureGraph,
    include: Container[str] | None = None,
    exclude: Container[str] | None = None,
) -> dict[str, str]:
    """The MIME bundle Jupyter shows for the graph :func:`~activity_systems.render.figure`
    returns: that of a case's figure (see :func:`mimebundle`), drawn from the graph's DOT
    as it is now, and its text, which is the same in every session. The overview of a
    case of more than :data:`NOTEBOOK_SYSTEMS` systems is not drawn: it shows the case's
    summary, as the case does. A graph made
    otherwise than by ``figure()`` (a subgraph of one) is named by its ``name``.

    >>> from activity_systems.render.shown import FigureGraph
    >>> graph_mimebundle(FigureGraph("part"), include=["text/plain"])
    {'text/plain': "FigureGraph(name='part', source=17 characters of DOT)"}
    """
    from activity_systems.render.api import finished_svg
    from activity_systems.render.backend import run_dot

    shown = graph.shown or Shown(title=graph.title or graph.name or "figure")

    def draw() -> str:
        source = graph.source
        return finished_svg(run_dot(source, "svg", timeout=NOTEBOOK_TIMEOUT), shown.language)

    def drawn(as_svg: bool, as_html: bool) -> dict[str, str]:
        return _figure(
            draw,
            lambda: graph.source,
            shown,
            as_svg=as_svg,
            as_html=as_html,
            saves='graph.save("figure.dot")',
        )

    return _bundle(repr(graph), drawn, include, exclude, summary=shown.summary)
