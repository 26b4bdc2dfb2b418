"""The engine: registering rules, running them, isolating failures, merging declared
contradictions, and giving the same report for the same case in any order."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import os
import pkgutil
import random
import re
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from activity_systems import (
    BUILTIN_RULES,
    ArgumentError,
    Case,
    CaseFileError,
    Finding,
    Report,
    RuleError,
    RuleFailedWarning,
    RuleSpec,
    check,
    load,
    rule,
)
from activity_systems.io.yaml_source import read_yaml
from activity_systems.model import finding_key
from activity_systems.rules import new_finding
from activity_systems.rules.case_index import CaseIndex
from activity_systems.rules.engine import get_rule, rule_catalogue, unregister
from activity_systems.rules.finding import RuleFailure
from activity_systems.rules.registry import registered_rules

EXAMPLES = Path(__file__).parents[2] / "examples"

COURT = Case.model_validate(
    {
        "title": "Court",
        "systems": [
            {"id": "court", "subject": "Magistrate", "object": "Defendant"},
            {
                "id": "mhs",
                "subject": "Psychiatrist",
                "object": {"label": "Service user", "values": ["treatment"]},
            },
        ],
        "exchanges": [{"id": "report", "label": "Report", "from": "mhs", "to": "court"}],
    }
)


@pytest.fixture
def user_rules() -> Iterator[list[str]]:
    """Ids of rules a test registers; unregistered afterwards."""
    ids: list[str] = []
    yield ids
    for rule_id in ids:
        if rule_id.upper() in {spec.id for spec in registered_rules()}:
            unregister(rule_id)


def test_builtin_rules_are_a_tuple_in_id_order() -> None:
    assert isinstance(BUILTIN_RULES, tuple)
    ids = [spec.id for spec in BUILTIN_RULES]
    assert ids == sorted(ids), (
        "BUILTIN_RULES (activity_systems/rules/engine.py) must list the rules in id order"
    )
    # The built-in ids, written out: a rule dropped from BUILTIN_RULES by mistake fails
    # here. A new built-in rule is added both to BUILTIN_RULES and to this list.
    assert ids == [
        "AS000", "AS101", "AS102", "AS201", "AS202", "AS301", "AS401", "AS402", "AS403", "AS404",
        "AS501", "AS502", "AS601", "AS602", "AS603", "AS604", "AS605",
    ], "the built-in rules changed: add a new rule's id here too, in id order"  # fmt: skip
    assert all(get_rule(spec.id) is spec for spec in BUILTIN_RULES)


def test_every_rule_the_package_defines_is_a_builtin_rule() -> None:
    """A rule decorated with ``@rule`` in the package but left out of BUILTIN_RULES is
    registered, so the catalogue and ``activity-systems rules`` list it, but ``check``
    never runs it."""
    import activity_systems.rules

    for module in pkgutil.iter_modules(activity_systems.rules.__path__):
        importlib.import_module(f"activity_systems.rules.{module.name}")
    builtin = {id(spec) for spec in BUILTIN_RULES}
    left_out = [
        f"{spec.id} ({spec.function.__module__})"
        for spec in registered_rules()
        if spec.function.__module__.startswith("activity_systems.") and id(spec) not in builtin
    ]
    assert not left_out, (
        f"{', '.join(left_out)}: add it to BUILTIN_RULES in activity_systems/rules/engine.py, "
        "in id order, and its id to test_builtin_rules_are_a_tuple_in_id_order"
    )


def test_a_ten_line_user_rule_runs_beside_the_builtins(user_rules: list[str]) -> None:
    @rule("ORG101", name="no-outcome", category="completeness")
    def no_outcome(case: Case) -> Iterator[Finding]:
        """A system names no outcome."""
        for system in case.systems:
            if system.outcome is None:
                yield new_finding(
                    elements=[system.id],
                    severity="low",
                    message=f"{system.title} names no outcome.",
                )

    user_rules.append("ORG101")
    assert isinstance(no_outcome, RuleSpec)
    report = check(COURT, rules=[*BUILTIN_RULES, no_outcome])

    mine = [f for f in report.findings if f.rule == "ORG101"]
    assert [f.elements for f in mine] == [("court",), ("mhs",)]
    assert mine[0].name == "no-outcome"
    assert mine[0].category == "completeness"
    assert mine[0].level is None
    assert mine[0].explanation == "A system names no outcome."
    assert mine[0].competencies == ()
    assert {"AS401", "AS601"} <= {f.rule for f in report.findings}
    assert report.rules_run == (*(spec.id for spec in BUILTIN_RULES), "ORG101")
    assert check(COURT, rules=["ORG101"]).findings == tuple(mine)


def test_a_rule_that_raises_is_reported_and_the_others_still_run(
    user_rules: list[str],
) -> None:
    @rule("ORG900", name="broken", category="contradiction")
    def broken(case: Case) -> Iterator[Finding]:
        """Always fails halfway."""
        yield new_finding(elements=["court"], level="primary", message="half")
        raise ValueError("the rule is broken")

    user_rules.append("ORG900")
    with pytest.warns(RuleFailedWarning, match="rule ORG900 failed") as warned:
        report = check(COURT, rules=[*BUILTIN_RULES, broken])

    assert len(warned) == 1
    assert warned[0].filename == __file__  # points at the caller of check()

    assert report.rules_failed == (
        RuleFailure(rule="ORG900", error="ValueError: the rule is broken"),
    )
    assert "ORG900" in report.rules_run
    assert all(f.rule != "ORG900" for f in report.findings)
    assert report.findings == check(COURT).findings
    assert '"rules_failed": [\n    {\n      "rule": "ORG900"' in report.to_json()


def test_a_report_of_ones_own_rules_holds_no_terminal_control_and_reads_back(
    user_rules: list[str],
) -> None:
    """A rule whose finding says a terminal's escape sequence fails, as one naming what
    the case has not does; a rule that raises with one has it written escaped. So a
    report printed on a terminal does not act on it, and its JSON reads back."""

    @rule("ORG916", name="colours", category="completeness")
    def colours(case: Case) -> Iterator[Finding]:
        """Says its message in red."""
        yield new_finding(elements=["court"], message="\x1b[31mlate\x1b[0m")

    @rule("ORG917", name="clears", category="completeness")
    def clears(case: Case) -> Iterator[Finding]:
        """Fails with a message that clears the screen."""
        raise ValueError("no \x1b[2J outcome\u202e\tsaid\n")
        yield

    user_rules += ["ORG916", "ORG917"]
    with pytest.warns(RuleFailedWarning):
        report = check(COURT, rules=[colours, clears])
    assert report.findings == ()
    failed = {failure.rule: failure.error for failure in report.rules_failed}
    assert "finding whose message contains the control character U+001B" in failed["ORG916"]
    assert failed["ORG917"] == "ValueError: no \\x1b[2J outcome\\u202e\tsaid\n"
    assert "\x1b" not in report.to_text()
    assert Report.from_json(report.to_json()).rules_failed == report.rules_failed


def test_the_warning_of_a_failed_rule_holds_what_it_raised_with_the_traceback(
    user_rules: list[str],
) -> None:
    """What the command line's --debug prints, and a rule's author can print in Python."""

    @rule("ORG914", name="looks-up", category="completeness")
    def looks_up(case: Case) -> Iterator[Finding]:
        """Looks up a system the case does not have."""
        yield new_finding(elements=[case.system("nowhere").id], message="m")

    user_rules.append("ORG914")
    with pytest.warns(RuleFailedWarning) as warned:
        (failure,) = check(COURT, rules=[looks_up]).rules_failed
    (warning,) = warned
    assert isinstance(warning.message, RuleFailedWarning)
    error = warning.message.error
    assert isinstance(error, KeyError)
    assert failure.error == "UnknownIdError: no system 'nowhere' (known: 'court', 'mhs')"
    traced = traceback.extract_tb(error.__traceback__)
    assert (traced[0].name, traced[-1].name) == ("run_rules", "system")
    assert any(frame.name == "looks_up" and frame.filename == __file__ for frame in traced)
    assert RuleFailedWarning("made without one").error is None


def test_the_warning_of_a_failed_rule_says_where_in_the_rule_it_failed(
    user_rules: list[str],
) -> None:
    # The warning stands at the call of check(); without the line that raised, the
    # reader had to run the rule alone to find it.
    @rule("ORG908", name="divides", category="contradiction")
    def divides(case: Case) -> Iterator[Finding]:
        """Divides by the number of exchanges it does not have."""
        for system in case.systems:
            yield new_finding(elements=[system.id], level="primary", message=f"{1 / 0}")

    @rule("ORG909", name="levelless", category="contradiction")
    def levelless(case: Case) -> Iterator[Finding]:
        """Forgets the level."""
        yield new_finding(elements=["court"], message="m")

    @rule("ORG911", name="parses", category="contradiction")
    def parses(case: Case) -> Iterator[Finding]:
        """Parses what is not JSON."""
        yield new_finding(elements=["court"], level="primary", message=json.loads("{"))

    user_rules.extend(["ORG908", "ORG909", "ORG911"])
    with pytest.warns(RuleFailedWarning) as warned:
        report = check(COURT, rules=[divides, levelless, parses])
    here = Path(__file__).resolve()  # as the warning shows it: from the current folder
    shown = here.relative_to(Path.cwd()).as_posix() if here.is_relative_to(Path.cwd()) else here
    first = divides.function.__code__.co_firstlineno
    assert [str(w.message) for w in warned] == [
        f"rule ORG908 failed at {shown}:{first + 4}, in divides, and its findings are left "
        "out of the report: ZeroDivisionError: division by zero",
        # a mistake new_finding() finds is the line that calls it
        f"rule ORG909 failed at {shown}:{first + 9}, in levelless, and its findings are left "
        "out of the report: ValueError: rule ORG909 is a contradiction rule: give its "
        "finding a level (primary, secondary, tertiary, quaternary), not None",
        # the rule's line, not the line of Python's library that raised
        f"rule ORG911 failed at {shown}:{first + 14}, in parses, and its findings are left "
        "out of the report: JSONDecodeError: Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)",
    ]
    # the report stays the same on every machine
    assert [f.error for f in report.rules_failed] == [
        "ZeroDivisionError: division by zero",
        "ValueError: rule ORG909 is a contradiction rule: give its finding a level (primary, "
        "secondary, tertiary, quaternary), not None",
        "JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 "
        "(char 1)",
    ]


def test_a_failure_found_by_the_engine_names_where_the_rule_is_defined(
    user_rules: list[str],
) -> None:
    # what the engine finds wrong with what a rule gave is found after the rule's own
    # line has left the traceback: the rule's definition is named instead
    @rule("ORG910", name="says", category="contradiction")
    def says(case: Case) -> Iterator[Finding]:
        """Yields text."""
        yield "court"  # type: ignore[misc]

    @rule("ORG912", name="ghost", category="contradiction")
    def ghost(case: Case) -> Iterator[Finding]:
        """Names an element the case does not have."""
        yield new_finding(elements=["court.nothing"], level="primary", message="m")

    @rule("ORG915", name="forgets", category="completeness")
    def forgets(case: Case) -> list[Finding]:
        """Builds its findings and forgets to return them."""
        findings = [new_finding(elements=["court"], message="m")]  # noqa: F841
        return None  # type: ignore[return-value]

    user_rules.extend(["ORG910", "ORG912", "ORG915"])
    with pytest.warns(RuleFailedWarning) as warned:
        report = check(COURT, rules=[*BUILTIN_RULES, says, ghost, forgets])
    here = Path(__file__).resolve()
    shown = here.relative_to(Path.cwd()).as_posix() if here.is_relative_to(Path.cwd()) else here
    says_at = says.function.__code__.co_firstlineno
    ghost_at = ghost.function.__code__.co_firstlineno
    forgets_at = forgets.function.__code__.co_firstlineno
    messages = [str(w.message) for w in warned]
    assert messages[0] == (
        f"rule ORG910 (defined at {shown}:{says_at}, in says) failed and its findings are "
        "left out of the report: TypeError: rule ORG910 yielded a str, not a Finding; build "
        "findings with new_finding(...)"
    )
    assert messages[1].startswith(
        f"rule ORG912 (defined at {shown}:{ghost_at}, in ghost) failed and its findings are "
        "left out of the report: RuleError: rule ORG912 returned a finding that names "
        "'court.nothing'"
    )
    assert messages[2] == (
        f"rule ORG915 (defined at {shown}:{forgets_at}, in forgets) failed and its findings "
        "are left out of the report: TypeError: rule ORG915 returned None, not its findings: "
        "yield each finding, or return a list of them ([] when it finds nothing)"
    )
    # the other rules' findings are kept
    assert [f.rule for f in report.rules_failed] == ["ORG910", "ORG912", "ORG915"]
    assert report.findings == check(COURT).findings


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("yield 'not a finding'", "TypeError: rule ORG901 yielded a str, not a Finding"),
        # Not "a function that finds nothing returns None": a rule that returns None
        # is refused too, so the hint reads as the opposite of what to do; the yield of
        # a helper's None is what it is about
        (
            "yield None",
            "TypeError: rule ORG901 yielded None, not a Finding; yield findings only (the "
            "result of a helper that gives None when it finds nothing: yield it when it "
            "is not None)",
        ),
        # what a rule returns is its findings: a list (a tuple, any iterable) of them
        (
            "return [{'elements': ['court'], 'message': 'm'}]",
            "TypeError: rule ORG901 returned a list holding a dict, not a Finding; build "
            "findings with new_finding(...)",
        ),
        (
            "return (new_finding(elements=['court'], level='primary', message='m'), None)",
            "TypeError: rule ORG901 returned a tuple holding None, not a Finding",
        ),
        (
            "return 0",
            "TypeError: rule ORG901 returned an int, not its findings: yield each finding, "
            "or return a list of them ([] when it finds nothing)",
        ),
        (
            "return False",
            "TypeError: rule ORG901 returned False, not its findings: yield each finding, "
            "or return a list of them ([] when it finds nothing)",
        ),
        (
            "return {'elements': ['court'], 'message': 'm'}",
            "TypeError: rule ORG901 returned a dict, not its findings: build each with "
            "new_finding(...), then yield it or return a list of them",
        ),
        (
            "return 'court'",
            "TypeError: rule ORG901 returned a str, not its findings: build each with "
            "new_finding(...)",
        ),
        ("return case", "TypeError: rule ORG901 returned a Case, not its findings"),
        ("yield new_finding(elements=['court'], message='m')", "ValueError: rule ORG901 is a"),
        (
            "yield new_finding(elements=['court'], level='primary', message='m'); "
            "yield new_finding(elements=['court'], level='secondary', message='m')",
            "RuleError: rule ORG901 found two different findings with the key",
        ),
        (  # what tells them apart is named
            "yield new_finding(elements=['court'], level='primary', message='m'); "
            "yield new_finding(elements=['court'], level='secondary', message='m')",
            "RuleError: rule ORG901 found two different findings with the key "
            "ORG901-e42540df10 (elements ['court']): they differ in level ('primary', then "
            "'secondary'); one key is one finding: give each a key_extra of its own if "
            "they are two",
        ),
        (  # a prompt written out is the rule's, even when it reads as a general one
            "yield new_finding(elements=['court'], level='primary', message='m'); "
            "yield new_finding(elements=['court'], level='primary', message='m', "
            "prompt='What would each side need to change, and who could start?')",
            "RuleError: rule ORG901 found two different findings with the key "
            "ORG901-e42540df10 (elements ['court']): they differ in prompt; one key is one "
            "finding: give each a key_extra of its own if they are two",
        ),
        (  # and two orders of the elements with different prompts are two findings
            "yield new_finding(elements=['court', 'mhs'], level='primary', message='m'); "
            "yield new_finding(elements=['mhs', 'court'], level='primary', message='m', "
            "prompt='What would each side need to change, and who could start?')",
            "RuleError: rule ORG901 found two different findings with the key ",
        ),
        (  # a rule that looks at each pair of systems twice, once each way round
            "yield new_finding(elements=['court', 'mhs'], level='quaternary', message='m'); "
            "yield new_finding(elements=['mhs', 'court'], level='quaternary', message='m')",
            "RuleError: rule ORG901 found the same elements twice, as ['court', 'mhs'] and "
            "as ['mhs', 'court']: a finding's key does not depend on the order of its "
            "elements, so these are one finding (key ORG901-",
        ),
        (
            "yield new_finding(elements=['court.tol'], level='primary', message='m')",
            "RuleError: rule ORG901 returned a finding that names 'court.tol', which is not "
            "in the case: 'court.tol': system 'court' has no element 'tol'",
        ),
        (  # each reference is looked for, not only those up to a system or exchange
            "yield new_finding(elements=['court', 'report', 'court.tol'], level='primary', "
            "message='m')",
            "RuleError: rule ORG901 returned a finding that names 'court.tol', which is not "
            "in the case: 'court.tol': system 'court' has no element 'tol'",
        ),
        (
            "yield new_finding(elements=['crt'], level='primary', message='m')",
            "RuleError: rule ORG901 returned a finding that names 'crt', which is no system, "
            "exchange or element of the case (did you mean 'court'?)",
        ),
        (
            "new_finding(elements=['court'], level='primary', message='m')",
            "TypeError: rule ORG901 returned None, not its findings: yield each finding, or "
            "return a list of them ([] when it finds nothing)",
        ),
        (
            "return new_finding(elements=['court'], level='primary', message='m')",
            "TypeError: rule ORG901 returned one Finding, not its findings: yield each finding",
        ),
        (
            "yield new_finding(elements=[case.system('court').object], level='primary', "
            "message='m')",
            "TypeError: elements are references (str) such as 'court.targets', exchange ids or "
            "system ids, not ObjectElement: name an element with f'{system.id}.{element.id}'",
        ),
        (
            "yield new_finding(elements=[case.system('court')], level='primary', message='m')",
            "TypeError: elements are references (str) such as 'court.targets', exchange ids or "
            "system ids, not ActivitySystem: name it by its .id",
        ),
        (
            "yield new_finding(elements=[], level='primary', message='m')",
            "ValueError: a finding of rule ORG901 names no element",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message=' ')",
            "ValueError: a finding of rule ORG901 has an empty message",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', prompt='')",
            "ValueError: a finding of rule ORG901 has an empty prompt: ask the workshop a "
            "question about it, or leave prompt out for the general one",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', explanation=' ')",
            "ValueError: a finding of rule ORG901 has an empty explanation: say why it "
            "matters, or leave explanation out for the rule's summary",
        ),
        # the wrong type: one line naming the rule, the parameter and what it takes
        (
            "yield new_finding(elements=['court'], level='primary', message=None)",
            "TypeError: a finding of rule ORG901: message is text (str), not NoneType",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', explanation=5)",
            "TypeError: a finding of rule ORG901: explanation is text (str), or None for the "
            "rule's summary, not int",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', prompt=b'?')",
            "TypeError: a finding of rule ORG901: prompt is text (str), or None for the "
            "general prompt, not bytes",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', note=3)",
            "TypeError: a finding of rule ORG901: note is text (str), or None, not int",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', key_extra=None)",
            "TypeError: a finding of rule ORG901: key_extra is text (str), '' unless two "
            "findings share their elements, not NoneType",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', declared=1)",
            "TypeError: a finding of rule ORG901: declared is True or False, not int",
        ),
        (
            "yield new_finding(elements=None, level='primary', message='m')",
            "TypeError: a finding of rule ORG901: elements is a list of references such as "
            "'court.targets', not NoneType",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', competencies=3)",
            "TypeError: a finding of rule ORG901: competencies is a list of slugs, not int",
        ),
        (
            "yield new_finding(elements=['court'], level='primary', message='m', severity='High')",
            "ValueError: a finding of rule ORG901 has the severity 'High', which is not high, "
            "medium or low (did you mean 'high'?)",
        ),
        (
            "yield new_finding(elements=['court', 'court'], level='primary', message='m')",
            "ValueError: a finding of rule ORG901 names 'court' twice",
        ),
        (
            "yield new_finding(elements=['court', 'mhs', 'court'], level='primary', message='m')",
            "ValueError: a finding of rule ORG901 names 'court' twice",
        ),
    ],
)
def test_rule_mistakes_are_failures_with_a_reason(
    body: str, error: str, user_rules: list[str]
) -> None:
    namespace: dict[str, Any] = {"new_finding": new_finding}
    exec(f"def mistaken(case):\n    '''Mistaken.'''\n    {body}", namespace)
    spec = rule("ORG901", name="mistaken", category="contradiction")(namespace["mistaken"])
    user_rules.append("ORG901")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(COURT, rules=[spec]).rules_failed
    assert failure.error.startswith(error)
    assert "\n" not in failure.error


def test_a_rule_that_gives_another_rules_findings_is_told_to_build_its_own(
    user_rules: list[str],
) -> None:
    """A wrapper that filters another rule's findings failed with "returned a finding of
    rule AS101" alone, which did not say what to do instead."""

    @rule("ORG914", name="high-deadlines", category="contradiction")
    def high_deadlines(case: Case) -> list[Finding]:
        """The deadlines that cannot be met."""
        return list(check(case, rules=["AS101"]).findings)

    user_rules.append("ORG914")
    case = load(EXAMPLES / "court-reports.yaml")
    with pytest.warns(RuleFailedWarning, match="defined at"):
        (failure,) = check(case, rules=[high_deadlines]).rules_failed
    assert failure.error == (
        "RuleError: rule ORG914 returned a finding of rule AS101: build each of its findings "
        "with new_finding(...) while it runs; to pass on another rule's finding f, build one "
        "of its own from it: new_finding(elements=f.elements, level=f.level, "
        "message=f.message)"
    )

    @rule("ORG915", name="own-deadlines", category="contradiction")
    def own_deadlines(case: Case) -> Iterator[Finding]:
        """The deadlines that cannot be met, as the advice says."""
        for f in check(case, rules=["AS101"]).findings:
            yield new_finding(elements=f.elements, level=f.level, message=f.message)

    user_rules.append("ORG915")
    report = check(case, rules=[own_deadlines])
    assert not report.rules_failed
    assert [f.elements for f in report.findings] == [
        f.elements for f in check(case, rules=["AS101"]).findings
    ]


def test_text_of_a_subclass_of_str_is_taken_as_text(user_rules: list[str]) -> None:
    class Text(str):
        pass

    @rule("ORG913", name="subclassed", category="completeness")
    def subclassed(case: Case) -> Iterator[Finding]:
        """Says it in text of its own kind."""
        yield new_finding(elements=["court"], message=Text("m"), prompt=Text("Why?"))

    user_rules.append("ORG913")
    (finding,) = check(COURT, rules=[subclassed]).findings
    assert (finding.message, finding.prompt) == ("m", "Why?")
    assert type(finding.message) is str


@pytest.mark.parametrize(
    ("reference", "suggestion"),
    [
        ("cuort", " (did you mean 'court'?)"),
        ("Court", " (did you mean 'court'?)"),
        ("reprot", " (did you mean 'report'?)"),
        ("", " (known: 'court', 'mhs', 'report')"),
    ],
)
def test_a_reference_without_a_dot_is_matched_with_systems_and_exchanges(
    reference: str, suggestion: str, user_rules: list[str]
) -> None:
    # Such a reference was looked up as an element of a system of that name, so the
    # error said "names no system" and offered elements, never the system or exchange
    # that was meant.
    @rule("ORG907", name="misnamed", category="completeness")
    def misnamed(case: Case) -> Iterator[Finding]:
        """Names something the case does not have."""
        yield new_finding(elements=[reference], message="m")

    user_rules.append("ORG907")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(COURT, rules=[misnamed]).rules_failed
    assert failure.error == (
        f"RuleError: rule ORG907 returned a finding that names {reference!r}, which is no "
        f"system, exchange or element of the case{suggestion}"
    )


@pytest.mark.parametrize(
    ("reference", "suggestion"),
    [
        # a tool's id, which the exchange "report" resembles
        ("report-form", " (did you mean 'mhs.report-form'?)"),
        # an id too short to be close to its reference ('5h.4' against '4')
        ("4", " (did you mean 'mhs.4'?)"),
        ("object", " (did you mean 'court.object' or 'mhs.object'?)"),
    ],
)
def test_an_element_named_by_its_id_alone_is_offered_with_its_system(
    reference: str, suggestion: str, user_rules: list[str]
) -> None:
    # A rule that writes tool.id where it means f"{system.id}.{tool.id}" was offered the
    # exchange closest in spelling, or, for a short id, only the systems and exchanges.
    mhs = COURT.system("mhs").model_copy(
        update={"tools": [{"id": "report-form", "label": "Form"}, {"id": "4", "label": "Form"}]}
    )
    case = COURT.model_copy(update={"systems": [COURT.system("court"), mhs]})

    @rule("ORG908", name="by-id-alone", category="completeness")
    def by_id_alone(case: Case) -> Iterator[Finding]:
        """Names an element by its id alone."""
        yield new_finding(elements=[reference], message="m")

    user_rules.append("ORG908")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(case, rules=[by_id_alone]).rules_failed
    assert failure.error == (
        f"RuleError: rule ORG908 returned a finding that names {reference!r}, which is no "
        f"system, exchange or element of the case{suggestion}"
    )


def test_an_id_of_many_elements_offers_a_few_of_them(user_rules: list[str]) -> None:
    systems = [{"id": f"s{n}", "subject": "S", "object": "O"} for n in range(5)]
    case = Case.model_validate({"title": "Five", "systems": systems})

    @rule("ORG909", name="subject-alone", category="completeness")
    def subject_alone(case: Case) -> Iterator[Finding]:
        """Names the subject without its system."""
        yield new_finding(elements=["subject"], message="m")

    user_rules.append("ORG909")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(case, rules=[subject_alone]).rules_failed
    assert failure.error.endswith(
        "(did you mean one of 's0.subject', 's1.subject', 's2.subject', … 2 more?)"
    )


def test_a_finding_reads_elements_given_as_a_generator(user_rules: list[str]) -> None:
    @rule("ORG906", name="generated", category="completeness")
    def generated(case: Case) -> Iterator[Finding]:
        """Names each system."""
        yield new_finding(elements=(system.id for system in case.systems), message="m")

    user_rules.append("ORG906")
    (finding,) = check(COURT, rules=[generated]).findings
    assert finding.elements == ("court", "mhs")


def test_a_finding_given_a_set_of_elements_is_refused(user_rules: list[str]) -> None:
    # a set's order changes with the hash seed, and the report's order of the elements
    # with it: the same case would give another report in the next run of Python
    @rule("ORG907", name="set-of-systems", category="completeness")
    def set_of_systems(case: Case) -> Iterator[Finding]:
        """Names each system."""
        yield new_finding(elements={system.id for system in case.systems}, message="m")

    user_rules.append("ORG907")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(COURT, rules=[set_of_systems]).rules_failed
    assert failure.error.startswith("TypeError: a finding of rule ORG907: elements is a set")
    assert "give a list" in failure.error


def test_a_finding_given_a_set_of_competencies_is_refused(user_rules: list[str]) -> None:
    """A finding keeps its competencies in the order given, which a set does not have
    (a set of text has another in each run of Python): refused, as a set of elements
    is, by a running rule's new_finding and by the spec's own .finding alike."""

    @rule("ORG908", name="set-of-competencies", category="completeness")
    def set_of_competencies(case: Case) -> Iterator[Finding]:
        """Names each system."""
        slugs = {"role-clarification", "values-ethics"}
        yield new_finding(elements=["court"], message="m", competencies=slugs)  # type: ignore[arg-type]

    user_rules.append("ORG908")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(COURT, rules=[set_of_competencies]).rules_failed
    assert failure.error.startswith(
        "TypeError: a finding of rule ORG908: competencies is a set, whose order changes"
    )
    with pytest.raises(TypeError, match=r"^a finding of rule ORG908: competencies is a frozenset"):
        set_of_competencies.finding(
            elements=["court"],
            message="m",
            competencies=frozenset({"values-ethics"}),  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError, match=r"^a finding of rule ORG908: elements is a frozenset"):
        set_of_competencies.finding(elements=frozenset({"court"}), message="m")
    assert set_of_competencies.finding(
        elements=["court"], message="m", competencies=["values-ethics", "shared-knowledge"]
    ).competencies == ("values-ethics", "shared-knowledge")  # a list keeps its order


def test_a_finding_may_name_elements_exchanges_and_systems(user_rules: list[str]) -> None:
    names = [
        "court",
        *(f"court.{element.id}" for _, element in COURT.system("court").elements()),
        *(exchange.id for exchange in COURT.exchanges),
    ]

    @rule("ORG903", name="names-everything", category="completeness")
    def names_everything(case: Case) -> Iterator[Finding]:
        """Names every element, exchange and system of the court."""
        for reference in names:
            yield new_finding(elements=[reference], message=f"about {reference}")

    user_rules.append("ORG903")
    report = check(COURT, rules=[names_everything])
    assert report.rules_failed == ()
    assert len(report.findings) == len(names) > 3


def test_a_finding_given_only_its_elements_and_message_is_medium_and_detected(
    user_rules: list[str],
) -> None:
    @rule("ORG904", name="says-little", category="contradiction")
    def says_little(case: Case) -> Iterator[Finding]:
        """Gives a finding with nothing but its elements, level and message."""
        yield new_finding(elements=["court"], level="primary", message="about the court")

    user_rules.append("ORG904")
    (finding,) = check(COURT, rules=[says_little]).findings
    made = says_little.finding(elements=["court"], level="primary", message="about the court")
    for item in (finding, made):  # by new_finding in the rule, or by the rule's spec outside it
        assert (item.severity, item.declared, item.detected) == ("medium", False, True)


def test_a_rule_redefined_under_a_new_id_leaves_its_old_id(user_rules: list[str]) -> None:
    """As in a notebook: the cell that defines a rule is run again with the id changed
    (its code compiled again)."""
    cell = textwrap.dedent(
        """
        @rule(RULE_ID, name="renamed", category="completeness")
        def renamed(case):
            \"\"\"Never fires.\"\"\"
            yield from ()
        """
    )

    def define(rule_id: str) -> RuleSpec:
        namespace: dict[str, Any] = {"rule": rule, "RULE_ID": rule_id, "__name__": __name__}
        exec(compile(cell, "<cell>", "exec"), namespace)
        spec: RuleSpec = namespace["renamed"]
        return spec

    user_rules.extend(["ORG903", "ORG904"])
    define("ORG903")
    spec = define("ORG904")
    ids = [entry.id for entry in rule_catalogue()]
    assert "ORG904" in ids
    assert "ORG903" not in ids
    assert get_rule("ORG904") is spec


def _run_cell(source: str, filename: str = "<cell>") -> dict[str, Any]:
    """Run ``source`` as a notebook runs a cell: compiled afresh, in a namespace of its
    own whose ``__name__`` is this module's (a notebook's cells share ``__main__``)."""
    namespace: dict[str, Any] = {"rule": rule, "__name__": __name__}
    exec(compile(textwrap.dedent(source), filename, "exec"), namespace)
    return namespace


COPIED = """
    @rule("ORG921", name="no-outcome", category="completeness")
    def my_rule(case):
        \"\"\"A system names no outcome.\"\"\"
        yield from ()

    @rule(SECOND_ID, name="no-name", category="completeness")
    def my_rule(case):
        \"\"\"A system has no name.\"\"\"
        yield from ()
    """


def test_a_rule_copied_in_its_file_without_renaming_its_function_is_kept_too(
    user_rules: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copied rule whose id was changed but not its function's name: both rules stay
    registered (the first was taken for an earlier version of the second and dropped)."""
    user_rules.extend(["ORG921", "ORG922"])
    _run_cell(COPIED.replace("SECOND_ID", '"ORG922"'))
    assert [get_rule(i).name for i in ("ORG921", "ORG922")] == ["no-outcome", "no-name"]

    # the same in a file, imported as a module (its rules named apart from the cell's);
    # imported again, it replaces both
    source = textwrap.dedent(COPIED).replace("SECOND_ID", '"ORG924"').replace('="no-', '="no-2-')
    (tmp_path / "copied_rules_923.py").write_text(
        "from activity_systems import rule\n" + source.replace("ORG921", "ORG923"), "utf-8"
    )
    user_rules.extend(["ORG923", "ORG924"])
    monkeypatch.syspath_prepend(tmp_path)
    try:
        module = importlib.import_module("copied_rules_923")
        first = get_rule("ORG923")
        assert get_rule("ORG924") is module.my_rule
        importlib.reload(module)
        assert get_rule("ORG923") is not first  # the new version of each
        assert get_rule("ORG924") is module.my_rule
        # edited, the definitions on other lines, and imported again: the same
        path = tmp_path / "copied_rules_923.py"
        path.write_text("# edited\n\n" + path.read_text("utf-8"), "utf-8")
        importlib.reload(module)
        assert get_rule("ORG924") is module.my_rule
        assert get_rule("ORG923").function.__code__.co_firstlineno == 5
    finally:
        sys.modules.pop("copied_rules_923", None)


def test_a_rule_copied_with_its_id_and_function_name_is_refused(user_rules: list[str]) -> None:
    user_rules.append("ORG921")
    here = Path(__file__).resolve()
    with pytest.raises(RuleError) as info:
        _run_cell(COPIED.replace("SECOND_ID", '"ORG921"'), str(here))
    shown = here.relative_to(Path.cwd()).as_posix() if here.is_relative_to(Path.cwd()) else here
    assert str(info.value) == (
        f"rule id ORG921 is already used by no-outcome ({shown}:2, in my_rule), a "
        "function of the same name in the same file; give this one an id of its own, "
        "and a function name of its own"
    )
    assert info.value.rule_id == "ORG921"
    assert get_rule("ORG921").name == "no-outcome"


@pytest.mark.parametrize("same_file", [True, False], ids=["same-file", "file-per-run"])
@pytest.mark.parametrize("edited", [False, True], ids=["as-it-was", "edited"])
def test_a_cell_run_again_replaces_its_rules(
    user_rules: list[str], same_file: bool, edited: bool
) -> None:
    """A notebook cell run again, edited or not, with its id kept or changed, replaces
    its rule. IPython names each version of a cell's code by a file of its own; a plain
    ``exec`` gives every run the same name; an edit moves the definition's line."""
    user_rules.extend(["ORG925", "ORG926"])
    cell = textwrap.dedent(
        """
        @rule(RULE_ID, name="renamed", category="completeness")
        def renamed(case):
            \"\"\"Never fires.\"\"\"
            yield from ()
        """
    )
    first = _run_cell(cell.replace("RULE_ID", '"ORG925"'), "<cell-1>")["renamed"]
    again = ("\n# a comment above it\n" if edited else "") + cell
    name = "<cell-1>" if same_file else "<cell-2>"
    kept = _run_cell(again.replace("RULE_ID", '"ORG925"'), name)["renamed"]
    assert kept is not first
    assert get_rule("ORG925") is kept  # the same id: replaced, not "already used"
    renamed = _run_cell(again.replace("RULE_ID", '"ORG926"'), name)["renamed"]
    ids = [spec.id for spec in registered_rules()]
    assert "ORG925" not in ids  # the changed id: the old one goes
    assert get_rule("ORG926") is renamed


def _import_as(path: Path, module_name: str) -> Any:
    """Import the file at ``path`` as the module ``module_name``, as the command line's
    ``--rules-from`` imports it (under a name of its own)."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAME_FILE = """\
from activity_systems import rule


@rule("ORG927", name="same-file", category="completeness")
def same_file(case):
    '''Never fires.'''
    return []
"""


def test_a_file_imported_under_two_names_is_one_rule(user_rules: list[str], tmp_path: Path) -> None:
    """``import team_rules`` in a test session and the same file imported again under
    another name (by ``--rules-from``, or by pytest from another root) registered the
    same function twice, which was refused as a clash with itself."""
    user_rules.append("ORG927")
    path = tmp_path / "team_rules.py"
    path.write_text(SAME_FILE, "utf-8")
    first = _import_as(path, "team_rules_927")
    again = _import_as(tmp_path / "." / "team_rules.py", "activity_systems_rules_from_927")
    assert first.same_file is not again.same_file
    assert get_rule("ORG927") is again.same_file  # the latest replaces it, quietly
    # a function of the same name in another file is another rule: its id is taken
    other = tmp_path / "other" / "team_rules.py"
    other.parent.mkdir()
    other.write_text(SAME_FILE.replace("same-file", "same-file-elsewhere"), "utf-8")
    with pytest.raises(RuleError, match="rule id ORG927 is already used by same-file"):
        _import_as(other, "team_rules_927_elsewhere")
    assert get_rule("ORG927") is again.same_file


def test_rules_made_by_one_factory_are_all_kept(user_rules: list[str]) -> None:
    """One definition run several times (a factory) makes several rules, not one renamed."""

    def banned(tool: str, rule_id: str) -> RuleSpec:
        @rule(rule_id, name=f"uses-{tool}", category="completeness")
        def uses(case: Case) -> Iterator[Finding]:
            """A system uses a banned tool."""
            yield from ()

        return uses

    user_rules.extend(["ORG907", "ORG908"])
    fax, pager = banned("fax", "ORG907"), banned("pager", "ORG908")
    assert get_rule("ORG907") is fax
    assert get_rule("ORG908") is pager


def test_unregister_refuses_an_unknown_id_and_a_built_in_rule(user_rules: list[str]) -> None:
    @rule("ORG905", name="kept", category="completeness")
    def kept(case: Case) -> Iterator[Finding]:
        """Never fires."""
        yield from ()

    user_rules.append("ORG905")
    with pytest.raises(RuleError, match=r"no rule 'ORG950'.*'ORG905'"):
        unregister("ORG950")
    with pytest.raises(RuleError, match=r"AS101 is a built-in rule.*r\.id != 'AS101'"):
        unregister("as101")
    assert get_rule("AS101") is BUILTIN_RULES[[r.id for r in BUILTIN_RULES].index("AS101")]
    assert get_rule("ORG905") is kept


def test_unregister_is_where_rules_are_made() -> None:
    import activity_systems.rules

    assert activity_systems.rules.unregister is unregister
    assert "unregister" in activity_systems.rules.__all__


def test_rules_are_unregistered_by_id_in_any_case(user_rules: list[str]) -> None:
    @rule("ORG902", name="forgotten", category="contradiction")
    def forgotten(case: Case) -> Iterator[Finding]:
        """Never fires."""
        yield from ()

    user_rules.append("ORG902")
    assert get_rule("org902") is forgotten
    unregister("org902")
    with pytest.raises(RuleError, match="no rule"):
        get_rule("ORG902")


def test_duplicate_ids_are_rejected(user_rules: list[str]) -> None:
    def first(case: Case) -> Iterator[Finding]:
        """First."""
        yield from ()

    def second(case: Case) -> Iterator[Finding]:
        """Second."""
        yield from ()

    rule("ORG200", name="first", category="completeness")(first)
    user_rules.append("ORG200")
    with pytest.raises(
        RuleError,
        match=r"rule id ORG200 is already used by first .*; choose another id, or forget the "
        r"old rule first: activity_systems.rules.unregister\('ORG200'\)$",
    ):
        rule("ORG200", name="second", category="completeness")(second)
    with pytest.raises(RuleError, match="AS101 is already used by deadline-vs-turnaround") as info:
        rule("AS101", name="second", category="completeness")(second)
    # built-in rules stay registered; the library's own file is of no use to a rule's author
    assert str(info.value) == (
        "rule id AS101 is already used by deadline-vs-turnaround, a built-in rule; choose "
        "another id"
    )
    # Running a notebook cell again redefines the same function: that replaces it.
    again = rule("ORG200", name="first-again", category="completeness")(first)
    assert get_rule("ORG200") is again


def test_a_name_another_rule_has_is_refused(user_rules: list[str]) -> None:
    """A rule of one's own named as AS101 is made the report show two rules
    deadline-vs-turnaround; two of one's own of one name, likewise."""

    def first(case: Case) -> Iterator[Finding]:
        """First."""
        yield from ()

    def second(case: Case) -> Iterator[Finding]:
        """Second."""
        yield from ()

    with pytest.raises(RuleError) as info:
        rule("DUP101", name="deadline-vs-turnaround", category="contradiction")(first)
    assert str(info.value) == (
        "rule DUP101: the name 'deadline-vs-turnaround' is the built-in rule AS101's; give "
        "your rule a name of its own"
    )
    rule("DUP102", name="late-report", category="contradiction")(first)
    user_rules.extend(["DUP101", "DUP102", "DUP103"])
    with pytest.raises(RuleError) as info:
        rule("DUP103", name="late-report", category="contradiction")(second)
    line = first.__code__.co_firstlineno
    assert str(info.value) == (
        "rule DUP103: the name 'late-report' is already used by rule DUP102 "
        f"({_shown(Path(__file__))}:{line}, in first); give each rule a name of its own"
    )
    assert [spec.id for spec in registered_rules() if spec.id.startswith("DUP")] == ["DUP102"]
    # registered again, the rule keeps its name (a cell run again with its id changed
    # does too: test_a_cell_run_again_replaces_its_rules)
    again = rule("DUP102", name="late-report", category="contradiction")(first)
    assert [spec for spec in registered_rules() if spec.name == "late-report"] == [again]


@pytest.mark.parametrize(
    ("rule_id", "name", "category", "message"),
    [
        ("as101", "x", "completeness", "rule id 'as101' is malformed"),
        ("AS1", "x", "completeness", "rule id 'AS1' is malformed"),
        ("AS-101", "x", "completeness", "malformed"),
        ("AS101\n", "x", "completeness", "malformed"),  # $ matched before a last newline
        ("ORG101", "no-outcome\n", "completeness", "must be kebab-case"),
        ("ORG101", "Not Kebab", "completeness", "must be kebab-case"),
        ("ORG101", "x", "opinion", "category 'opinion' must be one of"),
    ],
)
def test_malformed_registrations(rule_id: str, name: str, category: Any, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        rule(rule_id, name=name, category=category)


def test_a_rule_registers_the_competencies_its_findings_call_for(user_rules: list[str]) -> None:
    @rule(
        "ORG310",
        name="no-outcome",
        category="completeness",
        competencies=["role-clarification", "collaborative-leadership", "role-clarification"],
    )
    def no_outcome(case: Case) -> Iterator[Finding]:
        """A system names no outcome."""
        for system in case.systems:
            if system.outcome is None:
                yield new_finding(elements=[system.id], message="No outcome.")

    user_rules.append("ORG310")
    assert no_outcome.competencies == ("collaborative-leadership", "role-clarification")
    findings = no_outcome(COURT)
    assert {f.competencies for f in findings} == {no_outcome.competencies}
    [entry] = rule_catalogue(["ORG310"])
    assert entry.competencies == no_outcome.competencies


@pytest.mark.parametrize(
    ("competencies", "message"),
    [
        (["role-clarificaton"], "names the competency 'role-clarificaton', which is not in the "
         "catalogue (did you mean 'role-clarification'?)"),
        (["Shared knowledge"], "(did you mean 'shared-knowledge'?)"),
        (["diplomacy"], "(known: 'collaborative-leadership', 'conflict-resolution', "),
        ("values-ethics", "competencies is a list of slugs, not one string: write "
         "competencies=['values-ethics']"),
        ([3], "competencies are slugs (str) such as 'role-clarification', not int"),
    ],
)  # fmt: skip
def test_an_unknown_competency_is_refused_when_the_rule_is_registered(
    competencies: Any, message: str
) -> None:
    # A misspelt competency gave a rule whose findings named a competency no report could
    # describe, without a word.
    with pytest.raises(RuleError) as raised:
        rule("ORG311", name="x", category="completeness", competencies=competencies)
    assert message in str(raised.value)
    assert "ORG311" not in {spec.id for spec in registered_rules()}


@pytest.mark.parametrize(
    ("competencies", "error", "message"),
    [
        (["role-clarificaton"], ValueError, "a finding of rule ORG312 names the competency "
         "'role-clarificaton', which is not in the catalogue (did you mean "
         "'role-clarification'?)"),
        ("values-ethics", TypeError, "not one string: write competencies=['values-ethics']"),
        ([3], TypeError, "competencies are slugs (str) such as 'role-clarification', not int"),
    ],
)  # fmt: skip
def test_an_unknown_competency_of_one_finding_fails_its_rule(
    user_rules: list[str], competencies: Any, error: type[Exception], message: str
) -> None:
    # A finding's own competencies were taken as they came, so a misspelt slug reached the
    # report with no description while the same slug in @rule(...) was refused.
    @rule("ORG312", name="no-outcome", category="completeness")
    def no_outcome(case: Case) -> Iterator[Finding]:
        """A system names no outcome."""
        for system in case.systems:
            yield new_finding(elements=[system.id], message="m", competencies=competencies)

    user_rules.append("ORG312")
    with pytest.raises(error) as raised:
        no_outcome(COURT)
    assert message in str(raised.value)
    with pytest.warns(RuleFailedWarning, match="role-clarification|values-ethics|not int"):
        report = check(COURT, rules=[no_outcome])
    assert [failure.rule for failure in report.rules_failed] == ["ORG312"]


def test_a_finding_names_its_own_competencies_in_its_order_once_each(
    user_rules: list[str],
) -> None:
    @rule("ORG313", name="no-outcome", category="completeness", competencies=["values-ethics"])
    def no_outcome(case: Case) -> Iterator[Finding]:
        """A system names no outcome."""
        yield new_finding(
            elements=[case.systems[0].id],
            message="m",
            competencies=["shared-knowledge", "conflict-resolution", "shared-knowledge"],
        )

    user_rules.append("ORG313")
    [finding] = no_outcome(COURT)
    assert finding.competencies == ("shared-knowledge", "conflict-resolution")


@pytest.mark.parametrize(
    ("given", "what"),
    [
        ("hello", "a str ('hello')"),
        (["def f(case): ..."], "a list (['def f(case): ...'])"),
        (None, "None"),
    ],
)
def test_what_is_no_function_is_not_registered(given: Any, what: str) -> None:
    """Text was registered as a rule, documented by str's docstring, and failed only
    when a check called it."""
    with pytest.raises(TypeError) as info:
        rule("ORG108", name="not-a-function", category="contradiction")(given)
    assert str(info.value) == (
        "rule ORG108: @rule(...) registers a function f(case) that yields the rule's "
        f"findings, not {what}"
    )
    assert "ORG108" not in {spec.id for spec in registered_rules()}


@pytest.mark.parametrize(
    ("source", "told"),
    [
        ('def f():\n    """No case."""\n    return []', "f() takes no argument"),
        (
            'def f(case, report):\n    """Two."""\n    return []',
            "f(case, report) needs 2 arguments",
        ),
        (
            'def f(*, case):\n    """Keyword."""\n    return []',
            "f(*, case) takes the case by keyword only",
        ),
        (
            'def f(case, *, strict):\n    """Option."""\n    return []',
            "f(case, *, strict) needs 'strict' as well, which a check does not give",
        ),
    ],
)
def test_a_function_that_cannot_take_the_case_is_not_registered(source: str, told: str) -> None:
    """A rule written ``def my_rule(case, report)`` or ``def my_rule()`` was registered,
    and every check then reported it as failed, with Python's TypeError of a call
    (``f() takes 0 positional arguments but 1 was given``): in a property test, the
    rule found nothing, case after case."""
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    with pytest.raises(TypeError) as info:
        rule("ORG110", name="wrong-arguments", category="contradiction")(namespace["f"])
    assert str(info.value) == (
        f"rule ORG110: {told}; a rule is called with the case alone: write def f(case)"
    )
    assert "ORG110" not in {spec.id for spec in registered_rules()}


def test_a_coroutine_function_is_not_registered() -> None:
    """``async def`` gave a rule that failed on every check, having returned a coroutine
    that nothing awaited (and Python warned of it when the program ended)."""
    namespace: dict[str, Any] = {}
    exec('async def f(case):\n    """Async."""\n    return []', namespace)
    with pytest.raises(TypeError) as info:
        rule("ORG111", name="async-rule", category="contradiction")(namespace["f"])
    assert str(info.value) == (
        "rule ORG111: f is an async function, and a check does not await its findings: "
        "write def f(case), not async def"
    )
    assert "ORG111" not in {spec.id for spec in registered_rules()}


@pytest.mark.parametrize(
    "source",
    [
        'def f(case, report=None):\n    """Optional."""\n    return []',
        'def f(*args):\n    """Any."""\n    return []',
        'def f(case, /):\n    """Positional."""\n    return []',
        'def f(case, *, strict=False):\n    """Option."""\n    return []',
    ],
)
def test_a_function_that_takes_the_case_is_registered(source: str, user_rules: list[str]) -> None:
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    spec = rule("ORG112", name="right-arguments", category="contradiction")(namespace["f"])
    user_rules.append("ORG112")
    assert check(COURT, rules=[spec]).rules_failed == ()


def _settings_given(function: Callable[[Case, int], list[Finding]]) -> Callable[[Case], Any]:
    """A decorator that gives a rule its settings: the function it returns takes the
    case alone, though its ``__wrapped__``, which ``functools.wraps`` sets, takes two."""

    @functools.wraps(function)
    def with_settings(case: Case) -> list[Finding]:
        return function(case, 3)

    return with_settings


class _Threshold:
    """A rule as an object: its threshold, then the case."""

    def __call__(self, case: Case, threshold: int = 3) -> list[Finding]:
        return []

    def method(self, case: Case) -> list[Finding]:
        """A rule as a method."""
        return []


def _with_threshold(threshold: int, case: Case) -> list[Finding]:
    """A rule whose threshold is bound with functools.partial."""
    return []


@pytest.mark.parametrize(
    "make",
    [
        lambda: _settings_given(_with_threshold_last),
        lambda: functools.partial(_with_threshold, 3),
        _Threshold,
        lambda: _Threshold().method,
    ],
    ids=["wrapped-with-other-arguments", "partial", "instance", "method"],
)
def test_a_callable_that_takes_the_case_alone_is_registered(
    make: Callable[[], Any], user_rules: list[str]
) -> None:
    """What a check can call with the case alone registers, whatever it wraps: a
    decorator that gives a rule its settings (``functools.wraps``) was refused for the
    wrapped function's arguments."""
    function = make()
    if isinstance(function, functools.partial):
        function.__doc__ = "A rule whose threshold is bound."
    spec = rule("ORG113", name="callable-rule", category="contradiction")(function)
    user_rules.append("ORG113")
    assert check(COURT, rules=[spec]).rules_failed == ()


def _with_threshold_last(case: Case, threshold: int) -> list[Finding]:
    """A rule that a decorator gives its threshold."""
    return []


def test_a_rule_is_not_registered_again_as_another(user_rules: list[str]) -> None:
    """@rule applied twice gave a rule documented by RuleSpec's own docstring."""
    with pytest.raises(TypeError, match=r"^rule ORG109: AS101 is a rule already \(is @rule"):
        rule("ORG109", name="again", category="contradiction")(get_rule("AS101"))
    assert "ORG109" not in {spec.id for spec in registered_rules()}


def test_a_rule_needs_a_docstring() -> None:
    def undocumented(case: Case) -> Iterator[Finding]:
        yield from ()

    with pytest.raises(RuleError, match="has no docstring") as info:
        rule("ORG300", name="undocumented", category="completeness")(undocumented)
    # the function as its author wrote it, where it is defined; not its module's name
    line = undocumented.__code__.co_firstlineno
    assert f"rule ORG300 ({_shown(Path(__file__))}:{line}, in undocumented) has no " in str(
        info.value
    )
    with pytest.raises(RuleError, match=r"^rule ORG300 \(in_a_cell\) has no docstring: "):
        _run_cell(
            """
            @rule("ORG300", name="undocumented", category="completeness")
            def in_a_cell(case):
                return []
            """
        )


def test_the_function_of_a_rule_that_has_the_id_is_named_by_its_file(
    user_rules: list[str], tmp_path: Path
) -> None:
    """Not by the name its module was imported as (the command line's
    ``activity_systems_rules_from_team_rules_<hash>``), which the author never wrote."""
    path = tmp_path / "team_rules.py"
    path.write_text(
        "from activity_systems import rule\n\n\n"
        "@rule('ORG301', name='first', category='completeness')\n"
        "def first(case):\n    'First.'\n    return []\n",
        "utf-8",
    )
    spec = importlib.util.spec_from_file_location("imported_as_something_else_301", path)
    assert spec is not None
    assert spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    user_rules.append("ORG301")

    def second(case: Case) -> Iterator[Finding]:
        """Second."""
        yield from ()

    with pytest.raises(RuleError) as info:
        rule("ORG301", name="second", category="completeness")(second)
    assert str(info.value).startswith(
        f"rule id ORG301 is already used by first ({_shown(path)}:4, in first); choose "
    )
    assert "imported_as_something_else" not in str(info.value)


def _shown(path: Path) -> str:
    """``path`` as messages show it: from the current folder when it lies inside it."""
    path = path.resolve()
    cwd = Path.cwd().resolve()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else str(path)


def test_check_takes_ids_specs_or_one_of_them() -> None:
    by_id = check(COURT, rules=["AS401", "AS601"])
    assert by_id.rules_run == ("AS401", "AS601")
    assert check(COURT, rules="AS401").rules_run == ("AS401",)
    assert check(COURT, rules=get_rule("AS401")).findings == check(COURT, rules=["AS401"]).findings
    assert check(COURT, rules=[]).findings == ()
    with pytest.raises(RuleError, match=r"no rule 'AS1O1' \(did you mean 'AS101'\?\)"):
        check(COURT, rules=["AS1O1"])
    assert check(COURT, rules=["as401", "As601"]).rules_run == ("AS401", "AS601")
    assert get_rule("as401") is get_rule("AS401")
    impostor = RuleSpec("AS401", "impostor", "completeness", lambda case: iter(()), "Doc.")
    with pytest.raises(RuleError, match="two different rules have the id AS401"):
        check(COURT, rules=["AS401", impostor])
    with pytest.raises(TypeError, match="check\\(\\) takes a Case"):
        check({"title": "T"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            "AS101,AS201",
            "rules='AS101,AS201' names several rules in one string: give a list, "
            "rules=['AS101', 'AS201']",
        ),
        ("AS101 AS201", "give a list, rules=['AS101', 'AS201']"),
        (
            ["AS401", "AS101, AS201"],
            "the rule id 'AS101, AS201' names several rules: give each as an item of the "
            "list, ['AS101', 'AS201']",
        ),
    ],
)
def test_several_ids_in_one_string_are_refused_with_the_list_to_give(
    rules: Any, message: str
) -> None:
    """As the command line's --rules takes them, they said "no rule 'AS101,AS201' (did
    you mean 'AS201'?)", which suggested dropping one."""
    with pytest.raises(RuleError) as info:
        check(COURT, rules=rules)
    assert message in str(info.value)
    assert "did you mean" not in str(info.value)


def test_check_loads_a_path() -> None:
    path = EXAMPLES / "court-reports.yaml"
    assert check(path) == check(load(path))
    assert check(str(path), rules=["AS101"]) == check(load(path), rules=["AS101"])
    with pytest.raises(CaseFileError, match="no such file"):
        check(path.with_name("missing.yaml"))
    with pytest.raises(TypeError, match="a Case or the path of a case file, not bytes"):
        check(b"examples/court-reports.yaml")  # type: ignore[arg-type]


def test_finding_outside_a_running_rule() -> None:
    with pytest.raises(RuntimeError, match="inside a rule"):
        new_finding(elements=["court"], message="m")
    made = get_rule("AS402").finding(elements=["court.t"], level="secondary", message="m")
    assert made.rule == "AS402"
    assert made.competencies == ("interprofessional-team-working", "role-clarification")
    assert made.key == finding_key("AS402", ["court.t"])


# -- declared contradictions ------------------------------------------------------------


def _declared_case(between: list[str], level: str) -> Case:
    data = COURT.model_dump(by_alias=True, exclude_defaults=True)
    data["systems"][0]["object"] = {"label": "Defendant", "values": ["punishment"]}
    data["declared"] = [{"between": between, "level": level, "note": "Care or punish?"}]
    return Case.model_validate(data)


def test_a_declared_contradiction_that_is_detected_is_reported_once() -> None:
    report = check(_declared_case(["mhs.object", "court.object"], "quaternary"))
    tensions = [f for f in report.findings if f.rule in ("AS000", "AS301")]
    assert [(f.rule, f.declared, f.detected, f.note) for f in tensions] == [
        ("AS301", True, True, "Care or punish?")
    ]
    assert tensions[0].elements == ("court.object", "mhs.object")
    assert tensions[0].key == finding_key("AS301", ["court.object", "mhs.object"])


def test_a_declared_contradiction_at_another_level_stays_separate() -> None:
    report = check(_declared_case(["mhs.object", "court.object"], "secondary"))
    tensions = [f for f in report.findings if f.rule in ("AS000", "AS301")]
    assert sorted((f.rule, f.level, f.declared, f.detected) for f in tensions) == [
        ("AS000", "secondary", True, False),
        ("AS301", "quaternary", False, True),
    ]
    declared = next(f for f in tensions if f.rule == "AS000")
    assert declared.key == finding_key("AS000", ["court.object", "mhs.object"])
    assert declared.explanation == "Care or punish?"


def test_a_declared_contradiction_is_a_detected_one_only_with_all_its_elements() -> None:
    """As the case-file reference says: AS101 names the exchange as well as the rule and
    the tool, and a declaration without it stays a contradiction of its own."""
    data = load(EXAMPLES / "court-reports.yaml").model_dump(by_alias=True, exclude_defaults=True)

    def declared(*between: str) -> list[tuple[str, ...]]:
        data["declared"] = [{"between": between, "level": "quaternary"}]
        report = check(Case.model_validate(data))
        return [(f.rule, *f.elements) for f in report.findings if f.declared]

    whole = ("court.targets", "mhs.report", "court-report")
    assert declared(*whole) == [("AS101", *whole)]
    # the two elements alone are another finding (here AS301: their values pull apart)
    assert declared("court.targets", "mhs.report") == [("AS301", "court.targets", "mhs.report")]


def test_without_as000_declared_contradictions_are_not_reported() -> None:
    rules = [spec for spec in BUILTIN_RULES if spec.id != "AS000"]
    report = check(_declared_case(["mhs.object", "court.object"], "quaternary"), rules=rules)
    assert not any(f.declared for f in report.findings)


# -- determinism ------------------------------------------------------------------------


def _shuffled(data: Any, rng: random.Random, key: str = "") -> Any:
    """Every list and mapping shuffled, recursively; a value tension [a, b, why] keeps
    its shape."""
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng, k) for k, v in items}
    if isinstance(data, list):
        shuffled = (
            [list(t) for t in data]
            if key == "value_tensions"
            else [_shuffled(v, rng) for v in data]
        )
        rng.shuffle(shuffled)
        return shuffled
    return data


def _systems_as_in(data: Any, shuffled: Any) -> Any:
    """``shuffled`` with its systems back in the order ``data`` lists them (each still
    shuffled inside): a finding that names two systems names them in that order."""
    place = {system["id"]: k for k, system in enumerate(data["systems"])}
    return {**shuffled, "systems": sorted(shuffled["systems"], key=lambda s: place[s["id"]])}


def _found(report: Report) -> list[tuple[str, str | None, str, list[str]]]:
    """What a report finds, whatever order its findings name their elements in."""
    return [(f.key, f.level, f.severity, sorted(f.elements)) for f in report.findings]


@pytest.mark.parametrize("example", ["court-reports.yaml", "segregation-unit.yaml"])
def test_shuffled_case_files_give_byte_identical_reports(example: str) -> None:
    path = EXAMPLES / example
    report = check(load(path))
    original = report.to_json()
    data = read_yaml(path.read_text("utf-8"), str(path)).data
    orders = set()
    for seed in range(6):
        shuffled = _shuffled(data, random.Random(seed))
        same_systems = Case.model_validate(_systems_as_in(data, shuffled))
        orders.add(tuple(e.id for s in same_systems.systems for _, e in s.elements()))
        assert check(same_systems).to_json() == original
        # in another order of systems, the same findings, numbered alike
        assert _found(check(Case.model_validate(shuffled))) == _found(report)
    assert len(orders) == 6


def test_a_pair_of_systems_is_named_as_the_case_lists_them() -> None:
    """Swapping the segregation unit and health care in the case file swaps them where
    a finding names the pair (as it does in the figures) and changes nothing else."""
    path = EXAMPLES / "segregation-unit.yaml"
    data = read_yaml(path.read_text("utf-8"), str(path)).data
    swapped = {**data, "systems": data["systems"][::-1]}
    before, after = check(load(path)), check(Case.model_validate(swapped))
    assert _found(after) == _found(before)
    unit, care = "Prison segregation unit", "Prison mental health care"
    named = {"AS301": "prompt", "AS501": "message"}
    pairs = [
        (getattr(was, named[was.rule]), getattr(now, named[now.rule]))
        for was, now in zip(before.findings, after.findings, strict=True)
        if was.rule in named and unit in was.prompt and care in was.prompt
    ]
    assert len(pairs) == 4
    for was, now in pairs:
        assert was.index(unit) < was.index(care)
        assert now.index(care) < now.index(unit)
    integration = next(f for f in after.findings if f.rule == "AS501")
    assert integration.elements == ("healthcare", "segregation")


def test_shuffled_tensions_and_declared_give_identical_reports() -> None:
    systems = [
        {
            "id": f"s{i}",
            "subject": "S",
            "object": {"label": "O", "values": ["treatment", "punishment"][i % 2 : i % 2 + 1]},
            "rules": [
                {"id": "r1", "label": "R1", "values": ["control", "care"]},
                {"id": "r2", "label": "R2", "values": ["discipline"]},
            ],
            "community": ["?", "?", {"id": "c", "label": "C", "values": ["speed"]}],
        }
        for i in range(6)
    ]
    data = {
        "title": "Many tensions",
        "systems": systems,
        "exchanges": [
            {"id": f"x{i}", "label": "X", "from": f"s{i}", "to": f"s{(i + 1) % 6}"}
            for i in range(6)
        ],
        "value_tensions": [["speed", "treatment", "Rushed care"], ["speed", "control", "!"]],
        "declared": [
            {"between": ["s0.object", "s1.object"], "level": "quaternary", "note": "b"},
            {"between": ["s1.object", "s0.object"], "level": "quaternary", "note": "a"},
            {"between": ["s2.r1", "x2"], "level": "secondary"},
        ],
    }
    report = check(Case.model_validate(data))
    original = report.to_json()
    assert '"declared": true' in original
    for seed in range(5):
        shuffled = _shuffled(data, random.Random(seed))
        assert check(Case.model_validate(_systems_as_in(data, shuffled))).to_json() == original
        assert _found(check(Case.model_validate(shuffled))) == _found(report)


# -- boundaries ---------------------------------------------------------------------------


def test_importing_the_model_does_not_load_the_engine() -> None:
    code = (
        "import sys, activity_systems, activity_systems.model, activity_systems.rules.finding\n"
        "loaded = [m for m in sys.modules if m.startswith('activity_systems.rules.')]\n"
        "print(sorted(loaded))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # the findings' own module, and the plain wording it joins names with ("a, b and c")
    assert out.strip() == "['activity_systems.rules.finding', 'activity_systems.rules.wording']"


def test_the_catalogue_lists_registered_rules_with_their_docs() -> None:
    catalogue = rule_catalogue()
    ids = [entry.id for entry in catalogue]
    assert ids == sorted(ids)
    assert set(ids) >= {spec.id for spec in BUILTIN_RULES}
    entry = next(e for e in catalogue if e.id == "AS101")
    assert entry.name == "deadline-vs-turnaround"
    assert entry.summary == "An exchange is needed sooner than its producer can deliver it."
    assert entry.builtin
    assert entry.competencies == ("interprofessional-communication", "role-clarification")
    assert entry.to_markdown().startswith("## AS101 deadline-vs-turnaround\n\nAn exchange")
    assert entry.to_dict()["sections"]["Elements"].startswith("The consumer's rule")
    # the Markdown catalogue names the competencies as the text catalogue does
    assert entry.to_markdown().endswith(
        "\n\n**Competencies:** Interprofessional communication, Role clarification\n"
    )


@pytest.mark.parametrize("example", ["court-reports.yaml", "segregation-unit.yaml"])
def test_the_rules_index_answers_as_the_case_does(example: str) -> None:
    case = load(EXAMPLES / example)
    index = CaseIndex.build(case)
    for exchange in case.exchanges:
        assert index.takes(exchange) == case.takes(exchange)
        assert index.needed_within(exchange) == case.needed_within(exchange)
        assert index.provides(exchange) == case.provides(exchange)
    for located in case.iter_elements():
        assert index.locate(located.reference) == case.locate(located.reference)
    assert sorted(index.neighbours) == case.neighbours()


# -- building findings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "elements",
    [
        [],
        ["court.t"],
        ["court.t", "court.t"],
        ["mhs.object", "court.object"],
        ["court.object", "mhs.object"],
        ("b", "a", "c", "a"),
        iter(["b", "a"]),
    ],
)
def test_keys_follow_the_sorted_distinct_elements(elements: Any) -> None:
    elements = list(elements)
    for extra in ("", "secondary"):
        assert Finding.make_key("AS301", elements, extra) == finding_key("AS301", elements, extra)
        assert Finding.make_key("AS301", tuple(elements), extra) == finding_key(
            "AS301", elements, extra
        )


_FIELDS: dict[str, Any] = {
    "rule": "AS301",
    "name": "value-tension",
    "category": "contradiction",
    "level": "quaternary",
    "severity": "high",
    "elements": ["mhs.object", "court.object"],
    "message": "m",
    "explanation": "e",
    "prompt": "p",
    "competencies": ("role-clarification",),
}


def test_a_finding_built_without_validation_is_the_one_validation_builds() -> None:
    made = Finding.create(**_FIELDS)
    validated = Finding(**made.model_dump())
    assert made == validated
    assert repr(made) == repr(validated)
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == validated.model_fields_set
    assert (made.model_extra, made.__pydantic_private__) == (None, None)
    assert made.elements == ("mhs.object", "court.object")
    copied = made.model_copy(update={"declared": True})
    assert copied.declared
    assert not made.declared
    assert made.model_fields_set == set(Finding.model_fields)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("message", 3),
        ("severity", "urgent"),
        ("category", "opinion"),
        ("level", "fifth"),
        ("elements", ["court.t", 3]),
        ("competencies", [None]),
        ("declared", "maybe"),
    ],
)
def test_findings_of_unusual_values_are_still_validated(field: str, value: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises((ValidationError, TypeError)):
        Finding.create(**(_FIELDS | {field: value}))


def test_values_validation_would_convert_are_converted() -> None:
    class Text(str):
        pass

    made = Finding.create(**(_FIELDS | {"message": Text("m"), "declared": 1}))
    assert type(made.message) is str
    assert made.declared is True


def test_a_rules_finding_built_without_validation_is_the_one_validation_builds() -> None:
    spec = get_rule("AS301")
    made = spec.finding(
        elements=["mhs.object", "court.object"], message="m", level="quaternary", note="n"
    )
    validated = Finding(**made.model_dump())
    assert made == validated
    assert repr(made) == repr(validated)
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == validated.model_fields_set == set(Finding.model_fields)
    assert (made.model_extra, made.__pydantic_private__) == (None, None)
    assert made.key == Finding.make_key("AS301", ["court.object", "mhs.object"])
    assert made.explanation == spec.default_explanation
    assert made.competencies == spec.default_competencies


@pytest.mark.parametrize(
    "field", ["elements", "message", "explanation", "prompt", "note", "level", "severity"]
)
def test_a_rules_finding_of_text_of_its_own_kind_is_validated_into_text(field: str) -> None:
    class Text(str):
        pass

    values: dict[str, Any] = {
        "elements": ["mhs.object", "court.object"],
        "message": "m",
        "explanation": "e",
        "prompt": "p",
        "note": "n",
        "level": "quaternary",
        "severity": "high",
    }
    given = values[field]
    values[field] = [Text(item) for item in given] if isinstance(given, list) else Text(given)
    made = get_rule("AS301").finding(**values)
    kept = made.elements[0] if field == "elements" else getattr(made, field)
    assert type(kept) is str


def test_a_rule_registered_with_text_of_its_own_kind_gives_findings_of_text(
    user_rules: list[str],
) -> None:
    class Text(str):
        pass

    @rule(Text("ORG916"), name=Text("own-kind"), category="completeness")
    def own_kind(case: Case) -> Iterator[Finding]:
        """Says it."""
        yield new_finding(elements=["court"], message="m", competencies=[Text("values-ethics")])

    user_rules.append("ORG916")
    (finding,) = check(COURT, rules=[own_kind]).findings
    assert (finding.rule, finding.name) == ("ORG916", "own-kind")
    assert type(finding.rule) is str
    assert type(finding.name) is str
    assert type(finding.competencies[0]) is str


def test_a_spec_made_directly_with_competencies_in_a_list_gives_findings_of_a_tuple() -> None:
    spec = RuleSpec(
        id="XX993",
        name="listed",
        category="completeness",
        function=lambda case: iter(()),
        doc="Says it.",
        competencies=["values-ethics"],  # type: ignore[arg-type]
    )
    made = spec.finding(elements=["court"], message="m")
    assert made.competencies == ("values-ethics",)
    assert type(made.competencies) is tuple
    assert made == Finding(**made.model_dump())
    hash(made)


def test_a_spec_made_directly_with_an_unknown_category_gives_no_finding_of_it() -> None:
    from pydantic import ValidationError

    spec = RuleSpec(
        id="XX994",
        name="capital",
        category="Completeness",  # type: ignore[arg-type]
        function=lambda case: iter(()),
        doc="Says it.",
    )
    with pytest.raises(ValidationError, match="category"):
        spec.finding(elements=["court"], message="m")


def test_a_report_repr_is_one_short_line() -> None:
    report = check(EXAMPLES / "court-reports.yaml")
    assert repr(report) == (
        'Report(case="Psychiatric reports for the magistrates\' court", '
        "findings=12 (8 high, 4 medium, 0 low), "
        f"rules_run={len(BUILTIN_RULES)}, rules_failed=0)"
    )
    failed = report.model_copy(update={"rules_failed": (RuleFailure(rule="ORG1", error="e"),)})
    assert repr(failed).endswith("rules_failed=1 (ORG1))")
    empty = check(COURT, rules=[])
    assert repr(empty) == "Report(case='Court', findings=0, rules_run=0, rules_failed=0)"
    # a finding keeps pydantic's full repr
    assert repr(report.findings[0]).startswith(f"Finding(key='{report.findings[0].key}', rule=")


def test_check_tells_the_text_of_a_case_from_its_path() -> None:
    text = (EXAMPLES / "court-reports.yaml").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="looks like the text of a case; read it with loads"):
        check(text)
    report = check(load(EXAMPLES / "court-reports.yaml"))
    assert str(report) == report.to_text()  # print(report) reads as the command line's
    assert len(repr(report)) < 200


def test_findings_involving_systems_keep_their_numbers() -> None:
    case = load(EXAMPLES / "liaison-and-diversion.yaml")
    report = check(case)
    court = report.involving(case, "court")
    assert court
    assert all(f in report.findings for f in court)
    between = report.involving(case, "local", "national")
    assert set(between) <= set(report.involving(case, "local"))
    assert [report.number(f) for f in between] == sorted(report.number(f) for f in between)
    # an exchange counts for both its systems
    exchange_findings = [
        f for f in report.findings if any(case.has_exchange(e) for e in f.elements)
    ]
    for finding in exchange_findings:
        (exchange,) = [case.exchange(e) for e in finding.elements if case.has_exchange(e)][:1]
        assert finding in report.involving(case, exchange.from_, exchange.to)
    with pytest.raises(ValueError, match=r"no system 'locl'.*'local'"):
        report.involving(case, "locl")
    with pytest.raises(ArgumentError, match="at least one of the case") as raised:
        report.involving(case)
    assert str(raised.value) == (
        "involving() names at least one of the case's systems, as involving(case, 'court')"
    )


def test_a_finding_names_the_systems_it_involves_as_involving_selects_them() -> None:
    case = load(EXAMPLES / "liaison-and-diversion.yaml")
    report = check(case)
    ids = [system.id for system in case.systems]
    for first in ids:
        for second in ids:
            selected = [f for f in report.findings if {first, second} <= set(f.systems(case))]
            assert selected == report.involving(case, first, second)
    for finding in report.findings:
        assert list(finding.systems(case)) == sorted(set(finding.systems(case)))
    court = load(EXAMPLES / "court-reports.yaml")
    findings = check(court).findings
    deadline = next(f for f in findings if f.rule == "AS101")
    assert deadline.systems(court) == ("court", "mhs")  # through its exchange too
    gap = next(f for f in findings if f.rule == "AS501")
    assert gap.systems(court) == ("court", "mhs")  # named by their ids
    with pytest.raises(TypeError, match="takes the Case the finding was checked from"):
        gap.systems(EXAMPLES / "court-reports.yaml")  # type: ignore[arg-type]


def test_a_finding_not_in_the_report_has_no_number_and_is_named() -> None:
    report = check(EXAMPLES / "court-reports.yaml")
    other = check(EXAMPLES / "segregation-unit.yaml").findings[0]
    message = (
        f"finding {other.key} is not in this report of {report.case!r} (a finding of "
        "another case, or of another version of this one?)"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        report.number(other)
    changed = report.findings[1].model_copy(update={"message": "as an earlier version said"})
    with pytest.raises(ValueError, match=f"^finding {changed.key} is not in this report") as raised:
        report.number(changed)
    assert str(raised.value).endswith(
        ": its finding 2 has that key but differs from it (a finding of another version of the "
        "case?)"
    )
    # the same finding of another check of the case has its number
    assert report.number(check(EXAMPLES / "court-reports.yaml").findings[1]) == 2
    with pytest.raises(TypeError, match=r"not str: for a key, look the finding up in report"):
        report.number(report.findings[0].key)  # type: ignore[arg-type]


def test_involving_takes_the_ids_one_by_one_or_in_one_list() -> None:
    case = load(EXAMPLES / "liaison-and-diversion.yaml")
    report = check(case)
    between = report.involving(case, "local", "national")
    assert between
    assert report.involving(case, ["local", "national"]) == between
    assert report.involving(case, ("national", "local")) == between
    assert report.involving(case, iter(["local", "national"])) == between
    assert report.involving(case, ["court"]) == report.involving(case, "court")
    with pytest.raises(ArgumentError, match="at least one of the case"):
        report.involving(case, [])
    with pytest.raises(ValueError, match=r"no system 'locl'.*'local'"):
        report.involving(case, ["locl", "national"])
    how = r"one by one or in one list: involving\(case, 'local', 'national'\) or "
    with pytest.raises(TypeError, match=how + r".*, not list among them$"):
        report.involving(case, "local", ["national"])
    with pytest.raises(TypeError, match=how + r".*, not int among them$"):
        report.involving(case, 3)  # type: ignore[arg-type]


def test_involving_takes_the_case_not_its_path() -> None:
    path = EXAMPLES / "liaison-and-diversion.yaml"
    report = check(path)
    with pytest.raises(TypeError, match="takes the Case the report was checked from"):
        report.involving(path, "court")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not str: involving\(case, 'court'\)"):
        report.involving(str(path), "court")  # type: ignore[arg-type]
    # an id without the case is the id to give after it
    with pytest.raises(TypeError, match=r"not str: involving\(case, 'court'\)$"):
        report.involving("court")  # type: ignore[arg-type]


def test_findings_at_or_above_a_severity() -> None:
    report = check(EXAMPLES / "court-reports.yaml")
    assert [f.severity for f in report.at_or_above("high")] == ["high"] * 8
    assert len(report.at_or_above("low")) == len(report.findings)
    with pytest.raises(ValueError, match="severity must be one of high, medium, low, not 'Medium'"):
        report.at_or_above("Medium")  # type: ignore[arg-type]


def test_a_level_on_a_finding_of_a_rule_without_levels_is_a_failure(user_rules: list[str]) -> None:
    @rule("ORG907", name="levelled-integration", category="integration")
    def levelled(case: Case) -> Iterator[Finding]:
        """Gives a level where none belongs."""
        yield new_finding(elements=["court"], level="primary", message="m")

    user_rules.append("ORG907")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(COURT, rules=[levelled]).rules_failed
    assert failure.error == (
        "ValueError: rule ORG907 is an integration rule: its findings have no level, not 'primary'"
    )


def test_a_withheld_item_prompt_reads_well_for_a_system_named_in_the_plural() -> None:
    case = Case.model_validate(
        {
            "title": "Custody",
            "systems": [
                {
                    "id": "custody",
                    "name": "Custody sergeants",
                    "subject": "Sergeant",
                    "object": "Detainee",
                },
                {
                    "id": "nurses",
                    "name": "Liaison and diversion nurses",
                    "subject": "Nurse",
                    "object": "Detainee",
                    "rules": [{"label": "Consent first", "withholds": ["history"]}],
                },
            ],
            "exchanges": [
                {
                    "id": "screening",
                    "label": "Screening",
                    "from": "nurses",
                    "to": "custody",
                    "expects": ["history"],
                }
            ],
        }
    )
    (finding,) = [f for f in check(case).findings if f.rule == "AS202"]
    assert finding.prompt == (
        "Why is “Consent first” a rule of Liaison and diversion nurses, and what could "
        "Custody sergeants be given instead of history?"
    )


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_no_finding_puts_a_verb_after_a_system_name_that_must_agree_with_it(
    example: str,
) -> None:
    # A system may be named in the plural ('Liaison and diversion nurses'): a finding
    # that wrote '<name> needs …' or 'Does <name> know …' read wrongly for it.
    import re

    data = load(EXAMPLES / f"{example}.yaml").model_dump(by_alias=True, exclude_none=True)
    for number, system in enumerate(data["systems"]):
        system["name"] = f"Liaison nurses {number}"
    case = Case.model_validate(data)
    agreeing = re.compile(
        # the name as the subject: not after 'of' or 'in' ('No task of <name> produces')
        r"(?:Does|Do) Liaison nurses \d|(?<!of )(?<!in )Liaison nurses \d+ (?:needs|expects|"
        r"has|names|depends|produces|knows|does|holds|gives|wants|takes|sets|provides|is|was)\b"
    )
    texts = [
        text
        for finding in check(case).findings
        for text in (finding.message, finding.explanation, finding.prompt)
    ]
    assert texts
    assert [text for text in texts if agreeing.search(text)] == []


def test_a_rule_of_the_package_that_raises_names_no_line(user_rules: list[str]) -> None:
    # a fault of the package's own: the line a warning could name (here, one of Python's
    # library) would only mislead a user
    def parses(case: Case) -> Iterator[Finding]:
        """Parses what is not JSON."""
        yield new_finding(elements=["court"], level="primary", message=json.loads("{"))

    parses.__module__ = "activity_systems.rules.content"
    spec = rule("ORG913", name="parses-too", category="contradiction")(parses)
    user_rules.append("ORG913")
    with pytest.warns(RuleFailedWarning) as warned:
        check(COURT, rules=[spec])
    assert str(warned[0].message).startswith("rule ORG913 failed and its findings are left")


def test_a_folder_reached_through_a_link_is_known_by_both_its_names(tmp_path: Path) -> None:
    from activity_systems.errors import _folder_prefixes

    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert _folder_prefixes(str(link)) == (f"{link}{os.sep}", f"{real.resolve()}{os.sep}")
    assert _folder_prefixes(str(real)) == (f"{real.resolve()}{os.sep}",)


NAMED = Case.model_validate(
    {
        "title": "Named",
        "systems": [
            {
                "id": "court",
                "name": "Magistrates' court",
                "subject": "Magistrate",
                "object": "Defendant",
                "tools": [{"id": "request", "label": "Written request"}],
            },
            {"id": "mhs", "name": "Mental health services", "subject": "P", "object": "S"},
        ],
        "exchanges": [
            {"id": "report", "label": "Psychiatric report", "from": "mhs", "to": "court"}
        ],
    }
)


@pytest.mark.parametrize(
    ("named", "error"),
    [
        (
            "case.system('court').title",
            'RuleError: rule ORG902 returned a finding that names "Magistrates\' court", which '
            "is the name of the system 'court', not a reference: a finding names a system by "
            "its id, 'court'",
        ),
        (
            "case.exchange('report').label",
            "RuleError: rule ORG902 returned a finding that names 'Psychiatric report', which "
            "is the label of the exchange 'report', not a reference: a finding names an "
            "exchange by its id, 'report'",
        ),
        (
            "case.system('court').tools[0].label",
            "RuleError: rule ORG902 returned a finding that names 'Written request', which is "
            "the label of the element 'court.request', not a reference: a finding names an "
            "element by its system's id and its own, 'court.request'",
        ),
        (
            "'court.' + case.system('court').subject.label",
            "RuleError: rule ORG902 returned a finding that names 'court.Magistrate', which is "
            "the label of the element 'court.subject', not a reference: a finding names an "
            "element by its system's id and its own, 'court.subject'",
        ),
        (  # an exchange written under its producer, as an element is: "did you mean …?"
            # offered an element of the producer, or nothing
            "case.exchange('report').from_ + '.' + case.exchange('report').id",
            "RuleError: rule ORG902 returned a finding that names 'mhs.report', which is not "
            "in the case: 'mhs.report' names the exchange 'report' as an element of system "
            "'mhs': an exchange is named by its id alone, 'report'",
        ),
        (  # and under its consumer
            "case.exchange('report').to + '.' + case.exchange('report').id",
            "RuleError: rule ORG902 returned a finding that names 'court.report', which is "
            "not in the case: 'court.report' names the exchange 'report' as an element of "
            "system 'court': an exchange is named by its id alone, 'report'",
        ),
    ],
)
def test_a_finding_that_names_a_label_is_told_to_name_the_id(
    named: str, error: str, user_rules: list[str]
) -> None:
    """A rule that wrote a system's title or an element's label where its id goes was
    told of the closest id, often another element's ('other-magistrates' for
    'court.Magistrate'), or of the ids there are, not that it gave a label."""
    namespace: dict[str, Any] = {"new_finding": new_finding}
    body = f"yield new_finding(elements=[{named}], level='primary', message='m')"
    exec(f"def labelled(case):\n    '''Labelled.'''\n    {body}", namespace)
    spec = rule("ORG902", name="labelled", category="contradiction")(namespace["labelled"])
    user_rules.append("ORG902")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(NAMED, rules=[spec]).rules_failed
    assert failure.error == error


SHARED = Case.model_validate(
    {
        "title": "Shared labels",
        "systems": [
            {
                "id": "court",
                "name": "Bench",
                "subject": "Magistrate",
                "object": "Defendant",
                "community": [{"id": "bench", "label": "Magistrate"}],
                "tools": [{"id": "request", "label": "Written request"}],
            },
            {
                "id": "mhs",
                "subject": "Magistrate",
                "object": "S",
                "community": [{"id": "panel", "label": "Bench"}],
                "tools": [{"id": "form", "label": "request"}],
            },
            {"id": "prison", "subject": "Magistrate", "object": "O"},
            {"id": "probation", "subject": "Magistrate", "object": "O"},
        ],
    }
)


@pytest.mark.parametrize(
    ("named", "error"),
    [
        (
            "court.Magistrate",
            "which is the label of the elements 'court.subject' and 'court.bench', not a "
            "reference: a finding names an element by its system's id and its own: write the "
            "one meant, 'court.subject' or 'court.bench'",
        ),
        (
            "Magistrate",
            "which is the label of the elements 'court.subject', 'court.bench', "
            "'mhs.subject', … 2 more, not a reference: a finding names an element by its "
            "system's id and its own: write the one meant, 'court.subject', 'court.bench', "
            "'mhs.subject', … 2 more",
        ),
        (
            "Bench",
            "which is the name or label of the system 'court' and the element 'mhs.panel', "
            "not a reference: a finding names each by its id: write the one meant, 'court' "
            "or 'mhs.panel'",
        ),
        (
            "request",
            "which is the label of the element 'mhs.form', not a reference: a finding names "
            "an element by its system's id and its own, 'mhs.form'; or, if it meant the "
            "element whose id it is, 'court.request'",
        ),
    ],
)
def test_a_label_several_parts_share_names_each_of_them(
    named: str, error: str, user_rules: list[str]
) -> None:
    """A label is no id: the subjects of two systems may both be 'Magistrate'. The rule
    was sent to the first element with the label, which may not be the one it meant, and
    a label that is another element's id ('request') lost the suggestion of that id."""

    @rule("ORG903", name="shared-label", category="contradiction")
    def shared_label(case: Case) -> Iterator[Finding]:
        """Shared label."""
        yield new_finding(elements=[named], level="primary", message="m")

    user_rules.append("ORG903")
    with pytest.warns(RuleFailedWarning):
        (failure,) = check(SHARED, rules=[shared_label]).rules_failed
    assert failure.error == (
        f"RuleError: rule ORG903 returned a finding that names {named!r}, {error}"
    )


def test_rules_registered_from_several_threads_at_once_are_each_registered() -> None:
    """A test suite or a service that imports its rule files from several threads, or a
    factory called from a thread pool: each rule of its own id is registered, and none
    fails because another thread registered one at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from activity_systems.rules.registry import registrations_undone

    def made(number: int) -> None:
        def rule_of_a_thread(case: Any) -> list[Any]:
            """A rule registered from a thread."""
            return []

        rule(f"THR{number:04d}", name=f"thread-{number}", category="completeness")(rule_of_a_thread)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # a thread switch at almost every step
    try:
        with registrations_undone(), ThreadPoolExecutor(8) as pool:
            list(pool.map(made, range(2000)))  # raises what any of them raised
            registered = [spec.id for spec in registered_rules() if spec.id.startswith("THR")]
            assert len(registered) == 2000
    finally:
        sys.setswitchinterval(interval)


def test_a_module_named_ipython_that_is_not_ipython_changes_nothing(
    user_rules: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A test suite that puts a stand-in for IPython in ``sys.modules`` (to run code
    written for a notebook without it) registers and runs its rules as without one,
    their failures named by file and line: registering one failed with
    ``AttributeError: module 'IPython' has no attribute 'get_ipython'``."""
    import types

    monkeypatch.setitem(sys.modules, "IPython", types.ModuleType("IPython"))
    source = tmp_path / "stand_in_rules.py"
    source.write_text(
        "from activity_systems import rule\n"
        "@rule('ORG931', name='stand-in', category='completeness')\n"
        "def stand_in(case):\n"
        "    '''Fails.'''\n"
        "    return [case.systems[0].tools[99]]\n",
        encoding="utf-8",
    )
    namespace: dict[str, Any] = {"__name__": "stand_in_rules"}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)
    user_rules.append("ORG931")
    with pytest.warns(RuleFailedWarning) as warned:
        check(COURT, rules=[namespace["stand_in"]])
    assert f"failed at {source.as_posix()}:5, in stand_in" in str(warned[0].message)


def test_a_rule_given_by_its_name_is_told_its_id() -> None:
    """A report shows each rule as ``AS101 deadline-vs-turnaround``; given the name,
    check answered with the first eight ids (``known: 'AS000', 'AS101', …``)."""
    with pytest.raises(RuleError) as info:
        check(COURT, rules=["deadline-vs-turnaround"])
    assert str(info.value) == (
        "no rule 'deadline-vs-turnaround': it is the name of rule AS101, and rules are "
        "given by their ids: write AS101"
    )
