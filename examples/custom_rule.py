"""A user's own contradiction rule: an exchange expected without a way to ask for it.

In the chapter's court, the magistrate asks for a psychiatric report with a written
assessment request or through liaison workers (Hean, Walsh & Hammick, ch. 14, Figure 1):
the request is the tool that tells the mental health services what the court expects.
When a consumer expects content from an exchange but no tool of its own requests it,
those expectations travel unwritten, and the producer writes to its own idea of them.

Run it beside the built-in rules::

    python examples/custom_rule.py examples/segregation-unit.yaml

Its property tests are in ``tests/test_custom_rule.py``; the docs page "Property-testing
your own rules" walks through them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from activity_systems import BUILTIN_RULES, Case, check, load
from activity_systems.rules import Finding, new_finding, rule


@rule(
    "ORG101",
    name="expectation-without-request",
    category="contradiction",
    competencies=["interprofessional-communication"],
)
def expectation_without_request(case: Case) -> Iterator[Finding]:
    """An exchange is expected to carry content, but the consumer has no tool to ask for it.

    Fires once per exchange whose ``expects`` is not empty and that names no
    ``requested_with`` tool. Severity medium. Level: quaternary.

    **Elements**

    The consumer system, then the exchange.

    **Why it matters**

    Expectations of report content "are not clearly communicated" between the court and
    the mental health services (Hean, Walsh & Hammick, ch. 14, text accompanying
    Figure 2). A written request is where the consumer can say what it expects; without
    one, the producer writes to its own norms.

    **Example**

    ```yaml
    title: An unwritten request
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - {id: mhs, subject: Psychiatrist, object: Service user}
    exchanges:
      - {id: court-report, label: Report, from: mhs, to: court,
         expects: [offence-illness-link]}
    ```

    **Resolution**

    Agree a request form, or a standard letter, that lists what the consumer expects,
    and name it as the exchange's ``requested_with`` tool.
    """
    for exchange in case.exchanges:
        if not exchange.expects or exchange.requested_with is not None:
            continue
        consumer = case.system(exchange.to)
        *first, last = exchange.expects
        items = f"{', '.join(first)} and {last}" if first else last
        yield new_finding(
            elements=[consumer.id, exchange.id],
            level="quaternary",
            severity="medium",
            message=(
                f"{consumer.title} expects {items} in “{exchange.label}” ({exchange.id}) "
                "but has no tool to request it."
            ),
            prompt=(
                f"How could {consumer.title} tell {case.system(exchange.from_).title} "
                f"what it expects of “{exchange.label}”?"
            ),
        )


def main(argv: list[str]) -> int:
    """Check each case file named on the command line with the built-ins and this rule."""
    for path in argv:
        report = check(load(path), rules=[*BUILTIN_RULES, expectation_without_request])
        for finding in report.findings:
            print(f"{finding.rule} {finding.severity:6} {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
