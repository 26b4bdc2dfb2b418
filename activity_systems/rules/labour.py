"""Division-of-labour rules: work nobody owns, or nobody can name the owner of, or that is
done outside its doer's role (AS401–AS404)."""

from __future__ import annotations

from collections.abc import Iterator

from activity_systems.model.case import Case, Located
from activity_systems.model.system import ActivitySystem
from activity_systems.rules.case_index import case_index
from activity_systems.rules.finding import Finding
from activity_systems.rules.registry import new_finding, rule
from activity_systems.rules.wording import element_name, exchange_name, listing

_BASIS_WORDS = {
    "voluntary": "on a voluntary basis",
    "private-consultancy": "as private consultancy",
    "over-workload": "over and above the workload",
}


@rule("AS401", name="unowned-exchange", category="contradiction")
def unowned_exchange(case: Case) -> Iterator[Finding]:
    """No task of the producing system produces an exchange: it is nobody's job.

    Fires once per exchange that no task in its producer's ``division_of_labour`` lists
    in ``produces``. Severity high. Level: quaternary; tertiary when one system
    ``advances`` the other.

    **Elements**

    The exchange.

    **Why it matters**

    The chapter warns of "the grey spaces that lie between services ... into which
    complex offenders fall when no agency takes responsibility for the offender or their
    mental health needs", and of collaboration with a "lack of clarity on lines of
    responsibility" (Hean, Walsh & Hammick, ch. 14, section on enhanced collaborative
    practice). An exchange that no one's task produces depends on someone noticing that
    it is needed.

    **Example**

    ```yaml
    title: A grey space
    systems:
      - {id: police, subject: Custody sergeant, object: Detainee}
      - {id: mhs, subject: Liaison nurse, object: Service user}
    exchanges:
      - {id: screening, label: Mental health screening, from: mhs, to: police}
    ```

    **Resolution**

    Decide whose job the exchange is and write it into that role (a task that
    ``produces`` it), with a named deputy; a service level agreement can make it stick.
    """
    index = case_index(case)
    for exchange in case.exchanges:
        if exchange.id in index.produced:
            continue
        producer = index.titles[exchange.from_]
        consumer = index.titles[exchange.to]
        yield new_finding(
            elements=[exchange.id],
            level=index.exchange_level(exchange),
            severity="high",
            message=(
                f"No task of {producer} produces {exchange_name(exchange)}, needed by "
                f"{consumer}: it is nobody's job."
            ),
            explanation=(
                f"No role in {producer} is responsible for what the exchange brings "
                f"{consumer}: a grey space between the services, filled only when someone "
                "happens to take it on."
            ),
            prompt=(
                f"Whose job in {producer} is “{exchange.label}”, and who can make that decision?"
            ),
        )


@rule("AS402", name="unassigned-task", category="contradiction")
def unassigned_task(case: Case) -> Iterator[Finding]:
    """A task in the division of labour has nobody responsible for it.

    Fires once per task without ``by``, except a task whose label is ``"?"`` (AS602
    reports those). Severity medium. Level: secondary (the division of labour against
    the subject and community of the same system, none of whom takes the task on).

    **Elements**

    The task.

    **Why it matters**

    In an activity system "each of these members may fulfill a particular role ... that
    will dictate how the activity under focus can be achieved (division of labour)", and
    collaboration at the MHS/CJS interface suffers from a "lack of clarity on lines of
    responsibility" (Hean, Walsh & Hammick, ch. 14, Figure 1 and the section on enhanced
    collaborative practice).

    **Example**

    ```yaml
    title: Who follows up?
    systems:
      - id: court
        subject: Magistrate
        object: Defendant
        division_of_labour: [{task: Chase the overdue report}]
    ```

    **Resolution**

    Name who does the task (``by``), or decide that nobody should and drop it; check
    that the person named knows.
    """
    for system in case.systems:
        for task in system.division_of_labour:
            if task.by is not None or task.is_unknown:
                continue
            located = Located(system, "division_of_labour", task)
            yield new_finding(
                elements=[located.reference],
                level="secondary",
                severity="medium",
                message=f"Nobody in {system.title} is responsible for {element_name(located)}.",
                explanation=(
                    "A task that belongs to nobody is done by whoever notices it, or not "
                    "at all; others may assume it is someone else's."
                ),
                prompt=(
                    f"Who in {system.title} does “{task.label}” today, and does everyone "
                    "else know it?"
                ),
            )


@rule("AS403", name="extra-contractual-work", category="contradiction")
def extra_contractual_work(case: Case) -> Iterator[Finding]:
    """Work another system depends on is done outside the producer's contracted roles.

    Fires once per task that ``produces`` an exchange and has basis ``voluntary``,
    ``private-consultancy`` or ``over-workload``. Severity medium. Level: primary (inside
    the division of labour: what the work is worth to those who need it against the basis
    on which it is supplied).

    **Elements**

    The task, then the exchanges it produces, sorted.

    **Why it matters**

    "In most places psychiatrists choose to complete reports for the court on a private
    consultancy basis over and above their current workload" (Hean, Walsh & Hammick,
    ch. 14, Figure 2). Engeström's primary contradiction lies within one element of an
    activity, between its use value and its exchange value: a report written as private
    consultancy is needed by the court for its use and supplied for a fee. Work done
    voluntarily or over and above the workload is the same split in another form, its use
    to others resting on goodwill and spare time; the library places all three at the
    primary level. The court's report then depends on fees, goodwill and spare time
    rather than on anyone's role.

    Interpretation: the chapter lists the private consultancy basis among the norms and
    rules that underpin the psychiatrist's report writing, not in the division of labour.
    The rule reads it from the ``basis`` of the task that produces the exchange, where the
    work and the terms it is supplied on meet; a case may also keep it as a rule, as the
    bundled court example does. Either way the contradiction lies within one element, so
    the level is primary.

    **Example**

    ```yaml
    title: Reports as consultancy
    systems:
      - {id: court, subject: Magistrate, object: Defendant}
      - id: mhs
        subject: Psychiatrist
        object: Service user
        division_of_labour:
          - {task: Write the report, by: subject, basis: private-consultancy,
             produces: [court-report]}
    exchanges:
      - {id: court-report, label: Report, from: mhs, to: court}
    ```

    **Resolution**

    Make the work part of someone's contracted role, commission it through a service
    level agreement, or share it (screening reports by other professionals), so that the
    exchange does not depend on goodwill.
    """
    index = case_index(case)
    for system in case.systems:
        for task in system.division_of_labour:
            if not task.produces or not task.is_extra_contractual:
                continue
            located = Located(system, "division_of_labour", task)
            exchanges = [index.exchanges[exchange_id] for exchange_id in task.produces]
            yield new_finding(
                elements=[located.reference, *task.produces],
                level="primary",
                severity="medium",
                message=(
                    f"{element_name(located)} produces "
                    f"{listing([exchange_name(x) for x in exchanges])} "
                    f"{_BASIS_WORDS[task.basis]}, outside the work {system.title} "
                    "contracts for."
                ),
                explanation=(
                    "What another system depends on is supplied on a basis that can be "
                    "withdrawn: its supply rests on fees, goodwill or spare time, not on "
                    "anyone's role."
                ),
                prompt=(
                    f"What would it take for “{task.label}” to become part of someone's "
                    f"contracted work in {system.title}?"
                ),
            )


def _unidentified(located: list[Located]) -> str:
    """``an unidentified subject (mhs.subject) and unidentified community members
    (mhs.unknown-community and mhs.unknown-community-2)``: several members are named
    once, in the plural."""
    subject = [doer for doer in located if doer.node == "subject"]
    members = [doer for doer in located if doer.node != "subject"]
    parts = [element_name(doer) for doer in subject]
    if len(members) == 1:
        parts.append(element_name(members[0]))
    elif members:
        references = listing([doer.reference for doer in members])
        parts.append(f"unidentified community members ({references})")
    return listing(parts)


@rule("AS404", name="unidentified-producer", category="contradiction")
def unidentified_producer(case: Case) -> Iterator[Finding]:
    """An exchange is someone's job, but nobody can say whose: its producer is unknown.

    Fires once per exchange whose producing tasks (those of its producer's
    ``division_of_labour`` that list it in ``produces``) include one done ``by`` a
    community member labelled ``"?"``, or by the subject when it is labelled ``"?"``,
    and none done by a subject or community member with a name. An exchange no task
    produces is AS401's; a producing task without ``by``, AS402's. Severity medium.
    Level: quaternary; tertiary when one system ``advances`` the other.

    **Elements**

    The unidentified subject, if it does a producing task, and the unidentified
    community members who do them, sorted; then the exchange.

    **Why it matters**

    The chapter's participants "find it difficult getting hold of the right
    person/service they require in other agencies" (Hean, Walsh & Hammick, ch. 14,
    Box 1), and collaboration at the interface suffers from a "lack of clarity on lines
    of responsibility" (ch. 14, section on enhanced collaborative practice). When the
    analysts know that someone in the other agency produces what their own system
    needs, but not who, there is nobody to ask when it is late, nobody to tell what it
    should contain, and nobody who knows they are relied upon. AS602 reports the unknown
    member inside its system; this rule reports the gap where it is felt, between the
    systems.

    **Example**

    ```yaml
    title: Somebody screens
    systems:
      - {id: police, subject: Custody sergeant, object: Detainee}
      - id: mhs
        subject: Liaison nurse
        object: Service user
        community: ["?"]
        division_of_labour:
          - {task: Screen detainees, by: unknown-community, produces: [screening]}
    exchanges:
      - {id: screening, label: Mental health screening, from: mhs, to: police}
    ```

    **Resolution**

    Find out who does the task, for example by asking the producing service or through
    shadowing, and name them (a label for the community member, or for the subject);
    agree how the consumer reaches them, and who stands in when they are away.
    """
    index = case_index(case)
    # who does each exchange's producing tasks comes from the case's index, whose walk
    # over the tasks finds the produced exchanges for AS401 (a task produces only
    # exchanges of its own system, which the case checks when it is loaded)
    # each producing system's doers labelled "?" ("subject" or a member's id: a task is
    # done by one of these, which the case checks when it is loaded), found once a system
    unknown_doers: dict[str, frozenset[str]] = {}
    for exchange in case.exchanges:
        by = index.producers.get(exchange.id)
        if not by:
            continue
        producer = index.systems[exchange.from_]
        unknown = unknown_doers.get(producer.id)
        if unknown is None:
            unknown = unknown_doers[producer.id] = _unknown_doers(producer)
        if not by <= unknown:
            continue  # someone with a name produces it
        # the subject first, then the members in id order
        located = [
            Located(
                producer, "subject" if doer == "subject" else "community", producer.element(doer)
            )
            for doer in sorted(by, key=lambda doer: (doer != "subject", doer))
        ]
        consumer = index.titles[exchange.to]
        yield new_finding(
            elements=[*(doer.reference for doer in located), exchange.id],
            level=index.exchange_level(exchange),
            severity="medium",
            message=(
                f"{exchange_name(exchange)}, needed by {consumer}, is produced by "
                f"{_unidentified(located)} of {producer.title}: nobody can say whom to ask "
                "for it."
            ),
            explanation=(
                f"The exchange is someone's job in {producer.title}, but the analysts cannot "
                f"name whose: {consumer} does not know whom to ask, chase or brief, and the "
                "one who produces it may not know it is relied upon."
            ),
            prompt=(
                f"Who in {producer.title} produces “{exchange.label}”, and how would "
                f"{consumer} reach them?"
            ),
        )


def _unknown_doers(system: ActivitySystem) -> frozenset[str]:
    """Who may do a task of ``system`` and is labelled ``"?"``: ``"subject"`` and the ids
    of its community members."""
    unknown = {member.id for member in system.community if member.is_unknown}
    if system.subject.is_unknown:
        unknown.add("subject")
    return frozenset(unknown)
