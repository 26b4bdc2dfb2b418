"""Dump and reload give an equal case; the JSON Schema accepts every example."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from jsonschema import Draft7Validator

import activity_systems as a
from activity_systems.io.dumping import _Dumper, case_to_json, case_to_yaml
from activity_systems.io.loading import load_with_source
from activity_systems.io.schema import SAFE_TEXT, case_schema
from activity_systems.io.yaml_source import read_yaml
from activity_systems.model.relations import LEVEL_MEANINGS, SOI_DESCRIPTIONS
from activity_systems.model.types import LABEL_JSON_SCHEMA, MAX_LABEL_LENGTH

EXAMPLES = sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.yaml"))


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"court-reports.yaml", "segregation-unit.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_round_trip(path: Path, tmp_path: Path) -> None:
    case = a.load(path)
    assert a.loads(case_to_yaml(case)) == case
    assert a.loads(case_to_json(case), format="json") == case
    assert case.to_yaml() == case_to_yaml(case)
    assert a.loads(case.to_json(), format="json") == case
    for name in ("again.yaml", "again.json"):
        written = a.dump(case, tmp_path / name)
        assert a.load(written) == case
    # dumping is deterministic
    assert case_to_yaml(a.load(path)) == case_to_yaml(case)
    # equal cases hash equal
    assert hash(a.loads(case.to_json(), format="json")) == hash(case)


def test_dump_writes_no_produced_with_for_the_tool_an_exchange_takes() -> None:
    """The tool ``takes`` names is the tool the exchange is produced with, and is still
    written only as ``takes``: a case dumps as written."""
    text = (
        "title: T\n"
        "systems:\n"
        "  - {id: court, subject: Magistrate, object: Defendant}\n"
        "  - id: mhs\n"
        "    subject: Psychiatrist\n"
        "    object: Service user\n"
        "    tools: [{id: report, label: Report, provides: [diagnosis]}]\n"
        "exchanges:\n"
        "  - {label: Report, from: mhs, to: court, takes: mhs.report}\n"
    )
    case = a.loads(text)
    assert case.provides(case.exchanges[0]) == ("diagnosis",)
    for dumped in (case_to_yaml(case), case_to_json(case)):
        assert "produced_with" not in dumped
        assert dumped.count("provides") == 1  # the tool's, not copied to the exchange
    assert a.loads(case_to_yaml(case)) == case


def test_a_case_hashes_as_it_compares() -> None:
    """A case's ``value_aliases`` is a dict, which has no hash: ``hash(case)``, a case as
    a key of a dict and a cached function of a case all failed, with "unhashable type:
    'dict'"."""
    text = a.load(EXAMPLES[0]).to_yaml() + "value_aliases: {tlc: treatment, haste: speed}\n"
    case = a.loads(text)
    again = a.loads(case.to_json(), format="json")
    assert again == case
    assert hash(again) == hash(case)
    assert {case: "report"}[again] == "report"
    other = case.model_copy(update={"value_aliases": {"tlc": "treatment"}})
    assert other != case
    assert hash(other) != hash(case)

    @functools.lru_cache
    def titled(case: a.Case) -> str:
        return case.title

    assert titled(case) == titled(again) == case.title
    assert titled.cache_info().hits == 1


def test_dump_keeps_tricky_strings() -> None:
    case = a.loads(
        "title: 'no'\nsystems:\n  - {id: a, sector: 'yes', subject: '1.10', object: 'null?',"
        ' description: "two\\nlines"}\n'
    )
    again = a.loads(case_to_yaml(case))
    assert again == case
    assert again.title == "no"
    assert again.systems[0].subject.label == "1.10"


@pytest.mark.parametrize("text", ["1e3", "1E+3", "-2e-5", "0o17", "+12", "12e03"])
def test_dump_quotes_a_text_that_yaml_1_2_reads_as_a_number(text: str) -> None:
    """PyYAML quotes what YAML 1.1 reads as something else ('no', '010', '1:30'), but not
    what only YAML 1.2's core schema does: plain, a label '1e3' written back was the
    number 1000 to an editor, a YAML 1.2 library or a script reading the file."""
    case = a.loads(f"title: T\nsystems: [{{id: a, subject: '{text}', object: O}}]\n")
    written = case_to_yaml(case)
    assert f"subject: '{text}'\n" in written
    assert a.loads(written) == case


def test_dump_quotes_a_text_that_opens_a_typographic_quote() -> None:
    """Plain, such a text would be refused on loading, as cut short by YAML."""
    case = a.loads("title: '\u2018'\nsystems: [{id: a, subject: '\u201cWing, day', object: O}]\n")
    assert a.loads(case_to_yaml(case)) == case


@pytest.mark.parametrize("width", range(60, 130))
def test_dump_keeps_a_long_text_with_a_dash_from_wrapping_to_a_line_s_start(width: int) -> None:
    """A long plain text is wrapped at a space; wrapped before a ' - ', its next line
    would start with '- ', which the loader refuses as a list item indented into the
    text above it. Wherever the wrap falls, the text is written so that it loads."""
    text = "x" * width + " - then " + "word " * 30
    case = a.Case(
        title="t",
        description=text.strip(),
        systems=[a.ActivitySystem(id="s", subject="S", object="O", community=[text.strip()])],
    )
    assert a.loads(case_to_yaml(case)) == case


def test_dump_writes_a_short_text_with_a_dash_plain() -> None:
    case = a.loads("title: Screening - then assessment\nsystems: [{id: a, subject: S, object: O}]")
    assert case_to_yaml(case).startswith("title: Screening - then assessment\n")


def test_dump_escapes_the_line_breaks_editors_do_not_show() -> None:
    """U+2028 and U+2029 in a text are written as escapes in double quotes: written as
    they are, YAML would read them as line breaks, and the loader refuses them."""
    case = a.loads(
        'title: "a\\Lb\\Pc d"\ndescription: "x\\Ly\\n\\nz"\n'
        "systems: [{id: s, subject: S, object: O}]\n"
    )
    text = case_to_yaml(case)
    assert "\u2028" not in text
    assert "\u2029" not in text
    assert a.loads(text) == case


def test_dump_refuses_a_missing_folder(tmp_path: Path) -> None:
    case = a.load(EXAMPLES[0])
    with pytest.raises(a.OutputError, match="does not exist"):
        a.dump(case, tmp_path / "missing" / "case.yaml")


@pytest.mark.parametrize("name", ["dumps", "dumps.yaml", "dumps/"])
def test_dump_to_a_folder_says_it_is_one(tmp_path: Path, name: str) -> None:
    # not "no extension: use .yaml, .yml or .json", as an input error
    (tmp_path / name.rstrip("/")).mkdir()
    case = a.load(EXAMPLES[0])
    with pytest.raises(a.OutputError, match=r": is a folder; give a file name$"):
        a.dump(case, f"{tmp_path}/{name}")


@pytest.mark.parametrize(
    ("name", "what"), [("case", "no extension"), ("case.txt", "the extension '.txt'")]
)
def test_dump_to_a_name_of_no_case_file_is_an_output_error_naming_the_extensions(
    tmp_path: Path, name: str, what: str
) -> None:
    # an error about writing, not a CaseFileError (a case file that could not be read)
    case = a.load(EXAMPLES[0])
    message = f"{tmp_path / name}: cannot write a case file with {what}: use .yaml, .yml or .json"
    with pytest.raises(a.OutputError, match=f"^{re.escape(message)}$") as raised:
        a.dump(case, tmp_path / name)
    assert not isinstance(raised.value, a.CaseFileError)
    assert list(tmp_path.iterdir()) == []


def test_dump_of_a_system_says_it_takes_a_case_and_how_to_make_one(tmp_path: Path) -> None:
    case = a.load(EXAMPLES[0])
    court = case.system("court")
    target = tmp_path / "court.yaml"
    with pytest.raises(TypeError) as raised:
        a.dump(court, target)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "dump() takes a Case, not ActivitySystem: write the case of system 'court' alone, "
        "dump(case.subcase(['court']), ...), or make a case of it, "
        "dump(Case(title=..., systems=[system]), ...)"
    )
    assert not target.exists()
    # what it advises writes the system's case
    assert a.load(a.dump(case.subcase(["court"]), target)).systems == (court,)


@pytest.mark.parametrize(
    ("given", "path", "advice"),
    [
        ("case.yaml", "out.yaml", "not str$"),
        ({"title": "T", "systems": []}, "out.yaml", r"not dict: make a case of the data first"),
        ("out.yaml", "case", r"not str: the case comes first, dump\(case, path\)$"),
    ],
)
def test_dump_of_anything_but_a_case_is_a_type_error(
    tmp_path: Path, given: Any, path: Any, advice: str
) -> None:
    path = a.load(EXAMPLES[0]) if path == "case" else tmp_path / path  # "case": swapped
    with pytest.raises(TypeError, match=r"^dump\(\) takes a Case, " + advice):
        a.dump(given, path)
    assert list(tmp_path.iterdir()) == []


def test_schema_is_draft7() -> None:
    Draft7Validator.check_schema(case_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_against_schema(path: Path) -> None:
    data = read_yaml(path.read_text(encoding="utf-8"), str(path)).data
    errors = sorted(Draft7Validator(case_schema()).iter_errors(data), key=str)
    assert errors == []


TESTS = Path(__file__).parent
#: Every case file of the tests that loads: the starter that ``new`` writes, the cases of
#: the rules' tests and the hostile files that load (a byte-order mark, CR line ends).
LOADING_FILES = sorted(
    [
        TESTS.parent / "activity_systems" / "data" / "starter.yaml",
        TESTS / "data" / "one-system.yaml",
        *(TESTS / "data" / "hostile").iterdir(),
    ]
)
RULE_CASES = sorted((TESTS / "rules" / "cases").glob("*.yaml"))


def test_there_are_cases_of_the_tests_to_check() -> None:
    assert len(LOADING_FILES) >= 9
    assert len(RULE_CASES) >= 17


@pytest.mark.parametrize("path", LOADING_FILES, ids=lambda p: p.name)
def test_every_case_file_of_the_tests_that_loads_validates_against_both_schemas(
    path: Path,
) -> None:
    """An editor marks no file that loads: the schema for its format (a JSON file's text
    is strings, which the schema for YAML takes too)."""
    _, source = load_with_source(path)
    formats: tuple[Literal["yaml", "json"], ...] = (
        ("yaml", "json") if path.suffix == ".json" else ("yaml",)
    )
    for format in formats:
        errors = list(Draft7Validator(case_schema(format)).iter_errors(source.data))
        assert [error.message for error in errors] == [], format


@pytest.mark.parametrize("path", RULE_CASES, ids=lambda p: p.name)
def test_every_case_of_the_rules_tests_validates_against_the_schema(path: Path) -> None:
    data = read_yaml(path.read_text(encoding="utf-8"), str(path)).data
    validator = Draft7Validator(case_schema())
    for written in data["cases"]:
        a.loads(json.dumps(written["case"]), format="json")
        errors = list(validator.iter_errors(written["case"]))
        assert [error.message for error in errors] == [], written["name"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_dumped_examples_validate_against_schema(path: Path) -> None:
    from activity_systems.io.dumping import case_to_data

    data = case_to_data(a.load(path))
    assert list(Draft7Validator(case_schema()).iter_errors(data)) == []


@pytest.mark.parametrize(
    ("task", "valid"),
    [
        ({"task": "Write the report"}, True),
        ({"label": "Write the report"}, True),  # as for every other element
        ({"task": "Write the report", "label": "Report writing"}, False),  # text given twice
        ({"by": "subject"}, False),  # no text at all
    ],
)
def test_schema_takes_a_task_as_the_loader_does(task: dict[str, str], valid: bool) -> None:
    data = {
        "title": "x",
        "systems": [{"id": "a", "subject": "S", "object": "O", "division_of_labour": [task]}],
    }
    assert (list(Draft7Validator(case_schema()).iter_errors(data)) == []) is valid
    if valid:
        a.loads(__import__("json").dumps(data), format="json")
    else:
        with pytest.raises(a.ActivitySystemsError):
            a.loads(__import__("json").dumps(data), format="json")


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "x"},
        {"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O", "tols": []}]},
        {"title": "x", "systems": [{"id": "A B", "subject": "S", "object": "O"}]},
        {
            "title": "x",
            "systems": [{"id": "a", "subject": "S", "object": "O"}],
            "integration": [{"between": ["a", "b"], "current": "best", "desired": "linkage"}],
        },
    ],
)
def test_schema_rejects_what_the_loader_rejects(bad: dict[str, object]) -> None:
    assert list(Draft7Validator(case_schema()).iter_errors(bad))
    with pytest.raises(a.ActivitySystemsError):
        a.loads(__import__("json").dumps(bad), format="json")


def test_examples_have_a_source_for_every_element() -> None:
    for path in EXAMPLES:
        case = a.load(path)
        for found in case.iter_elements():
            assert found.element.source, f"{path.name}: {found.reference} has no source"


def test_court_example_matches_figure_1_and_2() -> None:
    case = a.load(EXAMPLES[0].parent / "court-reports.yaml")
    court, mhs = case.system("court"), case.system("mhs")
    assert court.subject.label == "Magistrate"
    community = " ".join(e.label.lower() for e in court.community)
    for member in ("defence lawyers", "probation officers", "ushers", "magistrates", "security"):
        assert member in community
    assert mhs.subject.label == "Psychiatrist"
    assert {"treatment-first", "confidentiality", "remit"} <= {r.id for r in mhs.rules}
    assert any(t.basis == "private-consultancy" for t in mhs.division_of_labour)


# -- what editors show of the schema -----------------------------------------------------


def schema_nodes(node: Any) -> list[dict[str, Any]]:
    """Every mapping of the schema, ``node`` first."""
    if isinstance(node, list):
        return [found for item in node for found in schema_nodes(item)]
    if not isinstance(node, dict):
        return []
    return [node, *(found for value in node.values() for found in schema_nodes(value))]


def test_schema_tooltips_hold_no_python() -> None:
    """Editors show a key's title and description where the pointer rests: the case
    file's words, not a class's name or its docstring's examples."""
    nodes = schema_nodes(case_schema())
    descriptions = [node["description"] for node in nodes if "description" in node]
    titles = [node["title"] for node in nodes if isinstance(node.get("title"), str)]
    assert descriptions
    assert [d for d in descriptions if isinstance(d, str) and ">>>" in d] == []
    # no class name (ActivitySystem) and no key title-cased word by word (Division Of Labour)
    assert [t for t in titles if re.search(r"[a-z][A-Z]| [A-Z]", t)] == []
    definitions = case_schema()["definitions"]
    assert definitions["ActivitySystem"]["title"] == "Activity system"
    assert definitions["IntegrationLevel"]["description"] == (
        "The five ordered levels of the Scale of Organisational Integration."
    )
    system = definitions["ActivitySystem"]["properties"]
    assert system["division_of_labour"]["title"] == "Division of labour"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_offers_durations_an_editor_can_complete(fmt: Literal["yaml", "json"]) -> None:
    """An editor (VS Code's YAML extension) offers a schema's examples as values to pick:
    a duration's are of each form the loader reads, and each of them loads."""
    durations = [
        node
        for node in schema_nodes(case_schema(fmt))
        if "pattern" in node and "hours, days or weeks" in node.get("description", "")
    ]
    assert durations
    for node in durations:
        assert len(node["examples"]) >= 3
        for example in node["examples"]:
            assert re.search(node["pattern"], example)
            assert a.DurationRange.of(example)
    time_limit = case_schema(fmt)["definitions"]["Rule"]["anyOf"][1]["properties"]["time_limit"]
    offered = [example for choice in time_limit["anyOf"] for example in choice.get("examples", [])]
    assert "4-8 weeks" in offered


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_offers_the_shipped_value_tags_to_complete(fmt: Literal["yaml", "json"]) -> None:
    """A value tag typed from memory is easily one the check does not know (AS604): the
    editor offers the shipped tags, and any other tag is still taken."""
    from activity_systems.vocab import shipped_vocabulary

    tags = sorted(shipped_vocabulary().tags)
    obj = case_schema(fmt)["definitions"]["ObjectElement"]["anyOf"][1]
    items = obj["properties"]["values"]["items"]
    assert items["examples"] == tags
    assert "treatment" in items["examples"]
    validator = Draft7Validator(items)
    assert validator.is_valid("a-tag-of-our-own")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_gives_no_key_an_empty_default_an_editor_would_write_in(
    fmt: Literal["yaml", "json"],
) -> None:
    """An editor (VS Code's YAML extension) completes a key with its default: with a
    default of nothing, 'description' became 'description: null', to be typed over.
    A key left out is nothing already; the defaults that say something stay."""
    schema = case_schema(fmt)
    assert [
        node for node in schema_nodes(schema) if "default" in node and node["default"] is None
    ] == []
    assert schema["definitions"]["Action"]["properties"]["status"]["default"] == "planned"


def test_schema_says_how_a_review_date_is_written() -> None:
    review = case_schema()["definitions"]["Action"]["properties"]["review"]
    assert "YYYY-MM-DD" in review["description"]


def one_system(**keys: Any) -> dict[str, Any]:
    """A case of one system ``a`` with ``keys`` beside its subject and object."""
    return {"title": "T", "systems": [{"id": "a", "subject": "S", "object": "O", **keys}]}


def schema_and_loader(data: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the schema takes ``data``, and whether the loader does (as JSON). Data of
    strings alone is taken alike by the schema for JSON and the one for YAML."""
    schema_takes = Draft7Validator(case_schema("json")).is_valid(data)
    assert Draft7Validator(case_schema("yaml")).is_valid(data) is schema_takes
    try:
        a.loads(json.dumps(data), format="json")
    except a.CaseFileError:
        return schema_takes, False
    return schema_takes, True


LONGEST = "x" * MAX_LABEL_LENGTH


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({**one_system(), "title": ""}, False),
        ({**one_system(), "title": " \u3000\n"}, False),  # spaces alone, Python's included
        ({**one_system(), "title": LONGEST + "x"}, False),
        ({**one_system(), "title": LONGEST}, True),
        ({**one_system(), "title": "\u200b"}, True),  # no space to Python: a label
        (one_system(name=" "), False),
        (one_system(tools=[" "]), False),  # an element written as its label
        (one_system(tools=[{"label": ""}]), False),
        (one_system(community=[LONGEST + "x"]), False),
        (one_system(division_of_labour=[{"task": "\t"}]), False),
        (one_system(division_of_labour=[{"label": "\t"}]), False),
        ({**one_system(), "shared_object": {"label": " "}}, False),
        ({**one_system(), "actions": [{"finding": "AS101-3705b555c6", "strategy": ""}]}, False),
        (
            {**one_system(), "exchanges": [{"id": "x", "label": " ", "from": "a", "to": "b"}]},
            False,
        ),
    ],
)
def test_schema_refuses_a_blank_or_long_label_as_the_loader_does(
    data: dict[str, Any], valid: bool
) -> None:
    schema_takes, loader_takes = schema_and_loader(data)
    assert schema_takes is valid
    if valid or "exchanges" not in data:  # that case has no system 'b' to load
        assert loader_takes is valid


def test_schema_takes_a_label_that_holds_no_space_as_python_reads_spaces() -> None:
    pattern = re.compile(LABEL_JSON_SCHEMA["pattern"])
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = chr(code) * 2
        assert bool(pattern.search(text)) is bool(text.strip()), hex(code)


@pytest.mark.parametrize(
    ("finding", "valid"),
    [
        ("AS101-3705b555c6", True),
        ("AS101", False),  # a rule id, not a finding's key
        ("AS101-3705B555C6", False),
        ("AS101-3705b555c", False),
        ({"rule": "AS101", "elements": ["a.subject"]}, True),
    ],
)
def test_schema_takes_a_finding_key_as_the_loader_does(finding: object, valid: bool) -> None:
    data = {**one_system(), "actions": [{"finding": finding, "strategy": "Agree a report"}]}
    assert schema_and_loader(data) == (valid, valid)


@pytest.mark.parametrize(
    ("aliases", "valid"),
    [({"haste": "speed"}, True), ({"Haste": "speed"}, False), ({"haste": "Speed"}, False)],
)
def test_schema_takes_value_aliases_as_the_loader_does(
    aliases: dict[str, str], valid: bool
) -> None:
    assert schema_and_loader({**one_system(), "value_aliases": aliases}) == (valid, valid)


@pytest.mark.parametrize("node", ["subject", "object", "outcome"])
def test_schema_takes_only_the_fixed_id_of_a_single_node(node: str) -> None:
    """A system's subject, object and outcome have their node's name as their id."""
    for given, valid in ((node, True), ("problem", False), (None, True)):
        element = {"label": "L"} if given is None else {"id": given, "label": "L"}
        data = one_system(**{node: element})
        assert schema_and_loader(data) == (valid, valid), given
    # the community, also an Element, takes any id
    assert schema_and_loader(one_system(community=[{"id": "subject-2", "label": "L"}])) == (
        True,
        True,
    )


TOOL_AND_TWO_SYSTEMS = {
    "title": "T",
    "systems": [
        {"id": "a", "subject": "S", "object": "O", "tools": [{"id": "r", "label": "R"}]},
        {"id": "b", "subject": "S", "object": "O"},
    ],
}


@pytest.mark.parametrize(
    "data",
    [
        {"title": "T", "systems": [{"id": "a\n", "subject": "S", "object": "O"}]},
        one_system(object={"label": "O", "values": ["care\n"]}),
        {**one_system(), "value_aliases": {"haste\n": "speed"}},
        {**one_system(), "value_aliases": {"haste": "speed\n"}},
        {
            **TOOL_AND_TWO_SYSTEMS,
            "exchanges": [{"label": "X", "from": "a", "to": "b", "produced_with": "a.r\n"}],
        },
        {**one_system(), "actions": [{"finding": "AS101-3705b555c6\n", "strategy": "S"}]},
        {
            **one_system(),
            "actions": [
                {"finding": {"rule": "AS101\n", "elements": ["a.subject"]}, "strategy": "S"}
            ],
        },
    ],
)
def test_schema_refuses_an_id_followed_by_a_line_break(data: dict[str, Any]) -> None:
    """Python's ``re.search`` lets ``$`` match before a last line break, as ECMA-262's
    (editors') does not: validators in Python took ``"a\\n"`` for the id ``a``."""
    assert schema_and_loader(data) == (False, False)


def test_every_pattern_of_the_schema_ends_at_the_end() -> None:
    patterns = [
        pattern
        for node in schema_nodes(case_schema())
        for pattern in [node.get("pattern"), *node.get("patternProperties", {})]
        if isinstance(pattern, str)
    ]
    assert len(patterns) > 20
    assert [p for p in patterns if "$" in p and not p.endswith("$(?!\\n)")] == []


@pytest.mark.parametrize(
    ("key", "reference", "valid"),
    [
        ("takes", "a.r ", True),  # spaces around a time's reference are dropped
        ("takes", "\u3000a.r\n", True),
        ("needed_within", " b.t", True),
        ("takes", "a. r", False),
        ("produced_with", "a.r ", False),  # only a time's reference is taken so
    ],
)
def test_schema_takes_spaces_around_a_reference_where_the_loader_does(
    key: str, reference: str, valid: bool
) -> None:
    data = {
        "title": "T",
        "systems": [
            {"id": "a", "subject": "S", "object": "O", "tools": [{"id": "r", "label": "R"}]},
            {"id": "b", "subject": "S", "object": "O", "rules": [{"id": "t", "label": "T"}]},
        ],
        "exchanges": [{"label": "X", "from": "a", "to": "b", key: reference}],
    }
    assert schema_and_loader(data) == (valid, valid)


@pytest.mark.parametrize(
    ("tension", "valid"),
    [
        (["speed", "accuracy", "Fast screening misses things"], True),
        ({"between": ["speed", "accuracy"], "rationale": "Fast screening misses things"}, True),
        ({"between": ["speed", "accuracy", "care"], "rationale": "Why"}, False),
        ({"between": ["speed", "accuracy"]}, False),
        ({"between": ["speed", "accuracy"], "rationale": "Why", "why": "Why"}, False),
        ({"between": ["speed", "Accuracy"], "rationale": "Why"}, False),
        (["speed", "accuracy"], False),
    ],
)
def test_schema_takes_a_value_tension_in_both_forms_the_loader_takes(
    tension: object, valid: bool
) -> None:
    """``[tag, tag, "why"]``, or as a mapping like an integration assessment's."""
    assert schema_and_loader({**one_system(), "value_tensions": [tension]}) == (valid, valid)


def test_a_case_file_writes_from_and_python_from_() -> None:
    """``from_`` is the name Python gives an exchange's ``from`` (a keyword): a case file
    that holds it is told so, as the schema tells an editor; Python takes it."""
    exchange = {"label": "Report", "from_": "a", "to": "b", "takes": "3 months"}
    data = {**TOOL_AND_TWO_SYSTEMS, "exchanges": [exchange]}
    assert schema_and_loader(data) == (False, False)
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(json.dumps(data), format="json")
    problems = [problem.message for problem in raised.value.problems]
    assert problems[0] == "unknown key 'from_' in exchanges[0] (did you mean 'from'?)"
    assert len(problems) == 2  # and the exchange's other problem, its time in months
    assert "months" in problems[1]
    both = {
        **TOOL_AND_TWO_SYSTEMS,
        "exchanges": [{"label": "R", "from": "a", "from_": "a", "to": "b"}],
    }
    with pytest.raises(a.CaseFileError, match=r"unknown key 'from_' in exchanges\[0\]"):
        a.loads(json.dumps(both), format="json")
    # Python names the field from_, in a model's arguments and in its data
    assert a.Exchange(label="R", from_="a", to="b").from_ == "a"
    python = {**TOOL_AND_TWO_SYSTEMS, "exchanges": [{"label": "R", "from_": "a", "to": "b"}]}
    assert a.Case.model_validate(python).exchanges[0].from_ == "a"


# YAML reads a plain 2024, 1.10 or true as the text written; an editor, reading YAML 1.2's
# core schema, as a number or a boolean. JSON writes them as numbers and booleans.
PLAIN_SCALARS = """\
title: 2024
systems:
  - id: 2024
    subject: true
    object: {label: 1.10, values: [2024, true]}
    community: [111]
    tools: [{label: 1e3, provides: [0]}]
    rules: [{label: Rule, time_limit: 3 weeks, withholds: [false]}]
    division_of_labour: [{task: 12, by: 111}]
  - {id: b, subject: S, object: O}
exchanges:
  - {label: 3, from: 2024, to: b, expects: [7]}
integration:
  - {between: [2024, b], current: linkage, desired: cooperation, rationale: 1}
declared:
  - {between: [2024.object, 2024.subject], level: secondary, note: 5}
value_tensions:
  - [1, 2, 3]
  - {between: [4, 5], rationale: 6}
value_aliases: {7: 8}
actions:
  - {finding: {rule: AS101, elements: [3]}, strategy: 4, owner: 5, note: false}
"""

#: ``PLAIN_SCALARS`` as an editor reads it: numbers and booleans (a key is text).
AS_AN_EDITOR_READS = {
    "title": 2024,
    "systems": [
        {
            "id": 2024,
            "subject": True,
            "object": {"label": 1.1, "values": [2024, True]},
            "community": [111],
            "tools": [{"label": 1000.0, "provides": [0]}],
            "rules": [{"label": "Rule", "time_limit": "3 weeks", "withholds": [False]}],
            "division_of_labour": [{"task": 12, "by": 111}],
        },
        {"id": "b", "subject": "S", "object": "O"},
    ],
    "exchanges": [{"label": 3, "from": 2024, "to": "b", "expects": [7]}],
    "integration": [
        {"between": [2024, "b"], "current": "linkage", "desired": "cooperation", "rationale": 1}
    ],
    "declared": [{"between": ["2024.object", "2024.subject"], "level": "secondary", "note": 5}],
    "value_tensions": [[1, 2, 3], {"between": [4, 5], "rationale": 6}],
    "value_aliases": {"7": 8},
    "actions": [
        {
            "finding": {"rule": "AS101", "elements": [3]},
            "strategy": 4,
            "owner": 5,
            "note": False,
        }
    ],
}


def test_the_schema_for_yaml_takes_plain_numbers_and_booleans_as_text() -> None:
    """An editor that checks a YAML case file against the schema (the default) marks none
    of the plain numbers and booleans that the loader reads as text."""
    case = a.loads(PLAIN_SCALARS)
    assert case.title == "2024"
    assert case.systems[0].object.label == "1.10"
    assert case.systems[0].community[0].label == "111"
    errors = list(Draft7Validator(case_schema()).iter_errors(AS_AN_EDITOR_READS))
    assert [error.message for error in errors] == []
    assert case_schema() == case_schema("yaml")


def test_the_schema_for_json_refuses_numbers_and_booleans_as_loading_does() -> None:
    with pytest.raises(a.CaseFileError, match="expected text, got a number"):
        a.loads(json.dumps(AS_AN_EDITOR_READS), format="json")
    errors = list(Draft7Validator(case_schema("json")).iter_errors(AS_AN_EDITOR_READS))
    assert errors


#: Two systems whose ids and elements' ids are digits, as an editor reads them: ``2024``
#: with the tool ``5``, and ``7`` with the tool ``5`` and the rule ``1``.
TWO_NUMBERED_SYSTEMS: dict[str, Any] = {
    "title": "T",
    "systems": [
        {
            "id": 2024,
            "subject": "S",
            "object": "O",
            "tools": [{"id": 5, "label": "Report", "turnaround": "4 weeks"}],
        },
        {
            "id": 7,
            "subject": "S",
            "object": "O",
            "tools": [{"id": 5, "label": "Request"}],
            "rules": [{"id": 1, "label": "Target", "time_limit": "3 weeks"}],
        },
    ],
}


@pytest.mark.parametrize(
    "data",
    [
        {"title": "T", "systems": [{"id": -1, "subject": "S", "object": "O"}]},
        {**TWO_NUMBERED_SYSTEMS, "exchanges": [{"label": "R", "from": 2024, "to": 7, "takes": 6}]},
        {
            **TWO_NUMBERED_SYSTEMS,
            "exchanges": [{"label": "R", "from": 2024, "to": 7, "takes": -2.5}],
        },
        {
            **TWO_NUMBERED_SYSTEMS,
            "exchanges": [{"label": "R", "from": 2024, "to": 7, "needed_within": 3}],
        },
        one_system(tools=[{"label": "Report", "turnaround": 6}]),
        {
            **one_system(),
            "actions": [{"finding": "AS101-3705b555c6", "strategy": "S", "status": 1}],
        },
        {**one_system(), "actions": [{"finding": 101, "strategy": "S"}]},
        {"title": None, "systems": [{"id": "a", "subject": "S", "object": "O"}]},
    ],
)
def test_the_schema_for_yaml_takes_no_number_where_its_text_is_refused(
    data: dict[str, Any],
) -> None:
    """``id: -1`` is no id, and a whole number alone is no duration (nor a reference:
    one holds a dot), status or finding key: an editor marks them in YAML as in JSON."""
    assert not Draft7Validator(case_schema("yaml")).is_valid(data)


NUMBERED_REFERENCES = """\
title: T
systems:
  - id: 2024
    subject: S
    object: O
    tools: [{id: 5, label: Report, turnaround: 4 weeks}]
    division_of_labour: [{task: Write, by: subject, produces: [report]}]
  - id: 7
    subject: S
    object: O
    tools: [{id: 5, label: Request}]
    rules: [{id: 1, label: Target, time_limit: 3 weeks}]
exchanges:
  - id: report
    label: Report
    from: 2024
    to: 7
    produced_with: 2024.5
    takes: 2024.5
    needed_within: 7.1
    requested_with: 7.5
"""


def test_the_schema_for_yaml_takes_a_reference_an_editor_reads_as_a_number() -> None:
    """``takes: 2024.5`` names the tool ``5`` of the system ``2024`` to the loader, and is
    the number 2024.5 to an editor: the schema for YAML takes it, as the loader does."""
    case = a.loads(NUMBERED_REFERENCES)
    assert case.exchanges[0].takes == "2024.5"
    assert case.exchanges[0].requested_with == "7.5"
    exchange = {
        "id": "report",
        "label": "Report",
        "from": 2024,
        "to": 7,
        "produced_with": 2024.5,
        "takes": 2024.5,
        "needed_within": 7.1,
        "requested_with": 7.5,
    }
    data = {**TWO_NUMBERED_SYSTEMS, "exchanges": [exchange]}
    errors = list(Draft7Validator(case_schema("yaml")).iter_errors(data))
    assert [error.message for error in errors] == []
    assert not Draft7Validator(case_schema("json")).is_valid(data)


@pytest.mark.parametrize(
    ("written", "read"),
    [("1e-3", 0.001), ("15e-1", 1.5), ("2e-4", 0.0002), ("1e400", float("inf"))],
)
def test_the_schema_for_yaml_takes_an_id_an_editor_reads_as_a_fraction(
    written: str, read: float
) -> None:
    """``1e-3`` is an id to the loader (a slug: digits, a letter, a hyphen) and the number
    0.001 to an editor; ``1e400`` is more than a number holds. The schema for YAML takes
    them wherever an id goes, as the loader does."""
    text = (
        "title: T\n"
        "systems:\n"
        f"  - {{id: {written}, subject: S, object: O, community: [{{id: {written}, label: M}}],\n"
        f"      division_of_labour: [{{task: T, by: {written}}}]}}\n"
        f"  - {{id: b, subject: S, object: O, advances: {written}}}\n"
        f"exchanges: [{{label: X, from: {written}, to: b}}]\n"
        f"integration: [{{between: [{written}, b], current: linkage, desired: linkage}}]\n"
    )
    assert a.loads(text).systems[0].id == written
    data = {
        "title": "T",
        "systems": [
            {
                "id": read,
                "subject": "S",
                "object": "O",
                "community": [{"id": read, "label": "M"}],
                "division_of_labour": [{"task": "T", "by": read}],
            },
            {"id": "b", "subject": "S", "object": "O", "advances": read},
        ],
        "exchanges": [{"label": "X", "from": read, "to": "b"}],
        "integration": [{"between": [read, "b"], "current": "linkage", "desired": "linkage"}],
    }
    errors = list(Draft7Validator(case_schema("yaml")).iter_errors(data))
    assert [error.message for error in errors] == []


def test_the_schema_is_for_one_format_or_the_other() -> None:
    with pytest.raises(ValueError, match="format must be 'yaml' or 'json', not 'xml'"):
        case_schema("xml")  # type: ignore[arg-type]
    yaml_schema, json_schema = case_schema("yaml"), case_schema("json")
    assert yaml_schema["$id"] != json_schema["$id"]
    assert "--for json" in yaml_schema["description"]


@pytest.mark.parametrize(
    "data",
    [
        {
            **one_system(),
            "integration": [{"between": ["a", "a"], "current": "linkage", "desired": "linkage"}],
        },
        {**one_system(), "declared": [{"between": ["a.subject", "a.subject"], "level": "primary"}]},
        {
            **one_system(),
            "declared": [{"between": ["a.object", "a.subject", "a.object"], "level": "primary"}],
        },
        {**one_system(), "value_tensions": [{"between": ["speed", "speed"], "rationale": "Why"}]},
    ],
    ids=["integration", "declared", "declared-of-three", "value-tension"],
)
def test_schema_refuses_a_pair_of_one_thing_as_the_loader_does(data: dict[str, Any]) -> None:
    """An editor marks an integration assessment of a system with itself, a declared
    contradiction that names an element twice and a tension of a tag with itself, which
    loading refuses: one keyword says it, where the schema cannot follow a reference."""
    assert schema_and_loader(data) == (False, False)


def _optional_texts(node: Any) -> list[dict[str, Any]]:
    """The schemas in ``node`` written as a choice of one simple form or nothing."""
    if isinstance(node, list):
        return [found for item in node for found in _optional_texts(item)]
    if not isinstance(node, dict):
        return []
    found = [found for value in node.values() for found in _optional_texts(value)]
    forms = node.get("anyOf", [])
    if len(forms) == 2 and {"type": "null"} in forms and "$ref" not in json.dumps(forms):
        found.append(node)
    return found


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_an_optional_text_is_one_schema_that_also_takes_nothing(
    format: Literal["yaml", "json"],
) -> None:
    """``description: {type: [string, null]}``, not a choice of ``{type: string}`` and
    ``{type: null}``: an editor shows a choice's title once for each form where the
    pointer rests on the key (``Description || Description``)."""
    schema = case_schema(format)
    assert _optional_texts(schema) == []
    kind = schema["definitions"]["Rule"]["anyOf"][1]["properties"]["kind"]
    assert kind["type"] == ["string", "null"]
    assert kind["enum"] == ["formal", "informal", None]


@pytest.mark.parametrize(
    "text",
    [
        "Option B:\tliaison",
        "Plan A:\r\nCall the GP",
        "\u201cPlan A:\tcall",
        "D:\r",
        "Plan A:\u2028Call",
        "B:\xa0x",
    ],
)
def test_dump_writes_control_characters_beside_a_drive_letter_so_they_load_back(
    text: str,
) -> None:
    """A tab or carriage return after a 'B:' is written in double quotes; as '\\t' or
    '\\r' there, the loader would take it for a Windows path changed by YAML's escapes
    ("C:\\temp") and refuse it, so it is written by its code ('\\x09')."""
    case = a.Case.model_validate(
        {"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O", "description": text}]}
    )
    assert a.loads(case_to_yaml(case)) == case


def test_dump_writes_a_tab_away_from_a_drive_letter_as_before() -> None:
    case = a.Case.model_validate(
        {"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O"}]}
        | {"description": "Ward\tnotes"}
    )
    assert '"Ward\\tnotes"' in case_to_yaml(case)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_shows_examples_of_each_id_reference_and_tag(fmt: Literal["yaml", "json"]) -> None:
    """A pattern is no help in an editor's tooltip: each key whose value is written to one
    (an id, a reference, a content item, a rule id, a finding key, a language tag) shows
    examples, which the schema takes."""
    schema = case_schema(fmt)
    label_pattern = _end_of_pattern(LABEL_JSON_SCHEMA["pattern"])
    missing = []
    for where, definition in [("#", schema), *schema["definitions"].items()]:
        for form in _forms(definition):
            for key, value in form.get("properties", {}).items():
                forms = _forms(value)
                patterns = {f["pattern"] for f in forms if "pattern" in f} - {
                    label_pattern,
                    SAFE_TEXT["pattern"],  # free text's, which examples would not show
                }
                if not patterns:
                    continue
                examples = [e for f in forms for e in f.get("examples", [])]
                if not examples:
                    missing.append(f"{where}.{key}")
                holder = next(f for f in forms if "examples" in f) if examples else value
                for example in examples:
                    assert Draft7Validator(holder).is_valid(example), (where, key, example)
    assert missing == []


def _end_of_pattern(pattern: str) -> str:
    return pattern[:-1] + "$(?!\\n)" if pattern.endswith("$") else pattern


def _forms(node: dict[str, Any]) -> list[dict[str, Any]]:
    """``node`` and each form it is written as: its choices, and its items'."""
    out = [node]
    for keyword in ("anyOf", "allOf", "oneOf"):
        for form in node.get(keyword, []):
            out += _forms(form)
    if isinstance(node.get("items"), dict):
        out += _forms(node["items"])
    return out


#: A case whose every key that may be left out, and then holds something, is given as
#: nothing (``tools:`` with nothing after it, as a case file often has while being filled in).
_LEFT_EMPTY: dict[str, Any] = {
    "title": "x",
    "value_aliases": None,
    "exchanges": None,
    "integration": None,
    "declared": None,
    "value_tensions": None,
    "actions": None,
    "leave_out": None,
    "systems": [
        {
            "id": "a",
            "subject": "S",
            "object": {"label": "O", "values": None},
            "tools": None,
            "rules": [{"label": "R", "id": None, "withholds": None, "applies_to": None}],
            "community": None,
            "division_of_labour": [{"task": "T", "basis": None, "produces": None, "values": None}],
        },
        {"id": "b", "subject": "S", "object": "O", "tools": [{"label": "T", "provides": None}]},
    ],
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_takes_a_key_left_empty_as_the_loader_does(fmt: Literal["yaml", "json"]) -> None:
    assert list(Draft7Validator(case_schema(fmt)).iter_errors(_LEFT_EMPTY)) == []
    a.loads(json.dumps(_LEFT_EMPTY), format="json")


@pytest.mark.parametrize(
    "emptied",
    [
        lambda case: case.update(title=None),
        lambda case: case.update(systems=None),
        lambda case: case["systems"][1].update(id=None),
        lambda case: case["systems"][1].update(object=None),
        lambda case: case["systems"][0]["division_of_labour"][0].update(task=None),
        lambda case: case["systems"][0]["rules"][0].update(label=None),
    ],
)
def test_schema_refuses_a_key_that_must_be_given_left_empty(emptied: Any) -> None:
    case = json.loads(json.dumps(_LEFT_EMPTY))
    emptied(case)
    assert list(Draft7Validator(case_schema()).iter_errors(case))
    with pytest.raises(a.ActivitySystemsError):
        a.loads(json.dumps(case), format="json")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("node", ["subject", "object", "outcome"])
def test_schema_takes_a_fixed_id_left_empty_as_the_loader_does(
    fmt: Literal["yaml", "json"], node: str
) -> None:
    """``subject:`` with ``id:`` left empty under it loads (its id is always
    ``subject``), so an editor checking with the schema does not mark it."""
    case = json.loads(json.dumps(_LEFT_EMPTY))
    case["systems"][1][node] = {"id": None, "label": "X"}
    a.loads(json.dumps(case), format="json")
    assert list(Draft7Validator(case_schema(fmt)).iter_errors(case)) == []
    case["systems"][1][node]["id"] = "other"
    assert list(Draft7Validator(case_schema(fmt)).iter_errors(case))


@pytest.mark.parametrize(
    ("char", "letter"), sorted(yaml.emitter.Emitter.ESCAPE_REPLACEMENTS.items())
)
def test_dump_writes_beside_a_drive_letter_only_the_escapes_the_loader_reads_as_such(
    char: str, letter: str
) -> None:
    """Each escape by a letter that PyYAML writes in double quotes ('\\t', '\\P', '\\"'):
    beside a 'B:', the dumper writes its character by that letter exactly when the
    loader, reading the letter there, does not take it for a Windows path changed by
    YAML's escapes (both look the escapes up in one table)."""
    written = (
        "title: x\nsystems:\n- id: a\n  subject: S\n  object: O\n"
        f'  description: "Option B:\\{letter}liaison"\n'
    )
    try:
        a.loads(written)
    except a.CaseFileError as error:
        refused = "looks like a Windows path" in str(error)
    else:
        refused = False
    dumped = yaml.dump("Option B:" + char + "liaison", Dumper=_Dumper, default_style='"')
    assert (f"\\{letter}" in dumped) is not refused


#: A case with an element ``a.t`` and an exchange ``x`` that a declared contradiction may name.
_DECLARING: dict[str, Any] = {
    "title": "x",
    "systems": [
        {"id": "a", "subject": "S", "object": "O", "tools": [{"id": "t", "label": "Report"}]},
        {"id": "b", "subject": "S", "object": "O"},
    ],
    "exchanges": [{"id": "x", "label": "X", "from": "a", "to": "b"}],
    "declared": [{"between": ["b.object", "a.object"], "level": "secondary"}],
}


@pytest.mark.parametrize(
    ("named", "valid"),
    [
        ("a.t", True),
        ("x", True),
        ("a.subject", True),
        ("", False),
        (" ", False),
        ("a.t.x", False),  # two dots
        ("A.T", False),  # an id is lower case
        (" a.t ", False),  # spaces, which only takes and needed_within drop
        ("Report", False),  # the tool's label, not its id
        ("a t", False),
        ("a.t\n", False),
    ],
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_takes_what_a_declared_contradiction_names_as_the_loader_does(
    named: str, valid: bool, fmt: Literal["yaml", "json"]
) -> None:
    """What ``between`` names is written as an exchange id or an element reference: the
    schema took any text there (``between: ["", court.targets]`` was not marked), though
    loading refuses one written otherwise. Whether it names something, only loading tells."""
    data = json.loads(json.dumps(_DECLARING))
    data["declared"][0]["between"][0] = named
    assert Draft7Validator(case_schema(fmt)).is_valid(data) is valid
    if valid:
        a.loads(json.dumps(data), format="json")
    else:
        with pytest.raises(a.CaseFileError):
            a.loads(json.dumps(data), format="json")


@pytest.mark.parametrize("named", [2024, 2024.5, True])
def test_schema_for_yaml_takes_a_declared_exchange_id_or_reference_an_editor_reads_as_a_number(
    named: object,
) -> None:
    """``between: [2024, 2024.5]`` names the exchange ``2024`` and the element ``5`` of the
    system ``2024`` to the loader; an editor reads numbers there, and marks none."""
    data = json.loads(json.dumps(_DECLARING))
    data["declared"][0]["between"][0] = named
    assert Draft7Validator(case_schema("yaml")).is_valid(data)
    assert not Draft7Validator(case_schema("json")).is_valid(data)


def _enums(node: Any) -> Iterator[dict[str, Any]]:
    """Every form of ``node`` that lists its allowed values."""
    if isinstance(node, dict):
        if "enum" in node:
            yield node
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_says_what_each_level_means_beside_it(fmt: Literal["yaml", "json"]) -> None:
    """An editor offered ``tertiary`` or ``cooperation`` with nothing to say what they
    mean; each level now has its meaning in ``enumDescriptions``, in the list's order."""
    schema = case_schema(fmt)
    described = {
        tuple(form["enum"]): form["enumDescriptions"]
        for form in _enums(schema)
        if "enumDescriptions" in form
    }
    levels = tuple(LEVEL_MEANINGS)
    soi = tuple(str(level) for level in SOI_DESCRIPTIONS)
    assert set(described) == {levels, soi}
    assert described[levels][2] == "Between an activity and a culturally more advanced form of it."
    assert described[soi][3] == (
        "Shared goals and pooled resources; separate organisations (level 4 of 5)."
    )
    declared = schema["definitions"]["DeclaredContradiction"]["properties"]["level"]
    assert declared["enumDescriptions"] == described[levels]
    Draft7Validator.check_schema(schema)


#: Characters loading refuses in any text, and where they are put.
_UNSAFE = ["\x07", "\x1b[2J", "\x7f", "\u202e", "\u2066"]


@pytest.mark.parametrize("character", _UNSAFE)
@pytest.mark.parametrize(
    "where",
    [("title",), ("systems", 0, "subject"), ("systems", 0, "description"), ("description",)],
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_schema_refuses_a_control_or_bidirectional_character_in_text_as_loading_does(
    character: str, where: tuple[str | int, ...], fmt: Literal["yaml", "json"]
) -> None:
    """A right-to-left override pasted into a label shows as nothing in an editor, and the
    schema took it; loading refused it. The schema now marks it, with a message that says
    what it is rather than the pattern."""
    data: dict[str, Any] = {
        "title": "T",
        "systems": [{"id": "a", "subject": "S", "object": "O", "description": "D"}],
    }
    parent: Any = data
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = f"Court {character}ushers"
    with pytest.raises(a.CaseFileError, match="control character"):
        a.loads(json.dumps(data), format="json")
    errors = list(Draft7Validator(case_schema(fmt)).iter_errors(data))
    assert [tuple(error.absolute_path) for error in errors] == [where]
    leaves = [errors[0]]
    while leaves[-1].context:  # a label that may be written as a mapping: a choice's
        leaves += leaves[-1].context
    messages = [leaf.schema.get("patternErrorMessage", "") for leaf in leaves]
    assert any(message.startswith("holds a control character") for message in messages)


@pytest.mark.parametrize("text", ["tab\tand\nlines\r\n", "\u200fmark", "emoji \U0001f600", "ßü"])
def test_schema_takes_text_that_loading_takes(text: str) -> None:
    """Tabs and line breaks, a right-to-left mark (not an override) and characters beyond
    the Basic Multilingual Plane are text that loads."""
    data = {
        "title": "T",
        "description": text,
        "systems": [{"id": "a", "subject": "S", "object": "O"}],
    }
    a.loads(json.dumps(data), format="json")
    assert Draft7Validator(case_schema("json")).is_valid(data)
