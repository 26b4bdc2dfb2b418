"""Pages that describe something the code defines say what the code says.

- ``docs/rules.md`` is the rule catalogue, generated from the rules' docstrings.
- ``docs/cli.md`` documents every subcommand and every option, and lists the built-in
  rules as ``activity-systems rules`` does.
- ``docs/handouts.md`` names every shipped template and every variable a template gets,
  and numbers the figures as a handout does.
- A page that quotes the span of the built-in rules ("AS000 to AS605") quotes it as it is.

After adding or changing a built-in rule, rewrite the two pages that list the rules with:
``ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_docs_pages.py``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import locale
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from cli_errors import BUILTIN_SPAN
from doc_blocks import FENCE, regenerate

import activity_systems
from activity_systems import LeftOutRule, RuleFailure, check, load
from activity_systems.cli import _parser
from activity_systems.handouts import render_handout

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REGENERATE = os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1"
HOW = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_docs_pages.py"
#: The listing of ``activity-systems rules`` in docs/cli.md: the command, and what it prints.
RULES_LISTING = re.compile(
    r"(```console\nactivity-systems rules\n```\n\n```text\n)(.*?)(```)", re.S
)


def with_rules_listing(page: str, listing: str) -> str:
    """``page`` with the output shown after ``activity-systems rules`` replaced by
    ``listing``; the page as it is when it has no such example."""
    return RULES_LISTING.sub(lambda match: match[1] + listing + match[3], page, count=1)


def test_the_rules_are_read_as_utf_8_in_any_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # the catalogue is UTF-8 whatever the locale; Windows' would read it as cp1252, and
    # regenerating would write that misreading into docs/rules.md
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "cp1252")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")
    generated = printed("rules", "--format", "markdown")
    assert "Engeström" in generated, "'activity-systems rules' misprinted 'Engeström'"
    path = DOCS / "rules.md"
    if REGENERATE:
        # as the test below does: whichever of the two runs first, a regenerating run
        # passes, and a stale page is not reported as a failure of this one
        regenerate(path, generated)
    page = path.read_text(encoding="utf-8")
    assert any(not character.isascii() for character in page)
    assert page == generated, f"docs/rules.md is out of date; regenerate it: {HOW}"


def test_regenerating_leaves_a_page_alone_or_replaces_it_whole(tmp_path: Path) -> None:
    # under pytest -n, other tests read docs/cli.md while this file regenerates it
    page = tmp_path / "cli.md"
    page.write_text("old\n", encoding="utf-8")
    before = page.stat()
    regenerate(page, "old\n")
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    regenerate(page, "new\n")
    assert page.read_text(encoding="utf-8") == "new\n"
    assert page.stat().st_ino != before.st_ino  # a file renamed into place, never truncated
    assert sorted(tmp_path.iterdir()) == [page]


def printed(*args: str) -> str:
    """What ``python -m activity_systems ARGS`` prints, run in a fresh process, so that
    only the built-in rules are registered, read as UTF-8 in any locale; a failure shows
    what the command said."""
    run = subprocess.run(
        [sys.executable, "-m", "activity_systems", *args],
        capture_output=True,
        encoding="utf-8",  # as the pages are, and as Python prints with PYTHONUTF8=1
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert run.returncode == 0, (
        f"'python -m activity_systems {' '.join(args)}' failed (exit status "
        f"{run.returncode}), so the pages that list the rules cannot be checked or "
        f"regenerated:\n{run.stderr}"
    )
    return run.stdout


def test_a_command_that_fails_to_list_the_rules_says_why() -> None:
    # as when a rule module no longer imports: the failure shows what the command said
    with pytest.raises(AssertionError, match="invalid choice: 'no-such-command'"):
        printed("no-such-command")


def test_regenerating_replaces_the_rules_listing_alone() -> None:
    page = (
        "Intro\n\n```console\nactivity-systems rules\n```\n\n```text\nAS101  old\n```\n\n"
        "```console\nactivity-systems rules as101\n```\n\n```text\nkept\n```\n"
    )
    assert with_rules_listing(page, "AS101  new\nAS102  added\n") == page.replace(
        "AS101  old\n", "AS101  new\nAS102  added\n"
    )
    assert with_rules_listing("no listing\n", "AS101  new\n") == "no listing\n"


def test_the_rule_catalogue_page_is_generated_from_the_docstrings() -> None:
    generated = printed("rules", "--format", "markdown")
    path = DOCS / "rules.md"
    if REGENERATE:
        regenerate(path, generated)
    page = path.read_text(encoding="utf-8")
    assert page == generated, f"docs/rules.md is out of date; regenerate it: {HOW}"


def test_the_command_line_page_lists_every_builtin_rule() -> None:
    """``docs/cli.md`` shows what ``activity-systems rules`` prints: a rule added, renamed
    or reworded shows there too."""
    generated = printed("rules")
    path = DOCS / "cli.md"
    if REGENERATE:
        regenerate(path, with_rules_listing(path.read_text(encoding="utf-8"), generated))
    page = path.read_text(encoding="utf-8")
    shown = RULES_LISTING.search(page)
    assert shown is not None, (
        "docs/cli.md, section 'rules': the example of 'activity-systems rules'"
    )
    assert shown[2] == generated, (
        "docs/cli.md, section 'rules': the listing after 'activity-systems rules' is out of "
        f"date; regenerate it: {HOW}"
    )


#: A page's words for the span of the built-in rules, as the command line's refusals
#: quote it ("the built-in rules, AS000 to AS605"), in prose that no test runs.
SPAN = re.compile(r"built-in\s+rules,\s+(AS\d+)\s+to\s+(AS\d+)")


def test_the_pages_name_the_span_of_the_builtin_rules_as_it_is() -> None:
    pages = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    stale = [
        f"{path.relative_to(ROOT).as_posix()}:{page.count(chr(10), 0, match.start()) + 1}"
        for path in pages
        for page in [path.read_text(encoding="utf-8")]
        for match in SPAN.finditer(page)
        if f"{match[1]} to {match[2]}" != BUILTIN_SPAN
    ]
    assert not stale, (
        f"{', '.join(stale)}: the built-in rules are {BUILTIN_SPAN} now; write that there"
    )


def section(page: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## ``, code blocks left out."""
    text = FENCE.sub("", (DOCS / page).read_text(encoding="utf-8"))
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the command line has no subcommands")


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_the_command_line_page_documents_every_option(command: str) -> None:
    text = section("cli.md", command)
    parser = subcommands()[command]
    for action in parser._actions:
        if action.dest in ("help", "debug"):  # documented once for every command
            continue
        # an option as `--name...`; a positional argument by its metavar, e.g. CASE
        names = [f"`{name}" for name in action.option_strings] or [str(action.metavar)]
        for name in names:
            assert name in text, f"docs/cli.md, section '{command}': document {name}"
        for choice in action.choices or ():
            assert str(choice) in text, f"docs/cli.md, section '{command}': {name} {choice}"


def test_the_command_line_page_lists_every_command() -> None:
    documented = re.findall(r"^## (\w+)$", (DOCS / "cli.md").read_text(encoding="utf-8"), re.M)
    assert sorted(documented) == sorted(subcommands())


def test_the_handouts_page_names_every_shipped_template() -> None:
    shipped = {
        entry.name
        for entry in resources.files("activity_systems.handouts").joinpath("templates").iterdir()
        if entry.name.endswith(".j2")
    }
    # the table of them: the text around it also names templates of a user's, misspelt
    table = section("handouts.md", "Your own templates").split("### Template names")[1]
    table = table.split("\n### ")[0]
    documented = set(re.findall(r"`([\w.]+\.j2)`", table))
    assert documented == shipped


def test_the_handouts_page_numbers_the_figures_as_a_handout_does() -> None:
    """With three systems, "Figure 3" of a handout is a triangle: the page says which
    numbers the overview and the pairs get, so that nobody sends the room to Figure 3."""
    from activity_systems.handouts.context import figure_specs

    case = load(ROOT / "examples" / "liaison-and-diversion.yaml")
    assert [kind for kind, *_ in figure_specs(case)] == ["system"] * 3 + ["overview"] + ["pair"] * 2
    text = " ".join(section("handouts.md", "What is in it").split())
    assert (
        "with three, the triangles are Figures 1 to 3, the overview is Figure 4 and the "
        "pairs are Figures 5 and 6"
    ) in text


def test_the_handouts_page_names_every_template_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if shutil.which("dot") is None:
        pytest.skip("a handout draws its figures with Graphviz 'dot'")
    seen: dict[str, Any] = {}

    class Template:
        def generate(self, values: dict[str, Any]) -> Iterator[str]:
            seen.update(values)
            yield ""

    class Environment:
        loader = None  # no folder of the user's, whose unused templates are looked for

        def get_template(self, name: str) -> Template:
            return Template()

    # the module, not the function of the same name that the package exports
    handout_module = importlib.import_module("activity_systems.handouts.handout")
    monkeypatch.setattr(handout_module, "environment", lambda *args: Environment())
    render_handout(load(ROOT / "examples" / "court-reports.yaml"), format="markdown")
    table = section("handouts.md", "Your own templates").split("### What a template receives")[1]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    assert documented == set(seen)


def test_no_file_holds_the_marks_of_an_unfinished_merge() -> None:
    """A page, template, module or example with ``<<<<<<<`` or ``>>>>>>>`` lines would
    show both versions of its text to users (Markdown renders them as text)."""
    marks = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)
    patterns = ("*.md", "*.py", "*.j2", "*.yaml", "*.yml", "*.toml", "*.css", "*.ipynb")
    places = [ROOT / "README.md", ROOT / "pyproject.toml", ROOT / "run.sh"]
    for folder in ("docs", "activity_systems", "tests", "examples", "benchmarks"):
        places += [p for pattern in patterns for p in (ROOT / folder).rglob(pattern)]
    found = [
        str(path.relative_to(ROOT))
        for path in places
        if path.is_file() and marks.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []


def table_keys(text: str, after: str) -> list[str]:
    """The first column of the first table after the line ``after``: `key` names."""
    lines = text[text.index(after) :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| key |"))
    keys = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        keys.append(line.split("|")[1].strip().strip("`"))
    return keys


def test_the_command_line_page_describes_every_key_of_the_json_report() -> None:
    """A dashboard reads the report by the page: each key, in the order written."""
    report = check(load(ROOT / "examples" / "court-reports.yaml"))
    data = json.loads(report.to_json())
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    heading = "### The JSON report\n"
    # selection is written, last, by a report of some of the findings only
    part = json.loads(report.only(severity="high").to_json())
    assert list(part) == [*data, "selection"]
    assert table_keys(text, heading) == list(part)
    finding = table_keys(text, "Each finding has these keys")
    assert finding == list(data["findings"][0])
    assert list(data["counts"]) == ["by_level", "by_severity"]
    section_text = text[text.index(heading) : text.index("### Reading a report back")]
    for name in [*data["counts"]["by_level"], *data["counts"]["by_severity"]]:
        assert f"`{name}`" in section_text, name
    assert '{"rule": id, "error":' in section_text
    for name in part["selection"]:
        assert f"`{name}`" in section_text, name
    assert list(RuleFailure(rule="X1", error="E").model_dump()) == ["rule", "error"]
    assert '{"rule": id, "name": name, "reason": text, "by": text}' in section_text
    left = LeftOutRule(rule="AS602", name=None, reason=None, by=None)
    assert list(left.model_dump()) == ["rule", "name", "reason", "by"]


def test_the_follow_up_page_names_what_the_shipped_progress_templates_use() -> None:
    """A translated or restyled progress section starts from what the shipped one shows:
    every ``progress.<name>`` it uses is on the page."""
    templates = resources.files("activity_systems.handouts").joinpath("templates")
    used = {
        name
        for template in ("_progress.html.j2", "_progress.md.j2")
        for name in re.findall(r"\bprogress\.(\w+)", templates.joinpath(template).read_text())
    }
    text = section("follow-up.md", "4. The handout's progress section")
    described = text[text.index("Templates receive the") :]
    assert sorted(name for name in used if f"`{name}`" not in described) == []


def test_the_follow_up_page_names_every_key_of_a_change() -> None:
    """A reader of the comparison JSON, or of a progress section's ``changes`` in a
    template, finds every key of a change on the page (``previous_id`` of a renamed
    element included)."""
    from dataclasses import fields

    from activity_systems.follow_up import ElementChange
    from activity_systems.handouts.progress import ProgressChange

    change = ElementChange(system="s", node="rules", id="b", change="changed", label="B")
    page = section("follow-up.md", "Comparing on the command line")
    listed = page[page.index("### The JSON contract") :]
    listed = listed[listed.index("Every change carries") :]
    listed = listed[: listed.index("\n\n")]
    assert [key for key in change.to_dict() if f"`{key}`" not in listed] == []
    text = section("follow-up.md", "4. The handout's progress section")
    rows = text[text.index("each row of its `changes` has") :]
    rows = rows[: rows.index("; each of its `actions`")]
    assert [f.name for f in fields(ProgressChange) if f"`{f.name}`" not in rows] == []


def test_the_examples_folder_is_explained_before_a_page_uses_it() -> None:
    # pip installs the package alone; a newcomer who reads the pages in order meets
    # examples/court-reports.yaml on the case-file reference, so Getting started says
    # where that folder is, and how to have it without a clone: `new --examples` writes
    # the package's copy out, and a release's source distribution holds it
    # (MANIFEST.in), which pip fetches without installing it.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r"^  - [^:]+: (\S+\.md)$", config, re.MULTILINE)
    users = [
        page
        for page in nav
        if any("examples/" in m["body"] for m in FENCE.finditer((DOCS / page).read_text("utf-8")))
    ]
    assert users, "no page runs an example of examples/ any more"
    explained = " ".join((DOCS / "getting-started.md").read_text("utf-8").split())
    assert "`examples/` folder" in explained
    assert "which pip does not install where their commands look for it" in explained
    assert "`activity-systems new --examples`, typed in the folder where you type" in explained
    assert nav.index("getting-started.md") < nav.index(users[0])
    page = (DOCS / "getting-started.md").read_text("utf-8")
    section = page[page.index("\n## Where next\n") :]
    (block,) = re.findall(r"```console\n(pip download .*?)```", section, re.DOTALL)
    # The examples of the version installed, which may not read a later release's; and
    # pip finds no release before one is published, which the page says until then.
    version = activity_systems.__version__
    assert block.splitlines() == [
        f"pip download --no-deps --no-binary :all: activity-systems=={version}",
        f"tar xzf activity_systems-{version}.tar.gz",
        f"cd activity_systems-{version}",
    ]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unpublished = f"\n## [{version}] - Unreleased\n" in changelog
    said = "No release has been published on a package index yet" in explained
    assert said == unpublished
    # A reader installs before reaching "Where next": until a release is published, the
    # README's Install and the page's own say so before `pip install activity-systems`
    # answers "No matching distribution found", and name the install from a clone.
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    install_section = page[page.index("\n### The package\n") : page.index("\n## A first case\n")]
    install = " ".join(install_section.split())
    for where, text in (("README.md", readme), ("The package", install)):
        says = "No release has been published on a package index yet" in text
        assert says == unpublished, where
        if unpublished:
            assert "No matching distribution found" in text, where
    assert f"prints, here {version})" in explained


def test_the_concepts_page_names_the_training_phases_as_the_chapter_does() -> None:
    # Table 2 of the chapter: "INTRA-AGENCY PHASE 1 General awareness training",
    # "INTENSIVE PHASE 2 An induction to interprofessional and interagency training",
    # "GRADUATED PHASE 3 Implementation of coproduction ...". The first phase is general
    # awareness delivered within each agency, not a phase on collaborative competencies.
    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    model = " ".join(page[page.index("## The training model") :].split())
    phases = ("Intra-agency phase 1", "Intensive phase 2", "Graduated phase 3")
    assert [phase for phase in phases if phase not in model] == []
    assert "general awareness training" in model
    assert "induction to interprofessional and interagency training" in model
    assert "foundation" not in model.lower()


def test_the_concepts_page_lists_the_integration_levels_in_the_models_order() -> None:
    from activity_systems.model.relations import IntegrationLevel

    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    scale = page[page.index("## Scale of Organisational Integration") :]
    listed = re.findall(r"^\d\. \*\*([a-z ]+)\*\*", scale, re.MULTILINE)
    assert listed == [level.label.lower() for level in IntegrationLevel]


def test_the_concepts_page_numbers_engestroms_objects_by_construction_not_by_system() -> None:
    # Engeström (2001): in each system the object moves from "raw material" (object 1) to
    # the object the activity system constructs (object 2); object 3 is the potentially
    # shared one. Object 1 and object 2 are not the two systems' objects.
    page = " ".join((DOCS / "concepts.md").read_text(encoding="utf-8").split())
    assert "(object 1, object 2)" not in page
    assert '"raw material" (object 1' in page
    assert "(object 2" in page
    assert "(object 3)" in page


def test_the_follow_up_page_s_json_contract_has_every_key_of_the_comparison() -> None:
    """The JSON contract on the page shows every top-level key that ``compare --format
    json`` writes, in its order, and names each key of a rule left out."""
    import json

    import activity_systems as a
    from activity_systems.follow_up import LeftOutOfComparison

    raw = (DOCS / "follow-up.md").read_text(encoding="utf-8")
    block = raw[raw.index("### The JSON contract") :]
    block = block[block.index("```json\n") + len("```json\n") :]
    block = block[: block.index("```")]
    page = section("follow-up.md", "Comparing on the command line")
    listed = page[page.index("### The JSON contract") :]
    shown = re.findall(r'^  "([a-z_]+)":', block, re.MULTILINE)
    data = json.loads(
        a.compare(
            "examples/liaison-and-diversion.yaml", "examples/liaison-and-diversion-2027.yaml"
        ).to_json()
    )
    assert shown == list(data)
    left = LeftOutOfComparison(rule="AS602", name=None, versions=("after",), reason=None, by=None)
    described = listed[listed.index("`left_out` lists") :]
    described = described[: described.index("\n\n")]
    assert [key for key in left.to_dict() if f"`{key}`" not in described] == []


def test_the_concepts_page_states_engestroms_terms_as_he_does() -> None:
    # "historically accumulating structural tensions within and between activity systems"
    # is Engeström (2001), not 1987; the neighbour activities are Engeström's (1987) four
    # kinds; a tertiary contradiction is a more advanced motive introduced into an
    # activity; the division of labour is of tasks and of power and status.
    page = " ".join((DOCS / "concepts.md").read_text(encoding="utf-8").split())
    quoted = (
        '"historically accumulating structural tensions within and between activity '
        'systems" (Engeström, 2001)'
    )
    assert quoted in page
    for kind in ("object-activities", "instrument-producing", "subject-producing"):
        assert kind in page
    assert "rule-producing activities" in page
    assert "*introduced into it*" in page
    assert "power and status" in page
    assert "**expansive learning**" in page


def test_the_rule_catalogue_gives_each_level_its_reading() -> None:
    # Voluntary or over-workload work is not exchange value; the chapter's own reading
    # of the report contradiction (secondary) is named beside the rule's (quaternary).
    page = " ".join((DOCS / "rules.md").read_text(encoding="utf-8").split())
    assert "use value turned into exchange value" not in page
    assert "Figure 3.1" in page  # the source of Engeström's open nodes (AS602)
    # ...which a reader can find: the chapter is named by its DOI, not by its publisher alone.
    title = "Medical work in transition: towards collaborative and transformative expertise"
    assert f'"{title}"' in page
    assert "doi:10.4324/9781351241779-4, Figure 3.1" in page
    assert "a secondary contradiction, which participants can declare (AS000)" in page


def test_the_case_files_page_s_tertiary_example_is_an_object_and_motive() -> None:
    # Engeström's tertiary contradiction is between the object and motive of an activity's
    # dominant form and those of a more advanced form brought into it; a target is a rule
    # or a goal, which the concepts page says an object is not.
    page = " ".join((DOCS / "case-files.md").read_text(encoding="utf-8").split())
    assert "target" not in page[page.index("The prompt asks, it does not correct") :][:700]
    assert "the object and motive of a national liaison-and-diversion model" in page


def test_console_blocks_have_no_prompt_to_copy() -> None:
    """A ``console`` block is for copying line by line into a shell: a ``$ `` prompt
    before a command would be copied with it (``$: command not found``). Every page
    writes its commands bare; a ``text`` block may show a prompt with the output."""
    prompted = [
        f"{page.name}: {line.strip()}"
        for page in sorted(DOCS.glob("*.md"))
        for block in FENCE.finditer(page.read_text(encoding="utf-8"))
        if block["info"].split()[:1] == ["console"]
        for line in block["body"].splitlines()
        if line.strip().startswith("$ ")
    ]
    assert prompted == []


def test_the_concepts_page_explains_every_shipped_competency() -> None:
    """Findings, reports and handouts name "collaborative competencies" on every page;
    Concepts says what each shipped one means, by its label and its slug."""
    from activity_systems.vocab import competencies

    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    section = page.split("\n## Collaborative competencies\n", 1)[1].split("\n## ", 1)[0]
    for competency in competencies().values():
        line = f"- **{competency.label}** (`{competency.slug}`): {competency.description}"
        assert line in " ".join(section.split("\n  ")), competency.slug


def test_the_concepts_page_places_the_lancet_commission_list_in_the_text_not_table_1() -> None:
    # The chapter's Table 1 compares four frameworks (Wilhelmson et al., IPEC, Orchard &
    # Bainbridge for CIHC, Walsh et al.); the Lancet Commission's six core competencies
    # are listed in its text, under "Collaborative competencies", not in the table.
    page = " ".join((DOCS / "concepts.md").read_text(encoding="utf-8").split())
    assert "Table 1 (the Lancet Commission" not in page
    assert "from the Lancet Commission (Frenk et al., 2010) in its section on" in page
    assert "Orchard & Bainbridge, 2010" in page


def test_the_catalogue_gives_the_deadline_contradiction_every_level_as101_reports() -> None:
    # AS605 recalls the contradiction AS101 would find: quaternary between neighbours,
    # tertiary when one system advances the other, and secondary as the chapter reads it
    # inside the court's system; calling it quaternary alone misstated both.
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    entry = " ".join(page[page.index("## AS605") :].split())
    assert "cannot meet is a quaternary contradiction" not in entry
    assert "quaternary, or tertiary when one ``advances`` the other" in entry
    assert "as secondary: see AS101" in entry


def test_the_catalogue_says_where_the_chapter_puts_the_consultancy_basis() -> None:
    # The chapter lists "a private consultancy basis over and above their current
    # workload" among the psychiatrist's norms and rules (Figure 2); AS403 reads it from
    # a task's basis in the division of labour, and its entry says so.
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    entry = " ".join(page[page.index("## AS403") : page.index("## AS404")].split())
    assert "Interpretation: the chapter lists the private consultancy basis among the" in entry
    assert "norms and rules" in entry


def test_getting_started_counts_engestroms_elements_as_the_concepts_page_does() -> None:
    # Engeström's triangle has six elements and the outcome its object is turned into;
    # the library keeps the outcome as a seventh node (Concepts, "Activity systems").
    page = " ".join((DOCS / "getting-started.md").read_text(encoding="utf-8").split())
    assert "Engeström's seven nodes" not in page
    assert "the six elements of Engeström's triangle" in page


def test_getting_started_reaches_the_command_installed_from_a_clone() -> None:
    # The page's commands are typed in an empty folder, where `./activity-systems` names
    # nothing ("Invalid requirement"); and `./run.sh demo` installs the package into the
    # clone's own .venv, so that in a folder of one's own `activity-systems` answers
    # "command not found" until that environment is activated.
    page = " ".join((DOCS / "getting-started.md").read_text("utf-8").split())
    assert "`pip install ./activity-systems`" not in page
    assert "`pip install ~/activity-systems`" in page
    assert "`. ~/activity-systems/.venv/bin/activate`" in page
    assert "command not found" in page


def test_getting_started_explains_the_caption_of_its_figure_3(tmp_path: Path) -> None:
    # The first case's Figure 3 draws four bolts and its caption adds "In the report
    # only, not drawn: 5" (the integration gap); a newcomer looking at it for the first
    # time is told what that line means, in the caption's own words.
    page = (DOCS / "getting-started.md").read_text("utf-8")
    found = re.search(r'```yaml title="first-case.yaml"\n(.*?)```', page, re.DOTALL)
    assert found
    case_file = tmp_path / "first-case.yaml"
    case_file.write_text(found[1], encoding="utf-8")
    activity_systems.render(load(case_file), tmp_path / "figure3.dot")
    (caption,) = re.findall(
        r"In the report only, not drawn: [0-9]+(?:, [0-9]+)*",
        (tmp_path / "figure3.dot").read_text("utf-8"),
    )
    draw_it = page[page.index("\n## Draw it\n") : page.index("\n## Write the handout\n")]
    assert f"“{caption}”" in " ".join(draw_it.split())


def test_getting_started_names_the_findings_new_in_its_built_case() -> None:
    # The case built in Python prints rules the first case never reported (AS601,
    # AS603): a newcomer is told what each is, with a link to its catalogue entry.
    page = (DOCS / "getting-started.md").read_text("utf-8")
    section = page[page.index("\n### Building a case in Python\n") :]
    section = section[: section.index("\n### In a Jupyter notebook\n")]
    printed = re.findall(r"```text\n(\[.*?\])\n```", section, re.DOTALL)
    assert len(printed) == 1
    after = section[section.index(printed[0]) :]
    first_case = page[page.index("\n## Check it\n") : page.index("\n## Draw it\n")]
    new = sorted(set(re.findall(r"AS\d{3}", printed[0])) - set(re.findall(r"AS\d{3}", first_case)))
    assert new
    for rule in new:
        assert f"(rules.md#{rule.lower()}-" in after, rule
