"""Costs grow linearly with the size of a case: counted, not timed.

Work is counted as the lines of Python executed (``sys.settrace`` line events), which
does not depend on the machine. The larger case is the smaller one twice over: two
areas with the same content under their own ids (``benchmarks.generate``), so linear
work exactly doubles (less any fixed cost) while work over all pairs of systems,
elements or findings quadruples. Loops that run entirely in C (``x in some_list``) are
not counted; everything in Python, Pydantic's included, is.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from activity_systems import Case, CaseFileError, Report, check, loads
from activity_systems.io import yaml_source
from activity_systems.io.loading import Format
from activity_systems.io.yaml_syntax import blank_in_place
from activity_systems.model import slugs
from activity_systems.rules.engine import BUILTIN_RULES
from activity_systems.rules.finding import Finding

# The case generator lives beside the package, in benchmarks/ (not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from line_counting import lines_executed

from benchmarks.generate import case_data, case_yaml

#: Systems in the smaller case; the larger has twice as many.
N = 40
#: Work on the larger case / work on the smaller. Linear: 2; over all pairs: 4.
LIMIT = 2.2


@pytest.fixture(scope="module")
def cases() -> tuple[Case, Case]:
    small = Case.model_validate(case_data(N))
    large = Case.model_validate(case_data(N, areas=2))
    check(small)  # fill the caches (vocabulary, rule docs) before counting
    return small, large


def growth(action: Callable[[Case], object], cases: tuple[Case, Case]) -> tuple[float, int]:
    small, large = cases
    work = lines_executed(lambda: action(small))
    return lines_executed(lambda: action(large)) / work, work


def test_the_larger_case_is_the_smaller_twice_over(cases: tuple[Case, Case]) -> None:
    small, large = cases
    assert len(large.systems) == 2 * len(small.systems)
    assert len(large.exchanges) == 2 * len(small.exchanges) == 10 * N
    assert len(check(large).findings) == 2 * len(check(small).findings)


@pytest.mark.parametrize("spec", BUILTIN_RULES, ids=lambda spec: f"{spec.id}-{spec.name}")
def test_each_rule_grows_linearly(spec: Any, cases: tuple[Case, Case]) -> None:
    ratio, work = growth(lambda case: check(case, rules=[spec]), cases)
    assert work > 0
    assert ratio <= LIMIT, f"{spec.id} does {ratio:.2f}x the work on a case twice the size"


def test_check_with_every_rule_grows_linearly(cases: tuple[Case, Case]) -> None:
    ratio, _ = growth(check, cases)
    assert ratio <= LIMIT


def test_value_tensions_are_found_through_the_index(cases: tuple[Case, Case]) -> None:
    # The case has many tagged elements in every system; comparing every pair of them
    # (or every pair of systems) would show here first.
    small, _ = cases
    assert sum(1 for located in small.iter_elements() if located.element.values) > 3 * N
    ratio, _ = growth(lambda case: check(case, rules=["AS301"]), cases)
    assert ratio <= LIMIT


def _norms_and_exchanges(n: int) -> Case:
    """One agency with ``n`` rules that each withhold an item of their own, and ``n``
    exchanges from it that each expect another item: nothing is withheld that is
    expected, so AS202 finds nothing, and its work is only the looking."""
    producer = {
        "id": "mhs",
        "subject": "Psychiatrist",
        "object": "Patient",
        "rules": [{"id": f"r{i}", "label": f"Norm {i}", "withholds": [f"w{i}"]} for i in range(n)],
    }
    exchanges = [
        {"id": f"e{i}", "label": f"Report {i}", "from": "mhs", "to": "court", "expects": [f"x{i}"]}
        for i in range(n)
    ]
    court = {"id": "court", "subject": "Magistrate", "object": "Defendant"}
    return Case.model_validate({"title": "T", "systems": [producer, court], "exchanges": exchanges})


def test_withheld_items_are_looked_up_not_compared_with_every_norm() -> None:
    # A case file of 600 KB with 15,000 norms and 15,000 exchanges of one agency took
    # AS202 46 seconds, comparing every exchange with every norm.
    small, large = _norms_and_exchanges(100), _norms_and_exchanges(200)
    assert not check(large, rules=["AS202"]).findings
    ratio = lines_executed(lambda: check(large, rules=["AS202"])) / lines_executed(
        lambda: check(small, rules=["AS202"])
    )
    assert ratio <= LIMIT


def test_numbering_every_finding_grows_linearly(cases: tuple[Case, Case]) -> None:
    # Figures and handouts number each finding they show.
    reports = {id(case): check(case) for case in cases}

    def number_all(case: Case) -> list[int]:
        report: Report = reports[id(case)]
        findings: tuple[Finding, ...] = report.findings
        return [report.number(finding) for finding in findings]

    ratio, _ = growth(number_all, cases)
    assert ratio <= LIMIT


def test_numbering_a_report_s_own_findings_compares_none_field_by_field(
    cases: tuple[Case, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A figure numbers the very findings of its report: each is found by its key and
    # known by identity, where comparing its fields took five times as long.
    report = check(cases[0])
    compared: list[object] = []
    equal = Finding.__eq__

    def counting(self: Finding, other: object) -> bool:
        compared.append(other)
        return equal(self, other)

    monkeypatch.setattr(Finding, "__eq__", counting)
    numbers = [report.number(finding) for finding in report.findings]
    assert numbers == list(range(1, len(report.findings) + 1))
    assert compared == []
    # a copy of a finding, equal but not the same object, is still numbered
    copy = report.findings[3].model_copy()
    assert report.number(copy) == 4
    assert compared == [copy]


def test_loading_grows_linearly() -> None:
    small, large = case_yaml(N), case_yaml(N, areas=2)
    loads(small)
    ratio = lines_executed(lambda: loads(large)) / lines_executed(lambda: loads(small))
    assert ratio <= LIMIT


def _one_line(errors: int) -> str:
    """A case written as JSON on one line and read as YAML (a minified JSON file named
    .yaml), with an error in each of ``errors`` community members (a tag that is no id)."""
    members = [{"label": f"x{i}", "values": ["B"]} for i in range(errors)]
    system = {"id": "court", "subject": "M", "object": "D", "community": members}
    return json.dumps({"title": "T", "systems": [system]}, separators=(",", ":"))


def _problems(text: str, fmt: Format = "yaml") -> int:
    try:
        loads(text, format=fmt)
    except CaseFileError as error:
        return len(error.problems)
    raise AssertionError("the case loaded")


def test_placing_errors_on_one_long_line_grows_linearly() -> None:
    # Each error's line is looked at for a tab or a look-alike space; read again for each
    # error, a line of 2,000 errors took seconds.
    small, large = _one_line(200), _one_line(400)
    assert _problems(small) == 200
    assert _problems(large) == 400
    ratio = lines_executed(lambda: _problems(large)) / lines_executed(lambda: _problems(small))
    assert ratio <= LIMIT


def test_each_line_is_looked_at_once_for_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []

    def counted(line: str) -> tuple[int, str] | None:
        lines.append(line)
        return blank_in_place(line)

    monkeypatch.setattr(yaml_source, "blank_in_place", counted)
    assert _problems(_one_line(50)) == 50
    assert len(lines) == 1


def _system(**more: object) -> dict[str, object]:
    return {"id": "court", "subject": "M", "object": "D", **more}


#: Cases with ``n`` errors in one list or mapping, by what is wrong: each error is placed
#: by looking up its key, and some are told together (a text cut at ','s, the keys of a
#: list item missing); looking through the whole list or mapping for each was quadratic.
_MANY_ERRORS = {
    "unknown keys": lambda n: {
        "title": "T",
        "systems": [_system(**{f"k{i}": "a" for i in range(n)})],
    },
    "items missing keys": lambda n: {
        "title": "T",
        "systems": [_system(community=[{"values": ["b"]}] * n)],
    },
    "texts with ': '": lambda n: {
        "title": "T",
        "systems": [_system(community=[{f"zz{i}": "a"} for i in range(n)])],
    },
    "empty lists": lambda n: {
        "title": "T",
        "systems": [_system()],
        "declared": [{"between": []}] * n,
    },
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("wrong", _MANY_ERRORS)
def test_placing_many_errors_in_one_list_or_mapping_grows_linearly(wrong: str, fmt: Format) -> None:
    small, large = (json.dumps(_MANY_ERRORS[wrong](n)) for n in (200, 400))
    ratio = lines_executed(lambda: _problems(large, fmt)) / lines_executed(
        lambda: _problems(small, fmt)
    )
    assert ratio <= LIMIT


def test_placing_a_text_cut_at_many_commas_grows_linearly() -> None:
    def case(n: int) -> str:
        words = ", ".join(f"b{i}" for i in range(n))
        system = "{id: a, subject: S, object: O}"
        return f"title: T\nsystems: [{system}]\ndeclared: [{{between: a, {words}}}]\n"

    small, large = case(200), case(400)
    ratio = lines_executed(lambda: _problems(large)) / lines_executed(lambda: _problems(small))
    assert ratio <= LIMIT


#: Cases of ``n`` systems with ``n`` misspelt references, by what names nothing: each
#: "did you mean" hint compared the reference with every id, for every reference; and a
#: tool named without its system ('takes: report'), whose system was looked for in every
#: system, for every such reference.
_MISSPELT = {
    "exchange from": lambda i: {"from": f"servce-{i:03}"},
    "exchange from, as a name": lambda i: {"from": f"Servce {i:03}"},
    "produced_with": lambda i: {"produced_with": f"servce-{i:03}.report"},
    "takes, without its system": lambda i: {"takes": "report"},
}


@pytest.mark.parametrize("wrong", _MISSPELT)
def test_hints_for_many_misspelt_references_grow_linearly(wrong: str) -> None:
    def case(n: int) -> str:
        systems = [
            {"id": f"service-{i:03}", "subject": "S", "object": "O", "tools": ["Report"]}
            for i in range(n)
        ]
        exchanges = [
            {
                "id": f"x{i}",
                "label": "R",
                "from": f"service-{i:03}",
                "to": f"service-{(i + 1) % n:03}",
            }
            | _MISSPELT[wrong](i)
            for i in range(n)
        ]
        return json.dumps({"title": "T", "systems": systems, "exchanges": exchanges})

    # more misspelt references than get a fuzzy search (FUZZY_HINTS) in both, and ids of
    # one length, so that each comparison of two ids costs the same in both
    small, large = case(100), case(200)
    assert _problems(small) == 100
    ratio = lines_executed(lambda: _problems(large)) / lines_executed(lambda: _problems(small))
    assert ratio <= LIMIT


@pytest.mark.parametrize("length", [100_000, 5_000])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_huge_unknown_key_is_not_compared_with_the_known_keys(
    fmt: Format, length: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unknown key of 5 MB (pasted by mistake, or sent to a service on purpose) took
    # over a minute to refuse: its "did you mean" compared it with every known key.
    # Such a word gets the list of known keys alone.
    compared: list[int] = []
    squashed, fuzzy = slugs.squashed, difflib.get_close_matches

    def counting_squashed(text: str) -> str:
        compared.append(len(text))
        return squashed(text)

    def counting_fuzzy(word: str, options: list[str], n: int, cutoff: float) -> list[str]:
        compared.append(len(word))
        return fuzzy(word, options, n=n, cutoff=cutoff)

    monkeypatch.setattr(slugs, "squashed", counting_squashed)
    monkeypatch.setattr(difflib, "get_close_matches", counting_fuzzy)
    key = "x" * length
    data = {"title": "T", key: 1, "systems": [{"id": "a", "subject": "S", "object": "O"}]}
    text = json.dumps(data) if fmt == "json" else f"title: T\n? {key}\n: 1\nsystems: []\n"
    with pytest.raises(CaseFileError) as raised:
        loads(text, format=fmt)
    assert "unknown key 'xxxx" in str(raised.value)
    assert "(known: 'actions'" in str(raised.value)
    assert max(compared, default=0) <= slugs.LONGEST_HINTED


def test_an_id_made_from_a_long_label_is_still_hinted() -> None:
    # A label may be 5,000 characters long, and a rule quoted in full makes an id of more
    # than 1,000: written with its words apart or in capitals, the reference to it is
    # still told the id, which takes no search among the others to find.
    words = "Reports must be written " + "and reviewed by the clinical lead " * 40
    slug = slugs.slugify(words)
    assert len(slug) > slugs.LONGEST_HINTED
    text = (
        f"title: T\nsystems:\n- id: court\n  subject: S\n  object: O\n  rules:\n  - {words}\n"
        f"- id: mhs\n  subject: S\n  object: O\n  rules: [Norms]\n"
        f"declared:\n- between: [court.{slug.replace('-', '_')}, mhs.norms]\n"
        f"  level: quaternary\n"
    )
    with pytest.raises(CaseFileError) as raised:
        loads(text, format="yaml")
    assert "(did you mean 'reports-must-be-written-and-reviewed" in str(raised.value)
    assert "(known:" not in str(raised.value)
    hints = slugs.Hints([slug])
    assert hints.closest(slug.upper()) == slug
    assert hints.did_you_mean(slug.replace("-", " ")) == f" (did you mean {slug!r}?)"
