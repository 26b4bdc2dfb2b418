"""A figure too wide for a notebook's column: shown at its full size in a box that
scrolls (``text/html``, which frontends prefer), the SVG still in the bundle.

The browser test opens the box in headless Chromium, skipped where Chromium or
Playwright is missing, as in ``test_handout_browser.py``.
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

import activity_systems as a
from activity_systems import Case
from activity_systems.render import notebook

# The case generator lives beside the package, in benchmarks/ (not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import case_data

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def region() -> Case:
    """A regional map of 50 services: its overview is some 7,500 points wide."""
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
    assert '<svg width="7555pt" height="2965pt"' in svg
    page = shown["text/html"]
    line, box = page.split("</p>")
    assert "Shown at full size (7,555 × 2,965 points) in a box that scrolls" in line
    title = f"{region.title}: overview of 50 activity systems"
    assert box.startswith(
        f'<div role="region" aria-label="{html.escape(title)}, '  # the figure's own title
    )
    assert ' tabindex="0" style="overflow: auto; max-height: 640px; max-height: 80vh">' in box
    assert re.search(r'<img alt="[^"]+" src="data:image/svg\+xml;base64,', box)
    # the natural size, which a frontend's img { max-width: 100% } would have shrunk
    assert box.endswith(
        ' style="display: block; max-width: none; width: 7555pt; height: 2965pt"></div>'
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


def test_a_figure_as_wide_as_the_limit_stays_svg_only(monkeypatch: pytest.MonkeyPatch) -> None:
    court = a.load(COURT)  # Figure 3, 888 points wide
    assert list(court._repr_mimebundle_()) == ["text/plain", "image/svg+xml"]
    assert list(court.system("court")._repr_mimebundle_()) == ["text/plain", "image/svg+xml"]
    monkeypatch.setattr(notebook, "READABLE_WIDTH", 888)
    assert list(court._repr_mimebundle_()) == ["text/plain", "image/svg+xml"]
    monkeypatch.setattr(notebook, "READABLE_WIDTH", 887)
    bundle = court._repr_mimebundle_()
    assert list(bundle) == ["text/plain", "image/svg+xml", "text/html"]
    assert '<code>a.render(case, "figure3.svg")</code> saves it.</p>' in bundle["text/html"]
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
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium')")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def test_the_box_scrolls_in_a_narrow_column_and_the_figure_keeps_its_size(
    browser: Any, shown: dict[str, str]
) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 900, "height": 700})
    # A frontend's own rule for images in HTML output (JupyterLab's, the classic
    # Notebook's): what fits an <img> to the column.
    page.set_content(
        "<style>img { max-width: 100%; height: auto }</style>"
        f"<div style='width: 860px'>{shown['text/html']}</div>"
    )
    page.wait_for_function("document.querySelector('img').complete")
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
    page.keyboard.press("ArrowRight")
    scrolled = "document.querySelector('[role=region]').scrollLeft > 0"
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(scrolled, timeout=5_000)
    scrolled_by_keys = page.evaluate(scrolled)
    page.close()
    scroll_width, client_width, scroll_height, client_height = box
    assert client_width <= 860 < scroll_width  # scrolls sideways within the column
    assert client_height <= 0.8 * 700 < scroll_height  # and down, within 80% of the window
    natural_width, width, natural_height, height = image
    assert natural_width == pytest.approx(7555 * 4 / 3, abs=1)  # a point is 4/3 pixel
    assert width == pytest.approx(natural_width, abs=1)
    assert height == pytest.approx(natural_height, abs=1)
    assert focused == "region"  # a keyboard reaches the box, and its arrows scroll it
    assert scrolled_by_keys
