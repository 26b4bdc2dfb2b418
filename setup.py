"""The one piece of metadata pyproject.toml cannot state: the description shown on PyPI.

README.md is both the repository's front page and the package's page on PyPI. Its figure
is linked relative to the repository (``docs/images/...``), which the repository's host
shows but PyPI cannot: PyPI keeps no files beside the description, so the link would be
a broken image at the top of the page. The project has no public address yet to make
the link absolute with, so the description on PyPI leaves out the images linked
relative to the repository and keeps everything else. When it has one, link the images
by their absolute address in README.md instead, and add it to ``[project.urls]``.

It also stops a build whose setuptools is too old to read pyproject.toml, saying which
it needs, before setuptools fails on the licence (see :func:`too_old_setuptools`).
"""

from __future__ import annotations

import re
from pathlib import Path

import setuptools
from setuptools import setup

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


if __name__ == "__main__":
    if (too_old := too_old_setuptools(setuptools.__version__)) is not None:
        raise SystemExit(too_old)
    setup(
        long_description=pypi_description(
            (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
        ),
        long_description_content_type="text/markdown",
    )
