"""Elements and activity systems, with ids unique across nodes and references that resolve."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from activity_systems.model import (
    NODES,
    SINGLE_NODES,
    ActivitySystem,
    Element,
    NodeName,
    ObjectElement,
    Rule,
    Task,
    Tool,
)
from activity_systems.model.slugs import numbered
from activity_systems.strategies._arguments import (
    _check_bool,
    _check_limit,
    _check_slug,
    _check_slugs,
)
from activity_systems.strategies._durations import _MAYBE_RANGE
from activity_systems.strategies._primitives import (
    _BASIS,
    _BOOL,
    _CONTENT,
    _ID,
    _KIND,
    _LABEL,
    _LABEL_OR_UNKNOWN,
    _MAYBE_LABEL,
    _MAYBE_TEXT,
    _SECTOR,
    _draw_list,
    _pick,
    _some,
    _unique,
    _value_sets,
    value_tags,
)

_DEFAULT_MAX_ELEMENTS = 3


def _draw_element(
    draw: st.DrawFn,
    node: NodeName,
    element_id: str,
    value_sets: st.SearchStrategy[tuple[str, ...]],
    *,
    tool_ids: Sequence[str] = (),
    community_ids: Sequence[str] = (),
    exchange_ids: Sequence[str] = (),
) -> Element:
    data: dict[str, Any] = {
        "id": element_id,
        "label": draw(_LABEL if node in ("subject", "object") else _LABEL_OR_UNKNOWN),
        "description": draw(_MAYBE_TEXT),
        "values": draw(value_sets),
        "source": draw(_MAYBE_LABEL),
    }
    if node == "object":
        return ObjectElement(**data, purpose=draw(_MAYBE_TEXT))
    if node == "tools":
        return Tool(**data, turnaround=draw(_MAYBE_RANGE), provides=draw(_CONTENT))
    if node == "rules":
        return Rule(
            **data,
            time_limit=draw(_MAYBE_RANGE),
            withholds=draw(_CONTENT),
            kind=draw(_KIND),
            applies_to=_some(draw, tool_ids),
        )
    if node == "division_of_labour":
        return Task.model_validate(
            {
                **data,
                "by": _pick(draw, [None, "subject", *community_ids]),
                "basis": draw(_BASIS),
                "produces": _some(draw, exchange_ids),
            }
        )
    return Element(**data)


@overload
def elements(
    node: Literal["subject", "outcome", "community"] = ...,
    *,
    element_id: str | None = ...,
    values: bool = ...,
) -> st.SearchStrategy[Element]: ...
@overload
def elements(
    node: Literal["object"], *, element_id: str | None = ..., values: bool = ...
) -> st.SearchStrategy[ObjectElement]: ...
@overload
def elements(
    node: Literal["tools"], *, element_id: str | None = ..., values: bool = ...
) -> st.SearchStrategy[Tool]: ...
@overload
def elements(
    node: Literal["rules"],
    *,
    element_id: str | None = ...,
    values: bool = ...,
    tool_ids: Sequence[str] = ...,
) -> st.SearchStrategy[Rule]: ...
@overload
def elements(
    node: Literal["division_of_labour"],
    *,
    element_id: str | None = ...,
    values: bool = ...,
    community_ids: Sequence[str] = ...,
    exchange_ids: Sequence[str] = ...,
) -> st.SearchStrategy[Task]: ...
def elements(
    node: NodeName = "community",
    *,
    element_id: str | None = None,
    values: bool = True,
    tool_ids: Sequence[str] = (),
    community_ids: Sequence[str] = (),
    exchange_ids: Sequence[str] = (),
) -> st.SearchStrategy[Any]:
    """Elements of one node: :class:`~activity_systems.Tool` for ``"tools"``,
    :class:`~activity_systems.Rule` for ``"rules"``, :class:`~activity_systems.Task` for
    ``"division_of_labour"``, :class:`~activity_systems.ObjectElement` for ``"object"``,
    else :class:`~activity_systems.Element`. Optional fields come and go; a list element's
    label may be ``"?"`` (unknown).

    Args:
        node: the node the element belongs to.
        element_id: a fixed id; by default a short slug (the node's name for ``subject``,
            ``object`` and ``outcome``, which may have no other id).
        values: whether elements may carry value tags.
        tool_ids: for rules, the tools ``applies_to`` may name.
        community_ids: for tasks, the community members ``by`` may name (besides
            ``subject`` and nobody).
        exchange_ids: for tasks, the exchanges ``produces`` may name.

    Shrinks toward an element with only its id and a one-character label (and, for a
    task, nobody responsible, basis ``core``).
    """
    if node not in NODES:
        raise InvalidArgument(
            f"node={_shown(node)} must be one of {', '.join(NODES)}{_node_meant(node)}"
        )
    _check_bool("values", values)
    if node in SINGLE_NODES:
        if element_id not in (None, node):
            raise InvalidArgument(f"the {node} always has the id {node!r}, not {element_id!r}")
    elif element_id is not None:
        _check_slug("element_id", element_id)
        if element_id in SINGLE_NODES:
            raise InvalidArgument(f"element_id={element_id!r} is reserved for the {element_id}")
    refs = {
        "tool_ids": _check_slugs("tool_ids", tool_ids),
        "community_ids": _check_slugs("community_ids", community_ids),
        "exchange_ids": _check_slugs("exchange_ids", exchange_ids),
    }
    owners = {"tool_ids": "rules", "community_ids": "division_of_labour"}
    for name, given in refs.items():
        owner = owners.get(name, "division_of_labour")
        if given and node != owner:
            raise InvalidArgument(f"{name} only applies to node={owner!r}, not {node!r}")
    if "subject" in refs["community_ids"]:
        raise InvalidArgument("community_ids may not contain 'subject', a reserved id")
    value_sets = _value_sets(value_tags() if values else None)

    @st.composite
    def one(draw: st.DrawFn) -> Element:
        chosen = element_id or (
            node if node in SINGLE_NODES else _unique(draw, 1, _ID, SINGLE_NODES)[0]
        )
        return _draw_element(draw, node, chosen, value_sets, **refs)

    return one()


def _draw_system(
    draw: st.DrawFn,
    system_id: str,
    max_elements: int,
    value_sets: st.SearchStrategy[tuple[str, ...]],
    advances: str | None = None,
) -> ActivitySystem:
    """A system whose list elements are each drawn in one piece, id first. Its tasks
    produce nothing: :func:`~activity_systems.strategies._cases.cases` links tasks to
    exchanges when it draws the exchanges."""
    taken: set[str] = set(SINGLE_NODES)

    def listed(node: NodeName, **refs: Sequence[str]) -> list[Element]:
        def make(draw: st.DrawFn) -> Element:
            element_id = numbered(draw(_ID), taken)
            return _draw_element(draw, node, element_id, value_sets, **refs)

        return _draw_list(draw, make, max_size=max_elements)

    def single(node: NodeName) -> Element:
        return _draw_element(draw, node, node, value_sets)

    name, sector, description = draw(_MAYBE_LABEL), draw(_SECTOR), draw(_MAYBE_TEXT)
    subject, object_ = single("subject"), single("object")
    outcome = single("outcome") if draw(_BOOL) else None
    community = listed("community")
    tools = listed("tools")
    rules = listed("rules", tool_ids=[t.id for t in tools])
    tasks = listed("division_of_labour", community_ids=[c.id for c in community])
    return ActivitySystem(
        id=system_id,
        name=name,
        sector=sector,
        description=description,
        advances=advances,
        subject=subject,
        object=object_,
        outcome=outcome,
        tools=tools,
        rules=rules,
        community=community,
        division_of_labour=tasks,
    )


def activity_systems(
    *, system_id: str | None = None, max_elements: int | None = None, values: bool = True
) -> st.SearchStrategy[ActivitySystem]:
    """Activity systems whose ids are unique across nodes and whose ``applies_to`` and
    ``by`` name their own tools and community members.

    Args:
        system_id: a fixed system id; by default a short slug.
        max_elements: at most this many elements in each list node (tools, rules,
            community, division of labour); 3 when omitted.
        values: whether elements may carry value tags.

    Shrinks toward a system with only a subject and an object, one-character labels and
    no optional fields.
    """
    if system_id is not None:
        _check_slug("system_id", system_id)
    _check_bool("values", values)
    limit = _check_limit("max_elements", max_elements, _DEFAULT_MAX_ELEMENTS)
    value_sets = _value_sets(value_tags() if values else None)

    @st.composite
    def one(draw: st.DrawFn) -> ActivitySystem:
        chosen = system_id if system_id is not None else draw(_ID)
        return _draw_system(draw, chosen, limit, value_sets)

    return one()


#: The node that an element's class, or a node's name in the singular or the plural that
#: it does not have, stands for (written in lower case, without ``_``).
_NODE_OF = {
    "tool": "tools",
    "rule": "rules",
    "task": "division_of_labour",
    "tasks": "division_of_labour",
    "member": "community",
    "members": "community",
    "communities": "community",
    "subjects": "subject",
    "objects": "object",
    "outcomes": "outcome",
    "objectelement": "object",
}


def _shown(node: object) -> str:
    """``node`` as an error shows it: a class by its name (``Tool``), not its repr."""
    return node.__name__ if isinstance(node, type) else repr(node)


def _node_meant(node: object) -> str:
    """`` (did you mean 'tools'?)`` for a node written as its element's class
    (``Tool``), in the singular (``"rule"``) or the plural (``"communities"``), with
    another case, with hyphens (``"division-of-labour"``) or without anything between its
    words (``"divisionOfLabour"``); empty for anything else."""
    text = node.__name__ if isinstance(node, type) else node
    if not isinstance(text, str):
        return ""
    written = text.strip().lower().replace("-", "_").replace(" ", "_")
    # divisionOfLabour, written as a JavaScript or Java name is
    meant = written if written in NODES else _NODE_OF.get(written.replace("_", ""))
    if meant is None:
        meant = next((name for name in NODES if name.replace("_", "") == written), None)
    return f" (did you mean {meant!r}?)" if meant is not None else ""
