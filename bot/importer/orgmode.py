"""An Emacs Org-mode post (the source a blog built with ox-hugo or org-publish keeps), read as
the Markdown it exports to.

``#+TITLE:`` is the headline and the other ``#+KEYWORD:`` lines are settings; ``*`` stars start
headlines (``* Themes``, tags such as ``:film:`` at the end); drawers (``:PROPERTIES:`` …
``:END:``) and ``#+BEGIN_…``/``#+END_…`` markers are syntax (a spoiler or details block's text
goes in Discord's ``||bars||``); a subtree tagged ``:noexport:``, or a
``COMMENT`` headline, and ``# comment`` lines are never published, so they are dropped whole.
``[[url][label]]`` is a link, ``/italic/`` and ``*bold*`` are emphasis."""

from __future__ import annotations

import re

from bot.spoiler_policy.markup import behind_bars

_KEYWORD = re.compile(r"^[ \t]*#\+(?P<key>[A-Za-z_]+):[ \t]*(?P<value>.*)$")
_HEADLINE = re.compile(
    r"^(?P<stars>\*+)[ \t]+(?:(?:TODO|DONE|NEXT|WAITING)[ \t]+)?(?P<comment>COMMENT[ \t]+)?"
    r"(?:\[#[A-C]\][ \t]+)?(?P<text>.*?)(?:[ \t]+(?P<tags>:[\w@#%:]+:))?[ \t]*$"
)
_DRAWER_START = re.compile(r"^[ \t]*:(?P<name>[A-Za-z_-]+):[ \t]*$")
_DRAWER_END = re.compile(r"^[ \t]*:END:[ \t]*$", re.I)
_BLOCK = re.compile(r"^[ \t]*#\+(?P<edge>BEGIN|END)_(?P<kind>\w+)\b.*$", re.I)
_COMMENT_LINE = re.compile(r"^[ \t]*#(?:[ \t].*)?$")
_UNPUBLISHED_TAGS = {"noexport", "archive"}
_LINK = re.compile(r"\[\[(?P<target>[^\]]+)\](?:\[(?P<label>[^\]]+)\])?\]")
_ITALIC = re.compile(r"(?<![\w/:*])/(?=[^\s/])(?P<text>[^/\n]*?[^\s/])/(?![\w/])")
_BOLD = re.compile(r"(?<![\w*])\*(?=[^\s*])(?P<text>[^*\n]*?[^\s*])\*(?![\w*])")
_VERBATIM = re.compile(r"(?<![\w=~])[=~](?=\S)(?P<text>[^=~\n]*?\S)[=~](?![\w=~])")
_MIN_SIGNS = 2
# ox-hugo and org-special-block-extras render these as a collapsed box: a spoiler box.
_SPOILER_BLOCKS = {"spoiler", "details", "hidden"}


def is_org(text: str) -> bool:
    lines = text.splitlines()
    keywords = sum(bool(_KEYWORD.match(line)) for line in lines[:40])
    headlines = sum(bool(re.match(r"^\*+ \S", line)) for line in lines)
    drawers = any(_DRAWER_START.match(line) and line.strip() == ":PROPERTIES:" for line in lines)
    return headlines >= 1 and (keywords >= _MIN_SIGNS or drawers)


def _barred(lines: list[str]) -> list[str]:
    """A spoiler block's paragraphs, each in Discord's bars: hidden wherever it is filed."""
    paragraphs = " ".join(line.strip() or "\n" for line in lines).split("\n")
    return ["", *(f"{behind_bars(p.strip())}\n" for p in paragraphs if p.strip())]


def _inline(text: str) -> str:
    """Org emphasis and links as Markdown, outside the links' targets."""
    out, last = [], 0
    for match in _LINK.finditer(text):
        out.append(_emphasis(text[last : match.start()]))
        target, label = match["target"], match["label"]
        if re.match(r"https?://", target):
            out.append(f"[{label or target}]({target})")
        else:
            out.append(label or re.sub(r"^(?:file|id|\*):?", "", target))
        last = match.end()
    out.append(_emphasis(text[last:]))
    return "".join(out)


def _emphasis(text: str) -> str:
    text = _BOLD.sub(lambda m: f"**{m['text']}**", text)
    text = _ITALIC.sub(lambda m: f"*{m['text']}*", text)
    return _VERBATIM.sub(lambda m: f"`{m['text']}`", text)


def org_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is an Org-mode document, else None."""
    if not is_org(text):
        return None
    out: list[str] = []
    title: str | None = None
    skip_below: int | None = None  # the depth of an unpublished subtree being skipped
    drawer = False
    quote = False
    hidden = False  # inside a #+BEGIN_COMMENT block
    spoiler: list[str] | None = None  # the lines of a #+BEGIN_SPOILER block so far
    for line in text.splitlines():
        headline = _HEADLINE.match(line)
        if headline:
            depth = len(headline["stars"])
            if skip_below is not None and depth > skip_below:
                dropped.append(line.strip())
                continue
            skip_below = None
            tags = {tag.lower() for tag in (headline["tags"] or "").strip(":").split(":") if tag}
            if headline["comment"] or tags & _UNPUBLISHED_TAGS:
                skip_below = depth
                dropped.append(line.strip())
                continue
            out.extend(["", f"{'#' * min(depth + 1, 6)} {_inline(headline['text'])}", ""])
            continue
        if skip_below is not None:
            if line.strip():
                dropped.append(line.strip())
            continue
        if drawer:
            drawer = not _DRAWER_END.match(line)
            continue
        if _DRAWER_START.match(line) and not _DRAWER_END.match(line):
            drawer = True
            continue
        keyword = _KEYWORD.match(line)
        block = _BLOCK.match(line)
        if block:
            opens = block["edge"].lower() == "begin"
            if block["kind"].lower() == "quote":
                quote = opens
            elif block["kind"].lower() == "comment":
                hidden = opens
            elif block["kind"].lower() in _SPOILER_BLOCKS:
                if not opens and spoiler is not None:
                    out.extend(_barred(spoiler))
                spoiler = [] if opens else None
            continue
        if spoiler is not None:
            spoiler.append(_inline(line))
            continue
        if hidden:
            dropped.append(line.strip())
            continue
        if keyword:
            if keyword["key"].lower() == "title" and title is None:
                title = _inline(keyword["value"].strip())
            else:
                dropped.append(line.strip())
            continue
        if _COMMENT_LINE.match(line):
            if line.strip() != "#":
                dropped.append(line.strip())
            continue
        converted = _inline(line)
        out.append(f"> {converted}" if quote and converted.strip() else converted)
    if spoiler is not None:
        out.extend(_barred(spoiler))  # a block left open runs to the end, hidden all the same
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return f"# {title}\n\n{body}\n" if title else body + "\n"
