"""Reading JSON case files: the same plain data as YAML, with positions for errors.

JSON is parsed with the standard library (strict: duplicate keys, ``NaN`` and nesting
deeper than :data:`~activity_systems.io.yaml_source.MAX_DEPTH` are refused); positions of
validation errors come from composing the same text as YAML, which JSON nearly is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from activity_systems.errors import CaseFileError
from activity_systems.io.yaml_source import (
    _NON_PRINTABLE,
    MAX_DEPTH,
    Position,
    Source,
    _Loader,
    _position_at,
)
from activity_systems.io.yaml_syntax import HIDDEN_LINE_BREAK, TYPOGRAPHIC_QUOTES


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJsonKey(key)
        result[key] = value
    return result


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class UnreadableNumber(CaseFileError):
    """A JSON number Python cannot read as written: valid JSON, so text that starts with
    ``{`` and holds one is not read as YAML instead, which would take it for text."""


class NumberTooLong(UnreadableNumber):
    """A JSON number of more digits than Python reads (4,300 unless the interpreter is
    told otherwise)."""


class _LongNumber(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


def _int(text: str) -> int:
    """A JSON integer; one too long for Python to read stops reading, to be placed."""
    try:
        return int(text)
    except ValueError:  # past sys.get_int_max_str_digits()
        raise _LongNumber(text) from None


class _HugeNumber(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float:
    """A JSON number with a fraction or exponent; one past a float's range (``1e400``),
    which Python reads as infinity and would be told back as ``inf``, stops reading, to
    be placed and told as written."""
    value = float(text)
    if math.isinf(value):
        raise _HugeNumber(text)
    return value


#: A JSON string, or a number with a fraction or exponent, as a whole.
_STRING_OR_FLOAT = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?')


#: A JSON string, or an integer: a whole run of digits, not a number's fraction or exponent
#: (nor a part of one, which would also make the search quadratic).
_STRING_OR_INTEGER = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![0-9.eE+-])-?[0-9]+(?![0-9.eE])')


def _number_position(text: str, number: str, written: re.Pattern[str]) -> Position:
    """Where the number ``number`` is first written in JSON text, outside strings, as
    ``written`` finds numbers of its kind (:data:`_STRING_OR_INTEGER` for an integer,
    :data:`_STRING_OR_FLOAT` for a number with a fraction or exponent)."""
    for found in written.finditer(text):
        if found[0] == number:
            return _position_at(text, found.start())
    return Position(1, 1)  # pragma: no cover - the parser read it there


#: What to do about YAML read as JSON: a file is named .yaml; text given to ``loads``
#: with ``format="json"`` is read with another ``format``.
YAML_FILE_FIX = "this file is YAML, not JSON: name it .yaml (or write it as JSON)"
YAML_TEXT_FIX = (
    'this text is YAML, not JSON: read it with format="yaml", or leave format out '
    "(or write it as JSON)"
)


def read_json(text: str, path: str, *, yaml_fix: str = YAML_FILE_FIX) -> Source:
    """Parse JSON text for a case file; positions come from composing it as YAML.
    ``yaml_fix`` is the error for text that is YAML (:data:`YAML_FILE_FIX`, or
    :data:`YAML_TEXT_FIX` for text that was not read from a file)."""
    if not text.strip():
        raise CaseFileError(
            "the file is empty: a case needs at least 'title' and 'systems'",
            path=path,
            line=1,
            column=1,
        )
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except json.JSONDecodeError as error:
        trailing = _trailing_comma(text, error.pos, error.msg)
        if trailing is not None:
            comma, closing = trailing
            raise _error_at(
                "JSON syntax error: remove the comma after the last item (JSON allows none "
                f"before '{closing}')",
                path,
                _position_at(text, comma),
            ) from None
        hint = _syntax_hint(text, error.pos, error.msg, yaml_fix)
        if hint is not None:
            message, index = hint
            raise _error_at(
                f"JSON syntax error: {message}", path, _position_at(text, index)
            ) from None
        raise CaseFileError(
            f"JSON syntax error: {error.msg}", path=path, line=error.lineno, column=error.colno
        ) from None
    except _DuplicateJsonKey as duplicate:
        places = _json_duplicate_positions(text, duplicate.key) or _scanned_duplicate_positions(
            text, duplicate.key
        )
        first, position = places or (None, Position(1, 1))
        given = f" (first given on line {first.line})" if first is not None else ""
        raise _error_at(f"duplicate key {duplicate.key!r}{given}", path, position) from None
    except RecursionError:
        raise _error_at(_TOO_DEEP, path, _json_too_deep(text)) from None
    except _LongNumber as long:
        digits = len(long.text.lstrip("-"))
        position = _number_position(text, long.text, _STRING_OR_INTEGER)
        raise NumberTooLong(
            f"a number too long to read ({digits:,} digits): if it is meant as text, put it "
            "in double quotes",
            path=path,
            line=position.line,
            column=position.column,
        ) from None
    except _HugeNumber as huge:
        position = _number_position(text, huge.text, _STRING_OR_FLOAT)
        raise UnreadableNumber(
            f"a number too large to read ({huge.text}): if it is meant as text, put it in "
            "double quotes",
            path=path,
            line=position.line,
            column=position.column,
        ) from None
    except ValueError as error:
        raise _error_at(f"invalid JSON: {error}", path, _json_constant_position(text)) from None
    if _nested_too_deep(data):
        # json.loads only refuses depth through RecursionError, whose limit varies
        # (IPython raises it), so the limit is checked on the data as well.
        raise _error_at(_TOO_DEEP, path, _json_too_deep(text))
    # JSON writes an empty value as null alone: a text without the word has none
    return Source(data, path, lambda: _json_nodes(text), empty_values="null" in text)


def _error_at(message: str, path: str, position: Position) -> CaseFileError:
    return CaseFileError(message, path=path, line=position.line, column=position.column)


def _trailing_comma(text: str, index: int, parser_message: str) -> tuple[int, str] | None:
    """Where the comma is that JSON refused at ``index``, and the closing ``]`` or ``}`` it
    stands before (``[1, 2,]``), as YAML and JavaScript allow; ``None`` otherwise.

    Up to Python 3.12 the parser stops at the bracket, expecting another item; from 3.13
    it stops at the comma itself, saying it is a trailing comma.

    >>> _trailing_comma('{"a": [1,\\n]}', 10, "Expecting value")
    (8, ']')
    >>> _trailing_comma('{"a": [1,\\n]}', 8, "Illegal trailing comma before end of array")
    (8, ']')
    """
    closing_at = index
    if text[index : index + 1] == ",":
        if "trailing comma" not in parser_message:
            return None  # a comma the parser refused for another reason ('{"a",}')
        after = text[index + 1 :]
        closing_at = len(text) - len(after.lstrip(" \t\n\r"))  # JSON's whitespace
    closing = text[closing_at : closing_at + 1]
    if closing not in ("]", "}"):
        return None
    before = text[:closing_at].rstrip(" \t\n\r")
    if not before.endswith(","):
        return None
    # a comma before the wrong bracket ('{"a": 1,]') is not the mistake
    if _innermost_open(text, closing_at) != _OPENING[closing]:
        return None
    return len(before) - 1, closing


_OPENING = {"]": "[", "}": "{"}
_CLOSING = {"[": "]", "{": "}"}

#: The start of a YAML case file: a key and its colon (``title: ...``), a list item or a
#: document marker, where JSON would open with ``{``.
_YAML_START = re.compile(r"(?:[A-Za-z_][\w ]*:(?:[ \t]|$)|- |---)", re.MULTILINE)
_LEADING_COMMENTS = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_SHOWN_WORD = 60  # the longest unquoted word quoted back in double quotes
_CONSTANTS = {"True": "true", "False": "false", "None": "null", "Null": "null", "NULL": "null"}


def _syntax_hint(
    text: str, index: int, parser_message: str, yaml_fix: str = YAML_FILE_FIX
) -> tuple[str, int] | None:
    """What is likely wrong where JSON stopped reading at ``index``, in the file's terms,
    and where to point; ``None`` to keep the parser's own words.

    >>> _syntax_hint('{"a": [1, 2', 11, "Expecting ',' delimiter")
    ("the '[' opened here is not closed before the file ends: close it with ']'", 6)
    """
    rest = text[index:]
    if not text[:index].strip() and _YAML_START.match(_LEADING_COMMENTS.sub("", rest)):
        return yaml_fix, index
    if rest.startswith(("//", "/*", "#")):
        return (
            "JSON has no comments: remove this one (a .yaml case file may have # comments)",
            index,
        )
    if not rest.strip():
        opened = _innermost_open_at(text, index)
        if opened is None:
            return None
        bracket = text[opened]
        return (
            f"the {bracket!r} opened here is not closed before the file ends: "
            f"close it with {_CLOSING[bracket]!r}",
            opened,
        )
    if parser_message.startswith("Invalid control character") and rest:
        # Python's json ends its message with "at", for its own ": line 1 column 5"
        escape = json.dumps(rest[0])[1:-1]
        return (
            f"the control character U+{ord(rest[0]):04X} is not allowed inside a string: "
            f"remove it, or write it as {escape}",
            index,
        )
    word = _WORD.match(rest)
    if parser_message == "Expecting value" and word is not None and word[0] in _CONSTANTS:
        return f"JSON writes {word[0]} as {_CONSTANTS[word[0]]}", index
    if parser_message.startswith(("Expecting value", "Expecting property name")):
        if rest.startswith(",") and text[:index].rstrip().endswith((",", "[", "{")):
            return (
                "a ',' with nothing before it: remove it (JSON puts one between two items)",
                index,
            )
        if rest.startswith("'"):
            return 'JSON puts keys and text in double quotes ("..."), not single ones', index
        if rest[:1] in TYPOGRAPHIC_QUOTES:
            return (
                'JSON puts keys and text in straight double quotes ("..."), not typographic '
                "ones (\u201c...\u201d, as a word processor writes them)",
                index,
            )
        if word is not None and len(word[0]) <= _SHOWN_WORD:
            return f'JSON puts keys and text in double quotes: "{word[0]}"', index
        if word is not None:
            return 'JSON puts keys and text in double quotes ("...")', index
    if parser_message == "Expecting ',' delimiter":
        return "a ',' is missing before this: JSON puts one between two items", index
    if parser_message == "Extra data":
        return "text after the end of the JSON: remove it", index
    return None


def _brackets(text: str) -> Iterator[tuple[int, str]]:
    """Each ``[``, ``{``, ``]`` and ``}`` of JSON text outside strings, with its index."""
    inside = escaped = False
    for index, char in enumerate(text):
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
        elif char == '"':
            inside = True
        elif char in "[{]}":
            yield index, char


def _innermost_open_at(text: str, end: int) -> int | None:
    """Where the bracket (``[`` or ``{``) still open at ``end`` is, outside strings."""
    stack: list[int] = []
    for index, char in _brackets(text[:end]):
        if char in "[{":
            stack.append(index)
        elif stack:
            stack.pop()
    return stack[-1] if stack else None


def _innermost_open(text: str, end: int) -> str | None:
    """The bracket (``[`` or ``{``) still open at ``end``, outside strings.

    >>> _innermost_open('{"a": [1, "]"', 13), _innermost_open('{"a": [1]', 9)
    ('[', '{')
    """
    opened = _innermost_open_at(text, end)
    return None if opened is None else text[opened]


def _nested_too_deep(data: Any) -> bool:
    """True when lists and mappings nest more than :data:`MAX_DEPTH` levels below the top."""
    stack: list[tuple[Any, int]] = [(data, 0)] if isinstance(data, dict | list) else []
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


# YAML refuses escaped surrogates that JSON accepts; blank them, keeping every position.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _json_nodes(text: str) -> Node | None:
    """The node tree of JSON text, composed as YAML, for error positions only.

    What YAML cannot read but JSON can (surrogates, escaped or not, and characters such as
    U+FFFE) is blanked first, keeping every position, and so are the characters YAML
    ends a line at and JSON and editors do not (U+0085, U+2028, U+2029), which would
    place everything after them a line below.
    """
    readable = _NON_PRINTABLE.sub("\ufffd", _SURROGATE_ESCAPE.sub("      ", text))
    readable = HIDDEN_LINE_BREAK.sub(" ", readable)
    try:
        return _Loader(readable).get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError:
        return None  # JSON that YAML cannot compose: errors are reported at 1:1


def _json_too_deep(text: str) -> Position:
    """Where JSON text first opens more than :data:`MAX_DEPTH` arrays and objects."""
    depth = 0
    for index, ch in _brackets(text):
        if ch in "[{":
            if depth > MAX_DEPTH:  # counted as the YAML reader counts
                return _position_at(text, index)
            depth += 1
        else:
            depth -= 1
    return Position(1, 1)  # pragma: no cover - the parser found it too deep


def _json_constant_position(text: str) -> Position:
    """Where the first ``NaN``, ``Infinity`` or ``-Infinity`` of JSON text is written."""
    stack = [_json_nodes(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if not node.style and node.value in ("NaN", "Infinity", "-Infinity"):
                return Position(node.start_mark.line + 1, node.start_mark.column + 1)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return Position(1, 1)


#: The tokens that place a key in JSON text: a string, or a bracket or colon outside one.
_KEY_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def _scanned_duplicate_positions(text: str, key: str) -> tuple[Position, Position] | None:
    """Where ``key`` is written first and again in the object JSON refused for it, found
    by scanning the text's tokens: for text that holds a syntax error after that object
    (``{"id": "a", "id": "b"}, "object": 1``), which cannot be composed as a whole but
    which JSON read up to the object that closed with the key twice.

    >>> _scanned_duplicate_positions('{"a": {"b": 1},\\n "a": 2} !', "a")
    (Position(line=1, column=2), Position(line=2, column=2))
    """
    objects: list[list[int] | None] = []  # each open bracket: its keys' starts, or None
    tokens = list(_KEY_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        word = token[0]
        if word in ("{", "["):
            objects.append([] if word == "{" else None)
        elif word in ("}", "]"):
            if not objects:
                return None
            keys = objects.pop()
            if keys is not None and len(keys) > 1:
                return _position_at(text, keys[0]), _position_at(text, keys[1])
        elif word.startswith('"') and objects and objects[-1] is not None:
            is_key = index + 1 < len(tokens) and tokens[index + 1][0] == ":"
            if is_key and _decoded(word) == key:
                keys_here = objects[-1]
                assert keys_here is not None
                keys_here.append(token.start())
    return None


def _decoded(string: str) -> str | None:
    """A JSON string token's text, ``None`` for one JSON does not read."""
    try:
        value = json.loads(string)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _json_duplicate_positions(text: str, key: str) -> tuple[Position, Position] | None:
    """Where ``key`` is written first and again in the object that JSON refused for it,
    or ``None`` when the text cannot be composed to find it.

    JSON refuses the first object to close that holds a key twice, so objects are looked
    at in the order they close: the inner ones first, then the one around them.
    """
    root = _json_nodes(text)
    stack: list[tuple[Node, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, closed = stack.pop()
        if isinstance(node, MappingNode):
            if not closed:
                stack.append((node, True))
                stack.extend((value, False) for _, value in reversed(node.value))
                continue
            places = [
                Position(k.start_mark.line + 1, k.start_mark.column + 1)
                for k, _ in node.value
                if isinstance(k, ScalarNode) and k.value == key
            ]
            if len(places) > 1:
                return places[0], places[1]
        elif isinstance(node, SequenceNode):
            stack.extend((item, False) for item in reversed(node.value))
    return None
