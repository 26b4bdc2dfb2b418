"""Writing cases back to YAML and JSON: compact, deterministic, loadable to an equal case.

>>> from activity_systems import loads
>>> case = loads("title: T\\nsystems: [{id: a, subject: S, object: O, tools: [Report]}]")
>>> print(case_to_yaml(case), end="")
title: T
systems:
- id: a
  subject: S
  object: O
  tools:
  - Report
>>> loads(case_to_yaml(case)) == case
True
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from activity_systems.errors import OutputError
from activity_systems.io.atomic import check_output_path, write_atomic
from activity_systems.io.loading import Format
from activity_systems.io.yaml_syntax import (
    CONTROL_ESCAPES,
    HIDDEN_LINE_BREAK,
    TYPOGRAPHIC_QUOTES,
)
from activity_systems.model.case import Case
from activity_systems.model.slugs import slugify
from activity_systems.model.system import LIST_NODES, SINGLE_NODES, ActivitySystem


def _compact_element(data: dict[str, Any], *, label_key: str, fixed_id: str | None) -> Any:
    """Drop an id the loader would derive again; a bare label becomes a string."""
    label = data.get(label_key)
    if fixed_id is not None:
        data.pop("id", None)
    elif isinstance(label, str) and label.strip() != "?" and data.get("id") == slugify(label):
        data.pop("id")
    if set(data) == {label_key} and isinstance(label, str):
        return label
    return data


def case_to_data(case: Case) -> dict[str, Any]:
    """The case as plain data in case-file form (durations as ISO 8601)."""
    data: dict[str, Any] = case.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    for system in data["systems"]:
        for node in SINGLE_NODES:
            if node in system:
                system[node] = _compact_element(system[node], label_key="label", fixed_id=node)
        for node in LIST_NODES:
            key = "task" if node == "division_of_labour" else "label"
            if node in system:
                system[node] = [
                    _compact_element(item, label_key=key, fixed_id=None) for item in system[node]
                ]
    for exchange in data.get("exchanges", []):
        if exchange.get("id") == slugify(exchange.get("label", "")):
            exchange.pop("id")
    return data


#: A letter and a ':' as a drive letter starts a Windows path ('B:' in 'Option B:').
_DRIVE_LIKE = re.compile(r"(?<![A-Za-z])[A-Za-z]:")
#: The escapes of double quotes but those of a character by its letter that the loader
#: takes, beside a drive letter, for a Windows path ('\t', '\P': CONTROL_ESCAPES), which
#: are then written by their code ('\x09', '\u2029'): only '\"' and '\\' are left.
_BY_CODE = {
    char: letter
    for char, letter in yaml.emitter.Emitter.ESCAPE_REPLACEMENTS.items()
    if letter not in CONTROL_ESCAPES
}


class _Dumper(yaml.SafeDumper):
    """Block style, keys in model order, long text folded by PyYAML's own rules."""

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """Double quotes, where a character beside a drive letter's 'B:' is written by
        its code rather than its letter: as '\t' in 'Option B:\tliaison', the loader
        would take it for a Windows path that YAML's escapes changed, and refuse it."""
        # PyYAML looks the table up on the emitter as it writes each text
        self.ESCAPE_REPLACEMENTS = (  # type: ignore[misc]
            _BY_CODE if _DRIVE_LIKE.search(text) else yaml.emitter.Emitter.ESCAPE_REPLACEMENTS
        )
        super().write_double_quoted(text, split)


#: A '-' after a space, as alone or before a space: the start of a list item, were a
#: plain text wrapped at that space.
_WRAPPED_DASH = re.compile(r" -(?: |$)")
#: How many characters of a text are written before the 100th column wherever it
#: starts (no case-file key starts further right than the 60th): a '-' among them
#: never begins a wrapped line, so a short text keeps its plain form.
_UNWRAPPED = 40


#: A number as YAML 1.2's core schema reads one (an editor's YAML support, a YAML 1.2
#: library). PyYAML quotes what YAML 1.1 reads as something other than text ('no',
#: '010', '1:30', '1.5'); of these it writes '1e3' and '0o17' plain, which YAML 1.2
#: reads as numbers. The loader reads every plain value as text, so quoting is for any
#: other reader of the file.
_CORE_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    if style is None and _CORE_NUMBER.fullmatch(value):
        style = "'"
    if style is None and value[:1] in TYPOGRAPHIC_QUOTES:
        style = '"'  # plain, the loader would take it for a text YAML cut short
    if style is None and _WRAPPED_DASH.search(value, _UNWRAPPED):
        # wrapped at the space before it, the '-' would start a line, which the loader
        # refuses as a list item indented into the text above; quoted, it may wrap there
        style = '"'
    if HIDDEN_LINE_BREAK.search(value):
        # written as they are, the loader refuses them as line breaks that editors do
        # not show; double quotes write them as escapes (\N, \L, \P)
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def case_to_yaml(case: Case) -> str:
    """YAML text of the case."""
    return yaml.dump(
        case_to_data(case),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def case_to_json(case: Case, *, indent: int | None = 2) -> str:
    """JSON text of the case."""
    return json.dumps(case_to_data(case), indent=indent, ensure_ascii=False) + "\n"


def dump(case: Case, path: str | os.PathLike[str]) -> Path:
    """Write the case to ``path`` as YAML or JSON (by extension), atomically.

    The file loads back to an equal case. It holds what the case holds, not the file the
    case came from: comments and layout are not kept, durations are written in ISO 8601
    (``P6W``), and ids the loader would derive from their labels are left out. An
    existing file is replaced (the old one stays whole if writing fails), so give a
    changed case a new name to keep a commented original.

    A case file holds a case: to write one system of a case, write the case of that
    system alone, ``dump(case.subcase(["court"]), "court.yaml")``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = dump(case.subcase(["court"]), Path(folder, "court.yaml"))
    ...     print(written.name, [system.id for system in load(written).systems])
    court.yaml ['court']

    Returns:
        The path written.

    Raises:
        TypeError: for anything but a :class:`~activity_systems.Case` (a system, its
            data, a path), saying how to make a case of it.
        OutputError: for a path that is a folder (or a name ending in a slash), or whose
            folder does not exist; or for a name that ends in neither ``.yaml``, ``.yml``
            nor ``.json``, the extensions a case file is written with. A folder comes
            first, so that it is not told that it lacks an extension.
    """
    if not isinstance(case, Case):
        raise TypeError(_not_a_case(case, path))
    target = check_output_path(path)
    text = case_to_json(case) if _written_as(target) == "json" else case_to_yaml(case)
    return write_atomic(target, text.encode("utf-8"))


def _written_as(target: Path) -> Format:
    """``"yaml"`` or ``"json"``, as the output's name asks.

    >>> _written_as(Path("court.yml"))
    'yaml'
    >>> _written_as(Path("court.txt"))
    Traceback (most recent call last):
    activity_systems.errors.OutputError: court.txt: cannot write a case file with the \
extension '.txt': use .yaml, .yml or .json
    """
    suffix = target.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    what = f"the extension {suffix!r}" if suffix else "no extension"
    raise OutputError(f"{target}: cannot write a case file with {what}: use .yaml, .yml or .json")


def _not_a_case(given: object, path: object) -> str:
    """What :func:`dump` says when ``given`` is not a case, and how to make one of it."""
    refused = f"dump() takes a Case, not {type(given).__name__}"
    if isinstance(given, ActivitySystem):
        return (
            f"{refused}: write the case of system {given.id!r} alone, "
            f"dump(case.subcase([{given.id!r}]), ...), or make a case of it, "
            "dump(Case(title=..., systems=[system]), ...)"
        )
    if isinstance(path, Case):
        return f"{refused}: the case comes first, dump(case, path)"
    if isinstance(given, dict):
        return f"{refused}: make a case of the data first, Case.model_validate(data)"
    return refused
