"""A handout given an earlier version, with a rule that fails on one of the two versions:
the progress section and the action plan agree that its actions were not checked, the
progress section names the rule, and the warning names the version it failed on, once."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from activity_systems import Case, Finding, RuleFailedWarning, load
from activity_systems.cli import main
from activity_systems.handouts import render_handout
from activity_systems.handouts.handout import EarlierRuleFailedWarning, HandoutFormat
from activity_systems.io.dumping import case_to_data, case_to_yaml
from activity_systems.rules.engine import BUILTIN_RULES, run_rules
from activity_systems.rules.registry import RuleSpec

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
STRATEGY = "Ask the author of the rule"
NOT_CHECKED = "not checked: its rule failed"

#: A rule file whose rule raises on the version whose title has "2027" in it, or on the
#: other one (FAILS_ON is replaced).
RULE_FILE = """\
from activity_systems import rule


@rule("XX902", name="fragile", category="contradiction")
def fragile(case):
    \"\"\"Breaks on one version.\"\"\"
    if ("2027" in case.title) == FAILS_ON_LATER:
        raise KeyError("boom")
    return iter(())
"""


@pytest.fixture(params=["earlier", "later"])
def fails_on(request: pytest.FixtureRequest) -> Iterator[tuple[str, RuleSpec]]:
    """XX902, registered, failing on the earlier or the later version."""
    from activity_systems.rules.engine import rule, unregister

    later = request.param == "later"

    @rule("XX902", name="fragile", category="contradiction")
    def fragile(case: Case) -> Iterator[Finding]:
        """Breaks on one version."""
        if ("2027" in case.title) == later:
            raise KeyError("boom")
        return iter(())

    yield request.param, fragile
    unregister("XX902")


def versions() -> tuple[Case, Case]:
    earlier, later = load(BEFORE), load(AFTER)
    assert "2027" not in earlier.title
    assert "2027" in later.title
    data = case_to_data(later)
    data["actions"].append({"finding": "XX902-0123456789", "strategy": STRATEGY})
    return earlier, Case.model_validate(data)


def row(text: str) -> str:
    (line,) = [line for line in text.splitlines() if STRATEGY in line]
    return line


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_action_plan_and_the_progress_agree(
    fails_on: tuple[str, RuleSpec], fmt: HandoutFormat
) -> None:
    version, spec = fails_on
    earlier, later = versions()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = run_rules(later, [*BUILTIN_RULES, spec])
        text = render_handout(later, format=fmt, report=report, previous=earlier).text
    plan, progress = text.split("7. Progress since", 1)
    assert NOT_CHECKED in row(plan)
    assert NOT_CHECKED in row(progress)
    assert "not reported in either version" not in row(plan)
    # the progress section names the rule and the version it failed on
    name = earlier.title if version == "earlier" else later.title
    on = "the earlier version" if version == "earlier" else "this version"
    assert "Rules that failed (1)" in progress
    if fmt == "markdown":
        assert f"- **XX902** on {on}, {name}: KeyError: 'boom'" in progress
    else:
        assert f"<li><strong>XX902</strong> on {on}, {name}: KeyError: &#39;boom&#39;</li>" in (
            progress
        )
    # one warning, naming the version
    failed = [str(w.message) for w in caught if issubclass(w.category, RuleFailedWarning)]
    if version == "earlier":
        assert [w.category for w in caught if issubclass(w.category, RuleFailedWarning)] == [
            EarlierRuleFailedWarning
        ]
        (message,) = failed
        assert message.endswith(
            f", in fragile, on the earlier version “{earlier.title}”, and its findings are "
            "left out of the progress section: KeyError: 'boom'"
        )
    else:
        (message,) = failed  # the report's, not again for the progress section
        assert message.endswith("and its findings are left out of the report: KeyError: 'boom'")


@pytest.mark.usefixtures("stubbed")
@pytest.mark.parametrize("version", ["earlier", "later"])
def test_the_command_line_names_the_file_the_rule_failed_on_once(
    version: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = tmp_path / "fragile_rules.py"
    rules.write_text(RULE_FILE.replace("FAILS_ON_LATER", str(version == "later")))
    earlier, later = versions()
    (tmp_path / "later.yaml").write_text(case_to_yaml(later), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "handout.md"
    argv = ["handout", "later.yaml", "--since", str(BEFORE), "-o", str(out)]
    assert main([*argv, "--rules-from", rules.name, "--rules", "XX902"]) == 0
    lines = capsys.readouterr().err.splitlines()
    place = "rule XX902 failed at fragile_rules.py:8, in fragile,"
    if version == "earlier":
        assert lines == [
            f"activity-systems: warning: {BEFORE}: {place} on the earlier version "
            f"“{earlier.title}”, and its findings are left out of the progress section: "
            "KeyError: 'boom'"
        ]
    else:
        assert lines == [
            f"activity-systems: warning: later.yaml: {place} and its findings are left out "
            "of the report: KeyError: 'boom'"
        ]
    text = out.read_text(encoding="utf-8")
    assert "Rules that failed (1)" in text
    plan, progress = text.split("7. Progress since", 1)
    assert NOT_CHECKED in row(plan)
    assert NOT_CHECKED in row(progress)


@pytest.mark.usefixtures("stubbed")
def test_a_report_read_back_without_its_rules_says_the_earlier_version_is_unchecked() -> None:
    # A report made with a rule pack, read back where the pack is not installed: the
    # earlier version cannot be checked with the pack's rules. The handout says so, and
    # its action plan agrees with its progress section, rather than calling the
    # resolved finding's action "not reported in either version".
    from activity_systems import Report, new_finding
    from activity_systems.rules.engine import rule, unregister

    @rule("XX903", name="earlier-only", category="completeness")
    def earlier_only(case: Case) -> Iterator[Finding]:
        """Fires on the version without "2027" in its title."""
        if "2027" not in case.title:
            yield new_finding(elements=[case.systems[0].id], message="Earlier.")

    earlier, later = versions()
    key = run_rules(earlier, [earlier_only]).findings[0].key
    data = case_to_data(later)
    data["actions"].append({"finding": key, "strategy": "Install the pack"})
    later = Case.model_validate(data)
    made = run_rules(later, [*BUILTIN_RULES, earlier_only]).to_json()
    unregister("XX903")
    report = Report.from_json(made)
    with pytest.warns(EarlierRuleFailedWarning) as caught:
        text = render_handout(later, format="markdown", report=report, previous=earlier).text
    (message,) = [str(w.message) for w in caught]
    assert message == (
        "rule XX903 of the report is not registered, so it cannot check the earlier "
        f"version “{earlier.title}”, and its findings are left out of the progress "
        "section: import the module, file or rule pack that registers it (the one the "
        "report was made with) first"
    )
    plan, progress = text.split("7. Progress since", 1)
    for part in (plan, progress):
        (line,) = [line for line in part.splitlines() if "Install the pack" in line]
        assert "not checked: no rule has the id XX903" in line
