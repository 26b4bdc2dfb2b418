"""``compare`` with one version on standard input, as ``git show`` gives it:
``git show HEAD~2:case.yaml | activity-systems compare - case.yaml``."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import activity_systems as a
from activity_systems.cli import main
from activity_systems.model.types import MAX_LABEL_LENGTH

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
COURT = EXAMPLES / "court-reports.yaml"
SYSTEM = {"id": "a", "subject": "S", "object": "O"}


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> object:
    """Give standard input these bytes."""

    def give(data: bytes) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return give


def edited(tmp_path: Path) -> Path:
    """The court case, a workshop later: its time limit no longer short of the report."""
    path = tmp_path / "case.yaml"
    text = COURT.read_text(encoding="utf-8")
    assert "time_limit: 3 weeks" in text
    path.write_text(text.replace("time_limit: 3 weeks", "time_limit: 9 weeks"), encoding="utf-8")
    return path


def test_the_earlier_version_on_standard_input_is_compared_as_its_file(
    stdin: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(BEFORE), str(AFTER)]) == 0
    from_files = capsys.readouterr().out
    stdin(BEFORE.read_bytes())  # type: ignore[operator]
    assert main(["compare", "-", str(AFTER)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (from_files, "")  # two titles: the versions are named by them


def test_a_version_of_the_same_title_on_standard_input_is_named_so(
    stdin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = edited(tmp_path)
    stdin(COURT.read_bytes())  # type: ignore[operator]
    assert main(["compare", "-", str(after)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Progress since the version on standard input", "Now: case.yaml"]
    stdin(COURT.read_bytes())  # type: ignore[operator]
    assert main(["compare", "-", str(after), "--before-name", "HEAD~2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["before"], data["after"]) == ("HEAD~2", "case.yaml")
    assert [f["rule"] for f in data["findings"]["resolved"]] == ["AS101"]


def test_the_later_version_on_standard_input(
    stdin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = edited(tmp_path)
    stdin(after.read_bytes())  # type: ignore[operator]
    argv = ["compare", str(COURT), "-", "--after-name", "working copy", "--format", "markdown"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Progress since court-reports.yaml" in out
    assert "working copy" in out
    assert "standard input" not in out
    assert "<stdin>" not in out


def test_names_given_for_two_files_replace_theirs(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["compare", str(BEFORE), str(AFTER), "--before-name", "v1", "--after-name", "v2"]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["before"], data["after"]) == ("v1", "v2")


def test_both_versions_on_standard_input_are_refused(
    stdin: object, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(COURT.read_bytes())  # type: ignore[operator]
    assert main(["compare", "-", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "activity-systems: compare reads one version at most from standard input (-): "
        "save the other to a file first\n"
    )


def test_a_broken_version_on_standard_input_is_named_as_check_names_it(
    stdin: object, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(b"title: [x\n")  # type: ignore[operator]
    assert main(["compare", "-", str(COURT)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("activity-systems: <stdin>:1:8: YAML syntax error")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_version_from_git_show(tmp_path: Path) -> None:
    """As a user types it: the case as committed two workshops ago, piped in by git."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    identity = ["-c", "user.name=Facilitator", "-c", "user.email=f@example.org"]

    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", *identity, *args], cwd=tmp_path, env=env, check=True, capture_output=True
        ).stdout

    git("init", "-q")
    shutil.copy(COURT, tmp_path / "case.yaml")
    git("add", "case.yaml")
    git("commit", "-qm", "first workshop")
    edited(tmp_path)
    git("commit", "-qam", "second workshop")
    old = git("show", "HEAD~1:case.yaml")
    command = [sys.executable, "-m", "activity_systems", "compare", "-", "case.yaml"]
    done = subprocess.run(
        [*command, "--before-name", "HEAD~1", "--fail-on", "low"],
        input=old,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # nothing new
    assert done.stderr == b""
    assert done.stdout.splitlines()[:3] == [
        b"Progress since HEAD~1",
        b"Now: case.yaml",
        b"1 finding resolved, 11 persisting, 0 new.",
    ]


def test_the_file_standard_input_reads_is_not_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``compare - case.yaml -o earlier.json --format json < earlier.json``: the
    earlier version read from a file that -o names too, which is left as it was."""
    earlier = tmp_path / "earlier.json"
    data = json.dumps({"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O"}]})
    earlier.write_text(data, encoding="utf-8")
    with earlier.open("rb") as handle:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(handle, encoding="utf-8"))
        argv = ["compare", "-", str(COURT), "--format", "json", "-o", str(earlier)]
        assert main(argv) == 2
    assert earlier.read_text(encoding="utf-8") == data
    assert capsys.readouterr().err == (
        f"activity-systems: {earlier}: refusing to overwrite the input file (standard input)\n"
    )


# -- handout --since -: the earlier version from git -------------------------------------


@pytest.mark.usefixtures("stubbed")
def test_a_handout_s_earlier_version_on_standard_input(
    stdin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``git show HEAD~1:case.yaml | handout case.yaml --since - -o handout.html``."""
    after = edited(tmp_path)
    target = tmp_path / "handout.html"
    stdin(COURT.read_bytes())  # type: ignore[operator]
    assert main(["handout", str(after), "--since", "-", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "Progress since the version on standard input</h2>" in text
    assert "<h3>Resolved (1)</h3>" in text
    stdin(COURT.read_bytes())  # type: ignore[operator]
    argv = ["handout", str(after), "--since", "-", "--since-name", "the March workshop"]
    assert main([*argv, "-o", str(target)]) == 0
    assert "Progress since the March workshop</h2>" in target.read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("stubbed")
def test_a_handout_s_since_name_names_a_file_too(tmp_path: Path) -> None:
    after = edited(tmp_path)
    target = tmp_path / "handout.md"
    argv = ["handout", str(after), "--since", str(COURT), "--since-name", "HEAD~1"]
    assert main([*argv, "-o", str(target)]) == 0
    # escaped as a Markdown handout escapes the case's text: `~` as `&#126;`
    assert "## 7. Progress since HEAD&#126;1\n" in target.read_text(encoding="utf-8")


def test_a_handout_s_case_is_not_read_from_standard_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["handout", "-", "--since", str(COURT), "-o", "x.html"]) == 2
    assert capsys.readouterr().err.startswith(
        "activity-systems: handout reads case files; standard input (-) is read by check "
        "and compare only, and as the earlier version of handout --since"
    )


def test_a_handout_is_not_written_over_the_file_standard_input_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = tmp_path / "earlier.md"
    earlier.write_bytes(COURT.read_bytes())
    with earlier.open("rb") as handle:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(handle, encoding="utf-8"))
        assert main(["handout", str(COURT), "--since", "-", "-o", str(earlier)]) == 2
    assert earlier.read_bytes() == COURT.read_bytes()
    assert capsys.readouterr().err == (
        f"activity-systems: {earlier}: refusing to overwrite the input file (standard input)\n"
    )


@pytest.mark.parametrize(
    ("option", "name"),
    [
        ("--before-name", "HEAD\u202e1~"),  # would show reversed in a terminal and a page
        ("--after-name", "March\x1b[2J"),  # would clear a terminal
        ("--before-name", "HEAD~1\nNow: nothing"),  # would add a line to the text
        ("--after-name", "  "),
        ("--before-name", "x" * 5001),
    ],
)
def test_a_version_name_that_could_not_be_shown_as_written_is_refused(
    option: str, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(BEFORE), str(AFTER), option, name]) == 2
    err = capsys.readouterr().err
    assert f"argument {option}: a name" in err
    assert name not in err or not name.strip()


@pytest.mark.parametrize(
    "name", ["", " \u3000 ", "x" * (MAX_LABEL_LENGTH + 1), "HEAD\u202e1~", "March\x1b[2J"]
)
def test_a_version_name_is_refused_as_a_label_of_the_case_is(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A version's name is shown where a case's labels are (a heading, a handout): it is
    checked as one, and said to be a name."""
    with pytest.raises(ValidationError) as refused:
        a.Case.model_validate({"title": name, "systems": [SYSTEM]})
    label_said = refused.value.errors()[0]["msg"]
    assert main(["compare", str(BEFORE), str(AFTER), "--before-name", name]) == 2
    said = " ".join(capsys.readouterr().err.split("argument --before-name: ")[1].split())
    expected = label_said.replace("a label", "a name").replace(
        "; put long text in 'description'", ""
    )
    assert said == (expected if expected.startswith("a name") else f"a name {expected}")


def test_a_version_name_with_a_line_break_and_a_control_character_is_told_of_the_character(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compare", str(BEFORE), str(AFTER), "--after-name", "HEAD\u202e\n1"]) == 2
    assert "--after-name: a name contains the bidirectional control character U+202E" in (
        " ".join(capsys.readouterr().err.split())
    )


def test_a_handout_s_since_name_is_refused_as_a_version_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "handout.html"
    argv = ["handout", str(COURT), "--since", str(COURT), "--since-name", "<b>\x07</b>"]
    assert main([*argv, "-o", str(target)]) == 2
    assert "argument --since-name: a name" in capsys.readouterr().err
    assert not target.exists()


class _Terminal(io.TextIOWrapper):
    """Standard input left to the terminal: nothing piped to it."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "-", str(COURT)],
        ["compare", str(COURT), "-"],
        ["handout", str(COURT), "--since", "-", "-o", "handout.html"],
    ],
)
def test_a_version_on_standard_input_with_nothing_piped_is_refused_at_once(
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", _Terminal(io.BytesIO(b""), encoding="utf-8"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "<stdin>: standard input is a terminal" in err
    assert "git show HEAD~1:" in err
    assert not (tmp_path / "handout.html").exists()


def test_a_rule_failing_on_the_version_on_standard_input_names_it_as_check_does(
    stdin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "first_fails.py"
    rules.write_text(
        "from activity_systems import rule\n"
        "CALLS = []\n"
        "@rule('X901', name='first-fails', category='completeness')\n"
        "def first_fails(case):\n"
        "    '''Fails on the first version it is given.'''\n"
        "    CALLS.append(case)\n"
        "    if len(CALLS) == 1:\n"
        "        raise RuntimeError('bad')\n"
        "    return []\n",
        encoding="utf-8",
    )
    stdin(COURT.read_bytes())  # type: ignore[operator]
    assert main(["compare", "-", str(COURT), "--rules-from", str(rules)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("activity-systems: <stdin>: rule X901 failed at "), err
