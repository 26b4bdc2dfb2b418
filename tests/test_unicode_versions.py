"""The same case gives the same bytes on each supported Python, whose Unicode databases
differ: Python 3.11 has Unicode 14.0, 3.12 has 15.0 and 3.13 has 15.1.

A character that Unicode 15.0 or 15.1 added (a letter of Nag Mundari or Kawi, a mark,
an emoji) is unassigned on 3.11, which also measures every unassigned character as wide.
Asked of ``unicodedata`` directly, such a character made another id, another figure and
another handout on each Python; ``activity_systems.model.characters`` answers as Unicode
14.0 does on all of them. On Python 3.11 these tests pass without it; on 3.12 and 3.13
they fail without it.
"""

from __future__ import annotations

import unicodedata

import pytest

from activity_systems.columns import char_columns, display_width, wrap
from activity_systems.handouts.environment import css_string, css_words, md_code
from activity_systems.handouts.languages import mark_language
from activity_systems.markdown_escaping import escape_line
from activity_systems.model import characters
from activity_systems.model.slugs import former_slug, slugify, squashed
from activity_systems.render import labels
from activity_systems.render.labels import char_width, text_width
from activity_systems.right_to_left import FSI, LRM, PDI, is_right_to_left, isolate_markdown

ADDED = [chr(code) for first, last in characters.ADDED_AFTER for code in range(first, last + 1)]
#: How many code points Unicode 14.0 assigns (of a category other than Cn).
ASSIGNED_IN_14 = 284_278
KAWI_CANDRABINDU = "\U00011f00"  # a mark (Mn) since Unicode 15.0
CYRILLIC_I_ABOVE = "\U0001e08f"  # a combining mark (class 230) since Unicode 15.0
NAG_MUNDARI = "\U0001e4d0\U0001e4d1\U0001e4d2"  # letters (Lo) since Unicode 15.0
WIDE = char_width("\u4e2d")  # an ideograph


def test_the_characters_added_after_unicode_14_are_those_this_python_adds() -> None:
    """The table of characters added after Unicode 14.0 is right for this Python: its
    Unicode assigns them, or those of them its version had, and nothing else beyond 14.0.
    A Python with a later Unicode fails here until the table has what that adds."""
    version = unicodedata.unidata_version
    assert version in characters.KNOWN_VERSIONS, (
        f"this Python has Unicode {version}: add the characters it assigns beyond "
        f"{characters.KNOWN_VERSIONS[-1]} to activity_systems.model.characters.ADDED_AFTER, "
        "and the version to KNOWN_VERSIONS"
    )
    assigned = sum(1 for code in range(0x110000) if unicodedata.category(chr(code)) != "Cn")
    added_here = sum(1 for ch in ADDED if unicodedata.category(ch) != "Cn")
    assert assigned - added_here == ASSIGNED_IN_14
    assert (added_here == 0) == (version == characters.UNICODE_VERSION)
    if version == characters.KNOWN_VERSIONS[-1]:
        assert added_here == len(ADDED)


def test_a_mark_that_unicode_15_added_parts_an_id_as_on_python_3_11() -> None:
    assert slugify(f"Court{CYRILLIC_I_ABOVE}room") == "court-room"
    assert {slugify(f"a{ch}b") for ch in ADDED} == {"a-b"}


def test_a_letter_that_unicode_15_added_is_measured_as_on_python_3_11() -> None:
    assert {char_width(ch) for ch in ADDED} == {WIDE}
    assert text_width(NAG_MUNDARI) == text_width("\u4e2d\u4e2d\u4e2d")


@pytest.mark.parametrize("ch", [KAWI_CANDRABINDU, NAG_MUNDARI[0], "\U0001fae8", "\U0002ebf0"])
def test_a_character_that_unicode_15_added_is_escaped_in_a_handout_as_on_python_3_11(
    ch: str,
) -> None:
    code = f"{ord(ch):x}"
    assert css_string(ch) == f'"\\{code} "'
    assert css_words(f"x{ch}") == f'"x\\{code} "'
    assert md_code(f"AS101{ch}") == f"AS101{ch}"  # not as code: not printable in Unicode 14.0
    # not linked as a web address: no letter or digit of Unicode 14.0 follows https://
    assert escape_line(f"https://{ch}.example") == f"https://{ch}.example"
    assert escape_line("https://x.example") == "<https://x.example>"


def test_the_characters_of_unicode_14_are_as_unicodedata_says() -> None:
    for ch in ("a", "\u0301", "\u00ad", "\u4e2d", "\U0001f600", "\u0378", "\U000e0080"):
        assert characters.combining(ch) == unicodedata.combining(ch)
        assert characters.isalnum(ch) == ch.isalnum()
        assert characters.isprintable(ch) == ch.isprintable()
    assert characters.category("\u0378") == "Cn"
    assert characters.wide("\u0378")  # unassigned everywhere: measured wide on every Python


def test_a_letter_that_unicode_15_added_takes_two_columns_in_a_text_report_as_on_python_3_11() -> (
    None
):
    assert {char_columns(ch) for ch in ADDED} == {2}
    assert display_width(NAG_MUNDARI) == display_width("\u4e2d\u4e2d\u4e2d") == 6
    words = " ".join([NAG_MUNDARI + NAG_MUNDARI[0]] * 6)
    ideographs = " ".join(["\u4e2d" * 4] * 6)
    assert [len(line) for line in wrap(words, 20)] == [len(line) for line in wrap(ideographs, 20)]


def test_a_mark_that_unicode_15_added_parts_the_id_of_an_earlier_version_as_on_python_3_11() -> (
    None
):
    assert former_slug(f"Court{CYRILLIC_I_ABOVE}room") == "court-room"
    assert {former_slug(f"a{ch}b") for ch in ADDED} == {"a-b"}


def test_a_letter_that_unicode_15_added_leaves_the_direction_of_a_line_as_on_python_3_11() -> None:
    """A Nag Mundari letter has no direction in Unicode 14.0: the first letter of the
    line is the Hebrew one, which is isolated, so the line is led left to right."""
    line = f"{NAG_MUNDARI} \u2192 \u05d1\u05d9\u05ea\n"
    assert isolate_markdown(line, ["\u05d1\u05d9\u05ea"]) == (
        f"{NAG_MUNDARI} \u2192 {LRM}{FSI}\u05d1\u05d9\u05ea{PDI}\n"
    )


def test_a_text_of_letters_unicode_15_added_is_not_marked_with_its_language_as_on_python_3_11() -> (
    None
):
    html = f'<html lang="en"><body><p>{NAG_MUNDARI}</p></body></html>'
    assert mark_language(html, [NAG_MUNDARI], "unr") == html


def test_a_reference_in_letters_unicode_15_added_is_compared_as_on_python_3_11() -> None:
    """Whether an action names its finding's element wrongly (a warning of ``check``)
    and the hints of a misspelt key compare words by their letters and digits: a Nag
    Mundari letter is none in Unicode 14.0, on every Python."""
    assert squashed(f"Court {NAG_MUNDARI}-team") == "courtteam"
    assert {squashed(f"a{ch}b") for ch in ADDED} == {"ab"}


def test_a_text_of_letters_unicode_15_added_is_not_right_to_left() -> None:
    """No character that Unicode added after 14.0 has a direction there, not even in
    the blocks of right-to-left scripts (the Arabic marks of Unicode 15.0)."""
    assert not any(is_right_to_left(f"a{ch}") for ch in ADDED)


def test_the_width_of_a_character_beyond_ascii_is_looked_up_in_unicode_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A figure measures each label again and again as it wraps it: a Chinese or Arabic
    label's characters are each looked up once, not at every measure."""
    looked_up: list[str] = []

    def category(ch: str) -> str:
        looked_up.append(ch)
        return unicodedata.category(ch)

    monkeypatch.setattr(characters, "category", category)
    monkeypatch.setattr(labels, "_MET", {})  # as in a fresh process
    label = "\u9451\u5b9a\u671f\u9650 \u05d1\u05d9\u05ea\u05e8"
    widths = [text_width(label) for _ in range(3)]
    assert len(set(widths)) == 1
    assert sorted(looked_up) == sorted(set(label) - {" "})
