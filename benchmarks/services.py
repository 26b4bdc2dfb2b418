"""What the synthetic services are made of: sectors, tools, rules, tasks, content items.

The names and values follow the chapter's interface between mental health services and
the criminal justice system; the figures (turnarounds, time limits) are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sector:
    """A kind of agency: what its systems are called, work on and value."""

    slug: str
    sector: str
    name: str
    subject: str
    object: str
    purpose: str
    outcome: str
    values: tuple[str, ...]
    community: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector(
        "court",
        "CJS",
        "Magistrates' court",
        "Magistrate",
        "Defendant with possible mental health issues",
        "Informed and appropriate sentencing",
        "Sentence that protects the public and the defendant's health",
        ("punishment", "public-protection", "timely-justice"),
        (
            "Defence lawyers",
            "Probation officers",
            "Court ushers",
            "Legal advisers",
            "Security staff",
            "Other magistrates",
            "Court clerks",
        ),
    ),
    Sector(
        "cmht",
        "MHS",
        "Community mental health team",
        "Psychiatrist",
        "Service user in contact with the criminal justice system",
        "Recovery and treatment in the community",
        "Stable mental health and continuity of care",
        ("treatment", "confidentiality", "continuity-of-care", "care"),
        (
            "Community psychiatric nurses",
            "Social workers",
            "Psychologists",
            "GPs",
            "Care coordinators",
            "Other psychiatrists",
            "Peer support workers",
        ),
    ),
    Sector(
        "custody",
        "CJS",
        "Police custody suite",
        "Custody sergeant",
        "Detainee who may be vulnerable",
        "Safe detention and a lawful charging decision",
        "Detainee charged or released safely",
        ("public-protection", "control", "timely-justice"),
        (
            "Arresting officers",
            "Custody nurses",
            "Duty solicitors",
            "Appropriate adults",
            "Detention officers",
            "Forensic medical examiners",
        ),
    ),
    Sector(
        "prison-health",
        "MHS",
        "Prison health care",
        "Mental health nurse",
        "Prisoner with mental health needs",
        "Equivalent care inside the prison",
        "Prisoner treated and supported",
        ("treatment", "individualised-care", "confidentiality"),
        (
            "Prison GPs",
            "Pharmacists",
            "Healthcare assistants",
            "Inreach team",
            "Substance misuse workers",
            "Chaplains",
        ),
    ),
    Sector(
        "segregation",
        "CJS",
        "Prison segregation unit",
        "Segregation unit officer",
        "Violent or difficult to manage segregated prisoner",
        "Keep the unit safe and orderly",
        "Safe and orderly management of the prisoner",
        ("control", "punishment", "closed-culture", "discipline"),
        (
            "Wing officers",
            "Governors",
            "Independent monitors",
            "Mental health nurses",
            "Safer custody team",
            "Chaplains",
        ),
    ),
    Sector(
        "probation",
        "CJS",
        "Probation service",
        "Probation officer",
        "Person on probation with mental health needs",
        "Reduce reoffending and protect the public",
        "Completed order without reoffending",
        ("rehabilitation", "public-protection", "standardisation"),
        (
            "Offender managers",
            "Approved premises staff",
            "Employment advisers",
            "Housing officers",
            "Victim liaison officers",
            "Senior probation officers",
        ),
    ),
    Sector(
        "liaison",
        "MHS",
        "Liaison and diversion service",
        "Liaison and diversion practitioner",
        "Person in the justice system with a vulnerability",
        "Divert people to the care they need early",
        "Person referred to appropriate services",
        ("information-sharing", "rehabilitation", "openness", "treatment"),
        (
            "Support workers",
            "Learning disability nurses",
            "Speech and language therapists",
            "Clinical leads",
            "Peer mentors",
            "Youth workers",
        ),
    ),
    Sector(
        "ward",
        "MHS",
        "Acute psychiatric ward",
        "Ward consultant",
        "Inpatient in crisis",
        "Stabilise and discharge safely",
        "Patient discharged with a care plan",
        ("treatment", "short-term-efficiency", "patient-autonomy"),
        (
            "Ward nurses",
            "Occupational therapists",
            "Bed managers",
            "Advocates",
            "Pharmacists",
            "Discharge coordinators",
        ),
    ),
)

# (id, label, turnaround or "", content items provided)
TOOLS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("report", "Written report", "2-6 weeks", ("diagnosis", "treatment-recommendation")),
    ("request", "Written assessment request", "", ()),
    ("risk-assessment", "Structured risk assessment", "3-10 days", ("risk-level",)),
    ("case-notes", "Case notes", "", ("history", "medication")),
    ("referral", "Referral form", "1-3 days", ("reason-for-referral", "contact-details")),
    ("care-plan", "Care plan", "1-2 weeks", ("treatment-plan", "care-coordinator")),
    ("screening", "Screening questionnaire", "24 hours", ("screening-result",)),
    ("liaison-meeting", "Liaison meeting", "", ()),
    ("case-database", "Shared case database", "", ("address", "previous-contacts")),
    ("court-list", "Court list", "2 days", ("court-date",)),
    ("custody-record", "Custody record", "36 hours", ("detention-log", "risk-level")),
    ("discharge-summary", "Discharge summary", "3-5 days", ("diagnosis", "medication")),
    ("pre-sentence-report", "Pre-sentence report", "3 weeks", ("sentencing-advice",)),
    ("handover-sheet", "Handover sheet", "12 hours", ("observations",)),
)

# (id, label, time limit or "", values, withholds, kind)
RULES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "confidentiality",
        "Patient confidentiality",
        "",
        ("confidentiality",),
        ("medical-history", "history"),
        "formal",
    ),
    ("targets", "Time targets for completing cases", "3 weeks", ("timely-justice",), (), "formal"),
    (
        "remit",
        "Sentencing advice is outside the professional remit",
        "",
        (),
        ("sentencing-advice",),
        "informal",
    ),
    (
        "treatment-first",
        "First responsibility is the person's treatment",
        "",
        ("treatment",),
        (),
        "informal",
    ),
    ("public-safety", "Public safety comes first", "", ("public-protection",), (), "formal"),
    ("daily-review", "Each case is reviewed daily", "24 hours", (), (), "formal"),
    ("pathway", "Standard care pathway", "", ("standardisation",), (), "formal"),
    ("turnover", "Bed turnover targets", "2 weeks", ("short-term-efficiency",), (), "formal"),
    (
        "sharing-protocol",
        "Information-sharing protocol",
        "",
        ("information-sharing",),
        (),
        "formal",
    ),
    ("discipline-code", "Discipline code", "", ("discipline",), (), "formal"),
    (
        "consent",
        "Consent before disclosure",
        "",
        ("patient-autonomy",),
        ("medical-history",),
        "formal",
    ),
    ("reflection", "Reflective practice sessions", "", ("openness",), (), "informal"),
    ("thorough-assessment", "Assess fully before advising", "", ("thoroughness",), (), "informal"),
    (
        "remand-limit",
        "Remand for a report is limited in time",
        "10 days",
        ("timely-justice",),
        (),
        "formal",
    ),
)

TASKS: tuple[str, ...] = (
    "Assess the person",
    "Write the report",
    "Request information",
    "Screen new referrals",
    "Attend liaison meetings",
    "Review the care plan",
    "Record decisions",
    "Share the risk picture",
    "Arrange follow-up",
    "Chase overdue reports",
)

EXPECTED: tuple[str, ...] = (
    "diagnosis",
    "treatment-recommendation",
    "risk-level",
    "offence-illness-link",
    "sentencing-advice",
    "medical-history",
    "contact-details",
    "court-date",
    "medication",
    "address",
)

BASES: tuple[str, ...] = ("core",) * 12 + (
    "statutory",
    "statutory",
    "contracted",
    "voluntary",
    "private-consultancy",
    "over-workload",
)
