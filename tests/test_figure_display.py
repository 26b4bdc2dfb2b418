"""What ``figure()`` gives a notebook: still a ``graphviz.Digraph`` (its DOT, its
drawing, its copies), shown as a case's figure is shown, and the same text in every
session, so that a notebook run again and saved has no change to show in git."""

from __future__ import annotations

import copy
import pickle
import re
import shutil
from pathlib import Path
from typing import Any

import graphviz
import pytest

import activity_systems as a
from activity_systems.render import figure
from activity_systems.render.notebook import mimebundle

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def case() -> a.Case:
    return a.load(EXAMPLES / "court-reports.yaml")


def formatted(obj: object) -> dict[str, Any]:
    """The bundle a notebook's kernel sends for ``obj``, as IPython's formatter makes it."""
    formatters: Any = pytest.importorskip("IPython.core.formatters")
    data, _ = formatters.DisplayFormatter().format(obj)
    return dict(data)


def test_a_figure_is_still_a_digraph_of_the_same_dot(case: a.Case) -> None:
    drawn = figure(case)
    assert isinstance(drawn, graphviz.Digraph)
    assert drawn.source == a.render(case, format="dot")


def test_a_figure_reads_the_same_in_every_session(case: a.Case) -> None:
    """Not graphviz's ``<graphviz.graphs.Digraph at 0x7f…>``, an address in memory that
    differed each time the notebook ran."""
    shown = repr(figure(case))
    assert " at 0x" not in shown
    assert shown == repr(figure(a.load(EXAMPLES / "court-reports.yaml")))
    assert "around their shared object, 11 contradictions" in shown
    assert repr(figure(case, system="court")) != shown


@needs_dot
@pytest.mark.parametrize(
    "options",
    [{}, {"system": "court"}, {"pair": ("mhs", "court")}, {"theme": "print"}],
)
def test_a_figure_shows_as_the_case_shows_its_figure(case: a.Case, options: dict[str, Any]) -> None:
    """Its SVG as ``render`` draws it (the marks titled by what they mean), and the HTML
    image fitted to the column that untrusted JupyterLab keeps: not graphviz's own SVG
    alone, shown at its own size, and not at all in a notebook JupyterLab does not trust."""
    bundle = formatted(figure(case, **options))
    assert sorted(bundle) == ["image/svg+xml", "text/html", "text/plain"]
    assert bundle["image/svg+xml"] == a.render(case, format="svg", **options)
    assert bundle["text/plain"] == repr(figure(case, **options))
    if not options:  # the very bundle the case gives
        assert bundle == {**mimebundle(case), "text/plain": bundle["text/plain"]}
    assert bundle["text/html"].startswith("<img ")
    assert "max-width: 100%" in bundle["text/html"]


@needs_dot
def test_a_figure_changed_after_it_was_made_shows_as_changed(case: a.Case) -> None:
    drawn = figure(case, system="court")
    drawn.attr(bgcolor="#fafafa")
    assert 'fill="#fafafa"' in formatted(drawn)["image/svg+xml"]


def test_a_figure_shows_only_what_is_asked(case: a.Case) -> None:
    drawn = figure(case)
    assert drawn._repr_mimebundle_(include=["text/plain"]) == {"text/plain": repr(drawn)}
    assert drawn._repr_mimebundle_(include=["image/png"]) == {}


def test_a_figure_copies_and_pickles_as_a_figure(case: a.Case) -> None:
    drawn = figure(case, system="court")
    for again in (
        drawn.copy(),
        copy.copy(drawn),
        copy.deepcopy(drawn),
        pickle.loads(pickle.dumps(drawn)),
    ):
        assert type(again) is type(drawn)
        assert again.source == drawn.source
        assert repr(again) == repr(drawn)
    # a copy is its own graph: changing it leaves the figure as it was
    changed = drawn.copy()
    changed.node("extra")
    assert "extra" not in drawn.source


def test_a_subgraph_of_a_figure_is_a_graph_of_its_own(case: a.Case) -> None:
    drawn = figure(case, system="court")
    with drawn.subgraph(name="cluster_notes") as notes:
        notes.node("note", "A note")
        assert isinstance(notes, graphviz.Digraph)
        assert " at 0x" not in repr(notes)
        assert "cluster_notes" in repr(notes)
    assert "subgraph cluster_notes" in drawn.source
    plain = graphviz.Digraph("cluster_plain")
    drawn.subgraph(plain)
    assert "subgraph cluster_plain" in drawn.source


@needs_dot
def test_a_figure_still_draws_itself(case: a.Case, tmp_path: Path) -> None:
    drawn = figure(case, system="court")
    assert drawn.pipe(format="svg").startswith(b"<?xml")
    written = drawn.render(tmp_path / "court", format="svg")
    assert Path(written).read_bytes().startswith(b"<?xml")
    assert re.search(r"<graphviz\.|at 0x", repr(drawn)) is None


def test_figure_is_imported_from_the_package_as_render_is() -> None:
    """``from activity_systems import figure, load``, as a notebook's first cell writes
    it, was an ``ImportError``: ``figure`` was only in ``activity_systems.render``."""
    from activity_systems import figure as from_the_package

    assert from_the_package is figure
    assert "figure" in a.__all__


def test_a_figure_without_graphviz_shows_how_to_install_it_and_its_dot(
    case: a.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from activity_systems.render import backend

    def missing(*args: object, **kwargs: object) -> bytes:
        raise a.GraphvizNotFound("Graphviz's dot was not found: install Graphviz")

    monkeypatch.setattr(backend, "run_dot", missing)
    drawn = figure(case, system="court")
    bundle = formatted(drawn)
    assert sorted(bundle) == ["text/html", "text/plain"]
    assert "install Graphviz" in bundle["text/html"]
    assert "<details><summary>The figure as DOT text" in bundle["text/html"]
    assert "digraph figure {" in bundle["text/html"]


def test_a_figure_without_graphviz_says_how_to_install_it_from_a_cell(
    case: a.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Colab, or a notebook on a server, there is no terminal to type the hint's
    ``sudo apt-get install graphviz`` into: the cell says what to run in a cell, and
    that the figure then shows without restarting the kernel (``dot`` is looked for at
    each figure)."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")
    shown = formatted(case)["text/html"]
    assert "<code>!apt-get install -y graphviz</code>" in shown
    assert "<code>%conda install -c conda-forge graphviz</code>" in shown
    assert "without restarting the kernel" in shown
    # before the DOT text that is folded below it
    assert shown.index("!apt-get") < shown.index("<details>")


def test_the_install_hint_wraps_between_words_in_jupyterlab(
    case: a.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JupyterLab, and nbconvert's HTML, style every ``pre`` of an output with
    ``word-break: break-all``: the hint wrapped as "Debian or U / buntu", "graphvi / z".
    Its ``pre`` says to wrap between words, and to break a word only longer than the
    line (a DOT line, a path)."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")
    shown = formatted(case)["text/html"]
    pres = re.findall(r"<pre( [^>]*)?>", shown)
    assert len(pres) == 2  # the hint, and the DOT text folded below it
    for attributes in pres:
        assert "word-break: normal" in attributes
        assert "overflow-wrap: anywhere" in attributes


def test_without_graphviz_a_large_figure_s_dot_text_is_saved_not_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The DOT text folded below the install hint went into the cell whatever its size:
    1.9 MB for the overview of 100 systems, kept in the notebook's file. Past
    ``DOT_SHOWN`` characters the cell says how to write it to a file instead."""
    from activity_systems.render.notebook import DOT_SHOWN
    from benchmarks.generate import case_data

    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ACTIVITY_SYSTEMS_GRAPHVIZ", "program")
    large = a.Case.model_validate(case_data(40, seed=0))
    assert len(figure(large).source) > DOT_SHOWN
    for shown, saves in [
        (large, 'a.render(case, "figure.dot")'),
        (figure(large), 'graph.save("figure.dot")'),
    ]:
        html = formatted(shown)["text/html"]
        assert len(html) < 5_000
        assert "digraph" not in html
        assert f"<code>{saves}</code> writes it" in html
        assert "!apt-get install -y graphviz" in html
    system = formatted(large.systems[0])["text/html"]  # small: shown folded, as before
    assert "<details><summary>The figure as DOT text" in system


@needs_dot
def test_a_figure_too_wide_to_fit_shows_in_its_box_with_the_case_s_ways_out() -> None:
    from benchmarks.generate import case_data

    wide = a.Case.model_validate(case_data(12, seed=0))
    bundle = formatted(figure(wide))
    assert bundle["text/html"] == mimebundle(wide)["text/html"]
    assert "in a box that scrolls" in bundle["text/html"]
    assert 'a.render(case, "overview.svg")' in bundle["text/html"]


@needs_dot
def test_a_figure_says_the_language_of_its_case() -> None:
    welsh = a.loads(
        "language: cy\ntitle: Llys\nsystems:\n"
        "  - id: llys\n    subject: Ynad\n    object: Diffynnydd\n"
    )
    bundle = formatted(figure(welsh))
    assert bundle["image/svg+xml"] == a.render(welsh, format="svg")
    assert bundle["text/html"].startswith('<img lang="cy" ')
    alone = formatted(figure(welsh.system("llys")))
    assert "lang=" not in alone["text/html"].split(" src=")[0]


# -- a system shown without its case ----------------------------------------------------


@needs_dot
def test_a_system_drawn_without_its_case_says_it_was_checked_on_its_own(case: a.Case) -> None:
    """The court has ten contradictions in its case, all with the other system: drawn
    alone, it is checked as a case of its own, and its title said "no contradictions"."""
    court = case.system("court")
    alone = "Magistrates' court (CJS): activity system checked on its own, no contradictions"
    assert figure(court).title == alone
    titled = "<title>" + alone.replace("'", "&#39;") + "</title>"
    assert titled in str(a.render(court, format="svg"))
    # in its case, Figures 1 and 2 are titled as before
    in_case = "Magistrates' court (CJS): activity system, 10 contradictions"
    assert figure(case, system="court").title == in_case
    assert figure(court, case=case).title == in_case
    # no contradictions drawn, none counted: nothing said of a check
    assert figure(court, contradictions=False).title == "Magistrates' court (CJS): activity system"


def test_a_case_of_one_system_is_titled_as_its_case(case: a.Case) -> None:
    """A case file of one system is its whole case: nothing is left out of its count."""
    one = case.subcase(["court"])
    assert figure(one).title == "Magistrates' court (CJS): activity system, 1 contradiction"


@needs_dot
def test_a_system_shown_alone_in_a_notebook_points_to_its_case_s_figure(case: a.Case) -> None:
    """Below the figure, the notebook says that the system was checked on its own, and
    how to draw its contradictions with the other systems of its case."""
    pointer = '<code>a.figure(case, system="court")</code> draws them.</p>'
    court = case.system("court")
    for page in (mimebundle(court)["text/html"], formatted(figure(court))["text/html"]):
        assert page.startswith("<img ")
        assert "<p>Checked on its own: a system does not know its case" in page
        assert page.endswith(pointer)
    # drawn with its case, or without contradictions, there is nothing to point to
    for drawn in (figure(case, system="court"), figure(court, contradictions=False)):
        assert "Checked on its own" not in formatted(drawn)["text/html"]
    assert "Checked on its own" not in mimebundle(case)["text/html"]


def test_a_system_drawn_alone_in_another_language_keeps_its_title_in_that_language(
    case: a.Case,
) -> None:
    """Words of one's own that translate the system's title but not the word for one
    checked on its own title it in their language, not half in English."""
    from activity_systems.handouts.handout import figure_words_of
    from activity_systems.render import FigureWords

    welsh = FigureWords(
        activity_system="{system}: system gweithgaredd",
        contradictions_none="{what}, dim gwrthddywediadau",
    )
    court = case.system("court")
    titled = "Magistrates' court (CJS): system gweithgaredd, dim gwrthddywediadau"
    assert figure(court, words=welsh).title == titled
    folder = Path(__file__).resolve().parent.parent / "examples" / "handout-cy"
    assert figure(court, words=figure_words_of(folder)).title == titled
    # words that give it too are taken
    alone = FigureWords(activity_system_alone="{system}: system gweithgaredd ar ei ben ei hun")
    assert figure(court, words=alone).title.startswith(
        "Magistrates' court (CJS): system gweithgaredd ar ei ben ei hun, "
    )
