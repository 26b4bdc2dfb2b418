"""The rule registry: :func:`rule` registers a documented function as a :class:`RuleSpec`.

A rule is a function ``f(case) -> Iterator[Finding]`` with a docstring: it yields each
finding, or returns a list of them (any iterable: a tuple, a generator), ``[]`` when it
finds nothing. Anything else it gives (``None``, one finding, a dict, text, a number, or
an item that is no finding among the findings) fails the rule with a ``TypeError`` that
says what it gave, which :func:`~activity_systems.check` reports as for a rule that
raises. Inside it,
:func:`new_finding` builds a finding for the rule that is running (its id, name, category and
competencies filled in), so a rule needs only a few lines:

>>> from activity_systems import Case
>>> @rule("DOC001", name="no-outcome", category="completeness")
... def no_outcome(case):
...     '''A system names no outcome.'''
...     for system in case.systems:
...         if system.outcome is None:
...             yield new_finding(elements=[system.id], severity="low",
...                               message=f"{system.title} names no outcome.",
...                               prompt="What is this activity meant to produce?")
>>> case = Case(title="T", systems=[{"id": "court", "subject": "M", "object": "D"}])
>>> [f.message for f in no_outcome(case)]
['court names no outcome.']
>>> unregister("DOC001")
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import inspect
import itertools
import pickle
import re
import reprlib
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from activity_systems.errors import RuleError, cell_named, defined_at, ipython_running
from activity_systems.model.relations import LEVELS, Level
from activity_systems.rules.case_index import index_scope
from activity_systems.rules.finding import (
    CATEGORIES,
    SEVERITIES,
    Category,
    Finding,
    Severity,
    _assembled,
)
from activity_systems.vocab import competencies as shipped_competencies
from activity_systems.vocab import rule_competencies

if TYPE_CHECKING:
    from activity_systems.model.case import Case

#: What a rule function looks like.
RuleFunction = Callable[["Case"], Iterable[Finding]]

RULE_ID_PATTERN = r"^[A-Z]{1,8}[0-9]{3,4}$"
RULE_NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_RULE_ID = re.compile(RULE_ID_PATTERN)
_RULE_NAME = re.compile(RULE_NAME_PATTERN)
_SECTION = re.compile(r"^\*\*(?P<title>[^*]+)\*\*\s*$")

#: The prompt of a finding whose rule gives none, between two systems (a quaternary
#: contradiction, an integration finding).
DEFAULT_PROMPT = "What would each side need to change, and who could start?"

#: The prompt of a finding whose rule gives none, by its level, and for a completeness
#: finding (``None``). Decision: a primary or a secondary contradiction lies within one
#: system, and a tertiary one between an activity and its more advanced form, so "each
#: side" would ask the workshop about sides it does not have; the questions follow how
#: the built-in rules ask at each level (AS301's tertiary prompt, AS601's).
DEFAULT_PROMPTS: dict[str | None, str] = {
    "primary": "What pulls this in two directions, and who could start to resolve it?",
    "secondary": "What would need to change within this system, and who could start?",
    "tertiary": "What should the new form of the activity keep of the old, and who could start?",
    "quaternary": DEFAULT_PROMPT,
}
COMPLETENESS_PROMPT = "Who could tell the group what is missing here?"

_REGISTRY: dict[str, RuleSpec] = {}
#: For each registered id, where the rule was defined (see :class:`_Definition`).
_DEFINED: dict[str, _Definition] = {}
#: The registered ids by rule name, and by what names their functions (see
#: :func:`_definition_keys`), in the order registered: registering a rule looks up the
#: few rules it may clash with or replace, where looking at every rule registered made
#: registering a thousand rules in a loop take seconds (each rule looked at all before
#: it). Kept in step with :data:`_REGISTRY` by :func:`_put`, :func:`_drop` and
#: :func:`_reindex`. Decision: a rule's function is indexed by its name when registered;
#: a function renamed afterwards (``f.__qualname__ = ...``) is found by its old name.
_BY_NAME: dict[str, dict[str, None]] = {}
#: By key (:func:`_definition_keys`), then by the code of the function (see
#: :func:`_code_key`).
_BY_DEFINITION: dict[object, dict[int | None, dict[str, None]]] = {}
#: For each indexed id, its name, keys and code, as indexed.
_INDEXED: dict[str, tuple[str, tuple[object, ...] | None, int | None]] = {}
#: The ids whose function's ``__qualname__`` cannot be a key (it is unhashable): always
#: looked at.
_UNINDEXED: dict[str, None] = {}
#: Held while a rule is registered or forgotten, and while the registry is put back as
#: it was: a rule registered from a thread sees the registry as one.
_LOCK = threading.RLock()
_RUNNING: contextvars.ContextVar[RuleSpec | None] = contextvars.ContextVar(
    "activity_systems_running_rule", default=None
)


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule's docstring taken apart: summary, body, and the bold-headed sections."""

    summary: str
    body: str
    sections: dict[str, str]

    @classmethod
    def parse(cls, doc: str) -> RuleDoc:
        """Split a docstring at lines such as ``**Why it matters**``.

        >>> d = RuleDoc.parse("One line.\\n\\nMore.\\n\\n**Example**\\n\\nx: 1\\n")
        >>> d.summary, d.body, d.sections
        ('One line.', 'More.', {'Example': 'x: 1'})
        """
        text = inspect.cleandoc(doc)
        head: list[str] = []
        sections: dict[str, list[str]] = {}
        current = head
        for line in text.splitlines():
            match = _SECTION.match(line.strip())
            if match:
                current = sections.setdefault(match["title"].strip(), [])
                continue
            current.append(line)
        intro = "\n".join(head).strip()
        summary, _, body = intro.partition("\n\n")
        return cls(
            summary=" ".join(summary.split()),
            body=body.strip(),
            sections={title: "\n".join(lines).strip() for title, lines in sections.items()},
        )


# Inline code in a docstring, ``x`` (reST) or `x` (Markdown), with an optional reST role
# in front (:func:`x`).
_INLINE_CODE = re.compile(r"(?::[\w.+-]+(?::[\w.+-]+)?:)?(?P<ticks>``?)(?P<code>[^`]+?)(?P=ticks)")
_QUOTES = ("'", '"', "“", "‘")


def _quoted(match: re.Match[str]) -> str:
    code = match["code"]
    return code if code.startswith(_QUOTES) else f"'{code}'"


def plain_inline(text: str) -> str:
    """``text`` without inline code markup: ``'code'``, or the code as it is when it is
    already quoted.

    >>> print(plain_inline('its ``needed_within``, a label ``"?"``, :func:`check`'))
    its 'needed_within', a label "?", 'check'
    """
    return _INLINE_CODE.sub(_quoted, text)


#: The most findings a rule may give in any case, however small, and how many it may give
#: for each part (element, exchange, system) of a larger one: see :func:`most_findings`.
FINDINGS_FLOOR = 10_000
FINDINGS_PER_PART = 2


def case_parts(case: Case) -> int:
    """How many elements, exchanges and systems ``case`` has: counted by the lengths of
    each system's lists, since walking every element of a regional map took 27 ms.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> case_parts(case) == len(list(case.iter_elements())) + len(case.exchanges) + 2
    True
    """
    elements = sum(
        2  # subject and object
        + (system.outcome is not None)
        + len(system.tools)
        + len(system.rules)
        + len(system.community)
        + len(system.division_of_labour)
        for system in case.systems
    )
    return elements + len(case.exchanges) + len(case.systems)


def most_findings(case: Case) -> int:
    """The most findings one rule may give for ``case``: twice as many as it has parts
    (:func:`case_parts`), and 10,000 in any case. A case gives fewer findings than it has
    parts (a regional map of 2,500 services, 49,000 findings for its 67,500 parts, 22,000
    of them from its busiest rule); one written to pair every element with every other
    gave millions of findings, and took gigabytes, from a file of a few hundred
    kilobytes. So the work of checking a case, and the memory, grow with its size.
    """
    return max(FINDINGS_FLOOR, FINDINGS_PER_PART * case_parts(case))


def too_many_findings(rule_id: str, case: Case) -> RuleError:
    """The error of a rule that found more than :func:`most_findings` allows ``case``."""
    return RuleError(
        f"rule {rule_id} found more than {most_findings(case):,} findings in a case of "
        f"{case_parts(case):,} elements, exchanges and systems: far more than a workshop "
        "can discuss, as when every element is paired with every other; split the case, "
        "or give fewer of the elements that pair"
    )


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: id, kebab name, category, the function and its docstring, and
    the competencies it was registered with.

    Calling a spec runs the rule and returns its findings as a list.
    """

    id: str
    name: str
    category: Category
    function: RuleFunction
    doc: str
    competencies: tuple[str, ...] = ()

    @functools.cached_property
    def parsed_doc(self) -> RuleDoc:
        """The docstring split into summary, body and sections."""
        return RuleDoc.parse(self.doc)

    @functools.cached_property
    def default_competencies(self) -> tuple[str, ...]:
        """The competencies this rule's findings call for: those it was registered with,
        else those the shipped mapping gives its id (none for a rule of your own)."""
        return self.competencies or rule_competencies(self.id)

    @property
    def summary(self) -> str:
        """The first paragraph of the docstring."""
        return self.parsed_doc.summary

    @functools.cached_property
    def default_explanation(self) -> str:
        """The summary as a finding's explanation: inline code markup (``x``, `x`,
        :role:`x`) shown as ``'x'``, since reports and handouts show the text as it is."""
        return plain_inline(self.summary)

    def __repr__(self) -> str:
        """What names the rule: its id, name, category and function (by module and
        qualified name; a partial or an object with ``__call__``, which has none, by
        its type's), and the competencies it was registered with, if any; not its
        docstring (``spec.doc``, which the rule catalogue shows), which made
        ``BUILTIN_RULES`` 30,000 characters in a notebook or a log, nor the function's
        address, which differs from one run to the next.

        >>> from activity_systems import BUILTIN_RULES
        >>> BUILTIN_RULES[0]  # doctest: +ELLIPSIS
        RuleSpec(id='AS000', name='declared-contradiction', category='contradiction', function=...)
        """
        module, qualname = _name_of(self.function)
        if not hasattr(self.function, "__qualname__"):  # a partial, an object with __call__
            module, qualname = _name_of(type(self.function))
        fields = [
            f"id={self.id!r}",
            f"name={self.name!r}",
            f"category={self.category!r}",
            f"function={module}.{qualname}",
        ]
        if self.competencies:
            fields.append(f"competencies={self.competencies!r}")
        return f"RuleSpec({', '.join(fields)})"

    def __copy__(self) -> RuleSpec:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> RuleSpec:
        """The spec itself, as for a function: a spec is immutable, and a copy would be
        a rule that the registry does not know (a rule defined inside a function, which
        cannot be pickled, is copied too)."""
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by the name it has in its module, ``team_rules.no_outcome``,
        as a function is: unpickled, in a worker process too, it is the rule of that name
        there, its module imported (which registers its rules) if it was not. The
        decorator leaves the spec, not the function, under the function's name, so
        pickling the function refused every rule, the built-in ones too: ``check(case,
        rules=...)`` could not be sent to a ``ProcessPoolExecutor``.

        A rule of a script, a notebook or an interactive session (module ``__main__``)
        is pickled by its fields, as a dataclass is, its function as the pickler takes
        functions: joblib's workers, which do not run the script again, take it by value
        (cloudpickle); ``pickle`` refuses it, as it refuses any function of a notebook.
        So is a spec whose function its module keeps under the function's name
        (``rule(...)(function)`` called, not used as a decorator). A spec that its name
        does not find (a rule defined inside a function, or the spec of a function
        registered again since) is refused, saying why.
        """
        module, qualname = _name_of(self.function)
        if module != "__main__" and _found(module, qualname, importing=False) is not (
            self.function  # a spec of a function kept under its own name: by its fields
        ):
            if _named(module, qualname, self.id, importing=False) is self:
                return (_named, (module, qualname, self.id))
            raise pickle.PicklingError(_not_pickled(self, module, qualname))
        return (
            RuleSpec,
            (self.id, self.name, self.category, self.function, self.doc, self.competencies),
        )

    def __call__(self, case: Case) -> list[Finding]:
        """Run the rule on ``case`` and return its findings as a list.

        Raises:
            TypeError: for a rule that gives something other than its findings (``None``,
                one finding, a dict, text, a number), or an item among them that is no
                :class:`Finding`, saying what it gave and what a rule gives.
            RuleError: for a rule that gives more findings than :func:`most_findings`
                allows the case, found as they come (a rule that yields them is stopped
                there).
        """
        token = _RUNNING.set(self)
        try:
            with index_scope(case):
                result = self.function(case)
                refused = _not_findings(result)
                if refused is not None:
                    raise TypeError(f"rule {self.id} returned {refused}")
                findings = list(itertools.islice(result, FINDINGS_FLOOR + 1))
                if len(findings) > FINDINGS_FLOOR:  # a large case, or one written to pair
                    limit = most_findings(case)  # everything with everything
                    findings += itertools.islice(result, limit + 1 - len(findings))
                    if len(findings) > limit:
                        raise too_many_findings(self.id, case)
        finally:
            _RUNNING.reset(token)
        for item in findings:
            if not isinstance(item, Finding):
                raise TypeError(f"rule {self.id} {_not_a_finding(result, item)}")
        return findings

    def finding(
        self,
        *,
        elements: Iterable[str],
        message: str,
        level: Level | None = None,
        severity: Severity = "medium",
        explanation: str | None = None,
        prompt: str | None = None,
        competencies: Sequence[str] | None = None,
        key_extra: str = "",
        declared: bool = False,
        detected: bool = True,
        note: str | None = None,
    ) -> Finding:
        """A finding of this rule. See :func:`new_finding` for the defaults."""
        if self.category == "contradiction" and level not in LEVELS:
            raise ValueError(
                f"rule {self.id} is a contradiction rule: give its finding a level "
                f"({', '.join(LEVELS)}), not {level!r}"
            )
        if self.category != "contradiction" and level is not None:
            raise ValueError(
                f"rule {self.id} is {_article(self.category)} {self.category} rule: its findings "
                f"have no level, not {level!r}"
            )
        if severity not in SEVERITIES:
            lower = severity.strip().lower() if isinstance(severity, str) else None
            hint = f" (did you mean {lower!r}?)" if lower in SEVERITIES else ""
            raise ValueError(
                f"a finding of rule {self.id} has the severity {severity!r}, which is not "
                f"{', '.join(SEVERITIES[:-1])} or {SEVERITIES[-1]}{hint}"
            )
        plain = (
            type(message) is str
            and type(key_extra) is str
            and (explanation is None or type(explanation) is str)
            and (prompt is None or type(prompt) is str)
            and (note is None or type(note) is str)
            and type(declared) is bool
            and type(detected) is bool
        )
        if not plain:  # looked at closely only when one is not exactly what it should be
            self._check_types(
                message=message,
                explanation=explanation,
                prompt=prompt,
                key_extra=key_extra,
                declared=declared,
                detected=detected,
                note=note,
            )
        kind = type(elements)
        if kind is not tuple and kind is not list:  # as most rules give them
            if isinstance(elements, str):
                raise TypeError("elements is a list of references, not one string")
            if not isinstance(elements, Iterable):
                raise TypeError(
                    f"a finding of rule {self.id}: elements is a list of references such "
                    f"as 'court.targets', not {type(elements).__name__}"
                )
            if isinstance(elements, set | frozenset):
                # A set's order changes from one run of Python to the next (hash
                # randomisation), and the finding's elements, as reports, figures and
                # handouts show them, with it; case files refuse sets for the same
                # reason.
                raise TypeError(
                    f"a finding of rule {self.id}: elements is {_a_set(elements)}, whose "
                    "order changes from one run of Python to the next, and the report's "
                    "with it: give a list, in the order the rule documents (sorted(...) "
                    "where no order matters)"
                )
        elements = tuple(elements)  # read once: it may be a generator
        # Whether validation would keep every value as it is (text exactly ``str``):
        # then the finding is built without it.
        exact = (
            plain
            and self._exact
            and (level is None or type(level) is str)
            and type(severity) is str
        )
        for item in elements:
            if type(item) is not str:
                if not isinstance(item, str):
                    raise TypeError(_not_a_reference(item))
                exact = False
        count = len(elements)
        if count == 0:
            raise ValueError(
                f"a finding of rule {self.id} names no element: give the elements, exchanges "
                "or systems it is about (figures draw it there, action plans name it by them)"
            )
        if (
            (elements[0] == elements[1])
            if count == 2
            else (count > 2 and len(set(elements)) < count)
        ):
            twice = next(item for i, item in enumerate(elements) if item in elements[:i])
            raise ValueError(f"a finding of rule {self.id} names {twice!r} twice; name it once")
        if not message.strip():
            # A blank message leaves the finding's line of the report, the handout and
            # the figure's tooltip empty.
            raise ValueError(
                f"a finding of rule {self.id} has an empty message: say in one sentence "
                "what it found, naming the elements"
            )
        if prompt is not None and (not prompt or prompt.isspace()):
            # A blank prompt leaves an empty "Discuss:" in reports and handouts.
            raise ValueError(
                f"a finding of rule {self.id} has an empty prompt: ask the workshop a "
                "question about it, or leave prompt out for the general one"
            )
        if explanation is not None and (not explanation or explanation.isspace()):
            # A blank explanation leaves an empty paragraph in the handout.
            raise ValueError(
                f"a finding of rule {self.id} has an empty explanation: say why it "
                "matters, or leave explanation out for the rule's summary"
            )
        if competencies is not None:  # checked, in the finding's order, each once
            if isinstance(competencies, set | frozenset):
                # Refused as a set of elements is: the finding keeps its competencies in
                # the order given, and a set's changes from one run of Python to the next
                # (a rule's own, from @rule, are sorted: they are a catalogue's entry).
                raise TypeError(
                    f"a finding of rule {self.id}: competencies is "
                    f"{_a_set(competencies)}, whose order changes from one run of Python "
                    "to the next, and the report's with it: give a list (sorted(...) "
                    "where no order matters)"
                )
            slugs = _competency_slugs(competencies, owner=f"a finding of rule {self.id}")
            competencies = tuple(dict.fromkeys(slugs))
            exact = exact and all(type(slug) is str for slug in competencies)
        else:
            competencies = self.default_competencies
        if explanation is None:
            explanation = self.default_explanation
        if prompt is None:
            prompt = self._default_prompt(level, elements)
        if exact:
            # Every value checked above as validation would check it: built without it.
            return _assembled(
                Finding.make_key(self.id, elements, key_extra),
                self.id,
                self.name,
                self.category,
                level,
                severity,
                elements,
                message,
                explanation,
                prompt,
                competencies,
                declared,
                detected,
                note,
            )
        return Finding.create(
            rule=self.id,
            name=self.name,
            category=self.category,
            level=level,
            severity=severity,
            elements=elements,
            message=message,
            explanation=explanation,
            prompt=prompt,
            competencies=competencies,
            key_extra=key_extra,
            declared=declared,
            detected=detected,
            note=note,
        )

    @functools.cached_property
    def _exact(self) -> bool:
        """Whether validation would keep this rule's own values in its findings as they
        are: its id, name and category, and its default explanation and competencies, are
        exactly ``str`` (a ``str`` subclass given at registration is validated), its
        category is one of :data:`CATEGORIES` and its competencies are a tuple (a spec
        made directly, ``RuleSpec(...)``, is not checked as :func:`rule` checks one)."""
        competencies = self.default_competencies
        return (
            type(self.id) is str
            and type(self.name) is str
            and type(self.category) is str
            and self.category in CATEGORIES
            and type(self.default_explanation) is str
            and type(competencies) is tuple
            and all(type(slug) is str for slug in competencies)
        )

    def _default_prompt(self, level: object, elements: Sequence[str]) -> str:
        """The general question of a finding whose rule gives no prompt: by its level,
        but about each side for a primary or secondary one that names elements of two
        systems or more (a rule may read a deadline of one system against a tool of
        another as secondary). Decision: only ``system.element`` references are told
        apart here, a bare id (a system's or an exchange's) cannot be without the case,
        and the level decides for it."""
        if self.category == "completeness":
            return COMPLETENESS_PROMPT
        if not isinstance(level, str):
            return DEFAULT_PROMPT
        if level in ("primary", "secondary"):
            systems = {reference.partition(".")[0] for reference in elements if "." in reference}
            if len(systems) > 1:
                return DEFAULT_PROMPT
        return DEFAULT_PROMPTS.get(level, DEFAULT_PROMPT)

    def _check_types(
        self,
        *,
        message: object,
        explanation: object,
        prompt: object,
        key_extra: object,
        declared: object,
        detected: object,
        note: object,
    ) -> None:
        """Refuse a value of the wrong type for a finding, naming the rule and the
        parameter: validation would say it in several lines, with a web address, and
        joining the key would not name the parameter at all.

        Raises:
            TypeError: for text that is not ``str`` (``None`` only where that means
                the default) or a flag that is not ``bool``.
        """
        # each text parameter, whether None is its default, and what the default is
        texts: tuple[tuple[str, object, bool, str], ...] = (
            ("message", message, False, ""),
            ("explanation", explanation, True, " for the rule's summary"),
            ("prompt", prompt, True, " for the general prompt"),
            ("note", note, True, ""),
            ("key_extra", key_extra, False, ", '' unless two findings share their elements"),
        )
        for parameter, value, may_be_none, default in texts:
            if isinstance(value, str) or (value is None and may_be_none):
                continue
            expected = f"text (str), or None{default}" if may_be_none else f"text (str){default}"
            raise TypeError(
                f"a finding of rule {self.id}: {parameter} is {expected}, not "
                f"{type(value).__name__}"
            )
        for parameter, value in (("declared", declared), ("detected", detected)):
            if not isinstance(value, bool):
                raise TypeError(
                    f"a finding of rule {self.id}: {parameter} is True or False, not "
                    f"{type(value).__name__}"
                )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


#: What a rule that gives something other than its findings is told to do.
_GIVE_FINDINGS = "yield each finding, or return a list of them ([] when it finds nothing)"
_BUILD_FINDINGS = "build each with new_finding(...), then yield it or return a list of them"


def _not_findings(result: object) -> str | None:
    """What a rule gave, when it is not its findings (an iterable of them, such as a
    list or the generator of a rule that yields them), and what it should give; ``None``
    when it may be. Text, a mapping and a model are iterable, but not findings: a
    dict iterates over its keys, a :class:`Finding` over its fields.

    >>> _not_findings([]) is None
    True
    >>> print(_not_findings(None))
    None, not its findings: yield each finding, or return a list of them ([] when it finds nothing)
    >>> _not_findings({"message": "m"}).partition(":")[0]
    'a dict, not its findings'
    """
    if isinstance(result, Finding):
        return (
            "one Finding, not its findings: yield each finding, or return a list of them "
            "([finding] for one)"
        )
    if isinstance(result, str | bytes | Mapping | BaseModel):
        return f"{_described(result)}, not its findings: {_BUILD_FINDINGS}"
    if not isinstance(result, Iterable):
        return f"{_described(result)}, not its findings: {_GIVE_FINDINGS}"
    return None


def _not_a_finding(result: Iterable[object], item: object) -> str:
    """What a rule gave among its findings (``result``) that is no finding (``item``).

    >>> print(_not_a_finding([], {"message": "m"}))
    returned a list holding a dict, not a Finding; build findings with new_finding(...)
    >>> _not_a_finding(iter([]), None).partition(" (")[0]
    'yielded None, not a Finding; yield findings only'
    """
    gave = "yielded" if isinstance(result, Iterator) else f"returned {_described(result)} holding"
    if item is None:
        return (
            f"{gave} None, not a Finding; yield findings only (the result of a helper "
            "that gives None when it finds nothing: yield it when it is not None)"
        )
    return f"{gave} {_described(item)}, not a Finding; build findings with new_finding(...)"


def _described(value: object) -> str:
    """``None``, ``True`` and ``False`` as they are written; anything else by its type:
    ``an int``, ``a dict``."""
    if value is None or isinstance(value, bool):
        return repr(value)
    kind = type(value).__name__
    return f"{_article(kind)} {kind}"


def _not_a_reference(item: object) -> str:
    """Why ``item`` cannot be one of a finding's elements, and what to write instead."""
    from activity_systems.model.elements import Element

    kind = type(item).__name__
    advice = (
        "name an element with f'{system.id}.{element.id}'"
        if isinstance(item, Element)
        else "name it by its .id"
        if hasattr(item, "id")
        else "give each as text"
    )
    return (
        "elements are references (str) such as 'court.targets', exchange ids or system ids, "
        f"not {kind}: {advice}"
    )


def new_finding(
    *,
    elements: Iterable[str],
    message: str,
    level: Level | None = None,
    severity: Severity = "medium",
    explanation: str | None = None,
    prompt: str | None = None,
    competencies: Sequence[str] | None = None,
    key_extra: str = "",
    declared: bool = False,
    detected: bool = True,
    note: str | None = None,
) -> Finding:
    """A finding of the rule that is running.

    >>> from activity_systems import Case, check
    >>> @rule("DOC003", name="no-tools", category="completeness")
    ... def no_tools(case):
    ...     '''A system names no tool.'''
    ...     return [new_finding(elements=[s.id], message=f"{s.title} names no tool.")
    ...             for s in case.systems if not s.tools]
    >>> case = Case(title="T", systems=[{"id": "court", "subject": "M", "object": "D"}])
    >>> finding, = check(case, rules=["DOC003"]).findings
    >>> finding.rule, finding.severity, finding.message
    ('DOC003', 'medium', 'court names no tool.')
    >>> unregister("DOC003")

    Args:
        elements: References involved (``<system>.<element-id>``, exchange ids, system
            ids), in the order the rule documents. The key does not depend on the order.
            A list, tuple or generator; a set is refused (``TypeError``), as its order
            changes from one run of Python to the next, and the report's with it.
        message: One sentence naming the concrete elements and figures.
        level: Engeström's level; required for contradiction rules, absent otherwise.
        severity: ``high``, ``medium`` (default) or ``low``.
        explanation: Why this is a contradiction; defaults to the rule's summary line
            (``None``).
        prompt: A discussion question; defaults to a general one (``None``) that fits
            the level: within one system for a primary or secondary contradiction; what
            the new form should keep for a tertiary one; each side's part for a
            quaternary or an integration finding, and for a primary or secondary one that
            names elements (``system.element``) of two systems; who could tell the group
            for a completeness finding.
        competencies: Collaborative competencies that address it, as slugs:
            ``collaborative-leadership``, ``conflict-resolution``,
            ``interprofessional-communication``, ``interprofessional-team-working``,
            ``patient-centred-care``, ``role-clarification``, ``second-order-reflection``,
            ``shared-knowledge``, ``values-ethics``. Reports and handouts show their
            labels. A slug that is not in the catalogue is refused (``ValueError``, with
            the closest one), as by :func:`rule`: a report would show a misspelt slug as
            it is, with no description. A list or tuple, kept in its order; a set is
            refused (``TypeError``), as for the elements. Default: those the rule was
            registered with (``@rule(..., competencies=[...])``), else the shipped
            mapping for a built-in rule's id.
        key_extra: Tells apart two findings of one rule with the same elements.
        declared: Whether the participants declared it (rule AS000).
        detected: Whether a rule detected it.
        note: The participants' note on a declared contradiction.

    Raises:
        RuntimeError: when no rule is running (call the rule's spec, or use
            :meth:`RuleSpec.finding`).
        ValueError: for a level the rule's category does not take, an unknown severity
            or competency, no elements, an element named twice, or an empty (or blank)
            message, explanation or prompt: a report or a handout would show an empty
            line, paragraph or "Discuss:" for it.
        TypeError: for a value of the wrong type, naming the parameter: text that is
            not ``str`` (``None`` is the default of ``explanation``, ``prompt`` and
            ``note``, not of ``message`` or ``key_extra``), elements or competencies
            that are not a list, or ``declared`` or ``detected`` other than ``True`` or
            ``False``; also for elements given as one string, or as models rather than
            references.
    """
    spec = _RUNNING.get()
    if spec is None:
        raise RuntimeError(
            "new_finding() is for use inside a rule while it runs (check(case) or "
            "my_rule(case)); outside one, use my_rule.finding(...)"
        )
    return spec.finding(
        elements=elements,
        message=message,
        level=level,
        severity=severity,
        explanation=explanation,
        prompt=prompt,
        competencies=competencies,
        key_extra=key_extra,
        declared=declared,
        detected=detected,
        note=note,
    )


def rule(
    id: str, *, name: str, category: Category, competencies: Iterable[str] = ()
) -> Callable[[RuleFunction], RuleSpec]:
    """Register a rule function under an id (``AS101``, ``ORG001``) and return its spec.

    The function takes the case and yields each finding, built with :func:`new_finding`,
    or returns a list of them (``[]`` when it finds nothing); given anything else
    (``None``, one finding, a dict, a number), :func:`~activity_systems.check` reports
    the rule as failed, saying what it returned, as for a rule that raises.
    The id is one to eight capital letters and three or four digits; the name is
    kebab-case, and, as the id, no other registered rule's (a built-in one's included):
    reports show each rule by its name; the docstring is the rule's documentation and
    must not be empty.
    ``competencies`` are the collaborative competencies the rule's findings call for,
    as slugs of the shipped catalogue (``role-clarification``; see :func:`new_finding`
    for the list): its findings name them unless a finding gives its own, and the
    catalogue of rules shows them. A slug that is not in the catalogue is refused, with
    the closest one, since reports would show a misspelt slug as it is.
    Defining a rule's function again replaces the rule, under its new id if that
    changed: a notebook cell run again, edited or not, a module imported again
    (``importlib.reload``), or its file imported under another name (``import
    team_rules`` in a test session, and ``--rules-from team_rules.py`` on the command
    line, or a rules file that imports another): a rule's function is known by its name
    and its file, or its module where it has no file (a notebook's cells). Two functions
    of one name that one file or cell defines (a rule copied, its function left with the
    first one's name) are two rules, each with an id and a name of its own: the same id
    for both is refused. A function of another name needs an id of its own, or the old rule
    forgotten first with :func:`unregister`; but a notebook cell run again in JupyterLab
    or Notebook 7, which tell the kernel which cell runs, replaces every rule its earlier
    run registered, whatever was renamed in it (the function, the id, the name).

    >>> try:
    ...     rule("DOC002", name="x", category="completeness", competencies=["role-clarifcation"])
    ... except RuleError as error:
    ...     print(str(error).partition(", ")[2])
    which is not in the catalogue (did you mean 'role-clarification'?)

    Raises:
        RuleError: for a malformed id or name, an unknown category or competency, a
            missing docstring, or an id or a name already used by another rule.
        TypeError: for what is no function (text, a list: a type's docstring would
            pass for the rule's), a rule already (``@rule`` applied twice), or a function
            that cannot be called with the case alone (``def f(case, report)``,
            ``def f()``) or is ``async``.
    """
    if not isinstance(id, str) or not _RULE_ID.fullmatch(id):
        raise RuleError(
            f"rule id {id!r} is malformed: use capital letters then three or four digits, "
            "e.g. 'ORG101'"
        )
    if not isinstance(name, str) or not _RULE_NAME.fullmatch(name):
        raise RuleError(f"rule name {name!r} must be kebab-case, e.g. 'late-referral'")
    if category not in CATEGORIES:
        raise RuleError(f"rule category {category!r} must be one of {', '.join(CATEGORIES)}")
    slugs = _competency_slugs(
        competencies, owner=f"rule {id}", wrong_type=RuleError, unknown=RuleError
    )
    declared = tuple(sorted(set(slugs)))  # sorted, without repeats

    def register(function: RuleFunction) -> RuleSpec:
        _refuse_what_is_no_function(id, function)
        doc = inspect.getdoc(function)
        if not doc or not doc.strip():
            raise RuleError(
                f"rule {id} ({function_shown(function)}) has no docstring: the docstring is "
                "the rule's documentation, so say in its first line what it detects"
            )
        spec = RuleSpec(
            id=id,
            name=name,
            category=category,
            function=function,
            doc=doc,
            competencies=declared,
        )
        code = _defining_code()
        defined_by, cell = _run_of(code)
        with _LOCK:  # another thread's rule is registered before or after, not between
            refused = _registered(spec, function, defined_by, cell)
        if refused is not None:  # said once the lock is let go: saying it may import
            raise refused()
        return spec

    return register


def _registered(
    spec: RuleSpec, function: Any, defined_by: object | None, cell: str | None
) -> Callable[[], RuleError] | None:
    """Register ``spec``, ``function``'s rule, defined by the run ``defined_by`` (see
    :func:`_run_of`) in the notebook cell ``cell``, if any; else what refuses it, as a
    function that makes the error. Called under :data:`_LOCK`."""
    rule_id, name = spec.id, spec.name
    # The rules an earlier run of the same notebook cell registered: this run
    # replaces them, whatever it renamed (the function, the id, the name), as a cell
    # run again redefines its variables. Forgotten only once this rule registers.
    earlier = (
        []
        if cell is None
        else [
            other_id
            for other_id, other in _DEFINED.items()
            if other.cell == cell and not _same_run(other_id, defined_by)
        ]
    )
    existing = _REGISTRY.get(rule_id)
    if (
        existing is not None
        and rule_id not in earlier
        and not _new_version(existing, function, defined_by)
    ):
        return lambda: RuleError(_id_taken(rule_id, existing, function), rule_id=rule_id)
    # A rule of the same function registered before under another id is that rule
    # renamed (a notebook cell run again with the id changed): its old id goes. Not
    # so for a function made from the same code (a factory that defines one rule per
    # call), nor for one that the same run of the same code registered (a rule
    # copied in its file, the function's name left as it was): each is a rule of
    # its own.
    renamed = [
        other_id
        for other_id, other in _possibly_same_definition(function)
        if other_id != rule_id
        and _same_definition(other.function, function)
        and not _same_code(other.function, function)
        and not _same_run(other_id, defined_by)
    ]
    holder = _name_holder(name, replaced=[rule_id, *renamed, *earlier])
    if holder is not None:
        return lambda: _name_taken(rule_id, name, holder)
    for other_id in {*renamed, *earlier} - {rule_id}:
        _forget(other_id)
    _put(rule_id, spec)
    run = _held_weakly(defined_by) if defined_by is not None else _no_code
    _DEFINED[rule_id] = _Definition(run, cell)
    return None


def _a_set(value: object) -> str:
    """``a set`` or ``a frozenset``, as ``value`` is, for an error."""
    return "a frozenset" if isinstance(value, frozenset) else "a set"


def _competency_slugs(
    slugs: Iterable[str],
    *,
    owner: str,
    wrong_type: type[Exception] = TypeError,
    unknown: type[Exception] = ValueError,
) -> tuple[str, ...]:
    """``slugs`` as a tuple, each checked to be a slug of the shipped catalogue; errors
    name ``owner`` (``rule ORG101``, ``a finding of rule ORG101``)."""
    if isinstance(slugs, str):
        raise wrong_type(
            f"{owner}: competencies is a list of slugs, not one string: write "
            f"competencies=[{slugs!r}]"
        )
    if not isinstance(slugs, Iterable):
        raise wrong_type(f"{owner}: competencies is a list of slugs, not {type(slugs).__name__}")
    slugs = tuple(slugs)
    known = shipped_competencies()
    for slug in slugs:
        if not isinstance(slug, str):
            raise wrong_type(
                f"{owner}: competencies are slugs (str) such as 'role-clarification', "
                f"not {type(slug).__name__}"
            )
        if slug not in known:
            from activity_systems.model.slugs import did_you_mean

            raise unknown(
                f"{owner} names the competency {slug!r}, which is not in the "
                f"catalogue{did_you_mean(slug, known)}"
            )
    return slugs


def _same_code(first: Any, second: Any) -> bool:
    """True for two functions made from one definition, run once (a factory's rules)."""
    code = getattr(first, "__code__", None)
    return code is not None and code is getattr(second, "__code__", None)


@dataclass(frozen=True, slots=True)
class _Definition:
    """Where a registered rule was defined: ``run``, the run of the code that registered
    it (a module's, a function's: the code itself; a notebook cell's: IPython's result
    of the run, see :func:`_run_of`), held weakly: alive only while that code runs; and
    ``cell``, for a rule registered by a notebook cell's own code, the id its frontend
    gives that cell."""

    run: Callable[[], object]
    cell: str | None = None


def _no_code() -> None:
    """The run of a rule registered by code that is not known (see :class:`_Definition`)."""
    return None


def _defining_code() -> CodeType | None:
    """The code that is registering a rule: that of the caller of ``register`` (the
    module, notebook cell or function where ``@rule(...)`` is applied)."""
    frame = inspect.currentframe()
    for _ in range(2):  # this function, then register
        frame = frame.f_back if frame is not None else None
    return frame.f_code if frame is not None else None


def _cell_result(code: CodeType | None) -> object | None:
    """IPython's result of the run of the cell whose own code ``code`` is, while that
    cell runs; ``None`` for any other code (a module's, a function's, a function's
    defined in a cell too), and outside IPython."""
    if code is None or code.co_name != "<module>":
        return None
    shell = ipython_running()
    if shell is None or cell_named(code.co_filename) is None:
        return None
    # A cell's own code (not a function's) runs only while that cell runs: it is the
    # cell that runs, whose result the shell holds.
    return getattr(getattr(shell, "displayhook", None), "exec_result", None)


def _run_of(code: CodeType | None) -> tuple[object | None, str | None]:
    """What stands for the run of ``code`` that registers a rule, and the notebook cell
    it runs in, if any.

    The run is, for a notebook cell's own code, IPython's result of running the cell,
    since IPython compiles each statement of a cell as code of its own (two rules of one
    cell are registered by two codes, in one run); else the code itself.

    The cell is the id that a notebook's frontend gives the cell whose own code ``code``
    is, while that cell runs: JupyterLab and Notebook 7 tell the kernel which cell they
    run (``cellId``), and keep its id when the cell is edited. ``None`` for any other
    code (a module's, a function's, a function's defined in a cell too), outside
    IPython, and with a frontend that does not say which cell runs: a rule of a cell
    run again is then replaced as a module's is, by its function's name."""
    result = _cell_result(code)
    if result is None:
        return code, None
    cell_id = getattr(getattr(result, "info", None), "cell_id", None)
    return result, cell_id if isinstance(cell_id, str) and cell_id else None


def _held_weakly(value: object) -> Callable[[], object]:
    """A weak reference to ``value``, or, for what cannot be referred to weakly, a
    function that gives ``value`` itself."""
    try:
        return weakref.ref(value)
    except TypeError:
        return lambda: value


def _same_run(rule_id: str, defined_by: object | None) -> bool:
    """Whether the rule registered under ``rule_id`` was registered by the same run of
    the same code as the one being registered now: two definitions in one file or cell,
    rather than a file imported again or a cell run again (each compiled afresh)."""
    definition = _DEFINED.get(rule_id)
    return defined_by is not None and definition is not None and definition.run() is defined_by


def _new_version(existing: RuleSpec, function: Any, defined_by: object | None) -> bool:
    """Whether ``function``, registered under the id of ``existing``, is a new version of
    it: the same function defined again (a notebook cell or a module run again, or one
    file imported under two names), or registered again; not a second function of that
    name in the same file or cell (a rule copied with its id and its function's name
    left as they were)."""
    if not _same_definition(existing.function, function):
        return False
    return _same_code(existing.function, function) or not _same_run(existing.id, defined_by)


def _same_definition(first: Any, second: Any) -> bool:
    """Whether two functions are one definition, run again or not: of one qualified name
    in one module (a notebook's cells share ``__main__``) or in one file, whatever module
    it was imported as (``import team_rules`` in Python, and the command line's
    ``--rules-from team_rules.py``, which imports it under a name of its own).

    >>> def f(case): return []
    >>> _same_definition(f, f), _same_definition(f, lambda case: [])
    (True, False)
    """
    if _qualname(first) == _qualname(second):
        return True
    if getattr(first, "__qualname__", None) != getattr(second, "__qualname__", None):
        return False
    file = source_file(first)
    return file is not None and file == source_file(second)


def source_file(function: Any) -> Path | None:
    """The resolved path of the file that defines ``function``; ``None`` for one with no
    file (a notebook cell run with ``exec``, a callable object)."""
    code = getattr(function, "__code__", None)
    filename = getattr(code, "co_filename", None)
    if not isinstance(filename, str) or not filename or filename.startswith("<"):
        return None
    try:
        return Path(filename).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return Path(filename).absolute()


def function_shown(function: Any) -> str:
    """How messages name a rule's function: as the user wrote it, by where it is
    defined (``my_rules.py:12, in my_rule``) when that is a file or a notebook cell
    (``Cell In[7], line 3, in my_rule``, as IPython's tracebacks name it), else by its
    name (``my_rule``, code given to ``exec``); never by the module the file was
    imported as.

    >>> function_shown(lambda case: [])
    '<lambda>'
    """
    file = source_file(function)
    if _in_a_cell(function) or (file is not None and file.is_file()):
        place = defined_at(function)  # a cell's: Cell In[7], line 3, in my_rule
        if place is not None:
            return place
    name = getattr(function, "__qualname__", None)
    return name if isinstance(name, str) else type(function).__name__


def _in_a_cell(function: Any) -> bool:
    """Whether ``function`` is defined in a cell of the running IPython (see
    :func:`~activity_systems.errors.cell_named`)."""
    code = getattr(function, "__code__", None)
    return isinstance(code, CodeType) and cell_named(code.co_filename) is not None


def _refuse_what_is_no_function(rule_id: str, function: object) -> None:
    """Refuse to register what is no rule function: a spec (``@rule`` applied twice),
    or what cannot be called (text, a list), whose type's docstring would otherwise
    pass for the rule's.

    Raises:
        TypeError: naming what was given.
    """
    if isinstance(function, RuleSpec):
        raise TypeError(
            f"rule {rule_id}: {function.id} is a rule already (is @rule(...) applied twice?); "
            f"to register its function under another id, give the function: "
            f"rule({rule_id!r}, ...)(spec.function)"
        )
    if not callable(function):
        given = _described(function)
        if given != repr(function):  # "a str": which one
            given += f" ({reprlib.repr(function)})"
        raise TypeError(
            f"rule {rule_id}: @rule(...) registers a function f(case) that yields the rule's "
            f"findings, not {given}"
        )
    _refuse_what_cannot_take_the_case(rule_id, function)


def _refuse_what_cannot_take_the_case(rule_id: str, function: Callable[..., object]) -> None:
    """Refuse a function that no check could call as a rule: one that cannot be given
    the case as its one argument (``def f()``, ``def f(case, report)``), or an ``async``
    one, whose findings nothing awaits. Registered, it failed on every check with
    Python's own TypeError of the call, and a property test saw a rule that found nothing.

    Raises:
        TypeError: saying what the function takes, and what to write.
    """
    name = getattr(function, "__name__", None) or type(function).__name__
    if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
        raise TypeError(
            f"rule {rule_id}: {name} is an async function, and a check does not await its "
            f"findings: write def {name}(case), not async def"
        )
    try:
        # the signature of what a check calls: a decorator's function (functools.wraps)
        # may take the case alone and call the function it wraps with more
        signature = inspect.signature(function, follow_wrapped=False)
    except (TypeError, ValueError):  # a callable Python cannot describe: let a check try
        return
    try:
        signature.bind(None)
    except TypeError:
        pass
    else:
        return
    empty = inspect.Parameter.empty
    shown = signature.replace(
        parameters=[p.replace(annotation=empty) for p in signature.parameters.values()],
        return_annotation=inspect.Signature.empty,
    )
    parameters = signature.parameters.values()
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    needed = [p for p in parameters if p.kind in positional and p.default is empty]
    keywords = [
        p.name
        for p in parameters
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is empty
    ]
    takes_one = any(p.kind in positional or p.kind is p.VAR_POSITIONAL for p in parameters)
    if len(needed) > 1:
        told = f"{name}{shown} needs {len(needed)} arguments"
    elif keywords and takes_one:
        told = (
            f"{name}{shown} needs {', '.join(map(repr, keywords))} as well, which a check "
            "does not give"
        )
    elif keywords:
        told = f"{name}{shown} takes the case by keyword only"
    else:
        told = f"{name}{shown} takes no argument"
    raise TypeError(
        f"rule {rule_id}: {told}; a rule is called with the case alone: write def {name}(case)"
    )


def _name_holder(name: str, *, replaced: Sequence[str]) -> RuleSpec | None:
    """The registered rule that has the rule name ``name``, other than those of
    ``replaced`` (the ids of the rules the one registered replaces, which may have it):
    reports, figures and the catalogue show each rule by its name beside its id."""
    for other_id in list(_BY_NAME.get(name, ())):
        other = _REGISTRY[other_id]
        if other.name == name and other.id not in replaced:
            return other
    return None


def _name_taken(rule_id: str, name: str, other: RuleSpec) -> RuleError:
    """The error of rule ``rule_id`` given the name ``name``, which ``other`` has."""
    # not imported before: the built-in rules are registered while it is imported
    from activity_systems.rules.engine import BUILTIN_RULES

    if any(other is builtin for builtin in BUILTIN_RULES):
        return RuleError(
            f"rule {rule_id}: the name {name!r} is the built-in rule {other.id}'s; give "
            "your rule a name of its own"
        )
    return RuleError(
        f"rule {rule_id}: the name {name!r} is already used by rule {other.id} "
        f"({function_shown(other.function)}); give each rule a name of its own"
    )


def _id_taken(rule_id: str, existing: RuleSpec, function: Any) -> str:
    """Why ``function`` cannot be registered under ``rule_id``, which ``existing`` has."""
    from activity_systems.rules.engine import BUILTIN_RULES

    if _same_definition(existing.function, function):
        # Both defined by one run of one file or cell: the second is a copy of the first.
        where = "cell" if _in_a_cell(existing.function) else "file"
        return (
            f"rule id {rule_id} is already used by {existing.name} "
            f"({function_shown(existing.function)}), a function of the same name in the "
            f"same {where}; give this one an id of its own, and a function name of its own"
        )
    if any(existing is builtin for builtin in BUILTIN_RULES):
        # built-in rules stay registered: there is no forgetting it
        return (
            f"rule id {rule_id} is already used by {existing.name}, a built-in rule; "
            "choose another id"
        )
    # A renamed function in a re-run notebook cell keeps its id: say how to free it.
    return (
        f"rule id {rule_id} is already used by {existing.name} "
        f"({function_shown(existing.function)}); choose another id, or forget the old "
        f"rule first: activity_systems.rules.unregister({rule_id!r})"
    )


def _forget(rule_id: str) -> None:
    """Drop the rule registered under ``rule_id``."""
    with _LOCK:
        _drop(rule_id)
        _DEFINED.pop(rule_id, None)


@contextlib.contextmanager
def registrations_undone() -> Iterator[None]:
    """Leave the registry, when the block ends, as it was when it began: the rules
    registered inside it forgotten, and those they replaced (the same file's rules,
    imported before under another name) registered again."""
    with _LOCK:
        registry, defined = dict(_REGISTRY), dict(_DEFINED)
    try:
        yield
    finally:
        with _LOCK:
            _REGISTRY.clear()
            _REGISTRY.update(registry)
            _reindex()
            _DEFINED.clear()
            _DEFINED.update(defined)


def _definition_keys(function: Any) -> tuple[object, ...] | None:
    """The keys under which ``function`` is indexed: two functions that are one
    definition (:func:`_same_definition`) share one, as they have one qualified name in
    one module, or one ``__qualname__`` (in one file); ``None`` when its ``__qualname__``
    is unhashable."""
    qualname = getattr(function, "__qualname__", None)
    try:
        hash(qualname)
    except TypeError:
        return None
    return (("module", _qualname(function)), ("qualname", qualname))


def _code_key(function: Any) -> int | None:
    """What tells apart the code ``function`` was made from (see :func:`_same_code`):
    the identity of its code, alive as long as the registered function is."""
    code = getattr(function, "__code__", None)
    return None if code is None else id(code)


def _possibly_same_definition(function: Any) -> list[tuple[str, RuleSpec]]:
    """The registered rules whose function may be one definition with ``function`` (see
    :func:`_same_definition`) and is not made from the same code (see
    :func:`_same_code`): those indexed under one of its keys, or all when it has none.
    The rules of a factory (one code, called in a loop) are not looked at, however many
    there are. In no particular order: the caller wants which they are."""
    keys = _definition_keys(function)
    if keys is None:
        return list(_REGISTRY.items())
    code = _code_key(function)
    ids = dict(_UNINDEXED)
    for key in keys:
        for other_code, group in _BY_DEFINITION.get(key, {}).items():
            if code is None or other_code != code:
                ids.update(group)
    return [(rule_id, _REGISTRY[rule_id]) for rule_id in ids]


def _put(rule_id: str, spec: RuleSpec) -> None:
    """Register ``spec`` under ``rule_id``, in the indexes too (see :data:`_BY_NAME`)."""
    if rule_id in _INDEXED:
        _unindex(rule_id)
    _REGISTRY[rule_id] = spec
    keys = _definition_keys(spec.function)
    code = _code_key(spec.function)
    _INDEXED[rule_id] = (spec.name, keys, code)
    _BY_NAME.setdefault(spec.name, {})[rule_id] = None
    if keys is None:
        _UNINDEXED[rule_id] = None
    else:
        for key in keys:
            _BY_DEFINITION.setdefault(key, {}).setdefault(code, {})[rule_id] = None


def _unindex(rule_id: str) -> None:
    """Take ``rule_id`` out of the indexes, under the keys it was put there with."""
    name, keys, code = _INDEXED.pop(rule_id)
    _BY_NAME.get(name, {}).pop(rule_id, None)
    _UNINDEXED.pop(rule_id, None)
    for key in keys or ():
        groups = _BY_DEFINITION.get(key, {})
        groups.get(code, {}).pop(rule_id, None)
        if not groups.get(code, True):
            del groups[code]
        if not groups:
            _BY_DEFINITION.pop(key, None)
    if not _BY_NAME.get(name, True):
        del _BY_NAME[name]


def _drop(rule_id: str) -> None:
    """Take ``rule_id`` out of the registry and its indexes."""
    del _REGISTRY[rule_id]
    _unindex(rule_id)


def _reindex() -> None:
    """Build the indexes of :data:`_REGISTRY` afresh (it was put back as it was)."""
    _BY_NAME.clear()
    _BY_DEFINITION.clear()
    _UNINDEXED.clear()
    _INDEXED.clear()
    for rule_id, spec in list(_REGISTRY.items()):
        _put(rule_id, spec)


def _qualname(function: Any) -> str:
    module = getattr(function, "__module__", None) or "?"
    return f"{module}.{getattr(function, '__qualname__', repr(function))}"


def _name_of(function: Any) -> tuple[str, str]:
    """The module and qualified name of ``function``, as pickle finds a function."""
    return (
        getattr(function, "__module__", None) or "?",
        getattr(function, "__qualname__", None) or "?",
    )


def _not_pickled(spec: RuleSpec, module: str, qualname: str) -> str:
    """Why ``spec``, whose function is ``module.qualname``, cannot be pickled by name."""
    said = f"rule {spec.id} cannot be pickled: "
    now = _named(module, qualname, spec.id, importing=False)
    if isinstance(now, RuleSpec):  # its module run again (reloaded, a cell run again)
        return (
            f"{said}it was registered again since this spec was made, and "
            f"{module}.{qualname} is the rule now; give that one"
        )
    if "<locals>" in qualname:
        return (
            f"{said}its function {module}.{qualname} is defined inside a function, so "
            "another process could not find it; define the rule at the top level of a "
            "module, and a decorator's wrapper with functools.wraps(function), which "
            "gives it the function's name"
        )
    return (
        f"{said}its function {module}.{qualname} is not found by that name, so another "
        "process could not find it; define the rule at the top level of a module"
    )


def _found(module: str, qualname: str, *, importing: bool) -> Any:
    """What ``module.qualname`` is now, ``None`` when it names nothing. ``importing``
    imports a module not yet imported (unpickling a rule in a worker that has not
    imported its module); else ``None`` for it."""
    found: Any = sys.modules.get(module)
    if found is None and importing:
        found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found


def _named(module: str, qualname: str, rule_id: str, importing: bool = True) -> RuleSpec | None:
    """The rule of id ``rule_id`` that ``module.qualname`` names (the spec the decorator
    left there, or the registered rule of that function), else ``None``; its module
    imported if it is not and ``importing`` (see :func:`_found`), which also refuses a
    name that is not that rule. What :meth:`RuleSpec.__reduce__` pickles a rule as."""
    found = _found(module, qualname, importing=importing)
    if isinstance(found, RuleSpec) and found.id == rule_id:
        return found
    registered = _REGISTRY.get(rule_id)
    if registered is not None and registered.function is found and found is not None:
        return registered
    if importing:
        raise pickle.UnpicklingError(
            f"rule {rule_id} cannot be unpickled: {module}.{qualname} is not that rule here"
        )
    return None


def registered_rules() -> tuple[RuleSpec, ...]:
    """Every registered rule, built-in and user, sorted by id."""
    return tuple(_REGISTRY[rule_id] for rule_id in sorted(_REGISTRY))


def get_rule(rule_id: str) -> RuleSpec:
    """The registered rule with this id, in any case (ids are registered upper case).

    >>> import activity_systems.rules.engine  # registers the built-in rules
    >>> get_rule("as101") is get_rule("AS101")
    True

    Raises:
        RuleError: when none is registered under it.
    """
    try:
        return _REGISTRY[rule_id.upper()]
    except KeyError:
        raise RuleError(f"no rule {rule_id!r}{_not_an_id(rule_id)}{_in_a_worker()}") from None


def _not_an_id(given: str) -> str:
    """What :func:`get_rule` adds for ``given``, which no rule has as its id: the rule
    whose name it is or most likely means (see :func:`name_meant`), else the closest id,
    else the ids."""
    from activity_systems.model.slugs import did_you_mean

    return name_meant(given) or did_you_mean(given.upper(), _REGISTRY)


def name_meant(given: str) -> str:
    """What to tell of ``given``, which no rule has as its id, when it is a rule's name
    as a report shows it beside the id (``deadline-vs-turnaround``, in any case, or with
    underscores as the rule's function has it, ``deadline_vs_turnaround``), or, when no
    id is close to it and it is not written as an id is (``TENSION101`` is a rule of
    one's own, not value-tension misspelt), a misspelling of a name
    (``deadline-vs-turnround``): the id to write. Empty otherwise. Looked for only when
    no id matches, so that a check given ids never goes through every rule."""
    from activity_systems.model.slugs import Hints

    written = given.lower().replace("_", "-")
    names = {spec.name: spec.id for spec in sorted(_REGISTRY.values(), key=lambda s: s.id)}
    held_by = names.get(written)
    if held_by is not None:
        return (
            f": it is the name of rule {held_by}, and rules are given by their ids: write {held_by}"
        )
    if _RULE_ID.fullmatch(given.upper()) or Hints(_REGISTRY).closest(given.upper()) is not None:
        return ""  # written as an id (TENSION101: a rule of one's own), or close to one
    meant = Hints(names).closest(given)
    if meant is None:
        return ""
    return f" (did you mean the rule {meant}? rules are given by their ids: write {names[meant]})"


def _in_a_worker() -> str:
    """What to add to "no rule" in a worker process (``ProcessPoolExecutor``,
    ``multiprocessing.Pool``): a rule registered in the parent by importing its module is
    not registered in a worker that was spawned (the way macOS and Windows start them)
    or started before the import, and an id names nothing there."""
    multiprocessing = sys.modules.get("multiprocessing")  # not imported: not a worker
    if multiprocessing is None or multiprocessing.parent_process() is None:
        return ""
    return (
        "; a worker process knows only the rules registered in it: give the rules "
        "themselves rather than their ids (rules=[*BUILTIN_RULES, my_rule]), which "
        "imports their module there, or import it in the pool's initializer"
    )


def unregister(rule_id: str) -> None:
    """Forget a rule of your own; ids are matched in any case, as by :func:`get_rule`.

    Raises:
        RuleError: when no rule has the id (with the closest one, if any), or for a
            built-in rule: those stay registered; leave one out of a check with
            ``check(case, rules=[r for r in BUILTIN_RULES if r.id != "AS101"])``.
    """
    from activity_systems.rules.engine import BUILTIN_RULES

    spec = get_rule(rule_id)
    if any(spec is builtin for builtin in BUILTIN_RULES):
        raise RuleError(
            f"{spec.id} is a built-in rule and stays registered; to leave it out of a check, "
            f"pass rules=[r for r in BUILTIN_RULES if r.id != {spec.id!r}]"
        )
    _forget(spec.id)
