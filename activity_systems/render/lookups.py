"""What figures look up in a case and its report, indexed once and shared by every figure.

A figure of one system or of a pair needs only the contradictions and exchanges that
touch its systems. Scanning every finding and every exchange of the case for each figure
would make drawing a pair in a large case cost as much as the case; instead each case
(and each report on it) is indexed once, the first time a figure needs it, and later
figures look up their own systems. Cases and reports are immutable, so an index stays
valid for as long as they live; it is kept for the few most recently drawn.

>>> from activity_systems import check, load
>>> case = load("examples/court-reports.yaml")
>>> [x.id for x in exchanges_between(case, "mhs", "court")]
['court-report']
>>> contradictions(case, check(case)).touching(["court"])[0].number
1
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from activity_systems.model import Case, Exchange, NodeName
from activity_systems.model.types import is_reference
from activity_systems.rules.finding import Finding, Report

#: A node of a figure: (system id, node name).
NodeKey = tuple[str, str]

#: How many cases (or case and report pairs) keep their index.
KEPT = 8

T = TypeVar("T")


def producer_node(case: Case, exchange: Exchange) -> NodeKey:
    """The producer's node an exchange leaves from: the tool it is produced with, else the
    task that produces it, else the producer's outcome or object."""
    if exchange.produced_with is not None:
        return (exchange.from_, case.locate(exchange.produced_with).node)
    system = case.system(exchange.from_)
    if any(exchange.id in task.produces for task in system.division_of_labour):
        return (system.id, "division_of_labour")
    node: NodeName = "outcome" if system.outcome is not None else "object"
    return (system.id, node)


def consumer_node(case: Case, exchange: Exchange) -> NodeKey:
    """The consumer's node an exchange arrives at: the tool that requests it, else the
    consumer's object."""
    if exchange.requested_with is not None:
        return (exchange.to, case.locate(exchange.requested_with).node)
    return (exchange.to, "object")


# What a reference stands for: whether it is an exchange, and its nodes.
_Resolved = tuple[bool, list[NodeKey]]


def finding_nodes(
    case: Case, finding: Finding, *, known: dict[str, _Resolved] | None = None
) -> tuple[list[NodeKey], list[NodeKey]]:
    """The nodes a finding names directly, and the nodes its exchanges join; in order,
    without repeats. References that do not resolve are skipped. ``known`` remembers
    what each reference resolved to, for a caller that resolves many findings' ones."""
    named: list[NodeKey] = []
    joined: list[NodeKey] = []
    for ref in finding.elements:
        resolved = known.get(ref) if known is not None else None
        if resolved is None:
            resolved = _resolve(case, ref)
            if known is not None:
                known[ref] = resolved
        exchange, nodes = resolved
        if exchange:
            joined += nodes
        else:
            named += nodes
    return list(dict.fromkeys(named)), list(dict.fromkeys(joined))


def _resolve(case: Case, ref: str) -> _Resolved:
    """An exchange's two ends, an element's node, a system's subject; no nodes when the
    reference does not resolve."""
    if case.has_exchange(ref):
        exchange = case.exchange(ref)
        return True, [producer_node(case, exchange), consumer_node(case, exchange)]
    if is_reference(ref):
        try:
            found = case.locate(ref)
        except KeyError:
            return False, []
        return False, [(found.system.id, found.node)]
    return False, [(ref, "subject")] if case.has_system(ref) else []


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A contradiction of a report, with its number and the nodes it involves."""

    finding: Finding
    number: int
    named: tuple[NodeKey, ...]
    joined: tuple[NodeKey, ...]


class Contradictions:
    """The contradictions of a report on a case, in report order, by system; and the
    numbers of its other findings (integration, completeness), which no figure draws,
    by the systems they name."""

    def __init__(self, case: Case, report: Report) -> None:
        self.all: list[Contradiction] = []
        self._by_system: dict[str, list[int]] = {}
        self._undrawn: dict[str, list[int]] = {}
        #: findings that name no system of the case: only the overview's caption lists them
        self._of_no_system: list[int] = []
        known: dict[str, _Resolved] = {}  # many findings name the same elements
        for finding in report.findings:
            named, joined = finding_nodes(case, finding, known=known)
            if finding.category != "contradiction" or not (named or joined):
                number = report.number(finding)
                if not (named or joined):
                    self._of_no_system.append(number)
                for system in dict.fromkeys(key[0] for key in named + joined):
                    self._undrawn.setdefault(system, []).append(number)
                continue
            position = len(self.all)
            self.all.append(
                Contradiction(finding, report.number(finding), tuple(named), tuple(joined))
            )
            for system in dict.fromkeys(key[0] for key in named + joined):
                self._by_system.setdefault(system, []).append(position)

    def touching(self, systems: Iterable[str]) -> list[Contradiction]:
        """Those that involve a node of any of ``systems``, in report order."""
        positions: set[int] = set()
        for system in systems:
            positions.update(self._by_system.get(system, ()))
        return [self.all[p] for p in sorted(positions)]

    def undrawn(self, systems: Iterable[str], *, whole_case: bool = False) -> list[int]:
        """The numbers of the findings other than contradictions that name any of
        ``systems`` (or one of their elements), in report order; with ``whole_case``,
        also those of the findings that name no system of the case, which no figure
        draws either."""
        numbers = {n for system in systems for n in self._undrawn.get(system, ())}
        if whole_case:
            numbers.update(self._of_no_system)
        return sorted(numbers)


class _Exchanges:
    """A case's exchanges by the pair of systems they pass between."""

    def __init__(self, case: Case) -> None:
        self.between: dict[frozenset[str], list[Exchange]] = {}
        for exchange in case.exchanges:
            self.between.setdefault(frozenset((exchange.from_, exchange.to)), []).append(exchange)


# id() of each object -> the index; the most recently used last. An entry goes when one
# of its objects does (so a new object that takes the id of a dead one is not mistaken
# for it), and the oldest goes when more than KEPT are kept.
_KEPT: dict[tuple[int, ...], tuple[tuple[weakref.ref[Any], ...], object]] = {}


def _kept(objects: tuple[Any, ...], build: Callable[[], T], kind: type[T]) -> T:
    key = (id(kind), *map(id, objects))
    entry = _KEPT.pop(key, None)
    if entry is None:
        refs = tuple(weakref.ref(o, lambda _: _KEPT.pop(key, None)) for o in objects)
        entry = (refs, build())
    _KEPT[key] = entry
    while len(_KEPT) > KEPT:
        del _KEPT[next(iter(_KEPT))]
    found = entry[1]
    assert isinstance(found, kind)
    return found


def contradictions(case: Case, report: Report) -> Contradictions:
    """The report's contradictions on ``case``, indexed by system (built on first use)."""
    return _kept((case, report), lambda: Contradictions(case, report), Contradictions)


def exchanges_between(case: Case, a: str, b: str) -> list[Exchange]:
    """The exchanges between systems ``a`` and ``b``, either way, in case order."""
    index = _kept((case,), lambda: _Exchanges(case), _Exchanges)
    return list(index.between.get(frozenset((a, b)), ()))
