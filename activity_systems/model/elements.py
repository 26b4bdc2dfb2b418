"""Elements: the things that fill the seven nodes of an activity system.

A plain string is accepted wherever an element is expected and becomes its label:

>>> Tool.model_validate("Written request")
Tool(id='written-request', label='Written request')
>>> Task.model_validate({"task": "Screening reports", "by": "cpns"}).basis
'core'
"""

from __future__ import annotations

import copy
import inspect
import json
import keyword
import reprlib
import typing
from collections.abc import Iterator, Mapping, ValuesView
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from activity_systems.model.durations import DurationRange
from activity_systems.model.plain_errors import field_keys, plainer
from activity_systems.model.slugs import is_slug, slugify
from activity_systems.model.types import Label, Slug, SlugSet, Text

#: The label that marks an element the analysts know exists but have not identified.
UNKNOWN_LABEL = "?"

Basis = Literal[
    "core", "statutory", "contracted", "voluntary", "private-consultancy", "over-workload"
]
#: Bases on which work is done outside what the organisation pays for (AS403).
EXTRA_CONTRACTUAL_BASES: frozenset[str] = frozenset(
    {"voluntary", "private-consultancy", "over-workload"}
)


def file_key(name: str, info: FieldInfo) -> str:
    """The key a case file writes for the field ``name``: ``task`` for a task's ``label``,
    ``from`` for an exchange's ``from_`` (whose Python name only avoids the keyword), else
    the field's own name."""
    if info.alias:
        return info.alias
    if isinstance(info.validation_alias, str):
        return info.validation_alias
    return name


#: The validation context of a case file's data: ``Case.model_validate(data,
#: context=CASE_FILE)``. Its keys are the file's, never a field's name in Python only.
CASE_FILE: Mapping[str, bool] = {"case_file": True}


def in_case_file(info: ValidationInfo) -> bool:
    """True while a case file's data is validated (see :data:`CASE_FILE`), not a model
    built in Python."""
    return isinstance(info.context, Mapping) and info.context.get("case_file") is True


def keywords_only(model: type[BaseModel], args: tuple[Any, ...], data: dict[str, Any]) -> str:
    """What to say of values given by position to ``model``, which takes keywords only:
    the call to write, and the fields. Each value goes to the next required field not
    already given (the natural reading of ``Tool("Report")``); the keywords given are
    kept, and all are in the order of the fields (a key that names none comes last).

    >>> print(keywords_only(Tool, ("Report",), {}))
    Tool() takes keyword arguments only: write Tool(label='Report') (its fields: id, label, description, values, source, turnaround, provides)
    >>> print(keywords_only(Task, ("Screening",), {"by": "subject", "id": "s"}).split(" (its")[0])
    Task() takes keyword arguments only: write Task(id='s', label='Screening', by='subject')
    >>> print(keywords_only(Element, ("x", "y"), {"label": "z"}).split(" (its")[0])
    Element() takes keyword arguments only: write Element(label='z', ...)
    """  # noqa: E501
    keys = field_keys(model)
    fields = model.model_fields
    given = {keys.get(key) for key in data}
    required = [name for name, info in fields.items() if info.is_required() and name not in given]
    order = {name: position for position, name in enumerate(fields)}
    # (position, keyword, value); sorted stably, so keys that name no field keep theirs
    parts = [(order.get(keys.get(key, ""), len(order)), key, value) for key, value in data.items()]
    parts += [(order[name], name, value) for name, value in zip(required, args, strict=False)]
    parts.sort(key=lambda part: part[0])
    shown = [_keyword_argument(key, keys.get(key), value) for _, key, value in parts]
    if len(args) > len(required):
        shown.append("...")
    name = model.__name__
    return (
        f"{name}() takes keyword arguments only: write {name}({', '.join(shown)}) "
        f"(its fields: {', '.join(fields)})"
    )


def _keyword_argument(key: str, field: str | None, value: Any) -> str:
    """``key=value`` as a call writes it: a key that is a Python keyword (an exchange's
    ``from``) as its field's name (``from_``), and a key that no keyword can name in
    ``**{...}``."""
    if keyword.iskeyword(key) and field is not None:
        key = field
    if not key.isidentifier() or keyword.iskeyword(key):
        return f"**{{{key!r}: {reprlib.repr(value)}}}"
    return f"{key}={reprlib.repr(value)}"


class KeywordsOnly(BaseModel):
    """Base of a model whose fields are given by keyword: a value given by position is
    refused with the model's name, how to give it by keyword and its fields (see
    :func:`keywords_only`), where Python would name Pydantic's base class."""

    def __init__(self, /, *args: Any, **data: Any) -> None:
        """Validate ``data``, as Pydantic does; refuse ``args``, saying how to give them."""
        if args:
            raise TypeError(keywords_only(type(self), args, data))
        super().__init__(**data)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update``, a new model validated as the constructor would, so
        that a changed case still has only references that resolve (and its lookups,
        such as ``case.system(...)``, see the new values rather than the old ones), and
        a changed finding a severity and a level that a report can count. ``update``
        may name a field as a case file does (``from``) or as Python does (``from_``)."""
        if not update:
            return super().model_copy(deep=deep)
        names = field_keys(type(self))  # a key that names no field is refused by validation
        data = {name: getattr(self, name) for name in self.model_fields_set}
        for key, value in update.items():
            data[names.get(key, key)] = value
        data = replayable(data)  # read before it is copied: a generator cannot be
        return self.model_validate(copy.deepcopy(data) if deep else data)

    # Pydantic calls a model's own __init__ for every instance it validates, nested ones
    # and model_validate's included, unless the __init__ is marked as its base's (as
    # RootModel's is): this one only catches a mistake, and validation goes on as
    # Pydantic's, at its speed.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
    # A model's signature (help(Tool), inspect.signature) is made from its fields and the
    # parameters of this __init__: the *args that only catch a mistake are left out.
    # Type checkers read the fields alone (PEP 681), and refuse a value by position.
    __init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
            inspect.Parameter("data", inspect.Parameter.VAR_KEYWORD, annotation=Any),
        ]
    )


def replayable(data: Any) -> Any:
    """``data`` (a model's keywords, or the mapping it is validated from) with each value
    that can be gone through only once (a generator, ``map(...)``, ``iter(...)``) or that
    follows its mapping (``rows.values()``) taken as a tuple, in its order: validation
    consumes it, and an error inside one of its items (a case's ``systems``) is told
    with that item's name, which must still be there to read. A set stays a set, to be
    refused where an order is kept. Only the first level is taken: what lies deeper is
    reached through it. An error raised by the generator itself comes out as it is.

    >>> replayable({"systems": (n for n in "ab"), "title": "T"})
    {'systems': ('a', 'b'), 'title': 'T'}
    """
    if not isinstance(data, dict) or not any(
        isinstance(value, Iterator | ValuesView) for value in data.values()
    ):
        return data
    return {
        key: tuple(value) if isinstance(value, Iterator | ValuesView) else value
        for key, value in data.items()
    }


class Frozen(KeywordsOnly):
    """Base of every model: immutable, unknown keys rejected."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        str_strip_whitespace=False,
        hide_input_in_errors=True,
    )

    @classmethod
    def _refuse_one_for_many(cls, data: dict[str, Any]) -> None:
        """Refuse a model given where a list of them is expected (``systems=court``): a
        model iterates as its fields, which Pydantic would report one by one as items
        that are not of the right kind."""
        for name, value in data.items():
            if not isinstance(value, BaseModel):
                continue
            field = cls.model_fields.get(name)
            if field is None or typing.get_origin(field.annotation) is not tuple:
                continue
            raise PydanticCustomError(
                "list_type",
                "{field} takes a list, not a single {kind}: write {field}=[...]",
                {"field": name, "kind": type(value).__name__},
            )

    def __init__(self, /, *args: Any, **data: Any) -> None:
        """Validate ``data``; an unknown keyword, or text where a list goes, is told in
        plain words (see :mod:`activity_systems.model.plain_errors`). A value given by
        position is refused as :class:`KeywordsOnly` refuses it."""
        data = replayable(data)
        try:
            super().__init__(*args, **data)
        except ValidationError as error:
            raise plainer(error, type(self), data) from None

    # marked and shown as the base's (see KeywordsOnly)
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
    __init__.__signature__ = KeywordsOnly.__init__.__signature__  # type: ignore[attr-defined]

    if not TYPE_CHECKING:
        # Hidden from type checkers, as Pydantic hides its own: a class that defines
        # __setattr__ lets them take any assignment (case.titel = ...) as allowed.

        def __setattr__(self, name: str, value: Any) -> None:
            """Refuse to change a field in place, saying how to change a copy; a private
            attribute is set as Pydantic sets it."""
            try:
                super().__setattr__(name, value)
            except ValidationError as error:
                raise plainer(error, type(self)) from None

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Pydantic's ``model_validate``, with the same plain words as the constructor."""
        context = options.get("context")
        from_file = isinstance(context, Mapping) and context.get("case_file") is True
        if not from_file:  # a case file's data holds lists only
            obj = replayable(obj)
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise plainer(error, cls, None if from_file else obj) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Pydantic's ``model_validate_json``, with the same plain words as the
        constructor (a case file is read with :func:`~activity_systems.loads`, which
        tells each error with its line)."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            try:
                given = json.loads(json_data)
            except (ValueError, RecursionError):  # not JSON: told in Pydantic's words
                given = None
            raise plainer(error, cls, given) from None

    def __repr_args__(self) -> Any:
        # Show only what differs from the defaults: reprs stay short in notebooks.
        for name, value in super().__repr_args__():
            if name is None:
                yield name, value
                continue
            field = type(self).model_fields.get(name)
            if field is not None and not field.is_required():
                default = field.get_default(call_default_factory=True, validated_data={})
                if value == default:
                    continue
            yield name, value


#: The id an unknown (``"?"``) element built on its own has until its system gives it
#: ``unknown-<node>`` (see :func:`derived_id`).
UNKNOWN_ID = "unknown"


def derived_id(label: str) -> str:
    """The id an element built on its own makes from its label: ``"?"``, which makes
    none, gives :data:`UNKNOWN_ID`, which its system replaces with the node's
    (``unknown-community``, ``unknown-community-2``, ...), as for ``"?"`` in a case file.

    >>> derived_id("Court ushers"), derived_id(" ? ")
    ('court-ushers', 'unknown')
    """
    if label.strip() == UNKNOWN_LABEL:
        return UNKNOWN_ID
    return slugify(label)


class Element(Frozen):
    """One element of a node: a community member, or the subject/outcome of a system."""

    #: The key under which the label is written in a case file.
    label_key: ClassVar[str] = "label"

    # The default tells type checkers that ``id`` may be left out; it is never kept: the
    # validator below derives the id from the label before the fields are validated.
    id: Slug = Field(
        default="", description="Unique within the system; derived from the label when omitted."
    )
    label: Label = Field(description="Short text shown on diagrams; '?' marks an unknown element.")
    description: Text | None = Field(default=None, description="Longer text, shown in handouts.")
    values: SlugSet = Field(default=(), description="Value tags, e.g. treatment, punishment.")
    source: Text | None = Field(default=None, description="Where this comes from (a citation).")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {cls.label_key: data}
        elif not isinstance(data, dict | BaseModel):
            raise PydanticCustomError(
                "element_type",
                "expected an element: its {key} as text, or a mapping with its {key} "
                "(and id, values, ...); got {kind}",
                {"key": cls.label_key, "kind": type(data).__name__},
            )
        if isinstance(data, dict) and "id" not in data:
            label = data.get(cls.label_key, data.get("label"))
            if isinstance(label, str):
                derived = derived_id(label)
                if not derived:
                    raise PydanticCustomError(
                        "id",
                        "cannot derive an id from the label {label}: give the element an 'id'",
                        {"label": repr(label)},
                    )
                data = {"id": derived, **data}
        return data

    @property
    def is_unknown(self) -> bool:
        """True for a ``"?"`` element: known to exist, not yet identified."""
        return self.label.strip() == UNKNOWN_LABEL


class ObjectElement(Element):
    """The object of an activity: the problem space worked on, with its motive."""

    purpose: Text | None = Field(default=None, description="The motive: why the activity is done.")


class Tool(Element):
    """A mediating artefact: a report, a request form, an assessment tool."""

    turnaround: DurationRange | None = Field(
        default=None, description="How long it takes to produce."
    )
    provides: SlugSet = Field(default=(), description="Content items the artefact carries.")


class Rule(Element):
    """A formal rule or informal norm: a time target, confidentiality."""

    time_limit: DurationRange | None = Field(
        default=None, description="A time limit; a range counts by its minimum."
    )
    withholds: SlugSet = Field(default=(), description="Content items the rule forbids giving out.")
    kind: Literal["formal", "informal"] | None = Field(
        default=None, description="Formal rule or norm."
    )
    applies_to: SlugSet = Field(
        default=(), description="Ids of tools in the same system it constrains."
    )


class Task(Element):
    """A task in the division of labour: who does what, and on what basis."""

    label_key: ClassVar[str] = "task"

    label: Label = Field(alias="task", description="The task, shown on diagrams.")
    by: Slug | None = Field(
        default=None, description="Id of a community member, or 'subject'; absent means nobody."
    )
    basis: Basis = Field(default="core", description="On what basis the work is done.")
    produces: SlugSet = Field(default=(), description="Ids of exchanges this task produces.")

    @field_validator("by", mode="before")
    @classmethod
    def _performer_id(cls, value: Any) -> Any:
        """``by`` written as a name (``"Magistrate"``) rather than an id: say what it takes.
        A task alone does not know its system; the system names the id that matches."""
        if isinstance(value, str) and not is_slug(value) and slugify(value):
            raise PydanticCustomError(
                "slug",
                "{value} is not an id: 'by' takes 'subject' for the system's subject, or a "
                "community member's id (one labelled {value} has the id {slug} unless given "
                "another)",
                {"value": repr(value), "slug": repr(slugify(value))},
            )
        return value

    @property
    def is_extra_contractual(self) -> bool:
        """Work done voluntarily, privately or over the workload."""
        return self.basis in EXTRA_CONTRACTUAL_BASES
