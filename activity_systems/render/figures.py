"""The chapter's figures as Graphviz graphs, built by pure functions.

- :func:`system_figure`: one system's triangle (the chapter's Figures 1 and 2);
- :func:`pair_figure`: two systems mirrored around their shared object (Figure 3);
- :func:`overview_figure`: every system of a case as a box, with its exchanges.

Each takes an optional :class:`~activity_systems.rules.finding.Report` whose
contradictions are drawn as numbered bolts; without one the figure has none. Nothing here
runs Graphviz: ``figure.source`` is the DOT text.

>>> from activity_systems import load
>>> case = load("examples/court-reports.yaml")
>>> figure = pair_figure(case, "court", "mhs")
>>> figure.source.startswith("digraph figure {")
True
>>> "Magistrate" in figure.source and "Psychiatrist" in figure.source
True
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import graphviz

from activity_systems.errors import ArgumentError, user_stacklevel
from activity_systems.model import NODES, ActivitySystem, Case, Exchange, NodeName
from activity_systems.model.case import subtitled
from activity_systems.render import summary
from activity_systems.render.bolts import (
    EXTERNAL,
    Mark,
    Resolver,
    draw_marks,
    legend,
    plan_marks,
)
from activity_systems.render.canvas import EXCHANGE_HEAD, Canvas
from activity_systems.render.geometry import Point, Shape, along, gap_to_line, path_length
from activity_systems.render.labels import clean, escape, lines_html, not_empty, text_width, wrap
from activity_systems.render.layout import TRIANGLE_LINES, Rows, mirrored_pair, triangle
from activity_systems.render.leaders import draw_leader, off_the_line
from activity_systems.render.lookups import (
    NodeKey,
    consumer_node,
    contradictions,
    exchanges_between,
    is_chosen,
    producer_node,
)
from activity_systems.render.panels import TEXT_WIDTH, Panel, node_panel, text_panel
from activity_systems.render.ring import ring_order, ring_places
from activity_systems.render.routing import route
from activity_systems.render.strokes import by_line, next_to_line, on_line, rounded
from activity_systems.render.theme import THEMES, Theme
from activity_systems.render.words import ENGLISH, FigureWords
from activity_systems.rules.finding import LeftOutRule, Report
from activity_systems.rules.left_out import rules_said

_EXCHANGE_TEXT = 120.0
_EXCHANGE_NARROW = 80.0  # when the label finds no room on its arrow at full width
#: The furthest an exchange's label stands from its arrow, where anything near the arrow
#: is clear of the nodes (points, from the label's edge).
LABEL_REACH = 10.0
_CAPTION_WIDTH = 520.0
_CAPTION_SIZE = 9.0  # the size of the caption's lines below its title and subtitle
#: How the legend tells the exchanges' arrows (blue in the default theme) from the
#: contradictions' zig-zag arrows (red) without their colours.
EXCHANGE_LEGEND = ENGLISH.exchanges
_BOLD = 1.1  # bold text is about this much wider
#: The widest line of a caption's key in English (the print theme's, pointing out of a
#: node too): a line of words of one's own wider than it is wrapped, on up to
#: :data:`_KEY_LINES` lines.
_KEY_MOST = text_width(f"{ENGLISH.dashed_bolts}; {ENGLISH.outward}", size=_CAPTION_SIZE)
_KEY_LINES = 4


def system_title(system: ActivitySystem) -> str:
    """``Magistrates' court (CJS)``: the name, and the sector when given."""
    return f"{system.title} ({system.sector})" if system.sector else system.title


def standalone_case(system: ActivitySystem) -> Case:
    """A case of ``system`` alone, without its links to other systems (the exchanges its
    tasks produce, the system it advances), which a case of one system cannot resolve."""
    tasks = tuple(task.model_copy(update={"produces": ()}) for task in system.division_of_labour)
    alone = system.model_copy(update={"division_of_labour": tasks, "advances": None})
    return Case(title=system.title, systems=(alone,))


def _caption(
    title: str,
    subtitle: str | None,
    theme: Theme,
    marks: Sequence[Mark],
    how: Sequence[str] = (),
    *,
    gathered: bool = False,
    exchanges: bool = False,
    undrawn: Sequence[int] = (),
    left_out: Sequence[str] = (),
    words: FigureWords = ENGLISH,
) -> str:
    """The figure's title, subtitle and the lines that say how contradictions are drawn:
    ``how``, which may say it of exchanges too, or the usual ones when there are marks
    (``gathered`` when a mark carries several numbers), and how exchanges are, when the
    figure draws any (``exchanges``);
    then the numbers of the report's findings on the figure's systems that no figure
    draws (``undrawn``), so that a reader does not look for them, and last the lines
    naming the rules the case leaves out (``left_out``, from :func:`caption_left_out`),
    so that a reader does not look for their contradictions either."""
    heading = not_empty(lines_html(wrap(title, _CAPTION_WIDTH / _BOLD, size=14, max_lines=2)))
    rows = [
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="14"><B>{heading}</B></FONT>'
        "</TD></TR>"
    ]
    if subtitle:
        text = lines_html(wrap(subtitle, _CAPTION_WIDTH, max_lines=2))
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR>')
    if how:
        lines = list(how)
    elif marks:
        outward = any(m.outward for m in marks)
        inward = any(len(m.ends) == 1 and not m.outward for m in marks)
        lines = legend(
            theme.bolt_style, outward=outward, inward=inward, gathered=gathered, words=words
        )
    else:
        lines = []
    if exchanges:
        # said in shape, not colour: on a greyscale copy the default theme's blue arrows
        # and red bolts are the same grey (WCAG 1.4.1, use of colour)
        # each note in the form for where it goes, no letter's case changed (see
        # FigureWords.form), joined with the words' separator
        after = words.say(words.form("exchanges", "exchanges_alone"))
        joined = f"{lines[0]}{words.separator}{after}" if lines else ""
        if lines and text_width(joined, size=_CAPTION_SIZE) <= _CAPTION_WIDTH:
            lines[0] = joined
        else:
            lines.insert(1, words.say(words.form("exchanges_alone", "exchanges")))
    if undrawn:
        # on the last line when it fits there: a line more makes a figure smaller in print
        after = undrawn_line(undrawn, words, after=True)
        joined = f"{lines[-1]}{words.separator}{after}" if lines else ""
        if lines and text_width(joined, size=_CAPTION_SIZE) <= _CAPTION_WIDTH:
            lines[-1] = joined
        else:
            lines.append(undrawn_line(undrawn, words))
    # a line of words of one's own wider than English's widest wraps to the caption's
    # width rather than widen the figure (English's lines are as they always were)
    lines = [
        part
        for line in lines
        for part in (
            [line]
            if text_width(line, size=_CAPTION_SIZE) <= _KEY_MOST
            else wrap(line, _CAPTION_WIDTH, size=_CAPTION_SIZE, max_lines=_KEY_LINES)
        )
    ]
    lines += left_out  # on lines of their own: the case's decision, not how it is drawn
    for line in lines:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{_CAPTION_SIZE:g}" COLOR="{theme.muted}">'
            f"{escape(line)}</FONT></TD></TR>"
        )
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


#: Text widths of Figure 3's nodes, narrower than one triangle's so that the pair fits
#: half an A4 page; the text wraps onto more lines instead.
_PAIR_TEXT: dict[NodeName, float] = {
    "subject": 90.0,
    "object": 90.0,
    "outcome": 96.0,
    "tools": 110.0,
    "rules": 118.0,
    "community": 110.0,
    "division_of_labour": 118.0,
}
_PAIR_SHARED_TEXT = 110.0
_TITLE_GAP = 10.0  # between a system's name and its tools


def _panels(
    system: ActivitySystem,
    theme: Theme,
    widths: Mapping[NodeName, float] | None = None,
    words: FigureWords = ENGLISH,
) -> dict[NodeName, Panel]:
    panels: dict[NodeName, Panel] = {}
    for node in NODES:
        width = widths[node] if widths is not None else TEXT_WIDTH
        panel = node_panel(
            system, node, muted=theme.muted, width=width, heading=words.node(node), words=words
        )
        if panel is not None:
            panels[node] = panel
    return panels


def _keyed(system: ActivitySystem, shapes: Mapping[NodeName, Shape]) -> dict[NodeKey, Shape]:
    return {(system.id, node): shape for node, shape in shapes.items()}


def _draw_triangle(
    canvas: Canvas, panels: Mapping[NodeName, Panel], shapes: Mapping[NodeName, Shape]
) -> dict[NodeName, str]:
    """Draw the nodes and lines of one triangle; return the node ids."""
    theme = canvas.theme
    ids: dict[NodeName, str] = {}
    for node in NODES:
        if node in shapes:
            fill = theme.object_fill if node == "object" else theme.fill
            panel = panels[node]
            ids[node] = canvas.node(shapes[node], panel.label, fillcolor=fill, tooltip=panel.text)
    for a, b in TRIANGLE_LINES:
        canvas.edge(ids[a], ids[b], dir="none")
        canvas.obstacles.add_guide((shapes[a].center, shapes[b].center))
    if "outcome" in ids:
        canvas.edge(ids["object"], ids["outcome"], color=theme.ink, penwidth="1.3")
        # an arrow, not one of the triangle's lines: a tag on it would hide its meaning
        canvas.obstacles.add_line((shapes["object"].center, shapes["outcome"].center))
    return ids


def _resolver(case: Case, drawn: Mapping[NodeKey, Shape]) -> Resolver:
    """Figure keys for the case's nodes: drawn nodes as they are, an absent outcome as its
    object, a system not in the figure as one external key."""
    shown = {key[0] for key in drawn}
    systems = {s.id for s in case.systems}

    def resolve(key: NodeKey) -> NodeKey | None:
        if key in drawn:
            return key
        if key[0] in shown:
            return (key[0], "object") if (key[0], "object") in drawn else None
        return (key[0], EXTERNAL) if key[0] in systems else None

    return resolve


def _draw_exchanges(
    canvas: Canvas,
    case: Case,
    exchanges: Sequence[Exchange],
    drawn: Mapping[NodeKey, Shape],
    resolve: Resolver,
) -> int:
    """Each exchange as an arrow from the producer's node to the consumer's, labelled;
    how many were drawn."""
    theme = canvas.theme
    count = 0
    tooltips = _exchange_tooltips(case, exchanges, canvas.words)
    for exchange in exchanges:
        tail = resolve(producer_node(case, exchange))
        head = resolve(consumer_node(case, exchange))
        if tail is None or head is None or EXTERNAL in (tail[1], head[1]) or tail == head:
            continue
        path = canvas.attach(
            route(drawn[tail], drawn[head], canvas.obstacles), drawn[tail], drawn[head], clear=True
        )
        points = rounded(path)
        # On the arrow if there is room, in narrower lines if that makes room (and keeps
        # every word whole and the label uncut); else right beside it; else on it or
        # beside it where it runs into least, covering no node, in narrower lines if need
        # be; only where every such place covers one, off it, tied to it by a leader.
        lines, size = _label_box(exchange.label, _EXCHANGE_TEXT, 3)
        narrow: tuple[list[str], tuple[float, float]] | None = None
        if _fits_narrower(exchange.label):
            narrow = _label_box(exchange.label, _EXCHANGE_NARROW, 4)
        tag = on_line(points, size, canvas.obstacles)
        if tag is None and narrow is not None:
            tag = on_line(points, narrow[1], canvas.obstacles)
            if tag is not None:
                lines = narrow[0]
        canvas.obstacles.add_line(points)
        if tag is None:
            tag = next_to_line(points, size, 4.0, canvas.obstacles)
            if tag is not None and gap_to_line(tag, points) > LABEL_REACH:
                tag = None  # beside a bend, where the line turns away from it
        if tag is None:
            tag = by_line(points, size, canvas.obstacles)
        if tag is None and narrow is not None:
            tag = by_line(points, narrow[1], canvas.obstacles)
            if tag is not None:
                lines = narrow[0]
        leader: list[Point] = []
        if tag is None:
            middle, _ = along(points, path_length(points) / 2)
            tag, leader = off_the_line(canvas, points, middle, size, within=LABEL_REACH)
        about = tooltips[exchange.id]
        canvas.polyline(
            points, colour=theme.exchange, penwidth=1.6, arrowhead=EXCHANGE_HEAD, tooltip=about
        )
        canvas.node(
            Shape(tag.center, tag.width, tag.height),
            f'<<FONT COLOR="{theme.exchange}"><I>{not_empty(lines_html(lines))}</I></FONT>>',
            shape="plaintext",
            style="filled",
            fillcolor=theme.knockout,
            tooltip=about,
        )
        draw_leader(canvas, leader, theme.exchange)
        count += 1
    return count


def _exchange_tooltip(
    case: Case, exchange: Exchange, words: FigureWords = ENGLISH, *, with_id: bool = False
) -> str:
    """What an exchange's arrow and label show on hover: the label in full (``with_id``,
    followed by the exchange's id in brackets), and from which system's node to which it
    goes."""
    ends = []
    for system_id, node in (producer_node(case, exchange), consumer_node(case, exchange)):
        title = words.node(cast(NodeName, node))  # a case's node, never an overview's box
        ends.append(f"{case.system(system_id).title} ({title})")
    label = f"{exchange.label} ({exchange.id})" if with_id else exchange.label
    return f"{words.say('exchange', label=label)}\n{ends[0]} → {ends[1]}"


def _exchange_tooltips(
    case: Case, exchanges: Sequence[Exchange], words: FigureWords = ENGLISH
) -> dict[str, str]:
    """Each exchange's tooltip (see :func:`_exchange_tooltip`), by its id. Two exchanges
    of one label between the same two nodes (a referral by letter and one by form, from
    a practice's tools to a ward) would share a tooltip: the second would then be hidden
    from screen readers as a repeat (see :mod:`activity_systems.render.titles`), and
    hovering could not tell them apart. Those, and only those, say their ids too, which
    are unique within the case and name the exchange as the report does; every other
    exchange's tooltip stays as it was. Which exchanges share one is judged among
    ``exchanges``, the figure's: two that share one are drawn in the same figures."""
    plain = {exchange.id: _exchange_tooltip(case, exchange, words) for exchange in exchanges}
    shared = Counter(plain.values())
    return {
        exchange.id: _exchange_tooltip(case, exchange, words, with_id=True)
        if shared[plain[exchange.id]] > 1
        else plain[exchange.id]
        for exchange in exchanges
    }


#: How many numbers a caption lists of the findings on no figure, the last place saying
#: how many more there are.
_UNDRAWN_SHOWN = 9


def undrawn_line(
    numbers: Sequence[int], words: FigureWords = ENGLISH, *, after: bool = False
) -> str:
    """The caption's note of the findings that no figure draws (integration gaps,
    completeness), which keep their numbers in the report: on a line of its own, or
    ``after`` the words' separator on another line.

    >>> undrawn_line([12])
    'In the report only, not drawn: 12'
    >>> undrawn_line([3, 12, 14])
    'In the report only, not drawn: 3, 12 and 14'
    >>> undrawn_line(range(1, 21))
    'In the report only, not drawn: 1, 2, 3, 4, 5, 6, 7, 8 and 12 more'
    """
    text = [str(n) for n in numbers]
    if len(text) > _UNDRAWN_SHOWN:
        more = words.say("more", count=len(text) - _UNDRAWN_SHOWN + 1)
        text = [*text[: _UNDRAWN_SHOWN - 1], more]
    forms = ("undrawn_after", "undrawn") if after else ("undrawn", "undrawn_after")
    return words.say(words.form(*forms), numbers=words.listed(text))


def _undrawn(
    case: Case, report: Report | None, systems: Iterable[str], *, whole_case: bool = False
) -> list[int]:
    if report is None:
        return []
    return contradictions(case, report).undrawn(systems, whole_case=whole_case)


#: The most lines a caption gives the rules the case leaves out, each with the group's
#: reason and who decided; past them, it names the rules alone (see
#: :func:`caption_left_out`).
_LEFT_OUT_LINES = 3


def caption_left_out(left_out: Sequence[LeftOutRule], words: FigureWords = ENGLISH) -> list[str]:
    """The caption's lines naming the rules a case leaves out (:attr:`Report.left_out
    <activity_systems.Report.left_out>`), in the words that end the text report,
    wrapped to the caption's width; none when it leaves none out.

    A figure printed for a wall stands without its report, so the caption says why too,
    in up to three lines. Where the reasons need more, it names the rules alone, and
    where their names need more too, their ids alone, which still say which
    contradictions are missing, sending the reader to the report for the rest (cut
    short with "…" past three lines, which only a great many rules need).

    >>> left = LeftOutRule(rule="AS301", name="value-tension", reason="Agreed", by="The group")
    >>> caption_left_out([left])
    ['Left out for this case: AS301 value-tension (Agreed; The group).']
    >>> caption_left_out([])
    []
    """
    if not left_out:
        return []
    said = rules_said(left_out)
    titles = ", ".join(left.title for left in left_out)
    ids = ", ".join(left.rule for left in left_out)
    if said == titles:  # no reason and nobody named: the report says no more than names
        shorter = [words.say("left_out_names", rules=ids)]
    else:
        shorter = [
            words.say("left_out_reasons", rules=titles),
            words.say("left_out_both", rules=ids),
        ]
    for text in (said, *shorter):
        lines = wrap(
            words.say("left_out", rules=text),
            _CAPTION_WIDTH,
            size=_CAPTION_SIZE,
            max_lines=_LEFT_OUT_LINES + 1,
        )
        if len(lines) <= _LEFT_OUT_LINES:
            return lines
    return wrap(
        words.say("left_out", rules=shorter[-1]),
        _CAPTION_WIDTH,
        size=_CAPTION_SIZE,
        max_lines=_LEFT_OUT_LINES,
    )


def _left_out(report: Report | None, words: FigureWords = ENGLISH) -> list[str]:
    return caption_left_out(report.left_out, words) if report is not None else []


def figure_title(
    what: str, report: Report | None, marks: Sequence[Mark], words: FigureWords = ENGLISH
) -> str:
    """The title of a figure (its SVG's ``<title>``): what it shows, and how many
    contradictions are drawn on it when it draws a report's.

    >>> figure_title("Court: activity system", None, [])
    'Court: activity system'
    >>> figure_title("Court: activity system", Report(case="c"), [])
    'Court: activity system, no contradictions'

    Of some findings of a report (``findings=``), they are the chosen ones: the report
    may have others, which the figure leaves out.
    """
    if report is None:
        return what
    return words.count(what, len(marks), chosen=is_chosen(report))


def _label_box(label: str, width: float, most: int) -> tuple[list[str], tuple[float, float]]:
    """An exchange label wrapped to ``width`` in at most ``most`` lines, and its box."""
    lines = wrap(label, width, max_lines=most)
    return lines, (max(text_width(line) for line in lines) + 8, 12.0 * len(lines) + 6)


def _fits_narrower(label: str) -> bool:
    """True when the label wraps to the narrower width without splitting a word or
    being cut short."""
    return (
        all(text_width(word) <= _EXCHANGE_NARROW for word in clean(label).split())
        and len(wrap(label, _EXCHANGE_NARROW, max_lines=5)) <= 4
    )


def _marks(
    case: Case, report: Report | None, resolve: Resolver, systems: Sequence[str] | None
) -> list[Mark]:
    if report is None:
        return []
    return plan_marks(case, report, resolve, systems=systems)


def system_figure(
    system: ActivitySystem,
    *,
    case: Case | None = None,
    report: Report | None = None,
    theme: Theme = THEMES["default"],
    words: FigureWords = ENGLISH,
    alone: bool | None = None,
) -> graphviz.Digraph:
    """One system as Engeström's triangle (the chapter's Figures 1 and 2).

    With the ``case`` the system belongs to, a contradiction with another system is drawn
    as a bolt pointing out of the figure. Its fixed words are ``words``'.

    A system ``alone`` (by default, one given without ``case``; ``case`` is then the
    case of it alone that it is drawn as) is checked on its own: a ``report`` of it
    counts none of its contradictions with the other systems of the case it is part
    of, and its title says so (:attr:`FigureWords.activity_system_alone`), rather than
    reading "no contradictions" of a system that has them there.
    """
    alone = case is None if alone is None else alone
    context = case or standalone_case(system)
    panels = _panels(system, theme, words=words)
    shapes = triangle(panels, Rows.of([panels]))
    drawn = _keyed(system, shapes)
    marks = _marks(context, report, _resolver(context, drawn), [system.id])
    canvas = Canvas(theme, words=words)
    _draw_triangle(canvas, panels, shapes)
    gathered = draw_marks(canvas, marks, drawn)
    # words of one's own that leave this one English title the system in theirs
    alone_word = words.form("activity_system_alone", "activity_system")
    named = alone_word if alone and report is not None else "activity_system"
    what = words.say(named, system=system_title(system))
    title = figure_title(what, report, marks, words)
    canvas.caption(
        _caption(
            system_title(system),
            None,
            theme,
            marks,
            gathered=gathered,
            undrawn=_undrawn(context, report, [system.id]),
            left_out=_left_out(report, words),
            words=words,
        ),
        title=title,
    )
    return canvas.graph


def pair_figure(
    case: Case,
    left: str,
    right: str,
    *,
    report: Report | None = None,
    theme: Theme = THEMES["default"],
    words: FigureWords = ENGLISH,
) -> graphviz.Digraph:
    """Two systems mirrored so that their objects face each other around the shared
    object (the chapter's Figure 3), with the exchanges between them.

    Each outcome stands beside its object, toward the middle, with a dashed arrow on to
    the shared object: Engeström's object → outcome → object 3, read from both sides.
    """
    a, b = case.system(left), case.system(right)
    shared = case.shared_object
    shared_panel = text_panel(
        words.shared_object,
        shared.label if shared is not None else "?",
        kind="ellipse",
        muted=theme.muted,
        width=_PAIR_SHARED_TEXT,
    )
    panels_a = _panels(a, theme, _PAIR_TEXT, words)
    panels_b = _panels(b, theme, _PAIR_TEXT, words)
    layout = mirrored_pair(panels_a, panels_b, shared_panel)
    shapes_a, shapes_b, shared_shape = layout.left, layout.right, layout.shared
    drawn = _keyed(a, shapes_a) | _keyed(b, shapes_b)
    resolve = _resolver(case, drawn)
    marks = _marks(case, report, resolve, [a.id, b.id])
    canvas = Canvas(theme, words=words)
    ids_a = _draw_triangle(canvas, panels_a, shapes_a)
    ids_b = _draw_triangle(canvas, panels_b, shapes_b)
    shared_id = canvas.node(
        shared_shape,
        shared_panel.label,
        style=f"filled,{theme.shared_style}",
        fillcolor=theme.shared_fill,
        tooltip=shared_panel.text,
    )
    for system, ids, shapes in ((a, ids_a, shapes_a), (b, ids_b, shapes_b)):
        end: NodeName = "outcome" if "outcome" in ids else "object"
        canvas.edge(ids[end], shared_id, style=theme.shared_style, color=theme.ink)
        canvas.obstacles.add_line((shapes[end].center, shared_shape.center))
        _title_beside(canvas, system, shapes, outward=-1.0 if system is a else 1.0)
    exchanges = _draw_exchanges(canvas, case, exchanges_between(case, a.id, b.id), drawn, resolve)
    gathered = draw_marks(canvas, marks, drawn)
    # the systems' names stand beside their triangles: no subtitle repeats them
    what = words.say("pair", first=a.title, second=b.title)
    title = figure_title(what, report, marks, words)
    undrawn = _undrawn(case, report, [a.id, b.id])
    caption = _caption(
        case.title,
        None,
        theme,
        marks,
        gathered=gathered,
        exchanges=exchanges > 0,
        undrawn=undrawn,
        left_out=_left_out(report, words),
        words=words,
    )
    canvas.caption(caption, title=title)
    return canvas.graph


def _title_beside(
    canvas: Canvas, system: ActivitySystem, shapes: Mapping[NodeName, Shape], *, outward: float
) -> None:
    """The system's name beside its tools, on the outer side of the triangle (``outward``
    is -1 for the left triangle, 1 for the right), where a triangle leaves room."""
    tools = shapes["tools"]
    outer = outward * max(outward * s.center.x + s.width / 2 for s in shapes.values())
    edge = tools.center.x + outward * tools.width / 2
    width = max(abs(outer - edge) - _TITLE_GAP, 90.0)
    lines = wrap(system_title(system), width / _BOLD, size=11, max_lines=4)
    height = 14.0 * len(lines) + 4
    centre = Point(edge + outward * (_TITLE_GAP + width / 2), tools.center.y)
    align = "RIGHT" if outward < 0 else "LEFT"
    canvas.node(
        Shape(centre, width, height),
        f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD ALIGN="{align}" '
        f'BALIGN="{align}"><B>{not_empty(lines_html(lines))}</B></TD></TR></TABLE>>',
        shape="plaintext",
        style="solid",
        fontsize="11",
        tooltip=system_title(system),
    )


#: How an overview draws its contradictions: one by one or summarised, or ``auto``
#: (summarised past :data:`~activity_systems.render.summary.DETAIL_LIMIT`).
OVERVIEWS = ("auto", "detailed", "summary")


def check_overview(detail: str) -> None:
    """Raise :class:`~activity_systems.ArgumentError` (a ``ValueError``) unless ``detail``
    is one of :data:`OVERVIEWS`."""
    if detail not in OVERVIEWS:
        raise ArgumentError(f"unknown overview {detail!r}: use one of {', '.join(OVERVIEWS)}")


class SlowOverviewWarning(UserWarning):
    """A detailed overview (``overview="detailed"``) would draw more than
    :data:`~activity_systems.render.summary.SLOW_OVERVIEW` contradictions one by one:
    each bolt is routed round those before it, in Python, which only a time limit given
    to the figure (``timeout=``) stops, so a regional map takes minutes (about 12 s for
    600 contradictions, over a minute for 1,200, three for 2,000). Given before anything
    is drawn; the summary
    overview (``overview="summary"``) or a pair's figure (``pair=(a, b)``) is quick.
    Silence it with ``warnings.simplefilter("ignore", SlowOverviewWarning)``."""


def slow_overview(case: Case, report: Report | None) -> str | None:
    """What to say before drawing the detailed overview of ``case`` with ``report`` when
    it has more than :data:`~activity_systems.render.summary.SLOW_OVERVIEW`
    contradictions to route; the caller adds what to do instead in its own terms.
    ``None`` for fewer.

    >>> from activity_systems import check, load
    >>> case = load("examples/liaison-and-diversion.yaml")
    >>> slow_overview(case, check(case)) is None
    True
    """
    return _slow(len(case.systems), len(_overview_marks(case, report)))


def _slow(systems: int, contradictions: int) -> str | None:
    if contradictions <= summary.SLOW_OVERVIEW:
        return None
    return (
        f"the detailed overview of its {systems} systems routes {contradictions} "
        "contradictions one by one, which may take minutes"
    )


def _overview_marks(case: Case, report: Report | None) -> list[Mark]:
    """The contradictions the overview of ``case`` draws: each on its systems' boxes."""
    shown = {system.id for system in case.systems}

    def resolve(key: NodeKey) -> NodeKey | None:
        return (key[0], "system") if key[0] in shown else None

    return _marks(case, report, resolve, None)


def overview_figure(
    case: Case,
    *,
    report: Report | None = None,
    theme: Theme = THEMES["default"],
    detail: str = "auto",
    words: FigureWords = ENGLISH,
) -> graphviz.Digraph:
    """Every system of the case as a box around an ellipse, with the exchanges between
    them as labelled arrows and the contradictions between them as bolts; past
    :data:`~activity_systems.render.summary.DETAIL_LIMIT` contradictions, one arrow and
    one bolt per pair of systems, with how many (see :mod:`activity_systems.render.summary`).
    ``detail="detailed"`` draws them one by one however many there are (slow for a
    large case: every bolt is routed round those before it), ``detail="summary"``
    summarises them however few.

    Warns:
        SlowOverviewWarning: before drawing a detailed overview of more than
            :data:`~activity_systems.render.summary.SLOW_OVERVIEW` contradictions.

    Raises:
        ValueError: for a ``detail`` not in :data:`OVERVIEWS`.
    """
    check_overview(detail)
    count = len(case.systems)
    shown = {system.id for system in case.systems}

    def resolve(key: NodeKey) -> NodeKey | None:
        return (key[0], "system") if key[0] in shown else None

    marks = _overview_marks(case, report)
    slow = _slow(count, len(marks)) if detail == "detailed" else None
    if slow is not None:
        warnings.warn(
            f"{slow}; draw the summary overview (overview='summary') or a pair's figure "
            "(pair=(a, b)) instead",
            SlowOverviewWarning,
            stacklevel=user_stacklevel(),
        )
    summarised = detail == "summary" or (detail == "auto" and len(marks) > summary.DETAIL_LIMIT)
    lines, strength = _ring_weights(case, marks, summarised=summarised)
    systems = [case.systems[k] for k in ring_order(count, lines, strength)]
    panels = [_system_box(system, theme) for system in systems]
    drawn: dict[NodeKey, Shape] = {
        (system.id, "system"): Shape(Point(*centre), panel.width, panel.height)
        for system, panel, centre in zip(
            systems,
            panels,
            ring_places([(p.width, p.height) for p in panels], packed=summarised),
            strict=True,
        )
    }
    subtitle = words.say("overview_subtitle", count=count)
    title = figure_title(
        subtitled(case.title, words.say("overview", count=count)), report, marks, words
    )
    undrawn = _undrawn(case, report, shown, whole_case=True)
    if summarised:
        # the summary draws every exchange of the case, one arrow a pair and way
        how = summary.legend(
            theme.bolt_style, exchanges=bool(case.exchanges), contradictions=bool(marks)
        )
        caption = _caption(
            case.title,
            subtitle,
            theme,
            marks,
            how,
            undrawn=undrawn,
            left_out=_left_out(report, words),
            words=words,
        )
        canvas = Canvas(theme, caption=caption, title=title, words=words)
        for system, panel in zip(systems, panels, strict=True):
            canvas.node(drawn[(system.id, "system")], panel.label, tooltip=panel.text)
        summary.draw_summary(canvas, case, drawn, marks)
        return canvas.graph
    canvas = Canvas(theme, words=words)
    for system, panel in zip(systems, panels, strict=True):
        canvas.node(drawn[(system.id, "system")], panel.label, tooltip=panel.text)
    exchanges = _draw_exchanges(canvas, case, case.exchanges, drawn, resolve)
    gathered = draw_marks(canvas, marks, drawn)
    caption = _caption(
        case.title,
        subtitle,
        theme,
        marks,
        gathered=gathered,
        exchanges=exchanges > 0,
        undrawn=undrawn,
        left_out=_left_out(report, words),
        words=words,
    )
    canvas.caption(caption, title=title)
    return canvas.graph


def _ring_weights(
    case: Case, marks: Sequence[Mark], *, summarised: bool
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """How many lines the overview draws between each pair of systems (numbered in the
    case's order), and how many exchanges and contradictions they stand for: the same,
    unless ``summarised`` (one line for a pair's exchanges, one for its contradictions)."""
    number = {system.id: k for k, system in enumerate(case.systems)}
    kinds: dict[tuple[int, int], list[int]] = {}  # pair -> [exchanges, contradictions]
    for exchange in case.exchanges:
        a, b = sorted((number[exchange.from_], number[exchange.to]))
        kinds.setdefault((a, b), [0, 0])[0] += 1
    for mark in marks:
        if len(mark.ends) == 2:
            a, b = sorted((number[mark.ends[0][0]], number[mark.ends[1][0]]))
            kinds.setdefault((a, b), [0, 0])[1] += 1
    strength = {pair: sum(counts) for pair, counts in kinds.items()}
    if not summarised:
        return strength, strength
    return {pair: sum(min(n, 1) for n in counts) for pair, counts in kinds.items()}, strength


def _system_box(system: ActivitySystem, theme: Theme) -> Panel:
    """A system in the overview: its name, subject and object."""
    return text_panel(
        system_title(system),
        f"{system.subject.label} → {system.object.label}",
        muted=theme.ink,
    )
