"""Where the nodes of Engeström's triangle go, given their sizes.

::

                    tools
           subject          (object) → outcome
      rules        community        division of labour

Rows are spaced by the tallest node on each row, so nodes never overlap; the subject and
object sit inward of the bottom corners, so the outline reads as a triangle. A mirrored
triangle (Figure 3's right-hand system) has its object on the left, facing the other.

>>> from activity_systems.render.panels import Panel
>>> panels = {n: Panel("<x>", 120, 40) for n in ("tools", "subject", "object", "rules",
...           "community", "division_of_labour")}
>>> shapes = triangle(panels, Rows.of([panels]))
>>> shapes["tools"].center.x, shapes["subject"].center.x < 0 < shapes["object"].center.x
(0.0, True)
>>> shapes["tools"].center.y > shapes["subject"].center.y > shapes["rules"].center.y
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from activity_systems.model import NodeName
from activity_systems.render.geometry import Point, Shape
from activity_systems.render.panels import Panel

#: Horizontal gap between neighbouring nodes of the bottom row.
ROW_GAP = 34.0
#: Horizontal gap between the subject and the object.
MIDDLE_GAP = 64.0
#: Vertical gap between rows.
ROW_SPACING = 46.0
#: Gap between the object and its outcome.
OUTCOME_GAP = 30.0

#: The triangle's lines: the outer triangle, then the inner lines.
TRIANGLE_LINES: tuple[tuple[NodeName, NodeName], ...] = (
    ("tools", "subject"),
    ("subject", "rules"),
    ("tools", "object"),
    ("object", "division_of_labour"),
    ("rules", "community"),
    ("community", "division_of_labour"),
    ("subject", "object"),
    ("subject", "community"),
    ("object", "community"),
)

_BOTTOM: tuple[NodeName, ...] = ("rules", "community", "division_of_labour")
_MIDDLE: tuple[NodeName, ...] = ("subject", "object", "outcome")


@dataclass(frozen=True, slots=True)
class Rows:
    """The heights of the centres of the three rows (bottom, middle, top)."""

    bottom: float
    middle: float
    top: float

    @classmethod
    def of(
        cls,
        triangles: Iterable[Mapping[NodeName, Panel]],
        *,
        spacing: float = ROW_SPACING,
    ) -> Rows:
        """Rows that fit every triangle in ``triangles`` (Figure 3's two share them),
        ``spacing`` apart."""
        heights: dict[str, float] = {"bottom": 0.0, "middle": 0.0, "top": 0.0}
        for panels in triangles:
            for node, panel in panels.items():
                row = _row(node)
                heights[row] = max(heights[row], panel.height)
        middle = heights["bottom"] / 2 + spacing + heights["middle"] / 2
        top = middle + heights["middle"] / 2 + spacing + heights["top"] / 2
        return cls(0.0, middle, top)


def _row(node: NodeName) -> str:
    if node in _BOTTOM:
        return "bottom"
    return "top" if node == "tools" else "middle"


def _width(panels: Mapping[NodeName, Panel], node: NodeName) -> float:
    panel = panels.get(node)
    return panel.width if panel is not None else 0.0


def triangle(panels: Mapping[NodeName, Panel], rows: Rows) -> dict[NodeName, Shape]:
    """The shape of every node that has a panel, with the tools above the origin; the
    outcome beside the object, on the far side from the subject."""
    half_middle = MIDDLE_GAP / 2 + max(_width(panels, "subject"), _width(panels, "object")) / 2
    community = _width(panels, "community")
    side = max(
        community / 2
        + ROW_GAP
        + max(_width(panels, "rules"), _width(panels, "division_of_labour")) / 2,
        half_middle * 1.35,
    )
    x: dict[NodeName, float] = {
        "tools": 0.0,
        "subject": -half_middle,
        "object": half_middle,
        "rules": -side,
        "community": 0.0,
        "division_of_labour": side,
        "outcome": half_middle
        + _width(panels, "object") / 2
        + OUTCOME_GAP
        + _width(panels, "outcome") / 2,
    }
    heights = {"bottom": rows.bottom, "middle": rows.middle, "top": rows.top}
    return {
        node: Shape(Point(x[node], heights[_row(node)]), panel.width, panel.height, panel.kind)
        for node, panel in panels.items()
    }


#: Figure 3 must stay readable at half an A4 page, so its gaps are tighter than those of
#: one triangle: between the nodes of a row, ...
PAIR_ROW_GAP = 14.0
#: ... between the rows, ...
PAIR_ROW_SPACING = 40.0
#: ... between the two triangles, and around the shared object.
PAIR_CENTRE_GAP = 56.0


@dataclass(frozen=True, slots=True)
class PairLayout:
    """Figure 3: two mirrored triangles and the shared object between their apexes."""

    left: dict[NodeName, Shape]
    right: dict[NodeName, Shape]
    shared: Shape


@dataclass(frozen=True, slots=True)
class _Half:
    """One triangle of Figure 3 in its own coordinates: the axis (tools, community) at
    x = 0 and x growing toward the other triangle."""

    x: dict[NodeName, float]
    inner: dict[str, float]  # how far each row reaches toward the other triangle

    @classmethod
    def of(cls, panels: Mapping[NodeName, Panel]) -> _Half:
        def w(node: NodeName) -> float:
            return _width(panels, node)

        side = w("community") / 2 + PAIR_ROW_GAP + max(w("rules"), w("division_of_labour")) / 2
        # The subject and object stand over the gaps of the bottom row, or further apart
        # when they are wide.
        half = max(side / 2, (w("subject") + w("object")) / 4 + PAIR_ROW_GAP / 2)
        outcome = half + w("object") / 2 + PAIR_ROW_GAP + w("outcome") / 2
        middle_reach = outcome + w("outcome") / 2 if "outcome" in panels else half + w("object") / 2
        bottom_reach = side + w("division_of_labour") / 2
        # The outcome stands beside the object, toward the other triangle; the middle row
        # leans outward so that it reaches no further in than the bottom row, as long as
        # the object stays on the inner side of the apex.
        lean = min(max(middle_reach - bottom_reach, 0.0), half * 0.6)
        x: dict[NodeName, float] = {
            "tools": 0.0,
            "subject": -half - lean,
            "object": half - lean,
            "outcome": outcome - lean,
            "rules": -side,
            "community": 0.0,
            "division_of_labour": side,
        }
        inner = {
            "top": w("tools") / 2,
            "middle": middle_reach - lean,
            "bottom": bottom_reach,
        }
        return cls(x, inner)


def mirrored_pair(
    left: Mapping[NodeName, Panel], right: Mapping[NodeName, Panel], shared: Panel
) -> PairLayout:
    """Figure 3's layout: ``left``'s triangle with its object toward the right, ``right``'s
    mirrored with its object toward the left, both outcomes beside their objects toward
    the middle, and the shared object (object 3) between the two apexes, over the
    outcomes, where the dashed arrows from both outcomes meet.

    The triangles stand as close as their rows allow, so that the figure stays readable
    when printed at half an A4 page.

    >>> from activity_systems.render.panels import Panel
    >>> names = ("tools", "subject", "object", "outcome", "rules", "community",
    ...          "division_of_labour")
    >>> panels = {n: Panel("<x>", 110, 40) for n in names}
    >>> pair = mirrored_pair(panels, panels, Panel("<x>", 150, 50, "ellipse"))
    >>> pair.left["object"].center.x < pair.shared.center.x < pair.right["object"].center.x
    True
    >>> pair.left["outcome"].center.y < pair.shared.center.y <= pair.left["tools"].center.y
    True
    """
    rows = Rows.of([left, right], spacing=PAIR_ROW_SPACING)
    a, b = _Half.of(left), _Half.of(right)
    distance = max(
        a.inner["top"] + b.inner["top"] + shared.width + 2 * PAIR_CENTRE_GAP,
        a.inner["middle"] + b.inner["middle"] + PAIR_CENTRE_GAP,
        a.inner["bottom"] + b.inner["bottom"] + PAIR_CENTRE_GAP,
    )
    heights = {"bottom": rows.bottom, "middle": rows.middle, "top": rows.top}

    def place(
        half: _Half, panels: Mapping[NodeName, Panel], axis: float, sign: float
    ) -> dict[NodeName, Shape]:
        return {
            node: Shape(
                Point(axis + sign * half.x[node], heights[_row(node)]),
                panel.width,
                panel.height,
                panel.kind,
            )
            for node, panel in panels.items()
        }

    shapes_a = place(a, left, 0.0, 1.0)
    shapes_b = place(b, right, distance, -1.0)
    middle = (a.inner["top"] + distance - b.inner["top"]) / 2
    # Just above the nodes of the middle row beneath it (the outcomes), so that lines
    # between the two apexes pass over it; at most as high as the apexes.
    left_end, right_end = middle - shared.width / 2, middle + shared.width / 2
    beneath = [
        shape.rect.top
        for shape in (*shapes_a.values(), *shapes_b.values())
        if shape.center.y == rows.middle
        and shape.rect.right > left_end
        and shape.rect.left < right_end
    ]
    floor = max(beneath, default=rows.middle - shared.height / 2)
    height = min(floor + PAIR_ROW_GAP + shared.height / 2, rows.top)
    return PairLayout(
        shapes_a, shapes_b, Shape(Point(middle, height), shared.width, shared.height, shared.kind)
    )
