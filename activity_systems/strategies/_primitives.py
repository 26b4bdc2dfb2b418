"""The small parts every strategy draws: ids, labels, text, content items, value tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import TypeVar

from hypothesis import strategies as st

from activity_systems.model import LEVELS, UNKNOWN_LABEL, IntegrationLevel
from activity_systems.model.actions import ACTION_STATUSES
from activity_systems.strategies._arguments import _check_bool
from activity_systems.vocab import shipped_vocabulary

T = TypeVar("T")

_BASES = ("core", "statutory", "contracted", "voluntary", "private-consultancy", "over-workload")
#: Content items that reports carry and courts expect; shared so that expects and provides meet.
_CONTENT_ITEMS = (
    "diagnosis",
    "offence-illness-link",
    "sentencing-advice",
    "treatment-recommendation",
    "medical-history",
    "risk-assessment",
)
_SECTORS = ("MHS", "CJS", "Social care", "Prison health care")

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
# Printable ASCII (which holds the characters that DOT, HTML, YAML and Markdown treat
# specially) and a sample of the rest of Unicode: accents, a combining mark, typographic
# quotes and dashes, Greek, Cyrillic, CJK, Hangul, Arabic, an emoji, a no-break space and
# a right-to-left mark. Drawing from all of Unicode's letter and symbol categories costs
# several times more per character and finds little more.
_UNICODE_SAMPLE = "éüßøÅçñ\u0301’‘“”–—…•€£§°±×½αΩЖж中文字한글مرحبا🙂🧠\u00a0\u200f"
_LABEL_START = st.characters(
    min_codepoint=0x21, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE.replace("\u00a0", "")
)
_LABEL_REST = st.characters(
    min_codepoint=0x20, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE
)
_TEXT_CHARS = st.characters(
    min_codepoint=0x20, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE + "\n\t"
)


@cache
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shipped value tags and their aliases, each sorted."""
    vocabulary = shipped_vocabulary()
    return tuple(sorted(vocabulary.tags)), tuple(sorted(vocabulary.aliases))


# Strategies are built once: building them inside a draw costs more than drawing from them.
_BOOL = st.booleans()
_SLUG_START = st.sampled_from(_ALNUM)
_SLUG_REST = st.text(alphabet=_ALNUM + "-_", max_size=7)
_LABEL_TAIL = st.text(_LABEL_REST, max_size=15)


# Composites rather than st.builds or st.tuples: those record each argument for
# Hypothesis's explain phase, which then replays the whole case hundreds of times per
# argument after a failure.
@st.composite
def _slugs(draw: st.DrawFn) -> str:
    """Short slugs; shrink toward "a"."""
    return (draw(_SLUG_START) + draw(_SLUG_REST)).rstrip("-_")


@st.composite
def _labels(draw: st.DrawFn, *, unknown: bool = False) -> str:
    """Printable one-line labels; shrink toward "0". ``"?"`` (unknown) when allowed,
    decided after drawing the text: were it decided first, ``"?"`` would be the shorter
    choice sequence and so what shrinking prefers."""
    label = draw(_LABEL_START) + draw(_LABEL_TAIL)
    return UNKNOWN_LABEL if unknown and draw(_BOOL) else label


_ID = _slugs()
_LABEL = _labels()
_LABEL_OR_UNKNOWN = _labels(unknown=True)
_MAYBE_LABEL = st.none() | _LABEL
#: Optional free text, line breaks included; shrinks toward None.
_MAYBE_TEXT = st.none() | st.text(_TEXT_CHARS, max_size=40)
# Not unique=True: the models drop repeats themselves, and a unique list retries draws.
_CONTENT = st.lists(st.sampled_from(_CONTENT_ITEMS) | _ID, max_size=3).map(tuple)
_MAYBE_CONTENT = st.none() | _CONTENT
_KIND = st.sampled_from([None, "formal", "informal"])
_BASIS = st.sampled_from(_BASES)
_SECTOR = st.none() | st.sampled_from(_SECTORS)
_LEVEL = st.sampled_from(LEVELS)
_SOI = st.sampled_from(list(IntegrationLevel))
_RULE_IDS = st.sampled_from(["AS101", "AS201", "AS301", "AS401", "AS000", "ORG101"])
_STATUS = st.sampled_from(ACTION_STATUSES)
_MAYBE_DATE = st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31))


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    """One of ``items``; shrinks toward the first."""
    return items[draw(st.integers(0, len(items) - 1))] if len(items) > 1 else items[0]


def _unique(
    draw: st.DrawFn, count: int, ids: st.SearchStrategy[str], taken: Iterable[str] = ()
) -> list[str]:
    """``count`` distinct ids, none of them in ``taken``: a repeat gets a suffix (``a``,
    ``a-2``) rather than being drawn again, so that nothing is rejected."""
    seen = set(taken)
    chosen: list[str] = []
    for _ in range(count):
        base = candidate = draw(ids)
        suffix = 1
        while candidate in seen:
            suffix += 1
            candidate = f"{base}-{suffix}"
        seen.add(candidate)
        chosen.append(candidate)
    return chosen


def _some(draw: st.DrawFn, items: Iterable[T]) -> list[T]:
    """A sub-list of ``items`` in their order; shrinks toward the empty list."""
    return [item for item in items if draw(_BOOL)]


def value_tags(*, allow_aliases: bool = True, allow_unknown: bool = True) -> st.SearchStrategy[str]:
    """Value tags: the shipped vocabulary (``treatment``, ``punishment``, …), its aliases
    (``care``, ``discipline``) and, when allowed, tags in no tension (any slug).

    Shrinks toward the first tag of the vocabulary in alphabetical order.
    """
    _check_bool("allow_aliases", allow_aliases)
    _check_bool("allow_unknown", allow_unknown)
    tags, aliases = _vocabulary()
    options: list[st.SearchStrategy[str]] = [st.sampled_from(tags)]
    if allow_aliases:
        options.append(st.sampled_from(aliases))
    if allow_unknown:
        options.append(_ID)
    return st.one_of(options)


def _value_sets(tags: st.SearchStrategy[str] | None) -> st.SearchStrategy[tuple[str, ...]]:
    if tags is None:
        return st.just(())
    return st.lists(tags, max_size=3).map(tuple)
