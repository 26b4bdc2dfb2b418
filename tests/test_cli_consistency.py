"""The commands of the command line, side by side: one idea is spelt one way in each, an
option of one command is not taken for another of another's, and the mistakes they
share are told the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_errors import one_error_line

from activity_systems.cli import main

ROOT = Path(__file__).resolve().parent.parent
COURT = ROOT / "examples" / "court-reports.yaml"
RULES = ROOT / "examples" / "custom_rule.py"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(COURT), "--fail-on", "never"],
        ["compare", str(COURT), str(COURT)],
        ["rules"],
        ["rules", "AS101"],
    ],
)
@pytest.mark.parametrize("word", ["md", "MD"])
def test_md_is_markdown_for_every_command_as_for_handout(
    argv: list[str], word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``handout --format md`` was taken and ``check --format md`` refused (``invalid
    choice: 'md'``): each command that writes Markdown takes both words."""
    assert main([*argv, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert main([*argv, "--format", word]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (markdown, "")


def test_md_names_a_markdown_report_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["check", str(COURT), "--format", "md", "--fail-on", "never", "-o", f"{tmp_path}/"])
        == 0
    )
    assert [path.name for path in tmp_path.iterdir()] == ["court-reports.md"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["rules", "--rules", "AS101"],
            "rules takes no --rules, an option of check, render, handout and compare: give "
            "one rule's ID to show it in full (rules AS101), or none to list every rule",
        ),
        (
            ["rules", "--rule", "AS101"],
            "rules takes no --rules, an option of check, render, handout and compare: give "
            "one rule's ID to show it in full (rules AS101), or none to list every rule",
        ),
        (["new", "case.yaml", "--for"], "new takes no --for, an option of schema"),
        (
            ["compare", str(COURT), str(COURT), "--since", "old.yaml"],
            "compare takes no --since, an option of handout: it takes the earlier version "
            "as its first file: compare BEFORE AFTER",
        ),
        (
            ["schema", "--format=json"],
            "schema takes no --format, an option of check, render, handout, compare and "
            "rules: the schema is JSON; --for json gives the schema of JSON case files",
        ),
        (
            ["--debug", "render", str(COURT), "-o", "x.svg", "--force"],
            "render takes no --force, an option of schema, new and import: it writes over an "
            "existing file without it, but never over an input or to a case file's name",
        ),
        (
            ["check", str(COURT), "--since", "old.yaml"],
            "check takes no --since, an option of handout",
        ),
    ],
)
def test_an_option_of_another_command_is_not_taken_for_one_of_this_one(
    argv: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """argparse takes an option a command lacks for an abbreviation of one it has:
    ``rules --rules AS101`` was ``--rules-from AS101`` (looking for a rule pack named
    AS101, importing it if one is installed), and ``new case.yaml --for`` was ``--force``,
    writing over the case file being filled in. Each is refused, naming whose option
    it is, and nothing is read or written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "case.yaml").write_text("filled in", encoding="utf-8")
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error_line(err) == f"activity-systems: {said}"
    assert (tmp_path / "case.yaml").read_text(encoding="utf-8") == "filled in"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case.yaml"]


def test_abbreviations_of_a_command_s_own_options_keep_working(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--for`` is schema's option, and an abbreviation of ``--format`` elsewhere, as it
    always was; so are ``--out`` and ``--fail``."""
    assert main(["check", str(COURT), "--for", "json", "--fail", "never"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "activity-systems/report"
    assert main(["rules", "--for", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "activity-systems/rules"


def test_an_option_after_double_dash_is_an_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--fail-on", "never", "--", "--since"]) == 2
    assert (
        one_error_line(capsys.readouterr().err)
        == "activity-systems: --since: no such file or folder"
    )


def test_an_unknown_option_is_told_under_its_command_s_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The usage printed was the whole program's (``activity-systems [-h] [--debug]
    [--version] COMMAND ...``), which lists no option of the command."""
    assert main(["compare", str(COURT), str(COURT), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: activity-systems compare ")
    assert (
        err.splitlines()[-1] == "activity-systems compare: error: unrecognized arguments: --quiet"
    )


def test_rules_writes_its_catalogue_to_a_file_as_check_and_compare_write_theirs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``rules --format json -o rules.json`` was ``unrecognized arguments: -o``: a script
    redirected it, and an error left an empty file. It is written whole, and again over
    the catalogue it wrote; ``-o -`` is standard output."""
    assert main(["rules", "--format", "json"]) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "rules.json"
    for _ in range(2):
        assert main(["rules", "--format", "json", "-o", str(target)]) == 0
        assert capsys.readouterr() == ("", "")
        assert target.read_text(encoding="utf-8") == printed
    assert main(["rules", "--format", "json", "-o", "-"]) == 0
    assert capsys.readouterr().out == printed


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("case.yaml", "refusing to write a rule catalogue to a case file's name (.yaml)"),
        ("rules.json", "a text rule catalogue is not JSON; add --format json"),
    ],
)
def test_rules_writes_no_catalogue_over_what_is_not_one(
    name: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    target.write_text("{}", encoding="utf-8")
    assert main(["rules", "-o", str(target)]) == 2
    assert said in one_error_line(capsys.readouterr().err)
    assert target.read_text(encoding="utf-8") == "{}"


def test_rules_writes_no_catalogue_over_its_rules_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "own_rules.py"
    own.write_bytes(RULES.read_bytes())
    assert main(["rules", "--rules-from", str(own), "-o", str(own)]) == 2
    assert "refusing to" in one_error_line(capsys.readouterr().err)
    assert own.read_bytes() == RULES.read_bytes()


@pytest.mark.parametrize(
    "argv",
    [
        ["rules", "--rules-from", "X", "-h"],
        ["rules", "--rules", "AS101", "-h"],
        ["rules", "--rules", "AS101", "--help"],
        ["check", str(COURT), "--since", "old.yaml", "--help"],
        ["--debug", "render", str(COURT), "--force", "-h"],
        ["compare", str(COURT), str(COURT), "--fail-on", "high", "--he"],
    ],
)
def test_help_wins_over_an_option_of_another_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``-h`` asks for the command's help, whatever else is on the line: ``rules --rules
    AS101 -h`` said that rules takes no --rules, exit 2, where argparse had always shown
    the help."""
    command = next(word for word in argv if not word.startswith("-"))
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"usage: activity-systems {command} ")
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["render", str(COURT), "-o", "--since"], "-o/--output"),
        (["check", str(COURT), "--output", "--force"], "-o/--output"),
        (["check", str(COURT), "--rules", "--since"], "--rules"),
        (["render", str(COURT), "--pair", "court", "--since"], "--pair"),
    ],
)
def test_another_command_s_option_where_a_value_goes_is_a_missing_value(
    argv: list[str],
    option: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``render case.yaml -o --since`` names a file ``--since``, which argparse cannot
    take as a value; it said 'render takes no --since, an option of handout', which is not
    what went wrong. It says, under the command's usage, that -o lacks its value
    (``-o ./--since`` or ``--output=--since`` give such a name)."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    command = argv[0]
    assert err.startswith(f"usage: activity-systems {command} ")
    assert err.splitlines()[-1].startswith(
        f"activity-systems {command}: error: argument {option}: expected "
    )
    assert "takes no" not in err
    assert list(tmp_path.iterdir()) == []


def test_check_writes_over_any_file_of_its_output_s_kind_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What 'check takes no --force' says is so: an existing text file, not only an
    earlier report, is written over, as render and handout write over theirs."""
    notes = tmp_path / "notes.txt"
    notes.write_text("the user's own notes", encoding="utf-8")
    assert main(["check", str(COURT), "--force"]) == 2
    said = capsys.readouterr().err
    assert "it writes over an existing file without it" in said
    assert main(["check", str(COURT), "--fail-on", "never", "-o", str(notes)]) == 0
    assert notes.read_text(encoding="utf-8").startswith("Psychiatric reports")


def test_a_value_given_with_equals_may_be_another_command_s_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--output=--force.txt`` is a file's name, not ``--force``."""
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(COURT), "--fail-on", "never", "--output=--force.txt"]) == 0
    assert capsys.readouterr() == ("", "")
    assert [path.name for path in tmp_path.iterdir()] == ["--force.txt"]


@pytest.mark.parametrize("command", ["check", "compare", "rules"])
def test_md_and_markdown_write_the_same_file(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {"check": [str(COURT), "--fail-on", "never"], "compare": [str(COURT)] * 2}
    written = []
    for word in ("markdown", "md"):
        target = tmp_path / f"{word}.md"
        assert main([command, *cases.get(command, []), "--format", word, "-o", str(target)]) == 0
        assert capsys.readouterr() == ("", "")
        written.append(target.read_bytes())
    assert written[0] == written[1]
    assert written[0]


def _spelling_table() -> list[tuple[list[str], list[str]]]:
    """The rows of docs/cli.md's table 'One spelling for one idea': each row's options
    (``-o FILE`` read as ``-o``) and the commands of its 'taken by' column."""
    from activity_systems.cli.parser import _parser, subcommands

    commands = list(subcommands(_parser()))
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = page.split("### One spelling for one idea\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "docs/cli.md: the table 'One spelling for one idea' is gone"
    table = []
    for row in rows:
        first, taken_by = (cell.strip() for cell in row.strip("|").split("|")[:2])
        options = [code.split(" ")[0] for code in re.findall(r"`([^`]+)`", first)]
        if taken_by.startswith("every command"):
            takers = commands
        else:
            takers = [code for code in re.findall(r"`([^`]+)`", taken_by) if code in commands]
        table.append((options, takers))
    return table


def test_the_table_of_shared_options_says_what_the_commands_take() -> None:
    """Each option of docs/cli.md's 'One spelling for one idea' is taken by the commands
    its row names and no other, and each option two commands share is in the table
    (but -h, --help and --debug, which every command takes)."""
    from activity_systems.cli.parser import _parser, subcommands

    owners: dict[str, list[str]] = {}
    for name, parser in subcommands(_parser()).items():
        for action in parser._actions:
            for option in action.option_strings:
                owners.setdefault(option, []).append(name)
    listed = set()
    for options, takers in _spelling_table():
        for option in options:
            assert option in owners, f"docs/cli.md: no command takes {option}"
            assert takers == owners[option], (
                f"docs/cli.md, 'One spelling for one idea': {option} is taken by "
                f"{', '.join(owners[option])}, not {', '.join(takers)}"
            )
            listed.add(option)
    shared = {option for option, whose in owners.items() if len(whose) > 1}
    missing = sorted(shared - listed - {"-h", "--help", "--debug"})
    assert not missing, f"docs/cli.md, 'One spelling for one idea': add {', '.join(missing)}"


def test_every_option_of_every_command_says_what_it_does_in_its_help() -> None:
    """``COMMAND --help`` explains each option: one listed bare (``--theme
    {default,print}`` with nothing after it) leaves a user to guess what it changes."""
    from activity_systems.cli.parser import _parser, subcommands

    bare = [
        f"{name} {action.option_strings[-1]}"
        for name, parser in subcommands(_parser()).items()
        for action in parser._actions
        if action.option_strings and not action.help
    ]
    assert bare == []


def test_each_command_s_table_of_options_lists_every_option_it_takes() -> None:
    """The table of options under a command's own heading in docs/cli.md (``| option |
    meaning |``) lists every option its ``--help`` lists (but -h, --help and --debug,
    which every command takes): a user reading the table of ``handout`` finds each option
    of ``handout`` there."""
    from activity_systems.cli.parser import _parser, subcommands

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = []
    for name, parser in subcommands(_parser()).items():
        if f"\n## {name}\n" not in page:
            missing.append(f"{name} (no heading '## {name}')")
            continue
        section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        tables = section.split("| option | meaning |\n", 1)
        if len(tables) == 1:
            missing.append(f"{name} (no table '| option | meaning |')")
            continue
        rows = tables[1].split("\n\n", 1)[0].splitlines()
        listed = {
            code.split(" ")[0]
            for row in rows
            for code in re.findall(r"`([^`]+)`", row.strip("|").split("|")[0])
        }
        for action in parser._actions:
            for option in action.option_strings:
                if option not in listed and option not in ("-h", "--help", "--debug"):
                    missing.append(f"{name} {option}")
    assert missing == [], f"docs/cli.md: add to each command's table of options {missing}"
