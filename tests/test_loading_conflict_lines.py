"""Lines that look like git's merge-conflict markers in a case file that is no conflict:
text in a multi-line quoted value, where YAML lets a line start at column 1. Such a file
loads as before; a file that git left a conflict in is refused at its first marker."""

from __future__ import annotations

import pytest

from activity_systems import loads
from activity_systems.errors import CaseFileError

SYSTEMS = "systems:\n  - {id: a, subject: S, object: O}\n"


@pytest.mark.parametrize(
    "description",
    [
        '"Findings\n=======\nthe first workshop"',  # a Markdown heading, double-quoted
        "'Findings\n=======\nthe first workshop'",  # single-quoted
        '"Arrows\n>>>>>>> mark what passes to the court"',
        '"Kept apart\n<<<<<<< and >>>>>>> in the minutes"',
    ],
)
def test_a_quoted_value_may_hold_a_line_like_a_marker(description: str) -> None:
    case = loads(f"title: T\ndescription: {description}\n{SYSTEMS}")
    assert case.description is not None
    assert case.description.startswith(description[1:6])


def test_another_error_of_such_a_file_is_the_one_reported() -> None:
    text = (
        'title: T\ndescription: "Findings\n=======\nfirst"\n'
        "systems:\n  - id: a\n    subject: S\n    object: O\n    tool: x\n"
    )
    with pytest.raises(CaseFileError) as raised:
        loads(text)
    assert "merge conflict" not in str(raised.value)
    assert "unknown key 'tool'" in str(raised.value)


def test_a_whole_conflict_in_a_quoted_value_is_still_refused() -> None:
    text = (
        'title: T\ndescription: "The first\n<<<<<<< HEAD\nworkshop\n=======\nmeeting\n'
        f'>>>>>>> branch\n"\n{SYSTEMS}'
    )
    with pytest.raises(CaseFileError, match="unresolved merge conflict") as raised:
        loads(text)
    assert raised.value.line == 3


def test_a_marker_line_that_breaks_the_file_is_refused_as_a_conflict() -> None:
    with pytest.raises(CaseFileError, match="unresolved merge conflict") as raised:
        loads(f"title: T\n{SYSTEMS}=======\n")
    assert (raised.value.line, raised.value.column) == (4, 1)
