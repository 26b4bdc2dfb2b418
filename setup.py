"""The one piece of metadata pyproject.toml cannot state: the description shown on PyPI.

README.md is both the repository's front page and the package's page on PyPI. Its figure
is linked relative to the repository (``docs/images/...``), which the repository's host
shows but PyPI cannot: PyPI keeps no files beside the description, so the link would be
a broken image at the top of the page. The project has no public address yet to make
the link absolute with, so the description on PyPI leaves out the images linked
relative to the repository and keeps everything else. When it has one, link the images
by their absolute address in README.md instead, and add it to ``[project.urls]``.

It also stops a build whose setuptools is too old to read pyproject.toml, saying which
it needs, before setuptools fails on the licence (see :func:`too_old_setuptools`), and
puts a copy of the repository's ``examples/`` into the package it builds, which
``activity-systems new --examples`` writes out for whoever installed it with pip (see
:class:`BuildWithExamples`).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

import setuptools
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent

#: The oldest setuptools that builds the package, as ``[build-system]`` requires: the first
#: to read ``license = "MIT"`` (an SPDX expression) and ``license-files``.
OLDEST_SETUPTOOLS = 77

#: A Markdown image whose link is relative (no scheme such as ``https:``), with the line
#: break and blank line after it when it stands alone on its line.
RELATIVE_IMAGE = re.compile(r"!\[[^\]]*\]\((?![A-Za-z][A-Za-z0-9+.-]*:)[^)]*\)(?:\n\n|\n)?")


def pypi_description(readme: str) -> str:
    """The README as PyPI shows it: without the images linked relative to the repository."""
    return RELATIVE_IMAGE.sub("", readme)


def too_old_setuptools(version: str) -> str | None:
    """What to say when the setuptools building the package is older than it needs.

    pip installs the setuptools ``[build-system]`` requires for the build, unless the
    build runs with ``--no-build-isolation`` (as Linux distributions build), which uses
    the one installed: an older one failed on the licence with a message about JSON
    schemas that named neither setuptools nor a version.
    """
    major = re.match(r"\d+", version)
    if major is None or int(major[0]) >= OLDEST_SETUPTOOLS:
        return None
    return (
        f"building activity-systems needs setuptools {OLDEST_SETUPTOOLS} or newer, which "
        "reads its licence as pyproject.toml gives it, and this Python has setuptools "
        f"{version}: upgrade it (pip install --upgrade 'setuptools>={OLDEST_SETUPTOOLS}'), "
        "or build without --no-build-isolation, which installs it for the build alone"
    )


@functools.cache
def _examples_module() -> Any:
    """The package's ``_examples.py``, loaded from its file (once), since the package's
    dependencies are not installed while it is built."""
    spec = importlib.util.spec_from_file_location(
        "activity_systems_examples", HERE / "activity_systems" / "_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_files(folder: Path) -> list[str]:
    """The examples of ``folder``, as ``new --examples`` takes them: the package's own
    list."""
    names: list[str] = _examples_module().example_files(folder)
    return names


class BuildWithExamples(build_py):  # type: ignore[misc]
    """The package as setuptools builds it, with the repository's ``examples/`` copied
    into it as ``activity_systems/docs-examples/``: the docs' commands name those files,
    and pip installs no clone of the repository. They are copied at build time, so that
    the repository keeps one ``examples/`` folder, which the source distribution holds
    (MANIFEST.in). An editable install leaves them where they are: the command finds them
    beside the package, and a strict one (``--config-settings editable_mode=strict``)
    links them into the package's tree of links, as it does the package's own files."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in self._examples():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        return outputs + [str(target) for _, target in self._examples()]

    def get_output_mapping(self) -> dict[str, str]:
        """Each file built and the file it is made from, which a strict editable install
        links in its place: an output missing from it, the install copies out of the
        build's folder, where an editable build has put no example."""
        mapping: dict[str, str] = super().get_output_mapping()
        mapping.update({str(target): str(source) for source, target in self._examples()})
        return dict(sorted(mapping.items()))

    def _examples(self) -> list[tuple[Path, Path]]:
        folder = HERE / "examples"
        # docs-examples: a name no import can take (PACKAGED in _examples.py)
        packaged: str = _examples_module().PACKAGED
        into = Path(self.build_lib) / "activity_systems" / packaged
        return [(folder / name, into / name) for name in example_files(folder)]


def setup_keywords() -> dict[str, Any]:
    """What setup.py gives ``setup()`` beyond pyproject.toml."""
    return {
        "long_description": pypi_description((HERE / "README.md").read_text(encoding="utf-8")),
        "long_description_content_type": "text/markdown",
        "cmdclass": {"build_py": BuildWithExamples},
    }


if __name__ == "__main__":
    if (too_old := too_old_setuptools(setuptools.__version__)) is not None:
        raise SystemExit(too_old)
    setup(**setup_keywords())
