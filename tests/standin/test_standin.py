"""The stand-in against the real, unmodified discord.py client over loopback."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands
from yarl import URL

from client.endpoints import DISCORD_API_BASE, DISCORD_GATEWAY, point_client_at
from tests.standin import StandinError, StandinServer, StandinWorld
from tests.standin.world import (
    DEFAULT_EVERYONE,
    MANAGE_MESSAGES,
    READ_MESSAGE_HISTORY,
    VIEW_CHANNEL,
    Overwrite,
)
from tests.support.timing import scaled

TOKEN = "fake.token.value"
FILMS = ["La La Land", "Lost in Translation", "Memento", "The Prestige"]


class Counter(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.count = 0

    @discord.ui.button(label="+1", custom_id="counter:inc")
    async def inc(self, interaction: discord.Interaction, _: discord.ui.Button[Counter]) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"count: {self.count}", view=self)


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Feedback] = discord.ui.TextInput(
        label="Your thoughts", custom_id="feedback:text"
    )

    def __init__(self) -> None:
        super().__init__(custom_id="feedback")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class StandinBot(commands.Bot):
    def __init__(self) -> None:
        # A short guild_ready_timeout: discord.py waits this long after the last
        # GUILD_CREATE before firing on_ready (default 2 s).
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )

    async def setup_hook(self) -> None:
        tree = self.tree

        @tree.command(description="Replies pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @tree.context_menu(name="Quote")
        async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"> {message.content}")

        @tree.command(description="Echo text")
        async def echo(interaction: discord.Interaction, text: str, private: bool = False) -> None:
            await interaction.response.send_message(text, ephemeral=private)

        film = app_commands.Group(name="film", description="Films")

        @film.command(description="Explain an ending")
        async def ending(
            interaction: discord.Interaction, film: str, private: bool = False
        ) -> None:
            await interaction.response.send_message(f"ending of {film}", ephemeral=private)

        @ending.autocomplete("film")
        async def film_names(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            hits = [f for f in FILMS if f.lower().startswith(current.lower())]
            return [app_commands.Choice(name=f, value=f) for f in hits]

        tree.add_command(film)

        @tree.command(description="A button")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("count: 0", view=Counter())

        @tree.command(description="A select menu")
        async def pick(interaction: discord.Interaction) -> None:
            view = discord.ui.View()
            menu: discord.ui.Select[discord.ui.View] = discord.ui.Select(
                custom_id="pick:film", options=[discord.SelectOption(label=f) for f in FILMS]
            )

            async def picked(choice: discord.Interaction) -> None:
                await choice.response.send_message(f"picked {menu.values[0]}", ephemeral=True)

            menu.callback = picked  # type: ignore[method-assign]
            view.add_item(menu)
            await interaction.response.send_message("pick one", view=view, ephemeral=True)

        @tree.command(description="A modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @tree.command(description="Deferred")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("done slowly")
            await interaction.followup.send("and more")

        @tree.command(description="Read an attachment")
        async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            echo_file = discord.File(io.BytesIO(data[::-1]), "reversed.txt")
            await interaction.response.send_message(
                f"{file.filename}: {data.decode()}", file=echo_file
            )

        @tree.command(description="Resolved objects")
        async def whois(
            interaction: discord.Interaction,
            member: discord.Member,
            channel: discord.TextChannel,
            role: discord.Role,
            count: int = 1,
        ) -> None:
            perms = interaction.permissions.manage_messages
            text = f"{member.name} {channel.name} {role.name} {count * 2} {perms}"
            await interaction.response.send_message(text)

        @tree.command(description="Moderators only")
        @app_commands.default_permissions(manage_messages=True)
        async def purge(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("purged")


@pytest.fixture
def world() -> StandinWorld:
    world = StandinWorld(bot_name="Epilogue")
    guild = world.guild("Film Club")
    general = guild.text_channel("general")
    guild.thread("spoilers", general)
    mods = guild.role("Moderator", MANAGE_MESSAGES)
    guild.add_member(world.user("alice"), [mods])
    guild.add_member(world.user("bob"))
    return world


@pytest.fixture
async def standin(world: StandinWorld) -> AsyncIterator[StandinServer]:
    async with StandinServer(world, expected_token=TOKEN) as server:
        point_client_at(server.api_base, server.gateway_url)
        try:
            yield server
        finally:
            point_client_at(DISCORD_API_BASE, DISCORD_GATEWAY)


@pytest.fixture
async def bot(standin: StandinServer) -> AsyncIterator[StandinBot]:
    bot = StandinBot()
    await bot.login(TOKEN)
    runner = asyncio.create_task(bot.connect())
    try:
        await bot.tree.sync()
        await standin.wait_ready()
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(runner, scaled(5))


def test_point_client_at_patches_and_restores() -> None:
    assert DISCORD_API_BASE == "https://discord.com/api/v10"
    assert DISCORD_GATEWAY == "wss://gateway.discord.gg/"
    point_client_at(None, None)  # both None: leave the endpoints alone
    assert discord.http.Route.BASE == DISCORD_API_BASE
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == DISCORD_GATEWAY
    try:
        point_client_at("http://127.0.0.1:9/api/v10/", "ws://127.0.0.1:9/gateway")
        assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:9/api/v10/users/@me"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:9/gateway"
    finally:
        point_client_at(DISCORD_API_BASE, DISCORD_GATEWAY)
    assert discord.http.Route.BASE == DISCORD_API_BASE


async def test_login_sync_and_ready(standin: StandinServer, bot: StandinBot) -> None:
    (put,) = standin.requests_to("PUT", r"/applications/\d+/commands")
    names = {c["name"] for c in put.json}
    assert {"ping", "echo", "film", "counter", "feedback", "slow", "upload"} <= names
    film = next(c for c in standin.global_commands if c["name"] == "film")
    assert film["options"][0]["name"] == "ending" and film["id"]

    await asyncio.wait_for(bot.wait_until_ready(), scaled(5))
    guild = bot.get_guild(next(iter(standin.world.guilds)))
    assert guild is not None and guild.name == "Film Club"
    thread = discord.utils.get(guild.threads, name="spoilers")
    assert thread is not None and thread.parent is not None and thread.parent.name == "general"
    assert guild.me.guild_permissions.administrator
    assert standin.gateway.connections[0].compress == "zlib-stream"
    assert standin.unknown_requests == []


async def test_ping_and_latency(standin: StandinServer, bot: StandinBot) -> None:
    result = await standin.run_command("/ping", user="alice")
    assert result.callback_type == 4
    assert result.message.content == "pong"
    assert not result.message.ephemeral
    assert result.latency is not None and result.latency > 0


async def test_an_answer_is_typed_by_the_command_it_answers(
    standin: StandinServer, bot: StandinBot
) -> None:
    """Discord's message types: CHAT_INPUT_COMMAND (20) answers a slash command,
    CONTEXT_MENU_COMMAND (23) a user or message command."""
    slash = await standin.run_command("/ping", user="alice")
    said = await standin.member_says("a line", user="bob", channel="general")
    menu = await standin.run_message_command("Quote", said, user="alice")

    assert slash.message.raw["type"] == 20
    assert menu.message.content == "> a line" and menu.message.raw["type"] == 23


async def test_ephemeral_flag_round_trip(standin: StandinServer, bot: StandinBot) -> None:
    private = await standin.run_command("/echo text:hello: world private:true", user="bob")
    assert private.message.content == "hello: world"
    assert private.message.ephemeral
    public = await standin.run_command("/echo text:out loud", user="bob")
    assert public.message.content == "out loud" and not public.message.ephemeral


async def test_subcommand_and_autocomplete(standin: StandinServer, bot: StandinBot) -> None:
    choices = await standin.autocomplete("/film ending film:l", user="alice")
    assert [c["value"] for c in choices] == ["La La Land", "Lost in Translation"]
    result = await standin.run_command("/film ending film:La La Land private:yes", user="alice")
    assert result.message.content == "ending of La La Land"
    assert result.message.ephemeral
    sent = result.interaction["data"]["options"][0]
    assert sent == {
        "name": "ending",
        "type": 1,
        "options": [
            {"name": "film", "type": 3, "value": "La La Land"},
            {"name": "private", "type": 5, "value": True},
        ],
    }


async def test_button_round_trip(standin: StandinServer, bot: StandinBot) -> None:
    shown = await standin.run_command("/counter", user="alice")
    assert shown.message.custom_ids == ["counter:inc"]
    pressed = await standin.press_button(shown.message, "counter:inc", user="bob")
    assert pressed.callback_type == 7
    assert pressed.message.content == "count: 1"
    again = await standin.press_button(pressed.message, "counter:inc", user="alice")
    assert again.message.content == "count: 2"
    assert standin.message(shown.message.id).content == "count: 2"  # type: ignore[union-attr]
    with pytest.raises(StandinError, match="no component"):
        await standin.press_button(shown.message, "nope", user="alice")


async def test_modal_round_trip(standin: StandinServer, bot: StandinBot) -> None:
    opened = await standin.run_command("/feedback", user="bob")
    assert opened.callback_type == 9 and opened.modal is not None
    assert opened.modal["custom_id"] == "feedback"
    submitted = await standin.submit_modal("feedback", {"feedback:text": "loved it"}, user="bob")
    assert submitted.message.content == "thanks: loved it"
    assert submitted.message.ephemeral


async def test_deferred_then_followups(standin: StandinServer, bot: StandinBot) -> None:
    result = await standin.run_command("/slow", user="alice", followups=2)
    assert result.callback_type == 5
    first, second = result.messages
    # The first follow-up replaces the "thinking" message and keeps its ephemerality.
    assert first.id == result.record.original_id and first.content == "done slowly"
    assert first.ephemeral and not first.loading
    assert second.content == "and more"


async def test_attachment_option_download_and_upload(
    standin: StandinServer, bot: StandinBot, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("twist!")
    result = await standin.run_command(f"/upload file:@{notes}", user="alice")
    assert result.message.content == "notes.txt: twist!"
    assert standin.requests_to("GET", r"/attachments/\d+/notes\.txt")
    (echoed,) = result.message.attachments
    assert echoed["filename"] == "reversed.txt"
    assert standin.attachment_bytes(echoed) == b"!tsiwt"
    (callback,) = standin.requests_to("POST", r"/interactions/\d+/.+/callback")
    assert callback.files[0].field == "files[0]" and callback.json["type"] == 4


async def test_resolved_options_and_permissions(
    standin: StandinServer, bot: StandinBot, world: StandinWorld
) -> None:
    general = next(c for g in world.guilds.values() for c in g.channels.values())
    command = f"/whois member:@alice channel:{general.mention} role:Moderator count:21"
    result = await standin.run_command(command, user="alice")
    assert result.message.content == "alice general Moderator 42 True"
    with pytest.raises(StandinError, match="lacks permissions"):
        await standin.run_command("/purge", user="bob")
    assert (await standin.run_command("/purge", user="alice")).message.content == "purged"


async def test_resume_after_dropped_connection(standin: StandinServer, bot: StandinBot) -> None:
    await standin.drop_connection()
    await standin.wait_resumed()
    assert (await standin.run_command("/ping", user="alice")).message.content == "pong"

    # Events sent while the socket is down are replayed on RESUME.
    await standin.drop_connection(code=4000)
    result = await standin.run_command("/echo text:queued", user="alice")
    assert result.message.content == "queued"
    assert standin.gateway.identify_count == 1 and standin.gateway.resume_count == 2
    assert standin.gateway.connections[-1].path == "/resume-gateway"


async def test_unknown_route_and_bad_token(standin: StandinServer, bot: StandinBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/no/such/route"))
    assert [r.path for r in standin.unknown_requests] == ["/api/v10/no/such/route"]

    other = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    with pytest.raises(discord.LoginFailure):
        await other.login("wrong.token")
    await other.close()


async def test_select_ephemeral_visibility_and_dm(standin: StandinServer, bot: StandinBot) -> None:
    shown = await standin.run_command("/pick", user="alice")
    assert shown.message.ephemeral
    assert standin.messages_in(shown.message.channel_id) == []  # nobody else sees it
    with pytest.raises(StandinError, match="ephemeral"):
        await standin.select(shown.message, "pick:film", ["Memento"], user="bob")
    picked = await standin.select(shown.message, "pick:film", ["Memento"], user="alice")
    assert picked.message.content == "picked Memento"

    in_dm = await standin.run_command("/echo text:psst", user="bob", dm=True)
    assert in_dm.interaction["context"] == 1 and in_dm.message.content == "psst"


@pytest.mark.slow  # a process of its own
async def test_standalone_process_with_control_api() -> None:
    """``python -m tests.standin`` serves a demo world; tests drive it over /_standin."""
    args = ["-m", "tests.standin", "--print-port", "--token", TOKEN]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, stdout=asyncio.subprocess.PIPE
    )
    bot = StandinBot()
    try:
        assert proc.stdout is not None
        info = json.loads(await asyncio.wait_for(proc.stdout.readline(), scaled(10)))
        point_client_at(info["api_base"], info["gateway_url"])
        await bot.login(TOKEN)
        runner = asyncio.create_task(bot.connect())
        await bot.tree.sync()
        control = f"http://127.0.0.1:{info['port']}/_standin"
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{control}/wait_ready", json={}) as response:
                assert response.status == 200
            command = {"command": "/echo text:over the wire", "user": "alice"}
            async with http.post(f"{control}/run_command", json=command) as response:
                result = await response.json()
        assert result["messages"][0]["content"] == "over the wire"
        await bot.close()
        await asyncio.wait_for(runner, scaled(5))
    finally:  # close() is idempotent; also covers failures before the happy-path close
        await bot.close()
        proc.terminate()
        await asyncio.wait_for(proc.wait(), scaled(5))
        point_client_at(DISCORD_API_BASE, DISCORD_GATEWAY)


def test_commands_discord_would_refuse_are_named() -> None:
    from tests.standin.commands import command_problems

    good = {"name": "film", "description": "Films", "type": 1, "options": []}
    assert command_problems([good]) == []
    bad = {
        "name": "Film",
        "description": "",
        "type": 1,
        "options": [
            {"name": "page", "description": "Page", "type": 4},
            {"name": "film", "description": "Film", "type": 3, "required": True},
        ],
    }
    problems = command_problems([bad, {"name": "Hide", "type": 3, "description": "x"}])
    assert any("lowercase name" in p for p in problems)
    assert any("description of 0" in p for p in problems)
    assert any("required film after an optional" in p for p in problems)
    assert any("context menu has no description" in p for p in problems)
    menus = [{"name": f"Menu {n}", "type": 3} for n in range(6)]
    assert command_problems(menus) == ["6 message commands (at most 5)"]
    options = [
        {"name": f"o{n}", "description": "d" * 100, "type": 3, "choices": []} for n in range(25)
    ]
    long = {"name": "long", "description": "d" * 100, "type": 1, "options": options}
    long["options"][0]["choices"] = [{"name": "c" * 100, "value": "v" * 100}] * 25
    assert any("characters in all (at most 4000)" in p for p in command_problems([long]))


def test_bodies_past_discords_limits_are_named() -> None:
    from tests.standin.limits import callback_problems, message_problems

    assert message_problems({"content": "x" * 2000, "embeds": [{"description": "y"}]}) == []
    assert message_problems({"content": "x" * 2001})
    assert message_problems({"embeds": [{"description": "y" * 4000}, {"description": "z" * 2001}]})
    assert message_problems({"components": [{"type": 1, "components": []}]})
    # Discord trims a field's text: spaces alone are no value ("\u200b" is one).
    assert message_problems({"embeds": [{"fields": [{"name": "Cast", "value": "  "}]}]})
    assert message_problems({"embeds": [{"fields": [{"name": "Cast", "value": "\u200b"}]}]}) == []
    assert callback_problems(8, {"choices": [{"name": "n", "value": "v" * 101}]})
    assert callback_problems(9, {"title": "t" * 46, "components": [{}]})
    button = {"type": 2, "style": 1, "label": "Next", "custom_id": "epi:next"}
    twice = [{"type": 1, "components": [button]}, {"type": 1, "components": [dict(button)]}]
    assert message_problems({"components": twice})
    assert message_problems({"components": twice[:1]}) == []


def test_a_message_that_would_show_nothing_is_empty() -> None:
    from tests.standin.limits import is_empty_message

    assert is_empty_message({"content": " \n "}, [])
    assert is_empty_message({"content": "", "embeds": [], "components": []}, [])
    assert not is_empty_message({"content": ""}, [object()])
    assert not is_empty_message({"embeds": [{"description": "y"}]}, [])


def test_a_refused_body_names_each_problem_where_discord_files_it() -> None:
    """Discord's 50035 carries an ``errors`` object along the body's paths, which discord.py
    reads into the exception's text."""
    from types import SimpleNamespace

    import discord

    from tests.standin.limits import callback_problems, invalid_form_body

    embed = {
        "title": "t",
        "description": "d" * 4096,
        "fields": [{"name": "Cast", "value": "v" * 1025}, {"name": "Plot", "value": "w" * 1000}],
        "footer": {"text": "f" * 2049},
    }
    body = invalid_form_body(callback_problems(4, {"embeds": [embed]}))

    assert body["code"] == 50035 and body["message"] == "Invalid Form Body"
    spot = body["errors"]["data"]["embeds"]
    assert spot["0"]["fields"]["0"]["value"]["_errors"] == [
        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 1024 or fewer in length."}
    ]
    assert spot["0"]["footer"]["text"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    within_each = {"description": "d" * 4096, "fields": [{"name": "Plot", "value": "w" * 1000}] * 2}
    whole = invalid_form_body(callback_problems(4, {"embeds": [within_each]}))["errors"]
    assert whole["data"]["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    refused = discord.HTTPException(SimpleNamespace(status=400, reason="Bad Request"), body)
    assert refused.code == 50035
    assert "In data.embeds.0.fields.0.value: Must be 1024 or fewer in length." in refused.text


def test_a_modal_past_discords_text_input_limits_is_refused() -> None:
    from tests.standin.limits import callback_problems

    def modal(**field: object) -> dict[str, object]:
        item = {"type": 4, "custom_id": "body", "label": "Body", "style": 2, **field}
        return {
            "custom_id": "epi:x",
            "title": "Edit",
            "components": [{"type": 1, "components": [item]}],
        }

    assert callback_problems(9, modal(value="v" * 4000)) == []
    assert callback_problems(9, modal(value="v" * 4001))
    assert callback_problems(9, modal(value="v" * 11, max_length=10))
    assert callback_problems(9, modal(label="l" * 46))
    assert callback_problems(9, modal(placeholder="p" * 101))


async def test_an_ephemeral_message_is_unknown_to_the_channels_routes(
    standin: StandinServer, bot: StandinBot
) -> None:
    """Only its interaction's token reaches an ephemeral message (10008 otherwise), and a bot
    edits only its own messages (50005)."""
    private = await standin.run_command("/echo text:hello private:true", user="bob")
    channel = bot.get_partial_messageable(private.message.channel_id)
    with pytest.raises(discord.NotFound) as unknown:
        await channel.fetch_message(private.message.id)
    assert unknown.value.code == 10008
    with pytest.raises(discord.NotFound):
        await channel.get_partial_message(private.message.id).delete()
    said = await standin.member_says("mine", user="alice", channel=private.message.channel_id)
    with pytest.raises(discord.Forbidden) as theirs:
        await channel.get_partial_message(said.id).edit(content="yours")
    assert theirs.value.code == 50005


async def test_reading_a_channel_needs_view_channel_and_read_message_history(
    standin: StandinServer, bot: StandinBot, world: StandinWorld
) -> None:
    """Get Channel Messages without Read Message History answers an empty page (no error);
    one message so read is refused, 403 50001, and anything in a channel the bot may not view."""
    (guild,) = world.guilds.values()
    general = next(c for c in guild.channels.values() if c.name == "general")
    said = await standin.member_says("hello", user="alice", channel=general.id)
    (role,) = guild.members[world.bot.id].roles
    guild.roles[role].permissions = DEFAULT_EVERYONE
    channel = bot.get_partial_messageable(general.id)
    assert [m.id async for m in channel.history(limit=10)] == [said.id]

    general.overwrites = [Overwrite(world.bot.id, 1, deny=READ_MESSAGE_HISTORY)]
    assert [m async for m in channel.history(limit=10)] == []
    with pytest.raises(discord.Forbidden) as refused:
        await channel.fetch_message(said.id)
    assert refused.value.code == 50001

    general.overwrites = [Overwrite(world.bot.id, 1, deny=VIEW_CHANNEL)]
    with pytest.raises(discord.Forbidden) as hidden:
        await channel.history(limit=10).__anext__()
    assert hidden.value.code == 50001


async def test_attachment_links_are_signed_and_expire(standin: StandinServer) -> None:
    """Discord's CDN links carry ``ex``/``is``/``hm`` and answer 404 once past ``ex``; an
    attachment Discord cannot type has no ``content_type`` at all."""
    fresh = standin.add_attachment("notes.unknownkind", b"plot")
    assert "content_type" not in fresh
    assert {"ex", "is", "hm"} <= set(URL(fresh["url"]).query)
    standin.attachment_url_lifetime_s = -1
    stale = standin.add_attachment("notes.txt", b"plot")
    assert stale["content_type"] == "text/plain"
    async with aiohttp.ClientSession() as http:
        async with http.get(fresh["url"]) as ok:
            assert ok.status == 200 and await ok.read() == b"plot"
        async with http.get(stale["url"]) as gone:
            assert gone.status == 404
        async with http.get(fresh["url"].split("?")[0]) as unsigned:
            assert unsigned.status == 404


def test_components_mentions_and_files_past_discords_rules_are_refused() -> None:
    """Discord's component reference, Allowed Mentions Object and Create Message's files, as
    the stand-in refuses them (50035) where Discord does."""
    from tests.standin.limits import message_problems

    def rows(*items: dict[str, object]) -> dict[str, object]:
        return {"components": [{"type": 1, "components": list(items)}]}

    button = {"type": 2, "style": 1, "label": "Next", "custom_id": "epi:next"}
    option = {"label": "One", "value": "1"}
    select = {"type": 3, "custom_id": "epi:pick", "options": [option]}
    assert message_problems(rows(button)) == []
    assert message_problems(rows(select)) == []
    assert message_problems(rows({**button, "label": ""}))  # neither a label nor an emoji
    assert message_problems(rows({**button, "label": "", "emoji": {"name": "🎬"}})) == []
    link = {"type": 2, "style": 5, "label": "Site", "url": "https://example.com"}
    assert message_problems(rows(link)) == []
    assert message_problems(rows({**link, "url": ""}))
    assert message_problems(rows({**link, "custom_id": "epi:x"}))
    assert message_problems(rows(select, button))  # a select fills its row
    assert message_problems(rows({**select, "options": []}))
    assert message_problems(rows({**select, "options": [option] * 26}))
    assert message_problems(rows({**select, "options": [{**option, "label": "l" * 101}]}))
    assert message_problems(rows({**select, "options": [{**option, "description": "d" * 101}]}))
    assert message_problems(rows({**select, "placeholder": "p" * 151}))
    assert message_problems(rows({**select, "max_values": 2}))  # more than its options
    assert message_problems(rows({**select, "custom_id": "c" * 101}))
    assert message_problems({"content": "x", "allowed_mentions": {"parse": []}}) == []
    both = {"parse": ["users"], "users": ["1"]}
    assert message_problems({"content": "x", "allowed_mentions": both})
    assert message_problems({"content": "x", "allowed_mentions": {"parse": ["all"]}})
    assert message_problems({"content": "x", "attachments": [{"id": n} for n in range(11)]})
    v2 = {"flags": 1 << 15, "components": [{"type": 10, "content": "Hi"}]}
    assert message_problems(v2) == []
    assert message_problems({**v2, "content": "Hi"})


async def test_a_form_opened_by_a_command_has_no_message_to_update(
    standin: StandinServer, world: StandinWorld, bot: StandinBot
) -> None:
    """UPDATE_MESSAGE answers a form opened from a button (its message is updated), never one
    opened by a command, which has none (400 where Discord refuses it)."""
    from tests.standin.builder import Context

    guild = next(iter(world.guilds.values()))
    channel = next(c for c in guild.channels.values() if c.type == 0)
    bob = next(u for u in world.users.values() if u.username == "bob")
    ctx = Context(bob, guild, channel, channel.id)
    data = {"custom_id": "nobody:form", "components": []}  # the bot answers none

    async def answered(kind: int) -> int:
        record = await standin.send_interaction(5, ctx, data)
        url = f"{standin.api_base}/interactions/{record.id}/{record.token}/callback"
        body = {"type": kind, "data": {"content": "thanks"}}
        async with aiohttp.ClientSession() as session, session.post(url, json=body) as answer:
            return answer.status

    assert await answered(7) == 400
    assert await answered(4) == 204


def test_names_past_discords_lengths_are_refused() -> None:
    """A thread's name 1-100 characters (trimmed), a stage's topic 1-120, a voice status at
    most 500, a scheduled event's name 1-100 and description at most 1000."""
    from tests.standin.limits import name_problems

    assert name_problems("thread", "n" * 100, ("name",)) == []
    assert name_problems("thread", "n" * 101, ("name",))
    assert name_problems("thread", "   ", ("name",))
    assert name_problems("stage topic", "t" * 121, ("topic",))
    assert name_problems("voice status", "", ("status",)) == []
    assert name_problems("voice status", "s" * 501, ("status",))
    assert name_problems("event name", "e" * 101, ("name",))
    assert name_problems("event description", "d" * 1001, ("description",))


async def test_webhooks_belong_to_channels_and_post_in_their_threads_by_id(
    standin: StandinServer, bot: StandinBot, world: StandinWorld
) -> None:
    """Create Webhook on a thread is refused (50024): a webhook posts into its channel's
    threads by ``thread_id``, which a forum's or media channel's post must name (220001), and a
    message it posted there is deleted naming that thread too (10008 without it)."""
    (guild,) = world.guilds.values()
    general = next(c for c in guild.channels.values() if c.name == "general")
    thread = next(c for c in guild.channels.values() if c.name == "spoilers")
    forum = guild.forum_channel("film-talk")
    post = guild.thread("la-la-land", forum)
    with pytest.raises(discord.HTTPException) as on_thread:
        await bot.http.create_webhook(thread.id, name="Epilogue")
    assert on_thread.value.code == 50024
    async with aiohttp.ClientSession() as http:
        hooks = {}
        for channel in (general, forum):
            made = await bot.http.create_webhook(channel.id, name="Epilogue")
            hooks[channel.id] = discord.Webhook.partial(
                int(made["id"]), made["token"], session=http
            )
        with pytest.raises(discord.HTTPException) as not_in_a_post:
            await hooks[forum.id].send("hello", wait=True)
        assert not_in_a_post.value.code == 220001
        in_post = await hooks[forum.id].send("hello", thread=discord.Object(post.id), wait=True)
        in_thread = await hooks[general.id].send("hi", thread=discord.Object(thread.id), wait=True)
        assert (in_post.channel.id, in_thread.channel.id) == (post.id, thread.id)
        with pytest.raises(discord.NotFound) as elsewhere:
            await hooks[general.id].delete_message(in_thread.id)
        assert elsewhere.value.code == 10008
        await hooks[general.id].delete_message(in_thread.id, thread=discord.Object(thread.id))
        assert standin.messages_in(thread) == []


async def test_a_user_installed_apps_interaction_takes_five_follow_ups(
    standin: StandinServer, bot: StandinBot, world: StandinWorld
) -> None:
    """Create Followup Message: "limited to 5 followup messages per interaction if it was
    initiated from a user-installed app and isn't installed in the server" (40094 past them);
    and a follow-up is answered with its message whatever ``wait`` says."""
    elsewhere = world.guild("Elsewhere", bot_member=False)
    lobby = elsewhere.text_channel("lobby")
    elsewhere.add_member(next(u for u in world.users.values() if u.username == "bob"))
    slow = await standin.run_command(
        "/slow", user="bob", guild=elsewhere, channel=lobby, followups=2
    )
    assert slow.interaction["authorizing_integration_owners"] == {"1": str(slow.record.user.id)}
    url = f"{standin.api_base}/webhooks/{world.application_id}/{slow.record.token}"
    async with aiohttp.ClientSession() as http:
        for n in range(3):
            async with http.post(url, json={"content": f"more {n}"}) as posted:
                assert posted.status == 200 and (await posted.json())["content"] == f"more {n}"
        async with http.post(url, json={"content": "one too many"}) as refused:
            assert refused.status == 400 and (await refused.json())["code"] == 40094


def test_a_large_servers_description_lists_only_the_bots_member() -> None:
    """Past IDENTIFY's ``large_threshold`` Discord sends no offline members in GUILD_CREATE:
    without the presences intent, only the bot's own."""
    world = StandinWorld(bot_name="Epilogue")
    guild = world.guild("Film Club")
    guild.add_member(world.user("alice"))
    assert len(guild.payload(world.bot.id)["members"]) == 2
    guild.large = True
    described = guild.payload(world.bot.id)
    assert described["large"] is True and described["member_count"] == 2
    assert [m["user"]["id"] for m in described["members"]] == [str(world.bot.id)]


async def _gateway_op(ws: aiohttp.ClientWebSocketResponse) -> dict[str, object]:
    """The next frame's payload that is not a dispatch (plain text frames: no ``compress``)."""
    while True:
        frame = json.loads(await ws.receive_str(timeout=5))
        if frame["op"] != 0:
            return frame


async def test_the_gateways_identify_and_send_limits_are_discords(standin: StandinServer) -> None:
    """One IDENTIFY per rate-limit key every 5 s, else op 9 (``d`` false); 120 payloads a
    connection a minute, else closed 4008 (``topics/gateway``, Rate Limiting)."""
    identify = {"op": 2, "d": {"token": TOKEN, "intents": 513, "properties": {}}}
    async with aiohttp.ClientSession() as http, http.ws_connect(standin.gateway_url) as first:
        assert (await _gateway_op(first))["op"] == 10  # HELLO
        await first.send_json(identify)
        await standin.wait_ready()
        async with http.ws_connect(standin.gateway_url) as second:
            await _gateway_op(second)
            await second.send_json(identify)
            assert await _gateway_op(second) == {"op": 9, "d": False, "s": None, "t": None}
            for _ in range(121):
                await second.send_json({"op": 1, "d": None})
            while not second.closed:
                await second.receive(timeout=5)
            assert second.close_code == 4008
    assert standin.gateway.identify_count == 1 and standin.gateway.identifies_too_soon == 1
