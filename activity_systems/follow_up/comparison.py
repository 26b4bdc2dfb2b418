"""What a comparison of two versions of a case holds (see :func:`compare`).

Every part is a frozen model with a ``to_dict`` for the JSON contract; the outputs
(text, Markdown, HTML) live in :mod:`activity_systems.follow_up.text` and
:mod:`activity_systems.follow_up.markup`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import AfterValidator, ConfigDict, Field

from activity_systems.model.actions import ActionStatus
from activity_systems.model.elements import KeywordsOnly
from activity_systems.model.relations import IntegrationAssessment
from activity_systems.model.system import NodeName
from activity_systems.model.types import ReadOnlyDict
from activity_systems.rules.action_review import Unchecked, why_unchecked
from activity_systems.rules.finding import Finding, Severity, at_or_above
from activity_systems.rules.left_out import why_said

COMPARISON_FORMAT = "activity-systems/comparison"
COMPARISON_VERSION = 1

Change = Literal["added", "removed", "changed"]
#: How an SOI assessment moved: its current level nearer the desired level (on the same
#: side of it, or reaching it), further from it, across it (from below it to above it,
#: or from above to below), or unchanged; ``new`` and ``removed`` when only one version
#: assesses the pair.
Direction = Literal["towards", "away", "across", "unchanged", "new", "removed"]
#: Where a pair's current level stands against its desired level.
Position = Literal["below", "at", "above"]
#: What became of the finding an action addresses: ``misnamed`` when the action names a
#: finding that is not reported while one close to it is (it probably names that one
#: wrongly, so nothing was resolved); ``unreported`` when neither version reports the
#: finding and none close to it (nothing was resolved between them);
#: ``still-resolved`` for such a one whose action was done in the earlier version and
#: whose elements are all in the case (resolved before it); ``unchecked`` when its
#: rule failed in one of the versions, was left out of the rules run or by the case
#: file of either version, or does not exist,
#: or it rests on the integration assessment of two systems that the later version does
#: not assess, so that nothing can be said.
FindingFate = Literal[
    "resolved",
    "obsolete",
    "still-resolved",
    "persisting",
    "new",
    "misnamed",
    "unreported",
    "unchecked",
]
FINDING_FATES: tuple[FindingFate, ...] = get_args(FindingFate)
#: System fields compared; the nodes are compared element by element.
SYSTEM_FIELDS = ("name", "sector", "description", "source", "advances")
#: Fields of free text (as opposed to ids, references, durations and fixed words): the
#: outputs show their values in quotes.
TEXT_FIELDS = frozenset(
    {"label", "task", "name", "sector", "description", "source", "purpose", "strategy"}
)
#: Fields of an action whose earlier value a comparison shows when it changed (its
#: status has ``previous_status``).
ACTION_FIELDS = ("strategy", "owner", "review")

#: A field's value as a case file writes it: text (a duration as ``"6 weeks"``), a list
#: of ids or content items, or None when the field is not set.
FieldValue = str | tuple[str, ...] | None


class UnrelatedVersionsWarning(UserWarning):
    """The two "versions" given to :func:`compare` share no system id, so they look like
    two different cases: every finding counts as resolved or new. The comparison is still
    made; its :attr:`Comparison.shared_systems` is empty."""


class _Frozen(KeywordsOnly):
    """Base of a comparison's models: immutable, unknown keys rejected."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")


class PersistingFinding(_Frozen):
    """A finding reported in both versions: as it is now, and as it was.

    Mostly the two have one key. A contradiction the participants declare in both
    versions has two where a rule detects it in one version only: it is reported within
    the detected finding there (see :func:`~activity_systems.rules.declared.merge_declared`)
    and as the declared finding (rule AS000) in the other."""

    finding: Finding = Field(description="The finding in the later version.")
    previous: Finding = Field(description="The finding in the earlier version.")

    def to_dict(self) -> dict[str, Any]:
        """The later finding's JSON, plus ``previous_severity``, ``previous_level`` and
        ``previous_key``."""
        return {
            **self.finding.to_dict(),
            "previous_severity": self.previous.severity,
            "previous_level": self.previous.level,
            "previous_key": self.previous.key,
        }

    @property
    def level_was(self) -> str | None:
        """The earlier level, when it changed (``"no level"`` for a finding that had
        none); ``None`` when it is the same. Participants may place a contradiction they
        name at another level, and a rule's finding moves (quaternary to tertiary) when
        one system comes to advance the other."""
        if self.previous.level == self.finding.level:
            return None
        return self.previous.level or "no level"

    @property
    def carried(self) -> str | None:
        """How a declared contradiction reported under another key before got here:
        ``was AS101-…; no rule finds it now, the participants still name it``, ``was
        AS000-…; listed first now, it has the key its elements name`` (of the same elements
        declared at several levels, the entry listed first has the key that ``{rule:
        AS000, elements: [...]}`` names), ``was AS301-…; mhs.treatment-first is now
        mhs.treatment-priority`` for one whose element's id changed (renamed, or reworded
        without an ``id``), or ``None`` for a finding with the same key."""
        was = self.previous
        if was.key == self.finding.key:
            return None
        old = [e for e in was.elements if e not in self.finding.elements]
        new = [e for e in self.finding.elements if e not in was.elements]
        if old and len(old) == len(new) and was.rule == self.finding.rule:
            renamed = ", ".join(f"{o} is now {n}" for o, n in zip(old, new, strict=True))
            return f"was {was.key}; {renamed}"
        if was.detected and not self.finding.detected:
            return f"was {was.key}; no rule finds it now, the participants still name it"
        if self.finding.detected and not was.detected:
            return f"was {was.key}; a rule finds it now too"
        if not (was.detected or self.finding.detected):
            # the same elements declared at several levels: the entry listed first has
            # the key of the elements alone, the one that {rule: AS000, elements} names
            plain = Finding.make_key(self.finding.rule, self.finding.elements)
            if self.finding.key == plain:
                return f"was {was.key}; listed first now, it has the key its elements name"
            if was.key == plain:
                return f"was {was.key}; no longer listed first, its key has its level in it"
        return f"was {was.key}"


def position(assessment: IntegrationAssessment) -> Position:
    """Where an assessment's current level stands against its desired level."""
    current, desired = assessment.current.rank, assessment.desired.rank
    return "below" if current < desired else "above" if current > desired else "at"


class IntegrationMove(_Frozen):
    """A pair's Scale of Organisational Integration assessment in the two versions."""

    between: tuple[str, str] = Field(description="The two system ids, sorted.")
    before: IntegrationAssessment | None
    after: IntegrationAssessment | None
    direction: Direction
    steps: int = Field(
        default=0, description="Levels nearer the (later) desired level; < 0: further."
    )

    @property
    def remaining(self) -> int | None:
        """Levels between the later current and desired levels, whichever side of the
        desired level the pair is on (:attr:`position` says which)."""
        if self.after is None:
            return None
        return abs(self.after.current.rank - self.after.desired.rank)

    @property
    def position(self) -> Position | None:
        """Where the later current level stands against the later desired level:
        ``below`` it (more integration wanted), ``at`` it or ``above`` it (the pair is
        more integrated than it wants); ``None`` when the later version does not assess
        the pair.

        >>> from activity_systems.model.relations import IntegrationAssessment as SOI
        >>> soi = SOI(between=("a", "b"), current="full-integration", desired="cooperation")
        >>> move = IntegrationMove(between=("a", "b"), before=None, after=soi, direction="new")
        >>> move.position, move.remaining
        ('above', 1)
        """
        if self.after is None:
            return None
        return position(self.after)

    def to_dict(self) -> dict[str, Any]:
        """The move as plain data."""

        def levels(assessment: IntegrationAssessment | None) -> dict[str, str] | None:
            if assessment is None:
                return None
            return {"current": assessment.current.value, "desired": assessment.desired.value}

        return {
            "between": list(self.between),
            "before": levels(self.before),
            "after": levels(self.after),
            "direction": self.direction,
            "steps": self.steps,
            "remaining": self.remaining,
            "position": self.position,
        }


class FieldDifference(_Frozen):
    """One field of a changed item, with its earlier and later value as a case file
    writes them (in full: the outputs shorten long ones).

    >>> FieldDifference(field="turnaround", before="2-10 days", after="4-24 hours").to_dict()
    {'field': 'turnaround', 'before': '2-10 days', 'after': '4-24 hours'}
    """

    field: str = Field(description="The case-file key, e.g. turnaround, from, node.")
    before: FieldValue = Field(description="The earlier value; None: not set.")
    after: FieldValue = Field(description="The later value; None: not set.")

    @property
    def is_text(self) -> bool:
        """True for a field of free text (a label, a description, a source...)."""
        return self.field in TEXT_FIELDS

    def to_dict(self) -> dict[str, Any]:
        """The difference as plain data (a list as a JSON array)."""

        def plain(value: FieldValue) -> str | list[str] | None:
            return [*value] if isinstance(value, tuple) else value

        return {"field": self.field, "before": plain(self.before), "after": plain(self.after)}


class ItemChange(_Frozen):
    """A system or exchange added, removed or changed (by id)."""

    id: str
    change: Change
    label: str = Field(description="The label (or system title) in the version that has it.")
    fields: tuple[str, ...] = Field(default=(), description="Fields that differ, for a change.")
    differences: tuple[FieldDifference, ...] = Field(
        default=(), description="The earlier and later value of each field in ``fields``, in order."
    )

    def to_dict(self) -> dict[str, Any]:
        """The change as plain data."""
        return {
            "id": self.id,
            "change": self.change,
            "label": self.label,
            "fields": [*self.fields],
            "differences": [d.to_dict() for d in self.differences],
        }


class ElementChange(ItemChange):
    """An element of a system added, removed or changed (by id within its system); a
    renamed one, whose id changed and that the findings follow, is changed, with its
    ``previous_id``."""

    system: str
    node: NodeName = Field(description="The node that holds it (in the later version if both).")
    previous_label: str | None = Field(
        default=None, description="The earlier label, when it changed."
    )
    previous_id: str | None = Field(
        default=None,
        description="The earlier id of a renamed element (``id`` is its later one): one "
        "whose id changed, and maybe its label, that the findings follow (see "
        ":func:`~activity_systems.follow_up.changes.renamed_elements`). Its ``change`` "
        "is ``changed``, with ``id`` first among its ``fields``; None for another.",
    )
    in_place_of: str | None = Field(
        default=None,
        description="For an element added: the id of the element removed from the same "
        "node of its system, when it is the only one removed there, this is the only one "
        "added, and the removed one was written without an ``id`` (its id made from its "
        "label). It may be that element reworded and otherwise changed in the same edit, "
        "which a comparison cannot tell from one replaced by another, so its findings "
        "count as resolved and new; giving the later element the earlier id keeps them. "
        "None for another change, whose JSON has no ``in_place_of`` key.",
    )

    @property
    def reference(self) -> str:
        """``<system>.<element-id>``."""
        return f"{self.system}.{self.id}"

    def to_dict(self) -> dict[str, Any]:
        """The change as plain data."""
        return {
            "system": self.system,
            "node": self.node,
            **super().to_dict(),
            "previous_label": self.previous_label,
            "previous_id": self.previous_id,
            # only where it applies, so that other comparisons' JSON is unchanged
            **({"in_place_of": self.in_place_of} if self.in_place_of is not None else {}),
        }


class ActionProgress(_Frozen):
    """An action of either version, its status in both and the fate of its finding."""

    finding_key: str
    strategy: str
    owner: str | None = None
    review: date | None = None
    note: str | None = Field(
        default=None,
        description="The action's note, where the team records how it went (the later "
        "version's, for an action of both).",
    )
    status: ActionStatus | None = Field(description="Later status; None: no longer planned.")
    previous_status: ActionStatus | None = Field(description="Earlier status; None: new.")
    previous_finding_key: str | None = Field(
        default=None,
        description="The finding key the action named in the earlier version, when the "
        "team corrected it (a misnamed finding, a renamed element); None: the same key, "
        "or an action of one version only.",
    )
    differences: tuple[FieldDifference, ...] = Field(
        default=(),
        description="For an action of both versions: its strategy, owner and review date "
        "where they differ, each with its earlier and later value (a date written "
        "YYYY-MM-DD, None when not set); its status is ``previous_status``.",
    )
    fate: FindingFate
    finding: Finding | None = Field(default=None, description="The finding as last reported.")
    missing: tuple[str, ...] = Field(default=(), description="Elements gone, for an obsolete one.")
    probably_means: Finding | None = Field(
        default=None,
        description="For a misnamed one: the finding of the later version that the "
        "action most likely means to name; failing one, a finding that only the earlier "
        "version reported (resolved since).",
    )
    probably_means_resolved: bool | None = Field(
        default=None,
        description="For a misnamed one: whether the finding it probably means was "
        "resolved since the earlier version (only the earlier version reports it); "
        "``None`` for another.",
    )
    unchecked_because: Unchecked | None = Field(
        default=None,
        description="For an unchecked one: ``failed`` (its rule failed on either "
        "version), ``not-run`` (its rule was left out of the rules run), ``left-out`` "
        "(the case file of either version leaves its rule out), "
        "``unknown-rule`` (no rule has the id the action names) or ``unassessed`` (its "
        "finding rests on the assessment of two systems that the later version does not "
        "assess).",
    )
    rule_meant: str | None = Field(
        default=None,
        description="For an ``unknown-rule`` one: the id of the rule the action "
        "probably means (``AS101`` for ``AS1O1``), when one is that close.",
    )

    @property
    def rule(self) -> str:
        """The rule id, from the finding key."""
        return self.finding_key.rpartition("-")[0]

    @property
    def why_unchecked(self) -> str | None:
        """Why an ``unchecked`` one's finding was not looked for, as the outputs say it
        after "not checked: "; ``None`` for another."""
        if self.unchecked_because is None:
            return None
        return why_unchecked(self.rule, self.unchecked_because, self.rule_meant)

    def to_dict(self) -> dict[str, Any]:
        """The action as plain data."""
        return {
            "finding": self.finding_key,
            "rule": self.rule,
            "strategy": self.strategy,
            "owner": self.owner,
            "review": self.review.isoformat() if self.review else None,
            "note": self.note,
            "status": self.status,
            "previous_status": self.previous_status,
            "previous_finding": self.previous_finding_key,
            "previous": {d.field: d.before for d in self.differences},
            "fate": self.fate,
            "message": self.finding.message if self.finding else None,
            "missing": [*self.missing],
            "probably_means": self.probably_means.key if self.probably_means else None,
            "probably_means_resolved": self.probably_means_resolved,
            "unchecked_because": self.unchecked_because,
            "rule_meant": self.rule_meant,
        }


class FailedRule(_Frozen):
    """A rule that failed on one version: its findings are left out of the comparison."""

    rule: str
    version: Literal["before", "after"]
    error: str


class LeftOutOfComparison(_Frozen):
    """A rule the case file of either version leaves out (its ``leave_out``): the
    comparison leaves it out of both, so that its findings seem neither resolved nor
    new when only the decision changed.

    >>> left = LeftOutOfComparison(rule="AS301", name="value-tension", versions=("after",),
    ...                            reason="Agreed for this workshop", by=None)
    >>> left.said
    'AS301 value-tension (by the later version: Agreed for this workshop)'
    """

    rule: str = Field(description="The rule's id, upper-cased.")
    name: str | None = Field(description="The rule's name; None for an id that no rule has.")
    versions: tuple[Literal["before", "after"], ...] = Field(
        description="The versions whose case file leaves it out: before, after or both."
    )
    reason: str | None = Field(
        description="Why the group left it out, as the later version says where it leaves "
        "the rule out, else as the earlier one does."
    )
    by: str | None = Field(description="Who decided, and when, from the same version.")

    @property
    def said(self) -> str:
        """The rule as the text and Markdown name it: its id and name, which versions
        leave it out, and the group's reason and who decided."""
        title = f"{self.rule} {self.name}" if self.name is not None else self.rule
        which = "both versions"
        if self.versions == ("before",):
            which = "the earlier version"
        elif self.versions == ("after",):
            which = "the later version"
        why = why_said(self.reason, self.by)
        return f"{title} (by {which}{': ' + why if why else ''})"

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain data."""
        return {
            "rule": self.rule,
            "name": self.name,
            "versions": [*self.versions],
            "reason": self.reason,
            "by": self.by,
        }


class Comparison(_Frozen):
    """What changed between two versions of a case (see :func:`compare`)."""

    before: str = Field(description="Name of the earlier version (its title by default).")
    after: str = Field(description="Name of the later version.")
    resolved: tuple[Finding, ...] = Field(default=(), description="Reported before, not after.")
    persisting: tuple[PersistingFinding, ...] = Field(default=(), description="Reported in both.")
    new: tuple[Finding, ...] = Field(default=(), description="Reported after, not before.")
    unassessed: tuple[Finding, ...] = Field(
        default=(),
        description="Findings reported before that only a dropped integration assessment "
        "took away (the gap of two systems that the later version has but no longer "
        "assesses): not resolved, since nobody assessed the pair again.",
    )
    integration: tuple[IntegrationMove, ...] = Field(
        default=(), description="Each pair's Scale of Organisational Integration assessments."
    )
    systems: tuple[ItemChange, ...] = Field(
        default=(), description="Systems added, removed or changed."
    )
    elements: tuple[ElementChange, ...] = Field(
        default=(),
        description="Elements added, removed or changed (a renamed one changed, with its "
        "previous_id).",
    )
    exchanges: tuple[ItemChange, ...] = Field(
        default=(), description="Exchanges added, removed or changed."
    )
    actions: tuple[ActionProgress, ...] = Field(
        default=(), description="Each version's actions, their status and their findings' fate."
    )
    rules_failed: tuple[FailedRule, ...] = Field(
        default=(), description="Rules that raised on either version."
    )
    left_out: tuple[LeftOutOfComparison, ...] = Field(
        default=(),
        description="The rules the case file of either version leaves out, by id: left "
        "out of both versions.",
    )
    system_names: Annotated[Mapping[str, str], AfterValidator(ReadOnlyDict)] = Field(
        default_factory=ReadOnlyDict,
        description="System id -> title (the later one when both).",
    )
    before_case: str | None = Field(
        default=None,
        description="The earlier version's title, as its report's ``case`` gives it "
        "(``before`` may name the file instead, or a name of your own); None for a "
        "comparison made without the cases.",
    )
    after_case: str | None = Field(
        default=None, description="The later version's title, as for ``before_case``."
    )

    def __repr__(self) -> str:
        """A one-line summary, as a report's (``resolved``, ``persisting``, ``new`` and the
        rest list the details), naming the rules either version leaves out when one
        leaves some out.

        >>> Comparison(before="2026", after="2027")  # doctest: +NORMALIZE_WHITESPACE
        Comparison(before='2026', after='2027', resolved=0, persisting=0, new=0,
                   unassessed=0, changes=0, actions=0, rules_failed=0)
        """
        changes = len(self.systems) + len(self.elements) + len(self.exchanges)
        failed = str(len(self.rules_failed))
        if self.rules_failed:
            failed += f" ({', '.join(sorted({f.rule for f in self.rules_failed}))})"
        # the rules either version leaves out only when one does, as a report's repr
        left = (
            f", left_out={len(self.left_out)} ({', '.join(x.rule for x in self.left_out)})"
            if self.left_out
            else ""
        )
        return (
            f"Comparison(before={self.before!r}, after={self.after!r}, "
            + "".join(f"{name}={count}, " for name, count in self.counts().items())
            + f"changes={changes}, actions={len(self.actions)}, rules_failed={failed}{left})"
        )

    def __str__(self) -> str:
        """The comparison as the command line prints it (:meth:`to_text`): what
        ``print(comparison)`` shows."""
        return self.to_text()

    @property
    def shared_systems(self) -> tuple[str, ...]:
        """Ids of the systems that both versions have, sorted. None at all means that
        the two are different cases rather than two versions of one: every finding then
        counts as resolved or new (:func:`compare` warns)."""
        one_sided = {c.id for c in self.systems if c.change != "changed"}
        return tuple(sorted(set(self.system_names) - one_sided))

    def system_title(self, system_id: str) -> str:
        """A system's title (its name, else its id)."""
        return self.system_names.get(system_id, system_id)

    def counts(self) -> dict[str, int]:
        """``{"resolved": n, "persisting": n, "new": n, "unassessed": n}``."""
        return {
            "resolved": len(self.resolved),
            "persisting": len(self.persisting),
            "new": len(self.new),
            "unassessed": len(self.unassessed),
        }

    def new_at_or_above(self, severity: Severity) -> list[Finding]:
        """The new findings (:attr:`new`, in its order) at least as severe as
        ``severity`` (``high``, ``medium`` or ``low``), as :meth:`Report.at_or_above
        <activity_systems.Report.at_or_above>` gives a report's: those that ``compare
        --fail-on`` fails for. A finding that persists is never counted, however severe.

        >>> from activity_systems import compare
        >>> comparison = compare(
        ...     "examples/liaison-and-diversion.yaml", "examples/liaison-and-diversion-2027.yaml"
        ... )
        >>> [f.rule for f in comparison.new_at_or_above("medium")]
        ['AS403']
        >>> comparison.new_at_or_above("high")
        []

        Raises:
            UnknownIdError: (a ``KeyError`` and a ``ValueError``) for any other
                severity, naming the closest.
        """
        return at_or_above(self.new, severity)

    def _findings_data(self) -> dict[str, list[dict[str, Any]]]:
        """The JSON's ``findings``: each group's findings, by fate, in the JSON's order;
        :meth:`to_records` takes its rows from it, so the two cannot part."""
        return {
            "resolved": [f.to_dict() for f in self.resolved],
            "persisting": [p.to_dict() for p in self.persisting],
            "new": [f.to_dict() for f in self.new],
            "unassessed": [f.to_dict() for f in self.unassessed],
        }

    def to_data(self) -> dict[str, Any]:
        """The comparison as the versioned JSON contract (``activity-systems/comparison``)."""
        fates = dict.fromkeys(FINDING_FATES, 0)
        for action in self.actions:
            fates[action.fate] += 1
        return {
            "format": COMPARISON_FORMAT,
            "version": COMPARISON_VERSION,
            "before": self.before,
            "after": self.after,
            "system_titles": dict(self.system_names),
            "counts": {"findings": self.counts(), "actions": fates},
            "findings": self._findings_data(),
            "integration": [m.to_dict() for m in self.integration],
            "changes": {
                "systems": [c.to_dict() for c in self.systems],
                "elements": [c.to_dict() for c in self.elements],
                "exchanges": [c.to_dict() for c in self.exchanges],
            },
            "actions": [a.to_dict() for a in self.actions],
            "rules_failed": [f.model_dump() for f in self.rules_failed],
            "left_out": [left.to_dict() for left in self.left_out],
            # last, as a key added beside the others in version 1: readers pass over it
            "cases": {"before": self.before_case, "after": self.after_case},
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The comparison JSON, byte-identical for the same two cases and rules."""
        return json.dumps(self.to_data(), indent=indent, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """The findings as a CSV table, as ``compare --format csv`` writes it: a header
        row, then one row per finding (resolved, persisting, new, unassessed, in the
        JSON's order), its ``fate`` (the JSON group it is in) followed by the keys of a
        finding in the JSON and a persisting one's ``previous_severity``,
        ``previous_level`` and ``previous_key``; written as ``check --format csv`` writes
        a report's (see :mod:`activity_systems.follow_up.comparison_csv`). The element
        changes and the action reviews are left to :meth:`to_json`.

        >>> from activity_systems import compare
        >>> comparison = compare(
        ...     "examples/liaison-and-diversion.yaml", "examples/liaison-and-diversion-2027.yaml"
        ... )
        >>> print(comparison.to_csv().splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
        fate,key,rule,name,category,level,severity,elements,message,explanation,prompt,competencies,declared,detected,note,previous_severity,previous_level,previous_key
        """
        from activity_systems.follow_up.comparison_csv import comparison_csv

        return comparison_csv(self)

    def to_records(self, *, columns: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The findings as rows of a table, without writing a file, as
        :meth:`Report.to_records() <activity_systems.Report.to_records>` gives a
        report's: a dictionary per finding, in the order of :meth:`to_csv` (resolved,
        persisting, new, unassessed), that ``pandas.DataFrame`` or a list of rows of
        many comparisons takes. :meth:`to_csv` writes its table from these rows.

        Each row is ``columns`` first (the site, the two times: what tells the rows of
        one comparison from those of another), then the columns of :meth:`to_csv`, in
        its order: ``fate`` (the JSON group the finding is in), the keys of the finding
        as the JSON writes them (its lists are Python's, ``level`` and ``note`` may be
        ``None``), and ``previous_severity``, ``previous_level`` and ``previous_key``,
        ``None`` but for a persisting finding. As a decision, the column is named
        ``fate``, as in the CSV table and the JSON's groups, so that rows read from
        either file and rows made in Python join; and, as the CSV table, the rows hold
        the findings alone: the actions are :attr:`actions` (each ``to_dict()``), and
        a rule that failed or was left out gives no row (:attr:`rules_failed`,
        :attr:`left_out`).

        >>> from activity_systems import compare
        >>> comparison = compare(
        ...     "examples/liaison-and-diversion.yaml", "examples/liaison-and-diversion-2027.yaml"
        ... )
        >>> row = comparison.to_records(columns={"site": "east"})[6]
        >>> row["site"], row["fate"], row["rule"], row["previous_severity"]
        ('east', 'persisting', 'AS301', 'high')

        Raises:
            TypeError: when ``columns`` is not a mapping (or a row with keys, as a
                pandas ``Series``) or names a column by what is not text.
            ValueError: when a name of ``columns`` is one of the row's own keys
                (``fate``, ``key``, ``previous_key``...), which it would hide.
        """
        from activity_systems.follow_up.comparison_csv import comparison_records

        return comparison_records(self, columns)

    def to_text(self, *, width: int = 88, persisting: int | None = None) -> str:
        """Plain text for a terminal, wrapped at ``width`` columns (at most 88, at least
        30). Every finding is listed, unless ``persisting`` limits the persisting ones
        listed to that many and counts the rest, as ``compare`` does past
        :data:`~activity_systems.follow_up.text.PERSISTING_SHOWN`.

        Raises:
            ArgumentError: (a ``ValueError``) for a ``persisting`` that is not a whole
                number, 0 or more.
        """
        from activity_systems.follow_up.text import comparison_text

        return comparison_text(self, width=width, persisting=persisting)

    def to_markdown(self) -> str:
        """Markdown, user text escaped."""
        from activity_systems.follow_up.markup import comparison_markdown

        return comparison_markdown(self)

    def _repr_html_(self) -> str:
        try:
            from activity_systems.follow_up.markup import comparison_html
            from activity_systems.rules.report_text import NOTEBOOK_FINDINGS

            return comparison_html(self, limit=NOTEBOOK_FINDINGS)
        except Exception as error:  # display must never raise in a notebook
            return f"<pre>{html.escape(repr(error))}</pre>"
