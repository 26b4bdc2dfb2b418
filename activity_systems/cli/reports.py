"""The commands that print a report: ``check`` (the contradictions of a case),
``compare`` (two versions of a case) and ``rules`` (the rules' documentation)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from string import ascii_letters
from typing import TYPE_CHECKING, Protocol

from activity_systems.cli.console import error_line, error_lines, write_out
from activity_systems.cli.parser import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from activity_systems.errors import CaseFileError

if TYPE_CHECKING:
    from activity_systems.model import Case
    from activity_systems.rules.finding import Report


def _report(path: str, rules: Sequence[str] | None = None) -> Report:
    """The report on the case file at ``path``, as :func:`~activity_systems.check` gives
    it: an action that probably names a finding wrongly is a warning that says where
    the action is written."""
    from activity_systems.io.loading import load_stream, load_with_source
    from activity_systems.rules.engine import run_rules, warn_misnamed

    if path == "-":  # the case comes on standard input (generate ... | check -)
        if sys.stdin is None:  # started with standard input closed
            raise CaseFileError("standard input is closed", path="<stdin>")
        case, source = load_stream(sys.stdin.buffer)
    else:
        case, source = load_with_source(path)
    report = run_rules(case, _rule_ids(rules))
    warn_misnamed(case, report, source)
    return report


def _rule_ids(rules: Sequence[str] | None) -> list[str] | None:
    """The rule ids of ``--rules``, each given once or several times, comma-separated
    (``None``: the built-in rules)."""
    if rules is None:
        return None
    chosen = [part.strip() for given in rules for part in given.split(",") if part.strip()]
    if not chosen:
        raise UsageError("--rules names no rule; give ids such as AS101,AS201")
    for rule_id in chosen:
        _known_here(rule_id)
    return chosen


def _known_here(rule_id: str) -> None:
    """Refuse an id that no rule has, saying, for one that is not written like a built-in
    rule's (``ORG101``, ``RES201``), that a rule of one's own runs only from Python: the
    command imports no user code, so a user's rule is never registered here.

    Raises:
        RuleError: for an id that no rule has.
    """
    from activity_systems.errors import RuleError
    from activity_systems.rules.engine import BUILTIN_RULES
    from activity_systems.rules.registry import get_rule

    try:
        get_rule(rule_id)
    except RuleError as error:
        letters = {_letters(spec.id) for spec in BUILTIN_RULES}
        if _letters(rule_id.upper()) in letters:  # a built-in's id, mistyped
            raise
        first, last = BUILTIN_RULES[0].id, BUILTIN_RULES[-1].id
        raise RuleError(
            f"{error}; the command line runs the built-in rules, {first} to {last}: run a "
            "rule of your own from Python, with check(case, rules=[*BUILTIN_RULES, my_rule])"
        ) from None


def _letters(rule_id: str) -> str:
    """The letters an id starts with: ``AS`` of ``AS101``, ``ORG`` of ``ORG101``."""
    return rule_id[: len(rule_id) - len(rule_id.lstrip(ascii_letters))]


class _Printable(Protocol):
    def to_json(self) -> str: ...
    def to_markdown(self) -> str: ...
    def to_text(self) -> str: ...


def _formatted(item: _Printable, fmt: str) -> str:
    """A report or a comparison as ``--format`` asks: json, markdown or text."""
    if fmt == "json":
        return item.to_json()
    if fmt == "markdown":
        return item.to_markdown()
    return item.to_text()


def cmd_check(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when a finding is at or above ``--fail-on``."""
    if Path(args.case).is_dir():
        raise UsageError(
            f"{args.case}: is a folder; check reads one case file (.yaml, .yml or .json), "
            "while render and handout also take a folder"
        )
    report = _report(args.case, args.rules)
    text = _formatted(report, args.format)
    write_out(text if text.endswith("\n") else text + "\n", data=args.format != "text")
    for failure in report.rules_failed:
        error_line(f"{args.case}: rule {failure.rule} failed: {failure.error}")
    if report.rules_failed:
        return EXIT_ERROR
    if args.fail_on == "never" or not report.at_or_above(args.fail_on):
        return EXIT_OK
    return EXIT_FINDINGS


def cmd_compare(args: argparse.Namespace) -> int:
    """Print what was resolved, what persists and what is new between two versions."""
    from activity_systems.follow_up import compare
    from activity_systems.io.loading import load

    versions: list[Case] = []
    broken: list[CaseFileError] = []
    for path in (args.before, args.after):  # both files' problems, when both are broken
        try:
            versions.append(load(path))
        except CaseFileError as error:
            broken.append(error)
    if len(broken) == 1:
        raise broken[0]
    if broken:  # each file's problems, as each would be reported alone
        for failed in broken:
            for line in error_lines(failed):
                error_line(line)
        return EXIT_ERROR
    before, after = versions
    labels: dict[str, str] = {}
    if before.title == after.title:  # the file names tell the versions apart
        labels = {"before_label": Path(args.before).name, "after_label": Path(args.after).name}
    comparison = compare(before, after, rules=_rule_ids(args.rules), **labels)
    text = _formatted(comparison, args.format)
    write_out(text, data=args.format != "text")
    for failure in comparison.rules_failed:
        source = args.before if failure.version == "before" else args.after
        error_line(f"{source}: rule {failure.rule} failed: {failure.error}")
    return EXIT_ERROR if comparison.rules_failed else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """The rule catalogue: a list, or one rule's documentation in full."""
    from activity_systems.catalogue import catalogue_markdown, catalogue_text
    from activity_systems.rules.engine import rule_catalogue

    full = args.rule is not None
    if full:
        _known_here(args.rule.strip())
    entries = rule_catalogue([args.rule.strip()] if full else None)
    if args.format == "markdown":
        write_out(catalogue_markdown(entries), data=True)
    else:
        write_out(catalogue_text(entries, full=full), data=False)
    return EXIT_OK
