"""Fuzzing what a case says about itself: its ``language`` and its ``leave_out``.

``activity_systems.strategies.cases()`` never sets either (what it draws is part of what
the library promises users, whose property tests and example databases depend on it; see
``docs/property-testing.md``), so these tests compose their own strategy from the public
ones: a case from ``cases()``, validated again with any language tag the model accepts
and a ``leave_out`` naming built-in rules and rules that no one has, its reasons and who
decided made of hostile text (quotes, ``<&>``, ``{}``, backslashes, right-to-left text,
line breaks). For any such case

- each figure's SVG is well-formed XML whose root, and nothing else, says the case's
  language (``xml:lang`` once, and ``lang``), and whose caption names the rules left out;
- its DOT is text that Graphviz accepts;
- the HTML and Markdown handouts parse and list each rule left out, with its reason
  and who decided, right-to-left ones set apart in the case's language (``<bdi lang>``),
  and the figures a handout inlines say the language.

Bounded for the default run (a few cases each, since each draws several figures);
``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from inert_html import Page, assert_inert
from markupsafe import escape

from activity_systems import ActivitySystem, Case, check
from activity_systems.handouts import render_handout
from activity_systems.handouts.environment import md_line
from activity_systems.model.types import LANGUAGE_PATTERN
from activity_systems.render import render
from activity_systems.right_to_left import is_right_to_left
from activity_systems.rules.engine import BUILTIN_RULES
from activity_systems.strategies import cases

pytestmark = [
    # drawn actions name findings at random (see test_properties.py), and an id of
    # leave_out that no rule has is warned of, as it should be
    pytest.mark.filterwarnings("ignore::activity_systems.MisnamedFindingWarning"),
    pytest.mark.filterwarnings("ignore::activity_systems.LeftOutRuleWarning"),
]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def examples(count: int, share: float) -> settings:
    """``count`` examples in the default run, or ``share`` of the profile's number when
    that is larger (every example draws several figures)."""
    return settings(
        max_examples=max(count, int(settings().max_examples * share)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,  # the same stub for every example
        ],
    )


# -- the strategy -----------------------------------------------------------------------

#: Tags people write (with scripts, regions and variants), then any the model accepts.
languages = st.sampled_from(
    ["cy", "ar", "he", "fa-IR", "ur-PK", "sr-Latn", "zh-Hant-TW", "de-CH-1996", "EN-gb"]
) | st.from_regex(LANGUAGE_PATTERN, fullmatch=True)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Any character free text may hold (the model refuses controls, surrogates and bidi
#: controls), with tabs and line breaks.
TEXT_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters=BIDI_CONTROLS
) | st.sampled_from("\t\n\r")
HOSTILE = [
    *('"', "'", "“", "”", "<", ">", "&", "&amp;", "&#60;", "<script>", "</text>", "]]>"),
    *("<!--", "-->", "{", "}", "{rules}", "{{ 7*7 }}", "{%", "%s", "\\", "\\n", "\\l"),
    *("\n", "\r\n", "\t", " ", "\u00a0", "\u2028", "\u200f", "\u200e", "\u061c"),
    *("שלום", "مرحبا", "(AS101)", "AS101", "xml:lang=", 'lang="x"', "🧠", "W" * 80),
]
hostile_texts = st.lists(
    st.sampled_from(HOSTILE) | st.text(TEXT_CHARACTERS, max_size=4), min_size=1, max_size=8
).map("".join)

BUILT_IN_IDS = [spec.id for spec in BUILTIN_RULES]
#: A built-in rule's id (as written, or in lower case, which the model takes), or an id
#: that no rule has.
rule_ids = (
    st.sampled_from(BUILT_IN_IDS)
    | st.sampled_from(BUILT_IN_IDS).map(str.lower)
    | st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,11}", fullmatch=True)
)
left_out = st.fixed_dictionaries(
    {"rule": rule_ids},
    optional={"reason": hostile_texts, "by": hostile_texts},
)


@st.composite
def cases_saying_more(draw: st.DrawFn, /, **options: Any) -> Case:
    """A case of :func:`~activity_systems.strategies.cases` with a ``language`` and a
    ``leave_out`` (each rule once, in any case), validated again through the model."""
    case = draw(cases(**options))
    data = case.model_dump(by_alias=True, exclude_none=True)
    data["language"] = draw(languages)
    data["leave_out"] = draw(st.lists(left_out, max_size=4, unique_by=lambda x: x["rule"].upper()))
    return Case.model_validate(data)


# -- what the outputs must be -----------------------------------------------------------


def assert_dot_parses(source: str) -> None:
    canon = subprocess.run(
        ["dot", "-Tcanon"], input=source.encode("utf-8"), capture_output=True, timeout=60
    )
    stderr = canon.stderr.decode("utf-8", "replace")
    assert canon.returncode == 0, stderr
    assert "error" not in stderr.lower(), stderr


def assert_says_its_language(svg: str, language: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    assert root.get(XML_LANG) == language
    assert root.get("lang") == language
    saying = [element for element in root.iter() if XML_LANG in element.attrib]
    assert saying == [root], "xml:lang on more than the root"
    return root


def squeezed(text: str) -> str:
    return "".join(text.split())


def assert_caption_names(root: ET.Element, case: Case) -> None:
    """The figure's text names each rule the case leaves out, by its id."""
    drawn = squeezed("".join(t.text or "" for t in root.iter(f"{SVG}text")))
    for left in case.leave_out:
        assert left.rule.upper() in drawn, (left.rule, drawn)


class ListItems(HTMLParser):
    """The text of each list item of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.inside = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.items.append("")
            self.inside += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.items[-1] += data


def opens(text: str, head: str) -> bool:
    """Whether ``text`` starts with ``head`` as a whole word (a rule's id, say)."""
    return text.startswith(head) and text[len(head) : len(head) + 1] in (" ", ":", "*")


# -- the tests --------------------------------------------------------------------------

PLAIN = {
    "title": "Court reports",
    "language": "cy",
    "systems": [
        {"id": "court", "subject": "Ynad", "object": "Dedfryd"},
        {"id": "mhs", "subject": "Seiciatrydd", "object": "Triniaeth"},
    ],
    "exchanges": [{"id": "report", "label": "Adroddiad", "from": "mhs", "to": "court"}],
    "leave_out": [
        {"rule": "as602", "reason": 'He said "no" <& {rules} \\ שלום\nthen>', "by": "Y grŵp"},
        {"rule": "XX999", "reason": "]]> -->"},
    ],
}


@needs_dot
@examples(4, 0.2)
@given(case=cases_saying_more(max_elements=2))
@example(case=Case.model_validate(PLAIN))
def test_figures_say_the_language_once_and_name_the_rules_left_out(case: Case) -> None:
    assert case.language is not None
    report = check(case)
    first = case.systems[0]
    views: list[tuple[Case | ActivitySystem, dict[str, Any]]] = [
        (case, {"system": first.id}),
        (first, {"case": case}),  # a system drawn with the case it is part of
        (case, {"overview": "detailed"}),
        (case, {"overview": "summary"}),
    ]
    if len(case.systems) >= 2:
        views.append((case, {"pair": (first.id, case.systems[1].id)}))
    for drawn, view in views:
        source = render(drawn, format="dot", report=report, **view)
        assert isinstance(source, str)
        assert_dot_parses(source)
        svg = render(drawn, format="svg", report=report, **view)
        assert isinstance(svg, str)
        root = assert_says_its_language(svg, case.language)
        assert_caption_names(root, case)


@examples(6, 0.2)
@given(case=cases_saying_more(max_elements=2))
@example(case=Case.model_validate(PLAIN))
def test_handouts_of_any_language_and_leave_out_parse(case: Case, stubbed: None) -> None:
    assert case.language is not None
    html = render_handout(case).text
    page = Page(html)
    assert_inert(page)
    (root,) = [attrs for tag, attrs in page.elements if tag == "html"]
    assert root.get("lang")  # the page's own language, not necessarily the case's
    section = html.partition('<section class="left-out"')[2].partition("</section>")[0]
    assert bool(section) == bool(case.leave_out)
    items = [" ".join(item.split()) for item in ListItems(section).items]
    markdown = render_handout(case, format="markdown").text
    Page(markdown)  # what a Markdown renderer passes through as HTML parses too
    heading = "\n### Rules left out for this case\n"
    assert (heading in markdown) == bool(case.leave_out)
    lines = markdown.partition(heading)[2].partition("\n#")[0].splitlines()
    for left in case.leave_out:
        # one list item for each, holding its reason and who decided, on one line in
        # Markdown (an id's "_" escaped there)
        (item,) = [i for i in items if opens(i, left.rule.upper())]
        (line,) = [x for x in lines if opens(x, f"- **{md_line(left.rule.upper())}")]
        for said in (left.reason, left.by):
            if said and said.split():
                assert " ".join(said.split()) in item
                assert md_line(said) in line
                if is_right_to_left(said):  # set apart, in the case's language
                    assert f'<bdi lang="{case.language}">{escape(said)}</bdi>' in html


@needs_dot
@examples(2, 0.05)
@given(case=cases_saying_more(max_systems=2, max_elements=1))
def test_a_handout_inlines_figures_that_say_the_language(case: Case) -> None:
    assert case.language is not None
    page = Page(render_handout(case).text)
    assert_inert(page)
    inlined = [attrs for tag, attrs in page.elements if tag == "svg"]
    assert inlined, "no figure inlined"
    for attrs in inlined:
        assert attrs.get("xml:lang") == attrs.get("lang") == case.language
