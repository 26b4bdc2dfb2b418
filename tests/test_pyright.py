"""What pyright, and so Pylance in VS Code, sees of the package in a user's code.

Static tests keep the patterns pyright depends on: each name the package imports on
first use is imported under ``if TYPE_CHECKING:`` too, from the module ``_LAZY`` names,
and listed in ``__all__``, which is what completion (``a.<Tab>``) and hover read; and
each model's ``model_config`` is declared ``ClassVar[ConfigDict]``, as Pydantic's
``BaseModel`` declares it, without which every model and every function that takes one
is of "ambiguous" type to ``pyright --verifytypes``. The others run pyright on a user's
code and on the package's public interface, and are skipped where pyright is not
installed.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAZY_PACKAGES = [
    ROOT / "activity_systems" / "__init__.py",
    ROOT / "activity_systems" / "rules" / "__init__.py",
]


def _lazy_and_checked_names(path: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """``_LAZY`` of a package's ``__init__``, the names it imports under
    ``if TYPE_CHECKING:`` (name -> module), and its ``__all__``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy: dict[str, str] = {}
    checked: dict[str, str] = {}
    public: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id == "_LAZY":
                lazy = ast.literal_eval(node.value)
            elif node.targets[0].id == "__all__":
                public = ast.literal_eval(node.value)
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module is not None:
                    for alias in statement.names:
                        checked[alias.asname or alias.name] = statement.module
    return lazy, checked, public


@pytest.mark.parametrize("path", LAZY_PACKAGES, ids=lambda path: path.parent.name)
def test_every_lazily_imported_name_is_imported_for_type_checkers(path: Path) -> None:
    # Without its import under TYPE_CHECKING, pyright reports the name as "not a known
    # attribute of module" and Pylance leaves it out of completion.
    lazy, checked, public = _lazy_and_checked_names(path)
    assert lazy, path
    for name, module in lazy.items():
        # the render subpackage's entry point is bound as the (callable) package
        imported_from = checked.get(name)
        assert imported_from in (module, module.rpartition(".")[0]), name
        assert name in public, name


def _model_configs(tree: ast.Module) -> list[ast.Assign | ast.AnnAssign]:
    """The statements of ``tree`` that set ``model_config`` in a class's body."""
    found: list[ast.Assign | ast.AnnAssign] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Assign):
                    names = [t.id for t in statement.targets if isinstance(t, ast.Name)]
                elif isinstance(statement, ast.AnnAssign) and isinstance(
                    statement.target, ast.Name
                ):
                    names = [statement.target.id]
                else:
                    continue
                if "model_config" in names:
                    found.append(statement)
    return found


def test_every_model_config_is_declared_a_class_variable() -> None:
    # ``model_config = ConfigDict(...)`` is of inferred type, which pyright's
    # --verifytypes reports as an "ambiguous base class override" of BaseModel's
    # declaration: each model below it, and each function that takes or gives one, is
    # then of ambiguous type: five of them made 296 of its 1,964 public names so.
    found = 0
    undeclared: list[str] = []
    for path in sorted((ROOT / "activity_systems").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for statement in _model_configs(tree):
            found += 1
            annotation = getattr(statement, "annotation", None)
            if annotation is None or ast.unparse(annotation) != "ClassVar[ConfigDict]":
                undeclared.append(f"{path.relative_to(ROOT)}:{statement.lineno}")
    assert found, "no model_config found: has the package moved?"
    assert undeclared == [], "write model_config: ClassVar[ConfigDict] = ConfigDict(...)"


def _pyright() -> list[str] | None:
    """The command that runs pyright, if it is installed."""
    found = shutil.which("pyright")
    return [found] if found else None


PYRIGHT = _pyright()
needs_pyright = pytest.mark.skipif(PYRIGHT is None, reason="pyright is not installed")

# A user's script as completion in VS Code leads one to write it: the names of the
# package, a rule of one's own, and the strategies in a Hypothesis test.
USER_SCRIPT = """
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import activity_systems as a
from activity_systems.rules import Finding, new_finding, rule
from activity_systems.strategies import activity_systems, cases, duration_ranges, elements


@rule("ORG201", name="no-community", category="contradiction")
def no_community(case: a.Case) -> Iterator[Finding]:
    \"\"\"A system without a community.\"\"\"
    for system in case.systems:
        if not system.community:
            yield new_finding(
                elements=[system.id],
                level="primary",
                severity="low",
                message=f"{system.title} names no community.",
                prompt="Who else takes part?",
            )


def main() -> None:
    case = a.load(Path("examples/court-reports.yaml"))
    court: a.ActivitySystem = case.system("court")
    print(court.subject.label, [tool.label for tool in court.tools])
    report = a.check(case, rules=[*a.BUILTIN_RULES, no_community])
    for finding in report.findings:
        print(finding.rule, finding.severity, finding.level, finding.message, finding.key)
    svg: str = a.render(case)
    png: bytes = a.render(case, format="png")
    out: Path = a.render(case, "figure.svg")
    page = a.handout(case, "handout.html")
    comparison = a.compare(case, a.load("examples/liaison-and-diversion-2027.yaml"))
    print(svg, png, out, page, comparison, a.case_schema()["title"], a.__version__)
    for entry in a.rule_catalogue():
        print(entry.id, entry.summary)
    tool = a.Tool(label="Report", turnaround=a.DurationRange.parse("4-8 weeks"))
    print(tool.id, a.Exchange(label="Report", from_="mhs", to="court").from_)
    try:
        a.load("missing.yaml")
    except a.CaseFileError as error:
        print(error.path)


@settings(max_examples=10)
@given(cases(), st.data())
def test_rule_never_fails(case: a.Case, data: st.DataObject) -> None:
    assert not a.check(case, rules=[no_community]).rules_failed
    system = data.draw(activity_systems())
    print(system.id, data.draw(elements()).label, data.draw(duration_ranges()))
"""

# Without Pydantic's mypy plugin, which pyright cannot load, a constructor takes its
# fields' own types (docs/api.md): the case-file forms are errors, and so is a misspelt
# name, which the package's lazy imports must not hide.
PLUGIN_FORMS = """
import activity_systems as a

court = a.ActivitySystem(id="court", subject="Magistrate", object="Defendant")
chek = a.chek
"""


def _pyright_errors(
    tmp_path: Path, code: str, mode: str, config: dict[str, object] | None = None
) -> list[str]:
    """pyright's errors in ``code`` as ``line: message``, checked in ``mode``."""
    (tmp_path / "user.py").write_text(textwrap.dedent(code), encoding="utf-8")
    settings = {
        "typeCheckingMode": mode,
        "pythonVersion": f"{sys.version_info.major}.{sys.version_info.minor}",
        "extraPaths": [str(ROOT)],
        **(config or {}),
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(settings), encoding="utf-8")
    assert PYRIGHT is not None
    done = subprocess.run(
        [*PYRIGHT, "--pythonpath", sys.executable, "--outputjson", "user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    output = json.loads(done.stdout)
    return [
        f"{d['range']['start']['line'] + 1}: {d['message']}"
        for d in output["generalDiagnostics"]
        if d["severity"] == "error"
    ]


@needs_pyright
@pytest.mark.parametrize("mode", ["strict", "basic"])
def test_a_user_s_script_passes_pyright(tmp_path: Path, mode: str) -> None:
    assert _pyright_errors(tmp_path, USER_SCRIPT, mode) == []


@needs_pyright
def test_pyright_reads_constructors_and_names_as_docs_api_says(tmp_path: Path) -> None:
    errors = _pyright_errors(tmp_path, PLUGIN_FORMS, "basic")
    assert [error.partition(":")[0] for error in errors] == ["4", "4", "5"]
    assert '"chek" is not a known attribute of module "activity_systems"' in errors[-1]


@needs_pyright
@pytest.mark.skipif(sys.platform == "win32", reason="the interpreter is wrapped in a shell script")
def test_the_public_interface_is_of_known_type(tmp_path: Path) -> None:
    # pyright --verifytypes reads the package as installed, through the ``python`` on
    # PATH (not --pythonpath), and cannot follow setuptools' editable-install import
    # hook: wrappers put this checkout first on that interpreter's path (pyright asks
    # python3 first, then python).
    wrappers = tmp_path / "bin"
    wrappers.mkdir()
    for name in ("python3", "python"):
        wrapper = wrappers / name
        wrapper.write_text(
            f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" "$@"\n', encoding="utf-8"
        )
        wrapper.chmod(0o755)
    environ = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    environ["PATH"] = f"{wrappers}{os.pathsep}{environ.get('PATH', '')}"
    assert PYRIGHT is not None
    done = subprocess.run(
        [*PYRIGHT, "--verifytypes", "activity_systems", "--ignoreexternal", "--outputjson"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    completeness = json.loads(done.stdout)["typeCompleteness"]
    assert Path(completeness["packageRootDirectory"]) == ROOT / "activity_systems"
    # each symbol whose own declaration makes it ambiguous or unknown (an attribute or a
    # global without annotation, an override of an annotated base): those that are so
    # only through another are left out, as they say nothing more
    causes = sorted(
        f"{symbol['name']}: {diagnostic['message'].splitlines()[0]}"
        for symbol in completeness["symbols"]
        if symbol["isExported"]
        for diagnostic in symbol["diagnostics"]
        if diagnostic["severity"] == "error" and "partially unknown" not in diagnostic["message"]
    )
    assert causes == []
    counts = completeness["exportedSymbolCounts"]
    assert counts["withKnownType"] > 1000, counts
    assert (counts["withAmbiguousType"], counts["withUnknownType"]) == (0, 0)
    assert completeness["completenessScore"] == 1.0
