"""The contradiction engine: findings, reports, the rule registry and built-in rules.

What a user rule needs is here: ``from activity_systems.rules import rule, new_finding``
(and ``unregister``, to forget a rule of one's own).
Names are imported on first use, so that importing :mod:`activity_systems.rules.finding`
alone does not load the built-in rules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from activity_systems.rules.engine import (
        BUILTIN_RULES,
        RuleEntry,
        RuleSpec,
        check,
        new_finding,
        rule,
        rule_catalogue,
        unregister,
    )
    from activity_systems.rules.finding import Finding, LeftOutRule, Report, RuleFailure

_LAZY = {
    "BUILTIN_RULES": "activity_systems.rules.engine",
    "RuleEntry": "activity_systems.rules.engine",
    "RuleSpec": "activity_systems.rules.engine",
    "check": "activity_systems.rules.engine",
    "rule_catalogue": "activity_systems.rules.engine",
    "Finding": "activity_systems.rules.finding",
    "LeftOutRule": "activity_systems.rules.finding",
    "Report": "activity_systems.rules.finding",
    "RuleFailure": "activity_systems.rules.finding",
    # through the engine, so that the built-in rules are registered before any user rule
    "new_finding": "activity_systems.rules.engine",
    "rule": "activity_systems.rules.engine",
    "unregister": "activity_systems.rules.engine",
}


# Hidden from type checkers, which would take it to define every name, misspelt ones too
# (as Any): they see the names imported under TYPE_CHECKING above.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'activity_systems.rules' has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "BUILTIN_RULES",
    "Finding",
    "LeftOutRule",
    "Report",
    "RuleEntry",
    "RuleFailure",
    "RuleSpec",
    "check",
    "new_finding",
    "rule",
    "rule_catalogue",
    "unregister",
]
