"""Following contradictions over time: compare two versions of a case.

The chapter's graduated phase runs action learning sets over a year, in which the
interagency teams come back to the strategies they agreed and ask whether they resolved
the contradictions and moved the services towards the integration they wanted.
:func:`compare` answers that for two versions of a case file.
"""

from activity_systems.follow_up.comparison import (
    COMPARISON_FORMAT,
    COMPARISON_VERSION,
    ActionProgress,
    Comparison,
    ElementChange,
    FailedRule,
    FieldDifference,
    IntegrationMove,
    ItemChange,
    LeftOutOfComparison,
    PersistingFinding,
    UnrelatedVersionsWarning,
)
from activity_systems.follow_up.matching import compare

__all__ = [
    "COMPARISON_FORMAT",
    "COMPARISON_VERSION",
    "ActionProgress",
    "Comparison",
    "ElementChange",
    "FailedRule",
    "FieldDifference",
    "IntegrationMove",
    "ItemChange",
    "LeftOutOfComparison",
    "PersistingFinding",
    "UnrelatedVersionsWarning",
    "compare",
]
