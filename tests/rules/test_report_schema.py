"""The JSON Schema of the report's JSON (``activity-systems schema --report``): made from
the models the report is written from, so every report the library writes passes it,
every key it writes is in it, and a damaged report does not pass."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft7Validator

import activity_systems as a
from activity_systems import Case, Finding, Report, RuleFailedWarning, check, loads
from activity_systems.cli import main
from activity_systems.rules import new_finding
from activity_systems.rules.engine import BUILTIN_RULES, unregister
from activity_systems.rules.registry import registered_rules
from activity_systems.strategies import cases

EXAMPLES = Path(__file__).parents[2] / "examples"
HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
COURT = EXAMPLES / "court-reports.yaml"

#: A case in Hebrew, whose texts run right to left, with a declared contradiction and a
#: note in Arabic and Chinese.
RIGHT_TO_LEFT = """\
title: חוות דעת פסיכיאטריות
systems:
  - id: court
    name: בית משפט השלום
    subject: שופט
    object: {label: נאשם, values: [punishment]}
    rules:
      - {id: targets, label: מעצר מוגבל ל-21 ימים, time_limit: 3 weeks}
  - id: mhs
    name: شيرותי בריאות הנפש
    subject: 精神科医生
    object: {label: מטופל, values: [treatment]}
    tools:
      - {id: report, label: חוות דעת (ICD-10 F20), turnaround: 4-8 weeks}
exchanges:
  - {id: court-report, label: חוות דעת לבית המשפט, from: mhs, to: court,
     takes: mhs.report, needed_within: court.targets}
declared:
  - between: [court.targets, mhs.report]
    level: secondary
    note: "الموعد النهائي — 期限 “quoted” \\\\ back\\\\slash"
"""


def _validator() -> Draft7Validator:
    schema = a.report_schema()
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _errors(data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator().iter_errors(data)
    )


@pytest.fixture
def failed_report() -> Iterator[Report]:
    """A report of the court case in which a rule of the user's failed."""

    @a.rule("ORG951", name="broken", category="completeness")
    def broken(case: Case) -> Iterator[Finding]:
        """Always fails halfway."""
        yield new_finding(elements=["court"], severity="low", message="half")
        raise ValueError("the rule is broken")

    try:
        with pytest.warns(RuleFailedWarning):
            yield check(COURT, rules=[*BUILTIN_RULES, broken])
    finally:
        if "ORG951" in {spec.id for spec in registered_rules()}:
            unregister("ORG951")


def _reports() -> list[tuple[str, str]]:
    """(name, case text) of every example, every hostile input and the case above."""
    named = [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.yaml"))
    ]
    named += [
        (path.name, path.read_bytes().decode("utf-8-sig"))
        for path in sorted(HOSTILE.glob("*.yaml"))
    ]
    return [*named, ("right-to-left", RIGHT_TO_LEFT)]


@pytest.mark.parametrize(("name", "text"), _reports(), ids=[name for name, _ in _reports()])
def test_the_report_of_every_example_passes_the_schema_and_reads_back_equal(
    name: str, text: str
) -> None:
    report = check(loads(text))
    assert report.findings
    written = report.to_json()
    assert _errors(json.loads(written)) == []
    again = Report.from_json(written)
    assert again == report
    assert again.to_json() == written


def test_a_declared_contradiction_with_a_right_to_left_note_reads_back_as_written() -> None:
    report = check(loads(RIGHT_TO_LEFT))
    declared = [finding for finding in report.findings if finding.declared]
    assert [finding.note for finding in declared] == [
        "الموعد النهائي — 期限 “quoted” \\ back\\slash"
    ]
    assert "الموعد النهائي" in report.to_json()  # written as it is, not as \\u escapes
    assert Report.from_json(report.to_json()).findings == report.findings


def test_a_report_with_a_failed_rule_passes_the_schema(failed_report: Report) -> None:
    assert failed_report.rules_failed
    assert _errors(failed_report.to_data()) == []


def test_a_report_of_a_case_that_leaves_rules_out_passes_the_schema() -> None:
    text = COURT.read_text(encoding="utf-8")
    text += "leave_out:\n  - {rule: AS301, reason: agreed, by: The group}\n  - {rule: ORG9}\n"
    with pytest.warns(a.LeftOutRuleWarning):
        report = check(loads(text))
    assert [left.rule for left in report.left_out] == ["AS301", "ORG9"]
    assert _errors(report.to_data()) == []
    assert Report.from_json(report.to_json()) == report


def test_the_empty_report_passes_the_schema() -> None:
    assert _errors(Report.build("Nothing", [], rules_run=[]).to_data()) == []


@given(cases())
def test_the_report_of_any_case_passes_the_schema_and_reads_back_equal(case: Case) -> None:
    report = check(case)
    assert _errors(report.to_data()) == []
    assert Report.from_json(report.to_json()) == report


def test_the_schema_has_every_key_the_report_writes_and_requires_each() -> None:
    """Made from the models, the schema cannot drift from the JSON: a key added to the
    report or a finding is in the schema, and required, since none is ever missing."""
    schema = a.report_schema()
    data = check(COURT).to_data()
    # selection is written only by a report that lists some of the findings (below)
    assert list(schema["properties"]) == [*data, "selection"]
    assert schema["required"] == list(data)
    definitions = schema["definitions"]
    for name, written in (
        ("Finding", data["findings"][0]),
        ("RuleFailure", {"rule": "ORG1", "error": "E: e"}),
        ("LeftOutRule", {"rule": "AS301", "name": "value-tension", "reason": "r", "by": "b"}),
    ):
        assert list(definitions[name]["properties"]) == list(written), name
        assert definitions[name]["required"] == list(written), name
    counts = schema["properties"]["counts"]
    for group in ("by_level", "by_severity"):
        assert counts["properties"][group]["required"] == list(data["counts"][group])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda d: d.update(format="activity-systems/comparison"),
            "format: 'activity-systems/report' was expected",
        ),
        (lambda d: d.update(version=2), "version: 1 was expected"),
        (
            lambda d: d["findings"][0].update(severity="urgent"),
            "findings/0/severity: 'urgent' is not one of ['high', 'medium', 'low']",
        ),
        (lambda d: d["findings"][0].pop("note"), "findings/0: 'note' is a required property"),
        (
            lambda d: d["findings"][0].update(level=""),
            "findings/0/level: '' is not one of "
            "['primary', 'secondary', 'tertiary', 'quaternary', None]",
        ),
        (
            lambda d: d["findings"][0].update(elements="court.targets"),
            "findings/0/elements: 'court.targets' is not of type 'array'",
        ),
        (
            lambda d: d["counts"]["by_severity"].update(high=-1),
            "counts/by_severity/high: -1 is less than the minimum of 0",
        ),
        (
            lambda d: d["counts"]["by_level"].pop("none"),
            "counts/by_level: 'none' is a required property",
        ),
        (
            lambda d: d.update(rules_failed=[{"rule": "ORG1"}]),
            "rules_failed/0: 'error' is a required property",
        ),
        (lambda d: d.pop("left_out"), ": 'left_out' is a required property"),
        (
            lambda d: d.update(left_out=[{"rule": "AS301", "name": None, "reason": None}]),
            "left_out/0: 'by' is a required property",
        ),
    ],
)
def test_a_damaged_report_does_not_pass(change: Any, error: str) -> None:
    data = check(COURT).to_data()
    change(data)
    assert _errors(data) == [error]


def test_a_filtered_report_passes_and_its_selection_is_described() -> None:
    """``selection``, written last by a report of some of the findings, is in the
    schema with every key of it required; a report of every finding has none."""
    data = check(COURT).only(severity="high").to_data()
    assert list(data)[-1] == "selection"
    assert _errors(data) == []
    selection = a.report_schema()["properties"]["selection"]
    assert selection["required"] == list(data["selection"])
    assert list(selection["properties"]) == list(data["selection"])
    changes: tuple[tuple[Callable[[dict[str, Any]], object], str], ...] = (
        (lambda d: d["selection"].pop("total"), "selection: 'total' is a required property"),
        (
            lambda d: d["selection"].update(levels=["primery"]),
            "selection/levels/0: 'primery' is not one of "
            "['primary', 'secondary', 'tertiary', 'quaternary', 'none']",
        ),
        (lambda d: d.update(selection=None), "selection: None is not of type 'object'"),
    )
    for change, error in changes:
        damaged = json.loads(json.dumps(data))
        change(damaged)
        assert _errors(damaged) == [error]


def test_keys_a_later_version_adds_beside_the_others_pass() -> None:
    """As Report.from_json passes over keys it does not know, so does the schema: a key
    added beside the others does not raise ``version``."""
    data = check(COURT).to_data()
    data["added_later"] = 1
    data["findings"][0]["added_later"] = True
    assert _errors(data) == []


def test_schema_report_prints_the_report_s_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--report"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == a.report_schema()
    assert captured.err == ""
    out = tmp_path / "report.schema.json"
    assert main(["schema", "--report", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == a.report_schema()
    assert a.report_schema() != a.case_schema()


def test_schema_report_takes_no_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--report", "--for", "json"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_schema_is_the_same_bytes_every_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--report"]) == 0
    first = capsys.readouterr().out
    assert main(["schema", "--report"]) == 0
    assert capsys.readouterr().out == first


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


def test_the_descriptions_are_plain_text_without_the_docstrings_markup() -> None:
    """An editor shows a description where the pointer rests on a key, and a validator
    may print it: ``:attr:`Report.rules_failed``` is the API docs' markup, not text."""
    descriptions = list(_descriptions(a.report_schema()))
    assert descriptions
    assert [d for d in descriptions if ":attr:" in d or ":class:" in d or ":meth:" in d] == []
    failure = a.report_schema()["definitions"]["RuleFailure"]["description"]
    assert failure.startswith("A rule that failed, as Report.rules_failed lists it")


def test_the_descriptions_write_code_as_the_json_does() -> None:
    """No docstring's double backquotes around a name, and null, not Python's None, as
    the comparison's schema writes them: ``leave_out`` reads as leave_out."""
    descriptions = list(_descriptions(a.report_schema()))
    assert [d for d in descriptions if "``" in d or "None" in d] == []
    left_out = a.report_schema()["definitions"]["LeftOutRule"]["description"]
    assert "(an entry of its leave_out)" in left_out
    assert "its name (null for an id" in left_out


def test_schema_report_given_a_report_says_it_checks_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``schema --report court-report.json`` reads as checking the report: it is told
    that the command checks none, rather than only to write the schema with ``-o FILE``,
    which, given that report's name with --force, would replace the report."""
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "court-report.json"
    report.write_text(check(COURT).to_json(), encoding="utf-8")
    before = report.read_bytes()
    assert main(["schema", "--report", "court-report.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "activity-systems: schema --report takes no file name (court-report.json): it "
        "prints the schema and checks no report; write the schema to a file of its own "
        "with -o FILE, such as report.schema.json, and check a report against it with a "
        "JSON Schema validator\n"
    )
    assert report.read_bytes() == before
