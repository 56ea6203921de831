"""Joining a sentence onto a message: ``bot.replies.with_sentence``."""

from __future__ import annotations

import pytest

from bot.replies import with_sentence

LIST = "Nothing was saved:\nQuick answer: must not be empty"


@pytest.mark.parametrize(
    ("message", "joined"),
    [
        ("Nothing was posted.", "Nothing was posted. Then this."),
        ("Year: must be at least 1870", "Year: must be at least 1870. Then this."),
        ("Really?", "Really? Then this."),
        (LIST, f"{LIST}\nThen this."),  # a list of problems: the sentence on a line of its own
        ("  ", "Then this."),
    ],
)
def test_a_sentence_follows_a_message_as_a_sentence(message: str, joined: str) -> None:
    assert with_sentence(message, "Then this.") == joined


def test_a_reply_suppresses_link_previews_unless_it_asks_for_them() -> None:
    """A link in a reply unfurls into a preview (an article's title and first lines) unless
    the reply suppresses it: each content path set it by hand, and one that forgot (an error
    echoing a pasted link) showed the preview. Suppressed is the default, for every kind."""
    from bot.replies import SUPPRESS_EMBEDS, Reply

    link = "https://example.com/why-seb-and-mia-split"
    for reply in (
        Reply(content=link),
        Reply.text(link),
        Reply.text(link, ephemeral=False),
        Reply.error(f"No film matches '{link}'."),
        Reply(content=link).private(),
    ):
        assert reply.suppress_embeds and reply.payload()["flags"] & SUPPRESS_EMBEDS, reply


async def test_an_error_that_echoes_a_pasted_link_shows_no_preview_of_it(app) -> None:
    """``/film quick film:<a link>`` answered "No film matches '<the link>'" with previews on:
    Discord unfurled the article behind it (its title naming how the film ends)."""
    from bot.console import Seat, execute
    from bot.replies import SUPPRESS_EMBEDS

    # An address that spells no film here (one that does answers that film instead).
    link = "https://example.com/the-ending-everyone-missed-explained"
    reply = await execute(app, f"/film quick film:{link}", Seat())

    assert reply.is_error and link in (reply.content or "")
    assert reply.payload()["flags"] & SUPPRESS_EMBEDS
