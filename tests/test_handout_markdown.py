"""The Markdown handout as the renderers it is written for read it: GitHub and other
CommonMark renderers, Python-Markdown (MkDocs) and pandoc. Those that are not a
dependency of the project are checked through the Markdown text itself; Python-Markdown,
which the docs build uses, renders it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from activity_systems import Case, load
from activity_systems.handouts import render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def handout_markdown(data: dict[str, Any]) -> str:
    return render_handout(Case.model_validate(data), format="markdown", stem="h").text


def python_markdown(text: str, *extensions: str) -> str:
    """``text`` as MkDocs shows it: Python-Markdown with tables, its text unescaped."""
    markdown = pytest.importorskip("markdown")  # Python-Markdown, which the docs build uses
    rendered = markdown.markdown(text, extensions=["tables", *extensions])
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def two_systems(**extra: Any) -> dict[str, Any]:
    """A case of two assessed systems, with ``extra`` keys (or replacing its own)."""
    return {
        "title": "Court reports",
        "systems": [
            {"id": "court", "name": "Court", "subject": "Magistrate", "object": "Defendant"},
            {"id": "mhs", "name": "MHS", "subject": "Psychiatrist", "object": "Patient"},
        ],
        "integration": [
            {"between": ["court", "mhs"], "current": "linkage", "desired": "coordination"}
        ],
        **extra,
    }


@pytest.mark.usefixtures("stubbed")
def test_a_tilde_and_a_leading_equals_sign_show_as_written_in_mkdocs() -> None:
    """Python-Markdown does not take ``\\~`` or ``\\=`` as escapes, and showed the
    backslash: both are written as character references, which every renderer reads."""
    text = handout_markdown(
        two_systems(
            title="Reports take ~3 weeks",
            description="Takes ~3 weeks, ~~struck~~ not\n= a heading underline",
        )
    )
    assert "# Reports take &#126;3 weeks\n" in text
    assert "Takes &#126;3 weeks, &#126;&#126;struck&#126;&#126; not\n&#61; a heading" in text
    assert "\\~" not in text
    assert "\\=" not in text
    shown = python_markdown(text)
    assert "Reports take ~3 weeks" in shown
    assert "Takes ~3 weeks, ~~struck~~ not\n= a heading underline" in shown
    assert "\\" not in shown


@pytest.mark.usefixtures("stubbed")
def test_braces_at_the_end_of_a_heading_or_a_cell_are_text_not_attributes() -> None:
    """pandoc, and MkDocs with attr_list, read ``{…}`` at the end of a heading or a table
    cell as its attributes, and dropped it: ``{`` is escaped."""
    data = two_systems(title="Court reports {pilot}")
    data["systems"][1]["name"] = "Youth offending team {.north}"
    data["systems"][1]["rules"] = [{"label": "Targets {#t}"}]
    text = handout_markdown(data)
    assert "# Court reports \\{pilot}\n" in text
    assert "### Youth offending team \\{.north}\n" in text
    assert "| Targets \\{\\#t} |" in text
    shown = python_markdown(text, "attr_list")
    for name in ("Court reports {pilot}", "Youth offending team {.north}", "Targets {#t}"):
        assert name in shown


REPORTS = "https://example.org/reports_2009/index.html#section_2"


@pytest.mark.usefixtures("stubbed")
def test_web_addresses_are_autolinks_that_every_renderer_shows_and_links_as_written() -> None:
    """Escaped, ``https://example.org/reports\\_2009/index.html\\#section\\_2`` was linked
    by GitHub with its backslashes, a dead link; ``<https://…>`` is linked as written by
    CommonMark, GitHub, Python-Markdown and pandoc, and a ``www.`` address, which only
    GitHub links and none of them in ``<…>``, is given GitHub's ``http://``."""
    data = two_systems(source=f"{REPORTS}.", description="See www.example.org/a_b (or not).")
    data["systems"][0]["rules"] = [{"label": "Targets", "source": f"({REPORTS})"}]
    text = handout_markdown(data)
    assert f"Source: <{REPORTS}>.\n" in text
    assert "See <http://www.example.org/a_b> (or not).\n" in text
    assert f"| (<{REPORTS}>) |" in text
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(text, extensions=["tables"])
    assert rendered.count(f'<a href="{REPORTS}">{REPORTS}</a>') == 2
    assert '<a href="http://www.example.org/a_b">http://www.example.org/a_b</a>' in rendered


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # where CommonMark ends an autolink, and where a table's | ends a cell
        ("https://a.org/x>y z", "<https://a.org/x>&gt;y z"),
        ("<https://a.org/x> y", "&lt;<https://a.org/x>&gt; y"),
        ("https://a.org/x|y", "<https://a.org/x>\\|y"),
        # what would start a link, code or attributes is text after it
        ("https://a.org/[x](javascript:alert(1))", "<https://a.org/>\\[x\\](javascript:alert(1))"),
        ("https://a.org/`x` {.y}", "<https://a.org/>\\`x\\` \\{.y}"),
        ('https://a.org/"><script>', '<https://a.org/>"&gt;&lt;script&gt;'),
        # punctuation after it, as GitHub ends one, and brackets around it
        ("(see https://a.org/a_(b)).", "(see <https://a.org/a_(b)>)."),
        ("“https://a.org/x”, and", "“<https://a.org/x>”, and"),
        # an & that starts a character reference, which renderers read differently
        ("https://a.org/?a=1&amp;b=2&c", "<https://a.org/?a=1>&amp;amp;b=2&c"),
        ("https://a.org/?a=1&b=2", "<https://a.org/?a=1&b=2>"),
        # other schemes, an address inside a word or with nothing after it: not links
        ("javascript:alert(1) data:text/html,x", "javascript:alert(1) data:text/html,x"),
        ("xhttps://a.org https://!x", "xhttps://a.org https://!x"),
        # linked wherever GitHub links one, which left its escapes in it
        ("see:https://a.org/a_b", "see:<https://a.org/a_b>"),
        ("é_https://a.org/a_b", "é\\_<https://a.org/a_b>"),
        ("(www.a.org/a_b)", "(<http://www.a.org/a_b>)"),
        ('"www.a.org/a" 1www.a.org', '"www.a.org/a" 1www.a.org'),  # not linked by GitHub
        # GitHub links www. before anything but a letter too ("www.(…"), never "www\."
        ("www.(see) www.", "www\\.(see) www\\."),
        ("FTP://a.org/a_b", "<FTP://a.org/a_b>"),
    ],
)
def test_a_web_address_ends_where_commonmark_and_github_end_it(text: str, written: str) -> None:
    from activity_systems.handouts.environment import md

    assert md(text) == written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("1. first", "1\\. first"),  # CommonMark's markers
        ("2) second", "2\\) second"),
        ("(3) third", "\\(3) third"),  # and those pandoc's fancy_lists adds
        ("a) option", "a\\) option"),
        ("(b) option", "\\(b) option"),
        ("C.  option", "C\\.  option"),
        ("iv. point", "iv\\. point"),
        ("(@) example", "\\(@) example"),  # example_lists
        ("e.g. this", "e.g. this"),  # not markers: left as written
        ("(see) that", "(see) that"),
        ("Court (a) b", "Court (a) b"),
    ],
)
def test_a_line_cannot_start_a_list_in_pandoc_either(text: str, written: str) -> None:
    """pandoc's default reader takes "(3)", "a)" or "iv." at the start of a paragraph for
    an ordered list, and numbered the text "1." or "4." instead of showing it."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    assert md(f"Line one\n{text}") == f"Line one\n{written}"


def column_shares(text: str, header: str) -> dict[str, float]:
    """The share of the width that pandoc gives each column of the table headed
    ``header``: as the dashes of the line under it share out (colons included)."""
    lines = text.splitlines()
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    dashes = [len(cell) for cell in lines[lines.index(header) + 1].strip("|").split("|")]
    assert len(dashes) == len(cells)
    return {cell: count / sum(dashes) for cell, count in zip(cells, dashes, strict=True)}


@pytest.mark.usefixtures("stubbed")
def test_table_columns_are_as_wide_as_what_they_hold_in_pandoc() -> None:
    """pandoc's default reader gives a table whose rows are long the widths of the dashes
    under its header: three dashes each, "|---|---|", made "#" and "Node" as wide as the
    contradiction and the description."""
    text = render_handout(
        load(EXAMPLES / "liaison-and-diversion-2027.yaml"),
        format="markdown",
        previous=load(EXAMPLES / "liaison-and-diversion.yaml"),
    ).text
    plan = column_shares(text, "| # | Contradiction | Strategy | Owner | Review date |")
    assert plan["#"] < 0.1 < plan["Owner"] < plan["Strategy"] < plan["Contradiction"]
    nodes = column_shares(text, "| Node | Element | Description | Source |")
    # the source a little wider than the element: see test_handout_word.py
    assert nodes["Node"] < nodes["Element"] < nodes["Source"] < nodes["Description"]
    levels = column_shares(text, "| Level | What it means | Current | Desired |")
    assert levels["Current"] == levels["Desired"] < levels["Level"] < levels["What it means"]
    for header in (
        "| Exchange | From → to | Takes | Needed within | Expected | Provided |",
        "| Competency | What it means | Contradictions |",
        "| Finding | Strategy | Owner | Review date | Status | Finding now |",
        "| Systems | Before | Now | Desired | Move |",
        "| Where | Element | Change |",
        "| Strategy | Owner | Review date | Status | Finding |",
    ):
        shares = column_shares(text, header)
        assert max(shares.values()) > 1.5 * min(shares.values()), header


@pytest.mark.usefixtures("stubbed")
def test_the_only_html_in_a_markdown_handout_is_the_line_break_the_pandoc_filter_reads() -> None:
    """docs/handouts.md converts the handout to Word with a pandoc filter that makes each
    ``<br>`` a line break, since pandoc's Word writer leaves raw HTML out: any other tag
    would be lost there. Web addresses are autolinks, not HTML."""
    text = render_handout(
        load(EXAMPLES / "liaison-and-diversion-2027.yaml"),
        format="markdown",
        previous=load(EXAMPLES / "liaison-and-diversion.yaml"),
    ).text
    tags = set(re.findall(r"<(?!https?://|ftp://)[^>]*>", text))
    assert tags == {"<br>"}
    page = (EXAMPLES.parent / "docs" / "handouts.md").read_text(encoding="utf-8")
    assert 'el.text:match("^<br%s*/?>$")' in page


@pytest.mark.usefixtures("stubbed")
def test_a_line_starting_with_a_colon_makes_neither_a_table_nor_a_definition() -> None:
    """After a line of text, ":-" made GitHub a table of one column, and ": meaning" made
    pandoc a definition list; Python-Markdown does not take ``\\:``, so both are written
    ``&#58;``."""
    text = handout_markdown(two_systems(description="Header\n:-\nTerm\n: meaning"))
    assert "Header\n&#58;-\nTerm\n&#58; meaning\n" in text
    assert "Header\n:-\nTerm\n: meaning" in python_markdown(text)


@pytest.mark.parametrize(
    "key",
    [
        "AS101-3705b555c6` <img src=x onerror=alert(1)> `",
        "AS101-3705b555c6 | <img src=x onerror=alert(1)>",
        "AS101-3705b555c6\n<img src=x onerror=alert(1)>",
    ],
    ids=["backtick", "pipe", "line-break"],
)
@pytest.mark.usefixtures("stubbed")
def test_a_report_from_elsewhere_cannot_put_html_in_the_markdown_handout(key: str) -> None:
    """A finding's key is written as code (`AS101-3705b555c6`), where the report's
    JSON came from, a key that ends the code span, a table cell or the line would
    otherwise put its markup in the handout as raw HTML, which GitHub and MkDocs show."""
    import warnings

    from activity_systems import Report, check

    case = load(EXAMPLES / "court-reports.yaml")
    data = check(case).to_data()
    data["findings"][0]["key"] = key
    report = Report.from_data(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the report's key is not the case's
        text = render_handout(case, format="markdown", report=report).text
    assert "<img src=x" not in text
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(text, extensions=["tables"])
    images = re.findall(r"<img [^>]*>", rendered)
    assert images
    figure = re.compile(r'<img alt="[^"]*" src="handout-figure\d-[\w-]+\.svg" />')
    assert all(figure.fullmatch(image) for image in images)
    assert "AS101-3705b555c6" in python_markdown(text)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # TeX math between dollars: GitHub, GitLab, Obsidian and pandoc's default reader
        ("costs $x$ or $5", "costs &#36;x&#36; or &#36;5"),
        # pandoc's superscript, and Obsidian's block references
        ("2^10^ and note ^ref", "2&#94;10&#94; and note &#94;ref"),
        # Obsidian's highlight and its comments, which hide the text they enclose
        ("==key== a = b", "&#61;&#61;key&#61;&#61; a = b"),
        ("%%hidden%% at 50%", "&#37;&#37;hidden&#37;&#37; at 50%"),
        # an emoji shortcode, which pandoc's gfm and commonmark_x readers draw
        ("Status :smile: at 10:30:00", "Status &#58;smile: at 10:30:00"),
        ("see: this", "see: this"),
    ],
)
def test_math_superscripts_highlights_comments_and_emoji_codes_are_text(
    text: str, written: str
) -> None:
    """Left as written, ``$x$`` was TeX math on GitHub and in pandoc (which set the x in
    italics in Word), ``^10^`` a superscript in pandoc, ``==key==`` highlighted and
    ``%%hidden%%`` hidden in Obsidian, ``:smile:`` an emoji in pandoc's gfm reader. A
    backslash does not escape them in Python-Markdown (MkDocs), which showed it:
    they are character references, as ``~`` is."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    assert python_markdown(md(text)).strip() == text


@pytest.mark.usefixtures("stubbed")
def test_math_and_superscripts_in_a_heading_and_a_cell_are_text() -> None:
    data = two_systems(title="Budget $5 to $10^2^")
    data["systems"][1]["rules"] = [{"label": "Fees ==high== %%draft%% :warning:"}]
    text = handout_markdown(data)
    assert "# Budget &#36;5 to &#36;10&#94;2&#94;\n" in text
    assert "| Fees &#61;&#61;high&#61;&#61; &#37;&#37;draft&#37;&#37; &#58;warning: |" in text
    shown = python_markdown(text)
    assert "Budget $5 to $10^2^" in shown
    assert "Fees ==high== %%draft%% :warning:" in shown


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Contact first_last@nhs.net.", "Contact <first_last@nhs.net>."),
        ("(a.b+c-d@x-y.org)", "(<a.b+c-d@x-y.org>)"),
        ("see mailto:first_last@nhs.net", "see mailto:<first_last@nhs.net>"),
        # an address after a character GitHub does not take into one: only what it links
        ("jo~smith_2@x.org", "jo&#126;<smith_2@x.org>"),
        # what GitHub does not link, and a domain that CommonMark's <…> does not take
        ("a@b no_tld@x", "a@b no\\_tld@x"),
        ("a_b@x_y.org", "a\\_b@x\\_y.org"),
        # and what pandoc's default reader does not take in <…> either
        ("_a@x.org a..b@x.org", "\\_a@x.org a..b@x.org"),
        # inside a web address it is part of the address
        ("https://x.org/a_b@c.org", "<https://x.org/a_b@c.org>"),
    ],
)
def test_an_email_address_is_an_autolink_to_the_whole_address(text: str, written: str) -> None:
    """GitHub links an email address by itself; escaped, ``first\\_last@nhs.net`` was
    linked by pandoc's gfm reader from the backslash on, to ``last@nhs.net``, someone
    else. ``<first_last@nhs.net>`` is linked whole by GitHub, Python-Markdown and pandoc."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    markdown = pytest.importorskip("markdown")
    if "<" in written:
        address = written[written.index("<") + 1 : written.index(">")]
        rendered = html.unescape(re.sub(r"<[^>]+>", "", markdown.markdown(written)))
        assert address in rendered
        assert "<" not in rendered


@pytest.mark.usefixtures("stubbed")
def test_a_question_to_discuss_stays_whole_in_its_quote_whatever_the_labels_hold() -> None:
    """A label with a blank line in it ended the quote of the question to discuss part way,
    the rest of the question a paragraph of its own below; two spaces at the end of one of
    its lines broke the line there, where the HTML handout runs the text on."""
    data = two_systems()
    data["systems"][0]["rules"] = [
        {"id": "targets", "label": "Cases are completed\n\nwithin set time  \ntargets"}
    ]
    data["declared"] = [{"between": ["court.object", "court.targets"], "level": "secondary"}]
    text = handout_markdown(data)
    question = next(line for line in text.splitlines() if line.startswith("> **Discuss:**"))
    assert "“Cases are completed within set time targets”, and what" in question
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(text, extensions=["tables"])
    quote = rendered[rendered.index("<blockquote>") : rendered.index("</blockquote>")]
    assert "what could they try first?" in quote
    assert "<br />" not in rendered  # a hard line break; a table cell's lines are <br>


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("First point.  \nSecond point", "First point.\nSecond point"),
        ("Ends with a tab\t\nnext", "Ends with a tab\nnext"),
        ("kept  ", "kept  "),  # spaces before no line break break no line
    ],
)
def test_spaces_at_the_end_of_a_line_break_no_line(text: str, written: str) -> None:
    """Markdown breaks a line that ends with two spaces, which the HTML handout runs on:
    they are left out, so that a line break of the case's text is a space in both."""
    from activity_systems.handouts.environment import md

    assert md(text) == written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Follow @team<3", "Follow &#64;team&lt;3"),
        ("[@smith, p. 3] and (@NHSEngland)", "\\[&#64;smith, p. 3\\] and (&#64;NHSEngland)"),
        # not a citation: an email address, an @ before a blank or a mark, "(@)"
        ("x@y, @ 3, (@) ok, jo@x.org", "x@y, @ 3, (@) ok, <jo@x.org>"),
    ],
)
def test_an_at_sign_starts_no_citation_in_pandoc(text: str, written: str) -> None:
    """pandoc's default reader takes ``@team`` for a citation, and wrote its key as written
    in the Markdown: "@team<3" was "@team&lt;3" in Word (and "(team&lt?);3" with
    ``--citeproc``). ``&#64;`` is an ``@`` to every renderer, and starts no citation."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    assert " ".join(python_markdown(md(text)).split()) == text


@pytest.mark.usefixtures("stubbed")
def test_a_line_of_exclamation_or_question_marks_starts_no_admonition_in_mkdocs() -> None:
    """MkDocs sites mostly have Python-Markdown's admonition (and pymdownx's details,
    ``???``): a description starting "!!! urgent" was a box titled "Urgent", its text
    gone. The first ``!`` is escaped, the first ``?`` a character reference (Python-Markdown
    shows ``\\?`` with its backslash)."""
    from activity_systems.handouts.environment import md

    assert md("!!! urgent") == "\\!!! urgent"
    assert md("Line\n??? details") == "Line\n&#63;?? details"
    assert md("Why??? Now!!!") == "Why??? Now!!!"
    text = handout_markdown(two_systems(description="!!! urgent: read this first"))
    shown = python_markdown(text, "admonition")
    assert "!!! urgent: read this first" in shown


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,  # a word with no @ in it, which an email address was looked for in
        "." * 100_000,
        "x:" + "a" * 100_000,  # a colon before a word with no colon after it
        "note:" * 20_000,
    ],
)
def test_a_long_word_is_escaped_in_linear_time(text: str) -> None:
    """Every text of a report is escaped: a long word (a pasted key, a row of dots) took
    seconds per 20,000 characters, each of its characters starting another search for the
    @ of an email address or the colon that ends an emoji's code."""
    from activity_systems.markdown_escaping import escape

    started = time.perf_counter()
    escape(text)
    assert time.perf_counter() - started < 2.0  # a hundredth of a second, on a busy machine


def pandoc_markdown(text: str) -> str:
    """``text`` as pandoc's default reader makes it HTML."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    return subprocess.run(
        [pandoc, "-f", "markdown", "-t", "html"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # after a character that is written escaped, or a + or - of an address's first part
        ("Ask _@team or +@leads, -@all", "Ask \\_&#64;team or +&#64;leads, -&#64;all"),
        # a citation key may start with any letter, not only an English one
        ("Merci @équipe, !@שלום", "Merci &#64;équipe, !&#64;שלום"),
        # after a letter, a digit or a dot pandoc reads no citation, and it is as before
        ("x@y, 1@x, é@x, a.@b", "x@y, 1@x, é@x, a.@b"),
    ],
)
def test_no_at_sign_starts_a_citation_in_pandoc(text: str, written: str) -> None:
    """pandoc's default reader took "_@team", "+@leads" and "@équipe" for citations."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    rendered = pandoc_markdown(md(text))
    assert "citation" not in rendered
    assert " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split()) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Mail first._last@nhs.net", "Mail first.\\_last@nhs.net"),
        ("Mail a.-b@x.org or a.+b@x.org", "Mail a.-b@x.org or a.+b@x.org"),
        ("Mail first.last@nhs.net", "Mail <first.last@nhs.net>"),
    ],
)
def test_an_address_pandoc_does_not_link_is_written_as_text(text: str, written: str) -> None:
    """pandoc's default reader showed ``<first._last@nhs.net>`` with its brackets: a dot
    in the first part of an address it links is followed by a letter or a digit."""
    from activity_systems.handouts.environment import md

    assert md(text) == written
    rendered = pandoc_markdown(md(text))
    assert " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split()) == text
