"""What a type checker sees of the package, in a user's own code checked with mypy --strict.

Each :class:`UserModule` is a module of a user's code; all of them are checked in one
mypy run per configuration (with Pydantic's plugin, as docs/api.md recommends, and
without), and each test looks up the errors in its own.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import mypy.api
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "activity_systems"

#: Every module a test declares, checked together.
USER_MODULES: list[UserModule] = []


@dataclass(frozen=True)
class UserModule:
    """A user's module ``name``.py, checked with Pydantic's plugin if ``plugin``."""

    name: str
    code: str
    plugin: bool = True

    def __post_init__(self) -> None:
        assert all(module.name != self.name for module in USER_MODULES), self.name
        USER_MODULES.append(self)


def _mypy_configuration(plugin: bool) -> str:
    """A user's pyproject.toml: the plugin as docs/api.md says to configure it, if
    ``plugin``, and the package found from this checkout rather than installed."""
    # examples/ as the docs' examples have it on sys.path, for ``from custom_rule import``
    paths = f"{ROOT},{ROOT / 'examples'}"
    lines = ["[tool.mypy]", f"mypy_path = {paths!r}"]
    if plugin:
        lines.append('plugins = ["pydantic.mypy"]')
    return "\n".join(lines) + "\n"


def _run_mypy(modules: list[UserModule], folder: Path, plugin: bool) -> dict[str, list[str]]:
    """``mypy --strict`` on ``modules`` written to ``folder``: each one's errors, as
    ``line: message  [code]``."""
    folder.mkdir()
    config = folder / "pyproject.toml"
    config.write_text(_mypy_configuration(plugin), encoding="utf-8")
    for module in modules:
        code = textwrap.dedent(module.code)
        (folder / f"{module.name}.py").write_text(code, encoding="utf-8")
    stdout, _, _ = mypy.api.run(
        [
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            "--cache-dir",
            str(folder / "cache"),
            "--config-file",
            str(config),
            *(str(folder / f"{module.name}.py") for module in modules),
        ]
    )
    errors: dict[str, list[str]] = {module.name: [] for module in modules}
    for line in stdout.splitlines():
        path, _, rest = line.partition(".py:")
        name = Path(path).name
        if ": error:" in rest and name in errors:
            errors[name].append(rest.replace(" error: ", " ", 1))
    return errors


@pytest.fixture(scope="session")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The errors mypy --strict finds in each of :data:`USER_MODULES`, by name."""
    folder = tmp_path_factory.mktemp("mypy")
    errors: dict[str, list[str]] = {}
    for plugin in (True, False):
        modules = [module for module in USER_MODULES if module.plugin is plugin]
        errors |= _run_mypy(modules, folder / ("plugin" if plugin else "no-plugin"), plugin)
    return errors


# Type checkers read a model's constructor from its fields (PEP 681) and see a default
# only when it is given as default=; a positional Field(None, ...) made every optional
# field a required argument in the user's code.
OPTIONAL_FIELDS = UserModule(
    "optional_fields",
    """
    import activity_systems as a

    weeks = a.DurationRange.parse
    subject = a.Element(id="subject", label="Psychiatrist")
    report = a.Tool(id="report", label="Psychiatric report", turnaround=weeks("4-8 weeks"))
    remit = a.Rule(id="remit", label="Remit", withholds=("sentencing-advice",))
    nurses = a.Element(id="nurses", label="Nurses")
    obj = a.ObjectElement(id="object", label="Service user")
    mhs = a.ActivitySystem(
        id="mhs", subject=subject, object=obj, tools=(report,), rules=(remit,),
        community=(nurses,),
    )
    case = a.Case(title="Reports", systems=(mhs,))
    """,
    plugin=False,
)


def test_optional_fields_may_be_left_out_without_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[OPTIONAL_FIELDS.name] == []


def test_every_field_default_is_given_by_keyword() -> None:
    positional = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Field"
        and node.args
    ]
    assert positional == [], "write Field(default=...), which type checkers read as a default"


# docs/api.md, "Type checking your own code", says what passes with the plugin.
DOCUMENTED_FORMS = UserModule(
    "documented_forms",
    """
    import activity_systems as a

    court = a.ActivitySystem(
        id="court",
        subject="Magistrate",
        object={"label": "Defendant", "values": ["punishment"]},
        rules=[{"id": "targets", "label": "Time targets", "time_limit": "3 weeks"}],
        community=["Defence lawyers"],
        division_of_labour=[a.Task(id="request", label="Request a report", by="subject")],
    )
    mhs = a.ActivitySystem(
        id="mhs",
        subject="Psychiatrist",
        object="Service user",
        tools=[a.Tool(id="report", label="Psychiatric report", turnaround="4-8 weeks")],
    )
    report = a.Exchange(
        id="court-report", label="Report", from_="mhs", to="court", takes="mhs.report"
    )
    case = a.Case(title="Reports", systems=[court, mhs], exchanges=[report])
    """,
)


def test_the_documented_forms_pass_with_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[DOCUMENTED_FORMS.name] == []


# The library derives an element's id from its label; its field declared no default,
# so type checkers made ``id`` a required argument.
DERIVED_IDS = UserModule(
    "derived_ids",
    """
    import activity_systems as a

    request = a.Tool(label="Written request")
    targets = a.Rule(label="Time targets")
    nurses = a.Element(label="Nurses")
    user = a.ObjectElement(label="Service user")
    screening = a.Task(task="Screening", by="subject")
    """,
    plugin=False,
)
DERIVED_IDS_WITH_PLUGIN = UserModule(
    "derived_ids_with_plugin",
    """
    import activity_systems as a

    request = a.Tool(label="Written request")
    screening = a.Task(label="Screening", by="subject")
    report = a.Exchange(label="Report", from_="mhs", to="court")
    """,
)


def test_an_id_derived_from_the_label_may_be_left_out_without_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[DERIVED_IDS.name] == []


def test_an_id_derived_from_the_label_may_be_left_out_with_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[DERIVED_IDS_WITH_PLUGIN.name] == []


# Declared with alias="from", the producer was the argument from= for type checkers,
# which no Python code can write.
FROM_UNDERSCORE = UserModule(
    "from_underscore",
    """
    import activity_systems as a

    report = a.Exchange(label="Report", from_="mhs", to="court")
    print(report.from_)
    """,
    plugin=False,
)


def test_an_exchange_is_built_with_from_underscore_without_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[FROM_UNDERSCORE.name] == []


def test_an_exchange_reads_and_writes_from_as_a_case_file_does() -> None:
    import activity_systems as a

    built = a.Exchange(label="Report", from_="mhs", to="court")
    read = a.Exchange.model_validate({"label": "Report", "from": "mhs", "to": "court"})
    assert built == read
    assert built.model_dump()["from"] == "mhs"
    assert "from" in a.case_schema()["definitions"]["Exchange"]["properties"]


def test_every_derived_id_is_declared_with_a_default() -> None:
    from pydantic import BaseModel

    import activity_systems as a

    models: list[type[BaseModel]] = [
        a.Element,
        a.ObjectElement,
        a.Tool,
        a.Rule,
        a.Task,
        a.Exchange,
    ]
    required = [model.__name__ for model in models if model.model_fields["id"].is_required()]
    assert required == []
    assert a.Tool(label="Written request").id == "written-request"
    assert a.Exchange.model_validate({"label": "Report", "from": "mhs", "to": "court"}).id == (
        "report"
    )


# A model's __init__ takes *args only to refuse them in plain words: to type checkers,
# which read the constructor from the fields, a value by position stays an error.
BY_POSITION = UserModule(
    "by_position",
    """
    import activity_systems as a

    tool = a.Tool("Report")
    report = a.Report("Reports")
    """,
)
BY_POSITION_WITHOUT_PLUGIN = UserModule(
    "by_position_without_plugin", BY_POSITION.code, plugin=False
)


@pytest.mark.parametrize(
    "module", [BY_POSITION, BY_POSITION_WITHOUT_PLUGIN], ids=["plugin", "none"]
)
def test_a_value_given_by_position_is_a_type_error(
    module: UserModule, mypy_errors: dict[str, list[str]]
) -> None:
    errors = mypy_errors[module.name]
    assert errors[0] == '4: Too many positional arguments for "Tool"  [call-arg]'
    assert '5: Too many positional arguments for "Report"  [call-arg]' in errors


# The package imports most names on first use, through a module __getattr__; mypy
# took that for every name, misspelt ones too, typed Any.
MISSPELT_NAMES = UserModule(
    "misspelt_names",
    """
    import activity_systems
    import activity_systems.rules
    from activity_systems import chek
    from activity_systems.rules import new_findng

    case = activity_systems.lod("case.yaml")
    finding = activity_systems.rules.new_findng
    """,
)


def _public_names_module() -> str:
    """A user's module that imports every public name of the package and of its rules."""
    import activity_systems
    import activity_systems.rules

    return "\n".join(
        f"from {module.__name__} import {name}"
        for module in (activity_systems, activity_systems.rules)
        for name in module.__all__
    )


PUBLIC_NAMES = UserModule("public_names", _public_names_module())


def test_a_misspelt_name_is_an_error(mypy_errors: dict[str, list[str]]) -> None:
    errors = mypy_errors[MISSPELT_NAMES.name]
    assert [error.partition(":")[0] for error in errors] == ["4", "5", "7", "8"]
    for misspelt, error in zip(("chek", "new_findng", "lod", "new_findng"), errors, strict=True):
        assert f'has no attribute "{misspelt}"' in error


def test_every_public_name_is_known_to_type_checkers(mypy_errors: dict[str, list[str]]) -> None:
    assert mypy_errors[PUBLIC_NAMES.name] == []


# docs/api.md: the functions take a case file's path as a str or any os.PathLike; load,
# dump and render were typed to take a str or a pathlib.Path only.
PATH_LIKES = UserModule(
    "path_likes",
    """
    import os

    import activity_systems as a
    from activity_systems.handouts import format_of, render_handout


    class FilePath:
        def __fspath__(self) -> str:
            return "case.yaml"


    def draw(entry: os.DirEntry[str], path: os.PathLike[str]) -> None:
        case = a.load(entry)
        a.load(path)
        a.loads("title: T", path=path)
        a.dump(case, FilePath())
        a.render(entry, format="dot")
        a.render(FilePath(), path, inputs=[entry])
        a.check(path)
        a.compare(entry, FilePath())
        a.handout(path, FilePath(), template_dir=path)
        render_handout(case, template_dir=FilePath())
        format_of(path)
    """,
)


def test_any_path_like_names_a_file(mypy_errors: dict[str, list[str]]) -> None:
    assert mypy_errors[PATH_LIKES.name] == []


# render returned str | bytes | Path whatever it was asked for, so that no user could
# take an SVG as text or a PNG as bytes without a cast.
RENDER_RESULTS = UserModule(
    "render_results",
    """
    from pathlib import Path
    from typing import assert_type

    import activity_systems as a
    from activity_systems.render import render


    def draw(case: a.Case, fmt: str, target: Path | None) -> None:
        assert_type(a.render(case), str)
        assert_type(a.render(case, format="svg"), str)
        assert_type(render(case.system("court"), format="dot", theme="print"), str)
        assert_type(a.render(case, format=None), str)
        assert_type(a.render(case, format="png", dpi=192), bytes)
        assert_type(render(case, format="pdf"), bytes)
        assert_type(a.render(case, "figure.svg"), Path)
        assert_type(a.render(case, Path("figure.png"), format="png"), Path)
        assert_type(a.render(case, target="figure.pdf"), Path)
        assert_type(a.render(case, format=fmt), str | bytes)
        assert_type(a.render(case, target), Path | str)
        text: str = a.render(case, format=fmt)
    """,
)


def test_render_is_typed_by_what_it_returns(mypy_errors: dict[str, list[str]]) -> None:
    # the last line only: a format known only as a str may be PNG or PDF
    (error,) = mypy_errors[RENDER_RESULTS.name]
    assert 'expression has type "str | bytes", variable has type "str"' in error


def _docs_examples() -> list[UserModule]:
    """The python blocks of each docs page and of the README, run in order in one
    namespace as tests/test_docs_examples.py runs them: one user module per page."""
    from doc_blocks import blocks

    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    modules = []
    for page in pages:
        ran = [block for block in blocks(page) if block.language == "python" and not block.fragment]
        # a block written to a module of its own (title="examples/site_work.py"), which
        # the page's later blocks import, is a module of its own here too
        for block in ran:
            if block.title is not None and block.title.endswith(".py"):
                modules.append(UserModule(Path(block.title).stem, textwrap.dedent(block.text)))
        code = [textwrap.dedent(block.text) for block in ran]
        if code:
            name = "docs_" + page.stem.lower().replace("-", "_")
            modules.append(UserModule(name, "\n".join(code)))
    return modules


DOCS_EXAMPLES = _docs_examples()


def test_the_docs_examples_type_check(mypy_errors: dict[str, list[str]]) -> None:
    # The pages' own test functions are left unannotated, and IPython is untyped; a page
    # may show a test again, changed (an @example pasted above it), as a user edits it.
    untyped = ("[no-untyped-def]", "[no-untyped-call]", "[no-redef]")
    errors = {
        module.name: [error for error in mypy_errors[module.name] if not error.endswith(untyped)]
        for module in DOCS_EXAMPLES
    }
    assert "docs_figures" in errors
    assert errors == {name: [] for name in errors}


# docs/api.md: import what the render subpackage holds by name, since type checkers
# take activity_systems.render for the function.
RENDER_PACKAGE = UserModule(
    "render_package",
    """
    import activity_systems.render
    from activity_systems.render import (
        GraphvizSettingWarning,
        ScaledDownWarning,
        SlowOverviewWarning,
        figure,
    )

    graph = activity_systems.render.figure
    """,
)


def test_the_render_package_s_names_are_imported_by_name(
    mypy_errors: dict[str, list[str]],
) -> None:
    (error,) = mypy_errors[RENDER_PACKAGE.name]  # as docs/api.md says
    assert error.startswith("10: ")
    assert 'has no attribute "figure"' in error


# Case.actions holds Actions, which the package did not export: without the plugin a
# user could not name the types of an action's fields.
ACTIONS = UserModule(
    "actions",
    """
    from datetime import date

    import activity_systems as a

    levels = a.IntegrationAssessment(
        between=("court", "mhs"),
        current=a.IntegrationLevel.LINKAGE,
        desired=a.IntegrationLevel.COORDINATION,
    )
    by_key = a.Action(finding="AS101-3705b555c6", strategy="Agree a short report")
    by_reference = a.Action(
        finding=a.FindingReference(rule="AS101", elements=("mhs.report", "court.targets")),
        strategy="Agree a short report",
        review=date(2027, 3, 1),
        status="in-progress",
    )
    case = a.Case(title="Reports", systems=(), integration=(levels,), actions=(by_key,))
    first: a.Action = case.actions[0]
    as_text = a.IntegrationAssessment(between=("a", "b"), current="linkage", desired="linkage")
    """,
    plugin=False,
)
# docs/api.md: what the plugin takes in their place.
ACTIONS_WITH_PLUGIN = UserModule(
    "actions_with_plugin",
    """
    import activity_systems as a

    levels = a.IntegrationAssessment(between=["court", "mhs"], current="linkage", desired="linkage")
    action = a.Action(
        finding={"rule": "AS101", "elements": ["mhs.report"]},
        strategy="Agree a short report",
        review="2027-03-01",
    )
    """,
)


def test_actions_are_built_with_the_package_s_names_without_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    errors = mypy_errors[ACTIONS.name]
    # but for the last line: a level given as text, which needs the plugin (docs/api.md)
    last = str(textwrap.dedent(ACTIONS.code).rstrip().count("\n") + 1)
    assert [error.partition(":")[0] for error in errors] == [last, last]
    assert all('has incompatible type "str"; expected "IntegrationLevel"' in e for e in errors)


def test_actions_and_levels_are_built_from_text_with_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors[ACTIONS_WITH_PLUGIN.name] == []


# A built model cannot be changed: a type checker says so where the user assigns, and
# says that a misspelt name is none of the model's (the models refuse both when run).
ASSIGNING = UserModule(
    "assigning",
    """
    import activity_systems as a

    report = a.Tool(label="Psychiatric report")
    report.label = "Full report"
    report.labl = "Full report"
    """,
)


def test_assigning_to_a_built_model_is_an_error_for_a_type_checker(
    mypy_errors: dict[str, list[str]],
) -> None:
    errors = mypy_errors[ASSIGNING.name]
    assert any(error.startswith("5:") and "read-only" in error for error in errors), errors
    assert any(error.startswith("6:") and "[attr-defined]" in error for error in errors), errors


# ``from activity_systems.handouts import handout`` is also the name of a submodule,
# handouts/handout.py. mypy following the package's imports itself (the default,
# ``follow_imports = "normal"``, as for a package found through ``mypy_path`` or a
# clone on the path) took the package's ``handout`` for that module: ``a.handout(...)``
# was "Module not callable" and its result Any. Checked here in that mode, and only the
# user's module's lines are looked at.
HANDOUT_FOLLOWED = """
import activity_systems as a
from activity_systems import handout

reveal_type(a.handout)
reveal_type(handout)
reveal_type(a.handout("case.yaml", "handout.html"))
"""


def test_handout_is_the_function_when_mypy_follows_the_package(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(HANDOUT_FOLLOWED, encoding="utf-8")
    config = f"[tool.mypy]\nmypy_path = {str(ROOT)!r}\n"
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    # mypy's command, in the user's folder, as she runs it (mypy.api.run within the
    # test's process, as the other tests run it, did not show the mistake). Without
    # PYTHONPATH: mypy finding the package on Python's path as well as on mypy_path
    # took the name for the function, whether the package said so or not.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("user.py:")]
    revealed = [line.partition("Revealed type is ")[2] for line in lines if "Revealed" in line]
    assert not [line for line in lines if ": error:" in line], lines
    assert len(revealed) == 3, run.stdout
    assert all(shown.startswith('"def (case: ') for shown in revealed[:2]), revealed
    assert revealed[2] == '"pathlib.Path"', revealed
