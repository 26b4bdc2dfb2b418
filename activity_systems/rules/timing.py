"""Timing rules: a time allowed that is shorter than the time a thing takes (AS101, AS102).

Times compare strictly (``<``); a time limit that is a range counts by its minimum; a
missing time on either side gives no finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from activity_systems.model.case import Case, Located
from activity_systems.model.durations import DurationRange
from activity_systems.model.relations import Exchange
from activity_systems.rules.case_index import case_index
from activity_systems.rules.finding import Finding, Severity
from activity_systems.rules.registry import new_finding, rule
from activity_systems.rules.wording import element_name, exchange_name, span


def too_short(allowed: DurationRange, takes: DurationRange) -> Severity | None:
    """``high`` when even the quickest turnaround misses the limit, ``medium`` when only
    the slowest does, ``None`` when the limit is met. A ranged limit counts by its minimum.

    >>> r = DurationRange.parse
    >>> too_short(r("3 weeks"), r("4-8 weeks")), too_short(r("24 hours"), r("1-3 days"))
    ('high', 'medium')
    >>> too_short(r("3 days"), r("1-3 days")) is None
    True
    """
    limit = allowed.min
    if not limit < takes.max:
        return None
    return "high" if limit < takes.min else "medium"


def _allowed(allowed: DurationRange) -> str:
    if allowed.is_single:
        return span(allowed)
    return f"{span(allowed)} (counted as {allowed.min})"


def _shortfall(severity: Severity, allowed: DurationRange, takes: DurationRange) -> str:
    if severity == "high":
        return (
            f"Even the quickest turnaround ({takes.min}) is longer than the {allowed.min} allowed."
        )
    return (
        f"Only a turnaround at the quick end of {span(takes)} meets the {allowed.min} "
        "allowed; anything slower misses it."
    )


def _tool_reference(exchange: Exchange) -> str | None:
    if isinstance(exchange.takes, str):
        return exchange.takes
    if exchange.takes is None:
        return exchange.produced_with
    return None


@rule("AS101", name="deadline-vs-turnaround", category="contradiction")
def deadline_vs_turnaround(case: Case) -> Iterator[Finding]:
    """An exchange is needed sooner than its producer can deliver it.

    Fires when an exchange's ``needed_within`` (a range counts by its minimum) is strictly
    shorter than the longest time it ``takes``. Severity is high when the time allowed is
    shorter than even the quickest turnaround, medium otherwise. Level: quaternary;
    tertiary when one system ``advances`` the other.

    **Elements**

    The consumer's rule (when ``needed_within`` names one), the producer's tool (when the
    time comes from a tool's turnaround), then the exchange.

    **Why it matters**

    Hean, Walsh & Hammick (ch. 14, text accompanying Figure 1) describe government time
    targets for completing court cases that "conflict with the time it takes for a report
    to be produced by the mental health services", so that "the magistrate may decide it
    is not worth asking for a report as it delays proceedings". Expectations of
    timeframes are not clearly communicated between the two systems (Hean, Warr &
    Staddon, 2009, as cited in ch. 14). The chapter places the contradiction inside the
    court's system, between its need to request a report (object) and its time rules: a
    secondary contradiction, which participants can declare (AS000). This rule sets one
    system's deadline against the other's turnaround, so it reports a quaternary one.

    **Example**

    ```yaml
    title: Reports
    systems:
      - id: court
        subject: Magistrate
        object: Defendant
        rules: [{id: targets, label: Time targets, time_limit: 3 weeks}]
      - id: mhs
        subject: Psychiatrist
        object: Service user
        tools: [{id: report, label: Psychiatric report, turnaround: 4-8 weeks}]
    exchanges:
      - {id: court-report, label: Report, from: mhs, to: court,
         takes: mhs.report, needed_within: court.targets}
    ```

    **Resolution**

    Put both timeframes on the table: agree a realistic turnaround, a shorter screening
    report that fits the deadline, earlier requests, or a liaison and diversion worker
    who starts the assessment before the request arrives.
    """
    index = case_index(case)
    # A case has few distinct durations: judge and word each pair of them once.
    # Keyed by the amounts and units the two ranges hold, which tell ranges apart as the
    # ranges themselves do: a range's own hash and equality are Python functions, each
    # calling those of its two durations, and took a third of the rule's time.
    judged: dict[tuple[object, ...], tuple[Severity, str, str, str] | None] = {}
    for exchange in case.exchanges:
        allowed = index.needed_within(exchange)
        takes = index.takes(exchange)
        if allowed is None or takes is None:
            continue
        low, high, least, most = allowed.min, allowed.max, takes.min, takes.max
        pair = (
            low.amount,
            low.unit,
            high.amount,
            high.unit,
            least.amount,
            least.unit,
            most.amount,
            most.unit,
        )
        try:
            words = judged[pair]
        except KeyError:
            words = judged[pair] = _late_exchange(allowed, takes)
        if words is None:
            continue
        severity, allowed_text, takes_text, explanation = words
        rule_ref = exchange.needed_within if isinstance(exchange.needed_within, str) else None
        tool_ref = _tool_reference(exchange)
        consumer = index.titles[exchange.to]
        producer = index.titles[exchange.from_]
        yield new_finding(
            elements=[ref for ref in (rule_ref, tool_ref, exchange.id) if ref is not None],
            level=index.exchange_level(exchange),
            severity=severity,
            message=(
                f"{exchange_name(exchange)} is needed by {consumer} within {allowed_text}"
                f"{f' ({rule_ref})' if rule_ref else ''}, but it takes {takes_text}"
                f"{f' ({tool_ref})' if tool_ref else ''}."
            ),
            explanation=explanation,
            prompt=(
                f"What timeframe for “{exchange.label}” could {consumer} and {producer} "
                "agree, and what would each of them change to keep it?"
            ),
        )


def _late_exchange(
    allowed: DurationRange, takes: DurationRange
) -> tuple[Severity, str, str, str] | None:
    """AS101's severity, time allowed, time taken and explanation, or ``None`` in time."""
    severity = too_short(allowed, takes)
    if severity is None:
        return None
    explanation = (
        f"{_shortfall(severity, allowed, takes)} A deadline on one side that the "
        "other side cannot meet makes the exchange late or not asked for at all: a "
        "court, for example, may decide a report is not worth requesting because it "
        "delays proceedings."
    )
    return severity, _allowed(allowed), span(takes), explanation


@rule("AS102", name="rule-vs-tool-time", category="contradiction")
def rule_vs_tool_time(case: Case) -> Iterator[Finding]:
    """A rule allows less time than a tool it constrains takes.

    Fires when a rule's ``time_limit`` (a range counts by its minimum) is strictly shorter
    than the longest ``turnaround`` of a tool named in its ``applies_to``; one finding per
    rule and tool. Severity as AS101. Level: secondary (a rule against a tool of the same
    system).

    **Elements**

    The rule, then the tool.

    **Why it matters**

    Within one activity system, the chapter's court is governed by "government imposed
    targets that specify the times in which court cases need to be completed" (Hean, Walsh
    & Hammick, ch. 14, Figure 1). When the tools the activity depends on cannot be used
    within that time, the rule and the tool pull apart, and the subject must break one
    or give up the other.

    **Example**

    ```yaml
    title: Remand and reports
    systems:
      - id: court
        subject: Magistrate
        object: Defendant
        tools: [{id: report, label: Medical report, turnaround: 4-8 weeks}]
        rules:
          - {id: remand, label: Remand limit, time_limit: 3 weeks, applies_to: [report]}
    ```

    **Resolution**

    Ask who set the limit and whether they know how long the tool takes; look for a
    quicker tool that serves the same purpose, or for room to extend the limit when the
    tool is needed.
    """
    for system in case.systems:
        tools = {tool.id: tool for tool in system.tools}
        for limit_rule in system.rules:
            if limit_rule.time_limit is None:
                continue
            located_rule = Located(system, "rules", limit_rule)
            for tool_id in limit_rule.applies_to:
                tool = tools[tool_id]
                if tool.turnaround is None:
                    continue
                severity = too_short(limit_rule.time_limit, tool.turnaround)
                if severity is None:
                    continue
                located_tool = Located(system, "tools", tool)
                yield new_finding(
                    elements=[located_rule.reference, located_tool.reference],
                    level="secondary",
                    severity=severity,
                    message=(
                        f"{element_name(located_rule)} allows "
                        f"{_allowed(limit_rule.time_limit)}, but {element_name(located_tool)} "
                        f"takes {span(tool.turnaround)}."
                    ),
                    explanation=(
                        f"{_shortfall(severity, limit_rule.time_limit, tool.turnaround)} "
                        "The rule and the tool it governs pull apart inside one system: "
                        "keeping the rule means doing without the tool, or the reverse."
                    ),
                    prompt=(
                        f"Who set “{limit_rule.label}”, do they know how long "
                        f"“{tool.label}” takes, and what could give way?"
                    ),
                )
