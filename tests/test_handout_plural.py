"""Words that count, in a language with more forms than English's two: a ``_words.j2``
names the form of a number with its macro ``plural(count)`` and gives a word that
counts (one with ``{count}``) a text for each form, as Polish needs ("2 wybrane
sprzeczności", "5 wybranych sprzeczności", "22 wybrane sprzeczności"); a form left out
or misspelt is told at the word's line."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Literal

import jinja2
import pytest
from test_handout_words import ENGLISH_HTML, ENGLISH_MD, ROOT, handouts

import activity_systems as a
from activity_systems.cli import console
from activity_systems.handouts import render_handout
from activity_systems.handouts.environment import environment
from activity_systems.handouts.handout import figure_words_of
from activity_systems.render.words import CountedWord, FigureWords

POLISH_PLURAL = (
    "{% macro plural(count) %}{{ 'one' if count == 1 else 'few' if count % 10 in [2, 3, 4]"
    " and count % 100 not in [12, 13, 14] else 'many' }}{% endmacro %}\n"
)
CHOSEN = (
    '"figure_chosen": {"few": "{what}, {count} wybrane sprzeczności",'
    ' "many": "{what}, {count} wybranych sprzeczności"},\n'
)


def polish(plural: str, *lines: str) -> str:
    return (
        '{% import "shipped/_words.j2" as shipped %}\n'
        "{% set summary = shipped.summary %}{% set see = shipped.see %}\n"
        "{% set progress_summary = shipped.progress_summary %}"
        "{% set action_summary = shipped.action_summary %}\n"
        f"{plural}"
        "{% set words = dict(shipped.words, **{\n" + "".join(lines) + "}) %}\n"
    )


def folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "_words.j2").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_word_that_counts_takes_the_form_its_number_names(tmp_path: Path) -> None:
    words = figure_words_of(folder(tmp_path, polish(POLISH_PLURAL, CHOSEN)))
    said = {n: words.count("Sąd", n, chosen=True) for n in (2, 5, 12, 22, 25)}
    assert said == {
        2: "Sąd, 2 wybrane sprzeczności",
        5: "Sąd, 5 wybranych sprzeczności",
        12: "Sąd, 12 wybranych sprzeczności",
        22: "Sąd, 22 wybrane sprzeczności",
        25: "Sąd, 25 wybranych sprzeczności",
    }


def test_a_form_left_out_is_told_with_a_number_that_needs_it(tmp_path: Path) -> None:
    text = polish(POLISH_PLURAL, '"move_to_go": {"few": "{count} poziomy do celu"},\n')
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        figure_words_of(folder(tmp_path, text))
    assert raised.value.lineno == 6  # the word's line
    assert "the word 'move_to_go' has no form 'many', which plural(5) names" in str(raised.value)


def test_a_misspelt_form_is_told_with_the_forms_plural_names(tmp_path: Path) -> None:
    text = polish(
        POLISH_PLURAL,
        CHOSEN.replace('"many"', '"mnay"'),
    )
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        figure_words_of(folder(tmp_path, text))
    assert "the word 'figure_chosen' has the form 'mnay', which plural() never names" in str(
        raised.value
    )
    assert "did you mean 'many'?" in str(raised.value)


def test_forms_without_a_plural_macro_are_told_how_to_name_them(tmp_path: Path) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        figure_words_of(folder(tmp_path, polish("", CHOSEN)))
    assert "the word 'figure_chosen' has forms, and '_words.j2' sets no macro 'plural'" in str(
        raised.value
    )


def test_a_word_that_never_counts_has_no_forms(tmp_path: Path) -> None:
    text = polish(POLISH_PLURAL, '"date": {"one": "Data", "many": "Daty"},\n')
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        figure_words_of(folder(tmp_path, text))
    assert "the word 'date' is dict" in str(raised.value)


def test_a_counted_word_is_checked_for_its_placeholders_form_by_form(tmp_path: Path) -> None:
    text = polish(POLISH_PLURAL, CHOSEN.replace("{count} wybranych", "{cuont} wybranych"))
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        figure_words_of(folder(tmp_path, text))
    assert "the word 'figure_chosen' (its form 'many') has the placeholder {cuont}" in str(
        raised.value
    )


def polish_plural(count: int) -> str:
    if count == 1:
        return "one"
    return "few" if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else "many"


def test_figure_words_in_python_take_counted_words_too() -> None:
    overview = CountedWord(
        {
            "one": "przegląd {count} systemu działania",
            "few": "przegląd {count} systemów działania",
            "many": "przegląd {count} systemów działania",
        },
        polish_plural,
    )
    subtitle = CountedWord(
        {
            "one": "{count} system działania i to, co przepływa między nimi",
            "few": "{count} systemy działania i to, co przepływa między nimi",
            "many": "{count} systemów działania i to, co przepływa między nimi",
        },
        polish_plural,
    )
    words = FigureWords(overview=overview, overview_subtitle=subtitle)
    assert (
        words.say("overview_subtitle", count=3)
        == "3 systemy działania i to, co przepływa między nimi"
    )
    assert (
        words.say("overview_subtitle", count=7)
        == "7 systemów działania i to, co przepływa między nimi"
    )


def test_a_counted_figure_word_lacking_a_form_is_refused_when_made() -> None:
    with pytest.raises(
        ValueError, match="the figure word 'more' has no form 'many', which plural\\(0\\) names"
    ):
        FigureWords(
            more=CountedWord({"one": "{count} więcej", "few": "{count} więcej"}, polish_plural)
        )


POLISH = ROOT / "examples" / "handout-pl"


@pytest.mark.parametrize(("flavour", "listed"), [("html", ENGLISH_HTML), ("markdown", ENGLISH_MD)])
def test_the_polish_words_file_leaves_none_of_the_english_words(
    tmp_path: Path, flavour: str, listed: list[str]
) -> None:
    polish = handouts(flavour, POLISH, tmp_path)
    same = {">Element<"}  # the table's column is "Element" in Polish too
    assert [text for text in listed if text in polish and text not in same] == []
    assert "Rycina 1. " in polish
    assert "Sprzeczności do omówienia" in polish


def test_the_polish_summary_counts_in_polish_three_forms() -> None:
    module = environment("html", POLISH).get_template("_words.j2").module
    said = [str(module.summary(n, n, 0, 0)).split(":")[0] for n in (1, 2, 5, 12, 22, 0)]  # type: ignore[attr-defined]
    assert said == [
        "1 ustalenie do omówienia",
        "2 ustalenia do omówienia",
        "5 ustaleń do omówienia",
        "12 ustaleń do omówienia",
        "22 ustalenia do omówienia",
        "Brak ustaleń do omówienia.",
    ]


def test_the_polish_figures_count_chosen_contradictions_in_polish() -> None:
    words = figure_words_of(POLISH)
    assert words.count("Sąd", 3, chosen=True) == "Sąd, 3 wybrane sprzeczności"
    assert words.count("Sąd", 13, chosen=True) == "Sąd, 13 wybranych sprzeczności"
    assert words.say("overview_subtitle", count=4).startswith("4 systemy działania")


def test_the_polish_figures_say_how_many_more_once() -> None:
    # "i jeszcze 12" after the list's own "i" read "1, 2, …, 8 i i jeszcze 12", and a
    # node's hidden elements "+i jeszcze 3"
    from activity_systems.render.figures import undrawn_line

    words = figure_words_of(POLISH)
    assert undrawn_line(range(1, 21), words) == (
        "Tylko w raporcie, nie narysowano: 1, 2, 3, 4, 5, 6, 7, 8 i 12 więcej"
    )
    assert words.say("more", count=3) == "3 więcej"


@pytest.mark.parametrize("flavour", ["html", "markdown"])
def test_a_heading_that_counts_takes_its_form_in_the_handout(
    tmp_path: Path, flavour: Literal["html", "markdown"]
) -> None:
    resolved = (
        '"resolved": {"one": "Rozwiązane ({count})", "few": "Rozwiązane ({count})",'
        ' "many": "Rozwiązanych ({count})"},\n'
    )
    templates = folder(tmp_path, polish(POLISH_PLURAL, resolved))
    previous = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    case = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = render_handout(
            case,
            format=flavour,
            template_dir=templates,
            previous=previous,
        ).text
    assert "Rozwiązanych (6)" in text


@pytest.mark.parametrize(
    ("plural", "error"),
    [
        ("{{ 'one' if count == 1 else 'few' if 10 // (count - 3) else 'many' }}", "by zero"),
        ("{{ {'one': 'one'}['other' if count else 'zero'] }}", ""),
        ("{{ ('one', 'many')[count] }}", "no element 2"),
    ],
)
def test_a_plural_macro_that_fails_is_told_at_its_line(
    tmp_path: Path, plural: str, error: str
) -> None:
    # plural() fails for some number (3 here): told at its line of _words.j2, as a
    # failing summary() is, rather than as an error of the program with no line
    text = polish(f"{{% macro plural(count) %}}{plural}{{% endmacro %}}\n", CHOSEN)
    templates = folder(tmp_path, text)
    with pytest.raises(jinja2.TemplateError) as raised:
        figure_words_of(templates)
    told = console._template_error(raised.value)
    assert told is not None
    assert told.startswith(f"{templates / '_words.j2'}:4: template error: ")  # plural()'s line
    assert error in told
