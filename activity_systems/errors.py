"""Exceptions raised by activity-systems.

Every error the library raises on purpose about what it was given to read or act on (a
case file, a saved report, an id to look up, a level, rule or severity to choose a
report's findings by, a rule, an output path) or what it needs (Graphviz) derives from
:class:`ActivitySystemsError`, and each also derives from the builtin it resembles, so
``except ValueError`` still works.

A value that a figure, a handout or a report's LaTeX table does not take
(``render(case, format="gif")``, ``dpi=-1``, a theme's name that no theme has, a
background that is no colour, a time limit of no time, a handout's figures in a format
there is none of, a system and a pair at once, a handout of no system, a report's
findings involving no system, ``to_latex(table="xltabular")``) is an
:class:`ArgumentError`, which is a ``ValueError`` too. Any other argument that is not
one a function takes (a path where text goes, an object of the wrong type, a setting a
rule is registered with) is Python's own ``ValueError`` or ``TypeError``, as the
standard library raises for one: a mistake in the calling code rather than in what it
reads. Code that passes a request's parameters through catches ``ValueError`` too,
which every error here of a wrong value also is.
"""

from __future__ import annotations

import contextlib
import copyreg
import inspect
import os
import re
import sys
import sysconfig
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any


def dotted_place(loc: Sequence[str | int]) -> str:
    """A place in nested data, as its paths are written in messages; empty for the top.

    >>> dotted_place(("systems", 0, "tools", 1)), dotted_place(())
    ('systems[0].tools[1]', '')
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


#: A run of bytes that the locale could not read, as Python gives a file name or an
#: argument in the C locale (``surrogateescape``: byte 0xc5 as U+DCC5).
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def escaped_utf8(run: str) -> str | None:
    r"""The text that a run of :data:`ESCAPED_BYTES` is in UTF-8, when it is printable
    text; ``None`` for bytes that are not (a Latin-1 name, controls), and for those
    holding a byte from 0x80 to 0x9f: a terminal that is not UTF-8 (the Linux console,
    xterm in the C locale) obeys one alone as a control (0x9b starts a sequence, as
    ESC [ does), and 'ě' is c4 9b.

    >>> escaped_utf8("\udcc5\udcb5")
    'ŵ'
    >>> escaped_utf8("\udce9") is None
    True
    >>> escaped_utf8("\udcc4\udc9b") is None
    True
    """
    raw = bytes(ord(ch) - 0xDC00 for ch in run)
    if any(0x80 <= byte <= 0x9F for byte in raw):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def visible(text: str, *, names_as_bytes: bool = False) -> str:
    r"""``text`` fit to quote in an error message: each character that a terminal would
    act on or not show (controls, bidi controls, line breaks) as its escape, as ``repr``
    writes it. With ``names_as_bytes`` (the command line), a run of bytes the locale
    could not read (a file name in the C locale) that is printable UTF-8 is kept (see
    :func:`escaped_utf8`), for the command to write back as those bytes, the name as the
    system holds it.

    >>> print(visible("2 months\x1b]0;x\x07 \u202e"))
    2 months\x1b]0;x\x07 \u202e
    >>> visible("\udcc5\udcb5.yaml", names_as_bytes=True) == "\udcc5\udcb5.yaml"
    True
    >>> print(visible("\udcc5\udcb5.yaml"))
    \udcc5\udcb5.yaml
    """
    if text.isprintable():
        return text
    kept: list[str] = []
    at = 0
    if names_as_bytes:
        for run in ESCAPED_BYTES.finditer(text):
            if escaped_utf8(run.group()) is not None:
                kept += [_escaped(text[at : run.start()]), run.group()]
                at = run.end()
    return "".join([*kept, _escaped(text[at:])])


def quoted(text: str) -> str:
    r"""``repr(text)``, but a run of bytes the locale could not read that is printable
    UTF-8 (a file name in the C locale) is kept, as :func:`visible` keeps it with
    ``names_as_bytes``, for the command line to write back as those bytes: a name
    quoted in a message is the file's, not ``'\udcc5\udcb5.yaml'``.

    >>> quoted("it's \udcc5\udcb5\x1b") == '"it\'s \udcc5\udcb5\\x1b"'
    True
    >>> print(quoted("caf\udce9"))
    'caf\udce9'
    """
    mark = repr(text)[0]
    out = [mark]
    at = 0
    for run in ESCAPED_BYTES.finditer(text):
        if escaped_utf8(run.group()) is not None:
            out += [_in_quotes(text[at : run.start()], mark), run.group()]
            at = run.end()
    out += [_in_quotes(text[at:], mark), mark]
    return "".join(out)


def _in_quotes(text: str, mark: str) -> str:
    """``text`` as ``repr`` writes it between the quotes ``mark``."""
    return "".join(
        "\\" + ch if ch in ("\\", mark) else ch if ch.isprintable() else ascii(ch)[1:-1]
        for ch in text
    )


def _escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


#: A quoted text longer than this in an error message is cut to :data:`QUOTED_KEPT`.
QUOTED_LONGEST = 120
QUOTED_KEPT = 60
# A quoted text: an opening quote that does not end a word, the text, and the closing
# quote of the same kind, which does not start one. An apostrophe inside a word (this
# line's) is neither, and stays inside a quoted text ('Officer's report'); one that ends
# a word (its items' content) can only close one, so the library's own words never open
# a quote. Every quoted text is matched in turn, short ones too, so that the closing
# quote of one ('-') is never taken for the opening quote of the next.
_QUOTED = re.compile(
    r"(?<!\w)(?:"
    r"(')((?:[^'\n]|(?<=\w)'(?=\w))*)(')"
    r'|(")([^"\n]*)(")'
    "|(\u201c)([^\u201c\u201d\n]*)(\u201d)"
    r")(?!\w)"
)


def _cut(quoted: re.Match[str]) -> str:
    """A quoted text that :func:`shortened` found, cut short when it is long."""
    opening = next(group for group in (1, 4, 7) if quoted[group] is not None)
    text = quoted[opening + 1]
    if len(text) <= QUOTED_LONGEST:
        return quoted[0]
    return f"{quoted[opening]}{text[:QUOTED_KEPT]}…{quoted[opening + 2]}"


def shortened(text: str) -> str:
    """``text`` with each quoted text longer than :data:`QUOTED_LONGEST` characters cut to
    its first :data:`QUOTED_KEPT` and an ellipsis: a 5,000-character value quoted back
    (twice) made an error line of 10 kilobytes. Only what is between quotes is cut: an
    apostrophe in the words around it is not a quote.

    >>> print(shortened("'" + "x" * 200 + "' is not a tool (known: 'report')"))
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not a tool (known: 'report')
    >>> words = "this line's indentation does not match the lines above it: " + "x " * 40
    >>> words += "and the list has '-' at column 3"
    >>> shortened(words) == words
    True
    """
    if len(text) <= QUOTED_LONGEST:
        return text
    return _QUOTED.sub(_cut, text)


#: The most problems of one case file shown, one line each; the rest are counted.
MAX_PROBLEMS_SHOWN = 20

#: The last line of an error shown in a notebook (see
#: :meth:`ActivitySystemsError._render_traceback_`).
TRACEBACK_HINT = "(%tb shows the full traceback)"


def on_one_line(message: str, *, names_as_bytes: bool = False) -> str:
    r"""``message`` on one line, its runs of spaces and line breaks one space, with
    nothing in it that a terminal would act on (a file may hold escape sequences, and
    errors quote the file): how the command line and a notebook show each line of an
    error; the command line keeps file names as bytes (see :func:`visible`).

    >>> on_one_line("dot failed:\n  Error: syntax\x1b[31m")
    'dot failed: Error: syntax\\x1b[31m'
    """
    return visible(" ".join(message.split()), names_as_bytes=names_as_bytes)


def message_lines(error: ActivitySystemsError) -> list[str]:
    """The lines that tell what is wrong, as the command line prints them after its
    ``activity-systems:`` and a notebook shows them: the error's message, then, for a
    case file with several problems, each of the others as ``file:line:column:
    message``. At most :data:`MAX_PROBLEMS_SHOWN` lines are given; a last line counts
    the problems they leave out.

    A problem met in three places or more (the old id of a renamed system, still
    referred to all over a large case) is told once, where it is first met, and a line
    after it gives the other places, ``line:column``, the first :data:`MAX_PLACES_SHOWN`
    of them and how many more; the other problems of the file are not pushed past the
    limit by its repetitions. One met in two places is two lines, each with its place.

    >>> error = CaseFileError.of([Problem("a", path="c.yaml", line=1, column=1),
    ...                           Problem("b", path="c.yaml", line=2, column=3)])
    >>> message_lines(error)
    ['c.yaml:1:1: a (and 1 more problem)', 'c.yaml:2:3: b']
    >>> error = CaseFileError.of([Problem("a", path="c.yaml", line=n, column=3)
    ...                           for n in (1, 5, 9)])
    >>> message_lines(error)
    ['c.yaml:1:3: a (and 2 more problems)', 'c.yaml: the same 2 more times, at 5:3, 9:3']
    """
    lines = [str(error)]
    if not isinstance(error, CaseFileError):
        return lines
    # The same words at the same file are one problem met in several places; the
    # groups keep the order of their first places.
    groups: dict[tuple[str | None, str], list[Problem]] = {}
    for problem in error.problems:
        groups.setdefault((problem.path, problem.message), []).append(problem)
    told = 0
    for number, same in enumerate(groups.values()):
        if len(lines) >= MAX_PROBLEMS_SHOWN:
            break
        if number:  # the first is the error's own line
            lines.append(str(same[0]))
        told += 1
        if len(same) == 2 and len(lines) < MAX_PROBLEMS_SHOWN:
            lines.append(str(same[1]))  # a line of places would save none
            told += 1
        elif len(same) > 2 and len(lines) < MAX_PROBLEMS_SHOWN:
            lines.append(_same_elsewhere(same))
            told += len(same) - 1
    left = len(error.problems) - told
    if left > 0:
        lines.append(
            f"{place_of(error.path, None, None)}: {counted_more(left, 'problem')} "
            "not shown; fix those above and run again to see them"
        )
    return lines


def counted_more(count: int, what: str) -> str:
    """``3 more problems``, ``1 more place``: ``count`` more of ``what``, a word whose
    plural takes an ``s``.

    >>> counted_more(1, "problem"), counted_more(2, "time")
    ('1 more problem', '2 more times')
    """
    return f"{count} more {what}{'s' if count > 1 else ''}"


#: The most other places of one problem that its line after the first gives.
MAX_PLACES_SHOWN = 10


def _same_elsewhere(same: Sequence[Problem]) -> str:
    """The line that gives the places of a problem after the first, ``same[0]``."""
    others = same[1:]
    places = [place_of(None, p.line, p.column).partition(":")[2] or "?" for p in others]
    shown = ", ".join(places[:MAX_PLACES_SHOWN])
    left = len(places) - MAX_PLACES_SHOWN
    if left > 0:
        shown += f" and {counted_more(left, 'place')}"
    times = counted_more(len(others), "time")
    return f"{place_of(same[0].path, None, None)}: the same {times}, at {shown}"


class ActivitySystemsError(Exception):
    """Base class of every error raised by activity-systems.

    Each is about what it was given (a case file, a saved report, an id, a rule, an output
    path) or what it needs (Graphviz), and its message says what and where. IPython and
    Jupyter show one as the command line does, a line per problem, without the traceback
    through the library that would push the message to the bottom of a long listing;
    ``%tb`` shows that traceback (see :meth:`_render_traceback_`).
    """

    def _render_traceback_(self) -> list[str]:
        """What IPython (a notebook, the ``ipython`` shell) shows for this error when a
        cell raises it: ``CaseFileError: case.yaml:4:5: ...``, a line for each further
        problem, and a last line saying that ``%tb`` shows the full traceback. IPython
        calls this method of an exception that has one in place of formatting its
        traceback; Python's own traceback display (a script, the plain ``python``
        prompt, pytest) does not know it and is unchanged.

        ``%tb``, which shows the last error again, and every error once ``%xmode
        Verbose`` is set (or ``%tb verbose`` for one), get the full traceback, in the
        shell's mode. This module imports nothing of IPython: it is asked for only
        when IPython is already running.

        An error raised while a file of the user's ran (a rule file that ``@rule``
        refuses as it is imported, a function of theirs in a module) says where, ``from
        your code at sites.py:12, in load_sites``, before that last line; an error of a
        call made in the cell itself does not, as the cell is the one just run.

        The lines come as one string, with a line break between them: a notebook puts
        one between the strings it is given, but the ``ipython`` shell in its Plain,
        Minimal and Docs modes joins them with nothing between.
        """
        traceback_asked = _traceback_asked()
        if traceback_asked is not None:
            return traceback_asked(self)
        first, *others = message_lines(self)
        lines = [
            f"{type(self).__name__}: {on_one_line(first)}",
            *(on_one_line(line) for line in others),
        ]
        if (called := _raised_from_a_file(self)) is not None:
            lines.append(on_one_line(called))
        lines.append(TRACEBACK_HINT)
        return ["\n".join(lines)]


#: The IPython magic that shows the last traceback again: ``%tb``.
_TB_MAGIC = ("IPython.core.magics.execution", "tb")


def _traceback_asked() -> Callable[[BaseException], list[str]] | None:
    """How IPython formats a traceback, when the user asked to see it: with ``%tb``
    (found among the callers: the magic shows the last error again through the same
    method as the cell's failure did), or with the shell's exception mode set to
    ``Verbose`` (``%xmode Verbose``, or ``%tb verbose`` for one call); ``None``
    otherwise, and outside IPython.

    ``%tb`` is told by its frame, not by counting the calls for one error: IPython 9
    calls ``_render_traceback_`` a second time after a cell fails, to keep the error
    in its history. Should a later IPython move the magic, ``%tb`` would show the short
    lines again, and ``%tb verbose`` and ``%xmode Verbose`` would still give the
    traceback."""
    formatter = getattr(ipython_running(), "InteractiveTB", None)
    if formatter is None:
        return None
    asked = getattr(formatter, "mode", None) == "Verbose"
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and not asked:
        asked = (frame.f_globals.get("__name__"), frame.f_code.co_name) == _TB_MAGIC
        frame = frame.f_back
    if not asked:
        return None
    return lambda error: list(
        formatter.structured_traceback(type(error), error, error.__traceback__)
    )


def place_of(path: str | None, line: int | None, column: int | None) -> str:
    r"""``file:line:column``, as far as each is known. The name is written as
    :func:`visible` writes it (an escape sequence or a line break as its escape): it may
    be an upload's, which its sender chose, and a service logs the error; the error's
    ``path`` keeps it as given. Warnings led by a place write it so too.

    >>> print(place_of("report\tdraft.yaml", 3, 5))
    report\tdraft.yaml:3:5
    >>> print(place_of(None, 3, None))
    <case>:3
    """
    where = visible(path, names_as_bytes=True) if path else "<case>"
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a case file: what, and where.

    ``line`` and ``column`` are 1-based, or ``None`` for a problem with no position.
    ``str(problem)`` is ``file:line:column: message``.

    >>> print(Problem("unknown key 'nmae' in systems[0]", path="case.yaml", line=4, column=5))
    case.yaml:4:5: unknown key 'nmae' in systems[0]
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        # Hints quote what the file says; whatever a terminal would act on or not show
        # is written as its escape, whichever hint quoted it.
        # A very long value is quoted back cut short.
        object.__setattr__(self, "message", shortened(visible(self.message)))

    def __str__(self) -> str:
        return f"{place_of(self.path, self.line, self.column)}: {self.message}"


class CaseFileError(ActivitySystemsError, ValueError):
    """A case file could not be read: says where (file, line, column) and what was expected.

    ``line`` and ``column`` are 1-based; they are ``None`` only when the problem has no
    position (a missing file, a file that is too large).

    ``problems`` holds every problem found, each a :class:`Problem` with its own message,
    line and column, in the order they are best read: the first is the one this error is
    about, the others follow. Syntax errors stop the reading, so they come alone; a file
    that parses but does not fit the case-file format may have many, and all are kept.
    ``str(error)`` stays one line: the first problem, with a count of the others,
    ``(and 2 more problems)``. The command line prints the first 20 problems, one line
    each (one met in three places or more: a line, and a line of its other places), and
    then how many it left out.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        column: int | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self.message: str = shortened(visible(message, names_as_bytes=True))
        self.path: str | None = os.fspath(path) if path is not None else None
        self.line = line
        self.column = column
        self.problems: tuple[Problem, ...] = tuple(problems) or (
            Problem(message, path=self.path, line=line, column=column),
        )
        super().__init__(str(self))

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> CaseFileError:
        """The error about ``problems[0]``, its message counting the others.

        >>> error = CaseFileError.of([Problem("a", path="c.yaml", line=1, column=1),
        ...                           Problem("b", path="c.yaml", line=2, column=3)])
        >>> str(error), len(error.problems)
        ('c.yaml:1:1: a (and 1 more problem)', 2)
        """
        first, others = problems[0], len(problems) - 1
        said = f" (and {counted_more(others, 'problem')})" if others else ""
        return cls(
            first.message + said,
            path=first.path,
            line=first.line,
            column=first.column,
            problems=problems,
        )

    def __str__(self) -> str:
        return f"{place_of(self.path, self.line, self.column)}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) as its ``args`` and attributes, without calling
        ``__init__`` again: a worker process's error reaches the parent as it was raised.
        Python's own pickling gave ``__init__`` the whole line as the message, and the
        error came back as ``<case>: case.yaml:3:5: ...`` in its ``args`` and ``repr``."""
        return (copyreg.__newobj__, (type(self), *self.args), self.__dict__)  # type: ignore[attr-defined]


class ModelError(ActivitySystemsError, ValueError):
    """A model-level inconsistency (a dangling reference, a duplicate id).

    ``locs`` are paths inside the validated data, relative to the model that raised it;
    the first is where the error is reported, the others are related places (for
    example the other element with the same id).

    ``placed`` is true for an error that its model's checks found among others and
    raised with them in one ``ValidationError``, each as an error of its own at its first
    place (its ``loc``, which then ends with that place): its text leaves the place out.

    ``value`` is what is written at the first place, for a place the model holds
    otherwise: an item of a list it keeps sorted (a rule's ``applies_to``), placed by its
    index as written. ``None`` where the model holds what is written there.
    """

    def __init__(
        self, message: str, *locs: tuple[str | int, ...], value: str | None = None
    ) -> None:
        self.message = message
        self.locs: list[tuple[str | int, ...]] = list(locs)
        self.value = value
        self.on_key: bool = False
        self.placed = False
        super().__init__(message)

    def at_key(self) -> ModelError:
        """The error, placed at the key of its first place rather than at its value (a
        key that should not be there)."""
        self.on_key = True
        return self

    def __str__(self) -> str:
        """The message after the place it is about, when it has one: a model built in
        Python shows ``exchanges[0].takes: ...`` where a case file shows a line and column.

        >>> str(ModelError("no system has the id 'prison'", ("integration", 0, "between", 1)))
        "integration[0].between[1]: no system has the id 'prison'"

        A ``placed`` error is only its message: its ``ValidationError`` shows the place.
        """
        if self.placed or not self.locs or not self.locs[0]:
            return self.message
        place = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in self.locs[0]
        ).lstrip(".")
        return f"{place}: {self.message}"


class GraphvizNotFound(ActivitySystemsError, RuntimeError):
    """The Graphviz ``dot`` program is not installed or not on PATH."""


class GraphvizError(ActivitySystemsError, RuntimeError):
    """Graphviz ran but failed, or did not finish within its time limit."""


class TimeLimitError(GraphvizError):
    """A figure was not drawn within its time limit: Graphviz's program was stopped, or,
    with a limit given (``timeout=``, ``--timeout``), the layout done in Python before it
    (placing the nodes, routing the lines). The message says which.

    A :class:`GraphvizError`, so that code that catches Graphviz's failures catches a
    figure's time-out too, whichever part of the drawing ran out of time.
    """


class RuleError(ActivitySystemsError, ValueError):
    """A contradiction rule is badly registered (duplicate id, malformed id).

    ``rule_id`` is the id, for one that another rule already has (``None`` otherwise).
    """

    def __init__(self, *args: object, rule_id: str | None = None) -> None:
        super().__init__(*args)
        self.rule_id = rule_id


class ArgumentError(ActivitySystemsError, ValueError):
    """A value given to one of the library's functions that it does not take: an unknown
    theme, format or overview of a figure or a handout, a ``dpi`` for a PDF, a
    ``background`` that is no colour, a ``timeout`` that is no positive number of
    seconds, a handout's ``figures`` in a format there is none of, a system and a pair
    at once, a handout of no system (``systems=[]``), ``report.involving(case)`` with no
    system, a LaTeX ``table`` other than
    ``tabularx`` or ``longtable``. Its message says
    what it takes. A :class:`ValueError`, as Python's convention for such a value is,
    shown in a notebook as its message alone, as the library's other errors are.

    >>> isinstance(ArgumentError("unknown theme 'dark'"), ValueError)
    True
    """


class UnknownIdError(ActivitySystemsError, KeyError, ValueError):
    """An id looked up in a case or a system that names nothing there: a system's
    (``case.system("curt")``, ``render(case, system="curt")``, ``case.subcase``,
    ``handout(..., systems=...)``, ``report.involving(case, "curt")``), an exchange's, an
    element's or a reference's; or a choice among a report's findings that none can have
    (a level, a rule or a severity given to ``report.only``, a severity to
    ``report.at_or_above``). The message names the closest id, or the known ones.

    A :class:`KeyError`, as a failed lookup by key is, but shown as its message alone,
    where a ``KeyError`` shows its message in quotes; a :class:`ValueError` too, which
    ``report.involving`` raised before.

    >>> error = UnknownIdError("no system 'curt' (did you mean 'court'?)")
    >>> print(error)
    no system 'curt' (did you mean 'court'?)
    >>> isinstance(error, KeyError), isinstance(error, ValueError)
    (True, True)
    """

    def __str__(self) -> str:
        if len(self.args) == 1:
            return str(self.args[0])
        return super().__str__()


class ReportFileError(ActivitySystemsError, ValueError):
    """A report's JSON that :meth:`Report.from_json <activity_systems.Report.from_json>`
    or :meth:`~activity_systems.Report.from_data` cannot read back: text that is not
    JSON, JSON that is not a report of this library (a case file, a comparison), a
    report of another version, or one whose fields are not a report's. The message says
    what was found, and where (``findings[2] has no 'severity'``).

    A :class:`ValueError` too, as Python's convention for a value it cannot read is, so
    that code that catches that catches this. Text or data of the wrong Python type (a path
    for the text, text for the data) is a mistake of the calling code, and stays a
    ``TypeError``.

    >>> from activity_systems import Report
    >>> try:
    ...     Report.from_json('{"format": "activity-systems/comparison", "version": 1}')
    ... except ReportFileError as error:
    ...     print(error)  # doctest: +ELLIPSIS
    not a report of activity-systems: its format is 'activity-systems/comparison', not ...
    """


class OutputError(ActivitySystemsError, OSError):
    """An output file cannot be written where it was asked for."""


class RuleFailedWarning(UserWarning):
    """A rule raised while a case was checked: the report leaves its findings out.

    :func:`~activity_systems.check` warns once per failed rule, and lists it in the
    report's ``rules_failed`` with its error, so that a broken rule never passes for a
    rule that found nothing. Turn it into an error in tests with
    ``warnings.simplefilter("error", RuleFailedWarning)`` or pytest's
    ``-W error::activity_systems.RuleFailedWarning``.

    ``error`` is the exception the rule raised, with its traceback, for a rule's author
    to see where it failed (``traceback.print_exception(warning.error)``, what the
    command line's ``--debug`` prints); ``None`` for a warning made without one.
    """

    def __init__(self, *args: object, error: BaseException | None = None) -> None:
        super().__init__(*args)
        self.error = error


class EarlierRuleFailedWarning(RuleFailedWarning):
    """A rule failed on the earlier version given to a handout (``previous``): the
    progress section leaves its findings out, and the actions on them are not checked,
    there and in the action plan.

    Defined here, beside :class:`RuleFailedWarning`, so that the command line tells the
    two apart without importing the handouts (and Jinja2); still importable from
    :mod:`activity_systems.handouts.handout`, where it was first defined.
    """


class _RuleIdWarning(UserWarning):
    """A warning that may be of a rule id that no rule has: :class:`MisnamedFindingWarning`
    and :class:`LeftOutRuleWarning`, which carry the id for the command line to say which
    installed rule packs have rules (``--rules-from``)."""

    #: The rule id that no rule has, for a warning of what names one (an action's
    #: ``AS1O1``, a ``leave_out`` entry's ``AS6O2``); ``None`` for another (an action
    #: that names a finding wrongly, a rule asked for and left out).
    unknown_rule: str | None = None


class MisnamedFindingWarning(_RuleIdWarning):
    """An action of the case names a finding that the report does not have, and the
    report has one finding close to it: the action probably names it wrongly (an AS101
    action that leaves out the exchange, a typo in a key or an element). Or the action
    names a rule id that no rule has (``AS1O1`` for ``AS101``): nothing was looked for,
    and the warning names the rule it probably means, if one is that close.

    :func:`~activity_systems.check` warns once per such action, naming where it is
    written (``file:line:column`` for a case checked from its file, ``actions[2]`` for
    one built in Python) and the finding it probably means, in both ways of writing it.
    Without the warning, the action would pass for one whose finding was resolved. The
    review of the actions says the same in ``ActionReview.probably_means``. Turn it into
    an error with ``warnings.simplefilter("error", MisnamedFindingWarning)``.
    """


class LeftOutRuleWarning(_RuleIdWarning):
    """The case's ``leave_out`` does other than what a run seems to ask: a rule given
    with ``rules`` (``--rules``) that the case leaves out, which is not run, since the
    case's decision wins; or an id that no rule has (``AS6O2``), which leaves nothing
    out, named with the rule it probably means (``AS602``). Each run on the case warns
    once per such rule, naming its place in ``leave_out``.
    """


class ManyPairFiguresWarning(UserWarning):
    """The handout of every system of a large map would draw many Figure 3s, one for each
    neighbouring pair: a regional map of a hundred services has hundreds, and its handout
    takes about a minute to write.

    :func:`~activity_systems.handout` (and
    :func:`~activity_systems.handouts.render_handout`) warns before it draws anything,
    when no ``systems`` are chosen and the handout would draw more than
    :data:`~activity_systems.handouts.selection.MANY_PAIR_FIGURES` Figure 3s; the
    message says how many, and how to choose the systems a workshop works on. Silence it
    with ``warnings.simplefilter("ignore", ManyPairFiguresWarning)``.
    """


class UnusedTemplateWarning(UserWarning):
    """A file of the template folder given to a handout (``template_dir``,
    ``--templates``) that the handout did not use, though it looks meant to: a template
    named as no shipped one is (``_titel.html.j2``) and included by none of the folder's
    templates, one in a subfolder (a template replaces the shipped one of its name only
    at the top of the folder), or one without the ``.j2`` ending (``_title.html``).
    Without the warning, the shipped handout would come out as if the folder's template
    were not there. A template of the other format (``_title.md.j2`` for an HTML
    handout) is not warned of. It also warns of a folder's ``handout.css.j2`` that sets
    the pages to A4 when another paper is asked for (``paper="letter"``,
    ``--paper letter``): one written before ``paper``, which would print A4 pages.

    :func:`~activity_systems.handout` (and
    :func:`~activity_systems.handouts.render_handout`) warns once per such file, naming
    it and what to do; the command line says the same on a ``warning:`` line.
    """


class StaleReportWarning(UserWarning):
    """A report given to draw or hand out a case is most likely the report of another
    version of the case, checked before it was edited: its numbers and findings are no
    longer the case's. Either its findings name elements, exchanges or systems the case
    does not have, or it was made from a case whose content differs.

    A report remembers the case it was made from (by :func:`~activity_systems.check`,
    outside its data: its fields, equality and JSON are unchanged). Given with another
    case object, equal to that one (the same file loaded again, a copy), it is taken as
    the case's own; given with a case that differs in anything a rule reads (a time
    limit raised so that a contradiction no longer holds, every id kept), it warns. Its
    ``actions``, ``description`` and ``source``, which no built-in rule reads, may change
    (a team writes its actions after the check that gives them their findings), unless
    the report has a rule of the user's, which may read them. The handout of
    chosen systems takes the report of the whole case and of ``case.subcase(systems)``,
    and a system drawn alone the report of a case that has it as it is. A report read
    back with :meth:`Report.from_json <activity_systems.Report.from_json>` or built by
    hand knows no case, and warns only of findings that name what the case lacks.

    :func:`~activity_systems.render` and :func:`~activity_systems.render.figure` warn
    when they draw with such a report, and :func:`~activity_systems.handout` (and
    :func:`~activity_systems.handouts.render_handout`) once for the whole handout; the
    message says how many findings name what the case lacks, and one of them, or else
    that the report was made from another version of the case, whose content differs.
    The figure or handout is still made, with the report's numbers: each of its
    findings is drawn on what the case still has of it, if anything (one that names
    nothing the case has is listed in the overview's caption). A report of a case with
    another title is refused outright, with a ``ValueError``. Give the case's own
    report, ``check(case)``; turn the warning into an error with
    ``warnings.simplefilter("error", StaleReportWarning)``.
    """


def user_stacklevel() -> int:
    """The ``stacklevel`` for a warning given by the function that calls this one, so that
    the warning names the nearest caller outside this package: the user's code, whether
    it called that function or, say, ``render()``, which called it."""
    package = _folder_prefixes(os.path.dirname(__file__))
    frame = inspect.currentframe()
    frame = frame.f_back if frame is not None else None  # the function warning: level 1
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
        level += 1
    return level


#: What every deprecation of this package says first after the name, which pyproject.toml's
#: pytest settings match to make a deprecated name that the package's own code or tests
#: use, without expecting its warning, an error.
DEPRECATED = "is deprecated since activity-systems"


def warn_deprecated(name: str, *, since: str, removed_in: str, instead: str) -> None:
    """Warn that ``name`` (a function, a keyword, a key) is deprecated: a
    ``DeprecationWarning`` naming the release that deprecated it, the release that may
    remove it and what to use instead, given at the line of the user's code that reached
    it, as the package's other warnings are. Python shows a ``DeprecationWarning`` given
    there in a script, a notebook and a test run; the versioning page says for how long a
    deprecated name keeps working.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_deprecated("f(a=...)", since="0.2.0", removed_in="0.3.0", instead="f(b=...)")
    >>> print(caught[0].message)
    f(a=...) is deprecated since activity-systems 0.2.0 and will be removed in 0.3.0: use f(b=...)
    """
    warnings.warn(
        f"{name} {DEPRECATED} {since} and will be removed in {removed_in}: use {instead}",
        DeprecationWarning,
        stacklevel=user_stacklevel(),
    )


def raised_in_user_code(
    error: BaseException, *, own: Callable[..., object] | None = None
) -> str | None:
    """Where ``error`` was raised in the code that called into this package, such as a
    rule of the user's: ``file:line, in function``, the file relative to the current
    folder when it lies inside it. The innermost frame of its traceback outside this
    package, Python's library and installed packages is taken, else the outermost one
    outside this package; ``None`` when every frame is this package's (the error is one it
    found, which says what it is about). The installed package that defines ``own`` (a
    rule of a rule pack, installed with pip) is the user's code, not another's: the
    innermost line of it is taken, a helper of the pack's that raised included."""
    found = _user_frame(error, own=own)
    return None if found is None else _place(*found)


def _user_frame(
    error: BaseException, *, own: Callable[..., object] | None = None
) -> tuple[str, int, str] | None:
    """The file, line and function that :func:`raised_in_user_code` names."""
    package = _folder_prefixes(os.path.dirname(__file__))
    installed = tuple(prefix for path in _installed_folders() for prefix in _folder_prefixes(path))
    mine = _own_package(own)
    outermost = innermost = None
    trace = error.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if not code.co_filename.startswith(package):
            place = (code.co_filename, trace.tb_lineno, code.co_name)
            outermost = outermost or place
            if not code.co_filename.startswith(installed) or (
                mine and code.co_filename.startswith(mine)
            ):
                innermost = place
        trace = trace.tb_next
    return innermost or outermost


def _installed_folders() -> list[str]:
    """The folders of Python's library and of installed packages: the environment's own,
    and those it sees besides, the system's (a venv made with ``--system-site-packages``,
    Debian's ``dist-packages``) and the user's (``pip install --user``)."""
    paths = sysconfig.get_paths()
    folders = [
        path for name in ("stdlib", "platstdlib", "purelib", "platlib") if (path := paths.get(name))
    ]
    import site

    prefixes = {os.path.abspath(path) for path in (sys.prefix, sys.base_prefix)}
    with contextlib.suppress(AttributeError):  # an environment's site without them
        # on Windows the list begins with the environment's own folder, which may hold
        # the user's scripts: its Lib\site-packages, also listed, is what is installed
        folders.extend(
            path for path in site.getsitepackages() if os.path.abspath(path) not in prefixes
        )
    with contextlib.suppress(AttributeError):
        folders.append(site.getusersitepackages())
    return folders


def _own_package(function: Callable[..., object] | None) -> tuple[str, ...]:
    """What the file names of the top-level package that defines ``function`` start
    with (its folder, or its file for a module alone); empty when that is not known."""
    module = sys.modules.get((getattr(function, "__module__", None) or "").partition(".")[0])
    if module is None:
        return ()
    folders = list(getattr(module, "__path__", None) or ())
    if folders:
        return tuple(prefix for folder in folders for prefix in _folder_prefixes(folder))
    file = getattr(module, "__file__", None)
    return (os.path.abspath(file),) if isinstance(file, str) else ()


def _raised_from_a_file(error: BaseException) -> str | None:
    """``from your code at sites.py:12, in load_sites``: where a file of the user's
    called into this package when ``error`` was raised, for a notebook's short display
    of it; ``None`` when that was a notebook cell or the prompt (their code is not a
    file, and the cell that failed is the one just run) or there is no such frame."""
    found = _user_frame(error)
    if found is None or not os.path.isfile(found[0]):
        return None
    return f"from your code at {_place(*found)}"


def _folder_prefixes(folder: str) -> tuple[str, ...]:
    """What the file names of code inside ``folder`` start with: the folder as written and
    as resolved (a frame names its file as it was imported, through any symbolic link)."""
    written = os.path.abspath(folder) + os.sep
    resolved = str(Path(folder).resolve()) + os.sep
    return (written,) if written == resolved else (written, resolved)


def defined_at(function: Callable[..., object]) -> str | None:
    """Where ``function`` is defined, as :func:`raised_in_user_code` writes a place
    (``my_rules.py:12, in my_rule``); ``None`` when that is not known."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    return _place(code.co_filename, code.co_firstlineno, code.co_name)


def _place(filename: str, line: int, function: str) -> str:
    """A place in a file of the user's as errors and warnings name it:
    ``my_rules.py:12, in my_rule`` (the file as :func:`_shown` gives it); a place in a
    notebook cell as IPython's own tracebacks name it: ``Cell In[7], line 4, in my_rule``."""
    cell = cell_named(filename)
    if cell is not None:
        return f"{cell}, line {line}, in {function}"
    return f"{_shown(filename)}:{line}, in {function}"


def cell_named(filename: str) -> str | None:
    """``Cell In[7]``: the cell of an IPython shell or kernel whose code was compiled
    under ``filename``, named as IPython's tracebacks name it; ``None`` for anything else,
    and outside IPython. A kernel (JupyterLab's, VS Code's) compiles each cell under the
    name of a file in a temporary folder that it does not write, which says nothing to
    the user (``/tmp/ipykernel_4242/3548348124.py``), and the shell under
    ``<ipython-input-7-...>``. IPython is not imported for this: it is asked only when
    it is already running."""
    name_of = getattr(getattr(ipython_running(), "compile", None), "format_code_name", None)
    if name_of is None:
        return None
    try:
        named = name_of(filename)
    except Exception:  # a later IPython's failure: the file name is shown instead
        return None
    if not isinstance(named, tuple) or len(named) != 2:
        return None
    label, name = named
    return f"{label} {name}"


def ipython_running() -> Any:
    """The IPython shell or kernel that runs this code, ``None`` outside one. IPython is
    not imported for this, and a module of its name that is not IPython (a test's
    stand-in) is taken for none."""
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    return get_ipython() if callable(get_ipython) else None


def _shown(filename: str) -> str:
    """``filename`` relative to the current folder when it lies inside it."""
    try:
        return Path(filename).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):  # outside the current folder, or no such folder
        return filename
