"""User text is literal: it never breaks the DOT nor injects into the DOT or the SVG."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from activity_systems import Case
from activity_systems.render import figure, render
from activity_systems.render.labels import ELLIPSIS, escape, wrap

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
SVG = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    "\"quoted\" and 'single'",
    r"back\slash \N \G \L \E \T \H \n \\ end\\",
    "<b>bold</b> & <script>alert(1)</script> &amp; &#x41;",
    "{braces} [brackets] ; semicolons -> n1",
    "]",
    "]]",
    '"]; n99 [label="injected"]; n1 -> n99; a ["',
    "> ]] --> <!-- not a comment",
    "two\nlines\tand tabs",
    "right\u200fto\u200fleft \u05e9\u05dc\u05d5\u05dd marks",
    "emoji 🧠 ⚖️ 👩🏽‍⚕️ and CJK 法院",
    "\ufffe\uffff noncharacters",
]
LONG = " ".join(f"word{i}" for i in range(400))  # about 2,700 characters


def hostile_case(label: str) -> Case:
    return Case.model_validate(
        {
            "title": f"Title {label}",
            "systems": [
                {
                    "id": "court",
                    "name": f"Court {label}",
                    "sector": label,
                    "subject": label,
                    "object": {"label": label, "purpose": label},
                    "outcome": label,
                    "tools": [{"id": "request", "label": label}],
                    "rules": [{"id": "r", "label": label}],
                    "community": [{"id": "c", "label": label}],
                    "division_of_labour": [{"id": "t", "task": label, "by": "subject"}],
                },
                {
                    "id": "mhs",
                    "subject": "Psychiatrist",
                    "object": "Service user",
                    "tools": [{"id": "report", "label": "Report"}],
                },
            ],
            "exchanges": [
                {
                    "id": "x",
                    "label": label,
                    "from": "mhs",
                    "to": "court",
                    "produced_with": "mhs.report",
                    "requested_with": "court.request",
                }
            ],
            "shared_object": {"label": label},
            "declared": [{"between": ["court.object", "mhs.object"], "level": "quaternary"}],
        }
    )


def canon(source: str) -> str:
    """Graphviz's own parse of the DOT text (fails on a syntax error)."""
    done = subprocess.run(
        ["dot", "-Tcanon"], input=source.encode(), capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"syntax error" not in done.stderr
    return done.stdout.decode()


def node_ids(dot: str) -> set[str]:
    return set(re.findall(r"^\s*(\w+)\s+\[", dot, re.MULTILINE)) - {"graph", "node", "edge"}


def svg_words(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))  # well-formed XML, or this raises
    assert not list(root.iter(f"{SVG}script"))
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text")).split()


def test_escape_makes_markup_and_backslashes_literal() -> None:
    assert escape('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert escape(r"\N") == r"\\N"
    assert escape("a\nb\tc") == "a b c"


def test_long_labels_wrap_and_are_cut_short_with_an_ellipsis() -> None:
    lines = wrap(LONG, 120, max_lines=4)
    assert len(lines) == 4
    assert lines[-1].endswith(ELLIPSIS)
    assert wrap("a" * 300, 120, max_lines=2)[0].startswith("aaa")


@pytest.mark.parametrize("label", [*HOSTILE, LONG], ids=lambda s: repr(s[:24]))
def test_hostile_text_stays_inside_its_labels(label: str) -> None:
    source = figure(hostile_case(label)).source
    # every node is ours: n1, n2, ...; no user text in a node id or an attribute value
    # other than a label or a tooltip (a quoted string, read as DOT reads it)
    for node_id in node_ids(source):
        assert re.fullmatch(r"n\d+", node_id)
    outside = re.sub(r"label=<.*?>[,\] ]", "", source, flags=re.DOTALL)
    outside = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", outside, flags=re.DOTALL)
    assert "injected" not in outside


@needs_graphviz
@pytest.mark.parametrize("label", [*HOSTILE, LONG], ids=lambda s: repr(s[:24]))
def test_hostile_text_parses_and_shows_literally(label: str) -> None:
    source = figure(hostile_case(label)).source
    assert node_ids(canon(source)) == node_ids(source)
    svg = render(hostile_case(label), format="svg")
    assert isinstance(svg, str)
    words = svg_words(svg)
    if label is LONG:
        assert "word0" in words
        assert any(ELLIPSIS in w for w in words)
        assert "word399" not in words
        return
    for word in label.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd").split():
        assert word in words, f"{word!r} is not shown literally"


# Any text the model accepts as a label is safe on a diagram.
labels = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
    min_size=1,
    max_size=60,
)


@needs_graphviz
@given(label=labels)
@example(label="\xad")  # an exchange label that shows nothing
def test_any_valid_label_gives_valid_dot_and_svg(label: str) -> None:
    try:
        case = hostile_case(label)
    except ValidationError:
        return  # the model refuses it (control characters, bidi overrides, blank)
    source = figure(case, contradictions=False).source
    assert node_ids(canon(source)) == node_ids(source)
    svg = render(case, format="svg", contradictions=False)
    assert isinstance(svg, str)
    svg_words(svg)


@needs_graphviz
@pytest.mark.parametrize("where", ["title", "name", "exchange", "tool"])
@pytest.mark.parametrize(
    ("pair", "system"), [(None, None), (("a", "b"), None), (None, "a")], ids=repr
)
def test_a_title_or_name_that_shows_nothing_still_gives_a_figure(
    where: str, pair: tuple[str, str] | None, system: str | None
) -> None:
    # A soft hyphen is shown only where a word breaks, so a title or a system's name of
    # soft hyphens alone shows nothing: its bold heading was left empty (<B></B>),
    # which Graphviz refuses as a syntax error. So was an exchange's label of soft hyphens
    # alone: its italic text was left empty (<I></I>).
    data: dict[str, object] = {
        "title": "\xad" if where == "title" else "Title",
        "systems": [
            {
                "id": "a",
                "subject": "s",
                "object": "o",
                "name": "\xad\xad" if where == "name" else "A",
                "tools": [{"id": "t", "label": "\xad" if where == "tool" else "T"}],
            },
            {"id": "b", "subject": "s", "object": "o"},
        ],
        "exchanges": [
            {"id": "x", "label": "\xad" if where == "exchange" else "l", "from": "b", "to": "a"}
        ],
    }
    case = Case.model_validate(data)
    source = figure(case, pair=pair, system=system).source
    canon(source)
    svg = render(case, format="svg", pair=pair, system=system)
    assert isinstance(svg, str)
    svg_words(svg)
