"""The handout's "Progress since <earlier version>" section."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from arrows_read import ARROW_READ

from activity_systems import Case, load
from activity_systems.handouts import handout, render_handout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEFORE = EXAMPLES / "liaison-and-diversion.yaml"
AFTER = EXAMPLES / "liaison-and-diversion-2027.yaml"
SINCE = "Court liaison and diversion: intensive-phase workshop (2026)"


pytestmark = pytest.mark.usefixtures("stubbed")


def section(text: str, start: str) -> list[str]:
    return text[text.index(start) :].splitlines()


def test_markdown_handout_shows_progress_since_the_earlier_version() -> None:
    text = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    lines = section(text, "## 7. Progress since")
    assert lines[0] == f"## 7. Progress since {SINCE}"
    assert (
        "6 findings resolved, 4 persisting, 1 new. 7 actions: 1 planned, 1 in-progress, 5 done."
        in (lines)
    )
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### Resolved (6)",
        "### Persisting (4)",
        "### New (1)",
        "### Scale of Organisational Integration",
        "### What changed in the case",
        "### Actions",
    ]
    assert (
        "| Magistrates' court and Local court liaison practice | Linkage | Coordination | "
        "Cooperation | moved towards the desired level, 1 level to go |"
    ) in lines
    assert (
        "| Agree a liaison rota that covers every court sitting | Service manager | 2026-12-01 | "
        "done (was in-progress) | obsolete: local.when-available is no longer in the case<br>"
        "`AS301-a3aa32aca2` |"
    ) in lines
    assert [line[:45] for line in lines if line.startswith("- \\(2) **AS403")] == [
        "- \\(2) **AS403 extra-contractual-work** · pri"
    ]
    items = [line for line in lines if line.startswith("- ") and " · " in line]
    # one line for each finding: an item that ran on into the next would read as one
    assert len(items) == 6 + 4 + 1
    assert all(line.count(" **AS") == 1 for line in items)
    # numbered as in the contradictions (and on the figures), but for the resolved; the
    # bracket escaped, or pandoc reads "(1) …" as an ordered list inside the item
    assert [line[: line.index(" **")] for line in items] == ["-"] * 6 + [
        "- \\(1)",
        "- \\(3)",
        "- \\(4)",
        "- \\(5)",
        "- \\(2)",
    ]
    headings = text.splitlines()
    assert any(line.startswith("#### 2. “Return screening data") for line in headings)


def test_html_handout_shows_progress_with_a_contents_entry() -> None:
    text = render_handout(load(AFTER), previous=load(BEFORE)).text
    assert f'<li><a href="#progress">Progress since {SINCE}</a></li>' in text
    assert f'<section id="progress" class="page">\n<h2>7. Progress since {SINCE}</h2>' in text
    assert "<h3>Resolved (6)</h3>" in text
    assert "<h3>Persisting (4)</h3>" in text
    assert "<h3>New (1)</h3>" in text
    assert text.count('<tr class="fate-resolved">') == 3
    assert text.count('<tr class="fate-obsolete">') == 1
    assert text.count('<tr class="fate-persisting">') == 2
    assert text.count('<tr class="fate-new">') == 1
    assert '<tr class="move-towards">' in text
    assert '<li><span class="number">2</span> <strong>AS403 extra-contractual-work' in text
    assert "<li><strong>AS401 unowned-exchange</strong>" in text  # resolved: no number


def test_no_earlier_version_no_progress_section() -> None:
    for fmt in ("html", "markdown"):
        text = render_handout(load(AFTER), format=fmt).text
        assert "Progress since" not in text


def test_changed_durations_are_written_as_in_the_element_tables() -> None:
    """With an en dash (``2–10 days``), as the element tables write a turnaround, not as
    the case file writes it (``2-10 days``)."""
    markdown = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    assert "Turnaround: 4–24 hours" in markdown  # the element table
    changes = section(markdown, "### What changed in the case")
    assert any("<br>turnaround: 2–10 days → 4–24 hours<br>" in line for line in changes)
    html = render_handout(load(AFTER), previous=load(BEFORE)).text
    assert "<li>turnaround: 2–10 days " + ARROW_READ + " 4–24 hours</li>" in html


def test_a_changed_time_that_names_a_tool_keeps_its_reference() -> None:
    def version(takes: str, needed_within: str) -> Case:
        return Case.model_validate(
            {
                "title": "Reports",
                "systems": [
                    {"id": "court", "subject": "M", "object": "D"},
                    {
                        "id": "mhs",
                        "subject": "P",
                        "object": "S",
                        "tools": [{"id": "report-2", "label": "R", "turnaround": "2-4 weeks"}],
                    },
                ],
                "exchanges": [
                    {
                        "id": "report",
                        "label": "Report",
                        "from": "mhs",
                        "to": "court",
                        "takes": takes,
                        "needed_within": needed_within,
                    }
                ],
            }
        )

    before, after = version("mhs.report-2", "3-5 days"), version("36 hours-2 days", "1 week")
    text = render_handout(after, format="markdown", previous=before).text
    changes = section(text, "### What changed in the case")
    row = next(line for line in changes if "`report`" in line)
    assert "<br>takes: mhs.report-2 → 36 hours–2 days<br>" in row
    assert "<br>needed within: 3–5 days → 1 week |" in row


def test_a_pair_that_passes_its_desired_level_is_said_to_be_above_it() -> None:
    """Not "towards the desired level, 1 level to go": the pair went past it."""

    def version(current: str) -> Case:
        return Case.model_validate(
            {
                "title": f"Reports ({current})",
                "systems": [
                    {"id": "court", "name": "Court", "subject": "M", "object": "D"},
                    {"id": "mhs", "name": "MHS", "subject": "P", "object": "S"},
                ],
                "integration": [
                    {"between": ["court", "mhs"], "current": current, "desired": "cooperation"}
                ],
            }
        )

    before, after = version("linkage"), version("full-integration")
    markdown = render_handout(after, format="markdown", previous=before).text
    assert (
        "| Court and MHS | Linkage | Full integration | Cooperation | moved across the desired "
        "level, 1 level above the desired level |"
    ) in section(markdown, "### Scale of Organisational Integration")
    html = render_handout(after, previous=before).text
    assert (
        '<tr class="move-across"><th scope="row">Court and MHS</th><td>Linkage</td>'
        "<td>Full integration</td><td>Cooperation</td><td>moved across the desired level, "
        "1 level above the desired level</td></tr>"
    ) in html


HOSTILE = "<script>alert(1)</script> # | *x*"


def hostile_versions() -> tuple[Case, Case]:
    data = {
        "title": HOSTILE,
        "systems": [
            {"id": "court", "name": HOSTILE, "subject": "M", "object": "D", "tools": [HOSTILE]},
            {"id": "mhs", "subject": "P", "object": "S"},
        ],
        "integration": [
            {"between": ["court", "mhs"], "current": "linkage", "desired": "cooperation"}
        ],
        "actions": [
            {"finding": {"rule": "AS501", "elements": ["court", "mhs"]}, "strategy": HOSTILE}
        ],
    }
    later = json.loads(json.dumps(data))
    later["systems"][0]["tools"] = [{"id": "form", "label": HOSTILE + " 2"}]
    later["actions"][0]["status"] = "done"
    return Case.model_validate(data), Case.model_validate(later)


def test_progress_escapes_user_text_in_html() -> None:
    before, after = hostile_versions()
    text = render_handout(after, previous=before).text
    progress = text[text.index('<section id="progress"') :]
    assert "<script>" not in progress
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in progress


def test_progress_escapes_user_text_in_markdown() -> None:
    before, after = hostile_versions()
    text = render_handout(after, format="markdown", previous=before).text
    progress = text[text.index("## 7. Progress since") :]
    assert "<script>" not in progress
    assert progress.splitlines()[0] == (
        "## 7. Progress since &lt;script&gt;alert(1)&lt;/script&gt; \\# \\| \\*x\\*"
    )
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; \\# \\| \\*x\\* |" in progress


def test_handout_file_with_an_earlier_version_path(tmp_path: Path) -> None:
    target = handout(AFTER, tmp_path / "review.md", previous=BEFORE)
    text = target.read_text(encoding="utf-8")
    assert f"## 7. Progress since {SINCE}" in text


def test_same_titles_are_told_apart_by_file_name(tmp_path: Path) -> None:
    earlier = tmp_path / "review-2026.yaml"
    earlier.write_text(
        BEFORE.read_text(encoding="utf-8").replace(
            '"Court liaison and diversion: intensive-phase workshop (2026)"',
            '"Court liaison and diversion: action learning set review (2027)"',
        ),
        encoding="utf-8",
    )
    text = handout(AFTER, tmp_path / "review.md", previous=earlier).read_text(encoding="utf-8")
    assert "## 7. Progress since review-2026.yaml" in text
    assert "Now: liaison-and-diversion-2027.yaml." in text


def test_files_of_one_name_are_told_apart_by_their_folders(tmp_path: Path) -> None:
    """Both versions are named alike: by their files when both are files (as much of
    their paths as tells them apart), else by their titles, never one of each."""
    title = '"Court liaison and diversion: action learning set review (2027)"'
    for year, source in (("2026", BEFORE), ("2027", AFTER)):
        (tmp_path / year).mkdir()
        text = source.read_text(encoding="utf-8")
        text = text.replace('"Court liaison and diversion: intensive-phase workshop (2026)"', title)
        (tmp_path / year / "case.yaml").write_text(text, encoding="utf-8")
    earlier, later = tmp_path / "2026" / "case.yaml", tmp_path / "2027" / "case.yaml"
    text = handout(later, tmp_path / "review.md", previous=earlier).read_text(encoding="utf-8")
    assert "## 7. Progress since 2026/case.yaml\n" in text
    assert "Now: 2027/case.yaml.\n" in text
    assert "what has changed since 2026/case.yaml: " in text
    # a case given as a case has no file to be named by: both are named by their title
    text = handout(load(later), tmp_path / "titles.md", previous=earlier).read_text("utf-8")
    assert f"## 7. Progress since {title[1:-1]}\n" in text
    assert f"Now: {title[1:-1]}.\n" in text
    named = render_handout(
        load(later), previous=load(earlier), previous_label="spring", case_label="autumn"
    ).text
    assert "<h2>7. Progress since spring</h2>" in named
    assert "Now: autumn.</p>" in named


def test_actions_on_findings_no_longer_reported_show_what_those_findings_said() -> None:
    """The earlier version's words name the finding an action addressed; its key alone
    means nothing to the set. Without an earlier version there are no words to show."""
    html = render_handout(load(AFTER), previous=load(BEFORE)).text
    table = html[html.index("<h3>Actions on findings not reported</h3>") :]
    assert (
        '<tr><th scope="row">AS401 unowned-exchange<p class="details">No task of Local court '
        "liaison practice produces “Screening returns to the national model”, needed by National "
        'liaison and diversion model: it is nobody&#39;s job.</p><span class="key">'
        "AS401-dfc1c05076</span></th>"
    ) in table
    markdown = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    assert "| AS401 unowned-exchange: No task of Local court liaison practice" in markdown
    assert "it is nobody's job.<br>`AS401-dfc1c05076` |" in markdown
    alone = render_handout(load(AFTER)).text
    alone_table = alone[alone.index("<h3>Actions on findings not reported</h3>") :]
    assert '<tr><th scope="row"><span class="key">AS401-dfc1c05076</span></th>' in alone_table


NOTE = "<b>Returns</b> go to the data manager | *weekly* # since May"


def noted_returns() -> Case:
    """The later version with :data:`NOTE` on the action whose finding was resolved."""
    text = AFTER.read_text(encoding="utf-8")
    action = "    strategy: Make the screening returns somebody's job\n"
    end = text.index("\n", text.index("    status: ", text.index(action))) + 1
    from activity_systems import loads

    return loads(f'{text[:end]}    note: "{NOTE}"\n{text[end:]}')


def test_an_actions_note_is_shown_where_its_finding_is_no_longer_reported() -> None:
    """The note of an action whose finding was resolved is in the list of actions on
    findings not reported and in the progress section, escaped, as in the action plan."""
    after = noted_returns()
    html = render_handout(after, previous=load(BEFORE)).text
    escaped = "&lt;b&gt;Returns&lt;/b&gt; go to the data manager | *weekly* # since May"
    not_reported = html[html.index("<h3>Actions on findings not reported</h3>") :]
    not_reported = not_reported[: not_reported.index("</table>")]
    assert (
        f'<td>Make the screening returns somebody&#39;s job<p class="details">{escaped}</p></td>'
    ) in not_reported
    progress = html[html.index('<section id="progress"') :]
    assert (
        '<tr class="fate-resolved"><th scope="row">Make the screening returns somebody&#39;s '
        f'job<p class="details">{escaped}</p></th>'
    ) in progress
    assert "<b>Returns" not in html
    # without an earlier version too, where the finding is "not reported"
    alone = render_handout(after).text
    assert f'job<p class="details">{escaped}</p></td>' in alone

    markdown = render_handout(after, format="markdown", previous=load(BEFORE)).text
    cell = (
        "Make the screening returns somebody's job<br>&lt;b&gt;Returns&lt;/b&gt; go to the data "
        "manager \\| \\*weekly\\* \\# since May |"
    )
    assert markdown.count(cell) == 2  # not reported, and progress
    assert "<b>" not in markdown


def test_using_this_handout_points_to_the_progress_section() -> None:
    html = render_handout(load(AFTER), previous=load(BEFORE)).text
    assert f"and what has changed since {SINCE}: the contradictions resolved" in html
    assert "(section 7)" in html
    assert "(section 7)" not in render_handout(load(AFTER)).text
    markdown = render_handout(load(AFTER), format="markdown", previous=load(BEFORE)).text
    assert "(section 7)." in markdown


class _Rows(HTMLParser):
    """The body rows of every table of a section of the handout, each as the tags of its
    cells (``th row`` for a row heading), and the headings cells left empty."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.depth = section, False, 0
        self.rows: dict[str, list[list[str]]] = {}
        self.table = ""
        self.in_body = self.blank = False
        self.empty_headings = 0
        self.heading_text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "section":
            self.depth += self.inside
            if names.get("id") == self.section:
                self.inside, self.depth = True, 0
        if tag == "div" and names.get("role") == "region":
            self.table = names.get("aria-label") or ""
        if tag == "tbody":
            self.in_body = True
        if tag == "tr":
            self.blank = "blank" in (names.get("class") or "")
            if self.inside and self.in_body and not self.blank:
                self.rows.setdefault(self.table, []).append([])
        if tag in ("th", "td"):
            if self.inside and self.in_body and not self.blank:
                self.rows[self.table][-1].append(f"{tag} {names.get('scope') or ''}".strip())
            if tag == "th":
                self.heading_text = ""

    def handle_data(self, data: str) -> None:
        if self.heading_text is not None:
            self.heading_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self.empty_headings += not (self.heading_text or "").strip()
            self.heading_text = None
        if tag == "tbody":
            self.in_body = False
        if tag == "section" and self.inside:
            self.inside = self.depth > 0
            self.depth -= 1


@pytest.mark.parametrize(
    ("section", "tables"),
    [
        ("action-plan", ["Action plan", "Actions on findings not reported"]),
        (
            "progress",
            [
                "Scale of Organisational Integration, before and now",
                "What changed in the case",
                "Actions",
            ],
        ),
    ],
)
def test_each_action_and_change_has_a_row_heading(section: str, tables: list[str]) -> None:
    """A screen reader names each cell of a row by the cell that says what the row is:
    the contradiction's number in the action plan, the finding of an action whose finding
    is not reported, the element that changed, the strategy of an action, as every other
    table of the handout does. (The action tables had none.)"""
    rows = _Rows(section)
    rows.feed(render_handout(load(AFTER), previous=load(BEFORE)).text)
    assert list(rows.rows) == tables
    for table, cells in rows.rows.items():
        assert cells, table
        assert all(row.count("th row") == 1 for row in cells), (table, cells)


def test_no_table_has_an_empty_heading() -> None:
    """The worksheet's corner and the cell before the levels' descriptions were headings
    with nothing in them; they are plain cells."""
    rows = _Rows("integration")
    rows.feed(render_handout(load(AFTER), previous=load(BEFORE)).text)
    assert rows.empty_headings == 0
