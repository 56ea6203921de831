"""Reading a film's texts as plain values gives the documents the ORM rows give."""

from __future__ import annotations

import dataclasses
import random
from functools import partial

from bot.epilogue import Epilogue
from bot.features.film.documents import Topic, available_topics, topic_document
from bot.features.film.film_text import read_film_text, read_film_texts
from tests.bot.features.film.test_answers import film_data, store


def with_sources(film: dict, rnd: random.Random) -> dict:
    """The film with sources cited from random texts (some cited nowhere)."""
    film["sources"] = [
        {"id": n, "author": f"Critic {n}", "outlet": "Reels", "title": f"Essay {n}"}
        for n in range(1, 4)
    ]
    for section in film["sections"]:
        for item in section.get("items", []):
            if rnd.random() < 0.5:
                item["body"] += f" [^{rnd.randint(1, 3)}]"
        if "body" in section and rnd.random() < 0.5:
            section["body"] += f" [^{rnd.randint(1, 3)}]"
    return film


async def test_plain_values_read_as_the_orm_rows_do(app: Epilogue) -> None:
    rnd = random.Random(5)
    for number in range(12):
        film = with_sources(film_data(rnd, number), rnd)
        if number % 2:  # credits and other names, on some films only
            film |= {"aliases": [f"Alias {number}", "Ünïcode “name”"], "director": "Ana Ruiz"}
            film["cast"] = ["Cast One", f"Cast {number}"]
            film["release_date"] = f"20{10 + number}-0{1 + number % 9}-1{number % 10}"
        await store(app, film)
    checked = dated = 0
    for entry in app.catalog.films(None):
        async with app.sessions() as session:
            rows = await app.film.load(session, entry)
        values = await app.reads(partial(read_film_text, film_id=entry.id))
        assert values is not None
        assert (values.title, values.year, values.content_hash, values.slug) == (
            rows.title,
            rows.year,
            rows.content_hash,
            rows.slug,
        )
        assert (values.aliases, values.director, values.cast, values.release_date) == (
            tuple(rows.aliases),
            rows.director,
            tuple(rows.cast),
            rows.release_date,
        )
        dated += values.release_date is not None
        assert available_topics(values) == available_topics(rows)
        for topic in Topic:
            questions = [None, 0, 1, 3] if topic is Topic.FAQ else [None]
            for question in questions:
                expected = topic_document(rows, topic, question)
                assert topic_document(values, topic, question) == expected
                assert (
                    topic_document(values, topic, question, film_levels=values.citation_levels.copy)
                    == expected
                )
                checked += bool(expected.sources)
    assert checked, "no document cited a source"
    assert dated, "no film had a release date"
    # Many films at once (search results, the guard's vocabularies) read as each one alone.
    ids = [entry.id for entry in app.catalog.films(None)] + [123456]
    together = await app.reads(partial(read_film_texts, film_ids=ids))
    assert sorted(together) == sorted(ids[:-1])
    for film_id in ids[:-1]:
        assert together[film_id] == await app.reads(partial(read_film_text, film_id=film_id))
    # Search results read passages alone: the same films, without their sources.
    passages = await app.reads(partial(read_film_texts, film_ids=ids, sources=False))
    assert passages == {i: dataclasses.replace(f, sources=()) for i, f in together.items()}
    assert any(film.sources for film in together.values())
    # A SQLite file's inline read hands the statements to sqlite3 itself; through SQLAlchemy's
    # async engine (PostgreSQL's path) the same film reads the same.
    async with app.sessions() as session:
        connection = await session.connection()
        for film_id in ids:
            engine_read = await connection.run_sync(read_film_text, film_id)
            assert engine_read == await app.reads(partial(read_film_text, film_id=film_id))


async def test_a_missing_film_reads_as_none(app: Epilogue) -> None:
    assert await app.reads(partial(read_film_text, film_id=123456)) is None
