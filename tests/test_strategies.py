"""The Hypothesis strategies: valid cases, resolving references, options, shrinking."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from doc_blocks import ROOT, blocks
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.vendor.pretty import pretty

from activity_systems import (
    ActivitySystem,
    Case,
    DeclaredContradiction,
    Duration,
    DurationRange,
    Exchange,
    Finding,
    IntegrationAssessment,
    MisnamedFindingWarning,
    Rule,
    SharedObject,
    Task,
    Tool,
    ValueTension,
)
from activity_systems.model import SINGLE_NODES, Action, FindingReference
from activity_systems.model.case import REPR_LIMIT
from activity_systems.model.elements import Frozen
from activity_systems.rules import rule as define_rule
from activity_systems.rules import unregister
from activity_systems.rules.action_review import action_rule
from activity_systems.rules.engine import RuleSpec, check
from activity_systems.rules.registry import registered_rules
from activity_systems.strategies import (
    activity_systems,
    cases,
    duration_ranges,
    durations,
    elements,
    exchanges,
    value_tags,
)
from activity_systems.vocab import shipped_vocabulary

T = TypeVar("T")


def assert_references_resolve(case: Case) -> None:
    for exchange in case.exchanges:
        producer, consumer = case.system(exchange.from_), case.system(exchange.to)
        assert producer.id != consumer.id
        for ref, system, node in (
            (exchange.produced_with, producer, "tools"),
            (exchange.requested_with, consumer, "tools"),
            (exchange.takes if isinstance(exchange.takes, str) else None, producer, "tools"),
            (
                exchange.needed_within if isinstance(exchange.needed_within, str) else None,
                consumer,
                "rules",
            ),
        ):
            if ref is not None:
                found = case.locate(ref)
                assert (found.system.id, found.node) == (system.id, node)
        case.takes(exchange), case.needed_within(exchange), case.provides(exchange)
    for system in case.systems:
        tools = {t.id for t in system.tools}
        community = {c.id for c in system.community}
        for rule in system.rules:
            assert set(rule.applies_to) <= tools
        for task in system.division_of_labour:
            assert task.by is None or task.by == "subject" or task.by in community
            for exchange_id in task.produces:
                assert case.exchange(exchange_id).from_ == system.id
        if system.advances is not None:
            assert system.advances != system.id
            case.system(system.advances)
    for declared in case.declared:
        assert len(set(declared.between)) >= 2
        for ref in declared.between:
            assert case.has_exchange(ref) or case.locate(ref)
    pairs = [tuple(sorted(a.between)) for a in case.integration]
    assert len(pairs) == len(set(pairs))


@given(cases())
def test_generated_cases_are_valid_and_resolve(case: Case) -> None:
    assert Case.model_validate(case.model_dump(by_alias=True)) == case
    assert_references_resolve(case)


@given(st.from_type(Case), st.from_type(ActivitySystem))
def test_from_type_is_registered(case: Case, system: ActivitySystem) -> None:
    assert isinstance(case, Case)
    assert isinstance(system, ActivitySystem)
    assert ActivitySystem.model_validate(system.model_dump(by_alias=True)) == system


@given(st.from_type(Tool), st.from_type(Rule), st.from_type(Task), st.from_type(DurationRange))
def test_from_type_covers_elements_and_durations(
    tool: Tool, rule: Rule, task: Task, duration: DurationRange
) -> None:
    assert isinstance(tool, Tool)
    assert rule.applies_to == ()
    assert task.by in (None, "subject")
    assert task.produces == ()
    assert duration.min <= duration.max


@given(st.from_type(SharedObject), st.from_type(ValueTension))
def test_from_type_draws_the_parts_that_name_nothing_else(
    shared: SharedObject, tension: ValueTension
) -> None:
    # Neither names a system, an element or an exchange, so either is valid in any case.
    case = Case(title="t", systems=[{"id": "a", "subject": "s", "object": "o"}])
    updated = {"shared_object": shared, "value_tensions": [tension]}
    both = Case.model_validate({**case.model_dump(by_alias=True), **updated})
    assert both.shared_object == shared
    assert tension.between[0] != tension.between[1]


@pytest.mark.parametrize(
    ("model", "advice"),
    [
        (Exchange, "exchanges(between=systems)"),
        (Exchange, "one to add to a case with exchanges(between=case)"),
        (IntegrationAssessment, "case.integration"),
        (DeclaredContradiction, "case.declared"),
        (Action, "case.actions"),
        (FindingReference, "case.actions"),
    ],
)
def test_from_type_of_a_part_that_names_others_says_what_to_draw(
    model: type[Any], advice: str
) -> None:
    # These name systems, elements or exchanges that only a case holds: rather than
    # Hypothesis's guess from the fields, which fails validation, a clear error.
    with pytest.raises(InvalidArgument, match=re.escape(advice)) as raised:
        st.from_type(model).validate()
    assert f"st.from_type({model.__name__}) cannot draw one on its own" in str(raised.value)


def test_from_type_of_a_base_class_leaves_the_refused_models_out() -> None:
    # drawing one validates every model the base class stands for; shrinking it too
    # would only take seconds on a fresh checkout, with no example database to replay
    assert isinstance(simplest(st.from_type(Frozen)), Frozen)


@given(
    cases(
        min_systems=2,
        max_systems=4,
        min_exchanges=1,
        max_exchanges=2,
        max_elements=1,
        values=False,
        tensions=False,
        integration=False,
        advances=False,
        declared=False,
        actions=False,
    )
)
def test_options_bound_what_appears(case: Case) -> None:
    assert 2 <= len(case.systems) <= 4
    assert 1 <= len(case.exchanges) <= 2
    assert not case.integration
    assert not case.declared
    assert not case.value_tensions
    assert not case.advances_pairs()
    assert not case.value_aliases
    assert not case.actions
    for system in case.systems:
        for node in ("tools", "rules", "community", "division_of_labour"):
            assert len(system.node(node)) <= 1
    assert all(not located.element.values for located in case.iter_elements())


@given(cases(min_exchanges=1))
def test_min_exchanges_raises_the_least_number_of_systems(case: Case) -> None:
    assert len(case.systems) >= 2
    assert case.exchanges


@given(durations(min_value="2 days", max_value="3 weeks", units=["days", "weeks"]))
def test_durations_respect_bounds_and_units(duration: Duration) -> None:
    assert Duration.parse("2 days") <= duration <= Duration.parse("3 weeks")
    assert duration.unit in ("days", "weeks")
    assert Duration.parse(duration.to_iso()) == duration


def test_a_long_minimum_without_a_maximum_leaves_room_above_it() -> None:
    """Up to twice the minimum: a maximum of 52 weeks left min_value='60 weeks' only
    60 weeks, in hours, days or weeks."""
    low, high = Duration.parse("60 weeks"), Duration.parse("120 weeks")
    seen: set[Decimal] = set()

    @settings(max_examples=40, database=None, derandomize=True)
    @given(durations(min_value=low), duration_ranges(min_value=low))
    def drawn(duration: Duration, range_: DurationRange) -> None:
        assert low <= duration <= high
        assert low <= range_.min <= range_.max <= high
        seen.add(duration.hours)

    drawn()
    assert len(seen) > 10


@given(duration_ranges(max_value="10 days"))
def test_duration_ranges_are_ordered_and_parse_back(duration: DurationRange) -> None:
    assert duration.min <= duration.max <= Duration.parse("10 days")
    assert DurationRange.of(duration.to_iso() if duration.is_single else str(duration)) == duration


@given(st.data())
def test_exchanges_between_given_systems_resolve(data: st.DataObject) -> None:
    systems = data.draw(
        st.lists(activity_systems(), min_size=2, max_size=3, unique_by=lambda s: s.id)
    )
    exchange = data.draw(exchanges(between=systems, exchange_id="report"))
    case = Case(title="Exchange", systems=systems, exchanges=[exchange])
    assert exchange.id == "report"
    assert {exchange.from_, exchange.to} <= {s.id for s in systems}
    assert_references_resolve(case)


@given(elements("rules", tool_ids=["report", "request"]))
def test_rules_apply_to_the_given_tools(rule: Rule) -> None:
    assert set(rule.applies_to) <= {"report", "request"}
    assert rule.id not in SINGLE_NODES


@given(elements("division_of_labour", community_ids=["nurses"], exchange_ids=["report"]))
def test_tasks_name_the_given_community_and_exchanges(task: Task) -> None:
    assert task.by in (None, "subject", "nurses")
    assert set(task.produces) <= {"report"}


@given(value_tags(allow_aliases=False, allow_unknown=False))
def test_value_tags_from_the_vocabulary(tag: str) -> None:
    assert tag in shipped_vocabulary().tags


def simplest(strategy: st.SearchStrategy[T]) -> T:
    """What ``strategy`` shrinks toward: the example Hypothesis tries first."""
    once = settings(max_examples=1, database=None, phases=[Phase.generate])
    return find(strategy, lambda _: True, settings=once)


def test_shrinks_toward_what_the_docstrings_say() -> None:
    case = simplest(cases())
    (system,) = case.systems
    assert [node for node, _ in system.elements()] == ["subject", "object"]
    assert not case.exchanges
    assert not case.declared
    assert not case.integration
    assert case.title == system.subject.label == "0"
    assert simplest(durations()) == Duration.parse("1 hour")
    assert simplest(durations(min_value="3 days", units=["weeks", "days"])) == (
        Duration.parse("1 week")
    )
    assert simplest(duration_ranges()) == DurationRange.parse("1 hour")
    assert simplest(value_tags()) == "closed-culture"
    assert simplest(elements("tools")).model_dump(exclude_defaults=True) == {
        "id": "a",
        "label": "0",
    }
    assert simplest(elements("division_of_labour")).basis == "core"
    linked = simplest(cases(min_exchanges=1))
    (exchange,) = linked.exchanges
    assert [s.id for s in linked.systems] == ["a", "a-2"]
    assert (exchange.from_, exchange.to) == ("a", "a-2")
    assert exchange.expects == ()
    assert exchange.takes is exchange.needed_within is exchange.requested_with is None


def shrunk(condition: Callable[[Case], bool], **options: Any) -> Case:
    """The case ``cases(**options)`` shrinks to for a condition, the same on every run."""
    fixed = settings(database=None, max_examples=300, derandomize=True)
    return find(cases(**options), condition, settings=fixed)


#: Fewer parts to shrink away, for tests of systems and exchanges: shrinking a case takes
#: a few hundred cases, and so seconds.
LEAN = {
    "max_elements": 1,
    "values": False,
    "tensions": False,
    "integration": False,
    "declared": False,
    "actions": False,
}


def nodes(case: Case) -> list[tuple[str, str]]:
    """Every element of the case by system and node, subjects and objects left out."""
    return [
        (located.system.id, located.node)
        for located in case.iter_elements()
        if located.node not in ("subject", "object")
    ]


def assert_nothing_else(case: Case) -> None:
    """Nothing but systems, elements and exchanges, all with default or simplest fields."""
    assert case.shared_object is None
    assert [*case.integration, *case.declared, *case.actions, *case.value_tensions] == []
    assert case.value_aliases == {}
    assert case.title == "0"
    for system in case.systems:
        assert system.advances is system.name is system.sector is None
    for located in case.iter_elements():
        assert located.element.label == "0"
        assert not located.element.values


# Shrinking drops whole systems, elements and exchanges anywhere in a case: each is drawn
# in one piece, with its id and its links to the rest.
def test_shrinks_to_one_system_with_two_tools() -> None:
    case = shrunk(lambda case: any(len(s.tools) >= 2 for s in case.systems))
    (system,) = case.systems
    assert nodes(case) == [(system.id, "tools")] * 2
    assert not case.exchanges
    assert_nothing_else(case)


def test_shrinks_to_one_task_producing_one_exchange() -> None:
    case = shrunk(
        lambda case: any(task.produces for s in case.systems for task in s.division_of_labour),
        **LEAN,
        max_exchanges=2,
    )
    (exchange,) = case.exchanges
    assert [s.id for s in case.systems] == ["a", "a-2"]
    assert nodes(case) == [(exchange.from_, "division_of_labour")]
    (task,) = case.system(exchange.from_).division_of_labour
    assert task.produces == (exchange.id,)
    assert exchange.expects == ()
    assert_nothing_else(case)


def test_shrinks_past_exchanges_before_the_one_that_matters() -> None:
    # The docs' buggy rule needs an exchange that expects nothing and one that expects
    # something; the first exchange drawn is often one that matters to neither.
    case = shrunk(
        lambda case: (
            any(x.expects for x in case.exchanges) and any(not x.expects for x in case.exchanges)
        ),
        **LEAN,
    )
    assert len(case.systems) == 2
    assert sorted(len(x.expects) for x in case.exchanges) == [0, 1]
    assert nodes(case) == []
    assert_nothing_else(case)


@pytest.mark.parametrize(
    ("strategy", "kwargs"),
    [
        (durations, {"min_value": "3 months"}),
        (durations, {"min_value": 3}),
        (durations, {"min_value": "2 weeks", "max_value": "1 week"}),
        (durations, {"units": []}),
        (durations, {"units": ["months"]}),
        (durations, {"units": "days"}),
        (durations, {"min_value": "1 hour", "max_value": "2 hours", "units": ["weeks"]}),
        (duration_ranges, {"max_value": "0 days"}),
        (value_tags, {"allow_unknown": "yes"}),
        (elements, {"node": "tool"}),
        (elements, {"node": "subject", "element_id": "me"}),
        (elements, {"node": "tools", "element_id": "object"}),
        (elements, {"node": "tools", "element_id": "Not a slug"}),
        (elements, {"node": "tools", "tool_ids": ["report"]}),
        (elements, {"node": "rules", "tool_ids": "report"}),
        (elements, {"node": "division_of_labour", "community_ids": ["subject"]}),
        (activity_systems, {"system_id": "Court"}),
        (activity_systems, {"max_elements": -1}),
        (activity_systems, {"max_elements": 1.5}),
        (exchanges, {"between": []}),
        (cases, {"min_systems": 0}),
        (cases, {"min_systems": 3, "max_systems": 2}),
        (cases, {"min_exchanges": 1, "max_systems": 1}),
        (cases, {"max_exchanges": -1}),
        (cases, {"declared": None}),
        (cases, {"values": 1}),
        (cases, {"actions": "no"}),
        (cases, {"rule_ids": "ORG101"}),
        (cases, {"rule_ids": []}),
        (cases, {"rule_ids": ["ORG 101"]}),
        (cases, {"rule_ids": [101]}),
    ],
)
def test_bad_options_raise_invalid_argument(strategy: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        strategy(**kwargs)


@pytest.mark.parametrize(
    ("node", "meant"),
    [
        ("rule", "rules"),
        ("Tool", "tools"),
        (Tool, "tools"),
        (Task, "division_of_labour"),
        ("task", "division_of_labour"),
        ("division-of-labour", "division_of_labour"),
        ("Subject", "subject"),
        ("communities", "community"),
        ("members", "community"),
        ("subjects", "subject"),
        ("objects", "object"),
        ("outcomes", "outcome"),
        ("tasks", "division_of_labour"),
        ("divisionOfLabour", "division_of_labour"),
    ],
)
def test_an_element_s_node_written_otherwise_is_told_its_name(node: Any, meant: str) -> None:
    """``elements("rule")`` or ``elements(Tool)`` was told the seven nodes' names, with
    a class shown as ``<class 'activity_systems.model.elements.Tool'>``."""
    with pytest.raises(InvalidArgument) as raised:
        elements(node)
    assert str(raised.value).endswith(f" (did you mean {meant!r}?)")
    assert "<class" not in str(raised.value)


def test_a_bound_that_is_not_a_duration_says_so_once() -> None:
    with pytest.raises(InvalidArgument) as raised:
        durations(min_value="three weeks")
    assert str(raised.value) == (
        "min_value: 'three weeks' is not a duration (did you mean '3 weeks'?): write a "
        "number and a unit, e.g. '6 weeks', '42 days', '36 hours' or 'P6W'"
    )


def test_exchanges_need_two_distinct_systems() -> None:
    court = simplest(activity_systems(system_id="court"))
    with pytest.raises(InvalidArgument):
        exchanges(between=[court, court])
    with pytest.raises(InvalidArgument):
        exchanges(between=court)  # type: ignore[arg-type]


def test_exchanges_between_systems_of_one_id_say_which_and_how_to_pin_them() -> None:
    # Two systems drawn with activity_systems() both shrink toward the id 'a': the
    # error names the repeated id and how to give each system its own.
    court = simplest(activity_systems(system_id="court"))
    with pytest.raises(InvalidArgument) as raised:
        exchanges(between=[court, court])
    assert str(raised.value) == (
        "between has two systems with the id 'court': an exchange needs systems with "
        "distinct ids; draw each with its own, activity_systems(system_id=...)"
    )
    with pytest.raises(InvalidArgument) as raised:
        exchanges(between=[court])
    assert str(raised.value) == (
        "between needs at least two systems, not 1: an exchange goes from one to another"
    )


def test_importing_without_hypothesis_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import activity_systems.strategies\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert 'pip install "activity-systems[testing]"' in out


@pytest.mark.parametrize("plugins", [True, False])
def test_importing_hypothesis_registers_the_strategies(plugins: bool) -> None:
    # The installed package's "hypothesis" entry point: st.from_type(Case) gives valid
    # cases without importing activity_systems.strategies; HYPOTHESIS_NO_PLUGINS turns
    # the hook off, which shows that the hook is what registers them.
    code = (
        "import sys, hypothesis\n"
        "print('activity_systems.strategies' in sys.modules)\n"
        "from hypothesis import strategies as st\n"
        "from activity_systems import Case\n"
        "import warnings; warnings.simplefilter('ignore')\n"
        "try:\n    print(type(st.from_type(Case).example()).__name__)\n"
        "except Exception as e:\n    print(type(e).__name__)\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_NO_PLUGINS"}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    # Without the hook, Hypothesis falls back to guessing from the fields, which (almost
    # always) fails validation; only the first line is certain.
    assert out[0] == str(plugins)
    if plugins:
        assert out[1] == "Case"


def test_falsifying_examples_print_only_what_differs_from_the_defaults() -> None:
    assert repr(simplest(cases())) == (
        "Case(title='0', systems=(ActivitySystem(id='a', subject=Element(id='subject', "
        "label='0'), object=ObjectElement(id='object', label='0')),))"
    )


def test_falsifying_examples_print_durations_as_their_reprs() -> None:
    """Not the source of the function that built them (``Duration(Decimal(28) / steps,
    unit)``), which could not tell 28 days from 28 hours, nor their fields."""
    limit = Duration.parse("4 weeks")
    fixed = settings(
        database=None, derandomize=True, max_examples=300, phases=[Phase.generate, Phase.shrink]
    )

    @fixed
    @given(durations(units=["days", "weeks"]))
    def under_the_limit(d: Duration) -> None:
        assert d < limit

    @fixed
    @given(duration_ranges(units=["weeks"]))
    def short_or_single(r: DurationRange) -> None:
        assert r.is_single or r.max <= Duration.parse("3 weeks")

    @fixed
    @given(st.from_type(DurationRange))
    def under_five_hours(r: DurationRange) -> None:
        assert r.max.hours < 5

    for test, shown in (
        (under_the_limit, "d=Duration.parse('28 days'),"),
        (short_or_single, "r=DurationRange.parse('1-4 weeks'),"),
        (under_five_hours, "r=DurationRange.parse('5 hours'),"),
    ):
        with pytest.raises(AssertionError) as info:
            test()
        notes = "\n".join(getattr(info.value, "__notes__", ()))
        assert shown in notes
        assert "steps" not in notes


def pasting_namespace() -> dict[str, Any]:
    """What the property-testing page imports beside a falsifying example pasted into a
    test as an ``@example``: its ``datetime`` and ``activity_systems`` imports."""
    (block,) = [
        b
        for b in blocks(ROOT / "docs" / "property-testing.md")
        if b.language == "python" and "@example(" in b.text
    ]
    wanted = ("datetime", "activity_systems")
    imports: list[ast.stmt] = [
        node
        for node in ast.parse(block.text).body
        if (isinstance(node, ast.ImportFrom) and node.module in wanted)
        or (isinstance(node, ast.Import) and node.names[0].name in wanted)
    ]
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=imports, type_ignores=[]), block.where, "exec"), namespace)
    return namespace


PASTING = pasting_namespace()


@settings(max_examples=60, deadline=None)
@given(cases())
def test_what_a_falsifying_example_prints_evaluates_back_to_the_case(case: Case) -> None:
    """Pasted into a test, with the imports the page gives, the printed case is the case:
    durations, integration levels and review dates print as Python that makes them, and a
    case past the repr's limit prints whole, not summed up."""
    printed = pretty(case)
    assert eval(printed, dict(PASTING)) == case
    if len(printed) <= REPR_LIMIT:
        assert repr(case) == printed


def test_a_failing_test_prints_a_case_that_pastes_back() -> None:
    failing: list[Case] = []

    @settings(
        database=None,
        derandomize=True,
        max_examples=300,
        print_blob=False,
        phases=[Phase.generate, Phase.shrink],
    )
    @given(
        cases(
            min_exchanges=1,
            max_systems=2,
            max_elements=1,
            values=False,
            tensions=False,
            declared=False,
            actions=False,
        )
    )
    def no_timed_exchange_between_assessed_systems(case: Case) -> None:
        timed = [x for x in case.exchanges if isinstance(x.needed_within, DurationRange)]
        if timed and case.integration:
            failing.append(case)
            raise AssertionError("timed and assessed")

    with pytest.raises(AssertionError) as info:
        no_timed_exchange_between_assessed_systems()
    # "Failing test case" in recent versions of Hypothesis
    (note,) = [n for n in info.value.__notes__ if n.startswith(("Falsifying", "Failing"))]
    arguments = note.partition("(")[2].rpartition(")")[0]
    assert "DurationRange.parse(" in arguments
    assert "IntegrationLevel." in arguments
    assert eval(f"dict({arguments})", dict(PASTING))["case"] == failing[-1]


@settings(max_examples=60, deadline=None)
@given(cases(min_systems=2, max_systems=4, max_exchanges=6))
def test_no_exchange_takes_a_system_s_id(case: Case) -> None:
    """A case refuses it: findings and action plans name systems and exchanges alike."""
    assert not {x.id for x in case.exchanges} & {s.id for s in case.systems}


def test_exchanges_refuse_a_fixed_id_that_is_a_system_s() -> None:
    a = ActivitySystem(id="a", subject="S", object="O")
    b = ActivitySystem(id="b", subject="S", object="O")
    with pytest.raises(InvalidArgument, match="'a' is a system's id"):
        exchanges(between=[a, b], exchange_id="a").example()
    drawn = find(exchanges(between=[a, b]), lambda x: True)
    assert drawn.id not in ("a", "b")


def test_drawn_tensions_and_aliases_are_ones_a_case_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A case refuses a tension of a tag with itself or with a tag that stands for the same
    one, and an alias that makes one of its tensions so. Tags drawn from a few make the
    meetings that random ones make rarely: ``care`` drawn as a tag of its own beside
    ``treatment``, a new alias named as a tag of a tension."""
    from activity_systems.strategies import _cases

    monkeypatch.setattr(_cases, "_TENSION_TAG", st.sampled_from(["x", "treatment", "care"]))
    monkeypatch.setattr(_cases, "_ID", st.sampled_from(["x", "y"]))
    canonical = shipped_vocabulary().canonical

    @settings(max_examples=60, database=None, deadline=None)
    @given(cases(max_systems=1, max_elements=1, values=False), st.from_type(ValueTension))
    def drawn(case: Case, tension: ValueTension) -> None:
        assert canonical(tension.between[0]) != canonical(tension.between[1])
        # the case's own tensions and aliases were accepted when it was drawn; a tension
        # drawn alone stands beside the shipped vocabulary, not beside those aliases (one
        # may name its tag: {x: treatment} beside [x, treatment])
        data = case.model_dump(by_alias=True, exclude={"value_aliases"})
        Case.model_validate({**data, "value_tensions": [tension]})

    drawn()


@pytest.fixture(scope="module")
def own_rule() -> Iterator[RuleSpec]:
    """A rule of the user's, ZZ101, registered while this module's tests run; it finds
    nothing."""

    @define_rule("ZZ101", name="finds-nothing", category="contradiction")
    def finds_nothing(case: Case) -> list[Finding]:
        """Finds nothing."""
        return []

    yield finds_nothing
    unregister("ZZ101")


@settings(max_examples=40, deadline=None)
@given(case=cases(min_systems=2, values=False, tensions=False))
def test_drawn_actions_name_only_rules_that_exist(own_rule: RuleSpec, case: Case) -> None:
    """No rule's author meets a warning of the strategy's making: an action never names a
    rule that no rule has (they named ORG101, the docs' example, whoever tested)."""
    registered = {spec.id for spec in registered_rules()}
    assert {action_rule(action) for action in case.actions} <= registered
    with warnings.catch_warnings():
        warnings.simplefilter("error", MisnamedFindingWarning)
        check(case, rules=[own_rule])  # it finds nothing, so nothing is near one of its


def test_drawn_actions_name_the_user_s_own_rules(own_rule: RuleSpec) -> None:
    once = settings(database=None, derandomize=True, max_examples=500, phases=[Phase.generate])
    case = find(
        cases(min_systems=2, values=False, tensions=False),
        lambda case: any(action_rule(action) == "ZZ101" for action in case.actions),
        settings=once,
    )
    assert case.actions


@settings(max_examples=15, deadline=None)
@given(cases(rule_ids=["ORG101", "XY202"], values=False, tensions=False))
def test_drawn_actions_name_the_rules_asked_for(case: Case) -> None:
    assert {action_rule(action) for action in case.actions} <= {"ORG101", "XY202"}


@given(st.data())
def test_exchanges_go_the_way_from_and_to_pin_them(data: st.DataObject) -> None:
    """A rule about reports to the court needs every exchange to go that way: pinning the
    producer, the consumer or both draws no exchange that a test must throw away."""
    systems = [
        ActivitySystem(id=name, subject="S", object="O") for name in ("mhs", "court", "prison")
    ]
    both = data.draw(exchanges(between=systems, from_="mhs", to="court"))
    assert (both.from_, both.to) == ("mhs", "court")
    to_court = data.draw(exchanges(between=systems, to="court"))
    assert to_court.to == "court"
    assert to_court.from_ in ("mhs", "prison")
    from_prison = data.draw(exchanges(between=systems, from_="prison"))
    assert from_prison.from_ == "prison"
    assert from_prison.to in ("mhs", "court")


def test_an_exchange_pinned_at_one_end_shrinks_toward_the_first_other_system() -> None:
    systems = [simplest(activity_systems(system_id=name)) for name in ("prison", "mhs", "court")]
    to_court = simplest(exchanges(between=systems, to="court"))
    assert (to_court.from_, to_court.to) == ("prison", "court")
    from_prison = simplest(exchanges(between=systems, from_="prison"))
    assert (from_prison.from_, from_prison.to) == ("prison", "mhs")


def test_exchanges_pinned_to_no_given_system_say_which_there_are() -> None:
    systems = [simplest(activity_systems(system_id=name)) for name in ("mhs", "court")]
    with pytest.raises(InvalidArgument) as raised:
        exchanges(between=systems, to="curt")
    assert str(raised.value) == (
        "to='curt' is none of the systems in between (did you mean 'court'?)"
    )
    with pytest.raises(InvalidArgument, match=r"from_='x' is none .* \(known: 'court', 'mhs'\)"):
        exchanges(between=systems, from_="x")
    with pytest.raises(InvalidArgument) as raised:
        exchanges(between=systems, from_="court", to="court")
    assert str(raised.value) == (
        "from_ and to are both 'court': an exchange goes from one system to another"
    )


_DRAWN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,7}(-[0-9]+)?")


@settings(max_examples=60, deadline=None)
@given(cases(min_systems=2, max_systems=4, max_exchanges=6))
def test_drawn_ids_are_short_so_that_a_longer_fixed_id_never_clashes(case: Case) -> None:
    """The property-testing page adds elements of fixed ids to drawn systems
    (``report-deadline``): every id drawn is at most eight characters, but for the number
    that tells a repeat apart, or is a single node's (``subject``)."""
    ids = [s.id for s in case.systems] + [x.id for x in case.exchanges]
    ids += [e.id for s in case.systems for node, e in s.elements() if node not in SINGLE_NODES]
    for drawn in ids:
        assert _DRAWN_ID.fullmatch(drawn), drawn


def test_an_exchange_drawn_for_a_case_takes_no_id_its_exchanges_have() -> None:
    # Drawn between the systems alone, the simplest exchange is 'a-3', the id the
    # simplest case's own exchange has: added to the case, the case refused it.
    case = simplest(cases(min_exchanges=1))
    assert [x.id for x in case.exchanges] == ["a-3"]
    assert simplest(exchanges(between=case.systems)).id == "a-3"
    added = simplest(exchanges(between=case))
    assert added.id == "a-4"
    grown = case.model_copy(update={"exchanges": (*case.exchanges, added)})
    assert [x.id for x in grown.exchanges] == ["a-3", "a-4"]
    with pytest.raises(InvalidArgument, match="'a-3' is the id of an exchange of the case"):
        exchanges(between=case, exchange_id="a-3")
    alone = simplest(cases())
    with pytest.raises(InvalidArgument) as raised:
        exchanges(between=alone)
    assert str(raised.value) == (
        "between is a case of 1 system: an exchange goes from one system to another; "
        "draw the case with cases(min_systems=2)"
    )


@settings(max_examples=40, deadline=None)
@given(cases(min_exchanges=1), st.data())
def test_an_exchange_drawn_for_a_case_can_be_added_to_it(case: Case, data: st.DataObject) -> None:
    added = data.draw(exchanges(between=case, to=case.exchanges[0].to))
    grown = Case.model_validate(
        {**case.model_dump(), "exchanges": [*case.model_dump()["exchanges"], added.model_dump()]}
    )
    assert grown.exchanges[-1] == added
    assert_references_resolve(grown)


def names_a_block_leaves_undefined(text: str, where: str) -> set[str]:
    """The names a block of Python uses without importing or defining them itself."""
    import builtins
    import symtable

    top = symtable.symtable(text, where, "exec")
    defined = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    used: set[str] = set()
    tables = [top]
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        used |= {
            s.get_name()
            for s in table.get_symbols()
            if s.is_referenced() and (s.is_global() or table is top) and not s.is_assigned()
        }
    return used - defined - set(dir(builtins))


def test_each_test_on_the_property_testing_page_runs_when_copied_alone() -> None:
    # A reader copies one test file's worth from the page, as the page says
    # ("saved as test_rule.py"): each block that defines a test imports what it uses,
    # rather than relying on the imports of blocks further up the page.
    missing = {
        b.where: sorted(names_a_block_leaves_undefined(b.text, b.where))
        for b in blocks(ROOT / "docs" / "property-testing.md")
        if b.language == "python" and not b.fragment and re.search(r"^def test_", b.text, re.M)
    }
    assert {where: names for where, names in missing.items() if names} == {}
