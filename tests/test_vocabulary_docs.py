"""docs/case-files.md lists the shipped value tags, their aliases and their tensions, as
``activity_systems/data/values.yaml`` gives them.

After changing the vocabulary, rewrite the tables with:
``ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_vocabulary_docs.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from doc_blocks import regenerate

from activity_systems.vocab import shipped_vocabulary

PAGE = Path(__file__).resolve().parent.parent / "docs" / "case-files.md"
BEGIN = "<!-- value tags: generated from activity_systems/data/values.yaml, do not edit -->"
END = "<!-- end of the value tags -->"
REGENERATE = os.environ.get("ACTIVITY_SYSTEMS_REGENERATE") == "1"
HOW = "ACTIVITY_SYSTEMS_REGENERATE=1 python -m pytest tests/test_vocabulary_docs.py"


def tables() -> str:
    """The tags with what they mean, their aliases and the tags they pull against; then
    each tension with why."""
    vocabulary = shipped_vocabulary()
    aliases: dict[str, list[str]] = {}
    for alias, tag in vocabulary.aliases.items():
        aliases.setdefault(tag, []).append(alias)

    def codes(words: list[str] | tuple[str, ...]) -> str:
        return ", ".join(f"`{word}`" for word in sorted(words))

    lines = [
        BEGIN,
        "",
        "| tag | what it stands for | also written | in tension with |",
        "|---|---|---|---|",
    ]
    for tag, meaning in vocabulary.tags.items():
        partners = codes(vocabulary.partners(tag))
        lines.append(f"| `{tag}` | {meaning} | {codes(aliases.get(tag, []))} | {partners} |")
    lines += ["", "| tension | why the two pull apart |", "|---|---|"]
    for (a, b), tension in vocabulary.tensions.items():
        lines.append(f"| `{a}` – `{b}` | {tension.rationale} |")
    return "\n".join([*lines, "", END])


def test_the_value_tags_are_listed_as_shipped() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert BEGIN in page, f"{PAGE.name} lost the first marker of the value tags"
    assert END in page, f"{PAGE.name} lost the last marker of the value tags"
    start, end = page.index(BEGIN), page.index(END) + len(END)
    expected = tables()
    if REGENERATE:
        regenerate(PAGE, page[:start] + expected + page[end:])
        return
    assert page[start:end] == expected, f"the value tags changed; rewrite them with: {HOW}"
