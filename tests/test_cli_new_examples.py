"""``new --examples``: the repository's examples, written where the docs' commands find
them, for whoever installed the package with pip and has no clone of the repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_errors import one_error_line
from doc_blocks import ROOT

import activity_systems._examples
from activity_systems._examples import example_files
from activity_systems.cli import main


def examples_of_the_repository() -> dict[str, bytes]:
    """What ``examples/`` holds in the repository, less what tools leave there."""
    folder = ROOT / "examples"
    return {name: (folder / name).read_bytes() for name in example_files(folder)}


def written(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_new_examples_writes_the_folder_the_docs_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--examples"]) == 0
    examples = examples_of_the_repository()
    assert {
        "court-reports.yaml",
        "liaison-and-diversion.yaml",
        "liaison-and-diversion-2027.yaml",
        "segregation-unit.yaml",
        "custom_rule.py",
        "handout-cy/_words.j2",
        "handout-pl/_sections.j2",
        "workshop.ipynb",
    } <= set(examples)
    assert written(tmp_path / "examples") == examples
    assert [path.name for path in tmp_path.iterdir()] == ["examples"]  # no temporary folder
    err = capsys.readouterr().err
    assert err.startswith(f"wrote examples/, the {len(examples)} files the docs' commands use")
    assert "activity-systems check examples/court-reports.yaml" in err
    # the commands of the pages run on them as the pages write them
    assert main(["check", "examples/court-reports.yaml", "--fail-on", "never"]) == 0
    argv = ["check", "examples/segregation-unit.yaml", "--rules-from", "examples/custom_rule.py"]
    assert main([*argv, "--rules", "ORG101"]) in (0, 1)


def test_new_examples_leaves_a_folder_of_that_name_alone_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "court-reports.yaml").write_text("title: ours\n", encoding="utf-8")
    (tmp_path / "examples" / "our-case.yaml").write_text("title: kept\n", encoding="utf-8")
    assert main(["new", "--examples"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: examples: already exists; use --force to write the examples "
        "over the files of the same names in it"
    )
    assert written(tmp_path / "examples") == {
        "court-reports.yaml": b"title: ours\n",
        "our-case.yaml": b"title: kept\n",
    }
    assert main(["new", "--examples", "--force"]) == 0
    assert written(tmp_path / "examples") == {
        **examples_of_the_repository(),
        "our-case.yaml": b"title: kept\n",  # a file of the user's own stays
    }


def test_new_examples_refuses_a_file_named_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").write_text("notes\n", encoding="utf-8")
    assert main(["new", "--examples", "--force"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "activity-systems: examples: is a file, not a folder; move it away first"
    assert (tmp_path / "examples").read_text(encoding="utf-8") == "notes\n"
    assert [path.name for path in tmp_path.iterdir()] == ["examples"]


def test_new_writes_a_case_file_or_the_examples_not_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "our-case.yaml", "--examples"]) == 2
    assert "argument --examples: not allowed with argument FILE" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_examples_leave_out_what_tools_write_beside_them(tmp_path: Path) -> None:
    # as MANIFEST.in leaves them out of the sdist: Jupyter's checkpoints, Python's
    # bytecode, editors' backups and swap files, macOS's and Windows's folder files
    kept = ["court-reports.yaml", "custom_rule.py", "handout-cy/_words.j2", "workshop.ipynb"]
    left = [
        ".ipynb_checkpoints/workshop-checkpoint.ipynb",
        "__pycache__/custom_rule.cpython-311.pyc",
        "court-reports.yaml~",
        ".court-reports.yaml.swp",
        ".DS_Store",
        "handout-cy/Thumbs.db",
    ]
    for name in kept + left:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert example_files(tmp_path) == sorted(kept)


def test_new_examples_says_so_when_the_package_holds_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a package built without setup.py's step, outside a clone: neither the copy in the
    # package nor an examples/ folder of a source tree beside it
    package = tmp_path / "site-packages" / "activity_systems"
    package.mkdir(parents=True)
    (tmp_path / "site-packages" / "examples").mkdir()  # another distribution's, not ours
    monkeypatch.setattr(activity_systems._examples, "__file__", str(package / "_examples.py"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--examples"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: this installation of activity-systems holds no examples; they "
        "are in the repository's examples/ folder and in the source distribution"
    )
    assert not (tmp_path / "examples").exists()


EXAMPLE_HINT = "(one of the docs' examples: activity-systems new --examples writes them here)"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["check", "examples/court-reports.yaml"], "examples/court-reports.yaml: no such file"),
        (
            ["handout", "court.yaml", "--templates", "examples/handout-cy", "-o", "h.html"],
            "examples/handout-cy: --templates names no folder",
        ),
        (
            ["check", "court.yaml", "--rules-from", "examples/custom_rule.py"],
            "examples/custom_rule.py: no such file (--rules-from takes a Python file, .py)",
        ),
    ],
)
def test_an_example_of_the_docs_typed_without_the_examples_says_how_to_have_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    error: str,
) -> None:
    # a page's command typed as it is written, in a folder of one's own
    monkeypatch.chdir(tmp_path)
    (tmp_path / "court.yaml").write_bytes((ROOT / "examples" / "court-reports.yaml").read_bytes())
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"activity-systems: {error} {EXAMPLE_HINT}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["court.yaml"]


@pytest.mark.parametrize("name", ["examples/", "examples"])
def test_the_examples_folder_typed_without_it_says_how_to_have_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # the pages check every case of the folder: check examples/ --format csv -o reports/
    monkeypatch.chdir(tmp_path)
    assert main(["check", name]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"activity-systems: {name}: no such file or folder "
        "(the docs' examples: activity-systems new --examples writes them here)"
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ["handout", "court.yaml", "--templates", "examples", "-o", "h.html"],
            "examples: --templates names no folder",
        ),
        (
            ["check", "court.yaml", "--rules-from", "examples"],
            "examples: no such file, and no installed rule pack has this name; --rules-from "
            "takes a Python file (.py) or the name of an installed rule pack (none is "
            "installed)",
        ),
    ],
)
def test_the_examples_folder_where_no_page_gives_it_has_no_hint(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    error: str,
) -> None:
    # the examples would not be what these options take: no advice to write them
    monkeypatch.chdir(tmp_path)
    (tmp_path / "court.yaml").write_bytes((ROOT / "examples" / "court-reports.yaml").read_bytes())
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {error}"


@pytest.mark.parametrize("name", ["examples/our-case.yaml", "cases/court-reports.yaml"])
def test_a_missing_file_that_is_no_example_is_told_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", name]) == 2
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {name}: no such file"


def test_a_missing_example_beside_the_examples_is_told_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the folder is there (a clone, or written out before): the file was moved or renamed
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    assert main(["check", "examples/court-reports.yaml"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "activity-systems: examples/court-reports.yaml: no such file"


def test_new_examples_with_force_refuses_a_file_where_the_examples_have_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "handout-cy").write_text("notes\n", encoding="utf-8")
    assert main(["new", "--examples", "--force"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: examples/handout-cy: is a file where the examples have a folder; "
        "move it away first"
    )
    assert written(tmp_path / "examples") == {"handout-cy": b"notes\n"}  # nothing written


def test_new_examples_refuses_a_link_named_examples_that_leads_to_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to("moved-away")
    assert main(["new", "--examples"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: examples: is a link that leads to no folder; move it away first"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["examples"]  # no temporary folder


@pytest.mark.parametrize(
    ("error", "told"),
    [
        (OSError(28, "No space left on device"), "examples: cannot write: No space left on device"),
        (KeyboardInterrupt(), None),
    ],
)
def test_new_examples_stopped_midway_leaves_no_half_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    told: str | None,
) -> None:
    # a full disk or Ctrl+C after a few files: neither examples/ nor the temporary folder
    # it was being written in stays, and the error names the folder the user asked for
    monkeypatch.chdir(tmp_path)
    write_bytes = Path.write_bytes
    written_so_far: list[Path] = []

    def stops_at_the_fourth(path: Path, data: bytes) -> int:
        written_so_far.append(path)
        if len(written_so_far) == 4:
            raise error
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", stops_at_the_fourth)
    if told is None:
        assert main(["new", "--examples"]) == 130
        assert "interrupted" in capsys.readouterr().err
    else:
        assert main(["new", "--examples"]) == 2
        assert one_error_line(capsys.readouterr().err) == f"activity-systems: {told}"
    assert len(written_so_far) == 4
    assert list(tmp_path.iterdir()) == []


def test_new_examples_with_force_writes_through_no_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a link among the examples' names leads to a file of the user's own, elsewhere:
    # --force replaces the examples' own files, and writing through the link would
    # replace that file instead
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.py").write_text("# ours\n", encoding="utf-8")
    (tmp_path / "ours-cy").mkdir()
    (tmp_path / "ours-cy" / "_words.j2").write_text("{# ours #}\n", encoding="utf-8")
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "custom_rule.py").symlink_to(tmp_path / "rules.py")
    assert main(["new", "--examples", "--force"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"activity-systems: examples/custom_rule.py: is a link (to {tmp_path / 'rules.py'}); "
        "--force writes the examples' own files, not through a link: move it away first"
    )
    (tmp_path / "examples" / "custom_rule.py").unlink()
    (tmp_path / "examples" / "handout-cy").symlink_to(tmp_path / "ours-cy")
    assert main(["new", "--examples", "--force"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"activity-systems: examples/handout-cy: is a link (to {tmp_path / 'ours-cy'}); "
        "--force writes the examples' own files, not through a link: move it away first"
    )
    assert (tmp_path / "rules.py").read_text(encoding="utf-8") == "# ours\n"
    assert written(tmp_path / "ours-cy") == {"_words.j2": b"{# ours #}\n"}
    assert sorted(path.name for path in (tmp_path / "examples").iterdir()) == ["handout-cy"]


def test_new_examples_with_force_refuses_a_folder_where_the_examples_have_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples" / "court-reports.yaml").mkdir(parents=True)
    assert main(["new", "--examples", "--force"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "activity-systems: examples/court-reports.yaml: is a folder where the examples have "
        "a file; move it away first"
    )
    assert written(tmp_path / "examples") == {}


def test_new_examples_in_a_folder_that_was_removed_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run in a terminal whose folder another window removed, it was told
    ``examples: cannot write: No such file or directory``, of a folder it was to make."""
    gone = tmp_path / "workshop"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["new", "--examples"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: examples: cannot write: the current folder no longer exists "
        "(it was removed): change to a folder that does and run the command there"
    )


@pytest.mark.parametrize(
    ("argv", "error", "meant"),
    [
        (
            ["check", "examples/court-reports.yaml"],
            "examples/court-reports.yaml: no such file",
            "court-reports.yaml",
        ),
        (
            ["handout", "court-reports.yaml", "--templates", "examples/handout-cy"],
            "examples/handout-cy: --templates names no folder",
            "handout-cy",
        ),
    ],
)
def test_a_docs_example_typed_inside_the_examples_folder_is_told_its_name_there(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    error: str,
    meant: str,
) -> None:
    """Typed in examples/ itself, after ``cd examples``, a page's command was told that
    ``new --examples`` writes the examples here, which would write examples/examples/
    beside the very files named."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--examples"]) == 0
    monkeypatch.chdir(tmp_path / "examples")
    capsys.readouterr()
    assert main([*argv, "-o", str(tmp_path / "out.html")] if argv[0] == "handout" else argv) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {error} (this folder is examples/ itself: write {meant})"
    )
    assert not (tmp_path / "examples" / "examples").exists()
