"""A note app's export saved as text: Evernote's ``.enex``, an XML file of ``<note>``s, each
with its title, dates, tags and attributes, and its text as ENML (XHTML in a CDATA section)
whose attachments follow as base64 ``<resource>``s. The article is a note's ENML, read as the
page it shows; the rest of the file is the app's record of it."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree

from bot.importer.cues import HEADLINE_CUE

_ENEX_ROOT = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<en-export\b", re.I)
# Lines of the note that are the note-taker's own: a to-do checkbox and its task ("book the
# projector", the text up to the next tag), an attachment or encrypted text the export only
# points at.
_TODO = re.compile(r"<en-todo\b[^<>]{0,200}>(?P<task>[^<]{0,500})")
_MEDIA = re.compile(r"<en-(?:media|crypt)\b[^<>]{0,2000}>(?:[^<]{0,20000}</en-(?:media|crypt)>)?")


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _enml_body(content: str) -> str | None:
    """What ``<en-note>…</en-note>`` holds (found by position: a hostile file's thousand
    unclosed ``<en-note`` would make a pattern search quadratic)."""
    start, end = content.find("<en-note"), content.rfind("</en-note>")
    opened = content.find(">", start) if start >= 0 else -1
    if opened < 0 or end < opened:
        return None
    return content[opened + 1 : end]


def enex_article(text: str, dropped: list[str]) -> str | None:
    """The article of an Evernote export as an HTML page (the note's title its <title>), or
    None when ``text`` is no export. Of several notes, the one whose title has an explainer's
    cue ("ending explained"), else the longest; the others' titles are noted as dropped."""
    if not _ENEX_ROOT.match(text):
        return None
    try:
        # The standard library's parser: it fetches no DTD and (expat 2.4+) refuses entity bombs.
        root = ElementTree.fromstring(text.encode("utf-8"))
    except (ElementTree.ParseError, ValueError):
        return None
    notes: list[tuple[str, str]] = []
    for note in root.iter("note"):
        title = " ".join((note.findtext("title") or "").split())
        body = _enml_body(note.findtext("content") or "")
        if body is not None:
            notes.append((title, body))
    if not notes:
        return None
    chosen = max(notes, key=lambda note: (bool(HEADLINE_CUE.search(note[0])), len(_text(note[1]))))
    dropped.extend(title for title, body in notes if (title, body) != chosen and title)
    title, body = chosen
    dropped.extend(" ".join(match["task"].split()) for match in _TODO.finditer(body))
    body = _MEDIA.sub("", _TODO.sub("", body))
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<!DOCTYPE html><html><head>{head}</head><body>\n{body}\n</body></html>"
