"""The bundled examples give exactly the findings listed here, which they were written to
show."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from activity_systems import Report, check, load

EXAMPLES = Path(__file__).parents[2] / "examples"

# rule, level ("-" for none), severity, elements; "+declared" when declared and detected,
# "declared-only" when only declared.
COURT = [
    "AS101 quaternary high court.targets mhs.report court-report",
    "AS202 quaternary high mhs.remit court-report",
    "AS301 quaternary high court.object mhs.object",
    "AS301 quaternary high court.delay-norm mhs.report",
    "AS301 quaternary high court.request mhs.confidentiality",
    "AS301 quaternary high court.object mhs.report",
    "AS301 quaternary high court.targets mhs.report",
    "AS301 quaternary high court.object mhs.treatment-first",
    "AS403 primary medium mhs.full-assessment-and-report court-report",
    "AS000 secondary medium court.object court.targets declared-only",
    "AS201 quaternary medium court.request mhs.report court-report",
    "AS501 - medium court mhs",
]

SEGREGATION = [
    "AS301 secondary high segregation.care-and-separation segregation.object",
    "AS301 secondary high healthcare.object healthcare.secure-setting",
    "AS301 quaternary high healthcare.object segregation.object +declared",
    "AS301 quaternary high healthcare.reflective-practice segregation.closed-culture",
    "AS301 quaternary high healthcare.secure-setting segregation.care-and-separation",
    "AS101 quaternary medium segregation.daily-review healthcare.care-plan mh-assessment",
    "AS201 quaternary medium segregation.referral healthcare.care-plan mh-assessment",
    "AS501 - medium segregation healthcare",
]

# The follow-up example: the workshop's case and the review a year later, which
# tests/test_follow_up.py compares (its findings resolved, persisting and new).
LIAISON = [
    "AS301 tertiary high local.ad-hoc-referral national.screen-everyone",
    "AS301 tertiary high local.information-rule national.shared-summary",
    "AS301 tertiary high local.when-available national.before-first-hearing",
    "AS401 tertiary high screening-returns",
    "AS101 quaternary high court.first-hearing local.assessment liaison-advice",
    "AS202 quaternary high local.information-rule liaison-advice",
    "AS301 quaternary high court.targets local.when-available",
    "AS501 - high court local",
    "AS201 tertiary medium local.case-notes screening-returns",
    "AS201 quaternary medium court.liaison local.assessment liaison-advice",
]

LIAISON_2027 = [
    "AS301 tertiary high local.ad-hoc-referral national.screen-everyone",
    "AS403 primary medium local.return-data screening-returns",
    "AS201 tertiary medium local.case-notes screening-returns",
    "AS201 quaternary medium court.liaison local.assessment liaison-advice",
    "AS501 - medium court local",
]

LISTED = {
    "court-reports.yaml": COURT,
    "segregation-unit.yaml": SEGREGATION,
    "liaison-and-diversion.yaml": LIAISON,
    "liaison-and-diversion-2027.yaml": LIAISON_2027,
}


def _rows(report: Report) -> list[str]:
    rows = []
    for f in report.findings:
        flag = {(False, True): "", (True, True): " +declared", (True, False): " declared-only"}
        rows.append(
            f"{f.rule} {f.level or '-'} {f.severity} {' '.join(f.elements)}"
            f"{flag[(f.declared, f.detected)]}"
        )
    return rows


def test_every_bundled_example_has_its_findings_listed() -> None:
    bundled = sorted(path.name for path in EXAMPLES.glob("*.yaml"))
    assert bundled == sorted(LISTED), (
        "list the findings of every case file of examples/ in LISTED, "
        "tests/rules/test_rules_examples.py"
    )


@pytest.mark.parametrize(("example", "expected"), sorted(LISTED.items()), ids=sorted(LISTED))
def test_example_findings(example: str, expected: list[str]) -> None:
    report = check(load(EXAMPLES / example))
    assert report.rules_failed == ()
    rows = _rows(report)
    assert rows == expected, changed_findings(example, rows, expected)


def changed_findings(example: str, rows: list[str], expected: list[str]) -> str:
    """What a failure of :func:`test_example_findings` says: the findings gained and lost,
    and, when a rule meant to find them, what else to change (CONTRIBUTING.md)."""
    gained = [row for row in rows if row not in expected]
    lost = [row for row in expected if row not in rows]
    follow_up = ""
    if example.startswith("liaison-and-diversion"):
        follow_up = (
            "; tests/test_follow_up.py compares the two liaison-and-diversion examples: "
            "change the findings and counts its tests list, and regenerate its goldens with "
            "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_follow_up.py"
        )
    return (
        f"the findings of examples/{example} changed (new: {gained or 'none'}; gone: "
        f"{lost or 'none'}; or their order). If a rule meant this, list them in "
        "tests/rules/test_rules_examples.py, regenerate the goldens and redraw "
        "docs/images with 'sh docs/_ext/images.sh' (CONTRIBUTING.md, 'Adding a built-in "
        f"rule', step 6){follow_up}; if not, the change is a bug"
    )


def test_a_changed_finding_of_an_example_says_what_changed_and_what_to_do() -> None:
    message = changed_findings("court-reports.yaml", ["AS101 a", "AS606 b"], ["AS101 a", "AS301 c"])
    assert message.startswith(
        "the findings of examples/court-reports.yaml changed (new: ['AS606 b']; gone: "
        "['AS301 c']; or their order)"
    )
    assert "tests/rules/test_rules_examples.py" in message
    assert "sh docs/_ext/images.sh" in message
    assert "test_follow_up.py" not in message
    follow_up = changed_findings("liaison-and-diversion-2027.yaml", ["AS405 a"], [])
    assert "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_follow_up.py" in follow_up


def test_court_example_messages_name_elements_and_figures() -> None:
    report = check(load(EXAMPLES / "court-reports.yaml"))
    messages = {f.rule: f.message for f in report.findings}
    assert messages["AS101"] == (
        "“Psychiatric report for the court” (court-report) is needed by Magistrates' court "
        "within 3 weeks (court.targets), but it takes 4–8 weeks (mhs.report)."
    )
    assert messages["AS201"] == (
        "“Psychiatric report for the court” (court-report) is expected by Magistrates' court "
        "to hold offence-illness-link and sentencing-advice, but it provides only diagnosis "
        "and treatment-recommendation."
    )
    assert messages["AS202"].startswith(
        "“Sentencing advice is outside the professional remit” (mhs.remit) withholds "
        "sentencing-advice"
    )
    assert messages["AS501"] == (
        "Magistrates' court and Community mental health services are at linkage on the Scale "
        "of Organisational Integration, 1 level below the coordination they want."
    )
    assert report.counts() == {
        "by_level": {"primary": 1, "secondary": 1, "tertiary": 0, "quaternary": 9, "none": 1},
        "by_severity": {"high": 8, "medium": 4, "low": 0},
    }, "the court example's findings changed: see test_example_findings"


def test_segregation_example_merges_the_declared_contradiction() -> None:
    report = check(load(EXAMPLES / "segregation-unit.yaml"))
    merged = next(f for f in report.findings if f.declared)
    assert merged.rule == "AS301"
    assert merged.note is not None
    assert merged.note.startswith("Care and discipline are competing priorities")
    assert not any(f.rule == "AS000" for f in report.findings)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_no_two_findings_of_an_example_ask_the_same_question(example: Path) -> None:
    """A facilitator reads each prompt aloud: two findings that differ (AS301 clashes of
    the same values between different elements, say) must not read the same."""
    report = check(load(example))
    prompts = Counter(f.prompt for f in report.findings)
    assert [prompt for prompt, count in prompts.items() if count > 1] == []


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_findings_cite_no_chapter_the_reader_cannot_place(example: Path) -> None:
    """What a handout shows of a finding stands on its own in any case: no "the chapter"
    (or its magistrates), which participants in a prison or a police station cannot
    place; the rules' documentation cites the source. (AS000's explanation is the
    participants' own note, from the case file.)"""
    for finding in check(load(example)).findings:
        if finding.rule == "AS000":
            continue
        for text in (finding.message, finding.explanation, finding.prompt):
            assert "chapter" not in text.lower(), (finding.rule, text)
