"""A channel's history exported as an HTML page, by Telegram Desktop ("Export chat history":
every post a ``div.message`` with the sender's name, a userpic, a date tooltip and its
``div.text``, days split by service messages, under a page titled "Exported Data") or by
DiscordChatExporter (``div.chatlog__message-group``: one member's consecutive messages, each
``div.chatlog__content``, under a page titled "Server - channel"). An explainer posted there is
a thread: the post with the headline and the posts joined to it (Telegram marks a sender's
consecutive posts ``joined``; Discord groups them, and a long thread runs on over its author's
next groups); the channel's other posts (polls, ads, links, other members' replies, a bot's
notices) are not the article, and the page's title names the chat, not the article."""

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


def _telegram_posts(soup: BeautifulSoup) -> tuple[list[Tag | None], list[bool]] | None:
    """Each post's text, and whether it is joined to the post before it (same sender)."""
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
    return [t if isinstance(t, Tag) else None for t in texts], [
        "joined" in _classes(post) for post in posts
    ]


def _discord_posts(soup: BeautifulSoup) -> tuple[list[Tag | None], list[bool]] | None:
    """Each message's content, and whether it continues the message before it: the same
    group, or the next group of the same member (a pause splits one member's run of posts)."""
    chatlog = soup.find("div", class_="chatlog")
    if not isinstance(chatlog, Tag):
        return None
    texts: list[Tag | None] = []
    joined: list[bool] = []
    previous_author: str | None = None
    for group in chatlog.find_all("div", class_="chatlog__message-group"):
        author_tag = group.find(class_="chatlog__author")
        author = None
        if isinstance(author_tag, Tag):
            author = str(author_tag.get("data-user-id") or author_tag.get_text(" ").strip())
        for index, container in enumerate(
            group.find_all("div", class_="chatlog__message-container")
        ):
            content = container.find("div", class_="chatlog__content")
            if isinstance(content, Tag):
                # presentation only: the <br>s inside it are the post's lines
                for span in content.find_all("span", class_="chatlog__markdown-preserve"):
                    span.unwrap()
            texts.append(content if isinstance(content, Tag) else None)
            joined.append(index > 0 or (author is not None and author == previous_author))
        previous_author = author
    if not any(texts):
        return None
    return texts, joined


def chat_export_text(soup: BeautifulSoup) -> list[str] | None:
    """Reduce an exported chat to the posts of its explainer thread, in place: each post's text
    stays as a block of its own, everything else goes (the page's <title> too: it names the
    chat). Returns what went (None when the page is no chat export)."""
    found = _telegram_posts(soup) or _discord_posts(soup)
    if found is None:
        return None
    texts, joined = found
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
    chosen = range(len(texts))
    if start is not None:
        end = start + 1
        while end < len(texts) and joined[end]:
            end += 1
        chosen = range(start, end)
    dropped = [
        " ".join(text.get_text(" ").split())
        for index, text in enumerate(texts)
        if index not in chosen and isinstance(text, Tag)
    ]
    kept = [texts[index] for index in chosen if isinstance(texts[index], Tag)]
    body = soup.body or soup
    for header in soup.find_all("div", class_=("page_header", "preamble", "postamble")):
        dropped.append(" ".join(header.get_text(" ").split()))
    if soup.title is not None:
        dropped.append(" ".join(soup.title.get_text(" ").split()))
        soup.title.decompose()
    body.clear()
    for text in kept:
        assert isinstance(text, Tag)
        text.extract()
        body.append(text)
    return [text for text in dropped if text]
