"""A case: one or more activity systems and what passes between them (third generation)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    model_validator,
)

from activity_systems.errors import ModelError, UnknownIdError
from activity_systems.model.actions import Action, LeftOut
from activity_systems.model.durations import DurationRange
from activity_systems.model.elements import Element, Frozen, Rule, Task, Tool, derived_id
from activity_systems.model.plain_errors import each_at_its_place, value_at
from activity_systems.model.relations import (
    DeclaredContradiction,
    Exchange,
    IntegrationAssessment,
    SharedObject,
    ValueTension,
)
from activity_systems.model.slugs import Budget, Hints, did_you_mean
from activity_systems.model.system import ActivitySystem, NodeName, named_otherwise
from activity_systems.model.types import (
    ORDERED,
    ItemsFirst,
    Label,
    Language,
    ReadOnlyDict,
    Slug,
    Text,
    as_written,
    is_reference,
    join_reference,
)
from activity_systems.vocab import shipped_vocabulary

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Located:
    """An element found by reference, with its system and node."""

    system: ActivitySystem
    node: NodeName
    element: Element

    @property
    def reference(self) -> str:
        """``<system>.<element-id>``."""
        return join_reference(self.system.id, self.element.id)


#: The references of an exchange: key, the node they name, and whose element it is.
_EXCHANGE_REFERENCES: tuple[tuple[str, NodeName, str], ...] = (
    ("takes", "tools", "producer"),
    ("needed_within", "rules", "consumer"),
    ("produced_with", "tools", "producer"),
    ("requested_with", "tools", "consumer"),
)
#: Why a time reference names its own side's element.
_SIDE_WHY = {
    "takes": ": 'takes' is how long the producer needs to make the exchange, the "
    "turnaround of one of its tools",
    "needed_within": ": 'needed_within' is when the consumer needs the exchange, the time "
    "limit of one of its rules",
    "produced_with": "",
    "requested_with": "",
}

#: A time written as a number with a fraction (``takes: 1.5``), which reads as a reference.
_NUMBER_WITH_A_FRACTION = re.compile(r"[0-9]+\.[0-9]+")


def _unit_left_out(
    problem: ModelError, key: str, ref: str, systems: Mapping[str, object]
) -> ModelError:
    """``problem`` of a ``takes`` or ``needed_within`` written as a number with a fraction
    that names no system (``takes: 1.5``), told that a duration needs its unit: such a
    time is far more often a duration without its unit than the element ``5`` of a
    system ``1``."""
    if (
        key not in ("takes", "needed_within")
        or not _NUMBER_WITH_A_FRACTION.fullmatch(ref)
        or ref.partition(".")[0] in systems
    ):
        return problem
    told = ModelError(
        f"{problem.message}; if it is a duration, give its unit, e.g. '{ref} weeks'",
        *problem.locs,
        value=problem.value,
    )
    told.on_key, told.placed = problem.on_key, problem.placed
    return told


#: The longest repr of a case that shows its fields; a longer one is summarised.
REPR_LIMIT = 4000
#: System ids a summarised repr (or a warning that names a case's systems) names
#: before it counts the rest.
_SHOWN_IDS = 5


def first_ids(ids: Sequence[str]) -> str:
    """The first :data:`_SHOWN_IDS` of ``ids``, and how many more: what a summarised
    repr of a case, or a warning that names its systems, says of them.

    >>> first_ids(["a", "b"]), first_ids([f"s{i}" for i in range(8)])
    ('a, b', 's0, s1, s2, s3, s4, … 3 more')
    """
    shown = ", ".join(ids[:_SHOWN_IDS])
    if len(ids) > _SHOWN_IDS:
        shown += f", … {len(ids) - _SHOWN_IDS} more"
    return shown


#: How many systems' titles a subcase's title names; past it, the first few and how many more.
_TITLED_SYSTEMS = 4


#: A run of digits, which tells apart numbered services ('cmht-0001', 'cmht-0201').
_NUMBER = re.compile(r"[0-9]+")


def _not_an_id(kind: str, whose: str, given: object, known: Mapping[str, object]) -> str:
    """What to say of ``given``, no text, where the id of a ``kind`` goes: the id to give
    for the part itself, or what an id is.

    >>> _not_an_id("system", "a system's", None, {"court": None})
    "a system's id is text such as 'court', not None"
    """
    own = getattr(given, "id", None)
    if isinstance(own, str):
        return f"give the {kind}'s id, {own!r}, not the {kind} itself"
    example = f" such as {next(iter(known))!r}" if known else ""
    shown = "None" if given is None else type(given).__name__
    return f"{whose} id is text{example}, not {shown}"


class _CaseHints:
    """The "did you mean" hints of one validation of a case: each set of candidates
    (system ids, exchange ids, element references) is sorted and squashed once for all
    its problems. With a :class:`Budget` (a validation has one), only the first
    :data:`~activity_systems.model.slugs.FUZZY_HINTS` problems get a fuzzy search, so that
    a file with thousands of misspelt ids is not checked in quadratic time; a query
    (:meth:`Case.locate`) has none and always searches."""

    def __init__(self, case: Case, *, budget: Budget | None = None) -> None:
        self._case = case
        self._budget = budget
        self._made: dict[tuple[str, ...], Hints] = {}
        self._named: Counter[str] | None = None
        self._unnamed: list[str] = []
        self._misspelt: dict[str, bool] = {}
        self._labels: dict[str, list[str]] | None = None

    def _hints(self, key: tuple[str, ...], candidates: Callable[[], Iterable[str]]) -> Hints:
        if key not in self._made:
            self._made[key] = Hints(candidates(), budget=self._budget)
        return self._made[key]

    def systems(self) -> Hints:
        """For system ids."""
        return self._hints(("systems",), lambda: self._case._systems)

    def missing_system(self, system_id: str) -> str:
        """The hint for ``system_id``, named as a system that the case does not have.

        A system renamed in its own entry (``court-0004`` become ``northgate-court``)
        leaves its old id in the exchanges, assessments and ``advances`` that name it,
        and its new id named by none of them. When the old id is named more than once
        and exactly one system is named by nothing, that system is the hint: in a map of
        numbered services the closest id (``court-0104``) is another service. A typo is
        usually in one place alone, and gets the closest id, as before; so does an id
        that differs from a system's in more than its numbers (``cuort`` or ``cort``
        for ``court``), wherever it is copied."""
        return self.renamed(system_id) or self.systems().did_you_mean(system_id)

    def renamed(self, system_id: str) -> str:
        """``" (was it renamed 'x', the one system nothing else names?)"`` when
        ``system_id`` looks like the old id of a system renamed in its own entry (see
        :meth:`missing_system`), else empty."""
        case = self._case
        if self._named is None:  # counted once for all the problems of the case
            named: Counter[str] = Counter(s.advances for s in case.systems if s.advances)
            for exchange in case.exchanges:
                named.update((exchange.from_, exchange.to))
            for assessment in case.integration:
                named.update(assessment.between)
            self._named = named
            self._unnamed = [s.id for s in case.systems if not named[s.id]]
        if self._named[system_id] < 2 or len(self._unnamed) != 1:
            return ""
        if system_id not in self._misspelt:  # searched once, for each of its places alike
            closest = self.systems().closest(system_id)
            # a misspelling ('cuort' or 'cort' for 'court'), copied to each place it is in,
            # rather than the old id of a numbered service ('cmht-0001' for 'cmht-0201')
            self._misspelt[system_id] = closest is not None and (
                _NUMBER.sub("#", closest) != _NUMBER.sub("#", system_id)
            )
        if self._misspelt[system_id]:
            return ""
        return f" (was it renamed {self._unnamed[0]!r}, the one system nothing else names?)"

    def exchanges(self) -> Hints:
        """For exchange ids."""
        return self._hints(("exchanges",), lambda: self._case._exchanges)

    def references(self, node: NodeName | None) -> Hints:
        """For element references (``mhs.report``) of ``node``, or of any node."""
        return self._hints(("references", node or ""), lambda: _references(self._case, node))

    def elements(self, system: ActivitySystem, node: NodeName | None) -> Hints:
        """For the ids of ``system``'s elements of ``node``, or of any node."""
        return self._hints(("elements", system.id, node or ""), lambda: _element_ids(system, node))

    def labelled(self, written: str) -> list[str]:
        """The exchange ids and element references whose label ``written`` is, read
        without case, spacing and a closing full stop, and with or without its system's
        id in front (``court.Remand for a medical report ...``), in the case's order: in
        a workshop, the words on the wall are typed rather than the id. Several when
        they share the label; none when it is no label."""
        if self._labels is None:  # indexed once for all the problems of the case
            labels: dict[str, list[str]] = {}
            for exchange in self._case.exchanges:
                labels.setdefault(_label_form(exchange.label), []).append(exchange.id)
            for s in self._case.systems:
                for _, element in s.elements():
                    ref = join_reference(s.id, element.id)
                    for form in (element.label, f"{s.id}.{element.label}"):
                        named = labels.setdefault(_label_form(form), [])
                        if ref not in named:
                            named.append(ref)
            self._labels = labels
        return self._labels.get(_label_form(written), [])

    def declared(self) -> Hints:
        """For what a declared contradiction names: exchange ids and element references."""
        return self._hints(
            ("declared",), lambda: [*self._case._exchanges, *_references(self._case, None)]
        )


def _references(case: Case, node: NodeName | None) -> list[str]:
    """The reference of each element of the case of ``node``, or of any node."""
    return [
        join_reference(s.id, e.id)
        for s in case.systems
        for n, e in s.elements()
        if node is None or n == node
    ]


def _label_form(text: str) -> str:
    """``text`` as a label is compared with what was written for an id: without case,
    runs of spaces or a closing full stop."""
    return " ".join(text.split()).rstrip(".").rstrip().casefold()


def _element_ids(system: ActivitySystem, node: NodeName | None) -> set[str]:
    """The ids of ``system``'s elements of ``node``, or of any node."""
    return {e.id for n, e in system.elements() if node is None or n == node}


def subtitled(title: str, subtitle: str) -> str:
    """``title``, a colon and ``subtitle``. A title that ends in a question or an
    exclamation mark already marks where it ends: it takes no colon after it, and the
    subtitle starts with a capital; one that ends in a colon takes no second one.

    >>> subtitled("Release planning", "in-reach and probation")
    'Release planning: in-reach and probation'
    >>> subtitled("Who sees the detained person first?", "overview of 3 activity systems")
    'Who sees the detained person first? Overview of 3 activity systems'
    """
    if title.endswith(("?", "!")):
        return f"{title} {subtitle[:1].upper()}{subtitle[1:]}"
    if title.endswith(":"):
        return f"{title} {subtitle}"
    return f"{title}: {subtitle}"


class Case(Frozen):
    """A case file's content: systems, exchanges, shared object, assessments.

    >>> case = Case(title="Reports", systems=[
    ...     {"id": "court", "subject": "Magistrate", "object": "Defendant",
    ...      "rules": [{"id": "targets", "label": "Time targets", "time_limit": "3 weeks"}]},
    ...     {"id": "mhs", "subject": "Psychiatrist", "object": "Service user",
    ...      "tools": [{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}]}],
    ...   exchanges=[{"label": "Report", "from": "mhs", "to": "court",
    ...               "takes": "mhs.report", "needed_within": "court.targets"}])
    >>> str(case.takes(case.exchanges[0])), str(case.needed_within(case.exchanges[0]))
    ('4-8 weeks', '3 weeks')
    >>> case.neighbours()
    [('court', 'mhs')]
    """

    title: Label = Field(description="Title of the case.")
    description: Text | None = Field(default=None, description="What the case is about.")
    source: Text | None = Field(default=None, description="Where it comes from (a citation).")
    language: Language | None = Field(
        default=None,
        description="The language its texts are written in, as a language tag (cy, ar, he): "
        "the HTML handout marks its right-to-left texts with it, and its SVG figures say it, "
        "for screen readers.",
    )
    systems: Annotated[tuple[ActivitySystem, ...], ItemsFirst, ORDERED] = Field(
        min_length=1, description="The systems."
    )
    exchanges: Annotated[tuple[Exchange, ...], ORDERED] = Field(
        default=(), description="What passes between systems."
    )
    shared_object: SharedObject | None = Field(default=None, description="Engeström's object 3.")
    integration: Annotated[tuple[IntegrationAssessment, ...], ORDERED] = Field(
        default=(), description="Scale of Organisational Integration assessments per pair."
    )
    declared: Annotated[tuple[DeclaredContradiction, ...], ORDERED] = Field(
        default=(), description="Contradictions named by the participants."
    )
    value_tensions: Annotated[tuple[ValueTension, ...], ORDERED] = Field(
        default=(), description='Extra tensions: [[tag, tag, "why"], ...].'
    )
    value_aliases: Annotated[Mapping[Slug, Slug], AfterValidator(ReadOnlyDict)] = Field(
        default_factory=ReadOnlyDict,
        description="Extra aliases: {alias: tag}.",
        # each key is an id too: the pattern of the key alone would let any other key by
        json_schema_extra={"additionalProperties": False},
    )
    actions: Annotated[tuple[Action, ...], ORDERED] = Field(
        default=(), description="Action plans for findings, reviewed in the action learning sets."
    )
    leave_out: Annotated[tuple[LeftOut, ...], ORDERED] = Field(
        default=(),
        description="Rules left out of every check of this case, each with who decided and why.",
    )

    # ``default={}`` is copied per instance (see ActivitySystem._index).
    _systems: dict[str, ActivitySystem] = PrivateAttr(default={})
    _exchanges: dict[str, Exchange] = PrivateAttr(default={})

    @model_validator(mode="before")
    @classmethod
    def _sorted_aliases(cls, data: Any) -> Any:
        if isinstance(data, dict):
            cls._refuse_one_for_many(data)
        if isinstance(data, dict) and isinstance(data.get("value_aliases"), dict):
            data = {**data, "value_aliases": dict(sorted(data["value_aliases"].items()))}
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _checked(cls, data: Any, handler: ModelWrapValidatorHandler[Case]) -> Case:
        """The case, once what its parts name in one another is checked (see
        :meth:`_resolve`), knowing what it was made from."""
        case = handler(data)
        case._resolve(data)
        return case

    def _resolve(self, data: Any) -> None:
        """Check what the parts of the case name in one another, and raise every problem
        found in one ``ValidationError``, each an error of its own at its place, in the
        order of the case's fields (a case file's loader gives each its line and column).
        ``data`` is what the case was made from: an item of a list the case keeps sorted
        (a task's ``produces``) is placed by its index as written there.

        What is told together, and what stops the checks:

        - Ids come first. A system id or an exchange id given twice, or an exchange id
          that is a system's, would make each reference to it name either: those problems
          are all told, and no reference is looked up.
        - Otherwise each reference is looked up on its own, and each that names nothing
          (or an element of the wrong system) is told. A check that rests on another part
          waits for that part to be right, so that one mistake is told once, where it is:
          an exchange's references are looked up once its ``from`` and ``to`` name
          systems, a task's exchange is held to its system once the exchange's ``from``
          names one, an integration pair is compared with the others once both its
          systems are known, and ``advances`` are followed round for a loop once each
          names another system.
        - The vocabulary (``value_aliases``, ``value_tensions``) names no system or
          exchange, and is checked either way; a loop of aliases stops its other checks,
          as the aliases in it stand for no tag.

        A valid case does the work it always did: the problems are gathered only as they
        are found.
        """
        self._systems = {system.id: system for system in self.systems}
        self._exchanges = {exchange.id: exchange for exchange in self.exchanges}
        if (
            len(self._systems) < len(self.systems)
            or len(self._exchanges) < len(self.exchanges)
            or not self._exchanges.keys().isdisjoint(self._systems)
        ):
            problems = self._id_problems()
        else:
            problems = self._reference_problems(data)
        if self.value_aliases or self.value_tensions:
            problems += self._vocabulary_problems()
        problems += self._left_out_twice()
        if problems:
            raise each_at_its_place(self, problems)

    def _left_out_twice(self) -> list[ModelError]:
        """Each rule of ``leave_out`` given again (in any case: rule ids are compared as
        ``--rules`` compares them), at the repeat: the two could give two reasons."""
        seen: dict[str, int] = {}
        problems: list[ModelError] = []
        for i, left in enumerate(self.leave_out):
            first = seen.setdefault(left.rule.upper(), i)
            if first != i:
                problems.append(
                    ModelError(
                        f"{left.rule.upper()} is left out twice (also leave_out[{first}]): "
                        "give each rule once, with its reason",
                        ("leave_out", i, "rule"),
                    )
                )
        return problems

    def left_out(self) -> frozenset[str]:
        """The ids of the rules this case leaves out, upper-cased.

        >>> Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
        ...      leave_out=[{"rule": "as602"}]).left_out()
        frozenset({'AS602'})
        """
        return frozenset(left.rule.upper() for left in self.leave_out)

    def without_people(self) -> Case:
        """The case without what it keeps about people, for outputs shared outside
        the organisation: each action's ``owner`` and ``note``, each declared
        contradiction's ``note`` (the participants' words) and each left-out rule's
        ``by`` (who decided) are left out; everything else, keys and findings included,
        is as it was.

        These are the fields made to name people or quote them. Labels, descriptions,
        reasons and sources are the case's content and are kept: a name written in one
        of them stays (see the documentation's "What an output contains"):
        :meth:`people_kept` gives each owner's or decider's name that one of them holds,
        as ``--without-people`` warns of it.

        >>> case = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
        ...     actions=[{"finding": {"rule": "AS603", "elements": ["a"]},
        ...               "strategy": "Meet", "owner": "Dr Kim Lee", "note": "Kim agreed"}],
        ...     leave_out=[{"rule": "AS602", "reason": "On purpose", "by": "Kim, 4 May"}])
        >>> shared = case.without_people()
        >>> shared.actions[0].owner, shared.actions[0].note, shared.leave_out[0].by
        (None, None, None)
        >>> shared.actions[0].strategy, shared.leave_out[0].reason
        ('Meet', 'On purpose')
        """
        return self.model_copy(
            update={
                "actions": tuple(
                    action.model_copy(update={"owner": None, "note": None})
                    for action in self.actions
                ),
                "declared": tuple(
                    declared.model_copy(update={"note": None}) for declared in self.declared
                ),
                "leave_out": tuple(left.model_copy(update={"by": None}) for left in self.leave_out),
            }
        )

    def people_kept(self, other: Case | None = None) -> tuple[PersonKept, ...]:
        """Each name that :meth:`without_people` leaves out of a field but that the case
        writes in another, which stays: an action's ``owner`` or a left-out rule's
        ``by`` found again in a label, a description, a source or any other text of
        the case (``owner: Dr Kim Lee`` and a community member ``Dr Kim Lee's team``).

        A value is looked for whole and by its parts, split at commas, semicolons,
        slashes, ``&``, brackets and the word "and" (``Kim Lee and Sam Roe``, ``Kim, 4
        May``), and each without a title before it (``Kim Lee`` of ``Dr Kim Lee``, a
        first word of fewer than three letters or ending in a full stop, when two words
        follow); a part holding a digit (a date) or fewer than three letters (``Dr`` of
        ``Dr and Mrs Roe``), or than two in a script written without spaces (``李明``
        is looked for), is not looked for. The search ignores case, Unicode forms,
        typographic apostrophes and runs of spaces, and matches whole words only; in
        Chinese, Japanese, Korean or Thai, whose words are not set apart by spaces, a
        name is found within a run of letters (``王小明的团队``). As a decision, notes are
        not looked for: they are sentences, not names. With ``other``, the other
        version of a comparison that one output shows beside this one, the names
        :meth:`without_people` leaves out of ``other`` are looked for in this case too,
        after its own: such a name's ``left_out`` is a place of ``other`` (its
        ``of_other`` is true). Each name
        is given once, at the first field that holds it, with every place it is kept.

        >>> case = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O",
        ...     "community": [{"label": "Dr Kim Lee's team"}]}],
        ...     actions=[{"finding": {"rule": "AS603", "elements": ["a"]},
        ...               "strategy": "Meet", "owner": "Dr Kim Lee"}],
        ...     leave_out=[{"rule": "AS602", "reason": "On purpose", "by": "Sam, 4 May"}])
        >>> [(k.name, k.left_out, k.kept) for k in case.people_kept()]
        [('Dr Kim Lee', ('actions', 0, 'owner'), (('systems', 0, 'community', 0, 'label'),))]
        """
        names: dict[str, tuple[str, Loc, bool]] = {}
        for case, of_other in ((self, False), (other, True)):
            for i, action in enumerate(case.actions if case is not None else ()):
                for name in _name_parts(action.owner):
                    names.setdefault(_folded(name), (name, ("actions", i, "owner"), of_other))
            for i, left in enumerate(case.leave_out if case is not None else ()):
                for name in _name_parts(left.by):
                    names.setdefault(_folded(name), (name, ("leave_out", i, "by"), of_other))
        if not names:
            return ()
        # Each name is looked for only in the texts that hold its rarest word (the one
        # fewest names share: "kim" of "Dr Kim Lee", not "dr"), found by one pass over
        # each text's words: a case of a thousand systems and hundreds of owners is
        # searched in a fraction of a second, not in a pass per name (which took some
        # 40 s), even when every owner is "Dr …". A name's pattern is compiled when a text
        # may hold it.
        patterns: dict[str, re.Pattern[str]] = {}
        name_words = {folded: set(_WORD.findall(folded)) for folded in names}
        shared = Counter(word for words in name_words.values() for word in words)
        by_word: dict[str, list[str]] = {}
        anywhere: list[str] = []  # a name without a word's character
        for folded, words in name_words.items():
            if not words:
                anywhere.append(folded)
            else:
                rarest = min(words, key=lambda word: (shared[word], word))
                by_word.setdefault(rarest, []).append(folded)
        kept: dict[str, list[Loc]] = {}
        data = self.without_people().model_dump(mode="json", by_alias=True)
        for loc, text in _texts(data, ()):
            folded_text = _folded(text)
            words = set(_WORD.findall(folded_text))
            candidates = [n for word in words & by_word.keys() for n in by_word[word]]
            for name in dict.fromkeys([*candidates, *anywhere]):
                if not name_words[name] <= words:
                    continue
                if name not in patterns:
                    patterns[name] = re.compile(re.escape(name))
                if _holds_whole(folded_text, patterns[name]):
                    kept.setdefault(name, []).append(loc)
        for name, places in kept.items():  # an id made from a label is the label's place
            kept[name] = [loc for loc in places if not _made_from_label(data, loc, places)]
        # A part kept only where the whole value is (Kim Lee of Dr Kim Lee) is not
        # given again.
        said: dict[tuple[Loc, bool], set[Loc]] = {}
        found: list[PersonKept] = []
        for folded, (name, left_out, of_other) in names.items():
            field = (left_out, of_other)
            places = [loc for loc in kept.get(folded, ()) if loc not in said.get(field, ())]
            if places:
                found.append(PersonKept(name, left_out, tuple(places), of_other))
                said.setdefault(field, set()).update(places)
        return tuple(found)

    def _id_problems(self) -> list[ModelError]:
        """Each system id and exchange id given again, at the repeat (the first is its
        related place), and each exchange id that is a system's."""
        problems = list(_repeats([system.id for system in self.systems], "system"))
        repeated = {error.locs[0]: error for error in _repeats([x.id for x in self.exchanges])}
        for i, named in enumerate(self.exchanges):
            here: Loc = ("exchanges", i, "id")
            if here in repeated:
                problems.append(repeated[here])
            elif named.id in self._systems:
                # Findings, declared contradictions and action plans name systems and
                # exchanges by id alike: one id for both would name either.
                problems.append(
                    ModelError(
                        f"exchange id {named.id!r} is also a system's id: findings and action "
                        "plans name both by id, so give the exchange an id of its own "
                        f"(id: {named.from_}-to-{named.to})",
                        here,
                    )
                )
        return problems

    def _reference_problems(self, data: Any) -> list[ModelError]:
        """Each reference of the case that names nothing, or the wrong system's element, in
        the order of the case's fields (and of a task's ``produces`` as written in
        ``data``)."""
        problems: list[ModelError] = []
        hints = _CaseHints(self, budget=Budget())
        advances = self._advances_problems(hints)
        for i, system in enumerate(self.systems):
            if i in advances:
                problems.append(advances[i])
            for j, task in enumerate(system.division_of_labour):
                if task.produces:
                    here: Loc = ("systems", i, "division_of_labour", j, "produces")
                    problems += self._produces_problems(system, task, here, data, hints)
        for i, exchange in enumerate(self.exchanges):
            at: Loc = ("exchanges", i)
            ends = ((exchange.from_, (*at, "from")), (exchange.to, (*at, "to")))
            if self._all_systems(ends, problems, hints):
                self._check_exchange(exchange, at, problems, hints)
        pairs: dict[tuple[str, str], int] = {}
        for i, assessment in enumerate(self.integration):
            between = [
                (system_id, ("integration", i, "between", k))
                for k, system_id in enumerate(assessment.between)
            ]
            if not self._all_systems(between, problems, hints):
                continue
            first, second = sorted(assessment.between)
            if (first, second) in pairs:
                problems.append(
                    ModelError(
                        f"systems {first!r} and {second!r} are assessed twice "
                        f"(also integration[{pairs[first, second]}])",
                        ("integration", i, "between"),
                    )
                )
                continue
            pairs[first, second] = i
        for i, declared in enumerate(self.declared):
            for k, ref in enumerate(declared.between):
                problem = self._declared_ref(ref, ("declared", i, "between", k), hints)
                if problem is not None:
                    problems.append(problem)
        return problems

    def _produces_problems(
        self, system: ActivitySystem, task: Task, here: Loc, data: Any, hints: _CaseHints
    ) -> list[ModelError]:
        """A problem for each exchange ``task`` (at ``here``) produces that is not there,
        or is another system's, at its index in the list written in ``data``, in its
        order."""
        told: dict[str, str] = {}
        for exchange_id in task.produces:
            exchange = self._exchanges.get(exchange_id)
            if exchange is None:
                told[exchange_id] = (
                    f"task {task.id!r} produces {exchange_id!r}, which is not an "
                    f"exchange{hints.exchanges().did_you_mean(exchange_id)}"
                )
            # An exchange's own systems are told where they are, not at a task that is
            # right about its system: a misspelt ``from`` is told once.
            elif exchange.from_ != system.id and exchange.from_ in self._systems:
                told[exchange_id] = (
                    f"task {task.id!r} of system {system.id!r} produces exchange "
                    f"{exchange_id!r}, which comes from {exchange.from_!r}: a task may only "
                    "produce its own system's exchanges"
                )
        if not told:
            return []
        return [
            ModelError(told[exchange_id], (*here, index), value=exchange_id)
            for index, exchange_id in as_written(task.produces, value_at(data, here))
            if exchange_id in told
        ]

    def _all_systems(
        self, named: Sequence[tuple[str, Loc]], problems: list[ModelError], hints: _CaseHints
    ) -> bool:
        """True when each id of ``named`` is a system's; a problem, at its place, for each
        that is not."""
        known = True
        for system_id, loc in named:
            if system_id not in self._systems:
                hint = hints.missing_system(system_id)
                problems.append(ModelError(f"no system has the id {system_id!r}{hint}", loc))
                known = False
        return known

    # -- the case's vocabulary ----------------------------------------------------------

    def _vocabulary_problems(self) -> list[ModelError]:
        """Refuse ``value_aliases`` and ``value_tensions`` that could never be found, or
        that would silently take a tension away: aliases that lead back to where they
        started; an alias that makes two tags in tension in the shipped vocabulary stand
        for one tag (``{treatment: punishment}``), which would lose their tension; a
        tension of a tag with itself, or with a tag that stands for the same one (``care``
        is ``treatment``); one pair of values given twice, whose finding could show only
        one rationale (a problem at the second, naming the aliases that make the two
        one). An alias of a tag to itself stays: it says that a tag of the case's own is
        meant (see rule AS604).

        Each loop of aliases is one problem, at its first alias; loops stop the other
        checks, which ask what each alias stands for. Otherwise each alias that joins a
        tension (told once, for the first tension it joins) and each tension that is of
        one tag are problems, the tensions first, as the case's fields come.
        """
        shipped = shipped_vocabulary()
        aliases = {**shipped.aliases, **self.value_aliases}
        loops: list[ModelError] = []
        looped: set[str] = set()
        for alias in self.value_aliases:
            if alias not in looped and (loop := self._alias_loop(alias, aliases)) is not None:
                loops.append(loop[0])
                looped.update(loop[1])
        if loops:
            return loops

        def canonical(tag: str) -> str:
            seen = {tag}
            while aliases.get(tag, tag) not in seen:
                tag = aliases[tag]
                seen.add(tag)
            return tag

        def stand_for(tags: list[str], meant: str) -> str:
            """``'care' and 'therapy' both stand for 'treatment' in the shipped vocabulary``"""
            told = []
            for where, named in (
                ("value_aliases", [tag for tag in tags if tag in self.value_aliases]),
                ("the shipped vocabulary", [tag for tag in tags if tag not in self.value_aliases]),
            ):
                if named:
                    verb = "both stand" if len(named) == 2 else "stands"
                    told.append(f"{' and '.join(map(repr, named))} {verb} for {meant!r} in {where}")
            return " and ".join(told)

        joined: dict[str, ModelError] = {}
        for first, second in shipped.tensions:
            meant = canonical(first)
            if meant != canonical(second):
                continue
            changed = [tag for tag in (first, second) if tag in self.value_aliases]
            if changed[0] in joined:
                continue
            why = stand_for([tag for tag in (first, second) if tag != meant], meant)
            joined[changed[0]] = ModelError(
                f"{why}, but the shipped vocabulary holds {first!r} and {second!r} in "
                "tension: as one tag, their tension would be lost without a word (rule "
                "AS301 would no longer find it); an alias gives a tag another name, as in "
                f"{{my-word: {first}}}, and cannot join two tags in tension",
                ("value_aliases", changed[0]),
            )
        problems: list[ModelError] = []
        given: dict[frozenset[str], int] = {}  # each pair of values, where it is first given
        for i, tension in enumerate(self.value_tensions):
            first, second = tension.between
            here: Loc = ("value_tensions", i, "between", 1)
            if first == second:
                problems.append(
                    ModelError(
                        f"a tension of {first!r} with itself: a tension is between two "
                        "different tags, and one tag could never tell two elements apart",
                        here,
                    )
                )
                continue
            meant = canonical(first)
            if meant == canonical(second):
                why = stand_for([tag for tag in (first, second) if tag != meant], meant)
                problems.append(
                    ModelError(
                        f"{why}, so this is a tension of {meant!r} with itself, which could "
                        "never tell two elements apart: name two tags that stand for "
                        "different values",
                        here,
                    )
                )
                continue
            pair = frozenset((meant, canonical(second)))
            if pair in given:
                # Only one rationale can be shown, and which would depend on the order
                # the tensions are listed in.
                earlier = self.value_tensions[given[pair]].between
                renamed = [  # the aliases by which the two entries differ
                    stand_for([tag], canonical(tag))
                    for tag in (*earlier, first, second)
                    if canonical(tag) != tag and ((tag in earlier) != (tag in (first, second)))
                ]
                why = f" ({' and '.join(renamed)})" if renamed else ""
                problems.append(
                    ModelError(
                        f"the tension of {first!r} and {second!r} is given already, at "
                        f"value_tensions[{given[pair]}]{why}: give each pair of values "
                        "once, with one rationale",
                        ("value_tensions", i, "between"),
                    )
                )
            else:
                given[pair] = i
        return problems + [joined[alias] for alias in self.value_aliases if alias in joined]

    def _alias_loop(
        self, alias: str, aliases: dict[str, str]
    ) -> tuple[ModelError, list[str]] | None:
        """An alias of the case that leads back to itself through other aliases (``{a: b,
        b: a}``, or through one of the shipped vocabulary), none of which would stand for
        a tag: the problem, and the aliases of the loop. An alias of a tag to itself is no
        loop."""
        chain = [alias]
        while (tag := aliases.get(chain[-1], chain[-1])) != chain[-1] and tag not in chain:
            chain.append(tag)
        if tag != alias or len(chain) < 2:
            return None
        told = f"{alias!r} is an alias of {chain[1]!r}"
        for step, then in zip(chain[1:], [*chain[2:], alias], strict=True):
            where = "" if step in self.value_aliases else " in the shipped vocabulary"
            told += f", which is an alias of {then!r}{where}"
        none = "neither" if len(chain) == 2 else "none of them"
        ours = [step for step in chain if step in self.value_aliases]
        fix = (
            f"take {ours[0]!r} out of value_aliases"
            if len(ours) == 1
            else "make one of them the tag by taking it out of value_aliases"
        )
        problem = ModelError(
            f"{told}: a loop, so {none} stands for a tag; {fix}", ("value_aliases", alias)
        )
        return problem, chain

    # -- resolution -------------------------------------------------------------------

    def _advances_problems(self, hints: _CaseHints) -> dict[int, ModelError]:
        """By the index of its system, each ``advances`` that names no other system; when
        each names one, each loop of them (see :meth:`_advances_loops`)."""
        problems: dict[int, ModelError] = {}
        for i, system in enumerate(self.systems):
            if system.advances is None:
                continue
            here: Loc = ("systems", i, "advances")
            if system.advances not in self._systems:
                hint = hints.missing_system(system.advances)
                problems[i] = ModelError(f"no system has the id {system.advances!r}{hint}", here)
            elif system.advances == system.id:
                problems[i] = ModelError(f"system {system.id!r} cannot advance itself", here)
        return problems or self._advances_loops()

    def _advances_loops(self) -> dict[int, ModelError]:
        """Refuse ``advances`` that lead back to where they started (a advances b, b
        advances a): each system would be a more advanced form of itself. Each loop is
        reported at the ``advances`` that closes it, the one written last, with the others
        of the loop as related places; by the index of that system.
        """
        index = {system.id: i for i, system in enumerate(self.systems)}

        def after(i: int) -> int | None:
            step = self.systems[i].advances
            return None if step is None else index[step]

        # Each system advances at most one other, so a loop is a ring. One walk from each
        # system not yet reached marks what it passes; a walk that meets its own mark has
        # found a ring. Every system is passed once.
        walk_of: dict[int, int] = {}
        rings: list[list[int]] = []
        for start in range(len(self.systems)):
            at: int | None = start
            while at is not None and at not in walk_of:
                walk_of[at] = start
                at = after(at)
            if at is None or walk_of[at] != start:
                continue
            ring = [at]
            step = after(at)
            while step is not None and step != at:
                ring.append(step)
                step = after(step)
            rings.append(ring)
        loops: dict[int, ModelError] = {}
        for ring in rings:
            # told at the member written last, and from there round the ring
            last = ring.index(max(ring))
            loop = ring[last:] + ring[:last]
            ids = [self.systems[j].id for j in loop]
            chain = "".join(f", which advances {other!r}" for other in [*ids[2:6], ids[0]][:5])
            if len(ids) > 5:  # a long ring is named by its ends and its length
                chain = (
                    chain.rsplit(",", 1)[0] + f", … and so back to {ids[0]!r} ({len(ids)} systems)"
                )
            loops[loop[0]] = ModelError(
                f"system {ids[0]!r} advances {ids[1]!r}{chain}: a loop, but a system can only "
                "advance an earlier form of its activity; remove 'advances' from one of them",
                *[("systems", j, "advances") for j in loop],
            )
        return loops

    def _resolve_ref(
        self, ref: str, loc: Loc, *, node: NodeName | None = None, hints: _CaseHints | None = None
    ) -> Located:
        """The element ``ref`` names (of ``node``, when given); a problem at ``loc`` when
        it names none, with hints from ``hints`` (one validation's) or else made for it."""
        hints = hints or _CaseHints(self, budget=None)
        system_id, _, element_id = ref.partition(".")
        system = self._systems.get(system_id)
        if system is None:
            hint = hints.renamed(system_id) or hints.references(node).did_you_mean(ref)
            raise ModelError(f"{ref!r} names no system {system_id!r}{hint}", loc)
        found = system.find(element_id)
        if found is not None and (node is None or found[0] == node):
            return Located(system, found[0], found[1])
        instead = named_otherwise(system, element_id) if found is None and node is None else None
        if instead is None and found is None and node is None and element_id in self._exchanges:
            # ``mhs.court-report``, an exchange written under a system as an element is:
            # the closest element's id would be no help
            instead = (
                f"names the exchange {element_id!r} as an element of system {system_id!r}: "
                f"an exchange is named by its id alone, {element_id!r}"
            )
        if instead is not None:
            raise ModelError(f"{ref!r} {instead}", loc)
        what = "element" if node is None else node.rstrip("s").replace("_", " ")
        actually = ""
        if node is not None and found is not None:
            actually = f" (it is in {found[0]})"
        raise ModelError(
            f"{ref!r}: system {system_id!r} has no {what} {element_id!r}{actually}"
            f"{hints.elements(system, node).did_you_mean(element_id) if not actually else ''}",
            loc,
        )

    def _check_exchange(
        self, exchange: Exchange, loc: Loc, problems: list[ModelError], hints: _CaseHints
    ) -> None:
        """The exchange's references, once its ``from`` and ``to`` are known systems: each
        names an element of its own side, the producer's tools (``produced_with``, and
        ``takes``: the time the producer needs), the consumer's tool that requests it and
        the consumer's rule that says when it is needed. A problem for each that does not
        goes to ``problems``."""
        for key, node, side in _EXCHANGE_REFERENCES:
            ref = getattr(exchange, key)
            if not isinstance(ref, str):  # absent, or a duration given as it is
                continue
            try:
                found = self._resolve_ref(ref, (*loc, key), node=node, hints=hints)
            except ModelError as problem:
                problems.append(_unit_left_out(problem, key, ref, self._systems))
                continue
            system_id = exchange.from_ if side == "producer" else exchange.to
            if found.system.id != system_id:
                what = "tool" if node == "tools" else "rule"
                problems.append(
                    ModelError(
                        f"{key} {ref!r} must be a {what} of the {side} {system_id!r}, not of "
                        f"{found.system.id!r}{_SIDE_WHY[key]}",
                        (*loc, key),
                    )
                )

    def _declared_ref(self, ref: str, loc: Loc, hints: _CaseHints) -> ModelError | None:
        """The problem with a reference of a declared contradiction, if it has one."""
        if ref in self._exchanges:
            return None
        if is_reference(ref):
            try:
                self._resolve_ref(ref, loc, hints=hints)
            except ModelError as problem:
                return problem
            return None
        labelled = hints.labelled(ref)
        if len(labelled) == 1:
            message = f"{ref!r} is the label of {labelled[0]}, not its id: name it {labelled[0]}"
        elif labelled:
            message = (
                f"{ref!r} is the label of {', '.join(labelled[:-1])} and {labelled[-1]}, not "
                f"an id: name the one meant, {', '.join(labelled[:-1])} or {labelled[-1]}"
            )
        if labelled:
            # written without its system, it may be an element's id as well as a label
            same_id = [join_reference(s.id, ref) for s in self.systems if s.find(ref) is not None]
            if same_id:
                message += "; or, if it meant the element whose id it is, " + " or ".join(same_id)
            return ModelError(message, loc)
        return ModelError(
            f"{ref!r} is neither an exchange id nor an element reference "
            f"(<system>.<element-id>){hints.declared().did_you_mean(ref)}",
            loc,
        )

    # -- queries ----------------------------------------------------------------------

    def subcase(self, systems: Sequence[str], *, title: str | None = None) -> Case:
        """The case of some of its systems, for a Figure 3, a workshop handout or a check of
        a few services out of a regional map: those systems (in the case's order), the
        exchanges and integration assessments between them, and the declared
        contradictions and actions whose references all lie among them (an action named by
        its key alone is kept). What a kept part names outside them is dropped: an
        ``advances`` to a system left out, a task's ``produces`` of an exchange left out.
        The shared object, value tensions and aliases stay.

        >>> case = Case(title="Region", systems=[
        ...     {"id": s, "subject": "S", "object": "O"} for s in ("a", "b", "c")],
        ...   exchanges=[{"id": "ab", "label": "X", "from": "a", "to": "b"},
        ...              {"id": "bc", "label": "Y", "from": "b", "to": "c"}])
        >>> part = case.subcase(["a", "b"])
        >>> [s.id for s in part.systems], [x.id for x in part.exchanges], part.title
        (['a', 'b'], ['ab'], 'Region: a and b')

        Its title names the systems, the first three and how many more past four, after
        a colon (after the question mark of a title that asks one); give ``title`` for
        another.

        Raises:
            UnknownIdError: (a ``KeyError``) for an id that is not one of the case's
                systems, naming the closest id.
        """
        kept = set(systems)
        for system_id in systems:
            self.system(system_id)  # raises UnknownIdError, with the closest id
        exchanges = tuple(x for x in self.exchanges if x.from_ in kept and x.to in kept)
        exchange_ids = {x.id for x in exchanges}

        def inside(reference: str) -> bool:
            return reference in exchange_ids or reference.partition(".")[0] in kept

        chosen = []
        for system in self.systems:
            if system.id not in kept:
                continue
            update: dict[str, Any] = {}
            if system.advances is not None and system.advances not in kept:
                update["advances"] = None
            if any(not set(t.produces) <= exchange_ids for t in system.division_of_labour):
                update["division_of_labour"] = tuple(
                    task.model_copy(
                        update={"produces": tuple(p for p in task.produces if p in exchange_ids)}
                    )
                    for task in system.division_of_labour
                )
            chosen.append(system.model_copy(update=update) if update else system)
        names = [system.title for system in chosen]
        if len(names) > _TITLED_SYSTEMS:  # a title, not a list: the handout lists them
            first = names[: _TITLED_SYSTEMS - 1]
            listed = f"{', '.join(first)} and {len(names) - len(first)} more"
        elif len(names) > 1:
            listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        else:
            listed = names[0]
        return self.model_copy(
            update={
                "title": title if title is not None else subtitled(self.title, listed),
                "systems": tuple(chosen),
                "exchanges": exchanges,
                "integration": tuple(
                    i for i in self.integration if i.between[0] in kept and i.between[1] in kept
                ),
                "declared": tuple(d for d in self.declared if all(map(inside, d.between))),
                "actions": tuple(
                    a
                    for a in self.actions
                    if isinstance(a.finding, str) or all(map(inside, a.finding.elements))
                ),
            }
        )

    def rename_system(self, old: str, new: str) -> Case:
        """The case with the system ``old`` given the id ``new``, and every reference to
        it renamed with it: an exchange's ``from`` and ``to``, its ``takes``,
        ``needed_within``, ``produced_with`` and ``requested_with`` (``old.report``
        becomes ``new.report``), a system's ``advances``, an integration assessment's
        ``between``, a declared contradiction's element references, and the elements of
        an action's finding given as ``{rule, elements}``. An exchange whose id begins
        the same (``court-report``), and another system whose id does (``court-annex``
        for ``court``), are left alone. The system keeps its place and its name.

        An action that names its finding by its key (``AS101-3705b555c6``) keeps that
        key, which is worked out from the elements' references: the renamed case's
        finding has another key, and the action, naming no finding, is reviewed as
        resolved, with no warning. Give such an action its finding as
        ``{rule, elements}`` before renaming, which a rename follows.

        >>> case = Case(title="Reports", systems=[
        ...     {"id": s, "subject": "S", "object": "O"} for s in ("court", "mhs")],
        ...   exchanges=[{"id": "report", "label": "Report", "from": "mhs", "to": "court"}])
        >>> renamed = case.rename_system("court", "crown-court")
        >>> [s.id for s in renamed.systems], renamed.exchange("report").to
        (['crown-court', 'mhs'], 'crown-court')

        Raises:
            UnknownIdError: (a ``KeyError``) when ``old`` is not one of the case's
                systems, naming the closest id.
            pydantic.ValidationError: when ``new`` is no id, or another system's or
                an exchange's.
        """
        self.system(old)  # raises UnknownIdError, with the closest id
        if new == old:
            return self
        exchange_ids = set(self._exchanges)

        def ref(reference: Any) -> Any:
            """A ``<system>.<element-id>`` reference, renamed; anything else as it is."""
            if isinstance(reference, str) and reference.startswith(old + "."):
                return new + reference[len(old) :]
            return reference

        def element(reference: str) -> str:
            """What a finding involves: a reference, an exchange id or a system's id."""
            if reference == old and reference not in exchange_ids:
                return new
            return str(ref(reference))

        systems = []
        for system in self.systems:
            update: dict[str, Any] = {}
            if system.id == old:
                update["id"] = new
            if system.advances == old:
                update["advances"] = new
            systems.append(system.model_copy(update=update) if update else system)
        if self.has_system(new):  # told as two systems of one id, before their exchanges
            self.model_copy(update={"systems": tuple(systems)})
        exchanges = []
        for exchange in self.exchanges:
            changed = {
                "from_": new if exchange.from_ == old else exchange.from_,
                "to": new if exchange.to == old else exchange.to,
                "takes": ref(exchange.takes),
                "needed_within": ref(exchange.needed_within),
                "produced_with": ref(exchange.produced_with),
                "requested_with": ref(exchange.requested_with),
            }
            update = {k: v for k, v in changed.items() if v != getattr(exchange, k)}
            exchanges.append(exchange.model_copy(update=update) if update else exchange)
        integration = [
            i.model_copy(update={"between": tuple(new if s == old else s for s in i.between)})
            if old in i.between
            else i
            for i in self.integration
        ]
        declared = [
            d.model_copy(update={"between": tuple(ref(r) for r in d.between)})
            if any(ref(r) != r for r in d.between)
            else d
            for d in self.declared
        ]
        actions = []
        for action in self.actions:
            finding = action.finding
            if not isinstance(finding, str) and any(element(e) != e for e in finding.elements):
                finding = finding.model_copy(
                    update={"elements": tuple(element(e) for e in finding.elements)}
                )
                action = action.model_copy(update={"finding": finding})
            actions.append(action)
        return self.model_copy(
            update={
                "systems": tuple(systems),
                "exchanges": tuple(exchanges),
                "integration": tuple(integration),
                "declared": tuple(declared),
                "actions": tuple(actions),
            }
        )

    def system(self, system_id: str) -> ActivitySystem:
        """The system with this id.

        Raises:
            UnknownIdError: (a ``KeyError``) when there is none, naming the closest id.
        """
        if not isinstance(system_id, str):
            raise UnknownIdError(_not_an_id("system", "a system's", system_id, self._systems))
        try:
            return self._systems[system_id]
        except KeyError:
            other = self._other_kind(system_id)
            raise UnknownIdError(
                f"no system {system_id!r}{other or did_you_mean(system_id, self._systems)}"
            ) from None

    def exchange(self, exchange_id: str) -> Exchange:
        """The exchange with this id.

        Raises:
            UnknownIdError: (a ``KeyError``) when there is none, naming the closest id.
        """
        if not isinstance(exchange_id, str):
            raise UnknownIdError(
                _not_an_id("exchange", "an exchange's", exchange_id, self._exchanges)
            )
        try:
            return self._exchanges[exchange_id]
        except KeyError:
            other = self._other_kind(exchange_id)
            raise UnknownIdError(
                f"no exchange {exchange_id!r}{other or did_you_mean(exchange_id, self._exchanges)}"
            ) from None

    def _other_kind(self, name: str) -> str:
        """What ``name``, given to a lookup of another kind, is, and which lookup gives
        it (``: it is a system, which case.system('court') gives``); empty when it
        names nothing else. A rule that looks up what a finding or an exchange names
        calls the lookup of another kind now and then."""
        if name in self._systems:
            return f": it is a system, which case.system({name!r}) gives"
        if name in self._exchanges:
            return f": it is an exchange, which case.exchange({name!r}) gives"
        system_id, dot, element_id = name.partition(".")
        system = self._systems.get(system_id)
        if dot and system is not None and system.has_element(element_id):
            return f": it is the reference of an element, which case.locate({name!r}) gives"
        return ""

    def _not_a_reference(self, given: object) -> str:
        """What :meth:`locate` says of ``given``, no text: the element's reference when
        ``given`` is an element of the case, else what a reference is."""
        references = [
            (f"{system.id}.{element.id}", element)
            for system in self.systems
            for _, element in system.elements()
        ]
        for reference, element in references:
            if element is given:
                return f"give the element's reference, {reference!r}, not the element itself"
        example = f" such as {references[0][0]!r}," if references else ""
        shown = "None" if given is None else type(given).__name__
        return f"an element's reference is text, <system>.<element-id>,{example} not {shown}"

    def has_system(self, system_id: str) -> bool:
        """True when a system with this id exists."""
        return system_id in self._systems

    def has_exchange(self, exchange_id: str) -> bool:
        """True when an exchange with this id exists."""
        return exchange_id in self._exchanges

    def locate(self, reference: str) -> Located:
        """The element named by ``<system>.<element-id>``.

        Raises:
            UnknownIdError: (a ``KeyError``) when it does not resolve.
        """
        if not isinstance(reference, str):
            raise UnknownIdError(self._not_a_reference(reference))
        if "." not in reference and (other := self._other_kind(reference)):
            raise UnknownIdError(f"{reference!r} is no element's reference{other}")
        try:
            return self._resolve_ref(reference, ())
        except ModelError as error:
            raise UnknownIdError(error.message) from None

    def takes(self, exchange: Exchange) -> DurationRange | None:
        """How long the exchange takes: its own ``takes``, a referenced tool's turnaround,
        or the turnaround of the tool it is ``produced_with``."""
        if isinstance(exchange.takes, DurationRange):
            return exchange.takes
        ref = exchange.takes if exchange.takes is not None else exchange.produced_with
        if ref is None:
            return None
        tool = self.locate(ref).element
        return tool.turnaround if isinstance(tool, Tool) else None

    def needed_within(self, exchange: Exchange) -> DurationRange | None:
        """When the exchange is needed: its own value or the referenced rule's time limit."""
        if exchange.needed_within is None or isinstance(exchange.needed_within, DurationRange):
            return exchange.needed_within
        rule = self.locate(exchange.needed_within).element
        return rule.time_limit if isinstance(rule, Rule) else None

    def provides(self, exchange: Exchange) -> tuple[str, ...]:
        """Content items the exchange carries: its own ``provides``, else those of the tool
        it is produced with (``produced_with``, else the tool it ``takes`` its time from).

        >>> case = Case.model_validate({"title": "T", "systems": [
        ...     {"id": "court", "subject": "Magistrate", "object": "Defendant"},
        ...     {"id": "mhs", "subject": "Psychiatrist", "object": "Service user",
        ...      "tools": [{"id": "report", "label": "Report", "provides": ["diagnosis"]}]}],
        ...     "exchanges": [{"label": "Report", "from": "mhs", "to": "court",
        ...                    "takes": "mhs.report"}]})
        >>> case.provides(case.exchanges[0])
        ('diagnosis',)
        """
        if exchange.provides is not None:
            return exchange.provides
        if exchange.producing_tool is None:
            return ()
        tool = self.locate(exchange.producing_tool).element
        return tool.provides if isinstance(tool, Tool) else ()

    def neighbours(self) -> list[tuple[str, str]]:
        """Pairs of system ids linked by an exchange or an integration assessment, sorted."""
        pairs = {tuple(sorted((x.from_, x.to))) for x in self.exchanges}
        pairs |= {tuple(sorted(a.between)) for a in self.integration}
        return sorted((p[0], p[1]) for p in pairs)

    def advances_pairs(self) -> list[tuple[str, str]]:
        """``(advanced, original)`` pairs, one per system that ``advances`` another."""
        return sorted((s.id, s.advances) for s in self.systems if s.advances is not None)

    def iter_elements(self) -> Iterator[Located]:
        """Every element of every system, in file order."""
        for system in self.systems:
            for node, element in system.elements():
                yield Located(system, node, element)

    def to_yaml(self) -> str:
        """The case as case-file YAML; :func:`activity_systems.loads` gives it back equal.

        The writing lives in :mod:`activity_systems.io.dumping` (imported here on use, so
        the model itself imports no serialiser).
        """
        from activity_systems.io.dumping import case_to_yaml

        return case_to_yaml(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The case as case-file JSON; ``loads(text)`` gives it back equal."""
        from activity_systems.io.dumping import case_to_json

        return case_to_json(self, indent=indent)

    def __repr__(self) -> str:
        """The case's fields, as Pydantic shows them, or past :data:`REPR_LIMIT` characters
        (the court example is 13,000; a regional map of a hundred systems more than
        100,000), a one-line summary, as numpy and pandas summarise large arrays;
        ``str(case)`` and ``case.to_yaml()`` show everything. A falsifying example of
        Hypothesis shows the fields however long they are (see
        :mod:`activity_systems.strategies`), as Python that gives the case back.

        >>> small = Case(title="Reports", systems=[{"id": "court", "subject": "M", "object": "D"}])
        >>> repr(small).startswith("Case(title='Reports', systems=(ActivitySystem(id='court'")
        True
        >>> Case(title="Map", systems=[{"id": f"s{i}", "subject": "S", "object": "O"}
        ...                            for i in range(60)])
        Case(title='Map', systems=60 (s0, s1, s2, s3, s4, … 55 more), exchanges=0)
        """
        # A system's repr takes at least 100 characters and an exchange's 40: a case
        # surely past the limit is summarised without writing its fields out first.
        if 100 * len(self.systems) + 40 * len(self.exchanges) <= REPR_LIMIT:
            full = super().__repr__()
            if len(full) <= REPR_LIMIT:
                return full
        ids = [system.id for system in self.systems]
        parts = [
            f"title={self.title!r}",
            f"systems={len(ids)} ({first_ids(ids)})",
            f"exchanges={len(self.exchanges)}",
        ]
        for name in ("integration", "declared", "actions"):
            if count := len(getattr(self, name)):
                parts.append(f"{name}={count}")
        return f"Case({', '.join(parts)})"

    def __hash__(self) -> int:
        """The hash of the case's fields, as Pydantic hashes a frozen model's, with
        ``value_aliases`` as its sorted items: equal cases hash equal, and a case can be a
        key of a dict or an argument of a cached function.

        >>> one = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
        ...            value_aliases={"tlc": "treatment", "haste": "speed"})
        >>> other = one.model_validate_json(one.model_dump_json())
        >>> one == other, hash(one) == hash(other)
        (True, True)
        """
        return hash(
            tuple(
                tuple(sorted(value.items())) if isinstance(value, dict) else value
                for value in map(self.__dict__.__getitem__, type(self).model_fields)
            )
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter shows the figure (SVG); without Graphviz, the DOT text and how to
        install it. Never raises."""
        try:
            from activity_systems.render.notebook import mimebundle

            return mimebundle(self, include=include, exclude=exclude)
        except Exception as error:  # display must never raise in a notebook
            return {"text/plain": f"{self!r}\n(not drawn: {error})"}


def _repeats(ids: Sequence[str], what: str = "exchange") -> Iterator[ModelError]:
    """A problem for each id given again in the systems or the exchanges, at the repeat,
    with the first as its related place.

    >>> [error.locs for error in _repeats(["a", "b", "a"], "system")]
    [[('systems', 2, 'id'), ('systems', 0, 'id')]]
    """
    field = f"{what}s"
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            yield ModelError(
                f"duplicate {what} id {item_id!r} (also {field}[{first[item_id]}])",
                (field, i, "id"),
                (field, first[item_id], "id"),
            )
        else:
            first[item_id] = i


@dataclass(frozen=True)
class PersonKept:
    """A name that :meth:`Case.without_people` leaves out of the field ``left_out``
    (``("actions", 0, "owner")``) but that the case also writes at each place of
    ``kept``, which stays in every output (see :meth:`Case.people_kept`); with
    ``of_other``, ``left_out`` is a place of the other version given to it."""

    name: str
    left_out: Loc
    kept: tuple[Loc, ...]
    of_other: bool = False


#: Where a field naming people is split into the names it may hold.
_NAME_SEPARATORS = re.compile(r"[,;/&()\[\]]|\band\b", re.IGNORECASE)

#: The scripts written without spaces between words (Chinese, Japanese, Thai, …) and
#: Korean, which joins a particle to the word before it: a name written in one is found
#: inside a run of its letters, and two of its letters make a name.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)

#: A character that a name's first or last letter may not touch: a word's character
#: other than one of a script written without spaces (see :data:`_UNSPACED`).
_IN_WORD = rf"[^\W{_UNSPACED}]"


def _name_parts(value: str | None) -> list[str]:
    """The names ``value`` may hold: itself, and its parts (see
    :meth:`Case.people_kept`), each also without a title before it (``Kim Lee`` of
    ``Dr Kim Lee``), without those holding a digit or too few letters."""
    if not value:
        return []
    wanted = [" ".join(value.split())]
    for part in _NAME_SEPARATORS.split(value):  # the title of each name: not "and Mrs Roe"
        words = part.split()
        wanted.append(" ".join(words))
        if len(words) > 2 and _is_title(words[0]):
            wanted.append(" ".join(words[1:]))
    return [part for part in dict.fromkeys(wanted) if _looked_for(part)]


def _is_title(word: str) -> bool:
    """Whether ``word``, before a name, is taken as a title: fewer than three letters
    (``Dr``, ``Mr``) or shortened with a full stop (``Prof.``)."""
    return word.endswith(".") or sum(c.isalpha() for c in word) < 3


def _looked_for(part: str) -> bool:
    """Whether ``part`` is looked for as a name: it holds no digit (a date) and three
    letters, or two of a script written without spaces (see :data:`_UNSPACED`)."""
    if any(c.isdigit() for c in part):
        return False
    letters = [c for c in part if c.isalpha()]
    unspaced = re.fullmatch(f"[{_UNSPACED}]+", "".join(letters)) is not None
    return len(letters) >= (2 if unspaced and letters else 3)


_TOUCHING = re.compile(_IN_WORD)


def _holds_whole(text: str, name: re.Pattern[str]) -> bool:
    """Whether ``text`` holds ``name`` as whole words: touching no word's character
    before or after it, but one of a script written without spaces."""
    for match in name.finditer(text):
        start, end = match.span()
        if not _TOUCHING.match(text[start - 1 : start]) and not _TOUCHING.match(
            text[end : end + 1]
        ):
            return True
    return False


#: A word, as names are indexed by their rarest (see :meth:`Case.people_kept`): a run of
#: word's characters, or one letter of a script written without spaces.
_WORD = re.compile(rf"{_IN_WORD}+|[{_UNSPACED}]")

#: Apostrophes and hyphens written otherwise, and a dotless i (Yılmaz, which capitals
#: write YILMAZ), as names are compared.
_MARKS = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u0131": "i"}
)


def _folded(text: str) -> str:
    """``text`` as names are compared: in one Unicode form (NFKC), case folded (a dotted
    capital I and a dotless i as an i), with one apostrophe and one hyphen, each run of spaces one
    space."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = folded.replace("\u0307", "").translate(_MARKS)
    return " ".join(folded.split())


def _made_from_label(data: object, loc: Loc, places: Sequence[Loc]) -> bool:
    """Whether ``loc`` is an element's id that the case did not write, made from the
    element's label (``samira-s-team`` of ``Samira's team``, see :func:`derived_id`),
    whose place is among ``places`` too."""
    if not loc or loc[-1] != "id" or (*loc[:-1], "label") not in places:
        return False
    element = data
    for key in loc[:-1]:
        element = element[key]  # type: ignore[index]
    if not isinstance(element, dict):
        return False
    made = derived_id(str(element.get("label", "")))
    given = str(element.get("id", ""))
    return given == made or re.fullmatch(rf"{re.escape(made)}-\d+", given) is not None


def _texts(data: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Each text in ``data`` (a case dumped as JSON data), with its place."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*loc, i))
