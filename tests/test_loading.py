"""Loading case files: YAML 1.2 semantics and one located error per kind of mistake."""

from __future__ import annotations

import io
import json
import os
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import pytest

import activity_systems as a
from activity_systems import CaseFileError
from activity_systems.handouts import handout
from activity_systems.io.loading import load_stream
from activity_systems.render import render

BASE = """\
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules:
      - {id: targets, label: Remand limit, time_limit: 3 weeks}
    tools: [Written request]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools:
      - {id: report, label: Psychiatric report, turnaround: 4-8 weeks}
exchanges:
  - id: court-report
    label: Report
    from: mhs
    to: court
    takes: mhs.report
    needed_within: court.targets
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "case.yaml") -> CaseFileError:
    path = write(tmp_path, text, name)
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    error = raised.value
    assert error.path == str(path)
    assert "\n" not in str(error)
    return error


def refusal(path: Path) -> tuple[CaseFileError, list[tuple[int | None, int | None]]]:
    """The error loading ``path`` raises, and the line and column of each of its problems."""
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    return raised.value, [(p.line, p.column) for p in raised.value.problems]


def test_base_case_loads(tmp_path: Path) -> None:
    case = a.load(write(tmp_path, BASE))
    assert [s.id for s in case.systems] == ["court", "mhs"]
    assert case.system("court").element("written-request").label == "Written request"


def test_yaml_12_scalars_stay_strings(tmp_path: Path) -> None:
    text = BASE.replace("    subject: Magistrate\n", "    subject: Magistrate\n    sector: no\n")
    text = text.replace("title: Reports", "title: 1.10")
    case = a.load(write(tmp_path, text))
    assert case.systems[0].sector == "no"
    assert case.title == "1.10"


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        # unknown key, with a suggestion
        ("turnaround: 4-8", "turnround: 4-8", 13, 49, "unknown key 'turnround'"),
        # dangling reference, with the closest id
        ("takes: mhs.report", "takes: mhs.reprt", 19, 12, "did you mean 'report'?"),
        # a reference to the wrong kind of element
        (
            "needed_within: court.targets",
            "needed_within: court.written-request",
            20,
            20,
            "has no rule 'written-request' (it is in tools)",
        ),
        # unknown system
        ("    from: mhs", "    from: mhz", 17, 11, "did you mean 'mhs'?"),
        # wrong type: a list where text is expected
        ("title: Reports", "title: [Reports]", 1, 8, "expected text, got a list"),
        # wrong type: a mapping where a list is expected
        ("    tools: [Written request]", "    tools: {a: b}", 8, 12, "expected a list"),
        # months are ambiguous
        ("time_limit: 3 weeks", "time_limit: 1 month", 7, 56, "months or years"),
        # negative duration
        ("turnaround: 4-8 weeks", "turnaround: -4 weeks", 13, 61, "negative"),
        # a value outside a fixed list
        (
            "    tools: [Written request]",
            "    tools: [Written request]\n    division_of_labour:\n"
            "      - {task: Request, basis: hobby}",
            10,
            32,
            "'hobby' is not allowed; expected",
        ),
    ],
)
def test_located_errors(
    tmp_path: Path, old: str, new: str, line: int, column: int, fragment: str
) -> None:
    assert old in BASE
    error = error_of(tmp_path, BASE.replace(old, new, 1))
    assert fragment in error.message
    assert (error.line, error.column) == (line, column), str(error)


@pytest.mark.parametrize(
    ("value", "column", "got"),
    [("", 13, "nothing (null)"), ("[linkage]", 14, "a list"), ("{a: 1}", 14, "a mapping")],
)
def test_a_value_of_a_fixed_list_given_as_no_text_is_told_in_the_files_words(
    tmp_path: Path, value: str, column: int, got: str
) -> None:
    # not in Python's words, None, ['linkage'] or {'a': '1'}, as it was
    text = (
        "title: T\nsystems:\n  - {id: a, subject: S, object: O}\n"
        "  - {id: b, subject: S, object: O}\nintegration:\n  - between: [a, b]\n"
        f"    current: {value}\n    desired: coordination\n"
    )
    error = error_of(tmp_path, text)
    assert error.message == (
        "integration[0].current: expected 'full-segregation', 'linkage', 'coordination', "
        f"'cooperation' or 'full-integration', got {got}"
    )
    assert (error.line, error.column) == (7, column)


def test_a_json_true_where_one_of_a_fixed_list_is_expected_is_told_as_json_writes_it(
    tmp_path: Path,
) -> None:
    # not in Python's words, True
    text = (
        '{"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}],\n'
        ' "actions": [{"finding": "AS101-0123456789", "strategy": "s", "status": true}]}'
    )
    error = error_of(tmp_path, text, "case.json")
    assert error.message == (
        "actions[0].status: expected 'planned', 'in-progress', 'done' or 'dropped', got true/false"
    )
    assert (error.line, error.column) == (2, 73)


def test_every_problem_is_kept_with_its_own_place(tmp_path: Path) -> None:
    text = BASE.replace("    subject: Magistrate\n", "    nmae: Court\n    subject: Magistrate\n")
    text = text.replace("object: Service user", "object: {label: Service user, values: [Care]}")
    text = text.replace("time_limit: 3 weeks", "time_limit: 2 dayz")
    error = error_of(tmp_path, text)
    assert str(error) == (
        f"{error.path}:4:5: unknown key 'nmae' in systems[0] (did you mean 'name'?) "
        "(and 2 more problems)"
    )
    # The unknown key first, then the others in file order.
    assert [(p.line, p.column) for p in error.problems] == [(4, 5), (8, 56), (12, 44)]
    first, duration, tag = error.problems
    assert first.message == "unknown key 'nmae' in systems[0] (did you mean 'name'?)"
    assert (first.line, first.column) == (error.line, error.column)
    assert duration.message.startswith("systems[0].rules[0].time_limit: '2 dayz' has an unknown")
    assert tag.message.startswith("systems[1].object.values[0]: 'Care' is not a valid id")
    assert {p.path for p in error.problems} == {error.path}
    assert str(duration) == f"{error.path}:8:56: {duration.message}"


def test_every_broken_reference_is_a_problem_with_its_own_place(tmp_path: Path) -> None:
    # Only the first was told: the user fixed it, ran again, and met the next.
    text = BASE.replace("takes: mhs.report", "takes: mhs.reprot").replace(
        "needed_within: court.targets",
        "needed_within: court.tagrets\n    requested_with: court.writen-request",
    )
    error = error_of(tmp_path, text)
    assert [(p.line, p.column, p.message) for p in error.problems] == [
        (19, 12, "'mhs.reprot': system 'mhs' has no tool 'reprot' (did you mean 'report'?)"),
        (
            20,
            20,
            "'court.tagrets': system 'court' has no rule 'tagrets' (did you mean 'targets'?)",
        ),
        (
            21,
            21,
            "'court.writen-request': system 'court' has no tool 'writen-request' (did you "
            "mean 'written-request'?)",
        ),
    ]
    assert error.message.endswith("(and 2 more problems)")


def test_broken_references_come_in_file_order_with_their_related_places(
    tmp_path: Path,
) -> None:
    text = BASE.replace("tools: [Written request]", "tools: [Written request]\n    advances: mhs")
    text = text.replace("  - id: mhs\n", "  - id: mhs\n    advances: court\n")
    text = text.replace("takes: mhs.report", "takes: mhs.reprot")
    text += "    requested_with: mhs.report\n"
    error = error_of(tmp_path, text)
    assert [(p.line, p.column, p.message) for p in error.problems] == [
        (
            11,
            15,
            "system 'mhs' advances 'court', which advances 'mhs': a loop, but a system can "
            "only advance an earlier form of its activity; remove 'advances' from one of "
            "them [see line 9]",
        ),
        (21, 12, "'mhs.reprot': system 'mhs' has no tool 'reprot' (did you mean 'report'?)"),
        (
            23,
            21,
            "requested_with 'mhs.report' must be a tool of the consumer 'court', not of 'mhs'",
        ),
    ]


def test_two_broken_references_in_one_list_are_two_problems(tmp_path: Path) -> None:
    # A task keeps its produces sorted: both were told at the '[', 'court-reprot' first.
    text = BASE.replace(
        "    object: Service user\n",
        "    object: Service user\n    division_of_labour:\n"
        "      - {task: Write, by: subject, produces: [report, court-reprot]}\n",
    )
    error = error_of(tmp_path, text)
    assert [(p.line, p.column) for p in error.problems] == [(13, 47), (13, 55)]
    assert [p.message.split(",")[0] for p in error.problems] == [
        "task 'write' produces 'report'",
        "task 'write' produces 'court-reprot'",
    ]


def test_each_broken_item_of_a_list_is_told_at_its_line_in_file_order(tmp_path: Path) -> None:
    # A rule keeps its applies_to sorted: both were told at the first item, 'forms' first.
    text = BASE.replace(
        "      - {id: targets, label: Remand limit, time_limit: 3 weeks}\n",
        "      - id: targets\n        label: Remand limit\n        applies_to:\n"
        "          - reqest\n          - forms\n",
    )
    error = error_of(tmp_path, text)
    assert [(p.line, p.column, p.message.split(",")[0]) for p in error.problems] == [
        (10, 13, "rule 'targets' applies_to 'reqest'"),
        (11, 13, "rule 'targets' applies_to 'forms'"),
    ]


def test_every_broken_reference_of_a_system_is_a_problem(tmp_path: Path) -> None:
    text = BASE.replace(
        "tools: [Written request]",
        "tools: [Written request]\n    community: [Ushers]\n"
        "    division_of_labour: [{task: Usher, by: usher}, {task: Decide, by: magistrate}]",
    ).replace("3 weeks}", "3 weeks, applies_to: [papers, written-request, form]}")
    error = error_of(tmp_path, text)
    assert [(p.line, p.column, p.message.split(",")[0]) for p in error.problems] == [
        (7, 78, "rule 'targets' applies_to 'papers'"),
        (7, 103, "rule 'targets' applies_to 'form'"),
        (10, 44, "task 'usher' is done by 'usher'"),
        (
            10,
            71,
            "task 'decide': 'magistrate' names the subject by its label; 'by' takes an id: "
            "write 'by: subject'",
        ),
    ]


def test_a_bad_tag_is_named_where_the_file_writes_it(tmp_path: Path) -> None:
    """Tags are a sorted set once read; an error names each by its place in the file."""
    text = BASE.replace(
        "object: Service user", "object: {label: Service user, values: [Zeta, alpha, Beta]}"
    )
    error = error_of(tmp_path, text)
    assert [(p.line, p.column, p.message.split(" is not")[0]) for p in error.problems] == [
        (11, 44, "systems[1].object.values[0]: 'Zeta'"),
        (11, 57, "systems[1].object.values[2]: 'Beta'"),
    ]
    case = a.load(write(tmp_path, text.replace("Zeta", "zeta").replace("Beta", "alpha")))
    assert case.system("mhs").object.values == ("alpha", "zeta")


def test_a_single_problem_is_the_error_itself(tmp_path: Path) -> None:
    error = error_of(tmp_path, BASE.replace("title: Reports", "title: [Reports]"))
    assert error.problems == (
        a.errors.Problem(error.message, path=error.path, line=error.line, column=error.column),
    )
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "nope.yaml")
    assert [str(p) for p in raised.value.problems] == [str(raised.value)]


def test_one_value_that_fits_no_type_is_one_problem(tmp_path: Path) -> None:
    """Pydantic reports a value that fits none of a union's types once per type."""
    text = BASE + "actions:\n  - {finding: [x], strategy: Agree a short report}\n"
    error = error_of(tmp_path, text)
    assert len(error.problems) == 1
    assert "more problem" not in error.message


TASK_BY = """\
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    community: [{id: lawyers, label: Defence lawyers}, Probation officers]
    division_of_labour:
      - {task: Request, by: BY}
"""


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (
            "Magistrate",
            "systems[0].division_of_labour[0].by: 'Magistrate' names the subject by its "
            "label; 'by' takes an id: write 'by: subject'",
        ),
        (
            "magistrate",
            "task 'request': 'magistrate' names the subject by its label; 'by' takes an id: "
            "write 'by: subject'",
        ),
        (
            "Defence Lawyers",
            "systems[0].division_of_labour[0].by: 'Defence Lawyers' names community member "
            "'lawyers' by its label; 'by' takes an id: write 'by: lawyers'",
        ),
        (
            "defence-lawyers",
            "task 'request': 'defence-lawyers' names community member 'lawyers' by its "
            "label; 'by' takes an id: write 'by: lawyers'",
        ),
        (
            "probation officers",
            "systems[0].division_of_labour[0].by: 'probation officers' names community "
            "member 'probation-officers' by its label; 'by' takes an id: write "
            "'by: probation-officers'",
        ),
    ],
)
def test_a_task_done_by_a_label_says_which_id_to_write(
    tmp_path: Path, by: str, message: str
) -> None:
    error = error_of(tmp_path, TASK_BY.replace("BY", by))
    assert error.message == message
    assert (error.line, error.column) == (8, 29)


def test_a_task_done_by_someone_unknown_still_gets_the_closest_id(tmp_path: Path) -> None:
    error = error_of(tmp_path, TASK_BY.replace("BY", "probation"))
    assert error.message == (
        "task 'request' is done by 'probation', which is neither 'subject' nor a community "
        "member of system 'court' (did you mean 'probation-officers'?)"
    )


ENUMS = """\
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{id: targets, label: Remand limit, kind: formal, time_limit: 3 weeks}]
    division_of_labour: [{task: Request, by: subject, basis: core}]
  - {id: mhs, subject: Psychiatrist, object: Service user}
integration:
  - {between: [court, mhs], current: linkage, desired: coordination}
declared:
  - {between: [court.targets, mhs.object], level: secondary}
actions:
  - {finding: AS101-3705b555c6, strategy: Agree a short report, status: planned}
"""


@pytest.mark.parametrize(
    ("old", "new", "where", "suggestion"),
    [
        (
            "basis: core",
            "basis: Private Consultancy",
            "systems[0].division_of_labour[0].basis",
            "private-consultancy",
        ),
        (
            "basis: core",
            "basis: over workload",
            "systems[0].division_of_labour[0].basis",
            "over-workload",
        ),
        ("kind: formal", "kind: Formal", "systems[0].rules[0].kind", "formal"),
        (
            "desired: coordination",
            "desired: co-ordination",
            "integration[0].desired",
            "coordination",
        ),
        (
            "current: linkage",
            "current: FULL INTEGRATON",
            "integration[0].current",
            "full-integration",
        ),
        ("level: secondary", "level: Secondry", "declared[0].level", "secondary"),
        ("status: planned", "status: in progress", "actions[0].status", "in-progress"),
    ],
)
def test_a_value_outside_a_fixed_list_gets_the_closest_allowed_one(
    tmp_path: Path, old: str, new: str, where: str, suggestion: str
) -> None:
    assert a.loads(ENUMS).title == "Reports"
    error = error_of(tmp_path, ENUMS.replace(old, new))
    value = new.partition(": ")[2]
    assert error.message.startswith(
        f"{where}: {value!r} is not allowed (did you mean {suggestion!r}?); expected '"
    ), error.message


@pytest.mark.parametrize(("limit", "unit"), [("2 dayz", "days"), ("3 weks", "weeks")])
def test_an_unknown_unit_gets_the_closest_unit(tmp_path: Path, limit: str, unit: str) -> None:
    error = error_of(tmp_path, ENUMS.replace("time_limit: 3 weeks", f"time_limit: {limit}"))
    word = limit.split()[1]
    assert error.message == (
        f"systems[0].rules[0].time_limit: {limit!r} has an unknown unit {word!r} "
        f"(did you mean {unit!r}?): use hours, days or weeks"
    )


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ("31/01/2030", "expected a date written YYYY-MM-DD, like 2030-01-31, not '31/01/2030'"),
        ("2030-1-31", "expected a date written YYYY-MM-DD, like 2030-01-31, not '2030-1-31'"),
        (
            "01/03/2027",
            "expected a date written YYYY-MM-DD, like 2030-01-31, not '01/03/2027': write "
            "2027-03-01 for 1 March 2027, or 2027-01-03 for 3 January 2027",
        ),
        (
            "1st March 2027",
            "expected a date written YYYY-MM-DD, like 2030-01-31, not '1st March 2027': "
            "write 2027-03-01 for 1 March 2027",
        ),
        ("next week", "expected a date written YYYY-MM-DD, like 2030-01-31, not 'next week'"),
        ("[2030, 1, 31]", "expected a date written YYYY-MM-DD, like 2030-01-31, got a list"),
        ("2030-02-30", "'2030-02-30' is not a day of the calendar (February 2030 has 28 days)"),
        ("2030-11-31", "'2030-11-31' is not a day of the calendar (November 2030 has 30 days)"),
        ("2030-00-10", "'2030-00-10' is not a day of the calendar (a year has 12 months)"),
        ("' 2030-01-31'", "expected a date written YYYY-MM-DD, like 2030-01-31, not ' 2030-01-31'"),
        ("'2030-01-31 '", "expected a date written YYYY-MM-DD, like 2030-01-31, not '2030-01-31 '"),
    ],
)
def test_a_review_date_says_how_to_write_a_date(tmp_path: Path, review: str, message: str) -> None:
    error = error_of(
        tmp_path,
        f"""\
        title: Reports
        systems:
          - {{id: court, subject: Magistrate, object: Defendant}}
        actions:
          - finding: AS601-0123456789
            strategy: Name the tools
            review: {review}
        """,
    )
    assert (error.line, error.column) == (7, 13)
    assert error.message.startswith(f"actions[0].review: {message}")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "values: treatment, recovery",
            "systems[0].object.values: expected a list, got text: write "
            "[treatment, recovery], or each item on a line of its own after '- '",
        ),
        (
            "values: treatment",
            "systems[0].object.values: expected a list, got text: write [treatment], or "
            "each item on a line of its own after '- '",
        ),
        (
            "values: 'treatment: always'",
            "systems[0].object.values: expected a list, got text: write the items in "
            "brackets, [a, b], or each on a line of its own after '- '",
        ),
    ],
)
def test_text_where_a_list_belongs_says_how_to_write_the_list(
    tmp_path: Path, written: str, message: str
) -> None:
    object_ = f"    object:\n      label: D\n      {written}\n"
    text = BASE.replace("    object: Defendant\n", object_)
    with pytest.raises(CaseFileError) as raised:
        a.load(write(tmp_path, text))
    assert raised.value.message == message
    assert (raised.value.line, raised.value.column) == (7, 15)


def test_a_list_item_without_its_space_says_so(tmp_path: Path) -> None:
    """'-GP' under a key is text to YAML, not a list of one item."""
    text = BASE.replace(
        "    tools: [Written request]\n", "    community:\n      -GP\n      -Nurse\n"
    )
    error = error_of(tmp_path, text)
    assert error.message == (
        "systems[0].community: expected a list, got text: a list item needs a space after "
        "its '-': write '- GP'"
    )
    assert (error.line, error.column) == (9, 7)


def test_a_long_list_item_without_its_space_is_told_at_once_and_shown_short(
    tmp_path: Path,
) -> None:
    """A long run of spaces in such text was searched for the next item at each of its
    spaces again (seconds for 40,000), and the advice quoted the whole text."""
    text = BASE.replace(
        "    tools: [Written request]\n", "    community: -GP" + " " * 100_000 + "x\n"
    )
    started = time.perf_counter()
    error = error_of(tmp_path, text)
    assert time.perf_counter() - started < 2.0
    assert error.message == (
        "systems[0].community: expected a list, got text: a list item needs a space after "
        "its '-': write '- GP" + " " * 57 + "…'"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Public safety", ": write {label: Public safety}"),
        ("Safety, fairness", ': write {label: "Safety, fairness"}'),
        ('"A \\"fair\\" outcome"', ": write {label: ...} with the text as its label"),
    ],
)
def test_text_where_a_shared_object_belongs_says_how_to_write_it(
    tmp_path: Path, written: str, hint: str
) -> None:
    error = error_of(tmp_path, BASE + f"shared_object: {written}\n")
    assert error.message == f"shared_object: expected a mapping (key: value), got text{hint}"
    assert (error.line, error.column) == (21, 16)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "needed_within: court.targets",
            "needed_within: targets",
            "exchanges[0].needed_within: 'targets' is neither a duration nor a reference: "
            "write a duration such as '6 weeks', or name the rule as <system>.<rule-id>, "
            "e.g. 'court.targets' (did you mean 'court.targets'?)",
        ),
        (
            "takes: mhs.report",
            "takes: mhs.Psychiatric report",
            "exchanges[0].takes: 'mhs.Psychiatric report' is neither a duration nor a "
            "reference: write a duration such as '6 weeks', or name the tool as "
            "<system>.<tool-id>, e.g. 'mhs.report' (did you mean 'mhs.report'?)",
        ),
        (
            "needed_within: court.targets",
            "needed_within: remand limit",
            "exchanges[0].needed_within: 'remand limit' is not a duration: write a number "
            "and a unit, e.g. '6 weeks', '42 days', '36 hours' or 'P6W' (did you mean "
            "'court.targets'?)",
        ),
        (
            "takes: mhs.report",
            "takes: mhs.targets",  # a rule of another system: no suggestion
            "'mhs.targets': system 'mhs' has no tool 'targets' (known: 'report')",
        ),
        (
            "takes: mhs.report\n",
            "takes: mhs.report\n    produced_with: Psychiatric report\n",
            "exchanges[0].produced_with: 'Psychiatric report' is not a reference: write "
            "<system>.<element-id>, e.g. 'court.targets' (did you mean 'mhs.report'?)",
        ),
        (
            "takes: mhs.report\n",
            "takes: mhs.report\n    requested_with: written-request\n",
            "exchanges[0].requested_with: 'written-request' is not a reference: write "
            "<system>.<element-id>, e.g. 'court.targets' (did you mean 'court.written-request'?)",
        ),
        (
            "takes: mhs.report\n",
            "takes: mhs.report\n    produced_with: written-request\n",  # the consumer's tool
            "exchanges[0].produced_with: 'written-request' is not a reference: write "
            "<system>.<element-id>, e.g. 'court.targets'",
        ),
        (
            "takes: mhs.report\n",
            "takes: mhs.report\n    requested_with: Psychiatric report\n",  # the producer's
            "exchanges[0].requested_with: 'Psychiatric report' is not a reference: write "
            "<system>.<element-id>, e.g. 'court.targets'",
        ),
        (
            "needed_within: court.targets",
            "needed_within: three weeks",
            "exchanges[0].needed_within: 'three weeks' is not a duration (did you mean "
            "'3 weeks'?): write a number and a unit, e.g. '6 weeks', '42 days', '36 hours' "
            "or 'P6W'",
        ),
    ],
)
def test_a_time_that_names_an_element_badly_says_how_to_name_it(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """``takes`` and ``needed_within`` take a duration or a reference; an id without its
    system, or a label, is not told only that it is no duration."""
    with pytest.raises(CaseFileError) as raised:
        a.load(write(tmp_path, BASE.replace(old, new)))
    assert raised.value.message == message


def test_duplicate_key(tmp_path: Path) -> None:
    error = error_of(tmp_path, BASE.replace("title: Reports", "title: Reports\ntitle: Again"))
    assert (error.line, error.column) == (2, 1)
    assert "duplicate key 'title' (first given on line 1)" in error.message


def test_a_loop_of_advances_is_placed_where_it_closes(tmp_path: Path) -> None:
    error = error_of(
        tmp_path,
        """\
        title: Services
        systems:
          - {id: a, subject: S, object: O, advances: b}
          - {id: x, subject: S, object: O, advances: a}
          - {id: b, subject: S, object: O, advances: c}
          - {id: c, subject: S, object: O, advances: a}
        """,
    )
    assert (error.line, error.column) == (6, 46)
    assert error.message == (
        "system 'c' advances 'a', which advances 'b', which advances 'c': a loop, but a "
        "system can only advance an earlier form of its activity; remove 'advances' from "
        "one of them [see line 3] [see line 5]"
    )


def test_duplicate_element_id_names_both_places(tmp_path: Path) -> None:
    text = BASE.replace(
        "tools: [Written request]", "tools: [Written request]\n    community: [Written request]"
    )
    error = error_of(tmp_path, text)
    assert "duplicate id 'written-request'" in error.message
    assert (error.line, error.column) == (9, 17)
    assert "[see line 8]" in error.message


@pytest.mark.parametrize(
    ("tool", "member", "advice"),
    [
        ("Liaison", "Liaison", "give one of them an explicit 'id'"),
        ("{id: liaison, label: Talks}", "{id: liaison, label: Workers}", "change one of them"),
        (
            "{id: liaison, label: Talks}",
            "Liaison",
            "change the 'id' at tools[0], or give this element an 'id' of its own",
        ),
        (
            "Liaison",
            "{id: liaison, label: Workers}",
            "change this 'id', or give the element at tools[0] an 'id' of its own",
        ),
    ],
)
def test_a_duplicate_id_is_fixed_as_it_was_given(
    tmp_path: Path, tool: str, member: str, advice: str
) -> None:
    """Advice to write an explicit id is for ids made from labels, not for written ones."""
    text = BASE.replace("tools: [Written request]", f"tools: [{tool}]\n    community: [{member}]")
    error = error_of(tmp_path, text)
    assert error.message == (
        f"duplicate id 'liaison' in system 'court': it is also used at tools[0]; {advice} "
        "[see line 8]"
    )
    assert (error.line, error.column) == (9, 17)


_LONG = "1" + "0" * 5000  # more digits than Python reads as an integer (4,300)


def test_a_json_number_too_long_to_read_is_placed(tmp_path: Path) -> None:
    text = (
        '{\n  "title": "Reports",\n  "systems": [\n'
        f'    {{"id": "court", "subject": "Magistrate", "object": -{_LONG}}}\n  ]\n}}\n'
    )
    error = error_of(tmp_path, text, "case.json")
    assert error.message == (
        "a number too long to read (5,001 digits): if it is meant as text, put it in double quotes"
    )
    assert "set_int_max_str_digits" not in str(error)
    assert (error.line, error.column) == (4, 56)  # at its sign


def test_json_with_a_number_too_long_to_read_is_not_read_as_yaml() -> None:
    """Told by its first character, the text is JSON; read as YAML, the number would be
    text, which a JSON number is not."""
    text = '{"title": ' + "9" * 4400 + ', "systems": [{"id": "a", "subject": "S", "object": "O"}]}'
    with pytest.raises(CaseFileError) as raised:
        a.loads(text)
    assert raised.value.message.startswith("a number too long to read (4,400 digits)")
    assert (raised.value.line, raised.value.column) == (1, 11)


@pytest.mark.parametrize("number", ["1e400", "-1E400", "1.5e+309"])
def test_json_with_a_number_too_large_to_read_is_not_read_as_yaml(number: str) -> None:
    """Text told JSON by its first character (standard input, ``loads`` without a
    format) keeps a number past a float's range a number: read as YAML it would be
    taken for a title."""
    text = '{"title": ' + number + ', "systems": [{"id": "a", "subject": "S", "object": "O"}]}'
    with pytest.raises(CaseFileError) as raised:
        a.loads(text)
    assert raised.value.message.startswith(f"a number too large to read ({number})")
    assert (raised.value.line, raised.value.column) == (1, 11)


def test_a_number_too_long_for_python_is_text_in_yaml() -> None:
    case = a.loads(f"title: {'9' * 4400}\nsystems: [{{id: a, subject: S, object: O}}]\n")
    assert case.title == "9" * 4400


_TAGGED = "title: T\nsystems:\n  - id: court\n    subject: M\n    object: D\n    "


@pytest.mark.parametrize(
    ("written", "column", "message"),
    [
        pytest.param(
            "description: !!null Important text",
            18,
            "the YAML tag '!!null' is not allowed in a case file: remove it; with it, YAML "
            "reads 'Important text' as nothing",
            id="null, which made the text nothing",
        ),
        pytest.param(
            "description: !!str Important text",
            18,
            "the YAML tag '!!str' is not allowed in a case file: remove it",
            id="str",
        ),
        pytest.param(
            "description: !!str null",
            18,
            "the YAML tag '!!str' is not allowed in a case file: remove it; without it, null "
            'means nothing: to keep it as text, write description: "null"',
            id="str, keeping null as text",
        ),
        pytest.param(
            "description: !<tag:yaml.org,2002:str> Important text",
            18,
            "the YAML tag '!<tag:yaml.org,2002:str>' is not allowed in a case file: remove it",
            id="verbatim",
        ),
        pytest.param(
            "community: !!seq [GP]",
            16,
            "the YAML tag '!!seq' is not allowed in a case file: remove it",
            id="seq",
        ),
        pytest.param(
            "community:\n      - !!str ~",
            9,
            "the YAML tag '!!str' is not allowed in a case file: remove it; without it, ~ "
            'means nothing: to keep it as text, write - "~"',
            id="a list item",
        ),
        pytest.param(
            "community: [GP, !!str ~]",
            21,
            "the YAML tag '!!str' is not allowed in a case file: remove it; without it, ~ "
            'means nothing: to keep it as text, write "~"',
            id="an item in brackets, which has no '- '",
        ),
        pytest.param(
            "outcome: {label: !!str null}",
            22,
            "the YAML tag '!!str' is not allowed in a case file: remove it; without it, null "
            'means nothing: to keep it as text, write label: "null"',
            id="a value in braces",
        ),
        pytest.param(
            "tools: [{label: R, values: [x]}]\n    community:\n      - !!str ~",
            9,
            "the YAML tag '!!str' is not allowed in a case file: remove it; without it, ~ "
            'means nothing: to keep it as text, write - "~"',
            id="a list item after a list in brackets",
        ),
        pytest.param(
            "!!str description: Important text",
            5,
            "the YAML tag '!!str' is not allowed in a case file: remove it",
            id="on a key",
        ),
        pytest.param(
            "description: ! Important text",
            18,
            "the YAML tag '!' is not allowed in a case file: remove it; if the '!' is part of "
            'the text, write description: "! Important text"',
            id="the non-specific tag",
        ),
    ],
)
def test_every_tag_is_refused_where_it_is_written(
    tmp_path: Path, written: str, column: int, message: str
) -> None:
    """Even a standard tag changes what a value is without showing it: ``!!null Important
    text`` was read as nothing, the text silently lost."""
    error = error_of(tmp_path, _TAGGED + written + "\n")
    assert error.message == message
    assert (error.line, error.column) == (6 + written.count("\n"), column)


def test_a_yaml_directive_is_no_tag() -> None:
    case = a.loads("%YAML 1.1\n---\n" + _TAGGED + "description: Important text\n")
    assert case.systems[0].description == "Important text"


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("title: &t Reports\nsystems: []\n", 1, 8, "anchor '&t' is not allowed"),
        ("title: x\nsystems:\n  - &s {id: a, subject: S, object: O}\n  - *s\n", 3, 5, "anchor"),
        ("title: !custom Reports\nsystems: []\n", 1, 8, "tag '!custom' is not allowed"),
        ("title: !!python/object:os.system x\nsystems: []\n", 1, 8, "is not allowed"),
        ("title: [unclosed\n", 1, 8, "the list opened with '[' here is not closed"),
        ("", 1, 1, "the file is empty"),
        ("# only a comment\n", 1, 1, "the file is empty"),
        ("- a\n- b\n", 1, 1, "a case file is a mapping"),
        ("title: x\n", 1, 1, "missing required key 'systems'"),
        ("title: x\nsystems: []\n", 2, 10, "systems: a case needs at least one system"),
        (
            "title: x\nsystems: [{id: a, subject: S, object: O}]\n"
            "declared: [{between: [a.subject], level: primary}]\n",
            3,
            22,
            "declared[0].between: a declared contradiction is between two or more elements or "
            "exchanges (two elements of one node for a primary one), got 1",
        ),
        (
            "title: x\nsystems:\n  - {id: a, subject: S, object: O, kind: x}\n",
            3,
            36,
            "unknown key 'kind' in systems[0]",
        ),
    ],
)
def test_yaml_errors(tmp_path: Path, text: str, line: int, column: int, fragment: str) -> None:
    error = error_of(tmp_path, text)
    assert fragment in error.message
    assert (error.line, error.column) == (line, column), str(error)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: x\nsystems:\n\t- {id: a, subject: s, object: o}\n", 3),
        ("title: x\nsystems:\n  - id: a\n\tsubject: s\n", 4),
    ],
)
def test_a_tab_indent_is_named(tmp_path: Path, text: str, line: int) -> None:
    error = error_of(tmp_path, text)
    assert (error.line, error.column) == (line, 1)
    assert error.message == (
        "YAML syntax error: this line's indentation holds a tab, and YAML indents with "
        "spaces only: replace the tab with spaces"
    )


def test_only_a_tab_gets_the_tab_hint(tmp_path: Path) -> None:
    error = error_of(tmp_path, "title: x\nsystems:\n  - id: a\n   subject: s\n")
    assert error.message.startswith("YAML syntax error: ")
    assert "tab" not in error.message


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    error = error_of(tmp_path, "\n".join(lines) + "\n")
    assert "anchor" in error.message


_SHARED_RULES = """\
title: Reports
systems:
  - &court
    id: court
    subject: Magistrate
    object: Defendant
  - <<: *court
    id: mhs
"""


def test_a_merge_key_is_named_at_its_anchor(tmp_path: Path) -> None:
    """Reusing a block with YAML's merge key (``<<: *court``, a YAML 1.1 feature) is
    refused at the anchor, as every anchor is, and told that the merge key is refused
    too, with its line, so that the writer does not move the anchor to try again."""
    error = error_of(tmp_path, _SHARED_RULES)
    assert (error.line, error.column) == (3, 5)
    assert error.message == (
        "YAML anchor '&court' is not allowed in a case file, nor the merge key that "
        "reuses it ('<<: *court', line 7): write each value out in full"
    )


@pytest.mark.parametrize(
    ("system", "line", "column"),
    [
        ("  - id: a\n    subject: S\n    object: O\n    <<: {name: Court}\n", 6, 5),
        ("  - {id: a, subject: S, object: O, <<: {name: Court}}\n", 3, 36),
    ],
)
def test_a_merge_key_without_an_alias_is_named(
    tmp_path: Path, system: str, line: int, column: int
) -> None:
    """``<<`` was told to be an unknown key, with the keys a system takes: it is YAML's
    merge key, which a case file does not take."""
    error = error_of(tmp_path, "title: T\nsystems:\n" + system)
    assert (error.line, error.column) == (line, column)
    assert error.message == (
        "'<<' is YAML's merge key, which a case file does not take: write the keys it "
        "would merge into this mapping"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "fix"),
    [
        ("title: null\nsystems: [{id: a, subject: S, object: O}]\n", 1, 8, 'title: "null"'),
        ("title: T\nsystems: [{id: a, subject: ~, object: O}]\n", 2, 28, 'subject: "~"'),
        (
            "title: T\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    community:\n      - NULL  # the union\n",
            7,
            9,
            '- "NULL"',
        ),
        (
            "title: T\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    community: [GP, null]\n",
            6,
            21,
            '"null"',
        ),
    ],
)
def test_a_null_written_where_text_goes_is_told_how_to_keep_it(
    tmp_path: Path, text: str, line: int, column: int, fix: str
) -> None:
    """``null`` and ``~`` are the only words YAML reads as something other than text in
    a case file: where text must be given, the error says how to write the word."""
    error = error_of(tmp_path, text)
    assert (error.line, error.column) == (line, column)
    word = fix.rpartition(" ")[2]
    assert error.message.endswith(
        f"got nothing (null); YAML reads {word[1:-1]} as nothing: if it is the text, write {fix}"
    )


def test_an_empty_value_is_told_no_quotes(tmp_path: Path) -> None:
    error = error_of(tmp_path, "title:\nsystems: [{id: a, subject: S, object: O}]\n")
    assert error.message == "title: expected text, got nothing (null)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: T\nsystems: null\n", "systems: expected a list, got nothing (null)"),
        (
            "title: T\nsystems: [null]\n",
            "systems[0]: expected a mapping (key: value), got nothing (null)",
        ),
        (
            "title: T\nsystems: [{id: a, subject: S, object: O}]\ndeclared: [~]\n",
            "declared[0]: expected a mapping (key: value), got nothing (null)",
        ),
    ],
)
def test_a_null_where_no_text_goes_is_not_told_to_write_it_as_text(
    tmp_path: Path, text: str, message: str
) -> None:
    """A list or a mapping written ``null``: written in quotes, the word would be refused
    in turn, so the error does not suggest it."""
    assert error_of(tmp_path, text).message == message


def test_a_null_in_json_is_told_no_yaml() -> None:
    with pytest.raises(CaseFileError) as raised:
        a.loads('{"title": null, "systems": [{"id": "a", "subject": "S", "object": "O"}]}')
    assert raised.value.message == "title: expected text, got nothing (null)"


@pytest.mark.parametrize(
    ("key", "kind"), [("? [a, b]\n: x\n", "a list"), ("? {a: b}\n: x\n", "a mapping")]
)
def test_a_key_that_is_no_text_is_told_what_it_is(tmp_path: Path, key: str, kind: str) -> None:
    error = error_of(tmp_path, "title: T\n" + key)
    assert (error.line, error.column) == (2, 3)
    assert error.message == (
        f"a key must be plain text, not {kind}: write each key as a word followed by ':' "
        "(such as 'tools:')"
    )


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as handle:
        handle.write("title: x\ndescription: '")
        handle.write("x" * (10 * 1024 * 1024))
        handle.write("'\n")
    with pytest.raises(CaseFileError, match="at most 10 MiB"):
        a.load(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: x\nsystems:\n  - {id: a, subject: Caf\xe9, object: O}\n")
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (3, 25)
    assert "not valid UTF-8" in raised.value.message


#: A case as Notepad saves it in its "ANSI" encoding on a Western Windows: Windows-1252,
#: with CRLF line endings, a curly apostrophe (0x92), an en dash (0x96) and a pound sign.
WINDOWS_1252 = (
    "title: Magistrates\u2019 court \u2013 reports\r\n"
    "systems:\r\n"
    "  - {id: a, subject: Fees \u00a3300, object: O}\r\n"
).encode("cp1252")


@pytest.mark.parametrize("name", ["case.yaml", "case.json"])
def test_a_windows_1252_file_is_told_its_encoding_and_how_to_save_it(
    tmp_path: Path, name: str
) -> None:
    """The first bad byte is named with the character it is in Windows-1252, at its
    place as an editor counts it (CRLF ends a line; the column is a character's)."""
    path = tmp_path / name
    path.write_bytes(WINDOWS_1252)
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (1, 19)
    assert raised.value.message == (
        "the file is not valid UTF-8 (byte 0x92, '\u2019' in Windows-1252): it reads as "
        "Windows-1252 ('ANSI' in Notepad, 'Western' in other editors); save it as UTF-8 "
        "(in Notepad: File, Save as, Encoding 'UTF-8')"
    )
    assert path.read_bytes() == WINDOWS_1252


def test_a_byte_pasted_into_a_utf8_file_is_told_at_each_place(tmp_path: Path) -> None:
    """A file in UTF-8 but for a few bytes (text pasted from a program that wrote
    Windows-1252) is not told to save the file as UTF-8, which would not mend those
    bytes, but to retype each, and every place is listed."""
    path = tmp_path / "case.yaml"
    path.write_bytes(
        "title: Caf\u00e9 reports\r\n".encode()
        + b"description: the court\x92s view\r\n"
        + b"systems:\r\n  - {id: a, subject: S \x96 T, object: O}\r\n"
    )
    error, places = refusal(path)
    assert places == [(2, 23), (4, 24)]
    assert error.problems[0].message == (
        "byte 0x92 is not valid UTF-8, as the rest of the file is ('\u2019' in "
        "Windows-1252, as text pasted from another program can bring): retype the "
        "character here"
    )
    assert error.message.endswith("(and 1 more problem)")


def test_bad_bytes_are_placed_on_their_line_with_old_mac_line_endings() -> None:
    """Lines end at a CR alone too, as YAML and editors count them."""
    data = b"title: x\rsystems:\r  - {id: a, subject: Caf\xe9, object: O}\r"
    with pytest.raises(CaseFileError) as raised:
        load_stream(io.BytesIO(data))
    assert (raised.value.line, raised.value.column) == (3, 25)


@pytest.mark.parametrize("text", [BASE, '{"title": "Reports", "systems": []}'])
def test_nul_bytes_at_the_end_are_told_as_a_save_cut_short(tmp_path: Path, text: str) -> None:
    """NUL bytes after the text are what a save interrupted by a crash, a full disk or a
    sync leaves: told so in YAML and JSON alike, at the first of them, not refused as a
    control character or as text after the JSON."""
    path = tmp_path / ("case.json" if text.startswith("{") else "case.yaml")
    data = text.replace("\n", "\r\n").encode() + b"\x00" * 5
    path.write_bytes(data)
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    lines = text.replace("\n", "\r\n").encode().split(b"\r\n")
    assert (raised.value.line, raised.value.column) == (len(lines), len(lines[-1]) + 1)
    assert raised.value.message == (
        "the file ends in 5 NUL bytes, which editors may not show: what saved it may have "
        "been cut short (a crash, a full disk, a sync): check that the end of the case is "
        "all there, then remove them"
    )


def test_a_file_of_nul_bytes_only_is_told_its_text_was_lost(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (1, 1)
    assert raised.value.message == (
        "the file holds only NUL bytes (4096), no text: its saving was cut short and its "
        "text lost; restore it from a backup or an earlier version"
    )


#: What a case file in UTF-16 or UTF-32 is told after ``the file is ``.
UTF16_LE = (
    "UTF-16 (little-endian), not UTF-8 ('UTF-16 LE' or 'Unicode' in Notepad, and what "
    "Windows PowerShell's '>' writes): save it as UTF-8 (in Notepad: File, Save as, "
    "Encoding 'UTF-8'; in Windows PowerShell, '| Out-File -Encoding utf8 FILE' instead "
    "of '> FILE')"
)
UTF16_BE = (
    "UTF-16 (big-endian), not UTF-8 ('UTF-16 BE' or 'Unicode big endian' in Notepad): "
    "save it as UTF-8 (in Notepad: File, Save as, Encoding 'UTF-8')"
)
UTF32_BE = (
    "UTF-32 (big-endian), not UTF-8: save it as UTF-8 (in the editor that wrote it: "
    "Save as, Encoding 'UTF-8')"
)


@pytest.mark.parametrize(
    ("encoding", "told"),
    [
        ("utf-16-le", UTF16_LE),
        ("utf-16-be", UTF16_BE),
        ("utf-16", UTF16_LE),
        ("utf-32-be", UTF32_BE),
    ],
)
@pytest.mark.parametrize("text", [BASE, '{"title": "Reports", "systems": []}'])
def test_utf16_and_utf32_are_named_with_or_without_a_byte_order_mark(
    encoding: str, told: str, text: str
) -> None:
    """Without a mark, UTF-16 text is valid UTF-8 with a NUL beside each ASCII character:
    it is not told to remove a control character, but which encoding it is in, as
    Notepad names it, and how to save it as UTF-8, on standard input (``check -``) too,
    in YAML and JSON alike."""
    data = text.encode(encoding)
    with pytest.raises(CaseFileError) as raised:
        load_stream(io.BytesIO(data))
    assert str(raised.value) == f"<stdin>:1:1: the file is {told}"


def _zipped(*parts: str) -> bytes:
    """A ZIP archive of empty ``parts``, as an office document is one."""
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return data.getvalue()


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (_zipped("[Content_Types].xml", "word/document.xml"), "a Word document (.docx)"),
        (_zipped("[Content_Types].xml", "xl/workbook.xml"), "an Excel workbook (.xlsx)"),
        (_zipped("mimetype", "content.xml"), "a document in a word processor's"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "an older Word or Excel document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
        (b"{\\rtf1\\ansi\\cocoartf2709\n\\f0 title: Reports\\\n}", "rich text (RTF)"),
    ],
)
@pytest.mark.parametrize("name", ["case.yaml", "case.json"])
def test_a_document_renamed_as_a_case_file_is_told_what_it_is(
    data: bytes, named: str, name: str, tmp_path: Path
) -> None:
    """A Word file renamed .yaml, or a case saved by TextEdit as rich text, is told what
    it is and how to save it as text, not that a byte is not UTF-8 or a brace not closed."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (1, 1)
    assert raised.value.message.startswith(f"the file is {named}")
    assert "not plain text" in raised.value.message
    assert "UTF-8" in raised.value.message


@pytest.mark.parametrize("ending", [b"\x1a", b"\r\n\x1a", b"\x1a\x1a"])
def test_a_ctrl_z_at_the_end_of_the_file_ends_it(ending: bytes, tmp_path: Path) -> None:
    """Ctrl+Z, the end-of-file mark of MS-DOS that some Windows programs still add, is
    read as the end of the file: the case is the one without it. Elsewhere it is a
    control character like any other."""
    path = tmp_path / "dos.yaml"
    path.write_bytes(BASE.replace("\n", "\r\n").encode().rstrip(b"\r\n") + ending)
    assert a.load(path) == a.loads(BASE)
    path.write_bytes(BASE.replace("Reports", "Reports\x1a", 1).encode())
    with pytest.raises(CaseFileError, match=r"control character U\+001A"):
        a.load(path)


@pytest.mark.skipif(os.sep != "/", reason="Windows reads a backslash as a separator")
def test_a_name_with_windows_backslashes_is_told_the_name_that_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cases\\court.yaml``, copied from a command written on Windows, names nothing
    where folders are separated by '/': the error says which name is there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "court.yaml").write_text(BASE, encoding="utf-8")
    for given, there in (("cases\\court.yaml", "cases/court.yaml"), ("cases\\", "cases/")):
        with pytest.raises(CaseFileError) as raised:
            a.load(given)
        assert raised.value.message.endswith(
            f"(did you mean {there!r}? folders are separated by '/' here, not '\\')"
        )
    with pytest.raises(CaseFileError) as raised:
        a.load("cases\\other.yaml")
    assert raised.value.message == "no such file"


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode())
    assert a.load(path).title == "Reports"


@pytest.mark.parametrize("name", ["cases", "cases.yaml"])
def test_a_folder_is_not_a_case_file(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    with pytest.raises(CaseFileError) as raised:
        a.load(folder)
    assert str(raised.value) == f"{folder}: is a folder, not a case file (.yaml, .yml or .json)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "case.yaml"
    os.mkfifo(pipe)
    with pytest.raises(CaseFileError) as raised:
        a.load(pipe)  # opening it would wait for ever for something to write
    assert str(raised.value) == f"{pipe}: is not a regular file (a pipe, a socket or a device)"


def test_a_pipe_is_refused_as_no_regular_file_before_its_missing_extension() -> None:
    """``load("/dev/fd/63")`` of ``<(generate ...)``: a pipe cannot be given an
    extension, so it is not told to use one."""
    read, write = os.pipe()
    try:
        with pytest.raises(CaseFileError) as raised:
            a.load(f"/dev/fd/{read}")
    finally:
        os.close(read)
        os.close(write)
    assert raised.value.message == "is not a regular file (a pipe, a socket or a device)"


def test_missing_file_and_bad_extension(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        a.load(tmp_path / "nope.yaml")
    (tmp_path / "case.txt").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"unknown case-file extension '\.txt'"):
        a.load(tmp_path / "case.txt")
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "gone.txt")
    assert raised.value.message == "no such file or folder"
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "case")
    assert raised.value.message == "no such file or folder"
    (tmp_path / "case").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "case")
    assert raised.value.message == "no extension: use .yaml, .yml or .json"


class FilePath:
    """A path that is no ``pathlib.Path``: any object with ``__fspath__``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def __fspath__(self) -> str:
        return self.path


def test_any_path_like_is_a_case_file_to_load_or_write(tmp_path: Path) -> None:
    case = a.load(FilePath(write(tmp_path, BASE, "case.yaml")))
    (entry,) = os.scandir(tmp_path)
    assert a.load(entry) == case
    written = a.dump(case, FilePath(tmp_path / "copy.json"))
    assert written == tmp_path / "copy.json"
    assert a.load(written) == case


def test_a_path_like_is_named_by_its_path_in_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError) as raised:
        a.load(FilePath(tmp_path / "nope.yaml"))
    assert str(raised.value) == f"{tmp_path / 'nope.yaml'}: no such file"
    with pytest.raises(CaseFileError) as raised:
        a.loads("title: [", path=FilePath("typed.yaml"))
    assert raised.value.path == "typed.yaml"


def test_a_name_without_its_extension_finds_the_case_file(tmp_path: Path) -> None:
    write(tmp_path, BASE, "my-case.yaml")
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "my-case")
    wanted = str(tmp_path / "my-case.yaml")
    assert raised.value.message == f"no such file (did you mean {wanted!r}?)"
    (tmp_path / "my-case").write_text(BASE, encoding="utf-8")  # a file of that very name
    with pytest.raises(CaseFileError) as raised:
        a.load(tmp_path / "my-case")
    assert raised.value.message == "no extension: use .yaml, .yml or .json"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("21", "'21' has no unit: say hours, days or weeks, e.g. '21 weeks'"),
        ("2.5", "'2.5' has no unit: say hours, days or weeks, e.g. '2.5 weeks'"),
        (
            "true",
            "expected a duration such as '6 weeks' or a range such as '3-6 weeks', got true/false",
        ),
        (
            "[3, 6]",
            "expected a duration such as '6 weeks' or a range such as '3-6 weeks', got a list",
        ),
        (
            '{"min": 3, "max": "6 weeks"}',
            "'min' must be a duration such as '3 weeks', got a number",
        ),
    ],
)
def test_a_json_duration_that_is_not_text_says_what_it_got(
    tmp_path: Path, value: str, message: str
) -> None:
    path = tmp_path / "case.json"
    path.write_text(
        '{"title": "x", "systems": [{"id": "c", "subject": "s", "object": "o",\n'
        f' "rules": [{{"label": "r", "time_limit": {value}}}]}}]}}'
    )
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert raised.value.message == f"systems[0].rules[0].time_limit: {message}"
    assert (raised.value.line, raised.value.column) == (2, 41)


def test_json_loads_the_same_model(tmp_path: Path) -> None:
    from activity_systems.io.dumping import case_to_data

    yaml_case = a.load(write(tmp_path, BASE))
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case_to_data(yaml_case), indent=2))
    assert a.load(path) == yaml_case


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('{"title": "x",\n "title": "y"}', 2, 2, "duplicate key 'title' (first given on line 1)"),
        (
            '{"title": "x", "subject": 1,\n "systems": [{"id": "a", "subject": "S",\n'
            '   "subject": "T", "object": "O"}],\n "subject": 2}',
            3,
            4,
            "duplicate key 'subject' (first given on line 2)",  # the object JSON refused
        ),
        # a duplicate key before a syntax error further on: JSON stops at the key, and
        # the text after it, which cannot be composed, does not lose its place
        (
            '{"title": "x", "systems": [{"id": "a", "subject": {},\n "id": "b"},\n'
            ' "object": "O"}]}',
            2,
            2,
            "duplicate key 'id' (first given on line 1)",
        ),
        (
            '{"title": "x",\n "title": "y", "say \\"title\\"": {"title": 1}} oops',
            2,
            2,
            "duplicate key 'title' (first given on line 1)",
        ),
        ('{"title": "x",\n "systems": [}', 2, 14, "JSON syntax error"),
        # a number past a float's range, which Python reads as infinity: told as written,
        # not as 'inf'
        (
            '{"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O",\n'
            ' "rules": [{"label": "r", "time_limit": 1e400}]}]}',
            2,
            41,
            "a number too large to read (1e400): if it is meant as text, put it in double quotes",
        ),
        (
            '{"title": "x",\n "systems": [{"id": "a", "subject": "S", "object": "O"},\n ]}',
            2,
            56,
            "JSON syntax error: remove the comma after the last item (JSON allows none before ']')",
        ),
        (
            '{"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O"}] , }',
            1,
            72,
            "JSON syntax error: remove the comma after the last item (JSON allows none before '}')",
        ),
        ('{"title": "x", "systems": [,]}', 1, 28, "JSON syntax error: a ',' with nothing before"),
        # a comma before the wrong bracket: removing it would not help
        ('{"title": "x",]', 1, 15, "JSON syntax error: Expecting property name"),
        # a comma before a bracket that is not trailing: the key has no value
        ('{"title",}', 1, 9, "JSON syntax error: Expecting ':' delimiter"),
        (
            '{"title": 12, "systems": [{"id": "a", "subject": "S", "object": "O"}]}',
            1,
            11,
            "expected text, got a number",
        ),
        (
            '{"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O",\n'
            '  "tools": [{"label": "R", "turnaround": NaN}]}]}',
            2,
            42,
            "NaN is not valid JSON",
        ),
        ('{"title": "NaN", "systems": -Infinity}', 1, 29, "-Infinity is not valid JSON"),
        # what a writer of YAML, Python or JavaScript does in JSON, said in the file's terms
        ("# Reports\ntitle: x\nsystems: []\n", 1, 1, "this file is YAML, not JSON: name it .yaml"),
        ('{"title": "x",\n  // the systems\n  "systems": []}', 2, 3, "JSON has no comments"),
        ('{"title": "x",\n "systems": [{"id": "a"}\n', 2, 13, "the '[' opened here is not closed"),
        ('{"title": "x"\n "systems": []}', 2, 2, "a ',' is missing before this"),
        ("{'title': 'x'}", 1, 2, 'JSON puts keys and text in double quotes ("..."), not single'),
        ('{title: "x"}', 1, 2, 'JSON puts keys and text in double quotes: "title"'),
        ('{"title": Reports}', 1, 11, 'JSON puts keys and text in double quotes: "Reports"'),
        ('{"title": "x", "systems": None}', 1, 27, "JSON writes None as null"),
        ('{"title": "x", "systems": []}\n{}', 2, 1, "text after the end of the JSON"),
        ('{"title": "x",, "systems": []}', 1, 15, "a ',' with nothing before it: remove it"),
        # pasted from a word processor
        (
            '{"title": \u201cRowan Ward\u201d}',
            1,
            11,
            'JSON puts keys and text in straight double quotes ("..."), not typographic '
            "ones (\u201c...\u201d, as a word processor writes them)",
        ),
        (
            '{\u201ctitle\u201d: "x"}',
            1,
            2,
            'JSON puts keys and text in straight double quotes ("..."), not typographic ones',
        ),
        ('{"title": \u2018x\u2019}', 1, 11, "not typographic ones"),
    ],
)
def test_json_errors(tmp_path: Path, text: str, line: int, column: int, fragment: str) -> None:
    error = error_of(tmp_path, text, "case.json")
    assert fragment in error.message
    assert (error.line, error.column) == (line, column), str(error)


@pytest.mark.parametrize(
    ("text", "place", "bracket_error", "comma_error"),
    [
        ('{"title": "x",\n "systems": [1,\n ]}', (2, 15), "Expecting value", "array"),
        (
            '{"title": "x", "systems": [] , }',
            (1, 30),
            "Expecting property name enclosed in double quotes",
            "object",
        ),
    ],
)
@pytest.mark.parametrize("at_comma", [False, True], ids=["at-bracket", "at-comma"])
def test_a_trailing_comma_is_named_whichever_way_the_parser_reports_it(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    place: tuple[int, int],
    bracket_error: str,
    comma_error: str,
    at_comma: bool,
) -> None:
    # Up to Python 3.12 the parser stops at the closing bracket, expecting another item;
    # Python 3.13 stops at the comma, with a message of its own. Both are made here, so
    # either is tested on any Python.
    from activity_systems.io import json_source

    comma = text.rindex(",")
    closing = text[comma + 1 :].lstrip()[0]
    if at_comma:
        message = f"Illegal trailing comma before end of {comma_error}"
        error = json.JSONDecodeError(message, text, comma)
    else:
        error = json.JSONDecodeError(bracket_error, text, text.index(closing, comma))

    def loads(*args: object, **kwargs: object) -> object:
        raise error

    fake = SimpleNamespace(loads=loads, JSONDecodeError=json.JSONDecodeError)
    monkeypatch.setattr(json_source, "json", fake)
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, format="json")
    assert raised.value.message == (
        "JSON syntax error: remove the comma after the last item "
        f"(JSON allows none before '{closing}')"
    )
    assert (raised.value.line, raised.value.column) == place


def test_yaml_text_given_as_json_is_told_the_format_not_a_file_name() -> None:
    # "name it .yaml" is for a file; loads reads a string
    text = "title: x\nsystems: [{id: a, subject: S, object: O}]\n"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, format="json")
    assert raised.value.message == (
        'JSON syntax error: this text is YAML, not JSON: read it with format="yaml", or '
        "leave format out (or write it as JSON)"
    )
    assert a.loads(text, format="yaml") == a.loads(text)


def test_a_long_unquoted_word_in_json_is_not_quoted_back_whole(tmp_path: Path) -> None:
    # the advice quoted all 10,500 characters of it, in double quotes
    error = error_of(tmp_path, '{"title": ' + "Reports" * 1_500 + "}", "case.json")
    assert error.message == 'JSON syntax error: JSON puts keys and text in double quotes ("...")'
    assert (error.line, error.column) == (1, 11)


@pytest.mark.parametrize(
    ("label", "fragment"),
    [
        ("evil\u202eoverride", "bidirectional control character U+202E"),
        ("nul\x07bell", "control character U+0007"),
        ("x" * 5001, "at most 5000 characters"),
        ("   ", "may not be empty"),
    ],
)
def test_bad_label_text_is_located(tmp_path: Path, label: str, fragment: str) -> None:
    text = BASE.replace("subject: Psychiatrist", f"subject: {json.dumps(label)}")
    error = error_of(tmp_path, text)
    assert fragment in error.message
    assert (error.line, error.column) == (10, 14)


@pytest.mark.parametrize(
    ("subject", "newline", "column", "fragment"),
    [
        ("Psy\x00chiatrist", "\n", 17, "control character U+0000"),
        ("Psychiatrist \x1b[2J", "\n", 27, "control character U+001B"),
        ("Ψυχίατρος 🧠\x7f", "\r\n", 25, "control character U+007F"),
        ("Psy\ufffe", "\r", 17, "character U+FFFE"),
    ],
)
def test_raw_control_characters_are_located(
    tmp_path: Path, subject: str, newline: str, column: int, fragment: str
) -> None:
    """The C parser reports a byte offset; the error gives the line and column in text."""
    text = BASE.replace("subject: Psychiatrist", f"subject: {subject}").replace("\n", newline)
    path = tmp_path / "case.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert raised.value.message == f"the {fragment} is not allowed in a case file; remove it"
    assert (raised.value.line, raised.value.column) == (10, column), str(raised.value)


def test_lone_surrogates_are_refused(tmp_path: Path) -> None:
    error = error_of(tmp_path, BASE.replace("subject: Psychiatrist", 'subject: "\\ud800"'))
    assert (error.line, error.column) == (10, 17)
    assert "invalid Unicode" in error.message
    text = '{"title": "x", "systems": [{"id": "a", "subject": "\\ud800", "object": "O"}]}'
    error = error_of(tmp_path, text, "case.json")
    assert "lone surrogate" in error.message
    assert (error.line, error.column) == (1, 51)


@pytest.mark.parametrize(
    ("key", "at", "where"),
    [
        ('"\\ud800"', (1, 1), "the case"),
        ('"title\\udc80"', (1, 1), "the case"),
    ],
)
def test_a_lone_surrogate_in_a_json_key_is_told_as_one(
    key: str, at: tuple[int, int], where: str
) -> None:
    """A JSON key may escape a surrogate as a value may; it was told in Pydantic's words,
    'unable to parse raw data as a unicode string', naming no key."""
    text = '{"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O"}], ' + key
    with pytest.raises(CaseFileError) as raised:
        a.loads(text + ": 1}", format="json")
    name = json.loads(key)
    code = f"{next(ord(c) for c in name if 0xD800 <= ord(c) <= 0xDFFF):04X}"
    index = next(i for i, c in enumerate(name) if 0xD800 <= ord(c) <= 0xDFFF) + 1
    assert raised.value.message == (
        f"{where}: the key {name!r} contains a lone surrogate (U+{code}) at character "
        f"{index}: not valid text"
    )
    assert (raised.value.line, raised.value.column) == at


def test_lone_surrogates_in_text_given_as_str_are_located() -> None:
    """A str (not a file) can hold a surrogate; the C parser cannot even take it."""
    with pytest.raises(CaseFileError) as raised:
        a.loads("title: x\nsystems: \ud800\n")
    assert (
        raised.value.message == "the lone surrogate U+D800 is not allowed in a case file; remove it"
    )
    assert (raised.value.line, raised.value.column) == (2, 10)
    # JSON takes it; the error is placed by composing the text as YAML, which must cope.
    with pytest.raises(CaseFileError) as raised:
        a.loads('{"title": "x",\n "systems": [{"id": "\udc80"}]}', format="json")
    assert "not a valid id" in raised.value.message
    assert (raised.value.line, raised.value.column) == (2, 21)
    with pytest.raises(CaseFileError) as raised:
        a.loads('{"title": "x\ufffe",\n "systems": 1}', format="json")
    assert (raised.value.line, raised.value.column) == (2, 13)


def test_rtl_marks_and_emoji_are_fine(tmp_path: Path) -> None:
    text = BASE.replace("subject: Psychiatrist", 'subject: "طبيب نفسي\u200f 🧠"')
    assert a.load(write(tmp_path, text)).system("mhs").subject.label.endswith("🧠")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    error = error_of(tmp_path, "title: " + "[" * 10000 + "]" * 10000 + "\n")
    assert "nested more than 64 levels" in error.message
    # JSON too deep for Python's parser: placed where it passes the same depth as YAML;
    # brackets inside text do not count.
    text = '{"title": "[[[{{{\\"",\n "systems": ' + "[" * 2000 + "]" * 2000 + "}"
    error = error_of(tmp_path, text, "case.json")
    assert error.message == "nested more than 64 levels deep"
    assert (error.line, error.column) == (2, 77)


@pytest.mark.parametrize(("opening", "closing"), [("{a: ", "}"), ("[", "]")])
def test_reading_stops_soon_after_the_depth_limit(
    opening: str, closing: str, tmp_path: Path
) -> None:
    """The YAML parser's work per token grows with the depth (libyaml before 0.2.6 sets no
    limit of its own): read to the end, a file of 100,000 levels took minutes. Reading
    stops soon after the limit, so a syntax error at the very end is not reached."""
    levels = 100_000
    text = "title: x\nsystems: " + opening * levels + "1" + closing * levels + "\n: :\n"
    start = time.monotonic()
    error = error_of(tmp_path, text)
    assert time.monotonic() - start < 5
    assert error.message == "nested more than 64 levels deep"
    assert error.line == 2


def test_json_depth_limit_does_not_depend_on_the_recursion_limit(tmp_path: Path) -> None:
    import sys

    text = '{"title": "x",\n "systems": ' + "[" * 200 + "]" * 200 + "}"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(3000)  # as IPython does
    try:
        error = error_of(tmp_path, text, "deep.json")
    finally:
        sys.setrecursionlimit(limit)
    assert "nested more than 64 levels" in error.message
    assert (error.line, error.column) == (2, 77)


def test_loads_names_its_formats_in_any_case_and_refuses_others() -> None:
    text = '{"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}]}'
    assert a.loads(text, format="JSON").title == "T"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format must be 'yaml' or 'json', not 'toml'"):
        a.loads("title: T", format="toml")  # type: ignore[arg-type]


def test_loads_reads_json_by_its_first_character() -> None:
    """As check - does: JSON text needs no format= to get JSON's error messages."""
    with pytest.raises(CaseFileError) as raised:
        a.loads('\n  {"title": "T",, "systems": []}')
    assert (raised.value.path, raised.value.line, raised.value.column) == ("<string>", 2, 17)
    assert raised.value.message.startswith("JSON syntax error: a ',' with nothing before it")
    text = '{"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}]}'
    assert a.loads(text) == a.loads(text, format="json")


def test_loads_reads_yaml_unless_the_text_starts_with_a_brace() -> None:
    text = "title: T\nsystems: [{id: a, subject: S, object: O}]\n"
    assert a.loads(text).systems[0].id == "a"
    with pytest.raises(CaseFileError, match=r"^<string>:1:9: YAML syntax error: "):
        a.loads("title: T: U\nsystems: []\n")
    with pytest.raises(CaseFileError) as raised:
        a.loads("title: T: U\nsystems: []\n", format="json")
    assert raised.value.message.startswith("JSON syntax error")


def test_text_that_starts_with_a_brace_and_is_yaml_not_json_is_read_as_yaml() -> None:
    flow = "{title: T, systems: [{id: a, subject: S, object: O}]}"
    assert a.loads(flow) == a.loads(flow, format="yaml")
    with pytest.raises(CaseFileError, match="JSON syntax error"):
        a.loads(flow, format="json")  # an explicit format wins
    # neither JSON nor YAML: JSON's error, where JSON found it
    with pytest.raises(CaseFileError, match=r"^<string>:1:15: JSON syntax error: a .,. is missing"):
        a.loads('{"title": "T" "systems": [}')
    # the same from standard input
    stream = io.BytesIO(flow.encode())
    assert load_stream(stream)[0] == a.loads(flow, format="yaml")


@pytest.mark.parametrize(
    "text",
    [
        "{title: T,\n systems: [{id: a, subject: S, object: O},\n   {id: b subject: S}]}",
        "{title: T, systems: [{id: a, subject: S, object: O}]",
        "{'title': T, systems: [{id: a, subject: S, object: O}]",
    ],
)
def test_yaml_written_in_braces_gets_yaml_s_error_where_yaml_found_it(text: str) -> None:
    """Its first key is not in double quotes, as in JSON it always is: JSON's error at
    that key would say nothing of what is wrong, nor where."""
    with pytest.raises(CaseFileError) as sniffed:
        a.loads(text)
    with pytest.raises(CaseFileError) as as_yaml:
        a.loads(text, format="yaml")
    assert str(sniffed.value) == str(as_yaml.value)
    assert "YAML syntax error" in sniffed.value.message
    stream = io.BytesIO(text.encode())
    with pytest.raises(CaseFileError) as from_stdin:
        load_stream(stream)
    assert from_stdin.value.message == as_yaml.value.message


@pytest.mark.parametrize(
    ("line", "place", "message"),
    [
        (
            "  - {id: inreach, subject: S, object: O, community: GP, nurse}\n",
            (3, 57),
            "systems[0]: 'nurse' has no ':' after it, so it is not a key: inside {...} a ',' "
            "ends a value, and 'community' got only the text before it; write "
            "community: [GP, nurse]",
        ),
        (
            "  - {id: c, subject: S, object: O, tools: [{label: Report, for the bench}]}\n",
            (3, 60),
            "systems[0].tools[0]: 'for the bench' has no ':' after it, so it is not a key: "
            "inside {...} a ',' ends a value, and 'label' got only the text before it; write "
            'label: "Report, for the bench"',
        ),
        (  # cut at two commas: one problem, with the whole value
            "  - {id: inreach, subject: S, object: O, community: GP, nurse, chaplain}\n",
            (3, 57),
            "systems[0]: 'nurse' has no ':' after it, so it is not a key: inside {...} a ',' "
            "ends a value, and 'community' got only the text before it; write "
            "community: [GP, nurse, chaplain]",
        ),
    ],
)
def test_a_comma_inside_braces_that_cut_a_value_short_is_named(
    line: str, place: tuple[int, int], message: str
) -> None:
    """In {k: a, b}, YAML reads 'b' as a key of its own: the one problem is the comma, not
    an unknown key and a value of the wrong type."""
    with pytest.raises(CaseFileError) as raised:
        a.loads(f"title: T\nsystems:\n{line}", path="case.yaml")
    error = raised.value
    assert len(error.problems) == 1
    assert ((error.line, error.column), error.message) == (place, message)


@pytest.mark.parametrize(
    ("lines", "place", "message"),
    [
        (
            "    community:\n      - Court ushers: front desk\n",
            (7, 9),
            "systems[0].community[0]: 'Court ushers: front desk' reads as the key 'Court "
            "ushers' and its value, since YAML takes ': ' for the end of a key: put the whole "
            'text in quotes, "Court ushers: front desk"',
        ),
        (
            "    community: [Defence, CPS: prosecutors]\n",
            (6, 26),
            "systems[0].community[1]: 'CPS: prosecutors' reads as the key 'CPS' and its "
            "value, since YAML takes ': ' for the end of a key: put the whole text in quotes, "
            '"CPS: prosecutors"',
        ),
        (
            "    division_of_labour:\n      - Decide: adjourn or not\n",
            (7, 9),
            "systems[0].division_of_labour[0]: 'Decide: adjourn or not' reads as the key "
            "'Decide' and its value, since YAML takes ': ' for the end of a key: put the whole "
            'text in quotes, "Decide: adjourn or not"',
        ),
        (
            "    rules:\n      - Remand:\n",
            (7, 9),
            "systems[0].rules[0]: 'Remand:' reads as the key 'Remand' with no value, since "
            "YAML takes a ':' at the end of a line for the end of a key: drop the ':', or put "
            'the whole text in quotes, "Remand:"',
        ),
    ],
)
def test_a_text_with_a_colon_where_an_element_belongs_is_one_problem(
    lines: str, place: tuple[int, int], message: str
) -> None:
    """'- Court ushers: front desk' is a mapping to YAML; the one problem is the missing
    quotes, not an unknown key and the element's missing id and label."""
    text = f"title: T\nsystems:\n  - id: court\n    subject: S\n    object: O\n{lines}"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    error = raised.value
    assert [(p.line, p.column, p.message) for p in error.problems] == [(*place, message)]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (
            '{"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O", '
            '"community": [{"Court ushers": "front desk"}]}]}',
            "json",
        ),
        ("Court ushers: front desk\n", "yaml"),
    ],
)
def test_a_key_that_is_no_text_with_a_colon_stays_an_unknown_key(text: str, fmt: str) -> None:
    """In JSON a key is quoted, and a case is no element: neither is told about quotes."""
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, format=fmt, path="case")  # type: ignore[arg-type]
    assert raised.value.message.startswith("unknown key 'Court ushers' in ")


def test_a_misspelt_key_alone_in_an_element_is_still_a_misspelt_key() -> None:
    text = "title: T\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text + "    tools:\n      - lable: Report\n", path="case.yaml")
    assert raised.value.message.startswith(
        "unknown key 'lable' in systems[0].tools[0] (did you mean 'label'?)"
    )


def test_a_task_named_without_its_system_gets_its_reference() -> None:
    text = (
        BASE.replace(
            "    tools: [Written request]\n",
            "    tools: [Written request]\n    division_of_labour: [{task: Decide on remand}]\n",
        )
        + "declared:\n  - {between: [decide-on-remand, court.targets], level: secondary}\n"
    )
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message.endswith("(did you mean 'court.decide-on-remand'?)")


def test_anchors_written_by_pyyaml_say_how_to_write_the_case() -> None:
    import yaml

    values = ["treatment"]  # one list in two places: PyYAML writes an anchor and an alias
    data = {
        "title": "T",
        "systems": [
            {"id": s, "subject": "S", "object": {"label": "O", "values": values}} for s in "ab"
        ],
    }
    with pytest.raises(CaseFileError) as raised:
        a.loads(yaml.safe_dump(data))
    assert raised.value.message.endswith(
        "PyYAML's dump writes these where one Python list or dict is used twice: write the "
        "case with activity_systems.dump(case, path) instead"
    )
    with pytest.raises(CaseFileError) as raised:
        a.loads("title: &mine T\nsystems: []\n")
    assert "PyYAML" not in raised.value.message


@pytest.mark.parametrize(("between", "count"), [("[court]", 1), ("[]", 0), ("[court, mhs, x]", 3)])
def test_an_assessment_between_other_than_two_systems_says_so(between: str, count: int) -> None:
    text = BASE + f"integration:\n  - {{between: {between}, current: linkage, desired: linkage}}\n"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    error = raised.value
    assert [str(problem) for problem in error.problems] == [
        f"case.yaml:{text.count(chr(10))}:15: integration[0].between: expected 2 items "
        f"(the two systems), got {count}"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "from: mhs",
            "from: MHS",
            "exchanges[0].from: 'MHS' is not a system's id (did you mean 'mhs'?)",
        ),
        (
            "to: court",
            "to: The court",
            "exchanges[0].to: 'The court' is not a system's id (did you mean 'court'?)",
        ),
        (
            "needed_within: court.targets",
            "needed_within: Court.targets",
            "exchanges[0].needed_within: 'Court.targets' is neither a duration nor a "
            "reference: write a duration such as '6 weeks', or name the rule as "
            "<system>.<rule-id>, e.g. 'court.targets' (did you mean 'court.targets'?)",
        ),
    ],
)
def test_a_system_named_otherwise_than_by_its_id_gets_its_id(
    old: str, new: str, message: str
) -> None:
    """'MHS' where the system's id is 'mhs': the id to write, not the slug of the text
    ('the-court'), which names no system either."""
    with pytest.raises(CaseFileError) as raised:
        a.loads(BASE.replace(old, new), path="case.yaml")
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "from: mhs",
            "from: Community mental health services",
            "exchanges[0].from: 'Community mental health services' is the name of the system "
            "'mhs': name a system by its id, from: mhs",
        ),
        (
            "to: court",
            "to: magistrates' Court",
            "exchanges[0].to: \"magistrates' Court\" is the name of the system 'court': name a "
            "system by its id, to: court",
        ),
    ],
)
def test_a_system_named_by_its_name_gets_its_id(old: str, new: str, message: str) -> None:
    """A system's name, which the figures show, where its id goes: the id to write, not
    an id made of the name ('community-mental-health-services'), which names nothing."""
    text = BASE.replace(
        "  - id: mhs\n", "  - id: mhs\n    name: Community mental health services\n"
    )
    text = text.replace("  - id: court\n", "  - id: court\n    name: Magistrates' court\n")
    with pytest.raises(CaseFileError) as raised:
        a.loads(text.replace(old, new), path="case.yaml")
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("court", "mhs", "message"),
    [
        pytest.param(
            "Court",
            "Court",
            "exchanges[0].from: 'Court' is not a system's id (did you mean 'court'?)",
            id="a name two systems have",
        ),
        pytest.param(
            "Ward",
            "Court",
            "exchanges[0].from: 'Court' is not a system's id (did you mean 'court'?)",
            id="a name that is another system's id in capitals",
        ),
    ],
)
def test_a_name_that_names_no_one_system_is_not_told_that_system(
    court: str, mhs: str, message: str
) -> None:
    """A name that two systems have, or that is another system's id written in other
    case, is not told the id of one of them as if it were the only one it could be."""
    text = BASE.replace("  - id: mhs\n", f"  - id: mhs\n    name: {mhs}\n")
    text = text.replace("  - id: court\n", f"  - id: court\n    name: {court}\n")
    with pytest.raises(CaseFileError) as raised:
        a.loads(text.replace("from: mhs", "from: Court"), path="case.yaml")
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("value_tensions: [speed, care]\n", 'expected a list [tag, tag, "why they pull apart"]'),
        ("integration: [court and mhs]\n", "expected a mapping (key: value)"),
        ("declared: [court vs mhs]\n", "expected a mapping (key: value)"),
        ("shared_object: [a, b]\n", "expected a mapping (key: value)"),
    ],
)
def test_a_part_written_in_the_wrong_shape_says_how_it_is_written(extra: str, message: str) -> None:
    """Only an element may be written as text: an integration assessment given as text is
    not told that text would do."""
    with pytest.raises(CaseFileError) as raised:
        a.loads(BASE + extra, path="case.yaml")
    assert raised.value.message.split(": ", 1)[1].startswith(f"{message}, got ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: T\nsystems:\n  id: court\n  subject: S\n  object: O\n",
            "systems: expected a list, got a mapping: start each item with '- ', as in "
            "'- id: court'",
        ),
        (
            "title: T\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
            "    division_of_labour:\n      task: Decide\n      by: subject\n",
            "systems[0].division_of_labour: expected a list, got a mapping: start each item "
            "with '- ', as in '- task: Decide'",
        ),
    ],
)
def test_a_list_item_without_its_dash_is_told_where_the_dash_goes(text: str, message: str) -> None:
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == message


def test_two_items_joined_by_and_where_a_list_belongs_are_told_as_a_list() -> None:
    text = BASE + "integration:\n  - {between: court and mhs, current: linkage, desired: linkage}\n"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == (
        "integration[0].between: expected a list, got text: write [court, mhs], or each "
        "item on a line of its own after '- '"
    )


@pytest.mark.parametrize(
    ("element", "said"),
    [
        (
            "rules: [{label: Limit, turnaround: 3 days}]",
            "unknown key 'turnaround' in systems[0].rules[0]: 'turnaround' is a key of a "
            "tool; a rule takes 'time_limit' (known:",
        ),
        (
            "tools: [{label: Report, time_limit: 3 days}]",
            "unknown key 'time_limit' in systems[0].tools[0]: 'time_limit' is a key of a "
            "rule; a tool takes 'turnaround' (known:",
        ),
        (
            "community: [{label: Nurses, by: subject}]",
            "unknown key 'by' in systems[0].community[0]: 'by' is a key of a task, not of a "
            "community member (known:",
        ),
    ],
)
def test_a_key_written_on_the_wrong_nodes_element_names_the_node_it_belongs_to(
    tmp_path: Path, element: str, said: str
) -> None:
    text = f"title: t\nsystems:\n  - id: a\n    subject: S\n    object: O\n    {element}\n"
    assert error_of(tmp_path, text).message.startswith(said)


def test_a_task_given_as_task_and_as_label_is_told_to_give_its_text_once(tmp_path: Path) -> None:
    # not "'label' is a key of a tool or ..., not of a task": a task's text may be
    # written under either key, and this one gives it under both
    text = (
        "title: t\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    division_of_labour:\n      - {task: Write the report, label: Report writing}\n"
    )
    error = error_of(tmp_path, text)
    assert error.message == (
        "systems[0].division_of_labour[0]: 'task' and 'label' both give the task's text: "
        "give it once, as 'task' (or 'label'), not both"
    )
    assert (error.line, error.column) == (7, 34)  # the second key
    case = a.loads(text.replace("task: Write the report, ", ""))
    assert case.systems[0].division_of_labour[0].label == "Report writing"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda text, out: a.load(text), id="load"),
        pytest.param(lambda text, out: a.check(text), id="check"),
        pytest.param(lambda text, out: render(text, out / "figure.svg"), id="render"),
        pytest.param(lambda text, out: handout(text, out / "handout.html"), id="handout"),
    ],
)
def test_the_text_of_a_case_given_as_a_path_is_told_to_go_through_loads(
    call: Callable[[str, Path], object], tmp_path: Path
) -> None:
    text = "title: Reports\nsystems:\n  - {id: court, subject: Magistrate, object: Defendant}\n"
    with pytest.raises(ValueError, match=r"^expected the path of a case file, and this holds"):
        call(text, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_very_long_value_is_quoted_back_cut_short(tmp_path: Path) -> None:
    # a 5,000-character reference, quoted twice, made an error line of 10 kilobytes
    text = (Path(__file__).parent.parent / "examples" / "court-reports.yaml").read_text("utf-8")
    error = error_of(tmp_path, text.replace("takes: mhs.report", "takes: mhs." + "x" * 5_000, 1))
    assert error.message.startswith("'mhs." + "x" * 56 + "…': system 'mhs' has no tool 'x")
    assert len(error.message) < 300


LONG = "x" * 150
CUT = "x" * 60 + "…"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        pytest.param(
            f"'{LONG}' is this case's value, and it's not the system's id: '{LONG}'",
            f"'{CUT}' is this case's value, and it's not the system's id: '{CUT}'",
            id="apostrophes inside words",
        ),
        pytest.param(
            f"the list has '-' at column 3 and its items' content {'at column 5 ' * 12}'-'",
            f"the list has '-' at column 3 and its items' content {'at column 5 ' * 12}'-'",
            id="the closing quote of a short value opens nothing",
        ),
        pytest.param(
            f"the officers' {'words ' * 25}and the systems' ids 'a', 'b'",
            f"the officers' {'words ' * 25}and the systems' ids 'a', 'b'",
            id="an apostrophe that ends a word opens nothing",
        ),
        pytest.param(
            f"'Officer's {LONG}' is not a tool",
            f"'Officer's {'x' * 50}…' is not a tool",
            id="a long value with an apostrophe inside is cut as one",
        ),
        pytest.param(
            f'"{LONG}" and \u201c{LONG}\u201d',
            f'"{CUT}" and \u201c{CUT}\u201d',
            id="double and typographic quotes",
        ),
    ],
)
def test_only_quoted_values_are_cut_short(message: str, shown: str) -> None:
    # the library's own words are never cut, whatever apostrophes they hold
    assert CaseFileError(message).message == shown


@pytest.mark.parametrize(
    ("vocabulary", "place", "message"),
    [
        pytest.param(
            "value_tensions:\n  - [care, care, Why]\n",
            (7, 5),
            "a tension of 'care' with itself",
            id="a tension of a tag with itself, at the tension",
        ),
        pytest.param(
            "value_tensions:\n  - {between: [care, treatment], rationale: Why}\n",
            (7, 22),
            "'care' stands for 'treatment' in the shipped vocabulary, so",
            id="a tension of a tag with its alias, at the second tag",
        ),
        pytest.param(
            "value_aliases:\n  haste: speed\n  treatment: punishment\n",
            (8, 14),
            "'treatment' stands for 'punishment' in value_aliases, but",
            id="an alias that takes a shipped tension away, at what it stands for",
        ),
        pytest.param(
            "value_aliases: {b: a, a: b}\n",
            (6, 26),
            "'a' is an alias of 'b', which is an alias of 'a': a loop",
            id="a loop of aliases, at what an alias of it stands for",
        ),
        pytest.param(
            "value_tensions:\n  - [safety, autonomy, First]\n  - [autonomy, safety, Second]\n",
            (8, 5),
            "the tension of 'autonomy' and 'safety' is given already, at value_tensions[0]",
            id="a pair of values given twice, whose rationale would follow the list's order",
        ),
        pytest.param(
            "value_aliases: {harm: safety}\n"
            "value_tensions:\n  - [safety, autonomy, First]\n  - [harm, autonomy, Second]\n",
            (9, 5),
            "the tension of 'harm' and 'autonomy' is given already, at value_tensions[0] "
            "('harm' stands for 'safety' in value_aliases): give each pair of values once",
            id="a pair given twice, once through an alias",
        ),
        pytest.param(
            "value_tensions:\n  - [care, punishment, First]\n  - [treatment, punishment, Second]\n",
            (8, 5),
            "the tension of 'treatment' and 'punishment' is given already, at "
            "value_tensions[0] ('care' stands for 'treatment' in the shipped vocabulary): ",
            id="a pair given twice, the first time through a shipped alias",
        ),
    ],
)
def test_a_vocabulary_entry_that_could_never_be_found_is_placed(
    tmp_path: Path, vocabulary: str, place: tuple[int, int], message: str
) -> None:
    text = "title: t\nsystems:\n  - id: a\n    subject: S\n    object: O\n" + vocabulary
    error = error_of(tmp_path, text)
    assert error.message.startswith(message)
    assert (error.line, error.column) == place


def test_a_file_with_thousands_of_pasted_bytes_counts_them_all() -> None:
    """The first hundred places are kept; the first line says how many there are in
    all, rather than the count of those kept ("and 99 more problems" for 3,000). It does
    not say how many are listed: the command line lists 20, and counts those it leaves
    out on a line of its own."""
    data = "title: Caf\u00e9\n".encode() + b"".join(b"# the court\x92s view\n" for _ in range(3000))
    with pytest.raises(CaseFileError) as raised:
        load_stream(io.BytesIO(data))
    assert len(raised.value.problems) == 100
    assert raised.value.message.endswith(
        "retype the character here (3000 such bytes in the file) (and 99 more problems)"
    )
    assert (raised.value.problems[-1].line, raised.value.problems[-1].column) == (101, 12)


def test_a_file_with_a_utf8_mark_and_a_windows_1252_byte_is_told_to_retype_it() -> None:
    """A byte-order mark says the file was saved as UTF-8: saving it as UTF-8 again
    would not mend a Windows-1252 byte pasted in, so it is told to retype it."""
    data = b"\xef\xbb\xbftitle: the court\x92s view\nsystems: []\n"
    with pytest.raises(CaseFileError) as raised:
        load_stream(io.BytesIO(data))
    assert (raised.value.line, raised.value.column) == (1, 17)
    assert raised.value.message.startswith("byte 0x92 is not valid UTF-8, as the rest")


@pytest.mark.parametrize(
    ("character", "shown", "escape"), [("\x00", "U+0000", "\\u0000"), ("\t", "U+0009", "\\t")]
)
def test_a_control_character_inside_a_json_string_is_named(
    tmp_path: Path, character: str, shown: str, escape: str
) -> None:
    """A NUL in the middle of a JSON file (not the padding a save cut short leaves) or a
    tab inside a string is named, as in YAML, rather than told as Python's json words it,
    "Invalid control character at" with nothing after "at"."""
    path = tmp_path / "case.json"
    path.write_text('{\r\n  "title": "a' + character + 'b",\r\n  "systems": []\r\n}\r\n', "utf-8")
    with pytest.raises(CaseFileError) as raised:
        a.load(path)
    assert (raised.value.line, raised.value.column) == (2, 14)
    assert raised.value.message == (
        f"JSON syntax error: the control character {shown} is not allowed inside a "
        f"string: remove it, or write it as {escape}"
    )


# -- characters YAML reads as line breaks and editors do not ----------------------------


def test_a_nel_is_told_at_the_line_and_column_an_editor_shows(tmp_path: Path) -> None:
    """U+0085 (NEL), a '…' of Windows-1252 converted as Latin-1, is a line break to
    YAML, not to an editor: the file is refused with each place, as an editor counts
    lines, not loaded with the value silently broken in two (and the '…' lost), and
    not with a later error placed lines below where the editor shows it."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "title: Court reports\n"
        "description: Reports arrive late\x85 and the remand runs out\n"
        "systems:\n"
        "  - id: court\n"
        "    subject: Magistrates\n"
        "    object: Timely sentencing\x85\n"
        "    tools: [Remand\n",
        encoding="utf-8",
    )
    error, places = refusal(path)
    assert places == [(2, 33), (6, 30)]
    assert error.problems[0].message == (
        "U+0085 (NEL), which editors show as nothing or a box, is a line break to YAML: it "
        "would end the line here, the rest read on the next; most often a '\u2026' from a "
        "file saved as Windows-1252: replace it (with '\u2026' if that was meant)"
    )


@pytest.mark.parametrize(
    ("char", "named"), [("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR")]
)
def test_a_unicode_line_separator_is_told_at_the_editors_place(char: str, named: str) -> None:
    """Lines end at CRLF, LF or CR alone, as editors end them; a byte-order mark is not
    a column."""
    text = f"\ufefftitle: T\r\nsystems: []\rdescription: a{char}b\r\n"
    with pytest.raises(CaseFileError) as raised:
        a.loads(text)
    assert (raised.value.line, raised.value.column) == (3, 15)
    assert raised.value.message == (
        f"U+{ord(char):04X} ({named}), which editors show as nothing or a box, is a line "
        "break to YAML: it would end the line here, the rest read on the next: replace it "
        "with a space, or with a line break if one was meant"
    )


def test_escaped_line_breaks_in_quotes_are_fine() -> None:
    """Written as escapes in double quotes, they are what the author meant (U+0085 is
    then refused as any control character in text is)."""
    case = a.loads('title: "a\\Lb\\Pc"\nsystems: [{id: s, subject: S, object: O}]\n')
    assert case.title == "a\u2028b\u2029c"


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_a_json_case_file_is_placed_as_an_editor_counts_lines_past_a_hidden_break(
    char: str,
) -> None:
    """JSON takes these characters as text, kept as they are; an error after one is
    placed on the line an editor shows it on, not a line below for each (the file's
    positions are worked out by reading it as YAML, which ends a line at them)."""
    text = (
        f'{{"title": "Court{char}reports", "description": "a{char}b",\n'
        ' "systems": [{"id": "s", "subject": "S"}]}\n'
    )
    with pytest.raises(CaseFileError) as raised:
        a.loads(text, format="json")
    assert (raised.value.line, raised.value.column) == (2, 14)
    deep = text.replace('"S"}', '"S", "tools": 1e999}')
    with pytest.raises(CaseFileError) as raised:
        a.loads(deep, format="json")
    assert raised.value.line == 2


def test_a_json_case_file_keeps_hidden_breaks_in_its_text() -> None:
    case = a.loads(
        '{"title": "a\u2028b", "systems": [{"id": "s", "subject": "S", "object": "O"}]}',
        format="json",
    )
    assert case.title == "a\u2028b"


@pytest.mark.parametrize("empty", ["", " ~", " null", "  # to fill in"])
def test_a_key_left_empty_is_read_as_left_out(tmp_path: Path, empty: str) -> None:
    """An empty value (or ``~``, ``null``) means "absent": a list heading with nothing
    under it yet is an empty list, a task's basis left empty is ``core``, as if the key
    were not written at all."""
    text = f"""\
        title: Reports
        value_aliases:{empty}
        systems:
          - id: court
            subject: Magistrate
            object:
              label: Defendant
              values:{empty}
            tools:{empty}
            rules:
              - label: Remand limit
                withholds:{empty}
                applies_to:{empty}
            community:{empty}
            division_of_labour:
              - task: Request a report
                basis:{empty}
                produces:{empty}
          - id: mhs
            subject: Psychiatrist
            object: Service user
        exchanges:
          - id: court-report
            label: Report
            from: mhs
            to: court
            expects:{empty}
        integration:{empty}
        declared:{empty}
        value_tensions:{empty}
        """
    case = a.load(write(tmp_path, text))
    court = case.system("court")
    assert (court.tools, court.community, court.object.values) == ((), (), ())
    assert (court.rules[0].withholds, court.rules[0].applies_to) == ((), ())
    assert court.division_of_labour[0].basis == "core"
    assert court.division_of_labour[0].produces == ()
    assert case.exchanges[0].expects == ()
    assert (case.integration, case.declared, case.value_tensions) == ((), (), ())
    assert dict(case.value_aliases) == {}
    findings = a.check(case, rules=["AS601"]).findings
    assert [f.message for f in findings if f.elements == ("court",)] == [
        "Nothing is named under tools or community for court."
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_case_with_no_empty_value_is_not_walked_for_keys_left_empty(
    fmt: Literal["yaml", "json"], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readers say whether any value is empty, so that a case file without one (a
    large generated map, say) is not walked for keys left empty; one with an empty value
    is, in either format."""
    import activity_systems.io.left_empty as left_empty
    from activity_systems.io.dumping import case_to_json, case_to_yaml

    walked: list[object] = []
    walk = left_empty.left_out_when_empty

    def counted(data: object, root: type) -> object:
        walked.append(data)
        return walk(data, root)

    monkeypatch.setattr(left_empty, "left_out_when_empty", counted)
    case = a.load(Path(__file__).parent.parent / "examples" / "court-reports.yaml")
    text = case_to_json(case) if fmt == "json" else case_to_yaml(case)
    assert a.loads(text, format=fmt) == case
    assert walked == []
    if fmt == "json":
        empty = text.replace('"title": ', '"value_tensions": null, "title": ', 1)
    else:
        empty = text.replace("title:", "value_tensions:\ntitle:", 1)
    assert a.loads(empty, format=fmt) == case
    assert len(walked) == 1


@pytest.mark.parametrize(("given", "empty"), [("task", "label"), ("label", "task")])
def test_a_tasks_other_name_left_empty_beside_its_text_is_left_out(
    tmp_path: Path, given: str, empty: str
) -> None:
    """``task: Hear the case`` with ``label:`` left empty below it gives the task's text
    once: the empty key is left out, as any key left empty with something to fall back
    on is, where it was refused as the text given twice."""
    text = f"""\
        title: Reports
        systems:
          - id: court
            subject: Magistrate
            object: Defendant
            division_of_labour:
              - {given}: Hear the case
                {empty}:
        """
    case = a.load(write(tmp_path, text))
    assert case.system("court").division_of_labour[0].label == "Hear the case"
    both_empty = text.replace(f"{given}: Hear the case", f"{given}:")
    error = str(error_of(tmp_path, both_empty))
    assert f"division_of_labour[0].{given}: expected text, got nothing (null)" in error
    assert "both give" not in error


@pytest.mark.parametrize("empty", ["", " ~"])
def test_a_required_key_left_empty_is_still_refused(tmp_path: Path, empty: str) -> None:
    error = error_of(tmp_path, BASE.replace("title: Reports", f"title:{empty}"))
    assert "title: expected text, got nothing (null)" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    from: mhs",
            "    from: mhs.report",
            "exchanges[0].from: 'mhs.report' names an element of the system 'mhs': 'from' "
            "names a system by its id, from: mhs",
        ),
        (
            "{id: targets, label: Remand limit, time_limit: 3 weeks}",
            "{id: targets, label: Remand limit, time_limit: 3 weeks, "
            "applies_to: [court.written-request]}",
            "systems[0].rules[0].applies_to[0]: 'court.written-request' is a reference: "
            "'applies_to' takes the ids of tools of the rule's own system, written alone: "
            "'written-request'",
        ),
        (
            "{id: targets, label: Remand limit, time_limit: 3 weeks}",
            "{id: targets, label: Remand limit, time_limit: 3 weeks, applies_to: [mhs.report]}",
            "systems[0].rules[0].applies_to[0]: 'mhs.report' is a reference: 'applies_to' "
            "takes the ids of tools of the rule's own system, 'court', not of 'mhs'",
        ),
        (
            "      - {id: report, label: Psychiatric report, turnaround: 4-8 weeks}",
            "      - {id: report, label: Psychiatric report, turnaround: 4-8 weeks}\n"
            "    division_of_labour: [{task: Write it, by: subject, produces: [mhs.court-report]}]",
            "systems[1].division_of_labour[0].produces[0]: 'mhs.court-report' is a reference: "
            "'produces' takes the ids of exchanges, written alone: 'court-report'",
        ),
    ],
)
def test_a_reference_where_an_id_goes_is_told_the_id(old: str, new: str, message: str) -> None:
    """'<system>.<id>' where an id alone goes: the id to write, not an id made of the
    whole reference ('mhs-report'), which names nothing."""
    assert old in BASE
    with pytest.raises(CaseFileError) as raised:
        a.loads(BASE.replace(old, new), path="case.yaml")
    assert raised.value.message == message


@pytest.mark.parametrize(("key", "written"), [("takes", "1.5"), ("needed_within", "0.5")])
def test_a_number_with_a_fraction_as_a_time_is_told_its_unit(
    tmp_path: Path, key: str, written: str
) -> None:
    """``takes: 1.5`` reads as the tool ``5`` of a system ``1``, which a case rarely has:
    it is far more often a duration without its unit, and is told so."""
    old = {"takes": "mhs.report", "needed_within": "court.targets"}[key]
    error = error_of(tmp_path, BASE.replace(f"{key}: {old}", f"{key}: {written}"))
    assert f"{written!r} names no system" in str(error)
    assert f"if it is a duration, give its unit, e.g. '{written} weeks'" in str(error)


def test_a_number_with_a_fraction_naming_a_system_of_digits_is_a_reference(
    tmp_path: Path,
) -> None:
    text = BASE.replace("id: mhs", "id: '2024'").replace("from: mhs", "from: '2024'")
    error = error_of(tmp_path, text.replace("takes: mhs.report", "takes: 2024.5"))
    assert "'2024.5'" in str(error)
    assert "give its unit" not in str(error)
