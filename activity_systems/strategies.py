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

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar, overload

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised in a subprocess
    raise ImportError(
        'activity_systems.strategies needs Hypothesis: pip install "activity-systems[testing]"'
    ) from error

import yaml

from activity_systems.model import (
    LEVELS,
    LIST_NODES,
    NODES,
    SINGLE_NODES,
    UNKNOWN_LABEL,
    ActivitySystem,
    Case,
    DeclaredContradiction,
    Duration,
    DurationRange,
    Element,
    Exchange,
    IntegrationAssessment,
    IntegrationLevel,
    NodeName,
    ObjectElement,
    Rule,
    SharedObject,
    Task,
    Tool,
    ValueTension,
)
from activity_systems.model.durations import Unit
from activity_systems.model.slugs import is_slug

__all__ = [
    "activity_systems",
    "cases",
    "duration_ranges",
    "durations",
    "elements",
    "exchanges",
    "value_tags",
]

T = TypeVar("T")

UNITS: tuple[Unit, ...] = ("hours", "days", "weeks")
_HOURS: dict[Unit, Decimal] = {"hours": Decimal(1), "days": Decimal(24), "weeks": Decimal(168)}
#: Fractional amounts are multiples of a quarter: "1.5 days", "0.25 weeks".
_STEPS_PER_UNIT = 4
_DEFAULT_MAX = Duration(Decimal(52), "weeks")
_DEFAULT_MAX_SYSTEMS = 3
_DEFAULT_MAX_EXCHANGES = 3
_DEFAULT_MAX_ELEMENTS = 3
_BASES = ("core", "statutory", "contracted", "voluntary", "private-consultancy", "over-workload")
#: Content items that reports carry and courts expect; shared so that expects and provides meet.
_CONTENT_ITEMS = (
    "diagnosis",
    "offence-illness-link",
    "sentencing-advice",
    "treatment-recommendation",
    "medical-history",
    "risk-assessment",
)
_SECTORS = ("MHS", "CJS", "Social care", "Prison health care")

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
# Printable ASCII (which holds the characters that DOT, HTML, YAML and Markdown treat
# specially) and a sample of the rest of Unicode: accents, a combining mark, typographic
# quotes and dashes, Greek, Cyrillic, CJK, Hangul, Arabic, an emoji, a no-break space and
# a right-to-left mark. Drawing from all of Unicode's letter and symbol categories costs
# several times more per character and finds little more.
_UNICODE_SAMPLE = "éüßøÅçñ\u0301’‘“”–—…•€£§°±×½αΩЖж中文字한글مرحبا🙂🧠\u00a0\u200f"
_LABEL_START = st.characters(
    min_codepoint=0x21, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE.replace("\u00a0", "")
)
_LABEL_REST = st.characters(
    min_codepoint=0x20, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE
)
_TEXT_CHARS = st.characters(
    min_codepoint=0x20, max_codepoint=0x7E, include_characters=_UNICODE_SAMPLE + "\n\t"
)


# -- vocabulary -----------------------------------------------------------------------


@cache
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shipped value tags and their aliases, each sorted."""
    text = resources.files("activity_systems").joinpath("data/values.yaml").read_text("utf-8")
    tags: dict[str, Any] = yaml.safe_load(text)["tags"]
    aliases = {alias for entry in tags.values() for alias in entry.get("aliases") or ()}
    return tuple(sorted(tags)), tuple(sorted(aliases))


# -- argument checks ------------------------------------------------------------------


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")


def _check_size(name: str, value: object, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an integer")
    if value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be at least {minimum}")
    return value


def _check_bounds(
    low_name: str, low: int, high_name: str, high: int | None, default: int
) -> tuple[int, int]:
    top = max(low, default) if high is None else _check_size(high_name, high)
    if top < low:
        raise InvalidArgument(f"{low_name}={low} is greater than {high_name}={high}")
    return low, top


def _check_limit(name: str, value: object, default: int) -> int:
    return default if value is None else _check_size(name, value)


def _check_slug(name: str, value: object) -> str:
    if not isinstance(value, str) or not is_slug(value):
        raise InvalidArgument(
            f"{name}={value!r} must be an id: lowercase letters, digits, '-' and '_'"
        )
    return value


def _check_slugs(name: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"{name}={values!r} must be a sequence of ids")
    checked = tuple(_check_slug(f"an item of {name}", v) for v in values)
    return tuple(dict.fromkeys(checked))


def _check_duration(name: str, value: object) -> Duration | None:
    if value is None or isinstance(value, Duration):
        return value
    if isinstance(value, str):
        try:
            return Duration.parse(value)
        except ValueError as error:
            raise InvalidArgument(f"{name}={value!r} is not a duration: {error}") from None
    raise InvalidArgument(f"{name}={value!r} must be a Duration, a text such as '6 weeks' or None")


def _check_units(units: object) -> tuple[Unit, ...]:
    if units is None:
        return UNITS
    if isinstance(units, str) or not isinstance(units, Iterable):
        raise InvalidArgument(f"units={units!r} must be a sequence such as ['days', 'weeks']")
    chosen = tuple(dict.fromkeys(units))
    unknown = [u for u in chosen if u not in UNITS]
    if unknown or not chosen:
        raise InvalidArgument(f"units={units!r} must name at least one of 'hours', 'days', 'weeks'")
    return chosen


# -- text -----------------------------------------------------------------------------
# Strategies are built once: building them inside a draw costs more than drawing from them.

_BOOL = st.booleans()
_SLUG_START = st.sampled_from(_ALNUM)
_SLUG_REST = st.text(alphabet=_ALNUM + "-_", max_size=7)
_LABEL_TAIL = st.text(_LABEL_REST, max_size=15)


# Composites rather than st.builds or st.tuples: those record each argument for
# Hypothesis's explain phase, which then replays the whole case hundreds of times per
# argument after a failure.
@st.composite
def _slugs(draw: st.DrawFn) -> str:
    """Short slugs; shrink toward "a"."""
    return (draw(_SLUG_START) + draw(_SLUG_REST)).rstrip("-_")


@st.composite
def _labels(draw: st.DrawFn, *, unknown: bool = False) -> str:
    """Printable one-line labels; shrink toward "0". ``"?"`` (unknown) when allowed,
    decided after drawing the text: were it decided first, ``"?"`` would be the shorter
    choice sequence and so what shrinking prefers."""
    label = draw(_LABEL_START) + draw(_LABEL_TAIL)
    return UNKNOWN_LABEL if unknown and draw(_BOOL) else label


_ID = _slugs()
_LABEL = _labels()
_LABEL_OR_UNKNOWN = _labels(unknown=True)
_MAYBE_LABEL = st.none() | _LABEL
#: Optional free text, line breaks included; shrinks toward None.
_MAYBE_TEXT = st.none() | st.text(_TEXT_CHARS, max_size=40)
# Not unique=True: the models drop repeats themselves, and a unique list retries draws.
_CONTENT = st.lists(st.sampled_from(_CONTENT_ITEMS) | _ID, max_size=3).map(tuple)
_MAYBE_CONTENT = st.none() | _CONTENT
_KIND = st.sampled_from([None, "formal", "informal"])
_BASIS = st.sampled_from(_BASES)
_SECTOR = st.none() | st.sampled_from(_SECTORS)
_LEVEL = st.sampled_from(LEVELS)
_SOI = st.sampled_from(list(IntegrationLevel))


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    """One of ``items``; shrinks toward the first."""
    return items[draw(st.integers(0, len(items) - 1))] if len(items) > 1 else items[0]


def _unique(
    draw: st.DrawFn, count: int, ids: st.SearchStrategy[str], taken: Iterable[str] = ()
) -> list[str]:
    """``count`` distinct ids, none of them in ``taken``: a repeat gets a suffix (``a``,
    ``a-2``) rather than being drawn again, so that nothing is rejected."""
    seen = set(taken)
    chosen: list[str] = []
    for _ in range(count):
        base = candidate = draw(ids)
        suffix = 1
        while candidate in seen:
            suffix += 1
            candidate = f"{base}-{suffix}"
        seen.add(candidate)
        chosen.append(candidate)
    return chosen


def _some(draw: st.DrawFn, items: Iterable[T]) -> list[T]:
    """A sub-list of ``items`` in their order; shrinks toward the empty list."""
    return [item for item in items if draw(_BOOL)]


# -- durations ------------------------------------------------------------------------


def _per(steps: int, unit: Unit) -> Callable[[int], Duration]:
    return lambda n: Duration(Decimal(n) / steps, unit)


def _amounts(unit: Unit, low: Decimal, high: Decimal) -> list[st.SearchStrategy[Duration]]:
    """Durations in ``unit`` between ``low`` and ``high`` hours: whole amounts, then
    quarters (so that shrinking prefers whole amounts)."""
    per = _HOURS[unit]
    found: list[st.SearchStrategy[Duration]] = []
    for steps in (1, _STEPS_PER_UNIT):
        first = max(math.ceil(low * steps / per), 1)
        last = math.floor(high * steps / per)
        if first <= last:
            found.append(st.integers(first, last).map(_per(steps, unit)))
    return found


def _duration_options(
    min_value: object, max_value: object, units: object
) -> st.SearchStrategy[Duration]:
    low = _check_duration("min_value", min_value)
    high = _check_duration("max_value", max_value)
    chosen = _check_units(units)
    if low is not None and high is not None and low > high:
        raise InvalidArgument(f"min_value={low} is longer than max_value={high}")
    top = high if high is not None else max(_DEFAULT_MAX, low or _DEFAULT_MAX)
    low_hours = low.hours if low is not None else Decimal(0)
    whole: list[st.SearchStrategy[Duration]] = []
    quarters: list[st.SearchStrategy[Duration]] = []
    for unit in chosen:
        found = _amounts(unit, low_hours, top.hours)
        whole.extend(found[:1] if len(found) == 2 else [])
        quarters.extend(found[-1:])
    options = whole + quarters
    if not options:
        # Bounds off the quarter grid (say 1.1 to 1.2 hours): only the bounds themselves.
        bounds = [d for d in (low, high) if d is not None and d.unit in chosen]
        options = [st.sampled_from(bounds)] if bounds else []
    if not options:
        raise InvalidArgument(
            f"no duration in {', '.join(chosen)} lies between min_value={low} and max_value={high}"
        )
    return st.one_of(options)


def durations(
    *,
    min_value: Duration | str | None = None,
    max_value: Duration | str | None = None,
    units: Sequence[Unit] | None = None,
) -> st.SearchStrategy[Duration]:
    """Positive durations: whole or quarter amounts (``"1.5 days"``) of hours, days or weeks.

    Args:
        min_value: the shortest duration (inclusive); ``"3 weeks"`` is accepted.
        max_value: the longest duration (inclusive); 52 weeks when omitted.
        units: the units to use, a subset of ``("hours", "days", "weeks")``.

    Shrinks toward the smallest whole amount of the first unit, ``1 hour`` by default.
    """
    return _duration_options(min_value, max_value, units)


def duration_ranges(
    *,
    min_value: Duration | str | None = None,
    max_value: Duration | str | None = None,
    units: Sequence[Unit] | None = None,
) -> st.SearchStrategy[DurationRange]:
    """Duration ranges (``"3-6 weeks"``, ``"36 hours-2 days"``) and single durations.

    Both ends lie between ``min_value`` and ``max_value``; options as for :func:`durations`.

    Shrinks toward a single duration (``min == max``) of ``1 hour``.
    """
    ends = _duration_options(min_value, max_value, units)

    @st.composite
    def ranges(draw: st.DrawFn) -> DurationRange:
        first = draw(ends)
        if not draw(st.booleans()):
            return DurationRange(first, first)
        second = draw(ends)
        return DurationRange(min(first, second), max(first, second))

    return ranges()


# -- value tags -----------------------------------------------------------------------


def value_tags(*, allow_aliases: bool = True, allow_unknown: bool = True) -> st.SearchStrategy[str]:
    """Value tags: the shipped vocabulary (``treatment``, ``punishment``, …), its aliases
    (``care``, ``discipline``) and, when allowed, tags in no tension (any slug).

    Shrinks toward the first tag of the vocabulary in alphabetical order.
    """
    _check_bool("allow_aliases", allow_aliases)
    _check_bool("allow_unknown", allow_unknown)
    tags, aliases = _vocabulary()
    options: list[st.SearchStrategy[str]] = [st.sampled_from(tags)]
    if allow_aliases:
        options.append(st.sampled_from(aliases))
    if allow_unknown:
        options.append(_ID)
    return st.one_of(options)


def _value_sets(tags: st.SearchStrategy[str] | None) -> st.SearchStrategy[tuple[str, ...]]:
    if tags is None:
        return st.just(())
    return st.lists(tags, max_size=3).map(tuple)


# -- elements -------------------------------------------------------------------------


def _draw_element(
    draw: st.DrawFn,
    node: NodeName,
    element_id: str,
    value_sets: st.SearchStrategy[tuple[str, ...]],
    *,
    tool_ids: Sequence[str] = (),
    community_ids: Sequence[str] = (),
    exchange_ids: Sequence[str] = (),
) -> Element:
    data: dict[str, Any] = {
        "id": element_id,
        "label": draw(_LABEL if node in ("subject", "object") else _LABEL_OR_UNKNOWN),
        "description": draw(_MAYBE_TEXT),
        "values": draw(value_sets),
        "source": draw(_MAYBE_LABEL),
    }
    if node == "object":
        return ObjectElement(**data, purpose=draw(_MAYBE_TEXT))
    if node == "tools":
        return Tool(**data, turnaround=draw(_MAYBE_RANGE), provides=draw(_CONTENT))
    if node == "rules":
        return Rule(
            **data,
            time_limit=draw(_MAYBE_RANGE),
            withholds=draw(_CONTENT),
            kind=draw(_KIND),
            applies_to=_some(draw, tool_ids),
        )
    if node == "division_of_labour":
        return Task.model_validate(
            {
                **data,
                "by": _pick(draw, [None, "subject", *community_ids]),
                "basis": draw(_BASIS),
                "produces": _some(draw, exchange_ids),
            }
        )
    return Element(**data)


@overload
def elements(
    node: Literal["subject", "outcome", "community"] = ...,
    *,
    element_id: str | None = ...,
    values: bool = ...,
) -> st.SearchStrategy[Element]: ...
@overload
def elements(
    node: Literal["object"], *, element_id: str | None = ..., values: bool = ...
) -> st.SearchStrategy[ObjectElement]: ...
@overload
def elements(
    node: Literal["tools"], *, element_id: str | None = ..., values: bool = ...
) -> st.SearchStrategy[Tool]: ...
@overload
def elements(
    node: Literal["rules"],
    *,
    element_id: str | None = ...,
    values: bool = ...,
    tool_ids: Sequence[str] = ...,
) -> st.SearchStrategy[Rule]: ...
@overload
def elements(
    node: Literal["division_of_labour"],
    *,
    element_id: str | None = ...,
    values: bool = ...,
    community_ids: Sequence[str] = ...,
    exchange_ids: Sequence[str] = ...,
) -> st.SearchStrategy[Task]: ...
def elements(
    node: NodeName = "community",
    *,
    element_id: str | None = None,
    values: bool = True,
    tool_ids: Sequence[str] = (),
    community_ids: Sequence[str] = (),
    exchange_ids: Sequence[str] = (),
) -> st.SearchStrategy[Any]:
    """Elements of one node: :class:`~activity_systems.Tool` for ``"tools"``,
    :class:`~activity_systems.Rule` for ``"rules"``, :class:`~activity_systems.Task` for
    ``"division_of_labour"``, :class:`~activity_systems.ObjectElement` for ``"object"``,
    else :class:`~activity_systems.Element`. Optional fields come and go; a list element's
    label may be ``"?"`` (unknown).

    Args:
        node: the node the element belongs to.
        element_id: a fixed id; by default a short slug (the node's name for ``subject``,
            ``object`` and ``outcome``, which may have no other id).
        values: whether elements may carry value tags.
        tool_ids: for rules, the tools ``applies_to`` may name.
        community_ids: for tasks, the community members ``by`` may name (besides
            ``subject`` and nobody).
        exchange_ids: for tasks, the exchanges ``produces`` may name.

    Shrinks toward an element with only its id and a one-character label (and, for a
    task, nobody responsible, basis ``core``).
    """
    if node not in NODES:
        raise InvalidArgument(f"node={node!r} must be one of {', '.join(NODES)}")
    _check_bool("values", values)
    if node in SINGLE_NODES:
        if element_id not in (None, node):
            raise InvalidArgument(f"the {node} always has the id {node!r}, not {element_id!r}")
    elif element_id is not None:
        _check_slug("element_id", element_id)
        if element_id in SINGLE_NODES:
            raise InvalidArgument(f"element_id={element_id!r} is reserved for the {element_id}")
    refs = {
        "tool_ids": _check_slugs("tool_ids", tool_ids),
        "community_ids": _check_slugs("community_ids", community_ids),
        "exchange_ids": _check_slugs("exchange_ids", exchange_ids),
    }
    owners = {"tool_ids": "rules", "community_ids": "division_of_labour"}
    for name, given in refs.items():
        owner = owners.get(name, "division_of_labour")
        if given and node != owner:
            raise InvalidArgument(f"{name} only applies to node={owner!r}, not {node!r}")
    if "subject" in refs["community_ids"]:
        raise InvalidArgument("community_ids may not contain 'subject', a reserved id")
    value_sets = _value_sets(value_tags() if values else None)

    @st.composite
    def one(draw: st.DrawFn) -> Element:
        chosen = element_id or (
            node if node in SINGLE_NODES else _unique(draw, 1, _ID, SINGLE_NODES)[0]
        )
        return _draw_element(draw, node, chosen, value_sets, **refs)

    return one()


# -- systems --------------------------------------------------------------------------


def _draw_system(
    draw: st.DrawFn,
    system_id: str,
    max_elements: int,
    value_sets: st.SearchStrategy[tuple[str, ...]],
    exchange_ids: Sequence[str] = (),
    advances: str | None = None,
) -> ActivitySystem:
    counts = {node: draw(st.integers(0, max_elements)) for node in LIST_NODES}
    total = sum(counts.values())
    ids = iter(_unique(draw, total, _ID, taken=SINGLE_NODES))

    def some(node: NodeName, **refs: Sequence[str]) -> list[Element]:
        return [
            _draw_element(draw, node, next(ids), value_sets, **refs) for _ in range(counts[node])
        ]

    def single(node: NodeName) -> Element:
        return _draw_element(draw, node, node, value_sets)

    community = some("community")
    tools = some("tools")
    return ActivitySystem(
        id=system_id,
        name=draw(_MAYBE_LABEL),
        sector=draw(_SECTOR),
        description=draw(_MAYBE_TEXT),
        advances=advances,
        subject=single("subject"),
        object=single("object"),
        outcome=single("outcome") if draw(_BOOL) else None,
        tools=tools,
        rules=some("rules", tool_ids=[t.id for t in tools]),
        community=community,
        division_of_labour=some(
            "division_of_labour",
            community_ids=[c.id for c in community],
            exchange_ids=exchange_ids,
        ),
    )


def activity_systems(
    *, system_id: str | None = None, max_elements: int | None = None, values: bool = True
) -> st.SearchStrategy[ActivitySystem]:
    """Activity systems whose ids are unique across nodes and whose ``applies_to`` and
    ``by`` name their own tools and community members.

    Args:
        system_id: a fixed system id; by default a short slug.
        max_elements: at most this many elements in each list node (tools, rules,
            community, division of labour); 3 when omitted.
        values: whether elements may carry value tags.

    Shrinks toward a system with only a subject and an object, one-character labels and
    no optional fields.
    """
    if system_id is not None:
        _check_slug("system_id", system_id)
    _check_bool("values", values)
    limit = _check_limit("max_elements", max_elements, _DEFAULT_MAX_ELEMENTS)
    value_sets = _value_sets(value_tags() if values else None)

    @st.composite
    def one(draw: st.DrawFn) -> ActivitySystem:
        chosen = system_id if system_id is not None else draw(_ID)
        return _draw_system(draw, chosen, limit, value_sets)

    return one()


# -- exchanges ------------------------------------------------------------------------


def _refs(system: ActivitySystem, node: NodeName) -> list[str]:
    return [f"{system.id}.{e.id}" for e in system.node(node)]


def _draw_time(draw: st.DrawFn, refs: Sequence[str]) -> DurationRange | str | None:
    """Nothing, a duration range, or a reference; shrinks toward nothing."""
    choice = draw(st.integers(0, 2 if refs else 1))
    if choice == 0:
        return None
    return draw(_RANGES) if choice == 1 else _pick(draw, refs)


def _draw_ref(draw: st.DrawFn, refs: Sequence[str]) -> str | None:
    if not refs or not draw(_BOOL):
        return None
    return _pick(draw, refs)


def _draw_exchange(
    draw: st.DrawFn, exchange_id: str, producer: ActivitySystem, consumer: ActivitySystem
) -> Exchange:
    producer_tools = _refs(producer, "tools")
    return Exchange.model_validate(
        {
            "id": exchange_id,
            "label": draw(_LABEL),
            "from": producer.id,
            "to": consumer.id,
            "takes": _draw_time(draw, producer_tools),
            "needed_within": _draw_time(draw, _refs(consumer, "rules")),
            "expects": draw(_CONTENT),
            "provides": draw(_MAYBE_CONTENT),
            "produced_with": _draw_ref(draw, producer_tools),
            "requested_with": _draw_ref(draw, _refs(consumer, "tools")),
            "description": draw(_MAYBE_TEXT),
        }
    )


def exchanges(
    *, between: Sequence[ActivitySystem], exchange_id: str | None = None
) -> st.SearchStrategy[Exchange]:
    """Exchanges from one of the given systems to another, whose references
    (``takes`` and ``produced_with``: producer tools; ``needed_within``: a consumer rule;
    ``requested_with``: a consumer tool) resolve in them.

    Args:
        between: two or more systems with distinct ids.
        exchange_id: a fixed id; by default a short slug.

    Shrinks toward an exchange from the first system to the second with a one-character
    label and nothing else.
    """
    if isinstance(between, ActivitySystem) or not isinstance(between, Sequence):
        raise InvalidArgument(f"between={between!r} must be a sequence of ActivitySystem")
    systems = list(between)
    if not all(isinstance(s, ActivitySystem) for s in systems):
        raise InvalidArgument("between must contain only ActivitySystem instances")
    ids = {s.id for s in systems}
    if len(ids) < 2 or len(ids) != len(systems):
        raise InvalidArgument("between needs at least two systems, with distinct ids")
    if exchange_id is not None:
        _check_slug("exchange_id", exchange_id)

    @st.composite
    def one(draw: st.DrawFn) -> Exchange:
        producer, consumer = _draw_pair(draw, len(systems))
        chosen = exchange_id if exchange_id is not None else draw(_ID)
        return _draw_exchange(draw, chosen, systems[producer], systems[consumer])

    return one()


def _draw_pair(draw: st.DrawFn, count: int) -> tuple[int, int]:
    """Two distinct indices below ``count``; shrinks toward ``(0, 1)``."""
    first = draw(st.integers(0, count - 1))
    second = draw(st.integers(0, count - 2))
    return first, second + (second >= first)


# -- cases ----------------------------------------------------------------------------


def _draw_vocabulary(draw: st.DrawFn) -> tuple[list[ValueTension], dict[str, str]]:
    """Case-level tensions (between two different tags) and aliases (new names for
    shipped tags)."""
    tensions: list[ValueTension] = []
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(_TENSION_TAG), draw(_TENSION_TAG)
        if a != b:
            tensions.append(ValueTension(between=(a, b), rationale=draw(_LABEL)))
    shipped, shipped_aliases = _vocabulary()
    names = _unique(draw, draw(st.integers(0, 2)), _ID, taken=(*shipped, *shipped_aliases))
    return tensions, {name: _pick(draw, shipped) for name in names}


def _draw_declared(draw: st.DrawFn, pool: Sequence[str]) -> DeclaredContradiction:
    remaining = list(pool)
    count = draw(st.integers(2, min(3, len(pool))))
    return DeclaredContradiction(
        between=tuple(remaining.pop(_pick(draw, range(len(remaining)))) for _ in range(count)),
        level=draw(_LEVEL),
        note=draw(_MAYBE_TEXT),
    )


@st.composite
def _cases(
    draw: st.DrawFn,
    systems_range: tuple[int, int],
    exchanges_range: tuple[int, int],
    max_elements: int,
    flags: dict[str, bool],
) -> Case:
    count = draw(st.integers(*systems_range))
    system_ids = _unique(draw, count, _ID)
    n_exchanges = draw(st.integers(*exchanges_range)) if count >= 2 else 0
    exchange_ids = _unique(draw, n_exchanges, _ID)
    # Exchange ends are drawn before the systems so that tasks can produce them.
    ends = [_draw_pair(draw, count) for _ in exchange_ids]
    tensions, aliases = _draw_vocabulary(draw) if flags["tensions"] else ([], {})
    tags: st.SearchStrategy[str] | None = None
    if flags["values"]:
        extra = sorted({t for x in tensions for t in x.between} | set(aliases))
        tags = value_tags() | st.sampled_from(extra) if extra else value_tags()
    value_sets = _value_sets(tags)
    advances = {
        i: system_ids[draw(st.integers(0, i - 1))]
        for i in range(1, count)
        if flags["advances"] and draw(_BOOL)
    }
    systems = [
        _draw_system(
            draw,
            system_ids[i],
            max_elements,
            value_sets,
            [x for x, (producer, _) in zip(exchange_ids, ends, strict=True) if producer == i],
            advances.get(i),
        )
        for i in range(count)
    ]
    exchanges = [
        _draw_exchange(draw, x, systems[p], systems[c])
        for x, (p, c) in zip(exchange_ids, ends, strict=True)
    ]
    integration = [
        IntegrationAssessment(
            between=(b, a) if draw(_BOOL) else (a, b),
            current=draw(_SOI),
            desired=draw(_SOI),
            rationale=draw(_MAYBE_TEXT),
        )
        for a, b in (
            _some(draw, itertools.combinations(system_ids, 2)) if flags["integration"] else []
        )
    ]
    pool = [f"{s.id}.{e.id}" for s in systems for _, e in s.elements()] + exchange_ids
    declared = [
        _draw_declared(draw, pool)
        for _ in range(draw(st.integers(0, 2)) if flags["declared"] else 0)
    ]
    return Case(
        title=draw(_LABEL),
        description=draw(_MAYBE_TEXT),
        systems=systems,
        exchanges=exchanges,
        shared_object=SharedObject(label=draw(_LABEL)) if draw(_BOOL) else None,
        integration=integration,
        declared=declared,
        value_tensions=tensions,
        value_aliases=aliases,
    )


def cases(
    *,
    min_systems: int = 1,
    max_systems: int | None = None,
    min_exchanges: int = 0,
    max_exchanges: int | None = None,
    max_elements: int | None = None,
    values: bool = True,
    tensions: bool = True,
    integration: bool = True,
    advances: bool = True,
    declared: bool = True,
) -> st.SearchStrategy[Case]:
    """Valid cases whose references all resolve.

    Args:
        min_systems: at least this many systems (at least 1).
        max_systems: at most this many systems; 3 (or ``min_systems``) when omitted.
        min_exchanges: at least this many exchanges. Exchanges need two systems, so a
            positive ``min_exchanges`` raises the least number of systems to 2.
        max_exchanges: at most this many exchanges; 3 (or ``min_exchanges``) when omitted.
        max_elements: at most this many elements in each list node; 3 when omitted.
        values: whether elements may carry value tags.
        tensions: whether the case may add its own ``value_tensions`` and
            ``value_aliases``.
        integration: whether Scale of Organisational Integration assessments may appear
            (at most one per pair of systems).
        advances: whether a system may ``advance`` another (always one listed before it,
            so ``advances`` never forms a cycle).
        declared: whether declared contradictions may appear.

    Shrinks toward a case with one system holding only a subject and an object, one-
    character labels, and no exchanges, assessments, declared contradictions or tags.
    """
    low_systems = _check_size("min_systems", min_systems, minimum=1)
    low_exchanges = _check_size("min_exchanges", min_exchanges)
    systems_range = _check_bounds(
        "min_systems", low_systems, "max_systems", max_systems, _DEFAULT_MAX_SYSTEMS
    )
    exchanges_range = _check_bounds(
        "min_exchanges", low_exchanges, "max_exchanges", max_exchanges, _DEFAULT_MAX_EXCHANGES
    )
    if exchanges_range[0] > 0:
        if systems_range[1] < 2:
            raise InvalidArgument(
                f"min_exchanges={min_exchanges} needs two systems, but max_systems={max_systems}"
            )
        systems_range = (max(systems_range[0], 2), systems_range[1])
    limit = _check_limit("max_elements", max_elements, _DEFAULT_MAX_ELEMENTS)
    flags = {
        "values": values,
        "tensions": tensions,
        "integration": integration,
        "advances": advances,
        "declared": declared,
    }
    for name, flag in flags.items():
        _check_bool(name, flag)
    return _cases(systems_range, exchanges_range, limit, flags)


_RANGES = duration_ranges()
_MAYBE_RANGE = st.none() | _RANGES
_TENSION_TAG = value_tags(allow_aliases=False)

# -- from_type ------------------------------------------------------------------------

st.register_type_strategy(Duration, durations())
st.register_type_strategy(DurationRange, duration_ranges())
st.register_type_strategy(Element, elements("community"))
st.register_type_strategy(ObjectElement, elements("object"))
st.register_type_strategy(Tool, elements("tools"))
st.register_type_strategy(Rule, elements("rules"))
st.register_type_strategy(Task, elements("division_of_labour"))
st.register_type_strategy(ActivitySystem, activity_systems())
st.register_type_strategy(Case, cases())
