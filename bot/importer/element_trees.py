"""An article stored as a tree of HTML elements in JSON, the way a Markdown pipeline keeps a page
it has parsed: HAST (rehype, Astro, Nuxt Content 2: ``{"type": "element", "tag": "h2",
"props": {…}, "children": [{"type": "text", "value": "…"}]}``, ``tagName`` and ``properties``
in rehype's spelling) and minimark (Nuxt Content 3: ``["h2", {"id": "…"}, "text", […]]``). Each
element is written back as the element it names, its classes kept, so the page parser reads it
as it reads any page: a spoiler box is still a spoiler box, a heading a heading."""

from __future__ import annotations

import html
import re

_MIN_BLOCKS = 3
_TAG = re.compile(r"[a-z][a-z0-9-]{0,40}")
_ATTRIBUTE = re.compile(r"[a-z_:][-a-z0-9_:.]{0,40}", re.I)
_VOID = {"br", "hr", "img", "wbr", "input", "source"}
# What a browser never shows as text.
_SKIPPED = {"script", "style", "iframe", "object", "embed"}


def _tag(node: object) -> str | None:
    """The element a node names, or None for text and anything else."""
    if isinstance(node, dict) and node.get("type") == "element":
        tag = node.get("tag", node.get("tagName"))
    elif isinstance(node, list) and node and len(node) >= 2 and isinstance(node[1], dict):
        tag = node[0]
    else:
        return None
    return tag.lower() if isinstance(tag, str) and _TAG.fullmatch(tag.lower()) else None


def is_element_tree(node: object) -> bool:
    """A list of elements in either spelling, most of them elements and two or more
    paragraphs: an article's body, not a list of other things."""
    if not isinstance(node, list) or len(node) < _MIN_BLOCKS:
        return False
    tags = [_tag(child) for child in node]
    elements = [tag for tag in tags if tag is not None]
    return len(elements) * 2 > len(node) and elements.count("p") >= 2


def element_tree_html(nodes: list[object]) -> str:
    return "\n".join(filter(None, (_html(node) for node in nodes)))


def _attributes(props: object) -> str:
    if not isinstance(props, dict):
        return ""
    parts: list[str] = []
    for key, value in props.items():
        name = "class" if key in {"className", "class"} else str(key)
        if not _ATTRIBUTE.fullmatch(name):
            continue
        if isinstance(value, list):
            value = " ".join(str(item) for item in value if isinstance(item, str | int))
        if value is True:
            parts.append(f" {name}")
        elif isinstance(value, str | int) and not isinstance(value, bool):
            parts.append(f' {name}="{html.escape(str(value))}"')
    return "".join(parts)


def _html(node: object) -> str:
    if isinstance(node, str):
        return html.escape(node, quote=False)  # minimark's text
    if isinstance(node, dict) and node.get("type") == "text":
        value = node.get("value")
        return html.escape(value, quote=False) if isinstance(value, str) else ""
    tag = _tag(node)
    if isinstance(node, dict):
        props = node.get("props", node.get("properties"))
        children = node.get("children")
        children = children if isinstance(children, list) else []
    elif isinstance(node, list) and tag is not None:
        props, children = node[1], node[2:]
    else:
        return ""
    inner = "".join(_html(child) for child in children)
    if tag is None:
        return inner  # a root or fragment: its children
    if tag in _SKIPPED:
        return ""
    if tag in _VOID:
        return f"<{tag}{_attributes(props)}>"
    return f"<{tag}{_attributes(props)}>{inner}</{tag}>"
