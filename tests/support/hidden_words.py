"""Whether a text's hidden words stay hidden once rendered: the check the markup tests share."""

from __future__ import annotations

from bot.spoiler_policy.markup import Treatment, render_text
from tests.support.discord_markdown import visible_text


def assert_words_hidden(text: str, words: tuple[str, ...] = ("Mia", "Greg")) -> None:
    """``text`` rendered as an answer shows it, its inline spoilers wrapped or withheld, shows
    none of ``words`` however a client reads the bars (``visible_text``'s ``lazy_bars``)."""
    for inline in (Treatment.WRAP, Treatment.WITHHOLD):
        rendered = render_text(
            text, Treatment.SHOW, inline_treatment=inline, pointer="(see the ending)"
        )
        for lazy in (False, True):
            shown = visible_text(rendered, lazy_bars=lazy)
            assert not any(word in shown for word in words), (text, rendered)
