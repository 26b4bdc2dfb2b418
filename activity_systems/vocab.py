"""Value tags, their aliases and tensions, and the collaborative competencies (see the
docs' case files page, "Value tags", and the rules' competencies).

The shipped vocabulary lives in ``data/values.yaml`` and ``data/competencies.yaml``; both
are read once. A case may add tensions and aliases; :meth:`Vocabulary.with_case` merges
them.

>>> vocabulary = shipped_vocabulary()
>>> vocabulary.canonical("care")
'treatment'
>>> vocabulary.partners("treatment")
('control', 'punishment')
>>> vocabulary.tension("treatment", "punishment").between
('punishment', 'treatment')
>>> rule_competencies("AS101")
('interprofessional-communication', 'role-clarification')
>>> competency_label("role-clarification")
'Role clarification'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from activity_systems.model.case import Case


@dataclass(frozen=True, slots=True)
class Tension:
    """Two value tags that pull apart; ``between`` is in alphabetical order."""

    between: tuple[str, str]
    rationale: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Competency:
    """A collaborative competency, with the framework domains it corresponds to."""

    slug: str
    label: str
    description: str
    frameworks: tuple[str, ...] = ()
    source: str | None = None


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Vocabulary:
    """Value tags with aliases and a symmetric table of tensions.

    Tags are compared after :meth:`canonical`, which follows aliases (``care`` →
    ``treatment``). A tension of a tag with itself is ignored: it could never tell two
    elements apart.
    """

    tags: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    tensions: Mapping[tuple[str, str], Tension] = field(default_factory=dict)
    _partners: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        partners: dict[str, set[str]] = {}
        for a, b in self.tensions:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
        frozen = {tag: tuple(sorted(others)) for tag, others in sorted(partners.items())}
        object.__setattr__(self, "_partners", MappingProxyType(frozen))

    @classmethod
    def build(
        cls,
        *,
        tags: Mapping[str, str],
        aliases: Mapping[str, str],
        tensions: Iterable[Tension],
    ) -> Vocabulary:
        """A vocabulary whose aliases are resolved (chains followed) and whose tensions
        are stated between canonical tags. A later tension for the same pair wins."""
        resolved = {alias: _follow(alias, aliases) for alias in sorted(aliases)}

        def canonical(tag: str) -> str:
            return resolved.get(tag, tag)

        table: dict[tuple[str, str], Tension] = {}
        for tension in tensions:
            pair = _pair(canonical(tension.between[0]), canonical(tension.between[1]))
            if pair[0] == pair[1]:
                continue
            table[pair] = Tension(pair, tension.rationale, tension.source)
        return cls(
            tags=MappingProxyType(dict(sorted(tags.items()))),
            aliases=MappingProxyType(resolved),
            tensions=MappingProxyType(dict(sorted(table.items()))),
        )

    def canonical(self, tag: str) -> str:
        """The tag an alias stands for; any other tag unchanged."""
        return self.aliases.get(tag, tag)

    def partners(self, tag: str) -> tuple[str, ...]:
        """Canonical tags in tension with this canonical tag, sorted."""
        return self._partners.get(tag, ())

    def tension(self, a: str, b: str) -> Tension | None:
        """The tension between two tags (aliases followed), or ``None``."""
        return self.tensions.get(_pair(self.canonical(a), self.canonical(b)))

    def with_case(self, case: Case) -> Vocabulary:
        """This vocabulary plus the case's ``value_aliases`` and ``value_tensions``.

        A case alias overrides a shipped one; a case tension for a pair that is already
        in tension replaces its rationale. The case has been checked when it was made:
        none of its tensions is of a tag with itself, and none of its aliases loops or
        joins two tags in tension.
        """
        if not case.value_aliases and not case.value_tensions:
            return self
        extra = [
            Tension((t.between[0], t.between[1]), t.rationale, "case file")
            for t in case.value_tensions
        ]
        return Vocabulary.build(
            tags=self.tags,
            aliases={**self.aliases, **case.value_aliases},
            tensions=[*self.tensions.values(), *extra],
        )


def _follow(alias: str, aliases: Mapping[str, str]) -> str:
    """Follow an alias chain to its end; a cycle stops where it would repeat."""
    seen = {alias}
    tag = aliases[alias]
    while tag in aliases and tag not in seen:
        seen.add(tag)
        tag = aliases[tag]
    return tag


def _read(name: str) -> Any:
    text = resources.files("activity_systems").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def shipped_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``data/values.yaml`` (read once)."""
    data = _read("values.yaml")
    tags: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for tag, entry in data["tags"].items():
        tags[tag] = str(entry.get("description", ""))
        for alias in entry.get("aliases") or ():
            aliases[alias] = tag
    tensions = [
        Tension(_pair(*entry["between"]), str(entry["rationale"]), entry.get("source"))
        for entry in data["tensions"]
    ]
    return Vocabulary.build(tags=tags, aliases=aliases, tensions=tensions)


@functools.cache
def _competency_data() -> tuple[Mapping[str, Competency], Mapping[str, tuple[str, ...]]]:
    data = _read("competencies.yaml")
    competencies = {
        slug: Competency(
            slug=slug,
            label=str(entry["label"]),
            description=str(entry.get("description", "")),
            frameworks=tuple(entry.get("frameworks") or ()),
            source=entry.get("source"),
        )
        for slug, entry in sorted(data["competencies"].items())
    }
    by_rule = {
        rule_id: tuple(sorted(entry.get("competencies") or ()))
        for rule_id, entry in sorted(data["rules"].items())
    }
    return MappingProxyType(competencies), MappingProxyType(by_rule)


def competencies() -> Mapping[str, Competency]:
    """Every shipped competency by slug, sorted."""
    return _competency_data()[0]


def rule_competencies(rule_id: str) -> tuple[str, ...]:
    """The competency slugs the shipped mapping gives a rule; ``()`` for other rules."""
    return _competency_data()[1].get(rule_id, ())


def competency_label(slug: str) -> str:
    """A competency's label, or the slug itself for one the library does not ship."""
    found = competencies().get(slug)
    return found.label if found is not None else slug
