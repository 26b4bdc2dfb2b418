"""The API reference page lists every field of the models it documents, with what it holds."""

from __future__ import annotations

import re
from pathlib import Path

import griffe
import pytest
from pydantic import BaseModel, ValidationError

import activity_systems

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "docs" / "api.md"
#: Models the page documents with ``::: activity_systems.<Name>``.
MODELS = [
    name
    for name in re.findall(r"^::: activity_systems\.(\w+)$", PAGE.read_text("utf-8"), re.M)
    if isinstance(getattr(activity_systems, name, None), type)
    and issubclass(getattr(activity_systems, name), BaseModel)
]


def test_the_page_documents_the_models() -> None:
    assert {"Case", "ActivitySystem", "Tool", "Exchange", "Finding", "Report"} <= set(MODELS)
    # the types of Case.actions, for a user building actions without the Pydantic plugin
    assert {"Action", "FindingReference"} <= set(MODELS)


@pytest.mark.parametrize("name", MODELS)
def test_every_field_says_what_it_holds(name: str) -> None:
    # The page shows a field only when it has a description (Field(description=...)).
    model: type[BaseModel] = getattr(activity_systems, name)
    undescribed = [field for field, info in model.model_fields.items() if not info.description]
    assert undescribed == []


def documented_package() -> griffe.Object | griffe.Alias:
    """The package as the API page reads it, through the docs' docstring extension."""
    extension = griffe.load_extensions(str(ROOT / "docs" / "_ext" / "docstrings.py"))
    return griffe.load("activity_systems", search_paths=[str(ROOT)], extensions=extension)


def test_the_page_reads_field_descriptions_as_docstrings() -> None:
    package = documented_package()
    turnaround = package["model.elements.Tool.turnaround"]
    assert turnaround.docstring is not None
    assert turnaround.docstring.value == "How long it takes to produce."
    assert turnaround.value is None  # the type is shown, not the Field(...) call
    produced_with = package["model.relations.Exchange.produced_with"]
    assert produced_with.docstring is not None
    # a placeholder in angle brackets is code, not an HTML tag
    assert produced_with.docstring.value == (
        "`<system>.<tool-id>` producing it (when absent, the tool that 'takes' names)."
    )


def test_a_role_with_a_title_shows_its_title() -> None:
    # ":meth:`Case.subcase <activity_systems.Case.subcase>`" was shown with its target in
    # angle brackets, as the docstring writes it for Sphinx.
    package = documented_package()
    involving = package["rules.finding.Report.involving"].docstring
    assert involving is not None
    assert "as `Case.subcase` takes them" in " ".join(involving.value.split())
    probable = package["rules.misnamed.probable_finding"].docstring
    assert probable is not None
    assert "whose id its rule misspells, when" in " ".join(probable.value.split())
    shown = []
    for name in ("rules.finding.Report", "rules.misnamed", "errors"):
        for member in _members(package[name]):
            if member.docstring is not None:
                shown += re.findall(r"\S+ <[\w.]+>`?", member.docstring.value)
    assert shown == []


def test_a_role_titled_with_a_dotted_name_shows_it_as_code() -> None:
    # The title names an attribute of the class the role links to: code, as an untitled
    # role is, not a word of the sentence.
    package = documented_package()
    told_apart = package["io.errors._told_apart"].docstring
    assert told_apart is not None
    assert "(see `ModelError.placed`)" in " ".join(told_apart.value.split())


def _members(obj: griffe.Object | griffe.Alias) -> list[griffe.Object | griffe.Alias]:
    found = [obj]
    for member in obj.members.values():
        if not member.is_alias:
            found += _members(member)
    return found


def test_the_page_quotes_the_error_a_task_done_by_a_name_gives() -> None:
    # The page once showed Task(task=..., by="Magistrate"), which a Task built on its own
    # refuses with another message: it cannot know its system's subject.
    text = " ".join(PAGE.read_text("utf-8").split())
    found = re.search(
        r"Given a name instead \(`(?P<code>[^`]+)` in a system whose subject is the "
        r"Magistrate\), the `ValidationError` says which id to write \(`(?P<message>[^`]+)`\)",
        text,
    )
    assert found is not None

    def the_magistrates_system() -> activity_systems.ActivitySystem:
        task = eval(found["code"], {"Task": activity_systems.Task})
        return activity_systems.ActivitySystem(
            id="court", subject="Magistrate", object="Defendant", division_of_labour=[task]
        )

    with pytest.raises(ValidationError) as raised:
        the_magistrates_system()
    assert [error["msg"] for error in raised.value.errors()] == [found["message"]]


def test_the_docs_import_what_the_render_package_holds_by_name() -> None:
    # To type checkers activity_systems.render is the function render, which has no
    # attribute figure: the pages showed activity_systems.render.figure, an error in a
    # user's code checked with mypy.
    dotted = re.compile(r"(?<!from )\bactivity_systems\.render\.\w+")
    directive = re.compile(r"^(::: |\s+heading: )")  # the reference's headings name them
    found = [
        f"{page.name}:{number}: {line.strip()}"
        for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
        for number, line in enumerate(page.read_text("utf-8").splitlines(), 1)
        if dotted.search(line) and not directive.match(line)
    ]
    assert found == []
    assert "from activity_systems.render import ScaledDownWarning, figure" in PAGE.read_text(
        "utf-8"
    )


#: The package's functions, as the page documents them from their docstrings.
FUNCTIONS = sorted(
    name
    for name in activity_systems.__all__
    if callable(getattr(activity_systems, name))
    and not isinstance(getattr(activity_systems, name), type)
)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_of_the_package_shows_an_example(name: str) -> None:
    # Shown on the page and by help(); run as a doctest with the package's modules.
    doc = getattr(activity_systems, name).__doc__ or ""
    assert ">>> " in doc, f"{name}'s docstring has no example"
