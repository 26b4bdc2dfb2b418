"""Completeness rules: what the analysts have not described yet, or not as they meant
(AS601–AS605)."""

from __future__ import annotations

from collections.abc import Iterator

from activity_systems.model.case import Case, Located
from activity_systems.model.elements import Rule, Tool
from activity_systems.model.relations import Exchange
from activity_systems.model.system import LIST_NODES, NODE_TITLES
from activity_systems.rules.case_index import case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import new_finding, rule
from activity_systems.rules.wording import element_name, exchange_name, listing, short_name

_NODE_WORDS = {
    "subject": "subject",
    "object": "object",
    "outcome": "outcome",
    "tools": "tool",
    "rules": "rule",
    "community": "community member",
    "division_of_labour": "task",
}


@rule("AS601", name="empty-node", category="completeness")
def empty_node(case: Case) -> Iterator[Finding]:
    """A system has no tools, rules, community or division of labour.

    Fires once per system with at least one empty list node, naming every empty one.
    A node is empty alike whether its key is left out, written ``[]``, or written with
    nothing after it (``community:``). Severity low. No level: a completeness finding.

    **Elements**

    The system.

    **Why it matters**

    Participants "wanted to understand the legal and political environment of other
    professionals/agencies" and the roles and responsibilities of professionals in other
    agencies (Hean, Walsh & Hammick, ch. 14, Box 1). An empty node is usually a gap in
    what the analysts know, not in the system: the contradictions that would sit there
    cannot be seen.

    **Example**

    ```yaml
    title: A first sketch
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
    ```

    **Resolution**

    Ask the professionals of that system what mediates their work, which rules and norms
    they follow, who else shares the object and who does what; mark what nobody knows yet
    with ``"?"``.
    """
    for system in case.systems:
        empty = [NODE_TITLES[node].lower() for node in LIST_NODES if not getattr(system, node)]
        if not empty:
            continue
        yield new_finding(
            elements=[system.id],
            severity="low",
            message=(
                f"Nothing is named under {listing(empty, conjunction='or')} for {system.title}."
            ),
            explanation=(
                "An empty node leaves part of the activity undescribed, so contradictions "
                "that involve it cannot be found."
            ),
            prompt=(f"Who could tell the group about the {listing(empty)} of {system.title}?"),
        )


@rule("AS602", name="unknown-element", category="completeness")
def unknown_element(case: Case) -> Iterator[Finding]:
    """An element is known to exist but has not been identified (its label is ``"?"``).

    Fires once per such element. Severity low. No level: a completeness finding.

    **Elements**

    The element.

    **Why it matters**

    Engeström leaves community and division of labour open, with question marks, in his
    figure of medical work in transition, where the right organisation of care is not
    yet known (Engeström, "Medical work in transition: towards collaborative and
    transformative expertise", Routledge, doi:10.4324/9781351241779-4, Figure 3.1).
    Here a ``"?"`` marks an element the analysts know is there but cannot yet name. The
    chapter's participants "find it difficult getting hold of the right person/service
    they require in other agencies" (Hean, Walsh & Hammick, ch. 14, Box 1); an
    unidentified element is where that search starts.

    **Example**

    ```yaml
    title: Who else is involved?
    systems:
      - {id: court, subject: Magistrate, object: Defendant, community: ["?"]}
    ```

    **Resolution**

    Find out who or what it is from the professionals of that system, for example
    through shadowing or a visit, and give it a label.
    """
    for system in case.systems:
        for node, element in system.elements():
            if not element.is_unknown:
                continue
            located = Located(system, node, element)
            yield new_finding(
                elements=[located.reference],
                severity="low",
                message=(
                    f"In {located.system.title}, {element_name(located)}: the analysts know it "
                    "is there but have not named it."
                ),
                explanation=(
                    "The analysts know the element is there but not what it is, so what it "
                    "does to the activity is not known either."
                ),
                prompt=(
                    f"Who in {located.system.title} could say which "
                    f"{_NODE_WORDS[located.node]} this is?"
                ),
            )


@rule("AS603", name="no-shared-object", category="completeness")
def no_shared_object(case: Case) -> Iterator[Finding]:
    """Systems are neighbours, but the case names no object they could share.

    Fires once per case that has neighbouring systems (linked by an exchange or an
    integration assessment) and no ``shared_object``. Severity low. No level: a
    completeness finding.

    **Elements**

    Every system that has a neighbour, in the order the case lists them. The key is that
    of the rule alone, not of these systems: the want is the case's, so a system that
    gains or loses a neighbour leaves the finding as it was (persisting, in a comparison
    of two versions) until the case names a shared object. An action names it by its
    key, or as ``{rule: AS603, elements: [...]}`` with the systems the finding listed
    when the action was written: either way it follows the finding, whichever systems
    the finding lists now.

    **Why it matters**

    Third-generation activity theory looks for "object 3", the potentially shared object
    two systems could construct together (Engeström, 2001). The chapter asks service
    leaders to review the systems "in parallel, identifying how the objects of each
    activity may be synchronized" (Hean, Walsh & Hammick, ch. 14, Figure 3), and contact
    between agencies works when they "should be working on common goals"; in Example
    Two, nurses and officers named prisoner wellbeing as their common goal.

    **Example**

    ```yaml
    title: Two systems, no common goal
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - {id: mhs, subject: Psychiatrist, object: Service user}
    integration:
      - {between: [court, mhs], current: linkage, desired: linkage}
    ```

    **Resolution**

    Ask each side what it is ultimately working towards for the person; write down the
    object they could share (``shared_object``) and check it with both. It is an object,
    not a goal: what both sides could work on together, such as the person's mental
    health and an appropriate disposal, not a target that one action meets.
    """
    if case.shared_object is not None:
        return
    index = case_index(case)
    systems = index.in_case_order({system_id for pair in index.neighbours for system_id in pair})
    if not systems:
        return
    names = [index.system(system_id).title for system_id in systems]
    yield new_finding(
        elements=systems,
        severity="low",
        message=(
            f"{listing(names)} are neighbours, but the case names no object they could share."
        ),
        explanation=(
            "Without a shared object, each system works on its own object and the "
            "exchanges between them serve different ends."
        ),
        prompt=f"What are {listing(names)} all working towards for the person?",
    )


def _edits(a: str, b: str, most: int) -> int:
    """The number of single-letter edits (insert, delete, replace, swap two neighbours)
    that turn ``a`` into ``b``, or ``most + 1`` once it is sure to be more than ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            swapped = i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]
            if before is not None and swapped:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return row[-1]


def _misspelling_of(tag: str, known: list[str]) -> str | None:
    """The known tag that ``tag`` most likely misspells: one or two letters typed wrong
    (one for a tag of under eight letters), the fewest first, then the first in order.
    A tag with a word of its own more or less (``discontinuity-of-care``,
    ``long-term-efficiency``) is more than two letters away, and is taken to be meant."""
    most = 1 if len(tag) < 8 else 2
    best: tuple[int, str] | None = None
    for candidate in known:
        distance = _edits(tag, candidate, most)
        if distance <= most and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else best[1]


@rule("AS604", name="misspelt-value", category="completeness")
def misspelt_value(case: Case) -> Iterator[Finding]:
    """An element carries a value tag that is unknown and close to a known one.

    Fires once per element and such tag: a tag that is neither in the shipped vocabulary
    (tags and aliases) nor in the case's ``value_tensions`` or ``value_aliases``, and is
    one or two letters away from one that is (one for a tag of under eight letters). A
    new tag further from every known one is taken to be meant (tags in no tension are
    fine). Severity low. No level: a completeness finding.

    **Elements**

    The element.

    **Why it matters**

    Value tags are how a case states what each side cares about: the psychiatrist's
    "first responsibility is to the defendant and his/her treatment (and not
    punishment)" (Hean, Walsh & Hammick, ch. 14, Figure 2). A misspelt tag is in no
    tension with anything, so the value tension it was written to show (AS301) silently
    disappears from the report and the figures.

    **Example**

    ```yaml
    title: A typo
    systems:
      - id: mhs
        subject: Psychiatrist
        object: {label: Service user, values: [treatmnet]}
    ```

    **Resolution**

    Correct the tag. If it is a value of its own (``continuity-of-carer`` is not
    ``continuity-of-care``), say how it relates to the others in ``value_tensions``, or,
    if it is in tension with none, name it as an alias of itself in ``value_aliases``
    (``{continuity-of-carer: continuity-of-carer}``), which tells the rule it is meant.
    """
    index = case_index(case)
    vocabulary = index.vocabulary
    known = {*vocabulary.tags, *vocabulary.aliases}
    for a, b in vocabulary.tensions:
        known.update((a, b))
    choices = sorted(known)
    for system in case.systems:
        for tag, carriers in index.tagged[system.id].items():
            if tag in known:
                continue
            close = _misspelling_of(tag, choices)
            if close is None:
                continue
            meant = vocabulary.canonical(close)
            for reference, located in carriers:
                yield new_finding(
                    elements=[reference],
                    severity="low",
                    key_extra=tag,
                    message=(
                        f"{element_name(located)} carries the value {tag}, which is in no "
                        f"tension with any other; did you mean {meant}?"
                    ),
                    explanation=(
                        "A value tag that is not in the vocabulary is in tension with "
                        "nothing, so no value tension can be found for it."
                    ),
                    prompt=(
                        f"Which value does “{located.element.label}” carry: {meant}, or a "
                        "value of its own that the case should relate to the others?"
                    ),
                )


@rule("AS605", name="untimed-reference", category="completeness")
def untimed_reference(case: Case) -> Iterator[Finding]:
    """An exchange takes its time from a rule or a tool that gives none.

    Fires when an exchange's ``needed_within`` names a rule without a ``time_limit``, and
    when its ``takes`` names a tool without a ``turnaround``: once for each. A tool named
    only by ``produced_with`` is not a reference for time, and is left alone. Severity
    low. No level: a completeness finding.

    **Elements**

    The exchange, then the rule or tool it names.

    **Why it matters**

    AS101 reports a deadline on one side that the other cannot meet, such as the court's
    time targets against the time a psychiatric report takes to produce (Hean, Walsh &
    Hammick, ch. 14, text accompanying Figure 1), as a contradiction between the two
    systems: quaternary, or tertiary when one ``advances`` the other. (The chapter reads
    the same problem inside the court's system, as secondary: see AS101.) An exchange
    that points to a rule or a tool for its time, where that element gives none, cannot
    be judged: AS101 stays silent, as it does for any missing time, and the
    contradiction, if there is one, does not appear.

    **Example**

    ```yaml
    title: A deadline without a time
    systems:
      - id: court
        subject: Magistrate
        object: Defendant
        rules: [{id: targets, label: Time targets}]
      - id: mhs
        subject: Psychiatrist
        object: Service user
        tools: [{id: report, label: Psychiatric report, turnaround: 4-8 weeks}]
    exchanges:
      - {label: Psychiatric report, from: mhs, to: court, takes: mhs.report,
         needed_within: court.targets}
    ```

    **Resolution**

    Give the rule its ``time_limit`` (or the tool its ``turnaround``) when the
    professionals of that system know it; otherwise ask them, or write the time on the
    exchange itself (``needed_within: 3 weeks``).
    """
    index = case_index(case)
    for exchange in case.exchanges:
        times = ((exchange.needed_within, Rule, "time_limit"), (exchange.takes, Tool, "turnaround"))
        for reference, kind, time in times:
            if not isinstance(reference, str):
                continue
            element = index.tools_and_rules.get(reference)
            if isinstance(element, kind) and getattr(element, time) is None:
                yield _untimed(exchange, index.locate(reference), deadline=kind is Rule)


def _untimed(exchange: Exchange, located: Located, *, deadline: bool) -> Finding:
    """The AS605 finding of an exchange whose ``needed_within`` (``deadline``) or
    ``takes`` names an element that gives no time."""
    name, element, short = exchange_name(exchange), element_name(located), short_name(located)
    title = located.system.title
    if deadline:
        message = f"{name} is needed within the time limit of {element}, but that rule sets none."
        explanation = (
            "An exchange whose deadline is a rule that gives no time cannot be checked "
            "against the time the exchange takes."
        )
        prompt = (
            f"What time does {short} allow for “{exchange.label}”, and who in {title} would know?"
        )
    else:
        message = f"{name} takes as long as {element}, but no turnaround is given for that tool."
        explanation = (
            "An exchange that takes the time of a tool with no turnaround cannot be checked "
            "against the time it is needed within."
        )
        prompt = f"How long does {short} take to produce, and who in {title} would know?"
    return new_finding(
        elements=[exchange.id, located.reference],
        severity="low",
        message=message,
        explanation=explanation,
        prompt=prompt,
    )
