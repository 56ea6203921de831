"""An outliner's export (Workflowy, Dynalist, OmniOutliner, Logseq) in OPML: the article is nested
``<outline text="…">`` elements. An outline with children, or with a note (``_note``), is a
heading at its depth with the note as its paragraph; a leaf is a paragraph. The head's title,
owner and expansion state are the file's furniture."""

from __future__ import annotations

import html
import re
import warnings

from bs4 import Tag, XMLParsedAsHTMLWarning

from bot.importer.html_tree import parse_html

_OPML = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<opml\b", re.I | re.S)
_MAX_DEPTH = 6


def opml_html(text: str, dropped: list[str]) -> str | None:
    """``text`` as an HTML page when it is an OPML outline, else None."""
    if not _OPML.match(text):
        return None
    with warnings.catch_warnings():
        # Read leniently, as the page parser reads (an outliner's XML is not always well
        # formed), and as deep as it allows: deeper raises TooDeep, which the importer reports.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = parse_html(text)
    body = soup.find("body")
    if not isinstance(body, Tag):
        return None
    title = soup.find("title")
    heading = title.get_text(" ", strip=True) if isinstance(title, Tag) else ""
    head = soup.find("head")
    if isinstance(head, Tag):
        dropped.extend(
            f"{child.name}: {child.get_text(strip=True)}"
            for child in head.find_all(True)
            if child.name != "title" and child.get_text(strip=True)
        )
    out: list[str] = []
    for outline in body.find_all("outline", recursive=False):
        _outline(outline, 1, out)
    if not out:
        return None
    head_html = f"<title>{html.escape(heading)}</title>" if heading else ""
    return f"<html><head>{head_html}</head><body><article>{''.join(out)}</article></body></html>"


def _outline(node: Tag, depth: int, out: list[str]) -> None:
    text = str(node.get("text") or node.get("title") or "").strip()
    note = str(node.get("_note") or "").strip()
    children = node.find_all("outline", recursive=False)
    # OPML attributes hold HTML-escaped text; some outliners put inline markup in it.
    words = text if re.search(r"<(?:b|i|em|strong|a)\b", text) else html.escape(text)
    if children or note:
        if text:
            level = min(depth, _MAX_DEPTH)
            out.append(f"<h{level}>{words}</h{level}>")
        out.extend(f"<p>{html.escape(part)}</p>" for part in note.split("\n\n") if part.strip())
        for child in children:
            _outline(child, depth + 1, out)
    elif text:
        out.append(f"<p>{words}</p>")
