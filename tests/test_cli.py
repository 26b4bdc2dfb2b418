"""The command line, in-process: every command and every exit status."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_errors import BUILTIN_SPAN, one_error_line

import activity_systems as a
from activity_systems import cli
from activity_systems.batch import Progress
from activity_systems.cli import main
from activity_systems.errors import on_one_line
from activity_systems.render import EXTENSIONS, FORMATS
from activity_systems.rules.engine import check, rule_catalogue

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
SEGREGATION = ROOT / "examples" / "segregation-unit.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)

TYPO = """\
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules:
      - {id: targets, label: Remand limit, time_limit: 3 weeks}
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools:
      - {id: report, label: Psychiatric report, turnaround: 4-8 weeks}
exchanges:
  - {id: court-report, label: Report, from: mhs, to: court,
     takes: mhs.reprt, needed_within: court.targets}
"""

#: Three problems: an unknown key, a value tag that is not an id, a unit that is not one.
THREE_PROBLEMS = """\
title: Reports
systems:
  - id: court
    nmae: Magistrates' court
    subject: Magistrate
    object:
      label: Defendant
      values: [Security]
    rules:
      - {id: targets, label: Remand limit, time_limit: 2 dayz}
"""

QUIET = """\
title: Quiet
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    tools: [Written request]
    rules: [Time targets]
    community: [Lawyers]
    division_of_labour: [{task: Request a report, by: subject}]
    outcome: "?"
"""


def fake_render(case: a.Case, target: object = None, *, format: str = "svg", **kw: object) -> str:
    """A quick stand-in for the renderer where the figure itself is not under test."""
    return "digraph figure {}\n" if format == "dot" else "<svg/>\n"


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("activity_systems.render.render", fake_render)
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", lambda *a, **k: "<svg/>")


def copy_case(tmp_path: Path, text: str | None = None, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text if text is not None else COURT.read_text(encoding="utf-8"), "utf-8")
    return path


# -- global options and usage -----------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"activity-systems {a.__version__}\n"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("check", "render", "handout", "schema", "rules", "new"):
        assert command in out


@pytest.mark.parametrize("command", ["check", "compare"])
def test_the_help_of_rules_says_where_they_come_from(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rule of the user's is known only when its file is given with --rules-from (the
    # command imports no other code of theirs); the help said "only these rules", as if
    # any rule would do.
    assert main([command, "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--rules IDS only these rules, built-in or from --rules-from, e.g." in help_text
    assert "--rules-from FILE run" in help_text


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["check"],
        ["check", str(COURT), "--format", "yaml"],
        ["check", str(COURT), "--fail-on", "sometimes"],
        ["render", str(COURT)],
        ["render", str(COURT), "-o", "x.svg", "--system", "court", "--pair", "court", "mhs"],
        ["handout", str(COURT)],
        ["new"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


EXAMPLES = sorted(str(path) for path in (ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["rules", "AS101", "AS201"],
            "rules shows one rule, not 2 (AS101, AS201): give one ID at a time, or none to "
            "list every rule (with --format markdown, each in full)",
        ),
        (
            ["compare", str(LIAISON), str(COURT), str(SEGREGATION)],
            f"compare takes two case files, the earlier version and the later, not 3 "
            f"({LIAISON}, {COURT}, {SEGREGATION}): compare them two at a time",
        ),
        (
            ["schema", "case.schema.json"],
            "schema takes no file name (case.schema.json): write the schema to a file with -o FILE",
        ),
        (
            ["new", "a.yaml", "b.yaml"],
            "new writes one case file, not 2 (a.yaml, b.yaml): run it once for each",
        ),
    ],
)
def test_more_files_or_ids_than_a_command_takes_are_said_in_its_terms(
    argv: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``rules AS101 AS201`` is not argparse's "unrecognized arguments" under the
    usage of the whole program: the command says how many it takes, and what takes
    more. Nothing is written. (``check``, as ``render`` and ``handout``, takes several
    case files: see test_check_batch.py.)"""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error_line(err) == f"activity-systems: {said}"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_option_among_more_files_is_still_argparses_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(COURT), str(COURT), "--fial-on", "high"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "activity-systems check: error: unrecognized arguments: --fial-on high"
    )


def test_python_dash_m_entry_point() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "activity_systems", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("activity-systems ")


# -- check ------------------------------------------------------------------------------


def test_check_prints_findings_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT)]) == 1
    captured = capsys.readouterr()
    assert "AS101 deadline-vs-turnaround" in captured.out
    assert captured.err == ""


def run_with_stdout(
    encoding: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, *, newline: str = ""
) -> bytes:
    """The bytes ``main(argv)`` writes to a standard output in ``encoding`` (a terminal
    or a Windows pipe in a legacy code page, say), ending each line it writes as text in
    ``newline`` (``"\\r\\n"``, as Windows' standard output does)."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
    monkeypatch.setattr("sys.stdout", stream)
    assert main(argv) in (0, 1)
    stream.flush()
    return raw.getvalue()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_output_in_any_encoding_never_fails(
    encoding: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Data formats (JSON, Markdown, the schema) are UTF-8 whatever the locale; text for a
    terminal is in its encoding, with what it cannot show escaped."""
    for argv in (
        ["check", str(COURT), "--format", "json"],
        ["check", str(COURT), "--format", "markdown"],
        ["compare", str(LIAISON), str(LIAISON), "--format", "json"],
        ["schema"],
        ["rules", "--format", "markdown"],
    ):
        utf8 = run_with_stdout("utf-8", argv, monkeypatch)
        assert run_with_stdout(encoding, argv, monkeypatch) == utf8, argv
    for argv in (["check", str(COURT)], ["compare", str(LIAISON), str(LIAISON)], ["rules"]):
        text = run_with_stdout(encoding, argv, monkeypatch).decode(encoding)
        assert text == run_with_stdout("utf-8", argv, monkeypatch).decode("utf-8").encode(
            encoding, "backslashreplace"
        ).decode(encoding)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_data_on_windows_standard_output_ends_its_lines_as_a_file_does(
    encoding: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Windows' standard output ends each line of text in CRLF: a JSON report, Markdown or
    the schema redirected to a file (``> report.json``) is still the bytes ``-o`` writes,
    LF, whether the console is UTF-8 or not; the text report for a terminal takes the
    system's line endings."""
    for argv in (
        ["check", str(COURT), "--format", "json"],
        ["check", str(COURT), "--format", "markdown"],
        ["compare", str(LIAISON), str(LIAISON), "--format", "json"],
        ["schema"],
        ["rules", "--format", "json"],
    ):
        printed = run_with_stdout(encoding, argv, monkeypatch, newline="\r\n")
        assert printed == run_with_stdout("utf-8", argv, monkeypatch), argv
        assert b"\r" not in printed, argv
    target = tmp_path / "report.json"
    main(["check", str(COURT), "--format", "json", "-o", str(target)])
    assert target.read_bytes() == printed_json(encoding, monkeypatch)
    text = run_with_stdout(encoding, ["check", str(COURT)], monkeypatch, newline="\r\n")
    assert b"\r\n" in text
    assert b"\n" not in text.replace(b"\r\n", b"")


def printed_json(encoding: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The JSON report of the court case as Windows' standard output in ``encoding``
    gets it."""
    argv = ["check", str(COURT), "--format", "json"]
    return run_with_stdout(encoding, argv, monkeypatch, newline="\r\n")


class FullDisk(io.StringIO):
    """A standard output on a full disk (``> /dev/full``): every flush fails."""

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    "argv",
    [["check", str(COURT)], ["schema"], ["rules", "AS101"], ["compare", str(COURT), str(COURT)]],
)
def test_a_standard_output_that_cannot_be_written_is_a_clear_error(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", FullDisk())
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "activity-systems: cannot write to standard output: No space left on device\n"
    )
    monkeypatch.setattr("sys.stdout", None)  # closed: 'activity-systems check x >&-'
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "activity-systems: cannot write to standard output: it is closed\n"
    )


def test_check_json_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == check(a.load(COURT)).to_data()


def test_check_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--format", "markdown"]) == 1
    assert capsys.readouterr().out == check(a.load(COURT)).to_markdown()


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("never", 0), ("high", 1), ("medium", 1), ("low", 1)]
)
def test_check_fail_on(fail_on: str, expected: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--fail-on", fail_on]) == expected


def test_check_fail_on_above_the_findings_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path, QUIET)
    report = check(a.load(path))
    assert report.findings
    assert {f.severity for f in report.findings} == {"low"}
    assert main(["check", str(path), "--fail-on", "medium"]) == 0
    assert main(["check", str(path)]) == 1


def test_check_rules_selects_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--rules", "AS101, AS403", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rules_run"] == ["AS101", "AS403"]
    assert {f["rule"] for f in data["findings"]} == {"AS101", "AS403"}


def test_check_rules_takes_ids_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--rules", "as101, As403", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["rules_run"] == ["AS101", "AS403"]


def test_check_rule_that_does_not_fire_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--rules", "AS102"]) == 0


@pytest.mark.parametrize("rules", ["AS999", ",", "AS10"])
def test_check_unknown_rule_exits_2(rules: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--rules", rules]) == 2
    one_error_line(capsys.readouterr().err)


OWN_RULE_HINT = (
    f"; the command line runs the built-in rules, {BUILTIN_SPAN}, and the rules of your own "
    "that a Python file given with --rules-from FILE registers (@activity_systems.rule), "
    "or an installed rule pack given with --rules-from NAME"
)


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(COURT), "--rules", "AS101,org101"],
        ["compare", str(COURT), str(COURT), "--rules", "org101"],
        ["rules", "org101"],
    ],
)
def test_an_id_not_written_like_a_built_in_points_at_rules_from(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --rules-from the command imports no user code, so a researcher's own rule
    # is not known; the error offered only the built-in id closest in spelling.
    assert main(command) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("activity-systems: no rule 'org101' (known: 'AS000', ")
    assert line.endswith(OWN_RULE_HINT)


@pytest.mark.parametrize("rule_id", ["AS999", "as1o1"])
def test_a_mistyped_built_in_id_is_only_offered_the_closest(
    rule_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(COURT), "--rules", rule_id]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"activity-systems: no rule {rule_id!r} (")
    assert OWN_RULE_HINT not in line


def test_check_typo_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path, TYPO)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = one_error_line(captured.err)
    assert line.startswith(f"activity-systems: {path}:15:")
    assert "did you mean 'report'" in line


def test_check_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in one_error_line(capsys.readouterr().err)


def test_check_a_folder_without_case_files_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {tmp_path}: the folder holds no case files (.yaml, .yml, .json)"
    )


def test_a_folder_whose_case_files_are_in_folders_inside_it_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A study kept as a folder for each site (and one for each time of a site): the
    folders inside are not looked into, and the error says which to give."""
    monkeypatch.chdir(tmp_path)
    court = COURT.read_text(encoding="utf-8")
    for folder in ("cases/north", "cases/east/2026", "cases/east/2027", "cases/west side"):
        Path(folder).mkdir(parents=True)
        Path(folder, "site.yaml").write_text(court, encoding="utf-8")
    Path("cases/.git/objects").mkdir(parents=True)  # hidden: never named
    Path("cases/.git/objects/x.yaml").write_text(court, encoding="utf-8")
    Path("cases/notes").mkdir()  # no case files: not named
    Path("cases/README.md").write_text("The study's cases\n", encoding="utf-8")
    assert main(["check", "cases"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: cases: the folder holds no case files (.yaml, .yml, .json); "
        "4 folders inside it do, which are not looked into: give them, as cases/east/2026 "
        "cases/east/2027 cases/north and 1 more"
    )
    assert main(["check", "cases/east"]) == 2
    assert one_error_line(capsys.readouterr().err).endswith(
        "2 folders inside it do, which are not looked into: give them, as cases/east/2026 "
        "cases/east/2027"
    )
    assert main(["check", "cases/west side/.."]) == 2  # as given, not as its real path
    assert "as 'cases/west side/../east/2026'" in capsys.readouterr().err


def test_a_folder_inside_whose_entries_cannot_be_looked_at_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that can be listed but whose entries cannot be looked at (read but not
    search permission, or /proc's links of other users' processes) is not named, and
    the error is still the one about the folder given, not "Permission denied"."""
    monkeypatch.chdir(tmp_path)
    Path("cases/site").mkdir(parents=True)
    Path("cases/site/court.yaml").write_text(COURT.read_text(encoding="utf-8"), "utf-8")
    Path("cases/locked/inner").mkdir(parents=True)
    Path("cases/locked/notes.json").write_text("{}", encoding="utf-8")
    locked, stat = os.path.realpath("cases/locked"), os.stat

    def refused(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.path.dirname(os.path.realpath(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refused)
    assert main(["check", "cases"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: cases: the folder holds no case files (.yaml, .yml, .json); "
        "1 folder inside it does, which is not looked into: give it, as cases/site"
    )


def test_a_folder_with_more_folders_inside_than_are_looked_into_says_at_least(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder for each of 250 submissions: the folders looked into stop before the
    last, and the error does not give the number of those it found as all of them."""
    monkeypatch.chdir(tmp_path)
    court = COURT.read_text(encoding="utf-8")
    for i in range(250):
        Path(f"cases/site-{i:03d}").mkdir(parents=True)
        Path(f"cases/site-{i:03d}/court.yaml").write_text(court, encoding="utf-8")
    assert main(["check", "cases"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: cases: the folder holds no case files (.yaml, .yml, .json); "
        "at least 199 folders inside it do, which are not looked into: give them, as "
        "cases/site-000 cases/site-001 cases/site-002 and more"
    )


def test_a_folder_inside_named_as_an_option_is_named_as_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check .`` in a study whose folders are named by their dates, one of them
    ``-2026`` (before a site's first year): given as named, it would be an option."""
    monkeypatch.chdir(tmp_path)
    for folder in ("-2026", "2027"):
        Path(folder).mkdir()
        Path(folder, "site.yaml").write_text(COURT.read_text(encoding="utf-8"), "utf-8")
    assert main(["check", "."]) == 2
    assert one_error_line(capsys.readouterr().err).endswith("give them, as ./-2026 2027")
    assert main(["check", "./-2026", "--no-progress"]) == 1  # as named: its findings


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy_case(tmp_path, TYPO)
    assert main(["check", str(path), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.splitlines()[-1].startswith(f"activity-systems: {path}:15:")
    assert main(["--debug", "check", str(path)]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_unexpected_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(args: object) -> int:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(cli.COMMANDS, "check", boom)
    assert main(["check", str(COURT)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "RuntimeError: boom second line" in line


def test_a_failing_rule_is_reported_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from activity_systems.rules.finding import Report, RuleFailure

    def broken_run(case: a.Case, rules: object = None, *, source: object = None) -> Report:
        return Report.build(case.title, [], ["AS101"], [RuleFailure(rule="AS101", error="E")])

    monkeypatch.setattr("activity_systems.rules.engine.run_rules", broken_run)
    assert main(["check", str(COURT)]) == 2
    assert "rule AS101 failed: E" in one_error_line(capsys.readouterr().err)


def test_a_rule_that_raises_is_one_error_line_not_a_python_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from activity_systems.rules.engine import get_rule, unregister

    @a.rule("ORG990", name="raises", category="contradiction")
    def raises(case: a.Case) -> Iterator[a.Finding]:
        """Always fails."""
        raise ValueError("boom")
        yield  # pragma: no cover

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning reaching here would fail the test
            assert main(["check", str(COURT), "--rules", "ORG990"]) == 2
    finally:
        unregister(get_rule("ORG990").id)
    here = Path(__file__).resolve()  # as the warning shows it: from the current folder
    shown = here.relative_to(Path.cwd()).as_posix() if here.is_relative_to(Path.cwd()) else here
    raised_at = raises.function.__code__.co_firstlineno + 3
    err = capsys.readouterr().err
    assert one_error_line(err) == (
        f"activity-systems: {COURT}: rule ORG990 failed at {shown}:{raised_at}, in raises: "
        "ValueError: boom"
    )


def test_a_rule_that_raises_while_drawing_is_a_warning_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from activity_systems.rules import engine
    from activity_systems.rules.engine import get_rule, unregister

    @a.rule("ORG991", name="raises-too", category="contradiction")
    def raises(case: a.Case) -> Iterator[a.Finding]:
        """Always fails."""
        raise ValueError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(engine, "BUILTIN_RULES", (*engine.BUILTIN_RULES, raises))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning reaching here would fail the test
            assert main(["render", str(COURT), "-o", str(tmp_path / "f.dot")]) == 0
    finally:
        monkeypatch.undo()  # a built-in rule stays registered
        unregister(get_rule("ORG991").id)
    here = Path(__file__).resolve()  # as the warning shows it: from the current folder
    shown = here.relative_to(Path.cwd()).as_posix() if here.is_relative_to(Path.cwd()) else here
    raised_at = raises.function.__code__.co_firstlineno + 3
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: warning: {COURT}: rule ORG991 failed at {shown}:{raised_at}, in "
        "raises, and its findings are left out of the report: ValueError: boom"
    )
    assert (tmp_path / "f.dot").exists()


# -- render -----------------------------------------------------------------------------


def test_render_dot_needs_no_graphviz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figure3.dot"
    assert main(["render", str(COURT), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith(("digraph", "graph", "strict"))
    assert capsys.readouterr().err == ""


@needs_dot
@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--system", "court", "--theme", "print"],
        ["--pair", "court", "mhs", "--no-contradictions"],
    ],
)
def test_render_svg(tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figure.svg"
    assert main(["render", str(COURT), "-o", str(out), *extra]) == 0
    assert "<svg" in out.read_text(encoding="utf-8")


@needs_dot
def test_render_png(tmp_path: Path) -> None:
    out = tmp_path / "figure.png"
    assert main(["render", str(COURT), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.usefixtures("fast")
def test_render_unknown_system_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.dot"
    assert main(["render", str(COURT), "-o", str(out), "--system", "cort"]) == 2
    assert "did you mean 'court'" in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_render_pair_of_one_system_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.svg"
    argv = ["render", str(LIAISON), "--pair", "local", "local", "-o", str(out)]
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "activity-systems: --pair names two different systems, not 'local' twice"
    assert not out.exists()


@pytest.mark.parametrize(
    ("systems", "then"),
    [
        (["court", "mhs"], "for court and mhs, give --pair court mhs"),
        (
            ["local", "national", "court"],
            "--system names 3 systems (local, national, court): run render once for each, "
            "or write a handout of them (handout --system ID, once for each)",
        ),
    ],
)
def test_render_of_several_systems_is_a_usage_error(
    systems: list[str], then: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--system`` repeated, as ``handout`` takes it, does not draw the last system
    alone: render draws one figure, and the line says which option draws what."""
    out = tmp_path / "several.svg"
    argv = ["render", str(LIAISON), "-o", str(out)]
    for system in systems:
        argv += ["--system", system]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: render draws one figure: a system's triangle with --system ID, "
        f"the Figure 3 of two systems with --pair A B, the whole case with neither; {then}"
    )
    assert not out.exists()


@pytest.mark.usefixtures("fast")
def test_render_of_one_system_named_twice_draws_it(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    out.mkdir()
    argv = ["render", str(COURT), "--system", "court", "--system", "court", "-o", str(out)]
    assert main(argv) == 0
    assert [p.name for p in out.iterdir()] == ["court-reports-court.svg"]


def test_render_unknown_extension_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(COURT), "-o", str(tmp_path / "f.gif")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith(
        "f.gif: unknown extension .gif; use one of .dot, .gv, .pdf, .png, .svg, or --format"
    )


@pytest.mark.parametrize("suffix", sorted(EXTENSIONS))
def test_render_takes_the_extensions_of_the_api(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formats: list[str] = []

    def recording_render(case: a.Case, *args: object, format: str, **kw: object) -> str:
        formats.append(format)
        return fake_render(case, format=format)

    monkeypatch.setattr("activity_systems.render.render", recording_render)
    out = tmp_path / f"figure{suffix.upper()}"
    assert main(["render", str(COURT), "-o", str(out)]) == 0
    assert formats == [EXTENSIONS[suffix]]
    assert out.exists()


def test_render_dpi_goes_to_the_renderer_for_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[object] = []

    def recording_render(case: a.Case, *args: object, dpi: object = None, **kw: object) -> str:
        given.append(dpi)
        return "png"

    monkeypatch.setattr("activity_systems.render.render", recording_render)
    assert main(["render", str(COURT), "-o", str(tmp_path / "f.png"), "--dpi", "192"]) == 0
    assert main(["render", str(COURT), "-o", str(tmp_path / "f"), "--format", "png"]) == 0
    assert given == [192.0, None]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "f.svg"], "--dpi applies to PNG only, not SVG (a vector format)"),
        (["-o", "f.pdf", "--format", "pdf"], "--dpi applies to PNG only, not PDF"),
        (["-o", "f"], "--dpi applies to PNG only; name the format with --format png"),
    ],
)
def test_render_dpi_is_for_png_only(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = [*argv[:1], str(out / argv[1]), *argv[2:]]
    assert main(["render", str(COURT), *argv, "--dpi", "300"]) == 2
    assert message in one_error_line(capsys.readouterr().err)
    assert list(out.iterdir()) == []


def test_render_background_goes_to_the_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[object] = []

    def recording_render(case: a.Case, *args: object, background: object, **kw: object) -> str:
        given.append(background)
        return "png"

    monkeypatch.setattr("activity_systems.render.render", recording_render)
    out = str(tmp_path / "f.png")
    assert main(["render", str(COURT), "-o", out, "--background", "transparent"]) == 0
    assert main(["render", str(COURT), "-o", out, "--background", "#DBE9F6"]) == 0
    assert main(["render", str(COURT), "-o", out]) == 0
    assert main(["render", str(COURT), "-o", out, "--background", "White"]) == 0
    assert main(["render", str(COURT), "-o", out, "--background", "#fff"]) == 0
    assert given == ["transparent", "#DBE9F6", "white", "White", "#fff"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_render_on_a_dark_background_says_the_text_is_hard_to_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "poster.svg"
    assert main(["render", str(COURT), "-o", str(out), "--background", "#1f3a5f"]) == 0
    assert out.exists()
    err = capsys.readouterr().err
    assert err.count("warning: ") == 1
    assert "warning: on the background #1f3a5f, the contrast of the title and the " in err
    assert "(#222222) is 1.4:1" in err


@pytest.mark.parametrize("background", ["blue", "#12345"])
def test_render_background_is_white_transparent_or_a_hex_colour(
    background: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "f.png"
    assert main(["render", str(COURT), "-o", str(out), "--background", background]) == 2
    err = capsys.readouterr().err
    assert f"argument --background: unknown background {background!r}: use white, " in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("dpi", ["0", "-1", "nan", "lots"])
def test_render_dpi_is_a_positive_number(dpi: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(COURT), "-o", "f.png", "--dpi", dpi]) == 2
    assert "is not a positive number of dots per inch" in capsys.readouterr().err


def test_render_format_choices_are_the_api_formats(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in FORMATS:
        assert cli._render_format(fmt.upper()) == fmt
    assert main(["render", str(COURT), "-o", "f.svg", "--format", "gif"]) == 2
    assert f"(choose from {', '.join(FORMATS)})" in capsys.readouterr().err


@pytest.mark.usefixtures("fast")
def test_render_refuses_to_overwrite_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path)
    before = path.read_bytes()
    assert main(["render", str(path), "-o", str(path), "--format", "dot"]) == 2
    assert "input" in one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_render_without_graphviz_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(*args: object, **kwargs: object) -> str:
        raise a.GraphvizNotFound("Graphviz 'dot' was not found: install graphviz")

    monkeypatch.setattr("activity_systems.render.render", missing)
    out = tmp_path / "f.svg"
    assert main(["render", str(COURT), "-o", str(out)]) == 2
    assert "install graphviz" in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_handout_without_graphviz_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "handout.html"
    assert main(["handout", str(COURT), "-o", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "a handout's figures" in line
    assert not out.exists()
    # the commands it names for meanwhile run, with the case file in place of CASE
    named = re.findall(r"'((?:check|render) CASE [^']*)'", line)
    assert [command.split()[0] for command in named] == ["check", "render"], line
    for command in named:
        argv = shlex.split(command.replace("CASE", str(COURT)))
        argv = [str(tmp_path / arg) if arg.endswith((".md", ".dot")) else arg for arg in argv]
        if "-o" not in argv:
            argv += ["-o", str(tmp_path / "findings.md")]
        assert main(argv) in (0, 1), command
    capsys.readouterr()


@pytest.mark.usefixtures("fast")
def test_render_a_folder_into_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    shutil.copy(SEGREGATION, cases / "segregation.yaml")
    (cases / "notes.txt").write_text("not a case", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(cases), "-o", str(out), "--format", "dot"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["court.dot", "segregation.dot"]
    assert capsys.readouterr().err == ""  # not a terminal: no progress


def test_a_folder_s_case_files_leave_out_what_the_library_wrote_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A handout's list of figures, a report, a comparison and the schema, written into a
    folder of cases, are no case files of it."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    (cases / ".court.figures.json").write_text('{"kind": "x"}', encoding="utf-8")
    assert main(["check", str(COURT), "--format", "json"]) == 1
    (cases / "report.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["schema", "-o", str(cases / "schema.json")]) == 0
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(cases), "-o", str(out), "--format", "dot"]) == 0
    assert [p.name for p in out.iterdir()] == ["court.dot"]
    # the folder of the cases is an output folder too: nothing in it is overwritten
    assert main(["render", str(cases), "-o", str(cases), "--format", "dot"]) == 0
    assert (cases / "court.dot").read_bytes() == (out / "court.dot").read_bytes()
    # a case of the user's that names a schema is a case file still, reported when broken
    (cases / "mine.json").write_text('{"$schema": "./schema.json", "title": "x"}', "utf-8")
    assert main(["render", str(cases), "-o", str(out), "--format", "dot"]) == 2
    assert "mine.json:1:2: unknown key '$schema'" in capsys.readouterr().err


def test_an_empty_folder_among_the_inputs_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    capsys.readouterr()
    assert main(["render", str(COURT), str(empty), "-o", str(out), "--format", "dot"]) == 2
    assert [p.name for p in out.iterdir()] == ["court-reports.dot"]
    assert capsys.readouterr().err == (
        f"activity-systems: {empty}: the folder holds no case files (.yaml, .yml, .json)\n"
        "activity-systems: 1 of 2 figures written; 1 failed\n"
    )
    assert main(["render", str(empty), "-o", str(out), "--format", "dot"]) == 2
    assert "written" not in capsys.readouterr().err  # one input: its line says it all
    other = tmp_path / "other"
    other.mkdir()
    assert main(["render", str(empty), str(other), "-o", str(out), "--format", "dot"]) == 2
    err = capsys.readouterr().err
    assert err.count("the folder holds no case files") == 2
    assert err.endswith("activity-systems: 0 of 2 figures written; 2 failed\n")


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("command", ["render", "handout"])
def test_the_count_counts_every_input_that_failed(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder is counted as a case file that fails is, beside the case files
    and whatever else fails."""
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    bad = copy_case(tmp_path, TYPO, "bad.yaml")
    out = tmp_path / "out"
    out.mkdir()
    what = "figures" if command == "render" else "handouts"
    assert main([command, str(empty), str(COURT), str(SEGREGATION), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"activity-systems: 2 of 3 {what} written; 1 failed"
    )
    assert main([command, str(empty), str(other), str(bad), str(COURT), "-o", str(out)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len([line for line in lines if "failed" not in line]) == 3
    assert lines[-1] == f"activity-systems: 1 of 4 {what} written; 3 failed"


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(
    ("command", "suffix", "what"), [("render", ".svg", "figures"), ("handout", ".html", "handouts")]
)
def test_case_files_of_one_name_fail_alone(
    command: str, suffix: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case file beside its JSON export: neither is written over the other, each says
    so, and the rest of the batch is still written."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    court_json = cases / "court.json"
    court_json.write_text(a.load(COURT).to_json(), encoding="utf-8")
    shutil.copy(SEGREGATION, cases / "segregation.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main([command, str(cases), "-o", str(out)]) == 2
    target = out / f"court{suffix}"
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {court_json}: {target} would be written for {cases / 'court.yaml'} "
        "too, so neither is written; rename one of them, or write them into different folders",
        f"activity-systems: {cases / 'court.yaml'}: {target} would be written for {court_json} "
        "too, so neither is written; rename one of them, or write them into different folders",
        f"activity-systems: 1 of 3 {what} written; 2 failed",
    ]
    assert [p.name for p in out.iterdir()] == [f"segregation{suffix}"]
    shutil.copy(COURT, cases / "court.yml")  # three of one name: each names the two others
    assert main([command, str(cases), "-o", str(out)]) == 2
    assert f"{court_json} and {cases / 'court.yml'} too, so none of them is written" in (
        capsys.readouterr().err
    )


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(
    ("command", "suffix", "what"), [("render", ".svg", "figures"), ("handout", ".md", "handouts")]
)
def test_case_files_whose_names_differ_in_case_fail_alone(
    command: str, suffix: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Court.yaml beside court.yaml (one file on Windows and macOS, two here, as on a
    share synced from Linux): their outputs would replace each other on a laptop, so
    neither is written, on every system alike; an accent written as a mark after its
    letter, as macOS writes names, is the same name as the accented letter."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "Court.yaml")
    shutil.copy(COURT, cases / "court.yaml")
    shutil.copy(SEGREGATION, cases / "Unité.yaml")
    shutil.copy(SEGREGATION, cases / "unite\u0301.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main([command, str(cases), "-o", str(out), "--format", suffix[1:]]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"activity-systems: {cases / 'Court.yaml'}: {out / f'Court{suffix}'} would be written "
        f"for {cases / 'court.yaml'} too (as {out / f'court{suffix}'}, the same file on Windows "
        "and macOS, whose file names ignore case), so neither is written; rename one of them, "
        "or write them into different folders"
    )
    assert len(lines) == 5
    assert lines[-1] == f"activity-systems: 0 of 4 {what} written; 4 failed"
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(
    ("command", "suffix", "what"), [("render", ".svg", "figures"), ("handout", ".md", "handouts")]
)
def test_outputs_named_after_case_files_take_only_names_windows_can_hold(
    command: str, suffix: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Case files named on a Mac or on Linux (aux.yaml, 'Court 2026:27.yaml', as the
    Finder writes 'Court 2026/27') would give outputs that Windows, OneDrive and
    SharePoint refuse: those are not written, on every system alike, and the rest are;
    an output the user names is written as named."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("aux.yaml", "Court 2026:27.yaml", "Review?.json", "com1.yml", "court.yaml"):
        shutil.copy(COURT, cases / name)
    out = tmp_path / "out"
    out.mkdir()
    assert main([command, str(cases), "-o", str(out), "--format", suffix[1:]]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"activity-systems: {cases / 'Court 2026:27.yaml'}: {out / f'Court 2026:27{suffix}'} "
        "would be named after it, which Windows, OneDrive and SharePoint refuse (':' is not "
        "allowed in a Windows file name), so it is not written; rename the case file"
    )
    assert "('aux' is the name of a device on Windows)" in lines[2]
    assert lines[-1] == f"activity-systems: 1 of 5 {what} written; 4 failed"
    assert f"court{suffix}" in {p.name for p in out.iterdir()}
    assert not any(p.name.lower().startswith(("aux", "com1", "review")) for p in out.iterdir())
    named = tmp_path / f"aux{suffix}"
    assert main([command, str(cases / "aux.yaml"), "-o", str(named)]) == 0
    assert named.is_file()
    missing = cases / "Court 2027:28.yaml"  # not there: what it is told first
    assert main([command, str(missing), str(cases / "court.yaml"), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"activity-systems: {missing}: no such file"


@pytest.mark.usefixtures("fast")
def test_case_files_whose_names_differ_in_an_accents_encoding_are_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unité.yaml and Unite\u0301.yaml look alike: the error says what differs (how the
    accent is encoded, not the case) and where they are one file (macOS, not Windows,
    whose file names keep the two apart)."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(SEGREGATION, cases / "Unité.yaml")
    shutil.copy(SEGREGATION, cases / "Unite\u0301.yaml")
    shutil.copy(SEGREGATION, cases / "unite\u0301.yaml")
    out = tmp_path / "out"
    out.mkdir()
    decomposed = "Unite\u0301.svg"
    assert (
        main(["render", str(cases / "Unité.yaml"), str(cases / "Unite\u0301.yaml"), "-o", str(out)])
        == 2
    )
    first = capsys.readouterr().err.splitlines()[0]
    assert first.endswith(
        f"(as {out / decomposed}, the same file on macOS, whose file names ignore how "
        "an accent is encoded), so neither is written; rename one of them, or write them "
        "into different folders"
    )
    assert (
        main(["render", str(cases / "Unité.yaml"), str(cases / "unite\u0301.yaml"), "-o", str(out)])
        == 2
    )
    first = capsys.readouterr().err.splitlines()[0]
    assert (
        "the same file on macOS, whose file names ignore case and how an accent is encoded" in first
    )


@pytest.mark.usefixtures("fast")
def test_a_case_file_named_twice_is_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    (cases / "latest.yaml").symlink_to("court.yaml")  # a name of its own: a case of its own
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)
    for twice in (
        ["cases/court.yaml", "./cases/court.yaml"],
        ["cases", "cases/court.yaml"],
        ["cases/court.yaml", "out/../cases/court.yaml"],
    ):
        assert main(["render", *twice, "-o", "out"]) == 0, twice
        assert capsys.readouterr().err == ""
        assert sorted(p.name for p in out.iterdir()) == (
            ["court.svg", "latest.svg"] if "cases" in twice else ["court.svg"]
        )
        shutil.rmtree(out)
        out.mkdir()
    # one file, named twice, goes to a file named with -o
    assert main(["render", "cases/court.yaml", "./cases/court.yaml", "-o", "one.svg"]) == 0
    assert (tmp_path / "one.svg").is_file()


@pytest.mark.usefixtures("fast")
def test_a_case_file_named_twice_in_another_case_is_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On macOS and Windows, court.yaml and Court.yaml (or cases/ and Cases/) name one
    file: named both ways, it is one case, drawn once, not two whose figures would
    replace each other. A hard link stands for such a file here: one file, two names
    that differ only in case."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    (cases / "Court.yaml").hardlink_to(cases / "court.yaml")
    (tmp_path / "Cases").symlink_to("cases")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)
    for twice in (
        ["cases/court.yaml", "cases/Court.yaml"],
        ["cases/court.yaml", "Cases/court.yaml"],
    ):
        assert main(["render", *twice, "-o", "out"]) == 0, twice
        assert capsys.readouterr().err == ""
        assert [p.name for p in out.iterdir()] == ["court.svg"]
        shutil.rmtree(out)
        out.mkdir()


def test_rules_may_be_named_in_several_options(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(COURT), "--rules", "AS101", "--rules", "AS201,AS202", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["rules_run"] == ["AS101", "AS201", "AS202"]


def test_render_many_needs_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["render", str(COURT), str(SEGREGATION), "-o", str(tmp_path / "nope")]
    assert main(argv) == 2
    assert "existing folder" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["render", "handout"])
def test_a_trailing_slash_names_a_folder_even_for_one_case(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"{tmp_path / 'figures'}/"
    assert (
        main(
            [command, str(COURT), "-o", missing, "--format", "dot" if command == "render" else "md"]
        )
        == 2
    )
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {missing}: the folder does not exist; create it first"
    )
    assert list(tmp_path.iterdir()) == []  # no file named "figures"
    (tmp_path / "figures").mkdir()
    assert (
        main(
            [command, str(COURT), "-o", missing, "--format", "dot" if command == "render" else "md"]
        )
        == 0
    )
    suffix = ".dot" if command == "render" else ".md"
    assert (tmp_path / "figures" / (COURT.stem + suffix)).is_file()


@pytest.mark.parametrize("command", ["render", "handout"])
def test_a_folder_name_that_is_a_file_says_so(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "court-reports.svg"
    existing.write_bytes(b"<svg/>")
    fmt = "dot" if command == "render" else "md"
    assert main([command, str(COURT), "-o", f"{existing}/", "--format", fmt]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {existing}/: is a file, not a folder"
    )
    plain = tmp_path / "figures"
    plain.write_bytes(b"notes")
    argv = [command, str(COURT), str(SEGREGATION), "-o", str(plain), "--format", fmt]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {plain}: is a file, not a folder; with several case files, "
        "-o names a folder"
    )
    assert existing.read_bytes() == b"<svg/>"
    assert plain.read_bytes() == b"notes"
    assert sorted(tmp_path.iterdir()) == [existing, plain]


NO_EXTENSION = {
    "render": "no extension; name the format with one of .dot, .gv, .svg, .png, .pdf, or --format",
    "handout": "no extension; name the file .html or .md (--format names only the files in "
    "a folder)",
}


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("command", ["render", "handout"])
def test_one_output_without_an_extension_needs_format(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x"
    assert main([command, str(COURT), "-o", str(out)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {out}: {NO_EXTENSION[command]}"
    )
    assert list(tmp_path.iterdir()) == []
    # a folder of one case file writes one file too
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    assert main([command, str(cases), "-o", str(out)]) == 2
    assert NO_EXTENSION[command] in one_error_line(capsys.readouterr().err)
    assert not out.exists()
    # for a figure --format names it; a handout's file name must say it
    if command == "render":
        assert main([command, str(COURT), "-o", str(out), "--format", "dot"]) == 0
        assert out.read_text(encoding="utf-8").startswith("digraph")
    else:
        assert main([command, str(COURT), "-o", str(out), "--format", "md"]) == 2
        assert NO_EXTENSION[command] in one_error_line(capsys.readouterr().err)
        assert not out.exists()


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("command", ["render", "handout"])
def test_an_output_without_an_extension_for_many_cases_is_a_folder(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x"
    argv = [command, str(COURT), str(SEGREGATION), "-o", str(out)]
    assert main(argv) == 2
    assert "existing folder" in one_error_line(capsys.readouterr().err)
    out.mkdir()
    assert main(argv) == 0
    suffix = ".svg" if command == "render" else ".html"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [COURT.stem + suffix, SEGREGATION.stem + suffix]
    )
    one = tmp_path / "one"
    one.mkdir()  # an existing folder takes one case as well, named after it
    assert main([command, str(COURT), "-o", str(one)]) == 0
    assert [p.name for p in one.iterdir()] == [COURT.stem + suffix]


@pytest.mark.usefixtures("fast")
def test_render_many_reports_each_bad_input_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy_case(tmp_path, TYPO, "bad.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(bad), str(COURT), "-o", str(out), "--format", "dot"]) == 2
    first, last = capsys.readouterr().err.splitlines()
    assert first.startswith(f"activity-systems: {bad}:15:")
    assert last == "activity-systems: 1 of 2 figures written; 1 failed"
    assert [p.name for p in out.iterdir()] == ["court-reports.dot"]


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(("command", "what"), [("render", "figures"), ("handout", "handouts")])
def test_a_batch_with_failures_ends_with_a_count(
    command: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(COURT, cases / name)
    copy_case(cases, TYPO, "d.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main([command, str(cases), "-o", str(out)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"activity-systems: {cases / 'd.yaml'}:15:")
    assert lines[1:] == [f"activity-systems: 3 of 4 {what} written; 1 failed"]
    assert len(list(out.iterdir())) == 3
    copy_case(cases, TYPO, "b.yaml")
    assert main([command, str(cases), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"activity-systems: 2 of 4 {what} written; 2 failed"
    )
    for name in ("b.yaml", "d.yaml"):
        shutil.copy(COURT, cases / name)
    assert main([command, str(cases), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""  # all written: nothing to say


@pytest.mark.usefixtures("fast")
def test_one_case_that_fails_gets_no_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy_case(tmp_path, TYPO, "bad.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(bad), "-o", str(out)]) == 2
    assert f"{bad}:15:" in one_error_line(capsys.readouterr().err)


@pytest.mark.usefixtures("fast")
def test_a_batch_error_names_the_case_file_it_is_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = ["render", str(COURT), str(SEGREGATION), "-o", str(out), "--format", "dot"]
    assert main([*argv, "--system", "court"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"activity-systems: {SEGREGATION}: no system 'court' (known: 'healthcare', 'segregation')"
    )
    assert [p.name for p in out.iterdir()] == ["court-reports-court.dot"]


def test_a_graphviz_error_names_each_case_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def slow(*args: object, **kwargs: object) -> str:
        raise a.GraphvizError("Graphviz did not finish within 0.01 s and was stopped")

    monkeypatch.setattr("activity_systems.render.render", slow)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(COURT), str(SEGREGATION), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"activity-systems: {path}: Graphviz did not finish within 0.01 s and was stopped"
        for path in (COURT, SEGREGATION)
    ]
    # one case file: the same line, so that a script's log says which case it was
    assert main(["render", str(COURT), "-o", str(out / "f.svg")]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {COURT}: Graphviz did not finish within 0.01 s and was stopped"
    )


@pytest.mark.usefixtures("fast")
def test_a_batch_error_that_names_its_file_is_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy_case(tmp_path, TYPO, "bad.yaml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "court-reports.dot").mkdir()  # the output's name is taken by a folder
    argv = ["render", str(bad), str(COURT), "-o", str(out), "--format", "dot"]
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"activity-systems: {bad}:15:13: 'mhs.reprt': system 'mhs' has no tool 'reprt' "
        "(did you mean 'report'?)",
        f"activity-systems: {out / 'court-reports.dot'}: is a folder; give a file name",
    ]
    earlier = copy_case(tmp_path, TYPO, "earlier.yaml")
    target = tmp_path / "h.md"
    assert main(["handout", str(COURT), "-o", str(target), "--since", str(earlier)]) == 2
    assert one_error_line(capsys.readouterr().err).startswith(f"activity-systems: {earlier}:15:")


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("command", ["check", "render", "handout", "compare"])
def test_every_problem_of_a_case_file_is_a_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path, THREE_PROBLEMS)
    argv = {
        "check": ["check", str(path)],
        "render": ["render", str(path), "-o", str(tmp_path / "f.svg")],
        "handout": ["handout", str(path), "-o", str(tmp_path / "h.html")],
        "compare": ["compare", str(path), str(COURT)],
    }[command]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"activity-systems: {path}:4:5: unknown key 'nmae' in systems[0] "
        "(did you mean 'name'?) (and 2 more problems)",
        f"activity-systems: {path}:8:16: systems[0].object.values[0]: 'Security' is not a "
        "valid id: use lowercase letters, digits, '-' and '_' such as 'security'",
        f"activity-systems: {path}:10:56: systems[0].rules[0].time_limit: '2 dayz' has an "
        "unknown unit 'dayz' (did you mean 'days'?): use hours, days or weeks",
    ]


BROKEN_REFERENCES = """\
title: Psychiatric reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{id: targets, label: Remand limit, time_limit: 3 weeks}]
    tools: [Written request]
  - id: mhs
    subject: Psychiatrist
    object: Service user
    tools: [{id: report, label: Psychiatric report, turnaround: 4-8 weeks}]
exchanges:
  - label: Report
    from: mhs
    to: court
    takes: mhs.reprot
    needed_within: court.tagrets
    requested_with: court.requets
"""


def test_every_broken_reference_of_a_case_file_is_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the first was told: the user fixed it, ran again, and met the next.
    path = copy_case(tmp_path, BROKEN_REFERENCES)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"activity-systems: {path}:16:12: 'mhs.reprot': system 'mhs' has no tool 'reprot' "
        "(did you mean 'report'?) (and 2 more problems)",
        f"activity-systems: {path}:17:20: 'court.tagrets': system 'court' has no rule "
        "'tagrets' (did you mean 'targets'?)",
        f"activity-systems: {path}:18:21: 'court.requets': system 'court' has no tool "
        "'requets' (known: 'written-request')",
    ]


def test_at_most_twenty_problems_are_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tools = "".join(f"      - {{label: T{i}, turnround: 3 weeks}}\n" for i in range(25))
    system = "  - id: s\n    subject: S\n    object: O\n    tools:\n"
    path = copy_case(tmp_path, f"title: x\nsystems:\n{system}{tools}")
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == cli.MAX_PROBLEMS_SHOWN + 1 == 21
    assert lines[0].endswith("(did you mean 'turnaround'?) (and 24 more problems)")
    assert lines[19].startswith(f"activity-systems: {path}:26:22: unknown key 'turnround' ")
    assert lines[20] == (
        f"activity-systems: {path}: 5 more problems not shown; fix those above and run "
        "again to see them"
    )


def test_one_problem_met_in_many_places_is_one_line_with_its_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A system renamed in a large case left 25 references to its old id: they were 20
    # lines of the same words, and the cap hid the one other problem of the file.
    renamed = "".join(f"  - {{label: Report {i}, from: mhs, to: court}}\n" for i in range(25))
    path = copy_case(
        tmp_path,
        "title: Psychiatric reports\nsystems:\n"
        "  - {id: magistrates, subject: Magistrate, object: Defendant}\n"
        "  - id: mhs\n    subject: Psychiatrist\n    object: Service user\n"
        "    tools: [{id: report, label: Psychiatric report}]\n"
        f"exchanges:\n{renamed}"
        "  - {label: Last, from: mhs, to: magistrates, takes: mhs.reprot}\n",
    )
    assert main(["check", str(path)]) == 2
    missing = "no system has the id 'court' (known: 'magistrates', 'mhs')"
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {path}:9:38: {missing} (and 25 more problems)",
        f"activity-systems: {path}: the same 24 more times, at 10:38, 11:38, 12:38, 13:38, "
        "14:38, 15:38, 16:38, 17:38, 18:38, 19:39 and 14 more places",
        f"activity-systems: {path}:34:54: 'mhs.reprot': system 'mhs' has no tool 'reprot' "
        "(did you mean 'report'?)",
    ]


def test_every_line_of_a_case_file_s_problems_names_the_file_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A name with a tab or a line break is written with its escape in each problem's
    # line; the line of a problem's other places and the line of the problems not shown
    # wrote it with a space instead, another name than the lines above them.
    named = f"activity-systems: {tmp_path}/report\\tdraft.yaml"
    system = "  - id: s\n    subject: S\n    object: O\n"
    elsewhere = "".join(f"  - {{label: E{i}, from: s, to: court}}\n" for i in range(3))
    path = copy_case(
        tmp_path, f"title: x\nsystems:\n{system}exchanges:\n{elsewhere}", "report\tdraft.yaml"
    )
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{named}:7:")
    assert lines[1] == f"{named}: the same 2 more times, at 8:30, 9:30"
    tools = "".join(f"      - {{label: T{i}, turnround: 3 weeks}}\n" for i in range(25))
    path.write_text(f"title: x\nsystems:\n{system}    tools:\n{tools}", "utf-8")
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{named}:7:")
    assert lines[-1].startswith(f"{named}: 5 more problems not shown; ")


def test_a_warning_names_the_file_as_its_errors_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A warning led by its place wrote a tab in the file's name as a space, while an
    # error about the same file writes its escape.
    path = copy_case(
        tmp_path,
        COURT.read_text(encoding="utf-8")
        + "\nleave_out:\n  - {rule: ORG999, by: me, reason: not here}\n",
        "report\tdraft.yaml",
    )
    assert main(["check", "--format", "json", str(path)]) == 1  # contradictions found
    warned = capsys.readouterr().err.splitlines()
    assert warned[0].startswith(f"activity-systems: warning: {tmp_path}/report\\tdraft.yaml:")


def test_a_problem_met_in_two_places_is_two_lines_each_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A line for the second place alone saves nothing, and 'the same 1 more time, at
    # 9:31' is no place that an editor or a CI log jumps to.
    path = copy_case(
        tmp_path,
        "title: Two\nsystems:\n"
        "  - {id: court, subject: Magistrate, object: Defendant}\n"
        "  - {id: mhs, subject: Psychiatrist, object: Service user}\n"
        "exchanges:\n"
        "  - {label: Report, from: court, to: mhs}\n"
        "  - {label: Letter, from: mhs, to: prison}\n"
        "  - {label: Reply, from: prison, to: mhs}\n",
    )
    assert main(["check", str(path)]) == 2
    missing = "no system has the id 'prison' (known: 'court', 'mhs')"
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {path}:7:36: {missing} (and 1 more problem)",
        f"activity-systems: {path}:8:26: {missing}",
    ]


def test_a_misspelt_id_met_in_more_places_than_hints_are_searched_for_is_told_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The hints of a file are searched for its first 50 problems; 'cuort' copied into 70
    # exchanges was told 'did you mean' at the first 50 and nothing at the other 20, two
    # problems where there is one.
    rows = "".join(f"  - {{label: L{i}, from: mhs, to: cuort}}\n" for i in range(70))
    path = copy_case(
        tmp_path,
        "title: Typo\nsystems:\n"
        "  - {id: court, subject: Magistrate, object: Defendant}\n"
        "  - {id: mhs, subject: Psychiatrist, object: Service user}\n"
        f"exchanges:\n  - {{label: Report, from: court, to: mhs}}\n{rows}",
    )
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].endswith(
        "no system has the id 'cuort' (did you mean 'court'?) (and 69 more problems)"
    )
    assert err[1].endswith(
        "the same 69 more times, at 8:32, 9:32, 10:32, 11:32, 12:32, 13:32, 14:32, 15:32, "
        "16:32, 17:33 and 59 more places"
    )


def test_a_system_renamed_in_its_place_alone_is_named_in_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In a regional map of numbered services, the closest id to the old one is another
    # service ('court-0104' for 'court-0004'); the system renamed is the one nothing names.
    path = copy_case(
        tmp_path,
        "title: Region\nsystems:\n"
        "  - {id: northgate-court, subject: Magistrate, object: Defendant}\n"
        "  - {id: court-0104, subject: Magistrate, object: Defendant}\n"
        "  - {id: mhs, subject: Psychiatrist, object: Service user}\n"
        "exchanges:\n"
        "  - {label: Report, from: mhs, to: court-0004}\n"
        "  - {label: Request, from: court-0004, to: mhs}\n"
        "  - {label: Letter, from: court-0104, to: mhs}\n"
        "declared:\n  - {between: [court-0004.object, mhs.object], level: quaternary}\n",
    )
    assert main(["check", str(path)]) == 2
    renamed = (
        "no system has the id 'court-0004' (was it renamed 'northgate-court', the one "
        "system nothing else names?)"
    )
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {path}:7:36: {renamed} (and 2 more problems)",
        f"activity-systems: {path}:8:28: {renamed}",
        f"activity-systems: {path}:11:16: 'court-0004.object' names no system 'court-0004' "
        "(was it renamed 'northgate-court', the one system nothing else names?)",
    ]


@pytest.mark.parametrize("written", ["cuort", "cort"])
def test_a_misspelt_id_named_twice_is_told_the_id_it_misspells_not_a_rename(
    written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A system just added and named by no exchange yet ('probation') is not what a
    # misspelling copied into two exchanges was meant to be.
    path = copy_case(
        tmp_path,
        "title: Typo\nsystems:\n"
        "  - {id: court, subject: Magistrate, object: Defendant}\n"
        "  - {id: mhs, subject: Psychiatrist, object: Service user}\n"
        "  - {id: probation, subject: Officer, object: Supervision}\n"
        "exchanges:\n"
        "  - {label: Report, from: court, to: mhs}\n"
        f"  - {{label: Letter, from: mhs, to: {written}}}\n"
        f"  - {{label: Reply, from: mhs, to: {written}}}\n"
        f"declared:\n  - {{between: [{written}.object, mhs.object], level: quaternary}}\n",
    )
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "renamed" not in err
    assert f"'{written}' (did you mean 'court'?)" in err
    assert f"'{written}.object' names no system '{written}' (did you mean 'court.object'?)" in err


# -- handout ----------------------------------------------------------------------------


@needs_dot
def test_handout_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "court.html"
    assert main(["handout", str(COURT), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("<svg") == 3
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("fast")
def test_handout_markdown_with_figures(tmp_path: Path) -> None:
    out = tmp_path / "court.md"
    assert main(["handout", str(COURT), "-o", str(out), "--theme", "print"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".court.figures.json",
        "court-figure1-court.svg",
        "court-figure2-mhs.svg",
        "court-figure3-court-mhs.svg",
        "court.md",
    ]


@pytest.mark.usefixtures("fast")
def test_handout_folder_and_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_title.html.j2").write_text("<h1>Ours {{ case.title }}</h1>\n", "utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court-reports.yaml")
    shutil.copy(SEGREGATION, cases / "segregation-unit.yaml")
    out = tmp_path / "out"
    out.mkdir()
    argv = ["handout", str(cases), "-o", str(out), "--templates", str(templates)]
    assert main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "court-reports.html",
        "segregation-unit.html",
    ]
    assert "<h1>Ours Caring for segregated prisoners</h1>" in (
        out / "segregation-unit.html"
    ).read_text(encoding="utf-8")


def test_handout_missing_templates_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["handout", str(COURT), "-o", str(tmp_path / "h.html"), "--templates", "nope"]
    assert main(argv) == 2
    assert "--templates" in one_error_line(capsys.readouterr().err)


def test_handout_says_which_template_of_the_folder_it_did_not_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", lambda *a, **k: "<svg/>")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_tittle.html.j2").write_text("<h1>Croeso</h1>\n", "utf-8")
    argv = ["handout", str(COURT), "-o", str(tmp_path / "h.html"), "--templates", str(templates)]
    assert main(argv) == 0
    assert capsys.readouterr().err == (
        f"activity-systems: warning: {templates / '_tittle.html.j2'}: not used: no shipped "
        "template has its name (did you mean '_title.html.j2'?) and none of yours includes it\n"
    )
    assert (tmp_path / "h.html").exists()


@pytest.mark.usefixtures("fast")
def test_handout_of_a_folder_says_once_which_template_it_did_not_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_tittle.html.j2").write_text("<h1>Croeso</h1>\n", "utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court-reports.yaml")
    shutil.copy(SEGREGATION, cases / "segregation-unit.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["handout", str(cases), "-o", str(out), "--templates", str(templates)]) == 0
    err = capsys.readouterr().err
    assert err.count("_tittle.html.j2: not used") == 1, err


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<h1>\n{% if %}</h1>\n", "_title.html.j2:2: template error"),
        (
            '{% extends "_title.html.j2" %}\n',
            "_title.html.j2:1: template error: _title.html.j2 extends or includes itself",
        ),
    ],
    ids=["syntax", "loop"],
)
def test_handout_broken_template_is_one_error_line(
    template: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", lambda *a, **k: "<svg/>")
    (tmp_path / "_title.html.j2").write_text(template, "utf-8")
    argv = ["handout", str(COURT), "-o", str(tmp_path / "h.html"), "--templates", str(tmp_path)]
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert expected in line
    assert "unexpected" not in line
    assert not (tmp_path / "h.html").exists()


def test_handout_template_not_in_utf8_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "_title.html.j2").write_bytes("<h1>\nUniversité\n</h1>\n".encode("latin-1"))
    argv = ["handout", str(COURT), "-o", str(tmp_path / "h.html"), "--templates", str(tmp_path)]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {tmp_path / '_title.html.j2'}:2: template error: "
        "not UTF-8 text (byte 0xe9); save the template as UTF-8"
    )
    assert not (tmp_path / "h.html").exists()


@pytest.mark.parametrize(
    ("template", "error"),
    [
        (
            "<h1>\n{{ case.nosuch }}</h1>\n",
            "template error: Case has no attribute 'nosuch'",
        ),
        (
            "<h1>\n\n{% include 'missing.j2' %}</h1>\n",
            "template error: no template named 'missing.j2'",
        ),
        (
            "<h1>\n{{ lipsum.__globals__['os'].popen('id').read() }}</h1>\n",
            "template error: access to attribute '__globals__' of 'function' object is "
            "unsafe: templates run in a sandbox, where they can show the values they are "
            "given but not reach Python's internals",
        ),
        (
            "<h1>\n{{ 1 / (report.findings|length - 12) }}</h1>\n",
            "template error: division by zero",
        ),
    ],
    ids=["undefined", "missing", "sandbox", "zero"],
)
def test_handout_template_failing_at_render_time_names_its_line(
    template: str,
    error: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", lambda *a, **k: "<svg/>")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_title.html.j2").write_text(template, "utf-8")
    argv = ["handout", str(COURT), "-o", str(tmp_path / "h.html"), "--templates", str(templates)]
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    row = template.count("\n", 0, template.index("{"))
    assert line == f"activity-systems: {templates / '_title.html.j2'}:{row + 1}: {error}"
    assert not (tmp_path / "h.html").exists()


def test_handout_unknown_extension_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handout", str(COURT), "-o", str(tmp_path / "h.txt")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith("h.txt: unknown handout extension '.txt': use .html or .md")
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_handout_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handout", str(COURT), "-o", str(tmp_path / "h.pdf")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith(
        "h.pdf: unknown handout extension '.pdf': use .html or .md (for a PDF, write .html "
        "and print it to PDF from a browser)"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("fast")
def test_handout_refuses_to_overwrite_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path)
    before = path.read_bytes()
    assert main(["handout", str(path), "-o", str(path)]) == 2
    assert "refusing to overwrite the input" in one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == before


@pytest.mark.usefixtures("fast")
def test_handout_bad_case_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy_case(tmp_path, TYPO)
    assert main(["handout", str(path), "-o", str(tmp_path / "h.html")]) == 2
    assert f"{path}:15:" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "h.html").exists()


def hub_case(spokes: int) -> str:
    """A court that exchanges a report with each of ``spokes`` services: as many
    neighbouring pairs, each a Figure 3 in the handout."""
    systems = "".join(f"  - {{id: s{i}, subject: S, object: O}}\n" for i in range(spokes))
    exchanges = "".join(
        f"  - {{id: x{i}, label: Report, from: s{i}, to: court}}\n" for i in range(spokes)
    )
    return (
        "title: Region\nsystems:\n  - {id: court, subject: Magistrate, object: Defendant}\n"
        f"{systems}exchanges:\n{exchanges}"
    )


@pytest.mark.usefixtures("fast")
def test_handout_of_chosen_systems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "part.md"
    argv = ["handout", str(LIAISON), "--system", "national", "--system", "local", "-o", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".part.figures.json",
        "part-figure1-local.svg",
        "part-figure2-national.svg",
        "part-figure3-local-national.svg",
        "part.md",
    ]
    text = out.read_text(encoding="utf-8")
    assert "> This handout covers 2 of the 3 systems of “Court liaison and diversion" in text
    assert "Magistrates" not in text.split("## 1.")[1]


@pytest.mark.usefixtures("fast")
def test_handout_unknown_system_is_one_line_with_the_closest_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "part.html"
    argv = ["handout", str(LIAISON), "--system", "local", "--system", "natoinal", "-o", str(out)]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {LIAISON}: no system 'natoinal' (did you mean 'national'?)"
    )
    assert not out.exists()


@pytest.mark.usefixtures("fast")
def test_handout_since_an_earlier_version_without_the_chosen_systems_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = copy_case(tmp_path, hub_case(2), "earlier.yaml")
    out = tmp_path / "part.html"
    argv = ["handout", str(LIAISON), "--system", "local", "--since", str(earlier), "-o", str(out)]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {LIAISON}: {earlier}: the earlier version has none of the "
        "systems chosen with --system, so there is no progress to show"
    )
    assert not out.exists()


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("format", ["html", "md"])
def test_handout_of_many_pairs_warns_and_says_how_to_choose(
    format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = cli.MANY_PAIR_FIGURES + 1
    path = copy_case(tmp_path, hub_case(many), "region.yaml")
    out = tmp_path / f"region.{format}"
    assert main(["handout", str(path), "-o", str(out)]) == 0
    figures = (many + 1) + 1 + many  # a triangle per system, the overview, the pairs
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: warning: {path}: the handout of its {many + 1} systems draws "
        f"{many} Figure 3s, one for each neighbouring pair, {figures} figures in all; "
        "choose the systems it covers with --system ID, once for each (Ctrl+C stops it, "
        "writing nothing)"
    )
    assert out.exists()
    assert main(["handout", str(path), "--system", "court", "--system", "s0", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("fast")
def test_handout_of_few_pairs_does_not_warn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case(tmp_path, hub_case(cli.MANY_PAIR_FIGURES), "region.yaml")
    assert main(["handout", str(path), "-o", str(tmp_path / "region.html")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("output", ["region.html", "region.md", "-"])
def test_handout_counts_its_figures_on_a_terminal(
    output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large map's handout takes minutes: its figures are counted on standard error,
    on one line rewritten in place, also for a single case file, and the line is
    cleared once the handout is written."""
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    path = copy_case(tmp_path, hub_case(3), "region.yaml")
    out = output if output == "-" else str(tmp_path / output)
    assert main(["handout", str(path), "-o", out]) == 0
    shown = stream.getvalue()
    # four triangles, the overview and three pairs
    lines = [f"\r\x1b[K{path}: figure {n} of 8" for n in range(9)]
    assert shown == "".join(lines) + "\r\x1b[K"


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("quiet", [["--no-progress"], ["--debug"]])
def test_handout_counts_no_figures_when_told_not_to(
    quiet: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--no-progress turns the counter off, as does ACTIVITY_SYSTEMS_NO_PROGRESS (tried
    with --debug, which changes nothing of it)."""
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("TERM", "xterm")
    if quiet == ["--debug"]:
        monkeypatch.setenv("ACTIVITY_SYSTEMS_NO_PROGRESS", "1")
        argv = ["--debug", "handout"]
    else:
        argv = ["handout", *quiet]
    path = copy_case(tmp_path, hub_case(3), "region.yaml")
    assert main([*argv, str(path), "-o", str(tmp_path / "region.html")]) == 0
    assert stream.getvalue() == ""


def test_the_help_of_handout_no_progress_names_the_figure_counter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``handout --no-progress`` also turns off the counter of a single handout's
    figures, which the help must say: it spoke of the case files done alone, so that
    with one case file the option read as doing nothing."""
    assert main(["handout", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--no-progress show no counter of the case files done, nor of each" in help_text
    assert "handout's figures, on the terminal" in help_text


@pytest.mark.usefixtures("fast")
def test_handouts_of_several_cases_count_figures_after_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    first = copy_case(tmp_path, hub_case(1), "a.yaml")
    second = copy_case(tmp_path, hub_case(3), "b.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["handout", str(first), str(second), "-o", str(out), "--format", "md"]) == 0
    shown = stream.getvalue()
    assert f"\r\x1b[K[1/2] {first}: figure 3 of 3\r" in shown  # two triangles, a pair
    assert f"\r\x1b[K[2/2] {second}: figure 8 of 8\r" in shown
    assert shown.endswith("\r\x1b[K")


@pytest.mark.usefixtures("fast")
def test_a_handout_tells_its_figure_counter_the_kind_of_each_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import activity_systems.batch

    told: list[list[str] | None] = []
    counter = activity_systems.batch.figures_drawn

    def figures_drawn(progress: Progress, **options: Any) -> Any:
        told.append(options.get("kinds"))
        return counter(progress, **options)

    monkeypatch.setattr(activity_systems.batch, "figures_drawn", figures_drawn)
    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    case = copy_case(tmp_path, hub_case(3), "b.yaml")
    assert main(["handout", str(case), "-o", str(tmp_path / "b.md")]) == 0
    # four triangles, the overview of more than two systems, then the three pairs
    assert told == [["system"] * 4 + ["overview"] + ["pair"] * 3]


def test_the_figure_counter_says_how_long_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once ten figures are drawn and two seconds have gone, the time each of the latest
    figures took, times those left: the pairs, drawn last, take longer than the
    triangles, and the estimate follows them."""
    from activity_systems.batch import ESTIMATE_WINDOW, figures_drawn

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    stream = Terminal()
    progress = Progress(1, stream)
    progress.step("big.yaml")
    times: dict[int, float] = {0: 0.0}
    for drawn in range(1, 101):  # triangles: 0.01 s each, then pairs: 0.1 s
        times[drawn] = times[drawn - 1] + (0.01 if drawn <= 50 else 0.1)
    now = iter(times[n] for n in range(101))
    counter = figures_drawn(progress, clock=lambda: next(now))
    for drawn in range(101):
        counter(drawn, 401)
    said = stream.getvalue().split("\r\x1b[K")[1:]
    assert said[0] == "big.yaml: figure 0 of 401"
    assert said[10] == "big.yaml: figure 10 of 401"  # under two seconds: too soon to say
    # at figure 100, 5.5 s have gone; the latest 49 figures took 0.1 s each: 301 left
    assert ESTIMATE_WINDOW == 50
    assert said[100] == "big.yaml: figure 100 of 401, about 40 s left"
    assert "left" not in "".join(said[:61])  # 1.5 s at figure 60, 2.5 s at figure 70
    assert said[70].endswith("left")


def _estimates(kinds: list[str] | None, seconds: dict[str, float]) -> dict[int, str]:
    """What the figure counter says at each figure of a map of 20 systems, its overview
    and 60 pairs, each kind taking ``seconds``, told the figures' ``kinds`` or not."""
    from activity_systems.batch import figures_drawn

    order = ["system"] * 20 + ["overview"] + ["pair"] * 60
    times = [0.0]
    for kind in order:
        times.append(times[-1] + seconds[kind])
    stream = Terminal()
    progress = Progress(1, stream)
    progress.step("map.yaml")
    now = iter(times)
    counter = figures_drawn(progress, clock=lambda: next(now), kinds=kinds)
    for drawn in range(len(order) + 1):
        counter(drawn, len(order))
    said = stream.getvalue().split("\r\x1b[K")[1:]
    return {n: line.partition(", about ")[2] for n, line in enumerate(said)}


def test_the_figure_counter_reckons_the_pairs_to_come_by_their_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a map's triangles were drawn, the counter said the time of the latest
    figures times those left, a third of what was left: the pairs to come take three
    or four times as long each. Told each figure's kind, it reckons a kind not drawn
    yet by its weight, and a kind drawn by its own time."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    # as measured on a generated map of 20 services: 0.09 s, 0.44 s and 0.33 s
    seconds = {"system": 0.9, "overview": 4.4, "pair": 3.3}
    kinds = ["system"] * 20 + ["overview"] + ["pair"] * 60
    told = _estimates(kinds, seconds)
    untold = _estimates(None, seconds)
    # at figure 15, 5 triangles, the overview and 60 pairs are left: 4.5 + 4.4 + 198 s
    assert untold[15] == "60 s left"  # 0.9 s times 66: 59 s
    assert told[15] == "4 min left"  # 0.9 s times 5 + 5 + 60 × 3.5: 3.5 min
    # at figure 40, 41 pairs are left, 135 s, as said; the latest figures, 20 of them
    # triangles, took 2.1 s each: 87 s
    assert told[40] == "3 min left"
    assert untold[40] == "2 min left"
    assert told[80] == "10 s left"


@pytest.mark.parametrize("total", [1, 3])
def test_the_counter_line_fits_the_terminal(total: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line wider than the terminal wraps, and rewriting it in place then leaves a line
    behind for each figure: the case's name is shortened from the left to fit, keeping
    the count."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    monkeypatch.setattr("activity_systems.batch.stream_columns", lambda stream: 60, raising=False)
    stream = Terminal()
    progress = Progress(total, stream)
    name = "cases/a-rather-long-folder-of-the-regional-services/big.yaml"
    progress.step(name)
    progress.detail("figure 37 of 401, about 40 s left")
    said = [line for line in stream.getvalue().split("\r\x1b[K") if line]
    assert said  # the count, then the figure
    assert all(len(line) <= 59 for line in said)
    assert said[-1].endswith("big.yaml: figure 37 of 401, about 40 s left")
    assert "\u2026" in said[-1]
    progress.step("b.yaml")  # a short name is shown whole
    progress.detail("figure 1 of 8")
    assert stream.getvalue().endswith("b.yaml: figure 1 of 8")


def test_the_figure_counter_says_nothing_of_time_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from activity_systems.batch import figures_drawn

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    stream = Terminal()
    progress = Progress(1, stream)
    progress.step("big.yaml")
    now = iter([0.0, 100.0, 200.0])
    counter = figures_drawn(progress, clock=lambda: next(now))
    for drawn in (0, 20, 40):
        counter(drawn, 40)
    assert stream.getvalue().split("\r\x1b[K")[1:] == [
        "big.yaml: figure 0 of 40",
        "big.yaml: figure 20 of 40, about 2 min left",  # 5 s each, 20 left: 100 s
        "big.yaml: figure 40 of 40",
    ]


# -- schema, rules, new -----------------------------------------------------------------


def test_schema_to_stdout_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from activity_systems.io.schema import case_schema

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == case_schema()
    out = tmp_path / "case.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == case_schema()


def test_schema_is_for_yaml_case_files_unless_told_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The schema an editor checks a YAML case file with takes a plain 2024 as text; JSON
    case files, where the loader refuses a number, have their own."""
    from activity_systems.io.schema import case_schema

    assert main(["schema", "--for", "yaml"]) == 0
    assert json.loads(capsys.readouterr().out) == case_schema("yaml") == case_schema()
    out = tmp_path / "case-json.schema.json"
    assert main(["schema", "--for", "JSON", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == case_schema("json")
    assert case_schema("json") != case_schema("yaml")
    assert main(["schema", "--for", "xml"]) == 2
    # argparse's own message, whose quoting of the choices differs between Python
    # releases: ('yaml', 'json') in 3.11 and 3.13.0, (yaml, json) in later 3.12 and 3.13
    assert re.search(
        r"invalid choice: 'xml' \(choose from '?yaml'?, '?json'?\)", capsys.readouterr().err
    )


def test_schema_refuses_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activity_systems.io.schema import case_schema

    path = copy_case(tmp_path, name="my-case.yaml")
    before = path.read_bytes()
    assert main(["new", str(path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"activity-systems: {path}: already exists; use --force to overwrite it"
    assert path.read_bytes() == before
    schema = tmp_path / "case.schema.json"
    schema.write_bytes(b"")
    assert main(["schema", "-o", str(schema)]) == 2
    assert one_error_line(capsys.readouterr().err) == line.replace(str(path), str(schema))
    assert main(["schema", "-o", str(schema), "--force"]) == 0
    assert json.loads(schema.read_text(encoding="utf-8")) == case_schema()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.schema.json", "my-case.yaml"]


def test_schema_into_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "-o", str(tmp_path / "no" / "s.json")]) == 2
    assert "does not exist" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("force", [False, True])
def test_schema_into_a_folder_says_so(
    force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "-o", str(tmp_path), *(["--force"] if force else [])]) == 2
    assert "is a folder; give a file name" in one_error_line(capsys.readouterr().err)


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("AS000  declared-contradiction")
    assert any(line.startswith("AS101  deadline-vs-turnaround") for line in lines)


def test_rules_one_rule_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "as101"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("AS101 deadline-vs-turnaround (contradiction)\n")
    assert "\n\nWhy it matters\nHean" in out
    assert "Competencies: Interprofessional communication, Role clarification" in out


def test_rules_show_no_docstring_markup_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "`" in line] == []
    (as602,) = [line for line in lines if line.startswith("AS602")]
    assert as602.endswith('has not been identified (its label is "?").')
    for entry in rule_catalogue():
        assert main(["rules", entry.id]) == 0
        out = capsys.readouterr().out
        assert "`" not in out, entry.id
        if entry.sections.get("Example"):
            assert "\nExample\n    title: " in out, entry.id


def test_rules_unknown_in_lower_case_keeps_what_was_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "as1o1"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "activity-systems: no rule 'as1o1' (did you mean 'AS101'?)"


def test_rules_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Contradiction rules\n")
    assert "## AS403 extra-contractual-work" in out


def test_rules_unknown_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "AS102x"]) == 2
    assert "did you mean" in one_error_line(capsys.readouterr().err)


def test_new_writes_a_starter_that_loads_checks_and_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    for question in (
        "What sort of activity",
        "Why is the activity taking place",
        "Who is involved in carrying out this activity",
        "By what means",
        "rules, regulations and norms",
        "Who is responsible for what",
        "In what environment",
        "desired outcome",
    ):
        assert question in text
    case = a.load(path)
    assert len(case.systems) == 2
    assert {s.sector for s in case.systems} == {"CJS", "MHS"}
    assert case.exchanges
    assert case.shared_object is not None
    assert case.integration
    report = check(case)
    assert not report.rules_failed
    assert {"AS101", "AS501"} <= {f.rule for f in report.findings}
    assert main(["check", str(path)]) == 1
    assert main(["render", str(path), "-o", str(tmp_path / "starter.dot")]) == 0


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("our-case.yaml", "our-case.yaml"),
        ("our case.yaml", "'our case.yaml'"),
        ("R&D.yaml", "'R&D.yaml'"),  # '&' would start the command in the background
        ("case(1).yaml", "'case(1).yaml'"),
        ("équipe.yaml", "équipe.yaml"),
    ],
)
def test_new_starter_names_its_own_file_in_its_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, written: str
) -> None:
    path = tmp_path / name
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    commands = [line for line in text.splitlines() if line.startswith("#   activity-systems ")]
    assert [line.split(" ", 5)[4:5] for line in commands] == [["check"], ["render"], ["handout"]]
    assert all(f" {written} " in line for line in commands)
    assert "this-file" not in text
    assert len({line.index("  the ") for line in commands}) == 1  # notes stay in a column
    shown = shlex.quote(str(path))
    assert capsys.readouterr().err.endswith(f"then run: activity-systems check {shown}\n")


def test_new_starter_writes_engestrom_with_its_umlaut(tmp_path: Path) -> None:
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "Engeström's" in text
    assert "Engestrom" not in text


def test_new_starter_says_its_agencies_are_an_example_for_any_pair(tmp_path: Path) -> None:
    """A team at another interface (a ward and adult social care, a school and children's
    social care) is told that the police custody suite and the liaison service are an
    example of the shape, not the only interface the starter is for."""
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "any two agencies" in header
    assert "for example" in header


def test_new_starter_says_where_a_findings_key_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The starter's action plan names findings "by the finding's key from the report",
    but the text report that ``check`` prints shows no keys: the comment says where the
    keys are (the Markdown report, the handout) and that rule and elements, as in its
    example, name a finding too."""
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    comment = text[text.index("# Action plans") : text.index("# actions:")]
    assert "--format markdown" in comment
    assert "rule and elements" in comment
    case = a.load(path)
    key = a.check(case).findings[0].key
    capsys.readouterr()
    main(["check", str(path)])
    assert key not in capsys.readouterr().out  # so the comment must say where they are


def test_new_starter_shows_where_to_say_the_case_language(tmp_path: Path) -> None:
    """A team writing in Welsh (or Arabic, Hebrew) finds the ``language`` key beside the
    title, commented out, with what it changes; taken in as it stands, it loads."""
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert a.load(path).language is None  # commented out: an English case as before
    lines = text.splitlines()
    commented = [n for n, line in enumerate(lines) if line.startswith("# language: ")]
    assert len(commented) == 1
    title = lines.index(next(line for line in lines if line.startswith("title: ")))
    assert abs(commented[0] - title) <= 6  # near the title, where a newcomer looks
    note = "\n".join(lines[commented[0] - 5 : commented[0]])
    for said in ("cy", "ar", "xml:lang", "<bdi lang"):  # the tags, and what they change
        assert said in note
    lines[commented[0]] = lines[commented[0]].removeprefix("# ")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert a.load(path).language == "cy"


@pytest.mark.skipif(os.fsencode("\udce2") != b"\xe2", reason="names are not bytes here")
def test_new_names_its_file_in_utf8_when_the_locale_could_not_read_the_name() -> None:
    # In the C locale, 'neu – ü.yaml' reaches Python with its bytes as surrogates, which
    # UTF-8 cannot write: 'unexpected error: UnicodeEncodeError'
    from activity_systems.cli.case_files import _named_in

    read = "neu \udce2\udc80\udc93 \udcc3\udcbc.yaml"  # as LC_ALL=C gives 'neu – ü.yaml'
    text = _named_in("# check this-file.yaml  note", read).decode("utf-8")
    assert text == "# check 'neu – ü.yaml'  note"


@pytest.mark.parametrize("name", ["事例.yaml", "ｃａｓｅ.yaml", "e\u0301quipe.yaml"])
def test_new_starter_keeps_its_notes_in_their_column_for_wide_names(
    tmp_path: Path, name: str
) -> None:
    # The notes were padded by the name's length in characters: a name of wide
    # characters pushed them right of where the starter puts them.
    from activity_systems.columns import display_width

    def columns(text: str) -> set[int]:
        lines = [line for line in text.splitlines() if line.startswith("#   activity-systems ")]
        return {display_width(line[: line.index("  the ") + 2]) for line in lines}

    path = tmp_path / name
    assert main(["new", str(path)]) == 0
    starter = (Path(a.__file__).parent / "data" / "starter.yaml").read_text(encoding="utf-8")
    assert columns(path.read_text(encoding="utf-8")) == columns(starter)


@needs_dot
def test_new_starter_renders_as_svg_and_handout(tmp_path: Path) -> None:
    path = tmp_path / "our-case.yaml"
    assert main(["new", str(path)]) == 0
    assert main(["render", str(path), "-o", str(tmp_path / "figure3.svg")]) == 0
    assert main(["handout", str(path), "-o", str(tmp_path / "handout.html")]) == 0


def test_new_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy_case(tmp_path)
    before = path.read_bytes()
    assert main(["new", str(path)]) == 2
    assert "--force" in one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == before
    assert main(["new", str(path), "--force"]) == 0
    assert path.read_bytes() != before


def test_new_takes_its_file_with_o_as_render_and_handout_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "starter.yaml"
    assert main(["new", "-o", str(target)]) == 0
    assert a.load(target).systems


def test_new_writes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "b.yaml")]
    assert main(argv) == 2
    assert "argument -o/--output: not allowed with argument FILE" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_wants_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "case.json")]) == 2
    assert ".yaml" in one_error_line(capsys.readouterr().err)


def test_new_into_a_folder_asks_for_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"activity-systems: {tmp_path}: is a folder; give a file name ending in .yaml"
    assert list(tmp_path.iterdir()) == []


# -- progress ---------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    stream = Terminal()
    progress = Progress(2, stream)
    progress.step("cases/a.yaml")
    progress.note("activity-systems: cases/b.yaml:1:1: bad")
    progress.step("cases/b.yaml")
    progress.close()
    assert stream.getvalue() == (
        "\r\x1b[K[1/2] cases/a.yaml"
        "\r\x1b[Kactivity-systems: cases/b.yaml:1:1: bad\n"
        "\r\x1b[K[2/2] cases/b.yaml"
        "\r\x1b[K"
    )


def test_progress_shows_a_file_names_escapes_without_obeying_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A case file named with an escape sequence (one that sets the terminal's title,
    say) is shown with the escape written out, as error lines show it."""
    monkeypatch.setenv("TERM", "xterm")
    stream = Terminal()
    progress = Progress(2, stream)
    progress.step("cases/a\x1b]0;pwned\x07\n.yaml")
    progress.close()
    assert stream.getvalue() == "\r\x1b[K[1/2] cases/a\\x1b]0;pwned\\x07\\n.yaml\r\x1b[K"


class AsciiTerminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_progress_in_the_c_locale_shows_a_file_name_as_its_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name the C locale could not read (each byte of 'ŵ' unknown) is shown as the
    file's name, as the error lines below the counter show it."""
    monkeypatch.setenv("TERM", "xterm")
    raw = io.BytesIO()
    stream = AsciiTerminal(raw, encoding="ascii")
    progress = Progress(2, stream)
    progress.step("cases/achos \udcc5\udcb5.yaml")
    progress.close()
    assert raw.getvalue() == "\r\x1b[K[1/2] cases/achos ŵ.yaml\r\x1b[K".encode()


def test_a_file_name_whose_bytes_an_8_bit_terminal_obeys_stays_escaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """'ě' is the bytes c4 9b in UTF-8, and 0x9b alone starts a control sequence on a
    terminal that is not UTF-8 (the Linux console, xterm in the C locale): a case file
    named 'ě2J.yaml' would clear the screen. Such a name stays escaped, as do names of
    bytes that are not UTF-8."""
    monkeypatch.setenv("TERM", "xterm")
    raw = io.BytesIO()
    stream = AsciiTerminal(raw, encoding="ascii")
    progress = Progress(2, stream)
    progress.step("cases/\udcc4\udc9b2J \udcc5\udcb5.yaml")
    progress.close()
    shown = raw.getvalue()
    assert b"\x9b" not in shown
    assert shown == b"\r\x1b[K[1/2] cases/\\udcc4\\udc9b2J \xc5\xb5.yaml\r\x1b[K"
    assert on_one_line("\udce2\udc80\udc9b6n.yaml", names_as_bytes=True) == (
        "\\udce2\\udc80\\udc9b6n.yaml"
    )


def test_progress_is_quiet_for_one_item_or_no_terminal() -> None:
    for stream, total in ((Terminal(), 1), (io.StringIO(), 5)):
        progress = Progress(total, stream)
        progress.step("x")
        progress.close()
        assert stream.getvalue() == ""


def test_progress_is_quiet_on_a_terminal_that_moves_no_cursor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "dumb")  # the escape that clears a line would show
    stream = Terminal()
    progress = Progress(2, stream)
    progress.step("cases/a.yaml")
    progress.note("activity-systems: cases/b.yaml:1:1: bad")
    progress.close()
    assert stream.getvalue() == "activity-systems: cases/b.yaml:1:1: bad\n"


@pytest.mark.usefixtures("fast")
def test_batch_shows_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("TERM", "xterm")
    out = tmp_path / "out"
    out.mkdir()
    argv = ["render", str(COURT), str(SEGREGATION), "-o", str(out), "--format", "dot"]
    assert main(argv) == 0
    assert f"[1/2] {COURT}" in stream.getvalue()
    assert f"[2/2] {SEGREGATION}" in stream.getvalue()


@pytest.mark.parametrize(
    ("command", "name", "fmt", "named"),
    [("render", "figure.svg", "png", "svg"), ("handout", "handout.md", "html", "markdown")],
)
def test_a_format_that_contradicts_the_extension_is_refused(
    command: str,
    name: str,
    fmt: str,
    named: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / name
    assert main([command, str(COURT), "-o", str(target), "--format", fmt]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {target}: the extension says {named} but --format says {fmt}; "
        "give one of them"
    )
    assert not target.exists()


def test_handout_format_markdown_is_md(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check, compare and rules name the format markdown; handout takes it too."""
    monkeypatch.setattr("activity_systems.handouts.figures.draw_svg", lambda *a, **k: "<svg/>")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["handout", str(COURT), "-o", str(out), "--format", "markdown"]) == 0
    assert (out / "court-reports.md").read_text(encoding="utf-8").startswith("# Psychiatric")


@pytest.mark.skipif(not shutil.which("bash"), reason="the closed pipe is made by bash")
def test_a_closed_error_output_loses_the_messages_not_the_run(tmp_path: Path) -> None:
    """``2>&1 | head -1``: the reader goes away after the first error line; the other
    cases are still drawn, and the status still says that some failed."""
    import subprocess
    import sys

    cases = tmp_path / "cases"
    cases.mkdir()
    for n in range(3):  # in turn, so that messages are lost in the middle of the run
        shutil.copy(COURT, cases / f"{n}a-good.yaml")
        (cases / f"{n}b-bad.yaml").write_text("title: x\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    command = (
        f"{shlex.quote(sys.executable)} -m activity_systems render "
        f"{shlex.quote(str(cases))} -o {shlex.quote(str(out))} --format dot 2>&1 | head -1; "
        'exit "${PIPESTATUS[0]:-0}"'
    )
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.count("\n") == 1
    assert done.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == ["0a-good.dot", "1a-good.dot", "2a-good.dot"]


def test_option_words_are_taken_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    """render --format PNG was taken, --fail-on HIGH and --format JSON were refused."""
    assert main(["check", str(COURT), "--fail-on", "HIGH", "--format", "JSON"]) == 1
    assert json.loads(capsys.readouterr().out)["format"] == "activity-systems/report"
    assert main(["rules", "--format", "Markdown"]) == 0
    assert capsys.readouterr().out.startswith("#")


def test_check_reads_a_case_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def stdin(data: bytes) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    stdin(COURT.read_bytes())
    assert main(["check", "-", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["case"] == check(a.load(COURT)).case
    stdin(b'{"title": "x",, "systems": []}')  # JSON, as its first character says
    assert main(["check", "-"]) == 2
    assert capsys.readouterr().err == (
        "activity-systems: <stdin>:1:15: JSON syntax error: a ',' with nothing before it: "
        "remove it (JSON puts one between two items)\n"
    )


class _Output(io.BytesIO):
    """Standard output as a test sees it: bytes through ``buffer``, a terminal or not."""

    def __init__(self, *, tty: bool = False) -> None:
        super().__init__()
        self.buffer = self
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_render_and_handout_write_to_standard_output_with_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args, name in [
        (["render", str(COURT)], "figure.svg"),
        (["render", str(COURT), "--system", "court", "--format", "png"], "figure1.png"),
        (["handout", str(COURT)], "handout.html"),
    ]:
        assert main([*args, "-o", str(tmp_path / name)]) == 0
        out = _Output()
        monkeypatch.setattr("sys.stdout", out)
        assert main([*args, "-o", "-"]) == 0
        monkeypatch.undo()
        assert out.getvalue() == (tmp_path / name).read_bytes(), args
    assert not Path("-").exists()


def test_dash_output_is_refused_where_it_cannot_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Output(tty=True)
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["render", str(COURT), "--format", "pdf", "-o", "-"]) == 2
    assert main(["render", str(COURT), str(COURT), "-o", "-"]) == 2
    assert main(["render", str(COURT.parent), "-o", "-"]) == 2
    assert main(["handout", str(COURT), "--format", "md", "-o", "-"]) == 2
    assert terminal.getvalue() == b""
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "activity-systems: -o - would print a PDF on the terminal: send it to a program or a "
        "file (-o - | program, > file), or name the file with -o",
        "activity-systems: -o - writes one case's output to standard output: give one case file",
        "activity-systems: -o - writes one case's output to standard output: give one case file",
        "activity-systems: -o - writes an HTML handout; a Markdown handout's figures are files "
        "beside it, so name it with -o (handout.md)",
    ]
    assert not Path("-").exists()


def test_check_with_dash_output_prints_as_without(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COURT), "--format", "json"]) == 1
    printed = capsys.readouterr().out
    assert main(["check", str(COURT), "--format", "json", "-o", "-"]) == 1
    assert capsys.readouterr().out == printed
    assert not Path("-").exists()


def test_rules_as_json_for_tools(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["rules", "--format", "JSON"]) == 0
    printed = capsys.readouterr().out
    data = json.loads(printed)
    assert (data["format"], data["version"]) == ("activity-systems/rules", 1)
    assert [rule["id"] for rule in data["rules"]] == [e.id for e in rule_catalogue()]
    assert data["rules"][1] == rule_catalogue(["AS101"])[0].to_dict()
    assert main(["rules", "as301", "--format", "json"]) == 0
    assert [rule["id"] for rule in json.loads(capsys.readouterr().out)["rules"]] == ["AS301"]
    # kept in a folder of cases, it is not taken for one
    shutil.copy(COURT, tmp_path / "court.yaml")
    (tmp_path / "rules.json").write_text(printed, encoding="utf-8")
    assert main(["render", str(tmp_path), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["court.svg", "court.yaml", "rules.json"]


@pytest.mark.usefixtures("stubbed")
def test_handout_since_dash_to_standard_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--since - reads the earlier version from standard input, and -o - writes the
    handout to standard output: one stream in, the other out."""
    out = _Output()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(COURT.read_bytes()), encoding="utf-8")
    )
    assert main(["handout", str(COURT), "--since", "-", "-o", "-"]) == 0
    assert b"Progress since the version on standard input</h2>" in out.getvalue()
    assert capsys.readouterr().err == ""


def test_dash_output_to_a_standard_output_of_text_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard output with no bytes beneath it (main() run in a notebook, or under
    redirect_stdout): a figure in text, or a handout, is written as text; a PNG is
    refused in a line, not with an unexpected error."""
    for args, name in [
        (["render", str(COURT), "--format", "dot"], "figure.dot"),
        (["handout", str(COURT)], "handout.html"),
    ]:
        assert main([*args, "-o", str(tmp_path / name)]) == 0
        text = io.StringIO()
        monkeypatch.setattr("sys.stdout", text)
        assert main([*args, "-o", "-"]) == 0
        monkeypatch.undo()
        assert text.getvalue() == (tmp_path / name).read_text(encoding="utf-8"), args
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(["render", str(COURT), "--format", "png", "-o", "-"]) == 2
    assert capsys.readouterr().err == (
        "activity-systems: cannot write a PNG to standard output: it takes text alone here; "
        "name the file with -o\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["render", "{case}", "-o", "-"],
        ["handout", "{case}", "-o", "-"],
        ["check", "{case}"],
        ["check", "{case}", "-o", "-"],
        ["check", "-"],
        ["compare", "{case}", "{case}"],
    ],
)
def test_standard_output_into_the_case_file_is_refused(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`... >> case.yaml` would add a figure or a report to the case file."""
    case = tmp_path / "case.yaml"
    shutil.copy(COURT, case)
    before = case.read_bytes()
    argv = [part.replace("{case}", str(case)) for part in command]
    with case.open("rb") as read, case.open("ab") as appended:
        stdin = io.TextIOWrapper(read, encoding="utf-8")
        stdout = io.TextIOWrapper(appended, encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdin", stdin)
            patch.setattr("sys.stdout", stdout)
            status = main(argv)
        stdout.flush()
    assert status == 2
    assert case.read_bytes() == before
    assert "refusing to write into the input file" in capsys.readouterr().err


def test_render_and_handout_take_rules_as_check_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = a.load(COURT)
    chosen = check(case, rules=["AS101", "AS301"])
    svg = tmp_path / "figure.svg"
    assert main(["render", str(COURT), "--rules", "AS101", "--rules", "as301", "-o", str(svg)]) == 0
    assert svg.read_text(encoding="utf-8") == a.render(case, format="svg", report=chosen)
    page = tmp_path / "handout.html"
    assert main(["handout", str(COURT), "--rules", "AS101,AS301", "-o", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert f"{len(chosen.findings)} findings to discuss" in text
    assert "AS202" not in text
    # an unknown id is said once, before any case is drawn, as by check
    folder = tmp_path / "figures"
    folder.mkdir()
    assert (
        main(
            [
                "render",
                str(COURT),
                str(COURT.parent / "segregation-unit.yaml"),
                "--rules",
                "AS999",
                "-o",
                str(folder),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err.startswith("activity-systems: no rule 'AS999'")
    assert list(folder.iterdir()) == []


def test_dash_output_errors_name_the_case_file_as_for_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(COURT), "--system", "cort", "-o", str(tmp_path / "x.svg")]) == 2
    to_file = capsys.readouterr().err
    out = _Output()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", out)
        assert main(["render", str(COURT), "--system", "cort", "-o", "-"]) == 2
    assert capsys.readouterr().err == to_file
    assert to_file.startswith(f"activity-systems: {COURT}: no system 'cort'")
    assert out.getvalue() == b""


def test_a_handout_on_standard_output_never_goes_into_its_earlier_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = tmp_path / "old.yaml"
    shutil.copy(COURT.parent / "liaison-and-diversion.yaml", earlier)
    before = earlier.read_bytes()
    later = str(COURT.parent / "liaison-and-diversion-2027.yaml")
    with earlier.open("ab") as appended:
        stdout = io.TextIOWrapper(appended, encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdout", stdout)
            status = main(["handout", later, "--since", str(earlier), "-o", "-"])
        stdout.flush()
    assert status == 2
    assert earlier.read_bytes() == before
    assert "refusing to write into the input file" in capsys.readouterr().err


def test_schema_with_dash_output_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert main(["schema", "-o", "-"]) == 0
    assert capsys.readouterr().out == printed
    assert not Path("-").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{case}"],
        ["render", "{case}", "-o", "{out}/x.dot"],
        ["render", "{case}", "-o", "{out}/x.svg"],
        ["compare", "{case}", "{case}"],
    ],
    ids=["check", "render-dot", "render-svg", "compare"],
)
def test_commands_that_write_no_handout_import_neither_jinja2_nor_the_handouts(
    command: list[str], tmp_path: Path
) -> None:
    # Each command imports what it uses: a figure or a report starts without Jinja2,
    # which only a handout needs (as ``import activity_systems`` does, in test_model).
    argv = [part.format(case=COURT, out=tmp_path) for part in command]
    code = (
        "import contextlib, io, sys\n"
        "from activity_systems.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(sys.argv[1:])\n"
        "print(sorted(m for m in ('jinja2', 'activity_systems.handouts') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def _with_reader_gone(*args: str) -> subprocess.CompletedProcess[str]:
    """The command with a standard output whose reader has gone before anything is
    written, as ``| head -1`` or ``| grep -q`` leave it once they have what they want;
    made with the reader's end closed, so that no timing decides what is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "activity_systems", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        ((str(COURT),), 1),  # findings
        ((str(COURT), "--format", "json"), 1),
        ((str(COURT), "--fail-on", "never"), 0),
        ((str(COURT), str(SEGREGATION)), 1),  # a batch, its findings in both
        ((str(SEGREGATION), "missing.yaml"), 2),  # a case after the first does not load
    ],
)
def test_a_reader_gone_from_standard_output_does_not_change_check_s_status(
    args: tuple[str, ...], status: int
) -> None:
    """``check case.yaml | head -1``: the status is the one the same check gives with its
    report read to the end, findings or a broken case file, never 0 because nobody read
    the report; and nothing is said of the closed pipe."""
    done = _with_reader_gone("check", *args)
    assert done.returncode == status
    assert "Traceback" not in done.stderr
    assert "Broken pipe" not in done.stderr
    if status != 2:
        assert done.stderr == ""


def test_a_reader_gone_from_standard_output_does_not_change_compare_s_status() -> None:
    """``compare --fail-on low | head``: the later version has new findings, exit 1."""
    later = ROOT / "examples" / "liaison-and-diversion-2027.yaml"
    done = _with_reader_gone("compare", str(LIAISON), str(later), "--fail-on", "low")
    assert done.returncode == 1
    assert done.stderr == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "-case.yaml"],
        ["check", str(COURT), "-case.yaml"],
        ["render", "-case.yaml", "-o", "figure.svg"],
        ["compare", "-case.yaml", str(COURT)],
        ["handout", "-case.yaml", "-o", "handout.html"],
    ],
)
def test_a_case_file_named_with_a_leading_dash_is_told_how_to_name_it(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``for f in *.yaml; do activity-systems check "$f"; done`` meets ``-case.yaml``:
    argparse took it for an option and said ``the following arguments are required:
    CASE``, or ``unrecognized arguments``, of a file that is there."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(argv) == 2
    err = capsys.readouterr().err
    example = shlex.join(["activity-systems", *(_dotted(word) for word in argv)])
    assert err.splitlines() == [
        "activity-systems: -case.yaml: a name starting with '-' is read as an option; "
        f"name the file ./-case.yaml ({example})"
    ]


def _dotted(word: str) -> str:
    return f"./{word}" if word.startswith("-") and word.endswith((".yaml", ".svg")) else word


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["render", "./-case.yaml", "-o", "-case.svg"],
            "-case.svg: a name starting with '-' is read as an option, not as the value of "
            "-o; name the file ./-case.svg",
        ),
        (
            ["render", "./-case.yaml", "--output", "-case.svg", "--theme", "print"],
            "-case.svg: a name starting with '-' is read as an option, not as the value of "
            "--output; name the file ./-case.svg",
        ),
        (
            ["render", "-case.yaml", "--system", "court", "-o", "-case.svg"],
            "-case.yaml: a name starting with '-' is read as an option; name the file ./-case.yaml",
        ),
        (
            ["check", "./-case.yaml", "-o", "-case.json"],
            "-case.json: a name starting with '-' is read as an option, not as the value of "
            "-o; name the file ./-case.json",
        ),
        (
            ["check", "./-case.yaml", "--summary", "-summary.csv"],
            "-summary.csv: a name starting with '-' is read as an option, not as the value "
            "of --summary; name the file ./-summary.csv",
        ),
        (
            ["handout", "./-case.yaml", "-o", "-case.html"],
            "-case.html: a name starting with '-' is read as an option, not as the value of "
            "-o; name the file ./-case.html",
        ),
        (
            ["handout", "./-case.yaml", "--since", "-case.yaml", "-o", "h.html"],
            "-case.yaml: a name starting with '-' is read as an option, not as the value of "
            "--since; name the file ./-case.yaml",
        ),
    ],
)
def test_an_output_named_with_a_leading_dash_is_told_how_to_name_it(
    argv: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A shell loop that makes ``-case.yaml`` makes ``-case.svg`` too: ``-o -case.svg``
    said ``argument -o/--output: expected one argument``, of a value that was typed. The
    example is the command as given, every such name with ``./`` before it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(argv) == 2
    dotted = [f"./{word}" if word.startswith("-") and "." in word else word for word in argv]
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {said} ({shlex.join(['activity-systems', *dotted])})"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["-case.yaml"]


def test_the_command_an_output_s_message_gives_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the message says to type is the command given, options kept: ``render --
    -case.yaml -o out.svg`` would make ``-o`` a case file's name too."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(["render", "-case.yaml", "--system", "court", "-o", "-case.dot"]) == 2
    example = capsys.readouterr().err.rstrip("\n").rsplit(" (", 1)[1].rstrip(")")
    assert example == "activity-systems render ./-case.yaml --system court -o ./-case.dot"
    assert main(shlex.split(example)[1:]) == 0
    assert (tmp_path / "-case.dot").read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["render", "case.yaml", "-o"], "argument -o/--output: expected one argument"),
        (
            ["render", "case.yaml", "-o", "--theme", "print"],
            "argument -o/--output: expected one argument",
        ),
        (["render", "case.yaml", "-o", "-x"], "argument -o/--output: expected one argument"),
        (["render", "case.yaml", "-o", "--since"], "argument -o/--output: expected one argument"),
        (["render", "case.yaml", "--templates", "-x.svg"], "argument --templates: expected one"),
        (["render", "case.yaml", "--system", "-x.svg"], "argument --system: expected one"),
    ],
)
def test_a_value_missing_is_still_told_so(
    argv: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only a word that names a file (there, or by a file's extension) is told as one;
    an option after ``-o``, or a word that names no file, is a value missing, and an
    option that takes no file's name is not told of one."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "case.yaml")
    assert main(argv) == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["render", "--", "-case.yaml", "-o", "figure.dot"],
            "-o: each word after -- is read as a file's name; put the options before it "
            "(activity-systems render -o figure.dot -- -case.yaml)",
        ),
        (
            ["check", "--", "-case.yaml", "--fail-on=high", "--format", "json"],
            "--fail-on: each word after -- is read as a file's name; put the options before "
            "it (activity-systems check --fail-on=high --format json -- -case.yaml)",
        ),
        (
            ["render", "--theme", "print", "--", "-case.yaml", "--pa", "a", "b", "-o", "f.dot"],
            "--pa: each word after -- is read as a file's name; put the options before it "
            "(activity-systems render --theme print --pa a b -o f.dot -- -case.yaml)",
        ),
    ],
)
def test_an_option_after_the_files_marker_is_told_to_go_before_it(
    argv: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``render -- -case.yaml -o figure.dot`` (the old hint's ``--`` with the options
    kept) said ``the following arguments are required: -o/--output`` of an ``-o`` that
    was typed: after ``--`` it was a case file's name."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [f"activity-systems: {said}"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["-case.yaml"]


def test_the_command_an_option_after_the_files_marker_is_told_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(["render", "--", "-case.yaml", "-o", "figure.dot"]) == 2
    example = capsys.readouterr().err.rstrip("\n").rsplit(" (", 1)[1].rstrip(")")
    assert main(shlex.split(example)[1:]) == 0
    assert (tmp_path / "figure.dot").read_text(encoding="utf-8").startswith("digraph")


def test_a_file_named_as_an_option_after_the_files_marker_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is there keeps the name it has, even ``-o``: it is read as a file."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-o")
    assert main(["check", "--", "-o"]) == 2
    assert (
        capsys.readouterr().err == "activity-systems: -o: no extension: use .yaml, .yml or .json\n"
    )


def test_a_dash_for_the_output_is_still_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(["render", "./-case.yaml", "--format", "dot", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("digraph")


def test_a_name_with_a_space_is_read_as_argparse_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse takes a word holding a space for a value, even after a '-': ``-o "-my
    figure.dot"`` writes that file, as ``check "-my case.yaml"`` reads that case."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-my case.yaml")
    assert main(["check", "-my case.yaml", "--fail-on", "never"]) == 0
    assert main(["render", "./-my case.yaml", "--format", "dot", "-o", "-my figure.dot"]) == 0
    assert (tmp_path / "-my figure.dot").read_text(encoding="utf-8").startswith("digraph")
    assert capsys.readouterr().err == ""


def test_a_name_that_is_a_negative_number_is_read_as_argparse_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse takes ``-1`` for a value, as no option looks like a number: ``-o -1``
    writes over the file an earlier run wrote, and ``check -2`` reads the folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "case.yaml")
    for _ in range(2):
        assert main(["check", "case.yaml", "--fail-on", "never", "-o", "-1"]) == 0
    assert (tmp_path / "-1").is_file()
    (tmp_path / "-2").mkdir()
    shutil.copy(COURT, tmp_path / "-2" / "case.yaml")
    assert main(["check", "-2", "--fail-on", "never"]) == 0
    assert "a name starting with '-'" not in capsys.readouterr().err


def test_the_command_told_of_an_option_after_the_files_marker_names_its_output_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``render -- -case.yaml -o -case.dot``: the options moved before the ``--`` have
    the output named ``./-case.dot``, which ``-o -case.dot`` there would not be."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(["render", "--", "-case.yaml", "-o", "-case.dot"]) == 2
    example = capsys.readouterr().err.rstrip("\n").rsplit(" (", 1)[1].rstrip(")")
    assert example == "activity-systems render -o ./-case.dot -- -case.yaml"
    assert main(shlex.split(example)[1:]) == 0
    assert (tmp_path / "-case.dot").read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.parametrize(
    "argv", [["schema", "-o", "-case.schema.json"], ["rules", "--format", "json", "-o", "-r.json"]]
)
def test_an_output_named_with_a_leading_dash_is_told_by_every_command(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``schema`` and ``rules`` take no case file, but write one with ``-o`` as the
    others do."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    said = capsys.readouterr().err
    assert f"not as the value of -o; name the file ./{argv[-1]} " in said
    example = said.rstrip("\n").rsplit(" (", 1)[1].rstrip(")")
    assert main(shlex.split(example)[1:]) == 0
    assert (tmp_path / argv[-1]).is_file()


def test_an_empty_word_is_kept_in_the_command_told() -> None:
    from activity_systems.cli.parser import _parser, dash_named_file, subcommands

    said = dash_named_file(
        ["handout", "-x.yaml", "--since-name", "", "-o", "h.html"], subcommands(_parser())
    )
    assert said is not None
    assert said.endswith("(activity-systems handout ./-x.yaml --since-name '' -o h.html)")


def test_a_dash_named_case_file_is_read_as_the_message_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "-case.yaml")
    assert main(["check", "./-case.yaml"]) == 1
    assert main(["check", "--", "-case.yaml"]) == 1
    assert main(["check", "-case.yaml", "--help"]) == 0  # the help, as always
    capsys.readouterr()
    assert main(["check", "-missing.txt"]) == 2  # no file, no case file's name: an option
    assert "unrecognized arguments: -missing.txt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "written"),
    [
        (["check", "case.yaml", "--format", "json", "-oreport.json"], "report.json"),
        (["check", "case.yaml", "--format", "json", "-o-report.json"], "-report.json"),
    ],
)
def test_a_short_option_with_its_value_attached_is_not_taken_for_a_dash_named_file(
    argv: list[str], written: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-oreport.json`` is ``-o report.json`` to argparse, as ever: the report is written
    there, not refused as a case file named ``-oreport.json``."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURT, tmp_path / "case.yaml")
    assert main(argv) == 1
    assert (tmp_path / written).is_file()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["schema", "-x.json"], "unrecognized arguments: -x.json"),
        (["rules", "-x.yaml"], "unrecognized arguments: -x.yaml"),
    ],
)
def test_a_command_that_takes_no_file_is_not_told_to_name_a_dash_named_one(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``schema`` takes no file and ``rules`` a rule's ID: ``schema -- -x.json``, as the
    hint for a file would have it, is refused too, so argparse's own line is kept."""
    assert main(argv) == 2
    assert said in capsys.readouterr().err


def test_new_with_a_dash_named_file_suggests_a_check_that_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--", "-case.yaml"]) == 0
    said = capsys.readouterr().err
    assert said == "wrote -case.yaml: fill it in, then run: activity-systems check ./-case.yaml\n"


_VERSION_BEFORE = (
    "takes no --version, an option of activity-systems itself: give it before the command "
    "(activity-systems --version)"
)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "--version"], "check " + _VERSION_BEFORE),
        (["check", "case.yaml", "--version"], "check " + _VERSION_BEFORE),
        (["render", "--version"], "render " + _VERSION_BEFORE),
        (["handout", "--version"], "handout " + _VERSION_BEFORE),
        (["compare", "--version"], "compare " + _VERSION_BEFORE),
        (["new", "--version"], "new " + _VERSION_BEFORE),
        (["check", "--bogus"], "check: error: unrecognized arguments: --bogus"),
        (["check", "-x", "--bogus=1"], "check: error: unrecognized arguments: -x --bogus=1"),
        (["render", "--bogus"], "render: error: unrecognized arguments: --bogus"),
        (["handout", "--bogus"], "handout: error: unrecognized arguments: --bogus"),
        (["compare", "case.yaml", "--bogus"], "compare: error: unrecognized arguments: --bogus"),
        (["new", "--bogus"], "new: error: unrecognized arguments: --bogus"),
    ],
)
def test_an_option_a_command_does_not_take_is_named_when_its_files_are_missing(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse looked for the files first: ``check --version`` and ``check --bogus`` said
    ``the following arguments are required: CASE``, not what was wrong."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "required" not in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "--format", "json"], "the following arguments are required: CASE"),
        (["check", "--fo", "json"], "the following arguments are required: CASE"),
        (["render", "-ofigure.svg"], "the following arguments are required: CASE"),
    ],
)
def test_a_command_given_only_its_own_options_still_asks_for_its_files(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert said in capsys.readouterr().err


_NO_OUTPUT = "argument -o/--output: expected one argument"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["handout", "case.yaml", "-o", "--version"], _NO_OUTPUT),
        (["handout", "--since", "--version"], "argument --since: expected one argument"),
        (["render", "case.yaml", "-o", "--version"], _NO_OUTPUT),
    ],
)
def test_version_where_an_option_s_value_goes_is_told_as_a_value_missing(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o --version`` means a file of that name, not the program's option: the value is
    told as missing, as for any other word starting with ``--`` there."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "give it before the command" not in err


@pytest.mark.parametrize(
    "argv",
    [["check", "case.yaml", "--ver"], ["check", "--vers"], ["rules", "--versio"]],
)
def test_a_shortened_version_after_a_command_is_told_to_go_before_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``activity-systems --ver`` shows the version; after a command it is told where to go."""
    assert main(argv) == 2
    assert f"{argv[0]} {_VERSION_BEFORE}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["render", "--height", "-5", "--bogus"], "argument --height: '-5' is not a positive"),
        (["render", "--height=-5", "--bogus"], "argument --height: '-5' is not a positive"),
        (["check", "--format", "xml", "--bogus"], "argument --format: invalid choice: 'xml'"),
        (["check", "--fail-on", "sometimes", "--bogus"], "argument --fail-on: invalid choice"),
    ],
)
def test_a_value_refused_is_told_before_an_unknown_option_as_it_always_was(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Naming an unknown option instead of the files a command lacks does not hide what
    argparse says first of a value it refuses."""
    assert main(argv) == 2
    assert said in capsys.readouterr().err
