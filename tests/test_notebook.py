"""The workshop notebook runs top to bottom, so it cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parent.parent / "examples" / "workshop.ipynb"


def test_notebook_is_stored_without_outputs() -> None:
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], "clear the notebook's outputs before committing"
            assert cell["execution_count"] is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_notebook_runs(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the systems and the case display as SVG figures, the report as HTML
    svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) >= 3
    assert any("text/html" in o.get("data", {}) for o in outputs)
    assert (tmp_path / "out" / "workshop-handout.html").stat().st_size > 10_000
    assert (tmp_path / "out" / "workshop-figure3.svg").read_text().lstrip().startswith("<?xml")
