"""Preparing Graphviz SVG for a page that holds several diagrams.

Graphviz numbers its element ids from zero in every file (``graph0``, ``node1``,
``edge1``, ``clip1``, ...), so two diagrams inlined on one page would share ids and one's
``url(#clip1)`` would point into the other. :func:`inline_svg` prefixes every id and every
local reference to one (``url(#…)``, ``href="#…"``, ``xlink:href="#…"``) consistently,
and drops the XML prolog, doctype and comments that have no place inside HTML. Given the
id of the element that names the figure (its caption), the ``<svg>`` becomes one image
for a screen reader (``role="img"``), named by that element (``aria-labelledby``); the
figure's own ``<title>`` then serves as its description, and as its tooltip.

Only attributes inside tags are rewritten; the text of labels is never touched.

>>> svg = '''<?xml version="1.0"?><!-- Title: G --><svg viewBox="0 0 10 10">
... <clipPath id="clip1"/><g id="node1" clip-path="url(#clip1)">
... <a xlink:href="#node1"><text>id="node1" url(#clip1)</text></a></g></svg>'''
>>> print(inline_svg(svg, "fig1"))
<svg viewBox="0 0 10 10">
<clipPath id="fig1-clip1"/><g id="fig1-node1" clip-path="url(#fig1-clip1)">
<a xlink:href="#fig1-node1"><text>id="node1" url(#clip1)</text></a></g></svg>
"""

from __future__ import annotations

import html
import re

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>|<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(r'(?P<space>\s)(?P<name>[A-Za-z_][\w:.-]*)="(?P<value>[^"]*)"')
_SVG_TAG = re.compile(r"<svg\b")
_URL = re.compile(r"url\(\s*#(?P<id>[^)\s]+)\s*\)")
#: Attributes that carry text for people, not references; left as they are.
_TEXT_ATTRIBUTES = frozenset({"xlink:title", "title", "aria-label", "alt"})


def _prefix_attributes(tag: str, prefix: str) -> str:
    def attribute(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if name == "id":
            value = f"{prefix}-{value}"
        elif name in ("href", "xlink:href"):
            if value.startswith("#"):
                value = f"#{prefix}-{value[1:]}"
        elif name not in _TEXT_ATTRIBUTES:
            value = _URL.sub(lambda url: f"url(#{prefix}-{url['id']})", value)
        return f'{match["space"]}{name}="{value}"'

    return _ATTRIBUTE.sub(attribute, tag)


def inline_svg(svg: str, prefix: str, *, labelled_by: str | None = None) -> str:
    """SVG text ready to inline in HTML, every id and local reference prefixed.

    Args:
        svg: an SVG document, as Graphviz writes it.
        prefix: a token unique on the page (letters, digits, ``-``), e.g. ``fig1``.
        labelled_by: the id of the page's element that names the figure (not prefixed).

    >>> inline_svg('<svg viewBox="0 0 1 1"><title>T</title></svg>', "f", labelled_by="cap")
    '<svg role="img" aria-labelledby="cap" viewBox="0 0 1 1"><title>T</title></svg>'
    """
    body = _PROLOG.sub("", svg).strip()
    body = _TAG.sub(lambda tag: _prefix_attributes(tag[0], prefix), body)
    if labelled_by is None:
        return body
    named = f'<svg role="img" aria-labelledby="{html.escape(labelled_by)}"'
    return _SVG_TAG.sub(named, body, count=1)
