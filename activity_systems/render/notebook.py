"""Jupyter display of systems and cases: their figure as SVG, and never an exception.

The models call :func:`mimebundle` from their ``_repr_mimebundle_``, importing this
module only then, so that ``import activity_systems.model`` needs neither Graphviz nor
the ``graphviz`` package. Without the ``dot`` program the display shows how to install
Graphviz, and the DOT text folded below it; any other failure shows what went wrong.

>>> from activity_systems import ActivitySystem
>>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
>>> sorted(mimebundle(court, include=["text/plain"]))
['text/plain']
"""

from __future__ import annotations

import html
from collections.abc import Container

from activity_systems.errors import GraphvizNotFound
from activity_systems.model import ActivitySystem, Case

#: Seconds a notebook waits for Graphviz before showing the DOT text instead.
NOTEBOOK_TIMEOUT = 20.0


def _pre(text: str) -> str:
    return f'<pre style="white-space: pre-wrap">{html.escape(text)}</pre>'


def _figures(obj: ActivitySystem | Case) -> dict[str, str]:
    from activity_systems.render.api import figure, render

    try:
        svg = render(obj, format="svg", timeout=NOTEBOOK_TIMEOUT)
    except GraphvizNotFound as missing:
        try:
            dot = figure(obj).source
        except Exception as error:  # the hint matters more than the DOT text
            dot = f"(the DOT text could not be built either: {error})"
        # Folded away: a figure's DOT runs to a hundred kilobytes, pages of a notebook.
        shown = (
            f"<details><summary>The figure as DOT text ({len(dot):,} characters), "
            f"for Graphviz elsewhere</summary>{_pre(dot)}</details>"
        )
        return {"text/html": _pre(str(missing)) + shown}
    assert isinstance(svg, str)
    return {"image/svg+xml": svg}


def mimebundle(
    obj: ActivitySystem | Case,
    include: Container[str] | None = None,
    exclude: Container[str] | None = None,
) -> dict[str, str]:
    """The MIME bundle Jupyter shows for a system or a case: ``image/svg+xml`` (or
    ``text/html`` with the DOT text and the install hint when Graphviz is missing) and
    ``text/plain``; limited to ``include`` and without ``exclude`` when given."""
    bundle = {"text/plain": repr(obj)}
    wanted = [t for t in ("image/svg+xml", "text/html") if include is None or t in include]
    if wanted:
        try:
            bundle |= _figures(obj)
        except Exception as error:  # display must never raise in a notebook
            bundle["text/html"] = _pre(f"The figure could not be drawn: {error}")
    return {
        kind: value
        for kind, value in bundle.items()
        if (include is None or kind in include) and (exclude is None or kind not in exclude)
    }
