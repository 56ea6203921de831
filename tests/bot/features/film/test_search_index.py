"""The search index ranks a few matches at a time, and all of them when it must."""

from __future__ import annotations

import hashlib
import logging
import random
import tracemalloc

import pytest

from bot.features.film import search_index
from bot.features.film.search_index import IndexedText, SearchIndex

WORDS = ("harbour", "lantern", "quiet", "letter", "winter", "promise", "train", "mirror")


@pytest.fixture
def index():  # type: ignore[no-untyped-def]
    rng = random.Random(9)
    built = SearchIndex()
    built.add(
        IndexedText(
            film_id,
            "0",
            f"Film {film_id}",
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))),
        )
        for film_id in range(1, 400)
    )
    yield built
    built.close()


def ranked_in_full(index: SearchIndex, terms: list[str], accept, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
    query = " ".join(f'"{t}"' for t in terms)
    return [film_id for _, _, film_id in index._best(query, accept, limit, None)[0]]


@pytest.mark.parametrize("hidden_share", [0.0, 0.5, 0.97, 1.0])
def test_the_best_accepted_films_are_those_of_ranking_every_match(
    index: SearchIndex, hidden_share: float
) -> None:
    """Whether few or almost all of the best matches are hidden from the asker (another
    server's films), the results are those of ranking every match."""
    rng = random.Random(hidden_share)
    hidden = {film_id for film_id in range(1, 400) if rng.random() < hidden_share}

    def accept(film_id: int) -> bool:
        return film_id not in hidden

    for terms in (["harbour"], ["quiet", "winter"], ["mirror", "train", "letter"], ["absent"]):
        assert index.search(terms, accept, 5) == ranked_in_full(index, terms, accept, 5)


@pytest.mark.parametrize("readable", [False, {2}], ids=["openly", "mixed"])
def test_films_found_openly_rank_alike_whatever_their_spoilers_say(
    readable: bool | set[int],
) -> None:
    """A film found by its title and spoiler-free text ranks as if it had no plot or ending
    text: BM25 weighs a match by the length of the whole document, spoilers included, so the
    order of the results changed as words were added to or taken from a film's ending, which
    the reader could not read."""
    rng = random.Random(4)
    bodies = {
        film_id: " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
        for film_id in range(1, 60)
    }
    endings = [
        {film_id: "" for film_id in bodies},
        {film_id: " ".join(["he dies"] * rng.randint(1, 40)) for film_id in bodies},
        {film_id: "dies" if film_id % 2 else "a much longer ending " * 20 for film_id in bodies},
    ]
    spoilers = readable if readable is False else (lambda film_id: film_id in readable)
    found = []
    for ending in endings:
        index = SearchIndex()
        index.add(
            IndexedText(film_id, "0", f"Film {film_id}", body, ending[film_id])
            for film_id, body in bodies.items()
        )
        results = [
            index.search(terms, lambda film_id: film_id != 2, 5, spoilers)
            for terms in (["harbour"], ["quiet", "winter"], ["train"])
        ]
        index.close()
        found.append(results)
    assert found[0] == found[1] == found[2]


def test_when_the_first_matches_are_hidden_every_match_is_ranked(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = ranked_in_full(index, ["harbour"], lambda film_id: True, 400)
    assert len(full) > 5 * search_index.OVERFETCH  # enough matches for the cap to bite
    top = set(full[: 5 * search_index.OVERFETCH])
    caps: list[int | None] = []
    best = index._best
    monkeypatch.setattr(
        index,
        "_best",
        lambda *args: caps.append(args[3]) or best(*args),  # query, accept, limit, cap, table  # type: ignore[func-returns-value]
    )
    found = index.search(["harbour"], lambda film_id: film_id not in top, 5)
    assert found == full[5 * search_index.OVERFETCH : 5 * search_index.OVERFETCH + 5]
    assert caps == [5 * search_index.OVERFETCH, None]


def test_a_query_fts5_refuses_is_logged_without_its_words(
    index: SearchIndex, caplog: pytest.LogCaptureFixture
) -> None:
    """A member's search may itself be a spoiler, and whoever runs the bot reads its log."""
    refused = '"mirror" NEAR( "the stranger was her brother'  # not FTS5 syntax
    with caplog.at_level(logging.DEBUG, logger="bot"):
        assert index._best(refused, lambda _film: True, 5, None) == ([], 0)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "FTS5" in logged
    assert "brother" not in logged and "stranger" not in logged


@pytest.mark.parametrize(
    "content_hash",
    [
        "ef54681c3f0a84660480d5276ff6c212639fc81416d60a764090eabb896e21a9",  # sha256, as stored
        "EF54681C3F0A8466",  # upper-case hex reads back upper-case
        "abc",  # odd length
        "not a hash",
        "ée",
        "",
    ],
)
def test_the_index_gives_every_content_hash_back_as_indexed(content_hash: str) -> None:
    """The index keeps each film's content hash to tell which films changed: a hex digest in
    half the bytes (4.8 MB less at 100,000 films), any hash read back exactly as it was."""
    index = SearchIndex()
    try:
        index.add([IndexedText(7, content_hash, "Title", "Body")])
        assert index.hash_of(7) == content_hash
        assert index.has_hash(7, content_hash)
        assert not index.has_hash(7, content_hash + "0") and not index.has_hash(8, content_hash)
        assert index.hash_of(8) is None
        if content_hash[:2] == "ef":  # 32 bytes, not 64 letters
            assert index._digests[-32:] == bytes.fromhex(content_hash) and not index._other_hashes
        index.add([IndexedText(7, "0" * 64, "Title", "Changed")])
        assert index.hash_of(7) == "0" * 64 and len(index) == 1 and index.film_ids() == [7]
    finally:
        index.close()


def test_the_index_keeps_a_few_bytes_of_its_own_for_each_film() -> None:
    """What the index keeps of each film beside its postings (its document, its content hash)
    is bytes in arrays, no Python object per film: a dict entry, an int and a bytes object
    for each of 100,000 films took 23 MB, allocated among the build's short-lived objects."""
    films = [
        IndexedText(film_id, hashlib.sha256(str(film_id).encode()).hexdigest(), "T", "B")
        for film_id in range(1_000, 3_000)
    ]
    index = SearchIndex()
    try:
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            for start in range(0, len(films), 100):
                index.add(films[start : start + 100])
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        own = [tracemalloc.Filter(True, search_index.__file__)]
        grown = sum(
            stat.size_diff
            for stat in after.filter_traces(own).compare_to(before.filter_traces(own), "filename")
        )
        assert grown / len(films) < 100  # 32 bytes of digest and three 8-byte numbers
        assert index.film_ids() == [film.film_id for film in films]
        assert all(index.hash_of(film.film_id) == film.content_hash for film in films)
    finally:
        index.close()


def test_films_removed_and_indexed_again_keep_their_own_hashes() -> None:
    """Documents and hashes stay each film's own through changes, removals and new films in
    any order of id."""
    index = SearchIndex()
    digest = lambda n: hashlib.sha256(str(n).encode()).hexdigest()  # noqa: E731
    try:
        index.add(IndexedText(film_id, digest(film_id), "T", "B") for film_id in (5, 3, 9, 1))
        index.add([IndexedText(3, "changed", "T", "B"), IndexedText(7, digest(7), "T", "B")])
        index.remove_all([9, 1, 42])
        index.remove(5)
        assert index.film_ids() == [3, 7] and len(index) == 2 and index.dead == 4
        assert index.hash_of(3) == "changed" and index.hash_of(7) == digest(7)
        assert index.hash_of(9) is index.hash_of(5) is index.hash_of(1) is None
        assert not index.has_hash(9, digest(9)) and index.has_hash(7, digest(7))
        assert not index.has_hash(3, digest(3)) and index.has_hash(3, "changed")
        index.add([IndexedText(1, digest(1), "T", "B")])
        assert index.film_ids() == [1, 3, 7] and index.hash_of(1) == digest(1)
        assert index.hashes_of([1, 3, 7]) == [digest(1), "changed", digest(7)]
        assert index.hashes_of([0, 1, 2, 7, 8]) == [None, digest(1), None, digest(7), None]
        found = index.search(["b"], lambda _film: True, 10, spoilers=True)
        assert sorted(found) == [1, 3, 7]
    finally:
        index.close()
