"""``check -o FILE`` and ``compare -o FILE``: the report that standard output would get,
written whole or not at all, and never over a case file."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from test_outputs import PREVIOUS, interrupt

import activity_systems as a
from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
COURT = EXAMPLES / "court-reports.yaml"
symlinks = pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges")


@pytest.fixture
def cases(tmp_path: Path) -> dict[str, Path]:
    """Copies of the examples in a folder of their own, which the tests list."""
    folder = tmp_path / "cases"
    folder.mkdir()
    for source in (BEFORE, AFTER, COURT):
        shutil.copy(source, folder)
    return {
        "check": folder / COURT.name,
        "before": folder / BEFORE.name,
        "after": folder / AFTER.name,
    }


def argv_of(command: str, cases: dict[str, Path], *extra: str) -> list[str]:
    if command == "check":
        return ["check", str(cases["check"]), *extra]
    return ["compare", str(cases["before"]), str(cases["after"]), *extra]


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize("command", ["check", "compare"])
def test_the_file_holds_the_bytes_standard_output_gets(
    command: str,
    fmt: str,
    cases: dict[str, Path],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    argv = argv_of(command, cases, "--format", fmt)
    printed_status = main(argv)
    printed = capsysbinary.readouterr()
    target = tmp_path / "report.out"
    assert main([*argv, "-o", str(target)]) == printed_status
    written = capsysbinary.readouterr()
    assert printed.out
    assert target.read_bytes() == printed.out
    assert written.out == b""  # nothing else is printed
    assert written.err == printed.err
    assert printed_status == (1 if command == "check" else 0)


def test_the_file_is_utf_8_in_any_locale(
    cases: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal that cannot show “ gets ``\\u201c``; a file is no terminal."""
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    target = tmp_path / "report.txt"
    assert main(["check", str(cases["check"]), "-o", str(target)]) == 1
    text = a.check(a.load(cases["check"])).to_text()
    assert "“" in text
    assert target.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize(("fail_on", "status"), [("low", 1), ("high", 1), ("never", 0)])
def test_the_exit_status_is_the_same_with_a_file(
    fail_on: str, status: int, cases: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    argv = ["check", str(cases["check"]), "--format", "json", "--fail-on", fail_on]
    assert main([*argv, "-o", str(target)]) == status
    assert target.read_text(encoding="utf-8").startswith('{\n  "format": "activity-systems/report"')


def test_a_report_with_a_failed_rule_is_written_and_exits_2(
    cases: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from activity_systems.rules.finding import Report, RuleFailure

    def broken_run(case: a.Case, rules: object = None, *, source: object = None) -> Report:
        return Report.build(case.title, [], ["AS101"], [RuleFailure(rule="AS101", error="E")])

    monkeypatch.setattr("activity_systems.rules.engine.run_rules", broken_run)
    target = tmp_path / "report.txt"
    assert main(["check", str(cases["check"]), "-o", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"activity-systems: {cases['check']}: rule AS101 failed: E\n"
    assert "AS101" in target.read_text(encoding="utf-8")


# -- never over a case file -------------------------------------------------------------


def input_names(cases: dict[str, Path], which: str) -> list[str]:
    """Names of the input ``which``: as given, through ``..``, and relative."""
    path = cases[which]
    return [str(path), str(path.parent / ".." / path.parent.name / path.name)]


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("which", ["check", "before", "after"])
def test_the_input_is_never_the_output(
    which: str, fmt: str, cases: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    command = "check" if which == "check" else "compare"
    folder = cases[which].parent
    before = contents(folder)
    for name in input_names(cases, which):
        assert main(argv_of(command, cases, "--format", fmt, "-o", name)) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == f"activity-systems: {name}: refusing to overwrite the input file\n"
    assert contents(folder) == before


@symlinks
@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_the_input_is_never_the_output_by_another_name(
    link: str, cases: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = cases["check"].parent
    other = folder / "latest.txt"
    if link == "symbolic":
        other.symlink_to(cases["check"].name)
    else:
        os.link(cases["check"], other)
    before = contents(folder)
    assert main(["check", str(cases["check"]), "-o", str(other)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {other}: refusing to overwrite the input file\n"
    )
    assert contents(folder) == before
    assert other.is_symlink() == (link == "symbolic")


def test_the_file_standard_input_reads_is_never_the_output(
    cases: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check - < case.json -o case.json``: the shell opens the case for reading."""
    case = cases["check"].with_suffix(".json")
    a.dump(a.load(cases["check"]), case)
    folder = case.parent
    before = contents(folder)
    with case.open(encoding="utf-8") as stdin:
        monkeypatch.setattr("sys.stdin", stdin)
        assert main(["check", "-", "--format", "json", "-o", str(case)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {case}: refusing to overwrite the input file (standard input)\n"
    )
    assert contents(folder) == before


@pytest.mark.parametrize("name", ["other.yaml", "other.YML"])
@pytest.mark.parametrize("command", ["check", "compare"])
def test_a_case_file_s_name_is_refused(
    command: str,
    name: str,
    cases: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A report is text, Markdown or JSON, never YAML: a name ending in .yaml is a slip
    for another case file (which may not exist yet, or be the case of a colleague)."""
    target = tmp_path / name
    assert main(argv_of(command, cases, "-o", str(target))) == 2
    what = "report" if command == "check" else "comparison"
    suffix = name.rpartition(".")[2]
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: refusing to write a {what} to a case file's name "
        f"(.{suffix}); give it a name of its own, such as other.txt\n"
    )
    assert not target.exists()


@symlinks
def test_a_link_to_another_case_file_is_refused(
    cases: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = cases["check"].parent
    link = folder / "latest.txt"
    link.symlink_to(cases["after"].name)
    before = contents(folder)
    assert main(["check", str(cases["check"]), "-o", str(link)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {link}: refusing to write through a link to a case file "
        f"({os.path.realpath(cases['after'])})\n"
    )
    assert contents(folder) == before


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_json_name_takes_only_a_json_report(
    fmt: str, cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text report named .json would be taken for a case file by ``render cases``."""
    target = tmp_path / "report.json"
    assert main(["check", str(cases["check"]), "--format", fmt, "-o", str(target)]) == 2
    ext = {"text": "txt", "markdown": "md"}[fmt]
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: a {fmt} report is not JSON; add --format json, or "
        f"name the file report.{ext}\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_csv_name_takes_only_the_csv_table(
    fmt: str, cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check site.yaml -o site.csv`` without ``--format csv`` wrote the text report
    under a name that a spreadsheet, pandas or R opens as a table."""
    target = tmp_path / "site.CSV"
    argv = ["check", str(cases["check"]), "-o", str(target)]
    assert main(argv if fmt == "text" else [*argv, "--format", fmt]) == 2
    ext = {"text": "txt", "markdown": "md", "json": "json"}[fmt]
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: a {fmt} report is not CSV; add --format csv, or "
        f"name the file site.{ext}\n"
    )
    assert not target.exists()
    assert main([*argv, "--format", "csv"]) == 1
    assert target.read_text(encoding="utf-8").startswith("number,key,rule,")


@symlinks
def test_a_link_to_a_table_takes_only_the_csv_table(
    cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link named ``latest`` that leads to ``site.csv`` is written through: the text
    report would have replaced the table a spreadsheet or pandas opens, as a link to a
    ``.json`` file takes only JSON."""
    table = tmp_path / "site.csv"
    link = tmp_path / "latest"
    link.symlink_to(table.name)
    argv = ["check", str(cases["check"]), "-o", str(link)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {link}: leads to {table}; a text report is not CSV\n"
    )
    assert not table.exists()
    assert main([*argv, "--format", "csv"]) == 1
    assert table.read_text(encoding="utf-8").startswith("number,key,rule,")


def test_a_csv_name_takes_no_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only check and compare write CSV, their findings: rules has no --format csv to
    advise."""
    target = tmp_path / "changes.csv"
    assert main(["rules", "--format", "json", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: a json rule catalogue is not CSV, which only check "
        "--format csv writes (a report's findings); name the file changes.json\n"
    )
    assert not target.exists()


def test_a_csv_name_takes_a_comparison_only_as_its_table(
    cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As check's: the other format is refused, --format csv advised."""
    target = tmp_path / "changes.csv"
    assert main(argv_of("compare", cases, "--format", "json", "-o", str(target))) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: a json comparison is not CSV; add --format csv, or "
        "name the file changes.json\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("command", ["check", "compare"])
def test_a_json_case_file_is_not_replaced_by_a_json_report(
    command: str, cases: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Not an input, but a case file all the same: its first bytes tell."""
    other = cases["check"].parent / "other-case.json"
    a.dump(a.load(cases["check"]), other)
    folder = other.parent
    before = contents(folder)
    assert main(argv_of(command, cases, "--format", "json", "-o", str(other))) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {other}: was not written by this tool, and may be a case file; "
        "refusing to overwrite it (remove it first, or give another name)\n"
    )
    assert contents(folder) == before


@pytest.mark.parametrize("earlier", ["report", "comparison", "empty"])
def test_an_earlier_json_output_is_replaced(
    earlier: str, cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the tool wrote before, or the empty file a failed ``> report.json`` left."""
    target = tmp_path / "report.json"
    if earlier == "empty":
        target.write_bytes(b"")
    else:
        command = "check" if earlier == "report" else "compare"
        main(argv_of(command, cases, "--format", "json", "-o", str(target)))
        assert target.read_bytes()
    assert main(argv_of("check", cases, "--format", "json")) == 1
    printed = capsys.readouterr().out
    assert main(argv_of("check", cases, "--format", "json", "-o", str(target))) == 1
    assert target.read_text(encoding="utf-8") == printed


def test_a_json_report_beside_the_cases_is_not_taken_for_a_case(
    cases: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = cases["check"].parent
    report = folder / "court-reports.report.json"
    assert main(["check", str(cases["check"]), "--format", "json", "-o", str(report)]) == 1
    assert main(["render", str(folder), "-o", str(folder), "--format", "dot"]) == 0
    assert capsys.readouterr().err == ""


# -- a run that fails leaves no file ----------------------------------------------------


@pytest.mark.parametrize("command", ["check", "compare"])
def test_a_case_that_does_not_load_leaves_the_previous_file(
    command: str, cases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases["check"].write_text("title: x\nsystems: [\n", encoding="utf-8")
    cases["after"].write_text("title: x\nsystems: [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.txt"
    target.write_bytes(PREVIOUS)
    assert main(argv_of(command, cases, "-o", str(target))) == 2
    assert "YAML syntax error" in capsys.readouterr().err
    assert contents(out) == {"report.txt": PREVIOUS}
    target.unlink()
    assert main(argv_of(command, cases, "-o", str(target))) == 2
    assert contents(out) == {}


@pytest.mark.parametrize("when", ["writing", "renaming"])
@pytest.mark.parametrize("command", ["check", "compare"])
def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary_one(
    command: str,
    when: str,
    cases: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.md"
    target.write_bytes(PREVIOUS)
    interrupt(monkeypatch, when)
    assert main(argv_of(command, cases, "--format", "markdown", "-o", str(target))) == 130
    monkeypatch.undo()
    assert capsys.readouterr() == (
        "",
        "activity-systems: interrupted; no output file was left half-written\n",
    )
    assert contents(out) == {"report.md": PREVIOUS}


@pytest.mark.parametrize("command", ["check", "compare"])
def test_an_output_into_a_missing_folder_is_refused_before_the_work(
    command: str,
    cases: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the case was loaded")

    monkeypatch.setattr("activity_systems.io.loading.load_with_source", no_work)
    monkeypatch.setattr("activity_systems.io.loading.load", no_work)
    target = tmp_path / "missing" / "report.txt"
    assert main(argv_of(command, cases, "-o", str(target))) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: the folder {str(target.parent)!r} does not exist; "
        "create it first\n"
    )
