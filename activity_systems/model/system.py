"""An activity system: Engeström's triangle of six elements, and its outcome as a seventh
node (see the docs' concepts page)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from activity_systems.errors import ModelError, UnknownIdError
from activity_systems.model.elements import (
    UNKNOWN_ID,
    UNKNOWN_LABEL,
    Element,
    Frozen,
    ObjectElement,
    Rule,
    Task,
    Tool,
    derived_id,
)
from activity_systems.model.plain_errors import (
    each_at_its_place,
    in_wrong_node,
    place_written,
    value_at,
)
from activity_systems.model.slugs import did_you_mean, numbered, slugify
from activity_systems.model.types import (
    ORDERED,
    Label,
    Slug,
    Text,
    as_written,
    error_details,
    join_reference,
)

#: Where an element is in its system: ``("tools", 0)``, or ``("subject",)``.
Place = tuple[str | int, ...]

NodeName = Literal[
    "subject", "object", "outcome", "tools", "rules", "community", "division_of_labour"
]
#: The seven nodes in the order the case file and the diagrams use.
NODES: tuple[NodeName, ...] = (
    "subject",
    "object",
    "outcome",
    "tools",
    "rules",
    "community",
    "division_of_labour",
)
#: The nodes that hold one element, whose id is the node's name.
SINGLE_NODES: tuple[NodeName, ...] = ("subject", "object", "outcome")
#: The nodes that hold a list of elements.
LIST_NODES: tuple[NodeName, ...] = ("tools", "rules", "community", "division_of_labour")
#: The kind of element each node holds.
NODE_KINDS: dict[NodeName, type[Element]] = {
    "subject": Element,
    "object": ObjectElement,
    "outcome": Element,
    "tools": Tool,
    "rules": Rule,
    "community": Element,
    "division_of_labour": Task,
}
#: Headings used in reports, handouts and diagrams.
NODE_TITLES: dict[NodeName, str] = {
    "subject": "Subject",
    "object": "Object",
    "outcome": "Outcome",
    "tools": "Tools",
    "rules": "Rules",
    "community": "Community",
    "division_of_labour": "Division of labour",
}


def _prepare_single(node: NodeName, value: Any) -> Any:
    """The subject, object or outcome with the node's name as its id. An element built
    in Python (``Element(label="Magistrate")``) has the id its label makes, as it cannot
    know the node it will fill: that id was not written, and becomes the node's. An id
    written otherwise is left for the system to refuse.

    >>> _prepare_single("subject", Element(label="Magistrate"))
    Element(id='subject', label='Magistrate')
    """
    if isinstance(value, str):
        return {"id": node, "label": value}
    if isinstance(value, dict) and "id" not in value:
        return {"id": node, **value}
    if isinstance(value, Element) and value.id != node and value.id == derived_id(value.label):
        return value.model_copy(update={"id": node})
    return value


def _made_unknown(item: Any) -> bool:
    """``item`` is an unknown element built in Python without an id, which has
    the id :func:`derived_id` gives it until its system gives it one of the node's."""
    return isinstance(item, Element) and item.is_unknown and item.id == UNKNOWN_ID


def prepare_list(node: NodeName, items: Any) -> Any:
    """Turn strings into element mappings and give ids to unknown and id-less elements
    (the case-file loader also reads the ids so given, to suggest references)."""
    if not isinstance(items, list | tuple):
        return items
    label_key = "task" if node == "division_of_labour" else "label"
    prefix = slugify(node)
    taken: set[str] = set()
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            taken.add(item["id"])
        elif isinstance(item, Element) and not _made_unknown(item):
            taken.add(item.id)

    prepared: list[Any] = []
    for item in items:
        data = {label_key: item} if isinstance(item, str) else item
        if isinstance(data, Element) and _made_unknown(data):
            # "?" built in Python: its id is made as for "?" in a case file
            data = data.model_copy(update={"id": numbered(f"unknown-{prefix}", taken)})
        if isinstance(data, dict) and "id" not in data:
            label = data.get(label_key, data.get("label"))
            if isinstance(label, str):
                derived = slugify(label)
                if label.strip() == UNKNOWN_LABEL or not derived:
                    derived = numbered(
                        f"unknown-{prefix}" if label.strip() == UNKNOWN_LABEL else prefix, taken
                    )
                data = {"id": derived, **data}
        prepared.append(data)
    return prepared


def _written_ids(data: dict[str, Any]) -> frozenset[Place]:
    """The places of the list elements whose id is given, not made from their label. An
    element built in Python always has an id: it counts as given when it is not the one
    its label would make."""
    return frozenset(
        (node, position)
        for node in LIST_NODES
        if isinstance(data.get(node), list | tuple)
        for position, item in enumerate(data[node])
        if (isinstance(item, Element) and item.id != derived_id(item.label))
        or (isinstance(item, dict) and "id" in item)
    )


def _duplicate_advice(this_written: bool, other_written: bool, other: str) -> str:
    """How to part two elements with one id, by whether each id is written out."""
    if this_written and other_written:
        return "change one of them"
    if this_written:
        return f"change this 'id', or give the element at {other} an 'id' of its own"
    if other_written:
        return f"change the 'id' at {other}, or give this element an 'id' of its own"
    return "give one of them an explicit 'id'"


class ActivitySystem(Frozen):
    """One agency's activity: subject, object → outcome, tools, rules, community, tasks.

    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant",
    ...                        tools=["Written request"], community=["?"])
    >>> [e.id for _, e in court.elements()]
    ['subject', 'object', 'written-request', 'unknown-community']
    >>> court.element("written-request").label
    'Written request'
    """

    id: Slug = Field(description="Unique id of the system, used in references.")
    name: Label | None = Field(default=None, description="Display name, e.g. Magistrates' court.")
    sector: Text | None = Field(default=None, description="Free text such as MHS or CJS.")
    description: Text | None = Field(default=None, description="Longer text, shown in handouts.")
    source: Text | None = Field(default=None, description="Where this comes from (a citation).")
    advances: Slug | None = Field(
        default=None, description="Id of the system this one is a culturally more advanced form of."
    )
    subject: Element = Field(description="Whose point of view.")
    object: ObjectElement = Field(description="The problem space worked on.")
    outcome: Element | None = Field(default=None, description="What the activity should produce.")
    tools: Annotated[tuple[Tool, ...], ORDERED] = Field(
        default=(), description="Mediating artefacts."
    )
    rules: Annotated[tuple[Rule, ...], ORDERED] = Field(
        default=(), description="Formal rules and informal norms."
    )
    community: Annotated[tuple[Element, ...], ORDERED] = Field(
        default=(), description="Others who share the object."
    )
    division_of_labour: Annotated[tuple[Task, ...], ORDERED] = Field(
        default=(), description="Who does what."
    )

    # ``default={}`` is copied per instance; a ``default_factory`` would be inspected
    # (inspect.signature) on every validation.
    _index: dict[str, tuple[NodeName, Element]] = PrivateAttr(default={})

    @model_validator(mode="wrap")
    @classmethod
    def _validate(
        cls, data: Any, handler: ModelWrapValidatorHandler[ActivitySystem]
    ) -> ActivitySystem:
        """Elements get their ids before the fields are validated; the system is checked as
        a whole after, knowing which ids were written out rather than made from a label."""
        written: frozenset[Place] = frozenset()
        if isinstance(data, dict):
            cls._refuse_one_for_many(data)
            written = _written_ids(data)
            data = dict(data)
            for node in SINGLE_NODES:
                if node in data:
                    data[node] = _prepare_single(node, data[node])
            for node in LIST_NODES:
                if node in data:
                    data[node] = prepare_list(node, data[node])
        try:
            system = handler(data)
        except ValidationError as error:
            better = _performers_named(error, data)
            if better is None:
                raise
            raise better from None
        system._check(written, data)
        return system

    def _check(self, written: frozenset[Place], data: Any) -> None:
        """Index the elements, or raise every problem found in one ``ValidationError``,
        each an error of its own at its place, as a case does (see ``Case._resolve``).

        The ids come first, and their problems are told alone: with an id given twice, an
        ``applies_to`` or a ``by`` that names it would name either element. Otherwise
        each ``applies_to`` that names no tool of the system, and each task's ``by`` that
        names neither its subject nor a community member, is told; ``data``, what the
        system was made from, places each ``applies_to`` where it is written.
        """
        index, problems = self._indexed(written)
        problems = self._kind_problems() + problems
        if not problems:
            problems = self._reference_problems(data)
        if problems:
            raise each_at_its_place(self, problems)
        self._index = index

    def _kind_problems(self) -> list[ModelError]:
        """A problem for each element built in Python as another node's kind (a ``Tool``
        in ``community``, a ``Rule`` as the subject), which the field's type lets by as a
        kind of ``Element``: its extra fields would mean nothing there, and be lost when
        the case is written."""
        problems: list[ModelError] = []
        for node in NODES:
            kind = NODE_KINDS[node]
            for position, element in enumerate(self.node(node)):
                if type(element) is kind:
                    continue
                here: Place = (node,) if node in SINGLE_NODES else (node, position)
                problems.append(ModelError(in_wrong_node(here, element, node, kind), here))
        return problems

    def _indexed(
        self, written: frozenset[Place]
    ) -> tuple[dict[str, tuple[NodeName, Element]], list[ModelError]]:
        """Each element by its id, and a problem for each id that may not be given."""
        index: dict[str, tuple[NodeName, Element]] = {}
        places: dict[str, Place] = {}
        problems: list[ModelError] = []
        for node in SINGLE_NODES:
            element = getattr(self, node)
            if element is None:
                continue
            if element.id != node:
                problems.append(
                    ModelError(
                        f"the {node} of a system always has the id {node!r}; remove id "
                        f"{element.id!r}",
                        (node, "id"),
                    )
                )
                continue
            index[node] = (node, element)
            places[node] = (node,)
        for node in LIST_NODES:
            for position, element in enumerate(getattr(self, node)):
                here: Place = (node, position)
                if element.id in SINGLE_NODES:
                    problems.append(
                        ModelError(
                            f"{element.id!r} is reserved for the system's {element.id} node; "
                            f"give this element another id",
                            (*here, "id"),
                        )
                    )
                elif element.id in index:
                    other = places[element.id]
                    advice = _duplicate_advice(
                        here in written, other in written, place_written(other)
                    )
                    problems.append(
                        ModelError(
                            f"duplicate id {element.id!r} in system {self.id!r}: it is also "
                            f"used at {place_written(other)}; {advice}",
                            here,
                            other,
                        )
                    )
                else:
                    index[element.id] = (node, element)
                    places[element.id] = here
        return index, problems

    def _reference_problems(self, data: Any) -> list[ModelError]:
        """A problem for each ``applies_to`` that names no tool of the system, and each
        ``by`` that names neither its subject nor a community member.

        A rule keeps its ``applies_to`` sorted: each tool it names is placed by its index
        in the list written in ``data``, and told in that list's order."""
        problems: list[ModelError] = []
        community = {e.id for e in self.community}
        tools = {t.id for t in self.tools}
        for position, rule in enumerate(self.rules):
            if tools.issuperset(rule.applies_to):
                continue
            at: Place = ("rules", position, "applies_to")
            for index, tool_id in as_written(rule.applies_to, value_at(data, at)):
                if tool_id not in tools:
                    problems.append(
                        ModelError(
                            f"rule {rule.id!r} applies_to {tool_id!r}, which is not a tool of "
                            f"system {self.id!r}{did_you_mean(tool_id, tools)}",
                            (*at, index),
                            value=tool_id,
                        )
                    )
        for position, task in enumerate(self.division_of_labour):
            if task.by is not None and task.by != "subject" and task.by not in community:
                here: Place = ("division_of_labour", position, "by")
                advice = performer_by_label(task.by, self.subject, self.community)
                message = (
                    f"task {task.id!r}: {advice}"
                    if advice is not None
                    else f"task {task.id!r} is done by {task.by!r}, which is neither 'subject' "
                    f"nor a community member of system {self.id!r}"
                    f"{did_you_mean(task.by, community | {'subject'})}"
                )
                problems.append(ModelError(message, here))
        return problems

    @property
    def title(self) -> str:
        """The name when given, else the id."""
        return self.name or self.id

    def elements(self) -> Iterator[tuple[NodeName, Element]]:
        """Every element with its node, in node order then list order."""
        yield from self._index.values()

    def element(self, element_id: str) -> Element:
        """The element with this id (``subject``, ``object``, ``outcome`` or a list id).

        Raises:
            UnknownIdError: (a ``KeyError``) when there is none, naming the closest id.
        """
        try:
            return self._index[element_id][1]
        except KeyError:
            raise UnknownIdError(
                f"system {self.id!r} has no element {element_id!r}"
                f"{did_you_mean(element_id, self._index)}"
            ) from None

    def node_of(self, element_id: str) -> NodeName:
        """The node that holds the element with this id.

        Raises:
            UnknownIdError: (a ``KeyError``) when there is none.
        """
        try:
            return self._index[element_id][0]
        except KeyError:
            raise UnknownIdError(f"system {self.id!r} has no element {element_id!r}") from None

    def find(self, element_id: str) -> tuple[NodeName, Element] | None:
        """The node and element with this id, or ``None`` when there is none.

        >>> ActivitySystem(id="court", subject="Magistrate", object="Defendant").find("object")
        ('object', ObjectElement(id='object', label='Defendant'))
        """
        return self._index.get(element_id)

    def has_element(self, element_id: str) -> bool:
        """True when an element with this id exists in the system."""
        return element_id in self._index

    def node(self, name: NodeName) -> tuple[Element, ...]:
        """The elements of one node, as a tuple (empty for an absent outcome)."""
        value = getattr(self, name)
        if value is None:
            return ()
        if isinstance(value, Element):
            return (value,)
        return tuple(value)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter shows the figure (SVG); without Graphviz, the DOT text and how to
        install it. Never raises."""
        try:
            from activity_systems.render.notebook import mimebundle

            return mimebundle(self, include=include, exclude=exclude)
        except Exception as error:  # display must never raise in a notebook
            return {"text/plain": f"{self!r}\n(not drawn: {error})"}


def _same_label(text: str, label: str) -> bool:
    """``text`` is ``label`` but for case, or has the same slug."""
    if text.strip().casefold() == label.strip().casefold():
        return True
    slug = slugify(text)
    return bool(slug) and slug == slugify(label)


def performer_by_label(text: str, subject: Element, community: Iterable[Element]) -> str | None:
    """What to write instead, when a task's ``by`` gives the label of the subject or of a
    community member (ignoring case and punctuation) where their id belongs; ``None``
    when it names none of them.

    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant",
    ...                        community=[{"id": "po", "label": "Probation officers"}])
    >>> print(performer_by_label("Magistrate", court.subject, court.community))
    'Magistrate' names the subject by its label; 'by' takes an id: write 'by: subject'
    >>> print(performer_by_label("probation-officers", court.subject, court.community))
    'probation-officers' names community member 'po' by its label; 'by' takes an id: write 'by: po'
    """
    named = [("the subject", "subject")] if _same_label(text, subject.label) else []
    named += [
        (f"community member {member.id!r}", member.id)
        for member in community
        if not member.is_unknown and _same_label(text, member.label)
    ]
    if not named:
        return None
    who = " and ".join(what for what, _ in named)
    labels = "its label" if len(named) == 1 else "their labels"
    write = " or ".join(f"'by: {element_id}'" for _, element_id in named)
    return f"{text!r} names {who} by {labels}; 'by' takes an id: write {write}"


#: How many of a node's elements :func:`named_otherwise` lists.
_NODE_LISTED = 6


def named_otherwise(system: ActivitySystem, element_id: str) -> str | None:
    """What a reference ``<system>.<element_id>`` that names no element names instead,
    as the rest of a sentence that starts with the reference: a list node (a group that
    sees the court's rules pull against its object writes ``court.rules``), or an
    element by the id its label would make where its id is another (``court.magistrate``
    for the subject); ``None`` when it names neither.

    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant",
    ...                        rules=["Time targets", "Delay norm"])
    >>> print(named_otherwise(court, "rules"))
    names a node of system 'court', its rules, not an element: name one of its elements, \
court.time-targets or court.delay-norm
    >>> print(named_otherwise(court, "magistrate"))
    gives the label of court.subject ('Magistrate') as an id, but its id is 'subject': \
name it court.subject
    """
    node = element_id.replace("-", "_")
    if node in LIST_NODES:
        title = NODE_TITLES[node].lower()
        refs = [join_reference(system.id, element.id) for element in system.node(node)]
        if not refs:
            return f"names a node of system {system.id!r}, its {title}, which has no elements yet"
        if len(refs) > _NODE_LISTED:  # a long node is named by its first elements
            listed = f"{', '.join(refs[:_NODE_LISTED])}, … ({len(refs) - _NODE_LISTED} more)"
        else:
            listed = refs[0] if len(refs) == 1 else f"{', '.join(refs[:-1])} or {refs[-1]}"
        return (
            f"names a node of system {system.id!r}, its {title}, not an element: name one of "
            f"its elements, {listed}"
        )
    named = named_by_label(system, element_id)
    if len(named) > 1:  # a label two elements share, as an object and an outcome may
        refs = [join_reference(system.id, element.id) for element in named]
        each = " and of ".join(
            f"{ref} ({element.label!r})" for ref, element in zip(refs, named, strict=True)
        )
        return (
            f"gives as an id the label of {each}: name the one meant, "
            f"{', '.join(refs[:-1])} or {refs[-1]}"
        )
    if named:
        [element] = named
        ref = join_reference(system.id, element.id)
        return (
            f"gives the label of {ref} ({element.label!r}) as an id, but its id is "
            f"{element.id!r}: name it {ref}"
        )
    return None


def named_by_label(system: ActivitySystem, element_id: str) -> tuple[Element, ...]:
    """The elements of ``system`` that ``element_id``, no element's id, names by the id
    their labels make where their ids are others (``magistrate`` for the subject
    labelled ``Magistrate``): none when ``element_id`` is an element's id or names
    none, two or more when elements share a label. Only this system's labels are read,
    so looking up one reference stays cheap in a large case.

    >>> court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    >>> [element.id for element in named_by_label(court, "magistrate")]
    ['subject']
    >>> named_by_label(court, "object")
    ()
    """
    if system.find(element_id) is not None:
        return ()
    return tuple(
        element
        for _, element in system.elements()
        if not element.is_unknown and element.id != element_id == slugify(element.label)
    )


def _performers_named(error: ValidationError, data: Any) -> ValidationError | None:
    """``error`` with each task's ``by`` that is a name rather than an id (``Magistrate``)
    told which id to write, read from the system's subject and community; ``None`` when
    there is no such ``by``.

    The rest of the system may be invalid too, so its subject and community are read on
    their own, into a stand-in system, as the system reads them.
    """
    errors = error.errors()
    wrong_by = [
        e
        for e in errors
        if e["type"] == "slug"
        and len(e["loc"]) == 3
        and (e["loc"][0], e["loc"][2]) == ("division_of_labour", "by")
        and isinstance(e.get("input"), str)
    ]
    if not wrong_by or not isinstance(data, dict):
        return None
    try:
        performers = ActivitySystem.model_validate(
            {
                "id": "stand-in",
                "subject": data.get("subject"),
                "object": "stand-in",
                "community": data.get("community") or [],
            }
        )
    except ValidationError:
        return None
    community = {member.id for member in performers.community}
    details = []
    for e in errors:
        if e not in wrong_by:
            details.append(error_details(e))
            continue
        text = e["input"]
        advice = performer_by_label(text, performers.subject, performers.community)
        if advice is None:
            advice = (
                f"{text!r} is not an id, nor the label of the subject or of a community "
                "member: 'by' takes 'subject' or a community member's id"
                f"{did_you_mean(slugify(text), community | {'subject'})}"
            )
        details.append(
            InitErrorDetails(
                type=PydanticCustomError("by", "{advice}", {"advice": advice}),
                loc=tuple(e["loc"]),
                input=text,
            )
        )
    return ValidationError.from_exception_data(error.title, details)
