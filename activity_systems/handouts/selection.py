"""A handout of some of a case's systems: the part of a regional map a workshop works on.

The handout of a selection is the handout of :meth:`Case.subcase
<activity_systems.model.Case.subcase>`: the chosen systems and what lies among them.
What lies between a chosen system and one left out (an exchange, an integration
assessment, an ``advances`` link, and the contradictions found on them) is not in it:
the people in the room cannot work it through with a service that is not there, and the
handout has no figure to draw it on. The cover says so, with how much was left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from activity_systems.errors import ArgumentError
from activity_systems.model import Case
from activity_systems.model.case import subtitled
from activity_systems.rules.finding import Report, systems_named
from activity_systems.rules.wording import listing

#: A selection of up to this many systems is named in the handout's title; a larger one
#: is counted (``Regional map: 12 of its 106 systems``).
NAMED_IN_TITLE = 3
#: The handout of every system warns when it would draw more Figure 3s than this (one per
#: neighbouring pair: a regional map of a hundred services has hundreds).
MANY_PAIR_FIGURES = 20


@dataclass(frozen=True, slots=True)
class Selection:
    """What the handout of chosen systems says about the map they were chosen from."""

    whole: str
    """The title of the whole case."""
    total: int
    """How many systems the whole case has."""
    chosen: tuple[str, ...]
    """The chosen systems' titles, in the case's order."""
    exchanges: int
    """Exchanges between a chosen system and one left out."""
    assessments: int
    """Integration assessments between a chosen system and one left out."""
    advances: int
    """``advances`` links between a chosen system and one left out."""

    @property
    def covers(self) -> str:
        """``This handout covers 2 of the 5 systems of “Region”: A and B.``"""
        return (
            f"This handout covers {len(self.chosen)} of the {self.total} systems of "
            f"“{self.whole}”: {listing(list(self.chosen))}."
        )

    @property
    def left_out(self) -> str:
        """What lies between the chosen systems and the others, left out of the handout.

        >>> print(Selection("Region", 5, ("A", "B"), 3, 1, 0).left_out)
        ... # doctest: +NORMALIZE_WHITESPACE
        Not in it: 3 exchanges and 1 integration assessment between these systems and
        the others, and the contradictions found there; choose more systems to include them.
        >>> print(Selection("Region", 2, ("A",), 1, 0, 0).left_out)
        ... # doctest: +NORMALIZE_WHITESPACE
        Not in it: 1 exchange between this system and the other one, and the contradictions
        found there; choose more systems to include them.
        """
        parts = [
            _count(self.exchanges, "exchange"),
            _count(self.assessments, "integration assessment"),
            _count(self.advances, "link to a more advanced form", "links to more advanced forms"),
        ]
        named = [part for part in parts if part]
        chosen = "this system" if len(self.chosen) == 1 else "these systems"
        others = "the other one" if self.total - len(self.chosen) == 1 else "the others"
        if not named:
            return f"Nothing passes between {chosen} and {others}."
        return (
            f"Not in it: {listing(named)} between {chosen} and {others}, and "
            "the contradictions found there; choose more systems to include them."
        )


def _count(number: int, one: str, many: str | None = None) -> str:
    if not number:
        return ""
    return f"{number} {one if number == 1 else many or one + 's'}"


def many_pair_figures(case: Case) -> str | None:
    """What to say before drawing the handout of every system of ``case`` when it has
    more than :data:`MANY_PAIR_FIGURES` neighbouring pairs, each a Figure 3, with how
    many figures it draws in all; the caller adds how to choose systems in its own
    terms. ``None`` for fewer.

    >>> case = Case(title="Region", systems=[{"id": "hub", "subject": "S", "object": "O"}]
    ...     + [{"id": f"s{i}", "subject": "S", "object": "O"} for i in range(21)],
    ...   exchanges=[{"id": f"x{i}", "label": "X", "from": f"s{i}", "to": "hub"}
    ...              for i in range(21)])
    >>> many_pair_figures(case).split(", ")  # doctest: +NORMALIZE_WHITESPACE
    ['the handout of its 22 systems draws 21 Figure 3s', 'one for each neighbouring pair',
     '44 figures in all']
    >>> many_pair_figures(case.subcase(["hub", "s0"])) is None
    True
    """
    pairs = len(case.neighbours())
    if pairs <= MANY_PAIR_FIGURES:
        return None
    systems = len(case.systems)
    # a triangle for each system, the overview (of more than two) and the pairs, as
    # figure_specs() lists them: the count that the command line's counter ends at
    figures = systems + (systems > 2) + pairs
    return (
        f"the handout of its {systems} systems draws {pairs} Figure 3s, "
        f"one for each neighbouring pair, {figures} figures in all"
    )


def select(case: Case, systems: Sequence[str]) -> tuple[Case, Selection | None]:
    """The case a handout of ``systems`` shows, and what its cover says about the rest.
    Choosing every system is the whole case, with no :class:`Selection`.

    >>> case = Case(title="Region", systems=[
    ...     {"id": s, "subject": "S", "object": "O"} for s in ("a", "b", "c")],
    ...   exchanges=[{"id": "ab", "label": "X", "from": "a", "to": "b"},
    ...              {"id": "bc", "label": "Y", "from": "b", "to": "c"}])
    >>> part, selection = select(case, ["b", "a"])
    >>> part.title, selection.covers
    ('Region: a and b', 'This handout covers 2 of the 3 systems of “Region”: a and b.')

    Raises:
        ArgumentError: (a ``ValueError``) when ``systems`` names none.
        UnknownIdError: (a ``KeyError``) for an id that is not one of the case's systems,
            naming the closest id.
    """
    if isinstance(systems, str):  # one id, not its letters
        systems = [systems]
    if not systems:
        raise ArgumentError("choose at least one system for the handout")
    part = case.subcase(systems)
    if len(part.systems) == len(case.systems):
        return case, None
    part = without_actions_elsewhere(case, part)
    kept = {system.id for system in part.systems}

    def across(a: str, b: str) -> bool:
        return (a in kept) != (b in kept)

    if len(part.systems) > NAMED_IN_TITLE:
        part = part.model_copy(
            update={
                "title": subtitled(
                    case.title, f"{len(part.systems)} of its {len(case.systems)} systems"
                )
            }
        )
    selection = Selection(
        whole=case.title,
        total=len(case.systems),
        chosen=tuple(system.title for system in part.systems),
        exchanges=sum(across(x.from_, x.to) for x in case.exchanges),
        assessments=sum(across(*i.between) for i in case.integration),
        advances=sum(across(a, b) for a, b in case.advances_pairs()),
    )
    return part, selection


def without_actions_elsewhere(whole: Case, part: Case) -> Case:
    """``part`` without the actions, named by a finding's key alone, whose finding the
    whole case reports with a system that ``part`` leaves out. :meth:`Case.subcase
    <activity_systems.model.Case.subcase>` keeps every such action, as it cannot tell
    where its finding lies; the handout would list it as resolved.

    >>> case = Case(title="Region", systems=[
    ...     {"id": s, "subject": "S", "object": "O"} for s in ("a", "b")],
    ...   integration=[{"between": ["a", "b"], "current": "linkage", "desired": "cooperation"}],
    ...   actions=[{"finding": "AS501-e2afced021", "strategy": "Meet monthly"}])
    >>> from activity_systems import check
    >>> check(case).findings[0].key
    'AS501-e2afced021'
    >>> case.subcase(["a"]).actions[0].strategy
    'Meet monthly'
    >>> without_actions_elsewhere(case, case.subcase(["a"])).actions
    ()
    """
    if not any(isinstance(action.finding, str) for action in part.actions):
        return part
    from activity_systems.rules.engine import run_rules

    kept = {system.id for system in part.systems}
    elsewhere = {
        finding.key
        for finding in run_rules(whole).findings
        if not systems_named(whole, finding.elements) <= kept
    }
    actions = tuple(a for a in part.actions if a.finding_key not in elsewhere)
    return part if actions == part.actions else part.model_copy(update={"actions": actions})


def check_report(part: Case, report: Report) -> None:
    """Refuse a report that is not of the chosen systems: its findings would be numbered
    and listed with nothing in the figures to match them.

    Raises:
        ArgumentError: (a ``ValueError``) when a finding names a system, element or
            exchange left out.
    """
    kept = {system.id for system in part.systems}
    for finding in report.findings:
        for reference in finding.elements:
            if not systems_named(part, [reference]) <= kept:
                raise ArgumentError(
                    f"the report names {reference!r}, which is not among the chosen systems: "
                    "give the report of the chosen systems with the same rules, "
                    "check(case.subcase(systems), rules=report.rules_run), or none"
                )
