"""The ``activity-systems`` command: check, render, handout, compare, schema, rules, new.

Exit status: 0 when nothing is found at or above ``--fail-on`` (default ``low``), 1 when
findings are, 2 for a usage or input error. Errors are one line on stderr, naming the
file, line and column where there is one; a case file with several problems gets a line
for each, up to :data:`MAX_PROBLEMS_SHOWN`. ``--debug`` adds the traceback.

>>> main(["--version"])
activity-systems 0.1.0
0
"""

from __future__ import annotations

import argparse
import codecs
import re
import shlex
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from activity_systems.errors import (
    ActivitySystemsError,
    CaseFileError,
    MisnamedFindingWarning,
    OutputError,
    RuleFailedWarning,
    visible,
)

if TYPE_CHECKING:
    from activity_systems.model import Case
    from activity_systems.rules.finding import Report

PROG = "activity-systems"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("high", "medium", "low", "never")
THEMES = ("default", "print")
OVERVIEWS = ("auto", "detailed", "summary")  # as activity_systems.render.OVERVIEWS
#: The most problems of one case file printed, one line each; the rest are counted.
MAX_PROBLEMS_SHOWN = 20
#: ``handout`` without ``--system`` warns when it would draw more Figure 3s than this
#: (one per neighbouring pair: a regional map of a hundred services has hundreds).
MANY_PAIR_FIGURES = 20


class UsageError(ActivitySystemsError, ValueError):
    """A command line that names something that does not exist (a rule, a system)."""


def _positive(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number {what}")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (for ``--timeout``)."""
    return _positive(text, "of seconds")


def _dpi(text: str) -> float:
    """A positive, finite resolution in dots per inch (for ``--dpi``)."""
    return _positive(text, "of dots per inch")


def _render_format(text: str) -> str:
    """One of the renderer's formats (for ``render --format``); the renderer is imported
    only when the option is given, so that other commands start quickly."""
    from activity_systems.render import FORMATS

    if text.lower() not in FORMATS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(FORMATS)})"
        )
    return text.lower()


def _add_timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop Graphviz when one figure takes longer than this (default: 30)",
    )


def _parser() -> argparse.ArgumentParser:
    from activity_systems import __version__

    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Engeström activity systems: find contradictions, draw the triangles, "
        "write workshop handouts.",
        parents=[debug],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=[debug])

    check = command("check", "Report the contradictions of a case.")
    check.add_argument("case", metavar="CASE", help="a case file (.yaml, .yml or .json)")
    check.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="low",
        help="exit 1 when a finding is at least this severe (default: low)",
    )
    check.add_argument("--rules", metavar="IDS", help="only these rules, e.g. AS101,AS201")

    render = command("render", "Draw the figures of one or more cases.")
    render.add_argument("cases", nargs="+", metavar="CASE", help="case files or folders")
    render.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a file, or a folder for many"
    )
    which = render.add_mutually_exclusive_group()
    which.add_argument("--system", metavar="ID", help="one system (Figures 1 and 2)")
    which.add_argument("--pair", nargs=2, metavar=("A", "B"), help="two systems (Figure 3)")
    render.add_argument("--theme", choices=THEMES, default="default")
    render.add_argument(
        "--no-contradictions", action="store_true", help="draw no contradiction bolts"
    )
    render.add_argument(
        "--overview",
        choices=OVERVIEWS,
        default="auto",
        help="draw the overview with its contradictions one by one (detailed) or counted "
        "per pair of systems (summary); default: summary past 60 contradictions",
    )
    render.add_argument(
        "--format",
        type=_render_format,
        metavar="FORMAT",
        help="dot, svg, png or pdf; default: from the file name, or svg into a folder",
    )
    render.add_argument(
        "--dpi",
        type=_dpi,
        metavar="N",
        help="the resolution of a PNG in dots per inch (default: 96); PNG only",
    )
    _add_timeout(render)

    handout = command("handout", "Write the workshop handout of one or more cases.")
    handout.add_argument("cases", nargs="+", metavar="CASE", help="case files or folders")
    handout.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a .html or .md file, or a folder"
    )
    handout.add_argument(
        "--system",
        action="append",
        dest="systems",
        metavar="ID",
        help="cover only this system; repeat it for each system of the part of the map "
        "the workshop works on (default: all). What lies between a chosen system and one "
        "left out, with its contradictions, is not shown; the cover counts it",
    )
    handout.add_argument("--templates", metavar="DIR", help="templates that override ours")
    handout.add_argument("--theme", choices=THEMES, default="default")
    handout.add_argument(
        "--format",
        choices=("html", "md"),
        help="output format; default: from the file name, or html into a folder",
    )
    handout.add_argument(
        "--since",
        metavar="EARLIER",
        help="an earlier version of the case: add a 'Progress since' section",
    )
    _add_timeout(handout)

    compare = command("compare", "Compare two versions of a case: resolved, persisting, new.")
    compare.add_argument("before", metavar="BEFORE", help="the earlier case file")
    compare.add_argument("after", metavar="AFTER", help="the later case file")
    compare.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    schema = command("schema", "Print the JSON Schema of case files.")
    schema.add_argument("-o", "--output", metavar="FILE", help="write it to a file")
    schema.add_argument("--force", action="store_true", help="overwrite an existing file")

    rules = command("rules", "List the contradiction rules with their documentation.")
    rules.add_argument("rule", nargs="?", metavar="ID", help="one rule, in full")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")

    new = command("new", "Write a starter case file with guiding questions.")
    new.add_argument("file", metavar="FILE", help="the case file to create (.yaml)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    debug = getattr(args, "debug", False)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuleFailedWarning)
            warnings.simplefilter("always", MisnamedFindingWarning)
            result: int = COMMANDS[args.command](args)
        _show_warnings(caught, reported=args.command in _REPORT_FAILED_RULES)
        return result
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        if debug:
            traceback.print_exc()
        for line in error_lines(error):
            error_line(line)
        return EXIT_ERROR


#: Commands that print each failed rule on its own line themselves.
_REPORT_FAILED_RULES = frozenset({"check", "compare"})


def _show_warnings(caught: Sequence[warnings.WarningMessage], *, reported: bool) -> None:
    """A failed rule as one ``warning:`` line (unless the command reported it already),
    as any other warning of the library (two unrelated versions given to ``compare``, an
    action of the case given to ``check`` that probably names its finding wrongly); any
    other warning as Python shows it."""
    for item in caught:
        if issubclass(item.category, RuleFailedWarning):
            if not reported:
                error_line(f"warning: {item.message}")
        elif item.category.__module__.startswith("activity_systems."):
            error_line(f"warning: {item.message}")
        else:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def write_out(text: str, *, data: bool) -> None:
    """``text`` on standard output. A data format (JSON, Markdown, the schema) is written
    as UTF-8 whatever the locale, since it is meant for a file or another program; text
    for a terminal is written in its encoding, with what that cannot show escaped
    (``\\u201c``), rather than failing in a locale that is not UTF-8."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        raise OutputError("cannot write to standard output: it is closed")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name == "utf-8":
            stream.write(text)
        elif data and hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
        else:
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()  # a full disk says so here, not after the exit status is decided
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def one_line(message: str) -> str:
    """``activity-systems: <message>`` on one line, with nothing in it that a terminal
    would act on (a file may hold escape sequences, and errors quote the file)."""
    return f"{PROG}: {visible(' '.join(message.split()))}"


def error_line(message: str) -> None:
    """``activity-systems: <message>`` on stderr, on one line."""
    print(one_line(message), file=sys.stderr)


def describe_error(error: BaseException) -> str:
    """One line for an error: its own message for the library's errors, the template and
    line for a template error, the type for anything unexpected."""
    if isinstance(error, ActivitySystemsError):
        return str(error)
    template = _template_error(error)
    if template is not None:
        return template
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return f"unexpected error: {type(error).__name__}: {error} (run with --debug for details)"


def error_lines(error: BaseException) -> list[str]:
    """The lines for an error: :func:`describe_error`, then, for a case file with several
    problems, each of the others as ``file:line:column: message``. At most
    :data:`MAX_PROBLEMS_SHOWN` problems are printed; a last line counts the rest.

    >>> from activity_systems.errors import Problem
    >>> error = CaseFileError.of([Problem("a", path="c.yaml", line=1, column=1),
    ...                           Problem("b", path="c.yaml", line=2, column=3)])
    >>> error_lines(error)
    ['c.yaml:1:1: a (and 1 more problem)', 'c.yaml:2:3: b']
    """
    lines = [describe_error(error)]
    if isinstance(error, CaseFileError):
        others = error.problems[1:]
        shown = others[: MAX_PROBLEMS_SHOWN - 1]
        lines += [str(problem) for problem in shown]
        left = len(others) - len(shown)
        if left:
            lines.append(
                f"{error.path or '<case>'}: {left} more problem{'s' if left > 1 else ''} "
                "not shown; fix those above and run again to see them"
            )
    return lines


def _template_error(error: BaseException) -> str | None:
    jinja2 = sys.modules.get("jinja2")
    if jinja2 is None or not isinstance(error, jinja2.TemplateError):
        return None
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or "<template>"
        return f"{where}:{error.lineno}: template error: {error.message}"
    place = _template_place(error.__traceback__)
    where = f"{place[0]}:{place[1]}: " if place is not None else ""
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{where}template error: no template named {error.name!r}"
    return f"{where}template error: {error}"


def _template_place(trace: TracebackType | None) -> tuple[str, int] | None:
    """The template file and line where an error was raised while rendering: Jinja2
    puts a frame for each template into the traceback, and the last is the innermost."""
    place = None
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            place = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return place


# -- commands -----------------------------------------------------------------------


def _load(path: str | Path) -> Case:
    from activity_systems.io.loading import load

    return load(path)


def _report(path: str, rules: str | None = None) -> Report:
    """The report on the case file at ``path``, as :func:`~activity_systems.check` gives
    it: an action that probably names a finding wrongly is a warning that says where
    the action is written."""
    from activity_systems.io.loading import load_with_source
    from activity_systems.rules.engine import run_rules, warn_misnamed

    case, source = load_with_source(path)
    chosen = None
    if rules is not None:
        chosen = [part.strip() for part in rules.split(",") if part.strip()]
        if not chosen:
            raise UsageError("--rules names no rule; give ids such as AS101,AS201")
    report = run_rules(case, chosen)
    warn_misnamed(case, report, source)
    return report


def cmd_check(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when a finding is at or above ``--fail-on``."""
    if Path(args.case).is_dir():
        raise UsageError(
            f"{args.case}: is a folder; check reads one case file (.yaml, .yml or .json), "
            "while render and handout also take a folder"
        )
    report = _report(args.case, args.rules)
    if args.format == "json":
        text = report.to_json()
    elif args.format == "markdown":
        text = report.to_markdown()
    else:
        text = report.to_text()
    write_out(text if text.endswith("\n") else text + "\n", data=args.format != "text")
    for failure in report.rules_failed:
        error_line(f"{args.case}: rule {failure.rule} failed: {failure.error}")
    if report.rules_failed:
        return EXIT_ERROR
    if args.fail_on == "never" or not report.at_or_above(args.fail_on):
        return EXIT_OK
    return EXIT_FINDINGS


def _for_each(
    args: argparse.Namespace,
    suffix: str,
    tag: str,
    write: Callable[[Case, Path, Path], None],
    *,
    what: str,
    no_extension: str | None,
    warn: Callable[[Case, Path], str | None] | None = None,
) -> int:
    """Load every input and ``write(case, source, target)``; an input that fails is
    reported on its own line, led by the case file's name, and the others still run.
    ``warn(case, source)`` may give a line to show before the case is written.
    When some of several inputs failed, a last line counts them: ``3 of 4 figures
    written; 1 failed`` (``what`` names the outputs).

    One file named without an extension (``-o x``) is refused, with ``no_extension`` as
    the remedy, unless that is ``None`` (``--format`` names the format). A folder (see
    :func:`~activity_systems.io.atomic.names_folder`) takes files named after the inputs.
    """
    from activity_systems.batch import Progress, case_files, output_paths

    sources = case_files(args.cases)
    targets = output_paths(sources, args.output, suffix=suffix, tag=tag)
    if no_extension is not None and targets == [Path(args.output)] and not targets[0].suffix:
        raise UsageError(f"{args.output}: no extension; {no_extension}")
    progress = Progress(len(sources), sys.stderr)
    failed = 0
    try:
        for source, target in zip(sources, targets, strict=True):
            progress.step(str(source))
            try:
                case = _load(source)
                warning = warn(case, source) if warn is not None else None
                if warning is not None:
                    progress.note(one_line(warning))
                write(case, source, target)
            except (ActivitySystemsError, OSError) as error:
                if getattr(args, "debug", False):
                    traceback.print_exc()
                lines = error_lines(error)
                if not _names_a_file(error):
                    lines[0] = f"{source}: {lines[0]}"
                for line in lines:
                    progress.note(one_line(line))
                failed += 1
    finally:
        progress.close()
    if failed and len(sources) > 1:
        written = len(sources) - failed
        error_line(f"{written} of {len(sources)} {what} written; {failed} failed")
    return EXIT_ERROR if failed else EXIT_OK


def _names_a_file(error: BaseException) -> bool:
    """Whether the message of an error met while writing one case's output begins with
    the file it is about: the case file (or the earlier version given with ``--since``)
    that does not load, the output that cannot be written, the template and line where a
    template failed. Any other error (an unknown system, Graphviz failing) would read the
    same for every case, so the batch names the case file in front of it."""
    if isinstance(error, CaseFileError):
        return error.path is not None
    if _template_error(error) is not None:
        return _template_place(error.__traceback__) is not None
    return isinstance(error, OutputError) or (
        isinstance(error, OSError) and error.filename is not None
    )


def _output_suffix(args: argparse.Namespace) -> str | None:
    """The extension of ``-o`` (lower case, with its dot), or ``None`` for a folder or a
    name without one (which :func:`_for_each` refuses for one file without ``--format``);
    an output that is one of the inputs is refused first."""
    from activity_systems.batch import refuse_inputs
    from activity_systems.io.atomic import names_folder

    output = Path(args.output)
    refuse_inputs(output, args.cases)
    if names_folder(args.output) or not output.suffix:
        return None
    return output.suffix.lower()


def _check_ids(case: Case, ids: Sequence[str]) -> None:
    from activity_systems.model.slugs import did_you_mean

    known = [system.id for system in case.systems]
    for system_id in ids:
        if system_id not in known:
            raise UsageError(f"no system {system_id!r}{did_you_mean(system_id, known)}")


def cmd_render(args: argparse.Namespace) -> int:
    """Draw a figure per case: Figure 1/2 for ``--system``, Figure 3 for ``--pair``."""
    from activity_systems.io.atomic import check_output_path, write_atomic
    from activity_systems.render import EXTENSIONS
    from activity_systems.render.backend import NO_PIXELS

    if args.pair and args.pair[0] == args.pair[1]:
        raise UsageError(f"--pair names two different systems, not {args.pair[0]!r} twice")
    if args.overview != "auto" and (args.system or args.pair):
        option = "--system" if args.system else "--pair"
        raise UsageError(f"--overview draws the overview of a case's systems, not with {option}")
    suffix = _output_suffix(args)
    fmt = args.format or ("svg" if suffix is None else EXTENSIONS.get(suffix))
    if fmt is None:
        raise OutputError(
            f"{args.output}: unknown extension {suffix}; use one of "
            f"{', '.join(sorted(EXTENSIONS))}, or --format"
        )
    named = EXTENSIONS.get(suffix) if suffix is not None else None
    if args.format is not None and named is not None and named != args.format:
        raise UsageError(
            f"{args.output}: the extension says {named} but --format says {args.format}; "
            "give one of them"
        )
    if args.dpi is not None and fmt != "png":
        if args.format is None and suffix is None:  # a folder, or a name without extension
            raise UsageError("--dpi applies to PNG only; name the format with --format png")
        raise UsageError(f"--dpi applies to PNG only, not {fmt.upper()}{NO_PIXELS.get(fmt, '')}")
    tag = f"-{args.system}" if args.system else ""
    if args.pair:
        tag = f"-{args.pair[0]}-{args.pair[1]}"

    def write(case: Case, source: Path, target: Path) -> None:
        from activity_systems.render import DEFAULT_TIMEOUT, render

        _check_ids(case, [args.system] if args.system else args.pair or [])
        check_output_path(target, inputs=[source])
        drawn = render(
            case,
            format=fmt,
            system=args.system,
            pair=tuple(args.pair) if args.pair else None,
            theme=args.theme,
            contradictions=not args.no_contradictions,
            timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
            dpi=args.dpi,
            overview=args.overview,
        )
        data = drawn.encode("utf-8") if isinstance(drawn, str) else bytes(drawn)
        write_atomic(target, data, inputs=[source])

    remedy = f"name the format with one of {', '.join(EXTENSIONS)}, or --format"
    return _for_each(
        args,
        f".{fmt}",
        tag,
        write,
        what="figures",
        no_extension=None if args.format else remedy,
    )


def cmd_handout(args: argparse.Namespace) -> int:
    """Write a handout per case, HTML or Markdown."""
    from activity_systems.handouts.handout import format_of

    suffix = _output_suffix(args)
    if suffix is not None:
        named = format_of(args.output)  # refuses an extension the handout cannot be written as
        if args.format is not None and named != {"md": "markdown"}.get(args.format, args.format):
            raise UsageError(
                f"{args.output}: the extension says {named} but --format says "
                f"{args.format}; give one of them"
            )
    fmt = args.format or (suffix or ".html").lstrip(".")
    templates = Path(args.templates) if args.templates else None
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: --templates names no folder")
    if args.since is not None:
        from activity_systems.batch import refuse_inputs

        if len(args.cases) != 1 or Path(args.cases[0]).is_dir():
            raise UsageError("--since compares one case file with its earlier version")
        refuse_inputs(args.output, [args.since])
        earlier = _load(args.since)

    def write(case: Case, source: Path, target: Path) -> None:
        from activity_systems.handouts.handout import write_handout

        if args.systems:
            _check_ids(case, args.systems)
            if args.since is not None and not any(map(earlier.has_system, args.systems)):
                raise UsageError(
                    f"{args.since}: the earlier version has none of the systems chosen "
                    "with --system, so there is no progress to show"
                )
        inputs = [source]
        previous = previous_label = None
        if args.since is not None:
            inputs.append(Path(args.since))
            previous = earlier
            if earlier.title == case.title:  # the file name tells the versions apart
                previous_label = Path(args.since).name
        write_handout(
            case,
            target,
            inputs=inputs,
            template_dir=templates,
            theme=args.theme,
            previous=previous,
            previous_label=previous_label,
            timeout=args.timeout,
            systems=args.systems,
        )

    def warn(case: Case, source: Path) -> str | None:
        """Say so before drawing a Figure 3 for each of many pairs, and how to choose."""
        pairs = 0 if args.systems else len(case.neighbours())
        if pairs <= MANY_PAIR_FIGURES:
            return None
        return (
            f"warning: {source}: the handout of its {len(case.systems)} systems draws "
            f"{pairs} Figure 3s, one for each neighbouring pair; choose the systems it "
            "covers with --system ID, once for each"
        )

    # The handout's file name says its format; --format names the files in a folder.
    remedy = "name the file .html or .md (--format names only the files in a folder)"
    return _for_each(args, f".{fmt}", "", write, what="handouts", no_extension=remedy, warn=warn)


def cmd_compare(args: argparse.Namespace) -> int:
    """Print what was resolved, what persists and what is new between two versions."""
    from activity_systems.follow_up import compare

    before, after = _load(args.before), _load(args.after)
    labels: dict[str, str] = {}
    if before.title == after.title:  # the file names tell the versions apart
        labels = {"before_label": Path(args.before).name, "after_label": Path(args.after).name}
    comparison = compare(before, after, **labels)
    if args.format == "json":
        text = comparison.to_json()
    elif args.format == "markdown":
        text = comparison.to_markdown()
    else:
        text = comparison.to_text()
    write_out(text, data=args.format != "text")
    for failure in comparison.rules_failed:
        source = args.before if failure.version == "before" else args.after
        error_line(f"{source}: rule {failure.rule} failed: {failure.error}")
    return EXIT_ERROR if comparison.rules_failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the schema, or write it to ``-o FILE`` (an existing file only with
    ``--force``)."""
    from activity_systems.io.schema import case_schema_json

    text = case_schema_json()
    text = text if text.endswith("\n") else text + "\n"
    if args.output:
        from activity_systems.io.atomic import write_atomic

        _refuse_existing(Path(args.output), args.force)
        write_atomic(args.output, text.encode("utf-8"))
    else:
        write_out(text, data=True)
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """The rule catalogue: a list, or one rule's documentation in full."""
    from activity_systems.catalogue import catalogue_markdown, catalogue_text
    from activity_systems.rules.engine import rule_catalogue

    full = args.rule is not None
    entries = rule_catalogue([args.rule.strip()] if full else None)
    if args.format == "markdown":
        write_out(catalogue_markdown(entries), data=True)
    else:
        write_out(catalogue_text(entries, full=full), data=False)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write the starter case file; an existing file only with ``--force``."""
    from importlib import resources

    from activity_systems.io.atomic import write_atomic

    target = Path(args.file)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"{target}: a starter case is YAML (its comments guide you); use .yaml")
    _refuse_existing(target, args.force)
    starter = resources.files("activity_systems").joinpath("data", "starter.yaml")
    write_atomic(target, _named_in(starter.read_text(encoding="utf-8"), target.name))
    print(
        f"wrote {target}: fill it in, then run: {PROG} check {shlex.quote(str(target))}",
        file=sys.stderr,
    )
    return EXIT_OK


# What a shell leaves alone in a word: letters and digits in any script, and the
# characters shlex.quote leaves unquoted.
_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def _named_in(starter: str, name: str) -> bytes:
    """The starter text with its commands naming the file it is written to; the notes
    after them stay in one column (a long name moves the column right, keeping at least
    two spaces before each note).

    >>> text = "# check this-file.yaml       a\\n# check this-file.yaml -o x  b"
    >>> print(_named_in(text, "our.yaml").decode())
    # check our.yaml             a
    # check our.yaml -o x        b
    """
    if _SHELL_SPECIAL.search(name):  # a space, a quote, '&', '(' ...: quoted for the shell
        name = shlex.quote(name)
    placeholder = "this-file.yaml"
    lines = starter.split("\n")
    # (line number, text before the name, text after it up to its gap, gap, the rest)
    parts: list[tuple[int, str, str, int, str]] = []
    for number, line in enumerate(lines):
        at = line.find(placeholder)
        if at < 0:
            continue
        after = line[at + len(placeholder) :]
        gap = re.search(r" {2,}", after)
        if gap is None:
            lines[number] = line[:at] + name + after
            continue
        width = len(gap[0]) + len(placeholder) - len(name)
        parts.append((number, line[:at], after[: gap.start()], width, after[gap.end() :]))
    shift = max([0, *(2 - width for *_, width, _ in parts)])
    for number, before, middle, width, rest in parts:
        lines[number] = before + name + middle + " " * (width + shift) + rest
    return "\n".join(lines).encode("utf-8")


def _refuse_existing(target: Path, force: bool) -> None:
    """Refuse to replace a file the user may have written, unless told to."""
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to overwrite it")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "render": cmd_render,
    "handout": cmd_handout,
    "compare": cmd_compare,
    "schema": cmd_schema,
    "rules": cmd_rules,
    "new": cmd_new,
}
