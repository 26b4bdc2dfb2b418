"""``--rules-from FILE``: a Python file of the user's registers rules that ``check``,
``compare``, ``rules``, ``render`` and ``handout`` then run, list and draw."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_errors import BUILTIN_SPAN, one_error_line

import activity_systems as a
from activity_systems.cli import main
from activity_systems.handouts import render_handout
from activity_systems.rules.engine import BUILTIN_RULES, check
from activity_systems.rules.registry import RuleSpec, registered_rules, unregister

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
LIAISON_2027 = ROOT / "examples" / "liaison-and-diversion-2027.yaml"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)

#: A rule of a researcher's: it fires on every rule with a time limit (on the court's
#: remand limit in examples/court-reports.yaml), as a primary contradiction of high severity.
RULE_FILE = '''\
"""A team's rules."""

import pickle
from dataclasses import dataclass

from activity_systems import new_finding, rule


@dataclass(frozen=True)
class Limit:
    label: str


# pickle finds a class by its module's name in sys.modules, where the file must be
# while it runs, as an imported module is
assert pickle.loads(pickle.dumps(Limit("remand"))) == Limit("remand")


@rule("RES101", name="time-limited-rule", category="contradiction")
def time_limited_rule(case):
    """A rule sets a time limit that the work must keep to."""
    for system in case.systems:
        for item in system.rules:
            if item.time_limit is not None:
                limit = Limit(item.label)
                yield new_finding(
                    elements=[f"{system.id}.{item.id}"],
                    level="primary",
                    severity="high",
                    message=f"{system.title} works to a time limit: {limit.label}.",
                )
'''

#: The message of the rule's finding on examples/court-reports.yaml.
MESSAGE = (
    "Magistrates' court works to a time limit: Remand for a medical report is limited in time."
)


def rule_file(folder: Path, text: str = RULE_FILE, name: str = "team_rules.py") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def rules_py(tmp_path: Path) -> Path:
    return rule_file(tmp_path)


@pytest.fixture(autouse=True)
def registry_left_as_found() -> Iterator[None]:
    """Every rule a test registers is forgotten after it, so that other tests see only
    the rules they register; the command itself must leave none registered."""
    before = {spec.id for spec in registered_rules()}
    yield
    left = [spec.id for spec in registered_rules() if spec.id not in before]
    for rule_id in left:
        unregister(rule_id)


@pytest.fixture
def in_python() -> Iterator[Callable[[Path], RuleSpec]]:
    """Import a rules file in Python, as a notebook would, for what the command should
    give; its rule is unregistered after the test."""
    registered: list[str] = []

    def load_rule(path: Path) -> RuleSpec:
        spec = importlib.util.spec_from_file_location("team_rules_in_python", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        finally:
            del sys.modules[spec.name]
        rule: RuleSpec = module.time_limited_rule
        registered.append(rule.id)
        return rule

    yield load_rule
    for rule_id in registered:
        unregister(rule_id)


# -- check ------------------------------------------------------------------------------


def test_check_runs_the_files_rules_beside_the_built_ins(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(COURT), "--rules-from", str(rules_py)]) == 1
    out = capsys.readouterr().out
    assert "HIGH RES101 time-limited-rule" in out
    assert "Magistrates' court works to a time limit" in out
    assert main(["check", str(COURT), "--rules-from", str(rules_py), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rules_run"] == sorted([spec.id for spec in BUILTIN_RULES] + ["RES101"])
    (found,) = [f for f in report["findings"] if f["rule"] == "RES101"]
    assert (found["message"], found["elements"]) == (MESSAGE, ["court.targets"])
    built_in = check(a.load(COURT))
    assert len(report["findings"]) == len(built_in.findings) + 1


def test_check_rules_names_the_files_rule_alone(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", str(COURT), "--rules-from", str(rules_py), "--rules", "res101"]
    assert main([*argv, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rules_run"] == ["RES101"]
    assert [f["rule"] for f in report["findings"]] == ["RES101"]


def test_the_command_leaves_no_rule_registered_and_runs_again(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = registered_rules()
    for _ in range(2):  # a second run imports the file again, without a clash
        assert main(["check", str(COURT), "--rules-from", str(rules_py), "--rules", "RES101"]) == 1
        assert registered_rules() == before
        assert not [name for name in sys.modules if "team_rules" in name]
    assert "RES101" in capsys.readouterr().out
    # and without the file, the id is unknown again
    assert main(["check", str(COURT), "--rules", "RES101"]) == 2


def test_a_file_given_twice_is_imported_once(
    rules_py: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(rules_py.parent)
    argv = ["check", str(COURT), "--format", "json", "--rules", "RES101"]
    assert main([*argv, "--rules-from", str(rules_py), "--rules-from", "./team_rules.py"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rules_run"] == ["RES101"]
    assert len(report["findings"]) == 1


#: A rules file that imports a module of the team's beside it, once when it is imported
#: and once more when its rule runs.
HELPED_RULES = """\
from activity_systems import new_finding, rule
from team_helpers import SEVERITY


@rule("RES102", name="helped-rule", category="contradiction")
def helped_rule(case):
    '''Every system is helped.'''
    from team_helpers import wording

    for system in case.systems:
        yield new_finding(
            elements=[system.id], level="primary", severity=SEVERITY, message=wording(system)
        )
"""


def helpers(folder: Path, severity: str, words: str) -> None:
    (folder / "team_helpers.py").write_text(
        f"SEVERITY = {severity!r}\n\n\ndef wording(system):\n"
        f'    return f"{{system.title}} {words}."\n',
        encoding="utf-8",
    )


def test_a_file_imports_a_module_of_its_folder_and_leaves_it_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = rule_file(tmp_path, HELPED_RULES, name="helped_rules.py")
    argv = ["check", str(COURT), "--rules-from", str(rules), "--rules", "RES102"]
    path = list(sys.path)
    for severity, words in (("high", "is helped"), ("low", "is helped again")):
        helpers(tmp_path, severity, words)  # the next command imports the helper afresh
        assert main([*argv, "--format", "json", "--fail-on", "high"]) == (severity == "high")
        report = json.loads(capsys.readouterr().out)
        assert [(f["severity"], f["message"]) for f in report["findings"]] == [
            (severity, f"Magistrates' court {words}."),
            (severity, f"Community mental health services {words}."),
        ]
        assert sys.path == path
        assert "team_helpers" not in sys.modules


def test_only_the_modules_of_the_files_folder_itself_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A project's rules file at its top, its virtual environment below it: what the
    # command imports from the environment stays imported; the helpers beside the file go.
    site = tmp_path / ".venv" / "lib" / "site-packages"
    (site / "installed_thing").mkdir(parents=True)
    (site / "installed_thing" / "__init__.py").write_text("", encoding="utf-8")
    (site / "installed_thing" / "part.py").write_text("PART = 1\n", encoding="utf-8")
    (tmp_path / "team_pkg").mkdir()
    (tmp_path / "team_pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "team_pkg" / "words.py").write_text("WORD = 'x'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    for name in ("installed_thing", "installed_thing.part"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    rules = rule_file(tmp_path, "import installed_thing.part\nimport team_pkg.words\n" + RULE_FILE)
    argv = ["check", str(COURT), "--rules-from", str(rules), "--rules", "RES101"]
    assert main([*argv, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["rules_run"] == ["RES101"]
    assert "installed_thing.part" in sys.modules
    assert "team_pkg" not in sys.modules
    assert "team_pkg.words" not in sys.modules


def test_an_installed_module_comes_before_one_of_the_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)  # imported afresh by the file
    (tmp_path / "colorsys.py").write_text("raise ImportError('shadowed')\n", encoding="utf-8")
    rules = rule_file(tmp_path, "import colorsys\n" + RULE_FILE)
    argv = ["check", str(COURT), "--rules-from", str(rules), "--rules", "RES101"]
    assert main([*argv, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["rules_run"] == ["RES101"]


def test_rules_of_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = rule_file(tmp_path)
    second = rule_file(
        tmp_path,
        RULE_FILE.replace("RES101", "RES102").replace("time-limited-rule", "limit-again"),
        name="more_rules.py",
    )
    argv = ["check", str(COURT), "--rules-from", str(first), "--rules-from", str(second)]
    assert main([*argv, "--format", "json", "--rules", "RES101,RES102"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["findings"]] == ["RES101", "RES102"]


def test_a_files_rule_that_raises_is_a_failed_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line says where in the file the rule raised, as render and handout say it: a
    bare error sent its author back to Python to find the line."""
    broken = rule_file(tmp_path, RULE_FILE.replace("limit = Limit(item.label)", "limit = 1 / 0"))
    at = RULE_FILE.splitlines().index("                limit = Limit(item.label)") + 1
    monkeypatch.chdir(tmp_path)  # the place is shown from the current folder
    argv = ["check", str(COURT), "--rules-from", broken.name, "--rules", "RES101"]
    for fmt in ("text", "json"):
        assert main([*argv, "--format", fmt]) == 2
        assert one_error_line(capsys.readouterr().err) == (
            f"activity-systems: {COURT}: rule RES101 failed at team_rules.py:{at}, in "
            "time_limited_rule: ZeroDivisionError: division by zero"
        )
    # the report, for a file or another program, holds the error alone
    assert main([*argv, "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out)["rules_failed"] == [
        {"rule": "RES101", "error": "ZeroDivisionError: division by zero"}
    ]


def test_a_rule_that_raises_on_standard_input_names_it_as_its_other_errors_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # '<stdin>', as a syntax error or an unknown --system of that case names it, not '-'
    broken = rule_file(tmp_path, RULE_FILE.replace("limit = Limit(item.label)", "limit = 1 / 0"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(COURT.read_bytes())))
    assert main(["check", "-", "--rules-from", broken.name, "--rules", "RES101"]) == 2
    assert one_error_line(capsys.readouterr().err).startswith(
        "activity-systems: <stdin>: rule RES101 failed at team_rules.py:"
    )


@pytest.mark.parametrize(
    ("returns", "said"),
    [
        (
            "None",
            "returned None, not its findings: yield each finding, or return a list of them "
            "([] when it finds nothing)",
        ),
        (
            "0",
            "returned an int, not its findings: yield each finding, or return a list of them "
            "([] when it finds nothing)",
        ),
        (
            "{'elements': ['court'], 'message': 'm'}",
            "returned a dict, not its findings: build each with new_finding(...), then yield "
            "it or return a list of them",
        ),
        (
            "new_finding(elements=['court'], message='m')",
            "returned one Finding, not its findings: yield each finding, or return a list of "
            "them ([finding] for one)",
        ),
        (
            "[new_finding(elements=['court'], message='m'), 'court']",
            "returned a list holding a str, not a Finding; build findings with new_finding(...)",
        ),
    ],
)
def test_a_files_rule_that_returns_no_findings_is_a_failed_rule_that_says_so(
    returns: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Python's own words ('int' object is not iterable) named neither the rule nor what
    a rule returns; the check goes on with the other rules, as for a rule that raises."""
    rules = rule_file(
        tmp_path,
        f"""\
from activity_systems import new_finding, rule


@rule("RES105", name="gives-the-wrong-thing", category="completeness")
def wrong(case):
    \"\"\"Returns what is not its findings.\"\"\"
    return {returns}
""",
    )
    monkeypatch.chdir(tmp_path)
    argv = ["check", str(COURT), "--rules-from", rules.name, "--format", "json"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert one_error_line(captured.err) == (
        f"activity-systems: {COURT}: rule RES105 (defined at team_rules.py:4, in wrong) "
        f"failed: TypeError: rule RES105 {said}"
    )
    report = json.loads(captured.out)
    assert report["rules_failed"] == [{"rule": "RES105", "error": f"TypeError: rule RES105 {said}"}]
    assert [f["rule"] for f in report["findings"]] == [f.rule for f in check(COURT).findings]


# -- rules ------------------------------------------------------------------------------


def test_rules_lists_the_files_rules(rules_py: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--rules-from", str(rules_py)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("AS000  declared-contradiction")
    assert "RES101  time-limited-rule (contradiction): A rule sets a time limit that the " in (
        lines[-1] + " "
    )
    assert main(["rules", "--rules-from", str(rules_py), "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)["rules"]
    assert {entry["id"]: entry["builtin"] for entry in entries} == {
        **{spec.id: True for spec in BUILTIN_RULES},
        "RES101": False,
    }
    assert main(["rules", "res101", "--rules-from", str(rules_py)]) == 0
    assert capsys.readouterr().out.startswith("RES101 time-limited-rule (contradiction)\n")


# -- render and handout -----------------------------------------------------------------


@needs_dot
def test_render_draws_the_files_rule(
    rules_py: Path,
    tmp_path: Path,
    in_python: Callable[[Path], RuleSpec],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "figure.svg"
    assert main(["render", str(COURT), "--rules-from", str(rules_py), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    case = a.load(COURT)
    rule = in_python(rules_py)
    report = check(case, rules=[*BUILTIN_RULES, rule])
    (finding,) = [f for f in report.findings if f.rule == "RES101"]
    drawn = a.render(case, format="svg", report=report)
    assert isinstance(drawn, str)
    assert out.read_text(encoding="utf-8") == drawn
    assert drawn != a.render(case, format="svg")  # the built-in rules alone draw no RES101
    number = report.number(finding)
    message = finding.message.replace("'", "&#39;")
    assert f"<title>Contradiction {number} (RES101, primary, high): {message}</title>" in drawn
    assert f">{number}</text>" in drawn  # the bolt's number


@pytest.mark.parametrize(
    ("command", "fmt"), [("render", "dot"), pytest.param("handout", "html", marks=needs_dot)]
)
def test_a_batch_says_which_case_a_files_rule_failed_on_beside_it(
    command: str,
    fmt: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With dozens of case files, a line after the batch without the case file left the
    reader to find the figures or handouts that lack the rule's findings."""
    rules = rule_file(
        tmp_path,
        """\
from activity_systems import rule


@rule("RES103", name="fragile", category="contradiction")
def fragile(case):
    \"\"\"Fails on one case.\"\"\"
    if any(system.id == "court" for system in case.systems):
        raise KeyError("boom")
    return iter(())
""",
    )
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases)
    (cases / "z-broken.yaml").write_text('title: "x\n', encoding="utf-8")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    argv = [command, "cases", "--rules-from", rules.name, "--format", fmt, "-o", "out"]
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: warning: {Path('cases', COURT.name)}: rule RES103 failed at "
        "team_rules.py:8, in fragile, and its findings are left out of the report: "
        "KeyError: 'boom'",
        f"activity-systems: {Path('cases', 'z-broken.yaml')}:1:8: YAML syntax error: the "
        'quoted text that starts here with " is never closed: end it with "',
        f"activity-systems: 1 of 2 {'figures' if command == 'render' else 'handouts'} "
        "written; 1 failed",
    ]


def test_render_without_contradictions_still_imports_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = rule_file(tmp_path, "x = 1\n", name="empty.py")
    out = tmp_path / "figure.dot"
    argv = ["render", str(COURT), "--no-contradictions", "-o", str(out)]
    assert main([*argv, "--rules-from", str(empty)]) == 2
    assert "empty.py: registers no rule" in capsys.readouterr().err
    assert not out.exists()


def test_handout_lists_the_files_rule(
    rules_py: Path, stubbed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handout", str(COURT), "--rules-from", str(rules_py), "-o", "-"]) == 0
    html = capsys.readouterr().out
    assert "RES101" in html
    assert "Magistrates&#39; court works to a time limit" in html


def test_the_handout_of_chosen_systems_numbers_the_files_rule_as_python_does(
    rules_py: Path,
    stubbed: None,
    in_python: Callable[[Path], RuleSpec],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The report of the whole case is refused for a handout of some systems; the one of
    # the chosen systems, with the same rules, numbers findings as the figures do.
    argv = ["handout", str(LIAISON), "--system", "local", "--system", "national"]
    assert main([*argv, "--rules-from", str(rules_py), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    case = a.load(LIAISON)
    systems = ["local", "national"]
    rules = [*BUILTIN_RULES, in_python(rules_py)]
    report = check(case.subcase(systems), rules=rules)
    assert "RES101" in report.rules_run
    assert any(f.rule == "RES101" for f in report.findings)
    python = render_handout(case, stem=LIAISON.stem, systems=systems, report=report)
    assert captured.out == python.text


def test_the_handout_since_an_earlier_version_checks_both_with_the_files_rule(
    rules_py: Path,
    stubbed: None,
    in_python: Callable[[Path], RuleSpec],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["handout", str(LIAISON_2027), "--since", str(LIAISON), "-o", "-"]
    assert main([*argv, "--rules-from", str(rules_py)]) == 0
    html = capsys.readouterr().out
    case, earlier = a.load(LIAISON_2027), a.load(LIAISON)
    report = check(case, rules=[*BUILTIN_RULES, in_python(rules_py)])
    python = render_handout(case, stem=LIAISON_2027.stem, report=report, previous=earlier)
    assert html == python.text


# -- compare ----------------------------------------------------------------------------


def test_compare_runs_the_files_rule_on_both_versions(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["compare", str(LIAISON), str(LIAISON_2027), "--format", "json"]
    assert main([*argv, "--rules-from", str(rules_py)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    persisting = [f for f in findings["persisting"] if f["rule"] == "RES101"]
    assert persisting  # found in both versions
    assert not [f for f in findings["resolved"] + findings["new"] if f["rule"] == "RES101"]
    assert main([*argv, "--rules-from", str(rules_py), "--rules", "RES101"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["rule"] for group in findings.values() for f in group} == {"RES101"}


def test_compare_says_where_the_files_rule_failed_on_each_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = rule_file(
        tmp_path,
        """\
from activity_systems import rule


@rule("RES102", name="fails-on-both", category="completeness")
def fails(case):
    \"\"\"Fails at another line on each version.\"\"\"
    if "2027" in case.title:
        raise KeyError("later")
    raise KeyError("earlier")
""",
    )
    monkeypatch.chdir(tmp_path)
    argv = ["compare", str(LIAISON), str(LIAISON_2027), "--rules-from", rules.name]
    assert "2027" not in a.load(LIAISON).title
    assert "2027" in a.load(LIAISON_2027).title
    assert main([*argv, "--rules", "RES102"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert sorted(lines) == [
        f"activity-systems: {LIAISON_2027}: rule RES102 failed at team_rules.py:8, in fails: "
        "KeyError: 'later'",
        f"activity-systems: {LIAISON}: rule RES102 failed at team_rules.py:9, in fails: "
        "KeyError: 'earlier'",
    ]


# -- --debug: the traceback of a rule that fails ---------------------------------------


#: A rule that fails deeper down, in a function of its file: on every case, or with
#: ``EARLIER`` in front of the ``raise``, on the earlier version of liaison and diversion
#: alone.
FAILING_RULES = """\
from activity_systems import rule


def limit_of(case):
    return 1 / 0


@rule("RES104", name="fails-deeper", category="completeness")
def fails_deeper(case):
    \"\"\"Fails in a function it calls.\"\"\"
    EARLIER
    limit_of(case)
    return []
"""


def failing_rules(folder: Path, *, earlier_only: bool = False) -> Path:
    guard = 'if "2027" in case.title: return []' if earlier_only else "pass"
    return rule_file(folder, FAILING_RULES.replace("EARLIER", guard))


def with_tracebacks(err: str) -> list[tuple[str, list[str]]]:
    """Each ``activity-systems:`` line of ``err`` with the lines that follow it."""
    blocks: list[tuple[str, list[str]]] = []
    for line in err.splitlines():
        if line.startswith("activity-systems: "):
            blocks.append((line, []))
        else:
            assert blocks, err
            blocks[-1][1].append(line)
    return blocks


def assert_rules_traceback(lines: list[str], rules: Path) -> None:
    """``lines`` are the traceback of RES104 of ``rules``, down to the line that raised."""
    assert lines[0] == "Traceback (most recent call last):"
    assert f'  File "{rules}", line 12, in fails_deeper' in lines
    assert f'  File "{rules}", line 5, in limit_of' in lines
    assert lines[-1] == "ZeroDivisionError: division by zero"


def test_debug_follows_a_failed_rules_line_with_its_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule's author needs the traceback to see why the rule failed, which the line
    alone leaves to be found by calling the rule in Python."""
    rules = failing_rules(tmp_path)
    argv = ["check", str(COURT), "--rules-from", str(rules), "--rules", "RES104"]
    assert main(argv) == 2
    quiet = capsys.readouterr()
    line = one_error_line(quiet.err)
    assert line == (
        f"activity-systems: {COURT}: rule RES104 failed at {rules}:5, in limit_of: "
        "ZeroDivisionError: division by zero"
    )
    assert main([*argv, "--debug"]) == 2
    loud = capsys.readouterr()
    assert loud.out == quiet.out  # the report is the same
    ((said, traceback),) = with_tracebacks(loud.err)
    assert said == line
    assert_rules_traceback(traceback, rules)


def test_debug_follows_each_versions_failed_rule_with_its_traceback_in_compare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = failing_rules(tmp_path)
    argv = ["compare", str(LIAISON), str(LIAISON_2027), "--rules-from", str(rules)]
    assert main([*argv, "--rules", "RES104", "--debug"]) == 2
    blocks = with_tracebacks(capsys.readouterr().err)
    assert sorted(said for said, _ in blocks) == [
        f"activity-systems: {version}: rule RES104 failed at {rules}:5, in limit_of: "
        "ZeroDivisionError: division by zero"
        for version in (LIAISON_2027, LIAISON)
    ]
    for _, traceback in blocks:
        assert_rules_traceback(traceback, rules)


@pytest.mark.parametrize("command", ["render", "handout"])
@pytest.mark.parametrize("output", ["out", "-"])
def test_debug_follows_the_warning_of_render_and_handout_with_the_traceback(
    command: str,
    output: str,
    stubbed: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In a batch, beside the case it failed on; alone (``-o -``), after the output."""
    rules = failing_rules(tmp_path)
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    source = Path("cases", COURT.name)
    fmt = "dot" if command == "render" else "html"
    argv = [command, str(source), "--rules-from", str(rules), "--format", fmt, "-o", output]
    assert main(argv) == 0
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"activity-systems: warning: {source}: rule RES104 failed at {rules.name}:5, in "
        "limit_of, and its findings are left out of the report: ZeroDivisionError: "
        "division by zero"
    )
    assert main([*argv, "--debug"]) == 0
    ((said, traceback),) = with_tracebacks(capsys.readouterr().err)
    assert said == line
    assert_rules_traceback(traceback, rules)


def test_debug_follows_a_rule_that_failed_on_the_earlier_version_with_its_traceback(
    stubbed: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = failing_rules(tmp_path, earlier_only=True)
    argv = ["handout", str(LIAISON_2027), "--since", str(LIAISON), "-o", "-"]
    assert main([*argv, "--rules-from", str(rules), "--debug"]) == 0
    ((said, traceback),) = with_tracebacks(capsys.readouterr().err)
    assert said.startswith(
        f"activity-systems: warning: {LIAISON}: rule RES104 failed at {rules}:5, in "
        "limit_of, on the earlier version"
    )
    assert_rules_traceback(traceback, rules)


# -- errors -----------------------------------------------------------------------------


COMMANDS = [
    ["check", str(COURT)],
    ["compare", str(LIAISON), str(LIAISON_2027)],
    ["rules"],
    ["render", str(COURT), "-o", "figure.dot"],
    ["handout", str(COURT), "-o", "handout.html"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda argv: argv[0])
def test_a_missing_file_is_one_line_in_every_command(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--rules-from", "nowhere.py"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: nowhere.py: no such file (--rules-from takes a Python file, .py)"
    )
    assert sorted(tmp_path.iterdir()) == []


def test_a_file_that_is_not_python_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = rule_file(tmp_path, RULE_FILE, name="team_rules.txt")
    assert main(["check", str(COURT), "--rules-from", str(text)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {text}: --rules-from takes a Python file (.py) that registers "
        "rules, not a .txt"
    )
    assert main(["check", str(COURT), "--rules-from", str(tmp_path)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {tmp_path}: is a folder; --rules-from takes a Python file (.py)"
    )


def test_an_exception_while_importing_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = rule_file(tmp_path, RULE_FILE + "\nLIMITS = {'remand': 8}['custody']\n")
    assert main(["check", str(COURT), "--rules-from", str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = RULE_FILE.count("\n") + 2
    assert one_error_line(captured.err) == (
        f"activity-systems: {broken}:{line}: importing it raised KeyError: 'custody'"
    )
    assert "RES101" not in {spec.id for spec in registered_rules()}


def test_the_line_is_that_of_the_users_file_for_an_error_deeper_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # raised inside the library, called from line 3 of the user's file
    text = "from activity_systems import rule\n\nrule('ORG1', name='x', category='completeness')\n"
    broken = rule_file(tmp_path, text)
    assert main(["rules", "--rules-from", str(broken)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {broken}:3: rule id 'ORG1' is malformed: use capital letters "
        "then three or four digits, e.g. 'ORG101'"
    )


def test_a_syntax_error_names_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # file:line:column, as for a case file, so that an editor goes to the place
    broken = rule_file(tmp_path, "x = 1\ndef f(:\n    pass\n")
    assert main(["check", str(COURT), "--rules-from", str(broken)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {broken}:2:7: importing it raised SyntaxError: invalid syntax"
    )


def test_a_script_that_exits_when_imported_is_told_how_to_guard_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = rule_file(tmp_path, RULE_FILE + "\nimport sys\nsys.exit(0)\n")
    assert main(["check", str(COURT), "--rules-from", str(script)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"activity-systems: {script}:{RULE_FILE.count(chr(10)) + 3}: ")
    assert line.endswith(
        "importing it called sys.exit(); put what it does as a script under "
        'if __name__ == "__main__":'
    )


def test_debug_shows_the_traceback_into_the_users_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = rule_file(tmp_path, "def helper():\n    raise ValueError('no limits')\n\nhelper()\n")
    assert main(["check", str(COURT), "--rules-from", str(broken)]) == 2
    quiet = one_error_line(capsys.readouterr().err)
    assert quiet == (f"activity-systems: {broken}:2: importing it raised ValueError: no limits")
    assert main(["check", str(COURT), "--rules-from", str(broken), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert f'File "{broken}", line 2, in helper' in err
    assert err.splitlines()[-1] == quiet


def test_a_file_that_registers_no_rule_says_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = rule_file(tmp_path, "def time_limited_rule(case):\n    return []\n")
    assert main(["check", str(COURT), "--rules-from", str(plain)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {plain}: registers no rule; decorate each rule function with "
        "@activity_systems.rule(ID, name=..., category=...)"
    )


def test_a_rule_without_a_docstring_is_named_as_its_author_wrote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was named by the module the command imports the file as,
    ``activity_systems_rules_from_nodoc_<hash>.f``."""
    rule_file(
        tmp_path,
        "from activity_systems import rule\n\n\n"
        "@rule('NOD101', name='no-doc', category='completeness')\n"
        "def f(case):\n    return []\n",
        name="nodoc.py",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(COURT), "--rules-from", "nodoc.py"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: nodoc.py:4: rule NOD101 (nodoc.py:4, in f) has no docstring: the "
        "docstring is the rule's documentation, so say in its first line what it detects"
    )


def test_an_id_of_a_built_in_rule_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = rule_file(tmp_path, RULE_FILE.replace("RES101", "AS101"))
    assert main(["check", str(COURT), "--rules-from", str(clash)]) == 2
    line = (
        RULE_FILE.splitlines().index(
            '@rule("RES101", name="time-limited-rule", category="contradiction")'
        )
        + 1
    )
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {clash}:{line}: rule id AS101 is the built-in rule "
        "deadline-vs-turnaround's; give your rule another id"
    )


def test_a_name_of_a_built_in_rule_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report showed two rules deadline-vs-turnaround, AS101 and the file's."""
    rule_file(tmp_path, RULE_FILE.replace('name="time-limited-rule"', 'name="unmet-expectation"'))
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(COURT), "--rules-from", "team_rules.py"]) == 2
    line = RULE_FILE.splitlines().index(
        '@rule("RES101", name="time-limited-rule", category="contradiction")'
    )
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: team_rules.py:{line + 1}: rule RES101: the name "
        "'unmet-expectation' is the built-in rule AS201's; give your rule a name of its own"
    )


def test_an_id_of_another_files_rule_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = rule_file(tmp_path)
    second = rule_file(
        tmp_path, RULE_FILE.replace("def time_limited_rule", "def other"), name="other.py"
    )
    argv = ["check", str(COURT), "--rules-from", str(first), "--rules-from", str(second)]
    assert main(argv) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err.startswith(f"activity-systems: {second}:")
    assert err.endswith(
        f": rule id RES101 is already used by time-limited-rule of {first}; give one of "
        "them another id"
    )
    assert "RES101" not in {spec.id for spec in registered_rules()}


#: A second rules file that reuses a rule of the first, importing it by its plain name.
EXTRA_RULES = """\
from activity_systems import new_finding, rule
from team_rules import time_limited_rule


@rule("RES102", name="every-system", category="completeness")
def every_system(case):
    '''Every system is one.'''
    for system in case.systems:
        yield new_finding(elements=[system.id], severity="low", message=system.title)
"""


@pytest.mark.parametrize("first", ["team_rules.py", "extra_rules.py"])
def test_a_file_that_another_imports_is_the_same_rules_in_either_order(
    first: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file given first and imported again by the other (under its plain name, from
    its folder on the path) registered each of its rules twice, which clashed with
    itself: 'rule id RES101 is already used by time-limited-rule of team_rules.py'."""
    rule_file(tmp_path)
    rule_file(tmp_path, EXTRA_RULES, name="extra_rules.py")
    monkeypatch.chdir(tmp_path)
    files = [first, *({"team_rules.py", "extra_rules.py"} - {first})]
    argv = ["check", str(COURT), "--format", "json", "--rules", "RES101,RES102"]
    assert main([*argv, "--rules-from", files[0], "--rules-from", files[1]]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    report = json.loads(captured.out)
    assert report["rules_run"] == ["RES101", "RES102"]
    assert [f["rule"] for f in report["findings"]] == ["RES101", "RES102", "RES102"]
    assert "team_rules" not in sys.modules


def test_a_file_the_process_imported_already_runs_and_is_left_registered(
    rules_py: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a pytest session or a notebook that imported the team's rules, the command
    imported the file again, under a name of its own, and refused its rules as taken."""
    monkeypatch.syspath_prepend(str(rules_py.parent))
    monkeypatch.delitem(sys.modules, "team_rules", raising=False)
    imported = importlib.import_module("team_rules")
    try:
        argv = ["check", str(COURT), "--rules-from", str(rules_py), "--format", "json"]
        assert main([*argv, "--rules", "RES101"]) == 1
        report = json.loads(capsys.readouterr().out)
        assert [f["message"] for f in report["findings"]] == [MESSAGE]
        # the process's rule is registered as it was, not forgotten with the command's
        assert a.rules.engine.get_rule("RES101") is imported.time_limited_rule
        assert sys.modules["team_rules"] is imported
    finally:
        sys.modules.pop("team_rules", None)


def test_an_id_of_a_rule_registered_before_the_command_is_refused_without_python_advice(
    rules_py: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A genuine clash, another function under the id, is still refused; the line said to
    call activity_systems.rules.unregister, which the command line cannot do."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = rule_file(elsewhere, RULE_FILE.replace("def time_limited_rule", "def other"))
    spec = importlib.util.spec_from_file_location("rules_registered_before", other)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # for pickle, as imported
    spec.loader.exec_module(module)
    assert main(["check", str(COURT), "--rules-from", str(rules_py)]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err.startswith(f"activity-systems: {rules_py}:")
    line = RULE_FILE.splitlines().index(
        '@rule("RES101", name="time-limited-rule", category="contradiction")'
    )
    assert err.endswith(
        f": rule id RES101 is already used by time-limited-rule ({other}:{line + 1}, in "
        "other); give your rule another id"
    )
    assert "unregister" not in err


def test_an_unknown_id_points_at_rules_from(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(COURT), "--rules", "ORG101"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith(
        f"the command line runs the built-in rules, {BUILTIN_SPAN}, and the rules of your "
        "own that a Python file given with --rules-from FILE registers "
        "(@activity_systems.rule), or an installed rule pack given with --rules-from NAME"
    )
    assert main(["check", str(COURT), "--rules-from", str(rules_py), "--rules", "RES102"]) == 2
    assert "no rule 'RES102' (did you mean 'RES101'?)" in capsys.readouterr().err


def test_a_rule_named_by_its_name_is_told_its_id(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reports show each rule as ``RES101 time-limited-rule``; --rules given the name
    was answered with the first eight ids of the built-in rules."""
    given = ["check", str(COURT), "--rules-from", str(rules_py), "--rules"]
    assert main([*given, "time-limited-rule"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: no rule 'time-limited-rule': it is the name of rule RES101, "
        "and rules are given by their ids: write RES101"
    )
    assert main([*given, "Deadline-vs-Turnaround"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: no rule 'Deadline-vs-Turnaround': it is the name of rule AS101, "
        "and rules are given by their ids: write AS101"
    )


def test_a_rules_file_named_without_py_is_told_to_add_it(
    rules_py: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--rules-from team_rules``, as Python imports it, beside team_rules.py, was
    told that there is no such file, nor a rule pack of that name."""
    monkeypatch.chdir(rules_py.parent)
    assert main(["check", str(COURT), "--rules-from", "team_rules"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: team_rules: no such file, and no installed rule pack has this "
        "name; there is team_rules.py here: write --rules-from team_rules.py"
    )


def test_a_rules_file_in_a_folder_named_as_python_imports_it_is_told_its_path(
    rules_py: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--rules-from rules.team``, as Python imports rules/team.py, was told that there
    is no such file, nor a rule pack of that name."""
    (rules_py.parent / "rules").mkdir()
    (rules_py.parent / "rules" / "team.py").write_text(rules_py.read_text())
    monkeypatch.chdir(rules_py.parent)
    assert main(["check", str(COURT), "--rules-from", "rules.team"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: rules.team: no such file, and no installed rule pack has this "
        f"name; there is {Path('rules', 'team.py')} here: write --rules-from "
        f"{Path('rules', 'team.py')}"
    )


def test_the_example_rule_runs_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = ROOT / "examples" / "custom_rule.py"
    segregation = ROOT / "examples" / "segregation-unit.yaml"
    assert main(["check", str(segregation), "--rules-from", str(example), "--rules", "ORG101"]) == 1
    assert "ORG101 expectation-without-request" in capsys.readouterr().out


def test_what_a_file_prints_when_imported_goes_to_standard_error(
    rules_py: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    noisy = tmp_path / "noisy_rules.py"
    noisy.write_text('print("loading my rules")\n' + rules_py.read_text(), encoding="utf-8")
    assert main(["check", str(COURT), "--rules-from", str(noisy), "--format", "json"]) == 1
    printed = capsys.readouterr()
    assert json.loads(printed.out)["format"] == "activity-systems/report"
    assert printed.err == "loading my rules\n"


#: A rule that never finishes on its own; Ctrl-C (here raised at once) stops it.
SLOW_RULE = '''\
from activity_systems import rule


@rule("SLW101", name="slow", category="completeness")
def slow(case):
    """A rule that takes too long."""
    raise KeyboardInterrupt  # Ctrl-C, pressed while the rule runs
'''


@pytest.mark.parametrize("command", ["check", "render", "handout"])
def test_an_interrupted_command_names_the_rule_of_ones_own_that_was_running(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A rule that is slow, or never ends, is found by pressing Ctrl-C: the line says
    # which rule was running, and where, as the line of a rule that raised does.
    monkeypatch.chdir(tmp_path)
    rule_file(tmp_path, SLOW_RULE, name="slow_rules.py")
    argv = [command, str(COURT), "--rules-from", "slow_rules.py"]
    if command != "check":
        argv += ["-o", "out.svg" if command == "render" else "out.html"]
    assert main(argv) == 130
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(
        "activity-systems: interrupted while rule SLW101 was running, at slow_rules.py:7, in slow; "
    )
    assert not (tmp_path / "out.svg").exists()
    assert not (tmp_path / "out.html").exists()


def test_an_interrupted_built_in_rule_is_not_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C while the built-in rules run: the line is the one it always was.
    def stopped(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("activity_systems.rules.engine._unique_keys", stopped)
    assert main(["check", str(COURT)]) == 130
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: interrupted; standard output may be incomplete (-o FILE writes "
        "a file whole or not at all)"
    )


#: A rule slow on one case alone: Ctrl-C (here raised at once) stops it on that case.
SLOW_ON_ONE_CASE = '''\
from activity_systems import rule


@rule("SLW102", name="slow-on-liaison", category="completeness")
def slow(case):
    """A rule that takes too long on one case."""
    if "iaison" in case.title:
        raise KeyboardInterrupt  # Ctrl-C, pressed while the rule runs on this case
    return []
'''


@pytest.mark.parametrize("command", ["check", "render", "handout"])
def test_an_interrupted_batch_names_the_case_the_rule_was_running_on(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Of several case files, the one the slow rule held up is named, as a rule that
    # raised is named with its case file; the case files checked before it are written.
    monkeypatch.chdir(tmp_path)
    rule_file(tmp_path, SLOW_ON_ONE_CASE, name="slow_rules.py")
    (tmp_path / "out").mkdir()
    argv = [command, str(COURT), str(LIAISON), "--rules-from", "slow_rules.py", "-o", "out"]
    assert main(argv) == 130
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(
        f"activity-systems: interrupted while rule SLW102 was running on {LIAISON}, at "
        "slow_rules.py:8, in slow; "
    )
    assert [path.stem for path in (tmp_path / "out").iterdir()] == ["court-reports"]


@pytest.mark.parametrize(
    ("given", "told"),
    [
        (
            "deadline_vs_turnaround",
            "no rule 'deadline_vs_turnaround': it is the name of rule AS101, and rules are "
            "given by their ids: write AS101",
        ),
        (
            "time_limited_rule",
            "no rule 'time_limited_rule': it is the name of rule RES101, and rules are "
            "given by their ids: write RES101",
        ),
        (
            "deadline-vs-turnround",
            "no rule 'deadline-vs-turnround' (did you mean the rule deadline-vs-turnaround? "
            "rules are given by their ids: write AS101)",
        ),
    ],
)
def test_a_rule_named_as_its_function_or_misspelt_is_told_its_id(
    rules_py: Path, capsys: pytest.CaptureFixture[str], given: str, told: str
) -> None:
    """A rule's name with underscores, as its function is written, or misspelt, was
    answered with the first eight ids of the built-in rules."""
    argv = ["check", str(COURT), "--rules-from", str(rules_py), "--rules", given]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {told}"


@pytest.mark.parametrize("given", ["rules/team", "./rules/team", "rules.team.py"])
def test_a_rules_file_named_as_a_path_without_py_or_dotted_with_it_is_told_its_path(
    rules_py: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
) -> None:
    """``--rules-from rules/team``, the path without ``.py``, and ``rules.team.py``, the
    module's name with it, beside rules/team.py, were told only ``no such file
    (--rules-from takes a Python file, .py)``."""
    (rules_py.parent / "rules").mkdir()
    (rules_py.parent / "rules" / "team.py").write_text(rules_py.read_text())
    monkeypatch.chdir(rules_py.parent)
    meant = Path(given).with_suffix(".py") if given.endswith("team") else Path("rules", "team.py")
    assert main(["check", str(COURT), "--rules-from", given]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {given}: no such file; there is {meant} here: write "
        f"--rules-from {meant}"
    )


@pytest.mark.parametrize(
    "given", [".team_rules", "team_rules:RULES", "rules.team:time_limited_rule"]
)
def test_a_rules_file_named_as_a_relative_import_or_with_an_attribute_is_told_its_path(
    rules_py: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
) -> None:
    """``--rules-from .team_rules``, as a relative import names the file beside, and
    ``team_rules:RULES``, as an entry point names a module's attribute, were told that
    there is no such file and no rule pack, and what --rules-from takes."""
    (rules_py.parent / "rules").mkdir()
    (rules_py.parent / "rules" / "team.py").write_text(rules_py.read_text())
    monkeypatch.chdir(rules_py.parent)
    meant = Path("rules", "team.py") if given.startswith("rules") else Path("team_rules.py")
    assert main(["check", str(COURT), "--rules-from", given]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {given}: no such file, and no installed rule pack has this "
        f"name; there is {meant} here: write --rules-from {meant}"
    )


@pytest.mark.parametrize("given", ["AS101 AS102", "AS101 AS102,AS201", "AS101\tAS102"])
def test_rule_ids_separated_by_spaces_are_told_to_be_separated_by_commas(
    capsys: pytest.CaptureFixture[str], given: str
) -> None:
    """``--rules "AS101 AS102"`` was asked ``did you mean 'AS102'?``, as if AS101 were a
    slip."""
    assert main(["check", str(COURT), "--rules", given]) == 2
    ids = ",".join(given.replace(",", " ").split())
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: --rules {given!r} names several rules apart by spaces: separate "
        f"them with commas, --rules {ids}"
    )


def test_a_rules_file_given_to_rules_is_told_to_give_it_to_rules_from(
    rules_py: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--rules team_rules.py``, --rules-from meant, was answered with the ids of the
    built-in rules, and a paragraph that names --rules-from FILE at its end."""
    assert main(["check", str(COURT), "--rules", str(rules_py)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: --rules {rules_py}: names a Python file: give it with --rules-from "
        f"{rules_py}; --rules takes the ids of rules, such as AS101"
    )


@pytest.mark.parametrize("with_file", [False, True])
def test_an_id_like_a_rules_name_is_told_where_rules_of_ones_own_come_from(
    rules_py: Path, capsys: pytest.CaptureFixture[str], with_file: bool
) -> None:
    """``--rules TENSION101``, a rule of one's own whose file was not given, was asked
    whether it meant the rule value-tension (AS301), its letters being close to that
    name, rather than told that rules of one's own come with --rules-from."""
    from_file = ["--rules-from", str(rules_py)] if with_file else []
    assert main(["check", str(COURT), *from_file, "--rules", "TENSION101"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("activity-systems: no rule 'TENSION101'")
    assert "value-tension" not in line
    assert "write AS301" not in line
    assert "--rules-from" in line


def test_a_rules_file_with_a_space_given_to_rules_is_told_it_quoted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--rules "team rules.py"`` was told to write ``--rules-from team rules.py``,
    which the shell splits in two."""
    assert main(["check", str(COURT), "--rules", "team rules.py"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: --rules team rules.py: names a Python file: give it with "
        "--rules-from 'team rules.py'; --rules takes the ids of rules, such as AS101"
    )


@pytest.mark.parametrize(
    ("given", "meant"),
    [("team rules", "team rules.py"), ("my rules/team", str(Path("my rules", "team.py")))],
)
def test_a_rules_file_told_its_path_is_told_it_quoted(
    rules_py: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
    meant: str,
) -> None:
    """The path a ``--rules-from`` argument without ``.py`` was told to write was not
    quoted, so that, holding a space, it did not work as written."""
    (rules_py.parent / "my rules").mkdir()
    (rules_py.parent / "my rules" / "team.py").write_text(rules_py.read_text())
    (rules_py.parent / "team rules.py").write_text(rules_py.read_text())
    monkeypatch.chdir(rules_py.parent)
    assert main(["check", str(COURT), "--rules-from", given]) == 2
    assert one_error_line(capsys.readouterr().err).endswith(
        f"there is {meant} here: write --rules-from '{meant}'"
    )
