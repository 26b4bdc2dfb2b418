"""Figures: a case, a system or a report drawn as DOT, SVG, PNG or PDF.

:func:`render` is the entry point (also ``activity_systems.render``); :func:`figure`
returns the Graphviz graph without running Graphviz; :mod:`.figures` holds the pure
builders of the chapter's Figures 1–3 and the overview.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import Callable
from typing import Any

from activity_systems.render.api import EXTENSIONS, FORMATS, figure, format_for, render
from activity_systems.render.backend import DEFAULT_TIMEOUT, INSTALL_HINT, ScaledDownWarning
from activity_systems.render.figures import (
    OVERVIEWS,
    SlowOverviewWarning,
    overview_figure,
    pair_figure,
    system_figure,
)
from activity_systems.render.library import GraphvizSettingWarning
from activity_systems.render.printed import SmallTextWarning
from activity_systems.render.theme import THEMES, LowContrastWarning, Theme
from activity_systems.render.words import CountedWord, FigureWords


class _Call(functools.partial[Any]):
    """Call :func:`activity_systems.render.render` with these arguments."""


class _CallableModule(types.ModuleType):
    """``activity_systems.render`` is both this package and the function ``render``.

    Importing a submodule binds the package to the parent's ``render`` attribute, which
    would hide the function exported there; calling the package calls the function, so
    ``activity_systems.render(case)`` works whichever was bound last.
    """

    @property
    def __call__(self) -> Callable[..., Any]:
        """What calling the package calls: the function, through a ``partial`` that adds
        no frame to a traceback (as a method that called it would) and has a docstring
        of one line (the function's own would show twice in IPython's ``?``)."""
        return _Call(self.render)


def _entry_point_doc(package_doc: str | None) -> str:
    """The package's docstring as ``help()`` and IPython's ``?`` show it: the function's
    summary, signature and documentation first (that is what a caller is after), then
    what the package holds."""
    if render.__doc__ is None:  # python -OO
        return package_doc or ""
    summary, _, details = inspect.cleandoc(render.__doc__).partition("\n\n")
    parts = [summary, f"activity_systems.render{__signature__}", details]
    if package_doc:
        parts += ["The package\n-----------", inspect.cleandoc(package_doc)]
    return "\n\n".join(part for part in parts if part)


# For inspect.signature(activity_systems.render), and so for IPython's "Signature:"; its
# "Call signature:" is the function's own, that of the package's __call__.
__signature__: inspect.Signature = inspect.signature(render)
__doc__ = _entry_point_doc(__doc__)
sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXTENSIONS",
    "FORMATS",
    "INSTALL_HINT",
    "OVERVIEWS",
    "THEMES",
    "CountedWord",
    "FigureWords",
    "GraphvizSettingWarning",
    "LowContrastWarning",
    "ScaledDownWarning",
    "SlowOverviewWarning",
    "SmallTextWarning",
    "Theme",
    "figure",
    "format_for",
    "overview_figure",
    "pair_figure",
    "render",
    "system_figure",
]
