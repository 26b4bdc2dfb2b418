"""Figures: a case, a system or a report drawn as DOT, SVG, PNG or PDF.

:func:`render` is the entry point (also ``activity_systems.render``); :func:`figure`
returns the Graphviz graph without running Graphviz; :mod:`.figures` holds the pure
builders of the chapter's Figures 1–3 and the overview.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from activity_systems.render.api import EXTENSIONS, FORMATS, figure, format_for, render
from activity_systems.render.backend import DEFAULT_TIMEOUT, INSTALL_HINT
from activity_systems.render.figures import overview_figure, pair_figure, system_figure
from activity_systems.render.theme import THEMES, Theme


class _CallableModule(types.ModuleType):
    """``activity_systems.render`` is both this package and the function ``render``.

    Importing a submodule binds the package to the parent's ``render`` attribute, which
    would hide the function exported there; calling the package calls the function, so
    ``activity_systems.render(case)`` works whichever was bound last.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXTENSIONS",
    "FORMATS",
    "INSTALL_HINT",
    "THEMES",
    "Theme",
    "figure",
    "format_for",
    "overview_figure",
    "pair_figure",
    "render",
    "system_figure",
]
