"""Shared test configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# Property tests run in the default test run with few examples so that the whole property
# suite stays well under a minute; HYPOTHESIS_PROFILE=thorough runs many more.
settings.register_profile("fast", max_examples=25, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def plain_svg(*args: object, **kwargs: object) -> str:
    """A fixed figure in place of Graphviz's, so handout tests need no Graphviz."""
    return '<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"></g></svg>\n'


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handouts drawn with :func:`plain_svg` instead of Graphviz."""
    from activity_systems.handouts import figures

    monkeypatch.setattr(figures, "draw_svg", plain_svg)


@pytest.fixture
def broken_rule() -> Iterator[Any]:
    """A registered contradiction rule, XX901, that raises on every case."""
    from activity_systems import Case, Finding
    from activity_systems.rules.engine import rule, unregister

    @rule("XX901", name="always-breaks", category="contradiction")
    def always_breaks(case: Case) -> Iterator[Finding]:
        """Breaks on every case."""
        raise RuntimeError("boom")

    yield always_breaks
    unregister("XX901")
