"""What a figure's SVG says to a screen reader and on hover: its ``<title>`` elements.

Graphviz titles every node and edge with its name (``n12``, ``n12->n13``), which is
noise; the figures give their marks tooltips, and the SVG carries them as titles: the
figure's own, each node's text in full, each bolt's contradiction, each exchange.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems import Case
from activity_systems.render import figure, render
from activity_systems.render.canvas import tooltip
from activity_systems.render.labels import ELLIPSIS
from activity_systems.render.lookups import contradictions
from activity_systems.render.theme import THEMES
from activity_systems.render.titles import retitle
from activity_systems.rules.engine import check

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"
SVG = "{http://www.w3.org/2000/svg}"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
GRAPHVIZ_NAME = re.compile(r"^n\d+(->n\d+)?$")
TOOLTIP = re.compile(r'tooltip="(?:[^"\\]|\\.)*"')


def groups(svg: str) -> list[tuple[str, str | None, ET.Element]]:
    """``(class, title or None, group)`` of every node and edge of the SVG."""
    root = ET.fromstring(svg.encode("utf-8"))
    found = []
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class", "")
        if kind in ("node", "edge"):
            title = group.find(f"{SVG}title")
            found.append((kind, None if title is None else title.text or "", group))
    return found


def texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def titles(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [t.text or "" for t in root.iter(f"{SVG}title")]


@pytest.fixture(scope="module")
def court_figure3() -> tuple[Case, a.Report, str]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    case = a.load(COURT)
    report = check(case)
    svg = render(case, pair=("court", "mhs"), report=report, format="svg")
    assert isinstance(svg, str)
    return case, report, svg


def test_no_title_is_a_graphviz_name(court_figure3: tuple[Case, a.Report, str]) -> None:
    _, _, svg = court_figure3
    found = titles(svg)
    assert found
    assert not [t for t in found if GRAPHVIZ_NAME.match(t) or t == "figure"]
    assert "<!-- n1 -->" not in svg
    # the decoration has none: the triangles' sides, the dots that join a line's segments
    assert [kind for kind, title, _ in groups(svg) if title is None].count("edge") >= 12


def test_the_figure_is_titled_by_what_it_shows(court_figure3: tuple[Case, a.Report, str]) -> None:
    _, _, svg = court_figure3
    root = ET.fromstring(svg.encode("utf-8"))
    first = root[0]
    assert first.tag == f"{SVG}title"
    assert first.text == (
        "Magistrates' court and Community mental health services around their shared "
        "object, 11 contradictions"
    )


def test_every_bolt_says_its_number_and_message(
    court_figure3: tuple[Case, a.Report, str],
) -> None:
    case, report, svg = court_figure3
    numbered = {entry.number: entry.finding for entry in contradictions(case, report).all}
    shown: set[int] = set()
    for kind, title, group in groups(svg):
        words = texts(group)
        if kind == "node" and len(words) == 1 and words[0].isdigit():  # a bolt's number
            number = int(words[0])
            finding = numbered[number]
            assert title == (
                f"Contradiction {number} ({finding.rule}, {finding.level}, {finding.severity}): "
                f"{finding.message}"
            )
            shown.add(number)
    assert len(shown) == 11
    # every part of every bolt says which contradiction it is, without the message (its
    # number has it, and a bolt has dozens of parts): the bolt colour's lines
    bolt = THEMES["default"].bolt
    for kind, title, group in groups(svg):
        path = group.find(f"{SVG}path")
        if kind == "edge" and path is not None and path.get("stroke") == bolt:
            if path.get("stroke-width") == "0.8":  # a leader: no meaning of its own
                assert title is None
                continue
            assert title is not None
            number = int(title.split()[1])
            assert number in shown
            finding = numbered[number]
            about = f"({finding.rule}, {finding.level}, {finding.severity})"
            assert title == f"Contradiction {number} {about}"


def test_a_node_tooltip_holds_its_text_in_full(court_figure3: tuple[Case, a.Report, str]) -> None:
    case, _, svg = court_figure3
    found = {title for _, title, _ in groups(svg) if title is not None}
    for system in case.systems:
        for node in ("tools", "rules", "community", "division_of_labour"):
            elements = system.node(node)
            heading = {"division_of_labour": "Division of labour"}.get(node, node.title())
            lines = [f"{system.title}: {heading}", *(f"• {e.label}" for e in elements)]
            assert "\n".join(lines) in found
        assert f"{system.title}: Subject\n{system.subject.label}" in found
    shared = case.shared_object
    assert shared is not None
    assert f"Shared object (object 3)\n{shared.label}" in found
    exchange = case.exchanges[0]
    assert (
        f"Exchange: {exchange.label}\n"
        "Community mental health services (Tools) → Magistrates' court (Tools)"
    ) in found


@needs_graphviz
def test_text_cut_short_in_the_drawing_is_whole_in_the_tooltip() -> None:
    long = " ".join(f"word{i}" for i in range(60))
    system = a.ActivitySystem(
        id="big",
        name="Big service",
        subject="S",
        object="O",
        tools=[long, *(f"Tool {i}" for i in range(8))],
    )
    svg = render(system, format="svg", contradictions=False)
    assert isinstance(svg, str)
    (tools,) = [(t, g) for _, t, g in groups(svg) if t and t.startswith("Big service: Tools")]
    title, group = tools
    assert title.splitlines() == [
        "Big service: Tools",
        f"• {long}",
        *(f"• Tool {i}" for i in range(8)),
    ]
    drawn = " ".join(texts(group))
    assert ELLIPSIS in drawn
    assert "word59" not in drawn
    assert "+3 more" in drawn
    assert "Tool 7" not in drawn


HOSTILE = [
    'a "quoted" word',
    r"back\slash \N \G \L \n \\ end\\",
    "trailing backslash\\",
    "<b>bold</b> & <i>",
    "&amp; &#x41; &lt; &bogus;",
    "“typographic quotes” and ‘single’ – dash …",
    "<starts and ends>",
    '"]; n99 [tooltip="injected"]; a ["',
]


@needs_graphviz
@pytest.mark.parametrize("label", HOSTILE)
def test_tooltips_show_any_text_literally(label: str) -> None:
    case = Case.model_validate(
        {
            "title": "T",
            "systems": [
                {"id": "court", "name": label, "subject": label, "object": "O"},
                {"id": "mhs", "subject": "P", "object": "Q"},
            ],
            "exchanges": [{"id": "x", "label": label, "from": "mhs", "to": "court"}],
        }
    )
    source = figure(case, contradictions=False).source
    # the user's text stays inside the labels and tooltips (DOT's quoted strings)
    outside = TOOLTIP.sub("", re.sub(r"label=<.*?>[,\] ]", "", source, flags=re.DOTALL))
    assert "injected" not in outside
    svg = render(case, format="svg", contradictions=False)
    assert isinstance(svg, str)
    found = titles(svg)
    assert f"{label}: Subject\n{label}" in found
    assert f"Exchange: {label}\nmhs (Object) → {label} (Object)" in found
    assert found[0] == f"{label} and mhs around their shared object"


@needs_graphviz
def test_an_overview_of_a_case_that_asks_a_question_takes_no_colon_after_it() -> None:
    case = a.load(LIAISON).model_copy(update={"title": "Who sees the defendant first?"})
    svg = render(case, format="svg", overview="detailed")
    assert isinstance(svg, str)
    assert titles(svg)[0].startswith("Who sees the defendant first? Overview of 3 activity")


@needs_graphviz
@pytest.mark.parametrize("detail", ["detailed", "summary"])
def test_overviews_title_their_systems_exchanges_and_contradictions(detail: str) -> None:
    case = a.load(LIAISON)
    svg = render(case, format="svg", overview=detail)
    assert isinstance(svg, str)
    found = titles(svg)
    assert not [t for t in found if GRAPHVIZ_NAME.match(t) or t == "figure"]
    assert found[0].startswith(f"{case.title}: overview of {len(case.systems)} activity systems")
    for system in case.systems:
        assert any(t.startswith(f"{system.title}") and "→" in t for t in found)
    if detail == "summary":
        assert any(re.match(r"\d+ contradictions? between ", t) for t in found)
        assert any(re.match(r"\d+ exchanges?\n", t) for t in found)
    else:
        assert any(t.startswith("Contradiction 1 (") for t in found)
        assert any(t.startswith("Exchange: ") for t in found)


@needs_graphviz
def test_the_same_case_gives_byte_identical_svg() -> None:
    first = render(a.load(COURT), format="svg")
    assert first == render(a.load(COURT), format="svg")


def test_retitle_leaves_an_svg_without_tooltips_untitled() -> None:
    svg = (
        '<svg width="9pt"\n viewBox="0 0 9 9">\n'
        '<g id="graph0" class="graph" transform="scale(1 1)">\n<title>figure</title>\n'
        '<!-- n1 -->\n<g id="node1" class="node">\n<title>n1</title>\n<text>x</text>\n</g>\n'
        "</g>\n</svg>\n"
    )
    assert retitle(svg) == (
        '<svg width="9pt"\n viewBox="0 0 9 9">\n'
        '<g id="graph0" class="graph" transform="scale(1 1)">\n'
        '<g id="node1" class="node">\n<text>x</text>\n</g>\n'
        "</g>\n</svg>\n"
    )


def test_dot_tooltips_are_quoted_for_graphviz() -> None:
    case = Case.model_validate(
        {"title": "T", "systems": [{"id": "s", "subject": 'say "hi" \\N & go', "object": "O"}]}
    )
    source = figure(case).source
    assert r'tooltip="s: Subject\nsay \"hi\" \\\\N &amp; go"' in source


def test_a_tooltip_keeps_its_lines_and_cleans_each() -> None:
    assert tooltip("Tools\n• a  b\tc\n\ufffe") == '"Tools\\n• a b c\\n\ufffd"'
    assert tooltip("<x>") == '"<x>"'  # never read as an HTML-like string


def test_a_screen_reader_meets_each_marks_title_once(
    court_figure3: tuple[Case, a.Report, str],
) -> None:
    # A bolt is drawn in dozens of pieces, each titled for the hover; read mark by mark,
    # the court's Figure 3 said "Contradiction 1 (AS101, quaternary, high)" 25 times,
    # 235 bolt titles before the first node. A piece that repeats an earlier mark's title
    # keeps it as its tooltip and is hidden from screen readers.
    _, _, svg = court_figure3
    read: list[str] = []
    hidden = 0
    for _, title, group in groups(svg):
        if title is None:
            continue
        if group.get("aria-hidden") == "true":
            assert title in read  # said already, by an earlier mark
            hidden += 1
        else:
            read.append(title)
    assert len(read) == len(set(read))
    assert hidden > 200
    assert sum(t.startswith("Contradiction 1 ") for t in read) == 2  # the bolt, its number


def test_retitle_hides_a_repeated_title_from_screen_readers() -> None:
    piece = (
        '<g id="edge{}" class="edge">\n<title>e</title>\n'
        '<g id="a_edge{}"><a xlink:title="Bolt 1">\n<path/>\n</a>\n</g>\n</g>\n'
    )
    svg = piece.format(1, 1) + piece.format(2, 2)
    assert retitle(svg) == (
        '<g id="edge1" class="edge">\n<title>Bolt 1</title>\n<path/>\n</g>\n'
        '<g id="edge2" class="edge" aria-hidden="true">\n<title>Bolt 1</title>\n<path/>\n</g>\n'
    )


@needs_graphviz
def test_two_systems_of_one_name_are_both_read() -> None:
    # Two wards of one name and the same elements draw nodes with the same titles: each
    # is a node of its own, drawn and read, not a piece of a mark said already.
    ward = {"name": "Acute ward", "subject": "Nurse", "object": "Patient", "tools": ["Plan"]}
    case = Case.model_validate(
        {"title": "Two wards", "systems": [{"id": "a", **ward}, {"id": "b", **ward}]}
    )
    for svg in (
        render(case, pair=("a", "b"), format="svg"),
        render(case, format="svg", overview="detailed"),
    ):
        assert isinstance(svg, str)
        nodes = [g for kind, title, g in groups(svg) if kind == "node" and title]
        assert not [g.get("id") for g in nodes if g.get("aria-hidden") == "true"]
        assert sum(texts(g)[0] == "Acute ward" for g in nodes if texts(g)) == 2


def test_retitle_reads_a_node_whose_title_an_earlier_node_has() -> None:
    node = (
        '<g id="node{0}" class="node">\n<title>n{0}</title>\n'
        '<g id="a_node{0}"><a xlink:title="Ward: Subject">\n<text>Nurse</text>\n</a>\n</g>\n</g>\n'
    )
    edge = (
        '<g id="edge{0}" class="edge">\n<title>e</title>\n'
        '<g id="a_edge{0}"><a xlink:title="Ward: Subject">\n<path/>\n</a>\n</g>\n</g>\n'
    )
    svg = retitle(node.format(1) + node.format(2) + edge.format(3))
    assert svg.count('aria-hidden="true"') == 1  # the line, not the second node
    assert '<g id="edge3" class="edge" aria-hidden="true">' in svg


@needs_graphviz
def test_two_exchanges_of_one_label_between_the_same_nodes_are_both_read() -> None:
    # Two referrals from General practice's tools to the Ward, by letter and by form,
    # titled alike: the second was hidden as a repeat, so a screen reader said one
    # exchange where two are drawn, and hovering could not tell them apart. Each now
    # says its id, which tells them apart (and is how the report names an exchange).
    case = Case.model_validate(
        {
            "title": "Referrals",
            "systems": [
                {
                    "id": "gp",
                    "name": "General practice",
                    "subject": "GP",
                    "object": "Patient",
                    "tools": [
                        {"id": "letter", "label": "Referral letter"},
                        {"id": "form", "label": "Referral form"},
                    ],
                },
                {"id": "ward", "name": "Ward", "subject": "Nurse", "object": "Inpatient"},
            ],
            "exchanges": [
                {"id": f"referral-{tool}", "label": "Referral", "from": "gp", "to": "ward"}
                | {"produced_with": f"gp.{tool}"}
                for tool in ("letter", "form")
            ],
        }
    )
    for svg in (
        render(case, pair=("gp", "ward"), format="svg"),
        render(case, format="svg", overview="detailed"),
    ):
        assert isinstance(svg, str)
        read = [
            title
            for _, title, group in groups(svg)
            if title and title.startswith("Exchange") and group.get("aria-hidden") != "true"
        ]
        assert read == [
            "Exchange: Referral (referral-letter)\nGeneral practice (Tools) → Ward (Object)",
            "Exchange: Referral (referral-form)\nGeneral practice (Tools) → Ward (Object)",
        ]
