"""The rule catalogue as the ``rules`` command prints it: plain text, Markdown or JSON.

>>> from activity_systems.rules.engine import rule_catalogue
>>> catalogue_text(rule_catalogue(["AS402"]), full=False).split(":")[0]
'AS402  unassigned-task (contradiction)'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from activity_systems.rules.engine import RuleEntry
from activity_systems.rules.registry import plain_inline


def plain_text(doc: str) -> str:
    """Docstring text for a terminal, without markup that only a renderer would remove:
    inline code becomes ``'code'`` (or stays as it is when already quoted) and a fenced
    block (```` ```yaml ````) becomes its lines, indented.

    >>> print(plain_text('its ``needed_within``, a label ``"?"``, :func:`check`'))
    its 'needed_within', a label "?", 'check'
    >>> print(plain_text("Example:\\n```yaml\\ntitle: T\\n```"))
    Example:
        title: T
    """
    lines: list[str] = []
    fenced = False
    for line in doc.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced:
            lines.append(f"    {line}" if line else "")
        else:
            lines.append(plain_inline(line))
    return "\n".join(lines)


def catalogue_text(entries: Sequence[RuleEntry], *, full: bool) -> str:
    """The catalogue for a terminal: one line per rule, or every section when ``full``."""
    lines: list[str] = []
    for entry in entries:
        summary = plain_text(entry.summary)
        if not full:
            lines.append(f"{entry.id}  {entry.name} ({entry.category}): {summary}")
            continue
        lines += [f"{entry.id} {entry.name} ({entry.category})", "", summary]
        if entry.body:
            lines += ["", plain_text(entry.body)]
        for title, text in entry.sections.items():
            # a heading on its own line: no line of dashes under it, which a screen
            # reader reads out as "dash dash dash ..."
            lines += ["", title, plain_text(text)]
        if entry.competencies:
            lines += ["", f"Competencies: {entry.competency_labels}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def heading_anchor(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading: Python-Markdown's (and so
    MkDocs') and, for headings of letters, digits, hyphens and spaces, GitHub's.

    >>> heading_anchor("AS101 deadline-vs-turnaround")
    'as101-deadline-vs-turnaround'
    """
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


#: What the Markdown catalogue says above its rules: what a rule's entry holds.
CATALOGUE_INTRO = (
    "Each rule looks in a case for one kind of contradiction, or for an integration or a "
    "completeness issue, and reports each it finds as a finding: with a severity, one of "
    "Engeström's four levels of contradiction where it has one, a question for the "
    "workshop and the collaborative competencies that address it. A rule's entry says "
    "when it fires, then, under its headings, the elements its finding names (from which "
    "the finding's key is made), why it matters, an example case and what a workshop "
    "might try."
)


def catalogue_markdown(entries: Sequence[RuleEntry]) -> str:
    """The catalogue as Markdown: what a rule's entry holds, a list of the rules linked
    to their entries (for more than one), then each rule with its documentation.

    As a decision, the list links each rule to its heading's anchor as MkDocs and GitHub
    make it, so that the page works as a site's page and as a file in a repository.
    """
    parts = ["# Contradiction rules", CATALOGUE_INTRO]
    if len(entries) > 1:
        parts.append(f"{len(entries)} rules, in the order of their ids:")
        parts.append(
            "\n".join(
                f"- [{entry.id} {entry.name}](#{heading_anchor(f'{entry.id} {entry.name}')})"
                f" ({entry.category}): {entry.summary}"
                for entry in entries
            )
        )
    return "\n\n".join(parts) + "\n\n" + "\n".join(entry.to_markdown() for entry in entries)


#: What a JSON rule catalogue names itself, as a report does (``activity-systems/report``).
CATALOGUE_FORMAT = "activity-systems/rules"


def catalogue_json(entries: Sequence[RuleEntry]) -> str:
    """The catalogue as JSON, for tools: each rule's id, name, category, summary, body,
    sections and competencies (slugs), and whether it is built in; in id order.

    >>> from activity_systems.rules.engine import rule_catalogue
    >>> import json
    >>> data = json.loads(catalogue_json(rule_catalogue(["AS101"])))
    >>> data["format"], data["version"], [rule["id"] for rule in data["rules"]]
    ('activity-systems/rules', 1, ['AS101'])
    >>> sorted(data["rules"][0])
    ['body', 'builtin', 'category', 'competencies', 'id', 'name', 'sections', 'summary']
    """
    import json

    document = {
        "format": CATALOGUE_FORMAT,
        "version": 1,
        "rules": [entry.to_dict() for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
