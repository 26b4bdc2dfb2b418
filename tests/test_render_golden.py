"""Golden DOT files of the chapter's Figures 1–3 for both examples, compared exactly.

DOT (not SVG) is compared: it is built here, without Graphviz, so it is the same on every
machine. After an intended change, regenerate the files with:

    ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import activity_systems as a
from activity_systems.render import figure

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1"
HOW = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_render_golden.py"

# (golden file, example, options): Figure 1 and 2 are the two systems, Figure 3 the pair.
FIGURES = [
    ("court-figure1.dot", "court-reports", {"system": "court"}),
    ("court-figure2.dot", "court-reports", {"system": "mhs"}),
    ("court-figure3.dot", "court-reports", {}),
    ("court-figure3-print.dot", "court-reports", {"theme": "print"}),
    ("segregation-figure1.dot", "segregation-unit", {"system": "segregation"}),
    ("segregation-figure2.dot", "segregation-unit", {"system": "healthcare"}),
    ("segregation-figure3.dot", "segregation-unit", {}),
]


@pytest.mark.parametrize(("name", "example", "options"), FIGURES, ids=[f[0] for f in FIGURES])
def test_figure_matches_its_golden_file(name: str, example: str, options: dict[str, Any]) -> None:
    case = a.load(ROOT / "examples" / f"{example}.yaml")
    actual = figure(case, **options).source
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; create it with: {HOW}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file; if intended: {HOW}"
