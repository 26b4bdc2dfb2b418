"""The report's JSON text, indented exactly as ``json.dumps(data, indent=...,
ensure_ascii=False)`` indents it, but faster.

With an indent, :mod:`json` encodes in Python through nested generators; a large
report (tens of thousands of findings) then takes a second or more. This writer handles
the types a report holds (dicts with text keys, lists, text, whole numbers, booleans
and ``None``), escapes text with the function :mod:`json` uses, and leaves any other
value to :func:`json.dumps`.

>>> data = {"case": "Court", "findings": [{"elements": ["a", "b"], "level": None}], "n": {}}
>>> indented_json(data, 2) == json.dumps(data, indent=2, ensure_ascii=False)
True
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_CONSTANTS: dict[Any, str] = {None: "null", True: "true", False: "false"}


class _Unsupported(Exception):
    """A value this writer leaves to :func:`json.dumps`."""


def indented_json(data: Any, indent: int | str) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False)``, character for character."""
    step = indent if isinstance(indent, str) else " " * indent
    writer = _Writer(step)
    try:
        writer.write(data, "\n")
    except _Unsupported:
        return json.dumps(data, indent=indent, ensure_ascii=False)
    return "".join(writer.parts)


class _Writer:
    def __init__(self, step: str) -> None:
        self.step = step
        self.parts: list[str] = []
        # For each indentation, what goes before each key: the dicts of a report repeat
        # the same keys thousands of times.
        self.key_prefixes: dict[str, dict[str, str]] = {}

    def write(self, value: Any, newline: str) -> None:
        """Append the JSON of ``value``, whose first line is already placed and whose
        further lines start with ``newline`` (a line break and the indentation)."""
        kind = type(value)
        if kind is dict:
            self.write_dict(value, newline)
        elif kind is list or kind is tuple:
            self.write_list(value, newline)
        else:
            self.parts.append(_scalar(value))

    def write_dict(self, value: dict[Any, Any], newline: str) -> None:
        parts = self.parts
        if not value:
            parts.append("{}")
            return
        inner = newline + self.step
        prefixes = self.key_prefixes.get(inner)
        if prefixes is None:
            prefixes = self.key_prefixes[inner] = {}
        start = len(parts)
        for key, item in value.items():
            prefix = prefixes.get(key)
            if prefix is None:
                if type(key) is not str:
                    raise _Unsupported
                prefix = prefixes[key] = "," + inner + encode_basestring(key) + ": "
            parts.append(prefix)
            kind = type(item)
            if kind is str:
                parts.append(encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                self.write(item, inner)
            else:
                parts.append(_scalar(item))
        parts[start] = "{" + parts[start][1:]
        parts.append(newline + "}")

    def write_list(self, value: list[Any] | tuple[Any, ...], newline: str) -> None:
        parts = self.parts
        if not value:
            parts.append("[]")
            return
        inner = newline + self.step
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            separator = "," + inner
            kind = type(item)
            if kind is str:
                parts.append(encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                self.write(item, inner)
            else:
                parts.append(_scalar(item))
        parts.append(newline + "]")


def _scalar(value: Any) -> str:
    """The JSON of text, a whole number, a boolean or ``None``."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    raise _Unsupported
