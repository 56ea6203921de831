"""A channel's history exported by Telegram Desktop ("Export chat history", HTML): every post a
``div.message`` with the sender's name, a userpic, a date tooltip and its ``div.text``, days
split by service messages, under a page titled "Exported Data". An explainer posted there is a
thread: the post with the headline and the posts joined to it (Telegram marks a sender's
consecutive posts ``joined``); the channel's other posts (polls, ads, links) are not the
article."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from bot.importer.cues import HEADLINE_CUE

# The <title> every Telegram export has: it names no article.
EXPORT_TITLE = "Exported Data"
_YEAR = re.compile(r"\((?:18|19|20)\d\d\)")


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return list(value) if isinstance(value, list) else str(value).split()


def chat_export_text(soup: BeautifulSoup) -> list[str] | None:
    """Reduce an exported chat to the posts of its explainer thread, in place: each post's text
    stays as a block of its own, everything else goes. Returns what went (None when the page is
    no chat export)."""
    history = soup.find("div", class_="history")
    if not isinstance(history, Tag):
        return None
    posts = [
        message
        for message in history.find_all("div", class_="message", recursive=False)
        if "service" not in _classes(message)
    ]
    texts = [post.find("div", class_="text") for post in posts]
    if not posts or not any(isinstance(text, Tag) for text in texts):
        return None
    start = next(
        (
            index
            for index, text in enumerate(texts)
            if isinstance(text, Tag)
            and HEADLINE_CUE.search(line := text.get_text(" "))
            and _YEAR.search(line)
        ),
        None,
    )
    chosen = range(len(posts))
    if start is not None:
        end = start + 1
        while end < len(posts) and "joined" in _classes(posts[end]):
            end += 1
        chosen = range(start, end)
    dropped = [
        " ".join(text.get_text(" ").split())
        for index, text in enumerate(texts)
        if index not in chosen and isinstance(text, Tag)
    ]
    kept = [texts[index] for index in chosen if isinstance(texts[index], Tag)]
    body = soup.body or soup
    for header in soup.find_all("div", class_="page_header"):
        dropped.append(" ".join(header.get_text(" ").split()))
    body.clear()
    for text in kept:
        assert isinstance(text, Tag)
        text.extract()
        body.append(text)
    return [text for text in dropped if text]
