"""The README's quickstarts run as written, in an empty folder, as for someone who
installed the package with pip and has neither the repository's examples nor its docs.

The YAML block is a case file that loads, saved under the name its first comment gives
(``# my-case.yaml``); each ``activity-systems`` line of the console blocks exits 0 or 1
(``./run.sh`` lines set a clone up and are not run here); the Python block runs with
nothing but that case file beside it. The error the README quotes is the one ``check``
prints for the mistake it describes.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from doc_blocks import ROOT, blocks, run_console, run_python, setup_script

from activity_systems import loads
from activity_systems.cli import main

README = ROOT / "README.md"


#: An address (``https://...``), as opposed to a link relative to the repository.
ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def repository_file(link: str) -> str:
    """The file of the repository that an image of the README shows: the link itself,
    relative to the repository, until the project has an address; then the end of the
    address, from ``docs/``, with which a release to publish links it (CONTRIBUTING.md's
    "Making a release")."""
    if not ADDRESS.match(link):
        return link
    found = re.fullmatch(r"[^?#]*/(docs/[^?#]+)(?:[?#].*)?", link)
    assert found, link
    return found[1]


def test_an_images_file_is_the_end_of_its_address() -> None:
    assert repository_file("docs/images/a.png") == "docs/images/a.png"
    address = "https://example.org/repo/raw/v0.1.0/docs/images/a.png"
    assert repository_file(address) == "docs/images/a.png"
    # as a host shows a file of the repository by a query, or a repository named docs
    assert repository_file(f"{address}?raw=true") == "docs/images/a.png"
    assert repository_file(address.replace("/repo/", "/docs/")) == "docs/images/a.png"


def test_the_readme_points_to_the_docs_and_shows_figure_3() -> None:
    text = README.read_text(encoding="utf-8")
    images = [repository_file(link) for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)]
    assert "docs/images/court-figure3.png" in images
    assert all((ROOT / image).exists() for image in images)
    assert "docs/" in text
    assert "mkdocs build" in text


def test_the_quickstarts_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("dot") is None:
        pytest.skip("the quickstarts draw figures with Graphviz 'dot'")
    monkeypatch.chdir(tmp_path)
    found = blocks(README)
    assert sorted({block.language for block in found}) == ["console", "python", "yaml"]
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in found:
        if block.language == "python":
            run_python(block, namespace)
        elif block.language == "yaml":
            name = re.match(r"# (\S+\.ya?ml)\n", block.text)
            assert name is not None, f"{block.where}: start the case file with '# NAME.yaml'"
            loads(block.text, path=name[1])
            Path(name[1]).write_text(block.text, encoding="utf-8")
        else:
            run_console(block)
    for made in ("out/figure3.svg", "out/figure1.png", "out/handout.html", "figure3.svg"):
        assert (tmp_path / made).stat().st_size > 1000, made
    assert (tmp_path / "handout.html").exists()
    assert (tmp_path / "starter.yaml").exists()


def test_the_python_quickstart_needs_only_the_case_file_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README is the package's page on PyPI: a reader has the case files it shows,
    # and nothing of the repository.
    if shutil.which("dot") is None:
        pytest.skip("the quickstart draws figures with Graphviz 'dot'")
    found = blocks(README)
    (python,) = [block for block in found if block.language == "python"]
    before = [block for block in found[: found.index(python)] if block.language == "yaml"]
    monkeypatch.chdir(tmp_path)
    for block in before:
        name = re.match(r"# (\S+\.ya?ml)\n", block.text)
        assert name is not None, f"{block.where}: start the case file with '# NAME.yaml'"
        Path(name[1]).write_text(block.text, encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["my-case.yaml"]
    run_python(python, {"__name__": "readme"})
    for made in ("out/figure3.svg", "out/figure1.png", "out/handout.html"):
        assert (tmp_path / made).stat().st_size > 1000, made
    # Figure 1 is the one the command line draws, with the case's contradictions on it
    # (a system drawn without its case has only its own, here none).
    assert main(["render", "my-case.yaml", "--system", "court", "-o", "figure1.png"]) == 0
    assert (tmp_path / "out/figure1.png").read_bytes() == (tmp_path / "figure1.png").read_bytes()


def test_the_quoted_error_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    quoted = re.search(
        r"with `(takes: \S+)` in `(\S+\.yaml)`, `activity-systems (check \S+)` prints "
        r"`(activity-systems: [^`]+)` and exits (\d)",
        text,
    )
    assert quoted is not None, "the README no longer quotes an error as this test expects"
    mistake, name, command, error, status = quoted.groups()
    (case,) = [b.text for b in blocks(README) if b.text.startswith(f"# {name}\n")]
    wrong = re.sub(r"takes: \S+?(?=[,}\s])", mistake, case, count=1)
    assert wrong != case
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(wrong, encoding="utf-8")
    assert main(command.split()) == int(status)
    assert capsys.readouterr().err == error + "\n"


def pypi_description(readme: str) -> str:
    """The README as setup.py gives it to PyPI."""
    described: str = setup_script().pypi_description(readme)
    return described


def test_the_description_on_pypi_is_the_readme_without_its_broken_figure() -> None:
    # PyPI keeps no files beside the description: an image linked relative to the
    # repository would be a broken image at the top of the package's page there.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "readme" not in project
    assert "readme" in project["dynamic"]
    text = README.read_text(encoding="utf-8")
    described = pypi_description(text)
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)|<img\b[^>]*\bsrc=\"?([^\"\s>]+)", described)
    assert [link for link in links if not ADDRESS.match("".join(link))] == []
    lines = text.splitlines()
    (figure,) = [number for number, line in enumerate(lines) if line.startswith("![")]
    if ADDRESS.match(lines[figure][lines[figure].index("](") + 2 :]):
        assert described == text  # linked by its address, which PyPI shows
    else:
        assert "docs/images/court-figure3.png" not in described
        assert described.splitlines() == lines[:figure] + lines[figure + 2 :]  # and its blank


def test_the_description_on_pypi_keeps_images_with_an_address() -> None:
    text = "Intro.\n\n![A figure](docs/a.png)\n\n![Badge](https://example.org/b.svg)\n\nEnd.\n"
    assert pypi_description(text) == "Intro.\n\n![Badge](https://example.org/b.svg)\n\nEnd.\n"


def test_the_description_on_pypi_links_to_nothing_relative() -> None:
    # A link relative to the repository ([the changelog](CHANGELOG.md)) leads nowhere on
    # PyPI: the README names its files in code instead, until the project has an address.
    described = pypi_description(README.read_text(encoding="utf-8"))
    links = re.findall(r"\]\(([^)\s]+)", described) + re.findall(r'\bhref="?([^"\s>]+)', described)
    assert [link for link in links if not ADDRESS.match(link)] == []


def test_the_quickstart_says_where_run_sh_demo_put_the_command() -> None:
    # `./run.sh demo` installs the package into the clone's .venv, which it does not
    # activate: the quickstart's `activity-systems ...` lines answer "command not found"
    # in a new terminal until it is.
    text = " ".join(README.read_text(encoding="utf-8").split())
    two_commands = text[text.index("## Two commands") : text.index("## Quickstart with")]
    assert "`. .venv/bin/activate`" in two_commands
    assert "command not found" in two_commands
