"""How findings name things: labels with references, durations with en dashes, lists.

>>> from activity_systems import DurationRange
>>> span(DurationRange.parse("4-8 weeks")), span(DurationRange.parse("36 hours-2 days"))
('4–8 weeks', '36 hours–2 days')
>>> listing(["diagnosis", "sentencing-advice", "offence-illness-link"])
'diagnosis, sentencing-advice and offence-illness-link'
"""

from __future__ import annotations

from collections.abc import Sequence

from activity_systems.model.case import Case, Located
from activity_systems.model.durations import DurationRange
from activity_systems.model.relations import Exchange


def span(duration: DurationRange) -> str:
    """``4–8 weeks``: a duration or range as a message shows it."""
    return str(duration).replace("-", "–")


def listing(items: Sequence[str], *, conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted(label: str) -> str:
    """A label in typographic quotes."""
    return f"“{label}”"


def element_name(located: Located) -> str:
    """``“Patient confidentiality” (mhs.confidentiality)``; an unidentified element is
    called so."""
    if located.element.is_unknown:
        return f"an unidentified {_node_word(located)} ({located.reference})"
    return f"{quoted(located.element.label)} ({located.reference})"


def short_name(located: Located) -> str:
    """``“Patient confidentiality”``: the label alone, as a question shows it; an
    unidentified element is called so."""
    if located.element.is_unknown:
        return f"an unidentified {_node_word(located)}"
    return quoted(located.element.label)


def named(case: Case, reference: str) -> str:
    """:func:`element_name` of a reference, or an exchange's label, or the text itself."""
    if case.has_exchange(reference):
        return exchange_name(case.exchange(reference))
    try:
        return element_name(case.locate(reference))
    except KeyError:
        return reference


def short_named(case: Case, reference: str) -> str:
    """:func:`short_name` of a reference, or an exchange's quoted label, or the text."""
    if case.has_exchange(reference):
        return quoted(case.exchange(reference).label)
    try:
        return short_name(case.locate(reference))
    except KeyError:
        return reference


def exchange_name(exchange: Exchange) -> str:
    """``“Psychiatric report for the court” (court-report)``."""
    return f"{quoted(exchange.label)} ({exchange.id})"


def _node_word(located: Located) -> str:
    words = {
        "tools": "tool",
        "rules": "rule",
        "community": "community member",
        "division_of_labour": "task",
    }
    return words.get(located.node, located.node)
