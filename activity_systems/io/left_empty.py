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
    return _walk(data, root, ())


def _walk(data: Any, root: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    if isinstance(data, list):
        items = [_walk(item, root, (*loc, index)) for index, item in enumerate(data)]
        return data if all(new is old for new, old in zip(items, data, strict=True)) else items
    if not isinstance(data, dict):
        return data
    model = model_at(root, loc) if loc else root
    if model is None:
        return data
    keys = field_keys(model)
    kept: dict[Any, Any] = {}
    changed = False
    for key, value in data.items():
        name = keys.get(key) if isinstance(key, str) else None
        if value is None and name is not None and _has_default(model, name):
            changed = True
            continue
        new = _walk(value, root, (*loc, key)) if name is not None else value
        changed = changed or new is not value
        kept[key] = new
    return kept if changed else data


def _has_default(model: type[BaseModel], name: str) -> bool:
    """True when the field may be left out and then holds something (an empty list, a
    basis of ``core``, an id made from the label), not nothing."""
    info = model.model_fields[name]
    if info.is_required():
        return False
    return info.get_default(call_default_factory=True, validated_data={}) is not None
