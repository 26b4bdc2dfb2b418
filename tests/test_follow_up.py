"""Following contradictions over time: action reviews and comparisons of two versions."""

from __future__ import annotations

import html
import json
import random
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from activity_systems import (
    Case,
    CaseFileError,
    MisnamedFindingWarning,
    RuleFailedWarning,
    load,
    loads,
)
from activity_systems.follow_up import (
    COMPARISON_FORMAT,
    COMPARISON_VERSION,
    Comparison,
    UnrelatedVersionsWarning,
    compare,
)
from activity_systems.follow_up.markup import comparison_html
from activity_systems.follow_up.text import describe_move
from activity_systems.model import finding_key
from activity_systems.rules.action_review import review_actions
from activity_systems.rules.engine import check
from activity_systems.rules.finding import Report
from activity_systems.rules.report_text import escape_markdown

#: A table cell of a comparison's HTML: aligned left and to the top of its row.
_TD = '<td style="text-align: left; vertical-align: top">'

EXAMPLES = Path(__file__).parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"


@pytest.fixture(scope="module")
def example() -> Comparison:
    return compare(load(BEFORE), load(AFTER))


def two_systems(**extra: Any) -> dict[str, Any]:
    """A small case as data: a court and a mental health service, with extras merged in."""
    data: dict[str, Any] = {
        "title": "Reports",
        "systems": [
            {
                "id": "court",
                "subject": "Magistrate",
                "object": "Defendant",
                "tools": [{"id": "request", "label": "Request"}],
                "rules": [{"id": "targets", "label": "Targets", "time_limit": "3 weeks"}],
                "community": ["Ushers"],
                "division_of_labour": [{"task": "Sentence", "by": "subject"}],
            },
            {
                "id": "mhs",
                "subject": "Psychiatrist",
                "object": "Service user",
                "tools": [{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
                "rules": [{"id": "remit", "label": "Remit"}],
                "community": ["Nurses"],
                "division_of_labour": [
                    {"task": "Write report", "by": "subject", "produces": ["court-report"]}
                ],
            },
        ],
        "exchanges": [
            {
                "id": "court-report",
                "label": "Report for the court",
                "from": "mhs",
                "to": "court",
                "takes": "mhs.report",
                "needed_within": "court.targets",
            }
        ],
        "shared_object": {"label": "Offender mental health"},
    }
    data.update(extra)
    return data


def case_of(data: dict[str, Any]) -> Case:
    return Case.model_validate(data)


AS101 = finding_key("AS101", ["court.targets", "mhs.report", "court-report"])


# -- the example ------------------------------------------------------------------------


def test_the_earlier_example_shows_tertiary_contradictions() -> None:
    report = check(load(BEFORE))
    tertiary = [(f.rule, f.elements) for f in report.findings if f.level == "tertiary"]
    assert tertiary == [
        ("AS301", ("local.ad-hoc-referral", "national.screen-everyone")),
        ("AS301", ("local.information-rule", "national.shared-summary")),
        ("AS301", ("local.when-available", "national.before-first-hearing")),
        ("AS401", ("screening-returns",)),
        ("AS201", ("local.case-notes", "screening-returns")),
    ]
    assert len(report.findings) == 10
    assert report.rules_failed == ()


@pytest.mark.parametrize("path", [BEFORE, AFTER], ids=["2026", "2027"])
def test_every_part_of_the_example_says_where_it_comes_from(path: Path) -> None:
    case = load(path)
    assert case.source
    assert [s.id for s in case.systems if not s.source] == []
    assert [x.id for x in case.exchanges if not x.source] == []
    assert [e.reference for e in case.iter_elements() if not e.element.source] == []
    assert case.shared_object is not None
    assert case.shared_object.source
    assert all(a.source for a in case.integration)


def test_example_findings_resolved_persisting_and_new(example: Comparison) -> None:
    assert [f.key for f in example.resolved] == [
        "AS301-8714de2932",
        "AS301-a3aa32aca2",
        "AS401-dfc1c05076",
        "AS101-52b33e6a98",
        "AS202-d0a5b67250",
        "AS301-dd790274b9",
    ]
    assert [
        (p.finding.key, p.previous.severity, p.finding.severity) for p in example.persisting
    ] == [
        ("AS301-801df11020", "high", "high"),
        ("AS201-1b8a5c012e", "medium", "medium"),
        ("AS201-e87b9c1537", "medium", "medium"),
        ("AS501-b89d2d3819", "high", "medium"),
    ]
    assert [(f.key, f.level) for f in example.new] == [("AS403-c030085dc2", "primary")]
    assert example.counts() == {"resolved": 6, "persisting": 4, "new": 1, "unassessed": 0}
    assert example.before == "Court liaison and diversion: intensive-phase workshop (2026)"
    assert example.after == "Court liaison and diversion: action learning set review (2027)"


def test_example_integration_moves_towards_the_desired_level(example: Comparison) -> None:
    [move] = example.integration
    assert move.to_dict() == {
        "between": ["court", "local"],
        "before": {"current": "linkage", "desired": "cooperation"},
        "after": {"current": "coordination", "desired": "cooperation"},
        "direction": "towards",
        "steps": 1,
        "remaining": 1,
        "position": "below",
    }


def test_example_element_changes(example: Comparison) -> None:
    assert example.systems == ()
    assert example.exchanges == ()
    assert [(c.reference, c.node, c.change, c.fields) for c in example.elements] == [
        ("local.assessment", "tools", "changed", ("description", "turnaround", "provides")),
        ("local.case-notes", "tools", "changed", ("provides",)),
        (
            "local.information-rule",
            "rules",
            "changed",
            ("label", "description", "values", "source", "withholds", "kind"),
        ),
        ("local.rota", "rules", "added", ()),
        ("local.when-available", "rules", "removed", ()),
        ("local.return-data", "division_of_labour", "added", ()),
    ]
    rule_change = example.elements[2]
    assert rule_change.previous_label == (
        "Information stays with the liaison team unless the defendant consents"
    )
    assert (
        rule_change.label == "Information is shared with the court under a consent-based protocol"
    )


def test_example_actions_and_the_fate_of_their_findings(example: Comparison) -> None:
    assert [(a.strategy, a.previous_status, a.status, a.fate) for a in example.actions] == [
        (
            "Offer same-day screening at court with the national screening tool",
            "planned",
            "done",
            "resolved",
        ),
        (
            "Agree a consent-based information-sharing protocol with the court",
            "planned",
            "done",
            "resolved",
        ),
        ("Make the screening returns somebody's job", "planned", "done", "resolved"),
        ("Agree a liaison rota that covers every court sitting", "in-progress", "done", "obsolete"),
        (
            "Pilot offering screening to every defendant on the list, beside staff referrals",
            "planned",
            "in-progress",
            "persisting",
        ),
        (
            "Hold a monthly joint meeting of the court's legal advisers and the liaison team",
            "planned",
            "done",
            "persisting",
        ),
        (
            "Write the screening returns into the liaison workers' job plans",
            None,
            "planned",
            "new",
        ),
    ]
    obsolete = example.actions[3]
    assert obsolete.missing == ("local.when-available",)
    assert obsolete.finding is not None
    assert obsolete.finding.key == "AS301-a3aa32aca2"


def test_example_text_lists_what_was_resolved_what_persists_and_what_is_new(
    example: Comparison,
) -> None:
    text = example.to_text()
    lines = text.splitlines()
    assert lines[:4] == [
        "Progress since Court liaison and diversion: intensive-phase workshop (2026)",
        "Now: Court liaison and diversion: action learning set review (2027)",
        "6 findings resolved, 4 persisting, 1 new.",
        "7 actions: 1 planned, 1 in-progress, 5 done.",
    ]
    for heading in ("Resolved (6)", "Persisting (4)", "New (1)", "Actions (7)"):
        assert heading in lines
    assert "  MEDIUM AS501 integration-gap (AS501-b89d2d3819, was HIGH)" in lines
    assert (
        "  court and local: linkage → coordination (desired: cooperation): moved towards the"
        in (lines)
    )
    assert all(len(line) <= 88 for line in lines)


# -- golden output ----------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden" / "follow-up"


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("liaison-and-diversion.txt", Comparison.to_text),
        ("liaison-and-diversion.md", Comparison.to_markdown),
        ("liaison-and-diversion.json", Comparison.to_json),
        ("liaison-and-diversion.html", Comparison._repr_html_),
    ],
)
def test_golden_output(example: Comparison, name: str, render: Any, request: Any) -> None:
    """Regenerate with: ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_follow_up.py"""
    import os

    path = GOLDEN / name
    produced = render(example)
    if os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert produced == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, regenerate with "
        "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_follow_up.py"
    )


# -- JSON contract and determinism --------------------------------------------------------


def test_the_json_names_each_version_s_case_as_its_report_does(tmp_path: Path) -> None:
    """A dashboard joins a comparison with each version's report (check --format json):
    by the findings' keys, and by the case, which the report names by its title. Two
    versions of one title are named by their files in ``before`` and ``after``, so
    ``cases`` gives each title as its report's ``case`` does."""
    for year, source in (("2026", BEFORE), ("2027", AFTER)):
        folder = tmp_path / year
        folder.mkdir()
        text = source.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        (folder / "case.yaml").write_text(
            text.replace(title, "title: Court liaison and diversion"), encoding="utf-8"
        )
    old, new = tmp_path / "2026" / "case.yaml", tmp_path / "2027" / "case.yaml"
    data = json.loads(compare(old, new).to_json())
    assert (data["before"], data["after"]) == ("2026/case.yaml", "2027/case.yaml")
    earlier, later = check(load(old)).to_data(), check(load(new)).to_data()
    assert data["cases"] == {"before": earlier["case"], "after": later["case"]}
    assert earlier["case"] == "Court liaison and diversion"
    keys = {f["key"] for f in later["findings"]}
    found = data["findings"]
    assert {f["key"] for f in [*found["persisting"], *found["new"]]} == keys
    assert {f["previous_key"] for f in found["persisting"]} <= {
        f["key"] for f in earlier["findings"]
    }


def test_a_comparison_made_without_cases_names_none() -> None:
    data = Comparison(before="2026", after="2027").to_data()
    assert data["cases"] == {"before": None, "after": None}


def test_json_is_the_versioned_contract(example: Comparison) -> None:
    data = json.loads(example.to_json())
    assert (data["format"], data["version"]) == (COMPARISON_FORMAT, COMPARISON_VERSION)
    assert (data["format"], data["version"]) == ("activity-systems/comparison", 1)
    assert list(data) == [
        "format",
        "version",
        "before",
        "after",
        "system_titles",
        "counts",
        "findings",
        "integration",
        "changes",
        "actions",
        "rules_failed",
        "left_out",
        "cases",
    ]
    assert data["counts"] == {
        "findings": {"resolved": 6, "persisting": 4, "new": 1, "unassessed": 0},
        "actions": {
            "resolved": 3,
            "obsolete": 1,
            "still-resolved": 0,
            "persisting": 2,
            "new": 1,
            "misnamed": 0,
            "unreported": 0,
            "unchecked": 0,
        },
    }
    assert data["findings"]["persisting"][3]["previous_severity"] == "high"
    assert data["actions"][3] == {
        "finding": "AS301-a3aa32aca2",
        "rule": "AS301",
        "strategy": "Agree a liaison rota that covers every court sitting",
        "owner": "Service manager",
        "review": "2026-12-01",
        "note": None,
        "status": "done",
        "previous_status": "in-progress",
        "previous_finding": None,
        "previous": {},
        "fate": "obsolete",
        "message": data["findings"]["resolved"][1]["message"],
        "missing": ["local.when-available"],
        "probably_means": None,
        "probably_means_resolved": None,
        "unchecked_because": None,
        "rule_meant": None,
    }


#: A note with markup in it, to show that every output escapes it as other text.
NOTE = "<b>Returns</b> go to the data manager | *weekly* # since May"
RETURNS = "Make the screening returns somebody's job"
ROTA = "Agree a liaison rota that covers every court sitting"


def with_notes(text: str, *strategies: str) -> str:
    """A case file's text with :data:`NOTE` on the actions of these strategies."""
    for strategy in strategies:
        start = text.index(f"    strategy: {strategy}\n")
        end = text.index("    status: ", start)
        end = text.index("\n", end) + 1
        text = f'{text[:end]}    note: "{NOTE}"\n{text[end:]}'
    return text


def test_notes_of_actions_on_findings_no_longer_reported_are_in_every_output() -> None:
    """A resolved or obsolete finding's action is what an action learning set reviews,
    and its note is where the set records how it went."""
    after = loads(with_notes(AFTER.read_text(encoding="utf-8"), RETURNS, ROTA))
    comparison = compare(load(BEFORE), after)
    noted = {a.strategy: a.fate for a in comparison.actions if a.note == NOTE}
    assert noted == {RETURNS: "resolved", ROTA: "obsolete"}

    actions = json.loads(comparison.to_json())["actions"]
    assert {a["strategy"] for a in actions if a["note"] == NOTE} == {RETURNS, ROTA}
    assert sum(a["note"] is None for a in actions) == 4  # (the pilot has a note of its own)

    lines = comparison.to_text().splitlines()
    at = lines.index(f"    * {RETURNS}")
    assert lines[at + 1].startswith("      done (was planned) · AS401-dfc1c05076")
    assert lines[at + 2] == f"      Note: {NOTE}"

    markdown = comparison.to_markdown()
    assert f"| {escape_markdown(RETURNS)}<br>Note: {escape_markdown(NOTE)} | Service manager |" in (
        markdown
    )
    assert "<b>" not in markdown
    assert markdown.count(f"Note: {escape_markdown(NOTE)}") == 2

    html = comparison_html(comparison)
    assert "<small>Note: &lt;b&gt;Returns&lt;/b&gt; go to the data manager | *weekly*" in html
    assert "<b>Returns" not in html


def shuffled(data: dict[str, Any], seed: int, *, systems: bool = True) -> dict[str, Any]:
    """The same case with systems (unless ``systems`` is false), list nodes, exchanges and
    actions in another order."""
    rng = random.Random(seed)
    data = json.loads(json.dumps(data))
    if systems:
        rng.shuffle(data["systems"])
    for system in data["systems"]:
        for node in ("tools", "rules", "community", "division_of_labour"):
            rng.shuffle(system.get(node, []))
    rng.shuffle(data.get("exchanges", []))
    rng.shuffle(data.get("actions", []))
    return data


def case_data(path: Path) -> dict[str, Any]:
    from activity_systems.io.dumping import case_to_data

    return case_to_data(load(path))


def outcome(comparison: Comparison) -> tuple[list[Any], ...]:
    """What a comparison finds, whatever order its findings name two systems in."""
    return (
        [f.key for f in comparison.resolved],
        [(p.finding.key, p.previous.severity) for p in comparison.persisting],
        [f.key for f in comparison.new],
        [(m.between, m.direction, m.steps) for m in comparison.integration],
        [(a.finding_key, a.fate, a.status) for a in comparison.actions],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_output_does_not_depend_on_file_order(example: Comparison, seed: int) -> None:
    before = case_of(shuffled(case_data(BEFORE), seed, systems=False))
    after = case_of(shuffled(case_data(AFTER), seed + 10, systems=False))
    again = compare(before, after)
    assert again.to_json() == example.to_json()
    assert again.to_text() == example.to_text()
    assert again.to_markdown() == example.to_markdown()
    # Another order of systems finds the same; a finding that names two systems names
    # them in the case's order, as its figures draw them.
    before = case_of(shuffled(case_data(BEFORE), seed))
    after = case_of(shuffled(case_data(AFTER), seed + 10))
    assert outcome(compare(before, after)) == outcome(example)


def test_comparing_a_case_with_itself_finds_no_change() -> None:
    case = load(AFTER)
    same = compare(case, case)
    assert same.resolved == ()
    assert same.new == ()
    assert len(same.persisting) == 5
    assert [m.direction for m in same.integration] == ["unchanged"]
    assert (same.systems, same.elements, same.exchanges) == ((), (), ())
    assert {(a.status, a.previous_status) for a in same.actions} == {
        (a.status, a.status) for a in case.actions
    }


def test_labels_default_to_titles_and_can_be_given() -> None:
    case = case_of(two_systems())
    comparison = compare(case, case, before_label="v1.yaml", after_label="v2.yaml")
    assert (comparison.before, comparison.after) == ("v1.yaml", "v2.yaml")
    assert compare(case, case).before == "Reports"


def test_compare_takes_cases_or_paths() -> None:
    with pytest.raises(TypeError, match="before is a dict"):
        compare(two_systems(), case_of(two_systems()))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="after is a bytes"):
        compare(BEFORE, b"after.yaml")  # type: ignore[arg-type]


def test_versions_that_share_no_system_are_compared_with_a_warning() -> None:
    court = load(EXAMPLES / "court-reports.yaml")
    segregation = load(EXAMPLES / "segregation-unit.yaml")
    unrelated = r"share no system id \(court, mhs; healthcare, segregation\)"
    with pytest.warns(UnrelatedVersionsWarning, match=unrelated) as caught:
        comparison = compare(court, segregation)
    assert caught[0].filename == __file__  # it points at the caller
    assert comparison.shared_systems == ()
    assert comparison.counts() == {"resolved": 12, "persisting": 0, "new": 8, "unassessed": 0}


def test_the_warning_of_unrelated_versions_names_a_few_ids_of_many() -> None:
    # Two regional mappings of 300 services each: the warning named all 600 ids, some
    # 9,000 characters on stderr and in a notebook's cell.
    def region(prefix: str) -> Case:
        systems = [
            {"id": f"{prefix}-{n:03}", "subject": "Staff", "object": "Service user"}
            for n in range(300)
        ]
        return case_of({"title": prefix, "systems": systems})

    with pytest.warns(UnrelatedVersionsWarning) as caught:
        compare(region("north"), region("south"))
    message = str(caught[0].message)
    assert "(north-000, north-001, north-002, north-003, north-004, … 295 more; " in message
    assert "; south-000, south-001, south-002, south-003, south-004, … 295 more)" in message
    assert len(message) < 400


def test_versions_that_share_a_system_compare_quietly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        comparison = compare(BEFORE, AFTER)
        assert comparison.shared_systems == ("court", "local", "national")
        court_only = case_of({"title": "Reports", "systems": two_systems()["systems"][:1]})
        assert compare(case_of(two_systems()), court_only).shared_systems == ("court",)


def test_compare_loads_paths() -> None:
    from_paths = compare(str(BEFORE), AFTER)
    assert from_paths == compare(load(BEFORE), load(AFTER))
    assert from_paths.before == load(BEFORE).title  # different titles: the titles
    with pytest.raises(CaseFileError, match="no such file"):
        compare(BEFORE, EXAMPLES / "missing.yaml")


def test_compare_names_two_files_of_one_title_by_their_names(tmp_path: Path) -> None:
    before, after = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    before.write_text(BEFORE.read_text(encoding="utf-8"), encoding="utf-8")
    after.write_text(BEFORE.read_text(encoding="utf-8"), encoding="utf-8")
    assert (compare(before, after).before, compare(before, after).after) == ("v1.yaml", "v2.yaml")
    labelled = compare(before, after, before_label="spring")
    assert (labelled.before, labelled.after) == ("spring", "v2.yaml")
    assert compare(load(before), after).before == load(before).title


def one_title_in(folder: Path, *names: str) -> list[Path]:
    """The earlier version under ``names`` in ``folder``, each file with the same title."""
    paths = []
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BEFORE.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    return paths


def test_files_of_one_name_and_title_are_named_by_enough_of_their_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = one_title_in(tmp_path, "v2026/case.yaml", "v2027/case.yaml")
    comparison = compare(before, after)
    assert (comparison.before, comparison.after) == ("v2026/case.yaml", "v2027/case.yaml")
    data = json.loads(comparison.to_json())
    assert (data["before"], data["after"]) == ("v2026/case.yaml", "v2027/case.yaml")
    assert comparison.to_text().splitlines()[:2] == [
        "Progress since v2026/case.yaml",
        "Now: v2027/case.yaml",
    ]
    assert comparison.to_markdown().startswith(
        "# Progress since v2026/case.yaml\n\nNow: v2027/case.yaml. "
    )
    # as many folders as it takes, and relative paths read from the current folder
    deeper = one_title_in(tmp_path, "a/review/case.yaml", "b/review/case.yaml")
    assert compare(*deeper).before == "a/review/case.yaml"
    monkeypatch.chdir(tmp_path / "v2027")
    assert (compare("../v2026/case.yaml", "case.yaml").after) == "v2027/case.yaml"
    # one file given twice has nothing else to tell it apart by
    assert (compare(after, after).before, compare(after, after).after) == ("case.yaml",) * 2


# -- integration moves ------------------------------------------------------------------


def with_soi(current: str | None, desired: str = "coordination") -> Case:
    integration = (
        []
        if current is None
        else [{"between": ["mhs", "court"], "current": current, "desired": desired}]
    )
    return case_of(two_systems(integration=integration))


@pytest.mark.parametrize(
    ("before", "after", "direction", "steps", "remaining", "position", "phrase"),
    [
        (
            "full-segregation",
            "linkage",
            "towards",
            1,
            1,
            "below",
            "moved towards the desired level, 1 level to go",
        ),
        (
            "linkage",
            "coordination",
            "towards",
            1,
            0,
            "at",
            "moved towards the desired level, desired level reached",
        ),
        (
            "full-integration",
            "cooperation",
            "towards",
            1,
            1,
            "above",
            "moved towards the desired level, 1 level above the desired level",
        ),
        (
            "coordination",
            "linkage",
            "away",
            -1,
            1,
            "below",
            "moved away from the desired level, 1 level to go",
        ),
        (
            "linkage",
            "full-segregation",
            "away",
            -1,
            2,
            "below",
            "moved away from the desired level, 2 levels to go",
        ),
        (
            "coordination",
            "cooperation",
            "away",
            -1,
            1,
            "above",
            "moved away from the desired level, 1 level above the desired level",
        ),
        (
            "linkage",
            "cooperation",
            "across",
            0,
            1,
            "above",
            "moved across the desired level, 1 level above the desired level",
        ),
        (
            "linkage",
            "full-integration",
            "across",
            -1,
            2,
            "above",
            "moved across the desired level, 2 levels above the desired level",
        ),
        (
            "full-integration",
            "linkage",
            "across",
            1,
            1,
            "below",
            "moved across the desired level, 1 level to go",
        ),
        (
            "full-segregation",
            "cooperation",
            "across",
            1,
            1,
            "above",
            "moved across the desired level, 1 level above the desired level",
        ),
        ("linkage", "linkage", "unchanged", 0, 1, "below", "no move, 1 level to go"),
        ("coordination", "coordination", "unchanged", 0, 0, "at", "no move, at the desired level"),
        (
            "full-integration",
            "full-integration",
            "unchanged",
            0,
            2,
            "above",
            "no move, 2 levels above the desired level",
        ),
        (None, "linkage", "new", 0, 1, "below", "assessed for the first time"),
        (None, "cooperation", "new", 0, 1, "above", "assessed for the first time"),
        ("linkage", None, "removed", 0, None, None, "no longer assessed"),
    ],
)
def test_integration_directions(
    before: str | None,
    after: str | None,
    direction: str,
    steps: int,
    remaining: int | None,
    position: str | None,
    phrase: str,
) -> None:
    """A pair is described against its desired level from whichever side it is on: one
    above it is not told it has levels "to go", and a move from below it to above it
    (or back) is ``across`` it, whatever the distance on either side."""
    comparison = compare(with_soi(before), with_soi(after))
    [move] = comparison.integration
    assert move.between == ("court", "mhs")
    assert (move.direction, move.steps, move.remaining) == (direction, steps, remaining)
    assert move.position == position
    assert move.to_dict()["position"] == position
    assert describe_move(move) == phrase
    assert phrase in " ".join(comparison.to_text().split())
    assert phrase in comparison.to_markdown()
    assert phrase in comparison_html(comparison)


def test_integration_is_measured_against_the_later_desired_level() -> None:
    [move] = compare(with_soi("linkage", "cooperation"), with_soi("coordination")).integration
    assert (move.direction, move.steps, move.remaining) == ("towards", 1, 0)
    text = compare(with_soi("linkage", "cooperation"), with_soi("coordination")).to_text()
    assert (
        "moved towards the desired level, desired level reached (desired level was cooperation)"
        in " ".join(text.split())
    )


# -- element, system and exchange changes -------------------------------------------------


def test_changes_by_id_per_system_and_node() -> None:
    before = two_systems()
    after = json.loads(json.dumps(before))
    court, mhs = after["systems"]
    court["tools"].append({"id": "form", "label": "Form"})
    court["community"] = []
    mhs["rules"] = [{"id": "remit", "label": "Remit", "kind": "informal"}]
    mhs["tools"][0]["turnaround"] = "3 weeks"
    mhs["name"] = "Mental health services"
    after["exchanges"][0]["expects"] = ["diagnosis"]
    comparison = compare(case_of(before), case_of(after))
    assert [(c.id, c.change, c.fields) for c in comparison.systems] == [
        ("mhs", "changed", ("name",))
    ]
    assert [(c.reference, c.node, c.change, c.fields) for c in comparison.elements] == [
        ("court.form", "tools", "added", ()),
        ("court.ushers", "community", "removed", ()),
        ("mhs.report", "tools", "changed", ("turnaround",)),
        ("mhs.remit", "rules", "changed", ("kind",)),
    ]
    assert [(c.id, c.change, c.fields) for c in comparison.exchanges] == [
        ("court-report", "changed", ("expects",))
    ]


def test_exchange_changes_name_fields_as_the_case_file_does() -> None:
    before = two_systems()
    before["systems"].append({"id": "ld", "subject": "Practitioner", "object": "Person"})
    before["exchanges"][0]["takes"] = "4-8 weeks"  # a producer's tool would move with it
    after = json.loads(json.dumps(before))
    after["exchanges"][0]["from"] = "ld"
    del after["systems"][1]["division_of_labour"][0]["produces"]
    after["systems"][2]["division_of_labour"] = [
        {"task": "Write report", "by": "subject", "produces": ["court-report"]}
    ]
    comparison = compare(case_of(before), case_of(after))
    [change] = comparison.exchanges
    assert change.fields == ("from",)
    assert [d.to_dict() for d in change.differences] == [
        {"field": "from", "before": "mhs", "after": "ld"}
    ]
    assert "court-report “Report for the court”\n        from: mhs → ld\n" in comparison.to_text()


def test_an_element_that_moves_node_is_changed_with_node_first() -> None:
    before = two_systems()
    after = json.loads(json.dumps(before))
    after["systems"][0]["tools"] = []
    after["systems"][0]["rules"].append({"id": "request", "label": "Request"})
    [change] = compare(case_of(before), case_of(after)).elements
    assert (change.reference, change.node, change.change, change.fields) == (
        "court.request",
        "rules",
        "changed",
        ("node",),
    )


def test_systems_added_and_removed_are_reported_whole() -> None:
    before = two_systems()
    after = json.loads(json.dumps(before))
    after["systems"].append({"id": "probation", "subject": "Officer", "object": "Offender"})
    comparison = compare(case_of(before), case_of(after))
    assert [(c.id, c.change, c.label) for c in comparison.systems] == [
        ("probation", "added", "probation")
    ]
    assert comparison.elements == ()
    back = compare(case_of(after), case_of(before))
    assert [(c.id, c.change) for c in back.systems] == [("probation", "removed")]
    assert back.elements == ()


# -- actions ----------------------------------------------------------------------------


def action(strategy: str, status: str = "planned", **finding: Any) -> dict[str, Any]:
    named = finding or {
        "rule": "AS101",
        "elements": ["court-report", "court.targets", "mhs.report"],
    }
    return {"finding": named, "strategy": strategy, "status": status}


def test_an_action_whose_finding_is_gone_loads_and_is_reviewed_not_an_error() -> None:
    case = case_of(
        two_systems(
            actions=[
                action("Shorter report"),
                action("Drop the form", rule="AS602", elements=["court.form"]),
                action("Fix the tool", rule="AS602", elements=["court.request"]),
                {"finding": "AS999-0123456789", "strategy": "Unknown key"},
            ]
        )
    )
    with pytest.warns(MisnamedFindingWarning, match="no rule has the id AS999"):
        report = check(case)
    reviews = review_actions(case, report)
    assert [(r.action.strategy, r.fate, r.missing) for r in reviews] == [
        ("Shorter report", "open", ()),
        ("Drop the form", "obsolete", ("court.form",)),
        ("Fix the tool", "resolved", ()),
        # no rule has the id AS999, so nothing says that its finding went away
        ("Unknown key", "unchecked", ()),
    ]
    assert reviews[3].unchecked_because == "unknown-rule"
    assert reviews[0].finding is not None
    assert reviews[0].finding.key == AS101


def test_a_key_only_action_learns_its_elements_from_known_findings() -> None:
    earlier = case_of(two_systems())
    later_data = two_systems(actions=[{"finding": AS101, "strategy": "Shorter report"}])
    later_data["systems"][0]["rules"] = []
    later_data["exchanges"][0].pop("needed_within")
    later = case_of(later_data)
    [alone] = review_actions(later, check(later))
    assert (alone.fate, alone.missing) == ("resolved", ())
    [informed] = review_actions(later, check(later), known=check(earlier).findings)
    assert (informed.fate, informed.missing) == ("obsolete", ("court.targets",))


def test_actions_pair_by_finding_and_strategy_then_by_finding_alone() -> None:
    before = case_of(
        two_systems(
            actions=[
                action("Shorter report", "in-progress"),
                action("Ask for a screening report"),
                action("Meet monthly", rule="AS501", elements=["court", "mhs"]),
            ]
        )
    )
    after = case_of(
        two_systems(
            actions=[
                action("Ask for a screening report", "done"),
                action("Report within three weeks", "done"),
                action("Court accepts a short report"),
            ]
        )
    )
    comparison = compare(before, after)
    rows = [(a.strategy, a.previous_status, a.status, a.fate) for a in comparison.actions]
    # no version assesses the pair's integration: AS501 had nothing to look at
    assert rows == [
        ("Ask for a screening report", "planned", "done", "persisting"),
        ("Court accepts a short report", None, "planned", "persisting"),
        ("Report within three weeks", None, "done", "persisting"),
        ("Shorter report", "in-progress", None, "persisting"),
        ("Meet monthly", "planned", None, "unchecked"),
    ]
    assert "5 actions: 1 planned, 2 done, 2 no longer in the plan." in comparison.to_text()


def test_a_reworded_strategy_pairs_when_it_is_the_only_one_for_its_finding() -> None:
    before = case_of(two_systems(actions=[action("Shorter report", "in-progress")]))
    after = case_of(two_systems(actions=[action("A shorter report, agreed", "done")]))
    [row] = compare(before, after).actions
    assert (row.strategy, row.previous_status, row.status) == (
        "A shorter report, agreed",
        "in-progress",
        "done",
    )


def test_a_failed_rule_is_left_out_and_its_actions_are_unchecked(broken_rule: Any) -> None:
    from activity_systems.rules.engine import BUILTIN_RULES

    case = case_of(
        two_systems(actions=[action("Whatever", rule="XX901", elements=["court.request"])])
    )
    with pytest.warns(RuleFailedWarning, match="rule XX901 failed") as warned:
        comparison = compare(case, case, rules=[*BUILTIN_RULES, broken_rule])
    # compare() checks inside the library; the warnings still point at its caller
    assert {item.filename for item in warned} == {__file__}
    assert [(f.rule, f.version, f.error) for f in comparison.rules_failed] == [
        ("XX901", "after", "RuntimeError: boom"),
        ("XX901", "before", "RuntimeError: boom"),
    ]
    assert [a.fate for a in comparison.actions] == ["unchecked"]
    assert "Rules that failed, left out of the comparison (2)" in comparison.to_text()


# -- escaping ---------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> *bold* | pipe [link](x) `tick`"


def hostile_pair() -> tuple[Case, Case]:
    before = two_systems(title=HOSTILE, actions=[action(HOSTILE)])
    after = json.loads(json.dumps(before))
    after["systems"][0]["tools"][0]["label"] = HOSTILE
    after["actions"][0]["status"] = "done"
    return case_of(before), case_of(after)


def test_markdown_escapes_user_text() -> None:
    markdown = compare(*hostile_pair()).to_markdown()
    assert "<script>" not in markdown
    assert "*bold*" not in markdown
    assert "[link](x)" not in markdown
    assert escape_markdown(HOSTILE) in markdown
    tables = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(tables) == 6
    for line in tables:
        # every unescaped pipe is a cell separator of ours: 4 or 5 columns
        assert len(re.findall(r"(?<!\\)\|", line)) in (5, 6), line


PILOT = "https://example.org/court_reports/pilot_1"


def test_markdown_escapes_as_the_handouts_do() -> None:
    """``~`` was ``\\~``, which MkDocs shows as written; a web address was escaped, and
    GitHub linked it with its backslashes; pandoc and MkDocs's attr_list took ``{pilot}``
    at the end of a heading or a table cell for its attributes."""
    text = f"Reports take ~3 weeks, see {PILOT} {{pilot}}"
    before = two_systems(title=text, actions=[action(text)])
    after = json.loads(json.dumps(before))
    after["systems"][0]["tools"][0]["label"] = text
    source = compare(case_of(before), case_of(after)).to_markdown()
    written = f"Reports take &#126;3 weeks, see <{PILOT}> \\{{pilot}}"
    assert source.startswith(f"# Progress since {written}\n")
    assert f"| `request` | {written} (was Request) |" in source
    assert f"| {written} | " in source  # the action's strategy
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(source, extensions=["tables", "attr_list"])
    assert f'<a href="{PILOT}">{PILOT}</a> {{pilot}}</h1>' in rendered
    assert f'<a href="{PILOT}">{PILOT}</a> {{pilot}} (was Request)</td>' in rendered
    assert f'<a href="{PILOT}">{PILOT}</a> {{pilot}}</td>' in rendered
    assert "Reports take ~3 weeks" in html.unescape(rendered)
    assert "\\" not in rendered


def test_html_escapes_user_text() -> None:
    fragment = compare(*hostile_pair())._repr_html_()
    assert "<script>" not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment


def test_html_display_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import activity_systems.follow_up.markup as markup

    def broken(comparison: Comparison, **options: object) -> str:
        raise ValueError("<bad>")

    monkeypatch.setattr(markup, "comparison_html", broken)
    shown = compare(*hostile_pair())._repr_html_()
    assert shown == "<pre>ValueError(&#x27;&lt;bad&gt;&#x27;)</pre>"


def test_report_is_untouched_by_actions() -> None:
    """Actions never change what the engine reports."""
    without = case_of(two_systems())
    with_actions = case_of(two_systems(actions=[action("Shorter report", "done")]))
    assert check(without).findings == check(with_actions).findings
    assert isinstance(check(with_actions), Report)


def test_loads_accepts_actions_for_findings_that_never_existed() -> None:
    case = loads(
        """
title: T
systems: [{id: a, subject: S, object: O}]
actions:
  - {finding: {rule: AS101, elements: [a.nothing, nowhere]}, strategy: Keep calm, status: done}
"""
    )
    [review] = review_actions(case, check(case))
    assert (review.fate, review.missing) == ("obsolete", ("a.nothing", "nowhere"))


def test_a_notebook_shows_at_most_200_findings_of_each_group_of_a_comparison() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import case_data

    case = Case.model_validate(case_data(60))
    comparison = compare(case, case)
    assert len(comparison.persisting) > 200
    shown = comparison._repr_html_()
    assert shown.count("<li><b>") == 200  # the persisting findings: none resolved or new
    assert f"… and {len(comparison.persisting) - 200:,} more" in shown
    assert f"Persisting ({len(comparison.persisting):,})" in shown


def test_a_notebook_shows_at_most_200_changes_of_a_comparison() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import case_data

    before = case_data(30)
    after = json.loads(json.dumps(before))
    for system in after["systems"]:  # every tool and rule gains a description
        for element in (*system["tools"], *system["rules"]):
            element["description"] = "Agreed at the review."
    comparison = compare(Case.model_validate(before), Case.model_validate(after))
    changes = len(comparison.systems) + len(comparison.elements) + len(comparison.exchanges)
    assert changes > 200
    shown = comparison._repr_html_()
    table = shown.split("<h4>Changes</h4>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + 200  # the header and 200 changes
    assert f"… and {changes - 200:,} more changes" in shown
    assert f"… and {changes - 200:,} more changes" not in comparison_html(comparison)


def test_a_comparison_repr_is_one_line_and_print_shows_its_text(example: Comparison) -> None:
    # A comparison of two versions of a regional map holds thousands of findings: its
    # repr, which a notebook and the terminal show, says how many rather than listing them.
    assert repr(example) == (
        "Comparison(before='Court liaison and diversion: intensive-phase workshop (2026)', "
        "after='Court liaison and diversion: action learning set review (2027)', "
        "resolved=6, persisting=4, new=1, unassessed=0, changes=6, actions=7, rules_failed=0)"
    )
    assert str(example) == example.to_text()


def test_an_element_that_moved_node_names_its_changed_text_the_same_both_ways() -> None:
    # A rule that became a task: its text is a rule's 'label' and a task's 'task'; the
    # change named it after whichever version came second.
    before = loads(
        "title: T\nsystems:\n- {id: a, subject: S, object: O, rules: [{id: x, label: Old}]}\n"
    )
    after = loads(
        "title: T\nsystems:\n- {id: a, subject: S, object: O,\n"
        "   division_of_labour: [{id: x, task: New, by: subject}]}\n"
    )
    forth = [d for c in compare(before, after).elements for d in c.differences]
    back = [d for c in compare(after, before).elements for d in c.differences]
    assert {(d.field, d.before, d.after) for d in forth} == {
        (d.field, d.after, d.before) for d in back
    }
    assert ("label", "Old", "New") in {(d.field, d.before, d.after) for d in forth}


def test_compare_given_reports_says_how_to_compare_their_findings() -> None:
    import activity_systems as a

    case = a.load("examples/court-reports.yaml")
    timing = a.check(case, rules=["AS101", "AS202"])
    with pytest.raises(TypeError, match="before is a Report") as raised:
        a.compare(timing, a.check(case))  # type: ignore[arg-type]
    assert "compare(old_case, new_case)" in str(raised.value)
    assert "f.key for f in" in str(raised.value)


def test_files_of_one_title_are_named_by_nothing_above_the_folder_they_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comparison sent to another agency names two files by what tells them apart
    below the folder they share: never a folder above it (the user's home, their user
    name), and never the name of the folder the command ran in when both lie in it."""
    one_title_in(
        tmp_path, "alice/case.yaml", "alice/project/case.yaml", "alice/project/old/case.yaml"
    )
    monkeypatch.chdir(tmp_path / "alice" / "project")
    named = compare("../case.yaml", "case.yaml")
    assert (named.before, named.after) == ("case.yaml", "project/case.yaml")
    named = compare("old/case.yaml", "case.yaml")
    assert (named.before, named.after) == ("old/case.yaml", "case.yaml")


def test_a_comparison_is_the_same_from_every_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same two versions give the same bytes wherever their folder is."""
    outputs = []
    for home in ("alice/project", "bob/x"):
        one_title_in(tmp_path / home, "case.yaml", "old/case.yaml")
        monkeypatch.chdir(tmp_path / home)
        comparison = compare("old/case.yaml", "case.yaml")
        outputs.append((comparison.to_json(), comparison.to_text(), comparison.to_markdown()))
    assert outputs[0] == outputs[1]


def test_a_notebook_shows_at_most_200_integration_moves_those_that_moved_first() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import case_data

    before = case_data(210)
    after = json.loads(json.dumps(before))
    last = after["integration"][-1]  # the last pair of the table moves a level
    last["current"] = "linkage" if last["current"] != "linkage" else "coordination"
    comparison = compare(Case.model_validate(before), Case.model_validate(after))
    assert len(comparison.integration) == 210
    moved = [m for m in comparison.integration if m.direction != "unchanged"]
    assert len(moved) == 1
    shown = comparison._repr_html_()
    table = shown.split("<h4>Integration</h4>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + 200  # the header and 200 pairs
    first_row = table.split(f"<tbody><tr>{_TD}", 1)[1].split("</td>", 1)[0]
    assert first_row == " and ".join(moved[0].between)
    assert "… and 10 more pairs, none of whose level moved:" in shown
    whole = comparison_html(comparison)
    assert "more pairs" not in whole
    assert whole.split("<h4>Integration</h4>", 1)[1].split("</table>", 1)[0].count("<tr>") == 211


def test_a_view_of_a_comparison_limited_to_none_shows_only_counts_and_what_is_left(
    example: Comparison,
) -> None:
    comparison = example
    assert comparison.resolved
    assert comparison.integration
    shown = comparison_html(comparison, limit=0)
    assert f"<h4>Resolved ({len(comparison.resolved):,})</h4>" in shown
    assert f"… and {len(comparison.resolved):,} more:" in shown
    assert len(comparison.integration) == 1
    assert "… and 1 more pair:" in shown
    assert "<li>" not in shown
    assert "<ul>" not in shown
    changes = len(comparison.systems) + len(comparison.elements) + len(comparison.exchanges)
    assert f"… and {changes:,} more changes:" in shown
    assert "<table>" not in shown.split("<h4>Actions", 1)[0]


@pytest.mark.parametrize("limit", [-1, -5])
def test_a_view_of_a_comparison_refuses_a_negative_limit(example: Comparison, limit: int) -> None:
    with pytest.raises(ValueError, match=f"limit must be 0 or more, not {limit}"):
        comparison_html(example, limit=limit)


def test_a_view_of_a_comparison_says_one_pair_or_change_left_out_in_the_singular(
    example: Comparison,
) -> None:
    assert len(example.integration) == 1
    changes = len(example.systems) + len(example.elements) + len(example.exchanges)
    assert changes > 1
    none = comparison_html(example, limit=0)
    assert "… and 1 more pair: the comparison's <code>integration</code> holds" in none
    assert "more pairs" not in none
    one_less = comparison_html(example, limit=changes - 1)
    assert "… and 1 more change: the comparison's <code>systems</code>" in one_less
    assert "more changes" not in one_less
    unmoved = compare(load(BEFORE), load(BEFORE))
    assert [move.direction for move in unmoved.integration] == ["unchanged"]
    assert "… and 1 more pair, whose level did not move:" in comparison_html(unmoved, limit=0)
