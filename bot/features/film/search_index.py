"""A full-text index of every film, ranked by relevance (BM25), in a private temporary file.

It is an SQLite FTS5 table in a private temporary database, not in the bot's own database: no
schema change, nothing to migrate, and it is rebuilt from the films table whenever needed. FTS5
tokenises and ranks in C, three times faster to build than a pure-Python inverted index of the
same films; the table is contentless (it keeps postings, not a second copy of the text).

The database lives in a file, not in memory: at 10,000 films the postings take some 95 MB,
which in memory would be most of the bot's footprint. On disk only SQLite's small page cache
is resident, and the operating system's file cache keeps searches as fast.

The index has a worker thread of its own (``run``): searching and indexing happen there, one
at a time, so neither holds up the event loop and the connection is never used by two threads
at once.

Each film's text is kept in two columns by what reading it means: ``body`` holds what anyone may
read (synopsis, credits, spoiler-free headings and sections), ``spoilers`` the plot and ending
text. A search matches a film's spoilers only where its reader could read them in the open: a
result, even behind bars, would otherwise tell a member who never asked that those words are in
that film's ending. A second table, ``open_films``, holds the title and body alone: a film
found by them is ranked there, as if it had no spoilers (BM25 weighs a match by the length of
the whole row, so in ``films`` the order of results would move with words of an ending the
reader cannot read).

A contentless table cannot delete rows, so a changed film gets a fresh document number and its
old one is forgotten here; ``dead`` counts those, and the owner rebuilds when they pile up.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

WORD = re.compile(r"[^\W_]+")
"""A word as FTS5's unicode61 tokeniser sees it: letters and digits."""
_COMBINING = re.compile(r"[\u0300-\u036f]")

P = ParamSpec("P")
T = TypeVar("T")

OVERFETCH = 8
"""Matches ranked per result wanted before falling back to ranking them all."""
EVERY_TEXT = "films"
OPENLY = "open_films"
"""The tables a search ranks in: every text of each film, or its title and spoiler-free text."""
TITLE_WEIGHT = 5.0
"""BM25 weight of title and aliases against the other text: naming a film ranks it first."""


def tied(score: float) -> float:
    """A BM25 score to nine significant digits: films whose texts match alike score alike,
    but for the last bits of a float's arithmetic."""
    return float(f"{score:.9g}")


def normalise(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (``Amélie`` and ``amelie`` match)."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text


def words(text: str) -> list[str]:
    """The words of ``text`` in their normalised form, to compare with each other."""
    return WORD.findall(normalise(text))


def query_terms(query: str, limit: int) -> list[str]:
    """The distinct words of a query as typed: FTS5 folds case and accents itself, exactly as
    it did for the indexed text (Python's folding differs for a few letters, such as ß)."""
    distinct: dict[str, str] = {}
    for word in WORD.findall(query):
        distinct.setdefault(normalise(word), word)
    return list(distinct.values())[:limit]


@dataclass(frozen=True)
class IndexedText:
    film_id: int
    content_hash: str
    title: str
    """The title and aliases."""
    body: str
    """Every other text anyone may read: synopsis, credits, spoiler-free sections and items."""
    spoilers: str = ""
    """Plot and ending text (and spoiler-free text holding inline spoilers)."""


DIGEST_BYTES = 32
"""A content hash as stored (a SHA-256 hex digest, 64 letters) packed into its bytes."""


def pack_hash(content_hash: str) -> bytes | None:
    """A lowercase SHA-256 hex digest as its 32 bytes; None for any other text (the index keeps
    that as it is, and ``SearchIndex.hash_of`` gives either back unchanged)."""
    if len(content_hash) != 2 * DIGEST_BYTES or not content_hash.isascii():
        return None
    try:
        packed = bytes.fromhex(content_hash)
    except ValueError:
        return None
    return packed if packed.hex() == content_hash else None


class SearchIndex:
    def __init__(self) -> None:
        # "" is SQLite's private temporary database: what outgrows its small page cache goes to
        # a file in the temporary folder that SQLite unlinks the moment it creates it, so
        # nothing is left behind when the index is closed or the bot stops, even by a crash.
        self._db = sqlite3.connect("", check_same_thread=False)
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="search-index")
        # The rollback journal stays in memory: it holds only pages a batch rewrites.
        self._db.execute("PRAGMA journal_mode=MEMORY")
        self._db.execute(
            "CREATE VIRTUAL TABLE films USING fts5("
            "title, body, spoilers, content='', tokenize='unicode61 remove_diacritics 2')"
        )
        self._db.execute(
            "CREATE VIRTUAL TABLE open_films USING fts5("
            "title, body, content='', tokenize='unicode61 remove_diacritics 2')"
        )
        # What the index keeps of each film beside its postings is numbers and bytes in
        # arrays, never a Python object per film: dicts of film id to document and to hash
        # (an entry, an int and a bytes object each) took 23 MB at 100k films, allocated among
        # the build's short-lived objects, whose freed blocks they then held apart.
        # Documents are numbered 1, 2, 3…: the film of each (0: gone), and its content hash,
        # packed (``pack_hash``), at ``DIGEST_BYTES * document``.
        self._film_of_doc = array("q", [0])
        self._digests = bytearray(DIGEST_BYTES)
        self._other_hashes: dict[int, str] = {}
        """A content hash that is no SHA-256 hex digest (none as stored), by document."""
        # The films indexed, in order of id, and each one's document: found by binary search.
        self._films = array("q")
        self._docs = array("q")
        self._next_doc = 1

    async def run(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``call(*args, **kwargs)`` in the index's own thread (see the module's docstring)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, partial(call, *args, **kwargs))

    def __len__(self) -> int:
        return len(self._films)

    def _place(self, film_id: int) -> int:
        """Where the film is, or would go, in ``_films``."""
        return bisect_left(self._films, film_id)

    def _doc(self, film_id: int) -> int:
        """The film's document; 0 for a film not indexed."""
        at = bisect_left(self._films, film_id)
        return self._docs[at] if at < len(self._films) and self._films[at] == film_id else 0

    def hash_of(self, film_id: int) -> str | None:
        """The content hash the film had when indexed; None for a film not indexed."""
        doc = self._doc(film_id)
        return self._hash_of_doc(doc) if doc else None

    def _hash_of_doc(self, doc: int) -> str:
        other = self._other_hashes.get(doc)
        if other is not None:
            return other
        return self._digests[doc * DIGEST_BYTES : (doc + 1) * DIGEST_BYTES].hex()

    def hashes_of(self, film_ids: Sequence[int]) -> list[str | None]:
        """``hash_of`` each film, for ids in ascending order (a survey of every film's hash, a
        page at a time): where the index holds exactly these films, read in one slice of its
        films rather than a binary search each."""
        if not film_ids:
            return []
        films = self._films
        start = bisect_left(films, film_ids[0])
        stop = bisect_left(films, film_ids[-1] + 1, start)
        if stop - start == len(film_ids) and films[start:stop] == array("q", film_ids):
            return [self._hash_of_doc(doc) for doc in self._docs[start:stop]]
        return [self.hash_of(film_id) for film_id in film_ids]

    def has_hash(self, film_id: int, content_hash: str) -> bool:
        """Whether the film is indexed with this content hash (without unpacking every hash)."""
        doc = self._doc(film_id)
        if not doc:
            return False
        other = self._other_hashes.get(doc)
        if other is not None:
            return other == content_hash
        packed = pack_hash(content_hash)
        return (
            packed is not None
            and packed == self._digests[doc * DIGEST_BYTES : (doc + 1) * DIGEST_BYTES]
        )

    def film_ids(self) -> list[int]:
        """The films indexed, in order of id."""
        return self._films.tolist()

    @property
    def dead(self) -> int:
        """Documents of films since changed or removed, still in the FTS table."""
        return self._next_doc - 1 - len(self._films)

    def add(self, films: Iterable[IndexedText]) -> None:
        """Index films, replacing older versions of them."""
        rows: list[tuple[int, str, str, str]] = []
        for film in films:
            doc = self._next_doc
            self._next_doc += 1
            self._film_of_doc.append(film.film_id)
            packed = pack_hash(film.content_hash)
            if packed is None:
                self._digests += bytes(DIGEST_BYTES)
                self._other_hashes[doc] = film.content_hash
            else:
                self._digests += packed
            at = self._place(film.film_id)
            if at < len(self._films) and self._films[at] == film.film_id:
                self._forget(self._docs[at])  # its older version
                self._docs[at] = doc
            else:  # a build adds films in order of id: at the end
                self._films.insert(at, film.film_id)
                self._docs.insert(at, doc)
            rows.append((doc, film.title, film.body, film.spoilers))
        with self._db:
            self._db.executemany(
                "INSERT INTO films(rowid, title, body, spoilers) VALUES (?, ?, ?, ?)", rows
            )
            self._db.executemany(
                "INSERT INTO open_films(rowid, title, body) VALUES (?, ?, ?)",
                [row[:3] for row in rows],
            )

    def _forget(self, doc: int) -> None:
        """The document is dead: it names no film any more."""
        self._film_of_doc[doc] = 0
        self._other_hashes.pop(doc, None)

    def remove(self, film_id: int) -> None:
        at = self._place(film_id)
        if at < len(self._films) and self._films[at] == film_id:
            self._forget(self._docs[at])
            del self._films[at], self._docs[at]

    def remove_all(self, film_ids: Iterable[int]) -> None:
        """``remove`` each film, in one pass over the films (not one array shift a film)."""
        gone = set(film_ids)
        kept_films, kept_docs = array("q"), array("q")
        for film_id, doc in zip(self._films, self._docs, strict=True):
            if film_id in gone:
                self._forget(doc)
            else:
                kept_films.append(film_id)
                kept_docs.append(doc)
        self._films, self._docs = kept_films, kept_docs

    def search(
        self,
        terms: list[str],
        accept: Callable[[int], bool],
        limit: int,
        spoilers: bool | Callable[[int], bool] = False,
        order: Callable[[int], Any] | None = None,
        arrange: Callable[[list[int]], list[int]] | None = None,
    ) -> list[int]:
        """Ids of the best ``limit`` accepted films containing every term, best first.

        ``spoilers`` says whose plot and ending text may match: every film's (True), none
        (False), or those films for which it returns True; the others match by their title and
        spoiler-free text alone. ``order`` ranks films that match equally well (a key per film
        id, smallest first); without it they come in the order they were indexed. ``arrange``
        then orders each run of them again as a whole (a series' films as it runs).
        """
        if not terms:
            return []
        # Each term quoted: user text is never read as FTS5 query syntax.
        quoted = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        if spoilers is True:
            found = self._ranked(quoted, accept, limit)
        elif spoilers is False:
            found = self._ranked(quoted, accept, limit, OPENLY)
        else:
            reads = spoilers
            found = self._ranked(quoted, lambda f: accept(f) and reads(f), limit)
            found += self._ranked(quoted, lambda f: accept(f) and not reads(f), limit, OPENLY)

        def rank(match: tuple[float, int, int]) -> tuple[float, Any]:
            score, doc, film_id = match
            return tied(score), doc if order is None else order(film_id)

        ranked = sorted(found, key=rank)
        if arrange is None:
            return [film_id for _, _, film_id in ranked[:limit]]
        arranged: list[int] = []
        for _score, run in groupby(ranked, key=lambda match: tied(match[0])):
            arranged += arrange([film_id for _, _, film_id in run])
            if len(arranged) >= limit:
                break
        return arranged[:limit]

    def _ranked(
        self, query: str, accept: Callable[[int], bool], limit: int, table: str = EVERY_TEXT
    ) -> list[tuple[float, int, int]]:
        """The best ``limit`` accepted matches of ``query`` in ``table`` as (score, document,
        film id)."""
        # Most films are visible everywhere, so the best few accepted ones are almost always
        # among the best few matches: ranking with a limit keeps only those while sorting.
        # Should too many of them be hidden from this server, rank every match.
        cap = limit * OVERFETCH
        best, ranked = self._best(query, accept, limit, cap, table)
        # Too few accepted, or matches as good as the last one still coming at the cap.
        if ranked == cap:
            best, _ = self._best(query, accept, limit, None, table)
        return best

    def _best(
        self,
        query: str,
        accept: Callable[[int], bool],
        limit: int,
        cap: int | None,
        table: str = EVERY_TEXT,
    ) -> tuple[list[tuple[float, int, int]], int]:
        """The best ``limit`` accepted films among the best ``cap`` matches (all if None), as
        (score, document, film id), with any more that match as well as the last of them (the
        caller's ``order`` chooses among those), and how many matches were ranked."""
        # The row id settles ties, so a ranking with a limit agrees with a full one. Columns
        # past the title weigh 1 (bm25 ignores weights of columns a table lacks).
        sql = (
            f"SELECT bm25({table}, ?, 1.0, 1.0) AS score, rowid FROM {table}"
            f" WHERE {table} MATCH ? ORDER BY score, rowid"
        )
        arguments = (TITLE_WEIGHT, query)
        try:
            rows = self._db.execute(sql if cap is None else f"{sql} LIMIT {cap}", arguments)
        except sqlite3.OperationalError:
            # Only a word the tokeniser reads as no word at all can get here: it matches nothing.
            # Not the words: a member's search may be a spoiler, and the operator reads this.
            log.warning("a search query (%d characters) not understood by FTS5", len(query))
            return [], 0
        best: list[tuple[float, int, int]] = []
        ranked = 0
        for score, doc in rows:
            if len(best) >= limit and tied(score) != tied(best[-1][0]):
                break
            ranked += 1
            film_id = self._film_of_doc[doc]
            if film_id and accept(film_id):
                best.append((score, doc, film_id))
        return best, ranked

    def close(self) -> None:
        # Searches already handed to the worker finish first: the connection is theirs.
        self._worker.shutdown(wait=True)
        self._db.close()
