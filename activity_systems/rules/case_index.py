"""Indexes over a case that the rules share, built once per case in linear time.

Cross-system rules look only along exchanges, neighbour pairs and ``advances`` pairs, and
the value-tension rule finds candidate pairs through a tag index, so that checking a case
costs time in proportion to its size rather than to the square of its elements.

>>> from activity_systems import Case
>>> case = Case(title="T", systems=[
...     {"id": "a", "subject": "S", "object": {"label": "O", "values": ["care"]}},
...     {"id": "b", "subject": "S", "object": "O", "advances": "a"}])
>>> index = case_index(case)
>>> index.tags_of["a.object"]
('treatment',)
>>> index.systems_level("a", "b")
'tertiary'
>>> index.in_case_order(["b", "a"])
['a', 'b']
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from activity_systems.model.case import Case, Located
from activity_systems.model.durations import DurationRange
from activity_systems.model.elements import Rule, Tool
from activity_systems.model.relations import Exchange, Level
from activity_systems.model.system import ActivitySystem
from activity_systems.vocab import Vocabulary, shipped_vocabulary


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, eq=False)
class CaseIndex:
    """What the rules look up: neighbours, ``advances`` pairs, tags, producing tasks."""

    case: Case
    vocabulary: Vocabulary
    #: Sorted pairs of system ids linked by an exchange or an integration assessment.
    neighbours: frozenset[tuple[str, str]]
    #: Sorted pairs of system ids where one ``advances`` the other.
    advances: frozenset[tuple[str, str]]
    #: For each system, the other systems it may have a cross-system tension with.
    related: dict[str, tuple[str, ...]]
    #: Ids of the exchanges that some task ``produces``.
    produced: frozenset[str]
    #: For each exchange that some task with a ``by`` produces, who does those tasks
    #: (``subject`` or a community member's id).
    producers: dict[str, frozenset[str]]
    #: For each system, canonical tag -> (reference, element) of those carrying it.
    tagged: dict[str, dict[str, tuple[tuple[str, Located], ...]]]
    #: For each reference of an element that carries values, its canonical tags, sorted.
    tags_of: dict[str, tuple[str, ...]]
    #: Systems and exchanges by id; tools and rules (which exchanges name) by reference.
    systems: dict[str, ActivitySystem]
    #: Each system's title by id (rules name both ends of every exchange).
    titles: dict[str, str]
    #: Each system's place in the case (0 for the first), by id.
    places: dict[str, int]
    exchanges: dict[str, Exchange]
    tools_and_rules: dict[str, Tool | Rule]

    @classmethod
    def build(cls, case: Case) -> CaseIndex:
        """Index a case (linear in its size)."""
        vocabulary = shipped_vocabulary().with_case(case)
        neighbours = frozenset(_pair(x.from_, x.to) for x in case.exchanges) | frozenset(
            _pair(*a.between) for a in case.integration
        )
        advances = frozenset(_pair(s.id, s.advances) for s in case.systems if s.advances)
        related: dict[str, set[str]] = {s.id: set() for s in case.systems}
        for a, b in neighbours | advances:
            related[a].add(b)
            related[b].add(a)
        produced_ids: set[str] = set()
        doers: dict[str, set[str]] = {}
        for system in case.systems:
            for task in system.division_of_labour:
                if not task.produces:
                    continue
                produced_ids.update(task.produces)
                if task.by is not None:
                    for exchange_id in task.produces:
                        doers.setdefault(exchange_id, set()).add(task.by)
        produced = frozenset(produced_ids)
        tagged: dict[str, dict[str, list[tuple[str, Located]]]] = {}
        tags_of: dict[str, tuple[str, ...]] = {}
        tools_and_rules: dict[str, Tool | Rule] = {}
        # the canonical tags of each list of values, worked out once: a case's elements
        # share a few lists of tags from a small vocabulary
        canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
        for system in case.systems:
            own: dict[str, list[tuple[str, Located]]] = tagged.setdefault(system.id, {})
            prefix = f"{system.id}."
            for node, element in system.elements():
                if not element.values:
                    continue
                reference = prefix + element.id
                located = Located(system, node, element)
                tags = canonical.get(element.values)
                if tags is None:
                    tags = canonical[element.values] = tuple(
                        sorted({vocabulary.canonical(t) for t in element.values})
                    )
                tags_of[reference] = tags
                for tag in tags:
                    own.setdefault(tag, []).append((reference, located))
            for tool in system.tools:
                tools_and_rules[prefix + tool.id] = tool
            for rule in system.rules:
                tools_and_rules[prefix + rule.id] = rule
        return cls(
            case=case,
            vocabulary=vocabulary,
            neighbours=neighbours,
            advances=advances,
            related={k: tuple(sorted(v)) for k, v in related.items()},
            produced=produced,
            producers={exchange_id: frozenset(by) for exchange_id, by in doers.items()},
            tagged={
                system: {tag: tuple(items) for tag, items in tags.items()}
                for system, tags in tagged.items()
            },
            tags_of=tags_of,
            systems={s.id: s for s in case.systems},
            titles={s.id: s.title for s in case.systems},
            places={s.id: place for place, s in enumerate(case.systems)},
            exchanges={x.id: x for x in case.exchanges},
            tools_and_rules=tools_and_rules,
        )

    # The same answers as Case.system, Case.locate, Case.takes, Case.needed_within and
    # Case.provides, from dictionaries built once (rules ask them for every exchange).

    def system(self, system_id: str) -> ActivitySystem:
        """The system with this id."""
        return self.systems[system_id]

    def in_case_order(self, system_ids: Iterable[str]) -> list[str]:
        """System ids in the order the case lists its systems: the order in which a
        handout draws, names and lists them, so that a finding naming two systems names
        them as the figures and worksheets beside it do."""
        return sorted(system_ids, key=self.places.__getitem__)

    def locate(self, reference: str) -> Located:
        """The element named by ``<system>.<element-id>``."""
        system_id, _, element_id = reference.partition(".")
        system = self.systems[system_id]
        return Located(system, system.node_of(element_id), system.element(element_id))

    def takes(self, exchange: Exchange) -> DurationRange | None:
        """As :meth:`Case.takes`."""
        if isinstance(exchange.takes, DurationRange):
            return exchange.takes
        ref = exchange.takes if exchange.takes is not None else exchange.produced_with
        if ref is None:
            return None
        tool = self.tools_and_rules[ref]
        return tool.turnaround if isinstance(tool, Tool) else None

    def needed_within(self, exchange: Exchange) -> DurationRange | None:
        """As :meth:`Case.needed_within`."""
        if exchange.needed_within is None or isinstance(exchange.needed_within, DurationRange):
            return exchange.needed_within
        rule = self.tools_and_rules[exchange.needed_within]
        return rule.time_limit if isinstance(rule, Rule) else None

    def provides(self, exchange: Exchange) -> tuple[str, ...]:
        """As :meth:`Case.provides`."""
        if exchange.provides is not None:
            return exchange.provides
        if exchange.producing_tool is None:
            return ()
        tool = self.tools_and_rules[exchange.producing_tool]
        return tool.provides if isinstance(tool, Tool) else ()

    def systems_level(self, a: str, b: str) -> Level | None:
        """Level of a tension between two different systems: ``tertiary`` for an
        ``advances`` pair (even when they are also neighbours), ``quaternary`` for
        neighbours, ``None`` otherwise (no contradiction is placed between them)."""
        pair = _pair(a, b)
        if pair in self.advances:
            return "tertiary"
        if pair in self.neighbours:
            return "quaternary"
        return None

    def exchange_level(self, exchange: Exchange) -> Level:
        """Level of a contradiction along an exchange: ``tertiary`` for an ``advances``
        pair, else ``quaternary``."""
        return "tertiary" if _pair(exchange.from_, exchange.to) in self.advances else "quaternary"


@dataclass
class _Scope:
    case: Case
    index: CaseIndex | None = None


_SCOPE: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar(
    "activity_systems_case_index", default=None
)


@contextlib.contextmanager
def index_scope(case: Case) -> Iterator[None]:
    """Share one index of ``case`` among the rules run inside this block (the engine
    opens one per check; the index is built on first use and dropped at the end)."""
    current = _SCOPE.get()
    if current is not None and current.case is case:
        yield
        return
    token = _SCOPE.set(_Scope(case))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def case_index(case: Case) -> CaseIndex:
    """The index of a case: the one shared in the current :func:`index_scope`, or a new
    one outside it."""
    scope = _SCOPE.get()
    if scope is None or scope.case is not case:
        return CaseIndex.build(case)
    if scope.index is None:
        scope.index = CaseIndex.build(case)
    return scope.index
