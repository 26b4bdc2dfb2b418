"""The summary overview's small steps do no more work than their answers need, and give
the answers they gave before: counted, not timed.

A summary overview of 2,000 systems places thousands of counts beside their lines and
draws tens of thousands of dots and segments; each step here was once done the long
way, and is checked against that way.
"""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import pytest

from activity_systems.render import strokes
from activity_systems.render.canvas import Canvas, number, statement
from activity_systems.render.geometry import Point, Rect, Shape, extent
from activity_systems.render.obstacles import Obstacles
from activity_systems.render.theme import THEMES


def _every_place(
    centre: Point, normal: Point, size: tuple[float, float], gap: float, obstacles: Obstacles
) -> Rect:
    """Where beside() puts a tag, found by trying every place of each ring in turn."""
    along_line = normal.normal() * -1
    best: tuple[float, int, Rect] | None = None
    order = 0
    for extra in strokes._EXTRAS:
        for shift in strokes._SHIFTS:
            for side in (1.0, -1.0):
                outward = normal * side
                reach = extent(size[0], size[1], outward) + gap + extra
                tag = Rect(centre + outward * reach + along_line * shift, size[0], size[1])
                cost = obstacles.cost([], tag, clearance=0.0, lines=False)
                cost = cost + abs(shift) / 10 + extra / 6
                order += 1
                if best is None or (cost, order) < (best[0], best[1]):
                    best = (cost, order, tag)
        if best is not None and best[0] < 10:
            break
    assert best is not None
    return best[2]


class _Counted(Obstacles):
    def __init__(self, rects: list[Rect] | None = None) -> None:
        super().__init__(rects or [])
        self.asked = 0

    def cost(self, *args: Any, **kwargs: Any) -> float:
        self.asked += 1
        return super().cost(*args, **kwargs)


def test_a_count_on_clear_ground_tries_one_place() -> None:
    # the first place costs nothing, and no other place can cost less: it was 26 places
    obstacles = _Counted()
    strokes.beside(Point(0, 0), Point(0, 1), (30.0, 15.0), 2.0, obstacles, lines=False)
    assert obstacles.asked == 1


def test_a_count_tries_no_place_that_cannot_beat_the_best() -> None:
    # a box on the first place: the other side is free, and nothing after it can be cheaper
    obstacles = _Counted([Rect(Point(0, 12), 30, 15)])
    placed = strokes.beside(Point(0, 0), Point(0, 1), (30.0, 15.0), 2.0, obstacles, lines=False)
    assert placed.center.y < 0
    assert obstacles.asked == 2


@pytest.mark.parametrize("seed", range(40))
def test_a_count_goes_where_trying_every_place_puts_it(seed: int) -> None:
    rng = random.Random(seed)
    rects = [
        Rect(Point(rng.uniform(-80, 80), rng.uniform(-80, 80)), rng.uniform(5, 60), 15)
        for _ in range(rng.randint(0, 25))
    ]
    guides = [
        [Point(rng.uniform(-100, 100), rng.uniform(-100, 100)) for _ in range(2)]
        for _ in range(rng.randint(0, 6))
    ]
    angle = rng.uniform(0, 2 * math.pi)
    normal = Point(math.cos(angle), math.sin(angle))
    size = (rng.choice([22.0, 30.0, 38.0]), 15.0)
    obstacles = Obstacles(rects, guides=guides)
    expected = _every_place(Point(0, 0), normal, size, 2.0, obstacles)
    assert strokes.beside(Point(0, 0), normal, size, 2.0, obstacles, lines=False) == expected


@pytest.mark.parametrize("style", ["solid", "dashed"])
@pytest.mark.parametrize("arrowhead", ["normal", "onormal"])
@pytest.mark.parametrize("heads", [(False, True), (True, True), (True, False), (False, False)])
def test_a_line_writes_the_statements_of_its_nodes_and_edges(
    style: str, arrowhead: str, heads: tuple[bool, bool]
) -> None:
    # what node() and edge() write, attribute dicts sorted and quoted statement by statement
    canvas = Canvas(THEMES["default"])
    start, end = Shape(Point(-100, 0), 40, 20), Shape(Point(100, 0), 40, 20)
    canvas.node(start, "<a>")
    canvas.node(end, "<b>")
    points = [Point(-70, 0), Point(-20.5, 10.25), Point(0, -0.001), Point(70, 0)]
    written = len(canvas.graph.body)
    canvas.polyline(
        points,
        colour="#d7191c",
        penwidth=1.6,
        style=style,
        heads=heads,
        arrowhead=arrowhead,
        ends=(start, end),
        solid=points[1:3],
        tooltip='2 "exchanges" & more',
    )
    expected = []
    ids: list[tuple[str, Point | None]] = []
    for k, vertex in enumerate(points, start=3):
        size = 1.6 if style == "solid" or vertex in points[1:3] else 0.01
        attrs = {
            "shape": "point",
            "style": "filled",
            "color": "#d7191c",
            "fillcolor": "#d7191c",
            "penwidth": "0",
        }
        attrs["pos"] = f"{number(vertex.x)},{number(vertex.y)}!"
        attrs["width"] = attrs["height"] = number(size / 72)
        expected.append(statement(f"n{k}", "", attrs))
        ids.append((f"n{k}", vertex))
    ends = [("n1", None), *ids, ("n2", None)]
    directions = {
        (True, True): "both",
        (True, False): "back",
        (False, True): "forward",
        (False, False): "none",
    }
    for index, ((tail, p), (head, q)) in enumerate(itertools.pairwise(ends)):
        start_head = heads[0] and index == 0
        end_head = heads[1] and index == len(ends) - 2
        attrs = {
            "dir": directions[(start_head, end_head)],
            "color": "#d7191c",
            "penwidth": "1.6",
            "style": "solid" if p in points[1:3] and q in points[1:3] else style,
            "arrowsize": "0.8",
        }
        if arrowhead != "normal":
            if end_head:
                attrs["arrowhead"] = arrowhead
            if start_head:
                attrs["arrowtail"] = arrowhead
        if p is not None and q is not None:
            attrs["headclip"] = attrs["tailclip"] = "false"
        expected.append(statement(f"{tail} -> {head}", None, attrs, '2 "exchanges" & more'))
    assert canvas.graph.body[written:] == expected


def test_the_collector_is_paused_while_a_figure_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its passes over the points, boxes and statements of a large overview, and over the
    case and report held meanwhile, took a fifth of a 2,000-system overview's time and
    grew faster than the figure; it runs again once the figure is built."""
    import gc

    from activity_systems import Case, check
    from activity_systems.render import api, render
    from activity_systems.render.figures import overview_figure as built
    from benchmarks.generate import case_data

    enabled: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        enabled.append(gc.isenabled())
        return built(*args, **kwargs)

    case = Case.model_validate(case_data(8))
    report = check(case)
    monkeypatch.setattr(api, "overview_figure", watched)
    assert gc.isenabled()
    render(case, format="dot", report=report, overview="summary")
    assert enabled == [False]
    assert gc.isenabled()


def test_points_and_rectangles_stay_frozen_values() -> None:
    """They (and shapes) set their fields through their slots, for speed: still frozen, equal and
    hashed by value, copied, replaced and pickled as the dataclasses they are."""
    import copy
    import dataclasses
    import pickle

    point = Point(1.5, -2.0)
    rect = Rect(point, 4.0, 3.0)
    oval = Shape(point, 4.0, 3.0, kind="ellipse")
    for value, field in ((point, "x"), (rect, "width"), (oval, "kind")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, 0.0)
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value
        assert hash(copy.copy(value)) == hash(value)
    assert point == Point(x=1.5, y=-2.0) != Point(1.5, 2.0)
    assert repr(rect) == "Rect(center=Point(x=1.5, y=-2.0), width=4.0, height=3.0)"
    assert dataclasses.replace(point, y=7.0) == Point(1.5, 7.0)
    assert dataclasses.astuple(rect) == ((1.5, -2.0), 4.0, 3.0)
    assert (rect.left, rect.right, rect.bottom, rect.top) == (-0.5, 3.5, -3.5, -0.5)
    assert Shape(point, 4.0, 3.0) == Shape(point, 4.0, 3.0, "box") != oval
    assert oval.rect == rect
    with pytest.raises(TypeError):
        Point(1.0)  # type: ignore[call-arg]


@pytest.mark.parametrize("cls", [Point, Rect, Shape])
def test_the_written_init_of_each_frozen_value_takes_its_fields(cls: type[Any]) -> None:
    """Their __init__ is written by hand (see Point): a field added to the class without
    it would be left unset, and its first reading would fail far from the cause."""
    import dataclasses
    import inspect

    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert cls.__match_args__ == tuple(f.name for f in fields)
