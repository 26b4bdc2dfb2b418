"""A case file's ``leave_out``: rules a group judged irrelevant to its case, left out of
every run on it without a command-line option, with who decided and why."""

from __future__ import annotations

import html
import json
import warnings
from pathlib import Path
from typing import Literal

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.errors import CaseFileError
from activity_systems.handouts import render_handout
from activity_systems.rules.left_out import left_out_rules

COURT = Path("examples/court-reports.yaml").read_text(encoding="utf-8")
LEAVE_OUT = """
leave_out:
  - rule: AS301
    reason: The group sees the values as agreed for this workshop
    by: Workshop group, 4 November 2026
"""


def _case(tmp_path: Path, extra: str = LEAVE_OUT, name: str = "court.yaml") -> Path:
    path = tmp_path / name
    path.write_text(COURT + extra, encoding="utf-8")
    return path


def test_a_rule_left_out_by_the_case_is_not_run(tmp_path: Path) -> None:
    report = a.check(_case(tmp_path))
    assert "AS301" not in report.rules_run
    assert not [finding for finding in report.findings if finding.rule == "AS301"]
    assert [f.rule for f in report.findings if f.rule == "AS101"] == ["AS101"]


def test_the_case_keeps_who_left_a_rule_out_and_why(tmp_path: Path) -> None:
    case = a.load(_case(tmp_path))
    (left,) = case.leave_out
    assert (left.rule, left.by) == ("AS301", "Workshop group, 4 November 2026")
    assert left.reason == "The group sees the values as agreed for this workshop"
    assert a.loads(case.to_yaml()) == case


def test_a_rule_named_explicitly_is_still_left_out(tmp_path: Path) -> None:
    with pytest.warns(a.LeftOutRuleWarning, match=r"AS301 is left out by the case file"):
        report = a.check(_case(tmp_path), rules=["AS101", "AS301"])
    assert report.rules_run == ("AS101",)


def test_a_rule_id_given_twice_is_refused_at_its_place(tmp_path: Path) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: AS301}\n  - {rule: as301}\n")
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    lines = COURT.count("\n") + 3
    assert str(raised.value).startswith(f"{path}:{lines + 1}:")
    assert "AS301 is left out twice" in str(raised.value)


def test_a_leave_out_that_is_not_a_rule_id_is_refused(tmp_path: Path) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: value tension}\n")
    with pytest.raises(CaseFileError, match="not a rule id such as AS101"):
        a.load(path)


def test_the_text_report_says_which_rules_the_case_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(_case(tmp_path)), "--fail-on", "never"])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        "Left out for this case: AS301 value-tension (The group sees the values as agreed "
        "for this workshop; Workshop group, 4 November 2026)"
    ) in " ".join(out.split())
    assert "HIGH AS301" not in out


def test_the_json_report_lists_only_the_rules_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(_case(tmp_path)), "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    assert "AS301" not in data["rules_run"]


def test_the_json_report_names_the_rules_the_case_leaves_out_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dashboard tells a rule the case leaves out from one that was not selected."""
    main(["check", str(_case(tmp_path)), "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    assert data["left_out"] == [
        {
            "rule": "AS301",
            "name": "value-tension",
            "reason": "The group sees the values as agreed for this workshop",
            "by": "Workshop group, 4 November 2026",
        }
    ]
    assert list(data)[-2:] == ["rules_failed", "left_out"]


def test_the_json_report_of_a_case_that_leaves_nothing_out_has_an_empty_list(
    tmp_path: Path,
) -> None:
    data = a.check(_case(tmp_path, "")).to_data()
    assert data["left_out"] == []


def test_a_left_out_id_that_no_rule_has_is_in_the_report_without_a_name(
    tmp_path: Path,
) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: as3o1, by: The group}\n")
    with pytest.warns(a.LeftOutRuleWarning):
        report = a.check(path)
    assert [left.model_dump() for left in report.left_out] == [
        {"rule": "AS3O1", "name": None, "reason": None, "by": "The group"}
    ]
    assert "AS301" in report.rules_run


def test_the_report_s_left_out_is_what_left_out_rules_gives(tmp_path: Path) -> None:
    case = a.load(_case(tmp_path))
    assert a.check(case).left_out == left_out_rules(case)


def test_a_report_read_back_from_json_keeps_what_the_case_left_out(tmp_path: Path) -> None:
    """Read back, a report prints the decision as the report it was written from did,
    and is equal to it; left out is part of the report's data."""
    report = a.check(_case(tmp_path))
    again = a.Report.from_json(report.to_json())
    assert again == report
    assert hash(again) == hash(report)
    assert again.to_json() == report.to_json()
    assert again.left_out == report.left_out
    for shown in (again.to_text(), again.to_markdown()):
        assert "Left out for this case: AS301 value-tension" in " ".join(shown.split())
    assert again.to_text() == report.to_text()
    assert again != report.model_copy(update={"left_out": ()})


def test_a_report_written_before_left_out_existed_reads_back_with_none(
    tmp_path: Path,
) -> None:
    data = a.check(_case(tmp_path, "")).to_data()
    del data["left_out"]
    assert a.Report.from_data(data).left_out == ()


def test_fail_on_counts_no_finding_of_a_left_out_rule(tmp_path: Path) -> None:
    only_values = "\nleave_out:\n" + "".join(
        f"  - {{rule: {rule}}}\n" for rule in ("AS101", "AS202", "AS301")
    )
    path = _case(tmp_path, only_values)
    assert main(["check", str(path), "--fail-on", "high", "-o", str(tmp_path / "r.txt")]) == 0


def test_compare_leaves_out_what_either_version_leaves_out(tmp_path: Path) -> None:
    before = _case(tmp_path, "", "before.yaml")
    after = _case(tmp_path, LEAVE_OUT, "after.yaml")
    for comparison in (a.compare(before, after), a.compare(after, before)):
        assert not [f for f in comparison.resolved if f.rule == "AS301"]
        assert not [f for f in comparison.new if f.rule == "AS301"]
        assert not [p for p in comparison.persisting if p.finding.rule == "AS301"]
        assert [p.finding.rule for p in comparison.persisting if p.finding.rule == "AS101"] == [
            "AS101"
        ]


def test_the_handout_says_which_rules_were_left_out_and_why(tmp_path: Path) -> None:
    case = a.load(_case(tmp_path))
    formats: tuple[tuple[Literal["md", "html"], str], ...] = (
        ("md", "### Rules left out for this case"),
        ("html", "<h3"),
    )
    for format, heading in formats:
        text = render_handout(case, format=format).text
        section = text[text.index("3. Contradictions to discuss") :]
        section = section[: section.index("4. Scale of Organisational Integration")]
        assert heading in section
        assert "Rules left out for this case" in section
        said = " ".join(section.split())
        assert "AS301 value-tension" in said
        assert "The group sees the values as agreed for this workshop" in said
        assert "Workshop group, 4 November 2026" in said
        # before the findings, so that nobody reads the findings as all there is
        assert said.index("AS301 value-tension") < said.index("Primary contradictions")


def test_the_html_handout_names_the_note_for_screen_readers(tmp_path: Path) -> None:
    text = render_handout(a.load(_case(tmp_path)), format="html").text
    assert '<section class="left-out" aria-labelledby="left-out">' in text
    assert '<h3 id="left-out">Rules left out for this case</h3>' in text


def test_a_handout_of_a_case_that_leaves_nothing_out_has_no_note(tmp_path: Path) -> None:
    for format in ("md", "html"):
        text = render_handout(a.load(_case(tmp_path, "")), format=format).text
        assert "left out for this case" not in text.lower()


def test_the_note_heading_is_taken_from_sections_or_left_english(tmp_path: Path) -> None:
    """A ``_sections.j2`` of one's own written before the note existed still works."""
    folder = tmp_path / "templates"
    folder.mkdir()
    shipped = (
        '{% import "shipped/_sections.j2" as shipped %}\n'
        "{% set lang = shipped.lang %}{% set kicker = shipped.kicker %}\n"
        "{% set using = shipped.using %}{% set order = shipped.order %}\n"
    )
    case = a.load(_case(tmp_path))
    (folder / "_sections.j2").write_text(
        shipped + '{% set headings = {"systems": "S", "interaction": "I", '
        '"contradictions": "C", "worksheet": "W", "competencies": "K", "actions": "A", '
        '"progress": "P"} %}\n',
        encoding="utf-8",
    )
    assert (
        "### Rules left out for this case"
        in render_handout(case, format="md", template_dir=folder).text
    )
    (folder / "_sections.j2").write_text(
        shipped
        + '{% set headings = dict(shipped.headings, left_out="Rheolau a adawyd allan") %}\n',
        encoding="utf-8",
    )
    assert (
        "### Rheolau a adawyd allan" in render_handout(case, format="md", template_dir=folder).text
    )


def test_a_rule_named_but_left_out_by_the_case_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _case(tmp_path)
    status = main(["check", str(path), "--rules", "AS101,AS301", "--fail-on", "never"])
    err = " ".join(capsys.readouterr().err.split())
    assert status == 0
    assert f"warning: {path}:" in err
    assert ": AS301 is left out by the case file (leave_out[0])" in err
    assert "take it out of leave_out to run it" in err


def test_no_warning_for_a_left_out_rule_not_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(_case(tmp_path)), "--fail-on", "never"])
    assert "warning" not in capsys.readouterr().err


def test_rules_of_one_s_own_beside_the_built_in_ones_ask_for_no_left_out_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --rules-from runs the built-in rules and one's own: nobody named AS301, so no
    # warning says it was asked for; naming it with --rules still does (above).
    own = tmp_path / "own_rules.py"
    own.write_text(
        "from activity_systems.rules import rule\n"
        "@rule('ORG101', name='nothing', category='contradiction')\n"
        "def nothing(case):\n"
        "    return iter(())\n",
        encoding="utf-8",
    )
    path = _case(tmp_path, LEAVE_OUT + "  - {rule: ORG101, reason: not for this case}\n")
    main(["check", str(path), "--rules-from", str(own), "--fail-on", "never"])
    assert "warning" not in capsys.readouterr().err
    with warnings.catch_warnings():
        warnings.simplefilter("error", a.LeftOutRuleWarning)
        report = a.check(_case(tmp_path, name="court-alone.yaml"), rules=a.BUILTIN_RULES)
    assert "AS301" not in report.rules_run


def test_a_left_out_id_that_no_rule_has_is_said_with_the_rule_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _case(tmp_path, "\nleave_out:\n  - {rule: AS3O1, reason: agreed}\n")
    main(["check", str(path), "--fail-on", "never"])
    err = " ".join(capsys.readouterr().err.split())
    assert (
        "leave_out[0] names AS3O1, which no rule has, so it leaves nothing out; did you mean AS301?"
        in err
    )
    with pytest.warns(a.LeftOutRuleWarning, match="AS3O1"):
        a.check(path)


def test_a_left_out_id_that_no_rule_has_is_said_at_its_place_in_each_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder of cases, two of which leave out an id that no rule has (a rule of a pack
    # the command was not given, say): each warning names its case file and the line of
    # the entry, as an action's does, rather than one line for both that names neither.
    folder = tmp_path / "cases"
    folder.mkdir()
    extra = "\nleave_out:\n  - {rule: AS3O1, reason: agreed}\n"
    first = _case(folder, extra, name="first.yaml")
    second = _case(folder, extra, name="second.yaml")
    line = len(COURT.splitlines()) + 3
    main(["check", str(folder), "--fail-on", "never"])
    err = capsys.readouterr().err
    for path in (first, second):
        assert f"warning: {path}:{line}:12: leave_out[0] names AS3O1, which no rule has" in err
    with pytest.warns(a.LeftOutRuleWarning, match=f"^{first}:{line}:12: leave_out"):
        a.check(first)
    with pytest.warns(a.LeftOutRuleWarning, match="^leave_out\\[0\\] names AS3O1"):
        a.check(a.load(first))


def test_a_rule_asked_for_and_left_out_is_said_at_its_place_in_each_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check --rules AS301 of a folder whose cases leave AS301 out: each case's warning
    # names its file and the line of the entry, rather than one line for all of them.
    folder = tmp_path / "cases"
    folder.mkdir()
    extra = "\nleave_out:\n  - {rule: AS301, reason: agreed}\n"
    first = _case(folder, extra, name="first.yaml")
    second = _case(folder, extra, name="second.yaml")
    line = len(COURT.splitlines()) + 3
    main(["check", str(folder), "--rules", "AS301", "--fail-on", "never"])
    err = capsys.readouterr().err
    for path in (first, second):
        assert f"warning: {path}:{line}:12: AS301 is left out by the case file" in err, err
    with pytest.warns(a.LeftOutRuleWarning, match=f"^{first}:{line}:12: AS301 is left out"):
        a.check(first, rules=["AS301"])
    with pytest.warns(a.LeftOutRuleWarning, match="^AS301 is left out by the case file"):
        a.check(a.load(first), rules=["AS301"])


# -- the comparison and the progress section --------------------------------------------

LIAISON = Path("examples/liaison-and-diversion.yaml")
LIAISON_2027 = Path("examples/liaison-and-diversion-2027.yaml").read_text(encoding="utf-8")
LEFT_OUT_LATER = "Not checked (the later version's case file leaves the rule out)"


def _later(tmp_path: Path, extra: str = LEAVE_OUT) -> Path:
    """The 2027 version of the liaison case, whose three AS301 actions ``extra`` leaves out."""
    path = tmp_path / "later.yaml"
    path.write_text(LIAISON_2027 + extra, encoding="utf-8")
    return path


def test_an_action_on_a_rule_the_case_leaves_out_is_said_to_be_left_out_by_the_case(
    tmp_path: Path,
) -> None:
    comparison = a.compare(LIAISON, _later(tmp_path))
    unchecked = [x for x in comparison.actions if x.rule == "AS301"]
    assert [x.unchecked_because for x in unchecked] == ["left-out"] * 3
    assert {x.why_unchecked for x in unchecked} == {"its rule is left out by the case file"}
    for out in (comparison.to_text(), comparison.to_markdown(), comparison.to_json()):
        assert "left out of this run" not in out
    # the later version alone leaves it out, and the outputs say so (the JSON does not)
    assert f"  {LEFT_OUT_LATER}\n" in comparison.to_text()
    said = "not checked: its rule is left out by the later version's case file"
    assert said in comparison.to_markdown()
    data = json.loads(comparison.to_json())
    assert [x["unchecked_because"] for x in data["actions"] if x["rule"] == "AS301"] == [
        "left-out"
    ] * 3


def test_an_action_on_a_rule_the_earlier_version_left_out_is_left_out_by_the_case_too(
    tmp_path: Path,
) -> None:
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(LIAISON.read_text(encoding="utf-8") + LEAVE_OUT, encoding="utf-8")
    later = tmp_path / "later.yaml"
    later.write_text(LIAISON_2027, encoding="utf-8")
    comparison = a.compare(earlier, later)
    assert {x.unchecked_because for x in comparison.actions if x.rule == "AS301"} == {"left-out"}


def test_an_action_on_a_rule_left_out_by_rules_is_still_left_out_of_the_run(
    tmp_path: Path,
) -> None:
    comparison = a.compare(LIAISON, _later(tmp_path, ""), rules=["AS101"])
    assert {x.unchecked_because for x in comparison.actions if x.rule == "AS301"} == {"not-run"}
    assert "Not checked (the rule was left out of this run)" in comparison.to_text()


def test_the_handout_says_the_case_file_leaves_the_rule_out(tmp_path: Path) -> None:
    later = a.load(_later(tmp_path))
    for previous in (None, a.load(LIAISON)):
        for format in ("md", "html"):
            text = render_handout(later, format=format, previous=previous).text
            assert "left out of this run" not in text
            assert "not checked: its rule is left out by the case file" in text


def test_the_comparison_json_lists_the_rules_either_version_leaves_out(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(
        LIAISON.read_text(encoding="utf-8")
        + "\nleave_out:\n  - {rule: AS602, by: The steering group}\n  - {rule: AS301}\n",
        encoding="utf-8",
    )
    data = json.loads(a.compare(earlier, _later(tmp_path)).to_json())
    assert list(data)[-3:] == ["rules_failed", "left_out", "cases"]
    assert data["left_out"] == [
        {
            "rule": "AS301",
            "name": "value-tension",
            "versions": ["before", "after"],
            "reason": "The group sees the values as agreed for this workshop",
            "by": "Workshop group, 4 November 2026",
        },
        {
            "rule": "AS602",
            "name": "unknown-element",
            "versions": ["before"],
            "reason": None,
            "by": "The steering group",
        },
    ]
    assert json.loads(a.compare(LIAISON, LIAISON).to_json())["left_out"] == []


def test_the_comparison_text_says_in_one_line_which_rules_are_left_out(tmp_path: Path) -> None:
    comparison = a.compare(LIAISON, _later(tmp_path))
    said = (
        "Left out for this case: AS301 value-tension (by the later version: The group sees "
        "the values as agreed for this workshop; Workshop group, 4 November 2026)."
    )
    assert said in " ".join(comparison.to_text().split())
    assert said in " ".join(comparison.to_markdown().split())
    assert "Left out for this case" not in a.compare(LIAISON, LIAISON).to_text()


# -- the notebook views, and which version leaves a rule out ----------------------------


def test_a_report_s_notebook_html_says_which_rules_the_case_leaves_out(tmp_path: Path) -> None:
    page = a.check(_case(tmp_path))._repr_html_()
    said = (
        "Left out for this case: AS301 value-tension (The group sees the values as agreed "
        "for this workshop; Workshop group, 4 November 2026)."
    )
    assert f"<p>{said}</p>" in page
    assert "Left out for this case" not in a.check(_case(tmp_path, ""))._repr_html_()


def test_a_report_s_notebook_html_escapes_and_isolates_what_the_case_file_says(
    tmp_path: Path,
) -> None:
    hebrew = "הקבוצה החליטה"
    extra = f"\nleave_out:\n  - {{rule: AS301, reason: '<b>{hebrew}</b>', by: A & B}}\n"
    page = a.check(_case(tmp_path, extra))._repr_html_()
    assert f"(<bdi>&lt;b&gt;{hebrew}&lt;/b&gt;</bdi>; A &amp; B)." in page
    assert "<b>" + hebrew not in page


def test_a_comparison_s_repr_names_the_rules_left_out(tmp_path: Path) -> None:
    comparison = a.compare(LIAISON, _later(tmp_path))
    assert repr(comparison).endswith(", rules_failed=0, left_out=1 (AS301))")
    assert "left_out" not in repr(a.compare(LIAISON, LIAISON))


def _left_out_before(tmp_path: Path) -> tuple[Path, Path]:
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(LIAISON.read_text(encoding="utf-8") + LEAVE_OUT, encoding="utf-8")
    later = tmp_path / "later.yaml"
    later.write_text(LIAISON_2027, encoding="utf-8")
    return earlier, later


@pytest.mark.parametrize(
    ("which", "compared", "handed_out"),
    [
        ("earlier", "the earlier version's case file", "the earlier version's case file"),
        ("later", "the later version's case file", "this version's case file"),
        ("both", "the case file", "the case file"),
    ],
)
def test_an_action_on_a_rule_one_version_leaves_out_says_which_version(
    tmp_path: Path, which: str, compared: str, handed_out: str
) -> None:
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(
        LIAISON.read_text(encoding="utf-8") + (LEAVE_OUT if which != "later" else ""),
        encoding="utf-8",
    )
    later = _later(tmp_path, LEAVE_OUT if which != "earlier" else "")
    comparison = a.compare(earlier, later)
    said = f"not checked: its rule is left out by {compared}"
    assert said in comparison.to_markdown()
    assert html.escape(said) in comparison._repr_html_()
    heading = "Not checked (the case file leaves the rule out)"
    if which != "both":
        heading = f"Not checked ({compared} leaves the rule out)"
    assert f"  {heading}\n" in comparison.to_text()
    data = json.loads(comparison.to_json())
    assert {x["unchecked_because"] for x in data["actions"] if x["rule"] == "AS301"} == {"left-out"}
    for format in ("md", "html"):
        text = render_handout(a.load(later), format=format, previous=a.load(earlier)).text
        start = text.index('<section id="progress"' if format == "html" else "\n## 7. ")
        end = text.find("</section>" if format == "html" else "\n## ", start + 1)
        progress = text[start:end]
        assert "Actions" in progress
        said = f"not checked: its rule is left out by {handed_out}"
        assert (said.replace("'", "&#39;") if format == "html" else said) in progress
        if which != "both":
            assert "left out by the case file" not in progress


def test_a_blank_reason_is_no_reason_in_a_comparison(tmp_path: Path) -> None:
    blank = "\nleave_out:\n  - {rule: AS301, reason: '  ', by: The group}\n"
    before = _case(tmp_path, "", "before.yaml")
    after = _case(tmp_path, blank, "after.yaml")
    text = a.compare(before, after).to_text()
    assert "AS301 value-tension (by the later version: The group)" in " ".join(text.split())


@pytest.mark.parametrize("format", ["html", "md"])
def test_a_blank_reason_is_no_reason_in_a_handout(
    tmp_path: Path, format: Literal["html", "md"]
) -> None:
    blank = "\nleave_out:\n  - {rule: AS301, reason: '  ', by: '  '}\n"
    text = render_handout(a.load(_case(tmp_path, blank)), format=format).text
    said = " ".join(text.split())
    assert "value-tension</strong>: no reason given</li>" in said or (
        "value-tension**: no reason given" in said
    )
    assert "decided by" not in said.lower()


def test_a_warning_of_a_rule_id_that_no_rule_has_carries_the_id(tmp_path: Path) -> None:
    """Both warnings of a rule id that no rule has, of a ``leave_out`` entry and of an
    action, carry it as ``unknown_rule`` (what the command line looks installed rule
    packs up by); a rule asked for and left out is not one."""
    path = _case(
        tmp_path,
        LEAVE_OUT
        + "  - {rule: AS6O2, reason: agreed}\n"
        + "actions:\n  - {finding: {rule: AS1O1, elements: [court.targets]}, strategy: Shorter}\n",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a.check(path, rules=["AS301"])
    said: dict[str, list[object]] = {}
    for w in caught:
        said.setdefault(type(w.message).__name__, []).append(
            getattr(w.message, "unknown_rule", "no attribute")
        )
    assert said == {"LeftOutRuleWarning": [None, "AS6O2"], "MisnamedFindingWarning": ["AS1O1"]}
