"""Findings and reports: what the contradiction engine returns.

>>> f = Finding.create(rule="AS402", name="unassigned-task", category="contradiction",
...     level="secondary", severity="medium", elements=["court.task-b", "court.task-a"],
...     message="m", explanation="e", prompt="p")
>>> f.key == Finding.make_key("AS402", ["court.task-a", "court.task-b"])
True
>>> f.key
'AS402-f852150d25'
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from activity_systems.errors import UnknownIdError
from activity_systems.model.actions import WHOLE_CASE_RULES
from activity_systems.model.elements import KeywordsOnly
from activity_systems.model.relations import LEVELS, Level
from activity_systems.model.slugs import closest
from activity_systems.rules.wording import listing

if TYPE_CHECKING:
    from activity_systems.model.case import Case

Category = Literal["contradiction", "integration", "completeness"]
Severity = Literal["high", "medium", "low"]
#: Severities in report order.
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
CATEGORIES: tuple[Category, ...] = ("contradiction", "integration", "completeness")

REPORT_FORMAT = "activity-systems/report"
REPORT_VERSION = 1


def systems_named(case: Case, references: Iterable[str]) -> set[str]:
    """The ids of the systems that a finding's references name: through an element of
    one, an exchange (both its systems) or its id.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> sorted(systems_named(case, ["court.targets", "court-report"]))
    ['court', 'mhs']
    """
    named: set[str] = set()
    for reference in references:
        if case.has_exchange(reference):
            exchange = case.exchange(reference)
            named.update((exchange.from_, exchange.to))
        else:
            named.add(reference.partition(".")[0])
    return named


def at_or_above(findings: Iterable[Finding], severity: Severity) -> list[Finding]:
    """The findings, in their order, at least as severe as ``severity`` (``high``,
    ``medium`` or ``low``): a report's (:meth:`Report.at_or_above`, what ``check
    --fail-on`` counts) or a comparison's new ones
    (:meth:`~activity_systems.follow_up.Comparison.new_at_or_above`, what ``compare
    --fail-on`` counts).

    Raises:
        UnknownIdError: (a ``KeyError`` and a ``ValueError``) for any other severity,
            naming the closest:
            an error of the library's own, as for a level or a rule that
            :meth:`Report.only` is given, since all three are a report's choices that a
            service passes through from a request.

    >>> at_or_above([], "hihg")
    Traceback (most recent call last):
    ...
    activity_systems.errors.UnknownIdError: severity must be one of high, medium, low, not 'hihg' (did you mean 'high'?)
    """  # noqa: E501
    if severity not in SEVERITIES:
        best = closest(severity, SEVERITIES) if isinstance(severity, str) else None
        hint = f" (did you mean {best!r}?)" if best is not None else ""
        raise UnknownIdError(
            f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}{hint}"
        )
    limit = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) <= limit]


class FailOn(StrEnum):
    """Thresholds for the command line's ``--fail-on``."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NEVER = "never"


class Finding(KeywordsOnly):
    """One contradiction (or integration or completeness issue) found in a case."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(
        description="Stable id: rule and elements, independent of order (the rule alone "
        "for AS603, one finding per case)."
    )
    rule: str = Field(description="Rule id, e.g. AS101; AS000 for declared contradictions.")
    name: str = Field(description="Rule name, e.g. deadline-vs-turnaround.")
    category: Category = Field(description="contradiction, integration or completeness.")
    level: Level | None = Field(description="Engeström's level; None outside contradictions.")
    severity: Severity = Field(description="high, medium or low.")
    elements: tuple[str, ...] = Field(
        description="References involved: <system>.<element-id>, exchange ids, system ids."
    )
    message: str = Field(description="One sentence naming the concrete elements and figures.")
    explanation: str = Field(description="Why this is a contradiction.")
    prompt: str = Field(description="A discussion question for the workshop.")
    competencies: tuple[str, ...] = Field(
        default=(), description="Competency slugs that address it."
    )
    declared: bool = Field(default=False, description="Named by the participants.")
    detected: bool = Field(default=True, description="Found by a rule.")
    note: str | None = Field(default=None, description="The participants' note, for declared ones.")

    @property
    def competency_labels(self) -> tuple[str, ...]:
        """The competencies as a handout names them (``"Role clarification"`` for
        ``role-clarification``); a slug the library does not ship stays as it is.

        >>> from activity_systems import check, load
        >>> report = check(load("examples/court-reports.yaml"))
        >>> deadline = next(f for f in report.findings if f.rule == "AS101")
        >>> deadline.competencies
        ('interprofessional-communication', 'role-clarification')
        >>> deadline.competency_labels
        ('Interprofessional communication', 'Role clarification')
        """
        # imported here: ``import activity_systems`` reads no vocabulary
        from activity_systems.vocab import competency_label

        return tuple(competency_label(slug) for slug in self.competencies)

    @staticmethod
    def make_key(rule: str, elements: Iterable[str], extra: str = "") -> str:
        """``<rule>-<10 hex>`` from the rule and the sorted elements; from the rule alone
        for a rule of :data:`~activity_systems.model.actions.WHOLE_CASE_RULES` (AS603),
        whose one finding per case keeps its key while its elements change.

        >>> Finding.make_key("AS603", ["court", "mhs"]) == Finding.make_key("AS603", ["mhs"])
        True
        """
        if rule in WHOLE_CASE_RULES:
            elements = ()
        if isinstance(elements, tuple | list) and len(elements) <= 2:
            # Most findings name one or two elements: sorting a set of them is the
            # same as at most one comparison.
            if len(elements) == 2 and elements[0] != elements[1]:
                first, second = elements
                if second < first:
                    first, second = second, first
                text = "|".join((rule, first, second, extra))
            else:
                text = "|".join([rule, *elements[:1], extra])
        else:
            text = "|".join([rule, *sorted(set(elements)), extra])
        return rule + "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]

    @classmethod
    def create(
        cls,
        *,
        rule: str,
        name: str,
        category: Category,
        level: Level | None,
        severity: Severity,
        elements: Sequence[str],
        message: str,
        explanation: str,
        prompt: str,
        competencies: Sequence[str] = (),
        key_extra: str = "",
        declared: bool = False,
        detected: bool = True,
        note: str | None = None,
    ) -> Finding:
        """A finding whose ``key`` is derived from ``rule`` and ``elements``.

        ``elements`` keep the order the rule documents; the key does not depend on it.
        Values that validation would keep as they are (exact ``str``, ``bool``, allowed
        literals) are not validated again; any others are, as by the constructor.
        """
        elements = tuple(elements)
        competencies = tuple(competencies)
        key = cls.make_key(rule, elements, key_extra)
        if category != "contradiction":
            level = None
        if (
            cls is Finding
            and type(rule) is str
            and type(name) is str
            and type(category) is str
            and category in _CATEGORY_SET
            and (level is None or (type(level) is str and level in _LEVEL_SET))
            and type(severity) is str
            and severity in _SEVERITY_SET
            and all(type(item) is str for item in elements)
            and type(message) is str
            and type(explanation) is str
            and type(prompt) is str
            and all(type(item) is str for item in competencies)
            and type(declared) is bool
            and type(detected) is bool
            and (note is None or type(note) is str)
        ):
            # Validation would keep every value as it is: text is exactly ``str``,
            # tuples hold exactly ``str``, the flags are ``bool`` and the category,
            # level and severity are allowed ones. Anything else (a ``str`` subclass, a
            # number, a typo) goes through validation, which coerces or raises as it
            # always has.
            return _assembled(
                key,
                rule,
                name,
                category,
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
        return cls(
            key=key,
            rule=rule,
            name=name,
            category=category,
            level=level,
            severity=severity,
            elements=elements,
            message=message,
            explanation=explanation,
            prompt=prompt,
            competencies=competencies,
            declared=declared,
            detected=detected,
            note=note,
        )

    def __str__(self) -> str:
        """The finding as the text report shows it, without its number: what
        ``print(finding)`` shows. ``repr()`` stays Pydantic's, every field."""
        from activity_systems.rules.report_text import finding_text

        return finding_text(self)

    def _repr_html_(self) -> str:
        """The finding in a notebook, as the report's HTML shows it, without its number."""
        try:
            from activity_systems.rules.report_text import finding_html

            return finding_html(self)
        except Exception as error:  # display must never raise in a notebook
            return f"<pre>{html.escape(repr(error))}</pre>"

    def systems(self, case: Case) -> tuple[str, ...]:
        """The ids of the systems of ``case`` that the finding involves, sorted: the
        system of each element it names, both systems of each exchange, and each system
        it names by id. These are what :meth:`Report.involving` selects by, given as
        data: a column of a table of findings, or the pair of systems of a finding
        between two (sorted, as a comparison's integration moves name their pair).

        >>> from activity_systems import check, load
        >>> case = load("examples/court-reports.yaml")
        >>> deadline = check(case).findings[0]
        >>> deadline.elements
        ('court.targets', 'mhs.report', 'court-report')
        >>> deadline.systems(case)
        ('court', 'mhs')

        Raises:
            TypeError: when ``case`` is not a :class:`~activity_systems.Case` (a path,
                say: load it first).
        """
        from activity_systems.model.case import Case

        if not isinstance(case, Case):
            raise TypeError(
                "systems() takes the Case the finding was checked from, "
                f"not {type(case).__name__}: systems(load(path)) for a case file"
            )
        return tuple(sorted(systems_named(case, self.elements)))

    def sort_key(self) -> tuple[int, int, str, str]:
        """Report order: severity, level (none last), rule id, key."""
        return (_SEVERITY_RANK[self.severity], _LEVEL_RANK[self.level], self.rule, self.key)

    def to_dict(self) -> dict[str, Any]:
        """The finding as in the report JSON (version 1)."""
        return {
            "key": self.key,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "level": self.level,
            "severity": self.severity,
            "elements": list(self.elements),
            "message": self.message,
            "explanation": self.explanation,
            "prompt": self.prompt,
            "competencies": list(self.competencies),
            "declared": self.declared,
            "detected": self.detected,
            "note": self.note,
        }


def _subcase_of(title: str, whole: str) -> bool:
    """Whether ``title`` is what :meth:`Case.subcase <activity_systems.Case.subcase>`
    titles a part of the case titled ``whole`` (``"Region: a and b"``). As a decision,
    a subcase is known by that title alone: one given another title is told, as the
    case of another report is, that a subcase lacks systems.

    >>> _subcase_of("Region: a and b", "Region"), _subcase_of("Region 2027", "Region")
    (True, False)
    """
    rest = title[len(whole) :] if title.startswith(whole) else ""
    return rest.startswith(": ") or (whole.endswith(("?", "!", ":")) and rest.startswith(" "))


def not_a_finding(takes: str, given: object) -> TypeError:
    """The error for ``given`` where a finding of a report is wanted: ``takes`` says what
    is wanted (``"number() takes a Finding of the report"``), then what was given; a key
    (a string) is told to be looked up in ``report.findings`` first.

    Shared by :meth:`Report.number` and the renderers' ``findings=``.
    """
    return TypeError(
        f"{takes}, not {type(given).__name__}"
        + (
            ": for a key, look the finding up in report.findings first"
            if isinstance(given, str)
            else ""
        )
    )


_FIELD_SET = set(Finding.model_fields)
_CATEGORY_SET = frozenset(CATEGORIES)
_LEVEL_SET = frozenset(LEVELS)
_SEVERITY_SET = frozenset(SEVERITIES)
_set_attribute = object.__setattr__


def _share_field_names() -> None:
    """Give :class:`Finding` its table of field names, in declaration order.

    CPython keeps the attribute names of a class's instances in one table that all of
    them share, filled by the first instance whose attributes are set one by one; a
    dictionary whose values are stored in that order then holds only its values. Pydantic
    never sets a finding's fields one by one (it replaces the whole dictionary), so a
    throwaway finding fills the table. Elsewhere, or if the table does not match, each
    finding simply keeps a dictionary of its own.
    """
    prototype = Finding.__new__(Finding)
    for field in Finding.model_fields:
        _set_attribute(prototype, field, None)


_share_field_names()


def _assembled(
    key: str,
    rule: str,
    name: str,
    category: Category,
    level: Level | None,
    severity: Severity,
    elements: tuple[str, ...],
    message: str,
    explanation: str,
    prompt: str,
    competencies: tuple[str, ...],
    declared: bool,
    detected: bool,
    note: str | None,
) -> Finding:
    """A :class:`Finding` of these values, built without validation: for callers that
    have made sure validation would keep each value as it is (text exactly ``str``,
    tuples of exactly ``str``, flags ``bool``, an allowed category, level and severity,
    no level outside a contradiction), as :meth:`Finding.create` and
    :meth:`~activity_systems.rules.registry.RuleSpec.finding` do."""
    finding = Finding.__new__(Finding)
    # Stored one by one, in declaration order, into the dictionary the instance
    # starts with: CPython then keeps one table of field names for every finding
    # so built (see _share_field_names), and a finding takes about 300 bytes
    # instead of 550. Every finding so built shares one set of field names
    # too (all fields are set): a finding is frozen, and ``model_copy`` copies
    # the set before adding to it.
    values = finding.__dict__
    values["key"] = key
    values["rule"] = rule
    values["name"] = name
    values["category"] = category
    values["level"] = level
    values["severity"] = severity
    values["elements"] = elements
    values["message"] = message
    values["explanation"] = explanation
    values["prompt"] = prompt
    values["competencies"] = competencies
    values["declared"] = declared
    values["detected"] = detected
    values["note"] = note
    _set_attribute(finding, "__pydantic_fields_set__", _FIELD_SET)
    _set_attribute(finding, "__pydantic_extra__", None)
    _set_attribute(finding, "__pydantic_private__", None)
    return finding


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_LEVEL_RANK: dict[Level | None, int] = {level: rank for rank, level in enumerate(LEVELS)}
_LEVEL_RANK[None] = len(LEVELS)


def _in_report_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``sorted(findings, key=Finding.sort_key)``, sorting by key within each group of one
    severity, level and rule: keys are strings, which sort much faster than tuples."""
    groups: dict[tuple[Severity, Level | None, str], list[Finding]] = {}
    for finding in findings:
        group = (finding.severity, finding.level, finding.rule)
        members = groups.get(group)
        if members is None:
            groups[group] = [finding]
        else:
            members.append(finding)
    ordered: list[Finding] = []
    by_key = operator.attrgetter("key")
    for group in sorted(groups, key=_group_order):
        ordered.extend(sorted(groups[group], key=by_key))
    return tuple(ordered)


def _group_order(group: tuple[Severity, Level | None, str]) -> tuple[int, int, str]:
    severity, level, rule = group
    return (_SEVERITY_RANK[severity], _LEVEL_RANK[level], rule)


def _system_ids(systems: tuple[str | Iterable[str], ...]) -> tuple[str, ...]:
    """The ids :meth:`Report.involving` was given, one by one or in one iterable.

    >>> _system_ids(("a", "b")), _system_ids((["a", "b"],)), _system_ids((iter("ab"),))
    (('a', 'b'), ('a', 'b'), ('a', 'b'))

    Raises:
        TypeError: for anything else, saying the two ways to give them.
    """
    given: Iterable[object] = systems
    if len(systems) == 1 and isinstance(systems[0], Iterable) and not isinstance(systems[0], str):
        given = systems[0]
    ids: list[str] = []
    for item in given:
        if not isinstance(item, str):
            raise TypeError(
                "involving() takes system ids, one by one or in one list: "
                "involving(case, 'local', 'national') or "
                f"involving(case, ['local', 'national']), not {type(item).__name__} among them"
            )
        ids.append(item)
    return tuple(ids)


class RuleFailure(KeywordsOnly):
    """A rule that failed, as :attr:`Report.rules_failed` lists it: its id and the error,
    so the other rules' findings still count.

    >>> failure = RuleFailure(rule="ORG101", error="ValueError: no outcome")
    >>> Report.build("Court", [], rules_run=["ORG101"], rules_failed=[failure])
    Report(case='Court', findings=0, rules_run=1, rules_failed=1 (ORG101))
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="The rule's id.")
    error: str = Field(description="The exception's type and message.")


class LeftOutRule(KeywordsOnly):
    """A rule the case leaves out (an entry of its ``leave_out``), as
    :attr:`Report.left_out` lists it: its id, upper-cased, its name (``None`` for an id
    that no rule has), and the group's reason and who decided, as the case gives them.

    >>> left = LeftOutRule(rule="AS602", name="unknown-element", reason=None, by="The group")
    >>> left.title
    'AS602 unknown-element'
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="The rule's id, upper-cased.")
    name: str | None = Field(description="The rule's name; None for an id that no rule has.")
    reason: str | None = Field(description="Why the group left it out, as the case says.")
    by: str | None = Field(description="Who decided, and when, as the case says.")

    @property
    def title(self) -> str:
        """The id and name, ``AS602 unknown-element``; the id alone without a name."""
        return f"{self.rule} {self.name}" if self.name is not None else self.rule


def _named(
    given: str | Iterable[str], known: Sequence[str], what: str, among: str = ""
) -> set[str]:
    """The names ``given`` (one, or an iterable of them), each one of ``known``.

    >>> sorted(_named(["b", "a"], ("a", "b", "c"), "level"))
    ['a', 'b']
    >>> _named("primery", ("primary", "none"), "level")
    Traceback (most recent call last):
    ...
    activity_systems.errors.UnknownIdError: no level 'primery' (did you mean 'primary'?): choose from 'primary' and 'none'
    """  # noqa: E501
    names = {given} if isinstance(given, str) else set(given)
    for name in sorted(names):
        if name not in known:
            best = closest(name, list(known))
            hint = f" (did you mean {best!r}?)" if best is not None else ""
            listed = listing([repr(k) for k in known])
            raise UnknownIdError(f"no {what} {name!r}{hint}: {among or 'choose from'} {listed}")
    return names


class Selection(KeywordsOnly):
    """What :meth:`Report.only` kept, as the report's JSON writes it under
    ``selection``: the selections given (merged, when a part was narrowed again) and
    ``total``, how many findings the report they were taken from held.

    A report of every finding has none (its JSON has no ``selection`` key, so that
    unfiltered reports stay as they were written before the key was added). Unknown
    keys are passed over, as in the rest of the report.

    >>> Selection(total=10, levels=("primary",)).words()
    ['of level primary']
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="ignore")

    # strict: the JSON's number, as the schema has it (not true, 10.0 or "10")
    total: int = Field(ge=0, strict=True)
    severity: Severity | None = None
    # one Literal, so that a misspelt level is told with every name a level may have
    levels: tuple[Literal[Level, "none"], ...] | None = None
    rules: tuple[str, ...] | None = None
    systems: tuple[str, ...] = ()

    @field_validator("levels", "rules", "systems")
    @classmethod
    def _as_only_writes(cls, names: tuple[str, ...] | None, info: ValidationInfo) -> Any:
        """Each name once, as :meth:`Report.only` writes them: levels in report order,
        rules' ids in upper case (as ``check --rules`` reads them) and sorted, systems
        in the order given; so a selection read back narrows as the one written."""
        if names is None:
            return None
        if info.field_name == "levels":
            return tuple(name for name in (*LEVELS, "none") if name in names)
        if info.field_name == "rules":
            return tuple(sorted({name.upper() for name in names}))
        return tuple(dict.fromkeys(names))

    def merged(self, narrower: Selection) -> Selection:
        """The one selection that keeps what this one and then ``narrower`` keep: the
        higher severity, the levels and rules both name, the systems of both (a finding
        involving every one of them); the total of this one, the first taken."""
        severity = self.severity
        if narrower.severity is not None and (
            severity is None or _SEVERITY_RANK[narrower.severity] < _SEVERITY_RANK[severity]
        ):
            severity = narrower.severity
        return Selection(
            total=self.total,
            severity=severity,
            levels=_both(self.levels, narrower.levels),
            rules=_both(self.rules, narrower.rules),
            systems=tuple(dict.fromkeys((*self.systems, *narrower.systems))),
        )

    def words(self) -> list[str]:
        """What the selection keeps, in words, as the text report says it."""
        said = []
        if self.severity is not None:
            said.append(f"at least {self.severity} in severity")
        if self.levels is not None:
            named = [name for name in LEVELS if name in self.levels]
            words = f"of level{'s' if len(named) > 1 else ''} {listing(named)}" if named else ""
            if "none" in self.levels:
                words = f"{words} or without a level" if words else "without a level"
            said.append(words or "of no level")
        if self.rules is not None:
            ids = list(self.rules)
            said.append(
                f"of rule{'s' if len(ids) > 1 else ''} {listing(ids)}" if ids else "of no rule"
            )
        if self.systems:
            said.append(f"involving {listing(list(self.systems))}")
        return said

    def to_data(self) -> dict[str, Any]:
        """The JSON's ``selection``: every key written, ``null`` (or ``[]`` for
        ``systems``) for a selection not given."""
        return {
            "total": self.total,
            "severity": self.severity,
            "levels": None if self.levels is None else list(self.levels),
            "rules": None if self.rules is None else list(self.rules),
            "systems": list(self.systems),
        }


def _both(first: tuple[str, ...] | None, second: tuple[str, ...] | None) -> Any:
    """The names both selections keep (``None``: all), in the first's order."""
    if first is None or second is None:
        return second if first is None else first
    return tuple(name for name in first if name in second)


class _ByLevel(dict[str, list["Finding"]]):
    """:meth:`Report.by_level`'s ``dict``: a level it does not have is told with the
    level meant (``report.by_level()["quartenary"]``), not as a bare ``KeyError``.

    >>> _ByLevel({"primary": []})["primery"]
    Traceback (most recent call last):
    ...
    activity_systems.errors.UnknownIdError: no level 'primery' (did you mean 'primary'?): by_level() has 'primary'
    """  # noqa: E501

    __slots__ = ()

    def __missing__(self, key: object) -> list[Finding]:
        levels = list(self)
        best = closest(key, levels) if isinstance(key, str) else None
        hint = f" (did you mean {best!r}?)" if best is not None else ""
        has = listing([repr(level) for level in levels])
        raise UnknownIdError(f"no level {key!r}{hint}: by_level() has {has}")


class Report(KeywordsOnly):
    """Findings of one check, sorted, with counts and the rules that ran."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")

    case: str = Field(description="The case's title.")
    findings: tuple[Finding, ...] = Field(
        default=(), description="The findings, in report order, numbered from 1 as on figures."
    )
    rules_run: tuple[str, ...] = Field(default=(), description="Ids of the rules run, sorted.")
    rules_failed: tuple[RuleFailure, ...] = Field(
        default=(), description="The rules that raised, with their errors."
    )
    left_out: tuple[LeftOutRule, ...] = Field(
        default=(),
        description="The rules the case leaves out (its leave_out), in the case's order, "
        "with the group's reason and who decided: not run, so not in rules_run.",
    )

    @classmethod
    def build(
        cls,
        case: str,
        findings: Iterable[Finding],
        rules_run: Iterable[str],
        rules_failed: Iterable[RuleFailure] = (),
        left_out: Iterable[LeftOutRule] = (),
    ) -> Report:
        """A report with findings in the documented order and rules sorted by id; the
        rules left out stay in the order given, the case's."""
        return cls(
            case=case,
            findings=_in_report_order(findings),
            rules_run=tuple(sorted(set(rules_run))),
            rules_failed=tuple(sorted(rules_failed, key=lambda f: f.rule)),
            left_out=tuple(left_out),
        )

    def __eq__(self, other: object) -> bool:
        """Equal fields and equal :attr:`selection`: a report that kept none of ten
        findings is not the report of a case without findings, as their JSON is not."""
        equal = super().__eq__(other)
        if equal is not True or not isinstance(other, Report):
            return equal
        return self.selection == other.selection

    def __repr__(self) -> str:
        """A one-line summary (a report may hold thousands of findings; ``findings``
        lists them), naming the rules the case leaves out when it leaves some out, and
        how many findings of how many a filtered report (:meth:`only`) kept.

        >>> Report.build("Reports", [], rules_run=["AS101", "AS201"])
        Report(case='Reports', findings=0, rules_run=2, rules_failed=0)
        """
        found = str(len(self.findings))
        if self.findings:
            by_severity = self.counts()["by_severity"]
            found += f" ({', '.join(f'{by_severity[s]} {s}' for s in SEVERITIES)})"
        failed = str(len(self.rules_failed))
        if self.rules_failed:
            failed += f" ({', '.join(f.rule for f in self.rules_failed)})"
        # the rules the case leaves out only when it leaves some out, as that is rare
        left = (
            f", left_out={len(self.left_out)} ({', '.join(x.rule for x in self.left_out)})"
            if self.left_out
            else ""
        )
        # what only() kept, of how many, when it left some out, as the text report says
        kept = (
            ""
            if (selection := self.selection) is None
            else f", selection={len(self.findings)} of {selection.total}"
        )
        return (
            f"Report(case={self.case!r}, findings={found}, rules_run={len(self.rules_run)}, "
            f"rules_failed={failed}{left}{kept})"
        )

    def __str__(self) -> str:
        """The report as the command line prints it (:meth:`to_text`): what
        ``print(report)`` shows."""
        return self.to_text()

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"by_level": {...}, "by_severity": {...}}`` with every level and severity;
        findings without a level are counted under ``"none"``."""
        by_level: dict[str, int] = dict.fromkeys(LEVELS, 0) | {"none": 0}
        by_severity: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            by_level[finding.level or "none"] += 1
            by_severity[finding.severity] += 1
        return {"by_level": by_level, "by_severity": by_severity}

    @functools.cached_property
    def _numbering(self) -> tuple[tuple[Finding, ...], dict[str, int]]:
        # Not a field (equality and dumps ignore it); kept with the tuple it numbers,
        # since model_copy() copies it along.
        numbers: dict[str, int] = {}
        for position, item in enumerate(self.findings, start=1):
            numbers.setdefault(item.key, position)
        return self.findings, numbers

    def number(self, finding: Finding) -> int:
        """1-based number of a finding in the report, as drawn on diagrams.

        Numbering every finding of a report takes linear time: numbers come from an index
        by key, built on first use.

        Raises:
            TypeError: for anything but a :class:`Finding` (a key, say).
            ValueError: when the finding is not in the report (one of another case, or of
                another version of it), naming its key and saying whether the report has
                another finding with that key.
        """
        if not isinstance(finding, Finding):
            raise not_a_finding("number() takes a Finding of the report", finding)
        findings, numbers = self._numbering
        position = numbers.get(finding.key) if findings is self.findings else None
        if position is not None:
            found = self.findings[position - 1]
            # the same object most often (a figure numbering its report's findings):
            # comparing it field by field would find it equal, at some 2 µs a finding
            if found is finding or found == finding:
                return position
        try:
            return self.findings.index(finding) + 1
        except ValueError:
            raise ValueError(self._not_in_report(finding)) from None

    def _not_in_report(self, finding: Finding) -> str:
        """Why :meth:`number` has no number for ``finding``.

        >>> from activity_systems import check
        >>> report = check("examples/court-reports.yaml")
        >>> changed = report.findings[0].model_copy(update={"severity": "low"})
        >>> where, why = report._not_in_report(changed).split(": ", 1)
        >>> print(where[:49])
        finding AS101-3705b555c6 is not in this report of
        >>> print(why)
        its finding 1 has that key but differs from it (a finding of another version of the case?)
        """
        where = f"finding {finding.key} is not in this report of {self.case!r}"
        same_key = next(
            (number for number, item in enumerate(self.findings, 1) if item.key == finding.key),
            None,
        )
        if same_key is not None:
            return (
                f"{where}: its finding {same_key} has that key but differs from it (a finding "
                "of another version of the case?)"
            )
        return f"{where} (a finding of another case, or of another version of this one?)"

    def at_or_above(self, severity: Severity) -> list[Finding]:
        """Findings at least as severe as ``severity`` (``high``, ``medium`` or ``low``).

        >>> from activity_systems import check
        >>> [f.severity for f in check("examples/court-reports.yaml").at_or_above("medium")][-1]
        'medium'

        Raises:
            UnknownIdError: (a ``KeyError`` and a ``ValueError``) for any other
                severity, naming the closest.
        """
        return at_or_above(self.findings, severity)

    def involving(self, case: Case, *systems: str | Iterable[str]) -> list[Finding]:
        """The findings, in report order, that involve every one of ``systems`` (ids of the
        case's systems): through an element of it, an exchange it produces or receives, or
        its id. One id gives everything about that system; two, what lies between them.
        Numbers stay those of the report (:meth:`number`).

        The ids are given one by one, ``involving(case, "local", "national")``, or in one
        list (any iterable), as :meth:`Case.subcase <activity_systems.Case.subcase>` takes
        them: ``involving(case, ["local", "national"])``.

        >>> from activity_systems import check, load
        >>> case = load("examples/liaison-and-diversion.yaml")
        >>> report = check(case)
        >>> between = report.involving(case, "local", "national")
        >>> [report.number(f) for f in between]
        [1, 2, 3, 4, 9]
        >>> report.involving(case, ["local", "national"]) == between
        True

        Raises:
            TypeError: when ``case`` is not a :class:`~activity_systems.Case` (a path, say),
                or the ids are neither text nor one list of text (ids and a list mixed).
            ArgumentError: (a ``ValueError``) for no id.
            UnknownIdError: (a ``KeyError`` and a ``ValueError``) for an id
                that is not one of the case's systems, naming the closest id.
        """
        from activity_systems.model.case import Case

        if not isinstance(case, Case):
            # an id alone (involving("court")) is the id, given without the case
            ids = systems or ((case,) if isinstance(case, str) else ())
            raise TypeError(
                "involving() takes the Case the report was checked from, then system ids, "
                f"not {type(case).__name__}: involving(case, {', '.join(map(repr, ids))})"
            )
        ids = _system_ids(systems)
        if not ids:
            from activity_systems.errors import ArgumentError

            example = f"involving(case, {case.systems[0].id!r})" if case.systems else ""
            raise ArgumentError(
                "involving() names at least one of the case's systems"
                + (f", as {example}" if example else "")
            )
        known = {system.id for system in case.systems}
        unknown = [system for system in ids if system not in known]
        if unknown:
            from activity_systems.errors import UnknownIdError
            from activity_systems.model.slugs import did_you_mean

            raise UnknownIdError(f"no system {unknown[0]!r}{did_you_mean(unknown[0], known)}")
        wanted = set(ids)
        return [f for f in self.findings if wanted <= systems_named(case, f.elements)]

    def only(
        self,
        *,
        severity: Severity | None = None,
        level: str | Iterable[str] | None = None,
        rule: str | Iterable[str] | None = None,
        systems: Iterable[str] = (),
        case: Case | None = None,
    ) -> Report:
        """The report of the findings that every selection given keeps: at least as
        severe as ``severity`` (as :meth:`at_or_above`), of the levels ``level`` names
        (``"none"`` for the findings without one, as :meth:`by_level`), of the rules
        ``rule`` names, and involving every one of ``systems`` (as :meth:`involving`,
        which needs the ``case``; the ``case`` serves nothing else). A level or rule is
        one text or a list of them; a rule's id is read in any case, as ``check
        --rules`` reads it.

        A report still, in report order: printed, written as CSV or JSON, or drawn
        (``render(case, report=...)``), its counts and numbers (from 1) are the part's,
        as those of a report of fewer rules are; the rules that ran, failed or were
        left out stay as they were. What ``check --severity``, ``--level`` and
        ``--system`` write. Its text, Markdown and notebook display say under the
        counts what was kept, of how many, and its JSON says it as ``selection``; a
        part narrowed again says the one selection both make, of the first total. A
        selection that leaves no finding out gives this report, without one.

        >>> from activity_systems import check, load
        >>> case = load("examples/liaison-and-diversion.yaml")
        >>> report = check(case)
        >>> part = report.only(case=case, systems=["court"], severity="high")
        >>> len(report.findings), len(part.findings), part.number(part.findings[0])
        (10, 4, 1)

        Raises:
            UnknownIdError: (a ``KeyError`` and a ``ValueError``) for a severity other
                than ``high``, ``medium`` or ``low``, a level, a rule that did not run,
                or a system that is not one of the case's, naming the closest.
            TypeError: for ``systems`` without the ``case``, or for a ``case`` that is
                not a :class:`~activity_systems.Case` (a path, say), with ``systems`` or
                without (the case is used only for ``systems``, but a wrong one is
                refused all the same, not ignored).
        """
        from activity_systems.model.case import Case

        kept = list(self.findings)
        systems = [systems] if isinstance(systems, str) else list(systems)
        if case is not None and not isinstance(case, Case) and not systems:
            # The case serves only systems=; as a decision a wrong one is refused without
            # them too, as with them, rather than ignored (it is likely a mistake).
            raise TypeError(
                "only() takes the Case the report was checked from as case=, not "
                f"{type(case).__name__}; it is used only with systems=: "
                "only(case=case, systems=[...])"
            )
        if systems:
            if case is None:
                raise TypeError(
                    "only(systems=...) takes the Case the report was checked from too: "
                    "only(case=case, systems=[...])"
                )
            if not isinstance(case, Case):
                # said here, as involving() would say it of itself
                raise TypeError(
                    "only() takes the Case the report was checked from as case=, not "
                    f"{type(case).__name__}: only(case=case, systems={systems!r})"
                )
            kept = self.involving(case, systems)
        if severity is not None:
            high_enough = {id(f) for f in self.at_or_above(severity)}
            kept = [f for f in kept if id(f) in high_enough]
        if level is not None:
            levels = _named(level, (*LEVELS, "none"), "level")
            kept = [f for f in kept if (f.level or "none") in levels]
        if rule is not None:
            # in any case, as check --rules takes them (ids are registered upper case)
            given = [rule] if isinstance(rule, str) else list(rule)
            rules = _named(
                [r.upper() for r in given], self.rules_run, "rule", "the rules that ran are"
            )
            kept = [f for f in kept if f.rule in rules]
        earlier = self.selection
        if earlier is None and len(kept) == len(self.findings):
            return self  # a selection that leaves nothing out is none
        asked = Selection(
            total=len(self.findings),
            severity=severity,
            levels=None if level is None else tuple(n for n in (*LEVELS, "none") if n in levels),
            rules=None if rule is None else tuple(sorted(rules)),
            systems=tuple(dict.fromkeys(systems)),
        )
        selection = asked if earlier is None else earlier.merged(asked)
        part = Report.build(self.case, kept, self.rules_run, self.rules_failed, self.left_out)
        from activity_systems.rules.made_from import made_from, remember

        made = made_from(self)
        if made is not None:  # a part is of the same case: its text says the same of it
            remember(part, made)
        return part._selected_by(selection)

    def _selected_by(self, selection: Selection | None) -> Report:
        """This report, saying that ``selection`` kept its findings (none: every finding
        is listed). Not a field (:attr:`selection` reads it, and equality compares it):
        what the text, Markdown and notebook display say under the counts, and the JSON
        writes as ``selection``; kept with the findings it was said of, so a copy with
        other findings drops it."""
        if selection is None:
            self.__dict__.pop("_selected", None)
        else:
            self.__dict__["_selected"] = (self.findings, selection)
        return self

    @property
    def selection(self) -> Selection | None:
        """What :meth:`only` (``check --severity``, ``--level``, ``--system``) kept,
        and how many findings the report it was taken from held, as the JSON's
        ``selection`` says it and :meth:`from_json` reads it back; ``None`` for a
        report of every finding. Read only; reports are equal when their fields and
        their selections are, so that equal reports write the same JSON.

        >>> from activity_systems import check, load
        >>> report = check(load("examples/liaison-and-diversion.yaml"))
        >>> part = report.only(level="primary")
        >>> report.selection is None, len(part.findings), part.selection.total
        (True, 0, 10)
        """
        selected = self.__dict__.get("_selected")
        if selected is None or selected[0] is not self.findings:
            return None
        selection: Selection = selected[1]
        return selection

    def _selection_note(self, *, grouped: bool = False) -> str:
        """What :meth:`only` kept, as the text, Markdown and notebook display of the
        report say it under the counts; empty for a report of every finding. ``grouped``
        writes the counts with a comma between thousands, as the notebook's display does.

        >>> from activity_systems import check
        >>> report = check("examples/liaison-and-diversion.yaml")
        >>> report.only(level="primary")._selection_note()
        'Only the findings of level primary are listed: 0 of 10.'
        """
        selection = self.selection
        if selection is None:
            return ""
        said = ", ".join(selection.words())
        kept, total = len(self.findings), selection.total
        if grouped:
            return f"Only the findings {said} are listed: {kept:,} of {total:,}."
        return f"Only the findings {said} are listed: {kept} of {total}."

    def by_level(self) -> dict[str, list[Finding]]:
        """Findings grouped by level (then ``"none"``), in report order within each. A
        ``dict``, whose missing key (a misspelt level) raises
        :class:`~activity_systems.errors.UnknownIdError`, a ``KeyError`` that names the
        level meant and the levels. PyYAML's dumpers (``yaml.safe_dump`` too) write it
        as a plain mapping, once its findings are made data (their ``key`` or
        ``to_dict()``)."""
        groups: dict[str, list[Finding]] = _ByLevel({level: [] for level in LEVELS} | {"none": []})
        for finding in self.findings:
            groups[finding.level or "none"].append(finding)
        return groups

    def to_data(self) -> dict[str, Any]:
        """The report as the versioned JSON contract (``activity-systems/report`` v1);
        :meth:`from_data` reads it back. A report of some of the findings
        (:meth:`only`) has one more key, written last: ``selection``, what was kept and
        of how many (:class:`Selection`'s keys); a report of every finding has none, so
        a consumer's ``data.get("selection")`` is ``None`` for it."""
        return {
            "format": REPORT_FORMAT,
            "version": REPORT_VERSION,
            "case": self.case,
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts(),
            "rules_run": list(self.rules_run),
            "rules_failed": [f.model_dump() for f in self.rules_failed],
            "left_out": [left.model_dump() for left in self.left_out],
        } | ({} if (selection := self.selection) is None else {"selection": selection.to_data()})

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Report:
        """The report that :meth:`to_data` gave ``data`` of, as :meth:`from_json` reads
        it from the JSON text (see there); for a report loaded with :func:`json.load`.

        Raises:
            TypeError: when ``data`` is not a mapping (text goes to :meth:`from_json`).
            ReportFileError: (a ``ValueError``) for data that is not a report of this
                library, names another format or version, or has not the fields of a
                report.
        """
        from pydantic import ValidationError

        from activity_systems.rules.collector import collector_paused
        from activity_systems.rules.report_reading import malformed, report_fields, selection_of

        # Paused, as while a report is made: tens of thousands of findings are read, and
        # the collector's passes over them made reading a large report slower than in
        # proportion to its size (7.9 times as long for four times the findings).
        with collector_paused():
            fields = report_fields(data)
            try:
                report = cls.model_validate(fields)
            except ValidationError as error:
                raise malformed(error.errors(include_url=False)) from None
            return report._selected_by(selection_of(data, len(report.findings)))

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """The report whose JSON is ``text``: what :meth:`to_json` gives, ``check
        --format json`` prints and ``check -o report.json`` writes, read back, equal to
        the report it was written from. Its numbers (:meth:`number`), its selections and
        its figures are then those of that report: ``render(case, report=...)`` and
        ``handout(case, report=...)`` take it. It does not know the case it was made
        from, as the report of :func:`~activity_systems.check` does: drawn with an
        edited version of the case, it warns only of findings that name what that
        version lacks.

        >>> from activity_systems import check
        >>> report = check("examples/court-reports.yaml")
        >>> again = Report.from_json(report.to_json())
        >>> again == report, again.number(again.findings[2])
        (True, 3)

        The text must name the format ``activity-systems/report`` and version 1. A key
        that this version does not know, in the report or in a finding, is passed over
        (a later version may add one beside the others, as it would not raise
        ``version`` for that). ``counts`` is not read: it is derived from the findings,
        which :meth:`counts` counts again, so a report whose findings were filtered by
        another tool is read as it now is. ``selection`` is read: the report read back
        says what was kept, of how many, as the one written did (its text, Markdown
        and notebook display); ``null`` is read as none.

        Raises:
            TypeError: for a path (read the file first: ``Path(name).read_text()``) or
                anything else that is not text.
            ReportFileError: (a ``ValueError``) for text that is not JSON, JSON that is
                not a report of this library (a case file, a comparison), a report of
                another version, or one whose fields are not a report's, each saying
                what it found.
        """
        from activity_systems.rules.collector import collector_paused
        from activity_systems.rules.report_reading import report_data

        with collector_paused():  # see from_data
            return cls.from_data(report_data(text))

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report JSON, byte-identical for the same case and rules; :meth:`from_json`
        reads it back."""
        from activity_systems.rules.collector import collector_paused
        from activity_systems.rules.report_json import indented_json

        with collector_paused():
            data = self.to_data()
            if indent is None:
                return json.dumps(data, ensure_ascii=False) + "\n"
            return indented_json(data, indent) + "\n"

    def to_csv(self) -> str:
        """The findings as a CSV table, as ``check --format csv`` writes it: a header row,
        then one row per finding in report order, its ``number`` as on the figures
        followed by the keys of a finding in the report JSON; no byte-order mark, lines
        ending in ``\\n``, text as the case holds it (the command line page's "The CSV
        table" says how each column is written, and how to open the file in Excel)."""
        from activity_systems.rules.report_csv import report_csv

        return report_csv(self)

    def to_records(
        self, case: Case | None = None, *, columns: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The findings as rows of a table, without writing a file: a dictionary per
        finding, in report order, that ``pandas.DataFrame`` or a list of rows of many
        cases takes. Its lists and tuples are Python's: a file written from the rows
        as they are (``csv.DictWriter``) holds ``['court.targets', 'mhs.report']``
        where :meth:`to_csv` joins them by a space.

        Each row is ``columns`` first (the case's name, its site, the date of its
        workshop: what tells the rows of one case from those of another when the rows
        of many cases make one table), then ``number`` (the finding's number, as on the
        figures and in the text report), then the keys of the finding as the report's
        JSON writes them (:meth:`Finding.to_dict`: ``elements`` and ``competencies``
        are lists, ``level`` and ``note`` may be ``None``), and, given the ``case`` the
        report was made from, last ``systems``: the sorted ids of the systems the
        finding involves (:meth:`Finding.systems`), a tuple, so that pandas can group
        rows by it. The keys up to ``note`` are the columns of :meth:`to_csv`, in its
        order.

        >>> from activity_systems import check, load
        >>> case = load("examples/court-reports.yaml")
        >>> first = check(case).to_records(case, columns={"site": "north"})[0]
        >>> first["site"], first["number"], first["rule"], first["systems"]
        ('north', 1, 'AS101', ('court', 'mhs'))

        Raises:
            TypeError: when ``case`` is not a :class:`~activity_systems.Case` (a path,
                say: load it first), or ``columns`` is not a mapping (or a row with
                keys, as a pandas ``Series``) or names a column by what is not text.
            ValueError: when a name of ``columns`` is one of the row's own keys
                (``key``, ``number``, ``systems``, with the case or without it...),
                which it would hide; when a
                finding names what is neither a system nor an exchange of ``case`` (the
                case of another report), whose systems it cannot tell. An element
                gone from a later version of the case still names its system, and is
                not refused; a system or an exchange gone from it (or renamed) is, and
                so is a subcase (:meth:`Case.subcase
                <activity_systems.Case.subcase>`) without the systems a finding
                names, the message saying so.
        """
        from activity_systems.rules.report_csv import COLUMNS, leading_columns

        # the CSV table's columns, which it writes from these rows: one list of them.
        # systems is a column of the rows given the case only, but a name of its own
        # with it or without it: one table of rows made both ways has one meaning for it
        leading = leading_columns(columns, [*COLUMNS, "systems"])
        if case is not None:
            from activity_systems.model.case import Case

            if not isinstance(case, Case):
                raise TypeError(
                    "to_records() takes the Case the report was checked from, "
                    f"not {type(case).__name__}: to_records(load(path)) for a case file"
                )
        known = {system.id for system in case.systems} if case is not None else set()
        records: list[dict[str, Any]] = []
        for number, finding in enumerate(self.findings, start=1):
            record = {**leading, "number": number, **finding.to_dict()}
            if case is not None:
                systems = finding.systems(case)
                if not known.issuperset(systems):
                    strange = next(
                        reference
                        for reference in finding.elements
                        if not known.issuperset(systems_named(case, [reference]))
                    )
                    said = (
                        f"finding {number} ({finding.key}) names {strange!r}, which is "
                        f"neither a system nor an exchange of {case.title!r}, nor an "
                        "element of one"
                    )
                    if _subcase_of(case.title, self.case):
                        raise ValueError(
                            f"{said}: {case.title!r} is a subcase of the report's case, "
                            "which lacks the systems that findings of the whole case name; "
                            "give to_records() the whole case and keep the rows whose "
                            "systems are among those chosen (report.to_records(case)), or "
                            "check the subcase itself (check(part).to_records(part))"
                        )
                    raise ValueError(
                        f"{said}: to_records() takes the case the report was checked from "
                        f"(the report is of {self.case!r}), the whole of it: a subcase "
                        "(case.subcase([...])) lacks the systems its findings name"
                    )
                record["systems"] = systems
            records.append(record)
        return records

    def to_latex(self, *, table: str = "tabularx") -> str:
        """The findings as a LaTeX table for an article, as ``check --format latex``
        writes it: a ``tabularx`` as wide as the line (``booktabs`` rules), a row per
        finding in report order with its number as on the figures, its rule, level,
        severity and message, the case's text escaped; ``\\input`` it inside the
        article's own ``table`` with its caption.

        ``table="longtable"`` (``--table longtable``) writes the same rows as a
        ``longtable`` as wide as the line instead, for a one-column document such as a
        thesis: ``\\input`` it outside any float, and it breaks across pages, its
        header row repeated on each. ``table="column"`` (``--table column``) writes a
        ``tabularx`` of two columns, the number and then the rule, level, severity and
        message in one cell, for a ``table`` in one column of a two-column article,
        where the default's message column is too narrow.

        Raises:
            ArgumentError: for a ``table`` other than ``"tabularx"``, ``"longtable"`` or
                ``"column"`` (a ``ValueError``).

        >>> from activity_systems import check
        >>> table = check("examples/court-reports.yaml").to_latex().splitlines()
        >>> print(table[6])
        No. & Rule & Level & Severity & Finding \\\\
        >>> print(table[8][:29])
        1 & AS101 & quaternary & high
        """
        from activity_systems.rules.report_latex import report_latex

        return report_latex(self, table=table)

    def to_markdown(self) -> str:
        """A Markdown summary: counts, then findings grouped by level, user text escaped."""
        from activity_systems.rules.report_text import report_markdown

        return report_markdown(self)

    def to_text(self, *, width: int = 88) -> str:
        """Plain text for a terminal, wrapped at ``width`` columns (at most 88, at least
        30)."""
        from activity_systems.rules.report_text import report_text

        return report_text(self, width=width)

    def _repr_html_(self) -> str:
        try:
            from activity_systems.rules.report_text import NOTEBOOK_FINDINGS, report_html

            return report_html(self, limit=NOTEBOOK_FINDINGS)
        except Exception as error:  # display must never raise in a notebook
            return f"<pre>{html.escape(repr(error))}</pre>"
