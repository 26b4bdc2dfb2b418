"""Exchanges between systems, and whole cases."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from activity_systems.model import (
    ActivitySystem,
    Case,
    DeclaredContradiction,
    DurationRange,
    Exchange,
    IntegrationAssessment,
    NodeName,
    SharedObject,
    ValueTension,
)
from activity_systems.model.actions import Action, FindingReference, finding_key
from activity_systems.model.slugs import did_you_mean, numbered
from activity_systems.strategies._arguments import (
    _check_bool,
    _check_bounds,
    _check_limit,
    _check_rule_ids,
    _check_size,
    _check_slug,
)
from activity_systems.strategies._durations import _RANGES
from activity_systems.strategies._primitives import (
    _BOOL,
    _CONTENT,
    _ID,
    _LABEL,
    _LEVEL,
    _MAYBE_CONTENT,
    _MAYBE_DATE,
    _MAYBE_TEXT,
    _SOI,
    _STATUS,
    _draw_list,
    _pick,
    _some,
    _value_sets,
    _vocabulary,
    value_tags,
)
from activity_systems.strategies._systems import _DEFAULT_MAX_ELEMENTS, _draw_system
from activity_systems.vocab import shipped_vocabulary

_DEFAULT_MAX_SYSTEMS = 3
_DEFAULT_MAX_EXCHANGES = 3
_TENSION_TAG = value_tags(allow_aliases=False)


def _refs(system: ActivitySystem, node: NodeName) -> list[str]:
    return [f"{system.id}.{e.id}" for e in system.node(node)]


def _draw_time(draw: st.DrawFn, refs: Sequence[str]) -> DurationRange | str | None:
    """Nothing, a duration range, or a reference; shrinks toward nothing."""
    choice = draw(st.integers(0, 2 if refs else 1))
    if choice == 0:
        return None
    return draw(_RANGES) if choice == 1 else _pick(draw, refs)


def _draw_ref(draw: st.DrawFn, refs: Sequence[str]) -> str | None:
    """Nothing or one of ``refs``; drawn alike whether or not there are any."""
    if not draw(_BOOL):
        return None
    return _pick(draw, refs) if refs else None


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
    *,
    between: Sequence[ActivitySystem] | Case,
    exchange_id: str | None = None,
    from_: str | None = None,
    to: str | None = None,
) -> st.SearchStrategy[Exchange]:
    """Exchanges from one of the given systems to another, whose references
    (``takes`` and ``produced_with``: producer tools; ``needed_within``: a consumer rule;
    ``requested_with``: a consumer tool) resolve in them.

    Args:
        between: two or more systems with distinct ids, or a case: its systems, and
            an id that none of its exchanges has either, so that the exchange can be
            added to the case (a case refuses two exchanges of one id).
        exchange_id: a fixed id, not one of the systems' (nor, given a case, one of its
            exchanges'); by default a short slug that is none of theirs.
        from_: the id of the producer, one of ``between``; by default any of them.
        to: the id of the consumer, one of ``between`` and not ``from_``; by default
            any but the producer.

    Shrinks toward an exchange from the first system to the second with a one-character
    label and nothing else; with one end pinned, toward the first other system at the
    other end.
    """
    # Given a case, the exchange is drawn to be added to it: its id is none of the ids
    # the case's exchanges have, as well as none of its systems'.
    case_exchanges: set[str] = set()
    if isinstance(between, Case):
        case_exchanges = {x.id for x in between.exchanges}
        if len(between.systems) < 2:
            raise InvalidArgument(
                "between is a case of 1 system: an exchange goes from one system to "
                "another; draw the case with cases(min_systems=2)"
            )
        between = between.systems
    if isinstance(between, ActivitySystem) or not isinstance(between, Sequence):
        raise InvalidArgument(
            f"between={between!r} must be a sequence of ActivitySystem, or a Case"
        )
    systems = list(between)
    if not all(isinstance(s, ActivitySystem) for s in systems):
        raise InvalidArgument("between must contain only ActivitySystem instances")
    if len(systems) < 2:
        raise InvalidArgument(
            f"between needs at least two systems, not {len(systems)}: an exchange goes "
            "from one to another"
        )
    ids: set[str] = set()
    for system in systems:
        if system.id in ids:
            raise InvalidArgument(
                f"between has two systems with the id {system.id!r}: an exchange needs "
                "systems with distinct ids; draw each with its own, "
                "activity_systems(system_id=...)"
            )
        ids.add(system.id)
    if exchange_id is not None:
        _check_slug("exchange_id", exchange_id)
        if exchange_id in ids:
            raise InvalidArgument(
                f"exchange_id={exchange_id!r} is a system's id: a case needs it to differ"
            )
        if exchange_id in case_exchanges:
            raise InvalidArgument(
                f"exchange_id={exchange_id!r} is the id of an exchange of the case: "
                "a case needs each exchange's id to differ"
            )

    order = [s.id for s in systems]
    pinned = {
        name: _check_end(name, value, order)
        for name, value in (("from_", from_), ("to", to))
        if value is not None
    }
    if from_ is not None and from_ == to:
        raise InvalidArgument(
            f"from_ and to are both {from_!r}: an exchange goes from one system to another"
        )

    @st.composite
    def one(draw: st.DrawFn) -> Exchange:
        producer, consumer = _draw_ends(draw, len(systems), pinned.get("from_"), pinned.get("to"))
        # not a system's id, as a case needs (suffixed, like repeated ids in cases())
        taken = ids | case_exchanges
        chosen = exchange_id if exchange_id is not None else numbered(draw(_ID), taken)
        return _draw_exchange(draw, chosen, systems[producer], systems[consumer])

    return one()


@st.composite
def _shared_objects(draw: st.DrawFn) -> SharedObject:
    """Shared objects: a label, sometimes a description; nothing in them names a part of
    a case, so they can be drawn alone."""
    return SharedObject(label=draw(_LABEL), description=draw(_MAYBE_TEXT))


def _other_tag(first: str, second: str) -> str:
    """``second``, or with a suffix when it stands for the same tag as ``first`` (the same
    tag, or a tag of its own that happens to be a shipped alias of it, ``care`` for
    ``treatment``): a case refuses a tension of a tag with itself."""
    canonical = shipped_vocabulary().canonical
    if canonical(second) != canonical(first):
        return second
    return numbered(second, {second, first, *shipped_vocabulary().aliases})


@st.composite
def _value_tensions(draw: st.DrawFn) -> ValueTension:
    """Tensions between two tags that stand for different values (a repeat gets a
    suffix), with a rationale. Any such tags may be in tension, so they can be drawn
    alone."""
    first = draw(_TENSION_TAG)
    return ValueTension(
        between=(first, _other_tag(first, draw(_TENSION_TAG))), rationale=draw(_LABEL)
    )


def _check_end(name: str, value: object, order: Sequence[str]) -> int:
    """The index in ``order`` of the system ``value`` names, for ``exchanges(from_=, to=)``."""
    if not isinstance(value, str):
        raise InvalidArgument(f"{name}={value!r} must be a system's id (str)")
    if value not in order:
        raise InvalidArgument(
            f"{name}={value!r} is none of the systems in between{did_you_mean(value, order)}"
        )
    return order.index(value)


def _draw_ends(
    draw: st.DrawFn, count: int, producer: int | None, consumer: int | None
) -> tuple[int, int]:
    """The producer's and the consumer's indices, each as pinned or else drawn, distinct;
    an end that is drawn shrinks toward the first system that is not the other end."""
    if producer is None and consumer is None:
        return _draw_pair(draw, count)
    if producer is not None and consumer is not None:
        return producer, consumer
    fixed = producer if producer is not None else consumer
    assert fixed is not None
    other = draw(st.integers(0, count - 2))
    other += other >= fixed
    return (fixed, other) if producer is not None else (other, fixed)


def _draw_pair(draw: st.DrawFn, count: int) -> tuple[int, int]:
    """Two distinct indices below ``count``; shrinks toward ``(0, 1)``."""
    first = draw(st.integers(0, count - 1))
    second = draw(st.integers(0, count - 2))
    return first, second + (second >= first)


def _draw_vocabulary(draw: st.DrawFn) -> tuple[list[ValueTension], dict[str, str]]:
    """Case-level tensions (between two tags that stand for different values) and
    aliases (new names for shipped tags, none of them a tag of the tensions, so that no
    tension becomes one of a tag with itself)."""
    canonical = shipped_vocabulary().canonical

    def tension(draw: st.DrawFn) -> ValueTension | None:
        a, b = draw(_TENSION_TAG), draw(_TENSION_TAG)
        if canonical(a) == canonical(b):
            return None
        return ValueTension(between=(a, b), rationale=draw(_LABEL))

    tensions: list[ValueTension] = []
    pairs: set[frozenset[str]] = set()  # a case gives each pair of values once
    for drawn in _draw_list(draw, tension, max_size=2):
        if drawn is not None and (pair := frozenset(map(canonical, drawn.between))) not in pairs:
            pairs.add(pair)
            tensions.append(drawn)
    shipped, shipped_aliases = _vocabulary()
    taken = {*shipped, *shipped_aliases, *(tag for t in tensions for tag in t.between)}

    def alias(draw: st.DrawFn) -> tuple[str, str]:
        return numbered(draw(_ID), taken), _pick(draw, shipped)

    return tensions, dict(_draw_list(draw, alias, max_size=2))


def _draw_distinct(draw: st.DrawFn, pool: Sequence[str], low: int) -> tuple[str, ...]:
    """``low`` to 3 different items of ``pool``; shrinks toward its first ``low``."""
    remaining = list(pool)
    count = draw(st.integers(low, min(3, len(pool))))
    return tuple(remaining.pop(_pick(draw, range(len(remaining)))) for _ in range(count))


def _draw_declared(draw: st.DrawFn, pool: Sequence[str]) -> DeclaredContradiction:
    return DeclaredContradiction(
        between=_draw_distinct(draw, pool, 2), level=draw(_LEVEL), note=draw(_MAYBE_TEXT)
    )


def _registered_rule_ids() -> list[str]:
    """The ids of the rules registered now: the built-in ones in the catalogue's order,
    then the others (the user's), sorted. Looked up at each draw, not when the strategy
    is built: the user's rules may be registered after that, and the engine is imported
    on first use, not with Hypothesis."""
    from activity_systems.rules.engine import BUILTIN_RULES
    from activity_systems.rules.registry import registered_rules

    built_in = [spec.id for spec in BUILTIN_RULES]
    return built_in + [spec.id for spec in registered_rules() if spec.id not in built_in]


def _draw_action(draw: st.DrawFn, pool: Sequence[str], rule_ids: Sequence[str] | None) -> Action:
    """An action for a finding named by rule and elements, or by key; the finding need
    not be one the rules report (an action may outlive its finding)."""
    rule_id = _pick(draw, rule_ids or _registered_rule_ids())
    elements = _draw_distinct(draw, pool, 1)
    named = FindingReference(rule=rule_id, elements=elements)
    return Action(
        finding=finding_key(rule_id, elements) if draw(_BOOL) else named,
        strategy=draw(_LABEL),
        owner=draw(_MAYBE_TEXT),
        review=draw(_MAYBE_DATE),
        status=draw(_STATUS),
        note=draw(_MAYBE_TEXT),
    )


@st.composite
def _cases(
    draw: st.DrawFn,
    systems_range: tuple[int, int],
    exchanges_range: tuple[int, int],
    max_elements: int,
    flags: dict[str, bool],
    rule_ids: tuple[str, ...] | None,
) -> Case:
    # Each system and each exchange is drawn in one piece, its id and everything that
    # refers to earlier parts included, so that shrinking can drop one whole.
    tensions, aliases = _draw_vocabulary(draw) if flags["tensions"] else ([], {})
    tags: st.SearchStrategy[str] | None = None
    if flags["values"]:
        extra = sorted({t for x in tensions for t in x.between} | set(aliases))
        tags = value_tags() | st.sampled_from(extra) if extra else value_tags()
    value_sets = _value_sets(tags)
    systems: list[ActivitySystem] = []
    system_ids: set[str] = set()

    def system(draw: st.DrawFn) -> ActivitySystem:
        system_id = numbered(draw(_ID), system_ids)
        advances = None
        if flags["advances"] and draw(_BOOL) and systems:
            advances = _pick(draw, systems).id
        systems.append(_draw_system(draw, system_id, max_elements, value_sets, advances))
        return systems[-1]

    _draw_list(draw, system, min_size=systems_range[0], max_size=systems_range[1])
    exchange_ids: set[str] = set(system_ids)
    # What each task produces, by system and task position; tasks are linked to an
    # exchange when the exchange is drawn, so that dropping it drops its links.
    produces: dict[tuple[int, int], list[str]] = {}

    def exchange(draw: st.DrawFn) -> Exchange:
        producer, consumer = _draw_pair(draw, len(systems))
        # an exchange's id is not a system's: findings name both by id
        exchange_id = numbered(draw(_ID), exchange_ids)
        tasks = systems[producer].division_of_labour
        for task in _some(draw, range(len(tasks))):
            produces.setdefault((producer, task), []).append(exchange_id)
        return _draw_exchange(draw, exchange_id, systems[producer], systems[consumer])

    exchanges = (
        _draw_list(draw, exchange, min_size=exchanges_range[0], max_size=exchanges_range[1])
        if len(systems) >= 2
        else []
    )
    systems = [_with_products(s, i, produces) for i, s in enumerate(systems)]
    integration = [
        IntegrationAssessment(
            between=(b.id, a.id) if draw(_BOOL) else (a.id, b.id),
            current=draw(_SOI),
            desired=draw(_SOI),
            rationale=draw(_MAYBE_TEXT),
        )
        for a, b in (
            _some(draw, itertools.combinations(systems, 2)) if flags["integration"] else []
        )
    ]
    pool = [f"{s.id}.{e.id}" for s in systems for _, e in s.elements()] + [x.id for x in exchanges]
    declared = (
        _draw_list(draw, lambda draw: _draw_declared(draw, pool), max_size=2)
        if flags["declared"]
        else []
    )
    actions_pool = pool + [s.id for s in systems]
    actions = (
        _draw_list(draw, lambda draw: _draw_action(draw, actions_pool, rule_ids), max_size=2)
        if flags["actions"]
        else []
    )
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
        actions=actions,
    )


def _with_products(
    system: ActivitySystem, index: int, produces: dict[tuple[int, int], list[str]]
) -> ActivitySystem:
    """``system`` with its tasks producing the exchanges linked to them."""
    tasks = system.division_of_labour
    if not any((index, t) in produces for t in range(len(tasks))):
        return system
    linked = [
        task.model_copy(update={"produces": tuple(produces[index, t])})
        if (index, t) in produces
        else task
        for t, task in enumerate(tasks)
    ]
    return ActivitySystem.model_validate({**dict(system), "division_of_labour": linked})


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
    actions: bool = True,
    rule_ids: Sequence[str] | None = None,
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
        actions: whether action plans may appear, for findings named by rule and
            elements or by key (not necessarily findings the rules report).
        rule_ids: the ids of the rules that actions name. By default, those of the
            rules registered when the case is drawn: the built-in ones and those you
            have defined with :func:`~activity_systems.rules.rule`, so that ``check``
            never warns that no rule has an action's id. Shrinks toward the first.

    Shrinks toward a case with one system holding only a subject and an object, one-
    character labels, and no exchanges, assessments, declared contradictions, actions
    or tags.
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
        "actions": actions,
    }
    for name, flag in flags.items():
        _check_bool(name, flag)
    chosen = None if rule_ids is None else _check_rule_ids(rule_ids)
    return _cases(systems_range, exchanges_range, limit, flags, chosen)
