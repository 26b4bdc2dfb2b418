"""A figure drawn for the width it is printed at: ``render(..., print_width="88mm")``.

A figure is drawn at its own size, in points, and scaled to the width it is printed at,
which shrinks its text with it. ``print_width`` makes that width the figure's own: an SVG
says it in its ``width`` and ``height`` (its ``viewBox``, and so every mark, unchanged),
so that Word and LibreOffice insert it at that size, and a PDF's page is that wide (drawn
by Graphviz scaled to it, fonts embedded as before). Either is scaled, never laid out
anew: the nodes' text wraps as it does at the figure's own size.

The figure then says how large its smallest text prints: under
:data:`LEGIBLE_POINTS` (7 points, the lettering journals ask for at the printed size;
Elsevier's sizing guidelines accept no less than 6) a :class:`SmallTextWarning` says
the size and the width the figure needs for 7-point text. As decisions: the width is
written with its unit (``mm``, ``cm``, ``in`` or ``pt``), since a bare number could
be any of them; and a PNG takes no ``print_width``, as its size in a document is its
pixels and its ``dpi`` (see the figures page, "In a journal or on a poster").
"""

from __future__ import annotations

import re
import warnings

from activity_systems.errors import ArgumentError, user_stacklevel

#: The smallest text, in points at the printed size, that a figure is not warned of.
LEGIBLE_POINTS = 7.0

#: Points in one of each unit a print width may be written in.
UNITS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}

#: The widest print width taken, in points: 5 metres, past any poster.
WIDEST = 5000 * UNITS["mm"]
#: The narrowest print width taken, in points: an SVG says its size to a hundredth of a
#: point and Graphviz takes a PDF's to a ten-thousandth of an inch, so that a narrower
#: one came out as an SVG 0.00pt wide and a PDF at the figure's own size.
NARROWEST = 1.0

_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(mm|cm|in|pt)\s*", re.IGNORECASE)
#: A length written with a decimal comma, as in many locales: ``3,5in``.
_COMMA = re.compile(r"(\s*[0-9]+),([0-9]+\s*(?:mm|cm|in|pt)\s*)", re.IGNORECASE)
_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
#: An SVG's size in points, as Graphviz writes it: the drawing and its pad (its width
#: and its height), in which every mark is placed; a PNG's pixels are counted from it too.
_VIEWBOX = re.compile(rb'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"')
_FONT_SIZE = re.compile(rb'font-size="([0-9.]+)"')


def viewbox_size(svg: bytes) -> tuple[float, float] | None:
    """The width and height in points of the figure whose SVG is ``svg``, from the
    ``viewBox`` Graphviz writes (the drawing and its pad), or ``None`` for what is not
    Graphviz's SVG: what a printed width and every size of a PNG are worked out from.

    >>> viewbox_size(b'<svg width="888pt" height="583pt" viewBox="0.00 0.00 887.95 583.13">')
    (887.95, 583.13)
    >>> viewbox_size(b"<svg>") is None
    True
    """
    found = _VIEWBOX.search(svg)
    return None if found is None else (float(found[1]), float(found[2]))


class SmallTextWarning(UserWarning):
    """A figure drawn with ``print_width`` whose smallest text prints under 7 points at
    that width, the lettering journals ask for: the message says the size it prints at
    and the width at which it would be 7 points."""


def print_points(width: str | None) -> float | None:
    """The print width ``width`` (``"88mm"``, ``"3.5in"``, ``"8.8cm"``, ``"250pt"``) in
    points; ``None`` for none.

    >>> round(print_points("180mm"), 2), print_points("3.5in"), print_points(None)
    (510.24, 252.0, None)

    Raises:
        ArgumentError: (a ``ValueError``) for a width without its unit, written with a
            decimal comma, narrower than a point or wider than 5 metres.
    """
    if width is None:
        return None
    if not isinstance(width, str):
        raise ArgumentError(
            f"print_width is a length with its unit, such as '88mm' or '3.5in', not {width!r}"
        )
    found = _LENGTH.fullmatch(width)
    comma = _COMMA.fullmatch(width) if found is None else None
    if comma is not None:
        meant = f"{comma[1]}.{comma[2]}".strip()
        if re.match(r"[0-9]{3}\D", comma[2]):  # 1,000mm: a thousand, or one
            raise ArgumentError(
                f"{width!r} is no print width: write it without a comma, "
                f"{(comma[1] + comma[2]).strip()!r}, or with a decimal point, {meant!r}"
            )
        raise ArgumentError(
            f"{width!r} is no print width: write its decimal point as a point, {meant!r}"
        )
    if found is None:
        raise ArgumentError(
            f"{width!r} is no print width: give a number and its unit, mm, cm, in or pt "
            "(such as 88mm for a journal's column, 180mm across its page, or 3.5in)"
        )
    points = float(found[1]) * UNITS[found[2].lower()]
    if not NARROWEST <= points <= WIDEST:
        raise ArgumentError(
            f"{width!r} is no print width: give a width of at least 1pt and up to 5 metres (5000mm)"
        )
    return points


def check_print_width(width: str | None, fmt: str) -> float | None:
    """``width`` in points (see :func:`print_points`), for a format that takes it: SVG
    and PDF, and DOT, which has no size to set (it is drawn by Graphviz later), no.

    Raises:
        ArgumentError: (a ``ValueError``) for a width that is no length, or for a format
            other than SVG and PDF.
    """
    points = print_points(width)
    if points is not None and fmt not in ("svg", "pdf"):
        raise ArgumentError(
            f"print_width applies to SVG and PDF, not {fmt.upper()}: "
            + (
                "for a PNG printed at a width, give its dpi at the figure's own width "
                "(the figures page, 'In a journal or on a poster', works it out)"
                if fmt == "png"
                else "a DOT file has no size until Graphviz draws it"
            )
        )
    return points


def own_width(svg: bytes) -> float:
    """The width, in points, of the figure Graphviz drew as ``svg``: that of its
    ``viewBox``, in which every mark is placed.

    >>> own_width(b'<svg width="888pt" height="583pt" viewBox="0.00 0.00 887.95 583.13">')
    887.95
    """
    size = viewbox_size(svg)
    if size is None:
        raise ValueError("Graphviz drew an SVG without a viewBox")
    return size[0]


def smallest_text(svg: bytes) -> float | None:
    """The smallest font size, in points, of the text drawn in ``svg``; ``None`` for a
    figure without text.

    >>> smallest_text(b'<text font-size="14.00">T</text><text font-size="9.00">k</text>')
    9.0
    """
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    return min(sizes) if sizes else None


def warn_of_small_text(svg: bytes, points: float) -> None:
    """A :class:`SmallTextWarning` when the smallest text of the figure drawn as ``svg``
    prints under :data:`LEGIBLE_POINTS` when it is ``points`` wide."""
    own = own_width(svg)
    smallest = smallest_text(svg)
    if smallest is None or own <= 0:
        return
    printed = smallest * points / own
    if round(printed, 1) >= LEGIBLE_POINTS:
        return
    needed = own * LEGIBLE_POINTS / smallest
    warnings.warn(
        f"printed {_mm(points)} wide, the figure's smallest text, {smallest:g} points at "
        f"its own width of {_mm(own)}, prints at {printed:.1f} points, under the 7 that "
        f"journals ask for (6 at the least); it needs {_mm(needed)} for 7-point text: "
        "print it wider, across the page or turned on its side",
        SmallTextWarning,
        stacklevel=user_stacklevel(),
    )


def _mm(points: float) -> str:
    """``points`` as whole millimetres: ``'180 mm'``."""
    return f"{points / UNITS['mm']:.0f} mm"


def svg_at_width(svg: bytes, points: float) -> bytes:
    """``svg`` said to be ``points`` wide (its height in proportion), in its ``width``
    and ``height``, to two decimals of a point; its ``viewBox``, and so every mark in
    it, as Graphviz drew them.

    >>> drawn = b'<svg width="888pt" height="583pt"\\n viewBox="0.00 0.00 887.95 583.13">'
    >>> svg_at_width(drawn, 510.24)
    b'<svg width="510.24pt" height="335.08pt"\\n viewBox="0.00 0.00 887.95 583.13">'
    """
    box = viewbox_size(svg)
    if box is None or _SIZE.search(svg) is None:
        raise ValueError("Graphviz drew an SVG without a size or a viewBox")
    wide, high = box
    height = high * points / wide
    size = f'<svg width="{points:.2f}pt" height="{height:.2f}pt"'.encode("ascii")
    return _SIZE.sub(lambda _: size, svg, count=1)


def pdf_size(points: float) -> str:
    """Graphviz's ``size`` that draws a figure ``points`` wide, scaled up or down to
    it (``!``), its height left free (a thousand inches).

    >>> pdf_size(510.24)
    '7.0867,1000!'
    """
    return f"{points / 72:.4f},1000!"
