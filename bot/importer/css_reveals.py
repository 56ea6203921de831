"""A CSS-only reveal: a checkbox (or radio button) and its <label>, and after them a panel the
page's stylesheet hides until the box is checked (``.panel{display:none}``,
``#box:checked ~ .panel{display:block}``). No script and no ``hidden`` attribute say so: only
the markup's shape and the stylesheet do."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

# ".reveal-body{display:none}", "div.answer { display: none; }"
_HIDING_RULE = re.compile(
    r"(?<![^\s,}])(?:[a-z][\w-]*)?\.(?P<name>[\w-]+)\s*\{(?P<body>[^{}]*)\}", re.I
)
_HIDES = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def toggles(soup: BeautifulSoup) -> list[Tag]:
    """The page's checkboxes and radio buttons that have an id a <label> can point at."""
    return [
        tag
        for tag in soup.find_all("input", attrs={"type": ["checkbox", "radio"]})
        if tag.get("id")
    ]


def toggle_labels(soup: BeautifulSoup) -> list[Tag]:
    """The <label>s of checkboxes and radio buttons: a CSS-only reveal's or tab's control, which
    a reader clicks and never reads as text."""
    ids = {str(tag.get("id")) for tag in toggles(soup)}
    return [tag for tag in soup.find_all("label") if str(tag.get("for", "")) in ids]


def revealed_panels(soup: BeautifulSoup) -> list[Tag]:
    """The panels a checkbox reveals: elements after it, in its parent, of a class the page's
    stylesheet hides. Hidden until clicked, as a spoiler box's text is."""
    hidden = {
        rule["name"]
        for style in soup.find_all("style")
        for rule in _HIDING_RULE.finditer(style.decode_contents())
        if _HIDES.search(rule["body"])
    }
    if not hidden:
        return []
    panels: list[Tag] = []
    for box in toggles(soup):
        for sibling in box.find_next_siblings():
            if sibling.name != "label" and hidden.intersection(sibling.get("class") or []):
                panels.append(sibling)
    return panels
