"""Discord as the bot sees it in these tests: raw gateway payloads in, recorded HTTP out.

The bot under test is the real ``EpilogueBot``, logged in through discord.py's own ``login()``
(which runs ``setup_hook`` and loads every extension). Only the aiohttp session underneath
discord.py is replaced, by ``FakeDiscord``: it records every request discord.py makes (interaction
callbacks, follow-ups, command syncs, file downloads) and answers as Discord would. Interactions
are raw ``INTERACTION_CREATE`` payloads handed to discord.py's gateway parser, so the command
tree, option parsing, transformers, checks, dynamic items and listeners all run for real, as in
discord.py's own ``tests/test_app_commands_invoke.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
import pytest
from multidict import CIMultiDict

from client.bot import EpilogueBot
from tests.standin.limits import (
    CREATE_FLAGS,
    INVALID,
    Problem,
    callback_problems,
    callback_type_problem,
    edit_flag_problems,
    flag_problems,
    focused_option,
    invalid_form_body,
    is_empty_message,
    message_problems,
)

TOKEN = "test-token"
APP_ID = 500000000000000001
GUILD_ID = 500000000000000100
OTHER_GUILD_ID = 500000000000000200
TEXT_CHANNEL_ID = 500000000000000110
SPOILER_CHANNEL_ID = 500000000000000111
THREAD_ID = 500000000000000120
MODERATOR_ROLE_ID = 500000000000000130
OPTIN_ROLE_ID = 500000000000000131
OWNER_ID = 999  # tests/conftest.py make_config's owner
MEMBER_ID = 1000
OTHER_MEMBER_ID = 1001
CDN = "https://cdn.discordapp.com/attachments"

MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    use_application_commands=True,
)
MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(manage_messages=True)
# Discord sends an administrator every permission in interactions.
ADMIN_PERMISSIONS = discord.Permissions.all()

# Interaction callback types (Discord's numbers).
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9
EPHEMERAL = 1 << 6


def user_payload(user_id: int, name: str | None = None) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id}",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
    }


BOT_USER = {**user_payload(APP_ID, "Epilogue"), "bot": True}


@dataclass(frozen=True)
class Channel:
    """A channel (or thread, with ``parent_id``) of the test server."""

    id: int
    name: str
    type: int = 0  # 0 text, 11 public thread
    parent_id: int | None = None

    def payload(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "guild_id": str(guild_id),
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
        }
        if self.type in (10, 11, 12):
            data["owner_id"] = str(MEMBER_ID)
            data["thread_metadata"] = {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2024-01-01T00:00:00+00:00",
                "locked": False,
            }
            data["message_count"] = 0
            data["member_count"] = 1
        return data

    def resolved(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        """As Discord resolves a channel option: with the asker's permissions there."""
        return {**self.payload(guild_id), "permissions": str(MEMBER_PERMISSIONS.value)}


TEXT_CHANNEL = Channel(TEXT_CHANNEL_ID, "films")
OTHER_SERVER_CHANNEL = Channel(500000000000000210, "elsewhere")  # in OTHER_GUILD_ID
SPOILER_CHANNEL = Channel(SPOILER_CHANNEL_ID, "spoilers-allowed")
THREAD = Channel(THREAD_ID, "la-la-land-talk", type=11, parent_id=TEXT_CHANNEL_ID)
ROLES = {MODERATOR_ROLE_ID: "Moderators", OPTIN_ROLE_ID: "Spoiler fans"}


@dataclass(frozen=True)
class Role:
    id: int

    def payload(self) -> dict[str, Any]:
        return role_payload(self.id, ROLES.get(self.id, f"role{self.id}"))


@dataclass(frozen=True)
class Attachment:
    """A file a member attaches to a command option; ``size`` may claim more than ``data``."""

    filename: str
    data: bytes
    size: int | None = None


@dataclass(frozen=True)
class Asker:
    """Who runs a command, and where: a member of the test server, or a user in DMs."""

    user_id: int = MEMBER_ID
    permissions: discord.Permissions = MEMBER_PERMISSIONS
    roles: tuple[int, ...] = ()
    channel: Channel | None = TEXT_CHANNEL  # None: a DM

    @property
    def in_dm(self) -> bool:
        return self.channel is None


MEMBER = Asker()
OTHER_MEMBER = Asker(user_id=OTHER_MEMBER_ID)
MODERATOR = Asker(user_id=1100, permissions=MODERATOR_PERMISSIONS)
ROLE_MODERATOR = Asker(user_id=1101, roles=(MODERATOR_ROLE_ID,))
ADMIN = Asker(user_id=1200, permissions=ADMIN_PERMISSIONS)
OWNER = Asker(user_id=OWNER_ID)
IN_DM = Asker(channel=None)


def role_payload(role_id: int, name: str, permissions: int = 0) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "permissions": str(permissions),
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild_create_payload(
    guild_id: int = GUILD_ID, channels: tuple[Channel, ...] = (TEXT_CHANNEL, SPOILER_CHANNEL)
) -> dict[str, Any]:
    """GUILD_CREATE for a server, as the guilds intent delivers it at start."""
    return {
        "id": str(guild_id),
        "name": f"Server {guild_id}",
        "unavailable": False,
        "owner_id": str(ADMIN.user_id),
        "member_count": 5,
        "roles": [
            role_payload(guild_id, "@everyone", MEMBER_PERMISSIONS.value),
            *(Role(role_id).payload() for role_id in ROLES),
        ],
        "channels": [channel.payload(guild_id) for channel in channels],
        "threads": [THREAD.payload()] if guild_id == GUILD_ID else [],
        # Without the members intent Discord still sends the bot's own member.
        "members": [
            {
                "user": BOT_USER,
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "preferred_locale": "en-US",
        "premium_tier": 0,
        "system_channel_flags": 0,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
    }


@dataclass
class Sent:
    """One HTTP request discord.py made, with its JSON body and any files."""

    method: str
    path: str
    body: Any = None
    files: dict[str, bytes] = field(default_factory=dict)
    kept_visibility: bool | None = None
    """An edit of a deferral's "thinking…" message: who sees it was fixed by the deferral."""
    query: dict[str, Any] = field(default_factory=dict)
    """The request's query parameters (``with_response``, ``wait``)."""
    text: str | None = None
    """A JSON body as sent, when it was sent as text or its bytes (not a form)."""
    as_bytes: bool = False
    """Whether that body was handed to aiohttp as bytes (encoded once), not as text."""

    @property
    def callback_type(self) -> int | None:
        return self.body.get("type") if self.path.endswith("/callback") else None

    @property
    def data(self) -> dict[str, Any]:
        """The message (or modal, or choices) sent: a callback's ``data`` or a webhook body."""
        if self.path.endswith("/callback"):
            return self.body.get("data") or {}
        return self.body or {}

    @property
    def ephemeral(self) -> bool:
        if self.kept_visibility is not None:
            return self.kept_visibility
        return bool(self.data.get("flags", 0) & EPHEMERAL)


@dataclass
class Exchange:
    """Everything the bot sent in answer to one interaction."""

    token: str
    sent: list[Sent] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    """The INTERACTION_CREATE it answers (its type, focused option, pressed message)."""
    acknowledged: bool = False
    original_flags: int | None = None
    """The flags of the message ``@original`` names, once there is one."""
    original_made_here: bool = False
    """Whether that message was made for this interaction (a reply or "thinking…"), not the
    pressed message an update answered on: Discord then describes it with the interaction's
    ``interaction_metadata``."""

    @property
    def first(self) -> Sent:
        assert self.sent, "the bot did not answer the interaction"
        return self.sent[0]

    @property
    def reply(self) -> Sent:
        """The last message-bearing request: the answer a member ends up seeing."""
        carrying = [s for s in self.sent if s.callback_type not in (DEFERRED_CHANNEL_MESSAGE,)]
        assert carrying, f"no message was sent: {self.sent}"
        if self.sent[0].callback_type == DEFERRED_CHANNEL_MESSAGE:
            # Discord shows the answer to a deferral with the deferral's visibility, whatever
            # the follow-up's flags say: they must agree, or the test would read the wrong one.
            assert carrying[-1].ephemeral == self.sent[0].ephemeral, (
                f"a follow-up flagged ephemeral={carrying[-1].ephemeral} answers a deferral"
                f" flagged ephemeral={self.sent[0].ephemeral}"
            )
        return carrying[-1]

    @property
    def message(self) -> dict[str, Any]:
        """The message as Discord stores it (for pressing its buttons later)."""
        assert self.messages, "no message was posted"
        return self.messages[-1]

    @property
    def content(self) -> str:
        return self.reply.data.get("content") or ""

    @property
    def is_error(self) -> bool:
        """A private error from the core or the tree (they all start with a warning sign)."""
        return self.reply.ephemeral and self.content.startswith("⚠️")

    @property
    def text(self) -> str:
        """Content, embed texts and button labels of the reply, for quick assertions."""
        data = self.reply.data
        parts = [data.get("content") or ""]
        for embed in data.get("embeds", []):
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(part for part in parts if part)

    def custom_ids(self) -> list[str]:
        return [
            component["custom_id"]
            for row in self.reply.data.get("components", [])
            for component in row.get("components", [])
            if "custom_id" in component
        ]


class _Response:
    def __init__(self, status: int, body: Any, *, raw: bytes | None = None) -> None:
        self.status = status
        self.reason = "OK" if status < 400 else "Error"
        # No body, no content type (as Discord's 204): discord.py then reads "" as text.
        typed = {"content-type": "application/json"} if status != 204 else {}
        self.headers: CIMultiDict[str] = CIMultiDict(typed)
        self._text = json.dumps(body) if body is not None else ""
        self._raw = raw

    async def text(self, encoding: str = "utf-8") -> str:
        return self._text

    async def read(self) -> bytes:
        return self._raw if self._raw is not None else self._text.encode()

    async def __aenter__(self) -> _Response:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Call:
    """What ``session.request(...)`` returns: awaited with ``async with``."""

    def __init__(self, respond: Any) -> None:
        self._respond = respond

    async def __aenter__(self) -> _Response:
        return self._respond()

    async def __aexit__(self, *exc: object) -> None:
        return None


class FakeDiscord:
    """Discord's REST API and CDN for one test, and the builder of its gateway payloads."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.downloads: list[str] = []
        self.cdn: dict[str, bytes] = {}
        self.exchanges: dict[str, Exchange] = {}
        self.registered: dict[str, list[dict[str, Any]]] = {}
        self.reject_token = False
        self._last_id = 0
        self._channels: dict[str, int | None] = {}
        self.closed = False
        self._failures: list[tuple[str, str, int, int]] = []
        self.refusals: list[tuple[Sent, int, dict[str, Any]]] = []
        """Requests refused by Discord's own rules (a limit, a callback type, a second
        acknowledgement), with the status and body answered: the ``discord_session`` fixture
        fails a test that leaves any unless it sets ``refusals_expected``."""
        self.refusals_expected = False

    def fail_next(self, method: str, route: str, status: int, code: int = 0) -> None:
        """The next ``method`` request whose path fully matches regex ``route`` fails as Discord
        fails one: ``status`` with ``{"message", "code"}``."""
        self._failures.append((method, route, status, code))

    def snowflake(self) -> int:
        """A new id, unique and carrying the time it was made, as Discord's do (an
        interaction's age, which decides whether its answer may still be its reply, is read
        from its id)."""
        now = discord.utils.time_snowflake(dt.datetime.now(dt.UTC))
        self._last_id = max(self._last_id + 1, now)
        return self._last_id

    # -- the aiohttp session discord.py talks to --------------------------------------------

    def request(self, method: str, url: str, **kwargs: Any) -> _Call:
        return _Call(lambda: self._handle(method, str(url), kwargs))

    def get(self, url: str, **kwargs: Any) -> _Call:
        def respond() -> _Response:
            self.downloads.append(url)
            data = self.cdn.get(url)
            return _Response(200, None, raw=data) if data is not None else _Response(404, {})

        return _Call(respond)

    async def close(self) -> None:
        self.closed = True

    def _handle(self, method: str, url: str, kwargs: dict[str, Any]) -> _Response:
        path = re.sub(r"^https?://[^/]+/api/v\d+", "", url)
        body, files = _decode(kwargs.get("data"))
        raw = kwargs.get("data")
        query = dict(kwargs.get("params") or {})
        text = raw.decode() if isinstance(raw, bytes) else raw if isinstance(raw, str) else None
        sent = Sent(
            method, path, body, files, query=query, text=text, as_bytes=isinstance(raw, bytes)
        )
        self.sent.append(sent)
        for failure in self._failures:
            if failure[0] == method and re.fullmatch(failure[1], path):
                self._failures.remove(failure)
                if failure[3] == 40060 and (match := re.search(r"/([^/]+)/callback$", path)):
                    # "Already acknowledged": Discord took this callback once already, its
                    # answer lost on the way back.
                    self._taken(self.exchanges[match[1]], sent)
                return _Response(failure[2], {"message": "refused", "code": failure[3]})
        if path == "/users/@me":
            if self.reject_token:
                return _Response(401, {"message": "401: Unauthorized", "code": 0})
            return _Response(200, BOT_USER)
        if path == "/oauth2/applications/@me":
            return _Response(200, _application())
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            if (refused := self._refused_callback(sent, match[2])) is not None:
                return refused
            # Discord describes what a callback made only when asked (``with_response``).
            described = query.get("with_response") in ("1", "true", True)
            return self._callback(sent, int(match[1]), match[2], described=described)
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)(/messages/@original)?", path):
            if (refused := self._refused_webhook(sent, match[1], bool(match[2]))) is not None:
                return refused
            if method == "GET":
                return self._original(self.exchanges[match[1]], sent)
            exchange = self.exchanges[match[1]]
            if match[2] and exchange.sent and exchange.sent[0].callback_type == 5:
                sent.kept_visibility = exchange.sent[0].ephemeral
            exchange.sent.append(sent)
            data = sent.data
            if sent.kept_visibility:
                data = {**data, "flags": int(data.get("flags") or 0) | EPHEMERAL}
            message = self._message(exchange, data, files)
            return _Response(200, message)
        if match := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", path):
            scope = match[1] or "global"
            if method == "GET":
                return _Response(200, self.registered.get(scope, []))
            self.registered[scope] = [
                {
                    "description": "",  # context-menu commands have none; Discord sends ""
                    **command,
                    "id": str(self.snowflake()),
                    "application_id": str(APP_ID),
                    "version": "1",
                }
                for command in body
            ]
            return _Response(200, self.registered[scope])
        return _Response(404, {"message": f"fake Discord has no route {method} {path}", "code": 0})

    def _refuse(self, sent: Sent, status: int, body: dict[str, Any]) -> _Response:
        self.refusals.append((sent, status, body))
        return _Response(status, body)

    def _refused_callback(self, sent: Sent, token: str) -> _Response | None:
        """Discord's answer to a callback it refuses (None: it takes it): an interaction
        acknowledged already (40060), a callback type its kind does not take, a body past
        Discord's limits or with flags it may not carry (50035), an empty message (50006)."""
        exchange = self.exchanges.get(token)
        if exchange is None:
            return self._refuse(sent, 404, {"message": "Unknown interaction", "code": 10062})
        if exchange.acknowledged:
            body = {"message": "Interaction has already been acknowledged.", "code": 40060}
            return self._refuse(sent, 400, body)
        kind, data, payload = int(sent.body.get("type") or 0), sent.data, exchange.payload
        if wrong := callback_type_problem(payload["type"], kind, "message" in payload):
            problem = Problem(wrong, ("type",), *INVALID)
            return self._refuse(sent, 400, invalid_form_body([problem]))
        focused = focused_option((payload.get("data") or {}).get("options") or [])
        problems = callback_problems(
            kind,
            data,
            option_type=None if focused is None else int(focused.get("type") or 3),
            current_flags=int((payload.get("message") or {}).get("flags") or 0),
        )
        if problems:
            return self._refuse(sent, 400, invalid_form_body(problems))
        if kind == CHANNEL_MESSAGE and is_empty_message(data, list(sent.files)):
            body = {"message": "Cannot send an empty message", "code": 50006}
            return self._refuse(sent, 400, body)
        self._taken(exchange, sent)
        return None

    @staticmethod
    def _taken(exchange: Exchange, sent: Sent) -> None:
        """``sent``, a callback, acknowledged the interaction: the response a PATCH of
        @original edits is now the reply, the "thinking…" message, or the pressed message an
        update answers on (a modal or choices leave none)."""
        exchange.acknowledged = True
        kind, payload = int(sent.body.get("type") or 0), exchange.payload
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            exchange.original_flags = int(sent.data.get("flags") or 0)
            exchange.original_made_here = True
        elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and "message" in payload:
            exchange.original_flags = int(payload["message"].get("flags") or 0)

    def _refused_webhook(self, sent: Sent, token: str, original: bool) -> _Response | None:
        """Discord's answer to a follow-up or an edit of the original response it refuses:
        none before the interaction is acknowledged (10015), none past Discord's limits or with
        flags the request may not carry (50035); an empty new message (50006)."""
        exchange = self.exchanges.get(token)
        if exchange is None or not exchange.acknowledged:
            return self._refuse(sent, 404, {"message": "Unknown Webhook", "code": 10015})
        data = sent.data
        if sent.method == "PATCH":
            if original and exchange.original_flags is None:
                return self._refuse(sent, 404, {"message": "Unknown Message", "code": 10008})
            flags = edit_flag_problems(data.get("flags"), exchange.original_flags or 0)
        else:
            flags = flag_problems(data.get("flags"), CREATE_FLAGS)
        if problems := message_problems(data) + flags:
            return self._refuse(sent, 400, invalid_form_body(problems))
        if sent.method == "POST" and is_empty_message(data, list(sent.files)):
            body = {"message": "Cannot send an empty message", "code": 50006}
            return self._refuse(sent, 400, body)
        return None

    def _original(self, exchange: Exchange, sent: Sent) -> _Response:
        """``GET …/messages/@original``, as Discord answers it: the reply, the "thinking…"
        message, or (a press taken by an update) the message the button is on, with its
        ``flags`` as Discord keeps them. Not an answer to the interaction: not in ``sent``."""
        if exchange.original_flags is None:
            return self._refuse(sent, 404, {"message": "Unknown Message", "code": 10008})
        shown = exchange.messages[-1] if exchange.messages else exchange.payload.get("message")
        message = {**(shown or {"id": str(self.snowflake())}), "flags": exchange.original_flags}
        if exchange.original_made_here:
            message.update(_made_for(exchange.payload))
        return _Response(200, message)

    def _callback(
        self, sent: Sent, interaction_id: int, token: str, *, described: bool
    ) -> _Response:
        exchange = self.exchanges[token]
        exchange.sent.append(sent)
        kind = sent.callback_type
        answer: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            message = self._message(exchange, sent.data, sent.files)
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        return _Response(200, answer) if described else _Response(204, None)

    def _message(
        self, exchange: Exchange, data: dict[str, Any], files: dict[str, bytes]
    ) -> dict[str, Any]:
        message = {
            "id": str(self.snowflake()),
            "channel_id": str(self._channels.get(exchange.token) or TEXT_CHANNEL_ID),
            "type": 0,
            "content": data.get("content") or "",
            "embeds": data.get("embeds", []),
            "components": data.get("components", []),
            "flags": data.get("flags", 0),
            "author": BOT_USER,
            "attachments": [
                {
                    "id": str(self.snowflake()),
                    "filename": name,
                    "size": len(content),
                    "url": f"{CDN}/{name}",
                    "proxy_url": f"{CDN}/{name}",
                }
                for name, content in files.items()
            ],
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "application_id": str(APP_ID),
            "webhook_id": str(APP_ID),
        }
        exchange.messages.append(message)
        return message

    # -- gateway payloads -------------------------------------------------------------------

    def interaction(
        self,
        kind: int,
        data: dict[str, Any],
        asker: Asker,
        *,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE payload, shaped as Discord sends it."""
        token = f"token-{self.snowflake()}"
        payload: dict[str, Any] = {
            "id": str(self.snowflake()),
            "application_id": str(APP_ID),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "locale": "en-US",
            "app_permissions": str(ADMIN_PERMISSIONS.value),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if asker.channel is None:
            dm_id = self.snowflake()
            payload["user"] = user_payload(asker.user_id)
            payload["channel"] = {
                "id": str(dm_id),
                "type": 1,
                "recipients": [user_payload(asker.user_id)],
            }
            payload["channel_id"] = str(dm_id)
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"0": "0"}
            self._channels[token] = dm_id
        else:
            payload["guild_id"] = str(GUILD_ID)
            payload["guild"] = {"id": str(GUILD_ID), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["channel"] = asker.channel.payload()
            payload["channel_id"] = str(asker.channel.id)
            payload["member"] = {
                "user": user_payload(asker.user_id),
                "roles": [str(role) for role in asker.roles],
                "permissions": str(asker.permissions.value),
                "joined_at": "2024-01-01T00:00:00+00:00",
                "flags": 0,
                "deaf": False,
                "mute": False,
                "pending": False,
                "nick": None,
                "avatar": None,
            }
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": str(GUILD_ID)}
            self._channels[token] = asker.channel.id
        if message is not None:
            payload["message"] = message
        self.exchanges[token] = Exchange(token, payload=payload)
        return payload


def _decode(data: Any) -> tuple[Any, dict[str, bytes]]:
    """A request body as JSON, and the files of a multipart body by file name."""
    if data is None:
        return None, {}
    if isinstance(data, str | bytes):
        return json.loads(data), {}
    assert isinstance(data, aiohttp.FormData)
    body: Any = None
    files: dict[str, bytes] = {}
    for options, _headers, value in data._fields:
        if options["name"] == "payload_json":
            body = json.loads(value)
        else:
            files[options["filename"]] = value.read()
    return body, files


def _application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "Epilogue",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user_payload(OWNER_ID, "owner"),
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
    }


class Session:
    """One running bot against FakeDiscord, and the ways a member reaches it."""

    def __init__(self, discord_: FakeDiscord, bot: EpilogueBot) -> None:
        self.discord = discord_
        self.bot = bot

    @classmethod
    async def start(cls, fake: FakeDiscord, bot: EpilogueBot) -> Session:
        """Log in exactly as ``bot.start`` would (``setup_hook`` included), minus the gateway."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(aiohttp, "ClientSession", lambda *args, **kwargs: fake)
            await bot.login(TOKEN)
        bot._connection.parse_guild_create(guild_create_payload())
        bot._connection.parse_guild_create(
            guild_create_payload(OTHER_GUILD_ID, (OTHER_SERVER_CHANNEL,))
        )
        return cls(fake, bot)

    async def close(self) -> None:
        await self.bot.close()

    # -- what members do ----------------------------------------------------------------------

    async def command(
        self,
        name: str,
        asker: Asker = MEMBER,
        *,
        raw_options: list[dict[str, Any]] | None = None,
        **options: Any,
    ) -> Exchange:
        """Run ``/name`` with these option values, as Discord's client would send them."""
        data = self.command_data(name, options, raw_options=raw_options)
        return await self.dispatch(self.discord.interaction(2, data, asker))

    async def autocomplete(
        self, name: str, focused: str, asker: Asker = MEMBER, **options: Any
    ) -> list[dict[str, Any]]:
        """Type into option ``focused`` of ``/name``; the choices the bot offers."""
        data = self.command_data(name, options, focused=focused)
        exchange = await self.dispatch(self.discord.interaction(4, data, asker))
        assert exchange.first.callback_type == AUTOCOMPLETE_RESULT
        return exchange.first.data["choices"]

    async def press(
        self, message: dict[str, Any], custom_id: str, asker: Asker = MEMBER
    ) -> Exchange:
        """Click the button ``custom_id`` on ``message``."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.dispatch(self.discord.interaction(3, data, asker, message=message))

    async def submit(
        self,
        custom_id: str,
        values: dict[str, str],
        asker: Asker = MEMBER,
        *,
        message: dict[str, Any] | None = None,
    ) -> Exchange:
        """Submit the form ``custom_id`` with these text input values."""
        data = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
                for key, value in values.items()
            ],
        }
        return await self.dispatch(self.discord.interaction(5, data, asker, message=message))

    async def dispatch(self, payload: dict[str, Any]) -> Exchange:
        """Deliver INTERACTION_CREATE through discord.py's parser and wait for the bot's work."""
        # As the gateway does: through the parsers table, where the bot may have wrapped one.
        self.bot._connection.parsers["INTERACTION_CREATE"](payload)
        await settle()
        return self.discord.exchanges[payload["token"]]

    # -- payload building ---------------------------------------------------------------------

    def command_data(
        self,
        name: str,
        options: dict[str, Any],
        *,
        focused: str | None = None,
        raw_options: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """``data`` of an application command interaction, with resolved objects."""
        group_name, _, sub_name = name.partition(" ")
        group = self.bot.tree.get_command(group_name)
        assert isinstance(group, discord.app_commands.Group), f"/{group_name} is not a group"
        command = group.get_command(sub_name)
        assert isinstance(command, discord.app_commands.Command), f"no /{name}"
        types = {parameter.display_name: parameter.type for parameter in command.parameters}
        resolved: dict[str, dict[str, Any]] = {}
        given = list(raw_options or [])
        for key, value in options.items():
            option: dict[str, Any] = {"name": key, "type": types[key].value}
            option["value"] = self._option_value(value, resolved)
            if key == focused:
                option["focused"] = True
            given.append(option)
        if focused is not None and focused not in options:
            given.append(
                {"name": focused, "type": types[focused].value, "value": "", "focused": True}
            )
        data: dict[str, Any] = {
            "id": str(APP_ID + 1),
            "name": group_name,
            "type": 1,
            "options": [{"type": 1, "name": sub_name, "options": given}],
        }
        if resolved:
            data["resolved"] = resolved
        return data

    def _option_value(self, value: Any, resolved: dict[str, dict[str, Any]]) -> Any:
        if isinstance(value, Channel):
            resolved.setdefault("channels", {})[str(value.id)] = value.resolved()
            return str(value.id)
        if isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if isinstance(value, Attachment):
            attachment_id = str(self.discord.snowflake())
            url = f"{CDN}/{attachment_id}/{value.filename}"
            self.discord.cdn[url] = value.data
            resolved.setdefault("attachments", {})[attachment_id] = {
                "id": attachment_id,
                "filename": value.filename,
                "size": value.size if value.size is not None else len(value.data),
                "url": url,
                "proxy_url": url,
                "content_type": "text/yaml",
            }
            return attachment_id
        return value


TASK_PREFIXES = ("CommandTree-invoker", "discord-ui-", "discord.py: ")


async def settle() -> None:
    """Wait until discord.py has finished handling everything dispatched so far."""
    current = asyncio.current_task()
    for _ in range(50):
        pending = [
            task
            for task in asyncio.all_tasks()
            if task is not current and not task.done() and task.get_name().startswith(TASK_PREFIXES)
        ]
        if not pending:
            return
        await asyncio.wait(pending, timeout=10)
    raise AssertionError("discord.py tasks did not finish")


def _made_for(interaction: dict[str, Any]) -> dict[str, Any]:
    """What Discord says of a message made for ``interaction``: the interaction (id, kind,
    who made it) and the channel it was made in."""
    user = (interaction.get("member") or {}).get("user") or interaction.get("user") or {}
    described: dict[str, Any] = {
        "interaction_metadata": {
            "id": str(interaction.get("id")),
            "type": interaction.get("type"),
            "user": {"id": str(user.get("id"))},
        }
    }
    if interaction.get("channel_id") is not None:
        described["channel_id"] = str(interaction["channel_id"])
    return described
