"""The JSON a page carries in its scripts: structured data (JSON-LD) and the state a script-built
page renders from, whether in a JSON script (Next.js's ``__NEXT_DATA__``), assigned in a
plain script (``window.__INITIAL_STATE__ = {…};``, ``window.__PRELOADED_STATE__ =
JSON.parse("…")``), as single-page apps ship it, or in an element's props attribute: an Astro
island (``<astro-island props="…">``, each value a ``[type, value]`` pair), an Inertia page
(``<div id="app" data-page="…">``), a react-rails mount (``data-react-props``). A state
flattened by devalue (Nuxt 3's ``__NUXT_DATA__``) is also given put back together, and the
page Next.js's App Router pushes as flight rows (``self.__next_f``) as the HTML it draws."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup

from bot.importer.devalue import is_flattened, unflattened
from bot.importer.flight import flight_pages

_JSON_TYPES = {"application/ld+json", "application/json"}
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# "window.__INITIAL_STATE__ =", "window['__APOLLO_STATE__']=", "self.__STATE__ =": a global
# the page's script reads its state from (a name in capitals and underscores, by convention).
_STATE_ASSIGNMENT = re.compile(
    r"(?:window|self|globalThis)\s*(?:\.\s*|\[\s*[\"'])(?P<name>_*[A-Z][A-Z0-9_]*_*)[\"']?\]?"
    r"\s*=\s*(?P<parse>JSON\.parse\(\s*)?"
)
_DECODER = json.JSONDecoder()


def page_json(soup: BeautifulSoup) -> Iterator[tuple[object, bool]]:
    """Each JSON value the page's scripts hold, and whether it is a script's state (its strings
    may be the article's HTML) rather than JSON-LD. Broken JSON, or JSON nested deeper than any
    page (hostile), is skipped."""
    for script in soup.find_all("script"):
        kind = str(script.get("type", "")).lower().strip()
        text = script.string or ""
        if kind in _JSON_TYPES:
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                continue
            yield value, kind == "application/json"
            if kind == "application/json" and is_flattened(value):
                yield unflattened(value), True
        elif kind in _SCRIPT_TYPES:
            yield from ((state, True) for state in _assigned_states(text))
    yield from ((state, True) for state in _props_states(soup))
    # Next.js's App Router pushes its page as flight rows, drawn here as the HTML they make.
    plain = [
        script.string or ""
        for script in soup.find_all("script")
        if str(script.get("type", "")).lower().strip() in _SCRIPT_TYPES
    ]
    yield from ((page, True) for page in flight_pages(plain))


# The attributes a script mounts a component from: its props, as HTML-escaped JSON.
_PROPS_ATTRIBUTE = re.compile(r"(?:data-)?(?:[\w-]*-)?(?:props|page|state)", re.I)
# Astro's serialised prop: [0, value], [1, array]; other types (Date, Map, URL…) carry a value too.
_ASTRO_TYPES = range(12)


def _props_states(soup: BeautifulSoup) -> Iterator[object]:
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if not isinstance(value, str) or not value.lstrip().startswith(("{", "[")):
                continue
            if not _PROPS_ATTRIBUTE.fullmatch(name):
                continue
            try:
                state = json.loads(value)
                if tag.name == "astro-island":
                    state = _astro_value(state)
            except (ValueError, RecursionError):
                continue
            if isinstance(state, dict | list):
                yield state


def _astro_value(node: object) -> object:
    """Astro's props with their ``[type, value]`` wrappers taken off."""
    if (
        isinstance(node, list)
        and len(node) == 2
        and isinstance(node[0], int)
        and node[0] in _ASTRO_TYPES
    ):
        inner = node[1]
        if isinstance(inner, list):
            return [_astro_value(item) for item in inner]
        return _astro_value(inner) if isinstance(inner, dict) else inner
    if isinstance(node, dict):
        return {key: _astro_value(value) for key, value in node.items()}
    return node


def _assigned_states(code: str) -> Iterator[object]:
    for match in _STATE_ASSIGNMENT.finditer(code):
        try:
            value, _ = _DECODER.raw_decode(code, match.end())
            if match["parse"] and isinstance(value, str):
                value = json.loads(value)  # JSON.parse("{\"article\": …}")
        except (ValueError, RecursionError):
            continue  # not a literal (a function call, a variable): nothing to read
        if isinstance(value, dict | list):
            yield value
