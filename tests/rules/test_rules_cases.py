"""Every built-in rule against its data cases in ``tests/rules/cases/<rule>.yaml``.

Each file names a rule and lists cases: a case file fragment and the exact findings the
rule must report (rule, level, severity and elements always; message, explanation,
prompt, declared and detected where given), in any order. Every file has a case that
fires and one that must not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from activity_systems import BUILTIN_RULES, Case, check

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.yaml"))
OPTIONAL_FIELDS = ("message", "explanation", "prompt", "declared", "detected")


def _cases() -> list[Any]:
    params = []
    for path in FILES:
        data = yaml.safe_load(path.read_text("utf-8"))
        for entry in data["cases"]:
            params.append(pytest.param(data["rule"], entry, id=f"{data['rule']}-{entry['name']}"))
    return params


def _comparable(found: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    keys = ["level", "severity", "elements", *(k for k in OPTIONAL_FIELDS if k in expected)]
    return {key: found[key] for key in keys}


def test_every_builtin_rule_has_a_file_with_a_firing_and_a_quiet_case() -> None:
    have = [path.stem for path in FILES]
    want = [spec.id for spec in BUILTIN_RULES]
    missing = [rule_id for rule_id in want if rule_id not in have]
    extra = [rule_id for rule_id in have if rule_id not in want]
    assert not missing, (
        f"no data cases for {', '.join(missing)}: write tests/rules/cases/<rule id>.yaml "
        "(as AS401.yaml: the rule's id, a case that fires with its findings, and a case "
        "that must not fire)"
    )
    assert not extra, (
        f"tests/rules/cases/ has files for {', '.join(extra)}, which no built-in rule has: "
        "add the rule to BUILTIN_RULES in activity_systems/rules/engine.py, or rename or "
        "remove the files"
    )
    for path in FILES:
        data = yaml.safe_load(path.read_text("utf-8"))
        assert data["rule"] == path.stem
        counts = [len(entry["findings"]) for entry in data["cases"]]
        assert any(counts), f"{path.name} has no case that fires"
        assert 0 in counts, f"{path.name} has no case that must not fire"


@pytest.mark.parametrize(("rule_id", "entry"), _cases())
def test_rule_case(rule_id: str, entry: dict[str, Any]) -> None:
    case = Case.model_validate(entry["case"])
    report = check(case, rules=[rule_id])

    assert report.rules_failed == (), f"{rule_id} failed on {entry['name']}: {report.rules_failed}"
    assert report.rules_run == (rule_id,)
    found = [f.to_dict() for f in report.findings]
    assert len(found) == len(entry["findings"]), (
        f"tests/rules/cases/{rule_id}.yaml, case {entry['name']!r}: {rule_id} gives "
        f"{len(found)} finding(s), the case lists {len(entry['findings'])}; the rule's "
        f"findings name {[f['elements'] for f in found]}"
    )
    assert {f["rule"] for f in found} <= {rule_id}
    expected = sorted(entry["findings"], key=lambda f: (f["level"] or "", f["elements"]))
    actual = sorted(found, key=lambda f: (f["level"] or "", f["elements"]))
    assert [_comparable(a, e) for a, e in zip(actual, expected, strict=True)] == [
        {**e, "elements": list(e["elements"])} for e in expected
    ]
    for item in found:
        assert all(item[field] for field in ("message", "explanation", "prompt"))
        assert item["competencies"], f"{rule_id} gives no competencies"
