"""The language a figure is written in, for screen readers.

A screen reader chooses its voice by the language the content says it is in. A figure's
SVG says so on its root, ``<svg xml:lang="cy" lang="cy">``, from the case's
``language``: wherever the figure is read (a file of its own, inlined in the HTML
handout, beside the Markdown handout, in a notebook), a Welsh case's labels are read in
a Welsh voice, not in the English of the page or of the reader's settings. A case that
gives no language gives the figure it gave before, byte for byte.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

import activity_systems as a
from activity_systems.render import render

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WELSH = """\
title: Adroddiadau seiciatrig i'r llys
systems:
  - id: llys
    name: Llys yr Ynadon
    subject: Ynad
    object: {label: Diffynnydd, values: [punishment]}
  - id: iechyd
    name: Gwasanaethau iechyd meddwl
    subject: Seiciatrydd
    object: {label: Claf, values: [treatment]}
"""
IN_WELSH = a.loads("language: cy\n" + WELSH)
UNSAID = a.loads(WELSH)


def languages(svg: str) -> tuple[str | None, str | None]:
    """The ``xml:lang`` and ``lang`` of the SVG's root, read by an XML parser (which
    also shows that the SVG is still well-formed)."""
    root = ET.fromstring(svg.encode("utf-8"))
    return root.get(XML_LANG), root.get("lang")


def svg_tags(text: str) -> list[str]:
    return re.findall(r"<svg\b[^>]*>", text)


def test_a_welsh_cases_figure_says_it_is_in_welsh() -> None:
    svg = render(IN_WELSH, format="svg")
    assert languages(svg) == ("cy", "cy")


def test_only_the_root_says_so_and_without_a_language_the_figure_is_as_it_was() -> None:
    """One language for the whole figure, on its root: the figure of a case without one
    is the same but for it, byte for byte."""
    with_language = render(IN_WELSH, format="svg")
    without = render(UNSAID, format="svg")
    assert languages(without) == (None, None)
    assert with_language.count('lang="cy"') == 2
    assert with_language.replace(' xml:lang="cy" lang="cy"', "") == without


@pytest.mark.parametrize(
    "drawn",
    [
        lambda: render(IN_WELSH.systems[0], format="svg", case=IN_WELSH),
        lambda: render(a.check(IN_WELSH), format="svg", case=IN_WELSH),
        lambda: render(IN_WELSH, format="svg", pair=("llys", "iechyd")),
        lambda: render(IN_WELSH, format="svg", overview="summary"),
    ],
    ids=["system-of-the-case", "report", "pair", "overview"],
)
def test_every_figure_of_the_case_says_its_language(drawn: object) -> None:
    assert callable(drawn)
    assert languages(drawn()) == ("cy", "cy")


def test_a_system_drawn_without_its_case_says_no_language() -> None:
    """A system alone is drawn as a case of its own, which has no language."""
    assert languages(render(IN_WELSH.systems[0], format="svg")) == (None, None)


def test_a_subtag_is_kept_as_written() -> None:
    case = a.loads("language: cy-GB\n" + WELSH)
    assert languages(render(case, format="svg")) == ("cy-GB", "cy-GB")


def test_the_html_handouts_inlined_figures_say_their_language() -> None:
    """The handout's page is in the language of its templates (English as shipped), not
    the case's: each figure says its own."""
    from activity_systems.handouts import render_handout

    page = render_handout(IN_WELSH, format="html").text
    assert '<html lang="en">' in page
    figures = svg_tags(page)
    assert figures
    assert all(' xml:lang="cy" lang="cy"' in tag for tag in figures)
    assert all("lang=" not in tag for tag in svg_tags(render_handout(UNSAID, format="html").text))


def test_the_markdown_handouts_figure_files_say_their_language() -> None:
    from activity_systems.handouts import render_handout

    files = render_handout(IN_WELSH, format="md").files
    drawn = [data for name, data in files.items() if name.endswith(".svg")]
    assert drawn
    for data in drawn:
        text = data if isinstance(data, str) else data.decode("utf-8")
        assert languages(text) == ("cy", "cy")


def test_a_notebook_shows_the_figure_and_its_description_in_the_cases_language() -> None:
    """The notebook's HTML is an image whose alternative text is the figure's title:
    the image says the case's language too, so that the text is read in it."""
    bundle = IN_WELSH._repr_mimebundle_()
    assert languages(bundle["image/svg+xml"]) == ("cy", "cy")
    assert re.match(r'<img lang="cy" alt="', bundle["text/html"])
    assert "lang=" not in UNSAID._repr_mimebundle_()["text/html"].split(" src=")[0]


def test_a_figure_too_wide_for_the_notebook_says_its_language_in_its_box_too() -> None:
    from activity_systems.render.notebook import _scroll_box, shown_as

    box = _scroll_box(shown_as(IN_WELSH), render(IN_WELSH, format="svg"), 2_000.0, 600.0)
    assert '<img lang="cy" alt="' in box


def test_a_language_written_out_in_words_is_refused_naming_the_tag_of_welsh_too() -> None:
    """A figure says any case's language, not only a right-to-left one: a Welsh case
    written ``language: Welsh`` is told which tag to write."""
    with pytest.raises(a.CaseFileError, match=r"'Welsh' is not a language tag: .*'cy' \(Welsh\)"):
        a.loads("language: Welsh\n" + WELSH)
