"""The distributions. The sdist: its licence, and everything the tests read, so that the
tests run from an unpacked sdist as they do from a clone, and nothing that tools leave
beside them. The wheel: only the package, with every data file it reads at run time."""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from doc_blocks import ROOT, setup_script
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from setuptools.command.egg_info import FileList

import activity_systems
from activity_systems._examples import example_files

#: What an sdist holds without MANIFEST.in naming it (the licence as the metadata names it).
ALWAYS = {"README.md", "pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "activity_systems"}


def manifest_holds() -> set[str]:
    """The top-level files and folders MANIFEST.in adds to the sdist."""
    held: set[str] = set()
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        match line.split("#")[0].split():
            case ["graft" | "recursive-include", folder, *_]:
                held.add(folder)
            case ["include", *names]:
                held.update(names)
    return held


def read_by_tests() -> set[str]:
    """The top-level files and folders the tests name or import."""
    named = re.compile(r'(?:\bROOT|\.parent\.parent) / "([^"/]+)"')
    imported = re.compile(r"^\s*(?:from|import) (benchmarks|examples)\b", re.MULTILINE)
    found = {"tests"}
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(named.findall(text), imported.findall(text))
    return found


def test_the_sdist_holds_every_file_and_folder_the_tests_read() -> None:
    read = read_by_tests()
    assert {"examples", "docs", "benchmarks"} <= read  # the search finds them
    assert read - ALWAYS - manifest_holds() == set()


def test_the_sdist_holds_the_whole_of_each_folder() -> None:
    # data, golden files and helpers beside the tests, not only tests/test_*.py
    assert {"tests", "examples", "docs", "benchmarks"} <= manifest_holds()


def test_the_licence_is_a_file_the_metadata_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    (name,) = project["license-files"]
    text = (ROOT / name).read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 activity-systems developers\n")


def package_data_globs() -> list[str]:
    """The package-data globs of pyproject.toml, relative to the package's folder."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs: list[str] = pyproject["tool"]["setuptools"]["package-data"]["activity_systems"]
    return globs


def shipped_data(package: Path, globs: list[str]) -> set[str]:
    """The files of the package that the globs put into the wheel, as setuptools finds
    them (a ``*`` matches neither a ``/`` nor a leading dot)."""
    return {
        name
        for pattern in globs
        for name in glob.glob(pattern, root_dir=package)
        if (package / name).is_file()
    }


def data_files(package: Path) -> set[str]:
    """The files of the package that are not Python: the data the library reads at run
    time. Editors' backups and swap files and the folder files of macOS and Windows are
    not the package's, as MANIFEST.in says."""
    return {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and not re.fullmatch(r"\.sw.", path.suffix)
        and "__pycache__" not in path.parts
        and not path.name.endswith("~")
        and path.name not in {".DS_Store", "Thumbs.db"}
    }


def test_the_wheel_holds_every_data_file_of_the_package() -> None:
    # The wheel holds the package's Python modules and, of its other files, only those
    # the package-data globs name: a template, a YAML file or a stylesheet they miss works
    # from a clone and is missing where pip installed the package.
    package = ROOT / "activity_systems"
    globs = package_data_globs()
    assert data_files(package) - shipped_data(package, globs) == set()
    assert {"py.typed", "data/starter.yaml", "handouts/templates/handout.css.j2"} <= (
        shipped_data(package, globs)
    )
    for pattern in globs:  # a glob that matches nothing names a file that has moved
        assert shipped_data(package, [pattern]), pattern


def test_the_wheel_leaves_out_an_editors_backup_beside_the_templates(tmp_path: Path) -> None:
    package = tmp_path / "activity_systems"
    templates = package / "handouts" / "templates"
    templates.mkdir(parents=True)
    (templates / "handout.css.j2").write_text("body {}\n", encoding="utf-8")
    (templates / "handout.css.j2~").write_text("body {}\n", encoding="utf-8")
    (templates / ".DS_Store").write_bytes(b"\0")
    assert shipped_data(package, package_data_globs()) == {"handouts/templates/handout.css.j2"}


def test_the_sdist_leaves_out_what_tools_write_inside_its_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The files MANIFEST.in selects, as setuptools selects them for the sdist (setuptools
    # is in the dev extra: Python 3.12's venv no longer installs it), in a tree where
    # pytest, Jupyter, editors, macOS and Windows have left their files: Vim's swap file
    # stays beside a file for as long as it is open.
    kept = ["tests/test_x.py", "tests/data/a.yaml", "examples/workshop.ipynb", "docs/index.md"]
    left = [
        "tests/.hypothesis/examples/0a1b/2c3d",
        "tests/__pycache__/test_x.cpython-311.pyc",
        "examples/.ipynb_checkpoints/workshop-checkpoint.ipynb",
        "docs/index.md~",
        "docs/.DS_Store",
        "tests/.test_x.py.swp",
        "docs/.index.md.swo",
        "docs/.index.md.swn",  # a third Vim open on it, or the swap file of a crash
        "docs/images/Thumbs.db",
    ]
    for name in kept + left:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    files = FileList()
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            files.process_template_line(line)
    assert sorted(Path(name).as_posix() for name in files.files) == sorted(kept)


def test_a_build_with_too_old_a_setuptools_says_which_it_needs() -> None:
    # pip's --no-build-isolation, as distributions build, uses the setuptools installed,
    # which [build-system] does not then choose: one older than 77 failed on the SPDX
    # licence with "configuration error: `project.license` must be valid exactly by one
    # definition (2 matches found)".
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (requirement,) = build_system["build-system"]["requires"]
    setup = setup_script()
    assert requirement == f"setuptools>={setup.OLDEST_SETUPTOOLS}"
    assert setup.too_old_setuptools("65.5.0") == (
        "building activity-systems needs setuptools 77 or newer, which reads its licence "
        "as pyproject.toml gives it, and this Python has setuptools 65.5.0: upgrade it "
        "(pip install --upgrade 'setuptools>=77'), or build without --no-build-isolation, "
        "which installs it for the build alone"
    )
    for version in ("77.0.3", "80.9.0", "100.0.0", "77.1.0.post1"):
        assert setup.too_old_setuptools(version) is None, version


#: The oldest release of a dependency the package may be installed with and the one before
#: it, and why: pip keeps a release the requirement allows that is installed already, so
#: an older one would be kept where the package does not do what its docs promise.
OLDEST = {
    # A handout's templates may come from anyone ("Templates are sandboxed" on the
    # Handouts page): Jinja2 before 3.1.6 let a template call str.format through the attr
    # filter, and so read Python's internals and every environment variable.
    "jinja2": ("3.1.6", "3.1.5"),
}


def requirements() -> dict[str, Requirement]:
    """The package's dependencies, by their normalised name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {canonicalize_name(requirement.name): requirement for requirement in found}


@pytest.mark.parametrize("name", sorted(OLDEST))
def test_a_dependency_is_required_from_the_release_the_package_needs(name: str) -> None:
    requirement = requirements()[name]
    oldest, before = (Version(version) for version in OLDEST[name])
    assert requirement.specifier.contains(oldest)
    assert not requirement.specifier.contains(before), requirement


def oldest_tested() -> dict[str, tuple[str, str]]:
    """The table under ``## Dependencies`` of the versions page: each package's
    requirement and the oldest release of it the test suite was run with, by name."""
    text = (ROOT / "docs" / "compatibility.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Dependencies\n") :].split("\n## ", 2)[1]
    rows = re.findall(r"^\| [^|]+ \| `([^`]+)` \| (\S+)[^|]* \|$", section, re.MULTILINE)
    return {canonicalize_name(Requirement(line).name): (line, oldest) for line, oldest in rows}


def test_each_dependency_is_required_from_the_oldest_release_the_docs_say_was_tested() -> None:
    """A lower bound no one has run the tests with is a guess: the versions page names
    the oldest release of each dependency the suite was run with, and the requirement
    starts there, so that a change of one is a change of the other."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["testing"]]
    declared = {canonicalize_name(Requirement(line).name): line for line in lines}
    table = oldest_tested()
    assert {name: line for name, (line, _) in table.items()} == declared
    for name, (line, oldest) in table.items():
        lower = [spec.version for spec in Requirement(line).specifier if spec.operator == ">="]
        assert [Version(version) for version in lower] == [Version(oldest)], name


def test_the_version_pip_installs_is_the_one_the_package_reports() -> None:
    # One place to change it: a version written in pyproject.toml as well would let
    # `activity-systems --version` and `pip show activity-systems` disagree.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "activity_systems.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", activity_systems.__version__)


#: A citation of a numbered section of a design document ("DESIGN" and a section sign).
_DESIGN_SECTION = re.compile("DESIGN" + r"\s*" + "\u00a7")
#: A design document named as a file, which the sdist does not hold.
_DESIGN_FILE = re.compile(r"\bDESIGN" + r"\.md\b")


def test_nothing_the_project_ships_cites_a_design_document_it_does_not_ship() -> None:
    """The package (its data files included, which a user opens to see the vocabulary),
    the docs, the examples, the benchmarks and the tests say what they mean, or point to
    a page of the docs, rather than to sections of a document no user has."""
    citing = []
    for top in ("activity_systems", "docs", "examples", "benchmarks", "tests"):
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # an image
            citing += [
                f"{path.relative_to(ROOT)}:{number}"
                for number, line in enumerate(text.splitlines(), 1)
                if _DESIGN_SECTION.search(line)
            ]
    for name in ("README.md", "CONTRIBUTING.md", "pyproject.toml", "CHANGELOG.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        if _DESIGN_SECTION.search(text) or _DESIGN_FILE.search(text):
            citing.append(name)
    assert not citing


def python_versions(text: str) -> list[str]:
    """The versions of the table under ``## Python versions`` of a page, in its order."""
    section = text[text.index("\n## Python versions\n") :]
    return re.findall(r"^\| (3\.\d+) \|", section.split("\n## ", 2)[1], re.MULTILINE)


def test_the_python_versions_the_metadata_claims_are_the_ones_the_docs_say_are_tested() -> None:
    """The classifiers say which Python versions the package is tested on, and
    ``requires-python`` the oldest it installs on: the versions page says how each is
    tested, and the README and the getting-started page name the same."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    claimed = [
        classifier.rsplit(" ", 1)[1]
        for classifier in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    ]
    assert claimed == sorted(claimed, key=lambda version: int(version.split(".")[1]))
    assert project["requires-python"] == f">={claimed[0]}"
    compatibility = (ROOT / "docs" / "compatibility.md").read_text(encoding="utf-8")
    assert python_versions(compatibility) == claimed
    listed = f"{', '.join(claimed[:-1])} and {claimed[-1]}"
    for page in ("README.md", "docs/getting-started.md"):
        text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
        assert f"Python {claimed[0]} or newer" in text, page
        assert f"{listed} are tested" in text or f"tested on {listed}." in text, page


def test_every_classifier_is_one_pypi_accepts() -> None:
    """PyPI refuses an upload whose classifiers it does not list, and one it lists as
    deprecated, while the build and ``twine check --strict`` pass them: a misspelt
    classifier would be found only by the upload, after the release's tag is pushed.
    ``trove-classifiers`` (in the dev extra) is the list PyPI checks against. A licence
    classifier is refused beside the ``license`` expression, and a private one is
    refused by PyPI whatever it says."""
    trove = pytest.importorskip(
        "trove_classifiers", reason="trove-classifiers is not installed: pip install -e '.[dev]'"
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    claimed: list[str] = project["classifiers"]
    assert [name for name in claimed if name not in trove.classifiers] == []
    assert [name for name in claimed if name in trove.deprecated_classifiers] == []
    assert [name for name in claimed if name.startswith(("License ::", "Private ::"))] == []


def _source_tree(tmp_path: Path) -> Path:
    """A copy of what the sdist holds to build the package from, with what tools leave
    beside the examples."""
    source = tmp_path / "source"
    junk = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*~", ".*.sw?")
    for name in ("activity_systems", "examples"):
        shutil.copytree(ROOT / name, source / name, ignore=junk)
    for name in ("setup.py", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy(ROOT / name, source / name)
    (source / "examples" / ".ipynb_checkpoints").mkdir()
    (source / "examples" / ".ipynb_checkpoints" / "workshop-checkpoint.ipynb").write_text("{}")
    (source / "examples" / "court-reports.yaml~").write_text("title: an editor's backup\n")
    return source


def _the_examples() -> dict[str, bytes]:
    folder = ROOT / "examples"
    return {name: (folder / name).read_bytes() for name in example_files(folder)}


def test_the_wheel_holds_the_examples_that_new_writes_out(tmp_path: Path) -> None:
    # The docs' commands name examples/court-reports.yaml and its like, which pip installs
    # no clone to hold: the build copies them into the package, from which
    # `activity-systems new --examples` writes them out, and nothing that tools left
    # beside them. Built from a copy of what the sdist holds, without build isolation
    # (so without fetching setuptools): a few seconds.
    source = _source_tree(tmp_path)
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*build, "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("activity_systems-*.whl")
    prefix = "activity_systems/docs-examples/"
    with zipfile.ZipFile(wheel) as archive:
        held = {
            info.filename.removeprefix(prefix): archive.read(info)
            for info in archive.infolist()
            if info.filename.startswith(prefix)
        }
        names = archive.namelist()
    assert held == _the_examples()
    assert {"court-reports.yaml", "custom_rule.py", "handout-cy/_words.j2"} <= set(held)
    # in a folder that no import takes: `import activity_systems.examples.custom_rule`
    # would register the example's rule in whatever imported it
    assert [name for name in names if name.startswith("activity_systems/examples/")] == []
    assert not prefix.removesuffix("/").split("/")[-1].isidentifier()


def test_a_strict_editable_install_links_the_examples_in(tmp_path: Path) -> None:
    # `pip install -e . --config-settings editable_mode=strict` builds a tree of links to
    # the package's files, in which the examples must be too (and the build must not
    # look for copies that an editable build does not make). Built as pip builds it,
    # through the PEP 660 hook, without build isolation.
    source = _source_tree(tmp_path)
    build = (
        "import sys\n"
        "from setuptools import build_meta\n"
        "build_meta.build_editable(sys.argv[1], {'editable_mode': 'strict'})\n"
    )
    (tmp_path / "wheels").mkdir()
    subprocess.run(
        [sys.executable, "-c", build, str(tmp_path / "wheels")],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (tree,) = (source / "build").glob("__editable__.activity_systems-*")
    linked = tree / "activity_systems" / "docs-examples"
    assert {
        path.relative_to(linked).as_posix(): path.read_bytes()
        for path in sorted(linked.rglob("*"))
        if path.is_file()
    } == _the_examples()
