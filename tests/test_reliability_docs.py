"""docs/reliability.md lists every broken and hostile case file, and its table of broken
files and their errors is the one ``tests/data/bad-inputs.yaml`` and the loader give.

After adding a bad file or changing a message, rewrite the table with:
``ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_reliability_docs.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from doc_blocks import regenerate
from input_corpus import BAD, EXPECTATIONS, GENERATED, HOSTILE, bad_path

import activity_systems as a

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reliability.md"
BEGIN = "<!-- broken-files table: generated from tests/data/bad-inputs.yaml, do not edit -->"
END = "<!-- end of the broken-files table -->"
REGENERATE = os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1"
HOW = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_reliability_docs.py"


def error_of(path: Path) -> a.CaseFileError:
    with pytest.raises(a.CaseFileError) as raised:
        a.load(path)
    return raised.value


def table(folder: Path) -> str:
    """The broken files by kind, each with what is wrong and the whole error it gets."""
    parts: list[str] = []
    kind = None
    for name, expected in EXPECTATIONS.items():
        if expected["kind"] != kind:
            kind = expected["kind"]
            parts += [
                "",
                f"### {kind}",
                "",
                "| File | The input | The error | At |",
                "|---|---|---|---|",
            ]
        error = error_of(bad_path(name, folder))
        at = f"{error.line}:{error.column}" if error.line else "the file"
        made = " (made by the tests)" if name in GENERATED else ""
        what = str(expected["what"]).replace(" (written by the tests)", "")
        parts.append(f"| `{name}`{made} | {what} | `{error.message}` | {at} |")
    return "\n".join([BEGIN, *parts, "", END])


def test_the_table_of_broken_files_is_up_to_date(tmp_path: Path) -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert BEGIN in page, f"{PAGE.name} lost its table's first marker"
    assert END in page, f"{PAGE.name} lost its table's last marker"
    start, end = page.index(BEGIN), page.index(END) + len(END)
    expected = table(tmp_path)
    if REGENERATE:
        regenerate(PAGE, page[:start] + expected + page[end:])
        page = PAGE.read_text(encoding="utf-8")
    assert page[start:end] == expected, (
        f"the table of broken files in {PAGE.name} is out of date; rewrite it with: {HOW}"
    )


def test_every_broken_and_hostile_file_is_on_the_page() -> None:
    page = PAGE.read_text(encoding="utf-8")
    names = [p.name for p in BAD] + list(GENERATED) + [p.name for p in HOSTILE]
    missing = [name for name in names if f"`{name}`" not in page]
    assert not missing, f"{PAGE.name} does not list {missing}"


def test_the_page_is_in_the_site_navigation() -> None:
    assert "- Reliability: reliability.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_page_says_which_ampersands_markdown_escapes() -> None:
    # The page said that every '&' is written as an entity, which the Markdown handout
    # and reports do only where it would start a character reference.
    from activity_systems.markdown_escaping import escape

    assert escape("L&D team &copy; <b>") == "L&D team &amp;copy; &lt;b&gt;"
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    assert "`<`, `>` and `&` are written as entities" not in text
    assert "an `&` that would start a character reference" in text
