"""Where a short bolt standing on a node (a glyph) goes: its zig-zag clear of other lines
where the node leaves it a place, lest it read as a branch of one of them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from figure_parts import touched_zigzags

import activity_systems as a
from activity_systems.render import figure, glyphs
from activity_systems.render.canvas import Canvas
from activity_systems.render.geometry import Point, Shape, distance_to_segment
from activity_systems.render.theme import THEMES

ROOT = Path(__file__).resolve().parent.parent

Draw = Callable[[Canvas, Shape], None]


def _one(canvas: Canvas, node: Shape) -> None:
    glyphs.draw_glyph(canvas, node, 1)


def _gathered(canvas: Canvas, node: Shape) -> None:
    glyphs.draw_gathered(canvas, node, [1, 2, 3])


@pytest.mark.parametrize("draw", [_one, _gathered], ids=["one number", "gathered"])
def test_a_glyph_keeps_its_zig_zag_off_a_line_that_runs_past_its_node(
    draw: Draw, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nodes on three sides leave the glyph the top of its node, where a line runs 12
    # points above the outline: the usual shaft has its zig-zag on that line (it read as
    # a branch of it, as court Figure 3's bolt 9 did of bolt 8); a longer one lies clear.
    canvas = Canvas(THEMES["default"])
    node = Shape(Point(0, 0), 120, 60)
    canvas.node(node, "<x>")
    for centre in (Point(-140, 0), Point(140, 0), Point(0, -80)):
        canvas.node(Shape(centre, 140, 80), "<y>")
    line = (Point(-300, 42), Point(300, 42))
    canvas.obstacles.add_line(line)
    shafts: list[list[Point]] = []
    original = glyphs._shaft

    def recording(canvas: Canvas, shape: Shape, points: list[Point], *args: Any) -> None:
        shafts.append(points)
        original(canvas, shape, points, *args)

    monkeypatch.setattr(glyphs, "_shaft", recording)
    draw(canvas, node)
    (points,) = shafts
    assert node.rect.inflate(4).contains(points[-1])  # it stands on the node
    zigzag = points[1:5]
    assert min(distance_to_segment(p, *line) for p in zigzag) >= 8
    assert all(
        (p.y - line[0].y) * (q.y - line[0].y) > 0 for p, q in itertools.pairwise(zigzag)
    )  # none of its pieces crosses the line


@pytest.mark.parametrize("example", sorted(p.stem for p in (ROOT / "examples").glob("*.yaml")))
def test_no_line_runs_by_a_glyphs_zig_zag_in_an_examples_figure(example: str) -> None:
    # Court Figure 3's bolt 9, pointing up into the MHS division of labour, had its
    # zig-zag on bolt 8, which runs along the bottom of the figure; the top of the node
    # had room for it.
    source = figure(a.load(ROOT / "examples" / f"{example}.yaml")).source
    assert touched_zigzags(source, 8.0) == []


def test_a_glyph_with_no_line_near_it_stands_where_it_always_did() -> None:
    # the first of the usual places, when nothing else is there
    canvas = Canvas(THEMES["default"])
    node = Shape(Point(0, 0), 120, 60)
    canvas.node(node, "<x>")
    glyphs.draw_glyph(canvas, node, 1)
    (points, _, _), *_ = glyphs.glyph_places(node)
    assert canvas.obstacles.lines == [tuple(points)]
