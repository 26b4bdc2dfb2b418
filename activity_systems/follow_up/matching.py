"""Comparing two versions of a case: matching findings, assessments, elements and actions.

>>> from activity_systems import load
>>> comparison = compare(load("examples/liaison-and-diversion.yaml"),
...                      load("examples/liaison-and-diversion-2027.yaml"))
>>> comparison.counts()
{'resolved': 6, 'persisting': 4, 'new': 1}
>>> [(m.between, m.before.current.value, m.after.current.value, m.direction)
...  for m in comparison.integration if m.before and m.after]
[(('court', 'local'), 'linkage', 'coordination', 'towards')]
>>> print(comparison.to_text().splitlines()[2])
6 findings resolved, 4 persisting, 1 new.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from activity_systems.errors import user_stacklevel
from activity_systems.follow_up.comparison import (
    FINDING_FATES,
    SYSTEM_FIELDS,
    ActionProgress,
    Change,
    Comparison,
    Direction,
    ElementChange,
    FailedRule,
    FindingFate,
    IntegrationMove,
    ItemChange,
    PersistingFinding,
    UnrelatedVersionsWarning,
)
from activity_systems.model.actions import Action
from activity_systems.model.case import Case
from activity_systems.model.relations import IntegrationAssessment
from activity_systems.model.system import NODES, ActivitySystem, NodeName
from activity_systems.rules.action_review import review_action
from activity_systems.rules.engine import RuleChoice, check
from activity_systems.rules.finding import Report


def compare(
    before: Case | str | os.PathLike[str],
    after: Case | str | os.PathLike[str],
    *,
    rules: Iterable[RuleChoice] | RuleChoice | None = None,
    before_label: str | None = None,
    after_label: str | None = None,
) -> Comparison:
    """Compare two versions of a case: what was resolved, what persists, what is new.

    Both versions are checked with the same rules; findings are matched by their stable
    key. Integration assessments are matched by pair, systems and exchanges by id,
    elements by id within their system, and actions by finding key and strategy (or by
    finding key alone when each version has one action for it).

    Args:
        before: The earlier version, or the path of its case file.
        after: The later version, or the path of its case file.
        rules: The rules to run on both (default: the built-in rules).
        before_label: A name for the earlier version (default: its title; the file name
            when both versions are paths and have the same title, as on the command line).
        after_label: A name for the later version (default as for ``before_label``).

    Findings of a rule that failed on either version are left out of every group and
    the rule is listed in ``rules_failed``. Two versions that share no system id are
    still compared, with an :class:`UnrelatedVersionsWarning` (they look like two
    different cases); the comparison's ``shared_systems`` is then empty.

    Raises:
        CaseFileError: when a path does not load.
        ValueError: when a version is the text of a case file rather than its path.
        TypeError: when a version is neither a :class:`~activity_systems.Case` nor a path.
    """
    file_names = (
        (Path(before).name, Path(after).name)
        if isinstance(before, str | os.PathLike) and isinstance(after, str | os.PathLike)
        else None
    )
    before, after = _loaded(before, "before"), _loaded(after, "after")
    if file_names is not None and before.title == after.title:
        # the file names tell the versions apart
        before_label = file_names[0] if before_label is None else before_label
        after_label = file_names[1] if after_label is None else after_label
    earlier, later = check(before, rules), check(after, rules)
    names = {s.id: s.title for s in before.systems} | {s.id: s.title for s in after.systems}
    failed = [
        FailedRule(rule=f.rule, version=version, error=f.error)
        for version, report in (("before", earlier), ("after", later))
        for f in report.rules_failed
    ]
    unchecked = {f.rule for f in failed}
    was = {f.key: f for f in earlier.findings if f.rule not in unchecked}
    now = {f.key: f for f in later.findings if f.rule not in unchecked}
    comparison = Comparison(
        before=before_label if before_label is not None else before.title,
        after=after_label if after_label is not None else after.title,
        resolved=tuple(f for f in earlier.findings if f.key in was and f.key not in now),
        persisting=tuple(
            PersistingFinding(finding=f, previous=was[f.key])
            for f in later.findings
            if f.key in was
        ),
        new=tuple(f for f in later.findings if f.key in now and f.key not in was),
        integration=_integration(before, after),
        systems=_system_changes(before, after),
        elements=_element_changes(before, after),
        exchanges=_exchange_changes(before, after),
        actions=_actions(before, after, earlier, later, unchecked),
        rules_failed=tuple(sorted(failed, key=lambda f: (f.rule, f.version))),
        system_names=dict(sorted(names.items())),
    )
    if not comparison.shared_systems:
        warnings.warn(
            f"{comparison.before} and {comparison.after} share no system id "
            f"({_ids(before)}; {_ids(after)}): they look like two different cases, not two "
            "versions of one, so every finding counts as resolved or new",
            UnrelatedVersionsWarning,
            stacklevel=user_stacklevel(),
        )
    return comparison


def _ids(case: Case) -> str:
    return ", ".join(sorted(system.id for system in case.systems))


def _loaded(version: Case | str | os.PathLike[str], name: str) -> Case:
    """The case, loaded when ``version`` is the path of a case file."""
    if isinstance(version, str | os.PathLike):
        from activity_systems.io.loading import load

        return load(Path(version))
    if not isinstance(version, Case):
        raise TypeError(
            f"compare() takes two Cases or case file paths; {name} is a {type(version).__name__}"
        )
    return version


# -- integration ------------------------------------------------------------------------


def _by_pair(case: Case) -> dict[tuple[str, str], IntegrationAssessment]:
    return {(min(a.between), max(a.between)): a for a in case.integration}


def _integration(before: Case, after: Case) -> tuple[IntegrationMove, ...]:
    was, now = _by_pair(before), _by_pair(after)
    moves = []
    for pair in sorted(set(was) | set(now)):
        old, new = was.get(pair), now.get(pair)
        if old is None or new is None:
            moves.append(
                IntegrationMove(
                    between=pair,
                    before=old,
                    after=new,
                    direction="new" if old is None else "removed",
                )
            )
            continue
        target = new.desired.rank
        steps = abs(old.current.rank - target) - abs(new.current.rank - target)
        direction: Direction
        if old.current == new.current:
            direction = "unchanged"
        elif steps:
            direction = "towards" if steps > 0 else "away"
        else:
            direction = "across"
        moves.append(
            IntegrationMove(between=pair, before=old, after=new, direction=direction, steps=steps)
        )
    return tuple(moves)


# -- systems, elements, exchanges -------------------------------------------------------


def _differing(
    before: BaseModel, after: BaseModel, names: Sequence[str] | None = None
) -> list[str]:
    old = before.model_dump(mode="json", by_alias=False)
    new = after.model_dump(mode="json", by_alias=False)
    if names is None:
        names = [*old, *(name for name in new if name not in old)]
    # A field one model lacks (an element that moved node) counts as empty, not as changed.
    return [
        _case_file_key(type(after), name)
        for name in names
        if name != "id"
        and old.get(name) != new.get(name)
        and (_is_set(old.get(name)) or _is_set(new.get(name)))
    ]


def _case_file_key(model: type[BaseModel], name: str) -> str:
    """The key a case file writes for the field ``name``: ``from`` for ``from_``, whose
    Python name only avoids the keyword."""
    field = model.model_fields.get(name)
    if name.endswith("_") and field is not None and field.alias:
        return field.alias
    return name


def _is_set(value: Any) -> bool:
    return value not in (None, [], {}, "")


def _item_changes(
    was: dict[str, Any],
    now: dict[str, Any],
    label: Callable[[Any], str],
    names: Sequence[str] | None = None,
) -> tuple[ItemChange, ...]:
    """Items (systems or exchanges) added, removed or changed, by id in id order."""
    changes = []
    for item_id in sorted(set(was) | set(now)):
        old, new = was.get(item_id), now.get(item_id)
        if old is None or new is None:
            change: Change = "added" if old is None else "removed"
            changes.append(ItemChange(id=item_id, change=change, label=label(new or old)))
            continue
        fields = _differing(old, new, names)
        if fields:
            changes.append(
                ItemChange(id=item_id, change="changed", label=label(new), fields=tuple(fields))
            )
    return tuple(changes)


def _system_changes(before: Case, after: Case) -> tuple[ItemChange, ...]:
    return _item_changes(
        {s.id: s for s in before.systems},
        {s.id: s for s in after.systems},
        lambda system: system.title,
        SYSTEM_FIELDS,
    )


def _elements(system: ActivitySystem) -> dict[str, tuple[NodeName, Any]]:
    return {element.id: (node, element) for node, element in system.elements()}


def _element_changes(before: Case, after: Case) -> tuple[ElementChange, ...]:
    was = {s.id: s for s in before.systems}
    changes: list[ElementChange] = []
    for system in after.systems:
        if system.id not in was:
            continue  # a new system is reported as a whole
        old_elements, new_elements = _elements(was[system.id]), _elements(system)
        for element_id in sorted(set(old_elements) | set(new_elements)):
            old, new = old_elements.get(element_id), new_elements.get(element_id)
            if new is None:
                assert old is not None
                changes.append(_element_change(system.id, element_id, "removed", old[0], old[1]))
            elif old is None:
                changes.append(_element_change(system.id, element_id, "added", new[0], new[1]))
            else:
                fields = _differing(old[1], new[1])
                if old[0] != new[0]:
                    fields.insert(0, "node")
                if fields:
                    changes.append(
                        _element_change(
                            system.id,
                            element_id,
                            "changed",
                            new[0],
                            new[1],
                            fields=tuple(fields),
                            previous_label=old[1].label if "label" in fields else None,
                        )
                    )
    return tuple(sorted(changes, key=lambda c: (c.system, NODES.index(c.node), c.id)))


def _element_change(
    system: str,
    element_id: str,
    change: Change,
    node: NodeName,
    element: Any,
    *,
    fields: tuple[str, ...] = (),
    previous_label: str | None = None,
) -> ElementChange:
    return ElementChange(
        system=system,
        node=node,
        id=element_id,
        change=change,
        label=element.label,
        fields=fields,
        previous_label=previous_label,
    )


def _exchange_changes(before: Case, after: Case) -> tuple[ItemChange, ...]:
    return _item_changes(
        {x.id: x for x in before.exchanges},
        {x.id: x for x in after.exchanges},
        lambda exchange: exchange.label,
    )


# -- actions ----------------------------------------------------------------------------


def _pair_actions(
    before: Sequence[Action], after: Sequence[Action]
) -> list[tuple[Action | None, Action | None]]:
    """Actions of the two versions paired: the same finding and strategy, else the only
    remaining action for a finding on each side (a reworded strategy)."""
    left = list(before)
    pairs: list[tuple[Action | None, Action | None]] = []
    unpaired: list[Action] = []
    for action in after:
        match = next(
            (
                a
                for a in left
                if a.finding_key == action.finding_key and a.strategy == action.strategy
            ),
            None,
        )
        if match is None:
            unpaired.append(action)
        else:
            left.remove(match)
            pairs.append((match, action))
    for action in unpaired:
        same_key = [a for a in left if a.finding_key == action.finding_key]
        others = [a for a in unpaired if a.finding_key == action.finding_key]
        if len(same_key) == 1 and len(others) == 1:
            left.remove(same_key[0])
            pairs.append((same_key[0], action))
        else:
            pairs.append((None, action))
    pairs.extend((action, None) for action in left)
    return pairs


def _actions(
    before: Case, after: Case, earlier: Report, later: Report, unchecked: set[str]
) -> tuple[ActionProgress, ...]:
    now = {f.key: f for f in later.findings}
    was = {f.key: f for f in earlier.findings}
    known = (*later.findings, *earlier.findings)
    progress = []
    for old, new in _pair_actions(before.actions, after.actions):
        action = new if new is not None else old
        assert action is not None
        key = action.finding_key
        review = review_action(after, action, now, known)
        fate: FindingFate
        if key.rpartition("-")[0] in unchecked:
            fate = "unchecked"
        elif review.fate == "open":
            fate = "persisting" if key in was else "new"
        else:
            fate = review.fate
        progress.append(
            ActionProgress(
                finding_key=key,
                strategy=action.strategy,
                owner=action.owner,
                review=action.review,
                status=new.status if new is not None else None,
                previous_status=old.status if old is not None else None,
                fate=fate,
                finding=now.get(key, was.get(key)),
                missing=review.missing,
            )
        )
    return tuple(sorted(progress, key=_action_order))


def _action_order(action: ActionProgress) -> tuple[int, str, str, str, str, str, str]:
    return (
        FINDING_FATES.index(action.fate),
        action.finding_key,
        action.strategy,
        action.status or "",
        action.previous_status or "",
        action.owner or "",
        action.review.isoformat() if action.review else "",
    )
