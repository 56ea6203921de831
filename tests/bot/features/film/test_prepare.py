"""Answers worked out while a member types the title: ready when asked, decided when asked."""

from __future__ import annotations

import pytest

from bot.command_table import CommandSpec, command_table
from bot.dispatch import film_to_prepare, prepare_ahead, run_command
from bot.epilogue import Epilogue
from bot.features.film import answers
from bot.features.film.documents import Topic
from bot.invocation import Invocation
from bot.replies import Deferred, Reply
from tests.bot.features.film.test_answers import store

MEMBER = Invocation(user_id=11, guild_id=1, channel_id=101)
MODERATOR = Invocation(
    user_id=50, guild_id=1, channel_id=102, permissions=frozenset({"manage_messages"})
)


def film(title: str, year: int) -> dict:
    return {
        "title": title,
        "year": year,
        "synopsis": "A birdwatcher returns home.",
        "sections": [
            {"kind": "quick_answer", "level": "ending", "body": "The stranger is her brother."},
            {"kind": "themes", "level": "plot", "body": "Home, and what it keeps."},
            {
                "kind": "faq",
                "level": "plot",
                "items": [
                    {"heading": "Who is the stranger?", "level": "ending", "body": "Her brother."}
                ],
            },
        ],
    }


async def typing(app: Epilogue, spec: CommandSpec, invocation: Invocation, typed: str) -> None:
    """What the client does for a keystroke: the film it names clearly, worked out ahead."""
    if (film := film_to_prepare(app, spec, invocation.guild_id, typed)) is not None:
        await prepare_ahead(app, spec, invocation, film)


async def films(app: Epilogue) -> None:
    for title, year in (("Heron Lake", 2001), ("Heron Lament", 2003), ("Quiet Reel", 1999)):
        await store(app, film(title, year))


async def asked(app: Epilogue, title: str, topic: Topic) -> Reply | Deferred:
    entry = app.catalog.find(MEMBER.guild_id, title)
    return await app.film.topic(MEMBER, entry, topic)


async def test_a_title_typed_clearly_has_its_answer_ready_when_asked(app: Epilogue) -> None:
    await films(app)
    assert isinstance(await asked(app, "Quiet Reel", Topic.THEMES), Deferred)  # not yet worked out

    await typing(app, command_table()["film quick"], MEMBER, "quiet r")
    ready = await asked(app, "Quiet Reel", Topic.QUICK)

    assert isinstance(ready, Reply)
    assert "||The stranger is her brother.||" in ready.embeds[0].description
    # Only the command being typed: the film's other topics wait for their own ask.
    assert isinstance(await asked(app, "Heron Lake", Topic.QUICK), Deferred)


async def test_a_title_that_could_be_several_films_prepares_nothing(app: Epilogue) -> None:
    await films(app)
    for typed in ("heron", "", "no such film"):
        await typing(app, command_table()["film quick"], MEMBER, typed)

    assert isinstance(await asked(app, "Heron Lake", Topic.QUICK), Deferred)
    assert isinstance(await asked(app, "Heron Lament", Topic.QUICK), Deferred)


async def test_typing_spends_no_cooldown(app: Epilogue) -> None:
    await films(app)
    await run_command(app, command_table()["spoiler-rules cooldown"], MODERATOR, {"seconds": 60})

    for typed in ("quiet", "quiet r", "quiet reel"):
        await typing(app, command_table()["film quick"], MEMBER, typed)
    spec = command_table()["film quick"]
    entry = app.catalog.find(MEMBER.guild_id, "Quiet Reel")
    reply = await run_command(app, spec, MEMBER, {"film": entry.choice_value})

    assert not reply.is_error
    again = await run_command(app, spec, MEMBER, {"film": entry.choice_value})
    assert again.is_error and "slow down" in (again.content or "").casefold()


async def test_typing_into_the_faq_command_prepares_the_whole_faq(app: Epilogue) -> None:
    await films(app)
    await typing(app, command_table()["film faq"], MEMBER, "quiet reel")

    ready = await asked(app, "Quiet Reel", Topic.FAQ)

    assert isinstance(ready, Reply)
    assert "||Her brother.||" in ready.embeds[0].description


async def test_an_answer_worked_out_ahead_is_built_whole_before_the_ask(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reply itself (page, footer, buttons) is built while typing, so the first ask
    costs what a repeat does: it only names its asker in the buttons."""
    await films(app)
    await typing(app, command_table()["film quick"], MEMBER, "quiet r")

    def no_building(*args: object, **kwargs: object) -> Reply:
        raise AssertionError("the reply was built at the ask, not ahead")

    monkeypatch.setattr(answers, "reply_for_page", no_building)
    monkeypatch.setattr(answers, "page_embed", no_building)
    ready = await asked(app, "Quiet Reel", Topic.QUICK)

    assert isinstance(ready, Reply)
    assert "||The stranger is her brother.||" in ready.embeds[0].description
    ids = [button.custom_id for row in ready.rows for button in row]
    assert ids and all(custom_id.endswith(f":{MEMBER.user_id}") for custom_id in ids)
