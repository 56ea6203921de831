"""Parse an article's HTML into a tree as shallow as the page a browser shows.

Python's ``html.parser`` (through Beautiful Soup) closes an element only at its end tag, so old
hand-written HTML that never closes its ``<p>`` or ``<li>`` nests every paragraph inside the one
before: a page of 3,000 paragraphs becomes a tree 3,000 deep, and every rule that looks at an
element's text or ancestors then costs the whole page, for every element (quadratic time, and a
RecursionError in anything recursive). A browser closes those elements when the next block
starts; so does this parser, by the HTML standard's rules for the few elements whose end tag may
be left out. What is still nested deeper than ``MAX_HTML_DEPTH`` (``<div>`` after ``<div>`` never
closed: a broken or hostile page) is refused, with a way out, rather than parsed for minutes.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, PageElement, Tag

# Article pages nest 10 to 40 elements deep (the fixtures at most 17). Rules that look at an
# element's text cost its depth times the page, so the bound keeps a hostile page's cost down.
MAX_HTML_DEPTH = 128

# Start tags that end an open <p> (the standard's "close a p element" list).
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "li", "dd", "dt", "main", "menu", "nav",
        "ol", "p", "pre", "section", "summary", "table", "ul",
    }
)  # fmt: skip
# An open <p> is out of reach past these (the standard's "button scope").
_P_SCOPE = frozenset(
    {"applet", "button", "caption", "html", "table", "td", "th", "marquee", "object", "template"}
)
# An element that ends the open element of the same family, up to the family's container:
# <li> ends an <li> of the same list, <dt>/<dd> one of the same <dl>, and so on.
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "dir", "table", "template"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table", "template"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table", "template"})),
    "tr": (frozenset({"tr"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
}


class TooDeep(ValueError):
    """The page nests its elements deeper than ``MAX_HTML_DEPTH``."""

    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


class _BrowserSoup(BeautifulSoup):
    """Beautiful Soup that ends elements where a browser would (see the module's docstring)."""

    def handle_starttag(  # type: ignore[override]
        self, name: str, namespace: Any, nsprefix: Any, attrs: Any, *args: Any, **kwargs: Any
    ) -> Tag | None:
        if name in _CLOSES_P:
            self._close_open(frozenset({"p"}), _P_SCOPE)
        family = _SIBLINGS.get(name)
        if family is not None:
            self._close_open(*family)
        if len(self.tagStack) > MAX_HTML_DEPTH:
            raise TooDeep(kwargs.get("sourceline", args[0] if args else None))
        return super().handle_starttag(name, namespace, nsprefix, attrs, *args, **kwargs)

    def _close_open(self, names: frozenset[str], scope: frozenset[str]) -> None:
        """Close the innermost open element named in ``names``, with what is open inside it,
        unless an element of ``scope`` comes first."""
        for tag in reversed(self.tagStack):
            if tag.name in names:
                self.endData()
                while self.tagStack[-1] is not tag:
                    self.popTag()
                self.popTag()
                return
            if tag.name in scope:
                return


def is_decomposed(element: PageElement) -> bool:
    """``element.decomposed`` without its cost: on a live Tag, Beautiful Soup's property reads a
    missing attribute, which Tag answers with ``find("_decomposed")``, a search of everything
    inside it; asked of every element of a page, that is quadratic."""
    return bool(vars(element).get("_decomposed", False))


def parse_html(text: str) -> BeautifulSoup:
    """The page's tree; TooDeep if it nests elements more than ``MAX_HTML_DEPTH`` deep."""
    return _BrowserSoup(text, "html.parser")
