"""``epilogue run`` and ``epilogue sync``: open the core, run the bot around it, close both."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Iterator

import discord
from discord.http import Route

from bot.config import Config
from bot.epilogue import Epilogue
from client.bot import (
    RESUMED,
    RUNNING_WITHOUT_INTENT,
    EpilogueBot,
    GatewayUnreachable,
    gateway_event_failing,
    make_bot,
)
from client.collector import full_collections_on_a_timer
from client.delivery import patiently
from client.endpoints import point_client_at
from client.slow_steps import slow_steps_logged
from client.tree import AlreadyEverywhere, command_label

log = logging.getLogger(__name__)

BAD_TOKEN = (
    "epilogue: Discord rejected the token. Reset it at https://discord.com/developers/applications"
    " → your app → Bot → Reset Token, and set DISCORD_TOKEN to the new one."
)


NO_INTENT = (
    "epilogue: Discord refused a privileged intent Epilogue asked for (gateway close 4014):"
    " switch it on at https://discord.com/developers/applications → your app → Bot →"
    " Privileged Gateway Intents."
)


PAYLOAD_LOGGERS = ("aiosqlite", "discord.gateway", "discord.http", "discord.webhook")
"""Libraries whose DEBUG lines carry what passes through them: every gateway event (a member's
message), every request's and answer's body (an opted-in member's unwrapped ending), every
statement's values (a hidden message's record). The operator's log never holds a member's
words nor an ending (README, "Who sees what"), so these log from INFO up at any level."""


def set_up_logging(level: str) -> None:
    """The log ``epilogue run`` and ``sync`` write, at ``logging.level``."""
    discord.utils.setup_logging(level=getattr(logging, level))
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, getattr(logging, level)))


def run_bot(config: Config) -> int:
    """Run until stopped (Ctrl-C or SIGTERM); 0 after a clean stop, 2 for a rejected token."""
    set_up_logging(config.logging.level)
    _use_endpoints(config)
    return asyncio.run(_serve(config))


def sync_commands(config: Config) -> int:
    """Register the slash commands globally, or in ``discord.sync_guild_id``, print them, exit."""
    set_up_logging(config.logging.level)
    _use_endpoints(config)
    return asyncio.run(_sync(config))


def _use_endpoints(config: Config) -> None:
    api_base, gateway_url = config.discord.api_base, config.discord.gateway_url
    if api_base or gateway_url:
        log.info("using Discord endpoints REST %s, gateway %s", api_base, gateway_url)
        point_client_at(api_base, gateway_url)


async def _serve(config: Config, *, started: Callable[[EpilogueBot], None] | None = None) -> int:
    """Run the bot until it stops: 0, or 2 with one line saying what to fix.

    Discord's gateway may end a session for good with a close code discord.py does not retry:
    each becomes the line that says why, or, where it can, a new client that runs on (4014
    without the Message Content intent, 4011 with the shards Discord asks for). ``started`` is
    given each client as it is made (tests stop it with ``close``)."""
    # What start-up built lives as long as the process; full collections run on a timer, never
    # in the middle of a burst of interactions (client.collector).
    with slow_steps_logged(config.logging.slow_steps_ms), _stopped_by_signals(running := []):
        return await _serve_app(config, started, running)


async def _serve_app(
    config: Config,
    started: Callable[[EpilogueBot], None] | None,
    running: list[EpilogueBot],  # the client now running (a new one may replace it)
) -> int:

    def busy_at() -> float:
        return running[-1].tree.last_interaction_at if running else float("-inf")

    async with Epilogue.open(config) as app, full_collections_on_a_timer(busy_at=busy_at):
        # Answers render in worker threads; hand the interpreter back to the event loop within a
        # millisecond (not the default 5) so acknowledgements never wait long behind a render.
        sys.setswitchinterval(0.001)
        auto_shards = False
        while True:
            async with make_bot(app, auto_shards=auto_shards) as bot:
                running[:] = [bot]
                if started is not None:
                    started(bot)
                try:
                    await _connect_until_stopped(bot, config)
                except discord.LoginFailure:
                    print(BAD_TOKEN, file=sys.stderr)
                    return 2
                except discord.NotFound as missing:
                    print(_not_found(missing, config), file=sys.stderr)
                    return 2
                except GatewayUnreachable as unreachable:
                    print(unreachable, file=sys.stderr)
                    return 2
                except discord.PrivilegedIntentsRequired:
                    if not config.discord.message_content:
                        print(NO_INTENT, file=sys.stderr)
                        return 2
                    # A sharded client closes itself on 4014 (the plain one connects again
                    # by itself, EpilogueBot.connect): a new one, without the intent.
                    log.error(RUNNING_WITHOUT_INTENT)
                    config.discord.message_content = False
                    continue
                except (TypeError, AttributeError, ValueError) as unread:
                    if gateway_event_failing(unread) != RESUMED:
                        raise
                    # A sharded client ends itself on a RESUMED it cannot read (the plain one
                    # starts a new session, EpilogueBot.connect): a new one, identified afresh.
                    log.warning(RESUMED_UNREAD, unread)
                    continue
                except KeyError as missing:
                    if missing.args != (RESUME_URL,):
                        raise
                    print(NO_RESUME_URL, file=sys.stderr)
                    return 2
                except discord.ConnectionClosed as closed:
                    if closed.code == SHARDING_REQUIRED and not _sharded(config, auto_shards):
                        log.error(RUNNING_SHARDED)
                        auto_shards = True
                        continue
                    if (problem := _closed_for_good(closed.code, config)) is None:
                        raise
                    print(problem, file=sys.stderr)
                    return 2
            return 0


RESUMED_UNREAD = (
    "the gateway resumed a shard's session, but its RESUMED could not be read (%r): a new"
    " client, every shard with a new session"
)
"""RESUMED's ``d`` null (no field is documented): discord.py writes into it before any parser,
and its sharded client ends on the TypeError, closed (``EpilogueBot.connect`` keeps the plain
one connected). The events missed came before RESUMED and were read."""

RESUME_URL = "resume_gateway_url"
NO_RESUME_URL = (
    "epilogue: the gateway's READY has no resume_gateway_url, which Discord's reference"
    " requires and discord.py reads before anything else can (it cannot run on without it):"
    " point discord.gateway_url, or the gateway discord.api_base's GET /gateway/bot names, at"
    " one that sends it."
)
"""READY without ``resume_gateway_url`` that ``client.resume_url`` could not fill in (a
discord.py that reads it elsewhere: ``tests/client/test_resume_url.py`` says so first); the
KeyError ended the client. Retrying would only IDENTIFY again into the same READY, spending
one of the day's session starts each time."""

SHARDING_REQUIRED = 4011
RUNNING_SHARDED = (
    "Discord requires sharding (gateway close 4011: too many servers for one connection):"
    " running the shards GET /gateway/bot recommends, all in this process. To spread them over"
    " processes, set discord.shard_ids and discord.shard_count (README: Running at scale)."
)


def _sharded(config: Config, auto_shards: bool) -> bool:
    discord_config = config.discord
    return auto_shards or discord_config.shard_count is not None or bool(discord_config.shard_ids)


def _closed_for_good(code: int | None, config: Config) -> str | None:
    """The line for a gateway close code that ends the session for good (None: not one)."""
    if code == 4004:  # "Authentication failed": the token was reset while the bot ran
        return BAD_TOKEN
    if code == SHARDING_REQUIRED:
        return (
            "epilogue: Discord requires more shards than discord.shard_count"
            f" ({config.discord.shard_count}) gives (gateway close 4011): raise it to at least"
            " what GET /gateway/bot recommends, in every process (README: Running at scale)."
        )
    if code == 4010:
        return (
            "epilogue: Discord refused the shard (gateway close 4010, invalid shard): check"
            " discord.shard_ids and discord.shard_count."
        )
    if code in (4012, 4013):
        return (
            f"epilogue: Discord refused the connection (gateway close {code}, invalid API"
            " version or intents): update discord.py."
        )
    return None


async def _sync(config: Config) -> int:
    # Content is not needed to describe the commands: skip loading it.
    async with Epilogue.open(config, load_content=False) as app, EpilogueBot(app) as bot:
        try:
            await _log_in(bot, _token(config))  # login runs setup_hook: the tree is complete
        except discord.LoginFailure:
            print(BAD_TOKEN, file=sys.stderr)
            return 2
        except discord.NotFound as missing:
            print(_not_found(missing, config), file=sys.stderr)
            return 2
        guild_id = config.discord.sync_guild_id
        try:
            # A 429 is waited out like an answer's (discord.py raises one without Google's
            # ``Via`` header at once): the bulk overwrite is safe to send again.
            synced = await patiently(lambda: bot.tree.sync_to(guild_id))
        except AlreadyEverywhere:
            print(
                f"epilogue: the commands are registered globally already, and Discord would"
                f" list a copy in server {guild_id} beside them (each command twice): leave"
                " discord.sync_guild_id out to update them everywhere. Nothing was registered.",
                file=sys.stderr,
            )
            return 2
        except discord.Forbidden as refused:
            # Commands can be registered only in a server the bot was invited to.
            where = f"server {guild_id}" if guild_id else "Discord"
            print(
                f"epilogue: {where} refused the commands ({refused.text or refused.status}):"
                " invite the bot there with the applications.commands scope, or fix"
                " discord.sync_guild_id.",
                file=sys.stderr,
            )
            return 2
        except discord.HTTPException as failed:
            print(
                f"epilogue: Discord did not take the commands ({failed.status}:"
                f" {failed.text or 'no reason given'}): nothing was registered; run"
                " epilogue sync again in a few minutes.",
                file=sys.stderr,
            )
            return 2
    where = f"in server {guild_id}" if guild_id else "globally"
    print(f"Registered {len(synced)} slash command(s) {where}:")
    for command in synced:
        subcommands = [option.name for option in command.options if _is_subcommand(option)]
        print(
            f"  {command_label(command)}" + (f" {' | '.join(subcommands)}" if subcommands else "")
        )
    return 0


async def _log_in(bot: EpilogueBot, token: str) -> None:
    """``bot.login``, tried again after the wait Discord names when it answers 429 (discord.py
    raises one without Google's ``Via`` header at once) or a moment after a server error
    discord.py does not retry (a 503 page): ``epilogue run`` and ``sync`` stopped with a
    traceback. Nothing is set up before both reads succeed (the bot's user, the application),
    so a try is made whole again; the HTTP session a failed try opened is closed first (with
    the connection pool it owns, which the next try opens anew: ``connector``), or aiohttp
    reports it unclosed."""
    tries = 0

    async def log_in() -> None:
        nonlocal tries
        tries += 1
        if tries > 1:
            await bot.http.close()
            bot.http.connector = discord.utils.MISSING
        await bot.login(token)

    await patiently(log_in)


async def _find_gateway(bot: EpilogueBot, config: Config) -> None:
    """Given another REST base but no gateway URL, connect where that API says (``GET
    /gateway/bot``, the documented way to find the gateway, else ``GET /gateway``): discord.py's
    unsharded client never asks and would go to Discord's own gateway, away from the proxy or
    stand-in."""
    if config.discord.api_base is None or config.discord.gateway_url is not None:
        return
    # A 429 is waited out as an answer's is (discord.py raises one without Google's Via header).
    try:
        found = await patiently(lambda: bot.http.request(Route("GET", "/gateway/bot")))
    except discord.NotFound:
        # Discord documents the gateway's URL twice: Get Gateway Bot, and Get Gateway, which
        # asks no token and names the URL alone; a stand-in may answer only that one.
        found = await patiently(lambda: bot.http.request(Route("GET", "/gateway")))
    log.info("using the gateway %s, as %s names it", found["url"], config.discord.api_base)
    point_client_at(None, found["url"])


def _not_found(missing: discord.NotFound, config: Config) -> str:
    """The line for a 404 while logging in or finding the gateway: Discord's own API has
    these paths, so the REST base is almost always the wrong one (the version path left out)."""
    url = getattr(missing.response, "url", None)
    where = f" for {url}" if url is not None else ""
    base = config.discord.api_base
    if base is None:
        return f"epilogue: Discord answered 404 Not Found{where} while connecting; try again later."
    return (
        f"epilogue: {base} answered 404 Not Found{where}: discord.api_base must be the API root"
        " every REST path is appended to, version included (e.g. http://127.0.0.1:8080/api/v10)."
    )


def _token(config: Config) -> str:
    token = config.discord.token
    if not token:  # the CLI checks first; this guards other callers
        raise ValueError("no Discord token: set DISCORD_TOKEN")
    return token


def _is_subcommand(option: object) -> bool:
    return isinstance(option, discord.app_commands.AppCommandGroup)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextlib.contextmanager
def _stopped_by_signals(running: list[EpilogueBot]) -> Iterator[None]:
    """Stop cleanly when a service manager asks (SIGTERM) or on Ctrl-C (SIGINT): close the
    client now running (``running``), then the database, and exit 0. Ctrl-C is handled the
    same way rather than by ``asyncio.run``'s cancel, which discord.py's sharded client takes
    for a reconnect that failed (``Shard.reconnect``) and sleeps its backoff again."""
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def close() -> None:
        log.info("stopping: closing the connection to Discord, then the database")
        if not running:  # still opening the core: nothing connects before a client exists
            raise KeyboardInterrupt
        task = asyncio.create_task(running[-1].close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    installed = []
    for stop_signal in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
            loop.add_signal_handler(stop_signal, close)
            installed.append(stop_signal)
    try:
        yield
    finally:
        for stop_signal in installed:
            loop.remove_signal_handler(stop_signal)


async def _connect_until_stopped(bot: EpilogueBot, config: Config) -> None:
    """Log in, find the gateway and connect (``bot.start``'s steps) until the bot is closed
    from outside (a stop: ``EpilogueBot.stopping``).

    ``close`` ends only the waits that look at ``is_closed``: discord.py's reconnect backoff
    (up to minutes), a shard's, an IDENTIFY's turn, the day's session starts, a login's 429 or
    a first connection tried again do not, and a stopped ``epilogue run`` ran on for minutes
    to a gateway that was gone. On a stop, whatever wait the connection is in is cancelled,
    again until it ends (discord.py takes a cancel in ``Shard.reconnect`` for a reconnect
    that failed, and carries on); what it raised while stopping is only logged."""

    async def connect() -> None:
        await _log_in(bot, _token(config))
        await _find_gateway(bot, config)
        await bot.connect()

    connecting = bot.connecting = asyncio.create_task(connect())
    stopping = asyncio.create_task(bot.stopping.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:  # this task cancelled (a test's end): the connection too
        await _ended(connecting)
        raise
    finally:
        stopping.cancel()
    if bot.stopping.is_set():
        await _ended(connecting)
        return
    connecting.result()  # its outcome, raised as bot.connect's was


async def _ended(connecting: asyncio.Task[None]) -> None:
    """``connecting`` ended, cancelled again until it takes the cancel; what it raised is
    only logged (the client was closed under it)."""
    while not connecting.done():
        connecting.cancel()
        await asyncio.wait({connecting}, timeout=0.1)
    if not connecting.cancelled() and (failure := connecting.exception()) is not None:
        log.info("while stopping, the connection to Discord ended with %r", failure)
