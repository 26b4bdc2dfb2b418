"""The command line on narrow terminals, with a screen reader, and piped into files:
the text reports wrapped to the width they are read at, and the counter of a batch
that can be turned off."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
SEGREGATION = ROOT / "examples" / "segregation-unit.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
LIAISON_2027 = ROOT / "examples" / "liaison-and-diversion-2027.yaml"


class Terminal(io.StringIO):
    """A stream that says it is a terminal of ``columns`` columns."""

    def __init__(self, columns: int = 80) -> None:
        super().__init__()
        self.columns = columns

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("ACTIVITY_SYSTEMS_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def _check_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["check", str(COURT), *argv]) == 1
    return capsys.readouterr().out


def _on_terminal(monkeypatch: pytest.MonkeyPatch, columns: int = 100) -> Terminal:
    """Standard output a terminal of ``columns`` columns."""
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("activity_systems.cli.console.terminal_columns", lambda stream: columns)
    return terminal


def _check_on_terminal(monkeypatch: pytest.MonkeyPatch, *argv: str) -> str:
    terminal = _on_terminal(monkeypatch)
    assert main(["check", str(COURT), *argv]) == 1
    return terminal.getvalue()


def test_text_report_follows_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``COLUMNS=40 activity-systems check case.yaml`` on a terminal: no line wider than
    COLUMNS says, which would break a word in two."""
    wide = _check_text(capsys)
    assert _widest(wide) > 80
    monkeypatch.setenv("COLUMNS", "40")
    narrow = _check_on_terminal(monkeypatch)
    assert _widest(narrow) <= 39
    assert narrow.split() == wide.split()  # the same words, only wrapped otherwise


def test_text_report_piped_or_redirected_ignores_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check case.yaml > report.txt`` (or ``| grep``) gives the same bytes whether or
    not the shell exports COLUMNS: a saved report does not depend on a shell's profile."""
    wide = _check_text(capsys)
    monkeypatch.setenv("COLUMNS", "40")
    assert _check_text(capsys) == wide


def test_text_report_follows_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("activity_systems.cli.console.terminal_columns", lambda stream: 60)
    assert main(["check", str(COURT)]) == 1
    assert 50 < _widest(terminal.getvalue()) <= 59


def test_text_report_to_a_file_stays_88_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file named with ``-o`` is the same whoever writes it, on whatever terminal;
    so is standard output redirected to a file without COLUMNS set."""
    printed = _check_text(capsys)
    monkeypatch.setenv("COLUMNS", "40")
    out = tmp_path / "report.txt"
    assert main(["check", str(COURT), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == printed
    assert _widest(printed) <= 88


def test_a_terminal_that_does_not_say_its_size_follows_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A terminal that gives no size (a container's or a CI job's, before it is sized)
    is still a terminal: ``COLUMNS=40`` wraps the report at 39 columns there too."""
    wide = _check_text(capsys)
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)  # a terminal whose size is not known
    monkeypatch.setenv("COLUMNS", "40")
    assert main(["check", str(COURT)]) == 1
    narrow = terminal.getvalue()
    assert _widest(narrow) <= 39
    assert narrow.split() == wide.split()
    monkeypatch.delenv("COLUMNS")
    terminal.seek(0)
    terminal.truncate()
    assert main(["check", str(COURT)]) == 1
    assert terminal.getvalue() == wide  # nor COLUMNS: the report's own 88


@pytest.mark.parametrize("columns", ["", "abc", "0", "-3", "²", "³⁰", "9" * 5000])
def test_a_columns_that_is_no_width_is_ignored(
    columns: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = _check_text(capsys)
    monkeypatch.setenv("COLUMNS", columns)
    assert _check_on_terminal(monkeypatch) == wide  # the terminal's 100 columns: 88


def test_a_very_narrow_width_still_leaves_room_for_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "5")
    text = _check_on_terminal(monkeypatch)
    monkeypatch.setenv("COLUMNS", "30")
    assert text == _check_on_terminal(monkeypatch)


def test_comparison_text_follows_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(LIAISON), str(LIAISON_2027)]) == 0
    wide = capsys.readouterr().out
    monkeypatch.setenv("COLUMNS", "40")
    terminal = _on_terminal(monkeypatch)
    assert main(["compare", str(LIAISON), str(LIAISON_2027)]) == 0
    narrow = terminal.getvalue()
    assert _widest(wide) > 80
    assert _widest(narrow) <= 39
    assert narrow.split() == wide.split()


# -- the counter of a batch ---------------------------------------------------------------


def _render_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *argv: str) -> str:
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    out = tmp_path / "out"
    out.mkdir(parents=True)
    command = ["render", str(COURT), str(SEGREGATION), "-o", str(out), "--format", "dot"]
    assert main([*command, *argv]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["court-reports.dot", "segregation-unit.dot"]
    return stream.getvalue()


def test_no_progress_turns_the_counter_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen reader reads each rewrite of the counter line; ``--no-progress`` leaves
    the terminal silent, as it is when standard error is a file."""
    assert "[1/2]" in _render_batch(tmp_path, monkeypatch)
    assert _render_batch(tmp_path / "quiet", monkeypatch, "--no-progress") == ""


def test_the_environment_turns_the_counter_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTIVITY_SYSTEMS_NO_PROGRESS", "1")
    assert _render_batch(tmp_path, monkeypatch) == ""
    monkeypatch.setenv("ACTIVITY_SYSTEMS_NO_PROGRESS", "")  # empty is unset, as NO_COLOR
    assert "[1/2]" in _render_batch(tmp_path / "again", monkeypatch)


def test_check_takes_no_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    argv = ["check", str(COURT), str(SEGREGATION), "-o", str(tmp_path), "--no-progress"]
    assert main(argv) == 1
    assert stream.getvalue() == ""
    assert main(argv[:-1]) == 1
    assert "[2/2]" in stream.getvalue()


# -- what is said in words ------------------------------------------------------------------


def test_comparison_says_added_removed_and_changed_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A screen reader at its usual punctuation level says nothing for '-' and '~': an
    element removed, changed or added read the same. Each change is said in a word."""
    assert main(["compare", str(LIAISON), str(LIAISON_2027)]) == 0
    changes = capsys.readouterr().out.partition("\nChanges\n")[2].partition("\n\n")[0]
    marks = {line.split()[0] for line in changes.splitlines() if line.startswith("      ")}
    assert {"changed", "added", "removed"} <= marks
    assert not marks & {"~", "+", "-"}
    assert "      removed when-available “Assessments happen when a liaison worker is" in changes


def test_a_rules_documentation_has_no_lines_of_dashes(capsys: pytest.CaptureFixture[str]) -> None:
    """A line of dashes under each heading is read out as "dash dash dash ..."; the
    heading stands on its own line, after an empty one."""
    assert main(["rules", "AS101"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line and set(line) == {"-"}]
    at = lines.index("Why it matters")
    assert lines[at - 1] == ""
    assert lines[at + 1].startswith("Hean, Walsh & Hammick")
