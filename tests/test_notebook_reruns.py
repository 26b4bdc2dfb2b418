"""A notebook run again and saved has nothing new to show in git: every output the
library gives (a case, a system, a report, a finding, a comparison, a figure from
``figure()``, an error, a warning) is byte for byte the same in a second run, in a
kernel of its own: no address in memory, no temporary path, no time."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

CELLS = [
    "import activity_systems as a\n"
    "from activity_systems import figure, load\n"
    f"case = load({str(EXAMPLES / 'court-reports.yaml')!r})\n"
    "report = a.check(case)",
    "case",
    "case.system('court')",
    "report",
    "report.findings[0]",
    f"a.compare({str(EXAMPLES / 'liaison-and-diversion.yaml')!r}, "
    f"{str(EXAMPLES / 'liaison-and-diversion-2027.yaml')!r})",
    "figure(case)",
    "figure(case, system='court')",
    "figure(case, pair=('mhs', 'court'))",
    "a.load('no-such-case.yaml')",
    "figure(case, background='#777777')",
]

# The name ipykernel gives a cell's code, in the line Python writes before a warning,
# holds the kernel's process id (ipykernel_4118/1061429012.py, in the folder for
# temporary files): the kernel's, not the library's, and the same for every library's
# warnings.
_KERNEL_FILE = re.compile(r"ipykernel_\d+")


def _run(tmp_path: Path) -> list[str]:
    nbformat: Any = pytest.importorskip("nbformat")
    nbclient: Any = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    # as the notebook's file keeps them
    saved = [json.dumps(cell.outputs, sort_keys=True) for cell in notebook.cells]
    return [_KERNEL_FILE.sub("ipykernel", outputs) for outputs in saved]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_notebook_run_twice_saves_the_same_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the kernel, a process of its own started in tmp_path, imports this copy of the library
    root = str(EXAMPLES.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    first, second = _run(tmp_path), _run(tmp_path)
    assert len(first) == len(CELLS)
    assert first == second
    assert " at 0x" not in "".join(first)
    assert "FigureGraph(title=" in first[CELLS.index("figure(case)")]
    assert "LowContrastWarning" in first[-1]
