"""``render``: a case, a system or a report drawn as DOT, SVG, PNG or PDF.

>>> import activity_systems as a
>>> case = a.load("examples/court-reports.yaml")
>>> dot = render(case.system("court"), format="dot")
>>> dot.startswith("digraph figure {") and "Magistrate" in dot
True
>>> render(case, format="dot") == render(case, format="dot")
True
"""

from __future__ import annotations

import os
import re
import shlex
import warnings
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Literal, overload

import graphviz

from activity_systems.errors import ArgumentError, OutputError, user_stacklevel
from activity_systems.io.atomic import own_file_kind
from activity_systems.model import ActivitySystem, Case
from activity_systems.render.backend import (
    DEFAULT_TIMEOUT,
    check_dpi,
    check_height,
    check_width,
    run_dot,
)
from activity_systems.render.deadline import check, check_limit, figure_time
from activity_systems.render.figures import (
    check_overview,
    overview_figure,
    pair_figure,
    standalone_case,
    system_figure,
)
from activity_systems.render.lookups import check_report_of, chosen_findings
from activity_systems.render.printed import check_print_width, svg_at_width, warn_of_small_text
from activity_systems.render.shown import FigureGraph
from activity_systems.render.theme import (
    LowContrastWarning,
    Theme,
    hard_to_read,
    on_background,
    theme_named,
)
from activity_systems.render.titles import in_language, lines_in_their_direction, retitle
from activity_systems.render.words import ENGLISH, FigureWords
from activity_systems.rules.collector import collector_paused
from activity_systems.rules.finding import Finding, Report

#: Output formats, and the file extensions that choose them.
FORMATS = ("dot", "svg", "png", "pdf")
EXTENSIONS = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf"}

#: Formats that journals and word processors ask for but that are not drawn, with the
#: way to get each from one that is (``{pdf}``, ``{png}``, ``{svg}``: the file of that
#: format, ``{name}`` the one asked for, ``{stem}`` it without its extension, each with
#: its folder as given and quoted for a shell where it needs to be). As a
#: decision, they are not drawn by converting inside the library: the converters
#: (poppler's, for EPS, PostScript and TIFF) are not Graphviz's, and the figure is made
#: in its own formats, which stay the same bytes for the same case.
CONVERTED = {
    ".eps": "for EPS, draw {pdf} and convert it: pdftops -eps {pdf} {name}",
    ".ps": "for PostScript, draw {pdf} and convert it: pdftops {pdf} {name}",
    ".tif": (
        "for TIFF, draw {pdf} and convert it: pdftocairo -tiff -tiffcompression lzw "
        "-r 600 -singlefile {pdf} {stem}"
    ),
    ".jpg": (
        "for JPEG, draw {png}, which keeps text and lines sharp, or convert the PDF: "
        "pdftocairo -jpeg -r 600 -singlefile {pdf} {stem}"
    ),
    ".emf": (
        "for Word or PowerPoint, draw {svg} or {png} (with --dpi 300 or more): both insert either"
    ),
}
CONVERTED[".tiff"] = CONVERTED[".tif"]
CONVERTED[".jpeg"] = CONVERTED[".jpg"]
CONVERTED[".wmf"] = CONVERTED[".emf"]


def converted_hint(target: str | os.PathLike[str]) -> str:
    """How to get ``target``'s format when it is one of :data:`CONVERTED`, after a
    ``"; "``, or nothing.

    >>> converted_hint("figs/f3.eps")
    '; for EPS, draw figs/f3.pdf and convert it: pdftops -eps figs/f3.pdf figs/f3.eps'
    >>> converted_hint("figure3.gif")
    ''
    """
    path = Path(target)
    hint = CONVERTED.get(path.suffix.lower())
    if hint is None:
        return ""

    def shell(name: Path) -> str:
        return shell_quoted(os.fspath(name), windows=os.name == "nt")

    names = {fmt: shell(path.with_suffix(f".{fmt}")) for fmt in ("pdf", "png", "svg")}
    return "; " + hint.format(**names, name=shell(path), stem=shell(path.with_suffix("")))


#: What a name holds that cmd.exe and PowerShell read as it is, outside quotes.
_BARE_ON_WINDOWS = re.compile(r"[A-Za-z0-9_.:\\/-]+")


def shell_quoted(name: str, *, windows: bool) -> str:
    """``name`` as one argument of a command pasted into a shell: POSIX's (quoted as
    :func:`shlex.quote` quotes), or on Windows cmd.exe's and PowerShell's (in double
    quotes unless it is letters, digits and ``_ . : \\ / -`` alone). A relative name
    that starts with ``-`` gets ``./`` (``.\\``) before it, so that the command does
    not take it for its options.

    >>> shell_quoted("my figure.pdf", windows=False), shell_quoted("-x.pdf", windows=False)
    ("'my figure.pdf'", './-x.pdf')
    >>> print(shell_quoted("R&D.pdf", windows=True))
    "R&D.pdf"
    """
    if name.startswith("-"):
        name = (".\\" if windows else "./") + name
    if not windows:
        return shlex.quote(name)
    return name if _BARE_ON_WINDOWS.fullmatch(name) else f'"{name}"'


Drawable = Case | ActivitySystem | Report | str | os.PathLike[str]

# What to do with the report of a case when one of its systems is drawn without it.
_ALONE = (
    "a system given without its case is drawn as a case of its own; "
    "give its case too, case=case, to draw it with the report of its case"
)


def _case_and_report(
    obj: Case | ActivitySystem | Report, case: Case | None, report: Report | None
) -> tuple[Case, ActivitySystem | None, Report | None]:
    """What to draw: the case, the one system given as ``obj``, and the report if given."""
    if isinstance(obj, Report):
        if case is None:
            raise TypeError("a report is drawn on its case: render(report, case=case)")
        return case, None, obj
    if isinstance(obj, ActivitySystem):
        context = case if case is not None else standalone_case(obj)
        return context, obj, report
    if isinstance(obj, Case):
        return obj, None, report
    raise TypeError(
        f"cannot draw a {type(obj).__name__}: give a Case, an ActivitySystem, a Report "
        "(with case=...) or the path of a case file"
    )


def _language_of(obj: Case | ActivitySystem | Report, case: Case | None) -> str | None:
    """The ``language`` of the case a figure of ``obj`` draws (see :func:`_case_and_report`)."""
    context = obj if isinstance(obj, Case) else case
    return None if context is None else context.language


def _holding(system: ActivitySystem) -> Callable[[Case], bool]:
    """Whether a case has ``system``, as it is: a system drawn alone is a case of its
    own, of that system, and takes the report of a case it is part of."""

    def holds(case: Case) -> bool:
        if not case.has_system(system.id):
            return False
        own = case.system(system.id)
        return own is system or own == system

    return holds


def default_report(case: Case) -> Report:
    """The built-in rules' report on ``case``: what figures draw unless told otherwise."""
    from activity_systems.rules.engine import run_rules

    return run_rules(case)


def figure(
    obj: Case | ActivitySystem | Report,
    *,
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    caption: bool = True,
) -> graphviz.Digraph:
    """The figure for ``obj`` as a Graphviz graph (its ``.source`` is the DOT text).

    The graph is a ``graphviz.Digraph`` (its ``render``, ``pipe``, ``copy()`` and
    pickling are graphviz's), of the subclass
    :class:`~activity_systems.render.shown.FigureGraph`: shown in a notebook, it displays
    as a case's figure does (the SVG as :func:`render` draws it, and an image fitted to
    the column, which a notebook JupyterLab does not trust shows too), from its DOT as it
    is when shown, and its text, ``FigureGraph(title='…', source=N characters of DOT)``,
    is the same in every session, not graphviz's address in memory.

    >>> from activity_systems import figure, load
    >>> case = load("examples/court-reports.yaml")
    >>> drawn = figure(case, system="court")
    >>> drawn.source == render(case, format="dot", system="court")
    True
    >>> drawn  # doctest: +ELLIPSIS
    FigureGraph(title="Magistrates' court (CJS): activity system, 10 contradictions", ...)

    A system gives its triangle (Figure 1 or 2); a case of one system the same; a case of
    two systems, or any case with ``pair=(a, b)``, the two facing triangles (Figure 3);
    a case of more systems the overview. ``system="id"`` picks one system's triangle.
    Contradictions come from ``report``, else from the built-in rules; none are drawn
    with ``contradictions=False``. ``findings`` draws only those of the report
    (``report.involving(case, "court")``, ``report.at_or_above("high")``, any list of
    its findings), with the numbers the report gives them, as its list shows them: a
    report built of them alone would number them from 1. The overview draws them one by one up to
    :data:`~activity_systems.render.summary.DETAIL_LIMIT` and summarised past it;
    ``overview="detailed"`` or ``"summary"`` asks for the overview of the case's systems
    (of a case of two systems too), drawn that way however many there are.
    ``theme`` is ``"default"``, ``"print"`` or a :class:`~activity_systems.render.Theme`
    of one's own (``dataclasses.replace(THEMES["default"], bolt="#7b2d8e")``), and
    ``background`` what it is drawn on, as :func:`render` takes it.
    ``words`` is a :class:`~activity_systems.render.FigureWords` of the figure's fixed
    words in another language (the nodes' names, the caption's key and notes, the title,
    the tooltips); English without it, byte for byte the figure drawn before it existed.
    ``caption=False`` leaves out the caption above the figure, its title, the key to its
    marks and its notes (the findings no figure draws, the rules the case leaves out),
    for a slide whose own title says what it shows and whose presenter talks the key
    through; the figure's title is still what a screen reader reads and a pointer shows.

    A ``report`` must be of the case drawn: one whose ``case`` (the title of the case it
    was checked from) is another case's title is refused, since its numbers and
    findings are not this case's. One of this title that is most likely the report of
    another version of the case is drawn with a
    :class:`~activity_systems.StaleReportWarning`: one whose findings name elements,
    exchanges or systems the case does not have (drawn only on what the case still has
    of them), or one made from a case whose content differs from this one's (a report
    remembers the case it was made from; an equal case, loaded again, is taken as that
    case). A system given without
    ``case`` is drawn as a case of its own, titled as the system; to draw it with the
    report of its case, give the case too. A report built by hand (:meth:`Report.build
    <activity_systems.Report.build>`) is taken on the same terms.

    Warns:
        StaleReportWarning: for a ``report`` with findings on what the case lacks, or
            made from another version of the case.
        LowContrastWarning: for a ``background`` on which the text that stands on it,
            the title, the caption, the systems' names or the exchanges' labels, reads
            under WCAG AA's 4.5:1, or a theme of one's own whose elements' text,
            headings or bolts' numbers read so on what they stand on.

    Raises:
        ValueError: for ``system`` and ``pair`` together, a pair that is not two different
            systems, an unknown theme, background or overview, an overview asked for
            with a system or a pair, a ``report`` of another case (the message names
            both cases), or ``findings`` not of the report drawn (or with
            ``contradictions=False``).
        UnknownIdError: (a ``KeyError``) for a system id the case does not have, naming
            the closest id.
        TypeError: for ``findings`` that are not findings (a report, keys), or a
            ``theme`` that is neither a name nor a ``Theme``.
    """
    # Building a figure allocates hundreds of thousands of small objects (points,
    # boxes, DOT statements) that hold no reference cycles; the cyclic collector's passes
    # over them, and over the case and report held meanwhile, took a fifth of a
    # 2,000-system overview's time and grew faster than the figure. It is paused while
    # the figure is built, as while the rules run; cycles made meanwhile are collected
    # once it resumes.
    with collector_paused():
        style = theme_named(theme)
        if background is not None:  # else the theme's own: white, for the named themes
            style = on_background(style, background)
        context, single, given = _case_and_report(obj, case, report)
        check_overview(overview)
        if overview != "auto" and (single is not None or system is not None or pair is not None):
            raise ArgumentError(
                f"overview={overview!r} draws the overview of a case's systems: "
                "give it without system=... or pair=..., and a case rather than a system"
            )
        if system is not None and pair is not None:
            raise ArgumentError("choose one system (system=...) or a pair (pair=...), not both")
        if findings is not None and not contradictions:
            raise ArgumentError(
                "findings=... chooses the contradictions to draw: "
                "give it without contradictions=False"
            )
        if single is not None and pair is not None:
            raise ArgumentError("a single system has no pair: draw the case for Figure 3")
        if pair is not None and (len(pair) != 2 or pair[0] == pair[1]):
            raise ArgumentError(f"a pair is two different system ids, not {pair!r}")
        if system is not None:
            single = context.system(system)
        elif pair is not None:
            context.system(pair[0]), context.system(pair[1])
        drawn = None
        if contradictions:
            if given is not None:
                alone = obj if isinstance(obj, ActivitySystem) and case is None else None
                check_report_of(
                    context,
                    given,
                    advice=None if alone is None else _ALONE,
                    part_of=None if alone is None else _holding(alone),
                )
            drawn = given if given is not None else default_report(context)
            if findings is not None:  # after the check of the whole report, which they are of
                drawn = chosen_findings(drawn, findings)
            # the figure's time limit, if it has one, counts the rules' time too: they are
            # not stopped on the way (they know nothing of figures), but the figure is not
            # begun once they have taken it all
            check()
        unreadable = hard_to_read(style)
        if unreadable is not None:  # once the call is known to draw
            warnings.warn(unreadable, LowContrastWarning, stacklevel=user_stacklevel())
        said = _figure_words(words)
        if single is not None:
            # a system given without its case, drawn as a case of its own
            on_its_own = isinstance(obj, ActivitySystem) and case is None
            graph = system_figure(
                single, case=context, report=drawn, theme=style, words=said, alone=on_its_own
            )
            shown = _shown(_captioned(graph, caption), single, context)
            return _alone(shown, single) if on_its_own and drawn is not None else shown
        if overview != "auto":
            graph = overview_figure(context, report=drawn, theme=style, detail=overview, words=said)
            return _shown(_captioned(graph, caption), context, context, overview=True)
        if pair is None and len(context.systems) == 2:
            pair = (context.systems[0].id, context.systems[1].id)
        if pair is not None:
            graph = pair_figure(context, pair[0], pair[1], report=drawn, theme=style, words=said)
            return _shown(_captioned(graph, caption), context, context)
        if len(context.systems) == 1:
            only = context.systems[0]
            graph = system_figure(only, case=context, report=drawn, theme=style, words=said)
            return _shown(_captioned(graph, caption), context, context)
        graph = overview_figure(context, report=drawn, theme=style, words=said)
        return _shown(_captioned(graph, caption), context, context, overview=True)


def _captioned(graph: graphviz.Digraph, caption: bool) -> graphviz.Digraph:
    """``graph``, without its caption unless ``caption``: the figure's marks where they
    were, the drawing then only as large as they are (Graphviz sizes it round them)."""
    if not caption:
        for key in ("label", "labelloc", "labeljust"):
            graph.graph_attr.pop(key, None)
    return graph


def _shown(
    graph: graphviz.Digraph, obj: Case | ActivitySystem, case: Case, *, overview: bool = False
) -> graphviz.Digraph:
    """``graph`` told how a notebook describes it (see
    :mod:`activity_systems.render.shown`): as the figure of ``obj`` is, in the language
    of ``case``, the case drawn (a system drawn without its case is a case of its own,
    which has none). The ``overview`` of a case of more systems than a notebook draws
    shows the case's summary instead, as the case does."""
    from activity_systems.render import notebook

    if isinstance(graph, FigureGraph):
        large = overview and len(case.systems) > notebook.NOTEBOOK_SYSTEMS
        summary = notebook.not_drawn(case) if large else None
        graph.shown = replace(notebook.shown_as(obj), language=case.language, summary=summary)
    return graph


def _alone(graph: graphviz.Digraph, system: ActivitySystem) -> graphviz.Digraph:
    """``graph``, the figure of ``system`` checked on its own, told to say so in a
    notebook below the figure, with how to draw its contradictions with other systems."""
    from activity_systems.render import notebook

    if isinstance(graph, FigureGraph) and graph.shown is not None:
        graph.shown = replace(graph.shown, note=notebook.alone_note(system))
    return graph


def _figure_words(words: FigureWords | None) -> FigureWords:
    """The fixed words a figure is drawn with: ``words``, else English.

    Raises:
        TypeError: for ``words`` that are not a :class:`FigureWords` (a dict of them:
            ``FigureWords(**mapping)`` makes one, refusing a key it does not know).
    """
    if words is None:
        return ENGLISH
    if not isinstance(words, FigureWords):
        raise TypeError(
            f"words is {type(words).__name__}, not a FigureWords: give "
            "FigureWords(subject=..., ...), English for each word not given"
        )
    return words


def refuse_case_file_name(target: str | os.PathLike[str], fmt: str) -> None:
    """Refuse to write a figure (of format ``fmt``) to a name ending in ``.yaml``,
    ``.yml`` or ``.json``, most likely a case file, or in ``.py``, a Python file (the
    rules of ``--rules-from``, say): no figure should replace either.

    Raises:
        OutputError: for such a name.
    """
    kind = own_file_kind(target)
    if kind is not None:
        suffix = Path(target).suffix.lower()
        raise OutputError(
            f"{os.fspath(target)}: refusing to write a figure to {kind}'s name ({suffix}); "
            f"give the figure a name of its own, such as {Path(target).stem}.{fmt}"
        )


def format_for(target: str | os.PathLike[str] | None, fmt: str | None) -> str:
    """The output format: ``fmt`` when given, else from ``target``'s extension, else SVG.

    Raises:
        ArgumentError: (a ``ValueError``) for an unknown format or extension, or a
            ``fmt`` that contradicts the extension of ``target``.
        OutputError: for a ``target`` named like a case file or a Python file.
    """
    if fmt is not None:
        if fmt.lower() not in FORMATS:
            raise ArgumentError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        from activity_systems.io.atomic import names_folder

        if target is not None and not names_folder(target):  # a folder is refused later
            refuse_case_file_name(target, fmt.lower())
            named = EXTENSIONS.get(Path(target).suffix.lower())
            if named is not None and named != fmt.lower():
                raise ArgumentError(
                    f"{os.fspath(target)!r}: the extension says {named} but format={fmt!r}; "
                    "give one of them"
                )
        return fmt.lower()
    if target is None:
        return "svg"
    refuse_case_file_name(target, "svg")  # not 'or pass format=...', which is refused too
    suffix = Path(target).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ArgumentError(
            f"cannot tell the format from {os.fspath(target)!r}: name the file "
            f"{', '.join(sorted(EXTENSIONS))} or pass format=...{converted_hint(target)}"
        )
    return EXTENSIONS[suffix]


def finished_svg(drawn: bytes, language: str | None) -> str:
    """The SVG Graphviz drew, as the library gives it: each mark titled by what it means,
    not by Graphviz's names for it, and saying the ``language`` of the case drawn, for
    screen readers (see :mod:`activity_systems.render.titles`)."""
    return in_language(lines_in_their_direction(retitle(drawn.decode("utf-8"))), language)


def draw(
    build: Callable[[], graphviz.Digraph],
    fmt: str,
    *,
    timeout: float | None = None,
    dpi: float | None = None,
    dpi_chosen: bool = True,
    width: int | None = None,
    print_width: float | None = None,
    height: int | None = None,
) -> str | bytes:
    """The figure that ``build`` makes, as DOT text (``fmt="dot"``) or drawn by Graphviz
    (see :func:`~activity_systems.render.backend.run_dot`, which takes ``dpi`` and
    ``dpi_chosen``, or ``width``).

    With a ``timeout``, the figure is drawn within that many seconds in all: its layout
    in Python (``build``, stopped before its next search for a line's way once the time
    has passed; see :mod:`activity_systems.render.deadline`), then Graphviz's program,
    for what is left. A figure whose layout has finished is returned as DOT however long
    it took: there is nothing left to stop. Without one, the layout has no time limit
    and the program has :data:`~activity_systems.render.backend.DEFAULT_TIMEOUT`.

    Raises:
        TimeLimitError: when the time runs out, in the layout or in Graphviz (the
            message says which).
        ArgumentError: (a ``ValueError``) for a ``timeout`` that is not a positive, finite
            number of seconds.
    """
    check_limit(timeout)
    with figure_time(timeout) as deadline:
        source: str = build().source
    if fmt == "dot":
        return source
    if deadline is None:
        return run_dot(
            source,
            fmt,
            timeout=DEFAULT_TIMEOUT,
            dpi=dpi,
            dpi_chosen=dpi_chosen,
            width=width,
            print_width=print_width,
            height=height,
        )
    left = deadline.limit - deadline.spent()
    if left <= 0:  # the layout took it all: Graphviz is not started for nothing
        raise deadline.out_of_time()
    return run_dot(
        source,
        fmt,
        timeout=left,
        dpi=dpi,
        dpi_chosen=dpi_chosen,
        limit=deadline.limit,
        width=width,
        print_width=print_width,
        height=height,
    )


# What render returns, for type checkers: the path written, or the figure itself: text
# for DOT and SVG, bytes for PNG and PDF (either, for a format known only as a str).
@overload
def render(
    obj: Drawable,
    target: str | os.PathLike[str],
    *,
    format: str | None = None,
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    timeout: float | None = None,
    dpi: float | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    width: int | None = None,
    caption: bool = True,
    print_width: str | None = None,
    height: int | None = None,
) -> Path: ...


@overload
def render(
    obj: Drawable,
    target: None = None,
    *,
    format: Literal["dot", "svg"] | None = None,
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    timeout: float | None = None,
    dpi: float | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    width: int | None = None,
    caption: bool = True,
    print_width: str | None = None,
    height: int | None = None,
) -> str: ...


@overload
def render(
    obj: Drawable,
    target: None = None,
    *,
    format: Literal["png", "pdf"],
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    timeout: float | None = None,
    dpi: float | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    width: int | None = None,
    caption: bool = True,
    print_width: str | None = None,
    height: int | None = None,
) -> bytes: ...


@overload
def render(
    obj: Drawable,
    target: None = None,
    *,
    format: str,
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    timeout: float | None = None,
    dpi: float | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    width: int | None = None,
    caption: bool = True,
    print_width: str | None = None,
    height: int | None = None,
) -> str | bytes: ...


def render(
    obj: Drawable,
    target: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    system: str | None = None,
    pair: tuple[str, str] | None = None,
    theme: str | Theme = "default",
    contradictions: bool = True,
    report: Report | None = None,
    case: Case | None = None,
    timeout: float | None = None,
    dpi: float | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overview: str = "auto",
    background: str | None = None,
    words: FigureWords | None = None,
    findings: Iterable[Finding] | None = None,
    width: int | None = None,
    caption: bool = True,
    print_width: str | None = None,
    height: int | None = None,
) -> str | bytes | Path:
    """Draw a case, a system or a report; write it to ``target`` or return it.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> render(case).startswith("<?xml"), render(case, format="png")[1:4]
    (True, b'PNG')
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(render(case, Path(folder, "court.pdf"), system="court").name)
    court.pdf

    ``obj`` is a :class:`Case`, an :class:`ActivitySystem`, a :class:`Report` (with
    ``case=``) or a case file's path (a ``str`` or any ``os.PathLike``, as ``target`` is);
    see :func:`figure` for which figure is drawn, for ``overview`` (``"auto"``,
    ``"detailed"`` or ``"summary"``), for the ``report`` it takes: that of the case
    drawn, ``check(case)``, or none, and for ``findings``, the findings of that report to
    draw, numbered as in the report. The format comes from ``format``, else from
    ``target``'s extension (``.dot``/``.gv``, ``.svg``, ``.png``, ``.pdf``), else SVG. DOT
    needs no Graphviz; the other formats run Graphviz's ``dot`` (SVG of a figure up to a
    megabyte of DOT is drawn by Graphviz's library in this process instead, the same bytes a
    few milliseconds sooner: see :mod:`activity_systems.render.library`). ``timeout``, in
    seconds, limits the whole drawing of the figure: its layout, done in Python (the routing
    of a large detailed overview's lines can take minutes), is stopped once it has passed,
    and Graphviz's program gets what is left of it (a limit past 24 days being taken as 24
    days, the longest some systems can wait for a program); see
    :mod:`activity_systems.render.deadline`. Without one, the layout has no time limit
    and the program is stopped after
    :data:`~activity_systems.render.backend.DEFAULT_TIMEOUT` (30) seconds. ``dpi`` sets a
    PNG's resolution: Graphviz's default is 96 dots per inch, so ``dpi=192`` doubles the
    width and height in pixels. ``width`` draws a PNG that many pixels wide instead (a
    slide's or a screen's, ``width=1920``), at the resolution that makes it so, which the
    file says; it is given instead of ``dpi``, not with it. ``height`` draws it that many
    pixels high, and ``width`` and ``height`` together draw it as large as fits in that
    box, keeping the figure's shape (``width=1920, height=1080`` for a 16:9 slide: Figure
    1, taller than 16:9, comes out 1,080 pixels high and narrower than 1,920). For the
    other formats ``dpi``, ``width`` and ``height`` are errors: SVG and PDF are vector
    formats, sharp at any size.
    ``print_width`` (``"88mm"``, ``"180mm"``, ``"3.5in"``, with its unit: ``mm``, ``cm``,
    ``in`` or ``pt``) draws an SVG or a PDF the width it is printed at, scaled to it, not
    laid out anew: an SVG says that size (its drawing unchanged), so that a word processor
    inserts it so, and a PDF's page is that wide (to the nearest point); see
    :mod:`activity_systems.render.printed`.
    ``caption=False`` leaves out the caption above the figure (its title, the key to its
    marks and its notes, see :func:`figure`). ``background`` is what the figure is drawn on:
    ``"white"``, ``"transparent"`` or a colour written as ``"#rrggbb"`` or ``"#rgb"`` (a
    poster's), which an exchange's label takes too where it hides its arrow (white on a
    transparent background). Without it, the figure is drawn on its theme's background:
    white, for ``"default"`` and ``"print"``. ``theme`` is one of those names or a
    :class:`~activity_systems.render.Theme` of one's own, say in an organisation's colours
    (``dataclasses.replace(THEMES["default"], bolt="#7b2d8e")``); the font and the
    text's sizes are the same in every theme. ``words`` is a
    :class:`~activity_systems.render.FigureWords` of the figure's own words in another
    language, as :func:`figure` takes it.

    In SVG, each mark's ``<title>`` says what it means (a bolt its contradiction, a node
    its text in full, an exchange its label and ends) and the figure's says what it shows:
    what a browser shows on hover and a screen reader reads out (see
    :mod:`activity_systems.render.titles`). The ``<svg>`` says the language of the case
    drawn (``xml:lang`` and ``lang``), for a case with a ``language``, so that a screen
    reader reads it in that language's voice; a case without one, or a system drawn
    without its case, gives an SVG that says none.

    With a ``target`` the file is written atomically (a file beside it, then renamed: the
    old file stays whole if anything fails) and its path returned; never over an input
    (a case file given as ``obj`` or listed in ``inputs``), nor to a name ending in
    ``.yaml``, ``.yml`` or ``.json`` (a case loaded in Python remembers no file, and
    might be drawn over its own). Without one, DOT and SVG come
    back as text, PNG and PDF as bytes. Type checkers see the same: a ``Path`` with a
    ``target``; without one, ``str`` for ``format="dot"``, ``"svg"`` or none, ``bytes``
    for ``"png"`` or ``"pdf"``, and ``str | bytes`` for a format known only as a ``str``.

    Warns:
        StaleReportWarning: a ``report`` whose findings name what the case does not
            have, or made from another version of the case (see :func:`figure`).
        SmallTextWarning: a ``print_width`` at which the figure's smallest text prints
            under 7 points, with the width it needs for 7.
        LowContrastWarning: a ``background`` on which text that stands on it reads
            under WCAG AA's 4.5:1, or a theme of one's own whose text reads so on its
            nodes (see :func:`figure`).

    Raises:
        GraphvizNotFound: SVG, PNG or PDF without Graphviz installed (says how to install).
        GraphvizError: Graphviz failed.
        TimeLimitError: (a ``GraphvizError``) the figure was not drawn within ``timeout``
            seconds, or Graphviz's program not within 30 without one; nothing is written.
        OutputError: the target is an input, a folder, in a folder that does not exist,
            or named like a case file or a Python file.
        ValueError: an unknown format, extension, theme or overview, contradictory
            options, a ``dpi`` that is not a positive number, not for PNG, or one at
            which the PNG would be larger than Graphviz draws (the message gives the
            highest that fits), a ``width`` or ``height`` that is not a positive whole
            number of pixels, not for PNG, or one at which the figure would be larger
            than Graphviz draws, a ``print_width`` that is no length with its unit or
            not for SVG or PDF, a ``timeout`` that is not a positive, finite number of
            seconds, another ``background``, a ``report`` of another case, or
            ``findings`` not of the report (or with ``contradictions=False``).
        TypeError: for ``findings`` that are not findings (a report, keys), or a
            ``theme`` that is neither a name nor a ``Theme``.
    """
    from activity_systems.io.atomic import check_output_path, write_atomic

    sources = [Path(p) for p in inputs]
    if isinstance(obj, str | os.PathLike):
        sources.append(Path(obj))
    if target is not None:  # first: a folder named as the target is not a missing extension
        check_output_path(target, inputs=sources, no_case_file=True)
    fmt = format_for(target, format)
    check_dpi(dpi, fmt)
    check_width(width, dpi, fmt)
    check_height(height, dpi, fmt)
    printed = check_print_width(print_width, fmt)
    check_limit(timeout)
    if isinstance(obj, str | os.PathLike):
        from activity_systems.io.loading import load

        obj = load(obj)
    drawable = obj

    def build() -> graphviz.Digraph:
        return figure(
            drawable,
            system=system,
            pair=pair,
            theme=theme,
            contradictions=contradictions,
            report=report,
            case=case,
            overview=overview,
            background=background,
            words=words,
            findings=findings,
            caption=caption,
        )

    drawn = draw(
        build, fmt, timeout=timeout, dpi=dpi, width=width, print_width=printed, height=height
    )
    if fmt == "svg" and isinstance(drawn, bytes):
        if printed is not None:
            warn_of_small_text(drawn, printed)
            drawn = svg_at_width(drawn, printed)
        # a system drawn without its case is a case of its own, which has no language
        drawn = finished_svg(drawn, _language_of(drawable, case))
    if target is None:
        return drawn
    data = drawn.encode("utf-8") if isinstance(drawn, str) else drawn
    return write_atomic(target, data, inputs=sources)
