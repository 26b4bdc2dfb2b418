"""Integration rules: the Scale of Organisational Integration, current against desired
(AS501, AS502; Ahgren & Axelsson 2005)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from activity_systems.model.case import Case
from activity_systems.model.relations import IntegrationAssessment, IntegrationLevel
from activity_systems.rules.case_index import CaseIndex, case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import new_finding, rule

#: The rules whose findings come from the integration assessment of the pair of systems
#: they name: without one, they have nothing to look at for that pair.
ASSESSMENT_RULES = frozenset({"AS501", "AS502"})


def unassessed_pair(case: Case, rule: str, elements: Iterable[str]) -> bool:
    """Whether a finding of ``rule`` on ``elements`` is one of a rule of
    :data:`ASSESSMENT_RULES` on two systems of the case that it does not assess: the rule
    cannot report it, whatever the two systems' levels of integration are, so its absence
    says nothing of them. False for another rule, or when a system is not in the case.

    >>> from activity_systems import loads
    >>> case = loads('''
    ... title: T
    ... systems: [{id: a, subject: S, object: O}, {id: b, subject: S, object: O}]
    ... ''')
    >>> unassessed_pair(case, "AS501", ["a", "b"]), unassessed_pair(case, "AS301", ["a", "b"])
    (True, False)
    """
    pair = frozenset(elements)
    if rule.upper() not in ASSESSMENT_RULES or len(pair) != 2:
        return False
    if not all(case.has_system(system_id) for system_id in pair):
        return False
    return pair not in assessed_pairs(case)


#: The assessments the pairs of :func:`assessed_pairs` were last taken from, and those
#: pairs: a review of many actions asks of one case again and again.
_ASSESSED: tuple[tuple[IntegrationAssessment, ...], frozenset[frozenset[str]]] = ((), frozenset())


def assessed_pairs(case: Case) -> frozenset[frozenset[str]]:
    """The pairs of systems that ``case`` assesses, each as the set of its two ids; taken
    once for a case's assessments, not for every action that asks."""
    global _ASSESSED
    held, pairs = _ASSESSED
    if held is not case.integration:
        pairs = frozenset(frozenset(assessment.between) for assessment in case.integration)
        _ASSESSED = (case.integration, pairs)
    return pairs


def _between(index: CaseIndex, assessment: IntegrationAssessment) -> tuple[list[str], str]:
    """The two systems in the case's order, and how a message names them: as the
    handout's figures and worksheets name the pair, whichever order ``between`` gives."""
    ids = index.in_case_order(assessment.between)
    return ids, f"{index.titles[ids[0]]} and {index.titles[ids[1]]}"


def _level(level: IntegrationLevel) -> str:
    """A level as a sentence names it: ``full segregation``, as the worksheet's
    ``Full segregation``, not the case file's ``full-segregation``.

    >>> _level(IntegrationLevel.FULL_SEGREGATION)
    'full segregation'
    """
    return level.label.lower()


def _rationale(assessment: IntegrationAssessment) -> str:
    return f" The assessment says: {assessment.rationale}" if assessment.rationale else ""


@rule("AS501", name="integration-gap", category="integration")
def integration_gap(case: Case) -> Iterator[Finding]:
    """Two systems are less integrated than they judge they should be.

    Fires once per integration assessment whose ``current`` level is below its
    ``desired`` level on the Scale of Organisational Integration (full segregation,
    linkage, coordination, cooperation, full integration). Severity high for a gap of two
    or more levels, else medium. No level: an integration finding.

    **Elements**

    The two systems, in the order the case lists them.

    **Why it matters**

    Levels of inter-organisational integration lie on a continuum, and "there is no one
    model that is generically better than another; optimum level ... depends on context
    and service user need" (Hean, Walsh & Hammick, ch. 14, citing Ahgren & Axelsson 2005).
    In the intensive phase of the chapter's training model (Table 2), participants use
    the Scale "to articulate current levels of integration between services and the
    desired level" and plan how to move towards it.

    **Example**

    ```yaml
    title: Court and mental health services
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - {id: mhs, subject: Psychiatrist, object: Service user}
    integration:
      - {between: [court, mhs], current: linkage, desired: coordination}
    ```

    **Resolution**

    Work out, together, which structures belong to the desired level (shared protocols,
    agreed timeframes, liaison posts, joint teams) and which one step would move the
    services up the continuum first.
    """
    if not case.integration:
        return
    index = case_index(case)
    for assessment in case.integration:
        gap = assessment.desired.rank - assessment.current.rank
        if gap <= 0:
            continue
        ids, pair = _between(index, assessment)
        current, desired = _level(assessment.current), _level(assessment.desired)
        yield new_finding(
            elements=ids,
            severity="high" if gap >= 2 else "medium",
            message=(
                f"{pair} are at {current} on the Scale of Organisational Integration, "
                f"{gap} level{'s' if gap > 1 else ''} below the {desired} they want."
            ),
            explanation=(
                "The services work together less closely than the people who know them "
                "judge the service users need." + _rationale(assessment)
            ),
            prompt=(
                f"What would move {pair} from {current} to {desired}, and what is the first step?"
            ),
        )


@rule("AS502", name="over-integration", category="integration")
def over_integration(case: Case) -> Iterator[Finding]:
    """Two systems are more integrated than they judge they need to be.

    Fires once per integration assessment whose ``current`` level is above its
    ``desired`` level. Severity low. No level: an integration finding.

    **Elements**

    The two systems, in the order the case lists them.

    **Why it matters**

    Full integration is not a goal in itself: "there is no one model that is generically
    better than another" (Hean, Walsh & Hammick, ch. 14, citing Ahgren & Axelsson 2005).
    Integration beyond what the context needs costs effort and can blur the distinct
    bases, such as caring and discipline, that each service brings.

    **Example**

    ```yaml
    title: Joint team
    systems:
      - {id: police, subject: Officer, object: Detainee}
      - {id: mhs, subject: Nurse, object: Service user}
    integration:
      - {between: [police, mhs], current: full-integration, desired: coordination}
    ```

    **Resolution**

    Ask what the closer integration gives service users that a looser form would not,
    and keep the structures that earn their cost.
    """
    if not case.integration:
        return
    index = case_index(case)
    for assessment in case.integration:
        if assessment.current.rank <= assessment.desired.rank:
            continue
        ids, pair = _between(index, assessment)
        current, desired = _level(assessment.current), _level(assessment.desired)
        yield new_finding(
            elements=ids,
            severity="low",
            message=(
                f"{pair} are at {current} on the Scale of Organisational Integration, "
                f"above the {desired} they judge right."
            ),
            explanation=(
                "The services are more closely integrated than their context is judged to "
                "need; there is no generically best level." + _rationale(assessment)
            ),
            prompt=f"What does {current} give service users that {desired} would not?",
        )
