"""Slugs: the ids of elements, systems, exchanges, value tags and content items.

>>> slugify("Consultant's report")
'consultants-report'
>>> slugify("  Défense  lawyers! ")
'defense-lawyers'
>>> slugify("Straße"), slugify("Sąd w Łodzi"), slugify("Kırıkkale"), slugify("Søren")
('strasse', 'sad-w-lodzi', 'kirikkale', 'soren')
>>> closest("targts", ["targets", "request", "liaison"])
'targets'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from activity_systems.model import characters

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc]")
_OTHER = re.compile(r"[^a-z0-9]+")
#: Most characters a :class:`_CharacterTable` keeps what it worked out for: the
#: characters of any one language's labels, few of which are not ASCII, fit many times.
_TABLE_SIZE = 10_000


class _CharacterTable(dict[int, "int | str | None"]):
    """A table for ``str.translate`` that works out what a character becomes when it is
    first met, and keeps it: ``translate`` looks each character up, and one that a plain
    table lacks costs it an exception, which made a label's id take twice as long."""

    def __missing__(self, code: int) -> int | str | None:
        made = self.made(chr(code))
        if len(self) < _TABLE_SIZE:
            self[code] = made
        return made

    def made(self, char: str) -> int | str | None:
        """What ``char`` becomes: itself."""
        return ord(char)


# Latin letters that have no decomposition to strip an accent from, written as a reader
# of the language would spell them without it (German ß as ss, Polish ł as l, Turkish
# dotless ı as i), rather than dropped from the id.
_SPELT: dict[str, str] = {
    "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ŀ": "l", "Ŀ": "L", "ĸ": "k", "ŋ": "ng", "Ŋ": "NG",
}  # fmt: skip


class _Decomposed(_CharacterTable):
    """For a label once decomposed: spells the letters of :data:`_SPELT` in ASCII, and
    drops accents (combining marks) and characters that do not show (a soft hyphen, a
    zero-width joiner, as a word processor leaves them inside a word). Decomposed first,
    a letter of :data:`_SPELT` with an accent on it (``Ǿ``, ``ǽ``) is spelt too."""

    def made(self, char: str) -> int | str | None:
        if char in _SPELT:
            return _SPELT[char]
        if characters.combining(char) or characters.category(char) == "Cf":
            return None
        return ord(char)


_DECOMPOSED = _Decomposed()


def slugify(label: str) -> str:
    """Slug of a label: accents stripped, apostrophes dropped, lowercase, runs of other
    characters turned into ``-``, ends trimmed.

    Letters without an accent to strip are spelt in ASCII (``ß`` as ``ss``, ``ł`` as
    ``l``), and characters that do not show (a soft hyphen, a zero-width joiner, as a
    word processor leaves them inside a word) are dropped rather than splitting it:

    >>> slugify("Gerichts\u00adgutachter"), slugify("caf\u200be")
    ('gerichtsgutachter', 'cafe')
    """
    text = label
    if not text.isascii():  # ASCII is already decomposed and has no combining marks
        text = unicodedata.normalize("NFKD", text).translate(_DECOMPOSED)
    return _dashed(text)


def former_slug(label: str) -> str:
    """The id a label made before ids spelt letters without an accent to strip in ASCII
    and dropped characters that do not show, which a finding's key copied from a report
    of then was made of: ``"Straße"`` made ``stra-e``, ``"Łódź"`` ``odz``.

    >>> former_slug("Straße"), former_slug("Sąd w Łodzi"), former_slug("Gerichts­gutachter")
    ('stra-e', 'sad-w-odzi', 'gerichts-gutachter')
    """
    text = unicodedata.normalize("NFKD", label)
    return _dashed("".join(ch for ch in text if not characters.combining(ch)))


def _dashed(text: str) -> str:
    """``text``, decomposed and without its accents, as a slug: apostrophes dropped,
    lowercase, runs of other characters turned into ``-``, ends trimmed."""
    text = _APOSTROPHES.sub("", text).lower()
    return _OTHER.sub("-", text).strip("-")


def numbered(base: str, taken: set[str]) -> str:
    """``base``, or ``base`` numbered (``base-2``, ``base-3``, ...) when it is in
    ``taken``, which then holds it: as a system numbers its unknown elements.

    >>> taken = {"unknown-tools"}
    >>> numbered("unknown-tools", taken), numbered("unknown-tools", taken)
    ('unknown-tools-2', 'unknown-tools-3')
    """
    made, n = base, 1
    while made in taken:
        n += 1
        made = f"{base}-{n}"
    taken.add(made)
    return made


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid id: lowercase letters, digits, ``-`` and ``_``."""
    return bool(_SLUG.fullmatch(text))


def squashed(text: str) -> str:
    """``text`` in lower case with only its letters and digits (as of
    :data:`~activity_systems.model.characters.UNICODE_VERSION`): ``Co-ordination`` →
    ``coordination``."""
    return "".join(ch for ch in text.casefold() if characters.isalnum(ch))


#: The longest word that gets a fuzzy (difflib) search for its hint. No key, level or
#: id written by hand is near this long, and comparing a longer one with every candidate
#: (an unknown key of megabytes, pasted by mistake or sent on purpose) would take seconds
#: for a hint no one needs; such a word gets the list of known words alone.
LONGEST_HINTED = 1000

#: How many times as long as the longest candidate a word may be and still be matched
#: to a candidate that differs from it only in case and punctuation (at least
#: :data:`LONGEST_HINTED` characters): an id made from a label can be longer than that
#: (a rule quoted in full), and a reference to it written with its words apart is still
#: told the id, while an unknown key of megabytes is not even read through.
LONGEST_MATCHED_TIMES = 3

#: Words of one validation that get a fuzzy (difflib) search for their hint; later ones
#: only get a candidate that differs from them in case and punctuation. Comfortably more
#: than the 20 problems the command line shows, and it keeps a file with thousands of
#: misspelt references from comparing each with every id (quadratic time).
FUZZY_HINTS = 50


class Budget:
    """The fuzzy searches left to one validation, shared by its :class:`Hints`.

    >>> budget = Budget(1)
    >>> budget.spend(), budget.spend()
    (True, False)
    """

    def __init__(self, searches: int = FUZZY_HINTS) -> None:
        self.left: int = searches

    def spend(self) -> bool:
        """True, taking one search, while searches are left."""
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class Hints:
    """Hints for words against one set of candidates, built once for many words.

    Without a :class:`Budget` every word is searched; with one, words after the budget
    is spent get only a candidate that differs from them in case and punctuation, and
    otherwise no hint (the same file always gives the same messages).

    >>> hints = Hints(["targets", "request"], budget=Budget(1))
    >>> hints.did_you_mean("targts"), hints.did_you_mean("Request"), hints.did_you_mean("x")
    (" (did you mean 'targets'?)", " (did you mean 'request'?)", '')
    """

    def __init__(self, candidates: Iterable[str], *, budget: Budget | None = None) -> None:
        self.options: list[str] = sorted(set(candidates))
        self._by_squashed: dict[str, str] = {}
        for option in self.options:
            self._by_squashed.setdefault(squashed(option), option)
        self._squashed_options = list(self._by_squashed)
        longest = max(map(len, self.options), default=0)
        self._longest_matched = max(LONGEST_HINTED, LONGEST_MATCHED_TIMES * longest)
        self._budget = budget
        self._found: dict[str, str | None] = {}  # each word searched once

    def _exact(self, word: str) -> str | None:
        """The candidate that differs from ``word`` only in case and punctuation."""
        if len(word) > self._longest_matched:
            return None
        key = squashed(word)
        return self._by_squashed.get(key) if key else None

    def _fuzzy(self, word: str) -> str | None:
        """The most similar candidate, as written or else squashed, if any is close."""
        matches = difflib.get_close_matches(word, self.options, n=1, cutoff=0.6)
        if matches:
            return matches[0]
        key = squashed(word)
        if not key:
            return None
        matches = difflib.get_close_matches(key, self._squashed_options, n=1, cutoff=0.6)
        return self._by_squashed[matches[0]] if matches else None

    def _searched(self, word: str) -> bool:
        """Whether ``word`` is searched: always when it has been, so that a word met in
        many places gets the same hint at each, and otherwise while the budget lasts."""
        return word in self._found or self._budget is None or self._budget.spend()

    def _found_fuzzy(self, word: str) -> str | None:
        if word not in self._found:
            self._found[word] = self._fuzzy(word)
        return self._found[word]

    def closest(self, word: str) -> str | None:
        """As :func:`closest`, within the budget."""
        exact = self._exact(word)
        if exact is not None:
            return exact
        if len(word) > LONGEST_HINTED:
            return None
        return self._found_fuzzy(word) if self._searched(word) else None

    def did_you_mean(self, word: str) -> str:
        """As :func:`did_you_mean`, within the budget: past it, only an exact hint."""
        exact = self._exact(word)
        if exact is not None:
            return f" (did you mean {exact!r}?)"
        if len(word) <= LONGEST_HINTED:
            if not self._searched(word):
                return ""
            best = self._found_fuzzy(word)
            if best is not None:
                return f" (did you mean {best!r}?)"
        options = self.options
        if not options:
            return ""
        cut = 8 if len(options) > 9 else 9  # '… 1 more' would take the room of the one
        shown = ", ".join(repr(o) for o in options[:cut])
        more = f", … {len(options) - cut} more" if len(options) > cut else ""
        return f" (known: {shown}{more})"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, or ``None`` when none is close.

    A candidate that differs from ``word`` only in case and punctuation is the closest;
    otherwise the most similar, as written or else in lower case without punctuation.

    >>> closest("Co-ordination", ["cooperation", "coordination", "linkage"])
    'coordination'
    >>> closest("FULL INTEGRATON", ["full-integration", "full-segregation"])
    'full-integration'
    """
    return Hints(candidates).closest(word)


#: The scales whose values are levels in order, which a group counts: Engeström's four
#: levels of contradiction, and the Scale of Organisational Integration from 1
#: (full segregation) to 5 (full integration), as Ahgren & Axelsson number it.
_SCALES = (
    ("primary", "secondary", "tertiary", "quaternary"),
    ("full-segregation", "linkage", "coordination", "cooperation", "full-integration"),
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth")
_SUFFIXED = re.compile(r"([1-9])(?:st|nd|rd|th)?")


def numbered_level(word: str, candidates: Iterable[str]) -> str | None:
    """The level of a scale that ``word`` numbers (``2``, ``2nd`` or ``second`` is the
    second), when ``candidates`` are one of the scales counted in order; else ``None``.

    >>> numbered_level("2", ["primary", "secondary", "tertiary", "quaternary"])
    'secondary'
    >>> numbered_level("3rd", ["full-segregation", "linkage", "coordination", "cooperation",
    ...                        "full-integration"])
    'coordination'
    >>> numbered_level("2", ["planned", "in-progress", "done", "dropped"]) is None
    True
    """
    scale = tuple(candidates)
    if scale not in _SCALES:
        return None
    text = word.strip().casefold()
    number = _SUFFIXED.fullmatch(text)
    place = int(number[1]) if number else (_ORDINALS.index(text) + 1 if text in _ORDINALS else 0)
    return scale[place - 1] if 0 < place <= len(scale) else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` when a candidate is close, else a list of a few options.

    >>> did_you_mean("deadline", ["label", "time_limit", "withholds"])
    " (known: 'label', 'time_limit', 'withholds')"
    >>> did_you_mean("x", [f"key{n}" for n in range(10)])
    " (known: 'key0', 'key1', 'key2', 'key3', 'key4', 'key5', 'key6', 'key7', … 2 more)"
    >>> did_you_mean("x", [f"key{n}" for n in range(9)]).endswith("'key8')")
    True
    """
    return Hints(candidates).did_you_mean(word)
