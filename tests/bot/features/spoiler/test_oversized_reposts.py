"""A hide's repost fits one message whatever the message it hides: never refused for its size.

Escaping doubles markdown, and a message may carry more than a webhook's message holds (a
Nitro member's 4,000 characters, ten files' alt texts of 1,024 characters, a feed's embeds);
such a hide was refused, by the guard silently, and the ending stayed in the open.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.epilogue import Epilogue
from bot.features.spoiler.member_message import EmbedText, FileRef
from bot.features.spoiler.memory_channel import MemoryChannel
from bot.features.spoiler.repost_text import (
    EMBED_DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    EMBEDS_TEXT_LIMIT,
    fitted_pages,
    hidden_pieces,
)
from tests.bot.features.spoiler.test_member_spoilers import AUTHOR, SPOILER, hide, message, seat
from tests.support.discord_markdown import HOSTILE, MARKER, author_text, marker, visible_text

MESSAGE_LIMIT = 2000


def _within_one_message(content: str, pages: tuple[str, ...]) -> None:
    assert len(content) <= MESSAGE_LIMIT
    assert len(pages) <= EMBEDS_PER_MESSAGE
    assert all(0 < len(page) <= EMBED_DESCRIPTION_LIMIT for page in pages)
    assert sum(map(len, pages)) <= EMBEDS_TEXT_LIMIT


def _shows_nothing(text: str, *words: str) -> None:
    for lazy in (False, True):
        shown = visible_text(text, lazy_bars=lazy)
        assert not MARKER.search(shown), shown[:300]
        for word in words:
            assert word not in shown, shown[:300]


@settings(max_examples=60, deadline=None)
@given(st.lists(author_text(max_parts=8), min_size=1, max_size=40), st.integers(2000, 12000))
def test_fitted_pages_hold_what_one_message_holds_and_show_nothing(
    parts: list[str], length: int
) -> None:
    text = ("\n\n".join(parts) * (1 + length // max(1, len("\n\n".join(parts)))))[:length]

    pages = fitted_pages(hidden_pieces(text))

    _within_one_message("", pages)
    for page in pages:
        _shows_nothing(page)


def _hostile(rng: random.Random, size: int, index: int) -> str:
    """``size`` characters of markdown noise, marker words among it."""
    words: list[str] = []
    while sum(map(len, words)) < size:
        words.append(rng.choice(HOSTILE) if rng.random() < 0.8 else f" {marker(index)} ")
    return "".join(words)[:size]


async def test_hides_of_messages_bigger_than_a_message_fit_one_and_show_nothing(
    app: Epilogue,
) -> None:
    rng = random.Random(23)
    for round_ in range(12):
        files = tuple(
            FileRef(f"{_hostile(rng, 40, 1)}.png", f"u://{n}", 4, _hostile(rng, 1024, 2))
            for n in range(rng.randint(0, 10))
        )
        embeds = tuple(
            EmbedText((_hostile(rng, 256, 3), _hostile(rng, 4096, 4)))
            for _ in range(rng.randint(0, 2))
        )
        text = f"La La Land: {SPOILER} " + _hostile(rng, rng.randint(0, 3900), 5)
        channel = MemoryChannel(files={f"u://{n}": b"data" for n in range(10)})
        target = message(text[:4000], id=600 + round_, files=files, embeds=embeds)

        reply = await hide(app, seat(AUTHOR), target, channel)

        assert not reply.is_error, reply.content
        ((_, repost),) = channel.reposts
        _within_one_message(repost.content, repost.embeds)
        for shown in (repost.content, *repost.embeds):
            _shows_nothing(shown, "marries", "jazz")
        assert "La La Land" in visible_text(repost.content)
        assert len(repost.files) == len(files)
        assert channel.deleted == [600 + round_]
