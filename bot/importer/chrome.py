"""Remove what a site wraps around an article: navigation, bylines, ads, captions and promotion.

Chrome is recognised by shape, never by site: short lines that match a pattern below. Real prose
is long, so every line rule is limited to short blocks and a paragraph of argument survives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bs4 import BeautifulSoup, Tag

from bot.importer.blocks import Block

# Elements that are never article prose, whatever their content.
_CHROME_TAGS = [
    *("script", "style", "noscript", "template", "iframe", "svg", "canvas"),
    *("form", "button", "input", "select", "nav", "aside", "footer"),
    *("figure", "figcaption", "img", "video", "audio", "picture"),
]
_CONTAINERS = {"html", "body", "main", "article"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
# class/id words of site furniture; matched as whole words of "related-links" etc.
_CHROME_CLASS_WORDS = {
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "newsletter",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "cookie",
    "cookies",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "subscribe",
    "sidebar",
    "byline",
    "caption",
    "credit",
    "toc",
    "meta",
    "popup",
    "modal",
}


def strip_html_chrome(soup: BeautifulSoup) -> None:
    """Delete site furniture from the page in place, keeping the article's own <header>."""
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or not isinstance(tag, Tag) or tag.attrs is None:
            continue
        # "<article class='post has-sidebar'>" is the article, whatever its classes say.
        if tag.name in _CONTAINERS or tag.find("h1") is not None:
            continue
        names = " ".join([*tag.get("class", []), str(tag.get("id", ""))]).lower()
        words = set(re.split(r"[-_\s]+", names))
        hidden = tag.get("aria-hidden") == "true" or tag.has_attr("hidden")
        if tag.get("role") in _CHROME_ROLES or hidden or words & _CHROME_CLASS_WORDS:
            tag.decompose()
    # A page header holds the site name and menu; an article's header holds its headline.
    has_article = soup.find("article") is not None
    for header in soup.find_all("header"):
        if header.decomposed or header.find_parent(["article", "main"]) is not None:
            continue
        if has_article or header.find("h1") is None:
            header.decompose()


_SHORT = 200
_LINE_RULES = [
    re.compile(pattern, re.I)
    for pattern in (
        r"⌘\s?K\b|\bctrl\s?\+\s?k\b|^search\b.{0,80}$",
        r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b",
        r"^(?:updated|published|posted|last updated|first published)\b.{0,60}$",
        r"^(?:mon|tue|wed|thu|fri|sat|sun)\w*,? \d{1,2} \w+ \d{4}\b",
        # "By Simon, Staff Writer"; not "By the end, …" (names are capitalised; prose ends in ".")
        r"^(?:by|words by|written by|reporting by) (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\b"
        r"(?=.{0,120}$)(?!.*[.!?\"”]$)",
        r"\b(?:reviewed|edited|fact-checked) by\b|\bstaff writer\b|\bsenior (?:editor|writer)\b",
        r"^spoilers?(?: alert| warning)?\b",
        r"\b(?:contains?|includes?|with) (?:major |full |heavy |huge |massive )?spoilers\b",
        r"\bspoilers? (?:ahead|below|follow)\b|\byou(?:'ve|’ve| have) been warned\b",
        r"^[●•▪■]?\s*continue reading\b|^back to\b|^open (?:guide|article|the guide)\b",
        r"(?:→|»|›)\s*$",
        r"^[-–—*_.\s]*(?:advertisement|advertising|advert|ad|sponsored(?: content)?|"
        r"(?:story|article) continues(?: below)?(?: advertisement)?|continue reading below|"
        r"scroll to continue(?: with content)?|skip advert)[-–—*_.\s]*$",
        r"\bwhere to (?:watch|stream)\b",
        r"^(?:read more|read next|see also|related|more from|watch next|recommended)\b",
        r"\b(?:sign up|subscribe)\b|\bnewsletter\b|^follow us\b|\bclick here\b",
        r"\b(?:read|check out|see|explore|browse) our\b|\byou (?:may|might) also (?:like|enjoy)\b",
        r"\bour (?:full |complete )?(?:guide|ranking|list|roundup|coverage) (?:to|of)\b",
        r"^(?:share|tweet|copy link|comments?|print|email)\b.{0,30}$",
        r"^(?:tags?|topics?|filed under|categories)\s*:",
        r"^(?:copyright|all rights reserved)\b|©",
    )
]
# Captions name the picture and credit it: "Emma Stone in La La Land. Photograph: Lionsgate".
_CAPTION_RULES = [
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:photograph|photo|image|picture|still|credit|illustration)s?\s*:\s*\S",
        r"\b(?:getty images|alamy|allstar|shutterstock|ap photo|reuters|everett collection)\b",
        r"\((?:photo|image|credit)[^)]*\)\s*$",
    )
]
# An opening paragraph that describes the article instead of the film: "A complete breakdown…".
_SELF_DESCRIPTION = re.compile(
    r"\b(?:this|our) (?:article|piece|guide|breakdown|explainer|post|feature)\b|\bour editors\b"
    r"|\b(?:scene-by-scene|complete|full|in-depth) (?:breakdown|guide|explainer)\b"
    r"|\bwe(?:'ll|’ll| will)? (?:explain|break down|unpack|dig into|look at|examine|weigh)\b"
    r"|^here(?:'s|’s| is) (?:what|how|everything|why)\b|\. here(?:'s|’s| is) (?:what|how|why)\b",
    re.I,
)
_WHERE_TO_WATCH = re.compile(
    r"^where to (?:watch|stream)\b"
    r"|\bwhere (?:can|do|should) (?:i|you|we) (?:watch|stream|rent|buy)\b"
    r"|\bhow (?:can i|do i|to) (?:watch|stream)\b|\bis .+ (?:on|streaming on) "
    r"(?:netflix|prime|disney|hulu|max|hbo|apple tv|peacock|paramount)\b",
    re.I,
)


def is_chrome_line(text: str) -> bool:
    if len(text) > _SHORT:
        return False
    return any(rule.search(text) for rule in (*_LINE_RULES, *_CAPTION_RULES))


def drop_chrome(blocks: Sequence[Block]) -> list[Block]:
    """The article without site chrome, where-to-watch entries or an about-this-article intro."""
    kept: list[Block] = []
    skipping_section = False
    for block in blocks:
        if block.is_heading:
            # A "Where can I watch…?" question or "Where to watch" box points at the site, not
            # the film, and its answer goes stale: drop it with everything it heads.
            skipping_section = bool(_WHERE_TO_WATCH.search(block.text))
        if skipping_section or is_chrome_line(block.text):
            continue
        kept.append(block)
    return _drop_self_description(kept)


# A standfirst is a sentence or two; a longer opening paragraph is the article's own prose.
_LONG_INTRO = 400


def _drop_self_description(blocks: list[Block]) -> list[Block]:
    first_heading = next((i for i, block in enumerate(blocks) if block.is_heading), len(blocks))
    return [
        block
        for index, block in enumerate(blocks)
        if index >= first_heading
        or len(block.text) > _LONG_INTRO
        or not _SELF_DESCRIPTION.search(block.text)
    ]
