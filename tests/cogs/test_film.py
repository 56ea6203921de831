"""/film through discord.py's command tree: what Discord receives, spoilers and all."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import yaml

from bot.buttons import AnswerAction, AnswerButton, parse
from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from client import slash
from tests.conftest import FILMS
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.fake_discord import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    GUILD_ID,
    IN_DM,
    MEMBER,
    MEMBER_ID,
    TEXT_CHANNEL_ID,
    Asker,
    Session,
    settle,
)

ENDING_WORDS = "five years"  # from the quick answer: an ending detail
NO_MENTIONS = {"parse": []}
VIEWS = ["quick", "ending", "recap", "themes", "symbolism", "faq"]


def discord_view(data: dict[str, Any]) -> dict[str, Any]:
    """A message body as a member's client would render it (defaults filled in)."""
    components = data.get("components", [])
    return {
        "content": data.get("content") or "",
        "embeds": [
            {key: value for key, value in embed.items() if key != "flags"}
            for embed in data.get("embeds", [])
        ],
        "components": components,
        "flags": data.get("flags", 0),
    }


async def test_quick_sends_exactly_the_core_reply(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0)  # never ready in time: deferred
    exchange = await discord_session.command("film quick", film="La La Land")

    core = await run_command(
        app,
        command_table()["film quick"],
        Invocation(MEMBER_ID, GUILD_ID, TEXT_CHANNEL_ID),
        {"film": "La La Land"},
    )
    # Acknowledged at once with the answer's visibility, then answered in a follow-up.
    assert exchange.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert exchange.first.ephemeral == core.ephemeral
    assert discord_view(exchange.reply.data) == discord_view(core.payload())
    assert exchange.reply.data["allowed_mentions"] == NO_MENTIONS


async def test_quick_in_public_hides_the_ending_behind_spoiler_bars(
    discord_session: Session,
) -> None:
    exchange = await discord_session.command("film quick", film="La La Land")

    description = exchange.reply.data["embeds"][0]["description"]
    assert not exchange.reply.ephemeral
    assert ENDING_WORDS not in visible_text(description)
    assert ENDING_WORDS in hidden_text(description)
    assert exchange.reply.data["flags"] & (1 << 2), "link previews are suppressed"
    [reveal] = exchange.custom_ids()
    pressed = parse(reveal)
    assert isinstance(pressed, AnswerButton) and pressed.action is AnswerAction.REVEAL
    assert pressed.page == 0 and pressed.topic == "quick"


async def test_private_option_answers_only_the_asker(discord_session: Session) -> None:
    exchange = await discord_session.command("film quick", film="La La Land", private=True)

    assert exchange.reply.ephemeral


async def test_autocomplete_value_is_accepted_as_the_film(discord_session: Session) -> None:
    choices = await discord_session.autocomplete("film quick", "film", film="la la")

    exchange = await discord_session.command("film quick", film=choices[0]["value"])

    assert exchange.reply.data["embeds"][0]["title"].endswith("Quick answer")


async def test_unknown_film_is_a_private_error_with_a_hint(discord_session: Session) -> None:
    exchange = await discord_session.command("film quick", film="Nope Such Film")

    assert exchange.is_error
    assert exchange.content.startswith("⚠️ No film matches 'Nope Such Film'")


async def test_info_card_is_spoiler_free_and_public(discord_session: Session) -> None:
    exchange = await discord_session.command("film info", film="La La Land")

    embed = exchange.reply.data["embeds"][0]
    assert visible_text(embed["title"]) == "La La Land (2016)"
    assert not exchange.reply.ephemeral
    assert "||" not in exchange.text


@pytest.mark.parametrize("view", VIEWS)
async def test_every_view_answers(
    discord_session: Session, view: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0)  # never ready in time: deferred
    exchange = await discord_session.command(f"film {view}", film="La La Land (2016)")

    # /film ending's pages were stored with the film: nothing to render, the reply itself,
    # where they are read at once (a SQLite file). PostgreSQL's read is awaited, and with
    # nothing ready in time the answer is deferred.
    ready = view == "ending" and discord_session.bot.app.reads.inline
    assert exchange.first.callback_type == (CHANNEL_MESSAGE if ready else DEFERRED_CHANNEL_MESSAGE)
    assert not exchange.is_error, exchange.text
    assert exchange.reply.data["embeds"]


async def test_in_dms_answers_privately(discord_session: Session) -> None:
    exchange = await discord_session.command("film quick", IN_DM, film="La La Land")

    assert exchange.reply.ephemeral
    assert ENDING_WORDS not in visible_text(exchange.reply.data["embeds"][0]["description"])


async def test_film_autocomplete_offers_titles_with_years(discord_session: Session) -> None:
    choices = await discord_session.autocomplete("film ending", "film", film="la la")

    assert choices == [{"name": "La La Land (2016)", "value": choices[0]["value"]}]
    assert choices[0]["value"].startswith("film-id:")


async def test_film_choices_kept_while_typing_are_forgotten_when_films_change(
    discord_session: Session, app: Epilogue
) -> None:
    """The choices for a text typed again are the kept ones, until the films change."""
    before = await discord_session.autocomplete("film ending", "film", film="la la")
    assert await discord_session.autocomplete("film ending", "film", film="la la") == before
    doc = yaml.safe_load((FILMS / "la-la-land.yaml").read_text(encoding="utf-8"))
    doc["title"], doc["year"] = "La La Lullaby", 2021
    doc.pop("aliases", None)
    await app.loader.store([parse_film_bytes(yaml.safe_dump(doc).encode(), "lullaby.yaml")])
    await app.catalog.refresh()

    after = await discord_session.autocomplete("film ending", "film", film="la la")

    assert [choice["name"] for choice in after] == ["La La Land (2016)", "La La Lullaby (2021)"]


async def test_film_autocomplete_with_nothing_typed_stays_within_25(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [app.catalog.films(None)[0]] * 40
    monkeypatch.setattr(app.catalog, "search", lambda guild_id, query, limit=25: many)

    choices = await discord_session.autocomplete("film quick", "film")

    assert len(choices) == 25
    assert all(1 <= len(choice["name"]) <= 100 for choice in choices)


async def test_question_autocomplete_names_spoiler_questions_only_by_number(
    discord_session: Session, app: Epilogue
) -> None:
    choices = await discord_session.autocomplete(
        "film faq", "question", film="La La Land", question=""
    )

    async with app.sessions() as session:
        stored = await app.film.load(session, app.catalog.films(None)[0])
    spoiler_questions = [
        item.heading
        for section in stored.sections
        if section.kind == "faq"
        for item in section.items
        if item.heading_level != "none"
    ]
    names = [choice["name"] for choice in choices]
    assert 0 < len(choices) <= 25
    assert all(choice["value"].startswith("q:") for choice in choices)
    for heading in spoiler_questions:
        assert heading not in names
    if spoiler_questions:
        assert any(name.endswith("(spoiler)") for name in names)


async def test_faq_question_from_autocomplete(discord_session: Session) -> None:
    choices = await discord_session.autocomplete(
        "film faq", "question", film="La La Land", question=""
    )

    exchange = await discord_session.command(
        "film faq", film="La La Land", question=choices[0]["value"]
    )

    assert exchange.reply.data["embeds"], exchange.text
    assert not exchange.is_error, exchange.text


async def test_member_cooldown_from_server_settings_is_a_private_error(
    discord_session: Session,
) -> None:
    from tests.support.fake_discord import MODERATOR

    await discord_session.command("spoiler-rules cooldown", MODERATOR, seconds=60)
    await discord_session.command("film info", MEMBER, film="La La Land")

    again = await discord_session.command("film info", MEMBER, film="La La Land")

    assert again.is_error
    assert again.content.startswith("⚠️ Slow down")


async def test_search_answers_with_matching_films(discord_session: Session) -> None:
    exchange = await discord_session.command("film search", query="jazz pianist")

    assert not exchange.is_error, exchange.text
    assert "La La Land" in visible_text(exchange.text)
    assert ENDING_WORDS not in visible_text(exchange.text)


async def test_search_privately(discord_session: Session) -> None:
    exchange = await discord_session.command("film search", query="jazz", private=True)

    assert exchange.reply.ephemeral


async def test_list_names_every_film(discord_session: Session) -> None:
    exchange = await discord_session.command("film list", page=1)

    assert not exchange.is_error, exchange.text
    assert "La La Land" in visible_text(exchange.text)


async def test_a_title_typed_into_the_command_has_its_answer_ready_when_asked(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the member types, the answer is worked out; pressing Enter finds it ready, so
    even an answer that may not wait at all (READY_WITHIN_S = 0) is the reply itself."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0)
    # Topics rendered when first asked (/film ending's pages are stored with the film).
    cold = await discord_session.command("film recap", film="La La Land")
    assert cold.first.callback_type == DEFERRED_CHANNEL_MESSAGE

    worked_out = spy_on_preparing(monkeypatch)
    choices = await discord_session.autocomplete("film themes", "film", film="la la")
    await asyncio.gather(*slash.prepared(discord_session.bot), return_exceptions=True)
    exchange = await discord_session.command("film themes", film=choices[0]["value"])

    assert worked_out == ["La La Land (2016)"]
    assert exchange.first.callback_type == CHANNEL_MESSAGE
    assert exchange.reply.data["embeds"][0]["title"].endswith("Themes")
    assert ENDING_WORDS not in visible_text(exchange.reply.data["embeds"][0]["description"])


async def test_nothing_is_worked_out_ahead_while_the_bot_stays_busy(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working out ahead only uses idle time: a bot never quiet for long enough gives it up,
    and the command renders as any first answer does."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", 0)
    monkeypatch.setattr("client.slash.QUIET_S", 3600)  # never quiet enough
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 0.05)
    worked_out = spy_on_preparing(monkeypatch)

    # A topic rendered when first asked (/film ending's pages are stored with the film).
    choices = await discord_session.autocomplete("film themes", "film", film="la la")
    await asyncio.gather(*slash.prepared(discord_session.bot), return_exceptions=True)
    exchange = await discord_session.command("film themes", film=choices[0]["value"])

    assert worked_out == []
    assert exchange.first.callback_type == DEFERRED_CHANNEL_MESSAGE


async def test_answers_worked_out_ahead_take_turns_each_after_a_quiet_moment(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work ahead holds the event loop, so an interaction that arrives meanwhile is not even
    read until it ends: two members' answers waiting for the same quiet moment are worked out
    one at a time, the second only after a whole quiet moment of its own, in which anything
    that came meanwhile is answered first (before, both ran back to back, and a keystroke
    arriving then waited behind every one of them)."""
    monkeypatch.setattr("client.slash.QUIET_S", 0.03)
    monkeypatch.setattr("client.slash.RECHECK_S", 0.005)
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 5.0)  # a slow machine gives none up
    spans: list[tuple[float, float]] = []
    real = slash.prepare_ahead

    async def timed(app: Epilogue, spec: Any, invocation: Any, film: Any) -> None:
        started = time.perf_counter()
        await real(app, spec, invocation, film)
        await asyncio.sleep(0.01)  # work ahead that takes a while, and yields meanwhile
        spans.append((started, time.perf_counter()))

    monkeypatch.setattr(slash, "prepare_ahead", timed)
    for user_id in (7001, 7002):
        await discord_session.autocomplete("film ending", "film", Asker(user_id), film="la la")
    await asyncio.gather(*slash.prepared(discord_session.bot), return_exceptions=True)

    assert len(spans) == 2
    (_first_start, first_end), (second_start, _second_end) = sorted(spans)
    assert second_start - first_end >= 0.03


async def test_a_member_typing_on_toward_the_same_film_keeps_its_waiting_work(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing a title letter by letter names the same film keystroke after keystroke: the work
    already waiting for it goes on waiting (no task made and cancelled per keystroke), and a
    keystroke naming another film replaces it."""
    monkeypatch.setattr("client.slash.QUIET_S", 3600)  # never quiet enough: it keeps waiting
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 3600)
    doc = yaml.safe_load((FILMS / "la-la-land.yaml").read_text(encoding="utf-8"))
    doc["title"], doc["year"] = "La La Lullaby", 2021
    doc.pop("aliases", None)
    await app.loader.store([parse_film_bytes(yaml.safe_dump(doc).encode(), "lullaby.yaml")])
    await app.catalog.refresh()
    await discord_session.autocomplete("film ending", "film", film="la la la")
    (first,) = slash.prepared(discord_session.bot)

    await discord_session.autocomplete("film ending", "film", film="la la lan")
    await discord_session.autocomplete("film ending", "film", film="La La Land")

    assert slash.prepared(discord_session.bot) == [first]
    assert not first.cancelled()

    await discord_session.autocomplete("film ending", "film", film="la la lu")
    await asyncio.sleep(0)

    (other,) = slash.prepared(discord_session.bot)
    assert other is not first
    assert first.cancelled()


async def test_the_film_a_text_names_is_looked_up_once_its_choices_are_sent(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which film a text names only matters to the work ahead: it is looked up after the
    member's choices have gone (for a typo it is the slowest part after the search)."""
    monkeypatch.setattr("client.slash.QUIET_S", 3600)
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 3600)
    sent_before: list[int] = []
    real = slash.film_to_prepare

    def spying(app: Epilogue, spec: Any, guild_id: int | None, typed: str) -> Any:
        sent_before.append(sum(len(e.sent) for e in discord_session.discord.exchanges.values()))
        return real(app, spec, guild_id, typed)

    monkeypatch.setattr(slash, "film_to_prepare", spying)
    discord_session.discord.exchanges.clear()
    choices = await discord_session.autocomplete("film ending", "film", film="la la")

    assert choices[0]["name"] == "La La Land (2016)"
    assert sent_before == [1]
    assert len(slash.prepared(discord_session.bot)) == 1


async def test_a_keystroke_whose_choices_went_out_late_does_not_replace_a_newer_ones_work(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each keystroke is followed once its choices are sent, and those of an older keystroke
    can go out after a newer one's: only the newest keystroke's film counts all the same."""
    monkeypatch.setattr("client.slash.QUIET_S", 3600)
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 3600)
    doc = yaml.safe_load((FILMS / "la-la-land.yaml").read_text(encoding="utf-8"))
    doc["title"], doc["year"] = "La La Lullaby", 2021
    doc.pop("aliases", None)
    await app.loader.store([parse_film_bytes(yaml.safe_dump(doc).encode(), "lullaby.yaml")])
    await app.catalog.refresh()
    real_offer = slash.offer

    async def slow_for_la_la_land(interaction: Any, choices: Any) -> None:
        if choices and choices[0].name.startswith("La La Land"):
            await asyncio.sleep(0.05)  # Discord slow to take the older keystroke's choices
        await real_offer(interaction, choices)

    monkeypatch.setattr(slash, "offer", slow_for_la_la_land)
    parse = discord_session.bot._connection.parsers["INTERACTION_CREATE"]
    for typed in ("la la lan", "la la lu"):  # one member, La La Land then La La Lullaby
        data = discord_session.command_data("film ending", {"film": typed}, focused="film")
        parse(discord_session.discord.interaction(4, data, MEMBER))
    await settle()

    (waiting,) = discord_session.bot.preparing.values()
    assert app.catalog.get(waiting.film_id).title == "La La Lullaby"


async def test_keystrokes_past_the_waiting_limit_look_up_no_film(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``WAITING_AT_ONCE`` members' answers waiting, a keystroke from anyone else is not
    followed: which film its text names is not even looked up (a busy bot is where every
    keystroke's cost counts)."""
    monkeypatch.setattr("client.slash.QUIET_S", 3600)
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 3600)
    for n in range(slash.WAITING_AT_ONCE):
        await discord_session.autocomplete("film ending", "film", Asker(7100 + n), film="la la")
    assert len(slash.prepared(discord_session.bot)) == slash.WAITING_AT_ONCE
    looked_up: list[str] = []
    real = slash.film_to_prepare

    def spying(app: Epilogue, spec: Any, guild_id: int | None, typed: str) -> Any:
        looked_up.append(typed)
        return real(app, spec, guild_id, typed)

    monkeypatch.setattr(slash, "film_to_prepare", spying)
    choices = await discord_session.autocomplete("film ending", "film", Asker(7200), film="la la")

    assert choices[0]["name"] == "La La Land (2016)"
    assert looked_up == []
    assert len(slash.prepared(discord_session.bot)) == slash.WAITING_AT_ONCE
    # A member whose own work waits is still followed.
    await discord_session.autocomplete("film ending", "film", Asker(7100), film="la la land")
    assert looked_up == ["la la land"]


def spy_on_preparing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the films the client works answers out ahead for, from now on."""
    seen: list[str] = []
    real = slash.prepare_ahead

    async def recording(app: Epilogue, spec: Any, invocation: Any, film: Any) -> None:
        seen.append(film.label)
        await real(app, spec, invocation, film)

    monkeypatch.setattr(slash, "prepare_ahead", recording)
    return seen


async def test_answers_worked_out_ahead_end_when_the_bot_closes(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing the bot started on its own outlives it: work ahead still waiting for a quiet
    moment would otherwise read a database the core closes next."""
    monkeypatch.setattr("client.slash.QUIET_S", 3600)  # never quiet enough: it keeps waiting
    monkeypatch.setattr("client.slash.PREPARE_WITHIN_S", 3600)
    await discord_session.autocomplete("film ending", "film", film="la la")
    waiting = slash.prepared(discord_session.bot)
    assert len(waiting) == 1 and not waiting[0].done()

    await discord_session.bot.close()

    assert waiting[0].cancelled()
    assert slash.prepared(discord_session.bot) == []
