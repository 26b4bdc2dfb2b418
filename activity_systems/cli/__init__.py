"""The ``activity-systems`` command: check, render, handout, compare, schema, rules, new,
import.

Exit status: 0 when nothing is found at or above ``--fail-on`` (default ``low``; for
``compare``, which counts only the later version's new findings, ``never``), 1 when
findings are, 2 for a usage or input error, 130 when interrupted (Ctrl-C), 143 when
stopped by a SIGTERM and 129 by a SIGHUP (:func:`run`, the command, only). Errors are one
line on stderr, naming the file, line and column where there is one; a case file with
several problems gets a line for each, up to :data:`MAX_PROBLEMS_SHOWN`. ``--debug`` adds
the traceback.

The grammar is in :mod:`~activity_systems.cli.parser`, what the command line prints in
:mod:`~activity_systems.cli.console`, and the commands in
:mod:`~activity_systems.cli.reports` (check, compare, rules),
:mod:`~activity_systems.cli.outputs` (render, handout) and
:mod:`~activity_systems.cli.case_files` (schema, new, import); the files of ``--rules-from``
are imported by :mod:`~activity_systems.cli.rule_files`.

>>> main(["--version"])  # doctest: +ELLIPSIS
activity-systems ...
0
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence

from activity_systems.batch import to_stderr
from activity_systems.cli.case_files import cmd_import, cmd_new, cmd_schema
from activity_systems.cli.console import (
    STANDARD_OUTPUT,
    describe_error,
    error_line,
    error_lines,
    one_line,
    show_warnings,
    write_out,
)
from activity_systems.cli.outputs import MANY_PAIR_FIGURES, cmd_handout, cmd_render
from activity_systems.cli.parser import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_HUNG_UP,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    FAIL_ON,
    OVERVIEWS,
    PROG,
    THEMES,
    UsageError,
    dash_named_file,
    foreign_option,
    misplaced_option,
    one_system,
    option_after_files_marker,
    refuse_backslashed_outputs,
    refuse_empty_names,
    refuse_standard_input,
    subcommands,
    too_many,
)
from activity_systems.cli.parser import _parser as _parser
from activity_systems.cli.parser import _render_format as _render_format
from activity_systems.cli.reports import cmd_check, cmd_compare, cmd_rules, rule_running
from activity_systems.cli.rule_files import unknown_rule_hint
from activity_systems.errors import (
    MAX_PROBLEMS_SHOWN,
    LeftOutRuleWarning,
    MisnamedFindingWarning,
    RuleFailedWarning,
)

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_HUNG_UP",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "FAIL_ON",
    "MANY_PAIR_FIGURES",
    "MAX_PROBLEMS_SHOWN",
    "OVERVIEWS",
    "PROG",
    "THEMES",
    "HungUp",
    "Terminated",
    "UsageError",
    "cmd_check",
    "cmd_compare",
    "cmd_handout",
    "cmd_import",
    "cmd_new",
    "cmd_render",
    "cmd_rules",
    "cmd_schema",
    "describe_error",
    "error_line",
    "error_lines",
    "main",
    "one_line",
    "run",
    "write_out",
]

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "render": cmd_render,
    "handout": cmd_handout,
    "compare": cmd_compare,
    "schema": cmd_schema,
    "rules": cmd_rules,
    "new": cmd_new,
    "import": cmd_import,
}

#: Commands that print to standard output unless given ``-o FILE``.
_WRITE_WITH_OUTPUT = frozenset({"check", "compare", "schema", "rules"})

#: Commands for which ``-o -`` is standard output, not a file: those above, the two that
#: write files whatever ``-o`` says, and ``import``, which writes the case it makes
#: (``new -o -`` is refused: it writes a file).
_DASH_IS_STANDARD_OUTPUT = _WRITE_WITH_OUTPUT | {"render", "handout", "import"}

_CUT_SHORT = "; standard output may be incomplete"

#: Commands that print each failed rule on its own line themselves.
_REPORT_FAILED_RULES = frozenset({"check", "compare"})


class Terminated(KeyboardInterrupt):
    """The command was sent a SIGTERM (``timeout``, ``docker stop``, a cancelled CI job).
    A :exc:`KeyboardInterrupt`, so that it stops the command as Ctrl-C does: the
    temporary file of an output being written is removed, Graphviz is stopped."""


class HungUp(Terminated):
    """The command was sent a SIGHUP: the session it ran in closed (an ssh connection
    dropped, a terminal window closed). Handled as a SIGTERM is, exit status 129; a
    command started with ``nohup``, which ignores the signal, goes on."""


#: The signals that stop the command as Ctrl-C does, with what each raises.
_STOPPING: dict[str, type[Terminated]] = {"SIGTERM": Terminated, "SIGHUP": HungUp}


def _terminate(signum: int, frame: object) -> None:
    """The command's SIGTERM and SIGHUP handler: raise :class:`Terminated` (or
    :class:`HungUp`) once; either signal sent again while that is handled is ignored, so
    that the clean-up is not cut short."""
    for stopping in _stopping_signals():
        signal.signal(stopping, signal.SIG_IGN)
    raise HungUp if signum == getattr(signal, "SIGHUP", None) else Terminated


def _stopping_signals() -> list[int]:
    """The signals of :data:`_STOPPING` that this system has: no SIGHUP on Windows."""
    found = (getattr(signal, name, None) for name in _STOPPING)
    return [signum for signum in found if signum is not None]


def run() -> int:
    """The ``activity-systems`` command (and ``python -m activity_systems``): :func:`main`
    with a SIGTERM handled as Ctrl-C is, exit status 143, and a SIGHUP too, exit status
    129 (where the system has one: not Windows). Only the command does this:
    :func:`main` called from Python (a notebook, a script) leaves the program's signal
    handlers as they are, and a SIGTERM ignored by whatever started the command stays
    ignored."""
    for signum in _stopping_signals():
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _terminate)
    try:
        return main()
    except Terminated as stop:  # before main() handles it: while the arguments are read
        return EXIT_HUNG_UP if isinstance(stop, HungUp) else EXIT_TERMINATED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    commands = subcommands(parser)
    words = sys.argv[1:] if argv is None else list(argv)
    foreign = (
        foreign_option(words, commands)
        or dash_named_file(words, commands)
        or option_after_files_marker(words, commands)
    )
    if foreign is not None:  # rules --rules AS101: not taken for --rules-from AS101
        with contextlib.suppress(OSError, ValueError):
            error_line(foreign)
        return EXIT_ERROR
    try:
        misplaced = misplaced_option(words, commands)
        if misplaced is not None:  # check --version: not "required: CASE"
            misplaced[0].error(misplaced[1])
        args, extra = parser.parse_known_args(argv)
        more = too_many(args, extra)  # check a.yaml b.yaml: said in the command's terms
        if extra and more is None:  # under the command's usage, not the program's
            commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    debug = getattr(args, "debug", False)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuleFailedWarning)
            warnings.simplefilter("always", MisnamedFindingWarning)
            warnings.simplefilter("always", LeftOutRuleWarning)
            if more is not None:
                raise UsageError(more)
            refuse_empty_names(args)
            refuse_backslashed_outputs(args)
            refuse_standard_input(args)
            one_system(args)
            result: int = COMMANDS[args.command](args)
        show_warnings(
            caught,
            reported=args.command in _REPORT_FAILED_RULES,
            debug=debug,
            unknown_rule_hint=lambda: unknown_rule_hint(getattr(args, "rules_from", None)),
        )
        return result
    except KeyboardInterrupt as stop:
        terminated = isinstance(stop, Terminated)
        hung_up = isinstance(stop, HungUp)
        # A second Ctrl-C, or a standard error that is closed or broken, loses the line,
        # not the exit status.
        with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
            stopped = "hung up" if hung_up else "terminated" if terminated else "interrupted"
            running = rule_running(stop)
            error_line(_interrupted(args, f"{stopped} while {running}" if running else stopped))
        if hung_up:
            return EXIT_HUNG_UP
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        if debug:
            to_stderr(traceback.format_exc())  # lost, not raised, when it cannot be written
        for line in error_lines(error):
            error_line(line)
        return EXIT_ERROR


def _interrupted(args: argparse.Namespace, stopped: str = "interrupted") -> str:
    """What a command stopped by Ctrl-C says (``stopped``: ``terminated`` for a SIGTERM).
    Every file the commands write goes through a temporary file renamed over the target
    when complete (:func:`~activity_systems.io.atomic.write_atomic`), so none is left
    half-written; what is printed on standard output is not, and may have been cut short.

    >>> _interrupted(argparse.Namespace(command="render", output="figure.svg"))
    'interrupted; no output file was left half-written'
    >>> _interrupted(argparse.Namespace(command="rules", output=None))
    'interrupted; standard output may be incomplete (-o FILE writes a file whole or not at all)'
    >>> _interrupted(argparse.Namespace(command="render", output="-"))
    'interrupted; standard output may be incomplete'
    >>> _interrupted(argparse.Namespace(command="handout", output="h.md"), "terminated")
    'terminated; no output file was left half-written'
    """
    output = getattr(args, "output", None)
    if output == STANDARD_OUTPUT and args.command in _DASH_IS_STANDARD_OUTPUT:
        output = None
    if output is not None or getattr(args, "file", None) is not None:
        return f"{stopped}; no output file was left half-written"
    if args.command in _WRITE_WITH_OUTPUT:
        return f"{stopped}{_CUT_SHORT} (-o FILE writes a file whole or not at all)"
    return f"{stopped}{_CUT_SHORT}"
