"""A case's texts found in a page in time that grows with the page, as the regular
expression of ``pattern`` finds them: the same texts, at the same places."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from activity_systems import right_to_left
from activity_systems.handouts.languages import mark_language
from activity_systems.right_to_left import (
    _WRAPPED_SPACE,
    IN_WORD,
    TextFinder,
    _isolated_lines,
    _led,
    is_right_to_left,
    isolate_text,
    pattern,
)
from activity_systems.right_to_left_html import isolate_right_to_left

#: letters (Latin, Arabic, Hebrew), a vowel sign and a digit (within a word), and
#: what is not (a space, punctuation, a line break, the start of an entity)
_LETTERS = "xyبנ\u064b7_ -؛\n&;'"
#: a few words and other characters, so that texts hold one another and start alike
_PIECES = ["x", "y", "xy", "ب", "ب\u064b", " ", "-", "&", "\n"]
_WORD = re.compile(f"[{IN_WORD}]")


def _reference(texts: list[str], text: str) -> list[tuple[int, int]]:
    """Where ``texts`` stand in ``text``, found the simplest way: from each place, the
    longest of them that starts and ends there other than between two letters of a
    word; then on after it."""

    def edge(at: int) -> bool:
        inside = 0 < at < len(text) and _WORD.match(text[at - 1]) and _WORD.match(text[at])
        return not inside

    found, at = [], 0
    longest_first = sorted({t for t in texts if t}, key=len, reverse=True)
    while at < len(text):
        end = None
        if edge(at):
            end = next(
                (
                    at + len(t)
                    for t in longest_first
                    if text.startswith(t, at) and edge(at + len(t))
                ),
                None,
            )
        if end is None:
            at += 1
        else:
            found.append((at, end))
            at = end
    return found


def _marked(match: re.Match[str]) -> str:
    return f"[{match.start()}:{match[0]}]"


texts_strategy = st.lists(
    st.one_of(
        st.text(_LETTERS, min_size=1, max_size=6),
        st.lists(st.sampled_from(_PIECES), min_size=1, max_size=7).map("".join),
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def texts_and_page(draw: st.DrawFn) -> tuple[list[str], str]:
    """Texts, and a page made of them, of their pieces and of other characters."""
    texts = draw(texts_strategy)
    pieces = st.one_of(
        st.sampled_from(texts), st.sampled_from(_PIECES), st.text(_LETTERS, max_size=3)
    )
    return texts, "".join(draw(st.lists(pieces, max_size=12)))


@settings(max_examples=1000, deadline=None)
@given(case=texts_and_page())
@example(case=(["ب-", "- ب", "--x", "-y--", "بx"], "x-ب-y--بy "))  # a text inside another
def test_finds_what_the_simple_search_and_the_pattern_find(case: tuple[list[str], str]) -> None:
    texts, text = case
    expected = "".join(
        f"[{start}:{text[start:end]}]" if index % 2 else text[start:end]
        for index, (start, end) in enumerate(_pieces(_reference(texts, text), len(text)))
    )
    assert TextFinder(texts).sub(_marked, text) == expected
    assert pattern(texts).sub(_marked, text) == expected


def _pieces(found: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches between what was found and what was found, in turn."""
    pieces, done = [], 0
    for start, end in found:
        pieces += [(done, start), (start, end)]
        done = end
    return [*pieces, (done, length)]


def test_a_run_of_words_that_a_longer_text_starts_with_is_read_once() -> None:
    # "x x x …" on the page, a text "x x … y": a regular expression walks the run again
    # from each of its words; the steps here grow with the page, not its square
    steps = {}
    for words in (1_000, 2_000, 4_000):
        finder = TextFinder(["x " * (words // 2) + "ي"])
        page = "x " * words
        assert finder.sub(_marked, page) == page
        steps[words] = finder.steps
        assert finder.steps <= 2 * len(page)
    assert steps[4_000] <= 2 * steps[2_000] <= 4 * steps[1_000]


def test_a_hostile_page_is_marked_as_before() -> None:
    page = "<p>" + "x " * 200 + "</p><p>" + "x " * 100 + "ي</p>"
    texts = ["x " * 100 + "ي"]
    assert isolate_right_to_left(page, texts) == (
        "<p>" + "x " * 200 + "</p><p><bdi>" + "x " * 100 + "ي</bdi></p>"
    )
    welsh = '<html lang="cy">' + page
    marked = mark_language(welsh, ["x " * 100 + "y", "x"], "en", texts)
    assert marked.count('<span lang="en">x</span>') == 200
    assert marked.endswith('<p><bdi lang="en">' + "x " * 100 + "ي</bdi></p>")


# --- a terminal's text (``check``, ``compare``): texts wrapped over lines -------------

#: pieces of a wrapped page: words, spaces, line breaks with and without an indent
_WRAPPED_PIECES = ["x", "y", "xy", "ب", "ب\u064b", "ש", "7", " ", "  ", "-", "(", "“", "\n", "\n  "]


@st.composite
def texts_and_wrapped_page(draw: st.DrawFn) -> tuple[list[str], str]:
    """Texts as a case holds them, and a page made of them, wrapped: each space of a text
    on the page a space, a line break, or a line break and an indent, or two spaces."""
    texts = draw(
        st.lists(
            st.lists(st.sampled_from(_WRAPPED_PIECES), min_size=1, max_size=7).map("".join),
            min_size=1,
            max_size=6,
        )
    )
    spaces = st.sampled_from([" ", " ", "\n", "\n ", "\n   ", "  ", " \n"])

    def wrapped(text: str) -> str:
        words = text.split()
        return "".join(w + draw(spaces) for w in words[:-1]) + (words[-1] if words else text)

    pieces = st.one_of(
        st.sampled_from(texts).map(wrapped),
        st.sampled_from(_WRAPPED_PIECES),
        st.text("xyبש -؛\n(", max_size=3),
    )
    return texts, "".join(draw(st.lists(pieces, max_size=12)))


def _isolated_by_pattern(text: str, texts: list[str]) -> str:
    """``isolate_text`` as it was written with the regular expression of ``pattern``."""
    wanted = sorted({" ".join(t.split()) for t in texts if t and is_right_to_left(t)})
    if not wanted:
        return text
    isolated = pattern(wanted, space=_WRAPPED_SPACE).sub(_isolated_lines, text)
    return "\n".join(_led(line) for line in isolated.split("\n"))


@settings(max_examples=1000, deadline=None)
@given(case=texts_and_wrapped_page())
@example(case=(["x ب"], "x\n  ب x  ب x \nب x\nب"))  # wrapped, with and without an indent
@example(case=(["ب x", "ب x y"], "ب\nx\n y ب x-"))  # the longer one across the break
def test_wrapped_texts_are_found_as_the_pattern_finds_them(
    case: tuple[list[str], str],
) -> None:
    texts, page = case
    wanted = sorted({" ".join(t.split()) for t in texts if t.split()})  # as isolate_text has them
    if wanted:  # no text: the pattern finds the empty one everywhere, isolate_text looks for none
        assert TextFinder(wanted, wrapped=True).sub(_marked, page) == pattern(
            wanted, space=_WRAPPED_SPACE
        ).sub(_marked, page)
    assert isolate_text(page, texts) == _isolated_by_pattern(page, texts)


def test_a_wrapped_run_of_words_that_a_longer_text_starts_with_is_read_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a note of "x x x …" wrapped over lines, a description "x x … ج": the regular
    # expression walked the run again from each of its words (16.9 s for a text report
    # of 64,000 words); the steps here grow with the page, not its square
    finders: list[TextFinder] = []

    class Counted(TextFinder):
        def __init__(self, texts: Iterable[str], *, wrapped: bool = False) -> None:
            super().__init__(texts, wrapped=wrapped)
            finders.append(self)

    monkeypatch.setattr(right_to_left, "TextFinder", Counted)
    steps = {}
    for words in (1_000, 2_000, 4_000):
        page = "\n".join("  " + "x " * 9 + "x" for _ in range(words // 10)) + "\n-ج"
        text = "x " * (words // 2) + "ج"
        assert isolate_text(page, [text]) == page
        steps[words] = finders[-1].steps
        assert finders[-1].steps <= 2 * len(page)
    assert steps[4_000] <= 2 * steps[2_000] <= 4 * steps[1_000]
