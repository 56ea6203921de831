"""Shared state of the stand-in: stored messages, attachments, commands, records.

The REST handlers (``rest.py``), the interaction builder (``builder.py``) and
the public server (``server.py``) are mixins over this one class, so they all
see the same data. Every HTTP request notifies ``_changed``; waiting is always
``wait_for(predicate)`` on that condition, never polling or sleeping.
"""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import mimetypes
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from tests.support.timing import scaled

from .faults import Fault
from .gateway import Gateway
from .records import (
    EPHEMERAL,
    LOADING,
    WAIT_S,
    InteractionRecord,
    RecordedFile,
    RecordedRequest,
    StandinError,
    StandinMessage,
    StandinTimeout,
)
from .world import MESSAGE_CONTENT_INTENT, Channel, Guild, StandinWorld, snowflake

API_PREFIX = "/api/v10"


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _file_index(field: str) -> int:
    """``files[3]`` -> 3: how discord.py names multipart uploads."""
    match = re.fullmatch(r"files?\[(\d+)\]", field)
    return int(match.group(1)) if match else 0


TOKEN_LIFETIME_S = 15 * 60.0


class StandinState:
    def __init__(
        self,
        world: StandinWorld | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        expected_token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline_s: float | None = 3.0,
    ) -> None:
        self.world = world or StandinWorld.demo()
        self.host = host
        self.port = port
        self.expected_token = expected_token
        self._changed = asyncio.Condition()
        self.gateway = Gateway(
            self.world,
            self._changed,
            heartbeat_interval_ms=heartbeat_interval_ms,
            expected_token=expected_token,
        )
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        # Discord drops an interaction whose first callback comes later than 3 s (10062).
        self.interaction_deadline_s: float | None = interaction_deadline_s
        # "Interaction tokens are valid for 15 minutes": after that every follow-up, edit, fetch
        # or delete through the token is refused, 401 Invalid Webhook Token (50027).
        self.token_lifetime_s: float = TOKEN_LIFETIME_S
        # A signed attachment link lasts about a day (``ex``); a message read again is re-signed.
        self.attachment_url_lifetime_s: float = 24 * 3600.0
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.interactions: list[InteractionRecord] = []
        self.modals: list[tuple[InteractionRecord, dict[str, Any]]] = []
        self.channel_messages: dict[int, list[int]] = {}
        self._messages: dict[int, dict[str, Any]] = {}
        self._nonces: dict[str, int] = {}  # the bot's enforced message nonces: message ids
        self._attachments: dict[int, tuple[dict[str, Any], bytes]] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self._by_id: dict[int, InteractionRecord] = {}
        self._dm_channels: dict[int, int] = {}
        self._groups: dict[frozenset[int], int] = {}  # group DMs by their people
        # Interactions describe channels with no more than Discord's reference promises.
        self.documented_partials = False
        # False: an interaction in a server names its channel by ``channel_id`` only (Discord
        # documents ``channel`` as optional).
        self.interaction_channels = True
        # False: a thread an interaction describes comes without ``parent_id``.
        self.interaction_thread_parents = True
        # False: an interaction's ``member`` comes without ``permissions`` (Discord computes and
        # sends them; a more minimal Discord might not).
        self.member_permissions_sent = True
        # False: an interaction comes without ``app_permissions`` (what the bot may do there).
        self.app_permissions_sent = True
        # True: a command's integer, number and boolean options valued as text ("30",
        # "false"): Discord's reference types an option's value as string, integer, double
        # or boolean, and autocomplete sends what was typed so.
        self.option_values_as_text = False
        # False: a command's role, user, channel and file options, and a message command's
        # target, are named by id alone, with no ``data.resolved`` (which Discord's reference
        # marks optional) describing them.
        self.options_resolved = True
        # Reshape each INTERACTION_CREATE in place before it is sent: leave out or fill in what
        # Discord's reference allows (``locale``, ``data.resolved``'s maps, ...).
        self.reshape_interaction: Callable[[dict[str, Any]], None] | None = None
        # Likewise GET /gateway/bot's answer (``shards``, ``session_start_limit``, ...).
        self.reshape_gateway_bot: Callable[[dict[str, Any]], None] | None = None
        # Likewise the application GET /oauth2/applications/@me describes (``owner``, ...).
        self.reshape_application: Callable[[dict[str, Any]], None] | None = None
        # The paths that describe the application: Discord answers both OAuth2's Get Current
        # Bot Application Information and the Application resource's Get Current Application;
        # a stand-in written from one page of the reference may answer one (others: 404).
        self.application_paths = ("/oauth2/applications/@me", "/applications/@me")
        # None: every route below is answered; else only those named ("GET /users/@me", as
        # ``rest.py`` lists them), the rest 404 as never written: a stand-in implementing only
        # what a journey needs.
        self.implemented_routes: set[str] | None = None
        # Each answer setting below that takes "empty" takes "null" too: 200 with JSON's null.
        # False: an interaction callback is answered 204 with no body even when asked
        # ``with_response`` (Discord's default answer; a more minimal Discord might give only it).
        self.callback_bodies = True
        # What a callback asked ``with_response`` answers when ``callback_bodies``: "full" (as
        # Discord does), "summary" (the interaction alone, no ``resource``: optional in the
        # reference) or "empty" (200 with ``{}``).
        self.callback_answer = "full"
        # Seconds a callback's answer takes once Discord took it (its deadline met on arrival):
        # a slow Discord or proxy.
        self.callback_delay_s = 0.0
        # A server's AutoMod keyword rule (Server Settings → AutoMod → "Block custom words"):
        # an interaction's answer (its callback, follow-ups and edits) whose content or embeds
        # hold one of these words, behind spoiler bars or not, is refused, 400 with 200000
        # "Message was blocked by automatic moderation" (Discord's change log, 2024-06: "Updating
        # a message can result in a 400 response if the content of the message was blocked by
        # AutoMod, which may be particularly important for deferred messages").
        self.automod_keywords: tuple[str, ...] = ()
        # What a webhook's execution asked ``wait=true`` answers: "full" (the message, as
        # Discord does), "empty" (200 with ``{}``) or "none" (204 with no body), as a more
        # minimal Discord might; the message is posted either way.
        self.webhook_wait_answer = "full"
        # What a webhook's creation (``POST /channels/{id}/webhooks``) answers: "full" (the
        # webhook, its token included, as Discord does), "empty" (200 with ``{}``) or "none"
        # (204), as a Discord or proxy more minimal than its reference might; the webhook is
        # made either way.
        self.webhook_create_answer = "full"
        # What a message posted for the bot answers, an interaction's follow-up or a channel's
        # (a DM's) message: "full" (the message, as Discord does), "empty" (200 with ``{}``),
        # "none" (204) or "partial" (its id, channel and content only), as a Discord more
        # minimal than its reference might; the message is posted either way.
        self.post_answer = "full"
        # What an interaction's message read or edited through its token answers (``GET`` or
        # ``PATCH …/messages/@original`` or a follow-up's id): "full" (the message, as Discord
        # does), "empty", "null", "none" (204) or "partial" (its id and content only: no
        # ``author``, no ``channel_id``), as a Discord more minimal than its reference might.
        self.edit_answer = "full"
        # What a bulk overwrite of the commands answers: "full" (the commands, as Discord
        # does), "empty" (200 with ``{}``), "none" (204) or "partial" (each command's id and
        # name only), as a Discord or proxy more minimal than its reference might; the
        # commands are registered either way.
        self.commands_answer = "full"
        # What a channel's (a thread's) change answers: "full" (the channel, as Discord does),
        # "empty" (200 with ``{}``) or "none" (204); the change is made either way.
        self.channel_edit_answer = "full"
        # A media type JSON answers are sent with instead of Discord's bare
        # ``application/json``: ``application/json; charset=utf-8`` (a web framework's
        # default, aiohttp's ``json_response`` among them), a framework's default for a string
        # it is handed (``text/html; charset=utf-8``, ``text/plain``) or for bytes
        # (``application/octet-stream``, what aiohttp sends for a body given no type).
        self.json_sent_as: str | None = None
        # True: answers without a body (204) still say ``Content-Type: application/json``, as
        # aiohttp's ``web.json_response(status=204)`` sends them.
        self.json_type_without_body = False
        # The ``X-RateLimit-*`` headers on every answer that is not a 429: None (none, as the
        # stand-in keeps no buckets), "full" (limit, remaining, reset, reset-after, bucket, as
        # Discord sends them), "no-reset-after" (without ``X-RateLimit-Reset-After``) or
        # "remaining-only" (limit and remaining alone), as a stand-in or proxy might.
        self.rate_limit_headers: str | None = None
        # The ``message`` of a button press: "full" (as Discord sends it), "partial" (its id
        # and flags only, as Discord long described an ephemeral message), "no_components"
        # (the message without its components) or "none" (left out: optional in the reference).
        self.pressed_message = "full"
        # False: listed webhooks come without ``user`` (optional in Discord's webhook object).
        self.webhook_users = True
        # True: the bot's own messages in a server's channels are events to it as any member's
        # (Discord's gateway sends MESSAGE_CREATE for every message a bot with the guild
        # messages intent may see): an interaction's answer, "thinking…" and follow-ups when
        # not ephemeral (an ephemeral message is its asker's alone: no event), MESSAGE_UPDATE
        # as each is edited (a page turned, "thinking…" replaced), and MESSAGE_DELETE for
        # every message deleted (a member's the guard hid, a repost taken down). False: only
        # a webhook's and a channel's posts are.
        self.answers_announced = False
        # False: MESSAGE_CREATE and MESSAGE_UPDATE come without ``guild_id`` (a message object as
        # REST gives it; Discord's gateway events add it).
        self.message_guild_ids = True
        # True: a MESSAGE_UPDATE carries only ``id``, ``channel_id``, ``guild_id`` and what
        # changed (an unfurl: ``embeds``; an edit: ``content`` and ``edited_timestamp``), as
        # Discord's reference long allowed ("may contain only a subset of the full message
        # object payload"); False: the whole message, as Discord sends it now.
        self.partial_message_updates = False
        # False: MESSAGE_CREATE and MESSAGE_UPDATE come without ``type`` (a minimal Discord's
        # default message; Discord's reference has every message carry it).
        self.message_types = True
        # False: a forward's snapshot leaves out its null and empty fields (``edited_timestamp``
        # null, no embeds, no files), as a serializer that omits them sends it.
        self.snapshot_empties = True
        # False: attachments come without ``proxy_url`` (Discord's media proxy, which a
        # stand-in or proxy may not have).
        self.attachment_proxies = True
        # An address to give attachment links instead of the stand-in's own (a CDN the bot
        # cannot reach: a closed port, a host that never answers); None: the stand-in hosts them.
        self.attachment_base: str | None = None
        # How audio files' ``waveform`` (base64 of one byte a sample, with their
        # ``duration_secs``: a voice message's) is written: "padded" (Python's ``b64encode``),
        # "unpadded" (many encoders' default), "url-safe" (unpadded, ``-`` and ``_``), or
        # None: audio files come without either (the stand-in's default).
        self.audio_waveforms: str | None = None
        # False: attachments come without ``size`` (which Discord's reference requires) in every
        # message and interaction: the gateway's, REST reads', and what a post answers.
        self.attachment_sizes = True
        # True: REST answers describe messages, channels and webhooks with every field of their
        # types, ``null`` where unset or empty (``embeds``, ``components``, ``mentions``,
        # ``member``; a channel's ``topic``, ``permission_overwrites``; a webhook's ``user``),
        # as a stand-in serializing every field of its models might.
        self.rest_nulls = False
        # True: REST answers serialized without their nulls (a serializer's ``exclude_none``),
        # as the gateway's ``nulls_omitted``: a forward's snapshot without ``edited_timestamp``,
        # a forum's tag with no emoji without ``emoji_id`` and ``emoji_name``.
        self.rest_nulls_omitted = False
        self.rest_empty_lists_omitted = False  # with it, empty lists too
        # False: REST answers describe users without ``discriminator`` or ``avatar`` and members
        # without ``flags`` (the bot's own user at login, a message's author and mentions, a
        # webhook's user, a DM's recipients, a member), as the gateway's ``user_fields``.
        self.rest_user_fields = True
        # True: REST answers write their timestamps without the UTC offset, as the gateway's
        # ``timestamps_without_offset`` (a member's timeout, a message's edit, a poll's end).
        self.rest_timestamps_without_offset = False
        # A channel's (a thread's) name may be changed twice in 10 minutes; a third change is
        # answered 429 with a ``retry_after`` of up to 600 s (discord/discord-api-docs#1900).
        self.renames_per_window, self.rename_window_s = 2, 600.0
        # Edits of the bot's messages in one channel per window (Discord's per-route bucket for
        # Edit Message, keyed by channel: its size and window are Discord's to change, read
        # from the ``X-RateLimit-*`` headers on each answer); None: edits not limited. Past it,
        # 429 as Discord answers, ``Via`` set, the bucket emptied (``X-RateLimit-Remaining: 0``).
        self.edits_per_window: tuple[int, float] | None = None
        self.edited_at: dict[int, list[float]] = {}
        # How many requests arriving on a kept-alive connection (one that answered before) are
        # cut instead: the connection closed without an answer, the request never carried out,
        # as when a server's idle timeout closes it just as the client sends on it (HTTP/1.1
        # lets either side close a persistent connection at any time: RFC 9112, 9.6). Counted
        # down; ``keep_alive_cut`` counts those cut.
        # How every answer with a body is carried: None (whole, with its ``Content-Length``),
        # "gzip" (``Content-Encoding: gzip``, as Discord's front end compresses for a client
        # that accepts it), "chunked" (``Transfer-Encoding: chunked``, no length, as a server
        # streaming its answers does) or "gzip-chunked" (both).
        self.answers_encoded: str | None = None
        self.keep_alive_cuts = 0
        self.keep_alive_cut = 0
        self._answered_on: set[object] = set()  # connections served, by the client's address
        self.renamed_at: dict[int, list[float]] = {}

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        *,
        timeout: float = WAIT_S,
        what: str | Callable[[], str] = "condition",
    ) -> None:
        """Block until ``predicate()`` holds; re-checked whenever the server sees traffic.

        ``timeout`` is for a quiet machine (``tests.support.timing``: scaled for this one)."""
        timeout = scaled(timeout)
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError as exc:
            text = what() if callable(what) else what
            raise StandinTimeout(f"timed out after {timeout}s waiting for {text}") from exc

    async def settle(self, *, timeout: float = WAIT_S) -> None:
        """Barrier: let the bot catch up with everything sent so far (see ``round_trip``)."""
        await self.gateway.round_trip(timeout=timeout)

    def message(self, message_id: int) -> StandinMessage | None:
        raw = self._messages.get(message_id)
        return None if raw is None else StandinMessage(json.loads(json.dumps(raw)))

    def messages_in(self, channel: Channel | int) -> list[StandinMessage]:
        """What everyone sees in a channel, oldest first (no ephemeral messages)."""
        cid = channel.id if isinstance(channel, Channel) else channel
        found = (self.message(mid) for mid in self.channel_messages.get(cid, []))
        return [m for m in found if m is not None]

    def requests_to(self, method: str, route: str) -> list[RecordedRequest]:
        """Recorded requests whose path after ``/api/v10`` fully matches regex ``route``."""
        return [
            r
            for r in self.requests
            if r.method == method.upper() and re.fullmatch(route, r.path.removeprefix(API_PREFIX))
        ]

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if not r.known]

    def commands_for(self, guild_id: int | None) -> list[dict[str, Any]]:
        """What a user sees in the command picker: guild commands, then global ones. Discord
        lists a guild command beside a global one of the same name (members see it twice);
        a lookup by name takes the guild's."""
        local = self.guild_commands.get(guild_id, []) if guild_id else []
        return [*local, *self.global_commands]

    def add_attachment(
        self,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        ephemeral: bool = False,
    ) -> dict[str, Any]:
        """Host ``data`` under an attachment URL the bot can download."""
        aid = snowflake()
        # Discord's CDN links are signed and expire: ``ex`` (when, hex seconds), ``is`` (issued)
        # and ``hm`` (the signature); past ``ex`` the link answers 404.
        issued = int(time.time())
        expires = issued + int(self.attachment_url_lifetime_s)
        signature = hashlib.sha256(f"{aid}:{expires}".encode()).hexdigest()
        url = (
            f"{self.attachment_base or self.base_url}/attachments/{aid}/{quote(filename)}"
            f"?ex={expires:x}&is={issued:x}&hm={signature}&"
        )
        payload = {
            "id": str(aid),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "ephemeral": ephemeral,
        }
        if not self.attachment_proxies:
            del payload["proxy_url"]
        if self.audio_waveforms is not None and filename.endswith((".ogg", ".mp3", ".m4a")):
            payload |= {"duration_secs": len(data) / 1000, "waveform": _waveform(data, self)}
        if not self.attachment_sizes:
            del payload["size"]
        # "content_type?": sent only when Discord recognises the file's media type.
        if known := content_type or mimetypes.guess_type(filename)[0]:
            payload["content_type"] = known
        self._attachments[aid] = (payload, data)
        return payload

    def _as_read(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as REST gives it to the bot: without the Message Content intent switched
        on for the app (``world.granted_intents``), Discord blanks what exposes its content
        "across the API", reads included, except in the app's own messages, DMs and messages
        that mention it. (The gateway blanks by the intents a session asked for.)"""
        if self.world.granted_intents & MESSAGE_CONTENT_INTENT:
            return message
        bot = str(self.world.bot.id)
        if (
            message["author"]["id"] == bot
            or any(str(user.get("id")) == bot for user in message.get("mentions") or ())
            or self.world.find_channel(int(message["channel_id"])) is None  # a DM
        ):
            return message
        blank = {"content": "", "embeds": [], "attachments": [], "components": []}
        read = {**message, **blank}
        read.pop("poll", None)
        if snapshots := message.get("message_snapshots"):
            read["message_snapshots"] = [
                {**snapshot, "message": {**snapshot.get("message", {}), **blank}}
                for snapshot in snapshots
            ]
        return read

    def attachment_bytes(self, attachment: Mapping[str, Any]) -> bytes:
        return self._attachments[int(attachment["id"])][1]

    def _loading(self, record: InteractionRecord) -> bool:
        if record.callback_type != 5 or record.original_id is None:
            return False
        original = self._messages.get(record.original_id)
        return original is not None and bool(int(original.get("flags", 0)) & LOADING)

    def _new_message(
        self,
        channel_id: int,
        body: Mapping[str, Any],
        files: list[RecordedFile],
        *,
        record: InteractionRecord | None = None,
        type_: int = 0,
    ) -> dict[str, Any]:
        mid = snowflake()
        message: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "author": self.world.bot.payload(),
            "content": "",
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "type": type_,
            "flags": 0,
            "timestamp": _now(),
            "edited_timestamp": None,
        }
        if record is not None:
            app = str(self.world.application_id)
            message.update(webhook_id=app, application_id=app)
            message["interaction_metadata"] = {
                "id": str(record.id),
                "type": record.type,
                "user": record.user.payload(),
                # An interaction sent without it (optional in the reference): none named.
                "authorizing_integration_owners": record.payload.get(
                    "authorizing_integration_owners", {}
                ),
            }
        self._apply(message, body, files, creating=True)
        self._messages[mid] = message
        if not message["flags"] & EPHEMERAL:  # only its recipient ever sees an ephemeral
            self._posted_in(channel_id, mid)
        return message

    def _posted_in(self, channel_id: int, mid: int) -> None:
        """A message is in the channel now: its newest (``last_message_id``, as GUILD_CREATE
        and every channel object give it)."""
        self.channel_messages.setdefault(channel_id, []).append(mid)
        if (found := self.world.find_channel(channel_id)) is not None:
            found[1].last_message_id = max(mid, found[1].last_message_id or 0)

    def _apply(
        self,
        message: dict[str, Any],
        body: Mapping[str, Any],
        files: list[RecordedFile],
        *,
        creating: bool,
    ) -> None:
        """Merge a create/edit body (JSON or payload_json + files) into ``message``."""
        defaults: dict[str, Any] = {"content": "", "embeds": [], "components": [], "tts": False}
        for key in ("content", "embeds", "components", "tts", "poll", "message_reference"):
            if key in body:
                message[key] = body[key] if body[key] is not None else defaults.get(key)
        flags = int(message.get("flags", 0))
        if body.get("flags") is not None:
            new = int(body["flags"])
            # Ephemerality is fixed at creation; the loading state ends at the first edit.
            flags = new if creating else (new & ~EPHEMERAL) | (flags & EPHEMERAL)
        if not creating:
            flags &= ~LOADING
            message["edited_timestamp"] = _now()
        message["flags"] = flags
        by_index = {_file_index(f.field): f for f in files}
        if body.get("attachments") is not None:
            kept = {a["id"]: a for a in message.get("attachments", [])}
            attachments = []
            for item in body["attachments"]:
                if str(item.get("id")) in kept:
                    attachments.append(kept[str(item["id"])])
                elif (upload := by_index.get(int(item["id"]))) is not None:
                    attachments.append(self._upload(upload, item.get("filename")))
            message["attachments"] = attachments
        elif files:
            message.setdefault("attachments", []).extend(self._upload(f) for f in files)

    def _upload(self, file: RecordedFile, filename: str | None = None) -> dict[str, Any]:
        return self.add_attachment(
            filename or file.filename, file.data, content_type=file.content_type
        )

    def _delete(self, mid: int, *, announce: bool = True) -> None:
        message = self._messages.pop(mid)
        ids = self.channel_messages.get(int(message["channel_id"]), [])
        if mid in ids:
            ids.remove(mid)
        if announce and self._announced(message):
            found = self.world.find_channel(int(message["channel_id"]))
            assert found is not None
            deleted = {"id": str(mid), "channel_id": message["channel_id"]}
            self._announce({**deleted, "guild_id": str(found[0].id)}, "MESSAGE_DELETE")

    def _announce_answer(self, message: dict[str, Any], event: str) -> None:
        """``event`` for the bot's own message, with ``answers_announced``."""
        if self._announced(message):
            self._announce(message, event)

    def _announced(self, message: dict[str, Any]) -> bool:
        """Whether Discord tells the bot of ``message``'s creation, change or deletion (with
        ``answers_announced``): in a channel of a server the bot is in, and not ephemeral (a
        message only its asker sees is no event; nor is a DM's or one where the app is only
        installed to the member's account)."""
        if not self.answers_announced or int(message.get("flags") or 0) & EPHEMERAL:
            return False
        found = self.world.find_channel(int(message["channel_id"]))
        return found is not None and self.world.has_bot(found[0])

    def _announce(self, message: dict[str, Any], event: str = "MESSAGE_CREATE") -> None:
        raise NotImplementedError  # MemberActions'

    def _where(self, channel_id: int) -> tuple[Guild | None, Channel | None]:
        found = self.world.find_channel(channel_id)
        return found if found else (None, None)

    def _dm_channel_id(self, user_id: int) -> int:
        return self._dm_channels.setdefault(user_id, snowflake())


def _waveform(data: bytes, state: Any) -> str:
    """``data``'s waveform (a sample a byte, 1 to 256 of them) as ``audio_waveforms`` writes it."""
    samples = bytes(b ^ 0xFB for b in data[:256]) or b"\xff"
    padded = base64.b64encode(samples).decode()
    if state.audio_waveforms == "padded":
        return padded
    if state.audio_waveforms == "unpadded":
        return padded.rstrip("=")
    if state.audio_waveforms == "url-safe":
        return base64.urlsafe_b64encode(samples).decode().rstrip("=")
    raise StandinError(f"audio_waveforms: no such writing {state.audio_waveforms!r}")
