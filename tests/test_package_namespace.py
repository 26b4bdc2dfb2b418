"""What ``dir(activity_systems)`` offers: the names completion lists after ``a.`` in
IPython, Jupyter and the plain prompt (Tab), which are the public names, the package's
submodules and its dunders, not the helpers its ``__init__`` imports for itself."""

from __future__ import annotations

import functools
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


def test_a_rule_spec_shows_what_names_it_not_its_docstring() -> None:
    # a.BUILTIN_RULES in a notebook or a log was 30,000 characters of docstrings and
    # functions' addresses; the docstring is spec.doc, the catalogue shows it.
    spec = next(spec for spec in a.BUILTIN_RULES if spec.id == "AS101")
    module = spec.function.__module__
    assert repr(spec) == (
        "RuleSpec(id='AS101', name='deadline-vs-turnaround', category='contradiction', "
        f"function={module}.deadline_vs_turnaround)"
    )
    assert " at 0x" not in repr(a.BUILTIN_RULES)
    assert len(repr(a.BUILTIN_RULES)) < 150 * len(a.BUILTIN_RULES)


def test_a_rule_spec_of_ones_own_shows_its_competencies() -> None:
    def nothing(case: a.Case) -> list[a.Finding]:
        """Finds nothing."""
        return []

    spec = a.RuleSpec(
        id="XX991",
        name="nothing",
        category="completeness",
        function=nothing,
        doc="Finds nothing.",
        competencies=("role-clarification",),
    )
    assert repr(spec) == (
        "RuleSpec(id='XX991', name='nothing', category='completeness', function="
        f"{__name__}.test_a_rule_spec_of_ones_own_shows_its_competencies.<locals>.nothing, "
        "competencies=('role-clarification',))"
    )


def test_a_rule_spec_whose_function_is_a_partial_or_an_instance_names_its_type() -> None:
    # A partial or an object with __call__ has no __qualname__ of its own: the spec
    # names its type, not "?", and not its repr with an address.
    def nothing(case: a.Case, days: int) -> list[a.Finding]:
        """Finds nothing."""
        return []

    class Nothing:
        def __call__(self, case: a.Case) -> list[a.Finding]:
            return []

    partial = a.RuleSpec(
        id="XX992",
        name="nothing",
        category="completeness",
        function=functools.partial(nothing, days=10),
        doc="Finds nothing.",
    )
    assert repr(partial) == (
        "RuleSpec(id='XX992', name='nothing', category='completeness', function=functools.partial)"
    )
    instance = a.RuleSpec(
        id="XX993", name="nothing", category="completeness", function=Nothing(), doc="."
    )
    assert repr(instance).endswith(
        f"function={__name__}.test_a_rule_spec_whose_function_is_a_partial_or_an_instance"
        "_names_its_type.<locals>.Nothing)"
    )
