"""Colours and line styles of the diagrams: on screen, and for photocopied handouts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from activity_systems.errors import ArgumentError

ThemeName = Literal["default", "print"]


@dataclass(frozen=True, slots=True)
class Theme:
    """How a figure is drawn; everything else (geometry, text) is the same in every theme.

    A theme of one's own, in an organisation's colours, is one of :data:`THEMES` with
    some colours replaced, given to ``render(..., theme=...)`` as it is:

    >>> import dataclasses
    >>> acme = dataclasses.replace(THEMES["default"], name="acme", bolt="#7B2D8E")
    >>> acme.bolt, acme.bolt_style
    ('#7b2d8e', 'solid')

    Colours are written ``"#rrggbb"`` or ``"#rgb"``, in any case (kept in lower case),
    for the figure's contrast is measured from them; the styles are Graphviz's
    ``solid``, ``dashed``, ``dotted`` or ``bold``; the background ``"white"``,
    ``"transparent"`` or a colour. The font and the text's sizes are the same in every
    theme: the layout measures text by Helvetica's widths.

    Raises:
        ValueError: for any other colour, style or background, naming the field.
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

    def __post_init__(self) -> None:
        for field in _COLOURS:
            object.__setattr__(self, field, _colour(field, getattr(self, field)))
        for field in ("bolt_style", "shared_style"):
            if getattr(self, field) not in STYLES:
                raise ValueError(
                    f"unknown {field} {getattr(self, field)!r}: use solid, dashed, dotted or bold"
                )
        background = self.background.lower() if isinstance(self.background, str) else ""
        if background not in ("white", "transparent"):
            try:
                background = _colour("background", self.background)
            except ValueError:
                raise ValueError(
                    f"unknown background {self.background!r}: use white, transparent or a "
                    "colour written as #rrggbb, such as #dbe9f6"
                ) from None
        object.__setattr__(self, "background", background)

    @property
    def knockout(self) -> str:
        """The fill of a label that hides the line it stands on: the background's
        colour, white on a transparent one (which would show the line through it)."""
        return "white" if self.background == "transparent" else self.background


#: A theme's colours (its background aside), each ``"#rrggbb"``.
_COLOURS = (
    "ink",
    "line",
    "fill",
    "object_fill",
    "shared_fill",
    "exchange",
    "bolt",
    "badge_fill",
    "muted",
)
#: The Graphviz styles a theme's lines may take.
STYLES = ("solid", "dashed", "dotted", "bold")


def _colour(field: str, value: object) -> str:
    """``value`` as ``"#rrggbb"``: from that or ``"#rgb"``, in any case."""
    colour = value.lower() if isinstance(value, str) else ""
    if _SHORT_HEX_COLOUR.fullmatch(colour):
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(
            f"the theme's {field} is {value!r}: write a colour as #rrggbb (or #rgb), "
            "such as #1f5fa8"
        )
    return colour


_HEX_COLOUR = re.compile(r"#[0-9a-f]{6}")
_SHORT_HEX_COLOUR = re.compile(r"#[0-9a-f]{3}")


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


def theme_named(name: str | Theme) -> Theme:
    """The theme called ``name``, or ``name`` itself when it is a :class:`Theme` (one of
    one's own).

    Raises:
        ArgumentError: (a ``ValueError``) for an unknown theme, naming the known ones.
        TypeError: for anything but a name or a theme.
    """
    if isinstance(name, Theme):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"a theme is a name ({', '.join(sorted(THEMES))}) or a Theme, not a "
            f"{type(name).__name__}: dataclasses.replace(THEMES['default'], bolt='#7b2d8e') "
            "is one of your own"
        )
    try:
        return THEMES[name]
    except KeyError:
        raise ArgumentError(
            f"unknown theme {name!r}: use one of {', '.join(sorted(THEMES))}, or give a "
            "Theme of your own"
        ) from None


#: The least contrast of text with what it stands on, WCAG AA's, that the figures'
#: text meets on white in both themes.
LEAST_CONTRAST = 4.5


class LowContrastWarning(UserWarning):
    """A figure is drawn on a background (``background=``) that leaves text standing on
    it, its title, its caption, the systems' names or the exchanges' labels, under
    WCAG AA's contrast of 4.5:1: on a poster's navy, the default theme's dark grey text
    reads at 1.4:1. The message names the text that reads worst and its contrast; the
    nodes keep their fill, so their text reads on any background. Nothing is said of a
    transparent background, whose colour is not known. A theme of one's own (a
    :class:`Theme`) is measured on its nodes too: its elements' text, its headings and
    its bolts' numbers on what they stand on. Silence it with
    ``warnings.simplefilter("ignore", LowContrastWarning)``."""


def contrast(text: str, background: str) -> float:
    """WCAG 2's contrast ratio of two colours, each ``"white"`` or ``"#rrggbb"``: from 1
    (the same) to 21 (black on white).

    >>> round(contrast("#767676", "white"), 2)
    4.54
    """

    def luminance(colour: str) -> float:
        colour = "#ffffff" if colour == "white" else colour
        channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(text), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _node_fills(theme: Theme) -> tuple[tuple[str, str], ...]:
    """The fills text stands on inside a figure, and what they are."""
    return (
        (theme.fill, "the nodes"),
        (theme.object_fill, "the objects"),
        (theme.shared_fill, "the shared object"),
    )


def hard_to_read(theme: Theme) -> str | None:
    """What to say of ``theme`` when text reads under :data:`LEAST_CONTRAST`: first the
    text on the nodes, whose colours a theme of one's own chooses (the built-in themes'
    all read, tested), then the text standing on its background, the text that reads
    worst and how well; ``None`` when all of it reads. The text on a transparent
    background is not measured, its colour not being known.

    >>> print(hard_to_read(on_background(THEMES["default"], "#dbe9f6")))
    None
    >>> hard_to_read(on_background(THEMES["default"], "#000000"))[:64]
    'on the background #000000, the contrast of the title and the sys'
    """
    on_nodes = [
        ("the elements' text", theme.ink, fill, where) for fill, where in _node_fills(theme)
    ]
    on_nodes += [("the headings", theme.muted, fill, where) for fill, where in _node_fills(theme)]
    on_nodes.append(("the bolts' numbers", theme.bolt, theme.badge_fill, "their circles"))
    text, colour, fill, where = min(on_nodes, key=lambda item: contrast(item[1], item[2]))
    ratio = contrast(colour, fill)
    if ratio < LEAST_CONTRAST:
        return (
            f"in the theme {theme.name!r}, the contrast of {text} ({colour}) on {where} "
            f"({fill}) is {ratio:.1f}:1, under WCAG AA's 4.5:1, too low to read easily: "
            "choose a darker text or a lighter fill"
        )
    if theme.background == "transparent":
        return None
    standing = (
        ("the title and the systems' names", theme.ink),
        ("the legend", theme.muted),
        ("the exchanges' labels", theme.exchange),
    )
    text, colour = min(standing, key=lambda item: contrast(item[1], theme.background))
    ratio = contrast(colour, theme.background)
    if ratio >= LEAST_CONTRAST:
        return None
    return (
        f"on the background {theme.background}, the contrast of {text} ({colour}) is "
        f"{ratio:.1f}:1, under WCAG AA's 4.5:1, too low to read easily: choose a lighter "
        "background"
    )


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
        ArgumentError: (a ``ValueError``) for any other background, saying which ones
            there are.
    """
    try:
        return replace(theme, background=background)  # Theme reads and checks it
    except ValueError as error:
        raise ArgumentError(str(error)) from None
