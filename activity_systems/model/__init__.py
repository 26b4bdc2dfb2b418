"""Pure models of activity systems: no IO, no Graphviz, no Jinja2."""

from activity_systems.model.actions import Action, FindingReference, finding_key
from activity_systems.model.case import Case, Located
from activity_systems.model.durations import Duration, DurationRange
from activity_systems.model.elements import (
    UNKNOWN_LABEL,
    Element,
    ObjectElement,
    Rule,
    Task,
    Tool,
)
from activity_systems.model.relations import (
    LEVELS,
    DeclaredContradiction,
    Exchange,
    IntegrationAssessment,
    IntegrationLevel,
    Level,
    SharedObject,
    ValueTension,
)
from activity_systems.model.slugs import slugify
from activity_systems.model.system import (
    LIST_NODES,
    NODE_TITLES,
    NODES,
    SINGLE_NODES,
    ActivitySystem,
    NodeName,
)

__all__ = [
    "LEVELS",
    "LIST_NODES",
    "NODES",
    "NODE_TITLES",
    "SINGLE_NODES",
    "UNKNOWN_LABEL",
    "Action",
    "ActivitySystem",
    "Case",
    "DeclaredContradiction",
    "Duration",
    "DurationRange",
    "Element",
    "Exchange",
    "FindingReference",
    "IntegrationAssessment",
    "IntegrationLevel",
    "Level",
    "Located",
    "NodeName",
    "ObjectElement",
    "Rule",
    "SharedObject",
    "Task",
    "Tool",
    "ValueTension",
    "finding_key",
    "slugify",
]
