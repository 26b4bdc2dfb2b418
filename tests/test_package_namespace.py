"""What ``dir(activity_systems)`` offers: the names completion lists after ``a.`` in
IPython, Jupyter and the plain prompt (Tab), which are the public names, the package's
submodules and its dunders, not the helpers its ``__init__`` imports for itself."""

from __future__ import annotations

import subprocess
import sys

import activity_systems as a

HELPERS = ("Any", "TYPE_CHECKING", "annotations", "importlib")


def test_dir_lists_every_public_name() -> None:
    assert set(a.__all__) <= set(dir(a))


def test_dir_leaves_out_the_helpers_of_the_package_s_own_code() -> None:
    assert not set(HELPERS) & set(dir(a))
    assert not [name for name in dir(a) if name.startswith("_") and not name.startswith("__")]


def test_dir_lists_the_submodules_imported_and_the_version() -> None:
    import activity_systems.errors

    assert "errors" in dir(a)
    assert "__version__" in dir(a)
    assert activity_systems.errors is a.errors


def test_dir_imports_nothing() -> None:
    # Completion calls dir(); the models, the engine and Graphviz stay unimported.
    code = (
        "import sys, activity_systems as a; dir(a); "
        "print(sorted(m for m in ('activity_systems.model', 'activity_systems.rules', "
        "'activity_systems.render', 'jinja2') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
