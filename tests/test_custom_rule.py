"""Property tests of the user rule in ``examples/custom_rule.py``, with the strategies."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given

from activity_systems import BUILTIN_RULES, Case, Finding, check
from activity_systems.model.relations import Level
from activity_systems.rules import new_finding, rule
from activity_systems.rules.engine import RuleSpec, unregister
from activity_systems.strategies import cases

# Drawn actions name findings at random, so now and then one names a reported finding
# almost but not quite, and check() warns about it (as documented for property tests).
pytestmark = pytest.mark.filterwarnings("ignore::activity_systems.MisnamedFindingWarning")

EXAMPLE = Path(__file__).parent.parent / "examples" / "custom_rule.py"


@pytest.fixture(scope="module")
def user_rule() -> Iterator[RuleSpec]:
    """The example's rule, registered while this module's tests run and no longer."""
    spec = importlib.util.spec_from_file_location("custom_rule", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule: RuleSpec = module.expectation_without_request
    yield rule
    unregister(rule.id)


@given(case=cases())
def test_fires_exactly_for_expectations_without_a_request(user_rule: RuleSpec, case: Case) -> None:
    report = check(case, rules=[user_rule])
    fired = [f.elements[-1] for f in report.findings]
    wanted = [x.id for x in case.exchanges if x.expects and x.requested_with is None]
    assert sorted(fired) == sorted(wanted)


@given(case=cases(min_exchanges=1))
def test_findings_name_the_consumer_and_what_it_expects(user_rule: RuleSpec, case: Case) -> None:
    for finding in check(case, rules=[user_rule]).findings:
        consumer, exchange_id = finding.elements
        exchange = case.exchange(exchange_id)
        assert consumer == exchange.to
        assert all(item in finding.message for item in exchange.expects)
        assert finding.level == "quaternary"


def assert_beside_the_built_ins(case: Case, rule: RuleSpec) -> None:
    """The property the docs state: beside the built-in rules, a rule fails on nothing
    and the report is the union of the two, less the declared contradictions that name
    the same elements at the same level as one of its findings, folded into that
    finding (marked declared)."""
    alone = check(case, rules=[rule])
    built_in = check(case)
    both = check(case, rules=[*BUILTIN_RULES, rule])
    assert not both.rules_failed

    def identity(finding: Finding) -> tuple[frozenset[str], str | None]:
        return frozenset(finding.elements), finding.level

    found = {identity(f) for f in alone.findings}
    folded = [f for f in built_in.findings if f.rule == "AS000" and identity(f) in found]
    union = {f.key for f in alone.findings + built_in.findings}
    assert {f.key for f in both.findings} == union - {f.key for f in folded}
    declared = {identity(f) for f in folded}
    assert all(f.declared for f in both.findings if identity(f) in declared)


@given(case=cases())
def test_runs_beside_the_built_ins_without_changing_them(user_rule: RuleSpec, case: Case) -> None:
    assert_beside_the_built_ins(case, user_rule)


@pytest.fixture(scope="module")
def rule_on_elements() -> Iterator[RuleSpec]:
    """A rule whose findings name two elements of one system, as a declared
    contradiction can (the example's rule names a system, which a declaration cannot)."""

    @rule("ORG102", name="rule-on-tool", category="contradiction")
    def rule_on_tool(case: Case) -> Iterator[Finding]:
        """A rule of a system applies to one of its tools."""
        for system in case.systems:
            for item in system.rules:
                for tool in item.applies_to:
                    yield new_finding(
                        elements=[f"{system.id}.{item.id}", f"{system.id}.{tool}"],
                        level="secondary",
                        message=f"{item.label} applies to {tool}.",
                    )

    yield rule_on_tool
    unregister(rule_on_tool.id)


#: A declared contradiction that a finding of ORG102 names too.
DECLARED_TOO = Case.model_validate(
    {
        "title": "Court",
        "systems": [
            {
                "id": "court",
                "subject": "Magistrate",
                "object": "Defendant",
                "tools": [{"id": "request", "label": "Request"}],
                "rules": [{"id": "targets", "label": "Targets", "applies_to": ["request"]}],
            }
        ],
        "declared": [{"between": ["court.request", "court.targets"], "level": "secondary"}],
    }
)


@example(case=DECLARED_TOO)
@given(case=cases())
def test_a_rule_of_elements_runs_beside_the_built_ins_and_takes_in_declarations(
    rule_on_elements: RuleSpec, case: Case
) -> None:
    assert_beside_the_built_ins(case, rule_on_elements)


def test_a_declaration_a_rule_of_ones_own_finds_is_folded_into_its_finding(
    rule_on_elements: RuleSpec,
) -> None:
    """Not the plain union: the declared finding is no longer on its own."""
    both = check(DECLARED_TOO, rules=[*BUILTIN_RULES, rule_on_elements])
    (finding,) = [f for f in both.findings if "court.request" in f.elements]
    assert (finding.rule, finding.declared, finding.detected) == ("ORG102", True, True)
    assert "AS000" in {f.rule for f in check(DECLARED_TOO).findings}


def test_the_example_runs_as_a_script() -> None:
    case_file = EXAMPLE.parent / "segregation-unit.yaml"
    out = subprocess.run(
        [sys.executable, str(EXAMPLE), str(case_file)], capture_output=True, text=True, check=True
    ).stdout
    assert "ORG101 medium" in out


def test_the_property_testing_page_names_the_rules_lines(user_rule: RuleSpec) -> None:
    # The page quotes the warnings' places in this file: the line the rule raises at,
    # and the line a rule is defined at (it said line 41, inside the rule's docstring)
    page = (EXAMPLE.parent.parent / "docs" / "property-testing.md").read_text("utf-8")
    lines = EXAMPLE.read_text("utf-8").splitlines()
    failed = {int(n) for n in re.findall(r"failed at custom_rule\.py:(\d+)", page)}
    defined = {int(n) for n in re.findall(r"defined at custom_rule\.py:(\d+)", page)}
    assert [lines[n - 1].strip() for n in failed] == ["*first, last = exchange.expects"]
    assert defined == {user_rule.function.__code__.co_firstlineno}


CASE = Case.model_validate(
    {
        "title": "A case",
        "systems": [{"id": "court", "subject": "Magistrate", "object": "Defendant"}],
    }
)


def test_a_rule_function_left_undecorated_is_named_with_how_to_register_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The decorator forgotten: check() is given the plain function, which is named with
    # where it is defined (relative to the current folder).
    monkeypatch.chdir(EXAMPLE.parent.parent)

    def one_way_exchange(case: Case) -> list[Finding]:
        return []

    line = one_way_exchange.__code__.co_firstlineno
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=[*BUILTIN_RULES, one_way_exchange])  # type: ignore[list-item]
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not the function one_way_exchange "
        f"(tests/test_custom_rule.py:{line}, in one_way_exchange): decorate it with "
        "@activity_systems.rule(ID, name=..., category=...) to make it a rule"
    )
    with pytest.raises(TypeError, match=r"rule ids, not int$"):
        check(CASE, rules=[101])  # type: ignore[list-item]


def test_a_rule_function_given_alone_undecorated_is_named_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # rules= takes one rule as well as a list (rules="AS101"): the function given alone,
    # its @rule forgotten, is named as in a list, not "'function' object is not iterable".
    monkeypatch.chdir(EXAMPLE.parent.parent)

    def one_way_exchange(case: Case) -> list[Finding]:
        return []

    line = one_way_exchange.__code__.co_firstlineno
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=one_way_exchange)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not the function one_way_exchange "
        f"(tests/test_custom_rule.py:{line}, in one_way_exchange): decorate it with "
        "@activity_systems.rule(ID, name=..., category=...) to make it a rule"
    )
    with pytest.raises(TypeError, match=r"rule ids, not int$"):
        check(CASE, rules=101)  # type: ignore[arg-type]


def test_the_built_in_rules_given_as_one_item_are_told_to_be_unpacked(
    user_rule: RuleSpec,
) -> None:
    """``rules=[BUILTIN_RULES, my_rule]``, the ``*`` forgotten, was told ``not tuple``."""
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=[BUILTIN_RULES, user_rule])  # type: ignore[list-item]
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not a tuple of 17 rules within the "
        "list: unpack it, rules=[*BUILTIN_RULES, ...]"
    )
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=[[user_rule, "AS101"], "AS201"])  # type: ignore[list-item]
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not a list of 2 rules within the "
        "list: unpack it, rules=[*those, ...]"
    )
    with pytest.raises(TypeError) as raised:  # one rule in a list of its own
        check(CASE, rules=[[user_rule], "AS201"])  # type: ignore[list-item]
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not a list of 1 rule within the "
        "list: unpack it, rules=[*those, ...]"
    )


def test_a_module_of_rules_is_told_to_give_its_rules(user_rule: RuleSpec) -> None:
    """``rules=custom_rule``, the module that defines the rules, was told ``not module``."""
    module = types.ModuleType("custom_rule")
    module.check = check  # type: ignore[attr-defined]
    module.expectation_without_request = user_rule  # type: ignore[attr-defined]
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=module)
    assert str(raised.value) == (
        "rules are rule specs (from @rule) or rule ids, not the module custom_rule: give "
        "the rules it defines, rules=[custom_rule.expectation_without_request]"
    )


def test_the_function_of_a_rule_is_told_to_give_the_rule(user_rule: RuleSpec) -> None:
    """A registered rule's own function (``spec.function``) was told to be decorated."""
    with pytest.raises(TypeError) as raised:
        check(CASE, rules=[user_rule.function])  # type: ignore[list-item]
    assert str(raised.value).endswith(
        "in expectation_without_request): it is the function of rule ORG101: give the "
        "rule, which @rule returned, or its id, 'ORG101'"
    )


def test_a_finding_without_a_prompt_asks_what_fits_where_the_contradiction_sits() -> None:
    # A rule that gives no prompt gets a general one; "each side" reads wrong in a
    # handout for a contradiction within one system, or for a gap in what is known.
    def prompt_of(category: str, level: Level | None) -> str:
        @rule("ZZP101", name="prompt-probe", category=category)  # type: ignore[arg-type]
        def probe(case: Case) -> list[Finding]:
            """A probe of the general prompt."""
            return [new_finding(elements=["court"], level=level, message="Found.")]

        try:
            (finding,) = check(CASE, rules=[probe]).findings
        finally:
            unregister("ZZP101")
        return finding.prompt

    within = {prompt_of("contradiction", "primary"), prompt_of("contradiction", "secondary")}
    between = {prompt_of("contradiction", "quaternary"), prompt_of("integration", None)}
    assert not any("each side" in p for p in within | {prompt_of("completeness", None)})
    assert between == {"What would each side need to change, and who could start?"}
    assert "new form" in prompt_of("contradiction", "tertiary")


def test_a_primary_or_secondary_finding_across_two_systems_is_asked_about_each_side() -> None:
    # A rule may read a deadline of one system against a tool of another as secondary,
    # as the chapter reads the court's time targets; "within this system" would then
    # ask about one system of the two its finding names.
    court = Case.model_validate(
        {
            "title": "Reports",
            "systems": [
                {
                    "id": "court",
                    "subject": "Magistrate",
                    "object": "Defendant",
                    "rules": [{"id": "targets", "label": "Time targets"}],
                },
                {
                    "id": "mhs",
                    "subject": "Psychiatrist",
                    "object": "Service user",
                    "tools": [{"id": "report", "label": "Psychiatric report"}],
                },
            ],
        }
    )

    @rule("ZZP102", name="prompt-probe-across", category="contradiction")
    def probe(case: Case) -> list[Finding]:
        """A probe of the general prompt across two systems."""
        return [
            new_finding(elements=["court.targets", "mhs.report"], level="secondary", message="A."),
            new_finding(elements=["court.targets", "court"], level="secondary", message="B."),
            new_finding(
                elements=["court.targets", "mhs.report"],
                level="tertiary",
                message="C.",
                key_extra="c",
            ),
        ]

    try:
        prompts = {f.message: f.prompt for f in check(court, rules=[probe]).findings}
    finally:
        unregister("ZZP102")
    assert prompts["A."] == "What would each side need to change, and who could start?"
    assert "within this system" in prompts["B."]
    assert "new form" in prompts["C."]  # tertiary lies between two systems anyway
