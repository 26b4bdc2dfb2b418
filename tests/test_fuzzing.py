"""Fuzzing with Hypothesis: the loader, the renderer and the handout given arbitrary text.

- The loader, given any text (and text built from YAML and JSON fragments), returns a
  case or raises :class:`CaseFileError` with a line, a column and a one-line message.
- A figure with any label the model accepts is DOT that Graphviz parses and SVG that is
  well-formed XML showing the label.
- A handout with any text shows it escaped: never as markup.

Bounded for the default run (a few hundred examples in all, a few seconds);
``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from inert_html import Page, assert_inert
from markupsafe import escape

from activity_systems import Case, CaseFileError, check, loads
from activity_systems.handouts import figures, render_handout
from activity_systems.handouts.environment import md_line
from activity_systems.render import figure, render

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SVG = "{http://www.w3.org/2000/svg}"


def examples(count: int) -> settings:
    """``count`` examples in the default run, or the profile's number when it is larger."""
    return settings(
        max_examples=max(count, settings().max_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# -- the loader -------------------------------------------------------------------------

#: Pieces of case files, YAML syntax and things YAML and JSON readers trip on.
FRAGMENTS = [
    *("title", "systems", "id", "subject", "object", "tools", "rules", "community"),
    *("division_of_labour", "label", "task", "by", "time_limit", "turnaround", "exchanges"),
    *("from", "to", "takes", "needed_within", "expects", "integration", "between", "values"),
    *("court", "mhs", "mhs.report", "3 weeks", "4-8 weeks", "P6W", "2 months", "-1 days"),
    *("?", "no", "~", "null", "1.10", "NaN", "true", "1e999"),
    *(":", ": ", "- ", "\n", "  ", "    ", "[", "]", "{", "}", ",", "'", '"', "#", "|\n"),
    *(">\n", "? ", "&a ", "*a", "<<: ", "!!str ", "!!python/object:os.system ", "!x "),
    *("---\n", "...\n", "%YAML 1.2\n", "\t", "\\", "\\u", "\\ud800", "\r\n", "\r", "\x85"),
    *("\ufeff", "\x00", "\x1b[2J", "\u202e", "\u2028", "\udc80", "\ufffe", "é", "🧠"),
]
yaml_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40).map("".join)
json_like = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text(max_size=8) | st.sampled_from(FRAGMENTS),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FRAGMENTS[:24]) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
).map(json.dumps)


def check_loading(text: str, fmt: str) -> None:
    """Load ``text``: a case (which the rules then check without failing) or one
    located, one-line :class:`CaseFileError`; nothing else."""
    try:
        case = loads(text, format="json" if fmt == "json" else "yaml", path="case")
    except CaseFileError as raised:
        error = raised
    else:
        event("loaded")
        report = check(case)
        assert not report.rules_failed, report.rules_failed
        return
    event("refused")
    assert error.line is not None
    assert error.column is not None
    assert 1 <= error.line <= len(text.splitlines()) + 1, str(error)
    assert error.column >= 1
    assert error.message.isprintable(), repr(error.message)


@examples(150)
@given(text=st.text() | yaml_like, fmt=st.sampled_from(["yaml", "json"]))
def test_the_loader_takes_any_text(text: str, fmt: str) -> None:
    check_loading(text, fmt)


@examples(100)
@given(text=json_like)
# Hints that quote a character no font shows, or a control character, must escape it.
@example(text='{"systems": "\\ud7a4"}')
@example(text='{"systems": {"\\u001f": null}}')
def test_the_loader_takes_any_json(text: str) -> None:
    check_loading(text, "json")


#: A case file with holes, each filled with arbitrary text, plain or double-quoted:
#: free text (0, 1), a system id (2), a duration (3), a value tag (4).
SKELETON = """\
title: {0}
systems:
  - id: court
    name: {1}
    subject: {1}
    object: {{label: {0}, purpose: {1}, values: [{4}]}}
    rules: [{{id: targets, label: {0}, time_limit: {3}}}]
    community: [{1}]
    division_of_labour: [{{task: {0}, by: subject}}]
  - id: {2}
    subject: {0}
    object: Service user
    tools: [{{id: report, label: {1}, turnaround: {3}}}]
exchanges:
  - {{id: x, label: {1}, from: {2}, to: court, needed_within: court.targets}}
"""


def sometimes(*valid: str) -> st.SearchStrategy[str]:
    """One of ``valid`` (more often than not), or any short text."""
    return st.sampled_from(valid) | st.sampled_from(valid) | st.text(max_size=8)


#: Free text: plain words with the characters that matter to YAML, HTML and DOT, or any.
FREE = st.from_regex(r"[A-Za-z][\w ,.'’&<>\"{}\[\]:#|*-]{0,11}", fullmatch=True) | st.text(
    max_size=12
)
HOLES = st.tuples(
    FREE,
    FREE,
    sometimes("mhs", "court", "liaison-2"),
    sometimes("3 weeks", "4-8 weeks", "P6W", "36 hours", "1.5 days", "2 months"),
    sometimes("treatment", "punishment", "care", "timely-justice"),
)


@examples(150)
@given(holes=HOLES, quoted=st.lists(st.booleans(), min_size=5, max_size=5))
def test_any_text_in_a_case_file_loads_or_is_located(
    holes: tuple[str, ...], quoted: list[bool]
) -> None:
    filled = [json.dumps(h) if q else h for h, q in zip(holes, quoted, strict=True)]
    check_loading(SKELETON.format(*filled), "yaml")


# -- the renderer -----------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Any character a label may hold (the model refuses controls, surrogates and bidi
#: controls), with tabs and line breaks.
LABEL_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters=BIDI_CONTROLS
) | st.sampled_from("\t\n")
#: Pieces of markup and escapes for DOT, SVG, HTML, Markdown and templates.
AWKWARD = [
    *("<script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>"),
    *("&amp;", "&#60;", "&", "<", ">", '"', "'", "\\", "\\N", "\\G", "\\L", "\\n", "]", "["),
    *("{", "}", ";", "->", "--", "label=", "n1", "*", "_", "#", "|", "`", "[a](javascript:x)"),
    *("{{ 7*7 }}", "{%", "${x}", "\n", "\t", " ", "?", "\u200f", "🧠"),
]


def texts(*, max_size: int) -> st.SearchStrategy[str]:
    """Any text a label may hold, or text built from awkward pieces; not blank."""
    built = st.lists(
        st.sampled_from(AWKWARD) | st.text(LABEL_CHARACTERS, max_size=3), min_size=1, max_size=8
    ).map("".join)
    return (st.text(LABEL_CHARACTERS, min_size=1, max_size=max_size) | built).filter(
        lambda text: bool(text.strip()) and len(text) <= max_size
    )


#: Short enough that a figure shows them whole (wrapped, perhaps, but not cut short).
short_labels = texts(max_size=24)


def one_system(label: str) -> Case:
    return Case.model_validate(
        {
            "title": "Fuzz",
            "systems": [
                {
                    "id": "s",
                    "subject": label,
                    "object": "Object",
                    "tools": [{"id": "t", "label": label}],
                }
            ],
        }
    )


def shown(text: str) -> str:
    """``text`` as a figure shows it: without whitespace (lines may break anywhere) or
    soft hyphens (shown only where a word breaks, as a hyphen), and the two
    non-characters XML does not allow as U+FFFD."""
    squeezed = "".join(text.split()).replace("\xad", "")
    return squeezed.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")


@needs_dot
@examples(40)
@given(label=short_labels)
@example(label="\xad")  # a soft hyphen alone: shown nowhere
@example(label="Unterbringungs\xadbefehls\xadverfahren")  # broken at a soft hyphen
def test_any_label_gives_dot_that_parses_and_svg_that_shows_it(label: str) -> None:
    case = one_system(label)
    source = figure(case, contradictions=False).source
    parsed = subprocess.run(
        ["dot", "-Tcanon"], input=source.encode("utf-8"), capture_output=True, timeout=60
    )
    assert parsed.returncode == 0, parsed.stderr.decode("utf-8", "replace")
    svg = render(case, format="svg", contradictions=False)
    assert isinstance(svg, str)
    root = ET.fromstring(svg.encode("utf-8"))  # well-formed XML, or this raises
    assert not list(root.iter(f"{SVG}script"))
    text = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    expected, drawn = shown(label), shown(text)
    if "\xad" in label:  # a word broken at its soft hyphen shows a hyphen there
        expected, drawn = expected.replace("-", ""), drawn.replace("-", "")
    assert expected in drawn


# -- the handout ------------------------------------------------------------------------

#: The start of a tag, a closing tag, a comment or a declaration.
MARKUP = re.compile(r"<[A-Za-z/!?]")


def stub_svg(*args: Any, **kwargs: Any) -> str:
    """A fixed figure: the handout's text is under test here, not Graphviz."""
    return '<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"></g></svg>\n'


@examples(40)
@given(text=texts(max_size=60))
@example(text="\u200f")  # a right-to-left mark: isolated as right-to-left text
def test_any_text_appears_escaped_in_the_handout(text: str) -> None:
    case = Case.model_validate(
        {
            "title": text,
            "description": text,
            "systems": [{"id": "s", "subject": text, "object": {"label": "O", "purpose": text}}],
        }
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figures, "draw_svg", stub_svg)
        html = render_handout(case).text
        markdown = render_handout(case, format="markdown").text
    assert str(escape(text)) in html
    if MARKUP.search(text):  # would be a tag, a comment or a declaration if written raw
        assert text not in html
    page = Page(html)
    assert_inert(page)
    assert " ".join(text.split()) in page.text
    # right-to-left text is set apart with Unicode's isolates (and a left-to-right mark
    # where it starts a line): without them, the heading is the text as written
    apart = {ord(mark): None for mark in "\u2068\u2069\u200e"}
    heading = f"# {md_line(text)}\n".translate(apart)
    assert heading in markdown.translate(apart)
    if MARKUP.search(text):
        assert text not in markdown
