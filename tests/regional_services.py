"""Twelve services of a region, as a mapping exercise lists them, not yet linked: the
case whose overview is too wide to read shrunk to a page or a notebook's column."""

from __future__ import annotations

from activity_systems import Case

#: Twelve services of a region, as a mapping exercise lists them.
SERVICES = (
    "Police custody suite",
    "Liaison and diversion service",
    "Magistrates' court",
    "Crown Court",
    "Probation service",
    "Prison health care",
    "Community mental health team",
    "Crisis resolution team",
    "Acute psychiatric ward",
    "Medium secure ward",
    "General practice",
    "Housing options",
)


def region() -> Case:
    """A region of twelve services, not yet linked: their overview is some 1,500 points
    wide, too wide to read shrunk to the page, each one's triangle some 420."""
    return Case.model_validate(
        {
            "title": "Services of a region",
            "systems": [
                {"id": f"service-{k}", "name": name, "subject": "Staff", "object": "Person"}
                for k, name in enumerate(SERVICES)
            ],
        }
    )
