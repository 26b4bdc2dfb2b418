"""Declared contradictions (AS000): the ones workshop participants name themselves.

A declared contradiction that names the same elements (in any order) at the same level as
a detected finding is reported once: the detected finding, marked as declared too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from activity_systems.model.case import Case
from activity_systems.model.relations import LEVELS, Level
from activity_systems.rules.case_index import CaseIndex, case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import new_finding, rule
from activity_systems.rules.wording import listing, named, short_named

DECLARED_RULE = "AS000"


@rule(DECLARED_RULE, name="declared-contradiction", category="contradiction")
def declared_contradiction(case: Case) -> Iterator[Finding]:
    """A contradiction the workshop participants name themselves.

    Reports each entry of the case's ``declared`` list at the level the participants
    gave, severity medium, with their note as its explanation. Entries naming the same
    elements at the same level are reported once. The key is that of the rule and the
    elements, as action plans name it. The same elements declared at two or more levels
    are a contradiction at each: the level listed first has that key, and each other
    level a key of its own, with the level in it. So declaring the same elements at
    another level, below the entry already there, changes no key that an action plan
    or an earlier version of the case uses. Removing the entry listed first, or
    reordering the entries, gives the key to the level listed first now (an action that
    names the elements follows it there); a comparison of two versions still matches
    each declared contradiction by its elements and level, whatever its key, and says
    when the key moved. When a detected finding names the same
    elements at the same level, the two are reported once, as the detected finding
    marked both declared and detected.

    **Elements**

    The references and exchange ids the participants named, sorted.

    **Why it matters**

    In the intensive phase of the chapter's training model, "participants form
    interagency teams to explore where contradictions in the overlap between the MHS and
    CJS systems occur", then coproduce a strategy to address them (Hean, Walsh & Hammick,
    ch. 14, Table 2). The contradictions they see from inside their work, such as "a
    mismatch between the need to request a report (object) and governing rules that
    stipulate that court cases need to be completed in a set time frame" (ch. 14,
    Figure 1), belong in the report beside the ones the rules find.

    **Example**

    ```yaml
    title: The magistrate's dilemma
    systems:
      - id: court
        subject: Magistrate
        object: Defendant
        rules: [{id: targets, label: Time targets, time_limit: 3 weeks}]
    declared:
      - {between: [court.object, court.targets], level: secondary,
         note: A report is not worth requesting if it delays proceedings}
    ```

    Where the elements sit would put it at another of Engeström's levels (two nodes of
    one system called primary, say, or two systems called tertiary when neither
    ``advances`` the other), the prompt says so and asks which the group means: it may
    see more in it than where it sits, or the case may lack an ``advances``. The levels
    the prompt names are Engeström's as this library places them, by where the elements
    sit; Engeström defines them by what clashes, so a group may be right where the
    placement differs (a culturally more advanced motive introduced into one system is
    tertiary even though its elements sit in that system). The level stays the group's.

    **Resolution**

    Carry the declared contradiction into the action plan: who will work on it, with
    which strategy, and when the action learning set will review it.
    """
    index = case_index(case)
    groups: dict[tuple[tuple[str, ...], Level], set[str]] = {}
    first_level: dict[tuple[str, ...], Level] = {}  # the level listed first, per elements
    for declared in case.declared:
        elements = tuple(sorted(set(declared.between)))
        notes = groups.setdefault((elements, declared.level), set())
        first_level.setdefault(elements, declared.level)
        if declared.note:
            notes.add(declared.note.strip())
    for (elements, level), notes in sorted(groups.items()):
        note = " / ".join(sorted(notes)) or None
        # The key is that of {rule, elements}, as action plans name it; a level named
        # after the first for the same elements needs the level to tell the two apart.
        # The first listed keeps the plain key, not the lowest: a level added later
        # (below) must not take the key of one declared before it.
        first = first_level[elements]
        names = listing([named(case, reference) for reference in elements])
        # Named in the question too: a workshop often declares several contradictions.
        labels = listing([short_named(case, reference) for reference in elements])
        question = (
            f"What do the participants see pulling apart between {labels}, and what "
            "could they try first?"
        )
        yield new_finding(
            elements=elements,
            level=level,
            severity="medium",
            message=f"Participants name a {level} contradiction between {names}.",
            explanation=note or "Named by the workshop participants.",
            prompt=_other_level(index, elements, level) + question,
            key_extra="" if level == first else level,
            declared=True,
            detected=False,
            note=note,
        )


def _other_level(index: CaseIndex, references: Sequence[str], level: Level) -> str:
    """A question for the group when where the elements sit puts them at another level
    than the one it gave (Engeström's levels as the engine places them), else nothing.

    One node of one system is primary, two or more nodes of one system secondary; two
    systems are tertiary when one ``advances`` the other, else quaternary (whether or not
    they are neighbours: the participants have seen something between them). An
    exchange sits between the two systems it links."""
    systems: set[str] = set()
    nodes: set[str] = set()
    for reference in references:
        exchange = index.exchanges.get(reference)
        if exchange is not None:
            systems.update((exchange.from_, exchange.to))
            continue
        try:
            located = index.locate(reference)
        except KeyError:
            return ""  # the loader refuses such a reference; a case built in code may not
        systems.add(located.system.id)
        nodes.add(located.node)
    if len(systems) == 1:
        if len(nodes) == 1:
            placed: set[Level] = {"primary"}
            where = "one node of one system"
        else:
            placed, where = {"secondary"}, "different nodes of one system"
    else:
        between = {index.systems_level(a, b) for a, b in itertools.combinations(sorted(systems), 2)}
        if between == {"tertiary"}:
            placed = {"tertiary"}
            where = "a system and what the case gives as a more advanced form of it"
        else:
            placed = {other for other in between if other is not None} | {"quaternary"}
            where = "different systems"
    if level in placed:
        return ""
    said = (
        f"The group calls it {level}; its elements sit in {where}, where Engeström's levels "
        f"place a {' or '.join(sorted(placed, key=LEVELS.index))} contradiction"
    )
    if level == "tertiary":
        said += " (tertiary is between an activity and a culturally more advanced form of it"
        # An advances key makes elements of two systems tertiary, never those of one.
        said += ": say which system that is with its advances key)" if len(systems) > 1 else ")"
    return said + ". Which does the group mean? "


def merge_declared(findings: Sequence[Finding]) -> list[Finding]:
    """Fold each declared finding into the detected findings with the same elements and
    level (marking them declared); keep it on its own when there are none."""
    declared = [
        position
        for position, item in enumerate(findings)
        if item.rule == DECLARED_RULE and not item.detected
    ]
    if not declared:
        return list(findings)
    named = {reference for position in declared for reference in findings[position].elements}
    detected: dict[tuple[frozenset[str], Level | None], list[int]] = {}
    for position, item in enumerate(findings):
        if item.elements and item.elements[0] in named and item.detected:
            detected.setdefault((frozenset(item.elements), item.level), []).append(position)
    merged = list(findings)
    folded: set[int] = set()
    for position in declared:
        item = findings[position]
        matches = detected.get((frozenset(item.elements), item.level), [])
        for match in matches:
            merged[match] = merged[match].model_copy(update={"declared": True, "note": item.note})
        if matches:
            folded.add(position)
    if not folded:
        return merged
    return [item for position, item in enumerate(merged) if position not in folded]
