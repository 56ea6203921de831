"""Rich text stored as a JSON tree of typed nodes, the way most headless CMSes and editors keep an
article's body in a page's script state: Slate (``{"type": "paragraph", "children": [{"text":
"…"}]}``), ProseMirror and Tiptap (``{"type": "heading", "attrs": {"level": 2}, "content":
[{"type": "text", "text": "…"}]}``), Lexical (``{"type": "heading", "tag": "h2", "children":
[…]}``), Contentful (``{"nodeType": "heading-2", "content": [{"nodeType": "text", "value":
"…"}]}``), or flat blocks naming their tag (``{"type": "h2", "html": "…"}``). It is turned into
the HTML the page parser reads. Nodes of any other type (ad slots, embeds, "related" boxes,
sign-up forms, pull quotes that repeat the text) are the site's furniture and are left out."""

from __future__ import annotations

import html
import re

from bot.spoiler_policy.markup import behind_bars

_TYPE_KEYS = ("type", "nodeType")
_CHILD_KEYS = ("children", "content")
_MIN_BLOCKS = 3
# "h2", "heading", "heading-2", Slate's "heading-two", Draft.js's "header-two".
_HEADING = re.compile(r"h([1-6])|head(?:ing|er)(?P<n>[1-6]|one|two|three|four|five|six)?")
_LEVEL_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ORDERED = {"ol", "orderedlist", "numberedlist", "numberlist"}
_UNORDERED = {"ul", "unorderedlist", "bulletedlist", "bulletlist"}
_ITEMS = {"li", "listitem"}
# Draft.js has no list blocks, only items that say which list they are in.
_LONE_ITEMS = {"unorderedlistitem": "ul", "orderedlistitem": "ol"}
_PARAGRAPHS = {"p", "paragraph", "unstyled"}  # Draft.js calls a paragraph "unstyled"
_QUOTES = {"blockquote", "quote"}
_MARKS = {"bold": "strong", "strong": "strong", "italic": "em", "em": "em", "code": "code"}


def _kind(node: object) -> str | None:
    """A node's type, without case or separators ("heading-2" → "heading2")."""
    if not isinstance(node, dict):
        return None
    for key in _TYPE_KEYS:
        value = node.get(key)
        if isinstance(value, str):
            return re.sub(r"[^a-z0-9]", "", value.lower())
    return None


def _has_content(node: dict[str, object]) -> bool:
    return any(isinstance(node.get(key), list) for key in _CHILD_KEYS) or any(
        isinstance(node.get(key), str) for key in ("text", "html")
    )


def _is_block(kind: str | None) -> bool:
    return kind is not None and (
        kind in _PARAGRAPHS | _QUOTES | _ORDERED | _UNORDERED | {"list"} | _LONE_ITEMS.keys()
        or _HEADING.fullmatch(kind) is not None
    )


def is_rich_text(node: object) -> bool:
    """A list of rich-text blocks: most entries are paragraphs, headings, lists or quotes with
    content of their own (children, or their text), and at least two are paragraphs."""
    if not isinstance(node, list) or len(node) < _MIN_BLOCKS:
        return False
    blocks = [n for n in node if _is_block(_kind(n)) and _has_content(n)]  # type: ignore[arg-type]
    paragraphs = [n for n in blocks if _kind(n) in _PARAGRAPHS]
    return len(blocks) * 2 > len(node) and len(paragraphs) >= 2


def rich_text_html(node: list[object]) -> str:
    """Rich-text blocks as HTML; blocks of other types are left out."""
    return "\n".join(filter(None, (_block(block) for block in node)))


def _heading_level(node: dict[str, object], kind: str) -> int:
    named = _HEADING.fullmatch(kind)
    if named and (named[1] or named["n"]):
        number = named[1] or named["n"]
        return int(number) if number.isdecimal() else _LEVEL_WORDS[number]
    attrs = node.get("attrs")
    for source in (node, attrs if isinstance(attrs, dict) else {}):
        for key in ("level", "depth"):
            level = source.get(key)
            if isinstance(level, int) and 1 <= level <= 6:
                return level
        tag = source.get("tag")
        if isinstance(tag, str) and re.fullmatch(r"h[1-6]", tag):
            return int(tag[1])
    return 2


# A spoiler box or a collapsed toggle in the editor: what it holds is hidden until opened.
_SPOILER_BOX = re.compile(r".*spoiler.*|collapsible|toggle|details|accordion")


def _spoiler_box(node: dict[str, object]) -> str:
    """Each paragraph of a spoiler box behind Discord's bars, so it stays an ending wherever
    the outline files it; its title (what the box asks) is a heading over it."""
    title = next(
        (str(node[key]) for key in ("title", "summary", "label") if isinstance(node.get(key), str)),
        "",
    )
    parts = [_inline(child) for child in _children(node) if isinstance(child, dict)]
    if not parts and isinstance(node.get("text"), str):
        parts = [html.escape(str(node["text"]), quote=False)]
    hidden = "".join(
        f"<p>{html.escape(behind_bars(html.unescape(re.sub(r'<[^>]+>', ' ', part)).strip()))}</p>"
        for part in parts
        if part.strip()
    )
    return (f"<h3>{html.escape(title)}</h3>" if title.strip() else "") + hidden


def _block(node: object) -> str:
    kind = _kind(node)
    if isinstance(node, dict) and kind and _SPOILER_BOX.fullmatch(kind):
        return _spoiler_box(node)
    if not isinstance(node, dict) or (not _is_block(kind) and kind not in _ITEMS):
        return ""
    assert kind is not None
    inner = _inline(node)
    if kind in _PARAGRAPHS:
        return f"<p>{inner}</p>" if inner.strip() else ""
    if kind in _QUOTES:
        return f"<blockquote><p>{inner}</p></blockquote>"
    if kind in _ITEMS:
        return f"<li>{inner}</li>"
    if kind in _LONE_ITEMS:
        return f"<{_LONE_ITEMS[kind]}><li>{inner}</li></{_LONE_ITEMS[kind]}>"
    if kind in _ORDERED | _UNORDERED | {"list"}:
        ordered = kind in _ORDERED or node.get("ordered") is True
        ordered = ordered or str(node.get("listType", node.get("tag", ""))).lower() in {
            "number",
            "ordered",
            "ol",
        }
        tag = "ol" if ordered else "ul"
        items = "".join(_block(child) for child in _children(node))
        return f"<{tag}>{items}</{tag}>"
    level = _heading_level(node, kind)
    return f"<h{level}>{inner}</h{level}>"


def _children(node: dict[str, object]) -> list[object]:
    for key in _CHILD_KEYS:
        value = node.get(key)
        if isinstance(value, list):
            return value
    return []


def _inline(node: dict[str, object]) -> str:
    """A block's text: its HTML or text if it carries one, else its children's, a list item's
    paragraphs joined."""
    if isinstance(node.get("html"), str):
        return str(node["html"])
    if isinstance(node.get("text"), str) and not _children(node):
        return html.escape(str(node["text"]), quote=False)
    parts: list[str] = []
    for child in _children(node):
        if not isinstance(child, dict):
            continue
        kind = _kind(child)
        if _is_block(kind) or kind in _ITEMS:
            parts.append(_block(child) if kind not in _PARAGRAPHS else _inline(child) + " ")
        else:
            parts.append(_span(child))
    return "".join(parts)


def _span(node: dict[str, object]) -> str:
    text = node.get("text", node.get("value"))
    if not isinstance(text, str):
        return _inline(node)  # a link, a mention: its children are the words
    out = html.escape(text, quote=False)
    marks = [m.get("type") if isinstance(m, dict) else m for m in node.get("marks") or []]  # type: ignore[union-attr]
    marks += [name for name in _MARKS if node.get(name) is True]  # Slate: {"bold": true}
    for mark in dict.fromkeys(str(m) for m in marks):
        if mark in _MARKS:
            out = f"<{_MARKS[mark]}>{out}</{_MARKS[mark]}>"
    return out


def rich_blocks_html(node: object) -> str | None:
    """A list made only of rich-text blocks, however few (an FAQ answer's one paragraph), as
    HTML; None for anything else."""
    if not isinstance(node, list) or not node:
        return None
    if not all(_is_block(_kind(n)) and _has_content(n) for n in node):  # type: ignore[arg-type]
        return None
    return rich_text_html(node) or None
