"""The corpus of broken and hostile case files, shared by the tests that use it.

- ``tests/data/bad/``: files that must be refused; ``tests/data/bad-inputs.yaml`` gives,
  per file, what is wrong with it (``what``), its kind, and the error it must produce
  (message prefix, line, column).
- Two more bad files are too big to keep in the repository and are written on demand
  (:data:`GENERATED`): a 20 MiB file and a 100,000-character label. Their expectations
  are in the same YAML file, marked ``generated: true``.
- ``tests/data/hostile/``: valid files full of odd characters and injection attempts,
  which must load and show their text literally.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
#: Every expectation, in the order of the YAML file, generated files included.
EXPECTATIONS: dict[str, dict[str, Any]] = yaml.safe_load(
    (DATA / "bad-inputs.yaml").read_text(encoding="utf-8")
)
#: Expectations of the files kept in ``bad/``.
EXPECTED = {name: e for name, e in EXPECTATIONS.items() if not e.get("generated")}
BAD = sorted((DATA / "bad").iterdir())
HOSTILE = sorted((DATA / "hostile").iterdir())
#: Element labels of ``hostile/injection.yaml`` that try to break out of DOT, SVG, HTML or
#: Markdown, by reference; each must be drawn and printed literally.
INJECTION_LABELS = {
    "court.subject": '" onmouseover="alert(1)',
    "court.object": 'Defendant"]; evil -> injected [label="x',
    "court.t1": "<b>bold</b> &amp; {braces} \\N \\G \\L \\\\ back\\slash",
    "court.r1": "}}} digraph x { a -> b } {{{",
    "court.r2": "<!-- comment --> <![CDATA[ x ]]> &lt;",
    "mhs.subject": "'; DROP TABLE cases; --",
    "mhs.object": "<svg onload=alert(1)>",
    "mhs.report": "Report </text><script>alert(3)</script>",
}
#: Other text of that file (title, a system name, a description), printed in handouts.
INJECTION_TEXTS = (
    '<script>alert(1)</script> & "quotes"',
    '"><img src=x onerror=alert(1)>',
    "</td></tr></table><script>alert(2)</script>",
)

#: Size of the generated large file; the loader refuses anything over 10 MiB.
HUGE_SIZE = 20 * 1024 * 1024


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_huge_file(path: Path) -> Path:
    """A valid-looking case file of a little over 20 MiB."""
    with path.open("wb") as handle:
        handle.write(b"title: x\nsystems:\n")
        line = b"  - {id: s, subject: S, object: O}\n"
        handle.write(line * (HUGE_SIZE // len(line) + 1))
    return path


def write_long_label(path: Path) -> Path:
    """A case whose subject is a label of 100,000 characters."""
    path.write_text(
        f"title: x\nsystems:\n  - id: s\n    subject: {'x' * 100_000}\n    object: O\n",
        encoding="utf-8",
    )
    return path


#: A case file as git leaves it when two branches changed the same lines: both versions,
#: between marker lines. Written by the tests, since no file of the repository may hold
#: such lines (``test_no_file_holds_the_marks_of_an_unfinished_merge``).
CONFLICTED = (
    "title: Psychiatric reports\n"
    "systems:\n"
    "  - id: court\n"
    "    subject: Magistrate\n"
    "    object: Defendant\n"
    "    tools:\n"
    "<<<<<<< HEAD\n"
    "      - {id: request, label: Written assessment request}\n"
    "=======\n"
    "      - {id: request, label: Request form}\n"
    ">>>>>>> 1a2b3c4 (Second workshop)\n"
)


def write_merge_conflict(path: Path) -> Path:
    """A YAML case file with a merge conflict left in it."""
    path.write_bytes(CONFLICTED.encode("utf-8"))
    return path


def write_merge_conflict_windows(path: Path) -> Path:
    """The same, as an editor on Windows saves it: a byte-order mark, CRLF endings."""
    path.write_bytes(b"\xef\xbb\xbf" + CONFLICTED.replace("\n", "\r\n").encode("utf-8"))
    return path


def write_merge_conflict_half_resolved(path: Path) -> Path:
    """One version kept and the first marker deleted, the other two markers left."""
    lines = CONFLICTED.splitlines(keepends=True)
    path.write_text("".join(lines[:6] + lines[7:]), encoding="utf-8")
    return path


def write_merge_conflict_json(path: Path) -> Path:
    """A JSON case file with a merge conflict left in it."""
    path.write_text(
        '{\n  "title": "Psychiatric reports",\n'
        '<<<<<<< HEAD\n  "systems": [{"id": "court", "subject": "Magistrate", "object": "D"}]\n'
        '=======\n  "systems": [{"id": "court", "subject": "Judge", "object": "D"}]\n'
        ">>>>>>> feature\n}\n",
        encoding="utf-8",
    )
    return path


#: Bad files written on demand: file name -> writer.
GENERATED: dict[str, Callable[[Path], Path]] = {
    "huge-20-mib.yaml": write_huge_file,
    "label-100000-characters.yaml": write_long_label,
    "merge-conflict.yaml": write_merge_conflict,
    "merge-conflict-windows.yaml": write_merge_conflict_windows,
    "merge-conflict-half-resolved.yaml": write_merge_conflict_half_resolved,
    "merge-conflict.json": write_merge_conflict_json,
}


def generate(name: str, folder: Path) -> Path:
    """Write the generated bad file ``name`` into ``folder``."""
    return GENERATED[name](folder / name)


def bad_path(name: str, folder: Path) -> Path:
    """The path of bad file ``name``: in ``bad/``, or generated into ``folder``."""
    return generate(name, folder) if name in GENERATED else DATA / "bad" / name
