"""A handout whose page is in a right-to-left language (``lang`` of ``_sections.j2``,
``ur`` for an Urdu handout) is laid out right to left: ``<html dir="rtl">``, its
tables and notes aligned and ruled from the right; a left-to-right page is as before."""

from __future__ import annotations

from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.handouts import render_handout
from activity_systems.right_to_left import language_direction

ROOT = Path(__file__).resolve().parent.parent


def sections(tmp_path: Path, lang: str) -> Path:
    (tmp_path / "_sections.j2").write_text(
        '{% import "shipped/_sections.j2" as shipped %}\n'
        f'{{% set lang = "{lang}" %}}{{% set kicker = shipped.kicker %}}\n'
        "{% set using = shipped.using %}{% set order = shipped.order %}\n"
        "{% set headings = shipped.headings %}\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ur", "rtl"),
        ("ur-PK", "rtl"),
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa-IR", "rtl"),
        ("pa-Arab", "rtl"),
        ("pl", "ltr"),
        ("cy", "ltr"),
        ("en-GB", "ltr"),
        ("ug-Latn", "ltr"),
    ],
)
def test_a_language_tag_says_its_direction(tag: str, direction: str) -> None:
    assert language_direction(tag) == direction


def test_an_urdu_page_is_laid_out_right_to_left(tmp_path: Path) -> None:
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    page = render_handout(case, format="html", template_dir=sections(tmp_path, "ur")).text
    assert '<html lang="ur" dir="rtl">' in page
    assert '[dir="rtl"] table.grid td' in page


def test_a_left_to_right_page_says_no_direction(tmp_path: Path) -> None:
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    page = render_handout(case, format="html", template_dir=sections(tmp_path, "pl")).text
    assert '<html lang="pl">' in page
    assert 'dir="rtl"' not in page


def test_an_urdu_worksheets_arrows_point_to_the_ends_of_its_scale(tmp_path: Path) -> None:
    # The scale runs from the right in a right-to-left page, full segregation at the
    # right: the arrow beside "less integrated", at the right, points right, and the one
    # beside "more integrated", at the left, points left. The characters are not
    # mirrored by the browser, and the arrows of a left-to-right page pointed inwards.
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    page = render_handout(case, format="html", template_dir=sections(tmp_path, "ur")).text
    assert (
        '<p class="continuum-arrow"><span><span aria-hidden="true">→</span> less integrated'
        '</span><span>more integrated <span aria-hidden="true">←</span></span></p>'
    ) in page
