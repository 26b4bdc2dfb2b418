"""Writing a workshop handout: one HTML file, or Markdown with its figures beside it."""

from __future__ import annotations

import contextlib
import os
import re
import reprlib
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from jinja2.exceptions import SecurityError

from activity_systems.errors import (
    ArgumentError,
    ManyPairFiguresWarning,
    OutputError,
    RuleFailedWarning,
    UnusedTemplateWarning,
    user_stacklevel,
)

# EarlierRuleFailedWarning was defined here, and is still importable from here.
from activity_systems.errors import EarlierRuleFailedWarning as EarlierRuleFailedWarning
from activity_systems.handouts import context as ctx
from activity_systems.handouts.environment import (
    MAX_TEXT,
    HandoutSandbox,
    ReadOnlyError,
    TemplateLimitError,
    check_blocks,
    check_sections,
    check_words,
    environment,
    figure_words,
    unknown_filter,
    unused_templates,
    words_of,
)
from activity_systems.handouts.figures import (
    FIGURE_FORMATS,
    FigureCallback,
    FigureFormat,
    figure_files,
    inline_figures,
)
from activity_systems.handouts.languages import free_texts, mark_language
from activity_systems.handouts.manifest import write_with_figures
from activity_systems.handouts.progress import ProgressSection, progress_section
from activity_systems.handouts.selection import (
    Selection,
    check_report,
    many_pair_figures,
    select,
    without_actions_elsewhere,
)
from activity_systems.io.atomic import check_output_path, write_atomic
from activity_systems.model import Case
from activity_systems.right_to_left import isolate_markdown, texts_of, with_names
from activity_systems.rules.finding import Finding, Report, RuleFailure
from activity_systems.rules.left_out import left_out_rules

if TYPE_CHECKING:
    from jinja2 import Environment

    from activity_systems.follow_up.comparison import Comparison
    from activity_systems.render.words import FigureWords, Word
    from activity_systems.rules.registry import RuleSpec

HandoutFormat = Literal["html", "markdown"]
#: What ``format=`` may say: ``"md"`` is ``"markdown"``, as on the command line.
HandoutFormatName = Literal["html", "markdown", "md"]
_FORMAT_NAMES: dict[str, HandoutFormat] = {"html": "html", "markdown": "markdown", "md": "markdown"}
_SUFFIXES: dict[str, HandoutFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
#: The template each format starts from; a user's folder may override it by name.
TEMPLATES: dict[HandoutFormat, str] = {"html": "handout.html.j2", "markdown": "handout.md.j2"}
THEMES = ("default", "print")


@dataclass(frozen=True, slots=True)
class Handout:
    """A rendered handout: the document's text and the files that go beside it."""

    format: HandoutFormat
    text: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    """The figure files of a Markdown handout by name: SVG as text, PNG as bytes."""


def format_of(path: str | os.PathLike[str]) -> HandoutFormat:
    """``"html"`` or ``"markdown"`` from the file name.

    Raises:
        OutputError: for any other extension.
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        # a PDF is what many want to hand out: the HTML prints to one on A4
        pdf = (
            " (for a PDF, write .html and print it to PDF from a browser)"
            if suffix == ".pdf"
            else ""
        )
        what = f"unknown handout extension {suffix!r}" if suffix else "no extension"
        raise OutputError(f"{os.fspath(path)}: {what}: use .html or .md{pdf}") from None


def handout_format(name: object) -> HandoutFormat:
    """The format ``format=`` names: ``"html"``, or ``"markdown"`` for ``"markdown"`` and
    ``"md"`` (the command line's ``--format`` takes both).

    >>> handout_format("md"), handout_format("html")
    ('markdown', 'html')
    >>> handout_format("pdf")
    Traceback (most recent call last):
    ...
    activity_systems.errors.ArgumentError: unknown handout format 'pdf': use html, markdown or md (for a PDF, write the HTML handout and print it to PDF from a browser)

    Raises:
        ArgumentError: (a ``ValueError``) for any other value, naming the formats there
            are.
    """  # noqa: E501
    if isinstance(name, str) and name in _FORMAT_NAMES:
        return _FORMAT_NAMES[name]
    # a PDF is what many want to hand out: the HTML prints to one on A4
    pdf = (
        " (for a PDF, write the HTML handout and print it to PDF from a browser)"
        if isinstance(name, str) and name.lower() == "pdf"
        else ""
    )
    raise ArgumentError(f"unknown handout format {name!r}: use html, markdown or md{pdf}")


def _check(case: Case, report: Report | None) -> Report:
    if report is not None:
        return report
    from activity_systems.rules.engine import run_rules

    return run_rules(case)


def _progress(
    previous: Case | None,
    case: Case,
    labels: tuple[str | None, str | None],
    given: Report | None,
    report: Report,
    words: Mapping[str, Word] | None = None,
) -> tuple[ProgressSection | None, tuple[Finding, ...], tuple[Finding, ...] | None]:
    """The progress section since ``previous``, the findings it reported that ``case``
    no longer has, and all the findings it reported (``None`` without it), from which
    the action plan's review learns. ``labels`` name the two versions (``None``: by
    their titles); ``words`` are the handout's words its phrases are made of.

    With a report ``given``, both versions are checked with the rules it ran, so that the
    progress agrees with the rest of the handout (a finding whose rule was left out is
    not "persisting" in one place and "not checked" in another). A rule of the report
    that is not registered (a function passed to ``run_rules`` only) cannot be run
    again, and counts as left out."""
    if previous is None:
        return None, (), None
    from activity_systems.follow_up import compare
    from activity_systems.rules.engine import failures_placed, failures_raised

    rules = None if given is None else _registered(given.rules_run)
    _warn_of_unregistered(previous, given)
    with warnings.catch_warnings(), failures_placed() as places, failures_raised() as raised:
        warnings.simplefilter("ignore", RuleFailedWarning)  # said below, naming the version
        comparison = compare(
            previous, case, rules=rules, before_label=labels[0], after_label=labels[1]
        )
    _warn_of_failed_rules(comparison, report, places, raised)
    reported = (
        *comparison.resolved,
        *comparison.unassessed,
        *(p.previous for p in comparison.persisting),
    )
    return progress_section(comparison, report, case, words), comparison.resolved, reported


def _warn_of_failed_rules(
    comparison: Comparison,
    report: Report,
    places: Sequence[Mapping[str, str]],
    raised: Sequence[Mapping[str, BaseException]] = (),
) -> None:
    """A warning for each rule that failed in the comparison, naming the version it
    failed on, but for one that failed on the handout's own report, which said so
    already. ``places`` are where rules failed in each version's check, the earlier
    version's first (see :func:`~activity_systems.rules.engine.failures_placed`), and
    ``raised`` what they raised, which the warning holds as its ``error``."""
    warned = {failure.rule for failure in report.rules_failed}
    for failure in comparison.rules_failed:
        earlier = failure.version == "before"
        if not earlier and failure.rule in warned:
            continue
        where = places[0 if earlier else 1] if len(places) > 1 else {}
        errors = raised[0 if earlier else 1] if len(raised) > 1 else {}
        failed = where.get(failure.rule, "failed")
        if failed.startswith("failed at"):  # "failed at x.py:3, in f, on ..."
            failed += ","
        version = "the earlier version" if earlier else "this version"
        name = comparison.before if earlier else comparison.after
        kind = EarlierRuleFailedWarning if earlier else RuleFailedWarning
        warnings.warn(
            kind(
                f"rule {failure.rule} {failed} on {version} “{name}”, and its findings are "
                f"left out of the progress section: {failure.error}",
                error=errors.get(failure.rule),
            ),
            stacklevel=user_stacklevel(),
        )


def _unregistered(report: Report | None) -> list[str]:
    """The rules that ``report`` (one given to the handout) ran and that are not
    registered: those of a rule pack or a file that a report read back was made with,
    in a Python where they are not imported."""
    if report is None:
        return []
    registered = {spec.id for spec in _registered(report.rules_run)}
    return [rule_id for rule_id in report.rules_run if rule_id not in registered]


def _warn_of_unregistered(previous: Case, given: Report | None) -> None:
    """A warning naming the rules of the report given that cannot check ``previous``,
    the earlier version, since they are not registered: the progress section leaves
    their findings out, and says so of the actions on them."""
    unregistered = _unregistered(given)
    if not unregistered:
        return
    *first, last = unregistered
    if first:
        named, it, its = f"rules {', '.join(first)} and {last} of the report are", "they", "their"
    else:
        named, it, its = f"rule {last} of the report is", "it", "its"
    them = "them" if first else "it"
    warnings.warn(
        EarlierRuleFailedWarning(
            f"{named} not registered, so {it} cannot check the earlier version "
            f"“{previous.title}”, and {its} findings are left out of the progress section: "
            f"import the module, file or rule pack that registers {them} (the one the "
            "report was made with) first"
        ),
        stacklevel=user_stacklevel(),
    )


def _run_again(report: Report, previous: Case | None) -> Report:
    """``report`` as the action plan reviews the actions against it: given an earlier
    version (``previous``), without the rules that it ran and that are not registered,
    which checked only this version. An action on such a rule's finding, not reported
    now, is then ``not checked: no rule has the id ...``, as the progress section says,
    rather than resolved or not reported in either version."""
    unregistered = _unregistered(report) if previous is not None else []
    if not unregistered:
        return report
    kept = tuple(rule_id for rule_id in report.rules_run if rule_id not in unregistered)
    return report.model_copy(update={"rules_run": kept})


def _failed_in(report: Report, progress: ProgressSection | None) -> Report:
    """``report``, with the rules that failed on either version of the progress section
    among its failed rules: the action plan then says that their actions were not
    checked, as the progress section does."""
    if progress is None:
        return report
    failed = {failure.rule: failure for failure in report.rules_failed}
    for failure in progress.comparison.rules_failed:
        failed.setdefault(failure.rule, RuleFailure(rule=failure.rule, error=failure.error))
    if len(failed) == len(report.rules_failed):
        return report
    failures = tuple(failed[rule] for rule in sorted(failed))
    return report.model_copy(update={"rules_failed": failures})


def _registered(rule_ids: Sequence[str]) -> list[RuleSpec]:
    """The registered rules among ``rule_ids``."""
    import activity_systems.rules.engine  # noqa: F401  (registers the built-in rules)
    from activity_systems.rules.registry import registered_rules

    known = {spec.id: spec for spec in registered_rules()}
    return [known[rule_id] for rule_id in rule_ids if rule_id in known]


def _narrowed(previous: Case | None, part: Case) -> Case | None:
    """The earlier version of a selection: the chosen systems that it has."""
    if previous is None:
        return None
    chosen = [system.id for system in part.systems if previous.has_system(system.id)]
    if not chosen:
        raise ArgumentError(
            f"the earlier version “{previous.title}” has none of the chosen systems, "
            "so there is no progress to show"
        )
    return without_actions_elsewhere(previous, previous.subcase(chosen, title=previous.title))


#: The paper an HTML handout's pages may be set to: A4, or US Letter.
PAPERS = ("a4", "letter")

# An @page rule that sets A4: what a template folder's handout.css.j2 written before
# ``paper`` does whatever paper is asked for.
_A4_PAGES = re.compile(r"@page\b[^{]*\{[^}]*?(?<![-\w])size:\s*A4\b", re.IGNORECASE)
#: The stylesheet's rule that gives each arrow between two systems its word
#: (``.arrow-to::after``), which a template folder's own ``handout.css.j2`` may lack.
_ARROW_WORD = re.compile(r"\.arrow-to:{1,2}(?:after|before)\b")


def _check_paper(format: str, paper: object) -> None:
    """Refuse a paper the handout's stylesheet does not set, or one for a Markdown
    handout, whose pages are whatever prints it (a wiki, a word processor)."""
    if not isinstance(paper, str) or paper not in PAPERS:
        raise ArgumentError(f"paper must be one of {', '.join(map(repr, PAPERS))}, not {paper!r}")
    if paper != "a4" and format != "html":
        raise ArgumentError(
            "paper applies to an HTML handout, not Markdown: its pages are set by what prints it"
        )


def render_handout(
    case: Case,
    *,
    format: HandoutFormatName = "html",
    report: Report | None = None,
    theme: str = "default",
    template_dir: str | os.PathLike[str] | None = None,
    stem: str = "handout",
    previous: Case | None = None,
    previous_label: str | None = None,
    case_label: str | None = None,
    timeout: float | None = None,
    systems: Sequence[str] | None = None,
    figures: FigureFormat = "svg",
    paper: str = "a4",
    on_figure: FigureCallback | None = None,
) -> Handout:
    """The handout of ``case`` as text, without writing anything.

    Args:
        case: the case.
        format: ``"html"`` (figures inlined) or ``"markdown"`` (figures as separate files,
            named ``<stem>-figure<N>-<slug>.svg`` or ``.png`` and returned in ``files``);
            ``"md"`` is ``"markdown"``, as on the command line. The handout's ``format``
            is ``"html"`` or ``"markdown"``.
        report: the findings to show; by default the built-in rules' report. It must be
            the report of ``case`` (its title is the case's): a report of another case is
            refused, and one of another version of it (whose findings name what the case
            does not have, or made from a case whose content differs) gives a
            :class:`~activity_systems.StaleReportWarning`, once for the handout and its
            figures.
        theme: ``"default"`` or ``"print"`` (black, dashed contradictions for photocopies).
        template_dir: a folder whose templates replace the shipped ones of the same name.
        stem: prefix of the figure files of a Markdown handout.
        previous: an earlier version of the case: the handout gains a "Progress since"
            section comparing the two (see :func:`activity_systems.follow_up.compare`).
        previous_label: what to call the earlier version (default: its title).
        case_label: what to call ``case`` in the progress section (default: its title).
            Name both versions alike, by their titles or by their files, as
            :func:`handout` does: ``"2026/case.yaml"`` and ``"2027/case.yaml"``.
        timeout: seconds each figure may take to draw, its layout in Python included
            (checked before each line is routed; Graphviz's program gets what is left);
            a figure out of time fails the handout, and nothing is written. Without
            one, the layout has no time limit and the program has
            :data:`~activity_systems.render.DEFAULT_TIMEOUT` seconds; an SVG figure
            drawn by Graphviz's library in this process is not stopped once begun (it
            takes milliseconds), though its wait while another thread's figure is
            drawn counts. The templates of ``template_dir`` have as long again to
            write the handout's text, besides the figures' time: a template that
            takes longer (a loop without end) is a template error at its line;
            without a ``timeout``, and for the shipped templates, no time limit.
        systems: ids of the systems the handout covers, for a workshop on part of a
            map: the handout of ``case.subcase(systems)``, whose cover says which part
            it is and how much lies between it and the rest (see :func:`handout`).
            ``report`` is then the report of those systems (or of the whole case, when
            all it finds lies among them), and ``previous`` is narrowed to those of them
            it has.
        figures: the format of a Markdown handout's figure files, ``"svg"`` (text) or
            ``"png"`` (bytes, at :data:`~activity_systems.handouts.figures.PNG_DPI`
            dots per inch); an HTML handout's figures are always inline SVG.
        paper: ``"a4"`` (the default) or ``"letter"``, the size an HTML handout sets its
            printed pages to (the wide figures' pages on their side); a Markdown handout
            has no pages of its own, and ``"letter"`` with it is an error.
        on_figure: called as ``on_figure(drawn, total)`` before the first figure is
            drawn (``drawn`` 0) and after each, ``total`` being how many the handout
            has: a counter for a large map, whose figures take minutes (the command
            line's ``figure 37 of 401``). What it raises stops the handout and is
            raised as it is; it is called between figures, so its own time adds to
            the handout's.

    Warns:
        ManyPairFiguresWarning: before drawing, without ``systems``, when the handout
            would draw more than 20 Figure 3s.
        StaleReportWarning: for a ``report`` with findings on what the case lacks, or
            made from another version of the case.
        EarlierRuleFailedWarning: with ``previous``, naming the rules of ``report``
            that are not registered (a report read back, made with a rule pack that is
            not imported here), which cannot check the earlier version.

    Raises:
        TypeError: for an ``on_figure`` that cannot be called, before anything is drawn.
        UnknownIdError: (a ``KeyError``) for an id in ``systems`` that is not one of the
            case's systems, naming the closest id.
        ValueError: for an unknown format, theme or figure format, PNG figures for HTML,
            an empty ``systems``, a ``report`` of another case or that names what
            ``systems`` leaves out, or a ``previous`` that has none of them.
        FileNotFoundError: for a ``template_dir`` that does not exist
            (:class:`NotADirectoryError` for one that is a file), before anything is
            drawn.
    """
    from activity_systems.render.lookups import check_report_of, check_title, report_checked

    _check_on_figure(on_figure)
    format = handout_format(format)
    if theme not in THEMES:
        raise ArgumentError(f"unknown theme {theme!r}: use one of {', '.join(THEMES)}")
    _check_paper(format, paper)
    _check_figures(format, figures)
    _check_template_dir(template_dir)
    selection: Selection | None = None
    # what else a report given with systems may be of, and what to say of one that is not
    titles: tuple[str, ...] = ()
    advice: str | None = None
    named: str | None = None
    part_of: Callable[[Case], bool] | None = None
    if systems is None:
        _warn_of_many_pairs(case)
    else:
        whole = case
        case, selection = select(case, systems)
        if report is not None:
            titles = _titles_of_part(whole, case, report)
            advice, named = _OF_PART, f"“{whole.title}” or its chosen systems"
            part_of = _part_of(whole, case, report)
            check_title(case, report, titles=titles, advice=advice, named=named)
            if selection is not None:
                check_report(case, report)
        if selection is not None:
            previous = _narrowed(previous, case)
    if report is not None:
        check_report_of(case, report, titles=titles, advice=advice, named=named, part_of=part_of)
    given, report = report, _check(case, report)
    folder = Path(template_dir) if template_dir is not None else None
    env = environment(format, folder)
    if timeout is not None and folder is not None and isinstance(env, HandoutSandbox):
        # a folder's templates have their own time, counted while they run; the shipped
        # ones, whose time grows with the case as the figures' does, are not stopped
        env.time_limit(timeout)
    words: FigureWords | None = None  # the figures' words: English without a folder
    with _template_errors(env, folder), _running(env):
        # a template folder of one's own is checked before any figure is drawn, which
        # takes its words from its _words.j2
        if folder is not None:
            check_blocks(env, folder)
            check_sections(env, format)
            check_words(env)
            words = figure_words(env)
    files: dict[str, str | bytes] = {}
    with report_checked(case, report):  # once, not again for each figure
        if format == "html":
            drawn = inline_figures(
                case,
                report=report,
                theme=theme,
                timeout=timeout,
                words=words,
                on_figure=on_figure,
            )
        else:
            drawn, files = figure_files(
                case,
                report=report,
                theme=theme,
                stem=stem,
                timeout=timeout,
                figures=figures,
                words=words,
                on_figure=on_figure,
            )
    with _template_errors(env, folder), _running(env):
        handout_words = words_of(env) if previous is not None else None
    progress, earlier, reported_before = _progress(
        previous, case, (previous_label, case_label), given, report, handout_words
    )
    carried = None
    done_before: set[tuple[str, str]] = set()
    unassessed: set[str] = set()
    if progress is not None:  # a declared contradiction under another key than before
        persisting = progress.comparison.persisting
        carried = {p.previous.key: p.finding for p in persisting if p.carried is not None}
        done_before = {
            (action.finding_key, action.strategy)
            for action in progress.comparison.actions
            if action.status is not None and action.previous_status == "done"
        }
        unassessed = {finding.key for finding in progress.comparison.unassessed}
    rows, resolved = ctx.action_rows(
        case,
        _run_again(_failed_in(report, progress), previous),
        known=earlier,
        earlier=reported_before,
        carried=carried,
        done_before=done_before,
        earlier_case=previous,
        unassessed=unassessed,
    )
    sections = [
        ctx.system_section(case, system, figure)
        for system, figure in zip(case.systems, ctx.numbered(drawn, "system"), strict=True)
    ]
    overview = ctx.numbered(drawn, "overview")
    values: dict[str, Any] = {
        "case": case,
        "report": report,
        "theme": theme,
        "figures": drawn,
        "systems": sections,
        "overview": overview[0] if overview else None,
        "pair_figures": ctx.numbered(drawn, "pair"),
        "levels": ctx.level_groups(case, report),
        "left_out": left_out_rules(case, report.rules_run),
        "worksheets": ctx.worksheets(case),
        "competencies": ctx.competency_items(report),
        "actions": rows,
        "resolved": resolved,
        "earlier": {finding.key: finding for finding in earlier},
        "counts": report.counts(),
        "progress": progress,
        "selection": selection,
        "paper": paper,
    }
    # what a template that names a variable there is not is told it receives
    assert tuple(values) == ctx.TEMPLATE_VARIABLES
    with _template_errors(env, folder):
        template = env.get_template(TEMPLATES[format])
        if isinstance(env, HandoutSandbox):
            env.limit = MAX_TEXT + sum(len(figure.svg) for figure in drawn)
        with _running(env):
            text = _written(env, template, ctx.own_copy(values))
        for unused in unused_templates(env, format):
            warnings.warn(unused, UnusedTemplateWarning, stacklevel=user_stacklevel())
        if format == "html" and paper != "a4" and _A4_PAGES.search(text):
            warnings.warn(
                f"the template folder's handout.css.j2 sets the pages to A4, not {paper}: "
                "it was written without 'paper': write size: {{ paper }} (and {{ paper }} "
                "landscape) in its @page rules, or copy the shipped handout.css.j2 again",
                UnusedTemplateWarning,
                stacklevel=user_stacklevel(),
            )
        if format == "html" and 'class="arrow-to"' in text and not _ARROW_WORD.search(text):
            warnings.warn(
                "the template folder's handout.css.j2 has no .arrow-to rule: the arrows "
                "between two systems, and between before and after, are hidden from a "
                "screen reader and read as nothing; include the shipped one ({% include "
                '"shipped/handout.css.j2" %}) or copy its .arrow-to::after rule, which '
                "reads each as the word arrow_to",
                UnusedTemplateWarning,
                stacklevel=user_stacklevel(),
            )
        right_to_left = texts_of(case, previous, shown_in=text)
        if progress is not None:  # the versions' names, given or not texts of the case
            versions = progress.comparison
            right_to_left = with_names(right_to_left, versions.before, versions.after)
        if format == "html":
            text = mark_language(
                text,
                free_texts(case),
                case.language,
                right_to_left,
                earlier=free_texts(previous) if previous is not None else (),
                earlier_language=previous.language if previous is not None else None,
            )
        else:
            text = isolate_markdown(text, right_to_left)
    return Handout(format, text, files)


def figure_words_of(template_dir: str | os.PathLike[str]) -> FigureWords:
    """The figures' fixed words of a template folder, as its handout draws them: those
    of its ``_words.j2`` (its ``node_*`` and ``figure_*`` keys), checked as the handout
    checks them (:func:`~activity_systems.handouts.environment.check_words`: a misspelt
    or missing key told at its line of ``_words.j2``). A folder without a ``_words.j2``
    gives the shipped English, as its handout does; the folder's other templates are
    not read. For ``render --templates``, which draws a figure alone.

    Raises:
        FileNotFoundError: ``template_dir`` names no folder (``NotADirectoryError``
            for a file).
        jinja2.TemplateError: what is wrong in ``_words.j2``, at its line.
    """
    _check_template_dir(template_dir)
    folder = Path(template_dir)
    env = environment("html", folder)
    with _template_errors(env, folder):
        check_words(env)
        return figure_words(env)


@contextmanager
def _template_errors(env: Environment, folder: Path | None) -> Iterator[None]:
    """What the templates of ``folder`` (or the shipped ones) raise, told as a template
    error at its line of the template, where it can be."""
    try:
        yield
    except RecursionError as error:
        # Jinja2 follows {% extends %} and {% include %} without looking for a loop, and a
        # loop is by far the likeliest way for templates to go this deep.
        raise _loop_error(error.__traceback__, folder) from None
    except jinja2.TemplateAssertionError as error:
        raise unknown_filter(env, error) from None
    except (SecurityError, OverflowError) as error:
        # OverflowError: the sandbox's range() refuses more than 100,000 numbers.
        refused = _sandbox_error(error)
        if refused is None:
            raise
        raise refused from error
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        # what an expression of the user's raised: 1 / 0, "Nifer: " + 3, case.system("x")
        failed = _expression_error(error, folder)
        if failed is None:
            raise
        raise failed from error


#: What to give instead of a report of another case, for a handout of chosen systems.
_OF_PART = "give the report of the chosen systems, check(case.subcase(systems)), or none"


def _titles_of_part(whole: Case, part: Case, report: Report) -> tuple[str, ...]:
    """The titles that a report given with ``systems`` may have besides that of the
    handout's case ``part``: the whole case's (whose findings must then all lie among
    the chosen systems, as :func:`check_report` sees to) and that of
    ``whole.subcase(systems)``, which a handout of more than three systems retitles."""
    if report.case in (part.title, whole.title):
        return (whole.title,)
    return (whole.title, whole.subcase([system.id for system in part.systems]).title)


def _part_of(whole: Case, part: Case, report: Report) -> Callable[[Case], bool]:
    """Whether the case ``report`` was made from is one the handout's case ``part`` (of
    systems chosen from ``whole``) is drawn as a part of: ``whole`` itself, or its
    subcase of those systems, which :func:`_titles_of_part` takes the title of."""

    def holds(made: Case) -> bool:
        from activity_systems.render.lookups import same_case, unread_fields

        ignoring = unread_fields(report)
        if same_case(made, whole, ignoring=ignoring):
            return True
        subcase = whole.subcase([system.id for system in part.systems])
        return same_case(made, subcase, ignoring=ignoring)

    return holds


def _check_figures(format: HandoutFormat, figures: str) -> None:
    """Refuse a figure format there is none of, and PNG figures for HTML."""
    if figures not in FIGURE_FORMATS:
        raise ArgumentError(
            f"unknown figure format {figures!r}: use one of {', '.join(FIGURE_FORMATS)}"
        )
    if format == "html" and figures != "svg":
        raise ArgumentError(
            f"figures={figures!r} is for a Markdown handout: an HTML handout's figures are "
            "SVG inside the page; write .md for figure files"
        )


def _check_template_dir(template_dir: str | os.PathLike[str] | None) -> None:
    """Refuse a template folder that is not there, before anything is drawn: Jinja2
    would look in it, find nothing and give the shipped handout without a word.

    >>> _check_template_dir("no-such-folder")
    Traceback (most recent call last):
    ...
    FileNotFoundError: template_dir 'no-such-folder' names no folder
    """
    if template_dir is None:
        return
    folder = Path(template_dir)
    if folder.is_dir():
        return
    kind = NotADirectoryError if folder.exists() else FileNotFoundError
    raise kind(f"template_dir {os.fspath(template_dir)!r} names no folder")


def _warn_of_many_pairs(case: Case) -> None:
    """A :class:`~activity_systems.ManyPairFiguresWarning` before drawing the handout of
    every system of a map with many neighbouring pairs."""
    many = many_pair_figures(case)
    if many is not None:
        warnings.warn(
            f"{many}; choose the systems it covers with systems=, a list of their ids",
            ManyPairFiguresWarning,
            stacklevel=user_stacklevel(),
        )


def _template_frames(trace: TracebackType | None) -> list[tuple[str, int]]:
    """The template file and line of each frame that Jinja2 puts into a traceback for a
    template, the innermost last."""
    return [(filename, line) for filename, line, _ in _template_code(trace)]


#: What Jinja2 calls the frame of a template's own code, as against a macro's, a
#: block's or a recursive loop's, in the traceback it puts together for a template.
_TOP_LEVEL = "top-level template code"


def _template_code(trace: TracebackType | None) -> list[tuple[str, int, str]]:
    """The template file, line and code (``top-level template code``, ``block 'x'``,
    ``template`` for a macro or a recursive loop) of each frame that Jinja2 puts into a
    traceback for a template, the innermost last."""
    frames: list[tuple[str, int, str]] = []
    while trace is not None:
        code = trace.tb_frame.f_code
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            frames.append((code.co_filename, trace.tb_lineno, code.co_name))
        trace = trace.tb_next
    return frames


def _running(env: Environment) -> contextlib.AbstractContextManager[None]:
    """The templates' clock, running while they run (see
    :meth:`~activity_systems.handouts.environment.HandoutSandbox.running`)."""
    return env.running() if isinstance(env, HandoutSandbox) else contextlib.nullcontext()


def _written(env: Environment, template: jinja2.Template, values: dict[str, Any]) -> str:
    """The text of ``template``, at most ``MAX_TEXT`` characters long besides its inline
    figures. The sandbox checks
    the values the templates write, and their time, at the line that writes them
    (:class:`~activity_systems.handouts.environment.HandoutSandbox`); this counts their
    own text too."""
    pieces: list[str] = []
    length = 0
    for piece in template.generate(values):
        length += len(piece)
        if isinstance(env, HandoutSandbox):
            env.written = length  # so that a value past the limit is told at its line
        if length > (env.limit if isinstance(env, HandoutSandbox) and env.limit else MAX_TEXT):
            raise TemplateLimitError(f"the handout would be more than {MAX_TEXT:,} characters long")
        pieces.append(piece)
    return "".join(pieces)


def _sandbox_error(error: SecurityError | OverflowError) -> jinja2.TemplateError | None:
    """The error for a template that reached for what the sandbox keeps from templates
    (``lipsum.__globals__``, Pydantic's ``parse_raw``, ``range`` of millions),
    naming the template and the line where it did; ``None`` for an overflow that no
    template met."""
    frames = _template_frames(error.__traceback__)
    if isinstance(error, OverflowError) and not frames:
        return None
    reason = str(error).rstrip(".")
    message = (
        f"{reason}: templates run in a sandbox, where they can show the values they are "
        "given but not reach Python's internals"
        if isinstance(error, SecurityError)
        and not isinstance(error, ReadOnlyError | TemplateLimitError)
        else reason
    )
    if not frames:
        return jinja2.TemplateRuntimeError(message)
    filename, line = frames[-1]
    return jinja2.TemplateSyntaxError(message, line, filename=filename)


def _expression_error(
    error: Exception, template_dir: Path | None
) -> jinja2.TemplateSyntaxError | None:
    """The error for an expression of a template of the user's folder that raised, such
    as ``{{ 1 / 0 }}`` or ``{{ "Nifer: " + 3 }}``, named at its template and line as
    Jinja2's own errors are; ``None`` for one raised elsewhere (a shipped template),
    which is not the user's to fix.

    A ``TypeError`` of text added to a number says to join them with ``~``, Jinja2's
    operator for that."""
    frames = _template_frames(error.__traceback__)
    if template_dir is None or not frames or isinstance(error, jinja2.TemplateError):
        return None  # TemplateNotFound is a LookupError, which the command line words
    filename, line = frames[-1]
    if not Path(filename).resolve().is_relative_to(template_dir.resolve()):
        return None
    message = str(error) or type(error).__name__
    if type(error) is KeyError and error.args:
        message = f"no key {error.args[0]!r}"
    if isinstance(error, TypeError) and "concatenate" in message:
        message += "; join text and numbers with ~, as in {{ 'Nifer: ' ~ count }}"
    return jinja2.TemplateSyntaxError(message, line, filename=filename)


def _loop_error(
    trace: TracebackType | None, template_dir: str | Path | None
) -> jinja2.TemplateError:
    """The error for templates that extend or include one another without end, naming
    them from the frames Jinja2 puts into the traceback for each template, the innermost
    last: those of the loop. A macro that calls itself without end is told apart, by
    frames that never enter a template's own code again, and named at its line."""
    code = _template_code(trace)
    frames = [(filename, line) for filename, line, _ in code]
    loop = list(dict.fromkeys(name for name, _ in frames[-100:]))
    if not loop:
        return jinja2.TemplateRuntimeError(
            "the templates went too deep: do they extend or include one another in a loop?"
        )
    filename, line = frames[-1]
    if all(name != _TOP_LEVEL for _, _, name in code[-100:]):
        # no template was entered again: a macro (or block, or recursive loop) was
        return jinja2.TemplateSyntaxError(
            "a macro, block or recursive loop here calls itself without end: "
            "does it stop for every value it is given?",
            line,
            filename=filename,
        )
    if len(loop) > 1:
        names = ", ".join(_template_name(name, template_dir) for name in sorted(loop))
        message = f"the templates {names} extend or include one another in a loop"
    else:
        name = _template_name(filename, template_dir)
        message = (
            f"{name} extends or includes itself: a template in your folder replaces the "
            f"shipped one of its name, so to build on the shipped one write 'shipped/{name}'"
        )
    return jinja2.TemplateSyntaxError(message, line, filename=filename)


def _template_name(filename: str, template_dir: str | Path | None) -> str:
    """A template's name as templates write it: its path in the user's folder."""
    if template_dir is not None:
        with contextlib.suppress(ValueError):
            return Path(filename).relative_to(template_dir).as_posix()
    return Path(filename).name


def handout(
    case: Case | str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    template_dir: str | os.PathLike[str] | None = None,
    report: Report | None = None,
    theme: str = "default",
    previous: Case | str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    systems: Sequence[str] | None = None,
    figures: FigureFormat = "svg",
    paper: str = "a4",
    on_figure: FigureCallback | None = None,
) -> Path:
    """Write the workshop handout of ``case`` to ``target`` and return its path.

    ``.html`` gives one self-contained file (inline SVG, print CSS for A4); ``.md`` gives
    Markdown with the figures written beside it as ``<stem>-figure<N>-<slug>.svg`` (or
    ``.png``), and
    a list of them, ``.<stem>.figures.json``, by which a later version of the handout
    deletes the figures it no longer has (only those, and only as they were written; see
    :mod:`activity_systems.handouts.manifest`). Every file is written atomically; nothing
    is written when any target is the input case file.

    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = handout("examples/court-reports.yaml", Path(folder, "court.html"))
    ...     print(page.name, page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"))
    court.html True

    Args:
        case: a case, or the path of a case file to load.
        target: the handout file.
        template_dir: a folder of templates that override the shipped ones by name.
        report: the findings to show; by default the built-in rules' report. A report
            of another case (``report.case``, its title, is not ``case``'s) is refused
            with a ``ValueError`` that names both; one that is most likely the report
            of another version, whose findings name elements, exchanges or systems the
            case does not have or that was made from a case whose content differs (an
            equal case, the file loaded again, is that case), gives a
            :class:`~activity_systems.StaleReportWarning`.
        theme: ``"default"`` or ``"print"``.
        previous: an earlier version of the case (or its path): the handout gains a
            "Progress since" section with what was resolved, persists and is new. It
            names both versions by their titles or, when they have one title and both
            are paths, by their files, as :func:`~activity_systems.follow_up.compare`
            does: ``review-2026.yaml`` and ``review-2027.yaml``, or ``2026/case.yaml``
            and ``2027/case.yaml`` for files of one name.
        timeout: seconds each figure may take to draw, its layout in Python included
            (checked before each line is routed; Graphviz's program gets what is left);
            a figure out of time fails the handout, and nothing is written. Without
            one, the layout has no time limit and the program has
            :data:`~activity_systems.render.DEFAULT_TIMEOUT` seconds; an SVG figure
            drawn by Graphviz's library in this process is not stopped once begun (it
            takes milliseconds), though its wait while another thread's figure is
            drawn counts. The templates of ``template_dir`` have as long again to
            write the handout's text, besides the figures' time: a template that
            takes longer (a loop without end) is a template error at its line;
            without a ``timeout``, and for the shipped templates, no time limit.
        systems: ids of the systems the handout covers, for a workshop on part of a
            map (``--system`` on the command line). The handout is that of
            ``case.subcase(systems)``: those systems in the case's order, the exchanges,
            assessments, contradictions and Figure 3s among them. What lies between a
            chosen system and one left out is not shown; the cover says how much there
            is. ``report``, if given, is then the report of the chosen systems,
            ``check(case.subcase(systems), rules=...)`` with the rules you run (your
            own among them), or of the whole case when all it finds lies among them;
            ``previous`` is narrowed to those of them it has.
        figures: ``"svg"`` or ``"png"``, the format of a Markdown handout's figure files
            (``--figures`` on the command line); PNG is at 192 dots per inch, for wikis
            and word processors that show no SVG. An HTML handout's figures are always
            SVG, inside the page.
        paper: ``"a4"`` (the default) or ``"letter"`` (US Letter, ``--paper letter``):
            the paper an HTML handout's printed pages are set to, upright, and on their
            side for the wide figures. With a Markdown handout, ``"letter"`` is an error.
        on_figure: called as ``on_figure(drawn, total)`` before the first figure is
            drawn and after each (see :func:`render_handout`): a counter of one's own
            for a large map, whose figures take minutes. What it raises stops the
            handout, which is then not written, nor any of its figure files.

    Warns:
        ManyPairFiguresWarning: before drawing, without ``systems``, when the handout
            would draw more than 20 Figure 3s (one for each neighbouring pair), which
            takes a while: a map of a hundred services takes about a minute.
        StaleReportWarning: for a ``report`` whose findings name what the case lacks,
            or made from another version of the case.
        EarlierRuleFailedWarning: with ``previous``, naming the rules of ``report``
            that are not registered (a report read back, made with a rule pack that is
            not imported here), which cannot check the earlier version.

    Raises:
        CaseFileError: when ``case`` or ``previous`` is a path that does not load.
        TypeError: when ``case`` or ``previous`` is neither a case nor a path (a system,
            say: put it in a case), or ``on_figure`` cannot be called; before anything
            is read.
        UnknownIdError: (a ``KeyError``) for an id in ``systems`` that is not one of the
            case's systems, naming the closest id.
        ValueError: for a ``report`` of another case; for an empty ``systems``, a
            ``report`` that names what it leaves out, or a ``previous`` that has none
            of them; for PNG figures for HTML.
        FileNotFoundError: for a ``template_dir`` that does not exist
            (:class:`NotADirectoryError` for one that is a file); nothing is written.
        OutputError: for an unknown extension, a missing folder, or the input file;
            for a Markdown handout, when a figure file or the list of them is a
            symbolic link (names the library chose are never written through a link);
            nothing is written.
        GraphvizNotFound: without Graphviz's program, which draws the figures: no
            handout is written without them, and the message says how to install it and
            what can be had without it (the report's Markdown, figures as DOT text).
        GraphvizError: when Graphviz fails or a figure runs out of time (a
            :class:`~activity_systems.TimeLimitError`); nothing is written.
    """
    _check_case_argument("handout", case)
    _check_on_figure(on_figure)
    if previous is not None:
        _check_case_argument("previous", previous)
    inputs: list[Path] = []
    paths = (
        (case, previous)
        if isinstance(case, str | os.PathLike) and isinstance(previous, str | os.PathLike)
        else None
    )
    if not isinstance(case, Case):
        from activity_systems.io.loading import load

        inputs.append(Path(case))
        case = load(Path(case))
    previous_label = case_label = None
    if previous is not None and not isinstance(previous, Case):
        from activity_systems.io.loading import load

        inputs.append(Path(previous))
        previous = load(Path(previous))
    if paths is not None and previous is not None and previous.title == case.title:
        # the files tell the versions apart, as compare() names them
        from activity_systems.follow_up.names import version_names

        previous_label, case_label = version_names(previous, case, (paths[1], paths[0]))
    return write_handout(
        case,
        target,
        inputs=inputs,
        template_dir=template_dir,
        report=report,
        theme=theme,
        previous=previous,
        previous_label=previous_label,
        case_label=case_label,
        timeout=timeout,
        systems=systems,
        figures=figures,
        paper=paper,
        on_figure=on_figure,
    )


def _check_case_argument(what: str, value: object) -> None:
    """A clear TypeError for what is neither a case nor a path (a system, say): the path
    it would otherwise be taken for gives Python's own message about paths."""
    if isinstance(value, Case | str | os.PathLike):
        return
    from activity_systems.model import ActivitySystem

    hint = ""
    if isinstance(value, ActivitySystem):
        hint = (
            "; for the handout of one system, put it in a case: Case(title=..., systems=[system])"
        )
    name = "handout()" if what == "handout" else "handout(previous=...)"
    raise TypeError(
        f"{name} takes a Case or the path of a case file, not {type(value).__name__}{hint}"
    )


def _check_on_figure(on_figure: object) -> None:
    """A clear TypeError for an ``on_figure`` that cannot be called, before the case is
    loaded or any figure drawn: Python's own ``'int' object is not callable`` came only
    once the work had begun, and named no argument."""
    if on_figure is None or callable(on_figure):
        return
    raise TypeError(
        "on_figure must be a function called as on_figure(drawn, total), "
        f"not {reprlib.repr(on_figure)}"
    )


def write_handout(
    case: Case,
    target: str | os.PathLike[str],
    *,
    inputs: Sequence[Path],
    template_dir: str | os.PathLike[str] | None = None,
    report: Report | None = None,
    theme: str = "default",
    previous: Case | None = None,
    previous_label: str | None = None,
    case_label: str | None = None,
    timeout: float | None = None,
    systems: Sequence[str] | None = None,
    figures: FigureFormat = "svg",
    paper: str = "a4",
    on_figure: FigureCallback | None = None,
) -> Path:
    """:func:`handout` for a case already loaded from ``inputs`` (its file, and the
    earlier version's): none of them is written over. ``previous_label`` and
    ``case_label`` name the two versions when both have one title; ``on_figure`` is
    told of each figure drawn, as by :func:`render_handout`. The command line loads
    each case file once and writes its handout with this."""
    path = check_output_path(target, inputs=inputs, no_case_file=True)
    fmt = format_of(path)
    result = render_handout(
        case,
        format=fmt,
        report=report,
        theme=theme,
        template_dir=Path(template_dir) if template_dir is not None else None,
        stem=path.stem,
        previous=previous,
        previous_label=previous_label,
        case_label=case_label,
        timeout=timeout,
        systems=systems,
        figures=figures,
        paper=paper,
        on_figure=on_figure,
    )
    text = result.text.encode("utf-8")
    if result.format == "html":
        return write_atomic(path, text, inputs=inputs)
    files = {
        name: content.encode("utf-8") if isinstance(content, str) else content
        for name, content in result.files.items()
    }
    return write_with_figures(path, text, files, inputs=inputs)
