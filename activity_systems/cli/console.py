"""What the command line writes: a command's text on standard output, and each error
and warning as one ``activity-systems: ...`` line on standard error."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import traceback
import warnings
import weakref
from collections.abc import Callable, Sequence
from types import TracebackType

from activity_systems.batch import stream_columns, to_stderr, write_text
from activity_systems.cli.parser import PROG, UsageError
from activity_systems.errors import (
    ActivitySystemsError,
    CaseFileError,
    OutputError,
    RuleFailedWarning,
    message_lines,
    on_one_line,
)


def show_warnings(
    caught: Sequence[warnings.WarningMessage],
    *,
    reported: bool,
    debug: bool = False,
    unknown_rule_hint: Callable[[], str] | None = None,
) -> None:
    """A failed rule as one ``warning:`` line (unless the command reported it already),
    with ``debug`` followed by what the rule raised (see :func:`rule_traceback`), as any
    other warning of the library (two unrelated versions given to ``compare``, an
    action of the case given to ``check`` that probably names its finding wrongly); any
    other warning as Python shows it. A line said already is not said again: the same
    unused template of ``--templates`` for each case of a folder, say.

    A warning of a rule id that no rule has (an entry of ``leave_out``, an action's
    rule) ends with what ``unknown_rule_hint`` gives, asked once: the installed rule
    packs the command was not given, one of which may have the rule."""
    said: set[str] = set()
    hint: str | None = None
    for item in caught:
        if issubclass(item.category, RuleFailedWarning):
            if not reported:
                error_line(f"warning: {item.message}")
                if debug:
                    to_stderr(rule_traceback(item.message))
        elif item.category.__module__.startswith("activity_systems."):
            line = str(item.message)
            if unknown_rule_hint is not None and getattr(item.message, "unknown_rule", None):
                hint = unknown_rule_hint() if hint is None else hint
                line = with_hint(line, hint)
            if line not in said:
                said.add(line)
                error_line(f"warning: {line}")
        else:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def with_hint(line: str, hint: str) -> str:
    """``line`` followed by ``hint`` (``; installed rule packs: ...``), which after a
    question starts a sentence of its own.

    >>> with_hint("no rule has it", "; installed rule packs: trust")
    'no rule has it; installed rule packs: trust'
    >>> with_hint("did you mean TRU101?", "; other installed rule packs: trust")
    'did you mean TRU101? Other installed rule packs: trust'
    """
    if not hint or not line.endswith("?"):
        return line + hint
    rest = hint.removeprefix("; ")
    return f"{line} {rest[:1].upper()}{rest[1:]}"


def rule_traceback(failed: object) -> str:
    """What ``--debug`` prints after a failed rule's line: the traceback of the exception
    the rule raised (``failed``, or the error its
    :class:`~activity_systems.RuleFailedWarning` holds), as Python prints it; nothing
    when that is not known.

    >>> rule_traceback(RuleFailedWarning("rule ORG101 failed"))
    ''
    >>> print(rule_traceback(KeyError("boom")), end="")
    KeyError: 'boom'
    """
    error = failed.error if isinstance(failed, RuleFailedWarning) else failed
    if not isinstance(error, BaseException):
        return ""
    return "".join(traceback.format_exception(error))


def write_out(text: str, *, data: bool) -> None:
    """``text`` on standard output. A data format (JSON, Markdown, the schema) is written
    as UTF-8 bytes whatever the locale, with its lines ending in ``\\n`` on every system
    (Windows' standard output would end them in ``\\r\\n``), since it is meant for a
    file or another program and is the same bytes as ``-o FILE`` writes; text for a
    terminal is written in its encoding and the system's line endings, with what that
    cannot show escaped (``\\u201c``), rather than failing in a locale that is not
    UTF-8, and a file name the locale could not read as its bytes (see
    :func:`~activity_systems.batch.write_text`)."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        raise OutputError("cannot write to standard output: it is closed")
    try:
        if data and hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
            stream.flush()
        else:
            write_text(
                stream, text
            )  # a full disk says so here, not after the exit status is decided
    except BrokenPipeError:
        reader_gone(stream)
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def reader_gone(stream: object) -> None:
    """Standard output's reader has gone (``| head -1``, ``| grep -q``): what is still to
    be printed goes to nothing, and the command carries on as it would with its output
    read to the end. As a decision, the exit status is the one of the work, findings
    (1) or a case file that does not load (2) among them, never 0 because nobody read
    the report, and the same whenever the reader left; a batch goes on checking the
    cases after it, whose errors are still said on standard error. Nothing is said of
    the closed pipe, as ``cat`` or ``grep`` say nothing."""
    with contextlib.suppress(TypeError):  # a stream that takes no weak reference
        _READER_GONE.add(stream)
    fileno = getattr(stream, "fileno", None)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fileno() if fileno is not None else -1)
        finally:
            os.close(null)
    except (OSError, ValueError):  # not a file (a test's stream): its writes are lost
        pass


#: The standard outputs whose reader has gone (see :func:`reader_gone`).
_READER_GONE: weakref.WeakSet[object] = weakref.WeakSet()


def nobody_reads() -> bool:
    """Whether standard output's reader has gone, so that what is still to be printed
    goes to nothing: a batch then checks its cases without writing their reports."""
    try:
        return sys.stdout in _READER_GONE
    except TypeError:  # a stream that takes no weak reference
        return False


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` writes to a terminal (not a file or a pipe; not closed)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and bool(isatty())
    except (OSError, ValueError):  # closed
        return False


def terminal_columns(stream: object) -> int | None:
    """The columns of the terminal ``stream`` writes to; ``None`` when it is no terminal
    or does not say (a terminal not sized yet, a stream that has no file)."""
    return stream_columns(stream)


def output_width() -> int:
    """The columns that a text report printed on standard output is wrapped at: on a
    terminal, those that ``COLUMNS`` says when it holds a positive number, else the
    terminal's own; anywhere else (a file, a pipe) the report's own width, 88, whatever
    ``COLUMNS`` says, so that a report redirected or piped is the same bytes in every
    shell. One column is left free, since a console that wraps at the last column
    (Windows' own, among others) would show a line that fills the row followed by an
    empty one. A terminal that does not say its size takes ``COLUMNS`` too, else 88.
    The report's own limits then apply (see
    :func:`~activity_systems.rules.report_text.text_width`)."""
    if not is_terminal(sys.stdout):
        return 88
    columns = os.environ.get("COLUMNS", "").strip()
    # ASCII digits alone: "²" is a digit that int() refuses, and a number of thousands of
    # digits is one int() refuses to read; neither is a terminal's width
    if columns.isascii() and columns.isdecimal() and len(columns) <= 6 and int(columns) > 0:
        return int(columns) - 1
    shown = terminal_columns(sys.stdout)
    return 88 if shown is None else shown - 1


#: ``-o -``: standard output, as for most command-line tools.
STANDARD_OUTPUT = "-"


def standard_stream_is(stream: object, path: str | os.PathLike[str]) -> bool:
    """Whether ``stream`` (standard input or output) is the regular file at ``path``
    (``check - < case.yaml``, ``render case.yaml -o - >> case.yaml``)."""
    try:
        given = os.fstat(stream.fileno())  # type: ignore[attr-defined]
        there = os.stat(path)
    except (AttributeError, OSError, ValueError):  # closed, no file, or nothing there yet
        return False
    return stat.S_ISREG(given.st_mode) and (given.st_dev, given.st_ino) == (
        there.st_dev,
        there.st_ino,
    )


def refuse_overwriting_standard_input(path: str | os.PathLike[str]) -> None:
    """Refuse to write to ``path`` when it is the file standard input reads (``compare -
    case.yaml < old.yaml -o old.yaml``).

    Raises:
        OutputError: naming ``path``.
    """
    if standard_stream_is(sys.stdin, path):
        raise OutputError(f"{path}: refusing to overwrite the input file (standard input)")


def refuse_output_into(
    inputs: Sequence[str | os.PathLike[str]], *, standard_input: bool = False
) -> None:
    """Refuse to print when standard output goes into one of the ``inputs``, or, with
    ``standard_input``, into the file standard input reads: ``>>`` would add the output
    to the case file.

    Raises:
        OutputError: naming the input.
    """
    for path in inputs:
        if standard_stream_is(sys.stdout, path):
            raise OutputError(f"{path}: refusing to write into the input file (standard output)")
    if standard_input:
        try:
            read = os.fstat(sys.stdin.fileno())
            printed = os.fstat(sys.stdout.fileno())
        except (AttributeError, OSError, ValueError):  # closed, or not files
            return
        if stat.S_ISREG(read.st_mode) and (read.st_dev, read.st_ino) == (
            printed.st_dev,
            printed.st_ino,
        ):
            raise OutputError(
                "refusing to write into the input file: standard output goes to the file "
                "standard input reads"
            )


def write_bytes_out(data: bytes, what: str) -> None:
    """``data`` (a figure or a handout: ``what``) on standard output, byte for byte; a
    binary format is refused when standard output is a terminal, which it would garble.
    A standard output of text alone (``main()`` in a notebook) gets a text format as
    text, and refuses a binary one."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        raise OutputError("cannot write to standard output: it is closed")
    binary = what in ("PNG", "PDF")
    if binary and stream.isatty():
        raise UsageError(
            f"-o - would print a {what} on the terminal: send it to a program or a file "
            f"(-o - | program, > file), or name the file with -o"
        )
    buffer = getattr(stream, "buffer", None)
    if buffer is None and binary:
        raise OutputError(
            f"cannot write a {what} to standard output: it takes text alone here; "
            "name the file with -o"
        )
    try:
        stream.flush()
        if buffer is None:
            stream.write(data.decode("utf-8"))
            stream.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        reader_gone(stream)
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def one_line(message: str) -> str:
    """``activity-systems: <message>`` on one line, with nothing in it that a terminal
    would act on (a file may hold escape sequences, and errors quote the file)."""
    return f"{PROG}: {on_one_line(message, names_as_bytes=True)}"


def error_line(message: str) -> None:
    """``activity-systems: <message>`` on stderr, on one line."""
    to_stderr(one_line(message) + "\n")


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
    """The lines for an error: the library's errors as a notebook shows them too
    (:func:`~activity_systems.errors.message_lines`: its message, then each other
    problem of a case file, up to
    :data:`~activity_systems.errors.MAX_PROBLEMS_SHOWN`), anything else as
    :func:`describe_error` gives it.

    >>> from activity_systems.errors import Problem
    >>> error = CaseFileError.of([Problem("a", path="c.yaml", line=1, column=1),
    ...                           Problem("b", path="c.yaml", line=2, column=3)])
    >>> error_lines(error)
    ['c.yaml:1:1: a (and 1 more problem)', 'c.yaml:2:3: b']
    """
    if isinstance(error, ActivitySystemsError):
        return message_lines(error)
    return [describe_error(error)]


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


def names_a_file(error: BaseException) -> bool:
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
