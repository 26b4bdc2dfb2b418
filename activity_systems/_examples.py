"""Which files of an examples folder are the examples: the one list that the build, which
copies the repository's ``examples/`` into the wheel, and ``new --examples``, which
writes them out, both take. It imports nothing but the standard library, so that
``setup.py`` can load it by its path before any dependency is installed."""

from __future__ import annotations

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
