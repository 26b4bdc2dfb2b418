"""A figure's cost depends on its own size, not the case's: counted, not timed.

As in ``test_complexity.py``, work is the lines of Python executed. The larger case is
the smaller one twice over (two areas with the same content under their own ids), so a
figure of the same system or pair has the same content in both: drawing it must take the
same work however many other systems, exchanges and findings the case holds. The index
that lets a figure find its own contradictions and exchanges is built once per case and
report, in time that grows linearly.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

from activity_systems import Case, Report, check
from activity_systems.render import figure, glyphs
from activity_systems.render.bolts import plan_marks
from activity_systems.render.lookups import Contradictions, contradictions, exchanges_between

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from line_counting import lines_executed

from benchmarks.generate import case_data

#: Systems in the smaller case; the larger has twice as many.
N = 40

Checked = list[tuple[Case, Report]]


@pytest.fixture(scope="module")
def checked() -> Checked:
    cases = [Case.model_validate(case_data(N)), Case.model_validate(case_data(N, areas=2))]
    checked = [(case, check(case)) for case in cases]
    for case, report in checked:
        # the first figure of a case and report builds their index
        figure(case, system=case.systems[-1].id, report=report)
    return checked


def test_the_larger_case_is_the_smaller_twice_over(checked: Checked) -> None:
    (small, small_report), (large, large_report) = checked
    assert len(large.systems) == 2 * len(small.systems)
    assert len(large_report.findings) == 2 * len(small_report.findings)


def _figure(case: Case, report: Report, pair: bool) -> None:
    first, second = case.systems[0].id, case.systems[1].id
    if pair:
        figure(case, pair=(first, second), report=report)
    else:
        figure(case, system=first, report=report)


@pytest.mark.parametrize("pair", [False, True], ids=["system", "pair"])
def test_a_figure_costs_the_same_in_a_case_twice_the_size(
    checked: Checked, pair: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same contradictions have higher numbers in the larger case, some with one
    # more digit, and a wider badge moves what is placed after it. Every badge is as wide
    # as one of three digits here, so that both figures hold the same shapes.
    width = glyphs.badge_size(100)
    monkeypatch.setattr(glyphs, "badge_size", lambda number: width)
    small, large = (
        lines_executed(functools.partial(_figure, case, report, pair)) for case, report in checked
    )
    assert small > 0
    # Placing the marks and lines is most of the work, and is the same in both cases; a
    # scan of every finding would still add a few per cent in the larger case.
    assert large / small <= 1.01, f"{large / small:.3f}x the work in a case twice the size"


def _plan(case: Case, report: Report) -> None:
    first, second = case.systems[0].id, case.systems[1].id
    plan_marks(case, report, lambda key: key, systems=[first, second])
    exchanges_between(case, first, second)


def test_a_pair_looks_up_only_its_own_contradictions_and_exchanges(checked: Checked) -> None:
    for case, report in checked:
        contradictions(case, report)  # built once per case and report
    small, large = (lines_executed(functools.partial(_plan, *pair)) for pair in checked)
    assert small > 0
    assert large / small <= 1.05, f"{large / small:.2f}x the work in a case twice the size"


def test_the_index_of_contradictions_grows_linearly(checked: Checked) -> None:
    small, large = (
        lines_executed(functools.partial(Contradictions, case, report)) for case, report in checked
    )
    assert large / small <= 2.2


def test_the_overview_of_a_large_case_grows_linearly(checked: Checked) -> None:
    """Past the contradictions it draws one by one, the overview draws a line per pair
    of systems, without routing: its work grows with the case, not with its square."""
    small, large = (
        lines_executed(functools.partial(figure, case, report=report)) for case, report in checked
    )
    assert small > 0
    assert large / small <= 2.2, f"{large / small:.2f}x the work in a case twice the size"
