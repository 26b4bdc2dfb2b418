"""What to call two versions of a case in a comparison and a handout's progress section.

Two versions are named by their titles. Two of one title, both given as case files, are
named by their files: by the file names, or, when those are the same too (a folder per
year, each with its ``case.yaml``), by as much of their paths as it takes to tell them
apart, the same in every output (text, Markdown, JSON, handouts).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import PurePath

from activity_systems.model.case import Case

PathLike = str | os.PathLike[str]


def file_names(before: PathLike, after: PathLike) -> tuple[str, str]:
    """Names for two case files: their file names, or, when those are the same, the
    shortest ends of their paths that differ, folders joined by ``/``, never reaching
    above the deepest folder the two share.

    >>> file_names("/data/v1.yaml", "/data/v2.yaml")
    ('v1.yaml', 'v2.yaml')
    >>> file_names("/data/2026/case.yaml", "/data/2027/case.yaml")
    ('2026/case.yaml', '2027/case.yaml')
    >>> file_names("/a/spring/review/case.yaml", "/b/spring/review/case.yaml")
    ('a/spring/review/case.yaml', 'b/spring/review/case.yaml')

    A relative path is read from the current folder, so ``old/case.yaml`` and
    ``case.yaml`` are named so, and ``../case.yaml`` and ``case.yaml`` run in
    ``project`` are ``case.yaml`` and ``project/case.yaml``: a name holds nothing of
    the folders above the two files (a home folder, a user name), so that a comparison
    sent to another agency says no more than which file is which, and is the same
    wherever the two files lie. One file given twice has its file name twice.

    >>> file_names("/case.yaml", "/x/case.yaml")
    ('case.yaml', 'x/case.yaml')
    """
    old, new = _below_shared(_parts(before), _parts(after))
    for count in range(1, max(len(old), len(new)) + 1):
        named = _tail(old, count), _tail(new, count)
        if named[0] != named[1]:
            return named
    return _tail(old, 1), _tail(new, 1)


def version_names(
    before: Case,
    after: Case,
    paths: tuple[PathLike, PathLike] | None = None,
) -> tuple[str, str]:
    """What to call two versions: their titles, or, when they have the same title and
    ``paths`` are their case files, the :func:`file_names` of those.

    >>> from activity_systems import load
    >>> case = load("examples/court-reports.yaml")
    >>> version_names(case, case, ("/data/2026/case.yaml", "/data/2027/case.yaml"))
    ('2026/case.yaml', '2027/case.yaml')
    >>> later = case.model_copy(update={"title": "Psychiatric reports, a year on"})
    >>> version_names(case, later, ("/data/2026/case.yaml", "/data/2027/case.yaml"))
    ("Psychiatric reports for the magistrates' court", 'Psychiatric reports, a year on')
    """
    if paths is None or before.title != after.title:
        return before.title, after.title
    return file_names(*paths)


def _parts(path: PathLike) -> Sequence[str]:
    """The parts of the absolute path, ``..`` resolved but links left as they are: the
    folders as the user sees them."""
    return PurePath(os.path.abspath(path)).parts


def _below_shared(old: Sequence[str], new: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
    """The two paths' parts below the deepest folder they share; each keeps at least its
    file name. (Paths on two Windows drives share nothing, and keep their drives.)"""
    shared = 0
    while shared < min(len(old), len(new)) - 1 and old[shared] == new[shared]:
        shared += 1
    return old[shared:], new[shared:]


def _tail(parts: Sequence[str], count: int) -> str:
    return _as_text(PurePath(*parts[-count:]).as_posix())


def _as_text(name: str) -> str:
    r"""A file name as text that every output can hold (JSON, Markdown, HTML, all
    UTF-8): a name the locale could not read (in the C locale, each byte of ``ŵ`` is
    given as an unknown one, U+DCC5 U+DCB5) as the UTF-8 it is, and bytes that are no
    UTF-8 (a name saved in Latin-1) as their escapes, ``\xe9``, since no document
    can hold them as they are.

    >>> _as_text("achos \udcc5\udcb5.yaml"), _as_text("caf\udce9.yaml")
    ('achos ŵ.yaml', 'caf\\xe9.yaml')
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate of a Windows name: no bytes of its own
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
