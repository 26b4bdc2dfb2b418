"""The JSON Schema of the case file (Draft 7), for editors and validators.

It comes in two forms, for the two formats of case files. In YAML a plain ``2024``,
``1.10`` or ``true`` is text to the loader, but a number or a boolean to an editor, which
reads YAML 1.2's core schema: the schema for YAML (the default) lets them stand for text
and ids. In JSON they are numbers and booleans, which the loader refuses, and so does the
schema for JSON.

>>> schema = case_schema()
>>> schema["$schema"]
'http://json-schema.org/draft-07/schema#'
>>> sorted(schema["required"])
['systems', 'title']
>>> schema["properties"]["title"]["type"], case_schema("json")["properties"]["title"]["type"]
(['string', 'number', 'boolean'], 'string')
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from activity_systems.errors import ArgumentError
from activity_systems.io.schema_messages import STRICT_END, explain_patterns, strict_end
from activity_systems.model.case import Case
from activity_systems.model.relations import (
    DECLARED_PATTERN,
    LEVEL_MEANINGS,
    SOI_DESCRIPTIONS,
    TIME_REFERENCE_PATTERN,
)
from activity_systems.model.slugs import SLUG_PATTERN
from activity_systems.model.system import SINGLE_NODES
from activity_systems.model.types import LABEL_JSON_SCHEMA, REFERENCE_PATTERN
from activity_systems.vocab import shipped_vocabulary

DRAFT_7 = "http://json-schema.org/draft-07/schema#"
#: The format of the case files a schema checks.
Format = Literal["yaml", "json"]
#: Each schema's ``$id``.
_IDS: dict[Format, str] = {
    "yaml": "https://activity-systems.invalid/case.schema.json",
    "json": "https://activity-systems.invalid/case-json.schema.json",
}
#: What the schema says of the format it is for, after what a case file is.
_FOR: dict[Format, str] = {
    "yaml": " This schema is for YAML case files: there a plain number or true/false is "
    "text (title: 2024, label: 1.10), so text and ids also take numbers and booleans. For "
    "JSON case files, where they are refused, use 'activity-systems schema --for json'.",
    "json": " This schema is for JSON case files, where every text and id is a string "
    "(\"1.10\"); for YAML case files use 'activity-systems schema'.",
}
# Models that a plain string may stand for (it becomes the label); their id is optional.
_ELEMENTS = ("Element", "ObjectElement", "Tool", "Rule", "Task")
#: Titles of the definitions that are not their class's name in words.
_TITLES = {"ObjectElement": "Object", "FindingReference": "Finding by rule and elements"}


class Draft7(GenerateJsonSchema):
    def generate(self, schema: Any, mode: Any = "validation") -> Any:
        result = super().generate(schema, mode=mode)
        return _to_draft7(result)


def _to_draft7(node: Any) -> Any:
    """Rewrite 2020-12 keywords Pydantic emits into their Draft 7 forms."""
    if isinstance(node, list):
        return [_to_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _to_draft7(value) for key, value in node.items()}
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    if "$ref" in out and len(out) > 1:
        # Draft 7 ignores siblings of $ref: keep them by wrapping.
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def _derived_id(definition: dict[str, Any]) -> None:
    """An id derived from the label when omitted: not required, and with no default to
    fill in (the model's default only tells type checkers that it may be left out)."""
    definition["required"] = [k for k in definition.get("required", []) if k != "id"]
    definition.get("properties", {}).get("id", {}).pop("default", None)


def _label_or_task(definition: dict[str, Any]) -> None:
    """A task's text under ``task`` or, as for other elements, ``label``: one of the two,
    as the loader takes it."""
    properties = definition["properties"]
    properties["label"] = {
        **properties["task"],
        "title": "Label",
        "description": "The task, as 'task' gives it: give one of the two.",
    }
    definition["required"] = [k for k in definition.get("required", []) if k != "task"]
    if not definition["required"]:
        del definition["required"]
    definition["oneOf"] = [{"required": ["task"]}, {"required": ["label"]}]


def _fixed_ids(system: dict[str, Any]) -> None:
    """The subject, object and outcome of a system, written as a mapping, have their node's
    name as their id, if any is given (``object: {id: object, ...}``)."""
    for node in SINGLE_NODES:
        fixed = {
            "properties": {
                "id": {
                    "const": node,
                    "description": f"Always {node!r}, the {node}'s fixed id; may be left out.",
                }
            }
        }
        _also(system["properties"][node], fixed)


def _value_tags(definitions: dict[str, Any]) -> None:
    """The shipped value tags as the examples of each element's ``values``, which an
    editor offers to pick (VS Code's YAML extension does): a tag typed from memory is
    easily one the check does not know. A tag of the case's own is still taken."""
    tags = sorted(shipped_vocabulary().tags)
    for definition in definitions.values():
        for form in [definition, *definition.get("anyOf", [])]:
            values = form.get("properties", {}).get("values")
            if values is not None and "items" in values:
                values["items"]["examples"] = tags


#: Examples of each key whose value is written to a pattern (an id, a reference, a
#: content item, a rule id, a finding key, a language tag), by definition (``#``: the
#: case) and key: an editor shows them where the pointer rests on the key, where the
#: pattern would tell little. They are the court case's of the docs, so that they read
#: as one case; a label, free text, has none.
_EXAMPLES: dict[tuple[str, str], list[str]] = {
    ("#", "language"): ["en", "cy"],
    ("Action", "finding"): ["AS101-3705b555c6"],
    ("DeclaredContradiction", "between"): ["court.object", "court.targets", "court-report"],
    ("ActivitySystem", "id"): ["court", "mhs"],
    ("ActivitySystem", "advances"): ["local"],
    ("Element", "id"): ["defence-lawyers"],
    ("Exchange", "id"): ["court-report"],
    ("Exchange", "from"): ["mhs"],
    ("Exchange", "to"): ["court"],
    ("Exchange", "expects"): ["diagnosis", "sentencing-advice"],
    ("Exchange", "provides"): ["diagnosis"],
    ("Exchange", "produced_with"): ["mhs.report"],
    ("Exchange", "requested_with"): ["court.request"],
    ("FindingReference", "rule"): ["AS101"],
    ("LeftOut", "rule"): ["AS602"],
    ("ObjectElement", "id"): ["object"],
    ("Rule", "id"): ["targets", "confidentiality"],
    ("Rule", "withholds"): ["medical-history"],
    ("Rule", "applies_to"): ["request"],
    ("Task", "id"): ["full-assessment-and-report"],
    ("Task", "by"): ["subject", "community-psychiatric-nurses"],
    ("Task", "produces"): ["court-report"],
    ("Tool", "id"): ["report", "request"],
    ("Tool", "provides"): ["diagnosis", "treatment-recommendation"],
}


def _patterned(node: dict[str, Any]) -> dict[str, Any] | None:
    """The first form of ``node`` (itself, a choice, its items) that holds a pattern."""
    if "pattern" in node:
        return node
    forms = [*node.get("anyOf", []), *node.get("allOf", [])]
    if isinstance(node.get("items"), dict):
        forms.append(node["items"])
    for form in forms:
        found = _patterned(form)
        if found is not None:
            return found
    return None


def _examples(schema: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Each key of :data:`_EXAMPLES` given its examples, on the form its pattern is on
    (a list's items: an example is one item)."""
    for (name, key), examples in _EXAMPLES.items():
        definition = schema if name == "#" else definitions[name]
        for form in [definition, *definition.get("anyOf", [])]:
            value = form.get("properties", {}).get(key)
            if value is None:
                continue
            patterned = _patterned(value)
            if patterned is None:  # pragma: no cover - a key of the table without one
                raise AssertionError(f"{name}.{key} has no pattern to give examples of")
            patterned["examples"] = list(examples)


def _also(node: dict[str, Any], extra: dict[str, Any]) -> None:
    """``extra`` applied beside the reference to a definition in ``node``'s ``allOf``,
    or each one in its ``anyOf``."""
    if any("$ref" in form for form in node.get("allOf", [])):
        node["allOf"].append(extra)
    for position, form in enumerate(node.get("anyOf", [])):
        if "$ref" in form:
            node["anyOf"][position] = {"allOf": [form, extra]}


def _ends_at_the_end(node: Any) -> Any:
    """Every pattern (and pattern of a key) that ends with ``$`` ending with
    :data:`~activity_systems.io.schema_messages.STRICT_END` instead, so that no validator
    takes a value followed by a line break.

    >>> _ends_at_the_end({"pattern": "^[a-z]+$", "patternProperties": {"^x$": {}}})
    {'pattern': '^[a-z]+$(?!\\\\n)', 'patternProperties': {'^x$(?!\\\\n)': {}}}
    """
    if isinstance(node, list):
        return [_ends_at_the_end(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _ends_at_the_end(value) for key, value in node.items()}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = strict_end(out["pattern"])
    if isinstance(out.get("patternProperties"), dict):
        out["patternProperties"] = {
            strict_end(key): value for key, value in out["patternProperties"].items()
        }
    return out


#: The patterns of a reference, ``<system>.<element-id>``, as the schema writes them:
#: alone, and as ``takes`` and ``needed_within`` take one, with spaces around it.
_REFERENCES = frozenset({strict_end(REFERENCE_PATTERN), strict_end(TIME_REFERENCE_PATTERN)})


def _for_yaml(node: Any) -> Any:
    """The schema for YAML case files: each text and id (a string with no pattern, a
    label's pattern or an id's) may also be what an editor reads a plain scalar as, a
    number or a boolean, which the loader reads as the text written. A duration, a key,
    an enumerated value or a date takes none.

    An id takes any number not below zero (``-1`` is no id): ``1e-3`` and ``15e-1`` are
    ids to the loader, and 0.001 and 1.5 to an editor, so that a number with a fraction
    may have been written as an id, and ``1e400`` is more than a number holds. As a
    decision, ``id: 1.5`` is therefore not marked by an editor, only refused when the
    case loads. A reference takes a number with a fraction (``takes: 2024.5``, the tool
    ``5`` of the system ``2024``), but no whole number: ``takes: 6`` is a duration
    without its unit far more often than a reference to an element whose id is ``0``
    (``2024.0``), which is written quoted.

    >>> _for_yaml({"anyOf": [{"type": "string"}, {"type": "null"}]})
    {'anyOf': [{'type': ['string', 'number', 'boolean']}, {'type': 'null'}]}
    """
    if isinstance(node, list):
        return [_for_yaml(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _for_yaml(value) for key, value in node.items()}
    if out.get("type") != "string" or "enum" in out or "format" in out:
        return out
    pattern = out.get("pattern")
    if pattern is None or pattern == LABEL_JSON_SCHEMA["pattern"]:
        out["type"] = ["string", "number", "boolean"]
    elif pattern in (strict_end(SLUG_PATTERN), strict_end(DECLARED_PATTERN)):
        # What a declared contradiction names is an exchange id (``2024``, ``true``) or a
        # reference (``2024.5``): it takes what an id takes.
        out["type"] = ["string", "number", "boolean"]
        out["minimum"] = 0
    elif pattern in _REFERENCES:
        out["type"] = ["string", "number"]
        out["minimum"] = 0
        out["not"] = _WHOLE_NUMBER
    return out


#: What a reference is not in the schema for YAML: a whole number (see :func:`_for_yaml`).
_WHOLE_NUMBER: dict[str, Any] = {"type": "integer"}


#: Keywords that a form may hold and still be written as one schema that also takes
#: nothing: each but ``type`` and ``enum`` applies to values of its own type alone.
_SIMPLE = frozenset(
    {
        "type",
        "enum",
        "pattern",
        "format",
        "minLength",
        "maxLength",
        "minimum",
        "items",
        "uniqueItems",
        "description",
        "examples",
    }
)


def _simple(form: dict[str, Any]) -> bool:
    """Whether ``form`` holds only keywords of :data:`_SIMPLE`, or a ``not`` of whole
    numbers (a reference's, in the schema for YAML), which takes nothing too."""
    return set(form) - {"not"} <= _SIMPLE and form.get("not", _WHOLE_NUMBER) == _WHOLE_NUMBER


def nullable(node: Any) -> Any:
    """Each choice of one simple form or nothing (``anyOf: [{type: string}, {type:
    null}]``, as Pydantic writes an optional value) written as one schema whose type
    also takes ``null``: the same values, but an editor shows a choice's title once
    for each form where the pointer rests on the key (``Description || Description``).
    A form that refers to a definition stays a choice.

    >>> nullable({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "null"}], "title": "K"})
    {'title': 'K', 'type': ['string', 'null'], 'enum': ['a', None]}
    """
    if isinstance(node, list):
        return [nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: nullable(value) for key, value in node.items()}
    forms = out.get("anyOf")
    if not (isinstance(forms, list) and len(forms) == 2 and {"type": "null"} in forms):
        return out
    form = forms[1 - forms.index({"type": "null"})]
    if not (isinstance(form, dict) and "type" in form and _simple(form)):
        return out
    types = form["type"] if isinstance(form["type"], list) else [form["type"]]
    merged = {key: value for key, value in out.items() if key != "anyOf"}
    for key, value in form.items():
        if key != "description" or "description" not in merged:
            merged[key] = value
    merged["type"] = [*types, "null"]
    if "enum" in form:
        merged["enum"] = [*form["enum"], None]
    return merged


def _human_title(name: str) -> str:
    """A definition's or a key's title in the case file's words: ``ActivitySystem`` →
    ``Activity system``, ``division_of_labour`` → ``Division of labour``.

    >>> _human_title("ActivitySystem"), _human_title("division_of_labour")
    ('Activity system', 'Division of labour')
    """
    if name in _TITLES:
        return _TITLES[name]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").strip()
    return words[:1].upper() + words[1:].lower()


def plain_description(text: str) -> str:
    """A description without the examples of a docstring (``>>>`` and what follows),
    which are Python, not the case file.

    >>> plain_description("The levels.\\n\\n>>> Level.LINKAGE\\nLevel.LINKAGE")
    'The levels.'
    """
    lines = text.splitlines()
    cut = next((n for n, line in enumerate(lines) if line.lstrip().startswith(">>>")), None)
    return "\n".join(lines[:cut]).strip()


#: A cross-reference of the API docs in a docstring, ``:attr:`Report.rules_failed``` or
#: ``:class:`~activity_systems.Report```: its target is the text a description keeps.
_ROLE = re.compile(r":[a-z]+:`(~?)([^`]+)`")


def docstring_text(text: str) -> str:
    """A docstring as a description of the JSON a model is written as: without its
    examples, and a cross-reference of the API docs written as the name it shows
    (``Report.rules_failed``; ``Report`` for a ``~``), since an editor or a validator
    shows the text as it is.

    >>> docstring_text("As :attr:`Report.rules_failed` and :class:`~activity_systems.Report`.")
    'As Report.rules_failed and Report.'
    """

    def shown(match: re.Match[str]) -> str:
        target = match[2]
        return target.rsplit(".", 1)[-1] if match[1] else target

    return _ROLE.sub(shown, plain_description(text))


def as_written(definition: dict[str, Any]) -> None:
    """A model's definition as the JSON written from it (a report, a comparison) is:
    every key required, none with a default (there is nothing to fill in), unknown keys
    allowed, and descriptions without a docstring's examples, with null for ``None``."""
    properties = definition.get("properties", {})
    for value in properties.values():
        value.pop("default", None)
        if isinstance(value.get("description"), str):
            value["description"] = docstring_text(value["description"].replace("None", "null"))
    definition["required"] = list(properties)
    definition.pop("additionalProperties", None)
    if isinstance(definition.get("description"), str):
        definition["description"] = docstring_text(
            definition["description"].replace("None", "null")
        )


def unquoted(node: Any) -> Any:
    """Descriptions without the docstrings' double backquotes around code, which an
    editor or a validator would show as they are: ``null`` reads as null.

    >>> unquoted({"description": "Its name (``null`` for none).", "title": "``x``"})
    {'description': 'Its name (null for none).', 'title': '``x``'}
    """
    if isinstance(node, list):
        return [unquoted(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: value.replace("``", "")
        if key == "description" and isinstance(value, str)
        else unquoted(value)
        for key, value in node.items()
    }


def written_definitions(model: type[BaseModel]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema of the JSON a model is written as (a report, a comparison), and the
    definitions of its parts, by name, each :func:`as_written`; references point into
    the Draft 7 ``definitions``."""
    schema = model.model_json_schema(
        mode="serialization", ref_template="#/definitions/{model}", schema_generator=Draft7
    )
    definitions: dict[str, Any] = schema.pop("$defs", {})
    for definition in definitions.values():
        as_written(definition)
    as_written(schema)
    return schema, definitions


def written_object(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """An object of the written JSON whose every key is written, so required.

    >>> written_object("Counts.", {"new": {"type": "integer"}})["required"]
    ['new']
    """
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
    }


def written_schema(
    *,
    schema_id: str,
    title: str,
    description: str,
    properties: dict[str, Any],
    definitions: dict[str, Any],
) -> dict[str, Any]:
    """The whole schema of a written JSON (a report, a comparison), every key required,
    the definitions by name, nullable as Draft 7 reads it and without the docstrings'
    double backquotes."""
    whole = {
        "$schema": DRAFT_7,
        "$id": schema_id,
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "definitions": dict(sorted(definitions.items())),
    }
    result: dict[str, Any] = unquoted(nullable(whole))
    return result


def schema_json(schema: dict[str, Any]) -> str:
    """A schema as the ``schema`` command prints it: indented JSON text."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _tooltips(node: Any) -> None:
    """Descriptions without doctests, and each key titled in words (``Needed within``,
    not ``Needed Within``): editors show them when the pointer rests on a key."""
    if isinstance(node, list):
        for item in node:
            _tooltips(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("description"), str):
        node["description"] = plain_description(node["description"])
    for key, value in node.get("properties", {}).items():
        if isinstance(value, dict):
            value["title"] = _human_title(key)
    for value in node.values():
        _tooltips(value)


def _titled_definitions(definitions: dict[str, Any]) -> None:
    """Each definition titled in words, as the case file names it (``Shared object``),
    not as Python names its class (``SharedObject``)."""
    for name, definition in definitions.items():
        definition["title"] = _human_title(name)
        for form in definition.get("anyOf", []):
            if form.get("type") == "object":
                form["title"] = _human_title(name)


def case_schema(format: Format = "yaml") -> dict[str, Any]:
    """The JSON Schema (Draft 7 compatible) of a case file: of YAML case files, where a
    plain number or true/false is text (``title: 2024``), or with ``format="json"``, of
    JSON case files, where text is a string (``"title": "2024"``).

    >>> schema = case_schema()
    >>> schema["title"], schema["required"]
    ('activity-systems case file', ['title', 'systems'])

    Raises:
        ArgumentError: (a ``ValueError``) for a ``format`` other than ``"yaml"`` or
            ``"json"``.
    """
    if format not in _IDS:
        raise ArgumentError(f"format must be 'yaml' or 'json', not {format!r}")
    schema = Case.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", schema_generator=Draft7
    )
    definitions = schema.pop("$defs", {})
    for name in _ELEMENTS:
        definition = definitions.get(name)
        if definition is None:
            continue
        _derived_id(definition)
        definitions[name] = {
            "anyOf": [{**LABEL_JSON_SCHEMA, "description": "The element's label."}, definition],
        }
    tension = definitions.get("ValueTension")
    if tension is not None:
        slug = {"type": "string", "pattern": SLUG_PATTERN}
        tension.pop("description", None)
        definitions["ValueTension"] = {
            "description": 'Two value tags in tension and why: [tag, tag, "why"], or '
            '{between: [tag, tag], rationale: "why"}.',
            "anyOf": [
                {
                    "type": "array",
                    "items": [slug, slug, {"type": "string"}],
                    "minItems": 3,
                    "additionalItems": False,
                },
                tension,
            ],
        }
    task = definitions.get("Task")
    if task is not None:
        _label_or_task(task["anyOf"][1])
    system = definitions.get("ActivitySystem")
    if system is not None:
        _fixed_ids(system)
    exchange = definitions.get("Exchange")
    if exchange is not None:
        _derived_id(exchange)
    _titled_definitions(definitions)
    _value_tags(definitions)
    _examples(schema, definitions)
    _tooltips(schema)
    _tooltips(definitions)
    schema["title"] = "activity-systems case file"
    schema["description"] = (
        "One or more Engeström activity systems and what passes between them "
        "(exchanges, shared object, integration assessments, declared contradictions). "
        "Loading the case checks more than this schema can: that references name "
        "something, that an id is given once and that a range does not run backwards."
        + _FOR[format]
    )
    whole = {
        "$schema": DRAFT_7,
        "$id": _IDS[format],
        **schema,
        "definitions": dict(sorted(definitions.items())),
    }
    result: dict[str, Any] = _ends_at_the_end(whole)
    if format == "yaml":
        result = _for_yaml(result)
    merged: dict[str, Any] = _no_empty_defaults(nullable(result))
    _empty_means_left_out(merged)
    _described_values(merged)
    _safe_text(merged)
    explain_patterns(merged)
    return merged


#: What no text of a case file may hold, as loading refuses it (see
#: :func:`activity_systems.model.types.check_text`): a control character other than tab
#: and line breaks, a bidirectional embedding, override or isolate. Written with escapes,
#: which Python's ``re`` and ECMA-262 (editors') both read. A lone surrogate, which loading
#: refuses too, is left to loading, as a decision: a validator that reads a pattern as
#: UTF-16 code units without Unicode mode would take each half of an emoji for one.
SAFE_TEXT: dict[str, Any] = {
    "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
    "\\u202a-\\u202e\\u2066-\\u2069]*" + STRICT_END,
    "patternErrorMessage": "holds a control character or a bidirectional override "
    "(U+202A-U+202E, U+2066-U+2069), which can hide or disguise what the text says and "
    "which loading refuses: remove it",
}


def _safe_text(node: Any) -> None:
    """Each text (free text, a label) also checked for what no text may hold, beside its
    own pattern: an editor marks a right-to-left override pasted into a label, which it
    showed as nothing. ``patternErrorMessage`` is the message VS Code's editors give in
    place of the pattern's, which says little; validators ignore it. An id, a reference,
    a duration or a date is written to a pattern that takes none of these characters.

    >>> text = {"type": "string"}
    >>> _safe_text({"properties": {"note": text}})
    >>> text["allOf"] == [SAFE_TEXT]
    True
    """
    if isinstance(node, list):
        for item in node:
            _safe_text(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _safe_text(value)
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    free = "pattern" not in node or node["pattern"] == _LABEL_PATTERN
    if "string" in kinds and free and not ({"enum", "format", "const"} & set(node)):
        node["allOf"] = [*node.get("allOf", []), dict(SAFE_TEXT)]


#: A label's pattern as the schema writes it (one character at least that is no space).
_LABEL_PATTERN = strict_end(LABEL_JSON_SCHEMA["pattern"])


def _value_meanings() -> dict[tuple[str, ...], dict[str, str]]:
    """What each value of a list of levels means, by the list's values in order."""
    count = len(SOI_DESCRIPTIONS)
    soi = {
        str(level): f"{means} (level {rank} of {count})."
        for rank, (level, means) in enumerate(SOI_DESCRIPTIONS.items(), start=1)
    }
    contradictions: dict[str, str] = {
        level: f"{means[:1].upper()}{means[1:]}." for level, means in LEVEL_MEANINGS.items()
    }
    return {tuple(soi): soi, tuple(contradictions): contradictions}


def _described_values(node: Any) -> None:
    """Each list of levels (of contradiction, of the Scale of Organisational Integration)
    given ``enumDescriptions``, what each level means, in the list's order: VS Code's
    editors show it beside each value they offer, where the values alone, ``tertiary``,
    ``cooperation``, said nothing of what they stand for. Validators ignore the keyword.
    The other lists (``kind``, ``basis``, ``status``) are their meaning already.

    >>> node = {"enum": ["primary", "secondary", "tertiary", "quaternary"]}
    >>> _described_values(node)
    >>> node["enumDescriptions"][0]
    'Inside one node of one system.'
    """
    if isinstance(node, list):
        for item in node:
            _described_values(item)
        return
    if not isinstance(node, dict):
        return
    values = node.get("enum")
    if isinstance(values, list):
        meanings = _value_meanings().get(tuple(v for v in values if v is not None))
        if meanings is not None:
            node["enumDescriptions"] = [
                meanings[v] if v is not None else "Left out." for v in values
            ]
    for value in node.values():
        _described_values(value)


#: Keys that may be left out without a default the schema shows: their empty value
#: reads as left out too (``value_aliases:`` as no aliases, ``id:`` as made from the label).
_LEFT_OUT_WITHOUT_DEFAULT = frozenset({"value_aliases", "id"})


def _empty_means_left_out(node: Any) -> None:
    """Let each key that may be left out, and then holds something (an empty list,
    ``basis: core``), also take ``null``: the case file reads ``tools:`` with nothing
    after it as ``tools`` left out, and an editor checking with this schema should not
    mark it.

    >>> schema = {"properties": {"tools": {"type": "array", "default": []}}}
    >>> _empty_means_left_out(schema)
    >>> schema["properties"]["tools"]["type"]
    ['array', 'null']
    """
    if isinstance(node, list):
        for item in node:
            _empty_means_left_out(item)
        return
    if not isinstance(node, dict):
        return
    required = set(node.get("required", ()))
    for key, value in node.get("properties", {}).items():
        if key in required or not isinstance(value, dict):
            continue
        has_default = value.get("default") is not None
        if not (has_default or key in _LEFT_OUT_WITHOUT_DEFAULT):
            continue
        if "const" in value:  # the subject's ``id``, which is always ``subject``
            value["enum"] = [value.pop("const"), None]
            continue
        if "type" not in value:
            continue
        kinds = value["type"] if isinstance(value["type"], list) else [value["type"]]
        if "null" not in kinds:
            value["type"] = [*kinds, "null"]
        if "enum" in value and None not in value["enum"]:
            value["enum"] = [*value["enum"], None]
    for value in node.values():
        _empty_means_left_out(value)


def _no_empty_defaults(node: Any) -> Any:
    """``node`` without the defaults of nothing (``default: null``) that Pydantic writes
    for a key that may be left out: an editor completes a key with its default, and
    ``description: null`` is to be typed over, where a key left out is nothing already.

    >>> _no_empty_defaults({"properties": {"note": {"type": "string", "default": None}}})
    {'properties': {'note': {'type': 'string'}}}
    """
    if isinstance(node, list):
        return [_no_empty_defaults(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _no_empty_defaults(value)
        for key, value in node.items()
        if not (key == "default" and value is None)
    }


def case_schema_json(format: Format = "yaml") -> str:
    """The schema (see :func:`case_schema`) as indented JSON text."""
    return schema_json(case_schema(format))
