"""The rules a case leaves out (its ``leave_out``), as the reports and the handout name
them, and the warnings of a ``leave_out`` that does not do what it seems to.

The engine gives each report the rules its case leaves out (:attr:`Report.left_out
<activity_systems.Report.left_out>`, made here), and the reports print them from there,
so that a report read back from JSON says what the one it was written from said. The
reports, a comparison and a figure's caption say them in the same words
(:func:`left_out_line`, :func:`rules_said`)."""

from __future__ import annotations

import warnings
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from activity_systems.errors import LeftOutRuleWarning, user_stacklevel
from activity_systems.model.case import Case
from activity_systems.rules.finding import LeftOutRule
from activity_systems.rules.misnamed import rule_meant
from activity_systems.rules.registry import RuleSpec, registered_rules

if TYPE_CHECKING:
    from activity_systems.io.yaml_source import Source

__all__ = [
    "LeftOutRule",
    "left_out_line",
    "left_out_rules",
    "rules_said",
    "warn_left_out",
    "why_said",
]


def left_out_rules(
    case: Case, rules_run: Collection[str] = (), *, named: Iterable[RuleSpec] = ()
) -> tuple[LeftOutRule, ...]:
    """The rules of ``case.leave_out``, in the case's order, but for those in
    ``rules_run`` (a report of other rules given this case, which ran them), each named
    by the rule of its id among the registered rules and ``named`` (rules given to the
    run that may not be registered).

    >>> from activity_systems.rules.engine import BUILTIN_RULES  # registers the built-in rules
    >>> case = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
    ...             leave_out=[{"rule": "as602", "by": "The group"}])
    >>> [(left.title, left.by) for left in left_out_rules(case)]
    [('AS602 unknown-element', 'The group')]
    """
    if not case.leave_out:
        return ()
    names = {spec.id.upper(): spec.name for spec in (*registered_rules(), *named)}
    ran = {rule.upper() for rule in rules_run}
    return tuple(
        LeftOutRule(
            rule=left.rule.upper(),
            name=names.get(left.rule.upper()),
            reason=left.reason,
            by=left.by,
        )
        for left in case.leave_out
        if left.rule.upper() not in ran
    )


def why_said(reason: str | None, by: str | None) -> str:
    """The group's reason and who decided, each on one line, as the reports say them;
    empty when the case gives neither (a blank one is none).

    >>> why_said("Agreed  here", "  ")
    'Agreed here'
    """
    said = (" ".join(text.split()) for text in (reason, by) if text)
    return "; ".join(text for text in said if text)


def rule_said(left: LeftOutRule) -> str:
    """A rule left out as the reports name it: its id and name, and the group's reason
    and who decided (:func:`why_said`), in brackets when the case gives either.

    >>> rule_said(LeftOutRule(rule="AS602", name="unknown-element", reason="On  purpose",
    ...                       by=None))
    'AS602 unknown-element (On purpose)'
    """
    why = why_said(left.reason, left.by)
    return f"{left.title} ({why})" if why else left.title


def rules_said(left_out: Iterable[LeftOutRule]) -> str:
    """The rules left out (:attr:`Report.left_out <activity_systems.Report.left_out>`),
    each as :func:`rule_said` names it, in the case's order; empty for none."""
    return ", ".join(rule_said(left) for left in left_out)


def left_out_line(said: str) -> str:
    """The line that ends a report's text, Markdown and notebook display, a comparison's
    text and a figure's caption, naming the rules left out (``said``, as
    :func:`rules_said` or a comparison names them, escaped for the output if need be).

    >>> left_out_line("AS602 unknown-element")
    'Left out for this case: AS602 unknown-element.'
    """
    return f"Left out for this case: {said}."


def warn_left_out(
    case: Case,
    asked: Collection[str] | None,
    known: Collection[str],
    source: Source | None = None,
) -> None:
    """A :class:`~activity_systems.LeftOutRuleWarning` for each rule of ``asked`` (the
    ids given as ``rules``; ``None`` when none were) that the case leaves out, since the
    case's decision wins and the rule is not run, and for each id of ``leave_out`` that
    no rule of ``known`` (the registered rules and those given) has, with the rule it
    probably means: such an entry leaves nothing out. Given ``source`` (the parsed case
    file), each is led by where the id is written, ``file:line:column``, as a warning of
    an action is, so that each case of a folder is told apart."""
    where = {left.rule.upper(): i for i, left in reversed(tuple(enumerate(case.leave_out)))}
    for rule in sorted({rule.upper() for rule in asked or ()} & where.keys()):
        warnings.warn(
            f"{_place(source, where[rule])}{rule} is left out by the case file "
            f"(leave_out[{where[rule]}]), so it was not run although it was asked for: take "
            "it out of leave_out to run it",
            LeftOutRuleWarning,
            stacklevel=user_stacklevel(),
        )
    ids = {rule.upper() for rule in known}
    for i, left in enumerate(case.leave_out):
        if left.rule.upper() in ids:
            continue
        meant = rule_meant(left.rule.upper(), ids)
        hint = f"; did you mean {meant}?" if meant is not None else ""
        warning = LeftOutRuleWarning(
            f"{_place(source, i)}leave_out[{i}] names {left.rule}, which no rule has, so it leaves "
            f"nothing out{hint}"
        )
        warning.unknown_rule = left.rule
        warnings.warn(warning, stacklevel=user_stacklevel())


def _place(source: Source | None, index: int) -> str:
    """``court.yaml:12:11: ``, where the rule of the ``leave_out`` entry ``index`` is
    written in the case file ``source``; empty for a case of no file."""
    if source is None:
        return ""
    return f"{source.place(('leave_out', index, 'rule'))}: "
