"""The summary overview draws the lines between systems two places apart round the ring
outside it, where they cross no line inside: far fewer lines cross, counts stay by
their lines and off the boxes, and the same case gives the same figure."""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest
from figure_parts import NODE, _rect, crossings, drawn_lines

import activity_systems as a
from activity_systems import Case
from activity_systems.render import figure, figures, summary
from activity_systems.render.geometry import Rect, crosses, gap_to_line
from activity_systems.render.summary import outside

ROOT = Path(__file__).resolve().parent.parent
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"

#: Pairs of lines that crossed in the summary overview of the generated regional map of
#: 12 and of 30 systems (seed 0) when every line ran inside the ring (measured with
#: :func:`crossings` on the figure drawn before lines went round the outside).
ALL_INSIDE = {12: 257, 30: 767}


def generated(count: int) -> Case:
    """A generated regional map of ``count`` systems (seed 0): each system exchanges
    with those one to three places away round the region."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    return Case.model_validate(case_data(count, seed=0))


def all_inside(case: Case, monkeypatch: pytest.MonkeyPatch) -> str:
    """The summary overview with every line inside the ring."""
    with monkeypatch.context() as patch:
        patch.setattr(summary, "outside", lambda *_: {})
        return str(figure(case, overview="summary").source)


def boxes(source: str) -> list[Rect]:
    """The systems' boxes."""
    return [_rect(m[2]) for m in NODE.finditer(source) if "<TABLE" in m[2]]


def counts(source: str) -> list[tuple[str, Rect]]:
    """The ``×N`` labels, with their outlines."""
    found = []
    for m in NODE.finditer(source):
        text = re.search(r"×\d+", m[2])
        if text:
            found.append((text[0], _rect(m[2])))
    return found


@pytest.mark.parametrize("count", [12, 30])
def test_lines_round_the_outside_cut_the_crossings_by_more_than_a_third(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = generated(count)
    drawn = crossings(figure(case, overview="summary").source)
    inside = crossings(all_inside(case, monkeypatch))
    assert drawn <= inside * 2 / 3, (drawn, inside)
    assert drawn <= ALL_INSIDE[count] * 2 / 3, drawn


@pytest.mark.parametrize("count", [12, 30])
def test_lines_round_the_outside_keep_off_the_boxes_and_their_counts_by_them(
    count: int,
) -> None:
    source = figure(generated(count), overview="summary").source
    lines = [points for points, _ in drawn_lines(source)]
    found = boxes(source)
    assert len(found) == count
    under = [
        (p, q)
        for points in lines
        for p, q in itertools.pairwise(points)
        for box in found
        if crosses(p, q, box.inflate(-1))
    ]
    assert under == []
    labels = counts(source)
    assert labels
    assert [(text, box) for text, label in labels for box in found if label.overlaps(box)] == []
    # each on or beside a line
    far = [
        (text, label.center)
        for text, label in labels
        if min(gap_to_line(label, points) for points in lines) > 10
    ]
    assert far == []


def test_the_same_case_gives_the_same_lines_round_the_outside() -> None:
    case = generated(12)
    first = figure(case, overview="summary").source
    assert figure(generated(12), overview="summary").source == first


def test_a_pair_goes_outside_where_fewer_lines_cross_it() -> None:
    ring = ["a", "b", "c", "d", "e", "f"]
    # a–c crosses b's lines to e and f inside; nothing outside
    assert outside(ring, {("a", "c"): 1, ("b", "e"): 1, ("b", "f"): 1}) == {("a", "c"): "b"}
    # neighbours cross nothing, and lines three places apart would run round two systems
    assert outside(ring, {("a", "b"): 2, ("a", "d"): 2, ("b", "c"): 1, ("c", "d"): 1}) == {}
    # a–c and b–d cross either way: one goes outside, the first, and the other stays in
    assert outside(ring, {("a", "c"): 1, ("b", "d"): 1}) == {("a", "c"): "b"}
    # round the ring the other way: f and b are two apart, round a
    assert outside(ring, {("b", "f"): 1, ("a", "c"): 1, ("a", "d"): 2}) == {("b", "f"): "a"}
    # b–d goes outside; then a–c crosses as many lines outside (b–d) as inside (b–e),
    # and on a tie a pair stays inside
    lines = {("b", "d"): 1, ("c", "f"): 2, ("a", "c"): 1, ("b", "e"): 1}
    assert outside(ring, lines) == {("b", "d"): "c"}
    # three systems are all neighbours: the bundled examples draw every line inside
    assert outside(["a", "b", "c"], {("a", "b"): 1, ("a", "c"): 2, ("b", "c"): 1}) == {}


def test_the_overview_of_three_systems_is_drawn_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = a.load(LIAISON)
    source = figure(case, overview="summary").source
    assert source == all_inside(case, monkeypatch)
    assert all(len(points) <= 8 for points, _ in drawn_lines(source))


def test_a_line_round_the_outside_goes_round_the_system_between(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ring = ["a", "b", "c", "d", "e"]
    systems = [{"id": s, "name": s.upper(), "subject": "S", "object": "O"} for s in ring]
    exchanges = [
        {"id": f"x{k}", "label": "Report", "from": p, "to": q}
        for k, (p, q) in enumerate([("a", "c"), ("b", "d"), ("b", "e")])
    ]
    case = Case.model_validate({"title": "Region", "systems": systems, "exchanges": exchanges})
    monkeypatch.setattr(figures, "ring_order", lambda count, *_: list(range(count)))
    source = figure(case, overview="summary").source
    found = dict(zip(ring, boxes(source), strict=True))
    # the exchanges' arrows (each one way; the bolts, with the rules' contradictions
    # between the same systems, point both ways and run beside them)
    arrows = [points for points, heads in drawn_lines(source) if heads == (False, True)]
    assert len(arrows) == 3
    arcs = [points for points in arrows if len(points) > 2]
    assert len(arcs) == 1  # a–c, round b; b's lines to d and e run inside, straight
    (arc,) = arcs
    assert {found["a"].inflate(4).contains(arc[0]), found["a"].inflate(4).contains(arc[-1])} == {
        True,
        False,
    }
    assert found["c"].inflate(4).contains(arc[0]) or found["c"].inflate(4).contains(arc[-1])
    # out past b's box, on the side away from the middle of the ring
    away = found["b"].center.unit()
    furthest = max(p.x * away.x + p.y * away.y for p in arc)
    reach = max(
        x * away.x + y * away.y
        for x in (found["b"].left, found["b"].right)
        for y in (found["b"].bottom, found["b"].top)
    )
    assert furthest > reach
    assert crossings(source) == 0


def test_the_summary_of_a_case_with_a_system_that_exchanges_nothing_is_drawn() -> None:
    # c has no line of its own: a line round it outside crosses nothing either way
    assert outside(["a", "b", "c", "d"], {("b", "d"): 1}) == {}
    # the summary of a case where one system exchanges nothing yet, without contradictions
    case = a.loads(
        "title: Quiet\nsystems:\n"
        + "".join(f"  - {{id: {s}, subject: {s.upper()}, object: x}}\n" for s in "abcd")
        + "exchanges:\n"
        + "".join(
            f"  - {{label: r{k}, from: {p}, to: {q}}}\n"
            for k, (p, q) in enumerate([("a", "b"), ("a", "d"), ("b", "d")])
        )
    )
    source = figure(case, overview="summary", contradictions=False).source
    assert source.count("->") > 0
