"""The fixed words a figure shows or a screen reader reads, in one replaceable object.

A figure's own words (the nodes' names, the legend's lines, the caption's notes, its
title and the bolts' tooltips) are English unless a :class:`FigureWords` of one's own is
given to :func:`~activity_systems.render.render` or :func:`~activity_systems.render.figure`
(``words=``), as a :class:`~activity_systems.render.Theme` is: ``FigureWords()`` is the
English, and a figure drawn with it is byte for byte the figure drawn without it.

Each word is a whole phrase; what the figure fills in is a placeholder (``{system}``,
``{count}``, ``{numbers}``), which goes where the language puts it. A word that counts
has a form for none, one and more (``contradictions_none``, ``contradictions_one``,
``contradictions``), since a language may say "1 contradiction" otherwise than "5". A
language with more forms than that gives a word that counts (one with ``{count}``) as a
:class:`CountedWord`: a text for each form, and the rule that names the form of a number
(Polish says "2 wybrane sprzeczności" but "5 wybranych sprzeczności").

The caption joins a note to a line with ``separator`` and parts a list with ``comma``;
it changes no letter's case (Arabic has none, and Turkish lower-cases "I" as "ı"), so a
note that stands both alone and after the separator has a word for each (``exchanges``
and ``exchanges_alone``, ``undrawn`` and ``undrawn_after``; see :meth:`FigureWords.form`).

What stays English whatever the words: the findings' messages (the rules'), a case's
own texts, the rules' ids (``AS301``), and the overview's summary of a large case
(its "×N" lines). A rule left out is named as the report names it.

>>> words = FigureWords(subject="Goddrych")
>>> words.node("subject"), words.node("tools")
('Goddrych', 'Tools')
>>> words.say("activity_system", system="Court")
'Court: activity system'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from activity_systems.model import NODE_TITLES, NodeName

#: A placeholder: a name in braces. "{}" is no placeholder but text, as in a _words.j2.
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: The numbers a word's forms are checked against: every plural rule of the CLDR repeats
#: within the first hundreds (Polish at 100, 112, 122), so a form missing for a number
#: shows below 200.
CHECKED_COUNTS = range(200)


@dataclass(frozen=True, slots=True)
class CountedWord:
    """A word that counts, in each form a language gives a number: ``forms`` by the name
    of the form (the CLDR's names, ``one``, ``few``, ``many``, ``other``, or any others),
    and ``plural``, which names the form of a number. A word with ``{count}`` may be one,
    in place of a text; each form has the placeholders the text would.

    >>> def polish(n: int) -> str:
    ...     few = n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
    ...     return "one" if n == 1 else "few" if few else "many"
    >>> levels = CountedWord({"few": "{count} poziomy", "many": "{count} poziomów"}, polish)
    >>> [levels.text(n).format(count=n) for n in (2, 5, 22)]
    ['2 poziomy', '5 poziomów', '22 poziomy']
    """

    forms: Mapping[str, str]
    plural: Callable[[int], str]

    def text(self, count: object) -> str:
        """The form for ``count`` (a number, as a placeholder is given it)."""
        return self.forms[self.form_of(int(str(count)))]

    def form_of(self, count: int) -> str:
        """The name of ``count``'s form, as :attr:`plural` gives it, stripped."""
        return str(self.plural(count)).strip()

    def problem(self, counts: range = CHECKED_COUNTS) -> str | None:
        """What is wrong with the forms, for the numbers ``counts``, or ``None``: a form
        that :attr:`plural` names and the word lacks (told with the first number that
        needs it), or a form it never names (misspelt, told first, with the one meant)."""
        named: dict[str, int] = {}
        for count in counts:
            named.setdefault(self.form_of(count), count)
        for form in self.forms:
            if form not in named:
                close = difflib.get_close_matches(form, sorted(named), n=1, cutoff=0.6)
                meant = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "it names " + ", ".join(map(repr, sorted(named)))
                )
                return f"has the form {form!r}, which plural() never names; {meant}"
        for form, count in named.items():
            if form not in self.forms:
                return f"has no form {form!r}, which plural({count}) names"
        return None


#: A word: a text, or, where it counts, a text for each form of a number.
Word = str | CountedWord


def counted_numbers(has_one: bool) -> range:
    """The numbers a word that counts is said with: from 2 where a word for one stands
    beside it (``move_to_go_one`` beside ``move_to_go``), else from 0."""
    return range(2, CHECKED_COUNTS.stop) if has_one else CHECKED_COUNTS


@dataclass(frozen=True, slots=True)
class FigureWords:
    """The fixed words of the figures, English by default (see the module's text).

    The placeholders each word takes are those of its English default, no more and no
    fewer: a word of one's own with another is refused when the object is made, naming
    the word and the placeholders it takes.
    """

    # the nodes' names, heading each node and naming it in its tooltip
    subject: str = NODE_TITLES["subject"]
    object: str = NODE_TITLES["object"]
    outcome: str = NODE_TITLES["outcome"]
    tools: str = NODE_TITLES["tools"]
    rules: str = NODE_TITLES["rules"]
    community: str = NODE_TITLES["community"]
    division_of_labour: str = NODE_TITLES["division_of_labour"]
    #: the shared object's heading in a pair's figure
    shared_object: str = "Shared object (object 3)"
    # the figure's title, its SVG's <title>, which a screen reader reads first
    activity_system: str = "{system}: activity system"
    #: the title of a system drawn without its case, with contradictions: checked as a
    #: case of its own, which counts none of those with the other systems of its case
    #: (left English beside an ``activity_system`` of one's own, that one is the title)
    activity_system_alone: str = "{system}: activity system checked on its own"
    pair: str = "{first} and {second} around their shared object"
    overview: Word = "overview of {count} activity systems"
    overview_subtitle: Word = "{count} activity systems and what passes between them"
    contradictions_none: str = "{what}, no contradictions"
    contradictions_one: str = "{what}, 1 contradiction"
    contradictions: Word = "{what}, {count} contradictions"
    chosen_none: str = "{what}, no chosen contradictions"
    chosen_one: str = "{what}, 1 chosen contradiction"
    chosen: Word = "{what}, {count} chosen contradictions"
    #: what joins a note to the line before it on a caption's line ("؛ " in Arabic)
    separator: str = "; "
    #: what parts a list's items: the numbers of a caption's note and of a tooltip, and a
    #: finding's rule, level and severity in its tooltip ("، " in Arabic)
    comma: str = ", "
    # the caption's key: how contradictions and exchanges are drawn
    bolts: str = "Zig-zag arrows: contradictions, numbered as in the report"
    dashed_bolts: str = "Dashed zig-zag arrows: contradictions, numbered as in the report"
    #: after :attr:`separator`, on the key's first line
    outward: str = "an arrow pointing out of a node: a contradiction with another system"
    inward: str = "A short arrow pointing into a node: a contradiction within it"
    gathered: str = "An arrow with several numbers: that many contradictions between the same nodes"
    #: after :attr:`separator`, on the key's first line where it fits ...
    exchanges: str = "arrows with an open head: exchanges"
    #: ... else on a line of its own
    exchanges_alone: str = "Arrows with an open head: exchanges"
    # the caption's notes
    #: on a line of its own ...
    undrawn: str = "In the report only, not drawn: {numbers}"
    #: ... or after :attr:`separator`, on the key's last line where it fits
    undrawn_after: str = "in the report only, not drawn: {numbers}"
    more: Word = "{count} more"  # also a node's "+3 more" elements not shown
    and_: str = "{first} and {last}"
    left_out: str = "Left out for this case: {rules}."
    left_out_names: str = "{rules} (names in the report)"
    left_out_reasons: str = "{rules} (reasons in the report)"
    left_out_both: str = "{rules} (names and reasons in the report)"
    # tooltips
    contradiction: str = "Contradiction {number}"
    contradictions_many: str = "Contradictions {numbers}"
    exchange: str = "Exchange: {label}"
    primary: str = "primary"
    secondary: str = "secondary"
    tertiary: str = "tertiary"
    quaternary: str = "quaternary"
    high: str = "high"
    medium: str = "medium"
    low: str = "low"

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            wanted = placeholders(field.default)  # type: ignore[arg-type]
            if isinstance(value, CountedWord) and "count" in wanted:
                self._check_forms(field.name, value, wanted)
                continue
            if not isinstance(value, str):
                raise TypeError(
                    f"the figure word {field.name!r} is {type(value).__name__} {value!r}, "
                    "not a text"
                )
            given = placeholders(value)
            if given != wanted:
                takes = ", ".join(f"{{{n}}}" for n in sorted(wanted)) or "no placeholder"
                raise ValueError(f"the figure word {field.name!r} is {value!r}; it takes {takes}")

    @staticmethod
    def _check_forms(name: str, word: CountedWord, wanted: set[str]) -> None:
        takes = ", ".join(f"{{{n}}}" for n in sorted(wanted))
        for form, text in word.forms.items():
            if not isinstance(text, str) or placeholders(text) != wanted:
                raise ValueError(
                    f"the figure word {name!r} (its form {form!r}) is {text!r}; it takes {takes}"
                )
        # a word with a form for one beside it (``contradictions_one``) is said from 2
        has_one = any(field.name == f"{name}_one" for field in fields(FigureWords))
        problem = word.problem(counted_numbers(has_one))
        if problem:
            raise ValueError(f"the figure word {name!r} {problem}")

    def form(self, key: str, other: str) -> str:
        """Which of two forms of a word to use where ``key`` goes (:attr:`exchanges_alone`
        or :attr:`exchanges`, :attr:`undrawn_after` or :attr:`undrawn`): ``key``, or
        ``other`` where ``key`` is left English while ``other`` is one's own.

        A figure changes no letter's case: ``"I".lower()`` is "i" where Turkish needs
        "ı", and Arabic has no case. A word of one's own given in one form alone is put
        as written in both places, rather than English beside it.

        >>> FigureWords(exchanges="saethau â phen agored").form("exchanges_alone", "exchanges")
        'exchanges'
        >>> FigureWords().form("exchanges_alone", "exchanges")
        'exchanges_alone'
        """
        if getattr(self, key) == getattr(ENGLISH, key) and getattr(self, other) != getattr(
            ENGLISH, other
        ):
            return other
        return key

    def node(self, node: NodeName) -> str:
        """The name of ``node`` (``"division_of_labour"`` → "Division of labour")."""
        return str(getattr(self, node))

    def say(self, key: str, **values: str | int) -> str:
        """The word ``key`` with its placeholders filled in from ``values``."""
        return filled(getattr(self, key), values)

    def count(self, what: str, count: int, *, chosen: bool = False) -> str:
        """``what`` and how many contradictions (``chosen`` ones) a figure draws."""
        stem = "chosen" if chosen else "contradictions"
        key = f"{stem}_none" if count == 0 else f"{stem}_one" if count == 1 else stem
        return self.say(key, what=what, count=count)

    def listed(self, items: list[str]) -> str:
        """``"3, 12 and 14"``: the items parted by :attr:`comma`, the last joined with the
        word ``and_``."""
        if len(items) == 1:
            return items[0]
        return self.say("and_", first=self.comma.join(items[:-1]), last=items[-1])


def filled(text: Word, values: Mapping[str, object]) -> str:
    """``text`` with each placeholder filled in from ``values``, in one pass: a value that
    holds braces (a name such as "Ward {second}") is written as it is, not filled in turn.

    >>> filled("{first} and {second}", {"first": "Ward {second}", "second": "Court"})
    'Ward {second} and Court'
    """
    if isinstance(text, CountedWord):
        text = text.text(values["count"])
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def placeholders(text: str) -> set[str]:
    """The names of the placeholders of ``text`` (``{count}`` → ``count``)."""
    return set(_PLACEHOLDER.findall(text))


#: The English words: a figure drawn with them is the figure drawn without any.
ENGLISH = FigureWords()

#: The words a handout never shows, and so does not ask its ``_words.j2`` for: it draws
#: each system with its case, never one checked on its own. A ``_words.j2`` may give them
#: (for figures drawn in Python with its words) or not; one written before they existed
#: still works.
NOT_IN_HANDOUTS = frozenset({"activity_system_alone"})
