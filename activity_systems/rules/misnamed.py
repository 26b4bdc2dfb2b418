"""Which reported finding an action probably means when the finding it names is not
reported: a key with a typo, an AS101 action that leaves out the exchange, an element
misspelt. Without this, such an action would pass for one whose finding was resolved.

>>> from activity_systems import load
>>> from activity_systems.model.actions import Action
>>> from activity_systems.rules.engine import run_rules
>>> case = load("examples/court-reports.yaml")
>>> findings = ReportedFindings(run_rules(case).findings)
>>> action = Action(finding={"rule": "AS101", "elements": ["court.targets", "mhs.report"]},
...                 strategy="Agree a short-form report")
>>> suggestion(probable_finding(case, action, findings))
'{rule: AS101, elements: [court.targets, mhs.report, court-report]} / key AS101-3705b555c6'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from activity_systems.model.actions import (
    WHOLE_CASE_RULES,
    Action,
    FindingReference,
    elements_key,
    finding_key,
)
from activity_systems.model.case import Case
from activity_systems.model.relations import LEVELS
from activity_systems.model.slugs import Budget, former_slug, slugify, squashed
from activity_systems.model.system import SINGLE_NODES, ActivitySystem
from activity_systems.model.types import is_reference, join_reference
from activity_systems.rules.declared import DECLARED_RULE
from activity_systems.rules.finding import Finding
from activity_systems.rules.wording import quoted

#: Most digits of a finding key that may be mistyped (a digit changed, or two side by
#: side swapped, counting as one) for it to be read as a reported key of the same rule.
#: The ten digits of a key are as good as random: two keys of different findings of one
#: rule are within two such typos of each other for about one pair in 10⁸.
KEY_TYPOS = 2
#: The parts a key's ten digits are cut into to look up the keys within
#: :data:`KEY_TYPOS` typos: two typos change at most four digits, which leaves one of
#: five parts of two digits as it is.
_PARTS = tuple(range(0, 10, 2))
#: Misspelt elements of one review of a case's actions (a ``check``, a ``compare``, a
#: handout) that are compared with every element of their system; later ones are only
#: looked up as they are and the same but for case and punctuation, so their action is
#: told as naming something not in the case. As many as the ids of one validation that
#: get a "did you mean" search (:data:`~activity_systems.model.slugs.FUZZY_HINTS`): more
#: than the warnings the command line shows, while thousands of actions that each
#: misspell their element otherwise are not compared with every element (quadratic time).
MISSPELLING_SEARCHES = 50


def element_exists(case: Case, element: str) -> bool:
    """True when a finding element (``<system>.<element-id>``, an exchange id or a system
    id) names something in the case."""
    if is_reference(element):
        system_id, _, element_id = element.partition(".")
        return case.has_system(system_id) and case.system(system_id).has_element(element_id)
    return case.has_exchange(element) or case.has_system(element)


def typos(written: str, meant: str) -> int:
    """How many characters were left out, added, changed or swapped (two side by side)
    to write ``meant`` as ``written``: the optimal string alignment distance.

    >>> typos("court.targts", "court.targets"), typos("targets", "tragets")
    (1, 1)
    """
    previous: list[int] = []
    row = list(range(len(meant) + 1))
    for i, ours in enumerate(written, start=1):
        earlier, previous, row = previous, row, [i, *([0] * len(meant))]
        for j, theirs in enumerate(meant, start=1):
            row[j] = min(
                previous[j] + 1,
                row[j - 1] + 1,
                previous[j - 1] + (ours != theirs),
            )
            if i > 1 and j > 1 and ours == meant[j - 2] and written[i - 2] == theirs:
                row[j] = min(row[j], earlier[j - 2] + 1)
    return row[-1]


def _within_typos(written: str, meant: str) -> bool:
    """True when the digits ``written`` are ``meant`` with at most :data:`KEY_TYPOS`
    typos."""
    return len(written) == len(meant) and digit_typos(written, meant) <= KEY_TYPOS


def _near_former_keys(key: str, keys: Mapping[str, Finding]) -> list[Finding]:
    """The findings of ``keys`` (each under a key it had before, from
    :meth:`ReportedFindings.respelt`) whose key then was ``key``, has its digits (its
    rule written otherwise), or has its rule (case aside) and its digits within
    :data:`KEY_TYPOS` typos, as :meth:`ReportedFindings.near_key` finds a key of now.
    Looked through one by one: they are the few findings on an element whose id its
    label made otherwise then."""
    rule, _, digits = key.rpartition("-")
    found: dict[str, Finding] = {}
    for then, finding in keys.items():
        their_rule, _, theirs = then.rpartition("-")
        if theirs == digits or (
            their_rule.casefold() == rule.casefold() and _within_typos(digits, theirs)
        ):
            found[finding.key] = finding
    return [found[k] for k in sorted(found)]


def digit_typos(written: str, meant: str) -> int:
    """How many digits of ``meant`` were changed, or swapped with the next one (a swap
    counting as one), to write ``written``, a string of the same length.

    >>> digit_typos("3705b555c7", "3705b555c6"), digit_typos("3750b555c6", "3705b555c6")
    (1, 1)
    """
    before, last = 0, 0
    for i, (ours, theirs) in enumerate(zip(written, meant, strict=True)):
        cost = last + (ours != theirs)
        if i and ours != theirs and ours == meant[i - 1] and written[i - 1] == theirs:
            cost = min(cost, before + 1)
        before, last = last, cost
    return last


@dataclass(frozen=True, slots=True)
class _Spelling:
    """An element as :func:`misspells` compares it: the whole, its system and its id in
    lower case without punctuation, and its id in lower case."""

    element: str
    whole: str
    owner: str
    name: str
    folded: str

    @classmethod
    def of(cls, element: str) -> _Spelling:
        owner, _, name = element.rpartition(".")
        return cls(element, squashed(element), squashed(owner), squashed(name), name.casefold())

    def misspells(self, meant: _Spelling) -> bool:
        if self.whole == meant.whole or self.name == meant.name:
            return True
        allowed = 1 if len(meant.folded) < 8 else 2
        return (
            self.owner == meant.owner
            and abs(len(self.folded) - len(meant.folded)) <= allowed
            and typos(self.folded, meant.folded) <= allowed
        )


def misspells(written: str, meant: str) -> bool:
    """Whether ``written`` (an element that names nothing in the case) is ``meant`` (an
    element of a reported finding) written wrongly: the same but for case and
    punctuation; the same element id with its system left out, added or wrong
    (``report`` for ``mhs.report``, ``court.court-report`` for the exchange
    ``court-report``); or, with the same system, an id with one typo (two for an id of
    eight characters or more).

    >>> misspells("court.target", "court.targets"), misspells("report", "mhs.report")
    (True, True)
    >>> misspells("court.rota", "court.role"), misspells("court.form", "mhs.norm")
    (False, False)
    """
    return _Spelling.of(written).misspells(_Spelling.of(meant))


#: Letters that are written for the digits they look like in a rule id: ``AS1O1``.
_LOOK_ALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _rule_spelling(rule: str) -> str:
    return rule.casefold().translate(_LOOK_ALIKES)


def rule_misspells(written: str, meant: str) -> bool:
    """Whether ``written`` is the rule id ``meant`` written wrongly: the same but for
    case and letters written for the digits they look like (``AS1O1``, ``asl01``), or
    one character left out, added, changed or swapped with the next (``AS110``).

    >>> rule_misspells("AS1O1", "AS101"), rule_misspells("AS110", "AS101")
    (True, True)
    >>> rule_misspells("AS110", "AS102")
    False
    """
    return typos(_rule_spelling(written), _rule_spelling(meant)) <= 1


def rule_meant(written: str, rules: Iterable[str]) -> str | None:
    """The one id among ``rules`` that ``written``, an id no rule has, probably means:
    one that reads the same but for case and letters written for digits, else the only
    one it :func:`misspells <rule_misspells>`; ``None`` when none is that close or
    several are (``AS10`` could be ``AS101`` or ``AS102``).

    >>> rules = ["AS101", "AS102", "AS201"]
    >>> rule_meant("AS1O1", rules), rule_meant("AS110", rules), rule_meant("AS10", rules)
    ('AS101', 'AS101', None)
    """
    ids = sorted(set(rules))
    same = [rule for rule in ids if _rule_spelling(rule) == _rule_spelling(written)]
    close = same or [rule for rule in ids if rule_misspells(written, rule)]
    return close[0] if len(close) == 1 else None


class _RuleElements:
    """The elements that a rule's findings name, looked up as :func:`misspells` needs.
    What an element misspells is worked out once, however many actions write it so
    (a thousand actions that all misspell one object). With a :class:`Budget`, an
    element compared with the elements of its system takes one search from it; once it
    is spent, an element misspells only those that differ from it in case and
    punctuation, or in their system alone.

    >>> elements = _RuleElements(["court.targets", "court.object"], budget=Budget(1))
    >>> sorted(elements.misspelt_by("court.targts")), sorted(elements.misspelt_by("court.objet"))
    (['court.targets'], [])
    >>> sorted(elements.misspelt_by("Court.Object")), sorted(elements.misspelt_by("object"))
    (['court.object'], ['court.object'])
    """

    def __init__(self, elements: Iterable[str], *, budget: Budget | None = None) -> None:
        self._budget = budget
        self.by_whole: dict[str, list[_Spelling]] = {}
        self.by_name: dict[str, list[_Spelling]] = {}
        self.by_owner: dict[str, list[_Spelling]] = {}
        self._misspelt: dict[str, frozenset[str]] = {}
        for element in elements:
            spelling = _Spelling.of(element)
            self.by_whole.setdefault(spelling.whole, []).append(spelling)
            self.by_name.setdefault(spelling.name, []).append(spelling)
            self.by_owner.setdefault(spelling.owner, []).append(spelling)

    def misspelt_by(self, written: str) -> frozenset[str]:
        """The elements that ``written`` misspells."""
        found = self._misspelt.get(written)
        if found is None:
            ours = _Spelling.of(written)
            near = [*self.by_whole.get(ours.whole, []), *self.by_name.get(ours.name, [])]
            of_owner = self.by_owner.get(ours.owner, [])
            if of_owner and (self._budget is None or self._budget.spend()):
                near.extend(of_owner)
            found = frozenset(spelling.element for spelling in near if ours.misspells(spelling))
            self._misspelt[written] = found
        return found


def _declared_keys(by_key: dict[str, Finding]) -> dict[str, Finding]:
    """The keys of declared contradictions reported within a detected finding (the same
    elements at the same level: see :func:`~activity_systems.rules.declared.merge_declared`),
    each to that finding, so that an action naming the declared contradiction by its own
    key (``{rule: AS000, elements: [...]}``) still finds it once a rule detects it too.

    A declared key is that of rule AS000 and the elements, with the level added when the
    same elements are declared at a lower level as well. So each such finding is known by
    the key with its level, and by the key without it where no finding already has that
    key, the finding of the lowest level first (the lowest level declared is the one
    whose key has no level)."""
    folded = [f for f in by_key.values() if f.declared and f.detected and f.rule != DECLARED_RULE]
    keys: dict[str, Finding] = {}
    for finding in folded:
        if finding.level is not None:
            keys.setdefault(
                Finding.make_key(DECLARED_RULE, finding.elements, finding.level), finding
            )
    for finding in sorted(folded, key=lambda f: LEVELS.index(f.level) if f.level else 0):
        plain = Finding.make_key(DECLARED_RULE, finding.elements)
        if plain not in by_key:
            keys.setdefault(plain, finding)
    return keys


def _former_keys(by_key: dict[str, Finding]) -> dict[str, Finding]:
    """The keys that the findings of a rule of
    :data:`~activity_systems.model.actions.WHOLE_CASE_RULES` (AS603) had when keys of
    that rule followed the elements too, each to its finding: an action that names one
    of them, copied from a report of the case as it then was, still finds it while the
    finding's elements are the same. And the other way round, the key of the rule
    alone, to the finding of a report saved when keys followed the elements (read back
    with :meth:`Report.from_json <activity_systems.Report.from_json>`), which an action
    written now names."""
    keys: dict[str, Finding] = {}
    for finding in by_key.values():
        if finding.rule in WHOLE_CASE_RULES:
            keys[elements_key(finding.rule, finding.elements)] = finding
            keys.setdefault(finding_key(finding.rule, ()), finding)
    return keys


def _formerly_named(case: Case) -> dict[str, str]:
    """Each element and exchange of ``case`` whose id its label made, and made otherwise
    before ids spelt letters such as ``ß`` in ASCII (see
    :func:`~activity_systems.model.slugs.former_slug`), to the name it had then:
    ``mhs.strasse`` to ``mhs.stra-e``. Empty for a case whose labels are in ASCII."""
    former: dict[str, str] = {}
    for system in case.systems:
        for node, element in system.elements():
            if (
                node in SINGLE_NODES
                or element.label.isascii()
                or element.id != slugify(element.label)
            ):
                continue
            was = former_slug(element.label)
            if was and was != element.id:
                former[join_reference(system.id, element.id)] = join_reference(system.id, was)
    for exchange in case.exchanges:
        if not exchange.label.isascii() and exchange.id == slugify(exchange.label):
            was = former_slug(exchange.label)
            if was and was != exchange.id:
                former[exchange.id] = was
    return former


def _labels_made(system: ActivitySystem) -> dict[str, list[str]]:
    """The ids that the labels of ``system``'s elements make where their ids are others,
    each to the ids of the elements whose labels make it (two or more where elements
    share a label): ``magistrate`` to ``["subject"]``, as
    :func:`~activity_systems.model.system.named_by_label` reads them one id at a time.

    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    >>> _labels_made(court)
    {'magistrate': ['subject'], 'defendant': ['object']}
    """
    made: dict[str, list[str]] = {}
    for _, element in system.elements():
        if element.is_unknown:
            continue
        written = slugify(element.label)
        if written and written != element.id:
            made.setdefault(written, []).append(element.id)
    return made


def _respelt_keys(former: Mapping[str, str], findings: Iterable[Finding]) -> dict[str, Finding]:
    """The key each finding had when the ids its elements' labels made were spelt as
    before (``former``, from :func:`_formerly_named`), to the finding, where that key is
    another."""
    keys: dict[str, Finding] = {}
    for finding in findings:
        if not any(element in former for element in finding.elements):
            continue
        if finding.key != finding_key(finding.rule, finding.elements):
            continue  # keyed with more than its rule and elements
        then = [former.get(element, element) for element in finding.elements]
        keys.setdefault(finding_key(finding.rule, then), finding)
    return keys


@dataclass(frozen=True)
class _Respelt:
    """What the names of one case's elements were before ids spelt letters such as
    ``ß`` in ASCII: each name then to the name now, and each key then to its finding."""

    case: Case
    names: Mapping[str, str]
    keys: Mapping[str, Finding]


class ReportedFindings:
    """A report's findings by key; and, built when first asked for, by rule and element
    and by the digits of their keys, so that a review of many actions against thousands
    of findings looks at the few that may be meant.

    Given a :class:`Budget` (one review of a case's actions shares one, even between
    the reports of two versions), only the first :data:`MISSPELLING_SEARCHES` misspelt
    elements, in the order they are looked up, are compared with every element of their
    system: see :meth:`misspelt_by`. Without one, every misspelt element is."""

    def __init__(self, findings: Iterable[Finding], *, budget: Budget | None = None) -> None:
        self.budget = budget
        self.by_key: dict[str, Finding] = {finding.key: finding for finding in findings}
        self.declared_keys: dict[str, Finding] = _declared_keys(self.by_key)
        self.former_keys: dict[str, Finding] = _former_keys(self.by_key)
        self._by_digits: dict[str, list[Finding]] | None = None
        self._by_part: dict[tuple[str, int, str], list[Finding]] = {}
        self._by_rule: dict[str, dict[str, list[Finding]]] | None = None
        self._by_rarest: dict[str, dict[str, list[Finding]]] = {}
        self._spellings: dict[str, _RuleElements] = {}
        self._rules: tuple[str, ...] | None = None
        self._respelt: _Respelt | None = None
        self._labels_case: Case | None = None
        self._labels_made: dict[str, dict[str, list[str]]] = {}

    def rules(self) -> tuple[str, ...]:
        """The ids of the rules of the reported findings, sorted."""
        if self._rules is None:
            self._rules = tuple(sorted({finding.rule for finding in self.by_key.values()}))
        return self._rules

    def get(self, key: str) -> Finding | None:
        """The finding reported with ``key``; or the detected finding that reports the
        declared contradiction whose key it is (see :attr:`declared_keys`); or the
        finding of a rule keyed by its rule alone that had this key before (see
        :attr:`former_keys`)."""
        found = self.by_key.get(key)
        if found is None:
            found = self.declared_keys.get(key)
        return found if found is not None else self.former_keys.get(key)

    def respelt(self, case: Case) -> _Respelt:
        """The names that ``case``'s elements had, and the keys that the findings had,
        when the ids labels make were spelt as before (``stra-e`` for ``Straße``, now
        ``strasse``), as an action copied from a report of then names them. Worked out
        once for each case; nothing for a case whose labels are in ASCII."""
        if self._respelt is None or self._respelt.case is not case:
            former = _formerly_named(case)
            names = {then: now for now, then in former.items()}
            keys = _respelt_keys(former, self.by_key.values()) if former else {}
            self._respelt = _Respelt(case, names, keys)
        return self._respelt

    def named_by_label(self, case: Case, element: str) -> str | None:
        """The reference of the element that ``element``, which names nothing in
        ``case``, names by the id its label makes where its id is another:
        ``court.magistrate`` to ``court.subject``, as an action typed from the words on
        a figure names the subject, the object, the outcome or an element given an
        ``id`` of its own; ``None`` for any other, and where two elements share that
        label. The ids a system's labels make are worked out once for each system a
        review looks up, so that many actions naming one large system cost one pass
        over its elements, not one each."""
        if not is_reference(element):
            return None
        system_id, _, element_id = element.partition(".")
        if not case.has_system(system_id):
            return None
        if self._labels_case is not case:
            self._labels_case, self._labels_made = case, {}
        made = self._labels_made.get(system_id)
        system = case.system(system_id)
        if made is None:
            made = self._labels_made[system_id] = _labels_made(system)
        found = made.get(element_id, ())
        # a label two elements share names neither for certain
        if len(found) != 1 or system.find(element_id) is not None:
            return None
        return join_reference(system_id, found[0])

    def whole_case(self, rule: str) -> Finding | None:
        """The one finding of ``rule`` (case aside), when it is a rule of
        :data:`~activity_systems.model.actions.WHOLE_CASE_RULES` and the report has it;
        else ``None``."""
        meant = next((r for r in WHOLE_CASE_RULES if r.casefold() == rule.casefold()), None)
        return None if meant is None else self.get(finding_key(meant, ()))

    def near_key(self, key: str) -> list[Finding]:
        """The findings whose key has the digits of ``key`` (its rule written otherwise),
        or its rule (case aside) and digits within :data:`KEY_TYPOS` typos of it."""
        if self._by_digits is None:
            self._by_digits = {}
            for finding in self.by_key.values():
                rule, _, digits = finding.key.rpartition("-")
                self._by_digits.setdefault(digits, []).append(finding)
                for start in _PARTS:
                    part = (rule.casefold(), start, digits[start : start + 2])
                    self._by_part.setdefault(part, []).append(finding)
        rule, _, digits = key.rpartition("-")
        found = {finding.key: finding for finding in self._by_digits.get(digits, [])}
        for start in _PARTS:
            part = (rule.casefold(), start, digits[start : start + 2])
            for finding in self._by_part.get(part, []):
                theirs = finding.key.rpartition("-")[2]
                if _within_typos(digits, theirs):
                    found[finding.key] = finding
        return [found[k] for k in sorted(found)]

    def of_rule(self, rule: str) -> dict[str, list[Finding]]:
        """The findings of a rule (case aside), by each element they name."""
        if self._by_rule is None:
            self._by_rule = {}
            for finding in self.by_key.values():
                by_element = self._by_rule.setdefault(finding.rule.casefold(), {})
                for element in dict.fromkeys(finding.elements):
                    by_element.setdefault(element, []).append(finding)
        return self._by_rule.get(rule.casefold(), {})

    def of_rule_by_rarest(self, rule: str) -> dict[str, list[Finding]]:
        """The findings of a rule (case aside), each under the one of its elements that
        the fewest of them name (the first in alphabetical order of those that tie)."""
        rule = rule.casefold()
        if rule not in self._by_rarest:
            by_element = self.of_rule(rule)
            by_rarest: dict[str, list[Finding]] = {}
            seen: set[str] = set()
            for findings in by_element.values():
                for finding in findings:
                    if finding.key not in seen:
                        seen.add(finding.key)
                        rarest = min(finding.elements, key=lambda e: (len(by_element[e]), e))
                        by_rarest.setdefault(rarest, []).append(finding)
            self._by_rarest[rule] = by_rarest
        return self._by_rarest[rule]

    def misspelt_by(self, rule: str, written: str) -> frozenset[str]:
        """The elements named by findings of a rule (case aside) that ``written``
        :func:`misspells`; once the :class:`Budget` is spent, those it misspells only
        in case and punctuation, or in its system alone."""
        rule = rule.casefold()
        if rule not in self._spellings:
            self._spellings[rule] = _RuleElements(self.of_rule(rule), budget=self.budget)
        return self._spellings[rule].misspelt_by(written)

    def may_be_meant(
        self, rule: str, existing: frozenset[str], misspelt: Mapping[str, frozenset[str]]
    ) -> list[Finding]:
        """The findings of a rule (case aside) that an action may mean, sorted by key:
        every one that :func:`probable_finding` could take for it, and few others.

        ``existing`` are the action's elements that name something in the case;
        ``misspelt`` gives each of its other elements with the elements of the rule's
        findings that it :func:`misspells` (itself among them when a finding names it).
        A finding whose elements are those the action is read as, or include them,
        names each existing element and, for each other one, an element it misspells:
        it is among the findings that meet whichever of these needs the fewest findings
        meet. One whose elements are included in them names only elements among these:
        the element of it that the fewest findings name is one of them, and the finding
        is filed under it (:meth:`of_rule_by_rarest`).

        So an action is compared with the findings of its rarest element (or of the
        rarest one an element misspells), never with every finding of an element that
        many findings name: an object whose value is in tension with those of a
        thousand community members.
        """
        by_element = self.of_rule(rule)
        needed: list[Collection[str]] = [(element,) for element in sorted(existing)]
        needed.extend(misspelt[element] for element in sorted(misspelt))
        if not needed:
            return []

        def meeting(elements: Collection[str]) -> int:
            return sum(len(by_element.get(element, ())) for element in elements)

        fewest = min(needed, key=meeting)
        found = {f.key: f for element in fewest for f in by_element.get(element, ())}
        named = existing.union(*misspelt.values())
        by_rarest = self.of_rule_by_rarest(rule)
        for element in named:
            for finding in by_rarest.get(element, ()):
                if named.issuperset(finding.elements):
                    found[finding.key] = finding
        return [found[key] for key in sorted(found)]


def _read_as(
    written: Sequence[str],
    existing: frozenset[str],
    misspelt: Mapping[str, frozenset[str]],
    meant: Finding,
) -> frozenset[str] | None:
    """The action's elements with each one that names nothing in the case read as the
    one element of ``meant`` it misspells (among those it ``misspelt``); ``None`` when
    one misspells none of them (it is gone from the case) or more than one."""
    read: set[str] = set()
    for element in written:
        if element in existing or element in meant.elements:
            read.add(element)
            continue
        spelt = [candidate for candidate in meant.elements if candidate in misspelt[element]]
        if len(spelt) != 1:
            return None
        read.add(spelt[0])
    return frozenset(read)


def _only(findings: Sequence[Finding]) -> Finding | None:
    return findings[0] if len(findings) == 1 else None


def probable_finding(
    case: Case,
    action: Action,
    reported: ReportedFindings | Iterable[Finding],
    *,
    rules: Collection[str] | None = None,
) -> Finding | None:
    """The reported finding an action most likely means, when it names one that is not
    reported; ``None`` unless exactly one finding is that close.

    - An action that names its finding by key: a reported key with the same ten digits
      under a rule written otherwise (``as101``, ``AS10``), or of the same rule (case
      aside) with at most :data:`KEY_TYPOS` of its digits mistyped (a digit changed, or
      two side by side swapped); or a key of the finding's elements as their labels
      made their ids before ids spelt letters such as ``ß`` in ASCII (``stra-e`` for
      ``Straße``, now ``strasse``), copied from a report of then, or that key with the
      same typos.
    - An action that names its rule and elements (each id its label made before read as
      the one it makes now, and an element named by the id its label makes where its
      id is another, ``court.magistrate`` for ``court.subject``, read as that element):
      a reported finding of that rule (case
      aside) whose elements, once each of the action's elements that names nothing in
      the case is read as the finding's element it :func:`misspells`, are the same as
      the action's; failing one such finding, whose elements include the action's or
      are included in them, two or more in common (an AS101 action that leaves out the
      exchange, or adds an element). One element in common is too little: an element
      takes part in many findings, and a value tension of one element with itself
      (AS301 ``[court.object]``) is another finding than its tension with a second
      element, not a misnaming of it. An action element that names nothing in the case
      and misspells no element of the finding rules the finding out: that element is
      gone, and the action's finding is obsolete, not misnamed.
    - An action on a rule of :data:`~activity_systems.model.actions.WHOLE_CASE_RULES`
      (AS603), which reports one finding per case: that finding, whatever the key's
      digits or the elements (an action by rule and elements is only asked about when
      its rule is written otherwise, ``as603`` or ``AS6O3``).

    Given ``rules``, the ids of the rules there are (registered or run), an action
    whose rule is none of them (``{rule: AS1O1, ...}``) is read as naming the rule whose
    id its rule :func:`misspells <rule_misspells>`, when one is that close
    (:func:`rule_meant`).
    """
    if not isinstance(reported, ReportedFindings):
        reported = ReportedFindings(reported)
    if not isinstance(action.finding, FindingReference):
        whole = reported.whole_case(action.finding.rpartition("-")[0])
        if whole is not None:
            return whole
        near = _only(reported.near_key(action.finding))
        if near is not None:
            return near
        return _only(_near_former_keys(action.finding, reported.respelt(case).keys))
    rule = action.finding.rule
    if rules is not None and rule.casefold() not in {other.casefold() for other in rules}:
        meant = rule_meant(rule, rules)
        if meant is None:
            return None
        rule = meant
    whole = reported.whole_case(rule)
    if whole is not None:
        return whole
    former = reported.respelt(case).names
    written = tuple(
        e
        if element_exists(case, e)
        else former[e]
        if e in former
        else reported.named_by_label(case, e) or e
        for e in action.finding.elements
    )
    existing = frozenset(e for e in written if element_exists(case, e))
    misspelt = {e: reported.misspelt_by(rule, e) for e in set(written) - existing}
    same: list[Finding] = []
    around: list[Finding] = []
    for finding in reported.may_be_meant(rule, existing, misspelt):
        read = _read_as(written, existing, misspelt, finding)
        if read is None:
            continue
        elements = frozenset(finding.elements)
        if read == elements:
            same.append(finding)
        elif (read < elements or read > elements) and len(read & elements) >= 2:
            around.append(finding)
    return _only(same) if same else _only(around)


def named(rule: str, elements: Iterable[str]) -> str:
    """``{rule: AS101, elements: [court.targets, mhs.report]}``, as a case file writes
    an action's finding."""
    return f"{{rule: {rule}, elements: [{', '.join(elements)}]}}"


def suggestion(finding: Finding | None) -> str:
    """How an action names ``finding``, in both ways a case file may write it:
    ``{rule: AS101, elements: [court.targets, mhs.report, court-report]} / key
    AS101-3705b555c6`` (empty for ``None``)."""
    if finding is None:
        return ""
    return f"{named(finding.rule, finding.elements)} / key {finding.key}"


def _written(action: Action) -> str:
    finding = action.finding
    return finding if isinstance(finding, str) else named(finding.rule, finding.elements)


def misnamed_message(action: Action, meant: Finding) -> str:
    """What a warning says of an action that probably names ``meant`` wrongly."""
    return (
        f"the action {quoted(action.strategy)} names {_written(action)}, which the report "
        f"does not have; did you mean {suggestion(meant)}?"
    )


def unknown_rule_message(action: Action, meant: str | None = None) -> str:
    """What a warning says of an action that names a rule id no rule has; ``meant`` is
    the id of the rule it probably means (:func:`rule_meant`), if any.

    >>> action = Action(finding={"rule": "AS1O1", "elements": ["court.targets"]},
    ...                 strategy="Agree a short-form report")
    >>> print(unknown_rule_message(action, "AS101"))
    the action “Agree a short-form report” names {rule: AS1O1, elements: [court.targets]}, \
but no rule has the id AS1O1, so nothing was looked for; did you mean AS101?
    """
    finding = action.finding
    rule = finding.rule if isinstance(finding, FindingReference) else finding.rpartition("-")[0]
    hint = f"; did you mean {meant}?" if meant is not None else ""
    return (
        f"the action {quoted(action.strategy)} names {_written(action)}, but no rule has "
        f"the id {rule}, so nothing was looked for{hint}"
    )
