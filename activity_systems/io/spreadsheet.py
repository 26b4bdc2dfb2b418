"""A case from a spreadsheet: a sheet of services and one of exchanges, exported as CSV.

:func:`case_from_csv` reads a sheet with a row per service (its columns named as in
:data:`SERVICE_COLUMNS`) and, if given, a sheet with a row per exchange
(:data:`EXCHANGE_COLUMNS`), and returns the :class:`~activity_systems.model.Case`, which
:func:`~activity_systems.dump` writes as a case file. Every problem is told at the
spreadsheet's own row and column (``services.csv: row 14, column E (Tools): ...``), as
the spreadsheet shows them: a row is a row of the sheet, whatever line breaks its cells
hold, and empty rows are counted, as the sheet numbers them.

Decisions, none of them given by the case-file format:

- A header is matched in any case, its spaces, ``_`` and ``-`` alike (``Division of
  labour``, ``division_of_labour``). A column headed with nothing and holding nothing
  (the trailing ``,`` some exports add) is skipped, and so is a note column, its header
  starting with ``#``; any other unknown header is refused, with the closest known one,
  since a misspelt ``Comunity`` would otherwise be dropped unseen.
- The separator is the one of ``,``, ``;`` and a tab that the header row holds most of
  (Excel writes ``;`` where the decimal mark is a comma).
- Cells are trimmed. A list cell (tools, rules, community, division of labour,
  expects) is split at ``;`` and at line breaks, and empty items are dropped.
- A service's id is its Id cell, or else made from its name as a case file makes an id
  from a label (``Magistrates’ court`` gives ``magistrates-court``): the same name
  always gives the same id, whatever the row. Two services whose names give one id
  are refused, both rows named, rather than numbered: the second is most often the
  first entered twice, and a number would depend on the order of the rows.
- An exchange's From and To name a service by its name (in any case, trimmed) or by its
  id.
- Nothing is filled down: a merged cell exports its value in its first row only, and
  the rows below it are empty, which is told where a value must be given.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from pydantic import ValidationError

from activity_systems.errors import CaseFileError, Problem
from activity_systems.io.loading import MAX_FILE_SIZE, _document_kind, _wide_encoding
from activity_systems.model import Case
from activity_systems.model.slugs import closest, is_slug, slugify

#: The columns of the services sheet, by key, and the case-file key each fills.
SERVICE_COLUMNS: Mapping[str, str] = {
    "id": "id",
    "name": "name",
    "sector": "sector",
    "description": "description",
    "source": "source",
    "subject": "subject",
    "object": "object",
    "outcome": "outcome",
    "tools": "tools",
    "rules": "rules",
    "community": "community",
    "division-of-labour": "division_of_labour",
}
#: The columns of the exchanges sheet, by key, and the case-file key each fills
#: (``what`` is the exchange's label).
EXCHANGE_COLUMNS: Mapping[str, str] = {
    "id": "id",
    "from": "from",
    "to": "to",
    "what": "label",
    "label": "label",
    "takes": "takes",
    "needed-within": "needed_within",
    "expects": "expects",
    "description": "description",
    "source": "source",
}
#: A sheet: the path of its CSV file, or the file open, in binary (an upload's bytes in
#: an ``io.BytesIO``) or as text (read as decoded already, whatever ``encoding`` says).
Sheet = str | os.PathLike[str] | IO[bytes] | IO[str]
#: What a sheet given as an open file without a name is called in its errors.
STREAM_PATH = "<stream>"
_LISTS = frozenset({"tools", "rules", "community", "division_of_labour", "expects"})
_SEPARATORS = (",", ";", "\t")
#: What splits a list cell: ``;`` and every line break, a vertical tab among them (a
#: manual line break in Word, pasted into a cell).
_ITEM_BREAK = re.compile(r"[;\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
#: The codec of each encoding that :func:`~activity_systems.io.loading._wide_encoding`
#: tells, as Excel's "Unicode Text" export (UTF-16, tab-separated) is written in.
_WIDE_CODECS = {
    "UTF-32 (little-endian)": "utf-32-le",
    "UTF-32 (big-endian)": "utf-32-be",
    "UTF-16 (little-endian)": "utf-16-le",
    "UTF-16 (big-endian)": "utf-16-be",
}
#: How an error tells what gives a sheet's encoding, ``{}`` its name: in Python, the
#: argument of :func:`case_from_csv`; the command line gives its own option.
_GIVE_ENCODING = "encoding={!r}"
_MERGED = (
    " (a merged cell exports its value in its first row only: unmerge it and fill the "
    "value down before exporting)"
)


def _letters(number: int) -> str:
    """A spreadsheet's name of its column ``number`` (1-based): A, ..., Z, AA, ..."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _key(header: str) -> str:
    return re.sub(r"[\s_-]+", "-", header.strip().casefold())


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[str, tuple[str, int]]  # case-file key -> (trimmed text, column)


class _Sheet:
    """One CSV file read as a spreadsheet shows it, its problems collected."""

    def __init__(
        self,
        path: Sheet,
        columns: Mapping[str, str],
        encoding: str,
        problems: list[Problem],
        give_encoding: str = _GIVE_ENCODING,
    ) -> None:
        self.problems = problems
        self.give_encoding = give_encoding
        self.headers: dict[str, tuple[int, str]] = {}  # case-file key -> (column, header)
        self.rows: list[_Row] = []
        self.read = True
        try:
            if isinstance(path, str | os.PathLike):
                self.path = os.fspath(path)
                with open(self.path, "rb") as file:
                    # As for a case file: a sheet larger than that is not a sheet of services.
                    raw = file.read(MAX_FILE_SIZE + 1)
            elif not hasattr(path, "read"):
                raise TypeError(
                    f"expected the path of a CSV file, or the file open, not "
                    f"{type(path).__name__}: give a sheet's bytes as io.BytesIO(data)"
                )
            else:
                name = getattr(path, "name", None)
                self.path = name if isinstance(name, str) else STREAM_PATH
                data: bytes | str = path.read(MAX_FILE_SIZE + 1)
                if isinstance(data, str):  # a file opened as text: decoded already
                    data, encoding = data.encode("utf-8"), "utf-8"
                raw = bytes(data)
        except UnicodeDecodeError as error:  # a file opened as text, in another encoding
            self.read = False
            self.problems.append(
                Problem(
                    f"cannot read the sheet opened as text: {error.reason} in "
                    f"{error.encoding}; open it in binary ('rb'), giving its encoding to "
                    "case_from_csv",
                    path=self.path,
                )
            )
            return
        except OSError as error:
            self.read = False
            self.problems.append(
                Problem(f"cannot read the sheet: {error.strerror or error}", path=self.path)
            )
            return
        if len(raw) > MAX_FILE_SIZE:
            self.read = False
            self.problems.append(
                Problem(
                    f"the sheet is over {MAX_FILE_SIZE // 1024 // 1024} MiB, as a case "
                    "file may not be either",
                    path=self.path,
                )
            )
            return
        document = _document_kind(raw)
        if document is not None:
            self.read = False
            self.problems.append(
                Problem(
                    f"the file is {document}, not CSV: save each sheet as CSV (in Excel: "
                    "File, Save As, 'CSV UTF-8 (Comma delimited)'; in LibreOffice Calc: "
                    "File, Save As, 'Text CSV'; in Google Sheets: File, Download, "
                    "'Comma-separated values')",
                    path=self.path,
                )
            )
            return
        wide = _wide_encoding(raw)
        if wide is not None:
            # A byte-order mark, or NUL bytes beside ASCII letters, say UTF-16 or UTF-32,
            # whatever encoding the other sheet needs.
            encoding = _WIDE_CODECS[wide]
        elif raw.startswith(b"\xef\xbb\xbf") or _utf8_beyond_ascii(raw, encoding):
            # A byte-order mark says UTF-8, whatever encoding the other sheet needs; so
            # does text beyond ASCII that is valid UTF-8, as LibreOffice and Google Sheets
            # save it, without the mark: Windows-1252 is valid UTF-8 only where it holds
            # such pairs as 'Ã©', themselves UTF-8 read as Windows-1252.
            encoding = "utf-8"
        try:
            text = raw.decode(encoding)
            bad = None
        except UnicodeDecodeError as error:
            text = raw.decode(encoding, errors="replace")
            bad = error.start
        text = text.removeprefix("\ufeff")
        first = text.split("\n", 1)[0]
        self.delimiter = max(_SEPARATORS, key=first.count)
        records = self._all_records(text)
        if records is None:
            return
        if not records:
            self.problem(1, None, "the sheet is empty: its first row names the columns")
            return
        if bad is not None:
            self.read = False
            row, column = self._place(raw, bad, encoding)
            if row > 1:  # a header with the byte in it would be refused for it too
                self._read_header(records[0], columns)
            self._not_decoded(raw[bad], row, column, encoding)
            return
        below = _header_below(records, columns)
        if below is not None:
            self.read = False
            named = ", ".join(cell.strip() for cell in records[below - 1] if cell.strip())
            self.problem(
                1,
                None,
                f"the columns are named in row {below} ({named}): delete the rows above it "
                "(a title, notes) before exporting",
            )
            return
        self._read_header(records[0], columns)
        for number, record in enumerate(records[1:], start=2):
            cells = {
                key: (record[column - 1].strip(), column)
                for key, (column, _) in self.headers.items()
                if column <= len(record) and record[column - 1].strip()
            }
            if cells:
                self.rows.append(_Row(number, cells))

    def _parse(self, text: str, *, strict: bool) -> tuple[list[list[str]], csv.Error | None]:
        """The records of ``text``, and the error that stopped reading them, if any."""
        # Read as the csv module asks (newline=""): a row ends at CR, LF or CRLF only,
        # not at the other breaks str.splitlines() knows (a vertical tab, as Word's
        # manual line break pastes, U+2028, a form feed), which a cell may hold unquoted.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter, strict=strict)
        records: list[list[str]] = []
        try:
            records.extend(reader)
        except csv.Error as error:
            return records, error
        return records, None

    def _records(self, text: str) -> list[list[str]]:
        return self._parse(text, strict=False)[0]

    def _all_records(self, text: str) -> list[list[str]] | None:
        """The records of the sheet, or ``None`` where a quote opened is never closed
        (which would read the rows after it into one cell, silently) or a cell is longer
        than any sheet's, each told at its row. A quote inside a cell that is not quoted
        (``"Court" North``) is kept, as spreadsheets read it."""
        records, error = self._parse(text, strict=True)
        if error is not None and "end of data" not in str(error):
            records, error = self._parse(text, strict=False)
        if error is None:
            return records
        if "end of data" in str(error):
            message = (
                "a quote opened in this row is never closed, which would make the rest of "
                'the sheet one cell: close it, or write a quote inside a cell as ""'
            )
        else:
            message = (
                f"a cell of over {csv.field_size_limit():,} characters, longer than a "
                "spreadsheet's cells may be: most often a quote opened in it and never closed"
            )
        self.read = False
        self.problem(len(records) + 1, None, message)
        return None

    def _place(self, raw: bytes, at: int, encoding: str) -> tuple[int, int]:
        """The row and column of the cell that byte ``at`` of ``raw`` is in."""
        before = raw[:at].decode(encoding, errors="replace").removeprefix("\ufeff")
        # A character after the bytes before it makes the cell it starts a cell of its
        # own, where a row has just ended.
        records = self._records(before + "x")
        return max(len(records), 1), max(len(records[-1]) if records else 1, 1)

    def _not_decoded(self, byte: int, row: int, column: int, encoding: str) -> None:
        named = "UTF-8" if _key(encoding) in ("utf-8", "utf8", "utf-8-sig") else encoding
        try:
            meant = f" ({bytes([byte]).decode('cp1252')!r} in Windows-1252)"
        except UnicodeDecodeError:
            meant = ""
        self.problem(
            row,
            column,
            f"byte 0x{byte:02X} is not {named}{meant}: export the sheet as 'CSV UTF-8', or "
            f"give {self.give_encoding.format('cp1252')} for a Windows export",
        )

    def _read_header(self, header: list[str], columns: Mapping[str, str]) -> None:
        other = (
            (EXCHANGE_COLUMNS, "exchanges")
            if columns is SERVICE_COLUMNS
            else (SERVICE_COLUMNS, "services")
            if columns is EXCHANGE_COLUMNS
            else None
        )
        if other is not None and _names_only(header, other[0], columns):
            # The sheets given in each other's place, or one sheet given twice: told once,
            # not as an unknown column in each cell of the header.
            self.read = False
            named = ", ".join(cell.strip() for cell in header if cell.strip())
            self.problem(
                1,
                None,
                f"the columns are those of a sheet of {other[1]} ({named}): give the sheet "
                "of services first, then the sheet of exchanges",
            )
            return
        for column, written in enumerate(header, start=1):
            key = _key(written.removeprefix("\ufeff"))
            if not key or key.startswith("#"):
                continue
            if key not in columns:
                hint = closest(key, columns)
                self.problem(
                    1,
                    column,
                    f"unknown column {written.strip()!r}"
                    + (f" (did you mean {hint!r}?)" if hint else "")
                    + "; the columns are "
                    + ", ".join(columns)
                    + ", and a note column's header starts with '#'",
                    named=False,
                )
                continue
            field = columns[key]
            if field in self.headers:
                self.problem(1, column, f"column {written.strip()!r} is given twice", named=False)
                continue
            self.headers[field] = (column, written.strip())

    def header(self, column: int) -> str | None:
        for at, written in self.headers.values():
            if at == column:
                return written
        return None

    def problem(self, row: int, column: int | None, message: str, *, named: bool = True) -> None:
        where = f"row {row}"
        if column is not None:
            where += f", column {_letters(column)}"
            header = self.header(column) if named else None
            if header:
                where += f" ({header})"
        self.problems.append(Problem(f"{where}: {message}", path=self.path))

    def require(self, *fields: str) -> bool:
        missing = [field for field in fields if field not in self.headers]
        for field in missing:
            self.problem(1, None, f"no column {field.replace('_', ' ').title()!r}")
        return not missing


def _utf8_beyond_ascii(raw: bytes, encoding: str) -> bool:
    """Whether ``raw``, to be read in ``encoding``, another encoding than UTF-8, is UTF-8
    holding more than ASCII.

    >>> _utf8_beyond_ascii("Magistrates’ court".encode(), "cp1252")
    True
    >>> _utf8_beyond_ascii("Magistrates’ court".encode("cp1252"), "cp1252")
    False
    """
    if raw.isascii() or _key(encoding) in ("utf-8", "utf8", "utf-8-sig"):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _names_only(header: Sequence[str], other: Mapping[str, str], own: Mapping[str, str]) -> bool:
    """Whether ``header`` names a column only the ``other`` sheet has, and none that only
    its ``own`` has (``Id``, ``Description`` and ``Source`` are both sheets')."""
    keys = {_key(cell.removeprefix("\ufeff")) for cell in header}
    return bool(keys & (other.keys() - own.keys())) and not keys & (own.keys() - other.keys())


def _known(record: Sequence[str], columns: Mapping[str, str]) -> bool | None:
    """Whether every cell of ``record`` with a header in it names one of ``columns`` or a
    note column; ``None`` for a record naming none of them."""
    keys = [key for key in (_key(cell.removeprefix("\ufeff")) for cell in record) if key]
    if not any(key in columns for key in keys):
        return None
    return all(key in columns or key.startswith("#") for key in keys)


def _header_below(records: Sequence[Sequence[str]], columns: Mapping[str, str]) -> int | None:
    """The row, among the first few, that names the columns, when the first row names
    none of them: a title or notes written above the header row."""
    if _known(records[0], columns) is not None:
        return None
    for number, record in enumerate(records[1:10], start=2):
        if _known(record, columns):
            return number
    return None


def _items(text: str) -> list[str]:
    return [item.strip() for item in _ITEM_BREAK.split(text) if item.strip()]


def _value(field: str, text: str) -> Any:
    if field == "expects":
        # Content items are ids in a case file; a sheet writes them as words
        # ('sentencing advice'), made into ids as labels are.
        return [item if is_slug(item) else slugify(item) or item for item in _items(text)]
    if field in _LISTS:
        return _items(text)
    return text


def _twice(sheet: _Sheet, row: _Row) -> bool:
    """Tells each list cell of ``row`` that names one item twice (``Clerks; clerks``):
    the two would be one element, and a sheet has no place for the id that tells them
    apart. True if there was none."""
    clean = True
    for field, (text, column) in row.cells.items():
        if field not in _LISTS:
            continue
        seen: dict[str, str] = {}
        for item in _items(text):
            made = slugify(item)
            if made and made in seen:
                again = f"{item!r} is {seen[made]!r} again" if item != seen[made] else ""
                sheet.problem(
                    row.number,
                    column,
                    (again or f"{item!r} is given twice")
                    + f" (both are {made!r}): write each item once",
                )
                clean = False
            seen.setdefault(made, item)
    return clean


def case_from_csv(
    services: Sheet,
    exchanges: Sheet | None = None,
    *,
    title: str,
    encoding: str = "utf-8",
) -> Case:
    r"""The case of a sheet of services and, if given, a sheet of exchanges, as CSV files.

    Each sheet is the path of its CSV file, or the file open in binary (as an upload's
    bytes in an ``io.BytesIO``) or as text. ``encoding`` is the files' (a UTF-8
    byte-order mark, as Excel writes it, is read either way, and so is UTF-8 without it,
    as LibreOffice and Google Sheets write it; a file open as text is read as decoded
    already). Raises :class:`~activity_systems.CaseFileError` listing every problem
    found, each at its sheet's row and column; its ``problems`` hold them all.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> services = folder / "services.csv"
    >>> _ = services.write_text(
    ...     "Name,Sector,Subject,Object,Tools\n"
    ...     "Magistrates' court,CJS,Magistrate,Defendant,Assessment request\n"
    ...     "Community mental health team,MHS,Psychiatrist,Service user,Report; Risk tool\n",
    ...     encoding="utf-8",
    ... )
    >>> exchanges = folder / "exchanges.csv"
    >>> _ = exchanges.write_text(
    ...     "From,To,What,Takes\n"
    ...     "Community mental health team,Magistrates' court,Psychiatric report,4-8 weeks\n",
    ...     encoding="utf-8",
    ... )
    >>> case = case_from_csv(services, exchanges, title="Regional services")
    >>> [system.id for system in case.systems]
    ['magistrates-court', 'community-mental-health-team']
    >>> [tool.label for tool in case.systems[1].tools]
    ['Report', 'Risk tool']
    >>> _ = exchanges.write_text("From,To,What\nCommunity mental health tem,Court,Report\n")
    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     case_from_csv(services, exchanges, title="Regional services")
    ... except CaseFileError as error:
    ...     for problem in error.problems:
    ...         print(problem.message)
    row 2, column A (From): 'Community mental health tem' names no service (did you mean
    'Community mental health team', row 3?)
    row 2, column B (To): 'Court' names no service
    """
    return case_of_sheets(services, exchanges, title=title, encoding=encoding)


def case_of_sheets(
    services: Sheet,
    exchanges: Sheet | None = None,
    *,
    title: str,
    encoding: str = "utf-8",
    give_encoding: str = _GIVE_ENCODING,
) -> Case:
    """:func:`case_from_csv`, its errors telling how to give the sheets' encoding as
    ``give_encoding`` says, ``{}`` standing for the encoding's name (the command line's
    ``--encoding {}``, where Python's is ``encoding={!r}``)."""
    problems: list[Problem] = []
    sheet = _Sheet(services, SERVICE_COLUMNS, encoding, problems, give_encoding)
    systems: list[dict[str, Any]] = []
    system_rows: list[_Row] = []
    ids: dict[str, _Row] = {}
    by_name: dict[str, str] = {}
    if (
        sheet.rows
        and sheet.require("subject", "object")
        and ("name" in sheet.headers or sheet.require("name"))
    ):
        for row in sheet.rows:
            name, name_column = row.cells.get("name", ("", sheet.headers["name"][0]))
            given = row.cells.get("id")
            made = given[0] if given else slugify(name)
            if given and not is_slug(made):
                sheet.problem(row.number, given[1], f"{made!r} is not an id; try {slugify(made)!r}")
                continue
            if not made:
                what = f"{name!r} has no letters to make an id of" if name else "empty"
                sheet.problem(row.number, name_column, f"{what}: give the service an Id column")
                continue
            empty = [f for f in ("subject", "object") if f not in row.cells]
            for field in empty:
                column = sheet.headers[field][0]
                sheet.problem(row.number, column, "empty; a service needs one" + _MERGED)
            if made in ids:
                other = ids[made]
                first = other.cells.get("name", ("", 0))[0]
                said = (
                    f"{name!r} is the name of row {other.number} too"
                    if first == name
                    else f"{name!r} gives the id {made!r}, as row {other.number}'s {first!r} does"
                )
                sheet.problem(
                    row.number,
                    name_column,
                    f"{said}: give each service its own name, or an Id column",
                )
                continue
            # Known from here on, so that the exchanges naming a refused service are not
            # refused as well.
            ids[made] = row
            if name:
                by_name.setdefault(name.casefold(), made)
            if not _twice(sheet, row) or empty:
                continue
            system = {"id": made}
            for field, (text, _) in row.cells.items():
                if field != "id":
                    system[field] = _value(field, text)
            systems.append(system)
            system_rows.append(row)
    links: list[dict[str, Any]] = []
    link_rows: list[_Row] = []
    links_sheet: _Sheet | None = None
    if exchanges is not None:
        links_sheet = _Sheet(exchanges, EXCHANGE_COLUMNS, encoding, problems, give_encoding)
        if links_sheet.rows and links_sheet.require("from", "to", "label"):
            for row in links_sheet.rows:
                link: dict[str, Any] = {}
                for field, (text, column) in row.cells.items():
                    if field in ("from", "to") and not sheet.read:
                        continue  # the services could not be read: no name to look up
                    if field in ("from", "to"):
                        found = by_name.get(text.casefold()) or (
                            text if text in ids else _made(text, ids)
                        )
                        if found is None:
                            hint = closest(text, [*by_name, *ids])
                            named = (
                                f" (did you mean {_named(hint, by_name, ids, sheet)}?)"
                                if hint
                                else ""
                            )
                            links_sheet.problem(
                                row.number, column, f"{text!r} names no service{named}"
                            )
                            continue
                        link[field] = found
                    else:
                        link[field] = _value(field, text)
                for field in ("from", "to", "label"):
                    if field not in row.cells:
                        column = links_sheet.headers[field][0]
                        links_sheet.problem(row.number, column, "empty" + _MERGED)
                links.append(link)
                link_rows.append(row)
            _exchange_ids(links_sheet, links, link_rows)
    if problems:
        raise CaseFileError.of(problems)
    try:
        return Case.model_validate({"title": title, "systems": systems, "exchanges": links})
    except ValidationError as error:
        for detail in error.errors():
            _place_error(detail, sheet, system_rows, links_sheet, link_rows)
        raise CaseFileError.of(problems) from None


def _exchange_ids(sheet: _Sheet, links: list[dict[str, Any]], rows: Sequence[_Row]) -> None:
    """Gives each exchange without an Id cell its id: made from its label, as in a case
    file, or, where the labels of several exchanges make one id (a ``Referral`` from
    many services), from its label, producer and consumer (``referral-cmht-court``),
    so that an id stays the same whatever the order of the rows. The same label between
    the same two services twice is refused, both rows named."""
    by_label: dict[str, int] = {}
    for link in links:
        if "id" not in link:
            made = slugify(str(link.get("label", "")))
            by_label[made] = by_label.get(made, 0) + 1
    seen: dict[str, _Row] = {}
    for link, row in zip(links, rows, strict=True):
        if "id" in link or not {"from", "to", "label"} <= link.keys():
            continue
        made = slugify(str(link["label"]))
        if by_label.get(made, 0) > 1 or not made:
            made = "-".join(part for part in (made, link["from"], link["to"]) if part)
        if made in seen:
            sheet.problem(
                row.number,
                sheet.headers["label"][0],
                f"the exchange of row {seen[made].number} again (from, to and what "
                "alike): write it once, or give each an Id column",
            )
            continue
        seen[made] = row
        link["id"] = made


def _made(text: str, ids: Mapping[str, _Row]) -> str | None:
    """The id ``text`` makes, if a service has it: a name written with a straight
    apostrophe for a curly one, or with other spaces or punctuation, finds its service."""
    made = slugify(text)
    return made if made in ids else None


def _named(hint: str, by_name: Mapping[str, str], ids: Mapping[str, _Row], sheet: _Sheet) -> str:
    if hint in ids:
        return repr(hint)
    row = ids[by_name[hint]]
    return f"{row.cells['name'][0]!r}, row {row.number}"


def _place_error(
    detail: Mapping[str, Any],
    services: _Sheet,
    system_rows: Sequence[_Row],
    exchanges: _Sheet | None,
    link_rows: Sequence[_Row],
) -> None:
    """Tells a model's error at the row and column its value came from; one of the
    title, which no cell holds, as the title's."""
    loc = tuple(detail.get("loc", ()))
    message = str(detail.get("msg", "")).removeprefix("Value error, ")
    if len(loc) >= 2 and loc[0] in ("systems", "exchanges") and isinstance(loc[1], int):
        sheet, rows = (services, system_rows) if loc[0] == "systems" else (exchanges, link_rows)
        if sheet is not None and loc[1] < len(rows):
            row = rows[loc[1]]
            field = str(loc[2]) if len(loc) > 2 else None
            column = row.cells[field][1] if field in row.cells else None
            sheet.problem(row.number, column, message)
            return
    if loc[:1] == ("title",):  # given by the caller, or made of the sheet's name
        message = f"the case's title: {message}"
    services.problems.append(Problem(message, path=services.path))
