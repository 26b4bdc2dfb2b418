"""Markdown's escaping looks for web and email addresses only in a text that can hold
one: a report of 20,000 findings, whose every text was searched at each of its
characters for the start of an address, took three seconds to write as Markdown."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activity_systems import markdown_escaping


class _Counting:
    """A compiled expression that counts the texts it is asked to search."""

    def __init__(self, pattern: re.Pattern[str], searched: list[str]) -> None:
        self.pattern, self.searched = pattern, searched

    def finditer(self, text: str, *args: Any) -> Any:
        self.searched.append(text)
        return self.pattern.finditer(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    for name in ("_URL_START", "_EMAIL"):
        pattern = getattr(markdown_escaping, name)
        monkeypatch.setattr(markdown_escaping, name, _Counting(pattern, texts))
    return texts


def test_a_text_without_an_address_is_not_searched_for_one(searched: list[str]) -> None:
    text = "“Written report” (court.report) takes 4–8 weeks_ [see *notes*]"
    assert markdown_escaping.escape(text) == markdown_escaping._escape(text)
    assert searched == []


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("See https://example.org/court_reports", "See <https://example.org/court_reports>"),
        ("See www.example.org", "See <http://www.example.org>"),
        ("Write to first_last@nhs.net", "Write to <first_last@nhs.net>"),
        ("FTP://example.org/a", "<FTP://example.org/a>"),
    ],
)
def test_a_text_that_may_hold_an_address_is_still_searched(
    searched: list[str], text: str, escaped: str
) -> None:
    assert markdown_escaping.escape(text) == escaped
    assert searched


_NEAR_ADDRESSES = st.one_of(
    st.sampled_from(["www.", "WWW.", "ww.", "://", ":/", "@", "mailto:", "HTTP://", "ftp"]),
    st.sampled_from(
        ["https", "x.org", "a_b@nhs.net", "bücher.de", "é", "a", ".", " ", "(", "_", "*", "~"]
    ),
    st.characters(exclude_categories=["Cs"]),
)


@given(st.lists(_NEAR_ADDRESSES, max_size=20).map("".join))
def test_a_text_is_escaped_as_the_search_for_addresses_escapes_it(text: str) -> None:
    # uppercase "WWW.", "mailto:", "HTTP://", an address after a letter outside ASCII,
    # an international domain: the same escaping with or without the search, which an
    # " @ ://" after it makes sure of, and which links nothing itself
    searched = markdown_escaping.escape_inline(text + " @ ://")
    assert searched.endswith(" @ ://")
    assert markdown_escaping.escape_inline(text) == searched[: -len(" @ ://")]
    if "://" not in text and "www." not in text and "@" not in text:
        assert not [
            *markdown_escaping._URL_START.finditer(text),
            *markdown_escaping._EMAIL.finditer(text),
        ]
