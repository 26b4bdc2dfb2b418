"""Versions of a small case whose elements the follow-up tests rename: a court that wants
a report within three weeks, and a mental health service whose tool takes four to eight.
Shared by the tests of renamed elements' findings and of their case changes."""

from __future__ import annotations

#: The case, as a template for :meth:`str.format`: ``{tool}``, ``{tool_label}``,
#: ``{task}`` and ``{mhs}`` name what a version renames, ``{actions}`` is where the
#: case's ``actions:`` go, if it has any.
CASE = """
title: Reports
systems:
  - id: court
    subject: Magistrate
    object: Defendant
    rules: [{{id: targets, label: Time targets, time_limit: 3 weeks}}]
  - id: {mhs}
    subject: Psychiatrist
    object: Service user
    tools: [{{id: {tool}, label: {tool_label}, turnaround: 4-8 weeks}}]
    community: [{{id: nurses, label: Nurses}}]
    division_of_labour:
      - {{task: {task}, by: subject, basis: private-consultancy, produces: [court-report]}}
exchanges:
  - {{id: court-report, label: Report, from: {mhs}, to: court, takes: {mhs}.{tool},
     needed_within: court.targets}}
{actions}"""


def case_text(
    tool: str = "report",
    task: str = "Full assessment and report",
    tool_label: str = "Psychiatric report",
    mhs: str = "mhs",
    actions: str = "",
) -> str:
    """The YAML of a version; ``actions`` is a template of its ``actions:``, formatted with
    the same names as the case (so ``{tool}`` in it is the version's tool)."""
    names = {"tool": tool, "task": task, "tool_label": tool_label, "mhs": mhs}
    return CASE.format(actions=actions.format(**names), **names)
