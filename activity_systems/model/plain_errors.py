"""Plain words, in Python, for mistakes that Pydantic words for its own users.

A model built in Python (``ActivitySystem(..., tool=[...])``, ``model_validate``) or
changed with ``model_copy(update=...)`` raises Pydantic's
:class:`~pydantic.ValidationError`, as it always has. Some of its errors are worded as a
case file's are, since "Extra inputs are not permitted" does not say what was meant and
"Input should be a valid tuple" names a type nobody passed:

- an unknown keyword or key names the closest field, or lists the fields; a field given
  under both of its names (a task's ``task`` and ``label``) is told to be given once;
- text where a list goes says how to write the list;
- a missing field whose key is a keyword (an exchange's ``from``) names the keyword
  argument that gives it (``from_``).

Every other error keeps Pydantic's words, its type and its place. A case file's errors
are worded by :mod:`activity_systems.io.errors`, with the file's keys and places.

The problems a model's own checks find (a reference that names nothing, a duplicate id)
are raised together by :func:`each_at_its_place`, each an error of its own at its place.

>>> from pydantic import ValidationError
>>> from activity_systems import ActivitySystem
>>> try:
...     ActivitySystem(id="court", subject="Magistrate", object="Defendant", tool=["Forms"])
... except ValidationError as error:
...     print(error.errors()[0]["msg"])
in system 'court': unknown field 'tool' (did you mean 'tools'?)
>>> try:
...     ActivitySystem(id="court", subject="Magistrate", object="Defendant", tools="Forms")
... except ValidationError as error:
...     print(error.errors()[0]["msg"])
in system 'court': expected a list, got text: write tools=['Forms']
"""

from __future__ import annotations

import enum
import keyword
import types
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from activity_systems.errors import ModelError
from activity_systems.model.slugs import closest, did_you_mean, is_slug, numbered_level
from activity_systems.model.types import error_details

if TYPE_CHECKING:
    from activity_systems.model.elements import Element

Loc = Sequence[str | int]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation holds, through Optional, Annotated and tuples."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        return [m for a in typing.get_args(annotation) if a is not Ellipsis for m in _models_in(a)]
    return (
        [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    )


def field_keys(model: type[BaseModel]) -> dict[str, str]:
    """Each key that names a field of ``model`` (its name and its aliases) → its name."""
    keys: dict[str, str] = {}
    for name, info in model.model_fields.items():
        keys[name] = name
        for alias in (info.alias, info.validation_alias):
            if isinstance(alias, str):
                keys[alias] = name
    return keys


#: What a field that has two names holds, for the error that it was given under both.
_GIVEN_TWICE = {("Task", "label"): "the task's text", ("Exchange", "from_"): "the producing system"}


def given_twice(model: type[BaseModel], key: str, *, python: bool = False) -> str | None:
    """For ``key`` refused as unknown although it names a field of ``model``: the field
    was given under both of its names (Pydantic keeps the value under its alias and
    refuses the other), and this says to give it once. ``None`` for a key that names no
    field, or a field of one name. The name said first is the case file's, or in Python
    (``python=True``) the keyword's (``from_``, as ``from`` is not one). In a case file,
    ``from_`` is no key at all, but unknown.

    >>> from activity_systems import Task
    >>> print(given_twice(Task, "label"))
    'task' and 'label' both give the task's text: give it once, as 'task' (or 'label'), not both
    >>> given_twice(Task, "by") is None, given_twice(Task, "nmae") is None
    (True, True)
    >>> from activity_systems import Exchange
    >>> print(given_twice(Exchange, "from_"))
    None
    >>> print(given_twice(Exchange, "from_", python=True).split(":")[0])
    'from_' and 'from' both give the producing system
    """
    name = field_keys(model).get(key)
    if name is None:
        return None
    info = model.model_fields[name]
    alias = next((a for a in (info.alias, info.validation_alias) if isinstance(a, str)), name)
    if alias == name or (not python and key == name and keyword.iskeyword(alias)):
        return None  # a case file's key is the keyword, and the field's name is no key there
    first, other = (name, alias) if python and keyword.iskeyword(alias) else (alias, name)
    what = _GIVEN_TWICE.get((model.__name__, name), f"the {name.rstrip('_')}")
    return (
        f"{first!r} and {other!r} both give {what}: give it once, as {first!r} "
        f"(or {other!r}), not both"
    )


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model whose fields are at ``loc`` inside ``root`` (list indexes skipped).

    >>> from activity_systems import Case
    >>> model_at(Case, ("systems", 0, "tools", 1)).__name__
    'Tool'
    """
    current: type[BaseModel] | None = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        name = field_keys(current).get(part)
        if name is None:
            return None
        models = _models_in(current.model_fields[name].annotation)
        current = models[0] if models else None
    return current


def _is_list_field(model: type[BaseModel] | None, key: str | int) -> bool:
    if model is None or not isinstance(key, str):
        return False
    name = field_keys(model).get(key)
    annotation = model.model_fields[name].annotation if name else None
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) in (tuple, list)


def a_or_an(name: str) -> str:
    """``name`` with its article: ``a Tool``, ``an Element``."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


#: A key of one kind of element given to another, and what that kind calls the same
#: thing: a rule's time limit and a tool's turnaround are both a length of time.
_COUNTERPARTS = {("time_limit", "Tool"): "turnaround", ("turnaround", "Rule"): "time_limit"}


def other_kinds_key(model: type[BaseModel], key: str) -> str:
    """For ``key`` unknown to an element's ``model`` that another kind of element takes:
    whose key it is, as the case file's loader says it of a node (``'time_limit' is a
    key of a rule``). Empty for a key no kind of element takes, or a model no element.

    >>> from activity_systems import Element, Tool
    >>> other_kinds_key(Tool, "time_limit")
    ": 'time_limit' is a key of a Rule; a Tool takes 'turnaround'"
    >>> other_kinds_key(Element, "purpose")
    ": 'purpose' is a key of an ObjectElement, not of an Element"
    """
    # imported here: the elements are models whose errors this module words
    from activity_systems.model.elements import Element, ObjectElement, Rule, Task, Tool

    kinds: tuple[type[BaseModel], ...] = (Element, ObjectElement, Tool, Rule, Task)
    if model not in kinds:
        return ""
    owners = [kind.__name__ for kind in kinds if kind is not model and key in field_keys(kind)]
    if not owners:
        return ""
    whose = " or ".join(a_or_an(owner) for owner in owners)
    counterpart = _COUNTERPARTS.get((key, model.__name__))
    if counterpart is not None:
        return f": {key!r} is a key of {whose}; {a_or_an(model.__name__)} takes {counterpart!r}"
    return f": {key!r} is a key of {whose}, not of {a_or_an(model.__name__)}"


def place_written(loc: Loc) -> str:
    """The last part of ``loc`` as the constructor's keyword writes it: ``rules[0]``,
    ``shared_object``.

    >>> place_written(("systems", 0, "rules", 0)), place_written(("subject",))
    ('rules[0]', 'subject')
    """
    if len(loc) >= 2 and isinstance(loc[-1], int):
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1])


def in_wrong_node(loc: Loc, given: Element, node: str, expected: type[Element]) -> str:
    """An element built in Python as another node's kind, at ``loc``: which kind
    ``node`` takes, and how to write it, as validation and a system's own check of its
    elements both say it.

    >>> from activity_systems import Rule, Task
    >>> in_wrong_node(("division_of_labour", 0), Rule(label="Refer"), "division_of_labour", Task)
    "division_of_labour[0] is a Rule, but a system's division_of_labour takes Task: write Task(task='Refer', ...)"
    """  # noqa: E501
    return (
        f"{place_written(loc)} is {a_or_an(type(given).__name__)}, but a system's {node} "
        f"takes {expected.__name__}: write {expected.__name__}({expected.label_key}="
        f"{given.label!r}, ...)"
    )


def _other_model(error: Any, root: type[BaseModel]) -> PydanticCustomError | None:
    """A model built in Python where a model of another kind goes (a ``Tool`` in
    ``rules``, an assessment in ``exchanges``): which kind goes there, and for an
    element, how to write it."""
    # imported here: the elements are models whose errors this module words
    from activity_systems.model.elements import Element

    loc, given = tuple(error["loc"]), error.get("input")
    expected = model_at(root, loc)
    if not isinstance(given, BaseModel) or expected is None or not loc:
        return None
    node = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if isinstance(given, Element) and issubclass(expected, Element):
        words = in_wrong_node(loc, given, node, expected)
    else:
        words = (
            f"{place_written(loc)} is {a_or_an(type(given).__name__)}, but {node} takes "
            f"{expected.__name__}"
        )
    return PydanticCustomError(error["type"], "{words}", {"words": words})


def _text_expected(error: Any) -> PydanticCustomError:
    """A number, or nothing, where text goes (``id=101``, a table's empty cell as
    pandas reads it, ``nan``): what was given, and a number as the text to write."""
    loc, given = tuple(error["loc"]), error.get("input")
    got = "None" if given is None else type(given).__name__
    write = ""
    if isinstance(given, int | float) and not isinstance(given, bool):
        if given == given and given not in (float("inf"), float("-inf")):
            keyword_ = f"{loc[-1]}=" if len(loc) == 1 and isinstance(loc[-1], str) else ""
            write = f": write {keyword_}{str(given)!r}"
        else:
            got = f"{got} {given}"
    return PydanticCustomError(
        error["type"], "expected text, got {got}{write}", {"got": got, "write": write}
    )


def _allowed(model: type[BaseModel] | None, key: str | int) -> list[str]:
    """The values a literal or enum field ``key`` of ``model`` allows."""
    name = field_keys(model).get(key) if model is not None and isinstance(key, str) else None
    if model is None or name is None:
        return []
    kinds = [model.model_fields[name].annotation]
    values: list[str] = []
    while kinds:
        kind = kinds.pop(0)
        if typing.get_origin(kind) is typing.Literal:
            values += [str(value) for value in typing.get_args(kind)]
        elif typing.get_origin(kind) in (typing.Union, types.UnionType, typing.Annotated):
            kinds += list(typing.get_args(kind))
        elif isinstance(kind, type) and issubclass(kind, enum.Enum):
            values += [str(member.value) for member in kind]
    return values


def _not_allowed(error: Any, root: type[BaseModel]) -> PydanticCustomError | None:
    """Text that is none of a field's values (a level, an integration level): the value
    meant, as a case file's loader says it (``'linked' is not allowed (did you mean
    'linkage'?); expected ...``), with Pydantic's context kept."""
    loc, given = tuple(error["loc"]), error.get("input")
    # a number too (level=2), as a case file's loader reads one, but not True or False
    if not loc or not isinstance(given, str | int) or isinstance(given, bool):
        return None
    allowed = _allowed(model_at(root, loc[:-1]), loc[-1])
    best = numbered_level(str(given), allowed) or closest(str(given), allowed)
    hint = f" (did you mean {best!r}?)" if best is not None else ""
    context = dict(error.get("ctx") or {})
    words = f"{given!r} is not allowed{hint}; expected {context.get('expected', '')}"
    return PydanticCustomError(error["type"], "{_words}", {**context, "_words": words})


def _lone_surrogate_key(key: str) -> PydanticCustomError | None:
    """A key holding a lone surrogate, which JSON lets a key escape (``"\\ud800"``): the
    texts of a case are refused as that by their type, a key reaches Pydantic's words,
    told of the mapping that holds it."""
    for index, character in enumerate(key, start=1):
        if 0xD800 <= ord(character) <= 0xDFFF:
            return PydanticCustomError(
                "string_unicode",
                "the key {key} contains a lone surrogate (U+{code}) at character {index}: "
                "not valid text",
                {"key": repr(key), "code": f"{ord(character):04X}", "index": index},
            )
    return None


def _plain(error: Any, root: type[BaseModel]) -> PydanticCustomError | None:
    """The plain words for one error of ``root``'s validation, or ``None`` to keep it."""
    loc = tuple(error["loc"])
    if error["type"] in ("literal_error", "enum"):
        return _not_allowed(error, root)
    if error["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
        model = model_at(root, loc[:-1])
        twice = given_twice(model, loc[-1], python=True) if model is not None else None
        if twice is not None:
            return PydanticCustomError("extra_forbidden", twice)
        # names and aliases (task for a task's label), but no keyword (from for from_)
        known = [key for key in field_keys(model) if not keyword.iskeyword(key)] if model else []
        hint = did_you_mean(loc[-1], known) if known else ""
        if model is not None and not hint.startswith(" (did you mean"):
            hint = other_kinds_key(model, loc[-1]) + hint
        return PydanticCustomError(
            "extra_forbidden", "unknown field {field}{hint}", {"field": repr(loc[-1]), "hint": hint}
        )
    if error["type"] == "frozen_instance" and loc:
        if loc[-1] in root.model_fields:
            words = (
                f"{a_or_an(root.__name__)} cannot be changed in place: make a changed copy "
                f"with model_copy(update={{{loc[-1]!r}: ...}})"
            )
        else:  # a misspelt field: a copy with that key would be refused as unknown
            words = (
                f"{a_or_an(root.__name__)} has no field {loc[-1]!r}"
                f"{did_you_mean(str(loc[-1]), list(root.model_fields))}, and a built model "
                "is not changed in place: make a changed copy with model_copy(update={...})"
            )
        return PydanticCustomError("frozen_instance", "{words}", {"words": words})
    if error["type"] in ("model_type", "model_attributes_type"):
        return _other_model(error, root)
    if error["type"] == "string_type" and loc:
        return _text_expected(error)
    if error["type"] == "string_unicode" and isinstance(error.get("input"), str):
        return _lone_surrogate_key(error["input"])
    if error["type"] == "too_short" and loc == ("systems",) and root.__name__ == "Case":
        return PydanticCustomError("too_short", "a case needs at least one system")
    if (
        error["type"] == "missing"
        and loc
        and isinstance(loc[-1], str)
        and keyword.iskeyword(loc[-1])
    ):
        # a required field whose key is a keyword (an exchange's from): its keyword is another
        model = model_at(root, loc[:-1])
        name = field_keys(model).get(loc[-1]) if model is not None else None
        if name is not None and name != loc[-1]:
            return PydanticCustomError(
                "missing",
                "Field required: give it as {name}=... ({key} in a mapping or a case file)",
                {"name": name, "key": repr(loc[-1])},
            )
    if (
        error["type"] in ("list_type", "tuple_type")
        and isinstance(error.get("input"), str)
        and loc
        and _is_list_field(model_at(root, loc[:-1]), loc[-1])
    ):
        written = f"{loc[-1]}=" if len(loc) == 1 else ""
        return PydanticCustomError(
            error["type"],
            "expected a list, got text: write {written}",
            {"written": f"{written}[{error['input']!r}]"},
        )
    return None


def _system_at(root: type[BaseModel], loc: Loc) -> int | None:
    """How many parts of ``loc`` lead to the system the error is in: 0 when ``root`` is
    a system, 2 for a case's (``("systems", 1, ...)``); ``None`` outside a system."""
    # imported here: a system is a model whose errors this module words
    from activity_systems.model.system import ActivitySystem

    for end in range(len(loc) + 1):
        if (end == 0 or isinstance(loc[end - 1], int)) and model_at(
            root, loc[:end]
        ) is ActivitySystem:
            return end
    return None


def _in_system(error: Any, message: str, root: type[BaseModel], given: Any) -> str:
    """``message`` of ``error`` saying which system it is in, as the system is named in
    ``given``, what ``root`` was made from: by its id, or when that is no id, by its
    name; ``message`` itself outside a system, for a system named by neither, or a
    message that quotes the system's id already. Systems made in a loop (over a table's rows)
    all have a ``tools[0]``: the place alone does not say which one is wrong.
    ``"Value error, "``, with which Pydantic begins a check's message, stays first."""
    loc = tuple(error["loc"])
    end = _system_at(root, loc)
    system = value_at(given, loc[:end]) if end is not None else None
    if not isinstance(system, dict):
        return message
    system_id, name = system.get("id"), system.get("name")
    if isinstance(system_id, str) and is_slug(system_id):
        which = f"system {system_id!r}"
        # it says which already (``... of system 'court'``, ``duplicate system id
        # 'court'``); the id quoted otherwise (in a list of the known ids, or as a value
        # that happens to be the same text) does not say which system the error is in
        if which in message or f"system id {system_id!r}" in message:
            return message
    elif isinstance(name, str) and name.strip():
        which = f"the system named {name!r}"
    else:
        return message
    check = "Value error, "
    if message.startswith(check):
        return f"{check}in {which}: {message.removeprefix(check)}"
    return f"in {which}: {message}"


def plainer(error: ValidationError, root: type[BaseModel], given: Any = None) -> ValidationError:
    """``error`` (of validating ``root``) with the two mistakes above in plain words; the
    error itself when it has neither. Either has no traceback yet: raised, it shows only
    where it is raised (the model's constructor), not the frames of Pydantic's validation
    that a rewritten error never had.

    With ``given``, what ``root`` was made from in Python, each error inside a system
    says which system (``in system 'mhs': ...``), at the same place, of the same type. A
    case file's errors are told with their line, and are not given it.

    >>> from activity_systems import ActivitySystem
    >>> given = {"id": 5, "subject": "M", "object": "D"}
    >>> try:
    ...     ActivitySystem.__pydantic_validator__.validate_python(given)
    ... except ValidationError as error:
    ...     caught, kept = error, plainer(error, ActivitySystem)
    >>> kept is caught, kept.__traceback__, kept.error_count()
    (False, None, 1)
    >>> [(e["type"], e["msg"]) for e in kept.errors()]
    [('string_type', "expected text, got int: write id='5'")]
    >>> "errors.pydantic.dev" in str(kept)
    False
    """
    errors = error.errors(include_url=False)
    plain = [_plain(e, root) for e in errors]
    said = [
        words.message() if words is not None else str(e["msg"])
        for e, words in zip(errors, plain, strict=True)
    ]
    named = (
        [_in_system(e, message, root, given) for e, message in zip(errors, said, strict=True)]
        if given is not None
        else said
    )
    # An error of Pydantic's own types is shown with a link to Pydantic's page about it
    # (https://errors.pydantic.dev/...), which is about Pydantic, not the case: every
    # error is raised again in its own words, of the same type, at the same place.
    if not any(plain) and named == said and not any(e.get("url") for e in error.errors()):
        return error.with_traceback(None)
    details: list[InitErrorDetails] = []
    for e, words, before, after in zip(errors, plain, said, named, strict=True):
        if after != before:
            context = words.context if words is not None else e.get("ctx")
            kind = words.type if words is not None else e["type"]
            details.append(
                error_details({**e, "type": kind, "msg": after, "ctx": context or {}}, linked=False)
            )
        elif words is None:
            details.append(error_details(e, linked=False))
        else:
            details.append(InitErrorDetails(type=words, loc=tuple(e["loc"]), input=e["input"]))
    # The models hide the input in their errors (a case's text can be long, and private).
    return ValidationError.from_exception_data(error.title, details, hide_input=True)


def value_at(data: Any, loc: Loc) -> Any:
    """What ``data``, a model or what one is made from (mappings and lists), holds at
    ``loc`` (a case file's keys, such as ``from``, name a model's fields); ``None`` where
    it holds nothing.

    >>> value_at({"rules": [{"applies_to": ["forms", "request"]}]}, ("rules", 0, "applies_to", 1))
    'request'
    """
    value: Any = data
    for part in loc:
        if isinstance(value, BaseModel) and isinstance(part, str):
            value = getattr(value, field_keys(type(value)).get(part, part), None)
        elif isinstance(value, tuple | list) and isinstance(part, int) and part < len(value):
            value = value[part]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def each_at_its_place(model: BaseModel, problems: Sequence[ModelError]) -> ValidationError:
    """One :class:`~pydantic.ValidationError` for the problems that ``model``'s own checks
    found, in the order given: each an error of its own, of type ``value_error``, with its
    first place as its ``loc`` and what is written there as its ``input`` (the problem's
    ``value``, or what ``model`` holds there), its message
    without the place, and the problem itself as ``ctx["error"]`` (with its other
    places). Raised by the model's validator, it is Pydantic's error for the whole
    validation, each ``loc`` under the model's own place; a case file's loader gives each
    problem its own line and column.

    >>> from activity_systems import Tool
    >>> tool = Tool(label="Report", provides=["summary"])
    >>> error = each_at_its_place(tool, [ModelError("not given", ("provides", 0))])
    >>> [(e["loc"], e["msg"], e["input"]) for e in error.errors()]
    [(('provides', 0), 'Value error, not given', 'summary')]
    """
    details: list[InitErrorDetails] = []
    for problem in problems:
        problem.placed = True
        loc = tuple(problem.locs[0]) if problem.locs else ()
        given = problem.value if problem.value is not None else value_at(model, loc)
        details.append(
            InitErrorDetails(type="value_error", loc=loc, input=given, ctx={"error": problem})
        )
    # The models hide the input in their errors (a case's text can be long, and private).
    return ValidationError.from_exception_data(type(model).__name__, details, hide_input=True)
