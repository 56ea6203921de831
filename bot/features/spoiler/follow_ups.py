"""A member's follow-up: the films their message named, for the next one they send soon after in
the same channel ("just watched dead air" then "owen was the night owl the whole time").

Readers see the two together, one under the other; the second needs no title to be about the
film. Kept in memory only (a few minutes matter), by message id, so an edit of an older
message, or a message read out of order, never takes its context from a later one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from bot.catalog import FilmEntry
from bot.features.spoiler.member_message import MemberMessage

DISCORD_EPOCH_MS = 1_420_070_400_000
"""Milliseconds from the Unix epoch to Discord's (2015-01-01): a snowflake counts from it."""
FOLLOW_UP_S = 120
"""Seconds after a member's message naming a film within which their next message in the
channel is read as about that film: a thought carried on, not a new topic."""
REMEMBERED = 10_000
"""Members (per channel) whose last films are kept, the least recent forgotten first."""


def created_ms(snowflake: int) -> int:
    """When Discord made the thing with id ``snowflake``, in Unix milliseconds."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


class FollowUps:
    def __init__(self, remembered: int = REMEMBERED) -> None:
        self._remembered = remembered
        self._last: OrderedDict[tuple[int, int, int], tuple[int, tuple[FilmEntry, ...]]] = (
            OrderedDict()
        )

    def named(self, message: MemberMessage, films: Sequence[FilmEntry]) -> None:
        """``message`` names ``films`` in its own words: its author's follow-ups are about them."""
        key = (message.guild_id, message.channel_id, message.author_id)
        last = self._last.get(key)
        if last is not None and last[0] > message.id:
            return  # an edit of an older message: the newer one stays the last named
        self._last[key] = (message.id, tuple(films))
        self._last.move_to_end(key)
        while len(self._last) > self._remembered:
            self._last.popitem(last=False)

    def films(self, message: MemberMessage) -> tuple[FilmEntry, ...]:
        """The films the author named in the channel just before ``message`` (within
        ``FOLLOW_UP_S`` of it, by the messages' own ids), if any."""
        last = self._last.get((message.guild_id, message.channel_id, message.author_id))
        if last is None or last[0] >= message.id:
            return ()
        if created_ms(message.id) - created_ms(last[0]) > FOLLOW_UP_S * 1000:
            return ()
        return last[1]
