"""CONTRIBUTING.md tells a contributor how to regenerate every reference output.

Its "Goldens" section lists, one command a line, every test that rewrites its reference
outputs under ``ACTIVITY_SYSTEMS_REGENERATE=1``: a golden a contributor cannot find the
command for is one they edit by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "ACTIVITY_SYSTEMS_REGENERATE"
COMMAND = re.compile(rf"^{REGENERATE}=1 python -m pytest (?P<path>\S+)$", re.M)


def regenerating_tests() -> list[str]:
    """The test modules that rewrite what they compare with under the variable."""
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if path != Path(__file__).resolve()
        and f'"{REGENERATE}"' in path.read_text(encoding="utf-8")
    )


def test_contributing_lists_every_test_that_regenerates_its_goldens() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    goldens = text[text.index("\n## Goldens\n") :]
    goldens = goldens[: goldens.index("\n## ", 1)]
    listed = [match["path"] for match in COMMAND.finditer(goldens)]
    missing = [path for path in regenerating_tests() if path not in listed]
    assert not missing, (
        f"CONTRIBUTING.md, 'Goldens': add a line '{REGENERATE}=1 python -m pytest PATH' "
        f"for {', '.join(missing)}, which regenerate(s) reference outputs"
    )
    gone = [path for path in listed if not (ROOT / path).is_file()]
    assert not gone, f"CONTRIBUTING.md, 'Goldens' names tests that do not exist: {gone}"
    assert listed == sorted(listed), "CONTRIBUTING.md, 'Goldens': keep the commands sorted"
