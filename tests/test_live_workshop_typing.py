"""Mistakes a co-facilitator makes typing into the court example's case file during a
workshop, each told at its place with the fix in the workshop's terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = (ROOT / "examples" / "court-reports.yaml").read_text(encoding="utf-8")
DECLARED = "between: [court.object, court.targets]"
#: The line of the example's declared contradiction's ``between``, counted from 1.
DECLARED_LINE = COURT[: COURT.index(DECLARED)].count("\n") + 1
#: The line of an action appended to the example: its ``finding`` is the second.
ACTION_LINE = COURT.count("\n") + 2


def error_of(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "court.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize(
    ("written", "column"),
    [
        ("Remand for a medical report is limited in time", 29),
        ("remand for a medical report is limited in time.", 29),
        ("court.Remand for a medical report is limited in time", 29),
    ],
)
def test_a_declared_element_named_by_its_label_is_told_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, column: int
) -> None:
    text = COURT.replace(DECLARED, f"between: [court.object, {written}]")
    err = error_of(tmp_path, text, capsys)
    where = f"{tmp_path / 'court.yaml'}:{DECLARED_LINE}:{column}: "
    assert err.startswith(f"activity-systems: {where}")
    assert (f"{written!r} is the label of court.targets, not its id: name it court.targets") in err


def test_a_declared_exchange_named_by_its_label_is_told_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COURT.replace(DECLARED, "between: [court.object, Psychiatric report for the court]")
    err = error_of(tmp_path, text, capsys)
    assert (
        "'Psychiatric report for the court' is the label of court-report, not its id: "
        "name it court-report"
    ) in err


def test_a_name_that_is_no_label_still_lists_the_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COURT.replace(DECLARED, "between: [court.object, waiting times]")
    err = error_of(tmp_path, text, capsys)
    assert "is the label of" not in err
    assert "(known: 'court-report'" in err


ACTION = "actions:\n  - finding: {key}\n    strategy: Agree a short-form report\n"


def test_a_finding_key_copied_with_a_space_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = error_of(tmp_path, COURT + ACTION.format(key='"AS101-3705b555c6 "'), capsys)
    assert f":{ACTION_LINE}:14: " in err
    assert (
        "'AS101-3705b555c6 ' has a space at its end: write the key without it, 'AS101-3705b555c6'"
    ) in err


def test_a_truncated_finding_key_is_told_its_length(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = error_of(tmp_path, COURT + ACTION.format(key="AS101-3705b5"), capsys)
    assert (
        "'AS101-3705b5' is cut short: a finding key has ten digits and letters after "
        "the rule's id and the dash, this one has 6; copy it whole from the report"
    ) in err


@pytest.mark.parametrize(
    ("written", "meant"), [("2", "secondary"), ("4", "quaternary"), ("1st", "primary")]
)
def test_a_level_written_as_its_number_is_told_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str
) -> None:
    text = COURT.replace("level: secondary", f"level: {written}")
    err = error_of(tmp_path, text, capsys)
    assert f"{written!r} is not allowed (did you mean {meant!r}?)" in err


def test_a_label_that_is_also_an_elements_id_names_that_element_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # court.liaison labelled 'Request', and court.request written without its system
    text = COURT.replace(
        "label: Negotiation with legal advisers and liaison workers", "label: Request"
    ).replace(DECLARED, "between: [court.object, request]")
    err = error_of(tmp_path, text, capsys)
    assert (
        "'request' is the label of court.liaison, not its id: name it court.liaison; or, "
        "if it meant the element whose id it is, court.request"
    ) in err


def test_a_label_two_elements_share_names_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COURT.replace("label: Psychiatrist\n", "label: Magistrate\n").replace(
        DECLARED, "between: [court.object, Magistrate]"
    )
    err = error_of(tmp_path, text, capsys)
    assert (
        "'Magistrate' is the label of court.subject and mhs.subject, not an id: "
        "name the one meant, court.subject or mhs.subject"
    ) in err
    assert "other-magistrates" not in err


def test_a_label_with_a_space_before_its_full_stop_is_told_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = "Remand for a medical report is limited in time ."
    text = COURT.replace(DECLARED, f"between: [court.object, {written}]")
    err = error_of(tmp_path, text, capsys)
    assert "is the label of court.targets, not its id: name it court.targets" in err


def test_a_level_given_as_a_number_in_python_is_told_its_name() -> None:
    from pydantic import ValidationError

    from activity_systems.model import DeclaredContradiction

    with pytest.raises(ValidationError, match=r"2 is not allowed \(did you mean 'secondary'\?\)"):
        DeclaredContradiction(between=["court.object", "court.targets"], level=2)
    with pytest.raises(ValidationError) as raised:
        DeclaredContradiction(between=["court.object", "court.targets"], level=True)
    assert "did you mean" not in str(raised.value)


@pytest.mark.parametrize(
    ("key", "told"),
    [
        ('"AS101-3705b555c6\\t"', "'AS101-3705b555c6\\t' has a tab at its end"),
        ('"AS101-3705b5 "', "'AS101-3705b5 ' is cut short"),
    ],
)
def test_a_finding_key_with_a_tab_or_cut_short_and_spaced_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, told: str
) -> None:
    err = error_of(tmp_path, COURT + ACTION.format(key=key), capsys)
    assert told in err


def test_a_declared_node_is_told_the_elements_to_name_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "the court's rules pull against its object": the group names the node
    text = COURT.replace(DECLARED, "between: [court.object, court.rules]")
    err = error_of(tmp_path, text, capsys)
    assert f":{DECLARED_LINE}:29: " in err
    assert (
        "'court.rules' names a node of system 'court', its rules, not an element: "
        "name one of its elements, court.targets or court.delay-norm"
    ) in err
    assert "known:" not in err


@pytest.mark.parametrize("written", ["court.division-of-labour", "court.division_of_labour"])
def test_a_declared_division_of_labour_lists_its_tasks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    text = COURT.replace(DECLARED, f"between: [court.object, {written}]")
    err = error_of(tmp_path, text, capsys)
    assert (
        f"{written!r} names a node of system 'court', its division of labour, not an "
        "element: name one of its elements, court.request-a-psychiatric-report, "
        "court.negotiate-request, "
        "court.represent-defendant, court.share-bench or court.court-security"
    ) in err


@pytest.mark.parametrize(
    ("written", "meant", "label"),
    [
        ("court.magistrate", "court.subject", "Magistrate"),
        ("mhs.psychiatrist", "mhs.subject", "Psychiatrist"),
    ],
)
def test_a_subject_named_by_the_id_its_label_would_make_is_told_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str, label: str
) -> None:
    # in the court example, 'court.magistrate' was told "did you mean 'other-magistrates'?"
    text = COURT.replace(DECLARED, f"between: [court.object, {written}]")
    err = error_of(tmp_path, text, capsys)
    assert (
        f"{written!r} gives the label of {meant} ({label!r}) as an id, but its id is "
        f"{meant.split('.')[1]!r}: name it {meant}"
    ) in err
    assert "did you mean" not in err


@pytest.mark.parametrize("written", ["mhs.court-report", "court.court-report"])
def test_a_declared_exchange_written_under_a_system_is_told_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    # 'mhs.court-report' was told "did you mean 'report'?", a tool of the producer
    text = COURT.replace(DECLARED, f"between: [court.object, {written}]")
    err = error_of(tmp_path, text, capsys)
    assert f":{DECLARED_LINE}:29: " in err
    system = written.split(".")[0]
    assert (
        f"{written!r} names the exchange 'court-report' as an element of system "
        f"{system!r}: an exchange is named by its id alone, 'court-report'"
    ) in err
    assert "did you mean" not in err


def test_a_long_node_is_named_by_its_first_elements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = "".join(f"      - Member {n}\n" for n in range(1, 10))
    text = COURT.replace("    community:\n", "    community:\n" + many, 1).replace(
        DECLARED, "between: [court.object, court.community]"
    )
    err = error_of(tmp_path, text, capsys)
    assert (
        "name one of its elements, court.member-1, court.member-2, court.member-3, "
        "court.member-4, court.member-5, court.member-6, … (8 more)"
    ) in err


def test_a_node_with_no_elements_says_so() -> None:
    from activity_systems.model import ActivitySystem
    from activity_systems.model.system import named_otherwise

    court = ActivitySystem(id="court", subject="Magistrate", object="Defendant")
    assert named_otherwise(court, "tools") == (
        "names a node of system 'court', its tools, which has no elements yet"
    )
    assert named_otherwise(court, "defendant") is not None
    assert named_otherwise(court, "object") is None
    assert named_otherwise(court, "nothing-like-it") is None


def test_a_contradiction_inside_one_element_is_told_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the subject, the object and the outcome hold one element each, so a group that
    # sees a primary contradiction inside one of them cannot name two of its elements
    text = COURT.replace(DECLARED, "between: [mhs.subject]").replace(
        "level: secondary", "level: primary"
    )
    err = error_of(tmp_path, text, capsys)
    assert f":{DECLARED_LINE}:14: " in err
    assert (
        "got 1; a contradiction inside one element, such as a subject torn between care "
        "and custody, is written as values in tension on that element (values: [treatment, "
        "control], or a pair of the group's own under value_tensions), which AS301 reports "
        "as primary"
    ) in err


def test_the_tension_it_advises_is_reported_as_primary() -> None:
    from activity_systems import Case, check

    case = Case(
        title="In-reach",
        systems=[
            {
                "id": "inreach",
                "subject": {"label": "In-reach nurse", "values": ["treatment", "control"]},
                "object": "Prisoner approaching release",
            }
        ],
    )
    [finding] = [f for f in check(case).findings if f.rule == "AS301"]
    assert (finding.level, finding.elements) == ("primary", ("inreach.subject",))


def test_a_second_list_under_a_key_given_already_is_told_to_join_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a contradiction the group named after lunch, added at the end of the file
    added = "declared:\n  - between: [court.targets, mhs.report]\n    level: quaternary\n"
    err = error_of(tmp_path, COURT + added, capsys)
    first = COURT[: COURT.index("\ndeclared:")].count("\n") + 2
    assert f":{ACTION_LINE - 1}:1: duplicate key 'declared' (first given on line {first}); " in err
    assert (
        f"a list is given once: put the items below with those under 'declared' on line {first}"
    ) in err


def test_a_duplicate_key_of_one_value_is_told_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = error_of(tmp_path, COURT + "title: Another title\n", capsys)
    assert err.endswith("duplicate key 'title' (first given on line 7)")


@pytest.mark.parametrize(
    ("dash", "named"),
    [
        ("\u2013", "an en dash (U+2013)"),
        ("\u2014", "an em dash (U+2014)"),
        ("\u2010", "a hyphen (U+2010)"),
        ("\u2011", "a non-breaking hyphen (U+2011)"),
        ("\u2212", "a minus sign (U+2212)"),
    ],
)
def test_a_finding_key_with_another_dash_is_told_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dash: str, named: str
) -> None:
    # a word processor or a phone turns the key's '-' into a dash that looks alike
    err = error_of(tmp_path, COURT + ACTION.format(key=f"AS101{dash}3705b555c6"), capsys)
    assert f":{ACTION_LINE}:14: " in err
    assert (
        f"'AS101{dash}3705b555c6' has {named} after the rule's id, where a finding key has "
        "a plain '-': write 'AS101-3705b555c6'"
    ) in err


def test_a_key_with_two_dashes_is_not_told_of_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = error_of(tmp_path, COURT + ACTION.format(key="AS101\u2013\u20133705b555c6"), capsys)
    assert "is not a finding key such as 'AS101-3705b555c6'" in err


@pytest.mark.parametrize("written", ["2027\u201303\u201301", "01\u201303\u20132027"])
def test_a_review_date_with_another_dash_is_told_what_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    action = "actions:\n  - finding: AS101-3705b555c6\n    strategy: S\n    review: {date}\n"
    err = error_of(tmp_path, COURT + action.format(date=written), capsys)
    assert f"not {written!r}: write 2027-03-01 for 1 March 2027" in err


def test_a_finding_key_with_another_dash_and_a_space_after_it_is_told_of_the_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # copied from a word processor's table, with the cell's space after it
    err = error_of(tmp_path, COURT + ACTION.format(key='"AS101\u20133705b555c6 "'), capsys)
    assert (
        "has an en dash (U+2013) after the rule's id, where a finding key has a plain '-': "
        "write 'AS101-3705b555c6'"
    ) in err


def test_a_label_two_elements_share_names_each_of_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the subject and a community member given an id of its own are both 'Nurse'
    text = (
        "title: Ward\nsystems:\n  - id: ward\n    subject: Nurse\n    object: Patient\n"
        "    rules: [Deadline]\n    community:\n      - {id: team, label: Nurse}\n"
        "declared:\n  - between: [ward.nurse, ward.deadline]\n    level: primary\n"
    )
    err = error_of(tmp_path, text, capsys)
    assert ":10:15: " in err
    assert (
        "'ward.nurse' gives as an id the label of ward.subject ('Nurse') and of ward.team "
        "('Nurse'): name the one meant, ward.subject or ward.team"
    ) in err
