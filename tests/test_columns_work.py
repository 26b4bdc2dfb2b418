"""The columns of a text are counted by looking only at its characters outside ASCII,
each of which takes one column: a report of 40,000 findings, whose curly quotes made
every character of its text be looked up in Unicode's tables, took 12 s to print."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activity_systems import columns


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    char_columns = columns.char_columns

    def counting(ch: str) -> int:
        seen.append(ch)
        return char_columns(ch)

    monkeypatch.setattr(columns, "char_columns", counting)
    return seen


def test_only_the_characters_outside_ascii_are_looked_up(looked_up: list[str]) -> None:
    text = "“Written report” (court.report) takes 4–8 weeks. " * 40
    assert columns.display_width(text) == len(text)
    assert sorted(looked_up) == ["–", "“", "”"]  # each once, not once a time written


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("“精神病学” report", 17),  # two wide characters among narrow ones
        ("e\u0301quipe\u200b", 6),  # a combining mark and a format character take none
        ("tab\there", 8),
        ("", 0),
    ],
)
def test_the_count_is_that_of_each_character(text: str, width: int) -> None:
    assert columns.display_width(text) == width == sum(map(columns.char_columns, text))


def test_wrapping_a_long_text_works_a_line_not_a_word_at_a_time() -> None:
    # a report of 20,000 findings wrapped each word and each space of its text in Python
    # (textwrap's way), most of the time the report took to print
    from line_counting import lines_executed

    text = " ".join(["word"] * 2000)  # 10,000 columns: about 170 lines of 60
    lines = columns.wrap(text, 60, "  ", "    ")
    assert len(lines) > 150
    assert lines_executed(lambda: columns.wrap(text, 60, "  ", "    ")) < 10 * len(lines)


@pytest.mark.parametrize(
    ("text", "width", "indent", "hanging"),
    [
        ("The court needs it within three weeks.", 20, "", None),
        ("The court needs it within three weeks.", 20, "  ", "    "),
        ("a " + "x" * 30 + " b c", 10, "  ", None),  # a word longer than a line, alone
        ("x" * 30, 10, "", None),
        ("exactly ten", 11, "", None),
        ("exactly tens", 11, "", None),
        ("two  spaces and  more", 8, "", None),  # not single-spaced: textwrap's way
        (" leading and trailing ", 8, "", None),
        ("“Curly” quotes take one column each", 12, "- ", "  "),
        ("", 10, "  ", None),
    ],
)
def test_lines_are_those_textwrap_gives(
    text: str, width: int, indent: str, hanging: str | None
) -> None:
    import textwrap

    expected = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    assert columns.wrap(text, width, indent, hanging) == expected


@given(
    words=st.lists(st.sampled_from(["a", "bb", "court", "x" * 12, "y" * 40, "“q”", "4–8"])),
    width=st.integers(1, 50),
    indent=st.sampled_from(["", "  ", "     ", "  - "]),
    hanging=st.sampled_from([None, "", "    ", "       "]),
)
def test_any_single_spaced_text_wraps_as_textwrap_wraps_it(
    words: list[str], width: int, indent: str, hanging: str | None
) -> None:
    import textwrap

    text = " ".join(words)
    subsequent = indent if hanging is None else hanging
    if width <= max(len(indent), len(subsequent)):
        return  # textwrap refuses a line with no column left for the text
    expected = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    assert columns.wrap(text, width, indent, hanging) == expected


#: Characters that wrapping must not mistake for a space or a column: blanks that are no
#: ASCII space (no-break, ideographic, Ogham, the line separator), a tab and a newline, a
#: soft hyphen, zero-width space and joiners, a combining mark, right-to-left letters and
#: marks, wide Chinese and an emoji, curly quotes, a hyphen.
_AWKWARD = [
    " ", "\u00a0", "\u3000", "\u1680", "\u2028", "\t", "\n", "\u00ad", "\u200b",
    "\u200c", "\u200d", "\u0301", "\u05d0", "\u202e", "中", "😀", "“", "-", "x", "é",
]  # fmt: skip


_AWKWARD_CHARACTERS = st.one_of(st.sampled_from(_AWKWARD), st.characters(exclude_categories=["Cs"]))
#: Words mostly of letters, which take the quick way, some with an awkward character.
_WORDS = st.lists(
    st.one_of(
        *[st.text(st.sampled_from("abcdefghij"), min_size=1, max_size=15)] * 8,
        st.text(_AWKWARD_CHARACTERS, min_size=1, max_size=3),
    ),
    max_size=30,
)


@given(
    text=st.one_of(
        st.text(_AWKWARD_CHARACTERS),
        st.text(st.sampled_from("abc  ")),
        _WORDS.map(" ".join),  # a word's own blanks may double, lead or end a space
        _WORDS.map(lambda words: " ".join(word.replace(" ", "") or "x" for word in words)),
    ),
    width=st.integers(1, 30),
    indent=st.sampled_from(["", " ", "  ", "  - ", "中"]),
    hanging=st.sampled_from([None, "", "    ", "é "]),
)
def test_any_text_of_a_column_a_character_wraps_as_textwrap_wraps_it(
    text: str, width: int, indent: str, hanging: str | None
) -> None:
    # the quick way of single-spaced text against textwrap's, on any text that either
    # may take: leading, trailing and doubled spaces, words longer than the line
    import textwrap

    subsequent = indent if hanging is None else hanging
    one_column_each = all(columns.char_columns(ch) == 1 for ch in text)
    if not one_column_each or width <= max(len(indent), len(subsequent)):
        return
    expected = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    assert columns.wrap(text, width, indent, hanging) == expected


@pytest.mark.parametrize(
    "text",
    [
        "中中中中 a\u0301\u0301\u0301\u0301",  # as many characters as columns, but not one each
        "日本語日本語" + "\u200b" * 6,
    ],
)
def test_wide_characters_are_not_wrapped_as_one_column_each(text: str) -> None:
    # two wide characters and two that take none are as many columns as characters,
    # which does not make each character one column
    assert columns.display_width(text) == len(text)
    lines = columns.wrap(text, 6, "", "")
    assert all(columns.display_width(line) <= 6 for line in lines), lines
