"""An article split over several web pages: the file holds one page, and the rest (often the
ending, which sites put last to keep readers clicking) is on another. Its page links are site
chrome and are dropped, so the admin is told here instead."""

from __future__ import annotations

import re

# "Page 1 of 3" in a pager, a byline or the page title.
_PAGE_OF = re.compile(r"\bpage\s+(?P<page>\d{1,2})\s+(?:of|/)\s+(?P<pages>\d{1,2})\b", re.I)
# A link to the next page: the HTML pager's rel="next", or its words. A theme's post navigation
# marks the next post rel="next" too ("/perfect-days-review/"): only an address shaped as the
# same article's next page ("…/frailty-ending/2/", "?page=2", "/page/2/") is one.
_NEXT_LINK = re.compile(r"<(?:link|a)\b[^>]*\brel\s*=\s*[\"']?next\b[^>]*>", re.I)
_HREF = re.compile(r"\bhref\s*=\s*[\"']?(?P<href>[^\"'\s>]*)", re.I)
_PAGED_HREF = re.compile(
    r"(?:/|[?&](?:page|paged|p|pg|pagina|seite|strona)=)\d{1,2}/?(?:[?#].*)?$"
    r"|/(?:page|seite|pagina|strona)/\d{1,2}/?(?:[?#].*)?$|[-_]p(?:age)?-?\d{1,2}\.html?$",
    re.I,
)
_NEXT_WORDS = re.compile(
    r"\bnext page\b|\bcontinue(?:s|d)? (?:reading )?on (?:the next )?page\b"
    r"|\bon the next page\b|\b(?:read|go to|see) page \d\b|\bcontinued on page \d\b",
    re.I,
)


def continues_elsewhere(text: str) -> str | None:
    """A note for the admin when the article is one page of several, else None."""
    counted = [
        (int(m["page"]), int(m["pages"]))
        for m in _PAGE_OF.finditer(text)
        if 1 <= int(m["page"]) <= int(m["pages"]) and int(m["pages"]) > 1
    ]
    linked = _next_page_link(text) or bool(_NEXT_WORDS.search(text))
    if counted:
        page, pages = counted[0]
        if {seen for seen, of in counted if of == pages} == set(range(1, pages + 1)):
            return None  # every page's header is here: a PDF's or a print view's copy
        # A printed document's "Page 1 of 2" footer comes once in its web copy: the first page
        # of a web article also links to the next.
        if page < pages and linked:
            return (
                f"this is page {page} of {pages} of the article: the rest (the ending is often"
                " last) is not in this file. Import the article's single-page or print view, or"
                " join its pages into one file, then import that"
            )
        if page > 1:
            return (
                f"this is page {page} of {pages} of the article: what comes before it is not in"
                " this file. Import the article's single-page or print view, or join its pages"
                " into one file, then import that"
            )
        return None
    if linked:
        return (
            "the article continues on a next page that is not in this file (the ending is often"
            " last). Import the article's single-page or print view, or join its pages into"
            " one file, then import that"
        )
    return None


def _next_page_link(text: str) -> bool:
    for link in _NEXT_LINK.finditer(text):
        href = _HREF.search(link.group())
        if href and _PAGED_HREF.search(href["href"]):
            return True
    return False
