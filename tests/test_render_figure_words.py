"""A figure's fixed words in another language (``render(..., words=FigureWords(...))``):
none of the English ones left in what it shows or a screen reader reads, the English
figure unchanged without them, and a longer name measured as English is."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.handouts import render_handout
from activity_systems.render import FigureWords, render
from activity_systems.render.labels import HEADING_SIZE, text_width
from activity_systems.render.panels import node_panel
from activity_systems.render.words import ENGLISH

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

COURT = Path("examples/court-reports.yaml").read_text(encoding="utf-8")
LEAVE_OUT = """
leave_out:
  - rule: AS403
    reason: Agreed
    by: The group
"""

WELSH = FigureWords(
    subject="Goddrych",
    object="Gwrthrych",
    outcome="Canlyniad",
    tools="Offer",
    rules="Rheolau",
    community="Cymuned",
    division_of_labour="Rhaniad llafur",
    shared_object="Gwrthrych a rennir (gwrthrych 3)",
    activity_system="{system}: system gweithgaredd",
    pair="{first} a {second} o amgylch eu gwrthrych a rennir",
    overview="trosolwg o {count} system gweithgaredd",
    overview_subtitle="{count} system gweithgaredd a’r hyn sy’n pasio rhyngddynt",
    contradictions_none="{what}, dim gwrthddywediadau",
    contradictions_one="{what}, 1 gwrthddywediad",
    contradictions="{what}, {count} gwrthddywediad",
    chosen_none="{what}, dim gwrthddywediadau a ddewiswyd",
    chosen_one="{what}, 1 gwrthddywediad a ddewiswyd",
    chosen="{what}, {count} gwrthddywediad a ddewiswyd",
    bolts="Saethau igam-ogam: gwrthddywediadau, wedi’u rhifo fel yn yr adroddiad",
    dashed_bolts="Saethau igam-ogam toredig: gwrthddywediadau, wedi’u rhifo fel yn yr adroddiad",
    outward="saeth yn pwyntio allan o nod: gwrthddywediad â system arall",
    inward="Saeth fer yn pwyntio i mewn i nod: gwrthddywediad o’i fewn",
    gathered="Saeth â sawl rhif: cynifer â hynny o wrthddywediadau rhwng yr un nodau",
    exchanges="saethau â phen agored: cyfnewidiadau",
    exchanges_alone="Saethau â phen agored: cyfnewidiadau",
    undrawn="Yn yr adroddiad yn unig, heb eu lluniadu: {numbers}",
    undrawn_after="yn yr adroddiad yn unig, heb eu lluniadu: {numbers}",
    comma=", ",
    more="{count} arall",
    and_="{first} a {last}",
    left_out="Wedi’u gadael allan ar gyfer yr achos hwn: {rules}.",
    left_out_names="{rules} (enwau yn yr adroddiad)",
    left_out_reasons="{rules} (rhesymau yn yr adroddiad)",
    left_out_both="{rules} (enwau a rhesymau yn yr adroddiad)",
    contradiction="Gwrthddywediad {number}",
    contradictions_many="Gwrthddywediadau {numbers}",
    exchange="Cyfnewid: {label}",
    primary="cynradd",
    secondary="eilaidd",
    tertiary="trydyddol",
    quaternary="pedweryddol",
    high="uchel",
    medium="canolig",
    low="isel",
)

#: The English words the library writes into a figure, as its SVG holds them (a text
#: shown, or a <title> that a screen reader reads and a pointer shows). A case's own
#: texts and the findings' messages (the rules') may hold English words of their own:
#: these are written so as to match the library's alone.
ENGLISH_IN_FIGURES = [
    *(f">{name}<" for name in ("Subject", "Object", "Outcome", "Tools", "Rules", "Community")),
    ">Division of labour<",
    *(
        f": {name}\n"
        for name in (
            "Subject",
            "Object",
            "Outcome",
            "Tools",
            "Rules",
            "Community",
            "Division of labour",
        )
    ),
    "(Tools)",
    "Shared object (object 3)",
    ": activity system",
    "around their shared object",
    "activity systems",
    "no contradictions",
    "Zig-zag arrows",
    "numbered as in the report",
    "pointing out of a node",
    "pointing into a node",
    "arrows with an open head",
    "In the report only, not drawn",
    "Left out for this case",
    "(names in the report)",
    "(reasons in the report)",
    "Exchange:",
    ", quaternary, ",
    ", primary, ",
    ", high)",
    ", medium)",
]
#: The same, as patterns: a count of contradictions, a bolt's tooltip.
ENGLISH_PATTERNS = [r"\d+ contradictions?\b", r"Contradictions? \d"]


def _texts(svg: str) -> str:
    """What an SVG shows and says: its <text>s and <title>s, unescaped, one a line."""
    found = re.findall(r"<(text|title)\b[^>]*>(.*?)</\1>", svg, re.S)
    return "\n".join(f">{html.unescape(text)}<" for _, text in found)


def _english_left(svg: str) -> list[str]:
    said = _texts(svg)
    found = [word for word in ENGLISH_IN_FIGURES if word in said]
    return found + [p for p in ENGLISH_PATTERNS if re.search(p, said)]


def _case(tmp_path: Path, extra: str = LEAVE_OUT) -> a.Case:
    path = tmp_path / "case.yaml"
    path.write_text(COURT + extra, encoding="utf-8")
    return a.load(path)


@needs_graphviz
@pytest.mark.parametrize("system", [None, "court", "mhs"])
def test_a_welsh_worded_figure_shows_and_says_no_english_word_of_the_library(
    tmp_path: Path, system: str | None
) -> None:
    case = _case(tmp_path)
    english = render(case, format="svg", system=system)
    assert isinstance(english, str)
    assert _english_left(english)  # the list does find the English words
    svg = render(case, format="svg", system=system, words=WELSH)
    assert isinstance(svg, str)
    assert _english_left(svg) == []
    said = _texts(svg)
    assert ">Goddrych<" in said
    assert ">Rhaniad llafur<" in said
    assert "Wedi’u gadael allan ar gyfer yr achos hwn: AS403" in said


@needs_graphviz
def test_the_overview_and_its_undrawn_findings_are_welsh_too(tmp_path: Path) -> None:
    case = a.load("examples/liaison-and-diversion.yaml")
    for overview in ("detailed", "summary"):
        svg = render(case, format="svg", overview=overview, words=WELSH)
        assert isinstance(svg, str)
        said = _texts(svg)
        assert "trosolwg o" in said
        assert "system gweithgaredd a’r hyn" in said
        assert ": activity system" not in said
        assert "overview of" not in said


def test_english_words_given_draw_the_figure_byte_for_byte(tmp_path: Path) -> None:
    case = _case(tmp_path)
    for system, overview in ((None, "auto"), ("court", "auto"), (None, "detailed")):
        plain = render(case, format="dot", system=system, overview=overview)
        given = render(case, format="dot", system=system, overview=overview, words=FigureWords())
        assert given == plain


def test_a_long_node_name_wraps_within_its_node() -> None:
    case = a.load("examples/court-reports.yaml")
    system = case.system("court")
    long = "Rhaniad llafur rhwng yr asiantaethau"
    for width in (90.0, 118.0, 126.0):
        assert text_width(long, HEADING_SIZE, bold=True) > width
        short = node_panel(system, "division_of_labour", width=width, heading="Rhaniad")
        wrapped = node_panel(system, "division_of_labour", width=width, heading=long)
        assert short is not None
        assert wrapped is not None
        lines = re.findall(r"<B>([^<]*)</B>", wrapped.label)
        assert len(lines) > 1
        assert " ".join(lines) == long
        # within the node, inside its padding, and the node no wider than its column
        inside = wrapped.width - 2 * 7.0
        assert all(text_width(line, HEADING_SIZE, bold=True) <= inside for line in lines)
        assert wrapped.width <= round(width + 2 * 7.0)
        assert wrapped.height > short.height  # but taller, by the lines it takes
        assert wrapped.text.startswith(f"Magistrates' court: {long}\n")


def test_a_long_name_is_measured_in_the_figure_too() -> None:
    case = a.load("examples/court-reports.yaml")
    long = FigureWords(subject="Goddrych y system weithgaredd hon")
    dot = render(case, format="dot", words=long)
    assert isinstance(dot, str)
    assert "Goddrych y system" in dot
    assert "Goddrych y system weithgaredd hon<" not in dot


def test_a_word_with_another_placeholder_is_refused_naming_those_it_takes() -> None:
    with pytest.raises(ValueError, match=r"'activity_system'.*takes \{system\}"):
        FigureWords(activity_system="{sytem}: system gweithgaredd")
    with pytest.raises(ValueError, match=r"'subject'.*takes no placeholder"):
        FigureWords(subject="{subject}")
    mapping: Any = {"subject": "Goddrych"}
    with pytest.raises(TypeError, match="not a FigureWords"):
        render(a.load("examples/court-reports.yaml"), format="dot", words=mapping)


def test_every_english_word_is_the_default() -> None:
    assert all(getattr(ENGLISH, f.name) == f.default for f in fields(FigureWords))
    assert ENGLISH.node("division_of_labour") == "Division of labour"


# The handout's figures take their words from its _words.j2 (node_* and figure_*).

HANDOUT_CY = Path("examples/handout-cy")


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def test_the_shipped_words_are_the_figures_english() -> None:
    from activity_systems.handouts.environment import environment, figure_words

    assert figure_words(environment("html")) == ENGLISH
    assert figure_words(environment("markdown")) == ENGLISH


def test_the_welsh_example_gives_the_figures_the_welsh_words() -> None:
    from activity_systems.handouts.environment import environment, figure_words

    assert figure_words(environment("html", HANDOUT_CY)) == WELSH


@needs_graphviz
def test_the_welsh_handout_s_figures_are_welsh(tmp_path: Path) -> None:
    case = _case(tmp_path)
    page = render_handout(case, template_dir=HANDOUT_CY).text
    svgs = _svgs(page)
    assert len(svgs) == 3
    for svg in svgs:
        assert _english_left(svg) == []
    said = _texts("".join(svgs))
    assert ">Goddrych<" in said
    assert "Gwrthddywediad 1 (AS101, pedweryddol, uchel)" in said


@needs_graphviz
def test_the_welsh_markdown_handout_s_figure_files_are_welsh(tmp_path: Path) -> None:
    case = _case(tmp_path)
    files = render_handout(case, format="markdown", template_dir=HANDOUT_CY).files
    assert len(files) == 3
    for svg in files.values():
        assert isinstance(svg, str)
        assert _english_left(svg) == []


def test_a_misspelt_figure_word_is_told_at_its_line(tmp_path: Path) -> None:
    import jinja2

    source = (HANDOUT_CY / "_words.j2").read_text(encoding="utf-8")
    source = source.replace(
        '"figure_activity_system": "{system}:', '"figure_activity_system": "{sytem}:'
    )
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    line = 1 + next(n for n, text in enumerate(source.splitlines()) if "{sytem}" in text)
    with pytest.raises(jinja2.TemplateSyntaxError, match=r"\{sytem\}.*fills \{system\}") as caught:
        render_handout(a.load("examples/court-reports.yaml"), template_dir=folder)
    assert caught.value.lineno == line


def test_empty_braces_in_a_word_are_its_text_as_in_the_handout_s_words(tmp_path: Path) -> None:
    # "{}" is no placeholder, as the handout's words take it: drawn as written, and a
    # _words.j2 holding one in a figure word makes its handout, not an unexpected error
    words = FigureWords(more="{count} arall {}", subject="Goddrych {}")
    assert words.say("more", count=3) == "3 arall {}"
    dot = render(a.load("examples/court-reports.yaml"), format="dot", words=words)
    assert isinstance(dot, str)
    assert "Goddrych {}" in dot
    source = (HANDOUT_CY / "_words.j2").read_text(encoding="utf-8")
    source = source.replace('"figure_more": "{count} arall"', '"figure_more": "{count} arall {}"')
    assert "arall {}" in source
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    from activity_systems.handouts.environment import environment, figure_words

    assert figure_words(environment("html", folder)).more == "{count} arall {}"


def test_a_node_s_more_items_are_counted_in_the_words_too() -> None:
    # a node of more elements than it shows ends with "+N more", in the figure's words
    case = a.load("examples/court-reports.yaml")
    court = case.system("court")
    many = [{"label": f"Rheol {n}"} for n in range(9)]
    crowded = court.model_copy(update={"rules": many})
    english = render(crowded, format="dot")
    assert isinstance(english, str)
    assert "+3 more" in english
    dot = render(crowded, format="dot", words=WELSH)
    assert isinstance(dot, str)
    assert "+3 arall" in dot
    assert "more<" not in dot
    long = FigureWords(more="{count} o elfennau eraill heb eu dangos yma yn y nod hwn")
    dot = render(crowded, format="dot", words=long)
    assert isinstance(dot, str)
    assert "+3 o elfennau eraill heb eu dangos yma yn y nod hwn<" not in dot  # wrapped


def test_a_long_key_line_wraps_rather_than_widen_the_figure() -> None:
    # a language longer than English does not make the figure as wide as its key
    case = a.load("examples/court-reports.yaml")
    long = FigureWords(
        bolts="Saethau igam-ogam: gwrthddywediadau, wedi’u rhifo fel yn yr adroddiad a "
        "gyhoeddwyd gan y grŵp gwaith rhyngasiantaethol ar ddiwedd y gweithdy cyntaf",
        outward="saeth yn pwyntio allan o nod: gwrthddywediad â system arall yn yr achos",
    )
    dot = render(case, format="dot", system="court", words=long)
    assert isinstance(dot, str)
    said = [html.unescape(t) for t in re.findall(r'<FONT POINT-SIZE="9"[^>]*>([^<]*)<', dot)]
    assert "Saethau igam-ogam" in said[0]
    assert "yn yr achos" not in said[0]  # the rest is on lines of its own
    widest = max(text_width(line, size=9) for line in said)
    english = render(case, format="dot", system="court")
    assert isinstance(english, str)
    key = [html.unescape(t) for t in re.findall(r'<FONT POINT-SIZE="9"[^>]*>([^<]*)<', english)]
    assert widest <= max(text_width(line, size=9) for line in key)


# The caption joins a note to a line with the words' separator, and puts a word of one's
# own as written: it changes the case of the English words alone, since "I".lower() is
# "i" where Turkish needs "ı", and Arabic has no case.


def _caption_lines(words: FigureWords, how: str = "Key", *, undrawn: bool = True) -> list[str]:
    from activity_systems.render.figures import _caption
    from activity_systems.render.theme import THEMES

    label = _caption(
        "Title",
        None,
        THEMES["default"],
        [],
        [how],
        exchanges=True,
        undrawn=[3, 12, 14] if undrawn else (),
        words=words,
    )
    found = re.findall(r'<FONT POINT-SIZE="9"[^>]*>([^<]*)<', label)
    return [html.unescape(line) for line in found]


ARABIC = FigureWords(
    separator="؛ ",
    comma="، ",
    exchanges="أسهم برؤوس مفتوحة: تبادلات",
    undrawn="في التقرير فقط، غير مرسومة: {numbers}",
    and_="{first} و{last}",
)


def test_an_arabic_caption_joins_its_notes_with_the_arabic_semicolon() -> None:
    lines = _caption_lines(ARABIC)
    assert lines == ["Key؛ أسهم برؤوس مفتوحة: تبادلات؛ في التقرير فقط، غير مرسومة: 3، 12 و14"]


def test_an_arabic_key_joins_its_outward_line_with_the_arabic_semicolon() -> None:
    from activity_systems.render.bolts import legend

    words = FigureWords(separator="؛ ", outward="سهم يشير إلى خارج عقدة")
    assert legend("solid", outward=True, words=words)[0].endswith("؛ سهم يشير إلى خارج عقدة")


def test_the_english_separator_is_the_semicolon() -> None:
    assert _caption_lines(ENGLISH) == [
        "Key; arrows with an open head: exchanges; in the report only, not drawn: 3, 12 and 14"
    ]


def test_a_turkish_note_beginning_with_a_dotless_i_keeps_it_after_the_separator() -> None:
    words = FigureWords(undrawn="Izgarada değil, yalnızca raporda: {numbers}")
    (line,) = _caption_lines(words)
    assert "; Izgarada değil" in line  # not "izgarada", which is another word
    given = FigureWords(
        undrawn="Izgarada değil, yalnızca raporda: {numbers}",
        undrawn_after="ızgarada değil, yalnızca raporda: {numbers}",
    )
    (line,) = _caption_lines(given)
    assert "; ızgarada değil, yalnızca raporda: 3, 12 and 14" in line


def test_a_turkish_word_alone_on_its_line_is_as_written() -> None:
    wide = f"{ENGLISH.bolts}; {ENGLISH.outward}"  # no room for the exchanges after it
    words = FigureWords(exchanges="içi boş uçlu oklar: alışverişler")
    lines = _caption_lines(words, wide, undrawn=False)
    assert lines[1] == "içi boş uçlu oklar: alışverişler"  # "Içi" is no Turkish
    given = FigureWords(
        exchanges="içi boş uçlu oklar: alışverişler",
        exchanges_alone="İçi boş uçlu oklar: alışverişler",
    )
    assert _caption_lines(given, wide, undrawn=False)[1] == "İçi boş uçlu oklar: alışverişler"
    english = _caption_lines(ENGLISH, wide, undrawn=False)
    assert english[1] == "Arrows with an open head: exchanges"


def test_an_arabic_tooltip_lists_its_numbers_and_its_finding_s_kind_with_the_arabic_comma() -> None:
    from activity_systems.render.bolts import describe, headline

    finding = a.Finding.create(
        rule="AS101",
        name="n",
        category="contradiction",
        level="quaternary",
        severity="high",
        elements=["a.b"],
        message="Too slow.",
        explanation="e",
        prompt="p",
    )
    words = FigureWords(comma="، ", contradictions_many="تناقضات {numbers}")
    assert headline([4, 9], {}, words) == "تناقضات 4، 9"
    assert headline([4], {4: finding}, words) == "Contradiction 4 (AS101، quaternary، high)"
    assert describe([4, 9], {4: finding}, words).startswith("تناقضات 4، 9:\n4 (AS101، ")
    assert headline([4, 9], {}) == "Contradictions 4, 9"


def test_a_word_of_ones_own_given_in_its_second_form_alone_is_put_in_both_places() -> None:
    joined = FigureWords(exchanges_alone="Saethau â phen agored: cyfnewidiadau")
    (line,) = _caption_lines(joined, undrawn=False)
    assert line == "Key; Saethau â phen agored: cyfnewidiadau"
    from activity_systems.render.figures import undrawn_line

    alone = FigureWords(undrawn_after="yn yr adroddiad yn unig: {numbers}")
    assert undrawn_line([3, 12], alone) == "yn yr adroddiad yn unig: 3 and 12"
    assert undrawn_line([3, 12], alone, after=True) == "yn yr adroddiad yn unig: 3 and 12"
