"""Fuzzing the SVG of figures: user text in tooltips, titles and inlined handouts.

Cases whose labels, system names, titles and exchange labels are built from adversarial
text (markup, entities, DOT escapes, ``]]>``, ``-->``, right-to-left text, emoji,
combining marks, very long words) are drawn with Graphviz as Figure 1, Figure 3 and the
overview. Their SVG

- is well-formed XML, the same bytes each time;
- titles no mark with a Graphviz name (``n12``, ``n12->n13``, ``figure``) unless the
  user's text says so;
- carries each piece of user text in the tooltips that name it, decoded exactly once
  (neither left escaped, ``&amp;amp;``, nor decoded twice);
- has no script, event handler or script URL in its markup;

and a handout that inlines it stays inert.

Bounded for the default run (a handful of cases, a few seconds each);
``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from inert_html import Page, assert_inert
from line_counting import lines_executed

from activity_systems import Case
from activity_systems.handouts import render_handout
from activity_systems.model import NODE_TITLES, NodeName
from activity_systems.model.case import subtitled
from activity_systems.model.types import MAX_LABEL_LENGTH
from activity_systems.render import figure, render
from activity_systems.render.api import default_report
from activity_systems.render.canvas import tooltip
from activity_systems.render.labels import text_width, wrap
from activity_systems.render.lookups import contradictions
from activity_systems.rules.finding import Report

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

SVG = "{http://www.w3.org/2000/svg}"
GRAPHVIZ_NAME = re.compile(r"^n\d+(->n\d+)?$")


def examples(count: int, share: float) -> settings:
    """``count`` examples in the default run, or ``share`` of the profile's number when
    that is larger (every example runs Graphviz several times)."""
    return settings(
        max_examples=max(count, int(settings().max_examples * share)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- adversarial text -------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Any character a label may hold (the model refuses controls, surrogates and bidi
#: controls), with tabs and line breaks.
LABEL_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters=BIDI_CONTROLS
) | st.sampled_from("\t\n")
#: Pieces of markup and escapes for XML, SVG, HTML, DOT and Graphviz's own SVG, and
#: text that is hard to lay out.
PIECES = [
    *("<script>", "</script>", "<svg onload=alert(1)>", "<img src=x onerror=alert(1)>"),
    *('" onmouseover="alert(1)', "' onload='x", "javascript:alert(1)", "JaVaScRiPt:"),
    *("<!--", "-->", "<!-- n1 -->", "<![CDATA[", "]]>", "<?xml?>", "<!DOCTYPE x>"),
    *("<title>", "</title>", "<title>n1</title>", '<a xlink:title="x">', "</a>", "</g>\n"),
    *('<g id="node1" class="node">', 'id="x"', "url(#clip1)", 'href="#x"', "xlink:href="),
    *("&", "&amp;", "&amp;amp;", "&#60;", "&#x3C;", "&lt;script&gt;", "&#10;", "&nbsp;"),
    *("&bogus;", "&#0;", "&#xD800;", "&#1114112;", "&amp", "&#", "&;"),
    *("<", ">", '"', "'", "\\", "\\\\", "\\N", "\\G", "\\E", "\\T", "\\H", "\\L"),
    *("\\l", "\\r", "\\n", "\\\n", "]", "[", "{", "}", ";", "->", "--", "label=", "tooltip="),
    *("n1", "n12->n13", "figure", "graph0", "edge1", "•", "→", "…", "—"),
    *("\n", "\t", " ", "  ", "\u00a0", "\u2028", "\u2029", "\u200b", "\u200d", "\ufeff"),
    *("\u200f", "\u200e", "\u061c", "\ufffe", "\uffff", "\ufffd"),
    *("שלום", "مرحبا", "עִבְרִית", "e\u0301", "\u0301", "a\u0300\u0301\u0302\u0303"),
    *("🧠", "👩\u200d👩\u200d👧", "🇬🇧", "👍🏽", "𝔘𝔫𝔦", "漢字", "ﷺ", "﷽", "Ω"),
    *("W" * 60, "x" * 200, "supercalifragilistic" * 4),
]


def not_blank(text: str) -> str:
    return text if text.strip() else f"x{text[1:]}"


#: Short text a label may hold: adversarial pieces, any characters, or both; not blank.
short_labels = (
    st.lists(
        st.sampled_from(PIECES) | st.text(LABEL_CHARACTERS, max_size=3), min_size=1, max_size=6
    ).map("".join)
    | st.text(LABEL_CHARACTERS, min_size=1, max_size=12)
).map(not_blank)
#: A label up to the longest the model allows: one piece or character over and over.
long_labels = st.builds(
    lambda piece, count: not_blank((piece * count)[:MAX_LABEL_LENGTH]),
    st.sampled_from(PIECES) | LABEL_CHARACTERS,
    st.integers(1, MAX_LABEL_LENGTH),
)
labels = st.one_of(short_labels, short_labels, short_labels, long_labels)


def shown(text: str) -> str:
    """``text`` as a tooltip shows it: each line's whitespace runs as one space, and the
    characters XML cannot carry as U+FFFD."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(re.sub("[\x00-\x1f\ufffe\uffff]", "\ufffd", line) for line in lines)


# -- cases ------------------------------------------------------------------------------


@st.composite
def cases(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    """A case of three systems (``a``, ``b``, ``c``) as data, every text drawn from
    :func:`adversarial`. ``a`` punishes and ``b`` treats, and ``a`` depends on an
    exchange that no task of ``b`` produces, so the rules find contradictions whose
    messages quote the labels."""

    def some(most: int, prefix: str, key: str = "label") -> list[dict[str, str]]:
        """Up to ``most`` elements, with ids: labels alike derive the same id."""
        texts = draw(st.lists(labels, max_size=most))
        return [{"id": f"{prefix}{index}", key: text} for index, text in enumerate(texts)]

    def name() -> str | None:
        drawn: str | None = draw(st.none() | labels)
        return drawn

    systems: list[dict[str, Any]] = [
        {
            "id": "a",
            "name": name(),
            "subject": draw(labels),
            "object": {"label": draw(labels), "values": ["punishment"]},
            "rules": [{"id": "targets", "label": draw(labels), "time_limit": "3 weeks"}],
            "tools": some(2, "t"),
            "community": some(2, "c"),
            "division_of_labour": [task | {"by": "subject"} for task in some(2, "d", "task")],
        },
        {
            "id": "b",
            "name": name(),
            "subject": draw(labels),
            "object": {"label": draw(labels), "values": ["treatment"]},
            "outcome": draw(st.none() | labels),
            "tools": [{"id": "report", "label": draw(labels), "turnaround": "4-8 weeks"}],
            "rules": some(1, "r"),
        },
        {"id": "c", "name": name(), "subject": draw(labels), "object": draw(labels)},
    ]
    for system in systems:
        if system.get("name") is None:
            system.pop("name", None)
        if system.get("outcome") is None:
            system.pop("outcome", None)
    exchanges = [
        {"id": "x", "label": draw(labels), "from": "b", "to": "a", "needed_within": "a.targets"}
    ]
    for number, (source, target) in enumerate(
        draw(st.lists(st.sampled_from([("a", "b"), ("b", "c"), ("c", "a")]), max_size=2))
    ):
        exchanges.append({"id": f"y{number}", "label": draw(labels), "from": source, "to": target})
    data: dict[str, Any] = {"title": draw(labels), "systems": systems, "exchanges": exchanges}
    shared = draw(st.none() | labels)
    if shared is not None:
        data["shared_object"] = {"label": shared, "description": draw(labels)}
    if draw(st.booleans()):
        data["description"] = draw(labels)
    return data


# -- what the SVG must be ---------------------------------------------------------------


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))  # well-formed XML, or this raises


def titles(root: ET.Element) -> list[str]:
    return [title.text or "" for title in root.iter(f"{SVG}title")]


def user_texts(case: Case) -> set[str]:
    """Every piece of text in ``case`` that a tooltip may show as it is."""
    found = {shown(case.title)}
    for system in case.systems:
        found.add(shown(system.title))
        found.update(shown(element.label) for _, element in system.elements())
    found.update(shown(exchange.label) for exchange in case.exchanges)
    return found


def assert_no_graphviz_names(root: ET.Element, case: Case) -> None:
    """No mark is titled with the name Graphviz gave it, unless that is the user's text."""
    own = user_texts(case)
    for title in titles(root):
        if GRAPHVIZ_NAME.match(title) or title == "figure":
            assert title in own, f"a Graphviz name as a title: {title!r}"


def assert_markup_inert(svg: str, root: ET.Element) -> None:
    """No script, event handler or script URL: neither among the elements nor anywhere in
    the markup outside text (user text in text is escaped, so holds no ``<``)."""
    for element in root.iter():
        assert element.tag.rsplit("}", 1)[-1].lower() not in ("script", "foreignobject")
        for attribute, value in element.attrib.items():
            assert not attribute.rsplit("}", 1)[-1].lower().startswith("on"), attribute
            assert "javascript:" not in value.lower(), (attribute, value)
    markup = re.sub(r">[^<]*<", "><", svg)
    assert "<script" not in markup.lower()
    assert not re.search(r"\son\w*\s*=", markup, flags=re.IGNORECASE)
    assert "javascript:" not in markup.lower()


def assert_titled(found: list[str], expected: str) -> None:
    """``expected`` (as a tooltip shows it) is one of the titles, whole."""
    want = shown(expected)
    assert want in found, f"no title {want!r} among {found!r}"


def node_tooltips(case: Case, system_id: str) -> list[str]:
    """What each of a system's nodes says on hover: its heading and text in full."""
    system = case.system(system_id)
    expected = []
    singles: tuple[NodeName, ...] = ("subject", "object", "outcome")
    lists: tuple[NodeName, ...] = ("tools", "rules", "community", "division_of_labour")
    for node in singles:
        elements = system.node(node)
        if elements:
            expected.append(f"{system.title}: {NODE_TITLES[node]}\n{elements[0].label}")
    for node in lists:
        items = [f"• {element.label}" for element in system.node(node)] or ["—"]
        expected.append("\n".join([f"{system.title}: {NODE_TITLES[node]}", *items]))
    return expected


def assert_contradictions_quoted(found: list[str], case: Case, report: Report) -> None:
    """Every contradiction a title names is described with its rule, level and severity,
    and with its finding's message where one follows, exactly; one at least is."""
    numbered = {entry.number: entry.finding for entry in contradictions(case, report).all}
    line = re.compile(r"^(?:Contradiction )?(\d+) \(", re.MULTILINE)
    described: set[int] = set()
    for title in found:
        if not title.startswith("Contradiction"):
            continue
        at = 0  # past the descriptions read so far, whose messages may hold anything
        while (match := line.search(title, at)) is not None:
            number = int(match[1])
            finding = numbered[number]
            about = ", ".join(x for x in (finding.rule, finding.level, finding.severity) if x)
            rest = title[match.start(1) :]
            said = shown(f"{number} ({about})")
            assert rest.startswith(said), (title, said)
            if rest[len(said) :]:
                said += shown(f": {finding.message}")
                assert rest.startswith(said), (title, finding.message)
                described.add(number)
            at = match.start(1) + len(said)
    assert described, f"no contradiction described: {found!r}"


def draw(case: Case, report: Report, **how: Any) -> str:
    svg = render(case, format="svg", report=report, **how)
    assert isinstance(svg, str)
    return svg


def check_svg(svg: str, case: Case) -> list[str]:
    root = parsed(svg)
    assert_no_graphviz_names(root, case)
    assert_markup_inert(svg, root)
    first = root[0]
    assert first.tag == f"{SVG}title", "the figure is not titled"
    return titles(root)


def check_case(data: dict[str, Any]) -> None:
    case = Case.model_validate(data)
    report = default_report(case)
    a, b = case.system("a"), case.system("b")
    figures = {
        "figure 1": draw(case, report, system="a"),
        "figure 3": draw(case, report, pair=("a", "b")),
        "overview": draw(case, report, overview="detailed"),
    }

    found = check_svg(figures["figure 1"], case)
    assert found[0].startswith(shown(f"{a.title}: activity system, ")), found[0]
    for expected in node_tooltips(case, "a"):
        assert_titled(found, expected)

    found = check_svg(figures["figure 3"], case)
    assert found[0].startswith(shown(f"{a.title} and {b.title} around their shared object, "))
    for expected in [*node_tooltips(case, "a"), *node_tooltips(case, "b")]:
        assert_titled(found, expected)
    shared = case.shared_object
    assert_titled(found, f"Shared object (object 3)\n{shared.label if shared else '?'}")
    for exchange in case.exchanges:
        if {exchange.from_, exchange.to} == {"a", "b"}:
            assert any(t.startswith(shown(f"Exchange: {exchange.label}\n")) for t in found)
    assert_contradictions_quoted(found, case, report)

    found = check_svg(figures["overview"], case)
    overview = subtitled(case.title, "overview of 3 activity systems")
    assert found[0].startswith(shown(f"{overview}, ")), found[0]
    for system in case.systems:
        box = f"{system.title}\n{system.subject.label} → {system.object.label}"
        assert_titled(found, box)
    for exchange in case.exchanges:
        assert any(t.startswith(shown(f"Exchange: {exchange.label}\n")) for t in found)
    assert_contradictions_quoted(found, case, report)

    again = Case.model_validate(data)  # nothing kept from the first drawing
    report = default_report(again)
    assert draw(again, report, system="a") == figures["figure 1"]
    assert draw(again, report, pair=("a", "b")) == figures["figure 3"]
    assert draw(again, report, overview="detailed") == figures["overview"]


# -- the tests --------------------------------------------------------------------------

PLAIN = {
    "title": "Court reports",
    "systems": [
        {
            "id": "a",
            "subject": "Magistrate",
            "object": {"label": "Sentence", "values": ["punishment"]},
            "rules": [{"id": "targets", "label": "Targets", "time_limit": "3 weeks"}],
        },
        {
            "id": "b",
            "subject": "Psychiatrist",
            "object": {"label": "Treatment", "values": ["treatment"]},
            "tools": [{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
        },
        {"id": "c", "subject": "Police", "object": "Arrest"},
    ],
    "exchanges": [
        {"id": "x", "label": "Report", "from": "b", "to": "a", "needed_within": "a.targets"}
    ],
}


@examples(6, 0.5)
@given(data=cases())
@example(data=PLAIN)
@example(data={**PLAIN, "title": "Who sees them first?"})  # no colon after a question
def test_figures_carry_any_text_in_their_titles_and_nothing_else(data: dict[str, Any]) -> None:
    check_case(data)


@examples(2, 0.1)
@given(data=cases())
def test_a_handout_inlining_the_figures_stays_inert(data: dict[str, Any]) -> None:
    case = Case.model_validate(data)
    page = Page(render_handout(case).text)
    assert_inert(page)
    # a figure for each system, the overview, one for each pair of neighbours
    assert [tag for tag, _ in page.elements].count("svg") == 4 + len(case.neighbours())


# -- found by fuzzing -------------------------------------------------------------------


@pytest.mark.parametrize("piece", ["&", "🧠", "&lt;", '"', "\\", "\\n"])
def test_a_tooltip_holds_the_longest_label_of_any_characters(piece: str) -> None:
    # Graphviz (2.43) refused a quoted string with a run of more than about 16,000 bytes
    # without a backslash or a quote: 5000 ampersands ("&amp;" each) or emoji made one.
    label = (piece * MAX_LABEL_LENGTH)[:MAX_LABEL_LENGTH]
    data = {
        "title": label,
        "systems": [
            {"id": "a", "name": label, "subject": label, "object": "O", "tools": [label]},
            {"id": "b", "subject": "S", "object": "O"},
        ],
        "exchanges": [{"id": "x", "label": label, "from": "b", "to": "a"}],
    }
    case = Case.model_validate(data)
    svg = render(case, format="svg", contradictions=False)
    assert isinstance(svg, str)
    found = titles(parsed(svg))
    assert found[0] == shown(f"{label} and b around their shared object")
    assert_titled(found, f"{label}: Subject\n{label}")
    assert_titled(found, f"{label}: Tools\n• {label}")
    assert any(t.startswith(shown(f"Exchange: {label}\n")) for t in found)


@pytest.mark.parametrize("piece", ["<", "&", "🧠", "]"])
def test_the_overview_holds_the_longest_name_of_any_characters(piece: str) -> None:
    # The overview showed a system's name unwrapped: Graphviz (2.43) refused an HTML-like
    # label with a run of more than 16,384 bytes of text ("&lt;" for each "<" made one).
    # Now the name is cut short with "…" on one line, and the tooltip holds it in full.
    name = (piece * MAX_LABEL_LENGTH)[:MAX_LABEL_LENGTH]
    case = Case.model_validate(
        {
            "title": "T",
            "systems": [
                {"id": "a", "name": name, "subject": "S", "object": "O"},
                {"id": "b", "subject": "S", "object": "O"},
            ],
        }
    )
    root = parsed(draw(case, default_report(case), overview="detailed"))
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    [cut] = [text for text in texts if text.endswith("…")]
    assert len(cut) > 10
    assert name.startswith(cut[:-1])
    assert_titled(titles(root), f"{name}\nS → O")


def test_a_line_of_marks_that_take_no_room_is_drawn() -> None:
    # A word of marks that take no room fits on one line however long it is: 5,000
    # variation selectors of four bytes each made a run of text Graphviz (2.43) refused.
    label = "a" + "\U000e0100" * (MAX_LABEL_LENGTH - 1)
    case = Case.model_validate(
        {"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O", "tools": [label]}]}
    )
    root = parsed(draw(case, default_report(case), system="a"))
    assert f"• {label}" in ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_a_figure_of_names_full_of_backslashes_takes_no_time() -> None:
    # Escaping the quotes in a tooltip, here and in python-graphviz (which quoted the
    # figure's own), took time that grew with the square of a run of backslashes: a
    # minute for this figure.
    long = "\\" * MAX_LABEL_LENGTH
    case = Case.model_validate(
        {
            "title": long,
            "systems": [
                {"id": "a", "name": long, "subject": long, "object": "O"},
                {"id": "b", "name": long, "subject": "S", "object": "O"},
            ],
        }
    )
    started = time.perf_counter()
    source = figure(case, pair=("a", "b"), contradictions=False).source
    assert time.perf_counter() - started < 5.0  # a tenth of a second, on a busy machine
    assert f"[tooltip={tooltip(f'{long} and {long} around their shared object')}]" in source


#: As many W as a line of 100 points holds.
_FULL = "W" * max(k for k in range(40) if text_width("W" * k) <= 100)


@pytest.mark.parametrize(
    "text",
    [
        lambda n: "\u0301" * n,  # one word of combining marks, which take no room
        lambda n: _FULL + "\u0301" * n + " more",  # a full line of them, cut short
    ],
    ids=["split", "shorten"],
)
def test_wrapping_text_of_marks_that_take_no_room_is_linear(text: Callable[[int], str]) -> None:
    # Each piece of a long word, and each shorter form of a line cut short, was measured
    # again from its start: the work grew with the square of the length.
    def work(count: int) -> int:
        return lines_executed(lambda: wrap(text(count), 100, max_lines=1))

    assert work(2000) < 2.5 * work(1000)


def test_wrapping_still_cuts_where_it_did() -> None:
    assert wrap("W" * 30 + " abc", 60, max_lines=1) == ["WWWWW…"]
    assert wrap("ab cd ef", 25, max_lines=1) == ["ab…"]
    assert wrap("Wi" * 20, 40) == ["WiWiWi", "WiWiWi", "WiWiWi", "WiWi…"]
