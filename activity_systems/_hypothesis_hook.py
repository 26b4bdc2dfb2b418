"""The Hypothesis entry point: register the strategies when Hypothesis is imported.

Hypothesis calls every function of the ``hypothesis`` entry-point group once, at the end
of its own import, so that ``st.from_type(Case)`` generates valid cases in any test
suite where this library is installed, without importing
:mod:`activity_systems.strategies` first. Hypothesis skips the hooks when the
environment variable ``HYPOTHESIS_NO_PLUGINS`` is set.

This module lives outside :mod:`activity_systems.strategies` and imports nothing at
module level: loading ``activity_systems.strategies._hook`` would run the strategies
package's ``__init__`` before any ``try`` could catch its errors, so an error there would
stop ``import hypothesis`` in every project of the environment.
"""

from __future__ import annotations


def register() -> None:
    """Import :mod:`activity_systems.strategies`, which registers its strategies.

    Hypothesis calls this while it is being imported, in every project of the
    environment: an error here must not stop ``import hypothesis``, so it becomes a
    warning, and ``st.from_type(Case)`` then works only after importing the strategies.
    """
    try:
        import activity_systems.strategies  # noqa: F401
    except Exception as error:
        import warnings

        warnings.warn(
            f"activity-systems could not register its Hypothesis strategies "
            f"({type(error).__name__}: {error}); import activity_systems.strategies "
            "to see why",
            stacklevel=2,
        )
