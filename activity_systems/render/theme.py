"""Colours and line styles of the diagrams: on screen, and for photocopied handouts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

ThemeName = Literal["default", "print"]


@dataclass(frozen=True, slots=True)
class Theme:
    """How a figure is drawn; everything else (geometry, text) is the same in every theme.

    >>> THEMES["print"].bolt_style
    'dashed'
    """

    name: str
    ink: str  # text and node borders
    line: str  # the triangle's lines
    fill: str  # node background
    object_fill: str
    shared_fill: str
    exchange: str
    bolt: str
    bolt_style: str  # Graphviz style of the bolt's segments
    badge_fill: str
    muted: str  # secondary text: "+N more", captions
    shared_style: str  # the shared object's outline and the arrows to it
    #: What the figure is drawn on: ``"white"``, ``"transparent"`` or ``"#rrggbb"``.
    background: str = "white"

    @property
    def knockout(self) -> str:
        """The fill of a label that hides the line it stands on: the background's
        colour, white on a transparent one (which would show the line through it)."""
        return "white" if self.background == "transparent" else self.background


THEMES: dict[str, Theme] = {
    "default": Theme(
        name="default",
        ink="#222222",
        line="#8c8c8c",
        fill="#fbfbfb",
        object_fill="#fff4d6",
        shared_fill="#e6f0fa",
        exchange="#1f5fa8",
        bolt="#d7191c",
        bolt_style="solid",
        badge_fill="#ffffff",
        muted="#666666",
        shared_style="dashed",
    ),
    "print": Theme(
        name="print",
        ink="#000000",
        line="#808080",  # grey, so that the black exchange arrows stand out from it
        fill="#ffffff",
        object_fill="#ffffff",
        shared_fill="#ffffff",
        exchange="#000000",
        bolt="#000000",
        bolt_style="dashed",
        badge_fill="#ffffff",
        muted="#000000",
        shared_style="dotted",  # the bolts are dashed in print
    ),
}


def theme_named(name: str) -> Theme:
    """The theme called ``name``.

    Raises:
        ValueError: for an unknown theme, naming the known ones.
    """
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(
            f"unknown theme {name!r}: use one of {', '.join(sorted(THEMES))}"
        ) from None


_HEX_COLOUR = re.compile(r"#[0-9a-f]{6}")
_SHORT_HEX_COLOUR = re.compile(r"#[0-9a-f]{3}")


def on_background(theme: Theme, background: str) -> Theme:
    """``theme`` drawn on ``background``: ``"white"`` (a journal's page), ``"transparent"``
    or a colour written as ``"#rrggbb"`` (a poster's), in any case, or as a stylesheet's
    ``"#rgb"``.

    >>> on_background(THEMES["print"], "#DBE9F6").knockout
    '#dbe9f6'
    >>> on_background(THEMES["print"], "transparent").knockout
    'white'
    >>> on_background(THEMES["print"], "#FFF").background
    '#ffffff'

    Raises:
        ValueError: for any other background, saying which ones there are.
    """
    colour = background.lower() if isinstance(background, str) else ""
    if _SHORT_HEX_COLOUR.fullmatch(colour):
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    if colour in ("white", "transparent") or _HEX_COLOUR.fullmatch(colour):
        return replace(theme, background=colour)
    raise ValueError(
        f"unknown background {background!r}: use white, transparent or a colour "
        "written as #rrggbb, such as #dbe9f6"
    )
