"""The page a Next.js App Router site sends as React Server Components "flight" data: scripts
that push its rows to ``self.__next_f`` (``self.__next_f.push([1,"…"])``). A page whose
article a client component renders has only a loading skeleton in its HTML; the article is in
these rows, as element trees (``["$","h2",null,{"children":"Themes"}]``), as text rows
(``7:T4b2,<p>…``) that an element takes by reference (``"$7"``), or both. The rows are put back
together and drawn as the HTML the page would show, so the article is read like any other.

A client component (``"$L4"``, a module row ``4:I[…]``) is drawn as its children only: its other
props are a share bar's labels, a comment island's previews, a consent banner's words, which
the page's HTML would not show as article text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

_PUSH = re.compile(r"self\.__next_f\.push\(\s*")
_DECODER = json.JSONDecoder()
_ROW_ID = re.compile(rb"([0-9a-f]{1,8}):")
_TEXT_ROW = re.compile(rb"T([0-9a-f]{1,8}),")
# Rows that are no value: a module to load (I), a resource hint (HL, H…), an error (E), a debug
# row (D), a console replay (W).
_SKIPPED_ROW = re.compile(rb"[A-Z]{1,2}(?=[\[{\"])")
# Elements whose contents a page does not show as text.
_UNSHOWN = frozenset({"script", "style", "link", "meta", "template", "noscript", "head"})
# Attributes worth keeping: what tells site furniture from the article (class, role, id), a
# link's and an image's words (alt, href), and hidden content.
_KEPT_ATTRIBUTES = {"className": "class", "id": "id", "role": "role", "href": "href", "alt": "alt"}
_KEPT_FLAGS = {"hidden": "hidden", "aria-hidden": "aria-hidden"}
# The parts of an element ["$", type, key, props] a path reference names.
_ELEMENT_PARTS = {"type": 1, "key": 2, "props": 3}
_VOID = frozenset({"img", "br", "hr", "input", "source", "wbr"})
# Bounds against a hostile page: rows drawn nested this deep, and values drawn in all (a row
# may be taken by reference any number of times: rows each taking the next twice would draw
# 2**n copies).
_MAX_DEPTH = 200
_MAX_VISITS = 200_000


def has_flight_data(code: str) -> bool:
    return "__next_f" in code


def pushed_payload(scripts: list[str]) -> str:
    """The flight text the page's scripts push, in order (rows may be split across pushes)."""
    parts: list[str] = []
    for code in scripts:
        for match in _PUSH.finditer(code):
            try:
                value, _ = _DECODER.raw_decode(code, match.end())
            except ValueError:
                continue
            if (
                isinstance(value, list)
                and len(value) == 2
                and value[0] == 1
                and isinstance(value[1], str)
            ):
                parts.append(value[1])
    return "".join(parts)


def flight_rows(payload: str) -> dict[str, object]:
    """Each row's value by its id: a text row as its text, a JSON row as its value."""
    data = payload.encode("utf-8", "surrogatepass")
    rows: dict[str, object] = {}
    position = 0
    while position < len(data):
        row = _ROW_ID.match(data, position)
        if row is None:  # not a row's start: skip to the next line
            end = data.find(b"\n", position)
            position = len(data) if end < 0 else end + 1
            continue
        row_id = row[1].decode()
        position = row.end()
        text = _TEXT_ROW.match(data, position)
        if text is not None:  # a text row: its length in bytes, then the text, no newline
            start = text.end()
            end = start + int(text[1], 16)
            rows[row_id] = data[start:end].decode("utf-8", "replace")
            position = end
            continue
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        line = data[position:end]
        position = end + 1
        if _SKIPPED_ROW.match(line):
            continue
        try:
            rows[row_id] = json.loads(line)
        except (ValueError, RecursionError):
            continue
    return rows


class _Drawing:
    def __init__(self, rows: dict[str, object]) -> None:
        self.rows = rows
        self.visits = 0
        self.drawing: set[str] = set()

    def reference(self, value: str) -> tuple[bool, object]:
        """What a "$…" string stands for: (True, the value) for a reference to a row, (False,
        its text) for an escaped "$$…", (True, None) for anything else ("$undefined", a symbol,
        a date)."""
        if value.startswith("$$"):
            return False, value[1:]
        match = re.fullmatch(r"\$[L@]?([0-9a-f]+)((?::[\w-]+)*)", value)
        if match is None:
            return True, None
        target: object = self.rows.get(match[1])
        for step in filter(None, match[2].split(":")):
            element = isinstance(target, list) and len(target) == 4 and target[0] == "$"
            if element and step in _ELEMENT_PARTS:  # an element's "type", "key" or "props"
                assert isinstance(target, list)
                target = target[_ELEMENT_PARTS[step]]
            elif isinstance(target, dict):
                target = target.get(step)
            elif isinstance(target, list) and step.isdecimal() and int(step) < len(target):
                target = target[int(step)]
            else:
                return True, None
        return True, target

    def draw(self, node: object, depth: int = 0) -> str:
        self.visits += 1
        if depth > _MAX_DEPTH or self.visits > _MAX_VISITS:
            return ""
        if isinstance(node, str):
            if not node.startswith("$"):
                return html.escape(node, quote=False)
            is_reference, target = self.reference(node)
            if not is_reference:
                return html.escape(str(target), quote=False)
            row = re.match(r"\$[L@]?([0-9a-f]+)", node)
            key = row[1] if row else ""
            if key in self.drawing:
                return ""  # a row that holds itself
            self.drawing.add(key)
            try:
                if isinstance(target, str):  # a text row: the text an element was given
                    return html.escape(target, quote=False)
                return self.draw(target, depth + 1)
            finally:
                self.drawing.discard(key)
        if isinstance(node, list):
            if len(node) == 4 and node[0] == "$":
                return self.element(node[1], node[3], depth)
            return "".join(self.draw(item, depth + 1) for item in node)
        if isinstance(node, dict):
            # A router's tree of segments ({"children": …, "f": [[…]]}): what it holds is drawn.
            return "".join(self.draw(value, depth + 1) for value in node.values())
        return ""

    def element(self, kind: object, props: object, depth: int) -> str:
        props = props if isinstance(props, dict) else {}
        inner = props.get("dangerouslySetInnerHTML")
        raw = inner.get("__html") if isinstance(inner, dict) else None
        if isinstance(raw, str) and raw.startswith("$"):
            _, raw = self.reference(raw)
        body = raw if isinstance(raw, str) else self.draw(props.get("children"), depth + 1)
        if isinstance(kind, str) and kind.startswith("$"):
            # A lazy type whose row is content rather than a module to load: that content.
            _, target = self.reference(kind)
            if isinstance(target, list | dict) and not body:
                return self.draw(kind, depth + 1)
        if not isinstance(kind, str) or not re.fullmatch(r"[a-z][\w-]*", kind):
            return body  # a component, a fragment or a suspense boundary: its children
        if kind in _UNSHOWN:
            return ""
        attributes = "".join(
            f' {name}="{html.escape(str(props[key]))}"'
            for key, name in _KEPT_ATTRIBUTES.items()
            if isinstance(props.get(key), str)
        ) + "".join(f" {name}" for key, name in _KEPT_FLAGS.items() if props.get(key) is True)
        if kind in _VOID:
            return f"<{kind}{attributes}>"
        return f"<{kind}{attributes}>{body}</{kind}>"


def _referenced(node: object, found: set[str], depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, str):
        match = re.match(r"\$[L@]?([0-9a-f]+)", node)
        if match:
            found.add(match[1])
    elif isinstance(node, list):
        for item in node:
            _referenced(item, found, depth + 1)
    elif isinstance(node, dict):
        for value in node.values():
            _referenced(value, found, depth + 1)


def flight_pages(scripts: list[str]) -> Iterator[object]:
    """The page each root row of the pushed flight data draws, as HTML; then every row as it
    is, since a client component may be handed the article in a prop of its own (``{"html":
    "$7"}``, ``{"post": {"content": "<h2>…"}}``), which the drawing leaves out."""
    if not any(has_flight_data(code) for code in scripts):
        return
    rows = flight_rows(pushed_payload(scripts))
    yield from _drawn(rows)
    yield from rows.values()


def _drawn(rows: dict[str, object]) -> Iterator[str]:
    referenced: set[str] = set()
    for value in rows.values():
        _referenced(value, referenced)
    drawing = _Drawing(rows)
    for row_id, value in rows.items():
        if row_id in referenced or isinstance(value, str):
            continue
        drawn = drawing.draw(value)
        if drawn.strip():
            yield drawn
