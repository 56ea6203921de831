"""An answer ready in time is the interaction's reply itself; a slow one is deferred first.

Both paths run through the real discord.py client against the fake Discord. Either way the
audience is decided before rendering, and the reply never reaches a wider one
(``bot.dispatch.complete``): the one-round-trip path only skips the "thinking…" message.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from functools import partial
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.buttons import AnswerAction, parse
from bot.command_table import command_table
from bot.dispatch import CHANGED_MEANWHILE, complete_in_time, run_command
from bot.epilogue import Epilogue
from bot.errors import NotFound
from bot.invocation import Invocation
from bot.replies import Deferred, Reply
from client import slash
from tests.support.fake_discord import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    GUILD_ID,
    IN_DM,
    MEMBER,
    OTHER_MEMBER,
    TEXT_CHANNEL_ID,
    Asker,
    Session,
)

SECRET = "SECRET-UNWRAPPED-ENDING"
ALWAYS_READY = 60.0
NEVER_READY = 0.0
WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE"}


def embeds(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Embeds as a member's client renders them (discord.py adds an empty ``flags``)."""
    return [{k: v for k, v in embed.items() if k != "flags"} for embed in data["embeds"]]


def ready_within(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """An answer is ready in time if ready within ``seconds`` of Discord creating the
    interaction. The wait also ends ``ACKNOWLEDGE_BY_S`` after then (its own test is
    ``test_the_wait_for_a_ready_answer_counts_from_discords_clock``): set too, or an
    interaction this process took over 1.5 s to get to on a busy machine is acknowledged at
    once, and a test of an answer ready in time reads a deferred one."""
    monkeypatch.setattr("client.slash.READY_WITHIN_S", seconds)
    monkeypatch.setattr("client.slash.ACKNOWLEDGE_BY_S", seconds)


async def core_reply(app: Epilogue, name: str, asker: Asker, **options: Any) -> Reply:
    guild = None if asker.channel is None else GUILD_ID
    invocation = Invocation(asker.user_id, guild, guild and TEXT_CHANNEL_ID)
    return await run_command(app, command_table()[name], invocation, options)


@pytest.mark.parametrize(
    ("asker", "options"),
    [(MEMBER, {}), (MEMBER, {"private": True}), (IN_DM, {})],
    ids=["public", "private", "dm"],
)
async def test_a_ready_answer_is_the_reply_itself(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    asker: Asker,
    options: dict[str, Any],
) -> None:
    ready_within(monkeypatch, ALWAYS_READY)

    exchange = await discord_session.command("film ending", asker, film="La La Land", **options)

    [sent] = exchange.sent  # one round trip: no "thinking…", no follow-up
    assert sent.callback_type == CHANNEL_MESSAGE
    core = await core_reply(app, "film ending", asker, film="La La Land", **options)
    assert sent.ephemeral == core.ephemeral == bool(options or asker is IN_DM)
    assert embeds(sent.data) == embeds(core.payload())
    assert sent.data["components"] == core.payload()["components"]


@pytest.mark.parametrize("options", [{}, {"private": True}], ids=["public", "private"])
async def test_an_answer_not_ready_in_time_is_deferred_with_its_audience(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
) -> None:
    ready_within(monkeypatch, NEVER_READY)

    # Rendered when first asked (``/film ending`` is rendered when stored: ready at once).
    exchange = await discord_session.command("film recap", film="La La Land", **options)

    deferral, answer = exchange.sent
    assert deferral.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert answer.path.startswith("/webhooks/")
    core = await core_reply(app, "film recap", MEMBER, film="La La Land", **options)
    assert deferral.ephemeral == answer.ephemeral == core.ephemeral == bool(options)
    assert embeds(answer.data) == embeds(core.payload())


@pytest.mark.parametrize("seconds", [ALWAYS_READY, NEVER_READY], ids=["ready", "not-ready"])
async def test_an_answer_that_turns_private_after_its_public_audience_is_not_sent(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    seconds: float,
) -> None:
    """The core named a public audience, then the rendered answer asked for a private one."""
    ready_within(monkeypatch, seconds)

    async def unwrapped() -> Reply:
        return Reply(content=SECRET, ephemeral=True)

    async def topic(*args: Any, **kwargs: Any) -> Deferred:
        return Deferred(False, unwrapped)

    monkeypatch.setattr(app.film, "topic", topic)

    exchange = await discord_session.command("film ending", film="La La Land")

    assert all(SECRET not in repr(sent.body) for sent in exchange.sent)
    assert not exchange.reply.ephemeral
    assert exchange.content == f"⚠️ {CHANGED_MEANWHILE}"


@pytest.mark.parametrize("seconds", [ALWAYS_READY, NEVER_READY], ids=["ready", "not-ready"])
async def test_a_search_that_finds_nothing_is_the_askers_alone_unless_thinking_was_public(
    discord_session: Session, monkeypatch: pytest.MonkeyPatch, seconds: float
) -> None:
    ready_within(monkeypatch, seconds)

    exchange = await discord_session.command("film search", query="xylophone")

    assert "Nothing matches your search" in exchange.content
    assert "xylophone" not in repr([sent.body for sent in exchange.sent])
    if seconds == ALWAYS_READY:
        [sent] = exchange.sent  # the reply itself, for the asker alone
        assert sent.callback_type == CHANNEL_MESSAGE and sent.ephemeral
    else:
        deferral, *_answers = exchange.sent
        assert deferral.callback_type == DEFERRED_CHANNEL_MESSAGE and not deferral.ephemeral
        assert not exchange.reply.ephemeral


async def test_a_public_answer_decided_private_is_sent_privately_when_ready(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_within(monkeypatch, ALWAYS_READY)

    async def public() -> Reply:
        return Reply(content="wrapped answer", ephemeral=False)

    async def topic(*args: Any, **kwargs: Any) -> Deferred:
        return Deferred(True, public)

    monkeypatch.setattr(app.film, "topic", topic)

    exchange = await discord_session.command("film ending", film="La La Land")

    [sent] = exchange.sent
    assert sent.callback_type == CHANNEL_MESSAGE and sent.ephemeral


async def test_a_ready_answer_is_worked_out_in_the_task_that_asked(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer that never waits (a render from memory or an inline read) needs no task of
    its own, nor a wait on one: it is worked out where it was asked."""
    ready_within(monkeypatch, ALWAYS_READY)
    tasks: list[asyncio.Task[Any] | None] = []

    async def finish() -> Reply:
        tasks.append(asyncio.current_task())
        return Reply(content="ready", ephemeral=False)

    async def topic(*args: Any, **kwargs: Any) -> Deferred:
        tasks.append(asyncio.current_task())
        return Deferred(False, finish)

    monkeypatch.setattr(app.film, "topic", topic)

    exchange = await discord_session.command("film ending", film="La La Land")

    [sent] = exchange.sent
    assert sent.callback_type == CHANNEL_MESSAGE and exchange.content == "ready"
    asked, answered = tasks
    assert answered is asked


async def test_an_answer_still_under_way_is_acknowledged_meanwhile(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the wait allowed, "thinking…" goes out (with the audience named before
    rendering) while the answer is still being worked out, and the answer follows it."""
    ready_within(monkeypatch, 0.001)
    acknowledged = asyncio.Event()
    real_acknowledge = slash.acknowledge

    async def acknowledge(*args: Any, **kwargs: Any) -> None:
        await real_acknowledge(*args, **kwargs)
        acknowledged.set()

    async def finish() -> Reply:
        await acknowledged.wait()  # only the acknowledgement lets the answer finish
        return Reply(content="late", ephemeral=True)

    async def topic(*args: Any, **kwargs: Any) -> Deferred:
        return Deferred(True, finish)

    monkeypatch.setattr(slash, "acknowledge", acknowledge)
    monkeypatch.setattr(app.film, "topic", topic)

    exchange = await discord_session.command("film ending", film="La La Land")

    deferral, answer = exchange.sent
    assert deferral.callback_type == DEFERRED_CHANNEL_MESSAGE and deferral.ephemeral
    assert answer.path.startswith("/webhooks/") and exchange.content == "late"


async def test_an_answer_failing_after_its_acknowledgement_began_says_so_in_it(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure once "thinking…" is on its way waits for it, and the error takes its place:
    never a second first reply racing the acknowledgement (which Discord refuses)."""
    ready_within(monkeypatch, 0.001)
    acknowledging = asyncio.Event()
    real_acknowledge = slash.acknowledge

    async def acknowledge(*args: Any, **kwargs: Any) -> None:
        acknowledging.set()
        await asyncio.sleep(0.01)  # still on its way when the answer fails
        await real_acknowledge(*args, **kwargs)

    async def finish() -> Reply:
        await acknowledging.wait()
        raise RuntimeError("secret internals")

    async def topic(*args: Any, **kwargs: Any) -> Deferred:
        return Deferred(False, finish)

    monkeypatch.setattr(slash, "acknowledge", acknowledge)
    monkeypatch.setattr(app.film, "topic", topic)

    exchange = await discord_session.command("film ending", film="La La Land")

    deferral, *answers = exchange.sent
    assert deferral.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert answers and all(sent.path.startswith("/webhooks/") for sent in answers)
    error = answers[-1]  # the asker's alone: the channel's "thinking…" says it went to them
    assert error.ephemeral and "went wrong on Epilogue's side" in error.data["content"]
    assert "secret" not in repr([sent.body for sent in exchange.sent])


async def test_complete_in_time_acknowledges_only_an_answer_not_ready_in_time() -> None:
    events: list[str] = []
    release = asyncio.Event()

    async def acknowledge() -> None:
        events.append("acknowledging")
        await asyncio.sleep(0)
        events.append("acknowledged")
        release.set()

    async def slow(text: str) -> Reply:
        events.append("answering")
        await release.wait()
        events.append("answered")
        return Reply(content=text, ephemeral=False)

    async def fast(text: str) -> Reply:
        events.append("answered")
        return Reply(content=text, ephemeral=False)

    late = await complete_in_time(Deferred(False, partial(slow, "late")), 0.001, acknowledge)
    assert late.content == "late"
    assert events == ["answering", "acknowledging", "acknowledged", "answered"]
    events.clear()
    ready = await complete_in_time(Deferred(True, partial(fast, "now")), 60.0, acknowledge)
    assert ready.content == "now" and ready.ephemeral
    assert events == ["answered"]
    events.clear()
    first = await complete_in_time(Deferred(True, partial(fast, "at once")), 0.0, acknowledge)
    assert first.content == "at once"
    assert events == ["acknowledging", "acknowledged", "answered"]


async def test_an_error_is_the_askers_alone_when_no_acknowledgement_was_made() -> None:
    """A public answer's audience is fixed only once "thinking…" is sent. Was: every error
    met while working out an answer decided public (a search finding nothing, "Search is
    getting ready", storage down) went to the whole channel, even when it was ready in time
    to be the interaction's reply itself, where an error found a moment earlier (a mistyped
    title) is the asker's alone."""

    async def refused() -> Reply:
        raise NotFound("Nothing here.")

    async def quick() -> None:
        return None

    ready = await complete_in_time(Deferred(False, refused), 60.0, _no)
    assert ready.ephemeral and ready.content == "⚠️ Nothing here."
    # After a public "thinking…" an edit keeps its audience: the error is said there (it
    # names nothing of a film).
    late = await complete_in_time(Deferred(False, refused), 0.0, quick)
    assert not late.ephemeral and late.content == "⚠️ Nothing here."


@pytest.mark.parametrize(
    ("command", "renders"),
    [("film themes", 1), ("film ending", 0)],
    ids=["rendered when asked", "rendered when stored"],
)
async def test_pages_are_rendered_once_for_every_reader(
    discord_session: Session,
    app: Epilogue,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    renders: int,
) -> None:
    """Readers who differ only in who they are (and why their copy is private) share pages,
    and a repeat reads nothing from the database. ``/film ending``'s pages were rendered when
    the film was stored (``stored_renders``): answering renders nothing."""
    import bot.features.film.answers as answers

    rendered: list[object] = []
    real_render = answers.render_pages

    def counting_render(*args: Any) -> list[str]:
        rendered.append(args)
        return real_render(*args)

    monkeypatch.setattr(answers, "render_pages", counting_render)
    first = await discord_session.command(command, film="La La Land")
    loads: list[int] = []
    real_load = app.film.load

    async def counting_load(session: Any, film_id: int) -> Any:
        loads.append(film_id)
        return await real_load(session, film_id)

    monkeypatch.setattr(app.film, "load", counting_load)
    again = await discord_session.command(command, OTHER_MEMBER, film="La La Land")
    private = await discord_session.command(command, film="La La Land", private=True)

    assert len(rendered) == renders and loads == []
    description = first.reply.data["embeds"][0]["description"]
    assert again.reply.data["embeds"][0]["description"] == description
    assert private.reply.data["embeds"][0]["description"] == description
    assert private.reply.ephemeral and not again.reply.ephemeral
    assert again.custom_ids() != first.custom_ids()  # each reader's own buttons


async def test_answering_and_pressing_its_buttons_write_nothing(
    discord_session: Session, app: Epilogue
) -> None:
    """Button ids carry what a press needs, so a read is answered without a database write."""
    from sqlalchemy import event

    # The daily prune of expired pending changes (a write, but no answer's) is stopped first.
    prune = discord_session.bot.get_cog("Components").prune  # type: ignore[union-attr]
    running = prune.get_task()
    prune.cancel()
    if running is not None:
        with contextlib.suppress(asyncio.CancelledError):
            await running
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(app.engine.sync_engine, "before_cursor_execute", record)
    try:
        first = await discord_session.command("film ending", film="La La Land")
        again = await discord_session.command("film ending", OTHER_MEMBER, film="La La Land")
        ids = first.custom_ids()
        reveal = next(i for i in ids if parse(i).action is AnswerAction.REVEAL)  # type: ignore[union-attr]
        turn = next(i for i in ids if parse(i).action is AnswerAction.PAGE)  # type: ignore[union-attr]
        revealed = await discord_session.press(first.message, reveal, OTHER_MEMBER)
        turned = await discord_session.press(first.message, turn)
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", record)

    assert statements, "the first answer read the film"
    writes = [s for s in statements if s.lstrip().split()[0].upper() in WRITES]
    assert writes == []
    assert not again.is_error and not revealed.is_error and not turned.is_error
    assert revealed.reply.ephemeral


def created_ago(seconds: float) -> int:
    """An interaction id whose timestamp (Discord's clock) is ``seconds`` ago."""
    when = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    return discord.utils.time_snowflake(when, high=True)


@pytest.mark.parametrize(
    ("age", "within"),
    [(0.0, slash.READY_WITHIN_S), (1.2, 0.3), (1.5, 0.0), (2.9, 0.0), (-5.0, None), (10**9, None)],
    ids=["fresh", "waited", "at-the-limit", "nearly-late", "future", "ancient"],
)
def test_the_wait_for_a_ready_answer_counts_from_discords_clock(
    age: float, within: float | None
) -> None:
    now = 1_800_000_000.0
    interaction = SimpleNamespace(created_at=dt.datetime.fromtimestamp(now - age, dt.UTC))
    expected = slash.READY_WITHIN_S if within is None else within  # unknown age: as it is
    assert slash.ready_within(interaction, now) == pytest.approx(expected)  # type: ignore[arg-type]


async def test_an_interaction_that_waited_in_a_busy_bots_queue_is_acknowledged_at_once(
    discord_session: Session, app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first answers still to be rendered (``/film recap`` renders when first asked),
    each ready well within the wait allowed; the one Discord created longer ago than that wait
    is acknowledged first all the same."""
    ready_within(monkeypatch, ALWAYS_READY)
    send = discord_session.discord.interaction
    late = send(2, discord_session.command_data("film recap", {"film": "La La Land"}), MEMBER)
    late["id"] = str(created_ago(2 * ALWAYS_READY))  # past the wait, within the token's life
    fresh = send(2, discord_session.command_data("film themes", {"film": "La La Land"}), MEMBER)
    fresh["id"] = str(created_ago(0))

    waited = await discord_session.dispatch(late)
    on_time = await discord_session.dispatch(fresh)

    assert waited.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert on_time.first.callback_type == CHANNEL_MESSAGE
    core = await core_reply(app, "film recap", MEMBER, film="La La Land")
    assert embeds(waited.reply.data) == embeds(core.payload())


@pytest.mark.parametrize("read", ["at once", "later"])
async def test_a_first_answer_rendered_when_stored_is_ready_as_asked(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    """A first ``/film ending`` whose pages were stored with the film needs no "thinking…":
    read where it can be read at once (a SQLite file, on the event loop, as a deferred answer
    would read it), it is the reply itself, even to an interaction that waited in a busy bot's
    queue. Where the read must wait (the async engine, a lock), it is deferred as before, its
    audience named first. Either way it is the page a repeat shows."""
    from bot.db.reads import ReadLater
    from bot.dispatch import start_command
    from bot.features.film.answers import FilmAnswers

    def later(*read: Any) -> Any:
        raise ReadLater

    if read == "later":  # every read that would be made now (a lock)
        monkeypatch.setattr(app.reads, "at_once", later)
        monkeypatch.setattr(app.reads, "row_at_once", later)
    app.film = FilmAnswers(app)  # nothing of the film in memory
    invocation = Invocation(MEMBER.user_id, GUILD_ID, TEXT_CHANNEL_ID)
    spec = command_table()["film ending"]

    outcome = await start_command(app, spec, invocation, {"film": "La La Land"})

    ready = read == "at once" and app.reads.inline
    assert isinstance(outcome, Reply) == ready and isinstance(outcome, Deferred) != ready
    first = outcome if isinstance(outcome, Reply) else await complete_in_time(outcome, 60.0, _no)
    repeat = await core_reply(app, "film ending", OTHER_MEMBER, film="La La Land")
    assert not first.ephemeral and not first.is_error
    assert first.payload()["embeds"] == repeat.payload()["embeds"]
    assert "||" in first.embeds[0].description  # a standard channel's answer: wrapped


async def _no() -> None:
    raise AssertionError("a ready answer is not acknowledged first")
