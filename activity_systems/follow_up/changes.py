"""Systems, elements and exchanges added, removed or changed between two versions of a
case, each change with the earlier and later value of every field that differs.

Systems and exchanges are matched by id, elements by id within their system, or, for an
element whose id changed that the findings follow (:func:`renamed_elements`), through its
earlier id: a renamed element is one change, as its findings persist. A system or an
exchange whose id changed is another one, removed and added, as the findings take it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from activity_systems.follow_up.comparison import (
    SYSTEM_FIELDS,
    Change,
    ElementChange,
    FieldDifference,
    FieldValue,
    ItemChange,
)
from activity_systems.model.case import Case
from activity_systems.model.elements import Rule, Task, derived_id, file_key
from activity_systems.model.system import NODES, ActivitySystem, NodeName


def _differences(
    before: BaseModel, after: BaseModel, names: Sequence[str] | None = None
) -> list[FieldDifference]:
    """Each field (of ``names``, else all) that differs, with both values, in field order."""
    old = before.model_dump(mode="json", by_alias=False)
    new = after.model_dump(mode="json", by_alias=False)
    if names is None:
        names = [*old, *(name for name in new if name not in old)]
    # A field one model lacks (an element that moved node) counts as empty, not as changed.
    return [
        FieldDifference(
            field=_case_file_key(type(before), type(after), name),
            before=_case_file_value(getattr(before, name, None)),
            after=_case_file_value(getattr(after, name, None)),
        )
        for name in names
        if name != "id"
        and old.get(name) != new.get(name)
        and (_is_set(old.get(name)) or _is_set(new.get(name)))
    ]


def _case_file_key(before: type[BaseModel], after: type[BaseModel], name: str) -> str:
    """The key a case file writes for the field ``name``: ``from`` for ``from_``, whose
    Python name only avoids the keyword, and ``task`` for a task's ``label`` (as
    :func:`~activity_systems.dump` writes them). For an element that moved node, whose
    two versions write the field under different keys (a rule's ``label`` that became a
    task's ``task``), the field's own name, the same whichever version comes first."""
    keys = {
        file_key(name, model.model_fields[name])
        for model in (before, after)
        if name in model.model_fields
    }
    return keys.pop() if len(keys) == 1 else name


def _case_file_value(value: Any) -> FieldValue:
    """A field's value as a case file writes it: a duration as ``6 weeks`` or ``3-6 weeks``
    (in its own unit, not the ISO 8601 of a dump), a list as its items."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return tuple(str(item) for item in value)
    return str(value)


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
        differences = _differences(old, new, names)
        if differences:
            changes.append(
                ItemChange(
                    id=item_id,
                    change="changed",
                    label=label(new),
                    fields=tuple(d.field for d in differences),
                    differences=tuple(differences),
                )
            )
    return tuple(changes)


def system_changes(before: Case, after: Case) -> tuple[ItemChange, ...]:
    """Systems added, removed or changed (name, sector, description, source, advances)."""
    return _item_changes(
        {s.id: s for s in before.systems},
        {s.id: s for s in after.systems},
        lambda system: system.title,
        SYSTEM_FIELDS,
    )


def _elements(system: ActivitySystem) -> dict[str, tuple[NodeName, Any]]:
    return {element.id: (node, element) for node, element in system.elements()}


def element_changes(
    before: Case, after: Case, renamed: Mapping[str, str] | None = None
) -> tuple[ElementChange, ...]:
    """Elements of the systems both versions have, added, removed or changed; by system,
    node and id. An element that moved node is changed, with ``node`` first.

    An element whose id changed and that the findings follow, one of ``renamed``
    (:func:`renamed_elements`, found here when not given), is one change: ``changed``,
    under its later id, with ``previous_id`` and ``id`` first among its fields, rather
    than one element removed and another added.
    """
    if renamed is None:
        renamed = renamed_elements(before, after)
    renamed_from = {new: old for old, new in renamed.items()}
    was = {s.id: s for s in before.systems}
    changes: list[ElementChange] = []
    for system in after.systems:
        if system.id not in was:
            continue  # a new system is reported as a whole
        old_elements, new_elements = _elements(was[system.id]), _elements(system)
        for element_id in sorted(set(old_elements) | set(new_elements)):
            old, new = old_elements.get(element_id), new_elements.get(element_id)
            previous_id = None
            if new is None:
                assert old is not None
                if f"{system.id}.{element_id}" in renamed:
                    continue  # listed under its later id
                changes.append(_element_change(system.id, element_id, "removed", old[0], old[1]))
                continue
            if old is None:
                earlier = renamed_from.get(f"{system.id}.{element_id}")
                if earlier is None:
                    changes.append(_element_change(system.id, element_id, "added", *new))
                    continue
                previous_id = earlier.removeprefix(f"{system.id}.")
                old = old_elements[previous_id]
            differences = _differences(old[1], new[1])
            if old[0] != new[0]:
                differences.insert(0, FieldDifference(field="node", before=old[0], after=new[0]))
            if previous_id is not None:
                differences.insert(
                    0, FieldDifference(field="id", before=previous_id, after=element_id)
                )
            if differences:
                changes.append(
                    _element_change(
                        system.id,
                        element_id,
                        "changed",
                        new[0],
                        new[1],
                        differences=tuple(differences),
                        previous_label=old[1].label if old[1].label != new[1].label else None,
                        previous_id=previous_id,
                    )
                )
    changes = _in_place_of(changes, was, renamed)
    return tuple(sorted(changes, key=lambda c: (c.system, NODES.index(c.node), c.id)))


def _in_place_of(
    changes: list[ElementChange],
    was: Mapping[str, ActivitySystem],
    renamed: Mapping[str, str],
) -> list[ElementChange]:
    """``changes`` with ``in_place_of`` set on each element added that may be an
    element removed, renamed and otherwise changed in the same edit: the only element
    added to a node of a system and the only one removed from it, the removed one
    written without an ``id`` (its id made from its label).

    Nothing tells such an element from one replaced by another (a task reworded and
    given to another member may be another task), so the two are not paired: their
    findings stay resolved and new. The later element is only marked, for the outputs
    to say that giving it the earlier id keeps the element's findings and actions. An
    earlier element with an ``id`` of its own was named by the team, and one written
    with another id is another element (the team replaced it), so it is not marked;
    nor is a node with more than one element added or removed (which would be which?).
    """
    places: dict[tuple[str, NodeName], list[ElementChange]] = {}
    for change in changes:
        if change.change in ("added", "removed"):
            places.setdefault((change.system, change.node), []).append(change)
    marked: dict[int, str] = {}
    for (system_id, _), place in places.items():
        added = [c for c in place if c.change == "added"]
        removed = [c for c in place if c.change == "removed"]
        if len(added) != 1 or len(removed) != 1:
            continue
        (gone,) = removed
        earlier = {e.id: e for _, e in was[system_id].elements()}[gone.id]
        if earlier.id == derived_id(earlier.label) and gone.reference not in renamed:
            marked[id(added[0])] = gone.id
    if not marked:
        return changes
    return [
        c.model_copy(update={"in_place_of": marked[id(c)]}) if id(c) in marked else c
        for c in changes
    ]


def _element_change(
    system: str,
    element_id: str,
    change: Change,
    node: NodeName,
    element: Any,
    *,
    differences: tuple[FieldDifference, ...] = (),
    previous_label: str | None = None,
    previous_id: str | None = None,
) -> ElementChange:
    return ElementChange(
        system=system,
        node=node,
        id=element_id,
        change=change,
        label=element.label,
        fields=tuple(d.field for d in differences),
        differences=differences,
        previous_label=previous_label,
        previous_id=previous_id,
    )


def exchange_changes(before: Case, after: Case) -> tuple[ItemChange, ...]:
    """Exchanges added, removed or changed."""
    return _item_changes(
        {x.id: x for x in before.exchanges},
        {x.id: x for x in after.exchanges},
        lambda exchange: exchange.label,
    )


def renamed_elements(before: Case, after: Case) -> dict[str, str]:
    """Elements whose id changed between the two versions, ``system.old-id`` to
    ``system.new-id``: in a system both versions have, an element only the earlier
    version has and one only the later version has, in the same node, that are the same
    element but for their id and maybe their label. An element without an ``id`` takes
    its id from its label (a task from its wording), so rewording it renames it.

    The same but for the id and label means every other field equal, and, when the
    labels differ too, an earlier element that had no ``id`` of its own (its id the one
    its label makes) and at least one of those fields set (a description, values, a
    task's ``by``...). Two bare community members of different labels are two members,
    one removed and one added; so are two tools of the same turnaround whose ids and
    labels were both written and both changed: the team replaced one by the other. Each
    must be the only such element of the other on both sides; otherwise neither is
    taken as renamed. A system whose id changed is another system: its elements are
    not followed.

    A field that names another element of the system (a task's ``by``, a rule's
    ``applies_to``) is compared through the renames found: a task done ``by`` a member
    renamed in the same edit, its ``by`` changed to the member's new id, is still the
    same task, so renaming the task too (rewording it) is one more rename, not a task
    removed and another added. Each rename found may let another be found (a member's,
    then its task's), until none is.

    Elements are paired through an index of their other fields, so a version whose every
    id changed is read in linear time; a rename found reads again only the earlier
    elements that name the renamed one.

    >>> from activity_systems import load
    >>> before = load("examples/court-reports.yaml")
    >>> mhs = before.system("mhs")
    >>> rules = tuple(r.model_copy(update={"id": "treatment-priority"})
    ...     if r.id == "treatment-first" else r for r in mhs.rules)
    >>> after = before.model_copy(update={"systems": (before.system("court"),
    ...     mhs.model_copy(update={"rules": rules}))})
    >>> renamed_elements(before, after)
    {'mhs.treatment-first': 'mhs.treatment-priority'}
    """
    was = {s.id: s for s in before.systems}
    renamed: dict[str, str] = {}
    for system in after.systems:
        if system.id in was:
            found = _renamed_in(_elements(was[system.id]), _elements(system))
            renamed.update((f"{system.id}.{old}", f"{system.id}.{new}") for old, new in found)
    return dict(sorted(renamed.items()))


def _named(element: Any) -> tuple[str, ...]:
    """The ids of the other elements of its system that ``element`` names: a task's
    performer (``by``, but for ``subject``, the system's subject whatever its id) and the
    tools a rule ``applies_to``. No other field of an element names an element: a task's
    ``produces`` names exchanges, matched by id and never renamed, and ``provides`` and
    ``withholds`` name content items."""
    if isinstance(element, Task):
        return () if element.by in (None, "subject") else (element.by,)
    if isinstance(element, Rule):
        return element.applies_to
    return ()


_Identity = tuple[str, str, str]


def _identity(node: NodeName, element: Any, moved: Mapping[str, str]) -> _Identity:
    """What an element is but for its id and label: its node, type and other fields
    (dumped), each id it names of an element renamed (``moved``, earlier id to later)
    read as the later id. Two elements of one identity may be the same element."""
    rest = element.model_dump(mode="json", exclude={"id", "label"})
    if any(named in moved for named in _named(element)):
        if isinstance(element, Task):
            rest["by"] = moved.get(rest["by"], rest["by"])
        else:  # a rule's applies_to, a set: kept sorted as a later version writes it
            rest["applies_to"] = sorted(moved.get(tool, tool) for tool in rest["applies_to"])
    return (str(node), type(element).__name__, json.dumps(rest, sort_keys=True))


def _renamed_in(
    old_elements: Mapping[str, tuple[NodeName, Any]],
    new_elements: Mapping[str, tuple[NodeName, Any]],
) -> list[tuple[str, str]]:
    """The renames of one system's elements (:func:`renamed_elements`), earlier id to
    later, in the order found.

    The elements only one side has are grouped by identity (:func:`_identity`): only
    elements of one group can be the same element. Each group is paired once; then each
    earlier element that names an element just renamed is read again through the renames
    and moves to the group of its new identity, which is paired in turn, until a round
    renames nothing. With the references of a valid case, a group an element leaves has
    no later element (none names the earlier id of a renamed element) and the group it
    joins had no earlier one, so pairing again only where elements arrived finds what
    pairing every group through the final renames would. An element is read again at
    most once for each element it names renamed in a later round: a member or a tool
    names nothing, so two rounds find every rename and a third confirms it."""
    gone_ids = sorted(set(old_elements) - set(new_elements))
    came_ids = sorted(set(new_elements) - set(old_elements))
    groups: dict[_Identity, tuple[dict[str, Any], dict[str, Any]]] = {}
    identity: dict[str, _Identity] = {}  # an earlier element's, as last read
    naming: dict[str, list[str]] = {}  # an earlier id to the earlier elements naming it
    for element_id in came_ids:
        node, element = new_elements[element_id]
        groups.setdefault(_identity(node, element, {}), ({}, {}))[1][element_id] = element
    for element_id in gone_ids:
        node, element = old_elements[element_id]
        identity[element_id] = key = _identity(node, element, {})
        groups.setdefault(key, ({}, {}))[0][element_id] = element
        for named in _named(element):
            naming.setdefault(named, []).append(element_id)
    moved: dict[str, str] = {}
    taken: set[str] = set()  # the later ids of the renames found
    pending = list(groups)
    while pending:
        found = [
            (old, new)
            for key in pending
            for old, new in _paired(key, *groups[key])
            if old not in moved and new not in taken  # each element renamed once
        ]
        moved.update(found)
        taken.update(new for _, new in found)
        arrived: dict[_Identity, None] = {}  # the groups elements moved to, in order
        for renamed_id, _ in found:
            for element_id in naming.get(renamed_id, ()):
                if element_id in moved:
                    continue
                node, element = old_elements[element_id]
                key = _identity(node, element, moved)
                del groups[identity[element_id]][0][element_id]
                identity[element_id] = key
                groups.setdefault(key, ({}, {}))[0][element_id] = element
                arrived[key] = None
        pending = list(arrived)
    return list(moved.items())


def _paired(
    key: _Identity, gone: Mapping[str, Any], came: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """The elements of one identity (``key``) only the earlier version has (``gone``)
    paired with those only the later one has (``came``), earlier id to later: each of the
    same label, or an earlier one written without an ``id`` and saying something (a
    field set) with the only later one, when no other earlier element is as alike."""
    if not gone or not came:
        return []
    # an earlier element that may be the same as a later one of another label:
    # its id was made from its label, and its other fields say something
    described = any(_is_set(v) for v in json.loads(key[2]).values())
    loose = {e.id for e in gone.values() if described and e.id == derived_id(e.label)}
    gone_labels = Counter(e.label for e in gone.values() if e.id not in loose)
    came_labels = Counter(e.label for e in came.values())
    by_label = {e.label: e for e in came.values()}
    pairs = []
    for old in gone.values():
        if old.id in loose:
            if len(came) != 1:
                continue
            (match,) = came.values()
        elif came_labels[old.label] == 1:
            match = by_label[old.label]
        else:
            continue
        # and no other earlier element is as alike to it
        if len(loose) + gone_labels[match.label] == 1:
            pairs.append((old.id, match.id))
    return pairs
