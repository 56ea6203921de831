"""Gemtext, the Gemini protocol's page format (.gmi), read as Markdown. It is Markdown-like
("#" headings, "* " items, "> " quotes, ``` blocks) with one difference: a link is a line of its
own, "=> address label". Links within the capsule (gemini:// or relative: back, home, previous
post, the feed) are its navigation and are dropped; a link out to the web stays a link."""

from __future__ import annotations

import re

_LINK_LINE = re.compile(r"^=>[ \t]*(?P<url>\S+)(?:[ \t]+(?P<label>.*\S))?[ \t]*$")
_MIN_LINK_LINES = 2
_WEB = re.compile(r"^https?://", re.I)


def gemtext_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is gemtext (link lines, a "#" heading), else None."""
    lines = text.split("\n")
    links = [_LINK_LINE.match(line) for line in lines]
    if sum(1 for link in links if link) < _MIN_LINK_LINES:
        return None
    if not any(line.startswith("#") for line in lines):
        return None
    out: list[str] = []
    for line, link in zip(lines, links, strict=True):
        if link is None:
            out.append(line)
        elif _WEB.match(link["url"]):
            out.append(f"[{link['label'] or link['url']}]({link['url']})")
        else:
            dropped.append(line.strip())
    return "\n".join(out)
