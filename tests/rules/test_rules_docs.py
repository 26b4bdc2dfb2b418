"""Every built-in rule is documented (summary, elements order, why it matters with the
chapter, a minimal example, resolution) and its example does what the docs say."""

from __future__ import annotations

import re

import pytest

from activity_systems import BUILTIN_RULES, RuleSpec, check, loads, rule_catalogue
from activity_systems.rules.registry import RuleDoc
from activity_systems.vocab import competencies, rule_competencies

SECTIONS = ["Elements", "Why it matters", "Example", "Resolution"]
_YAML_BLOCK = re.compile(r"```yaml\n(?P<text>.*?)```", re.DOTALL)


@pytest.mark.parametrize("spec", BUILTIN_RULES, ids=lambda spec: spec.id)
def test_rule_is_documented(spec: RuleSpec) -> None:
    doc = RuleDoc.parse(spec.doc)
    assert list(doc.sections) == SECTIONS
    assert all(doc.sections[title] for title in SECTIONS)
    assert doc.summary.endswith(".")
    assert len(doc.summary) <= 100
    assert doc.body, "say precisely when it fires, its level and its severity"
    assert "Hean, Walsh & Hammick" in " ".join(doc.sections["Why it matters"].split())
    assert _YAML_BLOCK.search(doc.sections["Example"])


@pytest.mark.parametrize("spec", BUILTIN_RULES, ids=lambda spec: spec.id)
def test_rule_example_fires_the_rule(spec: RuleSpec) -> None:
    match = _YAML_BLOCK.search(RuleDoc.parse(spec.doc).sections["Example"])
    assert match is not None
    report = check(loads(match["text"], path=f"{spec.id} example"), rules=[spec])
    assert [f.rule for f in report.findings] == [spec.id]


def test_catalogue_exposes_the_sections() -> None:
    entries = {entry.id: entry for entry in rule_catalogue(BUILTIN_RULES)}
    assert list(entries) == [spec.id for spec in BUILTIN_RULES]
    for entry in entries.values():
        assert list(entry.sections) == SECTIONS
        assert entry.summary == RuleDoc.parse(get_doc(entry.id)).summary


def get_doc(rule_id: str) -> str:
    return next(spec.doc for spec in BUILTIN_RULES if spec.id == rule_id)


def test_every_builtin_rule_maps_to_shipped_competencies() -> None:
    known = set(competencies())
    for spec in BUILTIN_RULES:
        mapped = rule_competencies(spec.id)
        assert mapped, f"{spec.id} has no competencies"
        assert set(mapped) <= known


def test_new_finding_lists_the_competencies_a_rule_may_name() -> None:
    from activity_systems.rules import new_finding

    doc = new_finding.__doc__ or ""
    named = re.findall(
        r"``([a-z-]+)``", doc.partition("competencies:")[2].partition("key_extra")[0]
    )
    assert named == sorted(competencies())
