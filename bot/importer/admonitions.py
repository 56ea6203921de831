"""Python-Markdown's admonitions, as Material for MkDocs writes them: ``!!! note "Title"`` opens a
box whose text is indented four spaces under it, ``??? type "Title"`` a collapsed one (shown when
clicked), ``???+`` one open at first. Markdown alone reads the indented text as code, or runs it
on to the marker; here the title becomes a sub-heading of the section the box stands in, and the
text paragraphs under it. A collapsed box hides its text until a reader opens it, as a spoiler
box does, so its paragraphs go in Discord's ``||bars||``. The theme's extras around them
(``{ .md-button }`` attribute lists, ``:octicons-…:`` icons, ``*[ABBR]: …`` abbreviations and
``[TOC]``) are markup, not text."""

from __future__ import annotations

import re

from bot.spoiler_policy.markup import behind_bars

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+(?:[ \t]+[\w-]+)*?)"
    r"(?:[ \t]+\"(?P<title>[^\"]*)\")?[ \t]*$"
)
_HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+\S")
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*[.#][\w.#= \t-]*\}")
_ICON = re.compile(r"(?<![\w:]):(?:octicons|material|fontawesome|simple)-[\w-]+:(?![\w:])")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:.*$")
_TOC = re.compile(r"^\[TOC\]$", re.I)
_MIN_MARKERS = 1


def admonitions_markdown(text: str, dropped: list[str]) -> str:
    """``text`` with its admonitions as headings and paragraphs (unchanged without any, or when
    they nest deeper than any page does: a hostile file)."""
    try:
        return _unboxed(text, dropped)
    except RecursionError:
        return text


def _unboxed(text: str, dropped: list[str]) -> str:
    lines = text.split("\n")
    if sum(bool(_MARKER.match(line)) for line in lines) < _MIN_MARKERS:
        return text
    out: list[str] = []
    level = 1
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        if heading:
            level = len(heading["marks"])
        if _ABBREVIATION.match(line.strip()) or _TOC.match(line.strip()):
            dropped.append(line.strip())
            index += 1
            continue
        marker = _MARKER.match(line)
        if marker is None:
            out.append(_ICON.sub("", _ATTRIBUTE_LIST.sub("", line)).rstrip())
            index += 1
            continue
        depth = len(marker["indent"].expandtabs(4)) + 4
        index += 1
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) >= depth):
            body.append(lines[index].expandtabs(4)[depth:])
            index += 1
        title = (marker["title"] or "").strip()
        if title:
            out += ["", f"{'#' * min(level + 1, 6)} {title}", ""]
        collapsed = marker["mark"] == "???"
        inner = _unboxed("\n".join(body), dropped)  # a box inside the box
        for paragraph in inner.split("\n\n"):
            if not paragraph.strip():
                continue
            text_ = " ".join(part.strip() for part in paragraph.split("\n"))
            out += [behind_bars(text_) if collapsed else paragraph.rstrip(), ""]
    return "\n".join(out)


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())
