"""Right-to-left text of a case, isolated in HTML: the handout, and a report or a
comparison shown in a notebook.

An English sentence that names an Arabic or Hebrew label or system reads in the wrong
order without isolation: the bidirectional algorithm joins the punctuation between two
right-to-left names to them, so that ``A → B`` of two Hebrew systems shows as
``B → A``, the exchange going the wrong way, and a label followed by its system in
brackets shows the system first. Each such text of the case, wherever the handout
prints it, is wrapped in ``<bdi>``, which sets it apart and gives it its own direction:

>>> isolate_right_to_left("<td>שירותים → בית משפט</td>", ["שירותים", "בית משפט"])
'<td><bdi>שירותים</bdi> → <bdi>בית משפט</bdi></td>'

Only the text between tags is changed, never a tag's attributes, the page's
``<title>``, a style sheet or an inlined figure; a case without right-to-left text gives
the same page as before. A text is isolated only as whole words, never where its letters
go on into a word around it: Arabic letters on either side of a ``<bdi>`` no longer
join, so that ``للمحكمة`` (to the court) would show apart as ``لل محكمة``. The texts
are found as :mod:`activity_systems.right_to_left` finds them for the Markdown handout
and the reports, which isolate them with Unicode's isolates instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape as escape_quotes

from markupsafe import escape

from activity_systems.right_to_left import TextFinder, is_right_to_left

#: Elements whose content is not text a <bdi> may stand in (raw text, SVG, the title).
_NOT_FLOW = ("svg", "title", "style", "script", "textarea")
#: A tag, to its > outside a quoted attribute (title="A > B"); a comment; or a
#: declaration or processing instruction (<!DOCTYPE html>, <?xml ...?>), whose words are
#: no text of the page. The attributes are read once each, never tried again another way
#: (``*+``), so that a tag left without its > takes no longer than one with it.
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^>])*+>"
    r"|<!--.*?-->|<![^>]*>|<\?[^>]*>",
    re.DOTALL,
)


def escaped_forms(texts: Iterable[str]) -> list[str]:
    """Each of ``texts`` as a page may hold it: as a template escapes it (' as
    ``&#39;``) and as :func:`html.escape` does (``&#x27;``), once each, in order.

    >>> escaped_forms(["A & B's"])
    ['A &amp; B&#39;s', 'A &amp; B&#x27;s']
    """
    return sorted({form for t in texts for form in (str(escape(t)), escape_quotes(t))})


def right_to_left_forms(texts: Iterable[str]) -> list[str]:
    """Those of ``texts`` that hold right-to-left letters, as a page may hold them (see
    :func:`escaped_forms`).

    >>> right_to_left_forms(["Court", "محكمة"])
    ['محكمة']
    """
    return escaped_forms(t for t in texts if t and is_right_to_left(t))


def in_reference(match: re.Match[str]) -> bool:
    """Whether ``match`` starts inside a character reference (``&amp;``, ``&#x27;``),
    where a text of the case is no text of the page.

    >>> in_reference(re.search("amp", "A &amp; B")), in_reference(re.search("amp", "amp"))
    (True, False)
    """
    return match.string.endswith(("&", "&#"), 0, match.start())


def bdi_opening(language: str | None) -> str:
    """The ``<bdi>`` tag that isolates a text of the case, saying its ``language``, if
    any.

    >>> bdi_opening("he"), bdi_opening(None)
    ('<bdi lang="he">', '<bdi>')
    """
    return "<bdi>" if language is None else f'<bdi lang="{escape(language)}">'


def isolate_right_to_left(
    html: str,
    texts: Iterable[str],
    language: str | None = None,
    *,
    left_to_right: Iterable[str] = (),
) -> str:
    """``html`` with each of ``texts`` that holds right-to-left letters, where it stands
    in the page's text, wrapped in ``<bdi>``: the longest first where one holds
    another. With ``language`` (the case's ``language``, a language tag), each ``<bdi>``
    says it is in that language, so that a screen reader reads it in that language's
    voice, not in the English of the page around it.

    >>> isolate_right_to_left("<p>From محكمة</p>", ["محكمة"], "ar")
    '<p>From <bdi lang="ar">محكمة</bdi></p>'

    ``left_to_right`` are texts to isolate whatever their script: in a page that reads
    right to left, a case's texts in a left-to-right one.
    """
    wanted = sorted({*right_to_left_forms(texts), *escaped_forms(left_to_right)})
    if not wanted:
        return html
    found = TextFinder(wanted)
    opening = bdi_opening(language)

    def in_bdi(match: re.Match[str]) -> str:
        # a function, not a template such as r"<bdi>\g<0></bdi>": re would look the
        # template up for each text of the page by the pattern, hashing all of it each time
        if in_reference(match):  # a text "amp" of the case in the page's &amp;
            return match[0]
        return f"{opening}{match[0]}</bdi>"

    return substitute_in_text(html, found, in_bdi)


def substitute_in_text(
    html: str,
    found: re.Pattern[str] | TextFinder,
    replace: Callable[[re.Match[str]], str],
) -> str:
    """``html`` with what ``found`` finds in the page's text replaced by ``replace``:
    only between tags, and never inside the page's ``<title>``, a style sheet, a
    script or an inlined figure.

    >>> substitute_in_text('<p a="x">x</p><svg>x</svg>', re.compile("x"), lambda m: "y")
    '<p a="x">y</p><svg>x</svg>'
    >>> substitute_in_text('<p title="x > x">x</p>', re.compile("x"), lambda m: "y")
    '<p title="x > x">y</p>'
    """
    out: list[str] = []
    skipping: list[str] = []  # the elements open around here whose text is left alone
    at = 0
    for tag in _TAG.finditer(html):
        text = html[at : tag.start()]
        out.append(text if skipping else found.sub(replace, text))
        out.append(tag[0])
        at = tag.end()
        name = (tag[2] or "").lower()
        if name in _NOT_FLOW and not tag[0].endswith("/>"):
            if tag[1]:
                if skipping and skipping[-1] == name:
                    skipping.pop()
            elif not skipping or (name == "svg" and skipping[-1] == "svg"):
                skipping.append(name)
    rest = html[at:]
    out.append(rest if skipping else found.sub(replace, rest))
    return "".join(out)
