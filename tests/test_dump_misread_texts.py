"""Texts that YAML readers take for something else are dumped so that they load as written.

A case's text may be a word YAML 1.1 reads as true or false ('yes', 'on'), nothing ('~'),
a number ('1_000', '0x1F', '08', '1e3', '.inf'), a time ('1:30') or a date; or hold what
YAML reads as syntax ('#', ': ', a tab, a byte order mark, spaces at its ends). Put
together at random, such texts are written by ``dump`` so that the loader reads each
back as it was, and so that no plain value is one that YAML 1.2's core schema (an
editor's YAML support, a YAML 1.2 library) reads as anything but text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from hypothesis import given
from hypothesis import strategies as st

import activity_systems as a
from activity_systems.io.dumping import case_to_json, case_to_yaml

MISREAD = [
    *["yes", "no", "on", "off", "y", "n", "True", "FALSE", "~", "null", "Null", "NULL"],
    *["1_000", "0x1F", "0o17", "017", "08", "+1", "-0", "1e3", "1E+3", ".5", "1.", "1.10"],
    *[".inf", "-.Inf", ".NaN", "1:30", "1:30:00", "2024-01-02", "2024-01-02T10:00:00Z"],
    *[" x", "x ", "#x", "a #b", "a: b", "a:", "- a", "? a", "\ta", "a\tb", "\ufeffa", "a\ufeff"],
    *["'", '"', "&a", "*a", "!a", "%a", "@a", "`a", "|", "> a", "{a}", "[a]", "a, b", "<<"],
    *["C:\\x", "Option B:\tz", "\u2018quoted", "a\u2028b", "a\n", "\na", "a  b", "\u00a0"],
]

#: What YAML 1.2's core schema reads as null, true or false, or a number.
CORE_NOT_TEXT = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)

texts = st.lists(st.sampled_from(MISREAD) | st.text(max_size=3), min_size=1, max_size=3).map(
    "".join
)


def _plain_values(node: yaml.Node) -> Iterator[str]:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:
            yield node.value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _plain_values(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _plain_values(value)


def _case_or_none(title: str, label: str, description: str) -> a.Case | None:
    """A case holding the texts where a case file holds text, or None for a text the
    model refuses (a control character, a label of blanks)."""
    data = {
        "title": title,
        "description": description,
        "systems": [
            {
                "id": "a",
                "name": label,
                "subject": label,
                "object": {"label": "O", "purpose": description},
                "tools": [label, {"id": "t", "label": f"{label}x", "description": description}],
            }
        ],
    }
    try:
        return a.Case.model_validate(data)
    except ValueError:
        return None


@given(title=texts, label=texts, description=texts)
def test_a_text_yaml_misreads_is_dumped_to_load_as_written(
    title: str, label: str, description: str
) -> None:
    case = _case_or_none(title, label, description)
    if case is None:
        return
    written = case_to_yaml(case)
    assert a.loads(written) == case
    assert a.loads(case_to_json(case), format="json") == case
    node = yaml.compose(written)
    assert node is not None
    assert not [value for value in _plain_values(node) if CORE_NOT_TEXT.fullmatch(value)]


def test_every_misread_text_is_a_text_the_model_takes() -> None:
    """The texts above reach the dumper: none is refused by the model, so the property
    above does not pass by skipping them."""
    refused = [text for text in MISREAD if _case_or_none(text, text, text) is None]
    # a text of blanks or line breaks alone is no label
    assert refused == ["\u00a0"]
