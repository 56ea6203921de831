"""An article saved by a read-later app and exported as Markdown (Omnivore's and Readwise's
templates for Obsidian and Logseq): the app's own lines around the article, and the reader's
highlights, are no part of it.

    # Oculus (2013) Ending Explained
    #Omnivore

    [Read on Omnivore](https://omnivore.app/me/…)
    [Read Original](https://…)

    date-saved: 2024-03-02 21:14:05

    ## Highlights

    > Tim pulls the trigger of the kill switch… [⤴️](https://omnivore.app/me/…#…)

    bring this up at club

    ## Content

    (the article)

The highlights are passages of the article copied out, often its ending, set before the article
and its spoiler warning, with the reader's own notes under them: they go whole, notes and all.
"""

from __future__ import annotations

import re

# A highlight's way back to its place in the app: Omnivore's "[⤴️](…)", Readwise's "([View
# Highlight](…))", "([Location 1234](…))".
_BACK_LINK = re.compile(
    r"\[(?:⤴️?|view highlight)\]\([^)\s]+\)"
    r"|\[(?:location|page) \d+\]\((?:https?://)?[\w.]*(?:readwise|kindle|omnivore)[^)\s]*\)",
    re.I,
)
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_HIGHLIGHTS = re.compile(r"^(?:highlights?|my highlights|highlights? (?:and|&) notes)$", re.I)
# The heading the app puts over the article itself: "## Content", "## Full text".
_CONTENT = re.compile(r"^(?:content|full (?:content|text)|article|original article)$", re.I)
# Readwise's "## Metadata" over "- Author: …", "- Full Title: …", "- URL: …".
_METADATA = re.compile(r"^metadata$", re.I)
_APP_LINES = re.compile(
    # the app's tag line alone ("#Omnivore"), a link to the app's copy or to the page it came
    # from, the dates it keeps, and its closing line ("Saved to Omnivore · Label: …")
    r"^\s*(?:(?:#[A-Za-z][\w/-]*\s*)+"
    r"|\[(?:read (?:on [\w .]+|original)|view (?:original|in [\w .]+)|original|open in [\w .]+)\]"
    r"\([^)\s]+\)(?:\s*\[[^\]]+\]\([^)\s]+\))*"
    r"|date[-_ ](?:saved|published|read|added|updated)\s*:.*"
    r"|[*_]*saved (?:to|with|via) [\w .]+(?:\s*[·|]\s*[^\n]*)?[*_]*)\s*$",
    re.I,
)


def read_later_off(text: str, dropped: list[str]) -> str:
    """``text`` without a read-later export's highlights and its own lines, when it is one:
    a "Highlights" section whose entries link back to the app, or the app's links to its copy
    and the original beside its "Content" heading."""
    lines = text.split("\n")
    sections = _sections(lines)
    highlights = [
        (start, end)
        for start, end, heading in sections
        if _HIGHLIGHTS.match(heading) and _BACK_LINK.search("\n".join(lines[start:end]))
    ]
    app_links = sum(1 for line in lines if _APP_LINES.match(line) and "](" in line)
    if not highlights and app_links < 2:
        return text
    cut: set[int] = set()
    for start, end in highlights:
        cut.update(range(start, end))
    for start, end, heading in sections:
        if _METADATA.match(heading):
            cut.update(range(start, end))
        elif _CONTENT.match(heading):
            cut.add(start)  # the heading alone: what it holds is the article
    for index, line in enumerate(lines):
        if _APP_LINES.match(line):
            cut.add(index)
    kept = []
    for index, line in enumerate(lines):
        if index in cut:
            if line.strip():
                dropped.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept)


def _sections(lines: list[str]) -> list[tuple[int, int, str]]:
    """Each Markdown heading's lines (its own and those up to the next heading of its level
    or above), with its text."""
    headings = [
        (index, len(match["marks"]), match["text"])
        for index, line in enumerate(lines)
        if (match := _HEADING.match(line))
    ]
    out = []
    for position, (index, level, heading) in enumerate(headings):
        end = next(
            (later for later, depth, _ in headings[position + 1 :] if depth <= level), len(lines)
        )
        out.append((index, end, heading))
    return out
