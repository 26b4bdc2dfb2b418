"""The titles of a figure's SVG are rewritten as when the end of each mark's anchor was
found by trying it at every character: the same text, for Graphviz's SVG and for anchors
that hold tags, an end of an anchor that is not the group's, or no end at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Pieces of a figure's SVG, and of SVG as Graphviz never writes it: anchors within
# anchors, ends of anchors and of groups on their own, "<" and "</a>" in text, CDATA,
# comments, and the end of a group's anchor that a line break or a space spoils.
_PIECES = st.sampled_from(
    [
        "<!-- n1 -->\n",
        '<g id="node1" class="node">\n',
        '<g id="edge2" class="edge">\n',
        "<title>n1</title>\n",
        '<g id="a_node1"><a xlink:title="Court &lt;/a&gt;">\n',
        '<g id="a_edge2"><a xlink:title="x"\n>\n',
        '<a xlink:href="#n">',
        "</a>\n</g>\n",
        "</a>\n</g>",
        "</a>\n",
        "</a>",
        "</g>\n",
        "</a> </g>\n",
        "<",
        "</",
        "</a",
        "<![CDATA[</a>\n</g>\n]]>",
        "<text>• a &lt; b</text>\n",
        '<path d="M0,0"/>\n',
        "\n",
        "ש",
        "x" * 50,
    ]
)


_BODY = st.lists(_PIECES, max_size=8).map("".join)
# a mark's group as Graphviz writes it, its anchor holding any of the pieces above, and
# ending as the group's anchor ends, or not
_MARK = st.builds(
    lambda comment, kind, tip, body, end: (
        ("<!-- n1 -->\n" if comment else "")
        + f'<g id="{kind}1" class="{kind}">\n<title>n1</title>\n'
        + f'<g id="a_{kind}1"><a xlink:title="{tip}">\n{body}{end}'
    ),
    st.booleans(),
    st.sampled_from(["node", "edge"]),
    st.sampled_from(["Court", "Court &lt;/a&gt;", "", "x"]),
    _BODY,
    st.sampled_from(["</a>\n</g>\n", "</a>\n</g>", ""]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_MARK, _BODY), max_size=8))
def test_any_svg_is_rewritten_as_before(pieces: list[str]) -> None:
    svg = _HEAD + "".join(pieces)
    now = [(m.span(), m.groups()) for m in titles._ELEMENT.finditer(svg)]
    assert now == [(m.span(), m.groups()) for m in _SHORTEST.finditer(svg)]
    retitled = titles.retitle(svg)
    before = titles._ELEMENT
    try:
        titles._ELEMENT = _SHORTEST
        assert retitled == titles.retitle(svg)
    finally:
        titles._ELEMENT = before


def test_a_very_long_anchor_is_rewritten_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = "<text>a &lt; b</text>\n<" * 20_000 + "</a>\n" * 100
    svg = _HEAD + _group(1, "node", "Court", drawn) + _group(2, "edge", "y", "<path/>\n")
    now = titles.retitle(svg)
    assert "aria-hidden" not in now
    assert "<title>Court</title>" in now
    monkeypatch.setattr(titles, "_ELEMENT", _SHORTEST)
    assert now == titles.retitle(svg)
