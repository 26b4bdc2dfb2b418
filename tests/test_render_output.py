"""``render``: formats, atomic files, the Graphviz process (time limit, missing binary),
notebook display, and a model that imports no renderer."""

from __future__ import annotations

import base64
import html
import inspect
import os
import pydoc
import re
import shutil
import subprocess
import sys
import time
import traceback
import warnings
import zlib
from pathlib import Path
from typing import cast

import pytest

import activity_systems as a
from activity_systems import (
    ActivitySystem,
    ArgumentError,
    Case,
    GraphvizError,
    GraphvizNotFound,
    OutputError,
)
from activity_systems.render import render
from activity_systems.render.notebook import alone_note
from activity_systems.rules.engine import check

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
posix = pytest.mark.skipif(os.name != "posix", reason="fake 'dot' scripts are shell scripts")


def fake_dot(folder: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put a ``dot`` script running ``body`` first on PATH."""
    folder.mkdir(exist_ok=True)
    script = folder / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    # The script stands for the program: SVG must not be drawn by Graphviz's library.
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")


def no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def test_dot_is_text_and_needs_no_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_dot(tmp_path, monkeypatch)
    text = render(a.load(COURT), format="dot")
    assert isinstance(text, str)
    assert text.startswith("digraph figure {")
    written = render(a.load(COURT), tmp_path / "figure3.gv")
    assert written == tmp_path / "figure3.gv"
    assert written.read_text(encoding="utf-8") == text


@needs_graphviz
@pytest.mark.parametrize(
    ("fmt", "magic"), [("svg", "<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_formats(fmt: str, magic: str | bytes) -> None:
    drawn = render(a.load(COURT), format=fmt, system="court")
    assert isinstance(drawn, type(magic))
    assert drawn[: len(magic)] == magic


@needs_graphviz
def test_the_same_figure_gives_the_same_bytes_in_every_format() -> None:
    case = a.load(COURT)
    for fmt in ("svg", "png", "pdf"):
        assert render(case, format=fmt, system="mhs") == render(case, format=fmt, system="mhs")


def _pdf_page(pdf: bytes) -> tuple[float, float]:
    """The width and height of a one-page PDF's page, in points."""
    box = re.search(rb"/MediaBox \[\s*([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\s*\]", pdf)
    assert box is not None
    x0, y0, x1, y1 = (float(number) for number in box.groups())
    return x1 - x0, y1 - y0


def _svg_size(svg: str) -> tuple[float, float]:
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert size is not None
    return float(size[1]), float(size[2])


@needs_graphviz
@pytest.mark.parametrize(
    ("system", "theme"),
    [("court", "default"), (None, "default"), (None, "print")],
    ids=["figure1", "figure3", "figure3-print"],
)
def test_a_pdf_page_is_the_figure_with_no_margin_round_it(system: str | None, theme: str) -> None:
    # Graphviz leaves half an inch of white round a PDF's drawing unless told not to:
    # scaled to a journal's column, the figure's text came out 8 to 11% smaller than
    # the SVG's or the PNG's at the same width.
    case = a.load(COURT)
    pdf_width, pdf_height = _pdf_page(render(case, format="pdf", system=system, theme=theme))
    svg_width, svg_height = _svg_size(render(case, format="svg", system=system, theme=theme))
    assert abs(pdf_width - svg_width) <= 1
    assert abs(pdf_height - svg_height) <= 1


@needs_graphviz
def test_a_pdf_is_the_same_in_every_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    case = a.load(COURT)
    drawn = []
    for zone in ("UTC0", "IST-5:30", "EST5EDT"):
        monkeypatch.setenv("TZ", zone)
        drawn.append(render(case, format="pdf", system="mhs"))
    assert drawn[0] == drawn[1] == drawn[2]


@needs_graphviz
def test_the_format_comes_from_the_extension(tmp_path: Path) -> None:
    render(a.load(COURT), tmp_path / "f.PNG")
    assert (tmp_path / "f.PNG").read_bytes().startswith(b"\x89PNG")
    render(COURT, tmp_path / "f.svg")  # a case file's path is fine too
    assert (tmp_path / "f.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_unknown_extension_or_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.gv, \.pdf, \.png, \.svg"):
        render(a.load(COURT), tmp_path / "f.gif")
    with pytest.raises(ValueError, match="unknown format 'jpeg'"):
        render(a.load(COURT), format="jpeg")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        render(a.load(COURT), tmp_path / "nope" / "f.dot")


def test_the_input_file_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "case.yaml"
    source.write_bytes(COURT.read_bytes())
    with pytest.raises(OutputError, match="input"):
        render(source, source, format="dot")
    with pytest.raises(OutputError, match="input"):
        render(a.load(source), source, format="dot", inputs=[source])
    assert source.read_bytes() == COURT.read_bytes()


class FilePath:
    """A path that is no ``pathlib.Path``: any object with ``__fspath__``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def __fspath__(self) -> str:
        return self.path


def test_any_path_like_names_the_case_file_to_draw(tmp_path: Path) -> None:
    expected = render(a.load(COURT), format="dot")
    (entry,) = (entry for entry in os.scandir(COURT.parent) if entry.name == COURT.name)
    assert render(entry, format="dot") == expected
    assert render(FilePath(COURT), format="dot") == expected


def test_any_path_like_names_the_file_to_write(tmp_path: Path) -> None:
    written = render(a.load(COURT), FilePath(tmp_path / "figure.dot"))
    assert written == tmp_path / "figure.dot"
    assert written.read_text(encoding="utf-8") == render(a.load(COURT), format="dot")
    with pytest.raises(
        ValueError, match=f"cannot tell the format from {str(tmp_path / 'f.gif')!r}"
    ):
        render(a.load(COURT), FilePath(tmp_path / "f.gif"))
    with pytest.raises(OutputError, match=r"case\.yaml: refusing to write a figure"):
        render(a.load(COURT), FilePath(tmp_path / "case.yaml"))


def test_a_path_like_input_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "case.yaml"
    source.write_bytes(COURT.read_bytes())
    link = tmp_path / "figure.dot"
    link.symlink_to(source)
    with pytest.raises(OutputError, match="refusing to overwrite the input file"):
        render(FilePath(source), link)
    notes = tmp_path / "notes.dot"
    notes.write_text("kept", encoding="utf-8")
    with pytest.raises(OutputError, match="refusing to overwrite the input file"):
        render(a.load(source), FilePath(notes), inputs=[FilePath(notes)])
    assert source.read_bytes() == COURT.read_bytes()
    assert notes.read_text(encoding="utf-8") == "kept"


@posix
def test_a_failing_graphviz_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "figure.svg"
    target.parent.mkdir()
    target.write_text("previous figure", encoding="utf-8")
    fake_dot(
        tmp_path / "bin", 'echo "Error: boom in layout" >&2\necho "more" >&2\nexit 3', monkeypatch
    )
    with pytest.raises(GraphvizError, match=r"exit status 3\): Error: boom in layout$"):
        render(a.load(COURT), target)
    assert target.read_text(encoding="utf-8") == "previous figure"
    assert sorted(p.name for p in target.parent.iterdir()) == ["figure.svg"]


@posix
def test_a_slow_graphviz_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one test of the time limit on the real clock throughout, the layout's time taken
    # from it (test_outputs.py stops the layout's clock to give Graphviz a shorter limit):
    # 2 s leave the layout of the court case time enough on a busy machine.
    fake_dot(tmp_path / "bin", "sleep 30", monkeypatch)
    start = time.monotonic()
    with pytest.raises(GraphvizError, match=r"^Graphviz did not finish within 2 s"):
        render(a.load(COURT), format="svg", timeout=2)  # the layout's time included
    assert time.monotonic() - start < 2 + 5


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_the_time_limit_is_a_positive_finite_number(timeout: float) -> None:
    with pytest.raises(ValueError, match="time limit must be a positive, finite number"):
        render(a.load(COURT), format="svg", timeout=timeout)


def png_size(data: str | bytes | Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert isinstance(data, bytes)
    assert data.startswith(b"\x89PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@posix
def test_graphviz_gets_a_dpi_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path / "bin", 'echo "$@"', monkeypatch)
    assert render(a.load(COURT), format="png") == b"-Knop -Tpng\n"
    assert render(a.load(COURT), format="png", dpi=192) == b"-Knop -Tpng -Gdpi=192\n"
    assert render(a.load(COURT), format="png", dpi=150.5) == b"-Knop -Tpng -Gdpi=150.5\n"


@needs_graphviz
def test_dpi_scales_a_png() -> None:
    case = a.load(COURT)
    default = render(case, format="png")
    width, height = png_size(default)
    doubled = png_size(render(case, format="png", dpi=192))
    assert abs(doubled[0] - 2 * width) <= 1  # Graphviz rounds the scaled size
    assert abs(doubled[1] - 2 * height) <= 1
    assert render(case, format="png", dpi=96) == default  # Graphviz's default resolution


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks in order, each its type and data, every checksum checked."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert png[at + 8 + length : at + 12 + length] == zlib.crc32(kind + data).to_bytes(4, "big")
        chunks.append((kind, data))
        at += 12 + length
    return chunks


def pixels_per_metre(png: bytes) -> int:
    """The resolution a PNG says it has (its pHYs chunk, right after the header), in
    pixels per metre, the same across and down."""
    (header, _), (kind, data), *_ = png_chunks(png)
    assert (header, kind) == (b"IHDR", b"pHYs")
    assert data[8:] == b"\x01"  # the unit: the metre
    assert data[:4] == data[4:8]
    return int.from_bytes(data[:4], "big")


@needs_graphviz
def test_a_png_says_its_resolution_so_that_it_keeps_its_size(tmp_path: Path) -> None:
    """As a handout's PNG figures do: a word processor then shows the figure at the
    size of its SVG, at any resolution, instead of one inch for every 96 pixels."""
    from activity_systems.cli import main

    case = a.load(COURT)
    default = render(case, format="png")
    assert isinstance(default, bytes)
    width = png_size(default)[0] / pixels_per_metre(default)  # in metres
    for dpi, per_metre in ((None, 3780), (96, 3780), (192, 7559), (150.5, 5925)):
        png = render(case, format="png", dpi=dpi)
        assert isinstance(png, bytes)
        assert pixels_per_metre(png) == per_metre  # 96 dots per inch: 3,780 per metre
        assert png_size(png)[0] / per_metre == pytest.approx(width, abs=1 / per_metre)
        assert render(case, format="png", dpi=dpi) == png  # the same bytes every time
    assert main(["render", str(COURT), "-o", str(tmp_path / "f.png"), "--dpi", "192"]) == 0
    assert (tmp_path / "f.png").read_bytes() == render(case, format="png", dpi=192)


def svg_points(svg: str | bytes) -> tuple[float, float]:
    """Width and height of an SVG figure, in points (its ``viewBox``)."""
    assert isinstance(svg, str)
    found = re.search(r'viewBox="0\.00 0\.00 ([0-9.]+) ([0-9.]+)"', svg)
    assert found is not None
    return float(found[1]), float(found[2])


@needs_graphviz
@pytest.mark.parametrize(
    ("system", "theme", "dpi"),
    [
        (None, "default", None),
        (None, "default", 600),
        (None, "print", 150.5),
        ("court", "print", 192),
    ],
)
def test_a_png_on_an_opaque_background_has_no_transparent_pixels(
    system: str | None, theme: str, dpi: float | None
) -> None:
    # Graphviz makes the bitmap a whole number of pixels and paints the background over
    # the figure's own size only, so its last row and column of pixels were partly
    # transparent (half of the court example's Figure 3's bottom row) and the PNG had an
    # alpha channel, which a journal's artwork check rejects ("no transparent objects")
    # and which shows as a grey or black edge where the PNG is flattened onto a colour.
    # cairo writes a PNG none of whose pixels is transparent as RGB, without alpha.
    case = a.load(COURT)
    png = render(case, format="png", system=system, theme=theme, dpi=dpi)
    assert isinstance(png, bytes)
    assert png[24:26] == b"\x08\x02"  # 8 bits a sample, RGB: no alpha channel
    # the bitmap is still the figure's size, to the nearest pixel
    width, height = svg_points(render(case, format="svg", system=system, theme=theme))
    per_point = (dpi or 96) / 72
    assert png_size(png) == (round(width * per_point), round(height * per_point))


@needs_graphviz
def test_a_png_on_a_transparent_background_keeps_its_alpha_channel() -> None:
    png = render(a.load(COURT), format="png", background="transparent")
    assert isinstance(png, bytes)
    assert png[24:26] == b"\x08\x06"  # 8 bits a sample, RGB and alpha


@needs_graphviz
@pytest.mark.parametrize("dpi", [0.05, 1e-300])
def test_a_png_too_small_for_one_pixel_is_refused_not_drawn_as_one(dpi: float) -> None:
    # Figure 1 at 0.05 dots per inch is 0.4 pixels wide: Graphviz draws nothing, and the
    # error asks whether so few dots per inch were meant, rather than a 1 x 1 PNG.
    with pytest.raises(GraphvizError, match=r"drew nothing; is .* dots per inch too few\?$"):
        render(a.load(COURT), format="png", system="court", dpi=dpi)


# A figure 400 inches wide: wider than the 32,767 pixels a side that Graphviz's bitmaps
# allow at any resolution, and quick to draw since it is a quarter of an inch high.
TOO_WIDE = 'digraph{layout=nop; a [pos="0,0!" width=400 height=0.25 shape=box fixedsize=true]}'


@needs_graphviz
def test_a_png_too_large_for_graphviz_warns_that_it_was_scaled_down() -> None:
    from activity_systems.render import ScaledDownWarning
    from activity_systems.render.backend import run_dot

    at_96 = r"scaled to 0\.85 .* about 82 dots per inch instead of 96"
    with pytest.warns(ScaledDownWarning, match=at_96) as w:
        png = run_dot(TOO_WIDE, "png")
    assert len(w) == 1
    assert png_size(png)[0] == 32767
    # and says the resolution it got, so that the figure is still 400 inches wide
    inches = 32767 / pixels_per_metre(png) / 0.0254
    assert inches == pytest.approx(400, rel=0.001)
    # A resolution the user chose is refused at once when the PNG would be larger, with
    # the highest that fits, as a width past the limit is: Graphviz would take gigabytes
    # and up to its time limit to draw a figure of both sides large, and not at the
    # resolution asked for.
    fits = r"at 192 dots per inch is 76,821 by 69 pixels, .* at no more than 81 dots per inch"
    with pytest.raises(ArgumentError, match=fits):
        run_dot(TOO_WIDE, "png", dpi=192)
    assert png_size(run_dot(TOO_WIDE, "png", dpi=81))[0] == 32409  # 400 inches and a margin
    # a figure that fits at no whole number of dots per inch is not told to draw at 0, but
    # at the width (or height) that fits, which draws it below 1 dot per inch
    huge = TOO_WIDE.replace("width=400 height=0.25", "width=40000 height=100")
    wide = r"a side\): draw it at most 32,767 pixels wide \(--width, or width=\.\.\. in Python\)"
    with pytest.raises(ArgumentError, match=wide + ", as SVG or PDF, or draw a part"):
        run_dot(huge, "png", dpi=2)
    with warnings.catch_warnings():
        # Graphviz scales it by 0.99997, which costs the short side its last pixel
        warnings.simplefilter("error")
        assert png_size(run_dot(huge, "png", width=32767))[0] == 32767
    tall = TOO_WIDE.replace("width=400 height=0.25", "width=100 height=40000")
    with pytest.raises(ArgumentError, match=r"at most 32,767 pixels high \(--height, or height="):
        run_dot(tall, "png", dpi=2)


@posix
def test_the_command_line_says_when_a_png_was_scaled_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    message = "dot: graph is too large for cairo-renderer bitmaps. Scaling by 0.5 to fit"
    fake_dot(tmp_path / "bin", f'cat >/dev/null; printf PNG; echo "{message}" >&2', monkeypatch)
    from activity_systems.cli import main

    assert main(["render", str(COURT), "--dpi", "192", "-o", str(tmp_path / "f.png")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("activity-systems: warning: the PNG was larger than Graphviz")
    assert "about 96 dots per inch instead of 192" in err
    assert (tmp_path / "f.png").read_bytes() == b"PNG"


@pytest.mark.parametrize("fmt", ["svg", "pdf", "dot"])
def test_dpi_is_for_png_only(fmt: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=f"dpi applies to PNG only, not {fmt.upper()}"):
        render(a.load(COURT), format=fmt, dpi=300)
    with pytest.raises(ValueError, match="dpi applies to PNG only, not SVG"):
        render(a.load(COURT), tmp_path / "f.svg", dpi=300)
    assert not (tmp_path / "f.svg").exists()


@pytest.mark.parametrize("dpi", [0, -72, float("nan"), float("inf"), True, "300"])
def test_dpi_is_a_positive_number(dpi: object) -> None:
    with pytest.raises(ValueError, match="dpi must be a positive number"):
        render(a.load(COURT), format="png", dpi=dpi)  # type: ignore[call-overload]


def test_a_missing_graphviz_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_dot(tmp_path, monkeypatch)
    with pytest.raises(GraphvizNotFound) as raised:
        render(a.load(COURT), format="svg")
    message = str(raised.value)
    for hint in ("sudo apt-get install graphviz", "brew install graphviz", "conda", "dot -V"):
        assert hint in message
    assert isinstance(raised.value, RuntimeError)


def test_a_missing_graphviz_says_how_to_install_it_without_administrator_rights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work laptop often allows no sudo and no installer for all users: the message
    names what installs Graphviz for one's own account on each system."""
    no_dot(tmp_path, monkeypatch)
    with pytest.raises(GraphvizNotFound) as raised:
        render(a.load(COURT), format="png")
    message = str(raised.value)
    for hint in (
        "Without administrator rights",
        "'conda install -c conda-forge graphviz'",  # Miniconda or Miniforge, in one's home
        "ZIP archive",  # Windows: unpacked anywhere, its bin folder on the user's PATH
        "'scoop install graphviz'",
        "'pip install graphviz' installs only",  # the Python interface, not the program
    ):
        assert hint in message, hint


def test_a_report_is_drawn_on_its_case() -> None:
    case = a.load(COURT)
    report = check(case)
    assert render(report, case=case, format="dot") == render(case, format="dot")
    with pytest.raises(TypeError, match="case=case"):
        render(report, format="dot")


@needs_graphviz
def test_systems_and_cases_display_as_svg_in_notebooks() -> None:
    case = a.load(COURT)
    for shown in (case, case.system("court")):
        bundle = shown._repr_mimebundle_()
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
        assert bundle["text/plain"] == repr(shown)
    assert set(case._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
    assert "image/svg+xml" not in case._repr_mimebundle_(exclude=["image/svg+xml"])


def test_notebook_display_without_graphviz_shows_the_dot_and_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_dot(tmp_path, monkeypatch)
    case = a.load(COURT)
    bundle = case._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "digraph figure {" in bundle["text/html"]
    assert "dot -V" in bundle["text/html"]
    assert "&lt;TABLE" in bundle["text/html"]  # the DOT text is escaped in the page
    hint, dot = bundle["text/html"].split("<details>")
    assert "dot -V" in hint
    assert dot.startswith("<summary>The figure as DOT text (")  # folded: pages of text


def calls_of(name: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The objects given to ``activity_systems.render.api.<name>`` from now on."""
    import activity_systems.render.api as api

    given: list[object] = []
    real = getattr(api, name)

    def counting(obj: object, *args: object, **kwargs: object) -> object:
        given.append(obj)
        return real(obj, *args, **kwargs)

    monkeypatch.setattr(api, name, counting)
    return given


@needs_graphviz
def test_notebook_display_gives_the_types_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """include keeps only its types (None: all), exclude drops its types; the figure is
    drawn once when wanted and not at all when left out."""
    case = a.load(COURT)
    drawn = calls_of("render", monkeypatch)
    displays: list[tuple[Case | ActivitySystem, str]] = [
        (
            case,
            "Magistrates' court and Community mental health services around their "
            "shared object, 11 contradictions",
        ),
        (
            case.system("court"),
            "Magistrates' court (CJS): activity system checked on its own, no contradictions",
        ),
    ]
    for shown, title in displays:
        assert list(shown._repr_mimebundle_(include=None)) == [
            "text/plain",
            "image/svg+xml",
            "text/html",
        ]
        svg = shown._repr_mimebundle_(include=["image/svg+xml"])
        assert list(svg) == ["image/svg+xml"]
        assert svg["image/svg+xml"].lstrip().startswith("<?xml")
        # HTML: the figure as an image fitted to the column, named by the figure's title
        # (what a screen reader reads), not by the object's repr
        page = shown._repr_mimebundle_(include={"text/html"})["text/html"]
        assert page.startswith(f'<img alt="{html.escape(title)}" src="data:image/svg+xml;')
        data, style = page.split("base64,")[1].split('" style="')
        assert base64.b64decode(data).decode("utf-8") == svg["image/svg+xml"]
        # a system, which does not know its case, then says what its figure leaves out
        note = alone_note(shown) if isinstance(shown, ActivitySystem) else ""
        assert style == f'max-width: 100%; height: auto">{note}'
        assert list(shown._repr_mimebundle_(exclude=["image/svg+xml"])) == [
            "text/plain",
            "text/html",
        ]
        # both wanted: the figure drawn once, as SVG and in HTML
        both = shown._repr_mimebundle_(include=["text/html", "image/svg+xml"])
        assert both == {"image/svg+xml": svg["image/svg+xml"], "text/html": page}
        assert list(shown._repr_mimebundle_(exclude=["text/html"])) == [
            "text/plain",
            "image/svg+xml",
        ]
    assert len(drawn) == 12  # six displays of each, each drawn once
    drawn.clear()
    for shown in (case, case.system("court")):
        assert shown._repr_mimebundle_(include=["image/png"]) == {}
        assert shown._repr_mimebundle_(include=[]) == {}
        assert list(shown._repr_mimebundle_(include=["text/plain", "image/png"])) == ["text/plain"]
        assert shown._repr_mimebundle_(include=["image/svg+xml"], exclude=["image/svg+xml"]) == {}
        assert list(shown._repr_mimebundle_(exclude=["image/svg+xml", "text/html"])) == [
            "text/plain"
        ]
    assert drawn == []  # nothing drawn to be thrown away


def test_notebook_display_without_graphviz_gives_the_types_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_dot(tmp_path, monkeypatch)
    built = calls_of("figure", monkeypatch)
    case = a.load(COURT)
    for shown in (case, case.system("court")):
        page = shown._repr_mimebundle_(include=["text/html"])
        assert list(page) == ["text/html"]
        assert "dot -V" in page["text/html"]
        assert "digraph figure {" in page["text/html"]
        assert list(shown._repr_mimebundle_()) == ["text/plain", "text/html"]
    # render builds the DOT before it finds no Graphviz; the display builds it again to show
    assert len(built) == 8
    built.clear()
    for shown in (case, case.system("court")):
        assert shown._repr_mimebundle_(include=["image/svg+xml"]) == {}  # SVG needs Graphviz
        assert list(shown._repr_mimebundle_(exclude=["text/html"])) == ["text/plain"]
    assert len(built) == 4  # by render alone: no DOT text built to be thrown away


@posix
def test_notebook_display_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dot(tmp_path / "bin", "echo broken >&2; exit 1", monkeypatch)
    bundle = a.load(COURT).system("mhs")._repr_mimebundle_()
    assert "could not be drawn" in bundle["text/html"]
    assert "text/plain" in bundle


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.strip()


def test_the_model_imports_neither_graphviz_nor_jinja2() -> None:
    code = (
        "import sys, activity_systems.model\n"
        "print(sorted(m for m in ('graphviz', 'jinja2', 'activity_systems.render')"
        " if m in sys.modules))"
    )
    assert run_python(code) == "[]"


def test_a_report_and_a_comparison_shown_in_every_form_import_no_handouts() -> None:
    """The rules and the comparison lie below the handouts: showing a report or a
    comparison as text, Markdown or a notebook's HTML loads neither the handouts nor
    Jinja2 (their right-to-left isolation is shared, not the handout's own)."""
    code = (
        "import sys, activity_systems as a\n"
        "case = a.load('examples/court-reports.yaml')\n"
        "report, comparison = a.check(case), a.compare(case, case)\n"
        "for shown in (report, comparison):\n"
        "    shown.to_text(), shown.to_markdown(), shown._repr_html_()\n"
        "print(sorted(m for m in ('jinja2', 'activity_systems.handouts') if m in sys.modules))"
    )
    assert run_python(code) == "[]"


def test_activity_systems_render_is_callable_whatever_was_imported_first() -> None:
    code = (
        "import activity_systems.render.notebook, activity_systems as a\n"
        "case = a.load('examples/court-reports.yaml')\n"
        "print(a.render(case, format='dot').startswith('digraph'))"
    )
    assert run_python(code) == "True"


def test_calling_the_render_package_adds_no_frame_to_a_traceback() -> None:
    """An error raised in render() shows in its traceback as raised by render(), called
    from the caller's line, with no frame of the package in between."""
    with pytest.raises(KeyError) as raised:
        a.render(a.load(COURT), format="dot", system="curt")
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert [frame.name for frame in frames[:2]] == [
        "test_calling_the_render_package_adds_no_frame_to_a_traceback",
        "render",
    ]
    assert Path(frames[1].filename).name == "api.py"
    assert not [frame for frame in frames if frame.filename.endswith("__init__.py")]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'obj'"):
        a.render()  # type: ignore[call-overload]


def test_the_render_package_has_the_signature_of_the_render_function() -> None:
    package = sys.modules["activity_systems.render"]
    assert cast(object, a.render) is package  # the callable package, not the function
    assert inspect.signature(a.render) == inspect.signature(render)
    assert list(inspect.signature(a.render).parameters)[:3] == ["obj", "target", "format"]


def test_help_on_the_render_package_shows_the_function_first() -> None:
    shown = pydoc.plain(pydoc.render_doc(a.render))
    summary = (inspect.getdoc(render) or "").splitlines()[0]
    name_line = next(line for line in shown.splitlines() if "activity_systems.render - " in line)
    assert name_line.strip() == f"activity_systems.render - {summary}"
    description = shown.split("DESCRIPTION", 1)[1].lstrip()
    assert description.startswith(f"activity_systems.render{inspect.signature(render)}")
    assert description.index("GraphvizNotFound") < description.index("The package")
    # what the package holds is still there
    assert "PACKAGE CONTENTS" in shown
    assert "figure(" in shown


def test_ipython_shows_the_render_function_for_the_render_package() -> None:
    oinspect = pytest.importorskip("IPython.core.oinspect")
    # IPython 9 names a colour theme; IPython 8 takes none
    needs_theme = "theme_name" in inspect.signature(oinspect.Inspector).parameters
    inspector = oinspect.Inspector(theme_name="nocolor") if needs_theme else oinspect.Inspector()
    info = inspector.info(a.render, "a.render")
    assert "target" in info["definition"]
    assert "*args" not in info["definition"]
    assert info["docstring"].startswith((inspect.getdoc(render) or "").splitlines()[0])
    assert not info.get("call_def")  # calling the package has the function's signature


def test_the_render_package_still_exports_its_names() -> None:
    from activity_systems.render import FORMATS, Theme, figure

    assert callable(figure)
    assert Theme.__name__ == "Theme"
    assert "png" in FORMATS


def _first_pixel(png: bytes) -> bytes:
    """The top left pixel of an 8-bit RGB or RGBA PNG: whatever the filter of the first
    row, its first pixel is stored as it is (there is nothing left of or above it)."""
    pixels = zlib.decompress(b"".join(_png_chunks(png, b"IDAT")))
    channels = {2: 3, 6: 4}[png[25]]
    return pixels[1 : 1 + channels]


def _png_chunks(png: bytes, kind: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        if png[at + 4 : at + 8] == kind:
            chunks.append(png[at + 8 : at + 8 + length])
        at += 12 + length
    return chunks


@needs_graphviz
def test_a_figure_on_a_transparent_background_for_a_poster_of_any_colour() -> None:
    case = a.load(COURT)
    assert "bgcolor=white" in render(case, format="dot")
    assert "bgcolor=transparent" in render(case, format="dot", background="transparent")
    svg = render(case, format="svg", system="court", background="transparent")
    assert '<polygon fill="white"' not in svg  # no page behind the drawing
    assert _first_pixel(render(case, format="png", system="court"))[:3] == b"\xff\xff\xff"
    corner = _first_pixel(render(case, format="png", system="court", background="transparent"))
    assert corner[3:] == b"\x00"
    # an exchange's label still hides its arrow under the text
    assert '<polygon fill="white"' in render(case, format="svg", background="transparent")


@needs_graphviz
def test_a_figure_on_the_background_colour_of_a_poster() -> None:
    case = a.load(COURT)
    svg = render(case, format="svg", background="#DBE9F6")
    assert '<polygon fill="white"' not in svg
    # the page, and the two gaps the exchange's label leaves in its arrow
    assert svg.count('<polygon fill="#dbe9f6"') == 2
    corner = _first_pixel(render(case, format="png", background="#dbe9f6"))
    assert corner[:3] == bytes.fromhex("dbe9f6")


@pytest.mark.parametrize("background", ["blue", "#12345", "none", ""])
def test_a_background_is_white_transparent_or_a_colour_written_in_hex(background: str) -> None:
    with pytest.raises(ValueError, match="background"):
        render(a.load(COURT), format="dot", background=background)


@pytest.mark.parametrize(
    ("background", "drawn"),
    [("White", "white"), ("TRANSPARENT", "transparent"), ("#FFF", '"#ffffff"')],
)
def test_a_background_is_read_in_any_case_and_in_css_short_hex(background: str, drawn: str) -> None:
    # as --theme Print and --format SVG are; #fff is how a stylesheet writes white
    dot = render(a.load(COURT), format="dot", background=background)
    assert f"bgcolor={drawn} " in dot
    assert dot == render(a.load(COURT), format="dot", background=drawn.strip('"'))


# None is the theme's own background (white, for the named themes): see
# test_render_own_theme.py
@pytest.mark.parametrize("background", [0xDBE9F6, b"white"])
def test_a_background_that_is_not_text_is_refused_as_another_background(
    background: object,
) -> None:
    with pytest.raises(ValueError, match="unknown background"):
        render(a.load(COURT), format="dot", background=background)  # type: ignore[call-overload]


def _pdf_info(pdf: bytes) -> dict[str, bytes]:
    """The entries of a PDF's Info dictionary (the one the trailer names), as bytes."""
    number = re.search(rb"/Info (\d+) 0 R", pdf)
    assert number is not None, "the trailer names an Info dictionary"
    body = re.search(rb"\n" + number[1] + rb" 0 obj\s*<<(.*?)>>\s*endobj", pdf, re.DOTALL)
    assert body is not None
    entries = re.findall(rb"/(\w+)\s*(\((?:[^()\\]|\\.|\([^()]*\))*\)|<[^>]*>|\S+)", body[1])
    return {key.decode(): value for key, value in entries}


def _chunk_kinds(png: bytes) -> list[str]:
    kinds, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kinds.append(png[at + 4 : at + 8].decode("ascii"))
        at += 12 + length
    return kinds


@needs_graphviz
@pytest.mark.parametrize("drawn_by", ["library", "program"])
def test_a_figure_says_nothing_of_the_software_that_drew_it(
    drawn_by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure sent to another agency holds the case and nothing of the machine: no
    Graphviz or cairo version (which would also make two machines' figures differ), no
    date but a fixed one, no text chunk in a PNG."""
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", drawn_by)
    case = a.load(COURT)
    svg = render(case, format="svg", system="court").encode("utf-8")
    assert b"graphviz" not in svg.lower()
    assert b"<!-- Title: figure Pages: 1 -->" in svg  # Graphviz's other comment is kept
    assert svg.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE')
    pdf = render(case, format="pdf", system="court")
    assert b"cairo" not in pdf.lower()
    assert _pdf_info(pdf) == {"CreationDate": b"(D:19700101000000Z)"}
    png = render(case, format="png", system="court")
    assert set(_chunk_kinds(png)) <= {"IHDR", "pHYs", "bKGD", "IDAT", "IEND"}


@needs_graphviz
@pytest.mark.parametrize(("dpi", "said"), [(1_000_000, "1,000,000"), (123_456_789, "123,456,789")])
def test_a_resolution_past_graphviz_s_largest_bitmap_is_told_as_given(dpi: int, said: str) -> None:
    # not as 1e+06 or 1.23457e+08, which is not what was typed
    with pytest.raises(ArgumentError, match=f"at {said} dots per inch is "):
        render(a.load(COURT), format="png", system="court", dpi=dpi)
