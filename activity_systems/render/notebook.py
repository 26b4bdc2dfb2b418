"""Jupyter display of systems and cases: their figure as SVG (or as an HTML image for a
frontend that asks for HTML and not SVG), and never an exception.

The models call :func:`mimebundle` from their ``_repr_mimebundle_``, importing this
module only then, so that ``import activity_systems.model`` needs neither Graphviz nor
the ``graphviz`` package. Without the ``dot`` program the display shows how to install
Graphviz, and the DOT text folded below it; any other failure shows what went wrong.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Container

from activity_systems.errors import GraphvizNotFound
from activity_systems.model import ActivitySystem, Case

#: Seconds a notebook waits for Graphviz before showing the DOT text instead.
NOTEBOOK_TIMEOUT = 20.0


def _pre(text: str) -> str:
    return f'<pre style="white-space: pre-wrap">{html.escape(text)}</pre>'


def _missing_graphviz(obj: ActivitySystem | Case, missing: GraphvizNotFound) -> str:
    from activity_systems.render.api import figure

    try:
        dot = figure(obj).source
    except Exception as error:  # the hint matters more than the DOT text
        dot = f"(the DOT text could not be built either: {error})"
    # Folded away: a figure's DOT runs to a hundred kilobytes, pages of a notebook.
    shown = (
        f"<details><summary>The figure as DOT text ({len(dot):,} characters), "
        f"for Graphviz elsewhere</summary>{_pre(dot)}</details>"
    )
    return _pre(str(missing)) + shown


def _figure(obj: ActivitySystem | Case, *, as_svg: bool, as_html: bool) -> dict[str, str]:
    """The figure once: as SVG when ``as_svg``, else as an HTML image when ``as_html``;
    the install hint and the DOT text as HTML when Graphviz is missing and ``as_html``."""
    from activity_systems.render.api import render

    try:
        drawn = render(obj, format="svg", timeout=NOTEBOOK_TIMEOUT)
    except GraphvizNotFound as missing:
        return {"text/html": _missing_graphviz(obj, missing)} if as_html else {}
    assert isinstance(drawn, str)
    if as_svg:
        return {"image/svg+xml": drawn}
    # An image, not inline SVG: Graphviz's ids (clip1, node1) would clash between the
    # figures of one notebook page.
    data = base64.b64encode(drawn.encode("utf-8")).decode("ascii")
    alt = html.escape(repr(obj))
    return {"text/html": f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}">'}


def mimebundle(
    obj: ActivitySystem | Case,
    include: Container[str] | None = None,
    exclude: Container[str] | None = None,
) -> dict[str, str]:
    """The MIME bundle Jupyter shows for a system or a case, as IPython's display
    protocol asks: only the types in ``include`` (all when it is ``None``) and none of
    those in ``exclude``.

    The types are ``text/plain`` and the figure, given once: as ``image/svg+xml``, or as
    ``text/html`` (an image) when SVG is left out and HTML is not. When Graphviz is
    missing, ``text/html`` holds the install hint and the DOT text; when drawing fails,
    what went wrong. A figure left out is not drawn.

    >>> from activity_systems import ActivitySystem
    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    >>> sorted(mimebundle(court, include=["text/plain"]))
    ['text/plain']
    >>> mimebundle(court, include=["image/png"])
    {}
    """

    def wanted(kind: str) -> bool:
        return (include is None or kind in include) and (exclude is None or kind not in exclude)

    bundle = {"text/plain": repr(obj)} if wanted("text/plain") else {}
    as_svg, as_html = wanted("image/svg+xml"), wanted("text/html")
    if as_svg or as_html:
        try:
            bundle |= _figure(obj, as_svg=as_svg, as_html=as_html)
        except Exception as error:  # display must never raise in a notebook
            if as_html:
                bundle["text/html"] = _pre(f"The figure could not be drawn: {error}")
    return bundle
