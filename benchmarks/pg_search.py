"""Search on PostgreSQL: the in-process FTS5 index fed from PostgreSQL against PostgreSQL's own
full-text search (tsvector + GIN, ranked by ts_rank), over the same films and queries.

    uv run python -m benchmarks.pg_search --films 2000 --queries 300

Needs the PostgreSQL server of ``$EPILOGUE_TEST_POSTGRES_URL`` (default: 127.0.0.1:5432, user
postgres); creates a database of its own and drops it at the end. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url

from benchmarks.corpus import generate
from benchmarks.postgres import ADMIN, admin
from bot.config import Config
from bot.epilogue import Epilogue
from bot.features.film.search import indexed_texts, read_index_rows
from bot.features.film.search_index import query_terms


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"{statistics.median(ordered) * 1000:.2f} / {p95 * 1000:.2f}"


async def bench(films: int, queries: int, seed: int) -> None:
    name = f"epilogue_bench_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        config = Config()
        config.database.url = make_url(ADMIN).set(database=name).render_as_string(False)
        app = await Epilogue.open(config, load_content=False)
        rng = random.Random(seed)
        samples: list[str] = []
        generated = list(generate(films, seed))
        for start in range(0, films, 500):
            await app.loader.store([film.film_file() for film in generated[start : start + 500]])
        for film in rng.sample(generated, min(films, 300)):
            body = rng.choice([s["body"] for s in film.data["sections"] if "body" in s]).split()
            length = rng.choice((1, 1, 2, 2, 3))
            at = rng.randrange(max(1, len(body) - length))
            samples.append(" ".join(body[at : at + length]))
        titles = [film.data["title"] for film in generated]
        asked = [rng.choice(titles) if rng.random() < 0.1 else rng.choice(samples)]
        asked += [
            rng.choice(titles) if rng.random() < 0.1 else rng.choice(samples)
            for _ in range(queries - 1)
        ]
        await app.catalog.refresh()

        started = time.perf_counter()
        index = await app.search.index()
        fts5_build = time.perf_counter() - started
        assert index is not None
        fts5_times, fts5_hits = [], 0
        for query in asked:
            started = time.perf_counter()
            found = index.search(query_terms(query, 8), lambda _id: True, 25, spoilers=True)
            fts5_times.append(time.perf_counter() - started)
            fts5_hits += bool(found)

        started = time.perf_counter()
        async with app.sessions() as session:
            await session.execute(
                text("CREATE TABLE film_search (film_id bigint PRIMARY KEY, doc tsvector)")
            )
            ids = list((await session.execute(text("SELECT id FROM films"))).scalars())
            for at in range(0, len(ids), 500):
                connection = await session.connection()
                rows = await connection.run_sync(read_index_rows, ids[at : at + 500])
                for film in indexed_texts(rows):
                    await session.execute(
                        text(
                            "INSERT INTO film_search VALUES (:id,"
                            " setweight(to_tsvector('simple', :title), 'A')"
                            " || setweight(to_tsvector('simple', :body), 'B'))"
                        ),
                        {"id": film.film_id, "title": film.title, "body": film.body},
                    )
            await session.execute(text("CREATE INDEX ix_film_search ON film_search USING gin(doc)"))
            await session.commit()
        pg_build = time.perf_counter() - started
        pg_times, pg_hits = [], 0
        async with app.sessions() as session:
            for query in asked:
                started = time.perf_counter()
                found = (
                    await session.execute(
                        text(
                            "SELECT film_id FROM film_search, plainto_tsquery('simple', :q) q"
                            " WHERE doc @@ q ORDER BY ts_rank(doc, q) DESC LIMIT 25"
                        ),
                        {"q": query},
                    )
                ).all()
                pg_times.append(time.perf_counter() - started)
                pg_hits += bool(found)
        await app.close()
        print(f"{films} films, {queries} queries (p50 / p95 ms per query, build s)")
        print("| search | build s | query p50 / p95 ms | queries with a hit |")
        print("|---|--:|--:|--:|")
        print(
            f"| FTS5 index fed from PostgreSQL | {fts5_build:.2f} | {ms(fts5_times)}"
            f" | {fts5_hits} |"
        )
        print(f"| PostgreSQL tsvector + GIN | {pg_build:.2f} | {ms(pg_times)} | {pg_hits} |")
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(bench(args.films, args.queries, args.seed))


if __name__ == "__main__":
    main()
