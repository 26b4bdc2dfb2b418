"""Rule packs: an installed package that names the module registering its rules under the
entry-point group ``activity_systems.rules`` is given to the command line by its name,
``--rules-from nhs-region``, and is read only then."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_errors import BUILTIN_SPAN, one_error_line

from activity_systems.cli import main
from activity_systems.rules.registry import registered_rules, unregister

ROOT = Path(__file__).resolve().parent.parent
#: A case with an exchange that has no time: the region's rule fires on it.
CASE = """\
title: Liaison and diversion
systems:
  - {id: custody, subject: Custody sergeant, object: Detainee}
  - {id: lnd, subject: Liaison nurse, object: Service user}
exchanges:
  - {id: referral, label: Referral, from: custody, to: lnd}
"""

#: A region's rules, in a submodule of the package the entry point names.
TIMING = '''\
"""Rules about timing."""

from activity_systems import new_finding, rule


@rule("NHSR101", name="untimed-exchange", category="completeness")
def untimed_exchange(case):
    """An exchange has no agreed time: neither ``needed_within`` nor ``takes``.

    **Why it matters**

    Untimed exchanges are where delays hide.
    """
    for exchange in case.exchanges:
        if exchange.needed_within is None and exchange.takes is None:
            yield new_finding(
                elements=[exchange.id],
                severity="low",
                message=f"{exchange.label} has no agreed time.",
            )
'''

#: A rule that every case with a system fires, for packs whose rules should show.
EVERY_SYSTEM = '''\
from activity_systems import new_finding, rule


@rule("{rule_id}", name="{name}", category="completeness")
def every_system(case):
    """A system is there."""
    for system in case.systems:
        yield new_finding(elements=[system.id], message=f"{{system.title}} is there.")
'''


def install_pack(
    site: Path,
    package: str,
    *,
    pack: str,
    modules: dict[str, str],
    version: str = "1.0.0",
    target: str | None = None,
) -> None:
    """Install a package as pip would, into ``site``: its modules (``__init__`` and
    others), and its metadata, whose entry point names the rule pack ``pack``."""
    folder = site / package
    folder.mkdir()
    for name, text in modules.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    distribution = package.replace("_", "-")
    info = site / f"{package}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[activity_systems.rules]\n{pack} = {target or package}\n", encoding="utf-8"
    )


@pytest.fixture
def liaison(tmp_path: Path) -> Path:
    """The case file of :data:`CASE`."""
    path = tmp_path / "liaison.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on Python's path for installed packages; the modules imported from it
    and the rules they registered are forgotten after the test."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    import activity_systems.rules.engine  # noqa: F401  (registers the built-in rules)

    before = set(sys.modules)
    rules = {spec.id for spec in registered_rules()}
    yield folder
    for name in set(sys.modules) - before:
        module = sys.modules.get(name)
        if str(getattr(module, "__file__", "") or "").startswith(str(folder)):
            del sys.modules[name]
    for spec in registered_rules():
        if spec.id not in rules:
            unregister(spec.id)


@pytest.fixture
def region(site: Path) -> Path:
    """The region's pack, ``nhs-region``, installed as ``nhs_region_rules``."""
    install_pack(
        site,
        "nhs_region_rules",
        pack="nhs-region",
        modules={"__init__": "from nhs_region_rules import timing\n", "timing": TIMING},
    )
    return site


def error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """The one line of error of a command that must fail (exit 2)."""
    assert main(argv) == 2
    return one_error_line(capsys.readouterr().err)


def test_a_pack_runs_by_its_name(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(liaison), "--rules-from", "nhs-region", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert "NHSR101" in report["rules_run"]
    assert "AS101" in report["rules_run"]  # beside the built-in rules
    assert main(["check", str(liaison), "--rules-from", "nhs-region", "--rules", "NHSR101"]) == 1
    assert "LOW NHSR101 untimed-exchange" in capsys.readouterr().out


def test_a_pack_runs_again_in_the_same_process(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A test session, or a notebook, runs the command twice: the pack's modules are
    # dropped after the first, and its rules registered again by the second.
    for _ in range(2):
        assert (
            main(["check", str(liaison), "--rules-from", "nhs-region", "--rules", "NHSR101"]) == 1
        )
        assert "NHSR101 untimed-exchange" in capsys.readouterr().out
        assert "NHSR101" not in {spec.id for spec in registered_rules()}
        assert "nhs_region_rules" not in sys.modules


def test_a_pack_imported_before_the_command_is_run_by_its_name(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    importlib.import_module("nhs_region_rules")  # a notebook's import: its rules registered

    assert main(["check", str(liaison), "--rules-from", "nhs-region", "--rules", "NHSR101"]) == 1
    assert "NHSR101 untimed-exchange" in capsys.readouterr().out
    assert "NHSR101" in {spec.id for spec in registered_rules()}  # still, as before


def test_the_rules_of_a_pack_are_listed_with_their_documentation(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "--rules-from", "nhs-region"]) == 0
    assert "NHSR101  untimed-exchange (completeness)" in capsys.readouterr().out
    assert main(["rules", "NHSR101", "--rules-from", "nhs-region"]) == 0
    assert "Untimed exchanges are where delays hide." in capsys.readouterr().out


def test_a_pack_and_a_file_are_given_together(
    liaison: Path, region: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team_rules.py"
    team.write_text(EVERY_SYSTEM.format(rule_id="RES101", name="there"), encoding="utf-8")
    argv = ["check", str(liaison), "--rules-from", "nhs-region", "--rules-from", str(team)]
    assert main([*argv, "--format", "json"]) == 1
    assert {"NHSR101", "RES101"} <= set(json.loads(capsys.readouterr().out)["rules_run"])


def test_a_misspelt_pack_is_named_with_the_installed_ones(
    liaison: Path,
    region: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "nhs-regoin"]) == (
        "activity-systems: nhs-regoin: no such file, and no installed rule pack has this "
        "name (did you mean 'nhs-region'?); --rules-from takes a Python file (.py) or the "
        "name of an installed rule pack: nhs-region"
    )
    # a folder of that name (the pack's own source, say) is no pack
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "rules"]).startswith(
        "activity-systems: rules: a folder, and no installed rule pack has this name; "
    )


def test_an_id_of_a_pack_not_given_names_the_installed_packs(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert error_line(capsys, ["check", str(liaison), "--rules", "NHSR101"]).endswith(
        "or an installed rule pack given with --rules-from NAME; installed rule packs: "
        "nhs-region (give one with --rules-from nhs-region)"
    )


def test_an_id_the_given_pack_does_not_register_names_its_rules(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The package's __init__ forgot to import the module of its second rule: the pack is
    # given, so the error says which rules it does register, not to give it.
    install_pack(
        site,
        "nhs_region_rules",
        pack="nhs-region",
        modules={
            "__init__": "from nhs_region_rules import timing\n",
            "timing": TIMING,
            "sharing": EVERY_SYSTEM.format(rule_id="NHSR201", name="one-way-sharing"),
        },
    )
    argv = ["check", str(liaison), "--rules-from", "nhs-region", "--rules", "NHSR201"]
    line = error_line(capsys, argv)
    assert line == (
        "activity-systems: no rule 'NHSR201' (did you mean 'NHSR101'?); --rules-from "
        f"registers NHSR101 beside the built-in rules, {BUILTIN_SPAN}: a rule runs when its "
        "module is imported by the file given, or by the module a rule pack names (its "
        "package's __init__.py), and is decorated with @activity_systems.rule"
    )
    assert "give one with" not in line
    assert error_line(capsys, ["rules", "NHSR201", "--rules-from", "nhs-region"]) == line


def test_an_id_of_another_pack_names_the_packs_not_given(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_pack(
        region,
        "trust_rules",
        pack="trust",
        modules={"__init__": EVERY_SYSTEM.format(rule_id="TRU101", name="there")},
    )
    argv = ["check", str(liaison), "--rules-from", "nhs-region", "--rules", "TRU101"]
    assert error_line(capsys, argv).endswith(
        "decorated with @activity_systems.rule; other installed rule packs: trust (give one "
        "with --rules-from trust)"
    )


def test_two_packs_with_one_rule_id_are_named_both(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_pack(
        region,
        "trust_rules",
        pack="trust",
        version="0.2.0",
        modules={"__init__": EVERY_SYSTEM.format(rule_id="NHSR101", name="there")},
    )
    argv = ["check", str(liaison), "--rules-from", "nhs-region", "--rules-from", "trust"]
    assert error_line(capsys, argv) == (
        "activity-systems: rule pack trust (trust-rules 0.2.0), trust_rules/__init__.py:4: "
        "rule id NHSR101 is already used by untimed-exchange of the rule pack nhs-region "
        "(nhs-region-rules 1.0.0); the two cannot be given together: one of them must give "
        "its rule another id"
    )
    assert main(["check", str(liaison), "--rules-from", "trust", "--rules", "NHSR101"]) == 1
    assert "NHSR101 there" in capsys.readouterr().out


def test_a_pack_with_a_built_in_id_or_name_is_refused(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_pack(
        site,
        "clashing_rules",
        pack="clash",
        modules={"__init__": EVERY_SYSTEM.format(rule_id="AS101", name="there")},
    )
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "clash"]) == (
        "activity-systems: rule pack clash (clashing-rules 1.0.0), clashing_rules/__init__.py:4: "
        "rule id AS101 is the built-in rule deadline-vs-turnaround's; give your rule another id"
    )
    install_pack(
        site,
        "named_rules",
        pack="named",
        modules={"__init__": EVERY_SYSTEM.format(rule_id="NAM101", name="empty-node")},
    )
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "named"]).endswith(
        "named_rules/__init__.py:4: rule NAM101: the name 'empty-node' is the built-in rule "
        "AS601's; give your rule a name of its own"
    )


def test_a_pack_that_fails_to_import_or_registers_nothing(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_pack(site, "broken_rules", pack="broken", modules={"__init__": "x = 1\nimport nope\n"})
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "broken"]) == (
        "activity-systems: rule pack broken (broken-rules 1.0.0), broken_rules/__init__.py:2: "
        "importing broken_rules raised ModuleNotFoundError: No module named 'nope'"
    )
    install_pack(site, "empty_rules", pack="empty", modules={"__init__": "x = 1\n"})
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "empty"]).startswith(
        "activity-systems: rule pack empty (empty-rules 1.0.0): importing empty_rules "
        "registers no rule; decorate each rule function with @activity_systems.rule"
    )


def test_packs_are_read_only_when_given(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed pack changes no command that does not name it: the same report, and
    # its module never imported (here it would fail), nor the entry points read.
    install_pack(site, "broken_rules", pack="broken", modules={"__init__": "import nope\n"})
    assert main(["check", str(liaison), "--format", "json"]) == 1
    with_pack = capsys.readouterr().out

    def unread(**_: object) -> None:
        raise AssertionError("entry points read")

    monkeypatch.setattr(importlib.metadata, "entry_points", unread)
    assert main(["check", str(liaison), "--format", "json"]) == 1
    assert capsys.readouterr().out == with_pack
    assert main(["rules", "--format", "json"]) == 0
    assert "broken_rules" not in sys.modules


def test_importing_the_library_reads_no_entry_points() -> None:
    # Reading them takes as long as importing the library itself (docs/performance.md).
    code = "import sys, activity_systems; print('importlib.metadata' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_a_pack_name_is_no_input_of_the_outputs(
    liaison: Path, region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a folder named as the pack takes the handouts of a folder of cases
    monkeypatch.chdir(tmp_path)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "court.yaml").write_text(liaison.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "nhs-region").mkdir()
    argv = ["handout", "cases", "-o", "nhs-region", "--rules-from", "nhs-region"]
    assert main([*argv, "--format", "markdown"]) == 0
    assert "NHSR101" in (tmp_path / "nhs-region" / "court.md").read_text(encoding="utf-8")


def test_the_pack_module_may_be_a_submodule(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_pack(
        site,
        "region_docs",
        pack="region",
        target="region_docs.rules",
        modules={"__init__": "", "rules": textwrap.dedent(TIMING)},
    )
    assert main(["check", str(liaison), "--rules-from", "region", "--rules", "NHSR101"]) == 1
    assert "NHSR101" in capsys.readouterr().out


def test_the_module_of_a_pack_is_answered_with_the_pack_s_name(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The name a researcher imports in a notebook, or writes as module:attr or a dotted
    # module, is not the pack's: the error gives the one to write.
    for given in ["nhs_region_rules", "nhs_region_rules.timing", "nhs_region_rules:RULES"]:
        assert error_line(capsys, ["check", str(liaison), "--rules-from", given]) == (
            f"activity-systems: {given}: no such file, and no installed rule pack has this "
            "name; nhs_region_rules is the module of the installed rule pack nhs-region: "
            "write --rules-from nhs-region"
        )


def test_a_package_folder_that_is_not_installed_says_how_to_give_it(
    liaison: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    package = tmp_path / "youth_justice_rules"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from youth_justice_rules.timing import untimed_exchange\n", encoding="utf-8"
    )
    (package / "timing.py").write_text(TIMING, encoding="utf-8")
    how = (
        "youth_justice_rules is a Python package: --rules-from takes it by the name of its "
        "rule pack once it is installed (pip install -e . in its project, whose "
        'pyproject.toml names it under [project.entry-points."activity_systems.rules"])'
    )
    for given in ["youth_justice_rules", "youth_justice_rules/"]:
        assert error_line(capsys, ["check", str(liaison), "--rules-from", given]).endswith(
            f"; {how}"
        )
    # one of its files, run on its own, cannot import the package it belongs to
    given = "youth_justice_rules/__init__.py"
    assert error_line(capsys, ["check", str(liaison), "--rules-from", given]) == (
        f"activity-systems: {given}:1: importing it raised ModuleNotFoundError: No module "
        f"named 'youth_justice_rules'; {how}"
    )


def test_a_module_of_two_packs_is_answered_with_the_one_it_names(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # one package holding two packs: the module given tells which, never the first found
    install_pack(
        site,
        "acme_rules",
        pack="acme-region",
        target="acme_rules.region:RULES",
        modules={"__init__": "", "region": "", "youth": ""},
    )
    info = next(site.glob("acme_rules-*.dist-info"))
    with (info / "entry_points.txt").open("a", encoding="utf-8") as points:
        points.write("acme-youth = acme_rules.youth\n")
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "acme_rules.youth"]).endswith(
        "acme_rules.youth is the module of the installed rule pack acme-youth: write "
        "--rules-from acme-youth"
    )
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "acme_rules"]).endswith(
        "acme_rules holds the modules of the installed rule packs acme-region and "
        "acme-youth: write --rules-from with one of them"
    )


def test_the_folder_of_an_installed_pack_s_package_is_answered_with_its_name_alone(
    liaison: Path,
    region: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the project's own checkout, installed with pip install -e .: not told to install it
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nhs_region_rules").mkdir()
    (tmp_path / "nhs_region_rules" / "__init__.py").write_text("", encoding="utf-8")
    assert error_line(capsys, ["check", str(liaison), "--rules-from", "nhs_region_rules"]) == (
        "activity-systems: nhs_region_rules: a folder, and no installed rule pack has this "
        "name; nhs_region_rules is the module of the installed rule pack nhs-region: "
        "write --rules-from nhs-region"
    )


@pytest.mark.skipif(os.sep != "/", reason="'\\' separates folders there")
@pytest.mark.parametrize("given", ["rules\\team.py", "rules\\team_rules"])
def test_a_path_written_with_windows_backslashes_is_told_as_a_path(
    liaison: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules" / "team_rules").mkdir(parents=True)
    (tmp_path / "rules" / "team.py").write_text(TIMING, encoding="utf-8")
    assert main(["check", str(liaison), "--rules-from", given]) == 2
    slashed = given.replace("\\", "/")
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {given}: no such file (did you mean {slashed!r}? folders are "
        "separated by '/' here, not '\\')"
    )


#: The case, after an upgrade of its pack or run without it: it leaves out a rule of
#: the pack and has an action on another's finding.
CASE_NAMING_PACK_RULES = (
    CASE
    + """\
leave_out:
  - {rule: NHSR102, reason: Worked through in March}
actions:
  - {finding: {rule: NHSR101, elements: [referral]}, strategy: Agree a time}
"""
)


def warning_lines(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[str]:
    main(argv)
    return [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]


def test_a_case_naming_rules_of_a_pack_not_given_names_the_installed_packs(
    tmp_path: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Run without --rules-from nhs-region, the case's leave_out and its action name ids
    # that no rule has: the warnings say which installed packs could have them.
    case = tmp_path / "upgraded.yaml"
    case.write_text(CASE_NAMING_PACK_RULES, encoding="utf-8")
    hint = "; installed rule packs: nhs-region (give one with --rules-from nhs-region)"
    lines = warning_lines(capsys, ["check", str(case)])
    assert len(lines) == 2
    assert lines[0].endswith(f"NHSR102, which no rule has, so it leaves nothing out{hint}")
    assert lines[1].endswith(f"no rule has the id NHSR101, so nothing was looked for{hint}")


def test_a_case_naming_a_rule_its_pack_no_longer_has_names_only_other_packs(
    tmp_path: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The pack is given, and its new version has no NHSR102: the pack given is not
    # suggested again; another installed pack is, as another.
    install_pack(
        region,
        "trust_rules",
        pack="trust",
        modules={"__init__": EVERY_SYSTEM.format(rule_id="TRU101", name="trust-system")},
    )
    case = tmp_path / "upgraded.yaml"
    case.write_text(CASE_NAMING_PACK_RULES, encoding="utf-8")
    lines = warning_lines(capsys, ["check", str(case), "--rules-from", "nhs-region"])
    assert len(lines) == 1
    assert lines[0].endswith(
        "NHSR102, which no rule has, so it leaves nothing out; did you mean NHSR101? "
        "Other installed rule packs: trust (give one with --rules-from trust)"
    )


#: A pack's rule that calls a helper of the pack, which raises.
HELPED = '''\
from activity_systems import rule


def limit_of(case):
    return {}["limit"]


@rule("NHSR301", name="helped", category="completeness")
def helped(case):
    """A rule with a helper."""
    return limit_of(case)
'''


def test_a_pack_s_rule_that_raises_is_named_at_the_line_of_the_pack_that_raised(
    liaison: Path, site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The pack is installed where pip puts packages, beside the libraries its rules may
    # call: its own lines are still the user's, and the one that raised is named.
    import sysconfig

    paths = {**sysconfig.get_paths(), "purelib": str(site), "platlib": str(site)}
    monkeypatch.setattr(sysconfig, "get_paths", lambda *args, **kwargs: paths)
    install_pack(site, "helped_rules", pack="helped", modules={"__init__": HELPED})
    line = error_line(capsys, ["check", str(liaison), "--rules-from", "helped"])
    assert "rule NHSR301 failed at " in line
    assert "helped_rules/__init__.py:5, in limit_of: KeyError: 'limit'" in line


def test_an_installed_package_without_the_entry_point_says_what_its_metadata_lacks(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The team built and installed its package but left the entry point out of its
    # pyproject.toml: whether the module's name or the distribution's is given, the error
    # says that it is installed, and what it lacks, rather than only that no pack has it.
    folder = site / "youth_rules"
    folder.mkdir()
    (folder / "__init__.py").write_text(TIMING, encoding="utf-8")
    info = site / "youth_rules-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: youth-rules\nVersion: 0.1.0\n"
        "Requires-Dist: activity-systems>=0.1\n",
        encoding="utf-8",
    )
    (info / "top_level.txt").write_text("youth_rules\n", encoding="utf-8")
    for given in ("youth_rules", "youth-rules", "youth_rules.timing", "youth_rules:RULES"):
        line = error_line(capsys, ["rules", "--rules-from", given])
        assert line.startswith(
            f"activity-systems: {given}: no such file, and no installed rule pack has this "
            "name; the installed package youth-rules 0.1.0 (module youth_rules) is no rule "
            "pack: its metadata names no module under the entry-point group "
            'activity_systems.rules (add [project.entry-points."activity_systems.rules"] '
            'to its pyproject.toml, a line such as youth-rules = "youth_rules", install it '
            "again, and give --rules-from youth-rules)"
        ), line
    assert "youth_rules" not in sys.modules  # its code did not run


def test_a_package_of_a_pack_or_of_no_rules_is_answered_as_it_is(
    liaison: Path, region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The distribution's name of a pack is told the pack's; a package that does not
    # depend on the library is no package of rules, and is told nothing of entry points.
    line = error_line(capsys, ["rules", "--rules-from", "nhs-region-rules"])
    assert line.endswith(
        "no installed rule pack has this name; nhs-region-rules is the package of the "
        "installed rule pack nhs-region: write --rules-from nhs-region"
    )
    (region / "plain").mkdir()
    (region / "plain" / "__init__.py").write_text("", encoding="utf-8")
    info = region / "plain-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: plain\nVersion: 1.0\n", encoding="utf-8"
    )
    line = error_line(capsys, ["rules", "--rules-from", "plain"])
    assert "entry-point" not in line
    assert line.endswith("or the name of an installed rule pack: nhs-region")


#: A pack's rule that calls a function of another installed library, which raises.
CALLS_A_LIBRARY = '''\
from activity_systems import rule
import checked_limits


@rule("NHSR302", name="calls-a-library", category="completeness")
def calls_a_library(case):
    """A rule that calls another library."""
    return checked_limits.limit_of(case)
'''


def test_a_pack_s_rule_that_raises_in_a_library_of_the_user_site_is_named_at_its_line(
    liaison: Path,
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The library the pack calls was installed with pip install --user (or by the
    # system's packages, in a venv made with --system-site-packages): it is no code of
    # the pack's author, whose line that called it is named.
    import site as python_site
    import sysconfig

    paths = {**sysconfig.get_paths(), "purelib": str(site), "platlib": str(site)}
    monkeypatch.setattr(sysconfig, "get_paths", lambda *args, **kwargs: paths)
    user_site = tmp_path / "user-site-packages"
    user_site.mkdir()
    (user_site / "checked_limits.py").write_text(
        'def limit_of(case):\n    return {}["limit"]\n', encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(user_site))
    monkeypatch.setattr(python_site, "getusersitepackages", lambda: str(user_site))
    monkeypatch.delitem(sys.modules, "checked_limits", raising=False)
    install_pack(site, "library_rules", pack="library", modules={"__init__": CALLS_A_LIBRARY})
    try:
        line = error_line(capsys, ["check", str(liaison), "--rules-from", "library"])
    finally:
        sys.modules.pop("checked_limits", None)
    assert "library_rules/__init__.py:8, in calls_a_library: KeyError: 'limit'" in line, line


def test_a_package_of_rules_in_a_namespace_is_told_the_module_to_name(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # acme is a namespace that other packages of the team share: the entry point must
    # name acme.rules, whose __init__.py imports the rules, not the namespace acme,
    # which would load none.
    folder = site / "acme" / "rules"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(TIMING, encoding="utf-8")
    info = site / "acme_rules-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-rules\nVersion: 0.1.0\n"
        "Requires-Dist: activity-systems>=0.1\n",
        encoding="utf-8",
    )
    (info / "top_level.txt").write_text("acme\n", encoding="utf-8")
    (info / "RECORD").write_text(
        "acme/rules/__init__.py,,\nacme_rules-0.1.0.dist-info/METADATA,,\n"
        "acme_rules-0.1.0.dist-info/top_level.txt,,\nacme_rules-0.1.0.dist-info/RECORD,,\n",
        encoding="utf-8",
    )
    for given in ("acme-rules", "acme.rules"):
        line = error_line(capsys, ["rules", "--rules-from", given])
        assert "(module acme.rules) is no rule pack" in line, line
        assert 'a line such as acme-rules = "acme.rules"' in line, line
    assert "acme.rules" not in sys.modules  # its code did not run


def test_a_package_of_rules_built_without_top_level_txt_is_told_its_module(
    liaison: Path, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Built with hatchling or flit, whose metadata has no top_level.txt, and named
    # otherwise than its module: the module is read from the files it installed.
    folder = site / "yj_rules"
    folder.mkdir()
    (folder / "__init__.py").write_text(TIMING, encoding="utf-8")
    info = site / "youth_justice_rules-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: youth-justice-rules\nVersion: 0.1.0\n"
        "Requires-Dist: activity-systems>=0.1\n",
        encoding="utf-8",
    )
    (info / "RECORD").write_text(
        "yj_rules/__init__.py,,\nyouth_justice_rules-0.1.0.dist-info/METADATA,,\n"
        "youth_justice_rules-0.1.0.dist-info/RECORD,,\n",
        encoding="utf-8",
    )
    line = error_line(capsys, ["rules", "--rules-from", "youth-justice-rules"])
    assert 'a line such as youth-justice-rules = "yj_rules"' in line, line


def test_a_rule_in_the_folder_of_a_windows_environment_is_the_user_s_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Windows site.getsitepackages() lists the environment's own folder before its
    # Lib\site-packages: a script kept there is the user's, and named where it raised.
    import importlib.util
    import site as python_site

    from activity_systems.errors import raised_in_user_code

    script = tmp_path / "team_rules.py"
    script.write_text("def boom():\n    raise KeyError('x')\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("team_rules_in_prefix", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    installed = [str(tmp_path), str(tmp_path / "Lib" / "site-packages")]
    monkeypatch.setattr(python_site, "getsitepackages", lambda: installed)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    try:
        module.boom()
    except KeyError as error:
        where = raised_in_user_code(error)
    assert where is not None
    assert where.endswith("team_rules.py:2, in boom"), where


#: A pack's rule whose helper never finishes on its own; Ctrl-C (here at once) stops it.
SLOW_HELPER = '''\
from activity_systems import rule


def wait_for(case):
    raise KeyboardInterrupt  # Ctrl-C, pressed while the helper runs


@rule("NHSR303", name="slow", category="completeness")
def slow(case):
    """A rule with a slow helper."""
    return wait_for(case)
'''


def test_a_pack_s_rule_stopped_by_ctrl_c_in_a_helper_is_named_at_the_helper_s_line(
    liaison: Path, site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sysconfig

    paths = {**sysconfig.get_paths(), "purelib": str(site), "platlib": str(site)}
    monkeypatch.setattr(sysconfig, "get_paths", lambda *args, **kwargs: paths)
    install_pack(site, "slow_rules", pack="slow", modules={"__init__": SLOW_HELPER})
    assert main(["check", str(liaison), "--rules-from", "slow"]) == 130
    line = one_error_line(capsys.readouterr().err)
    assert "interrupted while rule NHSR303 was running, at " in line, line
    assert "slow_rules/__init__.py:5, in wait_for; " in line, line
