"""Articles held in JSON: a CMS's API response saved as text (WordPress's ``/wp-json/wp/v2/posts``
with the post's HTML in ``content.rendered``), rich text stored as Portable Text blocks
(Sanity's ``[{"_type": "block", "style": "h2", "children": [...]}]``) in a page's script state,
a post whose body is Editor.js blocks (``{"blocks": [{"type": "header", "data": {...}}]}``, the
editor many headless CMSes embed), an Apple News Format ``article.json`` (``{"components":
[{"role": "heading2", "text": …}, {"role": "body", "text": …}]}``), and a Reddit thread saved
from its ``.json`` address (the post a ``t3`` thing, its text the author's Markdown in
``selftext``; the comment tree after it is other people's). The first four are turned into HTML
the page parser reads, a Reddit post into Markdown."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from bot.importer.element_trees import element_tree_html, is_element_tree
from bot.importer.rich_text import is_rich_text, rich_text_html

# A string that is an article's HTML, not a snippet: paragraphs or subheadings in it.
MARKUP_BODY = re.compile(r"<(?:p|h[2-6])[\s>]", re.I)
_MIN_BODY_WORDS = 60
# Where a CMS keeps a post's headline, beside its body.
_TITLE_KEYS = ("title", "headline", "name")
_BLOCK_STYLES = {"normal": "p", "blockquote": "blockquote"} | {
    f"h{n}": f"h{n}" for n in range(1, 7)
}
_MARKS = {"em": "em", "strong": "strong", "code": "code", "underline": "u", "strike-through": "s"}


def is_portable_text(node: object) -> bool:
    """A list of Portable Text blocks: most of its entries are ``_type: block`` with children
    (the rest are the CMS's own objects, an ad slot, a related-posts box)."""
    if not isinstance(node, list) or len(node) < 3:
        return False
    blocks = [n for n in node if isinstance(n, dict) and n.get("_type") == "block"]
    return len(blocks) * 2 > len(node) and all(isinstance(b.get("children"), list) for b in blocks)


def portable_text_html(node: list[object]) -> str:
    """Portable Text blocks as HTML. Objects other than text blocks (ad units, embedded
    "read next" boxes, sign-up forms) are the site's furniture and are left out."""
    out: list[str] = []
    open_list: str | None = None
    for block in node:
        if not isinstance(block, dict) or block.get("_type") != "block":
            continue
        text = _spans_html(block)
        item = block.get("listItem")
        tag = "ol" if item == "number" else "ul" if item else None
        if open_list and tag != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if tag:
            if open_list is None:
                out.append(f"<{tag}>")
                open_list = tag
            out.append(f"<li>{text}</li>")
            continue
        element = _BLOCK_STYLES.get(str(block.get("style", "normal")), "p")
        out.append(f"<{element}>{text}</{element}>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def _spans_html(block: dict[str, object]) -> str:
    links = {
        str(d.get("_key")): str(d.get("href", ""))
        for d in block.get("markDefs") or []  # type: ignore[union-attr]
        if isinstance(d, dict) and d.get("_type") == "link"
    }
    parts: list[str] = []
    for span in block.get("children") or []:  # type: ignore[union-attr]
        if not isinstance(span, dict) or not isinstance(span.get("text"), str):
            continue
        text = html.escape(span["text"], quote=False)
        for mark in span.get("marks") or []:
            if mark in _MARKS:
                text = f"<{_MARKS[mark]}>{text}</{_MARKS[mark]}>"
            elif mark in links:
                text = f'<a href="{html.escape(links[mark])}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def is_editorjs(node: object) -> bool:
    """Editor.js's saved output: ``{"blocks": [...]}`` whose entries are mostly
    ``{"type": "...", "data": {...}}``."""
    if not isinstance(node, dict) or not isinstance(node.get("blocks"), list):
        return False
    blocks = node["blocks"]
    typed = [b for b in blocks if isinstance(b, dict) and isinstance(b.get("type"), str)]
    return len(blocks) >= 3 and len(typed) * 2 > len(blocks)


def editorjs_html(node: dict[str, object]) -> str:
    """Editor.js blocks as HTML. Their text is already inline HTML (<b>, <i>, <a>). Images,
    embeds, link cards, code and raw HTML blocks (a newsletter box, an ad) are the page's
    furniture or nothing to read, and are left out; a warning block is a paragraph (it holds the
    spoiler warning), a quote's caption its credit line."""
    out: list[str] = []
    for block in node.get("blocks") or []:  # type: ignore[union-attr]
        if not isinstance(block, dict) or not isinstance(block.get("data"), dict):
            continue
        data: dict[str, object] = block["data"]
        kind = str(block.get("type", "")).lower()
        text = data.get("text")
        text = text if isinstance(text, str) else ""
        if kind in ("header", "heading"):
            level = data.get("level")
            depth = level if isinstance(level, int) and 1 <= level <= 6 else 2
            out.append(f"<h{depth}>{text}</h{depth}>")
        elif kind == "paragraph" and text.strip():
            out.append(f"<p>{text}</p>")
        elif kind in ("list", "nestedlist", "checklist"):
            out.append(_editorjs_list(data))
        elif kind == "quote" and text.strip():
            caption = data.get("caption")
            credit = f"<p>— {caption}</p>" if isinstance(caption, str) and caption.strip() else ""
            out.append(f"<blockquote><p>{text}</p>{credit}</blockquote>")
        elif kind in ("warning", "alert", "callout"):
            parts = [data.get("title"), data.get("message"), text]
            said = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            if said:
                out.append(f"<p>{said}</p>")
        elif kind == "delimiter":
            out.append("<hr>")
        elif kind == "table" and isinstance(data.get("content"), list):
            rows = [r for r in data["content"] if isinstance(r, list)]  # type: ignore[union-attr]
            cells = ("".join(f"<td>{c}</td>" for c in row if isinstance(c, str)) for row in rows)
            out.append("<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>")
    return "\n".join(out)


def _editorjs_list(data: dict[str, object]) -> str:
    tag = "ol" if data.get("style") == "ordered" else "ul"
    entries: list[str] = []
    for entry in data.get("items") or []:  # type: ignore[union-attr]
        if isinstance(entry, str):
            entries.append(f"<li>{entry}</li>")
        elif isinstance(entry, dict):  # a nested or checklist item: {"content"|"text", "items"}
            content = entry.get("content", entry.get("text"))
            nested = _editorjs_list({**data, "items": entry.get("items") or []})
            if isinstance(content, str):
                entries.append(f"<li>{content}{nested if entry.get('items') else ''}</li>")
    return f"<{tag}>{''.join(entries)}</{tag}>"


def is_apple_news(node: object) -> bool:
    """An Apple News Format document: a ``components`` list whose entries have roles."""
    if not isinstance(node, dict) or not isinstance(node.get("components"), list):
        return False
    parts = node["components"]
    roles = [c for c in parts if isinstance(c, dict) and isinstance(c.get("role"), str)]
    return "version" in node and len(roles) >= 3 and len(roles) * 2 > len(parts)


# Roles whose components hold others: read in order, as the page shows them.
_ANF_GROUPS = frozenset({"container", "section", "chapter", "header", "article_body"})
_ANF_HEADING = re.compile(r"^heading(?P<level>[1-6])?$")
_ANF_TEXT = frozenset({"body", "intro"})


def apple_news_html(node: dict[str, object]) -> str:
    """Apple News components as HTML: headings and body text in order. The title component is
    the document's headline (already its <h1>); bylines, captions, photos, ads, dividers, a
    pull quote (it repeats the text) and an aside are the page's furniture."""
    out: list[str] = []

    def walk(parts: object, depth: int) -> None:
        if not isinstance(parts, list) or depth > _MAX_ANF_DEPTH:
            return
        for part in parts:
            if not isinstance(part, dict):
                continue
            role = str(part.get("role", "")).lower()
            text = part.get("text")
            text = text if isinstance(text, str) else ""
            heading = _ANF_HEADING.match(role)
            if role in _ANF_GROUPS:
                walk(part.get("components"), depth + 1)
            elif heading and text.strip():
                level = int(heading["level"] or 2)
                out.append(f"<h{level}>{html.escape(text.strip(), quote=False)}</h{level}>")
            elif role in _ANF_TEXT and text.strip():
                out.append(_anf_text(text, str(part.get("format", "none"))))
            elif role == "quote" and text.strip():
                out.append(f"<blockquote>{_anf_text(text, str(part.get('format')))}</blockquote>")

    walk(node.get("components"), 0)
    return "\n".join(out)


_MAX_ANF_DEPTH = 8


def _anf_text(text: str, form: str) -> str:
    if form == "html":
        return text if MARKUP_BODY.search(text) else f"<p>{text}</p>"
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs)


def _texts(node: object, path: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], str]]:
    """Every article-sized body in a JSON value, with the path of containers above it."""
    if is_apple_news(node):
        assert isinstance(node, dict)
        yield (*path, node), apple_news_html(node)
    elif is_portable_text(node):
        assert isinstance(node, list)
        yield path, portable_text_html(node)
    elif is_editorjs(node):
        assert isinstance(node, dict)
        yield path, editorjs_html(node)
    elif is_rich_text(node):
        assert isinstance(node, list)
        yield path, rich_text_html(node)
    elif is_element_tree(node):
        assert isinstance(node, list)
        yield path, element_tree_html(node)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value, (*path, node))
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, (*path, node))
    elif isinstance(node, str) and MARKUP_BODY.search(node):
        yield path, node


def _words(markup: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", markup).split())


def _title(containers: tuple[object, ...]) -> str | None:
    """The nearest headline above the body: ``"title": "…"`` or WordPress's
    ``"title": {"rendered": "…"}``."""
    for container in reversed(containers):
        if not isinstance(container, dict):
            continue
        for key in _TITLE_KEYS:
            value = container.get(key)
            if isinstance(value, dict):
                value = value.get("rendered")
            if isinstance(value, str) and value.strip():
                return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()
    return None


def _reddit_posts(node: object, depth: int = 0) -> Iterator[dict[str, object]]:
    """Reddit's posts (``{"kind": "t3", "data": {...}}``) in a listing, comments never: a
    comment (``t1``) is a reply to the article, not part of it."""
    if depth > _MAX_LISTING_DEPTH:
        return
    if isinstance(node, dict):
        data = node.get("data")
        if node.get("kind") == "t3" and isinstance(data, dict):
            yield data
            return
        if node.get("kind") == "t1":
            return
        for value in node.values():
            yield from _reddit_posts(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _reddit_posts(value, depth + 1)


# A listing nests a post three deep (list > Listing > data > children); deeper is a comment tree.
_MAX_LISTING_DEPTH = 6


def _reddit_post(data: object) -> str | None:
    """A Reddit self-post as Markdown, its title the headline."""
    for post in _reddit_posts(data):
        body, title = post.get("selftext"), post.get("title")
        if isinstance(body, str) and len(body.split()) >= _MIN_BODY_WORDS:
            headline = f"# {' '.join(title.split())}\n\n" if isinstance(title, str) else ""
            return headline + html.unescape(body)
    return None


def json_article(text: str) -> str | None:
    """A JSON document's article as an HTML page (its headline as <title> and <h1>) or, for a
    Reddit thread, as Markdown; None
    when ``text`` is no JSON or holds no article. The article is the longest body in it; the
    rest (ids, links, SEO fields, an excerpt) is the API's furniture."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(("{", "[")):
        return None
    try:
        data = json.loads(stripped)
        bodies = list(_texts(data))
    except (ValueError, RecursionError):
        return None  # not JSON, or nested deeper than any document (a hostile file)
    reddit = _reddit_post(data)
    if reddit is not None:
        return reddit
    if not bodies:
        return None
    containers, body = max(bodies, key=lambda found: _words(found[1]))
    if _words(body) < _MIN_BODY_WORDS:
        return None
    title = _title(containers)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    headline = f"<h1>{html.escape(title)}</h1>\n" if title else ""
    return f"<!DOCTYPE html><html><head>{head}</head><body>\n{headline}{body}\n</body></html>"
