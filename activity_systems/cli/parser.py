"""The command line's grammar: the commands, their options and the types that check
them, with the program's name, exit statuses and choices the commands share."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import re
import shlex
import sys
from collections.abc import Sequence
from typing import Any

from activity_systems.batch import OUTPUT_EXTENSIONS, write_text
from activity_systems.errors import ActivitySystemsError
from activity_systems.io.atomic import CASE_FILE_SUFFIXES
from activity_systems.io.loading import (
    NOT_A_REGULAR_FILE,
    did_you_mean_slashes,
    is_a_stream,
)

PROG = "activity-systems"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a command that a SIGTERM stopped
EXIT_HUNG_UP = 129  # 128 + SIGHUP: the session closed (ssh dropped, terminal window closed)
FAIL_ON = ("high", "medium", "low", "never")
#: ``check --severity`` and ``--level``: the model's severities and levels (and ``none``
#: for a finding without a level), written out so that parsing imports no model.
SEVERITY_CHOICES = ("high", "medium", "low")
LEVEL_CHOICES = ("primary", "secondary", "tertiary", "quaternary", "none")
THEMES = ("default", "print")
#: The formats of ``check --format``, in the order its usage lists them.
CHECK_FORMATS = ("text", "json", "markdown", "csv", "latex")
#: ``check --table``: the LaTeX tables of ``--format latex``, as
#: ``activity_systems.rules.report_latex.LATEX_TABLES`` (a float's, one across pages,
#: then one for a column of a two-column page).
LATEX_TABLES = ("tabularx", "longtable", "column")
OVERVIEWS = ("auto", "detailed", "summary")  # as activity_systems.render.OVERVIEWS


class UsageError(ActivitySystemsError, ValueError):
    """A command line that names something that does not exist (a rule, a system)."""


#: The arguments that name a file or a folder, each with what an empty one is refused
#: as: ``Path("")`` is the current folder, so an unset variable in a script
#: (``render "$CASE" -o "$OUT"``) would draw every case there, or write into it.
_NAMES = {
    "cases": "an empty name is not a case file",
    "before": "an empty name is not a case file",
    "after": "an empty name is not a case file",
    "file": "an empty name is not a file; give the case file to create (.yaml)",
    "output": "-o needs a name; an empty one would name the current folder",
    "since": "--since needs a name; an empty one is not a case file",
    "templates": "--templates needs a name; an empty one would name the current folder",
    "rules_from": "--rules-from needs a name; an empty one is not a Python file",
    "services": "an empty name is not a sheet; give the services sheet, saved as CSV",
    "exchanges": "an empty name is not a sheet; give the exchanges sheet, saved as CSV",
}


def refuse_empty_names(args: argparse.Namespace) -> None:
    """Refuse an empty file or folder name, before anything is looked at.

    >>> refuse_empty_names(argparse.Namespace(cases=["a.yaml"], output="out"))
    >>> refuse_empty_names(argparse.Namespace(cases=["a.yaml"], output=""))
    Traceback (most recent call last):
      ...
    activity_systems.cli.parser.UsageError: -o needs a name; an empty one would name the ...

    Raises:
        UsageError: naming the argument that is empty.
    """
    for name, refusal in _NAMES.items():
        value = getattr(args, name, None)
        given = value if isinstance(value, list) else [value]
        if "" in given:
            raise UsageError(refusal)


#: The arguments that name a file or folder a command writes: ``-o`` of every command
#: that takes it, and the case file that ``new`` creates.
_OUTPUTS = ("output", "file")


def refuse_backslashed_outputs(args: argparse.Namespace) -> None:
    r"""Refuse an output name holding Windows' backslashes where ``/`` separates folders
    (macOS, Linux), with the name meant, before anything is read or written.

    ``handout case.yaml -o 'Sitzung 1\x.html'``, copied from a colleague on Windows,
    would write one file named ``Sitzung 1\x.html`` into the current folder, exit 0: a
    name the user did not mean, and one that Windows, OneDrive and SharePoint cannot
    hold (figures named after a case file are refused such names for the same reason).
    A name given with ``-o`` is otherwise written as given. There is no option to write
    such a name all the same: it is always refused, even where a file of that name is
    there (an earlier run's), which the same command would go on writing over. Who
    wants one writes to standard output (``-o - > 'a\b.svg'``) or renames the file.

    >>> refuse_backslashed_outputs(argparse.Namespace(output="out/fig.svg"))

    Raises:
        UsageError: naming the output and the name with ``/``: ``out\fig.svg: a name
            holding '\' would be one file of that name, not written into a folder (did
            you mean 'out/fig.svg'? folders are separated by '/' here, not '\')``.
    """
    for name in _OUTPUTS:
        value = getattr(args, name, None)
        advice = did_you_mean_slashes(value) if isinstance(value, str) else None
        if advice is not None:
            raise UsageError(
                f"{value}: a name holding '\\' would be one file of that name, not written "
                f"into a folder ({advice})"
            )


#: The arguments of each command that name a case file, where ``-`` is no file: only
#: ``check`` reads a case from standard input, and ``compare`` one of its two versions.
_CASE_FILES = {
    "render": ("cases",),
    "handout": ("cases", "since"),
    "compare": ("before", "after"),
}


def refuse_standard_input(args: argparse.Namespace) -> None:
    """Refuse ``-`` as a case file of ``render`` and ``handout``, and as both versions of
    ``compare``; and a pipe (``<(generate ...)``, which the shell names ``/dev/fd/63``),
    a socket or a device: these commands name what they write, and label what they
    compare, after the case file, and a name such as ``/dev/fd/63`` changes from run to
    run. ``compare`` takes one version on standard input (``git show HEAD~1:case.yaml |
    compare - case.yaml``) and names it ``--before-name`` or ``--after-name`` says.

    >>> refuse_standard_input(argparse.Namespace(command="compare", before="-", after="b.yaml"))
    >>> refuse_standard_input(argparse.Namespace(command="handout", cases=["-"], since=None))
    Traceback (most recent call last):
      ...
    activity_systems.cli.parser.UsageError: handout reads case files; standard input (-) is ...

    Raises:
        UsageError: naming the command, or the file that is no regular file.
    """
    given: list[str | None] = []
    for name in _CASE_FILES.get(args.command, ()):
        value = getattr(args, name, None)
        given += value if isinstance(value, list) else [value]
    if args.command == "compare" and given.count("-") > 1:
        raise UsageError(
            "compare reads one version at most from standard input (-): save the other to "
            "a file first"
        )
    # handout --since -: the earlier version, as git gives it; the case itself names the
    # handout's files and figures, so it is a file
    read = given if args.command != "handout" else getattr(args, "cases", [])
    if args.command != "compare" and "-" in read:
        raise UsageError(
            f"{args.command} reads case files; standard input (-) is read by check "
            "and compare only, and as the earlier version of handout --since (check -): "
            "save the case to a file first"
        )
    for path in given:
        if path is not None and path != "-" and is_a_stream(path):
            piped = (
                "or pipe it to standard input (git show HEAD~1:case.yaml | compare - case.yaml)"
                if args.command == "compare"
                else "or pipe it to standard input (git show HEAD~1:case.yaml | handout "
                "case.yaml --since -)"
                if path == getattr(args, "since", None)
                else "(... > case.yaml)"
            )
            raise UsageError(
                f"{path}: {NOT_A_REGULAR_FILE}; "
                f"{args.command} reads case files: save the case to a file first {piped}"
            )


def one_system(args: argparse.Namespace) -> None:
    """The one system of ``render --system``: render draws one figure, so a second id is
    refused, saying what draws a pair (``--pair A B``) or the whole case (neither option).
    An id given twice is one system.

    >>> args = argparse.Namespace(command="render", system=["court", "court"])
    >>> one_system(args)
    >>> args.system
    'court'
    >>> one_system(argparse.Namespace(command="render", system=["court", "mhs"]))
    Traceback (most recent call last):
      ...
    activity_systems.cli.parser.UsageError: render draws one figure: a system's triangle ...

    Raises:
        UsageError: for two systems or more.
    """
    if args.command != "render" or args.system is None:
        return
    ids = list(dict.fromkeys(args.system))
    if len(ids) > 1:
        what = (
            "render draws one figure: a system's triangle with --system ID, the Figure 3 of "
            "two systems with --pair A B, the whole case with neither"
        )
        if len(ids) == 2:
            raise UsageError(f"{what}; for {ids[0]} and {ids[1]}, give --pair {' '.join(ids)}")
        raise UsageError(
            f"{what}; --system names {len(ids)} systems ({', '.join(ids)}): run render once "
            "for each, or write a handout of them (handout --system ID, once for each)"
        )
    args.system = ids[0]


#: The arguments of each command that are no options, by their names in the parsed
#: arguments, and what it says when given more: ``{count}`` of them, ``{given}`` listed.
#: ``check``, ``render`` and ``handout`` take any number of case files.
_OPERANDS = {
    "compare": (
        ("before", "after"),
        "compare takes two case files, the earlier version and the later, not {count} "
        "({given}): compare them two at a time",
    ),
    "rules": (
        ("rule",),
        "rules shows one rule, not {count} ({given}): give one ID at a time, or none to "
        "list every rule (with --format markdown, each in full)",
    ),
    "schema": ((), "schema takes no file name ({given}): write the schema to a file with -o FILE"),
    "new": (("file",), "new writes one case file, not {count} ({given}): run it once for each"),
    "import": (
        ("services", "exchanges"),
        "import reads two sheets at most, the services and the exchanges, not {count} "
        "({given}): put the rows of each kind into one sheet",
    ),
}

#: What ``schema --report`` given a file name (a report's, usually) says.
_SCHEMA_REPORT_OPERANDS = (
    "schema --report takes no file name ({given}): it prints the schema and checks no "
    "report; write the schema to a file of its own with -o FILE, such as "
    "report.schema.json, and check a report against it with a JSON Schema validator"
)
#: What ``schema --comparison`` given a file name (a comparison's, usually) says.
_SCHEMA_COMPARISON_OPERANDS = (
    "schema --comparison takes no file name ({given}): it prints the schema and checks no "
    "comparison; write the schema to a file of its own with -o FILE, such as "
    "comparison.schema.json, and check a comparison against it with a JSON Schema validator"
)


def too_many(args: argparse.Namespace, extra: Sequence[str]) -> str | None:
    """What a command given more files or ids than it takes says (``compare a.yaml
    b.yaml c.yaml``, ``rules AS101 AS201``), ``extra`` being those left over when its
    arguments were read; ``None`` when there are none, or when some are not operands but
    options it does not know (``--fial-on``), which argparse's own message names.

    >>> too_many(argparse.Namespace(command="rules", rule="AS101"), ["AS201"])
    'rules shows one rule, not 2 (AS101, AS201): give one ID at a time, or none to list ...'
    >>> too_many(argparse.Namespace(command="new", file="a.yaml"), ["b.yaml", "--fial-on"])
    """
    if not extra or args.command not in _OPERANDS:
        return None
    if any(word.startswith("-") and word != "-" for word in extra):
        return None
    names, message = _OPERANDS[args.command]
    if args.command == "schema" and getattr(args, "report", False):
        # given a report's name, the command reads as checking that report, and
        # "-o FILE" alone would lead to writing the schema over it
        message = _SCHEMA_REPORT_OPERANDS
    if args.command == "schema" and getattr(args, "comparison", False):
        message = _SCHEMA_COMPARISON_OPERANDS  # as for --report
    given = [value for value in (getattr(args, name, None) for name in names) if value is not None]
    given += extra
    listed = (
        ", ".join(given) if len(given) <= 3 else f"{given[0]}, {given[1]} and {len(given) - 2} more"
    )
    said = message.format(count=len(given), given=listed)
    if args.command == "compare":  # compare a.yaml b.yaml high: --fail-on forgotten
        for word in extra:
            option = _COMPARE_OPTION_WORDS.get(word.lower())
            if option is not None and not os.path.lexists(word):
                return f"{said}; did you mean the option {option} {word.lower()}?"
    return said


#: The words of ``compare``'s options that a case file is unlikely to be named, and the
#: option each belongs to, as ``check`` names them (``check court.yaml high``).
_COMPARE_OPTION_WORDS = {
    **dict.fromkeys(FAIL_ON, "--fail-on"),
    **dict.fromkeys(("text", "json", "markdown", "md", "csv"), "--format"),
}


#: A word of another command's option kept as the abbreviation it always was here:
#: ``--for``, ``schema``'s option, is ``--format`` for each command that has one.
_KEPT_ABBREVIATIONS = {"--for": "--format"}

#: What a command given another command's option says after naming whose it is.
_WRITES_OVER = (
    "it writes over an existing file without it, but never over an input or to a case file's name"
)
#: What ``compare`` says of ``check``'s filters, which it does not take by decision: a
#: persisting finding whose severity or level changed would be kept or not by which
#: version's value the filter read; the table has both, to filter there.
_FILTER_THE_TABLE = (
    "a finding whose severity or level changed has both versions' in the rows of --format "
    "csv, to filter there, or check each version with it"
)
_NOT_HERE = {
    ("rules", "--rules"): "give one rule's ID to show it in full (rules AS101), or none to "
    "list every rule",
    ("compare", "--since"): "it takes the earlier version as its first file: compare BEFORE AFTER",
    ("schema", "--format"): "the schema is JSON; --for json gives the schema of JSON case files",
    ("check", "--force"): _WRITES_OVER,
    ("render", "--force"): _WRITES_OVER,
    ("handout", "--force"): _WRITES_OVER,
    ("compare", "--force"): _WRITES_OVER,
    ("compare", "--severity"): _FILTER_THE_TABLE,
    ("compare", "--level"): _FILTER_THE_TABLE,
    ("rules", "--force"): _WRITES_OVER,
}


def foreign_option(argv: Sequence[str], commands: dict[str, argparse.ArgumentParser]) -> str | None:
    """What a command given an option that only other commands take says, before its
    arguments are read; ``None`` when it takes every option given.

    Else argparse would take the option for an abbreviation of one of the command's own,
    a different one: ``rules --rules AS101`` for ``--rules-from AS101`` (which imports
    the rule pack ``AS101``), ``new case.yaml --for`` for ``--force`` (which overwrites
    the case file). An option that abbreviates nothing would be argparse's
    ``unrecognized arguments``, which does not say which command takes it. Other
    abbreviations (``--out``, ``--fail``) keep working, as ``--for`` does for
    ``--format``.

    >>> from activity_systems.cli.parser import _parser, subcommands
    >>> foreign_option(["rules", "--rules", "AS101"], subcommands(_parser()))
    "rules takes no --rules, an option of check, render, handout and compare: give one ..."
    >>> foreign_option(["check", "c.yaml", "--for", "json"], subcommands(_parser()))
    """
    index = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if index is None or argv[index] not in commands:
        return None
    command = argv[index]
    words = list(itertools.takewhile(lambda word: word != "--", argv))
    if any(_asks_for_help(word, commands[command]) for word in words):
        return None  # rules --rules AS101 -h: the help, as argparse always gave it
    own = {name for action in commands[command]._actions for name in action.option_strings}
    owners: dict[str, list[str]] = {}
    for name, parser in commands.items():
        for action in parser._actions:
            for option in action.option_strings:
                owners.setdefault(option, []).append(name)
    values = 0  # how many words ahead are the values of the option before them
    for word in words[index + 1 :]:
        if values:  # render case.yaml -o --since: argparse says -o lacks its value
            values -= 1
            continue
        values = _values_taken(word, commands[command])
        option = word.split("=", 1)[0]
        if option == "--rule" and "--rules" not in own:  # rules --rule AS101
            option = "--rules"
        if not option.startswith("--") or option in own or option not in owners:
            continue
        if _KEPT_ABBREVIATIONS.get(option) in own:
            continue
        whose = owners[option]
        listed = whose[0] if len(whose) == 1 else f"{', '.join(whose[:-1])} and {whose[-1]}"
        hint = _NOT_HERE.get((command, option))
        said = f"{command} takes no {option}, an option of {listed}"
        return f"{said}: {hint}" if hint else said
    return None


#: The operands that name files: a word starting with ``-`` may be meant for them.
_FILE_OPERANDS = frozenset({"CASE", "BEFORE", "AFTER", "FILE", "SERVICES", "EXCHANGES"})
#: The operands that name sheets saved as CSV (import's), not case files.
_SHEET_OPERANDS = frozenset({"SERVICES", "EXCHANGES"})
#: The values of options that name files (``-o FILE``, ``--since EARLIER``) or folders,
#: each with whether it is a folder.
_FILE_VALUES = {"FILE": False, "FILE.csv": False, "EARLIER": False, "DIR": True}
#: What the names of the files that the commands read and write end in.
_FILE_SUFFIXES = tuple(sorted({*OUTPUT_EXTENSIONS, *CASE_FILE_SUFFIXES}))


def dash_named_file(
    argv: Sequence[str], commands: dict[str, argparse.ArgumentParser]
) -> str | None:
    """What a command says of a file whose name starts with ``-`` given where a file goes
    (``check -case.yaml``, met by ``for f in *.yaml``), or as the value of an option that
    takes a file (``render ./-case.yaml -o -case.svg``); ``None`` when there is none.

    argparse reads such a word as an option, and said ``the following arguments are
    required: CASE`` or ``unrecognized arguments`` of a file that is there, and
    ``argument -o/--output: expected one argument`` of an output typed after ``-o``. As
    a decision, the word is told as a file when it is not one of the command's options
    and names a file or folder that exists, or ends in the extension of a file the
    commands read or write (where a file goes, a case file's, or a sheet's ``.csv`` for
    ``import``, which must not start with a short option: ``-oreport.json`` is ``-o
    report.json``). Any other word where an
    option's value goes (``-o --theme print``) is left to argparse, which says that the
    value is missing; ``-o -`` is standard output. The example is the command as given,
    with each such name written ``./-case.yaml``, which a shell passes on as it is and
    which stands wherever the name stood (``--`` would make the options after it file
    names too).

    >>> from activity_systems.cli.parser import _parser, subcommands
    >>> dash_named_file(["check", "-x.yaml", "--fail-on", "high"], subcommands(_parser()))
    "-x.yaml: a name starting with '-' is read as an option; name the file ./-x.yaml ..."
    >>> dash_named_file(["render", "x.yaml", "-o", "-x.svg"], subcommands(_parser()))
    "-x.svg: a name starting with '-' is read as an option, not as the value of -o; ..."
    >>> dash_named_file(["check", "x.yaml", "-o", "-"], subcommands(_parser()))
    """
    index = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if index is None or argv[index] not in commands:
        return None
    command = argv[index]
    parser = commands[command]
    operands = {action.metavar for action in parser._actions if not action.option_strings}
    # whether a file's name goes where no option does: schema takes none, rules a rule's ID
    files = bool(operands & _FILE_OPERANDS)
    # what the name of a file given where a file goes ends in: a case file's, or a sheet's
    operand_suffixes = (".csv",) if operands & _SHEET_OPERANDS else CASE_FILE_SUFFIXES
    words = list(itertools.takewhile(lambda word: word != "--", argv))
    if any(_asks_for_help(word, parser) for word in words):
        return None
    named: dict[int, str | None] = {}  # where each name is, and the option it is a value of
    values = 0
    option: str | None = None  # the option whose first value comes next, if it takes a file
    folder = False  # whether that value is a folder's name
    for at, word in enumerate(words[index + 1 :], start=index + 1):
        if values:
            values -= 1
            if option is not None and _dash_named_value(word, parser, folder=folder):
                named[at] = option
            option = None
            continue
        action = _own_action(word, parser)
        values = _values_taken(word, parser)
        metavar = action.metavar if action is not None else None
        option = word if metavar in _FILE_VALUES else None
        folder = _FILE_VALUES.get(str(metavar), False)
        if word == "-" or not word.startswith("-") or "=" in word or action is not None:
            continue
        if not files or _read_as_value(word, parser):  # '-my case.yaml' is a file to argparse
            continue
        if not os.path.lexists(word) and (
            not word.lower().endswith(operand_suffixes) or _own_action(word[:2], parser) is not None
        ):  # -oreport.json: -o report.json to argparse, unless a file has that name
            continue
        named[at] = None
    if not named:
        return None
    at, option = next(iter(named.items()))
    given = [f"./{word}" if i in named else word for i, word in enumerate(argv)]
    example = " ".join(shell_word(word) for word in [PROG, *given])
    read = (
        "read as an option"
        if option is None
        else f"read as an option, not as the value of {option}"
    )
    return f"{argv[at]}: a name starting with '-' is {read}; name the file ./{argv[at]} ({example})"


def option_after_files_marker(
    argv: Sequence[str], commands: dict[str, argparse.ArgumentParser]
) -> str | None:
    """What a command says of its own options given after ``--``, where every word is a
    file's name (``render -- -case.yaml -o out.svg``); ``None`` when there are none.

    argparse took ``-o`` and ``out.svg`` for case files, and said ``the following
    arguments are required: -o/--output`` of an option that was typed. As a decision, a
    word after ``--`` is told as an option when it names one of the command's (in full,
    shortened as argparse takes it, or with its value after ``=``) and no file or folder
    of that name is there; the words that option takes go with it. The example is the
    command with those options before the ``--``.

    >>> from activity_systems.cli.parser import _parser, subcommands
    >>> commands = subcommands(_parser())
    >>> option_after_files_marker(["render", "--", "-x.yaml", "-o", "x.svg"], commands)
    "-o: each word after -- is read as a file's name; put the options before it ..."
    >>> option_after_files_marker(["check", "--", "-x.yaml"], commands)
    """
    index = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if index is None or argv[index] not in commands or "--" not in argv[index + 1 :]:
        return None
    parser = commands[argv[index]]
    marker = argv.index("--", index + 1)
    if any(_asks_for_help(word, parser) for word in argv[:marker]):
        return None
    moved: list[str] = []
    files: list[str] = []
    values = 0
    folder: bool | None = None  # whether the option's value is a folder's name, if a file's
    for word in argv[marker + 1 :]:
        if values:
            values -= 1
            # -o -case.svg, before the --, would be read as an option in turn
            dashed = folder is not None and _dash_named_value(word, parser, folder=folder)
            moved.append(f"./{word}" if dashed else word)
            continue
        named = word.split("=", 1)[0] if word.startswith("--") else word
        action = _own_action(named, parser)
        if action is None or os.path.lexists(word):
            files.append(word)
            continue
        moved.append(word)
        values = 0 if "=" in word else _values_taken(word, parser)
        folder = _FILE_VALUES.get(str(action.metavar))
    if not moved:
        return None
    example = " ".join(shell_word(word) for word in [PROG, *argv[:marker], *moved, "--", *files])
    return (
        f"{moved[0].split('=', 1)[0]}: each word after -- is read as a file's name; put the "
        f"options before it ({example})"
    )


def _dash_named_value(word: str, parser: argparse.ArgumentParser, *, folder: bool) -> bool:
    """Whether ``word``, given where the value of an option that takes a file (or a
    ``folder``) goes, is the name of one starting with ``-`` (see
    :func:`dash_named_file`): a folder's only when it is there."""
    if word == "-" or not word.startswith("-") or "=" in word or _read_as_value(word, parser):
        return False
    if _own_action(word, parser) is not None:
        return False  # -o --theme print: a value missing, as argparse says
    return os.path.lexists(word) or (not folder and word.lower().endswith(_FILE_SUFFIXES))


def _read_as_value(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether argparse reads ``word``, which starts with ``-``, as a value all the same:
    a negative number (``-o -1``, as no option looks like one), or one holding a space
    (``-o "-my figure.svg"``) unless it starts with a short option (``-o x``), which it
    reads as that option."""
    if _NEGATIVE_NUMBER.match(word):
        return True
    return " " in word and _own_action(word[:2], parser) is None


#: What a shell leaves alone in a word: letters and digits in any script, and the
#: characters shlex.quote leaves unquoted.
_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def shell_word(word: str) -> str:
    """``word`` as it is typed in a shell's command line: quoted when it holds a space, a
    quote, ``&``, ``(`` ..., as it stands else (``事例.yaml`` too, which shlex.quote
    would quote).

    >>> shell_word("./-case.yaml"), shell_word("my case.yaml"), shell_word("事例.yaml")
    ('./-case.yaml', "'my case.yaml'", '事例.yaml')
    >>> shell_word("")
    "''"
    """
    return shlex.quote(word) if not word or _SHELL_SPECIAL.search(word) else word


#: A word argparse reads as a number, not an option, in a command that has no option
#: that looks like one (``--height -5`` is refused as a height, not as an option).
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def misplaced_option(
    argv: Sequence[str], commands: dict[str, argparse.ArgumentParser]
) -> tuple[argparse.ArgumentParser, str] | None:
    """The command's parser and what it says of an option it does not take, when argparse
    would say something else first; ``None`` when there is no such option.

    argparse checks that the files a command needs are there before it looks at the
    options it does not know: ``check --version`` and ``check --bogus`` said ``the
    following arguments are required: CASE``, naming what was not the problem. Here
    ``--version``, the program's own option, is told to go before the command wherever
    it is given after one (``check case.yaml --version`` said ``unrecognized
    arguments``); and, as a decision, an option the command does not know is named as
    argparse names it (``unrecognized arguments: --bogus``) only when fewer files than
    the command needs are given, the case where argparse named the files instead. With
    the files there, argparse's own order of errors stands.

    >>> from activity_systems.cli.parser import _parser, subcommands
    >>> misplaced_option(["check", "--bogus"], subcommands(_parser()))[1]
    'unrecognized arguments: --bogus'
    >>> misplaced_option(["check", "c.yaml", "--bogus"], subcommands(_parser()))
    """
    index = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if index is None or argv[index] not in commands:
        return None
    command = argv[index]
    parser = commands[command]
    words = list(itertools.takewhile(lambda word: word != "--", argv))
    if any(_asks_for_help(word, parser) for word in words):
        return None
    values = 0
    for word in words[index + 1 :]:
        if values:  # -o --version: a value missing, as argparse says it
            values -= 1
            continue
        values = _values_taken(word, parser)
        if _names_version(word, parser):
            return parser, (
                f"{command} takes no --version, an option of {PROG} itself: give it before "
                f"the command ({PROG} --version)"
            )
    positionals = [action for action in parser._actions if not action.option_strings]
    if not {action.metavar for action in positionals} & _FILE_OPERANDS:
        return None  # schema and rules: argparse says it as it always did
    needed = sum(
        action.nargs if isinstance(action.nargs, int) else 1 if action.nargs in (None, "+") else 0
        for action in positionals
    )
    operands = len(argv) - len(words) - 1 if len(words) < len(argv) else 0  # after --
    unknown: list[str] = []
    values = 0
    option: argparse.Action | None = None
    for word in words[index + 1 :]:
        if values:
            values -= 1
            if option is not None and not _accepts(option, word):
                return None  # render --height -5 --bogus: argparse names the height first
            continue
        option = _own_action(word, parser)
        values = _values_taken(word, parser)
        name, equals, value = word.partition("=")
        given = _own_action(name, parser) if equals and word.startswith("--") else None
        if given is not None and not _accepts(given, value):
            return None  # --height=-5 as --height -5
        if word == "-" or not word.startswith("-") or _NEGATIVE_NUMBER.match(word) or " " in word:
            operands += 1
        elif not _known_option(word, parser):
            unknown.append(word)
    if not unknown or operands >= max(1, needed):  # new takes FILE or -o FILE: one at least
        return None
    return parser, f"unrecognized arguments: {' '.join(unknown)}"


def _accepts(action: argparse.Action, text: str) -> bool:
    """Whether argparse takes ``text`` as the value of ``action``: its type converts it,
    to one of its choices when it has them."""
    try:
        value = action.type(text) if callable(action.type) else text
    except (argparse.ArgumentTypeError, TypeError, ValueError):
        return False
    return action.choices is None or value in action.choices


def _names_version(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether ``word`` is ``--version`` or a shortening of it that the program takes
    (``--ver``) and that names none of ``parser``'s own options."""
    return (
        len(word) > 2
        and "--version".startswith(word)
        and (word == "--version" or not _known_option(word, parser))
    )


def _known_option(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether argparse takes ``word`` for one of ``parser``'s options: in full, with its
    value after ``=`` or, for a short one, attached (``-oreport.json``), or shortened,
    ambiguously too (argparse says so itself)."""
    names = [name for action in parser._actions for name in action.option_strings]
    if word.startswith("--"):
        option = word.split("=", 1)[0]
        return any(name.startswith(option) for name in names)
    return word[:2] in names


def _own_action(word: str, parser: argparse.ArgumentParser) -> argparse.Action | None:
    """The option of ``parser`` that ``word`` names, in full or shortened as argparse
    takes it (unique among the long options); ``None`` for any other word."""
    if not word.startswith("-") or "=" in word:
        return None
    actions = {name: action for action in parser._actions for name in action.option_strings}
    if word in actions:
        return actions[word]
    if not word.startswith("--") or not parser.allow_abbrev:
        return None
    found = {id(action): action for name, action in actions.items() if name.startswith(word)}
    return next(iter(found.values())) if len(found) == 1 else None


def _asks_for_help(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether ``word`` is ``-h``, ``--help`` or a shortening of it (``--he``)."""
    return word == "-h" or isinstance(_own_action(word, parser), argparse._HelpAction)


def _values_taken(word: str, parser: argparse.ArgumentParser) -> int:
    """How many of the words after ``word`` argparse takes as its values, when it is an
    option of ``parser`` written apart from them (``-o FILE``, ``--pair A B``); 0 else.

    A word there that starts with ``--`` is never a value to argparse: it is refused as a
    value missing, which says more than naming the command whose option it is would.
    """
    action = _own_action(word, parser)
    if action is None:
        return 0
    if action.nargs is None:
        return 1
    return action.nargs if isinstance(action.nargs, int) else 0


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands of the program's ``parser``, by name, in the order of ``--help``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _positive(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number {what}")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (for ``--timeout``)."""
    return _positive(text, "of seconds")


def _dpi(text: str) -> float:
    """A positive, finite resolution in dots per inch (for ``--dpi``)."""
    return _positive(text, "of dots per inch")


#: Graphviz's widest bitmap, as :data:`activity_systems.render.backend.LARGEST_BITMAP`
#: says it (not imported: the parser is built without loading the renderer).
_LARGEST_BITMAP = 32_767


#: A length with a unit of print, as ``--print-width`` takes it (``88mm``, ``3.5in``).
_PRINTED_LENGTH = re.compile(r"\s*[0-9.,]+\s*(?:mm|cm|in|pt)\s*", re.IGNORECASE)


def _pixels(text: str) -> int:
    """A positive whole number of pixels (for ``--width``)."""
    try:
        pixels = int(text)
    except ValueError:
        pixels = 0
    if pixels < 1:
        printed = ""
        if _PRINTED_LENGTH.fullmatch(text):  # 88mm: the width a figure is printed at
            printed = f"; for the width an SVG or a PDF is printed at, give --print-width {text}"
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a positive whole number of pixels{printed}"
        )
    if pixels > _LARGEST_BITMAP:
        raise argparse.ArgumentTypeError(
            f"{text!r} is wider than Graphviz draws bitmaps (at most {_LARGEST_BITMAP:,} "
            "pixels): draw SVG or PDF for a larger figure"
        )
    return pixels


def _pixels_high(text: str) -> int:
    """A positive whole number of pixels (for ``--height``)."""
    try:
        return _pixels(text)
    except argparse.ArgumentTypeError as error:
        if "wider than" not in str(error):
            raise
        raise argparse.ArgumentTypeError(
            f"{text!r} is taller than Graphviz draws bitmaps (at most {_LARGEST_BITMAP:,} "
            "pixels): draw SVG or PDF for a larger figure"
        ) from None


def _version_name(text: str) -> str:
    """A name of a version of the case (for ``--before-name``, ``--after-name`` and
    ``--since-name``): shown in a heading of the comparison, printed to a terminal and
    written into handouts, it is one line of at most as many characters as a label,
    with no character a case's text may not hold (a control character, a bidirectional
    override), which could show it as other than it is.

    >>> _version_name("HEAD~1")
    'HEAD~1'
    """
    from pydantic_core import PydanticCustomError

    from activity_systems.model.types import check_label

    # Decided: a name is checked as a label first, and then for the line breaks and tabs
    # that a label may hold, so that one with both a line break and a control character
    # is told of the character.
    try:
        name = check_label(text, called="name")
    except PydanticCustomError as error:
        said = str(error) if error.type == "label" else f"a name {error}"  # "a name contains"
        raise argparse.ArgumentTypeError(said) from None
    if any(ch in text for ch in "\t\n\r"):
        raise argparse.ArgumentTypeError("a name is one line: it may not hold a line break or tab")
    return name


def _title(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("a case needs a title; give one with a word in it")
    return text


def _encoding(text: str) -> str:
    """An encoding Python knows (``cp1252``, ``latin-1``, ``utf-8``), as given."""
    try:
        "-".encode(text)  # not codecs.lookup: it knows hex and base64, no text encodings
    except (LookupError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an encoding: give utf-8, or cp1252 for a Windows export"
        ) from None
    return text


def _report_format(text: str) -> str:
    """A format of ``check``, ``compare`` or ``rules`` (for ``--format``), in any case,
    ``md`` being ``markdown`` as it is for ``handout --format``.

    >>> _report_format("MD"), _report_format("Json")
    ('markdown', 'json')
    """
    text = text.lower()
    return "markdown" if text == "md" else text


def _render_format(text: str) -> str:
    """One of the renderer's formats (for ``render --format``); the renderer is imported
    only when the option is given, so that other commands start quickly."""
    from activity_systems.render import FORMATS

    if text.lower() not in FORMATS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(FORMATS)})"
        )
    return text.lower()


def _background(text: str) -> str:
    """What a figure is drawn on (for ``render --background``): white, transparent or a
    colour written as ``#rrggbb``; the renderer is imported only when the option is
    given."""
    from activity_systems.render.theme import THEMES, on_background

    try:
        on_background(THEMES["default"], text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _add_report_format(command: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    """``--format`` of a command that writes a report (``check``, ``compare``, ``rules``):
    text by default, in any case, ``md`` for ``markdown``. ``choices`` keeps each
    command's own order (its usage and errors list them so); the help names the others
    than text in one order for every command.

    >>> parser = argparse.ArgumentParser()
    >>> _add_report_format(parser, ("text", "json", "markdown"))
    >>> parser.parse_args(["--format", "MD"]).format
    'markdown'
    """
    others = [
        "markdown (or md)" if name == "markdown" else name
        for name in ("markdown", "json", "csv", "latex")
        if name in choices
    ]
    command.add_argument(
        "--format",
        type=_report_format,
        choices=choices,
        default="text",
        help="text for a terminal (the default), "
        + (", ".join(others[:-1]) + " or " + others[-1] if len(others) > 1 else others[0]),
    )


def _add_timeout(command: argparse.ArgumentParser, *, templates: bool = False) -> None:
    command.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help=(
            "stop drawing a figure that takes longer than this, its layout in Python"
            " (the routing of its lines) included; without it, only Graphviz's program is"
            " stopped, after 30 s"
            + (
                "; the templates of --templates have as long again to write the text"
                " (without it, no limit)"
                if templates
                else ""
            )
        ),
    )


def _add_report_output(
    command: argparse.ArgumentParser, what: str, *, folder: str = "", table: str = "check "
) -> None:
    command.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=(
            f"write the {what} to FILE instead of standard output (- is standard output), "
            "whole or (when the run "
            "fails) not at all; never over a case file, so not to a .yaml or .yml name; "
            "to a .json one only with --format json, and to a .csv one only with "
            f"{table}--format csv{folder}. Warnings and errors "
            "still go to standard error; nothing else is printed"
        ),
    )


def _add_theme(command: argparse.ArgumentParser, looks: str) -> None:
    """``--theme`` of a command that draws figures (``render``, ``handout``): one of
    :data:`THEMES`, in any case, ``default`` unless given; ``looks`` is its help, what each
    theme looks like in that command's output."""
    command.add_argument("--theme", type=str.lower, choices=THEMES, default="default", help=looks)


def _add_progress(command: argparse.ArgumentParser, counted: str = "the case files done") -> None:
    """``--no-progress``; ``counted`` is what the command's counter counts."""
    command.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help=f"show no counter of {counted} on the terminal (a screen reader reads it "
        "each time it changes); ACTIVITY_SYSTEMS_NO_PROGRESS=1 does the same",
    )


def _add_fail_on(command: argparse.ArgumentParser, default: str, help: str) -> None:
    """``--fail-on`` of a command whose exit status may tell findings (``check``, and
    ``compare`` for the new findings): one of :data:`FAIL_ON`, in any case. As a
    decision, ``compare``'s default is ``never``, where ``check``'s is ``low``:
    ``compare`` exited 0 whatever it found before it took the option, and a script
    that runs it keeps that status."""
    command.add_argument("--fail-on", type=str.lower, choices=FAIL_ON, default=default, help=help)


def _add_without_people(command: argparse.ArgumentParser, what: str) -> None:
    """``--without-people`` of a command whose output may be shared outside the
    organisation: the case is read as :meth:`~activity_systems.Case.without_people`
    gives it. ``what`` is the command's output, as its help names it."""
    command.add_argument(
        "--without-people",
        action="store_true",
        help=f"leave out of {what} what the case keeps about people: each action's owner "
        "and note, each declared contradiction's note and who decided to leave a rule out "
        "(for sharing outside your organisation). A name written in a label, a "
        "description or another text of the case stays: each owner or decider's name "
        "found there is warned about",
    )


def _add_rules(command: argparse.ArgumentParser, after: str = "") -> None:
    command.add_argument(
        "--rules",
        action="append",
        metavar="IDS",
        help="only these rules, built-in or from --rules-from, e.g. AS101,AS201 (or --rules "
        f"AS101 --rules AS201){after}",
    )


def _add_rules_from(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--rules-from",
        action="append",
        metavar="FILE",
        help=(
            f"{what} the rules of your own that this Python file registers with "
            "@activity_systems.rule, or those of the installed rule pack of this name; "
            "repeat it for each file or pack"
        ),
    )


class _Parser(argparse.ArgumentParser):
    """argparse's parser, writing its help, usage and errors as the command writes any
    text (:func:`~activity_systems.batch.write_text`): argparse's own ``write`` raised
    UnicodeEncodeError for the description's "Engeström" in an ASCII console, and showed
    a file name given in the C locale as ``\\udcc5``."""

    def _print_message(self, message: str, file: Any = None) -> None:  # any writable
        if not message:
            return
        stream = file or sys.stderr
        if stream is None:  # started with the stream closed
            return
        with contextlib.suppress(AttributeError, OSError, ValueError):  # as argparse: lost
            write_text(stream, message)


def _parser() -> argparse.ArgumentParser:
    from activity_systems import __version__

    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error",
    )
    parser = _Parser(
        prog=PROG,
        description="Engeström activity systems: find contradictions, draw the triangles, "
        "write workshop handouts.",
        parents=[debug],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=[debug])

    check = command("check", "Report the contradictions of one or more cases.")
    check.add_argument(
        "cases",
        nargs="+",
        metavar="CASE",
        help="case files (.yaml, .yml or .json) or folders of them, or - for standard input; "
        "with several, -o names a folder that takes a report for each case file",
    )
    _add_report_format(check, CHECK_FORMATS)
    _add_report_output(
        check,
        "report",
        folder="; an existing folder (reports/) takes a report for each case file, named after it",
    )
    _add_fail_on(check, "low", "exit 1 when a finding is at least this severe (default: low)")
    check.add_argument(
        "--table",
        type=str.lower,
        choices=LATEX_TABLES,
        help="with --format latex: tabularx (the default) to put into a table float,"
        " longtable, which breaks across the pages of a one-column document, or column,"
        " two columns (number; rule, level, severity and finding) to fit a table in one"
        " column of a two-column page",
    )
    # What a long report keeps, as report.at_or_above, by_level and involving do in Python:
    # the kept findings are the report, counted and numbered among themselves, and the
    # only ones --fail-on looks at.
    check.add_argument(
        "--severity",
        type=str.lower,
        choices=SEVERITY_CHOICES,
        help="report only the findings at least this severe",
    )
    check.add_argument(
        "--level",
        type=str.lower,
        choices=LEVEL_CHOICES,
        action="append",
        help="report only the findings of this level (none: those without one); repeat it "
        "for several levels",
    )
    check.add_argument(
        "--system",
        action="append",
        metavar="ID",
        help="report only the findings that involve this system; given again, those that "
        "involve every system named (what lies between two)",
    )
    _add_rules(check)
    _add_rules_from(check, "run, beside the built-in rules (or as --rules names them),")
    _add_without_people(check, "the report")
    check.add_argument(
        "--summary",
        metavar="FILE.csv",
        help="also write a CSV table with a row for each case file: its name, whether it "
        "loaded (valid), its findings by severity and by level, and its error, so that "
        "the files that did not load are in it too; - is standard output, with -o FOLDER",
    )

    _add_progress(check)

    render = command("render", "Draw the figures of one or more cases.")
    render.add_argument("cases", nargs="+", metavar="CASE", help="case files or folders")
    render.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="a file, a folder for many, or - for standard output (SVG unless --format)",
    )
    which = render.add_mutually_exclusive_group()
    which.add_argument(
        "--system",
        action="append",  # a second one is refused by one_system(), which says what to give
        metavar="ID",
        help="one system (Figures 1 and 2)",
    )
    which.add_argument("--pair", nargs=2, metavar=("A", "B"), help="two systems (Figure 3)")
    _add_theme(
        render, "default (colour) or print (black, with dashed contradictions, for photocopies)"
    )
    render.add_argument(
        "--no-contradictions", action="store_true", help="draw no contradiction bolts"
    )
    _add_rules(render, ": the figure draws their contradictions alone")
    _add_rules_from(render, "draw, beside the built-in rules' contradictions, those of")
    render.add_argument(
        "--overview",
        type=str.lower,
        choices=OVERVIEWS,
        default="auto",
        help="draw the overview with its contradictions one by one (detailed) or counted "
        "per pair of systems (summary); default: summary past 60 contradictions",
    )
    render.add_argument(
        "--format",
        type=_render_format,
        metavar="FORMAT",
        help="dot, svg, png or pdf; default: from the file name, or svg into a folder",
    )
    render.add_argument(
        "--background",
        type=_background,
        default="white",
        metavar="COLOUR",
        help="white (the default), transparent, or a colour such as #dbe9f6: what the "
        "figure is drawn on",
    )
    pixels = render.add_mutually_exclusive_group()
    pixels.add_argument(
        "--dpi",
        type=_dpi,
        metavar="N",
        help="the resolution of a PNG in dots per inch (default: 96); PNG only",
    )
    pixels.add_argument(
        "--width",
        type=_pixels,
        metavar="PIXELS",
        help="draw a PNG this many pixels wide, a slide's or a screen's (e.g. 1920), "
        "instead of giving --dpi; PNG only",
    )
    render.add_argument(
        "--height",
        type=_pixels_high,
        metavar="PIXELS",
        help="draw a PNG this many pixels high; with --width, as large as fits in that "
        "box, keeping the figure's shape (--width 1920 --height 1080 for a 16:9 slide); "
        "instead of giving --dpi; PNG only",
    )
    render.add_argument(
        "--print-width",
        metavar="LENGTH",
        help="draw an SVG or a PDF the width it is printed at, with its unit: 88mm for a "
        "journal's column, 180mm across its page, 3.5in; warns when its text prints "
        "under 7 points so",
    )
    render.add_argument(
        "--no-caption",
        action="store_true",
        help="leave out the caption above the figure (its title, key and notes), for a "
        "slide that has its own title",
    )
    render.add_argument(
        "--templates",
        metavar="DIR",
        help="a handout's template folder: the figure's fixed words (the nodes' names, "
        "the key) from its _words.j2, as in its handout; English without one",
    )
    _add_timeout(render)
    _add_without_people(render, "the figures' captions")

    _add_progress(render)

    handout = command("handout", "Write the workshop handout of one or more cases.")
    handout.add_argument("cases", nargs="+", metavar="CASE", help="case files or folders")
    handout.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="a .html or .md file, a folder, or - for an HTML handout on standard output",
    )
    handout.add_argument(
        "--system",
        action="append",
        dest="systems",
        metavar="ID",
        help="cover only this system; repeat it for each system of the part of the map "
        "the workshop works on (default: all). What lies between a chosen system and one "
        "left out, with its contradictions, is not shown; the cover counts it",
    )
    handout.add_argument("--templates", metavar="DIR", help="templates that override ours")
    _add_rules(handout, ": the handout shows their findings alone")
    _add_rules_from(handout, "show, beside the built-in rules' findings, those of")
    _add_theme(
        handout,
        "the figures in colour (default), or black with dashed contradictions and "
        "darker table lines, for photocopies (print)",
    )
    handout.add_argument(
        "--format",
        type=str.lower,
        choices=("html", "md", "markdown"),
        help="output format (md and markdown are one); default: from the file name, or html "
        "into a folder",
    )
    handout.add_argument(
        "--figures",
        type=str.lower,
        choices=("svg", "png"),
        help="the format of a Markdown handout's figure files (default: svg); png is for "
        "wikis and word processors that show no SVG",
    )
    handout.add_argument(
        "--paper",
        type=str.lower,
        choices=("a4", "letter"),
        default="a4",
        help="the paper an HTML handout's printed pages are set to: a4 (the default) or "
        "letter (US Letter), the wide figures' pages on their side",
    )
    handout.add_argument(
        "--since",
        metavar="EARLIER",
        help="an earlier version of the case: add a 'Progress since' section; - reads it "
        "from standard input (git show HEAD~1:case.yaml | handout case.yaml --since -)",
    )
    handout.add_argument(
        "--since-name",
        metavar="NAME",
        type=_version_name,
        help="what to call the earlier version in the 'Progress since' section (default: "
        "its title, or, when it has the case's title, its file name; 'the version on "
        "standard input' for --since -), e.g. HEAD~1 or the workshop's date",
    )
    _add_timeout(handout, templates=True)
    _add_without_people(handout, "the handout (and its earlier version, --since)")

    _add_progress(handout, "the case files done, nor of each handout's figures,")

    compare = command("compare", "Compare two versions of a case: resolved, persisting, new.")
    compare.add_argument(
        "before",
        metavar="BEFORE",
        help="the earlier case file, or - for standard input (git show HEAD~1:case.yaml | "
        "compare - case.yaml)",
    )
    compare.add_argument(
        "after", metavar="AFTER", help="the later case file, or - for standard input"
    )
    for side, version in (("before", "earlier"), ("after", "later")):
        compare.add_argument(
            f"--{side}-name",
            metavar="NAME",
            type=_version_name,
            help=f"what to call the {version} version in the comparison (default: its title, "
            "or, when both versions have the same title, its file name; 'the version on "
            "standard input' for -), e.g. HEAD~1 or the workshop's date",
        )
    _add_report_format(compare, ("text", "json", "markdown", "csv"))
    _add_report_output(compare, "comparison", table="")
    _add_fail_on(
        compare,
        "never",
        "exit 1 when the later version has a new finding at least this severe, one that "
        "the earlier version did not have (default: never, exit 0 whatever is found)",
    )
    _add_rules(compare, "; actions on other rules' findings are not checked")
    _add_rules_from(
        compare, "run on both versions, beside the built-in rules (or as --rules names them),"
    )
    _add_without_people(compare, "the comparison, for both versions,")

    schema = command(
        "schema",
        "Print the JSON Schema of case files, or with --report of check's JSON, or with "
        "--comparison of compare's JSON.",
    )
    schema.add_argument(
        "-o", "--output", metavar="FILE", help="write it to a file (- is standard output)"
    )
    schema.add_argument("--force", action="store_true", help="overwrite an existing file")
    which = schema.add_mutually_exclusive_group()
    which.add_argument(
        "--report",
        action="store_true",
        help="the schema of the report's JSON (check --format json, version 1), not of case files",
    )
    which.add_argument(
        "--comparison",
        action="store_true",
        help="the schema of the comparison's JSON (compare --format json, version 1), not "
        "of case files",
    )
    which.add_argument(
        "--for",
        dest="case_format",
        metavar="FORMAT",
        type=str.lower,
        choices=("yaml", "json"),
        default="yaml",
        help="the case files it checks: yaml (the default), where a plain number or "
        "true/false is text, or json, where it is refused",
    )

    rules = command("rules", "List the contradiction rules with their documentation.")
    rules.add_argument("rule", nargs="?", metavar="ID", help="one rule, in full")
    _add_report_format(rules, ("text", "markdown", "json"))
    _add_report_output(rules, "catalogue")
    _add_rules_from(rules, "list, beside the built-in rules,")

    new = command("new", "Write a starter case file with guiding questions, or the docs' examples.")
    where = new.add_mutually_exclusive_group(required=True)
    where.add_argument("file", nargs="?", metavar="FILE", help="the case file to create (.yaml)")
    where.add_argument(
        "-o", "--output", metavar="FILE", help="the same, written as render and handout take it"
    )
    where.add_argument(
        "--examples",
        action="store_true",
        help="instead, write the examples the docs' commands use into a folder examples/ here",
    )
    new.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing file (with --examples, the examples' files in examples/)",
    )

    sheets = command(
        "import",
        "Write a case file of a spreadsheet's services and exchanges, each sheet saved as CSV.",
    )
    sheets.add_argument(
        "services", metavar="SERVICES", help="the sheet of services, a row for each (.csv)"
    )
    sheets.add_argument(
        "exchanges",
        nargs="?",
        metavar="EXCHANGES",
        help="the sheet of what passes between them, a row for each exchange (.csv)",
    )
    sheets.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the case file to write (.yaml, .yml or .json), or - for YAML on standard output",
    )
    sheets.add_argument(
        "--title",
        type=_title,
        help="the case's title (default: the services sheet's file name, without .csv)",
    )
    sheets.add_argument(
        "--encoding",
        type=_encoding,
        default="utf-8",
        help="the sheets' encoding: utf-8 (the default; Excel's 'CSV UTF-8'), or cp1252 for "
        "Excel's plain 'CSV' on a Western Windows; a sheet that starts with a byte-order "
        "mark is read as the mark says, and one that is UTF-8 without it as UTF-8",
    )
    sheets.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing file (never a sheet, even with it)",
    )
    return parser
