"""A griffe extension for the API page: the library's docstrings, read as Markdown.

The docstrings are written for ``help()`` and doctest: bare ``>>>`` examples and Sphinx
roles such as :func:`check`. Markdown would turn the examples into nested block quotes
(and a printed list into a link), and show the roles as literal text. This extension
fences each run of doctest lines as a ``pycon`` code block and turns a role into a code
span, on the rendered copy only; the source stays as it is.

mkdocs.yml loads it with ``extensions: [docs/_ext/docstrings.py]``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|data|meth|mod|attr|exc|obj):`~?([^`]+)`")
_PROMPT = re.compile(r"^(\s*)>>>( |$)")


def _role(match: re.Match[str]) -> str:
    name = match[1]
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


class MarkdownDocstrings(griffe.Extension):
    """Rewrite every docstring with :func:`markdown_docstring` once the tree is loaded."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
