"""Property tests of the user rule in ``examples/custom_rule.py``, with the strategies."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given

from activity_systems import BUILTIN_RULES, Case, check
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


@given(case=cases())
def test_runs_beside_the_built_ins_without_changing_them(user_rule: RuleSpec, case: Case) -> None:
    alone = check(case, rules=[user_rule])
    built_in = check(case)
    both = check(case, rules=[*BUILTIN_RULES, user_rule])
    assert not both.rules_failed
    assert {f.key for f in both.findings} == {f.key for f in alone.findings + built_in.findings}


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
