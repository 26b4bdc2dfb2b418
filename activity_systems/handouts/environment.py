"""The Jinja2 environments of the handouts, and Markdown escaping.

Two environments share one loader: a user's template folder first, then the templates
shipped in this package, so a user overrides a template by giving a file the same name
(``handout.html.j2``, ``_contradictions.md.j2``, ``handout.css.j2``, ...).

- HTML: autoescaping is on for every template, whatever its file name.
- Markdown: every ``{{ ... }}`` is escaped for Markdown unless it is already
  :class:`~markupsafe.Markup` (the ``md`` and ``md_cell`` filters return it), so user
  text cannot add headings, links (but for its web addresses, written as autolinks),
  tables or raw HTML.

Both are sandboxed (:class:`HandoutSandbox`): a template, which may come from anyone,
reads what it is given but cannot reach Python's internals (``lipsum.__globals__``,
``__class__``, attributes starting with ``_``) or Pydantic's methods (``parse_raw``
unpickles, ``parse_file`` reads any file) to run code; one that tries raises
:class:`~jinja2.exceptions.SecurityError`. It may build lists and dicts and change them
(``{% set _ = names.append(s.title) %}``): what it is given is a copy made for its
handout (:func:`~activity_systems.handouts.context.own_copy`), so nothing it changes
reaches the case, another handout or the library.

Both use :class:`HandoutUndefined`, a :class:`~jinja2.StrictUndefined`: a misspelt name
in a template is an error, not an empty string, and its message suggests the closest
name there is.

>>> md("*Remand* <3 weeks> [link](x)")
Markup('\\\\*Remand\\\\* &lt;3 weeks&gt; \\\\[link\\\\](x)')
>>> str(md_cell("a | b\\nc"))
'a \\\\| b<br>c'
>>> str(md_line("- a\\n  # b"))
'\\\\- a \\\\# b'
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import functools
import re
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
    Undefined,
    nodes,
    pass_context,
    pass_environment,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, is_internal_attribute
from jinja2.utils import missing
from markupsafe import Markup
from markupsafe import escape as html_escape
from pydantic import BaseModel

from activity_systems.handouts.context import TEMPLATE_VARIABLES
from activity_systems.markdown_escaping import escape, escape_inline, escape_line, table_cell
from activity_systems.model import NODE_TITLES, characters
from activity_systems.model.durations import DurationRange
from activity_systems.model.types import ReadOnlyDict
from activity_systems.right_to_left import language_direction
from activity_systems.rules.finding import Finding
from activity_systems.rules.wording import listing, span

if TYPE_CHECKING:
    from activity_systems.render.words import FigureWords, Word

Flavour = Literal["html", "markdown"]


def md(value: Any) -> Markup:
    """Text escaped for Markdown (see :func:`~activity_systems.markdown_escaping.escape`):
    specials backslash-escaped (``~`` as ``&#126;``), ``<``, ``>`` and an ``&`` that starts
    a character reference as entities, line-start markers neutralised (a leading ``=`` as
    ``&#61;``), web addresses as autolinks. Newlines are kept.

    >>> print(md("Reports take ~3 weeks"))
    Reports take &#126;3 weeks
    >>> print(md("= 3 weeks"))
    &#61; 3 weeks
    """
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value)))


def md_cell(value: Any) -> Markup:
    """Text for a Markdown table cell: :func:`md`, with line breaks as ``<br>``, the one
    line break in a table cell that GitHub, MkDocs and pandoc all read (pandoc as raw
    HTML, which a filter makes a line break in Word: see docs/handouts.md)."""
    escaped = str(value) if isinstance(value, Markup) else escape(str(value))
    return Markup(table_cell(escaped))


def md_line(value: Any) -> Markup:
    """Text for one line (a heading, a list item, a caption): :func:`md`, with every run
    of whitespace, newlines included, as one space."""
    if isinstance(value, Markup):
        return value
    return Markup(escape_line(str(value)))


def md_code(value: Any) -> Markup:
    """Text as a Markdown code span, for the keys and ids a reader copies into a case
    file: `` `AS101-3705b555c6` ``. Text that a code span cannot hold as it is (a
    backtick would end it, a ``|`` a table's cell, a line break the line or the row) is
    written as :func:`md_line` writes it, so that a report read from elsewhere cannot
    add markup with its keys.

    >>> print(md_code("AS101-3705b555c6"))
    `AS101-3705b555c6`
    >>> print(md_code("AS101` <b>x</b> | y"))
    AS101\\` &lt;b&gt;x&lt;/b&gt; \\| y
    """
    text = str(value)
    if text and characters.isprintable(text) and "`" not in text and "|" not in text:
        return Markup(f"`{text}`")
    return Markup(escape_line(text))


def css_string(value: Any) -> Markup:
    """Text as a quoted CSS string, for ``content:`` in the stylesheet: every character
    but a letter, a digit or a space is written as a hexadecimal escape, so that no text
    ends the string, the rule or the ``<style>`` element.

    >>> print(css_string('Who "sees" them? </style>'))
    "Who \\22 sees\\22  them\\3f  \\3c \\2f style\\3e "
    """
    text = str(value)
    return Markup(
        '"'
        + "".join(c if c == " " or characters.isalnum(c) else f"\\{ord(c):x} " for c in text)
        + '"'
    )


#: A placeholder in one of the handout's words (``_words.j2``): ``{title}``.
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: The words that may say a thing in either of two forms, with the placeholders of
#: each: the earlier desired level of a move, as its ``soi_*`` word ({level}) or as the
#: case file writes it ({value}, what the English says, as the comparison's text does).
_EITHER_PLACEHOLDER = {"move_desired_was": frozenset({"level", "value"})}
#: The inline notation of the words: `code` and *emphasis*, as Markdown writes them.
_INLINE = re.compile(r"`([^`]+)`|\*([^*]+)\*")


def _fill(text: Any, values: Mapping[str, Any], literal: Callable[[str, bool], str]) -> Markup:
    """``text`` (one of ``_words.j2``'s words) with each ``{name}`` replaced by the value
    of ``name``, the text between them written by ``literal`` and each value escaped
    for the format unless it is already :class:`~markupsafe.Markup`.

    Raises:
        TemplateRuntimeError: for a placeholder the handout does not give (``{nmber}``),
            with the closest one it gives.
    """
    if not isinstance(text, str):
        raise TemplateRuntimeError(
            f"a word of _words.j2 is {type(text).__name__} {text!r}, not a text"
        )
    parts: list[str] = []
    at = 0
    for found in _PLACEHOLDER.finditer(text):
        name = found.group(1)
        if name not in values:
            given = sorted(values)
            close = difflib.get_close_matches(name, given, n=1, cutoff=0.6)
            if close:
                meant = f"; did you mean {{{close[0]}}}?"
            elif given:
                meant = "; it has " + ", ".join(f"{{{g}}}" for g in given)
            else:
                meant = "; it has none"
            raise TemplateRuntimeError(
                f"the word {text!r} has the placeholder {{{name}}}, which the handout "
                f"does not fill there{meant}"
            )
        parts.append(literal(text[at : found.start()], at == 0))
        parts.append(str(values[name]))
        at = found.end()
    parts.append(literal(text[at:], at == 0))
    return Markup("".join(parts))


def _html_words(text: str, first: bool = False) -> str:
    """Words for HTML: ``&``, ``<``, ``>`` and ``"`` escaped (an apostrophe is left as
    it is, as the shipped templates write it: every attribute is in double quotes), and
    `code` and *emphasis* as ``<code>`` and ``<em>``."""
    escaped = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    )
    return _INLINE.sub(
        lambda m: f"<code>{m.group(1)}</code>" if m.group(1) else f"<em>{m.group(2)}</em>",
        escaped,
    )


def _markdown_words(text: str, first: bool = False) -> str:
    """Words for Markdown, shown as the HTML handout shows them: `code` as a code span
    and *emphasis* as emphasis, the rest escaped as a value is (a ``|`` cannot end a
    table's cell, a ``<`` start raw HTML, ``[`` a link), as if in the middle of a line
    but for the start of the word (``first``), which may start one (``# ``, ``1. ``).

    >>> print(_markdown_words("O | i <b> *c [d]* `a` `a|b`"))
    O \\| i &lt;b&gt; *c \\[d\\]* `a` a\\|b
    >>> print(_markdown_words("1. rheswm", first=True))
    1\\. rheswm
    """
    pieces: list[str] = []
    at = 0
    for found in _INLINE.finditer(text):
        plain = text[at : found.start()]
        pieces.append(escape(plain) if first and at == 0 else escape_inline(plain))
        if found.group(1):
            pieces.append(str(md_code(found.group(1))))
        else:
            pieces.append(f"*{escape_inline(found.group(2))}*")
        at = found.end()
    plain = text[at:]
    pieces.append(escape(plain) if first and at == 0 else escape_inline(plain))
    return "".join(pieces)


def say_html(text: Any, **values: Any) -> Markup:
    """The ``say`` filter of the HTML handout: one of the words of ``_words.j2``, its
    placeholders filled with the values given (escaped, unless already markup).

    >>> print(say_html("Every element of {system}, by *node*", system="A & B"))
    Every element of A &amp; B, by <em>node</em>
    """
    return _fill(
        text,
        {k: v if isinstance(v, Markup) else html_escape(str(v)) for k, v in values.items()},
        _html_words,
    )


def say_markdown(text: Any, **values: Any) -> Markup:
    """The ``say`` filter of the Markdown handout: one of the words of ``_words.j2``, its
    `code` and *emphasis* as Markdown's and the rest escaped (:func:`_markdown_words`),
    its placeholders filled with the values given, escaped for Markdown as a value is
    (:func:`md`) unless a filter (``md_line``, ``md_cell``) already did.

    >>> print(say_markdown("Source: {source}", source="*Hean* 2009"))
    Source: \\*Hean\\* 2009
    >>> print(say_markdown("O | i: {x}", x="a"))
    O \\| i: a
    """
    return _fill(text, {k: md(v) for k, v in values.items()}, _markdown_words)


def css_words(text: Any) -> Markup:
    """One of the words of ``_words.j2`` as the value of CSS's ``content:``, as the
    stylesheet writes the foot of each printed page: each placeholder a counter,
    ``Page {page} of {pages}`` as ``"Page " counter(page) " of " counter(pages)``; the
    text between in quotes, with a quote, a backslash, ``<``, ``>`` and control characters
    as hexadecimal escapes, so that it cannot end the string, the rule or the
    ``<style>`` element.

    >>> print(css_words("Tudalen {page} o {pages}"))
    "Tudalen " counter(page) " o " counter(pages)
    >>> print(css_words('Discuss: "</style>'))
    "Discuss: \\22 \\3c /style\\3e "
    """
    source = str(text)
    pieces: list[str] = []

    def quoted(part: str) -> str:
        return (
            '"'
            + "".join(
                f"\\{ord(c):x} " if c in '"\\<>' or not characters.isprintable(c) else c
                for c in part
            )
            + '"'
        )

    at = 0
    for found in _PLACEHOLDER.finditer(source):
        if found.start() > at:
            pieces.append(quoted(source[at : found.start()]))
        pieces.append(f"counter({found.group(1)})")
        at = found.end()
    if at < len(source) or not pieces:
        pieces.append(quoted(source[at:]))
    return Markup(" ".join(pieces))


def _markdown_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md(value)


@pass_environment
def _timed_finalize(env: Environment, value: Any) -> Any:
    """Each value an HTML template writes, as it is, once the templates' time and the
    length of what they wrote are checked (see :class:`HandoutSandbox`): a loop that
    writes is stopped at its line."""
    if isinstance(env, HandoutSandbox):
        env._written(value)
    return value


@pass_environment
def _timed_markdown_finalize(env: Environment, value: Any) -> Any:
    """As :func:`_timed_finalize`, escaping the value for Markdown."""
    value = _markdown_finalize(value)
    if isinstance(env, HandoutSandbox):
        env._written(value)
    return value


#: How Jinja2 names a template's local variable in the code it compiles: ``l_1_item``.
_TEMPLATE_LOCAL = re.compile(r"l_\d+_(\w+)")


def _names_in_scope() -> list[str]:
    """The variables a template can see where it failed: those of the render, and the
    local ones of the template's code (loop variables, ``set`` and ``with`` names),
    found in the nearest frame of compiled template code up the stack."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        context = frame.f_locals.get("context")
        if isinstance(context, Context):
            names = set(context.get_all())
            for key, value in frame.f_locals.items():
                local = _TEMPLATE_LOCAL.fullmatch(key)
                if local and value is not missing and not isinstance(value, Undefined):
                    names.add(local[1])
            return sorted(names)
        frame = frame.f_back
    return []


#: What every Pydantic model has besides its fields: loaders (``parse_raw`` unpickles,
#: ``parse_file`` reads a file), builders and schemas, none of which a handout needs.
PYDANTIC_API = frozenset(name for name in dir(BaseModel) if not name.startswith("_"))


def _pydantic_api(obj: Any, attr: str) -> bool:
    """Whether ``attr`` is one of Pydantic's own methods and attributes on a model (or a
    model class), which :class:`HandoutSandbox` keeps from templates.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> _pydantic_api(case, "model_dump"), _pydantic_api(case, "title"), _pydantic_api({}, "copy")
    (True, False, False)
    """
    model = isinstance(obj, BaseModel) or (isinstance(obj, type) and issubclass(obj, BaseModel))
    return model and attr in PYDANTIC_API


def _attributes(owner: Any) -> list[str]:
    """The attributes of ``owner`` that a template may use: not those whose names start
    with ``_``, nor those the sandbox keeps from templates."""
    return [
        attribute
        for attribute in dir(owner)
        if not attribute.startswith("_")
        and not is_internal_attribute(owner, attribute)
        and not _pydantic_api(owner, attribute)
    ]


def _received() -> str:
    """What a template that names a variable there is not is told: the variables every
    handout template receives, and where the Handouts page says what each holds."""
    names = ", ".join(TEMPLATE_VARIABLES[:-1]) + f" and {TEMPLATE_VARIABLES[-1]}"
    return (
        f"A handout template receives {names} "
        "(see “What a template receives” on the Handouts page)."
    )


#: What a template that names one of the handout's variables where it has none is told.
_NOT_PASSED = (
    "a template taken with {% import %} (as the handout takes _sections.j2) or included "
    '"without context" sees none of the variables a handout template receives; import it '
    '"with context" ({% import "_macros.j2" as m with context %}), or give the value to '
    "its macro as an argument"
)


def _not_set(module: TemplateModule, name: str) -> str:
    """What a template imported with ``{% import %}`` is told of a name it does not set:
    a ``_sections.j2`` of one's own that sets the language alone is told which name the
    shipped templates need, and how to take the shipped one's."""
    template = str(module.__name__)
    sets = sorted(str(key) for key in module.__dict__ if not key.startswith("_"))
    close = difflib.get_close_matches(name, sets, n=1, cutoff=0.7)
    message = f"{template!r} sets no {name!r}"
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    message += f" (it sets {', '.join(map(repr, sets))})" if sets else " (it sets nothing)"
    shipped = PackageLoader("activity_systems.handouts", "templates").list_templates()
    if template in shipped:
        message += (
            f'; the shipped one sets it: take it with {{% import "shipped/{template}" as '
            f"shipped %}} and {{% set {name} = shipped.{name} %}}"
        )
    return message


class HandoutUndefined(StrictUndefined):
    """:class:`~jinja2.StrictUndefined` whose message names the object's type plainly
    and suggests the closest name there is: ``Case has no attribute 'titel'; did you mean
    'title'?``, ``'competency' is undefined; did you mean 'competencies'?``. A name the
    sandbox keeps from templates (``model_dump``) is never suggested. A variable there
    is not (``organisation``) is told, after the closest name if any, the variables that
    a handout template receives (:data:`~activity_systems.handouts.context.TEMPLATE_VARIABLES`),
    as a template of one's own may take a name from another tool's templates."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, owner = self._undefined_name, self._undefined_obj
        if self._undefined_hint or not isinstance(name, str):
            return str(super()._undefined_message)
        if owner is missing and name in TEMPLATE_VARIABLES:
            # every render has it: the template is one taken without the render's
            # variables (an import, as the shipped ones take _sections.j2), where the
            # closest name would be itself and "every template receives it" untrue
            return f"{name!r} is undefined here: {_NOT_PASSED}"
        if owner is missing:
            message, names = f"{name!r} is undefined", _names_in_scope()
        elif isinstance(owner, TemplateModule):
            return _not_set(owner, name)
        elif isinstance(owner, Mapping):
            names = [str(key) for key in owner]
            message = f"{type(owner).__name__} has no key or attribute {name!r}"
        else:
            names = _attributes(owner)
            message = f"{type(owner).__name__} has no attribute {name!r}"
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
        if owner is missing:
            meant = f"; did you mean {close[0]!r}?" if close else "."
            return f"{message}{meant} {_received()}"
        return f"{message}; did you mean {close[0]!r}?" if close else message


_UNKNOWN = re.compile(r"No (filter|test) named '(\w+)'\.")


def unknown_filter(env: Environment, error: TemplateSyntaxError) -> TemplateSyntaxError:
    """``error`` with the closest filter (or test) there is, when it is about one that
    does not exist: ``No filter named 'uppper'; did you mean 'upper'?``."""
    found = _UNKNOWN.fullmatch(error.message or "")
    if found is None:
        return error
    kind, name = found.groups()
    names = env.filters if kind == "filter" else env.tests
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.7)
    if not close:
        return error
    return TemplateSyntaxError(
        f"No {kind} named {name!r}; did you mean {close[0]!r}?",
        error.lineno,
        name=error.name,
        filename=error.filename,
    )


def duration(value: DurationRange | None) -> str:
    """The ``span`` filter: a duration or range as the findings write it (``4–8 weeks``,
    with an en dash), or an empty string for none."""
    return "" if value is None else span(value)


class UserTemplates(FileSystemLoader):
    """A user's template folder, read as UTF-8 text.

    A file saved in another encoding is a :class:`~jinja2.TemplateSyntaxError` that names
    it and the line of the first byte that is not UTF-8, rather than a bare
    :class:`UnicodeDecodeError`; a byte-order mark at its start (some Windows editors
    write one) is dropped, as it would otherwise land in the handout, where it spoils
    the first rule of a stylesheet.

    A template that is a symbolic link to a file outside the folder is a
    :class:`~jinja2.TemplateSyntaxError` too, as ``data_uri`` refuses such an image: a
    folder from elsewhere could otherwise copy any file of yours (``~/.ssh/id_rsa``,
    ``/etc/passwd``) into the handout. A link to another file of the folder is read.
    """

    def __init__(self, folder: str | Path) -> None:
        super().__init__(str(folder), encoding="utf-8")
        #: The templates of the folder that a render loaded (see :func:`unused_templates`).
        self.loaded: set[str] = set()
        #: Their files, as their code names them (see :meth:`HandoutSandbox.running`).
        self.files: set[str] = set()

    def load(
        self,
        environment: Environment,
        name: str,
        globals: Any = None,
    ) -> Any:
        template = super().load(environment, name, globals)
        self.loaded.add(name)
        return template

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        self._refuse_link_out(template)
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as error:
            path = Path(self.searchpath[0], *template.split("/"))
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            raise TemplateSyntaxError(
                f"not UTF-8 text (byte 0x{error.object[error.start]:02x}); "
                "save the template as UTF-8",
                line,
                name=template,
                filename=str(path),
            ) from None
        self.files.add(filename)
        return source.removeprefix("\ufeff"), filename, uptodate

    def _refuse_link_out(self, template: str) -> None:
        """Refuse a template of the folder that leads, through a symbolic link (of its
        own or of a folder on its way), to a file outside the folder."""
        folder = self.searchpath[0]
        path = Path(folder, *split_template_path(template))
        if not path.is_file():
            return  # not there: the loader says so, and the next loader is asked
        real = path.resolve()
        if not real.is_relative_to(Path(folder).resolve()):
            raise TemplateSyntaxError(
                f"a link to {real}, outside the template folder: templates are read from "
                "their folder only; copy the file into it",
                1,
                name=template,
                filename=str(path),
            )


#: The endings of the templates of each format's handout that the other never uses.
_OTHER_FORMAT: dict[Flavour, tuple[str, ...]] = {
    "html": (".md.j2", ".markdown.j2"),
    "markdown": (".html.j2", ".htm.j2", ".css.j2"),
}


def _user_templates(env: Environment) -> UserTemplates | None:
    """The user's folder among the loaders of ``env``, if it has one."""
    loaders = env.loader.loaders if isinstance(env.loader, ChoiceLoader) else [env.loader]
    return next((loader for loader in loaders if isinstance(loader, UserTemplates)), None)


def _why_unused(name: str, shipped: list[str]) -> str:
    """Why a file of the user's folder, of those :func:`unused_templates` looks at, was
    not used, and what to do."""
    base = name.rsplit("/", 1)[-1]
    if not name.endswith(".j2"):
        return f"not read, since templates end in .j2: name it {base}.j2"
    if base in shipped:
        return (
            "not used: a template replaces the shipped one of its name only at the top "
            f"of the folder, so move it there as {base}"
        )
    close = difflib.get_close_matches(base, shipped, n=1, cutoff=0.7)
    meant = f" (did you mean {close[0]!r}?)" if close else ""
    return f"not used: no shipped template has its name{meant} and none of yours includes it"


def unused_templates(env: Environment, flavour: Flavour) -> list[str]:
    """What the user's folder of ``env`` holds that a render did not use, though it
    looks meant to, each as ``<path>: <why, and what to do>``: a template of this format
    (not one that only the other format's handout would use) named as no shipped one is
    and included by none of the folder's templates, or in a subfolder, or a file named
    as a shipped template without its ``.j2``. A name that one of the folder's templates
    writes (``{% include "_reading.j2" %}``, behind an ``if``) counts as used, and so do
    hidden files and other files, such as images."""
    user = _user_templates(env)
    if user is None:
        return []
    folder = Path(user.searchpath[0])
    shipped = [
        name
        for name in PackageLoader("activity_systems.handouts", "templates").list_templates()
        if not name.endswith(_OTHER_FORMAT[flavour])
    ]
    files = sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    sources = {
        name: (folder / name).read_text(encoding="utf-8", errors="replace")
        for name in files
        if name.endswith(".j2")
    }
    made = [pattern for source in sources.values() for pattern in _made_names(env, source)]
    unused = []
    for name in files:
        if name.endswith(".j2"):
            if name.endswith(_OTHER_FORMAT[flavour]):
                continue
        elif f"{name.rsplit('/', 1)[-1]}.j2" not in shipped:
            continue
        if name in user.loaded or any(pattern.search(name) for pattern in made):
            continue
        quoted = (f'"{name}"', f"'{name}'")
        if any(q in source for other, source in sources.items() if other != name for q in quoted):
            continue
        unused.append(f"{Path(user.searchpath[0], name)}: {_why_unused(name, shipped)}")
    return unused


def _made_names(env: Environment, source: str) -> Iterator[re.Pattern[str]]:
    """For each template that ``source`` includes, imports or extends by a name it makes
    (``"_cover-" ~ theme ~ ".html.j2"``), a pattern of the names it may make: its text
    in quotes in that order, anything between; any name, for a name held by a variable.

    >>> env = environment("html")
    >>> (made,) = _made_names(env, '{% include "_cover-" ~ theme ~ ".j2" %}')
    >>> [bool(made.search(name)) for name in ("_cover-print.j2", "_title.j2")]
    [True, False]
    >>> list(_made_names(env, '{% include "_cover.j2" %}'))
    []
    """
    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        return
    kinds = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
    for node in tree.find_all(kinds):
        assert isinstance(node, kinds)
        named = node.template
        if isinstance(named, nodes.Const) or (
            isinstance(named, nodes.List | nodes.Tuple)
            and all(isinstance(item, nodes.Const) for item in named.items)
        ):
            continue  # named in quotes, which unused_templates looks for
        parts = [
            const.value for const in named.find_all(nodes.Const) if isinstance(const.value, str)
        ]
        yield re.compile(".*".join(map(re.escape, parts)), re.DOTALL)


def _parent(tree: nodes.Template) -> str | None:
    """The template a template extends, when it names one as a constant."""
    for extends in tree.find_all(nodes.Extends):
        if isinstance(extends.template, nodes.Const) and isinstance(extends.template.value, str):
            return extends.template.value
    return None


def _outer_blocks(node: nodes.Node) -> Iterator[nodes.Block]:
    """The blocks of a template that are not inside another block."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            yield child
        else:
            yield from _outer_blocks(child)


def _blocks(env: Environment, name: str, seen: frozenset[str]) -> set[str]:
    """The blocks a template defines, and those of the templates it extends."""
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    found = {block.name for block in tree.find_all(nodes.Block)}
    parent = _parent(tree)
    if parent is not None and parent not in seen:
        found |= _blocks(env, parent, seen | {name})
    return found


def check_blocks(env: Environment, template_dir: str | Path) -> None:
    """Refuse a template of the user's folder that extends another and fills a block the
    other does not have: Jinja2 would leave out what the block holds without a word.

    Raises:
        TemplateSyntaxError: naming the template, the block's line and the blocks that
            the template it extends has. A template that does not parse is left for the
            render to report, if and when it is used.
    """
    assert env.loader is not None
    folder = Path(template_dir)
    for path in sorted(folder.rglob("*.j2")):
        name = path.relative_to(folder).as_posix()
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
            parent = _parent(tree)
            known = _blocks(env, parent, frozenset({name})) if parent is not None else set()
        except TemplateError:
            continue
        for block in _outer_blocks(tree) if parent is not None else ():
            if block.name not in known:
                names = ", ".join(repr(known_name) for known_name in sorted(known))
                plural = "s" if len(known) > 1 else ""
                has = f"has the block{plural} {names}" if known else "has no blocks"
                raise TemplateSyntaxError(
                    f"block {block.name!r} is not in {parent!r}, which {has}, so nothing "
                    "in it would be shown",
                    block.lineno,
                    name=name,
                    filename=filename,
                )


def check_sections(env: Environment, flavour: Flavour) -> None:
    """Refuse an ``order`` of the user's ``_sections.j2`` that the handout cannot follow:
    one that is not a list (a string would include a section for each of its letters,
    ``_s.html.j2``), or that names a section with no template of this format (a typo,
    ``"action"``), told at the line that sets ``order`` with the name meant, rather than
    as a missing template at a line of the shipped ``handout.html.j2``. A
    ``_sections.j2`` that does not load, or sets no ``order``, is left for the render to
    report.

    Raises:
        TemplateSyntaxError: naming ``_sections.j2``, the line of ``order`` and what is
            wrong with it.
    """
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, "_sections.j2")
        order = getattr(env.get_template("_sections.j2").module, "order", None)
    except TemplateError:
        return
    if order is None or isinstance(order, Undefined):
        return
    lineno = next(
        (
            node.lineno
            for node in env.parse(source).find_all(nodes.Assign)
            if isinstance(node.target, nodes.Name) and node.target.name == "order"
        ),
        1,
    )

    def refuse(message: str) -> NoReturn:
        raise TemplateSyntaxError(message, lineno, name="_sections.j2", filename=filename)

    if isinstance(order, str):
        refuse(
            f"order is the string {order!r}, not a list of the sections' names: "
            'write it in brackets, ["systems", "interaction", ...]'
        )
    if not isinstance(order, (list, tuple)):
        refuse(f"order is {type(order).__name__}, not a list of the sections' names")
    suffix = ".html.j2" if flavour == "html" else ".md.j2"
    known = [
        name[1 : -len(suffix)]
        for name in env.loader.list_templates()
        if name.startswith("_") and name.endswith(suffix) and "/" not in name
    ]
    for name in order:
        if not isinstance(name, str) or name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        there = ", ".join(map(repr, sorted(known)))
        meant = f"did you mean {close[0]!r}?" if close else f"the sections are {there}"
        refuse(f"order lists {name!r}, a section with no template _{name}{suffix}; {meant}")


#: The macros of ``_words.j2``: what a number changes in a phrase.
WORD_MACROS = ("summary", "see", "progress_summary", "action_summary")


def words_of(env: Environment) -> dict[str, Word]:
    """The words of ``env``'s ``_words.j2``, by key, which :func:`check_words` has
    checked (the shipped one's for the shipped templates); a word given a text for each
    form of a number is a :class:`~activity_systems.render.words.CountedWord`."""
    return counted_words(env, env.get_template("_words.j2").module)


def counted_words(env: Environment, module: Any) -> dict[str, Word]:
    """The words of a ``_words.j2``'s ``module``, a word given as forms (a mapping) made
    a :class:`~activity_systems.render.words.CountedWord` with the module's ``plural``."""
    from activity_systems.render.words import CountedWord

    return {
        key: CountedWord(dict(word), plural_of(env, module)) if isinstance(word, Mapping) else word
        for key, word in module.words.items()
    }


def plural_of(env: Environment, module: Any) -> Callable[[int], str]:
    """The ``plural`` macro of a ``_words.j2``'s ``module``, as plain text. What it
    raises for a number (``1 // 0``, a key it lacks) is raised as the render raises it,
    its traceback at the template's lines, so that the error names its line."""
    macro = module.plural

    def plural(count: int) -> str:
        try:
            return str(macro(count))
        except Exception:
            env.handle_exception()

    return plural


def _counted_word(context: Context, text: Any, values: Mapping[str, Any]) -> Any:
    """``text``, or the form of ``values["count"]`` where ``text`` has forms (the ``say``
    filter's word), with the ``plural`` of the ``_words.j2`` the handout reads."""
    if not isinstance(text, Mapping) or "count" not in values:
        return text
    from activity_systems.render.words import CountedWord

    module = context.environment.get_template("_words.j2").module
    return CountedWord(dict(text), plural_of(context.environment, module)).text(values["count"])


@pass_context
def say_html_counted(context: Context, text: Any, **values: Any) -> Markup:
    """:func:`say_html`, a word that counts in the form of its ``count``."""
    return say_html(_counted_word(context, text, values), **values)


@pass_context
def say_markdown_counted(context: Context, text: Any, **values: Any) -> Markup:
    """:func:`say_markdown`, a word that counts in the form of its ``count``."""
    return say_markdown(_counted_word(context, text, values), **values)


def shipped_words() -> dict[str, Word]:
    """The words of the shipped ``_words.j2``, by key: the handout's English."""
    return words_of(environment("html"))


def check_words(env: Environment) -> None:
    """Refuse a ``_words.j2`` of the user's that the handout cannot speak with, before
    anything is drawn: one that sets no ``words`` mapping or not the macros
    (:data:`WORD_MACROS`), a key that is not one of the shipped file's (a typo,
    ``"contradicions"``, told with the key meant), a key left out (told with how to take
    the shipped English for it), a word that is not a text, and a word whose placeholders
    are not those the handout fills there (``{nifer}`` for ``{count}``). Each is told at
    the line of the key in ``_words.j2`` (of ``words`` when the key is not written
    there). A ``_words.j2`` that does not load is left for the render to report.

    Raises:
        TemplateSyntaxError: naming ``_words.j2``, the line and what is wrong.
    """
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, "_words.j2")
        module = env.get_template("_words.j2").module
    except TemplateError:
        return

    def words_assign() -> nodes.Assign | None:
        # Parsed only for a file that is refused: parsing costs more than the checks.
        tree = env.parse(source)
        return next(
            (
                node
                for node in tree.find_all(nodes.Assign)
                if isinstance(node.target, nodes.Name) and node.target.name == "words"
            ),
            None,
        )

    def line_of(key: str | None = None) -> int:
        # the line of the key, else of ``words``, else the first
        assign = words_assign()
        if assign is None:
            return 1
        for node in assign.find_all((nodes.Pair, nodes.Keyword)) if key is not None else ():
            if isinstance(node, nodes.Keyword) and node.key == key:
                return node.lineno
            if (
                isinstance(node, nodes.Pair)
                and isinstance(node.key, nodes.Const)
                and node.key.value == key
            ):
                return node.lineno
        return assign.lineno

    def refuse(message: str, lineno: int) -> NoReturn:
        raise TemplateSyntaxError(message, lineno, name="_words.j2", filename=filename)

    take = 'take them from the shipped one: {% import "shipped/_words.j2" as shipped %}'
    words = getattr(module, "words", None)
    if words is None or isinstance(words, Undefined):
        refuse(f"'_words.j2' sets no 'words'; {take} and {{% set words = shipped.words %}}", 1)
    if not isinstance(words, Mapping):
        refuse(f"words is {type(words).__name__}, not a mapping of keys to words", line_of())
    shipped = shipped_words()
    missing = [key for key in shipped if key not in words]

    def leaves_out() -> str:
        names = ", ".join(map(repr, missing))
        plural = "s" if len(missing) > 1 else ""
        return (
            f"words leaves out the key{plural} {names}; give each, or {take} and, after "
            "your words, {% set words = dict(shipped.words, **words) %}, which keeps the "
            "English of those you do not give"
        )

    lacking = [name for name in WORD_MACROS if not callable(getattr(module, name, None))]
    if lacking:
        # all at once: a file written for an earlier version may lack several macros,
        # and keys too; those are told in the same message, at the line of ``words``
        # (after which the line that keeps their English goes), so that one run tells
        # all such a file needs. A misspelt key is still told on its own, after.
        names = listing([repr(name) for name in lacking])
        sets = " ".join(f"{{% set {name} = shipped.{name} %}}" for name in lacking)
        message = (
            f"'_words.j2' sets no macro{'s' if len(lacking) > 1 else ''} {names}; {take} and {sets}"
        )
        if missing:
            refuse(f"{message}; and {leaves_out()}", line_of())
        refuse(message, 1)
    # the figure words a handout never shows (a system drawn on its own): given or not
    optional = _optional_figure_words()
    for key in words:
        if key in shipped or key in optional:
            continue
        close = difflib.get_close_matches(str(key), missing or list(shipped), n=1, cutoff=0.6)
        meant = f"did you mean {close[0]!r}?" if close else "the handout has no such word"
        refuse(
            f"words has the key {key!r}, which is not one of the handout's words; {meant}",
            line_of(str(key)),
        )
    if missing:
        refuse(leaves_out(), line_of())
    for key, english in shipped.items():
        word = words[key]
        assert isinstance(english, str)
        if isinstance(word, Mapping) and "count" in _PLACEHOLDER.findall(english):
            # a word that counts, a text for each form of the number (see CountedWord)
            _check_forms(env, module, key, word, english, f"{key}_one" in shipped, refuse, line_of)
            continue
        _check_text(key, word, english, refuse, line_of)
    for key, english in optional.items():
        if key in words:
            _check_text(key, words[key], english, refuse, line_of)


def _check_text(
    key: str,
    word: object,
    english: str,
    refuse: Callable[[str, int], NoReturn],
    line_of: Callable[[str], int],
) -> None:
    """Refuse a word of ``_words.j2`` that is no text, or whose placeholders are not
    those of its ``english``."""
    if not isinstance(word, str):
        refuse(f"the word {key!r} is {type(word).__name__} {word!r}, not a text", line_of(key))
    _check_placeholders(key, word, english, refuse, line_of)


def _optional_figure_words() -> dict[str, str]:
    """The keys of the figure words a handout never shows, which a ``_words.j2`` may
    give or leave out, with their English."""
    from activity_systems.render.words import ENGLISH, NOT_IN_HANDOUTS

    return {figure_key(name): str(getattr(ENGLISH, name)) for name in sorted(NOT_IN_HANDOUTS)}


def _check_forms(
    env: Environment,
    module: Any,
    key: str,
    word: Mapping[Any, Any],
    english: str,
    has_one: bool,
    refuse: Callable[[str, int], NoReturn],
    line_of: Callable[[str], int],
) -> None:
    """Refuse a word that counts, given as forms, that the handout cannot say: without a
    macro ``plural`` to name a number's form, with a form that is not a text or has
    other placeholders than ``english``, without a form that ``plural`` names for a
    number it is said with, or with one ``plural`` never names."""
    from activity_systems.render.words import CountedWord, counted_numbers

    if not callable(getattr(module, "plural", None)):
        refuse(
            f"the word {key!r} has forms, and '_words.j2' sets no macro 'plural' to name the "
            "form of a number: {% macro plural(count) %}{{ 'one' if count == 1 else "
            "'other' }}{% endmacro %}, with a branch for each form of your language",
            line_of(key),
        )
    for form, text in word.items():
        if not isinstance(text, str):
            refuse(
                f"the word {key!r} (its form {form!r}) is {type(text).__name__} {text!r}, "
                "not a text",
                line_of(key),
            )
        _check_placeholders(key, text, english, refuse, line_of, f" (its form {form!r})")
    problem = CountedWord(dict(word), plural_of(env, module)).problem(counted_numbers(has_one))
    if problem:
        refuse(f"the word {key!r} {problem}", line_of(key))


def _check_placeholders(
    key: str,
    word: str,
    english: str,
    refuse: Callable[[str, int], NoReturn],
    line_of: Callable[[str], int],
    form: str = "",
) -> None:
    """Refuse ``word``, the text of ``key``, whose placeholders are not those of the
    shipped ``english``."""
    wanted = set(_PLACEHOLDER.findall(english))
    found = set(_PLACEHOLDER.findall(word))
    either = _EITHER_PLACEHOLDER.get(key, frozenset())
    if either and found & either:
        # one of these, whichever the language prefers, is as good as the other
        wanted = (wanted - either) | (found & either)
    if found != wanted:
        fills = ", ".join(f"{{{name}}}" for name in sorted(wanted - either)) or "no placeholder"
        if either:
            fills += f" and one of {' and '.join(f'{{{name}}}' for name in sorted(either))}"
        odd = sorted(found - wanted)
        lacks = sorted(wanted - found)
        what = f"has the placeholder {{{odd[0]}}}" if odd else f"leaves out {{{lacks[0]}}}"
        if not odd and either and not found & either:
            what = f"leaves out {' or '.join(f'{{{name}}}' for name in sorted(either))}"
        refuse(f"the word {key!r}{form} {what}; the handout fills {fills} there", line_of(key))


def figure_key(field: str) -> str:
    """The key of ``_words.j2`` that gives the figures' word ``field`` (of
    :class:`~activity_systems.render.FigureWords`): a node's name is the one the tables
    of section 1 give it (``node_subject``), the rest ``figure_`` and the word's name
    (``figure_activity_system``; ``and_`` is ``figure_and``)."""
    if field in NODE_TITLES:
        return f"node_{field}"
    return f"figure_{field.rstrip('_')}"


def figure_words(env: Environment) -> FigureWords:
    """The figures' fixed words that ``_words.j2`` gives (see :func:`figure_key`), which
    :func:`check_words` has checked: every key there, a text with the placeholders of
    the shipped one's, which are :class:`~activity_systems.render.FigureWords`' own.
    They are drawn as written, plain text: a figure has no `code` or *emphasis*."""
    from activity_systems.render.words import NOT_IN_HANDOUTS, FigureWords

    template = env.get_template("_words.j2")
    try:
        module = template.module
    except Exception:
        # one that fails as it loads (check_words leaves it): raised as the render raises
        # it, its traceback at the template's lines, so that the error names its line
        env.handle_exception()
    words = counted_words(env, module)
    said = (
        f.name
        for f in fields(FigureWords)
        if f.name not in NOT_IN_HANDOUTS or figure_key(f.name) in words
    )
    return FigureWords(**{name: words[figure_key(name)] for name in said})  # type: ignore[arg-type]


#: The images :func:`data_uri` embeds, by extension.
IMAGE_TYPES = {
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


def data_uri(template_dir: str | Path | None) -> Callable[[Context | None, str], Markup]:
    """The ``data_uri`` filter: an image of the template folder as a ``data:`` URI, so
    that a logo goes inside the self-contained HTML handout:
    ``<img src="{{ 'logo.png'|data_uri }}" alt="...">``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "dot.svg").write_text("<svg/>")
    ...     print(data_uri(folder)(None, "dot.svg"))
    data:image/svg+xml;base64,PHN2Zy8+

    The filter takes the render's context, which it does not use, so that Jinja2 calls
    it when the handout is drawn: it would otherwise read an image named in quotes when
    it compiles the template, and a compiled template is kept for the next handout (see
    :class:`CompiledTemplates`), which would show the image as it was then, even one
    since changed or deleted, or another folder's at the same path.
    """

    @pass_context
    def embed(context: Context | None, name: str) -> Markup:
        if template_dir is None:
            raise TemplateRuntimeError(
                f"data_uri reads {name!r} from the template folder, and none was given"
            )
        folder = Path(template_dir).resolve()
        path = (folder / str(name)).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            raise TemplateRuntimeError(f"no file {name!r} in the template folder {template_dir}")
        kind = IMAGE_TYPES.get(path.suffix.lower())
        if kind is None:
            raise TemplateRuntimeError(
                f"data_uri embeds images ({', '.join(sorted(IMAGE_TYPES))}), not {name!r}"
            )
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return Markup(f"data:{kind};base64,{encoded}")

    return embed


def template_loader(template_dir: str | Path | None = None) -> BaseLoader:
    """The user's folder (when given) in front of the shipped templates; the shipped
    ones are also named ``shipped/<name>``, so that a template of the user's can extend
    or include the one it replaces (a stylesheet that adds a few rules to ours)."""
    shipped = PackageLoader("activity_systems.handouts", "templates")
    loaders: list[BaseLoader] = [PrefixLoader({"shipped": shipped})]
    if template_dir is not None:
        loaders.append(UserTemplates(template_dir))
    return ChoiceLoader([*loaders, shipped])


def _appended(reference: str) -> re.Pattern[str]:
    """`` (reference)`` where a message appends it as a reference: an element's
    (``court.targets``, with a dot, which no name or label is likely to hold) anywhere
    but at the end of a quoted label, and an exchange's or a system's only after a
    quoted label (``“Psychiatric report” (court-report)``), as the built-in rules write
    it, so that a name holding its own id (``Liaison team (local)``) keeps it."""
    brackets = rf" \({re.escape(reference)}\)"
    if "." in reference:
        return re.compile(rf"{brackets}(?!”)")
    return re.compile(rf"(?<=”){brackets}")


def heading(finding: Finding) -> str:
    """A finding's message without the references in brackets that name its elements,
    ``(court.targets)``: what a participant reads, who knows the elements by their
    labels. The report keeps them, for whoever edits the case file. Only a reference
    appended as one goes (see :func:`_appended`): a system named ``Liaison team
    (local)``, whose id is ``local``, keeps its name whole.

    >>> from activity_systems import check
    >>> first = check("examples/court-reports.yaml").findings[0]
    >>> from textwrap import fill
    >>> print(fill(first.message, 80))
    “Psychiatric report for the court” (court-report) is needed by Magistrates'
    court within 3 weeks (court.targets), but it takes 4–8 weeks (mhs.report).
    >>> print(fill(heading(first), 80))
    “Psychiatric report for the court” is needed by Magistrates' court within 3
    weeks, but it takes 4–8 weeks.
    """
    text = finding.message
    for reference in finding.elements:
        text = _appended(reference).sub("", text)
    return text


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja2's code, with each ``~`` (which the sandbox does not see: it is no
    operator of Python's) joined by :meth:`HandoutSandbox.joined`, within its limit."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for value in node.nodes:
            self.visit(value, frame)
            self.write(", ")
        self.write("))")


class HandoutSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, which keeps Python's internals from templates, also keeping
    Pydantic's own methods and attributes from them: the models' fields and the
    library's methods are what a template reads. A template may change lists and dicts,
    the ones it builds as the ones it is given, which the handout copies for it first.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> HandoutSandbox().from_string("{{ case.system('court').name }}").render(case=case)
    "Magistrates' court"
    >>> HandoutSandbox().from_string(
    ...     "{% set ids = [] %}{% for s in case.systems %}{% set _ = ids.append(s.id) %}"
    ...     "{% endfor %}{{ ids|join(', ') }}"
    ... ).render(case=case)
    'court, mhs'
    >>> HandoutSandbox().from_string("{{ case.parse_raw('') }}").render(case=case)
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: access to attribute 'parse_raw' of 'Case' object is unsafe.
    """

    code_generator_class = _LimitedCodeGenerator

    #: Jinja2's sandbox checks these operators with :meth:`call_binop`.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    #: When the templates' time is up (``time.monotonic()``), or ``None`` for no limit;
    #: set for one handout by :func:`limited`.
    deadline: float | None = None

    def _in_time(self) -> None:
        if self.deadline is None:
            return
        if self._counted(time.monotonic()) > self.deadline:
            raise TemplateLimitError(
                f"the templates took longer than the time limit ({self.timeout:g} s) "
                "to write the handout"
            )
        self._timed = self._in_folder()

    timeout: float = 0.0
    #: The templates' time left (seconds), counted only while they run
    #: (:meth:`running`), or ``None`` for no limit.
    remaining: float | None = None
    #: The files of the timed templates, those of a template folder; ``None``: all.
    timed_files: set[str] | None = None
    #: When the templates' time was last looked at, and whether a timed template was
    #: running then.
    _last: float = 0.0
    _timed: bool = False

    def time_limit(self, timeout: float) -> None:
        """Give the templates ``timeout`` seconds, counted only while they run, and only
        while a template folder's own templates do when the handout has a folder: the
        shipped ones that write the rest are not timed."""
        self.timeout = timeout
        self.remaining = timeout
        folder = _user_templates(self)
        self.timed_files = None if folder is None else folder.files

    def _counted(self, now: float) -> float:
        """The time ``now`` as the templates' clock reads it: the deadline is put off by
        the time since the last look when an untimed template (a shipped one) ran then."""
        if not self._timed and self.deadline is not None:
            self.deadline += now - self._last
        self._last = now
        return now

    def _in_folder(self) -> bool:
        """Whether the template code running now (the innermost, a macro's own
        template's) is timed."""
        if self.timed_files is None:
            return True
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            names = frame.f_globals
            if names.get("environment") is self and "__file__" in names:
                return names["__file__"] in self.timed_files
            frame = frame.f_back
        return False

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """The templates' clock, running while they do: the library's own work between
        (drawing the figures, comparing with an earlier version) is not theirs, nor is,
        beside a template folder, the shipped templates' work."""
        if self.remaining is None:
            yield
            return
        self._last = time.monotonic()
        self._timed = self.timed_files is None
        self.deadline = self._last + self.remaining
        try:
            yield
        finally:
            self.remaining = max(self.deadline - self._counted(time.monotonic()), 0.0)
            self.deadline = None

    #: The characters of the handout written so far, counted as it is written.
    written: int = 0
    #: The most the handout may hold: :data:`MAX_TEXT` besides its inline figures, which
    #: the library draws (a map of many systems has hundreds), set by the handout.
    limit: int | None = None

    def _written(self, value: Any) -> None:
        self._in_time()
        limit = MAX_TEXT if self.limit is None else self.limit
        if isinstance(value, str) and self.written + len(value) > limit:
            raise TemplateLimitError(f"the handout would be more than {MAX_TEXT:,} characters long")

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._in_time()
        return _within_limit(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._in_time()
        return _within_limit(super().getitem(obj, argument))

    def call(
        __self,  # Jinja2's own signature, so that 'self' may be a keyword argument
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        __self._in_time()
        _check_arguments(getattr(__obj, "__name__", ""), args, kwargs)
        _check_method_growth(__obj, args, kwargs)
        _check_format(_formats(__obj))
        return _within_limit(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._in_time()
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if (
                    isinstance(text, str | list | tuple)
                    and isinstance(times, int)
                    and len(text) * times > MAX_TEXT
                ):
                    raise TemplateLimitError(
                        f"{len(text):,} × {times:,} would make more than {MAX_TEXT:,} "
                        "characters or items, more than a handout holds"
                    )
        elif operator == "+":
            if (
                isinstance(left, str | list | tuple)
                and isinstance(right, str | list | tuple)
                and len(left) + len(right) > MAX_TEXT
            ):
                raise TemplateLimitError(
                    f"{len(left):,} + {len(right):,} would make more than {MAX_TEXT:,} "
                    "characters or items, more than a handout holds"
                )
        elif operator == "%":
            _check_format(left)
        elif (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right > MAX_POWER
        ):
            raise TemplateLimitError(
                f"a power of {right:,} is more than a template may raise a number to "
                f"({MAX_POWER:,})"
            )
        return super().call_binop(context, operator, left, right)

    def joined(self, join: Callable[[Any], str], values: tuple[Any, ...]) -> str:
        """The texts ``values`` joined by ``~`` (with ``join``, Jinja2's own), refused
        before they are joined when the text would be longer than :data:`MAX_TEXT`."""
        self._in_time()
        length = sum(len(value) for value in values if isinstance(value, str))
        if length > MAX_TEXT:
            raise TemplateLimitError(
                f"texts of {length:,} characters joined would be more than a handout "
                f"holds ({MAX_TEXT:,})"
            )
        return _within_limit(join(values))  # type: ignore[no-any-return]

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _pydantic_api(obj, attr) or _changes_read_only(obj, attr):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        if not _changes_read_only(obj, attribute):
            return super().unsafe_undefined(obj, attribute)
        return self.undefined(
            f"{attribute!r} would change a mapping of the case, which is read-only, as the "
            "case is; make a dict of your own to change: "
            "{% set aliases = dict(case.value_aliases) %}",
            name=attribute,
            obj=obj,
            exc=ReadOnlyError,
        )


#: The most characters a handout's text, or any text or list a template makes, may hold:
#: a handout of the largest case is a few megabytes, and a template that asks for more
#: (``{{ "x" * 300000000 }}``, ``{{ "x"|center(10**9) }}``) is refused before the memory
#: is taken, rather than taking gigabytes.
MAX_TEXT = 50_000_000
#: The largest power a template may raise a whole number to (``2 ** 100000`` has 30,103
#: digits; ``10 ** 10 ** 9`` would take minutes and a gigabyte).
MAX_POWER = 100_000
#: A width or count of digits in a format string (``"%0999999999d"|format(1)``,
#: ``"{:>999999999}".format(x)``) that would make more than ``MAX_TEXT`` characters.
_FORMAT_WIDTH = re.compile(r"\d{8,}")


class TemplateLimitError(SecurityError):
    """A template asked for more time or memory than a handout may take: a text of more
    than :data:`MAX_TEXT` characters, a power past :data:`MAX_POWER`, or, with a time
    limit (``timeout=``, ``--timeout``), longer than it. Told at the template's line."""


def _within_limit(value: Any) -> Any:
    """``value``, refused when it is a text or list longer than :data:`MAX_TEXT`."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEXT:
        raise TemplateLimitError(
            f"a text or list of {len(value):,} characters or items is more than a handout "
            f"holds ({MAX_TEXT:,})"
        )
    return value


#: The filters and methods of text whose numbers are widths of the text they make.
_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap"})


def _check_arguments(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter or method of text named ``name`` whose width asks for more than
    :data:`MAX_TEXT` characters (``center(10**9)``), before it takes the memory."""
    if name not in _WIDTHS:
        return
    for argument in (*args, *kwargs.values()):
        if isinstance(argument, int) and argument > MAX_TEXT:
            raise TemplateLimitError(
                f"{argument:,} is more than a template may ask a text to hold "
                f"({MAX_TEXT:,} characters)"
            )


def _check_growth(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter or method of text named ``name`` that would make a text longer
    than :data:`MAX_TEXT` from texts within it (``replace`` of each of many characters,
    ``indent`` of many lines, ``join`` of long texts), before it takes the memory.
    ``args`` start with the text (or, for ``join``, the items) the filter is given."""
    if args and isinstance(args[0], EvalContext):
        args = args[1:]
    length: int | None = None
    if name == "replace" and len(args) >= 3 and all(isinstance(x, str) for x in args[:3]):
        text, old, new = args[:3]
        times = text.count(old) if old else len(text) + 1
        length = len(text) + times * (len(new) - len(old))
    elif name == "indent" and args and isinstance(args[0], str):
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        width = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        length = len(args[0]) + (args[0].count("\n") + 1) * width
    elif name == "join" and args and isinstance(args[0], list | tuple):
        items = args[0]
        separator = args[1] if len(args) > 1 else kwargs.get("d", "")
        between = len(separator) if isinstance(separator, str) else 0
        length = sum(len(item) for item in items if isinstance(item, str))
        length += between * max(len(items) - 1, 0)
    if length is not None and length > MAX_TEXT:
        raise TemplateLimitError(
            f"{name} would make a text of {length:,} characters, more than a handout holds "
            f"({MAX_TEXT:,})"
        )


def _check_method_growth(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """As :func:`_check_growth`, for a text's own ``replace`` or ``join``
    (``"-".join(items)``)."""
    name = getattr(method, "__name__", "")
    text = getattr(getattr(method, "__wrapped__", method), "__self__", None)
    if not isinstance(text, str) or name not in ("replace", "join"):
        return
    if name == "join":
        _check_growth(name, (*args[:1], text), {})
    else:
        _check_growth(name, (text, *args), kwargs)


def _check_format(text: Any) -> None:
    """Refuse a format string with a width past :data:`MAX_TEXT` characters."""
    if isinstance(text, str):
        for digits in _FORMAT_WIDTH.findall(text):
            if int(digits) > MAX_TEXT:
                raise TemplateLimitError(
                    f"a width of {int(digits):,} is more than a template may ask a text "
                    f"to hold ({MAX_TEXT:,} characters)"
                )


def _formats(function: Any) -> str | None:
    """The format string ``function`` fills in: a text's ``format`` or ``format_map``
    (which Jinja2's sandbox wraps, keeping the method as ``__wrapped__``)."""
    text = getattr(getattr(function, "__wrapped__", function), "__self__", None)
    if isinstance(text, str) and getattr(function, "__name__", "") in ("format", "format_map"):
        return text
    return None


def limited(function: Callable[..., Any], env: HandoutSandbox, name: str) -> Callable[..., Any]:
    """``function`` (a filter) within the handout's limits: its time, its arguments and
    what it returns, as a template's own calls are checked (Jinja2 calls filters
    directly, not through the sandbox)."""

    @functools.wraps(function)
    def within(*args: Any, **kwargs: Any) -> Any:
        env._in_time()
        _check_arguments(name, args, kwargs)
        _check_growth(name, args, kwargs)
        if name == "format" and args:
            _check_format(args[0])
        return _within_limit(function(*args, **kwargs))

    return within


class ReadOnlyError(SecurityError):
    """A template tried to change a mapping of the case (``case.value_aliases.update``),
    which is read-only, as the case is: told as that, not as reaching Python's internals."""


#: The methods that would change a dict in place, which a frozen model's refuses.
_DICT_CHANGES = frozenset({"clear", "pop", "popitem", "setdefault", "update"})


def _changes_read_only(obj: Any, attr: str) -> bool:
    """``attr`` would change ``obj``, a mapping held by a frozen model (the case's
    ``value_aliases``)."""
    return isinstance(obj, ReadOnlyDict) and attr in _DICT_CHANGES


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, kept in memory: each handout has an
    environment of its own, and compiling the shipped templates anew took most of the
    time of drawing a small handout.

    Jinja2 finds a template here by its name and file, and uses it only when its source
    is the one compiled (a changed template, or a user's of the same name, is compiled
    again). What a template compiles to also depends on the settings of the environment
    that compiles it (escaping, ``finalize``, the sandbox, delimiters, extensions, which
    filters and tests there are and what they are passed), so a template is kept for the
    settings it was compiled with (:func:`_compiled_with`) and used only by an
    environment with the same: HTML's and Markdown's handouts each have their own. What a
    filter returns for constants is compiled into the template (Jinja2's optimizer), so
    a filter that reads anything besides its arguments must take the render's context,
    as ``data_uri`` does.

    At most ``limit`` templates are kept, those used last: a service that draws each
    request's handout with templates of a folder of its own would otherwise keep every
    folder's templates for as long as it runs. The shipped templates, a few dozen, fit
    many times over. Handouts drawn at once in threads share the cache, under a lock.
    """

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._compiled: OrderedDict[tuple[Hashable, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._compiled)

    def load_bytecode(self, bucket: Bucket) -> None:
        key = (_compiled_with(bucket.environment), bucket.key)
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is not None:
                self._compiled.move_to_end(key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = (_compiled_with(bucket.environment), bucket.key)
        compiled = bucket.bytecode_to_string()
        with self._lock:
            self._compiled[key] = compiled
            self._compiled.move_to_end(key)
            while len(self._compiled) > self.limit:
                self._compiled.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._compiled.clear()


def _compiled_with(env: Environment) -> Hashable:
    """The settings of ``env`` that Jinja2's compiler reads: a template compiled with
    others would escape, finalize or check differently (or not be sandboxed)."""
    return (
        type(env),
        env.sandboxed,
        env.autoescape,
        env.finalize,
        env.optimized,
        env.is_async,
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        tuple(sorted((name, _passes(f)) for name, f in env.filters.items())),
        tuple(sorted((name, _passes(f)) for name, f in env.tests.items())),
    )


def _passes(function: Any) -> str:
    """What Jinja2 passes a filter or test besides its arguments (the context, the
    environment...), which it decides when it compiles a template."""
    return str(getattr(function, "jinja_pass_arg", ""))


#: The templates compiled in this process, for every handout's environment.
_COMPILED = CompiledTemplates()


def environment(flavour: Flavour, template_dir: str | Path | None = None) -> Environment:
    """A sandboxed Jinja2 environment for HTML (autoescaped) or Markdown (escaped by
    default).

    >>> env = environment("html")
    >>> env.from_string("{{ x }}").render(x="<script>")
    '&lt;script&gt;'
    >>> environment("markdown").from_string("{{ x }}").render(x="# not a heading")
    '\\\\# not a heading'
    >>> env.from_string("{{ lipsum.__globals__['os'] }}").render()
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: access to attribute '__globals__' of 'function' object is unsafe.
    """  # noqa: E501
    options: dict[str, Any] = {
        "loader": template_loader(template_dir),
        "undefined": HandoutUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,
        "bytecode_cache": _COMPILED,
    }
    if flavour == "html":
        env = HandoutSandbox(autoescape=True, finalize=_timed_finalize, **options)
    else:
        env = HandoutSandbox(autoescape=False, finalize=_timed_markdown_finalize, **options)
    env.filters["span"] = duration
    env.filters["data_uri"] = data_uri(template_dir)
    env.filters["md"] = md
    env.filters["md_cell"] = md_cell
    env.filters["md_line"] = md_line
    env.filters["md_code"] = md_code
    env.filters["heading"] = heading
    env.filters["css_string"] = css_string
    env.filters["css_words"] = css_words
    env.filters["direction"] = lambda tag: language_direction(str(tag))
    env.filters["say"] = say_html_counted if flavour == "html" else say_markdown_counted
    for name, function in env.filters.items():
        env.filters[name] = limited(function, env, name)
    return env
