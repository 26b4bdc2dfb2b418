"""The figure files of a Markdown handout, and removing those a new version no longer has.

A Markdown handout's figures are files beside it, named after it and after what they
show (``handout-figure3-court-mhs.svg``). Written again for a changed case, the handout
has other figures: a system removed, or the systems renumbered, leaves files that
nothing links to. So beside ``handout.md`` the library keeps a list of the figure files
it wrote, ``.handout.figures.json``, each with the SHA-256 of what it wrote, and when
it writes the handout again it deletes a figure file of that list only when

- the new handout does not write a file of that name,
- its name is a figure's name for this handout (``handout-figure<N>-<slug>.svg`` or
  ``.png``, in the handout's folder),
- it is a regular file, not a symbolic link, and
- it holds exactly what the library wrote there: a figure edited or replaced since is
  somebody's work, and is kept (and no longer listed).

Nothing else is ever deleted: not a file the list does not name (a figure written by a
version of the library that kept no list, or a file of the user's that happens to have
a figure's name), and nothing outside the handout's folder, whatever the list says.

The list names the handout it was written for. Two handouts of one stem in one folder
(``h.md`` and ``h.markdown``) share the list's name, as they share their figures' names:
each reads a list written for the other as no list, so neither deletes a figure the
other links to.

A figure file or a list that is a symbolic link is refused, before anything is written
(an :class:`~activity_systems.OutputError` naming the link and what it leads to): the
library chose their names, not the user, and the link may lead anywhere. Only the
handout itself, which the user named, is written through a link.

Every file is written atomically, and in an order that keeps the list true whatever
happens on the way (once a folder that takes no new file has been refused, in the
handout's name): first the list of the figures already there *and* those about to
be written, then the figures and the handout, then the stale figures are deleted, and
last the list of the figures of the new handout. The figures and the handout are
written as one set: each to a temporary file, and only once all are written renamed
into place, the handout last, so that a full disk leaves the earlier handout with its
own figures, not with new ones whose numbers no longer match its text. A run that
stops half way leaves every figure it may have written on the list, for the next run
to tidy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from activity_systems.errors import OutputError
from activity_systems.io.atomic import (
    check_output_path,
    refuse_closed_folder,
    write_all_atomic,
    write_atomic,
)

#: What the list says it is, so that a file of that name written by anything else is
#: not taken for one.
KIND = "activity-systems handout figures"

Listed = dict[str, list[str]]
"""Figure file name -> the SHA-256 digests of the contents the library may have left."""


def manifest_path(handout: Path) -> Path:
    """``.<stem>.figures.json`` beside the handout.

    >>> manifest_path(Path("out/court.md")).as_posix()
    'out/.court.figures.json'
    """
    return handout.parent / f".{handout.stem}.figures.json"


def is_figure_name(name: str, stem: str) -> bool:
    """Whether ``name`` is the name of one of the figures of the handout ``stem``: in its
    folder, and named as the library names them.

    >>> is_figure_name("court-figure3-court-mhs.svg", "court")
    True
    >>> [is_figure_name(n, "court") for n in ("court-figure3.svg", "../court-figure1-a.svg",
    ...                                        "court-notes.svg", "other-figure1-a.png")]
    [False, False, False, False]
    """
    if "/" in name or "\\" in name or os.sep in name:
        return False
    return re.fullmatch(rf"{re.escape(stem)}-figure[1-9]\d*-[\w.-]+\.(?:svg|png)", name) is not None


def digest(content: bytes) -> str:
    """The SHA-256 of ``content``, in hexadecimal."""
    return hashlib.sha256(content).hexdigest()


def read_manifest(handout: Path) -> Listed:
    """The figure files the list beside ``handout`` names, with their digests; nothing
    for a list that is missing, unreadable or not the library's, and no name that is
    not one of this handout's figures."""
    listing = manifest_path(handout)
    if listing.is_symlink():
        return {}
    try:
        data = json.loads(listing.read_bytes())
    except (OSError, ValueError, RecursionError):  # nested too deep for the JSON reader
        return {}
    if not isinstance(data, dict) or data.get("kind") != KIND:
        return {}
    if data.get("handout") != handout.name:  # h.markdown's list, read for h.md
        return {}
    figures = data.get("figures")
    if not isinstance(figures, dict):
        return {}
    return {
        name: [d for d in digests if isinstance(d, str)]
        for name, digests in figures.items()
        if isinstance(name, str)
        and isinstance(digests, list)
        and is_figure_name(name, handout.stem)
    }


def _manifest_bytes(handout: Path, figures: Mapping[str, Sequence[str]]) -> bytes:
    data = {
        "kind": KIND,
        "handout": handout.name,
        "figures": {name: sorted(set(figures[name])) for name in sorted(figures)},
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _holds(path: Path, digests: Sequence[str]) -> bool:
    """Whether ``path`` is a regular file (not a link) holding one of ``digests``."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest() in digests
    except OSError:
        return False


def refuse_link(path: Path, what: str) -> None:
    """Refuse to write ``path``, a file the library names rather than the user, when it
    is a symbolic link: the user asked for the handout, not for the file the link leads
    to, which may be anything (a thesis, a file outside the folder). ``what`` says what
    the file is, as the subject of "is named by the library".

    Raises:
        OutputError: naming the link and what it leads to, and saying to remove it.
    """
    if path.is_symlink():
        raise OutputError(
            f"{path}: is a symbolic link to {os.path.realpath(path)}: {what} is named by "
            "the library, not by you, so it is never written through a link; remove the "
            "link and run again"
        )


def write_with_figures(
    handout: Path, text: bytes, files: Mapping[str, bytes], *, inputs: Sequence[Path]
) -> Path:
    """Write the Markdown handout ``handout`` and its figure ``files`` beside it as one
    set (:func:`~activity_systems.io.atomic.write_all_atomic`: each to a temporary file,
    then all renamed into place, the handout last), and delete the figures an earlier
    version wrote that this one does not (see the module's documentation for which, and
    in what order).

    Raises:
        OutputError: when a figure file or the list is a symbolic link, or the folder
            takes no new file (naming the handout), before anything is written; or when
            a file cannot be written: the handout and its figures are then as they were
            (but for an interruption during the renames, see
            :func:`~activity_systems.io.atomic.write_all_atomic`).
    """
    listing = manifest_path(handout)
    beside = {name: handout.parent / name for name in files}
    for path in beside.values():  # figures: never through a link to a case file
        check_output_path(path, inputs=inputs, no_case_file=True)
    check_output_path(listing, inputs=inputs)
    for path in beside.values():
        refuse_link(path, "each figure file of the handout")
    refuse_link(listing, "the list of the handout's figures")
    refuse_closed_folder(handout)  # said of the handout, not of the list written first
    # the figures and the handout last, all written before any is renamed into place
    every = [*((beside[name], content) for name, content in files.items()), (handout, text)]
    earlier = read_manifest(handout)
    written = {name: [digest(content)] for name, content in files.items()}
    both = {name: earlier.get(name, []) + written.get(name, []) for name in {*earlier, *written}}
    write_atomic(listing, _manifest_bytes(handout, both), inputs=inputs)
    target = write_all_atomic(every, inputs=inputs)[-1]
    left = {}
    for name, digests in earlier.items():
        path = handout.parent / name
        if name in files or not _holds(path, digests):
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left[name] = digests  # the next run tries again
    write_atomic(listing, _manifest_bytes(handout, {**written, **left}), inputs=inputs)
    return target
