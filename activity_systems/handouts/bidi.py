"""Right-to-left text of a case, isolated in an HTML handout.

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
join, so that ``للمحكمة`` (to the court) would show apart as ``لل محكمة``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from markupsafe import escape

#: Elements whose content is not text a <bdi> may stand in (raw text, SVG, the title).
_NOT_FLOW = ("svg", "title", "style", "script", "textarea")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>|<!--.*?-->", re.DOTALL)
#: What goes on a word: letters, digits, and the marks and joiners written within one
#: (accents, Hebrew points, Arabic vowel signs, the zero-width (non-)joiner of Persian).
_IN_WORD = (
    r"\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0730-\u074a\u08d3-\u08ff\u200c\u200d\ufb1e\ufe20-\ufe2f"
)


def is_right_to_left(text: str) -> bool:
    """True when ``text`` holds a letter of a right-to-left script (Arabic, Hebrew, …).

    >>> is_right_to_left("Psychiatrist"), is_right_to_left("طبيب نفسي")
    (False, True)
    """
    return not text.isascii() and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def texts_of(*models: Any) -> list[str]:
    """Every text in ``models`` (cases, in practice, as their JSON data) that holds
    right-to-left letters, once each."""
    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if is_right_to_left(value):  # as written, and as a line of text
                found.setdefault(value, None)
                found.setdefault(" ".join(value.split()), None)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for model in models:
        if model is not None:
            walk(model.model_dump(mode="json"))
    return list(found)


def isolate_right_to_left(html: str, texts: Iterable[str]) -> str:
    """``html`` with each of ``texts`` that holds right-to-left letters, where it stands
    in the page's text, wrapped in ``<bdi>``: the longest first where one holds
    another."""
    wanted = sorted({str(escape(t)) for t in texts if t and is_right_to_left(t)})
    if not wanted:
        return html
    pattern = _pattern(wanted)
    out: list[str] = []
    skipping: list[str] = []  # the elements open around here whose text is left alone
    at = 0
    for tag in _TAG.finditer(html):
        text = html[at : tag.start()]
        out.append(text if skipping else pattern.sub(_in_bdi, text))
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
    out.append(rest if skipping else pattern.sub(_in_bdi, rest))
    return "".join(out)


def _in_bdi(match: re.Match[str]) -> str:
    # a function, not a template such as r"<bdi>\g<0></bdi>": re would look the template
    # up for each text of the page by the pattern, hashing all of it each time
    return f"<bdi>{match[0]}</bdi>"


def _pattern(texts: list[str]) -> re.Pattern[str]:
    """One pattern that finds any of ``texts``, the longest where several start at one
    place, and each only where it neither starts nor ends inside a word: a letter at its
    edge must not have one beside it.

    The texts are tried as a tree of their letters, where an alternation of them all
    would be tried text by text at every letter of the page: a case of a thousand Arabic
    labels and descriptions took seconds for each handout.

    >>> _pattern(["نظام", "نظام العدالة", "ب"]).pattern.count("نظام")
    1
    >>> _pattern(["نظام", "نظام العدالة"]).findall("نظام العدالة؛ نظام")
    ['نظام العدالة', 'نظام']
    >>> _pattern(["محكمة", "(ב)"]).findall("محكمة: للمحكمة x(ב)y")
    ['محكمة', '(ב)']
    """
    tree: dict[str, Any] = {}
    for text in texts:
        node = tree
        for ch in text:
            node = node.setdefault(ch, {})
        node[_END] = {}
    try:
        return re.compile(f"{_BOUNDARY}{_branches(tree)}{_BOUNDARY}")
    except RecursionError:  # texts that each hold the last, hundreds deep
        longest_first = sorted(texts, key=len, reverse=True)
        return re.compile(f"{_BOUNDARY}(?:{'|'.join(map(re.escape, longest_first))}){_BOUNDARY}")


#: Not between two characters of a word; at either end of a text: not inside a word.
_BOUNDARY = f"(?:(?<![{_IN_WORD}])|(?![{_IN_WORD}]))"
#: The key of a node of :func:`_pattern`'s tree where a text ends.
_END = ""


def _branches(node: dict[str, Any]) -> str:
    """The pattern of what follows ``node`` of :func:`_pattern`'s tree: longer texts
    first, then (as nothing more) the end of one here."""
    options = []
    for ch in sorted(key for key in node if key != _END):
        run, child = ch, node[ch]
        while len(child) == 1 and _END not in child:  # a stretch with no branch
            ((following, child),) = child.items()
            run += following
        options.append(re.escape(run) + _branches(child))
    if _END in node:
        options.append("")
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
