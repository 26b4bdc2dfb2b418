"""What a character is, the same on every Python the package supports.

Each Python release carries a version of the Unicode database (:mod:`unicodedata`):
3.11 has Unicode 14.0, 3.12 has 15.0 and 3.13 has 15.1. A character that a later version
assigns is unassigned (category ``Cn``) in an earlier one, and Python 3.11 also gives
every unassigned character the East Asian width ``F`` (full width), where 3.12 gives
most of them ``N``. Asked of :mod:`unicodedata` directly, a label written in Nag Mundari
or Kawi, or with a mark that Unicode 15.0 added, would make another id (and so another
finding key), another figure and another handout on each Python.

The functions here answer as Unicode 14.0 does, on every Python, for the characters that
later versions added (:data:`ADDED_AFTER`): such a character is unassigned, combines
with nothing, is neither a letter nor a digit, has no direction, is not printable, and
is measured as wide as an ideograph (so that a box is rather too wide than too narrow for it). For
every other character they answer as :mod:`unicodedata` does: the versions of Unicode
of the supported Pythons agree on every character that Unicode 14.0 assigned.

>>> category("\\U0001e4d0"), combining("\\U0001e08f"), wide("\\U0001e4d0")
('Cn', 0, True)
>>> category("a"), combining("\\u0301"), wide("a"), wide("\\u4e2d")
('Ll', 230, False, True)

When a Python with a later version of Unicode is supported, the characters it adds go
into :data:`ADDED_AFTER`: a test fails on it until they do.
"""

from __future__ import annotations

import bisect
import unicodedata

#: The version of Unicode whose answers :func:`category` and the others give.
UNICODE_VERSION = "14.0.0"

#: The characters that Unicode 15.0 and 15.1 assigned, as ranges of code points (first
#: and last, both included), in order. Each Python whose :mod:`unicodedata` knows them
#: all, and no others beyond Unicode 14.0, is in :data:`KNOWN_VERSIONS`.
ADDED_AFTER: tuple[tuple[int, int], ...] = (
    (0x0CF3, 0x0CF3), (0x0ECE, 0x0ECE), (0x2FFC, 0x2FFF), (0x31EF, 0x31EF),
    (0x10EFD, 0x10EFF), (0x1123F, 0x11241), (0x11B00, 0x11B09), (0x11F00, 0x11F10),
    (0x11F12, 0x11F3A), (0x11F3E, 0x11F59), (0x1342F, 0x1342F), (0x13439, 0x13455),
    (0x1B132, 0x1B132), (0x1B155, 0x1B155), (0x1D2C0, 0x1D2D3), (0x1DF25, 0x1DF2A),
    (0x1E030, 0x1E06D), (0x1E08F, 0x1E08F), (0x1E4D0, 0x1E4F9), (0x1F6DC, 0x1F6DC),
    (0x1F774, 0x1F776), (0x1F77B, 0x1F77F), (0x1F7D9, 0x1F7D9), (0x1FA75, 0x1FA77),
    (0x1FA87, 0x1FA88), (0x1FAAD, 0x1FAAF), (0x1FABB, 0x1FABD), (0x1FABF, 0x1FABF),
    (0x1FACE, 0x1FACF), (0x1FADA, 0x1FADB), (0x1FAE8, 0x1FAE8), (0x1FAF7, 0x1FAF8),
    (0x2B739, 0x2B739), (0x2EBF0, 0x2EE5D), (0x31350, 0x323AF),
)  # fmt: skip

#: The versions of :mod:`unicodedata` that :data:`ADDED_AFTER` covers.
KNOWN_VERSIONS = ("14.0.0", "15.0.0", "15.1.0")

_FIRSTS = [first for first, _ in ADDED_AFTER]


def added_after(ch: str) -> bool:
    """True when Unicode assigned ``ch`` after :data:`UNICODE_VERSION`.

    >>> added_after("\\U0001e4d0"), added_after("a"), added_after("\\U00010000")
    (True, False, False)
    """
    code = ord(ch)
    if code < _FIRSTS[0]:
        return False
    at = bisect.bisect_right(_FIRSTS, code) - 1
    return code <= ADDED_AFTER[at][1]


def category(ch: str) -> str:
    """:func:`unicodedata.category`, as of :data:`UNICODE_VERSION`."""
    return "Cn" if added_after(ch) else unicodedata.category(ch)


def combining(ch: str) -> int:
    """:func:`unicodedata.combining`, as of :data:`UNICODE_VERSION`."""
    return 0 if added_after(ch) else unicodedata.combining(ch)


def wide(ch: str) -> bool:
    """True when ``ch`` takes the width of an ideograph: of East Asian width ``W`` or
    ``F``, or unassigned as of :data:`UNICODE_VERSION` (which Python 3.11 measures so,
    and later Pythons would measure otherwise)."""
    if added_after(ch) or unicodedata.category(ch) == "Cn":
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F")


def isalnum(ch: str) -> bool:
    """:meth:`str.isalnum` of one character, as of :data:`UNICODE_VERSION`."""
    return ch.isalnum() and not added_after(ch)


def bidirectional(ch: str) -> str:
    """:func:`unicodedata.bidirectional`, as of :data:`UNICODE_VERSION`: ``""`` for a
    character assigned later, as for every unassigned one.

    >>> bidirectional("\\U0001e4d0"), bidirectional("a"), bidirectional("\\u05d0")
    ('', 'L', 'R')
    """
    return "" if added_after(ch) else unicodedata.bidirectional(ch)


def isalpha(ch: str) -> bool:
    """:meth:`str.isalpha` of one character, as of :data:`UNICODE_VERSION`."""
    return ch.isalpha() and not added_after(ch)


def isprintable(text: str) -> bool:
    """:meth:`str.isprintable`, as of :data:`UNICODE_VERSION`."""
    if text.isascii():
        return text.isprintable()
    return text.isprintable() and not any(map(added_after, text))
