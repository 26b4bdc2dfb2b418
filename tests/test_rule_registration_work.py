"""Registering a rule looks at the few registered rules it may clash with or replace
(those of its name, or whose function has its function's name), not at every rule
registered: a thousand rules registered in a loop took seconds, each looking at all
before it. The work is counted, not timed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from activity_systems import Case, Finding, RuleError
from activity_systems.rules import registry
from activity_systems.rules.registry import registrations_undone, rule

DOC = "A rule.\n\nFires never. Severity low. Level: none."


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """The registered functions that a registration compares its function with."""
    seen: list[object] = []
    same_definition = registry._same_definition

    def counting(first: object, second: object) -> bool:
        seen.append(first)
        return same_definition(first, second)

    monkeypatch.setattr(registry, "_same_definition", counting)
    with registrations_undone():
        yield seen


def _factory_rules(count: int, prefix: str = "ZZW") -> None:
    for i in range(count):

        def made(case: Case) -> Iterator[Finding]:
            return iter(())

        made.__doc__ = DOC
        rule(f"{prefix}{i:04d}", name=f"{prefix.lower()}-{i}", category="contradiction")(made)


def _defined_rules(count: int) -> None:
    for i in range(count):
        scope: dict[str, object] = {}
        exec(f"def rule_{i}(case):\n    return iter(())", scope)  # one definition each
        function = scope[f"rule_{i}"]
        function.__doc__ = DOC
        rule(f"ZZD{i:04d}", name=f"zzd-{i}", category="contradiction")(function)  # type: ignore[arg-type]


@pytest.mark.parametrize("register", [_factory_rules, _defined_rules])
def test_registering_many_rules_compares_each_with_few(
    compared: list[object], register: object
) -> None:
    register(400)  # type: ignore[operator]
    assert len(compared) <= 400, f"{len(compared)} comparisons for 400 rules"


def _run_of_a_file(rule_id: str) -> None:
    """The same file run again (a notebook cell run again) with the rule's id changed."""
    source = (
        "from activity_systems.rules import rule\n"
        f"@rule({rule_id!r}, name='team-rule', category='contradiction')\n"
        "def team_rule(case):\n"
        f"    {DOC!r}\n"
        "    return iter(())\n"
    )
    exec(compile(source, "team_rules.py", "exec"), {"__name__": "team_rules"})


def test_a_rule_renamed_is_still_found_among_many(compared: list[object]) -> None:
    _factory_rules(300)
    _run_of_a_file("ZZR100")
    _run_of_a_file("ZZR101")
    ids = {spec.id for spec in registry.registered_rules()}
    assert "ZZR101" in ids
    assert "ZZR100" not in ids  # the old id went with the rename
    assert len(compared) <= 310


def test_names_are_free_again_once_the_registry_is_put_back() -> None:
    with registrations_undone():
        _factory_rules(3, "ZZU")
    with registrations_undone():
        _factory_rules(3, "ZZU")  # no error: the names were given back

        def other(case: Case) -> Iterator[Finding]:
            return iter(())

        other.__doc__ = DOC
        with pytest.raises(RuleError, match="already used by rule ZZU0001"):
            rule("ZZX0009", name="zzu-1", category="contradiction")(other)
