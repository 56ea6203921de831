"""The content revision moves with every committed change to the films, on both databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text, update

from bot.catalog import content_stamp
from bot.content.film_file import read_film_file
from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import Film
from tests.conftest import FILMS


async def test_every_kind_of_write_to_the_films_moves_the_revision(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        stamps = []

        async def note() -> None:
            async with engine.connect() as connection:
                stamps.append(await content_stamp(connection))

        await note()
        film = read_film_file(FILMS / "la-la-land.yaml")
        await ContentLoader(session_factory(engine)).store([film])
        await note()
        async with engine.begin() as connection:
            # A write whose rows carry a time older than any stored (a store that began first
            # and committed last), then one that changes nothing a count or sum would see.
            await connection.execute(update(Film).values(loaded_at=dt.datetime(2000, 1, 1)))
        await note()
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE films SET title = 'La La Land (restored)'"))
        await note()
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM items"))
            await connection.execute(text("DELETE FROM sections"))
            await connection.execute(text("DELETE FROM sources"))
            await connection.execute(text("DELETE FROM films"))
        await note()
        assert len(set(stamps)) == len(stamps), stamps  # every write moved it
        async with engine.connect() as connection:
            # A read moves nothing.
            await connection.execute(text("SELECT count(*) FROM films"))
            assert await content_stamp(connection) == stamps[-1]
    finally:
        await engine.dispose()


async def test_hiding_a_film_in_a_server_and_showing_it_again_moves_the_revision(
    database_url: str,
) -> None:
    """Another process's catalog learns of ``/film-admin hide`` as of a content change."""
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        stamps = []

        async def note() -> None:
            async with engine.connect() as connection:
                stamps.append(await content_stamp(connection))

        await note()
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO hidden_works (guild_id, work, title, year, hidden_by, hidden_at)"
                    " VALUES (1, 'la-la-land', 'La La Land', 2016, 5, '2026-12-06 01:00:00')"
                )
            )
        await note()
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM hidden_works"))
        await note()
        assert len(set(stamps)) == len(stamps), stamps
    finally:
        await engine.dispose()
