"""YAML syntax errors in plain words.

The parser says what it was looking for where it stopped ("did not find expected key
while parsing a block mapping"); whoever wrote the case file needs to know what is
wrong with their line. The common messages, from libyaml and from PyYAML's own parser,
become that: an indentation that matches none of the lines above, a value holding
``: ``, a key without its colon, a colon without its key. Each names the columns and
lines it compares, so the fix can be checked by eye. Other messages are kept as the
parser gives them.

>>> import yaml
>>> text = "title: x\\nsystems:\\n  - id: court\\n   subject: Magistrate\\n"
>>> try:
...     yaml.safe_load(text)
... except yaml.MarkedYAMLError as error:
...     message, line, column = explain(error, text)
>>> line, column
(4, 4)
>>> print(message.replace(": ", ":\\n").replace(", ", ",\\n"))
this line's indentation does not match the lines above it:
it starts at column 4,
and the list from line 3 has '-' at column 3 and its items' content at column 5
"""

from __future__ import annotations

import re
import typing
import unicodedata
from functools import cache
from types import SimpleNamespace
from typing import Any

import yaml

#: What YAML counts as a line break (as PyYAML's reader does).
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: The line breaks of YAML that editors do not end a line at (U+0085, U+2028, U+2029):
#: a case file may not hold them as they are (they are written as escapes).
HIDDEN_LINE_BREAK = re.compile("[\x85\u2028\u2029]")

# (context, problem) as libyaml words them; PyYAML's own parser says "expected <block
# end>, but found ..." for both.
_LIST_INDENT = ("while parsing a block collection", "did not find expected '-' indicator")
_MAP_INDENT = ("while parsing a block mapping", "did not find expected key")
_BLOCK_END = "expected <block end>"
_COLON_VALUE = "mapping values are not allowed"  # "... in this context" or "... here"
_NO_COLON = "could not find expected ':'"
_LIST_AFTER_KEY = ("block sequence entries are not allowed", "sequence entries are not allowed")
_DOCUMENT_START = ("did not find expected <document start>", "expected '<document start>'")
_FLOW = {"while parsing a flow sequence": "list", "while parsing a flow mapping": "mapping"}
_FLOW_END = ("did not find expected ',' or", "expected ',' or")
# libyaml, then PyYAML's own parser ("expected the node content, but found '-'").
_FLOW_NODE = (
    "while parsing a flow node",
    ("did not find expected node content", "expected the node content"),
)
_QUOTED = ("while scanning a quoted scalar", "found unexpected end of stream")
# The ']' and '}' that end a line ('}]' in '[{label: "Report}]'), spaces among them.
_CLOSING_BRACKETS = re.compile(r"[\]}][\]}\s]*$")
# A '\\' in double quotes that starts no escape: libyaml's words, then PyYAML's own.
_BAD_ESCAPE = (
    "found unknown escape character",
    "did not find expected hexdecimal number",
    "expected escape sequence of",
)
#: The escapes of YAML's double quotes by a letter or digit ('\\t' a tab, '\\n' a line
#: break, ...), each a control character or one that an editor shows as none or a space
#: ('\\P' in "S:\\Patients"), and what each is called. The loader refuses one beside a
#: drive letter's 'C:\\' as a Windows path that the escapes changed; the dumper writes
#: each such character by its code ('\\x09') there instead.
CONTROL_ESCAPES = {
    "t": "a tab",
    "n": "a new line",
    "r": "a carriage return",
    "a": "a bell character",
    "b": "a backspace",
    "f": "a form feed",
    "v": "a vertical tab",
    "e": "an escape character",
    "0": "a null character",
    "N": "a next-line character (U+0085)",
    "L": "a line separator (U+2028)",
    "P": "a paragraph separator (U+2029)",
    "_": "a no-break space",
}
#: The escapes of YAML's double quotes, by the character after the '\\': the number of
#: hexadecimal digits that must follow it (0 for none). Beside those above, a '\\'
#: before a tab, a space, '"', '/' or '\\' is that character itself.
_ESCAPES = {**dict.fromkeys([*CONTROL_ESCAPES, *'\t "/\\'], 0), "x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")
#: What an error of a '\\' in double quotes (a Windows path, most often) says of it, and
#: the advice it gives.
STARTS_AN_ESCAPE = "a '\\' in double quotes starts an escape, such as '\\n' for a new line"
USE_SINGLE_QUOTES = "use single quotes, where '\\' is only itself"
# A line that is a key and one value in double quotes: 'description: "S:\\Wards"'.
_DOUBLE_QUOTED_LINE = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[A-Za-z_][\w-]*): +\"")
# A list item whose '-' is glued to its first key: '-id: a'.
_GLUED_DASH = re.compile(r"(\s*)-([^\s\-#][^:#]*:(?:\s.*)?)$")
# The same for an item of any kind: '-Phone', '-{id: a}'.
_GLUED_DASH_ANY = re.compile(r"(\s*)-([^\s\-#].*)$")
# A key glued to its value, ``subject:Magistrate``: a key as case files write them (two
# or more letters, digits, '-' or '_', starting with a letter), so that a URL, a time
# (10:30) or a drive letter (C:\) is not taken for one.
_GLUED = re.compile(r"([A-Za-z_][\w-]+):(?!//|\\)(\S.*)")
# The same at the start of a line, after any indentation and '- '.
_GLUED_LINE = re.compile(r"(\s*(?:-\s+)?)" + _GLUED.pattern)
_SHOWN = 40  # characters of a value quoted back in a message
#: What each character that YAML reads as syntax at the start of a plain value means
#: there, where the writer meant text ('> 4 weeks', '*Urgent* report', '@court').
INDICATORS = {
    ">": "starts a folded block",
    "|": "starts a literal block",
    "*": "starts an alias",
    "&": "starts an anchor",
    "!": "starts a tag",
    "%": "starts a directive",
    "@": "is reserved",
    "`": "is reserved",
    "?": "starts a complex key",
}
# The header of a block of text ('>', '|-', '>2 # note'), which is YAML written as such.
_BLOCK_HEADER = re.compile(r"[>|](?:[1-9][+-]?|[+-][1-9]?)?")
_COMMENT = re.compile(r"\s+#.*$")
# A plain value after a key ('label: > 4 weeks') or a list item's '- ' ('- @court').
_VALUE_LINE = re.compile(
    r"(?P<lead> *(?:- +)*)(?:(?P<key>[A-Za-z_][\w-]*): +)?(?P<value>[^\s#'\"].*?)\s*$"
)
#: Typographic opening quotes, and the characters that close each.
TYPOGRAPHIC_QUOTES = {
    "\u201c": "\u201d",  # “ ”
    "\u2018": "\u2019",  # ‘ ’
    "\u201e": "\u201c\u201d",  # „ “ or „ ”
    "\u00ab": "\u00bb",  # « »
}


def open_typographic_quote(text: str) -> str | None:
    """The typographic quote that ``text`` opens and does not close, if any: pasted from a
    word processor, it looks like quotes but YAML reads it as any other letter.

    >>> open_typographic_quote("label: \u201cRemand"), open_typographic_quote("\u201cA\u201d b")
    ('\u201c', None)
    """
    for index, char in enumerate(text):
        closing = TYPOGRAPHIC_QUOTES.get(char)
        if closing is not None:
            return None if any(c in closing for c in text[index + 1 :]) else char
    return None


#: Characters that look like nothing at all, which YAML reads as text.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# A key and its ':' at the start of a line (after any indentation and '- ').
_KEY_COLON = re.compile(r"\s*(?:-\s+)?[^\s:#\-\[{][^:#]*:")


def _looks_blank(char: str) -> bool:
    """Whether ``char`` looks like a space, or like nothing, but is not the space YAML
    needs between its parts: a tab, a no-break space, a zero-width space."""
    space = char != " " and unicodedata.category(char) == "Zs"
    return char == "\t" or char in _ZERO_WIDTH or space


def blank_in_place(line: str) -> tuple[int, str] | None:
    """For a line whose indentation holds a tab or a character that looks like a space,
    or has one where YAML needs a space after a key's ':' or a list item's '-': its
    0-based column and the advice; else ``None``. YAML takes a tab after ':' as a space,
    so only there is a tab no mistake.

    Such a line may be a syntax error, or read as something else than it looks: a key
    ``\u00a0 subject`` at the top level, a list item ``-\u00a0Police`` as text.

    >>> column, advice = blank_in_place("    subject:\u00a0Magistrate")
    >>> column, advice.split(", which")[0]
    (12, "the ':' of this key is followed by a no-break space (U+00A0)")
    """
    for column, char in enumerate(line):
        if char == " " or not _looks_blank(char):
            continue
        before = line[:column].rstrip(" ")
        if before.strip() == "":
            where, needed = "this line's indentation holds", "spaces"
        elif before.lstrip() == "-":
            where, needed = "the '-' of this list item is followed by", "a space"
        elif char != "\t" and _KEY_COLON.fullmatch(before):
            where, needed = "the ':' of this key is followed by", "a space"
        else:
            return None  # the first such character in the text of a value is no mistake
        if char == "\t":
            rule = "indents with spaces only" if needed == "spaces" else "needs a space there"
            return column, f"{where} a tab, and YAML {rule}: replace the tab with {needed}"
        name = unicodedata.name(char, "character").lower()
        looks = "nothing" if char in _ZERO_WIDTH else "a space"
        fix = "replace it with " + (
            "ordinary spaces" if needed == "spaces" else "an ordinary space"
        )
        if char in _ZERO_WIDTH and needed == "spaces":
            fix = "delete it"
        return column, (
            f"{where} a {name} (U+{ord(char):04X}), which looks like {looks} but YAML reads "
            f"as text (word processors and web pages put them in): {fix}"
        )
    return None


def _blank(line: int, lines: list[str]) -> tuple[str, int, int] | None:
    """A tab or a character that looks like a space where YAML needs a space, on the
    line of the error or a line above it (the parser often notices on the line after the
    mistake): the message and its 0-based place."""
    if line >= len(lines):
        return None
    # the line before may look blank: str.strip() takes a no-break space for a space
    near = {line, max(line - 1, 0), _above(line, lines) or 0}
    for number in sorted(near):
        found = blank_in_place(lines[number])
        if found is not None:
            return found[1], number, found[0]
    return None


#: Characters that look like ':' but are text to YAML: the full-width colon a keyboard set
#: for Chinese or Japanese types, its small and vertical forms, the ratio sign and the
#: modifier letters that word processors and fonts' symbol tables offer.
#: The parser that tells whether a text reads further with a ':' in place of one of them.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_COLON_LOOKALIKES = "\uff1a\ufe55\ufe13\u2236\ua789\u02f8"
# A key, at the start of a line (after any indentation and '- '), and such a character.
_LOOKALIKE_KEY = re.compile(
    rf"\s*(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*(?P<colon>[{_COLON_LOOKALIKES}])"
)


def lookalike_colon(text: str) -> tuple[int, str] | None:
    """For a text that starts with a key followed by a character that looks like ':' and
    is not one to YAML (``subject： Magistrate``): that character's 0-based column and
    the advice; else ``None``. YAML reads such a key and what follows it as one text.

    >>> lookalike_colon("    subject\u2236 S")
    (11, "the key 'subject' is followed by a ratio (U+2236), which looks like ':' but YAML \
does not read as one: replace it with ':'")
    """
    found = _LOOKALIKE_KEY.match(text)
    if found is None:
        return None
    colon = found["colon"]
    name = unicodedata.name(colon, "character").lower()
    typed = " (a keyboard set for Chinese or Japanese types it)" if colon == "\uff1a" else ""
    after = text[found.end("colon") : found.end("colon") + 1]
    # 'subject：S' with ':' in its place would be told in turn that a ':' needs a space
    space = "" if not after or after.isspace() else " and a space"
    return found.start("colon"), (
        f"the key {found['key']!r} is followed by a {name} (U+{ord(colon):04X}), which "
        f"looks like ':' but YAML does not read as one{typed}: replace it with ':'{space}"
    )


def _lookalike_colon(line: int, column: int, lines: list[str]) -> tuple[str, int, int] | None:
    """A key followed by a character that looks like ':' and is not, on the line of the
    error or a line above it (the parser reads the key and what follows it as one text,
    and often notices on a line after): the message and its 0-based place.

    Such a character is also text that is written as meant (``Note： …`` in a block of
    text, a list item, a value in quotes or a label in Chinese or Japanese): it is named
    only when the file, with a ':' in its place, reads past where the parser stopped.
    """
    if line >= len(lines):
        return None
    for number in sorted({line, max(line - 1, 0), _above(line, lines) or 0}):
        found = lookalike_colon(lines[number])
        if found is not None and _reads_further(lines, number, found[0], (line, column)):
            return found[1], number, found[0]
    return None


def _reads_further(lines: list[str], line: int, column: int, stopped: tuple[int, int]) -> bool:
    """Whether the text, with ':' (and a space) for the character at ``line`` and
    ``column``, parses, or stops at a place after ``stopped``."""
    written = lines[line]
    after = written[column + 1 : column + 2]
    colon = ":" if after.isspace() or not after else ": "
    fixed = [*lines]
    fixed[line] = written[:column] + colon + written[column + 1 :]
    try:
        yaml.compose("\n".join(fixed), Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark is not None and (mark.line, mark.column) > stopped
    except yaml.YAMLError:  # pragma: no cover - every error of the parser has a mark
        return False
    return True


def _start(line: str) -> int:
    """The 0-based column of the first character of ``line`` that is not a space."""
    return len(line) - len(line.lstrip(" "))


def _content_start(line: str) -> int:
    """The 0-based column where the content of ``line`` starts: after its indentation and,
    for a list item, after its ``- ``."""
    start = _start(line)
    if line[start : start + 2] == "- ":
        rest = line[start + 1 :]
        return start + 1 + _start(rest)
    return start


def _key_start(line: str) -> int:
    """The 0-based column of the keys at ``line``: its content's for a list item that
    opens a mapping (``- id: a``), else its own (``- Report`` is a whole item)."""
    if re.match(r"\s*-\s+[^\s:#][^:#]*:(?:\s|$)", line):
        return _content_start(line)
    return _start(line)


def _goes_on(line: int, lines: list[str]) -> bool:
    """Whether ``line`` is more of the text of a ``key: value`` line above it: indented
    further than that line, whose value starts on it."""
    above = _above(line, lines)
    if above is None or _start(lines[line]) <= _start(lines[above]):
        return False
    return re.match(r"\s*(?:-\s+)?[^\s:#][^:#]*:\s+[^\s#]", lines[above]) is not None


def clipped(text: str, most: int = _SHOWN) -> str:
    """``text`` as a message quotes it back: whole, or its first ``most`` - 1 characters
    and an ellipsis.

    >>> clipped("Consultant psychiatrist", 12)
    'Consultant …'
    """
    return text if len(text) <= most else text[: most - 1] + "…"


def _glued(line: str) -> tuple[int, str] | None:
    """For a line that starts with a key glued to its value: the key's 0-based column and
    the advice; else ``None``."""
    found = _GLUED_LINE.match(line.rstrip())
    if found is None:
        return None
    key, value = found[2], clipped(found[3])
    return len(found[1]), f"a key's ':' needs a space after it: write '{key}: {value}'"


def _above(line: int, lines: list[str]) -> int | None:
    """The nearest line before ``line`` that holds more than a comment."""
    for number in range(line - 1, -1, -1):
        if lines[number].strip()[:1] not in ("", "#"):
            return number
    return None


def _and_above(line: int, lines: list[str], shown: set[int]) -> str:
    """``, line 4 at column 7`` for the line above, unless its column is already named."""
    above = _above(line, lines)
    if above is None or _start(lines[above]) in shown:
        return ""
    return f", line {above + 1} at column {_start(lines[above]) + 1}"


def _list_indent(line: int, start: Any, lines: list[str]) -> str:
    """A line inside a block list that neither starts an item nor lines up with one."""
    dash = start.column
    rest = lines[start.line][dash + 1 :]
    content = dash + 1 + _start(rest) if rest.strip() else None
    column = _start(lines[line])
    if column == dash:
        go_on = ""
        if content is not None:
            go_on = f"indent it to column {content + 1} to go on with the item above, or "
        return (
            f"this line is at the column of the '-' of the list from line {start.line + 1} "
            f"(column {dash + 1}) but does not start with '- ': {go_on}start a new item "
            "with '- '"
        )
    shown = {dash} if content is None else {dash, content}
    items = f"the list from line {start.line + 1} has '-' at column {dash + 1}"
    if content is not None:
        items += f" and its items' content at column {content + 1}"
    return (
        "this line's indentation does not match the lines above it: it starts at column "
        f"{column + 1}{_and_above(line, lines, shown | {column})}, and {items}"
    )


#: What may stand before a ':' that has no key: indentation and list items' '- '.
_EMPTY_KEY = re.compile(r" *(?:- +)*")


def _mapping_break(line: int, column: int, start: Any, lines: list[str]) -> str:
    """Where a key of a block mapping was expected: a line indented to match none of the
    keys above it, a list item among the keys, or more text after a finished value."""
    text = lines[line]
    lead = _EMPTY_KEY.fullmatch(text[:column])
    if lead is not None and re.match(r":(?:[ \t]|$)", text[column:]):
        # ': x', or '- : x': a value with its key left out, which YAML cannot read
        dash = "- " if "-" in lead[0] else ""
        item = "list item" if dash else "line"
        return f"this {item} has no key before its ':': write '{dash}key: value'"
    mapping = f"the mapping from line {start.line + 1}"
    if _start(text) == column:
        if text[column] == "-" and column == start.column:
            return (
                f"a list item ('- ') stands among the keys of {mapping}: a list goes under "
                "a key, on the lines after it (key:, then the items, indented)"
            )
        shown = {column, start.column}
        return (
            "this line's indentation does not match the lines above it: it starts at "
            f"column {column + 1}{_and_above(line, lines, shown)}, and the keys of "
            f"{mapping} at column {start.column + 1}"
        )
    before = text[:column].rstrip()
    if before.endswith(("'", '"')):
        inside = " (inside '...', write an apostrophe as '')" if before[-1] == "'" else ""
        return (
            "text follows the closing quote of the value on this line: put all of the "
            f"value inside the quotes{inside}"
        )
    return "unexpected text after the value on this line: a key or the next line was expected"


def _glued_dash(line: str, *, key: bool = True) -> tuple[int, str] | None:
    """For a line whose list item has no space after its ``-`` (``-id: a``; with
    ``key=False``, any item, ``-Phone``): the dash's 0-based column and the advice; else
    ``None``."""
    found = (_GLUED_DASH if key else _GLUED_DASH_ANY).match(line.rstrip())
    if found is None:
        return None
    item = clipped(found[2])
    return len(found[1]), f"a list item needs a space after its '-': write '- {item}'"


def _unclosed_flow(line: int, column: int, start: Any, kind: str, lines: list[str]) -> str:
    """A ``[...]`` or ``{...}`` the parser found no ``,`` or closing bracket in."""
    bracket, closing = ("[", "]") if kind == "list" else ("{", "}")
    part, parts = ("item", "items") if kind == "list" else ("entry", "entries")
    if line == start.line:
        written = lines[line][:column] if line < len(lines) else ""
        if written.endswith(("'", '"')) and lines[line][column : column + 1].strip():
            # 'Patient's family': the apostrophe closed the quoted text
            inside = " (inside '...', write an apostrophe as '')" if written[-1] == "'" else ""
            return (
                f"text follows the closing quote of an {part} here, in the {kind} opened with "
                f"'{bracket}' at column {start.column + 1}: put all of the {part} inside the "
                f"quotes{inside}"
            )
        return (
            f"expected ',' or '{closing}' here, in the {kind} opened with '{bracket}' at column "
            f"{start.column + 1}: separate the {parts} with ',' and end the {kind} with "
            f"'{closing}'"
        )
    before = f"line {line + 1}" if line < len(lines) and lines[line].strip() else ""
    before = before or "the end of the file"
    return (
        f"the {kind} opened with '{bracket}' here is not closed before {before}: end it with "
        f"'{closing}' after its last {part} (and separate the {parts} with ',')"
    ) + _comment_in_brackets(lines[start.line] if start.line < len(lines) else "", start.column)


def _comment_in_brackets(line: str, column: int) -> str:
    """``; the '#' at column 21 starts a comment, ...`` when ``line`` holds a comment
    after the bracket at ``column`` (0-based): a '#' after a space, outside quotes,
    which hides the rest of the line, the closing bracket too (``[Bed #2, GP]``).

    >>> _comment_in_brackets("tools: [Report]", 7)
    ''
    """
    quote = ""
    for at in range(column + 1, len(line)):
        char = line[at]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and line[at - 1] in " \t[{,:":
            quote = char
        elif char == "#" and line[at - 1] in " \t":
            start = max(line.rfind(mark, column + 1, at) for mark in ",[{:") + 1
            ends = [end for end in (line.find(mark, at) for mark in ",]}") if end != -1]
            item = line[max(start, column + 1) : min(ends, default=len(line))].strip()
            closing = "]" if line[column] == "[" else "}"
            return (
                f"; the '#' at column {at + 1} starts a comment, since a '#' after a space "
                f"does, which YAML leaves out to the end of the line, the '{closing}' too: "
                f"if the '#' is part of the text, put that text in quotes ({double_quoted(item)})"
            )
    return ""


def _colon_in_value(line: int, column: int, lines: list[str]) -> str:
    """A ``:`` that YAML cannot take as the end of a key: in a value, or on a line that
    reads as more of the value above."""
    text = lines[line]
    if re.search(r":(?:\s|$)", text[:column]) is None:
        above = _above(line, lines)
        if above is not None and _start(text) > _key_start(lines[above]):
            # the column of the keys, where the line above has one ('- Report' has none)
            keys = _key_start(lines[above])
            at = f", at column {keys + 1}" if _KEY_COLON.match(lines[above]) else ""
            return (
                f"this line is indented more than line {above + 1}, so it reads as more of "
                "that line's value, and a value cannot hold ': ': line it up with the keys "
                f"above it{at} (or, if it is more of the value, put the whole value in quotes)"
            )
    opening = open_typographic_quote(text[:column])
    if opening is not None:
        return (
            f"this value opens with the typographic quote {opening}, which YAML does not read "
            "as a quote, and it holds ': ', which YAML reads as the start of another key: "
            'put the whole value in straight quotes ("...")'
        )
    return (
        "this value holds ': ', which YAML reads as the start of another key: put the "
        'whole value in quotes ("...")'
    )


def _missing_colon(start: Any, lines: list[str]) -> str:
    """A key with no ``: `` after it (the parser notices only on the next line)."""
    glued = _glued(" " * start.column + lines[start.line][start.column :])
    if glued is not None:
        return glued[1]
    dash = _glued_dash(lines[start.line], key=False)
    above = _above(start.line, lines)
    if (
        dash is not None
        and above is not None
        and lines[above][dash[0] : dash[0] + 2] == "- "
        and _start(lines[above]) == dash[0]
    ):
        # '-Phone' under '- Form': an item without its space, not a key without its colon
        return dash[1]
    message = "this line has no ':' after its key: write 'key: value'"
    own = lines[start.line]
    # A line that reads as a key and its value ("subject Magistrate") most likely lost
    # its colon; one that does not (a URL, a time, a path), or one less indented than
    # the text above it, more likely lost its indentation.
    keylike = re.match(r"\s*(?:-\s+)?[A-Za-z_][\w-]*\s+\S", own) is not None
    if above is not None and (not keylike or _start(lines[above]) > _start(own)):
        # text that goes on from the line above: a key's value, or more of it
        text = lines[above]
        value = re.match(r"\s*(?:-\s+)?[^\s:#][^:#]*:\s+(?=[^\s#])", text)
        column = value.end() if value is not None else _content_start(text)
        if value is not None or not text.rstrip().endswith(":"):
            message += (
                f" (or, if it goes on with the text of line {above + 1}, indent it to "
                f"column {column + 1})"
            )
    if above is not None and ":" not in own and "#" not in own:
        # a line of text alone where a list item was likely meant, without its '- '
        item = clipped(own.strip())
        opened = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):\s*(?:#.*)?", lines[above])
        if opened is not None and opened[1] in _list_keys():
            # 'community:' and, below it, a member without its '- '
            message += (
                f" (or, if it is an item of the list of {opened[1]!r} on line {above + 1}, "
                f"start it with '- ': write '- {item}')"
            )
        elif re.match(r"\s*-\s", lines[above]) is not None and _start(lines[above]) == _start(own):
            # '- GP' and, at its '-', the next member without its '- '
            message += (
                f" (or, if it is an item of the list on line {above + 1}, start it with '- ' "
                f"as that one does: write '- {item}')"
            )
    return message


def _indented_start(line: int, lines: list[str]) -> str | None:
    """A line less indented than the first line of the file, which is indented."""
    first = next((n for n, text in enumerate(lines) if text.strip()[:1] not in ("", "#")), None)
    if first is None or first >= line or _start(lines[first]) == 0:
        return None
    return (
        f"the first line of the file is indented (to column {_start(lines[first]) + 1}) "
        "and this one is not lined up with it: start every top-level key at column 1"
    )


@cache
def _case_fields() -> tuple[tuple[str, Any], ...]:
    """Every key a case file may use, at any depth, with the annotation of its field."""
    # Imported here: reading YAML must not load the models (``import activity_systems``
    # stays quick; the models load on first use).
    from pydantic import BaseModel

    from activity_systems.model.case import Case
    from activity_systems.model.elements import file_key

    fields: list[tuple[str, Any]] = []
    seen: set[type[BaseModel]] = set()
    models: list[type[BaseModel]] = [Case]
    while models:
        model = models.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            fields.append((file_key(name, info), info.annotation))
            for kind in _types_in(info.annotation):
                if issubclass(kind, BaseModel) and kind not in seen:
                    models.append(kind)
    return tuple(fields)


@cache
def _case_keys() -> frozenset[str]:
    """Every key a case file may use, at any depth."""
    return frozenset(key for key, _ in _case_fields())


@cache
def _list_keys() -> frozenset[str]:
    """The keys of a case file whose value is a list (``community``, ``values``)."""
    return frozenset(key for key, annotation in _case_fields() if _is_list(annotation))


def _is_list(annotation: Any) -> bool:
    """Whether an annotation is a list or a tuple, or a union or Annotated of one."""
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        return True
    return origin is not None and any(_is_list(arg) for arg in typing.get_args(annotation))


def _types_in(annotation: Any) -> list[type]:
    """The classes an annotation names, inside unions, lists, tuples and Annotated."""
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        return [annotation]
    return [kind for arg in typing.get_args(annotation) for kind in _types_in(arg)]


def _colon_in_text(before: str) -> bool:
    """Whether the ``:`` that ends ``before``, inside ``{...}`` or ``[...]``, is more of a
    text (``label: Crown Prosecution Service:``), not a key after a missing ','
    (``{id: a subject:``): the word before it is no key of a case file."""
    word = re.search(r"([\w-]*)\s*:$", before)
    return word is not None and word[1] not in _case_keys()


def _open_bracket(line: int, column: int, lines: list[str]) -> tuple[int, int, str] | None:
    """The innermost ``[`` or ``{`` still open at ``line``:``column`` (0-based), skipping
    quoted text and comments: ``(line, column, bracket)``, or ``None``."""
    stack: list[tuple[int, int, str]] = []
    for number, text in enumerate(lines[: line + 1]):
        end = column if number == line else len(text)
        quote = ""
        escaped = False  # the character after a '\\' in double quotes, or a quote doubled
        for at, char in enumerate(text[:end]):
            if escaped:
                escaped = False
            elif quote == '"' and char == "\\":
                escaped = True
            elif quote == "'" and char == "'" and text[at + 1 : at + 2] == "'":
                escaped = True  # '' is a quote inside '...'
            elif quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and (at == 0 or text[at - 1] in " \t[{,:"):
                quote = char
            elif char == "#" and (at == 0 or text[at - 1] in " \t"):
                break
            elif char in "[{":
                stack.append((number, at, char))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _unclosed(
    problem: str, context: str, line: int, column: int, start: Any, lines: list[str]
) -> tuple[str, int, int] | None:
    """A quote, ``[`` or ``{`` never closed: the message and its 0-based place, which is
    where it opens when the parser noticed on a later line (or at the end of the file)."""
    if context == _QUOTED[0] and problem.startswith(_QUOTED[1]):
        quote = lines[start.line][start.column : start.column + 1]
        inside = " (inside '...', write an apostrophe as '')" if quote == "'" else ""
        rest = lines[start.line][start.column + 1 :]
        closing = _CLOSING_BRACKETS.search(rest)
        if closing is not None and _open_bracket(start.line, start.column, lines):
            # '[GP, "Social worker]': the brackets are there, but inside the quoted text
            held = re.sub(r"\s", "", closing[0])
            inside = f" before the {held!r} that it now holds{inside}"
        message = (
            f"the quoted text that starts here with {quote} is never closed: end it with "
            f"{quote}{inside}"
        )
        return message, start.line, start.column
    if context == _FLOW_NODE[0] and problem.startswith(_FLOW_NODE[1]):
        # Inside a '[' or '{' the parser met what starts no value: the end of the file,
        # or a block list's '- ' under a key written 'tools: ['.
        opened = _open_bracket(line, column, lines)
        if opened is not None:
            kind = "list" if opened[2] == "[" else "mapping"
            where = SimpleNamespace(line=opened[0], column=opened[1])
            return _unclosed_flow(line, column, where, kind, lines), opened[0], opened[1]
    if context in _FLOW and problem.startswith(_FLOW_END):
        if line == start.line and _colon_in_text(lines[line][: column + 1]):
            return _colon_in_value(line, column, lines), line, column
        message = _unclosed_flow(line, column, start, _FLOW[context], lines)
        if line == start.line:
            return message, line, column
        return message, start.line, start.column
    return None


def _bad_escape(problem: str, start: Any, lines: list[str]) -> tuple[str, int, int] | None:
    """A ``\\`` in double quotes that starts no escape, as in a Windows path
    (``"S:\\Wards"``, ``"C:\\Users"``): the message and the 0-based place of the ``\\``.

    The parser stops at the first such ``\\``; this finds it from the opening quote at
    ``start``. Single quotes are the advice, since a Windows path is what a newcomer
    writes there most often and ``\\`` is only itself in them; the line is written out
    when it is a key and that value alone, and the value is short.
    """
    if not problem.startswith(_BAD_ESCAPE) or start is None or start.line >= len(lines):
        return None
    line, at = start.line, start.column + 1
    while line < len(lines):
        text = lines[line]
        while at < len(text):
            char = text[at]
            if char == '"':
                return None  # closed before any bad escape: not this mistake
            if char == "\\" and at + 1 < len(text):
                after = text[at + 1]
                digits = _ESCAPES.get(after)
                code = text[at + 2 : at + 2 + (digits or 0)]
                if digits is None or len(code) < digits or not set(code) <= _HEX:
                    return _escape_message(after, digits, line, at, start, lines), line, at
                at += 2 + (digits or 0)
                continue
            at += 1
        line, at = line + 1, 0
    return None


def _escape_message(
    after: str, digits: int | None, line: int, at: int, start: Any, lines: list[str]
) -> str:
    """What a ``\\`` followed by ``after`` in double quotes is told (see :func:`_bad_escape`)."""
    which = f"'\\{after}' is not one"
    if digits:
        which += f" here (it needs the {digits} hexadecimal digits of a character's code after it)"
    said = (
        f"{STARTS_AN_ESCAPE}, and {which}: for a Windows path, or any text with '\\' in "
        f"it, {USE_SINGLE_QUOTES}"
    )
    text = lines[start.line]
    match = _DOUBLE_QUOTED_LINE.match(text)
    closing = text.find('"', at)
    if match is None or match.end() != start.column + 1 or closing == -1:
        return f"{said} ('...')"
    value = text[start.column + 1 : closing]
    if '"' in value.replace('\\"', "") or _COMMENT.sub("", text[closing + 1 :]).strip():
        return f"{said} ('...')"
    value = value.replace("'", "''")
    if '\\"' in value or len(value) > _SHOWN:
        return f"{said} ('...')"
    return f"{said}: write {match['key']}: '{value}'"


def _plain(
    problem: str, context: str, line: int, column: int, start: Any, lines: list[str]
) -> tuple[str, int, int] | None:
    """The plain-words message and its 0-based place, for the messages this module
    knows; ``None`` for the others."""
    if problem == _NO_COLON and start is not None and start.line < len(lines):
        # The parser notices on the next line; the key without its colon is the mistake.
        return _missing_colon(start, lines), start.line, start.column
    if start is not None and start.line < len(lines):
        unclosed = _unclosed(problem, context, line, column, start, lines)
        if unclosed is not None:
            return unclosed
    if line >= len(lines) or column >= len(lines[line]):
        return None
    if start is not None and start.line >= len(lines):
        start = None
    message: str | None = None
    if problem in (_LIST_INDENT[1], _MAP_INDENT[1]) or problem.startswith(_BLOCK_END):
        dash = _glued_dash(lines[start.line]) if start is not None else None
        if dash is not None and dash[0] == start.column:
            # '-id: a' is a mapping, whose keys the next item's '- ' cannot join
            return dash[1], start.line, start.column
        dash = _glued_dash(lines[line], key=False)
        if start is not None and dash is not None and dash[0] == start.column:
            # '-id: b' after '- id: a', at the column of the list's '-'
            return dash[1], line, dash[0]
        if start is not None and context == _LIST_INDENT[0]:
            message = _list_indent(line, start, lines)
        elif start is not None and context == _MAP_INDENT[0]:
            message = _mapping_break(line, column, start, lines)
    elif problem.startswith(_COLON_VALUE):
        above = _above(line, lines)
        glued = _glued(lines[above]) if above is not None else None
        if above is not None and glued is not None and not _goes_on(above, lines):
            # ``title:x`` is text, which the key on the next line turns into a key
            return glued[1], above, glued[0]
        dash = _glued_dash(lines[above]) if above is not None else None
        if above is not None and dash is not None and _start(lines[line]) > dash[0]:
            # ``-id: a`` is a key, whose value the more indented line would go on
            return dash[1], above, dash[0]
        dash = _glued_dash(lines[line])
        if dash is not None and lines[line][dash[0] + 1] in "{[":
            # '-{id: a, label: b}' reads as the key '-{id', whose value holds ': '
            return dash[1], line, dash[0]
        message = _colon_in_value(line, column, lines)
    elif problem.startswith(_LIST_AFTER_KEY):
        message = (
            "a list cannot start on the line of its key: put each '- ' item on a line of "
            "its own below the key, or write the list as [a, b]"
        )
    elif problem.startswith(_DOCUMENT_START) and column == _start(lines[line]):
        message = _indented_start(line, lines)
    return None if message is None else (message, line, column)


def _indicator(line: int, column: int, lines: list[str]) -> tuple[str, int, int] | None:
    """A value that YAML read as syntax, on the line where the parser stopped, at or
    before where it stopped: the advice to quote it, placed at the value."""
    if line >= len(lines):
        return None
    opened = _open_bracket(line, column, lines)
    if opened is not None:
        if opened[0] < line and _start(lines[line]) <= _start(lines[opened[0]]):
            # a '[' or '{' left open above, and this line back at the indentation of
            # its key: the bracket is what is wrong, not this line
            kind = "list" if opened[2] == "[" else "mapping"
            where = SimpleNamespace(line=opened[0], column=opened[1])
            return _unclosed_flow(line, column, where, kind, lines), opened[0], opened[1]
        advice = flow_quote_advice(lines[line])  # inside a '[' or '{'
    else:
        goes_on = line + 1 < len(lines) and _goes_on(line + 1, lines)
        advice = quote_advice(lines[line], goes_on=goes_on)
        if advice is None or advice[0] > column:
            advice = flow_quote_advice(lines[line])
    if advice is None or advice[0] > column:
        # a value further on is not what the parser stopped at: its own mistake is told
        return None
    return advice[1], line, advice[0]


def double_quoted(text: str) -> str:
    """``text`` as a YAML value in double quotes, its backslashes and quotes escaped.

    >>> print(double_quoted('say "no" \\\\ then'))
    "say \\"no\\" \\\\ then"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_advice(
    line: str, char: str | None = None, *, goes_on: bool = False
) -> tuple[int, str] | None:
    """The 0-based column of a value on ``line`` that starts with one of YAML's
    :data:`INDICATORS` (``char`` if given), and the advice to quote it; ``None`` when
    the line holds no such value. The advice writes the line out, unless the value is
    long or ``goes_on`` (to the lines below).

    >>> column, advice = quote_advice("    label: > 4 weeks report")
    >>> column
    11
    >>> print(advice.replace("): ", "):\\n"))
    a value that starts with '>' needs quotes ('>' starts a folded block in YAML):
    write label: "> 4 weeks report"
    >>> quote_advice("  - id: court") is None
    True
    """
    match = _VALUE_LINE.fullmatch(line)
    if match is None or (match["key"] is None and "-" not in match["lead"]):
        return None
    value = _COMMENT.sub("", match["value"])  # a comment stays one, outside the quotes
    if value[0] not in INDICATORS or (char is not None and value[0] != char):
        return None
    if _BLOCK_HEADER.fullmatch(value):  # '>-' alone starts a block of text: that is YAML
        return None
    written = f"{match['key']}: " if match["key"] else "- "
    # too long to write out, or more of it on the lines below: not written out
    return match.start("value"), _to_quote(value, written, written_out=not goes_on)


def _to_quote(value: str, written: str, *, written_out: bool = True) -> str:
    """The advice to quote ``value``, which starts with one of YAML's :data:`INDICATORS`:
    the line to write, after ``written`` (its key, say), unless the value is long or not
    to be ``written_out``.

    >>> print(_to_quote("@court", "- "))
    a value that starts with '@' needs quotes ('@' is reserved in YAML): write - "@court"
    """
    said = (
        f"a value that starts with {value[0]!r} needs quotes "
        f"({value[0]!r} {INDICATORS[value[0]]} in YAML)"
    )
    if len(value) > _SHOWN or not written_out:
        return f'{said}: put the whole value in quotes ("...")'
    return f"{said}: write {written}{double_quoted(value)}"


def flow_quote_advice(line: str, char: str | None = None) -> tuple[int, str] | None:
    """As :func:`quote_advice`, for a value inside ``[...]`` or ``{...}`` on ``line``: the
    first that starts with one of YAML's :data:`INDICATORS` (``char`` if given), after a
    key's ``: `` or at the start of an item, with its 0-based column and the advice to
    quote it. The value ends at the next ``,``, ``]`` or ``}``, as YAML ends it there.

    >>> column, advice = flow_quote_advice("      - {id: t, label: > 4 weeks, kind: formal}")
    >>> column
    23
    >>> print(advice.replace("): ", "):\\n"))
    a value that starts with '>' needs quotes ('>' starts a folded block in YAML):
    write label: "> 4 weeks"
    >>> print(flow_quote_advice("    community: [GP, @court]")[1].partition("): ")[2])
    write "@court"
    >>> flow_quote_advice('    tools: [{label: "> 4 weeks"}, plain]') is None
    True
    >>> flow_quote_advice("    tools: ['Officer''s report, @court']") is None
    True
    """
    depth = 0
    quote = ""
    escaped = False
    for at, current in enumerate(line):
        if escaped:
            escaped = False
        elif quote == '"' and current == "\\":
            escaped = True
        elif quote == "'" and current == "'" and line[at + 1 : at + 2] == "'":
            escaped = True  # '' is a quote inside single quotes ('Officer''s report')
        elif quote:
            if current == quote:
                quote = ""
        elif current == "#" and (at == 0 or line[at - 1] in " \t"):
            return None
        elif current in "'\"" and (at == 0 or line[at - 1] in " \t[{,:"):
            quote = current
        elif current in "[{":
            depth += 1
        elif current in "]}":
            depth = max(depth - 1, 0)
        elif depth and current in INDICATORS and (char is None or current == char):
            before = line[:at].rstrip(" \t")
            key = re.search(r"([A-Za-z_][\w-]*):$", before)
            if key is None and not before.endswith(("[", "{", ",")):
                continue
            value = re.split(r"[,\]}]", line[at:], maxsplit=1)[0].rstrip()
            return at, _to_quote(value, f"{key[1]}: " if key else "")
    return None


#: A line as a spreadsheet saves a cell of text in CSV: in double quotes, its quotes
#: doubled, when it holds a comma or a quote (Excel's "Save as CSV" of a case file
#: opened in it); then a comma for each empty cell after it.
_CSV_QUOTED_LINE = re.compile(r'"(?:[^"]|"")*",*\s*')
#: A line ending in the commas of two or more empty cells.
_CSV_EMPTY_CELLS = re.compile(r".*[^,\s],{2,}\s*")


def spreadsheet_csv(lines: list[str]) -> int | None:
    """The 0-based line of the first of two or more lines that only a spreadsheet's CSV
    writes (:data:`_CSV_QUOTED_LINE`, :data:`_CSV_EMPTY_CELLS`): a case file opened in
    Excel and saved again; ``None`` for other text.

    >>> spreadsheet_csv(['title: T', '"# a ""quoted"" word, and a comma"', '"  - a, b"'])
    1
    >>> spreadsheet_csv(['title: T,,,', 'systems:,,,']), spreadsheet_csv(['title: "T"'])
    (0, None)
    """
    found = [at for at, line in enumerate(lines) if _written_as_csv(line)]
    return found[0] if len(found) >= 2 else None


def _written_as_csv(line: str) -> bool:
    """Whether ``line`` is one that a spreadsheet's CSV writes and a case file does not:
    quoted whole, with a doubled quote, a comma or empty cells after it, or ending in
    the commas of empty cells."""
    if _CSV_EMPTY_CELLS.fullmatch(line):
        return True
    quoted = _CSV_QUOTED_LINE.fullmatch(line) is not None
    return quoted and (line.endswith(",") or '""' in line or ", " in line)


def _unknown_version(lines: list[str], line: int) -> tuple[str, int, int]:
    """A ``%YAML`` line of a version other than 1.1 and 1.2 (``%YAML 2.0``), which the
    parser refuses: named, placed at the line (the parser places it at the document
    after it), and told to go, since a case file is read one way whatever version it
    names. The line is the last before that place: a document before may name a version
    known (``%YAML 1.1``)."""
    for number in range(min(line, len(lines) - 1), -1, -1):
        written = lines[number]
        if written.startswith("%YAML"):
            directive = written.partition("#")[0].strip()
            return (
                f"{directive!r} asks for a version of YAML this reader does not know: remove "
                "the line (a case file is read as YAML 1.2, every value as text)",
                number + 1,
                1,
            )
    unknown = "a YAML version this reader does not know is asked for"
    return unknown, line + 1, 1  # pragma: no cover - refused only on a '%YAML' line


def _directive_without_start(line: int, lines: list[str]) -> tuple[str, int, int] | None:
    """A directive (``%YAML 1.2``, ``%TAG``) with no ``---`` line after it, before the
    line where the parser stopped: YAML needs one between a directive and the document it
    applies to, and the parser said only ``did not find expected <document start>``. A
    ``%`` line after the case has started is not told to add a ``---``, which would start
    a second case."""
    for number in range(min(line, len(lines)) - 1, -1, -1):
        written = lines[number]
        if written.startswith("---"):
            return None
        if written.startswith("%"):
            if any(text.strip()[:1] not in ("", "#", "%") for text in lines[:number]):
                return None  # a '%' line after the case has started: no directive of it
            directive = written.partition(" #")[0].strip()
            return (
                f"a '---' line must end the directive {directive!r} before the case starts: "
                "put '---' on a line of its own before this one, or remove the directive (a "
                "case file is read as YAML 1.2, every value as text)",
                line + 1,
                1,
            )
    return None


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """The message and 1-based line and column of a YAML syntax error, in plain words
    where the parser's are not.

    The place is where the parser stopped, except for a key without a colon, which is
    placed at the key: the parser reads on to the next line before it notices.
    """
    problem = error.problem or "invalid YAML"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    lines = LINE_BREAK.split(text)
    lines[0] = lines[0].removeprefix("\ufeff")  # the parser's columns leave a BOM out
    csv = spreadsheet_csv(lines)
    if csv is not None:
        return (
            "this file looks saved by a spreadsheet as CSV, which puts a line holding a "
            "comma or a quote inside double quotes, its quotes doubled, and may end lines "
            "in commas: edit case files in a text editor, not Excel, and take back the "
            "file as it was (OneDrive and SharePoint keep its earlier versions)",
            csv + 1,
            1,
        )
    if problem.startswith("found incompatible YAML document"):
        return _unknown_version(lines, line)
    if problem.startswith((*_DOCUMENT_START, *_LIST_AFTER_KEY)):
        directive = _directive_without_start(line, lines)
        if directive is not None:
            return directive
    blank = _blank(line, lines) or _lookalike_colon(line, column, lines)
    # A quote never closed runs to the end of the file, over any ']' or '}' after it: the
    # quote is what is wrong, not the bracket that then looks open.
    never_closed = context == _QUOTED[0] and problem.startswith(_QUOTED[1])
    plain = blank or (None if never_closed else _indicator(line, column, lines))
    plain = plain or _bad_escape(problem, error.context_mark, lines)
    plain = plain or _plain(problem, context, line, column, error.context_mark, lines)
    if plain is not None:
        message, line, column = plain
    elif context and problem.startswith("but "):
        message = f"{context}, {problem}"
    else:
        message = f"{problem} {context}" if context else problem
    if (
        blank is None
        and line < len(lines)
        and column < len(lines[line])
        and lines[line][column] == "\t"
    ):
        # The parser does not always say that the character it cannot read is a tab.
        tab = "" if "tab" in message else "the character here is a tab, and "
        message += f"; {tab}YAML indents with spaces only"
    return message, line + 1, column + 1
