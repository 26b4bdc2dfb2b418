"""The Hypothesis entry point: a failure to register the strategies never stops
``import hypothesis``, which runs the hook in every project of the environment."""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def entry_point() -> str:
    """The ``hypothesis`` entry point pyproject.toml declares, as ``module:function``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    value: str = project["entry-points"]["hypothesis"]["activity-systems"]
    return value


def test_the_entry_point_lies_outside_the_strategies_package() -> None:
    # Loading a module of activity_systems.strategies runs that package's __init__ first,
    # where no try in the hook could catch its errors.
    module, _, function = entry_point().partition(":")
    assert function == "register"
    assert module != "activity_systems.strategies"
    assert not module.startswith("activity_systems.strategies.")


def test_strategies_that_fail_to_import_give_a_warning_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What Hypothesis does with the entry point (importlib.metadata's EntryPoint.load,
    # then a call), with the strategies package failing to import.
    module_name, _, function = entry_point().partition(":")
    for name in list(sys.modules):
        if name == module_name or name.startswith("activity_systems.strategies"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "activity_systems.strategies", None)
    hook: Callable[[], None] = getattr(importlib.import_module(module_name), function)
    with pytest.warns(UserWarning, match="could not register its Hypothesis strategies") as w:
        hook()
    assert "import activity_systems.strategies to see why" in str(w[0].message)


def test_the_earlier_entry_point_still_registers() -> None:
    # Environments installed before the entry point moved still name the old module.
    from activity_systems._hypothesis_hook import register
    from activity_systems.strategies._hook import register as earlier

    assert earlier is register
