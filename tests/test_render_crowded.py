"""A node with many contradictions: every number stays clear of the nodes and of the
other numbers, however many there are.

Three kinds of crowd on the court's object or division of labour in Figure 3
(``pair=("court", "mhs")``): contradictions with a system the figure does not show (short
bolts pointing out of the node), contradictions inside the node (short bolts standing on
it) and contradictions with the other system of the pair (bolts across).
"""

from __future__ import annotations

from typing import Any

import pytest
from figure_parts import HEMMED_IN, clashes, exchange_clashes, numbers, parts
from hypothesis import given, settings

import activity_systems as a
from activity_systems import Case
from activity_systems.render import figure
from activity_systems.strategies import cases

# Drawn actions name findings at random, so now and then one names a reported finding
# almost but not quite, and check() warns about it (as documented for property tests).
pytestmark = pytest.mark.filterwarnings("ignore::activity_systems.MisnamedFindingWarning")


def _court(**object_fields: Any) -> dict[str, Any]:
    return {
        "id": "court",
        "name": "Magistrates' court",
        "sector": "CJS",
        "subject": "Magistrate",
        "object": {"label": "Defendant", **object_fields},
        "tools": ["Written request"],
        "rules": ["Time targets"],
        "community": ["Lawyers"],
        "division_of_labour": [{"task": "Request a report", "by": "subject"}],
    }


def _mhs() -> dict[str, Any]:
    return {
        "id": "mhs",
        "name": "Community mental health services",
        "sector": "MHS",
        "subject": "Psychiatrist",
        "object": "Service user",
        "tools": ["Psychiatric report"],
        "rules": ["Confidentiality"],
        "community": ["Nurses"],
        "division_of_labour": [{"task": "Assess", "by": "subject"}],
    }


def _treatment(count: int, nodes: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """``count`` elements that hold treatment, spread over ``nodes`` in turn."""
    spread: dict[str, list[dict[str, Any]]] = {node: [] for node in nodes}
    for k in range(count):
        node = nodes[k % len(nodes)]
        element: dict[str, Any] = {"id": f"e{k + 1}", "values": ["treatment"]}
        if node == "division_of_labour":
            element |= {"task": f"Task {k + 1}", "by": "subject"}
        else:
            element["label"] = f"Element {k + 1}"
        spread[node].append(element)
    return spread


def outward(count: int) -> Case:
    """The court's object against ``count`` elements of a third system, not in the pair."""
    care = {
        "id": "care",
        "name": "Prison health care",
        "subject": "Nurse",
        "object": "Prisoner",
        **_treatment(count, ("tools", "rules", "community")),
    }
    return Case.model_validate(
        {
            "title": "A hub of contradictions with another system",
            "systems": [_court(values=["punishment"]), _mhs(), care],
            "integration": [
                {"between": ["court", "mhs"], "current": "linkage", "desired": "linkage"},
                {"between": ["court", "care"], "current": "linkage", "desired": "linkage"},
            ],
        }
    )


def inside(count: int) -> Case:
    """``count`` tasks of the court, each producing an exchange for the psychiatrist on a
    voluntary basis: primary contradictions on the court's division of labour."""
    court = _court()
    court["division_of_labour"] = [
        {"task": f"Task {k + 1}", "by": "subject", "basis": "voluntary", "produces": [f"x{k + 1}"]}
        for k in range(count)
    ]
    exchanges = [
        {"id": f"x{k + 1}", "label": f"Note {k + 1}", "from": "court", "to": "mhs"}
        for k in range(count)
    ]
    return Case.model_validate(
        {
            "title": "A hub of primary contradictions",
            "systems": [court, _mhs()],
            "exchanges": exchanges,
        }
    )


def across(count: int) -> Case:
    """The court's object against ``count`` elements of the other system of the pair."""
    mhs = _mhs() | _treatment(count, ("tools", "rules", "community", "division_of_labour"))
    return Case.model_validate(
        {
            "title": "A hub of contradictions across the pair",
            "systems": [_court(values=["punishment"]), mhs],
            "integration": [
                {"between": ["court", "mhs"], "current": "linkage", "desired": "linkage"}
            ],
        }
    )


@pytest.mark.parametrize("count", range(1, 41))
@pytest.mark.parametrize("crowd", [outward, inside], ids=["outward", "inside"])
def test_short_bolts_on_a_crowded_node_keep_their_numbers_clear(crowd: Any, count: int) -> None:
    case = crowd(count)
    report = a.check(case)
    source = figure(case, pair=("court", "mhs"), report=report).source
    assert clashes(source) == []
    drawn = [report.number(f) for f in report.findings if f.category == "contradiction"]
    assert numbers(source) == sorted(drawn)


@pytest.mark.parametrize("count", range(1, 41, 3))
def test_bolts_from_a_crowded_node_keep_their_numbers_clear(count: int) -> None:
    case = across(count)
    report = a.check(case)
    source = figure(case, report=report).source
    assert clashes(source) == []
    drawn = [report.number(f) for f in report.findings if f.category == "contradiction"]
    assert numbers(source) == sorted(drawn)


def test_more_than_a_few_bolts_between_two_nodes_are_one_bolt_with_their_numbers() -> None:
    # 28 elements over four nodes: seven contradictions between the court's object and
    # each of them, one more than are drawn one by one
    report = a.check(across(28))
    source = figure(across(28), report=report).source
    lists = [text for text, _ in parts(source)[1]]
    assert len(lists) == 4
    assert all(text.count(",") == 6 or "–" in text for text in lists)
    assert "An arrow with several numbers: that many contradictions between the same nodes" in (
        source
    )
    # one fewer each, and every bolt has its own number
    fewer = figure(across(24)).source
    assert len(parts(fewer)[1]) == 24
    assert "several numbers" not in fewer


def test_a_crowded_node_gathers_its_short_bolts_on_one() -> None:
    source = figure(outward(24), pair=("court", "mhs")).source
    assert [text for text, _ in parts(source)[1]] == ["1–24"]
    assert "several numbers" in source
    # where two fit, two are drawn
    assert sorted(
        text for text, _ in parts(figure(outward(2), pair=("court", "mhs")).source)[1]
    ) == [
        "1",
        "2",
    ]


# Numbers never cover a node or one another, bolts are never routed through a node, and
# exchanges' arrows and labels keep clear, whatever the systems hold (save what may touch
# a node where nodes and numbers hem it in all round, see figure_parts.HEMMED_IN).


@settings(max_examples=max(5, (settings.default or settings()).max_examples // 3))
@given(cases(min_systems=2, max_systems=3, max_elements=5))
def test_no_number_covers_a_node_or_another_number(case: Case) -> None:
    first, second = case.systems[0].id, case.systems[1].id
    source = figure(case, pair=(first, second)).source
    assert [c for c in clashes(source) if not c.startswith(HEMMED_IN)] == []
    assert exchange_clashes(source, leaders=True) == []
