"""Refuse an explainer of a TV episode or series: Epilogue's content is one file per film, and a
series finale filed as a film ("Succession (2023)") would be wrong in every field."""

from __future__ import annotations

import re

from bot.importer.decoding import fail
from bot.importer.formats import ParsedArticle

# What a headline says when its subject is television. "Episode" alone is no sign: it is in film
# titles ("Star Wars: Episode III") and a podcast's running number ("Episode 147: Heat…").
_TV_WORDS = re.compile(
    r"\b(?:series|season|mid-?season|show['’]s)\s+(?:\d{1,2}\s+)?finale\b"
    r"|\bseason\s+\d{1,2}\b|\bs\d{1,2}\s?e\d{1,2}\b"
    r"|\b(?:tv|television|streaming)\s+(?:show|series)\b|\bmini-?series\b|\blimited series\b",
    re.I,
)


def refuse_television(article: ParsedArticle, name: str, title: str | None) -> None:
    """Raise when the headline or the page's title says it explains a TV episode or series. A
    title given at import is the admin's word that it is a film, and is kept."""
    if title:
        return
    heads = [*article.title_hints]
    first = next((block for block in article.blocks if block.is_heading), None)
    if first is not None:
        heads.insert(0, first.text)
    found = next((m.group() for text in heads if (m := _TV_WORDS.search(text))), None)
    if found is None:
        return
    # Only the words that say so are quoted: a headline may tell the story.
    raise fail(
        name,
        f"explains a TV episode or series (its headline says {found!r}), not a film: Epilogue's"
        " content is one file per film. Import an explainer of a film; if this one is about a"
        " film, give the film's title when importing it",
    )
