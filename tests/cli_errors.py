"""Reading what the command line says when it refuses: shared by the command-line tests.

A refusal is one line on standard error, ``activity-systems: `` and what was wrong, with
no traceback (one is printed only under ``--debug``).
"""

from __future__ import annotations

from activity_systems.rules.engine import BUILTIN_RULES

#: How a refusal names the span of the built-in rules, "AS000 to AS605": their first and
#: last ids, taken from BUILTIN_RULES, so that a new built-in rule changes no test here.
BUILTIN_SPAN = f"{BUILTIN_RULES[0].id} to {BUILTIN_RULES[-1].id}"


def one_error_line(err: str) -> str:
    """The one line of ``err``, checked to be the program's error line and nothing more."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("activity-systems: ")
    assert "Traceback" not in err
    return lines[0]
