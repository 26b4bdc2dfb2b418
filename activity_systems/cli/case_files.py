"""The commands that help write a case file: ``schema`` (the JSON Schema an editor can
check it against), ``new`` (a starter file with guiding questions) and ``import`` (the
case of a spreadsheet's services and exchanges, each sheet saved as CSV)."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path

from activity_systems._examples import EXAMPLES, bundled_examples, example_files
from activity_systems.batch import to_stderr
from activity_systems.cli.console import STANDARD_OUTPUT, write_out
from activity_systems.cli.parser import EXIT_OK, PROG, UsageError, shell_word
from activity_systems.columns import display_width
from activity_systems.errors import OutputError


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the schema of YAML case files, or with ``--for json`` of JSON ones, or
    with ``--report`` of the report's JSON, or with ``--comparison`` of the comparison's
    JSON, or write it to ``-o FILE`` (an existing file
    only with ``--force``, and never a case file or a Python file: see
    :func:`_schema_target`)."""
    if args.report:
        from activity_systems.rules.report_schema import report_schema_json

        text = report_schema_json()
    elif args.comparison:
        from activity_systems.follow_up.schema import comparison_schema_json

        text = comparison_schema_json()
    else:
        from activity_systems.io.schema import case_schema_json

        text = case_schema_json(args.case_format)
    text = text if text.endswith("\n") else text + "\n"
    if args.output and args.output != STANDARD_OUTPUT:
        from activity_systems.io.atomic import write_atomic

        _schema_target(Path(args.output), args.force)
        write_atomic(args.output, text.encode("utf-8"))
    else:
        write_out(text, data=True)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write the starter case file; an existing file only with ``--force``. With
    ``--examples``, write the examples instead (see :func:`_write_examples`)."""
    from importlib import resources

    from activity_systems.io.atomic import write_atomic

    if args.examples:
        return _write_examples(Path(EXAMPLES), args.force)
    target = Path(args.output if args.output is not None else args.file)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name ending in .yaml")
    if str(target) == STANDARD_OUTPUT:
        raise UsageError(
            "new writes a file, not standard output (-); give it a name ending in .yaml"
        )
    if target.suffix.lower() not in _YAML:
        raise OutputError(f"{target}: a starter case is YAML (its comments guide you); use .yaml")
    _refuse_existing(target, args.force)
    real = Path(os.path.realpath(target))
    if real.suffix.lower() not in _YAML:  # written through the link, it would replace that
        raise OutputError(f"{target}: refusing to write through a link to {real}, not a .yaml file")
    starter = resources.files("activity_systems").joinpath("data", "starter.yaml")
    write_atomic(target, _named_in(starter.read_text(encoding="utf-8"), target.name))
    named = f"./{target}" if str(target).startswith("-") else str(target)  # not an option
    to_stderr(f"wrote {target}: fill it in, then run: {PROG} check {shlex.quote(named)}\n")
    return EXIT_OK


def _write_examples(target: Path, force: bool) -> int:
    """Write the examples into ``target``: a new folder appears whole or not at all (its
    files are written into a temporary folder beside it, renamed into place once all
    are); an existing one only with ``force``, which writes the examples' files over
    those of the same names, each whole, and leaves the others alone.

    Raises:
        OutputError: for a file or a link to no folder of that name, an existing folder
            without ``force`` (with it, see :func:`_check_examples_over`), or when writing
            fails (a read-only folder, a full disk).
    """
    import shutil
    import tempfile

    from activity_systems.io.atomic import write_all_atomic

    source = bundled_examples()
    if source is None:
        raise OutputError(
            "this installation of activity-systems holds no examples; they are in the "
            "repository's examples/ folder and in the source distribution"
        )
    names = example_files(source)
    if os.path.lexists(target) and not target.is_dir():
        what = "a link that leads to no folder" if target.is_symlink() else "a file, not a folder"
        raise OutputError(f"{target}: is {what}; move it away first")
    if target.is_dir():
        if not force:
            raise OutputError(
                f"{target}: already exists; use --force to write the examples over the "
                "files of the same names in it"
            )
        _check_examples_over(target, names)
        for folder in sorted({(target / name).parent for name in names}):
            folder.mkdir(parents=True, exist_ok=True)
        write_all_atomic([(target / name, (source / name).read_bytes()) for name in names])
    else:
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        except OSError as error:  # a read-only folder: name the folder asked for
            raise OutputError(f"{target}: cannot write: {_why_not(error)}") from None
        try:
            for name in names:
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes((source / name).read_bytes())
            staging.chmod(0o777 & ~_umask())
            staging.rename(target)
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, OSError):  # a full disk: not the temporary folder's name
                raise OutputError(f"{target}: cannot write: {error.strerror}") from None
            raise
    to_stderr(
        f"wrote {target}/, the {len(names)} files the docs' commands use (case files, a rule "
        f"file, handout templates in Welsh and Polish, a notebook); run those commands in "
        f"this folder, as in: {PROG} check {target}/court-reports.yaml\n"
    )
    return EXIT_OK


def _why_not(error: OSError) -> str:
    """Why a folder could not be made in the current folder: the system's words, or,
    where the current folder was removed (from another window), that it was."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return (
            "the current folder no longer exists (it was removed): change to a folder "
            "that does and run the command there"
        )
    return str(error.strerror)


def _check_examples_over(target: Path, names: list[str]) -> None:
    """Refuse, before anything is written, what ``--force`` must not write over in an
    existing examples folder: a link among the examples' files or their folders (writing
    through it would replace a file elsewhere, of the user's own), a file where the
    examples have a folder, and a folder where they have a file.

    Raises:
        OutputError: naming the first such path.
    """
    files = {target / name for name in names}
    folders = {parent for path in files for parent in path.parents if target in parent.parents}
    for path in sorted(files | folders):
        if path.is_symlink():
            raise OutputError(
                f"{path}: is a link (to {os.path.realpath(path)}); --force writes the "
                "examples' own files, not through a link: move it away first"
            )
        if path in folders and os.path.lexists(path) and not path.is_dir():
            raise OutputError(
                f"{path}: is a file where the examples have a folder; move it away first"
            )
        if path in files and path.is_dir():
            raise OutputError(
                f"{path}: is a folder where the examples have a file; move it away first"
            )


def _umask() -> int:
    """The process's umask, which :func:`tempfile.mkdtemp` does not apply (it makes its
    folder for its owner alone): the examples' folder gets the permissions of any other."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cmd_import(args: argparse.Namespace) -> int:
    """Write the case file of a sheet of services and, if given, a sheet of exchanges,
    saved as CSV (see :func:`~activity_systems.case_from_csv`), as YAML or JSON by the
    output's extension, or as YAML on standard output for ``-o -``. An existing file is
    replaced only with ``--force``, and a sheet never: the output is checked before the
    sheets are read, and written whole once they are, or not at all."""
    from activity_systems.io.atomic import CASE_FILE_SUFFIXES, check_output_path, write_atomic
    from activity_systems.io.dumping import _written_as, case_to_json, case_to_yaml
    from activity_systems.io.spreadsheet import case_of_sheets

    sheets = [name for name in (args.services, args.exchanges) if name is not None]
    if STANDARD_OUTPUT in sheets:
        raise UsageError(
            "import reads sheets saved as CSV files; standard input (-) is read by check "
            "and compare only: save the sheet to a file first"
        )
    target = None
    if args.output != STANDARD_OUTPUT:
        target = check_output_path(args.output, inputs=sheets)
        written_as = _written_as(target)  # -o services.csv: told as the input, above
        _refuse_existing(target, args.force)
        real = Path(os.path.realpath(target))
        if real.suffix.lower() not in CASE_FILE_SUFFIXES:  # it would replace that file
            raise OutputError(
                f"{target}: refusing to write through a link to {real}, not a case file"
            )
    title = args.title if args.title is not None else _title_of(args.services)
    case = case_of_sheets(
        args.services,
        args.exchanges,
        title=title,
        encoding=args.encoding,
        give_encoding="--encoding {}",
    )
    if target is None:
        write_out(case_to_yaml(case), data=True)
        return EXIT_OK
    text = case_to_json(case) if written_as == "json" else case_to_yaml(case)
    write_atomic(target, text.encode("utf-8"), inputs=sheets)
    counted = _counted(len(case.systems), "service")
    if args.exchanges is not None:
        counted += f" and {_counted(len(case.exchanges), 'exchange')}"
    named = f"./{target}" if str(target).startswith("-") else str(target)  # not an option
    to_stderr(
        f"wrote {target}, {counted}: go on with the case file there (value tags, time "
        f"limits, integration), then run: {PROG} check {shlex.quote(named)}\n"
    )
    return EXIT_OK


def _title_of(sheet: str) -> str:
    """The title a case takes from its services sheet's file name, without ``.csv``, as
    :func:`_readable` text: no title may hold the surrogates of bytes not decoded.

    >>> _title_of("sheets/Services 2024.csv")
    'Services 2024'

    Raises:
        UsageError: for a pipe, a socket or a device (``import <(...)`` is
            ``/dev/fd/63``), whose name is no title, and a name without a word in it.
    """
    from activity_systems.io.loading import NOT_A_REGULAR_FILE, is_a_stream

    if is_a_stream(sheet):
        raise UsageError(
            f"{sheet}: {NOT_A_REGULAR_FILE}; the case's title is made of the sheet's file "
            "name: give one with --title"
        )
    title = _readable(Path(sheet).stem)
    if not title.strip():  # ' .csv'
        raise UsageError(
            f"{sheet}: the case's title is made of the sheet's file name, which has no word "
            "in it: give one with --title"
        )
    return title


def _readable(name: str) -> str:
    """A file's ``name`` as text to write into a file: a name read in a locale or from a
    disk that cannot decode it (``LC_ALL=C``) holds its bytes as surrogates, which are
    taken as UTF-8, the others becoming ``?``.

    >>> _readable(os.fsdecode(b"Dienste \\xfc.csv")), _readable("事例.yaml")
    ('Dienste ?.csv', '事例.yaml')
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\ufffd", "?")


def _counted(count: int, what: str) -> str:
    """``count`` things, in words.

    >>> _counted(1, "service"), _counted(0, "exchange"), _counted(12, "service")
    ('1 service', 'no exchanges', '12 services')
    """
    if count == 0:
        return f"no {what}s"
    return f"{count} {what}" + ("" if count == 1 else "s")


def _named_in(starter: str, name: str) -> bytes:
    """The starter text with its commands naming the file it is written to; the notes
    after them stay in one column (a long name moves the column right, keeping at least
    two spaces before each note). The name is measured as a terminal shows it, so that
    wide characters (``事例.yaml``) do not push the notes further right.

    >>> text = "# check this-file.yaml       a\\n# check this-file.yaml -o x  b"
    >>> print(_named_in(text, "our.yaml").decode())
    # check our.yaml             a
    # check our.yaml -o x        b
    >>> print(_named_in(text, "事例.yaml").decode())
    # check 事例.yaml            a
    # check 事例.yaml -o x       b
    """
    name = _readable(name)  # the file's text is UTF-8, so the name is too
    name = shell_word(name)  # a space, a quote, '&', '(' ...: quoted for the shell
    stand_in = "this-file.yaml"
    lines = starter.split("\n")
    # (line number, text before the name, text after it up to its gap, gap, the rest)
    parts: list[tuple[int, str, str, int, str]] = []
    for number, line in enumerate(lines):
        at = line.find(stand_in)
        if at < 0:
            continue
        after = line[at + len(stand_in) :]
        gap = re.search(r" {2,}", after)
        if gap is None:
            lines[number] = line[:at] + name + after
            continue
        width = len(gap[0]) + len(stand_in) - display_width(name)
        parts.append((number, line[:at], after[: gap.start()], width, after[gap.end() :]))
    shift = max([0, *(2 - width for *_, width, _ in parts)])
    for number, before, middle, width, rest in parts:
        lines[number] = before + name + middle + " " * (width + shift) + rest
    return "\n".join(lines).encode("utf-8")


_YAML = (".yaml", ".yml")

#: The names the schema is never written to, even with ``--force``: a case file's, or a
#: Python file's (the rules of ``--rules-from``), with what each is.
_NOT_FOR_THE_SCHEMA = {".yaml": "a case file", ".yml": "a case file", ".py": "a Python file"}


def _schema_target(target: Path, force: bool) -> None:
    """Refuse to write the schema over what may be the user's own work: a name ending in
    ``.yaml``, ``.yml`` or ``.py``, or a link that leads to one, even with ``--force``;
    any existing file without it; and with it, an existing ``.json`` file unless it is
    empty or holds JSON this tool wrote (an earlier schema, a report), which a case file
    written as JSON never is.

    Raises:
        OutputError: for such a target.
    """
    real = Path(os.path.realpath(target))
    for name in (target, real):
        what = _NOT_FOR_THE_SCHEMA.get(name.suffix.lower())
        if what is None:
            continue
        through = "" if name is target else f" (it leads to {real})"
        raise OutputError(
            f"{target}: refusing to write the schema to {what}'s name{through}; give it a "
            f"name of its own, such as {target.stem}.schema.json"
        )
    _refuse_existing(target, force)
    if real.suffix.lower() != ".json" or not real.is_file():  # a pipe is refused unread
        return
    from activity_systems.batch import refuse_unless_written_json

    refuse_unless_written_json(
        target, real, advice=", even with --force (remove it first, or give another name)"
    )


def _refuse_existing(target: Path, force: bool) -> None:
    """Refuse to replace a file the user may have written, unless told to."""
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to overwrite it")
