"""What the library hands back as a ``dict`` is dumped by PyYAML as any ``dict`` is.

An analyst collects a report's groupings and a comparison's system titles into a
summary and writes it with ``yaml.safe_dump``, the dumper that writes only what
``yaml.safe_load`` reads back. ``Report.by_level()`` and ``Comparison.system_names`` are
``dict`` subclasses (one names a misspelt level, the other refuses to change), which
PyYAML's dumpers refused (``cannot represent an object``) or wrote with a Python tag
that ``safe_load`` refuses. They are written as plain mappings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
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


def _run(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter from the repository."""
    root = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    "imported",
    ["import activity_systems", "from activity_systems.rules.finding import Report"],
)
def test_safe_dump_writes_them_whatever_was_imported_first(imported: str) -> None:
    out = _run(
        f"{imported}\n"
        "import yaml\n"
        "from activity_systems.rules.engine import check\n"
        "levels = check('examples/court-reports.yaml').by_level()\n"
        "for level in levels:\n"
        "    levels[level] = [finding.key for finding in levels[level]]\n"
        "print(type(levels).__name__, yaml.safe_dump(levels), end='')\n"
    )
    name, _, dumped = out.partition(" ")
    assert name != "dict"  # the library's own, which names a misspelt level
    assert yaml.safe_load(dumped)["quaternary"]


def test_importing_the_model_changes_no_yaml_dumper() -> None:
    # the model is pure: what PyYAML writes is the business of the layer that reads and
    # writes files, which is imported with the package
    out = _run(
        "import yaml, activity_systems\n"
        "names = ('SafeDumper', 'Dumper', 'CSafeDumper', 'CDumper')\n"
        "def seen():\n"
        "    return [(dict(getattr(yaml, n).yaml_representers),\n"
        "             dict(getattr(yaml, n).yaml_multi_representers))\n"
        "            for n in names if hasattr(yaml, n)]\n"
        "before = seen()\n"
        "import activity_systems.model, activity_systems.rules.finding\n"
        "import activity_systems.follow_up\n"
        "print(seen() == before)\n"
    )
    assert out == "True\n"


class _SomeoneElsesDict(dict[str, str]):
    pass


def test_a_dict_of_another_librarys_is_dumped_as_before() -> None:
    with pytest.raises(yaml.representer.RepresenterError, match="cannot represent"):
        yaml.safe_dump(_SomeoneElsesDict(a="b"))
    assert "!!python/object/new:" in yaml.dump(_SomeoneElsesDict(a="b"))
