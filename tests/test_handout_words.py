"""The handout's own words: every fixed text of the HTML and Markdown handouts that the
case does not give is in ``_words.j2``, which a template folder replaces to write the
handout in another language (the Welsh one in examples/handout-cy), and a replacement
that misspells or leaves out a key is told at its line."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from arrows_read import ARROW_READ
from test_handout import stub_svg

import activity_systems as a
from activity_systems.handouts import figures, render_handout

ROOT = Path(__file__).resolve().parent.parent
WELSH = ROOT / "examples" / "handout-cy"
COURT = (ROOT / "examples" / "court-reports.yaml").read_text(encoding="utf-8")
LEAVE_OUT = """
leave_out:
  - rule: AS301
    reason: The group sees the values as agreed for this workshop
    by: Workshop group, 4 November 2026
  - rule: AS302
"""

#: Every fixed English text a reader of the HTML handout sees, or a screen reader hears
#: (aria-labels), that the case does not give, as the shipped templates wrote it before
#: they took their words from _words.j2: written out here, not read from _words.j2, so
#: that a text left in a template is found. A short word is given with the markup around
#: it, since the case's texts and the library's own (rule messages, progress summaries,
#: level titles) may hold it too.
ENGLISH_HTML = [
    "– workshop handout</title>",
    "Made with activity-systems from the case",
    "Findings are prompts for discussion, not verdicts.",
    'aria-label="About this handout"',
    '<p class="source">Source: ',
    'aria-label="The team that uses this handout"',
    ">Interagency team<",
    ">Members and agencies<",
    '<th scope="row">Date<',
    " to discuss: ",
    " medium and ",
    " low severity.",
    "Numbers in the figures match the numbers of the contradictions in section 3",
    "the integration and completeness findings there are on no figure",
    "In the intensive phase, interagency teams read the activity systems side by side",
    "explore where contradictions occur in their overlap",
    "The phases are those of the training model of",
    " (section 3)",
    " (sections 1 and 2)",
    'aria-label="Contents"',
    'aria-label="Figure ',
    ', scrolls sideways"',
    "is too wide to read shrunk to the page: scroll sideways in its box to see the rest.",
    '-caption">Figure ',
    "Overview of the systems and their exchanges",
    "<h3>Magistrates&#39; court and Community mental health services</h3>",
    ". Magistrates&#39; court and Community mental health services</figcaption>",
    'rowgroup">Subject<',
    'rowgroup">Object<',
    'rowgroup">Outcome<',
    'rowgroup">Tools<',
    'rowgroup">Rules<',
    'rowgroup">Community<',
    'rowgroup">Division of labour<',
    "<span>Purpose: ",
    "<span>Turnaround: ",
    "<span>Provides: ",
    "<span>Kind: ",
    "<span>Time limit: ",
    "<span>Withholds: ",
    "<span>Applies to: ",
    "<span>By: ",
    "<span>Basis: ",
    "<span>Produces: ",
    "<span>Values: ",
    'aria-label="Elements of ',
    ">Every element of ",
    ", node by node<",
    ">Element<",
    ">Description<",
    '<th scope="col">Source<',
    ">not yet identified<",
    "None named yet.",
    ">Shared object:<",
    "This handout has a single system; a second one",
    "No two systems are linked by an exchange",
    "What passes between the systems",
    ">Exchange<",
    '>From <span aria-hidden="true">→</span> to<',
    ">Takes<",
    ">Needed within<",
    ">Expected<",
    ">Provided<",
    "Grouped by Engeström's levels.",
    "The group judged these rules irrelevant to this case",
    "no reason given",
    "(decided by ",
    ">high<",
    ">medium<",
    ">low<",
    "named by the participants",
    "Participants’ note:",
    'content: "Discuss: "',
    ">Involves<",
    "<dt>Competencies<",
    "No contradictions were found.",
    "<h3>Primary contradictions</h3>",
    "<h3>Secondary contradictions</h3>",
    "<h3>Quaternary contradictions</h3>",
    "<h3>Integration and completeness</h3>",
    "Inside one node of one system.",
    "Between two nodes of one system.",
    "Between neighbouring activity systems.",
    "Gaps in integration and in the analysis itself.",
    ">Interprofessional communication, Role clarification<",
    "Where are the services today on the continuum",
    '"row">Current<',
    '"row">Desired<',
    '"mark-label">current<',
    '"mark-label">desired<',
    "less integrated",
    "more integrated",
    ">Assessed:<",
    "today, coordination desired.",
    "Does the team agree?",
    "Not yet assessed: tick the current and the desired level",
    "the worksheet needs two.",
    '"col">Full segregation<',
    '"col">Linkage<',
    '"col">Coordination<',
    '"col">Cooperation<',
    '"col">Full integration<',
    "No contact between the service providers",
    "Contact case by case: referrals and information passed on",
    "Agreed procedures and contacts coordinate the work",
    "Shared goals and pooled resources; separate organisations",
    "A new organisation created to provide the joint service",
    "</strong> Linkage today, coordination desired.",
    "The collaborative competencies these contradictions call for",
    "Under each, the domains of collaborative competency frameworks",
    ">Competency<",
    ">What it means<",
    '"col">Contradictions<',
    '<th scope="row">Role clarification</th>',
    '<th scope="row">Values/ethics</th>',
    "Understanding one&#39;s own and others&#39; roles",
    "Working through disagreements that arise",
    "No finding names a competency.",
    "For the action learning sets of the graduated phase",
    '"col">Contradiction<',
    ">Strategy<",
    ">Owner<",
    ">Review date<",
    ">Status<",
    "Actions on findings not reported",
    "The case no longer shows these findings",
    "This report does not show these findings",
    '"col">Finding<',
    ">Finding now<",
    "For the action learning set: did the strategies agreed",
    ">Resolved (",
    ">Persisting (",
    ">New (",
    ">No longer assessed (",
    'muted">(was high)',
    ", before and now",
    ">Systems<",
    ">Before<",
    '"col">Now<',
    ">Desired<",
    ">Move<",
    "What changed in the case",
    ">Where<",
    ">Change<",
    ">was: ",
    ">Actions<",
    'aria-label="Actions"',
    " findings resolved, ",
    " persisting, ",
    " actions: ",
    "</strong> · tertiary · ",
    "</strong> · integration · ",
    "<td>Linkage</td><td>Coordination</td><td>Cooperation</td>",
    "moved towards the desired level, 1 level to go",
    "<td>Local court liaison practice · Tools</td>",
    "<td>changed<ul",
    "<td>added</td>",
    "<td>removed</td>",
    'description: (none) <span aria-hidden="true">→</span>',
    "<td>done (was planned)</td>",
    "<td>planned (new action)</td>",
    "<td>persists<br>",
    "<td>new since the earlier version<br>",
    "obsolete: local.when-available is no longer in the case",
    ">was: review 2027-03-01<",
    'content: "Page " counter(page) " of " counter(pages)',
]

#: The same for the Markdown handout.
ENGLISH_MD = [
    "Findings are prompts for discussion, not verdicts.",
    "\nSource: ",
    "| To fill in |",
    "| Interagency team |",
    "| Members and agencies |",
    "| Date |",
    " to discuss: ",
    "Numbers in the figures match the numbers of the contradictions in section 3",
    "In the intensive phase, interagency teams read the activity systems side by side",
    " (section 3)",
    " (sections 1 and 2)",
    "![Figure ",
    "*Figure ",
    "Overview of the systems and their exchanges",
    "### Magistrates' court and Community mental health services\n",
    ". Magistrates' court and Community mental health services*",
    "| **Subject** |",
    "| **Object** |",
    "| **Outcome** |",
    "| **Tools** |",
    "| **Rules** |",
    "| **Community** |",
    "| **Division of labour** |",
    "<br>Purpose: ",
    "<br>Turnaround: ",
    "<br>Provides: ",
    "<br>Kind: ",
    "<br>Time limit: ",
    "<br>Withholds: ",
    "<br>Applies to: ",
    "<br>By: ",
    "<br>Basis: ",
    "<br>Produces: ",
    "<br>Values: ",
    "| Node | Element | Description | Source |",
    "*(not yet identified)*",
    "*none named yet*",
    "**Shared object:**",
    "| Exchange | From → to | Takes | Needed within | Expected | Provided |",
    "Grouped by Engeström's levels.",
    "The group judged these rules irrelevant to this case",
    "no reason given",
    "(decided by ",
    "**high**",
    "**medium**",
    "**low**",
    "*Participants’ note:*",
    "**Discuss:**",
    "- Involves:",
    "- Competencies:",
    "### Primary contradictions\n",
    "### Quaternary contradictions\n",
    "### Integration and completeness\n",
    "*Between neighbouring activity systems.*",
    "- Competencies: Interprofessional communication, Role clarification\n",
    "Where are the services today on the continuum",
    "| Level | What it means | Current | Desired |",
    "**Assessed:**",
    "Does the team agree?",
    "Not yet assessed: tick the current and the desired level",
    "| Current level | Desired level | Why |",
    "| Full segregation | No contact between the service providers |",
    "| Linkage | Contact case by case: referrals and information passed on |",
    "| Full integration | A new organisation created to provide the joint service |",
    "** Linkage today, coordination desired.",
    "The collaborative competencies these contradictions call for",
    "| Competency | What it means | Contradictions |",
    "| **Role clarification** | Understanding one's own and others' roles",
    "| **Values/ethics** |",
    "For the action learning sets of the graduated phase",
    "| # | Contradiction | Strategy | Owner | Review date |",
    "### Actions on findings not reported",
    "| Finding | Strategy | Owner | Review date | Status | Finding now |",
    "For the action learning set: did the strategies agreed",
    "### Resolved (",
    "### Persisting (",
    "### New (",
    " (was high):",
    "today, coordination desired.",
    "| Systems | Before | Now | Desired | Move |",
    "### What changed in the case",
    "| Where | Element | Change |",
    "<br>was: ",
    "### Actions\n",
    "| Strategy | Owner | Review date | Status | Finding |",
    " findings resolved, ",
    " actions: ",
    "** · tertiary · ",
    "| Linkage | Coordination | Cooperation | moved towards the desired level, 1 level to go |",
    "| Local court liaison practice · Tools |",
    "| changed<br>description: (none) →",
    "| done (was planned) | resolved<br>",
    "| planned (new action) | new since the earlier version<br>",
    "| in-progress (was planned) | persists<br>",
    "obsolete: local.when-available is no longer in the case",
    "<br>was: review 2027-03-01<br>",
]


def wide_svg(*args: object, **kwargs: object) -> str:
    """A stand-in figure too wide to read shrunk to the page, so that it scrolls."""
    return stub_svg(*args, **kwargs).replace('width="300pt"', 'width="3000pt"')  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def stubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "draw_svg", wide_svg)


#: Two services apart: no exchange or assessment between them, an element not yet
#: identified, empty nodes, a contradiction the participants name that a rule detects
#: too, and an action on a finding the report does not show.
APART = """
title: Two services apart
systems:
  - id: a
    name: Service A
    subject: Worker
    object: {label: Client, values: [treatment]}
    tools: [{id: form, label: "?"}]
  - id: b
    name: Service B
    subject: Officer
    object: {label: Client, values: [punishment]}
    tools: [Phone]
declared:
  - between: [a.object, b.object]
    level: quaternary
    note: They see the client differently.
actions:
  - finding: {rule: AS101, elements: [a.form, b.object]}
    strategy: Talk it over
"""


def handouts(flavour: str, folder: Path | None, tmp_path: Path) -> str:
    """The handouts, joined, of cases that between them show every part: the court
    example with rules left out, and with no rule run, one system alone, two services
    apart, and follow-ups with their progress (one whose assessment has gone)."""
    court = tmp_path / "court.yaml"
    declared = (
        "declared:\n  - between: [court.targets, mhs.report, court-report]\n"
        "    level: quaternary\n    note: The report comes too late for the remand.\n"
    )
    court.write_text(COURT.replace("declared:\n", declared) + LEAVE_OUT, encoding="utf-8")
    unassessed = tmp_path / "unassessed.yaml"
    unassessed.write_text(
        COURT[: COURT.index("integration:")] + COURT[COURT.index("declared:") :],
        encoding="utf-8",
    )
    apart = tmp_path / "apart.yaml"
    apart.write_text(APART, encoding="utf-8")
    examples = ROOT / "examples"
    plain = a.load(examples / "court-reports.yaml")
    runs: list[tuple[a.Case, dict[str, object]]] = [
        (a.load(court), {}),
        (plain, {"report": a.check(plain, [])}),
        (a.load(ROOT / "tests" / "data" / "one-system.yaml"), {}),
        (a.load(apart), {}),
        (
            a.load(examples / "liaison-and-diversion-2027.yaml"),
            {"previous": a.load(examples / "liaison-and-diversion.yaml")},
        ),
        (a.load(unassessed), {"previous": plain}),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return "\n".join(
            render_handout(case, format=flavour, template_dir=folder, **options).text  # type: ignore[arg-type]
            for case, options in runs
        )


@pytest.mark.parametrize(("flavour", "listed"), [("html", ENGLISH_HTML), ("markdown", ENGLISH_MD)])
def test_a_welsh_words_file_leaves_none_of_the_english_words(
    tmp_path: Path, flavour: str, listed: list[str]
) -> None:
    english = handouts(flavour, None, tmp_path)
    welsh = handouts(flavour, WELSH, tmp_path)
    assert [text for text in listed if text not in english] == []  # each is shown
    assert [text for text in listed if text in welsh] == []
    assert "Ffigur 1. " in welsh
    assert "Gwrthddywediadau" in welsh


@pytest.mark.parametrize("flavour", ["html", "markdown"])
def test_the_shipped_words_file_copied_changes_nothing(tmp_path: Path, flavour: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    shipped = ROOT / "activity_systems" / "handouts" / "templates" / "_words.j2"
    shutil.copy(shipped, folder / "_words.j2")
    assert handouts(flavour, folder, tmp_path) == handouts(flavour, None, tmp_path)


def words_folder(tmp_path: Path, source: str) -> Path:
    """A template folder whose _words.j2 is ``source``."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    return folder


#: The start of a _words.j2 that changes some words and keeps the English of the rest.
PARTIAL = (
    '{% import "shipped/_words.j2" as shipped %}\n'
    "{% set summary = shipped.summary %}{% set see = shipped.see %}"
    "{% set progress_summary = shipped.progress_summary %}"
    "{% set action_summary = shipped.action_summary %}\n"
)


def refusal(tmp_path: Path, source: str) -> jinja2.TemplateSyntaxError:
    folder = words_folder(tmp_path, source)
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        render_handout(case, template_dir=folder)
    assert caught.value.filename == str(folder / "_words.j2")
    return caught.value


def test_a_misspelt_word_key_is_told_at_its_line_with_the_key_meant(tmp_path: Path) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = source.replace('  "contradictions_intro":', '  "contradicions_intro":')
    error = refusal(tmp_path, source)
    line = next(
        number
        for number, text in enumerate(source.splitlines(), 1)
        if '"contradicions_intro"' in text
    )
    assert error.lineno == line
    assert error.message == (
        "words has the key 'contradicions_intro', which is not one of the handout's "
        "words; did you mean 'contradictions_intro'?"
    )


def test_a_misspelt_key_of_a_partial_replacement_is_told_at_its_line(tmp_path: Path) -> None:
    error = refusal(
        tmp_path,
        PARTIAL + "{% set words = dict(shipped.words,\n"
        '  date="Dyddiad",\n'
        '  dicuss="Trafodwch:") %}\n',
    )
    assert (error.lineno, error.message) == (
        5,
        "words has the key 'dicuss', which is not one of the handout's words; "
        "did you mean 'discuss'?",
    )


def test_a_partial_replacement_keeps_the_english_of_the_rest(tmp_path: Path) -> None:
    folder = words_folder(
        tmp_path, PARTIAL + '{% set words = dict(shipped.words, date="Dyddiad") %}\n'
    )
    text = render_handout(
        a.load(ROOT / "examples" / "court-reports.yaml"), template_dir=folder
    ).text
    assert '<th scope="row">Dyddiad</th>' in text
    assert '<th scope="row">Interagency team</th>' in text


def test_a_word_key_left_out_is_refused_with_how_to_keep_the_english(tmp_path: Path) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = "".join(line for line in source.splitlines(True) if '"page_of"' not in line)
    error = refusal(tmp_path, source)
    sets = [n for n, line in enumerate(source.splitlines(), 1) if "{% set words" in line]
    assert error.lineno == sets[0]  # the line that sets words
    assert str(error.message).startswith("words leaves out the key 'page_of'; give each, or take")
    assert "dict(shipped.words" in str(error.message)


def test_a_misspelt_placeholder_is_told_with_the_ones_the_handout_fills(tmp_path: Path) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = source.replace('"Ffigur {number}. {title}"', '"Ffigur {nifer}. {title}"')
    error = refusal(tmp_path, source)
    assert "Ffigur {nifer}" in source.splitlines()[error.lineno - 1]
    assert error.message == (
        "the word 'caption' has the placeholder {nifer}; the handout fills {number}, {title} there"
    )


def test_the_desired_level_a_move_had_is_said_by_its_word_or_as_written(
    tmp_path: Path,
) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    assert ". {level} oedd y lefel ddymunol" in source
    written = source.replace(". {level} oedd y lefel ddymunol", " (y lefel ddymunol oedd {value})")
    (tmp_path / "value").mkdir()
    (tmp_path / "neither").mkdir()
    render_handout(
        a.load(ROOT / "examples" / "court-reports.yaml"),
        template_dir=words_folder(tmp_path / "value", written),
    )
    neither = source.replace(". {level} oedd y lefel ddymunol", " (y lefel ddymunol oedd)")
    error = refusal(tmp_path / "neither", neither)
    assert error.message == (
        "the word 'move_desired_was' leaves out {level} or {value}; the handout fills"
        " {move} and one of {level} and {value} there"
    )


def test_a_words_file_without_its_macros_is_told_how_to_take_them(tmp_path: Path) -> None:
    error = refusal(
        tmp_path,
        '{% import "shipped/_words.j2" as shipped %}\n{% set words = shipped.words %}\n',
    )
    assert error.message == (
        "'_words.j2' sets no macros 'summary', 'see', 'progress_summary' and 'action_summary';"
        ' take them from the shipped one: {% import "shipped/_words.j2" as shipped %} and'
        " {% set summary = shipped.summary %} {% set see = shipped.see %}"
        " {% set progress_summary = shipped.progress_summary %}"
        " {% set action_summary = shipped.action_summary %}"
    )


def test_a_words_file_of_an_earlier_version_is_told_every_macro_it_lacks(tmp_path: Path) -> None:
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    earlier = "".join(
        line
        for line in source.splitlines(True)
        if "macro progress_summary" not in line and "macro action_summary" not in line
    )
    error = refusal(tmp_path, earlier)
    assert error.message == (
        "'_words.j2' sets no macros 'progress_summary' and 'action_summary'; take them from"
        ' the shipped one: {% import "shipped/_words.j2" as shipped %} and'
        " {% set progress_summary = shipped.progress_summary %}"
        " {% set action_summary = shipped.action_summary %}"
    )


def test_the_lines_the_refusals_give_keep_the_english_of_the_words_not_given(
    tmp_path: Path,
) -> None:
    # a file written before the library added words and macros: what the message says
    # to add, pasted after its words, makes a handout with the English of the new ones
    mine = '{% set words = {"date": "Dyddiad"} %}\n'
    error = refusal(tmp_path, mine)
    lines = str(error.message).split("take them from the shipped one: ", 1)[1]
    macros = lines.split("; and words leaves out", 1)[0]
    macros = macros.replace(" and {% set summary", "\n{% set summary", 1)
    source = mine + macros + "\n{% set words = dict(shipped.words, **words) %}\n"
    text = render_handout(
        a.load(ROOT / "examples" / "court-reports.yaml"),
        template_dir=words_folder(tmp_path, source),
    ).text
    assert '<th scope="row">Dyddiad</th>' in text
    assert '<th scope="row">Interagency team</th>' in text


def test_a_words_file_lacking_macros_and_keys_is_told_both_at_once(tmp_path: Path) -> None:
    # one run tells all a file of an earlier version needs: its missing macros and the
    # line that keeps the English of its missing keys, each worded as when told alone
    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    earlier = "".join(
        line
        for line in source.splitlines(True)
        if "macro action_summary" not in line and '"page_of"' not in line
    )
    error = refusal(tmp_path, earlier)
    sets = [n for n, line in enumerate(earlier.splitlines(), 1) if "{% set words" in line]
    assert error.lineno == sets[0]  # the line that sets words, after which to paste
    assert error.message == (
        "'_words.j2' sets no macro 'action_summary'; take them from the shipped one:"
        ' {% import "shipped/_words.j2" as shipped %} and'
        " {% set action_summary = shipped.action_summary %};"
        " and words leaves out the key 'page_of'; give each, or take them from the shipped"
        ' one: {% import "shipped/_words.j2" as shipped %} and, after your words,'
        " {% set words = dict(shipped.words, **words) %}, which keeps the English of those"
        " you do not give"
    )


def test_the_welsh_summary_says_the_count_as_welsh_does() -> None:
    env = a.handouts.environment.environment("html", WELSH)
    words = env.get_template("_words.j2").module
    assert [str(words.summary(n, n, 0, 0)).split(":")[0] for n in (1, 2, 3)] == [  # type: ignore[attr-defined]
        "1 canfyddiad i’w drafod",
        "2 ganfyddiad i’w trafod",
        "3 chanfyddiad i’w trafod",
    ]
    assert str(words.see([1, 2])) == " (adrannau 1 a 2)"  # type: ignore[attr-defined]


def test_the_welsh_summary_mutates_after_three_and_six() -> None:
    env = a.handouts.environment.environment("html", WELSH)
    words = env.get_template("_words.j2").module
    assert [str(words.summary(n, n, 0, 0)).split(":")[0] for n in (3, 6, 7, 13)] == [  # type: ignore[attr-defined]
        "3 chanfyddiad i’w trafod",
        "6 chanfyddiad i’w trafod",
        "7 canfyddiad i’w trafod",
        "13 canfyddiad i’w trafod",
    ]


#: The notes of the action plan and the progress section, and the labels in the tables
#: that they quote in emphasis (*not in the case*).
NOTES = [
    "gone_progress",
    "gone_report",
    "still_resolved_note",
    "unreported_note",
    "missing_note",
    "probably_note",
    "unchecked_note",
]
LABELS = [
    "did_you_mean",
    "not_checked",
    "still_resolved",
    "unreported",
    "not_in_case",
    "not_reported",
    "fate_resolved",
    "fate_obsolete",
]


@pytest.mark.parametrize("folder", [None, WELSH], ids=["english", "welsh"])
def test_each_label_a_note_quotes_is_one_the_table_shows(folder: Path | None) -> None:
    env = a.handouts.environment.environment("html", folder)
    words = env.get_template("_words.j2").module.words  # type: ignore[attr-defined]
    labels = " ".join(words[key] for key in LABELS)
    quoted = [(key, part) for key in NOTES for part in words[key].split("*")[1::2]]
    assert [(key, part) for key, part in quoted if part not in labels] == []


def test_a_markdown_word_is_shown_as_written_as_in_the_html_handout(tmp_path: Path) -> None:
    folder = words_folder(
        tmp_path,
        PARTIAL + '{% set words = dict(shipped.words, from_to="O | i", '
        'date="<b>Dyddiad</b> [gweler](x)", '
        'none_named_cell="dim _eto_", '
        'discuss="Trafodwch {.x}:", '
        'numbers_match_not_all="# Rhifau: gweler `a|b` a *c [d]*") %}\n',
    )
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    text = render_handout(case, format="markdown", template_dir=folder).text
    assert "| Exchange | O \\| i | Takes | Needed within | Expected | Provided |" in text
    assert "| &lt;b&gt;Dyddiad&lt;/b&gt; \\[gweler\\](x) | |" in text
    assert "**Trafodwch \\{.x}:**" in text
    assert " \\# Rhifau: gweler a\\|b a *c \\[d\\]*" in text
    html = render_handout(case, template_dir=folder).text
    assert ">O | i<" in html
    assert "Rhifau: gweler <code>a|b</code> a <em>c [d]</em>" in html


def test_a_right_words_file_is_not_parsed_again_to_be_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parsing _words.j2 to find the line of a key costs more than the rest of its check
    (a handout drawn with examples/handout-cy took 5% longer): the check parses a file
    it refuses alone."""
    env = a.handouts.environment.environment("html", WELSH)
    parsed: list[str] = []
    parse = jinja2.Environment.parse

    def counting(
        self: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None
    ) -> object:
        parsed.append(source)
        return parse(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "parse", counting)
    a.handouts.environment.check_words(env)
    assert parsed == []


def test_a_words_file_that_fails_as_it_loads_is_told_at_its_line(tmp_path: Path) -> None:
    # checked before any figure is drawn, and told where it fails, as the render told it
    from activity_systems.cli.console import describe_error

    source = (WELSH / "_words.j2").read_text(encoding="utf-8")
    source = source.replace("{% set words = {", "{% set z = case.title %}\n{% set words = {", 1)
    line = 1 + source.splitlines().index("{% set z = case.title %}")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_words.j2").write_text(source, encoding="utf-8")
    case = a.load(ROOT / "examples" / "court-reports.yaml")
    with pytest.raises(jinja2.UndefinedError) as caught:
        render_handout(case, template_dir=folder)
    said = describe_error(caught.value)
    assert said.startswith(f"{folder / '_words.j2'}:{line}: template error: 'case' is undefined")


def test_the_librarys_english_in_a_welsh_page_says_it_is_english(tmp_path: Path) -> None:
    """A page in Welsh (``lang`` of ``_sections.j2``) marks what the library writes in
    English (a built-in rule's message, explanation and question, in section 3 and in
    the progress section, the domains of the competency frameworks) as English, so that
    a screen reader reads it in an English voice rather than a Welsh one; an English
    page marks nothing."""
    welsh = handouts("html", WELSH, tmp_path)
    english = handouts("html", None, tmp_path)
    assert '<p lang="en">Even the quickest turnaround' in welsh
    # "Discuss:", which the stylesheet writes before the question, is the page's word
    assert '<p class="prompt"><span lang="en">What timeframe' in welsh
    assert '<p class="details" lang="en">Lancet Commission 2010: Role clarification;' in welsh
    # a built-in rule's message in the progress section, which is otherwise Welsh
    assert '</span>: <span lang="en">“Defendants are seen when court staff' in welsh
    assert english.count('lang="en"') == english.count('<html lang="en">')


def test_the_fields_a_change_names_are_english_in_a_welsh_page() -> None:
    """The fields of a change in the progress section are named as the case file names
    them, in English: a Welsh page says so, as for the rules' messages."""
    welsh = render_handout(
        a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml"),
        previous=a.load(ROOT / "examples" / "liaison-and-diversion.yaml"),
        template_dir=WELSH,
    ).text
    assert (
        '<li><span lang="en">turnaround</span>: 2–10 days ' + ARROW_READ + " 4–24 hours</li>"
        in welsh
    )


def test_the_words_of_a_welsh_page_are_not_marked_english(tmp_path: Path) -> None:
    """The levels' headings, the competencies and the Scale's levels are words of
    ``_words.j2``: in a Welsh page they are Welsh, and read in its voice."""
    welsh = handouts("html", WELSH, tmp_path)
    assert "<h3>Gwrthddywediadau pedweryddol</h3>" in welsh
    assert '<p class="level-where">Rhwng systemau gweithgaredd cyfagos.</p>' in welsh
    assert "<dt>Cymwyseddau</dt><dd>Cyfathrebu rhyngbroffesiynol, Egluro rolau</dd>" in welsh
    assert '<tr>\n<th scope="row">Egluro rolau</th>' in welsh
    assert '<th scope="col">Cysylltu</th>' in welsh
    assert "<td>Cyswllt fesul achos: atgyfeirio a throsglwyddo gwybodaeth</td>" in welsh
    assert "Cysylltu heddiw, cydgysylltu yn ddymunol." in welsh


def test_every_shipped_competency_and_level_is_a_word() -> None:
    """A competency the library ships, a level of contradictions and a level of the
    Scale each have their words in the shipped ``_words.j2``, so that a handout in
    another language can give them: one added without them would stay English."""
    from activity_systems.handouts.context import LEVEL_HEADINGS
    from activity_systems.handouts.environment import environment
    from activity_systems.model import IntegrationLevel
    from activity_systems.model.relations import SOI_DESCRIPTIONS
    from activity_systems.vocab import competencies

    words = environment("html").get_template("_words.j2").module.words  # type: ignore[attr-defined]
    slugs = [slug.replace("-", "_") for slug in competencies()]
    keys = [f"competency_{slug}{end}" for slug in slugs for end in ("", "_means")]
    keys += [
        f"soi_{level.value.replace('-', '_')}{end}"
        for level in IntegrationLevel
        for end in ("", "_means")
    ]
    keys += [
        f"level_{level}{end}"
        for level in ("primary", "secondary", "tertiary", "quaternary", "none")
        for end in ("", "_where")
    ]
    assert [key for key in keys if key not in words] == []
    for level, (title, where) in LEVEL_HEADINGS.items():
        assert (words[f"level_{level}"], words[f"level_{level}_where"]) == (title, where)
    for soi, means in SOI_DESCRIPTIONS.items():
        key = f"soi_{soi.value.replace('-', '_')}"
        assert (words[key], words[f"{key}_means"]) == (soi.label, means)
    for slug, competency in competencies().items():
        assert words[f"competency_{slug.replace('-', '_')}"] == competency.label
        assert words[f"competency_{slug.replace('-', '_')}_means"] == competency.description


def test_a_rule_of_ones_own_keeps_the_pages_language(tmp_path: Path) -> None:
    """A rule of one's own may write its messages in the page's language: its finding
    is not marked English."""

    from activity_systems.rules import Finding, new_finding, rule

    @rule("XY001", name="cwestiwn-cymraeg", category="contradiction")
    def welsh_rule(case: a.Case) -> Iterator[Finding]:
        """Rheol yn Gymraeg: a rule whose texts are Welsh."""
        yield new_finding(
            elements=[case.systems[0].id],
            level="quaternary",
            message="Neges yn Gymraeg.",
            explanation="Esboniad yn Gymraeg.",
            prompt="Cwestiwn yn Gymraeg?",
        )

    case = a.load(ROOT / "examples" / "court-reports.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = a.check(case, [welsh_rule])
        text = render_handout(case, format="html", template_dir=WELSH, report=report).text
    assert "<p>Esboniad yn Gymraeg.</p>" in text
    assert '<p class="prompt">Cwestiwn yn Gymraeg?</p>' in text


def test_the_participants_note_keeps_the_pages_language(tmp_path: Path) -> None:
    """A declared contradiction's explanation is the participants' note, in their words
    and so in the page's language: a Welsh page does not mark it English. Without a
    note, the explanation is the library's English, and says so."""
    case = tmp_path / "court.yaml"
    note = COURT[COURT.index("    note: >-", COURT.index("declared:")) :]
    declared = (
        "    note: Daw'r adroddiad yn rhy hwyr i'r remand.\n"
        "  - between: [court.targets, mhs.report]\n    level: tertiary\n"
    )
    case.write_text(COURT.replace(note, declared), encoding="utf-8")
    text = render_handout(a.load(case), format="html", template_dir=WELSH).text
    assert "<p>Daw&#39;r adroddiad yn rhy hwyr i&#39;r remand.</p>" in text
    assert '<p lang="en">Named by the workshop participants.</p>' in text


def test_a_changes_kind_group_is_its_name_in_any_language() -> None:
    """A template of one's own tests ``row.kind_group == "changed"``: ``kind`` is the
    handout's word for it, Welsh in a Welsh page, as ``fate_group`` is to ``fate``."""
    from activity_systems.follow_up import compare
    from activity_systems.handouts.environment import environment, words_of
    from activity_systems.handouts.progress import progress_section

    comparison = compare(
        a.load(ROOT / "examples" / "liaison-and-diversion.yaml"),
        a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml"),
    )
    welsh = progress_section(comparison, words=words_of(environment("html", WELSH)))
    english = progress_section(comparison)
    assert [row.kind_group for row in welsh.changes] == [row.kind_group for row in english.changes]
    assert {row.kind_group for row in welsh.changes} <= {"added", "removed", "changed"}
    changed = [row for row in welsh.changes if row.kind_group == "changed"]
    assert changed
    assert {row.kind for row in changed} == {"newidiwyd"}


def desired_moved() -> a.Comparison:
    """The example's two versions, the earlier one desiring full integration."""
    before = (ROOT / "examples" / "liaison-and-diversion.yaml").read_text(encoding="utf-8")
    assert before.count("desired: cooperation") == 1
    earlier = a.loads(before.replace("desired: cooperation", "desired: full-integration"))
    return a.follow_up.compare(
        earlier, a.load(ROOT / "examples" / "liaison-and-diversion-2027.yaml")
    )


def test_the_desired_level_a_move_had_keeps_the_case_its_word_has() -> None:
    """{level} is the level's word as the words file writes it: a language that
    capitalises nouns keeps its capital."""
    from activity_systems.handouts.environment import shipped_words
    from activity_systems.handouts.progress import progress_section

    words = dict(shipped_words())
    words["soi_full_integration"] = "Vollständige Integration"
    words["move_desired_was"] = "{move} (gewünschte Stufe war {level})"
    (move,) = progress_section(desired_moved(), words=words).integration
    assert move.move.endswith("(gewünschte Stufe war Vollständige Integration)")
    english = progress_section(desired_moved()).integration[0].move
    assert english.endswith("(desired level was full-integration)")


def test_the_welsh_says_the_desired_level_a_move_had_where_its_capital_reads_right() -> None:
    from activity_systems.handouts.environment import environment, words_of
    from activity_systems.handouts.progress import progress_section

    words = words_of(environment("html", WELSH))
    (move,) = progress_section(desired_moved(), words=words).integration
    assert move.move == (
        "wedi symud tuag at y lefel ddymunol, 1 lefel i fynd. "
        "Integreiddio llawn oedd y lefel ddymunol"
    )


def test_an_apostrophe_of_a_competencys_words_is_written_alike_with_every_markupsafe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Jinja2 3.1.6 installs with MarkupSafe 2.0 or newer, and MarkupSafe before 3.0
    escapes what ``Markup.replace`` is told to find: the competencies' ``replace("'", …)``
    then found nothing, and the same case gave ``one's own`` where MarkupSafe 3 gives
    ``one&#39;s own``. Markup.replace as MarkupSafe 2 has it stands in for an older
    MarkupSafe here."""
    from markupsafe import Markup, escape

    def replace_as_markupsafe_2(self: Markup, old: str, new: str, count: int = -1) -> Markup:
        return Markup(str.replace(self, escape(old), escape(new), count))

    monkeypatch.setattr(figures, "draw_svg", stub_svg)
    monkeypatch.setattr(Markup, "replace", replace_as_markupsafe_2)
    text = render_handout(a.load(ROOT / "examples" / "court-reports.yaml")).text
    assert "Understanding one&#39;s own and others&#39; roles" in text
    assert "one's own" not in text


def test_a_words_file_may_give_the_title_of_a_system_drawn_on_its_own(tmp_path: Path) -> None:
    """The handout never draws a system without its case, so its words need not give
    that title; words that do give it are taken, for the figures drawn with them in
    Python, not refused as a misspelt "figure_activity_system"."""
    from activity_systems.handouts.handout import figure_words_of
    from activity_systems.render import figure

    folder = tmp_path / "cy"
    shutil.copytree(WELSH, folder)
    words = folder / "_words.j2"
    source = words.read_text(encoding="utf-8")
    given = '  "figure_activity_system": "{system}: system gweithgaredd",\n'
    assert given in source
    alone = '  "figure_activity_system_alone": "{system}: system gweithgaredd ar ei ben ei hun",\n'
    words.write_text(source.replace(given, given + alone), encoding="utf-8")
    court = a.load(ROOT / "examples" / "court-reports.yaml").system("court")
    drawn = figure(court, words=figure_words_of(folder))
    titled = "Magistrates' court (CJS): system gweithgaredd ar ei ben ei hun, "
    assert drawn.title.startswith(titled)
    # with a placeholder the title has not, it is refused at its line
    words.write_text(source.replace(given, given + alone.replace("{system}", "{nifer}")), "utf-8")
    with pytest.raises(jinja2.TemplateSyntaxError, match=r"has the placeholder \{nifer\}"):
        figure_words_of(folder)


def test_a_title_of_a_system_on_its_own_that_is_no_text_is_told_as_any_other_word(
    tmp_path: Path,
) -> None:
    from activity_systems.handouts.handout import figure_words_of

    folder = tmp_path / "cy"
    shutil.copytree(WELSH, folder)
    words = folder / "_words.j2"
    source = words.read_text(encoding="utf-8")
    given = '  "figure_activity_system": "{system}: system gweithgaredd",\n'
    alone = '  "figure_activity_system_alone": 7,\n'
    words.write_text(source.replace(given, given + alone), encoding="utf-8")
    with pytest.raises(
        jinja2.TemplateSyntaxError,
        match=r"the word 'figure_activity_system_alone' is int 7, not a text",
    ):
        figure_words_of(folder)
