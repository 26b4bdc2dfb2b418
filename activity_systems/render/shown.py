"""The graph :func:`~activity_systems.render.figure` returns: a ``graphviz.Digraph``
that a notebook shows as it shows a case's figure, and that reads the same in every
session.

graphviz's own ``Digraph`` shows in a notebook as its SVG alone, drawn from its DOT by
Graphviz: at its own size in JupyterLab (not fitted to the column), not at all in a
notebook JupyterLab does not trust (which shows only what it deems safe), with marks
titled by Graphviz's internal names (``n12->n13``); and as text, which the notebook's
file keeps, it is ``<graphviz.graphs.Digraph at 0x7f…>``, an address in memory that
differs each time the notebook runs, so that a notebook run again and saved shows a
change in git although nothing changed.

:class:`FigureGraph` is a ``graphviz.Digraph`` in every other way: its ``source`` is
the same DOT, byte for byte; ``render``, ``pipe``, ``view``, ``attr``, ``node`` and
``edge`` are graphviz's; ``copy()``, :func:`copy.copy`, :func:`copy.deepcopy` and
:mod:`pickle` give a ``FigureGraph`` that says and shows the same. As a decision:

- It shows its DOT as it is when shown (a figure changed after it was made shows
  changed), drawn as :func:`~activity_systems.render.render` draws SVG (the marks
  titled by what they mean, in the language of the case drawn), in the bundle a case
  gives (see :mod:`activity_systems.render.notebook`): the SVG, and the HTML image
  fitted to the column, or for a figure wider than
  :data:`~activity_systems.render.notebook.READABLE_WIDTH` points, at its full size in
  a box that scrolls. Without Graphviz it shows how to install it, and its DOT folded
  below; it never raises. graphviz's ``set_jupyter_format`` does not apply to it.
- Its text is ``FigureGraph(title='…', source=N characters of DOT)``: the title the
  figure gives itself (what a screen reader reads of it), or its ``name``.
- An overview of a case of more than
  :data:`~activity_systems.render.notebook.NOTEBOOK_SYSTEMS` systems is not drawn in a
  notebook, as the case's own is not: it shows the same summary, what the case holds
  and how to save its overview or draw a part of it. One system or one pair of such a
  case (``system=``, ``pair=``) is drawn.
- A subgraph made with ``with figure.subgraph(name=...) as part:`` is a ``FigureGraph``
  of that name, without the figure's title: it is a part of the figure, not the figure.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

import graphviz


@dataclass(frozen=True)
class Shown:
    """What a notebook says of a figure beside the figure itself: its ``title`` (the
    image's ``alt`` when its SVG has none), the ``language`` of the case drawn, and for
    a figure too wide to fit the column, the Python that saves it (``ways_out``, HTML)
    and where an overview's ring starts (``starts``, HTML after a clause); ``summary``
    (HTML) is shown in place of a figure too large to draw in a notebook, and ``note``
    (HTML) below the figure (what a system checked on its own leaves out)."""

    title: str
    language: str | None = None
    ways_out: str = ""
    starts: str = ""
    summary: str | None = None
    note: str = ""


class FigureGraph(graphviz.Digraph):  # type: ignore[misc]  # graphviz has no types
    """A figure's ``graphviz.Digraph`` that shows in a notebook as a case's figure does,
    and whose text is the same in every session (see the module's description).

    >>> graph = FigureGraph("figure")
    >>> graph.title = "The court around its object"
    >>> graph
    FigureGraph(title='The court around its object', source=19 characters of DOT)
    """

    #: The title the figure gives itself, which its text and its image's ``alt`` say.
    title: str | None = None
    #: How a notebook describes the figure, set by ``figure()``; ``None`` for a graph
    #: made otherwise (a subgraph), which is named by its ``title`` or its ``name``.
    shown: Shown | None = None

    def copy(self) -> FigureGraph:
        """A copy of the figure, its title and its description in a notebook included."""
        copied = super().copy()
        assert isinstance(copied, FigureGraph)
        copied.title, copied.shown = self.title, self.shown
        return copied

    def __copy__(self) -> FigureGraph:
        return self.copy()

    def __repr__(self) -> str:
        said = f"title={self.title!r}" if self.title else f"name={self.name!r}"
        return f"{type(self).__name__}({said}, source={len(self.source):,} characters of DOT)"

    def _repr_mimebundle_(
        self,
        include: Container[str] | None = None,
        exclude: Container[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, str]:
        """The bundle a notebook shows: that of a case's figure (see
        :func:`activity_systems.render.notebook.graph_mimebundle`)."""
        from activity_systems.render.notebook import graph_mimebundle

        return graph_mimebundle(self, include, exclude)
