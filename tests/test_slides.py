"""Figures for a slide: a PNG of a given width in pixels, and a figure without its
caption, for a slide that has its own title and a trainer who talks the legend through."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.render import render

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


def png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def png_dpi(png: bytes) -> float:
    at = png.index(b"pHYs")
    return int.from_bytes(png[at + 4 : at + 8], "big") * 0.0254


@needs_graphviz
@pytest.mark.parametrize("width", [1024, 1920, 1280, 333, 3840])
@pytest.mark.parametrize("system", [None, "court"])
def test_a_png_is_drawn_as_many_pixels_wide_as_asked(width: int, system: str | None) -> None:
    png = render(a.load(COURT), format="png", system=system, width=width)
    assert isinstance(png, bytes)
    drawn, high = png_size(png)
    assert drawn == width
    svg = render(a.load(COURT), format="svg", system=system)
    found = re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"', svg)
    assert found is not None
    points = float(found[1]), float(found[2])
    # the figure's own shape, to the pixel, and its resolution said in the file
    assert abs(high - points[1] * width / points[0]) <= 1
    assert png_dpi(png) == pytest.approx(72 * width / points[0], rel=0.001)


@needs_graphviz
def test_a_png_s_width_is_the_overview_s_too() -> None:
    png = render(a.load(LIAISON), format="png", width=1024)
    assert isinstance(png, bytes)
    assert png_size(png)[0] == 1024


@pytest.mark.parametrize("fmt", ["svg", "pdf", "dot"])
def test_a_width_is_for_png_only(fmt: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=f"width applies to PNG only, not {fmt.upper()}"):
        render(a.load(COURT), format=fmt, width=1024)
    with pytest.raises(ValueError, match="width applies to PNG only, not SVG"):
        render(a.load(COURT), tmp_path / "f.svg", width=1024)
    assert not (tmp_path / "f.svg").exists()


@pytest.mark.parametrize("width", [0, -1, 10.5, True, "1024", float("nan")])
def test_a_width_is_a_positive_whole_number(width: object) -> None:
    with pytest.raises(ValueError, match="width must be a positive whole number of pixels"):
        render(a.load(COURT), format="png", width=width)  # type: ignore[call-overload]


def test_a_width_and_a_dpi_are_not_both_given() -> None:
    with pytest.raises(ValueError, match="give a PNG's width in pixels or its dpi, not both"):
        render(a.load(COURT), format="png", width=1024, dpi=192)


@needs_graphviz
def test_render_width_draws_a_png_that_wide(tmp_path: Path) -> None:
    out = tmp_path / "slide.png"
    assert main(["render", str(COURT), "-o", str(out), "--width", "1920"]) == 0
    assert png_size(out.read_bytes())[0] == 1920


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "f.svg", "--width", "1024"], "--width applies to PNG only, not SVG"),
        (["-o", "f.png", "--width", "1024", "--dpi", "192"], "not allowed with argument"),
        (["-o", "f.png", "--width", "0"], "is not a positive whole number of pixels"),
        (["-o", "f.png", "--width", "12.5"], "is not a positive whole number of pixels"),
    ],
)
def test_render_width_is_refused_where_it_means_nothing(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [argv[0], str(tmp_path / argv[1]), *argv[2:]]
    assert main(["render", str(COURT), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def svg_points(svg: str) -> tuple[float, float]:
    found = re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"', svg)
    assert found is not None
    return float(found[1]), float(found[2])


@needs_graphviz
@pytest.mark.parametrize(
    ("path", "options"),
    [
        (COURT, {}),
        (COURT, {"system": "court"}),
        (LIAISON, {}),
        (LIAISON, {"overview": "summary"}),
        (LIAISON, {"pair": ("local", "national")}),
    ],
)
def test_a_figure_without_its_caption_keeps_its_marks_and_its_title(
    path: Path, options: dict[str, object]
) -> None:
    case = a.load(path)
    full = render(case, format="svg", **options)  # type: ignore[call-overload]
    bare = render(case, format="svg", caption=False, **options)  # type: ignore[call-overload]
    # the caption's title, in 14 points, and its key's lines, in 9
    assert 'font-size="14.00"' in full
    assert 'font-size="9.00"' in full
    assert 'font-size="14.00"' not in bare
    assert 'font-size="9.00"' not in bare
    # the figure's own title stays, for a screen reader and a pointer
    title = full.split("<title>", 2)[1].split("</title>", 1)[0]
    assert "contradictions" in title
    assert bare.split("<title>", 2)[1].split("</title>", 1)[0] == title
    # every mark of the figure is drawn, as many as with the caption
    for mark in ('class="node"', 'class="edge"', "<polygon", "<path"):
        assert bare.count(mark) == full.count(mark)
    (full_w, full_h), (bare_w, bare_h) = svg_points(full), svg_points(bare)
    assert bare_h < full_h - 30  # the caption's lines are no longer above it
    assert bare_w <= full_w


def test_a_figure_without_its_caption_has_no_label_in_its_dot() -> None:
    case = a.load(COURT)
    dot = render(case, format="dot", caption=False)
    assert "<TABLE" not in dot.split("\t", 1)[0] + "".join(
        line for line in dot.splitlines() if line.startswith("\tgraph [")
    )
    assert "labelloc" not in dot
    assert render(case, format="dot", caption=True) == render(case, format="dot")


@needs_graphviz
def test_render_no_caption_draws_the_figure_alone(tmp_path: Path) -> None:
    out = tmp_path / "slide.svg"
    assert main(["render", str(COURT), "-o", str(out), "--no-caption"]) == 0
    assert "Zig&#45;zag arrows" not in out.read_text(encoding="utf-8")


def test_a_width_past_graphviz_s_largest_bitmap_is_refused_before_drawing() -> None:
    with pytest.raises(ValueError, match="at most 32,767 pixels, the widest bitmap Graphviz"):
        render(a.load(COURT), format="png", width=40_000)


def test_a_png_too_wide_to_draw_in_time_is_told_to_be_narrower() -> None:
    from activity_systems.render.backend import _out_of_time

    said = str(_out_of_time(30, None, 2000.0, True, width=20_000))
    assert "a PNG 20,000 pixels wide" in said
    assert "draw it narrower (--width, or width=... in Python)" in said
    assert "--dpi" not in said


def test_render_width_past_graphviz_s_largest_bitmap_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activity_systems.cli import parser
    from activity_systems.render import backend

    assert parser._LARGEST_BITMAP == backend.LARGEST_BITMAP
    out = tmp_path / "f.png"
    assert main(["render", str(COURT), "-o", str(out), "--width", "40000"]) == 2
    err = capsys.readouterr().err
    assert "argument --width: '40000' is wider than Graphviz draws bitmaps" in err
    assert "Traceback" not in err
    assert not out.exists()


@needs_graphviz
def test_a_png_too_tall_at_its_width_is_refused_before_graphviz_draws_it() -> None:
    # the court's summary is taller than wide: 32,000 pixels wide, it would be 36,935
    # high, and Graphviz would draw it smaller, narrower than asked for, after seconds
    import time

    started = time.monotonic()
    with pytest.raises(ValueError, match=r"32,000 pixels wide is 36,93\d pixels high") as said:
        render(a.load(COURT), format="png", overview="summary", width=32_000)
    assert time.monotonic() - started < 5
    assert "at most 28,38" in str(said.value)
    assert "dots per inch" not in str(said.value)


@needs_graphviz
def test_render_width_of_a_png_too_tall_is_an_error_of_that_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "f.png"
    argv = ["render", str(COURT), "--overview", "summary", "-o", str(out), "--width", "32000"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "32,000 pixels wide is 36,93" in err
    assert "Traceback" not in err
    assert not out.exists()


@needs_graphviz
def test_a_png_too_narrow_to_draw_is_told_its_width_not_a_resolution() -> None:
    # 1 pixel wide, the figure without its caption is less than half a pixel high
    case = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    with pytest.raises(a.GraphvizError, match="drew nothing; is 1 pixel wide too narrow") as said:
        render(case, format="png", caption=False, width=1)
    assert "dots per inch" not in str(said.value)


# A figure 400 inches high and a quarter of an inch wide: less than half a pixel wide at
# any height a user would give it a few pixels of.
_TALL = 'digraph{layout=nop; a [pos="0,0!" width=0.25 height=400 shape=box fixedsize=true]}'


@needs_graphviz
@pytest.mark.parametrize(
    ("size", "said"),
    [
        ({"height": 1}, "drew nothing; is 1 pixel high too low for a figure of this shape?"),
        ({"height": 4}, "drew nothing; is 4 pixels high too low for a figure of this shape?"),
        (
            {"width": 1, "height": 1},
            "drew nothing; is a box 1 pixel wide by 1 pixel high too small for a figure of "
            "this shape?",
        ),
    ],
)
def test_a_png_too_low_to_draw_is_told_its_height_not_a_resolution(
    size: dict[str, int], said: str
) -> None:
    """``--height 1`` asked whether "0.0025 dots per inch" were meant, a resolution the
    user never gave."""
    from activity_systems.render.backend import run_dot

    with pytest.raises(a.GraphvizError) as error:
        run_dot(_TALL, "png", width=size.get("width"), height=size.get("height"))
    assert str(error.value).endswith(said)
    assert "dots per inch" not in str(error.value)


def test_a_png_graphviz_scaled_by_less_than_a_pixel_is_drawn_as_asked_without_a_warning() -> None:
    # --width 32767: Graphviz says it scaled the bitmap by 0.99997 to fit, and the PNG is
    # the 32,767 pixels wide asked for all the same
    import warnings

    from activity_systems.render.backend import ScaledDownWarning, _drawn_at

    said = b"dot: graph is too large for cairo-renderer bitmaps. Scaling by 0.99997 to fit\n"
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (32767).to_bytes(4, "big")
    png = header + (28414).to_bytes(4, "big") + bytes(5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _drawn_at(said, 4103.43, png, (32767, 28414)) == 4103.43
    # scaled to fewer pixels than asked for, it is told
    with pytest.warns(ScaledDownWarning):
        assert _drawn_at(said, 4103.43, png, (32768, 28415)) < 4103.43
