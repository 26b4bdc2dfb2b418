"""The columns of a text are counted by looking only at its characters outside ASCII,
each of which takes one column: a report of 40,000 findings, whose curly quotes made
every character of its text be looked up in Unicode's tables, took 12 s to print."""

from __future__ import annotations

import pytest

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
    assert sorted(set(looked_up)) == ["–", "“", "”"]
    assert len(looked_up) == 3 * 40


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
