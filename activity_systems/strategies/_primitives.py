"""The small parts every strategy draws: ids, labels, text, content items, value tags."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any, TypeVar

from hypothesis import strategies as st

from activity_systems.model import LEVELS, UNKNOWN_LABEL, IntegrationLevel
from activity_systems.model.actions import ACTION_STATUSES
from activity_systems.model.slugs import numbered
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
_STATUS = st.sampled_from(ACTION_STATUSES)
_MAYBE_DATE = st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31))


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    """One of ``items``; shrinks toward the first. One choice, even from one item: what a
    strategy draws should not depend on how many items other parts of a case have, or
    shrinking those parts would shift the choices drawn after this one."""
    return items[draw(st.integers(0, len(items) - 1))]


def _unique(
    draw: st.DrawFn, count: int, ids: st.SearchStrategy[str], taken: Iterable[str] = ()
) -> list[str]:
    """``count`` distinct ids, none of them in ``taken``: a repeat is numbered (see
    :func:`~activity_systems.model.slugs.numbered`) rather than drawn again, so nothing
    is rejected."""
    seen = set(taken)
    return [numbered(draw(ids), seen) for _ in range(count)]


def _some(draw: st.DrawFn, items: Iterable[T]) -> list[T]:
    """A sub-list of ``items`` in their order; shrinks toward the empty list.

    One choice (a bit mask), even from no items, rather than one per item: when
    shrinking removes one of the items, the choices drawn after this one still line up
    with what they drew before.
    """
    pool = list(items)
    mask = draw(st.integers(0, (1 << len(pool)) - 1))
    return [item for i, item in enumerate(pool) if mask >> i & 1]


#: The ``make`` functions of the lists being drawn, innermost last (lists nest: a case's
#: systems hold lists of elements). Per thread, as tests may run in threads.
_MAKERS = threading.local()
_SKIP, _END = object(), object()


@st.composite
def _slot(draw: st.DrawFn, marker: st.SearchStrategy[int] | None, end: int) -> Any:
    """An item of the innermost list being drawn, or ``_SKIP`` (no item here), or
    ``_END`` (no more items). The marker is drawn inside the slot's span, and its
    simplest value skips: the shrinker drops an item anywhere in a list by replacing its
    span with the simplest one, and the items after it keep their choices."""
    if marker is not None:
        choice = draw(marker)
        if choice == 0:
            return _SKIP
        if choice == end:
            return _END
    make: Callable[[st.DrawFn], Any] = _MAKERS.stack[-1]
    return make(draw)


_REQUIRED = _slot(None, 0)


@cache
def _optional(slots: int) -> st.SearchStrategy[Any]:
    """A slot of a list with ``slots`` optional items: skipped, the end, or an item. The
    chances (1 in ``slots + 3`` to skip, and to end) spread the number of items over
    the whole range: about a quarter each for 0, 1, 2 and 3 of three slots, a third each
    for 0, 1 and 2 of two."""
    return _slot(st.integers(0, slots + 2), slots + 2)


def _draw_list(
    draw: st.DrawFn, make: Callable[[st.DrawFn], T], *, min_size: int = 0, max_size: int
) -> list[T]:
    """``min_size`` to ``max_size`` items that ``make`` draws, each in one piece.

    ``max_size - min_size`` optional slots come first, then ``min_size`` items; the
    number of items is never drawn apart from the items. Each item is drawn with
    everything that belongs to it (its id included), so that shrinking can drop one by
    changing one stretch of choices. ``make`` is called in order and may look at the
    items before it (to keep ids unique, or to refer to them). The slot strategies are
    built once and find ``make`` on a stack: building a strategy inside a draw costs more
    than the draw.
    """
    stack: list[Callable[[st.DrawFn], Any]] | None = getattr(_MAKERS, "stack", None)
    if stack is None:
        stack = _MAKERS.stack = []
    slots = max_size - min_size
    items: list[T] = []
    stack.append(make)
    try:
        for _ in range(slots):
            item = draw(_optional(slots))
            if item is _END:
                break
            if item is not _SKIP:
                items.append(item)
        items.extend(draw(_REQUIRED) for _ in range(min_size))
    finally:
        stack.pop()
    return items


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
