"""Hypothesis strategies for activity systems and cases, for property-testing rules.

Install with ``pip install "activity-systems[testing]"``. Every case these strategies
generate is built through the Pydantic models, so it is valid and its references
resolve: ``takes`` and ``produced_with`` name tools of the producer, ``needed_within``
names a rule of the consumer, ``requested_with`` a tool of the consumer, ``rule.applies_to``
tools of its own system, ``task.by`` a community member or ``subject`` and
``task.produces`` exchanges from its own system.

Importing this module registers the strategies with :func:`hypothesis.strategies.from_type`
for :class:`~activity_systems.Case`, :class:`~activity_systems.ActivitySystem`, the element
classes and durations, so ``st.from_type(Case)``, and ``st.builds`` of any function that takes a
``Case``, generate valid cases.

>>> from hypothesis import given, settings
>>> from activity_systems.strategies import cases
>>> @settings(max_examples=10)
... @given(cases(max_systems=2))
... def test_every_exchange_links_two_systems(case):
...     for exchange in case.exchanges:
...         assert case.system(exchange.from_) is not case.system(exchange.to)
>>> test_every_exchange_links_two_systems()
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised in a subprocess
    raise ImportError(
        'activity_systems.strategies needs Hypothesis: pip install "activity-systems[testing]"'
    ) from error

from hypothesis import strategies as st

from activity_systems.model import (
    ActivitySystem,
    Case,
    Duration,
    DurationRange,
    Element,
    ObjectElement,
    Rule,
    Task,
    Tool,
)
from activity_systems.strategies._cases import cases, exchanges
from activity_systems.strategies._durations import duration_ranges, durations
from activity_systems.strategies._primitives import value_tags
from activity_systems.strategies._systems import activity_systems, elements

__all__ = [
    "activity_systems",
    "cases",
    "duration_ranges",
    "durations",
    "elements",
    "exchanges",
    "value_tags",
]

st.register_type_strategy(Duration, durations())
st.register_type_strategy(DurationRange, duration_ranges())
st.register_type_strategy(Element, elements("community"))
st.register_type_strategy(ObjectElement, elements("object"))
st.register_type_strategy(Tool, elements("tools"))
st.register_type_strategy(Rule, elements("rules"))
st.register_type_strategy(Task, elements("division_of_labour"))
st.register_type_strategy(ActivitySystem, activity_systems())
st.register_type_strategy(Case, cases())
