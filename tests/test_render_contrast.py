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
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.render import render
from activity_systems.render.theme import THEMES, Theme

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
SVG = "{http://www.w3.org/2000/svg}"
AA = 4.5
NAMED = {"white": "#ffffff", "black": "#000000"}


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb``."""
    colour = NAMED.get(colour, colour)
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: str, background: str) -> float:
    high, low = sorted((luminance(text), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


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


def backgrounds(svg: str) -> list[tuple[str, str]]:
    """(text colour, the fill it stands on) of every text in a Graphviz SVG: a node's
    first filled shape, else the white page."""
    root = ET.fromstring(svg.encode("utf-8"))
    graph = root.find(f"{SVG}g")
    assert graph is not None
    found = [(t.get("fill", "#000000"), "#ffffff") for t in graph.findall(f"{SVG}text")]
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        fill = "#ffffff"
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
