"""Reading HTML as a browser would, to check that user text stays text.

:class:`Page` collects the elements a page makes and the text it shows;
:func:`assert_inert` fails on anything that could run or load something.
"""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """What a browser would build from an HTML page: its elements and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        """All text, every run of whitespace as one space."""
        return " ".join(" ".join(self.chunks).split())


#: Elements that could run code or load something; a handout has none of its own.
ACTIVE = frozenset({"script", "iframe", "frame", "object", "embed", "img", "base", "link", "form"})


def assert_inert(page: Page, *, allowed: frozenset[str] = frozenset()) -> None:
    """No element that runs or loads anything, no event handler, no script URL."""
    for tag, attrs in page.elements:
        assert tag not in ACTIVE - allowed, f"a <{tag}> element: {attrs}"
        assert (attrs.get("http-equiv") or "").lower() != "refresh"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            if name in ("href", "src", "xlink:href", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:"))
