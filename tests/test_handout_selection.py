"""A handout of some of a case's systems: a workshop on part of a regional map."""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path
from typing import Any, Literal

import pytest

from activity_systems import ArgumentError, Case, ManyPairFiguresWarning, Report, check, load
from activity_systems.handouts import handout, render_handout
from activity_systems.handouts.selection import MANY_PAIR_FIGURES, NAMED_IN_TITLE, select

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LIAISON = EXAMPLES / "liaison-and-diversion.yaml"
LATER = EXAMPLES / "liaison-and-diversion-2027.yaml"
WHOLE = "Court liaison and diversion: intensive-phase workshop (2026)"

pytestmark = pytest.mark.usefixtures("stubbed")


def region(size: int) -> Case:
    """``size`` systems in a row, each passing a report to the next, and an assessment
    between the first two."""
    return Case.model_validate(
        {
            "title": "Region",
            "systems": [
                {"id": f"s{i}", "name": f"Service {i}", "subject": "S", "object": "O"}
                for i in range(size)
            ],
            "exchanges": [
                {"id": f"x{i}", "label": "Report", "from": f"s{i}", "to": f"s{i + 1}"}
                for i in range(size - 1)
            ],
            "integration": [{"between": ["s0", "s1"], "current": "linkage", "desired": "linkage"}],
        }
    )


def test_the_handout_of_a_selection_is_that_of_the_subcase_with_a_cover_note() -> None:
    case = load(LIAISON)
    chosen = render_handout(case, format="markdown", systems=["national", "local"])
    part = render_handout(case.subcase(["local", "national"]), format="markdown")
    note = (
        f"> This handout covers 2 of the 3 systems of “{WHOLE}”: Local court liaison practice "
        "and National liaison and diversion model. Not in it: 1 exchange and 1 integration "
        "assessment between these systems and the other one, and the contradictions found "
        "there; choose more systems to include them.\n\n"
    )
    kicker = "*Interagency workshop handout*\n\n"
    assert chosen.text == part.text.replace(kicker, kicker + note, 1)
    assert chosen.files == part.files
    assert sorted(chosen.files) == [
        "handout-figure1-local.svg",
        "handout-figure2-national.svg",
        "handout-figure3-local-national.svg",
    ]


def test_findings_with_a_system_left_out_are_not_shown() -> None:
    case = load(LIAISON)
    text = render_handout(case, format="markdown", systems=["local", "national"]).text
    shown = re.findall(r"^#### (\d+)\. ", text, re.M)
    expected = check(case.subcase(["local", "national"]))
    assert len(shown) == len(expected.findings) == 5
    assert "Magistrates" not in text.split("## 1.")[1]  # the court is left out
    whole = check(case)
    across = [f for f in whole.findings if f.key not in {g.key for g in expected.findings}]
    assert sorted(f.rule for f in across) == ["AS101", "AS201", "AS202", "AS301", "AS501"]
    assert all(f"`{finding.key}`" in text for finding in expected.findings)
    assert not any(finding.key in text for finding in across)


def test_a_report_of_the_whole_case_is_refused_with_how_to_make_one_of_the_part() -> None:
    # The advice used to be check(case.subcase(systems)), which drops a rule of the
    # user's that the refused report ran; report.rules_run keeps the same rules.
    case = load(LIAISON)
    report = check(case)
    with pytest.raises(ValueError, match=r"the report names .*not among the chosen") as caught:
        render_handout(case, systems=["local", "national"], report=report)
    advice = "check(case.subcase(systems), rules=report.rules_run)"
    assert advice in str(caught.value)
    systems = ["local", "national"]
    part = check(case.subcase(systems), rules=report.rules_run)
    assert render_handout(case, systems=systems, report=part).text


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_the_cover_says_which_part_of_the_map_it_covers(fmt: Literal["html", "markdown"]) -> None:
    text = render_handout(region(6), format=fmt, systems=["s2", "s1"]).text
    title = "Region: Service 1 and Service 2"
    assert (f"<h1>{title}</h1>" if fmt == "html" else f"# {title}\n") in text
    assert "This handout covers 2 of the 6 systems of “Region”: Service 1 and Service 2." in text
    assert "Not in it: 2 exchanges and 1 integration assessment between" in text
    whole = render_handout(region(6), format=fmt).text
    assert "This handout covers" not in whole


def test_a_large_selection_is_counted_in_the_title() -> None:
    ids = [f"s{i}" for i in range(NAMED_IN_TITLE + 1)]
    part, selection = select(region(10), ids)
    assert part.title == f"Region: {NAMED_IN_TITLE + 1} of its 10 systems"
    assert selection is not None
    assert selection.chosen == tuple(f"Service {i}" for i in range(NAMED_IN_TITLE + 1))
    part, _ = select(region(10), ids[:NAMED_IN_TITLE])
    assert part.title == "Region: Service 0, Service 1 and Service 2"


def test_a_selection_with_nothing_across_says_so() -> None:
    case = region(3).model_copy(update={"exchanges": (), "integration": ()})
    _, selection = select(case, ["s0"])
    assert selection is not None
    assert selection.left_out == "Nothing passes between this system and the others."
    _, selection = select(load(LIAISON), ["national"])
    assert selection is not None
    assert selection.left_out.startswith(
        "Not in it: 1 exchange and 1 link to a more advanced form between"
    )


def test_the_cover_of_one_system_speaks_of_one() -> None:
    _, selection = select(region(2), ["s1"])
    assert selection is not None
    assert selection.left_out == (
        "Not in it: 1 exchange and 1 integration assessment between this system and the "
        "other one, and the contradictions found there; choose more systems to include them."
    )
    _, selection = select(region(4), ["s1", "s2"])
    assert selection is not None
    assert "between these systems and the others," in selection.left_out


def test_a_title_that_asks_a_question_takes_no_colon_after_it() -> None:
    case = region(5).model_copy(update={"title": "Who sees the detained person first?"})
    part, _ = select(case, ["s0"])
    assert part.title == "Who sees the detained person first? Service 0"
    part, _ = select(case, ["s0", "s1", "s2", "s3"])
    assert part.title == "Who sees the detained person first? 4 of its 5 systems"
    text = render_handout(case, format="markdown", systems=["s0"]).text
    assert text.startswith("# Who sees the detained person first? Service 0\n")
    assert "?:" not in text


def test_choosing_every_system_is_the_whole_case() -> None:
    case = load(LIAISON)
    every = render_handout(case, systems=["national", "court", "local", "court"])
    assert every.text == render_handout(case).text


def test_one_id_as_text_is_one_system() -> None:
    part, _ = select(load(LIAISON), "local")
    assert [system.id for system in part.systems] == ["local"]


def test_unknown_or_no_systems_are_refused() -> None:
    case = load(LIAISON)
    with pytest.raises(KeyError, match=r"no system 'locl' \(did you mean 'local'\?\)"):
        render_handout(case, systems=["court", "locl"])
    with pytest.raises(ArgumentError, match="choose at least one system") as refused:
        render_handout(case, systems=[])
    assert isinstance(refused.value, ValueError)


def test_a_report_must_be_that_of_the_chosen_systems() -> None:
    case = load(LIAISON)
    with pytest.raises(ValueError, match=r"the report names 'court\.[\w-]+', which is not"):
        render_handout(case, systems=["local", "national"], report=check(case))
    part = case.subcase(["local", "national"])
    own = check(part, ["AS101", "AS301"])
    text = render_handout(case, format="markdown", systems=["local", "national"], report=own)
    assert len(re.findall(r"^#### \d+\. ", text.text, re.M)) == len(own.findings) == 3


def test_a_report_of_another_case_is_refused_for_the_chosen_systems_too() -> None:
    case = load(LIAISON)
    other = check(load(EXAMPLES / "segregation-unit.yaml"))
    with pytest.raises(ValueError, match="the report is of") as caught:
        render_handout(case, systems=["local", "national"], report=other)
    assert str(caught.value) == (
        f"the report is of “Caring for segregated prisoners”, not of “{WHOLE}” or its "
        "chosen systems: give the report of the chosen systems, check(case.subcase(systems)), "
        "or none"
    )


@pytest.mark.parametrize("size", [2, NAMED_IN_TITLE + 1, 6])
def test_the_reports_a_selection_takes_are_taken_without_a_warning(size: int) -> None:
    # pyproject makes StaleReportWarning an error. The report of case.subcase(systems)
    # is taken when the handout counts the systems in its title instead (more than
    # three), or covers every system; so is the report of the whole case when what it
    # finds lies among the chosen systems, as before.
    case = region(6)
    ids = [f"s{i}" for i in range(size)]
    part = case.subcase(ids)
    assert render_handout(case, format="markdown", systems=ids, report=check(part)).text
    whole = check(case)
    among = [f for f in whole.findings if {r.partition(".")[0] for r in f.elements} <= set(ids)]
    kept = Report.build(whole.case, among, whole.rules_run)
    assert render_handout(case, format="markdown", systems=ids, report=kept).text


def test_the_earlier_version_is_narrowed_to_the_chosen_systems() -> None:
    text = render_handout(
        load(LATER), format="markdown", previous=load(LIAISON), systems=["local", "national"]
    ).text
    part = render_handout(
        load(LATER).subcase(["local", "national"]),
        format="markdown",
        previous=load(LIAISON).subcase(["local", "national"], title=WHOLE),
    ).text
    progress = text[text.index("## 7. Progress since") :]
    assert progress == part[part.index("## 7. Progress since") :]
    assert progress.startswith(f"## 7. Progress since {WHOLE}\n")
    assert "Magistrates" not in progress
    earlier = load(LIAISON).subcase(["court"], title="Court only")
    with pytest.raises(ValueError, match="“Court only” has none of the chosen systems"):
        render_handout(load(LATER), previous=earlier, systems=["local"])


def test_handout_writes_the_selection(tmp_path: Path) -> None:
    target = handout(LIAISON, tmp_path / "part.md", systems=["local"])
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".part.figures.json",
        "part-figure1-local.svg",
        "part.md",
    ]
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# {WHOLE}: Local court liaison practice\n")
    assert "This handout covers 1 of the 3 systems" in text


def test_an_action_named_by_key_for_a_finding_left_out_is_not_called_resolved() -> None:
    case = load(LIAISON)
    across = next(f for f in check(case).findings if f.rule == "AS501")  # court and local
    data = case.model_dump(by_alias=True, exclude_none=True)
    for action in data["actions"]:
        if action["finding"] == {"rule": "AS501", "elements": ("court", "local")}:
            action["finding"] = across.key
    keyed = Case.model_validate(data)
    assert "monthly joint meeting" in render_handout(keyed.subcase(["local", "national"])).text
    text = render_handout(keyed, systems=["local", "national"]).text
    assert "monthly joint meeting" not in text
    assert "Make the screening returns somebody" in text  # a key of a finding inside stays


# -- the warning before drawing many Figure 3s ------------------------------------------


def hub(spokes: int) -> Case:
    """A court that exchanges a report with each of ``spokes`` services: as many
    neighbouring pairs, each a Figure 3."""
    return Case.model_validate(
        {
            "title": "Region",
            "systems": [{"id": "court", "subject": "Magistrate", "object": "Defendant"}]
            + [{"id": f"s{i}", "subject": "S", "object": "O"} for i in range(spokes)],
            "exchanges": [
                {"id": f"x{i}", "label": "Report", "from": f"s{i}", "to": "court"}
                for i in range(spokes)
            ],
        }
    )


def test_the_handout_of_many_pairs_warns_before_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notebook's user sees why the handout takes a while, before it is drawn, with how
    to choose the systems in Python's terms; the warning names the line that called."""
    from activity_systems.handouts import figures

    many = MANY_PAIR_FIGURES + 1
    drawn: list[int] = []
    stub = figures.draw_svg

    def draw(*args: Any, **kwargs: Any) -> str:
        drawn.append(len(caught))
        return stub(*args, **kwargs)

    monkeypatch.setattr(figures, "draw_svg", draw)
    with pytest.warns(ManyPairFiguresWarning) as caught:
        handout(hub(many), tmp_path / "region.md")
    (warning,) = caught
    assert str(warning.message) == (
        f"the handout of its {many + 1} systems draws {many} Figure 3s, one for each "
        f"neighbouring pair, {2 * many + 2} figures in all; choose the systems it covers "
        "with systems=, a list of their ids"
    )
    assert warning.filename == __file__
    assert drawn[0] == 1  # warned before the first figure was drawn


@pytest.mark.parametrize("format", ["html", "markdown"])
def test_the_handout_tells_of_each_figure_drawn(
    format: Literal["html", "markdown"], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``on_figure(drawn, total)``: before the first figure and after each, for a
    counter of a large map's figures."""
    from activity_systems.handouts import figures

    monkeypatch.setattr(figures, "draw_svg", lambda *a, **k: "<svg/>")
    told: list[tuple[int, int]] = []
    result = render_handout(hub(3), format=format, on_figure=lambda *n: told.append(n))
    assert told == [(n, 8) for n in range(9)]  # four triangles, the overview, three pairs
    assert result.text.count("Figure 8") >= 1


def test_the_handout_written_tells_of_each_figure_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``handout(on_figure=...)``, as a notebook would show a progress bar."""
    from activity_systems.handouts import figures

    monkeypatch.setattr(figures, "draw_svg", lambda *a, **k: "<svg/>")
    told: list[tuple[int, int]] = []
    handout(hub(1), tmp_path / "region.md", on_figure=lambda *n: told.append(n))
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]  # two triangles and the pair


def test_a_figure_callback_that_raises_stops_the_handout_writing_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``on_figure`` raises (a notebook's own stop) is raised as it is, and no
    handout, nor any of its figure files, is written."""
    from activity_systems.handouts import figures

    monkeypatch.setattr(figures, "draw_svg", lambda *a, **k: "<svg/>")

    def stop(drawn: int, total: int) -> None:
        if drawn == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        handout(hub(3), tmp_path / "region.md", on_figure=stop)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", [1, "tqdm", [print]])
def test_a_figure_callback_that_cannot_be_called_is_refused_before_any_work(
    given: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``on_figure=1`` said ``'int' object is not callable`` once the case was loaded and
    checked; it is a TypeError naming the argument, as other arguments' are, before the
    case file is even read."""
    module = sys.modules["activity_systems.handouts.handout"]
    monkeypatch.setattr(module, "_check", lambda *a: pytest.fail("the case was checked"))
    said = f"on_figure must be a function called as on_figure(drawn, total), not {given!r}"
    with pytest.raises(TypeError, match=re.escape(said)):
        handout(tmp_path / "missing.yaml", tmp_path / "h.html", on_figure=given)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape(said)):
        render_handout(hub(1), on_figure=given)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_the_warning_is_the_packages_like_its_others() -> None:
    import activity_systems
    from activity_systems import errors

    assert activity_systems.ManyPairFiguresWarning is errors.ManyPairFiguresWarning
    assert "ManyPairFiguresWarning" in activity_systems.__all__
    assert issubclass(ManyPairFiguresWarning, UserWarning)
    page = (EXAMPLES.parent / "docs" / "api.md").read_text(encoding="utf-8")
    assert "        - ManyPairFiguresWarning\n" in page


@pytest.mark.parametrize(
    ("case", "systems"),
    [
        (hub(MANY_PAIR_FIGURES), None),  # not more than the limit
        (hub(MANY_PAIR_FIGURES + 1), ["court", "s0"]),  # a part chosen
        (hub(MANY_PAIR_FIGURES + 1), [f"s{i}" for i in range(21)] + ["court"]),  # all chosen
    ],
    ids=["few", "chosen", "all-chosen"],
)
def test_no_warning_for_few_pairs_or_chosen_systems(case: Case, systems: list[str] | None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ManyPairFiguresWarning)
        render_handout(case, format="markdown", systems=systems)


def test_the_command_line_warns_past_the_same_number() -> None:
    from activity_systems import cli

    assert cli.MANY_PAIR_FIGURES == MANY_PAIR_FIGURES
