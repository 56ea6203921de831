"""The Discord client: holds the core it is given and loads one extension per command group."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord.channel import _threaded_channel_factory
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.cache import LruCache
from bot.epilogue import Epilogue
from client.attempts import http_trace
from client.catch_up import UnheldChannel, UnheldChannels
from client.context_menus import UnknownChannels
from client.film_keystrokes import answer_film_keystrokes
from client.foreign_ids import refuse_foreign_ids
from client.gateway_frames import read_every_compression
from client.heartbeats import close_zombie_connections
from client.identify_turns import wait_for_turn
from client.interaction_places import refuse_disagreeing_places
from client.interaction_replays import FirstReadings, read_replays_as_first
from client.member_names import watch_member_names
from client.metrics import BotMetrics, MetricsServer
from client.null_fields import (
    channel_nulls_left_out,
    message_nulls_left_out,
    nulls_left_out,
    reference_channel_filled,
    server_nulls_left_out,
)
from client.options import KeptFilmChoices
from client.own_member import OwnMembers
from client.partial_updates import complete_files, complete_snapshots, read_partial_messages
from client.people_fields import asker_as_member, read_people_as_sent
from client.permission_changes import PermissionChanges
from client.place_names import RecentNames, watch_server_descriptions
from client.resume_refusals import start_anew_when_resumes_are_refused
from client.resume_url import SESSION_EVENTS, ResumeFallback, ready_resumes_where_it_connected
from client.role_readings import RoleReadings, watch_left_out_roles, watch_members
from client.scheduled_events import watch_listed_events
from client.server_permissions import ServerPermissions
from client.server_removals import leave_only_when_gone
from client.snowflakes import resolved_ids_as_strings
from client.thread_list_syncs import read_synced_renames
from client.thread_parents import ThreadParents
from client.timestamps import read_timestamps_as_utc
from client.tree import EpilogueTree
from client.voice_status import watch_voice_statuses
from client.warming import warm_answers

if TYPE_CHECKING:
    from discord.state import ConnectionState

    from client.slash import WorkAhead

log = logging.getLogger(__name__)

RUNNING_WITHOUT_INTENT = (
    "Discord refused the Message Content intent that discord.message_content: true asks for"
    " (gateway close 4014): switch on Message Content Intent at"
    " https://discord.com/developers/applications → your app → Bot → Privileged Gateway"
    " Intents and restart, or set discord.message_content: false. Running on without it: every"
    " command works, the spoiler guard reads no messages."
)

SESSION_STARTS_USED_UP = (
    "Discord's gateway session starts for the day are used up (%d left, %d needed): one more"
    " would make Discord reset the bot's token. Waiting %.1f minutes for the limit to reset"
    " (a restart loop uses them up: see what made the bot restart)."
)

EXTENSIONS = (
    "cogs.film",
    "cogs.spoilers",
    "cogs.spoiler_rules",
    "cogs.film_admin",
    "cogs.spoiler",
    "cogs.owner",
    "cogs.components",
)


FIRST_CONNECTION_WAITS_S = (1.0, 2.0, 4.0, 8.0)
"""Waits between connections to the gateway tried before any session; then it is said."""


class GatewayUnreachable(discord.ClientException):
    """The gateway refused every first connection: where, and what it answered."""

    def __init__(self, gateway: object, failure: BaseException) -> None:
        super().__init__(
            f"epilogue: could not connect to the gateway at {gateway} ({failure!r}, tried"
            f" {len(FIRST_CONNECTION_WAITS_S) + 1} times): check discord.gateway_url, or the"
            " gateway discord.api_base's GET /gateway/bot names, and that it is up."
        )


class EpilogueBot(commands.Bot):
    """Slash commands only: the guilds intent, no message content, nobody pinged."""

    tree: EpilogueTree

    def __init__(
        self,
        app: Epilogue,
        *,
        extensions: tuple[str, ...] = EXTENSIONS,
        warm: bool = True,
        **options: Any,
    ) -> None:
        """``warm``: render a small catalog's answers ahead in idle moments (``client.warming``);
        tests of what a first, unrendered answer does turn it off."""
        super().__init__(
            # Prefix commands need message content, which Epilogue never asks for.
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=_intents(message_content=app.config.discord.message_content),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=EpilogueTree,
            max_messages=None,
            # Each request's tries, for posts that must not be made twice (``client.attempts``).
            http_trace=options.pop("http_trace", None) or http_trace(),
            **options,
        )
        self.app = app
        self.film_choices = KeptFilmChoices(app)
        self.own_members = OwnMembers()
        # The bot's permissions in servers discord.py was never sent
        # (``client.server_permissions``).
        self.server_permissions = ServerPermissions()
        self.initial_extensions = extensions
        self.warm = warm
        # Interactions (by id) whose server channel may be a thread of a channel it cannot tell.
        self.unsure_channels = ChannelKinds(UNSURE_KEPT)
        # Message commands (by interaction id) whose target Discord described without its text
        # or author: read whole before use (``client.context_menus.whole_target``).
        self.targets_in_part: LruCache[int, bool] = LruCache(UNSURE_KEPT)
        # Interactions (by id) whose ``app_permissions`` Discord stated as ``"0"``: read as
        # stated (``client.context_menus.app_permissions``), which discord.py's
        # ``Permissions(0)`` cannot tell from a field left out. Any other value reads as stated.
        self.stated_no_permissions: LruCache[int, bool] = LruCache(UNSURE_KEPT)
        # Askers' permissions (by interaction id) Discord left out where discord.py holds too
        # little to work them out (``client.server_permissions.look_up_asker``).
        self.asker_permissions: LruCache[int, int] = LruCache(UNSURE_KEPT)
        # Servers whose roles or channels changed lately: their cached permissions may be a
        # replayed older state's (``client.permission_changes``).
        self.permission_changes = PermissionChanges()
        # Members' roles as their interactions showed them: a replayed or late interaction's
        # roles grant nothing taken away since (``client.role_readings``).
        self.role_readings = RoleReadings()
        # In place of discord.py's INTERACTION_CREATE parser, so every wrapper installed after
        # it reads the payload first: a plain film keystroke answered from its payload.
        self.film_keystrokes = answer_film_keystrokes(self)
        watch_members(self._connection.parsers, self.role_readings)
        # Names channels, threads, roles and tags were seen with, for the spoiler guard
        # (``client.place_names``), a server described again included.
        self.place_names = RecentNames()
        watch_server_descriptions(self._connection, self.place_names)
        # A voice channel's status, which discord.py does not read (``client.voice_status``).
        watch_voice_statuses(self._connection)
        watch_listed_events(self._connection)
        # Members' names in events discord.py would drop, for the guard (``client.member_names``).
        watch_member_names(self._connection.parsers, self.dispatch)
        # Channels discord.py does not hold, looked up for the spoiler guard.
        self.unknown_channels = UnknownChannels()
        _read_channel_id_too(
            self._connection,
            self.own_members,
            self.unsure_channels,
            self.targets_in_part,
            self.permission_changes,
            self.stated_no_permissions,
        )
        # Before anything reads an interaction's place: one named two ways is refused.
        self.refusing_places = refuse_disagreeing_places(self._connection)
        # Before that even: an interaction delivered again naming another asker or place.
        read_replays_as_first(self._connection, FirstReadings())
        _forget_what_changed(
            self._connection,
            self.own_members,
            self.unknown_channels,
            self.server_permissions,
            self.permission_changes,
        )
        # A thread keeps its first parent (``client.thread_parents``), read after its server is.
        self.thread_parents = ThreadParents()
        self.thread_parents.watch(self._connection)
        # Before naming servers, so a message described in part is named a server too.
        read_partial_messages(self._connection)
        _name_messages_servers(self._connection)
        _name_threads_servers(self._connection)
        # Channels of kinds discord.py does not hold, as GUILD_CREATE lists them
        # (``client.catch_up``).
        self.unheld_channels = UnheldChannels()
        _complete_gateway_channels(self._connection, self.unheld_channels)
        _complete_ready(self._connection)
        # A thread listed again under a new title (``client.thread_list_syncs``).
        read_synced_renames(self._connection)
        read_people_as_sent(self._connection)  # last: every event's people first
        # Before even that: whether an interaction's member came with its roles at all.
        watch_left_out_roles(self._connection.parsers, self.role_readings)
        # A removal (GUILD_DELETE) only once Discord's API confirms it (``client.server_removals``).
        self.removals_checked = leave_only_when_gone(self._connection)
        _survive_bad_events(self._connection)
        # Outermost: an interaction counts as arrived for quiet moments once read.
        self.tree.watch_arrivals(self._connection.parsers)
        # A gateway's payload compression, or JSON in binary frames (``client.gateway_frames``).
        read_every_compression(self._connection)
        # A RESUME refused by a close (4009 "Session timed out"): a new session, not a loop.
        self.resume_refusals = start_anew_when_resumes_are_refused(self._connection)
        # A connection whose acknowledged heartbeats stop being answered: closed and resumed.
        close_zombie_connections(self._connection)
        # Timestamps written without an offset, read as the UTC times they are.
        read_timestamps_as_utc()
        # Outermost of all: an event naming an id past 64 bits is read by nothing.
        refuse_foreign_ids(self._connection)
        self.metrics: BotMetrics | None = None  # metrics.address set: client.metrics
        self._metrics_server: MetricsServer | None = None
        self.warming: asyncio.Task[int] | None = None
        # ``client.runner`` runs the connection in ``connecting``; closed from any other task
        # (SIGTERM, Ctrl-C, a test), the bot is being stopped (``stopping``). discord.py closes
        # the client itself, from ``connecting``, before raising a close code that ends it.
        self.connecting: asyncio.Task[None] | None = None
        self.stopping = asyncio.Event()
        # Answers worked out ahead while members type, by member (``client.slash``).
        self.preparing: dict[int, WorkAhead] = {}
        # A resume at a gateway READY named that cannot be reached: tried where the client
        # connected (``client.resume_url``).
        self.resume_fallback = ResumeFallback()
        self._first_connection_tries = 0  # the gateway's refusals before any session
        self._max_concurrency = 1  # IDENTIFYs per 5 s Discord takes (GET /gateway/bot)

    async def setup_hook(self) -> None:
        if address := self.app.config.metrics.address:
            self.metrics = BotMetrics(self)
            self._metrics_server = MetricsServer(self, self.metrics, address)
            await self._metrics_server.start()
        # A failing extension stops start-up: a bot missing commands must not look healthy.
        for name in self.initial_extensions:
            await self.load_extension(name)
        log.info("loaded extensions: %s", ", ".join(self.initial_extensions))
        # Build the search index in the background now, so the first /film search is not the
        # one that waits for it. index(wait=0) starts the build and returns at once.
        await self.app.film_search.index(wait=0)
        # And render the answers a small catalog's members ask first, in idle moments.
        if self.warm:
            self.warming = asyncio.create_task(warm_answers(self))

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """discord.py's, but the ``interaction`` event only for what the command tree does not
        answer (buttons and forms, ``cogs.components``): a command or autocomplete is the
        tree's alone, and every listener of the event costs each one a task of its own
        (about a tenth of what a cached answer costs the bot besides discord.py), and not for
        an interaction of a type Epilogue does not know (``_of_unknown_type``); a READY
        without ``resume_gateway_url`` given its gateway's before discord.py reads it; and a
        resume that failed at the URL READY named tried where the client connected."""
        if event_name == "interaction" and args and _answered_by_the_tree(args[0]):
            return
        if event_name == "interaction" and args and _of_unknown_type(args[0]):
            return
        if event_name == "socket_event_type" and args and args[0] == "READY":
            # Before discord.py's gateway reads READY's resume_gateway_url (client.resume_url).
            ready_resumes_where_it_connected(sys._getframe(1))
        elif event_name == "disconnect" or event_name in SESSION_EVENTS:
            # Before discord.py's connect reads where to try next (client.resume_url).
            self.resume_fallback.saw(event_name, self.ws)
        super().dispatch(event_name, *args, **kwargs)

    async def application_info(self) -> discord.AppInfo:
        """discord.py's, reading the application as far as Discord's reference promises it:
        ``owner`` is optional there, and discord.py requires it while logging in, so neither the
        bot nor ``epilogue sync`` got past login. Epilogue's owners are ``discord.owner_ids``:
        a missing owner stands in as the team's owner, if named, else as nobody (id 0); and
        the rest discord.py requires (``APPLICATION_DEFAULTS``) as none, asked where either of
        Discord's two pages on the application says."""
        try:
            found = await self.http.application_info()
        except discord.NotFound:
            # Discord documents the application twice: OAuth2's Get Current Bot Application
            # Information, discord.py's, and the Application resource's Get Current
            # Application, which a stand-in written from that page alone answers.
            found = await self.http.request(Route("GET", CURRENT_APPLICATION))
        data: dict[str, Any] = dict(found)
        if data.get("owner") is None:
            data["owner"] = _team_owner(data.get("team")) or dict(NOBODY)
        # What discord.py requires besides: Epilogue reads none of it.
        for key, value in APPLICATION_DEFAULTS:
            data.setdefault(key, value)
        return discord.AppInfo(self._connection, data)  # type: ignore[arg-type]

    async def fetch_channel(
        self, channel_id: int, /
    ) -> discord.abc.GuildChannel | discord.abc.PrivateChannel | discord.Thread:
        """discord.py's, reading the channel as far as Discord's reference promises it.

        A thread's ``message_count``, ``member_count`` and ``owner_id`` are optional in
        Discord's channel object (``_complete_channel``) and discord.py cannot build a thread
        without them: a lookup of a thread it does not hold (the guard's, a hide's) failed
        with a KeyError. What discord.py's own does, with the channel completed first."""
        return self._channel_from(await self.http.get_channel(channel_id), channel_id)

    async def fetch_channel_read_as_known(
        self, channel_id: int, /
    ) -> discord.abc.GuildChannel | discord.abc.PrivateChannel | discord.Thread:
        """``fetch_channel``, a kind of channel newer than discord.py read as the nearest kind
        it knows (a thread if Discord describes thread metadata, else a text channel), as an
        interaction's channel is (``_complete_channel``): for the guard, which must act on a
        member's message wherever it is posted. discord.py has no class for the kind and its
        InvalidData left the message, and a thread's under such a parent, in the open; whether
        the kind takes a repost is Discord's to say, in its answer to the webhook."""
        data: dict[str, Any] = dict(await self.http.get_channel(channel_id))
        _complete_channel(data)
        return self._channel_from(data, channel_id)

    def _channel_from(
        self, found: Any, channel_id: int
    ) -> discord.abc.GuildChannel | discord.abc.PrivateChannel | discord.Thread:
        data: dict[str, Any] = dict(found)
        _complete_channel(data, keep_unknown=True)
        factory, kind = _threaded_channel_factory(data["type"])
        if factory is None:
            raise discord.InvalidData(f"Unknown channel type {data['type']} for {channel_id}.")
        state = self._connection
        if kind in (discord.ChannelType.group, discord.ChannelType.private):
            return factory(me=self.user, data=data, state=state)  # type: ignore[call-arg,arg-type]
        guild = state._get_or_create_unavailable_guild(int(data["guild_id"]))
        return factory(guild=guild, state=state, data=data)  # type: ignore[call-arg,arg-type]

    async def connect(self, *, reconnect: bool = True) -> None:
        """discord.py's connect; if Discord refuses the Message Content intent (close code 4014:
        not switched on in the Developer Portal), connect again without it rather than stop.

        Only the spoiler guard reads messages: slash commands, buttons and Hide as spoiler come
        as interactions, which need no privileged intent. (A sharded client closes itself on
        4014; ``client.runner`` starts it again without the intent.)"""
        await self.wait_for_session_starts()
        try:
            await self._connect_anew_after_an_unread_resume(reconnect)
        except discord.PrivilegedIntentsRequired:
            if self.is_closed() or not self.intents.message_content:
                raise
            log.error(RUNNING_WITHOUT_INTENT)
            await self.without_message_content()
            await self._connect_anew_after_an_unread_resume(reconnect)

    async def _connect_anew_after_an_unread_resume(self, reconnect: bool) -> None:
        """discord.py's connect; when it fails reading a resumed session's RESUMED, a new
        session instead of the bot going offline for good.

        RESUMED has no field in Discord's reference, and discord.py writes into its ``d``
        before any parser could see it (``DiscordWebSocket.received_message``): sent ``null``,
        the TypeError ends ``connect``. Every other event reaches a parser (``_survive_bad_
        events``), and a HELLO or READY it cannot read would fail again in a new session. The
        events missed in the resume came before RESUMED and were read; a new session costs one
        of the day's session starts (``wait_for_session_starts``) per resume."""
        while True:
            try:
                await super().connect(reconnect=reconnect)
                return
            except (TypeError, KeyError, AttributeError, ValueError) as unread:
                if self.ws is None and isinstance(unread, AttributeError) and reconnect:
                    await self._first_connection_failed(unread)
                    continue
                if (
                    not reconnect
                    or self.is_closed()
                    or gateway_event_failing(unread) != RESUMED
                    or self.ws is None
                ):
                    raise
                log.warning(
                    "the gateway resumed the session, but its RESUMED could not be read (%r):"
                    " connecting with a new session",
                    unread,
                )
                await self.ws.close(code=1000)
                await self.wait_for_session_starts()

    async def _first_connection_failed(self, unread: AttributeError) -> None:
        """The gateway refused the client's first connection (a 503 to the websocket's
        handshake, nothing listening yet): discord.py then reads where to resume a session it
        never had, and its AttributeError ended ``connect``, the bot never online. Tried again
        after each of ``FIRST_CONNECTION_WAITS_S``, then said in one line
        (:class:`GatewayUnreachable`); what failed is the exception discord.py was handling."""
        tries = self._first_connection_tries = self._first_connection_tries + 1
        failure = unread.__context__ or unread
        gateway = DiscordWebSocket.DEFAULT_GATEWAY
        if tries > len(FIRST_CONNECTION_WAITS_S) or self.is_closed():
            raise GatewayUnreachable(gateway, failure) from failure
        wait = FIRST_CONNECTION_WAITS_S[tries - 1]
        log.warning(
            "could not connect to the gateway at %s (%r): trying again in %.0f s",
            gateway,
            failure,
            wait,
        )
        await asyncio.sleep(wait)

    _launching = False  # a sharded client's shards starting (``ShardedEpilogueBot``)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Every IDENTIFY in its turn: one per rate-limit key, ``shard_id % max_concurrency``,
        every 5 s, counting this process's earlier clients of the app (``client.
        identify_turns``): while the shards launch, as many at once as ``max_concurrency``
        allows (discord.py spaced every shard's 5 s apart: 16 shards took 75 s to start); a
        session started again (after op 9, or a RESUMED that could not be read) waits its turn,
        and a shard identifying again later at least discord.py's 5 s."""
        again = not initial and not self._launching
        await wait_for_turn(
            Route.BASE, self.application_id, shard_id, self._max_concurrency, again=again
        )

    async def wait_for_session_starts(self) -> None:
        """Wait, if Discord's session starts for the day are used up, until they come back.

        Discord allows 1,000 IDENTIFYs a day (``session_start_limit`` of GET /gateway/bot);
        "upon hitting this limit, all active sessions for the bot will be terminated, the bot's
        token will be reset". discord.py identifies without looking, so a bot restarted in a
        loop would lose its token; waiting costs only the time until the reset. A limit that
        cannot be read is left to Discord (discord.py connects as before)."""
        try:
            found = await self.http.request(Route("GET", "/gateway/bot"))
            limit = found["session_start_limit"]
            remaining, reset_after = int(limit["remaining"]), int(limit["reset_after"]) / 1000
        except (discord.HTTPException, KeyError, TypeError, ValueError) as exc:
            log.info("could not read Discord's session start limit: %s", exc)
            return
        with contextlib.suppress(TypeError, ValueError):
            self._max_concurrency = max(int(limit.get("max_concurrency") or 1), 1)
        needed = self._sessions_started(found)
        if remaining >= needed:
            return
        log.error(SESSION_STARTS_USED_UP, remaining, needed, reset_after / 60)
        await asyncio.sleep(reset_after)

    def _sessions_started(self, found: dict[str, Any]) -> int:
        """IDENTIFYs this client makes to connect: one, or one per shard it runs."""
        shard_ids = getattr(self, "shard_ids", None)
        if shard_ids:
            return len(shard_ids)
        if isinstance(self, commands.AutoShardedBot):
            return int(self.shard_count or found.get("shards") or 1)
        return 1

    async def without_message_content(self) -> None:
        """Stop asking for members' messages: the intents, the setting, and the guard's listener."""
        self._connection._intents = _intents(message_content=False)
        self.app.config.discord.message_content = False
        await self.remove_cog("SpoilerGuardListener")

    async def close(self) -> None:
        if asyncio.current_task() is not self.connecting:
            self.stopping.set()
        # Work the bot started on its own ends with it, before the core (and its database)
        # closes under it.
        ahead = [work.task for work in self.preparing.values()]
        own = [task for task in (self.warming, *ahead) if task is not None]
        for task in own:
            task.cancel()
        await asyncio.gather(*own, return_exceptions=True)
        if self._metrics_server is not None:
            await self._metrics_server.stop()
        await super().close()


RESUMED = "RESUMED"


def gateway_event_failing(exc: BaseException) -> str | None:
    """The gateway event discord.py's websocket was reading when it raised ``exc`` outside
    any event's parser (None: it raised elsewhere)."""
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        if frame.f_code is _RECEIVED_MESSAGE:
            event = frame.f_locals.get("event")
            return event if isinstance(event, str) else None
    return None


_RECEIVED_MESSAGE = DiscordWebSocket.received_message.__code__


TREE_TYPES = frozenset(
    {discord.InteractionType.application_command, discord.InteractionType.autocomplete}
)
"""Interactions discord.py hands to the command tree (slash and message commands, their
autocomplete): nothing else of Epilogue's listens to them."""


def _answered_by_the_tree(interaction: object) -> bool:
    return isinstance(interaction, discord.Interaction) and interaction.type in TREE_TYPES


KNOWN_TYPES = TREE_TYPES | {
    discord.InteractionType.component,
    discord.InteractionType.modal_submit,
}
"""Interactions Epilogue answers: any other (a ping, which only an HTTP endpoint is sent, or a
type Discord adds later) has no answer whose validity is known."""


def _of_unknown_type(interaction: object) -> bool:
    """Whether ``interaction`` is of a type Epilogue does not answer: logged in one line naming
    the type, so operators see Discord sending one, and left unanswered."""
    if not isinstance(interaction, discord.Interaction) or interaction.type in KNOWN_TYPES:
        return False
    log.info(
        "not answered: interaction %s is of type %s, which Epilogue does not know",
        interaction.id,
        getattr(interaction.type, "value", interaction.type),
    )
    return True


CURRENT_APPLICATION = "/applications/@me"

APPLICATION_DEFAULTS = (
    ("description", ""),
    ("icon", None),
    ("bot_public", False),
    ("bot_require_code_grant", False),
    ("verify_key", ""),
)
"""What discord.py's ``AppInfo`` requires of the application, as none (``application_info``)."""

NOBODY = {"id": "0", "username": "", "discriminator": "0", "avatar": None, "global_name": None}
"""A user no one is: an application's owner Discord did not name."""


def _team_owner(team: object) -> dict[str, Any] | None:
    """The user who owns ``team`` (an application's ``team``), if its members name them."""
    if not isinstance(team, dict):
        return None
    for member in team.get("members") or []:
        user = member.get("user") if isinstance(member, dict) else None
        if isinstance(user, dict) and str(user.get("id")) == str(team.get("owner_user_id")):
            return user
    return None


def _intents(*, message_content: bool) -> discord.Intents:
    # Members' messages only for the spoiler guard, and only when configured: the Message
    # Content intent is privileged (README, "Members' own spoilers"; docs/members-spoilers.md).
    # Scheduled events likewise: the guard reads them (``client.scheduled_events``); their
    # intent is not privileged.
    return discord.Intents(
        guilds=True,
        guild_messages=message_content,
        message_content=message_content,
        guild_scheduled_events=message_content,
    )


def _survive_bad_events(state: ConnectionState) -> None:
    """A gateway event discord.py cannot read is logged and skipped, not fatal.

    discord.py calls its parsers inside the gateway's read loop, and an exception there ends
    ``Client.connect``: one event shaped differently from what it expects (a partial
    MESSAGE_UPDATE, as Discord's reference long allowed: "may contain only a subset of the full
    message object payload") would stop the bot. Events are independent, so the next one is
    read as usual.
    """
    parsers = state.parsers
    for event, parse in list(parsers.items()):
        if event in ("READY", "RESUMED"):
            continue  # the connection's own state: failing there is failing to connect
        parsers[event] = _logged(event, parse)


def _logged(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    def parse_or_log(data: Any) -> None:
        try:
            parse(data)
        except Exception:
            log.exception(
                "skipped a %s event discord.py could not read (keys: %s)",
                event,
                ", ".join(sorted(data)) if isinstance(data, dict) else type(data).__name__,
            )

    return parse_or_log


UNSURE_KEPT = 4096
"""Interactions remembered as in a channel of unknown kind: far more than answer at once."""


class ChannelKinds:
    """Per interaction (by id), whether its channel's kind was left open when it was read
    (``_channel_kind_unknown``), for its answer to plan with. Every interaction is noted, and
    one no longer remembered (a flood of others read before its answer was planned) counts as
    left open: the strictest reading, never a standard channel's."""

    def __init__(self, size: int) -> None:
        self._open: LruCache[int, bool] = LruCache(size)

    def saw(self, interaction_id: int, *, kind_unknown: bool) -> None:
        self._open.put(interaction_id, kind_unknown)

    def unsure(self, interaction_id: int) -> bool:
        kind_unknown = self._open.get(interaction_id)
        return kind_unknown is None or kind_unknown


def _read_channel_id_too(
    state: ConnectionState,
    own: OwnMembers,
    unsure: ChannelKinds,
    targets_in_part: LruCache[int, bool],
    changes: PermissionChanges,
    stated_none: LruCache[int, bool],
) -> None:
    """Make discord.py see an interaction's channel when Discord names it by ``channel_id`` only
    (and read an interaction without the fields it requires that older payloads lack).

    Discord documents both ``channel`` (a partial channel) and ``channel_id`` as optional fields of
    an interaction; discord.py 2.7 reads only ``channel``, and without it an interaction has no
    channel at all, so its channel's spoiler rule (and a thread's parent's) would be missed.
    A server channel discord.py does not hold, named by id alone (or described with no kind, or
    as a thread without its parent), is read as a plain text channel: the interaction's id goes
    into ``unsure``, and its answer is planned under the strictest rule a parent could give.
    """
    parsers = state.parsers
    parse = parsers["INTERACTION_CREATE"]

    def parse_interaction_create(data: dict[str, Any]) -> None:
        nulls_left_out(data)
        asker_as_member(data)
        pressed_where_its_message_is(data)
        unknown = _channel_kind_unknown(state, data)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            unsure.saw(int(data["id"]), kind_unknown=unknown)
        channel = data.get("channel")
        if (channel is None and data.get("channel_id") is not None) or (
            unknown and _parentless_thread(channel)
        ):
            # discord.py builds no thread without its parent: the interaction would be dropped.
            data["channel"] = _partial_channel(state, data)
        if isinstance(data.get("channel"), dict):
            _complete_channel(data["channel"])
        if isinstance(data.get("message"), dict):
            _complete_message(state, data["message"], data)
        resolved_ids_as_strings(data.get("data"))
        target_named_only(data.get("data"))
        resolved = (data.get("data") or {}).get("resolved") or {}
        complete_files(list((resolved.get("attachments") or {}).values()))
        for target in (resolved.get("messages") or {}).values():
            if isinstance(target, dict) and not _complete_target(target, data):
                targets_in_part.put(int(data["id"]), True)
        for channel in (resolved.get("channels") or {}).values():
            if isinstance(channel, dict):
                # The asker's permissions there, which discord.py requires and Epilogue never
                # reads; left out by a minimal Discord, unknown is none.
                channel.setdefault("permissions", "0")
            _complete_channel(channel)
        # discord.py requires these two, which Discord documents as always 1 and as added in
        # 2024: an interaction without them would be dropped unanswered.
        data.setdefault("version", 1)
        data.setdefault("attachment_size_limit", DEFAULT_FILE_LIMIT)
        if "app_permissions" not in data:
            known = _app_permissions(state, own, changes, data)
            if known is not None:
                # Read as none at all otherwise: Hide as spoiler would say Epilogue lacks them.
                data["app_permissions"] = str(known)
        elif data["app_permissions"] in STATED_NONE:
            # Discord's word that the bot may do nothing here (a private thread it was not
            # added to), which discord.py reads as it reads the field left out.
            with contextlib.suppress(KeyError, TypeError, ValueError):
                stated_none.put(int(data["id"]), True)
        parse(data)

    parsers["INTERACTION_CREATE"] = parse_interaction_create


STATED_NONE = ("0", 0)
"""``app_permissions`` as Discord states that the app may do nothing (a string, or a number
from a stand-in)."""

COMPONENT = 3
"""An INTERACTION_CREATE's ``type`` for a button press or a menu's pick."""


def pressed_where_its_message_is(data: dict[str, Any]) -> None:
    """A press on a message of another channel than the one it was made in is read as made
    where the message is: that is where its edit (a page turned) is shown.

    Discord shows a thread started from a message (which takes the message's id) with that
    message at its top, and its buttons are pressed there too (``interaction_places`` lets this
    one case name two channels). Read as made in the thread, a page was turned under the
    thread's own rule: an answer posted in a spoiler channel since made standard, its thread
    still a spoiler thread, had page two put in the open in the standard channel. Only the
    press's channel is moved; who pressed and with which permissions stay as Discord sent
    them (a thread takes its parent's permissions)."""
    message = data.get("message")
    if data.get("type") != COMPONENT or not isinstance(message, dict):
        return
    home = message.get("channel_id")
    described = data.get("channel")
    pressed_in = data.get("channel_id")
    if pressed_in is None and isinstance(described, dict):
        pressed_in = described.get("id")
    if home is None or pressed_in is None or str(home) == str(pressed_in):
        return
    data["channel_id"] = str(home)
    # Rebuilt from the id (``_partial_channel``): the held channel, else one of unknown kind.
    data.pop("channel", None)


CHANNEL_CHANGES = ("CHANNEL_UPDATE", "CHANNEL_DELETE", "THREAD_UPDATE", "THREAD_DELETE")
OWN_MEMBER_CHANGES = ("GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE")


def _forget_what_changed(
    state: ConnectionState,
    own: OwnMembers,
    unknown: UnknownChannels,
    looked_up: ServerPermissions,
    changes: PermissionChanges,
) -> None:
    """Channels and the bot's member looked up through REST are dropped when Discord says
    they changed, and looked up afresh when next needed; the server is noted in ``changes``.

    discord.py discards a CHANNEL_UPDATE for a channel it does not hold and a
    GUILD_MEMBER_UPDATE for a member it does not hold (without the members intent, the bot's
    own when GUILD_CREATE left it out): the copies looked up would otherwise stand for ten
    minutes, and the guard would act on permissions taken away meanwhile (or miss ones given).
    """
    parsers = state.parsers

    def forgetting(event: str, forget: Callable[[dict[str, Any]], None]) -> None:
        parse = parsers[event]

        def parse_and_forget(data: dict[str, Any]) -> None:
            # An event without the ids: discord.py's own parser says what is wrong with it.
            with contextlib.suppress(KeyError, TypeError, ValueError):
                forget(data)
            parse(data)

        parsers[event] = parse_and_forget

    def channel_changed(data: dict[str, Any]) -> None:
        unknown.forget(int(data["id"]))
        looked_up.forget_channel(int(data["id"]))
        if data.get("guild_id") is not None:
            changes.changed(int(data["guild_id"]))

    def server_changed(data: dict[str, Any]) -> None:
        changes.changed(int(data["guild_id"]))
        own.forget(int(data["guild_id"]))
        looked_up.forget_server(int(data["guild_id"]))

    for event in CHANNEL_CHANGES:
        forgetting(event, channel_changed)
    for event in OWN_MEMBER_CHANGES:
        forgetting(event, server_changed)

    def own_member_changed(data: dict[str, Any]) -> None:
        if int(data["user"]["id"]) == state.self_id:
            server_changed(data)

    forgetting("GUILD_MEMBER_UPDATE", own_member_changed)
    # The server's owner holds every permission: a replayed GUILD_UPDATE from before an
    # ownership transfer made the former owner a moderator again in the cache (Undo spoiler
    # hide put a member's ending back in the open).
    forgetting("GUILD_UPDATE", lambda data: server_changed({"guild_id": data["id"]}))

    # A server described again (a RESUME's replay of an older GUILD_CREATE, or its return from
    # an outage, whose GUILD_DELETE may be a replay too) replaces everything discord.py holds
    # of it, roles and overwrites included, with what may be an older state: the bot's role
    # from before it was given Manage Messages left every spoiler there in the open.
    described: set[int] = set()

    def server_described(data: dict[str, Any]) -> None:
        if data.get("unavailable"):
            return
        guild_id = int(data["id"])
        if guild_id in described:
            server_changed({"guild_id": guild_id})
        described.add(guild_id)

    forgetting("GUILD_CREATE", server_described)


def _complete_message(
    state: ConnectionState, message: dict[str, Any], interaction: dict[str, Any]
) -> None:
    """Fill in what discord.py requires of the message a button was pressed on.

    Discord sends it whole, but a message described in part (its id and flags, as Discord
    long described an ephemeral one) makes discord.py drop the whole message, and one without
    ``components`` makes it fail routing the press: the press was never answered ("This
    interaction failed"), and whether the message is private was lost. A message with
    Epilogue's buttons is Epilogue's own; only missing keys are added."""
    if "id" not in message:
        return
    message_nulls_left_out(message)
    message.setdefault("type", 0)
    message.setdefault("content", "")
    message.setdefault("components", [])
    message.setdefault("mentions", [])
    message.setdefault("mention_roles", [])
    complete_snapshots(message)
    channel_id = interaction.get("channel_id") or (interaction.get("channel") or {}).get("id")
    if channel_id is not None:
        message.setdefault("channel_id", channel_id)
    reference_channel_filled(message)
    if "author" not in message and (me := state.user) is not None:
        message["author"] = {
            "id": str(me.id),
            "username": me.name,
            "discriminator": me.discriminator,
            "global_name": me.global_name,
            "avatar": None,
            "bot": True,
        }


PLACEHOLDER_AUTHOR = {"id": "0", "username": "", "discriminator": "0", "avatar": None}
"""Stands in for an author Discord left out, until the message is read whole."""


def target_named_only(command: object) -> None:
    """A message command whose target Discord names by ``target_id`` alone (``resolved`` is
    optional in its reference) gets a target of that id and nothing more, read whole from
    Discord as any target described in part (``_complete_target``): discord.py finds the
    target in ``resolved`` only, and failed the command ("This should not happen if Discord
    sent well-formed data"), unanswered."""
    if not isinstance(command, dict) or command.get("type") != MESSAGE_COMMAND:
        return
    target_id = command.get("target_id")
    if target_id is None:
        return
    resolved = command.get("resolved")
    if not isinstance(resolved, dict):
        resolved = command["resolved"] = {}
    messages = resolved.get("messages")
    if not isinstance(messages, dict):
        messages = resolved["messages"] = {}
    messages.setdefault(str(target_id), {"id": str(target_id)})


MESSAGE_COMMAND = 3
"""``data.type`` of a command on a message (Discord's application command types)."""


def _complete_target(message: dict[str, Any], interaction: dict[str, Any]) -> bool:
    """Fill in what discord.py requires of a message command's target message, which Discord
    documents as a partial message: without its ``type``, ``channel_id`` or ``components``,
    discord.py could not read the interaction (unanswered) or failed using the message.
    False when its text or author is missing too: the message is then read whole from Discord
    before use (a placeholder stands in meanwhile, so discord.py can build it)."""
    if "id" not in message:
        return True  # nothing to name it by: discord.py's own error says so
    message_nulls_left_out(message)
    channel_id = interaction.get("channel_id") or (interaction.get("channel") or {}).get("id")
    if channel_id is not None:
        message.setdefault("channel_id", channel_id)
    reference_channel_filled(message)
    message.setdefault("type", 0)
    for key in ("components", "mentions", "mention_roles", "attachments", "embeds"):
        message.setdefault(key, [])
    complete_snapshots(message)
    whole = "content" in message and isinstance(message.get("author"), dict)
    message.setdefault("content", "")
    if not isinstance(message.get("author"), dict):
        message["author"] = dict(PLACEHOLDER_AUTHOR)
    return whole


def _complete_ready(state: ConnectionState) -> None:
    """Read a READY without ``guilds`` as one listing none (a bot in no server yet, as a
    stand-in or proxy may send it): discord.py requires the list, and READY it cannot read
    fails the connection, so the bot would never come online. The servers still arrive, each
    in its own GUILD_CREATE."""
    parse = state.parsers["READY"]

    def parse_ready(data: Any) -> None:
        if isinstance(data, dict) and data.get("guilds") is None:
            data["guilds"] = []
        parse(data)

    state.parsers["READY"] = parse_ready


def _complete_gateway_channels(state: ConnectionState, unheld: UnheldChannels) -> None:
    """Fill in what discord.py requires of the channels and threads the gateway describes and
    Discord's reference marks optional (a thread's ``message_count``, ``member_count``,
    ``owner_id``; see ``_complete_channel``). A server's channels of kinds discord.py leaves
    out of its cache are kept in ``unheld`` (for the guard's catch-up).

    Without them discord.py fails to read the event: a THREAD_CREATE is skipped (its title
    never shown to the guard), and a GUILD_CREATE listing such a thread loses its server."""
    parsers = state.parsers
    lists = {
        "GUILD_CREATE": ("channels", "threads"),
        "THREAD_LIST_SYNC": ("threads",),
        "CHANNEL_CREATE": (),
        "THREAD_CREATE": (),
        # An update changes what it names: only what discord.py needs to build a thread it
        # does not hold is filled in (never a name or an archived state it did not send).
        "CHANNEL_UPDATE": None,
        "THREAD_UPDATE": None,
    }
    for event, keys in lists.items():
        parsers[event] = _completing(parsers[event], keys)
    parse_guild = parsers["GUILD_CREATE"]

    def parse_guild_without_nulls(data: Any) -> None:
        server_nulls_left_out(data)  # before its lists are read (``client.null_fields``)
        if isinstance(data, dict) and "channels" in data:
            unheld.listed(int(data["id"]), _unheld_channels(data["channels"]))
        parse_guild(data)

    parsers["GUILD_CREATE"] = parse_guild_without_nulls


def _unheld_channels(channels: Any) -> list[UnheldChannel]:
    """The channels of ``channels`` (a GUILD_CREATE's) of kinds discord.py has no class for."""
    found: list[UnheldChannel] = []
    for channel in channels if isinstance(channels, list) else ():
        if not isinstance(channel, dict):
            continue
        kind = channel.get("type")
        if kind in KNOWN_KINDS or kind in PRIVATE_TYPES or _threaded_channel_factory(kind)[0]:
            continue
        try:
            last = channel.get("last_message_id")
            found.append(UnheldChannel(int(channel["id"]), None if last is None else int(last)))
        except (KeyError, TypeError, ValueError):
            continue  # unreadable: discord.py's own read says so
    return found


def _completing(
    parse: Callable[[Any], None], keys: tuple[str, ...] | None
) -> Callable[[Any], None]:
    def parse_completed(data: Any) -> None:
        if isinstance(data, dict):
            if keys is None:
                channel_nulls_left_out(data)  # an update's nulls and tags as a create's
                if data.get("type") in THREAD_TYPES:
                    for key, value in THREAD_COUNTS:
                        data.setdefault(key, value)
            else:
                found = [data] if not keys else [c for k in keys for c in data.get(k) or ()]
                for channel in found:
                    if isinstance(channel, dict):
                        _complete_channel(channel, keep_unknown=True)
        parse(data)

    return parse_completed


def _name_messages_servers(state: ConnectionState) -> None:
    """Give a message event the server of its channel, when discord.py holds that channel:
    one without ``guild_id``, or naming a server that is not the channel's.

    Discord's MESSAGE_CREATE and MESSAGE_UPDATE name a server message's server; discord.py
    takes one that does not for a DM (no server, no channel), which the spoiler guard never
    reads. A DM's channel is in no server, so a DM is left as it came. One naming another
    server (a forged or mistaken event) was read under that server's guard settings, off there:
    a spoiler in a guarded channel stayed in the open. The channel is where its readers are, so
    its server's settings are the ones that hold."""
    parsers = state.parsers
    for event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
        parsers[event] = _with_guild_id(state, parsers[event])


def _with_guild_id(state: ConnectionState, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    def parse_with_guild_id(data: Any) -> None:
        message_nulls_left_out(data)
        reference_channel_filled(data)
        if isinstance(data, dict) and "channel_id" in data:
            # Rarely moved: a DM, a thread not held, a server not yet sent, or another's name.
            _name_holding_server(state, data, int(data["channel_id"]), threads=True)
        parse(data)

    return parse_with_guild_id


def _name_threads_servers(state: ConnectionState) -> None:
    """Give a thread event the server of the thread's parent, when discord.py holds the parent
    in another server than the event names.

    A thread is in its parent's server. A THREAD_CREATE or THREAD_UPDATE naming another (a
    forged or mistaken event) had discord.py file the thread there, and the guard read its
    title, then every message in it, under that server's settings: off there, a title telling
    the ending and the spoilers below it stayed in the open."""
    parsers = state.parsers
    for event in ("THREAD_CREATE", "THREAD_UPDATE"):
        parsers[event] = _in_parents_server(state, parsers[event])


def _in_parents_server(
    state: ConnectionState, parse: Callable[[Any], None]
) -> Callable[[Any], None]:
    def parse_in_parents_server(data: Any) -> None:
        if isinstance(data, dict) and data.get("parent_id") is not None:
            _name_holding_server(state, data, int(data["parent_id"]), threads=False)
        parse(data)

    return parse_in_parents_server


def _name_holding_server(
    state: ConnectionState, data: dict[str, Any], channel_id: int, *, threads: bool
) -> None:
    """Set ``data``'s ``guild_id`` to the server holding ``channel_id`` (``threads``: a
    thread held counts), unless the server it names holds it; left as it is where none does."""

    def holds(guild: discord.Guild) -> bool:
        if threads:
            return guild.get_channel_or_thread(channel_id) is not None
        return guild.get_channel(channel_id) is not None

    named = data.get("guild_id")
    guild = state._get_guild(int(named)) if named is not None else None
    if guild is not None and holds(guild):
        return
    for other in state.guilds:
        if holds(other):
            data["guild_id"] = str(other.id)
            return


def _app_permissions(
    state: ConnectionState, own: OwnMembers, changes: PermissionChanges, data: dict[str, Any]
) -> int | None:
    """The bot's permissions where the interaction happened, from the cache (None: unknown).
    Unknown, so read from Discord, once a role or channel of the server changed: the cache may
    hold a replayed older state (the bot's role from before it was given Manage Messages, and
    Hide as spoiler refused, the member's spoiler left in the open)."""
    guild_id, channel_id = data.get("guild_id"), data.get("channel_id")
    if guild_id is not None and changes.unsure(int(guild_id)):
        return None
    guild = state._get_guild(int(guild_id)) if guild_id is not None else None
    me = own.known(guild) if guild is not None else None
    if guild is None or me is None or channel_id is None:
        return None
    channel = guild._resolve_channel(int(channel_id))
    return None if channel is None else channel.permissions_for(me).value


THREAD_TYPES = frozenset({10, 11, 12})
THREAD_COUNTS = (("owner_id", "0"), ("message_count", 0), ("member_count", 0))
VOICE_TYPES = frozenset({2, 13})
PRIVATE_TYPES = frozenset({1, 3})
KNOWN_KINDS = frozenset(
    kind.value for kind in discord.ChannelType if _threaded_channel_factory(kind.value)[0]
)
"""Kinds of channel discord.py builds: the common case, told without asking it each time."""


def _complete_channel(channel: dict[str, Any], *, keep_unknown: bool = False) -> None:
    """Fill in what discord.py requires of a channel and Discord's reference does not promise.

    "Partial Channel objects only have id, name, type, permissions, …, parent_id, …, position
    fields. Threads will also have the thread_metadata field": discord.py also reads a thread's
    ``owner_id``, ``message_count`` and ``member_count`` and a voice channel's ``bitrate`` and
    ``user_limit``, and without them fails to read the whole interaction (no answer at all) when
    the channel is not in its cache. Only missing keys are added; what Discord sent stands
    (but optional fields sent as null, left out: ``client.null_fields``)."""
    channel_nulls_left_out(channel)
    kind = channel.get("type")
    if kind in PRIVATE_TYPES:
        return
    if kind not in KNOWN_KINDS and _threaded_channel_factory(kind)[0] is None:
        if keep_unknown:
            return  # discord.py leaves a kind it does not know out of its cache
        # A kind of channel newer than discord.py: it would drop the channel, and with it the
        # channel's id (its spoiler rule, its parent's). Read as the nearest kind it knows.
        kind = channel["type"] = 11 if "thread_metadata" in channel else 0
    channel.setdefault("name", "")
    channel.setdefault("position", 0)
    if kind in THREAD_TYPES:
        channel.setdefault("owner_id", "0")
        channel.setdefault("message_count", 0)
        channel.setdefault("member_count", 0)
        metadata = channel.setdefault("thread_metadata", {})
        if isinstance(metadata, dict):
            metadata.setdefault("archived", False)
            metadata.setdefault("auto_archive_duration", 1440)
            metadata.setdefault("archive_timestamp", discord.utils.utcnow().isoformat())
    elif kind in VOICE_TYPES:
        channel.setdefault("bitrate", 64000)
        channel.setdefault("user_limit", 0)


DEFAULT_FILE_LIMIT = 10 * 1024 * 1024
"""What a server without boosts takes in one upload (``attachment_size_limit``'s usual value)."""


def _channel_kind_unknown(state: ConnectionState, data: dict[str, Any]) -> bool:
    """Whether an interaction in a server leaves open if its channel is a thread, and of which
    channel: discord.py does not hold the channel, and Discord named it by id alone, gave it no
    kind discord.py knows, or described a thread (its ``parent_id`` is only what the payload
    says, until ``client.thread_parents`` confirms it with Discord)."""
    channel = data.get("channel")
    channel_id = data.get("channel_id") or (channel or {}).get("id")
    guild_id = data.get("guild_id")
    if guild_id is None or channel_id is None:
        return False
    guild = state._get_guild(int(guild_id))
    held = None if guild is None else guild._resolve_channel(int(channel_id))
    if held is not None:
        return _described_otherwise(held, channel)
    if not isinstance(channel, dict):
        return True
    if _threaded_channel_factory(channel.get("type"))[0] is None:
        # Read as a thread if it has a thread's metadata (``_complete_channel``), else as text.
        return "thread_metadata" not in channel or channel.get("parent_id") is None
    return channel.get("type") in THREAD_TYPES or "thread_metadata" in channel


def _described_otherwise(held: object, channel: object) -> bool:
    """Whether the interaction describes a channel discord.py holds as another kind, or a
    thread as another channel's: discord.py reads the one it holds, and its cache may be
    behind Discord (the update that made a spoiler channel an announcement one lost, or an
    older one replayed after it), so which is true cannot be told. Only what the payload says
    is compared: a kind or parent it leaves out is no disagreement."""
    if not isinstance(channel, dict):
        return False
    kind = channel.get("type")
    held_kind = getattr(getattr(held, "type", None), "value", None)
    if kind is not None and str(kind) != str(held_kind):
        return True
    parent = channel.get("parent_id")
    return (
        isinstance(held, discord.Thread)
        and parent is not None
        and str(parent) != str(held.parent_id)
    )


def _parentless_thread(channel: object) -> bool:
    return (
        isinstance(channel, dict)
        and (channel.get("type") in THREAD_TYPES or "thread_metadata" in channel)
        and channel.get("parent_id") is None
    )


def _partial_channel(state: ConnectionState, data: dict[str, Any]) -> dict[str, Any]:
    """A ``channel`` for an interaction that gave only ``channel_id``: its id is enough for a
    channel or thread in the cache; else the least discord.py builds a channel from."""
    channel_id = str(data.get("channel_id") or data["channel"]["id"])
    guild_id = data.get("guild_id")
    if guild_id is None:
        user = data.get("user")
        return {"id": channel_id, "type": 1, "recipients": [user] if user else []}
    guild = state._get_guild(int(guild_id))
    if guild is not None and guild._resolve_channel(int(channel_id)) is not None:
        return {"id": channel_id}
    # Not in the cache (made since, or a server the bot is not in): its own rule still applies.
    return {"id": channel_id, "type": 0, "name": "", "position": 0, "guild_id": str(guild_id)}


class ShardedEpilogueBot(EpilogueBot, commands.AutoShardedBot):
    """The same bot over several shards (``shard_ids``/``shard_count``) on one connection each."""

    async def launch_shards(self) -> None:
        """Without a shard count, run as many shards as ``GET /gateway/bot`` recommends.

        discord.py reads that answer's ``shards``, ``url`` and ``session_start_limit`` all at
        once and fails on any missing (a stand-in or proxy may name only some); only ``shards``
        is needed here, 1 when not named. The shards then connect to the configured gateway
        (``client.runner`` points discord.py at the one that API names when none is set)."""
        if self.shard_count is None and not self.is_closed():
            found = await self.http.request(Route("GET", "/gateway/bot"))
            shards = found.get("shards") if isinstance(found, dict) else None
            self.shard_count = int(shards) if isinstance(shards, int) and shards > 0 else 1
        self._launching = True
        try:
            await super().launch_shards()
        finally:
            self._launching = False


def make_bot(app: Epilogue, *, auto_shards: bool = False) -> EpilogueBot:
    """A sharded bot when the config names shards, else the plain one (as before).

    ``auto_shards``: every shard in this process, as many as ``GET /gateway/bot`` recommends
    (Discord closed the plain one's connection with 4011, sharding required)."""
    discord_config = app.config.discord
    if auto_shards and discord_config.shard_ids is None and discord_config.shard_count is None:
        return ShardedEpilogueBot(app)
    if discord_config.shard_ids is None and discord_config.shard_count is None:
        return EpilogueBot(app)
    return ShardedEpilogueBot(
        app, shard_ids=discord_config.shard_ids, shard_count=discord_config.shard_count
    )
