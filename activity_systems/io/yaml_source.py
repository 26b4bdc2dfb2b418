"""Reading YAML and JSON text into plain data, keeping a way back to error positions.

YAML is read with YAML 1.2 semantics for a format whose every scalar is text: a plain
scalar stays the string it is written as (``no`` stays ``"no"``, ``1.10`` stays
``"1.10"``), and only an empty value, ``~`` or ``null`` is null. Anchors, aliases, tags
(the standard ones too: ``!!null Important text`` would be nothing), duplicate keys and
keys that are not text are errors.

Plain data is built straight from the C parser's event stream, with a few lines of Python
per event; the node tree, which knows where everything is written, is composed only when
a validation error must be placed.

>>> read_yaml("title: no\\nsystems: [~, '~']\\n", "case.yaml").data
{'title': 'no', 'systems': [None, '~']}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from activity_systems.errors import CaseFileError, Problem, place_of
from activity_systems.io.yaml_syntax import (
    CONTROL_ESCAPES,
    HIDDEN_LINE_BREAK,
    LINE_BREAK,
    STARTS_AN_ESCAPE,
    TYPOGRAPHIC_QUOTES,
    USE_SINGLE_QUOTES,
    blank_in_place,
    clipped,
    double_quoted,
    explain,
    flow_quote_advice,
    open_typographic_quote,
    quote_advice,
)

#: Deepest nesting accepted; a case file needs about eight levels.
MAX_DEPTH = 64
#: The depth at which reading stops, the limit's error being set long before: the parser's
#: work for each token grows with the depth, so a file of 100,000 levels took minutes to
#: read to its end (libyaml 0.2.6 and later stop at 1,000 themselves).
_STOP_DEPTH = 1000

_NULL = "tag:yaml.org,2002:null"
# Plain scalars that are null (the only implicit resolution a case file has).
_NULL_PLAIN = frozenset(("", "~", "null", "Null", "NULL"))

_Base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Composes nodes with the C parser when available; resolves only nulls implicitly."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class registry


_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _PythonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, for text that libyaml refuses as nested too deeply:
    it reads on until our own, lower limit, so the error names where that was passed."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


# What YAML refuses to read (as PyYAML's reader does).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column."""

    line: int
    column: int


class Source:
    """Parsed text: the plain data, and a way to find where any path in it is written.

    ``nodes`` composes the node tree that holds positions; it is called on the first
    position asked for, that is, only when there is an error to place. ``text`` is the
    text the data was read from, for what an error says about the line it is on.
    ``empty_values`` is false when the reader knows that no value of the data is empty
    (``None``), so that no key left empty need be looked for
    (:mod:`activity_systems.io.left_empty`).
    """

    def __init__(
        self,
        data: Any,
        path: str,
        nodes: Callable[[], Node | None],
        text: str = "",
        *,
        empty_values: bool = True,
    ) -> None:
        self.data = data
        self.path = path
        self.text = text
        self.empty_values = empty_values
        self._nodes = nodes
        self._root: Node | None = None
        self._composed = False
        self._lines: list[str] | None = None
        self._blanks: dict[int, tuple[int, str] | None] = {}
        # Looked up once per mapping, not once per error: a mapping or list of thousands
        # of wrong entries gives as many errors, and searching it for each was quadratic.
        self._keys: dict[MappingNode, dict[str, int]] = {}
        self._unkeyed: dict[MappingNode, dict[int, tuple[str, str] | None]] = {}

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its line break; empty past the
        end. Lines are counted as YAML counts them."""
        if self._lines is None:
            self._lines = LINE_BREAK.split(self.text)
            self._lines[0] = self._lines[0].removeprefix("\ufeff")  # as positions count
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""

    def blank(self, number: int) -> tuple[int, str] | None:
        """:func:`~activity_systems.io.yaml_syntax.blank_in_place` for line ``number``
        (1-based), worked out once per line: a line of flow YAML (JSON saved as .yaml)
        can hold thousands of errors, and each would read the whole line again."""
        if number not in self._blanks:
            self._blanks[number] = blank_in_place(self.line(number))
        return self._blanks[number]

    @property
    def root(self) -> Node | None:
        """The node tree of the text (composed once, on first use)."""
        if not self._composed:
            self._root = self._nodes()
            self._composed = True
        return self._root

    def position(self, loc: tuple[str | int, ...]) -> Position:
        """Where the value at ``loc`` is written; the deepest existing part of it."""
        node = self.root
        if node is None:
            return Position(1, 1)
        for part in loc:
            child = self._child(node, part)
            if child is None:
                break
            node = child
        mark = node.start_mark
        return Position(mark.line + 1, mark.column + 1)

    def place(self, loc: tuple[str | int, ...]) -> str:
        """``file:line:column`` of the value at ``loc`` (see :meth:`position`), as a
        warning about it is led, the file's name written as an error writes it."""
        position = self.position(loc)
        return place_of(self.path, position.line, position.column)

    def key_position(self, loc: tuple[str | int, ...]) -> Position:
        """Where the key at the end of ``loc`` is written (for unknown keys)."""
        node = self.root
        if node is None:
            return Position(1, 1)
        for part in loc[:-1]:
            child = self._child(node, part)
            if child is None:
                return self.position(loc)
            node = child
        at = self._key_index(node, loc[-1])
        if at is not None:
            mark = node.value[at][0].start_mark
            return Position(mark.line + 1, mark.column + 1)
        return self.position(loc)

    def unkeyed(self, loc: tuple[str | int, ...]) -> tuple[str, str] | None:
        """For a key at ``loc`` written without its ``:`` inside ``{...}``, right after a
        key with a plain text value (``{between: inreach, probation}``, where the ','
        ended the value): that key, and its value as the writer meant it
        (``inreach, probation``)."""
        node = self.root
        for part in loc[:-1]:
            node = self._child(node, part) if node is not None else None
        if not isinstance(node, MappingNode) or not node.flow_style or not loc:
            return None
        at = self._key_index(node, loc[-1])
        if at is None or not _without_colon(*node.value[at]):
            return None
        found = self._unkeyed.setdefault(node, {})
        if at not in found:
            # the same for each key of the run ('probation' and the keys beside it)
            start, end, meant = _unkeyed_run(node.value, at)
            found.update(dict.fromkeys(range(start, end), meant))
        return found[at]

    def _key_index(self, node: Node, key: str | int) -> int | None:
        """Where in mapping ``node`` the plain key ``key`` is (its first entry), or
        ``None``."""
        if not isinstance(node, MappingNode) or not isinstance(key, str):
            return None
        keys = self._keys.get(node)
        if keys is None:
            keys = {}
            for at, (name, _) in enumerate(node.value):
                if isinstance(name, ScalarNode):
                    keys.setdefault(name.value, at)
            self._keys[node] = keys
        return keys.get(key)

    def _child(self, node: Node, part: str | int) -> Node | None:
        """The value of key ``part`` of a mapping, or item ``part`` of a list."""
        if isinstance(node, SequenceNode) and isinstance(part, int):
            return node.value[part] if 0 <= part < len(node.value) else None
        at = self._key_index(node, part)
        return None if at is None else node.value[at][1]


def _unkeyed_run(
    entries: list[tuple[Node, Node]], at: int
) -> tuple[int, int, tuple[str, str] | None]:
    """The run of keys without ':' around entry ``at`` of a flow mapping (its first entry
    and the one past its last), and what :meth:`Source.unkeyed` says of each of them."""
    start = at
    while start > 0 and _without_colon(*entries[start - 1]):
        start -= 1
    end = at + 1  # the run of keys without ':' goes on past this one to the next key
    while end < len(entries) and _without_colon(*entries[end]):
        end += 1
    if start == 0:
        return start, end, None
    key, value = entries[start - 1]
    if not isinstance(key, ScalarNode) or not isinstance(value, ScalarNode) or value.style:
        return start, end, None
    words = [value.value, *(k.value for k, _ in entries[start:end])]
    return start, end, (str(key.value), ", ".join(words))


def _without_colon(key: Node, value: Node) -> bool:
    """A plain key with no value and no ':' (``probation`` in ``{a: b, probation}``)."""
    return (
        isinstance(key, ScalarNode)
        and not key.style
        and isinstance(value, ScalarNode)
        and value.value == ""
        and value.start_mark.index == key.end_mark.index
    )


def _position_at(text: str, index: int) -> Position:
    """Where character ``index`` of ``text`` is, counting lines as an editor does (at
    CRLF, LF or CR): as YAML does in a YAML file, which may not hold the other line
    breaks of YAML (U+0085, U+2028, U+2029); JSON takes those as text."""
    before = text[:index]
    breaks = list(_EDITOR_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Position(len(breaks) + 1, index - start + 1)


def _reader_error(text: str, path: str) -> CaseFileError:
    """A character YAML refuses anywhere in the text (a raw control character), placed.

    The C parser reports a byte offset, so the character is looked up in the text.
    """
    found = _NON_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the parser found one
        return CaseFileError("the file holds a character YAML does not allow", path=path)
    code = ord(found[0])
    kind = "control character" if code < 0xA0 else "character"
    if 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    position = _position_at(text, found.start())
    return CaseFileError(
        f"the {kind} U+{code:04X} is not allowed in a case file; remove it",
        path=path,
        line=position.line,
        column=position.column,
    )


def _error(path: str, message: str, mark: Any) -> CaseFileError:
    if mark is None:
        return CaseFileError(message, path=path, line=1, column=1)
    return CaseFileError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _syntax_error(error: yaml.MarkedYAMLError, text: str, path: str) -> CaseFileError:
    message, line, column = explain(error, text)
    return CaseFileError(f"YAML syntax error: {message}", path=path, line=line, column=column)


def compose(text: str, path: str) -> Node | None:
    """The YAML node tree of ``text``; syntax errors become :class:`CaseFileError`."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, path) from None
    except yaml.reader.ReaderError:
        raise _reader_error(text, path) from None
    except yaml.YAMLError as error:  # pragma: no cover - every other error has a mark
        raise CaseFileError(f"YAML error: {error}", path=path, line=1, column=1) from None
    finally:
        loader.dispose()


def _cut_short(event: Any, path: str, text: str) -> CaseFileError | None:
    """A plain text that opens a typographic quote and does not close it, where YAML cut
    it short at a ',' (in a flow collection), a ': ' or a ' #' that the writer meant to
    be inside the quotes. One that runs to the end of its line (``‘Tis the season``) is
    kept as written."""
    if open_typographic_quote(event.value) is None:
        return None
    after = text[event.end_mark.index : event.end_mark.index + 200].lstrip(" \t")
    if after[:1] not in (",", ":", "#"):
        return None
    shown = clipped(event.value)
    return _error(
        path,
        f"{shown!r} opens a typographic quote but does not close it: YAML does not read "
        "typographic quotes as quotes, so a ',' (inside [...] or {...}), a ': ' or a ' #' "
        'within them cut the text short; put the whole text in straight quotes ("...")',
        event.start_mark,
    )


#: A line that starts with a '-' alone or before a space, after its indentation.
_RUN_ON_DASH = re.compile(r"[\r\n][ \t]*-(?:[ \t\r\n]|$)")


def _dash_run_on(event: Any, path: str, text: str, *, is_map: bool) -> CaseFileError | None:
    """A plain text that runs on to a line starting with '- ': YAML joins a line indented
    deeper than a plain text to that text, so a list item indented a little too far
    would silently become part of the item (or the key's text) above it. Where a '-'
    begins such a line, a list item was meant far more often than text, so it is
    refused; quoted text keeps it."""
    start, end = event.start_mark, event.end_mark
    if start.line == end.line or _RUN_ON_DASH.search(text, start.index, end.index) is None:
        return None
    # the text's first line, found from the mark: splitting the text up to it would take
    # time that grows with the file for each such text
    ends = LINE_BREAK.search(text, start.index)
    written = text[start.index - start.column : ends.start() if ends else len(text)]
    if blank_in_place(written) is not None:
        return None  # a no-break space made the text of a list item: that error says so
    lines = LINE_BREAK.split(text[start.index : end.index])
    for offset, line in enumerate(lines[1:], start=1):
        stripped = line.lstrip(" \t")
        if stripped != "-" and not stripped.startswith("- "):
            continue
        column = len(line) - len(stripped)
        shown = clipped(event.value, 60)
        first = start.line + 1
        message = (
            f"this '-' starts no list item: its line is indented deeper than line {first}, "
            f"so YAML reads it as more of the text there ({shown!r}); "
        )
        before = written[: start.column].rstrip(" \t")
        if not is_map and before.endswith("-"):
            message += (
                f"to make it an item of the list, start its '-' at column {len(before)}, "
                f"as on line {first}, or, "
            )
        elif is_map:
            message += "a list starts on the line after its key, or, "
        # else an item's text on the line after its '-': where that '-' goes is unsaid
        return CaseFileError(
            message + "if the '-' is part of the text, put the whole text in quotes",
            path=path,
            line=start.line + offset + 1,
            column=column + 1,
        )
    return None


#: The longest text a message writes out whole, in quotes, as the line to write.
_WRITTEN_OUT = 40
#: A comment right after a plain text whose '#' has no space after it ('Bed #2').
_NUMBER_SIGN = re.compile(r"[ \t]+(#[^\s#][^\r\n\x85\u2028\u2029]*)")
#: The same at the start of the line after a plain text (``#3 are reviewed``), with the
#: indentation before it.
_SIGN_BELOW = re.compile(r"[ \t]*(?:\r\n|\r|\n)( *)(#[^\s#][^\r\n\x85\u2028\u2029]*)")
#: A '#' with no space after it anywhere in a text: without one, no comment after a plain
#: text is looked for (most case files write their comments '# like this').
_TIGHT_SIGN = re.compile(r"#[^\s#]")


def _number_sign(event: Any, path: str, text: str, written: str) -> CaseFileError | None:
    """A plain text followed on its line by a comment whose '#' has no space after it,
    such as ``Bed #2``: YAML ends the text at the ' #' and leaves the rest out, which
    was the text's own number sign far more often than a comment. Decided: it is
    refused, and a comment is written with a space after its '#' (``# note``), as
    comments are everywhere in the starter case file."""
    if not event.value:
        return None  # a comment where the value should be: said where it is refused
    found = _NUMBER_SIGN.match(text, event.end_mark.index)
    reason = "a '#' after a space does"
    if found is None:
        # '#3' starting the next line, indented deeper than the text's first line, would
        # have been more of the text, but for its '#'
        found = _SIGN_BELOW.match(text, event.end_mark.index)
        if found is None:
            return None
        start = event.start_mark
        first = text[start.index - start.column : start.index]
        if len(found[1]) <= len(first) - len(first.lstrip(" ")):
            return None
        reason = "a '#' at the start of a line does"
    comment = found[found.lastindex or 1].rstrip(" \t")
    name = "the item" if written == "- " else written.removesuffix(": ")
    whole = f"{event.value} {comment}"
    if (
        found.lastindex == 1
        and event.start_mark.line == event.end_mark.line
        and len(whole) <= _WRITTEN_OUT
    ):
        fix = f"write {written}{double_quoted(whole)}"
    else:
        fix = 'put the whole text in quotes ("...")'
    shown, value = clipped(comment), clipped(event.value)
    position = _position_at(text, found.start(found.lastindex or 1))
    return CaseFileError(
        f"{shown!r} starts a comment, since {reason}, and YAML leaves it "
        f"out, so {name} is only {value!r}: if it is part of the text, {fix}; if it is a "
        "comment, put a space after the '#'",
        path=path,
        line=position.line,
        column=position.column,
    )


# An escape of double quotes ('\\' and the character after it; CONTROL_ESCAPES names
# those the Windows-path check refuses) and a drive letter's 'C:\\' starting a Windows path.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_DRIVE = re.compile(r"(?<![A-Za-z])[A-Za-z]:\\")
_RUN = re.compile(r"\S+")
_CONTROL = re.compile("[\t\n\r\x00\x07\x08\x0b\x0c\x1b\x85\xa0\u2028\u2029]")
# JSON text: an object whose first key is in double quotes. JSON writes a '\\' as '\\\\', so
# its '\\t' is the tab its writer meant, beside a 'B:' too.
_JSON_TEXT = re.compile(r'\s*\{\s*"')


def _escaped_path(event: Any, path: str, text: str, written: str) -> CaseFileError | None:
    """A text in double quotes that looks like a Windows path (``"C:\\temp\\notes"``)
    and that YAML's escapes turned into another text (a tab, a new line). Decided: it is
    refused, with the single quotes to write, where a '\\' is only itself; it is a path
    when the escape is in the same run of text without spaces as a drive letter's
    ``X:\\``, so that ``"Line one\\nLine two"`` keeps its new line, and where that run
    has no ``\\\\``, written by one who knew the escapes (as ``dump`` writes a path)."""
    start, end = event.start_mark.index, event.end_mark.index
    raw = text[start + 1 : end - 1]
    if _DRIVE.search(raw) is None:
        return None
    # each run without spaces that holds a drive letter, once: linear in the text
    escapes = (
        (run.start() + escape.start(), escape[1])
        for run in _RUN.finditer(raw)
        if _DRIVE.search(run[0]) is not None and "\\\\" not in run[0]
        for escape in _ESCAPE.finditer(run[0])
        if escape[1] in CONTROL_ESCAPES
    )
    for at, char in escapes:
        name = CONTROL_ESCAPES[char]
        meant = _ESCAPE.sub(lambda m: m[1] if m[1] in '\\"' else m[0], raw)
        shown = clipped(raw)  # as written in the file
        if "\n" in raw or len(meant) > _WRITTEN_OUT or not written:
            fix = "('...')"
        else:
            fix = "write " + written + "'" + meant.replace("'", "''") + "'"
        position = _position_at(text, start + 1 + at)
        return CaseFileError(
            f'"{shown}" looks like a Windows path, but YAML reads its '
            f"'\\{char}' as {name}, since {STARTS_AN_ESCAPE}: {USE_SINGLE_QUOTES}"
            + (f": {fix}" if fix.startswith("write") else f" {fix}"),
            path=path,
            line=position.line,
            column=position.column,
        )
    return None


def _as_text(text: str, mark: Any, char: str) -> str:
    """``; if the '*' is part of the text, ...`` when the value at ``mark`` starts with
    ``char``: a plain value that the writer most likely meant as text."""
    if mark is None:
        return ""
    lines = LINE_BREAK.split(text, maxsplit=mark.line + 1)
    line = lines[mark.line].removeprefix("\ufeff") if mark.line < len(lines) else ""
    advice = quote_advice(line, char) or flow_quote_advice(line, char)
    if advice is None or advice[0] != mark.column:
        return ""
    # Text goes on after the anchor, alias or tag ('*Urgent report'); YAML written as such
    # has nothing after it, or a list or mapping ('&a0 [x, y]').
    rest = line[mark.column :].partition(" ")[2].lstrip()
    if not rest or rest[0] in "[{#":
        return ""
    return f"; if the {char!r} is part of the text, {advice[1].partition(': ')[2]}"


def _anchor_error(event: Any, path: str, text: str) -> CaseFileError:
    if isinstance(event, AliasEvent):
        return _error(
            path,
            f"YAML alias '*{event.anchor}' is not allowed in a case file: "
            f"write the value out in full{_as_text(text, event.start_mark, '*')}",
            event.start_mark,
        )
    # PyYAML names the anchors it writes itself id001, id002, ...
    made = (
        "; PyYAML's dump writes these where one Python list or dict is used twice: write "
        "the case with activity_systems.dump(case, path) instead"
        if re.fullmatch(r"id[0-9]{3,}", event.anchor or "")
        else _as_text(text, event.start_mark, "&")
    )
    return _error(
        path,
        f"YAML anchor '&{event.anchor}' is not allowed in a case file"
        f"{_merged(event, text)}: write each value out in full{made}",
        event.start_mark,
    )


def _merged(event: Any, text: str) -> str:
    """``, nor the merge key that reuses it ('<<: *court', line 7)`` for an anchor that
    a merge key after it names (``<<: *court`` or ``<<: [*court, *mhs]``): a block
    reused between systems is a real wish, and the writer is told at once that the
    merge key is refused too, not after moving the anchor."""
    mark = event.start_mark
    if mark is None or not event.anchor:  # pragma: no cover - the parser places anchors
        return ""
    found = re.compile(
        r"<<[ \t]*:[ \t]*(?:\[[^\]\r\n]{0,200}?)?\*" + re.escape(event.anchor) + r"(?![^\s,\]}])"
    ).search(text, mark.index)
    if found is None:
        return ""
    line = _position_at(text, found.start()).line
    return f", nor the merge key that reuses it ('<<: *{event.anchor}', line {line})"


#: A tag as written: verbatim (``!<tag:yaml.org,2002:str>``), or a handle and a suffix
#: (``!!str``, ``!e!thing``, ``!secret``, the non-specific ``!``).
_WRITTEN_TAG = re.compile(r"!<[^>\s]*>|![^\s,\[\]{}]*")


def _written_tag(text: str, event: Any) -> str:
    """The tag of ``event`` as it is written in ``text`` (``!!null``, not
    ``tag:yaml.org,2002:null``), or as the parser resolved it if it cannot be found."""
    mark = event.start_mark
    if mark is None:  # pragma: no cover - the parser gives every node a place
        return str(event.tag)
    lines = LINE_BREAK.split(text, maxsplit=mark.line + 1)
    line = lines[mark.line].removeprefix("\ufeff") if mark.line < len(lines) else ""
    written = _WRITTEN_TAG.match(line, mark.column)
    return written[0] if written is not None else str(event.tag)


def _tag_error(event: Any, path: str, text: str, written: str = "") -> CaseFileError:
    """A tag, which a case file does not allow: not even a standard one (``!!str``,
    ``!!null``), which changes what a value is without showing it (``!!null Important
    text`` is nothing). ``written`` is how the value's key or list item is written
    (``description: ``, ``- ``, nothing for an item inside ``[...]``), for the advice to
    quote what the tag kept as text."""
    tag = _written_tag(text, event)
    if tag.count("!") == 1 and not tag.startswith("!<"):  # perhaps text: '!important report'
        hint = _as_text(text, event.start_mark, "!")
    elif isinstance(event, ScalarEvent) and event.tag == _NULL and event.value:
        shown = clipped(event.value)
        hint = f"; with it, YAML reads {shown!r} as nothing"
    elif (
        isinstance(event, ScalarEvent)
        and event.tag != _NULL
        and not event.style
        and event.value in _NULL_PLAIN
    ):
        value = event.value or "an empty value"
        hint = f"; without it, {value} means nothing"
        if event.value:  # ~ or null meant as text
            hint += f": to keep it as text, write {written}{double_quoted(event.value)}"
    else:
        hint = ""
    return _error(
        path,
        f"the YAML tag {tag!r} is not allowed in a case file: remove it{hint}",
        event.start_mark,
    )


_NO_KEY: Any = object()


#: The versions a ``%YAML`` line may name (or none): the ones libyaml reads.
_KNOWN_VERSIONS = (None, (1, 1), (1, 2))


def _data(text: str, path: str, loader_class: type[Any] = _Loader) -> tuple[bool, Any, bool]:
    """``(has_document, data, empty_values)``: plain data (dict, list, str, None) built
    from events, and whether any value of it is empty (``None``).

    Which error wins when a text has several is fixed: an anchor or alias met before any
    syntax error; then a syntax error, or a second document; then the first problem
    (duplicate key, tag, non-text key, depth) in file order. Reading stops at
    :data:`_STOP_DEPTH` levels, so nothing after that point is looked at.
    """
    # libyaml leaves a byte order mark out of its marks' places in the text (PyYAML's
    # parser does not): without it, a place is where both say, and in the text looked at
    text = text.removeprefix("\ufeff")
    try:
        loader = loader_class(text)
    except UnicodeEncodeError:  # a lone surrogate, which only text given as str can hold
        raise _reader_error(text, path) from None
    get_event = loader.get_event
    problem: CaseFileError | None = None  # first problem; parsing goes on for the above
    second_document: CaseFileError | None = None
    documents = 0
    root: Any = None
    # The innermost open container, whether it is a mapping, whether it is written in
    # brackets ([...], {...}), the key whose value comes next (or _NO_KEY), and the line
    # of each key so far; outer ones wait on the stack.
    container: Any = None
    is_map = in_brackets = False
    key: Any = _NO_KEY
    lines: dict[str, int] = {}
    stack: list[tuple[Any, bool, bool, dict[str, int]]] = []
    depth = 0
    levels = 0  # the depth of the text, counted on after a problem stops building data
    empty_values = False
    signs = _TIGHT_SIGN.search(text) is not None  # a comment like 'Bed #2' may be there
    paths = _JSON_TEXT.match(text) is None  # a Windows path changed by escapes may be there
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None:
                    raise _anchor_error(event, path, text)
                if problem is not None:
                    continue
                if paths and event.style == '"' and _CONTROL.search(event.value):
                    # the line to write, for a value of a key or a list item ('- ') in
                    # block style; none for a key itself, or inside [...] or {...}
                    is_key = is_map and key is _NO_KEY
                    written = "" if in_brackets or is_key else f"{key}: " if is_map else "- "
                    problem = _escaped_path(event, path, text, written)
                    if problem is not None:
                        continue
                if not event.style and event.value[:1] in TYPOGRAPHIC_QUOTES:
                    problem = _cut_short(event, path, text)
                    if problem is not None:
                        continue
                if (
                    not event.style
                    and not in_brackets
                    and container is not None  # text alone is refused as no mapping
                    and (key is not _NO_KEY or not is_map)
                ):
                    problem = _dash_run_on(event, path, text, is_map=is_map)
                    if problem is not None:
                        continue
                    if signs:
                        written = f"{key}: " if is_map else "- "
                        problem = _number_sign(event, path, text, written)
                        if problem is not None:
                            continue
                tag = event.tag
                if key is _NO_KEY and is_map:
                    if tag is None:
                        name = event.value
                        if name == "<<" and not event.style:
                            # YAML 1.1's merge key (<<: *common), not a key of any mapping
                            problem = _error(
                                path,
                                "'<<' is YAML's merge key, which a case file does not take: "
                                "write the keys it would merge into this mapping",
                                event.start_mark,
                            )
                        elif name in container:
                            # a second block of declared contradictions or actions,
                            # added at the end of the file during a workshop
                            join = (
                                f"; a list is given once: put the items below with those "
                                f"under {name!r} on line {lines[name]}"
                                if isinstance(container[name], list)
                                else ""
                            )
                            problem = _error(
                                path,
                                f"duplicate key {name!r} (first given on line {lines[name]}){join}",
                                event.start_mark,
                            )
                        else:
                            key = name
                            lines[name] = event.start_mark.line + 1
                    else:
                        problem = _tag_error(event, path, text)
                    continue
                if depth > MAX_DEPTH:
                    problem = _error(
                        path, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                    )
                    continue
                if tag is not None:
                    item = "" if in_brackets else "- "  # an item in [...] has no '- '
                    problem = _tag_error(event, path, text, f"{key}: " if is_map else item)
                    continue
                value = event.value
                if event.implicit[0] and value in _NULL_PLAIN:
                    value = None
                    empty_values = True
                if is_map:
                    container[key] = value
                    key = _NO_KEY
                elif container is not None:
                    container.append(value)
                else:
                    root = value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    raise _anchor_error(event, path, text)
                levels += 1
                if levels > _STOP_DEPTH:
                    break  # a problem (the depth) is set; reading on only costs time
                if problem is not None:
                    continue
                if key is _NO_KEY and is_map:
                    kind_of = "a mapping" if kind is MappingStartEvent else "a list"
                    problem = _error(
                        path,
                        f"a key must be plain text, not {kind_of}: write each key as a word "
                        "followed by ':' (such as 'tools:')",
                        event.start_mark,
                    )
                    continue
                if depth > MAX_DEPTH:
                    problem = _error(
                        path, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                    )
                    if loader_class is _PythonLoader:
                        break  # libyaml already refused the rest; reading on is slow
                    continue
                mapping = kind is MappingStartEvent
                if event.tag is not None:
                    problem = _tag_error(event, path, text)
                    continue
                new: Any = {} if mapping else []
                if is_map:
                    container[key] = new
                    key = _NO_KEY
                elif container is not None:
                    container.append(new)
                else:
                    root = new
                stack.append((container, is_map, in_brackets, lines))
                container, is_map, in_brackets, lines = new, mapping, bool(event.flow_style), {}
                depth += 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                levels -= 1
                if problem is None:
                    container, is_map, in_brackets, lines = stack.pop()
                    depth -= 1
            elif kind is AliasEvent:
                raise _anchor_error(event, path, text)
            elif kind is DocumentStartEvent:
                if getattr(event, "version", None) not in _KNOWN_VERSIONS:
                    # as libyaml refuses it; PyYAML's own parser reads any 1.x
                    raise yaml.parser.ParserError(
                        None, None, "found incompatible YAML document", event.start_mark
                    )
                documents += 1
                if documents == 2:
                    second_document = _error(
                        path,
                        "YAML syntax error: a second document starts here, and a case file "
                        "holds one case: remove this '---' line, or give each case a file of "
                        "its own",
                        event.start_mark,
                    )
                    problem = problem or second_document
            elif kind is StreamEndEvent:
                break
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in str(error.problem) and loader_class is _Loader:
            # libyaml 0.2.6 and later refuse 1,000 levels while scanning ahead, before
            # the events reach our own, lower limit: read again to find where it was passed.
            return _data(text, path, _PythonLoader)
        raise second_document or _syntax_error(error, text, path) from None
    except yaml.reader.ReaderError:
        raise _reader_error(text, path) from None
    except yaml.YAMLError as error:  # pragma: no cover - every other error has a mark
        raise CaseFileError(f"YAML error: {error}", path=path, line=1, column=1) from None
    finally:
        loader.dispose()
    if second_document is not None:
        raise second_document
    if problem is not None:
        raise problem
    return documents > 0, root, empty_values


#: The characters YAML reads as line breaks (as PyYAML does) that editors do not end a
#: line at (VS Code, Notepad, Notepad++ show nothing, or a box), each with its name and
#: what to do with it.
_HIDDEN_BREAKS = {
    "\x85": (
        "NEL",
        "; most often a '\u2026' from a file saved as Windows-1252: replace it (with "
        "'\u2026' if that was meant)",
    ),
    "\u2028": (
        "LINE SEPARATOR",
        ": replace it with a space, or with a line break if one was meant",
    ),
    "\u2029": (
        "PARAGRAPH SEPARATOR",
        ": replace it with a space, or with a line break if one was meant",
    ),
}
#: Where an editor ends a line.
_EDITOR_LINE_BREAK = re.compile("\r\n|[\r\n]")
#: At most this many of them are placed, enough to list and to count.
_MAX_HIDDEN_BREAKS = 100


def _refuse_hidden_breaks(text: str, path: str) -> None:
    """Refuse text holding U+0085 (NEL), U+2028 or U+2029, with each place as an editor
    shows it (lines ending at CRLF, LF or a CR alone; a byte-order mark no column).

    YAML ends a line at each (a NEL is what a Windows-1252 '\u2026' becomes when the file
    is converted as Latin-1), editors do not: read on, a value would be silently broken
    in two and folded (``late\u0085 and`` read as ``late and``), the rest of a comment
    read as YAML, and every error after it placed lines below where the editor shows
    it. Written as escapes in double quotes (``"\\L"``), they are what was meant, and
    not refused here. JSON does not end a line at them, and is not checked.

    Raises:
        CaseFileError: a problem for each of them, up to :data:`_MAX_HIDDEN_BREAKS`.
    """
    found = HIDDEN_LINE_BREAK.search(text)
    if found is None:
        return
    problems: list[Problem] = []
    line, start = 1, 1 if text.startswith("\ufeff") else 0
    for hidden in HIDDEN_LINE_BREAK.finditer(text, found.start()):
        for end in _EDITOR_LINE_BREAK.finditer(text, start, hidden.start()):
            line, start = line + 1, end.end()
        name, advice = _HIDDEN_BREAKS[hidden[0]]
        problems.append(
            Problem(
                f"U+{ord(hidden[0]):04X} ({name}), which editors show as nothing or a box, "
                "is a line break to YAML: it would end the line here, the rest read on the "
                f"next{advice}",
                path=path,
                line=line,
                column=hidden.start() - start + 1,
            )
        )
        if len(problems) == _MAX_HIDDEN_BREAKS:
            break
    raise CaseFileError.of(problems)


def read_yaml(text: str, path: str) -> Source:
    """Parse YAML text for a case file.

    Raises:
        CaseFileError: for text that is no case file, with the place; for a character
            YAML reads as a line break and editors do not, each place
            (:func:`_refuse_hidden_breaks`).
    """
    _refuse_hidden_breaks(text, path)
    has_document, data, empty_values = _data(text, path)
    if not has_document:
        raise CaseFileError(
            "the file is empty: a case needs at least 'title' and 'systems'",
            path=path,
            line=1,
            column=1,
        )
    return Source(data, path, lambda: compose(text, path), text, empty_values=empty_values)
