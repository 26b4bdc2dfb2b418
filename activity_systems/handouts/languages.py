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
from html import escape as escape_quotes
from typing import Annotated, Any

from markupsafe import escape
from pydantic import BaseModel

from activity_systems.model.types import Label, Text
from activity_systems.right_to_left import is_right_to_left, pattern
from activity_systems.right_to_left_html import substitute_in_text

_PAGE_LANGUAGE = re.compile(r"<html\b[^>]*?\slang=\"([^\"]*)\"", re.IGNORECASE)
#: The validators that make a field free text (Text, Label) rather than an id or a tag.
_FREE_TEXT = tuple(meta for kind in (Text, Label) for meta in typing.get_args(kind)[1:])
#: Text fields that hold references to elements (``court.targets``), not words.
_REFERENCES = frozenset({"between", "elements"})


def page_language(html: str) -> str | None:
    """The language the page's ``<html lang>`` says, if it says one.

    >>> page_language('<!DOCTYPE html>\\n<html lang="cy">'), page_language("<p>")
    ('cy', None)
    """
    found = _PAGE_LANGUAGE.search(html)
    return found[1] if found and found[1].strip() else None


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


def mark_language(html: str, texts: Iterable[str], language: str | None) -> str:
    """``html`` with each of ``texts`` (a case's, in ``language``) wrapped in ``<span
    lang>`` where it stands in the page's text, when the page says another language."""
    page = page_language(html)
    if language is None or page is None or same_language(language, page):
        return html
    wanted = sorted(
        {
            form
            for text in texts
            if any(ch.isalpha() for ch in text) and not is_right_to_left(text)
            # as a template escapes each (' as &#39;) and as html.escape does (&#x27;)
            for form in (str(escape(text)), escape_quotes(text))
        }
    )
    if not wanted:
        return html
    opening = f'<span lang="{escape(language)}">'

    def in_span(match: re.Match[str]) -> str:
        return f"{opening}{match[0]}</span>"

    return substitute_in_text(html, pattern(wanted), in_span)
