"""A case's texts in a handout whose page is in another language say their own.

A screen reader that follows the language of what it reads (NVDA's automatic language
switching) reads each text in the voice of the language the page says it is in: an
English case's element, description or title in a Welsh page, unmarked, is read in a
Welsh voice, and a Welsh case's in an English page in an English one.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from arrows_read import ARROW_READ_RIGHT_TO_LEFT as ARROW_READ
from test_handout import stub_svg

import activity_systems as a
from activity_systems.handouts import figures, render_handout
from activity_systems.handouts.languages import mark_language
from activity_systems.right_to_left_html import isolate_right_to_left

ROOT = Path(__file__).resolve().parent.parent
WELSH = ROOT / "examples" / "handout-cy"
COURT = (ROOT / "examples" / "court-reports.yaml").read_text(encoding="utf-8")

#: Elements whose void end a parser sees no end tag of.
_VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base"})


class _Languages(HTMLParser):
    """Each text of the body with the language it is read in (the nearest ``lang``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        self.hidden = 0

    def language(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        self.stack.append((tag, dict(attrs).get("lang")))
        if tag in ("svg", "style", "title", "head"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            name, _ = self.stack.pop()
            if name in ("svg", "style", "title", "head"):
                self.hidden -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not self.hidden:
            self.texts.append((" ".join(data.split()), self.language()))


def read_in(html: str) -> dict[str, set[str]]:
    """Each text of the page, by the languages it is read in where it stands."""
    parser = _Languages()
    parser.feed(html)
    found: dict[str, set[str]] = {}
    for text, language in parser.texts:
        found.setdefault(text, set()).add(language)
    return found


@pytest.fixture(autouse=True)
def stubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "draw_svg", stub_svg)


def court(tmp_path: Path, language: str | None) -> a.Case:
    path = tmp_path / "court.yaml"
    head = f"language: {language}\n" if language else ""
    path.write_text(head + COURT, encoding="utf-8")
    return a.load(path)


def test_an_english_cases_texts_in_a_welsh_page_are_read_in_english(tmp_path: Path) -> None:
    texts = read_in(render_handout(court(tmp_path, "en"), template_dir=WELSH).text)
    for text in (
        "Psychiatric reports for the magistrates' court",  # the title, h1
        "Magistrates' court",  # a system's name, h3
        "Written assessment request",  # an element's label, in its table
        "Members of the wider legal community surrounding the magistrate's activity.",
        "Hean, Walsh & Hammick, ch. 14, Figure 1",  # a source
        "Offender mental health and an appropriate disposal",  # the shared object
    ):
        assert texts[text] == {"en"}, text
    # the page's own words stay Welsh
    assert texts["Defnyddio’r llawlyfr hwn"] == {"cy"}
    assert texts["Goddrych"] == {"cy"}


def test_a_welsh_cases_texts_in_an_english_page_are_read_in_welsh(tmp_path: Path) -> None:
    texts = read_in(render_handout(court(tmp_path, "cy"), template_dir=None).text)
    assert texts["Psychiatric reports for the magistrates' court"] == {"cy"}
    assert texts["Written assessment request"] == {"cy"}
    assert texts["Using this handout"] == {"en"}
    assert texts["Subject"] == {"en"}


def test_the_ids_and_value_tags_of_a_case_are_not_marked(tmp_path: Path) -> None:
    """Only a case's free texts (titles, names, labels, descriptions, sources, notes)
    are its language's: its ids and value tags are written as the case file's keys, and
    the values of its keys (formal, core work) are the library's English."""
    html = render_handout(court(tmp_path, "cy"), template_dir=None).text
    assert '<span lang="cy">timely-justice</span>' not in html
    assert '<span lang="cy">formal</span>' not in html


def test_a_case_in_the_pages_language_or_in_none_changes_nothing(tmp_path: Path) -> None:
    plain = render_handout(court(tmp_path, None), template_dir=WELSH).text
    assert render_handout(court(tmp_path, "cy"), template_dir=WELSH).text == plain
    english = render_handout(court(tmp_path, None)).text
    assert render_handout(court(tmp_path, "en-GB")).text == english


def test_a_right_to_left_text_holding_another_of_the_cases_texts_is_still_isolated(
    tmp_path: Path,
) -> None:
    """A Hebrew label that names the system's sector (CJS) is isolated whole, as in a
    page of the case's language: the sector marked on its own, inside it, split the
    label, which lost its <bdi> and read in the wrong order."""
    hebrew = COURT.replace("label: Magistrate\n", "label: שופט CJS\n", 1)
    (tmp_path / "he.yaml").write_text("language: he\n" + hebrew, encoding="utf-8")
    (tmp_path / "none.yaml").write_text(hebrew, encoding="utf-8")
    in_english = render_handout(a.load(tmp_path / "he.yaml")).text
    assert '<bdi lang="he">שופט CJS</bdi>' in in_english
    assert "שופט <span" not in in_english
    # as many texts isolated as for the case that says no language, which marks none
    assert in_english.count("<bdi") == render_handout(a.load(tmp_path / "none.yaml")).text.count(
        "<bdi"
    )
    assert read_in(in_english)["שופט CJS"] == {"he"}


def test_a_text_that_is_also_a_character_references_name_leaves_it_whole() -> None:
    """A label such as "amp" is not marked inside the page's &amp; or &#39;, which it
    would break into text that shows as written."""
    page = '<html lang="cy"><p>Hean &amp; Walsh, it&#39;s &#x27;amp&#x27;</p>'
    marked = mark_language(page, ["amp", "x27", "39"], "en")
    assert marked == (
        '<html lang="cy"><p>Hean &amp; Walsh, it&#39;s &#x27;<span lang="en">amp</span>&#x27;</p>'
    )


def test_a_greater_than_sign_in_an_attribute_does_not_end_its_tag() -> None:
    """A template's title or alt that holds a > and a case's text keeps the text as it
    is: the attribute was taken to end at the >, and a <span> put inside it."""
    page = '<html lang="cy"><p><abbr title="Llys -> Magistrates&#39; court">Llys</abbr></p>'
    assert mark_language(page, ["Magistrates' court"], "en") == page
    single = "<html lang='cy'><img alt='A > Magistrate'><p>Magistrate</p>"
    assert mark_language(single, ["Magistrate"], "en") == (
        "<html lang='cy'><img alt='A > Magistrate'><p><span lang=\"en\">Magistrate</span></p>"
    )
    # and a right-to-left text there is not isolated inside the attribute either
    arabic = '<html lang="en"><p title="A > محكمة">محكمة</p>'
    assert isolate_right_to_left(arabic, ["محكمة"]) == (
        '<html lang="en"><p title="A > محكمة"><bdi>محكمة</bdi></p>'
    )


def test_a_text_that_is_a_word_of_the_doctype_leaves_the_doctype_whole() -> None:
    """A case titled "html" (or with a label "DOCTYPE") is not marked inside the page's
    <!DOCTYPE html>, which a <span> there would turn into text at the top of the page,
    and the page into one laid out in a browser's quirks mode."""
    page = '<!DOCTYPE html>\n<html lang="cy"><?xml-stylesheet href="a"?><p>html</p>'
    assert mark_language(page, ["html", "DOCTYPE", "xml-stylesheet"], "en") == (
        '<!DOCTYPE html>\n<html lang="cy"><?xml-stylesheet href="a"?>'
        '<p><span lang="en">html</span></p>'
    )


def test_a_tag_left_open_by_a_template_is_read_in_linear_time() -> None:
    """A template that ends in a tag with many quoted attributes and no > (a typo, or a
    template folder sent by someone else) does not keep the handout from being written:
    each attribute was tried two ways, and each more doubled the time taken."""
    page = '<html lang="cy"><p>Llys</p><img' + ' a="x"' * 40
    assert mark_language(page, ["Llys"], "en").startswith(
        '<html lang="cy"><p><span lang="en">Llys</span></p>'
    )


def follow_up(tmp_path: Path, earlier_language: str | None, language: str | None) -> str:
    """The Welsh handout of the later liaison case since the earlier, each saying the
    language given (none for None)."""
    examples = ROOT / "examples"
    cases = []
    for name, said in (
        ("liaison-and-diversion", earlier_language),
        ("liaison-and-diversion-2027", language),
    ):
        text = (examples / f"{name}.yaml").read_text(encoding="utf-8")
        path = tmp_path / f"{name}.yaml"
        path.write_text((f"language: {said}\n" if said else "") + text, encoding="utf-8")
        cases.append(a.load(path))
    earlier, later = cases
    return render_handout(later, template_dir=WELSH, previous=earlier).text


#: A text of the earlier liaison case alone, shown in the progress section.
EARLIER_ONLY = "Assessments happen when a liaison worker is free"


def test_an_earlier_version_in_the_same_language_and_another_region_is_marked_too(
    tmp_path: Path,
) -> None:
    """An earlier version that says ``en`` of a case that now says ``en-GB``: a text of
    the earlier version alone, shown in the progress section, is marked as the case's
    are."""
    assert read_in(follow_up(tmp_path, "en", "en-GB"))[EARLIER_ONLY] == {"en"}


def test_an_earlier_versions_texts_say_its_own_language(tmp_path: Path) -> None:
    """An earlier version in English of a case now written in Welsh, in a Welsh page:
    the earlier version's texts are English, and read so; the case's are the page's."""
    texts = read_in(follow_up(tmp_path, "en", "cy"))
    assert texts[EARLIER_ONLY] == {"en"}
    # a text of both versions is the case's, in the page's language
    assert texts["Local court liaison practice"] == {"cy"}
    # and the same for a later version that says no language, read in the page's
    assert read_in(follow_up(tmp_path, "en", None))[EARLIER_ONLY] == {"en"}
    # an earlier version in the page's language, or in none, marks nothing
    plain = follow_up(tmp_path, None, None)
    assert follow_up(tmp_path, "cy", None) == plain


class _Isolated(HTMLParser):
    """Each text of the body with whether it stands in a ``<bdi>`` (or an element with
    ``dir``), which sets it apart from the direction of the text around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []
        self.texts: dict[str, set[bool]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append(tag == "bdi" or (tag != "html" and "dir" in dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.setdefault(" ".join(data.split()), set()).add(any(self.open))


def right_to_left_page(tmp_path: Path) -> Path:
    """The Welsh templates, with a page in Hebrew (``dir="rtl"``)."""
    folder = tmp_path / "he"
    folder.mkdir()
    sections = (WELSH / "_sections.j2").read_text(encoding="utf-8")
    (folder / "_sections.j2").write_text(sections.replace('lang = "cy"', 'lang = "he"'))
    (folder / "_words.j2").write_text((WELSH / "_words.j2").read_text(encoding="utf-8"))
    return folder


@pytest.mark.parametrize("language", [None, "en"])
def test_a_left_to_right_cases_texts_in_a_right_to_left_page_keep_their_order(
    tmp_path: Path, language: str | None
) -> None:
    """In a page that reads right to left, an English text took its direction from the
    page: the description's closing "(… Figure 3 and introduction)." showed its full
    stop and bracket at its start, ".introduction)". Each of the case's texts in a
    left-to-right script is set apart, as a right-to-left text is in an English page."""
    html = render_handout(court(tmp_path, language), template_dir=right_to_left_page(tmp_path))
    assert '<html lang="he" dir="rtl">' in html.text
    parser = _Isolated()
    parser.feed(html.text[html.text.index("<body") :])
    for text in (
        "Psychiatric reports for the magistrates' court",  # the title, h1
        "Magistrates' court",  # a system's name, h3
        "Written assessment request",  # an element's label, in its table
        "Hean, Walsh & Hammick, ch. 14, Figure 1",  # a source
    ):
        assert parser.texts[text] == {True}, text
    assert parser.texts["Goddrych"] == {False}  # the page's own words
    opening = "<bdi>" if language is None else '<bdi lang="en">'
    assert f"{opening}Magistrates&#39; court</bdi>" in html.text


def test_an_exchange_points_from_the_giving_system_in_a_right_to_left_page(
    tmp_path: Path,
) -> None:
    """The table of exchanges wrote "giver → taker": laid out right to left, the giver
    stands on the right and the taker on the left, and the arrow pointed at the giver.
    A right-to-left page draws it "←", pointing at the taker, as the worksheet's
    arrows turn."""
    folder = right_to_left_page(tmp_path)
    html = render_handout(court(tmp_path, None), template_dir=folder).text
    assert (
        "<td><bdi>Community mental health services</bdi> "
        + ARROW_READ
        + " <bdi>Magistrates&#39; court</bdi></td>"
    ) in html
    english = render_handout(court(tmp_path, None)).text
    assert (
        '<td>Community mental health services <span aria-hidden="true">→</span>'
        '<span class="arrow-to"></span> Magistrates&#39; court</td>'
    ) in english


def test_what_changed_reads_from_before_to_after_in_a_right_to_left_page(
    tmp_path: Path,
) -> None:
    before = a.load(ROOT / "examples" / "liaison-and-diversion.yaml")
    after = a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    html = render_handout(after, previous=before, template_dir=right_to_left_page(tmp_path))
    changes = html.text[html.text.index('<section id="progress"') :]
    # each side set apart: unisolated, the arrow between two English texts took their
    # direction, and "2–10 days ← 4–24 hours" pointed from after to before
    assert "</span>: <bdi>2–10 days</bdi> " + ARROW_READ + " <bdi>4–24 hours</bdi></li>" in changes
    assert "→" not in changes.split("</table>")[1]  # the table of what changed


def test_the_librarys_english_reads_left_to_right_in_a_right_to_left_page(
    tmp_path: Path,
) -> None:
    """A built-in rule's message, explanation and question, marked English in a page in
    another language, took the direction of a right-to-left page: "Even the quickest
    turnaround (4 weeks) is longer than the 3 weeks allowed." ended in ".allowed" on
    its left, and the exchange's "4–8 weeks" showed as "8–4 weeks". Each says it reads
    left to right there; a page that reads left to right is as before."""
    html = render_handout(court(tmp_path, None), template_dir=right_to_left_page(tmp_path)).text
    assert '<p lang="en" dir="ltr">Even the quickest turnaround (4 weeks)' in html
    assert '<p class="prompt"><span lang="en" dir="ltr">' in html
    assert '<span lang="en" dir="ltr">“<bdi>Full assessment and report</bdi>”' in html
    assert "<td><bdi>4–8 weeks</bdi></td>" in html
    welsh = render_handout(court(tmp_path, None), template_dir=WELSH).text
    assert '<p lang="en">Even the quickest turnaround (4 weeks)' in welsh
    assert 'dir="ltr"' not in welsh
    assert "<td>4–8 weeks</td>" in welsh


@pytest.mark.parametrize("language", [None, "en"])
def test_a_case_text_that_is_a_character_references_name_leaves_it_whole(
    tmp_path: Path, language: str | None
) -> None:
    """A case's text set apart in a right-to-left page is found only as the page's text,
    never as the name inside a character reference: a sector "amp" made the source's
    "Walsh &amp; Hammick" show "Walsh &amp; Hammick"."""
    head = f"language: {language}\n" if language else ""
    path = tmp_path / "court.yaml"
    path.write_text(head + COURT.replace("sector: CJS", "sector: amp"), encoding="utf-8")
    html = render_handout(a.load(path), template_dir=right_to_left_page(tmp_path)).text
    assert "&<bdi" not in html
    assert "Walsh &amp; Hammick" in html
    assert ">amp</bdi>" in html  # the sector itself is set apart


@pytest.mark.parametrize("earlier_language", [None, "en"])
def test_an_earlier_versions_texts_keep_their_order_in_a_right_to_left_page(
    tmp_path: Path, earlier_language: str | None
) -> None:
    """The progress section shows texts of the earlier version alone: a removed element's
    label, an element's label before it was renamed. In a page that reads right to left
    they are set apart as the case's own texts are, where a closing bracket or full stop
    of theirs showed at their start."""
    examples = ROOT / "examples"
    path = tmp_path / "earlier.yaml"
    text = (examples / "liaison-and-diversion.yaml").read_text(encoding="utf-8")
    path.write_text((f"language: {earlier_language}\n" if earlier_language else "") + text)
    later = a.load(examples / "liaison-and-diversion-2027.yaml")
    html = render_handout(
        later, previous=a.load(path), template_dir=right_to_left_page(tmp_path)
    ).text
    parser = _Isolated()
    parser.feed(html[html.index('<section id="progress"') :])
    assert parser.texts[EARLIER_ONLY] == {True}
    # in the language the earlier version says, for a screen reader's voice
    opening = f'<bdi lang="{earlier_language}">' if earlier_language else "<bdi>"
    assert f"{opening}{EARLIER_ONLY}</bdi>" in html
    renamed = "Information stays with the liaison team unless the defendant consents"
    assert all(parser.texts[t] == {True} for t in parser.texts if renamed in t), parser.texts
