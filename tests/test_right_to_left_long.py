"""Looking for right-to-left letters in a long text (a figure's SVG) looks only at its
characters outside ASCII, and finds what looking at every character finds."""

from __future__ import annotations

import re

import pytest

from activity_systems import right_to_left
from activity_systems.model import characters
from activity_systems.right_to_left import is_right_to_left


def _every_character(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter, each character looked up."""
    return any(characters.bidirectional(c) in ("R", "AL") for c in text)


# a line of a figure's SVG: ASCII, with an arrow, a bullet and a multiplication sign
_LINE = '<text x="1" y="2">• Court → Ward ×2 “report” – 3 weeks</text>\n'


@pytest.mark.parametrize(
    "text",
    [
        _LINE * 2_000,
        _LINE * 1_000 + "<text>• طلب (R-12)</text>\n" + _LINE * 1_000,
        _LINE * 2_000 + "שלום",
        "ש" + _LINE * 2_000,
        _LINE * 1_000 + "Court \u200f" + _LINE * 1_000,  # a RIGHT-TO-LEFT MARK
        _LINE * 1_000 + "\U00010900" + _LINE * 1_000,  # a Phoenician letter, outside the BMP
        _LINE * 1_000 + "\ud802" + _LINE * 1_000,  # a lone surrogate, not a letter
        _LINE * 1_000 + "\u0660\u0661" + _LINE * 1_000,  # Arabic-Indic digits: AN, not AL
        "x" * 10_000 + "ש",  # just past the length that takes the short way
        "x" * 9_999 + "ש",
    ],
)
def test_long_text_finds_what_every_character_finds(text: str) -> None:
    assert is_right_to_left(text) == _every_character(text)


def test_long_text_looks_at_its_characters_outside_ascii_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked_at: list[int] = []
    blocks = right_to_left._BLOCKS

    class Counting:
        def finditer(self, text: str) -> object:
            looked_at.append(len(text))
            return blocks.finditer(text)

    monkeypatch.setattr(right_to_left, "_BLOCKS", Counting())
    text = _LINE * 2_000  # 120,000 characters, 10,000 of them outside ASCII
    assert not is_right_to_left(text)
    outside = len(re.findall(r"[^\x00-\x7f]", text))
    assert looked_at == [outside]
