"""The layers of the package: the model looks at nothing above it, and the rules look
down at the model, never at what draws or writes their findings.

- ``activity_systems.model`` imports, at the top of a module, only the model itself,
  ``activity_systems.errors`` and ``activity_systems.vocab``. A case's or a system's
  display in a notebook and its YAML or JSON (``to_yaml``) import the renderer or the
  writer inside the method that needs them, when it is called: the model itself stays
  pure, and importing it loads neither.
- ``activity_systems.rules`` imports no renderer, handout, command line or strategy,
  anywhere in a module: a rule's findings are data that those read.
"""

from __future__ import annotations

import ast
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


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST, *, top: bool = True) -> Iterator[tuple[int, str, bool]]:
    """Each ``activity_systems`` module imported: (line, module, at the top of the module).
    Imports under ``if TYPE_CHECKING:`` are for type checkers only and are left out."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (item for child in node.orelse for item in imports(child, top=top))
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            inside = top and not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            yield from imports(node, top=inside)
            continue
        for name in names:
            if name == "activity_systems" or name.startswith("activity_systems."):
                yield node.lineno, name, top


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("model"), ids=lambda path: path.name)
def test_the_model_imports_nothing_above_it(path: Path) -> None:
    where = f"activity_systems/model/{path.relative_to(PACKAGE / 'model')}"
    for line, name, top in imports(ast.parse(path.read_text("utf-8"))):
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
    for line, name, _ in imports(ast.parse(path.read_text("utf-8"))):
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
        (5, "activity_systems.b", False),
        (7, "activity_systems.c", True),
        (9, "activity_systems.d", True),
    ]
