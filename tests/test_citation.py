"""How to cite the library: ``CITATION.cff`` is valid Citation File Format 1.2.0 and says
what ``pyproject.toml`` and the package say, and the README and the docs' home page tell a
researcher how to cite it and the chapter it comes from.

The keys are checked against the CFF 1.2.0 schema's, written out below (the schema itself
is not fetched, so that the test runs offline); ``cffconvert --validate`` passes on the file
as well.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

import activity_systems

ROOT = Path(__file__).resolve().parent.parent
CITATION = ROOT / "CITATION.cff"

#: The keys of CFF 1.2.0 at the top level, and those it requires.
TOP_LEVEL = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip
TOP_LEVEL_REQUIRED = {"authors", "cff-version", "message", "title"}
#: The keys of a person and of an entity (an author that is an organisation or a group).
PERSON = {
    "address", "affiliation", "alias", "city", "country", "email", "family-names", "fax",
    "given-names", "name-particle", "name-suffix", "orcid", "post-code", "region", "tel",
    "website",
}  # fmt: skip
ENTITY = {
    "address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
    "location", "name", "orcid", "post-code", "region", "tel", "website",
}  # fmt: skip
#: The keys of a reference, those it requires, and the values of its ``type``.
REFERENCE = {
    "abbreviation", "abstract", "authors", "collection-doi", "collection-title",
    "collection-type", "commit", "conference", "contact", "copyright", "data-type",
    "database", "database-provider", "date-accessed", "date-downloaded", "date-published",
    "date-released", "department", "doi", "edition", "editors", "editors-series", "end",
    "entry", "filename", "format", "identifiers", "institution", "isbn", "issn", "issue",
    "issue-date", "issue-title", "journal", "keywords", "languages", "license",
    "license-url", "loc-end", "loc-start", "location", "medium", "month", "nihmsid",
    "notes", "number", "number-volumes", "pages", "patent-states", "pmcid", "publisher",
    "recipients", "repository", "repository-artifact", "repository-code", "scope",
    "section", "senders", "start", "status", "term", "thesis-type", "title", "translators",
    "type", "url", "version", "volume", "volume-title", "year", "year-original",
}  # fmt: skip
REFERENCE_REQUIRED = {"authors", "title", "type"}
REFERENCE_TYPES = {
    "art", "article", "audiovisual", "bill", "blog", "book", "catalogue", "conference",
    "conference-paper", "data", "database", "dictionary", "edited-work", "encyclopedia",
    "film-broadcast", "generic", "government-document", "grant", "hearing",
    "historical-work", "legal-case", "legal-rule", "magazine-article", "manual", "map",
    "multimedia", "music", "newspaper-article", "pamphlet", "patent",
    "personal-communication", "proceedings", "report", "serial", "slides", "software",
    "software-code", "software-container", "software-executable",
    "software-virtual-machine", "sound-recording", "standard", "statute", "thesis",
    "unpublished", "video", "website",
}  # fmt: skip


def citation() -> dict[str, Any]:
    data = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def project() -> dict[str, Any]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(data, dict)
    return data


def check_authors(authors: object, where: str) -> None:
    assert isinstance(authors, list), f"{where}: authors must be a list"
    assert authors, f"{where}: authors must not be empty"
    for author in authors:
        assert isinstance(author, dict), f"{where}: an author must be a mapping"
        allowed = ENTITY if "name" in author else PERSON
        assert set(author) <= allowed, f"{where}: unknown keys {set(author) - allowed}"
        assert all(isinstance(value, str) and value for value in author.values()), where


def test_the_citation_file_has_only_keys_of_cff_1_2_0() -> None:
    data = citation()
    assert data["cff-version"] == "1.2.0"
    assert set(data) <= TOP_LEVEL, f"unknown keys {set(data) - TOP_LEVEL}"
    assert set(data) >= TOP_LEVEL_REQUIRED
    assert data["type"] in {"software", "dataset"}
    assert all(isinstance(data[key], str) for key in ("message", "title", "version"))
    check_authors(data["authors"], "authors")
    assert all(isinstance(word, str) for word in data["keywords"])
    for number, reference in enumerate(data["references"], 1):
        where = f"references[{number}]"
        assert set(reference) <= REFERENCE, f"{where}: unknown keys {set(reference) - REFERENCE}"
        assert set(reference) >= REFERENCE_REQUIRED, where
        assert reference["type"] in REFERENCE_TYPES, where
        check_authors(reference["authors"], where)


def author_name(author: dict[str, str]) -> str:
    """An author's name as ``pyproject.toml`` writes it: an entity's ``name``, or a
    person's given and family names (which CFF keeps apart, and pyproject does not)."""
    if "name" in author:
        return author["name"]
    return " ".join(
        author[part] for part in ("given-names", "name-particle", "family-names") if part in author
    )


def disagreements(data: dict[str, Any], metadata: dict[str, Any]) -> list[str]:
    """What a citation says otherwise than the package and its metadata; a DOI or a date
    of release, which the project may gain at a release, only if not as CFF writes it."""
    found = [
        key
        for key, value in (
            ("title", metadata["name"]),
            ("version", activity_systems.__version__),
            ("license", metadata["license"]),
            ("abstract", metadata["description"]),
            ("keywords", metadata["keywords"]),
        )
        if data.get(key) != value
    ]
    if [author_name(author) for author in data["authors"]] != [
        author.get("name", "") for author in metadata["authors"]
    ]:
        found.append("authors")
    if "date-released" in data and not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", str(data["date-released"])
    ):
        found.append("date-released")
    if "doi" in data and not re.fullmatch(r"10\.\d{4,9}/\S+", str(data["doi"])):
        found.append("doi")
    return found


def test_the_citation_says_what_the_package_metadata_says() -> None:
    """A release raises the version in one place, ``activity_systems.__version__``; this
    fails until ``CITATION.cff`` says the same, so the citation never names an older one."""
    assert disagreements(citation(), project()) == []


def test_a_release_may_add_its_doi_and_date_but_not_another_version() -> None:
    data, metadata = citation(), project()
    released = {**data, "date-released": "2027-03-01", "doi": "10.5281/zenodo.1234567"}
    assert disagreements(released, metadata) == []
    person = {**metadata, "authors": [{"name": "Ada Lovelace", "email": "ada@example.org"}]}
    cited = {**data, "authors": [{"given-names": "Ada", "family-names": "Lovelace"}]}
    assert disagreements(cited, person) == []
    assert disagreements({**data, "version": "0.0.0.dev0"}, metadata) == ["version"]
    assert disagreements({**released, "date-released": "1 March 2027"}, metadata) == [
        "date-released"
    ]


def test_the_citation_names_the_chapter_as_the_docs_cite_it() -> None:
    (chapter,) = citation()["references"]
    authors = ", ".join(
        f"{author['family-names']}, {author['given-names']}" for author in chapter["authors"]
    )
    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    cited = re.sub(r"\s+", " ", concepts)
    assert authors == "Hean, S., Walsh, E., Hammick, M."
    assert f"Hean, S., Walsh, E. & Hammick, M. (2015). {chapter['title']}. In J. Winstone" in cited
    assert "chapter 14" in chapter["notes"]
    # The chapter is cited in full: the year, the edited book, its editor, publisher and
    # pages, as the authors' university repository (Bournemouth University, BURO) records
    # them; the chapter's own text gives none of them.
    assert chapter["year"] == 2015
    assert chapter["collection-type"] == "book"
    assert chapter["collection-title"] == (
        "Mental Health, Crime and Criminal Justice: Responses and Reforms"
    )
    assert chapter["editors"] == [{"family-names": "Winstone", "given-names": "J."}]
    assert chapter["publisher"] == {"name": "Palgrave Macmillan", "city": "Basingstoke"}
    assert (chapter["start"], chapter["end"]) == ("242", "265")
    assert "Mental Health, Crime and Criminal Justice: Responses and Reforms" in cited
    assert "Hean, Walsh & Hammick, chapter 14" in " ".join(citation()["message"].split())


def test_the_readme_and_the_docs_home_page_say_how_to_cite() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "index.md"):
        text = page.read_text(encoding="utf-8")
        match = re.search(r"\n## Citing\n(.*?)(?=\n## |\Z)", text, re.S)
        assert match is not None, f"{page.name}: a section '## Citing'"
        citing = " ".join(match[1].split())
        assert "CITATION.cff" in citing, page.name
        assert "activity-systems --version" in citing, page.name
        assert "Hean, S., Walsh, E. & Hammick, M." in citing, page.name
        assert "chapter 14" in citing, page.name
        # The chapter is found by its book, not by its number alone.
        for part in ("(2015)", "Winstone", "Palgrave Macmillan"):
            assert part in citing, page.name
        # A figure names no software that drew it (Graphviz's comment is taken out of
        # its SVG), so the methods state Graphviz's version as they state the library's.
        assert "first comment" not in citing, page.name
        # The section names no version of the library, which would go stale with the
        # next release (the chapter's number, 14, is no version).
        assert not re.search(r"\b\d+\.\d+(\.\d+)?\b", citing), page.name
        # A command or a name to copy stays on one line of the page as written.
        for span in re.findall(r"(?<!`)`([^`]+)`(?!`)", match[1]):
            assert "\n" not in span, f"{page.name}: `{span}` is split over two lines"
