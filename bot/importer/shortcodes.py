"""WordPress shortcodes a page was saved with while their plugin was off: ``[toc]``,
``[su_box title="Quick Answer"]…[/su_box]``, ``[spoiler title="…"]…[/spoiler]``. They are
markup, not the article's words; what they wrap is kept, and a spoiler shortcode's content stays
hidden as an ending wherever it is filed. A static site generator's paired spoiler tags in a
post's source (Hugo's ``{{< spoiler >}}…{{< /spoiler >}}``, Liquid's ``{% spoiler %}…{%
endspoiler %}``) are the same thing in other brackets."""

from __future__ import annotations

import html
import re

from bot.spoiler_policy.markup import bars_dropped, behind_bars

_TAG = re.compile(
    r"\[(?P<close>/)?(?P<name>[a-z][a-z0-9_-]{1,30}|TOC)"
    r"(?P<attrs>(?:\s+[a-z_-]+\s*=\s*(?:\"[^\"\]]*\"|'[^'\]]*'|[^\s\]]+))*)\s*/?\]"
    # "[here](https://…)", "[text][1]", "[ref]: https://…" are Markdown's, not shortcodes
    r"(?![(\[:])"
)
_TITLE = re.compile(r"\btitle\s*=\s*(?:\"(?P<a>[^\"]*)\"|'(?P<b>[^']*)')")
# Bare names that are shortcodes even without attributes or a closing tag.
_BARE = frozenset({"toc", "TOC", "more", "nextpage", "ad", "ads", "adsense", "gallery", "embed"})
_SPOILER = re.compile(r"spoiler|expand|reveal|hidden|toggle", re.I)
_CAPTION = re.compile(r"caption|wp_caption", re.I)
_PARAGRAPHS = re.compile(r"\n\s*\n")


# Hugo: "{{< name … >}}" or "{{% name … %}}", closed by "{{< /name >}}"; Liquid: "{% name … %}",
# closed by "{% endname %}". Only the names of spoiler boxes are read here: the other template
# lines are dropped whole with the Markdown.
_TEMPLATE_TAG = re.compile(
    r"\{\{[<%]\s*(?P<close>/)?\s*(?P<hugo>[A-Za-z][\w-]{0,30})\b[^{}]*?[>%]\}\}"
    r"|\{%-?\s*(?P<liquid>[A-Za-z]\w{0,33})\b[^{}]*?-?%\}"
)


def _template_spoilers(text: str) -> str:
    """Paired template spoiler tags as ``[name]…[/name]``, which the shortcode pass hides. One
    pass over the tags, pairing them as a stack does: a box inside a box loses its own tags (the
    outer one hides it all), and a tag without its partner is left for the template-line pass."""
    pairs: list[tuple[re.Match[str], re.Match[str], str]] = []
    stack: list[tuple[re.Match[str], str]] = []
    for match in _TEMPLATE_TAG.finditer(text):
        word = match["hugo"] or match["liquid"]
        closing = bool(match["close"]) or (match["liquid"] is not None and word[:3] == "end")
        name = (word[3:] if match["liquid"] and closing else word).lower().replace("-", "_")
        if not _SPOILER.search(name) or len(name) < 2:
            continue
        if not closing:
            stack.append((match, name))
        elif stack and stack[-1][1] == name:
            pairs.append((stack.pop()[0], match, name))
    swaps: dict[int, tuple[int, str]] = {}  # a tag's start -> (its end, what replaces it)
    outer_end = -1
    for opening, closing_tag, name in sorted(pairs, key=lambda pair: pair[0].start()):
        outer = opening.start() >= outer_end
        outer_end = max(outer_end, closing_tag.end())
        swaps[opening.start()] = (opening.end(), f"[{name}]" if outer else "")
        swaps[closing_tag.start()] = (closing_tag.end(), f"[/{name}]" if outer else "")
    if not swaps:
        return text
    out: list[str] = []
    position = 0
    for start in sorted(swaps):
        end, replacement = swaps[start]
        out += [text[position:start], replacement]
        position = end
    out.append(text[position:])
    return "".join(out)


def shortcodes_off(text: str, *, is_html: bool) -> str:
    if "{{" in text or "{%" in text:
        text = _template_spoilers(text)
    closed = {m["name"] for m in _TAG.finditer(text) if m["close"]}
    if not any(_is_shortcode(m, closed) for m in _TAG.finditer(text)):
        return text
    if is_html:
        text = _out_of_paragraphs(text, closed)
    text = _spoilers_hidden(text, closed, is_html=is_html)
    titled = {
        m["name"]
        for m in _TAG.finditer(text)
        if not m["close"] and m["name"] in closed and _TITLE.search(m["attrs"] or "")
    }

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if not _is_shortcode(match, closed):
            return match.group()
        if is_html and _CAPTION.search(name):
            return "</figure>" if match["close"] else "<figure>"
        if name in titled and is_html:
            title = _TITLE.search(match["attrs"] or "")
            if match["close"]:
                return "</div>"
            # "[su_box title="Quick Answer"]…[/su_box]": the box's title heads what it wraps
            words = html.escape(_title(title)) if title else ""
            return f'<div class="shortcode-titled"><h4>{words}</h4>' if words else "<div>"
        if name in titled and not match["close"]:
            title = _TITLE.search(match["attrs"] or "")
            return f"\n\n#### {_title(title)}\n\n" if title else ""
        return ""

    return _TAG.sub(replace, text)


_OPENING_P = re.compile(rf"(?P<p><p(?:\s[^>]*)?>)\s*(?P<tag>{_TAG.pattern})")
_CLOSING_P = re.compile(rf"(?P<tag>{_TAG.pattern})\s*(?P<p></p>)")


def _out_of_paragraphs(text: str, closed: set[str]) -> str:
    """The editor wraps a shortcode on its own line in a paragraph ("<p>[su_box …]Text</p>"):
    the tag is moved out of it, so the box it becomes holds the paragraph, not the reverse."""

    def swap(match: re.Match[str]) -> str:
        tag = _TAG.fullmatch(match["tag"])
        if tag is None or not _is_shortcode(tag, closed):
            return match.group()
        return (
            match["tag"] + match["p"]
            if match.start("p") < match.start("tag")
            else (match["p"] + match["tag"])
        )

    return _CLOSING_P.sub(swap, _OPENING_P.sub(swap, text))


def _title(match: re.Match[str]) -> str:
    return match["a"] if match["a"] is not None else match["b"]


def _is_shortcode(match: re.Match[str], closed: set[str]) -> bool:
    name = match["name"]
    return bool(match["close"] or match["attrs"] or name in closed or "_" in name or name in _BARE)


def _spoilers_hidden(text: str, closed: set[str], *, is_html: bool) -> str:
    """``[spoiler …]X[/spoiler]``: X in Discord's bars, a paragraph at a time (HTML: a spoiler
    box, whose paragraphs the page's chrome pass bars). The tags are paired in one pass, as a
    stack pairs them: a box inside a box, or two boxes that overlap, are hidden as one (the
    inner tags go with the other shortcodes), and an opening tag without its partner is
    skipped without searching the rest of the page for one."""
    names = {name for name in closed if _SPOILER.search(name)}
    if not names:
        return text
    stacks: dict[str, list[re.Match[str]]] = {}
    spans: list[tuple[int, int, int, int]] = []  # outer start, inner start, inner end, outer end
    for match in _TAG.finditer(text):
        name = match["name"]
        if name not in names:
            continue
        if not match["close"]:
            stacks.setdefault(name, []).append(match)
        elif stacks.get(name):
            opening = stacks[name].pop()
            spans.append((opening.start(), opening.end(), match.start(), match.end()))
    if not spans:
        return text
    merged: list[list[int]] = []
    for span in sorted(spans):
        if merged and span[0] < merged[-1][3]:
            # inside or across the box before it: one box to the later of the two ends
            if span[3] > merged[-1][3]:
                merged[-1][2:] = [span[2], span[3]]
        else:
            merged.append(list(span))
    out: list[str] = []
    position = 0
    for outer_start, inner_start, inner_end, outer_end in merged:
        inner = text[inner_start:inner_end]
        out += [text[position:outer_start], _boxed(inner, names, is_html=is_html)]
        position = outer_end
    out.append(text[position:])
    return "".join(out)


def _boxed(inner: str, names: set[str], *, is_html: bool) -> str:
    if is_html:
        return f'<div class="shortcode-spoiler">{inner}</div>'
    # the inner boxes' own tags are no part of the words (and would read as stray bars)
    return _barred(_TAG.sub(lambda m: "" if m["name"] in names else m.group(), inner))


def _barred(inner: str) -> str:
    parts = [part.strip() for part in _PARAGRAPHS.split(inner) if bars_dropped(part).strip()]
    return "\n\n".join(behind_bars(part) for part in parts)
