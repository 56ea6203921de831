"""A first answer is the render stored with the film, and only while that render names the
content stored now and the code that renders (a functional test, no timing)."""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import and_, select, update

from bot.command_table import command_table
from bot.db.models import FilmRender
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.film.answers import FilmAnswers
from bot.features.film.documents import Block, Document, Topic, topic_document
from bot.features.film.film_text import FilmText, read_film_text
from bot.features.film.render import AnswerButtons, render_pages
from bot.features.film.stored_renders import (
    RENDERER_MODULES,
    part_name,
    render_rows,
    renderer_key,
)
from bot.invocation import Invocation
from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import Treatment
from bot.spoiler_policy.policy import (
    REVEALED,
    Audience,
    ChannelMode,
    Plan,
    Standing,
    plan_reply,
    public_plan,
)
from tests.bot.features.film.test_answers import FixedStandings, store

MEMBER = Invocation(user_id=11, guild_id=1, channel_id=101)  # a standard channel: wrapped
MARK = "A page only the stored row holds"


def film(ending: str) -> dict[str, Any]:
    return {
        "title": "Harbour Light",
        "year": 2012,
        "synopsis": "A keeper waits. [^2]",
        "sources": [
            {"id": 1, "author": "A Critic", "title": "The twist", "url": "https://example.org/1"},
            {"id": 2, "author": "B Critic", "title": "On waiting"},
        ],
        "sections": [
            {"kind": "recap", "level": "plot", "body": "He waits all winter."},
            {"kind": "ending", "level": "plot", "body": ending},
            {"kind": "final_shot", "level": "ending", "body": "The lamp goes dark."},
        ],
    }


async def ending_page(app: Epilogue) -> str:
    """The first page of a first ``/film ending`` answer (nothing kept in memory from before)."""
    app.film = FilmAnswers(app)
    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    reply = await run_command(
        app, command_table()["film ending"], MEMBER, {"film": entry.choice_value}
    )
    assert not reply.is_error, reply
    return reply.embeds[0].description


async def live_page(app: Epilogue) -> str:
    """The same page rendered from the film's texts as stored now."""
    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    async with app.engine.connect() as connection:
        stored = await connection.run_sync(read_film_text, entry.id)
    document = topic_document(stored, Topic.ENDING)
    standing = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False)
    plan = plan_reply(standing, private_requested=False, has_spoilers=document.has_spoilers)
    return render_pages(document, plan)[0]


async def mark_stored_row(app: Epilogue, **stale: str) -> None:
    """Put ``MARK`` in place of the stored wrapped page, and set the row's other columns."""
    ours = and_(
        FilmRender.film_id == app.catalog.find(MEMBER.guild_id, "Harbour Light").id,
        FilmRender.topic == part_name(Topic.ENDING, Treatment.WRAP),
    )
    async with app.engine.begin() as connection:
        body = (await connection.execute(select(FilmRender.body).where(ours))).scalar_one()
        has_spoilers, title, _pages = marshal.loads(body)
        marked = marshal.dumps((has_spoilers, title, (MARK,)))
        await connection.execute(update(FilmRender).where(ours).values(body=marked, **stale))


@pytest.mark.parametrize("stale", [None, "renderer", "content_hash"])
async def test_a_first_answer_is_the_stored_render_only_while_it_names_content_and_code(
    app: Epilogue, stale: str | None
) -> None:
    await store(app, film("He was the ghost ||all along||. [^1]"))
    assert await ending_page(app) == await live_page(app)

    await mark_stored_row(app, **({stale: "made from something else"} if stale else {}))
    if stale is None:
        assert await ending_page(app) == MARK  # read from the row, nothing rendered
        return
    assert await ending_page(app) == await live_page(app)  # the row is ignored

    # ``epilogue import`` stores the render again, for this content and this code.
    assert await app.refresh_renders() == 1
    async with app.engine.connect() as connection:
        keys = (await connection.execute(select(FilmRender.renderer).distinct())).scalars()
        assert list(keys) == [renderer_key()]
    assert await ending_page(app) == await live_page(app)


async def test_storing_changed_content_stores_its_render(app: Epilogue) -> None:
    await store(app, film("He was the ghost ||all along||."))
    await store(app, film("She was the ghost ||all along||."))

    page = await ending_page(app)
    assert "She was the ghost" in page
    assert page == await live_page(app)
    ours = FilmRender.film_id == app.catalog.find(MEMBER.guild_id, "Harbour Light").id
    async with app.engine.connect() as connection:
        rows = (await connection.execute(select(FilmRender.topic).where(ours))).scalars()
        assert sorted(rows) == ["ending", "ending:show", "ending:wrap"]


POINTER_DOCUMENTS = [
    "Plain words, and a link https://example.org/a|b.",
    "An inline ||twist|| and ||another|| one.",
    "Bars left ||unclosed, so the whole text is a spoiler.",
    "Nested ||bars ||inside|| bars|| here.",
    "A [spoiler]forum tag[/spoiler] and >!a reddit one!<.",
]


@pytest.mark.parametrize("treatment", [Treatment.SHOW, Treatment.WRAP])
def test_pages_that_withhold_nothing_are_the_same_whatever_the_pointer(
    treatment: Treatment,
) -> None:
    """Stored pages serve every plan of their treatment: the pointer shows only in place of
    withheld text."""
    blocks = tuple(
        Block(text, level, heading)
        for text in POINTER_DOCUMENTS
        for level in SpoilerLevel
        for heading in (False, True)
    )
    document = Document("Title", blocks)
    pages = {
        pointer: render_pages(document, Plan(Audience.PUBLIC, treatment, pointer))
        for pointer in ("", "Ask in a spoiler channel.", "Under an embargo until 2030-01-01.")
    }
    assert len({tuple(shown) for shown in pages.values()}) == 1


def test_the_renderer_key_covers_every_module_a_stored_render_runs() -> None:
    """A render whose code changes must not be read back: every module of the bot that a stored
    render's body comes from is in the key's digest."""
    texts = ["Plain. [^1]", "A ||twist|| https://example.org/x [^2]", "Unclosed ||bars"]
    films = [
        FilmText(
            id=1,
            slug="harbour-light-2012",
            title="Harbour Light",
            year=2012,
            aliases=(),
            director=None,
            cast=(),
            content_hash="0" * 64,
            synopsis="A keeper waits. [^1]",
            sections=tuple(
                _section(kind, level.value, text)
                for kind in ("ending", "final_shot", "notes", "recap")
                for level in SpoilerLevel
                for text in texts
            ),
            sources=(
                _source(1, "https://example.org/1"),
                _source(2, None),
            ),
        )
    ]
    modules = _modules_run(lambda: [render_rows(f, topic) for f in films for topic in Topic])
    assert modules, "nothing recorded"
    assert modules <= set(RENDERER_MODULES), modules - set(RENDERER_MODULES)


def _section(kind: str, level: str, body: str) -> Any:
    from bot.features.film.film_text import ItemText, SectionText

    item = ItemText("A question? ||yes||", level, level, body)
    return SectionText(kind, level, "A heading [^2]", level, body, (item,))


def _source(number: int, url: str | None) -> Any:
    from bot.features.film.film_text import SourceText

    return SourceText(number, "A Critic", "An Outlet", "The twist ||explained||", url)


def _modules_run(work: Callable[[], object]) -> set[str]:
    """The bot's modules whose Python functions ``work`` calls."""
    seen: set[str] = set()

    def record(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            name = frame.f_globals.get("__name__", "")
            if name.startswith("bot."):
                seen.add(name)

    sys.setprofile(record)
    try:
        work()
    finally:
        sys.setprofile(None)
    return seen


def test_a_migration_makes_every_stored_render_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration may mend stored content without changing its hash (0013 took barred words
    out of titles): rows rendered before it must not be read after it."""
    from bot.db import engine

    before = renderer_key()
    monkeypatch.setattr(engine, "SCHEMA_HEAD", "9999")
    renderer_key.cache_clear()
    try:
        assert renderer_key() != before
    finally:
        monkeypatch.undo()
        renderer_key.cache_clear()
    assert renderer_key() == before


async def test_an_answer_whose_pages_left_memory_before_its_text_is_read_again_not_rendered(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are kept for fewer answers than texts are: an answer asked again, or paged, after
    its pages left memory (but not its text) reads the stored row again, as a first answer
    does, and is the reply itself; it was deferred and rendered from the text ("thinking…",
    two round trips, milliseconds of CPU where the row takes microseconds)."""
    from bot.dispatch import start_command
    from bot.features.film import answers
    from bot.features.film.render import AnswerButtons
    from bot.replies import Reply

    monkeypatch.setattr(answers, "PAGE_CACHE_SIZE", 2)  # one film's two stored treatments
    monkeypatch.setattr(answers, "FIRST_PAGE_CACHE_SIZE", 1)
    await store(app, film("He was the ghost ||all along||. [^1]"))
    other = {**film("The other ending ||twist||."), "title": "Second Light"}
    await store(app, other)
    expected = await live_page(app)
    app.film = FilmAnswers(app)
    spec = command_table()["film ending"]
    ours = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    theirs = app.catalog.find(MEMBER.guild_id, "Second Light")
    for entry in (ours, theirs):  # the second's pages push the first's out; texts stay
        await run_command(app, spec, MEMBER, {"film": entry.choice_value})

    def no_render(*args: Any) -> Any:
        raise AssertionError("rendered again: the stored row has these pages")

    monkeypatch.setattr(answers, "render_pages", no_render)
    again = await start_command(app, spec, MEMBER, {"film": ours.choice_value})
    if not app.reads.inline:  # PostgreSQL: a read waits, and the answer is deferred as before
        return
    assert isinstance(again, Reply) and again.embeds[0].description == expected

    await run_command(app, spec, MEMBER, {"film": theirs.choice_value})  # pushed out again
    buttons = AnswerButtons(ours.key, ours.revision, "ending", None, Treatment.WRAP, 11)
    paged = await app.press(MEMBER, buttons.page(0), on_private_message=False)
    assert not paged.is_error and paged.embeds[0].description == expected
    revealed = await app.press(MEMBER, buttons.reveal(0), on_private_message=False)
    assert not revealed.is_error and "||" not in revealed.embeds[0].description

    # Worked out ahead (a member typing the title) the same way.
    app.film._rendered._pages.clear()  # every page gone, the texts kept
    app.film._first_pages.clear()
    await app.film.prepare(MEMBER, ours, Topic.ENDING)
    again = await start_command(app, spec, MEMBER, {"film": ours.choice_value})
    assert isinstance(again, Reply) and again.embeds[0].description == expected


def _held(app: Epilogue) -> tuple[set[Treatment], bool]:
    """The treatments whose pages ``app`` keeps, and whether it keeps a document."""
    treatments = {treatment for (_key, treatment, _pointer) in app.film._rendered._pages._values}
    texts = list(app.film._rendered._texts._values.values())
    return treatments, any(text._document is not None or text._packed for text in texts)


async def live_pages(app: Epilogue, plan: Plan) -> list[str]:
    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    async with app.engine.connect() as connection:
        stored = await connection.run_sync(read_film_text, entry.id)
    return render_pages(topic_document(stored, Topic.ENDING), plan)


async def test_a_first_answer_reads_and_keeps_the_pages_it_shows_and_nothing_else(
    app: Epilogue,
) -> None:
    """A first answer showed one treatment's pages, but read, decoded and kept the stored
    answer whole: the other treatment's pages and the document too (three times what it
    shows). It reads that treatment's row alone now; a Reveal reads the unwrapped pages' row,
    and a page that withholds reads the document, of that very revision."""
    await store(app, film("He was the ghost ||all along||. [^1]"))
    assert await ending_page(app) == await live_page(app)
    if not app.reads.inline:  # PostgreSQL: the read is awaited, whole, as before
        assert _held(app) == ({Treatment.WRAP, Treatment.SHOW}, True)
        return
    assert _held(app) == ({Treatment.WRAP}, False)

    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    buttons = AnswerButtons(entry.key, entry.revision, "ending", None, Treatment.WRAP, 11)
    revealed = await app.press(MEMBER, buttons.reveal(0), on_private_message=False)
    assert revealed.embeds[0].description == (await live_pages(app, REVEALED))[0]
    assert _held(app) == ({Treatment.WRAP, Treatment.SHOW}, False)

    # The channel turned no-spoilers since: the public answer's page now withholds.
    standings = FixedStandings()
    standings.current = Standing(in_guild=True, mode=ChannelMode.NO_SPOILERS, opted_in=False)
    app.standings = standings  # type: ignore[assignment]
    paged = await app.press(MEMBER, buttons.page(0), on_private_message=False)
    withheld = public_plan(standings.current)
    assert withheld.spoilers is Treatment.WITHHOLD
    assert paged.embeds[0].description == (await live_pages(app, withheld))[0]
    assert "all along" not in paged.embeds[0].description
    assert _held(app)[1]


@pytest.mark.parametrize("ending", ["He was the ghost ||all along||.", "He waits. Spring comes."])
async def test_an_opted_in_reader_gets_the_treatment_of_the_text_as_it_is(
    app: Epilogue, ending: str
) -> None:
    """Read first as the unwrapped pages a text with spoilers would get a reader who opted
    in: a text without any is answered publicly, wrapped, from its own row."""
    await store(app, film(ending))
    standings = FixedStandings()
    standings.current = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=True)
    app.standings = standings  # type: ignore[assignment]
    app.film = FilmAnswers(app)
    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    reply = await run_command(
        app, command_table()["film ending"], MEMBER, {"film": entry.choice_value}
    )
    async with app.engine.connect() as connection:
        stored = await connection.run_sync(read_film_text, entry.id)
    document = topic_document(stored, Topic.ENDING)
    plan = plan_reply(
        standings.current, private_requested=False, has_spoilers=document.has_spoilers
    )
    assert reply.ephemeral == plan.private == document.has_spoilers
    assert reply.embeds[0].description == render_pages(document, plan)[0]


async def test_a_document_read_after_its_content_changed_is_not_shown_as_the_old_revision(
    app: Epilogue,
) -> None:
    """A text read as stored pages alone reads its document when a page needs it: content
    stored since is another revision's, and the answer says it changed."""
    await store(app, film("He was the ghost ||all along||."))
    assert await ending_page(app) == await live_page(app)
    if not app.reads.inline:
        return  # read whole, document and all, as before
    entry = app.catalog.find(MEMBER.guild_id, "Harbour Light")
    old = entry.revision
    catalog_refresh = app.catalog.refresh
    app.catalog.refresh = _nothing  # type: ignore[method-assign]  # the catalog lags behind
    try:
        await store(app, film("She was the ghost ||all along||."))
    finally:
        app.catalog.refresh = catalog_refresh  # type: ignore[method-assign]
    assert app.catalog.find(MEMBER.guild_id, "Harbour Light").revision == old
    standings = FixedStandings()
    standings.current = Standing(in_guild=True, mode=ChannelMode.NO_SPOILERS, opted_in=False)
    app.standings = standings  # type: ignore[assignment]
    buttons = AnswerButtons(entry.key, old, "ending", None, Treatment.WRAP, 11)
    paged = await app.press(MEMBER, buttons.page(0), on_private_message=False)
    assert paged.is_error and "has changed" in (paged.content or ""), paged
    assert "She was" not in str(paged)


async def _nothing() -> None:
    return None
