"""Text on the figures is readable: WCAG AA contrast (4.5:1) against what it stands on,
in both themes.

Measured (default theme): ink #222222 on the node fill #fbfbfb 15.4:1, on the object's
#fff4d6 14.5:1, on the shared object's #e6f0fa 13.8:1; muted #666666 (headings, "+N
more", the caption's legend) on white 5.7:1, #fbfbfb 5.5:1, #fff4d6 5.2:1, #e6f0fa
5.0:1; exchange labels #1f5fa8 on white 6.4:1; bolt numbers #d7191c on white 5.2:1. The
print theme is black on white, 21:1.
"""

from __future__ import annotations

import shutil
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.render import LowContrastWarning, render
from activity_systems.render.theme import THEMES, Theme, contrast

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
SVG = "{http://www.w3.org/2000/svg}"
AA = 4.5


def test_contrast_is_measured_as_wcag_does() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def text_on(theme: Theme) -> list[tuple[str, str]]:
    """Every (text colour, background) a figure draws in ``theme``."""
    nodes = [theme.fill, theme.object_fill, theme.shared_fill, "#ffffff"]
    return [
        *((theme.ink, fill) for fill in nodes),
        *((theme.muted, fill) for fill in nodes),  # headings, "+N more", the legend
        (theme.exchange, "#ffffff"),  # an exchange's label, in its white box
        (theme.bolt, theme.badge_fill),  # a bolt's number
        (theme.bolt, "#ffffff"),  # a summary's count
    ]


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_theme_colour_of_text_passes_aa(name: str) -> None:
    low = [(t, b, contrast(t, b)) for t, b in text_on(THEMES[name]) if contrast(t, b) < AA]
    assert not low


def backgrounds(svg: str, page: str = "#ffffff") -> list[tuple[str, str]]:
    """(text colour, the fill it stands on) of every text in a Graphviz SVG: a node's
    first filled shape, else the ``page``."""
    root = ET.fromstring(svg.encode("utf-8"))
    graph = root.find(f"{SVG}g")
    assert graph is not None
    found = [(t.get("fill", "#000000"), page) for t in graph.findall(f"{SVG}text")]
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        fill = page
        for shape in group.iter():
            if shape.tag in (f"{SVG}polygon", f"{SVG}ellipse", f"{SVG}path") and shape.get(
                "fill"
            ) not in (None, "none", "transparent"):
                fill = shape.get("fill", fill)
                break
        found += [(t.get("fill", "#000000"), fill) for t in group.iter(f"{SVG}text")]
    return found


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize(
    ("path", "options"),
    [(COURT, {}), (COURT, {"system": "court"}), (LIAISON, {"overview": "summary"})],
)
def test_every_text_drawn_passes_aa(theme: str, path: Path, options: dict[str, Any]) -> None:
    svg = render(a.load(path), format="svg", theme=theme, **options)
    assert isinstance(svg, str)
    drawn = backgrounds(svg)
    assert len(drawn) > 10
    low = {(t, b, round(contrast(t, b), 2)) for t, b in drawn if contrast(t, b) < AA}
    assert not low


@pytest.mark.parametrize(
    ("theme", "background", "text"),
    [
        ("default", "#1f3a5f", "the title and the systems' names (#222222)"),  # navy
        ("default", "#000000", "the title and the systems' names (#222222)"),
        ("default", "#ffe066", "the legend (#666666)"),  # yellow: the grey legend, 4.4:1
        ("print", "#1f3a5f", "the title and the systems' names (#000000)"),
    ],
)
def test_a_background_that_leaves_text_hard_to_read_is_warned_of(
    theme: str, background: str, text: str
) -> None:
    # The title, the caption, the systems' names and the exchanges' labels stand on the
    # background: on a poster's navy, dark grey text on dark blue, 1.4:1.
    with pytest.warns(LowContrastWarning) as caught:
        render(a.load(COURT), format="dot", theme=theme, background=background)
    assert len(caught) == 1
    said = str(caught[0].message)
    assert said.startswith(f"on the background {background}, the contrast of {text} is ")
    assert "under WCAG AA's 4.5:1, too low to read easily: choose a lighter" in said


@pytest.mark.parametrize(
    ("theme", "background"),
    [
        ("default", "white"),
        ("default", "transparent"),  # what shows through is not known
        ("default", "#dbe9f6"),  # the poster of the figures page
        ("default", "#F0F0F0"),
        ("print", "#808080"),  # black on mid grey, 5.3:1
    ],
)
def test_a_background_the_text_reads_on_is_not_warned_of(theme: str, background: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render(a.load(COURT), format="dot", theme=theme, background=background)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize("options", [{}, {"system": "court"}])
def test_every_text_drawn_on_a_background_not_warned_of_passes_aa(
    options: dict[str, Any],
) -> None:
    # what the warning measures is every text that stands on the background
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = render(a.load(COURT), format="svg", background="#dbe9f6", **options)
    assert isinstance(svg, str)
    drawn = backgrounds(svg, page="#dbe9f6")
    assert ("#222222", "#dbe9f6") in drawn  # the title
    assert ("#1f5fa8", "#dbe9f6") in drawn or "system" in options  # Figure 3's exchange
    low = {(t, b, round(contrast(t, b), 2)) for t, b in drawn if contrast(t, b) < AA}
    assert not low
