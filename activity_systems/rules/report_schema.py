"""The JSON Schema (Draft 7) of the report's JSON, ``activity-systems/report`` version 1:
what ``check --format json`` prints and :meth:`Report.to_json
<activity_systems.rules.finding.Report.to_json>` writes, for a consumer to validate
against (``activity-systems schema --report``).

It is made from the models the report is written from (:class:`~activity_systems.Report`,
:class:`~activity_systems.Finding`, :class:`~activity_systems.RuleFailure`,
:class:`~activity_systems.LeftOutRule`), with what
:meth:`~activity_systems.Report.to_data` adds beside their fields (``format``,
``version`` and ``counts``), so it follows them: a key added to a finding is in the
schema too. Two decisions, both the report's contract:

- every key is required, as the report writes every one of them, a ``null`` or an
  empty list included, but ``selection``: written last, and only by a report that
  lists some of the findings (``check --severity``, ``--level``, ``--system``,
  :meth:`~activity_systems.Report.only`), so that a report of every finding stays byte
  for byte as it was; when present, every key of it is required;
- a key the schema does not know is allowed, in the report, a finding, a failed rule or
  a rule left out, as :meth:`~activity_systems.Report.from_json` passes over it: a later
  version may add one beside the others without raising ``version``, and its reports
  still pass.

>>> schema = report_schema()
>>> schema["properties"]["format"], schema["properties"]["version"]["const"]
({'const': 'activity-systems/report', 'description': 'Always activity-systems/report.'}, 1)
>>> schema["definitions"]["Finding"]["properties"]["level"]["type"]
['string', 'null']
"""

from __future__ import annotations

from typing import Any

from activity_systems.io.schema import (
    schema_json,
    written_definitions,
    written_object,
    written_schema,
)
from activity_systems.model.relations import LEVELS
from activity_systems.rules.finding import REPORT_FORMAT, REPORT_VERSION, SEVERITIES, Report

#: The schema's ``$id``: a name, never fetched (as the case file schema's).
REPORT_SCHEMA_ID = "https://activity-systems.invalid/report.schema.json"


def _counts() -> dict[str, Any]:
    """``counts`` as :meth:`Report.counts` gives it: every name, each a number."""

    def counted(names: list[str], description: str) -> dict[str, Any]:
        return written_object(
            description, {name: {"type": "integer", "minimum": 0} for name in names}
        )

    return written_object(
        "Derived from the findings (Report.from_json does not read it): every name "
        "present, even when it counts none.",
        {
            "by_level": counted(
                [*LEVELS, "none"], "Findings by level; 'none' for those without one."
            ),
            "by_severity": counted(list(SEVERITIES), "Findings by severity."),
        },
    )


def report_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 7 compatible) of the report's JSON, version 1, that
    ``check --format json`` prints, ``check -o report.json`` writes and
    :meth:`Report.to_json <activity_systems.Report.to_json>` gives: made from the
    models the report is written from, every key required and none refused.
    ``activity-systems schema --report`` prints it.

    >>> schema = report_schema()
    >>> schema["properties"]["format"]["const"], schema["required"][:4]
    ('activity-systems/report', ['format', 'version', 'case', 'findings'])
    """
    schema, definitions = written_definitions(Report)
    fields = schema["properties"]
    # In the order Report.to_data writes them.
    properties = {
        "format": {"const": REPORT_FORMAT, "description": f"Always {REPORT_FORMAT}."},
        "version": {
            "const": REPORT_VERSION,
            "description": "A change that would break a reader raises it; a key added "
            "beside the others does not.",
        },
        "case": fields.pop("case"),
        "findings": fields.pop("findings"),
        "counts": _counts(),
        "rules_run": fields.pop("rules_run"),
        "rules_failed": fields.pop("rules_failed"),
        "left_out": fields.pop("left_out"),
    }
    if fields:  # a field of the report that to_data does not write
        raise AssertionError(f"the report's JSON lacks {', '.join(fields)}")
    properties["selection"] = _selection()
    schema = written_schema(
        schema_id=REPORT_SCHEMA_ID,
        title="activity-systems report",
        description=f"The report of one check of a case ({REPORT_FORMAT}, version "
        f"{REPORT_VERSION}), as 'activity-systems check --format json' writes it.",
        properties=properties,
        definitions=definitions,
    )
    # The one key not always written: a report of every finding has no selection, so
    # that it stays byte for byte as it was before the key was added.
    schema["required"].remove("selection")
    return schema


def _selection() -> dict[str, Any]:
    """``selection`` as :meth:`Selection.to_data
    <activity_systems.rules.finding.Selection.to_data>` writes it: every key written."""
    names: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    return written_object(
        "Written last, and only when check --severity, --level or --system (or "
        "Report.only) left findings out: what was kept, and of how many. Absent when "
        "every finding is listed.",
        {
            "total": {
                "type": "integer",
                "minimum": 0,
                "description": "How many findings the report held before the selection; "
                "findings lists those kept.",
            },
            "severity": {
                "enum": [*SEVERITIES, None],
                "description": "The findings at least this severe; null: any severity.",
            },
            "levels": {
                "type": ["array", "null"],
                "items": {"enum": [*LEVELS, "none"]},
                "description": "The findings of these levels ('none': without a level); "
                "null: any level.",
            },
            "rules": names
            | {
                "type": ["array", "null"],
                "description": "The findings of these rules; null: any rule.",
            },
            "systems": names
            | {
                "description": "The findings involving every one of these systems; "
                "empty: any system.",
            },
        },
    )


def report_schema_json() -> str:
    """The schema (see :func:`report_schema`) as indented JSON text."""
    return schema_json(report_schema())
