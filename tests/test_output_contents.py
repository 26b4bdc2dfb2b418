"""What an output holds: the case, and nothing of the machine or the person that made it.

Every command is run on the court example in two folders, by two users with their own
home folders, time zones and locales; the outputs must be the same bytes, and none may
name the folder, the user, their home, the host, or the software's versions. (See "What
an output holds" in docs/reliability.md.)
"""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from activity_systems.cli import main

if TYPE_CHECKING:
    from activity_systems import Case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

#: Each command, writing to ``out/`` (a file; a Markdown handout's figure files beside it).
COMMANDS = [
    "check court-reports.yaml --fail-on never -o out/check.txt",
    "check court-reports.yaml --fail-on never --format md -o out/check.md",
    "check court-reports.yaml --fail-on never --format json -o out/check.json",
    "check court-reports.yaml --fail-on never --format csv -o out/check.csv",
    "check court-reports.yaml --fail-on never --format latex -o out/check.tex",
    "render court-reports.yaml -o out/figure.dot",
    "render court-reports.yaml -o out/figure.svg",
    "render court-reports.yaml -o out/figure.png",
    "render court-reports.yaml -o out/figure.pdf",
    "handout court-reports.yaml -o out/handout.html",
    "handout court-reports.yaml -o out/handout.md",
    "handout court-reports.yaml --figures png -o out/handout-png.md",
    "compare old/court-reports.yaml court-reports.yaml --format json -o out/compare.json",
    "compare old/court-reports.yaml court-reports.yaml --format md -o out/compare.md",
    "compare old/court-reports.yaml court-reports.yaml --format csv -o out/compare.csv",
    "compare old/court-reports.yaml court-reports.yaml -o out/compare.txt",
    "handout court-reports.yaml --since old/court-reports.yaml -o out/since.html",
    "rules --format json -o out/rules.json",
    "schema -o out/schema.json",
    "new out/new.yaml",
]


def _outputs(
    base: Path, user: str, folder: str, zone: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    """Every command's outputs, run by ``user`` in ``folder`` of their home."""
    home = base / user
    work = home / folder
    (work / "old").mkdir(parents=True)
    (work / "out").mkdir()
    for place in (work, work / "old"):
        shutil.copy(EXAMPLES / "court-reports.yaml", place)
    for name, value in {
        "HOME": str(home),
        "USER": user,
        "LOGNAME": user,
        "TZ": zone,
        "LANG": language,
        "LC_ALL": language,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(work)
    for command in COMMANDS:
        assert main(command.split()) == 0, command
    return {
        path.relative_to(work / "out").as_posix(): path.read_bytes()
        for path in sorted((work / "out").rglob("*"))
    }


@needs_graphviz
def test_two_users_in_two_folders_get_the_same_bytes_and_nothing_of_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = _outputs(tmp_path / "a", "alice", "project", "UTC0", "C.UTF-8", monkeypatch)
    bob = _outputs(tmp_path / "b", "bob", "x", "IST-5:30", "POSIX", monkeypatch)
    assert sorted(alice) == sorted(bob)
    assert "handout-figure1-court.svg" in alice  # a Markdown handout's figure files
    for name in alice:
        assert alice[name] == bob[name], name
    machine = [str(tmp_path).encode(), b"alice", b"project", b"graphviz version", b"cairo"]
    if len(socket.gethostname()) >= 4:  # a short host name would be found in any text
        machine.append(socket.gethostname().encode())
    for name, content in alice.items():
        for leak in machine:
            assert leak not in content, (name, leak)


#: What the case keeps about people, planted in a copy of the liaison example: an
#: action's owner and note, a declared contradiction's note, who decided to leave a rule
#: out. Each is a word found nowhere else in any output.
PEOPLE = {
    "owner": "Ozymandias Owner",
    "note": "Nadezhda said the pilot slipped",
    "declared": "Raised by Delphine Declarer",
    "by": "Barnabas Bystander, 4 November 2026",
}

#: Every command that writes what a case holds, with ``--without-people``.
SHARED = [
    "check case.yaml --fail-on never -o out/check.txt",
    "check case.yaml --fail-on never --format md -o out/check.md",
    "check case.yaml --fail-on never --format json -o out/check.json",
    "check case.yaml --fail-on never --format csv -o out/check.csv",
    "check case.yaml --fail-on never --format latex -o out/check.tex",
    "render case.yaml -o out/figure.dot",
    "render case.yaml --system court -o out/court.dot",
    "render case.yaml -o out/figure.svg",
    "render case.yaml --pair court local -o out/pair.svg",
    "handout case.yaml -o out/handout.html",
    "handout case.yaml -o out/handout.md",
    "handout case.yaml --since earlier.yaml -o out/since.html",
    "handout earlier.yaml --since case.yaml -o out/back.html",
    "compare earlier.yaml case.yaml -o out/compare.txt",
    "compare earlier.yaml case.yaml --format json -o out/compare.json",
    "compare earlier.yaml case.yaml --format csv -o out/compare.csv",
    "compare case.yaml earlier.yaml --format md -o out/compare-back.md",
]


def _with_people() -> str:
    """The later liaison example, with :data:`PEOPLE` written into it."""
    text = (EXAMPLES / "liaison-and-diversion-2027.yaml").read_text(encoding="utf-8")
    text = text.replace("owner: Court liaison workers", f"owner: {PEOPLE['owner']}", 1)
    text = text.replace("note: The pilot runs on two of the five court days.", "note: x", 1)
    text = text.replace("note: x", f"note: {PEOPLE['note']}", 1)
    declared = (
        "declared:\n  - between: [court.first-hearing, local.assessment]\n"
        f"    level: quaternary\n    note: {PEOPLE['declared']}\n\n"
        "leave_out:\n  - rule: AS602\n    reason: Mapped on purpose\n"
        f"    by: {PEOPLE['by']}\n\nactions:\n"
    )
    assert text.count("\nactions:\n") == 1
    return text.replace("\nactions:\n", "\n" + declared, 1)


def _written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str, text: str | None = None
) -> dict[str, str]:
    (tmp_path / "out").mkdir(parents=True)
    case = _with_people() if text is None else text
    (tmp_path / "case.yaml").write_text(case, encoding="utf-8")
    shutil.copy(EXAMPLES / "liaison-and-diversion.yaml", tmp_path / "earlier.yaml")
    monkeypatch.chdir(tmp_path)
    for command in SHARED:
        assert main([*command.split(), *extra]) == 0, command
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted((tmp_path / "out").iterdir())
    }


@needs_graphviz
def test_without_people_leaves_out_owners_notes_and_who_decided_from_every_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handout e-mailed to another agency, a figure in a published report, a report
    sent to a research team named the action's owner, quoted its note and the
    participants' words, and named who decided to leave a rule out (in every figure's
    caption too), and nothing could leave them out but editing a copy of the case."""
    written = _written(tmp_path / "with", monkeypatch)
    seen = {
        what: [n for n, text in written.items() if words in text] for what, words in PEOPLE.items()
    }
    assert all(seen.values()), seen  # each is shown somewhere without the option
    assert "figure.dot" in seen["by"]
    shared = _written(tmp_path / "without", monkeypatch, "--without-people")
    assert sorted(shared) == sorted(written)
    for name, text in shared.items():
        for words in PEOPLE.values():
            assert words not in text, (name, words)

    # the same findings, under the same keys, and the same actions on them
    def keys(report: dict[str, Any]) -> list[tuple[object, ...]]:
        findings = report["findings"]
        groups = findings.values() if isinstance(findings, dict) else [findings]
        found = [(x["key"], x["severity"]) for group in groups for x in group]
        return found + [(x["finding"], x["status"]) for x in report.get("actions", [])]

    for name in ("check.json", "compare.json"):
        assert keys(json.loads(shared[name])) == keys(json.loads(written[name])), name
    assert "Mapped on purpose" in shared["figure.dot"]  # the reason is the case's content


def test_a_case_file_shared_with_another_trust_can_be_written_without_people(
    tmp_path: Path,
) -> None:
    """A case file sent to another trust is itself an output: the copy that
    ``Case.without_people()`` gives is written and read back without them, its actions
    and left-out rules kept."""
    import activity_systems as a

    case = a.loads(_with_people())
    shared = a.dump(case.without_people(), tmp_path / "shared.yaml")
    text = shared.read_text(encoding="utf-8")
    for words in PEOPLE.values():
        assert words not in text, words
    back = a.load(shared)
    assert back == case.without_people()
    assert [x.strategy for x in back.actions] == [x.strategy for x in case.actions]
    assert [(x.rule, x.reason) for x in back.leave_out] == [("AS602", "Mapped on purpose")]
    assert len(back.declared) == len(case.declared) == 1


def _table_row(starts: str) -> list[str]:
    """The cells of the row of "What an output contains" that starts with ``starts``."""
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith(f"| {starts}")]
    return [cell.strip() for cell in row.strip("|").split("|")]


@needs_graphviz
def test_a_notebook_keeps_the_text_form_of_a_small_case_which_names_people() -> None:
    """A notebook file keeps each display's every form, the case's text beside its
    figure: a small case's text is its fields, the owner, the notes and who decided
    among them, as the table says; the case ``without_people()`` gives shows none."""
    import activity_systems as a

    case = a.Case(
        title="T",
        systems=[{"id": "a", "subject": "S", "object": "O"}],
        declared=[
            {"between": ["a.subject", "a.object"], "level": "secondary", "note": PEOPLE["declared"]}
        ],
        actions=[
            {
                "finding": {"rule": "AS603", "elements": ["a"]},
                "strategy": "Meet",
                "owner": PEOPLE["owner"],
                "note": PEOPLE["note"],
            }
        ],
        leave_out=[{"rule": "AS602", "reason": "On purpose", "by": PEOPLE["by"]}],
    )
    shown = "".join(case._repr_mimebundle_().values())
    _, _, owner, declared, by = _table_row("a notebook's display of a case")
    assert (PEOPLE["owner"] in shown) == owner.startswith("yes"), owner
    assert (PEOPLE["note"] in shown) == owner.startswith("yes"), owner
    assert (PEOPLE["declared"] in shown) == declared.startswith("yes"), declared
    assert (PEOPLE["by"] in shown) == by.startswith("yes"), by
    shared = "".join(case.without_people()._repr_mimebundle_().values())
    for words in PEOPLE.values():
        assert words not in shared, words


@needs_graphviz
def test_without_people_writes_what_the_case_edited_by_hand_to_leave_them_out_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every output ``--without-people`` writes is, byte for byte, that of the case file
    with each owner, note and ``by`` deleted by hand: the findings, their keys and
    numbers, the action plan and the captions are otherwise untouched (the outputs of
    one version: the earlier version of the two-version outputs keeps its owners)."""
    shared = _written(tmp_path / "option", monkeypatch, "--without-people")
    head, tail = _with_people().split("\ndeclared:\n")
    kept = [
        line
        for line in tail.splitlines(keepends=True)
        if not line.startswith(("    owner: ", "    note: ", "    by: "))
    ]
    by_hand = head + "\ndeclared:\n" + "".join(kept)
    for words in PEOPLE.values():
        assert words not in by_hand, words
    edited = _written(tmp_path / "hand", monkeypatch, text=by_hand)
    assert sorted(shared) == sorted(edited)
    for name, text in shared.items():
        if not name.startswith(("compare", "since", "back")):  # the earlier version is not edited
            assert text == edited[name], name


@needs_graphviz
def test_the_comments_of_a_figure_are_those_the_reliability_page_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever approves a figure for sharing reads which comments an SVG holds: each
    comment of every figure of the examples is one the page names, and the page names
    none that no figure holds."""
    import re

    monkeypatch.chdir(tmp_path)
    for example in ("court-reports.yaml", "liaison-and-diversion-2027.yaml"):
        assert main(["render", str(EXAMPLES / example), "-o", "."]) == 0
    held = {
        comment
        for figure in tmp_path.glob("*.svg")
        for comment in re.findall(r"<!--.*?-->", figure.read_text(encoding="utf-8"), re.S)
    }
    page = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    page = page.split("## What an output holds\n", 1)[1].split("\n## ", 1)[0]
    named = {
        comment
        for paragraph in page.split("\n\n")
        if "SVG" in paragraph
        for comment in re.findall(r"`(<!--.*?-->)`", paragraph)
    }
    assert held == named


#: The case's free texts other than the four about people, which a name may be written
#: in: an output that holds one says so in its row of "What an output contains".
CONTENT = ("description", "source", "purpose", "rationale", "sector", "strategy", "reason")


def _marked(example: str) -> str:
    """``example`` with each of its :data:`CONTENT` texts ending in a word of its own,
    ``Mkrationale`` for a rationale."""
    import yaml

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in CONTENT and isinstance(value, str):
                    node[key] = f"{value} Mk{key}"
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    walk(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@needs_graphviz
def test_each_output_s_row_names_the_free_texts_of_the_case_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever approves an output for sharing reads the texts of the case it holds in
    its row (a name written in a description or a rationale is shared with it)."""
    monkeypatch.chdir(tmp_path)
    for example in ("court-reports.yaml", "liaison-and-diversion.yaml"):
        (tmp_path / example).write_text(_marked(example), encoding="utf-8")
    (tmp_path / "later.yaml").write_text(
        _marked("liaison-and-diversion-2027.yaml"), encoding="utf-8"
    )
    rows = {
        "`check` text, Markdown": ["--format text", "--format md"],
        "`check --format json`": ["--format json"],
        "`check --format csv`": ["--format csv"],
        "`check --format latex`": ["--format latex"],
    }
    written: dict[str, str] = {}
    for row, formats in rows.items():
        for n, fmt in enumerate(formats):
            for case in ("court-reports.yaml", "later.yaml"):
                out = f"{case}.{n}.{fmt.split()[-1]}"
                assert main(["check", case, *fmt.split(), "--fail-on", "never", "-o", out]) == 0
                written[row] = written.get(row, "") + (tmp_path / out).read_text(encoding="utf-8")
    row = "`render` (SVG, PNG, PDF, DOT)"
    for case in ("court-reports.yaml", "later.yaml"):
        assert main(["render", case, "-o", f"{case}.dot"]) == 0
        written[row] = written.get(row, "") + (tmp_path / f"{case}.dot").read_text("utf-8")
    row = "`handout --since`, `compare`"
    for fmt in ("text", "md", "json"):
        out = f"compare.{fmt}"
        assert (
            main(
                ["compare", "liaison-and-diversion.yaml", "later.yaml", "--format", fmt, "-o", out]
            )
            == 0
        )
        written[row] = written.get(row, "") + (tmp_path / out).read_text(encoding="utf-8")
    row = "`compare --format csv`"
    argv = ["compare", "liaison-and-diversion.yaml", "later.yaml", "--format", "csv"]
    assert main([*argv, "-o", "compare.csv"]) == 0
    written[row] = (tmp_path / "compare.csv").read_text(encoding="utf-8")
    for row, text in written.items():
        (holds,) = _table_row(row)[1:2]
        unnamed = [key for key in CONTENT if f"Mk{key}" in text and key[:6] not in holds]
        assert unnamed == [], f"docs/reliability.md, {row}: name {unnamed}"


#: Each command's line on a case whose owner and decider are named in its labels too.
WARNED = [
    "check case.yaml --fail-on never -o out/check.txt",
    "render case.yaml -o out/figure.dot",
    "handout case.yaml -o out/handout.html",
    "compare earlier.yaml case.yaml -o out/compare.txt",
    "handout earlier.yaml --since case.yaml -o out/back.html",
]


def _named_in_labels() -> str:
    """:func:`_with_people`, with the owner named in a subject's label and who decided
    in an exchange's label: the names an output shared outside would still show."""
    text = _with_people()
    text = text.replace(
        "      label: Court liaison worker\n",
        f"      label: Court liaison worker ({PEOPLE['owner']})\n",
        1,
    )
    name = PEOPLE["by"].split(",")[0]
    text = text.replace(
        "    label: Liaison advice to the court\n",
        f"    label: Liaison advice to the court, per {name.upper()}\n",
        1,
    )
    assert text.count(PEOPLE["owner"]) == 2
    assert name.upper() in text
    return text


@pytest.mark.parametrize("command", WARNED)
def test_without_people_warns_of_an_owner_or_decider_named_in_a_label_it_keeps(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """A researcher sharing a figure with --without-people was told nothing of the
    owner's name written in a subject's label, which the figure still showed: the option
    leaves out the owner's field, not the name. She is now warned as the output is made,
    with the field left out and each place the name is kept."""
    (tmp_path / "out").mkdir()
    (tmp_path / "case.yaml").write_text(_named_in_labels(), encoding="utf-8")
    shutil.copy(EXAMPLES / "liaison-and-diversion.yaml", tmp_path / "earlier.yaml")
    monkeypatch.chdir(tmp_path)
    if ("figure" in command or "handout" in command) and shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    assert main(command.split()) == 0
    assert "warning" not in capsys.readouterr().err  # without the option: nothing to say
    assert main([*command.split(), "--without-people"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "activity-systems: warning: case.yaml: --without-people leaves out actions[2].owner, "
        f"but {PEOPLE['owner']!r} is also written in systems[1].subject.label, which it "
        "keeps: edit the name out of the case before sharing the output",
        "activity-systems: warning: case.yaml: --without-people leaves out leave_out[0].by, "
        "but 'Barnabas Bystander' is also written in exchanges[0].label, which it keeps: "
        "edit the name out of the case before sharing the output",
    ]


@needs_graphviz
@pytest.mark.parametrize(
    "example",
    [
        "liaison-and-diversion.yaml",
        "liaison-and-diversion-2027.yaml",
        "court-reports.yaml",
        "segregation-unit.yaml",
    ],
)
def test_without_people_says_nothing_of_a_case_that_names_roles_only(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    example: str,
) -> None:
    """The examples name roles, not people (``Service manager``): the option warns of
    nothing there, and their outputs are those of the case without the fields."""
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(EXAMPLES / example), "--fail-on", "never", "--without-people"]) == 0
    assert main(["handout", str(EXAMPLES / example), "--without-people", "-o", "h.html"]) == 0
    assert "warning" not in capsys.readouterr().err


def _owned_case(
    owner: str, *, title: str = "T", leave_out: list[dict[str, str]] | None = None, **system: Any
) -> Case:
    """A case of one system, ``a``, and one action on it, ``owner``'s: the system has
    subject ``S`` and object ``O`` unless ``system`` gives others, and its other fields
    there."""
    import activity_systems as a

    return a.Case(
        title=title,
        systems=[{"id": "a", "subject": "S", "object": "O"} | system],
        actions=[
            {"finding": {"rule": "AS603", "elements": ["a"]}, "strategy": "Meet", "owner": owner}
        ],
        leave_out=leave_out or [],
    )


def test_people_kept_finds_a_name_by_its_parts_ignoring_case_and_spaces() -> None:
    """An owner ``Kim Lee and Sam Roe`` is two people, a ``by`` of ``Sam Roe, 4 May`` a
    person and a date: each name is looked for alone, as a whole word, whatever its case
    and spacing; a date is not looked for, nor a name inside another word."""
    case = _owned_case(
        "Kim Lee and Sam Roe",
        title="Review with Sam  ROE",
        subject="Kimberley Leeson",
        object="4 May meeting",
        leave_out=[{"rule": "AS602", "reason": "On purpose", "by": "Sam Roe, 4 May"}],
    )
    assert [(k.name, k.left_out, k.kept) for k in case.people_kept()] == [
        ("Sam Roe", ("actions", 0, "owner"), (("title",),))
    ]
    assert case.without_people().people_kept() == ()


def test_people_kept_does_not_look_for_a_title_alone() -> None:
    """``Dr and Mrs Roe`` holds ``Dr``, which every other doctor's name in the case would
    match: a part of fewer than three letters is not looked for; the whole name and
    ``Mrs Roe`` are."""
    case = _owned_case("Dr and Mrs Roe", subject="Dr Okafor", object="Mrs Roe's referral")
    assert [(k.name, k.kept) for k in case.people_kept()] == [
        ("Mrs Roe", (("systems", 0, "object", "label"),))
    ]


def test_people_kept_searches_only_the_texts_that_hold_a_name_s_first_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A case of many systems and many owners took some 40 s to search, each name looked
    for in every text: a name is now searched for only in a text holding its first word,
    so 200 owners, one of them written in a label, compile and search one pattern."""
    import re
    import string

    import activity_systems as a

    letters = string.ascii_lowercase
    names = [f"{x}{y}{z}".title() for x in letters for y in letters for z in letters][:200]
    systems: list[dict[str, object]] = [
        {"id": f"s{i}", "subject": f"Subject {i}", "object": f"Object {i}"} for i in range(50)
    ]
    systems[7]["community"] = [{"label": f"{names[123]} Smith's team"}]
    case = a.Case(
        title="T",
        systems=systems,
        actions=[
            {
                "finding": {"rule": "AS603", "elements": ["s0"]},
                "strategy": "Meet",
                "owner": f"{name} Smith",
            }
            for name in names
        ],
    )
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    kept = case.people_kept()
    assert [(k.name, k.left_out) for k in kept] == [
        (f"{names[123]} Smith", ("actions", 123, "owner"))
    ]
    assert len([p for p in compiled if "Smith" in p or "smith" in p]) == 1


def _owned_by(owner: str, label: str) -> list[tuple[str, tuple[object, ...]]]:
    """Each name :meth:`Case.people_kept` gives of a case whose action has ``owner`` and
    whose community member is ``label``, with the places that keep it."""
    case = _owned_case(owner, community=[{"label": label}])
    return [(k.name, k.kept) for k in case.people_kept()]


LABEL = ("systems", 0, "community", 0, "label")


@pytest.mark.parametrize(
    ("owner", "label"),
    [
        ("Sia\u0302n Llŷr", "Team of Si\u00e2n Llŷr"),  # typed decomposed, pasted composed
        ("İsmail Yılmaz", "İSMAİL YILMAZ ekibi"),  # a dotted capital I, folded
        ("Aoife O'Brien", "Aoife O\u2019Brien's clinic"),  # a typographic apostrophe
        ("王小明", "王小明的团队"),  # Chinese writes no space between words
        ("李明", "由李明负责"),  # a name of two characters
        ("김민수", "김민수의 팀"),  # Korean joins a particle to the name
    ],
)
def test_people_kept_finds_a_name_beyond_ascii(owner: str, label: str) -> None:
    """A name written in two Unicode forms, with a dotted capital I, with a typographic
    apostrophe, or in a script written without spaces between words, was not found: the
    label kept it in the output shared without people, and nothing said so."""
    assert [kept for _, kept in _owned_by(owner, label)] == [(LABEL,)]


def test_people_kept_finds_a_name_written_without_its_title() -> None:
    """An owner ``Dr Kim Lee`` written ``Kim Lee's team`` in a label was not found: the
    name is looked for without the title before it too."""
    assert _owned_by("Dr Kim Lee", "Kim Lee's team") == [("Kim Lee", (LABEL,))]
    assert _owned_by("Prof. Ann Oakley", "Ann Oakley") == [("Ann Oakley", (LABEL,))]
    assert _owned_by("Dr Ward", "Ward round") == []  # a surname alone is not looked for
    assert _owned_by("Dr and Mrs Roe", "Tea and Mrs Roe's cake") == [("Mrs Roe", (LABEL,))]


def test_people_kept_does_not_search_each_text_for_every_name_with_a_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Owners who are all ``Dr …`` were each looked for in every text holding ``Dr``: a
    case of a thousand systems named after their doctors took seconds, growing with the
    square of its size. A name is looked for only where its rarest word is."""
    import re
    import string

    import activity_systems as a

    letters = string.ascii_lowercase
    names = [f"{x}{y}{z}".title() for x in letters for y in letters for z in letters]
    systems: list[dict[str, object]] = [
        {"id": f"s{i}", "subject": f"Dr {names[500 + i]} Jones", "object": f"Object {i}"}
        for i in range(100)
    ]
    case = a.Case(
        title="T",
        systems=systems,
        actions=[
            {
                "finding": {"rule": "AS603", "elements": ["s0"]},
                "strategy": "Meet",
                "owner": f"Dr {name} Smith",
            }
            for name in names[:200]
        ],
    )
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    assert case.people_kept() == ()
    assert compiled == []  # no name is looked for in a text without its rarest word


def test_people_kept_does_not_name_an_id_made_from_the_label_that_holds_the_name() -> None:
    """A community member ``Samira's team`` written without an id gets the id
    ``samira-s-team``: the warning named that id too, a place the case file does not
    hold, which the label already stands for."""
    assert _owned_by("Samira", "Samira's team") == [("Samira", (LABEL,))]
    assert _owned_by("Court", "Court staff") == [("Court", (LABEL,))]


def _owner_named_in_the_earlier_version() -> None:
    """``new.yaml``, whose action has an owner, and ``old.yaml``, its earlier version,
    whose label of the same system wrote the owner's name, since taken out."""
    Path("new.yaml").write_text(_with_people(), encoding="utf-8")
    earlier = _with_people().replace(f"owner: {PEOPLE['owner']}", "owner: Court liaison workers")
    earlier = earlier.replace(
        "      label: Court liaison worker\n",
        f"      label: Court liaison worker ({PEOPLE['owner']})\n",
        1,
    )
    Path("old.yaml").write_text(earlier, encoding="utf-8")


def test_compare_without_people_warns_of_a_name_the_other_version_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The owner of the later version written in a label of the earlier one, since
    renamed, showed in the comparison shared without people ("was 'Court liaison worker
    (Ozymandias Owner)'"), with no warning: each version was looked at with its own
    owners only. Each version's names are now looked for in both."""
    monkeypatch.chdir(tmp_path)
    _owner_named_in_the_earlier_version()
    assert main(["compare", "old.yaml", "new.yaml", "--without-people", "-o", "c.txt"]) == 0
    assert "(Ozymandias" in Path("c.txt").read_text(encoding="utf-8")  # the earlier label
    assert capsys.readouterr().err.splitlines() == [
        "activity-systems: warning: old.yaml: --without-people leaves out actions[2].owner "
        f"of new.yaml, but {PEOPLE['owner']!r} is also written in systems[1].subject.label, "
        "which it keeps: edit the name out of the case before sharing the output",
    ]


@pytest.mark.parametrize("output", ["h.html", "-"])
def test_handout_since_without_people_warns_of_a_name_the_other_version_leaves_out(
    output: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``handout --since OLD`` shows the earlier version's labels in its 'Progress
    since' section, but the earlier version was stripped before the case was read: the
    case's owner written in an earlier label was shared with no warning. Each version's
    names are now looked for in both, as ``compare`` looks for them."""
    monkeypatch.chdir(tmp_path)
    _owner_named_in_the_earlier_version()
    argv = ["handout", "new.yaml", "--since", "old.yaml", "--without-people", "-o", output]
    assert main(argv) == 0
    captured = capsys.readouterr()
    shown = captured.out if output == "-" else Path(output).read_text(encoding="utf-8")
    assert "Ozymandias" in shown  # the earlier label, which the case file should not hold
    assert captured.err.splitlines() == [
        "activity-systems: warning: old.yaml: --without-people leaves out actions[2].owner "
        f"of new.yaml, but {PEOPLE['owner']!r} is also written in systems[1].subject.label, "
        "which it keeps: edit the name out of the case before sharing the output",
    ]
