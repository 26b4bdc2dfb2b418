"""``check`` over many case files: a study's folder of cases, each reported on its own,
one that does not load failing alone."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COURT = EXAMPLES / "court-reports.yaml"
SEGREGATION = EXAMPLES / "segregation-unit.yaml"


def study(tmp_path: Path) -> Path:
    """A folder of three cases, one of which does not load."""
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "site-01.yaml")
    (cases / "site-02.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    shutil.copy(SEGREGATION, cases / "site-03.yaml")
    return cases


def test_a_folder_gives_one_json_report_per_case_file_and_a_bad_one_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = study(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    status = main(["check", str(cases), "--format", "json", "-o", str(reports)])
    assert status == 2  # a case did not load: that is said before findings are
    assert sorted(p.name for p in reports.iterdir()) == ["site-01.json", "site-03.json"]
    written = json.loads((reports / "site-01.json").read_text(encoding="utf-8"))
    assert written == json.loads(a.check(COURT).to_json())
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"activity-systems: {cases / 'site-02.yaml'}:1:")
    assert err[-1] == "activity-systems: 2 of 3 reports written; 1 failed"


def test_several_files_exit_with_the_worst_status_of_the_batch(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    argv = ["check", str(COURT), str(SEGREGATION), "-o", str(reports), "--format", "json"]
    assert main([*argv, "--fail-on", "high"]) == 1  # the court case has high findings
    assert main([*argv, "--fail-on", "never"]) == 0
    assert sorted(p.name for p in reports.iterdir()) == [
        "court-reports.json",
        "segregation-unit.json",
    ]


def test_text_of_several_cases_names_each_case_file_before_its_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(SEGREGATION), str(COURT), "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    # given as whole paths, they are named by their file names (see the next test)
    court = out.index(f"==> {COURT.name} <==")
    segregation = out.index(f"==> {SEGREGATION.name} <==")
    assert segregation < court  # in the order given
    assert a.check(COURT).to_text() in out[court:]


def test_a_case_file_given_by_its_whole_path_is_headed_without_the_user_s_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check ~/workshops/*.yaml > all.txt``, the shell writing out each path whole,
    headed each report with /home/kim/workshops/…, the user's home and name in a
    report to be shared. A whole path, or one climbing out of the current folder, is now
    named by as few of its last parts as tell it apart from the run's other files; a
    name given relative to the current folder is as given."""
    home = tmp_path / "home" / "kimlee"
    for year in ("2026", "2027"):
        (home / year).mkdir(parents=True)
        shutil.copy(COURT, home / year / "site.yaml")
    shutil.copy(SEGREGATION, home / "2026" / "unit.yaml")
    (tmp_path / "here").mkdir()
    shutil.copy(SEGREGATION, tmp_path / "here" / "unit.yaml")
    monkeypatch.chdir(tmp_path / "here")
    given = [
        str(home / "2026" / "site.yaml"),
        str(home / "2027" / "site.yaml"),
        "../home/kimlee/2026/unit.yaml",
        "unit.yaml",
        str(home / "2026" / "site.yaml"),  # the same file again
    ]
    assert main(["check", *given, "--fail-on", "never", "--no-progress"]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line.startswith("==> ")]
    assert headings == [
        "==> 2026/site.yaml <==",
        "==> 2027/site.yaml <==",
        "==> 2026/unit.yaml <==",
        "==> unit.yaml <==",
    ]  # the file given twice is checked once, and tells the others apart no less
    assert "kimlee" not in out
    assert str(tmp_path) not in out


@pytest.mark.skipif(sys.platform != "win32", reason="a path from the root without a drive")
def test_a_case_file_given_from_the_root_of_the_drive_is_headed_by_its_last_parts() -> None:
    """On Windows, ``\\Users\\kim\\cases\\site.yaml`` (the current drive's root, no
    letter) is not an absolute path to Python, and its heading named the user's folders
    whole; a name given with a root or a drive is headed by its last parts."""
    from activity_systems.cli.reports import heading_names

    assert heading_names([Path("\\Users\\kim\\cases\\site.yaml"), Path("C:unit.yaml")]) == [
        "site.yaml",
        "unit.yaml",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses controls in names")
def test_the_heading_of_a_case_file_named_with_terminal_controls_shows_them_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name may hold what a terminal acts on (an escape sequence that retitles
    the window, a right-to-left override): the heading quotes it as an error does."""
    named = [tmp_path / "title\x1b]0;pwned\x07.yaml", tmp_path / "rtl\u202egnp.yaml"]
    for case in named:
        shutil.copy(SEGREGATION, case)
    assert main(["check", *map(str, named), "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert "==> title\\x1b]0;pwned\\x07.yaml <==" in out
    assert "==> rtl\\u202egnp.yaml <==" in out
    assert "\x1b" not in out
    assert "\u202e" not in out


class ReaderGone(io.StringIO):
    """A standard output whose reader went away after the first report (``| head``)."""

    def write(self, text: str) -> int:
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_text_of_several_cases_stops_quietly_when_the_reader_goes_away(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check cases/ | head``: the reader has gone, so the rest of the batch is printed to
    nothing, as a single case's report is, without blaming the next case for an
    'unexpected error' nor counting it as a failed report."""
    monkeypatch.setattr("sys.stdout", ReaderGone("gone already"))
    single = main(["check", str(COURT)])  # its report cannot be written
    stdout = ReaderGone()  # another run, whose reader goes after the first report
    monkeypatch.setattr("sys.stdout", stdout)
    assert main(["check", str(SEGREGATION), str(COURT)]) == single == 1  # findings
    assert stdout.getvalue().startswith(f"==> {SEGREGATION.name} <==")
    assert capsys.readouterr().err == ""


def test_json_of_several_cases_on_standard_output_asks_for_a_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(COURT), str(SEGREGATION), "--format", "json"]) == 2
    assert "-o FOLDER" in capsys.readouterr().err


def test_a_report_named_after_a_case_file_never_replaces_a_json_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(COURT, cases / "court.yaml")
    as_json = json.dumps(a.load(COURT).model_dump(mode="json", by_alias=True))
    (cases / "unit.json").write_text(as_json, encoding="utf-8")
    shutil.copy(SEGREGATION, cases / "unit.yaml")
    status = main(["check", str(cases), "--format", "json", "-o", str(cases)])
    assert status == 2
    assert (cases / "unit.json").read_text(encoding="utf-8") == as_json
    assert json.loads((cases / "court.json").read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize(
    ("word", "option"),
    [
        ("high", "--fail-on high"),
        ("Never", "--fail-on never"),
        ("json", "--format json"),
        ("md", "--format md"),  # markdown's other spelling, as --format takes it
        # --table takes effect only with --format latex, which the hint says too
        ("longtable", "--format latex --table longtable"),
        ("TabularX", "--format latex --table tabularx"),
    ],
)
def test_a_word_of_an_option_given_as_a_case_file_says_the_option(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    word: str,
    option: str,
) -> None:
    """``check court.yaml high`` forgot ``--fail-on``: it is said at once, before any
    report is printed, not as a case file that is not there after the court's report."""
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(COURT), word]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"activity-systems: {word}: no such case file; did you mean the option {option}?\n"
    )


def test_a_folder_named_as_an_option_s_word_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "high").mkdir()
    shutil.copy(COURT, tmp_path / "high" / "court.yaml")
    assert main(["check", "high", str(SEGREGATION), "--fail-on", "never"]) == 0


@pytest.mark.parametrize("folder", ["reports", "reports/"])
def test_one_case_file_into_a_folder_is_named_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """As the command-line page says, and as render names a figure: ``-o reports/``
    takes the report of one case file as of several, the same bytes as ``-o FILE``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    assert main(["check", str(COURT), "--format", "json", "-o", folder]) == 1
    assert main(["check", str(COURT), "--format", "json", "-o", "court.json"]) == 1
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["court-reports.json"]
    written = (tmp_path / "reports" / "court-reports.json").read_bytes()
    assert written == (tmp_path / "court.json").read_bytes()


def test_one_broken_case_file_into_a_folder_fails_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "site.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    assert main(["check", str(broken), "-o", f"{tmp_path}/"]) == 2
    assert capsys.readouterr().err.startswith(f"activity-systems: {broken}:1:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]
    assert main(["check", str(broken), "-o", f"{tmp_path}/"]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1  # no "0 of 1 ... failed"


RAISES_FOR_ONE = '''
import activity_systems as a


@a.rule("ORG901", name="raises-for-segregation", category="contradiction")
def raises_for_segregation(case):
    """Raises for the segregation unit's case alone."""
    if "segregated" in case.title:
        raise RuntimeError("cannot read this case")
    return []
'''


@pytest.mark.parametrize("into", ["folder", "standard output"])
def test_a_rule_that_raises_for_one_case_fails_that_case_and_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], into: str
) -> None:
    """Every report is still given, the one whose rule raised saying that it failed;
    the line naming the rule is led by that case's file, and the status is 2 whatever
    ``--fail-on`` says."""
    rules = tmp_path / "rules.py"
    rules.write_text(RAISES_FOR_ONE, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    output = ["--format", "json", "-o", str(reports)] if into == "folder" else []
    argv = ["check", str(SEGREGATION), str(COURT), "--rules-from", str(rules), *output]
    assert main([*argv, "--fail-on", "never"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"activity-systems: {SEGREGATION}: rule ORG901 failed at {rules}:9, in "
        "raises_for_segregation: RuntimeError: cannot read this case"
    ]
    if into == "folder":
        unit = json.loads((reports / "segregation-unit.json").read_text(encoding="utf-8"))
        court = json.loads((reports / "court-reports.json").read_text(encoding="utf-8"))
        assert [failure["rule"] for failure in unit["rules_failed"]] == ["ORG901"]
        assert court["rules_failed"] == []
        assert "ORG901" in court["rules_run"]
    else:
        assert out.count("==> ") == 2
    assert main([*argv, "--rules", "ORG901"]) == 2  # the court's report alone passes


@pytest.mark.parametrize(("command", "extension"), [("check", "csv"), ("render", "svg")])
def test_one_file_named_for_several_cases_says_a_folder_takes_one_each(
    command: str, extension: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check site-*.yaml --format csv -o all.csv`` asks for one table of every case,
    which no command writes: the error said to create a folder named ``all.csv``."""
    target = tmp_path / f"all.{extension}"
    argv = [command, str(COURT), str(SEGREGATION), "-o", str(target)]
    assert main([*argv, "--format", "csv"] if command == "check" else argv) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: names one file, but each of several case files "
        "gives its own: give -o an existing folder, which takes one for each, named after "
        f"its case file (court-reports.{extension}, segregation-unit.{extension})\n"
    )
    assert not target.exists()


def test_a_missing_folder_whose_name_holds_a_dot_is_still_a_folder_to_create(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "2026.11"
    assert main(["check", str(COURT), str(SEGREGATION), "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: with several case files, -o names an existing "
        "folder; create it first\n"
    )


@pytest.mark.parametrize("extension", ["htm", "markdown", "HTML"])
def test_one_handout_named_for_several_cases_by_any_of_its_extensions(
    extension: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``handout`` takes ``.htm`` and ``.markdown`` as it takes ``.html`` and ``.md``: a
    name so written for several case files is one file too, not a folder to create."""
    target = tmp_path / f"both.{extension}"
    assert main(["handout", str(COURT), str(SEGREGATION), "-o", str(target)]) == 2
    assert "names one file, but each of several case files gives its own" in (
        capsys.readouterr().err
    )
    assert not target.exists()


def test_every_extension_a_command_writes_names_a_file_for_several_cases() -> None:
    from activity_systems.batch import OUTPUT_EXTENSIONS
    from activity_systems.cli.reports import _EXTENSIONS
    from activity_systems.handouts.handout import _SUFFIXES
    from activity_systems.render.api import EXTENSIONS

    written = {*_EXTENSIONS.values(), *_SUFFIXES, *EXTENSIONS}
    assert written <= OUTPUT_EXTENSIONS, sorted(written - OUTPUT_EXTENSIONS)


def test_a_batch_whose_reader_has_gone_checks_its_cases_without_writing_their_reports(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check submissions/ | head -1``: once the reader has gone, the cases after are
    still checked, for the exit status and the summary, but no time is spent writing
    reports that nobody reads (about a seventh of a batch's time)."""
    from activity_systems.cli import reports

    formatted: list[str] = []
    real = reports._formatted

    def counted(report: a.Report, *args: object, **kwargs: object) -> str:
        text = real(report, *args, **kwargs)  # type: ignore[arg-type]
        formatted.append(text)
        return text

    monkeypatch.setattr(reports, "_formatted", counted)
    monkeypatch.setattr("sys.stdout", ReaderGone(""))
    later = EXAMPLES / "liaison-and-diversion.yaml"
    assert main(["check", str(SEGREGATION), str(COURT), str(later), "--no-progress"]) == 1
    assert len(formatted) == 2, len(
        formatted
    )  # the first, read; the second, whose writing met the pipe
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("bad_at", [1, 2])
def test_a_batch_whose_reader_has_gone_counts_only_the_reports_it_printed(
    bad_at: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check a.yaml bad.yaml c.yaml | head -1``: the count line said ``2 of 3 reports
    printed``, though the report written after the reader left went to nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    cases = [str(SEGREGATION), str(COURT)]
    cases.insert(bad_at, str(bad))
    monkeypatch.setattr("sys.stdout", ReaderGone())
    assert main(["check", *cases, "--no-progress"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        "activity-systems: 1 of 3 reports printed before standard output's reader left; 1 failed"
    )


def test_a_batch_read_to_the_end_counts_every_report_it_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    assert main(["check", str(SEGREGATION), str(bad), str(COURT), "--no-progress"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "activity-systems: 2 of 3 reports printed; 1 failed"
