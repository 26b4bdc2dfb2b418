"""Looking for the finding a misnamed action means grows linearly with the actions and
findings: counted, not timed.

The generated case is the one that made it quadratic: ``n`` community members of one
system carry a value in tension with its object's (rule AS301 reports ``n`` findings,
each naming the object), and ``n`` actions each name one of them with the object
misspelt. Each action must be compared with the finding of its own member, not with
every finding that names the object. As in ``test_complexity.py``, work is counted (the
findings compared with an action, the lines of Python executed), on ``n`` = 50 and 200
actions: linear work quadruples, work over every pair of action and finding grows
sixteenfold.

The search is checked against the straightforward one it replaced, kept here as
:func:`reference_probable_finding`, on generated findings and actions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from line_counting import lines_executed

from activity_systems import Case, load, loads
from activity_systems.follow_up import compare
from activity_systems.model.actions import Action, FindingReference
from activity_systems.rules import misnamed
from activity_systems.rules.action_review import review_actions
from activity_systems.rules.engine import run_rules
from activity_systems.rules.finding import Finding, Report
from activity_systems.rules.misnamed import element_exists, misspells, probable_finding

COURT = Path(__file__).parent.parent / "examples" / "court-reports.yaml"
#: Actions (and findings) in the smaller and the larger generated case.
SMALL, LARGE = 50, 200
#: Work on the larger case / work on the smaller. Linear: 4; over all pairs: 16.
LIMIT = 4.4
#: Actions in the smaller case that misspell their elements each in its own way, more
#: than get compared with every element; and the most work may grow for twice as many.
DIFFERENT_SMALL, DOUBLED = 100, 2.2


def many_misnamed_actions(n: int, member: Callable[[int], str] = lambda i: f"m{i}") -> str:
    """A case of ``n`` community members who carry ``treatment`` against the object's
    ``punishment``, and an action on each member's tension that misspells the object."""
    lines = [
        "title: Many actions",
        "systems:",
        "  - id: court",
        "    subject: Magistrate",
        "    object: {label: Defendant, values: [punishment]}",
        "    community:",
        *(f"      - {{id: {member(i)}, label: Member {i}, values: [treatment]}}" for i in range(n)),
        "actions:",
        *(
            f"  - {{finding: {{rule: AS301, elements: [court.{member(i)}, court.objcet]}}, "
            f"strategy: Talk to member {i}}}"
            for i in range(n)
        ),
    ]
    return "\n".join(lines) + "\n"


def many_differently_misnamed_actions(n: int) -> str:
    """A case of ``n`` community members who carry ``treatment`` against the object's
    ``punishment``, and an action on each member's tension that misspells the member,
    each in its own way (``court.membr-3-3`` for ``court.member-3-3``)."""
    lines = [
        "title: Many misspellings",
        "systems:",
        "  - id: court",
        "    subject: Magistrate",
        "    object: {label: Defendant, values: [punishment]}",
        "    community:",
        *(
            f"      - {{id: member-{i}-{i}, label: Member {i}, values: [treatment]}}"
            for i in range(n)
        ),
        "actions:",
        *(
            f"  - {{finding: {{rule: AS301, elements: [court.membr-{i}-{i}, court.object]}}, "
            f"strategy: Talk to member {i}}}"
            for i in range(n)
        ),
    ]
    return "\n".join(lines) + "\n"


def checked(n: int) -> tuple[Case, Report]:
    case = loads(many_misnamed_actions(n))
    return case, run_rules(case)


@pytest.fixture(scope="module")
def cases() -> list[tuple[Case, Report]]:
    return [checked(SMALL), checked(LARGE)]


def test_each_generated_action_means_its_own_members_finding() -> None:
    case, report = checked(5)
    reviews = review_actions(case, report)
    assert len(reviews) == 5
    for i, review in enumerate(reviews):
        assert review.fate == "obsolete"  # court.objcet is not in the case
        assert review.probably_means is not None
        assert set(review.probably_means.elements) == {f"court.m{i}", "court.object"}


def test_an_action_is_compared_with_few_findings(
    cases: list[tuple[Case, Report]], monkeypatch: pytest.MonkeyPatch
) -> None:
    examined = 0
    read_as = misnamed._read_as

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal examined
        examined += 1
        return read_as(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(misnamed, "_read_as", counting)
    counts = []
    for case, report in cases:
        examined = 0
        review_actions(case, report)
        counts.append(examined)
    # each action with its own member's finding, not with every finding of the object
    assert counts == [SMALL, LARGE]


def test_reviewing_the_actions_grows_linearly(cases: list[tuple[Case, Report]]) -> None:
    small, large = (
        lines_executed(functools.partial(review_actions, case, report)) for case, report in cases
    )
    assert small > 0
    assert large / small <= LIMIT, f"{large / small:.1f}x the work for 4x the actions"


def test_reviewing_the_actions_since_an_earlier_version_grows_linearly(
    cases: list[tuple[Case, Report]],
) -> None:
    # A review given the earlier version's findings looks each action's finding up among
    # them, as a comparison and a handout since an earlier version do.
    small, large = (
        lines_executed(functools.partial(review_actions, case, report, earlier=report.findings))
        for case, report in cases
    )
    assert large / small <= LIMIT, f"{large / small:.1f}x the work for 4x the actions"


def test_comparing_two_versions_grows_linearly(cases: list[tuple[Case, Report]]) -> None:
    small, large = (lines_executed(functools.partial(compare, case, case)) for case, _ in cases)
    assert large / small <= LIMIT, f"{large / small:.1f}x the work for 4x the actions"


def many_unassessed_actions(n: int) -> Case:
    """A case of ``n`` systems in a row, each assessed with the next, and an action on
    the integration gap of each system and the one after next, which it does not
    assess: every action is told as not checked, its pair not assessed."""
    return Case.model_validate(
        {
            "title": "Many pairs",
            "systems": [{"id": f"s{i}", "subject": "S", "object": "O"} for i in range(n)],
            "integration": [
                {"between": [f"s{i}", f"s{i + 1}"], "current": "linkage", "desired": "cooperation"}
                for i in range(n - 1)
            ],
            "actions": [
                {
                    "finding": {"rule": "AS501", "elements": [f"s{i}", f"s{i + 2}"]},
                    "strategy": "Meet",
                }
                for i in range(n - 2)
            ],
        }
    )


def test_actions_on_unassessed_pairs_grow_linearly() -> None:
    # Whether a pair is assessed is looked up, not searched for among every assessment.
    small, large = (many_unassessed_actions(n) for n in (SMALL, LARGE))
    reports = [run_rules(case, ["AS501"]) for case in (small, large)]
    assert {review.unchecked_because for review in review_actions(small, reports[0])} == {
        "unassessed"
    }
    work = [
        lines_executed(functools.partial(review_actions, case, report))
        for case, report in zip((small, large), reports, strict=True)
    ]
    assert work[1] / work[0] <= LIMIT, f"{work[1] / work[0]:.1f}x the work for 4x the actions"


def test_only_the_first_misspellings_are_compared_with_every_element() -> None:
    # Past MISSPELLING_SEARCHES different misspellings, an action is told as naming an
    # element not in the case, as when no finding is close: in the actions' order.
    n = misnamed.MISSPELLING_SEARCHES + 2
    case = loads(many_differently_misnamed_actions(n))
    reviews = review_actions(case, run_rules(case))
    meant = [review.probably_means for review in reviews]
    searched = misnamed.MISSPELLING_SEARCHES
    assert [set(m.elements) if m else None for m in meant[:searched]] == [
        {f"court.member-{i}-{i}", "court.object"} for i in range(searched)
    ]
    assert meant[searched:] == [None, None]
    assert [review.fate for review in reviews[searched:]] == ["obsolete", "obsolete"]
    assert reviews[-1].missing == (f"court.membr-{n - 1}-{n - 1}",)
    assert review_actions(case, run_rules(case)) == reviews  # the same each time


def test_different_misspellings_are_not_each_compared_with_every_element(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # n actions that each misspell their member otherwise: were each misspelling
    # compared with every element of the system, the work would quadruple for twice the
    # actions (2,000 such actions took over two minutes to check).
    assert misnamed.MISSPELLING_SEARCHES < DIFFERENT_SMALL
    compared = 0
    misspells_one = misnamed._Spelling.misspells

    def counting(ours: misnamed._Spelling, meant: misnamed._Spelling) -> bool:
        nonlocal compared
        compared += 1
        return misspells_one(ours, meant)

    monkeypatch.setattr(misnamed._Spelling, "misspells", counting)
    counts, lines = [], []
    for n in (DIFFERENT_SMALL, 2 * DIFFERENT_SMALL):
        case = loads(many_differently_misnamed_actions(n))
        report = run_rules(case)
        compared = 0
        review_actions(case, report)
        counts.append(compared)
        lines.append(lines_executed(functools.partial(review_actions, case, report)))
    assert counts[1] / counts[0] <= DOUBLED, f"{counts[1] / counts[0]:.1f}x the comparisons"
    assert lines[1] / lines[0] <= DOUBLED, f"{lines[1] / lines[0]:.1f}x the work"


# -- the search it replaced, as the reference -----------------------------------------


def _reference_read_as(
    written: Sequence[str], existing: frozenset[str], meant: Finding
) -> frozenset[str] | None:
    read: set[str] = set()
    for element in written:
        if element in existing or element in meant.elements:
            read.add(element)
            continue
        spelt = [candidate for candidate in meant.elements if misspells(element, candidate)]
        if len(spelt) != 1:
            return None
        read.add(spelt[0])
    return frozenset(read)


def reference_probable_finding(
    case: Case, action: Action, findings: Sequence[Finding]
) -> Finding | None:
    """The finding an action that names its rule and elements means, found by comparing
    the action with every finding of its rule that names an element of it, or one that
    an element of it misspells."""
    assert isinstance(action.finding, FindingReference)
    rule = action.finding.rule.casefold()
    by_key = {finding.key: finding for finding in findings}
    of_rule = [by_key[key] for key in sorted(by_key) if by_key[key].rule.casefold() == rule]
    written = action.finding.elements
    existing = frozenset(e for e in written if element_exists(case, e))
    elements = {element for finding in of_rule for element in finding.elements}
    named = set(existing)
    for element in set(written) - existing:
        named.update(meant for meant in elements if misspells(element, meant))
    same: list[Finding] = []
    around: list[Finding] = []
    for finding in of_rule:
        if not named.intersection(finding.elements):
            continue
        read = _reference_read_as(written, existing, finding)
        if read is None:
            continue
        theirs = frozenset(finding.elements)
        if read == theirs:
            same.append(finding)
        elif (read < theirs or read > theirs) and len(read & theirs) >= 2:
            around.append(finding)
    chosen = same or around
    return chosen[0] if len(chosen) == 1 else None


@functools.cache
def court() -> Case:
    return load(COURT)


@functools.cache
def court_elements() -> tuple[str, ...]:
    """What a finding of the court case may name: its element references, exchanges and
    systems, and a few that it does not have (gone since an earlier version)."""
    case = court()
    return (
        *(located.reference for located in case.iter_elements()),
        *(exchange.id for exchange in case.exchanges),
        *(system.id for system in case.systems),
        "court.form",
        "court.forms",
        "mhs.rota",
        "old-report",
    )


#: The ways :func:`misspelt` writes an element.
WAYS = ("as is", "upper", "system", "left out", "changed", "added", "swap")


@st.composite
def misspelt(draw: st.DrawFn, element: str) -> str:
    """``element`` as it is, or written wrongly: in capitals, with its system left out
    or another added, a character left out, changed, added or swapped with the next."""
    owner, dot, name = element.rpartition(".")
    way = draw(st.sampled_from(WAYS))
    at = draw(st.integers(0, len(name) - 1))
    letter = draw(st.sampled_from("aeiost-"))
    if way == "upper":
        return element.upper()
    if way == "system":
        return name if dot else f"court.{name}"
    if way == "left out" and len(name) > 1:
        name = name[:at] + name[at + 1 :]
    elif way == "changed":
        name = name[:at] + letter + name[at + 1 :]
    elif way == "added":
        name = name[:at] + letter + name[at:]
    elif way == "swap" and at + 1 < len(name):
        name = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return f"{owner}{dot}{name}"


def findings_strategy() -> st.SearchStrategy[list[Finding]]:
    element = st.sampled_from(court_elements())
    finding = st.builds(
        lambda rule, elements, extra: Finding.create(
            rule=rule,
            name="generated",
            category="contradiction",
            level="secondary",
            severity="high",
            elements=elements,
            message="m",
            explanation="e",
            prompt="p",
            key_extra=extra,
        ),
        st.sampled_from(["AS101", "AS301"]),
        st.lists(element, min_size=1, max_size=3),
        st.sampled_from(["", "tertiary"]),
    )
    return st.lists(finding, min_size=1, max_size=25)


@st.composite
def action_near(draw: st.DrawFn, findings: Sequence[Finding]) -> Action:
    """An action on one of ``findings`` (or on other elements of the case), its rule
    perhaps in lower case, with elements misspelt, left out or added."""
    base = draw(st.sampled_from(findings))
    elements = list(base.elements)
    if draw(st.booleans()):
        elements = elements[: draw(st.integers(1, len(elements)))]
    if draw(st.booleans()):
        elements.append(draw(st.sampled_from(court_elements())))
    written = [draw(misspelt(element)) for element in elements]
    rule = draw(st.sampled_from([base.rule, base.rule.lower(), "AS301"]))
    return Action(finding={"rule": rule, "elements": written}, strategy="Generated")


@given(st.data())
def test_the_search_finds_what_comparing_every_finding_finds(data: st.DataObject) -> None:
    findings = data.draw(findings_strategy())
    reported = misnamed.ReportedFindings(findings)  # shared by the actions, as in a review
    for _ in range(5):
        action = data.draw(action_near(findings))
        expected = reference_probable_finding(court(), action, findings)
        assert probable_finding(court(), action, reported) == expected
        assert probable_finding(court(), action, findings) == expected


def test_the_reference_search_agrees_on_the_generated_case() -> None:
    case, report = checked(8)
    for action in case.actions:
        expected = reference_probable_finding(case, action, report.findings)
        assert expected is not None
        assert probable_finding(case, action, report.findings) == expected
