"""Every code block in the docs either runs in a test or is marked as output.

The convention for the fenced blocks of every page ``docs/*.md`` (``docs/index.md``
repeats it in a comment for whoever edits the pages):

``python``
    Runs. The blocks of one page run in order in one namespace, in a temporary folder
    that holds a copy of ``examples/`` (so ``load("examples/court-reports.yaml")``
    works), with that ``examples/`` on ``sys.path`` (so ``from custom_rule import ...``
    works). Functions named ``test_*`` that the page defines are then called, as pytest
    would call them.
``yaml``
    Loads as a case file with ``activity_systems.loads``.
``console``
    A line starting with ``activity-systems `` (after an optional ``$ `` prompt) runs
    in-process through ``activity_systems.cli.main`` in that folder and must exit 0 or
    1, or the status that ends its comment (``# exit 2``). ``python examples/NAME.py``
    runs that example, with the same rule; ``mkdir`` makes the folder. Any other line
    must be a setup command that ``tests/doc_blocks.py`` allows (``SETUP``: pip install,
    python -m venv, ./run.sh, git clone, cd, dot -V, apt-get/brew/conda install, and the
    repository's own pytest and benchmark commands). Blank lines and ``# comments`` are
    fine.
``text``
    Output, never run. When it is the next block after a python or console block that
    ran, it must be exactly what that block printed (stdout and stderr together).

Two marks:

- ``title="NAME"`` after the language (mkdocs-material shows it as a file name above
  the block) also writes the block to ``NAME`` in the folder, for the blocks after it.
- ``<!-- fragment -->`` on the line before a fence: not run, because it is part of a
  larger file (or, for YAML, a case file with a mistake on purpose). A python fragment
  must compile (dedented); a yaml fragment must parse as YAML; a text fragment (a part
  of a LaTeX document, say) is not the output of the block before it.

Any other language fails, so that nobody adds a block that no test runs. Pages whose
examples another test runs are listed in ``COVERED_ELSEWHERE`` and skipped here. The
README has its own test, ``tests/test_readme.py``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from doc_blocks import (
    FRAGMENT_MARK,
    ROOT,
    Block,
    blocks,
    check_fragment,
    run_console,
    run_python,
)

from activity_systems import loads
from activity_systems.rules.engine import unregister
from activity_systems.rules.registry import registered_rules

DOCS = ROOT / "docs"
LANGUAGES = ("python", "yaml", "console", "text")

#: Pages whose examples another test runs (and checks against their output).
COVERED_ELSEWHERE = {"follow-up.md": "tests/test_follow_up_docs.py"}

PAGES = sorted(path.name for path in DOCS.glob("*.md"))
CHECKED = [
    name
    for name in PAGES
    if name not in COVERED_ELSEWHERE
    and any(block.language != "text" for block in blocks(DOCS / name))
]


def test_the_docs_have_pages() -> None:
    assert {"index.md", "getting-started.md", "figures.md", "cli.md"} <= set(PAGES)


def test_pages_covered_elsewhere_have_their_test() -> None:
    for page, test in COVERED_ELSEWHERE.items():
        assert (DOCS / page).exists(), f"{page} is gone: drop it from COVERED_ELSEWHERE"
        assert (ROOT / test).exists(), f"{test} runs {page}'s examples, but does not exist"


def test_the_index_states_the_convention() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    comment = index[: index.index("-->")]
    assert comment.startswith("<!--")
    assert "tests/test_docs_examples.py" in comment
    assert "fragment" in comment


@pytest.mark.parametrize("page", CHECKED)
def test_every_block_is_run_or_output(page: str) -> None:
    for block in blocks(DOCS / page):
        assert block.language in LANGUAGES, (
            f"{block.where}: a ```{block.language or '(no language)'} block is neither run "
            f"nor output; use one of {', '.join(LANGUAGES)} (see tests/test_docs_examples.py)"
        )


def run_page(page: Path) -> int:
    """Run a page's blocks in the current folder; how many blocks ran or were checked."""
    namespace: dict[str, object] = {"__name__": "docs_" + page.stem.replace("-", "_")}
    printed: str | None = None  # what the last python or console block printed
    count = 0
    for block in blocks(page):
        if block.title is not None:
            Path(block.title).write_text(block.text, encoding="utf-8")
        if block.language == "text":
            if printed is not None and not block.fragment:
                assert block.text == printed, output_differs(block, printed)
            printed = None
            continue
        printed = None
        count += 1
        if block.fragment:
            check_fragment(block)
        elif block.language == "python":
            printed = run_python(block, namespace)
        elif block.language == "yaml":
            loads(block.text, path=block.where)
        elif block.language == "console":
            printed = run_console(block)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()
    return count


def output_differs(block: Block, printed: str) -> str:
    return (
        f"{block.where}: the output shown differs from what the block before it printed. "
        f"It printed:\n{printed}"
    )


@pytest.mark.parametrize("page", CHECKED)
def test_every_example_runs(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("dot") is None:
        pytest.skip("the examples draw figures with Graphviz 'dot', which is not installed")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "examples"))
    rules_before = {spec.id for spec in registered_rules()}
    modules_before = set(sys.modules)
    recursion_limit = sys.getrecursionlimit()  # importing IPython raises it
    try:
        assert run_page(DOCS / page) > 0
    finally:
        # A page may register a rule, import an example or import IPython: leave no trace
        # for other tests.
        sys.setrecursionlimit(recursion_limit)
        for spec in registered_rules():
            if spec.id not in rules_before:
                unregister(spec.id)
        for name in set(sys.modules) - modules_before:
            origin = getattr(sys.modules[name], "__file__", None) or ""
            if origin.startswith(str(tmp_path)):
                del sys.modules[name]


# -- the checker itself fails where it should ------------------------------------------


def page_with(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_an_unknown_language_is_reported(tmp_path: Path) -> None:
    (block,) = blocks(page_with(tmp_path, "Intro\n\n```bash\nls\n```\n"))
    assert block.language == "bash"
    assert block.language not in LANGUAGES


def test_a_console_line_that_is_not_allowed_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = page_with(tmp_path, "```console\npip install x\nrm -rf out\n```\n")
    with pytest.raises(AssertionError, match="'rm -rf out' is neither"):
        run_page(page)


def test_a_command_must_exit_as_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = page_with(tmp_path, "```console\nactivity-systems check missing.yaml\n```\n")
    with pytest.raises(AssertionError, match="exited 2, not 0 or 1"):
        run_page(missing)
    said = page_with(tmp_path, "```console\nactivity-systems check missing.yaml  # exit 2\n```\n")
    assert run_page(said) == 1


def test_output_must_match_and_fragments_are_only_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    wrong = page_with(tmp_path, "```python\nprint(1 + 1)\n```\n\n```text\n3\n```\n")
    with pytest.raises(AssertionError, match="differs"):
        run_page(wrong)
    fragment = page_with(
        tmp_path,
        f"{FRAGMENT_MARK}\n```python\n    if x:\n        raise SystemExit\n```\n\n"
        "```text\nanything\n```\n",
    )
    assert run_page(fragment) == 1
    # a text fragment after a command is a part of a file, not what the command printed
    shown = page_with(
        tmp_path,
        f"```python\nprint(1 + 1)\n```\n\n{FRAGMENT_MARK}\n```text\n\\input{{findings.tex}}\n```\n",
    )
    assert run_page(shown) == 1
    broken = page_with(tmp_path, f"{FRAGMENT_MARK}\n```yaml\na: [b\n```\n")
    with pytest.raises(Exception, match="flow sequence"):
        run_page(broken)


def test_a_titled_block_becomes_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = page_with(
        tmp_path,
        '```yaml title="one.yaml"\ntitle: One\nsystems:\n'
        "  - {id: a, subject: S, object: O}\n```\n\n"
        "```console\nactivity-systems check one.yaml --rules AS101\n```\n\n"
        "```text\nOne\nNo findings.\n```\n",
    )
    run_page(page)
    assert (tmp_path / "one.yaml").exists()
