"""The Hypothesis entry point of earlier installs, which named this module.

The entry point is now :func:`activity_systems._hypothesis_hook.register`, outside this
package; an environment installed before still names this one until the package is
reinstalled, so it stays importable.
"""

from __future__ import annotations

from activity_systems._hypothesis_hook import register

__all__ = ["register"]
