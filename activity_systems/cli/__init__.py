"""The ``activity-systems`` command: check, render, handout, compare, schema, rules, new.

Exit status: 0 when nothing is found at or above ``--fail-on`` (default ``low``), 1 when
findings are, 2 for a usage or input error. Errors are one line on stderr, naming the
file, line and column where there is one; a case file with several problems gets a line
for each, up to :data:`MAX_PROBLEMS_SHOWN`. ``--debug`` adds the traceback.

The grammar is in :mod:`~activity_systems.cli.parser`, what the command line prints in
:mod:`~activity_systems.cli.console`, and the commands in
:mod:`~activity_systems.cli.reports` (check, compare, rules),
:mod:`~activity_systems.cli.outputs` (render, handout) and
:mod:`~activity_systems.cli.case_files` (schema, new).

>>> main(["--version"])
activity-systems 0.1.0
0
"""

from __future__ import annotations

import argparse
import traceback
import warnings
from collections.abc import Callable, Sequence

from activity_systems.cli.case_files import cmd_new, cmd_schema
from activity_systems.cli.console import (
    MAX_PROBLEMS_SHOWN,
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
    EXIT_OK,
    FAIL_ON,
    OVERVIEWS,
    PROG,
    THEMES,
    UsageError,
)
from activity_systems.cli.parser import _parser as _parser
from activity_systems.cli.parser import _render_format as _render_format
from activity_systems.cli.reports import cmd_check, cmd_compare, cmd_rules
from activity_systems.errors import MisnamedFindingWarning, RuleFailedWarning

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "FAIL_ON",
    "MANY_PAIR_FIGURES",
    "MAX_PROBLEMS_SHOWN",
    "OVERVIEWS",
    "PROG",
    "THEMES",
    "UsageError",
    "cmd_check",
    "cmd_compare",
    "cmd_handout",
    "cmd_new",
    "cmd_render",
    "cmd_rules",
    "cmd_schema",
    "describe_error",
    "error_line",
    "error_lines",
    "main",
    "one_line",
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
}

#: Commands that print each failed rule on its own line themselves.
_REPORT_FAILED_RULES = frozenset({"check", "compare"})


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
        show_warnings(caught, reported=args.command in _REPORT_FAILED_RULES)
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
