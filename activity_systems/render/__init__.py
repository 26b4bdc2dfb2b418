"""Figures: a case, a system or a report drawn as DOT, SVG, PNG or PDF.

:func:`render` is the entry point (also ``activity_systems.render``); :func:`figure`
returns the Graphviz graph without running Graphviz; :mod:`.figures` holds the pure
builders of the chapter's Figures 1–3 and the overview.
"""

from __future__ import annotations

import inspect
import sys
import types
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
from activity_systems.render.theme import THEMES, Theme


class _CallableModule(types.ModuleType):
    """``activity_systems.render`` is both this package and the function ``render``.

    Importing a submodule binds the package to the parent's ``render`` attribute, which
    would hide the function exported there; calling the package calls the function, so
    ``activity_systems.render(case)`` works whichever was bound last.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call :func:`activity_systems.render.render` with these arguments."""
        return self.render(*args, **kwargs)


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


# For inspect.signature(activity_systems.render), and so for IPython's "Signature:".
__signature__ = inspect.signature(render)
# The signature of calling the package, for IPython's "Call signature:" (the method's
# own is ``(*args, **kwargs)``): ``self`` and the function's parameters. setattr, since
# to mypy a function has no ``__signature__``.
setattr(  # noqa: B010
    _CallableModule.__call__,
    "__signature__",
    __signature__.replace(
        parameters=[
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
            *__signature__.parameters.values(),
        ]
    ),
)
__doc__ = _entry_point_doc(__doc__)
sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXTENSIONS",
    "FORMATS",
    "INSTALL_HINT",
    "OVERVIEWS",
    "THEMES",
    "GraphvizSettingWarning",
    "ScaledDownWarning",
    "SlowOverviewWarning",
    "Theme",
    "figure",
    "format_for",
    "overview_figure",
    "pair_figure",
    "render",
    "system_figure",
]
