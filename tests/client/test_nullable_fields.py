"""Objects Discord describes in part, or whose nullable fields a serializer leaves out, read by
discord.py all the same (``client.nullable_fields``): from the gateway (through the parsers'
own completion, ``complete_snapshots`` and ``server_nulls_left_out``) and from REST (through
the trace the bot's client is made with)."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import discord
import pytest

from client.message_reading import member_message, shows_content
from client.null_fields import channel_nulls_left_out, server_nulls_left_out
from client.partial_updates import complete_snapshots
from client.people_fields import asker_as_member
from tests.client.test_answer_files import _read
from tests.client.test_polls import AUTHOR
from tests.client.test_polls import message as polled

MESSAGE = {key: value for key, value in polled({}).items() if key != "poll"}
"""A message as Discord sends it (in channel 20)."""
SERVER_ID = "30"

THREAD_IN_PART = {
    "id": "21",
    "type": 11,
    "name": "la la land, the ending",
    "thread_metadata": {
        "archived": False,
        "auto_archive_duration": 1440,
        "archive_timestamp": "2026-01-01T00:00:00+00:00",
    },
}
"""The thread started from a message, as a Channel Object without what it marks optional
(``owner_id``, ``message_count``, ``member_count``) nor its ``parent_id``."""

MESSAGE_SHAPES: dict[str, dict[str, Any]] = {
    # "application?: partial application object, sent with Rich Presence-related chat
    # embeds": discord.py requires its description and nullable icon.
    "an activity's application by id and name": {
        "activity": {"type": 1, "party_id": "watch-party"},
        "application": {"id": "77", "name": "Watch Together"},
    },
    "an application by id alone": {"application": {"id": "77"}},
    "an application whose null icon is left out": {
        "application": {"id": "77", "name": "Watch Together", "description": "", "cover_image": "c"}
    },
    "the thread it started, its counts and parent left out": {"thread": THREAD_IN_PART},
    # Required in Discord's reference, but a minimal stand-in's: read with what Discord sends
    # for none (not reacted, a PNG sticker).
    "a reaction without me": {"reactions": [{"count": 2, "emoji": {"id": None, "name": "x"}}]},
    "a sticker item without its format": {"sticker_items": [{"id": "8", "name": "mia"}]},
    "a forward whose sticker item has no format": {
        "message_snapshots": [
            {"message": {"content": "", "sticker_items": [{"id": "8", "name": "mia"}]}}
        ]
    },
    # ``user`` left out of the metadata: read as Discord not saying who invoked it.
    "interaction metadata without its user": {
        "webhook_id": "77",
        "interaction_metadata": {"id": "9", "type": 2, "authorizing_integration_owners": {}},
    },
}


def shaped(shape: str) -> dict[str, Any]:
    return {**deepcopy(MESSAGE), "guild_id": SERVER_ID, **deepcopy(MESSAGE_SHAPES[shape])}


def read_in_a_server(data: dict[str, Any]) -> discord.Message:
    """As discord.py reads a message in a server it holds (a message's ``thread`` is read only
    in a server)."""
    state = discord.Client(intents=discord.Intents.none())._connection
    guild = discord.Guild(data=server(), state=state)
    state._add_guild(guild)
    channel = guild.get_channel(20)
    assert channel is not None
    return discord.Message(state=state, channel=channel, data=data)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", MESSAGE_SHAPES, ids=list(MESSAGE_SHAPES))
def test_a_message_from_the_gateway_is_read_whole(shape: str) -> None:
    data = shaped(shape)
    complete_snapshots(data)

    read = read_in_a_server(data)

    assert read.content == MESSAGE["content"] and read.author.id == int(AUTHOR["id"])
    assert_as_sent(read, MESSAGE_SHAPES[shape])


@pytest.mark.parametrize("shape", MESSAGE_SHAPES, ids=list(MESSAGE_SHAPES))
async def test_a_message_read_from_rest_is_read_whole(shape: str) -> None:
    # As history answers: a list, one message replying to another so shaped.
    read = await _read([shaped(shape), {**MESSAGE, "referenced_message": shaped(shape)}])

    assert_as_sent(read_in_a_server(read[0]), MESSAGE_SHAPES[shape])
    assert_as_sent(read_in_a_server(read[1]["referenced_message"]), MESSAGE_SHAPES[shape])


def assert_as_sent(read: discord.Message, sent: dict[str, Any]) -> None:
    if "application" in sent:
        assert read.application is not None
        assert read.application.name == sent["application"].get("name", "")
        assert read.application.icon is None
    if "thread" in sent:
        assert read.thread is not None and read.thread.name == THREAD_IN_PART["name"]
        assert read.thread.parent_id == read.channel.id
    if "reactions" in sent:
        assert [(r.count, r.me) for r in read.reactions] == [(2, False)]
    if "sticker_items" in sent:
        assert [sticker.name for sticker in read.stickers] == ["mia"]
    if "message_snapshots" in sent:
        assert [s.name for s in read.message_snapshots[0].stickers] == ["mia"]
    if "interaction_metadata" in sent:
        assert read.interaction_metadata is None


async def test_a_whole_message_is_read_as_sent() -> None:
    whole = {
        **MESSAGE,
        "application": {"id": "77", "name": "W", "description": "d", "icon": "i"},
    }
    assert await _read(whole) == whole


TAG_WITHOUT_EMOJI = {"id": "5", "name": "ending talk", "moderated": False}
"""A forum tag with no emoji: ``emoji_id`` and ``emoji_name`` (nullable, required) left out
by a serializer that omits nulls."""


def forum() -> dict[str, Any]:
    return {
        **{"id": "22", "type": 15, "guild_id": SERVER_ID, "name": "films", "position": 1},
        **{"permission_overwrites": [], "available_tags": [dict(TAG_WITHOUT_EMOJI)]},
    }


def server(**changes: Any) -> dict[str, Any]:
    return {
        **{"id": SERVER_ID, "name": "film club", "owner_id": "40", "member_count": 2},
        "roles": [{"id": SERVER_ID, "name": "@everyone", "permissions": "1024", "position": 0}],
        "channels": [{"id": "20", "type": 0, "name": "general", "position": 0}],
        **{"members": [], "emojis": [], "stickers": [], "threads": [], "features": []},
    } | changes


SOUND_WITHOUT_EMOJI = {"sound_id": "6", "name": "applause", "volume": 1.0, "available": True}


def test_a_server_whose_forum_tags_leave_out_their_null_emoji_is_held() -> None:
    """discord.py failed the whole GUILD_CREATE on the tag, or on a soundboard sound so
    described (KeyError 'emoji_name'): the bot never held the server."""
    data = server(channels=[*server()["channels"], forum()])
    data["soundboard_sounds"] = [{**SOUND_WITHOUT_EMOJI, "guild_id": SERVER_ID}]
    server_nulls_left_out(data)

    state = discord.Client(intents=discord.Intents.none())._connection
    guild = discord.Guild(data=data, state=state)

    read = guild.get_channel(22)
    assert isinstance(read, discord.ForumChannel)
    assert [(tag.name, tag.emoji) for tag in read.available_tags] == [("ending talk", None)]
    assert [sound.name for sound in guild.soundboard_sounds] == ["applause"]


def test_a_forum_from_an_event_or_an_interaction_is_read_with_its_tags() -> None:
    data = forum()
    channel_nulls_left_out(data)
    state = discord.Client(intents=discord.Intents.none())._connection
    guild = discord.Guild(data=server(), state=state)

    read = discord.ForumChannel(state=state, guild=guild, data=data)  # type: ignore[arg-type]

    assert [tag.name for tag in read.available_tags] == ["ending talk"]


async def test_a_forum_read_from_rest_is_read_with_its_tags() -> None:
    (read,) = await _read([forum()])
    assert read["available_tags"] == [{**TAG_WITHOUT_EMOJI, "emoji_id": None, "emoji_name": None}]


def test_a_servers_member_without_a_user_is_left_out_and_the_server_held() -> None:
    """Every member a GUILD_CREATE lists names its user; one that does not names nobody, and
    discord.py failed the whole server on it (KeyError 'user')."""
    own = {"user": {**AUTHOR, "id": "41"}, "roles": [], "joined_at": "2026-01-01T00:00:00Z"}
    own["flags"] = 0
    data = server(members=[{"roles": [], "joined_at": "2026-01-01T00:00:00Z"}, own])
    server_nulls_left_out(data)

    state = discord.Client(intents=discord.Intents.all())._connection  # members kept
    guild = discord.Guild(data=data, state=state)

    assert [member.id for member in guild.members] == [41]


def test_an_askers_member_without_its_user_takes_the_interactions_user() -> None:
    """A stand-in may send the asker in a server as ``member`` without ``user`` beside a
    ``user`` (as for a DM): discord.py failed the interaction on it (KeyError 'user')."""
    user = {**AUTHOR, "id": "41"}
    interaction = {"guild_id": SERVER_ID, "user": user, "member": {"roles": ["7"], "flags": 0}}

    asker_as_member(interaction)

    assert interaction["member"] == {"roles": ["7"], "flags": 0, "user": user}


WITHOUT_LISTS = {
    key: value
    for key, value in MESSAGE.items()
    if key not in ("components", "mentions", "mention_roles")
}
"""A message without ``components`` (optional in Discord's Message Object) nor its empty
``mentions`` and ``mention_roles`` (left out by a serializer that omits empty lists)."""


def test_a_message_without_its_lists_from_the_gateway_is_read_by_the_guard() -> None:
    data = {**deepcopy(WITHOUT_LISTS), "content": "<@41> mia marries greg", "guild_id": SERVER_ID}
    data["referenced_message"] = deepcopy(WITHOUT_LISTS)
    data["message_reference"] = {"message_id": MESSAGE["id"], "channel_id": "20"}
    complete_snapshots(data)

    read = read_in_a_server(data)

    assert member_message(read).content == "<@41> mia marries greg"
    assert read.reference is not None
    assert member_message(read.reference.resolved).content == MESSAGE["content"]  # type: ignore[arg-type]


def test_a_message_read_from_rest_without_its_lists_is_read_by_the_guard() -> None:
    """discord.py's message then has no ``components``, ``mentions`` or ``role_mentions`` at
    all: reading it failed (AttributeError), and a catch-up's page or a Hide as spoiler
    target so read was never judged."""
    read = read_in_a_server({**deepcopy(WITHOUT_LISTS), "content": "<@41> mia marries greg"})

    assert member_message(read).content == "<@41> mia marries greg"
    assert shows_content(read)
