"""A topic's answer reads the film's sections of that topic only, and is the document the whole
film gives: the same blocks, and each source as revealing as the most revealing text of the
whole film that cites it (a functional test, no timing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from benchmarks.corpus import generate
from bot.content.film_file import parse_film_bytes
from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.reads import inline_engine
from bot.features.film.documents import Topic, topic_document
from bot.features.film.film_text import read_film_text, read_topic_text
from bot.levels import SpoilerLevel

CORPUS = 40
QUESTIONS = (None, 0, 1, 3, 9)

# A source cited openly by the themes and in the ending: listed under the themes, it names an
# article that may state the twist, so it is as hidden as the ending.
CITED_TWICE = b"""
title: Cited Twice
year: 2011
synopsis: A lighthouse keeper waits.
sources:
  - {id: 1, author: A Critic, title: The twist explained, url: "https://example.org/1"}
  - {id: 2, author: B Critic, title: On the light}
sections:
  - {kind: recap, level: plot, body: "He waits all winter. [^2]"}
  - {kind: themes, level: none, body: "Waiting, and light. [^1] [^2]"}
  - {kind: ending, level: ending, body: "The keeper was the ghost all along. [^1]"}
"""


@pytest.fixture
async def stored(tmp_path: Path) -> Iterator[Connection]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'epilogue.db'}"
    engine = create_engine(url)
    await migrate(engine)
    loader = ContentLoader(session_factory(engine))
    report = await loader.store(
        [film.film_file() for film in generate(CORPUS, seed=11)]
        + [parse_film_bytes(CITED_TWICE, "cited-twice.yaml")]
    )
    assert report.ok, report.problems
    inline = inline_engine(engine)
    assert inline is not None
    with inline.connect() as connection:
        yield connection
    inline.dispose()
    await engine.dispose()


def _film_ids(connection: Connection) -> list[int]:
    driver = connection.connection.driver_connection
    return [row[0] for row in driver.execute("SELECT id FROM films ORDER BY id")]


def test_a_topic_read_gives_the_whole_films_document(stored: Connection) -> None:
    ids = _film_ids(stored)
    assert len(ids) == CORPUS + 1
    for film_id in ids:
        with stored.begin():
            whole = read_film_text(stored, film_id)
            assert whole is not None
            for topic in Topic:
                for question in QUESTIONS if topic is Topic.FAQ else (None,):
                    expected = topic_document(whole, topic, question)
                    read = read_topic_text(stored, film_id, topic, question)
                    if expected.empty:
                        assert read is None
                        continue
                    assert read is not None
                    assert read.document == expected, (film_id, topic, question)
                    assert (read.slug, read.guild_id, read.content_hash) == (
                        whole.slug,
                        whole.guild_id,
                        whole.content_hash,
                    )


def test_an_ending_read_leaves_the_other_sections_unread(stored: Connection) -> None:
    driver = stored.connection.driver_connection
    statements: list[str] = []
    driver.set_trace_callback(statements.append)
    try:
        for film_id in _film_ids(stored):
            with stored.begin():
                read_topic_text(stored, film_id, Topic.ENDING)
    finally:
        driver.set_trace_callback(None)
    sections = [s for s in statements if "FROM sections" in s]
    assert sections and all(
        "sections.kind IN ('ending', 'final_shot', 'notes')" in s for s in sections
    )


def test_a_source_cited_openly_and_in_the_ending_is_listed_as_an_ending(
    stored: Connection,
) -> None:
    [film_id] = [
        row[0]
        for row in stored.connection.driver_connection.execute(
            "SELECT id FROM films WHERE title = 'Cited Twice'"
        )
    ]
    with stored.begin():
        themes = read_topic_text(stored, film_id, Topic.THEMES)
    assert themes is not None
    levels = {source.number: source.level for source in themes.document.sources}
    assert levels == {1: SpoilerLevel.ENDING, 2: SpoilerLevel.PLOT}


def test_the_whole_film_read_for_its_sources_comes_back_with_the_topic(
    stored: Connection,
) -> None:
    """Kept for the film's other topics; most topics read no more than their own sections."""
    came_back = []
    for film_id in _film_ids(stored):
        with stored.begin():
            whole = read_film_text(stored, film_id)
            for topic in Topic:
                read = read_topic_text(stored, film_id, topic)
                if read is not None:
                    assert read.whole is None or read.whole == whole
                    came_back.append(read.whole is not None)
    assert any(came_back) and not all(came_back)
