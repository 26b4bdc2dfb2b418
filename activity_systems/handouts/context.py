"""What a handout template sees: the case and report arranged as the handout's sections.

Templates receive plain, ordered values (dataclasses, tuples, strings) so that the same
case always gives the same handout, and a user's template can rely on documented names:

- ``case``, ``report``, ``theme``: the inputs.
- ``figures``: every :class:`Figure` in order; ``pair_figures`` and ``overview`` are the
  Figure 3 style ones.
- ``systems``: a :class:`SystemSection` per system (its figure and element table).
- ``levels``: :class:`LevelGroup` per contradiction level that has findings, then the
  integration and completeness findings.
- ``left_out``: a :class:`~activity_systems.LeftOutRule` per rule the
  case leaves out (its ``leave_out``, in its order), with the group's reason and who
  decided; empty when it leaves none out.
- ``worksheets``: a :class:`Worksheet` (SOI) per pair of neighbouring systems, named
  and ordered as the figures of the pairs are (:func:`neighbour_pairs`).
- ``competencies``: :class:`CompetencyItem` for every competency the findings call for.
- ``actions``: :class:`ActionRow` per finding to act on, filled from the case's
  ``actions`` where it has them; ``resolved``: the reviews of actions whose finding is
  not reported (resolved, obsolete when its elements are gone, unreported when an
  earlier version given did not report it either, or unchecked).
- ``selection``: for a handout of some of the case's systems, a
  :class:`~activity_systems.handouts.selection.Selection` (what part of the map it
  covers and what it leaves out); ``None`` for the whole case.

Each handout's templates get a copy of these of their own (:func:`own_copy`): what a
template changes in them is gone with the handout.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from activity_systems.model import NODE_TITLES, Case, Element, ObjectElement, Rule, Task, Tool
from activity_systems.model.actions import Action
from activity_systems.model.relations import (
    LEVEL_MEANINGS,
    SOI_DESCRIPTIONS,
    IntegrationAssessment,
    IntegrationLevel,
)
from activity_systems.model.system import ActivitySystem
from activity_systems.rules.action_review import ActionReview, review_actions
from activity_systems.rules.finding import Finding, Report
from activity_systems.rules.wording import span
from activity_systems.vocab import competencies as shipped_competencies
from activity_systems.vocab import competency_label

FigureKind = Literal["system", "pair", "overview"]
#: The variables every handout template receives, in the order the Handouts page lists
#: them ("What a template receives"): what a template that names another is told.
TEMPLATE_VARIABLES = (
    "case",
    "report",
    "theme",
    "figures",
    "systems",
    "overview",
    "pair_figures",
    "levels",
    "left_out",
    "worksheets",
    "competencies",
    "actions",
    "resolved",
    "earlier",
    "counts",
    "progress",
    "selection",
    "paper",
)

LEVEL_HEADINGS: dict[str, tuple[str, str]] = {
    "primary": ("Primary contradictions", LEVEL_MEANINGS["primary"]),
    "secondary": ("Secondary contradictions", LEVEL_MEANINGS["secondary"]),
    "tertiary": ("Tertiary contradictions", LEVEL_MEANINGS["tertiary"]),
    "quaternary": ("Quaternary contradictions", LEVEL_MEANINGS["quaternary"]),
    "none": ("Integration and completeness", "gaps in integration and in the analysis itself"),
}


_BASIS = {
    "core": "core work",
    "statutory": "statutory duty",
    "contracted": "contracted",
    "voluntary": "voluntary",
    "private-consultancy": "private consultancy",
    "over-workload": "over and above the workload",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """One diagram of the handout; ``svg`` is filled for HTML, ``filename`` for Markdown.
    ``scrolls`` says that an HTML handout's figure is too wide to read shrunk to the page
    (wider than :data:`~activity_systems.render.notebook.READABLE_WIDTH` points, as an
    overview of many systems is), so that on screen it keeps a size that reads in a box
    that scrolls sideways. ``width`` is the figure's drawn width in points (0 if
    unknown): on screen a pair's figure or the overview keeps at least three quarters
    of it, its text 9 pixels high or more, and scrolls sideways in its box where the
    screen is too narrow for that."""

    number: int
    kind: FigureKind
    slug: str
    title: str
    systems: tuple[str, ...]
    svg: str = ""
    filename: str = ""
    scrolls: bool = False
    width: float = 0.0

    @property
    def caption(self) -> str:
        """``Figure 1. Magistrates' court``."""
        return f"Figure {self.number}. {self.title}"

    @property
    def caption_id(self) -> str:
        """The id of the figure's caption in an HTML handout (``figure-1-caption``), which
        names its inline SVG for screen readers (``aria-labelledby``)."""
        return f"figure-{self.number}-caption"

    @property
    def link(self) -> str:
        """The file name as a relative URL (for Markdown)."""
        return quote(self.filename)


@dataclass(frozen=True, slots=True)
class ElementRow:
    """An element as a table row: label, description with details, source."""

    id: str
    label: str
    unknown: bool
    description: str
    details: tuple[tuple[str, str], ...]
    source: str


@dataclass(frozen=True, slots=True)
class NodeGroup:
    """The elements of one node, under its heading."""

    node: str
    title: str
    rows: tuple[ElementRow, ...]


@dataclass(frozen=True, slots=True)
class SystemSection:
    """A system with its figure and element table."""

    system: ActivitySystem
    figure: Figure
    nodes: tuple[NodeGroup, ...]


@dataclass(frozen=True, slots=True)
class FindingItem:
    """A finding with its number (as on the figures) and readable competencies."""

    number: int
    finding: Finding
    competencies: tuple[str, ...]
    involves: tuple[str, ...]
    #: Whether the finding's message, explanation and question are the library's own
    #: English: a built-in rule's, or a contradiction the participants declare. A page
    #: in another language marks them English; a rule of one's own may write in the
    #: page's language, and is not marked. A declared contradiction's explanation that is
    #: the participants' note is their own words, and is not marked either.
    english: bool = False


@dataclass(frozen=True, slots=True)
class LevelGroup:
    """The findings at one level, with the level's heading and where such clashes sit."""

    level: str
    title: str
    where: str
    items: tuple[FindingItem, ...]


@dataclass(frozen=True, slots=True)
class LevelCell:
    """One level of the continuum on a worksheet."""

    level: str
    label: str
    description: str
    current: bool
    desired: bool


@dataclass(frozen=True, slots=True)
class Worksheet:
    """The SOI worksheet of one pair of systems; ``assessment`` is None when not yet done."""

    systems: tuple[ActivitySystem, ActivitySystem]
    assessment: IntegrationAssessment | None
    cells: tuple[LevelCell, ...]

    @property
    def title(self) -> str:
        """``Magistrates' court and Community mental health services``."""
        return f"{self.systems[0].title} and {self.systems[1].title}"


@dataclass(frozen=True, slots=True)
class CompetencyItem:
    """A competency to develop and the numbers of the findings that call for it."""

    slug: str
    label: str
    description: str
    frameworks: tuple[str, ...]
    numbers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ActionRow:
    """A row of the action plan: a finding and, when the case has one, its action.

    ``involves`` names what the finding involves (elements, exchanges, systems), so that
    a row tells its contradiction apart from others of the same rule on a page of its
    own, as the plan is handed out in the graduated phase.
    """

    number: int
    summary: str
    key: str
    action: Action | None = None
    involves: tuple[str, ...] = ()


def _names(system: ActivitySystem, ids: Sequence[str]) -> str:
    labels = []
    for element_id in ids:
        if element_id == "subject" or system.has_element(element_id):
            labels.append(system.element(element_id).label)
        else:
            labels.append(element_id)
    return ", ".join(labels)


def _exchange_names(case: Case, ids: Sequence[str]) -> str:
    return ", ".join(case.exchange(x).label if case.has_exchange(x) else x for x in ids)


def _details(case: Case, system: ActivitySystem, element: Element) -> tuple[tuple[str, str], ...]:
    details: list[tuple[str, str]] = []
    if isinstance(element, ObjectElement) and element.purpose:
        details.append(("Purpose", element.purpose))
    if isinstance(element, Tool):
        if element.turnaround is not None:
            details.append(("Turnaround", span(element.turnaround)))
        if element.provides:
            details.append(("Provides", ", ".join(element.provides)))
    if isinstance(element, Rule):
        if element.kind:
            details.append(("Kind", element.kind))
        if element.time_limit is not None:
            details.append(("Time limit", span(element.time_limit)))
        if element.withholds:
            details.append(("Withholds", ", ".join(element.withholds)))
        if element.applies_to:
            details.append(("Applies to", _names(system, element.applies_to)))
    if isinstance(element, Task):
        details.append(("By", _names(system, [element.by]) if element.by else "nobody"))
        details.append(("Basis", _BASIS.get(element.basis, element.basis)))
        if element.produces:
            details.append(("Produces", _exchange_names(case, element.produces)))
    if element.values:
        details.append(("Values", ", ".join(element.values)))
    return tuple(details)


def _row(case: Case, system: ActivitySystem, element: Element) -> ElementRow:
    return ElementRow(
        id=element.id,
        label=element.label,
        unknown=element.is_unknown,
        description=element.description or "",
        details=_details(case, system, element),
        source=element.source or "",
    )


def system_section(case: Case, system: ActivitySystem, figure: Figure) -> SystemSection:
    """Every element of a system, grouped by node in the order of the case file."""
    nodes = tuple(
        NodeGroup(node, NODE_TITLES[node], tuple(_row(case, system, e) for e in system.node(node)))
        for node in NODE_TITLES
    )
    return SystemSection(system, figure, nodes)


def _named(case: Case, reference: str) -> tuple[str, str]:
    """What a finding's reference names, and where it is: ``("Psychiatric report",
    "Community mental health services, tools")``, ``(label, "exchange")``, ``(title,
    "system")``; an unknown reference is its own name, nowhere."""
    if case.has_exchange(reference):
        return case.exchange(reference).label, "exchange"
    try:
        located = case.locate(reference)
    except KeyError:
        try:
            return case.system(reference).title, "system"
        except KeyError:
            return reference, ""
    return located.element.label, f"{located.system.title}, {NODE_TITLES[located.node].lower()}"


def _involves(case: Case, finding: Finding) -> tuple[str, ...]:
    named = (_named(case, reference) for reference in finding.elements)
    return tuple(f"{label} ({where})" if where else label for label, where in named)


def _labels(case: Case, finding: Finding) -> tuple[str, ...]:
    """The names of what a finding involves, each once, in the finding's order."""
    return tuple(dict.fromkeys(_named(case, reference)[0] for reference in finding.elements))


def english_rules() -> frozenset[str]:
    """The ids of the rules whose messages are the library's English (the built-in
    rules' and a declared contradiction's), which a page in another language marks
    ``lang="en"``; a rule of the user's speaks the user's language."""
    from activity_systems.rules.declared import DECLARED_RULE
    from activity_systems.rules.engine import BUILTIN_RULES  # the engine loads lazily

    return frozenset({DECLARED_RULE, *(spec.id for spec in BUILTIN_RULES)})


def level_groups(case: Case, report: Report) -> tuple[LevelGroup, ...]:
    """Findings grouped by level, numbered as in the report and on the figures."""
    english = english_rules()
    groups: list[LevelGroup] = []
    for level, findings in report.by_level().items():
        if not findings:
            continue
        title, where = LEVEL_HEADINGS[level]
        items = tuple(
            FindingItem(
                number=report.number(f),
                finding=f,
                competencies=f.competency_labels,
                involves=_involves(case, f),
                english=f.rule in english,
            )
            for f in findings
        )
        groups.append(LevelGroup(level, title, where, items))
    return tuple(groups)


def neighbour_pairs(case: Case) -> list[tuple[str, str]]:
    """The neighbouring pairs as the handout names them, everywhere: each pair's systems,
    and the pairs, in the order the case lists its systems (the first on the left of its
    figure), however an exchange or ``between`` gives them.

    >>> case = Case(title="T", systems=[
    ...     {"id": s, "subject": "S", "object": "O"} for s in ("inreach", "probation", "cmht")],
    ...   exchanges=[{"label": "X", "from": "cmht", "to": "inreach"},
    ...              {"label": "Y", "from": "probation", "to": "inreach"}])
    >>> neighbour_pairs(case)
    [('inreach', 'probation'), ('inreach', 'cmht')]
    """
    place = {system.id: k for k, system in enumerate(case.systems)}
    pairs = [(a, b) if place[a] < place[b] else (b, a) for a, b in case.neighbours()]
    return sorted(pairs, key=lambda pair: (place[pair[0]], place[pair[1]]))


def worksheet_pairs(case: Case) -> list[tuple[str, str]]:
    """Pairs that get a worksheet: the neighbours, or every pair when none are linked,
    in the order of :func:`neighbour_pairs`."""
    pairs = neighbour_pairs(case)
    if pairs:
        return pairs
    ids = [s.id for s in case.systems]
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]


def worksheets(case: Case) -> tuple[Worksheet, ...]:
    """An SOI worksheet per pair, marked with the case's assessment where it has one."""
    assessed = {frozenset(x.between): x for x in case.integration}
    sheets: list[Worksheet] = []
    for a, b in worksheet_pairs(case):
        assessment = assessed.get(frozenset((a, b)))
        cells = tuple(
            LevelCell(
                level=level.value,
                label=level.label,
                description=SOI_DESCRIPTIONS[level],
                current=assessment is not None and assessment.current == level,
                desired=assessment is not None and assessment.desired == level,
            )
            for level in IntegrationLevel
        )
        sheets.append(Worksheet((case.system(a), case.system(b)), assessment, cells))
    return tuple(sheets)


def competency_items(report: Report) -> tuple[CompetencyItem, ...]:
    """The union of the findings' competencies, by label, with the findings' numbers."""
    numbers: dict[str, list[int]] = {}
    for number, finding in enumerate(report.findings, start=1):
        for slug in finding.competencies:
            numbers.setdefault(slug, []).append(number)
    shipped = shipped_competencies()
    items = []
    for slug, found in numbers.items():
        known = shipped.get(slug)
        items.append(
            CompetencyItem(
                slug=slug,
                label=competency_label(slug),
                description=known.description if known else "",
                frameworks=known.frameworks if known else (),
                numbers=tuple(sorted(set(found))),
            )
        )
    return tuple(sorted(items, key=lambda item: (item.label.lower(), item.slug)))


def action_rows(
    case: Case,
    report: Report,
    *,
    known: Iterable[Finding] = (),
    earlier: Iterable[Finding] | None = None,
    carried: Mapping[str, Finding] | None = None,
    done_before: Collection[tuple[str, str]] = (),
    earlier_case: Case | None = None,
    unassessed: Collection[str] = (),
) -> tuple[tuple[ActionRow, ...], tuple[ActionReview, ...]]:
    """Rows of the action plan, and the reviews of actions whose finding is not reported.

    Every contradiction and integration finding gets a row (one per action the case
    gives it, else one to fill in); other findings appear only when an action names them.
    An action whose finding is not reported is *resolved* (with ``earlier``, only when
    the earlier version reported it, else *unreported*), or *obsolete* when the
    finding's elements are gone from the case too; its review's ``probably_means`` is
    the reported finding it probably names wrongly, if any. ``known`` and ``earlier``
    are findings of an earlier version, ``carried`` the earlier keys of declared
    contradictions this report has under another key (an action naming one is on the
    row of the contradiction, which persists), ``done_before`` the actions done in
    the earlier version already, ``earlier_case`` the earlier version itself (an
    action on elements removed since it is *obsolete*) and ``unassessed`` the keys of
    its findings that only a dropped assessment took away, as for
    :func:`~activity_systems.rules.action_review.review_actions`.
    """
    reviews = review_actions(
        case,
        report,
        known=known,
        earlier=earlier,
        carried=carried,
        done_before=done_before,
        earlier_case=earlier_case,
        unassessed=unassessed,
    )
    by_key: dict[str, list[Action]] = {}
    for review in reviews:
        if review.finding is not None:
            by_key.setdefault(review.finding.key, []).append(review.action)
    rows: list[ActionRow] = []
    for number, finding in enumerate(report.findings, start=1):
        actions = by_key.get(finding.key, [])
        if not actions and finding.category == "completeness":
            continue
        summary = f"{finding.rule} {finding.name}"
        involves = _labels(case, finding)
        if not actions:
            rows.append(ActionRow(number, summary, finding.key, involves=involves))
        rows.extend(ActionRow(number, summary, finding.key, action, involves) for action in actions)
    closed = tuple(review for review in reviews if review.finding is None)
    return tuple(rows), closed


def figure_specs(case: Case) -> list[tuple[FigureKind, str, str, tuple[str, ...]]]:
    """``(kind, slug, title, systems)`` of every figure, in handout order: each system,
    the overview when there are more than two systems, then each neighbouring pair. A
    pair is drawn, named and ordered as the case lists its systems, the first on the
    left, as :func:`~activity_systems.render` draws a case of two systems."""
    specs: list[tuple[FigureKind, str, str, tuple[str, ...]]] = [
        ("system", system.id, system.title, (system.id,)) for system in case.systems
    ]
    if len(case.systems) > 2:
        specs.append(("overview", "overview", "Overview of the systems and their exchanges", ()))
    for a, b in neighbour_pairs(case):
        title = f"{case.system(a).title} and {case.system(b).title}"
        specs.append(("pair", f"{a}-{b}", title, (a, b)))
    return specs


def numbered(figures: Sequence[Figure], kind: FigureKind) -> tuple[Figure, ...]:
    """The figures of one kind."""
    return tuple(f for f in figures if f.kind == kind)


def own_copy(values: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of what a handout's templates are given, made for each handout.

    A template from a shared folder may change what it is given (a list it is handed;
    the case and its parts are frozen): in the copy, a change lasts only as long as the
    handout it is made for, and never reaches the next handout or the library. Values
    that refer to one another still do in the copy (``figure is sameas overview``).

    >>> case = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
    ...             value_aliases={"tlc": "treatment"})
    >>> handed = ["court"]
    >>> values = own_copy({"case": case, "first": case.systems[0], "ids": handed})
    >>> values["ids"].clear()
    >>> handed, values["first"] is values["case"].systems[0]
    (['court'], True)
    """
    return copy.deepcopy(dict(values))
