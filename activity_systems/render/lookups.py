"""What figures look up in a case and its report, indexed once and shared by every figure.

A figure of one system or of a pair needs only the contradictions and exchanges that
touch its systems. Scanning every finding and every exchange of the case for each figure
would make drawing a pair in a large case cost as much as the case; instead each case
(and each report on it) is indexed once, the first time a figure needs it, and later
figures look up their own systems. Cases and reports are immutable, so an index stays
valid for as long as they live; it is kept for the few most recently drawn. The same
index tells whether a report is of the case it is drawn on (:func:`check_report_of`),
and remembers whether the case the report was made from is equal to it.

>>> from activity_systems import check, load
>>> case = load("examples/court-reports.yaml")
>>> [x.id for x in exchanges_between(case, "mhs", "court")]
['court-report']
>>> contradictions(case, check(case)).touching(["court"])[0].number
1
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, PrivateAttr

from activity_systems.errors import StaleReportWarning, shortened, user_stacklevel, visible
from activity_systems.model import Case, Exchange, NodeName
from activity_systems.model.types import is_reference
from activity_systems.render.deadline import check
from activity_systems.rules.finding import Finding, Report, not_a_finding
from activity_systems.rules.made_from import made_from

#: A node of a figure: (system id, node name).
NodeKey = tuple[str, str]

#: How many cases (or case and report pairs) keep their index.
KEPT = 8

T = TypeVar("T")


def producer_node(case: Case, exchange: Exchange) -> NodeKey:
    """The producer's node an exchange leaves from: the tool it is produced with
    (``produced_with``, else the tool it ``takes`` its time from), else the task that
    produces it, else the producer's outcome or object."""
    if exchange.producing_tool is not None:
        return (exchange.from_, case.locate(exchange.producing_tool).node)
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
        #: how many findings name a reference the case does not have, and the first of
        #: them: its number and that reference
        self.strays: int = 0
        self.first_stray: tuple[int, str] | None = None
        #: whether the case the report was made from is equal to this one, once compared
        self.same_case: bool | None = None
        known: dict[str, _Resolved] = {}  # many findings name the same elements
        for finding in report.findings:
            check()  # the figure's time limit: a regional report has thousands of findings
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
        # each reference was resolved once: look for the findings on those that did not
        # resolve only when there are some (a report of an earlier version of the case)
        unknown = {ref for ref, (_, nodes) in known.items() if not nodes}
        if unknown:
            strays = [f for f in report.findings if not unknown.isdisjoint(f.elements)]
            first = next(ref for ref in strays[0].elements if ref in unknown)
            self.strays = len(strays)
            self.first_stray = (report.number(strays[0]), first)

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


# The case and report that a handout has checked, while it draws its figures with them.
_CHECKED: ContextVar[tuple[Case, Report] | None] = ContextVar("_CHECKED", default=None)


def check_report_of(
    case: Case,
    report: Report,
    *,
    titles: Collection[str] = (),
    advice: str | None = None,
    named: str | None = None,
    part_of: Callable[[Case], bool] | None = None,
) -> None:
    """Refuse a report of another case; warn of one of another version of it.

    A report is of the case whose title it has (``report.case``), or of one of
    ``titles`` (a handout of chosen systems also takes the report of the whole case, or
    of ``case.subcase(systems)``). A report of that title gives a
    :class:`~activity_systems.StaleReportWarning`, once, when it is most likely the
    report of another version of the case:

    - when its findings name elements, exchanges or systems that ``case`` does not have
      (the message says how many, and names one); the references are those that figures
      look up (:class:`Contradictions`, built once for each case and report and kept),
      so checking a pair's figure in a large case costs no more than drawing it;
    - else when it was made from a case object (:func:`made_from
      <activity_systems.rules.made_from.made_from>`) that is neither ``case`` nor equal
      to it (:func:`same_case`, compared once for each case and report), nor one that
      ``case`` is drawn as a part of, as ``part_of`` tells: the whole case and its
      subcase for a handout of chosen systems, the case of a system drawn alone.

    A report made otherwise (read back from JSON, built by hand) is checked by its
    references alone. Within :func:`report_checked` of the same case and report,
    nothing is checked again.

    >>> from activity_systems import check, load
    >>> case = load("examples/court-reports.yaml")
    >>> check_report_of(case, check(case))
    >>> check_report_of(load("examples/court-reports.yaml"), check(case))  # equal: taken
    >>> check_report_of(case, check("examples/segregation-unit.yaml"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the report is of “Caring for segregated prisoners”, not of “Psychiatric ...

    Raises:
        ValueError: for a report of another case, saying what to give instead
            (``advice``, by default ``check(case)`` or no report).
    """
    checked = _CHECKED.get()
    if checked is not None and checked[0] is case and checked[1] is report:
        return
    check_title(case, report, titles=titles, advice=advice, named=named)
    index = contradictions(case, report)
    if index.first_stray is not None:
        number, reference = index.first_stray
        many = (
            "1 finding of the report names"
            if index.strays == 1
            else f"{index.strays} findings of the report name"
        )
        _warn_stale(
            f"{many} an element, exchange or system that “{case.title}” does not "
            f"have (finding {number} names {reference!r}): the report is probably "
            "of an earlier version of the case, with that version's numbers and "
            "findings; give the case's own report, check(case)"
        )
    elif _of_another_version(case, report, index, part_of):
        _warn_stale(
            f"the report was made from another version of {named or f'“{case.title}”'}, "
            "whose content differs from this case's: its numbers and findings are that "
            "version's; give the case's own report, check(case)"
        )


def _of_another_version(
    case: Case,
    report: Report,
    index: Contradictions,
    part_of: Callable[[Case], bool] | None,
) -> bool:
    """Whether ``report`` was made from a case object that differs from ``case`` and
    that ``case`` is not drawn as a part of (see :func:`check_report_of`)."""
    made = made_from(report)
    if made is None or made is case:
        return False
    if index.same_case is None:  # two large cases are compared once, not for each figure
        index.same_case = same_case(made, case, ignoring=unread_fields(report))
    return not index.same_case and not (part_of is not None and part_of(made))


def _warn_stale(message: str) -> None:
    warnings.warn(shortened(visible(message)), StaleReportWarning, stacklevel=user_stacklevel())


#: The fields of a case that no built-in rule reads, so that a report of the built-in
#: rules stays the case's own when only they change: a team writes its actions after
#: the check that gives them their findings, and may reword the case's description or
#: source.
UNCHECKED_FIELDS = frozenset({"description", "source", "actions"})


def unread_fields(report: Report) -> frozenset[str]:
    """The fields of a case that none of the rules ``report`` ran reads: the
    :data:`UNCHECKED_FIELDS` for a report of built-in rules alone; none for a report
    with a rule of the user's, which may read any field (an action plan not yet written).
    """
    from activity_systems.rules.engine import BUILTIN_RULES

    built_in = {rule.id for rule in BUILTIN_RULES}
    return UNCHECKED_FIELDS if built_in.issuperset(report.rules_run) else frozenset()


def same_case(one: Case, other: Case, *, ignoring: Collection[str] = UNCHECKED_FIELDS) -> bool:
    """Whether rules see ``one`` and ``other`` alike: ``one == other`` but for the fields
    ``ignoring`` names (by default the :data:`UNCHECKED_FIELDS`, which no built-in rule
    reads), in a few milliseconds for a case of 200 systems rather than 15 to 30:
    ``==`` compares, besides the fields, the lookups that a case and each of its systems
    build from their fields (equal when the fields are), and compares item by item a
    system that both cases share, as an edited ``model_copy`` shares the systems it
    leaves as they were.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> same_case(case, load("examples/court-reports.yaml"))
    True
    >>> same_case(case, case.model_copy(update={"title": "Edited"}))
    False
    >>> edited = case.model_copy(update={"description": "Edited", "actions": ()})
    >>> same_case(case, edited), same_case(case, edited, ignoring=())
    (True, False)
    """
    if one is other:
        return True
    if type(one) is not type(other):
        return False
    for name in type(one).model_fields:
        if name in ignoring:
            continue
        mine, theirs = one.__dict__[name], other.__dict__[name]
        if mine is theirs:
            continue
        if isinstance(mine, tuple) and isinstance(theirs, tuple):
            if len(mine) != len(theirs) or not all(map(_same_item, mine, theirs)):
                return False
        elif mine != theirs:
            return False
    return True


def _same_item(one: object, other: object) -> bool:
    """``one == other`` for an item of a case's field: a model by its fields alone."""
    if one is other:
        return True
    if isinstance(one, BaseModel):
        if type(one) is not type(other):
            return False
        fields = type(one).model_fields
        return all(one.__dict__[name] == other.__dict__[name] for name in fields)
    return one == other


def check_title(
    case: Case,
    report: Report,
    *,
    titles: Collection[str] = (),
    advice: str | None = None,
    named: str | None = None,
) -> None:
    """The first half of :func:`check_report_of`: refuse a report of another case,
    one whose title is neither ``case``'s nor one of ``titles``.

    Raises:
        ValueError: naming the report's case, the case it should be of (``named``, by
            default ``case``'s title in quotes) and what to give instead (``advice``, by
            default the report of this case, ``check(case)``, or none).
    """
    if report.case == case.title or report.case in titles:
        return
    if named is None and advice is None and case.title.startswith(report.case + ":"):
        # a part of the report's case (Case.subcase titles it so): not its title, which
        # begins as the report's and, cut short, would read as the same
        raise ValueError(
            shortened(
                visible(
                    f"the report is of “{report.case}”, of which this case is a part "
                    "(case.subcase(...)): give the part's own report, check(part), or "
                    "draw the whole case "
                    "with its report and system=..., pair=... or "
                    "findings=report.involving(case, ...)"
                )
            )
        )
    named = named or f"“{case.title}”"
    advice = advice or "give the report of this case, check(case), or none"
    raise ValueError(
        shortened(visible(f"the report is of “{report.case}”, not of {named}: {advice}"))
    )


@contextmanager
def report_checked(case: Case, report: Report) -> Iterator[None]:
    """Within it, :func:`check_report_of` ``case`` and ``report`` passes at once: a
    handout checks its report once, and then draws each of its figures with it."""
    token = _CHECKED.set((case, report))
    try:
        yield
    finally:
        _CHECKED.reset(token)


class _Chosen(Report):
    """Some findings of a report, numbered as that report numbers them: what a figure
    draws for ``findings=`` (see :func:`chosen_findings`). Only figures see it."""

    #: the number, in the report chosen from, of each finding in ``findings``
    _numbers: tuple[int, ...] = PrivateAttr(default=())

    def number(self, finding: Finding) -> int:
        """The finding's number in the report it was chosen from. By its place among
        the chosen ones, not by its key alone: two findings of one rule on the same
        elements share a key, and the report numbers them apart."""
        return self._numbers[super().number(finding) - 1]


def is_chosen(report: Report) -> bool:
    """Whether ``report`` holds only some findings of a report (:func:`chosen_findings`),
    which a figure's title calls chosen."""
    return isinstance(report, _Chosen)


def chosen_findings(report: Report, findings: Iterable[Finding]) -> Report:
    """``report`` with only ``findings``, which keep the numbers ``report`` gives them
    (:meth:`Report.number <activity_systems.Report.number>`); a finding given twice is
    drawn once. A report built of the same findings (:meth:`Report.build
    <activity_systems.Report.build>`) would number them from 1, and a figure of it would
    not match the report's list.

    >>> from activity_systems import check, load
    >>> case = load("examples/court-reports.yaml")
    >>> report = check(case)
    >>> chosen = chosen_findings(report, report.findings[:1:-4])
    >>> [chosen.number(f) for f in chosen.findings]
    [4, 8, 12]

    Raises:
        TypeError: for a report, text, or items that are not findings (a key, say).
        ValueError: for a finding that is not in ``report`` (see :meth:`Report.number
        <activity_systems.Report.number>`).
    """
    if isinstance(findings, Report):
        raise TypeError(
            "findings= takes findings of the report, not a report: give the report as "
            "report=report, and its findings chosen from report.findings (or "
            "report.involving(case, ...), report.at_or_above(...))"
        )
    if isinstance(findings, str) or not isinstance(findings, Iterable):
        raise TypeError(
            "findings= takes findings of the report (a list of them, as report.findings, "
            f"report.at_or_above(...) or report.involving(case, ...) give), not "
            f"{type(findings).__name__}"
        )
    numbers: set[int] = set()
    for finding in findings:
        if not isinstance(finding, Finding):
            raise not_a_finding("findings= takes findings of the report", finding)
        numbers.add(report.number(finding))  # refuses another report's
    ordered = sorted(numbers)
    chosen = _Chosen.model_construct(
        case=report.case,
        findings=tuple(report.findings[number - 1] for number in ordered),
        rules_run=report.rules_run,
        rules_failed=report.rules_failed,
        left_out=report.left_out,  # the case's decision, which the caption says
    )
    chosen._numbers = tuple(ordered)
    return chosen
