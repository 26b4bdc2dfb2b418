"""The names the command line is given: every input kept from being overwritten (the
Python files of ``--rules-from`` as much as the case files), empty names, ``-`` where
only ``check`` reads standard input, and entries of a folder that are not files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from cli_errors import one_error_line

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
LIAISON_2027 = ROOT / "examples" / "liaison-and-diversion-2027.yaml"
RULES = ROOT / "examples" / "custom_rule.py"


@pytest.fixture
def court_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The court example copied into ``tmp_path`` as ``court-reports.yaml``, with
    ``tmp_path`` the current folder: the copy's path."""
    copy = tmp_path / "court-reports.yaml"
    shutil.copy(COURT, copy)
    monkeypatch.chdir(tmp_path)
    return copy


# -- the files of --rules-from are inputs -----------------------------------------------

#: Each command that takes --rules-from and writes a file, with {rules} and {out}.
WRITERS = {
    "check": ["check", str(COURT), "--fail-on", "never"],
    "render": ["render", str(COURT), "--format", "svg"],
    "handout": ["handout", str(COURT), "--format", "html"],
    "compare": ["compare", str(LIAISON), str(LIAISON_2027)],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("name", ["same", "dots", "symlink", "hardlink"])
def test_o_never_overwrites_a_rules_from_file(
    command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped ``-o $<`` in a Makefile would otherwise replace hand-written Python."""
    rules = tmp_path / "custom_rule.py"
    shutil.copy(RULES, rules)
    (tmp_path / "sub").mkdir()
    out = {
        "same": rules,
        "dots": tmp_path / "sub" / ".." / "custom_rule.py",
        "symlink": tmp_path / "link.py",
        "hardlink": tmp_path / "hard.py",
    }[name]
    if name == "symlink":
        out.symlink_to(rules)
    elif name == "hardlink":
        os.link(rules, out)
    before = rules.read_bytes()
    assert main([*WRITERS[command], "--rules-from", str(rules), "-o", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"activity-systems: {out}: refusing to overwrite the input file"
    assert rules.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_dir()) == sorted(
        {"same": ["custom_rule.py"], "dots": ["custom_rule.py"]}.get(
            name, ["custom_rule.py", out.name]
        )
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(COURT)],
        ["render", str(COURT), "-o", "-"],
        ["compare", str(LIAISON), str(LIAISON_2027)],
    ],
)
def test_standard_output_into_a_rules_from_file_is_refused(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check case.yaml --rules-from r.py >> r.py`` would add the report to the rules."""
    rules = tmp_path / "custom_rule.py"
    shutil.copy(RULES, rules)
    before = rules.read_bytes()
    with rules.open("ab") as appended:
        monkeypatch.setattr("sys.stdout", appended)
        assert main([*args, "--rules-from", str(rules)]) == 2
    monkeypatch.undo()
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"activity-systems: {rules}: refusing to write into the input file (standard output)"
    )
    assert rules.read_bytes() == before


def test_a_report_beside_its_rules_file_is_still_written(tmp_path: Path) -> None:
    rules = tmp_path / "custom_rule.py"
    shutil.copy(RULES, rules)
    report = tmp_path / "report.txt"
    argv = ["check", str(COURT), "--rules-from", str(rules), "--fail-on", "never"]
    assert main([*argv, "-o", str(report)]) == 0
    assert report.read_text(encoding="utf-8").startswith("Psychiatric reports")
    assert rules.read_bytes() == RULES.read_bytes()


# -- no output over any Python file ----------------------------------------------------

#: Each command that writes a file, with the name it is written to as {out}.
OVER_PYTHON = {
    "check": ["check", str(COURT), "--fail-on", "never", "-o", "{out}"],
    "compare": ["compare", str(LIAISON), str(LIAISON_2027), "-o", "{out}"],
    "render": ["render", str(COURT), "--format", "dot", "-o", "{out}"],
}


@pytest.mark.parametrize("command", sorted(OVER_PYTHON))
def test_no_output_is_written_to_a_python_file_s_name(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o myrule.py`` is a slip for another name, even when the file is not given with
    --rules-from: a report or a figure would replace the code, as schema -o refuses to."""
    code = tmp_path / "myrule.py"
    code.write_bytes(b"x = 1\n")
    argv = [part.replace("{out}", str(code)) for part in OVER_PYTHON[command]]
    assert main(argv) == 2
    what = {"check": "a report", "compare": "a comparison", "render": "a figure"}[command]
    advice = "the figure a name of its own, such as myrule.dot"
    if command != "render":
        advice = "it a name of its own, such as myrule.txt"
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {code}: refusing to write {what} to a Python file's name (.py); "
        f"give {advice}"
    )
    assert code.read_bytes() == b"x = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myrule.py"]


@pytest.mark.parametrize("command", [*sorted(OVER_PYTHON), "handout"])
def test_no_output_is_written_through_a_link_to_a_python_file(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = tmp_path / "myrule.py"
    code.write_bytes(b"x = 1\n")
    link = tmp_path / {"render": "f.dot", "handout": "h.html"}.get(command, "r.txt")
    link.symlink_to(code)
    args = OVER_PYTHON.get(command, ["handout", str(COURT), "-o", "{out}"])
    assert main([part.replace("{out}", str(link)) for part in args]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {link}: refusing to write through a link to a Python file ({code})"
    )
    assert code.read_bytes() == b"x = 1\n"


# -- schema -o and new: never over a case file or a Python file ------------------------


@pytest.mark.parametrize("name", ["case.yaml", "case.YML", "custom_rule.py"])
@pytest.mark.parametrize("force", [False, True])
def test_schema_is_never_written_over_a_case_or_python_file_name(
    name: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"title: ours\n")
    assert main(["schema", "-o", str(path), *(["--force"] if force else [])]) == 2
    what = "a Python file" if name.endswith(".py") else "a case file"
    stem = Path(name).stem
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {path}: refusing to write the schema to {what}'s name; give it "
        f"a name of its own, such as {stem}.schema.json"
    )
    assert path.read_bytes() == b"title: ours\n"


def test_schema_is_not_written_through_a_link_to_a_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(b"title: ours\n")
    link = tmp_path / "schema.json"
    link.symlink_to(case)
    assert main(["schema", "-o", str(link), "--force"]) == 2
    assert f"(it leads to {case})" in one_error_line(capsys.readouterr().err)
    assert case.read_bytes() == b"title: ours\n"


def test_schema_force_replaces_only_json_this_tool_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case file written as JSON is kept even with --force; an earlier schema, a
    report or an empty file is replaced."""
    case = tmp_path / "case.json"
    case.write_text('{"title": "ours", "systems": []}', encoding="utf-8")
    assert main(["schema", "-o", str(case), "--force"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {case}: was not written by this tool, and may be a case file; "
        "refusing to overwrite it, even with --force (remove it first, or give another name)"
    )
    assert json.loads(case.read_text(encoding="utf-8"))["title"] == "ours"
    schema = tmp_path / "case.schema.json"
    assert main(["schema", "-o", str(schema)]) == 0
    assert main(["schema", "-o", str(schema), "--force"]) == 0
    report = tmp_path / "report.json"
    assert main(["check", str(COURT), "--format", "json", "-o", str(report)]) == 1
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    for path in (report, empty):
        assert main(["schema", "-o", str(path), "--force"]) == 0
        assert json.loads(path.read_text(encoding="utf-8"))["$id"].startswith("https://")
    capsys.readouterr()


def test_new_force_does_not_write_through_a_link_to_a_python_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "custom_rule.py"
    shutil.copy(RULES, rules)
    link = tmp_path / "case.yaml"
    link.symlink_to(rules)
    assert main(["new", str(link), "--force"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {link}: refusing to write through a link to {rules}, not a .yaml file"
    )
    assert rules.read_bytes() == RULES.read_bytes()


# -- empty names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", "", "-o", "out"], "an empty name is not a case file"),
        (["render", "{case}", "-o", ""], "-o needs a name; an empty one would name the"),
        (["render", "{case}", "", "-o", "out"], "an empty name is not a case file"),
        (["handout", "", "-o", "out"], "an empty name is not a case file"),
        (["handout", "{case}", "-o", ""], "-o needs a name"),
        (["handout", "{case}", "--since", "", "-o", "h.html"], "--since needs a name"),
        (["handout", "{case}", "--templates", "", "-o", "h.html"], "--templates needs a"),
        (["check", ""], "an empty name is not a case file"),
        (["check", "{case}", "-o", ""], "-o needs a name"),
        (["check", "{case}", "--rules-from", ""], "--rules-from needs a name"),
        (["compare", "", "{case}"], "an empty name is not a case file"),
        (["compare", "{case}", ""], "an empty name is not a case file"),
        (["schema", "-o", ""], "-o needs a name"),
        (["new", ""], "an empty name is not a file; give the case file to create"),
        (["new", "-o", ""], "-o needs a name"),
    ],
)
def test_an_empty_name_is_refused_not_taken_as_the_current_folder(
    args: list[str],
    said: str,
    tmp_path: Path,
    court_here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``render "$CASE" -o "$OUT"`` with a variable unset: Path("") is the current
    folder, whose cases would all be drawn, or into which the output would go."""
    (tmp_path / "out").mkdir()
    argv = [arg.replace("{case}", "court-reports.yaml") for arg in args]
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err).startswith(f"activity-systems: {said}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["court-reports.yaml", "out"]
    assert list((tmp_path / "out").iterdir()) == []


# -- standard input: check - and one version of compare ---------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["render", "-", "-o", "x.svg"],
        ["render", "{case}", "-", "-o", "out"],
        ["handout", "-", "-o", "x.html"],
    ],
)
def test_dash_is_standard_input_for_check_and_compare_alone(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.replace("{case}", str(COURT)) for arg in args]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error_line(err) == (
        f"activity-systems: {args[0]} reads case files; standard input (-) is read by check "
        "and compare only, and as the earlier version of handout --since (check -): save "
        "the case to a file first"
    )


def test_check_of_a_pipe_names_check_dash(capsys: pytest.CaptureFixture[str]) -> None:
    """``check <(generate ...)`` names /dev/fd/63, a pipe with no extension."""
    read, write = os.pipe()
    try:
        assert main(["check", f"/dev/fd/{read}"]) == 2
    finally:
        os.close(read)
        os.close(write)
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: /dev/fd/{read}: is not a regular file (a pipe, a socket or a "
        "device); for a case piped in, give - to read standard input "
        "(... | activity-systems check -)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["render", "{pipe}", "-o", "{out}/figure.svg"],
        ["render", "{case}", "{pipe}", "-o", "{out}"],
        ["handout", "{pipe}", "-o", "{out}/handout.html"],
        ["handout", "{case}", "--since", "{pipe}", "-o", "{out}/handout.html"],
        ["compare", "{pipe}", "{case}"],
        ["compare", "{case}", "{pipe}"],
    ],
)
def test_a_pipe_is_not_a_case_file_of_render_handout_or_compare(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``render <(generate ...)`` names /dev/fd/63, a pipe with no extension: it is told
    that it is no file, and to save the case to one (which is then named after it), not
    to give an extension that a pipe cannot have. Nothing is read from the pipe."""
    read, write = os.pipe()
    pipe = f"/dev/fd/{read}"
    argv = [arg.format(pipe=pipe, case=COURT, out=tmp_path) for arg in args]
    try:
        assert main(argv) == 2
    finally:
        os.close(read)
        os.close(write)
    out, err = capsys.readouterr()
    assert out == ""
    piped = (  # compare takes one version on standard input, handout its earlier one
        "or pipe it to standard input (git show HEAD~1:case.yaml | compare - case.yaml)"
        if args[0] == "compare"
        else "or pipe it to standard input (git show HEAD~1:case.yaml | handout case.yaml "
        "--since -)"
        if "--since" in args
        else "(... > case.yaml)"
    )
    assert one_error_line(err) == (
        f"activity-systems: {pipe}: is not a regular file (a pipe, a socket or a device); "
        f"{args[0]} reads case files: save the case to a file first {piped}"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["new", "-"], ["new", "-o", "-"]])
def test_new_writes_a_file_not_standard_output(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: new writes a file, not standard output (-); give it a name "
        "ending in .yaml"
    )
    assert list(tmp_path.iterdir()) == []


# -- a folder's entries that are no files -----------------------------------------------


def test_a_folder_reports_a_link_that_leads_nowhere_and_a_folder_named_as_a_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case file linked from a share that is not mounted does not go missing without
    a word: it is reported as a case file named alone would be, and the status is 2."""
    cases, out = tmp_path / "cases", tmp_path / "out"
    cases.mkdir()
    out.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    missing = tmp_path / "share" / "segregation-unit.yaml"
    (cases / "segregation-unit.yaml").symlink_to(missing)
    (cases / "old.yaml").mkdir()
    assert main(["render", str(cases), "--format", "dot", "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"activity-systems: {cases / 'old.yaml'}: is a folder, not a case file "
        "(.yaml, .yml or .json)",
        f"activity-systems: {cases / 'segregation-unit.yaml'}: no such file (it is a link "
        f"to {missing}, which is not there)",
        "activity-systems: 1 of 3 figures written; 2 failed",
    ]
    assert [p.name for p in out.iterdir()] == ["court.dot"]


def test_a_folder_of_one_link_that_leads_nowhere_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "case.json").symlink_to(tmp_path / "gone.json")
    assert main(["render", str(tmp_path), "--format", "dot", "-o", str(tmp_path)]) == 2
    assert "case.json: no such file (it is a link to" in one_error_line(capsys.readouterr().err)


# -- names that lead nowhere ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "cases-2026"],
        ["render", "cases-2026", "--format", "dot", "-o", "out"],
        ["handout", "cases.2026", "--format", "html", "-o", "out"],
        ["compare", "cases-2026", str(COURT)],
        ["handout", str(COURT), "--since", "court-2026", "-o", "out/h.html"],
    ],
)
def test_a_name_with_nothing_there_is_said_to_be_missing(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A mistyped folder, or a script run from another folder, is told that nothing is
    there, not that the name wants a case file's extension."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    assert main(args) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith(": no such file or folder"), line
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["render", "cases-2026", "-o", "figures"],
        ["handout", "cases-2026", "-o", "handouts"],
    ],
)
def test_a_missing_case_is_told_before_the_name_of_an_output_not_made_yet(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A mistyped folder with a folder of figures to be made for it: what is wrong is
    the case's name, not that the output's wants an extension."""
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "activity-systems: cases-2026: no such file or folder", line
    assert list(tmp_path.iterdir()) == []


# -- output names with Windows' backslashes ---------------------------------------------


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize(
    ("args", "given", "meant"),
    [
        (["handout", "{case}", "-o", "Sitzung 1\\x.html"], "Sitzung 1\\x.html", "Sitzung 1/x.html"),
        (["handout", "{case}", "-o", "out\\handouts"], "out\\handouts", "out/handouts"),
        (["render", "{case}", "-o", "out\\fig.svg"], "out\\fig.svg", "out/fig.svg"),
        (["render", "{case}", "{case}", "-o", "out\\figs"], "out\\figs", "out/figs"),
        (["check", "{case}", "-o", "out\\report.txt"], "out\\report.txt", "out/report.txt"),
        (["compare", "{case}", "{case}", "-o", "out\\c.md"], "out\\c.md", "out/c.md"),
        (["schema", "-o", "out\\schema.json"], "out\\schema.json", "out/schema.json"),
        (["new", "-o", "out\\new.yaml"], "out\\new.yaml", "out/new.yaml"),
        (["new", "out\\new.yaml"], "out\\new.yaml", "out/new.yaml"),
        (["new", ".\\new.yaml"], ".\\new.yaml", "./new.yaml"),
    ],
)
def test_an_output_name_with_backslashes_is_refused_where_folders_take_slashes(
    args: list[str],
    given: str,
    meant: str,
    tmp_path: Path,
    court_here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A command copied from Windows (``handout case.yaml -o 'Sitzung 1\\x.html'``)
    would write one file named ``Sitzung 1\\x.html`` into the current folder, which
    Windows and OneDrive cannot hold: it is refused, with the name meant, and nothing
    is written."""
    (tmp_path / "out").mkdir()
    (tmp_path / "Sitzung 1").mkdir()
    argv = [arg.replace("{case}", "court-reports.yaml") for arg in args]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error_line(err) == (
        f"activity-systems: {given}: a name holding '\\' would be one file of that name, "
        f"not written into a folder (did you mean {meant!r}? folders are separated by "
        "'/' here, not '\\')"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Sitzung 1", "court-reports.yaml", "out"]
    assert list((tmp_path / "out").iterdir()) == list((tmp_path / "Sitzung 1").iterdir()) == []


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders on Windows")
def test_an_output_with_backslashes_is_refused_even_where_such_a_file_is(
    tmp_path: Path, court_here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file an earlier run wrote under the name with backslashes is not written
    over again: the same command would go on writing it there."""
    (tmp_path / "out\\fig.svg").write_text("earlier")
    assert main(["render", "court-reports.yaml", "-o", "out\\fig.svg"]) == 2
    assert "did you mean 'out/fig.svg'?" in one_error_line(capsys.readouterr().err)
    assert (tmp_path / "out\\fig.svg").read_text() == "earlier"


def test_standard_output_and_plain_names_are_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o -`` and a name without backslashes write as before."""
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "-o", "-"]) == 0
    assert main(["schema", "-o", "schema.json"]) == 0
    assert (tmp_path / "schema.json").exists()


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("My\\ Folder/x.html", "My Folder/x.html"),
        ("Sitzung\\ 1/Kunde\\'s\\ \\(neu\\).html", "Sitzung 1/Kunde's (neu).html"),
    ],
)
def test_an_output_name_escaped_for_the_shell_inside_quotes_is_told_the_name_meant(
    given: str,
    meant: str,
    tmp_path: Path,
    court_here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A folder dragged into the Terminal of a Mac is written with a '\\' before each
    space (``My\\ Folder``); put in quotes, the '\\' stays in the name. The name meant is
    the one without them, not one with a '/' for each."""
    assert main(["handout", "court-reports.yaml", "-o", given]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {given}: a name holding '\\' would be one file of that name, "
        f"not written into a folder (did you mean {meant!r}? a '\\' before a space or "
        "another character is for a name written without quotes)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["court-reports.yaml"]


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders on Windows")
def test_a_case_file_escaped_for_the_shell_inside_quotes_is_told_the_name_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "My Cases").mkdir()
    shutil.copy(COURT, tmp_path / "My Cases" / "court.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "My\\ Cases/court.yaml"]) == 2
    assert "(did you mean 'My Cases/court.yaml'? a '\\' before" in capsys.readouterr().err


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize("given", ["C:\\Users\\kim\\x.svg", "\\\\server\\share\\x.svg"])
def test_an_output_name_of_a_windows_drive_or_share_is_told_so(
    given: str,
    tmp_path: Path,
    court_here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``C:/Users/kim/x.svg`` would be a folder named ``C:`` in the current folder: no
    name is offered, the drive or share is said to be Windows'."""
    assert main(["render", "court-reports.yaml", "-o", given]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {given}: a name holding '\\' would be one file of that name, "
        "not written into a folder (it is a path on Windows: give a path on this "
        "computer, with '/' between folders)"
    )


# -- a pattern that matches no file -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["check", "{pattern}"], "cases/*.yaml"),
        (["check", "{pattern}", "--fail-on", "high"], "cases/**/*.yml"),
        (["render", "{pattern}", "-o", "out"], "cases/*"),
        (["compare", "{pattern}", "{case}"], "cases/2026-??.yaml"),
        (["handout", "{pattern}", "-o", "out"], "cases/v202[67].yaml"),
    ],
)
def test_a_pattern_that_matches_no_file_says_so(
    args: list[str],
    pattern: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A shell passes a pattern that matches no file on as it is written (bash without
    ``nullglob``, as CI runs it; cmd and PowerShell expand no pattern at all): the error
    says that no file matches it and what to give instead, not only 'no such file'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    (tmp_path / "out").mkdir()
    argv = [arg.format(pattern=pattern, case=COURT) for arg in args]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = one_error_line(err)
    assert line.startswith(f"activity-systems: {pattern}: no such file"), line
    assert line.endswith(
        ": no file matches this pattern, which the shell passed on as it is written; give "
        "the folder to take every case file in it (cases/)"
    ), line


@pytest.mark.skipif(os.sep == "\\", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize(
    ("name", "told"),
    [
        ("cases\\*.yaml", "give the folder to take every case file in it (cases/)"),
        ("cases\\2026\\??.yaml", "give the folder to take every case file in it (cases/2026/)"),
        ("C:\\cases\\*.yaml", "it is a path on Windows: give a path on this computer"),
    ],
)
def test_a_pattern_written_with_backslashes_names_the_folder_meant(
    name: str, told: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", name]) == 2
    err = capsys.readouterr().err
    assert told in err
    assert "(.)" not in err
