"""The titles of a figure's SVG are rewritten as when the end of each mark's anchor was
found by trying it at every character: the same text, for Graphviz's SVG and for anchors
that hold tags, an end of an anchor that is not the group's, or no end at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.render import titles
from activity_systems.render.api import figure
from activity_systems.render.backend import run_dot

COURT = Path(__file__).resolve().parent.parent / "examples" / "court-reports.yaml"

# The pattern as it was, the anchor's text found by the shortest match of ".*?".
_SHORTEST = re.compile(
    r"<(?:!-- [^\n]* -->\n<)?"
    r'(g id="[^"]*" class="(?:node|edge)\b[^"]*">\n)'
    r"<title>[^<]*</title>\n"
    r'(?:<g id="a_[^"]*"><a xlink:title="([^"]*)"\s*>\n(.*?)</a>\n</g>\n)?',
    re.DOTALL,
)


def _group(number: int, kind: str, tip: str, drawn: str, end: str = "</a>\n</g>\n") -> str:
    return (
        f"<!-- n{number} -->\n"
        f'<g id="{kind}{number}" class="{kind}">\n<title>n{number}</title>\n'
        f'<g id="a_{kind}{number}"><a xlink:title="{tip}">\n{drawn}{end}</g>\n'
    )


_HEAD = '<svg width="9pt"\n viewBox="0 0 9 9">\n<g id="graph0" class="graph">\n<title>f</title>\n'
_CRAFTED = [
    _HEAD
    + _group(1, "node", "Court", '<polygon fill="none"/>\n<text>• a &lt; b</text>\n')
    + _group(2, "edge", "1 exchange", '<path d="M0,0"/>\n')
    + _group(3, "edge", "1 exchange", '<path d="M1,1"/>\n<polygon points="1,1"/>\n'),
    # an anchor's end that is not the group's, then the group's
    _HEAD
    + _group(1, "node", "x", "<text>a</text>\n</a>\n<text>b</text>\n")
    + _group(2, "node", "x", "<path/>\n"),
    # an anchor without its end, before one with it
    _HEAD + _group(1, "edge", "y", "<path/>\n", end="</g>\n") + _group(2, "edge", "y", "<path/>\n"),
    # an anchor that holds nothing, and text with "<" written as Graphviz never writes it
    _HEAD + _group(1, "node", "z", "") + _group(2, "node", "z", "<b><</b>\n<\n"),
]


@pytest.mark.parametrize("svg", _CRAFTED)
def test_crafted_anchors_are_rewritten_as_before(svg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    now = titles.retitle(svg)
    monkeypatch.setattr(titles, "_ELEMENT", _SHORTEST)
    assert now == titles.retitle(svg)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize("system", [None, "court"])
def test_graphviz_s_svg_is_rewritten_as_before(
    system: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = a.load(COURT)
    drawn = run_dot(figure(case, system=system).source, "svg").decode("utf-8")
    now = titles.retitle(drawn)
    assert now != drawn
    assert "aria-hidden" in now
    monkeypatch.setattr(titles, "_ELEMENT", _SHORTEST)
    assert now == titles.retitle(drawn)
