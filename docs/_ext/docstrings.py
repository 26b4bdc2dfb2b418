"""A griffe extension for the API page: the library's docstrings, read as Markdown.

The docstrings are written for ``help()`` and doctest: bare ``>>>`` examples and Sphinx
roles such as :func:`check`. Markdown would turn the examples into nested block quotes
(and a printed list into a link), and show the roles as literal text. This extension
fences each run of doctest lines as a ``pycon`` code block and turns a role into a code
span, on the rendered copy only; the source stays as it is.

A model's fields are documented by ``Field(description=...)``, which the JSON Schema and
Pydantic read but griffe does not: the extension makes each description the field's
docstring, so that the API page lists a model's fields.

mkdocs.yml loads it with ``extensions: [docs/_ext/docstrings.py]``.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

# A name to fill in, such as <system>.<tool-id>, which Markdown would read as HTML tags.
_TO_FILL_IN = re.compile(r"<[\w -]+>(?:[.-]<[\w -]+>)*")
_ROLE = re.compile(r":(?:func|class|data|meth|mod|attr|exc|obj):`~?([^`]+)`")
_PROMPT = re.compile(r"^(\s*)>>>( |$)")


def _role(match: re.Match[str]) -> str:
    """A role as a code span; one with a title, :meth:`Case.subcase <target>`, as its
    title, in code where it names the target or a dotted name (an attribute of the
    class linked to) and as plain text where it is a word of the sentence
    (:func:`misspells <rule_misspells>`).

    >>> _ROLE.sub(_role, "as :meth:`Case.subcase <activity_systems.Case.subcase>` takes")
    'as `Case.subcase` takes'
    >>> _ROLE.sub(_role, "see :attr:`ModelError.placed <activity_systems.errors.ModelError>`")
    'see `ModelError.placed`'
    >>> _ROLE.sub(_role, "the rule it :func:`misspells <rule_misspells>`")
    'the rule it misspells'
    >>> _ROLE.sub(_role, ":func:`~activity_systems.check` and :class:`Report`")
    '`check` and `Report`'
    """
    name = match[1]
    titled = re.fullmatch(r"(.+?)\s*<([^<>]+)>", name)
    if titled is not None:
        title, target = titled[1], titled[2]
        names_it = target == title or target.endswith("." + title) or "." in title
        return f"`{title}`" if names_it else title
    if match[0].split("`", 1)[1].startswith("~"):
        name = name.rsplit(".", 1)[-1]
    return f"`{name}`"


def fence_doctests(text: str) -> str:
    """Put every run of doctest lines (prompts and their output, up to a blank line)
    in a fenced ``pycon`` block, indented as the run was.

    >>> fence_doctests("Text.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
    ['Text.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    fenced = False  # inside a fence already there (so that running twice changes nothing)
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith("```"):
            fenced = not fenced
        prompt = None if fenced else _PROMPT.match(line)
        if prompt is None:
            out.append(line)
            index += 1
            continue
        indent = prompt[1]
        out.append(f"{indent}```pycon")
        while index < len(lines) and lines[index].strip():
            out.append(lines[index])
            index += 1
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown_docstring(text: str) -> str:
    """The docstring as the API page shows it: doctests fenced, roles as code spans,
    and a reST ``Example::`` introduction as a plain colon."""
    text = _ROLE.sub(_role, text)
    text = re.sub(r"(?m)(\S)::$", r"\1:", text)
    return fence_doctests(text)


def field_description(node: ast.AST) -> str | None:
    """The ``description`` of an assignment ``name: type = Field(..., description="...")``.

    >>> field_description(ast.parse('id: str = Field(description="Unique.")').body[0])
    'Unique.'
    >>> field_description(ast.parse("id: str = 'x'").body[0]) is None
    True
    """
    value = getattr(node, "value", None)
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "Field"
    ):
        return None
    for keyword in value.keywords:
        if keyword.arg == "description" and isinstance(keyword.value, ast.Constant):
            text = keyword.value.value
            return text if isinstance(text, str) else None
    return None


class MarkdownDocstrings(griffe.Extension):
    """Give each model field its description as a docstring, and rewrite every docstring
    with :func:`markdown_docstring` once the tree is loaded."""

    def on_attribute_instance(
        self, *, node: ast.AST | griffe.ObjectNode, attr: griffe.Attribute, **kwargs: Any
    ) -> None:
        if attr.docstring is not None or not isinstance(node, ast.AST):
            return
        description = field_description(node)
        if description is not None:
            text = _TO_FILL_IN.sub(lambda match: f"`{match[0]}`", description)
            attr.docstring = griffe.Docstring(text, parent=attr)
            attr.value = None  # the Field(...) call: the page shows the type instead
            attr.labels.clear()  # not "class-attribute": a field is set per instance

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
