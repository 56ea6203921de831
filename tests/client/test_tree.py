"""Every way a slash command can fail ends in a private, readable reply (and a log line)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from bot.command_table import Access, CommandSpec, OptionKind, command_table
from bot.epilogue import Epilogue
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    ADMIN,
    DEFERRED_CHANNEL_MESSAGE,
    IN_DM,
    MEMBER,
    MODERATOR,
    OPTIN_ROLE_ID,
    OWNER,
    ROLE_MODERATOR,
    TEXT_CHANNEL,
    Asker,
    Attachment,
    Exchange,
    Role,
    Session,
    settle,
)


def example_options(spec: CommandSpec) -> dict[str, Any]:
    """A valid value for every option of ``spec``, as a member could pick them."""
    examples = {
        OptionKind.STRING: "La La Land",
        OptionKind.FILM: "La La Land",
        OptionKind.INTEGER: 1,
        OptionKind.BOOLEAN: True,
        OptionKind.CHANNEL: TEXT_CHANNEL,
        OptionKind.ROLE: Role(OPTIN_ROLE_ID),
        OptionKind.ATTACHMENT: Attachment("film.yaml", b"title: x\n"),
    }
    return {
        option.name: option.choices[0] if option.choices else examples[option.kind]
        for option in spec.options
    }


GUARDED = sorted(name for name, spec in command_table().items() if spec.access != Access.MEMBER)


@pytest.mark.parametrize("name", GUARDED)
async def test_members_are_refused_every_moderator_and_admin_command(
    discord_session: Session, name: str
) -> None:
    # Discord hides these from members unless a server admin overrides that: the core decides.
    spec = command_table()[name]

    exchange = await discord_session.command(name, MEMBER, **example_options(spec))

    assert exchange.is_error
    assert "moderators" in exchange.content or "admins" in exchange.content
    assert discord_session.discord.downloads == []


async def test_member_cannot_change_rules(discord_session: Session) -> None:
    # Discord hides /spoiler-rules from members, but a server admin can override that.
    exchange = await discord_session.command(
        "spoiler-rules channel", MEMBER, channel=TEXT_CHANNEL, mode="spoilers"
    )

    assert exchange.is_error
    assert "is for moderators" in exchange.content


async def test_moderator_role_counts_without_manage_messages(discord_session: Session) -> None:
    await discord_session.command(
        "spoiler-rules moderator-role", ADMIN, role=Role(ROLE_MODERATOR.roles[0])
    )

    exchange = await discord_session.command(
        "spoiler-rules channel", ROLE_MODERATOR, channel=TEXT_CHANNEL, mode="spoilers"
    )

    assert not exchange.is_error, exchange.text


async def test_moderator_cannot_run_admin_commands(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules moderator-role", MODERATOR, role=Role(ROLE_MODERATOR.roles[0])
    )

    assert exchange.is_error
    assert "for server admins" in exchange.content


async def test_server_commands_in_dms_say_so(discord_session: Session) -> None:
    exchange = await discord_session.command("spoiler-rules show", IN_DM)

    assert exchange.is_error
    assert "only works in a server" in exchange.content


async def test_option_outside_its_choices_is_refused(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules channel", MODERATOR, channel=TEXT_CHANNEL, mode="loud"
    )

    assert exchange.is_error
    assert "mode: must be one of" in exchange.content


async def test_unresolvable_channel_names_the_option(discord_session: Session) -> None:
    exchange = await discord_session.command(
        "spoiler-rules channel",
        MODERATOR,
        raw_options=[{"name": "channel", "type": 7, "value": "4242"}],  # not in `resolved`
        mode="spoilers",
    )

    assert exchange.is_error
    assert "channel: needs a channel" in exchange.content


@pytest.mark.parametrize(
    "data",
    [
        {"id": "41", "name": "retired", "type": 1},
        {"id": "42", "name": "film", "type": 1, "options": [{"name": "retired", "type": 1}]},
        {"id": "43", "name": "Retired menu", "type": 3, "target_id": "44"},
    ],
    ids=["command", "subcommand", "message-command"],
)
async def test_a_command_no_longer_registered_is_answered(
    discord_session: Session, data: dict[str, Any]
) -> None:
    """A member's client may still offer a command Epilogue dropped (Discord's copy not yet
    overwritten): the member reads that it is out of date, not that the app did not respond."""
    exchange = await discord_session.dispatch(discord_session.discord.interaction(2, data, MEMBER))

    assert exchange.is_error
    assert "out of date" in exchange.content


async def test_outdated_command_registration_asks_to_retry(discord_session: Session) -> None:
    # An old registration without the now required option: discord.py cannot call the command.
    exchange = await discord_session.command("film quick", raw_options=[])

    assert exchange.is_error
    assert "out of date" in exchange.content


@pytest.mark.parametrize(
    ("command", "seat", "options"),
    [
        ("film quick", MEMBER, {"film": "the one where mia marries greg"}),
        ("spoiler-rules embargo", MODERATOR, {"film": "La La Land", "until": "mia marries greg"}),
        # A number typed as words, as an out-of-date client or a stand-in may send it.
        (
            "film list",
            MEMBER,
            {"raw_options": [{"name": "page", "type": 4, "value": "mia marries greg"}]},
        ),
    ],
    ids=["film", "until", "number"],
)
async def test_a_refusal_quoting_what_a_member_typed_is_logged_without_it(
    discord_session: Session,
    caplog: pytest.LogCaptureFixture,
    command: str,
    seat: Asker,
    options: dict[str, Any],
) -> None:
    """A refusal quotes what its member typed back to them alone ("No film matches '…'"), and
    the operator's log took the whole refusal too: whatever a member types into an option
    (an ending, as often as a title) reached whoever reads the log, who asked for nothing. The
    log says which command was refused, for whom and why in kind, never their words."""
    with caplog.at_level(logging.DEBUG):
        exchange = await discord_session.command(command, seat, **options)

    assert exchange.is_error and "marries" in exchange.content  # told to its member
    assert not [r.getMessage() for r in caplog.records if "marries" in r.getMessage()]


async def test_unexpected_exception_is_private_generic_and_logged(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(invocation, film, *, private=False):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.film, "info", broken)

    with caplog.at_level(logging.ERROR, logger="client.tree"):
        exchange = await discord_session.command("film info", film="La La Land")

    assert exchange.is_error
    assert "went wrong on Epilogue's side" in exchange.content
    assert "secret" not in exchange.content
    [record] = caplog.records
    message = record.getMessage()
    assert "/film info" in message
    assert str(MEMBER.user_id) in message
    assert record.exc_info is not None
    assert "secret internals" in str(record.exc_info[1].__cause__ or record.exc_info[1])


async def test_failure_after_deferring_uses_a_followup(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # /epilogue sync acknowledges first ("thinking…"), then talks to Discord: fail there.
    async def broken(guild_id: int | None) -> list[Any]:
        raise RuntimeError("late failure")

    monkeypatch.setattr(discord_session.bot.tree, "sync_to", broken)

    with caplog.at_level(logging.ERROR, logger="client.tree"):
        exchange = await discord_session.command("epilogue sync", OWNER, scope="here")

    assert exchange.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert exchange.reply.path.startswith("/webhooks/")
    assert exchange.is_error
    assert "went wrong on Epilogue's side" in exchange.content
    assert "late failure" not in exchange.content
    assert "/epilogue sync" in caplog.records[0].getMessage()


CALLBACK = r"/interactions/\d+/[^/]+/callback"


async def test_a_reply_discord_refuses_hands_back_the_long_text_typed(
    discord_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord refusing the answer (50035 Invalid Form Body) is Epilogue's bug, logged in full;
    the member is told, and their long text comes back: Discord keeps nothing of a command."""
    text = " ".join(["Mia marries someone else and they meet again in his jazz club."] * 2)
    discord_session.discord.fail_next("POST", CALLBACK, 400, 50035)

    with caplog.at_level(logging.ERROR):
        exchange = await discord_session.command(
            "spoiler post", MEMBER, film="La La Land", text=text
        )

    assert exchange.is_error and "What you typed is attached" in exchange.content
    assert exchange.reply.files == {"your-text.txt": text.encode()}
    assert any(r.exc_info for r in caplog.records), "the traceback is logged"


async def test_typing_into_a_command_discord_has_out_of_date_gets_no_choices(
    discord_session: Session,
) -> None:
    """An autocomplete Discord sends for a command this version no longer has: the only answer
    Discord takes is choices (a message would be refused), so it gets none."""
    data = {
        "id": "1",
        "name": "film",
        "type": 1,
        "options": [
            {
                "type": 1,
                "name": "retired",
                "options": [{"type": 3, "name": "film", "value": "la", "focused": True}],
            }
        ],
    }

    exchange = await discord_session.dispatch(discord_session.discord.interaction(4, data, MEMBER))

    assert [sent.callback_type for sent in exchange.sent] == [8]
    assert exchange.first.data["choices"] == []


def public_sight(exchange: Exchange) -> str:
    """What the bot put where others in the channel read it without clicking: text outside
    spoiler bars, and every file (a file's text is never behind bars)."""
    seen: list[str] = []
    for sent in exchange.sent:
        if sent.callback_type == DEFERRED_CHANNEL_MESSAGE or sent.ephemeral:
            continue
        data = sent.data
        texts = [data.get("content") or ""]
        texts += [embed.get("description") or "" for embed in data.get("embeds") or []]
        seen += [visible_text(text) for text in texts]
        seen += [content.decode(errors="replace") for content in sent.files.values()]
    return "\n".join(seen)


@pytest.mark.parametrize("failing", ["download", "post"])
async def test_a_failure_after_a_public_acknowledgement_hands_the_text_back_privately(
    discord_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    failing: str,
) -> None:
    """/spoiler post with a file is acknowledged publicly ("thinking…" for everyone) before the
    file is fetched. A failure after that (the file no longer on Discord's CDN, or Discord
    refusing the post) handed the member's spoiler back as a file in that public message:
    everyone in the channel could open it, unwrapped. It goes to the member alone."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0.0)  # acknowledged before the post
    fake = discord_session.discord
    text = " ".join(["Mia marries someone else and they meet again in his jazz club."] * 2)
    data = discord_session.command_data(
        "spoiler post",
        {"film": "La La Land", "text": text, "attachment": Attachment("shot.png", b"png")},
    )
    if failing == "download":
        fake.cdn.clear()  # the upload is gone from the CDN when the bot fetches it
    else:
        fake.fail_next("PATCH", r"/webhooks/\d+/[^/]+/messages/@original", 400, 50035)

    with caplog.at_level(logging.ERROR):
        exchange = await discord_session.dispatch(fake.interaction(2, data, MEMBER))

    assert exchange.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert not exchange.first.ephemeral, "a post is acknowledged for everyone"
    assert "jazz club" not in public_sight(exchange)
    private = [sent for sent in exchange.sent if sent.ephemeral and sent.files]
    assert [sent.files for sent in private] == [{"your-text.txt": text.encode()}]
    assert "What you typed is attached" in (private[0].data.get("content") or "")


async def test_work_for_a_quiet_moment_waits_its_turn_and_is_given_up_once_too_late(
    discord_session: Session,
) -> None:
    """Work waiting for a quiet moment takes turns (``EpilogueTree.when_quiet``); one whose
    turn comes after the time it was worth doing by is not done then: what a member typed
    a while ago is not worked out ahead at the next quiet moment, long after."""
    tree = discord_session.bot.tree
    done: list[str] = []
    release = asyncio.Event()

    async def first() -> None:
        done.append("first")
        await release.wait()  # holds its turn past the second's deadline

    async def second() -> None:
        done.append("second")

    holding = asyncio.create_task(tree.when_quiet(first, 0.0, 0.001))
    await asyncio.sleep(0.01)
    waiting = asyncio.create_task(tree.when_quiet(second, 0.0, 0.001, time.perf_counter() + 0.02))
    await asyncio.sleep(0.05)
    release.set()

    assert await holding is True
    assert await waiting is False
    assert done == ["first"]


@pytest.mark.parametrize("kind", ["a command", "a keystroke", "a button press"])
async def test_an_interaction_counts_as_arrived_once_the_gateway_event_is_read(
    discord_session: Session, kind: str
) -> None:
    """Work ahead waits for a quiet moment: no interaction for a while. An interaction used
    to count from when the tree's own task reached it, an event-loop turn or more after the
    gateway's event was read; a quiet moment's recheck between the two found the loop quiet
    and held it (1-2 ms of a first answer) with that interaction read and waiting. It counts
    from the read itself, before any task runs, for every kind of interaction."""
    session = discord_session
    payloads = {
        "a command": lambda: session.discord.interaction(
            2, session.command_data("film info", {"film": "La La Land"}), MEMBER
        ),
        "a keystroke": lambda: session.discord.interaction(
            4, session.command_data("film ending", {"film": "la"}, focused="film"), MEMBER
        ),
        "a button press": lambda: session.discord.interaction(
            3, {"custom_id": "epi:unknown", "component_type": 2}, MEMBER
        ),
    }
    tree = session.bot.tree
    tree.last_interaction_at = 0.0
    before = time.perf_counter()

    session.bot._connection.parsers["INTERACTION_CREATE"](payloads[kind]())

    assert tree.last_interaction_at >= before  # no task has run yet
    await settle()
