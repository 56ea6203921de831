"""A web address typed where a file is wanted: Epilogue reads files and fetches nothing.

One refusal for every place that takes a file (the CLI's paths, the console's attachments),
said before the address is read as a path, which would fold its ``//`` into ``/`` and report
the mangled address as a missing file.
"""

from __future__ import annotations

import re
import urllib.parse

WEB_ADDRESS = re.compile(r"\s*[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def web_address_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a file, if it is a web address; None if it is not one."""
    if WEB_ADDRESS.match(text) is None:
        return None
    return (
        f"'{text.strip()}' is a web address, not a file: Epilogue fetches nothing; download"
        " or save it (a page: Save Page As… HTML, or its text copied into a .txt file) and"
        " give that file's path"
    )


BARE_ADDRESS = re.compile(r"\s*(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)", re.IGNORECASE)
"""An address pasted without its scheme: ``www.…``, or ``letterboxd.com/film/…``."""
PAGE_WORDS = frozenset(
    {"wiki", "w", "film", "films", "movie", "movies", "m", "title", "titles", "watch", "details"}
    | {"reviews", "review", "index", "page", "en", "www", "p", "post", "posts", "blog", "amp"}
)
"""Path parts that say what kind of page it is, not which film: ``/wiki/``, ``/film/``."""
PAGE_ID = re.compile(r"^[a-z]{0,3}\d+$", re.IGNORECASE)
"""A page's id (IMDb's ``tt3783958``, a number): it names nothing here."""
LEADING_ID = re.compile(r"^\d+[-_]")
"""An id before a slug (TMDB's ``149-akira``)."""


def words_of_web_address(text: str) -> str | None:
    """The words a pasted web address spells its page's subject in (``…/wiki/La_La_Land``:
    ``La La Land``; ``letterboxd.com/film/la-la-land/``: ``la la land``), "" for an address
    whose path spells none (an IMDb id), or None when ``text`` is not a web address."""
    # Discord's <…> around a link keeps it from unfurling.
    typed = text.strip().removeprefix("<").removesuffix(">")
    if WEB_ADDRESS.match(typed) is None and BARE_ADDRESS.match(typed) is None:
        return None
    if WEB_ADDRESS.match(typed) is None:
        typed = "https://" + typed
    path = urllib.parse.urlsplit(typed).path
    for part in reversed([urllib.parse.unquote(part) for part in path.split("/") if part]):
        part = re.sub(r"\.(?:s?html?|php|aspx?)$", "", part, flags=re.IGNORECASE)
        if part.lower() in PAGE_WORDS or PAGE_ID.match(part):
            continue
        words = " ".join(re.sub(r"[-_+]", " ", LEADING_ID.sub("", part)).split())
        if any(character.isalpha() for character in words):
            return words
    return ""
