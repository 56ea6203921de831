"""The catalog's prebuilt lookups give the answers a plain scan over every film would give.

The catalog here is big enough (600 films, over FUZZY_CANDIDATES) that fuzzy search goes through
the trigram filter, and servers' own films are interleaved with, and shadow, global ones.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.catalog
from bot.catalog import (
    ARTICLE_LEFT_OUT_SCORE,
    FILL_CANDIDATES,
    FILL_TELLING_TRIGRAMS,
    FUZZY_CANDIDATES,
    LONG_QUERY,
    LONG_QUERY_CANDIDATES,
    SWAPPED_PREFIX_SCORE,
    TELLING_TRIGRAMS,
    TYPO_CANDIDATES,
    FilmCatalog,
    FilmEntry,
    _typo_candidates,
    _without_article,
    shelved_key,
)
from bot.content.works import revision, work_slug
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import GLOBAL_SCOPE, Film
from tests.conftest import in_own_loop

Sessions = async_sessionmaker[AsyncSession]
OWN, OTHER = 7, 8
WORDS = ("lighthouse", "harbour", "winter", "river", "shadow", "letter", "whale", "border", "key")


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def film(guild_id: int, title: str, year: int, aliases: list[str] | None = None) -> Film:
    return Film(
        guild_id=guild_id,
        slug=work_slug(title, year),
        title=title,
        year=year,
        aliases=aliases or [],
        synopsis="A film.",
        origin="test",
        content_hash="0",
    )


def shipped(count: int) -> list[Film]:
    rng = random.Random(11)
    films: dict[tuple[str, int], Film] = {}
    while len(films) < count:
        title = " ".join(rng.sample(WORDS, rng.randint(1, 3))).title()
        year = rng.randint(1950, 2025)
        aliases = [f"{title.split()[0]} {rng.randint(2, 9)}"] if rng.random() < 0.2 else []
        films.setdefault((title, year), film(GLOBAL_SCOPE, title, year, aliases))
    films[("Solaris", 1972)] = film(GLOBAL_SCOPE, "Solaris", 1972)
    films[("Solaris", 2002)] = film(GLOBAL_SCOPE, "Solaris!", 2002)  # same words, other year
    return list(films.values())


async def store_big_catalog(path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await migrate(engine)
        async with session_factory(engine).begin() as session:
            session.add_all(shipped(600))
            session.add_all(
                [
                    film(OWN, "Solaris", 1972, ["Our Solaris"]),  # shadows the global one
                    film(OWN, "Winter Harbour", 2001),
                    film(OWN, "Aardvark Nights", 1990),  # sorts before every global film
                    film(OWN, "Zebra Lighthouse", 2020),  # and after
                    film(OTHER, "Secret Whale", 1999),
                ]
            )
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def big_catalog_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The films every test starts from, stored once: each test gets a copy of the file (a
    migration and 605 rows stored for each test were most of the module's time)."""
    path = tmp_path_factory.mktemp("catalog") / "big.db"
    in_own_loop(store_big_catalog(path))
    # The engine's close checkpointed SQLite's log into the file: the file alone is the whole
    # database, which is what a copy of it needs.
    assert not path.with_name(f"{path.name}-wal").exists()
    return path


@pytest.fixture
async def sessions(tmp_path: Path, big_catalog_file: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(big_catalog_file, tmp_path / "big.db")
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'big.db'}")
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def catalog(sessions: Sessions) -> FilmCatalog:
    films = FilmCatalog(sessions)
    await films.refresh()
    return films


async def stored(sessions: Sessions) -> list[FilmEntry]:
    async with sessions() as session:
        films = (await session.scalars(select(Film))).all()
    return [
        FilmEntry(
            f.id,
            f.guild_id,
            f.slug,
            f.title,
            f.year,
            tuple(f.aliases),
            revision=revision(f.content_hash),
        )
        for f in films
    ]


def scanned_films(entries: list[FilmEntry], guild_id: int | None) -> list[FilmEntry]:
    """What ``films`` means, the slow way: own films plus the unshadowed global, by title."""
    own = [e for e in entries if guild_id and e.guild_id == guild_id]
    own_slugs = {e.slug for e in own}
    shared = [e for e in entries if e.guild_id == GLOBAL_SCOPE and e.slug not in own_slugs]
    return sorted(
        own + shared,
        key=lambda e: (
            shelved_key(norm(e.title), e.title),
            norm(e.title),
            e.year,
            e.guild_id == 0,
            e.id,
        ),
    )


def scanned_resolve(named: list[tuple[FilmEntry, set[str]]], text: str) -> FilmEntry | None:
    """What ``resolve`` means, the slow way: ``named`` is (film, its keys) in title order."""
    wanted = norm(text)
    exact = [e for e, keys in named if wanted in keys]
    return max(exact, key=lambda e: e.year) if exact else None


@pytest.mark.parametrize("guild_id", [None, OWN, OTHER, 99])
async def test_films_in_title_order_as_a_scan_gives(
    catalog: FilmCatalog, sessions: Sessions, guild_id: int
) -> None:
    entries = await stored(sessions)
    assert catalog.films(guild_id) == scanned_films(entries, guild_id)
    assert catalog.search(guild_id, "") == scanned_films(entries, guild_id)[:25]


@pytest.mark.parametrize("guild_id", [None, OWN, OTHER])
async def test_resolve_as_a_scan_gives(
    catalog: FilmCatalog, sessions: Sessions, guild_id: int | None
) -> None:
    entries = await stored(sessions)
    names = {n for e in entries for n in (e.title, e.label, e.title.upper(), *e.aliases)}
    named = [
        (e, {norm(e.title), norm(e.label), *map(norm, e.aliases)})
        for e in scanned_films(entries, guild_id)
    ]
    for name in [*sorted(names), "", "nothing like it"]:
        assert catalog.resolve(guild_id, name) == scanned_resolve(named, name), name


async def test_remakes_own_films_and_other_servers(catalog: FilmCatalog) -> None:
    assert catalog.resolve(None, "solaris").year == 2002  # type: ignore[union-attr]
    ours = catalog.resolve(OWN, "Solaris (1972)")
    assert ours is not None and ours.guild_id == OWN
    assert catalog.resolve(OWN, "our solaris") == ours
    assert catalog.resolve(None, "Secret Whale") is None
    assert catalog.resolve(OWN, "Secret Whale") is None
    assert catalog.resolve(OTHER, "Secret Whale") is not None


async def test_fuzzy_search_scores_only_trigram_candidates(
    catalog: FilmCatalog, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    scored: list[int] = []
    scored_long: list[int] = []
    extract = bot.catalog.process.extract

    def counting(query, choices, **kwargs):  # type: ignore[no-untyped-def]
        (scored_long if len(query) >= LONG_QUERY else scored).append(len(choices))
        return extract(query, choices, **kwargs)

    monkeypatch.setattr(bot.catalog.process, "extract", counting)
    entries = await stored(sessions)
    titles = {norm(e.title) for e in entries}
    target = next(
        e
        for e in entries
        if len(e.title.split()) == 3 and " ".join(reversed(e.title.split())).lower() not in titles
    )
    typo = target.title[:4] + target.title[5:]
    reordered = " ".join(reversed(target.title.split()))
    assert catalog.search(None, typo)[0] == target
    assert catalog.search(None, f"{target.title} {target.year}")[0] == target
    assert target in catalog.search(None, reordered)[:5]
    catalog.search(None, "wintr")  # short: more candidates
    keys = sum(len({norm(e.title), norm(e.label), *map(norm, e.aliases)}) for e in entries)
    # Three keys at most per film here (title, "title year", one alias).
    assert scored and max(scored) <= 3 * FUZZY_CANDIDATES < keys / 2
    # The short text scores more films' keys than any long one (labels aside: no digit).
    assert scored_long and max(scored_long) <= 3 * LONG_QUERY_CANDIDATES
    assert max(scored_long) < max(scored)
    # Autocomplete's own list of a typo scores fewer films than Enter's thorough one.
    picked: list[int] = []
    candidates = bot.catalog._Scope._candidates

    def picking(scope: bot.catalog._Scope, *args: Any) -> Sequence[int]:
        picked.append(len(found := candidates(scope, *args)))
        return found

    monkeypatch.setattr(bot.catalog._Scope, "_candidates", picking)
    catalog._searches.clear()
    catalog._ranked(None, "wintr", 25)
    catalog._ranked(None, "wintr", 25, thorough=True)
    # (Enter's: every film sharing a telling trigram here, fewer than ``FUZZY_CANDIDATES``.)
    assert picked[0] == TYPO_CANDIDATES < picked[1] <= FUZZY_CANDIDATES


async def test_search_never_shows_another_servers_or_a_shadowed_film(
    catalog: FilmCatalog,
) -> None:
    for query in ("solaris", "solaris 1972", "secret whale", "secrte whale", "whale"):
        found = catalog.search(OWN, query)
        assert all(e.guild_id in (GLOBAL_SCOPE, OWN) for e in found)
        assert not any(e.guild_id == GLOBAL_SCOPE and e.slug == "solaris-1972" for e in found)
    assert catalog.search(OWN, "solaris 1972")[0].guild_id == OWN
    assert catalog.search(OTHER, "secrte whale")[0].title == "Secret Whale"


async def test_refresh_sees_changes_to_any_scope(catalog: FilmCatalog, sessions: Sessions) -> None:
    async with sessions.begin() as session:
        session.add(film(OWN, "Quiet Lantern", 2011))
    await catalog.refresh()
    assert catalog.search(OWN, "quiet lantrn")[0].title == "Quiet Lantern"
    assert catalog.resolve(None, "Quiet Lantern") is None

    async with sessions.begin() as session:
        session.add(film(GLOBAL_SCOPE, "Paper Orchard", 1997))
        await session.execute(delete(Film).where(Film.slug == "solaris-2002"))
    await catalog.refresh()
    assert catalog.search(None, "papr orchard")[0].title == "Paper Orchard"
    assert catalog.resolve(None, "solaris").year == 1972  # type: ignore[union-attr]
    assert catalog.films(OWN) == scanned_films(await stored(sessions), OWN)


def unhurried_search(catalog: FilmCatalog, guild_id: int | None, query: str) -> list[FilmEntry]:
    """``search`` without its shortcuts: every prefix and every fuzzy match scored, no memory.
    Where no film starts so, those that start so with two letters swapped back lead instead
    (``SWAPPED_PREFIX_SCORE``). Fuzzy matches only fill a list that either leads, from
    ``FILL_CANDIDATES`` films picked by ``FILL_TELLING_TRIGRAMS``; where none leads, fuzzy
    matches are the list, from ``_typo_candidates`` films."""
    wanted, limit = norm(query), 25
    own = catalog._own(guild_id)
    best: dict[int, tuple[float, FilmEntry]] = {}

    def visible(starting: str) -> list[FilmEntry]:
        return [
            entry
            for scope in (catalog._global, own)
            for entry in getattr(scope, starting)(wanted, limit * 3)
            if not (scope is catalog._global and entry.slug in own.places)
        ]

    lead, score_of_lead = "starting", 100.0
    if not visible("starting"):
        lead, score_of_lead = "starting_swapped", SWAPPED_PREFIX_SCORE
    candidates = FILL_CANDIDATES if visible(lead) else _typo_candidates(wanted)
    filling = visible(lead) != []
    telling = FILL_TELLING_TRIGRAMS if filling else TELLING_TRIGRAMS
    # Where films start so as typed, those starting so without its article follow them.
    bare = _without_article(wanted) if lead == "starting" and filling else None
    for scope in (catalog._global, own):
        scored = [(score_of_lead, e) for e in getattr(scope, lead)(wanted, limit * 3)]
        if bare is not None:
            scored += [(ARTICLE_LEFT_OUT_SCORE, e) for e in scope.starting(bare, limit * 3)]
        fuzzy = scope.resembling(wanted, limit * 3, candidates, telling=telling)
        for score, entry in [*scored, *fuzzy]:
            if scope is catalog._global and entry.slug in own.places:
                continue
            if entry.id not in best or best[entry.id][0] < score:
                best[entry.id] = (score, entry)
    ranked = sorted(best.values(), key=lambda pair: (-pair[0], catalog._rank[pair[1].id]))
    found = [entry for _score, entry in ranked[:limit]]
    # The film Enter answers with, or those it asks about in its order, lead the list
    # (``search``'s promise, tested on its own in test_catalog); the rest keep their ranks.
    named, asked = catalog._reading(guild_id, query)
    first = [named] if named is not None else list(asked)
    if not query.strip() or not first:
        return found
    return [*first, *[entry for entry in found if entry not in first]][:limit]


@pytest.mark.parametrize("guild_id", [None, OWN, OTHER])
async def test_search_ranks_as_scoring_every_match_does(
    catalog: FilmCatalog, sessions: Sessions, guild_id: int | None
) -> None:
    """Skipping fuzzy scoring when prefix matches fill the list, and remembering results,
    change nothing: asked twice, every query ranks as the full scoring does."""
    rng = random.Random(3)
    titles = [e.title for e in await stored(sessions)]
    queries = ["s", "wi", "the", "solaris", "zz"]
    for _ in range(300):
        title = rng.choice(titles)
        typed = title[: rng.randint(1, len(title))]
        if rng.random() < 0.3 and len(typed) > 3:
            at = rng.randrange(len(typed) - 1)
            typed = typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :]
        queries.append(typed)
    skipped = 0
    for query in queries:
        expected = unhurried_search(catalog, guild_id, query)
        assert catalog.search(guild_id, query) == expected, query
        assert catalog.search(guild_id, query) == expected, query  # from memory
        skipped += len(catalog.films(guild_id)) > 25 and len(expected) == 25
    assert skipped, "no query filled the list with prefix matches"


async def test_remembered_searches_are_forgotten_when_films_change(
    catalog: FilmCatalog, sessions: Sessions
) -> None:
    assert all(e.title != "Whale Orchard" for e in catalog.search(None, "whale orch"))
    async with sessions.begin() as session:
        session.add(film(GLOBAL_SCOPE, "Whale Orchard", 1997))
    await catalog.refresh()
    assert catalog.search(None, "whale orch")[0].title == "Whale Orchard"


async def test_films_named_clearly_are_remembered_until_the_films_change(
    catalog: FilmCatalog, sessions: Sessions
) -> None:
    assert catalog.named_clearly(None, "whale orchard") is None
    assert catalog.named_clearly(None, "whale orchard") is None  # from memory
    async with sessions.begin() as session:
        session.add(film(GLOBAL_SCOPE, "Whale Orchard", 1997))
    await catalog.refresh()
    named = catalog.named_clearly(None, "whale orchard")
    assert named is not None and named.title == "Whale Orchard"


async def test_postings_built_in_the_background_are_the_whole_index(catalog: FilmCatalog) -> None:
    scope = catalog._global
    # A start shows the films once arranged; the index thread goes on with their postings.
    assert catalog._arranging is not None
    await asyncio.wrap_future(catalog._arranging)
    assert "_postings" in scope.__dict__  # worked out off the event loop
    built = scope._postings
    assert built == scope._build_postings()
    entries = catalog.films(None)
    for place, entry in enumerate(scope.films):
        assert entry in entries
        # Every trigram of the title names this film.
        assert all(place in built[gram] for gram in bot.catalog._trigrams(norm(entry.title)))


async def test_counting_only_the_rarest_trigrams_still_finds_misspelt_titles(
    catalog: FilmCatalog, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a budget a few postings long, the common trigrams go uncounted."""
    monkeypatch.setattr(bot.catalog, "TRIGRAM_BUDGET", 600)
    entries = [e for e in await stored(sessions) if e.guild_id == GLOBAL_SCOPE]
    rng = random.Random(5)
    for target in rng.sample([e for e in entries if len(e.title) > 8], 20):
        typo = target.title[:3] + target.title[4:]
        catalog._searches.clear()
        # The same title may be several films (remakes): the title is what the typo names.
        assert target.title == catalog.search(None, typo)[0].title, typo
        assert catalog.search(None, f"{target.title} {target.year}")[0] == target


async def queued_refresh(catalog: FilmCatalog) -> asyncio.Task[None]:
    """A refresh in a task of its own, once it read the films and queued their arranging."""
    queued = asyncio.Event()
    index = catalog._index

    def indexing(*args):  # type: ignore[no-untyped-def]
        index(*args)
        queued.set()

    catalog._index = indexing  # type: ignore[method-assign]
    refreshing = asyncio.create_task(catalog.refresh())
    await queued.wait()
    del catalog._index
    return refreshing


async def test_a_replaced_arrangement_gives_up_its_queued_build(
    catalog: FilmCatalog, sessions: Sessions
) -> None:
    """Refreshes in a row: the newest films' index work does not wait behind stale work, and
    both refreshes return with the newest films what lookups see."""
    # Hold the index thread, so the first refresh's work is certainly queued, not running.
    release = threading.Event()
    holding = bot.catalog._background().submit(release.wait)
    try:
        async with sessions.begin() as session:
            session.add(film(GLOBAL_SCOPE, "Whale Orchard", 1997))
        first = await queued_refresh(catalog)
        stale = catalog._arranging
        async with sessions.begin() as session:
            session.add(film(GLOBAL_SCOPE, "Paper Orchard", 1997))
        second = await queued_refresh(catalog)
    finally:
        release.set()
    holding.result()
    await asyncio.gather(first, second)
    assert stale is not None and stale.cancelled()  # given up, never built
    assert catalog.search(None, "papr orchard")[0].title == "Paper Orchard"
    assert catalog.search(None, "whale orchrd")[0].title == "Whale Orchard"


async def test_the_keys_at_the_very_end_of_the_sorted_list_are_found_by_prefix(
    catalog: FilmCatalog,
) -> None:
    last = max(catalog.films(None), key=lambda e: norm(e.label))
    typed = norm(last.label)[:-1]  # nothing sorts after its own "title year" key

    assert last in catalog.search(None, typed)
    assert last in catalog.starting_with(None, typed, limit=5)


def lookups(catalog: FilmCatalog, guild_ids: tuple[int | None, ...]) -> dict[str, object]:
    """What members see through a catalog: its lists, choices and exact lookups per server."""
    queries = ("", "s", "solaris", "solaris 1972", "our solaris", "wintr harbour", "zebra")
    queries += ("secret whale", "aardvark", "quiet lantern", "paper orchard", "river 2")
    seen: dict[str, object] = {"count": len(catalog)}
    for guild_id in guild_ids:
        seen[f"{guild_id} films"] = [e.id for e in catalog.films(guild_id)]
        for query in queries:
            seen[f"{guild_id} {query}"] = (
                [e.id for e in catalog.search(guild_id, query)],
                getattr(catalog.resolve(guild_id, query), "id", None),
                [e.id for e in catalog.starting_with(guild_id, query, limit=6)],
            )
    return seen


async def test_a_large_scopes_keys_are_left_to_the_index_thread(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k films working out every key (and the films by id, and their ranks) took 0.8 s of
    each start: a large catalog's are worked out in the index thread, and the catalog answers
    as one built all at once does."""
    guild_ids = (None, OWN, OTHER, 99)
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100, raising=False)
    built_on: list[str] = []
    work_out = bot.catalog._Keys.__init__

    def recorded(keys: bot.catalog._Keys, titles: list[str], films: list[FilmEntry]) -> None:
        if len(films) > 100:  # the global scope's (servers' own few are worked out at once)
            built_on.append(threading.current_thread().name)
        work_out(keys, titles, films)

    monkeypatch.setattr(bot.catalog._Keys, "__init__", recorded)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    # A start shows the films once arranged; the index thread goes on with their keys.
    assert catalog._arranging is not None
    await asyncio.wrap_future(catalog._arranging)
    assert len(built_on) == 1 and built_on[0].startswith("catalog-index")
    assert len(catalog) == 607  # 602 shipped, 5 servers' own
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 10**6)
    at_once = FilmCatalog(sessions)
    await at_once.refresh()
    assert lookups(catalog, guild_ids) == lookups(at_once, guild_ids)


async def test_a_large_catalogs_button_keys_are_hashed_in_the_index_thread(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A press finds its film by the key on its button: every film's key is hashed for that
    (50 ms at 10k films, 0.3 s at 100k), and was, on the event loop, at the first press after
    each start or content change. The index thread does it after a refresh now, and each key
    finds its film."""
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    hashed_in: list[str] = []
    hash_key = bot.catalog.film_key

    def recorded(guild_id: int, slug: str) -> str:
        hashed_in.append(threading.current_thread().name)
        return hash_key(guild_id, slug)

    monkeypatch.setattr(bot.catalog, "film_key", recorded)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    assert catalog._arranging is not None
    await asyncio.wrap_future(catalog._arranging)
    arrangement = catalog._arranged.get()
    if (building := getattr(arrangement, "building_keys", None)) is not None:
        await asyncio.wrap_future(building)
    assert hashed_in and {name.split("_")[0] for name in hashed_in} == {"catalog-index"}
    hashed_in.clear()
    films = catalog.films(None)
    assert len(films) == 602
    for entry in films:
        assert catalog.by_key(None, hash_key(entry.guild_id, entry.slug)) == entry
    assert hashed_in == []  # not one key hashed on the event loop


class HeldInTheThread:
    """Index work (``_arrange``, or a scope's ``_Keys``) over more than 100 films held in the
    index thread, once armed, until ``finish``; ``outwaited``: whether it waited the whole
    ``HOLD_S`` (as it does only while a lookup on the event loop waits for it)."""

    HOLD_S = 5.0

    def __init__(self, monkeypatch: pytest.MonkeyPatch, work: str) -> None:
        self.armed, self.started, self.finish = False, threading.Event(), threading.Event()
        self.outwaited: list[bool] = []
        if work == "arranging":
            arrange = bot.catalog._arrange

            def arranged(rows, kinds, kept):  # type: ignore[no-untyped-def]
                self._hold(len(rows))
                return arrange(rows, kinds, kept)

            monkeypatch.setattr(bot.catalog, "_arrange", arranged)
        else:
            work_out = bot.catalog._Keys.__init__

            def keys(index: bot.catalog._Keys, titles: list[str], films: list[FilmEntry]) -> None:
                self._hold(len(films))
                work_out(index, titles, films)

            monkeypatch.setattr(bot.catalog._Keys, "__init__", keys)

    def _hold(self, films: int) -> None:
        if self.armed and films > 100 and threading.current_thread().name.startswith("catalog"):
            self.armed = False
            self.started.set()
            self.outwaited.append(not self.finish.wait(self.HOLD_S))


@pytest.mark.parametrize(
    ("when", "work"), [("start", "arranging"), ("edit", "arranging"), ("edit", "keys")]
)
async def test_a_lookup_while_the_index_thread_arranges_the_films_answers_at_once(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch, when: str, work: str
) -> None:
    """While the index thread arranges the films of a start or of an admin's change (tens of
    milliseconds at 10k films, hundreds at 100k), a lookup answers at once from the films
    before (none yet at a start), never waiting for the thread: the event loop would wait,
    and every member's command with it. The refresh returns once the new films are what
    lookups see, so an admin's change shows in the next lookup."""
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    held = HeldInTheThread(monkeypatch, work)
    catalog = FilmCatalog(sessions)
    if when == "edit":
        await catalog.refresh()
        async with sessions.begin() as session:
            session.add(film(GLOBAL_SCOPE, "Whale Orchard", 1997))
    before = [e.title for e in catalog.starting_with(None, "solaris", limit=3)]
    held.armed = True
    refreshing = asyncio.create_task(catalog.refresh())
    try:
        assert await asyncio.to_thread(held.started.wait, 10)  # the index thread is at it
        assert not refreshing.done()
        assert catalog.resolve(None, "whale orchard") is None
        assert [e.title for e in catalog.starting_with(None, "solaris", limit=3)] == before
        assert len(catalog) == (0 if when == "start" else 607)
    finally:
        held.finish.set()
        await refreshing
    assert held.outwaited == [False]  # nothing waited for the thread meanwhile
    assert len(catalog) == (607 if when == "start" else 608)
    assert catalog.resolve(None, "solaris 1972") is not None
    assert (catalog.resolve(None, "whale orchard") is not None) == (when == "edit")


async def test_a_start_shows_its_films_before_their_keys_are_worked_out(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a start no older films can answer, so the films are shown once arranged, with their
    ids and ranks: their keys and postings (seconds at 100k films) are worked out in the
    index thread afterwards, not before the bot may connect."""
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    held = HeldInTheThread(monkeypatch, "keys")
    held.armed = True
    catalog = FilmCatalog(sessions)
    try:
        await asyncio.wait_for(catalog.refresh(), HeldInTheThread.HOLD_S / 2)
        assert held.started.is_set()  # the keys still held in the index thread
        assert len(catalog) == 607
        solaris = next(e for e in await stored(sessions) if e.title == "Solaris")
        assert catalog.get(solaris.id) == solaris
    finally:
        held.finish.set()
    assert catalog._arranging is not None
    await asyncio.wrap_future(catalog._arranging)
    assert held.outwaited == [False]
    assert catalog.resolve(None, "solaris 1972") is not None


async def test_a_refreshed_catalog_answers_as_one_built_afresh(
    catalog: FilmCatalog, sessions: Sessions
) -> None:
    """Refreshing keeps the indexes of scopes that did not change and builds the others again:
    after every kind of change (a server's first film, a server's last film removed, a global
    film added, every server's films removed) it answers as a catalog built from nothing."""
    guild_ids = (None, OWN, OTHER, 99)
    changes = [
        [film(99, "Quiet Lantern", 2011, ["Lantern 2"])],  # a server's first film
        [delete(Film).where(Film.guild_id == OTHER)],  # a server's last film
        [film(GLOBAL_SCOPE, "Paper Orchard", 1997), film(OWN, "Paper Orchard", 1997)],
        [delete(Film).where(Film.guild_id != GLOBAL_SCOPE)],  # global films alone
    ]
    for change in changes:
        async with sessions.begin() as session:
            for step in change:
                if isinstance(step, Film):
                    session.add(step)
                else:
                    await session.execute(step)
        await catalog.refresh()
        fresh = FilmCatalog(sessions)
        await fresh.refresh()
        assert lookups(catalog, guild_ids) == lookups(fresh, guild_ids)
        assert catalog.films(OWN) == scanned_films(await stored(sessions), OWN)


async def test_a_large_catalogs_films_are_arranged_in_the_index_thread(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k films normalising, sorting and grouping the titles took 0.5 s of each start's
    CPU: a large catalog's refresh reads the rows and leaves the rest to the index thread,
    and every answer is a catalog arranged at once's."""
    guild_ids = (None, OWN, OTHER, 99)
    normalised_on: list[str] = []
    norm_title = bot.catalog._norm

    def recorded(text: str, *, joined: bool = False) -> str:
        normalised_on.append(threading.current_thread().name)
        return norm_title(text, joined=joined)

    monkeypatch.setattr(bot.catalog, "_norm", recorded)
    kinds_of = bot.catalog._kinds_by_film

    def kinds_recorded(rows):  # type: ignore[no-untyped-def]
        normalised_on.append(threading.current_thread().name)
        return kinds_of(rows)

    monkeypatch.setattr(bot.catalog, "_kinds_by_film", kinds_recorded)
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 10**6)
    at_once = FilmCatalog(sessions)
    await at_once.refresh()
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    normalised_on.clear()
    in_thread = FilmCatalog(sessions)
    await in_thread.refresh()
    # Nothing of the 607 titles nor of their kinds of section on the event loop.
    assert normalised_on and all(name.startswith("catalog-index") for name in normalised_on)
    assert len(in_thread) == 607
    assert lookups(in_thread, guild_ids) == lookups(at_once, guild_ids)


async def test_refreshes_in_a_row_keep_an_unchanged_scope_and_give_up_stale_arrangements(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server's uploads while the thread is busy: the arrangements never started are given
    up, the global films' scope (keys and postings worked out) is kept as it was, and the
    catalog answers as one built afresh."""
    guild_ids = (None, OWN, OTHER, 99)
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    shared = catalog._global
    release = threading.Event()
    holding = bot.catalog._background().submit(release.wait)
    try:
        stale, refreshes = [], []
        for title in ("Quiet Lantern", "Paper Orchard"):
            async with sessions.begin() as session:
                session.add(film(99, title, 2011))
            refreshes.append(await queued_refresh(catalog))
            stale.append(catalog._arranging)
    finally:
        release.set()
    holding.result()
    await asyncio.gather(*refreshes)
    assert stale[0] is not None and stale[0].cancelled()
    assert stale[1] is not None and stale[1].done() and not stale[1].cancelled()
    assert catalog._global is shared
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 10**6)
    fresh = FilmCatalog(sessions)
    await fresh.refresh()
    assert lookups(catalog, guild_ids) == lookups(fresh, guild_ids)
    assert [e.title for e in catalog.own_films(99)] == ["Paper Orchard", "Quiet Lantern"]


async def test_closing_while_the_films_are_being_arranged_queues_no_index_work(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CLI command or the benchmark's start closes the app as soon as it is ready: the
    arrangement then under way in the index thread is followed by no keys, ranks or
    postings, which the process would otherwise wait for before it exits."""
    monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 100)
    held = HeldInTheThread(monkeypatch, "arranging")
    held.armed = True
    catalog = FilmCatalog(sessions)
    refreshing = asyncio.create_task(catalog.refresh())
    assert await asyncio.to_thread(held.started.wait, 10)
    catalog.close()
    held.finish.set()
    await refreshing
    assert catalog._arranging is not None and catalog._arranging.done()
    arrangement = catalog._arranged.value
    assert arrangement is not None  # arranged, as it was under way
    assert arrangement.maps.value is None
    assert all(
        scope._keys.value is None and "_postings" not in scope.__dict__
        for scope in arrangement.scopes.values()
        if len(scope.films) > 100
    )
    assert len(catalog) == 0  # never shown: closed


def scanned_with_words(
    scope: bot.catalog._Scope, typed: list[str], limit: int
) -> list[FilmEntry] | None:
    """What ``with_words`` means, the slow way: each film's keys split into words, every typed
    part the start of one of them, among the films a word of which the rarest part starts."""
    keys = scope._key_index()
    owned = [
        " ".join(keys.keys[keys.first_key[place] : keys.first_key[place + 1]]).split()
        for place in range(len(scope.films))
    ]
    rarest = min(
        ([place for place, words in enumerate(owned) if any(w.startswith(p) for w in words)]
         for p in typed),
        key=len,
    )  # fmt: skip
    found = [
        scope.films[place]
        for place in rarest
        if all(any(word.startswith(part) for word in owned[place]) for part in typed)
    ]
    return found[:limit]


async def test_films_holding_typed_words_are_those_a_word_by_word_scan_finds(
    sessions: Sessions,
) -> None:
    """A typed part must start a word of a film's names, never match inside one ("adow" is in
    "shadow" but starts no word), whatever punctuation, article or number the name had:
    ``with_words`` tests each film's keys as one string, so its keys' single spaces matter."""
    async with sessions.begin() as session:
        session.add_all(
            [
                film(GLOBAL_SCOPE, "Spider-Man: Far from Home", 2019, ["Spidey Two"]),
                film(GLOBAL_SCOPE, "The Godfather Part II", 1974, ["Godfather 2"]),
                film(GLOBAL_SCOPE, "Ocean's Eleven", 2001),
                film(GLOBAL_SCOPE, "WALL·E", 2008),
                film(GLOBAL_SCOPE, "Shadow  of   the Owl", 1999),  # spaces as typed in a file
            ]
        )
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    scope = catalog._global
    parts = [
        "ow",
        "adow",
        "sha",
        "win",
        "riv",
        "far",
        "home",
        "man",
        "spiderman",
        "godfather",
        "ii",
        "2",
    ]
    parts += ["part", "oceans", "11", "eleven", "walle", "wall", "e", "owl", "the", "of", "let"]
    rng = random.Random(9)
    asked = [[part] for part in parts]
    asked += [rng.sample(parts, rng.randint(2, 3)) for _ in range(200)]
    for typed in asked:
        for limit in (2, 6, 1000):
            expected = scanned_with_words(scope, typed, limit)
            assert scope.with_words(typed, typed, limit) == expected, (typed, limit)
    assert scope.with_words(["adow"], ["adow"], 1000) == [], "a part inside a word matched"
    owl = scope.with_words(["owl"], ["owl"], 1000)
    assert owl and {e.title for e in owl} == {"Shadow  of   the Owl"}


async def test_sorting_a_keystrokes_starts_makes_no_film_entry(
    catalog: FilmCatalog, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which of the films a text starts are started by their own title (not an alias) is read
    from the title: copying each aliased film without its aliases (``dataclasses.replace``, a
    new ``FilmEntry``) cost more than the check, on every keystroke that named no film."""
    aliased = [e for e in await stored(sessions) if e.aliases and e.guild_id == GLOBAL_SCOPE]
    made: list[str] = []
    init = FilmEntry.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args[3] if len(args) > 3 else kwargs.get("title", ""))
        init(self, *args, **kwargs)

    monkeypatch.setattr(FilmEntry, "__init__", counting)
    for entry in aliased[:20]:
        first_word = entry.aliases[0].split()[0]
        found = catalog.starting_with(None, first_word, limit=30)
        assert found, first_word
        # A film its title starts before one only an alias starts, then title order.
        by_title = [bot.catalog._title_starts(e, norm(first_word)) for e in found]
        assert by_title == sorted(by_title, reverse=True)
    assert made == []


async def test_a_keystrokes_starts_ask_whose_title_starts_so_only_until_the_list_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``starting_with`` lists films their own title starts before those only an alias starts,
    each in title order: what sorting every film it found by (not title starts, title order)
    gives. Each film's names were worked out for that sort, for every film a keystroke
    started (24 of them for Enter's 6), where asking in title order until the list is full
    gives the same list."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'starts.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    pairs = [(a, b) for a in WORDS for b in WORDS if a != b]
    async with sessions.begin() as session:
        for year, (a, b) in enumerate(pairs[:30], 1950):
            session.add(film(GLOBAL_SCOPE, f"Harbour {a} {b}".title(), year))
        for year, (a, b) in enumerate(pairs[30:50], 1950):
            # Before or after the Harbour titles in title order, started only by an alias.
            title = f"{'Anchor' if year % 2 else 'Quay'} {a} {b}".title()
            session.add(film(GLOBAL_SCOPE, title, year, [f"Harbour {b} {a} tale"]))
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    await engine.dispose()
    title_starts = bot.catalog._title_starts
    asked: list[int] = []

    def counting(entry: FilmEntry, wanted: str) -> bool:
        asked.append(entry.id)
        return title_starts(entry, wanted)

    monkeypatch.setattr(bot.catalog, "_title_starts", counting)
    for typed in ("harbour", "harb", "HARBOUR W", "harbour winter", "harbour key"):
        wanted = norm(typed)
        for limit in (1, 2, 6, 30, 200):
            found = {e.id: e for e in catalog._global.starting(wanted, limit * 4)}
            expected = sorted(
                found.values(),
                key=lambda e: (not title_starts(e, wanted), catalog._title_order(e)),
            )[:limit]
            asked.clear()
            assert catalog.starting_with(None, typed, limit) == expected, (typed, limit)
            if typed == "harbour" and limit == 6:
                assert len(found) > limit + 4  # two keys a film: title, "title year"
                assert len(asked) < len(found), "every film started was asked about"
