"""``check --severity``, ``--level`` and ``--system``: the part of a long report (a
regional map's tens of thousands of findings) that one reads, in every format, as
``report.at_or_above``, ``report.by_level`` and ``report.involving`` give it in Python."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_errors import one_error_line

import activity_systems as a
from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"


def reported(capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    """The keys of the findings that ``check --format json`` reports with ``options``."""
    main(["check", str(LIAISON), "--format", "json", *options])
    return [f["key"] for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.fixture(scope="module")
def case() -> a.Case:
    return a.load(LIAISON)


@pytest.fixture(scope="module")
def report(case: a.Case) -> a.Report:
    return a.check(case)


def keys(findings: list[a.Finding]) -> list[str]:
    return [f.key for f in findings]


def test_severity_keeps_the_findings_at_least_that_severe(
    capsys: pytest.CaptureFixture[str], report: a.Report
) -> None:
    high = keys(report.at_or_above("high"))
    assert 0 < len(high) < len(report.findings)
    assert reported(capsys, "--severity", "high") == high
    assert reported(capsys, "--severity", "LOW") == keys(list(report.findings))


def test_level_keeps_the_findings_of_the_levels_named(
    capsys: pytest.CaptureFixture[str], report: a.Report
) -> None:
    levels = report.by_level()
    assert reported(capsys, "--level", "tertiary") == keys(levels["tertiary"])
    both = reported(capsys, "--level", "tertiary", "--level", "none")
    assert both == [f.key for f in report.findings if f.level in ("tertiary", None)]


def test_system_keeps_what_involves_it_and_two_what_lies_between_them(
    capsys: pytest.CaptureFixture[str], case: a.Case, report: a.Report
) -> None:
    court = keys(report.involving(case, "court"))
    between = keys(report.involving(case, "local", "national"))
    assert court
    assert between
    assert not set(court) & set(between)
    assert reported(capsys, "--system", "court") == court
    assert reported(capsys, "--system", "local", "--system", "national") == between


def test_the_filters_combine_and_the_counts_and_numbers_are_the_part_s(
    capsys: pytest.CaptureFixture[str], case: a.Case, report: a.Report
) -> None:
    part = [f for f in report.involving(case, "national") if f.severity == "high"]
    assert 0 < len(part) < len(report.involving(case, "national"))
    assert main(["check", str(LIAISON), "--system", "national", "--severity", "high"]) == 1
    text = capsys.readouterr().out
    assert text.splitlines()[1].startswith(f"{len(part)} findings: {len(part)} high")
    main(["check", str(LIAISON), "--system", "national", "--severity", "high", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["key"] for row in rows] == keys(part)
    assert [row["number"] for row in rows] == [str(n) for n in range(1, len(part) + 1)]


def test_fail_on_looks_at_the_findings_kept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(LIAISON)]) == 1
    capsys.readouterr()
    # no finding lies between the court and the national service: none fails the run
    assert main(["check", str(LIAISON), "--system", "court", "--system", "national"]) == 0
    assert "No findings." in capsys.readouterr().out


def test_an_unknown_system_or_level_is_an_error_that_names_the_one_meant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(LIAISON), "--system", "locl"]) == 2
    error = one_error_line(capsys.readouterr().err)
    assert error.startswith(f"activity-systems: {LIAISON}: no system 'locl'")
    assert "locl" in error
    assert "local" in error
    assert main(["check", str(LIAISON), "--level", "primery"]) == 2
    assert "primary" in capsys.readouterr().err


def test_the_choices_are_the_model_s() -> None:
    from activity_systems.cli.parser import LEVEL_CHOICES, SEVERITY_CHOICES
    from activity_systems.model.relations import LEVELS
    from activity_systems.rules.finding import SEVERITIES

    assert SEVERITY_CHOICES == SEVERITIES
    assert (*LEVELS, "none") == LEVEL_CHOICES


def test_a_filtered_report_says_what_it_kept_even_when_it_kept_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # No primary contradiction in the case: the report must not read as a clean case.
    main(["check", str(LIAISON), "--level", "primary"])
    text = capsys.readouterr().out
    assert "No findings." in text
    assert "Only the findings of level primary are listed: 0 of 10." in text
    main(["check", str(LIAISON), "--level", "primary", "--format", "markdown"])
    assert "Only the findings of level primary are listed: 0 of 10." in capsys.readouterr().out
    main(["check", str(LIAISON), "--severity", "high", "--system", "court", "--system", "local"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "Only the findings at least high in severity, involving court and local are listed: "
        "4 of 10." in text
    )
    # unfiltered, or kept whole, the report says nothing of a selection
    main(["check", str(LIAISON), "--severity", "low"])
    assert "Only the findings" not in capsys.readouterr().out


def test_a_filtered_json_report_says_what_it_kept_and_of_how_many(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A nightly job's dashboard must tell "nothing high" from "nothing at all".
    out = tmp_path / "site.json"
    assert (
        main(["check", str(LIAISON), "--level", "primary", "--format", "json", "-o", str(out)]) == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] == []
    assert list(data)[-1] == "selection"
    assert data["selection"] == {
        "total": 10,
        "severity": None,
        "levels": ["primary"],
        "rules": None,
        "systems": [],
    }
    main(["check", str(LIAISON), "--severity", "high", "--system", "court", "--format", "json"])
    selection = json.loads(capsys.readouterr().out)["selection"]
    assert selection["severity"] == "high"
    assert selection["systems"] == ["court"]
    assert selection["levels"] is None
    # read back, its text says what the original's says
    again = a.Report.from_json(out.read_text(encoding="utf-8"))
    main(["check", str(LIAISON), "--level", "primary"])
    assert again.to_text() == capsys.readouterr().out


def test_an_unfiltered_json_report_has_no_selection(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(LIAISON), "--format", "json"])
    whole = capsys.readouterr().out
    assert "selection" not in json.loads(whole)
    # a selection that keeps every finding is no selection
    main(["check", str(LIAISON), "--severity", "low", "--format", "json"])
    assert capsys.readouterr().out == whole
