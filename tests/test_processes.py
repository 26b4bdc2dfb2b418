"""Cases, reports and errors that cross a process: pickled (a notebook's saved state, a
``ProcessPoolExecutor``'s or ``multiprocessing.Pool``'s arguments and results, the
exception a worker raised) and copied, they come back equal, with the same outputs byte
for byte, and the rules given to a worker run there.

See "Processes" in docs/reliability.md.
"""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import pickle
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import activity_systems as a
from activity_systems.errors import ModelError
from activity_systems.io.json_source import NumberTooLong
from activity_systems.rules.registry import RuleSpec, registered_rules, unregister
from activity_systems.strategies import cases

EXAMPLES = sorted(Path("examples").glob("*.yaml"))
BROKEN = b"title: T\nsystems:\n  - {id: a, subject: S, object: O, tool: []}\n"


def round_trip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def outputs(case: a.Case, report: a.Report) -> tuple[str, str, str]:
    """The report's JSON and text and the overview's DOT: what a worker sends back."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no StaleReportWarning for a report sent along
        dot = a.render(case, format="dot", report=report)
    return report.to_json(), report.to_text(), dot


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_case_and_its_report_pickled_and_copied_come_back_equal(path: Path) -> None:
    case = a.load(path)
    report = a.check(case)
    report.number(report.findings[-1])  # its numbering built, which travels with it
    expected = outputs(case, report)
    for again, its_report in (
        (round_trip(case), round_trip(report)),
        (copy.deepcopy(case), copy.deepcopy(report)),
        (a.load(path), a.check(a.load(path))),
    ):
        assert again == case
        assert hash(again) == hash(case)
        assert its_report == report
        assert hash(its_report) == hash(report)
        assert outputs(again, its_report) == expected
        # the copy's own indexes answer for the copy
        first = again.systems[0]
        assert again.system(first.id) is first
        finding = its_report.findings[0]
        assert its_report.number(finding) == report.number(report.findings[0])
        assert round_trip(finding) == finding
        assert hash(round_trip(finding)) == hash(finding)


def test_a_comparison_pickled_comes_back_equal() -> None:
    comparison = a.compare(
        a.load("examples/liaison-and-diversion.yaml"),
        a.load("examples/liaison-and-diversion-2027.yaml"),
    )
    again = round_trip(comparison)
    assert again == comparison
    assert hash(again) == hash(comparison)
    assert again.to_json() == comparison.to_json()
    assert again.to_text() == comparison.to_text()


def raised(call: Any, *args: Any) -> BaseException:
    try:
        call(*args)
    except Exception as error:
        return error
    raise AssertionError("nothing raised")


def public_errors() -> list[BaseException]:
    """One of each exception and warning the package gives, with the arguments and
    attributes it is made with."""
    with pytest.raises(a.CaseFileError) as from_file:
        a.loads(BROKEN, path="upload.yaml")
    with pytest.raises(NumberTooLong) as too_long:
        a.loads('{"title": "T", "n": ' + "9" * 5000 + "}", path="long.json", format="json")
    errors: list[BaseException] = [
        from_file.value,
        too_long.value,
        a.CaseFileError("no such file", path=Path("gone.yaml")),
        a.CaseFileError("bad", path="c.yaml", line=2, column=3),
        a.ActivitySystemsError("something"),
        ModelError("no system has the id 'prison'", ("integration", 0), value="prison"),
        ModelError("duplicate", ("systems", 1, "id")).at_key(),
        a.GraphvizNotFound("dot is not installed"),
        a.GraphvizError("dot failed"),
        a.TimeLimitError("not drawn within 2 s"),
        a.RuleError("rule id AS101 is already used", rule_id="AS101"),
        raised(a.load("examples/court-reports.yaml").system, "curt"),
        a.OutputError("cannot write out.svg"),
        raised(a.Report.from_json, "{}"),
        a.RuleFailedWarning("rule XX901 failed", error=ValueError("no outcome")),
    ]
    for warning in (
        a.LeftOutRuleWarning,
        a.ManyPairFiguresWarning,
        a.MisnamedFindingWarning,
        a.StaleReportWarning,
        a.UnusedTemplateWarning,
    ):
        errors.append(warning("what it says"))
    return errors


def same_error(again: BaseException, error: BaseException) -> None:
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert repr(again) == repr(error)
    assert again.args == error.args
    state, its_state = dict(vars(error)), dict(vars(again))
    if isinstance(error, a.RuleFailedWarning):  # the error itself is a new object
        assert repr(its_state.pop("error")) == repr(state.pop("error"))
    assert its_state == state


@pytest.mark.parametrize("error", public_errors(), ids=lambda e: type(e).__name__)
def test_every_error_pickles_and_copies_with_its_message_and_attributes(
    error: BaseException,
) -> None:
    """A worker's exception is pickled back to the parent: an error whose ``__init__``
    takes other arguments than its ``args`` came back with another message."""
    same_error(round_trip(error), error)
    same_error(copy.copy(error), error)
    same_error(copy.deepcopy(error), error)


@pytest.fixture
def example_rule() -> Iterator[RuleSpec]:
    """The rule of ``examples/custom_rule.py``, imported as ``examples.custom_rule``, and
    forgotten afterwards: a later test (a docs page) imports a copy of that file, whose
    rule of the same id and name would be refused as another rule's."""
    before = set(registered_rules())
    # imported by name: mypy checks examples/ as modules of their own, and would find the
    # file under two names
    module = importlib.import_module("examples.custom_rule")
    expectation_without_request: RuleSpec = module.expectation_without_request

    yield expectation_without_request
    if expectation_without_request not in before:
        unregister(expectation_without_request.id)
    sys.modules.pop("examples.custom_rule", None)


def test_the_rules_pickle_as_the_rules_registered_under_their_names(
    example_rule: RuleSpec,
) -> None:
    """A rule given to a worker (``check(case, rules=...)``) is pickled by name; its
    function is not at its module's top level, its spec is."""
    for spec in a.BUILTIN_RULES:
        assert round_trip(spec) is spec
        assert copy.deepcopy(spec) is spec
    assert round_trip(example_rule) is example_rule


def test_a_rule_that_cannot_be_found_by_its_name_is_refused_when_it_is_pickled() -> None:
    def local(case: a.Case) -> Iterator[a.Finding]:
        """Defined inside a function."""
        yield from ()

    spec = RuleSpec(id="XX990", name="local", category="contradiction", function=local, doc="")
    with pytest.raises(pickle.PicklingError, match=r"rule XX990 cannot be pickled: .*top level"):
        pickle.dumps(spec)
    assert copy.deepcopy(spec) is spec  # copied as a function is, though not pickled
    assert copy.deepcopy([spec])[0] is spec


# Work for the workers: functions at the top level of a module they can import.


def _load_check_draw(path: str) -> tuple[a.Case, a.Report, tuple[str, str, str]]:
    case = a.load(path)
    report = a.check(case)
    return case, report, outputs(case, report)


def _load_upload(upload: bytes) -> a.Case:
    return a.loads(upload, path="upload.yaml")


def _check_with(path: str, rules: list[Any]) -> a.Report:
    return a.check(path, rules=rules)


@pytest.fixture(scope="module")
def spawned() -> Iterator[ProcessPoolExecutor]:
    """One worker started as macOS and Windows start them: a new interpreter, which
    imports what it is sent, and knows nothing the parent registered."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def test_a_worker_gives_what_the_parent_gives_byte_for_byte(spawned: ProcessPoolExecutor) -> None:
    paths = [str(path) for path in EXAMPLES]
    for path, (case, report, made) in zip(paths, spawned.map(_load_check_draw, paths), strict=True):
        assert made == _load_check_draw(path)[2]
        assert outputs(case, report) == made  # and the worker's objects draw so here


def test_a_worker_s_case_file_error_reaches_the_parent_as_it_was_raised(
    spawned: ProcessPoolExecutor,
) -> None:
    with pytest.raises(a.CaseFileError) as here:
        _load_upload(BROKEN)
    with pytest.raises(a.CaseFileError) as there:
        spawned.submit(_load_upload, BROKEN).result()
    assert str(there.value) == str(here.value)
    assert str(there.value) == (
        "upload.yaml:3:36: unknown key 'tool' in systems[0] (did you mean 'tools'?)"
    )
    same_error(there.value, here.value)


def test_rules_given_to_a_worker_run_there(
    spawned: ProcessPoolExecutor, example_rule: RuleSpec
) -> None:
    """A spawned worker has only the built-in rules registered: a rule given by its spec
    brings its module along; one given by its id alone is not known there."""
    path = "examples/court-reports.yaml"
    rules = [*a.BUILTIN_RULES, example_rule]
    there = spawned.submit(_check_with, path, rules).result()
    assert there == a.check(path, rules=rules)
    assert "ORG101" in there.rules_run
    with pytest.raises(a.RuleError) as unknown:
        spawned.submit(_check_with, path, ["XX977"]).result()
    assert "a worker process knows only the rules registered in it" in str(unknown.value)
    with pytest.raises(a.RuleError) as here:
        a.check(path, rules=["XX977"])
    assert "worker" not in str(here.value)


def _kept_under_its_own_name(case: a.Case) -> Iterator[a.Finding]:
    """A rule registered by calling ``rule(...)``, its function kept under its name."""
    yield from ()


def test_a_rule_whose_function_keeps_its_name_pickles_by_its_fields() -> None:
    spec = RuleSpec(
        id="XX991",
        name="kept",
        category="contradiction",
        function=_kept_under_its_own_name,
        doc="",
    )
    assert round_trip(spec) == spec


@given(case=cases())
def test_any_case_and_its_report_pickle_and_copy_to_equals(case: a.Case) -> None:
    """Whatever a case holds (durations, read-only aliases, actions, what is left out)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a drawn action may name a finding wrongly
        report = a.check(case)
    for again in (round_trip(case), copy.deepcopy(case)):
        assert again == case
        assert hash(again) == hash(case)
        assert again.model_dump_json() == case.model_dump_json()
    again_report = round_trip(report)
    assert again_report == report
    assert again_report.to_json() == report.to_json()


def test_a_rule_registered_again_since_is_refused_saying_so(tmp_path: Path) -> None:
    """A spec kept from before its module was run again (``importlib.reload``, a rules
    file imported afresh) is not the rule of its name any more: pickling it says so, and
    which rule to give instead; a wrapper defined in a decorator is named as such."""

    (tmp_path / "reloaded_rules.py").write_text(
        "import activity_systems as a\n\n"
        "def unwrapped(function):\n"
        "    def wrapper(case):\n"
        "        return function(case)\n"
        "    wrapper.__doc__ = function.__doc__\n"
        "    return wrapper\n\n"
        '@a.rule("XX993", name="reloaded", category="contradiction")\n'
        "def reloaded(case):\n"
        '    """A rule of a module imported again."""\n'
        "    return []\n\n"
        '@a.rule("XX994", name="wrapped-unnamed", category="contradiction")\n'
        "@unwrapped\n"
        "def wrapped(case):\n"
        '    """A rule whose decorator does not keep its name."""\n'
        "    return []\n",
        encoding="utf-8",
    )
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("reloaded_rules")
        old = module.reloaded
        with pytest.raises(pickle.PicklingError, match=r"functools\.wraps"):
            pickle.dumps(module.wrapped)
        importlib.reload(module)
        assert round_trip(module.reloaded) is module.reloaded
        with pytest.raises(
            pickle.PicklingError, match=r"registered again since .*reloaded_rules\.reloaded"
        ):
            pickle.dumps(old)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("reloaded_rules", None)
        unregister("XX993")
        unregister("XX994")
