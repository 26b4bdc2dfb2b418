"""The JSON Schema of the comparison's JSON (``activity-systems schema --comparison``):
made from the models the comparison is written from, so every comparison the library
writes passes it, every key it writes is in it, and a damaged comparison does not pass."""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from pydantic import BaseModel

import activity_systems as a
from activity_systems import Case, Finding, RuleFailedWarning, compare, load, loads
from activity_systems.cli import main
from activity_systems.follow_up import Comparison, UnrelatedVersionsWarning
from activity_systems.follow_up.schema import _placed
from activity_systems.rules import new_finding
from activity_systems.rules.engine import BUILTIN_RULES, unregister
from activity_systems.rules.registry import registered_rules
from activity_systems.strategies import cases

EXAMPLES = Path(__file__).parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
COURT = EXAMPLES / "court-reports.yaml"

#: Two versions of a case in Welsh, Arabic and Hebrew: right-to-left names, a renamed
#: element, an action whose rule id is misspelt, a declared contradiction with a note.
WELSH_ARABIC = """\
title: Adroddiadau seiciatrig i'r llys ynadon — تقارير نفسية
systems:
  - id: court
    name: Llys ynadon — محكمة الصلح
    subject: Ynad
    object: {label: Diffynnydd — المتهم, values: [punishment]}
    rules:
      - {id: targets, label: Terfyn amser o 21 diwrnod, time_limit: 3 weeks}
  - id: mhs
    name: Gwasanaeth iechyd meddwl — خدمات الصحة النفسية
    subject: Seiciatrydd ymgynghorol
    object: {label: Claf — מטופל, values: [treatment]}
    tools:
      - {id: report, label: Adroddiad ŵyr ŷd, turnaround: 4-8 weeks}
exchanges:
  - {id: court-report, label: Adroddiad i'r llys, from: mhs, to: court,
     takes: mhs.report, needed_within: court.targets}
declared:
  - between: [court.targets, mhs.report]
    level: secondary
    note: "الموعد النهائي — terfyn “quoted” \\\\ back\\\\slash"
actions:
  - finding: {rule: AS101, elements: [court.targets, mhs.report, court-report]}
    strategy: Cytuno ar amserlen — الاتفاق على جدول زمني
    status: planned
  - finding: {rule: AS1O1, elements: [court.targets, mhs.report, court-report]}
    strategy: Gwirio'r dyddiadau
    status: planned
"""


def _validator() -> Draft7Validator:
    schema = a.comparison_schema()
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _errors(data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator().iter_errors(data)
    )


def _compared(before: Any, after: Any, **options: Any) -> Comparison:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnrelatedVersionsWarning)
        return compare(before, after, **options)


def _welsh_later() -> str:
    return (
        WELSH_ARABIC.replace("4-8 weeks", "2 weeks")
        .replace("id: report", "id: written-report")
        .replace("mhs.report", "mhs.written-report")
        .replace("status: planned", "status: done", 1)
        + "integration:\n  - {between: [court, mhs], current: linkage, desired: cooperation}\n"
    )


def _left_out(text: str, entries: str) -> str:
    return text + f"leave_out:\n{entries}"


def _pairs() -> list[tuple[str, Any, Any]]:
    """(name, earlier, later) of every pair of the examples, in both orders and each with
    itself, of the Welsh and Arabic case and of versions that leave rules out."""
    examples = sorted(EXAMPLES.glob("*.yaml"))
    pairs: list[tuple[str, Any, Any]] = [
        (f"{one.stem}->{other.stem}", one, other)
        for one, other in itertools.product(examples, repeat=2)
    ]
    later = _welsh_later()
    pairs += [
        ("welsh-arabic", loads(WELSH_ARABIC), loads(later)),
        ("welsh-arabic-backwards", loads(later), loads(WELSH_ARABIC)),
    ]
    court = COURT.read_text(encoding="utf-8")
    liaison = AFTER.read_text(encoding="utf-8")
    pairs += [
        (
            "leave-out-by-the-later",
            BEFORE,
            loads(_left_out(liaison, "  - {rule: AS301, reason: agreed, by: The group}\n")),
        ),
        (
            "leave-out-by-both-and-unknown",
            loads(_left_out(court, "  - {rule: AS101}\n  - {rule: ORG9}\n")),
            loads(_left_out(court, "  - {rule: AS101, reason: Cytunwyd — متفق}\n")),
        ),
        ("renamed", loads(court), loads(court.replace("treatment-first", "treatment-priority"))),
    ]
    return pairs


PAIRS = _pairs()


@pytest.mark.parametrize(("name", "before", "after"), PAIRS, ids=[name for name, *_ in PAIRS])
def test_the_comparison_of_every_pair_of_versions_passes_the_schema(
    name: str, before: Any, after: Any
) -> None:
    comparison = _compared(before, after)
    assert _errors(json.loads(comparison.to_json())) == []


def test_the_pairs_hold_what_the_schema_describes() -> None:
    """The pairs above are worth checking: between them they hold every list of the
    comparison, actions of several fates, rules left out and right-to-left text."""
    written = [_compared(before, after).to_data() for _, before, after in PAIRS]
    for path in (
        ("findings", "resolved"),
        ("findings", "persisting"),
        ("findings", "new"),
        ("changes", "systems"),
        ("changes", "elements"),
        ("changes", "exchanges"),
        ("integration",),
        ("actions",),
        ("left_out",),
    ):
        lists = [data[path[0]] if len(path) == 1 else data[path[0]][path[1]] for data in written]
        assert any(lists), path
    fates = {action["fate"] for data in written for action in data["actions"]}
    assert {"resolved", "persisting", "unchecked", "obsolete"} <= fates
    assert any("محكمة" in json.dumps(data, ensure_ascii=False) for data in written)


@pytest.fixture
def broken() -> Iterator[Any]:
    """A rule of the user's that fails halfway on every case."""

    @a.rule("ORG951", name="broken", category="completeness")
    def broken(case: Case) -> Iterator[Finding]:
        """Always fails halfway."""
        yield new_finding(elements=[case.systems[0].id], severity="low", message="half")
        raise ValueError("the rule is broken")

    try:
        yield broken
    finally:
        if "ORG951" in {spec.id for spec in registered_rules()}:
            unregister("ORG951")


def test_a_comparison_with_a_failed_rule_passes_the_schema(broken: Any) -> None:
    with pytest.warns(RuleFailedWarning):
        comparison = compare(BEFORE, AFTER, rules=[*BUILTIN_RULES, broken])
    data = comparison.to_data()
    assert [(f["rule"], f["version"]) for f in data["rules_failed"]] == [
        ("ORG951", "after"),
        ("ORG951", "before"),
    ]
    assert _errors(data) == []


def test_a_comparison_made_without_cases_passes_the_schema() -> None:
    assert _errors(Comparison(before="2026", after="2027").to_data()) == []


@settings(max_examples=40, deadline=None)
@given(st.tuples(cases(), cases()))
def test_the_comparison_of_any_two_versions_passes_the_schema(versions: tuple[Case, Case]) -> None:
    assert _errors(_compared(*versions).to_data()) == []


def test_the_schema_has_every_key_the_comparison_writes_and_requires_each() -> None:
    """Made from the models, the schema cannot drift from the JSON: every key written, of
    the comparison and of each of its parts, is in the schema, and required, since none
    is ever missing; but for an element change's ``in_place_of``, written only where it
    applies so that the JSON of every other comparison stays as it was."""
    schema = a.comparison_schema()
    data = _compared(BEFORE, AFTER).to_data()
    assert list(schema["properties"]) == list(data)
    assert schema["required"] == list(data)
    properties = schema["properties"]
    for group in ("counts", "findings", "changes", "cases"):
        assert properties[group]["required"] == list(data[group]), group
    for group in ("findings", "actions"):
        assert properties["counts"]["properties"][group]["required"] == list(data["counts"][group])
    unrelated = _compared(COURT, EXAMPLES / "segregation-unit.yaml").to_data()
    written = {
        "Finding": data["findings"]["resolved"][0],
        "PersistingFinding": data["findings"]["persisting"][0],
        "IntegrationMove": data["integration"][0],
        "IntegrationLevels": data["integration"][0]["after"],
        "ItemChange": unrelated["changes"]["systems"][0],
        "ElementChange": data["changes"]["elements"][0],
        "FieldDifference": data["changes"]["elements"][0]["differences"][0],
        "ActionProgress": data["actions"][0],
        "FailedRule": {"rule": "ORG1", "version": "before", "error": "E: e"},
        "LeftOutOfComparison": {
            "rule": "AS301",
            "name": "value-tension",
            "versions": ["after"],
            "reason": None,
            "by": None,
        },
    }
    definitions = schema["definitions"]
    assert set(definitions) == {*written, "IntegrationLevel"}
    # the one key written only where it applies: an element added in place of one removed
    optional = {"ElementChange": ["in_place_of"]}
    for name, keys in written.items():
        assert list(definitions[name]["properties"]) == [*keys, *optional.get(name, [])], name
        assert definitions[name]["required"] == list(keys), name


def test_a_finding_is_the_report_s_finding() -> None:
    assert (
        a.comparison_schema()["definitions"]["Finding"]
        == a.report_schema()["definitions"]["Finding"]
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda d: d.update(format="activity-systems/report"),
            "format: 'activity-systems/comparison' was expected",
        ),
        (lambda d: d.update(version=2), "version: 1 was expected"),
        (lambda d: d.pop("cases"), ": 'cases' is a required property"),
        (
            lambda d: d["findings"]["new"][0].update(severity="urgent"),
            "findings/new/0/severity: 'urgent' is not one of ['high', 'medium', 'low']",
        ),
        (
            lambda d: d["findings"]["persisting"][0].pop("previous_key"),
            "findings/persisting/0: 'previous_key' is a required property",
        ),
        (
            lambda d: d["integration"][0].update(direction="sideways"),
            "integration/0/direction: 'sideways' is not one of "
            "['towards', 'away', 'across', 'unchanged', 'new', 'removed']",
        ),
        (
            lambda d: d["integration"][0]["after"].update(current="merger"),
            "integration/0/after/current: 'merger' is not one of ['full-segregation', "
            "'linkage', 'coordination', 'cooperation', 'full-integration']",
        ),
        (
            lambda d: d["changes"]["elements"][0].update(node="tool"),
            "changes/elements/0/node: 'tool' is not one of ['subject', 'object', 'outcome', "
            "'tools', 'rules', 'community', 'division_of_labour']",
        ),
        (
            lambda d: d["actions"][0].update(review="1 December 2026"),
            "actions/0/review: '1 December 2026' is not a 'date'",
        ),
        (
            lambda d: d["actions"][4]["previous"].update(review="1 March 2027"),
            "actions/4/previous/review: '1 March 2027' is not a 'date'",
        ),
        (
            lambda d: d["actions"][4]["previous"].update(owner=["Court staff"]),
            "actions/4/previous/owner: ['Court staff'] is not of type 'string', 'null'",
        ),
        (
            lambda d: d["actions"][0].update(fate=None),
            "actions/0/fate: None is not of type 'string'",
        ),
        (
            lambda d: d["counts"]["actions"].update(resolved=-1),
            "counts/actions/resolved: -1 is less than the minimum of 0",
        ),
        (
            lambda d: d.update(rules_failed=[{"rule": "ORG1", "version": "now", "error": "e"}]),
            "rules_failed/0/version: 'now' is not one of ['before', 'after']",
        ),
    ],
)
def test_a_damaged_comparison_does_not_pass(change: Any, error: str) -> None:
    data = _compared(BEFORE, AFTER).to_data()
    change(data)
    assert _errors(data) == [error]


def test_keys_fates_and_reasons_a_later_version_adds_pass() -> None:
    """As the comparison's contract promises, a key added beside the others, a new fate
    with its count, or a new reason an action is unchecked does not raise ``version``,
    so the schema lets them pass."""
    data = _compared(BEFORE, AFTER).to_data()
    data["added_later"] = 1
    data["findings"]["new"][0]["added_later"] = True
    data["actions"][0].update(fate="superseded", unchecked_because="archived")
    data["counts"]["actions"]["superseded"] = 1
    assert _errors(data) == []


def test_schema_comparison_prints_the_comparison_s_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--comparison"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == a.comparison_schema()
    assert captured.err == ""
    out = tmp_path / "comparison.schema.json"
    assert main(["schema", "--comparison", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == a.comparison_schema()
    assert main(["schema", "--comparison", "-o", str(out), "--force"]) == 0
    assert a.comparison_schema() not in (a.report_schema(), a.case_schema())
    assert main(["schema", "--comparison"]) == 0
    assert capsys.readouterr().out == captured.out  # the same bytes every time


def test_what_compare_prints_passes_the_schema_it_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "--comparison"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert main(["compare", str(BEFORE), str(AFTER), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(Draft7Validator(schema).iter_errors(printed)) == []
    assert schema["$id"] == "https://activity-systems.invalid/comparison.schema.json"


@pytest.mark.parametrize("other", ["--report", "--for"])
def test_schema_comparison_takes_no_other_schema(
    other: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--comparison", other, *(["json"] if other == "--for" else [])]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_schema_comparison_given_a_comparison_says_it_checks_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written = tmp_path / "comparison.json"
    written.write_text(compare(load(BEFORE), load(AFTER)).to_json(), encoding="utf-8")
    before = written.read_bytes()
    assert main(["schema", "--comparison", "comparison.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "activity-systems: schema --comparison takes no file name (comparison.json): it "
        "prints the schema and checks no comparison; write the schema to a file of its own "
        "with -o FILE, such as comparison.schema.json, and check a comparison against it "
        "with a JSON Schema validator\n"
    )
    assert written.read_bytes() == before


def _descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _descriptions(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)


def test_the_descriptions_are_plain_text() -> None:
    """No docstring markup, no doctest, and no Python ``None`` where the JSON has null."""
    descriptions = list(_descriptions(a.comparison_schema()))
    assert len(descriptions) > 40
    assert [d for d in descriptions if ":attr:" in d or ":class:" in d or ":func:" in d] == []
    assert [d for d in descriptions if ">>>" in d or "None" in d or "``" in d] == []


def test_the_descriptions_name_the_keys_the_json_writes() -> None:
    """A field that the JSON writes under another name is named as the JSON names it:
    a dashboard's author reads cases.before, not the Python attribute before_case."""
    renamed = ("before_case", "after_case", "finding_key", "system_names")
    descriptions = list(_descriptions(a.comparison_schema()))
    assert [d for d in descriptions if any(name in d for name in renamed)] == []
    cases = a.comparison_schema()["properties"]["cases"]["properties"]
    assert "as for before" in cases["after"]["description"]


def test_a_field_the_schema_does_not_place_stops_it() -> None:
    """A field added to a part of the comparison, and written by its to_dict, must be
    placed in the schema: the schema is not printed until it is."""

    class Part(BaseModel):
        kept: int
        added: int

    _placed(Part, {"kept": {}, "written_as": {}}, {"added": "written_as"})
    with pytest.raises(AssertionError, match="places no added of Part"):
        _placed(Part, {"kept": {}}, {})
