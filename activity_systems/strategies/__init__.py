"""Hypothesis strategies for activity systems and cases, for property-testing rules.

Install with ``pip install "activity-systems[testing]"``. Every case these strategies
generate is built through the Pydantic models, so it is valid and its references
resolve: ``takes`` and ``produced_with`` name tools of the producer, ``needed_within``
names a rule of the consumer, ``requested_with`` a tool of the consumer, ``rule.applies_to``
tools of its own system, ``task.by`` a community member or ``subject`` and
``task.produces`` exchanges from its own system.

Importing this module registers the strategies with :func:`hypothesis.strategies.from_type`
for :class:`~activity_systems.Case`, :class:`~activity_systems.ActivitySystem`, the element
classes, durations, :class:`~activity_systems.SharedObject` and
:class:`~activity_systems.ValueTension`, so ``st.from_type(Case)``, and ``st.builds`` of any
function that takes a ``Case``, generate valid cases. The models that name other parts of
a case (:class:`~activity_systems.Exchange`, :class:`~activity_systems.IntegrationAssessment`,
:class:`~activity_systems.DeclaredContradiction`, actions and the findings they name) cannot
be drawn alone: ``st.from_type`` of one raises
:class:`~hypothesis.errors.ResolutionFailed` (an ``InvalidArgument``) naming the strategy
to draw it with.

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
except ImportError as _missing:  # pragma: no cover - exercised in a subprocess
    # (a private name: ``error`` was a public name of the module to type checkers)
    raise ImportError(
        'activity_systems.strategies needs Hypothesis: pip install "activity-systems[testing]"'
    ) from _missing

import contextlib
from collections.abc import Callable
from types import NotImplementedType
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import ResolutionFailed
from pydantic import BaseModel

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
    ObjectElement,
    Rule,
    SharedObject,
    Task,
    Tool,
    ValueTension,
)
from activity_systems.strategies._cases import (
    _shared_objects,
    _value_tensions,
    cases,
    exchanges,
)
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


def _print_whole_case(case: Case, printer: Any, cycle: bool) -> None:
    """How a falsifying example shows a case: whole, as Pydantic writes it, however long.
    ``repr`` summarises a case past :data:`~activity_systems.model.case.REPR_LIMIT`
    characters, and a summary cannot be pasted back into a test."""
    printer.text(BaseModel.__repr__(case))


# Hypothesis's printer of falsifying examples, vendored from IPython's; it looks a type
# up by module and name. Not part of Hypothesis's documented API: should it move, cases
# past the limit print as their summary again.
with contextlib.suppress(ImportError, AttributeError):
    from hypothesis.vendor import pretty as _pretty

    _pretty.for_type_by_name(Case.__module__, Case.__name__, _print_whole_case)

st.register_type_strategy(Duration, durations())
st.register_type_strategy(DurationRange, duration_ranges())
st.register_type_strategy(Element, elements("community"))
st.register_type_strategy(ObjectElement, elements("object"))
st.register_type_strategy(Tool, elements("tools"))
st.register_type_strategy(Rule, elements("rules"))
st.register_type_strategy(Task, elements("division_of_labour"))
st.register_type_strategy(ActivitySystem, activity_systems())
st.register_type_strategy(Case, cases())
st.register_type_strategy(SharedObject, _shared_objects())
st.register_type_strategy(ValueTension, _value_tensions())


def _part_of_a_case(
    model: type[Any], names: str, advice: str
) -> Callable[[type[Any]], st.SearchStrategy[Any] | NotImplementedType]:
    """What ``st.from_type`` finds for a model that names other parts of a case: an error
    that says which strategy draws one. Asked for a base class of the model (``from_type``
    then tries every registered subclass), it leaves the model out instead."""

    def refuse(thing: type[Any]) -> st.SearchStrategy[Any] | NotImplementedType:
        if thing is not model:
            return NotImplemented  # type: ignore[no-any-return]  # typeshed types it Any
        raise ResolutionFailed(
            f"st.from_type({model.__name__}) cannot draw one on its own: it names "
            f"{names}, which only a case holds. {advice}"
        )

    return refuse


_FROM_CASES = "from activity_systems.strategies import cases"
st.register_type_strategy(
    Exchange,
    _part_of_a_case(
        Exchange,
        "its two systems and their tools and rules",
        "Draw the systems first, then an exchange between them with "
        "exchanges(between=systems), one to add to a case with exchanges(between=case), "
        "or whole cases with cases(min_exchanges=1) "
        "(from activity_systems.strategies).",
    ),
)
st.register_type_strategy(
    IntegrationAssessment,
    _part_of_a_case(
        IntegrationAssessment,
        "two of its systems",
        f"Draw cases with cases(min_systems=2) and use case.integration ({_FROM_CASES}).",
    ),
)
st.register_type_strategy(
    DeclaredContradiction,
    _part_of_a_case(
        DeclaredContradiction,
        "elements and exchanges",
        f"Draw cases with cases() and use case.declared ({_FROM_CASES}).",
    ),
)
for _model in (Action, FindingReference):
    st.register_type_strategy(
        _model,
        _part_of_a_case(
            _model,
            "a finding by the elements it involves",
            f"Draw cases with cases() and use case.actions ({_FROM_CASES}).",
        ),
    )
