"""A case's texts in a handout page of another language, marked with the case's.

A screen reader that follows the language of what it reads (NVDA's automatic language
switching, VoiceOver's) reads each text in the voice of the nearest ``lang`` around it.
A case that says its language (``language: en``) and a page that says another (``lang``
of ``_sections.j2``, ``cy`` in ``examples/handout-cy``) would otherwise have the case's
title, names, elements and descriptions, most of what the page says, read in the page's
voice. Each of the case's free texts, where it stands in the page's text, is wrapped in
``<span lang="…">`` with the case's language:

>>> mark_language('<html lang="cy"><p>Ffynhonnell: Hean</p>', ["Hean"], "en")
'<html lang="cy"><p>Ffynhonnell: <span lang="en">Hean</span></p>'

The free texts are the fields the case file writes as text (its title, the systems'
names and sectors, the elements' labels, descriptions, sources, purposes, notes and
reasons, the actions' strategies and owners), never its ids, references, value tags or the values
of its keys (``formal``, ``core``), which are the case file's keys and the library's
English rather than the case's language; and only those with a letter (not ``?``, an
element not yet identified). Nothing is marked when the case says no language, when the
page says none, or when they are the same language (``en-GB`` is ``en``): a case
without ``language`` takes the page's. Right-to-left texts are set apart in ``<bdi
lang="…">`` instead (:mod:`activity_systems.right_to_left_html`).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from markupsafe import escape
from pydantic import BaseModel

from activity_systems.model import characters
from activity_systems.model.types import Label, Text
from activity_systems.right_to_left import TextFinder, is_right_to_left, language_direction
from activity_systems.right_to_left_html import (
    bdi_opening,
    escaped_forms,
    in_reference,
    isolate_right_to_left,
    right_to_left_forms,
    substitute_in_text,
)

_PAGE_LANGUAGE = re.compile(
    r"<html\b[^>]*?\slang\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE
)
#: The validators that make a field free text (Text, Label) rather than an id or a tag.
_FREE_TEXT = tuple(meta for kind in (Text, Label) for meta in typing.get_args(kind)[1:])
#: Text fields that hold references to elements (``court.targets``), not words.
_REFERENCES = frozenset({"between", "elements"})


def page_language(html: str) -> str | None:
    """The language the page's ``<html lang>`` says, if it says one.

    >>> page_language('<!DOCTYPE html>\\n<html lang="cy">'), page_language("<p>")
    ('cy', None)
    >>> page_language("<html lang='cy'>"), page_language("<html lang=cy>")
    ('cy', 'cy')
    """
    found = _PAGE_LANGUAGE.search(html)
    said = found and next(value for value in found.groups() if value is not None)
    return said if said and said.strip() else None


def same_language(first: str, second: str) -> bool:
    """Whether two language tags are of one language, whatever their regions.

    >>> same_language("en-GB", "EN"), same_language("cy", "en")
    (True, False)
    """
    return first.split("-")[0].lower() == second.split("-")[0].lower()


def _is_free_text(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Annotated and any(
        meta in _FREE_TEXT for meta in annotation.__metadata__
    ):
        return True
    return any(_is_free_text(argument) for argument in typing.get_args(annotation))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def free_texts(model: Any) -> Iterator[str]:
    """Every free text of ``model`` (a case), as written and as one line."""
    if isinstance(model, BaseModel):
        for name, field in type(model).model_fields.items():
            value = getattr(model, name)
            if name in _REFERENCES:
                continue
            if _is_free_text(field.annotation) or any(m in _FREE_TEXT for m in field.metadata):
                for text in _strings(value):
                    yield text
                    yield " ".join(text.split())
            else:
                yield from free_texts(value)
    elif isinstance(model, tuple | list):
        for item in model:
            yield from free_texts(item)


def _marked(texts: Iterable[str]) -> list[str]:
    """The escaped forms of those of ``texts`` to mark: with a letter, left to right."""
    return escaped_forms(
        text for text in texts if any(map(characters.isalpha, text)) and not is_right_to_left(text)
    )


def _is_left_to_right(text: str) -> bool:
    """True when ``text`` holds a letter of a left-to-right script and none of a
    right-to-left one (which is isolated as such).

    >>> _is_left_to_right("Court (CJS)"), _is_left_to_right("3 – 4"), _is_left_to_right("שופט CJS")
    (True, False, False)
    """
    return not is_right_to_left(text) and any(characters.bidirectional(c) == "L" for c in text)


def mark_language(
    html: str,
    texts: Iterable[str],
    language: str | None,
    right_to_left: Iterable[str] = (),
    *,
    earlier: Iterable[str] = (),
    earlier_language: str | None = None,
) -> str:
    """``html`` with each of ``texts`` (a case's, in ``language``) wrapped in ``<span
    lang>`` where it stands in the page's text, when the page says another language,
    and each of ``right_to_left`` isolated as :func:`isolate_right_to_left` isolates it.
    The texts of an earlier version of the case (``earlier``, in ``earlier_language``)
    that are not the case's are marked with the earlier version's language in the same
    way.

    All are found in one pass, the longest text first where several start at one
    place, so that a right-to-left text that holds another of the case's texts (a
    Hebrew label naming the sector ``CJS``) is isolated whole rather than split:

    >>> mark_language('<html lang="en"><p>שופט CJS</p>', ["CJS", "שופט CJS"], "he", ["שופט CJS"])
    '<html lang="en"><p><bdi lang="he">שופט CJS</bdi></p>'
    """
    right_to_left = list(right_to_left)
    texts = list(texts)
    earlier = list(earlier)
    page = page_language(html)
    # A page that reads right to left (``<html lang="he" dir="rtl">``, the language of
    # a template folder's _sections.j2) gives an English text its direction: the
    # closing "(… and introduction)." of a description showed its bracket and full stop
    # at the text's start. The texts in a left-to-right script of the case, and of an
    # earlier version that the progress section shows, are set apart there, as
    # right-to-left texts are in an English page.
    left_to_right = (
        [t for t in (*texts, *earlier) if _is_left_to_right(t)]
        if page is not None and language_direction(page) == "rtl"
        else []
    )

    def other(said: str | None) -> bool:
        return said is not None and page is not None and not same_language(said, page)

    if not other(language) and not other(earlier_language):
        return isolate_right_to_left(html, right_to_left, language, left_to_right=left_to_right)
    marks: dict[str, str] = {}
    if earlier_language is not None and other(earlier_language):
        marks.update(dict.fromkeys(_marked(earlier), earlier_language))
    for form in _marked(texts):  # a text of both versions is the case's
        if language is not None and other(language):
            marks[form] = language
        else:
            marks.pop(form, None)
    if not marks:
        return isolate_right_to_left(html, right_to_left, language, left_to_right=left_to_right)
    isolated = {*right_to_left_forms(right_to_left), *escaped_forms(left_to_right)}
    in_bdi = bdi_opening(language)

    def mark(match: re.Match[str]) -> str:
        if in_reference(match):  # a label "amp" in the page's &amp;
            return match[0]
        if match[0] in isolated:  # an earlier version's text alone says that one's language
            said = marks.get(match[0], language)
            return f"{in_bdi if said == language else bdi_opening(said)}{match[0]}</bdi>"
        return f'<span lang="{escape(marks[match[0]])}">{match[0]}</span>'

    return substitute_in_text(html, TextFinder(sorted({*marks, *isolated})), mark)
