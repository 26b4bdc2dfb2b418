"""Markdown escaping, shared by the handouts, the report and the comparison: user text
that GitHub, MkDocs (Python-Markdown) and pandoc all show as written, so that it cannot
add headings, lists, links (but for its web and email addresses, written as autolinks),
tables, attributes or raw HTML.

>>> print(escape("*Remand* <3 weeks> [link](x)"))
\\*Remand\\* &lt;3 weeks&gt; \\[link\\](x)
>>> print(escape_cell("a | b\\nc"))
a \\| b<br>c
>>> print(escape_line("- a\\n  # b"))
\\- a \\# b
"""

from __future__ import annotations

import re

from activity_systems.model import characters

#: An '&' that Markdown would read as the start of a character reference (``&amp;``,
#: ``&#60;``); any other '&' it shows as written, as it should be left for people who
#: read the Markdown itself ("L&D team").
ENTITY_START = re.compile(r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")

#: Characters that have a meaning anywhere in a line in CommonMark or GitHub tables
#: (``(`` and ``!`` only mean something next to ``[``, which is escaped), and ``{``, which
#: starts the attributes that pandoc and MkDocs's attr_list read at the end of a heading
#: or a table cell (``Court reports {pilot}`` lost ``{pilot}``). Then what the renderers
#: that extend Markdown read in a line: ``$`` (TeX math between two, on GitHub and GitLab,
#: in Obsidian and pandoc's default reader), ``^`` (pandoc's superscript, Obsidian's block
#: reference), ``==`` and ``%%`` (Obsidian's highlight and its comment, which hides the
#: text), and the ``:`` that starts an emoji's code (``:smile:``, which pandoc's gfm and
#: commonmark_x readers draw; one with no letter, ``10:30:00``, is no emoji: what comes
#: before its first letter is matched apart, or a long word took a time that grew as its
#: length squared), and the ``@`` that starts a citation in pandoc's default reader
#: (``@team``, ``@équipe``, ``_@team`` or ``+@team``; not after a letter, a digit or a
#: ``.``), which wrote the key as it is written in the Markdown ("@team&lt;3"). A single
#: ``=`` or ``%`` means nothing, and stays as written ("a = b", "50%").
#: Each alternative starts with its character, which lets the regular expression look for
#: those characters alone through the text, as fast as for one class of them.
_MD_SPECIALS = re.compile(
    r"\\|`|\*|_|\[|\]|#|\||~|\{|\$|\^|==+|%%+|:(?=[0-9_+-]*[A-Za-z][A-Za-z0-9_+-]*:)"
    r"|@(?<![^\W_]@)(?<!\.@)(?=[\w{])"
)
#: The characters written as character references rather than backslash-escaped:
#: Python-Markdown (MkDocs) escapes none of them, and shows ``\~``, ``\=`` or ``\$`` as
#: written, while every renderer reads ``&#126;``, ``&#61;``, ``&#58;``, ``&#36;``,
#: ``&#94;``, ``&#37;`` and ``&#64;``, as text that none of them reads again. ``=`` and
#: ``:`` are also written so at the start of a line: ``=`` would underline a heading,
#: ``:`` start a definition in pandoc (``: meaning``) or, before ``-``, a table on GitHub
#: (``:-``).
_AS_ENTITIES = {
    "~": "&#126;",
    "=": "&#61;",
    ":": "&#58;",
    "$": "&#36;",
    "^": "&#94;",
    "%": "&#37;",
    "@": "&#64;",
}
#: An ordered-list marker at the start of a line: CommonMark's "1." or "1)", and, before
#: a blank, those of pandoc's fancy_lists and example_lists, "(1)", "a)", "(a)", "iv.",
#: "B)" and "(@)": the group ``paren`` for the "(" that starts one, ``mark`` and ``end``
#: for one that ends with "." or ")".
_ORDERED_MARK = re.compile(
    r"^(?P<mark>\d+)(?P<end>[.)])"
    r"|^(?P<paren>\()(?=(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|@[\w-]*)\)(?:[ \t]|$))"
    r"|^(?P<letters>[A-Za-z]|[ivxlcdmIVXLCDM]+|@[\w-]*)(?P<stop>[.)])(?=[ \t]|$)"
)


#: Where GitHub links a web address in text: ``https://``, ``http://`` or ``ftp://`` not
#: after a letter, ``www.`` at the start or after a blank, ``*``, ``_``, ``~`` or ``(``.
_URL_START = re.compile(r"(?<![A-Za-z])(?i:https?|ftp)://|(?<![^\s*_~(])www\.")
#: How far a web address runs: up to a blank, a ``<`` or ``>`` (where a CommonMark
#: autolink ends), an ``&`` that starts a character reference (which renderers read
#: differently in a link), or a character that a renderer reads before it reads links: a
#: table's ``|``, ``[``, ``]``, a backslash, a backtick, ``{``, ``}`` or ``"``.
_URL_RUN = re.compile(
    r"(?:[^\s\x00-\x1f\x7f<>\[\]`\\|{}\"&]"
    r"|&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;))*"  # not ENTITY_START's
)
#: What does not end a web address, as GitHub ends one: punctuation after it, and a ``)``
#: without its ``(``.
_URL_TRAILING = frozenset("?!.,:;*_~'\"”’»)")


def _web_address(text: str, start: re.Match[str]) -> str:
    """The web address of ``text`` that starts where ``start`` (a match of
    :data:`_URL_START`) does, without the punctuation that ends a sentence after it; empty
    when no letter or digit follows ``https://`` or ``www.``, where GitHub links none.

    >>> text = "See https://example.org/a_(b)). Or https://."
    >>> [_web_address(text, found) for found in _URL_START.finditer(text)]
    ['https://example.org/a_(b)', '']
    >>> text = "www.example.org/?a=1&amp;b=2"
    >>> _web_address(text, _URL_START.match(text))
    'www.example.org/?a=1'
    """
    after = text[start.end() : start.end() + 1]
    if not (after and characters.isalnum(after)):
        return ""
    run = _URL_RUN.match(text, start.end())
    assert run is not None  # it matches nothing at worst
    url = text[start.start() : run.end()]
    end, opened, closed = len(url), url.count("("), url.count(")")
    while url[end - 1] in _URL_TRAILING:
        if url[end - 1] == ")":
            if closed <= opened:
                break
            closed -= 1
        end -= 1
    return url[:end]


#: An email address where GitHub links one by itself: letters, digits, ``.``, ``-``,
#: ``_`` or ``+`` (as many as come before it), ``@`` and a domain of at least two parts.
#: It is looked for only where a run of such characters starts: looked for from each of
#: them, a long word took a time that grew as its length squared.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
#: A domain that CommonMark takes in an email autolink, ``<first_last@nhs.net>``: parts
#: of letters, digits and ``-``, neither first nor last, and no ``_``.
_AUTOLINK_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
#: The part before the ``@`` that pandoc's default reader takes in an email autolink too:
#: it starts with a letter or a digit, and a ``.`` is followed by a letter or a digit
#: (``<_a@x.org>``, ``<a..b@x.org>`` and ``<first._last@nhs.net>`` it showed with their
#: ``<`` and ``>``).
_AUTOLINK_LOCAL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_+-]|\.(?=[A-Za-z0-9]))*")


def _email(text: str, found: re.Match[str]) -> str:
    """The email address that ``found`` (a match of :data:`_EMAIL`) holds, as GitHub
    ends one (without a last ``.``), if CommonMark's ``<…>`` takes it; empty if not, and
    the text is escaped as any other (an address at ``x_y.org``, which GitHub links but
    no mail reaches).

    >>> text = "Mail first_last@nhs.net. Or a@b_c.org, _a@x.org"
    >>> [_email(text, found) for found in _EMAIL.finditer(text)]
    ['first_last@nhs.net', '', '']
    """
    address = found[0].rstrip(".")
    local, _, domain = address.partition("@")
    parts = domain.split(".")
    if not _AUTOLINK_LOCAL.fullmatch(local) or len(parts) < 2:
        return ""
    if not all(_AUTOLINK_DOMAIN.fullmatch(part) for part in parts):
        return ""
    return address


def _autolink(url: str) -> str:
    """A web address as an autolink, which CommonMark, GitHub, Python-Markdown and pandoc
    all show and link as written: ``<https://…>``, a ``www.`` one with ``http://`` in
    front, as GitHub links it (none of them links ``<www.…>``)."""
    return f"<http://{url}>" if url.startswith("www.") else f"<{url}>"


def _linked(text: str) -> str:
    """``text`` escaped (see :func:`escape`), its web addresses and email addresses as
    autolinks. Escaped, ``first\\_last@nhs.net`` was linked by pandoc's gfm reader from
    the backslash on, to ``last@nhs.net``; ``<first_last@nhs.net>`` is linked whole by
    GitHub, Python-Markdown and pandoc, which shows it as GitHub does."""
    if "://" not in text and "www." not in text and "@" not in text:
        # no web address nor email address can start here (each of _URL_START's needs
        # "://" or "www.", an email "@"): most texts, whose every position the two
        # expressions were tried at, most of the time a long report's Markdown took
        return _escape(text)
    pieces, done = [], 0
    starts = sorted(
        [*_URL_START.finditer(text), *(_EMAIL.finditer(text) if "@" in text else ())],
        key=lambda found: found.start(),
    )
    for start in starts:
        if start.start() < done:
            continue
        if "@" in start[0]:
            address = _email(text, start)
            if address:
                pieces += [_escape(text[done : start.start()]), f"<{address}>"]
                done = start.start() + len(address)
            continue
        url = _web_address(text, start)
        if url:
            pieces += [_escape(text[done : start.start()]), _autolink(url)]
            done = start.start() + len(url)
        elif start[0] == "www.":  # GitHub links "www." before anything, "www\." never
            pieces += [_escape(text[done : start.start()]), "www\\."]
            done = start.end()
    return "".join([*pieces, _escape(text[done:])])


def _special(found: re.Match[str]) -> str:
    return "".join(_AS_ENTITIES.get(char, "\\" + char) for char in found[0])


def _escape(text: str) -> str:
    """Text with no web address in it, escaped (see :func:`escape`)."""
    text = ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIALS.sub(_special, text)


def _unordered(found: re.Match[str]) -> str:
    if found["paren"]:
        return "\\("
    if found["mark"]:
        return f"{found['mark']}\\{found['end']}"
    return f"{found['letters']}\\{found['stop']}"


def _md_line(line: str) -> str:
    # Leading blanks would make a code block; "-", "+", "=" a list or a heading; ":" a
    # definition or a table; "!!!" and "???" an admonition in MkDocs (Python-Markdown's
    # admonition, pymdownx's details), which shows "\?" with its backslash.
    line = line.lstrip(" \t")
    if line[:1] in ("-", "+") or line.startswith("!!!"):
        return "\\" + line
    if line.startswith("???"):
        return "&#63;" + line[1:]
    if line[:1] in ("=", ":"):
        return _AS_ENTITIES[line[0]] + line[1:]
    return _ORDERED_MARK.sub(_unordered, line, count=1)


def escape(text: str) -> str:
    """Text escaped for Markdown: specials backslash-escaped (``~`` as ``&#126;``), ``<``,
    ``>`` and an ``&`` that starts a character reference as entities, line-start markers
    neutralised (a leading ``=`` as ``&#61;``), web addresses as autolinks (escaped, they
    were linked by GitHub with their backslashes). Newlines are kept, without the blanks
    before them, which would make them line breaks.

    >>> print(escape("Reports take ~3 weeks"))
    Reports take &#126;3 weeks
    >>> print(escape("= 3 weeks"))
    &#61; 3 weeks
    >>> print(escape("See https://example.org/court_reports {pilot}"))
    See <https://example.org/court_reports> \\{pilot}
    """
    lines = _linked(text).split("\n")
    # Blanks at the end of a line that another follows are left out: two spaces there
    # break the line in Markdown, which the HTML handout runs on.
    lines = [line.rstrip(" \t") for line in lines[:-1]] + lines[-1:]
    return "\n".join(_md_line(line) for line in lines)


def escape_inline(text: str) -> str:
    """Text for the middle of a line: :func:`escape`, but for the markers that mean
    something only at the start of a line, which it leaves as they are.

    >>> print(escape_inline("- a | b <i>"))
    - a \\| b &lt;i&gt;
    """
    return _linked(text)


def table_cell(escaped: str) -> str:
    """Escaped Markdown for a table cell: its lines joined by ``<br>``, the one line break
    in a table cell that GitHub, MkDocs and pandoc all read (pandoc as raw HTML, which a
    filter makes a line break in Word: see docs/handouts.md), blank ones dropped."""
    lines = [line.strip() for line in escaped.splitlines()]
    return "<br>".join(line for line in lines if line)


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell: :func:`escape`, with line breaks as ``<br>``."""
    return table_cell(escape(text))


def escape_line(text: str) -> str:
    """Text for one line (a heading, a list item, a caption): :func:`escape`, with every
    run of whitespace, newlines included, as one space."""
    return escape(" ".join(text.split()))
