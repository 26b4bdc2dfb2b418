"""The keywords of the schemas that JSON Schema (Draft 7) does not define are those the
command-line page tells Ajv's users to name: Ajv's strict mode, its default, refuses to
compile a schema holding any other (``strict mode: unknown keyword: "patternErrorMessage"``),
which the page's recipe of Ajv and ``ajv-formats`` alone met."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

import pytest
from jsonschema import Draft7Validator

from activity_systems import case_schema, comparison_schema, report_schema

ROOT = Path(__file__).resolve().parent.parent

#: The keywords of Draft 7, as its meta-schema lists them.
DRAFT_7_KEYWORDS = frozenset(Draft7Validator.META_SCHEMA["properties"])
#: Keywords whose value maps names (of keys, definitions) to schemas.
_BY_NAME = frozenset({"properties", "patternProperties", "definitions", "dependencies"})
#: Keywords whose value is data, not a schema.
_DATA = frozenset({"enum", "const", "default", "examples", "required"})


def keywords(node: Any) -> set[str]:
    """Every keyword used in the schema ``node``."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in _BY_NAME and isinstance(value, dict):
                for schema in value.values():
                    found |= keywords(schema)
            elif key not in _DATA:
                found |= keywords(value)
    return found


def named_to_ajv() -> list[str]:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    calls = re.findall(r"ajv\.addVocabulary\((\[[^\]]*\])\)", page)
    assert len(calls) == 1, calls
    names: list[str] = json.loads(calls[0])
    return names


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_page_names_to_ajv_every_keyword_of_the_case_schema_draft_7_lacks(
    fmt: Literal["yaml", "json"],
) -> None:
    extra = keywords(case_schema(fmt)) - DRAFT_7_KEYWORDS
    assert extra, "the case schema holds the editors' keywords"
    assert sorted(named_to_ajv()) == sorted(extra)


def test_the_report_and_comparison_schemas_hold_only_draft_7_keywords() -> None:
    assert keywords(report_schema()) <= DRAFT_7_KEYWORDS
    assert keywords(comparison_schema()) <= DRAFT_7_KEYWORDS


def formats(node: Any) -> set[str]:
    """Every ``format`` asked for in the schema ``node``."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= formats(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                found.add(value)
            elif key in _BY_NAME and isinstance(value, dict):
                for schema in value.values():
                    found |= formats(schema)
            elif key not in _DATA:
                found |= formats(value)
    return found


def test_the_page_says_which_schemas_ajv_compiles_only_with_ajv_formats() -> None:
    """Ajv refuses to compile a schema that asks for a format it does not know
    (``unknown format "date"``): the report's schema asks for none, and compiles with
    Ajv's defaults; the comparison's asks for dates, as the case file's does."""
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    said = " ".join(page.split())
    assert formats(report_schema()) == set()
    assert "Ajv's defaults compile the report's" in said
    assert formats(comparison_schema()) == {"date"}
    assert "the comparison's once `ajv-formats` is added" in said
    assert formats(case_schema()) == {"date"}
