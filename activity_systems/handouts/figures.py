"""The handout's diagrams: one per system, the overview, one per neighbouring pair."""

from __future__ import annotations

from markupsafe import Markup

from activity_systems.handouts.context import Figure, FigureKind, figure_specs
from activity_systems.handouts.svg import inline_svg
from activity_systems.model import Case
from activity_systems.rules.finding import Report


def draw_svg(
    case: Case,
    kind: FigureKind,
    systems: tuple[str, ...],
    *,
    report: Report,
    theme: str,
    timeout: float | None = None,
) -> str:
    """The SVG text of one figure, numbered like ``report``; Graphviz may take ``timeout``
    seconds (default :data:`~activity_systems.render.DEFAULT_TIMEOUT`)."""
    from activity_systems.render import DEFAULT_TIMEOUT, render

    pair = (systems[0], systems[1]) if kind == "pair" else None
    system = systems[0] if kind == "system" else None
    svg = render(
        case,
        format="svg",
        system=system,
        pair=pair,
        report=report,
        theme=theme,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )
    return str(svg)


def figure_files(
    case: Case, *, report: Report, theme: str, stem: str, timeout: float | None = None
) -> tuple[list[Figure], dict[str, str]]:
    """Figures for a Markdown handout, and ``{file name: SVG text}`` to write beside it.

    Files are named ``<stem>-figure<N>-<slug>.svg``.
    """
    figures: list[Figure] = []
    files: dict[str, str] = {}
    for number, (kind, slug, title, systems) in enumerate(figure_specs(case), start=1):
        name = f"{stem}-figure{number}-{slug}.svg"
        files[name] = draw_svg(case, kind, systems, report=report, theme=theme, timeout=timeout)
        figures.append(Figure(number, kind, slug, title, systems, filename=name))
    return figures, files


def inline_figures(
    case: Case, *, report: Report, theme: str, timeout: float | None = None
) -> list[Figure]:
    """Figures for an HTML handout, SVG inlined with ids prefixed ``fig<N>-``."""
    figures: list[Figure] = []
    for number, (kind, slug, title, systems) in enumerate(figure_specs(case), start=1):
        drawn = draw_svg(case, kind, systems, report=report, theme=theme, timeout=timeout)
        svg = Markup(inline_svg(drawn, f"fig{number}"))
        figures.append(Figure(number, kind, slug, title, systems, svg=svg))
    return figures
