"""Loading case files: YAML or JSON text → a validated :class:`~activity_systems.Case`."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from activity_systems.errors import ArgumentError, CaseFileError, Problem, quoted
from activity_systems.io.json_source import YAML_TEXT_FIX, UnreadableNumber, read_json
from activity_systems.io.yaml_source import Source, read_yaml

if TYPE_CHECKING:
    from activity_systems.model.case import Case

#: Largest case file accepted, in bytes.
MAX_FILE_SIZE = 10 * 1024 * 1024

Format = Literal["yaml", "json"]


def _too_large(what: str, size: int) -> str:
    """The error for a case of ``size`` bytes over :data:`MAX_FILE_SIZE`, ``what`` saying
    which (``the file``, ``the case``): its size in MiB to one decimal, or in bytes
    while that would round to the limit itself, so that a case a few bytes over is not
    told it is '10.0 MiB' where the limit is 10 MiB.

    >>> _too_large("the file", 20 * 1024 * 1024)
    'the file is 20.0 MiB; case files may be at most 10 MiB'
    >>> _too_large("the case", MAX_FILE_SIZE + 1)
    'the case is 10,485,761 bytes; case files may be at most 10 MiB (10,485,760 bytes)'
    """
    limit = f"case files may be at most {MAX_FILE_SIZE // 1024 // 1024} MiB"
    shown = f"{size / 1024 / 1024:.1f}"
    if shown == f"{MAX_FILE_SIZE / 1024 / 1024:.1f}":
        return f"{what} is {size:,} bytes; {limit} ({MAX_FILE_SIZE:,} bytes)"
    return f"{what} is {shown} MiB; {limit}"


_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def format_of(path: str | os.PathLike[str]) -> Format:
    """``"yaml"`` or ``"json"`` from a file name.

    Raises:
        CaseFileError: for any other extension.
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        what = f"unknown case-file extension {suffix!r}" if suffix else "no extension"
        raise CaseFileError(f"{what}: use .yaml, .yml or .json", path=path) from None


def _decode(raw: bytes, path: str) -> str:
    """The text of a case file's bytes, UTF-8 (after a byte-order mark, if any, and
    before the Ctrl+Z that ends a file saved by some Windows programs, if any).

    Raises:
        CaseFileError: for bytes that are not UTF-8, or that are UTF-16 or UTF-32 (see
            :func:`_wide_encoding`), which ASCII text in UTF-16 is, with a NUL byte
            beside each character.
    """
    wide = _wide_encoding(raw)
    if wide is not None:
        raise CaseFileError(
            f"the file is {wide}, not UTF-8{_SAVE_AS_UTF8[wide]}", path=path, line=1, column=1
        )
    document = _document_kind(raw)
    if document is not None:
        raise CaseFileError(
            f"the file is {document}, not plain text: a case file is text, written in a "
            "text editor or saved from a word processor as plain text in UTF-8 (in Word: "
            "Save As, 'Plain Text', encoding 'Unicode (UTF-8)'; in TextEdit: Format, "
            "'Make Plain Text', then Save) with a .yaml name",
            path=path,
            line=1,
            column=1,
        )
    marked = raw.startswith(b"\xef\xbb\xbf")
    if marked:
        raw = raw[3:]
    # Ctrl+Z ends the file, as MS-DOS marked the end of text and some Windows programs
    # still do (copy /a): what follows the text, not a character of it
    raw = raw.rstrip(b"\x1a")
    _refuse_nul_padding(raw, path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(raw, error.start, path, marked=marked) from None


def _place(raw: bytes, at: int) -> tuple[int, int]:
    """The 1-based line and column of byte ``at`` of ``raw``, as an editor shows them:
    a line ends at CRLF, LF or a CR alone, and a column counts characters, each byte
    that is not UTF-8 before it on its line one character.

    >>> _place(b"a: x\\r\\nb: caf\\xc3\\xa9 \\x92", 15), _place(b"a\\rb\\r\\x92", 4)
    ((2, 9), (3, 1))
    """
    breaks = raw.count(b"\n", 0, at) + raw.count(b"\r", 0, at) - raw.count(b"\r\n", 0, at)
    start = max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1
    return breaks + 1, len(raw[start:at].decode("utf-8", "replace")) + 1


def _refuse_nul_padding(raw: bytes, path: str) -> None:
    """Refuse a file that ends in NUL bytes, as a save cut short by a crash, a full disk
    or a sync leaves it (the file's length written, not all its text). They are not
    taken off as a Ctrl+Z is: the text before them may be cut short too, and still read
    as a case, with what was lost silently missing.

    Raises:
        CaseFileError: at the first of the NUL bytes, or for a file of NUL bytes only.
    """
    if not raw.endswith(b"\x00"):
        return
    text = raw.rstrip(b"\x00")
    if not text.strip(b"\x00"):
        raise CaseFileError(
            f"the file holds only NUL bytes ({len(raw)}), no text: its saving was cut "
            "short and its text lost; restore it from a backup or an earlier version",
            path=path,
            line=1,
            column=1,
        )
    line, column = _place(raw, len(text))
    count = len(raw) - len(text)
    raise CaseFileError(
        f"the file ends in {count} NUL byte{'s' if count > 1 else ''}, which editors may "
        "not show: what saved it may have been cut short (a crash, a full disk, a sync): "
        "check that the end of the case is all there, then remove them",
        path=path,
        line=line,
        column=column,
    )


#: A character of more than one byte, correctly written in UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

#: A lead byte of UTF-8 and as many bytes to follow it as it says: the shape of a
#: character UTF-8 does not allow (a surrogate, ``\xed\xa0\x80``, as Java writes one),
#: not of Windows-1252, whose letters are seldom followed by two such bytes.
_UTF8_SHAPED = re.compile(
    rb"[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3}"
)


def _shown(character: str) -> str:
    """A character quoted, or its code point when it shows as nothing (a space)."""
    return (
        f"'{character}'"
        if character.isprintable() and not character.isspace()
        else (f"U+{ord(character):04X}")
    )


def _not_utf8(raw: bytes, start: int, path: str, *, marked: bool = False) -> CaseFileError:
    """The error for ``raw``, not UTF-8 from byte ``start`` on.

    Notepad's "ANSI" on a Western Windows is Windows-1252 (Latin-1 elsewhere, which
    agrees with it on accented letters): when the whole file reads as Windows-1252 and
    holds no character of UTF-8 beyond ASCII, it is told so, with the character its first
    bad byte is, and to save it as UTF-8, which mends every byte at once. When the rest of
    the file is UTF-8 (text pasted from a program that wrote Windows-1252), saving it
    again would not mend those bytes (an editor shows them as '�' or reads the whole file
    as Windows-1252): each place is told, to retype the character there. Any other bytes
    (a surrogate written in UTF-8, bytes Windows-1252 leaves undefined) are told with
    their place and to save the file as UTF-8.

    A file that starts with UTF-8's byte-order mark (``marked``) was saved as UTF-8, so
    its bad bytes are pasted ones, whatever the rest holds: saving it again mends none.
    """
    byte = raw[start]
    line, column = _place(raw, start)
    shaped = _UTF8_SHAPED.match(raw, start) is not None
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        as_1252 = False
    else:
        as_1252 = True
    if as_1252 and not marked and not shaped and _UTF8_SEQUENCE.search(raw) is None:
        return CaseFileError(
            f"the file is not valid UTF-8 (byte 0x{byte:02x}, "
            f"{_shown(bytes([byte]).decode('cp1252'))} in Windows-1252): it reads as "
            "Windows-1252 ('ANSI' in Notepad, 'Western' in other editors); save it as "
            "UTF-8 (in Notepad: File, Save as, Encoding 'UTF-8')",
            path=path,
            line=line,
            column=column,
        )
    bad, total = _bad_bytes(raw, start)
    # the whole count; how many are listed is said as for any error (the command line
    # lists 20 and counts the rest it leaves out)
    listed = f" ({total} such bytes in the file)"
    if not shaped and all(raw[at] not in _CP1252_UNDEFINED for at in bad):
        return CaseFileError.of(
            [
                Problem(
                    f"byte 0x{raw[at]:02x} is not valid UTF-8, as the rest of the file is "
                    f"({_shown(bytes([raw[at]]).decode('cp1252'))} in Windows-1252, as "
                    "text pasted from another program can bring): retype the character "
                    "here" + (listed if total > len(bad) and at == start else ""),
                    path=path,
                    line=place[0],
                    column=place[1],
                )
                for at in bad
                for place in [_place(raw, at)]
            ]
        )
    return CaseFileError(
        f"the file is not valid UTF-8 (byte 0x{byte:02x}): save it as UTF-8",
        path=path,
        line=line,
        column=column,
    )


#: The bytes Windows-1252 gives no character.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _bad_bytes(raw: bytes, start: int) -> tuple[list[int], int]:
    """Where in ``raw`` each byte that is not UTF-8 is, from ``start`` (the first) on, at
    most 100 (enough to list), and how many there are in all."""
    text = raw[start:].decode("utf-8", "surrogateescape")  # each bad byte a surrogate
    total = len(_ESCAPED_BYTE.findall(text))
    found: list[int] = []
    at, read = start, 0
    for bad in _ESCAPED_BYTE.finditer(text):
        at += len(text[read : bad.start()].encode("utf-8", "surrogateescape"))
        read = bad.start()
        found.append(at)
        if len(found) == 100:
            break
    return found, total


#: A byte that is not UTF-8, as ``surrogateescape`` decodes it.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


#: How the files of word processors and spreadsheets start, which a case file saved in
#: the wrong format, or renamed ``.yaml`` from a ``.docx``, is: what each is.
_DOCUMENT_STARTS = (
    (b"PK\x03\x04", "a document in a word processor's or spreadsheet's own format (a ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Word or Excel document (.doc, .xls)"),
    (b"%PDF-", "a PDF"),
    (b"{\\rtf", "rich text (RTF), as TextEdit and WordPad save by default"),
)

#: What tells a ZIP document apart: the folder of its parts, named near its start.
_ZIP_DOCUMENTS = (
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint presentation (.pptx)"),
)


def _document_kind(raw: bytes) -> str | None:
    """What kind of document ``raw`` is when it is a word processor's or spreadsheet's
    file rather than text, told by its first bytes; ``None`` for anything else.

    >>> _document_kind(b"PK\\x03\\x04...[Content_Types].xml...word/document.xml")
    'a Word document (.docx)'
    >>> _document_kind(b"{\\\\rtf1\\\\ansi title: T"), _document_kind(b"title: T")
    ('rich text (RTF), as TextEdit and WordPad save by default', None)
    """
    for start, kind in _DOCUMENT_STARTS:
        if raw.startswith(start):
            if start != b"PK\x03\x04":
                return kind
            head = raw[:65536]
            for folder, named in _ZIP_DOCUMENTS:
                if folder in head:
                    return named
            return f"{kind} archive: .docx, .odt, .pages, .xlsx)"
    return None


#: The byte-order marks of UTF-32 and UTF-16 (Notepad's "Unicode", Windows PowerShell's
#: ``>``), UTF-32's first: its little-endian mark starts with UTF-16's.
_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)

_IN_NOTEPAD = "save it as UTF-8 (in Notepad: File, Save as, Encoding 'UTF-8'"

#: What a file in each of UTF-16 and UTF-32 is told after ``not UTF-8``: what Notepad
#: calls it (its "Unicode" is UTF-16; Windows PowerShell 5's ``>`` and ``Out-File``
#: write it too), and how to save it as UTF-8, as a Windows-1252 file is told. Notepad
#: neither reads nor writes UTF-32, which only another editor writes: that one is told.
_SAVE_AS_UTF8 = {
    "UTF-16 (little-endian)": (
        " ('UTF-16 LE' or 'Unicode' in Notepad, and what Windows PowerShell's '>' writes):"
        f" {_IN_NOTEPAD}; in Windows PowerShell, '| Out-File -Encoding utf8 FILE' instead"
        " of '> FILE')"
    ),
    "UTF-16 (big-endian)": (f" ('UTF-16 BE' or 'Unicode big endian' in Notepad): {_IN_NOTEPAD})"),
    "UTF-32 (little-endian)": (
        ": save it as UTF-8 (in the editor that wrote it: Save as, Encoding 'UTF-8')"
    ),
    "UTF-32 (big-endian)": (
        ": save it as UTF-8 (in the editor that wrote it: Save as, Encoding 'UTF-8')"
    ),
}

#: How UTF-32 and UTF-16 write a character of ASCII: in a unit of so many bytes, at this
#: place, the other bytes NUL.
_WIDE_UNITS = (
    (4, 0, "UTF-32 (little-endian)"),
    (4, 3, "UTF-32 (big-endian)"),
    (2, 0, "UTF-16 (little-endian)"),
    (2, 1, "UTF-16 (big-endian)"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """The UTF-16 or UTF-32 that ``raw`` is written in, told by its byte-order mark or,
    without one, by its first kilobyte: a case file's keys are ASCII, which those
    encodings write with NUL bytes beside each character, as UTF-8 never does (and a
    case file holds no NUL). ``None`` for anything else.

    >>> _wide_encoding("title: T".encode("utf-16")), _wide_encoding(b"title: T")
    ('UTF-16 (little-endian)', None)
    >>> _wide_encoding("title: Ψυχιατρικές εκθέσεις".encode("utf-16-be"))
    'UTF-16 (big-endian)'
    >>> _wide_encoding("# a comment".encode("utf-32-le"))
    'UTF-32 (little-endian)'
    >>> _wide_encoding(b"title: T\\x00 and a NUL"), _wide_encoding(b"a\\x00b\\x00c\\x00")
    (None, None)
    """
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return name
    start = raw[:1024]
    if b"\x00" not in start:
        return None
    for width, place, name in _WIDE_UNITS:
        units = [start[at : at + width] for at in range(0, len(start) - width + 1, width)]
        ascii_ = sum(0 < unit[place] < 0x80 and unit.count(0) == width - 1 for unit in units)
        misplaced = sum(unit[place] == 0 for unit in units)  # U+0000, or not this encoding
        if ascii_ >= 8 and misplaced * 4 <= ascii_:
            return name
    return None


def _format_of_text(text: str) -> Format:
    """``"json"`` for text whose first character after blanks is ``{``, else ``"yaml"``:
    a JSON case file is an object, and YAML case files are written as blocks.

    >>> _format_of_text('  {"title": "T"}'), _format_of_text("title: T")
    ('json', 'yaml')
    """
    return "json" if text.lstrip().startswith("{") else "yaml"


#: Text that opens a mapping with a key not in double quotes, as JSON never does:
#: ``{title: T, ...}``, ``{'title': T, ...}``.
_UNQUOTED_FIRST_KEY = re.compile(r'\s*\{\s*[^\s"}]')


def _sniffed(text: str, name: str) -> Source:
    """The text parsed as :func:`_format_of_text` tells, and text that starts with ``{``
    as YAML when it is not JSON but is YAML. When it is neither, JSON's error, unless
    its first key is not in double quotes: then the text was written as YAML, and
    YAML's error says what is wrong and where, which JSON's at that key would not."""
    if _format_of_text(text) == "yaml":
        return read_yaml(text, name)
    try:
        return read_json(text, name)
    except UnreadableNumber:
        raise  # JSON, which Python cannot read: YAML would take the number for text
    except CaseFileError as not_json:
        try:
            return read_yaml(text, name)
        except CaseFileError:
            if _UNQUOTED_FIRST_KEY.match(text):
                raise
            raise not_json from None


def loads(
    text: str | bytes | bytearray | memoryview,
    *,
    format: Format | None = None,
    path: str | os.PathLike[str] | None = "<string>",
) -> Case:
    """A case from YAML or JSON text: JSON when its first character (after blanks) is
    ``{``, else YAML, unless ``format`` says which. Text that starts with ``{`` but is
    not JSON is read as YAML when it is YAML (a flow mapping, ``{title: T, ...}``);
    when it is neither, the error is JSON's, or YAML's when the first key is not in
    double quotes (the text was written as YAML).

    ``text`` may be the bytes of a case file (an upload, say), read as :func:`load`
    reads a file's: UTF-8 after a byte-order mark, with the same errors for bytes that
    are not (a file saved as UTF-16 or Windows-1252, a Word document, NUL bytes at the
    end), which text already decoded cannot tell. ``path`` names the case in every
    error (``upload.yaml:6:5: ...``); it is not read, and does not choose the format.
    ``None`` is the name ``<string>``, as none given: a web framework's name of an
    uploaded file is ``None`` when the form sent none.
    Text or bytes longer than :data:`MAX_FILE_SIZE` in UTF-8 are refused before they
    are parsed, as a file is.

    >>> case = loads('''
    ... title: Reports
    ... systems:
    ...   - {id: court, subject: Magistrate, object: Defendant, sector: no}
    ... ''')
    >>> case.systems[0].sector
    'no'
    >>> try:
    ...     loads('{"title": "Reports",, "systems": []}')
    ... except CaseFileError as error:
    ...     print(error.line, error.column, error.message.split(":")[0])
    1 21 JSON syntax error

    Raises:
        CaseFileError: with ``path``, ``line`` and ``column`` of the first problem, and
            every problem, each with its own place, in ``problems``.
        ArgumentError: (a ``ValueError``) for a ``format`` other than ``"yaml"`` or
            ``"json"`` (in any case).
        TypeError: for anything but text or bytes (a path is read by :func:`load`).
    """
    if path is None:
        path = "<string>"
    name = os.fspath(path)
    if isinstance(text, (bytes, bytearray, memoryview)):
        # measured before it is copied: a bytearray far too large is refused, not copied
        _refuse_larger_than_a_file(memoryview(text).nbytes, name)
        return _parsed(_decode(bytes(text), name), format, path)[0]
    if not isinstance(text, str):
        hint = (
            ": use load(path) to read a case file"
            if isinstance(text, os.PathLike)
            else f", not {type(text).__name__}"
        )
        raise TypeError(f"loads() takes the text of a case (str or bytes){hint}")
    if type(text) is not str:
        # a subclass of str (markupsafe's Markup, a framework's own): the YAML parser
        # takes only str itself, and a subclass's methods may return its own kind
        text = str.__str__(text)
    # A character is at most 4 bytes in UTF-8: shorter text needs no encoding to measure.
    if len(text) * 4 > MAX_FILE_SIZE:
        _refuse_larger_than_a_file(len(text.encode("utf-8", "surrogatepass")), name)
    return _parsed(text, format, path)[0]


def _refuse_larger_than_a_file(size: int, path: str) -> None:
    """Refuse a case of ``size`` bytes given to :func:`loads` past the largest file
    :func:`load` reads: a service that loads uploads gets the limit a file has, and a
    script that loads text it made itself a case no larger than it could save and load.

    Raises:
        CaseFileError: without a line, as for a file too large.
    """
    if size > MAX_FILE_SIZE:
        raise CaseFileError(_too_large("the case", size), path=path)


#: A line that git writes into a file whose versions conflict in a merge, a rebase or a
#: stash: ``<<<<<<< HEAD`` before ours, ``|||||||`` before the common ancestor's (with
#: ``merge.conflictStyle diff3``), ``=======`` between, ``>>>>>>> branch`` after theirs.
#: Only at the start of a line, as git writes them. A YAML value's lines are indented
#: below its key and a JSON string holds no line break, but a multi-line quoted YAML
#: value may go on at column 1 (a Markdown heading underlined with ``=======``): such a
#: line is a marker only when the file does not parse, or when the file holds a whole
#: conflict (``<<<<<<<``, then ``=======``, then ``>>>>>>>``).
_CONFLICT_MARKER = re.compile(r"^(?:[<>|]{7}(?:[ \t][^\r\n]*)?|={7})\r?$", re.MULTILINE)
_CONFLICT_SHAPE = re.compile(r"<{7}|>{7}|\|{7}|={7}")
#: What every marker line holds, looked for before the lines are.
_CONFLICT_RUNS = ("<<<<<<<", ">>>>>>>", "|||||||", "=======")


def _merge_conflict(text: str, path: str) -> tuple[CaseFileError, bool] | None:
    """The error for text that holds a merge conflict's lines, at the first of them,
    saying what it is and how to resolve it, and whether the lines make a whole conflict
    (an opening, a separating and a closing line, in this order); ``None`` for text
    with no such line. Parsed, the file gave a YAML or JSON syntax error on a line near
    it, which does not say that git left both versions there.

    >>> error, whole = _merge_conflict("title: T\\n<<<<<<< HEAD\\n", "case.yaml")
    >>> str(error)[:42], whole
    ('case.yaml:2:1: unresolved merge conflict: ', False)
    >>> _merge_conflict("title: T\\n", "case.yaml") is None
    True
    """
    if not any(run in text for run in _CONFLICT_RUNS):
        return None  # a search for each run is quicker than the pattern tried at each line
    first: re.Match[str] | None = None
    kinds = ""
    for found in _CONFLICT_MARKER.finditer(text):
        marker = found.group().rstrip("\r")
        if not _CONFLICT_SHAPE.fullmatch(marker[:7]):
            continue  # '<><><><' or the like: a syntax error of its own
        first = first or found
        kinds += marker[0] if marker[0] in "<=>" else ""
    if first is None:
        return None
    marker = first.group().rstrip("\r")
    shown = marker if len(marker) <= 60 else marker[:59] + "…"
    error = CaseFileError(
        f"unresolved merge conflict: {quoted(shown)} is a line git writes where two "
        "versions of the file conflict; keep the lines you want from between "
        "'<<<<<<<', '=======' and '>>>>>>>', delete those marker lines, and save "
        "(then 'git add' the file to mark the conflict resolved)",
        path=path,
        line=text.count("\n", 0, first.start()) + 1,
        column=1,
    )
    return error, re.search("<=+>", kinds) is not None


def _parsed(
    text: str, format: Format | None, path: str | os.PathLike[str], *, named: bool = False
) -> tuple[Case, Source]:
    """The case in ``text``, and the parsed source that says where each part of it is;
    with no ``format``, told by the text (see :func:`loads`). ``named``: the format was
    told by the name of the file the text was read from, not given by the caller."""
    # The models (and Pydantic's machinery) are imported on first load, not on import.
    from pydantic import ValidationError

    from activity_systems.io.errors import located
    from activity_systems.io.left_empty import left_out_when_empty
    from activity_systems.model.case import Case
    from activity_systems.model.elements import CASE_FILE

    name = os.fspath(path)
    conflict = _merge_conflict(text, name)
    if conflict is not None and conflict[1]:
        raise conflict[0]
    try:
        source = _source(text, format, name, named=named)
    except CaseFileError:
        if conflict is None:
            raise
        raise conflict[0] from None
    if not isinstance(source.data, dict):
        if conflict is not None:  # a marker line at the top of the file, say
            raise conflict[0]
        position = source.position(())
        raise CaseFileError(
            "a case file is a mapping with at least 'title' and 'systems'",
            path=name,
            line=position.line,
            column=position.column,
        )
    try:
        data = left_out_when_empty(source.data, Case) if source.empty_values else source.data
        return Case.model_validate(data, context=CASE_FILE), source
    except ValidationError as error:
        raise located(error, source) from None
    except RecursionError:
        raise CaseFileError("the case is nested too deeply", path=name, line=1, column=1) from None


def _source(text: str, format: Format | None, name: str, *, named: bool) -> Source:
    """The parsed text, as :func:`_parsed` reads it."""
    if format is None:
        source = _sniffed(text, name)
    else:
        kind = format.lower() if isinstance(format, str) else format
        if kind not in ("yaml", "yml", "json"):
            raise ArgumentError(f"format must be 'yaml' or 'json', not {format!r}")
        if kind != "json":
            source = read_yaml(text, name)
        elif named:
            source = read_json(text, name)
        else:  # YAML given as JSON is told to change format=, not the name of a file
            source = read_json(text, name, yaml_fix=YAML_TEXT_FIX)
    return source


def load(path: str | os.PathLike[str]) -> Case:
    """Load a case file (``.yaml``, ``.yml`` or ``.json``).

    >>> case = load("examples/court-reports.yaml")
    >>> case.title, [system.id for system in case.systems]
    ("Psychiatric reports for the magistrates' court", ['court', 'mhs'])

    Raises:
        CaseFileError: for a missing, unreadable, too large or invalid file; it names the
            file, line and column and says what was expected.
        ValueError: when ``path`` holds a line break and names no file: that is the text
            of a case, which :func:`loads` reads.
    """
    return load_with_source(path)[0]


#: What a case read from standard input (``check -``) is called in its errors.
STANDARD_INPUT_PATH = "<stdin>"


def load_stream(stream: BinaryIO, *, path: str = STANDARD_INPUT_PATH) -> tuple[Case, Source]:
    """A case read from a stream of bytes, such as the command line's standard input
    (``check -``), with the parsed text: JSON when its first character (after blanks) is
    ``{``, else YAML, as :func:`loads` reads text. At most :data:`MAX_FILE_SIZE` bytes
    are read, as from a file.

    >>> import io
    >>> case, _ = load_stream(io.BytesIO(b'{"title": "T", "systems": [{"id": "a", '
    ...                                  b'"subject": "S", "object": "O"}]}'))
    >>> case.title
    'T'

    Raises:
        CaseFileError: as :func:`load` does, ``path`` naming the stream.
    """
    raw = stream.read(MAX_FILE_SIZE + 1)
    if len(raw) > MAX_FILE_SIZE:
        raise CaseFileError(
            f"the input is larger than {MAX_FILE_SIZE // 1024 // 1024} MiB", path=path
        )
    return _parsed(_decode(raw, path), None, path)


def _leads_nowhere(path: str | os.PathLike[str]) -> str:
    """What to add to ``no such file`` for a symbolic link to a file that is not there
    (a share not mounted, say): where it leads; for a name holding ``\\`` where this
    system separates folders with ``/``, the name meant (:func:`slashes_meant`) where it
    is there; nothing for another name."""
    try:
        return f" (it is a link to {os.readlink(path)}, which is not there)"
    except (OSError, ValueError):  # not a link, or nothing at all
        pass
    slashed = slashes_meant(path)
    if slashed is not None and os.path.lexists(slashed):
        return f" ({did_you_mean_slashes(path)})"
    from activity_systems._examples import missing_example

    return _matches_nothing(os.fspath(path)) or missing_example(path, folder=True)


#: What makes a name a shell's pattern of file names: ``*``, ``?`` or a set of characters
#: in brackets (``cases/*.yaml``, ``2026-??.yaml``, ``v202[67].yaml``); a ``[`` alone is
#: a character of a name (``case\x1b[2J.yaml``).
_PATTERN = re.compile(r"[*?]|\[[^\]/]+\]")


def _matches_nothing(name: str) -> str:
    """What to add to ``no such file`` for a name that is a shell's pattern: bash passes
    a pattern that matches no file on as it is written (unless ``nullglob`` is set, and
    CI jobs do not set it), and cmd and PowerShell expand no pattern at all. The library
    does not expand it itself, by decision: the same command line then means the same
    files on every system; a folder, which every command takes, is the way to give every
    case file in it, on any system.

    >>> _matches_nothing("cases/*.yaml").split("; ")[1]
    'give the folder to take every case file in it (cases/)'
    >>> _matches_nothing("*.yaml")[-3:], _matches_nothing("cases/court.yaml")
    ('(.)', '')
    """
    found = _PATTERN.search(name)
    if found is None:
        return ""
    before = name[: found.start()]
    if os.sep == "/" and "\\" in before:  # cases\*.yaml, copied from Windows
        meant = slashes_meant(before)
        if meant is None:  # C:\cases\*.yaml: a path on Windows
            return f" ({did_you_mean_slashes(name)})"
        before = meant
    folder = before[: max(before.rfind("/"), before.rfind(os.sep)) + 1] or "."
    return (
        ": no file matches this pattern, which the shell passed on as it is written; give "
        f"the folder to take every case file in it ({folder})"
    )


#: The characters a shell has a ``\`` put before, outside quotes: a Mac's Terminal
#: writes a folder dragged into it as ``My\ Folder``, and put in quotes the ``\`` stays.
_SHELL_ESCAPED = re.compile(r"(?:[^\\]|\\[ '\"()&;!$#*?\[\]{}|<>~`])*")
#: A path on Windows from its root: a drive's (``C:\``) or a share's (``\\server``).
_WINDOWS_ROOT = re.compile(r"[A-Za-z]:\\|\\\\")


def _read_slashes(name: str) -> tuple[str | None, str] | None:
    r"""How a name holding ``\`` is read where this system separates folders with ``/``:
    the name meant and why, for :func:`slashes_meant` and :func:`did_you_mean_slashes`
    both; no name meant for a path from a Windows drive or share, only why; ``None`` for
    a name without ``\``, and always on Windows."""
    if os.sep != "/" or "\\" not in name:
        return None
    if _WINDOWS_ROOT.match(name):
        return (
            None,
            "it is a path on Windows: give a path on this computer, with '/' between folders",
        )
    if _SHELL_ESCAPED.fullmatch(name):
        return (
            re.sub(r"\\(.)", r"\1", name),
            "a '\\' before a space or another character is for a name written without quotes",
        )
    return name.replace("\\", "/"), "folders are separated by '/' here, not '\\'"


def slashes_meant(path: str | os.PathLike[str]) -> str | None:
    r"""The name meant by one holding ``\`` where this system separates folders with
    ``/``: without them where each stands before a space or another character a shell
    escapes (``My\ Folder``, escaped for the shell and then put in quotes), else with
    ``/`` for each (Windows' backslashes, a command copied from Windows). ``None`` for a
    name without ``\``, for a path from a Windows drive or share (``C:\Users``: with
    ``/``, it would be a folder named ``C:``), and always on Windows, where ``\``
    separates folders.

    >>> slashes_meant("cases/court.yaml") is None
    True
    >>> slashes_meant("cases\\court.yaml"), slashes_meant("My\\ Cases/court.yaml")
    ('cases/court.yaml', 'My Cases/court.yaml')
    """
    read = _read_slashes(os.fspath(path))
    return None if read is None else read[0]


def did_you_mean_slashes(path: str | os.PathLike[str]) -> str | None:
    r"""What a name holding ``\`` where this system separates folders with ``/`` is
    told, :func:`slashes_meant` giving the name meant: for a case file that is not there
    (where the name meant is), and for an output name, which the command line refuses.
    ``None`` where :func:`slashes_meant` would not look at the name.

    >>> print(did_you_mean_slashes("cases\\court.yaml"))
    did you mean 'cases/court.yaml'? folders are separated by '/' here, not '\'
    >>> print(did_you_mean_slashes("C:\\Users\\kim\\court.yaml"))
    it is a path on Windows: give a path on this computer, with '/' between folders
    """
    read = _read_slashes(os.fspath(path))
    if read is None:
        return None
    meant, why = read
    return why if meant is None else f"did you mean {quoted(meant)}? {why}"


#: What a case file that is a pipe (``<(generate ...)``, a named pipe), a socket or a
#: device is told: reading it would wait for a writer, or never end.
NOT_A_REGULAR_FILE = "is not a regular file (a pipe, a socket or a device)"


def is_a_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is there and is no regular file or folder: a pipe (``<(...)``
    in a shell, ``/dev/stdin``), a socket or a device.

    >>> is_a_stream(os.devnull), is_a_stream("examples"), is_a_stream("no-such-file")
    (True, False, False)
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # nothing there: loading it says so
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _refuse_stream(path: str | os.PathLike[str]) -> None:
    """Refuse a ``path`` that :func:`is_a_stream`.

    Raises:
        CaseFileError: :data:`NOT_A_REGULAR_FILE`; nothing when there is nothing there
            (loading it says so), or a file or folder.
    """
    if is_a_stream(path):
        raise CaseFileError(NOT_A_REGULAR_FILE, path=path)


def load_with_source(path: str | os.PathLike[str]) -> tuple[Case, Source]:
    """:func:`load`, with the parsed file: ``source.position(("actions", 0))`` is where
    the first action is written, for a warning about a case that loaded.

    >>> case, source = load_with_source("examples/liaison-and-diversion.yaml")
    >>> position = source.position(("actions", 4, "finding"))
    >>> position.line, position.column
    (263, 14)
    """
    if "\n" in os.fspath(path) and not os.path.exists(path):  # a real name may hold one
        raise ValueError(
            "expected the path of a case file, and this holds a line break: it looks like "
            "the text of a case; read it with loads(text) and give the case that returns"
        )
    try:
        folder = Path(path).is_dir()
    except OSError as error:  # a name too long for the system, say
        raise CaseFileError(f"cannot read the file: {error.strerror}", path=path) from None
    if folder:
        raise CaseFileError("is a folder, not a case file (.yaml, .yml or .json)", path=path)
    if not Path(path).suffix and not os.path.lexists(path):
        # 'check my-case' for my-case.yaml: the name without its extension
        named = [f"{os.fspath(path)}{suffix}" for suffix in _SUFFIXES]
        found = [name for name in named if os.path.isfile(name)]
        if found:
            raise CaseFileError(f"no such file (did you mean {found[0]!r}?)", path=path)
    if Path(path).suffix.lower() not in _SUFFIXES and not os.path.lexists(path):
        # a mistyped folder ('render cases-2026 -o out'), or a script run from another
        # folder: say that nothing is there, not that the name wants an extension
        raise CaseFileError(f"no such file or folder{_leads_nowhere(path)}", path=path)
    _refuse_stream(path)  # before its extension: a pipe (/dev/fd/63) cannot be given one
    fmt = format_of(path)
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):  # reading a pipe would wait for a writer
            raise CaseFileError(NOT_A_REGULAR_FILE, path=path)
        size = status.st_size
        if size > MAX_FILE_SIZE:
            raise CaseFileError(_too_large("the file", size), path=path)
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_SIZE + 1)
    except FileNotFoundError:
        raise CaseFileError(f"no such file{_leads_nowhere(path)}", path=path) from None
    except IsADirectoryError:
        raise CaseFileError(
            "is a folder, not a case file (.yaml, .yml or .json)", path=path
        ) from None
    except OSError as error:
        raise CaseFileError(f"cannot read the file: {error.strerror}", path=path) from None
    if len(raw) > MAX_FILE_SIZE:
        raise CaseFileError(
            f"the file is larger than {MAX_FILE_SIZE // 1024 // 1024} MiB", path=path
        )
    return _parsed(_decode(raw, os.fspath(path)), fmt, path, named=True)
