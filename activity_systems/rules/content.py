"""Content rules: what one system expects of an exchange and the other gives (AS201, AS202).

AS201 says an expected item is missing; AS202 says which norm of the producer withholds
it. Both may fire for one item.
"""

from __future__ import annotations

from collections.abc import Iterator

from activity_systems.model.case import Case, Located
from activity_systems.model.system import ActivitySystem
from activity_systems.rules.case_index import case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import new_finding, rule
from activity_systems.rules.wording import element_name, exchange_name, listing


@rule("AS201", name="unmet-expectation", category="contradiction")
def unmet_expectation(case: Case) -> Iterator[Finding]:
    """An exchange is expected to carry items that it does not provide.

    Fires once per exchange whose ``expects`` has items missing from what it
    ``provides`` (its own list, else that of the tool it is produced with: its
    ``produced_with``, else the tool it ``takes`` its time from), including when it
    provides nothing at all. Severity medium. Level: quaternary; tertiary when one system
    ``advances`` the other.

    **Elements**

    The consumer's requesting tool (``requested_with``) and the producer's tool
    (``produced_with``) where they are given, then the exchange. The tool that ``takes``
    names gives the exchange its content, but is not named here when ``produced_with`` is
    absent, so that giving an exchange a ``takes`` leaves the finding's key as it was,
    and the actions written against it still find it.

    **Why it matters**

    The chapter's court report is challenging "because of the mismatch in expectations
    between the content the MHS ... believes should be in the report and what ... the
    CJS ... requires of the report": the magistrate hopes for the link between offence
    and mental health and for advice on sentencing, and "expectations of report content
    ... are not clearly communicated" (Hean, Walsh & Hammick, ch. 14, text accompanying
    Figure 2).

    **Example**

    ```yaml
    title: Report content
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - id: mhs
        subject: Psychiatrist
        object: Service user
        tools: [{id: report, label: Psychiatric report, provides: [diagnosis]}]
    exchanges:
      - {id: court-report, label: Report, from: mhs, to: court,
         produced_with: mhs.report, expects: [diagnosis, sentencing-advice]}
    ```

    **Resolution**

    Agree what the exchange should contain, in writing: a request form that asks for the
    items, a report template that answers them, or a conversation that explains why an
    item cannot be given.
    """
    index = case_index(case)
    # one explanation for each pair of systems, shared by the findings between them
    explanations: dict[tuple[str, str], str] = {}
    for exchange in case.exchanges:
        provided = index.provides(exchange)
        have = set(provided)
        missing = [item for item in exchange.expects if item not in have]
        if not missing:
            continue
        consumer = index.titles[exchange.to]
        producer = index.titles[exchange.from_]
        gives = _what_it_gives(provided, missing)
        items = listing(missing)
        explanation = explanations.get((producer, consumer))
        if explanation is None:
            explanation = explanations[producer, consumer] = (
                f"The exchange is made by {producer} to one idea of what it should hold and "
                f"read by {consumer} for another: each side's expectations of the content "
                "have not been communicated to the other."
            )
        yield new_finding(
            # the tool named by produced_with alone: one that takes gives only its
            # content, so that the finding's key is the one it had before it did
            elements=[
                ref
                for ref in (exchange.requested_with, exchange.produced_with, exchange.id)
                if ref is not None
            ],
            level=index.exchange_level(exchange),
            severity="medium",
            message=(
                f"{exchange_name(exchange)} is expected by {consumer} to hold "
                f"{items}, but it {gives}."
            ),
            explanation=explanation,
            prompt=(
                f"Does anyone in {producer} know that {items} "
                f"{'is' if len(missing) == 1 else 'are'} expected by {consumer}, and should "
                f"{'it' if len(missing) == 1 else 'they'} be provided?"
            ),
        )


def _what_it_gives(provided: tuple[str, ...], missing: list[str]) -> str:
    """What an exchange gives, as AS201 says it after "but it".

    >>> _what_it_gives(("diagnosis",), ["sentencing-advice"])
    'provides only diagnosis'
    >>> _what_it_gives((), ["diagnosis"]), _what_it_gives((), ["diagnosis", "risk"])
    ('does not provide it', 'provides none of them')
    """
    if provided:
        return f"provides only {listing(provided)}"
    return "does not provide it" if len(missing) == 1 else "provides none of them"


@rule("AS202", name="withheld-by-norm", category="contradiction")
def withheld_by_norm(case: Case) -> Iterator[Finding]:
    """A rule of the producing system withholds an item the consumer expects.

    Fires once per exchange and rule of its producer whose ``withholds`` meets the
    exchange's ``expects``, whether or not the item is also provided some other way.
    Severity high. Level: quaternary; tertiary when one system ``advances`` the other.

    **Elements**

    The producer's rule, then the exchange.

    **Why it matters**

    The chapter's psychiatrist "is bounded by norms of patient confidentiality" and "may
    argue that offering advice on appropriate sentencing is not within their professional
    remit", while the magistrate hopes for exactly that advice (Hean, Walsh & Hammick,
    ch. 14, text accompanying Figure 2). The rule of one system blocks the object of the
    other: no amount of asking more clearly will resolve it.

    **Example**

    ```yaml
    title: Sentencing advice
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - id: mhs
        subject: Psychiatrist
        object: Service user
        rules: [{id: remit, label: Outside the remit, withholds: [sentencing-advice]}]
    exchanges:
      - {id: court-report, label: Report, from: mhs, to: court,
         expects: [sentencing-advice]}
    ```

    **Resolution**

    Explain the norm to the other side and the need to this side; look for what can be
    given within the norm (information on treatment options rather than a sentencing
    recommendation, consent to share), or for someone whose remit it is.
    """
    index = case_index(case)
    withholding: dict[str, dict[str, list[int]]] = {}
    for exchange in case.exchanges:
        if not exchange.expects:
            continue
        expected = set(exchange.expects)
        producer = index.system(exchange.from_)
        by_item = withholding.get(producer.id)
        if by_item is None:
            by_item = withholding[producer.id] = _norms_withholding(producer)
        # the producer's norms that withhold an expected item, in the order it lists them
        meeting = sorted({place for item in expected for place in by_item.get(item, ())})
        if not meeting:
            continue
        consumer = index.titles[exchange.to]
        for place in meeting:
            norm = producer.rules[place]
            withheld = [item for item in norm.withholds if item in expected]
            located = Located(producer, "rules", norm)
            yield new_finding(
                elements=[located.reference, exchange.id],
                level=index.exchange_level(exchange),
                severity="high",
                message=(
                    f"{element_name(located)} withholds {listing(withheld)}, expected by "
                    f"{consumer} in {exchange_name(exchange)}."
                ),
                explanation=(
                    f"A norm of {producer.title} forbids giving out what the exchange is to "
                    f"bring {consumer}: the two systems' rules, not a misunderstanding, stand "
                    "between them."
                ),
                # worded so that a system named in the plural reads as well as one in
                # the singular ('Liaison and diversion nurses')
                prompt=(
                    f"Why is “{norm.label}” a rule of {producer.title}, and what could "
                    f"{consumer} be given instead of {listing(withheld)}?"
                ),
            )


def _norms_withholding(system: ActivitySystem) -> dict[str, list[int]]:
    """Each item the rules of ``system`` withhold, with the places of those rules in its
    list: AS202 looks an exchange's expected items up here, rather than comparing the
    exchange with every rule (a case of thousands of both took minutes).

    >>> from activity_systems import loads
    >>> case = loads('''
    ... title: T
    ... systems:
    ...   - id: mhs
    ...     subject: Psychiatrist
    ...     object: Patient
    ...     rules:
    ...       - {id: remit, label: Remit, withholds: [advice, diagnosis]}
    ...       - {id: consent, label: Consent, withholds: [diagnosis]}
    ... ''')
    >>> _norms_withholding(case.system("mhs"))
    {'advice': [0], 'diagnosis': [0, 1]}
    """
    by_item: dict[str, list[int]] = {}
    for place, norm in enumerate(system.rules):
        for item in dict.fromkeys(norm.withholds):
            by_item.setdefault(item, []).append(place)
    return by_item
