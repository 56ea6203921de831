"""A loopback stand-in for Discord that the unmodified discord.py client runs against.

Usage (in a pytest-asyncio test)::

    world = StandinWorld()
    guild = world.guild("Film Club")
    general = guild.text_channel("general")
    alice = world.user("alice")
    async with StandinServer(world) as discord:
        point_client_at(discord.api_base, discord.gateway_url)
        ...  # start the bot, let it sync its tree
        result = await discord.run_command("/ping", user=alice, channel=general)
        assert result.message.content == "pong"
"""

from __future__ import annotations

from .builder import Context
from .records import (
    InteractionRecord,
    InteractionResult,
    RecordedFile,
    RecordedRequest,
    StandinError,
    StandinMessage,
    StandinTimeout,
)
from .server import StandinServer
from .world import Channel, Guild, Member, Overwrite, Role, StandinWorld, User

__all__ = [
    "Channel",
    "Context",
    "Guild",
    "InteractionRecord",
    "InteractionResult",
    "Member",
    "Overwrite",
    "RecordedFile",
    "RecordedRequest",
    "Role",
    "StandinError",
    "StandinMessage",
    "StandinServer",
    "StandinTimeout",
    "StandinWorld",
    "User",
]
