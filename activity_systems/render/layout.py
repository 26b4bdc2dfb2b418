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

from activity_systems.model import NODES, NodeName
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

ORIGIN = Point(0.0, 0.0)
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
        middle_min: float = 0,
    ) -> Rows:
        """Rows that fit every triangle in ``triangles`` (Figure 3 shares them)."""
        heights: dict[str, float] = {"bottom": 0.0, "middle": middle_min, "top": 0.0}
        for panels in triangles:
            for node, panel in panels.items():
                row = _row(node)
                heights[row] = max(heights[row], panel.height)
        middle = heights["bottom"] / 2 + ROW_SPACING + heights["middle"] / 2
        top = middle + heights["middle"] / 2 + ROW_SPACING + heights["top"] / 2
        return cls(0.0, middle, top)


def _row(node: NodeName) -> str:
    if node in _BOTTOM:
        return "bottom"
    return "top" if node == "tools" else "middle"


def _width(panels: Mapping[NodeName, Panel], node: NodeName) -> float:
    panel = panels.get(node)
    return panel.width if panel is not None else 0.0


def triangle(
    panels: Mapping[NodeName, Panel],
    rows: Rows,
    *,
    origin: Point = ORIGIN,
    mirror: bool = False,
) -> dict[NodeName, Shape]:
    """The shape of every node that has a panel, with the tools above ``origin``; the
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
    y = {node: heights[_row(node)] for node in NODES}
    sign = -1.0 if mirror else 1.0
    return {
        node: Shape(
            Point(origin.x + sign * x[node], origin.y + y[node]),
            panel.width,
            panel.height,
            panel.kind,
        )
        for node, panel in panels.items()
    }
