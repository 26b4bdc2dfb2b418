"""The rules a case leaves out (its ``leave_out``), as the reports and the handout name
them, and the warnings of a ``leave_out`` that does not do what it seems to."""

from __future__ import annotations

import warnings
from collections.abc import Collection
from dataclasses import dataclass

from activity_systems.errors import LeftOutRuleWarning, user_stacklevel
from activity_systems.model.case import Case
from activity_systems.rules.misnamed import rule_meant
from activity_systems.rules.registry import registered_rules


@dataclass(frozen=True)
class LeftOutRule:
    """A rule the case leaves out: its id (upper-cased), its name (``None`` for an id
    that no rule has), and the group's reason and who decided, as the case gives them."""

    rule: str
    name: str | None
    reason: str | None
    by: str | None

    @property
    def title(self) -> str:
        """The id and name, ``AS602 unknown-element``; the id alone without a name."""
        return f"{self.rule} {self.name}" if self.name is not None else self.rule


def left_out_rules(case: Case, rules_run: Collection[str] = ()) -> tuple[LeftOutRule, ...]:
    """The rules of ``case.leave_out``, in the case's order, but for those in
    ``rules_run`` (a report of other rules given this case, which ran them).

    >>> case = Case(title="T", systems=[{"id": "a", "subject": "S", "object": "O"}],
    ...             leave_out=[{"rule": "as602", "by": "The group"}])
    >>> [(left.title, left.by) for left in left_out_rules(case)]
    [('AS602 unknown-element', 'The group')]
    """
    names = {spec.id.upper(): spec.name for spec in registered_rules()}
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


def warn_left_out(case: Case, asked: Collection[str] | None, known: Collection[str]) -> None:
    """A :class:`~activity_systems.LeftOutRuleWarning` for each rule of ``asked`` (the
    ids given as ``rules``; ``None`` when none were) that the case leaves out, since the
    case's decision wins and the rule is not run, and for each id of ``leave_out`` that
    no rule of ``known`` (the registered rules and those given) has, with the rule it
    probably means: such an entry leaves nothing out."""
    where = {left.rule.upper(): i for i, left in reversed(tuple(enumerate(case.leave_out)))}
    for rule in sorted({rule.upper() for rule in asked or ()} & where.keys()):
        warnings.warn(
            f"{rule} is left out by the case file (leave_out[{where[rule]}]), so it was not "
            "run although it was asked for: take it out of leave_out to run it",
            LeftOutRuleWarning,
            stacklevel=user_stacklevel(),
        )
    ids = {rule.upper() for rule in known}
    for i, left in enumerate(case.leave_out):
        if left.rule.upper() in ids:
            continue
        meant = rule_meant(left.rule.upper(), ids)
        hint = f"; did you mean {meant}?" if meant is not None else ""
        warnings.warn(
            f"leave_out[{i}] names {left.rule}, which no rule has, so it leaves nothing out{hint}",
            LeftOutRuleWarning,
            stacklevel=user_stacklevel(),
        )
