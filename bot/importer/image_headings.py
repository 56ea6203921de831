"""Headings drawn as pictures: a blog's section banners ("banner-the-ending-explained.png") or a
heading element holding only an image. A reader sees the words in the picture; the page keeps
them in the image's alt text, so that is the heading. A photo between paragraphs is not one:
it is as tall as it is wide, or its alt text is a sentence about what it shows."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Words in an image's class or file name that say it is a heading drawn as a picture.
_HEADING_PICTURE = re.compile(
    r"(?:^|[-_/. ])(?:section[-_]?)?(?:heading|headline|title|banner|header|subhead)s?"
    r"(?:[-_/. ]|$)",
    re.I,
)
# A warning banner ("spoiler-warning.png") is a warning, read as one elsewhere.
_WARNING = re.compile(r"spoil", re.I)
_MAX_WORDS = 10
# A banner is a strip: at least this many times as wide as it is tall.
_STRIP = 4
_BLOCKS = frozenset({"p", "div", "figure", "center"})


def images_as_headings(soup: BeautifulSoup) -> None:
    """Each heading element holding only an image reads as the image's alt text; a paragraph
    holding only a banner-shaped (or banner-named) image becomes an <h2> of it."""
    lone: dict[int, bool] = {}  # a block's id -> whether it holds one image and no text
    for image in soup.find_all("img"):
        alt = " ".join(str(image.get("alt") or "").split())
        if not _heading_words(alt) or _WARNING.search(_names(image)) or image.find_parent("a"):
            continue
        heading = image.find_parent(_HEADINGS)
        if heading is not None:
            if not heading.get_text(strip=True):
                image.replace_with(alt)
            continue
        block = image.parent
        if not isinstance(block, Tag) or block.name not in _BLOCKS:
            continue
        if id(block) not in lone:  # (once per block: a gallery holds many images)
            lone[id(block)] = not block.get_text(strip=True) and len(block.find_all("img")) == 1
        if lone[id(block)] and (_is_strip(image) or _HEADING_PICTURE.search(_names(image))):
            block.name = "h2"
            block.attrs = {}
            block.clear()
            block.append(alt)


def _heading_words(alt: str) -> bool:
    words = alt.split()
    return 0 < len(words) <= _MAX_WORDS and not alt.endswith(".") and bool(re.search(r"\w", alt))


def _names(image: Tag) -> str:
    src = str(image.get("src") or "").rsplit("/", 1)[-1]
    return " ".join([*image.get("class", []), src])


def _is_strip(image: Tag) -> bool:
    try:
        width, height = int(str(image.get("width"))), int(str(image.get("height")))
    except ValueError:
        return False
    return height > 0 and width >= _STRIP * height
