"""The Hypothesis entry point: register the strategies when Hypothesis is imported.

Hypothesis calls every function of the ``hypothesis`` entry-point group once, at the end
of its own import, so that ``st.from_type(Case)`` generates valid cases in any test
suite where this library is installed, without importing
:mod:`activity_systems.strategies` first. Hypothesis skips the hooks when the
environment variable ``HYPOTHESIS_NO_PLUGINS`` is set.
"""

from __future__ import annotations


def register() -> None:
    """Import :mod:`activity_systems.strategies`, which registers its strategies."""
    import activity_systems.strategies  # noqa: F401
