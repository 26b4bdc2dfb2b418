"""Keys a case file writes with nothing after them, read as keys left out.

In a case file an empty value, ``~`` and ``null`` mean "absent" (see the case-file page
of the documentation). A key that may be left out and has a default other than nothing
is read as left out when it is written empty: a list heading with nothing under it yet
(``community:``, or ``community:  # to fill in``, since a comment is no value) is an
empty list, a task's ``basis:`` is ``core``, an element's ``id:`` is made from its
label. A key of two names written empty beside its other name that holds the value
(``task: Hear the case`` and ``label:`` left empty) is read as left out too, since
the other gives the value; of both left empty, the second. Keys whose default is
nothing already (``description``, an exchange's ``provides``) read an empty value as
nothing, as they did; a key that must be given (``title``, ``label``, ``systems``) is
still refused when it is empty, since there is nothing to fall back on.

Only the data read from a file goes through here: in Python, ``tools=None`` is still
refused, as a value of the wrong type that a program, not a person typing, would pass.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from activity_systems.model.plain_errors import field_keys, model_at

#: A key's field: whether it reads as left out when empty, the model of what it holds,
#: and the field's name (the same for a field's two keys).
_Field = tuple[bool, type[BaseModel] | None, str]


def left_out_when_empty(data: Any, root: type[BaseModel]) -> Any:
    """``data`` (as read from a case file, for the model ``root``) without the keys whose
    value is nothing (``None``) where their field has a default that is something.

    The data is copied where a key is dropped, never changed in place: the places of
    what the file holds (for errors) are looked up in the data as read.

    >>> from activity_systems import Case
    >>> left_out_when_empty({"title": None, "exchanges": None, "description": None}, Case)
    {'title': None, 'description': None}
    """
    return _walk(data, root)


def _walk(data: Any, model: type[BaseModel] | None) -> Any:
    """``data`` for ``model`` (an item of a list for the model of its items) without its
    keys left empty; ``data`` itself when it has none, at any depth."""
    if model is None:
        return data
    if isinstance(data, list):
        items = [_walk(item, model) for item in data]
        return data if all(new is old for new, old in zip(items, data, strict=True)) else items
    if not isinstance(data, dict):
        return data
    fields = _fields(model)
    kept: dict[Any, Any] = {}
    changed = False
    for key, value in data.items():
        field = fields.get(key) if isinstance(key, str) else None
        if field is None:
            kept[key] = value
            continue
        left_out, inner, name = field
        if value is None and (left_out or _given_otherwise(data, key, name, fields)):
            changed = True
            continue
        new = _walk(value, inner)
        changed = changed or new is not value
        kept[key] = new
    return kept if changed else data


def _given_otherwise(data: dict[Any, Any], key: str, name: str, fields: dict[str, _Field]) -> bool:
    """Whether the field ``name``, written empty under ``key``, is written under its
    other name in ``data`` too (a task's ``task`` beside its ``label``) with a value, or
    empty before it: the field is then read from the other key alone, so that both left
    empty are told that the text is missing, not that it is given twice."""
    before = True
    for other, value in data.items():
        if other == key:
            before = False
        elif (
            isinstance(other, str)
            and fields.get(other, (False, None, ""))[2] == name
            and (value is not None or before)
        ):
            return True
    return False


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, _Field]:
    """Each key of ``model`` in a case file: whether it reads as left out when empty (it
    may be left out, and then holds something: an empty list, a basis of ``core``, an id
    made from the label, not nothing), the model of what it holds, if any, and the name
    of its field."""
    fields: dict[str, _Field] = {}
    for key, name in field_keys(model).items():
        info = model.model_fields[name]
        left_out = not info.is_required() and (
            info.get_default(call_default_factory=True, validated_data={}) is not None
        )
        fields[key] = (left_out, model_at(model, (key,)), name)
    return fields
