"""Case files written in other languages and scripts: wide characters in terminal
reports, right-to-left text in handouts, text pasted from a word processor in figures."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest
from arrows_read import ARROW_READ

import activity_systems as a
from activity_systems.columns import display_width

COURT = Path(__file__).resolve().parent.parent / "examples" / "court-reports.yaml"

CJK_CASE = """\
title: 法院精神病学报告
systems:
  - id: court
    name: 基层人民法院刑事审判庭
    subject: 法官
    object: {label: 可能有精神健康问题的被告人, values: [punishment]}
    rules:
      - {id: limit, label: 精神病学鉴定的羁押期限为三周, time_limit: 3 weeks}
  - id: mhs
    name: 社区精神卫生服务中心
    subject: 精神科医生
    object: {label: 与刑事司法系统接触的服务使用者, values: [treatment]}
    tools:
      - {id: report, label: 精神病学鉴定报告, turnaround: 4-8 weeks}
exchanges:
  - {id: rpt, label: 给法院的精神病学鉴定报告, from: mhs, to: court, takes: mhs.report,
     needed_within: court.limit}
"""


def test_a_report_of_chinese_text_is_wrapped_to_88_terminal_columns() -> None:
    text = a.check(a.loads(CJK_CASE)).to_text()
    widths = [display_width(line) for line in text.splitlines()]
    assert max(widths) <= 88, text
    assert "精神病学鉴定报告" in text.replace("\n", "").replace(" ", "")


def test_a_comparison_of_chinese_text_is_wrapped_to_88_terminal_columns() -> None:
    earlier = a.loads(CJK_CASE)
    later = a.loads(CJK_CASE.replace("3 weeks", "10 weeks").replace("三周", "十周，视情况延长"))
    text = a.compare(earlier, later).to_text()
    assert max(display_width(line) for line in text.splitlines()) <= 88, text


HEBREW_CASE = """\
title: חוות דעת פסיכיאטריות
systems:
  - id: court
    name: בית משפט השלום
    subject: שופט
    object: {label: נאשם, values: [punishment]}
    rules:
      - {id: targets, label: מעצר מוגבל ל-21 ימים, time_limit: 3 weeks}
  - id: mhs
    name: שירותי בריאות הנפש
    subject: פסיכיאטר
    object: {label: מטופל, values: [treatment]}
    tools:
      - {id: report, label: חוות דעת (ICD-10 F20), turnaround: 4-8 weeks}
exchanges:
  - {id: court-report, label: חוות דעת לבית המשפט, from: mhs, to: court,
     takes: mhs.report, needed_within: court.targets}
"""


def test_a_handout_isolates_right_to_left_names_so_an_exchange_reads_from_to() -> None:
    """Unisolated, 'A → B' of two Hebrew names shows as 'B → A' in an English page."""
    from activity_systems.handouts import render_handout

    html = render_handout(a.loads(HEBREW_CASE), format="html").text
    assert (
        "<td><bdi>שירותי בריאות הנפש</bdi> " + ARROW_READ + " <bdi>בית משפט השלום</bdi></td>"
        in html
    )
    # a label and its system, in the list of what a finding involves, each apart
    assert "<bdi>חוות דעת (ICD-10 F20)</bdi> (<bdi>שירותי בריאות הנפש</bdi>, tools)" in html
    # neither the page's title, nor an attribute, nor the inlined figures
    assert "<title>חוות דעת פסיכיאטריות – workshop handout</title>" in html
    assert 'aria-label="Elements of בית משפט השלום"' in html
    for svg in html.split("<svg")[1:]:
        assert "<bdi>" not in svg.split("</svg>")[0]


FSI, PDI, LRM = "\u2068", "\u2069", "\u200e"


def _marked(text: str) -> str:
    """``text`` with its isolates and marks shown: [ and ] around a text, ~ for LRM."""
    return text.translate(str.maketrans(FSI + PDI + LRM, "[]~"))


def test_a_markdown_handout_isolates_right_to_left_names_so_an_exchange_reads_from_to(
    tmp_path: Path,
) -> None:
    """Markdown has no <bdi>: Unicode's isolates do its work, in the text but not in a
    link's address or a code span."""
    from activity_systems.handouts import handout

    described = "object: {label: נאשם, description: 'ראו https://example.org/נאשם',"
    case = a.loads(HEBREW_CASE.replace("object: {label: נאשם,", described))
    md = _marked(handout(case, tmp_path / "נאשם.md").read_text(encoding="utf-8"))
    assert "| ~[שירותי בריאות הנפש] → [בית משפט השלום] |" in md
    assert "- Involves: [מעצר מוגבל ל-21 ימים] ([בית משפט השלום], rules);" in md
    # a line that starts with a name and goes on in English is led by a left-to-right mark
    assert "\n#### 1. “~[חוות דעת לבית המשפט]” is needed by [בית משפט השלום] within" in md
    assert "![Figure 2. [שירותי בריאות הנפש]](%D7%A0%D7%90%D7%A9%D7%9D-figure2-mhs.svg)" in md
    # a web address is linked as written, a label's word in it and all
    assert "| ~[נאשם] | ראו <https://example.org/נאשם><br>Values: punishment |" in md
    assert md.startswith("# ~[חוות דעת פסיכיאטריות]\n")


def test_a_text_report_isolates_right_to_left_names_on_each_line_they_stand_on() -> None:
    """A terminal that lays out right-to-left text takes each line's direction from its
    first letter: a line that starts with a quoted Hebrew label went right to left."""
    report = a.check(a.loads(HEBREW_CASE))
    text = _marked(report.to_text())
    assert "     “~[חוות דעת לבית המשפט]” (court-report) is needed by [בית משפט השלום]" in text
    # a name wrapped onto the next line is isolated on each
    assert "could [בית משפט השלום] and [שירותי]\n     ~[בריאות הנפש] agree" in text
    assert max(display_width(line) for line in report.to_text().splitlines()) <= 88
    markdown = _marked(report.to_markdown())
    assert "No task of [שירותי בריאות הנפש] produces “[חוות דעת לבית המשפט]”" in markdown
    assert "- **Elements:** `court.targets`, `mhs.report`, `court-report`" in markdown
    # the JSON is data, not text to lay out: as written
    assert FSI not in report.to_json()
    assert LRM not in report.to_json()


def test_a_part_of_a_report_isolates_right_to_left_names_as_the_whole_does() -> None:
    """``check --severity high`` (``report.only``) printed a part that knew no case, its
    Hebrew names unisolated, where the whole report isolated them."""
    report = a.check(a.loads(HEBREW_CASE))
    part = report.only(severity="high")
    assert 0 < len(part.findings) < len(report.findings)
    text = _marked(part.to_text())
    assert "     “~[חוות דעת לבית המשפט]” (court-report) is needed by [בית משפט השלום]" in text
    assert "No task of [שירותי בריאות הנפש] produces" in _marked(part.to_markdown())


def test_a_comparison_isolates_the_right_to_left_names_of_both_versions() -> None:
    earlier = a.loads(HEBREW_CASE)
    later = a.loads(HEBREW_CASE.replace("name: שירותי בריאות הנפש", "name: מרפאה לבריאות הנפש"))
    comparison = a.compare(earlier, later)
    text, markdown = _marked(comparison.to_text()), _marked(comparison.to_markdown())
    for shown in (text, markdown):
        assert "[שירותי בריאות הנפש]" in shown
        assert "[מרפאה לבריאות הנפש]" in shown
    assert FSI not in comparison.to_json()


def test_output_of_a_case_without_right_to_left_text_holds_no_isolates() -> None:
    from activity_systems.handouts import render_handout

    case = a.loads(CJK_CASE)
    later = a.loads(CJK_CASE.replace("三周", "十周"))
    report, comparison = a.check(case), a.compare(case, later)
    outputs = [report.to_text(), report.to_markdown(), comparison.to_text()]
    outputs += [comparison.to_markdown(), render_handout(case, format="markdown").text]
    assert not any(mark in output for output in outputs for mark in (FSI, PDI, LRM))


def test_output_without_right_to_left_letters_reads_none_of_its_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Looking for a case's right-to-left texts reads all of it (0.3 s for each report of
    the 2,000-system case): an output with no right-to-left letter is left as it is
    without reading the case, the report of an English case with curly quotes too."""
    from activity_systems.handouts import render_handout

    case = a.load(COURT)
    later = a.load(COURT)
    report, comparison = a.check(case), a.compare(case, later)

    def not_read(self: object, **options: object) -> NoReturn:
        raise AssertionError("the case was read for right-to-left texts")

    monkeypatch.setattr(a.Case, "model_dump", not_read)
    outputs = [report.to_text(), report.to_markdown(), comparison.to_text()]
    outputs += [comparison.to_markdown(), render_handout(case, format="markdown").text]
    assert any("“" in output for output in outputs)
    assert not any(mark in output for output in outputs for mark in (FSI, PDI, LRM))


def test_a_handout_says_the_language_the_case_is_written_in_to_a_screen_reader() -> None:
    """The page is English (lang="en"): without a language of its own, each Arabic text
    was read in an English voice. The script does not tell the language (Arabic letters
    write Persian and Urdu too), so the case file says it."""
    from activity_systems.handouts import render_handout

    arabic = (
        "title: تقارير الطب النفسي\n"
        "systems:\n"
        "  - {id: court, name: محكمة, subject: قاض, object: متهم}\n"
        "  - {id: mhs, name: خدمات الصحة النفسية, subject: طبيب, object: مريض}\n"
    )
    html = render_handout(a.loads("language: ar\n" + arabic), format="html").text
    assert '<bdi lang="ar">محكمة</bdi> and <bdi lang="ar">خدمات الصحة النفسية</bdi>' in html
    assert '<html lang="en">' in html
    # without it, the page is as it was
    assert "<bdi>محكمة</bdi> and <bdi>خدمات الصحة النفسية</bdi>" in (
        render_handout(a.loads(arabic), format="html").text
    )


def test_a_language_that_is_no_language_tag_is_refused_saying_what_to_write() -> None:
    import pytest

    with pytest.raises(a.CaseFileError, match="'Arabic' is not a language tag: write one such"):
        a.loads("title: x\nlanguage: Arabic\nsystems: [{id: a, subject: s, object: o}]\n")
    case = a.loads("title: x\nlanguage: ur-PK\nsystems: [{id: a, subject: s, object: o}]\n")
    assert a.loads(case.to_yaml()).language == "ur-PK"


def test_isolating_right_to_left_text_leaves_other_text_alone() -> None:
    from activity_systems.right_to_left_html import isolate_right_to_left

    page = '<p title="נאשם">נאשם &amp; Court</p><svg><text>נאשם</text></svg><p>נאשם</p>'
    assert isolate_right_to_left(page, ["נאשם", "Court"]) == (
        '<p title="נאשם"><bdi>נאשם</bdi> &amp; Court</p>'
        "<svg><text>נאשם</text></svg><p><bdi>נאשם</bdi></p>"
    )


def test_figures_keep_words_joined_by_a_no_break_space_on_one_line() -> None:
    """French puts a no-break space before ':' and between a number and its unit."""
    from activity_systems.render.labels import text_width, wrap

    label = (
        "Délai de détention provisoire pour expertise\u00a0: 3\u00a0semaines, article\u00a0145-1"
    )
    lines = wrap(label, 120)
    assert all(text_width(line) <= 120 for line in lines)
    assert "article\u00a0145-1" in lines[-1]
    assert not any(line.startswith(":") for line in lines)
    assert [line for line in lines if "3\u00a0semaines" in line]


def test_figures_break_a_long_word_at_its_soft_hyphens() -> None:
    """A word processor marks where a long German compound may be broken."""
    from activity_systems.render.labels import wrap

    word = "\u00ad".join(
        ["Unterbringungs", "befehls", "verlängerungs", "fristen", "berechnungs", "verordnung"]
    )
    assert wrap(word, 110) == [
        "Unterbringungs-",
        "befehlsverlängerungs-",
        "fristenberechnungs-",
        "verordnung",
    ]
    # where the word fits, the soft hyphens are not shown and take no room
    assert wrap("Gerichts\u00adgutachter", 110) == ["Gerichtsgutachter"]


def test_svg_lines_of_right_to_left_text_take_the_direction_of_their_first_letter() -> None:
    """As Graphviz lays them out in a PNG: a browser would lay SVG text out left to right."""
    import re

    svg = a.render(a.loads(HEBREW_CASE), format="svg")
    assert isinstance(svg, str)
    lines = {
        text: attributes for attributes, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)
    }
    assert 'style="unicode-bidi:plaintext"' in lines["• חוות דעת (ICD&#45;10"]
    assert "unicode-bidi" not in lines["Tools"]


def test_isolating_right_to_left_text_never_cuts_a_word() -> None:
    """A <bdi> inside a word parts its Arabic letters, which no longer join: 'للمحكمة'
    (to the court) would show its 'لل' apart from 'محكمة' (court), a system's name."""
    from activity_systems.right_to_left_html import isolate_right_to_left

    page = "<h2>تقرير للمحكمة</h2><p>محكمةٌ</p><p>محكمة: 3</p><p>(محكمة)</p>"
    assert isolate_right_to_left(page, ["محكمة"]) == (
        "<h2>تقرير للمحكمة</h2><p>محكمةٌ</p><p><bdi>محكمة</bdi>: 3</p><p>(<bdi>محكمة</bdi>)</p>"
    )
    # a text that starts or ends with a sign, not a letter, is isolated beside letters
    assert isolate_right_to_left("<p>x(ב)y</p>", ["(ב)"]) == "<p>x<bdi>(ב)</bdi>y</p>"


def test_a_handout_of_your_own_in_arabic_keeps_its_words_whole(tmp_path: Path) -> None:
    """A template of the user's that prints a case's title shortened, or words of its own
    that hold a system's name, as Arabic words do with 'ال' (the) or 'ل' (to)."""
    from activity_systems.handouts import render_handout

    (tmp_path / "_title.html.j2").write_text(
        "<h1>{{ case.title|truncate(30) }}</h1><p>أسئلة للمحكمة</p>", encoding="utf-8"
    )
    case = a.loads(
        "title: تقارير الطب النفسي لمحكمة الصلح في المدينة\n"
        "systems:\n"
        "  - {id: court, name: محكمة, subject: قاض, object: متهم}\n"
        "  - {id: mhs, name: خدمات الصحة النفسية, subject: طبيب, object: مريض}\n"
    )
    html = render_handout(case, format="html", template_dir=tmp_path).text
    assert "<p>أسئلة للمحكمة</p>" in html
    assert "<h1>تقارير الطب النفسي لمحكمة...</h1>" in html
    assert "<bdi>محكمة</bdi> and <bdi>خدمات الصحة النفسية</bdi>" in html


def test_the_texts_of_a_large_arabic_case_are_looked_for_as_one_tree() -> None:
    """A thousand labels and descriptions, on a page of their rows. Tried one by one at
    every letter of the page (an alternation of them all) they took seconds for each
    handout; as a tree of their letters, the pattern writes each shared beginning once,
    so it is shorter than the texts put end to end. Measured by the pattern's size, not
    by time."""
    from activity_systems.right_to_left import pattern
    from activity_systems.right_to_left_html import isolate_right_to_left

    words = [
        "المحكمة",
        "القاضي",
        "الطبيب",
        "النفسي",
        "التقرير",
        "الحبس",
        "الاحتياطي",
        "الخدمات",
        "الصحة",
        "المريض",
    ]
    texts = [f"{words[i % 10]} {words[i // 10 % 10]} {words[i // 100]} {i}" for i in range(1000)]
    page = "".join(
        f"<tr><td>{t}</td><td>{t} · {texts[i - 1]}</td></tr>" for i, t in enumerate(texts)
    )
    assert len(pattern(sorted(texts)).pattern) < sum(map(len, texts)) * 3 // 4
    isolated = isolate_right_to_left(page * 2, texts)
    assert isolated.count("<bdi>") == 6000


def test_a_markdown_handout_of_your_own_keeps_its_code_blocks_as_written(
    tmp_path: Path,
) -> None:
    """A template of the user's may show YAML to copy into the case file in a fenced
    code block: a name there is copied as written, without the isolates that the case
    file would refuse."""
    from activity_systems.handouts import render_handout

    (tmp_path / "_systems.md.j2").write_text(
        "## 1. The activity systems\n\n"
        "Owners: {{ case.systems[0].name }}\n\n"
        "```yaml\nowner: {{ case.systems[0].name }}\n```\n\n"
        "~~~~\n```\nowner: {{ case.systems[1].name }}\n~~~~\n\n"
        "After: {{ case.systems[1].name }}\n",
        encoding="utf-8",
    )
    md = render_handout(a.loads(HEBREW_CASE), format="md", template_dir=tmp_path).text
    assert "```yaml\nowner: בית משפט השלום\n```\n" in md
    assert "~~~~\n```\nowner: שירותי בריאות הנפש\n~~~~\n" in md
    assert "Owners: \u2068בית משפט השלום\u2069\n" in md
    assert "After: \u2068שירותי בריאות הנפש\u2069\n" in md


def test_figures_and_reports_tell_right_to_left_text_alike() -> None:
    """One test of what is right-to-left, for the lines of a figure and the reports: a
    right-to-left mark makes a line of figures or punctuation right to left (as Graphviz's
    PNG lays it out), an Arabic comma between English words does not."""
    from activity_systems.render.titles import lines_in_their_direction

    svg = '<text x="1">\u200f21–28 (٣)</text><text x="2">Court، police</text>'
    assert lines_in_their_direction(svg) == (
        '<text x="1" style="unicode-bidi:plaintext">\u200f21–28 (٣)</text>'
        '<text x="2">Court، police</text>'
    )


def test_a_report_and_a_comparison_in_a_notebook_isolate_right_to_left_names() -> None:
    """A notebook shows a report or a comparison as HTML in an English page: each
    right-to-left text of the case is in a <bdi>, as in the HTML handout, so that a
    change of name 'old → new' does not show the new name first. A label written with
    an apostrophe for a geresh (צ'ק) is found as the notebook escapes it."""
    earlier = a.loads(HEBREW_CASE.replace("subject: שופט", "subject: צ'ק"))
    later = a.loads(HEBREW_CASE.replace("name: שירותי בריאות הנפש", "name: מרפאה לבריאות הנפש"))
    shown = a.compare(earlier, later)._repr_html_()
    assert "name: “<bdi>שירותי בריאות הנפש</bdi>” → “<bdi>מרפאה לבריאות הנפש</bdi>”" in shown
    report = a.check(earlier)._repr_html_()
    assert "No task of <bdi>שירותי בריאות הנפש</bdi> produces" in report
    assert "<bdi>" not in a.check(a.loads(CJK_CASE))._repr_html_()
    in_hebrew = a.check(a.loads("language: he\n" + HEBREW_CASE))._repr_html_()
    assert 'No task of <bdi lang="he">שירותי בריאות הנפש</bdi> produces' in in_hebrew
    from activity_systems.right_to_left_html import isolate_right_to_left

    assert isolate_right_to_left("<p>צ&#x27;ק</p>", ["צ'ק"]) == "<p><bdi>צ&#x27;ק</bdi></p>"


def test_a_right_to_left_label_written_as_a_link_is_isolated_in_markdown() -> None:
    """A label such as '[מטופל](x)' is escaped in Markdown (\\[מטופל\\](x)), so it is
    text, not a link's address, and is isolated as the label's other words are."""
    case = a.loads(HEBREW_CASE.replace("label: מטופל,", "label: '[מטופל](x)',"))
    md = a.check(case).to_markdown()
    assert "carried by “\u2068\\[מטופל\\](x)\u2069” (mhs.object)" in md
