"""A figure in a notebook's column (``text/html``, which frontends prefer, the SVG still
in the bundle): an image fitted to the column, or for a figure too wide to read so
fitted, the figure at its full size in a box that scrolls.

The browser tests open the box in headless Chromium as JupyterLab shows it, under its
stylesheet (see ``notebook_frontends.py``), skipped where Chromium or Playwright is
missing.
"""

from __future__ import annotations

import base64
import contextlib
import html
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from notebook_frontends import COLUMN, chromium, page_of

import activity_systems as a
from activity_systems import Case
from activity_systems.render import notebook

# The case generator lives beside the package, in benchmarks/ (not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import case_data

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def region() -> Case:
    """A regional map of 50 services: its overview is some 5,200 points wide."""
    return Case.model_validate(case_data(50, seed=0))


@pytest.fixture(scope="module")
def shown(region: Case) -> dict[str, str]:
    return region._repr_mimebundle_()


def drawing(page: str) -> str:
    """The SVG an HTML image holds in its data: URI."""
    found = re.search(r'src="data:image/svg\+xml;base64,([^"]*)"', page)
    assert found is not None
    return base64.b64decode(found[1]).decode("utf-8")


def test_a_wide_figure_also_comes_at_full_size_in_a_box_that_scrolls(
    region: Case, shown: dict[str, str]
) -> None:
    assert list(shown) == ["text/plain", "image/svg+xml", "text/html"]
    svg = shown["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml")
    assert '<svg width="5210pt" height="3321pt"' in svg
    page = shown["text/html"]
    line, box = page.split("</p>")
    assert (
        "Shown at full size (5,210 × 3,321 points) in a box that scrolls, not shrunk to "
        "the column; its ring starts at the top centre, with Prison segregation unit 0. "
        "<code>" in line
    )
    title = f"{region.title}: overview of 50 activity systems"
    assert box.startswith(
        f'<div class="activity-systems-wide" role="region" aria-label="{html.escape(title)}, '
    )  # the figure's own title
    assert (
        ' tabindex="0" style="position: relative; overflow: auto; max-height: 640px; '
        "max-height: 80vh; width: fit-content; max-width: 100%; box-sizing: border-box; "
        'border: 1px solid #8c8c8c">' in box
    )
    assert re.search(r'<img alt="[^"]+" src="data:image/svg\+xml;base64,', box)
    # the natural size, which a frontend's img { max-width: 100% } would have shrunk
    assert ' style="display: block; max-width: none; width: 5210pt; height: 3321pt">' in box
    # then where the box opens: the top of the figure's middle (see the browser test)
    assert box.endswith(
        '<div aria-hidden="true" style="position: absolute; top: 0; left: 2605pt; '
        "width: 1px; height: 1px; scroll-initial-target: nearest; "
        'scroll-snap-align: start center"></div></div>'
    )
    assert drawing(box) == svg  # the same drawing, not another


def test_the_line_above_the_box_runs_as_it_says(
    region: Case, shown: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = shown["text/html"].split("</p>")[0]
    code = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", line)]
    assert code == [
        'a.render(case, "overview.svg")',
        'a.render(case, "pair.svg", pair=("segregation-0000", "cmht-0001"))',
    ]
    monkeypatch.chdir(tmp_path)
    for statement in code:
        exec(statement, {"a": a, "case": region})
    assert (tmp_path / "overview.svg").read_text(encoding="utf-8") == shown["image/svg+xml"]
    pair = (tmp_path / "pair.svg").read_text(encoding="utf-8")
    assert "Prison segregation unit 0" in pair
    assert "Community mental health team 1" in pair


FITTED = "max-width: 100%; height: auto"


def test_a_figure_as_wide_as_the_limit_is_an_image_fitted_to_the_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    court = a.load(COURT)  # Figure 3, 888 points wide
    for shown in (court, court.system("court")):
        bundle = shown._repr_mimebundle_()
        assert list(bundle) == ["text/plain", "image/svg+xml", "text/html"]
        # the system's note, that it was checked on its own, follows its image
        note = "" if shown is court else notebook.alone_note(court.system("court"))
        assert bundle["text/html"].endswith(f'" style="{FITTED}">{note}')
        assert drawing(bundle["text/html"]) == bundle["image/svg+xml"]
    monkeypatch.setattr(notebook, "READABLE_WIDTH", 888)
    assert court._repr_mimebundle_()["text/html"].endswith(f'" style="{FITTED}">')
    monkeypatch.setattr(notebook, "READABLE_WIDTH", 887)
    bundle = court._repr_mimebundle_()
    assert list(bundle) == ["text/plain", "image/svg+xml", "text/html"]
    # Figure 3 has no ring to start
    assert (
        "not shrunk to the column. "
        '<code>a.render(case, "figure3.svg")</code> saves it.</p>' in bundle["text/html"]
    )
    monkeypatch.setattr(notebook, "READABLE_WIDTH", 574)  # the court's triangle: 575 points
    system = court.system("court")._repr_mimebundle_(include=["text/html"])["text/html"]
    assert '<code>a.render(system, "system.svg")</code> saves it.</p>' in system


def test_a_wide_figure_gives_the_types_asked_for(
    region: Case, shown: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """include and exclude as for any figure; the box is the HTML, with the SVG or alone,
    and the figure is drawn once, or not at all when it is left out."""
    import activity_systems.render.api as api

    drawn: list[object] = []

    def the_same_drawing(obj: object, *args: object, **kwargs: object) -> str:
        drawn.append(obj)
        return shown["image/svg+xml"]

    monkeypatch.setattr(api, "render", the_same_drawing)
    assert region._repr_mimebundle_() == shown
    assert region._repr_mimebundle_(include=["text/html"]) == {"text/html": shown["text/html"]}
    both = region._repr_mimebundle_(include=["image/svg+xml", "text/html"])
    assert list(both) == ["image/svg+xml", "text/html"]
    assert list(region._repr_mimebundle_(exclude=["image/svg+xml"])) == [
        "text/plain",
        "text/html",
    ]
    assert region._repr_mimebundle_(exclude=["text/html"]) == {
        "text/plain": shown["text/plain"],
        "image/svg+xml": shown["image/svg+xml"],
    }
    assert list(region._repr_mimebundle_(include={"image/svg+xml"})) == ["image/svg+xml"]
    assert len(drawn) == 6
    drawn.clear()
    assert list(region._repr_mimebundle_(include=["text/plain"])) == ["text/plain"]
    assert region._repr_mimebundle_(exclude=["image/svg+xml", "text/html"]) == {
        "text/plain": shown["text/plain"]
    }
    assert region._repr_mimebundle_(include=["image/png"]) == {}
    assert drawn == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def first_system(svg: str) -> tuple[float, float, float, float]:
    """The box of the overview's first system (Graphviz's first node) in the figure, in
    points from its top left corner: left, top, right, bottom."""
    shift = re.search(
        r'class="graph" transform="scale\(1 1\) rotate\(0\) translate\(([^ ]+) ([^)]+)\)"', svg
    )
    node = re.search(
        r'<g id="node1" class="node">\n<title>([^<]*)</title>\n<path [^>]* d="([^"]*)"', svg
    )
    assert shift is not None
    assert node is not None
    assert node[1].startswith("Prison segregation unit 0 (CJS)")
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+", node[2])]
    xs, ys = numbers[0::2], numbers[1::2]
    dx, dy = float(shift[1]), float(shift[2])
    return min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy


# The box's scroll position and the size of what it shows, in pixels.
WHERE = """() => {
    const box = document.querySelector('[role=region]');
    return [box.scrollLeft, box.scrollTop, box.clientWidth, box.clientHeight];
}"""


def shown_in_a_column(browser: Any, bundle: dict[str, str]) -> Any:
    """A page showing ``bundle`` as JupyterLab does, in its column, the image loaded: its
    stylesheet fits an <img> in HTML output to the column, which the box must undo."""
    return page_of(browser, "jupyterlab", bundle)


def scrolled_to(page: Any, test: str) -> bool:
    """Whether the box's scroll position ``[left, top]`` passes ``test`` (JavaScript),
    waited for up to 5 s (a key or a wheel may scroll smoothly)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    check = f"(([left, top]) => {test})(({WHERE})())"
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(check, timeout=5_000)
    return bool(page.evaluate(check))


def test_the_box_opens_on_the_first_system_at_the_top_of_the_ring(
    browser: Any, shown: dict[str, str]
) -> None:
    """Not on the blank top left corner of the ring (the first system is some 5,000
    pixels to the right), with no script; and it still scrolls every way from there."""
    page = shown_in_a_column(browser, shown)
    page.wait_for_timeout(200)  # nothing moves it after it has opened
    left, top, width, height = page.evaluate(WHERE)
    pixels = [value * 4 / 3 for value in first_system(shown["image/svg+xml"])]
    assert left > 0
    assert top == 0
    assert left <= pixels[0] < pixels[2] <= left + width  # the whole system in view
    assert top <= pixels[1] < pixels[3] <= top + height
    box = page.query_selector("[role=region]").bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.wheel(-400, 0)
    went_left = scrolled_to(page, f"left < {left - 300}")
    page.mouse.wheel(800, 300)
    went_right_and_down = scrolled_to(page, f"left > {left + 300} && top > 200")
    page.wait_for_timeout(500)
    stayed = page.evaluate(WHERE)[:2]  # no snapping back to where it opened
    page.close()
    assert went_left
    assert went_right_and_down
    assert stayed[0] > left + 300
    assert stayed[1] > 200


def test_the_box_scrolls_in_a_narrow_column_and_the_figure_keeps_its_size(
    browser: Any, shown: dict[str, str]
) -> None:
    page = shown_in_a_column(browser, shown)
    box, image = page.evaluate(
        """() => {
        const box = document.querySelector('[role=region]');
        const image = box.querySelector('img');
        return [
          [box.scrollWidth, box.clientWidth, box.scrollHeight, box.clientHeight],
          [image.naturalWidth, image.getBoundingClientRect().width,
           image.naturalHeight, image.getBoundingClientRect().height],
        ];
    }"""
    )
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('role')")
    left = page.evaluate(WHERE)[0]
    page.keyboard.press("ArrowRight")
    right_by_keys = scrolled_to(page, f"left > {left}")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    left_by_keys = scrolled_to(page, f"left < {left}")
    page.keyboard.press("ArrowDown")
    down_by_keys = scrolled_to(page, "top > 0")
    page.close()
    scroll_width, client_width, scroll_height, client_height = box
    assert client_width <= COLUMN < scroll_width  # scrolls sideways within the column
    assert client_height <= 0.8 * 700 < scroll_height  # and down, within 80% of the window
    natural_width, width, natural_height, height = image
    assert natural_width == pytest.approx(5210 * 4 / 3, abs=1)  # a point is 4/3 pixel
    assert width == pytest.approx(natural_width, abs=1)
    assert height == pytest.approx(natural_height, abs=1)
    assert focused == "region"  # a keyboard reaches the box, and its arrows scroll it
    assert right_by_keys
    assert left_by_keys
    assert down_by_keys


# The output's width and how far it scrolls sideways, and its image's natural and shown
# sizes, in pixels.
FIT = """() => {
    const out = document.querySelector('#column > div');
    const image = out.querySelector('img, svg');
    if (image === null) return [out.className, out.innerText.slice(0, 80)];
    const shown = image.getBoundingClientRect();
    const natural = image.tagName === 'IMG' ? [image.naturalWidth, image.naturalHeight]
        : [image.width.baseVal.value, image.height.baseVal.value];
    return [out.clientWidth, out.scrollWidth, ...natural, shown.width, shown.height];
}"""


@pytest.fixture(scope="module")
def court_shown() -> list[tuple[dict[str, str], bool]]:
    """What a notebook is given for ``court-reports.yaml`` (Figure 3, wider than the
    column) and for its court (narrower), each drawn once for the frontends' tests."""
    court = a.load(COURT)
    return [(court._repr_mimebundle_(), True), (court.system("court")._repr_mimebundle_(), False)]


@pytest.mark.parametrize(
    ("frontend", "trusted"), [("jupyterlab", True), ("jupyterlab", False), ("classic", True)]
)
def test_a_figure_up_to_the_limit_is_fitted_to_the_column(
    browser: Any, court_shown: list[tuple[dict[str, str], bool]], frontend: Any, trusted: bool
) -> None:
    """Figure 3, 1,184 pixels wide, shrunk to JupyterLab's 832-pixel column rather than
    cut off at its edge: JupyterLab fits an image in HTML output to its column, but not
    the image it makes of SVG output, and in a notebook it does not trust shows no SVG at
    all. nbconvert's HTML (its lab template) has JupyterLab's stylesheet. A figure
    narrower than the column keeps its size."""
    for bundle, wider in court_shown:
        page = page_of(browser, frontend, bundle, trusted=trusted)
        measured = page.evaluate(FIT)
        page.close()
        assert len(measured) == 6, f"no figure shown: {measured}"
        room, scrolls, natural_width, natural_height, width, height = measured
        assert scrolls <= room  # nothing cut off, nothing to scroll to
        assert width <= room
        assert (natural_width > room) is wider
        if wider:
            assert width == pytest.approx(room, abs=1 + room * 0.03)  # the whole column
        else:
            assert width == pytest.approx(natural_width, abs=1)
        assert height / width == pytest.approx(natural_height / natural_width, rel=0.01)


# The box's size and what it holds, and the image's shown size and natural size, in
# pixels; whether the line above the box and the box's mark show; the widths of the box's
# edges, top, right, bottom and left.
PRINTED = """() => {
    const box = document.querySelector('[role=region]');
    const image = box.querySelector('img');
    const shown = image.getBoundingClientRect();
    const line = box.previousElementSibling;
    return {
        box: [box.clientWidth, box.scrollWidth, box.clientHeight, box.scrollHeight],
        image: [shown.width, shown.height, image.naturalWidth, image.naturalHeight],
        page: [document.documentElement.clientWidth, document.documentElement.clientHeight],
        line: line.offsetParent !== null,
        mark: box.querySelector('div').offsetParent !== null,
        edge: ['Top', 'Right', 'Bottom', 'Left'].map(
            side => getComputedStyle(box)['border' + side + 'Width']),
    };
}"""


@pytest.mark.parametrize(("frontend", "region_size"), [("jupyterlab", 50), ("classic", 12)])
def test_a_wide_figure_prints_whole_fitted_to_the_page(
    browser: Any, frontend: Any, region_size: int
) -> None:
    """A notebook printed, or exported with nbconvert's ``webpdf`` (its HTML printed by
    Chromium), showed of a wide figure only the part the box opened on: paper does not
    scroll. In print the box lets the whole figure show, fitted to the page's width and
    height, without the line that says it scrolls, and without the box's edge: on paper
    the figure is whole, and a frame around it would say there was more of it to see."""
    region = Case.model_validate(case_data(region_size, seed=0))
    page = page_of(browser, frontend, region._repr_mimebundle_())
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED)
    page.close()
    client_width, scroll_width, client_height, scroll_height = printed["box"]
    width, height, natural_width, natural_height = printed["image"]
    assert scroll_width <= client_width + 1  # nothing to scroll to
    assert scroll_height <= client_height + 1
    assert 0 < width <= COLUMN
    assert height <= printed["page"][1]
    assert width / height == pytest.approx(natural_width / natural_height, rel=0.01)
    assert max(width / COLUMN, height / printed["page"][1]) > 0.95  # as large as it fits
    assert not printed["line"]
    assert not printed["mark"]
    assert printed["edge"] == ["0px"] * 4


# The colours of the pixels a screenshot shows along one edge of the box, just inside it:
# its last column on the right, its last row at the bottom. Decoded in the page itself,
# on a canvas, as "#rrggbb".
EDGE_PIXELS = """async ([png, width, height]) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + png;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width; canvas.height = height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, width, height).data;
    const hex = n => n.toString(16).padStart(2, '0');
    const colours = [];
    for (let k = 0; k < data.length; k += 4)
        colours.push('#' + hex(data[k]) + hex(data[k + 1]) + hex(data[k + 2]));
    return colours;
}"""


def edge_colour(page: Any, clip: dict[str, float]) -> str:
    """The colour most pixels of ``clip`` (one pixel wide or high) show."""
    shot = page.screenshot(clip=clip)
    colours: list[str] = page.evaluate(
        EDGE_PIXELS,
        [base64.b64encode(shot).decode(), round(clip["width"]), round(clip["height"])],
    )
    return max(sorted(set(colours)), key=colours.count)


@pytest.mark.parametrize(
    "page_colour",
    ["#ffffff", "#111111", "#1e1e1e"],
    ids=["light theme", "JupyterLab's dark theme", "VS Code's dark theme"],
)
def test_the_box_shows_where_it_ends_on_a_light_page_and_a_dark_one(
    browser: Any, shown: dict[str, str], page_colour: str
) -> None:
    """The box cuts the figure at its right and bottom edges. A frontend whose scroll bars
    show only while scrolling (macOS with a trackpad, and Chromium's overlay scroll bars,
    as in this headless Chromium) draws nothing there, and on a light theme the figure's
    white ran into the page's: the figure looked cut off, with nothing to say that more
    of it is a scroll away. The box's edges read at 3:1 or more (WCAG's least for the
    parts of a picture) on the page's colour, light or dark."""
    from activity_systems.render.theme import contrast

    page = shown_in_a_column(browser, shown)
    try:
        page.add_style_tag(content=f"html, body {{ background: {page_colour} }}")
        box = page.query_selector("[role=region]").bounding_box()
        right = {"x": box["x"] + box["width"] - 1, "y": box["y"], "width": 1}
        bottom = {"x": box["x"], "y": box["y"] + box["height"] - 1, "height": 1}
        edges = {
            "right": edge_colour(page, {**right, "height": box["height"]}),
            "bottom": edge_colour(page, {**bottom, "width": box["width"]}),
        }
    finally:
        page.close()
    for edge, colour in edges.items():
        assert contrast(colour, page_colour) >= 3, (edge, colour, page_colour)


def test_in_a_column_wider_than_the_figure_the_box_is_as_wide_as_the_figure(
    browser: Any,
) -> None:
    """JupyterLab in a wide window (or full width) can give a column wider than a figure
    that is too wide to fit an ordinary one: the overview of twelve systems is 2,205
    pixels wide, in a column of 2,400. The box, and the edge it draws, keeps to the
    figure rather than framing an empty strip of the page beside it."""
    bundle = Case.model_validate(case_data(12, seed=0))._repr_mimebundle_()
    page = page_of(browser, "jupyterlab", bundle, column=2400)
    try:
        box, image = page.evaluate(
            """() => {
            const box = document.querySelector('[role=region]');
            return [box.getBoundingClientRect().width,
                    box.querySelector('img').getBoundingClientRect().width];
        }"""
        )
    finally:
        page.close()
    assert image < 2400
    assert box == pytest.approx(image + 2, abs=1)  # the figure and its 1-pixel edges
