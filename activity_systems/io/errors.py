"""Turning Pydantic validation errors into one-line, located :class:`CaseFileError`."""

from __future__ import annotations

import enum
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from activity_systems.errors import CaseFileError, ModelError, Problem, dotted_place
from activity_systems.io.yaml_source import Position, Source
from activity_systems.io.yaml_syntax import double_quoted, lookalike_colon
from activity_systems.model.actions import DATE_PATTERN, MONTHS, date_hint
from activity_systems.model.case import Case
from activity_systems.model.elements import Element, file_key
from activity_systems.model.plain_errors import given_twice, model_at
from activity_systems.model.relations import ValueTension
from activity_systems.model.slugs import (
    Budget,
    Hints,
    closest,
    did_you_mean,
    numbered_level,
    slugify,
)
from activity_systems.model.system import (
    LIST_NODES,
    SINGLE_NODES,
    NodeName,
    prepare_list,
)
from activity_systems.model.types import value_kind

Loc = tuple[str | int, ...]

#: What to add to "missing required key" for a key a newcomer may not know about.
_MISSING_HINTS: dict[Loc, str] = {
    ("systems",): "; a case lists its activity systems under 'systems', and "
    "'activity-systems new FILE' writes a starter case",
}

# An item that needs no quotes inside [...]: no character YAML gives a meaning there.
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:\"]*")
_SHOWN_LIST = 60  # characters of a suggested list
#: Text that starts as a list item without the space after its '-' ('-GP'), up to the
#: next such item ('-GP -Nurse', two lines of YAML folded into one). One space before
#: the next '-' is enough to find it: ``\s+`` there tried every run of spaces again at
#: each of its spaces, and a long run took seconds.
_GLUED_ITEM = re.compile(r"-([^\s\-].*?)(?:\s-\S|$)")


#: What a declared contradiction of one element is told: the subject, the object and the
#: outcome hold one element each, so a primary contradiction inside one of them has no
#: second element to name, and the tags of values in tension carry it instead.
_ONE_ELEMENT = (
    "; a contradiction inside one element, such as a subject torn between care and "
    "custody, is written as values in tension on that element (values: [treatment, "
    "control], or a pair of the group's own under value_tensions), which AS301 reports "
    "as primary"
)


def describe_loc(loc: Loc) -> str:
    """``("systems", 0, "tools", 1)`` → ``systems[0].tools[1]``; ``"the case"`` for its top."""
    return dotted_place(loc) or "the case"


def _unwrap(annotation: Any) -> list[Any]:
    """Candidate types behind Optional/Union/Annotated/tuple/dict."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _unwrap(a)]
    if origin in (tuple, list):
        return [t for a in typing.get_args(annotation) if a is not Ellipsis for t in _unwrap(a)]
    return [annotation]


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class whose fields are at ``loc`` inside a case."""
    return model_at(Case, loc)


def _allowed_values(loc: Loc) -> list[str]:
    """The values a literal or enum field at ``loc`` (or an item of it) allows."""
    field_loc = loc
    while field_loc and isinstance(field_loc[-1], int):
        field_loc = field_loc[:-1]
    model = _model_at(field_loc[:-1]) if field_loc else None
    if model is None:
        return []
    for name, info in model.model_fields.items():
        if field_loc[-1] in (name, file_key(name, info)):
            values: list[str] = []
            for kind in _unwrap(info.annotation):
                if typing.get_origin(kind) is typing.Literal:
                    values += [str(v) for v in typing.get_args(kind)]
                elif isinstance(kind, type) and issubclass(kind, enum.Enum):
                    values += [str(member.value) for member in kind]
            return values
    return []


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [file_key(name, info) for name, info in model.model_fields.items()]


def _mapping_as_list(value: dict[Any, Any], loc: Loc) -> str:
    """For a mapping where a list belongs: a list item written without its ``- `` (its
    keys are an item's), or items keyed by their ids (``court: {subject: S}``,
    ``request: Written request``), and how to write it as a list."""
    key, first = next(iter(value.items()))
    item = _model_at((*loc, 0))
    keys = _keys_of(item) if item is not None else []
    short = isinstance(first, str) and len(first) <= _SHOWN_LIST
    if set(map(str, value)) & set(keys):
        return (
            f": start each item with '- ', as in '- {key}: {first}'"
            if short
            else (f": start each item with '- ', as in '- {key}:'")
        )
    if short and "label" in keys:
        shown = f"{{id: {key}, label: {first}}}"
        return f": write each item after '- ' with its id and label, as in '- {shown}'"
    if "id" in keys and isinstance(first, dict | None):
        return f": write each item after '- ' with its id, as in '- id: {key}', and its keys below"
    return ": write the items in brackets, [a, b], or each on a line of its own after '- '"


def _as_list(value: Any, loc: Loc = ()) -> str:
    """For text where a list belongs (``values: treatment, recovery``): how to write it as
    one, with its own items when they can go between brackets as they are; for a mapping,
    see :func:`_mapping_as_list`."""
    if isinstance(value, dict) and value:
        return _mapping_as_list(value, loc)
    if not isinstance(value, str) or not value.strip():
        return ""
    glued = _GLUED_ITEM.match(value)
    if glued is not None:
        # '-GP' under a key: a list item without the space after its '-', which YAML
        # reads as text
        item = glued[1].rstrip()
        if len(item) > _SHOWN_LIST:
            item = item[: _SHOWN_LIST - 1] + "…"
        return f": a list item needs a space after its '-': write '- {item}'"
    # 'court and mhs' lists two as surely as 'court, mhs'
    joined = value if "," in value else value.replace(" and ", ",")
    items = [item.strip() for item in joined.split(",") if item.strip()]
    shown = f"[{', '.join(items)}]"
    if len(shown) > _SHOWN_LIST or not all(
        _FLOW_ITEM.fullmatch(item) and item.isprintable() for item in items
    ):
        return ": write the items in brackets, [a, b], or each on a line of its own after '- '"
    return f": write {shown}, or each item on a line of its own after '- '"


def _fixed_length(loc: Loc, count: int) -> str:
    """For a list of a fixed number of items (``between: [court]``), the message."""
    model = _model_at(loc[:-1])
    info = next(
        (
            i
            for n, i in (model.model_fields.items() if model else ())
            if loc[-1] in (n, file_key(n, i))
        ),
        None,
    )
    length = len(typing.get_args(info.annotation)) if info is not None else 0
    wanted = f"{length} items" if length else "fewer items"
    what = (info.description or "").rstrip(".") if info is not None else ""
    if what:
        wanted += f" ({what[:1].lower()}{what[1:]})"
    return f"{describe_loc(loc)}: expected {wanted}, got {count}"


def _labelled(value: Any, loc: Loc) -> str:
    """For text where a mapping that needs only its ``label`` belongs (``shared_object:
    Public safety``): the mapping to write."""
    model = _model_at(loc)
    if not isinstance(value, str) or not value.strip() or model is None:
        return ""
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    if required != ["label"]:
        return ""
    label = value.strip()
    if len(label) > _SHOWN_LIST or not label.isprintable() or '"' in label or "\\" in label:
        return ": write {label: ...} with the text as its label"
    if not _FLOW_ITEM.fullmatch(label):
        label = f'"{label}"'  # a ',' or ': ' inside braces needs quotes
    return f": write {{label: {label}}}"


#: A key of one node's elements written on another's, and what that node calls the same
#: thing: a rule's time limit and a tool's turnaround are both a length of time.
_COUNTERPARTS = {("turnaround", "rules"): "time_limit", ("time_limit", "tools"): "turnaround"}
_ONE_OF = {
    "tools": "a tool",
    "rules": "a rule",
    "community": "a community member",
    "division_of_labour": "a task",
    "subject": "the subject",
    "object": "the object",
    "outcome": "the outcome",
}


def _other_nodes_key(key: str, loc: Loc) -> str:
    """For a key unknown to an element (``loc``) that the elements of other nodes know:
    ``: 'turnaround' is a key of a tool; a rule takes 'time_limit'``, or which
    nodes' elements take it."""
    if len(loc) < 3 or loc[0] != "systems":
        return ""
    node = loc[2] if isinstance(loc[2], str) else ""
    if node not in _ONE_OF:
        return ""
    others = []
    for other in (*LIST_NODES, *SINGLE_NODES):
        where = ("systems", 0, other, 0) if other in LIST_NODES else ("systems", 0, other)
        model = _model_at(where)
        if other != node and model is not None and key in _keys_of(model):
            others.append(other)
    if not others:
        return ""
    owners = " or ".join(_ONE_OF[other] for other in others)
    counterpart = _COUNTERPARTS.get((key, node))
    if counterpart is not None:
        return f": {key!r} is a key of {owners}; {_ONE_OF[node]} takes {counterpart!r}"
    return f": {key!r} is a key of {owners}, not of {_ONE_OF[node]}"


#: The types of error of a value where a mapping belongs.
_MAPPING_TYPES = ("model_type", "model_attributes_type", "dict_type", "element_type")


def _shape_of(loc: Loc) -> str:
    """How the part at ``loc`` is written: ``a mapping (key: value)``, and for an element
    ``or text``; a value tension as a list."""
    model = _model_at(loc)
    if model is ValueTension:
        return 'a list [tag, tag, "why they pull apart"]'
    if model is not None and issubclass(model, Element):
        return "a mapping (key: value) or text"
    return "a mapping (key: value)"


def _raised_at(loc: Loc, cause: ModelError) -> Loc:
    """The place of the model whose check raised ``cause``, from the ``loc`` of its error:
    the ``loc`` itself, or for a ``placed`` problem (one of several, each at its own
    place), the ``loc`` without the problem's place, which it ends with.

    >>> placed = ModelError("no system 'mhz'", ("exchanges", 0, "from"))
    >>> placed.placed = True
    >>> _raised_at(("exchanges", 0, "from"), placed), _raised_at(("systems", 1), ModelError(""))
    ((), ('systems', 1))
    """
    if cause.placed and cause.locs:
        return loc[: len(loc) - len(cause.locs[0])]
    return loc


def _message(error: Any) -> tuple[str, Loc, bool]:
    """(message, loc, at_key) for one Pydantic error dict."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    where = describe_loc(loc[:-1]) if loc[:-1] else "the top level"
    value = error.get("input")
    got = value_kind(value)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(loc[:-1])
        twice = given_twice(model, key) if model is not None else None
        if twice is not None:
            return f"{where}: {twice}", loc, True
        lookalike = _lookalike_key(error)
        if lookalike is not None:  # {subject： S}: one key, of the text after it too
            return f"{where}: {lookalike}", loc, True
        known = _keys_of(model) if model else []
        hint = did_you_mean(key, known) if known else ""
        if not hint.startswith(" (did you mean"):
            hint = _other_nodes_key(key, loc[:-1]) + hint
        return f"unknown key {key!r} in {where}{hint}", loc, True
    if kind == "missing" and isinstance(loc[-1], int) and isinstance(value, list):
        # an item missing from a list of fixed length (between: [court])
        return _fixed_length(loc[:-1], len(value)), loc[:-1], False
    if kind == "too_long" and error.get("ctx", {}).get("field_type") == "Tuple":
        return _fixed_length(loc, len(value) if isinstance(value, list) else 0), loc, False
    if kind == "missing":
        hint = _MISSING_HINTS.get(loc, "")
        return f"missing required key {loc[-1]!r} in {where}{hint}", loc[:-1], False
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, ModelError):
            place = (*_raised_at(loc, cause), *cause.locs[0]) if cause.locs else loc
            return cause.message, place, cause.on_key and bool(cause.locs)
        return str(error["msg"]).removeprefix("Value error, "), loc, False
    here = describe_loc(loc)
    if kind in ("string_type", "str_type"):
        return f"{here}: expected text, got {got}", loc, False
    if kind in ("list_type", "tuple_type"):
        return f"{here}: expected a list, got {got}{_as_list(value, loc)}", loc, False
    if kind in _MAPPING_TYPES:
        return f"{here}: expected {_shape_of(loc)}, got {got}{_labelled(value, loc)}", loc, False
    if kind == "too_short":
        if loc == ("systems",):
            return "systems: a case needs at least one system", loc, False
        ctx = error.get("ctx", {})
        least, count = ctx.get("min_length"), ctx.get("actual_length")
        if len(loc) == 3 and loc[0] == "declared" and loc[2] == "between":
            return (
                f"{here}: a declared contradiction is between two or more elements or "
                f"exchanges (two elements of one node for a primary one), got {count}"
                f"{_ONE_ELEMENT if count == 1 else ''}",
                loc,
                False,
            )
        if isinstance(least, int) and isinstance(count, int):
            items = "item" if least == 1 else "items"
            return f"{here}: expected at least {least} {items}, got {count}", loc, False
        return f"{here}: {str(error['msg']).lower()}", loc, False
    if kind.startswith("date_"):  # the review date of an action
        if isinstance(value, str) and DATE_PATTERN.fullmatch(value):  # spaces make it no date
            why = _no_such_day(value) or error.get("ctx", {}).get("error", "no such day")
            return f"{here}: {value!r} is not a day of the calendar ({why})", loc, False
        given = f", not {value!r}{date_hint(value)}" if isinstance(value, str) else f", got {got}"
        return f"{here}: expected a date written YYYY-MM-DD, like 2030-01-31{given}", loc, False
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        allowed = _allowed_values(loc)
        best = None
        if isinstance(value, str | int) and not isinstance(value, bool):
            best = numbered_level(str(value), allowed) or closest(str(value), allowed)
        hint = f" (did you mean {best!r}?)" if best is not None else ""
        if value is None or isinstance(value, bool | list | dict):
            # said as for text expected ("got nothing (null)"), not in Python's words
            # (None, True, ['linkage']), which a case file never holds; a number is
            # written as the file writes it, and told as before
            return f"{here}: expected {expected}, got {got}", loc, False
        return f"{here}: {value!r} is not allowed{hint}; expected {expected}", loc, False
    return f"{here}: {error['msg']}", loc, False


def _relevant(errors: list[Any], source: Source) -> list[Any]:
    """Errors worth reporting, the most useful first.

    A list that is "too short" only because its items failed is a consequence, not a
    cause. An unknown key comes before a missing one (``sytems`` explains the missing
    ``systems``); otherwise errors come in file order.
    """
    locs = [tuple(e["loc"]) for e in errors]
    within = {loc[:end] for loc in locs for end in range(len(loc))}  # what holds an error
    kept = [
        e
        for e, loc in zip(errors, locs, strict=True)
        if not (e["type"] == "too_short" and loc in within)
    ]
    rank = {"extra_forbidden": 0, "missing": 2}

    def order(error: Any) -> tuple[int, int, int]:
        position = source.position(tuple(error["loc"]))
        return (rank.get(error["type"], 1), position.line, position.column)

    return sorted(kept or errors, key=order)


def _system_ids(source: Source) -> list[str]:
    """The ids of the systems of a case file's data, as written."""
    systems = source.data.get("systems") if isinstance(source.data, dict) else None
    if not isinstance(systems, list):
        return []
    ids = (system.get("id") if isinstance(system, dict) else None for system in systems)
    return [system_id for system_id in ids if isinstance(system_id, str)]


class _SystemNames:
    """The ids of a case file's systems by their ``name``, in any case and spacing,
    gathered when a problem first needs them (one pass for the problems of a file)."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._ids: dict[str, str] | None = None

    def id_named(self, text: str) -> str | None:
        """The id of the system named ``text`` (``cmht`` for ``Community mental health
        team``), if one is, and only one: not for a name that two systems have, or that
        another system's id is in other case (``Court`` for ``court``)."""
        if self._ids is None:
            data = self._source.data
            systems = data.get("systems") if isinstance(data, dict) else None
            named: dict[str, set[str]] = {}  # the ids of the systems of each name
            folded_ids: dict[str, set[str]] = {}
            for system in systems if isinstance(systems, list) else []:
                name = system.get("name") if isinstance(system, dict) else None
                system_id = system.get("id") if isinstance(system, dict) else None
                if isinstance(system_id, str):
                    folded_ids.setdefault(_folded(system_id), set()).add(system_id)
                    if isinstance(name, str):
                        named.setdefault(_folded(name), set()).add(system_id)
            self._ids = {
                name: next(iter(ids))
                for name, ids in named.items()
                if len(ids) == 1 and folded_ids.get(name, ids) == ids
            }
        return self._ids.get(_folded(text))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _system_by_name(error: Any, systems: Hints, names: _SystemNames) -> str | None:
    """For a key that names a system (an exchange's ``from``, ``advances``) written
    otherwise than as an id (``L&D``, ``Court``), the system it most likely names among
    the case file's system ids (``systems``)."""
    loc = tuple(error["loc"])
    text = error.get("input")
    keys = [part for part in loc if isinstance(part, str)]
    names_system = keys[-1:] in (["from"], ["to"], ["advances"]) or keys == [
        "integration",
        "between",
    ]
    if error["type"] != "slug" or not isinstance(text, str) or not names_system:
        return None
    named = names.id_named(text)
    if named is not None:
        # The name the figures show, written where the id goes: the id, since an id made
        # of the name (the slug the plain message would offer) names nothing either.
        return (
            f"{describe_loc(loc)}: {text!r} is the name of the system {named!r}: name a "
            f"system by its id{_written(keys[-1], named)}"
        )
    best = systems.closest(text)
    if best is None:
        return None
    return f"{describe_loc(loc)}: {text!r} is not a system's id (did you mean {best!r}?)"


def _written(key: str, system_id: str) -> str:
    """``, from: court`` (``, 'court'`` for an item of ``between``): the system id to write
    under ``key``, as a hint ends with it."""
    return f", {key}: {system_id}" if key != "between" else f", {system_id!r}"


_REFERENCE_SHAPE = re.compile(r"([a-z0-9][a-z0-9_-]*)\.([a-z0-9][a-z0-9_-]*)")


def _reference_for_id(error: Any, source: Source) -> str | None:
    """For a reference (``mhs.report``) written where an id alone goes: the id to write,
    where the plain message would offer an id made of the whole reference
    (``mhs-report``), which names nothing. Keys that name a system (``from``,
    ``between``) are told the system's id, a rule's ``applies_to`` the tool's id (or
    that it takes tools of its own system only), a task's ``produces`` the exchange's."""
    text = error.get("input")
    if error["type"] != "slug" or not isinstance(text, str):
        return None
    shape = _REFERENCE_SHAPE.fullmatch(text)
    if shape is None:
        return None
    system_id, element_id = shape.groups()
    loc = tuple(error["loc"])
    keys = [part for part in loc if isinstance(part, str)]
    here = f"{describe_loc(loc)}: {text!r}"
    if keys[-1:] in (["from"], ["to"], ["advances"]) or keys == ["integration", "between"]:
        if system_id not in _system_ids(source):
            return None
        return (
            f"{here} names an element of the system {system_id!r}: {keys[-1]!r} names a "
            f"system by its id{_written(keys[-1], system_id)}"
        )
    if keys[-1:] == ["produces"]:
        return (
            f"{here} is a reference: 'produces' takes the ids of exchanges, written alone: "
            f"{element_id!r}"
        )
    if keys[-1:] == ["applies_to"] and loc[:1] == ("systems",) and isinstance(loc[1], int):
        systems = source.data.get("systems") if isinstance(source.data, dict) else None
        system = systems[loc[1]] if isinstance(systems, list) and loc[1] < len(systems) else None
        own = system.get("id") if isinstance(system, dict) else None
        if not isinstance(own, str) or own == system_id:
            return (
                f"{here} is a reference: 'applies_to' takes the ids of tools of the rule's "
                f"own system, written alone: {element_id!r}"
            )
        return (
            f"{here} is a reference: 'applies_to' takes the ids of tools of the rule's own "
            f"system, {own!r}, not of {system_id!r}"
        )
    return None


#: The node a reference names, by the key that holds it (any node for other keys).
_NODE_OF_KEY: dict[str, NodeName] = {
    "takes": "tools",
    "produced_with": "tools",
    "requested_with": "tools",
    "needed_within": "rules",
}


def _element_names(system: dict[str, Any], nodes: tuple[NodeName, ...]) -> dict[str, str]:
    """Each way of naming an element of ``nodes`` in a system of the case file's data (its
    id, as the model gives it, and the slug of its label), with the id it names; unknown
    ``"?"`` elements aside."""
    names: dict[str, str] = {n: n for n in SINGLE_NODES if n in nodes and system.get(n)}
    for node in LIST_NODES:
        items = system.get(node) if node in nodes else None
        label_key = "task" if node == "division_of_labour" else "label"
        for data in prepare_list(node, items) if isinstance(items, list) else ():
            element = data.get("id") if isinstance(data, dict) else None
            label = data.get(label_key, data.get("label")) if isinstance(data, dict) else None
            if not isinstance(element, str) or (isinstance(label, str) and label.strip() == "?"):
                continue
            names.setdefault(element, element)
            if isinstance(label, str) and slugify(label):
                names.setdefault(slugify(label), element)
    return names


#: The end of an exchange whose tool a key names (``produced_with: mhs.report``).
_SIDE_OF_KEY = {
    "takes": "from",
    "produced_with": "from",
    "requested_with": "to",
    "needed_within": "to",
}


def _side_of(loc: Loc, source: Source) -> str | None:
    """For ``takes``, ``produced_with``, ``requested_with`` or ``needed_within``, the
    system whose element it must name (the exchange's ``from`` or ``to``, as the case file
    gives it); otherwise ``None``."""
    side = _SIDE_OF_KEY.get(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if side is None:
        return None
    data = _data_at(source.data, loc[:-1])
    system_id = data.get(side) if isinstance(data, dict) else None
    return system_id if isinstance(system_id, str) else None


#: What a reference's element is named by, in one system (by its id) or in any (``None``).
_Named = tuple[str | None, str]


class _Elements:
    """The elements of a case file's systems by each way of naming them (see
    :func:`_element_names`), indexed once per file: a reference that names no element is
    looked up among them, not among every system again.

    >>> tools = [[{"id": "r", "label": "Report"}], ["Report"]]
    >>> data = {"systems": [{"id": id, "tools": t} for id, t in zip("ab", tools)]}
    >>> elements = _Elements(Source(data, "case.yaml", lambda: None), ["a", "b"])
    >>> elements.named({"report"}, ("tools",), None), elements.named({"r"}, ("tools",), "b")
    (['a.r', 'b.report'], [])
    """

    def __init__(self, source: Source, ids: list[str]) -> None:
        self.ids = set(ids)
        self._source = source
        # by the nodes a reference names: for each name, (system's place, reference)
        self._by_nodes: dict[tuple[NodeName, ...], dict[_Named, list[tuple[int, str]]]] = {}

    def _index(self, nodes: tuple[NodeName, ...]) -> dict[_Named, list[tuple[int, str]]]:
        index = self._by_nodes.get(nodes)
        if index is not None:
            return index
        index = self._by_nodes[nodes] = {}
        data = self._source.data
        systems = data.get("systems") if isinstance(data, dict) else None
        for place, system in enumerate(systems if isinstance(systems, list) else ()):
            system_id = system.get("id") if isinstance(system, dict) else None
            if not isinstance(system_id, str):
                continue
            for name, element in _element_names(system, nodes).items():
                reference = (place, f"{system_id}.{element}")
                index.setdefault((None, name), []).append(reference)
                index.setdefault((system_id, name), []).append(reference)
        return index

    def named(
        self, names: set[str], nodes: tuple[NodeName, ...], system_id: str | None, most: int = 3
    ) -> list[str]:
        """The references to the elements of ``nodes`` that one of ``names`` names, in
        the system ``system_id`` (in any for ``None``): by system in file order, sorted
        within each; none when more than ``most`` systems have one."""
        index = self._index(nodes)
        found = [index.get((system_id, name), []) for name in names]
        if any(len(references) > most for references in found):
            return []
        by_place: dict[int, set[str]] = {}
        for place, reference in (pair for references in found for pair in references):
            by_place.setdefault(place, set()).add(reference)
        return [ref for place in sorted(by_place) for ref in sorted(by_place[place])]


def _whose_element(error: Any, source: Source, hints: Hints, elements: _Elements) -> str | None:
    """For a reference written without its system (``discharge-summary``) or with a label
    (``Discharge summary``, ``mhs.Psychiatric report``), the references it may mean:
    `` (did you mean 'inreach.discharge-summary'?)``."""
    text = error.get("input")
    key = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "")
    # a reference, or a time that may be one
    refused = error["type"] == "reference" or (
        error["type"] == "duration" and key in ("takes", "needed_within")
    )
    if not refused or not isinstance(text, str) or not text.strip():
        return None
    systems = source.data.get("systems") if isinstance(source.data, dict) else None
    if not isinstance(systems, list):
        return None
    owner, _, name = text.strip().rpartition(".")
    if owner and owner not in elements.ids:  # a system named otherwise than by its id ('Court')
        owner = hints.closest(owner) or owner
    node = _NODE_OF_KEY.get(key)
    nodes: tuple[NodeName, ...] = (node,) if node else (*SINGLE_NODES, *LIST_NODES)
    side = _side_of(error["loc"], source)
    if owner and side is not None and owner != side:
        return None
    system_id = side if side is not None else owner or None
    meant = elements.named({name, slugify(name)}, nodes, system_id)
    if not meant or len(meant) > 3:
        return None
    return f" (did you mean {' or '.join(repr(reference) for reference in meant)}?)"


_COMMENT_AT = re.compile(" *#")


def _comment_hint(line: str, column: int, loc: Loc) -> str:
    """For a value read as nothing (null) because it starts with ``#``, which begins a
    comment in YAML (``label: #1 priority``): how to keep the text."""
    comment = _COMMENT_AT.match(line, column - 1)  # not a copy of the rest of a long line
    if comment is None or comment.end() == len(line):
        return ""
    rest = line[comment.end() - 1 :]
    key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else "- "
    return (
        f"; a '#' after a space starts a comment, which YAML leaves out: if it is part of "
        f"the text, write {key}{double_quoted(rest.rstrip())}"
    )


#: The words YAML reads as nothing in a case file, written plain, up to what ends them.
_NULL_WORD = re.compile(r"(~|null|Null|NULL)[ \t]*(?:[,\]}]|#|$)")


def _null_word_hint(line: str, column: int, loc: Loc) -> str:
    """For a value read as nothing (null) because it is written ``null`` or ``~``, the
    one implicit reading a case file keeps: how to write the word as text. An empty
    value gets no such advice: nothing was written there to keep."""
    found = _NULL_WORD.match(line, column - 1)
    if found is None:
        return ""
    word = found[1]
    if loc and isinstance(loc[-1], str):
        key = f"{loc[-1]}: "
    else:  # an item: of a list in [...] (after its '[' or ','), or after its '- '
        key = "" if line[: column - 1].rstrip()[-1:] in ("[", ",") else "- "
    return f"; YAML reads {word} as nothing: if it is the text, write {key}{double_quoted(word)}"


def _takes_text(error: Any) -> bool:
    """Whether the value of ``error`` may be written as text: only then is a word that
    YAML read as nothing told how to keep it, which elsewhere would be refused in turn."""
    kind = error["type"]
    if kind in ("string_type", "str_type"):
        return True
    model = _model_at(tuple(error["loc"])) if kind in _MAPPING_TYPES else None
    return model is not None and issubclass(model, Element)


def _problem(
    error: Any, source: Source, systems: Hints, elements: _Elements, names: _SystemNames
) -> Problem:
    """One Pydantic error as a problem at its file position; ``systems`` gives the hints
    for system ids, ``elements`` the systems' elements and ``names`` their ids by name,
    shared by the problems of one file."""
    message, loc, at_key = _message(error)
    message = _system_by_name(error, systems, names) or _reference_for_id(error, source) or message
    message += _whose_element(error, source, systems, elements) or ""
    position: Position = source.key_position(loc) if at_key else source.position(loc)
    blank = source.blank(position.line)
    if blank is not None:
        # a character that looks like a space made YAML read the line as something else
        return Problem(blank[1], path=source.path, line=position.line, column=blank[0] + 1)
    if error.get("input", 0) is None:
        text = source.line(position.line)
        hint = _comment_hint(text, position.column, loc)
        if hint:  # placed at the '#', as other advice is at the value
            message += hint
            position = Position(position.line, text.index("#", position.column - 1) + 1)
        elif _takes_text(error):
            message += _null_word_hint(text, position.column, loc)
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, ModelError) and len(cause.locs) > 1:
        base = _raised_at(tuple(error["loc"]), cause)
        places = [source.position((*base, *other)) for other in cause.locs[1:]]
        message += "".join(f" [see line {p.line}]" for p in places)
    return Problem(message, path=source.path, line=position.line, column=position.column)


_LIST_TYPES = ("list_type", "tuple_type")


def _lookalike_key(error: Any) -> str | None:
    """For an unknown key with no value that is a known one followed by a character that
    looks like ':' (``{subject： S}``), the advice to replace it. Text of a value a ','
    cut short (``{description: Plan, PDCA： plan}``, in a case written in Chinese or
    Japanese) is not named so: its key is none of the keys there; nor is a key that has
    a ':' and a value of its own (``systems：: [...]``), where the character is one too
    many, not one in place of the ':'."""
    loc: Loc = tuple(error["loc"])
    lookalike = lookalike_colon(str(loc[-1]))
    if lookalike is None or error.get("input") is not None:
        return None
    model = _model_at(loc[:-1])
    key = str(loc[-1])[: lookalike[0]].rstrip()
    return lookalike[1] if model is not None and key in _keys_of(model) else None


def _split_values(errors: list[Any], source: Source) -> dict[Loc, str]:
    """For each unknown key that is the rest of a value a ',' cut short inside ``{...}``
    (``{between: inreach, probation}``), what to write instead; and, under the loc of the
    key whose value was cut, the same text (its own error is a consequence)."""
    split: dict[Loc, str] = {}
    lists = {tuple(e["loc"]) for e in errors if e["type"] in _LIST_TYPES}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden":
            continue
        found = source.unkeyed(loc)
        if found is None:
            continue
        key, meant = found
        cut = (*loc[:-1], key)
        lookalike = _lookalike_key(error)
        if lookalike is not None:
            # 'subject： S', whose colon only looks like one: no value cut short
            split[loc] = f"{describe_loc(loc[:-1])}: {lookalike}"
            continue
        if cut in split:  # a later ',' in the same value: the same problem
            split[loc] = split[cut]
            continue
        fix = f"{key}: [{meant}]" if cut in lists else f'{key}: "{meant}"'
        split[loc] = split[cut] = (
            f"{describe_loc(loc[:-1])}: {loc[-1]!r} has no ':' after it, so it is not a key: "
            f"inside {{...}} a ',' ends a value, and {key!r} got only the text before it; "
            f"write {fix}"
        )
    return split


def _data_at(data: Any, loc: Loc) -> Any:
    """The part of a case file's data at ``loc``; ``None`` where there is none."""
    for part in loc:
        if isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        elif isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _colon_texts(errors: list[Any], source: Source) -> dict[Loc, str]:
    """For each mapping of one unknown key and a text, where an element was expected (a
    list item ``- Court ushers: front desk``), what to write instead, under the loc of
    the mapping: the ': ' made YAML read the text as a key and its value, and the keys
    the mapping then lacks are the same problem."""
    texts: dict[Loc, str] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not loc or loc[:-1] in texts:
            continue
        mapping, key = _data_at(source.data, loc[:-1]), loc[-1]
        model = _model_at(loc[:-1])
        if (
            not isinstance(mapping, dict)
            or list(mapping) != [key]
            or not isinstance(mapping[key], str | None)
            or model is None
            or not issubclass(model, Element)
            or closest(str(key), _keys_of(model)) is not None
        ):
            continue
        value = mapping[key]
        text = f"{key}: {value}" if value else f"{key}:"
        position = source.key_position(loc)
        if not source.line(position.line).startswith(f"{key}:", position.column - 1):
            continue  # JSON, or a key YAML read otherwise than as written
        shown_whole = len(text) <= _SHOWN_LIST and '"' not in text and text.isprintable()
        quoted = f'"{text}"' if shown_whole else '"..."'
        read = (
            f"the key {key!r} and its value, since YAML takes ': ' for the end of a key"
            if value
            else f"the key {key!r} with no value, since YAML takes a ':' at the end of a "
            "line for the end of a key: drop the ':', or"
        )
        shown = text if len(text) <= _SHOWN_LIST else text[: _SHOWN_LIST - 1] + "…"
        texts[loc[:-1]] = (
            f"{describe_loc(loc[:-1])}: {shown!r} reads as {read}"
            f"{':' if value else ''} put the whole text in quotes, {quoted}"
        )
    return texts


def located(validation: ValidationError, source: Source) -> CaseFileError:
    """Every problem of ``validation`` at its file position, the most useful first, as one
    error about that first problem.

    A value that fits none of the types a field allows gives Pydantic one error per type;
    they are one problem to the user, so only the first problem at each place is kept
    (but each missing key, all placed at their mapping, is a problem of its own, and so
    is each problem that a model's checks told apart: two exchanges a task ``produces``
    that are not there are both at its ``produces``).
    """
    problems: list[Problem] = []
    places: set[tuple[int, int]] = set()
    errors = validation.errors(include_url=False)
    split = _split_values(errors, source)
    texts = _colon_texts(errors, source)
    told: set[str] = set()  # a value cut at several ',' is one problem
    # one file's system ids, sorted once, and searched for the first FUZZY_HINTS problems
    ids = _system_ids(source)
    systems = Hints(ids, budget=Budget())
    elements = _Elements(source, ids)  # indexed when a reference first needs it
    names = _SystemNames(source)
    given: set[Problem] = set()  # the problems so far, as a set
    for error in _relevant(errors, source):
        loc = tuple(error["loc"])
        if loc[:-1] in texts:
            if error["type"] == "extra_forbidden":
                position = source.key_position(loc)
                text = Problem(texts[loc[:-1]], source.path, position.line, position.column)
                given.add(text)
                problems.append(text)
            continue  # the keys the text lacks, which its problem explains
        if loc in split and error["type"] != "extra_forbidden":
            continue  # the value cut short at a ',', which the unknown key's problem explains
        if error["type"] == "extra_forbidden" and loc in split:
            if split[loc] in told:
                continue
            told.add(split[loc])
            position = source.key_position(loc)
            problem = Problem(split[loc], source.path, position.line, position.column)
        else:
            problem = _problem(error, source, systems, elements, names)
        place = (problem.line or 0, problem.column or 0)
        if error["type"] != "missing" and not _told_apart(error):
            if place in places:
                continue
            places.add(place)
        elif problem in given:
            continue  # (between: [], two items missing, is one problem)
        given.add(problem)
        problems.append(problem)
    return CaseFileError.of(problems)


def _told_apart(error: Any) -> bool:
    """True for a problem that a model's checks found among others and placed apart (see
    :attr:`ModelError.placed <activity_systems.errors.ModelError>`)."""
    cause = error.get("ctx", {}).get("error")
    return isinstance(cause, ModelError) and cause.placed


def _no_such_day(text: str) -> str | None:
    """Why a date written YYYY-MM-DD names no day, in a reader's words; ``None`` when it
    is none of these (year 0, say).

    >>> _no_such_day("2030-02-30"), _no_such_day("2028-02-30")
    ('February 2030 has 28 days', 'February 2028 has 29 days')
    >>> _no_such_day("2030-13-01"), _no_such_day("2030-04-00"), _no_such_day("0000-01-01")
    ('a year has 12 months', 'days start at 01', None)
    """
    import calendar

    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= year <= 9999:
        return None
    if not 1 <= month <= 12:
        return "a year has 12 months"
    if day == 0:
        return "days start at 01"
    length = calendar.monthrange(year, month)[1]
    if day > length:
        return f"{MONTHS[month - 1]} {year} has {length} days"
    return None
