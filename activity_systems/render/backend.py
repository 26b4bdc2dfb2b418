"""Running Graphviz: the one place where the library starts a process (or, for SVG,
calls Graphviz's library in this one: :mod:`activity_systems.render.library`).

``dot`` is looked up on ``PATH`` when it is needed (not at import), runs with a time limit,
and gets the DOT text on its standard input; its output comes back as bytes. It runs with
``SOURCE_DATE_EPOCH`` set (to 0 unless the caller's environment sets it) and ``TZ`` set to
UTC, so that a PDF carries no creation time and the same figure gives the same bytes in
every time zone; cairo releases that ignore the variable still write the current time,
which is then replaced by a fixed one of the same length (so the PDF's byte offsets stay
valid). An SVG's comment naming Graphviz's version and a PDF's producer naming cairo's
are taken out too (:mod:`activity_systems.render.stamps`).
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
import zlib
from pathlib import Path
from typing import IO, Literal

from activity_systems.errors import (
    ArgumentError,
    GraphvizError,
    GraphvizNotFound,
    TimeLimitError,
    user_stacklevel,
)
from activity_systems.render.deadline import ADVICE
from activity_systems.render.library import Busy, draw_svg
from activity_systems.render.printed import pdf_size, viewbox_size, warn_of_small_text
from activity_systems.render.stamps import without_stamps

#: Output formats Graphviz produces for us.
BINARY_FORMATS = ("svg", "png", "pdf")
#: Why ``dpi`` means nothing for a format other than PNG.
NO_PIXELS = {
    "svg": " (a vector format)",
    "pdf": " (a vector format)",
    "dot": " (the figure's source text)",
}
#: Seconds Graphviz's program may take for one figure when no time limit is given; the
#: layout before it, in Python, then has none (see :mod:`activity_systems.render.deadline`).
DEFAULT_TIMEOUT = 30.0
#: The longest time limit kept (24 days, in seconds); a longer one is taken as this.
#: Waiting for a program counts milliseconds in a 32-bit number on some systems, which
#: stops short of 25 days, and ``timeout=9_999_999`` is how one writes "no limit".
MAX_TIMEOUT = 24 * 24 * 60 * 60.0

#: How to install Graphviz, with and without administrator rights (a work laptop often
#: allows neither sudo nor an installer for all users), and how to tell it worked.
INSTALL_ROUTES = (
    "Install Graphviz: on Debian or Ubuntu 'sudo apt-get install graphviz', on macOS "
    "'brew install graphviz', on Windows from https://graphviz.org/download/ (and add its "
    "bin folder to PATH). Without administrator rights: on any system with conda, "
    "'conda install -c conda-forge graphviz' in an activated environment (Miniconda and "
    "Miniforge install into your home folder); on Windows also the ZIP archive from the same "
    "page, unpacked into a folder of yours and its bin folder added to your account's PATH, "
    "or 'scoop install graphviz'. ('pip install graphviz' installs only a Python interface "
    "to Graphviz, not the program.) Then check that 'dot -V' prints a version."
)
INSTALL_HINT = (
    "Graphviz's 'dot' program was not found on PATH; it is needed for SVG, PNG and PDF "
    f"(DOT output needs nothing). {INSTALL_ROUTES}"
)


#: The longest side, in pixels, of a bitmap that Graphviz's cairo renderer draws: the
#: widest and tallest.
LARGEST_BITMAP = 32_767


class ScaledDownWarning(UserWarning):
    """A PNG was wider or taller than Graphviz draws bitmaps (32,767 pixels a side), so
    Graphviz drew it smaller, at fewer dots per inch than asked for.

    The overview of a large case is the figure that meets this limit: SVG and PDF have
    no pixels and draw it whole.
    """


# What Graphviz's cairo renderer says when it shrinks a bitmap to fit its limit.
_SCALED = re.compile(rb"too large for cairo-renderer bitmaps\. Scaling by ([0-9.]+) to fit")


#: Graphviz's resolution for a PNG when none is given.
DEFAULT_DPI = 96.0


def _drawn_at(
    errors: bytes, dpi: float | None, png: bytes = b"", pixels: tuple[int, int] | None = None
) -> float:
    """The resolution Graphviz drew a PNG at, when asked for ``dpi`` (its default when
    ``None``) and it said ``errors``: fewer dots per inch, with a
    :class:`ScaledDownWarning`, when it scaled the bitmap down to fit its limit. A
    ``png`` of the ``pixels`` asked for was scaled by less than a pixel (a PNG 32,767
    pixels wide, which Graphviz scales by 0.99997 all the same, and whose short side
    may lose its last pixel to it, below 1 dot per inch): it is as asked, and nothing is
    said."""
    asked = dpi if dpi is not None else DEFAULT_DPI
    found = _SCALED.search(errors)
    if found is None:
        return asked
    if pixels is not None and png[12:16] == b"IHDR":
        drawn = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        long = 0 if pixels[0] >= pixels[1] else 1
        if drawn[long] == pixels[long] and abs(drawn[1 - long] - pixels[1 - long]) <= 1:
            return asked
    try:
        factor = float(found[1])
    except ValueError:
        return asked
    warnings.warn(
        f"the PNG was larger than Graphviz draws bitmaps (32,767 pixels a side), so it was "
        f"scaled to {factor:.2f} of its size: about {asked * factor:.0f} dots per inch "
        f"instead of {asked:g}; draw it as SVG or PDF for every detail",
        ScaledDownWarning,
        stacklevel=user_stacklevel(),
    )
    return asked * factor


def with_resolution(png: bytes, dpi: float) -> bytes:
    r"""``png`` with a ``pHYs`` chunk saying it is ``dpi`` dots per inch, right after its
    header, so that a word processor (Word, through pandoc, say) shows and prints it at
    the size of its SVG instead of reading every pixel as one of a 96-dpi screen.
    Graphviz writes no ``pHYs``; one already there is left as it is. The chunk holds
    nothing but the resolution, so the same PNG still gives the same bytes.

    >>> png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", bytes(13)) + _chunk(b"IEND", b"")
    >>> with_resolution(png, 192)[33:41]
    b'\x00\x00\x00\tpHYs'
    >>> int.from_bytes(with_resolution(png, 192)[41:45], "big")  # pixels per metre
    7559
    >>> with_resolution(with_resolution(png, 192), 96) == with_resolution(png, 192)
    True
    """
    header = 8 + 8 + 13 + 4  # signature, then IHDR: length, type, data, CRC
    if png[12:16] != b"IHDR" or b"pHYs" in png[: png.find(b"IDAT")]:
        return png
    per_metre = round(dpi / 0.0254).to_bytes(4, "big")
    return png[:header] + _chunk(b"pHYs", per_metre * 2 + b"\x01") + png[header:]


def whole_pixels(svg: bytes, dpi: float | None) -> str | None:
    """Graphviz's ``viewport`` (``W,H`` in points) that draws the figure whose SVG is
    ``svg`` as a PNG a whole number of pixels wide and high at ``dpi`` (Graphviz's default
    when ``None``), each the figure's own size in pixels to the nearest one, its pad a
    fraction of a pixel wider or narrower; ``None`` for what is not Graphviz's SVG, or
    for a figure less than half a pixel wide or high at ``dpi``, which Graphviz draws as
    nothing (and :func:`run_dot` then asks whether so few dots per inch, or so few pixels
    wide or high, were meant).

    Graphviz makes a bitmap a whole number of pixels but paints its background over the
    figure's own size, in points, alone: the court example's Figure 3, 583.13 points
    high, is 777.5 pixels at 96 dots per inch, and the PNG's bottom row was half
    transparent. So a PNG drawn on white had an alpha channel, which a journal's artwork
    check takes for transparency and which shows as a grey or black edge where the PNG
    is flattened onto another colour. Drawn to a whole number of pixels, every pixel of
    it is painted, and cairo then writes the PNG as RGB, without alpha (a transparent
    background keeps its alpha channel).

    >>> svg = b'<svg width="888pt" height="583pt" viewBox="0.00 0.00 887.95 583.13">'
    >>> whole_pixels(svg, None)  # 1,184 x 778 pixels at 96 dots per inch
    '888,583.5'
    >>> whole_pixels(svg, 600)  # 7,400 x 4,859
    '888,583.08'
    >>> whole_pixels(svg, 0.05) is None  # 0.6 x 0.4 pixels
    True
    """
    pixels = png_pixels(svg, dpi)
    if pixels is None or min(pixels) < 1:
        return None
    per_point = (dpi if dpi is not None else DEFAULT_DPI) / 72
    # Graphviz rounds the viewport's size in pixels to the nearest whole number and
    # paints no more than the viewport: a hair over the whole number (at most a
    # ten-thousandth of a point) is all painted and still rounds down to it.
    return ",".join(f"{math.ceil(side / per_point * 10_000) / 10_000:g}" for side in pixels)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    crc = zlib.crc32(kind + data).to_bytes(4, "big")
    return len(data).to_bytes(4, "big") + kind + data + crc


def _conda_folders() -> list[str]:
    """The folders where conda puts ``dot`` in the conda environment of this process's
    Python (``sys.prefix``, or ``sys.base_prefix`` for a virtual environment made with
    its Python), which only activating the environment puts on ``PATH``: a notebook's
    kernel that Jupyter starts from another environment, or a program typed with its
    full path, has it there all the same. Only an environment marked as conda's (its
    ``conda-meta`` folder) is looked in: a system's Python shares ``/usr/bin`` with its
    Graphviz, and there a ``PATH`` without Graphviz still means none."""
    folders = []
    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix)):
        if (Path(prefix) / "conda-meta").is_dir():
            folders += [str(Path(prefix) / "bin"), str(Path(prefix) / "Library" / "bin")]
    return folders


def find_dot() -> str:
    """The path of the ``dot`` program: on ``PATH``, else in the conda environment of
    this process's Python (see :func:`_conda_folders`).

    Raises:
        GraphvizNotFound: when it is in neither; the message says how to install it.
    """
    found = shutil.which("dot")
    if found is None:
        folders = _conda_folders()
        found = shutil.which("dot", path=os.pathsep.join(folders)) if folders else None
    if found is None:
        raise GraphvizNotFound(INSTALL_HINT)
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill Graphviz and anything it started."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    else:
        process.kill()
    process.wait()


def check_dpi(dpi: float | None, fmt: str) -> None:
    """Refuse a resolution that is not a positive number, or one for a format other than
    PNG (SVG and PDF are vector formats: they have no pixels to count).

    Raises:
        ArgumentError: (a ``ValueError``) for either.
    """
    if dpi is None:
        return
    if fmt != "png":
        raise ArgumentError(f"dpi applies to PNG only, not {fmt.upper()}{NO_PIXELS.get(fmt, '')}")
    if isinstance(dpi, bool) or not isinstance(dpi, int | float) or not 0 < dpi < float("inf"):
        raise ArgumentError(f"dpi must be a positive number, not {dpi!r}")


def png_pixels(svg: bytes, dpi: float | None) -> tuple[int, int] | None:
    """The width and height in pixels of the PNG, at ``dpi`` (Graphviz's default when
    ``None``), of the figure whose SVG is ``svg``; ``None`` for what is not Graphviz's SVG.

    >>> png_pixels(b'<svg viewBox="0.00 0.00 28940.84 18154.20">', None)
    (38588, 24206)
    """
    size = viewbox_size(svg)
    if size is None:
        return None
    per_point = (dpi if dpi is not None else DEFAULT_DPI) / 72
    width, height = (round(points * per_point) for points in size)
    return width, height


def _check_side(
    pixels: int | None, dpi: float | None, fmt: str, side: Literal["width", "height"]
) -> None:
    """Refuse a PNG's ``side`` (its width or height) in pixels that is not a positive
    whole number, past Graphviz's largest bitmap, for a format other than PNG, or given
    with a resolution (each sets the other).

    Raises:
        ArgumentError: (a ``ValueError``) for any of them.
    """
    if pixels is None:
        return
    if fmt != "png":
        scaled = (
            "scaled to any width where it is placed, or drawn the width it is printed at "
            "with print_width (such as '88mm')"
            if side == "width"
            else "scaled to any size where it is placed"
        )
        raise ArgumentError(
            f"{side} applies to PNG only, not {fmt.upper()}{NO_PIXELS.get(fmt, '')}: "
            f"a vector format is {scaled}"
        )
    if isinstance(pixels, bool) or not isinstance(pixels, int) or pixels < 1:
        raise ArgumentError(f"{side} must be a positive whole number of pixels, not {pixels!r}")
    if pixels > LARGEST_BITMAP:
        most = "widest" if side == "width" else "tallest"
        raise ArgumentError(
            f"{side} must be at most {LARGEST_BITMAP:,} pixels, the {most} bitmap Graphviz "
            f"draws, not {pixels:,}: draw SVG or PDF for a larger figure"
        )
    if dpi is not None:
        raise ArgumentError(
            f"give a PNG's {side} in pixels or its dpi, not both: the {side} sets the dpi"
        )


def check_width(width: int | None, dpi: float | None, fmt: str) -> None:
    """Refuse a PNG's width in pixels that is not a positive whole number, one for a
    format other than PNG, or one given with a resolution (each sets the other).

    Raises:
        ArgumentError: (a ``ValueError``) for any of them.
    """
    _check_side(width, dpi, fmt, "width")


def check_height(height: int | None, dpi: float | None, fmt: str) -> None:
    """Refuse a PNG's height in pixels that is not a positive whole number, one for a
    format other than PNG, or one given with a resolution (each sets the other). A
    height given with a width is the box the PNG fits in (see :func:`dpi_for_box`).

    Raises:
        ArgumentError: (a ``ValueError``) for any of them.
    """
    _check_side(height, dpi, fmt, "height")


def dpi_for_box(svg: bytes, width: int | None, height: int | None) -> float | None:
    """The resolution at which the figure whose SVG is ``svg`` is ``width`` pixels wide,
    ``height`` pixels high, or, given both, as large as fits in that box, keeping its
    shape (a slide's 1,920 × 1,080: a figure taller than 16:9 is 1,080 pixels high and
    narrower than 1,920); ``None`` for what is not Graphviz's SVG. It is given to four
    decimals, which Graphviz reads whole: the side asked for comes out exact to the
    pixel up to Graphviz's largest bitmap.

    >>> dpi_for_box(b'<svg viewBox="0.00 0.00 887.95 583.13">', 1024, None)
    83.0317

    >>> dpi_for_box(b'<svg viewBox="0.00 0.00 887.95 583.13">', 1920, 1080)
    133.3493
    """
    size = viewbox_size(svg)
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    found = [
        round(pixels * 72 / points, 4)
        for pixels, points in ((width, size[0]), (height, size[1]))
        if pixels is not None
    ]
    return min(found) if found else None


def _asked_pixels(
    svg: bytes, dpi: float | None, width: int | None, height: int | None
) -> tuple[int, int] | None:
    """The width and height in pixels of the PNG asked for, at ``dpi``, of the figure
    whose SVG is ``svg``: the side given (``width`` or ``height``), or in a box the side
    that fills it, is as asked, since below 1 dot per inch four decimals of the
    resolution may come to a pixel more or less; ``None`` for what is not Graphviz's SVG.
    """
    pixels = png_pixels(svg, dpi)
    if pixels is None:
        return None
    if width is not None and height is not None:
        size = viewbox_size(svg)
        if size is not None and size[0] > 0 and size[1] > 0:
            by_width = width / size[0] <= height / size[1]
            height = None if by_width else height
            width = width if by_width else None
    if width is not None:
        return width, pixels[1]
    if height is not None:
        return pixels[0], height
    return pixels


def _check_other_side(svg: bytes, dpi: float, given: int, side: Literal["wide", "high"]) -> None:
    """Refuse a PNG asked for ``given`` pixels wide or high (``side``), at ``dpi``, whose
    other side would be longer than Graphviz draws bitmaps: a figure taller than wide
    asked for by its width (such as a summary of two systems), or a wide overview asked
    for by its height. Graphviz would take its time to draw it smaller than asked for.

    Raises:
        ArgumentError: (a ``ValueError``) saying the largest PNG of the figure there is,
            measured on the side given.
    """
    size = viewbox_size(svg)
    pixels = png_pixels(svg, dpi)
    if size is None or pixels is None:
        return
    by_width = side == "wide"
    other = pixels[1] if by_width else pixels[0]
    if other <= LARGEST_BITMAP:
        return
    along, across = size if by_width else (size[1], size[0])
    most = int(LARGEST_BITMAP * along / across)
    while most > 1 and round(most * across / along) > LARGEST_BITMAP:
        most -= 1
    option, other_side = ("width", "high") if by_width else ("height", "wide")
    raise ArgumentError(
        f"a PNG of this figure {given:,} pixels {side} is {other:,} pixels {other_side}, "
        f"more than Graphviz draws ({LARGEST_BITMAP:,} a side): draw it at most {most:,} "
        f"pixels {side} (--{option}, or {option}=... in Python), or as SVG or PDF"
    )


def _pixels(count: int) -> str:
    """``count`` pixels, as a size is said: ``1 pixel``, ``1,080 pixels``."""
    return f"{count:,} pixel{'s' if count != 1 else ''}"


def _dots(dpi: float) -> str:
    """A resolution as it was given: ``192``, ``2888.32``, and ``1,000,000`` rather than
    ``1e+06`` (which ``:g`` writes for a large one, rounding ``123456789`` too)."""
    text = f"{dpi:g}"
    if "e" in text:
        text = f"{dpi:,.0f}" if float(dpi).is_integer() else f"{dpi:,}"
    return text


def _check_resolution(svg: bytes, dpi: float | None) -> None:
    """Refuse a resolution, chosen by the user, at which a PNG of the figure whose SVG is
    ``svg`` would be wider or taller than Graphviz draws bitmaps, as a width past it is
    refused: Graphviz would draw it smaller, not at the resolution asked for, and only
    after it had taken gigabytes and up to its time limit (``--dpi 20000`` for one
    system: 3.6 GB and 30 seconds). The default resolution is not refused: a figure too
    large at it (the overview of a regional map) is scaled down with a
    :class:`ScaledDownWarning`, or told its size when time runs out.

    Raises:
        ArgumentError: (a ``ValueError``) saying the largest resolution that fits.
    """
    size = viewbox_size(svg)
    pixels = png_pixels(svg, dpi)
    if dpi is None or size is None or pixels is None or max(pixels) <= LARGEST_BITMAP:
        return
    most = math.floor(LARGEST_BITMAP * 72 / max(size))
    while most >= 1 and max(round(points * most / 72) for points in size) > LARGEST_BITMAP:
        most -= 1
    # a figure more than 455 inches across (an overview of thousands of systems) fits at
    # no whole number of dots per inch: at the width (or height) that fits, below 1 dot
    # per inch, in a vector format, or a part of the case
    side = "wide (--width, or width" if size[0] >= size[1] else "high (--height, or height"
    advice = (
        f"draw it at no more than {most:,} dots per inch (--dpi, or dpi=... in Python), or "
        "as SVG or PDF"
        if most >= 1
        else f"draw it at most {LARGEST_BITMAP:,} pixels {side}=... in Python), as SVG or "
        "PDF, or draw a part of the case (--system, --pair, or case.subcase(...) in Python)"
    )
    raise ArgumentError(
        f"a PNG of this figure at {_dots(dpi)} dots per inch is {pixels[0]:,} by {pixels[1]:,} "
        f"pixels, more than Graphviz draws ({LARGEST_BITMAP:,} a side): {advice}"
    )


def _out_of_time(
    timeout: float,
    limit: float | None,
    dpi: float | None,
    dpi_chosen: bool,
    pixels: tuple[int, int] | None = None,
    *,
    width: int | None = None,
    height: int | None = None,
) -> TimeLimitError:
    """What :func:`run_dot` raises when Graphviz did not finish within ``timeout``
    seconds (the rest of the figure's ``limit``, when it has one). A PNG of ``pixels``
    larger than Graphviz draws (the overview of a regional map: at 96 dots per inch
    hundreds of millions of pixels, which Graphviz scales down only after it has drawn
    them) is told its size and what draws it instead; for a PNG asked for ``width``
    pixels wide, the advice is to draw it narrower, the option given, and for one asked
    for ``height`` pixels high (or to fit in a box of ``width`` by ``height``) to draw it
    less high (or in a smaller box), since a resolution cannot be given with them."""
    if height is None:
        asked_for = f"a PNG {width:,} pixels wide" if width is not None else ""
        draw_smaller = "draw it narrower (--width, or width=... in Python)"
    elif width is None:
        asked_for = f"a PNG {height:,} pixels high"
        draw_smaller = "draw it less high (--height, or height=... in Python)"
    else:
        asked_for = f"a PNG in a box of {width:,} by {height:,} pixels"
        draw_smaller = (
            "draw it in a smaller box (--width and --height, or width=... and height=... in Python)"
        )
    if pixels is not None and max(pixels) > LARGEST_BITMAP and dpi_chosen:
        asked = dpi if dpi is not None else DEFAULT_DPI
        smaller = (
            draw_smaller
            if width is not None or height is not None
            else "lower the resolution (--dpi, or dpi=... in Python)"
        )
        advice = (
            f"a PNG of this figure at {asked:g} dots per inch is {pixels[0]:,} by "
            f"{pixels[1]:,} pixels, more than Graphviz draws ({LARGEST_BITMAP:,} a side): "
            f"draw it as SVG or PDF, {smaller}, "
            "draw a part of the case (--system, --pair, or case.subcase(...) in Python), "
            f"or {ADVICE}"
        )
    elif asked_for and dpi is not None and dpi > DEFAULT_DPI:
        advice = (
            f"{asked_for} has {(dpi / DEFAULT_DPI) ** 2:,.0f} times the "
            f"pixels of the figure at {DEFAULT_DPI:g} dots per inch: {draw_smaller}, "
            "draw SVG or PDF, or raise the time limit (--timeout)"
        )
    elif dpi is not None and dpi > DEFAULT_DPI and dpi_chosen:
        # Pixels grow as the square of the resolution: a PNG at 3000 dots per
        # inch has about a thousand times the pixels of one at 96, and that, not
        # the figure, is what keeps Graphviz busy. (A handout's PNG figures have
        # a resolution nobody chose, and no option to lower it.)
        advice = (
            f"a PNG at {dpi:g} dots per inch has {(dpi / DEFAULT_DPI) ** 2:,.0f} times "
            f"the pixels of one at {DEFAULT_DPI:g}: lower the resolution (--dpi, or "
            "dpi=... in Python), draw SVG or PDF, or raise the time limit (--timeout)"
        )
    else:
        advice = ADVICE
    if limit is None:
        stopped = f"Graphviz did not finish within {timeout:g} s and was stopped"
    else:
        stopped = (
            f"Graphviz did not finish within {limit:g} s and was stopped (the time "
            f"limit of the whole figure, of which laying it out, in Python, took "
            f"{max(limit - timeout, 0.0):.1f} s)"
        )
    return TimeLimitError(f"{stopped}; {advice}")


def _kept_waiting(timeout: float, limit: float | None) -> TimeLimitError:
    """The error of an SVG figure whose time ran out while Graphviz's library, which draws
    one figure at a time, drew other threads' figures: it was not started, however small
    it is, so the advice is not that of a figure too large."""
    error = TimeLimitError(
        f"Graphviz did not finish within {timeout if limit is None else limit:g} s: "
        "Graphviz's library drew other threads' figures for all of the time left (it draws "
        "one figure at a time), so this one was not started; raise the time limit "
        "(--timeout, or timeout=... in Python) or draw fewer figures at once"
    )
    error.kept_waiting = True  # type: ignore[attr-defined]
    return error


#: The most DOT (in bytes) given to Graphviz's program through a pipe; more goes through
#: a temporary file, and so does what it draws (see :func:`_streams`).
PIPED = 1 << 20


def _streams(
    data: bytes, files: contextlib.ExitStack
) -> tuple[int | IO[bytes], int | IO[bytes], bytes | None]:
    """What Graphviz's program reads the DOT ``data`` from and writes its drawing to, and
    the input to give it through its pipe (``None`` for a file).

    Up to :data:`PIPED` bytes, pipes. A larger figure (the 16 MB of DOT of the overview
    of 1,000 systems, which draws 30 MB of SVG) goes through temporary files, nameless
    where the system allows, closed with ``files``: through pipes, Python wrote the DOT
    4 KB at a time, waiting for the program to read each piece, and read the drawing
    32 KB at a time, some 10,000 turns between the two processes that took a third of
    a second of Python's processor time, and on a busy machine seconds of waiting. Where
    no temporary file can be made, pipes all the same."""
    if len(data) <= PIPED:
        return subprocess.PIPE, subprocess.PIPE, data
    try:
        # each is closed, and gone, when ``files`` is
        stdin = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        stdout = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        stdin.write(data)
        stdin.seek(0)
    except OSError:
        return subprocess.PIPE, subprocess.PIPE, data
    return stdin, stdout, None


#: How each format's drawing ends: one through a file that does not end so was cut short.
_ENDS = {"svg": b"</svg>", "png": b"IEND\xaeB`\x82", "pdf": b"%%EOF"}


def _draw(
    command: list[str], data: bytes, wait: float, *, through_files: bool
) -> tuple[int | None, bytes, bytes]:
    """Run Graphviz's program ``command`` on the DOT ``data`` for at most ``wait`` seconds:
    its exit status, its drawing and what it said.

    ``through_files`` gives a figure of more than :data:`PIPED` bytes through temporary
    files (see :func:`_streams`). A drawing that did not fit in the temporary folder
    has the exit status ``None``: Graphviz's program stops with "gvwrite_no_z problem"
    when a write fails, but leaves without error where only the last piece it writes on
    leaving does not fit, the drawing cut short, which its end tells.

    Raises:
        subprocess.TimeoutExpired: when it ran out of time, and was stopped.
    """
    with contextlib.ExitStack() as files:
        if through_files:
            stdin, stdout, given = _streams(data, files)
        else:
            stdin, stdout, given = subprocess.PIPE, subprocess.PIPE, data
        try:
            process = subprocess.Popen(
                command,
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.PIPE,
                start_new_session=os.name == "posix",
                # TZ: cairo writes the PDF's creation time in local time, zone included.
                env={"SOURCE_DATE_EPOCH": "0", **os.environ, "TZ": "UTC0"},
            )
        except OSError as error:
            raise GraphvizNotFound(
                f"cannot run {command[0]!r} ({error.strerror}). {INSTALL_HINT}"
            ) from None
        with process:
            try:
                output, errors = process.communicate(given, timeout=wait)
            except BaseException:
                # Ctrl-C does not reach Graphviz in its own session: stop it here, or it
                # would run on after we are gone.
                _stop(process)
                raise
        if isinstance(stdout, int):
            return process.returncode, output, errors
        stdout.seek(0)
        output = stdout.read()
    fmt = next((f for f in _ENDS if f"-T{f}" in command), None)
    if (process.returncode != 0 and b"gvwrite_no_z problem" in errors) or (
        process.returncode == 0
        and fmt is not None
        and output
        and not output[-64:].rstrip().endswith(_ENDS[fmt])
    ):
        return None, output, errors
    return process.returncode, output, errors


def run_dot(
    source: str,
    fmt: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    dpi: float | None = None,
    in_process: bool = True,
    dpi_chosen: bool = True,
    limit: float | None = None,
    width: int | None = None,
    print_width: float | None = None,
    height: int | None = None,
) -> bytes:
    """Draw DOT ``source``, its nodes and lines already placed, as ``fmt`` (``svg``,
    ``png`` or ``pdf``).

    SVG of a figure up to a megabyte of DOT is drawn by Graphviz's library in this
    process when it is the version of the ``dot`` program (the same bytes, without the
    cost of starting a program; see :mod:`activity_systems.render.library`), unless
    ``in_process`` is false. Everything else runs the program, for at most ``timeout``
    seconds; a longer limit than :data:`MAX_TIMEOUT` (24 days) is taken as that.

    ``dpi`` sets a PNG's resolution (Graphviz's ``-Gdpi``); without it Graphviz draws a
    PNG at its default of 96 dots per inch. Running out of time, a PNG at a resolution
    above that is told to lower it, unless ``dpi_chosen`` is false (the caller's fixed
    resolution, which no option of the user's changes). ``width`` draws a PNG that
    many pixels wide instead, at the resolution that makes it so (see
    :func:`dpi_for_box`), which the file says; ``height`` that many pixels high, and
    both together as large as fits in that box.

    ``print_width``, in points, draws a PDF that wide, Graphviz scaling the figure to it
    (see :mod:`activity_systems.render.printed`), with a :class:`SmallTextWarning` when
    its smallest text prints under 7 points so; an SVG is given its size by the caller.

    ``limit`` is the time limit of the whole figure when ``timeout`` is what is left of
    it after the layout (see :mod:`activity_systems.render.deadline`): running out of
    time then says that limit, and how much of it the layout took.

    A PNG says its resolution in the file (see :func:`with_resolution`), so that it keeps
    the figure's size in a word processor. One larger than Graphviz draws bitmaps is
    drawn smaller, at fewer dots per inch (which it says), with a
    :class:`ScaledDownWarning`.

    Raises:
        GraphvizNotFound: when ``dot`` is not installed.
        GraphvizError: when it fails (with the first line of what it said) or draws
            nothing (a tiny ``dpi``).
        TimeLimitError: (a ``GraphvizError``) when it does not finish within ``timeout``
            seconds.
        ValueError: for another format, a time limit that is not positive, a ``dpi``
            that is not a positive number or not for PNG, or a ``width`` that is not
            for PNG, not a positive whole number, past Graphviz's largest bitmap, or
            at which the figure would be taller than that.
    """
    if fmt not in BINARY_FORMATS:
        raise ValueError(f"Graphviz output format {fmt!r}: use one of {', '.join(BINARY_FORMATS)}")
    if not 0 < timeout < float("inf"):  # subprocess cannot wait an infinite time
        raise ArgumentError(
            f"the Graphviz time limit must be a positive, finite number of seconds, not {timeout!r}"
        )
    timeout = min(timeout, MAX_TIMEOUT)
    check_dpi(dpi, fmt)
    check_width(width, dpi, fmt)
    check_height(height, dpi, fmt)
    dot = find_dot()
    if fmt == "svg" and in_process:
        # Graphviz's library draws one figure at a time: waiting for it (while other
        # threads draw theirs) counts towards the limit, and a figure that waited all of
        # it is stopped, as the program would have been, rather than drawn long after.
        began = time.monotonic()
        try:
            drawn = draw_svg(source, dot, wait=timeout)
        except Busy:
            raise _kept_waiting(timeout, limit) from None
        if drawn is not None:
            return drawn
        wait = timeout - (time.monotonic() - began)
        if wait <= 0:
            raise _out_of_time(timeout, limit, dpi, dpi_chosen, width=width, height=height)
    else:
        wait = timeout
    command = [dot, "-Knop", f"-T{fmt}"]
    if dpi is not None:
        command.append(f"-Gdpi={dpi:g}")
    pixels: tuple[int, int] | None = None
    if fmt == "pdf" and print_width is not None:
        # the figure's own width, from its SVG (drawn in this process where Graphviz's
        # library is used), tells how small its text prints; both share the time limit
        started = time.monotonic()
        try:
            svg = run_dot(source, "svg", timeout=timeout, in_process=in_process, limit=limit)
        except TimeLimitError:
            raise _out_of_time(timeout, limit, dpi, dpi_chosen) from None
        warn_of_small_text(svg, print_width)
        command.append(f"-Gsize={pdf_size(print_width)}")
        wait = timeout - (time.monotonic() - started)
        if wait <= 0:
            raise _out_of_time(timeout, limit, dpi, dpi_chosen)
    if fmt == "png":
        # The figure's size comes from Graphviz itself, from its SVG (milliseconds, drawn
        # in this process where Graphviz's library is used), so that the PNG is drawn to
        # a whole number of pixels; both drawings share the time limit.
        started = time.monotonic()
        try:
            svg = run_dot(source, "svg", timeout=timeout, in_process=in_process, limit=limit)
        except TimeLimitError as error:
            if getattr(error, "kept_waiting", False):
                raise
            raise _out_of_time(
                timeout, limit, dpi, dpi_chosen, width=width, height=height
            ) from None
        if width is not None or height is not None:
            dpi = dpi_for_box(svg, width, height)
            if dpi is None:
                asked = " by ".join(
                    f"{pixels} pixels {side}"
                    for pixels, side in ((width, "wide"), (height, "high"))
                    if pixels is not None
                )
                raise GraphvizError(
                    f"Graphviz drew no figure whose size could be read to draw it {asked}"
                )
            if width is not None:
                _check_other_side(svg, dpi, width, "wide")
            elif height is not None:
                _check_other_side(svg, dpi, height, "high")
            command.append(f"-Gdpi={dpi:.4f}")
        pixels = _asked_pixels(svg, dpi, width, height)
        if dpi_chosen and width is None and height is None:
            _check_resolution(svg, dpi)
        wait = timeout - (time.monotonic() - started)
        if wait <= 0:
            raise _out_of_time(timeout, limit, dpi, dpi_chosen, pixels, width=width, height=height)
        viewport = whole_pixels(svg, dpi)
        if viewport is not None:
            command.append(f"-Gviewport={viewport}")
    data = source.encode("utf-8")
    began = time.monotonic()
    try:
        returncode, output, errors = _draw(command, data, wait, through_files=True)
        if returncode is None:
            # the drawing did not fit in the temporary folder: draw it again through pipes
            left = wait - (time.monotonic() - began)
            if left <= 0:
                raise subprocess.TimeoutExpired(command, wait)
            returncode, output, errors = _draw(command, data, left, through_files=False)
    except subprocess.TimeoutExpired:
        raise _out_of_time(
            timeout, limit, dpi, dpi_chosen, pixels, width=width, height=height
        ) from None
    if returncode != 0:
        said = errors.decode("utf-8", "replace").strip().splitlines()
        first = said[0] if said else "no message"
        raise GraphvizError(f"Graphviz failed (exit status {returncode}): {first}")
    if not output:
        # The size the user gave, not the resolution worked out from it, is what the
        # question names: --height 1 had it ask whether "0.0025 dots per inch" were meant.
        if width is not None and height is not None:
            box = f"{_pixels(width)} wide by {_pixels(height)} high"
            hint = f"; is a box {box} too small for a figure of this shape?"
        elif width is not None:
            hint = f"; is {_pixels(width)} wide too narrow for a figure of this shape?"
        elif height is not None:
            hint = f"; is {_pixels(height)} high too low for a figure of this shape?"
        else:
            hint = f"; is {dpi:g} dots per inch too few?" if dpi is not None else ""
        raise GraphvizError(f"Graphviz finished without error but drew nothing{hint}")
    if fmt == "png":
        return with_resolution(output, _drawn_at(errors, dpi, output, pixels))
    return without_stamps(output, fmt)
