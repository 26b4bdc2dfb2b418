"""Reading YAML and JSON text into plain data, keeping the node tree for error positions.

YAML is read with YAML 1.2 semantics for a format whose every scalar is text: a plain
scalar stays the string it is written as (``no`` stays ``"no"``, ``1.10`` stays
``"1.10"``), and only an empty value, ``~`` or ``null`` is null. Anchors, aliases,
explicit tags other than the standard ones, duplicate keys and non-string keys are errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from activity_systems.errors import CaseFileError

#: Deepest nesting accepted; a case file needs about eight levels.
MAX_DEPTH = 64

_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# A cheap filter: text that may contain an anchor (&a) or alias (*a) gets an event scan.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s,\[\{:-])[&*][^\s,\[\]\{\}]", re.MULTILINE)

_Base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Composes nodes with the C parser when available; resolves only nulls implicitly."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class registry


_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column."""

    line: int
    column: int


@dataclass
class Source:
    """Parsed text: the plain data, and a way to find where any path in it is written."""

    data: Any
    root: Node | None
    path: str

    def position(self, loc: tuple[str | int, ...]) -> Position:
        """Where the value at ``loc`` is written; the deepest existing part of it."""
        node = self.root
        if node is None:
            return Position(1, 1)
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        mark = node.start_mark
        return Position(mark.line + 1, mark.column + 1)

    def key_position(self, loc: tuple[str | int, ...]) -> Position:
        """Where the key at the end of ``loc`` is written (for unknown keys)."""
        node = self.root
        if node is None:
            return Position(1, 1)
        for part in loc[:-1]:
            child = _child(node, part)
            if child is None:
                return self.position(loc)
            node = child
        if isinstance(node, MappingNode):
            for key, _ in node.value:
                if isinstance(key, ScalarNode) and key.value == loc[-1]:
                    return Position(key.start_mark.line + 1, key.start_mark.column + 1)
        return self.position(loc)


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == part:
                return value  # type: ignore[no-any-return]
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def _error(path: str, message: str, mark: Any) -> CaseFileError:
    if mark is None:
        return CaseFileError(message, path=path, line=1, column=1)
    return CaseFileError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def compose(text: str, path: str) -> Node | None:
    """The YAML node tree of ``text``; syntax errors become :class:`CaseFileError`."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if error.context and problem.startswith("but "):
            text = f"{error.context}, {problem}"
        else:
            text = f"{problem} {error.context}" if error.context else problem
        raise _error(path, f"YAML syntax error: {text}", mark) from None
    except yaml.YAMLError as error:  # pragma: no cover - reader errors carry no mark
        raise CaseFileError(f"YAML error: {error}", path=path, line=1, column=1) from None
    finally:
        loader.dispose()


def _reject_anchors(text: str, path: str) -> None:
    if not _MAYBE_ANCHOR.search(text):
        return
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise _error(
                    path,
                    f"YAML alias '*{event.anchor}' is not allowed in a case file: "
                    "write the value out in full",
                    event.start_mark,
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise _error(
                    path,
                    f"YAML anchor '&{anchor}' is not allowed in a case file: "
                    "write each value out in full",
                    event.start_mark,
                )
    except yaml.MarkedYAMLError:
        return  # compose() reports syntax errors with their position


def build(node: Node, path: str, depth: int = 0) -> Any:
    """Plain data (dict, list, str, None) from a node tree, checking tags and keys."""
    if depth > MAX_DEPTH:
        raise _error(path, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
    elif isinstance(node, SequenceNode):
        if tag == _SEQ:
            return [build(child, path, depth + 1) for child in node.value]
    elif isinstance(node, MappingNode) and tag == _MAP:
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in (_STR, _NULL):
                raise _error(path, "a key must be plain text", key.start_mark)
            name = key.value
            if name in result:
                raise _error(
                    path,
                    f"duplicate key {name!r} (first given on line {lines[name]})",
                    key.start_mark,
                )
            lines[name] = key.start_mark.line + 1
            result[name] = build(value, path, depth + 1)
        return result
    raise _error(
        path,
        f"the YAML tag {tag!r} is not allowed in a case file: remove it",
        node.start_mark,
    )


def read_yaml(text: str, path: str) -> Source:
    """Parse YAML text for a case file."""
    _reject_anchors(text, path)
    root = compose(text, path)
    if root is None:
        raise CaseFileError(
            "the file is empty: a case needs at least 'title' and 'systems'",
            path=path,
            line=1,
            column=1,
        )
    return Source(build(root, path), root, path)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJsonKey(key)
        result[key] = value
    return result


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def read_json(text: str, path: str) -> Source:
    """Parse JSON text for a case file; positions come from composing it as YAML."""
    if not text.strip():
        raise CaseFileError(
            "the file is empty: a case needs at least 'title' and 'systems'",
            path=path,
            line=1,
            column=1,
        )
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise CaseFileError(
            f"JSON syntax error: {error.msg}", path=path, line=error.lineno, column=error.colno
        ) from None
    except _DuplicateJsonKey as duplicate:
        position = _json_duplicate_position(text, duplicate.key)
        raise CaseFileError(
            f"duplicate key {duplicate.key!r}",
            path=path,
            line=position.line,
            column=position.column,
        ) from None
    except (ValueError, RecursionError) as error:
        raise CaseFileError(f"invalid JSON: {error}", path=path, line=1, column=1) from None
    return Source(data, _json_nodes(text), path)


# YAML refuses escaped surrogates that JSON accepts; blank them, keeping every position.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _json_nodes(text: str) -> Node | None:
    """The node tree of JSON text, composed as YAML, for error positions only."""
    try:
        return _Loader(_SURROGATE_ESCAPE.sub("      ", text)).get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError:
        return None  # JSON that YAML cannot compose: errors are reported at 1:1


def _json_duplicate_position(text: str, key: str) -> Position:
    root = _json_nodes(text)
    if root is None:
        return Position(1, 1)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            seen = set()
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == key and key in seen:
                    return Position(k.start_mark.line + 1, k.start_mark.column + 1)
                if isinstance(k, ScalarNode):
                    seen.add(k.value)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return Position(1, 1)
