"""``compare --fail-on LEVEL``: a merge request fails for a contradiction that the later
version brings, at or above a severity, and not for those that were already there and
persist; without the option ``compare`` exits 0 whatever it finds, as it always did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import activity_systems as a
from activity_systems.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = str(EXAMPLES / "liaison-and-diversion.yaml")
AFTER = str(EXAMPLES / "liaison-and-diversion-2027.yaml")
COURT = str(EXAMPLES / "court-reports.yaml")
SEGREGATION = str(EXAMPLES / "segregation-unit.yaml")


def test_the_example_pair_brings_one_new_medium_finding_and_keeps_high_ones() -> None:
    """What the cases below rest on: the 2027 version brings AS403 (medium) alone, and
    keeps high findings of 2026."""
    comparison = a.compare(BEFORE, AFTER)
    assert [(f.rule, f.severity) for f in comparison.new] == [("AS403", "medium")]
    assert "high" in {p.finding.severity for p in comparison.persisting}


@pytest.mark.parametrize(
    ("before", "after", "level", "status"),
    [
        (BEFORE, AFTER, "high", 0),  # the high findings of 2027 were there in 2026
        (BEFORE, AFTER, "medium", 1),  # AS403 is new, and medium
        (BEFORE, AFTER, "low", 1),
        (BEFORE, AFTER, "never", 0),
        (BEFORE, AFTER, "MEDIUM", 1),  # the words in any case, as check's
        (AFTER, BEFORE, "high", 1),  # going back brings the six high findings back
        (AFTER, AFTER, "low", 0),  # nothing new
    ],
)
def test_compare_fails_on_a_new_finding_at_or_above_the_level(
    before: str, after: str, level: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", before, after]) == 0
    unchanged = capsys.readouterr()
    assert main(["compare", before, after, "--fail-on", level]) == status
    # the comparison printed is the same, and no line is added on standard error
    assert capsys.readouterr() == unchanged
    assert unchanged.err == ""


def test_a_persisting_finding_fails_check_but_not_compare(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """check of the later version fails for findings that were already there;
    compare fails only for what the edit brought."""
    assert main(["check", AFTER, "--fail-on", "high"]) == 1
    assert main(["compare", BEFORE, AFTER, "--fail-on", "high"]) == 0


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_the_file_written_is_the_same_bytes_with_fail_on(fmt: str, tmp_path: Path) -> None:
    without, with_it = tmp_path / "without.out", tmp_path / "with.out"
    assert main(["compare", BEFORE, AFTER, "--format", fmt, "-o", str(without)]) == 0
    argv = ["compare", BEFORE, AFTER, "--format", fmt, "-o", str(with_it), "--fail-on", "low"]
    assert main(argv) == 1
    assert with_it.read_bytes() == without.read_bytes()


def _later(tmp_path: Path, extra: str) -> str:
    path = tmp_path / "later.yaml"
    path.write_text(Path(AFTER).read_text(encoding="utf-8") + extra, encoding="utf-8")
    return str(path)


def test_a_new_finding_of_a_rule_the_later_version_leaves_out_does_not_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = _later(
        tmp_path,
        "\nleave_out:\n  - rule: AS403\n    reason: Contracts are out of scope\n    by: Team\n",
    )
    assert main(["compare", BEFORE, later, "--fail-on", "low"]) == 0
    data = json.loads(a.compare(BEFORE, later).to_json())
    assert data["findings"]["new"] == []
    assert [x["rule"] for x in data["left_out"]] == ["AS403"]


@pytest.mark.parametrize(("rules", "status"), [("AS101,AS201", 0), ("as403", 1)])
def test_rules_narrow_what_can_fail(
    rules: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", BEFORE, AFTER, "--rules", rules, "--fail-on", "low"]) == status


def test_a_rule_that_raised_still_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule that raised is an error, before any finding: the status says the
    comparison is incomplete, not that it found something."""
    (tmp_path / "team_rules.py").write_text(
        "from activity_systems import rule\n\n\n"
        '@rule("RES103", name="fails-later", category="completeness")\n'
        "def fails(case):\n"
        '    """Fails on the later version."""\n'
        '    if "2027" in case.title:\n'
        '        raise KeyError("later")\n'
        "    return []\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    argv = ["compare", BEFORE, AFTER, "--rules-from", "team_rules.py", "--fail-on", "low"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "rule RES103 failed" in err


def test_two_different_cases_fail_on_every_finding_of_the_later(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two files that share no system are two cases: every finding of the later one is
    new, as the comparison says, and fails."""
    with pytest.warns(a.follow_up.UnrelatedVersionsWarning):
        assert a.compare(COURT, SEGREGATION).new
    assert main(["compare", COURT, SEGREGATION, "--fail-on", "low"]) == 1
    assert "share no system id" in capsys.readouterr().err


def test_compare_without_fail_on_exits_0_with_new_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The default is ``never``, not check's ``low``: a script that ran compare before
    the option existed keeps its status."""
    assert a.compare(AFTER, BEFORE).new
    assert main(["compare", AFTER, BEFORE]) == 0


def test_the_comparison_gives_its_new_findings_at_or_above_a_severity() -> None:
    comparison = a.compare(BEFORE, AFTER)
    assert comparison.new_at_or_above("high") == []
    assert [f.rule for f in comparison.new_at_or_above("medium")] == ["AS403"]
    assert comparison.new_at_or_above("low") == list(comparison.new)
    backwards = a.compare(AFTER, BEFORE)
    assert {f.severity for f in backwards.new_at_or_above("high")} == {"high"}
    with pytest.raises(ValueError, match="severity must be one of high, medium, low"):
        comparison.new_at_or_above("Medium")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "option"),
    [("high", "--fail-on high"), ("Medium", "--fail-on medium"), ("json", "--format json")],
)
def test_a_word_of_an_option_given_as_a_third_file_names_the_option(
    word: str,
    option: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``compare a.yaml b.yaml high`` forgot ``--fail-on``, as ``check court.yaml high``
    does: the command says which option, as check's does, besides taking two files."""
    monkeypatch.chdir(tmp_path)
    assert main(["compare", BEFORE, AFTER, word]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0].endswith(
        f"compare them two at a time; did you mean the option {option}?"
    )
    (tmp_path / word).write_text("a file of that name", encoding="utf-8")
    assert main(["compare", BEFORE, AFTER, word]) == 2  # a file is a third case file
    assert "did you mean" not in capsys.readouterr().err


def test_a_renamed_element_or_a_worse_persisting_finding_does_not_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A finding whose element was renamed persists under its new key, and one whose
    severity rose persists too: neither is new, so neither fails."""
    court = Path(COURT).read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(court.replace("treatment-first", "treatment-priority"), encoding="utf-8")
    assert main(["compare", COURT, str(renamed), "--fail-on", "low"]) == 0
    assert "mhs.treatment-first is now mhs.treatment-priority" in capsys.readouterr().out
    wider = tmp_path / "wider.yaml"
    wider.write_text(
        court.replace("    desired: coordination", "    desired: cooperation"), encoding="utf-8"
    )
    assert main(["compare", COURT, str(wider), "--fail-on", "high"]) == 0
    assert "HIGH AS501 integration-gap (AS501-1d286d48ac, was MEDIUM)" in capsys.readouterr().out
