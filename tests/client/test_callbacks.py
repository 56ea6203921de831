"""An answer as its interaction's callback: discord.py's own body, asking nothing back."""

from __future__ import annotations

from collections.abc import Iterator

import discord
import pytest
from discord import app_commands
from discord.http import Route
from discord.webhook.async_ import (
    interaction_message_response_params,
    interaction_response_params,
)

from bot.replies import Button, Colour, Embed, EmbedField, Reply, Style
from client import callbacks
from client.delivery import NO_MENTIONS, deliver, embed_for, view_for
from tests.support.fake_discord import AUTOCOMPLETE_RESULT, CHANNEL_MESSAGE, MEMBER, Session

to_deliver: list[Reply] = []
probe = app_commands.Group(name="probe", description="Test-only commands")


@probe.command(name="reply", description="Delivers the reply a test prepared")
async def reply(interaction: discord.Interaction) -> None:
    await deliver(interaction, to_deliver.pop(0))


@pytest.fixture
def probed(discord_session: Session) -> Iterator[Session]:
    discord_session.bot.tree.add_command(probe)
    to_deliver.clear()
    yield discord_session
    discord_session.bot.tree.remove_command("probe")


PAGE = Embed(
    "La La Land (2016) · The ending explained",
    "||Mia and Sebastian part.|| " * 40,
    (EmbedField("Sources", "[1] An interview", inline=False),),
    "Page 1/3 · Spoilers are hidden: click a black bar · Epilogue",
    Colour.INFO,
)
BUTTONS = (
    (Button("◀ Previous", "epi:a:1:0", disabled=True), Button("Next ▶", "epi:a:1:2")),
    (Button("Reveal to me", "epi:r:1:7", style=Style.PRIMARY),),
)
REPLIES = {
    "a public answer page": Reply(embeds=(PAGE,), rows=BUTTONS, suppress_embeds=True),
    "a private answer page": Reply(
        embeds=(PAGE,), rows=BUTTONS, ephemeral=True, suppress_embeds=True
    ),
    "a private error": Reply.error("No film matches 'la la lnad'."),
    "text with previews": Reply(content="@everyone see <https://example.org>"),
    "two embeds, no text": Reply(embeds=(PAGE, PAGE), ephemeral=True),
}


def discord_pys_body(session: Session, sent: Reply) -> str:
    """The JSON ``InteractionResponse.send_message`` sends for ``sent`` with the embeds and
    buttons ``_send`` gave it (``embed_for``, ``view_for``: each checked against discord.py's
    own in ``test_delivery``)."""
    view = view_for(sent.rows)
    flags = discord.utils.MISSING
    if sent.ephemeral or sent.suppress_embeds:
        flags = discord.MessageFlags(ephemeral=sent.ephemeral, suppress_embeds=sent.suppress_embeds)
    params = interaction_message_response_params(
        type=discord.InteractionResponseType.channel_message.value,
        content=sent.content,
        embeds=[embed_for(embed) for embed in sent.embeds],
        view=discord.utils.MISSING if view is None else view,
        flags=flags,
        allowed_mentions=NO_MENTIONS,
        previous_allowed_mentions=session.bot._connection.allowed_mentions,
    )
    return discord.utils._to_json(params.payload)


@pytest.mark.parametrize("name", list(REPLIES))
async def test_an_answer_is_one_callback_with_discord_pys_body_asking_nothing_back(
    probed: Session, name: str
) -> None:
    """discord.py asks Discord to describe each message callback (``with_response``) and parses
    that description, a message of the answer's size, which Epilogue never reads. The callback
    is sent as the reference's default asks instead (Discord then answers 204), with the very
    JSON discord.py would have sent: the same embeds, buttons, flags and mentions."""
    sent = REPLIES[name]
    to_deliver.append(sent)

    exchange = await probed.command("probe reply")

    (callback,) = exchange.sent
    assert callback.callback_type == CHANNEL_MESSAGE
    assert "with_response" not in callback.query
    assert callback.text == discord_pys_body(probed, sent)
    assert probed.bot.persistent_views == []  # nothing kept per message


@pytest.mark.parametrize("name", ["a public answer page", "text with previews"])
async def test_an_answer_is_sent_as_the_bytes_of_that_json_encoded_once(
    probed: Session, name: str
) -> None:
    """discord.py encodes a body to text (orjson's bytes decoded) and aiohttp encodes the text
    back to bytes: an answer page, never all ASCII, cost twice its encoding in the two. The
    callback hands aiohttp the bytes themselves: the same bytes on the wire, under the same
    ``Content-Type`` (discord.py's adapter names it whatever the body is)."""
    to_deliver.append(REPLIES[name])

    exchange = await probed.command("probe reply")

    (callback,) = exchange.sent
    assert callback.as_bytes
    assert callback.text == discord_pys_body(probed, REPLIES[name])
    # Anything else discord.py sends is still its text.
    assert discord.utils._to_json({"a": "·"}) == '{"a":"·"}'


async def test_an_answer_discord_had_taken_already_is_not_sent_twice(probed: Session) -> None:
    """A callback refused as already acknowledged (40060: a retry of one Discord took while its
    answer was lost) goes into the answer there, as when discord.py sent it."""
    to_deliver.append(REPLIES["a public answer page"])
    probed.discord.fail_next("POST", r"/interactions/\d+/[^/]+/callback", 400, 40060)

    exchange = await probed.command("probe reply")

    # The refused callback (recorded by the fake Discord alone), then the answer there edited.
    (posted,) = [s for s in probed.discord.sent if s.path.endswith("/callback")]
    (edited,) = exchange.sent
    assert posted.callback_type == CHANNEL_MESSAGE
    assert (edited.method, edited.path.endswith("/messages/@original")) == ("PATCH", True)
    assert "Mia and Sebastian" in exchange.sent[-1].body["embeds"][0]["description"]


KEYSTROKES = {
    "a film typed into /film ending": ("film ending", "film", {"film": "la la"}),
    "a film typed into /film info": ("film info", "film", {"film": "lal"}),
    "nothing typed into /film info": ("film info", "film", {"film": ""}),
    "a question typed into /film faq": (
        "film faq",
        "question",
        {"film": "La La Land", "question": ""},
    ),
}


@pytest.mark.parametrize("name", list(KEYSTROKES))
async def test_choices_are_one_callback_with_discord_pys_body_asking_nothing_back(
    discord_session: Session, name: str
) -> None:
    """discord.py asks Discord to describe an autocomplete callback too (``with_response``),
    and aiohttp, the client's trace and discord.py read that description on every keystroke,
    though it only names the interaction. Choices, for any option that suggests them, are sent
    as the reference's default asks (Discord answers 204), with the JSON discord.py sends."""
    command, focused, options = KEYSTROKES[name]
    data = discord_session.command_data(command, options, focused=focused)
    exchange = await discord_session.dispatch(discord_session.discord.interaction(4, data, MEMBER))

    (callback,) = exchange.sent
    assert callback.callback_type == AUTOCOMPLETE_RESULT
    assert "with_response" not in callback.query
    choices = [
        app_commands.Choice(name=c["name"], value=c["value"]) for c in callback.data["choices"]
    ]
    params = interaction_response_params(
        type=discord.InteractionResponseType.autocomplete_result.value,
        data={"choices": [choice.to_dict() for choice in choices]},
    )
    assert callback.text == discord.utils._to_json(params.payload)
    if name != "nothing typed into /film info":
        assert choices  # the text names something: the comparison is of real choices


@pytest.mark.parametrize(
    "token",
    [
        "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFiY2RlZg-_.~",
        "",
        "a/b",
        "a?b=c",
        "%2F",
        "{webhook_id}",
        "tök",
        "a b",
        "a\nb",
    ],
)
def test_a_callback_route_is_discord_pys_own(token: str) -> None:
    """The route made without quoting a token of unreserved characters is, attribute for
    attribute, the one discord.py makes (which quotes every token); any other is quoted."""
    made = callbacks.callback_route(1234567890123456789, token)
    expected = Route(
        "POST",
        "/interactions/{webhook_id}/{webhook_token}/callback",
        webhook_id=1234567890123456789,
        webhook_token=token,
    )
    attributes = ("method", "path", "metadata", "url", "channel_id", "guild_id")
    assert [getattr(made, a) for a in attributes] == [getattr(expected, a) for a in attributes]
    assert (made.webhook_id, made.webhook_token) == (expected.webhook_id, expected.webhook_token)
