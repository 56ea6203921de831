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
OTHER_APP_ID = 700000000000000001


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
    """Another application's message (its ``application_id``), or an interaction addressed to
    another application: not Epilogue's to answer, whatever the button."""
    answer = await discord_session.command("film quick", film="La La Land")
    message = {**answer.message, "application_id": str(OTHER_APP_ID)}
    message["components"] = [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "poll:1"}]}
    ]
    data = {"custom_id": "poll:1", "component_type": 2}
    theirs = discord_session.discord.interaction(3, data, MEMBER, message=answer.message)
    theirs["application_id"] = str(OTHER_APP_ID)

    pressed = await discord_session.press(message, "poll:1")
    addressed = await discord_session.dispatch(theirs)

    assert pressed.sent == [] and addressed.sent == []


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
    data = {
        "custom_id": "survey:1",
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": "a", "value": "b"}]}],
    }
    theirs = discord_session.discord.interaction(5, data, MEMBER)
    theirs["application_id"] = str(OTHER_APP_ID)

    submitted = await discord_session.dispatch(theirs)

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


UNANSWERED_CONTROLS = {
    # A kind of component newer than discord.py, carrying an Epilogue button's id.
    "a component of an unknown kind": ("REVEAL", 20),
    # A select menu's press on the id of a button the message holds as a button.
    "a select on a button's id": ("REVEAL", 3),
    # An id in an older version's format, on the bot's own message.
    "an id Epilogue no longer makes": ("film:reveal:42", 2),
    # Epilogue's prefix, but not an id discord.py's dynamic item reads (it has a space).
    "an Epilogue id with a space": ("epi:a b", 2),
}


@pytest.mark.parametrize("name", list(UNANSWERED_CONTROLS))
async def test_a_press_nothing_routes_is_answered_privately_and_logged(
    discord_session: Session, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    """Discord sends the app only presses on its own messages: one discord.py routes to no
    handler was left unanswered, and the member saw "This interaction failed" with nothing in
    the log. It is told privately that nothing was done, and the log names the control."""
    custom_id, component_type = UNANSWERED_CONTROLS[name]
    answer = await discord_session.command("film quick", film="La La Land")
    message = answer.message
    if custom_id == "REVEAL":
        [custom_id] = answer.custom_ids()
    else:  # an old message of the bot's, holding that button
        button = {"type": 2, "style": 1, "label": "Reveal", "custom_id": custom_id}
        message = {**message, "components": [{"type": 1, "components": [button]}]}
    data: dict[str, object] = {"custom_id": custom_id, "component_type": component_type}
    if component_type == 3:
        data["values"] = ["1"]
    caplog.set_level(logging.WARNING, logger="cogs.components")
    payload = discord_session.discord.interaction(3, data, MEMBER, message=message)

    pressed = await discord_session.dispatch(payload)

    assert [sent.callback_type for sent in pressed.sent] == [CHANNEL_MESSAGE]
    assert pressed.is_error and "did nothing" in pressed.content
    assert any(custom_id in record.getMessage() for record in caplog.records)


async def test_a_form_nothing_routes_hands_the_text_back(
    discord_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """A form whose id Epilogue does not read (an older version's) was dropped without a
    word: the admin's text was lost with the form Discord closed. It is answered privately,
    with what was typed handed back as a file, and logged."""
    typed = "The ending, as I remember it: they meet again in his club."
    caplog.set_level(logging.WARNING, logger="cogs.components")

    sent = await discord_session.submit("film-admin:edit:42", {"body": typed}, ADMIN)

    assert [s.callback_type for s in sent.sent] == [CHANNEL_MESSAGE]
    assert sent.is_error
    assert [typed] == [data.decode() for data in sent.reply.files.values()]
    assert any("film-admin:edit:42" in record.getMessage() for record in caplog.records)
