"""Reading a figure's DOT: its nodes and the labels that show contradiction numbers, as
outlines, to test how they lie; the bolts' pieces; the numbers shown."""

from __future__ import annotations

import itertools
import math
import re

from activity_systems.render.geometry import Point, Rect, Shape, ShapeKind, crosses

NODE = re.compile(r"^\s*(n\d+) \[(.*)\]$", re.MULTILINE)
POS = re.compile(r'pos="(-?[\d.]+),(-?[\d.]+)!"')
WIDTH = re.compile(r"(?<![a-z])width=([\d.]+)")
HEIGHT = re.compile(r"(?<![a-z])height=([\d.]+)")
BOLT = '"#d7191c"'  # the default theme's bolt colour


def _rect(attrs: str) -> Rect:
    pos, width, height = POS.search(attrs), WIDTH.search(attrs), HEIGHT.search(attrs)
    assert pos, attrs
    assert width, attrs
    assert height, attrs
    return Rect(Point(float(pos[1]), float(pos[2])), float(width[1]) * 72, float(height[1]) * 72)


def _text(attrs: str) -> str:
    label = re.search(r"label=<(.*)>(?= |$)", attrs)
    return re.sub(r"<[^>]+>", "", label[1]) if label else ""


def parts(source: str) -> tuple[list[tuple[str, Shape]], list[tuple[str, Shape]]]:
    """The figure's nodes (triangle nodes, the shared object, titles and exchange labels)
    and its number labels (what shows contradiction numbers: a disc, drawn as an ellipse
    here, or a box of several), each with its text and outline."""
    shapes, labels = [], []
    for attrs in (m[2] for m in NODE.finditer(source)):
        if "shape=point" in attrs:
            continue
        rect = _rect(attrs)
        text = _text(attrs)
        round_: ShapeKind = "ellipse" if re.search("shape=(ellipse|circle)", attrs) else "box"
        outline = Shape(rect.center, rect.width, rect.height, round_)
        if f"color={BOLT}" in attrs and re.fullmatch(r"[\d,– ]+", text):
            labels.append((text, outline))
        else:
            shapes.append((text[:30], outline))
    return shapes, labels


def meet(one: Shape, other: Shape, slack: float = 0.5) -> bool:
    """Whether two outlines, each shrunk by ``slack``, overlap: tested at points round
    each (every degree, a box's corners too) that lie inside the other, and at their
    centres."""
    return any(other.contains(p, -slack) for p in _outline(one, slack)) or any(
        one.contains(p, -slack) for p in _outline(other, slack)
    )


def _outline(shape: Shape, slack: float) -> list[Point]:
    points = [shape.center]
    for degrees in range(360):
        toward = shape.center + Point(
            math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        )
        points.append(shape.boundary(toward, -slack))
    if shape.kind == "box":
        w, h = shape.width / 2 - slack, shape.height / 2 - slack
        points += [shape.center + Point(x, y) for x in (-w, w) for y in (-h, h)]
    return points


def bolt_segments(source: str) -> list[tuple[Point, Point]]:
    """The pieces of the bolts between two of their own vertices."""
    found = {m[1]: m[2] for m in NODE.finditer(source)}
    points = {
        node: _rect(attrs).center
        for node, attrs in found.items()
        if "shape=point" in attrs and f"color={BOLT}" in attrs
    }
    return [
        (points[tail], points[head])
        for tail, head in re.findall(r"\b(n\d+) -> (n\d+)", source)
        if tail in points and head in points
    ]


def clashes(source: str) -> list[str]:
    """Number labels that cover a node or one another, and bolts that run through a node."""
    shapes, labels = parts(source)
    found = [
        f"{text!r} covers {name!r}"
        for text, label in labels
        for name, shape in shapes
        if label.rect.overlaps(shape.rect) and meet(label, shape)
    ]
    found += [
        f"{p!r} and {q!r} overlap"
        for (p, one), (q, other) in itertools.combinations(labels, 2)
        if one.rect.overlaps(other.rect) and meet(one, other)
    ]
    found += [
        f"a bolt runs through {name!r}"
        for p, q in bolt_segments(source)
        for name, shape in shapes
        if crosses(p, q, shape.rect.inflate(-2)) and _through(shape, p, q)
    ]
    return found


def _through(shape: Shape, p: Point, q: Point) -> bool:
    steps = max(2, math.ceil((q - p).length() / 2))
    return any(shape.contains(p + (q - p) * (k / steps), -2.0) for k in range(steps + 1))


def numbers(source: str) -> list[int]:
    """Every contradiction number the figure shows, ranges written out."""
    shown: list[int] = []
    for text, _ in parts(source)[1]:
        for piece in text.replace(" ", "").split(","):
            first, _, last = piece.partition("–")
            shown += range(int(first), int(last or first) + 1)
    return sorted(shown)
