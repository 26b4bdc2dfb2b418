"""Right-to-left text of a case, set apart where English words print it.

An English sentence that names an Arabic or Hebrew label or system reads in the wrong
order unless each such name is isolated: the bidirectional algorithm joins the
punctuation between two right-to-left names to them, so that ``A → B`` of two Hebrew
systems shows as ``B → A``, the exchange going the wrong way, and a label followed by
its system in brackets shows the system first. The HTML handout wraps each such text of
the case in ``<bdi>`` (:mod:`activity_systems.right_to_left_html`); Markdown and plain text,
which have no element for it, wrap it in the characters Unicode gives for the purpose:
FIRST STRONG ISOLATE (U+2068) before it and POP DIRECTIONAL ISOLATE (U+2069) after it.
Each text then reads in its own direction, the direction of its first letter, and lends
none to what is around it:

>>> isolate_text("From שירותים → בית משפט", ["שירותים", "בית משפט"])
'From \\u2068שירותים\\u2069 → \\u2068בית משפט\\u2069'

Where a line starts with such a text and goes on in English, a renderer that takes a
paragraph's direction from its first letter, as GitHub does in Markdown and a text
editor may in a text file, would lay the whole line out right to left: a LEFT-TO-RIGHT
MARK (U+200E) before the text keeps the line English.

>>> isolate_text("בית משפט is late", ["בית משפט"])
'\\u200e\\u2068בית משפט\\u2069 is late'

A text is looked for only as whole words, never where its letters go on into a word
around it (Arabic letters on either side of an isolate no longer join); text without
right-to-left letters is left as it is, character for character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any, Literal

from activity_systems.model import characters

#: FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: a text between them takes the
#: direction of its first letter and gives none to the text around it.
FSI, PDI = "\u2068", "\u2069"
#: LEFT-TO-RIGHT MARK: a letter of no width that reads left to right.
LRM = "\u200e"

#: What goes on a word: letters, digits, and the marks and joiners written within one
#: (accents, Hebrew points, Arabic vowel signs, the zero-width (non-)joiner of Persian).
IN_WORD = (
    r"\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0730-\u074a\u08d3-\u08ff\u200c\u200d\ufb1e\ufe20-\ufe2f"
)


#: The blocks that hold every character of the right-to-left classes (R and AL), and the
#: RIGHT-TO-LEFT MARK: only the characters found here are looked up one by one.
_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


#: The bytes of ASCII, which a text longer than :data:`_LONG` characters drops before it
#: is looked through (see :func:`is_right_to_left`).
_ASCII = bytes(range(128))
_LONG = 10_000

#: The languages written right to left, by their BCP 47 primary subtag: Arabic, Aramaic,
#: Central Kurdish, Dhivehi, Persian, Hebrew (and its old tag ``iw``), Kashmiri, Pashto,
#: Sindhi, Syriac, Uyghur, Urdu and Yiddish. A tag with a script says its direction by
#: the script instead (``pa-Arab``, Punjabi in Shahmukhi; ``ug-Latn``, Uyghur in Latin).
RIGHT_TO_LEFT_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
#: The scripts written right to left, by their ISO 15924 code in a language tag.
RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {"arab", "adlm", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)


def language_direction(tag: str) -> Literal["ltr", "rtl"]:
    """The direction a language tag's text is written in: ``rtl`` for Urdu, ``ltr`` for
    Polish; a script subtag decides where there is one.

    >>> language_direction("ur-PK"), language_direction("pa-Arab"), language_direction("pl")
    ('rtl', 'rtl', 'ltr')
    """
    subtags = tag.strip().lower().replace("_", "-").split("-")
    script = next((s for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    if script is not None:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RIGHT_TO_LEFT_LANGUAGES else "ltr"


def is_right_to_left(text: str) -> bool:
    """True when ``text`` holds a letter of a right-to-left script (Arabic, Hebrew, …).

    >>> is_right_to_left("Psychiatrist"), is_right_to_left("“Report” – 3 weeks")
    (False, False)
    >>> is_right_to_left("طبيب نفسي"), is_right_to_left("Court \u200f")
    (True, True)
    """
    if text.isascii():
        return False
    if len(text) > _LONG:
        # The characters outside ASCII alone, in order: UTF-8 writes each of them with
        # bytes of 0x80 and above only, so dropping the bytes below leaves them whole. A
        # figure's SVG (30 MB for the overview of 1,000 systems) holds a few thousand
        # arrows and bullets among its ASCII: scanning them alone takes a fifth of the
        # time that scanning the whole text took.
        outside = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
        text = outside.decode("utf-8", "surrogatepass")
    return any(characters.bidirectional(m[0]) in ("R", "AL") for m in _BLOCKS.finditer(text))


def texts_of(*models: Any, shown_in: str | None = None) -> list[str]:
    """Every text in ``models`` (cases, in practice, as their JSON data) that holds
    right-to-left letters, once each: as written, and as one line. None, without
    reading the models, when ``shown_in``, the output they would be looked for in,
    holds no right-to-left letter: a report of a large English case reads none of it.
    """
    if shown_in is not None and not is_right_to_left(shown_in):
        return []
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


def with_names(texts: list[str], *names: str | None) -> list[str]:
    """``texts`` (:func:`texts_of`) and each of ``names`` that holds right-to-left letters
    and is not among them: the names a comparison gives its two versions, which may be
    no text of either (``before_label``, ``--before-name``, ``--since-name``).

    >>> with_names(["محكمة"], "ورشة", "HEAD", None, "محكمة")
    ['محكمة', 'ورشة']
    """
    added = [n for n in names if n is not None and is_right_to_left(n) and n not in texts]
    return [*texts, *dict.fromkeys(added)]


def pattern(texts: Iterable[str], *, space: str | None = None) -> re.Pattern[str]:
    """One pattern that finds any of ``texts``, the longest where several start at one
    place, and each only where it neither starts nor ends inside a word: a letter at its
    edge must not have one beside it. With ``space``, a pattern that each space of a
    text may match instead of the space (a line break, where a text was wrapped).

    The texts are tried as a tree of their letters, where an alternation of them all
    would be tried text by text at every letter of the page: a case of a thousand Arabic
    labels and descriptions took seconds for each handout.

    >>> pattern(["نظام", "نظام العدالة", "ب"]).pattern.count("نظام")
    1
    >>> pattern(["نظام", "نظام العدالة"]).findall("نظام العدالة؛ نظام")
    ['نظام العدالة', 'نظام']
    >>> pattern(["محكمة", "(ב)"]).findall("محكمة: للمحكمة x(ב)y")
    ['محكمة', '(ב)']
    >>> pattern(["בית משפט"], space=r"(?: |\\n *)").findall("בית\\n   משפט")
    ['בית\\n   משפט']
    """
    texts = list(texts)
    tree: dict[str, Any] = {}
    for text in texts:
        node = tree
        for ch in text:
            node = node.setdefault(ch, {})
        node[_END] = {}

    def literal(run: str) -> str:
        escaped = re.escape(run)
        return escaped if space is None else escaped.replace("\\ ", space)

    try:
        return re.compile(f"{_BOUNDARY}{_branches(tree, literal)}{_BOUNDARY}")
    except RecursionError:  # texts that each hold the last, hundreds deep
        longest_first = sorted(texts, key=len, reverse=True)
        return re.compile(f"{_BOUNDARY}(?:{'|'.join(map(literal, longest_first))}){_BOUNDARY}")


#: Not between two characters of a word; at either end of a text: not inside a word.
_BOUNDARY = f"(?:(?<![{IN_WORD}])|(?![{IN_WORD}]))"
#: The key of a node of :func:`pattern`'s tree where a text ends.
_END = ""


def _branches(node: dict[str, Any], literal: Callable[[str], str]) -> str:
    """The pattern of what follows ``node`` of :func:`pattern`'s tree: longer texts
    first, then (as nothing more) the end of one here."""
    options = []
    for ch in sorted(key for key in node if key != _END):
        run, child = ch, node[ch]
        while len(child) == 1 and _END not in child:  # a stretch with no branch
            ((following, child),) = child.items()
            run += following
        options.append(literal(run) + _branches(child, literal))
    if _END in node:
        options.append("")
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


#: A word (a run of letters, digits and the marks written within one) or one other
#: character: the places where :func:`pattern` may start or end a text (not between two
#: characters of a word) are exactly the places between two of these.
_TOKEN = re.compile(f"[{IN_WORD}]+|[^{IN_WORD}]")
#: As ``_TOKEN``, and a line break with the spaces after it as one: where a text was
#: wrapped, what :data:`_WRAPPED_SPACE` finds for one of its spaces.
_WRAPPED_TOKEN = re.compile(f"[{IN_WORD}]+|\n *|[^{IN_WORD}]")
#: Any text, to give the function that replaces what a :class:`TextFinder` finds a
#: match object as :meth:`re.Pattern.sub` gives it (its ``string``, ``start()``, ``[0]``).
_WHOLE = re.compile(".+", re.DOTALL)


class TextFinder:
    """Finds ``texts`` as :func:`pattern` does, the longest where several start at one
    place and each only as whole words, in time that grows with the length of the text
    looked through plus that of ``texts``, however these hold one another.

    :func:`pattern`'s regular expression walks, from each place of the text, as far as
    the text goes on as one of ``texts`` does: a page that holds a long run of words
    that a longer text starts with (``x x x …`` and a text ``x x … y``) was walked
    through again from each of its words, which took a hostile case's handout minutes.
    Here a text and the page are read as words and the characters between them
    (``_TOKEN``), since a text may start and end only between two of these, and an
    automaton of Aho and Corasick over the texts, read backwards, reads the page once
    from its end, telling at each word the longest text that starts there; the page is
    then read from its start, taking at each place the longest text that starts there
    and going on after it, as a regular expression's search does.

    An empty text is never found (:func:`pattern` would find it between any two words).

    With ``wrapped``, each space of a text is also found as a line break and the indent
    of the line it starts (spaces), where a text was wrapped, as :func:`pattern` finds it
    with ``space=r"(?: |\\n *)"``: the page is read with each line break and the spaces
    after it as one character between words, which a text's space matches. A text's
    space then comes between two characters other than spaces (the texts are written as
    one line, each space alone, as :func:`isolate_text` writes them), so that such a
    space of the pattern never matched a line break without all the spaces after it.

    >>> finder = TextFinder(["نظام", "نظام العدالة", "x"])
    >>> finder.sub(lambda m: f"[{m[0]}]", "نظام العدالة؛ نظام xx x")
    '[نظام العدالة]؛ [نظام] xx [x]'
    """

    def __init__(self, texts: Iterable[str], *, wrapped: bool = False) -> None:
        self._wrapped = wrapped
        #: a number for each word or character of the texts
        self._ids: dict[str, int] = {}
        #: the automaton's states: where each word leads, where to go on when none does
        #: (the longest end of what was read that also starts a text, read backwards),
        #: and the number of words of the longest text read backwards that ends here
        self._goto: list[dict[int, int]] = [{}]
        self._fail: list[int] = [0]
        self._longest: list[int] = [0]
        #: the steps the last :meth:`sub` took through the automaton (a test counts them)
        self.steps = 0
        for text in texts:
            words = [self._ids.setdefault(word, len(self._ids)) for word in _TOKEN.findall(text)]
            if not words:
                continue
            state = 0
            for word in reversed(words):
                following = self._goto[state].get(word)
                if following is None:
                    following = len(self._goto)
                    self._goto[state][word] = following
                    self._goto.append({})
                    self._fail.append(0)
                    self._longest.append(0)
                state = following
            self._longest[state] = len(words)
        self._link()

    def _link(self) -> None:
        """Each state's failure link, and the longest text it ends, breadth first."""
        goto, fail, longest = self._goto, self._fail, self._longest
        queue = list(goto[0].values())
        for state in queue:  # the queue grows as it is read
            for word, child in goto[state].items():
                back = fail[state]
                while back and word not in goto[back]:
                    back = fail[back]
                fail[child] = goto[back].get(word, 0)
                if not longest[child]:
                    longest[child] = longest[fail[child]]
                queue.append(child)

    def sub(self, replace: Callable[[re.Match[str]], str], text: str) -> str:
        """``text`` with each text found replaced by what ``replace`` gives for its match,
        as :meth:`re.Pattern.sub` would replace what :func:`pattern` finds."""
        ids = self._ids.get
        if self._wrapped:  # a line break and its indent is a text's space
            words = _WRAPPED_TOKEN.findall(text)
            numbers = [ids(" " if word[0] == "\n" else word, -1) for word in words]
        else:
            words = _TOKEN.findall(text)
            numbers = [ids(word, -1) for word in words]
        goto, fail, longest = self._goto, self._fail, self._longest
        starting = [0] * len(words)  # the number of words of the longest text starting here
        state = steps = 0
        for at in range(len(words) - 1, -1, -1):
            word = numbers[at]
            if word < 0:  # no text holds it
                state = 0
                continue
            while True:
                steps += 1
                following = goto[state].get(word)
                if following is not None:
                    state = following
                    break
                if not state:
                    break
                state = fail[state]
            starting[at] = longest[state]
        self.steps = steps
        if not any(starting):
            return text
        starts = [0, *accumulate(map(len, words))]
        out: list[str] = []
        done = at = 0
        while at < len(words):
            count = starting[at]
            if count:
                start, end = starts[at], starts[at + count]
                match = _WHOLE.match(text, start, end)
                assert match is not None  # a text found is never empty
                out += [text[done:start], replace(match)]
                done, at = end, at + count
            else:
                at += 1
        out.append(text[done:])
        return "".join(out)


#: A space of a text, or the line break and indent where a text was wrapped.
_WRAPPED_SPACE = r"(?: |\n *)"
_LINE_BREAK = re.compile(r"(\n *)")


def isolate_text(text: str, texts: Iterable[str]) -> str:
    """``text`` (a report or a comparison for a terminal) with each of ``texts`` that
    holds right-to-left letters, where it stands, between :data:`FSI` and :data:`PDI`,
    and each line that starts with one led by :data:`LRM`: a text wrapped onto the next
    line is isolated on each, since each line is laid out on its own.

    >>> text = "No task of שירותי\\n  בריאות: late"
    >>> marked = str.maketrans({FSI: "[", PDI: "]", LRM: "~"})
    >>> print(isolate_text(text, ["שירותי בריאות"]).translate(marked))
    No task of [שירותי]
      ~[בריאות]: late
    """
    wanted = sorted({" ".join(t.split()) for t in texts if t and is_right_to_left(t)})
    if not wanted:
        return text
    isolated = TextFinder(wanted, wrapped=True).sub(_isolated_lines, text)
    return "\n".join(_led(line) for line in isolated.split("\n"))


def _isolated_lines(match: re.Match[str]) -> str:
    """A text found, isolated on each line it stands on."""
    pieces = _LINE_BREAK.split(match[0])
    return "".join(piece if index % 2 else FSI + piece + PDI for index, piece in enumerate(pieces))


def _led(block: str) -> str:
    """``block`` (a line, a table's cell) led by :data:`LRM` when its first letter is in an
    isolate: a renderer that takes its direction from the first letter it meets, as
    GitHub does with each paragraph, heading and list item, would take the isolated
    text's and lay the English around it out right to left.

    >>> _led(f"{FSI}שירותים{PDI} → {FSI}בית{PDI}") == LRM + f"{FSI}שירותים{PDI} → {FSI}בית{PDI}"
    True
    >>> _led(f"From {FSI}שירותים{PDI}") == f"From {FSI}שירותים{PDI}"
    True
    """
    if FSI not in block:
        return block
    depth, opened = 0, 0
    for index, ch in enumerate(block):
        if ch == FSI:
            if not depth:
                opened = index
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif characters.bidirectional(ch) in ("L", "R", "AL"):
            return block[:opened] + LRM + block[opened:] if depth else block
    return block


#: What Markdown reads as written, not as text: a code span, a link's address (not after
#: an escaped bracket, ``\\](``, text of the case), a tag (an autolink, ``<br>``), a comment.
_MARKDOWN_LITERAL = re.compile(r"(?<!\\)`[^`\n]*`|(?<!\\)\]\([^)\n]*\)|<!--.*?-->|<[^<>\n]*>")
#: A line that opens (or closes) a fenced code block: three backticks or tildes or more.
_FENCE = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
#: The bars between a table's cells (a bar of the text is written ``\\|``).
_CELL_BAR = re.compile(r"(?<!\\)\|")


def isolate_markdown(markdown: str, texts: Iterable[str]) -> str:
    """``markdown`` (a handout, a report, a comparison) with each of ``texts`` that holds
    right-to-left letters, as Markdown escapes it, between :data:`FSI` and :data:`PDI`
    where it stands in the text, never in a code span, a fenced code block, a link's
    address or a tag; each line, and each cell of a table, that starts with one led by
    :data:`LRM`.

    >>> marked = str.maketrans({FSI: "[", PDI: "]", LRM: "~"})
    >>> print(isolate_markdown("| ש → ב | `ש` |", ["ש", "ב"]).translate(marked))
    | ~[ש] → [ב] | `ש` |
    """
    from activity_systems.markdown_escaping import escape_line

    wanted: set[str] = set()
    for text in texts:
        for line in (text, *text.splitlines()):
            if line and is_right_to_left(line):
                wanted |= {" ".join(line.split()), escape_line(line)}
    if not wanted:
        return markdown
    found = TextFinder(sorted(wanted))
    lines = []
    fence = ""  # the fence of the code block the line is in, if any
    for line in markdown.split("\n"):
        if fence:  # a code block is written as it is, to be copied as it is
            fence = "" if _closes(line, fence) else fence
            lines.append(line)
            continue
        if opening := _FENCE.match(line):
            fence = opening[1]
            lines.append(line)
            continue
        pieces, at = [], 0
        for literal in _MARKDOWN_LITERAL.finditer(line):
            pieces += [found.sub(_isolated, line[at : literal.start()]), literal[0]]
            at = literal.end()
        line = "".join([*pieces, found.sub(_isolated, line[at:])])
        if line.startswith("|"):
            lines.append("|".join(_led(cell) for cell in _CELL_BAR.split(line)))
        else:
            lines.append(_led(line))
    return "\n".join(lines)


def _closes(line: str, fence: str) -> bool:
    """True when ``line`` closes the code block that ``fence`` opened: as many of its
    backticks or tildes or more, and nothing else.

    >>> _closes("````", "```"), _closes("```yaml", "```"), _closes("```", "~~~")
    (True, False, False)
    """
    mark = line.strip(" ")
    indent = len(line) - len(line.lstrip(" "))
    return indent <= 3 and len(mark) >= len(fence) and not mark.strip(fence[0])


def _isolated(match: re.Match[str]) -> str:
    # a function, not a template such as "\u2068\\g<0>\u2069": re would look the template
    # up for each piece of text by the pattern, hashing all of it each time
    return FSI + match[0] + PDI
