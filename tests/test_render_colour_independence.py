"""The figures tell exchanges from contradictions by shape as well as by colour (WCAG 1.4.1,
use of colour): an exchange's arrow has an open head, a bolt's a filled one, and the
legend says so. On a greyscale photocopy the default theme's blue arrows and red bolts
are the same grey (their contrast with each other is 1.2:1), and to a reader with
red-green colour blindness the red is a dull olive.

The DOT is inspected: each line's arrowhead, and the legend's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.render import figure
from activity_systems.render.theme import THEMES, contrast

ROOT = Path(__file__).resolve().parent.parent
EDGE = re.compile(r"\b(n\d+) -> (n\d+) \[(.*)\]")


def _heads(source: str, colour: str) -> list[str]:
    """The shape of each arrowhead drawn on a line of ``colour``: ``normal`` (filled)
    unless the line says otherwise."""
    shapes = []
    for _, _, attrs in EDGE.findall(source):
        if f'color="{colour}"' not in attrs and f"color={colour}" not in attrs:
            continue
        direction = re.search(r"\bdir=(\w+)", attrs)
        if direction is None or direction[1] == "none":
            continue
        for end, shown in (("arrowhead", ("forward", "both")), ("arrowtail", ("back", "both"))):
            if direction[1] in shown:
                given = re.search(rf"\b{end}=(\w+)", attrs)
                shapes.append(given[1] if given else "normal")
    return shapes


def _legend(source: str) -> str:
    """The caption's text: the graph's HTML-like label, its tags taken out."""
    label = re.search(r"\blabel=<(<TABLE.*</TABLE>)>", source)
    assert label is not None
    return re.sub(r"<[^>]+>", " ", label[1])


@pytest.fixture(scope="module")
def court() -> a.Case:
    return a.load(ROOT / "examples" / "court-reports.yaml")


@pytest.fixture(scope="module")
def liaison() -> a.Case:
    return a.load(ROOT / "examples" / "liaison-and-diversion.yaml")


def test_the_default_themes_arrows_and_bolts_differ_only_in_hue() -> None:
    # why the redundant cue is needed: in greyscale, the two colours are one grey
    theme = THEMES["default"]
    assert contrast(theme.bolt, theme.exchange) < 1.5


@pytest.mark.parametrize("theme", ["default", "print"])
def test_figure_3_draws_the_exchange_with_an_open_head_and_the_bolts_filled(
    court: a.Case, theme: str
) -> None:
    source = figure(court, theme=theme).source
    colours = THEMES[theme]
    if theme == "default":
        assert _heads(source, colours.exchange) == ["onormal"]
        bolt_heads = _heads(source, colours.bolt)
        assert bolt_heads
        assert set(bolt_heads) == {"normal"}
    else:
        # black exchanges and black bolts: the one exchange is the one open head
        heads = _heads(source, colours.exchange)
        assert heads.count("onormal") == len(court.exchanges) == 1
        assert heads.count("normal") > 10


def test_every_exchange_of_the_overview_has_an_open_head(liaison: a.Case) -> None:
    source = figure(liaison, overview="detailed").source
    theme = THEMES["default"]
    assert _heads(source, theme.exchange) == ["onormal"] * len(liaison.exchanges)
    assert set(_heads(source, theme.bolt)) == {"normal"}


def test_the_summarys_exchange_arrows_have_open_heads(liaison: a.Case) -> None:
    source = figure(liaison, overview="summary").source
    theme = THEMES["default"]
    heads = _heads(source, theme.exchange)
    assert heads
    assert set(heads) == {"onormal"}
    assert set(_heads(source, theme.bolt)) == {"normal"}
    assert "Arrows with an open head: exchanges; zig-zag arrows: contradictions" in (
        _legend(source)
    )


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({}, True),
        ({"theme": "print"}, True),
        ({"contradictions": False}, True),
        ({"system": "court"}, False),  # one triangle: no exchange is drawn
    ],
)
def test_the_legend_says_what_an_open_head_is_where_the_figure_has_one(
    court: a.Case, options: dict[str, object], says: bool
) -> None:
    source = figure(court, **options).source  # type: ignore[arg-type]
    legend = _legend(source)
    assert ("rrows with an open head: exchanges" in legend) is says
    assert ("onormal" in source) is says


def test_a_figure_without_contradictions_names_its_exchanges_alone(court: a.Case) -> None:
    legend = _legend(figure(court, contradictions=False).source)
    assert "Arrows with an open head: exchanges" in legend
    assert "Zig-zag" not in legend


def test_the_open_head_is_drawn_unfilled_in_the_svg(court: a.Case) -> None:
    try:
        svg = a.render(court, format="svg")
    except a.GraphvizNotFound:  # pragma: no cover - Graphviz is installed for the suite
        pytest.skip("Graphviz is not installed")
    theme = THEMES["default"]
    assert f'<polygon fill="none" stroke="{theme.exchange}"' in svg
    assert f'<polygon fill="{theme.exchange}"' not in svg
    assert f'<polygon fill="{theme.bolt}" stroke="{theme.bolt}"' in svg


def test_the_handout_tells_findings_and_exchanges_apart_without_colour(court: a.Case) -> None:
    from activity_systems.handouts import render_handout

    html = render_handout(court, format="html").text
    theme = THEMES["default"]
    # the figures inside it: the exchange's arrowhead open
    assert f'<polygon fill="none" stroke="{theme.exchange}"' in html
    # each finding's severity is a word, not only a colour; a high one is bold too
    report = a.check(court)
    words = re.findall(r'<span class="severity severity-(\w+)">(\w+)</span>', html)
    assert sorted(w for _, w in words) == sorted(f.severity for f in report.findings)
    assert all(cls == word for cls, word in words)
    assert re.search(r"\.severity-high \{[^}]*font-weight: bold", html)


def _three_systems(**extra: object) -> a.Case:
    return a.Case.model_validate(
        {
            "title": "Three services",
            "systems": [
                {
                    "id": "x",
                    "subject": "S",
                    "object": {"label": "O", "values": ["punishment"]},
                    "advances": "y",
                },
                {"id": "y", "subject": "S", "object": {"label": "O", "values": ["treatment"]}},
                {"id": "z", "subject": "S", "object": "O"},
            ],
            **extra,
        }
    )


def test_the_summarys_legend_names_exchanges_only_when_it_draws_some() -> None:
    # a value tension between x and y, no exchange: no open head, and the legend names none
    source = figure(_three_systems(), overview="summary").source
    assert "onormal" not in source
    legend = _legend(source)
    assert "open head" not in legend
    assert "Zig-zag arrows: contradictions" in legend


def test_the_summary_without_contradictions_still_says_what_its_arrows_are() -> None:
    # as the detailed overview does: its exchanges' open heads are named in the legend
    case = _three_systems(exchanges=[{"id": "e", "label": "E", "from": "x", "to": "y"}])
    for detail in ("summary", "detailed"):
        source = figure(case, overview=detail, contradictions=False).source
        assert "onormal" in source
        legend = _legend(source)
        assert "Arrows with an open head: exchanges" in legend, detail
        assert "ig-zag" not in legend, detail
