"""A page saved by a text browser (``lynx -dump``, ``links -dump``, ``elinks -dump``): the page
as it prints it, each link's text after a numbered marker ("[14]August 30, 2018") and the
addresses listed at the end under "References" (or "Visible links" / "Hidden links"). The
markers and the list are no part of the article; a paragraph or list entry that is only links
(a menu, share links, a reply form's fields) is the page's furniture, as a box of links is in
HTML. What is left is read as plain text."""

from __future__ import annotations

import re

_LIST_HEADING = re.compile(r"^[ \t]*(?:References|Visible links:?|Hidden links:?)[ \t]*$")
# "   1. https://…", "  37. form field = checkbox", "   4. file://localhost/…": addresses only,
# never an essay's numbered references ("1. Kermode, Mark. …"), which its "[1]" markers cite.
_ADDRESS_LINE = re.compile(
    r"^[ \t]*\d{1,5}\.[ \t]+(?:(?:https?|ftp|file|mailto|news|gopher|javascript):\S*"
    r"|form field = \w+)[ \t]*$",
    re.I,
)
_MARKER = re.compile(r"\[(\d{1,5})\]")
# lynx's line of the page's <link> elements: "#[1]Site » Feed [2]Comments Feed"
_LINK_ELEMENTS = re.compile(r"^[ \t]*#\[\d+\]")
# a form's text field drawn as underscores, a checkbox's "_" or "(_)" after its marker
_FIELD = re.compile(r"_{5,}")
_CHECKBOX = re.compile(r"\[\d{1,5}\](?:\(_\)|_|\[ \])[ \t]*")
_BULLET = re.compile(r"^[ \t]*(?:[*+o#@-]|\d{1,3}\.)[ \t]+")
_MIN_MARKERS = 3
# A link's text in a menu or a share strip is short; a sentence that starts with a link is not.
_MAX_LINK_WORDS = 8


def text_browser_dump(text: str, dropped: list[str]) -> str | None:
    """``text`` without a text browser's link markers and address list, when it is such a
    dump (a trailing list of numbered addresses that the text's markers count up to)."""
    if "[" not in text:
        return None
    lines = text.split("\n")
    start = _address_list(lines)
    if start is None:
        return None
    body = lines[:start]
    numbers = {int(n) for line in body for n in _MARKER.findall(line)}
    listed = sum(1 for line in lines[start + 1 :] if _ADDRESS_LINE.match(line))
    if len(numbers) < _MIN_MARKERS or max(numbers) > listed:
        return None
    dropped.append(f"{listed} link addresses listed under {lines[start].strip()!r}")
    out: list[str] = []
    for block in _blocks(body):
        joined = " ".join(line.strip() for line in block)
        if not joined:
            out.extend(block)  # the blank lines between paragraphs, as they were
            continue
        if _LINK_ELEMENTS.match(block[0]) or _only_links(joined) or _FIELD.search(joined):
            dropped.append(_MARKER.sub("", joined).strip())
            continue
        first = block[0]
        if (
            len(block) > 1
            and first[:1].isspace()
            and not _BULLET.match(first)
            and _only_links(first)
        ):
            # a picture's link over its caption ("[16]Grey in the lab"), set in the body
            dropped.append(_MARKER.sub("", first).strip())
            block = block[1:]
        out.extend(_MARKER.sub("", _CHECKBOX.sub("", line)) for line in block)
    return "\n".join(out)


def _address_list(lines: list[str]) -> int | None:
    """Where the trailing list of addresses starts: its heading, every line after it blank or
    a numbered address."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _LIST_HEADING.match(line):
            return index
        if line.strip() and not _ADDRESS_LINE.match(line):
            return None
    return None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Paragraphs (runs of lines between blank ones), each list entry on its own, and each
    blank line a block of its own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or (_BULLET.match(line) and current):
            if current:
                blocks.append(current)
            current = [line]
            if not line.strip():
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _only_links(text: str) -> bool:
    """A paragraph or entry that is nothing but links ("* [8]Home", "[22]Share on Twitter
    [23]Share on Facebook"): text only after markers, each link's text short."""
    text = _BULLET.sub("", text).strip()
    if not _MARKER.match(text):
        return False
    parts = [part.strip() for part in _MARKER.split(text)[2::2]]
    return all(len(part.split()) <= _MAX_LINK_WORDS for part in parts)
