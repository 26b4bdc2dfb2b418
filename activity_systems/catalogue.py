"""The rule catalogue as the ``rules`` command prints it: plain text or Markdown.

>>> from activity_systems.rules.engine import rule_catalogue
>>> catalogue_text(rule_catalogue(["AS402"]), full=False).split(":")[0]
'AS402  unassigned-task (contradiction)'
"""

from __future__ import annotations

from collections.abc import Sequence

from activity_systems.rules.engine import RuleEntry


def catalogue_text(entries: Sequence[RuleEntry], *, full: bool) -> str:
    """The catalogue for a terminal: one line per rule, or every section when ``full``."""
    lines: list[str] = []
    for entry in entries:
        if not full:
            lines.append(f"{entry.id}  {entry.name} ({entry.category}): {entry.summary}")
            continue
        lines += [f"{entry.id} {entry.name} ({entry.category})", "", entry.summary]
        if entry.body:
            lines += ["", entry.body]
        for title, text in entry.sections.items():
            lines += ["", title, "-" * len(title), text]
        if entry.competencies:
            from activity_systems.vocab import competency_label

            labels = ", ".join(competency_label(slug) for slug in entry.competencies)
            lines += ["", f"Competencies: {labels}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def catalogue_markdown(entries: Sequence[RuleEntry]) -> str:
    """The catalogue as Markdown, each rule with its documentation."""
    return "# Contradiction rules\n\n" + "\n".join(entry.to_markdown() for entry in entries)
