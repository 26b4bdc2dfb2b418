"""What a notebook shows stays readable on a dark theme (JupyterLab's, VS Code's, Colab's).

A dark theme puts the output on a near-black and gives text a light colour. An output
reads there only if each thing it draws sets its own colours together, or none: a figure
drawn on nothing would leave its dark text on the page's black, and a style that gives
text a colour without what it stands on (or the reverse) would leave light text on a
light box, or dark text on the dark page. The figures stand on their theme's white, and
the HTML sets a colour only with its background; these tests keep it so.

The browser test runs in headless Chromium, skipped where Chromium or Playwright is
missing.
"""

from __future__ import annotations

import base64
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from notebook_frontends import chromium, page_of, svg_of

import activity_systems as a
from activity_systems import Case
from activity_systems.errors import GraphvizNotFound
from activity_systems.render import notebook
from activity_systems.render.api import figure

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# The case generator lives beside the package, in benchmarks/ (not an installed package).
sys.path.insert(0, str(ROOT))
from benchmarks.generate import case_data  # noqa: E402

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def court() -> Case:
    return a.load(EXAMPLES / "court-reports.yaml")


@pytest.fixture(scope="module")
def html_outputs(court: Case) -> dict[str, str]:
    """Every kind of HTML a notebook is given: a report, one finding, a comparison, the
    install hint without Graphviz and, with Graphviz, a fitted figure and a wide one in
    its box."""
    report = a.check(court)
    shown = {
        "report": report._repr_html_(),
        "finding": report.findings[0]._repr_html_(),
        "comparison": a.compare(
            EXAMPLES / "liaison-and-diversion.yaml", EXAMPLES / "liaison-and-diversion-2027.yaml"
        )._repr_html_(),
        "no graphviz": notebook._missing_graphviz(
            lambda: str(figure(court).source),
            GraphvizNotFound("dot not found"),
            'a.render(case, "figure.dot")',
        ),
    }
    if shutil.which("dot") is not None:
        shown["fitted figure"] = notebook.mimebundle(court)["text/html"]
        wide = Case.model_validate(case_data(12, seed=0))
        shown["wide figure"] = notebook.mimebundle(wide)["text/html"]
    return shown


# A declaration block: an inline style="..." or the body of a rule in a <style>.
_INLINE = re.compile(r'\sstyle="([^"]*)"')
_STYLESHEET = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_RULE_BODY = re.compile(r"\{([^{}]*)\}")
_COLOURED = {"background", "background-color", "color"}


def declaration_blocks(page: str) -> list[str]:
    """Every block of CSS declarations in ``page``: inline styles and stylesheet rules.

    >>> declaration_blocks('<p style="color: red">x</p><style>@media print { .a { b: c } }</style>')
    ['color: red', ' b: c ']
    """
    blocks = _INLINE.findall(page)
    for sheet in _STYLESHEET.findall(page):
        blocks += _RULE_BODY.findall(sheet)
    return blocks


def colours_set(block: str) -> set[str]:
    """Which of ``background``, ``background-color`` and ``color`` the block sets.

    >>> sorted(colours_set("color:#fff; background-color:#b00020; padding:0"))
    ['background-color', 'color']
    """
    names = {part.split(":", 1)[0].strip().lower() for part in block.split(";") if ":" in part}
    return names & _COLOURED


def test_every_style_sets_a_colour_with_its_background(html_outputs: dict[str, str]) -> None:
    """A style that gives text a colour gives it what it stands on, and the reverse: the
    page's colours are the theme's, light on dark or dark on light, and one of the two
    set alone reads on one theme only (a light box's inherited light text is white on
    white in a dark theme; a fixed dark text is black on black). Every other style
    leaves both to the notebook."""
    one_sided = [
        (name, block)
        for name, page in html_outputs.items()
        for block in declaration_blocks(page)
        if (found := colours_set(block)) and ("color" in found) != bool(found - {"color"})
    ]
    assert not one_sided, one_sided
    # The check has something to look at: the severities' words set both.
    assert any(colours_set(block) for block in declaration_blocks(html_outputs["report"]))


def figures_shown(court: Case) -> dict[str, str]:
    """The SVG of each figure a notebook shows: the case's and a system's, as the image in
    their HTML and as their SVG output, a wide figure's in its box, and what
    ``figure(case)`` displays (the graphviz package's own display of its SVG)."""
    shown: dict[str, str] = {}
    wide = Case.model_validate(case_data(12, seed=0))
    for name, obj in (("case", court), ("system", court.systems[0]), ("wide", wide)):
        bundle = notebook.mimebundle(obj)
        (source,) = re.findall(r'src="(data:image/svg\+xml;base64,[^"]*)"', bundle["text/html"])
        shown[f"{name}, its HTML image"] = svg_of(source)
        shown[f"{name}, its SVG"] = bundle["image/svg+xml"]
    shown["figure(case)"] = figure(court)._repr_mimebundle_(include=["image/svg+xml"])[
        "image/svg+xml"
    ]
    return shown


_VIEW_BOX = re.compile(r'<svg [^>]*viewBox="([-\d. ]+)"')
_GRAPH = re.compile(
    r'<g id="graph0" class="graph" transform="scale\(1 1\) rotate\(0\) '
    r'translate\(([-\d.]+) ([-\d.]+)\)">'
    # its title and link (the graphviz package's own SVG keeps them), then the first shape
    r"(?:\s*<title>[^<]*</title>|\s*<g [^>]*>|\s*<a [^>]*>)*"
    r'\s*<polygon fill="([^"]*)" [^>]*points="([^"]*)"'
)


@needs_graphviz
def test_every_figure_a_notebook_shows_stands_on_an_opaque_background(court: Case) -> None:
    """A figure is drawn on its theme's white, a first shape the size of the whole
    figure, so that on a dark theme it shows as a white card whose dark text reads as
    on paper. Drawn on nothing, its text (#222222) would stand on JupyterLab's dark
    #111111 at 1.2:1."""
    for name, svg in figures_shown(court).items():
        view_box = _VIEW_BOX.search(svg)
        drawn = _GRAPH.search(svg)
        assert view_box is not None, name
        assert drawn is not None, name
        assert drawn[3].lower() not in ("none", "transparent", ""), (name, drawn[3])
        dx, dy = float(drawn[1]), float(drawn[2])
        points = [tuple(map(float, pair.split(","))) for pair in drawn[4].split()]
        xs = [x + dx for x, _ in points]
        ys = [y + dy for _, y in points]
        left, top, width, height = map(float, view_box[1].split())
        covered = (min(xs), min(ys), max(xs), max(ys))
        assert covered[0] <= left + 0.5, (name, covered)
        assert covered[1] <= top + 0.5, (name, covered)
        assert covered[2] >= left + width - 0.5, (name, covered)
        assert covered[3] >= top + height - 0.5, (name, covered)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


# The share of the image's pixels that are not fully opaque, as the browser draws it. Its
# outermost pixels are left out: a figure's size in points is seldom a whole number of
# pixels (Figure 3's 887.95 × 583.13 points are 1,183.9 × 777.5), and the browser blends
# the edge of its background into the pixels it only partly covers (at 83 % in Figure 3).
SEE_THROUGH = """image => {
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(1, 1, canvas.width - 2, canvas.height - 2).data;
    let clear = 0;
    for (let k = 3; k < pixels.length; k += 4) if (pixels[k] < 255) clear += 1;
    return clear / (pixels.length / 4);
}"""


@needs_graphviz
def test_a_figure_hides_a_dark_page_behind_it(browser: Any, court: Case) -> None:
    """In Chromium, on JupyterLab's dark page, as JupyterLab shows it: not one pixel of
    the figure lets the page through, so none of its lines or text stands on the dark."""
    for obj in (court, court.systems[0]):
        page = page_of(browser, "jupyterlab", notebook.mimebundle(obj))
        try:
            page.add_style_tag(content="html, body { background: #111111; color: #dedede }")
            image = page.query_selector("img")
            assert image is not None
            assert page.evaluate(SEE_THROUGH, image) == 0
        finally:
            page.close()


def test_the_see_through_measure_finds_a_transparent_figure(browser: Any) -> None:
    """The measure above can fail: a figure drawn on nothing is all but see-through."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40pt" height="20pt" '
        'viewBox="0 0 40 20"><text x="2" y="14" font-size="12">dark</text></svg>'
    )
    source = base64.b64encode(svg.encode()).decode()
    page = page_of(
        browser, "jupyterlab", {"text/html": f'<img src="data:image/svg+xml;base64,{source}">'}
    )
    try:
        assert page.evaluate(SEE_THROUGH, page.query_selector("img")) > 0.5
    finally:
        page.close()


def projected(colour: str) -> str:
    """``colour`` as a projector in a bright room shows it, 0-255 mapped to 60-230 (the
    figures page's model of a washed-out projector).

    >>> projected("#000000"), projected("#ffffff")
    ('#3c3c3c', '#e6e6e6')
    """
    return "#" + "".join(
        f"{round(60 + int(colour[k : k + 2], 16) * 170 / 255):02x}" for k in (1, 3, 5)
    )


def test_the_figures_page_gives_what_a_projector_leaves_of_a_notebook() -> None:
    """The contrasts the figures page gives under "On a projector": the notebook's text
    in a light theme (rgba(0, 0, 0, 0.87) on white), in JupyterLab's dark one
    (rgba(255, 255, 255, 0.87) on #111111) and in VS Code's, and the severities' words."""
    from activity_systems.render.theme import contrast
    from activity_systems.rules.report_text import _SEVERITY_COLOURS

    page = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    said = page[page.index("### On a projector") :]
    said = " ".join(said[: said.index("```")].split())

    def ratio(text: str, background: str) -> str:
        return f"{contrast(projected(text), projected(background)):.1f}:1"

    light, lab_dark = "#212121", "#e0e0e0"  # 87 % black on white, 87 % white on #111111
    assert f"{ratio(light, '#ffffff')} in a light theme" in said
    assert f"{ratio(lab_dark, '#111111')} in JupyterLab's dark one" in said
    assert f"falls to {ratio('#cccccc', '#1e1e1e')}" in said
    words = {severity: ratio("#ffffff", colour) for severity, colour in _SEVERITY_COLOURS.items()}
    assert f"{words['high']} (high), {words['medium']} (medium) and {words['low']} (low)" in said


@needs_graphviz
@pytest.mark.parametrize("frontend", ["jupyterlab", "classic"])
def test_a_print_theme_figure_shown_as_html_is_fitted_to_the_column(
    browser: Any, court: Case, frontend: Any
) -> None:
    """The figures page's way to show Figure 3 in the print theme on a projector,
    ``HTML(a.render(case, format="svg", theme="print"))``: the SVG put into the page is
    fitted to the column by the frontend's own style, its proportions kept, where SVG
    output would show it at its own 1,184 pixels."""
    svg = a.render(court, format="svg", theme="print")
    assert isinstance(svg, str)
    page = page_of(browser, frontend, {"text/html": svg})
    try:
        width, height, column = page.evaluate(
            "() => { const box = document.querySelector('svg').getBoundingClientRect();"
            " return [box.width, box.height, document.getElementById('column').clientWidth] }"
        )
    finally:
        page.close()
    own_width, own_height = (
        float(n) * 4 / 3 for n in re.findall(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)[0]
    )
    assert own_width > column
    assert column - 20 <= width <= column
    assert height == pytest.approx(width * own_height / own_width, rel=0.01)
