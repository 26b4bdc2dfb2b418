"""Text in a terminal's columns: how many a text takes, and wrapping to a width of them.

Chinese, Japanese and Korean characters take two columns each, and their text has no
spaces to break at, so wrapping by the count of characters, as :mod:`textwrap` does,
gives lines half as wide again as the terminal:

>>> wrap("精神病学鉴定的羁押期限为三周，但报告需要四到八周。", 20, "  ")
['  精神病学鉴定的羁押', '  期限为三周，但报告', '  需要四到八周。']
>>> wrap("The court needs it within three weeks.", 20)
['The court needs it', 'within three weeks.']
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

from activity_systems.model import characters

# No line starts with closing punctuation, nor ends with opening punctuation (the simplest
# rule of Chinese and Japanese line breaking).
_NO_BREAK_BEFORE = set("、。，．,.)）」』】〕〉》”’！？!?：；:;…ー々〜・")
_NO_BREAK_AFTER = set("（(「『【〔〈《“‘")

# The characters outside ASCII, the only ones that may take other than one column.
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def char_columns(ch: str) -> int:
    """The columns one character takes: two when wide (East Asian wide or full-width),
    none for a combining mark or a format character, one otherwise; as of one version of
    Unicode, so that each Python wraps a report alike (a character Unicode assigned
    later takes two)."""
    if characters.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if characters.wide(ch) else 1


def display_width(text: str) -> int:
    """The columns ``text`` takes in a terminal.

    >>> display_width("case.yaml"), display_width("事例.yaml"), display_width("e\\u0301quipe")
    (9, 9, 6)
    """
    if text.isascii():
        return len(text)
    # Every ASCII character takes one column: only the others are looked up, so that
    # English with its curly quotes (a report's every finding) costs a few lookups, not
    # one for each character; and each of them once, however often it is written.
    found = Counter(_NOT_ASCII.findall(text))
    return len(text) + sum((char_columns(ch) - 1) * times for ch, times in found.items())


def _one_column_each(text: str) -> bool:
    """Whether each character of ``text`` takes one column (not only as many columns in
    all as it has characters, which two wide characters and two that take none are)."""
    return text.isascii() or all(char_columns(ch) == 1 for ch in set(_NOT_ASCII.findall(text)))


def _pieces(word: str) -> list[str]:
    """``word`` cut where a line may break inside it: beside a wide character, though not
    before closing punctuation or after opening punctuation."""
    pieces: list[str] = []
    for ch in word:
        if pieces:
            last = pieces[-1]
            wide = char_columns(ch) == 2 or char_columns(last[-1]) == 2
            if (
                not wide
                or ch in _NO_BREAK_BEFORE
                or last[-1] in _NO_BREAK_AFTER
                or char_columns(ch) == 0
            ):
                pieces[-1] = last + ch
                continue
        pieces.append(ch)
    return pieces


def _single_spaced(text: str) -> bool:
    """Whether ``text`` is words of printable characters, one space between two and none
    at either end: what a report's every line is once its whitespace is made single."""
    return bool(text) and text.isprintable() and text[0] != " " != text[-1] and "  " not in text


def _wrap_single_spaced(text: str, width: int, indent: str, subsequent: str) -> list[str]:
    """The lines :func:`textwrap.wrap` gives (words never broken) of single-spaced text
    (see :func:`_single_spaced`) in which each character takes one column, found a line,
    not a word, at a time: :mod:`textwrap` looks at each word and each space in Python,
    which was most of the time a report of 20,000 findings took to print. Each line
    ends at the last space that leaves it ``width`` columns at most, or, when its first
    word is longer than that, after that word (which :mod:`textwrap` does not break)."""
    lines: list[str] = []
    start, lead = 0, indent
    while len(text) - start > width - len(lead):
        end = start + width - len(lead)  # the index of the first column past the line
        cut = text.rfind(" ", start, end + 1)
        if cut == -1:  # a word longer than the line, on a line of its own
            cut = text.find(" ", end)
            if cut == -1:
                break
        lines.append(lead + text[start:cut])
        start, lead = cut + 1, subsequent
    lines.append(lead + text[start:])
    return lines


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns (but for a word longer than that),
    the first starting with ``indent`` and the others with ``hanging`` (``indent`` when
    not given); ``[indent]`` without its trailing spaces for empty text.

    Text in which every character takes one column is wrapped by :func:`textwrap.wrap`
    (words never broken, nor at hyphens), so its lines stay what they were.
    """
    subsequent = indent if hanging is None else hanging
    if _one_column_each(text):
        if _single_spaced(text) and width > max(len(indent), len(subsequent)):
            return _wrap_single_spaced(text, width, indent, subsequent)
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=indent,
            subsequent_indent=subsequent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [indent.rstrip()]
    lines: list[str] = []
    line, used, empty = indent, display_width(indent), True
    for word in text.split():
        for index, piece in enumerate(_pieces(word)):
            gap = " " if index == 0 and not empty else ""
            columns = display_width(piece)
            if not empty and used + len(gap) + columns > width:
                lines.append(line)
                line, used, gap = subsequent, display_width(subsequent), ""
            line, used, empty = line + gap + piece, used + len(gap) + columns, False
    if not empty:
        lines.append(line)
    return lines or [indent.rstrip()]
