"""A version's name given for a comparison (``before_label``, ``--before-name``,
``--since-name``) in a right-to-left script is isolated where it is shown, as the
versions' own right-to-left texts are: a neutral character beside it (a full stop, a
colon) stays where it is written."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from activity_systems import compare
from activity_systems.follow_up.markup import comparison_html, comparison_markdown
from activity_systems.follow_up.text import comparison_text
from activity_systems.right_to_left import FSI, PDI

COURT = Path(__file__).resolve().parent.parent / "examples" / "court-reports.yaml"
NAME = "ورشة آذار"  # the March workshop


@pytest.fixture(scope="module")
def comparison() -> object:
    return compare(COURT, COURT, before_label=NAME, after_label="HEAD")


def test_a_right_to_left_name_is_isolated_in_the_text(comparison: object) -> None:
    assert f"Progress since {FSI}{NAME}{PDI}" in comparison_text(comparison)  # type: ignore[arg-type]


def test_a_right_to_left_name_is_isolated_in_markdown(comparison: object) -> None:
    assert f"Progress since {FSI}{NAME}{PDI}" in comparison_markdown(comparison)  # type: ignore[arg-type]


def test_a_right_to_left_name_is_isolated_in_html(comparison: object) -> None:
    assert f">{NAME}</bdi>" in comparison_html(comparison)  # type: ignore[arg-type]


@pytest.mark.parametrize("format", ["html", "markdown"])
def test_a_right_to_left_since_name_is_isolated_in_a_handout(
    format: Literal["html", "markdown"],
) -> None:
    from activity_systems.handouts.handout import render_handout
    from activity_systems.io.loading import load

    case = load(COURT)
    text = render_handout(case, previous=case, previous_label=NAME, format=format).text
    assert (f">{NAME}</bdi>" if format == "html" else f"{FSI}{NAME}{PDI}") in text
