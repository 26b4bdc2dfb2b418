"""The one piece of metadata pyproject.toml cannot state: the description shown on PyPI.

README.md is both the repository's front page and the package's page on PyPI. Its figure
is linked relative to the repository (``docs/images/...``), which the repository's host
shows but PyPI cannot: PyPI keeps no files beside the description, so the link would be
a broken image at the top of the page. The project has no public address yet to make
the link absolute with, so the description on PyPI leaves out the images linked
relative to the repository and keeps everything else. When it has one, link the images
by their absolute address in README.md instead, and add it to ``[project.urls]``.
"""

from __future__ import annotations

import re
from pathlib import Path

from setuptools import setup

#: A Markdown image whose link is relative (no scheme such as ``https:``), with the line
#: break and blank line after it when it stands alone on its line.
RELATIVE_IMAGE = re.compile(r"!\[[^\]]*\]\((?![A-Za-z][A-Za-z0-9+.-]*:)[^)]*\)(?:\n\n|\n)?")


def pypi_description(readme: str) -> str:
    """The README as PyPI shows it: without the images linked relative to the repository."""
    return RELATIVE_IMAGE.sub("", readme)


if __name__ == "__main__":
    setup(
        long_description=pypi_description(
            (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
        ),
        long_description_content_type="text/markdown",
    )
