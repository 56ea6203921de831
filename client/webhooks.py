"""Epilogue's own webhook per channel, through which a hidden message is reposted under its
author's name: found by who made it, never by its name, and created once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import discord

from bot.cache import LruCache
from bot.features.spoiler.member_message import RepostFailed
from client import attempts

log = logging.getLogger(__name__)

WEBHOOK_NAME = "Epilogue spoilers"
WEBHOOK_CHANNELS = (
    discord.TextChannel,  # and announcement channels
    discord.ForumChannel,  # and media channels
    discord.VoiceChannel,  # their text chat
    discord.StageChannel,
)
"""Channels that take webhooks; a thread's message goes through its parent's."""


class Webhooks:
    """Epilogue's own webhook per channel, created once and reused (Discord caps them at 15)."""

    def __init__(self) -> None:
        self._by_channel: dict[int, discord.Webhook] = {}
        self._posting: dict[int, asyncio.Lock] = {}
        self._last_posted: LruCache[int, int] = LruCache(4096)
        self._ids: LruCache[int, bool] = LruCache(4096)

    def made(self, webhook_id: int) -> bool:
        """Whether ``webhook_id`` is one of Epilogue's channel webhooks this process found or
        made. An event's ``application_id`` is only what the event says: one forged to
        carry Epilogue's would pass a member's message for a repost (those this process does
        not know, from before a restart, are told by their stored hides, ``SpoilerGuard``)."""
        return self._ids.get(webhook_id) is not None

    def posted(self, channel_id: int, message_id: int) -> None:
        """Remember the newest message this process posted through the channel's webhook."""
        self._last_posted.put(channel_id, max(message_id, self.last_posted(channel_id)))

    def last_posted(self, channel_id: int) -> int:
        """The newest message this process posted through the channel's webhook (0: none)."""
        return self._last_posted.get(channel_id) or 0

    def posting(self, channel_id: int) -> asyncio.Lock:
        """Held from finding a channel's webhook to knowing which message a post through it
        is: a repost Discord does not describe is told from others by being the newest alike,
        which holds only while no other post through that webhook lands meanwhile (and two
        hides at once in a new channel do not make two webhooks)."""
        return self._posting.setdefault(channel_id, asyncio.Lock())

    async def get(self, client: discord.Client, channel_id: int) -> discord.Webhook:
        cached = self._by_channel.get(channel_id)
        if cached is not None:
            return cached
        channel = client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await client.fetch_channel(channel_id)
            except discord.InvalidData:
                # A kind of channel newer than discord.py: whether it takes webhooks is
                # Discord's to say, in its answer below (a refusal is told to the member).
                channel = None
        if channel is not None and not isinstance(channel, WEBHOOK_CHANNELS):
            raise RepostFailed("this kind of channel has no webhooks")
        # The raw list: discord.py's Webhook drops ``application_id``, which tells whose it is.
        listed = await client.http.channel_webhooks(channel_id)
        mine = [data for data in listed if data.get("token") and _made_by(client, data)]
        listed_ids = {int(data["id"]) for data in listed}
        made = mine[0] if mine else await _created_once(client, channel_id, listed_ids)
        hook = discord.Webhook.partial(int(made["id"]), made["token"], client=client)
        self._by_channel[channel_id] = hook
        self._ids.put(hook.id, True)
        return hook

    def forget(self, channel_id: int) -> None:
        self._by_channel.pop(channel_id, None)


async def _created_once(
    client: discord.Client, channel_id: int, listed_ids: set[int]
) -> Mapping[str, Any]:
    """A new webhook in the channel, and only one. A creation is not idempotent: a try that
    Discord carried out but whose answer was lost (a 5xx after the fact, a connection closed
    before the answer) is tried again, by discord.py or ``attempts``, and makes a second.
    The copies the answer does not name are deleted, so a server's Integrations list one
    Epilogue webhook per channel, and lost answers do not creep up on Discord's 15 (30007:
    no integration could add one there any more). None of them has posted anything yet.

    A creation answered without the webhook (204, ``{}`` or ``null``, as a Discord or proxy
    more minimal than its reference may answer; discord.py hands that over, and reading its id
    failed the hide) made one all the same: the newest of Epilogue's in the channel's list
    that ``listed_ids`` (the list before) did not hold is it. Never one moved here from
    elsewhere (in that list already) nor one listed without its token."""
    with attempts.answers() as tries:
        made = await client.http.create_webhook(channel_id, name=WEBHOOK_NAME)
    described = _described(made)
    again = attempts.tried_again_after_a_failure(tries)
    if described and not again:
        return made
    try:
        listed = await client.http.channel_webhooks(channel_id)
    except discord.HTTPException as exc:
        if not described:
            raise
        # The repost goes ahead through the webhook made; a copy may stay, unused.
        log.warning("webhook copies in channel %s could not be tidied: %r", channel_id, exc)
        return made
    new = [d for d in listed if _made_by(client, d) and int(d["id"]) not in listed_ids]
    if not described:
        usable = [d for d in new if d.get("token")]
        if not usable:
            raise RepostFailed("Discord made no webhook here that it would name")
        made = max(usable, key=lambda d: int(d["id"]))
        log.info("webhook %s made in channel %s without being described", made["id"], channel_id)
    if not again:
        return made
    try:
        for copy in (d for d in new if int(d["id"]) != int(made["id"])):
            token = copy.get("token") or ""
            unused = discord.Webhook.partial(int(copy["id"]), token, client=client)
            await unused.delete(reason="a copy made while Discord's answer was lost")
    except discord.HTTPException as exc:
        # The repost goes ahead through the webhook made; a copy stays, unused.
        log.warning("webhook copies in channel %s could not be tidied: %r", channel_id, exc)
    return made


def _described(made: object) -> bool:
    """Whether Discord's answer to a webhook's creation names it (its id and token)."""
    return isinstance(made, Mapping) and bool(made.get("id")) and bool(made.get("token"))


def _made_by(client: discord.Client, data: Mapping[str, Any]) -> bool:
    """Whether ``client`` made the webhook Discord listed as ``data``: by its ``user``, which
    is optional in Discord's webhook object, else by its ``application_id`` (always there,
    null for one a person made). Never by its name: anyone with Manage Webhooks can name one
    as Epilogue names its own, and whoever holds its token could edit a repost, under the
    member's name, to show what it hid (the guard takes a repost's edits for Epilogue's)."""
    user = data.get("user")
    if user is not None:
        return client.user is not None and int(user["id"]) == client.user.id
    app_id = data.get("application_id")
    return app_id is not None and int(app_id) == client.application_id
