"""A theme of one's own, given to ``render``/``figure`` as a :class:`Theme`: an
organisation's colours on its slides, without editing the library or its ``THEMES``."""

from __future__ import annotations

import dataclasses
import shutil
import warnings
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.render import THEMES, LowContrastWarning, Theme, figure, render

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

ACME = dataclasses.replace(
    THEMES["default"], name="acme", bolt="#7B2D8E", exchange="#00695c", object_fill="#fde8c8"
)


@pytest.fixture(scope="module")
def case() -> a.Case:
    return a.load(COURT)


def test_a_theme_of_ones_own_colours_the_figure(case: a.Case) -> None:
    dot = render(case, format="dot", theme=ACME)  # Figure 3: it has an exchange
    for colour in ("#7b2d8e", "#00695c", "#fde8c8"):  # in lower case, as Graphviz writes them
        assert colour in dot
    assert "#d7191c" not in dot  # the default theme's red is gone
    assert figure(case, theme=ACME).source == render(case, format="dot", theme=ACME)


def test_a_theme_equal_to_a_named_one_draws_the_same(case: a.Case) -> None:
    same = dataclasses.replace(THEMES["print"], name="mine")
    assert render(case, format="dot", theme=same) == render(case, format="dot", theme="print")


def test_the_themes_own_background_is_kept_unless_one_is_given(case: a.Case) -> None:
    blue = dataclasses.replace(THEMES["default"], background="#DBE9F6")
    assert 'bgcolor="#dbe9f6"' in render(case, format="dot", theme=blue)
    given = render(case, format="dot", theme=blue, background="#fff")
    assert 'bgcolor="#ffffff"' in given
    assert "#dbe9f6" not in given


def test_the_named_themes_are_still_drawn_on_white(case: a.Case) -> None:
    assert render(case, format="dot", theme="print") == render(
        case, format="dot", theme="print", background="white"
    )


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("bolt", "purple", "'purple'"),
        ("ink", "#12345", "#rrggbb"),
        ("bolt_style", "wavy", "solid, dashed, dotted or bold"),
        ("background", "blue", "transparent"),
    ],
)
def test_a_theme_with_a_colour_not_written_as_hex_or_an_unknown_style_is_refused(
    field: str, value: str, says: str
) -> None:
    with pytest.raises(ValueError, match=f"{field}.*") as raised:
        dataclasses.replace(THEMES["default"], **{field: value})
    assert says in str(raised.value)


def test_a_theme_whose_text_would_not_read_on_its_nodes_warns(case: a.Case) -> None:
    pale = dataclasses.replace(THEMES["default"], name="pale", ink="#bbbbbb")
    with pytest.warns(LowContrastWarning, match=r"the elements' text \(#bbbbbb\)"):
        render(case, format="dot", theme=pale)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render(case, format="dot", theme=ACME)  # reads: no warning


def test_a_theme_is_neither_a_name_nor_anything_else(case: a.Case) -> None:
    with pytest.raises(ValueError, match="unknown theme 'acme'"):
        render(case, format="dot", theme="acme")
    with pytest.raises(TypeError, match=r"a theme is a name .* or a Theme"):
        render(case, format="dot", theme={"bolt": "#000000"})  # type: ignore[call-overload]


@needs_dot
def test_a_theme_of_ones_own_draws_the_same_bytes_every_time(case: a.Case) -> None:
    first = render(case, format="png", theme=ACME)
    assert first == render(case, format="png", theme=ACME)
    assert "#7b2d8e" in render(case, format="svg", theme=ACME)


def test_theme_is_exported_for_type_checkers() -> None:
    assert isinstance(THEMES["default"], Theme)
