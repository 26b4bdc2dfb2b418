"""Reading what the command line says when it refuses: shared by the command-line tests.

A refusal is one line on standard error, ``activity-systems: `` and what was wrong, with
no traceback (one is printed only under ``--debug``).
"""

from __future__ import annotations


def one_error_line(err: str) -> str:
    """The one line of ``err``, checked to be the program's error line and nothing more."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("activity-systems: ")
    assert "Traceback" not in err
    return lines[0]
