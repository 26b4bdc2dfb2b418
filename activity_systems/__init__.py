"""activity-systems: Engeström activity systems, their contradictions, diagrams and handouts.

>>> import activity_systems as a
>>> case = a.load("examples/court-reports.yaml")
>>> [s.id for s in case.systems]
['court', 'mhs']

Everything but the loader's entry points and the exceptions (the models, the engine,
Graphviz rendering, Jinja2 handouts) is imported on first use, so ``import
activity_systems`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from activity_systems.errors import (
    ActivitySystemsError,
    ArgumentError,
    CaseFileError,
    GraphvizError,
    GraphvizNotFound,
    LeftOutRuleWarning,
    ManyPairFiguresWarning,
    MisnamedFindingWarning,
    OutputError,
    ReportFileError,
    RuleError,
    RuleFailedWarning,
    StaleReportWarning,
    TimeLimitError,
    UnknownIdError,
    UnusedTemplateWarning,
)

# PyYAML writes the library's own dicts (report.by_level(), a case's value_aliases) as
# plain mappings, whichever module defines them is imported: see its docstring.
from activity_systems.io import yaml_mappings as _yaml_mappings  # noqa: F401
from activity_systems.io.loading import load, loads

# handout from its module: mypy following the package's imports took the name imported
# from activity_systems.handouts for the submodule handouts/handout.py of the same name.
if TYPE_CHECKING:
    from activity_systems.follow_up import Comparison, compare
    from activity_systems.follow_up.schema import comparison_schema
    from activity_systems.handouts.handout import handout
    from activity_systems.io.dumping import dump
    from activity_systems.io.schema import case_schema
    from activity_systems.io.spreadsheet import case_from_csv
    from activity_systems.model import (
        Action,
        ActivitySystem,
        Case,
        DeclaredContradiction,
        Duration,
        DurationRange,
        Element,
        Exchange,
        FindingReference,
        IntegrationAssessment,
        IntegrationLevel,
        ObjectElement,
        Rule,
        SharedObject,
        Task,
        Tool,
        ValueTension,
    )
    from activity_systems.render import render
    from activity_systems.render.api import figure
    from activity_systems.rules.engine import (
        BUILTIN_RULES,
        RuleSpec,
        check,
        new_finding,
        rule,
        rule_catalogue,
    )
    from activity_systems.rules.finding import Finding, LeftOutRule, Report, RuleFailure
    from activity_systems.rules.report_schema import report_schema

__version__ = "0.1.0"

# name -> module that defines it; imported on first access (PEP 562).
_LAZY = {
    "Action": "activity_systems.model",
    "ActivitySystem": "activity_systems.model",
    "Case": "activity_systems.model",
    "DeclaredContradiction": "activity_systems.model",
    "Duration": "activity_systems.model",
    "DurationRange": "activity_systems.model",
    "Element": "activity_systems.model",
    "Exchange": "activity_systems.model",
    "FindingReference": "activity_systems.model",
    "IntegrationAssessment": "activity_systems.model",
    "IntegrationLevel": "activity_systems.model",
    "ObjectElement": "activity_systems.model",
    "Rule": "activity_systems.model",
    "SharedObject": "activity_systems.model",
    "Task": "activity_systems.model",
    "Tool": "activity_systems.model",
    "ValueTension": "activity_systems.model",
    "dump": "activity_systems.io.dumping",
    "case_from_csv": "activity_systems.io.spreadsheet",
    "case_schema": "activity_systems.io.schema",
    "report_schema": "activity_systems.rules.report_schema",
    "comparison_schema": "activity_systems.follow_up.schema",
    "check": "activity_systems.rules.engine",
    "rule": "activity_systems.rules.engine",
    "RuleSpec": "activity_systems.rules.engine",
    "BUILTIN_RULES": "activity_systems.rules.engine",
    "rule_catalogue": "activity_systems.rules.engine",
    "new_finding": "activity_systems.rules.engine",
    "render": "activity_systems.render",
    "figure": "activity_systems.render.api",
    "handout": "activity_systems.handouts.handout",
    "compare": "activity_systems.follow_up",
    "Comparison": "activity_systems.follow_up",
    "Finding": "activity_systems.rules.finding",
    "LeftOutRule": "activity_systems.rules.finding",
    "Report": "activity_systems.rules.finding",
    "RuleFailure": "activity_systems.rules.finding",
}


# Hidden from type checkers, which would take it to define every name, misspelt ones too
# (as Any): they see the names imported under TYPE_CHECKING above.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'activity_systems' has no attribute {name!r}")
        imported = importlib.import_module(module)
        # ``render`` is both a subpackage and its entry point: the package is callable, and
        # binding it (not the function) keeps ``import activity_systems.render`` working.
        value = imported if name == "render" else getattr(imported, name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """What completion offers after ``activity_systems.``: the public names (loaded or
    not), the package's submodules imported so far, and its dunders (``__version__``);
    not the helpers this module imports for itself (``Any``, ``importlib``, ...), nor a
    private submodule (``_hypothesis_hook``, which Hypothesis imports)."""
    names = globals()
    submodules = {
        name
        for name, value in names.items()
        if not name.startswith("_") and getattr(value, "__name__", None) == f"{__name__}.{name}"
    }
    dunders = {name for name in names if name.startswith("__")}
    return sorted({*__all__, *submodules, *dunders})


__all__ = [
    "BUILTIN_RULES",
    "Action",
    "ActivitySystem",
    "ActivitySystemsError",
    "ArgumentError",
    "Case",
    "CaseFileError",
    "Comparison",
    "DeclaredContradiction",
    "Duration",
    "DurationRange",
    "Element",
    "Exchange",
    "Finding",
    "FindingReference",
    "GraphvizError",
    "GraphvizNotFound",
    "IntegrationAssessment",
    "IntegrationLevel",
    "LeftOutRule",
    "LeftOutRuleWarning",
    "ManyPairFiguresWarning",
    "MisnamedFindingWarning",
    "ObjectElement",
    "OutputError",
    "Report",
    "ReportFileError",
    "Rule",
    "RuleError",
    "RuleFailedWarning",
    "RuleFailure",
    "RuleSpec",
    "SharedObject",
    "StaleReportWarning",
    "Task",
    "TimeLimitError",
    "Tool",
    "UnknownIdError",
    "UnusedTemplateWarning",
    "ValueTension",
    "case_from_csv",
    "case_schema",
    "check",
    "compare",
    "comparison_schema",
    "dump",
    "figure",
    "handout",
    "load",
    "loads",
    "new_finding",
    "render",
    "report_schema",
    "rule",
    "rule_catalogue",
]
