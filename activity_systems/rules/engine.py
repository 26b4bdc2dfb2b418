"""The contradiction engine: run rules over a case and report what they find.

>>> from activity_systems import load
>>> report = check(load("examples/court-reports.yaml"))
>>> [f.rule for f in report.findings if f.severity == "high"][:3]
['AS101', 'AS202', 'AS301']
>>> report.rules_run == tuple(spec.id for spec in BUILTIN_RULES)
True

Users add rules with :func:`rule` and build findings with :func:`new_finding`; the spec the
decorator returns runs beside the built-ins: ``check(case, rules=[*BUILTIN_RULES, mine])``.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from activity_systems.errors import (
    MisnamedFindingWarning,
    RuleError,
    RuleFailedWarning,
    defined_at,
    raised_in_user_code,
    user_stacklevel,
)
from activity_systems.model.case import Case
from activity_systems.model.slugs import closest, did_you_mean
from activity_systems.rules import completeness, content, declared, integration, labour, timing
from activity_systems.rules import values as value_rules
from activity_systems.rules.action_review import action_rule, review_actions
from activity_systems.rules.case_index import index_scope
from activity_systems.rules.collector import collector_paused
from activity_systems.rules.declared import merge_declared
from activity_systems.rules.finding import Category, Finding, Report, RuleFailure
from activity_systems.rules.left_out import left_out_rules, warn_left_out
from activity_systems.rules.made_from import remember
from activity_systems.rules.misnamed import misnamed_message, unknown_rule_message
from activity_systems.rules.registry import (
    COMPLETENESS_PROMPT,
    DEFAULT_PROMPT,
    DEFAULT_PROMPTS,
    RuleDoc,
    RuleSpec,
    get_rule,
    new_finding,
    registered_rules,
    rule,
    unregister,
)
from activity_systems.rules.wording import listing
from activity_systems.vocab import competency_label

__all__ = [
    "BUILTIN_RULES",
    "RuleDoc",
    "RuleEntry",
    "RuleSpec",
    "check",
    "get_rule",
    "new_finding",
    "rule",
    "rule_catalogue",
    "run_rules",
    "unregister",
]

#: The built-in rules in id order. A tuple: extend it, ``[*BUILTIN_RULES, my_rule]``.
BUILTIN_RULES: tuple[RuleSpec, ...] = (
    declared.declared_contradiction,
    timing.deadline_vs_turnaround,
    timing.rule_vs_tool_time,
    content.unmet_expectation,
    content.withheld_by_norm,
    value_rules.value_tension,
    labour.unowned_exchange,
    labour.unassigned_task,
    labour.extra_contractual_work,
    labour.unidentified_producer,
    integration.integration_gap,
    integration.over_integration,
    completeness.empty_node,
    completeness.unknown_element,
    completeness.no_shared_object,
    completeness.misspelt_value,
    completeness.untimed_reference,
)

RuleChoice = RuleSpec | str
_Noted = TypeVar("_Noted")

#: Inside :func:`failures_placed`: where each failed rule failed, a mapping per check.
_PLACES: contextvars.ContextVar[list[dict[str, str]] | None] = contextvars.ContextVar(
    "activity_systems_failure_places", default=None
)
#: Inside :func:`failures_raised`: what each failed rule raised, a mapping per check.
_RAISED: contextvars.ContextVar[list[dict[str, BaseException]] | None] = contextvars.ContextVar(
    "activity_systems_failures_raised", default=None
)

if TYPE_CHECKING:
    from activity_systems.io.yaml_source import Source


def check(
    case: Case | str | os.PathLike[str],
    rules: Iterable[RuleChoice] | RuleChoice | None = None,
) -> Report:
    """Run rules over a case and return the report.

    >>> report = check("examples/court-reports.yaml")
    >>> len(report.findings), report.findings[0].rule, report.findings[0].severity
    (12, 'AS101', 'high')
    >>> [f.rule for f in check("examples/court-reports.yaml", rules=["AS101"]).findings]
    ['AS101']

    Args:
        case: The case to check, or the path of a case file to load.
        rules: Rule specs or rule ids to run, as a list (one alone may be given as it
            is, ``rules="AS101"``); default: :data:`BUILTIN_RULES`. Include ``AS000`` to
            report (and merge) the case's declared contradictions.

    A rule that raises is reported in ``rules_failed`` with its error, and none of its
    findings are kept; the other rules' findings are. So is a rule that gives something
    other than its findings (returns ``None``, one finding, a dict, a number, or a list
    holding something that is no finding), with an error that says what it gave, a rule
    that gives another rule's findings (those of ``check(...)``, say) rather than its
    own, built with :func:`new_finding`, and a rule of the user's whose
    finding names an element, exchange or system the case does not have (a typo in a
    reference would otherwise draw a bolt to nothing). Each failed rule also gives a
    :class:`~activity_systems.RuleFailedWarning`, so that a broken rule is not mistaken
    for one that found nothing; it names the line of the rule that raised, where that is
    the user's code (``failed at my_rules.py:27, in my_rule``). ``rules_run`` lists
    every rule that was run, failed ones included.

    The report remembers the case it was made from, outside its data (its fields,
    equality, hash and JSON know nothing of it; it keeps the case for as long as it
    lives): a figure or a handout given the report with a case whose content differs,
    an edited version of it, warns with a :class:`~activity_systems.StaleReportWarning`.

    An action of the case that names a finding the report does not have, when the
    report has one finding close to it, gives a
    :class:`~activity_systems.MisnamedFindingWarning` naming that finding (see
    :func:`~activity_systems.rules.misnamed.probable_finding`), so that a typo does
    not pass for a resolved finding. So does an action that names a rule id no rule
    has (``AS1O1``), with the rule it probably means.

    Raises:
        CaseFileError: when ``case`` is a path that does not load.
        ValueError: when ``case`` is the text of a case file rather than its path.
        RuleError: for an unknown rule id, several ids in one string (give a list,
            ``rules=["AS101", "AS201"]``), or two different rules with one id.
        TypeError: when ``case`` is neither a :class:`~activity_systems.Case` nor a path.
    """
    source: Source | None = None
    if isinstance(case, str | os.PathLike):
        from activity_systems.io.loading import load_with_source

        case, source = load_with_source(Path(case))
    if not isinstance(case, Case):
        raise TypeError(
            f"check() takes a Case or the path of a case file, not {type(case).__name__}"
        )
    report = run_rules(case, rules, source=source)
    warn_misnamed(case, report, source)
    return report


def run_rules(
    case: Case,
    rules: Iterable[RuleChoice] | RuleChoice | None = None,
    *,
    left_out: Iterable[str] | None = None,
    source: Source | None = None,
) -> Report:
    """:func:`check` of a case, without the review of its actions: what figures,
    handouts and comparisons use, since they show that review themselves or have no use
    for it. Failed rules are reported and warned of, and the report remembers its case,
    as by :func:`check`.

    The rules of the case's ``leave_out`` are not run, even when ``rules`` names them
    (the case's decision holds on every run, as a linter's configuration does; take the
    entry out of the case to run the rule). ``left_out`` gives other ids to leave out
    instead: a comparison leaves out those of either version from both. The report's
    :attr:`~activity_systems.Report.left_out` lists the case's own ``leave_out``
    entries, with their reasons, but for any rule that ran all the same (one ``left_out``
    did not name): the case's decision, which its reports carry, not the run's.
    Given ``source`` (the parsed case file), a warning of an entry that names an id no
    rule has says where it is written (``court.yaml:12:11: leave_out[0] ...``)."""
    chosen = _chosen(rules)
    if left_out is not None:
        dropped = frozenset(rule.upper() for rule in left_out)
    elif dropped := case.left_out():  # most cases leave nothing out, and need no warning
        # A choice that holds every built-in rule (BUILTIN_RULES, with one's own rules
        # beside them as --rules-from gives them) names no rule in particular: only a
        # narrower one asks for a rule the case leaves out, and is warned that it is not run.
        everything = {spec.id for spec in BUILTIN_RULES} <= {spec.id for spec in chosen}
        asked = None if rules is None or everything else [spec.id for spec in chosen]
        known = [spec.id for spec in (*registered_rules(), *chosen)]
        warn_left_out(case, asked, known, source)
    specs = [spec for spec in chosen if spec.id.upper() not in dropped]
    findings: list[Finding] = []
    failures: list[RuleFailure] = []
    places: dict[str, str] = {}
    raised: dict[str, BaseException] = {}
    noted = _PLACES.get()
    if noted is not None:
        noted.append(places)
    kept = _RAISED.get()
    if kept is not None:
        kept.append(raised)
    with collector_paused(), index_scope(case):
        for spec in specs:
            try:
                found = _unique_keys(spec, spec(case))
                if not _is_builtin(spec):
                    _check_references(case, spec, found)
            except KeyboardInterrupt as stop:  # Ctrl-C, or a SIGTERM, while it ran
                if not _is_builtin(spec):  # a slow rule of one's own is found this way
                    where = raised_in_user_code(stop, own=spec.function)
                    setattr(stop, RUNNING, _Running(spec.id, where))
                raise
            except Exception as error:  # a broken rule must not hide the others' findings
                said = _escaped_unsafe(f"{type(error).__name__}: {error}")
                failure = RuleFailure(rule=spec.id, error=said)
                failures.append(failure)
                places[spec.id] = failed = _where_it_failed(spec, error)
                raised[spec.id] = error
                if failed.startswith("failed at"):  # "failed at x.py:3, in f, and its ..."
                    failed += ","
                warnings.warn(
                    RuleFailedWarning(
                        f"rule {failure.rule} {failed} and its findings are left out of the "
                        f"report: {failure.error}",
                        error=error,
                    ),
                    stacklevel=user_stacklevel(),
                )
                continue
            findings.extend(found)
        ran = [spec.id for spec in specs]
        report = Report.build(
            case.title,
            merge_declared(findings),
            rules_run=ran,
            rules_failed=failures,
            left_out=left_out_rules(case, ran, named=chosen),
        )
    remember(report, case)  # figures and handouts given the report compare the case
    return report


def warn_misnamed(case: Case, report: Report, source: Source | None = None) -> None:
    """A :class:`~activity_systems.MisnamedFindingWarning` for each action of ``case``
    that probably names a finding of ``report`` wrongly, or names a rule id that no
    rule has, led by where the action is
    written: ``file:line:column`` of its ``finding`` when ``source`` (the parsed case
    file) is given, else ``actions[<index>]``."""
    if not case.actions:
        return
    for index, review in enumerate(review_actions(case, report)):
        unknown = None
        if review.probably_means is not None:
            message = misnamed_message(review.action, review.probably_means)
        elif review.unchecked_because == "unknown-rule":
            message = unknown_rule_message(review.action, review.rule_meant)
            unknown = action_rule(review.action)
        else:
            continue
        if source is not None:
            where = source.place(("actions", index, "finding"))
        else:
            where = f"actions[{index}]"
        warning = MisnamedFindingWarning(f"{where}: {message}")
        warning.unknown_rule = unknown
        warnings.warn(warning, stacklevel=user_stacklevel())


def _chosen(rules: Iterable[RuleChoice] | RuleChoice | None) -> list[RuleSpec]:
    if rules is None:
        return list(BUILTIN_RULES)
    if isinstance(rules, str) and len(_ids_in(rules)) > 1:
        raise RuleError(
            f"rules={rules!r} names several rules in one string: give a list, "
            f"rules={_ids_in(rules)!r}"
        )
    if isinstance(rules, RuleSpec | str) or not isinstance(rules, Iterable):
        rules = [rules]  # one rule; anything else alone is named below, not iterated
    chosen: dict[str, RuleSpec] = {}
    for item in rules:
        if isinstance(item, str):
            if len(_ids_in(item)) > 1:
                raise RuleError(
                    f"the rule id {item!r} names several rules: give each as an item of "
                    f"the list, {_ids_in(item)!r}"
                )
            spec = get_rule(item)
        elif isinstance(item, RuleSpec):
            spec = item
        else:
            raise TypeError(f"rules are rule specs (from @rule) or rule ids, not {_what(item)}")
        other = chosen.get(spec.id)
        if other is not None and other is not spec:
            raise RuleError(f"two different rules have the id {spec.id}: {other.name}, {spec.name}")
        chosen[spec.id] = spec
    return [chosen[rule_id] for rule_id in sorted(chosen)]


def _what(item: object) -> str:
    """What was given as a rule that is none: a function is named with where it is
    defined and how to make it a rule (its ``@rule`` forgotten), or, a rule's own
    function, the rule to give; rules within the list (``[BUILTIN_RULES, my_rule]``)
    are told to be unpacked, and a module of rules to give its rules; anything else
    is named by its type."""
    if inspect.isfunction(item):
        where = defined_at(item)
        named = f"the function {item.__name__}" + (f" ({where})" if where else "") + ": "
        spec = next((spec for spec in registered_rules() if spec.function is item), None)
        if spec is not None:
            return (
                f"{named}it is the function of rule {spec.id}: give the rule, which @rule "
                f"returned, or its id, {spec.id!r}"
            )
        return (
            f"{named}decorate it with @activity_systems.rule(ID, name=..., category=...) "
            "to make it a rule"
        )
    if (
        isinstance(item, list | tuple)
        and item
        and all(isinstance(each, RuleSpec | str) for each in item)
    ):
        those = "*BUILTIN_RULES" if item == BUILTIN_RULES else "*those"
        return (
            f"a {type(item).__name__} of {len(item)} rule{'s' * (len(item) > 1)} within "
            "the list: unpack it, "
            f"rules=[{those}, ...]"
        )
    if inspect.ismodule(item):
        name = item.__name__.rpartition(".")[2]
        held = [attr for attr, value in vars(item).items() if isinstance(value, RuleSpec)]
        if not held:
            return f"the module {name}, which holds no rule made with @rule"
        listed = ", ".join(f"{name}.{attr}" for attr in held)
        return f"the module {name}: give the rules it defines, rules=[{listed}]"
    return type(item).__name__


def _ids_in(text: str) -> list[str]:
    """The rule ids in ``text``, split at commas, as the command line's ``--rules
    AS101,AS201`` is, and at spaces.

    >>> _ids_in("AS101, AS201"), _ids_in("AS101")
    (['AS101', 'AS201'], ['AS101'])
    """
    return [part for part in re.split(r"[\s,]+", text) if part]


def _unique_keys(spec: RuleSpec, found: Sequence[Finding]) -> list[Finding]:
    by_key: dict[str, Finding] = {}
    for item in found:
        if item.rule != spec.id:
            raise RuleError(
                f"rule {spec.id} returned a finding of rule {item.rule}: build each of its "
                "findings with new_finding(...) while it runs; to pass on another rule's "
                "finding f, build one of its own from it: new_finding(elements=f.elements, "
                "level=f.level, message=f.message)"
            )
        seen = by_key.get(item.key)
        if seen is not None and seen != item:
            raise RuleError(_two_findings(spec, seen, item))
        by_key[item.key] = item
    return list(by_key.values())


#: What two findings of one key may differ in, as a rule author would name it.
_FINDING_FIELDS = (
    "level",
    "severity",
    "message",
    "explanation",
    "prompt",
    "competencies",
    "declared",
    "detected",
    "note",
)
#: Those of them short enough to show both values of.
_SHORT_FIELDS = ("level", "severity", "declared", "detected")


def _two_findings(spec: RuleSpec, seen: Finding, item: Finding) -> str:
    """Why two findings of one key are refused, and what tells them apart.

    Decision: the same elements in two orders, and nothing else different, is the
    mistake of a rule that looks at each pair twice (``a`` against ``b``, then ``b``
    against ``a``), so it is told to give them once; otherwise the fields that differ
    are named, and ``key_extra`` is the way to keep both."""
    general = {DEFAULT_PROMPT, COMPLETENESS_PROMPT, *DEFAULT_PROMPTS.values()}
    # the general question follows the level: when the levels differ, which is named,
    # two general questions are not named besides; a prompt the rule wrote out, even
    # in a general question's words, is the rule's, and is named when it differs
    levels_differ = seen.level != item.level
    differ = [
        name
        for name in _FINDING_FIELDS
        if getattr(seen, name) != getattr(item, name)
        and not (name == "prompt" and levels_differ and {seen.prompt, item.prompt} <= general)
    ]
    if not differ and list(seen.elements) != list(item.elements):
        return (
            f"rule {spec.id} found the same elements twice, as {list(seen.elements)} and "
            f"as {list(item.elements)}: a finding's key does not depend on the order of its "
            f"elements, so these are one finding (key {item.key}); give it once (a rule "
            "that looks at pairs looks at each pair once)"
        )
    if list(seen.elements) != list(item.elements):
        differ.insert(0, "the order of the elements")
    shown = ", ".join(
        f"{name} ({getattr(seen, name)!r}, then {getattr(item, name)!r})"
        if name in _SHORT_FIELDS
        else name
        for name in differ
    )
    return (
        f"rule {spec.id} found two different findings with the key {item.key} "
        f"(elements {list(item.elements)}): they differ in {shown}; one key is one "
        "finding: give each a key_extra of its own if they are two"
    )


@contextlib.contextmanager
def _noting(notes: contextvars.ContextVar[list[_Noted] | None]) -> Iterator[list[_Noted]]:
    """A list for the checks run inside the block to note in, through ``notes``."""
    noted: list[_Noted] = []
    token = notes.set(noted)
    try:
        yield noted
    finally:
        notes.reset(token)


@contextlib.contextmanager
def failures_placed() -> Iterator[list[dict[str, str]]]:
    """Note where rules failed in the checks run inside the block: for each check, in the
    order they run, each failed rule's id and the words its
    :class:`~activity_systems.RuleFailedWarning` says it in (``failed at
    my_rules.py:27, in my_rule``), which the command line's ``check`` and ``compare``
    print beside the rule's error. The report holds the error alone, the same on every
    machine."""
    with _noting(_PLACES) as places:
        yield places


@contextlib.contextmanager
def failures_raised() -> Iterator[list[dict[str, BaseException]]]:
    """Note what rules raised in the checks run inside the block: for each check, in the
    order they run, each failed rule's id and its exception, with the traceback that
    the command line's ``--debug`` prints after the rule's line (as
    :func:`failures_placed` notes where it failed)."""
    with _noting(_RAISED) as raised:
        yield raised


#: The attribute of the :exc:`KeyboardInterrupt` that stopped a rule of the user's while it
#: ran, saying which and where (``rule RES101 was running, at team_rules.py:15, in
#: my_rule``), for the line the command line prints when interrupted.
RUNNING = "activity_systems_rule_running"


@dataclass(frozen=True)
class _Running:
    """The rule of the user's that a Ctrl-C stopped, where, and on which case file (one
    of several a command was given)."""

    rule: str
    where: str | None
    case: str | None = None

    def __str__(self) -> str:
        on = f" on {self.case}" if self.case else ""
        return f"rule {self.rule} was running{on}" + (f", at {self.where}" if self.where else "")


def rule_running(stop: BaseException) -> str | None:
    """Which rule of the user's ``stop`` (a Ctrl-C) interrupted, and where, as
    :func:`run_rules` noted it; ``None`` when it interrupted none."""
    running = getattr(stop, RUNNING, None)
    return str(running) if isinstance(running, _Running) else None


def running_on(stop: BaseException, case: str) -> None:
    """Note on ``stop`` the case file that the rule it interrupted was checking, for a
    command given several: ``rule RES101 was running on court.yaml, at ...``."""
    running = getattr(stop, RUNNING, None)
    if isinstance(running, _Running) and running.case is None:
        setattr(stop, RUNNING, replace(running, case=case))


def _where_it_failed(spec: RuleSpec, error: Exception) -> str:
    """``failed at my_rules.py:27, in my_rule``: the line of a user's rule that raised,
    for its warning; where the engine found what the rule gave wrong, the rule's own
    line is no longer in the traceback, and where it is defined is named instead
    (``(defined at my_rules.py:12, in my_rule) failed``). A rule of this package's that
    raises is the package's own fault: no line is named (``failed``)."""
    module = getattr(spec.function, "__module__", None) or ""
    if module.startswith("activity_systems."):
        return "failed"
    where = raised_in_user_code(error, own=spec.function)
    if where is not None:
        return f"failed at {where}"
    defined = defined_at(spec.function)
    return "failed" if defined is None else f"(defined at {defined}) failed"


def _is_builtin(spec: RuleSpec) -> bool:
    """Whether ``spec`` is one of :data:`BUILTIN_RULES` (itself, not a rule with its id)."""
    return any(spec is own for own in BUILTIN_RULES)


def _check_references(case: Case, spec: RuleSpec, found: Sequence[Finding]) -> None:
    """Refuse a finding that names something the case does not have.

    Raises:
        RuleError: naming the rule, the reference and, when one is close, a suggestion.
    """
    for item in found:
        _check_texts(spec, item)
        for reference in item.elements:
            if case.has_exchange(reference) or case.has_system(reference):
                continue
            if "." in reference:
                try:
                    case.locate(reference)
                    continue
                except KeyError as error:
                    missing = f"not in the case: {error.args[0]}"
            else:  # meant as a system or an exchange, or an element's id
                missing = (
                    f"no system, exchange or element of the case{_suggestion(case, reference)}"
                )
            # Only for a reference that names nothing: looking for labels goes through
            # every element of the case.
            raise RuleError(
                f"rule {spec.id} returned a finding that names {reference!r}, which is "
                f"{_labelled(case, reference) or missing}"
            )


#: What no case's text may hold (see :func:`~activity_systems.model.types.check_text`),
#: and so neither may a report: controls but tab and line breaks, bidirectional
#: controls, lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped_unsafe(text: str) -> str:
    r"""``text`` with each character no case's text may hold written as its escape, as
    ``repr`` writes it: what a rule raised, as the report says it.

    >>> print(_escaped_unsafe("no \x1b[2J outcome said"))
    no \x1b[2J outcome said
    """
    return _UNSAFE.sub(lambda found: repr(found[0])[1:-1], text)


def _check_texts(spec: RuleSpec, item: Finding) -> None:
    """Refuse a finding of ``spec`` whose texts hold what no case's text may: a
    terminal's control sequence, a bidirectional override, a lone surrogate.

    Raises:
        RuleError: naming the rule, the field and the character.
    """
    from pydantic_core import PydanticCustomError

    from activity_systems.model.types import check_text

    for name, value in item.model_dump().items():
        for text in value if isinstance(value, tuple | list) else (value,):
            if not isinstance(text, str):
                continue
            try:
                check_text(text)
            except PydanticCustomError as problem:
                raise RuleError(
                    f"rule {spec.id} returned a finding whose {name} {problem}"
                ) from None


def _labelled(case: Case, reference: str) -> str | None:
    """What a reference that is a name or a label is, and the reference to write: a rule
    that wrote ``system.title`` or ``element.label`` where the id goes (``court.Magistrate``
    for ``court.subject``). ``None`` when it is no system's name, exchange's label, nor,
    whole or after its system's id and a dot, an element's label.

    A label is no id: several elements may have it (the subjects of two systems, both
    'Magistrate'). Each is named, in the case's order (systems, exchanges, then
    elements), so that the rule's author writes the one meant rather than being sent to
    the first. A reference without a dot that is also an element's id (``request``, the
    id of ``court.request`` and the label of another) is told that element's reference
    too, as a reference that is only an id is."""
    system_id, dot, label = reference.partition(".")
    found = [("system", system.id) for system in case.systems if system.name == reference]
    found += [("exchange", x.id) for x in case.exchanges if x.label == reference]
    found += [
        ("element", located.reference)
        for located in case.iter_elements()
        if located.element.label == reference
        or (dot and located.system.id == system_id and located.element.label == label)
    ]
    if not found:
        return None
    kinds = {kind for kind, _ in found}
    refs = [ref for _, ref in found]
    if len(kinds) == 1:
        (kind,) = kinds
        word = "name" if kind == "system" else "label"
        plural = "s" if len(found) > 1 else ""
        what = f"the {word} of the {kind}{plural} {_few(refs)}"
        how = _HOW_NAMED[kind]
    else:
        named = [f"the {kind} {ref!r}" for kind, ref in found]
        what = f"the name or label of {_few(named, quoted=False)}"
        how = "each by its id"
    write = f", {refs[0]!r}" if len(found) == 1 else f": write the one meant, {_few(refs, 'or')}"
    message = f"{what}, not a reference: a finding names {how}{write}"
    if not dot:
        same_id = [x.reference for x in case.iter_elements() if x.element.id == reference]
        if same_id:
            message += f"; or, if it meant the element whose id it is, {_few(same_id, 'or')}"
    return message


_HOW_NAMED = {
    "system": "a system by its id",
    "exchange": "an exchange by its id",
    "element": "an element by its system's id and its own",
}


def _few(items: Sequence[str], conjunction: str = "and", *, quoted: bool = True) -> str:
    """The first three of ``items``, quoted unless ``quoted`` is false, and how many more."""
    shown = [repr(item) if quoted else item for item in items[:3]]
    if len(items) <= 3:
        return listing(shown, conjunction=conjunction)
    return f"{', '.join(shown)}, … {len(items) - 3} more"


def _suggestion(case: Case, reference: str) -> str:
    """What a reference without a dot probably meant: the elements with exactly that id
    (a rule that wrote ``tool.id`` for ``f"{system.id}.{tool.id}"``), else a system or an
    exchange, else an element close to it, else the systems and exchanges there are."""
    same_id = sorted(
        located.reference for located in case.iter_elements() if located.element.id == reference
    )
    if same_id:
        shown = [repr(item) for item in same_id[:3]]
        if len(same_id) <= 3:
            return f" (did you mean {listing(shown, conjunction='or')}?)"
        return f" (did you mean one of {', '.join(shown)}, … {len(same_id) - 3} more?)"
    ids = [system.id for system in case.systems] + [exchange.id for exchange in case.exchanges]
    best = closest(reference, ids) or closest(
        reference, (located.reference for located in case.iter_elements())
    )
    return f" (did you mean {best!r}?)" if best is not None else did_you_mean(reference, ids)


@dataclass(frozen=True)
class RuleEntry:
    """One rule in the catalogue: what the ``rules`` command and the docs show."""

    id: str
    name: str
    category: Category
    summary: str
    body: str
    sections: dict[str, str] = field(default_factory=dict)
    competencies: tuple[str, ...] = ()
    builtin: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The entry as plain data (for JSON)."""
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "summary": self.summary,
            "body": self.body,
            "sections": dict(self.sections),
            "competencies": list(self.competencies),
            "builtin": self.builtin,
        }

    @property
    def competency_labels(self) -> str:
        """The competencies as a handout names them, in one line.

        >>> (entry,) = rule_catalogue(["AS402"])
        >>> entry.competency_labels
        'Interprofessional team working, Role clarification'
        """
        return ", ".join(competency_label(slug) for slug in self.competencies)

    def to_markdown(self) -> str:
        """``## AS101 deadline-vs-turnaround`` followed by the rule's documentation."""
        parts = [f"## {self.id} {self.name}", self.summary]
        if self.body:
            parts.append(self.body)
        parts.extend(f"**{title}**\n\n{text}" for title, text in self.sections.items())
        if self.competencies:  # last, as the text catalogue shows them
            parts.append(f"**Competencies:** {self.competency_labels}")
        return "\n\n".join(parts) + "\n"


def rule_catalogue(rules: Iterable[RuleChoice] | None = None) -> tuple[RuleEntry, ...]:
    """The rules with their parsed documentation, sorted by id.

    Each entry holds a rule's ``id``, ``name``, ``category``, ``summary``, ``body``,
    ``sections`` (title → text), ``competencies`` and ``builtin``; ``to_markdown()``
    gives its section of the rule catalogue, as ``activity-systems rules --format
    markdown`` writes it, and ``to_dict()`` its entry of the JSON catalogue, so that a
    team can document its own rules the same way.

    >>> (entry,) = rule_catalogue(["AS101"])
    >>> entry.to_markdown().splitlines()[0], entry.builtin
    ('## AS101 deadline-vs-turnaround', True)

    Args:
        rules: Which rules; default: every registered rule, built-in and user.
    """
    specs = registered_rules() if rules is None else _chosen(rules)
    entries = []
    for spec in specs:
        doc = RuleDoc.parse(spec.doc)
        entries.append(
            RuleEntry(
                id=spec.id,
                name=spec.name,
                category=spec.category,
                summary=doc.summary,
                body=doc.body,
                sections=doc.sections,
                competencies=spec.default_competencies,
                builtin=_is_builtin(spec),
            )
        )
    return tuple(sorted(entries, key=lambda entry: entry.id))
