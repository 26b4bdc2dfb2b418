"""The case-file reference page lists every key of the JSON Schema, and no others."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from activity_systems.io.schema import case_schema

PAGE = Path(__file__).parent.parent / "docs" / "case-files.md"


def schema_keys(node: Any) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            keys.add(key)
            keys |= schema_keys(value)
        for key, value in node.items():
            if key != "properties":
                keys |= schema_keys(value)
    elif isinstance(node, list):
        for item in node:
            keys |= schema_keys(item)
    return keys


def documented_keys() -> set[str]:
    """Keys in the "key" column of every table on the page."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    keys: set[str] = set()
    column: int | None = None
    for number, line in enumerate(lines):
        if not line.startswith("|"):
            column = None
            continue
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        is_header = number + 1 < len(lines) and lines[number + 1].startswith("|---")
        if is_header:
            column = cells.index("key") if "key" in cells else None
        elif column is not None and not line.startswith("|---"):
            keys |= set(re.findall(r"`([a-z_]+)`", cells[column]))
    return keys


def test_every_schema_key_is_documented() -> None:
    missing = schema_keys(case_schema()) - documented_keys()
    assert missing == set(), f"document these keys in {PAGE.name}: {sorted(missing)}"


def test_no_documented_key_is_unknown_to_the_schema() -> None:
    extra = documented_keys() - schema_keys(case_schema())
    assert extra == set(), f"{PAGE.name} documents keys the schema lacks: {sorted(extra)}"
