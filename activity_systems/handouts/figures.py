"""The handout's diagrams: one per system, the overview, one per neighbouring pair."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from activity_systems.errors import GraphvizNotFound
from activity_systems.handouts.context import Figure, FigureKind, figure_specs
from activity_systems.handouts.svg import inline_svg
from activity_systems.model import Case
from activity_systems.rules.finding import Report

if TYPE_CHECKING:
    from activity_systems.render.words import FigureWords

FigureFormat = Literal["svg", "png"]
#: Told ``(drawn, total)``, the figures drawn so far and how many the handout has.
FigureCallback = Callable[[int, int], object]
#: The formats of a Markdown handout's figure files.
FIGURE_FORMATS: tuple[FigureFormat, ...] = ("svg", "png")


def _draw(
    case: Case,
    kind: FigureKind,
    systems: tuple[str, ...],
    fmt: FigureFormat,
    *,
    report: Report,
    theme: str,
    timeout: float | None,
    words: FigureWords | None = None,
) -> str | bytes:
    """One figure in ``fmt``, numbered like ``report`` (a PNG at :data:`PNG_DPI`).

    Raises:
        GraphvizNotFound: without Graphviz's program, saying that the handout's figures
            need it (see :func:`_without_graphviz`).
    """
    from activity_systems.render import figure, render
    from activity_systems.render.api import draw

    system = systems[0] if kind == "system" else None
    pair = (systems[0], systems[1]) if kind == "pair" else None
    try:
        if fmt == "png":
            # At the handout's own resolution, which no option changes: Graphviz running
            # out of time is not told to lower it.
            return draw(
                lambda: figure(
                    case, system=system, pair=pair, report=report, theme=theme, words=words
                ),
                "png",
                timeout=timeout,
                dpi=PNG_DPI,
                dpi_chosen=False,
            )
        drawn = render(
            case,
            format=fmt,
            system=system,
            pair=pair,
            report=report,
            theme=theme,
            timeout=timeout,
            words=words,
        )
    except GraphvizNotFound as missing:
        raise GraphvizNotFound(_without_graphviz(missing)) from None
    assert isinstance(drawn, str | bytes)
    return drawn


def _without_graphviz(missing: GraphvizNotFound) -> str:
    """What a handout says without Graphviz's program: its figures need it; how to
    install it; and what can be had meanwhile, without it.

    No handout is written without its figures. Its text refers to them by number
    (Figures 1 to 3, the bolts numbered as in the report, the pairs' worksheets in the
    order of their figures), so a handout that left them out would point at what it does
    not hold; the report's Markdown is the handout's findings and questions without them.
    """
    from activity_systems.render.backend import INSTALL_HINT, INSTALL_ROUTES

    said = str(missing)
    if said != INSTALL_HINT:
        return said  # found but could not be run: that is what to fix (it says how)
    return (
        "Graphviz's 'dot' program was not found on PATH: a handout's figures are drawn "
        f"with it, and no handout is written without them. {INSTALL_ROUTES} Meanwhile, "
        "without Graphviz, the findings and their questions for discussion are in the "
        "report's Markdown ('check CASE --format markdown' on the command line, "
        "report.to_markdown() in Python), and a figure's DOT text "
        "('render CASE -o figure3.dot') draws the same figure with Graphviz elsewhere "
        "('dot -Tsvg figure3.dot -o figure3.svg')."
    )


def draw_svg(
    case: Case,
    kind: FigureKind,
    systems: tuple[str, ...],
    *,
    report: Report,
    theme: str,
    timeout: float | None = None,
    words: FigureWords | None = None,
) -> str:
    """The SVG text of one figure, numbered like ``report``, drawn within ``timeout``
    seconds, its layout in Python included; without one, the layout has no time limit
    and Graphviz's program :data:`~activity_systems.render.DEFAULT_TIMEOUT` (see
    :func:`~activity_systems.render.api.draw`)."""
    svg = _draw(
        case, kind, systems, "svg", report=report, theme=theme, timeout=timeout, words=words
    )
    return str(svg)


def draw_png(
    case: Case,
    kind: FigureKind,
    systems: tuple[str, ...],
    *,
    report: Report,
    theme: str,
    timeout: float | None = None,
    words: FigureWords | None = None,
) -> bytes:
    """The PNG of one figure, numbered like ``report``, at :data:`PNG_DPI` dots per inch
    and saying so in the file, as every PNG drawn does (see
    :func:`~activity_systems.render.backend.with_resolution`)."""
    png = _draw(
        case, kind, systems, "png", report=report, theme=theme, timeout=timeout, words=words
    )
    assert isinstance(png, bytes)
    return png


#: The resolution of a Markdown handout's PNG figures: twice what a screen shows at
#: 100%, so that they stay sharp on a high-density screen and in print.
PNG_DPI = 192.0


#: The longest name a figure file may have, in bytes. File systems allow 255, but
#: Windows refuses a path of more than 260 characters (unless long paths are turned on),
#: and a OneDrive or SharePoint folder on a laptop is often a hundred deep
#: (``C:\\Users\\…\\OneDrive - Trust\\Workshops\\2026\\``): a figure's name, which the
#: library chooses, leaves it room.
FIGURE_NAME_BYTES = 120


def figure_name(stem: str, number: int, slug: str, figures: FigureFormat) -> str:
    """``<stem>-figure<N>-<slug>.svg`` (or ``.png``); a name longer than
    :data:`FIGURE_NAME_BYTES` (the slug of two systems with ids of over fifty characters)
    has its slug cut short and followed by the first 8 hexadecimal digits of
    the slug's SHA-256, so that it fits, stays the same for the same case and differs
    from the names of the other figures.

    >>> figure_name("court", 3, "court-mhs", "svg")
    'court-figure3-court-mhs.svg'
    >>> long = figure_name("h", 3, "a" * 60 + "-" + "b" * 60, "png")
    >>> len(long), long[:14], long[-17:]
    (120, 'h-figure3-aaaa', 'bbbb-e3a7b771.png')
    """
    name = f"{stem}-figure{number}-{slug}.{figures}"
    if len(os.fsencode(name)) <= FIGURE_NAME_BYTES:
        return name
    head, tag = f"{stem}-figure{number}-", hashlib.sha256(slug.encode()).hexdigest()[:8]
    room = FIGURE_NAME_BYTES - len(os.fsencode(f"{head}-{tag}.{figures}"))
    cut = slug[: max(room, 0)].rstrip("-_")
    return f"{head}{cut}-{tag}.{figures}" if cut else f"{head}{tag}.{figures}"


def figure_files(
    case: Case,
    *,
    report: Report,
    theme: str,
    stem: str,
    timeout: float | None = None,
    figures: FigureFormat = "svg",
    words: FigureWords | None = None,
    on_figure: FigureCallback | None = None,
) -> tuple[list[Figure], dict[str, str | bytes]]:
    """Figures for a Markdown handout, and ``{file name: content}`` to write beside it:
    SVG as text, or PNG as bytes; ``on_figure`` as for :func:`inline_figures`.

    Files are named ``<stem>-figure<N>-<slug>.svg`` (or ``.png``), shortened past
    :data:`FIGURE_NAME_BYTES` (see :func:`figure_name`).
    """
    drawn: list[Figure] = []
    files: dict[str, str | bytes] = {}
    specs = figure_specs(case)
    if on_figure is not None:
        on_figure(0, len(specs))
    for number, (kind, slug, title, systems) in enumerate(specs, start=1):
        name = figure_name(stem, number, slug, figures)
        draw = draw_png if figures == "png" else draw_svg
        files[name] = draw(
            case, kind, systems, report=report, theme=theme, timeout=timeout, words=words
        )
        drawn.append(Figure(number, kind, slug, title, systems, filename=name))
        if on_figure is not None:
            on_figure(number, len(specs))
    return drawn, files


def inline_figures(
    case: Case,
    *,
    report: Report,
    theme: str,
    timeout: float | None = None,
    words: FigureWords | None = None,
    on_figure: FigureCallback | None = None,
) -> list[Figure]:
    """Figures for an HTML handout, SVG inlined with ids prefixed ``fig<N>-``, each an
    image (``role="img"``) named by its caption; those too wide to read shrunk to the
    page (as in a notebook: :func:`~activity_systems.render.notebook.too_wide_to_fit`)
    marked to scroll on screen. ``on_figure(drawn, total)`` is called before the first
    figure (``drawn`` 0) and after each, for a counter of a large map's figures."""
    from activity_systems.render.notebook import drawn_size, too_wide_to_fit

    figures: list[Figure] = []
    specs = figure_specs(case)
    if on_figure is not None:
        on_figure(0, len(specs))
    for number, (kind, slug, title, systems) in enumerate(specs, start=1):
        drawn = draw_svg(
            case, kind, systems, report=report, theme=theme, timeout=timeout, words=words
        )
        size = drawn_size(drawn)
        figure = Figure(
            number,
            kind,
            slug,
            title,
            systems,
            scrolls=too_wide_to_fit(drawn),
            width=0.0 if size is None else size[0],
        )
        svg = Markup(inline_svg(drawn, f"fig{number}", labelled_by=figure.caption_id))
        figures.append(replace(figure, svg=svg))
        if on_figure is not None:
            on_figure(number, len(specs))
    return figures
