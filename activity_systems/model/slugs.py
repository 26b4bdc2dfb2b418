"""Slugs: the ids of elements, systems, exchanges, value tags and content items.

>>> slugify("Consultant's report")
'consultants-report'
>>> slugify("  Défense  lawyers! ")
'defense-lawyers'
>>> closest("targts", ["targets", "request", "liaison"])
'targets'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc]")
_OTHER = re.compile(r"[^a-z0-9]+")


def slugify(label: str) -> str:
    """Slug of a label: accents stripped, apostrophes dropped, lowercase, runs of other
    characters turned into ``-``, ends trimmed (DESIGN §9)."""
    text = label
    if not text.isascii():  # ASCII is already decomposed and has no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).lower()
    return _OTHER.sub("-", text).strip("-")


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid id: lowercase letters, digits, ``-`` and ``_``."""
    return bool(_SLUG.fullmatch(text))


def squashed(text: str) -> str:
    """``text`` in lower case with only its letters and digits: ``Co-ordination`` →
    ``coordination``."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, or ``None`` when none is close.

    A candidate that differs from ``word`` only in case and punctuation is the closest;
    otherwise the most similar, as written or else in lower case without punctuation.

    >>> closest("Co-ordination", ["cooperation", "coordination", "linkage"])
    'coordination'
    >>> closest("FULL INTEGRATON", ["full-integration", "full-segregation"])
    'full-integration'
    """
    options = sorted(set(candidates))
    by_squashed: dict[str, str] = {}
    for option in options:
        by_squashed.setdefault(squashed(option), option)
    key = squashed(word)
    if key and key in by_squashed:
        return by_squashed[key]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    matches = difflib.get_close_matches(key, list(by_squashed), n=1, cutoff=0.6) if key else []
    return by_squashed[matches[0]] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` when a candidate is close, else a list of a few options.

    >>> did_you_mean("deadline", ["label", "time_limit", "withholds"])
    " (known: 'label', 'time_limit', 'withholds')"
    >>> did_you_mean("x", [f"key{n}" for n in range(10)])
    " (known: 'key0', 'key1', 'key2', 'key3', 'key4', 'key5', 'key6', 'key7', … 2 more)"
    >>> did_you_mean("x", [f"key{n}" for n in range(9)]).endswith("'key8')")
    True
    """
    options = sorted(set(candidates))
    best = closest(word, options)
    if best is not None:
        return f" (did you mean {best!r}?)"
    if not options:
        return ""
    cut = 8 if len(options) > 9 else 9  # '… 1 more' would take the room of the one
    shown = ", ".join(repr(o) for o in options[:cut])
    more = f", … {len(options) - cut} more" if len(options) > cut else ""
    return f" (known: {shown}{more})"
