"""The layers of the package: the model looks at nothing above it, and the rules look
down at the model, never at what draws or writes their findings.

- ``activity_systems.model`` imports, at the top of a module, only the model itself,
  ``activity_systems.errors`` and ``activity_systems.vocab``. A case's or a system's
  display in a notebook and its YAML or JSON (``to_yaml``) import the renderer or the
  writer inside the method that needs them, when it is called: the model itself stays
  pure, and importing it loads neither. Nor does it import PyYAML, Jinja2 or Graphviz:
  how PyYAML writes its mappings is set up by the IO layer.
- ``activity_systems.rules`` imports no renderer, handout, command line or strategy,
  anywhere in a module: a rule's findings are data that those read.

Every way of naming a module counts: ``import activity_systems.render``, ``from
activity_systems import render``, a relative ``from ..render import figures``, and a
module's name written as a string (``importlib.import_module``, or the table of names a
package imports on first use), which is imported when it is used.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "activity_systems"

MODEL_MAY_IMPORT = ("activity_systems.model", "activity_systems.errors", "activity_systems.vocab")
MODEL_MAY_IMPORT_WHEN_CALLED = ("activity_systems.render.notebook", "activity_systems.io.dumping")
RULES_MAY_NOT_IMPORT = (
    "activity_systems.render",
    "activity_systems.handouts",
    "activity_systems.cli",
    "activity_systems.strategies",
)


#: A string that is a module's name, which ``importlib.import_module`` would import.
_MODULE_NAME = re.compile(r"activity_systems(\.[A-Za-z_]\w*)*")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(
    tree: ast.AST, *, package: str = "activity_systems", top: bool = True
) -> Iterator[tuple[int, str, bool]]:
    """Each ``activity_systems`` module imported: (line, module, at the top of the module).
    ``package`` is the package of the module ``tree`` is parsed from, against which a
    relative import is read. ``from m import x`` gives ``m.x``, which is a module or
    lies in ``m``. A module's name written as a string is taken as imported when called.
    Imports under ``if TYPE_CHECKING:`` are for type checkers only and are left out."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                yield from imports(child, package=package, top=top)
            continue
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                module = f"{base}.{module}" if module else base
            names = [module if a.name == "*" else f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _MODULE_NAME.fullmatch(node.value)
        ):
            yield node.lineno, node.value, False
            continue
        else:
            inside = top and not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            yield from imports(node, package=package, top=inside)
            continue
        for name in names:
            if name == "activity_systems" or name.startswith("activity_systems."):
                yield node.lineno, name, top


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imports_of(path: Path) -> Iterator[tuple[int, str, bool]]:
    package = ".".join(path.parent.relative_to(PACKAGE.parent).parts)
    return imports(ast.parse(path.read_text("utf-8")), package=package)


@pytest.mark.parametrize("path", _modules("model"), ids=lambda path: path.name)
def test_the_model_imports_nothing_above_it(path: Path) -> None:
    where = f"activity_systems/model/{path.relative_to(PACKAGE / 'model')}"
    for line, name, top in _imports_of(path):
        if _under(name, MODEL_MAY_IMPORT):
            continue
        when_called = not top and _under(name, MODEL_MAY_IMPORT_WHEN_CALLED)
        assert when_called, (
            f"{where}:{line} imports {name}: the model stays pure and imports only "
            f"{', '.join(MODEL_MAY_IMPORT)} (rules, IO, renderers and handouts look down at "
            "the model, not the other way round)"
        )


@pytest.mark.parametrize("path", _modules("rules"), ids=lambda path: path.name)
def test_rules_import_no_renderer_or_handout(path: Path) -> None:
    where = f"activity_systems/rules/{path.relative_to(PACKAGE / 'rules')}"
    for line, name, _ in _imports_of(path):
        assert not _under(name, RULES_MAY_NOT_IMPORT), (
            f"{where}:{line} imports {name}: rules give findings as data and never import "
            "renderers, handouts, the command line or the strategies, which read them"
        )


def test_the_walk_finds_imports_at_every_depth() -> None:
    tree = ast.parse(
        "import activity_systems.a\n"
        "if TYPE_CHECKING:\n    import activity_systems.hidden\n"
        "def f():\n    from activity_systems.b import x\n"
        "class C:\n    import activity_systems.c\n"
        "try:\n    from activity_systems.d import y\nexcept ImportError:\n    pass\n"
    )
    assert list(imports(tree)) == [
        (1, "activity_systems.a", True),
        (5, "activity_systems.b.x", False),
        (7, "activity_systems.c", True),
        (9, "activity_systems.d.y", True),
    ]


def test_the_walk_finds_every_way_of_naming_a_module() -> None:
    # each of these, in a rule, would load the renderers or the handouts with the rules
    tree = ast.parse(
        "from activity_systems import render\n"
        "from ..render import figures\n"
        "from . import wording\n"
        "from ... import handouts\n"
        "LAZY = {'figure': 'activity_systems.render.api'}\n"
        "def f():\n    return importlib.import_module('activity_systems.handouts')\n"
        "'A sentence that mentions activity_systems.render is not a module name.'\n"
    )
    assert list(imports(tree, package="activity_systems.rules.sub")) == [
        (1, "activity_systems.render", True),
        (2, "activity_systems.rules.render.figures", True),
        (3, "activity_systems.rules.sub.wording", True),
        (4, "activity_systems.handouts", True),
        (5, "activity_systems.render.api", False),
        (7, "activity_systems.handouts", False),
    ]


#: The libraries that read and write files or draw, which the model leaves to the layers
#: above it (IO, renderers, handouts).
MODEL_MAY_NOT_IMPORT_LIBRARIES = ("yaml", "jinja2", "graphviz")


@pytest.mark.parametrize("path", _modules("model"), ids=lambda path: path.name)
def test_the_model_imports_no_file_or_drawing_library(path: Path) -> None:
    where = f"activity_systems/model/{path.relative_to(PACKAGE / 'model')}"
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert not _under(name, MODEL_MAY_NOT_IMPORT_LIBRARIES), (
                f"{where}:{node.lineno} imports {name}: the model stays pure; how a "
                "case or its mappings are written to YAML is the IO layer's business"
            )
