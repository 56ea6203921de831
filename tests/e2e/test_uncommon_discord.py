"""A Discord (or stand-in) that answers in documented but uncommon ways: Epilogue copes.

Each test runs the real discord.py client against the stand-in made to answer that way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import time
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.backoff import ExponentialBackoff

from bot.config import Config
from client import bot as bot_module
from client import runner
from client.bot import EpilogueBot
from client.endpoints import point_client_at
from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    bot_in_process,
    footer,
    make_config,
    shown,
    spoils,
    stop_serving,
    turn_on,
    with_integer_snowflakes,
)
from tests.e2e.paper_moons import PAPER_MOONS
from tests.standin import StandinServer
from tests.standin.rest import CALLBACK_BUCKET_EMPTIED, nested_nulls
from tests.standin.world import MESSAGE_CONTENT_INTENT, snowflake

COMMANDS = r"/applications/\d+/commands"


async def test_sync_waits_out_a_rate_limit_without_googles_via_header(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Discord documents a 429's ``Retry-After``, not ``Via``; discord.py raises any 429
    without ``Via`` at once: ``epilogue sync`` waits and registers anyway."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    refusal = standin.fail("PUT", COMMANDS, 429, via=False, retry_after=0.2)

    assert await runner._sync(config) == 0

    assert refusal.hits == 1
    app = standin.world.application_id
    registered = standin.requests_to("PUT", f"/applications/{app}/commands")
    assert len(registered) == 2
    assert "slash command(s) globally" in capsys.readouterr().out


@pytest.mark.parametrize("answer", ["empty", "null", "none", "partial"])
@pytest.mark.parametrize("in_a_server", [False, True], ids=["globally", "in-a-server"])
async def test_sync_answered_with_less_than_the_commands_lists_what_discord_registered(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    in_a_server: bool,
) -> None:
    """A bulk overwrite answered ``{}``, 204 or with each command in part (a Discord or proxy
    more minimal than the reference, which answers the commands): they are registered all the
    same, and ``epilogue sync`` lists what Discord holds rather than "0 commands" or a
    traceback."""
    standin.commands_answer = answer
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    guild_id = people.club.id if in_a_server else None
    config.discord.sync_guild_id = guild_id

    assert await runner._sync(config) == 0

    registered = standin.commands_for(guild_id)
    assert registered
    out = capsys.readouterr().out
    where = f"in server {guild_id}" if in_a_server else "globally"
    assert f"Registered {len(registered)} slash command(s) {where}" in out
    assert "/film info | quick" in out and "Apps → Hide as spoiler" in out


@pytest.mark.parametrize(
    "sent_as",
    [
        *("application/json; charset=utf-8", "text/html; charset=utf-8", "text/plain"),
        "application/octet-stream",
    ],
    ids=["charset", "html", "text", "bytes"],
)
async def test_json_answers_with_a_charset_are_read_as_json(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sent_as: str,
) -> None:
    """``Content-Type: application/json; charset=utf-8`` (a web framework's default) names
    JSON as well as Discord's bare ``application/json``; and a framework handed a string sends
    JSON as ``text/html`` or ``text/plain``, or given bytes as ``application/octet-stream``.
    discord.py reads a body as JSON only for the bare one: logging in failed (the bot's user
    read from a string), and every error's code went unread."""
    standin.json_sent_as = sent_as
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base

    assert await runner._sync(config) == 0
    assert "slash command(s) globally" in capsys.readouterr().out
    async with bot_in_process(standin, config, sync=False):
        choices = await standin.autocomplete(
            "/film ending film:la la", user=people.member, channel=people.general
        )
        answered = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        # Taken, its answer lost: the retry's refusal is read by its code (40060), not text.
        standin.fail("POST", r"/interactions/\d+/[^/]+/callback", 500, after=True)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert any(choice["name"].startswith("La La Land") for choice in choices), choices
    assert [r.status for r in hidden.record.requests[:2]] == [500, 400]
    assert "Page 1/3" in answered.message.text or answered.message.embeds
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    (repost,) = [m for m in standin.messages_in(people.general) if m.id != answered.message.id]
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_answers_without_a_body_that_say_json_are_read_as_empty(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A 204 that still says ``Content-Type: application/json`` (aiohttp's
    ``web.json_response(status=204)`` sends one) has no JSON to read. discord.py parsed its
    empty body as JSON and failed: the callback a 204 answers, the original a hide deletes."""
    standin.json_type_without_body = True
    standin.callback_bodies = False  # every callback answered 204
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Damien Chazelle" in answered.message.text
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert said.id not in [m.id for m in standin.messages_in(people.general)]
    deletes = [r for r in standin.requests if r.method == "DELETE"]
    assert deletes and all(r.status == 204 for r in deletes), deletes


@pytest.mark.parametrize("shape", ["full", "no-reset-after", "remaining-only"])
async def test_rate_limit_headers_in_every_shape_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path, shape: str
) -> None:
    """Every answer carries its route's ``X-RateLimit-*`` headers, all of them or some.
    discord.py reads a bucket's refill from ``Reset-After``, else ``Reset``, and with only
    ``Limit`` and ``Remaining`` failed reading every answer (KeyError): not even logging in."""
    standin.rate_limit_headers = shape
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base

    assert await runner._sync(config) == 0
    async with bot_in_process(standin, config, sync=False):
        answered = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        turned = await standin.press_button(
            answered.message, answered.message.button_id("Next"), user=people.member
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Page 1/3" in answered.message.text or answered.message.embeds
    assert turned.callback_type == 7
    assert "Nothing was lost" in hidden.message.content, hidden.message.content


async def test_callbacks_answered_as_their_buckets_last_request_are_not_held_for_its_refill(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """An interaction takes one callback, so a callback's answer may well say its bucket is
    used up (``X-RateLimit-Remaining: 0``) until the token expires. discord.py's webhook client
    held the callback itself that long before returning (its lock's wait on the way out): a
    hide acknowledged with "thinking…" was answered after the refill, 15 minutes on, or never
    once Discord dropped the token; a form, a page turn and choices were held as long."""
    standin.rate_limit_headers = CALLBACK_BUCKET_EMPTIED
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        turned = await standin.press_button(
            asked.message, asked.message.button_id("Next"), user=people.member
        )
        again = await standin.press_button(
            asked.message, asked.message.button_id("Next"), user=people.member
        )
        choices = await standin.autocomplete(
            "/film ending film:la la", user=people.member, channel=people.general
        )
        form = await standin.run_command(
            "/film-admin add", user=people.admin, channel=people.general
        )

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert turned.callback_type == 7 and again.callback_type == 7
    page = standin.message(asked.message.id)
    assert page is not None and "Page 3/3" in footer(page), footer(page)
    assert any(choice["name"].startswith("La La Land") for choice in choices), choices
    assert form.callback_type == 9 and form.modal is not None


@pytest.mark.parametrize("wait", [0.2, 30.0])
async def test_a_rate_limit_named_only_in_its_body_is_waited_as_named(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    wait: float,
) -> None:
    """A 429 whose wait only its JSON body names (``retry_after``), without ``Retry-After``
    or ``Via``: that wait is the one taken. Was a second's guess: a long limit was tried again
    twice, each one more invalid request towards Discord's ban."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    limit = standin.fail(
        "PUT",
        COMMANDS,
        429,
        via=False,
        wait_headers=False,
        retry_after=wait,
        times=3 if wait > 1 else 1,
    )

    code = await runner._sync(config)

    if wait < 1:
        assert code == 0 and limit.hits == 1
        assert "slash command(s) globally" in capsys.readouterr().out
    else:  # longer than anyone waits for a reply: said at once, not tried again
        assert code == 2 and limit.hits == 1
        app = standin.world.application_id
        assert len(standin.requests_to("PUT", f"/applications/{app}/commands")) == 1
        assert "429" in capsys.readouterr().err


async def test_sync_that_discord_keeps_refusing_says_so_in_one_line(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    standin.fail("PUT", COMMANDS, 429, via=False, html=True, times=10)

    assert await runner._sync(config) == 2

    err = capsys.readouterr().err
    assert "429" in err and "epilogue sync again" in err and "Traceback" not in err


async def test_ready_without_guilds_still_comes_online_and_answers(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A READY that leaves ``guilds`` out (a bot in no server yet, as a stand-in may send it):
    the servers arrive in their own GUILD_CREATEs, and commands there are answered."""

    def without_guilds(ready: dict[str, Any]) -> None:
        del ready["guilds"]

    standin.gateway.reshape_ready = without_guilds
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)) as bot:
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        assert "Damien Chazelle" in answered.message.text
        assert bot.get_guild(people.general.guild_id) is not None


async def test_a_first_identify_answered_with_reconnect_comes_online(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A gateway restarting as the bot starts: its first IDENTIFY answered with RECONNECT (op
    7) before any READY. discord.py resumes a session it never had, the gateway refuses it
    (op 9, not resumable), and the bot identifies again, in its turn, and answers."""
    standin.gateway.identifies_refused = ["reconnect"]
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config, online_within=15.0):
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1  # the one READY: the refused try made none


async def test_finding_the_gateway_waits_out_a_rate_limit_without_googles_via_header(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Given only ``discord.api_base``, ``epilogue run`` asks ``GET /gateway/bot`` where the
    gateway is; a 429 there without ``Via`` (which discord.py raises at once) stopped it with a
    traceback before it ever connected. It waits, and comes online."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    refusal = standin.fail("GET", "/gateway/bot", 429, via=False, retry_after=0.2)
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        ready = asyncio.ensure_future(standin.wait_ready())
        await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
        assert ready.done() and not task.done(), task.result() if task.done() else "not ready"
    finally:
        code = await stop_serving(task, bots)

    assert code == 0 and refusal.hits == 1


GATEWAY_BOT_LEFT_OUT = {
    *("GET /users/@me", "GET /applications/@me", "GET /gateway"),
    *("POST /interactions/{iid}/{token}/callback", "POST /webhooks/{app}/{token}"),
    *(f"{method} /webhooks/{{app}}/{{token}}/messages/{{mid}}" for method in ("GET", "PATCH")),
}
"""A stand-in that says where its gateway is at Get Gateway alone (``GET /gateway``, which
asks no token), not Get Gateway Bot."""


async def test_the_gateway_found_where_get_gateway_names_it(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Given only ``discord.api_base``, ``epilogue run`` asks ``GET /gateway/bot`` where the
    gateway is; a stand-in answering only Discord's other page on it, ``GET /gateway`` (its
    ``url`` and nothing else), stopped it with a 404 taken for a wrong ``api_base``."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    assert await runner._sync(config) == 0
    standin.implemented_routes = GATEWAY_BOT_LEFT_OUT
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        ready = asyncio.ensure_future(standin.wait_ready())
        await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
        assert ready.done() and not task.done(), task.result() if task.done() else "not ready"
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        code = await stop_serving(task, bots)

    assert code == 0 and "Damien Chazelle" in answered.message.text
    assert standin.requests_to("GET", "/gateway")


@pytest.mark.parametrize(
    ("command", "route", "status"),
    [
        ("run", "/users/@me", 429),
        ("run", "/oauth2/applications/@me", 503),
        ("sync", "/users/@me", 503),
        ("sync", "/oauth2/applications/@me", 429),
    ],
)
async def test_a_refusal_while_logging_in_is_waited_out(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    command: str,
    route: str,
    status: int,
) -> None:
    """A 429 without Google's ``Via`` (which discord.py raises at once) or a 503 page (which
    it does not retry) while logging in (the bot's user, then the application): ``epilogue
    run`` and ``epilogue sync`` stopped with a traceback. They wait as Discord asks (its
    ``Retry-After``, or a moment for a server error), and go on, the failed try's HTTP session
    closed."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    if command == "run":
        assert await runner._sync(config) == 0
    if status == 429:
        refusal = standin.fail("GET", route, 429, via=False, retry_after=0.2)
    else:
        refusal = standin.fail("GET", route, 503, html=True)

    if command == "sync":
        assert await runner._sync(config) == 0
        assert "slash command(s) globally" in capsys.readouterr().out
    else:
        bots: list[EpilogueBot] = []
        task = asyncio.create_task(runner._serve(config, started=bots.append))
        try:
            ready = asyncio.ensure_future(standin.wait_ready())
            await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
            assert ready.done() and not task.done(), task.result() if task.done() else "no"
            answered = await standin.run_command(
                f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
        finally:
            code = await stop_serving(task, bots)
        assert code == 0 and "Damien Chazelle" in answered.message.text
    assert refusal.hits == 1
    gc.collect()  # the failed try's HTTP session is closed, not left to the collector
    assert "Unclosed client session" not in caplog.text


class BackoffTakenAtOnce(ExponentialBackoff):
    """discord.py's reconnect backoff counting its tries as ever, each wait taken as none."""

    def delay(self) -> float:
        super().delay()
        return 0.0


@pytest.mark.parametrize("refused", ["first", "resuming"])
async def test_a_gateway_refusing_a_connection_for_a_moment_is_connected_to_again(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    refused: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The gateway answers a websocket handshake 503 (a deploy, a front end), the bot's very
    first or a resume's: discord.py then read where to resume a session it never had, and its
    AttributeError ended the client, never online. Both are tried again and connected."""
    # Tried again at once, not after Epilogue's second (a first connection) or discord.py's
    # random backoff of up to 2 s, then 4 (a resume's): that it is tried again is checked.
    monkeypatch.setattr(bot_module, "FIRST_CONNECTION_WAITS_S", (0.0,) * 4)
    monkeypatch.setattr(discord.client, "ExponentialBackoff", BackoffTakenAtOnce)
    if refused == "first":
        standin.gateway.handshakes_refused = 1
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        if refused == "resuming":
            standin.gateway.handshakes_refused = 2
            await standin.drop_connection(code=4000)
            await standin.wait_resumed()
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.handshakes_refused == 0
    assert standin.gateway.identify_count == 1


async def test_a_gateway_refusing_every_first_connection_is_named_in_one_line(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot_module, "FIRST_CONNECTION_WAITS_S", (0.0, 0.0))
    standin.gateway.handshakes_refused = 3
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base

    assert await runner._serve(config) == 2

    # The log's own lines (each try, at WARNING) may go to stderr too, whatever handler an
    # earlier test left on the root logger: the refusal is named in one line of its own.
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "discord.gateway_url" in line]
    assert standin.gateway_url in line and "503" in line
    assert standin.gateway.handshakes_refused == 0


async def test_a_ready_without_its_resume_url_comes_online_and_resumes_where_it_connected(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """READY's ``resume_gateway_url`` is required by Discord's reference, and discord.py reads
    it before any parser (it stopped with a KeyError). Without it, the bot comes online, and a
    dropped connection is resumed at the gateway it connected to."""

    def without_resume_url(ready: dict[str, Any]) -> None:
        del ready["resume_gateway_url"]

    standin.gateway.reshape_ready = without_resume_url
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.drop_connection(code=4000)
        await standin.wait_resumed()
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1, "resumed, not a second session"


@pytest.mark.parametrize("named", ["refused", "not-served"])
async def test_a_ready_naming_a_resume_url_that_cannot_be_reached_resumes_where_it_connected(
    standin: StandinServer, people: FilmClub, tmp_path: Path, named: str
) -> None:
    """READY's ``resume_gateway_url`` naming a gateway nobody answers at (a port nothing
    listens on) or a path the stand-in does not serve (404 to the websocket's handshake):
    discord.py tried to resume there and only there, and the bot never came back after its
    first dropped connection. It resumes at the gateway it connected to."""
    unreachable = (
        "ws://127.0.0.1:1/gateway"
        if named == "refused"
        else standin.gateway_url.replace("/gateway", "/not-a-gateway")
    )

    def naming_it(ready: dict[str, Any]) -> None:
        ready["resume_gateway_url"] = unreachable

    standin.gateway.reshape_ready = naming_it
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.drop_connection(code=4000)
        await standin.wait_resumed()
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1, "resumed, not a second session"


async def test_an_application_described_without_its_owner_still_starts_and_answers(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The application object's ``owner`` is optional in Discord's reference; discord.py
    requires it while logging in, so neither ``epilogue sync`` nor the bot got past login
    (KeyError). Epilogue takes its owners from ``discord.owner_ids``, never from there."""

    def without_owner(application: dict[str, Any]) -> None:
        del application["owner"]

    standin.reshape_application = without_owner
    await _syncs_and_answers(standin, people, tmp_path, capsys)


async def test_an_application_described_only_where_the_application_resource_says(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A stand-in written from the Application resource's page answers Get Current
    Application (``GET /applications/@me``) alone, and there only what that object requires
    of it at least; discord.py logs in through OAuth2's ``/oauth2/applications/@me`` and
    requires ``bot_public``, ``bot_require_code_grant``, ``verify_key`` and ``icon`` too."""

    def least(application: dict[str, Any]) -> None:
        for key in ("bot_public", "bot_require_code_grant", "verify_key", "icon", "description"):
            del application[key]

    standin.application_paths = ("/applications/@me",)
    standin.reshape_application = least
    await _syncs_and_answers(standin, people, tmp_path, capsys)


@pytest.mark.parametrize("command", ["sync", "run"])
async def test_a_rest_base_without_the_api_version_is_named_in_one_line(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """``discord.api_base`` set to the stand-in's root, without ``/api/v10``: every path is
    404. Epilogue stops with the key to fix, not a traceback."""
    root = standin.api_base.removesuffix("/api/v10")
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = root
    point_client_at(root, None)

    code = await (runner._sync(config) if command == "sync" else runner._serve(config))

    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert root in line and "discord.api_base" in line and "/api/v10" in line


async def test_a_channel_option_resolved_without_permissions_is_still_answered(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """``data.resolved.channels`` as a minimal Discord may send it, without the asker's
    ``permissions`` there: discord.py could not read the interaction, which went unanswered."""

    def without_permissions(interaction: dict[str, Any]) -> None:
        resolved = interaction["data"].get("resolved") or {}
        for channel in (resolved.get("channels") or {}).values():
            channel.pop("permissions", None)

    standin.reshape_interaction = without_permissions
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.run_command(
            f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
            user=people.moderator,
            channel=people.general,
        )
        quiet = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.quiet
        )

    assert quiet.message.ephemeral


async def test_options_and_targets_named_by_id_alone_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Discord documents ``data.resolved`` as optional: a command's role, channel and file
    options and a message command's target named by id alone. discord.py hands over a bare
    ``Object`` (or fails a message command outright): a role option crashed the command
    ('Something went wrong'), a real channel was refused as not one Epilogue can use, a file
    failed, Hide as spoiler failed. Each is read by its id (a file, whose address only
    ``resolved`` gives, is asked for again)."""

    standin.options_resolved = False
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        role = await standin.run_command(
            f"/spoiler-rules moderator-role role:{people.fans.mention}",
            user=people.admin,
            channel=people.general,
        )
        for channel in (people.quiet, people.thread):
            await standin.run_command(
                f"/spoiler-rules channel channel:{channel.mention} mode:no-spoilers",
                user=people.admin,
                channel=people.general,
            )
        answers = [
            await standin.run_command(
                f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=channel
            )
            for channel in (people.quiet, people.thread)
        ]
        upload = await standin.run_command(
            "/film-admin import",
            user=people.admin,
            channel=people.general,
            options={"file": ("paper-moons.yaml", PAPER_MOONS)},
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert f"<@&{people.fans.id}>" in role.message.content, role.message.content
    assert all(answer.message.ephemeral for answer in answers)
    assert upload.message.ephemeral and "Attach the file again" in upload.message.content
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


RESOLVED_OPTIONALS = {
    # Discord's Role, Guild Member (as resolved: no ``user``), Channel and Attachment
    # objects' optional fields.
    "roles": ("icon", "unicode_emoji", "tags"),
    "members": (
        *("nick", "avatar", "banner", "premium_since", "pending"),
        *("communication_disabled_until", "avatar_decoration_data"),
    ),
    "channels": ("topic", "parent_id", "last_message_id", "thread_metadata", "flags"),
    "attachments": (
        *("title", "description", "content_type", "height", "width", "ephemeral"),
        *("duration_secs", "waveform", "flags"),
    ),
}


def resolved_nulls(interaction: dict[str, Any]) -> None:
    """``data.resolved`` with each object's unset optional fields null."""
    resolved = (interaction.get("data") or {}).get("resolved") or {}
    for kind, optional in RESOLVED_OPTIONALS.items():
        for found in (resolved.get(kind) or {}).values():
            for key in optional:
                if found.get(key) in (None, [], {}):
                    found[key] = None


async def test_options_resolved_with_optional_fields_null_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A command's role, channel and file options resolved with what Discord leaves out sent
    as null (a stand-in serializing every field of its types): discord.py read a role's
    ``"tags": null`` as tags and failed the command ('Something went wrong')."""
    standin.reshape_interaction = resolved_nulls
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        role = await standin.run_command(
            f"/spoiler-rules moderator-role role:{people.fans.mention}",
            user=people.admin,
            channel=people.general,
        )
        channel = await standin.run_command(
            f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
            user=people.admin,
            channel=people.general,
        )
        upload = await standin.run_command(
            "/film-admin import",
            user=people.admin,
            channel=people.general,
            options={"file": ("paper-moons.yaml", PAPER_MOONS)},
        )

    assert f"<@&{people.fans.id}>" in role.message.content, role.message.content
    assert "✅" in channel.message.content, channel.message.content
    assert "Paper Moons" in upload.message.text, upload.message.content


async def test_option_values_sent_as_text_mean_what_they_say(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Discord's reference types an option's value as string, integer, double or boolean: a
    Discord sending every value as text (``"false"``, ``"30"``). discord.py hands the text
    over, and ``"false"``, a non-empty string, was read as true: opt-ins could not be turned
    off, and ``private:false`` answered privately."""
    standin.option_values_as_text = True
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        off = await standin.run_command(
            "/spoiler-rules optin enabled:false", user=people.admin, channel=people.general
        )
        wait = await standin.run_command(
            "/spoiler-rules cooldown seconds:30", user=people.admin, channel=people.general
        )
        public = await standin.run_command(
            f"/film info film:{LA_LA_LAND} private:false",
            user=people.member,
            channel=people.general,
        )
        private = await standin.run_command(
            f"/film info film:{LA_LA_LAND} private:true", user=people.member, channel=people.general
        )

    assert "off" in off.message.content and "Nothing changed" not in off.message.content
    assert "30 s" in wait.message.content, wait.message.content
    assert not public.message.ephemeral and private.message.ephemeral


SPOILER = (
    "La La Land: Mia marries someone else, and five years later they meet again in his jazz club"
)


def _reading_messages(tmp_path: Path, people: FilmClub) -> Config:
    """A bot granted the message content intent: the spoiler guard reads members' messages."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.message_content = True
    return config


async def _hidden_by_the_guard(standin: StandinServer, people: FilmClub) -> None:
    """The guard turned on, a member writes La La Land's ending, and the guard hides it."""
    await turn_on(standin, people)
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")


@pytest.mark.parametrize(
    "left_out",
    [("type",), ("channel_id",), ("components", "mentions"), ("author",), ("content", "author")],
    ids=lambda keys: "-".join(keys),
)
@pytest.mark.parametrize("where", ["channel", "thread"])
async def test_a_target_message_resolved_in_part_is_hidden_all_the_same(
    standin: StandinServer, people: FilmClub, tmp_path: Path, left_out: tuple[str, ...], where: str
) -> None:
    """Discord documents ``data.resolved.messages`` as partial messages; discord.py needs a
    target's ``type``, ``channel_id``, ``author`` and ``components``. Without one Hide as
    spoiler went unanswered or failed ('Something went wrong'). What Discord left out of a
    message's kind is filled in; its text or author, which the repost needs, is read from
    Discord."""

    def in_part(interaction: dict[str, Any]) -> None:
        resolved = interaction["data"].get("resolved") or {}
        for message in (resolved.get("messages") or {}).values():
            for key in left_out:
                message.pop(key, None)

    people.club.members[people.member.id].nick = "Mia (she/her)"
    channel = people.general if where == "channel" else people.thread
    standin.reshape_interaction = in_part
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        said = await standin.member_says(SPOILER, user=people.member, channel=channel)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "reposted" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(channel)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert repost.raw["author"]["username"] == "Mia (she/her)"


@pytest.mark.parametrize(
    "left_out", [("author",), ("content", "author")], ids=["author", "content-author"]
)
async def test_a_target_in_part_whose_words_discord_withholds(
    standin: StandinServer, people: FilmClub, tmp_path: Path, left_out: tuple[str, ...]
) -> None:
    """Without the Message Content intent, the read of a target described in part has no words:
    one described without its author alone is hidden with the interaction's words; one without
    its words too has nothing to repost, and is left as it is (it was reposted empty, and the
    member's words deleted)."""

    def in_part(interaction: dict[str, Any]) -> None:
        for message in interaction["data"]["resolved"]["messages"].values():
            for key in left_out:
                message.pop(key, None)

    people.world.granted_intents &= ~MESSAGE_CONTENT_INTENT
    standin.reshape_interaction = in_part
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    if "content" in left_out:
        assert "Nothing was changed" in hidden.message.content, hidden.message.content
        assert standin.message(said.id) is not None
        assert standin.messages_in(people.general) == [standin.message(said.id)]
        return
    assert "reposted" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


GUILD_FIELDS = {
    # What Discord's guild object requires, and GUILD_CREATE's own additions.
    *("id", "name", "icon", "owner_id", "verification_level", "default_message_notifications"),
    *("explicit_content_filter", "roles", "emojis", "features", "mfa_level", "premium_tier"),
    *("system_channel_flags", "preferred_locale", "nsfw_level"),
    *("channels", "threads", "members", "joined_at", "large", "member_count", "unavailable"),
}


def as_a_huge_server_least_described(guild: dict[str, Any]) -> None:
    """A GUILD_CREATE with only what Discord's reference requires: a large server (no members
    but the bot's own, as without the members intent), roles without their newer fields,
    channels without their optional ones, and kinds and fields newer than discord.py."""
    for key in [key for key in guild if key not in GUILD_FIELDS]:
        del guild[key]
    guild.update(large=True, member_count=350_000, brand_new_field={"x": 1})
    for role in guild["roles"]:
        for key in ("colors", "flags", "icon", "unicode_emoji", "tags", "description"):
            role.pop(key, None)
    for channel in guild["channels"]:
        for key in ("last_message_id", "rate_limit_per_user", "flags", "topic", "nsfw"):
            channel.pop(key, None)
        channel.pop("permission_overwrites", None)
    guild["channels"].append(
        {"id": "1300000000000000099", "type": 99, "name": "future", "guild_id": guild["id"]}
    )
    for member in guild["members"]:
        for key in ("nick", "avatar", "premium_since", "pending", "communication_disabled_until"):
            member.pop(key, None)


async def test_a_huge_server_described_as_little_as_discord_allows_is_served(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    standin.gateway.reshape_guild = as_a_huge_server_least_described
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        asked = await standin.run_command(
            f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
        await standin.guild_outage(people.club)
        await standin.guild_back(people.club)
        in_thread = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
        again = await standin.run_message_command("Hide as spoiler", in_thread, user=people.member)

    assert "La La Land" in asked.message.text, asked.message.content
    assert "reposted" in hidden.message.content, hidden.message.content
    assert "reposted" in again.message.content, again.message.content
    assert standin.message(said.id) is None and standin.message(in_thread.id) is None


async def test_callbacks_answered_slowly_still_answer_in_full(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A Discord (or proxy) that takes two seconds to answer each callback it took at once:
    answers, deferred answers and a hide still arrive whole, each acknowledged once."""
    standin.callback_delay_s = 2.0
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        info = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        ending = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        turned = await standin.press_button(
            ending.message, ending.message.button_id("Next"), user=people.member
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Damien Chazelle" in info.message.text
    assert turned.callback_type == 7
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    for result in (info, ending, turned, hidden):
        callbacks = [r for r in result.record.requests if r.path.endswith("/callback")]
        assert len(callbacks) == 1, callbacks


KEPT_OF_A_SERVER = {"id", "name", "owner_id", "unavailable", "joined_at", "member_count", "large"}


def as_a_bare_server(guild: dict[str, Any]) -> None:
    """A GUILD_CREATE naming the server and little else: no ``roles``, ``emojis``,
    ``stickers``, ``features``, ``channels``, ``threads`` nor ``members`` (a stand-in that
    describes a server by what it keeps of one)."""
    for key in [key for key in guild if key not in KEPT_OF_A_SERVER]:
        del guild[key]


def as_a_server_of_nulls(guild: dict[str, Any]) -> None:
    """The same server with what it does not keep sent as null (a stand-in serializing every
    field of its guild type, set or not), lists included."""
    for key in [key for key in guild if key not in KEPT_OF_A_SERVER]:
        guild[key] = None
    for key in ("voice_states", "presences", "stage_instances", "guild_scheduled_events"):
        guild[key] = None


OPTIONAL_IN_A_SERVER = {
    # Discord's Role, Channel, Guild Member and Emoji objects' optional (``?``) fields.
    "roles": ("icon", "unicode_emoji", "tags"),
    "channels": (
        *("topic", "nsfw", "last_message_id", "rate_limit_per_user", "parent_id"),
        *("permission_overwrites", "last_pin_timestamp", "rtc_region", "flags"),
        *("default_auto_archive_duration", "available_tags", "default_reaction_emoji"),
        *("default_thread_rate_limit_per_user", "default_sort_order", "applied_tags"),
    ),
    "threads": ("member", "applied_tags", "rate_limit_per_user", "flags", "last_message_id"),
    "members": (
        *("nick", "avatar", "banner", "premium_since", "pending"),
        *("communication_disabled_until", "avatar_decoration_data"),
    ),
    "emojis": ("roles", "user", "require_colons", "managed", "animated", "available"),
}


def as_a_server_with_nested_nulls(guild: dict[str, Any]) -> None:
    """The whole server, each role, channel, thread, member and emoji with what it leaves
    out sent as null (``"tags": null`` on every role, ``"permission_overwrites": null``,
    ``"member": null`` on a thread): discord.py failed the whole GUILD_CREATE on each."""
    guild["emojis"] = [{"id": "1579000000000000001", "name": "popcorn"}]
    for key, optional in OPTIONAL_IN_A_SERVER.items():
        for item in guild[key]:
            for field in optional:
                if item.get(field) in (None, [], {}):
                    item[field] = None


@pytest.mark.parametrize(
    "reshape",
    [as_a_bare_server, as_a_server_of_nulls, as_a_server_with_nested_nulls],
    ids=["bare", "nulls", "nested-nulls"],
)
async def test_a_server_created_bare_is_served_and_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path, reshape: Any
) -> None:
    """Without its roles discord.py holds no @everyone and reads the bot's permissions in the
    server as a user install's (no Manage Messages, no Manage Webhooks); the commands, Hide as
    spoiler and the guard work all the same."""
    standin.gateway.reshape_guild = reshape
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config) as running:
        await _hidden_by_the_guard(standin, people)
        # Words the guard leaves alone, so that the Hide is the member's own, not a race with
        # the guard's (which would rightly answer "already hidden").
        again = await standin.member_says(
            "The score in that last scene is something else",
            user=people.member,
            channel=people.thread,
        )
        hidden = await standin.run_message_command("Hide as spoiler", again, user=people.member)
        held = running.get_guild(people.club.id)

    # Built from GUILD_CREATE, not from what an interaction says of it (no owner there).
    assert held is not None and held.owner_id == people.club.owner_id, "GUILD_CREATE unread"
    assert "reposted" in hidden.message.content or "Nothing was lost" in hidden.message.content
    assert standin.message(again.id) is None
    reposts = standin.messages_in(people.general)
    assert reposts and all("marries" not in shown(m) for m in reposts)


@pytest.mark.parametrize("acks", [True, False], ids=["acknowledged", "never-acknowledged"])
async def test_a_gateway_asking_for_heartbeats_often_is_kept_up(
    standin: StandinServer, people: FilmClub, tmp_path: Path, acks: bool
) -> None:
    """HELLO asking for a heartbeat every 100 ms (Discord asks every 41.25 s), acknowledged or
    not: the bot beats, answers, and resumes after a RECONNECT."""
    standin.gateway.heartbeat_interval_ms = 100
    standin.gateway.heartbeat_acks = acks

    def beats() -> int:
        return sum(1 for payload in standin.gateway.received if payload.get("op") == 1)

    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.wait_for(lambda: beats() >= 10, what="ten heartbeats")
        before = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        await standin.request_reconnect()
        await standin.wait_resumed()
        counted = beats()
        await standin.wait_for(lambda: beats() >= counted + 10, what="ten more heartbeats")
        after = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in before.message.text and "Damien Chazelle" in after.message.text
    assert standin.gateway.identify_count == 1


async def test_a_zombie_connection_is_closed_and_resumed_within_a_few_heartbeats(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A connection that stays open but on which the gateway sends nothing more, no ACK to a
    heartbeat (a zombie): Discord's reference asks the client to close it and resume when a
    beat goes unacknowledged. discord.py waits a minute of silence whatever the interval, and
    the bot was deaf that long. With a beat every 100 ms, it is back within a second or two;
    what was sent meanwhile is replayed and read."""
    standin.gateway.heartbeat_interval_ms = 100

    def acks() -> int:
        return sum(1 for payload in standin.gateway.received if payload.get("op") == 1)

    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.wait_for(lambda: acks() >= 3, what="three heartbeats")
        await standin.settle()  # their ACKs read
        await standin.zombify()
        await standin.wait_resumed(timeout=5.0)
        after = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in after.message.text
    assert standin.gateway.identify_count == 1


async def test_gateway_events_with_integer_ids_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Every gateway event's snowflakes as JSON numbers (a stand-in that keeps ids as
    integers), interactions included: served, guarded and hidden in as with strings."""
    standin.gateway.reshape_dispatch = lambda event, data: with_integer_snowflakes(data)
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)
        in_thread = await standin.member_says(HARMLESS, user=people.member, channel=people.thread)
        hidden = await standin.run_message_command("Hide as spoiler", in_thread, user=people.member)

    assert "reposted" in hidden.message.content or "Nothing was lost" in hidden.message.content
    assert standin.message(in_thread.id) is None
    (repost,) = [m for m in standin.messages_in(people.general) if m.raw.get("webhook_id")]
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


HARMLESS = "La La Land has the best soundtrack"


@pytest.mark.parametrize("rest_too", [False, True], ids=["gateway", "gateway-and-rest"])
async def test_users_without_discriminator_or_avatar_and_members_without_flags_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path, rest_too: bool
) -> None:
    """Users as after Discord's username migration, without ``discriminator`` (or ``avatar``),
    and members without ``flags`` (an older reference's), in every event: discord.py requires
    them and dropped each interaction unanswered and each member's message unguarded. In
    REST's answers too (the bot's own user at login, a message's author read from Discord, a
    DM's recipients, the answers to its posts)."""
    standin.gateway.user_fields = False
    standin.rest_user_fields = not rest_too
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        turned = await standin.press_button(
            asked.message, asked.message.button_id("Next"), user=people.member
        )
        in_dm = await standin.run_command(
            f"/film quick film:{LA_LA_LAND}", user=people.member, dm=True
        )
        await _hidden_by_the_guard(standin, people)
        in_thread = await standin.member_says(HARMLESS, user=people.member, channel=people.thread)
        hidden = await standin.run_message_command("Hide as spoiler", in_thread, user=people.member)

    assert turned.callback_type == 7 and "La La Land" in in_dm.messages[-1].text
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(in_thread.id) is None
    reposts = [m for m in standin.messages_in(people.general) if m.raw.get("webhook_id")]
    assert reposts and all("marries" not in shown(m) for m in reposts)


PREVIEW = {
    "type": "link",
    "url": "https://en.wikipedia.org/wiki/La_La_Land",
    "title": "La La Land - Wikipedia",
    "description": "La La Land is a 2016 American romantic musical film.",
}
"""A link preview as Discord unfurls it, with only some of an embed's optional fields."""

MESSAGE_OPTIONALS = (
    *("guild_id", "member", "nonce", "webhook_id", "activity", "application", "application_id"),
    *("message_reference", "message_snapshots", "flags", "referenced_message"),
    *("interaction_metadata", "thread", "components", "sticker_items", "position"),
    *("role_subscription_data", "resolved", "poll", "call", "reactions"),
)
"""A message event's fields Discord's reference marks optional (``?``)."""


async def test_a_members_message_with_optional_fields_null_is_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """MESSAGE_CREATE with what Discord leaves out sent as null (a stand-in serializing every
    field of its message type), its link preview's too (``"color": null`` failed the whole
    message in discord.py, ``"footer": null`` the guard's reading of it): the guard reads and
    hides it as any other."""

    def nulls(event: str, data: dict[str, Any]) -> None:
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            for key in MESSAGE_OPTIONALS:
                if key != "guild_id":  # how the guard knows the server: left as sent
                    data.setdefault(key, None)
                elif data.get(key) is None:
                    data[key] = None
            nested_nulls(data)

    standin.gateway.reshape_dispatch = nulls
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await turn_on(standin, people)
        said = await standin.member_says(
            SPOILER, user=people.member, channel=people.general, parts={"embeds": [PREVIEW]}
        )
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")
        await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")

    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def _syncs_and_answers(
    standin: StandinServer,
    people: FilmClub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``epilogue sync`` registers the commands, and the bot logs in and answers one."""
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base

    assert await runner._sync(config) == 0
    assert "slash command(s) globally" in capsys.readouterr().out
    async with bot_in_process(standin, config, sync=False):
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    assert "Damien Chazelle" in answered.message.text


async def test_rest_answers_with_unset_fields_null_are_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Messages, channels and webhooks answered over REST with every unset field ``null``
    (``embeds``, ``components``, ``mentions``, ``member``, a webhook's ``user``, an embed's
    ``color`` and ``footer``: a stand-in
    serializing every field of its models): the guard's webhook repost and its note, Hide as
    spoiler on a target read whole from Discord, and a command's answer all go through."""

    def in_part(interaction: dict[str, Any]) -> None:
        for message in (interaction["data"].get("resolved") or {}).get("messages", {}).values():
            message.pop("author", None)  # read whole with GET …/messages/{id}

    standin.rest_nulls = True
    standin.webhook_users = False
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        standin.reshape_interaction = in_part
        other = await standin.member_says(
            SPOILER, user=people.owner, channel=people.general, parts={"embeds": [PREVIEW]}
        )
        hidden = await standin.run_message_command("Hide as spoiler", other, user=people.owner)
        standin.reshape_interaction = None
        for command in (
            "/spoiler-rules guard enabled:true",
            f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
        ):
            done = await standin.run_command(command, user=people.moderator, channel=people.thread)
            assert "✅" in done.message.content, done.message.content
        said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")
        await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="the note")
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert "reposted" in hidden.message.content, hidden.message.content
    for channel in (people.thread, people.general):
        (repost,) = [m for m in standin.messages_in(channel) if "marries" in behind_bars(m)]
        assert "marries" not in shown(repost) and repost.raw.get("webhook_id")


async def test_a_reply_whose_reference_names_no_channel_is_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A member's reply whose ``message_reference`` leaves out ``channel_id`` (Discord's
    reference says it is always there on receipt; a stand-in may send only ``message_id``): the
    guard reads and hides it as any other (discord.py failed the whole MESSAGE_CREATE, and the
    same message read over REST)."""

    def reference_without_channel(event: str, data: dict[str, Any]) -> None:
        if event == "MESSAGE_CREATE" and isinstance(data.get("message_reference"), dict):
            data["message_reference"].pop("channel_id", None)
            # And as REST reads it (the guard's catch-up).
            standin._messages[int(data["id"])]["message_reference"].pop("channel_id", None)

    standin.gateway.reshape_dispatch = reference_without_channel
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await turn_on(standin, people)
        asked = await standin.member_says(
            "how does it end?", user=people.owner, channel=people.general
        )
        said = await standin.member_says(
            SPOILER, user=people.member, channel=people.general, reply_to=asked
        )
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")

    (repost,) = [m for m in standin.messages_in(people.general) if "marries" in behind_bars(m)]
    assert "marries" not in shown(repost)


@pytest.mark.parametrize("compression", ["payload", "binary", "none", "stream-per-message"])
async def test_a_gateway_without_transport_compression_is_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path, compression: str
) -> None:
    """A gateway that ignores ``compress=zlib-stream`` (transport compression is optional):
    with Discord's payload compression, which discord.py asks for in IDENTIFY
    (``compress: true``: each event a zlib stream of its own in a binary frame), or JSON in
    binary frames, or in text frames. discord.py took every binary frame for a piece of the
    zlib stream and waited for its end: READY was never read, nor anything after it. Or one
    that answers it with a new zlib context for every message: discord.py's one context failed
    on the second message, and its ``zlib.error`` ended the client."""
    standin.gateway.compression = compression
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)
        await standin.request_reconnect()
        await standin.wait_resumed()
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1, "resumed, not a second session"
    (repost,) = [m for m in standin.messages_in(people.general) if "marries" in behind_bars(m)]
    assert "marries" not in shown(repost)


@pytest.mark.parametrize("compression", ["transport", "stream-per-message"])
@pytest.mark.parametrize("frame_bytes", [3, 64])
async def test_a_gateway_message_split_across_frames_is_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path, compression: str, frame_bytes: int
) -> None:
    """Each zlib-stream message split across websocket frames (Discord's reference: buffer
    what is received "until you receive the 4-byte Z_SYNC_FLUSH suffix"): READY, every
    server, a member's ending read by the guard, a command, and a resume after RECONNECT."""
    standin.gateway.compression = compression
    standin.gateway.frame_bytes = frame_bytes
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)
        await standin.request_reconnect()
        await standin.wait_resumed()
        answered = await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )

    assert "Damien Chazelle" in answered.message.text
    assert standin.gateway.identify_count == 1, "resumed, not a second session"
    (repost,) = [m for m in standin.messages_in(people.general) if "marries" in behind_bars(m)]
    assert "marries" not in shown(repost)


def _without_webhook_id(event: str, data: dict[str, Any]) -> None:
    """An answer's events as a Discord might send them that does not count an interaction's
    answer as a webhook's message: no ``webhook_id``."""
    if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and "interaction_metadata" in data:
        data.pop("webhook_id", None)


@pytest.mark.parametrize("webhook_id", [True, False], ids=["as-discord", "no-webhook-id"])
async def test_the_bots_own_answers_coming_back_as_events_are_left_alone(
    standin: StandinServer, people: FilmClub, tmp_path: Path, webhook_id: bool
) -> None:
    """Discord sends MESSAGE_CREATE for every message in a channel the bot reads, its own
    public answers and follow-ups too, MESSAGE_UPDATE as it edits them (a page turned) and
    MESSAGE_DELETE for what it deleted (a member's ending hidden). The guard, on, reads them:
    its answers, their endings behind bars, stay as they are, and so does the page turned."""
    standin.answers_announced = True
    if not webhook_id:
        standin.gateway.reshape_dispatch = _without_webhook_id
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)  # its answers announced as they came
        await standin.run_command(
            f"/spoiler-rules embargo-clear film:{LA_LA_LAND}",
            user=people.moderator,
            channel=people.general,
        )
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        answer = asked.message
        turned = await standin.press_button(answer, answer.button_id("Next"), user=people.member)
        assert turned.callback_type == 7
        await standin.settle()
        announced = [
            frame["d"]["id"]
            for frame in standin.gateway.current.log  # type: ignore[union-attr]
            if frame["t"] in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
        ]

    assert announced.count(str(answer.id)) == 2, "its creation and its page turned"
    page_two = standin.message(answer.id)
    assert page_two is not None and "Page 2/3" in footer(page_two), "the answer stays, turned"
    assert not spoils(page_two) and behind_bars(page_two)
    reposts = [m for m in standin.messages_in(people.general) if m.raw.get("webhook_id")]
    assert [m for m in reposts if "marries" in behind_bars(m)], "the member's ending reposted"
    assert not [m for m in reposts if m.id != answer.id and "Page" in footer(m)], "no copy"


async def test_a_spoiler_in_a_channel_of_a_kind_newer_than_discord_py_is_hidden(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A member's ending in a channel of a kind discord.py has no class for (Discord adds
    kinds), and in a thread under one: discord.py leaves the kind out of its cache, and its
    lookup failed (InvalidData), so the guard left both messages in the open. Read as the
    nearest kind it knows, as an interaction's channel is; the webhook's answer says whether
    the kind takes a repost."""
    newer = people.club.voice_channel("watch-party", kind=99)
    under = people.club.thread("after the credits", newer)
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await turn_on(standin, people)
        said = [
            await standin.member_says(SPOILER, user=people.member, channel=where)
            for where in (newer, under)
        ]
        await standin.wait_for(
            lambda: all(standin.message(m.id) is None for m in said), what="the guard's hides"
        )

    for where in (newer, under):
        (repost,) = standin.messages_in(where)
        assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_timestamps_without_an_offset_are_read_as_utc(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Every timestamp written without its UTC offset, as Python's
    ``datetime.utcnow().isoformat()`` writes one (an ISO 8601 time with no zone), from the
    gateway and REST: discord.py compared a timed-out member's timeout with its own aware time,
    and every command of theirs answered 'Something went wrong'; a member's poll (its
    ``expiry``) failed the whole message, and the guard never read its ending."""
    standin.gateway.timestamps_without_offset = standin.rest_timestamps_without_offset = True
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    people.club.members[people.admin.id].timed_out_until = later
    poll = {
        "question": {"text": "la la land: did you see mia marries someone else coming?"},
        "answers": [{"answer_id": 1, "poll_media": {"text": "they meet again in his club"}}],
        "expiry": "2030-01-01T00:00:00+00:00",
        "allow_multiselect": False,
        "layout_type": 1,
    }
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        refused = await standin.run_command(
            "/spoiler-rules default mode:no-spoilers", user=people.admin, channel=people.general
        )
        await turn_on(standin, people)
        said = await standin.member_says(
            "", user=people.member, channel=people.general, parts={"poll": poll}
        )
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")

    assert "you are timed out in this server" in refused.message.content
    assert f"<t:{int(later.timestamp())}:R>" in refused.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_gateway_that_omits_every_null_is_served_and_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Every dispatch serialized without its nulls (a stand-in's ``exclude_none``): a forum's
    tag with no emoji comes without ``emoji_id`` and ``emoji_name``, and discord.py failed the
    whole GUILD_CREATE on it: the server was never held (what the bot needs of it looked up
    through REST instead, as for a server never sent). A member's activity invite (an
    application by id and name, Discord's "partial application") failed the whole message:
    its ending left in the open."""
    forum = people.club.forum_channel("la-la-land")
    forum.tags[snowflake()] = "theories"
    standin.gateway.nulls_omitted = True
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config) as running:
        server = running.get_guild(people.club.id)
        for _ in range(100):  # the GUILD_CREATE read (5 s at most)
            server = running.get_guild(people.club.id)
            if server is not None and server.get_channel(forum.id) is not None:
                break
            await asyncio.sleep(0.05)
        assert server is not None, "the server's GUILD_CREATE went unread"
        held = server.get_channel(forum.id)
        assert isinstance(held, discord.ForumChannel)
        assert [tag.name for tag in held.available_tags] == ["theories"]
        await turn_on(standin, people)
        invite = {"activity": {"type": 1, "party_id": "rewatch"}}
        invite["application"] = {"id": str(snowflake()), "name": "Watch Together"}
        said = await standin.member_says(
            SPOILER, user=people.member, channel=people.general, parts=invite
        )
        await standin.wait_for(lambda: standin.message(said.id) is None, what="the guard's hide")
        title = "mia marries someone else and they meet again in seb's jazz club"
        post = await standin.member_starts_thread(title, user=people.member, parent=forum)
        await standin.wait_for(lambda: post.name != title, what="the rename")

    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert post.name == "Spoiler discussion: La La Land"


async def test_rest_that_omits_every_null_is_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """REST answers serialized without their nulls: a forward read whole for Hide as spoiler
    (its target named by id alone) has a snapshot without ``edited_timestamp``, which
    discord.py requires: the target was unreadable, and the forwarded ending stayed up."""
    standin.options_resolved = False
    standin.rest_nulls_omitted = True
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        there = await standin.member_says(SPOILER, user=people.member, channel=people.spoiler_room)
        forward = await standin.member_forwards(there, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", forward, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_members_message_without_its_optional_components_is_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """MESSAGE_CREATE without ``components`` (optional in Discord's Message Object: a stand-in
    writing from the reference leaves it out of a message that has none): discord.py then
    leaves its message without ``components`` at all, and the guard failed reading it."""

    def without_components(event: str, data: dict[str, Any]) -> None:
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            data.pop("components", None)

    standin.gateway.reshape_dispatch = without_components
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)

    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


async def test_a_discord_that_omits_nulls_and_empty_lists_is_served_and_guarded(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """Nulls and empty lists left out everywhere (a serializer skipping empty collections):
    a member looked up for Hide as spoiler came without ``roles``, and discord.py failed on it
    ('Something went wrong'); a member's message came without ``components``, ``mentions``
    and ``mention_roles``, and the guard failed reading it."""
    standin.gateway.nulls_omitted = standin.gateway.empty_lists_omitted = True
    standin.rest_nulls_omitted = standin.rest_empty_lists_omitted = True
    config = _reading_messages(tmp_path, people)
    async with bot_in_process(standin, config):
        await _hidden_by_the_guard(standin, people)
        await standin.run_command(
            "/spoiler-rules member-hiding enabled:true",
            user=people.moderator,
            channel=people.general,
        )
        await standin.run_command(
            "/spoiler-rules guard enabled:false", user=people.moderator, channel=people.general
        )
        again = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", again, user=people.friend)

    assert "Hidden as a spoiler" in hidden.message.content, hidden.message.content
    reposts = standin.messages_in(people.general)
    assert len(reposts) == 2
    assert all("marries" in behind_bars(r) and "marries" not in shown(r) for r in reposts)


async def test_full_collections_are_told_when_the_last_interaction_arrived(
    standin: StandinServer, people: FilmClub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``epilogue run`` hands the collector when its bot last read an interaction: a full pass
    waits for a quiet moment (client.collector), so it must see the bot's arrivals."""
    handed: list[Any] = []
    timer = runner.full_collections_on_a_timer

    def full_collections_on_a_timer(**options: Any) -> Any:
        handed.append(options["busy_at"])
        return timer(**options)

    monkeypatch.setattr(runner, "full_collections_on_a_timer", full_collections_on_a_timer)
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.discord.api_base = standin.api_base
    assert await runner._sync(config) == 0
    bots: list[EpilogueBot] = []
    task = asyncio.create_task(runner._serve(config, started=bots.append))
    try:
        ready = asyncio.ensure_future(standin.wait_ready())
        await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
        assert ready.done() and not task.done(), task.result() if task.done() else "not ready"
        (busy_at,) = handed
        before = busy_at()
        sent_after = time.perf_counter()
        await standin.run_command(
            f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        arrived = busy_at()
    finally:
        await stop_serving(task, bots)

    assert before < sent_after <= arrived
