"""What a release needs beside the code: a changelog with a section for the version the
package reports, metadata that reports the same version, an API page that documents
every public name, one page that states every format's promise, and deprecations that
warn where the user's code uses the deprecated name."""

from __future__ import annotations

import json
import re
import tomllib
import warnings
from importlib import metadata

import pytest
import yaml
from doc_blocks import ROOT, setup_script

import activity_systems
from activity_systems.catalogue import catalogue_json
from activity_systems.errors import DEPRECATED, warn_deprecated
from activity_systems.follow_up.comparison import COMPARISON_FORMAT, COMPARISON_VERSION
from activity_systems.rules.finding import REPORT_FORMAT, REPORT_VERSION

CHANGELOG = ROOT / "CHANGELOG.md"
VERSIONING = ROOT / "docs" / "compatibility.md"
API = ROOT / "docs" / "api.md"
#: The headings Keep a Changelog gives the changes of a release.
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
#: A release's heading: ``## [0.1.0] - 2027-01-31``, or ``- Unreleased`` until it is
#: published; ``## [Unreleased]`` alone for changes not yet given a version.
RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>.+))?$", re.MULTILINE)


def releases(text: str) -> list[tuple[str, str | None]]:
    return [(m["version"], m["date"]) for m in RELEASE.finditer(text)]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_the_changelog_has_a_section_for_the_version_the_package_reports() -> None:
    # A release bump without its changelog section, or the other way round, is caught.
    listed = releases(CHANGELOG.read_text(encoding="utf-8"))
    versions = [version for version, _ in listed if version != "Unreleased"]
    assert versions, "no release section in CHANGELOG.md"
    assert versions[0] == activity_systems.__version__


def test_the_changelogs_releases_are_newest_first_and_dated_or_unreleased() -> None:
    listed = releases(CHANGELOG.read_text(encoding="utf-8"))
    if listed[0][0] == "Unreleased":  # changes not yet given a version come first
        assert listed[0][1] is None
        listed = listed[1:]
    versions = [version for version, _ in listed]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in versions), versions
    assert versions == sorted(versions, key=version_key, reverse=True)
    assert len(set(versions)) == len(versions)
    for version, date in listed:
        assert date == "Unreleased" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""), version
    # only the newest can be unpublished: an older one was released, on its date
    assert all(date != "Unreleased" for _, date in listed[1:])


#: What the page of a published release on PyPI links to, by the labels of the packaging
#: specifications' well-known project URLs, which PyPI shows beside the description. The
#: description itself cannot lead to the docs, the source or the tracker: PyPI keeps no
#: file beside it, so README.md names its files in code rather than by relative links.
ADDRESSES = ("Documentation", "Source", "Issues", "Changelog")

#: The other labels under which PyPI knows each of ``ADDRESSES``, as the specification of
#: well-known project URLs lists them, each written as PyPI reads a label: without its
#: case, spaces and punctuation ("Bug Tracker" is ``bugtracker``).
LABELS = {
    "Documentation": {"documentation", "docs"},
    "Source": {"source", "repository", "sourcecode", "github"},
    "Issues": {"issues", "bugs", "issue", "tracker", "issuetracker", "bugtracker"},
    "Changelog": {"changelog", "changes", "whatsnew", "history"},
}

#: A heading of the changelog that gives a day, whatever its form: a published release.
DATED = re.compile(r"^## .*\b\d{4}-\d{2}-\d{2}\b", re.MULTILINE)

#: An address in README.md, in whatever form GitHub's Markdown, as PyPI renders it, makes
#: it a link: ``[text](...)``, ``[text]: ...``, ``<...>``, ``href="..."`` or bare.
ADDRESS = re.compile(r"https?://[^\s()<>\[\]\"'`]+")


def label(name: str) -> str:
    """A label of ``[project.urls]`` as PyPI reads it."""
    return re.sub(r"[\W_]", "", name).lower()


def published(changelog: str) -> bool:
    """Whether the newest release of the changelog is dated. A dated heading in another
    form than ``## [0.1.0] - 2027-01-31``, which the tests of the headings refuse, is taken
    for a published release too, so that these checks are not skipped."""
    listed = [release for release in releases(changelog) if release[0] != "Unreleased"]
    if listed and listed[0][1] == "Unreleased":
        return False
    return bool(listed) or bool(DATED.search(changelog))


def links_to(readme: str, site: str) -> bool:
    """Whether README.md links the docs' site or one of its pages."""
    site = site.rstrip("/")
    return any(
        address == site or address.startswith((f"{site}/", f"{site}#"))
        for address in (found.rstrip(".,;:!?*_~") for found in ADDRESS.findall(readme))
    )


def relative_images(readme: str) -> list[str]:
    """The links of the images of ``readme`` that are relative to the repository: those
    that setup.py leaves out of the description on PyPI."""
    images = setup_script().RELATIVE_IMAGE.finditer(readme)
    return [image[0].rstrip()[image[0].index("](") + 2 : -1] for image in images]


def unmet_for_publishing(changelog: str, urls: dict[str, str], readme: str) -> list[str]:
    """What the newest release needs before its date is written, that is before it is
    published: nothing while it is "Unreleased"; then an https address for each of
    ``ADDRESSES`` in ``[project.urls]``, and README.md's figure linked by its address, so
    that PyPI shows it rather than the description without it, and the docs' site linked
    from README.md (its "Documentation" names the pages only as files of ``docs/``)."""
    if not published(changelog):
        return []
    found = {
        name: [
            address
            for given, address in urls.items()
            if label(given) in LABELS[name] and address.startswith("https://")
        ]
        for name in ADDRESSES
    }
    unmet = [f"[project.urls] {name}" for name in ADDRESSES if not found[name]]
    unmet += [f"README.md image {link}" for link in relative_images(readme)]
    sites = found["Documentation"]
    if sites and not any(links_to(readme, site) for site in sites):
        unmet.append("README.md link to the Documentation site")
    return unmet


def test_the_images_relative_to_the_repository_are_those_pypi_would_not_show() -> None:
    readme = "![A](docs/a.png)\n\n![B](https://example.org/b.png)\n![C](c.svg) text\n"
    assert relative_images(readme) == ["docs/a.png", "c.svg"]


def test_a_release_is_dated_only_with_the_addresses_its_page_on_pypi_links_to() -> None:
    # A dated release is a published one (CONTRIBUTING.md's "Making a release"): its page
    # on PyPI with no address at all would leave a reader of it no way to the docs, the
    # source, the changelog or the issue tracker, and no figure.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    changelog = CHANGELOG.read_text(encoding="utf-8")
    assert unmet_for_publishing(changelog, project.get("urls", {}), readme) == []


def test_what_a_release_needs_before_it_is_published() -> None:
    unreleased = "## [Unreleased]\n\n## [0.2.0] - Unreleased\n\n## [0.1.0] - 2027-01-31\n"
    dated = "## [Unreleased]\n\n## [0.2.0] - 2027-06-30\n\n## [0.1.0] - 2027-01-31\n"
    relative = "Intro.\n\n![Figure 3](docs/images/court-figure3.png)\n"
    assert unmet_for_publishing(unreleased, {}, relative) == []
    assert unmet_for_publishing(dated, {}, relative) == [
        "[project.urls] Documentation",
        "[project.urls] Source",
        "[project.urls] Issues",
        "[project.urls] Changelog",
        "README.md image docs/images/court-figure3.png",
    ]
    site, repository = "https://example.org/docs/", "https://example.org/repo"
    urls = {
        "Documentation": site,
        "Source": repository,
        "Issues": f"{repository}/issues",
        "Changelog": f"{repository}/blob/main/CHANGELOG.md",
    }
    absolute = (
        f"Intro.\n\n![Figure 3]({repository}/raw/v0.2.0/docs/images/court-figure3.png)\n\n"
        f"The [documentation]({site}) covers it.\n"
    )
    assert unmet_for_publishing(dated, urls, absolute) == []
    assert unmet_for_publishing(dated, urls, absolute.replace(site, "docs/index.md")) == [
        "README.md link to the Documentation site"
    ]
    assert unmet_for_publishing(dated, {**urls, "Source": "http://example.org/repo"}, absolute) == [
        "[project.urls] Source"
    ]


def addresses_of(urls: dict[str, str], name: str) -> set[str]:
    """The addresses ``[project.urls]`` gives under one of the labels of ``name``, without
    a trailing ``/``."""
    return {address.rstrip("/") for given, address in urls.items() if label(given) in LABELS[name]}


def unmet_beside_the_package(
    changelog: str, urls: dict[str, str], mkdocs: dict[str, object], citation: dict[str, object]
) -> list[str]:
    """The addresses a published release gives outside its metadata, as "Making a release"
    asks: the docs' site its ``site_url`` (which its pages' canonical links and sitemap are
    made with) and the repository its ``repo_url`` in ``mkdocs.yml``, and the repository
    ``repository-code`` in CITATION.cff; each an https address, the same as the
    ``Documentation`` or ``Source`` address of ``[project.urls]`` where it gives one."""
    if not published(changelog):
        return []
    given = {
        "mkdocs.yml site_url": (mkdocs.get("site_url"), "Documentation"),
        "mkdocs.yml repo_url": (mkdocs.get("repo_url"), "Source"),
        "CITATION.cff repository-code": (citation.get("repository-code"), "Source"),
    }
    unmet = []
    for where, (address, name) in given.items():
        expected = addresses_of(urls, name)
        if not isinstance(address, str) or not address.startswith("https://"):
            unmet.append(where)
        elif expected and address.rstrip("/") not in expected:
            unmet.append(f"{where} is not [project.urls] {name}")
    return unmet


def test_a_release_is_dated_only_with_the_addresses_of_its_docs_and_citation() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = CHANGELOG.read_text(encoding="utf-8")
    assert unmet_beside_the_package(changelog, project.get("urls", {}), mkdocs, citation) == []


def test_what_a_release_needs_beside_its_metadata_before_it_is_published() -> None:
    unreleased = "## [0.1.0] - Unreleased\n"
    dated = "## [0.1.0] - 2027-01-31\n"
    assert unmet_beside_the_package(unreleased, {}, {"repo_name": "activity-systems"}, {}) == []
    assert unmet_beside_the_package(dated, {}, {"repo_name": "activity-systems"}, {}) == [
        "mkdocs.yml site_url",
        "mkdocs.yml repo_url",
        "CITATION.cff repository-code",
    ]
    site, repository = "https://example.org/docs/", "https://example.org/repo"
    urls = {"Documentation": site, "Repository": repository}
    mkdocs: dict[str, object] = {"site_url": site, "repo_url": f"{repository}/"}
    citation: dict[str, object] = {"repository-code": repository}
    assert unmet_beside_the_package(dated, urls, mkdocs, citation) == []
    # Written before the addresses were settled, and left: the docs' site of another name.
    assert unmet_beside_the_package(
        dated, urls, {**mkdocs, "site_url": "https://example.org/old-docs/"}, citation
    ) == ["mkdocs.yml site_url is not [project.urls] Documentation"]
    assert unmet_beside_the_package(
        dated, urls, mkdocs, {"repository-code": "http://example.org/repo"}
    ) == ["CITATION.cff repository-code"]


def test_a_release_is_published_whatever_the_form_of_its_dated_heading() -> None:
    # A dated heading written otherwise than "## [0.1.0] - 2027-01-15" is refused by the
    # tests of the headings' form, but still says that a release is published: the
    # addresses are asked for all the same.
    for heading in (
        "## 0.1.0 (2027-01-15)",
        "## [0.1.0] – 2027-01-15",
        "## [0.1.0] - 2027-01-15 [YANKED]",
        "## v0.1.0 - 2027-01-15",
    ):
        changelog = f"## [Unreleased]\n\n{heading}\n"
        assert "[project.urls] Documentation" in unmet_for_publishing(changelog, {}, ""), heading


def test_the_addresses_may_be_labelled_as_pypi_reads_their_labels() -> None:
    # PyPI reads a label without its case, spaces and punctuation, and knows each
    # address by several names: "Repository" is the source, "Bug Tracker" the issues.
    dated = "## [0.1.0] - 2027-01-15\n"
    site = "https://example.org/docs/"
    readme = f"The [documentation]({site}).\n"
    urls = {
        "docs": site,
        "Repository": "https://example.org/repo",
        "Bug Tracker": "https://example.org/repo/issues",
        "Release notes": "https://example.org/repo/releases",
    }
    assert unmet_for_publishing(dated, urls, readme) == ["[project.urls] Changelog"]
    urls["Change-Log"] = "https://example.org/repo/blob/main/CHANGELOG.md"
    assert unmet_for_publishing(dated, urls, readme) == []


def test_the_docs_site_may_be_linked_in_any_form_of_markdown_link() -> None:
    dated = "## [0.1.0] - 2027-01-15\n"
    site = "https://example.org/docs/"
    urls = {
        "Documentation": site,
        "Source": "https://example.org/repo",
        "Issues": "https://example.org/repo/issues",
        "Changelog": "https://example.org/repo/blob/main/CHANGELOG.md",
    }
    for readme in (
        "The [documentation](https://example.org/docs) covers it.\n",
        "The [documentation][docs] covers it.\n\n[docs]: https://example.org/docs/\n",
        "The documentation (<https://example.org/docs/>) covers it.\n",
        'The <a href="https://example.org/docs/cli/">command line</a>.\n',
    ):
        assert unmet_for_publishing(dated, urls, readme) == [], readme
    assert unmet_for_publishing(dated, urls, "See https://example.org/docs-old/.\n") == [
        "README.md link to the Documentation site"
    ]


def citation_date(changelog: str) -> str | None:
    """The ``date-released`` of CITATION.cff: the newest release's date in the changelog,
    none while it says "Unreleased"."""
    listed = [release for release in releases(changelog) if release[0] != "Unreleased"]
    date = listed[0][1] if listed else None
    return None if date == "Unreleased" else date


def test_the_citation_is_dated_as_the_changelog_dates_the_release() -> None:
    # A citation of a published release gives its date, and one of a release not yet
    # published gives none (CONTRIBUTING.md's "Making a release").
    cited = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    date = cited.get("date-released")
    expected = citation_date(CHANGELOG.read_text(encoding="utf-8"))
    assert (None if date is None else str(date)) == expected, "CITATION.cff's date-released"
    assert citation_date("## [Unreleased]\n\n## [0.2.0] - 2027-06-30\n") == "2027-06-30"
    assert citation_date("## [0.2.0] - Unreleased\n\n## [0.1.0] - 2027-01-31\n") is None


def test_the_changelog_sorts_changes_under_keep_a_changelogs_headings() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    kinds = re.findall(r"^### (.+)$", text, re.MULTILINE)
    assert kinds
    assert set(kinds) <= KINDS


def test_the_installed_metadata_reports_the_packages_version() -> None:
    # `pip show` and `activity-systems --version`: an editable install made before a
    # version bump still reports the earlier version until it is installed again.
    try:
        installed = metadata.version("activity-systems")
    except metadata.PackageNotFoundError:
        pytest.skip("activity-systems is not installed (pip install -e .)")
    assert installed == activity_systems.__version__, "install again: pip install -e ."


def places_stating(version: str) -> list[str]:
    """The files of the package whose text holds ``version`` (``0.1.0``, not ``10.1.0``
    nor ``0.1.01``), and how often: ``activity_systems/__init__.py: 1``."""
    exact = re.compile(rf"(?<![\w.]){re.escape(version)}(?![\w.])")
    package = ROOT / "activity_systems"
    places = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a file that is not text holds no version
            continue
        if count := len(exact.findall(text)):
            places.append(f"{path.relative_to(ROOT).as_posix()}: {count}")
    return places


def test_the_package_states_its_version_in_one_place() -> None:
    # CONTRIBUTING.md's "Making a release" sets the version in __init__.py, "the only
    # place": any other file of the package that writes it out (an example of
    # `--version` in a docstring, which runs as a doctest) fails once the version is
    # raised, or says another version than the one the package has.
    assert places_stating(activity_systems.__version__) == ["activity_systems/__init__.py: 1"]


def documented_names() -> set[str]:
    """The names of the package that the API page documents: by ``::: activity_systems.X``,
    by a heading ``activity_systems.X`` given to a name documented where it is defined,
    as a member of a module it documents, or in its text as ``activity_systems.X``."""
    page = API.read_text(encoding="utf-8")
    names = set(re.findall(r"^::: activity_systems\.(\w+)$", page, re.MULTILINE))
    names |= set(re.findall(r"^\s+heading: activity_systems\.(\w+)$", page, re.MULTILINE))
    for members in re.findall(
        r"^::: activity_systems\.\w+\n(?:\s+.*\n)*?\s+members:\n((?:\s+- \w+\n)+)",
        page,
        re.MULTILINE,
    ):
        names |= set(re.findall(r"- (\w+)", members))
    names |= set(re.findall(r"`activity_systems\.(\w+)`", page))
    return names


def test_the_api_page_documents_every_public_name() -> None:
    assert {"errors", "ActivitySystemsError", "render", "handout", "BUILTIN_RULES"} <= (
        documented_names()
    )
    assert set(activity_systems.__all__) - documented_names() == set()


def test_the_versioning_page_states_every_json_formats_version() -> None:
    page = " ".join(VERSIONING.read_text(encoding="utf-8").split())
    rules = json.loads(catalogue_json([]))
    for name, version in [
        (REPORT_FORMAT, REPORT_VERSION),
        (COMPARISON_FORMAT, COMPARISON_VERSION),
        (rules["format"], rules["version"]),
    ]:
        assert re.search(rf'"{name}"`?,? version {version}\b', page), name


def test_the_pages_of_the_formats_link_to_the_versioning_page() -> None:
    for name in ("cli.md", "follow-up.md", "case-files.md", "api.md", "index.md"):
        assert "(compatibility.md" in (ROOT / "docs" / name).read_text(encoding="utf-8"), name
    assert "compatibility.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs/compatibility.md" in CHANGELOG.read_text(encoding="utf-8")


def test_a_deprecation_warns_at_the_users_line() -> None:
    with pytest.warns(DeprecationWarning, match=DEPRECATED) as caught:
        warn_deprecated("f(old=...)", since="0.2.0", removed_in="0.3.0", instead="f(new=...)")
    (warning,) = caught
    assert warning.filename == __file__
    assert str(warning.message) == (
        "f(old=...) is deprecated since activity-systems 0.2.0 and will be removed in "
        "0.3.0: use f(new=...)"
    )
    assert DEPRECATED in str(warning.message)


def test_a_deprecated_name_used_where_no_test_expects_it_fails_the_tests() -> None:
    # pyproject.toml's pytest settings make it an error, so that the package's own code
    # and tests move to what replaces a name when it is deprecated.
    with pytest.raises(DeprecationWarning, match=DEPRECATED):
        warn_deprecated("f(old=...)", since="0.2.0", removed_in="0.3.0", instead="f(new=...)")


def test_python_shows_a_deprecation_given_in_a_script() -> None:
    # Python's default filters show a DeprecationWarning only where it is attributed to
    # __main__: the warning names the user's line, not the package's.
    code = compile(
        "warn_deprecated('g()', since='0.2.0', removed_in='0.3.0', instead='h()')",
        "script.py",
        "exec",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
        exec(code, {"__name__": "__main__", "warn_deprecated": warn_deprecated})
    assert [(str(w.message)[:3], w.filename) for w in caught] == [("g()", "script.py")]


def test_the_api_page_documents_the_words_a_figure_is_drawn_with() -> None:
    # FigureWords and CountedWord, which render(words=...) takes, are imported from
    # activity_systems.render by name, as the warnings are, and documented beside them
    page = API.read_text(encoding="utf-8")
    for name in ("FigureWords", "CountedWord"):
        assert re.search(
            rf"^::: activity_systems\.render\.(?:words\.)?{name}$", page, re.MULTILINE
        ), name
