"""User text on diagrams: cleaned, measured, wrapped, truncated and escaped.

Every user string reaches DOT through :func:`escape`, inside an HTML-like label, so that
quotes, ``<>&``, braces and DOT's backslash escapes (``\\N``, ``\\G``) stay literal text:

>>> escape('Say "hi" <b> & \\\\N')
'Say &quot;hi&quot; &lt;b&gt; &amp; \\\\\\\\N'
>>> wrap("Negotiation with legal advisers and liaison workers", 150)
['Negotiation with legal advisers', 'and liaison workers']
>>> wrap("x" * 400, 150, max_lines=2)[-1][-1]
'…'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from activity_systems.model import characters

#: Font used on every diagram; Helvetica-compatible fonts (Arial, Liberation Sans) match it.
FONT = "Helvetica,Arial,sans-serif"
#: Point sizes.
TEXT_SIZE = 10.0
HEADING_SIZE = 11.0
#: Height of one line of text, in points, at :data:`TEXT_SIZE` (with some room to spare).
LINE_HEIGHT = 11.5
ELLIPSIS = "…"
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
#: A soft hyphen: where a word may be broken, showing a hyphen only there.
_SOFT_HYPHEN = "\u00ad"

# Advance widths of Helvetica (per 1000 em) for printable ASCII, from its AFM metrics.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
# Fonts differ a little from machine to machine: measure generously so text always fits.
_SAFETY = 1.08
_BOLD = 1.1


def clean(text: str) -> str:
    """One line of displayable text: whitespace runs become one space; characters that XML
    cannot carry (U+FFFE, U+FFFF, C0 controls) become U+FFFD.

    >>> clean("  Two\\n lines\\t")
    'Two lines'
    """
    return _NOT_XML.sub("\ufffd", " ".join(text.split()))


def _words(text: str) -> list[str]:
    """The words of ``text`` to wrap, cleaned as :func:`clean` cleans text, split at
    spaces but not at no-break spaces, which stay inside a word: the words they join
    (``article\u00a0145``, French ``délais\u00a0:``) are never wrapped apart.

    >>> _words(" 3\u00a0semaines  au plus\u00a0 ")
    ['3\xa0semaines', 'au', 'plus']
    """
    return _NOT_XML.sub("\ufffd", " ".join(_BREAKING_SPACE.split(text))).strip().split(" ")


# Whitespace other than the no-break spaces (U+00A0, U+2007, U+202F).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


# What clean() replaces: C0 controls, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


#: The width of each character beyond ASCII met so far, as :func:`char_width` works it
#: out: the characters of one language's labels, which a figure measures again and again
#: as it wraps them, are each looked up in Unicode once. At most this many are kept.
_MET_SIZE = 10_000
_MET: dict[str, float] = {}


def char_width(ch: str) -> float:
    """Estimated advance of one character, in em."""
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32] / 1000
    width = _MET.get(ch)
    if width is None:
        width = _measured(ch, code)
        if len(_MET) < _MET_SIZE:
            _MET[ch] = width
    return width


def _measured(ch: str, code: int) -> float:
    """:func:`char_width` of a character beyond ASCII, from Unicode."""
    if ch in _NO_BREAK_SPACES:
        return _ASCII_WIDTHS[0] / 1000
    # as of one version of Unicode, so that each Python draws the same figure
    category = characters.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0.0
    if characters.wide(ch) or code >= 0x1F000:
        return 1.05
    return 0.72 if category == "Lu" else 0.6


# char_width of each printable ASCII character, looked up rather than computed
_ASCII_EM = {chr(code): char_width(chr(code)) for code in range(32, 127)}


def text_width(text: str, size: float = TEXT_SIZE, *, bold: bool = False) -> float:
    """Estimated width of ``text`` in points."""
    try:
        # the same widths, summed in the same order, as the plain form below
        em = sum(map(_ASCII_EM.__getitem__, text))
    except KeyError:  # a character beyond ASCII
        em = sum(char_width(ch) for ch in text)
    return em * size * _SAFETY * (_BOLD if bold else 1.0)


def _widths(text: str) -> list[float]:
    """The width in em of each prefix of ``text``, the empty one first, each summed as
    :func:`text_width` sums it (so each equals its sum there, to the last bit)."""
    prefixes = [0.0]
    em: float = 0
    for ch in text:
        em += _ASCII_EM.get(ch) or char_width(ch)
        prefixes.append(em)
    return prefixes


def _split_word(word: str, width: float, size: float) -> list[str]:
    """Break a word wider than ``width`` into pieces that fit: after its hyphens and at
    its soft hyphens (which then show as ``-``) where those give pieces that fit, else
    anywhere. A soft hyphen where the word is not broken is left out.

    >>> _split_word("Gerichts\u00adgutachter\u00adbestellungs\u00adverfahren", 80, 10)
    ['Gerichts-', 'gutachter-', 'bestellungs-', 'verfahren']
    >>> _split_word("médico-psychologique", 60, 10)
    ['médico-', 'psychologiq', 'ue']
    """
    parts = re.findall(r"[^\u00ad-]*(?:\u00ad|-+|$)", word)
    pieces: list[str] = []
    current = ""
    for part in filter(None, parts):
        candidate = current + part
        shown = candidate[:-1] + "-" if candidate.endswith(_SOFT_HYPHEN) else candidate
        if current and text_width(shown, size) > width:
            pieces.append(current[:-1] + "-" if current.endswith(_SOFT_HYPHEN) else current)
            current = part
        else:
            current = candidate
    if current:
        pieces.append(current)
    fitted: list[str] = []
    for piece in pieces:
        piece = piece[:-1].replace(_SOFT_HYPHEN, "") + piece[-1:].replace(_SOFT_HYPHEN, "")
        if text_width(piece, size) > width:
            fitted.extend(_split_anywhere(piece, width, size))
        else:
            fitted.append(piece)
    return fitted


def _split_anywhere(word: str, width: float, size: float) -> list[str]:
    """Break a word wider than ``width`` into pieces that fit, between any characters.

    Each piece's width is summed as it grows, not measured again for every character:
    a word of characters that take no room (combining marks) grows a piece thousands of
    characters long.
    """
    pieces: list[str] = []
    start = 0
    em: float = 0
    for index, ch in enumerate(word):
        step = _ASCII_EM.get(ch) or char_width(ch)
        em += step
        if index > start and em * size * _SAFETY > width:
            pieces.append(word[start:index])
            start, em = index, step
    if start < len(word):
        pieces.append(word[start:])
    return pieces


def _shorten(line: str, width: float, size: float) -> str:
    """``line`` with an ellipsis at the end, cut (after a character other than a space)
    so that both fit in ``width``."""
    line = line.rstrip()
    widths = _widths(line)
    mark = _ASCII_EM.get(ELLIPSIS) or char_width(ELLIPSIS)
    end = len(line)
    while end and (widths[end] + mark) * size * _SAFETY > width:
        end -= 1
        while end and line[end - 1].isspace():
            end -= 1
    return line[:end] + ELLIPSIS


def wrap(text: str, width: float, *, size: float = TEXT_SIZE, max_lines: int = 4) -> list[str]:
    """``text`` cleaned and wrapped to lines no wider than ``width`` points.

    At most ``max_lines`` lines; when the text does not fit, the last line ends with "…".
    """
    words: list[str] = []
    for word in _words(text):
        if _SOFT_HYPHEN in word and text_width(word, size) <= width:
            word = word.replace(_SOFT_HYPHEN, "")
        words.extend(_split_word(word, width, size) if word else [])
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _shorten(lines[max_lines - 1], width, size)]
    return lines or [""]


#: The most characters of text in an HTML-like label between two line breaks, which
#: Graphviz drops from such a label's text: at most 6,000 bytes of DOT. Graphviz (2.43)
#: refuses an HTML-like string holding a run of more than 16,384 bytes without a ``<``,
#: ``>`` or line break ("longer than 16384?"), which one long name in a heading that is
#: not wrapped, or a line of marks that take no room, would make.
_PIECE = 1000


def _escape_piece(text: str) -> str:
    return html.escape(text, quote=True).replace("\\", "\\\\").replace("]", "&#93;")


def escape(text: str) -> str:
    """Text for an HTML-like Graphviz label: XML-escaped, backslashes doubled, ``]`` as
    ``&#93;``, a line break after every 1,000 characters.

    Graphviz expands ``\\N``, ``\\G`` and ``\\\\`` even inside HTML-like labels, after
    decoding entities, so a backslash is written twice to stay one backslash. A cell
    holding only ``]`` or ``]]`` is a syntax error to Graphviz (2.43), so ``]`` is always
    written as its character reference. Graphviz drops line breaks from the text of an
    HTML-like label (the text itself has none: see :func:`clean`), so they break up a long
    run of text without showing.

    >>> escape("<" * 1500).split("\\n") == ["&lt;" * 1000, "&lt;" * 500]
    True
    """
    cleaned = clean(text)
    if len(cleaned) <= _PIECE:
        return _escape_piece(cleaned)
    pieces = range(0, len(cleaned), _PIECE)
    return "\n".join(_escape_piece(cleaned[i : i + _PIECE]) for i in pieces)


def not_empty(html: str) -> str:
    """``html``, or a no-break space when it is empty: Graphviz refuses an empty ``<B></B>``
    or ``<FONT></FONT>`` as a syntax error, and a text of soft hyphens alone wraps to
    nothing (see :func:`wrap`).

    >>> not_empty("Court"), not_empty("")
    ('Court', '&#160;')
    """
    return html or "&#160;"


def lines_html(lines: Iterable[str], *, indent: str = "") -> str:
    """Escaped lines joined with ``<BR/>``, continuation lines indented."""
    parts = [escape(line) for line in lines]
    pad = "&#160;" * len(indent)
    return "<BR/>".join([parts[0], *(pad + p for p in parts[1:])]) if parts else ""
