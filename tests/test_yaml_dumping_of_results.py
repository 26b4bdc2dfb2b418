"""What the library hands back as a ``dict`` is dumped by PyYAML as any ``dict`` is.

An analyst collects a report's groupings and a comparison's system titles into a
summary and writes it with ``yaml.safe_dump``, the dumper that writes only what
``yaml.safe_load`` reads back. ``Report.by_level()`` and ``Comparison.system_names`` are
``dict`` subclasses (one names a misspelt level, the other refuses to change), which
PyYAML's dumpers refused (``cannot represent an object``) or wrote with a Python tag
that ``safe_load`` refuses. They are written as plain mappings.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import activity_systems as a
from activity_systems.model.types import ReadOnlyDict

DUMPERS: list[Any] = [yaml.SafeDumper, yaml.Dumper]
if getattr(yaml, "__with_libyaml__", False):
    DUMPERS += [yaml.CSafeDumper, yaml.CDumper]


def _dumped(data: Any, dumper: Any) -> Any:
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True)
    return yaml.safe_load(text)


@pytest.mark.parametrize("dumper", DUMPERS, ids=lambda d: d.__name__)
def test_a_reports_levels_as_keys_dump_as_a_plain_mapping(dumper: Any) -> None:
    report = a.check("examples/court-reports.yaml")
    levels: dict[str, Any] = report.by_level()
    for level in levels:  # the grouping, its findings replaced by their keys
        levels[level] = [finding.key for finding in levels[level]]
    assert _dumped(levels, dumper) == dict(levels)
    assert _dumped({"case": report.case, "by_level": levels}, dumper)["by_level"] == levels


@pytest.mark.parametrize("dumper", DUMPERS, ids=lambda d: d.__name__)
def test_a_comparisons_system_titles_dump_as_a_plain_mapping(dumper: Any) -> None:
    comparison = a.compare(
        "examples/liaison-and-diversion.yaml", "examples/liaison-and-diversion-2027.yaml"
    )
    assert isinstance(comparison.system_names, ReadOnlyDict)
    assert _dumped(comparison.system_names, dumper) == dict(comparison.system_names)


def test_safe_dump_writes_them_as_it_writes_a_dict() -> None:
    assert yaml.safe_dump(ReadOnlyDict({"b": "x", "a": "ü"})) == yaml.safe_dump(
        {"b": "x", "a": "ü"}
    )
