"""Running the code blocks of a Markdown page: the docs pages and the README.

The convention the pages follow is described in ``tests/test_docs_examples.py``; this
module reads fenced blocks and runs python and console blocks the way a reader would.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from activity_systems.cli import main
from activity_systems.io.atomic import write_atomic

ROOT = Path(__file__).resolve().parent.parent

#: A fenced block, possibly indented (inside a list or an admonition); ``info`` is the
#: language and any attributes such as ``title="first-case.yaml"``.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
FRAGMENT_MARK = "<!-- fragment -->"

#: Console lines that set a machine up, or run the repository's own tests and benchmarks
#: (which take minutes, and run elsewhere): allowed, not run.
SETUP = re.compile(
    r"""^(
        (sudo\ )?apt(-get)?\ install\ .*
      | brew\ install\ .*
      | conda\ install\ .*
      | winget\ install\ .*
      | (python3?\ -m\ )?pip\ (install|download)\ .*
      | tar\ xzf\ .*
      | python3?\ -m\ venv\ .*
      | (\.|source)\ \S*activate
      | git\ clone\ .*
      | cd\ .*
      | \./run\.sh\ .*
      | dot\ -V
      | ([A-Z_]+=\S*\ )*pytest(\ .*)?
      | python3?\ (-m\ benchmarks(\.\w+)*|benchmarks/\S+\.py)(\ .*)?
    )$""",
    re.VERBOSE,
)
_EXIT = re.compile(r"#.*\bexits?(?: status)? (\d+)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    where: str  # "docs/page.md:12", the line of the opening fence
    language: str
    title: str | None
    fragment: bool
    text: str


def blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, in order."""
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found: list[Block] = []
    for match in FENCE.finditer(source):
        language, _, attributes = match["info"].strip().partition(" ")
        title = re.search(r'title="([^"]+)"', attributes)
        lines_before = source[: match.start()].rstrip().splitlines()
        fragment = bool(lines_before) and lines_before[-1].strip() == FRAGMENT_MARK
        line = source.count("\n", 0, match.start()) + 1
        found.append(
            Block(
                where=f"{name}:{line}",
                language=language,
                title=title[1] if title else None,
                fragment=fragment,
                text=textwrap.dedent(match["body"]),
            )
        )
    return found


def run_python(block: Block, namespace: dict[str, object]) -> str:
    """Run a python block in ``namespace``; what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        exec(compile(block.text, block.where, "exec"), namespace)
    return out.getvalue()


def expected_status(line: str) -> set[int]:
    """0 or 1 (no findings, findings), or the status named at the end of the line's
    comment: ``# exit 2``, ``# ... exits 2``."""
    named = _EXIT.search(line)
    return {int(named[1])} if named else {0, 1}


def run_console(block: Block) -> str | None:
    """Run every command of a console block; what the commands printed, or ``None``
    when the block holds only setup commands (which are not run).

    ``activity-systems ...`` runs in-process; ``python examples/NAME.py ...`` runs as a
    process; ``mkdir`` makes the folder; any other line must match :data:`SETUP`.
    """
    out = io.StringIO()
    ran = False
    for raw in block.text.splitlines():
        line = raw.strip()
        if line.startswith("$ "):
            line = line[2:]
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line, comments=True)
        if words[0] == "activity-systems":
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                status = main(words[1:])
        elif words[0] == "python" and len(words) > 1 and words[1].startswith("examples/"):
            done = subprocess.run(
                [sys.executable, *words[1:]], capture_output=True, text=True, timeout=120
            )
            out.write(done.stdout + done.stderr)
            status = done.returncode
        elif words[0] == "mkdir":
            for folder in words[1:]:
                if not folder.startswith("-"):
                    Path(folder).mkdir(parents=True, exist_ok=True)
            continue
        elif SETUP.match(line):
            continue
        else:
            raise AssertionError(
                f"{block.where}: {line!r} is neither an activity-systems command nor a "
                "setup command that tests/doc_blocks.py allows (SETUP)"
            )
        ran = True
        wanted = expected_status(line)
        assert status in wanted, (
            f"{block.where}: {line!r} exited {status}, not {' or '.join(map(str, sorted(wanted)))}"
            f"; it printed:\n{out.getvalue()}"
        )
    return out.getvalue() if ran else None


def check_fragment(block: Block) -> None:
    """A fragment is not run: python must compile, YAML must parse; text is taken as
    it is (a part of a file in another language, not the output of a command)."""
    if block.language == "python":
        compile(block.text, block.where, "exec")
    elif block.language == "yaml":
        import yaml

        yaml.safe_load(block.text)
    elif block.language != "text":
        raise AssertionError(f"{block.where}: only python, yaml and text blocks can be fragments")


def setup_script() -> ModuleType:
    """The project's setup.py, imported under a name other than ``__main__``, so that it
    does not build: the README as PyPI shows it, and the oldest setuptools it builds with."""
    spec = importlib.util.spec_from_file_location("setup_of_the_project", ROOT / "setup.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def regenerate(path: Path, text: str) -> None:
    """Write ``text`` to the page at ``path`` when it differs, through a file renamed into
    place: a test that reads the page meanwhile (``pytest -n``) sees it whole, and an
    up-to-date page is not touched."""
    if path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))
