"""The commands that print a report: ``check`` (the contradictions of a case) and
``compare`` (two versions of a case), which can write it to a file instead (``-o``), and
``rules`` (the rules' documentation)."""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from string import ascii_letters
from typing import TYPE_CHECKING, Any, Protocol

from activity_systems.batch import to_stderr
from activity_systems.cli.console import (
    STANDARD_OUTPUT,
    error_line,
    error_lines,
    nobody_reads,
    one_line,
    output_width,
    refuse_output_into,
    refuse_overwriting_standard_input,
    rule_traceback,
    write_out,
)
from activity_systems.cli.parser import (
    CHECK_FORMATS,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FAIL_ON,
    LATEX_TABLES,
    PROG,
    UsageError,
    shell_word,
)
from activity_systems.cli.rule_files import rule_files, rules_from
from activity_systems.errors import (
    CaseFileError,
    OutputError,
    UnknownIdError,
    dotted_place,
    on_one_line,
    visible,
)
from activity_systems.io.loading import NOT_A_REGULAR_FILE, STANDARD_INPUT_PATH, is_a_stream

if TYPE_CHECKING:
    from activity_systems.cli.summary import SummaryRow
    from activity_systems.io.atomic import InputFiles
    from activity_systems.io.yaml_source import Source
    from activity_systems.model import Case
    from activity_systems.rules.finding import Report
    from activity_systems.rules.registry import RuleSpec


class PeopleKeptWarning(UserWarning):
    """A name that ``--without-people`` leaves out of an owner or a ``by`` is written in
    another text of the case too, which stays in the output."""


#: How many of the places that keep a name a warning lists before it counts the others.
PLACES_LISTED = 3


def heading_names(sources: Sequence[Path]) -> list[str]:
    """What the heading of each case file's report on standard output calls it (``==>
    cases/site-01.yaml <==``): its name as given, unless that is a whole path or climbs
    out of the current folder (``/home/kim/cases/site-01.yaml``, ``../kim/site-01.yaml``,
    ``~/…`` as the shell writes it out). Such a name would put the user's folders and
    name into a report redirected to a file and shared, so, as a decision, it is named
    by as few of its last parts as tell it apart from the other case files of the run
    (``site-01.yaml``; ``2026/site-01.yaml`` beside ``2027/site-01.yaml``), as
    ``compare`` names two versions of one title. The same file given twice has one name.

    >>> from pathlib import PurePosixPath as P
    >>> heading_names([P("cases/a.yaml"), P("/home/kim/2026/a.yaml"), P("/home/kim/b.yaml")])
    ['cases/a.yaml', '2026/a.yaml', 'b.yaml']
    """
    full = [Path(os.path.abspath(source)).parts for source in sources]
    tails: dict[int, Counter[tuple[str, ...]]] = {}

    def shared_by_another(parts: tuple[str, ...], count: int) -> bool:
        if count not in tails:
            tails[count] = Counter(other[-count:] for other in set(full))
        return tails[count][parts[-count:]] > 1

    names: list[str] = []
    for source, parts in zip(sources, full, strict=True):
        given = Path(source)
        # a root or a drive: \Users\kim\… on Windows is not absolute, but names the user
        if not given.anchor and ".." not in given.parts:
            names.append(str(source))
            continue
        count = 1
        while count < len(parts) and shared_by_another(parts, count):
            count += 1
        names.append(str(Path(*parts[-count:])))
    return names


def as_shared(
    case: Case,
    args: argparse.Namespace | None,
    path: object = None,
    other: tuple[Case, object] | None = None,
) -> Case:
    """``case`` as the command's output shows it: without what it keeps about people
    (:meth:`~activity_systems.Case.without_people`) given ``--without-people``. The
    findings, their keys and the action plan's rows are the same either way.

    Each name left out that the case writes elsewhere too
    (:meth:`~activity_systems.Case.people_kept`) is a :class:`PeopleKeptWarning`, led
    by ``path`` (the case file as given): the person sharing the output learns it as
    the output is made, not from its reader. As a decision, the warning names the
    places by the case's fields (``systems[0].community[1].label``), not by line, since
    a case read with :func:`~activity_systems.load` keeps no positions. ``other``, the
    other version of a comparison with its path, has the names it leaves out looked for
    in ``case`` too, since one output shows both."""
    if not getattr(args, "without_people", False):
        return case
    for person in case.people_kept(None if other is None else other[0]):
        places = [dotted_place(loc) for loc in person.kept]
        listed = ", ".join(places[:PLACES_LISTED])
        if len(places) > PLACES_LISTED:
            listed += f" and {len(places) - PLACES_LISTED} more"
        lead = "" if path is None else f"{as_errors_name(str(path))}: "
        of_other = "" if other is None else f" of {as_errors_name(str(other[1]))}"
        warnings.warn(
            PeopleKeptWarning(
                f"{lead}--without-people leaves out {dotted_place(person.left_out)}"
                f"{of_other if person.of_other else ''}, but "
                f"{person.name!r} is also written in {listed}, which it keeps: edit the "
                "name out of the case before sharing the output"
            ),
            stacklevel=2,
        )
    return case.without_people()


def _report(
    path: str,
    rules: Sequence[RuleSpec | str] | None = None,
    args: argparse.Namespace | None = None,
) -> Report:
    """The report on the case file at ``path`` with ``rules`` (default: the built-in
    rules), as :func:`~activity_systems.check` gives it: an action that probably names a
    finding wrongly is a warning that says where the action is written. Given ``check``'s
    ``args``, only the findings its ``--severity``, ``--level`` and ``--system`` keep."""
    from activity_systems.io.loading import load_with_source
    from activity_systems.rules.engine import run_rules, warn_misnamed

    if path == "-":  # the case comes on standard input (generate ... | check -)
        case, source = _standard_input_with_source()
    else:
        case, source = load_with_source(path)
    case = as_shared(case, args, path)
    report = run_rules(case, rules, source=source)
    warn_misnamed(case, report, source)
    return report if args is None else _kept(report, case, args)


#: What ``compare`` calls a version read from standard input, when the two versions have
#: the same title and ``--before-name`` or ``--after-name`` does not name it: the file
#: name it stands for is not known, and ``-`` or ``<stdin>`` would say nothing to a
#: reader of the comparison.
ON_STANDARD_INPUT = "the version on standard input"


def as_errors_name(path: str) -> str:
    """``path`` as the errors of the case it names name it: ``<stdin>`` for ``-``."""
    return STANDARD_INPUT_PATH if path == "-" else path


def _standard_input_with_source() -> tuple[Case, Source]:
    """The case on standard input (``generate ... | check -``), named ``<stdin>`` in its
    errors, with its parsed text.

    Raises:
        CaseFileError: for a case that does not load, or standard input closed.
    """
    from activity_systems.io.loading import load_stream

    if sys.stdin is None:  # started with standard input closed
        raise CaseFileError("standard input is closed", path=STANDARD_INPUT_PATH)
    return load_stream(sys.stdin.buffer)


def standard_input() -> Case:
    """The case on standard input (``git show HEAD~1:case.yaml | compare - case.yaml``).
    A version of the case comes from a pipe: with nothing piped, standard input is the
    terminal, and the command would wait for a case typed in, saying nothing.

    Raises:
        CaseFileError: as for ``check -``, and for standard input left to the terminal.
    """
    from activity_systems.cli.console import is_terminal

    if is_terminal(sys.stdin):
        raise CaseFileError(
            "standard input is a terminal, and - reads a version of the case piped to it, "
            "as 'git show HEAD~1:case.yaml |' gives it",
            path=STANDARD_INPUT_PATH,
        )
    return _standard_input_with_source()[0]


def _kept(report: Report, case: Case, args: argparse.Namespace) -> Report:
    """The report of the findings that ``--severity``, ``--level`` and ``--system`` keep
    (:meth:`Report.only <activity_systems.Report.only>`), in report order: counted and
    numbered among themselves, as a report of fewer rules (``--rules``) is.

    Raises:
        UnknownIdError: for a ``--system`` that is not one of the case's systems, naming
            the closest id.
    """
    return report.only(
        severity=getattr(args, "severity", None),
        level=getattr(args, "level", None) or None,
        systems=getattr(args, "system", None) or (),
        case=case,
    )


def chosen_rules(
    rules: Sequence[str] | None,
    own: Sequence[RuleSpec],
    given: Sequence[str] | None = None,
) -> list[RuleSpec | str] | None:
    """The rules a command runs: the ids of ``--rules``, else the built-in rules and
    ``own``, those of ``--rules-from`` (``None``: the built-in rules alone); ``given``
    is what ``--rules-from`` was given, for the error about an id no rule has."""
    ids = _rule_ids(rules, own, given)
    if ids is not None:
        return list(ids)
    if not own:
        return None
    from activity_systems.rules.engine import BUILTIN_RULES

    return [*BUILTIN_RULES, *own]


#: What a rule's id looks like, in any case (as1O1 as well): letters, then digits.
_ID_SHAPED = re.compile(r"[A-Za-z]+[0-9A-Za-z]*[0-9]")


def _rule_ids(
    rules: Sequence[str] | None,
    own: Sequence[RuleSpec] = (),
    given: Sequence[str] | None = None,
) -> list[str] | None:
    """The rule ids of ``--rules``, each given once or several times, comma-separated
    (``None``: the built-in rules)."""
    if rules is None:
        return None
    for text in rules:
        words = text.replace(",", " ").split()
        parts = [part for part in text.split(",") if part.strip()]
        if len(words) > len(parts) and all(_ID_SHAPED.fullmatch(word) for word in words):
            # --rules "AS101 AS102": not one id with a slip in it, as a near id would say
            raise UsageError(
                f"--rules {text!r} names several rules apart by spaces: separate them with "
                f"commas, --rules {','.join(words)}"
            )
    chosen = [part.strip() for text in rules for part in text.split(",") if part.strip()]
    for part in chosen:
        if part.lower().endswith(".py"):  # --rules-from meant
            raise UsageError(
                f"--rules {part}: names a Python file: give it with --rules-from "
                f"{shell_word(part)}; "
                "--rules takes the ids of rules, such as AS101"
            )
    if not chosen:
        raise UsageError("--rules names no rule; give ids such as AS101,AS201")
    for rule_id in chosen:
        _known_here(rule_id, own, given)
    return chosen


def _known_here(
    rule_id: str, own: Sequence[RuleSpec] = (), given: Sequence[str] | None = None
) -> None:
    """Refuse an id that no rule has, saying, for one that is not written like a built-in
    rule's (``ORG101``, ``RES201``), that a rule of one's own is registered here by its
    file, given with ``--rules-from``: the command imports no other code of the user's.
    When ``--rules-from`` was given (``own`` its rules, ``given`` its arguments), the
    error names the rules it registered instead: a pack's module that its package does
    not import registers nothing, and telling the user to give the pack they gave would
    mislead; the installed packs not given are still named.

    Raises:
        RuleError: for an id that no rule has.
    """
    from activity_systems.errors import RuleError
    from activity_systems.rules.engine import BUILTIN_RULES
    from activity_systems.rules.registry import get_rule, name_meant

    try:
        get_rule(rule_id)
    except RuleError as error:
        letters = {_letters(spec.id) for spec in BUILTIN_RULES}
        if _letters(rule_id.upper()) in letters:  # a built-in's id, mistyped
            raise
        if name_meant(rule_id):
            raise  # a rule's name: the error gives its id, which is all there is to say
        from activity_systems.cli.rule_files import packs_hint

        first, last = BUILTIN_RULES[0].id, BUILTIN_RULES[-1].id
        if own:
            raise RuleError(
                f"{error}; --rules-from registers {_listed([spec.id for spec in own])} "
                f"beside the built-in rules, {first} to {last}: a rule runs when its "
                "module is imported by the file given, or by the module a rule pack "
                "names (its package's __init__.py), and is decorated with "
                f"@activity_systems.rule{packs_hint(given or (), other=True)}"
            ) from None
        raise RuleError(
            f"{error}; the command line runs the built-in rules, {first} to {last}, and "
            "the rules of your own that a Python file given with --rules-from FILE "
            "registers (@activity_systems.rule), or an installed rule pack given with "
            f"--rules-from NAME{packs_hint()}"
        ) from None


def _listed(ids: Sequence[str], most: int = 10) -> str:
    """Rule ids joined with commas, the first ``most`` of them and how many more."""
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])} and {len(ids) - most} more"


def rule_running(stop: KeyboardInterrupt) -> str | None:
    """Which rule of the user's the Ctrl-C (or SIGTERM) ``stop`` interrupted, and where:
    ``rule RES101 was running, at team_rules.py:15, in my_rule``, so that a slow rule is
    found by stopping it; ``None`` when no rule of the user's was running. The engine is
    not imported for it: when it was not, no rule ran."""
    engine = sys.modules.get("activity_systems.rules.engine")
    return None if engine is None else engine.rule_running(stop)


def running_on(stop: KeyboardInterrupt, source: object, several: bool) -> None:
    """Name, for a command given ``several`` case files, the one (``source``) that the
    rule of the user's that a Ctrl-C (or a SIGTERM) stopped was checking, which
    :func:`rule_running` then says. The engine is not imported for it either."""
    engine = sys.modules.get("activity_systems.rules.engine")
    if several and engine is not None:
        engine.running_on(stop, str(source))


def _letters(rule_id: str) -> str:
    """The letters an id starts with: ``AS`` of ``AS101``, ``ORG`` of ``ORG101``."""
    return rule_id[: len(rule_id) - len(rule_id.lstrip(ascii_letters))]


class _Printable(Protocol):
    def to_json(self) -> str: ...
    def to_markdown(self) -> str: ...
    def to_text(self, *, width: int = ...) -> str: ...


def _formatted(item: _Printable, fmt: str, table: str | None = None, *, printed: bool) -> str:
    """A report or a comparison as ``--format`` asks: json, markdown, csv (a report's
    findings), latex (as the LaTeX ``table`` of ``--table``) or text, wrapped to the
    terminal's width or ``COLUMNS`` when ``printed`` on standard output (see
    :func:`~activity_systems.cli.console.output_width`), and at 88 columns in a file
    named with ``-o``, which is the same whoever writes it on whatever terminal. A
    comparison's text, printed or written, lists the first
    :data:`~activity_systems.follow_up.text.PERSISTING_SHOWN` persisting findings and
    counts the rest (the other formats list them all)."""
    if fmt == "json":
        return item.to_json()
    if fmt == "markdown":
        return item.to_markdown()
    if fmt == "csv":  # check's (a report's findings) and compare's (a comparison's)
        from activity_systems.follow_up.comparison import Comparison
        from activity_systems.rules.finding import Report

        assert isinstance(item, Report | Comparison)
        return item.to_csv()
    if fmt == "latex":  # check's alone, as csv
        from activity_systems.rules.finding import Report

        assert isinstance(item, Report)
        return item.to_latex(table=table or "tabularx")
    from activity_systems.follow_up.comparison import Comparison

    if isinstance(item, Comparison):  # compare's text counts the persisting past the first
        from activity_systems.follow_up.text import PERSISTING_SHOWN

        if printed:
            return item.to_text(width=output_width(), persisting=PERSISTING_SHOWN)
        return item.to_text(persisting=PERSISTING_SHOWN)
    return item.to_text(width=output_width()) if printed else item.to_text()


def cmd_check(args: argparse.Namespace) -> int:
    """Print the report, or write it to ``-o FILE``; exit 1 when a finding is at or
    above ``--fail-on``. Several case files, or a folder, are checked one by one (see
    :func:`_check_each`)."""
    if len(args.cases) > 1 and "-" in args.cases:
        raise UsageError(
            "standard input (-) is checked alone (... | check -); give the other case "
            "files to another check"
        )
    if args.table is not None and args.format != "latex":
        # a table asked for and a report of another format written would be a surprise
        raise UsageError(
            f"--table {args.table} chooses the LaTeX table; add --format latex (a"
            f" {args.format} report has no table to choose)"
        )
    for name in args.cases:
        _refuse_an_option_s_word(name)
        if name != "-" and is_a_stream(name):  # check <(generate ...)
            raise UsageError(
                f"{name}: {NOT_A_REGULAR_FILE}; for a case "
                f"piped in, give - to read standard input (... | {PROG} check -)"
            )
    if len(args.cases) > 1 or Path(args.cases[0]).is_dir() or args.summary is not None:
        if args.summary is not None and args.cases == ["-"]:
            raise UsageError("--summary is of case files: standard input (-) has no file")
        return _check_each(args)
    if args.cases != ["-"] and args.output not in (None, STANDARD_OUTPUT):
        from activity_systems.io.atomic import names_folder

        if names_folder(args.output):  # -o reports/: named after the case file, as render's
            return _check_each(args)
    args.case = args.cases[0]
    return _check_one(args)


#: The words of ``check``'s options that a case file is unlikely to be named, and the
#: option each belongs to: ``check court.yaml high`` forgot ``--fail-on``.
_OPTION_WORDS = {
    **dict.fromkeys(FAIL_ON, "--fail-on"),
    **dict.fromkeys((*CHECK_FORMATS, "md"), "--format"),
    # a table is chosen only for a LaTeX report: --table alone is refused
    **dict.fromkeys(LATEX_TABLES, "--format latex --table"),
}


def _refuse_an_option_s_word(name: str) -> None:
    """Refuse, before any case is checked, a case file that is not there and is named
    as a word of an option (``check court.yaml high``), saying the option it probably
    lacks: else the other cases would be reported first and this one fail as a file
    that is not there. A file of that name that is there is a case file like any other.

    Raises:
        UsageError: for such a name.
    """
    option = _OPTION_WORDS.get(name.lower())
    if option is not None and not os.path.lexists(name):
        raise UsageError(
            f"{name}: no such case file; did you mean the option {option} {name.lower()}?"
        )


def _check_one(args: argparse.Namespace) -> int:
    """``check CASE``: the report of one case file, or of standard input, once
    :func:`cmd_check` has refused a pipe given as a file."""
    cases = [] if args.case == "-" else [args.case]  # standard input is looked at apart
    inputs = [*cases, *rule_files(args.rules_from)]  # the files of --rules-from are inputs too
    target = _output(args, inputs, "report", standard_input=not cases)
    if target is None:
        refuse_output_into(inputs, standard_input=not cases)
    from activity_systems.rules.engine import failures_placed, failures_raised

    with (
        rules_from(args.rules_from) as own,
        failures_placed() as places,
        failures_raised() as raised,
    ):
        # the case is named as its errors name it (a syntax error: '<stdin>:1:8: ...')
        name = as_errors_name(args.case)
        try:
            report = _report(args.case, chosen_rules(args.rules, own, args.rules_from), args)
        except UnknownIdError as error:  # --system: named after the file, as in a batch
            raise UsageError(f"{name}: {error}") from None
    text = _formatted(report, args.format, args.table, printed=target is None)
    _put(text if text.endswith("\n") else text + "\n", args, target, inputs)
    where = places[0] if places else {}
    for failure in report.rules_failed:
        error_line(f"{name}: {_failed(failure.rule, failure.error, where)}")
        _debug_traceback(args, raised[0] if raised else {}, failure.rule)
    if report.rules_failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if _fails(args.fail_on, report.at_or_above) else EXIT_OK


def _check_each(args: argparse.Namespace) -> int:
    """``check`` of several case files or folders (a folder standing for its case files,
    as for ``render``): each case is loaded and checked on its own, in the order given
    (a folder's files sorted by name), so that one that does not load, or whose report
    cannot be written, fails alone, on lines led by its file's name, and the others are
    still reported. With ``-o FOLDER`` each report is written into the folder, named
    after its case file (``site-01.yaml`` gives ``site-01.json``), as ``render`` names
    figures; on standard output the text reports follow one another, each after a line
    naming its case file, ``==> cases/site-01.yaml <==`` (as ``head`` and ``tail`` name
    files). Markdown and JSON reports hold one case each, so several of them need a
    folder: this command writes no combined document.

    The status is the batch's worst: 2 when a case did not load, a report could not be
    written or a rule raised; else 1 when a finding of any case is at or above
    ``--fail-on``; else 0. When some failed, a last line counts them (``34 of 36 reports
    written; 2 failed``)."""
    from activity_systems.batch import (
        Progress,
        case_files,
        output_paths,
        refuse_inputs,
        shared_outputs,
        unportable_outputs,
    )
    from activity_systems.cli.outputs import _case_error
    from activity_systems.cli.summary import SummaryRow, shown, summary_csv
    from activity_systems.errors import ActivitySystemsError
    from activity_systems.io.atomic import InputFiles
    from activity_systems.rules.engine import failures_placed, failures_raised

    # one case file (given with --summary): its report as check CASE prints it
    lone = len(args.cases) == 1 and not Path(args.cases[0]).is_dir()
    if args.output in (None, STANDARD_OUTPUT) and args.format != "text" and not lone:
        raise UsageError(
            f"a {args.format} report holds one case; for several, give -o FOLDER, an "
            "existing folder that takes a report for each case file, named after it "
            f"(reports/court-reports{_EXTENSIONS[args.format]})"
        )
    empty: list[CaseFileError] = []  # folders without case files, among other inputs
    left_out: list[tuple[int, Path]] = []  # a folder's other files, for the summary
    sources = case_files(
        args.cases, empty=empty if len(args.cases) > 1 else None, left_out=left_out
    )
    inputs = [*map(str, sources), *rule_files(args.rules_from)]
    known = InputFiles(inputs)  # each report's name looked up in them, not compared with each
    targets: list[Path] | None = None
    shared: dict[int, OutputError] = {}
    unportable: dict[int, OutputError] = {}
    if args.output not in (None, STANDARD_OUTPUT):
        refuse_inputs(args.output, inputs)
        targets = output_paths(sources, args.output, suffix=_EXTENSIONS[args.format])
        shared = shared_outputs(sources, targets)
        if targets != [Path(args.output)]:  # named after the case files
            unportable = unportable_outputs(sources, targets)
    else:
        refuse_output_into(inputs)
    summary = _summary_target(args.summary, sources, targets, inputs)
    # an earlier summary, or earlier reports, written into a folder they summarise: this
    # run's outputs, not files handed in
    written = {os.path.realpath(path) for path in [*(targets or []), *filter(None, [summary])]}
    left_out = [(at, path) for at, path in left_out if os.path.realpath(path) not in written]
    rows: list[SummaryRow] = []
    for error in empty:
        error_line(str(error))
    headings = heading_names(sources)
    progress = Progress(len(sources), sys.stderr, wanted=getattr(args, "progress", True))
    failed = worst = printed = 0
    try:
        with rules_from(args.rules_from) as own:
            rules = chosen_rules(args.rules, own, args.rules_from)
            for index, source in enumerate(sources):
                progress.step(str(source))
                with failures_placed() as places, failures_raised() as raised:
                    try:
                        if index in shared:  # neither case is checked: neither is written
                            raise shared[index]
                        if index in unportable:
                            raise unportable[index]
                        report = _report(str(source), rules, args)
                        if targets is None and nobody_reads():
                            pass  # | head -1 has what it wanted: checked, not written
                        else:
                            text = _formatted(
                                report, args.format, args.table, printed=targets is None
                            )
                            text = text if text.endswith("\n") else text + "\n"
                            if targets is None and lone:
                                write_out(text, data=args.format != "text")
                            elif targets is None:
                                progress.close()
                                heading = (
                                    f"==> {visible(headings[index], names_as_bytes=True)} <==\n"
                                )
                                write_out(("\n" if index else "") + heading + text, data=False)
                            else:
                                _write_report(args, targets[index], text, known)
                            # a report whose writing met the pipe went to nothing
                            printed += targets is not None or not nobody_reads()
                    except KeyboardInterrupt as stop:
                        running_on(stop, source, len(sources) > 1)
                        raise
                    except BrokenPipeError:
                        # not a case's error: write_out sends the rest to nothing once
                        # the reader has gone (| head), and the batch goes on
                        raise
                    except (ActivitySystemsError, OSError) as error:
                        lines = _case_error(args, error, source)
                        for line in lines:
                            progress.note(one_line(line))
                        said = tuple(on_one_line(line, names_as_bytes=True) for line in lines)
                        rows.append(SummaryRow(shown(headings[index]), None, said))
                        failed += 1
                        continue
                where = places[0] if places else {}
                failures = []
                for failure in report.rules_failed:
                    failures.append(f"{source}: {_failed(failure.rule, failure.error, where)}")
                    progress.note(one_line(failures[-1]))
                    _debug_traceback(args, raised[0] if raised else {}, failure.rule)
                said = tuple(on_one_line(line, names_as_bytes=True) for line in failures)
                rows.append(SummaryRow(shown(headings[index]), report, said))
                if report.rules_failed:
                    worst = EXIT_ERROR
                elif _fails(args.fail_on, report.at_or_above):
                    worst = max(worst, EXIT_FINDINGS)
    finally:
        progress.close()
    if (failed or empty) and len(sources) + len(empty) > 1:
        # the last line, as render's: "34 of 36 reports written; 2 failed"; none for a
        # single case file (-o reports/, or a folder of one), whose line says it all.
        # Once standard output's reader has gone (| head -1), the reports after went to
        # nothing: the count is of those printed before, and says so.
        done, total = printed, len(sources) + len(empty)
        how = "printed" if targets is None else "written"
        if targets is None and nobody_reads():
            how = "printed before standard output's reader left"
        error_line(f"{done} of {total} reports {how}; {failed + len(empty)} failed")
    if args.summary is not None:
        table = _with_left_out(rows, sources, left_out, empty)
        _put_summary(summary, summary_csv(table), known)
    return EXIT_ERROR if failed or empty else worst


#: What the summary says of a folder's file that is not named as a case file.
_NOT_CHECKED = "not checked: a case file's name ends in .yaml, .yml or .json"


def _with_left_out(
    rows: Sequence[SummaryRow],
    sources: Sequence[Path],
    left_out: Sequence[tuple[int, Path]],
    empty: Sequence[CaseFileError] = (),
) -> list[SummaryRow]:
    """The summary's rows with a row for each file of a folder that is no case file (a
    ``.docx`` handed in for one), where it stands among the folder's case files by name,
    and for each folder without case files, with the error standard error said of it.
    As a decision, such a file is only in the summary: the run says nothing of it on
    standard error, nor counts it, as a folder of cases may well hold a README or a
    notebook beside them."""
    from activity_systems.cli.summary import SummaryRow, shown

    names = heading_names([*sources, *(path for _, path in left_out)])
    extra: dict[int, list[SummaryRow]] = {}
    for number, (before, path) in enumerate(left_out):
        failed = [str(error) for error in empty if error.path == os.fspath(path)]
        said = on_one_line(failed[0] if failed else f"{path}: {_NOT_CHECKED}", names_as_bytes=True)
        name = shown(names[len(sources) + number])
        extra.setdefault(before, []).append(SummaryRow(name, None, (said,)))
    merged: list[SummaryRow] = []
    for index, row in enumerate([*rows, None]):
        merged.extend(extra.get(index, []))
        if row is not None:
            merged.append(row)
    return merged


def _summary_target(
    name: str | None, sources: Sequence[Path], targets: Sequence[Path] | None, inputs: list[str]
) -> Path | None:
    """The file ``--summary`` names (``None``: standard output, or no summary), looked at
    before any case is checked: a ``.csv`` name, as the table it takes, so never a case
    file's; never an input, nor one of the batch's reports. Standard output takes it only
    when the reports are written to a folder, as the two would otherwise be mixed.

    Raises:
        UsageError: for standard output beside the reports, a name that is not ``.csv``,
            or a report's name.
        OutputError: for an input, or what ``-o`` refuses (a folder, a missing folder).
    """
    if name is None:
        return None
    if name == STANDARD_OUTPUT:
        if targets is None:
            raise UsageError(
                "--summary - needs -o FOLDER: the reports are on standard output (give the"
                " summary a file's name, summary.csv)"
            )
        return None
    from activity_systems.io.atomic import check_output_path

    path = Path(name)
    if path.suffix.lower() != ".csv":
        raise UsageError(f"{name}: the summary is a CSV table: name it {path.stem}.csv")
    target = check_output_path(name, inputs=inputs)
    from activity_systems.batch import one_file_name

    # one file on Windows and macOS too (marks/ADAMS.csv, marks/adams.csv)
    real = one_file_name(os.path.realpath(target))
    for source, report in zip(sources, targets or [], strict=False):  # none on stdout
        if one_file_name(os.path.realpath(report)) == real:
            raise UsageError(
                f"{name}: is the report of {source}; give the summary a name of its own"
            )
    _refuse_unless_a_summary(name, target)
    return target


def _refuse_unless_a_summary(name: str, target: Path) -> None:
    """Never over a file that is no earlier summary: a folder of submissions may hold a
    student's own table (``notes.csv``), which a summary given its name replaced. An
    empty file, or one whose first line is the summary's header, is taken.

    Raises:
        OutputError: for a file that holds something else.
    """
    from activity_systems.cli.summary import SUMMARY_COLUMNS

    try:
        with open(target, "rb") as file:
            first = file.readline(4096)
    except OSError:  # none yet, or what check_output_path has refused already
        return
    if first and first.rstrip(b"\r\n") != ",".join(SUMMARY_COLUMNS).encode("ascii"):
        raise OutputError(
            f"{name}: holds a table that is no summary of check; refusing to replace it"
            " (remove it first, or give the summary another name)"
        )


def _put_summary(target: Path | None, text: str, inputs: InputFiles) -> None:
    """The summary on standard output, or written to ``target`` whole (or not at all)."""
    if target is None:
        write_out(text, data=True)
        return
    from activity_systems.io.atomic import write_atomic

    write_atomic(target, text.encode("utf-8"), inputs=inputs)


def _write_report(args: argparse.Namespace, target: Path, text: str, inputs: InputFiles) -> None:
    """Write one report of a batch to ``target``, whole or not at all, with the checks of
    ``-o FILE`` (:func:`_output`): never over an input, nor over a JSON file that this
    library did not write, which may be a case file; written as :func:`_put` writes."""
    checked = _output(argparse.Namespace(output=str(target), format=args.format), inputs, "report")
    assert checked is not None
    _put(text, args, checked, inputs)


def cmd_compare(args: argparse.Namespace) -> int:
    """Print what was resolved, what persists and what is new between two versions, or
    write it to ``-o FILE``; exit 1 when a new finding (one of the comparison's
    ``new``, nothing else) is at or above ``--fail-on`` (``never`` unless given)."""
    piped = "-" in (args.before, args.after)  # a version on standard input
    inputs = [*_version_files(args), *rule_files(args.rules_from)]
    target = _output(args, inputs, "comparison", standard_input=piped)
    if target is None:
        refuse_output_into(inputs, standard_input=piped)
    from activity_systems.rules.engine import failures_placed, failures_raised

    with (
        rules_from(args.rules_from) as own,
        failures_placed() as places,
        failures_raised() as raised,
    ):
        return _compare(args, target, own, places, raised)


def _version_files(args: argparse.Namespace) -> list[str]:
    """The files of ``compare``'s two versions: not ``-``, standard input."""
    return [path for path in (args.before, args.after) if path != "-"]


def _compare(
    args: argparse.Namespace,
    target: Path | None,
    own: Sequence[RuleSpec],
    places: Sequence[Mapping[str, str]] = (),
    raised: Sequence[Mapping[str, BaseException]] = (),
) -> int:
    """:func:`cmd_compare` once the rules of ``--rules-from`` are registered; ``places``
    fills with where rules failed, and ``raised`` with what they raised, the earlier
    version's first (see :func:`~activity_systems.rules.engine.failures_placed`)."""
    from activity_systems.follow_up import compare
    from activity_systems.follow_up.names import version_names
    from activity_systems.io.loading import load

    versions: list[Case] = []
    broken: list[CaseFileError] = []
    for path in (args.before, args.after):  # both files' problems, when both are broken
        try:
            versions.append(standard_input() if path == "-" else load(path))
        except CaseFileError as error:
            broken.append(error)
    if len(broken) == 1:
        raise broken[0]
    if broken:  # each file's problems, as each would be reported alone
        for failed in broken:
            for line in error_lines(failed):
                error_line(line)
        return EXIT_ERROR
    # each version's names are looked for in both, which the comparison shows
    before = as_shared(versions[0], args, args.before, (versions[1], args.after))
    after = as_shared(versions[1], args, args.after, (versions[0], args.before))
    # two of one title are named by their files, as compare() names two paths, and a
    # version on standard input, which has no file name, is called so; --before-name
    # and --after-name name them as the user wants (HEAD~1, a workshop's date)
    named, called = version_names(before, after, (args.before, args.after))
    if before.title == after.title:
        named = ON_STANDARD_INPUT if args.before == "-" else named
        called = ON_STANDARD_INPUT if args.after == "-" else called
    comparison = compare(
        before,
        after,
        rules=chosen_rules(args.rules, own, args.rules_from),
        before_label=named if args.before_name is None else args.before_name,
        after_label=called if args.after_name is None else args.after_name,
    )
    text = _formatted(comparison, args.format, printed=target is None)
    _put(text, args, target, [*_version_files(args), *rule_files(args.rules_from)])
    for failure in comparison.rules_failed:
        index, source = (0, args.before) if failure.version == "before" else (1, args.after)
        source = as_errors_name(source)
        where = places[index] if index < len(places) else {}
        error_line(f"{source}: {_failed(failure.rule, failure.error, where)}")
        _debug_traceback(args, raised[index] if index < len(raised) else {}, failure.rule)
    if comparison.rules_failed:  # an incomplete comparison, before any finding
        return EXIT_ERROR
    return EXIT_FINDINGS if _fails(args.fail_on, comparison.new_at_or_above) else EXIT_OK


def _fails(fail_on: str, at_or_above: Callable[[Any], Sequence[object]]) -> bool:
    """Whether ``--fail-on`` (``high``, ``medium``, ``low`` or ``never``) gives exit
    status 1: never for ``never``, else when ``at_or_above`` finds a finding at or above
    it (``check``: the report's :meth:`~activity_systems.Report.at_or_above`;
    ``compare``: :meth:`~activity_systems.follow_up.Comparison.new_at_or_above`)."""
    return fail_on != "never" and bool(at_or_above(fail_on))


def _debug_traceback(
    args: argparse.Namespace, raised: Mapping[str, BaseException], rule: str
) -> None:
    """With ``--debug``, after a failed rule's line: the traceback of what it raised."""
    if getattr(args, "debug", False):
        to_stderr(rule_traceback(raised.get(rule)))


def _failed(rule: str, error: str, places: Mapping[str, str]) -> str:
    """What a failed rule's line says: where it failed, as its warning says it, when that
    is known, and its error.

    >>> _failed("ORG101", "KeyError: 'x'", {"ORG101": "failed at my_rules.py:27, in f"})
    "rule ORG101 failed at my_rules.py:27, in f: KeyError: 'x'"
    >>> _failed("ORG101", "KeyError: 'x'", {})
    "rule ORG101 failed: KeyError: 'x'"
    """
    return f"rule {rule} {places.get(rule, 'failed')}: {error}"


#: The extension of a report of each ``--format``, for the advice on naming one.
_EXTENSIONS = {
    "text": ".txt", "markdown": ".md", "json": ".json", "csv": ".csv", "latex": ".tex",
}  # fmt: skip

#: The names a report or a comparison is never written to, with what each is: a case
#: file's (a report is never YAML) or a Python file's (the rules of ``--rules-from``, or
#: any other code of the user's).
_NOT_FOR_A_REPORT = {".yaml": "a case file", ".yml": "a case file", ".py": "a Python file"}


def _output(
    args: argparse.Namespace,
    inputs: Iterable[str | os.PathLike[str]],
    what: str,
    *,
    standard_input: bool = False,
) -> Path | None:
    """The file ``-o`` names (``None``: standard output), looked at before any work is
    done. A report never replaces an input (a case file, or a Python file of
    ``--rules-from``), by any name (through ``..``, a symbolic or a hard link, or as the
    file standard input reads); nor a case file or a Python file: not a file named
    ``.yaml``, ``.yml`` or ``.py``, or one a symbolic link so named leads to; and not a
    ``.json`` file, unless the report is JSON and the file is empty or holds JSON this
    library wrote (an earlier report, say), which a case file never is. A ``.csv`` name
    (or a link that leads to one) takes only the CSV table (``check --format csv``), as
    a ``.json`` one takes only JSON; so does it take only ``compare --format csv``.

    Raises:
        OutputError: for such a file, or one :func:`~activity_systems.io.atomic.check_output_path`
            refuses (a folder, a device, a missing folder).
        UsageError: for a ``.json`` name and a report that is not JSON, or a ``.csv``
            name and one that is not a CSV table (check's or compare's).
    """
    from activity_systems.io.atomic import check_output_path

    if args.output in (None, STANDARD_OUTPUT):
        return None
    target = check_output_path(args.output, inputs=inputs)
    if standard_input:
        refuse_overwriting_standard_input(target)
    real = Path(os.path.realpath(target))
    kind = _NOT_FOR_A_REPORT.get(target.suffix.lower())
    if kind is not None:
        name = f"{target.stem}{_EXTENSIONS[args.format]}"
        raise OutputError(
            f"{target}: refusing to write a {what} to {kind}'s name "
            f"({target.suffix}); give it a name of its own, such as {name}"
        )
    kind = _NOT_FOR_A_REPORT.get(real.suffix.lower())
    if kind is not None:
        raise OutputError(f"{target}: refusing to write through a link to {kind} ({real})")
    for suffix, table, kind in ((".csv", "csv", "CSV"), (".tex", "latex", "LaTeX")):
        if suffix not in (target.suffix.lower(), real.suffix.lower()) or args.format == table:
            continue
        # a name a spreadsheet, pandas or R opens as a table, as check --format csv
        # writes it, or that LaTeX inputs, as check --format latex writes it: not the
        # text report that -o site.csv alone would have written
        if target.suffix.lower() != suffix:  # a link that leads to one
            raise UsageError(f"{target}: leads to {real}; a {args.format} {what} is not {kind}")
        name = f"{target.stem}{_EXTENSIONS[args.format]}"
        if what != "report" and (what, table) != ("comparison", "csv"):
            raise UsageError(
                f"{target}: a {args.format} {what} is not {kind}, which only check --format "
                f"{table} writes (a report's findings); name the file {name}"
            )
        raise UsageError(
            f"{target}: a {args.format} {what} is not {kind}; add --format {table}, or name "
            f"the file {name}"
        )
    if ".json" not in (target.suffix.lower(), real.suffix.lower()):
        return target
    if args.format != "json":
        if target.suffix.lower() != ".json":  # a link that leads to one
            raise UsageError(f"{target}: leads to {real}; a {args.format} {what} is not JSON")
        name = f"{target.stem}{_EXTENSIONS[args.format]}"
        raise UsageError(
            f"{target}: a {args.format} {what} is not JSON; add --format json, or name the "
            f"file {name}"
        )
    from activity_systems.batch import refuse_unless_written_json

    refuse_unless_written_json(target, real, advice=" (remove it first, or give another name)")
    return target


def _put(
    text: str,
    args: argparse.Namespace,
    target: Path | None,
    inputs: Iterable[str | os.PathLike[str]],
) -> None:
    """``text`` on standard output, or written to ``target`` whole (or not at all), in
    UTF-8 whatever the locale: a file is no terminal."""
    if target is None:
        write_out(text, data=args.format != "text")
        return
    from activity_systems.io.atomic import write_atomic

    write_atomic(target, text.encode("utf-8"), inputs=inputs)


def cmd_rules(args: argparse.Namespace) -> int:
    """The rule catalogue: a list, or one rule's documentation in full."""
    from activity_systems.catalogue import catalogue_json, catalogue_markdown, catalogue_text
    from activity_systems.rules.engine import rule_catalogue

    full = args.rule is not None
    inputs = rule_files(args.rules_from)
    target = _output(args, inputs, "rule catalogue")  # looked at before any file is imported
    if target is None:
        refuse_output_into(inputs)
    with rules_from(args.rules_from) as own:
        if full:
            _known_here(args.rule.strip(), own, args.rules_from)
        entries = rule_catalogue([args.rule.strip()] if full else None)
    if args.format == "markdown":
        text = catalogue_markdown(entries)
    elif args.format == "json":
        text = catalogue_json(entries)
    else:
        text = catalogue_text(entries, full=full)
    _put(text, args, target, inputs)
    return EXIT_OK
