"""A loopback stand-in for Discord (REST + gateway) that unmodified discord.py runs against.

Point a client at it with ``client.endpoints.point_client_at(server.api_base,
server.gateway_url)``. The server is the only moving part: the bot can live in
this process or in a subprocess, and tests drive it through helpers such as
:meth:`StandinServer.run_command`, which build the same INTERACTION_CREATE
payloads Discord would and wait for the bot's HTTP answers.
"""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiohttp import web

from . import commands as opt
from .builder import ChannelRef, Context, GuildRef, InteractionBuilder, MessageRef, UserRef
from .members import MemberMessages
from .records import WAIT_S, InteractionRecord, InteractionResult, StandinError
from .rest import RestApi, error_response, json_response
from .world import Guild, Role, StandinWorld

# Component type -> the option type whose resolution rules its values follow.
_SELECT_KINDS = {5: opt.USER, 6: opt.ROLE, 7: opt.MENTIONABLE, 8: opt.CHANNEL}


class StandinServer(MemberMessages, RestApi, InteractionBuilder):
    """Discord's REST API and gateway on 127.0.0.1, backed by a :class:`StandinWorld`.

    Use as ``async with StandinServer(world) as discord: ...`` (or ``start``/``stop``).
    """

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
        """``port=0`` picks a free port; ``expected_token=None`` accepts any bot token;
        ``interaction_deadline_s=None`` lets a first callback come as late as it likes."""
        super().__init__(
            world,
            host=host,
            port=port,
            expected_token=expected_token,
            heartbeat_interval_ms=heartbeat_interval_ms,
            interaction_deadline_s=interaction_deadline_s,
        )
        self._resumes_at_drop = 0
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------
    async def start(self) -> StandinServer:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        app.router.add_get("/_standin/state", self._control_state)
        app.router.add_post("/_standin/{action}", self._control)
        self._add_member_routes(app.router)
        self._add_routes(app.router)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
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

    # -- gateway control ------------------------------------------------
    async def wait_ready(self, *, timeout: float = WAIT_S) -> None:
        """Wait until a bot identified, got READY + GUILD_CREATEs, and is connected."""

        def ready() -> bool:
            session = self.gateway.current
            return session is not None and session.identified and session.live

        await self.wait_for(ready, timeout=timeout, what="the bot to identify")

    async def wait_shards_ready(self, count: int, *, timeout: float = WAIT_S) -> None:
        """Wait until shards 0 to ``count - 1`` each identified and are connected."""

        def ready() -> bool:
            sessions = [self.gateway.shards.get(shard) for shard in range(count)]
            return all(s is not None and s.identified and s.live for s in sessions)

        await self.wait_for(ready, timeout=timeout, what=f"{count} shard(s) to identify")

    async def drop_connection(self, *, code: int | None = None, shard: int | None = None) -> None:
        """Cut the bot's gateway socket (see :meth:`Gateway.drop_connection`)."""
        self._resumes_at_drop = self.gateway.resume_count
        await self.gateway.drop_connection(code=code, shard=shard)

    async def zombify(self, *, shard: int | None = None) -> None:
        """The bot's socket turns zombie (see :meth:`Gateway.zombify`); it should close it and
        come back with RESUME."""
        self._resumes_at_drop = self.gateway.resume_count
        await self.gateway.zombify(shard=shard)

    async def reset_token(self, token: str) -> None:
        """The owner resets the bot's token in the Developer Portal: the old one is refused from
        now on (REST: 401; the gateway: 4004 on IDENTIFY or RESUME), and the socket is cut."""
        self.expected_token = self.gateway.expected_token = token
        await self.drop_connection()

    async def request_reconnect(self) -> None:
        """Op 7 RECONNECT on the bot's socket; it should come back with RESUME."""
        self._resumes_at_drop = self.gateway.resume_count
        await self.gateway.request_reconnect()

    async def invalidate_session(self, *, resumable: bool) -> None:
        """Op 9 INVALID_SESSION; resumable: RESUME follows, else a fresh IDENTIFY."""
        self._resumes_at_drop = self.gateway.resume_count
        await self.gateway.invalidate_session(resumable=resumable)

    async def guild_outage(self, guild: Guild) -> None:
        """Discord loses a server for a while: GUILD_DELETE with ``unavailable`` true."""
        guild.available = False
        await self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id), "unavailable": True})
        await self.settle()

    async def guild_back(self, guild: Guild) -> None:
        """The server is back: a full GUILD_CREATE, as after READY."""
        guild.available = True
        session = self.gateway.session_for(guild.id)
        assert session is not None
        await self.gateway.dispatch("GUILD_CREATE", self.gateway._guild_payload(session, guild.id))
        await self.settle()

    async def wait_resumed(self, *, timeout: float = WAIT_S) -> None:
        """Wait for the RESUME that follows the last :meth:`drop_connection`."""

        def resumed() -> bool:
            session = self.gateway.current
            live = session is not None and session.live
            return live and self.gateway.resume_count > self._resumes_at_drop

        await self.wait_for(resumed, timeout=timeout, what="the bot to RESUME")

    # -- what a user does in the Discord client ---------------------------
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
        group_dm: Sequence[UserRef] | None = None,
        locale: str = "en-US",
        timeout: float = WAIT_S,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
    ) -> InteractionResult:
        """Invoke a slash command the way Discord's client would and await the answer.

        ``command`` is typed like in Discord: ``"/film ending film:La La Land private:true"``.
        ``options`` adds/overrides values (objects, bytes, ``(filename, bytes)``).
        ``group_dm``: the others in a group DM where the member uses the app they installed
        (with one other person: a DM between the two).
        Returns once the callback arrived and any deferral was resolved, plus
        ``followups`` follow-up messages and ``until(result)`` if given.
        """
        ctx = self._context(user, guild, channel, roles, dm, group_dm)
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
        timeout: float = WAIT_S,
    ) -> list[dict[str, Any]]:
        """Type a partial command; returns the choices (``[{name, value}, ...]``).

        The focused option defaults to the last one written in ``command``.
        """
        ctx = self._context(user, guild, channel, roles, dm)
        data = self._command_data(command, ctx, None, focused=focused or "")
        record = await self.send_interaction(4, ctx, data, locale=locale)
        return (await self._answer(record, timeout=timeout)).choices

    async def press_button(
        self,
        message: MessageRef,
        custom_id: str,
        *,
        user: UserRef,
        timeout: float = WAIT_S,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
    ) -> InteractionResult:
        """Click a button on ``message``; the answer is awaited like :meth:`run_command`'s."""
        raw, component = self._component(message, custom_id, user)
        if component["type"] != 2:
            raise StandinError(
                f"{custom_id!r} is a type {component['type']} component, not a button"
            )
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component_interaction(raw, data, user, timeout, followups, until)

    async def select(
        self,
        message: MessageRef,
        custom_id: str,
        values: Sequence[Any],
        *,
        user: UserRef,
        timeout: float = WAIT_S,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
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
        return await self._component_interaction(raw, data, user, timeout, followups, until)

    async def submit_modal(
        self,
        custom_id: str,
        values: Mapping[str, str | Sequence[str]],
        *,
        user: UserRef | None = None,
        timeout: float = WAIT_S,
        followups: int = 0,
        until: Callable[[InteractionResult], bool] | None = None,
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
        ctx = Context(opener.user, guild, chan, opener.channel_id)
        data = {"custom_id": custom_id, "components": components}
        message = opener.payload.get("message")
        record = await self.send_interaction(5, ctx, data, message=message)
        if message is not None:
            record.original_id = int(message["id"])
        return await self._answer(record, timeout=timeout, followups=followups, until=until)

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
            if record.answered_at is None:
                return False  # taken quietly (DEFERRED_UPDATE_MESSAGE): its answer is to come
            if len(record.followup_ids) < followups:
                return False
            return until is None or until(result)

        def describe() -> str:
            seen = [str(r) for r in record.requests] or ["nothing"]
            return f"an answer to interaction {record.id} (type {record.type}); bot sent {seen}"

        await self.wait_for(answered, timeout=timeout, what=describe)
        await self.settle(timeout=timeout)
        return result

    async def _component_interaction(
        self,
        raw: dict[str, Any],
        data: dict[str, Any],
        user: UserRef,
        timeout: float,
        followups: int,
        until: Callable[[InteractionResult], bool] | None,
    ) -> InteractionResult:
        ctx = self._message_context(raw, user)
        record = await self.send_interaction(3, ctx, data, message=self._as_pressed(raw))
        record.original_id = int(raw["id"])  # @original is the clicked message until replaced
        return await self._answer(record, timeout=timeout, followups=followups, until=until)

    def _as_pressed(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """The message a button was pressed on, as ``pressed_message`` describes it."""
        if self.pressed_message == "partial":
            return {"id": raw["id"], "flags": raw.get("flags", 0)}
        if self.pressed_message == "no_components":
            return {key: value for key, value in raw.items() if key != "components"}
        if self.pressed_message == "none":
            return None
        return raw

    # -- JSON control API for a bot in another process --------------------
    async def _control_state(self, request: web.Request) -> web.Response:
        session = self.gateway.current
        return json_response(
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
                return json_response(result.to_dict())
            if action == "autocomplete":
                choices = await self.autocomplete(args.pop("command"), **args)
                return json_response({"choices": choices})
            if action == "press_button":
                result = await self.press_button(
                    args.pop("message_id"), args.pop("custom_id"), **args
                )
                return json_response(result.to_dict())
            if action == "submit_modal":
                result = await self.submit_modal(args.pop("custom_id"), args.pop("values"), **args)
                return json_response(result.to_dict())
            if action == "drop_connection":
                await self.drop_connection(**args)
                return json_response({"ok": True})
            if action == "wait_ready":
                await self.wait_ready(**args)
                return json_response({"ok": True})
        except (StandinError, KeyError, TypeError) as exc:
            return error_response(400, f"{type(exc).__name__}: {exc}")
        return error_response(404, f"unknown control action {action!r}")
