"""LaTeX run as the tests run it: once, on a file of a folder, stopping at the first
error, without running any program of the document's (no shell escape)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def typeset(
    folder: Path, name: str, *, engine: str = "pdflatex", timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Typeset ``folder / name`` with ``engine``; what it printed, and how it ended."""
    return subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", name],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
