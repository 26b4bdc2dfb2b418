"""Value rule: elements carrying value tags that are in tension (AS301).

Candidate pairs come from the tag index, system by system and along neighbour and
``advances`` pairs only, so the rule never compares every element with every other.
"""

from __future__ import annotations

from collections.abc import Iterator

from activity_systems.model.case import Case, Located
from activity_systems.model.relations import Level
from activity_systems.rules.case_index import CaseIndex, case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import (
    FINDINGS_FLOOR,
    most_findings,
    new_finding,
    rule,
    too_many_findings,
)
from activity_systems.rules.wording import element_name, listing, short_name

#: Nodes whose involvement makes a value tension high severity.
_WEIGHTY_NODES = frozenset({"object", "rules"})


class _Clash:
    """Two clashing elements (or one element), their level, and the tensions between
    them: ``pairs`` holds (tag the first element brings, tag the second brings) once for
    each tension, in the order found. Most clashes have one tension, so a clash is kept
    small: a rule may hold tens of thousands of them at once."""

    __slots__ = ("elements", "level", "pairs")

    def __init__(self, level: Level, elements: tuple[Located, ...], pair: tuple[str, str]) -> None:
        self.level = level
        self.elements = elements
        self.pairs = [pair]


def _clashes(case: Case, index: CaseIndex) -> dict[tuple[str, ...], _Clash]:
    """Every clashing pair of elements, keyed by their sorted references."""
    vocabulary = index.vocabulary
    found: dict[tuple[str, ...], _Clash] = {}
    # A clash is a finding: past the most any case may have, the most this one may.
    limit = FINDINGS_FLOOR
    for system in case.systems:
        own = index.tagged[system.id]
        if not own:
            continue
        for other_id in (system.id, *index.related[system.id]):
            if other_id < system.id:
                continue  # each pair of systems once
            same = other_id == system.id
            between = None if same else index.systems_level(system.id, other_id)
            theirs = index.tagged[other_id]
            for tag, carriers in own.items():
                for partner in vocabulary.partners(tag):
                    for y_ref, y in theirs.get(partner, ()):
                        for x_ref, x in carriers:
                            if x_ref == y_ref:
                                key: tuple[str, ...] = (x_ref,)
                                elements: tuple[Located, ...] = (x,)
                                pair = (tag, partner)
                            elif x_ref < y_ref:
                                key, elements = (x_ref, y_ref), (x, y)
                                pair = (tag, partner)
                            else:
                                key, elements = (y_ref, x_ref), (y, x)
                                pair = (partner, tag)
                            clash = found.get(key)
                            if clash is None:
                                if same:
                                    level: Level | None = (
                                        "primary" if x.node == y.node else "secondary"
                                    )
                                else:
                                    level = between
                                if level is None:
                                    continue
                                found[key] = _Clash(level, elements, pair)
                                if len(found) > limit:
                                    limit = most_findings(case)
                                    if len(found) > limit:
                                        raise too_many_findings("AS301", case)
                            elif pair not in clash.pairs:
                                clash.pairs.append(pair)
    return found


@rule("AS301", name="value-tension", category="contradiction")
def value_tension(case: Case) -> Iterator[Finding]:
    """Two elements carry values in tension, or one element carries both.

    Tags are compared after aliases (``care`` is ``treatment``); tensions are symmetric
    and come from the shipped vocabulary plus the case's ``value_tensions`` and
    ``value_aliases``. One finding per clashing pair of elements, listing every tension
    between them. Level by where they sit: one element or one node, primary; two nodes
    of one system, secondary; a system and the one it ``advances`` (not transitively),
    tertiary, even when they are also neighbours; neighbours, quaternary; other systems
    are not compared. Severity high when an object or a rule takes part, else medium.

    **Elements**

    The clashing elements sorted by reference (one element when it carries both tags).
    The question to discuss names two systems in the order the case lists them; for an
    ``advances`` pair, the activity first and its more advanced form second, and it asks
    what the new form should keep of the old rather than how the two could work together.

    **Why it matters**

    The chapter's psychiatrist holds that their "first responsibility is to the defendant
    and his/her treatment (and not punishment)" while the court must sentence (Hean, Walsh
    & Hammick, ch. 14, Figure 2), and the nurses and prison officers of its two action
    learning examples "come from a different philosophical base, i.e. caring and
    discipline" (ch. 14, reflection on Examples One and Two). Engeström reads such
    clashing motives as contradictions that drive change, when they are surfaced and
    worked through rather than left to individuals.

    **Example**

    ```yaml
    title: Care and punishment
    systems:
      - id: court
        subject: Magistrate
        object: {label: Defendant, values: [punishment]}
      - id: mhs
        subject: Psychiatrist
        object: {label: Service user, values: [treatment]}
    integration:
      - {between: [court, mhs], current: linkage, desired: coordination}
    ```

    **Resolution**

    Name the values on each side and where each comes from; look for the object the
    systems could share (the prisoner's wellbeing, an appropriate disposal) and for
    practices that serve both values rather than trading one for the other.
    """
    index = case_index(case)
    vocabulary = index.vocabulary
    names: dict[str, tuple[str, str]] = {}
    explanations: dict[tuple[tuple[str, str], ...], str] = {}

    def name(located: Located, reference: str) -> tuple[str, str]:
        """How a message and how a question name an element, worked out once each."""
        found = names.get(reference)
        if found is None:
            found = names[reference] = (element_name(located), short_name(located))
        return found

    def explain(tensions: tuple[tuple[str, str], ...]) -> str:
        if tensions not in explanations:
            explanations[tensions] = " ".join(
                f"{a} vs {b}: {tension.rationale.rstrip('.')}."
                for a, b in tensions
                if (tension := vocabulary.tension(a, b)) is not None
            )
        return explanations[tensions]

    # In the order the clashes were found, which follows the case through memory: the
    # report sorts the findings anyway, and on a large case going through the clashes in
    # key order (jumping between systems) costs more than the rest of the loop.
    for key, clash in _clashes(case, index).items():
        if len(clash.pairs) == 1:  # most clashes: one tension, no set to sort
            a, b = clash.pairs[0]
            tensions: tuple[tuple[str, str], ...] = ((a, b) if a < b else (b, a),)
        else:
            tensions = tuple(sorted({(a, b) if a < b else (b, a) for a, b in clash.pairs}))
        if len(clash.elements) == 1:
            (x,) = clash.elements
            weighty = x.node in _WEIGHTY_NODES
            a, b = tensions[0]
            pairs = "; ".join(f"{a} vs {b}" for a, b in tensions)
            tags = listing(sorted({tag for pair in clash.pairs for tag in pair}))
            x_name = name(x, key[0])[0]
            message = (
                f"{x_name} carries both {a} and {b}, which are in tension."
                if len(tensions) == 1
                else f"{x_name} carries values in tension: {pairs}."
            )
            prompt = (
                f"“{x.element.label}” asks for {tags} at once: what happens when they pull "
                "apart, and who decides?"
            )
        else:
            x, y = clash.elements
            weighty = x.node in _WEIGHTY_NODES or y.node in _WEIGHTY_NODES
            if len(clash.pairs) == 1:
                mine, theirs = clash.pairs[0]
            else:
                mine = listing(sorted({tag for tag, _ in clash.pairs}))
                theirs = listing(sorted({tag for _, tag in clash.pairs}))
            x_name, x_short = name(x, key[0])
            y_name, y_short = name(y, key[1])
            message = f"{x_name} carries {mine}, in tension with {theirs} carried by {y_name}."
            # The question names the two elements: one pair of systems, or one system,
            # often has several clashes of the same values, and each is its own question.
            if x.system.id == y.system.id:
                prompt = (
                    f"In {x.system.title}, how is {mine} ({x_short}) weighed against "
                    f"{theirs} ({y_short}) when they pull apart, and who decides?"
                )
            elif clash.level == "tertiary":
                # Not two agencies to bring together but an activity and the more
                # advanced form of it that is taking its place: the old form first.
                if x.system.advances == y.system.id:
                    prompt = _tertiary_prompt(y, theirs, y_short, x, mine, x_short)
                else:
                    prompt = _tertiary_prompt(x, mine, x_short, y, theirs, y_short)
            elif index.places[x.system.id] < index.places[y.system.id]:
                prompt = (
                    f"How can {x.system.title} and {y.system.title} work together when "
                    f"one holds {mine} ({x_short}) and the other {theirs} ({y_short})?"
                )
            else:  # the two systems as the case lists them, as the handout names the pair
                prompt = (
                    f"How can {y.system.title} and {x.system.title} work together when "
                    f"one holds {theirs} ({y_short}) and the other {mine} ({x_short})?"
                )
        yield new_finding(
            elements=key,
            level=clash.level,
            severity="high" if weighty else "medium",
            message=message,
            explanation=explain(tensions),
            prompt=prompt,
        )


def _tertiary_prompt(
    old: Located, old_tags: str, old_name: str, new: Located, new_tags: str, new_name: str
) -> str:
    """AS301's question for a tension between an activity (``old``) and the more advanced
    form of it that ``advances`` it (``new``): not how two agencies could work together,
    as for neighbours, but what of the old form the new one should keep."""
    # Neither a pronoun nor a verb for a system's name ('Liaison and diversion nurses'
    # is plural) or for the values, of which a side may have several: "the old form"
    # holds them.
    return (
        f"In moving from {old.system.title} to {new.system.title}, a more advanced form of "
        f"the activity, the old form holds {old_tags} ({old_name}) and the new {new_tags} "
        f"({new_name}): what should the new form keep of the old, and what must change?"
    )
