"""Colours and line styles of the diagrams: on screen, and for photocopied handouts."""

from __future__ import annotations

from dataclasses import dataclass
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
