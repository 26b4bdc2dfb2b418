"""Where the engine places a contradiction at Engeström's four levels: the level table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from activity_systems import Case, check

# Where a value tag sits: (system, node); the element gets the id "x" or "y", or is
# the system's object.
Place = tuple[str, str]


def _element(node: str, element_id: str, tags: list[str]) -> tuple[str, Any]:
    if node == "object":
        return "object", {"label": "Object", "values": tags}
    if node == "division_of_labour":
        return node, [{"id": element_id, "task": element_id.upper(), "values": tags}]
    return node, [{"id": element_id, "label": element_id.upper(), "values": tags}]


def tension_case(
    x: Place,
    y: Place | None,
    *,
    exchanges: Sequence[tuple[str, str]] = (),
    integration: Sequence[tuple[str, str]] = (),
    advances: dict[str, str] | None = None,
) -> Case:
    """Systems a, b, c; ``x`` carries treatment, ``y`` punishment (``y`` None: ``x``
    carries both)."""
    systems: dict[str, dict[str, Any]] = {
        name: {"id": name, "subject": "S", "object": "O"} for name in ("a", "b", "c")
    }
    for place, element_id, tags in (
        (x, "x", ["treatment"] if y else ["treatment", "punishment"]),
        (y, "y", ["punishment"]),
    ):
        if place is None:
            continue
        system, node = place
        key, value = _element(node, element_id, tags)
        if isinstance(value, list):
            systems[system][key] = [*systems[system].get(key, []), *value]
        else:
            systems[system][key] = value
    for name, original in (advances or {}).items():
        systems[name]["advances"] = original
    return Case.model_validate(
        {
            "title": "Levels",
            "systems": list(systems.values()),
            "exchanges": [
                {"id": f"{a}-{b}", "label": "X", "from": a, "to": b} for a, b in exchanges
            ],
            "integration": [
                {"between": [a, b], "current": "linkage", "desired": "linkage"}
                for a, b in integration
            ],
        }
    )


PLACEMENTS: list[Any] = [
    pytest.param(tension_case(("a", "rules"), None), "primary", id="one-element"),
    pytest.param(tension_case(("a", "rules"), ("a", "rules")), "primary", id="same-node"),
    pytest.param(
        tension_case(("a", "community"), ("a", "community")), "primary", id="same-list-node"
    ),
    pytest.param(tension_case(("a", "object"), ("a", "rules")), "secondary", id="two-nodes"),
    pytest.param(
        tension_case(("a", "tools"), ("a", "division_of_labour")), "secondary", id="tool-task"
    ),
    pytest.param(
        tension_case(("a", "object"), ("b", "object"), exchanges=[("a", "b")]),
        "quaternary",
        id="neighbours-by-exchange",
    ),
    pytest.param(
        tension_case(("a", "tools"), ("b", "rules"), integration=[("b", "a")]),
        "quaternary",
        id="neighbours-by-integration",
    ),
    pytest.param(tension_case(("a", "object"), ("b", "object")), None, id="not-neighbours"),
    pytest.param(
        tension_case(("a", "object"), ("c", "object"), exchanges=[("a", "b"), ("b", "c")]),
        None,
        id="neighbour-of-a-neighbour",
    ),
    pytest.param(
        tension_case(("a", "object"), ("b", "object"), advances={"b": "a"}),
        "tertiary",
        id="advances",
    ),
    pytest.param(
        tension_case(("b", "rules"), ("a", "object"), advances={"b": "a"}, exchanges=[("a", "b")]),
        "tertiary",
        id="advances-and-neighbours",
    ),
    pytest.param(
        tension_case(("a", "object"), ("c", "object"), advances={"b": "a", "c": "b"}),
        None,
        id="advances-is-not-transitive",
    ),
]


@pytest.mark.parametrize(("case", "level"), PLACEMENTS)
def test_value_tension_level(case: Case, level: str | None) -> None:
    findings = check(case, rules=["AS301"]).findings
    if level is None:
        assert findings == ()
        return
    assert len(findings) == 1
    (found,) = findings
    assert found.level == level
    assert found.elements == tuple(sorted(found.elements))


@pytest.mark.parametrize(
    ("x", "y", "severity"),
    [
        (("a", "object"), ("a", "tools"), "high"),
        (("a", "rules"), ("a", "community"), "high"),
        (("a", "tools"), ("a", "community"), "medium"),
        (("a", "division_of_labour"), ("a", "tools"), "medium"),
    ],
)
def test_value_tension_is_high_when_an_object_or_a_rule_takes_part(
    x: Place, y: Place, severity: str
) -> None:
    (found,) = check(tension_case(x, y), rules=["AS301"]).findings
    assert found.severity == severity


ADVANCES_CASE = Case.model_validate(
    {
        "title": "New model",
        "systems": [
            {
                "id": "local",
                "subject": "Worker",
                "object": "Defendant",
                "rules": [{"id": "deadline", "label": "Deadline", "time_limit": "1 week"}],
            },
            {
                "id": "national",
                "subject": "Worker",
                "object": "Defendant",
                "advances": "local",
                "rules": [{"id": "secret", "label": "Secret", "withholds": ["advice"]}],
            },
        ],
        "exchanges": [
            {
                "id": "report",
                "label": "Report",
                "from": "national",
                "to": "local",
                "takes": "2 weeks",
                "needed_within": "local.deadline",
                "expects": ["advice"],
            }
        ],
    }
)


@pytest.mark.parametrize("rule_id", ["AS101", "AS201", "AS202", "AS401"])
def test_exchange_rules_are_tertiary_along_advances(rule_id: str) -> None:
    (found,) = check(ADVANCES_CASE, rules=[rule_id]).findings
    assert found.level == "tertiary"
    assert "report" in found.elements
