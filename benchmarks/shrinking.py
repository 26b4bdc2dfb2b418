"""How small the falsifying examples of ``cases()`` are: ``python -m benchmarks.shrinking``.

For each property that a case can break, and each seed, Hypothesis looks for a case that
breaks it (100 examples, as with its default settings) and shrinks it; the table shows
the size of the case it ends with: systems, elements (every element, a subject and an
object included), exchanges, and other parts (assessments, declared contradictions,
actions, value tensions and aliases, value tags). The last row of each property gives
the least case that could break it, so that the rest can be judged against it.

Options: ``--seeds 0,1,2``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

from activity_systems import BUILTIN_RULES, Case, check
from activity_systems.rules import Finding, new_finding, rule
from activity_systems.strategies import cases


@rule("ORG901", name="buggy-expectation-without-request", category="contradiction")
def buggy_expectation_without_request(case: Case) -> Iterator[Finding]:
    """The docs' buggy rule: forgets that an exchange may expect nothing."""
    for exchange in case.exchanges:
        if exchange.requested_with is not None:
            continue
        *first, last = exchange.expects
        items = f"{', '.join(first)} and {last}" if first else last
        yield new_finding(
            elements=[exchange.to, exchange.id], level="quaternary", message=f"expects {items}"
        )


def _rule_ids(case: Case) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {f.rule for f in check(case, rules=BUILTIN_RULES).findings}


def _buggy_rule_disagrees(case: Case) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = check(case, rules=[buggy_expectation_without_request])
    fired = sorted(f.elements[-1] for f in report.findings)
    wanted = sorted(x.id for x in case.exchanges if x.expects and not x.requested_with)
    return fired != wanted


@dataclass(frozen=True)
class Property:
    name: str
    breaks: Callable[[Case], bool]
    least: str


PROPERTIES = [
    Property(
        "no system has 2+ tools",
        lambda case: any(len(s.tools) >= 2 for s in case.systems),
        "1/4/0/0",
    ),
    Property("no AS101 finding", lambda case: "AS101" in _rule_ids(case), "2/4/1/0"),
    Property(
        "docs: buggy rule agrees",
        _buggy_rule_disagrees,
        "2/4/2/0",
    ),
    Property(
        "no task produces an exchange",
        lambda case: any(t.produces for s in case.systems for t in s.division_of_labour),
        "2/5/1/0",
    ),
    Property(
        "no rule applies to a tool",
        lambda case: any(r.applies_to for s in case.systems for r in s.rules),
        "1/4/0/0",
    ),
    Property(
        "fewer than 3 systems",
        lambda case: len(case.systems) >= 3,
        "3/6/0/0",
    ),
]


@dataclass(frozen=True)
class Size:
    systems: int
    elements: int
    exchanges: int
    other: int

    @classmethod
    def of(cls, case: Case) -> Size:
        other = (
            len(case.integration)
            + len(case.declared)
            + len(case.actions)
            + len(case.value_tensions)
            + len(case.value_aliases)
            + sum(len(located.element.values) for located in case.iter_elements())
        )
        return cls(len(case.systems), len(list(case.iter_elements())), len(case.exchanges), other)

    def __str__(self) -> str:
        return f"{self.systems}/{self.elements}/{self.exchanges}/{self.other}"


def minimal(breaks: Callable[[Case], bool], seed_value: int) -> Case | None:
    """The case Hypothesis shrinks to for this seed, or None when it finds none."""
    failing: list[Case] = []

    @settings(
        max_examples=100,
        database=None,
        deadline=None,
        verbosity=Verbosity.quiet,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @seed(seed_value)
    @given(cases())
    def run(case: Case) -> None:
        if breaks(case):
            failing.append(case)
            raise AssertionError

    try:
        run()
    except AssertionError:
        return failing[-1]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--only", default="", help="properties whose name contains this")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    print("systems/elements/exchanges/other parts of the shrunk case, by seed")
    print(f"{'property':32} " + " ".join(f"{'seed ' + str(s):>12}" for s in seeds))
    for prop in PROPERTIES:
        if args.only not in prop.name:
            continue
        cells = []
        for s in seeds:
            case = minimal(prop.breaks, s)
            cells.append("not found" if case is None else str(Size.of(case)))
        print(f"{prop.name:32} " + " ".join(f"{c:>12}" for c in cells))
        print(f"{'  least possible':32} {prop.least}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
