"""Atomic file output: a file is either fully written or left as it was."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from activity_systems.errors import OutputError


def names_folder(output: str | os.PathLike[str]) -> bool:
    """Whether an output name names a folder: an existing one, or a name that ends with a
    slash (``out/``), which never names a file.

    >>> names_folder("figures/"), names_folder("figure.svg")
    (True, False)
    """
    return _ends_with_slash(output) or Path(output).is_dir()


def _ends_with_slash(output: str | os.PathLike[str]) -> bool:
    return os.fspath(output).endswith(("/", os.sep))


def same_file(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    """Whether two names name the same file: the same path after links and ``..`` are
    followed, or (for existing files) the same file under two names, as a hard link.
    A name that cannot be followed (a loop of symbolic links) is compared as written.

    >>> same_file("cases/../case.yaml", "case.yaml"), same_file("a.yaml", "b.yaml")
    (True, False)
    """
    try:
        if os.path.exists(one) and os.path.exists(other) and os.path.samefile(one, other):
            return True
    except OSError:
        pass
    # os.path.realpath, unlike Path.resolve before Python 3.13, does not raise on a loop.
    return os.path.realpath(one) == os.path.realpath(other)


class InputFiles:
    """The files a command reads, each known by the name its links and ``..`` lead to
    and, while it exists, as the file it is: whether an output is one of them (see
    :func:`same_file`) is then looked up at once, not by comparing the output with each
    in turn, which for a batch that writes a file for each of its inputs is work over
    all pairs. Iterating gives the names as given.

    >>> inputs = InputFiles(["cases/../case.yaml", "other.yaml"])
    >>> inputs.holds("case.yaml"), inputs.holds("report.json"), list(inputs)[1]
    (True, False, 'other.yaml')
    """

    def __init__(self, names: Iterable[str | os.PathLike[str]]) -> None:
        self._names = tuple(names)
        self._real = frozenset(os.path.realpath(name) for name in self._names)
        self._files: set[tuple[int, int]] = set()
        for name in self._names:
            with contextlib.suppress(OSError, ValueError):  # none there: known by its name
                found = os.stat(name)
                self._files.add((found.st_dev, found.st_ino))

    def __iter__(self) -> Iterator[str | os.PathLike[str]]:
        return iter(self._names)

    def holds(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` names one of the files, as :func:`same_file` tells."""
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            pass
        else:
            if (found.st_dev, found.st_ino) in self._files:
                return True
        return os.path.realpath(path) in self._real


def input_files(inputs: Iterable[str | os.PathLike[str]]) -> InputFiles:
    """``inputs`` as :class:`InputFiles`, looked at once (as they are when already so)."""
    return inputs if isinstance(inputs, InputFiles) else InputFiles(inputs)


#: What case files are called.
CASE_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def own_file_kind(path: str | os.PathLike[str]) -> str | None:
    """What a file so named is, when it is likely the user's own work, which no figure or
    handout replaces: ``"a case file"`` (``.yaml``, ``.yml``, ``.json``) or ``"a Python
    file"`` (``.py``: the rules of ``--rules-from``, say); ``None`` for another name.

    >>> own_file_kind("court.YAML"), own_file_kind("rules.py"), own_file_kind("court.svg")
    ('a case file', 'a Python file', None)
    """
    suffix = Path(path).suffix.lower()
    if suffix in CASE_FILE_SUFFIXES:
        return "a case file"
    return "a Python file" if suffix == ".py" else None


def check_output_path(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    no_case_file: bool = False,
) -> Path:
    """The output path, after refusing an input file or a missing folder; with
    ``no_case_file`` (a figure, a handout), a symbolic link that leads to a case file or a
    Python file too (see :func:`own_file_kind`), which writing through it would replace.

    Raises:
        OutputError: when ``path`` is one of ``inputs``, is a folder or a name ending in a
            slash, is a device, a pipe or a socket, or its folder is missing; or when it
            cannot be looked at (a name too long for the system, say).
    """
    try:
        checked = _checked_output_path(path, inputs)
    except OutputError:  # an OSError too
        raise
    except OSError as error:
        raise OutputError(f"{os.fspath(path)}: cannot write: {error.strerror or error}") from None
    if no_case_file and checked.is_symlink():  # after the input, which says more
        leads_to = Path(os.path.realpath(checked))
        kind = own_file_kind(leads_to)
        if kind is not None:
            raise OutputError(
                f"{os.fspath(path)}: refusing to write through a link to {kind} ({leads_to})"
            )
    return checked


def _checked_output_path(
    path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> Path:
    if _ends_with_slash(path) and not Path(path).is_dir():
        raise OutputError(
            f"{os.fspath(path)}: names a folder (it ends with a slash); give a file name"
        )
    target = Path(path)
    if input_files(inputs).holds(target):
        raise OutputError(f"{target}: refusing to overwrite the input file")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    try:
        mode = os.stat(target).st_mode  # through a symbolic link: what it leads to
    except OSError:
        mode = stat.S_IFREG  # nothing there (yet), or a link that leads nowhere
    if not stat.S_ISREG(mode):  # the rename would put a file in place of /dev/null, say
        raise OutputError(
            f"{target}: is not a regular file (a device, a pipe or a socket); "
            "give the name of a file"
        )
    folder = target.parent
    if not folder.is_dir():
        if folder.exists():
            raise OutputError(f"{target}: {str(folder)!r} is a file, not a folder")
        raise OutputError(f"{target}: the folder {str(folder)!r} does not exist; create it first")
    return target


#: The longest a temporary file's name takes from the output's, in bytes: file systems
#: allow 255, and the temporary file adds a dot, a random part and ``.tmp``.
_TEMP_NAME_BYTES = 200


def _temp_prefix(name: str) -> str:
    """``.<name>.``, the name cut short so that the temporary file's name is no longer
    than the longest the output's may be.

    >>> _temp_prefix("figure.svg")
    '.figure.svg.'
    >>> len(_temp_prefix("x" * 250))
    202
    """
    while len(os.fsencode(name)) > _TEMP_NAME_BYTES:
        name = name[:-1]
    return f".{name}."


def refuse_closed_folder(path: str | os.PathLike[str]) -> None:
    """Refuse ``path`` when its folder takes no new file (it is read-only, or on a
    read-only file system), as writing ``path`` would, but before anything is written
    beside it: the error names the file asked for, not a file of the library's written
    first (a Markdown handout's list of its figures, ``.<stem>.figures.json``). A file
    is made in the folder to find out, and removed at once.

    Raises:
        OutputError: ``<path>: cannot write: <why>``.
    """
    target = Path(path)
    try:
        handle, temp = tempfile.mkstemp(
            prefix=_temp_prefix(target.name), suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        os.close(handle)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def write_atomic(
    path: str | os.PathLike[str], content: bytes, *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Write ``content`` to ``path`` via a temporary file in the same folder and a rename;
    when ``path`` is a symbolic link, to the file it leads to, keeping the link.

    Raises:
        OutputError: see :func:`check_output_path`, or when writing fails.
    """
    (target,) = write_all_atomic([(path, content)], inputs=inputs)
    return target


def write_all_atomic(
    files: Iterable[tuple[str | os.PathLike[str], bytes]],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Write several files as one: each ``(path, content)`` to a temporary file beside
    its path first, and only once all are written, rename each into place, in the order
    given (see :func:`write_atomic` for one file). A file that cannot be written (a full
    disk), or an interruption while they are, leaves every path as it was and removes
    the temporary files.

    Each rename is atomic, but the set is only as consistent as the file system allows:
    a rename that fails (which a full disk does not cause) or an interruption during the
    renames, which take microseconds, leaves the files renamed before it new and the
    others as they were, and still no temporary file.

    Raises:
        OutputError: see :func:`check_output_path`, or when writing fails.
    """
    inputs = input_files(inputs)  # looked at once for all the files
    staged: list[tuple[Path, Path, str]] = []  # the target, the file written, the temporary
    renamed = 0
    try:
        for path, content in files:
            staged.append(_staged(path, content, inputs))
        for target, real, temp in staged:
            try:
                os.replace(temp, real)
            except OSError as error:
                raise OutputError(f"{target}: cannot write: {error.strerror}") from None
            renamed += 1
    except BaseException:
        for _, _, temp in staged[renamed:]:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    return [target for target, _, _ in staged]


def _staged(
    path: str | os.PathLike[str], content: bytes, inputs: Iterable[str | os.PathLike[str]]
) -> tuple[Path, Path, str]:
    """``content`` written to a temporary file beside ``path`` (beside the file it leads
    to, for a symbolic link), with the mode the file there has, or a new file's: the
    output path, the file to rename it over and the temporary file. A temporary file
    that cannot be written whole is removed.

    Raises:
        OutputError: see :func:`check_output_path`, or when writing fails.
    """
    target = check_output_path(path, inputs=inputs)
    # Through a symbolic link, the file it leads to is replaced, and the link kept.
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        handle, temp = tempfile.mkstemp(
            prefix=_temp_prefix(real.name), suffix=".tmp", dir=real.parent
        )
    except OSError as error:  # a read-only folder, say: name the output, not the temporary
        raise OutputError(f"{target}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        if real.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, real.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise OutputError(f"{target}: cannot write: {error.strerror}") from None
        raise
    return target, real, temp
