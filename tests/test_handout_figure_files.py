"""The figure files of a Markdown handout: SVG or PNG, the same bytes for the same case,
and a new version removes the figures an earlier one wrote and no longer has, never a
file the library did not write."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from activity_systems import OutputError, load
from activity_systems.cli import main
from activity_systems.handouts import figures, handout, manifest, render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LIAISON = EXAMPLES / "liaison-and-diversion.yaml"
WHOLE = [
    "h-figure1-court.svg",
    "h-figure2-local.svg",
    "h-figure3-national.svg",
    "h-figure4-overview.svg",
    "h-figure5-court-local.svg",
    "h-figure6-local-national.svg",
]
PART = ["h-figure1-local.svg", "h-figure2-national.svg", "h-figure3-local-national.svg"]

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


def names(folder: Path) -> list[str]:
    """The figure files in ``folder``, the handout and its list left out."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("h.md", ".h.figures.json"))


def listed(folder: Path) -> list[str]:
    data = json.loads((folder / ".h.figures.json").read_text(encoding="utf-8"))
    assert data["kind"] == manifest.KIND
    assert data["handout"] == "h.md"
    return sorted(data["figures"])


def behind_a_link(path: Path, name: str) -> Path:
    """Move ``path`` to ``name`` beside it and leave a symbolic link to it in its place."""
    moved = path.with_name(name)
    path.rename(moved)
    path.symlink_to(name)
    return moved


@pytest.mark.usefixtures("stubbed")
def test_a_new_version_removes_the_figures_it_no_longer_has(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    assert names(tmp_path) == WHOLE
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == PART
    assert listed(tmp_path) == PART
    text = (tmp_path / "h.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in text for name in PART)


@pytest.mark.usefixtures("stubbed")
def test_the_same_handout_again_changes_nothing(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    handout(LIAISON, tmp_path / "h.md")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.usefixtures("stubbed")
def test_files_the_library_did_not_list_are_kept(tmp_path: Path) -> None:
    """A figure's name is not enough: a file of the user's, or one written before the
    library kept a list, stays."""
    mine = tmp_path / "h-figure9-mine.svg"
    mine.write_text("<svg/>", encoding="utf-8")
    handout(LIAISON, tmp_path / "h.md")
    (tmp_path / ".h.figures.json").unlink()  # as a version that kept no list left it
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == sorted([*WHOLE, *PART, mine.name])
    assert listed(tmp_path) == PART


@pytest.mark.usefixtures("stubbed")
def test_a_figure_edited_since_is_kept_and_no_longer_listed(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    edited = tmp_path / "h-figure4-overview.svg"
    edited.write_text("<svg><!-- the facilitator's notes --></svg>", encoding="utf-8")
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == sorted([*PART, edited.name])
    assert listed(tmp_path) == PART
    handout(LIAISON, tmp_path / "h.md", systems=["local"])
    assert edited.exists()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.usefixtures("stubbed")
def test_a_symbolic_link_in_a_figures_place_is_kept(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    figure = tmp_path / "h-figure4-overview.svg"
    kept = behind_a_link(figure, "kept.svg")  # the same content, through a link
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert figure.is_symlink()
    assert kept.exists()


@pytest.mark.usefixtures("stubbed")
def test_a_handout_of_the_same_stem_keeps_the_others_figures(tmp_path: Path) -> None:
    """h.md and h.markdown share the list's name: the list h.md wrote named figures
    h.markdown did not write, and h.markdown deleted them from under h.md."""
    handout(LIAISON, tmp_path / "h.md")
    other = tmp_path / "h.markdown"
    handout(LIAISON, other, systems=["local", "national"])
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("h-figure"))
    assert kept == sorted({*WHOLE, *PART})
    text = (tmp_path / "h.md").read_text(encoding="utf-8")
    assert all((tmp_path / name).exists() for name in WHOLE if f"]({name})" in text)
    data = json.loads((tmp_path / ".h.figures.json").read_text(encoding="utf-8"))
    assert (data["handout"], sorted(data["figures"])) == ("h.markdown", PART)


def planted(folder: Path, name: str, leads_to: str) -> Path:
    """A symbolic link of ``name`` in ``folder`` to ``leads_to``: a file of someone's
    that the link would have the library write over (or make, when it is not there)."""
    link = folder / name
    link.symlink_to(leads_to)
    return link


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize("name", ["h-figure1-local.svg", ".h.figures.json"])
@pytest.mark.parametrize("earlier", [False, True], ids=["first", "again"])
@pytest.mark.usefixtures("stubbed")
def test_a_figure_or_list_that_is_a_symbolic_link_is_refused_and_nothing_is_written(
    name: str, earlier: bool, tmp_path: Path
) -> None:
    """The user named the handout; the library named its figures and their list, so a
    link planted under one of those names would have it write a file nobody named."""
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"PK\x03\x04 four years of work")
    folder = tmp_path / "out"
    folder.mkdir()
    if earlier:
        handout(LIAISON, folder / "h.md")
        (folder / name).unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    link = planted(folder, name, "../thesis.docx")
    with pytest.raises(OutputError) as refused:
        handout(LIAISON, folder / "h.md", systems=["local", "national"])
    assert str(refused.value) == (
        f"{link}: is a symbolic link to {thesis}: "
        + (
            "each figure file of the handout"
            if name.endswith(".svg")
            else "the list of the handout's figures"
        )
        + " is named by the library, not by you, so it is never written through a link; "
        "remove the link and run again"
    )
    assert thesis.read_bytes() == b"PK\x03\x04 four years of work"
    assert link.is_symlink()
    after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()}
    assert after == before  # nothing of the set written, nothing deleted


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.usefixtures("stubbed")
def test_a_link_that_leads_nowhere_in_a_figures_place_is_refused(tmp_path: Path) -> None:
    """Written through, it would make a file where it leads, outside the folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    planted(folder, "h-figure1-court.svg", "../made-elsewhere.svg")
    with pytest.raises(OutputError, match=r"h-figure1-court\.svg: is a symbolic link to "):
        handout(LIAISON, folder / "h.md")
    assert not (tmp_path / "made-elsewhere.svg").exists()
    assert [p.name for p in folder.iterdir()] == ["h-figure1-court.svg"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.usefixtures("stubbed")
def test_the_command_line_refuses_a_planted_figure_link_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"thesis")
    folder = tmp_path / "out"
    folder.mkdir()
    link = planted(folder, "h-figure1-court.svg", "../thesis.docx")
    assert main(["handout", str(LIAISON), "-o", str(folder / "h.md")]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {link}: is a symbolic link to {thesis}: each figure file of the "
        "handout is named by the library, not by you, so it is never written through a "
        "link; remove the link and run again\n"
    )
    assert thesis.read_bytes() == b"thesis"
    assert [p.name for p in folder.iterdir()] == [link.name]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.usefixtures("stubbed")
def test_a_markdown_handout_named_by_a_link_is_still_written_through_it(
    tmp_path: Path,
) -> None:
    """The handout is the user's name: written through, as any output named is."""
    shared, here = tmp_path / "shared", tmp_path / "here"
    shared.mkdir()
    here.mkdir()
    (shared / "h.md").write_text("earlier\n", encoding="utf-8")
    planted(here, "h.md", "../shared/h.md")
    handout(LIAISON, here / "h.md")
    assert (here / "h.md").is_symlink()
    assert "](h-figure1-court.svg)" in (shared / "h.md").read_text(encoding="utf-8")
    assert names(here) == WHOLE


@pytest.mark.usefixtures("stubbed")
def test_a_list_naming_other_files_deletes_none_of_them(tmp_path: Path) -> None:
    """Whatever the list says, only this handout's figures in its folder can go."""
    outside = tmp_path / "h-figure1-court.svg"
    folder = tmp_path / "out"
    folder.mkdir()
    others = [
        outside,
        folder / "notes.svg",
        folder / "h.yaml",
        folder / "other-figure1-court.svg",
        folder / "h-figure1.svg",
    ]
    for path in others:
        path.write_text("<svg/>", encoding="utf-8")
    digest = manifest.digest(b"<svg/>")
    figures = ["../h-figure1-court.svg", *(p.name for p in others[1:]), "h.md"]
    (folder / ".h.figures.json").write_text(
        json.dumps({"kind": manifest.KIND, "figures": {n: [digest] for n in figures}}),
        encoding="utf-8",
    )
    handout(LIAISON, folder / "h.md", systems=["local", "national"])
    assert all(path.exists() for path in others)
    assert listed(folder) == PART


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"figures": {}}',
        '{"kind": "something else", "figures": {}}',
        "[" * 100_000,  # too deep for Python's JSON reader, which raised RecursionError
    ],
    ids=["not-json", "list", "no-kind", "other-kind", "too-deep"],
)
@pytest.mark.usefixtures("stubbed")
def test_a_list_that_is_not_the_librarys_deletes_nothing(tmp_path: Path, text: str) -> None:
    handout(LIAISON, tmp_path / "h.md")
    (tmp_path / ".h.figures.json").write_text(text, encoding="utf-8")
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == sorted({*WHOLE, *PART})
    assert listed(tmp_path) == PART


@pytest.mark.usefixtures("stubbed")
def test_a_run_that_stops_half_way_leaves_every_figure_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handout fails to be written after its figures were: the previous handout
    stays whole, and the next run still removes the figures of both earlier runs."""
    handout(LIAISON, tmp_path / "h.md")
    previous = (tmp_path / "h.md").read_bytes()
    replace = os.replace

    def failing(source: str, target: str | Path) -> None:
        """The handout's rename, the last of the set, fails, after the figures'."""
        if Path(target).name == "h.md":
            raise OSError(errno.EIO, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError, match=r"h\.md: cannot write: Input/output error"):
        handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    monkeypatch.undo()
    assert (tmp_path / "h.md").read_bytes() == previous
    assert listed(tmp_path) == sorted({*WHOLE, *PART})
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    handout(load(LIAISON), tmp_path / "h.md", systems=["court"])
    assert names(tmp_path) == ["h-figure1-court.svg"]


@pytest.mark.usefixtures("stubbed")
def test_a_folder_that_takes_no_file_is_named_by_the_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only folder: the error names the handout asked for, not the hidden list of
    its figures, which is written first; and nothing in the folder changes (the folder
    is faked read-only, since permissions do not stop root)."""
    import tempfile

    handout(LIAISON, tmp_path / "h.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    make = tempfile.mkstemp

    def refuse(*, prefix: str, suffix: str, dir: str) -> tuple[int, str]:
        if Path(dir) == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", dir)
        return make(prefix=prefix, suffix=suffix, dir=dir)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "h.md"
    with pytest.raises(OutputError, match=r"h\.md: cannot write: Permission denied$"):
        handout(LIAISON, target, systems=["local"])
    assert main(["handout", str(LIAISON), "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"activity-systems: {target}: cannot write: Permission denied\n"
    )
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


class FullDisk:
    """A file that takes half of what it is given, then fails as a full disk does."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("how", ["python", "command line"])
def test_a_handout_that_cannot_be_written_whole_leaves_the_earlier_one_whole(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up at the third file: the earlier handout keeps its own figures,
    not new ones whose numbers no longer match its text, and no temporary file is left."""
    from activity_systems.handouts import figures

    run = iter(range(1, 100))
    version = next(run)

    def drawn(*args: object, **kwargs: object) -> str:  # which run drew it
        return f'<svg xmlns="http://www.w3.org/2000/svg"><!-- run {version} --></svg>\n'

    monkeypatch.setattr(figures, "draw_svg", drawn)
    handout(LIAISON, tmp_path / "h.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(before) == sorted([*WHOLE, "h.md", ".h.figures.json"])
    version = next(run)
    calls = iter(range(1, 100))
    fdopen = os.fdopen

    def filling(*args: Any, **kwargs: Any) -> Any:
        stream = fdopen(*args, **kwargs)
        # the list of the figures, then the figures: the third fills the disk
        return FullDisk(stream) if next(calls) == 1 + 3 else stream

    monkeypatch.setattr(os, "fdopen", filling)
    third = tmp_path / WHOLE[2]
    if how == "python":
        with pytest.raises(OutputError, match="No space left on device"):
            handout(LIAISON, tmp_path / "h.md")
    else:
        assert main(["handout", str(LIAISON), "-o", str(tmp_path / "h.md")]) == 2
        assert capsys.readouterr().err == (
            f"activity-systems: {third}: cannot write: No space left on device\n"
        )
    monkeypatch.setattr(os, "fdopen", fdopen)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    kept = [*WHOLE, "h.md"]
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert sorted(after) == sorted(before)  # no temporary file
    handout(LIAISON, tmp_path / "h.md")  # the list still lets the next run tidy
    assert names(tmp_path) == WHOLE
    assert b"run 2" in third.read_bytes()


@pytest.mark.usefixtures("stubbed")
def test_an_html_handout_leaves_the_markdown_ones_figures(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    handout(LIAISON, tmp_path / "h.html", systems=["local"])
    assert names(tmp_path) == sorted([*WHOLE, "h.html"])
    assert listed(tmp_path) == WHOLE


# -- the figures' format ----------------------------------------------------------------


@needs_graphviz
@pytest.mark.parametrize("figures", ["svg", "png"])
def test_the_same_case_gives_the_same_figure_files(tmp_path: Path, figures: str) -> None:
    """Written twice, a handout's figures are byte for byte the same, PNG too (Graphviz
    writes no date into it): a handout kept in a repository changes only with its case."""
    written = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        handout(LIAISON, tmp_path / run / "h.md", figures=figures)  # type: ignore[arg-type]
        written.append({p.name: p.read_bytes() for p in (tmp_path / run).iterdir()})
    first, second = written
    assert first == second
    assert names(tmp_path / "first") == [name.replace(".svg", f".{figures}") for name in WHOLE]


@needs_graphviz
def test_png_figures_are_linked_and_say_their_resolution() -> None:
    result = render_handout(load(LIAISON), format="markdown", stem="h", figures="png")
    assert sorted(result.files) == [name.replace(".svg", ".png") for name in WHOLE]
    for name, content in result.files.items():
        assert isinstance(content, bytes)
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
        # pHYs right after the header: 192 dots per inch is 7559 pixels per metre
        assert content[37:41] == b"pHYs"
        assert content[41:50] == (7559).to_bytes(4, "big") * 2 + b"\x01"
        assert f"]({name})" in result.text
    assert ".svg" not in result.text


@pytest.mark.usefixtures("stubbed")
def test_svg_figures_are_text() -> None:
    result = render_handout(load(LIAISON), format="markdown", stem="h")
    assert sorted(result.files) == WHOLE
    assert all(isinstance(content, str) for content in result.files.values())


@needs_graphviz
def test_changing_the_format_removes_the_figures_of_the_other(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"], figures="png")
    assert names(tmp_path) == [name.replace(".svg", ".png") for name in PART]
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == PART


@pytest.mark.usefixtures("stubbed")
def test_png_figures_are_for_markdown_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="figures='png' is for a Markdown handout"):
        handout(LIAISON, tmp_path / "h.html", figures="png")
    with pytest.raises(ValueError, match="unknown figure format 'jpg': use one of svg, png"):
        render_handout(load(LIAISON), format="markdown", figures="jpg")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("stubbed")
def test_the_command_line_chooses_the_figures_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "activity_systems.handouts.figures.draw_png", lambda *a, **k: b"\x89PNG stub"
    )
    argv = ["handout", str(LIAISON), "--figures", "png"]
    assert main([*argv, "-o", str(tmp_path / "h.md")]) == 0
    assert names(tmp_path) == [name.replace(".svg", ".png") for name in WHOLE]
    assert (tmp_path / "h-figure1-court.png").read_bytes() == b"\x89PNG stub"
    assert main([*argv, "-o", str(tmp_path / "h.html")]) == 2
    assert capsys.readouterr().err == (
        "activity-systems: --figures png is for a Markdown handout (.md): an HTML "
        "handout's figures are SVG inside the page\n"
    )
    assert not (tmp_path / "h.html").exists()


# -- long ids ---------------------------------------------------------------------------


def _long_ids(*ids: str) -> dict[str, Any]:
    """A case file's data: a system for each id, each pair assessed."""
    return {
        "title": "Long ids",
        "systems": [{"id": id, "subject": "Someone", "object": "Something"} for id in ids],
        "integration": [
            {"between": [a, b], "current": "linkage", "desired": "coordination"}
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        ],
    }


@pytest.mark.usefixtures("stubbed")
def test_figure_names_too_long_for_a_windows_folder_are_shortened(tmp_path: Path) -> None:
    """Two systems with ids of 60 characters gave a Figure 3 of 135 bytes, which in a
    OneDrive folder on Windows makes a path longer than the 260 characters Windows
    takes: its name is cut short, with a hash of its slug, the same for the same case;
    the others keep their names."""
    first, second, third = "a" * 60, "b" * 60, "b" * 59 + "c"
    case = tmp_path / "long.yaml"
    case.write_text(json.dumps(_long_ids(first, second, third)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    handout(case, out / "h.md")
    written = names(out)
    assert written[:4] == [
        f"h-figure1-{first}.svg",
        f"h-figure2-{second}.svg",
        f"h-figure3-{third}.svg",
        "h-figure4-overview.svg",
    ]
    pairs = written[4:]
    assert len(pairs) == 3
    assert all(len(name.encode()) == figures.FIGURE_NAME_BYTES == 120 for name in pairs)
    assert all(re.fullmatch(r"h-figure[5-7]-[a-c-]+-[0-9a-f]{8}\.svg", name) for name in pairs)
    assert listed(out) == written
    text = (out / "h.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in text for name in written)
    handout(case, out / "h.md")
    assert names(out) == written  # the same names again
    # the list still tidies the figures the next version no longer has
    case.write_text(json.dumps(_long_ids(first, second)), encoding="utf-8")
    handout(case, out / "h.md")
    pair = figures.figure_name("h", 3, f"{first}-{second}", "svg")
    assert names(out) == [*written[:2], pair]
    assert pair.startswith(f"h-figure3-{first}-bbb")
