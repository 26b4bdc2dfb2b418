"""The overview's ring: systems with lines between them stand close, so that fewer lines
cross; the ends of the lines that meet one box are spread round it; the same case always
gives the same figure."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from figure_parts import NODE, _rect, crossings, drawn_lines
from hypothesis import given, settings
from hypothesis import strategies as st

import activity_systems as a
from activity_systems import Case
from activity_systems.render import figure, figures
from activity_systems.render.ring import ring_order

ROOT = Path(__file__).resolve().parent.parent
LIAISON = ROOT / "examples" / "liaison-and-diversion.yaml"


def generated(count: int, *, alphabetical: bool = False) -> Case:
    """A generated regional map of ``count`` systems (seed 0), its systems listed round
    the region, or by name, as a register would list them."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    data = case_data(count, seed=0)
    if alphabetical:
        data["systems"].sort(key=lambda system: system["name"])
    return Case.model_validate(data)


def in_case_order(case: Case, monkeypatch: pytest.MonkeyPatch) -> str:
    """The summary overview with the systems round the ring in the case's order."""
    with monkeypatch.context() as patch:
        patch.setattr(figures, "ring_order", lambda count, *_: list(range(count)))
        return str(figure(case, overview="summary").source)


def boxes(source: str) -> list[str]:
    """The attributes of the systems' boxes, in drawing order (round the ring from the
    top)."""
    return [m[2] for m in NODE.finditer(source) if "<TABLE" in m[2]]


def test_systems_with_lines_between_them_stand_close_so_fewer_lines_cross(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = generated(12, alphabetical=True)
    ordered = crossings(figure(case, overview="summary").source)
    listed = crossings(in_case_order(case, monkeypatch))
    assert ordered <= listed / 2, (ordered, listed)


def test_a_case_listed_round_its_region_keeps_its_order(monkeypatch: pytest.MonkeyPatch) -> None:
    case = generated(12)
    source = figure(case, overview="summary").source
    listed = in_case_order(case, monkeypatch)
    assert boxes(source) == boxes(listed)
    assert crossings(source) <= crossings(listed)
    # three systems on a ring are all neighbours: the bundled examples keep their order
    liaison = a.load(LIAISON)
    with monkeypatch.context() as patch:
        patch.setattr(figures, "ring_order", lambda count, *_: list(range(count)))
        kept = [figure(liaison, overview=overview).source for overview in figures.OVERVIEWS]
    assert [figure(liaison, overview=overview).source for overview in figures.OVERVIEWS] == kept


def test_a_ring_given_in_any_order_is_found_and_its_first_system_stays_first() -> None:
    for seed in range(5):
        around = list(range(10))
        random.Random(seed).shuffle(around)  # around[k] is the k-th system round the ring
        lines: dict[tuple[int, int], int] = {}
        for k in range(10):
            low, high = sorted((around[k], around[(k + 1) % 10]))
            lines[(low, high)] = 1
        order = ring_order(10, lines)
        assert order[0] == 0
        assert sorted(order) == list(range(10))
        neighbours = [tuple(sorted((order[k], order[(k + 1) % 10]))) for k in range(10)]
        assert all(pair in lines for pair in neighbours), order


def _chord_crossings(order: list[int], lines: dict[tuple[int, int], int]) -> int:
    where = {system: place for place, system in enumerate(order)}
    total = 0
    for (p, q), (r, s) in itertools.combinations(lines, 2):
        if len({p, q, r, s}) < 4:
            continue
        low, high = sorted((where[p], where[q]))
        if (low < where[r] < high) != (low < where[s] < high):
            total += lines[(p, q)] * lines[(r, s)]
    return total


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=14).flatmap(
        lambda count: st.tuples(
            st.just(count),
            st.dictionaries(
                st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(
                    lambda pair: pair[0] < pair[1]
                ),
                st.integers(1, 5),
                max_size=30,
            ),
        )
    )
)
def test_the_ring_order_never_crosses_more_than_the_case_order(
    drawn: tuple[int, dict[tuple[int, int], int]],
) -> None:
    count, lines = drawn
    order = ring_order(count, lines)
    assert sorted(order) == list(range(count))
    assert order[:1] == [0][:count]
    assert _chord_crossings(order, lines) <= _chord_crossings(list(range(count)), lines)
    assert ring_order(count, dict(reversed(list(lines.items())))) == order


def hub(spokes: int) -> Case:
    """A court that takes a report from each of ``spokes`` services."""
    systems: list[dict[str, Any]] = [
        {"id": "court", "subject": "Magistrate", "object": "Defendant"}
    ]
    systems += [{"id": f"s{k}", "subject": "S", "object": "O"} for k in range(spokes)]
    exchanges = [
        {"id": f"x{k}", "label": "Report", "from": f"s{k}", "to": "court"} for k in range(spokes)
    ]
    return Case.model_validate({"title": "Region", "systems": systems, "exchanges": exchanges})


def test_the_arrowheads_on_a_hub_stay_apart() -> None:
    source = figure(hub(12), overview="summary").source
    court = next(_rect(attrs) for attrs in boxes(source) if "Magistrate" in attrs)
    heads = []
    for points, (at_first, at_last) in drawn_lines(source):
        heads += [points[0]] if at_first else []
        heads += [points[-1]] if at_last else []
    on_court = [head for head in heads if court.inflate(5).contains(head)]
    assert len(on_court) == 24  # an exchange and a bolt from each service
    nearest = min((p - q).length() for p, q in itertools.combinations(on_court, 2))
    assert nearest >= 8, nearest


_DRAW = """
import sys
sys.path.insert(0, {root!r})
from benchmarks.generate import case_data
from activity_systems import Case
from activity_systems.render import figure
data = case_data(12, seed=0)
data["systems"].sort(key=lambda system: system["name"])
sys.stdout.write(figure(Case.model_validate(data), overview="summary").source)
"""


def test_the_same_case_gives_the_same_overview() -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _DRAW.format(root=str(ROOT))],
            capture_output=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert (
        outputs[0].decode() == figure(generated(12, alphabetical=True), overview="summary").source
    )


def test_ends_on_a_box_of_no_size_are_left_where_they_are() -> None:
    from activity_systems.render.ends import spread_ends
    from activity_systems.render.geometry import Point, Shape

    ends = [(Point(0, 0), Point(10, 0)), (Point(0, 0), Point(0, 10))]
    assert spread_ends(Shape(Point(0, 0), 0, 0), ends, 12.0) == [Point(0, 0), Point(0, 0)]
