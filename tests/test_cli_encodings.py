"""The command in the environments of scheduled jobs and locked-down consoles: a
standard output in ASCII or a legacy code page, the C locale with file names whose bytes
it cannot read. No UnicodeEncodeError: what the stream cannot show is escaped
(``\\u0175``), and a file name is written back as the bytes the system gave."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The C locale without Python's UTF-8 mode or locale coercion: ASCII streams, and
#: file names given as their bytes (surrogate escapes).
C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "activity_systems", *argv],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "ascii:strict"}, C_LOCALE],
    ids=["ascii", "ascii-strict", "C"],
)
def test_help_in_an_ascii_console_escapes_what_it_cannot_show(
    env: dict[str, str], tmp_path: Path
) -> None:
    # The description's 'Engeström' raised UnicodeEncodeError in argparse: a traceback,
    # exit status 1 and no help.
    done = run(["--help"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Engestr\\xf6m activity systems" in done.stdout
    assert done.stderr == b""


@pytest.mark.skipif(sys.platform == "win32", reason="names are not bytes on Windows")
def test_file_names_in_the_c_locale_are_told_as_their_bytes(tmp_path: Path) -> None:
    # The C locale reads 'ŵ' in a name as two unknown bytes: the error said
    # 'missing \udcc5\udcb5.yaml', a name that is not the file's.
    done = run(["check", "missing ŵ.yaml"], C_LOCALE, tmp_path)
    assert done.returncode == 2
    assert done.stderr == "activity-systems: missing ŵ.yaml: no such file\n".encode()


@pytest.mark.skipif(sys.platform == "win32", reason="names are not bytes on Windows")
def test_new_in_the_c_locale_suggests_a_command_that_names_the_file(tmp_path: Path) -> None:
    done = run(["new", "achos ŵ.yaml"], C_LOCALE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "achos ŵ.yaml").is_file()
    assert (
        done.stderr
        == (
            "wrote achos ŵ.yaml: fill it in, then run: activity-systems check 'achos ŵ.yaml'\n"
        ).encode()
    )


@pytest.mark.skipif(sys.platform == "win32", reason="names are not bytes on Windows")
def test_the_heading_of_each_case_in_the_c_locale_names_its_file(tmp_path: Path) -> None:
    case = (ROOT / "examples" / "segregation-unit.yaml").read_bytes()
    (tmp_path / "uned ŵ.yaml").write_bytes(case)
    (tmp_path / "unit.yaml").write_bytes(case)
    done = run(["check", "uned ŵ.yaml", "unit.yaml", "--fail-on", "never"], C_LOCALE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "==> uned ŵ.yaml <==\n".encode() in done.stdout
    assert done.stderr == b""


def test_a_name_that_is_not_utf8_is_still_escaped(tmp_path: Path) -> None:
    # Bytes that are no UTF-8 text (a Latin-1 name) are not written raw, which a terminal
    # could take for controls.
    done = run(["check", os.fsdecode(b"caf\xe9\x9b.yaml")], C_LOCALE, tmp_path)
    assert done.returncode == 2
    assert done.stderr == b"activity-systems: caf\\udce9\\udc9b.yaml: no such file\n"


@pytest.mark.skipif(sys.platform == "win32", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize("command", ["render", "handout"])
def test_templates_named_with_windows_backslashes_say_the_name_meant(
    command: str, tmp_path: Path
) -> None:
    # A case file or --rules-from file so named was told the name meant; --templates
    # said only 'names no folder'.
    (tmp_path / "cy").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    case = str(ROOT / "examples" / "court-reports.yaml")
    output = {"render": "out.svg", "handout": "out.html"}[command]
    done = run([command, case, "--templates", "..\\cy", "-o", output], {}, work)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "activity-systems: ..\\cy: --templates names no folder (did you mean '../cy'? "
        "folders are separated by '/' here, not '\\')\n"
    )
    assert list(work.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="names are not bytes on Windows")
@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_versions_named_by_files_the_locale_cannot_read_are_compared(
    fmt: str, tmp_path: Path
) -> None:
    # Two versions of one title are named by their files: a name the C locale read as
    # unknown bytes ('achos ŵ.yaml') went into the UTF-8 of JSON and Markdown as it was,
    # 'unexpected error: UnicodeEncodeError', exit status 2.
    case = (ROOT / "examples" / "court-reports.yaml").read_bytes()
    (tmp_path / "achos ŵ.yaml").write_bytes(case)
    (tmp_path / "later.yaml").write_bytes(case)
    done = run(["compare", "achos ŵ.yaml", "later.yaml", "--format", fmt], C_LOCALE, tmp_path)
    assert done.returncode == 0, done.stderr
    # The name is the versions' name, text as in every format: the text for an ASCII
    # console escapes what it cannot show, JSON and Markdown are UTF-8.
    named = b"achos \\u0175.yaml" if fmt == "text" else "achos ŵ.yaml".encode()
    assert named in done.stdout
    assert done.stderr == b""


def test_a_file_name_that_is_not_utf8_names_a_version_as_its_escapes() -> None:
    from activity_systems.follow_up.names import file_names

    latin1 = os.fsdecode(b"/data/caf\xe9.yaml")
    utf8 = os.fsdecode("/data/achos ŵ.yaml".encode())
    assert file_names(latin1, "/data/b.yaml") == ("caf\\xe9.yaml", "b.yaml")
    assert file_names(utf8, "/data/b.yaml") == ("achos ŵ.yaml", "b.yaml")


@pytest.mark.skipif(sys.platform == "win32", reason="'\\' separates folders on Windows")
@pytest.mark.parametrize("command", ["render", "handout"])
def test_templates_with_backslashes_name_no_folder_that_is_not_there_either(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # As for a case file: the name with '/' is told only where that folder is there;
    # a path from a Windows drive is told to be one.
    from activity_systems.cli import main

    monkeypatch.chdir(tmp_path)
    case = str(ROOT / "examples" / "court-reports.yaml")
    output = {"render": "out.svg", "handout": "out.html"}[command]
    assert main([command, case, "--templates", "..\\cy", "-o", output]) == 2
    assert capsys.readouterr().err == "activity-systems: ..\\cy: --templates names no folder\n"
    assert main([command, case, "--templates", "C:\\cy", "-o", output]) == 2
    assert capsys.readouterr().err == (
        "activity-systems: C:\\cy: --templates names no folder (it is a path on Windows: "
        "give a path on this computer, with '/' between folders)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="names are not bytes on Windows")
def test_the_name_meant_in_the_c_locale_is_told_as_its_bytes(tmp_path: Path) -> None:
    # 'did you mean' quoted the name meant with its unknown bytes escaped
    # ('../uned \udcc5\udcb5.yaml'), a name that is no file, beside the name given as it is.
    (tmp_path / "uned ŵ.yaml").write_bytes((ROOT / "examples" / "court-reports.yaml").read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    done = run(["check", "..\\uned ŵ.yaml"], C_LOCALE, work)
    assert done.returncode == 2
    assert (
        done.stderr
        == (
            "activity-systems: ..\\uned ŵ.yaml: no such file (did you mean '../uned ŵ.yaml'? "
            "folders are separated by '/' here, not '\\')\n"
        ).encode()
    )
