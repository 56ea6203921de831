"""Buttons and forms: routed to the core by custom id, in this process or after a restart."""

from __future__ import annotations

import logging

import discord
import pytest

from bot.buttons import AnswerAction, AnswerButton, parse
from bot.epilogue import Epilogue
from bot.replies import Reply
from bot.spoiler_policy.markup import Treatment
from client.bot import EpilogueBot
from cogs.components import form_values
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    ADMIN,
    CHANNEL_MESSAGE,
    MEMBER,
    OTHER_MEMBER,
    UPDATE_MESSAGE,
    FakeDiscord,
    Session,
)

ENDING_WORDS = "five years"


async def test_reveal_shows_the_ending_to_the_presser_only(discord_session: Session) -> None:
    answer = await discord_session.command("film quick", film="La La Land")
    [reveal] = answer.custom_ids()

    pressed = await discord_session.press(answer.message, reveal, OTHER_MEMBER)

    assert pressed.first.callback_type == CHANNEL_MESSAGE
    assert pressed.reply.ephemeral
    assert ENDING_WORDS in visible_text(pressed.reply.data["embeds"][0]["description"])
    assert pressed.reply.data["allowed_mentions"] == {"parse": []}


async def test_paging_edits_the_message_and_only_for_the_asker(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.features.film.render.PAGE_LIMIT", 300)
    answer = await discord_session.command("film ending", film="La La Land")
    next_page = next(i for i in answer.custom_ids() if getattr(parse(i), "page", 0) == 1)

    turned = await discord_session.press(answer.message, next_page, MEMBER)
    refused = await discord_session.press(answer.message, next_page, OTHER_MEMBER)

    assert turned.first.callback_type == UPDATE_MESSAGE
    assert "Page 2/" in turned.reply.data["embeds"][0]["footer"]["text"]
    assert turned.reply.data["allowed_mentions"] == {"parse": []}
    assert refused.is_error
    assert "isn't your menu" in refused.content


async def test_buttons_still_work_after_a_restart(
    app: Epilogue, fake_discord: FakeDiscord, tmp_path, discord_session: Session
) -> None:
    answer = await discord_session.command("film quick", film="La La Land")
    [reveal] = answer.custom_ids()
    await discord_session.close()
    await app.close()

    restarted = await Epilogue.open(app.config, load_content=False)
    bot = EpilogueBot(restarted)
    session = await Session.start(fake_discord, bot)
    try:
        pressed = await session.press(answer.message, reveal, OTHER_MEMBER)
    finally:
        await session.close()
        await restarted.close()

    assert pressed.reply.ephemeral
    assert ENDING_WORDS in visible_text(pressed.reply.data["embeds"][0]["description"])


async def test_forms_still_work_after_a_restart(
    app: Epilogue, fake_discord: FakeDiscord, tmp_path, discord_session: Session
) -> None:
    form = await discord_session.command(
        "film-admin edit", ADMIN, film="La La Land", section="synopsis"
    )
    await discord_session.close()
    await app.close()

    restarted = await Epilogue.open(app.config, load_content=False)
    session = await Session.start(fake_discord, EpilogueBot(restarted))
    try:
        saved = await session.submit(form.first.data["custom_id"], {"body": "New."}, ADMIN)
    finally:
        await session.close()
        await restarted.close()

    assert saved.reply.ephemeral and not saved.is_error, saved.text
    assert "Saved the synopsis" in saved.content


async def test_a_button_of_a_forgotten_answer_says_so_privately(
    discord_session: Session,
) -> None:
    answer = await discord_session.command("film quick", film="La La Land")
    message = {**answer.message}
    # A well-formed id of a film version this server has never had (removed, or never there).
    stale = AnswerButton(
        AnswerAction.REVEAL, "aaaaaaaaaaaaa", "0" * 12, "quick", None, 0, Treatment.WRAP, 1
    ).encode()
    message["components"] = [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": stale}]}
    ]

    pressed = await discord_session.press(message, stale)

    assert pressed.is_error
    assert "no longer available" in pressed.content


async def test_buttons_of_other_apps_are_left_alone(discord_session: Session) -> None:
    answer = await discord_session.command("film quick", film="La La Land")
    message = {**answer.message}
    message["components"] = [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "poll:1"}]}
    ]

    pressed = await discord_session.press(message, "poll:1")

    assert pressed.sent == []


async def test_form_submission_goes_to_the_core_with_its_values(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = []

    async def submit(invocation, custom_id, values):  # type: ignore[no-untyped-def]
        received.append((invocation.user_id, custom_id, values))
        return Reply.text("Saved.")

    monkeypatch.setattr(app, "submit", submit)

    submitted = await discord_session.submit("epi:adm:edit:7", {"title": "New", "body": "Text"})

    assert received == [(MEMBER.user_id, "epi:adm:edit:7", {"title": "New", "body": "Text"})]
    assert submitted.reply.ephemeral
    assert submitted.content == "Saved."


async def test_forms_of_other_apps_are_left_alone(discord_session: Session) -> None:
    submitted = await discord_session.submit("survey:1", {"a": "b"})

    assert submitted.sent == []


async def test_a_failing_press_is_logged_and_answered_privately(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer = await discord_session.command("film quick", film="La La Land")
    [reveal] = answer.custom_ids()

    async def broken(invocation, custom_id, **_where):  # type: ignore[no-untyped-def]
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app, "press", broken)

    with caplog.at_level(logging.ERROR, logger="cogs.components"):
        pressed = await discord_session.press(answer.message, reveal)

    assert pressed.is_error
    assert "went wrong on Epilogue's side" in pressed.content
    [record] = caplog.records
    assert reveal in record.getMessage()
    assert record.exc_info is not None and "database on fire" in str(record.exc_info[1])


async def test_a_private_edit_never_replaces_a_public_message(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit keeps the audience of the message it edits: a reply for the presser alone,
    pressed on a public answer, is sent privately and leaves the public message as it was."""
    answer = await discord_session.command("film quick", film="La La Land")
    assert not answer.reply.ephemeral
    [reveal] = answer.custom_ids()

    async def private_edit(invocation, custom_id, **_where):  # type: ignore[no-untyped-def]
        return Reply(content=ENDING_WORDS, ephemeral=True, edits_original=True)

    monkeypatch.setattr(app, "press", private_edit)
    pressed = await discord_session.press(answer.message, reveal, OTHER_MEMBER)

    assert pressed.first.callback_type == CHANNEL_MESSAGE
    assert pressed.reply.ephemeral


def test_form_values_reads_rows_and_labels() -> None:
    components = [
        {"type": 1, "components": [{"type": 4, "custom_id": "a", "value": "1"}]},
        {"type": 18, "id": 2, "component": {"type": 4, "custom_id": "b", "value": "2"}},
    ]

    assert form_values(components) == {"a": "1", "b": "2"}


async def test_commands_make_no_interaction_listener_work(discord_session: Session) -> None:
    """The ``interaction`` event is for buttons and forms: a command or autocomplete is the
    command tree's, and each listener would cost every one of them a task of its own."""
    heard: list[int] = []

    async def listener(interaction: discord.Interaction) -> None:
        heard.append(interaction.type.value)

    discord_session.bot.add_listener(listener, "on_interaction")
    answer = await discord_session.command("film quick", film="La La Land")
    await discord_session.autocomplete("film quick", "film", film="La La")
    [reveal] = answer.custom_ids()
    pressed = await discord_session.press(answer.message, reveal, OTHER_MEMBER)

    assert heard == [3]  # the press alone
    assert pressed.reply.ephemeral  # and the press is still answered
