"""A notebook shows the library's errors as the command line does: a line per problem,
with no traceback through the library unless ``%tb`` or ``%xmode Verbose`` asks for it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import activity_systems as a
from activity_systems import cli
from activity_systems.errors import TRACEBACK_HINT

EXAMPLE = Path(__file__).parent.parent / "examples" / "court-reports.yaml"
PACKAGE = str(Path(a.__file__).parent)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _this_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make a Python started in another folder (a kernel, a subprocess) import the
    package under test, wherever it is installed, or whether it is at all, and an IPython
    started there read no profile of the user's (one may set its own exception mode)."""
    root = str(Path(PACKAGE).parent)
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))


def _broken(folder: Path) -> Path:
    """The example with two mistakes a facilitator makes while editing it: a misspelt
    key and a kind that is not one."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("    sector: CJS\n", "    sectr: CJS\n", 1)
    text = text.replace("kind: formal", "kind: formel", 1)
    path = folder / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _cli_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["check", str(path)]) == 2
    return [
        line.removeprefix("activity-systems: ") for line in capsys.readouterr().err.splitlines()
    ]


def test_an_error_shows_in_ipython_as_the_command_line_prints_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _broken(tmp_path)
    with pytest.raises(a.CaseFileError) as caught:  # as a cell runs it: code not in a file
        exec(compile("a.load('broken.yaml')", "<cell>", "exec"), {"a": a})
    shown = caught.value._render_traceback_()
    printed = _cli_lines(Path("broken.yaml"), capsys)
    assert len(printed) == 2
    assert shown == ["\n".join([f"CaseFileError: {printed[0]}", *printed[1:], TRACEBACK_HINT])]
    assert shown[0].startswith("CaseFileError: broken.yaml:21:5: unknown key 'sectr'")


RULE_FILE = """\
from activity_systems import rule


@rule("org101", name="unsigned-reports", category="rules")
def unsigned_reports(case):
    \"\"\"Reports nobody signs.\"\"\"
    return []
"""


def test_an_error_raised_while_a_file_of_the_users_ran_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule file that ``@rule`` refuses as it is imported: the short display names the
    line of the rule file, where the traceback it replaces pointed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "my_rules_refused.py").write_text(RULE_FILE, encoding="utf-8")
    with pytest.raises(a.RuleError) as caught:
        __import__("my_rules_refused")
    lines = caught.value._render_traceback_()[0].splitlines()
    assert lines[0].startswith("RuleError: rule id 'org101' is malformed")
    assert lines[1:] == ["from your code at my_rules_refused.py:4, in <module>", TRACEBACK_HINT]


def test_importing_the_library_does_not_import_ipython(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _this_checkout(monkeypatch, tmp_path)
    _broken(tmp_path)
    code = (
        "import sys, activity_systems as a\n"
        "try:\n"
        "    a.load('broken.yaml')\n"
        "except a.CaseFileError as error:\n"
        "    print(error._render_traceback_()[-1].splitlines()[-1])\n"
        "print('IPython' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [TRACEBACK_HINT, "False"]


def _shown(cell: nbformat.NotebookNode) -> str:
    """What a cell shows, colours left out: its error's traceback, its text."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "error":
            parts += output.traceback
        elif output.output_type == "stream":
            parts.append(output.text)
    return ANSI.sub("", "\n".join(parts))


def _executed(sources: Sequence[str], folder: Path, *, allow_errors: bool = False) -> list[str]:
    """What each cell of a notebook of ``sources`` shows, run in a kernel in ``folder``
    (see :func:`_shown`); with ``allow_errors``, a cell may fail."""
    notebook = nbformat.v4.new_notebook(  # type: ignore[no-untyped-call]
        cells=[nbformat.v4.new_code_cell(source) for source in sources]  # type: ignore[no-untyped-call]
    )
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return [_shown(cell) for cell in notebook.cells]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_notebook_shows_the_problems_and_tb_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _this_checkout(monkeypatch, tmp_path)
    _broken(tmp_path)
    sources = [
        "import activity_systems as a",
        "a.load('broken.yaml')",
        "%tb",
        "case = a.load('court-reports.yaml')\na.render(case, system='curt')",
        "%xmode Verbose",
        "a.load('broken.yaml')",
    ]
    (tmp_path / "court-reports.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"))
    _, loaded, tb, unknown, _, verbose = _executed(sources, tmp_path, allow_errors=True)

    assert loaded.splitlines() == [
        "CaseFileError: broken.yaml:21:5: unknown key 'sectr' in systems[0] (did you mean "
        "'sector'?) (and 1 more problem)",
        "broken.yaml:65:15: systems[0].rules[0].kind: 'formel' is not allowed (did you "
        "mean 'formal'?); expected 'formal' or 'informal'",
        TRACEBACK_HINT,
    ]
    assert unknown.splitlines() == [
        "UnknownIdError: no system 'curt' (did you mean 'court'?)",
        TRACEBACK_HINT,
    ]
    for full in (tb, verbose):
        assert "Traceback" in full
        assert PACKAGE in full  # the library's frames
        assert "broken.yaml:21:5: unknown key 'sectr'" in full
    assert "path='broken.yaml'" in verbose  # the verbose mode's values


@pytest.mark.parametrize("mode", ["Plain", "Context", "Minimal"])
def test_the_ipython_shell_shows_a_line_per_problem_in_every_exception_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """The ``ipython`` shell joins the parts of a traceback without a line break in the
    Plain and Minimal modes (each of its own parts ends with one), where a notebook puts
    one between them: the problems must still show one to a line."""
    _this_checkout(monkeypatch, tmp_path)
    _broken(tmp_path)
    done = subprocess.run(
        [
            sys.executable, "-m", "IPython", "--no-banner", "--colors=nocolor",
            f"--InteractiveShell.xmode={mode}",
            "-c", "import activity_systems as a; a.load('broken.yaml')",
        ],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    shown = [line for line in ANSI.sub("", done.stdout).splitlines() if line]
    assert shown == [
        "CaseFileError: broken.yaml:21:5: unknown key 'sectr' in systems[0] (did you mean "
        "'sector'?) (and 1 more problem)",
        "broken.yaml:65:15: systems[0].rules[0].kind: 'formel' is not allowed (did you "
        "mean 'formal'?); expected 'formal' or 'informal'",
        TRACEBACK_HINT,
    ]


RAISING_RULE = """\
@a.rule("ORG901", name="first-tool-but-nine", category="contradiction")
def first_tool_but_nine(case):
    \"\"\"A rule with a mistake in it.\"\"\"
    return [case.systems[0].tools[9]]
"""

WRONG_REFERENCE_RULE = """\
@a.rule("ORG902", name="names-nothing", category="contradiction")
def names_nothing(case):
    \"\"\"A rule that names an element the case does not have.\"\"\"
    yield a.new_finding(level="primary", message="m", elements=["court.nothing"])
"""


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_rule_of_a_cell_that_fails_is_named_by_its_cell_as_ipython_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel compiles each cell under the name of a file in a temporary folder that
    it never writes: the warning of a rule defined in a cell names the cell and line as
    IPython's own tracebacks do (``Cell In[2], line 4``), not that file."""
    _this_checkout(monkeypatch, tmp_path)
    (tmp_path / "court-reports.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"))
    sources = [
        "import activity_systems as a\ncase = a.load('court-reports.yaml')",
        RAISING_RULE + "a.check(case, rules=[first_tool_but_nine]);",
        WRONG_REFERENCE_RULE + "a.check(case, rules=[names_nothing]);",
    ]
    _, raised, wrong = _executed(sources, tmp_path)

    assert (
        "RuleFailedWarning: rule ORG901 failed at Cell In[2], line 4, in first_tool_but_nine, "
        "and its findings are left out of the report: IndexError: tuple index out of range"
    ) in raised
    assert (
        "RuleFailedWarning: rule ORG902 (defined at Cell In[3], line 1, in names_nothing) "
        "failed and its findings are left out of the report: RuleError: "
    ) in wrong
    for shown in (raised, wrong):
        assert "ipykernel" not in shown.split("RuleFailedWarning: ", 1)[1]


def _run_cells(cells: Sequence[tuple[str | None, str]], folder: Path) -> list[tuple[str, str]]:
    """Run each ``(cell id, code)`` in one kernel as JupyterLab does, which tells the
    kernel which cell it runs (``cellId``; a cell id of ``None`` as a frontend that does
    not); each cell's reply status and what it printed, or its error's name and value."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder))
    shown = []
    try:
        for cell_id, code in cells:
            content = {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            }
            metadata = {} if cell_id is None else {"cellId": cell_id}
            message = client.session.msg("execute_request", content, metadata=metadata)
            client.shell_channel.send(message)
            reply = client.get_shell_msg(timeout=60)
            while reply["parent_header"].get("msg_id") != message["header"]["msg_id"]:
                reply = client.get_shell_msg(timeout=60)  # a reply to an earlier request
            printed = []
            while True:
                output = client.get_iopub_msg(timeout=60)
                if output["parent_header"].get("msg_id") != message["header"]["msg_id"]:
                    continue
                if output["msg_type"] == "stream":
                    printed.append(output["content"]["text"])
                if (
                    output["msg_type"] == "status"
                    and output["content"]["execution_state"] == "idle"
                ):
                    break
            result = reply["content"]
            if result["status"] == "error":
                shown.append(("error", f"{result['ename']}: {ANSI.sub('', result['evalue'])}"))
            else:
                shown.append(("ok", "".join(printed).strip()))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return shown


MY_RULE = """\
import activity_systems as a

@a.rule(RULE_ID, name=NAME, category="contradiction")
def FUNCTION(case):
    \"\"\"Says hello to the court.\"\"\"
    yield a.new_finding(level="primary", message=MESSAGE, elements=["court.subject"])
"""

CHECKED = """\
report = a.check('court-reports.yaml', rules=[*a.BUILTIN_RULES, *ADDED])
print(sorted((f.rule, f.name, f.message) for f in report.findings if f.rule.startswith('ORG')))
"""


def _rule_cell(rule_id: str, name: str, function: str, message: str) -> str:
    return (
        MY_RULE.replace("RULE_ID", repr(rule_id))
        .replace("NAME", repr(name))
        .replace("FUNCTION", function)
        .replace("MESSAGE", repr(message))
    )


def _checked(*added: str) -> str:
    return CHECKED.replace("ADDED", f"[{', '.join(map(repr, added))}]")


def test_a_cell_run_again_with_its_rule_edited_replaces_it_whatever_was_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A facilitator edits the cell that defines her rule and runs it again, without
    restarting the kernel: its function renamed, then its id and its name changed too.
    Each run of the cell replaces the rules its earlier run registered, as a cell run
    again redefines its variables; the rule's function renamed was refused as another
    rule with the id taken."""
    _this_checkout(monkeypatch, tmp_path)
    (tmp_path / "court-reports.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"))
    cells: list[tuple[str | None, str]] = [
        ("rule-cell", _rule_cell("ORG900", "hello", "hello", "hello")),
        ("check-cell", _checked("ORG900")),
        ("rule-cell", _rule_cell("ORG900", "hello", "say_hello", "hello again")),
        ("check-cell", _checked("ORG900")),
        ("rule-cell", _rule_cell("ORG901", "greeting", "greet", "greetings")),
        ("check-cell", _checked("ORG901")),
        (
            "check-cell",
            "from activity_systems.rules.registry import registered_rules\n"
            "print(sorted(r.id for r in registered_rules() if r.id[0] == 'O'))",
        ),
        # another cell that takes the id of this one's rule is still refused
        ("other-cell", _rule_cell("ORG901", "other", "other", "other")),
        # a cell of two rules (IPython runs each statement as code of its own) keeps both
        (
            "pair-cell",
            _rule_cell("ORG910", "one", "one", "1") + _rule_cell("ORG911", "two", "two", "2"),
        ),
        ("check-cell", _checked("ORG910", "ORG911")),
        (
            "pair-cell",
            _rule_cell("ORG910", "one", "one", "1") + _rule_cell("ORG911", "two", "two", "2"),
        ),
        ("check-cell", _checked("ORG910", "ORG911")),
    ]
    shown = _run_cells(cells, tmp_path)
    assert shown == [
        ("ok", ""),
        ("ok", "[('ORG900', 'hello', 'hello')]"),
        ("ok", ""),
        ("ok", "[('ORG900', 'hello', 'hello again')]"),
        ("ok", ""),
        ("ok", "[('ORG901', 'greeting', 'greetings')]"),
        ("ok", "['ORG901']"),
        (
            "error",
            "RuleError: rule id ORG901 is already used by greeting (Cell In[5], line 3, in "
            "greet); choose another "
            "id, or forget the old rule first: activity_systems.rules.unregister('ORG901')",
        ),
        ("ok", ""),
        ("ok", "[('ORG910', 'one', '1'), ('ORG911', 'two', '2')]"),
        ("ok", ""),
        ("ok", "[('ORG910', 'one', '1'), ('ORG911', 'two', '2')]"),
    ]


@pytest.mark.parametrize("cell_id", ["copied-cell", None], ids=["cell-id", "no-cell-id"])
def test_a_rule_copied_in_its_cell_with_its_id_and_function_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cell_id: str | None
) -> None:
    """A rule copied within one cell, its id and its function's name left as they were,
    is refused, as in a file: IPython runs each statement of a cell as code of its own,
    which took the copy for the first rule's cell run again, and replaced it unsaid."""
    _this_checkout(monkeypatch, tmp_path)
    (tmp_path / "court-reports.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"))
    copied = _rule_cell("ORG920", "first", "my_rule", "1") + _rule_cell(
        "ORG920", "second", "my_rule", "2"
    )
    shown = _run_cells([(cell_id, copied), (cell_id, copied), (None, _checked("ORG920"))], tmp_path)
    refused = (
        "error",
        "RuleError: rule id ORG920 is already used by first (Cell In[COUNT], line 3, in "
        "my_rule), a function of the "
        "same name in the same cell; give this one an id of its own, and a "
        "function name of its own",
    )
    assert shown == [
        (refused[0], refused[1].replace("COUNT", "1")),
        (refused[0], refused[1].replace("COUNT", "2")),
        ("ok", "[('ORG920', 'first', '1')]"),
    ]


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (
            "a.render(case, theme='dark')",
            "unknown theme 'dark': use one of default, print, or give a Theme of your own",
        ),
        ("a.render(case, format='jpg')", "unknown format 'jpg': use one of "),
        ("a.render(case, overview='all')", "unknown overview 'all': use one of "),
        ("a.render(case, format='pdf', dpi=300)", "dpi applies to PNG only, not PDF"),
        (
            "a.render(case, timeout=-1)",
            "the time limit must be a positive, finite number of seconds, not -1",
        ),
        ("a.render(case, background='navy')", "unknown background 'navy': use white, "),
        ("a.handout(case, 'handout.html', figures='gif')", "unknown figure format 'gif': "),
        ("a.handout(case, 'handout.html', figures='png')", "figures='png' is for a Markdown "),
        (
            "a.render(case, system='court', pair=('court', 'mhs'))",
            "choose one system (system=...) or a pair (pair=...), not both",
        ),
        ("a.handout(case, 'handout.html', theme='dark')", "unknown theme 'dark': use one of "),
        (
            "a.render(case, 'handout.svg', format='png')",
            "'handout.svg': the extension says svg but format='png'",
        ),
    ],
)
def test_an_argument_the_library_does_not_take_shows_as_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, shown: str
) -> None:
    """A facilitator who tries ``theme='dark'`` for her notebook's dark theme sees what the
    themes are, in one line, as for the library's other errors: the ``ValueError`` showed
    a traceback through six of the library's functions, the message at its end. It is a
    ``ValueError`` still."""
    monkeypatch.chdir(tmp_path)
    case = a.load(EXAMPLE)
    with pytest.raises(ValueError, match=re.escape(shown)) as caught:  # as in a cell
        exec(compile(call, "<cell>", "exec"), {"a": a, "case": case})
    assert isinstance(caught.value, a.ActivitySystemsError)
    lines = caught.value._render_traceback_()[0].splitlines()
    assert lines[0].startswith(f"ArgumentError: {shown}")
    assert lines[1:] == [TRACEBACK_HINT]
    assert not list(tmp_path.iterdir())  # nothing written
