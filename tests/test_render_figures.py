"""Figures as DOT: pinned triangles, the pair and overview layouts, bolts and themes."""

from __future__ import annotations

import html
import itertools
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from figure_parts import crossings, crowded_kinks, cut_kinks, drawing, numbers
from hypothesis import given, settings
from hypothesis import strategies as st

import activity_systems as a
from activity_systems import ActivitySystem, Case
from activity_systems.model import Level, NodeName
from activity_systems.render import figure, render
from activity_systems.render.bolts import finding_nodes, plan_marks
from activity_systems.render.figures import system_figure
from activity_systems.render.geometry import Point, Rect, Shape, bounds, distance_to_segment
from activity_systems.render.layout import mirrored_pair
from activity_systems.render.panels import Panel
from activity_systems.rules.engine import check
from activity_systems.rules.finding import Finding, Report, systems_named
from activity_systems.strategies import cases

# Drawn actions name findings at random, so now and then one names a reported finding
# almost but not quite, and check() warns about it (as documented for property tests).
pytestmark = pytest.mark.filterwarnings("ignore::activity_systems.MisnamedFindingWarning")

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

NODE = re.compile(r"^\s*(n\d+) \[(.*)\]$", re.MULTILINE)
POS = re.compile(r'pos="(-?[\d.]+),(-?[\d.]+)!"')


def nodes(source: str) -> dict[str, str]:
    """Node id -> its attribute text (without the tooltip, whose user text could look
    like any attribute)."""
    return {m.group(1): m.group(2) for m in NODE.finditer(drawing(source))}


def heading_positions(source: str) -> dict[str, tuple[float, float]]:
    """Where the node with each bold heading is pinned."""
    found: dict[str, tuple[float, float]] = {}
    for attrs in nodes(source).values():
        heading = re.search(r"<B>([^<]+)</B></FONT></TD></TR>", attrs)
        pos = POS.search(attrs)
        if heading and pos:
            found.setdefault(heading.group(1), (float(pos.group(1)), float(pos.group(2))))
    return found


def plain(source: str) -> str:
    """The DOT text without markup: what the labels say."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", drawing(source))).split())


def badges(source: str) -> list[int]:
    """The numbers on the contradiction badges."""
    return sorted(
        int(m.group(1))
        for attrs in nodes(source).values()
        if "shape=circle" in attrs
        for m in [re.search(r"label=<<B>(\d+)</B>>", attrs)]
        if m
    )


def court() -> Case:
    return a.load(COURT)


def test_every_node_is_pinned_with_a_synthetic_id() -> None:
    source = figure(court()).source
    assert "layout=nop" in source
    assert "inputscale=72" in source
    for node_id, attrs in nodes(source).items():
        assert re.fullmatch(r"n\d+", node_id)
        assert POS.search(attrs), f"{node_id} is not pinned"


def test_triangle_layout_is_a_textbook_triangle() -> None:
    where = heading_positions(figure(court(), system="court").source)
    tools, subject, obj = where["Tools"], where["Subject"], where["Object"]
    rules, community, labour = where["Rules"], where["Community"], where["Division of labour"]
    outcome = where["Outcome"]
    assert tools[1] > subject[1] == obj[1] > rules[1] == community[1] == labour[1]
    assert rules[0] < subject[0] < tools[0] < obj[0] < labour[0]
    assert community[0] == tools[0]
    assert outcome[1] == obj[1]
    assert outcome[0] > obj[0]


def test_mirrored_triangle_puts_the_object_toward_the_other() -> None:
    names: tuple[NodeName, ...] = (
        "tools",
        "subject",
        "object",
        "outcome",
        "rules",
        "community",
        "division_of_labour",
    )
    panels = {n: Panel("<x>", 100, 40) for n in names}
    pair = mirrored_pair(panels, panels, Panel("<x>", 150, 50, "ellipse"))
    left, right, middle = pair.left, pair.right, pair.shared.center.x
    assert left["subject"].center.x < left["object"].center.x < left["outcome"].center.x
    assert right["outcome"].center.x < right["object"].center.x < right["subject"].center.x
    assert left["rules"].center.x < left["division_of_labour"].center.x < middle
    assert middle < right["division_of_labour"].center.x < right["rules"].center.x
    # mirror images: the same distances from the middle
    for node in names:
        assert middle - left[node].center.x == pytest.approx(right[node].center.x - middle)
        assert left[node].center.y == right[node].center.y


def test_figure3_objects_face_each_other_around_the_shared_object() -> None:
    source = figure(court()).source
    objects = [
        (float(m.group(1)), attrs)
        for attrs in nodes(source).values()
        if "<B>Object</B>" in attrs or "object 3" in attrs
        for m in [POS.search(attrs)]
        if m
    ]
    objects.sort()
    assert "object 3" in objects[1][1]  # shared object between the two objects
    # subjects are at the outer ends
    subjects = sorted(p for h, p in heading_positions(source).items() if h == "Subject")
    assert subjects


def test_figure1_of_the_court_follows_the_chapter() -> None:
    source = plain(figure(court(), system="court").source)
    for text in (
        "Magistrate",
        "Written assessment request",
        "liaison workers",
        "limited in time",
        "Defence lawyers",
        "Probation officers",
        "Court ushers",
        "Other magistrates",
        "Security staff",
    ):
        assert text in source


def test_same_case_gives_byte_identical_dot() -> None:
    assert figure(court()).source == figure(a.load(COURT)).source


def test_contradictions_are_numbered_like_the_report() -> None:
    case = court()
    report = check(case)
    drawn = badges(figure(case).source)
    expected = [report.number(f) for f in report.findings if f.category == "contradiction"]
    assert drawn == sorted(expected)
    assert not [n for n in drawn if report.findings[n - 1].category != "contradiction"]


def test_contradictions_false_draws_no_bolts() -> None:
    source = figure(court(), contradictions=False).source
    assert badges(source) == []
    assert "#d7191c" not in source
    assert "Zig-zag" not in source


def test_print_theme_draws_black_dashed_bolts() -> None:
    source = figure(court(), theme="print").source
    assert "#d7191c" not in source
    assert re.search(r'color="#000000" dir=\w+ penwidth=2 style=dashed', source)
    assert badges(source)


def test_unknown_theme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown theme 'neon'"):
        figure(court(), theme="neon")


def finding(rule: str, level: Level, *elements: str) -> Finding:
    return Finding.create(
        rule=rule,
        name="test",
        category="contradiction",
        level=level,
        severity="medium",
        elements=elements,
        message="m",
        explanation="e",
        prompt="p",
    )


def test_exchange_ids_map_to_the_nodes_their_edge_joins() -> None:
    named, joined = finding_nodes(
        court(), finding("AS201", "quaternary", "court.request", "mhs.report", "court-report")
    )
    assert named == [("court", "tools"), ("mhs", "tools")]
    assert joined == [("mhs", "tools"), ("court", "tools")]


def test_an_exchange_leaves_from_the_tool_it_takes_its_time_from() -> None:
    """With no ``produced_with``, the tool ``takes`` names is the tool that produces the
    exchange: its arrow leaves from the tools, not from the task that produces it."""
    data = court().model_dump(by_alias=True, exclude_none=True)
    exchange = next(x for x in data["exchanges"] if x["id"] == "court-report")
    del exchange["produced_with"]
    assert exchange["takes"] == "mhs.report"
    case = Case.model_validate(data)
    _, joined = finding_nodes(case, finding("AS201", "quaternary", "court-report"))
    assert joined == [("mhs", "tools"), ("court", "tools")]
    drawn = figure(case, pair=("court", "mhs"), contradictions=False).source
    assert drawn == figure(court(), pair=("court", "mhs"), contradictions=False).source


def test_primary_contradiction_is_a_bolt_on_its_node() -> None:
    case = court()
    report = Report.build(
        case.title, [finding("AS403", "primary", "mhs.full-assessment-and-report")], ["AS403"]
    )
    source = figure(case, system="mhs", report=report).source
    assert badges(source) == [1]
    labour = next(i for i, attrs in nodes(source).items() if "Division of labour" in attrs)
    # the bolt's last segment ends on the node, with the arrowhead there
    assert re.search(rf"n\d+ -> {labour} \[arrowsize=0.8 color=\"#d7191c\" dir=forward", source)


def test_a_contradiction_with_a_system_not_shown_points_out_of_the_figure() -> None:
    case = court()
    report = Report.build(
        case.title, [finding("AS301", "quaternary", "court.object", "mhs.object")], ["AS301"]
    )
    marks = plan_marks(case, report, lambda key: key if key[0] == "court" else (key[0], "*"))
    assert len(marks) == 1
    assert marks[0].outward
    assert marks[0].ends == (("court", "object"),)
    source = figure(case, system="court", report=report).source
    assert badges(source) == [1]
    assert "pointing out of a node" in source


@pytest.mark.parametrize(
    ("example", "system"),
    [
        ("court-reports", "court"),
        ("court-reports", "mhs"),
        ("segregation-unit", "segregation"),
        ("segregation-unit", "healthcare"),
    ],
)
def test_outward_bolts_point_away_from_the_figure(
    example: str, system: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from activity_systems.render import glyphs

    drawn: list[tuple[Shape, list[Point], Any]] = []
    original = glyphs.draw_glyph

    def recording(canvas: Any, shape: Shape, number: int, **options: Any) -> None:
        before = len(canvas.graph.body)
        original(canvas, shape, number, **options)
        if options.get("outward"):
            points = [
                Point(float(x), float(y))
                for x, y in POS.findall("".join(canvas.graph.body[before:]))
            ]
            drawn.append((shape, points, options.get("frame")))

    monkeypatch.setattr(glyphs, "draw_glyph", recording)
    figure(a.load(ROOT / "examples" / f"{example}.yaml"), system=system)
    assert len(drawn) >= 3
    for shape, points, frame in drawn:
        way_out = (shape.center - frame.center).unit()
        # the glyph's first vertex is its outer end: it lies on the far side of the node
        # from the figure's middle, give or take a quarter turn
        direction = (points[0] - shape.center).unit()
        assert direction.x * way_out.x + direction.y * way_out.y > -0.25, (shape, points[0])


@pytest.mark.parametrize("kind", ["box", "ellipse"])
def test_arrow_ends_moved_apart_stay_on_the_outline(kind: Any) -> None:
    from activity_systems.render.strokes import spread

    wide = Shape(Point(0, 0), 350, 100, kind)
    end = wide.boundary(Point(175, 40), 3.0)  # 3 pt off the outline, near a corner
    taken: list[Point] = []
    for _ in range(5):  # each new end is moved along the outline, round the corner
        moved = spread(wide, end, taken)
        taken.append(moved)
        assert wide.margin_of(moved) == pytest.approx(3.0, abs=0.01)
    assert len({(round(p.x), round(p.y)) for p in taken}) == 5


def three_systems() -> Case:
    systems = [
        {
            "id": s,
            "name": s.title(),
            "subject": f"{s} worker",
            "object": f"{s} client",
            "tools": [{"id": "form", "label": f"{s} form"}],
        }
        for s in ("police", "mhs", "probation")
    ]
    return Case.model_validate(
        {
            "title": "Three agencies",
            "systems": systems,
            "exchanges": [
                {
                    "id": "referral",
                    "label": "Referral",
                    "from": "police",
                    "to": "mhs",
                    "produced_with": "police.form",
                },
                {"id": "update", "label": "Update", "from": "mhs", "to": "probation"},
            ],
            "declared": [{"between": ["police.object", "probation.object"], "level": "quaternary"}],
        }
    )


def test_more_than_two_systems_give_an_overview_and_any_pair() -> None:
    case = three_systems()
    overview = figure(case).source
    assert "3 activity systems" in overview
    assert "Referral" in overview
    assert "Update" in overview
    assert badges(overview) == [1, 2, 3]  # two unowned exchanges, one declared
    pair = figure(case, pair=("police", "mhs")).source
    assert "Shared object (object 3)" in pair
    assert "Referral" in pair
    assert "pointing out of a node" in pair  # police-probation drawn as an outward bolt


def test_many_elements_show_the_first_ones_and_a_count() -> None:
    system = ActivitySystem(
        id="big", subject="S", object="O", community=[f"Member {i}" for i in range(10)]
    )
    source = figure(system, contradictions=False).source
    drawn = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", source)
    assert "Member 5" in drawn
    assert "Member 6" not in drawn
    assert "+4 more" in drawn
    # the node's tooltip (what a screen reader reads, and hovering shows) has them all
    assert "• Member 6\\n• Member 7\\n• Member 8\\n• Member 9" in source


def test_a_system_alone_may_name_exchanges_and_systems_it_is_not_with() -> None:
    mhs = a.load(COURT).system("mhs")  # its task produces the court report
    alone = mhs.model_copy(update={"advances": "old-service"})
    source = figure(alone).source
    assert "Psychiatrist" in source
    assert "Full assessment and report" in plain(source)


def test_a_given_report_is_drawn_without_checking_the_case_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = a.load(COURT)
    report = check(case)
    calls: list[Case] = []

    def counting_run(case: Case, rules: object = None) -> Report:
        calls.append(case)
        return report

    monkeypatch.setattr("activity_systems.rules.engine.run_rules", counting_run)
    given = render(case, format="dot", report=report)
    assert calls == []
    assert render(case, format="dot") == given
    assert len(calls) == 1


def test_bad_options_are_refused() -> None:
    case = court()
    with pytest.raises(ValueError, match="not both"):
        figure(case, system="court", pair=("court", "mhs"))
    with pytest.raises(ValueError, match="two different"):
        figure(case, pair=("court", "court"))
    with pytest.raises(KeyError, match="did you mean 'court'"):
        figure(case, system="cort")
    with pytest.raises(TypeError, match="case=case"):
        figure(check(case))


def svg_text(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


@needs_graphviz
def test_court_figure3_svg_has_every_label_and_one_bolt_per_contradiction() -> None:
    case = court()
    report = check(case)
    first = render(case, format="svg")
    assert isinstance(first, str)
    assert render(a.load(COURT), format="svg") == first  # byte-identical on a second run
    words = " ".join(svg_text(first)).split()
    for system in case.systems:
        for _, element in system.elements():
            for word in element.label.split():
                assert word in words, f"{element.label!r} is missing"
    numbers = sorted(int(w) for w in svg_text(first) if w.isdigit())
    contradictions = [report.number(f) for f in report.findings if f.category == "contradiction"]
    assert numbers == sorted(contradictions)


# Half an A4 page (210 x 148.5 mm) less 10 mm margins, in points; the smallest type still
# readable in print.
HALF_A4 = (190 / 25.4 * 72, 128.5 / 25.4 * 72)
READABLE_PT = 6.0
SMALLEST_PT = 5.0


def printed_sizes(svg: str) -> tuple[float, float]:
    """The element text's size, and the smallest text's, once the figure is scaled to fit
    half an A4 page."""
    root = ET.fromstring(svg)
    width, height = (float(root.attrib[k].removesuffix("pt")) for k in ("width", "height"))
    scale = min(HALF_A4[0] / width, HALF_A4[1] / height)
    sizes = [float(t.attrib["font-size"]) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    return 10.0 * scale, min(sizes) * scale


@needs_graphviz
@pytest.mark.parametrize(
    ("example", "system"),
    [
        ("court-reports", None),
        ("court-reports", "court"),
        ("court-reports", "mhs"),
        ("segregation-unit", None),
        ("segregation-unit", "segregation"),
        ("segregation-unit", "healthcare"),
    ],
)
def test_figures_are_readable_at_half_an_a4_page(example: str, system: str | None) -> None:
    case = a.load(ROOT / "examples" / f"{example}.yaml")
    svg = render(case, format="svg", system=system)
    assert isinstance(svg, str)
    text, smallest = printed_sizes(svg)
    assert text >= READABLE_PT, f"element text prints at {text:.2f} pt"
    assert smallest >= SMALLEST_PT, f"the smallest text prints at {smallest:.2f} pt"


# The figures of the table "Sizes in print" in docs/figures.md, by its first column.
PRINTED_FIGURES: dict[str, tuple[str, dict[str, Any]]] = {
    "Figure 1, court example": ("court-reports", {"system": "court"}),
    "Figure 2, court example": ("court-reports", {"system": "mhs"}),
    "Figure 3, court example": ("court-reports", {}),
    "Figure 3, segregation example": ("segregation-unit", {}),
    "Figure 3, `--pair local national`": ("liaison-and-diversion", {"pair": ("local", "national")}),
    "overview, liaison example": ("liaison-and-diversion", {}),
}


def mm(points: float) -> float:
    return points / 72 * 25.4


def printed_table() -> dict[str, list[str]]:
    """The rows of the table of the figures' sizes in print, by their first cell."""
    page = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    _, found, after = page.partition("\n| figure | drawn at |")
    assert found, "figures.md has no table of the figures' sizes in print"
    rows = {}
    for line in after.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


@needs_graphviz
def test_the_sizes_in_print_that_the_figures_page_gives_are_measured() -> None:
    # A journal's single column is about 85 mm wide and its page about 175 mm: the
    # page says how large each figure's text prints at those widths, and how wide a
    # figure must print for its element text to be 7 pt.
    rows = printed_table()
    assert sorted(rows) == sorted(PRINTED_FIGURES)
    for name, (example, options) in PRINTED_FIGURES.items():
        svg = render(a.load(ROOT / "examples" / f"{example}.yaml"), format="svg", **options)
        assert isinstance(svg, str)
        root = ET.fromstring(svg)
        width, height = (float(root.attrib[k].removesuffix("pt")) for k in ("width", "height"))
        smallest = min(
            float(t.attrib["font-size"]) for t in root.iter("{http://www.w3.org/2000/svg}text")
        )
        column, page = (85 / 25.4 * 72 / width, 175 / 25.4 * 72 / width)
        assert rows[name] == [
            f"{width:.0f} × {height:.0f} pt ({mm(width):.0f} mm)",
            f"{10 * column:.1f} pt",
            f"{10 * page:.1f} pt",
            f"{smallest * page:.1f} pt",
            f"{mm(width) * 0.7:.0f} mm",
        ], name


def text_boxes(source: str) -> list[tuple[str, float, float, float, float]]:
    """Every pinned node that is more than a point of a line, as (id, left, bottom, right,
    top) in points."""
    boxes = []
    for node_id, attrs in nodes(source).items():
        if "shape=point" in attrs:
            continue
        pos = POS.search(attrs)
        width = re.search(r"\bwidth=([\d.]+)", attrs)
        height = re.search(r"\bheight=([\d.]+)", attrs)
        assert pos, node_id
        assert width, node_id
        assert height, node_id
        x, y = float(pos.group(1)), float(pos.group(2))
        w, h = float(width.group(1)) * 72 / 2, float(height.group(1)) * 72 / 2
        boxes.append((node_id, x - w, y - h, x + w, y + h))
    return boxes


def overlapping(source: str, *, badges: bool = True) -> list[tuple[str, str]]:
    """Pairs of nodes (badges too, or not) that overlap by more than a point."""
    attrs = nodes(source)
    boxes = [b for b in text_boxes(source) if badges or "shape=circle" not in attrs[b[0]]]
    # left < other's right and bottom < other's top, both ways, by more than 1 pt
    return [
        (p[0], q[0])
        for i, p in enumerate(boxes)
        for q in boxes[i + 1 :]
        if p[1] < q[3] - 1 and q[1] < p[3] - 1 and p[2] < q[4] - 1 and q[2] < p[4] - 1
    ]


@pytest.mark.parametrize(
    ("example", "options"),
    [
        ("court-reports", {}),
        ("court-reports", {"system": "court"}),
        ("court-reports", {"system": "mhs"}),
        ("segregation-unit", {}),
        ("segregation-unit", {"theme": "print"}),
        ("liaison-and-diversion", {"pair": ("local", "national")}),
        ("liaison-and-diversion", {"pair": ("court", "local")}),
        ("liaison-and-diversion-2027", {"pair": ("local", "national")}),
    ],
)
def test_nodes_badges_and_labels_do_not_overlap(example: str, options: dict[str, Any]) -> None:
    case = a.load(ROOT / "examples" / f"{example}.yaml")
    clash = overlapping(figure(case, **options).source)
    assert not clash, f"overlapping nodes: {clash}"


def bolts_and_badges(source: str) -> list[tuple[int, tuple[float, float], list[Point]]]:
    """Each bolt's number, the centre of its badge and the bolt's vertices. A bolt is the
    run of pinned points drawn just before its badge; glyphs (five points) and badges on
    nodes (no points) are left out."""
    found = []
    run: list[Point] = []
    for attrs in nodes(source).values():
        pos = POS.search(attrs)
        assert pos
        xy = Point(float(pos.group(1)), float(pos.group(2)))
        if "shape=point" in attrs:
            run.append(xy)
            continue
        number = re.search(r"label=<<B>(\d+)</B>>", attrs)
        if "shape=circle" in attrs and number and len(run) > 5:
            found.append((int(number.group(1)), (xy.x, xy.y), run))
        run = []
    return found


def distance_to_line(point: tuple[float, float], line: list[Point]) -> float:
    here = Point(*point)
    return min(distance_to_segment(here, a, b) for a, b in itertools.pairwise(line))


@pytest.mark.parametrize(
    ("example", "options"),
    [
        ("court-reports", {}),
        ("segregation-unit", {}),
        ("segregation-unit", {"theme": "print"}),
        ("liaison-and-diversion", {}),
        ("liaison-and-diversion", {"pair": ("local", "national")}),
        ("liaison-and-diversion", {"pair": ("court", "local")}),
        ("liaison-and-diversion-2027", {}),
        ("liaison-and-diversion-2027", {"pair": ("local", "national")}),
    ],
)
def test_each_bolt_wears_its_own_number(example: str, options: dict[str, Any]) -> None:
    # On the bolt itself where there is room; where bolts run side by side, beside it
    # and nearer it than any other bolt.
    case = a.load(ROOT / "examples" / f"{example}.yaml")
    bolts = bolts_and_badges(figure(case, **options).source)
    assert bolts
    for number, badge, line in bolts:
        own = distance_to_line(badge, line)
        others = [distance_to_line(badge, other) for n, _, other in bolts if n != number]
        assert own < 1 or (own <= 24 and all(own < other for other in others)), (
            f"badge {number} is {own:.0f} pt from its bolt, "
            f"{min(others, default=math.inf):.0f} pt from another"
        )


# Nodes and labels never overlap, whatever the systems hold (for the numbers, see
# test_render_crowded.py, which tests discs as discs and ovals as ovals).
@settings(max_examples=max(5, (settings.default or settings()).max_examples // 3))
@given(cases(min_systems=2, max_systems=2, max_elements=5), st.booleans())
def test_figure3_of_any_pair_keeps_its_nodes_and_labels_apart(
    case: Case, contradictions: bool
) -> None:
    source = figure(case, contradictions=contradictions).source
    assert not overlapping(source, badges=False)


def test_a_kink_keeps_clear_of_lines_drawn_before() -> None:
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.strokes import lightning

    line = [Point(0, 0), Point(300, 0)]
    obstacles = Obstacles()
    corners, _, _ = lightning(line, obstacles)
    assert 140 < corners[1].x < 160  # nothing in the way: the middle
    obstacles.add_line([Point(150, -50), Point(150, 50)])  # a line across the middle
    corners, _, _ = lightning(line, obstacles)
    kink = bounds([Rect(c, 1, 1) for c in corners])
    assert kink.right < 150 - 6 or kink.left > 150 + 6


def test_a_bolt_drawn_later_goes_round_an_earlier_kink() -> None:
    from activity_systems.render.bolts import draw_bolt
    from activity_systems.render.canvas import Canvas
    from activity_systems.render.theme import THEMES

    canvas = Canvas(THEMES["default"])
    left, right = Shape(Point(0, 0), 60, 40), Shape(Point(400, 0), 60, 40)
    top, bottom = Shape(Point(200, 200), 60, 40), Shape(Point(200, -200), 60, 40)
    for shape in (left, right, top, bottom):
        canvas.node(shape, "<x>")
    draw_bolt(canvas, left, right, [1])  # its kink sits in the middle, where the next would cross
    (first,) = canvas.obstacles.lines
    kink = bounds([Rect(p, 1, 1) for p in first if 180 < p.x < 220 and abs(p.y) > 1])
    draw_bolt(canvas, top, bottom, [2])
    second = canvas.obstacles.lines[-1]
    crossings = canvas.obstacles._lines.crossings(kink.left, kink.bottom, kink.right, kink.top)
    assert set(crossings) == {0}, second


def _routed_through(a: Shape, b: Shape, *others: Rect) -> list[list[Rect]]:
    """What the route from ``a`` to ``b`` among ``others`` runs through (each shrunk by
    a point), and what the straight line between them does."""
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.routing import route

    obstacles = Obstacles([a.rect, b.rect, *others])
    straight = [a.exit(a.center, b.center, 3.0), b.exit(b.center, a.center, 3.0)]
    return [
        [rect for rect in obstacles.across(path, -1.0) if rect not in (a.rect, b.rect)]
        for path in (route(a, b, obstacles), straight)
    ]


def test_a_route_keeps_room_for_a_zig_zag_beside_a_line_within_the_figure() -> None:
    # A wall between the two ends sends the route over it, where a line drawn before
    # runs 14 points above the wall. Within the figure (a node above), the route keeps
    # more than 12 points from the line, room for a bolt's zig-zag between them; it ran
    # 10 points off, as close as the grid lets a line run beside another. Outside the
    # figure (no node above), keeping further off would make the figure taller: it
    # still runs 10 points off.
    from activity_systems.render.geometry import samples
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.routing import route

    a, b = Shape(Point(0, 0), 40, 20), Shape(Point(300, 0), 40, 20)
    wall, above = Rect(Point(150, -100), 40, 400), Rect(Point(150, 220), 40, 20)
    line = [Point(90, 114), Point(210, 114)]
    gaps = []
    for others in ([wall, above], [wall]):
        obstacles = Obstacles([a.rect, b.rect, *others])
        obstacles.add_line(line)
        path = route(a, b, obstacles)
        over = [Point(x, y) for x, y in samples(path) if 130 <= x <= 170]
        gaps.append(min(distance_to_segment(p, *line) for p in over))
    assert gaps[0] > 12.0
    assert gaps[1] == pytest.approx(10.0)


def test_a_route_hemmed_in_passes_under_a_number_rather_than_across_a_node() -> None:
    # every way the grids find runs through something: the usual one cuts the corner of
    # the node below the start, a closer one only that of the number to its left, which
    # touches that node (no gap between them to slip through)
    a, b = Shape(Point(0, 0), 40, 20), Shape(Point(161.7, -57.7), 40, 20)
    below, number = Rect(Point(19.7, -32.4), 80, 40), Rect(Point(-28.1, -4.1), 16, 16)
    right, above = Rect(Point(63.4, -3.2), 80, 40), Rect(Point(-10.3, 47.8), 120, 60)
    routed, straight = _routed_through(a, b, below, number, right, above)
    assert routed == [number]
    assert straight == [below, right]


def test_a_route_hemmed_in_slips_between_a_number_and_a_node_a_few_points_apart() -> None:
    # The number stands 4 points off the node below the start: the grid's cells are
    # 8 points wide, and the way through the gap, through their centres, ran under the
    # number. Moved sideways within the gap, it runs under neither.
    a, b = Shape(Point(0, 0), 40, 20), Shape(Point(161.7, -57.7), 40, 20)
    below, number = Rect(Point(19.7, -32.4), 80, 40), Rect(Point(-32.1, -4.1), 16, 16)
    right, above = Rect(Point(63.4, -3.2), 80, 40), Rect(Point(-10.3, 47.8), 120, 60)
    routed, straight = _routed_through(a, b, below, number, right, above)
    assert routed == []
    assert straight == [below, right]


def test_a_route_moved_sideways_within_a_gap_crosses_no_line_it_did_not() -> None:
    # A way through a gap between a label and a node runs a point under the label; moved
    # to the middle of the gap, it would cross an arrow drawn before that ends in it.
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.routing import _nudge, _under

    a, b = Shape(Point(0, 0), 20, 20), Shape(Point(0, 100), 20, 20)
    label, node = Rect(Point(-12, 50), 20, 10), Rect(Point(12, 50), 20, 10)
    arrow = [Point(-1, 35), Point(20, 35)]
    obstacles = Obstacles([a.rect, b.rect, label, node], [arrow])
    path = [Point(0, 10), Point(-4, 30), Point(-4, 70), Point(0, 90)]
    moved = _nudge(path, obstacles, a, b)
    assert _under(obstacles, moved, a, b) == 0
    # where it passes the arrow's height, it is left of the arrow's end
    (where,) = [
        p.x + (q.x - p.x) * (35 - p.y) / (q.y - p.y)
        for p, q in itertools.pairwise(moved)
        if p.y <= 35 < q.y
    ]
    assert where < -1, moved


def test_a_route_hemmed_in_takes_the_straight_line_where_that_runs_through_nothing() -> None:
    # nodes on every side, none more than ten points off: the ways the grids find run
    # under the node to the right, the straight line only grazes it
    a, b = Shape(Point(0, 0), 40, 20), Shape(Point(126, -32), 40, 20)
    others = [
        Rect(Point(4, -47), 120, 60),
        Rect(Point(54, 8), 60, 30),
        Rect(Point(-7, 50), 120, 60),
        Rect(Point(-82, -14), 120, 60),
    ]
    assert _routed_through(a, b, *others) == [[], []]


def test_a_mark_on_an_oval_is_not_blocked_by_the_oval_itself() -> None:
    from activity_systems.render.canvas import Canvas
    from activity_systems.render.glyphs import _cost_beside, glyph_places
    from activity_systems.render.theme import THEMES

    canvas = Canvas(THEMES["default"])
    oval = Shape(Point(0, 0), 120, 170, "ellipse")  # tall: its box reaches far past it
    canvas.node(oval, "<x>")
    costs = [
        _cost_beside(canvas, oval, points, area, 3.0, math.inf)
        for points, _, area in glyph_places(oval)
    ]
    assert costs == [0.0] * len(costs)
    # anything else still counts
    canvas.obstacles.add_line((Point(-200, 40), Point(200, 40)))
    assert any(
        cost > 0
        for cost in (
            _cost_beside(canvas, oval, points, area, 3.0, math.inf)
            for points, _, area in glyph_places(oval)
        )
    )


@pytest.mark.parametrize(
    ("example", "pair"),
    [
        ("liaison-and-diversion-2027", ("court", "national")),
        ("liaison-and-diversion", ("court", "national")),
        ("liaison-and-diversion", ("court", "local")),
    ],
)
def test_an_outward_bolt_never_points_into_another_node(
    example: str, pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from activity_systems.render import glyphs

    badges: list[tuple[Shape, Point, Any]] = []
    original = glyphs.draw_glyph

    def recording(canvas: Any, shape: Shape, number: int, **options: Any) -> None:
        before = len(canvas.graph.body)
        original(canvas, shape, number, **options)
        if options.get("outward"):
            *_, (x, y) = POS.findall("".join(canvas.graph.body[before:]))
            badges.append((shape, Point(float(x), float(y)), canvas))

    monkeypatch.setattr(glyphs, "draw_glyph", recording)
    figure(a.load(ROOT / "examples" / f"{example}.yaml"), pair=pair)
    assert badges
    for shape, badge, canvas in badges:
        for other in canvas.ids:
            if other != shape and other.width > 30:  # the nodes, not the lines' vertices
                assert not other.rect.inflate(9).contains(badge), (shape, other, badge)


def test_the_overview_of_a_large_case_draws_one_line_per_pair_with_how_many() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from activity_systems.render import summary
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(10))
    report = a.check(case)
    marks = plan_marks(case, report, lambda key: (key[0], "system"))
    assert len(marks) > summary.DETAIL_LIMIT
    source = figure(case, report=report).source
    assert "how many" in source  # the caption says so
    counts = [int(n) for n in re.findall(r"×(\d+)", source)]
    groups: dict[tuple[str, ...], int] = {}
    for mark in marks:
        ends = tuple(sorted({key[0] for key in mark.ends}))
        groups[ends] = groups.get(ends, 0) + 1
    per_pair: dict[tuple[str, ...], int] = {}
    for exchange in case.exchanges:
        pair = tuple(sorted((exchange.from_, exchange.to)))
        per_pair[pair] = per_pair.get(pair, 0) + 1
    # a count for every pair or system with several contradictions, and every pair of
    # systems with several exchanges; none for one
    assert sorted(counts) == sorted(
        [n for n in groups.values() if n > 1] + [n for n in per_pair.values() if n > 1]
    )
    # no finding numbers: those are on each pair's Figure 3
    assert "shape=circle" not in source
    # a small case keeps its numbered bolts
    liaison = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    assert "×" not in figure(liaison).source
    assert "shape=circle" in figure(liaison).source


def test_the_overview_of_a_large_case_keeps_counts_and_kinks_off_the_boxes() -> None:
    """A line between two systems may run under a third one's box: its ×N and its bolt's
    kink go where they do not cover that box's text."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(15))
    source = figure(case, report=a.check(case)).source

    def rect(attrs: str) -> Rect:
        pos = POS.search(attrs)
        assert pos is not None
        width = float(re.search(r"(?<![a-z])width=([0-9.]+)", attrs)[1])  # type: ignore[index]
        height = float(re.search(r"(?<![a-z])height=([0-9.]+)", attrs)[1])  # type: ignore[index]
        return Rect(Point(float(pos[1]), float(pos[2])), width * 72, height * 72)

    boxes, marks = [], []
    for attrs in nodes(source).values():
        if "<TABLE" in attrs:
            boxes.append(rect(attrs))
        elif "×" in attrs or ("shape=point" in attrs and 'color="#d7191c"' in attrs):
            marks.append((attrs[:40], rect(attrs)))
    assert len(boxes) == 15
    assert any("×" in what for what, _ in marks)
    assert [(what, box) for what, mark in marks for box in boxes if mark.overlaps(box)] == []


def test_the_overview_of_a_large_case_runs_no_line_under_a_box() -> None:
    """A line between two systems that would run under a third one's box (and read as
    two lines to it) bends round it."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from activity_systems.render.geometry import crosses
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(15))
    source = figure(case, report=a.check(case)).source
    found = nodes(source)

    def centre(attrs: str) -> Point:
        pos = POS.search(attrs)
        assert pos is not None
        return Point(float(pos[1]), float(pos[2]))

    boxes = []
    for attrs in found.values():
        if "<TABLE" in attrs:
            width = float(re.search(r"(?<![a-z])width=([0-9.]+)", attrs)[1])  # type: ignore[index]
            height = float(re.search(r"(?<![a-z])height=([0-9.]+)", attrs)[1])  # type: ignore[index]
            boxes.append(Rect(centre(attrs), width * 72 - 2, height * 72 - 2))
    assert len(boxes) == 15
    points = {name for name, attrs in found.items() if "shape=point" in attrs}
    segments = [
        (centre(found[tail]), centre(found[head]))
        for tail, head in re.findall(r"\b(n\d+) -> (n\d+)", source)
        if tail in points and head in points
    ]
    assert len(segments) > 100
    under = [(p, q) for p, q in segments for box in boxes if crosses(p, q, box)]
    assert under == []


_COORDINATE = st.floats(-500, 500, allow_nan=False)


@given(
    st.builds(Point, _COORDINATE, _COORDINATE),
    st.builds(Point, _COORDINATE, _COORDINATE),
    st.sampled_from([8.0, 10.0]),
)
def test_a_straight_zigzag_has_the_points_of_the_general_one(
    a: Point, b: Point, amplitude: float
) -> None:
    # Glyphs try dozens of straight shafts each: their zig-zag takes a shorter way, which
    # must give the very same points (figures are compared byte for byte).
    from activity_systems.render.strokes import _zigzag_polyline, zigzag

    assert zigzag([a, b], amplitude) == _zigzag_polyline([a, b], amplitude)


def test_a_straight_line_with_both_ends_moved_along_their_nodes_cuts_no_third_node() -> None:
    # Both ends of a short straight line are moved round their nodes, away from the ends
    # of earlier lines. Each end's place, tested against where the other end was, keeps
    # the line clear of the node above: the line between the two moved ends did not.
    from activity_systems.render.canvas import Canvas
    from activity_systems.render.routing import route
    from activity_systems.render.theme import THEMES

    canvas = Canvas(THEMES["default"])
    a = Shape(Point(255.2, 206.3), 112.1, 46.6)
    b = Shape(Point(353.0, 155.5), 54.3, 58.3, "ellipse")
    others = [Shape(Point(127.0, 113.4), 40.6, 46.0), Shape(Point(261.9, 140.9), 104.3, 58.4)]
    for shape in (a, b, *others):
        canvas.node(shape, "<x>")
    canvas.ends[a] = [Point(312.7, 180.0), Point(196.1, 208.7)]
    canvas.ends[b] = [Point(330.7, 177.1), Point(357.0, 187.4), Point(380.0, 141.1)]
    routed = route(a, b, canvas.obstacles)
    assert len(routed) == 2
    assert not [r for r in canvas.obstacles.across(routed, -1.0) if r not in (a.rect, b.rect)]
    path = canvas.attach(routed, a, b, clear=True)
    assert path[0] != routed[0]  # the start moved (the end stays where no place fits)
    crossed = [r for r in canvas.obstacles.across(path, -1.0) if r not in (a.rect, b.rect)]
    assert crossed == []


@pytest.mark.parametrize(
    ("p", "q", "cut"),
    [
        ((0, 0), (0, 10), 0),  # its end on the line's middle
        ((0, 10), (0, 0), 0),  # the other way round
        ((-8, 5), (8, 5), 0),  # the line's end on its middle
        ((-5, 0), (-8, 4), 0),  # end to end
        ((0, -5), (0, 5), 1),  # across
    ],
)
def test_a_segment_that_only_touches_a_line_does_not_cut_it(
    p: tuple[float, float], q: tuple[float, float], cut: int
) -> None:
    # a segment whose end lay on a line's middle was counted as cutting it, though one
    # that the line's end touched in the same way was not
    from activity_systems.render.obstacles import Obstacles

    obstacles = Obstacles()
    obstacles.add_line([Point(-5, 0), Point(5, 0), Point(0, 5)])
    assert obstacles.lines_cut(Point(*p), Point(*q)) == cut


def test_a_kink_with_lines_near_it_everywhere_goes_where_none_cuts_it() -> None:
    # a line runs beside the bolt all along, near enough to its kink anywhere, and
    # another crosses it in the middle: the kink goes where only the first passes by
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.strokes import lightning

    obstacles = Obstacles()
    obstacles.add_line([Point(-50, 14.5), Point(350, 14.5)])
    obstacles.add_line([Point(150, -60), Point(150, 60)])
    corners, _, _ = lightning([Point(0, 0), Point(300, 0)], obstacles)
    assert all(obstacles.lines_cut(p, q) == 0 for p, q in itertools.pairwise(corners))
    assert max(c.x for c in corners) < 150 - 3 or min(c.x for c in corners) > 150 + 3


def test_a_kink_that_every_line_cuts_away_from_a_node_goes_beside_the_node() -> None:
    # Another line runs along the bolt, a point off it, from x = 60 on: it cuts the kink
    # at every place clear of nodes. The one place it leaves, at x = 52, is near a box
    # (not on it): the kink goes there rather than on the line, as the liaison pair
    # figure's bolt 9 had its kink on bolt 4, which ran along it.
    from activity_systems.render.geometry import Rect
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.strokes import _cut, lightning

    obstacles = Obstacles([Rect(Point(32, 22), 24, 16)])
    obstacles.add_line([Point(60, 1), Point(200, 1)])
    corners, centre, _ = lightning([Point(0, 0), Point(200, 0)], obstacles)
    assert not _cut(corners, obstacles)
    assert centre == Point(52, 0)


def test_a_kink_that_lines_pass_near_everywhere_goes_where_they_pass_furthest() -> None:
    # A line runs beside the bolt from x = 60 on, 13.5 points off: near every place for
    # the kink, cutting none. In the middle it passes 3.5 points from the kink's tip; at
    # x = 52, the kink turned the other way round, more than 6 points from it. The kink
    # went to the middle, as court Figure 3's bolt 6 had its zig-zag a point from bolt 2.
    from activity_systems.render.obstacles import Obstacles
    from activity_systems.render.strokes import lightning

    obstacles = Obstacles()
    obstacles.add_line([Point(60, 13.5), Point(140, 13.5)])
    corners, centre, _ = lightning([Point(0, 0), Point(200, 0)], obstacles)
    assert obstacles.line_gap(corners, 10.0) >= 6.0
    assert centre == Point(52, 0)


def test_an_end_moved_along_its_node_goes_to_the_side_where_it_crosses_no_line() -> None:
    # A line leaves the top of a wide box up and to the right. A new line from just
    # beside it, to a node further right, must move its end off the first line's end:
    # moved to the left (the first place tried), it would cross the first line.
    from activity_systems.render.canvas import Canvas
    from activity_systems.render.theme import THEMES

    canvas = Canvas(THEMES["default"])
    box = Shape(Point(-100, 0), 300, 40)
    target = Shape(Point(160, 90), 80, 40)
    for shape in (box, target):
        canvas.node(shape, "<x>")
    first = [Point(0, 23), Point(60, 120)]
    canvas.obstacles.add_line(first)
    canvas.ends[box] = [first[0]]
    path = canvas.attach([Point(6, 23), Point(120, 80)], box, target, clear=True)
    assert path[0] != Point(6, 23)  # moved off the first line's end
    assert canvas.obstacles.lines_cut(path[0], path[1]) == 0


@pytest.mark.parametrize("example", sorted(p.stem for p in (ROOT / "examples").glob("*.yaml")))
def test_no_line_cuts_a_bolts_zig_zag_in_an_examples_figure(example: str) -> None:
    # Court Figure 3's bolt 10 had its zig-zag where bolt 4 crossed it, and the
    # liaison overview's bolt 7 had bolt 6 across its zig-zag: either could be read
    # as the other's.
    assert cut_kinks(figure(a.load(ROOT / "examples" / f"{example}.yaml")).source) == []


@pytest.mark.parametrize("example", ["court-reports", "segregation-unit"])
def test_no_line_passes_close_beside_a_bolts_zig_zag_in_figure_3(example: str) -> None:
    # Court Figure 3's bolt 6 had its zig-zag a point from bolt 2 and five from bolt 4,
    # squeezed between the bolts above the court's Tools, where another place along it
    # was clear; in the segregation example's, bolt 5's zig-zag was 4 points from bolt 4.
    case = a.load(ROOT / "examples" / f"{example}.yaml")
    assert crowded_kinks(figure(case).source, 6.0) == []


@pytest.mark.parametrize("pair", [("local", "national"), ("national", "local")])
def test_no_lines_cross_in_the_liaison_pair_figure(pair: tuple[str, str]) -> None:
    # Bolt 2, from the local practice's Rules to the national model's Tools, ran up past
    # the local Object and over the top beside bolts 4 and 9, crossing three lines; with
    # room kept beside the lines drawn before, it runs across the middle and up to the
    # national Tools from below, and no two lines of the figure cross.
    case = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    assert crossings(figure(case, pair=pair).source) == 0


def test_no_line_cuts_a_bolts_zig_zag_in_the_liaison_pair_figure() -> None:
    # In the figure of local practice and the national model, bolt 9 runs along bolt 4
    # all the way, and its kink stood on bolt 4 where a place beside a node was free.
    case = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    assert cut_kinks(figure(case, pair=("local", "national")).source) == []


def _along_a_guide(canvas: Any, points: list[Point]) -> bool:
    """Whether half or more of a glyph's shaft lies within 4 points of one of the
    figure's own (triangle) lines."""
    from activity_systems.render.geometry import samples

    xy = [Point(x, y) for x, y in samples(points)]
    for guide in canvas.obstacles.guides:
        near = [
            p
            for p in xy
            if any(distance_to_segment(p, a, b) <= 4.0 for a, b in itertools.pairwise(guide))
        ]
        if 2 * len(near) >= len(xy):
            return True
    return False


@pytest.mark.parametrize(
    ("example", "pair"),
    [
        ("liaison-and-diversion", ("court", "national")),
        ("liaison-and-diversion", ("national", "court")),
        ("court-reports", ("court", "mhs")),
        ("liaison-and-diversion-2027", ("court", "local")),
    ],
)
def test_no_short_bolt_runs_along_a_triangle_line(
    example: str, pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The national object's bolt 9 stood along its line to the division of labour, its
    # number on that line: it read as a contradiction between the two.
    from activity_systems.render import glyphs

    shafts: list[tuple[Any, list[Point]]] = []
    original = glyphs._shaft

    def recording(canvas: Any, shape: Shape, points: list[Point], *args: Any) -> None:
        shafts.append((canvas, points))
        original(canvas, shape, points, *args)

    monkeypatch.setattr(glyphs, "_shaft", recording)
    figure(a.load(ROOT / "examples" / f"{example}.yaml"), pair=pair)
    assert shafts
    assert [points for canvas, points in shafts if _along_a_guide(canvas, points)] == []


def test_the_caption_says_what_a_short_arrow_into_a_node_means_when_there_is_one() -> None:
    # local practice's Figure 2 (2027) has a short bolt pointing into its division of
    # labour; the court's Figure 1 has none
    into = "A short arrow pointing into a node: a contradiction within it"
    case = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    assert into in figure(case, system="local").source
    court = a.load(ROOT / "examples" / "court-reports.yaml")
    assert into not in figure(court, system="court").source


def test_a_primary_finding_that_names_two_nodes_stands_on_one_and_badges_the_other() -> None:
    # a rule of the user's may call a contradiction primary and name elements of two
    # nodes: its short bolt stands on the first, and the second gets its number, as any
    # other node a finding names does
    from activity_systems import Finding, Report

    case = a.load(ROOT / "examples" / "court-reports.yaml")
    finding = Finding.create(
        rule="X001",
        name="two-nodes",
        category="contradiction",
        level="primary",
        severity="low",
        elements=["court.request", "court.targets"],
        message="m",
        explanation="e",
        prompt="p",
    )
    report = Report.build(case.title, [finding], rules_run=["X001"])
    assert numbers(figure(case, system="court", report=report).source) == [1, 1]


UNDRAWN = re.compile(r"[Ii]n the report only, not drawn: ([\d, and]+)<")


def test_a_figure_names_the_findings_on_its_systems_that_no_figure_draws() -> None:
    # The liaison case's integration finding is between the court and the local
    # service: its number is in their figures' captions and in no other's.
    case = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    report = check(case)
    (gap,) = [f for f in report.findings if f.category != "contradiction"]
    number = str(report.number(gap))

    def undrawn(**kw: Any) -> list[str]:
        return UNDRAWN.findall(str(render(case, format="dot", report=report, **kw)))

    assert undrawn(pair=("court", "local")) == [number]
    assert undrawn(system="court") == undrawn(system="local") == [number]
    assert undrawn(system="national") == []
    assert undrawn(pair=("local", "national")) == [number]  # local is on it
    assert undrawn(pair=("court", "national")) == [number]
    # drawn without a report, a figure has no numbers to speak of
    plain = system_figure(case.system("court"), case=case)
    assert "not drawn" not in plain.source


@pytest.mark.parametrize("overview", ["detailed", "summary"])
def test_the_overview_names_every_finding_that_no_figure_draws(overview: str) -> None:
    # The overview shows every system, so it lists every finding no figure draws: the
    # integration gap, and one that names nothing in the case (a report of another
    # version of it), which no other caption lists.
    case = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    report = check(case)
    stray = Finding.create(
        rule="AS402",
        name="unassigned-task",
        category="contradiction",
        level="primary",
        severity="low",
        elements=["gone.task"],
        message="m",
        explanation="e",
        prompt="p",
    )
    report = Report.build(report.case, [*report.findings, stray], report.rules_run)
    (gap,) = [f for f in report.findings if f.category != "contradiction"]
    numbers = f"{report.number(gap)} and {report.number(stray)}"
    named = rf"finding {report.number(stray)} names 'gone\.task'"
    with pytest.warns(a.StaleReportWarning, match=named):
        figure = str(render(case, format="dot", report=report, overview=overview))
    assert UNDRAWN.findall(figure) == [numbers]
    with pytest.warns(a.StaleReportWarning):
        court = str(render(case, format="dot", report=report, system="court"))
    assert UNDRAWN.findall(court) == [str(report.number(gap))]


SEGREGATION = ROOT / "examples" / "segregation-unit.yaml"
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"


def test_a_report_of_another_case_is_refused_naming_both() -> None:
    # It would draw the court's Figure 3 with another case's contradictions, or none.
    court = a.load(COURT)
    other = check(a.load(SEGREGATION))
    refused = (
        "the report is of “Caring for segregated prisoners”, not of “Psychiatric reports for "
        "the magistrates' court”: give the report of this case, check(case), or none"
    )
    for draw in (
        lambda: render(court, report=other, format="dot"),
        lambda: render(other, case=court, format="dot"),
        lambda: figure(court, pair=("court", "mhs"), report=other),
        lambda: figure(court, system="court", report=other),
    ):
        with pytest.raises(ValueError, match="the report is of") as error:
            draw()
        assert str(error.value) == refused
    # the report of an earlier version with another title is another case's
    later = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    with pytest.raises(ValueError, match=r"“Court liaison .*\(2026\)”, not of “.*\(2027\)”"):
        render(later, report=check(a.load(LIAISON)), format="dot")
    # a report that is not drawn is not looked at
    assert "digraph" in str(render(court, report=other, contradictions=False, format="dot"))


def test_a_system_drawn_alone_with_its_cases_report_is_told_to_give_the_case() -> None:
    case = a.load(COURT)
    report = check(case)
    with pytest.raises(ValueError, match=r"not of “Magistrates' court”: .* give its case too"):
        render(case.system("court"), report=report, format="dot")
    drawn = render(case.system("court"), case=case, report=report, format="dot")
    assert drawn == render(case, system="court", report=report, format="dot")


def test_a_report_of_an_earlier_version_warns_of_what_the_case_no_longer_has() -> None:
    # A version of the liaison case without the national model, under the same title:
    # the report checked before it was removed numbers findings that no figure can draw.
    case = a.load(LIAISON)
    report = check(case)
    later = case.subcase(["court", "local"], title=case.title)
    gone = [f for f in report.findings if "national" in systems_named(case, f.elements)]
    first = report.number(gone[0])
    (named,) = [ref for ref in gone[0].elements if ref.startswith("national.")]
    with pytest.warns(a.StaleReportWarning) as warned:
        render(later, report=report, format="dot")
    assert len(warned) == 1
    assert str(warned[0].message) == (
        f"{len(gone)} findings of the report name an element, exchange or system that "
        f"“{case.title}” does not have (finding {first} names "
        f"{named!r}): the report is probably of an earlier version of the "
        "case, with that version's numbers and findings; give the case's own report, "
        "check(case)"
    )
    assert warned[0].filename == __file__  # where the user drew it
    # every figure drawn with it says so, from the cached index
    with pytest.warns(a.StaleReportWarning):
        figure(later, pair=("court", "local"), report=report)


def test_the_stale_report_warning_is_the_packages_like_its_others() -> None:
    from activity_systems import errors

    assert a.StaleReportWarning is errors.StaleReportWarning
    assert "StaleReportWarning" in a.__all__
    assert issubclass(a.StaleReportWarning, UserWarning)
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert "        - StaleReportWarning\n" in page


def test_the_reports_figures_draw_give_no_warning() -> None:
    # pyproject turns the warning into an error: these would fail with one.
    case = a.load(LIAISON)
    report = check(case)
    render(case, report=report, format="dot")
    render(report, case=case, format="dot")
    figure(case, pair=("local", "national"), report=report)
    part = case.subcase(["local", "national"])
    figure(part, report=check(part))
    built = Report.build(case.title, report.findings[:3], report.rules_run)  # by hand
    figure(case, report=built)
    between = ["court.object", "mhs.confidentiality"]
    declared = a.load(COURT).model_copy(
        update={"declared": [{"between": between, "level": "quaternary"}]}
    )
    own = check(declared, [*a.BUILTIN_RULES, "AS000"])
    assert any(f.declared for f in own.findings)
    figure(declared, report=own)


def test_a_case_whose_findings_are_all_drawn_says_nothing_of_undrawn_ones() -> None:
    case = a.load(COURT)
    report = check(case)
    kept = Report(
        case=report.case,
        findings=[f for f in report.findings if f.category == "contradiction"],
    )
    assert "not drawn" not in str(render(case, format="dot", report=kept))
    assert UNDRAWN.findall(str(render(case, format="dot", report=report))) == ["12"]
