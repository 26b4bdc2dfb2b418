"""Keys a case file writes with nothing after them, read as keys left out.

In a case file an empty value, ``~`` and ``null`` mean "absent" (see the case-file page
of the documentation). A key that may be left out and has a default other than nothing
is read as left out when it is written empty: a list heading with nothing under it yet
(``community:``, or ``community:  # to fill in``, since a comment is no value) is an
empty list, a task's ``basis:`` is ``core``, an element's ``id:`` is made from its
label. Keys whose default is nothing already (``description``, an exchange's
``provides``) read an empty value as nothing, as they did; a key that must be given
(``title``, ``label``, ``systems``) is still refused when it is empty, since there is
nothing to fall back on.

Only the data read from a file goes through here: in Python, ``tools=None`` is still
refused, as a value of the wrong type that a program, not a person typing, would pass.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from activity_systems.model.plain_errors import field_keys, model_at


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
        left_out, inner = field
        if value is None and left_out:
            changed = True
            continue
        new = _walk(value, inner)
        changed = changed or new is not value
        kept[key] = new
    return kept if changed else data


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[bool, type[BaseModel] | None]]:
    """Each key of ``model`` in a case file: whether it reads as left out when empty (it
    may be left out, and then holds something: an empty list, a basis of ``core``, an id
    made from the label, not nothing), and the model of what it holds, if any."""
    fields: dict[str, tuple[bool, type[BaseModel] | None]] = {}
    for key, name in field_keys(model).items():
        info = model.model_fields[name]
        left_out = not info.is_required() and (
            info.get_default(call_default_factory=True, validated_data={}) is not None
        )
        fields[key] = (left_out, model_at(model, (key,)))
    return fields
