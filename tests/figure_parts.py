"""Reading a figure's DOT: its nodes and the labels that show contradiction numbers, as
outlines, to test how they lie; the bolts' pieces; the numbers shown; the exchanges'
arrows and labels."""

from __future__ import annotations

import itertools
import math
import re

from activity_systems.render.geometry import (
    Point,
    Rect,
    Shape,
    ShapeKind,
    crosses,
    distance_to_segment,
    gap_to_line,
)

NODE = re.compile(r"^\s*(n\d+) \[(.*)\]$", re.MULTILINE)
POS = re.compile(r'pos="(-?[\d.]+),(-?[\d.]+)!"')
WIDTH = re.compile(r"(?<![a-z])width=([\d.]+)")
HEIGHT = re.compile(r"(?<![a-z])height=([\d.]+)")
BOLT = '"#d7191c"'  # the default theme's bolt colour
EXCHANGE = '"#1f5fa8"'  # the default theme's exchange colour
#: The furthest an exchange's label may stand from its arrow, in points.
LABEL_REACH = 10.0
#: A tooltip attribute: user text (a '>' or 'pos=' in a label), which parsing skips.
TOOLTIP = re.compile(r'(?:(?<=\[)| )tooltip="(?:[^"\\]|\\.)*"')


def drawing(source: str) -> str:
    """The DOT ``source`` without its tooltips, which only say what a part means."""
    return TOOLTIP.sub("", source)


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
    source = drawing(source)
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


def bolt_segments(
    source: str, *, leaders: bool = True, glyphs: bool = True, kinks: bool = True
) -> list[tuple[Point, Point]]:
    """The pieces of the bolts between two of their own vertices; with ``leaders``, of
    the thin dotted lines that tie numbers to their bolts too; with ``glyphs``, of the
    short bolts that stand on a node (their last piece runs to the node itself) too.
    Without ``kinks``, a bolt's zig-zag (the pieces on either side of a vertex where it
    turns back) is one straight piece: the line as it was routed."""
    found = {m[1]: m[2] for m in NODE.finditer(source)}
    points = {
        node: _rect(attrs).center
        for node, attrs in found.items()
        if "shape=point" in attrs and f"color={BOLT}" in attrs
    }
    edges = re.findall(r"\b(n\d+) -> (n\d+) \[(.*)\]", source)
    # a glyph's vertices, found from its end on a node back along its pieces
    before = {head: tail for tail, head, _ in edges if tail in points and head in points}
    after = {tail: head for head, tail in before.items()}
    on_node = [tail for tail, head, _ in edges if tail in points and head not in points]
    standing: set[str] = set()
    for vertex in on_node:
        while vertex not in standing:
            standing.add(vertex)
            vertex = before.get(vertex, vertex)
    pieces = [
        (tail, head)
        for tail, head, attrs in edges
        if tail in points
        and head in points
        and (leaders or "style=dotted" not in attrs)
        and (glyphs or head not in standing)
    ]
    if not kinks:
        turns = {
            v
            for v in points
            if v in before and v in after and _turns_back(points, before[v], v, after[v])
        }
        straight = []
        for tail, head in pieces:
            if tail in turns or head in turns:
                if tail not in turns and head in turns and after.get(head) in turns:
                    # the zig-zag from its first corner to its last, as one piece
                    straight.append((tail, after[after[head]]))
                continue
            straight.append((tail, head))
        pieces = straight
    return [(points[tail], points[head]) for tail, head in pieces]


def _turns_back(points: dict[str, Point], u: str, v: str, w: str) -> bool:
    one, other = points[v] - points[u], points[w] - points[v]
    return one.x * other.x + one.y * other.y < 0


#: What :func:`clashes` reports that may still touch a node where nodes and numbers hem
#: it in all round: a bolt's zig-zag beside its line, the dotted line that ties a number
#: to its bolt, the short bolt that carries a crowded node's numbers.
HEMMED_IN = ("a bolt's zig-zag", "a leader", "a glyph")


def clashes(source: str) -> list[str]:
    """Number labels that cover a node or one another, and bolts that run through a node."""
    source = drawing(source)
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
    routed = set(bolt_segments(source, leaders=False, glyphs=False, kinks=False))
    bolts = set(bolt_segments(source, leaders=False, glyphs=False))
    glyphs = set(bolt_segments(source, leaders=False)) - bolts
    leaders = set(bolt_segments(source)) - bolts - glyphs
    for kind, pieces in (
        ("bolt", routed),
        ("bolt's zig-zag", bolts - routed),
        ("glyph", glyphs),
        ("leader", leaders),
    ):
        found += [
            f"a {kind} runs through {name!r}"
            for p, q in sorted(pieces, key=lambda piece: (piece[0].x, piece[0].y))
            for name, shape in shapes
            if crosses(p, q, shape.rect.inflate(-2)) and _through(shape, p, q)
        ]
    return found


def _through(shape: Shape, p: Point, q: Point) -> bool:
    steps = max(2, math.ceil((q - p).length() / 2))
    return any(shape.contains(p + (q - p) * (k / steps), -2.0) for k in range(steps + 1))


def numbers(source: str) -> list[int]:
    """Every contradiction number the figure shows, ranges written out."""
    source = drawing(source)
    shown: list[int] = []
    for text, _ in parts(source)[1]:
        for piece in text.replace(" ", "").split(","):
            first, _, last = piece.partition("–")
            shown += range(int(first), int(last or first) + 1)
    return sorted(shown)


def exchange_arrows(source: str) -> list[tuple[str, list[Point], Shape, list[Point]]]:
    """Each exchange's label text, the vertices of its arrow (tail first), its label's
    outline, and the leader that ties the label to the arrow (empty when there is none).
    A label is the node drawn right after its arrow's last vertex; a leader, a dotted line
    drawn right after its label."""
    source = drawing(source)
    found = {m[1]: m[2] for m in NODE.finditer(source)}
    vertices = {
        node: _rect(attrs).center
        for node, attrs in found.items()
        if "shape=point" in attrs and f"color={EXCHANGE}" in attrs
    }
    edges = [
        (tail, head, "style=dotted" in attrs)
        for tail, head, attrs in re.findall(r"\b(n\d+) -> (n\d+) \[(.*)\]", source)
        if tail in vertices and head in vertices
    ]
    following = {tail: head for tail, head, _ in edges}
    dotted = {tail for tail, _, is_dotted in edges if is_dotted}
    heads = set(following.values())
    chains = []
    for first in sorted((node for node in vertices if node not in heads), key=lambda n: int(n[1:])):
        chain = [first]
        while chain[-1] in following:
            chain.append(following[chain[-1]])
        chains.append(chain)
    leaders = {int(chain[0][1:]): chain for chain in chains if chain[0] in dotted}
    arrows = []
    for chain in chains:
        if chain[0] in dotted:
            continue
        after = int(chain[-1][1:]) + 1
        label = found[f"n{after}"]
        assert f'COLOR="{EXCHANGE[1:-1]}"' in label, label
        rect = _rect(label)
        leader = [vertices[n] for n in leaders.get(after + 1, [])]
        arrows.append(
            (
                _text(label),
                [vertices[n] for n in chain],
                Shape(rect.center, rect.width, rect.height),
                leader,
            )
        )
    return arrows


def gap(shape: Shape, points: list[Point]) -> float:
    """How far the box ``shape`` stands from the polyline ``points`` (0 where it covers
    it)."""
    return gap_to_line(shape.rect, points)


def exchange_clashes(source: str, *, leaders: bool = False) -> list[str]:
    """Exchange arrows that run through a node (their own two included; a label drawn
    over an arrow hides only a piece of it, as numbers on lines do); labels further than
    :data:`LABEL_REACH` from their own arrow (with ``leaders``, unless tied to it by a
    leader from a point of the arrow that runs through no node; labels and numbers may
    stand on it, as on any line), or on a node, another label or a number."""
    source = drawing(source)
    shapes, numbers = parts(source)
    arrows = exchange_arrows(source)
    labels = [label for _, _, label, _ in arrows]
    nodes = [(name, shape) for name, shape in shapes if shape not in labels]
    found = []
    for text, points, label, leader in arrows:
        found += [
            f"the arrow of {text!r} runs through {name!r}"
            for name, shape in nodes
            if _across(shape, points)
        ]
        distance = gap(label, points)
        tied = (
            leaders
            and len(leader) >= 2
            and gap(Shape(leader[0], 1, 1), points) < 1
            and leader[-1] == label.center
            and not any(_across(shape, leader) for _, shape in nodes)
        )
        if distance > LABEL_REACH and not tied:
            found.append(f"the label {text!r} stands {distance:.0f} points off its arrow")
        found += [
            f"the label {text!r} covers {name!r}"
            for name, shape in shapes + numbers
            if shape != label and label.rect.overlaps(shape.rect) and meet(label, shape)
        ]
    return found


def _across(shape: Shape, points: list[Point]) -> bool:
    return any(
        crosses(p, q, shape.rect.inflate(-2)) and _through(shape, p, q)
        for p, q in itertools.pairwise(points)
    )


def drawn_lines(source: str) -> list[tuple[list[Point], tuple[bool, bool]]]:
    """Each line drawn through pinned vertices (an arrow, a bolt, a leader), as its
    vertices in order and whether it has an arrowhead at its first and at its last."""
    source = drawing(source)
    found = {m[1]: m[2] for m in NODE.finditer(source)}
    vertices = {
        node: _rect(attrs).center for node, attrs in found.items() if "shape=point" in attrs
    }
    following: dict[str, tuple[str, str]] = {}  # vertex -> (next vertex, the edge's dir)
    for tail, head, attrs in re.findall(r"\b(n\d+) -> (n\d+) \[(.*)\]", source):
        if tail in vertices and head in vertices:
            direction = re.search(r"\bdir=(\w+)", attrs)
            following[tail] = (head, direction[1] if direction else "forward")
    heads = {head for head, _ in following.values()}
    lines = []
    for first in sorted((v for v in following if v not in heads), key=lambda n: int(n[1:])):
        chain, dirs = [first], []
        while chain[-1] in following:
            head, way = following[chain[-1]]
            chain.append(head)
            dirs.append(way)
        ends = (dirs[0] in ("back", "both"), dirs[-1] in ("forward", "both"))
        lines.append(([vertices[v] for v in chain], ends))
    return lines


def crossings(source: str) -> int:
    """How many pairs of the figure's lines cross (once or more)."""
    source = drawing(source)
    lines = [points for points, _ in drawn_lines(source)]
    boxes = [
        (min(p.x for p in ps), min(p.y for p in ps), max(p.x for p in ps), max(p.y for p in ps))
        for ps in lines
    ]
    count = 0
    for i, j in itertools.combinations(range(len(lines)), 2):
        one, other = boxes[i], boxes[j]
        if one[2] < other[0] or other[2] < one[0] or one[3] < other[1] or other[3] < one[1]:
            continue
        if any(
            _cross(p, q, r, s)
            for p, q in itertools.pairwise(lines[i])
            for r, s in itertools.pairwise(lines[j])
        ):
            count += 1
    return count


def _zigzag_turns(points: list[Point]) -> list[int]:
    """The corners of a polyline where it turns back on itself: a zig-zag's."""
    return [
        k
        for k in range(1, len(points) - 1)
        if _dot(points[k] - points[k - 1], points[k + 1] - points[k]) < 0
    ]


def cut_kinks(source: str) -> list[tuple[int, int]]:
    """Each bolt's zig-zag that another line of the figure cuts, as (the bolt's line,
    the other line), numbered in :func:`drawn_lines` order: a kink where another line
    crosses could belong to either."""
    lines = [points for points, _ in drawn_lines(source)]
    found = []
    for i, points in enumerate(lines):
        turns = _zigzag_turns(points)
        if len(turns) < 2:
            continue
        pieces = [(points[k - 1], points[k]) for k in turns]
        pieces.append((points[turns[-1]], points[turns[-1] + 1]))
        for j, other in enumerate(lines):
            if j != i and any(
                _cross(p, q, r, s) for p, q in pieces for r, s in itertools.pairwise(other)
            ):
                found.append((i, j))
    return found


def crowded_kinks(source: str, distance: float) -> list[tuple[int, int]]:
    """Each bolt's zig-zag (from the corner before its first turn back to the one after its
    last) that another line of the figure cuts or comes within ``distance`` of, as (the
    bolt's line, the other line), numbered in :func:`drawn_lines` order: a line close
    beside a zig-zag reads as passing through it."""
    lines = [points for points, _ in drawn_lines(source)]
    found = []
    for i, points in enumerate(lines):
        turns = _zigzag_turns(points)
        if len(turns) < 2:
            continue
        zigzag = points[turns[0] - 1 : turns[-1] + 2]
        found += [
            (i, j)
            for j, other in enumerate(lines)
            if j != i
            and any(
                _segment_gap(p, q, r, s) < distance
                for p, q in itertools.pairwise(zigzag)
                for r, s in itertools.pairwise(other)
            )
        ]
    return found


def _dot(p: Point, q: Point) -> float:
    return p.x * q.x + p.y * q.y


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether the segments ``p``–``q`` and ``r``–``s`` cross (not merely touch)."""

    def turn(a: Point, b: Point, c: Point) -> float:
        return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)

    return turn(p, q, r) * turn(p, q, s) < 0 and turn(r, s, p) * turn(r, s, q) < 0


def glyph_zigzags(source: str) -> list[tuple[int, list[Point]]]:
    """Each short bolt standing on a node (a glyph): its line's number in
    :func:`drawn_lines` order and the corners of its zig-zag."""
    source = drawing(source)
    found = {m[1]: m[2] for m in NODE.finditer(source)}
    points = {n for n, attrs in found.items() if "shape=point" in attrs}
    on_node = {
        tail
        for tail, head, attrs in re.findall(r"\b(n\d+) -> (n\d+) \[(.*)\]", source)
        if tail in points and head not in points and f"color={BOLT}" in attrs
    }
    ends = {_rect(found[n]).center for n in on_node}
    return [
        (i, line[1:5])
        for i, (line, _) in enumerate(drawn_lines(source))
        if len(line) == 5 and line[-1] in ends
    ]


def touched_zigzags(source: str, distance: float) -> list[tuple[int, int]]:
    """Each glyph's zig-zag (:func:`glyph_zigzags`) that another line of the figure comes
    within ``distance`` of, as (the glyph's line, the other line), numbered in
    :func:`drawn_lines` order: a glyph whose zig-zag a line passes reads as a branch of
    that line."""
    lines = [points for points, _ in drawn_lines(source)]
    return [
        (i, j)
        for i, zigzag in glyph_zigzags(source)
        for j, other in enumerate(lines)
        if j != i
        and any(
            _segment_gap(p, q, r, s) < distance
            for p, q in itertools.pairwise(zigzag)
            for r, s in itertools.pairwise(other)
        )
    ]


def _segment_gap(p: Point, q: Point, r: Point, s: Point) -> float:
    """How far the segments ``p``–``q`` and ``r``–``s`` are apart (0 where they cross)."""
    if _cross(p, q, r, s):
        return 0.0
    return min(
        distance_to_segment(p, r, s),
        distance_to_segment(q, r, s),
        distance_to_segment(r, p, q),
        distance_to_segment(s, p, q),
    )
