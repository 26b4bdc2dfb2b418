"""The docs' examples in the package: which files of an examples folder they are (the
one list that the build, which copies the repository's ``examples/`` into the wheel, and
``new --examples``, which writes them out, both take), where the package holds them, and
what to tell whoever types a page's command without them. It imports nothing but the
standard library, so that ``setup.py`` can load it by its path before any dependency is
installed."""

from __future__ import annotations

import os
from pathlib import Path


def example_files(folder: Path) -> list[str]:
    """The files of an examples folder, as paths relative to it with ``/``, sorted; less
    what tools write beside them, as the source distribution leaves it out (MANIFEST.in):
    Jupyter's checkpoints, Python's bytecode, editors' backups and swap files (hidden, as
    every name that starts with a dot is), and macOS's and Windows's folder files.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("case.yaml", "case.yaml~", ".DS_Store", "cy/_words.j2"):
    ...         (Path(folder) / name).parent.mkdir(exist_ok=True)
    ...         _ = (Path(folder) / name).write_text("x")
    ...     example_files(Path(folder))
    ['case.yaml', 'cy/_words.j2']
    """
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if (
            path.is_file()
            and not any(part.startswith(".") or part == "__pycache__" for part in parts)
            and not path.name.endswith(("~", ".pyc", ".pyo"))
            and path.name != "Thumbs.db"
        ):
            found.append("/".join(parts))
    return sorted(found)


#: The folder ``new --examples`` writes, in the current folder: the docs' commands name
#: the examples by the paths they have in the repository (``examples/court-reports.yaml``).
EXAMPLES = "examples"

#: The folder of the package that holds the copy of ``examples/`` (see ``setup.py``): a
#: name no ``import`` can take, so that the example's rule file is no module of the
#: package, as ``activity_systems.examples.custom_rule`` was, whose import registered
#: its rule, and that an editor offered among the package's names.
PACKAGED = "docs-examples"


def bundled_examples() -> Path | None:
    """The examples the package holds: the copy of the repository's ``examples/`` that
    the build puts into the wheel (see ``setup.py``); run from a clone or an unpacked
    source distribution (a ``pyproject.toml`` beside the package), the ``examples/``
    beside the package; ``None`` for a package built without them."""
    package = Path(__file__).parent
    if (package / PACKAGED).is_dir():
        return package / PACKAGED
    source_tree = package.parent
    if (source_tree / "pyproject.toml").is_file() and (source_tree / EXAMPLES).is_dir():
        return source_tree / EXAMPLES
    return None


def _here_is(name: str) -> bool:
    """Whether the current folder has that name (false where it was removed)."""
    try:
        return Path.cwd().name == name
    except OSError:
        return False


def missing_example(path: str | os.PathLike[str], *, folder: bool = False) -> str:
    """What to add to "no such file" for a path that names one of the docs' examples
    (``examples/court-reports.yaml``, ``examples/handout-cy``), or with ``folder`` (for
    what takes a folder of case files) their folder (``check examples/``, as the docs
    run every case of it), where there is no ``examples/`` folder: how to write them
    there; typed in that folder itself (after ``cd examples``), the name to write there.
    Nothing for any other path, nor where the folder is (the file was moved or renamed
    there)."""
    parts = Path(path).parts
    if not parts or parts[0] != EXAMPLES or os.path.lexists(EXAMPLES):
        return ""
    if len(parts) == 1 and not folder:
        return ""
    inside = Path(*parts[1:]) if len(parts) > 1 else None
    if inside is not None and _here_is(EXAMPLES) and os.path.lexists(inside):
        # typed after cd examples: new --examples would write examples/examples/
        return f" (this folder is {EXAMPLES}/ itself: write {inside})"
    bundled = bundled_examples()
    if bundled is None:
        return ""
    named = "/".join(parts[1:])  # "" for the folder itself (check examples/)
    found = example_files(bundled)
    if named and not any(name == named or name.startswith(named + "/") for name in found):
        return ""
    which = "one of the docs' examples" if named else "the docs' examples"
    return f" ({which}: activity-systems new --examples writes them here)"
