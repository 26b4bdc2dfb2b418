"""Exceptions raised by activity-systems.

Every error the library raises on purpose derives from :class:`ActivitySystemsError`, and
each also derives from the builtin it resembles, so ``except ValueError`` still works.
"""

from __future__ import annotations

from pathlib import Path


def visible(text: str) -> str:
    r"""``text`` fit to quote in an error message: each character that a terminal would
    act on or not show (controls, bidi controls, line breaks) as its escape, as ``repr``
    writes it.

    >>> print(visible("2 months\x1b]0;x\x07 \u202e"))
    2 months\x1b]0;x\x07 \u202e
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class ActivitySystemsError(Exception):
    """Base class of every error raised by activity-systems."""


class CaseFileError(ActivitySystemsError, ValueError):
    """A case file could not be read: says where (file, line, column) and what was expected.

    ``line`` and ``column`` are 1-based; they are ``None`` only when the problem has no
    position (a missing file, a file that is too large).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<case>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ModelError(ActivitySystemsError, ValueError):
    """A model-level inconsistency (a dangling reference, a duplicate id).

    ``locs`` are paths inside the validated data, relative to the model that raised it;
    the first is where the error is reported, the others are related places (for
    example the other element with the same id).
    """

    def __init__(self, message: str, *locs: tuple[str | int, ...]) -> None:
        self.message = message
        self.locs = list(locs)
        super().__init__(message)


class GraphvizNotFound(ActivitySystemsError, RuntimeError):
    """The Graphviz ``dot`` program is not installed or not on PATH."""


class GraphvizError(ActivitySystemsError, RuntimeError):
    """Graphviz ran but failed, or did not finish within its time limit."""


class RuleError(ActivitySystemsError, ValueError):
    """A contradiction rule is badly registered (duplicate id, malformed id)."""


class OutputError(ActivitySystemsError, OSError):
    """An output file cannot be written where it was asked for."""


class RuleFailedWarning(UserWarning):
    """A rule raised while a case was checked: the report leaves its findings out.

    :func:`~activity_systems.check` warns once per failed rule, and lists it in the
    report's ``rules_failed`` with its error, so that a broken rule never passes for a
    rule that found nothing. Turn it into an error in tests with
    ``warnings.simplefilter("error", RuleFailedWarning)`` or pytest's
    ``-W error::activity_systems.RuleFailedWarning``.
    """
