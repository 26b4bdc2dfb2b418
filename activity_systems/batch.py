"""Running a command over many case files: finding them, naming outputs, showing progress.

>>> import io
>>> stream = io.StringIO()
>>> progress = Progress(3, stream)          # not a terminal: quiet
>>> progress.step("cases/a.yaml")
>>> stream.getvalue()
''
"""

from __future__ import annotations

import collections
import math
import os
import re
import shlex
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from activity_systems.columns import char_columns, display_width
from activity_systems.errors import (
    ESCAPED_BYTES,
    CaseFileError,
    OutputError,
    escaped_utf8,
    visible,
)
from activity_systems.io.atomic import CASE_FILE_SUFFIXES, names_folder, same_file


def case_files(
    paths: Iterable[str | Path],
    *,
    empty: list[CaseFileError] | None = None,
    left_out: list[tuple[int, Path]] | None = None,
) -> list[Path]:
    """The case files named, a folder standing for its case files (sorted, not recursive),
    each once: a file named twice (``court.yaml ./court.yaml``, or a folder and a file in
    it, or ``court.yaml Court.yaml`` on macOS or Windows, where they name one file) is
    kept where it is first named. A link to a case file under another name is a case
    file of its own.

    In a folder, hidden files (a Markdown handout's list of its figures,
    ``.<stem>.figures.json``) and the JSON this library writes (a report, a comparison,
    the schema of case files) are no case files; every other entry named as one is,
    even one that does not load (a link to a file that is not there, a folder called
    ``old.yaml``), so that loading it reports it.

    With ``left_out``, each other file of a folder that is not hidden nor JSON this
    library wrote (a ``.docx`` or ``.txt`` handed in for a case file) is added to it, with
    the number of case files before it: where it stands among them, sorted by name; so
    is a folder without case files added to ``empty``, where it was named.

    Raises:
        CaseFileError: for a folder without case files, unless ``empty`` is given: the
            error is then added to it, and the other paths are still looked at.
    """
    found: dict[str, Path] = {}  # each file once, by its entry (see _entry)
    folded: dict[str, Path] = {}  # the first file of each entry as one_file_name folds it
    for name in paths:
        path = Path(name)
        entries = [path]
        if path.is_dir():
            entries = sorted(path.iterdir())
            inside = [p for p in entries if _is_case_file(p)]
            if not inside:
                error = CaseFileError(
                    f"the folder holds no case files ({', '.join(CASE_FILE_SUFFIXES)})"
                    + _folders_inside(path),
                    path=path,
                )
                if empty is None:
                    raise error
                empty.append(error)
                if left_out is not None:  # the folder, where it stands
                    left_out.append((len(found), path))
        else:
            inside = [path]
        cases = set(inside)
        for file in entries:
            if file not in cases:  # in a folder: an entry that is no case file
                if left_out is not None and _left_out(file):
                    left_out.append((len(found), file))
                continue
            entry = _entry(file)
            first = folded.setdefault(one_file_name(entry), file)
            if first is file or not _same_file(first, file):
                found.setdefault(entry, file)
    return list(found.values())


#: How many folders below a folder without case files are looked into for the ones that
#: hold some: enough for a study's sites and times, little for a home folder given.
FOLDERS_LOOKED_INTO = 200
#: How many of the folders that hold case files an error names.
FOLDERS_NAMED = 3


def _folders_inside(folder: Path) -> str:
    """What an error adds for a folder without case files whose case files are in folders
    inside it (a folder for each site, or for each time of a site), which are not looked
    into: how many of them hold case files, and the first few, as given on a command
    line; nothing when none does. Folders are looked into breadth first, at most
    :data:`FOLDERS_LOOKED_INTO` (beyond them, the number is "at least"), not hidden ones
    (``.git``) nor through links, and not inside a folder that holds case files.

    >>> _folders_inside(Path("no-such-folder"))
    ''
    """
    found: list[Path] = []
    waiting, looked = collections.deque([folder]), 0
    while waiting and looked < FOLDERS_LOOKED_INTO:
        current = waiting.popleft()
        looked += 1
        try:
            entries = sorted(current.iterdir())
        except OSError:  # unreadable: not named
            continue
        if current is not folder and any(map(_case_file_inside, entries)):
            found.append(current)
            continue
        waiting.extend(filter(_folder_inside, entries))
    if not found:
        return ""
    found.sort()
    named = " ".join(map(_as_argument, found[:FOLDERS_NAMED]))
    # folders left waiting: those found are some of them, not all
    least = "at least " if waiting else ""
    more = ""
    if len(found) > FOLDERS_NAMED:
        more = " and more" if waiting else f" and {len(found) - FOLDERS_NAMED} more"
    if len(found) == 1:
        return f"; {least}1 folder inside it does, which is not looked into: give it, as {named}"
    folders = f"{least}{len(found)} folders inside it do"
    return f"; {folders}, which are not looked into: give them, as {named}{more}"


def _as_argument(path: Path) -> str:
    """``path`` as a command line takes it: quoted for a shell, and from ``./`` when it
    would be an option (``-2026``, a folder inside the one given as ``.``).

    >>> _as_argument(Path("-2026")), _as_argument(Path("cases/west side"))
    ('./-2026', "'cases/west side'")
    """
    name = str(path)
    return shlex.quote(f"./{name}" if name.startswith("-") else name)


def _case_file_inside(entry: Path) -> bool:
    """Whether an entry of a folder looked into holds a case: a case file, not a folder
    so named; not one that cannot be looked at (the folder is listed but not searched)."""
    try:
        return _is_case_file(entry) and not entry.is_dir()
    except OSError:
        return False


def _folder_inside(entry: Path) -> bool:
    """Whether an entry of a folder looked into is a folder to look into: not hidden, not
    through a link, and one that can be looked at."""
    try:
        return not entry.name.startswith(".") and entry.is_dir() and not entry.is_symlink()
    except OSError:
        return False


def _left_out(path: Path) -> bool:
    """Whether an entry of a folder that is no case file is one that a user may have
    meant as one: a file, not hidden, and not JSON that this library wrote (a report)."""
    # a .json entry that is no case file is one this library wrote (or a hidden one)
    return not path.name.startswith(".") and path.is_file() and path.suffix.lower() != ".json"


def _same_file(one: Path, other: Path) -> bool:
    """Whether ``one`` and ``other``, whose names differ only in case or in how an accent
    is encoded, are one file: named both ways on macOS or Windows (``court.yaml``,
    ``Court.yaml``), whose file names ignore the difference."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # not there: loading it says so
        return False


def _entry(path: Path) -> str:
    """What tells a file named twice: its folder as the links and ``..`` of its path
    lead to it, and its own name, which is not followed (a link named ``latest.yaml``
    is an entry of its own, named after itself, whatever it leads to).

    >>> _entry(Path("cases/../court.yaml")) == _entry(Path("./court.yaml"))
    True
    """
    return os.path.join(os.path.realpath(path.parent), path.name)


#: How the JSON this library writes starts: a report, a comparison or the rule catalogue
#: names its format,
#: the schema of case files its draft and its own id (``$id`` in io/schema.py).
_WRITTEN_JSON = re.compile(
    rb'\A\s*\{\s*(?:"format"\s*:\s*"activity-systems/(?:report|comparison|rules)"'
    rb'|"\$schema"\s*:\s*"[^"]*"\s*,\s*"\$id"\s*:\s*"https://activity-systems\.invalid/)'
)


def _is_case_file(path: Path) -> bool:
    """An entry of a folder that is a case file: not hidden, named as one, and no JSON
    output of this library (its first bytes tell). An entry so named that cannot be read
    as a file (a symbolic link that leads nowhere, a folder, a pipe) is one too, so that
    loading it says what is wrong with it (``no such file``), rather than a case going
    missing without a word."""
    if path.name.startswith(".") or path.suffix.lower() not in CASE_FILE_SUFFIXES:
        return False
    if path.suffix.lower() != ".json" or not path.is_file():
        return True
    try:
        with path.open("rb") as file:
            start = file.read(512)
    except OSError:
        return True  # loading it says what is wrong
    return not is_written_json(start)


def is_written_json(start: bytes) -> bool:
    """Whether the first bytes of a file (512 are plenty) are those of JSON this library
    writes: a report, a comparison, the rule catalogue or the schema of case files.

    >>> is_written_json(b'{\\n  "format": "activity-systems/report",\\n  "version": 1')
    True
    >>> is_written_json(b'{"title": "Psychiatric reports", "systems": [')
    False
    """
    return _WRITTEN_JSON.match(start) is not None


def refuse_unless_written_json(target: Path, real: Path, *, advice: str) -> None:
    """Refuse to write over ``real`` (where ``target`` leads) unless it is missing, empty
    or JSON this library wrote (:func:`is_written_json`): it may be a case file saved as
    JSON. ``advice`` follows "refusing to overwrite it" (with its own space or comma)."""
    try:
        with real.open("rb") as stream:
            start = stream.read(512)
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"{target}: cannot read what it holds: {error.strerror}") from None
    if start.strip() and not is_written_json(start):
        raise OutputError(
            f"{target}: was not written by this tool, and may be a case file; refusing "
            f"to overwrite it{advice}"
        )


def refuse_inputs(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output that is one of the inputs, before anything else is looked at. A
    folder given as both (``render cases -o cases``) is not refused: the outputs inside it
    are named after the cases, with other extensions, and each is refused in turn if it
    would be an input.

    Raises:
        OutputError: when ``output`` names an input file.
    """
    target = Path(output)
    if target.is_dir():
        return
    if any(same_file(target, source) for source in inputs):
        raise OutputError(f"{target}: refusing to overwrite the input file")


#: The extensions of what the commands write (a report's, a figure's, a handout's), which
#: name a file rather than a folder; a test keeps it in step with the commands' own.
OUTPUT_EXTENSIONS = frozenset(
    {
        *(".csv", ".json", ".md", ".tex", ".txt"),  # check's reports
        *(".svg", ".png", ".pdf", ".dot", ".gv"),  # render's figures
        *(".html", ".htm", ".md", ".markdown"),  # handout's pages
    }
)


def output_paths(
    inputs: Sequence[Path], output: str | Path, *, suffix: str, tag: str = ""
) -> list[Path]:
    """Where each input's output goes.

    One input and an output that is not a folder (see :func:`names_folder`): the output
    itself. Otherwise the output must be an existing folder, and each input gives
    ``<folder>/<stem><tag><suffix>``. A folder is never created: a mistyped name would
    otherwise scatter outputs into a new one.

    Two inputs may give the same file (``court.yaml`` and ``court.json``):
    :func:`shared_outputs` says which, so that those fail alone.

    Raises:
        OutputError: when the folder does not exist or is a file; for several inputs and
            a name with an extension (``all.csv``), saying that each input gives a file
            of its own.
    """
    target = Path(output)
    folder = names_folder(output)
    if len(inputs) == 1 and not folder:
        return [target]
    if not target.is_dir() and target.exists():
        several = "" if folder else "; with several case files, -o names a folder"
        raise OutputError(f"{output}: is a file, not a folder{several}")
    if folder and not target.is_dir():
        raise OutputError(f"{output}: the folder does not exist; create it first")
    names = [f"{source.stem}{tag}{suffix}" for source in inputs]
    if not target.is_dir() and target.suffix.lower() in OUTPUT_EXTENSIONS:
        # a file's name (all.csv): one file of every case, which no command writes, not
        # a folder to create; a folder's name may hold a dot too (2026.11)
        some = ", ".join(names[:2]) + (", …" if len(names) > 2 else "")
        raise OutputError(
            f"{target}: names one file, but each of several case files gives its own: give "
            f"-o an existing folder, which takes one for each, named after its case file "
            f"({some})"
        )
    if not target.is_dir():
        raise OutputError(
            f"{target}: with several case files, -o names an existing folder; create it first"
        )
    return [target / name for name in names]


def shared_outputs(inputs: Sequence[Path], targets: Sequence[Path]) -> dict[int, OutputError]:
    """The error of each input (by its place in ``inputs``) whose output, ``targets`` at
    the same place, another input's would be too: neither is written, since either
    would replace the other's, and each error names the others.

    >>> errors = shared_outputs(
    ...     [Path("c/a.json"), Path("c/a.yaml"), Path("c/b.yaml")],
    ...     [Path("o/a.svg"), Path("o/a.svg"), Path("o/b.svg")],
    ... )
    >>> sorted(errors)
    [0, 1]
    >>> print(errors[0])  # doctest: +ELLIPSIS
    c/a.json: o/a.svg would be written for c/a.yaml too, so neither is written; rename ...

    Names that differ only in case, or in how an accent is encoded, are one name here, as
    they are one file on Windows and macOS (on macOS alone for an accent; see
    :func:`one_file_name`), whatever system the batch runs on:

    >>> print(shared_outputs([Path("Court.yaml"), Path("court.yaml")],
    ...                      [Path("o/Court.svg"), Path("o/court.svg")])[1])
    ... # doctest: +ELLIPSIS
    court.yaml: o/court.svg would be written for Court.yaml too (as o/Court.svg, the same ...
    """
    sharing: dict[str, list[int]] = {}
    for index, target in enumerate(targets):
        sharing.setdefault(one_file_name(target), []).append(index)
    errors: dict[int, OutputError] = {}
    for indices in sharing.values():
        if len(indices) < 2:
            continue
        for index in indices:
            target = targets[index]
            others = [str(inputs[other]) for other in indices if other != index]
            named = " and ".join(others)
            spelt = sorted({str(targets[o]) for o in indices if str(targets[o]) != str(target)})
            where = _one_file_where(str(target), spelt)
            also = f" (as {' and '.join(spelt)}, {where})" if spelt else ""
            which = "neither is" if len(indices) == 2 else "none of them is"
            errors[index] = OutputError(
                f"{inputs[index]}: {target} would be written for {named} too{also}, so "
                f"{which} written; rename one of them, or write them into different folders"
            )
    return errors


def _one_file_where(name: str, spelt: Sequence[str]) -> str:
    """Where ``name`` and its other spellings ``spelt`` are one file, and why: Windows
    and macOS ignore case, but only macOS ignores how an accent is encoded.

    >>> _one_file_where("Court.svg", ["court.svg"])
    'the same file on Windows and macOS, whose file names ignore case'
    >>> _one_file_where("Unité.svg", ["Unite\u0301.svg"])
    'the same file on macOS, whose file names ignore how an accent is encoded'
    """
    nfc = unicodedata.normalize("NFC", name)
    case = any(unicodedata.normalize("NFC", other) != nfc for other in spelt)
    accent = any(other.lower() != name.lower() for other in spelt)
    if not accent:
        return "the same file on Windows and macOS, whose file names ignore case"
    ignored = "case and how an accent is encoded" if case else "how an accent is encoded"
    return f"the same file on macOS, whose file names ignore {ignored}"


def one_file_name(path: str | os.PathLike[str]) -> str:
    """``path`` as Windows and macOS tell files apart: names that differ only in case
    (``Court.svg``, ``court.svg``), or in whether an accent is a character of its own or
    a mark after its letter (as macOS writes names), name one file there.

    >>> one_file_name("out/Café.SVG") == one_file_name("out/cafe\u0301.svg")
    True
    """
    return unicodedata.normalize("NFC", os.fspath(path)).lower()


#: The names Windows keeps for its devices, whatever extension follows them (``aux.svg``
#: is the device AUX): a file of such a name cannot be made there, nor synced there by
#: OneDrive or SharePoint.
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789¹²³"]
)

#: The characters a Windows file name cannot hold (macOS writes a ':' for the '/' typed
#: in the Finder's names, and allows the others).
_NOT_IN_WINDOWS_NAMES = '<>:"/\\|?*'


def windows_name_problem(name: str) -> str | None:
    """Why Windows (and OneDrive and SharePoint, which keep its rules) cannot hold a file
    called ``name``, or ``None`` when it can.

    >>> windows_name_problem("court.svg") is None
    True
    >>> windows_name_problem("Aux.svg")
    "'Aux' is the name of a device on Windows"
    >>> windows_name_problem("Court 2026:27.svg")
    "':' is not allowed in a Windows file name"
    """
    for character in name:
        if character in _NOT_IN_WINDOWS_NAMES or ord(character) < 0x20:
            return f"'{visible(character)}' is not allowed in a Windows file name"
    base = name.split(".", 1)[0].rstrip(" ")
    if base.upper() in _WINDOWS_DEVICES:
        return f"{base!r} is the name of a device on Windows"
    if name.endswith((" ", ".")):
        return "a Windows file name cannot end in a space or a dot"
    return None


def unportable_outputs(inputs: Sequence[Path], targets: Sequence[Path]) -> dict[int, OutputError]:
    """The error of each input (by its place in ``inputs``) whose output, named after
    it, Windows cannot hold (see :func:`windows_name_problem`): a case file made on a Mac
    or on Linux (``aux.yaml``, ``Court 2026:27.yaml``) would give a figure or a handout
    that a colleague on Windows, or the share between them, cannot take. It is not
    written, on every system alike, so that a batch does the same wherever it runs.

    >>> print(unportable_outputs([Path("c/aux.yaml")], [Path("o/aux.svg")])[0])
    ... # doctest: +ELLIPSIS
    c/aux.yaml: o/aux.svg would be named after it, which Windows, OneDrive and SharePoint ...
    """
    errors: dict[int, OutputError] = {}
    for index, (source, target) in enumerate(zip(inputs, targets, strict=True)):
        problem = windows_name_problem(target.name)
        if problem is not None:
            errors[index] = OutputError(
                f"{source}: {target} would be named after it, which Windows, OneDrive and "
                f"SharePoint refuse ({problem}), so it is not written; rename the case file"
            )
    return errors


def write_text(stream: TextIO, text: str) -> None:
    r"""``text`` on a text stream (standard output or error) in the stream's encoding,
    never failing on a character it cannot encode: that is written as its escape
    (``\u0175`` in ASCII or Windows-1252) rather than raising UnicodeEncodeError, the
    choice made for every console, log and code page (set ``PYTHONUTF8=1``, or
    ``PYTHONIOENCODING=utf-8``, to have the characters themselves). A file name the locale
    could not read (the C locale reads each byte of ``ŵ`` as unknown) is written back as
    its bytes, the name as ``ls`` shows it and as a command copied from the output must
    give it, when those bytes are printable UTF-8 with none from 0x80 to 0x9f (which a
    terminal that is not UTF-8 obeys as controls); other bytes stay escaped
    (``\udce9``). Lines end as the stream ends them (CRLF on Windows).

    >>> import io
    >>> raw = io.BytesIO()
    >>> stream = io.TextIOWrapper(raw, encoding="ascii")
    >>> write_text(stream, "Engestr\u00f6m, \udcc5\udcb5.yaml, \udce9\n")
    >>> raw.getvalue()
    b'Engestr\\xf6m, \xc5\xb5.yaml, \\udce9\n'
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    buffer = getattr(stream, "buffer", None)
    at = 0
    if buffer is not None:
        for run in ESCAPED_BYTES.finditer(text):
            name = escaped_utf8(run.group())
            if name is not None:
                stream.write(_encodable(text[at : run.start()], encoding))
                stream.flush()
                buffer.write(name.encode("utf-8"))
                at = run.end()
    stream.write(_encodable(text[at:], encoding))
    stream.flush()


def _encodable(text: str, encoding: str) -> str:
    """``text`` with what ``encoding`` cannot write as its escape."""
    return text.encode(encoding, "backslashreplace").decode(encoding)


def to_stderr(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` to standard error (or ``stream``). When nothing reads it any more
    (``2>&1 | head -1``), or it cannot be written (a log on a full disk, a device that
    failed), the message is lost but not the run: later messages go nowhere, and the
    work and its exit status go on as they would, so that a job that failed still exits
    2, not 1 as for findings.

    >>> import io
    >>> class Full(io.StringIO):
    ...     def write(self, text: str) -> int:
    ...         raise OSError(28, "No space left on device")
    >>> to_stderr("activity-systems: lost\\n", Full())
    """
    stream = sys.stderr if stream is None else stream
    if stream is None:  # started with standard error closed
        return
    try:
        write_text(stream, text)
    except (OSError, ValueError):  # a broken pipe, a full disk; or a closed stream
        try:  # what is still buffered, and later messages, go to nothing
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
        except (OSError, ValueError):  # not a file (a test's stream): nothing more to do
            pass


def stream_columns(stream: object) -> int | None:
    """The columns of the terminal ``stream`` writes to; ``None`` when it is no terminal
    or does not say (a terminal not sized yet, a stream that has no file)."""
    isatty = getattr(stream, "isatty", None)
    fileno = getattr(stream, "fileno", None)
    try:
        if isatty is None or fileno is None or not isatty():
            return None
        return os.get_terminal_size(fileno()).columns or None
    except (OSError, ValueError):  # closed, or a stream that has no file (a test's)
        return None


class Progress:
    """A counter line, ``[3/12] cases/x.yaml``, on a terminal; nothing otherwise.

    The line is rewritten in place; :meth:`note` prints a message above it and
    :meth:`close` ends it. The count is not shown for a single item, though a long
    item's own counter (:meth:`detail`) is. The line is kept to the terminal's width,
    the item's name shortened from the left: a line that wrapped would leave a line
    behind each time it is rewritten.
    """

    def __init__(self, total: int, stream: TextIO, *, wanted: bool = True) -> None:
        self.total = total
        self.stream = stream
        self.count: int = 0
        isatty = getattr(stream, "isatty", None)
        # a terminal that moves no cursor (TERM=dumb, as editors' shells say) would show
        # the escape that clears the line; a screen reader reads the line again each
        # time it is rewritten, which --no-progress or ACTIVITY_SYSTEMS_NO_PROGRESS (set
        # and not empty, as NO_COLOR is read) turn off
        able = (
            wanted
            and os.environ.get("TERM") != "dumb"
            and not os.environ.get("ACTIVITY_SYSTEMS_NO_PROGRESS")
        )
        #: whether a long item's own counter (:meth:`detail`) is shown: on a terminal,
        #: for a single item too, since one handout of a large map takes minutes
        self.able: bool = able and bool(isatty and isatty())
        self.enabled: bool = total > 1 and self.able
        self._shown = False
        self._label = ""

    def step(self, label: str) -> None:
        """Count one more item and show it."""
        self.count += 1
        self._label = label
        if self.enabled:  # a file's name may hold escapes, which the terminal would obey
            count = f"[{self.count}/{self.total}] "
            to_stderr(self._fitted(count, visible(label, names_as_bytes=True)), self.stream)
            self._shown = True

    def detail(self, text: str) -> None:
        """Show how far the current item has got, after its name, on the counter's
        line: ``[2/5] cases/x.yaml: figure 37 of 401``, or ``x.yaml: figure 37 of 401``
        for a single item (on a terminal, as the counter is)."""
        if self.able:
            count = f"[{self.count}/{self.total}] " if self.total > 1 else ""
            name = visible(self._label, names_as_bytes=True)
            to_stderr(self._fitted(count, name, f": {text}"), self.stream)
            self._shown = True

    def _fitted(self, count: str, name: str, text: str = "") -> str:
        """``count``, ``name`` and ``text`` on the counter's line, cleared first; the
        name shortened from the left (``…services/big.yaml``) to leave the last column
        of the terminal free, as a console that wraps at it would show an empty line."""
        line = count + name + text
        columns = stream_columns(self.stream)
        if columns is None or display_width(line) < columns:
            return "\r\x1b[K" + line
        room = columns - 1 - display_width(count + text) - 1  # the name's, after "…"
        kept, width = "", 0
        for char in reversed(name):
            width += char_columns(char)
            if width > room:
                break
            kept = char + kept
        line = count + ("\u2026" + kept if room > 0 else "") + text
        while display_width(line) >= columns:  # a count and text wider than the terminal
            line = line[:-1]
        return "\r\x1b[K" + line

    def note(self, message: str) -> None:
        """Print a line (an error) without garbling the counter."""
        self._clear()
        to_stderr(message + "\n", self.stream)

    def close(self) -> None:
        """Remove the counter line."""
        self._clear()

    def _clear(self) -> None:
        if self._shown:
            to_stderr("\r\x1b[K", self.stream)
            self._shown = False


#: A handout's counter says how long is left once this many of its figures are drawn,
#: and this many seconds have gone: the first figures alone say too little of the rest.
ESTIMATE_AFTER_FIGURES = 10
ESTIMATE_AFTER_SECONDS = 2.0
#: How many of the latest figures the estimate is made of.
ESTIMATE_WINDOW = 50


#: How long each kind of figure takes to draw against a system's triangle, until the
#: handout has drawn one of that kind: measured on a generated map of 20 services (the
#: best of three drawings of each), a triangle 0.09 s, a pair 0.33 s (3.7 times as
#: long), the overview 0.44 s; on one of 100 services, 0.02 s against 0.07 s for a pair.
#: Once one of a kind is drawn, the time of those drawn is used instead.
FIGURE_WEIGHTS: dict[str, float] = {"system": 1.0, "overview": 5.0, "pair": 3.5}


def figures_drawn(
    progress: Progress,
    clock: Callable[[], float] = time.monotonic,
    *,
    kinds: Sequence[str] | None = None,
) -> Callable[[int, int], None]:
    """A counter of a handout's figures on ``progress``'s line, told ``(drawn, total)``:
    ``figure 37 of 401, about 40 s left``, rounded up: to ten seconds under a minute,
    else to minutes.

    ``kinds`` names each figure's kind in the order they are drawn (``system``,
    ``overview``, ``pair``, as :func:`~activity_systems.handouts.context.figure_specs`
    gives them). With them, how long is left is the time each kind's latest
    :data:`ESTIMATE_WINDOW` figures took, for each figure of that kind left; a kind not
    drawn yet is reckoned from the figures drawn so far, weighted by
    :data:`FIGURE_WEIGHTS`. As a decision, by kind: a map's pairs come last, and each
    takes three or four times as long as a system's triangle, so the time of the
    latest figures alone said a third of what was left while the triangles were drawn,
    and too little until fifty pairs had been. Without ``kinds`` (or when they do not
    count ``total`` figures), the time each of the latest figures took, times those
    left. It is an estimate, said as one ("about").
    """
    started: list[float] = []
    latest: collections.deque[tuple[int, float]] = collections.deque(maxlen=ESTIMATE_WINDOW)
    # by kind, the time each of its latest figures took; and of every kind, each
    # figure's time for one of weight 1
    took: dict[str, collections.deque[float]] = {}
    per_weight: collections.deque[float] = collections.deque(maxlen=ESTIMATE_WINDOW)

    def weight(kind: str) -> float:
        return FIGURE_WEIGHTS.get(kind, 1.0)

    def count(done: int, now: float) -> None:
        """Share the time since the last call among the figures drawn in it, by weight."""
        if kinds is None or not latest:
            return
        before, then = latest[-1]
        drawn = kinds[before:done]
        total_weight = sum(weight(kind) for kind in drawn)
        if not drawn or total_weight <= 0:
            return
        for kind in drawn:
            share = (now - then) * weight(kind) / total_weight
            took.setdefault(kind, collections.deque(maxlen=ESTIMATE_WINDOW)).append(share)
            per_weight.append(share / weight(kind))

    def by_kind(done: int) -> float:
        assert kinds is not None
        unit = sum(per_weight) / len(per_weight)
        left = 0.0
        for kind in kinds[done:]:
            times = took.get(kind)
            left += sum(times) / len(times) if times else unit * weight(kind)
        return left

    def drawn(done: int, total: int) -> None:
        if not progress.able:
            return
        now = clock()
        if not started:
            started.append(now)
        if kinds is not None and len(kinds) == total:
            count(done, now)
        latest.append((done, now))
        text = f"figure {done} of {total}"
        first, then = latest[0]
        if (
            done >= ESTIMATE_AFTER_FIGURES
            and now - started[0] >= ESTIMATE_AFTER_SECONDS
            and 0 < done < total
            and done > first
        ):
            if kinds is not None and len(kinds) == total and per_weight:
                left = by_kind(done)
            else:
                left = (now - then) / (done - first) * (total - done)
            text += f", about {_duration(left)} left"
        progress.detail(text)

    return drawn


def _duration(seconds: float) -> str:
    """``40 s`` (rounded up to ten seconds) under a minute, else ``7 min``, rounded up.

    >>> _duration(1.2), _duration(59.5), _duration(61), _duration(420)
    ('10 s', '60 s', '2 min', '7 min')
    """
    if seconds < 60:
        return f"{max(10, math.ceil(seconds / 10) * 10)} s"
    return f"{math.ceil(seconds / 60)} min"
