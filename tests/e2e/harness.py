"""The end-to-end rig: a Discord stand-in, the real Epilogue bot, and the people who use it.

The bot runs either in this process (fast: most tests) or as the real ``epilogue run`` process
(restart and resume tests); both talk to the same :class:`StandinServer` over loopback.
"""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy.engine import make_url

from bot.config import Config
from bot.db.engine import create_engine, migrate
from bot.epilogue import Epilogue
from client import identify_turns
from client.bot import EpilogueBot
from client.endpoints import DISCORD_API_BASE, DISCORD_GATEWAY, point_client_at
from tests.e2e.invariants import markers_in
from tests.standin import Channel, Guild, Role, StandinMessage, StandinServer, StandinWorld, User
from tests.standin.builder import Context
from tests.standin.world import MANAGE_MESSAGES
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.timing import scaled

ROOT = Path(__file__).resolve().parents[2]
FILMS = ROOT / "data" / "films"
TOKEN = "e2e.standin.token"
MANAGE_GUILD = 1 << 5
LA_LA_LAND = "La La Land"
STARTUP_TIMEOUT = 30.0
"""Seconds for ``epilogue run`` to import, migrate, load content and identify (2 slow cores)."""


@dataclass
class FilmClub:
    """Two servers and the people in them.

    ``club``: members, a moderator role (Manage Messages), an admin role (Manage Server), channels
    that tests turn into spoiler / no-spoiler channels, and a thread. ``other``: a second server
    with its own admin, to check that nothing leaks across servers. ``owner`` owns the bot.
    """

    world: StandinWorld
    club: Guild
    general: Channel
    spoiler_room: Channel
    quiet: Channel
    thread: Channel
    moderators: Role
    admins: Role
    fans: Role
    member: User
    friend: User
    moderator: User
    admin: User
    owner: User
    other: Guild
    other_general: Channel
    other_admins: Role
    other_admin: User
    other_member: User


def film_club(*, club_id: int | None = None, other_id: int | None = None) -> FilmClub:
    """``club_id``/``other_id``: the servers' ids (sharding tests put them on chosen shards)."""
    world = StandinWorld(bot_name="Epilogue")
    founder = world.user("founder")
    club = world.guild("Film Club", owner=founder, id=club_id)
    general = club.text_channel("general")
    moderators = club.role("Moderators", MANAGE_MESSAGES)
    # An admin role as servers make them: Manage Server, and the moderators' Manage Messages.
    admins = club.role("Admins", MANAGE_GUILD | MANAGE_MESSAGES)
    fans = club.role("Fans")  # no permissions: for opt-in and moderator roles
    member, moderator, admin = world.user("mia"), world.user("moe"), world.user("ada")
    friend = world.user("sam")
    club.add_member(member)
    club.add_member(friend)
    club.add_member(moderator, [moderators])
    club.add_member(admin, [admins])
    club.add_member(world.owner)
    other_founder = world.user("other-founder")
    other = world.guild("Other Club", owner=other_founder, id=other_id)
    other_general = other.text_channel("lobby")
    other_admins = other.role("Admins", MANAGE_GUILD | MANAGE_MESSAGES)
    other_admin, other_member = world.user("olga"), world.user("otto")
    other.add_member(other_admin, [other_admins])
    other.add_member(other_member)
    other.add_member(member)  # one person in both servers: opt-ins follow her
    return FilmClub(
        world=world,
        club=club,
        general=general,
        spoiler_room=club.text_channel("spoiler-room"),
        quiet=club.text_channel("quiet-room"),
        thread=club.thread("la-la-land-talk", general),
        moderators=moderators,
        admins=admins,
        fans=fans,
        member=member,
        friend=friend,
        moderator=moderator,
        admin=admin,
        owner=world.owner,
        other=other,
        other_general=other_general,
        other_admins=other_admins,
        other_admin=other_admin,
        other_member=other_member,
    )


def readable(message: StandinMessage) -> list[str]:
    """The parts of a message where text is read (content, descriptions, field values)."""
    parts = [message.content]
    for embed in message.embeds:
        parts.append(embed.get("description") or "")
        parts += [field.get("value") or "" for field in embed.get("fields") or []]
    return [part for part in parts if part]


def shown(message: StandinMessage) -> str:
    """What a reader sees without clicking a spoiler bar."""
    return "\n".join(filter(None, (visible_text(part) for part in readable(message))))


def behind_bars(message: StandinMessage) -> str:
    """What a reader sees only after clicking spoiler bars."""
    return "\n".join(filter(None, (hidden_text(part) for part in readable(message))))


def spoils(message: StandinMessage) -> bool:
    """Whether a reader sees a plot or ending detail of La La Land without clicking."""
    return bool(markers_in(shown(message)))


def footer(message: StandinMessage) -> str:
    return "\n".join((embed.get("footer") or {}).get("text", "") for embed in message.embeds)


def make_config(db_path: Path, owner: User, *, films: list[Path] | None = None) -> Config:
    config = Config()
    config.database.url = f"sqlite+aiosqlite:///{db_path}"
    config.content.directories = [FILMS] if films is None else films
    config.discord.owner_ids = [owner.id]
    config.discord.token = TOKEN
    config.logging.level = "WARNING"
    return config


@contextlib.contextmanager
def client_pointed_at(standin: StandinServer) -> Iterator[None]:
    """discord.py in this process talks to the stand-in, and to Discord again afterwards."""
    point_client_at(standin.api_base, standin.gateway_url)
    try:
        yield
    finally:
        point_client_at(DISCORD_API_BASE, DISCORD_GATEWAY)


def identify_spacing(standin: StandinServer, monkeypatch: pytest.MonkeyPatch, s: float) -> None:
    """Discord's one IDENTIFY per 5 s (per rate-limit key) scaled down to ``s`` at the stand-in
    and in the client alike: the spacing held, in less of the suite's time. The stand-in is a
    new Discord: the client's turns start afresh with it (an earlier stand-in's port may be
    this one's)."""
    monkeypatch.setattr(identify_turns, "IDENTIFY_SPACING_S", s)
    monkeypatch.setattr(identify_turns, "_turns", {})
    standin.gateway.identify_spacing_s = s


async def wait_identified(standin: StandinServer, count: int, *, timeout: float = 5.0) -> None:
    """Wait for the ``count``-th IDENTIFY to be complete and its socket live."""

    def ready() -> bool:
        session = standin.gateway.current
        live = session is not None and session.identified and session.live
        return live and standin.gateway.identify_count >= count

    await standin.wait_for(ready, timeout=timeout, what=f"IDENTIFY number {count}")


_migrated: Path | None = None
"""A SQLite file at the newest schema, made once per test process (see below)."""
_loaded: Path | None = None
"""``_migrated`` with the shipped content (``FILMS``) loaded, made once per test process."""


async def start_from_migrated_copy(config: Config) -> None:
    """A new SQLite file for ``config`` begins as a copy of a migrated one, so the start finds
    the schema current and skips Alembic, as every start after a bot's first does; migrating
    each test's file cost a tenth of a second of CPU per test. A start that loads the shipped
    content begins from a copy with it loaded too, and finds every film stored and unchanged
    (storing them cost two fifths of a start's CPU). First starts, upgrades and loads are
    proven in ``tests/bot/db``, ``tests/bot/content`` and by the ``epilogue run`` processes
    (``BotProcess``)."""
    global _migrated, _loaded
    url = make_url(config.database.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    target = Path(url.database)
    if await asyncio.to_thread(target.exists):
        return  # a restart, or a test that prepared its database itself
    if _migrated is None:
        folder = Path(tempfile.mkdtemp(prefix="epilogue-e2e-migrated-"))
        atexit.register(shutil.rmtree, folder, True)
        engine = create_engine(f"sqlite+aiosqlite:///{folder / 'migrated.db'}")
        try:
            await migrate(engine)
        finally:
            await engine.dispose()
        _migrated = folder / "migrated.db"
    shipped = config.content.load_on_start and config.content.directories == [FILMS]
    if shipped and _loaded is None:
        loaded = _migrated.with_name("loaded.db")
        await asyncio.to_thread(shutil.copyfile, _migrated, loaded)
        loading = Config()
        loading.database.url = f"sqlite+aiosqlite:///{loaded}"
        loading.content.directories = [FILMS]
        async with Epilogue.open(loading):
            pass
        _loaded = loaded
    source = _loaded if shipped and _loaded is not None else _migrated
    await asyncio.to_thread(shutil.copyfile, source, target)


@contextlib.asynccontextmanager
async def bot_in_process(
    standin: StandinServer, config: Config, *, sync: bool = True, online_within: float = 5.0
) -> AsyncIterator[EpilogueBot]:
    """The real EpilogueBot around a real core, started like ``client.runner`` starts it.

    ``sync`` registers the commands first, as ``epilogue sync`` would have done once;
    ``online_within``: seconds its session may take to start.
    """
    await start_from_migrated_copy(config)
    app = await Epilogue.open(config)
    bot = EpilogueBot(app)
    connection: asyncio.Task[None] | None = None
    try:
        await bot.login(TOKEN)
        if sync:
            await bot.tree.sync()
        identified = standin.gateway.identify_count
        connection = asyncio.create_task(bot.connect())
        await wait_identified(standin, identified + 1, timeout=online_within)
        yield bot
    finally:
        await bot.close()
        if connection is not None:
            await asyncio.wait_for(connection, scaled(5))
        await app.close()


class Closable(Protocol):
    """What ``stop_serving`` uses of a client."""

    def is_closed(self) -> bool: ...

    async def close(self) -> None: ...


async def stop_serving(
    task: asyncio.Task[int], bots: Sequence[Closable], *, within: float = 5.0
) -> int:
    """Stop ``epilogue run``'s loop (``client.runner._serve`` in ``task``, each client it made
    in ``bots``) and give its exit code: every client closed, those it makes while stopping
    too (a test that failed before the loop ran made none yet; a 4011 makes a sharded one).

    A client left running outlived its test: its shards reconnected to a stand-in that was
    gone, with discord.py's backoff growing to minutes, and discord.py takes the cancel the
    event loop's close sends while a shard reconnects as a reconnect that failed (``Shard.
    reconnect``): the worker hung for good, after its test. A loop that does not stop within
    ``within`` seconds fails the test saying so, and is cancelled."""
    loop = asyncio.get_running_loop()
    within = scaled(within)
    deadline = loop.time() + within
    while not task.done() and loop.time() < deadline:
        for bot in list(bots):
            if not bot.is_closed():
                await bot.close()
        await asyncio.wait({task}, timeout=0.05)
    if not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
        raise AssertionError(
            f"epilogue run's loop did not stop within {within} s of its {len(bots)} client(s)"
            f" closing (stopped when cancelled: {task.done()}): {task!r}"
        )
    return task.result()


async def register_commands(config: Config) -> None:
    """Register the commands in this process, as ``epilogue sync`` does (faster to start)."""
    app = await Epilogue.open(config, load_content=False)
    try:
        async with EpilogueBot(app) as bot:
            await bot.login(TOKEN)
            await bot.tree.sync()
    finally:
        await app.close()


class BotProcess:
    """``epilogue run`` as its own process, configured only through the environment."""

    def __init__(self, standin: StandinServer, db_path: Path, owner: User, log: Path) -> None:
        self.standin = standin
        self.log = log
        # A config file that sets nothing: a developer's ./config.yaml must not leak in.
        defaults = log.with_suffix(".yaml")
        defaults.write_text("# defaults: every setting comes from the environment\n")
        self.env = os.environ | {
            "DISCORD_TOKEN": TOKEN,
            "EPILOGUE_DISCORD_API_BASE": standin.api_base,
            "EPILOGUE_DISCORD_GATEWAY_URL": standin.gateway_url,
            "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
            "EPILOGUE_DISCORD_OWNER_IDS": str(owner.id),
            "EPILOGUE_LOGGING_LEVEL": "INFO",
            "EPILOGUE_CONFIG": str(defaults),
            "PYTHONUNBUFFERED": "1",
        }
        self.process: asyncio.subprocess.Process | None = None

    async def cli(self, *args: str, timeout: float = STARTUP_TIMEOUT) -> tuple[int, str]:
        """Run another ``epilogue`` verb (e.g. ``sync``) to completion: (exit code, output)."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=ROOT,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            output, _ = await asyncio.wait_for(process.communicate(), scaled(timeout))
        except TimeoutError:
            process.kill()
            await process.wait()
            raise
        return process.returncode or 0, output.decode()

    async def start(self, *, timeout: float = STARTUP_TIMEOUT) -> None:
        """Start ``epilogue run`` and wait until it identified on the gateway."""
        identified = self.standin.gateway.identify_count
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        try:
            await self.until(wait_identified(self.standin, identified + 1, timeout=timeout))
        except BaseException:
            await self.kill()  # a start that failed leaves no process running after the test
            raise

    async def kill(self) -> None:
        """SIGKILL, if it still runs."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def until(self, waiting: Any) -> Any:
        """Await ``waiting`` unless the process dies first (then fail with its log)."""
        assert self.process is not None
        task = asyncio.ensure_future(waiting)
        died = asyncio.ensure_future(self.process.wait())
        try:
            done, _ = await asyncio.wait({task, died}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            died.cancel()
        if task not in done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise AssertionError(
                f"epilogue run exited with {self.process.returncode}:\n{self.tail()}"
            )
        return task.result()

    async def stop(self, *, timeout: float = 10.0) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code (``timeout`` for a
        quiet machine: ``tests.support.timing``)."""
        timeout = scaled(timeout)
        process = self.process
        if process is None or process.returncode is not None:
            return process.returncode if process else 0
        process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(
                f"epilogue run ignored SIGTERM for {timeout}s:\n{self.tail()}"
            ) from None

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no output)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def overridden_permissions(standin: StandinServer, guild: Guild) -> Iterator[None]:
    """A server whose admins lifted every command's default permissions (Server Settings →
    Integrations → Epilogue): Discord then shows and sends every command to every member, and
    only Epilogue's own checks stand between a member and a moderator or admin command."""
    original: Callable[[dict[str, Any], Context], None] = standin._check_can_use

    def check(command: dict[str, Any], ctx: Context) -> None:
        if ctx.guild is None or ctx.guild.id != guild.id:
            original(command, ctx)

    standin._check_can_use = check  # type: ignore[method-assign]
    try:
        yield
    finally:
        del standin._check_can_use


SNOWFLAKE_OPTIONS = frozenset({6, 7, 8, 9, 11})
"""Option types whose value is a snowflake: user, channel, role, mentionable, attachment."""


def with_integer_snowflakes(payload: Any) -> None:
    """Every snowflake as a JSON number, not the string Discord's reference sends (a stand-in
    that keeps ids as integers and serializes them so)."""
    items = payload.items() if isinstance(payload, dict) else enumerate(payload)
    for key, value in list(items):
        snowflake_key = key == "id" or (
            isinstance(key, str) and key.endswith("_id") and key != "custom_id"
        )
        if snowflake_key and isinstance(value, str) and value.isdigit():
            payload[key] = int(value)
        elif isinstance(value, dict | list):
            with_integer_snowflakes(value)
    option = payload if isinstance(payload, dict) else {}
    value = option.get("value")
    if option.get("type") in SNOWFLAKE_OPTIONS and isinstance(value, str) and value.isdigit():
        option["value"] = int(value)


async def turn_on(standin: StandinServer, people: FilmClub) -> None:
    """A moderator turns the spoiler guard on and embargoes La La Land: its ending is then
    something the guard hides wherever a member writes it."""
    for command in (
        "/spoiler-rules guard enabled:true",
        f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
    ):
        done = await standin.run_command(command, user=people.moderator, channel=people.general)
        assert "✅" in done.message.content, done.message.content
