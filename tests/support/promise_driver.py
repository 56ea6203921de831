"""Drive the core as the adapters do, and keep a model of the rules to judge what it sends.

Shared by the stateful test and the named regressions: servers with channels and threads,
members, moderators and admins; every command goes through ``run_command``, every button through
``Epilogue.press`` with the custom id read from an earlier payload, every form through
``Epilogue.submit``. ``World`` mirrors the rules a moderator or member set (modes, embargoes,
opt-ins), so after each step ``tests.support.spoiler_world.judge`` can say what the reader may
see *now*.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.command_table import ChannelRef, Choice, command_table
from bot.config import Config
from bot.cooldowns import MemberMinuteBudget
from bot.dispatch import complete, film_to_prepare, prepare_ahead, start_command
from bot.epilogue import Epilogue
from bot.features.film.commands import film_choices, question_choices
from bot.invocation import Invocation
from bot.replies import Attachment, Deferred, Reply
from tests.support.spoiler_world import (
    CANARY,
    SPOILER_LEVELS,
    Audience,
    Identity,
    Ledger,
    custom_ids,
    is_public,
    judge,
)

OWNER = 999
MODERATOR = 50
ADMIN = 60
OPTIN_ROLE = 77
MEMBERS = (11, 12, 13)
ROLE_MEMBER = 13  # holds OPTIN_ROLE
EMBARGO_END = "2099-12-31"


def channels(guild: int) -> dict[int, int | None]:
    """Channel id → parent id: three channels and a thread of the first."""
    base = guild * 100
    return {base + 1: None, base + 2: None, base + 3: None, base + 4: base + 1}


def make_config(db: Path) -> Config:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{db}"
    config.content.directories = []
    config.discord.owner_ids = [OWNER]
    return config


async def open_app(template: Path, workdir: Path) -> Epilogue:
    """A migrated, empty database copied from ``template`` (migrating once per session only)."""
    if not await asyncio.to_thread(template.exists):
        app = await Epilogue.open(make_config(template), load_content=False)
        await app.close()
    db = workdir / "epilogue.db"
    await asyncio.to_thread(shutil.copy, template, db)
    return await Epilogue.open(make_config(db), load_content=False)


@dataclass
class Message:
    """A message the bot posted, as its readers have it."""

    guild: int
    channel: int
    public: bool
    reader: int  # who received it (for a private message, the only one who can press it)
    film: Identity | None  # the film it answers about, as asked
    buttons: list[tuple[str, str]]
    revealed: bool = False  # sent by a Reveal press: unwrapped on purpose, for its reader
    admin: bool = False  # an admin flow: the admin's own text


@dataclass
class World:
    """The rules as moderators and members set them, and everything posted so far."""

    ledger: Ledger = field(default_factory=Ledger)
    modes: dict[tuple[int, int], str] = field(default_factory=dict)
    default: dict[int, str] = field(default_factory=dict)
    embargoes: dict[int, set[Identity]] = field(default_factory=dict)
    optin_enabled: dict[int, bool] = field(default_factory=dict)
    optin_role: dict[int, int | None] = field(default_factory=dict)
    all_on: set[int] = field(default_factory=set)
    seen: dict[int, set[Identity]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def mode(self, guild: int, channel: int) -> str:
        own = self.modes.get((guild, channel))
        if own is not None:
            return own
        parent = channels(guild).get(channel)
        if parent is not None and (guild, parent) in self.modes:
            return self.modes[(guild, parent)]
        return self.default.get(guild, "standard")

    def roles(self, user: int) -> frozenset[int]:
        return frozenset({OPTIN_ROLE}) if user == ROLE_MEMBER else frozenset()

    def unwrapped_ok(self, guild: int, user: int) -> frozenset[Identity] | None:
        if not self.optin_enabled.get(guild, True):
            return frozenset()
        by_role = self.optin_role.get(guild) in self.roles(user)
        if user in self.all_on or by_role:
            return None
        return frozenset(self.seen.get(user, set()))

    def audience(
        self,
        guild: int,
        channel: int,
        user: int,
        public: bool,
        *,
        revealed: Identity | None = None,
        own_text: bool = False,
        asked_anything: bool = False,
        typed: frozenset[str] = frozenset(),
    ) -> Audience:
        mode = self.mode(guild, channel)
        ok = self.unwrapped_ok(guild, user)
        if asked_anything:
            ok = None
        elif revealed is not None and ok is not None:
            ok = ok | {revealed}
        withheld = None if mode == "no-spoilers" else frozenset(self.embargoes.get(guild, set()))
        return Audience(
            guild_id=guild,
            public=public,
            spoiler_channel=mode == "spoilers",
            withheld=withheld,
            unwrapped_ok=ok,
            own_text=own_text,
            typed=typed,
        )


class Driver:
    """One core and its model; every call records, judges and remembers what was sent."""

    def __init__(self, app: Epilogue, world: World | None = None) -> None:
        self.app = app
        self.world = world or World()
        # The model counts no uses: a member's /spoilers past the per-member minute would be
        # refused, and the model would take the opt-in as made. Rate limits are tested apart.
        app.own_settings_budget = MemberMinuteBudget(per_minute=1_000_000)

    # --- who is asking -------------------------------------------------------------------------

    def invocation(self, guild: int, channel: int, user: int) -> Invocation:
        permissions: frozenset[str] = frozenset()
        if user == MODERATOR:
            permissions = frozenset({"manage_messages"})
        elif user == ADMIN:
            permissions = frozenset({"manage_guild"})
        return Invocation(
            user_id=user,
            guild_id=guild,
            channel_id=channel,
            parent_channel_id=channels(guild).get(channel),
            role_ids=self.world.roles(user),
            permissions=permissions,
            is_owner=user == OWNER,
        )

    # --- sending -------------------------------------------------------------------------------

    async def command(
        self,
        name: str,
        guild: int,
        channel: int,
        user: int,
        /,
        *,
        about: Identity | None = None,
        meanwhile: Callable[[], Awaitable[None]] | None = None,
        **options: Any,
    ) -> Reply:
        """``meanwhile``: what happens between the acknowledgement of a deferred answer and its
        rendering (a moderator's change); the answer is judged by the rules after it. An answer
        ready at once was sent before it, and is judged first."""
        spec = command_table()[name]
        outcome = await start_command(
            self.app, spec, self.invocation(guild, channel, user), options
        )
        deferred = isinstance(outcome, Deferred)
        if deferred and meanwhile is not None:
            await meanwhile()
        reply = await complete(outcome) if isinstance(outcome, Deferred) else outcome
        step = f"/{name} {_shown(options)} by {user} in {guild}/{channel}"
        self.world.log.append(step)
        admin = name.startswith("film-admin")
        typed = frozenset(CANARY.findall(str(options.get("query", ""))))
        self._check(
            reply, guild, channel, user, is_public(reply), step, own_text=admin, typed=typed
        )
        if name == "film search":
            self._check_found_by(reply, guild, channel, user, str(options["query"]), step)
        self._remember(reply, guild, channel, user, about, admin=admin)
        if not deferred and meanwhile is not None:
            await meanwhile()
        return reply

    async def press(
        self, message: Message, label: str, custom_id: str, user: int, *, tampered: bool = False
    ) -> Reply:
        invocation = self.invocation(message.guild, message.channel, user)
        # Discord tells the bot whether the pressed message is ephemeral: say so, as it does.
        reply = await self.app.press(invocation, custom_id, on_private_message=not message.public)
        step = f"press [{label}] {custom_id} by {user} in {message.guild}/{message.channel}"
        self.world.log.append(step)
        edits = reply.edits_original
        public = message.public if edits else is_public(reply)
        reveal = "reveal" in label.casefold()
        revealed = message.film if (reveal or message.revealed) else None
        self._check(
            reply,
            message.guild,
            message.channel,
            user,
            public,
            step,
            revealed=revealed,
            own_text=message.admin,
            asked_anything=tampered and not public,
        )
        if edits:
            message.buttons = custom_ids(reply)
        else:
            self._remember(
                reply, message.guild, message.channel, user, message.film, admin=message.admin
            )
            if reveal or message.revealed:
                self.world.messages[-1].revealed = True
        return reply

    async def submit(
        self, guild: int, channel: int, user: int, custom_id: str, values: dict[str, str]
    ) -> Reply:
        reply = await self.app.submit(self.invocation(guild, channel, user), custom_id, values)
        step = f"submit {custom_id} by {user} in {guild}/{channel}"
        self.world.log.append(step)
        self._check(reply, guild, channel, user, is_public(reply), step, own_text=True)
        return reply

    async def typing(self, guild: int, channel: int, user: int, command: str, typed: str) -> None:
        """A member typing a title into ``command``'s film option: what the client does after
        offering the choices (``bot.dispatch.film_to_prepare`` then ``prepare_ahead``), which
        must show nothing."""
        self.world.log.append(f"typing /{command} film:{typed!r} by {user} in {guild}/{channel}")
        invocation = self.invocation(guild, channel, user)
        spec = command_table()[command]
        if (film := film_to_prepare(self.app, spec, invocation.guild_id, typed)) is not None:
            await prepare_ahead(self.app, spec, invocation, film)

    async def choices(
        self, guild: int, channel: int, user: int, current: str, *, film: str | None = None
    ) -> list[Choice]:
        """Autocomplete as the cogs ask for it: film titles, or one film's FAQ questions."""
        invocation = self.invocation(guild, channel, user)
        if film is None:
            found = film_choices(self.app, invocation, current)
        else:
            found = await question_choices(self.app, invocation, film, current)
        step = f"autocomplete {film or 'film'}:{current!r} in {guild}"
        self.world.log.append(step)
        for choice in found:
            for text in (choice.name, choice.value):
                for canary in self.world.ledger.found(text):
                    if canary.level in SPOILER_LEVELS:
                        self.world.problems.append(
                            f"{step}: {canary.level} text {canary.token} ({canary.where})"
                            " in an autocomplete choice"
                        )
                    if canary.owner not in (0, guild):
                        self.world.problems.append(
                            f"{step}: choice shows {canary.token} of server {canary.owner}"
                        )
        return found

    async def upload(self, guild: int, user: int, filename: str, data: bytes) -> Reply:
        channel = guild * 100 + 1
        return await self.command(
            "film-admin import", guild, channel, user, file=Attachment(filename, data)
        )

    async def confirm(self, guild: int, user: int, reply: Reply) -> Reply | None:
        """Press the button of an admin preview that goes ahead (Confirm, Remove), if any."""
        message = self.world.messages[-1] if self.world.messages else None
        if message is None or not reply.rows or message.buttons != custom_ids(reply):
            return None
        ahead = [(label, cid) for label, cid in message.buttons if "cancel" not in label.casefold()]
        if not ahead:
            return None
        return await self.press(message, *ahead[0], user)

    # --- judging -------------------------------------------------------------------------------

    def _check(
        self,
        reply: Reply,
        guild: int,
        channel: int,
        user: int,
        public: bool,
        step: str,
        *,
        revealed: Identity | None = None,
        own_text: bool = False,
        asked_anything: bool = False,
        typed: frozenset[str] = frozenset(),
    ) -> None:
        audience = self.world.audience(
            guild,
            channel,
            user,
            public,
            revealed=revealed,
            own_text=own_text,
            asked_anything=asked_anything,
            typed=typed,
        )
        self.world.problems += judge(self.world.ledger, reply, audience, step)

    def _check_found_by(
        self, reply: Reply, guild: int, channel: int, user: int, query: str, step: str
    ) -> None:
        """A search for words of a film's spoilers finds nothing where its reader could not
        read them openly: a result, even with its text withheld or behind bars, would tell
        them that film's spoilers hold those words."""
        audience = self.world.audience(guild, channel, user, is_public(reply))
        for canary in self.world.ledger.found(query):
            if canary.level not in SPOILER_LEVELS or not reply.embeds:
                continue
            readable = audience.unwrapped_ok is None or canary.identity in audience.unwrapped_ok
            if not (audience.spoiler_channel or (not audience.public and readable)):
                self.world.problems.append(
                    f"{step}: results found by {canary.level} text {canary.token}"
                    f" ({canary.where}) of {canary.identity}, not readable openly here"
                )

    def _remember(
        self,
        reply: Reply,
        guild: int,
        channel: int,
        user: int,
        film: Identity | None,
        *,
        admin: bool,
    ) -> None:
        if reply.modal is not None:
            return
        self.world.messages.append(
            Message(guild, channel, is_public(reply), user, film, custom_ids(reply), admin=admin)
        )


def _shown(options: dict[str, Any]) -> str:
    parts = []
    for name, value in options.items():
        if isinstance(value, Attachment):
            value = value.filename
        elif isinstance(value, ChannelRef):
            value = f"<#{value.id}>"
        parts.append(f"{name}:{value}")
    return " ".join(parts)


def film_option(title: str, year: int) -> str:
    return f"{title} ({year})"


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
