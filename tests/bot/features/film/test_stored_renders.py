"""A first answer is the render stored with the film, and only while that render names the
content stored now and the code that renders (a functional test, no timing)."""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.command_table import command_table
from bot.db.models import FilmRender
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.film.answers import FilmAnswers
from bot.features.film.documents import Block, Document, Topic, topic_document
from bot.features.film.film_text import FilmText, read_film_text
from bot.features.film.render import render_pages
from bot.features.film.stored_renders import RENDERER_MODULES, render_body, renderer_key
from bot.invocation import Invocation
from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import Treatment
from bot.spoiler_policy.policy import Audience, ChannelMode, Plan, Standing, plan_reply
from tests.bot.features.film.test_answers import store

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
    ours = FilmRender.film_id == app.catalog.find(MEMBER.guild_id, "Harbour Light").id
    async with app.engine.begin() as connection:
        body = (await connection.execute(select(FilmRender.body).where(ours))).scalar_one()
        has_spoilers, title, pages, document = marshal.loads(body)
        pages[Treatment.WRAP.value] = (MARK,)
        marked = marshal.dumps((has_spoilers, title, pages, document))
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
        assert len((await connection.execute(select(FilmRender).where(ours))).all()) == 1


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
    modules = _modules_run(lambda: [render_body(f, topic) for f in films for topic in Topic])
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
