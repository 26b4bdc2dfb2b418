"""The commands that write a file for each case: ``render`` (figures) and ``handout``.
Each case of a batch succeeds or fails on its own, with a line for each that fails."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from activity_systems.batch import to_stderr
from activity_systems.cli.console import (
    STANDARD_OUTPUT,
    error_line,
    error_lines,
    names_a_file,
    one_line,
    refuse_output_into,
    refuse_overwriting_standard_input,
    rule_traceback,
    write_bytes_out,
)
from activity_systems.cli.parser import EXIT_ERROR, EXIT_OK, UsageError
from activity_systems.cli.reports import (
    ON_STANDARD_INPUT,
    as_errors_name,
    as_shared,
    chosen_rules,
    running_on,
    standard_input,
)
from activity_systems.cli.rule_files import rule_files, rules_from
from activity_systems.errors import (
    ActivitySystemsError,
    CaseFileError,
    EarlierRuleFailedWarning,
    ManyPairFiguresWarning,
    OutputError,
    RuleFailedWarning,
)

if TYPE_CHECKING:
    from activity_systems.batch import Progress
    from activity_systems.model import Case
    from activity_systems.render.words import FigureWords
    from activity_systems.rules.finding import Report
    from activity_systems.rules.registry import RuleSpec

#: ``handout`` without ``--system`` warns when it would draw more Figure 3s than this
#: (one per neighbouring pair: a regional map of a hundred services has hundreds); as
#: :data:`activity_systems.handouts.selection.MANY_PAIR_FIGURES`, which this command does
#: not import until it writes a handout.
MANY_PAIR_FIGURES = 20


def _for_each(
    args: argparse.Namespace,
    suffix: str,
    tag: str,
    write: Callable[[Case, Path, Path], None],
    *,
    what: str,
    no_extension: str | None,
    warn: Callable[[Case, Path], str | None] | None = None,
    shown: Callable[[Case, Path], Case] | None = None,
    counter: Callable[[Progress], None] | None = None,
) -> int:
    """Load every input and ``write(case, source, target)``; an input that fails is
    reported on its own line, led by the case file's name, and the others still run.
    So is a folder without case files among other inputs, and each of the case files
    whose outputs would have one name (``court.yaml`` and ``court.json``), none of
    which is written. ``warn(case, source)`` may give a line to show before the case is
    written. ``shown(case, source)`` makes each case as the output shows it (default:
    :func:`~activity_systems.cli.reports.as_shared`). ``counter`` is given the counter
    of the inputs, on which ``write`` may say how far one has got (a handout's
    figures). When some of several inputs failed, a last line counts them, each input
    whose failure is said above once:
    ``3 of 4 figures written; 1 failed`` (``what`` names the outputs).

    One file named without an extension (``-o x``) is refused, with ``no_extension`` as
    the remedy, unless that is ``None`` (``--format`` names the format). A folder (see
    :func:`~activity_systems.io.atomic.names_folder`) takes files named after the inputs.
    """
    from activity_systems.batch import (
        Progress,
        case_files,
        output_paths,
        shared_outputs,
        unportable_outputs,
    )
    from activity_systems.io.loading import load

    empty: list[CaseFileError] = []  # folders without case files, among other inputs
    sources = case_files(args.cases, empty=empty if len(args.cases) > 1 else None)
    if empty and not sources:  # nothing to write: each folder said once
        for error in empty:
            error_line(str(error))
        _count(what, written=0, failed=len(empty))
        return EXIT_ERROR
    targets = output_paths(sources, args.output, suffix=suffix, tag=tag)
    if (
        no_extension is not None
        and targets == [Path(args.output)]
        and not targets[0].suffix
        and os.path.lexists(sources[0])
    ):
        # a case that is not there is told as that: a mistyped folder, given a folder
        # of outputs to be made (-o figures), is what is wrong, not the output's name
        raise UsageError(f"{args.output}: no extension; {no_extension}")
    shared = shared_outputs(sources, targets)
    named_after = targets != [Path(args.output)]  # the case files, not named by the user
    unportable = unportable_outputs(sources, targets) if named_after else {}
    for error in empty:
        error_line(str(error))
    progress = Progress(len(sources), sys.stderr, wanted=getattr(args, "progress", True))
    if counter is not None:
        counter(progress)
    failed = 0
    try:
        for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
            progress.step(str(source))
            lines: list[str] = []
            with _failed_rules_said(progress, debug=getattr(args, "debug", False)):
                try:
                    if index in shared:  # neither case is loaded: neither is written
                        raise shared[index]
                    case = _shown_as(args, shown, load(source), source)
                    if index in unportable:  # a case file that is not there says so first
                        raise unportable[index]
                    warning = warn(case, source) if warn is not None else None
                    if warning is not None:
                        progress.note(one_line(warning))
                    write(case, source, target)
                except KeyboardInterrupt as stop:
                    running_on(stop, source, len(sources) > 1)
                    raise
                except (ActivitySystemsError, OSError) as error:
                    lines = _case_error(args, error, source)
                    failed += 1
            for line in lines:  # after the rules that failed on the way
                progress.note(one_line(line))
    finally:
        progress.close()
    _count(what, written=len(sources) - failed, failed=failed + len(empty))
    return EXIT_ERROR if failed or empty else EXIT_OK


def _count(what: str, *, written: int, failed: int) -> None:
    """The last line of a batch of which some inputs failed (a case file, or a folder
    without case files): ``3 of 4 figures written; 1 failed``; nothing when all were
    written, or for a single input, whose line says it all."""
    if failed and written + failed > 1:
        error_line(f"{written} of {written + failed} {what} written; {failed} failed")


@contextlib.contextmanager
def _failed_rules_said(progress: Progress, *, debug: bool = False) -> Iterator[None]:
    """Each :class:`~activity_systems.RuleFailedWarning` of the block (one case of a
    batch, led by the case file by :func:`_failed_rules_named`)
    as a ``warning:`` line beside that case, not after the whole batch, with ``debug``
    followed by the traceback of what the rule raised; other warnings as they were."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuleFailedWarning)
            yield
    finally:
        for item in caught:
            if issubclass(item.category, RuleFailedWarning):
                progress.note(one_line(f"warning: {item.message}"))
                raised = rule_traceback(item.message) if debug else ""
                if raised:
                    progress.note(raised.rstrip("\n"))
            else:
                warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)


def _case_error(args: argparse.Namespace, error: BaseException, source: Path) -> list[str]:
    """The lines for an error about one case, the first led by the case file's name
    unless the error names a file itself; with ``--debug``, the traceback first."""
    if getattr(args, "debug", False):
        to_stderr(traceback.format_exc())  # lost, not raised, when it cannot be written
    lines = error_lines(error)
    if not names_a_file(error):
        lines[0] = f"{source}: {lines[0]}"
    return lines


def _to_standard_output(
    args: argparse.Namespace,
    draw: Callable[[Case, Path], bytes],
    what: str,
    warn: Callable[[Case, Path], str | None] | None = None,
    shown: Callable[[Case, Path], Case] | None = None,
    counter: Callable[[Progress], None] | None = None,
) -> int:
    """``-o -``: the one case file's figure or handout, ``draw(case, source)``, on
    standard output; ``warn``, ``shown`` and ``counter`` as for :func:`_for_each`."""
    from activity_systems.batch import Progress, case_files
    from activity_systems.io.loading import load

    if len(args.cases) != 1 or Path(args.cases[0]).is_dir():
        raise UsageError("-o - writes one case's output to standard output: give one case file")
    (source,) = case_files(args.cases)
    since = getattr(args, "since", None)  # a handout's earlier version
    piped = since == "-"  # read from standard input
    files = [] if since is None or piped else [since]
    refuse_output_into([source, *files, *_rule_files(args)], standard_input=piped)
    progress = Progress(1, sys.stderr, wanted=getattr(args, "progress", True))
    progress.step(str(source))  # shows nothing: a single case has no count
    if counter is not None:
        counter(progress)
    try:
        case = _shown_as(args, shown, load(source), source)
        warning = warn(case, source) if warn is not None else None
        if warning is not None:
            error_line(warning)
        data = draw(case, source)
    except (ActivitySystemsError, OSError) as error:  # said as _for_each says it
        progress.close()
        for line in _case_error(args, error, source):
            error_line(line)
        return EXIT_ERROR
    finally:
        progress.close()
    write_bytes_out(data, what)
    return EXIT_OK


def _shown_as(
    args: argparse.Namespace,
    shown: Callable[[Case, Path], Case] | None,
    case: Case,
    source: Path,
) -> Case:
    """``case``, loaded from ``source``, as the output shows it: ``shown(case, source)``,
    or by default :func:`~activity_systems.cli.reports.as_shared`."""
    return as_shared(case, args, source) if shown is None else shown(case, source)


def _rule_files(args: argparse.Namespace) -> list[Path]:
    """The Python files of ``--rules-from``: inputs, which no output may replace."""
    return [Path(name) for name in rule_files(args.rules_from)]


def _output_suffix(args: argparse.Namespace) -> str | None:
    """The extension of ``-o`` (lower case, with its dot), or ``None`` for a folder, a
    name without one (which :func:`_for_each` refuses for one file without ``--format``)
    or standard output (``-o -``); an output that is one of the inputs (a case file, or a
    Python file of ``--rules-from``) is refused first."""
    from activity_systems.batch import refuse_inputs
    from activity_systems.io.atomic import names_folder

    if args.output == STANDARD_OUTPUT:
        return None
    output = Path(args.output)
    refuse_inputs(output, [*args.cases, *_rule_files(args)])
    if names_folder(args.output) or not output.suffix:
        return None
    return output.suffix.lower()


def _report(case: Case, chosen: Sequence[RuleSpec | str] | None) -> Report | None:
    """The report on ``case`` of the ``chosen`` rules (see
    :func:`~activity_systems.cli.reports.chosen_rules`); ``None`` when none are chosen: a
    figure or a handout is then of the built-in rules, which it checks itself."""
    if chosen is None:
        return None
    from activity_systems.rules.engine import run_rules

    return run_rules(case, chosen)


def _check_ids(case: Case, ids: Sequence[str]) -> None:
    from activity_systems.model.slugs import did_you_mean

    known = [system.id for system in case.systems]
    for system_id in ids:
        if system_id not in known:
            raise UsageError(f"no system {system_id!r}{did_you_mean(system_id, known)}")


#: What the refusal of ``--width`` for a vector format adds.
_WIDTH_AFTER = (
    ": scale it where it is placed, or draw it the width it is printed at with "
    "--print-width (such as 88mm)"
)
#: What the refusal of ``--height`` for a vector format adds.
_HEIGHT_AFTER = ": scale it where it is placed"
#: What ``--print-width`` with another format is told to do instead.
_PRINT_WIDTH_AFTER = {
    "png": (
        ": a PNG's printed size is its pixels at its --dpi (the figures page, 'In a journal "
        "or on a poster', works out the --dpi for a width)"
    ),
    "dot": ": a DOT file has no size until Graphviz draws it",
}


def cmd_render(args: argparse.Namespace) -> int:
    """Draw a figure per case: Figure 1/2 for ``--system``, Figure 3 for ``--pair``."""
    from activity_systems.io.atomic import check_output_path, write_atomic
    from activity_systems.render import EXTENSIONS
    from activity_systems.render.api import converted_hint, refuse_case_file_name
    from activity_systems.render.backend import NO_PIXELS

    if args.pair and args.pair[0] == args.pair[1]:
        raise UsageError(f"--pair names two different systems, not {args.pair[0]!r} twice")
    if args.overview != "auto" and (args.system or args.pair):
        option = "--system" if args.system else "--pair"
        raise UsageError(f"--overview draws the overview of a case's systems, not with {option}")
    suffix = _output_suffix(args)
    if suffix is not None:  # before 'unknown extension ... or --format', which it refuses too
        refuse_case_file_name(args.output, args.format or "svg")
    fmt = args.format or ("svg" if suffix is None else EXTENSIONS.get(suffix))
    if fmt is None:
        raise OutputError(
            f"{args.output}: unknown extension {suffix}; use one of "
            f"{', '.join(sorted(EXTENSIONS))}, or --format{converted_hint(args.output)}"
        )
    named = EXTENSIONS.get(suffix) if suffix is not None else None
    if args.format is not None and named is not None and named != args.format:
        raise UsageError(
            f"{args.output}: the extension says {named} but --format says {args.format}; "
            "give one of them"
        )
    if args.height is not None and args.dpi is not None:
        raise UsageError(
            "--height and --dpi: give a PNG's height in pixels or its dpi, not both: "
            "the height sets the dpi"
        )
    for option, given, after in (
        ("--dpi", args.dpi, ""),
        ("--width", args.width, _WIDTH_AFTER),
        ("--height", args.height, _HEIGHT_AFTER),
    ):
        if given is not None and fmt != "png":
            if args.format is None and suffix is None:  # a folder, or a name without extension
                raise UsageError(f"{option} applies to PNG only; name the format with --format png")
            raise UsageError(
                f"{option} applies to PNG only, not {fmt.upper()}{NO_PIXELS.get(fmt, '')}{after}"
            )
    if args.print_width is not None:
        from activity_systems.render.printed import print_points

        try:
            print_points(args.print_width)
        except ActivitySystemsError as error:
            raise UsageError(f"--print-width: {error}") from None
        if fmt not in ("svg", "pdf"):
            after = _PRINT_WIDTH_AFTER.get(fmt, "")
            raise UsageError(f"--print-width applies to SVG and PDF only, not {fmt.upper()}{after}")
    # the figures' words, read once before any case: the same for every case of a batch,
    # so a misspelt key of _words.j2 is one line, not one for each case
    words = _figure_words(args.templates)
    tag = f"-{args.system}" if args.system else ""
    if args.pair:
        tag = f"-{args.pair[0]}-{args.pair[1]}"
    # chosen, the rules of --rules and --rules-from, is bound by the with statement at
    # the end, inside which the functions below run.

    made: dict[Path, Report] = {}  # the report warn() made of a case, for draw()

    def warn(case: Case, source: Path) -> str | None:
        """The library's :class:`~activity_systems.render.SlowOverviewWarning`, said
        before routing the bolts of a detailed overview that takes minutes, with what to
        draw instead on this line (--timeout, when given, stops the routing too)."""
        from activity_systems.render.api import default_report
        from activity_systems.render.figures import slow_overview

        if args.overview != "detailed" or args.no_contradictions:
            return None
        with _failed_rules_named(source, None):
            chosen_report = _report(case, chosen)
            report = default_report(case) if chosen_report is None else chosen_report
        made[source] = report
        slow = slow_overview(case, report)
        if slow is None:
            return None
        instead = "draw the summary with --overview summary, or a pair's figure with --pair A B"
        return f"warning: {source}: {slow}; {instead}"

    def draw(case: Case, source: Path) -> bytes:
        from activity_systems.render import SmallTextWarning

        _check_ids(case, [args.system] if args.system else args.pair or [])
        caught: list[warnings.WarningMessage] = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                drawn = _draw(case, source)
        finally:
            for item in caught:
                # which case file's figure prints its text too small
                small = item.category is SmallTextWarning
                message = f"{source}: {item.message}" if small else item.message
                warnings.warn_explicit(message, item.category, item.filename, item.lineno)
        return drawn.encode("utf-8") if isinstance(drawn, str) else bytes(drawn)

    def _draw(case: Case, source: Path) -> str | bytes:
        from activity_systems.render import SlowOverviewWarning, render

        # the report render() makes itself too; SlowOverviewWarning is said by warn()
        with _failed_rules_named(source, None), warnings.catch_warnings():
            warnings.simplefilter("ignore", SlowOverviewWarning)
            report = made.pop(source, None)
            if report is None and not args.no_contradictions:
                report = _report(case, chosen)
            drawn = render(
                case,
                format=fmt,
                system=args.system,
                pair=tuple(args.pair) if args.pair else None,
                theme=args.theme,
                contradictions=not args.no_contradictions,
                timeout=args.timeout,  # without --timeout, Graphviz's program's default
                dpi=args.dpi,
                width=args.width,
                height=args.height,
                print_width=args.print_width,
                caption=not args.no_caption,
                overview=args.overview,
                background=args.background,
                report=report,
                words=words,
            )
        return drawn

    def write(case: Case, source: Path, target: Path) -> None:
        inputs = [source, *_rule_files(args)]
        check_output_path(target, inputs=inputs, no_case_file=True)
        write_atomic(target, draw(case, source), inputs=inputs)

    remedy = f"name the format with one of {', '.join(EXTENSIONS)}, or --format"
    with rules_from(args.rules_from) as own:
        # --rules checked once, before any case
        chosen = chosen_rules(args.rules, own, args.rules_from)
        if args.output == STANDARD_OUTPUT:
            return _to_standard_output(args, draw, fmt.upper(), warn=warn)
        return _for_each(
            args,
            f".{fmt}",
            tag,
            write,
            what="figures",
            no_extension=None if args.format else remedy,
            warn=warn,
        )


def _no_templates_folder(templates: str | os.PathLike[str]) -> UsageError:
    """What ``--templates`` naming no folder is told: with the name meant when it was
    written with Windows' ``\\`` (``..\\handout-cy``) and that folder is there, as a
    case file so named is; that a path from a Windows drive is one."""
    from activity_systems.io.loading import did_you_mean_slashes, slashes_meant

    slashed = slashes_meant(templates)
    there = slashed is None or Path(slashed).is_dir()
    meant = did_you_mean_slashes(templates) if there else None
    from activity_systems._examples import missing_example

    hint = f" ({meant})" if meant else missing_example(templates)
    return UsageError(f"{templates}: --templates names no folder{hint}")


def _figure_words(templates: str | None) -> FigureWords | None:
    """The figures' words of ``render --templates``: those of the folder's ``_words.j2``,
    read and checked as its handout reads them (a folder without one gives English, as a
    handout's does); ``None``, English, without the option. The handouts (and Jinja2)
    are imported only when the option is given."""
    if templates is None:
        return None
    if not Path(templates).is_dir():
        raise _no_templates_folder(templates)
    from activity_systems.handouts.handout import figure_words_of

    return figure_words_of(templates)


def cmd_handout(args: argparse.Namespace) -> int:
    """Write a handout per case, HTML or Markdown."""
    from activity_systems.handouts.handout import format_of

    typed = args.format
    if args.format == "markdown":  # as check, compare and rules name it
        args.format = "md"
    suffix = _output_suffix(args)
    if suffix is not None:
        named = format_of(args.output)  # refuses an extension the handout cannot be written as
        if args.format is not None and named != {"md": "markdown"}.get(args.format, args.format):
            raise UsageError(
                f"{args.output}: the extension says {named} but --format says "
                f"{typed}; give one of them"
            )
    fmt = args.format or (suffix or ".html").lstrip(".")
    if args.figures not in (None, "svg") and fmt not in ("md", "markdown"):
        raise UsageError(
            f"--figures {args.figures} is for a Markdown handout (.md): an HTML handout's "
            "figures are SVG inside the page"
        )
    if args.paper != "a4" and fmt in ("md", "markdown"):
        raise UsageError(
            f"--paper {args.paper} applies to an HTML handout, not Markdown (.md): its "
            "pages are set by what prints it"
        )
    templates = Path(args.templates) if args.templates else None
    if templates is not None and not templates.is_dir():
        raise _no_templates_folder(templates)
    if args.since is not None:
        from activity_systems.batch import refuse_inputs
        from activity_systems.io.loading import load

        if len(args.cases) != 1 or Path(args.cases[0]).is_dir():
            raise UsageError("--since compares one case file with its earlier version")
        if args.output != STANDARD_OUTPUT:  # which overwrites no file
            refuse_inputs(args.output, [] if args.since == "-" else [args.since])
            if args.since == "-":
                refuse_overwriting_standard_input(args.output)
        # --since -: as git gives it (git show HEAD~1:case.yaml | handout ... --since -),
        # read before the case, whose problems it would hide; made as the handout shows
        # it by as_shown() below, once the case is read
        as_written = standard_input() if args.since == "-" else load(args.since)
        earlier = as_written

    if args.output == STANDARD_OUTPUT and fmt != "html":
        raise UsageError(
            "-o - writes an HTML handout; a Markdown handout's figures are files beside it, "
            "so name it with -o (handout.md)"
        )

    # chosen, the rules of --rules and --rules-from, is bound by the with statement at
    # the end, inside which the functions below run.

    def as_shown(case: Case, source: Path) -> Case:
        """``case`` and the earlier version (``--since``) as the handout shows them. The
        handout shows both, so, as ``compare`` does, each version's names that
        ``--without-people`` leaves out are looked for in the other too: the case's
        owner written in a label of the earlier version is warned of. The earlier
        version's warnings come first, as they came before the case was read."""
        nonlocal earlier
        if args.since is None:
            return as_shared(case, args, source)
        earlier = as_shared(as_written, args, args.since, (case, source))
        return as_shared(case, args, source, (as_written, args.since))

    def options(case: Case, source: Path) -> dict[str, Any]:
        """What the handout of ``case``, from the case file ``source``, is written with,
        once the systems chosen and the earlier version are known to fit it. With rules
        chosen (``--rules``, ``--rules-from``), the report is of the case the handout
        shows: with ``--system``, the part of the case that
        :func:`~activity_systems.handouts.selection.select` makes of it, as the handout
        does; a report of the whole case would number findings it leaves out."""
        if args.systems:
            _check_ids(case, args.systems)
            if args.since is not None and not any(map(earlier.has_system, args.systems)):
                raise UsageError(
                    f"{args.since}: the earlier version has none of the systems chosen "
                    "with --system, so there is no progress to show"
                )
        previous = previous_label = case_label = None
        if args.since is not None:
            from activity_systems.follow_up.names import version_names

            previous = earlier
            if earlier.title != case.title:
                pass  # the titles tell the versions apart
            elif args.since == "-":  # no file name: called so, and the case by its title
                previous_label = ON_STANDARD_INPUT
            else:  # the files tell the versions apart
                previous_label, case_label = version_names(earlier, case, (args.since, source))
            if args.since_name is not None:
                previous_label = args.since_name
        return {
            "template_dir": templates,
            "theme": args.theme,
            "previous": previous,
            "previous_label": previous_label,
            "case_label": case_label,
            "timeout": args.timeout,
            "systems": args.systems,
            "figures": args.figures or "svg",
            "paper": args.paper,
            "report": _report(_shown(case, args.systems), chosen),
        }

    counters: list[Progress] = []  # the line on which the figures are counted

    def on_figure(case: Case) -> Callable[[int, int], None] | None:
        """The counter of the figures of the handout of ``case``, which knows the kind of
        each figure to come, as the handout draws them, to say how long is left."""
        from activity_systems.batch import figures_drawn
        from activity_systems.handouts.context import figure_specs

        if not counters:
            return None
        kinds = [spec[0] for spec in figure_specs(_shown(case, args.systems))]
        return figures_drawn(counters[0], kinds=kinds)

    def write(case: Case, source: Path, target: Path) -> None:
        from activity_systems.handouts.handout import write_handout

        inputs = [source] if args.since in (None, "-") else [source, Path(args.since)]
        inputs += _rule_files(args)
        with _failed_rules_named(source, args.since), warnings.catch_warnings():
            # said by warn() below, before the case is written, in the command's terms
            warnings.simplefilter("ignore", ManyPairFiguresWarning)
            write_handout(
                case, target, inputs=inputs, on_figure=on_figure(case), **options(case, source)
            )

    def draw(case: Case, source: Path) -> bytes:
        from activity_systems.handouts.handout import render_handout

        with _failed_rules_named(source, args.since), warnings.catch_warnings():
            warnings.simplefilter("ignore", ManyPairFiguresWarning)  # as for write()
            result = render_handout(
                case,
                format="html",
                stem=source.stem,
                on_figure=on_figure(case),
                **options(case, source),
            )
        return result.text.encode("utf-8")

    def warn(case: Case, source: Path) -> str | None:
        """The library's :class:`~activity_systems.ManyPairFiguresWarning`, said before
        drawing a Figure 3 for each of many pairs, with how to choose on this line and
        how to stop a run that takes too long."""
        from activity_systems.handouts.selection import many_pair_figures

        many = None if args.systems else many_pair_figures(case)
        if many is None:
            return None
        # the whole map may be what is wanted: it is drawn, with its figures counted
        # on a terminal, and stopping it leaves no half-written handout
        remedy = "choose the systems it covers with --system ID, once for each"
        return f"warning: {source}: {many}; {remedy} (Ctrl+C stops it, writing nothing)"

    # The handout's file name says its format; --format names the files in a folder.
    remedy = "name the file .html or .md (--format names only the files in a folder)"
    with rules_from(args.rules_from) as own:
        # --rules checked once, before any case
        chosen = chosen_rules(args.rules, own, args.rules_from)
        if args.output == STANDARD_OUTPUT:
            return _to_standard_output(
                args, draw, "handout", warn=warn, shown=as_shown, counter=counters.append
            )
        return _for_each(
            args,
            f".{fmt}",
            "",
            write,
            what="handouts",
            no_extension=remedy,
            warn=warn,
            shown=as_shown,
            counter=counters.append,
        )


@contextlib.contextmanager
def _failed_rules_named(source: Path, since: str | None) -> Iterator[None]:
    """Each :class:`~activity_systems.RuleFailedWarning` of the block led by the case
    file the rule failed on: ``since``, the earlier version, for a handout's progress
    section (:class:`~activity_systems.errors.EarlierRuleFailedWarning`), else
    ``source``; other warnings as they were."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuleFailedWarning)
            yield
    finally:
        for item in caught:  # once the block's warnings are no longer recorded
            message: Warning | str = item.message
            if isinstance(message, RuleFailedWarning):  # its error kept, for --debug
                earlier = isinstance(message, EarlierRuleFailedWarning)
                named = since and as_errors_name(since)
                led = f"{named if earlier and named else source}: {message}"
                message = type(message)(led, error=message.error)
            warnings.warn_explicit(message, item.category, item.filename, item.lineno)


def _shown(case: Case, systems: Sequence[str] | None) -> Case:
    """The case a handout of ``systems`` shows (all of ``case`` for ``None``)."""
    if not systems:
        return case
    from activity_systems.handouts.selection import select

    return select(case, systems)[0]
