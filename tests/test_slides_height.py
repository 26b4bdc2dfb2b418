"""A PNG that fits a slide: ``--height`` alone, or with ``--width`` as the box the figure
must fit in (1,920 × 1,080 for a 16:9 projector), whatever the figure's shape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main
from activity_systems.render import render

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


def png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@needs_graphviz
@pytest.mark.parametrize("system", [None, "court"])
def test_a_png_is_drawn_as_many_pixels_high_as_asked(system: str | None) -> None:
    png = render(a.load(COURT), format="png", system=system, height=1080)
    assert isinstance(png, bytes)
    assert png_size(png)[1] == 1080


@needs_graphviz
@pytest.mark.parametrize(
    ("system", "box", "side"),
    # both figures are taller than 16:9, so the height holds them; wider than square,
    # so the width holds them in a square box
    [("court", (1920, 1080), 1), (None, (1920, 1080), 1), (None, (1024, 1024), 0)],
)
def test_a_width_and_a_height_fit_the_png_in_their_box(
    system: str | None, box: tuple[int, int], side: int
) -> None:
    png = render(a.load(COURT), format="png", system=system, width=box[0], height=box[1])
    assert isinstance(png, bytes)
    drawn = png_size(png)
    assert drawn[0] <= box[0]
    assert drawn[1] <= box[1]
    assert drawn[side] == box[side]


@pytest.mark.parametrize("fmt", ["svg", "pdf", "dot"])
def test_a_height_is_for_png_only(fmt: str) -> None:
    with pytest.raises(ValueError, match=f"height applies to PNG only, not {fmt.upper()}"):
        render(a.load(COURT), format=fmt, height=1080)


@pytest.mark.parametrize("height", [0, -1, 10.5, True, "1080", 40_000])
def test_a_height_is_a_positive_whole_number_graphviz_draws(height: object) -> None:
    with pytest.raises(ValueError, match="height must be"):
        render(a.load(COURT), format="png", height=height)  # type: ignore[call-overload]


def test_a_height_and_a_dpi_are_not_both_given() -> None:
    with pytest.raises(ValueError, match="not both"):
        render(a.load(COURT), format="png", height=1080, dpi=192)


@needs_graphviz
def test_render_width_and_height_draw_a_png_for_a_16_9_slide(tmp_path: Path) -> None:
    out = tmp_path / "slide.png"
    argv = ["render", str(COURT), "--system", "court", "-o", str(out)]
    assert main([*argv, "--width", "1920", "--height", "1080"]) == 0
    wide, high = png_size(out.read_bytes())
    assert high == 1080
    assert wide < 1920


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "f.svg", "--height", "1080"], "--height applies to PNG only, not SVG"),
        (["-o", "f.png", "--height", "1080", "--dpi", "192"], "not both"),
        (["-o", "f.png", "--height", "0"], "is not a positive whole number of pixels"),
    ],
)
def test_render_height_is_refused_where_it_means_nothing(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [argv[0], str(tmp_path / argv[1]), *argv[2:]]
    assert main(["render", str(COURT), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("width", "height", "asked", "option"),
    [
        (None, 20_000, "a PNG 20,000 pixels high", "draw it less high (--height, or height="),
        (
            20_000,
            20_000,
            "a PNG in a box of 20,000 by 20,000 pixels",
            "draw it in a smaller box (--width and --height, or width=... and height=",
        ),
    ],
)
def test_a_png_too_high_to_draw_in_time_is_told_the_option_given(
    width: int | None, height: int, asked: str, option: str
) -> None:
    from activity_systems.render.backend import _out_of_time

    said = str(_out_of_time(30, None, 2000.0, True, width=width, height=height))
    assert asked in said
    assert option in said
    assert "--dpi" not in said


@needs_graphviz
def test_render_height_out_of_time_is_told_to_draw_it_less_high(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "slide.png"
    argv = ["render", str(COURT), "--system", "court", "--height", "20000", "--timeout", "0.5"]
    assert main([*argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "draw it less high (--height, or height=... in Python)" in err
    assert "--dpi" not in err
    assert not out.exists()


def test_a_png_in_a_box_is_expected_the_size_that_fits_not_the_box() -> None:
    # a figure taller than its box's shape fills the box's height alone: the PNG checked
    # against Graphviz's (scaled by less than a pixel at 32,767) is the narrower one
    from activity_systems.render.backend import _asked_pixels, dpi_for_box

    tall = b'<svg viewBox="0.00 0.00 500.00 1000.00">'
    dpi = dpi_for_box(tall, 2000, 1000)
    assert _asked_pixels(tall, dpi, 2000, 1000) == (500, 1000)
    wide = b'<svg viewBox="0.00 0.00 1000.00 100.00">'
    dpi = dpi_for_box(wide, 2000, 1000)
    assert _asked_pixels(wide, dpi, 2000, 1000) == (2000, 200)
    # a side asked for alone is the one exact to the pixel
    by_width = _asked_pixels(tall, dpi_for_box(tall, 333, None), 333, None)
    by_height = _asked_pixels(tall, dpi_for_box(tall, None, 777), None, 777)
    assert by_width is not None
    assert by_width[0] == 333
    assert by_height is not None
    assert by_height[1] == 777
