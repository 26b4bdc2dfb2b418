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
    where = f"{spec.id}'s docstring"
    headings = ", ".join(f"**{title}**" for title in SECTIONS)
    assert list(doc.sections) == SECTIONS, f"{where}: give the sections {headings}, in order"
    assert all(doc.sections[title] for title in SECTIONS), f"{where}: a section is empty"
    assert doc.summary.endswith("."), f"{where}: end the one-line summary with a full stop"
    assert len(doc.summary) <= 100, f"{where}: keep the summary to 100 characters"
    assert doc.body, f"{where}: say precisely when it fires, its level and its severity"
    assert "Hean, Walsh & Hammick" in " ".join(doc.sections["Why it matters"].split()), (
        f"{where}: **Why it matters** cites the chapter (Hean, Walsh & Hammick, ch. 14, ...)"
    )
    assert _YAML_BLOCK.search(doc.sections["Example"]), (
        f"{where}: **Example** holds a case file in a ```yaml block, which fires the rule"
    )


@pytest.mark.parametrize("spec", BUILTIN_RULES, ids=lambda spec: spec.id)
def test_rule_example_fires_the_rule(spec: RuleSpec) -> None:
    match = _YAML_BLOCK.search(RuleDoc.parse(spec.doc).sections["Example"])
    assert match is not None
    report = check(loads(match["text"], path=f"{spec.id} example"), rules=[spec])
    assert [f.rule for f in report.findings] == [spec.id], (
        f"{spec.id}'s **Example** must give exactly one finding of the rule"
    )


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
        assert mapped, (
            f"{spec.id} has no competencies: give it a line under 'rules:' in "
            "activity_systems/data/competencies.yaml (its competency slugs, sorted, and why)"
        )
        assert set(mapped) <= known, (
            f"{spec.id} names competencies that competencies.yaml does not define: "
            f"{sorted(set(mapped) - known)}"
        )


def test_new_finding_lists_the_competencies_a_rule_may_name() -> None:
    from activity_systems.rules import new_finding

    doc = new_finding.__doc__ or ""
    named = re.findall(
        r"``([a-z-]+)``", doc.partition("competencies:")[2].partition("key_extra")[0]
    )
    assert named == sorted(competencies())


def test_the_markdown_catalogue_opens_with_what_it_holds_and_links_every_rule() -> None:
    # a reader who opens the catalogue page met seventeen headings with nothing above
    # them to say what a rule's entry holds or which rules there are
    from activity_systems.catalogue import catalogue_markdown

    entries = rule_catalogue()
    page = catalogue_markdown(entries)
    intro = page.split("\n## ", 1)[0]
    assert f"{len(entries)} rules" in intro
    for entry in entries:
        anchor = f"{entry.id} {entry.name}".lower().replace(" ", "-")
        assert f"- [{entry.id} {entry.name}](#{anchor}) ({entry.category}):" in intro
        assert f"\n## {entry.id} {entry.name}\n" in page


def test_a_catalogue_of_one_rule_has_no_list_of_rules() -> None:
    from activity_systems.catalogue import catalogue_markdown

    page = catalogue_markdown(rule_catalogue(["AS101"]))
    assert "](#" not in page.split("\n## ", 1)[0]
