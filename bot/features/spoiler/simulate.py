"""``say TEXT`` in the console: a member's message, shown to the spoiler guard, offline.

The guard runs exactly as for a Discord message, over a ``MemoryChannel``; the reply says what
it did and why (the matched ending terms stay behind spoiler bars: they are ending details).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.features.spoiler.members import NEEDED_PERMISSIONS, MemberMessage
from bot.features.spoiler.memory_channel import MemoryChannel, next_snowflake
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.markup import escape_text, wrap

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


async def say(app: Epilogue, invocation: Invocation, text: str) -> Reply:
    if invocation.guild_id is None or invocation.channel_id is None:
        return Reply.error("say: members' messages are guarded in server channels: use --guild.")
    message = MemberMessage(
        id=next_snowflake(),  # unlike a count, never an id an earlier session stored
        guild_id=invocation.guild_id,
        channel_id=invocation.channel_id,
        parent_channel_id=invocation.parent_channel_id,
        author_id=invocation.user_id,
        author_name=f"member {invocation.user_id}",
        content=text,
    )
    channel = MemoryChannel()
    verdict = await app.member_spoilers.guard.check(
        message, channel, frozenset(NEEDED_PERMISSIONS), invocation
    )
    if not verdict.hidden:
        return Reply.text(
            f"The guard left the message as it is: {verdict.reason}.", ephemeral=False
        )
    terms = wrap(escape_text(", ".join(verdict.terms)))
    lines = [f"🛡️ The guard hid the message (ending terms: {terms})."]
    for _repost_id, repost in channel.reposts:
        lines += ["Reposted in the channel, under the author's name, as:", repost.content]
    for user_id, note in channel.told:
        lines.append(f"Told <@{user_id}> privately: {note.content}")
    return Reply.text("\n".join(lines), ephemeral=False)
