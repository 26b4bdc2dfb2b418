"""``compare``'s text of two versions of a large case: the persisting findings past
:data:`~activity_systems.follow_up.text.PERSISTING_SHOWN` are counted by rule, not
listed, so that what changed is in view; the other formats list every one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from activity_systems import Case, compare
from activity_systems.cli import main
from activity_systems.follow_up import Comparison
from activity_systems.follow_up.text import PERSISTING_SHOWN, comparison_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import case_data, data_yaml

CUT = (
    "  … and 22 more persisting findings: 17 AS201 unmet-expectation, 3 AS502\n"
    "    over-integration and 2 AS602 unknown-element; --format csv, --format json or\n"
    "    --format markdown lists them all."
)


def _versions() -> tuple[dict[str, Any], dict[str, Any]]:
    """The smallest generated case with more than 50 persisting findings (5 systems,
    72), and its next version, in which a service is renamed."""
    before = case_data(5)
    after = json.loads(json.dumps(before))
    after["systems"][1]["name"] += " (North)"
    return before, after


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    paths = []
    for name, data in zip(("v1.yaml", "v2.yaml"), _versions(), strict=True):
        path = tmp_path / name
        path.write_text(data_yaml(data), encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


def _comparison() -> Comparison:
    before, after = _versions()
    return compare(Case.model_validate(before), Case.model_validate(after))


def test_the_threshold_is_50() -> None:
    assert PERSISTING_SHOWN == 50


def test_compare_lists_the_50_first_persisting_findings_and_counts_the_rest_by_rule(
    pair: tuple[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "88")
    assert main(["compare", *pair]) == 0
    out = capsys.readouterr().out
    comparison = _comparison()
    assert len(comparison.persisting) == 72
    persisting = out.split("Persisting (72)\n", 1)[1]
    keys = [p.finding.key for p in comparison.persisting]
    assert all(f"({key})" in persisting for key in keys[:50])  # most severe first, as listed
    assert not any(f"({key})" in persisting for key in keys[50:])
    assert persisting.index(f"({keys[49]})") < persisting.index(CUT)
    assert CUT + "\n" in out
    assert out.count("… and") == 1


def test_the_cut_text_is_the_whole_text_up_to_the_cut_and_from_the_next_section() -> None:
    comparison = _comparison()
    whole = comparison_text(comparison).splitlines()
    cut = comparison_text(comparison, persisting=PERSISTING_SHOWN).splitlines()
    at = cut.index("  … and 22 more persisting findings: 17 AS201 unmet-expectation, 3 AS502")
    assert cut[:at] == whole[:at]
    rest = next(i for i in range(at, len(cut)) if not cut[i].startswith("  "))
    assert cut[rest:] == whole[len(whole) - (len(cut) - rest) :]


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_the_other_formats_list_every_persisting_finding(
    pair: tuple[str, str], capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["compare", *pair, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert all(p.finding.key in out for p in _comparison().persisting)
    assert "more persisting" not in out


def test_resolved_and_new_findings_are_listed_in_full_beside_the_cut() -> None:
    comparison = _comparison()
    findings = tuple(p.finding for p in comparison.persisting)
    many = comparison.model_copy(update={"resolved": findings, "new": findings})
    text = comparison_text(many, persisting=PERSISTING_SHOWN)
    resolved = text.split("Resolved (72)\n", 1)[1].split("\nPersisting", 1)[0]
    new = text.split("New (72)\n", 1)[1]
    assert all(f"({f.key})" in resolved and f"({f.key})" in new for f in findings)


@pytest.mark.parametrize("kept", [PERSISTING_SHOWN, PERSISTING_SHOWN - 1, 0])
def test_a_comparison_of_50_persisting_findings_or_fewer_is_as_before(kept: int) -> None:
    comparison = _comparison()
    fewer = comparison.model_copy(update={"persisting": comparison.persisting[:kept]})
    assert comparison_text(fewer, persisting=PERSISTING_SHOWN) == comparison_text(fewer)


def test_one_over_the_threshold_says_one_more_finding() -> None:
    comparison = _comparison()
    one_over = comparison.model_copy(
        update={"persisting": comparison.persisting[: PERSISTING_SHOWN + 1]}
    )
    text = comparison_text(one_over, persisting=PERSISTING_SHOWN)
    assert "  … and 1 more persisting finding: 1 AS201 unmet-expectation; --format csv," in text


def test_print_and_to_text_list_every_persisting_finding() -> None:
    # the cut's advice is the command line's: in Python, the whole text stays at hand
    comparison = _comparison()
    assert "more persisting" not in comparison.to_text()
    assert "more persisting" not in str(comparison)


def test_the_findings_counted_are_not_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # the text of 5,900 persisting findings took a second to write, though 50 are shown
    from activity_systems.follow_up import text

    comparison = _comparison()
    written: list[str] = []
    finding_text = text._text_finding

    def counted(finding: Any, previous: Any = None) -> list[str]:
        written.append(finding.key)
        return finding_text(finding, previous)

    monkeypatch.setattr(text, "_text_finding", counted)
    comparison_text(comparison, persisting=PERSISTING_SHOWN)
    assert len(written) == PERSISTING_SHOWN


def test_a_negative_number_of_persisting_findings_is_refused() -> None:
    with pytest.raises(
        ValueError, match="persisting must be a whole number of findings, 0 or more, not -1"
    ):
        _comparison().to_text(persisting=-1)


def test_none_listed_counts_them_all() -> None:
    text = _comparison().to_text(persisting=0)
    assert "Persisting (72)\n  … and 72 more persisting findings: " in text


@pytest.mark.parametrize("persisting", [-1, 1.5, "50", True, float("nan")])
def test_a_number_of_persisting_findings_that_is_not_one_is_the_library_s_argument_error(
    persisting: object,
) -> None:
    from activity_systems.errors import ArgumentError

    with pytest.raises(ArgumentError, match=r"persisting must be .*0 or more, not "):
        _comparison().to_text(persisting=persisting)  # type: ignore[arg-type]
