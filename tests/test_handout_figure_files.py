"""The figure files of a Markdown handout: a new version removes the figures an earlier
one wrote and no longer has, and never a file the library did not write."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from activity_systems import OutputError, load
from activity_systems.handouts import handout, manifest

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

pytestmark = pytest.mark.usefixtures("stubbed")


def names(folder: Path) -> list[str]:
    """The figure files in ``folder``, the handout and its list left out."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("h.md", ".h.figures.json"))


def listed(folder: Path) -> list[str]:
    data = json.loads((folder / ".h.figures.json").read_text(encoding="utf-8"))
    assert data["kind"] == manifest.KIND
    assert data["handout"] == "h.md"
    return sorted(data["figures"])


def test_a_new_version_removes_the_figures_it_no_longer_has(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    assert names(tmp_path) == WHOLE
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == PART
    assert listed(tmp_path) == PART
    text = (tmp_path / "h.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in text for name in PART)


def test_the_same_handout_again_changes_nothing(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    handout(LIAISON, tmp_path / "h.md")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


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
def test_a_symbolic_link_in_a_figures_place_is_kept(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    figure = tmp_path / "h-figure4-overview.svg"
    kept = tmp_path / "kept.svg"
    figure.rename(kept)
    figure.symlink_to(kept.name)  # the same content, through a link
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert figure.is_symlink()
    assert kept.exists()


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
    "text", ["not json", "[]", '{"figures": {}}', '{"kind": "something else", "figures": {}}']
)
def test_a_list_that_is_not_the_librarys_deletes_nothing(tmp_path: Path, text: str) -> None:
    handout(LIAISON, tmp_path / "h.md")
    (tmp_path / ".h.figures.json").write_text(text, encoding="utf-8")
    handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    assert names(tmp_path) == sorted({*WHOLE, *PART})
    assert listed(tmp_path) == PART


def test_a_run_that_stops_half_way_leaves_every_figure_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handout fails to be written after its figures were: the previous handout
    stays whole, and the next run still removes the figures of both earlier runs."""
    handout(LIAISON, tmp_path / "h.md")
    previous = (tmp_path / "h.md").read_bytes()
    from activity_systems.io.atomic import write_atomic

    def failing(path: Path, content: bytes, **kwargs: Any) -> Path:
        if Path(path).name == "h.md":
            raise OutputError(f"{path}: cannot write: No space left on device")
        return write_atomic(path, content, **kwargs)

    monkeypatch.setattr("activity_systems.handouts.manifest.write_atomic", failing)
    with pytest.raises(OutputError, match="No space left"):
        handout(LIAISON, tmp_path / "h.md", systems=["local", "national"])
    monkeypatch.undo()
    assert (tmp_path / "h.md").read_bytes() == previous
    assert listed(tmp_path) == sorted({*WHOLE, *PART})
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    handout(load(LIAISON), tmp_path / "h.md", systems=["court"])
    assert names(tmp_path) == ["h-figure1-court.svg"]


def test_an_html_handout_leaves_the_markdown_ones_figures(tmp_path: Path) -> None:
    handout(LIAISON, tmp_path / "h.md")
    handout(LIAISON, tmp_path / "h.html", systems=["local"])
    assert names(tmp_path) == sorted([*WHOLE, "h.html"])
    assert listed(tmp_path) == WHOLE
