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
