"""A notebook's output as JupyterLab and the classic Notebook show it, for browser tests.

A frontend picks one type of a display's bundle and puts it into the page its own way,
under its own stylesheet: what fits a figure to the column, and what clips a list's
numbers, is theirs, not a generic ``img { max-width: 100% }``. The rules here are theirs,
copied from JupyterLab 4.6 (``@jupyterlab/rendermime`` and ``@jupyterlab/outputarea``)
and from the classic Notebook's stylesheet (as nbconvert's ``classic`` template ships
it); nbconvert's ``lab`` template ships JupyterLab's. Only the rules that size images,
lists and tables, and what scrolls, are kept, with the classic Notebook's rule for
its own class ``prompt`` (the cells' ``In [1]:``), which any output's element of that class
meets.

At a window 1,000 pixels wide, JupyterLab's output column is 832 pixels wide.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import pytest

Frontend = Literal["jupyterlab", "classic"]

#: JupyterLab's output column at a window 1,000 pixels wide.
COLUMN = 832

JUPYTERLAB_CSS = """
body { margin: 0; font-family: sans-serif; font-size: 14px; line-height: 1.6 }
.jp-OutputArea-output { width: 100%; height: auto; overflow: auto }
.jp-RenderedHTMLCommon img, .jp-RenderedImage img,
.jp-RenderedHTMLCommon svg, .jp-RenderedSVG svg { max-width: 100%; height: auto }
.jp-RenderedHTMLCommon > img { display: block; margin-left: 0; margin-right: 0;
  margin-bottom: 1em }
.jp-RenderedHTMLCommon ul:not(.list-inline),
.jp-RenderedHTMLCommon ol:not(.list-inline) { padding-left: 2em }
.jp-RenderedHTMLCommon ol { list-style: decimal }
.jp-RenderedHTMLCommon ol, .jp-RenderedHTMLCommon ul { margin-bottom: 1em }
.jp-RenderedHTMLCommon p { text-align: left; margin: 0; margin-bottom: 1em }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {
  text-align: right; vertical-align: middle; padding: 0.5em; line-height: normal }
"""

CLASSIC_CSS = """
body { margin: 0; font-family: sans-serif; font-size: 13px; line-height: 1.43 }
div.output_subarea { overflow-x: auto; padding: 0.4em }
div.output_area img, div.output_area svg { max-width: 100%; height: auto }
.rendered_html ul:not(.list-inline), .rendered_html ol:not(.list-inline) {
  padding-left: 2em }
.rendered_html ol { list-style: decimal }
.rendered_html * + ol { margin-top: 1em }
p { margin-bottom: 0 }
.rendered_html * + p { margin-top: 1em }
.prompt { min-width: 14ex; padding: 0.4em; margin: 0px; font-family: monospace;
  text-align: right; line-height: 1.21429em; user-select: none }
.rendered_html tr, .rendered_html th, .rendered_html td { text-align: right;
  vertical-align: middle; padding: 0.5em 0.5em; line-height: normal }
"""

# The types each shows, most preferred first (JupyterLab: its renderers' ranks; SVG is
# not safe, and a notebook it does not trust shows none).
_ORDER: dict[Frontend, tuple[str, ...]] = {
    "jupyterlab": ("text/html", "text/markdown", "text/latex", "image/svg+xml", "text/plain"),
    "classic": ("text/html", "text/markdown", "text/latex", "image/svg+xml", "text/plain"),
}


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> Iterator[Any]:
    """Headless Chromium, for a fixture to yield; skips where Chromium or Playwright is
    missing, as ``test_handout_browser.py`` does."""
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


def shown_type(frontend: Frontend, bundle: Mapping[str, str], *, trusted: bool = True) -> str:
    """The type of ``bundle`` that ``frontend`` shows."""
    for kind in _ORDER[frontend]:
        if kind in bundle and (trusted or frontend != "jupyterlab" or kind != "image/svg+xml"):
            return kind
    raise AssertionError(f"{frontend} shows none of {sorted(bundle)}")


def output(frontend: Frontend, bundle: Mapping[str, str], *, trusted: bool = True) -> str:
    """The output element ``frontend`` makes of ``bundle``, as HTML."""
    kind = shown_type(frontend, bundle, trusted=trusted)
    data = bundle[kind]
    if frontend == "jupyterlab":
        if kind == "image/svg+xml":  # @jupyterlab/rendermime's renderSVG: an image of it
            source = urllib.parse.quote(data, safe="")
            inner, classes = f'<img src="data:image/svg+xml,{source}">', "jp-RenderedSVG"
        elif kind == "text/html":
            inner, classes = data, "jp-RenderedHTMLCommon jp-RenderedHTML"
        else:
            inner, classes = f"<pre>{html.escape(data)}</pre>", "jp-RenderedText"
        return f'<div class="jp-OutputArea-output {classes}">{inner}</div>'
    if kind == "image/svg+xml":  # the classic Notebook puts the SVG itself into the page
        inner, classes = data[data.index("<svg") :], "output_svg"
    elif kind == "text/html":
        inner, classes = data, "output_html rendered_html"
    else:
        inner, classes = f"<pre>{html.escape(data)}</pre>", "output_text"
    return f'<div class="output_area"><div class="output_subarea {classes}">{inner}</div></div>'


def page_of(
    browser: Any,
    frontend: Frontend,
    bundle: Mapping[str, str],
    *,
    trusted: bool = True,
    column: int = COLUMN,
    height: int = 700,
) -> Any:
    """A browser page showing ``bundle`` as ``frontend`` does, in a column ``column``
    pixels wide, its images loaded. The output is put into the page after it has loaded,
    as a notebook does."""
    css = JUPYTERLAB_CSS if frontend == "jupyterlab" else CLASSIC_CSS
    page = browser.new_page(viewport={"width": column + 40, "height": height})
    page.set_content(f"<style>{css}</style><div id=column style='width: {column}px'></div>")
    page.evaluate(
        "shown => { document.getElementById('column').innerHTML = shown }",
        output(frontend, bundle, trusted=trusted),
    )
    page.wait_for_function("[...document.images].every(image => image.complete)")
    return page


# GitHub's notebook viewer, and sanitisers like it (a static site's, a forum's), keep an
# output's elements and their text but drop every stylesheet and inline style, and the
# classes and roles its own stylesheet does not know: what the output said by its style
# alone is lost, and its elements take the browser's defaults (an <ol> its markers).
_STYLESHEETS = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
_STYLING = re.compile(r'\s(?:style|class|role|aria-[a-z]+|tabindex)="[^"]*"')


def sanitised(shown: str) -> str:
    """``shown`` (HTML) as GitHub's notebook viewer keeps it: no ``<style>``, no
    ``style``, ``class`` or ``role`` attribute, the rest as it is."""
    return _STYLING.sub("", _STYLESHEETS.sub("", shown))


def svg_of(image_source: str) -> str:
    """The SVG of an image's ``data:`` URI (base64 or percent-encoded)."""
    head, _, data = image_source.partition(",")
    if head.endswith(";base64"):
        return base64.b64decode(data).decode("utf-8")
    return urllib.parse.unquote(data)


# JupyterLab's filter for the HTML of a notebook it does not trust (@jupyterlab/apputils'
# Sanitizer) keeps an element's class and style but none of its ARIA: not role, not
# aria-*, which it does not list among the attributes any element may have.
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def untrusted(shown: str) -> str:
    """``shown`` (HTML) as JupyterLab keeps it in a notebook it does not trust: no
    ``role`` or ``aria-*`` attribute, the rest as it is."""
    return _ARIA.sub("", shown)
