"""Case files that arrive as uploads, not files: loaded from their bytes with a name for
the errors, refused past the same limits as a file, and checked, drawn and made into
handouts by many threads at once with the same bytes as one at a time.

See "Serving case files from the web" in docs/reliability.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from input_corpus import BAD, HOSTILE

import activity_systems as a
from activity_systems.handouts import render_handout
from activity_systems.io.loading import MAX_FILE_SIZE, format_of

EXAMPLES = sorted(Path("examples").glob("*.yaml"))


@pytest.mark.parametrize("path", [*EXAMPLES, *HOSTILE], ids=lambda p: p.name)
def test_the_bytes_of_a_case_file_load_as_the_file_does(path: Path) -> None:
    assert a.loads(path.read_bytes(), path=path.name) == a.load(path)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_the_bytes_of_a_broken_file_give_the_file_s_errors(path: Path) -> None:
    """Encodings too (UTF-16, Windows-1252, a Word document, NUL bytes at the end),
    which the text of a file, decoded before it reaches the loader, cannot tell."""
    with pytest.raises(a.CaseFileError) as from_file:
        a.load(path)
    with pytest.raises(a.CaseFileError) as from_bytes:
        a.loads(path.read_bytes(), format=format_of(path), path=str(path))
    assert from_bytes.value.problems == from_file.value.problems
    assert str(from_bytes.value) == str(from_file.value)


def test_bytes_that_are_not_utf8_are_told_so_at_their_place() -> None:
    raw = "title: Caf\u00e9 reports\n".encode("cp1252") + b"systems: []\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(raw, path="upload.yaml")
    assert (raised.value.path, raised.value.line, raised.value.column) == ("upload.yaml", 1, 11)
    assert "Windows-1252" in raised.value.message
    with pytest.raises(a.CaseFileError, match=r"^upload\.yaml:1:1: the file is UTF-16"):
        a.loads("title: T\n".encode("utf-16"), path="upload.yaml")


def test_an_upload_s_name_cannot_act_on_a_terminal_or_split_a_log_line() -> None:
    # The name of an upload is the client's: a service logs str(error), and a name with
    # an escape sequence or a line break coloured the terminal or began a log line of
    # its own. It is written with escapes in the message; the data keeps it as given.
    name = "report\x1b[31m\nERROR admin logged in.yaml"
    broken = b"title: T\nsystems:\n  - {id: a, subject: S, object: O, tool: []}\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(broken, path=name)
    said = str(raised.value)
    assert said.isprintable()
    assert said.startswith("report\\x1b[31m\\nERROR admin logged in.yaml:3:36: unknown key")
    assert str(raised.value.problems[0]) == said
    assert raised.value.path == raised.value.problems[0].path == name
    too_large = "x" * (MAX_FILE_SIZE + 1)
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(too_large, path=name)
    assert str(raised.value).isprintable()


def test_an_upload_without_a_name_is_named_as_text_given_without_one() -> None:
    # A web framework's name of an uploaded file (Flask's and Starlette's ``filename``)
    # is None when the form sent none: it was a TypeError from os.fspath.
    broken = b"title: T\nsystems:\n  - {id: a, subject: S, object: O, tool: []}\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(broken, path=None)
    assert str(raised.value).startswith("<string>:3:36: unknown key 'tool'")
    good = Path("examples/court-reports.yaml").read_bytes()
    assert a.loads(good, path=None) == a.loads(good)


def test_a_format_not_known_is_the_library_s_error_as_others_are() -> None:
    # Taken from a form's field, it was a plain ValueError, which a handler answering
    # ActivitySystemsError with its message took for a fault of its own.
    with pytest.raises(a.ArgumentError, match=r"^format must be 'yaml' or 'json', not 'xml'$"):
        a.loads(b"title: T\nsystems: []\n", format="xml")  # type: ignore[arg-type]
    assert issubclass(a.ArgumentError, ValueError)


def test_a_schema_asked_for_in_a_format_not_known_is_the_library_s_error() -> None:
    # A service that gives the schema of case files for a form's ``format`` field.
    with pytest.raises(a.ArgumentError, match=r"^format must be 'yaml' or 'json', not 'xml'$"):
        a.case_schema("xml")  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_bytes() -> None:
    raw = Path("examples/court-reports.yaml").read_bytes()
    assert a.loads(bytearray(raw)) == a.loads(memoryview(raw)) == a.loads(raw)


@pytest.mark.parametrize("kind", [bytes, str])
def test_a_case_larger_than_a_file_may_be_is_refused_before_it_is_parsed(kind: type) -> None:
    text = "title: T\nsystems: [{id: a, subject: S, object: O}]\n#" + "x" * MAX_FILE_SIZE
    given = text.encode() if kind is bytes else text
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(given, path="upload.yaml")
    assert str(raised.value) == (
        "upload.yaml: the case is 10,485,812 bytes; case files may be at most 10 MiB "
        "(10,485,760 bytes)"
    )
    assert raised.value.line is None


def test_a_case_just_over_the_limit_is_not_told_it_is_the_limit(tmp_path: Path) -> None:
    """One byte over 10 MiB is 10.0 MiB to one decimal: its size is given in bytes, so
    that the error does not read 'the case is 10.0 MiB; ... at most 10 MiB'."""
    text = "title: T\nsystems: [{id: a, subject: S, object: O}]\n#"
    text += "x" * (MAX_FILE_SIZE + 1 - len(text))
    with pytest.raises(a.CaseFileError) as from_text:
        a.loads(text, path="upload.yaml")
    assert from_text.value.message == (
        "the case is 10,485,761 bytes; case files may be at most 10 MiB (10,485,760 bytes)"
    )
    file = tmp_path / "big.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(a.CaseFileError) as from_file:
        a.load(file)
    assert from_file.value.message == (
        "the file is 10,485,761 bytes; case files may be at most 10 MiB (10,485,760 bytes)"
    )


def test_text_of_a_str_subclass_loads_as_text() -> None:
    """Text as a web framework or template engine gives it (markupsafe's Markup, say) is
    a subclass of str, which the YAML parser refused ('a string or stream input is
    required')."""

    class Text(str):
        pass

    raw = Path("examples/court-reports.yaml").read_text(encoding="utf-8")
    assert a.loads(Text(raw)) == a.loads(raw)
    json = '{"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}]}'
    assert a.loads(Text(json)) == a.loads(json)
    assert a.loads(Text(raw), format="yaml").title == a.loads(raw).title


def test_a_case_of_exactly_the_largest_size_loads() -> None:
    head = "title: T\nsystems: [{id: a, subject: S, object: O}]\n#"
    # 'é' is two bytes in UTF-8: the limit counts bytes, as a file's size does
    text = head + "\u00e9" * ((MAX_FILE_SIZE - len(head)) // 2)
    assert len(text.encode()) <= MAX_FILE_SIZE
    assert a.loads(text).title == a.loads(text.encode()).title == "T"
    with pytest.raises(a.CaseFileError, match="at most 10 MiB"):
        a.loads(text + "\u00e9")


@pytest.mark.parametrize("given", [Path("examples/court-reports.yaml"), 42, None])
def test_loads_given_anything_but_text_or_bytes_says_what_it_takes(given: object) -> None:
    with pytest.raises(TypeError, match=r"^loads\(\) takes the text of a case \(str or bytes\)"):
        a.loads(given)  # type: ignore[arg-type]


def test_a_path_given_to_loads_is_told_to_go_through_load() -> None:
    with pytest.raises(TypeError, match=r"use load\(path\)"):
        a.loads(Path("examples/court-reports.yaml"))  # type: ignore[arg-type]


def test_every_problem_of_an_upload_is_data_for_a_form() -> None:
    raw = b"title: T\nsytems:\n  - {id: a, subject: S, object: O, tool: []}\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(raw, path="upload.yaml")
    assert [dataclasses.asdict(problem) for problem in raised.value.problems] == [
        {
            "message": "unknown key 'sytems' in the top level (did you mean 'systems'?)",
            "path": "upload.yaml",
            "line": 2,
            "column": 1,
        },
        {
            "message": "missing required key 'systems' in the top level; a case lists its "
            "activity systems under 'systems', and 'activity-systems new FILE' writes a "
            "starter case",
            "path": "upload.yaml",
            "line": 1,
            "column": 1,
        },
    ]


def _served(upload: tuple[str, bytes], theme: str, handout_format: str) -> str:
    """What a service gives back for one upload: the report, the figures and the
    handout, as one digest."""
    name, raw = upload
    case = a.loads(raw, path=name)
    report = a.check(case)
    parts = [
        report.to_json(),
        a.render(case, format="svg", theme=theme, report=report, timeout=60),
        a.render(case, format="dot", theme=theme, report=report),
    ]
    for system in case.systems:
        parts.append(a.render(case, format="svg", system=system.id, report=report))
    made = render_handout(
        case,
        format=handout_format,  # type: ignore[arg-type]
        report=report,
        theme=theme,
        timeout=60,
    )
    parts.append(made.text)
    parts.extend(f"{name}\n{content!r}" for name, content in sorted(made.files.items()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def test_threads_serving_uploads_at_once_give_the_bytes_served_one_at_a_time() -> None:
    """The shared state (the rules' registry and their case index, the compiled
    templates, Graphviz's library, a figure's time limit) is per thread or locked: each
    result is compared, so the test fails on a difference, not on timing."""
    uploads = [(path.name, path.read_bytes()) for path in EXAMPLES]
    jobs = [
        (upload, theme, handout_format)
        for upload in uploads
        for theme in ("default", "print")
        for handout_format in ("html", "markdown")
    ]
    one_at_a_time = [_served(*job) for job in jobs]
    with ThreadPoolExecutor(8) as pool:
        at_once = list(pool.map(lambda job: _served(*job), jobs * 3))
    assert at_once == one_at_a_time * 3


def test_systems_chosen_in_a_form_that_a_handout_cannot_have_are_the_library_s_errors() -> None:
    # Systems chosen in a form, with an earlier version or a report uploaded beside the
    # case: a plain ValueError, which a handler answering ActivitySystemsError with its
    # message took for a fault of its own.
    case = a.load("examples/court-reports.yaml")
    with pytest.raises(a.ArgumentError, match="has none of the chosen systems"):
        render_handout(case, systems=["mhs"], previous=case.subcase(["court"]))
    with pytest.raises(a.ArgumentError, match="which is not among the chosen systems"):
        render_handout(case, systems=["mhs"], report=a.check(case))
