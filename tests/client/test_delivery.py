"""A core Reply as Discord receives it, and an interaction as the core sees it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import discord
import pytest
from discord import app_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.invocation import Invocation
from bot.replies import (
    Attachment,
    Button,
    Colour,
    Embed,
    EmbedField,
    Modal,
    Reply,
    Style,
    TextInput,
)
from client.delivery import (
    deliver,
    embed_for,
    embed_payload,
    invocation_from,
    permission_names,
    view_for,
    writing_allowed,
)
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    ADMIN,
    GUILD_ID,
    IN_DM,
    MEMBER,
    MODAL,
    MODERATOR,
    OPTIN_ROLE_ID,
    OWNER,
    TEXT_CHANNEL,
    TEXT_CHANNEL_ID,
    THREAD,
    THREAD_ID,
    Asker,
    Channel,
    Session,
    user_payload,
)

FORM = Modal(
    "epi:adm:edit:7",
    "Edit film",
    (
        TextInput("title", "Title", value="La La Land"),
        TextInput("synopsis", "Synopsis", value="Two dreamers.", paragraph=True, required=False),
    ),
)

seen: list[Invocation] = []
to_deliver: list[Reply] = []
probe = app_commands.Group(name="probe", description="Test-only commands")


@probe.command(name="reply", description="Delivers the reply a test prepared")
async def reply(interaction: discord.Interaction) -> None:
    await deliver(interaction, to_deliver.pop(0))


app_permissions: list[frozenset[str]] = []


@probe.command(name="app", description="Records the bot's own permissions where it is asked")
async def app(interaction: discord.Interaction) -> None:
    app_permissions.append(permission_names(interaction.app_permissions.value))
    await deliver(interaction, Reply.text("noted"))


@probe.command(name="who", description="Records who asks, as the core would see it")
async def who(interaction: discord.Interaction) -> None:
    seen.append(invocation_from(interaction))
    await deliver(interaction, Reply.text("noted"))


def probe_payload(session: Session, asker: Asker) -> dict[str, Any]:
    """``/probe who`` as Discord sends it, for a test to reshape before dispatching."""
    data = {"id": "1", "name": "probe", "type": 1, "options": [{"type": 1, "name": "who"}]}
    return session.discord.interaction(2, data, asker)


@pytest.fixture
def probed(discord_session: Session) -> Iterator[Session]:
    discord_session.bot.tree.add_command(probe)
    seen.clear()
    to_deliver.clear()
    yield discord_session
    discord_session.bot.tree.remove_command("probe")


async def test_modal_is_the_cores_form(probed: Session) -> None:
    to_deliver.append(Reply(modal=FORM))

    exchange = await probed.command("probe reply")

    assert exchange.first.callback_type == MODAL
    data = exchange.first.data
    assert data["custom_id"] == "epi:adm:edit:7"
    assert data["title"] == "Edit film"
    inputs = [row["components"][0] for row in data["components"]]
    assert [(i["custom_id"], i["label"], i["value"], i["style"]) for i in inputs] == [
        ("title", "Title", "La La Land", 1),
        ("synopsis", "Synopsis", "Two dreamers.", 2),
    ]
    assert [i["required"] for i in inputs] == [True, False]
    # The form is answered by the listener, so discord.py keeps no copy of it in memory.
    assert probed.bot._connection._view_store._modals == {}


async def test_attachments_are_uploaded_as_files(probed: Session) -> None:
    to_deliver.append(
        Reply(
            content="Your export",
            attachments=(Attachment("la-la-land.yaml", b"title: La La Land\n"),),
            ephemeral=True,
        )
    )

    exchange = await probed.command("probe reply")

    assert exchange.reply.files == {"la-la-land.yaml": b"title: La La Land\n"}
    assert exchange.reply.data["attachments"] == [{"id": 0, "filename": "la-la-land.yaml"}]
    assert exchange.reply.ephemeral
    assert exchange.reply.data["allowed_mentions"] == {"parse": []}


async def test_mentions_never_ping(probed: Session) -> None:
    to_deliver.append(Reply(content="@everyone <@1000> <@&5>", ephemeral=False))

    exchange = await probed.command("probe reply")

    assert exchange.reply.data["allowed_mentions"] == {"parse": []}


async def test_buttons_keep_the_cores_ids_rows_and_styles(probed: Session) -> None:
    to_deliver.append(
        Reply(
            content="Pick",
            rows=(
                (Button("◀", "epi:page:1:0:prev", disabled=True), Button("▶", "epi:page:1:2:next")),
                (Button("Reveal to me", "epi:reveal:1:1", style=Style.PRIMARY),),
            ),
        )
    )

    exchange = await probed.command("probe reply")

    rows = exchange.reply.data["components"]
    assert [
        [(b["custom_id"], b["style"], b["disabled"]) for b in r["components"]] for r in rows
    ] == [
        [("epi:page:1:0:prev", 2, True), ("epi:page:1:2:next", 2, False)],
        [("epi:reveal:1:1", 1, False)],
    ]
    # Nothing is kept per message: presses are answered by the persistent handler.
    assert probed.bot.persistent_views == []


async def test_buttons_are_sent_as_discord_pys_own_buttons_would_be() -> None:
    rows = (
        (Button("◀ Previous", "epi:a:1", disabled=True), Button("Next ▶", "epi:a:2")),
        (Button("Reveal to me", "epi:r:1", style=Style.PRIMARY),),
    )
    built = discord.ui.View(timeout=None)
    for number, row in enumerate(rows):
        for button in row:
            built.add_item(
                discord.ui.Button(
                    label=button.label,
                    custom_id=button.custom_id,
                    style=discord.ButtonStyle(int(button.style)),
                    disabled=button.disabled,
                    row=number,
                )
            )
    view = view_for(rows)
    assert view is not None and view.is_finished()
    assert view.to_components() == built.to_components()
    assert view_for(()) is None


_TEXTS = st.text(max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXTS,
    description=st.none() | _TEXTS,
    fields=st.lists(st.builds(EmbedField, _TEXTS, _TEXTS, st.booleans()), max_size=3),
    footer=st.none() | _TEXTS,
    colour=st.sampled_from(Colour),
)
def test_embeds_are_sent_as_discord_pys_own_embeds_would_be(
    title: str,
    description: str | None,
    fields: list[EmbedField],
    footer: str | None,
    colour: Colour,
) -> None:
    """The payload made once per embed (``embed_for``) is what discord.py's own ``to_dict``
    makes of the same embed, and a repeated answer's embed is converted once."""
    embed = Embed(title, description, tuple(fields), footer, colour)
    built = discord.Embed(title=title, description=description, colour=int(colour))
    for field in fields:
        built.add_field(name=field.name, value=field.value, inline=field.inline)
    if footer:
        built.set_footer(text=footer)
    sent = embed_for(embed)
    assert sent.to_dict() == built.to_dict()
    assert embed_payload(embed) == built.to_dict()  # as an answer's callback sends it
    assert discord.Embed.to_dict(sent) == built.to_dict()  # its own fields agree too
    assert embed_for(Embed(title, description, tuple(fields), footer, colour)) is sent


async def test_member_in_a_thread(probed: Session) -> None:
    asker = Asker(user_id=1500, roles=(OPTIN_ROLE_ID,), channel=THREAD)

    await probed.command("probe who", asker)

    [invocation] = seen
    assert invocation.user_id == 1500
    assert invocation.guild_id == GUILD_ID
    assert invocation.channel_id == THREAD_ID
    assert invocation.parent_channel_id == TEXT_CHANNEL_ID
    assert OPTIN_ROLE_ID in invocation.role_ids
    assert "send_messages" in invocation.permissions
    assert "manage_messages" not in invocation.permissions
    assert not invocation.is_owner


async def test_moderator_admin_and_owner(probed: Session) -> None:
    for asker in (MODERATOR, ADMIN, OWNER):
        await probed.command("probe who", asker)

    moderator, admin, owner = seen
    assert "manage_messages" in moderator.permissions
    assert {"administrator", "manage_guild"} <= admin.permissions
    assert owner.is_owner and not admin.is_owner
    assert moderator.parent_channel_id is None


async def test_dm(probed: Session) -> None:
    await probed.command("probe who", IN_DM)

    [invocation] = seen
    assert invocation.guild_id is None
    assert invocation.channel_id is not None
    assert invocation.role_ids == frozenset()


# Every field of an interaction but ``id``, ``type``, ``token`` and ``application_id`` is optional
# in Discord's reference: ``channel`` and ``channel_id`` both name where it happened. discord.py
# 2.7 reads only ``channel``; without it the channel was lost, and with it the channel's spoiler
# rule (a no-spoilers channel answered publicly).

ENDING_WORDS = "five years"


def without_channel(payload: dict[str, Any]) -> dict[str, Any]:
    del payload["channel"]
    return payload


async def test_a_channel_named_only_by_id_is_the_channel(probed: Session) -> None:
    await probed.dispatch(without_channel(probe_payload(probed, MEMBER)))
    await probed.dispatch(without_channel(probe_payload(probed, Asker(channel=THREAD))))

    in_channel, in_thread = seen
    assert (in_channel.guild_id, in_channel.channel_id) == (GUILD_ID, TEXT_CHANNEL_ID)
    assert (in_thread.channel_id, in_thread.parent_channel_id) == (THREAD_ID, TEXT_CHANNEL_ID)


async def test_a_channel_named_only_by_id_keeps_its_id_unknown_to_the_cache(
    probed: Session,
) -> None:
    payload = without_channel(probe_payload(probed, MEMBER))
    payload["channel_id"] = "500000000000000999"  # made after the bot's cache was filled

    await probed.dispatch(payload)

    (invocation,) = seen
    assert invocation.channel_id == 500000000000000999


async def test_a_dm_named_only_by_id(probed: Session) -> None:
    payload = without_channel(probe_payload(probed, IN_DM))

    await probed.dispatch(payload)

    (invocation,) = seen
    assert invocation.guild_id is None
    assert invocation.channel_id == int(payload["channel_id"])


async def test_a_no_spoilers_channel_named_only_by_id_keeps_spoilers_out(
    discord_session: Session,
) -> None:
    await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=TEXT_CHANNEL, mode="no-spoilers"
    )
    data = discord_session.command_data("film quick", {"film": "La La Land"})
    payload = without_channel(discord_session.discord.interaction(2, data, MEMBER))

    exchange = await discord_session.dispatch(payload)

    assert exchange.reply.ephemeral, "a no-spoilers channel never gets a public answer"
    assert ENDING_WORDS not in visible_text(exchange.content)


# Shapes an interaction takes in Discord's reference that the bot's own servers never send.


async def test_a_user_installed_command_in_a_group_dm(probed: Session) -> None:
    """Context 2 (a private channel, not the bot's): ``user`` only, a group DM channel."""
    payload = probe_payload(probed, IN_DM)
    payload |= {"context": 2, "authorizing_integration_owners": {"1": "1000"}}
    payload["channel"] = {
        "id": payload["channel_id"],
        "type": 3,
        "recipients": [user_payload(1000), user_payload(1001)],
        "name": None,
        "icon": None,
        "owner_id": "1000",
    }

    await probed.dispatch(payload)

    (invocation,) = seen
    assert invocation.guild_id is None and invocation.user_id == 1000
    assert invocation.channel_id == int(payload["channel_id"])


async def test_a_user_installed_command_in_a_server_without_the_bot(probed: Session) -> None:
    """Context 0, installed by the user only: a server (and channel) the bot never saw."""
    elsewhere = 700000000000000100
    channel = Channel(700000000000000110, "films")
    payload = probe_payload(probed, MEMBER)
    payload |= {
        "guild_id": str(elsewhere),
        "guild": {"id": str(elsewhere), "locale": "fr", "features": []},
        "guild_locale": "fr",
        "locale": "pt-BR",
        "channel": {**channel.payload(elsewhere), "permissions": "0"},
        "channel_id": str(channel.id),
        "authorizing_integration_owners": {"1": "1000"},
        "app_permissions": "0",
    }

    await probed.dispatch(payload)

    (invocation,) = seen
    assert (invocation.guild_id, invocation.channel_id) == (elsewhere, channel.id)


async def test_a_forum_post_the_cache_never_saw_follows_its_forum(
    discord_session: Session,
) -> None:
    forum = Channel(500000000000000140, "film-forum", type=15)
    post = Channel(500000000000000141, "la-la-land", type=11, parent_id=forum.id)
    await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=forum, mode="no-spoilers"
    )

    exchange = await discord_session.command("film quick", Asker(channel=post), film="La La Land")

    assert exchange.reply.ephemeral, "the forum's no-spoilers rule holds in its posts"


async def test_an_interaction_without_version_or_file_limit_is_answered(probed: Session) -> None:
    """discord.py requires ``version`` (always 1) and ``attachment_size_limit`` (added in 2024)."""
    payload = probe_payload(probed, MEMBER)
    del payload["version"], payload["attachment_size_limit"]

    exchange = await probed.dispatch(payload)

    assert [invocation.channel_id for invocation in seen] == [TEXT_CHANNEL_ID]
    assert exchange.content == "noted"


async def test_an_interaction_without_app_permissions_reads_them_from_the_cache(
    probed: Session,
) -> None:
    """Without ``app_permissions`` discord.py reads none at all, and Hide as spoiler would say
    Epilogue lacks Manage Webhooks; the bot's own permissions in the channel are known."""
    data = {"id": "1", "name": "probe", "type": 1, "options": [{"type": 1, "name": "app"}]}
    payload = probed.discord.interaction(2, data, MEMBER)
    del payload["app_permissions"]
    guild = probed.bot.get_guild(GUILD_ID)
    assert guild is not None and guild.me is not None
    expected = guild.get_channel(TEXT_CHANNEL_ID).permissions_for(guild.me)  # type: ignore[union-attr]

    await probed.dispatch(payload)

    assert app_permissions[-1] == permission_names(expected.value) != frozenset()


@pytest.mark.parametrize(
    ("granted", "thread", "unsure", "expected"),
    [
        (discord.Permissions(send_messages=True, attach_files=True), False, False, (True, True)),
        (discord.Permissions(send_messages=True), False, False, (True, False)),
        (discord.Permissions(send_messages=True), True, False, (False, False)),
        (discord.Permissions(send_messages_in_threads=True), True, False, (True, False)),
        (discord.Permissions(send_messages_in_threads=True), False, False, (False, False)),
        # Thread or channel, Discord did not say: either grant lets them write in one.
        (discord.Permissions(send_messages_in_threads=True), False, True, (True, False)),
        (discord.Permissions(use_application_commands=True), False, True, (False, False)),
        (discord.Permissions(administrator=True), True, False, (True, True)),
        # None at all: the permissions could not be told, and nothing is refused for them.
        (discord.Permissions.none(), False, False, (True, True)),
    ],
)
def test_what_the_channel_lets_a_member_post(
    granted: discord.Permissions, thread: bool, unsure: bool, expected: tuple[bool, bool]
) -> None:
    assert writing_allowed(granted.value, thread=thread, unsure=unsure) == expected


async def test_a_keystrokes_interaction_is_freed_once_its_choices_are_sent(
    discord_session: Session,
) -> None:
    """discord.py's ``Interaction`` and its ``InteractionResponse`` point at each other, so
    every keystroke's interaction (its member, user, namespace: 14 objects) waited for the
    garbage collector, and one in flight at a young pass went on to the middle generation.
    Once the choices are sent nothing of it is needed: reference counting frees it at once.
    (Fails, too, if discord.py renames the response's link to its interaction.)"""
    await discord_session.autocomplete("film ending", "film", film="la")  # caches made first
    gc.collect()
    gc.disable()
    try:
        for typed in ("la", "la l", "zzq", "faq"):
            await discord_session.autocomplete("film ending", "film", film=typed)
        await discord_session.autocomplete("film faq", "question", film="la la land", question="")
        left = [o for o in gc.get_objects(0) if isinstance(o, discord.Interaction)]
    finally:
        gc.enable()
    assert left == []
