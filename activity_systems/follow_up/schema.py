"""The JSON Schema (Draft 7) of the comparison's JSON, ``activity-systems/comparison``
version 1: what ``compare --format json`` prints and :meth:`Comparison.to_json
<activity_systems.follow_up.Comparison.to_json>` writes, for a consumer to validate
against (``activity-systems schema --comparison``).

It is made as the report's (:func:`~activity_systems.report_schema`) is, from the models
the comparison is written from (:class:`~activity_systems.follow_up.Comparison` and its
parts), their types, values and descriptions; a finding is the report's finding, the
same definition. The comparison's JSON is not the models' fields one for one, though:
each part's ``to_dict`` renames a few (an action's ``finding_key`` is ``finding``),
writes some from others (a move's ``remaining`` and ``position``) and groups the lists
(``findings``, ``changes``). Those keys are written here, beside the models' fields, and
:func:`comparison_schema` fails when a model gains a field that it does not place, so
the schema cannot fall behind the models unnoticed. The decisions are the report
schema's, and the comparison's contract:

- every key is required, as the comparison writes every one of them, a ``null`` or an
  empty list included;
- a key the schema does not know is allowed, anywhere: a later version may add one
  beside the others without raising ``version``;
- an action's ``fate`` and ``unchecked_because`` take any text, and ``counts.actions``
  any fate beside the known ones, since a new fate or a new reason does not raise
  ``version`` either (a reader takes a fate it does not know for neither resolved nor
  persisting); the known ones are the schema's ``examples``.

>>> schema = comparison_schema()
>>> schema["properties"]["format"]["const"], schema["properties"]["version"]["const"]
('activity-systems/comparison', 1)
>>> schema["definitions"]["Finding"] == report_schema()["definitions"]["Finding"]
True
"""

from __future__ import annotations

import copy
from typing import Any, get_args

from pydantic import BaseModel

from activity_systems.follow_up.comparison import (
    COMPARISON_FORMAT,
    COMPARISON_VERSION,
    FINDING_FATES,
    ActionProgress,
    Comparison,
    ElementChange,
    FieldDifference,
    IntegrationMove,
    ItemChange,
    LeftOutOfComparison,
)
from activity_systems.io.schema import (
    docstring_text,
    schema_json,
    written_definitions,
    written_object,
    written_schema,
)
from activity_systems.rules.action_review import Unchecked
from activity_systems.rules.report_schema import report_schema

#: The schema's ``$id``: a name, never fetched (as the report schema's).
COMPARISON_SCHEMA_ID = "https://activity-systems.invalid/comparison.schema.json"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/definitions/{name}"}


def _array(name: str, description: str) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": _ref(name)}


def _or_null(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}], "description": description}


def _doc(model: type[BaseModel], name: str) -> str:
    """The docstring of a model's property, as a description."""
    text = " ".join(docstring_text(getattr(model, name).__doc__ or "").split())
    return text.replace("``None``", "null")


def _placed(model: type[BaseModel], written: dict[str, Any], renamed: dict[str, str]) -> None:
    """Fail unless every field of ``model`` is written, under its name or the one
    ``renamed`` gives it: a field added to a model must be placed in the schema too."""
    missing = [name for name in model.model_fields if renamed.get(name, name) not in written]
    if missing:
        raise AssertionError(f"the schema places no {', '.join(missing)} of {model.__name__}")


def _counts() -> dict[str, Any]:
    """``counts`` as :meth:`Comparison.to_data` writes it: the findings of each list and
    the actions of each fate, every name present even when it counts none."""
    number: dict[str, Any] = {"type": "integer", "minimum": 0}
    findings = {name: dict(number) for name in ("resolved", "persisting", "new", "unassessed")}
    fates: dict[str, Any] = {name: dict(number) for name in FINDING_FATES}
    return written_object(
        "Derived from the lists (nothing reads it back): every name present, even when it "
        "counts none.",
        {
            "findings": written_object("The findings of each list under 'findings'.", findings),
            "actions": {
                **written_object(
                    "The actions by the fate of their finding; a later version may count "
                    "a new fate beside these.",
                    fates,
                ),
                "additionalProperties": number,
            },
        },
    )


def _definitions() -> dict[str, Any]:
    """The definitions of the comparison's parts, each with its keys in the order its
    ``to_dict`` writes them."""
    schema, models = written_definitions(Comparison)
    models["Comparison"] = schema
    fields = {name: model.get("properties", {}) for name, model in models.items()}
    definitions: dict[str, Any] = {
        "Finding": report_schema()["definitions"]["Finding"],
        "FieldDifference": models["FieldDifference"],
        "IntegrationLevel": models["IntegrationLevel"],
        "LeftOutOfComparison": models["LeftOutOfComparison"],
        "FailedRule": models["FailedRule"],
    }

    finding = definitions["Finding"]["properties"]
    persisting = {
        **copy.deepcopy(finding),
        "previous_severity": {
            **copy.deepcopy(finding["severity"]),
            "description": "The severity in the earlier version.",
        },
        "previous_level": {
            **copy.deepcopy(finding["level"]),
            "description": "The level in the earlier version; null outside contradictions.",
        },
        "previous_key": {
            **copy.deepcopy(finding["key"]),
            "description": "The key in the earlier version: the same but for a declared "
            "contradiction that a rule started or stopped finding, or whose key moved to "
            "or from the entry listed first, and a finding whose element's id changed.",
        },
    }
    definitions["PersistingFinding"] = {
        **{k: v for k, v in models["PersistingFinding"].items() if k != "properties"},
        "description": "A finding reported in both versions, as the later version reports "
        "it, with its earlier severity, level and key.",
        "properties": persisting,
        "required": list(persisting),
    }

    levels = written_object(
        "The pair's levels in one version.",
        {
            "current": {**_ref("IntegrationLevel"), "description": "The level now."},
            "desired": {**_ref("IntegrationLevel"), "description": "The level wanted."},
        },
    )
    # no type of its own: a move's before and after take null too, and a wrong level is
    # still named where it stands (after/current), not as a choice that none matched
    del levels["type"]
    definitions["IntegrationLevels"] = levels
    move = fields["IntegrationMove"]
    moved = {
        "between": move["between"],
        "before": {
            "type": ["object", "null"],
            "allOf": [_ref("IntegrationLevels")],
            "description": "The earlier levels; null: not assessed.",
        },
        "after": {
            "type": ["object", "null"],
            "allOf": [_ref("IntegrationLevels")],
            "description": "The later levels; null: not assessed.",
        },
        "direction": move["direction"],
        "steps": move["steps"],
        "remaining": _or_null(
            {"type": "integer", "minimum": 0}, _doc(IntegrationMove, "remaining")
        ),
        "position": _or_null(
            {"type": "string", "enum": ["below", "at", "above"]},
            _doc(IntegrationMove, "position"),
        ),
    }
    _placed(IntegrationMove, moved, {})
    definitions["IntegrationMove"] = {**models["IntegrationMove"], "properties": moved}
    definitions["IntegrationMove"]["required"] = list(moved)

    change = fields["ItemChange"]
    _placed(ItemChange, change, {})
    definitions["ItemChange"] = models["ItemChange"]
    element = fields["ElementChange"]
    ordered = {
        "system": element["system"],
        "node": element["node"],
        **{name: element[name] for name in change},
        "previous_label": element["previous_label"],
        "previous_id": element["previous_id"],
    }
    required = list(ordered)
    # written only for an element added in place of one removed: not required
    ordered["in_place_of"] = {
        "title": "In Place Of",
        "type": "string",
        "description": element["in_place_of"]["description"],
    }
    _placed(ElementChange, ordered, {})
    definitions["ElementChange"] = {**models["ElementChange"], "properties": ordered}
    definitions["ElementChange"]["required"] = required

    action = fields["ActionProgress"]
    value = copy.deepcopy(fields["FieldDifference"]["before"])
    value.pop("description", None)
    reasons = list(get_args(Unchecked))
    written = {
        "finding": {
            **action["finding_key"],
            "title": "Finding",
            "description": "The key of the finding it names.",
        },
        "rule": {"type": "string", "description": _doc(ActionProgress, "rule")},
        "strategy": action["strategy"],
        "owner": action["owner"],
        "review": action["review"],
        "note": action["note"],
        "status": action["status"],
        "previous_status": action["previous_status"],
        "previous_finding": {**action["previous_finding_key"], "title": "Previous Finding"},
        "previous": {
            "type": "object",
            "description": "For an action of both versions: the earlier strategy, owner "
            "or review date (YYYY-MM-DD) of those that changed, by name, null where it was "
            "not set; its earlier status is previous_status.",
            # the three it writes today, typed as the action's own; a key a later
            # version adds passes, as the earlier value of a case file's field
            "properties": {
                "strategy": {"type": ["string", "null"]},
                "owner": {"type": ["string", "null"]},
                "review": {"type": ["string", "null"], "format": "date"},
            },
            "additionalProperties": value,
        },
        "fate": {
            "type": "string",
            "description": "What became of its finding; a later version may add a fate, "
            "which a reader takes for neither resolved nor persisting.",
            "examples": list(FINDING_FATES),
        },
        "message": {
            "type": ["string", "null"],
            "description": "The message of the finding as last reported; null when "
            "neither version reports it.",
        },
        "missing": action["missing"],
        "probably_means": {
            "type": ["string", "null"],
            "description": "For a misnamed one: the key of the finding the action most "
            "likely means to name; null for another.",
        },
        "probably_means_resolved": action["probably_means_resolved"],
        "unchecked_because": {
            "type": ["string", "null"],
            "description": action["unchecked_because"]["description"]
            + " A later version may add a reason.",
            "examples": reasons,
        },
        "rule_meant": action["rule_meant"],
    }
    _placed(
        ActionProgress,
        written,
        {
            "finding_key": "finding",
            "previous_finding_key": "previous_finding",
            "differences": "previous",
            "finding": "message",
        },
    )
    definitions["ActionProgress"] = {**models["ActionProgress"], "properties": written}
    definitions["ActionProgress"]["required"] = list(written)

    _placed(LeftOutOfComparison, fields["LeftOutOfComparison"], {})
    _placed(FieldDifference, fields["FieldDifference"], {})
    definitions["Comparison"] = fields["Comparison"]
    return definitions


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 7 compatible) of the comparison's JSON, version 1, that
    ``compare --format json`` prints, ``compare -o comparison.json`` writes and
    :meth:`Comparison.to_json <activity_systems.follow_up.Comparison.to_json>` gives:
    made from the models the comparison is written from, every key required and none
    refused. ``activity-systems schema --comparison`` prints it.

    >>> schema = comparison_schema()
    >>> schema["properties"]["format"]["const"], schema["required"][:4]
    ('activity-systems/comparison', ['format', 'version', 'before', 'after'])
    """
    definitions = _definitions()
    fields = definitions.pop("Comparison")
    lists = {
        name: _array(
            "PersistingFinding" if name == "persisting" else "Finding",
            fields[name]["description"],
        )
        for name in ("resolved", "persisting", "new", "unassessed")
    }
    changes = {
        name: _array(
            "ElementChange" if name == "elements" else "ItemChange", fields[name]["description"]
        )
        for name in ("systems", "elements", "exchanges")
    }
    # In the order Comparison.to_data writes them.
    properties = {
        "format": {"const": COMPARISON_FORMAT, "description": f"Always {COMPARISON_FORMAT}."},
        "version": {
            "const": COMPARISON_VERSION,
            "description": "A change that would break a reader raises it; a key added "
            "beside the others, a new fate or a new reason in unchecked_because does not.",
        },
        "before": fields["before"],
        "after": fields["after"],
        "system_titles": {**fields["system_names"], "title": "System Titles"},
        "counts": _counts(),
        "findings": written_object(
            "The findings of the two versions, by what became of them.", lists
        ),
        "integration": fields["integration"],
        "changes": written_object("What changed in the case, by id.", changes),
        "actions": fields["actions"],
        "rules_failed": fields["rules_failed"],
        "left_out": fields["left_out"],
        "cases": written_object(
            "Each version's title, as its report's case gives it (check --format json): "
            "the key to join the comparison with the two reports by; null for a "
            "comparison made without the cases.",
            {
                "before": fields["before_case"],
                # as the JSON names it: the model's "as for before_case" is Python's name
                "after": {
                    **fields["after_case"],
                    "description": "The later version's title, as for before; null for a "
                    "comparison made without the cases.",
                },
            },
        ),
    }
    _placed(
        Comparison,
        {**properties, **lists, **changes},
        {"system_names": "system_titles", "before_case": "cases", "after_case": "cases"},
    )
    return written_schema(
        schema_id=COMPARISON_SCHEMA_ID,
        title="activity-systems comparison",
        description=f"The comparison of two versions of a case ({COMPARISON_FORMAT}, "
        f"version {COMPARISON_VERSION}), as 'activity-systems compare --format json' "
        "writes it.",
        properties=properties,
        definitions=definitions,
    )


def comparison_schema_json() -> str:
    """The schema (see :func:`comparison_schema`) as indented JSON text."""
    return schema_json(comparison_schema())
