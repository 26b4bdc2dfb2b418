"""Contradictions drawn as Engeström's lightning bolts, numbered as in the report.

A finding's element references are mapped to the nodes that hold them (an exchange id to
the two nodes its edge joins, a system id to that system's subject). One bolt joins two
of those nodes, across systems when the finding spans systems; other nodes the finding
names get a numbered badge. A primary contradiction, or one inside a single node, is a
small bolt standing on that node. A contradiction with a system the figure does not show
is a short bolt pointing out of the node, away from the figure. Where many contradictions
would be drawn alike (more than :data:`~activity_systems.render.glyphs.CROWD` bolts
between the same two nodes, or more short bolts on a node than it has room for), one
bolt carries all their numbers. No number covers a node or another number. Every part of
a mark, its numbers too, has the contradictions it stands for as its tooltip
(:func:`describe`): what an SVG viewer shows on hover and a screen reader reads out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from activity_systems.model import Case
from activity_systems.render import glyphs, leaders
from activity_systems.render.canvas import Canvas
from activity_systems.render.deadline import check
from activity_systems.render.geometry import Rect, Shape, bounds
from activity_systems.render.lookups import NodeKey, contradictions
from activity_systems.render.lookups import finding_nodes as finding_nodes
from activity_systems.render.routing import route
from activity_systems.render.strokes import (
    TIGHT,
    beside,
    lightning,
    next_to_line,
    on_bolt,
    with_kink,
)
from activity_systems.render.words import ENGLISH, FigureWords
from activity_systems.rules.finding import Finding, Report

# A node of a figure is a NodeKey, (system id, node name); another system, drawn as one
# marker, is (system id, EXTERNAL).
#: The figure's key for a node of the case, or ``None`` when the figure does not show it.
Resolver = Callable[[NodeKey], NodeKey | None]
EXTERNAL = "*"

_BADGE_ROOM = 6.0  # kept free around a badge beside its bolt, beyond its disc


@dataclass(frozen=True, slots=True)
class Mark:
    """How one finding is drawn: a bolt between two nodes, a glyph standing on one node
    (``outward`` when it points away, toward a system not in the figure)."""

    number: int
    ends: tuple[NodeKey, ...]  # one (glyph) or two (bolt)
    badges: tuple[NodeKey, ...] = ()  # other nodes the finding names
    outward: bool = False
    finding: Finding | None = None  # what the mark stands for, for its tooltip


def plan_marks(
    case: Case, report: Report, resolve: Resolver, *, systems: Iterable[str] | None = None
) -> list[Mark]:
    """The marks for every contradiction in the report that the figure can show.

    With ``systems``, the ids of the systems the figure shows, only the contradictions
    that touch them are looked at (the others have nothing to draw on it).
    """
    marks: list[Mark] = []
    index = contradictions(case, report)
    for entry in index.all if systems is None else index.touching(systems):
        check()  # the figure's time limit: thousands of contradictions take seconds
        finding, named, joined = entry.finding, entry.named, entry.joined
        found: dict[NodeKey, bool] = {}  # figure key -> named directly by the finding
        for key, is_named in [(k, True) for k in named] + [(k, False) for k in joined]:
            hit = resolve(key)
            if hit is not None:
                found[hit] = found.get(hit, False) or is_named
        keys = list(found)
        inside = [k for k in keys if k[1] != EXTERNAL]
        if not inside:
            continue
        number = entry.number
        if finding.level == "primary":
            # drawn on the node it names (the first, when a rule of the user's names
            # several: the others get its badge); a figure without that node leaves it out
            named_inside = [k for k in inside if found[k]]
            if named_inside:
                first, *others = named_inside
                marks.append(Mark(number, (first,), tuple(others), finding=finding))
            continue
        if len(keys) == 1:
            marks.append(Mark(number, (inside[0],), finding=finding))
            continue
        first = inside[0]
        rest = [k for k in keys if k != first]
        other = next((k for k in rest if k[0] != first[0]), rest[0])
        extra = tuple(k for k in inside if found[k] and k not in (first, other))
        if other[1] == EXTERNAL:
            marks.append(Mark(number, (first,), extra, outward=True, finding=finding))
        else:
            marks.append(Mark(number, (first, other), extra, finding=finding))
    return marks


def describe(
    numbers: Sequence[int],
    findings: Mapping[int, Finding | None],
    words: FigureWords = ENGLISH,
) -> str:
    """The tooltip of a mark that stands for the contradictions ``numbers``: for each,
    its number, rule, level and severity, and the finding's message.

    >>> finding = Finding.create(rule="AS101", name="n", category="contradiction",
    ...     level="quaternary", severity="high", elements=["a.b"], message="Too slow.",
    ...     explanation="e", prompt="p")
    >>> describe([4], {4: finding})
    'Contradiction 4 (AS101, quaternary, high): Too slow.'
    >>> print(describe([4, 5], {4: finding}))
    Contradictions 4, 5:
    4 (AS101, quaternary, high): Too slow.
    5
    """
    lines = []
    for number in numbers:
        finding = findings.get(number)
        if finding is None:
            lines.append(str(number))
            continue
        lines.append(f"{number} ({_about(finding, words)}): {finding.message}")
    if len(numbers) == 1:
        # the number stands for the whole line, the finding's rule and message with it
        return words.say("contradiction", number=lines[0])
    many = words.say("contradictions_many", numbers=glyphs.number_list(numbers, words.comma))
    return "\n".join([f"{many}:", *lines])


def headline(
    numbers: Sequence[int],
    findings: Mapping[int, Finding | None],
    words: FigureWords = ENGLISH,
) -> str:
    """The tooltip of a mark's line: :func:`describe` without the messages, which its
    numbers carry. A routed bolt is drawn as dozens of segments, each with its own
    tooltip, and the messages on every one made a figure's SVG a third larger.

    >>> finding = Finding.create(rule="AS101", name="n", category="contradiction",
    ...     level="quaternary", severity="high", elements=["a.b"], message="Too slow.",
    ...     explanation="e", prompt="p")
    >>> headline([4], {4: finding}), headline([4, 5], {4: finding})
    ('Contradiction 4 (AS101, quaternary, high)', 'Contradictions 4, 5')
    """
    if len(numbers) > 1:
        return words.say("contradictions_many", numbers=glyphs.number_list(numbers, words.comma))
    finding = findings.get(numbers[0])
    if finding is None:
        return words.say("contradiction", number=numbers[0])
    return words.say("contradiction", number=f"{numbers[0]} ({_about(finding, words)})")


def _about(finding: Finding, words: FigureWords = ENGLISH) -> str:
    """``AS101, quaternary, high``: the finding's rule, level (if any) and severity."""
    level = words.say(finding.level) if finding.level else None
    return words.comma.join(x for x in (finding.rule, level, words.say(finding.severity)) if x)


def draw_bolt(
    canvas: Canvas,
    a: Shape,
    b: Shape,
    numbers: Sequence[int],
    *,
    tooltip: str | None = None,
    line_tooltip: str | None = None,
) -> None:
    """A double-headed arrow between two nodes with a lightning-bolt kink in its middle,
    its number (or the numbers of the contradictions it stands for) on it beside the kink
    (beside the bolt when no place on it is free, further off when no place beside it is
    either, tied to the bolt by a thin dotted line); routed clear of everything drawn
    before it. The numbers carry ``tooltip``, the bolt ``line_tooltip`` (by default the
    same); the dotted line none."""
    path = canvas.attach(route(a, b, canvas.obstacles), a, b, clear=True)
    corners, centre, normal = lightning(path, canvas.obstacles)
    points = with_kink(path, corners)
    theme = canvas.theme
    canvas.polyline(
        points,
        colour=theme.bolt,
        penwidth=glyphs.BOLT_WIDTH,
        style=theme.bolt_style,
        heads=(True, True),
        solid=corners,
        tooltip=tooltip if line_tooltip is None else line_tooltip,
    )
    _, width, height = glyphs.number_tag(numbers)
    size = (width, height)
    tag = on_bolt(path, centre, size, canvas.obstacles)
    canvas.obstacles.add_line(points)
    # Lines drawn later go round the kink: one crossing it would make it read as theirs.
    canvas.obstacles.add_room(bounds([Rect(c, 1, 1) for c in corners]).inflate(2))
    if tag is not None:
        glyphs.draw_numbers(canvas, tag.center, numbers, tooltip=tooltip)
        return
    # No room on the bolt (a short one): right beside it, where nothing else passes
    # under it, with room kept around the badge so that no bolt drawn later comes nearer
    # to it than its own.
    tag = next_to_line(points, size, 5.0, canvas.obstacles, margin=TIGHT)
    if tag is None:
        tag = beside(centre, normal, size, 16.0, canvas.obstacles)
        leader = leaders.tie(canvas, points, tag)
        if not glyphs.tag_clear(canvas, tag) or leader is None:
            tag, leader = leaders.off_the_line(canvas, points, centre, size)
        # Numbers that stand off their bolt are tied to it by a thin line, lest they
        # read as another bolt's.
        leaders.draw_leader(canvas, leader, theme.bolt)
    glyphs.draw_numbers(canvas, tag.center, numbers, room=_BADGE_ROOM, tooltip=tooltip)


# Marks that may be drawn as one: those that join the same nodes the same way.
Group = tuple[tuple[NodeKey, ...], bool]


def _group(mark: Mark) -> Group:
    return tuple(sorted(mark.ends)), mark.outward


def _together(
    canvas: Canvas, marks: Sequence[Mark], shapes: Mapping[NodeKey, Shape], frame: Rect | None
) -> dict[Group, list[int]]:
    """The marks drawn as one, by :func:`_group`: their numbers. More than
    :data:`~activity_systems.render.glyphs.CROWD` bolts that join the same two nodes are,
    and as many glyphs of one kind on one node; so are several glyphs of one kind where
    the node has room for fewer glyphs than it carries
    (:func:`~activity_systems.render.glyphs.room_for_glyphs`; pointing out of the figure,
    when some of them do)."""
    found: dict[Group, list[int]] = {}
    on_node: dict[NodeKey, list[Mark]] = {}
    for mark in marks:
        found.setdefault(_group(mark), []).append(mark.number)
        if len(mark.ends) == 1:
            on_node.setdefault(mark.ends[0], []).append(mark)
    room = {}
    for key, carried in on_node.items():
        if len(carried) > 1:
            out = glyphs.way_out(shapes[key], frame) if any(m.outward for m in carried) else None
            room[key] = glyphs.room_for_glyphs(canvas, shapes[key], way_out=out)
    return {
        (ends, outward): numbers
        for (ends, outward), numbers in found.items()
        if len(numbers) > glyphs.CROWD
        or (len(ends) == 1 and len(numbers) > 1 and len(on_node[ends[0]]) > room[ends[0]])
    }


def draw_marks(canvas: Canvas, marks: Sequence[Mark], shapes: Mapping[NodeKey, Shape]) -> bool:
    """Draw the planned marks, in report order, each kept clear of those before it (so
    bolts that join the same two nodes run side by side). The marks of a crowded node or
    pair of nodes (see :func:`_together`) are drawn as one, with all their numbers, in the
    place of the first of them. True when a mark carries several numbers."""
    # a node may carry several glyphs: where they can stand is worked out once
    places: dict[tuple[Shape, bool], list[glyphs.GlyphSpot]] = {}
    frame = bounds([shape.rect for shape in shapes.values()]) if shapes else None
    together = _together(canvas, marks, shapes, frame)
    findings = {mark.number: mark.finding for mark in marks}
    for mark in marks:
        numbers = together.get(_group(mark), [mark.number])
        first = mark.number == numbers[0]  # the others are drawn with it
        tip = describe(numbers, findings, canvas.words) if first else ""
        line_tip = headline(numbers, findings, canvas.words) if first else ""
        if first and len(mark.ends) == 2:
            a, b = shapes[mark.ends[0]], shapes[mark.ends[1]]
            draw_bolt(canvas, a, b, numbers, tooltip=tip, line_tooltip=line_tip)
        elif first and len(numbers) > 1:
            shape = shapes[mark.ends[0]]
            glyphs.draw_gathered(
                canvas,
                shape,
                numbers,
                outward=mark.outward,
                frame=frame,
                tooltip=tip,
                line_tooltip=line_tip,
            )
        elif first:
            shape = shapes[mark.ends[0]]
            spot = (shape, mark.outward)
            if spot not in places:
                places[spot] = glyphs.glyph_places(shape, outward=mark.outward)
            glyphs.draw_glyph(
                canvas,
                shape,
                mark.number,
                outward=mark.outward,
                places=places[spot],
                frame=frame,
                tooltip=tip,
                line_tooltip=line_tip,
            )
        for key in mark.badges:
            badge_tip = describe([mark.number], findings, canvas.words)
            glyphs.draw_badge_on(canvas, shapes[key], mark.number, frame=frame, tooltip=badge_tip)
    return bool(together)


def legend(
    bolt_style: str,
    *,
    outward: bool = False,
    inward: bool = False,
    gathered: bool = False,
    words: FigureWords = ENGLISH,
) -> list[str]:
    """The caption lines that say how contradictions are drawn: ``outward`` when a short
    arrow points out of a node, ``inward`` when one points into a node (a contradiction
    within it), ``gathered`` when an arrow carries the numbers of several."""
    lines = [words.bolts if bolt_style == "solid" else words.dashed_bolts]
    if outward:
        lines[0] += f"{words.separator}{words.outward}"
    if inward:
        lines.append(words.inward)
    if gathered:
        lines.append(words.gathered)
    return lines
