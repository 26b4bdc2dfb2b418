"""``activity-systems compare`` and ``handout --since``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from activity_systems.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = str(EXAMPLES / "liaison-and-diversion.yaml")
AFTER = str(EXAMPLES / "liaison-and-diversion-2027.yaml")
GOLDEN = Path(__file__).resolve().parent / "golden" / "follow-up"


def test_compare_prints_text_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", BEFORE, AFTER]) == 0
    out, err = capsys.readouterr()
    assert out == (GOLDEN / "liaison-and-diversion.txt").read_text(encoding="utf-8")
    assert err == ""


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [("json", "liaison-and-diversion.json"), ("markdown", "liaison-and-diversion.md")],
)
def test_compare_formats(capsys: pytest.CaptureFixture[str], fmt: str, golden: str) -> None:
    assert main(["compare", BEFORE, AFTER, "--format", fmt]) == 0
    out, _ = capsys.readouterr()
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_compare_json_is_the_comparison_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", BEFORE, AFTER, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["format"], data["version"]) == ("activity-systems/comparison", 1)
    assert data["counts"]["findings"] == {
        "resolved": 6,
        "persisting": 4,
        "new": 1,
        "unassessed": 0,
    }


def test_same_titles_are_named_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", AFTER, AFTER]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "Progress since liaison-and-diversion-2027.yaml",
        "Now: liaison-and-diversion-2027.yaml",
        "0 findings resolved, 5 persisting, 0 new.",
    ]


def same_title_in_two_folders(folder: Path) -> tuple[str, str]:
    """The two versions under one title, each a case.yaml in a folder of its year."""
    paths = []
    for year, source in (("v2026", BEFORE), ("v2027", AFTER)):
        path = folder / year / "case.yaml"
        path.parent.mkdir()
        text = Path(source).read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        path.write_text(text.replace(title, 'title: "Court liaison and diversion"'), "utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


@pytest.mark.parametrize(
    ("fmt", "opening"),
    [
        ("text", "Progress since v2026/case.yaml\nNow: v2027/case.yaml\n"),
        ("markdown", "# Progress since v2026/case.yaml\n\nNow: v2027/case.yaml. "),
        (
            "json",
            '{\n  "format": "activity-systems/comparison",\n  "version": 1,\n'
            '  "before": "v2026/case.yaml",\n  "after": "v2027/case.yaml",\n',
        ),
    ],
)
def test_files_of_one_name_and_title_are_named_by_their_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, opening: str
) -> None:
    before, after = same_title_in_two_folders(tmp_path)
    assert main(["compare", before, after, "--format", fmt]) == 0
    assert capsys.readouterr().out.startswith(opening)


def test_compare_input_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["compare", BEFORE, str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"activity-systems: {missing}: no such file\n"

    broken = tmp_path / "broken.yaml"
    broken.write_text("title: T\nsystems: []\n", encoding="utf-8")
    assert main(["compare", str(broken), AFTER]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"activity-systems: {broken}:2:")
    assert err.count("\n") == 1

    # both versions broken: the problems of both, so that one run shows all there is to fix
    other = tmp_path / "other.yaml"
    other.write_text("title: T\nsystem: []\n", encoding="utf-8")
    assert main(["compare", str(broken), str(other)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["activity-systems"] * 3
    assert lines[0].startswith(f"activity-systems: {broken}:2:")
    assert "more problem" not in lines[0]  # each file counts its own problems
    assert lines[1].endswith("(and 1 more problem)")
    assert lines[1].startswith(f"activity-systems: {other}:2:1: unknown key 'system'")
    assert lines[2].startswith(f"activity-systems: {other}:1:1: missing required key")


COURT = str(EXAMPLES / "court-reports.yaml")
SEGREGATION = str(EXAMPLES / "segregation-unit.yaml")
UNRELATED = (
    "activity-systems: warning: Psychiatric reports for the magistrates' court and Caring for "
    "segregated prisoners share no system id (court, mhs; healthcare, segregation): they "
    "look like two different cases, not two versions of one, so every finding counts as "
    "resolved or new\n"
)


def test_compare_warns_when_the_versions_share_no_system(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for _ in range(2):  # every time, not once per process
        assert main(["compare", COURT, SEGREGATION]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("Progress since Psychiatric reports for the magistrates' court\n")
        assert err == UNRELATED


@pytest.mark.usefixtures("stubbed")
def test_handout_since_warns_when_the_versions_share_no_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "review.html"
    assert main(["handout", SEGREGATION, "--since", COURT, "-o", str(target)]) == 0
    assert capsys.readouterr().err == UNRELATED
    assert target.exists()


def test_compare_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", BEFORE]) == 2
    assert main(["compare", BEFORE, AFTER, "--format", "html"]) == 2
    capsys.readouterr()


@pytest.mark.usefixtures("stubbed")
def test_handout_since_adds_the_progress_section(tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    assert main(["handout", AFTER, "--since", BEFORE, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert (
        "<h2>7. Progress since Court liaison and diversion: intensive-phase workshop (2026)</h2>"
        in text
    )
    assert "<h3>Resolved (6)</h3>" in text


@pytest.mark.usefixtures("stubbed")
def test_handout_since_markdown(tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    assert main(["handout", AFTER, "--since", BEFORE, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "## 7. Progress since Court liaison and diversion: intensive-phase workshop (2026)" in (
        text
    )


@pytest.mark.usefixtures("stubbed")
def test_handout_since_names_both_versions_by_their_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two versions of one title are named by their files in the heading, the cover and
    the "Now:" line alike, never one by its file and the other by its title."""
    before, after = same_title_in_two_folders(tmp_path)
    target = tmp_path / "review.html"
    assert main(["handout", after, "--since", before, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "<h2>7. Progress since v2026/case.yaml</h2>" in text
    assert "they wanted? Now: v2027/case.yaml.</p>" in text
    assert "what has changed since v2026/case.yaml: " in text
    assert "Now: Court liaison and diversion" not in text
    markdown = tmp_path / "review.md"
    assert main(["handout", after, "--since", before, "-o", str(markdown)]) == 0
    text = markdown.read_text(encoding="utf-8")
    assert "## 7. Progress since v2026/case.yaml\n" in text
    assert "they wanted? Now: v2027/case.yaml.\n" in text
    capsys.readouterr()
    assert main(["handout", after, "--since", before, "-o", "-"]) == 0
    assert "they wanted? Now: v2027/case.yaml.</p>" in capsys.readouterr().out


@pytest.mark.usefixtures("stubbed")
def test_handout_since_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "review.html"
    missing = tmp_path / "missing.yaml"
    assert main(["handout", AFTER, "--since", str(missing), "-o", str(target)]) == 2
    assert capsys.readouterr().err.endswith(f"activity-systems: {missing}: no such file\n")
    assert not target.exists()

    assert main(["handout", AFTER, BEFORE, "--since", BEFORE, "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "activity-systems: --since compares one case file with its earlier version\n"
    )


def test_handout_since_never_overwrites_the_earlier_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = tmp_path / "earlier.md"
    earlier.write_text("not a case", encoding="utf-8")
    assert main(["handout", AFTER, "--since", str(earlier), "-o", str(earlier)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {earlier}: refusing to overwrite the input file\n"
    )
    assert earlier.read_text(encoding="utf-8") == "not a case"


@pytest.mark.usefixtures("stubbed")
def test_handout_since_loads_each_case_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from activity_systems.io import loading

    loaded: list[str] = []
    real = loading.load

    def counting(path: Any, *args: Any, **kwargs: Any) -> Any:
        loaded.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loading, "load", counting)
    target = tmp_path / "review.html"
    assert main(["handout", AFTER, "--since", BEFORE, "-o", str(target)]) == 0
    assert sorted(loaded) == sorted([Path(AFTER).name, Path(BEFORE).name])
    assert "Progress since" in target.read_text(encoding="utf-8")
