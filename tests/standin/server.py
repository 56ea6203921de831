"""A loopback stand-in for Discord (REST + gateway) that unmodified discord.py runs against.

Point a client at it with ``cogs.discord_endpoints.point_client_at(server.api_base,
server.gateway_url)``. The server is the only moving part: the bot can live in
this process or in a subprocess, and tests drive it through helpers such as
:meth:`StandinServer.run_command`, which build the same INTERACTION_CREATE
payloads Discord would and wait for the bot's HTTP answers.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from . import commands as opt
from .gateway import Gateway
from .records import (
    EPHEMERAL,
    LOADING,
    InteractionRecord,
    InteractionResult,
    RecordedFile,
    RecordedRequest,
    StandinError,
    StandinMessage,
    StandinTimeout,
    walk_components,
)
from .world import (
    DEFAULT_EVERYONE,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Member,
    Role,
    StandinWorld,
    User,
    snowflake,
)

API_PREFIX = "/api/v10"
GATEWAY_PATHS = ("/gateway", "/resume-gateway")
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
# Component type -> the option type whose resolution rules its values follow.
_SELECT_KINDS = {5: opt.USER, 6: opt.ROLE, 7: opt.MENTIONABLE, 8: opt.CHANNEL}

UserRef = User | Member | int | str
GuildRef = Guild | int | str | None
ChannelRef = Channel | int | str | None
MessageRef = StandinMessage | int | str


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses bodies only when Content-Type is exactly "application/json";
    # web.json_response would append "; charset=utf-8".
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


def _error(status: int, message: str, code: int = 0) -> web.Response:
    return _json({"message": message, "code": code}, status)


def _now() -> str:
    return datetime.now(UTC).isoformat()


async def _parse_request(request: web.Request) -> RecordedRequest:
    rec = RecordedRequest(
        method=request.method,
        path=request.path,
        query=dict(request.query),
        headers=dict(request.headers),
    )
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, web.BodyPartReader):
                continue
            name = part.name or ""
            if part.filename is not None:
                data = bytes(await part.read())
                rec.files.append(RecordedFile(name, part.filename, part.headers.get("Content-Type"), data))
            elif name == "payload_json":
                rec.json = json.loads(await part.text())
            else:
                rec.form[name] = await part.text()
    elif request.can_read_body:
        body = await request.text()
        if body and request.content_type == "application/json":
            rec.json = json.loads(body)
        elif body:
            rec.form["body"] = body
    return rec


@dataclass
class _Context:
    """Who invokes an interaction, and where."""

    user: User
    guild: Guild | None
    channel: Channel | None
    channel_id: int


class StandinServer:
    """Discord's REST API and gateway on 127.0.0.1, backed by a :class:`StandinWorld`."""

    def __init__(
        self,
        world: StandinWorld | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        expected_token: str | None = None,
        heartbeat_interval_ms: int = 41250,
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
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.interactions: list[InteractionRecord] = []
        self.modals: list[tuple[InteractionRecord, dict[str, Any]]] = []
        self.channel_messages: dict[int, list[int]] = {}
        self._messages: dict[int, dict[str, Any]] = {}
        self._attachments: dict[int, tuple[dict[str, Any], bytes]] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self._by_id: dict[int, InteractionRecord] = {}
        self._dm_channels: dict[int, int] = {}
        self._resumes_at_drop = 0
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    async def start(self) -> StandinServer:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app.router)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.gateway.resume_url = f"ws://{self.host}:{self.port}/resume-gateway"
        return self

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> StandinServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- waiting --------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        *,
        timeout: float = 5.0,
        what: str | Callable[[], str] = "condition",
    ) -> None:
        """Block until ``predicate()`` holds; re-checked whenever the server sees traffic."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError as exc:
            text = what() if callable(what) else what
            raise StandinTimeout(f"timed out after {timeout}s waiting for {text}") from exc

    async def wait_ready(self, *, timeout: float = 5.0) -> None:
        """Wait until a bot identified, got READY + GUILD_CREATEs, and is connected."""

        def ready() -> bool:
            session = self.gateway.current
            return session is not None and session.identified and session.live

        await self.wait_for(ready, timeout=timeout, what="the bot to identify")

    async def drop_connection(self, *, code: int | None = None) -> None:
        """Cut the bot's gateway socket (see :meth:`Gateway.drop_connection`)."""
        self._resumes_at_drop = self.gateway.resume_count
        await self.gateway.drop_connection(code=code)

    async def wait_resumed(self, *, timeout: float = 5.0) -> None:
        """Wait for the RESUME that follows the last :meth:`drop_connection`."""

        def resumed() -> bool:
            session = self.gateway.current
            live = session is not None and session.live
            return live and self.gateway.resume_count > self._resumes_at_drop

        await self.wait_for(resumed, timeout=timeout, what="the bot to RESUME")

    # -- queries for assertions -------------------------------------------
    def message(self, message_id: int) -> StandinMessage | None:
        raw = self._messages.get(message_id)
        return None if raw is None else StandinMessage(json.loads(json.dumps(raw)))

    def messages_in(self, channel: Channel | int) -> list[StandinMessage]:
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
        """What a user sees in the command picker: guild commands, then global ones."""
        local = self.guild_commands.get(guild_id, []) if guild_id else []
        names = {c["name"] for c in local}
        return [*local, *(c for c in self.global_commands if c["name"] not in names)]

    def add_attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None, ephemeral: bool = False
    ) -> dict[str, Any]:
        """Host ``data`` under an attachment URL the bot can download."""
        aid = snowflake()
        url = f"{self.base_url}/attachments/{aid}/{quote(filename)}"
        guessed = mimetypes.guess_type(filename)[0]
        payload = {
            "id": str(aid),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type or guessed or "application/octet-stream",
            "ephemeral": ephemeral,
        }
        self._attachments[aid] = (payload, data)
        return payload

    def attachment_bytes(self, attachment: Mapping[str, Any]) -> bytes:
        return self._attachments[int(attachment["id"])][1]

    # -- high-level interaction helpers ----------------------------------
    async def run_command(
        self,
        command: str,
        *,
        user: UserRef,
        guild: GuildRef = None,
        channel: ChannelRef = None,
        roles: Sequence[Role | int] | None = None,
        options: Mapping[str, Any] | None = None,
        dm: bool = False,
        locale: str = "en-US",
        timeout: float = 5.0,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
    ) -> InteractionResult:
        """Invoke a slash command the way Discord's client would and await the answer.

        ``command`` is typed like in Discord: ``"/film ending film:La La Land private:true"``.
        ``options`` adds/overrides values (objects, bytes, ``(filename, bytes)``).
        Returns once the callback arrived and any deferral was resolved, plus
        ``followups`` follow-up messages and ``until(result)`` if given.
        """
        ctx = self._context(user, guild, channel, roles, dm)
        data = self._command_data(command, ctx, options, focused=None)
        record = await self.send_interaction(2, ctx, data, locale=locale)
        return await self._answer(record, timeout=timeout, followups=followups, until=until)

    async def autocomplete(
        self,
        command: str,
        *,
        user: UserRef,
        focused: str | None = None,
        guild: GuildRef = None,
        channel: ChannelRef = None,
        roles: Sequence[Role | int] | None = None,
        dm: bool = False,
        locale: str = "en-US",
        timeout: float = 5.0,
    ) -> list[dict[str, Any]]:
        """Type a partial command; returns the choices (``[{name, value}, ...]``).

        The focused option defaults to the last one written in ``command``.
        """
        ctx = self._context(user, guild, channel, roles, dm)
        data = self._command_data(command, ctx, None, focused=focused or "")
        record = await self.send_interaction(4, ctx, data, locale=locale)
        return (await self._answer(record, timeout=timeout)).choices

    async def press_button(
        self, message: MessageRef, custom_id: str, *, user: UserRef, timeout: float = 5.0, **wait: Any
    ) -> InteractionResult:
        raw, component = self._component(message, custom_id, user)
        if component["type"] != 2:
            raise StandinError(f"{custom_id!r} is a type {component['type']} component, not a button")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component_interaction(raw, data, user, timeout, wait)

    async def select(
        self,
        message: MessageRef,
        custom_id: str,
        values: Sequence[Any],
        *,
        user: UserRef,
        timeout: float = 5.0,
        **wait: Any,
    ) -> InteractionResult:
        """Pick ``values`` in a select menu (string values, or users/roles/channels)."""
        raw, component = self._component(message, custom_id, user)
        kind = component["type"]
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise StandinError(f"{custom_id!r} takes {low}..{high} values, got {len(values)}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind}
        if kind == 3:
            allowed = [o["value"] for o in component.get("options", [])]
            if bad := [v for v in values if v not in allowed]:
                raise StandinError(f"{custom_id!r}: {bad} not among options {allowed}")
            data["values"] = list(values)
        elif kind in _SELECT_KINDS:
            ctx = self._message_context(raw, user)
            resolved: dict[str, dict[str, Any]] = {}
            definition = {"name": custom_id, "type": _SELECT_KINDS[kind]}
            data["values"] = [str(self._snowflake(definition, v, ctx, resolved)) for v in values]
            data["resolved"] = resolved
        else:
            raise StandinError(f"{custom_id!r} is a type {kind} component, not a select")
        return await self._component_interaction(raw, data, user, timeout, wait)

    async def submit_modal(
        self,
        custom_id: str,
        values: Mapping[str, str | Sequence[str]],
        *,
        user: UserRef | None = None,
        timeout: float = 5.0,
        **wait: Any,
    ) -> InteractionResult:
        """Fill in and submit the most recent modal with ``custom_id`` the bot opened."""
        uid = None if user is None else self._find_user(user).id
        for opener, modal in reversed(self.modals):
            if modal.get("custom_id") == custom_id and uid in (None, opener.user.id):
                break
        else:
            raise StandinError(f"the bot never opened a modal {custom_id!r} for this user")
        remaining = dict(values)
        components = [self._fill_modal(c, remaining) for c in modal.get("components", [])]
        if remaining:
            raise StandinError(f"modal {custom_id!r} has no fields {sorted(remaining)}")
        guild = self.world.guilds.get(opener.guild_id) if opener.guild_id else None
        chan = guild.channels.get(opener.channel_id) if guild else None
        ctx = _Context(opener.user, guild, chan, opener.channel_id)
        data = {"custom_id": custom_id, "components": components}
        message = opener.payload.get("message")
        record = await self.send_interaction(5, ctx, data, message=message)
        if message is not None:
            record.original_id = int(message["id"])
        return await self._answer(record, timeout=timeout, **wait)

    # -- low-level interaction plumbing -----------------------------------
    async def send_interaction(
        self,
        type_: int,
        ctx: _Context,
        data: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Build an INTERACTION_CREATE like Discord's and dispatch it on the gateway."""
        iid = snowflake()
        token = f"standin-{iid}-{secrets.token_hex(12)}"
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.world.application_id),
            "type": type_,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(ctx.channel_id),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        guild, user = ctx.guild, ctx.user
        if guild is not None:
            assert ctx.channel is not None
            perms = guild.permissions_in(user.id, ctx.channel)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                channel=guild.channel_payload_for(ctx.channel, user.id),
                member=guild.members[user.id].payload(perms),
                app_permissions=str(guild.permissions_in(self.world.bot.id, ctx.channel)),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            dm_channel = {
                "id": str(ctx.channel_id),
                "type": 1,
                "recipients": [user.payload()],
                "last_message_id": None,
                "flags": 0,
            }
            payload.update(
                channel=dm_channel,
                user=user.payload(),
                app_permissions=str(DEFAULT_EVERYONE),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        record = InteractionRecord(
            iid, token, type_, payload, user, guild.id if guild else None, ctx.channel_id
        )
        self.interactions.append(record)
        self._by_token[token] = record
        self._by_id[iid] = record
        record.sent_at = time.perf_counter()
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record

    async def _answer(
        self,
        record: InteractionRecord,
        *,
        timeout: float,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
    ) -> InteractionResult:
        result = InteractionResult(self, record)

        def answered() -> bool:
            if record.callback is None or self._loading(record):
                return False
            if len(record.followup_ids) < followups:
                return False
            return until is None or until(result)

        def describe() -> str:
            seen = [str(r) for r in record.requests] or ["nothing"]
            return f"an answer to interaction {record.id} (type {record.type}); bot sent {seen}"

        await self.wait_for(answered, timeout=timeout, what=describe)
        return result

    def _loading(self, record: InteractionRecord) -> bool:
        if record.callback_type != 5 or record.original_id is None:
            return False
        original = self._messages.get(record.original_id)
        return original is not None and bool(int(original.get("flags", 0)) & LOADING)

    async def _component_interaction(
        self,
        raw: dict[str, Any],
        data: dict[str, Any],
        user: UserRef,
        timeout: float,
        wait: Mapping[str, Any],
    ) -> InteractionResult:
        ctx = self._message_context(raw, user)
        record = await self.send_interaction(3, ctx, data, message=raw)
        record.original_id = int(raw["id"])
        return await self._answer(record, timeout=timeout, **wait)

    def _component(self, ref: MessageRef, custom_id: str, user: UserRef) -> tuple[dict, dict]:
        mid = ref.id if isinstance(ref, StandinMessage) else int(ref)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        if int(raw.get("flags", 0)) & EPHEMERAL:
            owner = int(raw.get("interaction_metadata", {}).get("user", {}).get("id", 0))
            if owner != self._find_user(user).id:
                raise StandinError(f"message {mid} is ephemeral; only user {owner} can see it")
        for component in walk_components(raw.get("components") or []):
            if component.get("custom_id") == custom_id:
                if component.get("disabled"):
                    raise StandinError(f"component {custom_id!r} is disabled")
                return json.loads(json.dumps(raw)), component
        found = StandinMessage(raw).custom_ids
        raise StandinError(f"message {mid} has no component {custom_id!r}; it has {found}")

    def _fill_modal(self, component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        kind = component["type"]
        out: dict[str, Any] = {"type": kind}
        if "id" in component:
            out["id"] = component["id"]
        if kind == 1:
            out["components"] = [self._fill_modal(c, values) for c in component["components"]]
        elif kind == 18:
            out["component"] = self._fill_modal(component["component"], values)
        elif "custom_id" in component:
            cid = component["custom_id"]
            if kind == 4:
                value = values.pop(cid, component.get("value") or "")
                if component.get("required", True) and not value:
                    raise StandinError(f"modal field {cid!r} is required")
                out.update(custom_id=cid, value=str(value))
            else:
                picked = values.pop(cid, [])
                out.update(custom_id=cid, values=[picked] if isinstance(picked, str) else list(picked))
        return out

    def _command_data(
        self,
        text: str,
        ctx: _Context,
        extra: Mapping[str, Any] | None,
        *,
        focused: str | None,
    ) -> dict[str, Any]:
        parsed = opt.parse_command(text, self.commands_for(ctx.guild.id if ctx.guild else None))
        self._check_can_use(parsed.command, ctx)
        raw: dict[str, Any] = dict(parsed.raw)
        for name, value in (extra or {}).items():
            if name not in parsed.definitions:
                raise StandinError(f"/{parsed.qualified_name} has no option {name!r}")
            raw[name] = value
        if focused == "":
            if not raw:
                raise StandinError("autocomplete needs at least one option typed")
            focused = list(raw)[-1]
        missing = [
            n for n, d in parsed.definitions.items() if d.get("required") and n not in raw
        ]
        if focused is None and missing:
            raise StandinError(f"/{parsed.qualified_name} is missing required options {missing}")

        resolved: dict[str, dict[str, Any]] = {}
        leaf: list[dict[str, Any]] = []
        for name, definition in parsed.definitions.items():  # Discord keeps declared order
            if name not in raw:
                continue
            item: dict[str, Any] = {"name": name, "type": definition["type"]}
            if name == focused:
                item.update(value=str(raw[name]), focused=True)
            elif definition["type"] in opt.SNOWFLAKE_TYPES:
                item["value"] = str(self._snowflake(definition, raw[name], ctx, resolved))
            else:
                item["value"] = opt.convert_scalar(definition, raw[name])
            leaf.append(item)
        for sub in reversed(parsed.path):
            leaf = [{"name": sub["name"], "type": sub["type"], "options": leaf}]

        command = parsed.command
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if leaf:
            data["options"] = leaf
        if resolved:
            data["resolved"] = resolved
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def _check_can_use(self, command: dict[str, Any], ctx: _Context) -> None:
        """Discord hides commands a user may not run; refuse to invoke them."""
        context = 0 if ctx.guild else 1
        contexts = command.get("contexts")
        if contexts is not None and context not in contexts:
            raise StandinError(f"/{command['name']} is not available in context {context}")
        if ctx.guild is None:
            if command.get("dm_permission") is False:
                raise StandinError(f"/{command['name']} is not available in DMs")
            return
        required = command.get("default_member_permissions")
        if required is not None:
            have = ctx.guild.base_permissions(ctx.user.id)
            if have & int(required) != int(required):
                raise StandinError(f"{ctx.user.username} lacks permissions for /{command['name']}")

    def _snowflake(
        self,
        definition: dict[str, Any],
        value: Any,
        ctx: _Context,
        resolved: dict[str, dict[str, Any]],
    ) -> int:
        """Resolve a user/channel/role/mentionable/attachment value and fill ``resolved``."""
        kind, guild = definition["type"], ctx.guild
        if kind == opt.ATTACHMENT:
            attachment = self._attachment_from(definition["name"], value)
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return int(attachment["id"])
        if kind == opt.CHANNEL:
            channel = self._find_channel(value, guild)
            if (types := definition.get("channel_types")) and channel.type not in types:
                raise StandinError(f"{definition['name']}: channel type {channel.type} not in {types}")
            assert guild is not None
            payload = guild.channel_payload_for(channel, ctx.user.id)
            resolved.setdefault("channels", {})[str(channel.id)] = payload
            return channel.id
        role = None
        if kind in (opt.ROLE, opt.MENTIONABLE):
            role = self._find_role(value, guild, required=kind == opt.ROLE)
        if role is not None:
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            return role.id
        user = self._find_user(value)
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if guild is not None and user.id in guild.members:
            member = guild.members[user.id].payload(guild.permissions_in(user.id, ctx.channel))
            del member["user"]
            resolved.setdefault("members", {})[str(user.id)] = member
        return user.id

    def _attachment_from(self, name: str, value: Any) -> dict[str, Any]:
        if isinstance(value, Mapping) and "id" in value:
            return dict(value)
        if isinstance(value, str) and value.startswith("@"):
            value = Path(value[1:]).expanduser()
        if isinstance(value, Path):
            return self.add_attachment(value.name, value.read_bytes(), ephemeral=True)
        if isinstance(value, bytes):
            return self.add_attachment(f"{name}.bin", value, ephemeral=True)
        if isinstance(value, tuple) and len(value) == 2:
            return self.add_attachment(str(value[0]), bytes(value[1]), ephemeral=True)
        raise StandinError(f"{name}: give an attachment as '@path', bytes or (filename, bytes)")

    # -- world lookups ----------------------------------------------------
    def _find_user(self, ref: UserRef) -> User:
        if isinstance(ref, User):
            return ref
        if isinstance(ref, Member):
            return ref.user
        if isinstance(ref, int) or (isinstance(ref, str) and opt.mention_id(ref) is not None):
            uid = ref if isinstance(ref, int) else opt.mention_id(ref)
            if uid in self.world.users:
                return self.world.users[uid]
        elif isinstance(ref, str):
            name = ref.removeprefix("@")
            for user in self.world.users.values():
                if user.username == name:
                    return user
        raise StandinError(f"unknown user {ref!r}")

    def _find_guild(self, ref: GuildRef) -> Guild:
        guilds = self.world.guilds
        if isinstance(ref, Guild):
            return ref
        if ref is None:
            if len(guilds) != 1:
                raise StandinError(f"say which guild: the world has {len(guilds)}")
            return next(iter(guilds.values()))
        if isinstance(ref, int) and ref in guilds:
            return guilds[ref]
        for guild in guilds.values():
            if guild.name == ref or str(guild.id) == ref:
                return guild
        raise StandinError(f"unknown guild {ref!r}")

    def _find_channel(self, ref: ChannelRef, guild: Guild | None) -> Channel:
        if isinstance(ref, Channel):
            return ref
        if guild is None:
            raise StandinError("channels can only be resolved inside a guild")
        if ref is None:
            text = [c for c in guild.channels.values() if c.type == 0]
            if not text:
                raise StandinError(f"guild {guild.name!r} has no text channel")
            return text[0]
        cid = ref if isinstance(ref, int) else opt.mention_id(ref)
        if cid is not None and cid in guild.channels:
            return guild.channels[cid]
        if isinstance(ref, str):
            for channel in guild.channels.values():
                if channel.name == ref.removeprefix("#"):
                    return channel
        raise StandinError(f"unknown channel {ref!r} in guild {guild.name!r}")

    def _find_role(self, ref: Any, guild: Guild | None, *, required: bool) -> Role | None:
        if isinstance(ref, Role):
            return ref
        if guild is not None:
            rid = ref if isinstance(ref, int) else opt.mention_id(str(ref))
            if rid is not None and rid in guild.roles:
                return guild.roles[rid]
            if isinstance(ref, str):
                name = "@everyone" if ref in ("@everyone", "everyone") else ref.removeprefix("@")
                for role in guild.roles.values():
                    if role.name == name:
                        return role
        if required:
            raise StandinError(f"unknown role {ref!r}")
        return None

    def _where(self, channel_id: int) -> tuple[Guild | None, Channel | None]:
        found = self.world.find_channel(channel_id)
        return found if found else (None, None)

    def _guild_of(self, channel: ChannelRef) -> Guild | None:
        """The guild a channel reference points into, so ``guild=`` can be omitted."""
        if isinstance(channel, Channel):
            return self.world.guilds[channel.guild_id]
        cid = channel if isinstance(channel, int) else opt.mention_id(channel or "")
        found = self.world.find_channel(cid) if cid is not None else None
        return found[0] if found else None

    def _message_context(self, raw: Mapping[str, Any], user: UserRef) -> _Context:
        """Interactions on a message happen where the message is (guild channel or DM)."""
        guild, channel = self._where(int(raw["channel_id"]))
        if guild is None:
            return _Context(self._find_user(user), None, None, int(raw["channel_id"]))
        return self._context(user, guild, channel, None, False)

    def _dm_channel_id(self, user_id: int) -> int:
        return self._dm_channels.setdefault(user_id, snowflake())

    def _context(
        self,
        user: UserRef,
        guild: GuildRef,
        channel: ChannelRef,
        roles: Sequence[Role | int] | None,
        dm: bool,
    ) -> _Context:
        who = self._find_user(user)
        if dm:
            return _Context(who, None, None, self._dm_channel_id(who.id))
        where = self._find_guild(guild if guild is not None else self._guild_of(channel))
        chan = self._find_channel(channel, where)
        if chan.guild_id != where.id:
            raise StandinError(f"channel {chan.name!r} is not in guild {where.name!r}")
        if roles is not None or who.id not in where.members:
            where.add_member(who, list(roles) if roles is not None else None)
        return _Context(who, where, chan, chan.id)

    # -- HTTP plumbing ---------------------------------------------------------
    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path.startswith("/_standin") or request.path in GATEWAY_PATHS:
            return await handler(request)
        rec = await _parse_request(request)
        request["rec"] = rec
        self.requests.append(rec)
        try:
            if self._needs_bot_auth(request) and not self._authorised(request):
                response: web.StreamResponse = _error(401, "401: Unauthorized")
            else:
                response = await handler(request)
            rec.status = response.status
            return response
        finally:
            await self._notify()

    def _needs_bot_auth(self, request: web.Request) -> bool:
        path = request.path
        if not path.startswith(API_PREFIX) or self.expected_token is None:
            return False
        # Interaction callbacks and webhooks are authorised by their token in the URL.
        return not path.startswith((API_PREFIX + "/interactions/", API_PREFIX + "/webhooks/"))

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.expected_token}"

    def _add_routes(self, router: web.UrlDispatcher) -> None:
        p = API_PREFIX
        for path in GATEWAY_PATHS:
            router.add_get(path, self.gateway.handle)
        routes: list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/applications/{app}/commands", self._get_commands),
            ("PUT", "/applications/{app}/commands", self._put_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._get_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands),
            ("POST", "/interactions/{iid}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("GET", "/channels/{cid}", self._get_channel),
            ("GET", "/channels/{cid}/messages", self._list_messages),
            ("POST", "/channels/{cid}/messages", self._create_channel_message),
            ("GET", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("PATCH", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("DELETE", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("GET", "/guilds/{gid}", self._get_guild),
            ("GET", "/guilds/{gid}/channels", self._get_guild),
            ("GET", "/guilds/{gid}/roles", self._get_guild),
            ("GET", "/guilds/{gid}/members/{uid}", self._get_member),
        ]
        for method, path, handler in routes:
            router.add_route(method, p + path, handler)
        router.add_get("/attachments/{aid}/{filename}", self._download)
        router.add_get("/_standin/state", self._control_state)
        router.add_post("/_standin/{action}", self._control)
        router.add_route("*", "/{tail:.*}", self._unknown)  # must stay last

    async def _unknown(self, request: web.Request) -> web.Response:
        request["rec"].known = False
        return _error(404, "404: Not Found")

    # -- REST: identity & gateway --------------------------------------------
    async def _get_me(self, request: web.Request) -> web.Response:
        return _json({**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def _get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(int(request.match_info["user_id"]))
        return _json(user.payload()) if user else _error(404, "Unknown User", 10013)

    async def _get_application(self, request: web.Request) -> web.Response:
        world = self.world
        return _json(
            {
                "id": str(world.application_id),
                "name": world.bot.username,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": world.owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": world.application_flags,
                "rpc_origins": [],
                "summary": "",
                "bot": world.bot.payload(),
            }
        )

    async def _get_gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    # -- REST: application commands ----------------------------------------
    def _command_list(self, request: web.Request) -> list[dict[str, Any]]:
        guild = request.match_info.get("guild")
        if guild is None:
            return self.global_commands
        return self.guild_commands.setdefault(int(guild), [])

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self._command_list(request))

    async def _put_commands(self, request: web.Request) -> web.Response:
        body = request["rec"].json
        if not isinstance(body, list):
            return _error(400, "Invalid Form Body", 50035)
        guild = request.match_info.get("guild")
        previous = {c["name"]: c for c in self._command_list(request)}
        stored = []
        for command in body:
            entry = {
                "type": 1,
                "default_member_permissions": None,
                "nsfw": False,
                **command,
                # Discord keeps ids stable across overwrites of a same-named command.
                "id": previous.get(command["name"], {}).get("id") or str(snowflake()),
                "application_id": str(self.world.application_id),
                "version": str(snowflake()),
            }
            if guild is not None:
                entry["guild_id"] = guild
            stored.append(entry)
        if guild is None:
            self.global_commands = stored
        else:
            self.guild_commands[int(guild)] = stored
        return _json(stored)

    # -- REST: interaction responses ---------------------------------------
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
                "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
            }
        self._apply(message, body, files, creating=True)
        self._messages[mid] = message
        self.channel_messages.setdefault(channel_id, []).append(mid)
        return message

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
        return self.add_attachment(filename or file.filename, file.data, content_type=file.content_type)

    def _record_for(self, request: web.Request) -> InteractionRecord | None:
        record = self._by_token.get(request.match_info["token"])
        if record is not None:
            record.requests.append(request["rec"])
        return record

    async def _callback(self, request: web.Request) -> web.Response:
        record = self._record_for(request)
        if record is None or str(record.id) != request.match_info["iid"]:
            return _error(404, "Unknown interaction", 10062)
        if record.callback is not None:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        rec: RecordedRequest = request["rec"]
        body = rec.json or {}
        kind, data = int(body.get("type", 0)), body.get("data") or {}
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}.get(record.type, set())
        if kind not in allowed:
            return _error(400, f"Interaction callback type {kind} invalid here", 50035)
        record.callback_at = time.perf_counter()
        record.callback = body
        message: dict[str, Any] | None = None
        type_ = 20 if record.type == 2 else 0
        if kind == 4:
            message = self._new_message(record.channel_id, data, rec.files, record=record, type_=type_)
        elif kind == 5:
            loading = {"flags": LOADING | (int(data.get("flags") or 0) & EPHEMERAL)}
            message = self._new_message(record.channel_id, loading, [], record=record, type_=type_)
        elif kind in (6, 7) and record.original_id is not None:
            message = self._messages.get(record.original_id)
            if kind == 7 and message is not None:
                self._apply(message, data, rec.files, creating=False)
            if message is not None and record.original_id not in record.message_ids:
                record.message_ids.append(record.original_id)
        elif kind == 9:
            self.modals.append((record, data))
        if kind in (4, 5) and message is not None:
            record.original_id = int(message["id"])
            record.message_ids.append(record.original_id)

        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        summary: dict[str, Any] = {"id": str(record.id), "type": record.type}
        response: dict[str, Any] = {"interaction": summary}
        if message is not None and kind in (4, 5, 7):
            summary.update(
                response_message_id=message["id"],
                response_message_loading=kind == 5,
                response_message_ephemeral=bool(int(message["flags"]) & EPHEMERAL),
            )
            response["resource"] = {"type": kind, "message": message}
        elif kind != 6:
            response["resource"] = {"type": kind}
        return _json(response)

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._record_for(request)
        if record is None or record.callback is None or not self._app_matches(request):
            return _error(404, "Unknown Webhook", 10015)
        rec: RecordedRequest = request["rec"]
        body = rec.json or {}
        if self._loading(record):
            # Discord's rule: the first follow-up after a "thinking" defer replaces that message.
            assert record.original_id is not None
            message = self._messages[record.original_id]
            self._apply(message, body, rec.files, creating=False)
        else:
            type_ = 20 if record.type == 2 else 0
            message = self._new_message(record.channel_id, body, rec.files, record=record, type_=type_)
            record.message_ids.append(int(message["id"]))
        record.followup_ids.append(int(message["id"]))
        return _json(message) if request.query.get("wait") in ("1", "true", "True") else web.Response(status=204)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        record = self._record_for(request)
        if record is None or not self._app_matches(request):
            return _error(404, "Unknown Webhook", 10015)
        ref = request.match_info["mid"]
        mid = record.original_id if ref == "@original" else int(ref)
        owned = {record.original_id, *record.message_ids}
        if mid is None or mid not in owned or mid not in self._messages:
            return _error(404, "Unknown Message", 10008)
        message = self._messages[mid]
        rec: RecordedRequest = request["rec"]
        if request.method == "PATCH":
            self._apply(message, rec.json or {}, rec.files, creating=False)
            record.edits.append(rec.json or {})
            if mid not in record.message_ids:
                record.message_ids.append(mid)
        elif request.method == "DELETE":
            self._delete(mid)
            record.deleted.append(mid)
            return web.Response(status=204)
        return _json(message)

    def _app_matches(self, request: web.Request) -> bool:
        return request.match_info["app"] == str(self.world.application_id)

    def _delete(self, mid: int) -> None:
        message = self._messages.pop(mid)
        ids = self.channel_messages.get(int(message["channel_id"]), [])
        if mid in ids:
            ids.remove(mid)

    # -- REST: channels, guilds, attachments -----------------------------------
    def _channel_or_404(self, request: web.Request) -> tuple[Guild | None, int] | web.Response:
        cid = int(request.match_info["cid"])
        guild, channel = self._where(cid)
        if channel is None and cid not in self._dm_channels.values():
            return _error(404, "Unknown Channel", 10003)
        return guild, cid

    async def _get_channel(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is None:
            return _json({"id": str(cid), "type": 1, "recipients": [], "last_message_id": None})
        return _json(guild.channels[cid].payload())

    async def _list_messages(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        limit = int(request.query.get("limit", 50))
        newest_first = list(reversed(self.channel_messages.get(found[1], [])))[:limit]
        return _json([self._messages[mid] for mid in newest_first])

    async def _create_channel_message(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is not None:
            needed = VIEW_CHANNEL | SEND_MESSAGES
            if guild.permissions_in(self.world.bot.id, guild.channels[cid]) & needed != needed:
                return _error(403, "Missing Permissions", 50013)
        rec: RecordedRequest = request["rec"]
        body = rec.json or {}
        type_ = 19 if body.get("message_reference") else 0
        message = self._new_message(cid, body, rec.files, type_=type_)
        if guild is not None and self.gateway.wants_messages():
            me = guild.members[self.world.bot.id].payload()
            del me["user"]
            await self.gateway.dispatch(
                "MESSAGE_CREATE", {**message, "guild_id": str(guild.id), "member": me}
            )
        return _json(message)

    async def _channel_message(self, request: web.Request) -> web.StreamResponse:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        mid = int(request.match_info["mid"])
        message = self._messages.get(mid)
        if message is None or int(message["channel_id"]) != found[1]:
            return _error(404, "Unknown Message", 10008)
        rec: RecordedRequest = request["rec"]
        if request.method == "PATCH":
            self._apply(message, rec.json or {}, rec.files, creating=False)
        elif request.method == "DELETE":
            self._delete(mid)
            return web.Response(status=204)
        return _json(message)

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        if guild is None:
            return _error(404, "Unknown Guild", 10004)
        payload = guild.payload(self.world.bot.id)
        tail = request.path.rsplit("/", 1)[-1]
        return _json(payload[tail] if tail in ("channels", "roles") else payload)

    async def _get_member(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        member = guild.members.get(int(request.match_info["uid"])) if guild else None
        return _json(member.payload()) if member else _error(404, "Unknown Member", 10007)

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._attachments.get(int(request.match_info["aid"]))
        if stored is None:
            return web.Response(status=404, text="not found")
        payload, data = stored
        return web.Response(body=data, content_type=payload["content_type"])

    # -- control API for a bot in another process -------------------------------
    async def _control_state(self, request: web.Request) -> web.Response:
        session = self.gateway.current
        return _json(
            {
                "api_base": self.api_base,
                "gateway_url": self.gateway_url,
                "identified": session is not None and session.identified,
                "live": session is not None and session.live,
                "resumes": self.gateway.resume_count,
                "global_commands": self.global_commands,
                "guild_commands": {str(k): v for k, v in self.guild_commands.items()},
                "requests": [str(r) for r in self.requests],
            }
        )

    async def _control(self, request: web.Request) -> web.Response:
        """JSON twins of the helpers: run_command, autocomplete, press_button, ..."""
        action = request.match_info["action"]
        args: dict[str, Any] = await request.json() if request.can_read_body else {}
        try:
            if action == "run_command":
                result = await self.run_command(args.pop("command"), **args)
                return _json(result.to_dict())
            if action == "autocomplete":
                return _json({"choices": await self.autocomplete(args.pop("command"), **args)})
            if action == "press_button":
                result = await self.press_button(args.pop("message_id"), args.pop("custom_id"), **args)
                return _json(result.to_dict())
            if action == "submit_modal":
                result = await self.submit_modal(args.pop("custom_id"), args.pop("values"), **args)
                return _json(result.to_dict())
            if action == "drop_connection":
                await self.drop_connection(**args)
                return _json({"ok": True})
            if action == "wait_ready":
                await self.wait_ready(**args)
                return _json({"ok": True})
        except (StandinError, KeyError, TypeError) as exc:
            return _error(400, f"{type(exc).__name__}: {exc}")
        return _error(404, f"unknown control action {action!r}")


def _file_index(field: str) -> int:
    match = re.fullmatch(r"files?\[(\d+)\]", field)
    return int(match.group(1)) if match else 0
