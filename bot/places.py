"""How texts for moderators name where a member's message was.

Discord draws a channel mention ``<#id>``, and a link to a message in it, as the channel's
current name. A channel's name is the moderators' choice; a thread's (a forum post's title) is a
member's words, which may give an ending away (a title the guard could not rename, or one
renamed since), and Discord draws it with no markdown. So a thread is named behind bars.
"""

from __future__ import annotations


def channel_mention(channel_id: int, *, thread: bool) -> str:
    """``<#id>``, behind bars when it names a thread (the moderators' log keeps it so:
    ``spoiler_rules.rules.KEPT_MENTIONS``)."""
    return f"||<#{channel_id}>||" if thread else f"<#{channel_id}>"


def message_link(guild_id: int, channel_id: int, message_id: int, *, thread: bool) -> str:
    """A link to a message, drawn as its channel's name: behind bars in a thread (with a
    space before the closing bars, which a link would otherwise swallow)."""
    link = f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"
    return f"||{link} ||" if thread else link
